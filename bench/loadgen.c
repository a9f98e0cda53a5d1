/*
 * loadgen: a small HTTP/1.1 load client for the contact write path. It signs in once (or uses
 * a bearer token), then runs N connections, one thread each, that POST /api/contacts with a
 * realistic ~1 KB JSON body over keep-alive for S seconds or until a request count is reached,
 * and prints one line: contacts per second, p50 and p99 latency in milliseconds and errors.
 * It is not a general HTTP client: plain http only, no TLS, no redirects, no pipelining; it
 * reads just enough of each response (status, Content-Length, chunked bodies, Connection:
 * close) to stay in step on a kept-alive connection. It stands alone: it does not link against
 * frontdoor, so it measures the server from outside exactly as an integration would see it.
 */
#include <errno.h>
#include <math.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define LOADGEN_MAX_CLIENTS 1024
#define LOADGEN_IO_TIMEOUT_S 15
#define LOADGEN_MAX_RESPONSE (4 * 1024 * 1024)
#define LOADGEN_MAX_BODY_LEN 8192

struct options {
    char host[256];
    char port[16];
    int n_clients;
    double seconds;
    long n_requests; /* 0: run for seconds */
    const char *bearer;
    const char *username;
    const char *password;
    int quiet;
};

/* What every worker shares. The credentials are set before the workers start and then only
 * read; the counters are atomics. */
struct shared {
    const struct options *opt;
    const struct addrinfo *addr;
    char auth_headers[1024]; /* Cookie + X-CSRF-Token, or Authorization */
    double deadline;         /* monotonic seconds; 0 when counting requests */
    atomic_long requests_left;
    atomic_long n_done;
    atomic_long n_errors;
    atomic_int stop;
    atomic_int n_running;
    pthread_mutex_t first_error_lock;
    char first_error[512]; /* guarded by first_error_lock */
};

/* A growable byte buffer; the worker owns one for requests and one for responses. */
struct bytes {
    char *p;
    size_t len;
    size_t cap;
};

struct conn {
    int fd;
    struct bytes in; /* bytes read and not yet consumed */
};

struct response {
    int status;
    int close_after; /* server said Connection: close, or HTTP/1.0 without keep-alive */
    char *body;      /* points into a worker-owned buffer; valid until the next request */
    size_t body_len;
    char set_cookie_session[512];
};

struct worker {
    struct shared *sh;
    int id;
    pthread_t thread;
    uint64_t rng;
    uint32_t *latency_us; /* owned; one per successful request */
    size_t n_latency;
    size_t cap_latency;
    double finished_at; /* monotonic seconds when its last request completed */
};

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("loadgen: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        die("out of memory");
    return q;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void bytes_reserve(struct bytes *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->p = xrealloc(b->p, cap);
    b->cap = cap;
}

static void bytes_add(struct bytes *b, const char *s, size_t n)
{
    bytes_reserve(b, n);
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void bytes_addf(struct bytes *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void bytes_addf(struct bytes *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        die("could not format a request");
    bytes_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Appends s as the inside of a JSON string. */
static void bytes_add_json_text(struct bytes *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            char esc[2] = {'\\', (char)c};
            bytes_add(b, esc, 2);
        } else if (c < 0x20) {
            bytes_addf(b, "\\u%04x", c);
        } else {
            bytes_add(b, (const char *)&c, 1);
        }
    }
}

static void bytes_consume(struct bytes *b, size_t n)
{
    memmove(b->p, b->p + n, b->len - n);
    b->len -= n;
    if (b->p)
        b->p[b->len] = '\0';
}

static long parse_long(const char *s, const char *what, long min, long max)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end != '\0' || v < min || v > max)
        die("cannot use \"%s\" as %s (expected %ld..%ld)", s, what, min, max);
    return v;
}

static double parse_seconds(const char *s)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end != '\0' || !(v > 0.0) || v > 86400.0)
        die("cannot use \"%s\" as --seconds", s);
    return v;
}

