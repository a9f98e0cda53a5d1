/*
 * cmd_bench: `frontdoor bench KIND` — measurements of person matching through the real store
 * (issue 3, X2), printed as `name value` lines for scripts/run-bench.
 *
 *   bench match --originals A.csv --duplicates B.csv   quality on files in the FEBRL layout:
 *       loads A as persons through store_person_insert into a temporary database, searches for
 *       each row of B with all its fields through store_person_search (the function the API
 *       uses), and prints recall@1, recall@5 (the true record ranked first / in the first five;
 *       a tie is counted against us) and the search latency p50_ms, p99_ms.
 *   bench search --persons N   speed: N generated persons (cli/person_synth), then searches for
 *       blurred copies of some of them (typos, nicknames, missing or swapped dates), printing the
 *       search p50/p99 beside a bare indexed lookup (one blocking key) in the same run.
 *
 * It is not a test: it asserts nothing, it measures. The database is temporary unless --db
 * names one; an existing --db with persons already is reused as it is.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/person_synth.h"
#include "core/csv.h"
#include "core/timefmt.h"
#include "core/xalloc.h"
#include "domain/person.h"
#include "store/store_person.h"
#include "store/store_person_search.h"

#define CMD "bench"
#define FILE_MAX (256L * 1024 * 1024)
#define LOAD_BATCH 50000

static const char usage[] =
    "usage: frontdoor bench match --originals A.csv --duplicates B.csv [--cap N] [--db PATH]\n"
    "       frontdoor bench search [--persons N] [--queries N] [--seed N] [--db PATH]\n\n"
    "Measures person matching through the store and prints one `name value` per line.\n\n"
    "  match    loads the originals (FEBRL layout: rec_id, given_name, surname, street_number,\n"
    "           address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id) as\n"
    "           persons, searches for every duplicate (rec-N-dup-K matches rec-N-org) with all\n"
    "           its fields, and prints recall@1, recall@5, p50_ms and p99_ms\n"
    "  search   generates N persons (default 1000000) in households, then times searches for\n"
    "           --queries (default 2000) blurred copies of them beside a bare indexed lookup\n\n"
    "  --cap N      persons read per blocking key (default 200)\n"
    "  --db PATH    keep the database at PATH (reused when it already holds persons)\n"
    "  --seed N     the generator's seed (default 1)\n"
    "Progress goes to stderr when it is a terminal. See docs/persons.md.\n";

/* --- shared ---------------------------------------------------------------------------------- */

struct bench_db {
    char dir[256];
    char path[300];
    int temporary;
    struct store *store;
};

