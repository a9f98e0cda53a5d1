/*
 * smtp: one message, composed here and sent with libcurl's SMTP support. Header values that
 * come from data (addresses, the subject) are checked or encoded so that no CR or LF can add a
 * header; libcurl does the SMTP dialogue, the dot-stuffing of the body and TLS.
 */
#include "core/smtp.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

bool smtp_address_ok(const char *s)
{
    if (!s)
        return false;
    size_t n = strlen(s), at = 0;
    if (n < 3 || n > 254)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == ',' || c == '"' || c == '(' ||
            c == ')' || c == ';' || c == '\\')
            return false;
        if (c == '@')
            at++;
    }
    const char *a = strchr(s, '@');
    return at == 1 && a != s && a[1] != '\0';
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void add_base64(struct buf *out, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)p[i + 1] << 8;
        if (i + 2 < n)
            v |= p[i + 2];
        buf_addc(out, b64[(v >> 18) & 63]);
        buf_addc(out, b64[(v >> 12) & 63]);
        buf_addc(out, i + 1 < n ? b64[(v >> 6) & 63] : '=');
        buf_addc(out, i + 2 < n ? b64[v & 63] : '=');
    }
}

/* The subject, as is when it is printable ASCII, else as RFC 2047 encoded words of at most 45
 * bytes each (cut between UTF-8 characters), folded onto continuation lines. Control
 * characters, CR and LF included, become spaces. */
static void add_subject(struct buf *out, const char *subject)
{
    size_t n = strlen(subject);
    bool plain = true;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)subject[i] >= 0x7f)
            plain = false;
    if (plain) {
        for (size_t i = 0; i < n; i++)
            buf_addc(out, (unsigned char)subject[i] < ' ' ? ' ' : subject[i]);
        return;
    }
    unsigned char chunk[48];
    size_t i = 0;
    bool first = true;
    while (i < n) {
        size_t len = n - i > 45 ? 45 : n - i;
        while (len > 0 && i + len < n && ((unsigned char)subject[i + len] & 0xC0) == 0x80)
            len--; /* do not split a character */
        if (len == 0)
            len = n - i > 45 ? 45 : n - i;
        for (size_t j = 0; j < len; j++) {
            unsigned char c = (unsigned char)subject[i + j];
            chunk[j] = c < ' ' ? ' ' : c;
        }
        buf_adds(out, first ? "=?UTF-8?B?" : "\r\n =?UTF-8?B?");
        add_base64(out, chunk, len);
        buf_adds(out, "?=");
        first = false;
        i += len;
    }
}

static bool id_ok(const char *s)
{
    if (!s || !*s || strlen(s) > 100)
        return false;
    for (; *s; s++) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == '_'))
            return false;
    }
    return true;
}

enum err smtp_compose(struct buf *out, const char *from, const char *to, const char *subject,
                      const char *body, const char *message_id, int64_t at_ms)
{
    if (!smtp_address_ok(from) || !smtp_address_ok(to) || !id_ok(message_id))
        return E_INVALID;
    static const char *const days[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t t = (time_t)(at_ms / 1000);
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return E_INVALID;
    buf_addf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday % 7],
             tm.tm_mday, months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
             tm.tm_sec);
    buf_addf(out, "From: frontdoor <%s>\r\nTo: <%s>\r\nSubject: ", from, to);
    add_subject(out, subject ? subject : "");
    buf_addf(out, "\r\nMessage-ID: <%s@frontdoor>\r\n", message_id);
    buf_adds(out, "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                  "Content-Transfer-Encoding: 8bit\r\nAuto-Submitted: auto-generated\r\n\r\n");
    for (const char *p = body ? body : ""; *p; p++) {
        if (*p == '\r')
            continue;
        if (*p == '\n')
            buf_adds(out, "\r\n");
        else
            buf_addc(out, *p);
    }
    if (out->len < 2 || out->data[out->len - 1] != '\n')
        buf_adds(out, "\r\n");
    return E_OK;
}

struct upload {
    const char *data;
    size_t len, pos;
};

static size_t read_cb(char *dst, size_t size, size_t nitems, void *arg)
{
    struct upload *u = arg;
    size_t room = size * nitems, left = u->len - u->pos;
    size_t n = left < room ? left : room;
    memcpy(dst, u->data + u->pos, n);
    u->pos += n;
    return n;
}

enum err smtp_global_init(void)
{
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? E_OK : E_IO;
}

enum err smtp_send(const struct smtp_config *c, const char *to, const char *message, size_t len,
                   char *error, size_t error_len)
{
    if (error_len)
        error[0] = '\0';
    if (!c->url || (strncmp(c->url, "smtp://", 7) != 0 && strncmp(c->url, "smtps://", 8) != 0)) {
        snprintf(error, error_len, "the relay must be an smtp:// or smtps:// URL");
        return E_INVALID;
    }
    if (!smtp_address_ok(c->from) || !smtp_address_ok(to)) {
        snprintf(error, error_len, "cannot send from or to that address");
        return E_INVALID;
    }
    CURL *curl = curl_easy_init();
    if (!curl) {
        snprintf(error, error_len, "could not start libcurl");
        return E_IO;
    }
    char from[260], rcpt[260];
    snprintf(from, sizeof(from), "<%s>", c->from);
    snprintf(rcpt, sizeof(rcpt), "<%s>", to);
    struct curl_slist *rcpts = curl_slist_append(NULL, rcpt);
    struct upload u = {message, len, 0};
    char curl_error[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(curl, CURLOPT_URL, c->url);
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpts);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(curl, CURLOPT_READDATA, &u);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_error);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, c->timeout_ms > 0 ? c->timeout_ms : 30000L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
    if (c->starttls)
        curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    if (c->user && *c->user) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, c->user);
        curl_easy_setopt(curl, CURLOPT_PASSWORD, c->password ? c->password : "");
    }
    CURLcode res = curl_easy_perform(curl);
    long reply = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
    curl_slist_free_all(rcpts);
    curl_easy_cleanup(curl);
    if (res == CURLE_OK)
        return E_OK;
    if (reply)
        snprintf(error, error_len, "%s (relay replied %ld)",
                 curl_error[0] ? curl_error : curl_easy_strerror(res), reply);
    else
        snprintf(error, error_len, "%s", curl_error[0] ? curl_error : curl_easy_strerror(res));
    return E_IO;
}