static void parse_url(const char *url, struct options *opt)
{
    const char *prefix = "http://";
    if (strncmp(url, prefix, strlen(prefix)) != 0)
        die("cannot use url \"%s\": only http:// is supported", url);
    const char *host = url + strlen(prefix);
    size_t host_len = strcspn(host, ":/");
    if (host_len == 0 || host_len >= sizeof opt->host)
        die("cannot use url \"%s\": bad host", url);
    memcpy(opt->host, host, host_len);
    opt->host[host_len] = '\0';
    const char *rest = host + host_len;
    if (*rest == ':') {
        rest++;
        size_t port_len = strcspn(rest, "/");
        if (port_len == 0 || port_len >= sizeof opt->port)
            die("cannot use url \"%s\": bad port", url);
        memcpy(opt->port, rest, port_len);
        opt->port[port_len] = '\0';
        rest += port_len;
    } else {
        snprintf(opt->port, sizeof opt->port, "80");
    }
    if (*rest != '\0' && strcmp(rest, "/") != 0)
        die("cannot use url \"%s\": give the server root, not a path", url);
}

static void usage(FILE *f)
{
    fputs("usage: loadgen --url http://HOST:PORT [--clients N] [--seconds S | --requests N]\n"
          "               [--bearer TOKEN | --user NAME --password PW] [--quiet]\n"
          "Signs in (default user agent), then N connections POST /api/contacts with ~1 KB\n"
          "bodies over keep-alive. Prints one line of key=value results on stdout:\n"
          "contacts_per_s, p50_ms, p99_ms, errors (any response other than 201, or a broken\n"
          "connection). Defaults: --clients 1 --seconds 5.\n",
          f);
}

static void parse_options(int argc, char **argv, struct options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->n_clients = 1;
    opt->seconds = 5.0;
    opt->username = "agent";
    opt->password = "demo-password-2026";
    const char *url = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        }
        if (strcmp(a, "--quiet") == 0) {
            opt->quiet = 1;
            continue;
        }
        if (i + 1 >= argc)
            die("option %s needs a value (see --help)", a);
        const char *v = argv[++i];
        if (strcmp(a, "--url") == 0)
            url = v;
        else if (strcmp(a, "--clients") == 0)
            opt->n_clients = (int)parse_long(v, "--clients", 1, LOADGEN_MAX_CLIENTS);
        else if (strcmp(a, "--seconds") == 0)
            opt->seconds = parse_seconds(v);
        else if (strcmp(a, "--requests") == 0)
            opt->n_requests = parse_long(v, "--requests", 1, 1000000000L);
        else if (strcmp(a, "--bearer") == 0)
            opt->bearer = v;
        else if (strcmp(a, "--user") == 0)
            opt->username = v;
        else if (strcmp(a, "--password") == 0)
            opt->password = v;
        else
            die("unknown option %s (see --help)", a);
    }
    if (!url)
        die("--url is required (see --help)");
    parse_url(url, opt);
    if (opt->bearer && strpbrk(opt->bearer, "\r\n"))
        die("cannot use a bearer token containing a line break");
}

/* ---- connections ---- */

static int conn_open(struct conn *c, const struct addrinfo *ai)
{
    c->fd = -1;
    c->in.len = 0;
    for (; ai; ai = ai->ai_next) {
        int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0)
            continue;
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
            int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            struct timeval tv = {.tv_sec = LOADGEN_IO_TIMEOUT_S};
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
            c->fd = fd;
            return 0;
        }
        close(fd);
    }
    return -1;
}

static void conn_close(struct conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    c->in.len = 0;
}