static int open_db(struct bench_db *b, const char *keep)
{
    memset(b, 0, sizeof(*b));
    if (keep && *keep) {
        snprintf(b->path, sizeof(b->path), "%s", keep);
    } else {
        const char *tmp = getenv("TMPDIR");
        snprintf(b->dir, sizeof(b->dir), "%s/frontdoor-bench-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(b->dir)) {
            fprintf(stderr, "frontdoor %s: could not make a temporary directory: %s\n", CMD,
                    strerror(errno));
            return EXIT_FAIL;
        }
        snprintf(b->path, sizeof(b->path), "%s/bench.db", b->dir);
        b->temporary = 1;
    }
    struct err_info info = {{0}, {0}};
    if (store_open(b->path, NULL, &b->store, &info)) {
        fprintf(stderr, "frontdoor %s: %s\n", CMD, info.message);
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

static void close_db(struct bench_db *b)
{
    store_close(b->store);
    b->store = NULL;
    if (b->temporary) {
        char p[320];
        unlink(b->path);
        snprintf(p, sizeof(p), "%s-wal", b->path);
        unlink(p);
        snprintf(p, sizeof(p), "%s-shm", b->path);
        unlink(p);
        rmdir(b->dir);
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The p-th percentile (0..100) of v[0..n), sorting v. */
static double percentile(double *v, size_t n, double p)
{
    if (!n)
        return 0;
    qsort(v, n, sizeof(*v), cmp_double);
    size_t i = (size_t)(p / 100.0 * (double)(n - 1) + 0.5);
    return v[i < n ? i : n - 1];
}

static void progress(const char *what, size_t done, size_t total, int64_t t0_us)
{
    if (!isatty(2))
        return;
    double s = (double)(timefmt_mono_us() - t0_us) / 1e6;
    fprintf(stderr, "\r%s: %zu/%zu (%.0f s)   ", what, done, total, s);
    if (done == total)
        fputc('\n', stderr);
}

static char *read_file(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "frontdoor %s: could not open '%s': %s\n", CMD, path, strerror(errno));
        return NULL;
    }
    struct buf b = BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if ((long)(b.len + n) > FILE_MAX) {
            fprintf(stderr, "frontdoor %s: '%s' is too large\n", CMD, path);
            fclose(f);
            buf_release(&b);
            return NULL;
        }
        buf_add(&b, chunk, n);
    }
    fclose(f);
    return buf_detach(&b, len_out);
}

struct search_call {
    const struct match_person *query;
    size_t cap;
    struct person_search_hit hits[PERSON_SEARCH_LIMIT_MAX];
    size_t n_hits;
    struct person_search_stats stats;
};

static enum err search_fn(struct store_tx *tx, void *arg)
{
    struct search_call *c = arg;
    return store_person_search(tx, c->query, c->cap, PERSON_SEARCH_LIMIT_MAX, -1e9, c->hits,
                               &c->n_hits, &c->stats);
}

/* Rank of person id among the hits: 1 + the number of others scoring at least as well; 0 when
 * it is not among them. */
static size_t rank_of(const struct search_call *c, int64_t id)
{
    const struct match_result *mine = NULL;
    for (size_t i = 0; i < c->n_hits; i++)
        if (c->hits[i].person_id == id)
            mine = &c->hits[i].result;
    if (!mine)
        return 0;
    size_t rank = 1;
    for (size_t i = 0; i < c->n_hits; i++) {
        const struct match_result *r = &c->hits[i].result;
        if (c->hits[i].person_id == id)
            continue;
        if (r->outright > mine->outright ||
            (r->outright == mine->outright && r->weight >= mine->weight))
            rank++;
    }
    return rank;
}

/* --- bench match ----------------------------------------------------------------------------- */

/* The FEBRL record number of "rec-1070-org" / "rec-1070-dup-0", or -1. */
static long rec_number(const char *id)
{
    if (strncmp(id, "rec-", 4) != 0)
        return -1;
    char *end;
    errno = 0;
    long n = strtol(id + 4, &end, 10);
    if (errno || end == id + 4 || *end != '-' || n < 0 || n > 100000000)
        return -1;
    return n;
}

/*
 * A FEBRL row as a person: given_name, surname; street_number + address_1 as the first address
 * line, address_2 as the second, suburb as the locality, postcode (a non-UK address: the files
 * are Australian), date_of_birth (YYYYMMDD), soc_sec_id as the local id. The state is not kept.
 * A value the person rules refuse is dropped, as a form would refuse it; *n_dropped counts them.
 */
static void febrl_person(const struct csv_reader *r, const struct csv_header *h,
                         const struct pdate *today, struct person *p, size_t *n_dropped)
{
    char v[256], num[64], a1[256];
    person_init(p);
    csv_get(r, h, "given_name", p->given, sizeof(p->given));
    csv_get(r, h, "surname", p->family, sizeof(p->family));
    csv_get(r, h, "street_number", num, sizeof(num));
    csv_get(r, h, "address_1", a1, sizeof(a1));
    struct person_address *a = &p->addresses[0];
    snprintf(a->line1, sizeof(a->line1), "%s%s%s", num, num[0] && a1[0] ? " " : "", a1);
    csv_get(r, h, "address_2", a->line2, sizeof(a->line2));
    csv_get(r, h, "suburb", a->locality, sizeof(a->locality));
    csv_get(r, h, "postcode", a->postcode, sizeof(a->postcode));
    snprintf(a->country, sizeof(a->country), "AU");
    p->n_addresses = a->line1[0] || a->line2[0] || a->locality[0] || a->postcode[0];
    csv_get(r, h, "date_of_birth", v, sizeof(v));
    if (strlen(v) == 8) {
        char text[16];
        snprintf(text, sizeof(text), "%.4s-%.2s-%.2s", v, v + 4, v + 6);
        struct err_info ignored;
        if (person_valid_date_parse(text, NULL, &p->dob, &ignored) != E_OK)
            memset(&p->dob, 0, sizeof(p->dob));
    }
    csv_get(r, h, "soc_sec_id", v, sizeof(v));
    snprintf(p->local_id, sizeof(p->local_id), "%.20s", v);
    for (int attempt = 0; attempt < 12; attempt++) {
        struct err_info info = {{0}, {0}};
        if (person_validate(p, today, &info) == E_OK)
            return;
        (*n_dropped)++;
        const char *f = info.field;
        if (!strcmp(f, "date_of_birth"))
            memset(&p->dob, 0, sizeof(p->dob));
        else if (!strcmp(f, "local_id"))
            p->local_id[0] = '\0';
        else if (!strcmp(f, "given_name"))
            p->given[0] = '\0';
        else if (!strcmp(f, "family_name"))
            p->family[0] = '\0';
        else if (!strncmp(f, "addresses[0].postcode", 21))
            a->postcode[0] = '\0';
        else if (!strncmp(f, "addresses[0]", 12))
            p->n_addresses = 0;
        else
            break;
        if (!p->given[0] && !p->family[0])
            snprintf(p->family, sizeof(p->family), "unknown");
    }
}

struct match_load {
    const char *data;
    size_t len;
    struct pdate today;
    long *ids; /* person id by FEBRL record number */
    size_t n_ids;
    size_t n_loaded, n_dropped;
    char error[256];
};

static enum err match_load_fn(struct store_tx *tx, void *arg)
{
    struct match_load *m = arg;
    struct csv_reader r;
    struct csv_header h = {0};
    struct err_info info = {{0}, {0}};
    csv_reader_init(&r, m->data, m->len);
    enum err rc = csv_header_read(&r, &h, &info);
    struct person *p = xmalloc(sizeof(*p));
    m->n_loaded = m->n_dropped = 0;
    while (!rc) {
        rc = csv_next(&r, &info);
        if (rc == E_NOTFOUND) {
            rc = E_OK;
            break;
        }
        if (rc)
            break;
        char id[64];
        long n = rec_number(csv_get(&r, &h, "rec_id", id, sizeof(id)));
        if (n < 0) {
            snprintf(m->error, sizeof(m->error), "row %zu: rec_id '%s' is not rec-N-org", r.row,
                     id);
            rc = E_INVALID;
            break;
        }
        febrl_person(&r, &h, &m->today, p, &m->n_dropped);
        rc = store_person_insert(tx, p, "bench");
        if (rc)
            break;
        if ((size_t)n >= m->n_ids) {
            size_t grow = (size_t)n * 2 + 16;
            m->ids = xrealloc(m->ids, grow * sizeof(*m->ids));
            memset(m->ids + m->n_ids, 0, (grow - m->n_ids) * sizeof(*m->ids));
            m->n_ids = grow;
        }
        m->ids[n] = (long)p->id;
        m->n_loaded++;
    }
    if (rc && !m->error[0])
        snprintf(m->error, sizeof(m->error), "%s", info.message[0] ? info.message : err_name(rc));
    free(p);
    csv_header_release(&h);
    csv_reader_release(&r);
    return rc;
}

static int bench_match(const char *originals, const char *duplicates, const char *cap_text,
                       const char *keep)
{
    if (!originals || !duplicates)
        return cli_usage_error(CMD, "bench match needs --originals and --duplicates");
    size_t cap = PERSON_SEARCH_CAP_PER_KEY;
    if (cap_text) {
        char *end;
        long v = strtol(cap_text, &end, 10);
        if (*end || v < 1 || v > 10000)
            return cli_usage_error(CMD, "--cap must be 1 to 10000");
        cap = (size_t)v;
    }
    size_t a_len, b_len;
    char *a = read_file(originals, &a_len);
    if (!a)
        return EXIT_FAIL;
    char *b = read_file(duplicates, &b_len);
    if (!b) {
        free(a);
        return EXIT_FAIL;
    }
    struct bench_db db;
    int status = open_db(&db, keep);
    if (status) {
        free(a);
        free(b);
        return status;
    }
    struct match_load load = {.data = a, .len = a_len};
    load.today = person_today(timefmt_now_ms());
    int64_t t0 = timefmt_mono_us();
    enum err rc = store_write(db.store, match_load_fn, &load);
    double load_s = (double)(timefmt_mono_us() - t0) / 1e6;
    if (rc) {
        fprintf(stderr, "frontdoor %s: could not load '%s': %s\n", CMD, originals, load.error);
        status = EXIT_FAIL;
        goto out;
    }

    struct csv_reader r;
    struct csv_header h = {0};
    struct err_info info = {{0}, {0}};
    csv_reader_init(&r, b, b_len);
    if (csv_header_read(&r, &h, &info) != E_OK) {
        fprintf(stderr, "frontdoor %s: '%s': %s\n", CMD, duplicates, info.message);
        csv_reader_release(&r);
        status = EXIT_FAIL;
        goto out;
    }
    size_t n_q = 0, at1 = 0, at5 = 0, n_cand = 0, n_dropped = 0, cap_ms = 1024;
    double *ms = xmalloc(cap_ms * sizeof(*ms));
    struct person *p = xmalloc(sizeof(*p));
    struct search_call *call = xmalloc(sizeof(*call));
    int64_t tq = timefmt_mono_us();
    for (;;) {
        enum err e = csv_next(&r, &info);
        if (e == E_NOTFOUND)
            break;
        if (e) {
            fprintf(stderr, "frontdoor %s: '%s': %s\n", CMD, duplicates, info.message);
            status = EXIT_FAIL;
            break;
        }
        char id[64];
        long n = rec_number(csv_get(&r, &h, "rec_id", id, sizeof(id)));
        long truth = n >= 0 && (size_t)n < load.n_ids ? load.ids[n] : 0;
        febrl_person(&r, &h, &load.today, p, &n_dropped);
        struct person_match_scratch scratch;
        struct match_person q;
        person_to_match(p, &scratch, &q);
        call->query = &q;
        call->cap = cap;
        int64_t s0 = timefmt_mono_us();
        e = store_read(db.store, search_fn, call);
        double took = (double)(timefmt_mono_us() - s0) / 1000.0;
        if (e) {
            fprintf(stderr, "frontdoor %s: search failed: %s\n", CMD, err_name(e));
            status = EXIT_FAIL;
            break;
        }
        if (n_q == cap_ms) {
            cap_ms *= 2;
            ms = xrealloc(ms, cap_ms * sizeof(*ms));
        }
        ms[n_q++] = took;
        n_cand += call->stats.n_candidates;
        size_t rank = truth ? rank_of(call, truth) : 0;
        at1 += rank == 1;
        at5 += rank >= 1 && rank <= 5;
        if (n_q % 250 == 0)
            progress("searching", n_q, n_q, tq);
    }
    csv_header_release(&h);
    csv_reader_release(&r);
    if (!status && n_q) {
        double mean_ms = 0;
        for (size_t i = 0; i < n_q; i++)
            mean_ms += ms[i];
        mean_ms /= (double)n_q;
        if (isatty(2))
            fputc('\n', stderr);
        printf("recall@1 %.4f\n", (double)at1 / (double)n_q);
        printf("recall@5 %.4f\n", (double)at5 / (double)n_q);
        printf("p50_ms %.3f\n", percentile(ms, n_q, 50));
        printf("p99_ms %.3f\n", percentile(ms, n_q, 99));
        printf("mean_ms %.3f\n", mean_ms);
        printf("persons %zu\n", load.n_loaded);
        printf("queries %zu\n", n_q);
        printf("candidates_mean %.1f\n", (double)n_cand / (double)n_q);
        printf("load_s %.2f\n", load_s);
        printf("values_refused %zu\n", load.n_dropped + n_dropped);
    }
    free(call);
    free(p);
    free(ms);
out:
    close_db(&db);
    free(load.ids);
    free(a);
    free(b);
    return status;
}

/* --- bench search ---------------------------------------------------------------------------- */

/* What is kept of a sampled person to search for it later. */
struct sample {
    int64_t id;
    struct person *p;
};

struct synth_load {
    struct person_synth *gen;
    struct store_person_bulk bulk;
    size_t n_batch;
    struct person *p;
    int64_t first_id, last_id;
};

static enum err synth_load_fn(struct store_tx *tx, void *arg)
{
    struct synth_load *l = arg;
    /* a retried batch must make the same persons: the caller restores the generator */
    l->bulk.n = 0;
    enum err rc = store_person_bulk_tune(tx);
    for (size_t i = 0; !rc && i < l->n_batch; i++) {
        person_synth_next(l->gen, l->p);
        struct err_info info = {{0}, {0}};
        if (person_validate(l->p, l->gen->today, &info) != E_OK) {
            fprintf(stderr, "frontdoor %s: generated an invalid person (%s: %s)\n", CMD, info.field,
                    info.message);
            return E_INVALID;
        }
        rc = store_person_insert_bulk(tx, l->p, "bench", &l->bulk);
        if (!l->first_id)
            l->first_id = l->p->id;
        l->last_id = l->p->id;
    }
    if (!rc)
        rc = store_person_bulk_flush(tx, &l->bulk);
    return rc;
}

struct count_call {
    int64_t n;
};

static enum err count_persons_fn(struct store_tx *tx, void *arg)
{
    struct count_call *c = arg;
    return store_person_count(tx, &c->n);
}

struct get_call {
    int64_t id;
    struct person *p;
};

static enum err get_fn(struct store_tx *tx, void *arg)
{
    struct get_call *g = arg;
    return store_person_get(tx, g->id, g->p);
}

struct lookup_call {
    const char *key;
    int64_t ids[8];
    size_t n;
};

static enum err lookup_fn(struct store_tx *tx, void *arg)
{
    struct lookup_call *l = arg;
    return store_person_key_lookup(tx, l->key, l->ids, 8, &l->n);
}

static int bench_search(const char *persons_text, const char *queries_text, const char *seed_text,
                        const char *cap_text, const char *keep)
{
    long n_persons = 1000000, n_queries = 2000, seed = 1, cap = PERSON_SEARCH_CAP_PER_KEY;
    struct {
        const char *text;
        long *out;
        long min, max;
        const char *name;
    } nums[] = {{persons_text, &n_persons, 100, 20000000, "--persons"},
                {queries_text, &n_queries, 1, 1000000, "--queries"},
                {seed_text, &seed, 1, 1000000000, "--seed"},
                {cap_text, &cap, 1, 10000, "--cap"}};
    for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
        if (!nums[i].text)
            continue;
        char *end;
        errno = 0;
        long v = strtol(nums[i].text, &end, 10);
        if (errno || *end || v < nums[i].min || v > nums[i].max)
            return cli_usage_error(CMD, "%s must be a whole number from %ld to %ld", nums[i].name,
                                   nums[i].min, nums[i].max);
        *nums[i].out = v;
    }
    struct bench_db db;
    int status = open_db(&db, keep);
    if (status)
        return status;
    struct pdate today = person_today(timefmt_now_ms());
    struct count_call have = {0};
    enum err rc = store_read(db.store, count_persons_fn, &have);
    double load_s = 0;
    if (!rc && have.n < n_persons) {
        if (have.n)
            fprintf(stderr,
                    "frontdoor %s: '%s' holds %lld persons, fewer than %ld: use another "
                    "--db\n",
                    CMD, db.path, (long long)have.n, n_persons);
        if (have.n) {
            close_db(&db);
            return EXIT_FAIL;
        }
        struct person_synth gen, saved;
        person_synth_init(&gen, (uint64_t)seed, &today);
        struct synth_load l = {.gen = &gen, .p = xmalloc(sizeof(struct person))};
        store_person_bulk_init(&l.bulk);
        int64_t t0 = timefmt_mono_us();
        for (long done = 0; !rc && done < n_persons;) {
            l.n_batch = (size_t)(n_persons - done < LOAD_BATCH ? n_persons - done : LOAD_BATCH);
            saved = gen;
            rc = store_write(db.store, synth_load_fn, &l);
            if (rc == E_BUSY) {
                gen = saved;
                rc = E_OK;
                continue;
            }
            done += (long)l.n_batch;
            progress("loading persons", (size_t)done, (size_t)n_persons, t0);
        }
        load_s = (double)(timefmt_mono_us() - t0) / 1e6;
        free(l.p);
        store_person_bulk_release(&l.bulk);
        have.n = n_persons;
    }
    if (rc) {
        fprintf(stderr, "frontdoor %s: could not load persons: %s\n", CMD, err_name(rc));
        close_db(&db);
        return EXIT_FAIL;
    }

    struct person_synth blur;
    person_synth_init(&blur, (uint64_t)seed * 7919 + 17, &today);
    double *search_ms = xmalloc((size_t)n_queries * sizeof(double));
    double *lookup_ms = xmalloc((size_t)n_queries * sizeof(double));
    struct person *target = xmalloc(sizeof(*target));
    struct person *query = xmalloc(sizeof(*query));
    struct search_call *call = xmalloc(sizeof(*call));
    size_t at1 = 0, at5 = 0, n_cand = 0, max_cand = 0;
    int64_t t0 = timefmt_mono_us();
    for (long i = 0; !rc && i < n_queries; i++) {
        struct get_call g = {.id = 1 + (int64_t)person_synth_below(&blur, (uint64_t)have.n),
                             .p = target};
        rc = store_read(db.store, get_fn, &g);
        if (rc)
            break;
        person_synth_blur(&blur, target, query);
        struct person_match_scratch scratch;
        struct match_person q;
        person_to_match(query, &scratch, &q);
        call->query = &q;
        call->cap = (size_t)cap;
        int64_t s0 = timefmt_mono_us();
        rc = store_read(db.store, search_fn, call);
        search_ms[i] = (double)(timefmt_mono_us() - s0) / 1000.0;
        if (rc)
            break;
        size_t rank = rank_of(call, g.id);
        at1 += rank == 1;
        at5 += rank >= 1 && rank <= 5;
        n_cand += call->stats.n_candidates;
        if (call->stats.n_candidates > max_cand)
            max_cand = call->stats.n_candidates;
        /* the bare lookup: one indexed read of the query's first blocking key */
        struct match_keys keys;
        match_blocking_keys(&q, &keys);
        struct lookup_call lk = {.key = keys.n ? keys.key[0] : "none"};
        s0 = timefmt_mono_us();
        rc = store_read(db.store, lookup_fn, &lk);
        lookup_ms[i] = (double)(timefmt_mono_us() - s0) / 1000.0;
        if ((i + 1) % 100 == 0 || i + 1 == n_queries)
            progress("searching", (size_t)i + 1, (size_t)n_queries, t0);
    }
    if (rc) {
        fprintf(stderr, "frontdoor %s: search failed: %s\n", CMD, err_name(rc));
        status = EXIT_FAIL;
    } else {
        printf("persons %lld\n", (long long)have.n);
        if (load_s > 0)
            printf("load_s %.1f\n", load_s);
        printf("queries %ld\n", n_queries);
        printf("search_p50_ms %.3f\n", percentile(search_ms, (size_t)n_queries, 50));
        printf("search_p99_ms %.3f\n", percentile(search_ms, (size_t)n_queries, 99));
        printf("lookup_p50_ms %.3f\n", percentile(lookup_ms, (size_t)n_queries, 50));
        printf("lookup_p99_ms %.3f\n", percentile(lookup_ms, (size_t)n_queries, 99));
        printf("candidates_mean %.1f\n", (double)n_cand / (double)n_queries);
        printf("candidates_max %zu\n", max_cand);
        printf("blurred_recall@1 %.4f\n", (double)at1 / (double)n_queries);
        printf("blurred_recall@5 %.4f\n", (double)at5 / (double)n_queries);
    }
    free(call);
    free(query);
    free(target);
    free(search_ms);
    free(lookup_ms);
    close_db(&db);
    return status;
}

int cmd_bench(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(CMD, "name the benchmark: match or search (see --help)");
    const char *what = argv[1];
    if (!strcmp(what, "--help") || !strcmp(what, "-h")) {
        fputs(usage, stdout);
        return EXIT_OK;
    }
    const char *originals = NULL, *duplicates = NULL, *cap = NULL, *db = NULL, *persons = NULL,
               *queries = NULL, *seed = NULL;
    const struct cli_opt opts[] = {{"originals", &originals, NULL},
                                   {"duplicates", &duplicates, NULL},
                                   {"cap", &cap, NULL},
                                   {"db", &db, NULL},
                                   {"persons", &persons, NULL},
                                   {"queries", &queries, NULL},
                                   {"seed", &seed, NULL},
                                   {NULL, NULL, NULL}};
    int rc = cli_parse(CMD, usage, argc, argv, 2, opts);
    if (rc < 0)
        return EXIT_OK;
    if (rc)
        return rc;
    if (!strcmp(what, "match")) {
        if (persons || queries || seed)
            return cli_usage_error(CMD, "--persons, --queries and --seed are for bench search");
        return bench_match(originals, duplicates, cap, db);
    }
    if (!strcmp(what, "search")) {
        if (originals || duplicates)
            return cli_usage_error(CMD, "--originals and --duplicates are for bench match");
        return bench_search(persons, queries, seed, cap, db);
    }
    return cli_usage_error(CMD, "no benchmark called '%s': use match or search", what);
}