static int conn_send(struct conn *c, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = send(c->fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Reads more bytes into c->in. Returns bytes read, 0 on orderly close, -1 on error. */
static ssize_t conn_fill(struct conn *c)
{
    if (c->in.len >= LOADGEN_MAX_RESPONSE)
        return -1;
    bytes_reserve(&c->in, 16384);
    for (;;) {
        ssize_t r = recv(c->fd, c->in.p + c->in.len, c->in.cap - c->in.len - 1, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r > 0) {
            c->in.len += (size_t)r;
            c->in.p[c->in.len] = '\0';
        }
        return r;
    }
}

/* Case-insensitive search for needle within [p, p+n). */
static const char *find_ci(const char *p, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (strncasecmp(p + i, needle, k) == 0)
            return p + i;
    return NULL;
}

/* Copies the value of the first header named name (case-insensitive) in the header block
 * [h, h+n) whose value starts with prefix ("" for any) into out; returns 1 if found. */
static int header_value(const char *h, size_t n, const char *name, const char *prefix, char *out,
                        size_t out_size)
{
    size_t name_len = strlen(name);
    const char *end = h + n;
    const char *line = memchr(h, '\n', n); /* skip the status line */
    while (line && line < end) {
        line++;
        const char *eol = memchr(line, '\n', (size_t)(end - line));
        if (!eol)
            eol = end;
        if ((size_t)(eol - line) > name_len && strncasecmp(line, name, name_len) == 0 &&
            line[name_len] == ':') {
            const char *v = line + name_len + 1;
            while (v < eol && (*v == ' ' || *v == '\t'))
                v++;
            const char *ve = eol;
            while (ve > v && (ve[-1] == '\r' || ve[-1] == ' ' || ve[-1] == '\t'))
                ve--;
            size_t prefix_len = strlen(prefix);
            if ((size_t)(ve - v) < prefix_len || strncmp(v, prefix, prefix_len) != 0) {
                line = eol;
                continue;
            }
            size_t len = (size_t)(ve - v);
            if (len >= out_size)
                len = out_size - 1;
            memcpy(out, v, len);
            out[len] = '\0';
            return 1;
        }
        line = eol;
    }
    return 0;
}

/* Decodes a chunked body in place from c->in starting at off. Returns the number of input
 * bytes the whole chunked body used (so the caller can consume them), 0 if more input is
 * needed, -1 if malformed. The decoded body is written to body. */
static long dechunk(const char *p, size_t n, struct bytes *body)
{
    size_t i = 0;
    body->len = 0;
    for (;;) {
        const char *eol = memchr(p + i, '\n', n - i);
        if (!eol)
            return 0;
        char *end = NULL;
        errno = 0;
        unsigned long size = strtoul(p + i, &end, 16);
        if (errno || end == p + i || size > LOADGEN_MAX_RESPONSE)
            return -1;
        i = (size_t)(eol - p) + 1;
        if (size == 0) {
            /* Trailers, then an empty line. */
            for (;;) {
                const char *tl = memchr(p + i, '\n', n - i);
                if (!tl)
                    return 0;
                size_t line_len = (size_t)(tl - (p + i));
                i = (size_t)(tl - p) + 1;
                if (line_len == 0 || (line_len == 1 && p[i - 2] == '\r'))
                    return (long)i;
            }
        }
        if (n - i < size + 2)
            return 0;
        bytes_add(body, p + i, size);
        i += size;
        if (p[i] == '\r')
            i++;
        if (i >= n)
            return 0;
        if (p[i] != '\n')
            return -1;
        i++;
    }
}

/* Reads one response from c into r. body_buf holds the body afterwards. Returns 0, or -1 if
 * the connection broke or the response could not be parsed (the connection must be closed). */
static int read_response(struct conn *c, struct response *r, struct bytes *body_buf,
                         int head_request)
{
    memset(r, 0, sizeof *r);
    const char *hdr_end;
    for (;;) {
        hdr_end = c->in.len ? strstr(c->in.p, "\r\n\r\n") : NULL;
        if (hdr_end)
            break;
        if (conn_fill(c) <= 0)
            return -1;
    }
    size_t hdr_len = (size_t)(hdr_end - c->in.p) + 4;
    const char *h = c->in.p;
    int minor = 1;
    if (sscanf(h, "HTTP/1.%d %d", &minor, &r->status) != 2)
        return -1;
    char v[512];
    r->close_after = minor == 0;
    if (header_value(h, hdr_len, "Connection", "", v, sizeof v)) {
        if (find_ci(v, strlen(v), "close"))
            r->close_after = 1;
        else if (find_ci(v, strlen(v), "keep-alive"))
            r->close_after = 0;
    }
    if (header_value(h, hdr_len, "Set-Cookie", "fd_session=", v, sizeof v)) {
        size_t len = strcspn(v + 11, ";");
        if (len >= sizeof r->set_cookie_session)
            len = sizeof r->set_cookie_session - 1;
        memcpy(r->set_cookie_session, v + 11, len);
        r->set_cookie_session[len] = '\0';
    }
    int chunked = header_value(h, hdr_len, "Transfer-Encoding", "", v, sizeof v) &&
                  find_ci(v, strlen(v), "chunked");
    long content_length = -1;
    if (header_value(h, hdr_len, "Content-Length", "", v, sizeof v)) {
        char *end = NULL;
        errno = 0;
        content_length = strtol(v, &end, 10);
        if (errno || end == v || content_length < 0 || content_length > LOADGEN_MAX_RESPONSE)
            return -1;
    }
    int no_body = head_request || r->status == 204 || r->status == 304 || r->status / 100 == 1;

    body_buf->len = 0;
    if (no_body) {
        bytes_consume(&c->in, hdr_len);
    } else if (chunked) {
        long used;
        for (;;) {
            used = dechunk(c->in.p + hdr_len, c->in.len - hdr_len, body_buf);
            if (used < 0)
                return -1;
            if (used > 0)
                break;
            if (conn_fill(c) <= 0)
                return -1;
        }
        bytes_consume(&c->in, hdr_len + (size_t)used);
    } else if (content_length >= 0) {
        while (c->in.len - hdr_len < (size_t)content_length)
            if (conn_fill(c) <= 0)
                return -1;
        body_buf->len = 0;
        bytes_add(body_buf, c->in.p + hdr_len, (size_t)content_length);
        bytes_consume(&c->in, hdr_len + (size_t)content_length);
    } else {
        /* No length: the body runs to the end of the connection. */
        ssize_t got;
        while ((got = conn_fill(c)) > 0)
            ;
        if (got < 0)
            return -1;
        bytes_add(body_buf, c->in.p + hdr_len, c->in.len - hdr_len);
        c->in.len = 0;
        r->close_after = 1;
    }
    bytes_reserve(body_buf, 0);
    body_buf->p[body_buf->len] = '\0';
    r->body = body_buf->p;
    r->body_len = body_buf->len;
    return 0;
}

/* ---- realistic request bodies (fictional people and situations) ---- */

static const char *const first_names[] = {
    "Amara",  "Bethan", "Callum", "Dafydd",   "Eilidh", "Farah",     "Gareth", "Hannah",    "Imran",
    "Jolene", "Kwame",  "Leila",  "Mohammed", "Niamh",  "Oluwaseun", "Priya",  "Rhys",      "Siân",
    "Tomasz", "Uzma",   "Victor", "Wiktoria", "Xavier", "Yusuf",     "Zoë",    "Agnieszka", "Chidi",
};
static const char *const surnames[] = {
    "Adeyemi",    "Begum",    "Campbell",  "Davies",  "Evans",    "Fitzgerald",
    "Gallagher",  "Hussain",  "Iqbal",     "Jones",   "Kowalski", "Lewis",
    "McAllister", "Nowak",    "O'Connor",  "Patel",   "Quinn",    "Roberts",
    "Singh",      "Thompson", "Underwood", "Vaughan", "Williams", "Yilmaz",
};
static const char *const callers[] = {
    "daughter",
    "son",
    "neighbour",
    "GP surgery receptionist",
    "district nurse",
    "school DSL",
    "housing officer",
    "hospital discharge team",
    "police officer",
    "the person themselves",
    "care agency coordinator",
    "friend",
};
static const char *const concerns[] = {
    "has had two falls at home in the past week and is struggling with the stairs",
    "is not eating properly and the fridge has been empty on the last three visits",
    "was discharged from hospital yesterday without a package of care in place",
    "has become more confused in the evenings and has left the gas on twice",
    "is caring for a partner with dementia and says they cannot cope any longer",
    "has mentioned that a relative takes money from their pension every week",
    "has arrears on rent and has received a notice seeking possession",
    "needs help with washing and dressing since a stroke in the spring",
    "has been seen with unexplained bruising on both arms",
    "is isolated since moving to the area and has asked about day opportunities",
};
static const char *const details[] = {
    "Lives alone in a ground floor flat; a key safe is fitted and the code is held by the family.",
    "Has capacity to make this decision and consents to the referral being made today.",
    "The caller does not want their name shared with the family at this stage.",
    "GP is aware and has asked for an occupational therapy assessment to be considered.",
    "No known risks to visiting staff; a small dog is kept in the kitchen during visits.",
    "Prefers contact by telephone in the mornings; hearing is poor on the left side.",
    "Speaks Polish as a first language and would like an interpreter for any assessment.",
    "Previous contact two years ago was closed with information and advice only.",
    "A neighbour has been doing the shopping but is going away for three weeks from Friday.",
    "Asked about charges for care and was told that written information would follow.",
    "There are no children in the household; grandchildren visit at weekends.",
    "Carer's assessment offered to the caller, who would like to think about it first.",
};
static const char *const channels[] = {"phone", "email", "letter", "web", "face_to_face"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static uint64_t rng_next(uint64_t *s)
{
    /* xorshift64* */
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1DULL;
}

static size_t rng_below(uint64_t *s, size_t n)
{
    return (size_t)(rng_next(s) % n);
}

/* Builds a contact body of about 1 KB into b (which is reset first). */
static void make_contact_body(struct bytes *b, uint64_t *rng)
{
    char caller_name[128];
    snprintf(caller_name, sizeof caller_name, "%s %s",
             first_names[rng_below(rng, COUNT(first_names))],
             surnames[rng_below(rng, COUNT(surnames))]);

    /* Received a few minutes to a few hours ago: never in the future. */
    time_t received = time(NULL) - 60 - (time_t)rng_below(rng, 6 * 3600);
    struct tm tm;
    gmtime_r(&received, &tm);
    char received_at[32];
    strftime(received_at, sizeof received_at, "%Y-%m-%dT%H:%M:%SZ", &tm);

    struct bytes summary = {0};
    bytes_addf(
        &summary, "Call from %s about %s %s, who %s. ", callers[rng_below(rng, COUNT(callers))],
        first_names[rng_below(rng, COUNT(first_names))], surnames[rng_below(rng, COUNT(surnames))],
        concerns[rng_below(rng, COUNT(concerns))]);
    while (summary.len < 880) {
        const char *d = details[rng_below(rng, COUNT(details))];
        bytes_add(&summary, d, strlen(d));
        bytes_add(&summary, " ", 1);
    }
    while (summary.len && summary.p[summary.len - 1] == ' ')
        summary.p[--summary.len] = '\0';

    b->len = 0;
    bytes_add(b, "{\"channel\":\"", 12);
    bytes_add_json_text(b, channels[rng_below(rng, COUNT(channels))]);
    bytes_add(b, "\",\"received_at\":\"", 17);
    bytes_add_json_text(b, received_at);
    bytes_add(b, "\",\"caller_name\":\"", 17);
    bytes_add_json_text(b, caller_name);
    bytes_add(b, "\",\"summary\":\"", 13);
    bytes_add_json_text(b, summary.p);
    bytes_add(b, "\"}", 2);
    free(summary.p);
}

static void build_request(struct bytes *req, const struct shared *sh, const char *method,
                          const char *path, const char *extra_headers, const struct bytes *body)
{
    req->len = 0;
    bytes_addf(req,
               "%s %s HTTP/1.1\r\nHost: %s:%s\r\nUser-Agent: frontdoor-loadgen\r\n"
               "Accept: application/json\r\n%s",
               method, path, sh->opt->host, sh->opt->port, extra_headers);
    if (body) {
        bytes_addf(req, "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n", body->len);
        bytes_add(req, body->p, body->len);
    } else {
        bytes_add(req, "\r\n", 2);
    }
}

/* ---- sign in ---- */

/* Copies the JSON string value of "key" found in body into out (no unescaping: tokens are
 * plain). Returns 1 if found. */
static int json_string_field(const char *body, const char *key, char *out, size_t out_size)
{
    char quoted[64];
    snprintf(quoted, sizeof quoted, "\"%s\"", key);
    const char *p = strstr(body, quoted);
    if (!p)
        return 0;
    p += strlen(quoted);
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    if (*p++ != ':')
        return 0;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    if (*p++ != '"')
        return 0;
    size_t len = strcspn(p, "\"\\");
    if (p[len] != '"' || len >= out_size)
        return 0;
    memcpy(out, p, len);
    out[len] = '\0';
    return 1;
}

static void sign_in(struct shared *sh)
{
    const struct options *opt = sh->opt;
    if (opt->bearer) {
        snprintf(sh->auth_headers, sizeof sh->auth_headers, "Authorization: Bearer %s\r\n",
                 opt->bearer);
        return;
    }
    struct bytes body = {0}, req = {0}, resp_body = {0};
    bytes_add(&body, "{\"username\":\"", 13);
    bytes_add_json_text(&body, opt->username);
    bytes_add(&body, "\",\"password\":\"", 14);
    bytes_add_json_text(&body, opt->password);
    bytes_add(&body, "\"}", 2);
    build_request(&req, sh, "POST", "/api/session", "", &body);

    struct conn c = {.fd = -1};
    struct response r;
    if (conn_open(&c, sh->addr) != 0)
        die("could not connect to %s:%s: %s", opt->host, opt->port, strerror(errno));
    if (conn_send(&c, req.p, req.len) != 0 || read_response(&c, &r, &resp_body, 0) != 0)
        die("could not sign in: the connection broke");
    if (r.status != 200)
        die("could not sign in as \"%s\": status %d: %.300s", opt->username, r.status, r.body);
    char csrf[256];
    if (!r.set_cookie_session[0])
        die("could not sign in: no fd_session cookie in the response");
    if (!json_string_field(r.body, "csrf_token", csrf, sizeof csrf))
        die("could not sign in: no csrf_token in the response body");
    int n = snprintf(sh->auth_headers, sizeof sh->auth_headers,
                     "Cookie: fd_session=%s\r\nX-CSRF-Token: %s\r\n", r.set_cookie_session, csrf);
    if (n < 0 || (size_t)n >= sizeof sh->auth_headers)
        die("cannot use a session this long");
    conn_close(&c);
    free(c.in.p);
    free(body.p);
    free(req.p);
    free(resp_body.p);
}

/* ---- workers ---- */

static void record_error(struct shared *sh, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void record_error(struct shared *sh, const char *fmt, ...)
{
    atomic_fetch_add(&sh->n_errors, 1);
    pthread_mutex_lock(&sh->first_error_lock);
    if (!sh->first_error[0]) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(sh->first_error, sizeof sh->first_error, fmt, ap);
        va_end(ap);
    }
    pthread_mutex_unlock(&sh->first_error_lock);
}

static int worker_should_continue(struct shared *sh)
{
    if (atomic_load(&sh->stop))
        return 0;
    if (sh->opt->n_requests > 0)
        return atomic_fetch_sub(&sh->requests_left, 1) > 0;
    return now_s() < sh->deadline;
}

static void worker_record(struct worker *w, uint32_t us)
{
    if (w->n_latency == w->cap_latency) {
        w->cap_latency = w->cap_latency ? w->cap_latency * 2 : 4096;
        w->latency_us = xrealloc(w->latency_us, w->cap_latency * sizeof *w->latency_us);
    }
    w->latency_us[w->n_latency++] = us;
}

static void *worker_run(void *arg)
{
    struct worker *w = arg;
    struct shared *sh = w->sh;
    struct conn c = {.fd = -1};
    struct bytes body = {0}, req = {0}, resp_body = {0};
    struct response r;

    while (worker_should_continue(sh)) {
        if (c.fd < 0 && conn_open(&c, sh->addr) != 0) {
            record_error(sh, "could not connect: %s", strerror(errno));
            usleep(10000);
            continue;
        }
        make_contact_body(&body, &w->rng);
        build_request(&req, sh, "POST", "/api/contacts", sh->auth_headers, &body);
        uint64_t t0 = now_us();
        errno = 0;
        if (conn_send(&c, req.p, req.len) != 0 || read_response(&c, &r, &resp_body, 0) != 0) {
            /* A broken connection counts as an error and is not retried (a POST is not
             * idempotent); the next request opens a fresh connection. */
            record_error(sh, "connection broke: %s", errno ? strerror(errno) : "closed");
            conn_close(&c);
            continue;
        }
        uint64_t t1 = now_us();
        if (r.status == 201) {
            atomic_fetch_add(&sh->n_done, 1);
            uint64_t us = t1 - t0;
            worker_record(w, us > UINT32_MAX ? UINT32_MAX : (uint32_t)us);
        } else {
            record_error(sh, "status %d: %.300s", r.status, r.body ? r.body : "");
        }
        if (r.close_after)
            conn_close(&c);
    }
    conn_close(&c);
    free(c.in.p);
    free(body.p);
    free(req.p);
    free(resp_body.p);
    w->finished_at = now_s();
    atomic_fetch_sub(&sh->n_running, 1);
    return NULL;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted values, in milliseconds. */
static double percentile_ms(const uint32_t *sorted, size_t n, double pct)
{
    if (n == 0)
        return 0.0;
    size_t rank = (size_t)ceil(pct / 100.0 * (double)n);
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return (double)sorted[rank - 1] / 1000.0;
}

static void on_signal(int sig)
{
    (void)sig;
}

int main(int argc, char **argv)
{
    struct options opt;
    parse_options(argc, argv, &opt);

    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    struct addrinfo *addr = NULL;
    int gai = getaddrinfo(opt.host, opt.port, &hints, &addr);
    if (gai != 0)
        die("could not resolve \"%s\": %s", opt.host, gai_strerror(gai));

    struct shared sh = {.opt = &opt, .addr = addr};
    pthread_mutex_init(&sh.first_error_lock, NULL);
    atomic_init(&sh.requests_left, opt.n_requests);
    atomic_init(&sh.n_done, 0);
    atomic_init(&sh.n_errors, 0);
    atomic_init(&sh.stop, 0);
    atomic_init(&sh.n_running, opt.n_clients);
    sign_in(&sh);

    /* Ctrl-C stops the run early and still prints what was measured. */
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    pthread_sigmask(SIG_BLOCK, &block, &old); /* workers inherit: only main sees SIGINT */

    struct worker *workers = calloc((size_t)opt.n_clients, sizeof *workers);
    if (!workers)
        die("out of memory");
    double start = now_s();
    sh.deadline = opt.n_requests > 0 ? 0.0 : start + opt.seconds;
    for (int i = 0; i < opt.n_clients; i++) {
        workers[i].sh = &sh;
        workers[i].id = i;
        workers[i].rng = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)(i + 1) * 0xD1B54A32D192ED03ULL) ^
                         (uint64_t)time(NULL);
        int err = pthread_create(&workers[i].thread, NULL, worker_run, &workers[i]);
        if (err)
            die("could not start client thread %d: %s", i, strerror(err));
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);

    /* Progress on a terminal only; the main thread otherwise just waits. */
    int show_progress = !opt.quiet && isatty(STDERR_FILENO);
    for (;;) {
        if (atomic_load(&sh.n_running) == 0)
            break;
        struct timespec ts = {.tv_sec = 0, .tv_nsec = 250 * 1000 * 1000};
        if (nanosleep(&ts, NULL) != 0 && errno == EINTR) {
            atomic_store(&sh.stop, 1);
            break;
        }
        if (show_progress)
            fprintf(stderr, "\rloadgen: %5.1f s  %8ld contacts  %6ld errors ", now_s() - start,
                    atomic_load(&sh.n_done), atomic_load(&sh.n_errors));
    }
    for (int i = 0; i < opt.n_clients; i++)
        pthread_join(workers[i].thread, NULL);
    /* Throughput over the time the clients ran, not the main thread's polling interval. */
    double finished = start;
    for (int i = 0; i < opt.n_clients; i++)
        if (workers[i].finished_at > finished)
            finished = workers[i].finished_at;
    double elapsed = finished - start;
    if (show_progress)
        fputs("\r\033[K", stderr);

    size_t n_total = 0;
    for (int i = 0; i < opt.n_clients; i++)
        n_total += workers[i].n_latency;
    uint32_t *all = xrealloc(NULL, n_total * sizeof *all);
    size_t k = 0;
    for (int i = 0; i < opt.n_clients; i++) {
        memcpy(all + k, workers[i].latency_us, workers[i].n_latency * sizeof *all);
        k += workers[i].n_latency;
        free(workers[i].latency_us);
    }
    qsort(all, n_total, sizeof *all, cmp_u32);

    long n_errors = atomic_load(&sh.n_errors);
    printf("clients=%d seconds=%.2f contacts=%zu contacts_per_s=%.0f p50_ms=%.2f p99_ms=%.2f "
           "max_ms=%.2f errors=%ld\n",
           opt.n_clients, elapsed, n_total, elapsed > 0 ? (double)n_total / elapsed : 0.0,
           percentile_ms(all, n_total, 50.0), percentile_ms(all, n_total, 99.0),
           n_total ? (double)all[n_total - 1] / 1000.0 : 0.0, n_errors);
    if (n_errors)
        fprintf(stderr, "loadgen: %ld errors; the first: %s\n", n_errors, sh.first_error);
    fflush(stdout);

    free(all);
    free(workers);
    freeaddrinfo(addr);
    pthread_mutex_destroy(&sh.first_error_lock);
    return n_errors > 0 && n_total == 0 ? 1 : 0;
}
