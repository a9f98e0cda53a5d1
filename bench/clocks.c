/*
 * clocks: the deadline scheduler's cost at scale (issue 5: "1,000,000 open clocks checked for
 * breach within one second"). It opens a temporary frontdoor database through the store API,
 * starts N open clocks (default 1,000,000) with store_clock_start, the hook features call, on a
 * 24-hour policy with a one-step chain (the owner is told), their deadlines one second apart,
 * and then measures, for several instants T:
 *   - baseline: a bare indexed range count, SELECT COUNT(*) ... WHERE next_at <= T, on its own
 *     SQLite connection (the least any "what is due" can cost);
 *   - scan: the same count forced to read every clock (NOT INDEXED), to show what the index saves;
 *   - frontdoor: "find all due before T and mark breached": store_clock_tick through the writer
 *     until nothing is due, each breach with its history row, its in-app message and its audit
 *     event, committed durably (WAL, synchronous=FULL), exactly as the scheduler does it;
 *   - an idle check (nothing due) through the writer.
 * It links the server's code (build/libfrontdoor.a) and prints one table and one line of
 * key=value pairs. It is not a test: it asserts only that every due clock was breached.
 *
 * usage: clocks [--clocks N] [--dir DIR] [--keep]
 */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/timefmt.h"
#include "domain/deadline.h"
#include "store/store.h"
#include "store/store_clock.h"
#include "store/store_sla.h"
#include "store/store_user.h"

enum { START_BATCH = 20000 };

struct run {
    struct store *s;
    const char *path;
    long n;
    int64_t base; /* started_at of clock 0 */
    int64_t owner;
    long next_entity; /* the next clock to start */
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static enum err setup_apply(struct store_tx *tx, void *arg)
{
    struct run *r = arg;
    struct user u;
    memset(&u, 0, sizeof(u));
    snprintf(u.username, sizeof(u.username), "bench");
    snprintf(u.name, sizeof(u.name), "Bench Owner");
    u.role = ROLE_PRACTITIONER;
    snprintf(u.password_hash, sizeof(u.password_hash), "not-a-real-hash");
    enum err rc = store_user_insert(tx, &u);
    if (rc)
        return rc;
    r->owner = u.id;
    store_tx_set_actor(tx, u.id, "bench");
    struct deadline_policy p;
    memset(&p, 0, sizeof(p));
    snprintf(p.code, sizeof(p.code), "bench_24h");
    snprintf(p.name, sizeof(p.name), "Bench: 24 hours");
    snprintf(p.start_event, sizeof(p.start_event), "bench.started");
    snprintf(p.stop_event, sizeof(p.stop_event), "bench.done");
    p.unit = DEADLINE_HOURS;
    p.warn_unit = DEADLINE_HOURS;
    p.target = 24;
    p.active = true;
    p.chain.n_steps = 1;
    p.chain.steps[0].tell = ESCALATION_OWNER;
    return store_sla_insert(tx, &p, store_tx_now(tx), "benchmark");
}

static enum err start_apply(struct store_tx *tx, void *arg)
{
    struct run *r = arg;
    store_tx_set_actor(tx, r->owner, "bench");
    long end = r->next_entity + START_BATCH;
    if (end > r->n)
        end = r->n;
    for (long i = r->next_entity; i < end; i++) {
        int64_t id;
        enum err rc = store_clock_start(tx, "bench_24h", "contact", i + 1, r->owner, 0,
                                        r->base + (int64_t)i * 1000, &id);
        if (rc)
            return rc;
    }
    return E_OK;
}

static long count_due(sqlite3 *db, int64_t t, int scan, double *secs)
{
    static const char indexed[] = "SELECT COUNT(*) FROM clocks WHERE next_at <= ?";
    static const char full[] = "SELECT COUNT(*) FROM clocks NOT INDEXED WHERE next_at <= ?";
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, scan ? full : indexed, -1, &st, NULL) != SQLITE_OK)
        return -1;
    double t0 = now_s();
    sqlite3_bind_int64(st, 1, t);
    long n = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : -1;
    *secs = now_s() - t0;
    sqlite3_finalize(st);
    return n;
}

struct tick_arg {
    int64_t now;
    struct store_clock_tick t;
};

static enum err tick_apply(struct store_tx *tx, void *arg)
{
    struct tick_arg *a = arg;
    return store_clock_tick(tx, a->now, 1024, &a->t);
}

/* Ticks at t until nothing is due; returns the clocks breached. */
static long breach_until_done(struct run *r, int64_t t, int *n_tx)
{
    long breached = 0;
    *n_tx = 0;
    for (;;) {
        struct tick_arg a = {.now = t};
        if (store_write(r->s, tick_apply, &a)) {
            fprintf(stderr, "clocks: a tick failed\n");
            exit(1);
        }
        (*n_tx)++;
        breached += a.t.n_breached;
        if (!a.t.more)
            break;
    }
    return breached;
}

static void usage(void)
{
    fprintf(stderr, "usage: clocks [--clocks N] [--dir DIR] [--keep]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    long n = 1000000;
    const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    int keep = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--clocks") == 0 && i + 1 < argc) {
            char *end = NULL;
            errno = 0;
            n = strtol(argv[++i], &end, 10);
            if (errno || *end || n < 1000 || n > 100000000)
                usage();
        } else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else if (strcmp(argv[i], "--keep") == 0) {
            keep = 1;
        } else {
            usage();
        }
    }
    char path[512];
    snprintf(path, sizeof(path), "%s/frontdoor-clocks-%d.db", dir, (int)getpid());
    struct run r = {.path = path, .n = n};
    struct err_info info;
    if (store_open(path, NULL, &r.s, &info)) {
        fprintf(stderr, "clocks: %s\n", info.message);
        return 1;
    }
    if (store_write(r.s, setup_apply, &r)) {
        fprintf(stderr, "clocks: could not set up the policy\n");
        return 1;
    }
    /* deadlines fall one second apart, from 24 hours after base */
    r.base = timefmt_now_ms() - 24 * 3600000LL;
    int64_t first_due = r.base + 24 * 3600000LL;
    double t0 = now_s();
    while (r.next_entity < r.n) {
        if (store_write(r.s, start_apply, &r)) {
            fprintf(stderr, "clocks: could not start clocks\n");
            return 1;
        }
        r.next_entity += START_BATCH;
    }
    double start_s = now_s() - t0;
    printf("clocks: %ld open clocks started through store_clock_start in %.1f s (%.0f/s)\n", n,
           start_s, (double)n / start_s);

    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "clocks: could not open %s\n", path);
        return 1;
    }
    printf("%-10s %12s %14s %14s %16s %10s %10s\n", "due", "open", "baseline ms", "scan ms",
           "find+breach ms", "commits", "vs base");
    long due_counts[] = {0, 1000, 10000, 100000};
    int64_t t = first_due - 1000; /* nothing due yet */
    long so_far = 0;
    char line[1024] = "";
    size_t used = 0;
    for (size_t k = 0; k < sizeof(due_counts) / sizeof(due_counts[0]); k++) {
        if (so_far + due_counts[k] > n)
            break;
        so_far += due_counts[k];
        t = first_due + (int64_t)(so_far - 1) * 1000; /* clocks 0 .. so_far-1 are due */
        if (due_counts[k] == 0)
            t = first_due - 1000;
        double base_s, scan_s;
        long want = count_due(db, t, 0, &base_s);
        long scanned = count_due(db, t, 1, &scan_s);
        if (want != due_counts[k] || scanned != want) {
            fprintf(stderr, "clocks: expected %ld due, the index says %ld, the scan %ld\n",
                    due_counts[k], want, scanned);
            return 1;
        }
        int n_tx = 0;
        double b0 = now_s();
        long breached = breach_until_done(&r, t, &n_tx);
        double breach_s = now_s() - b0;
        if (breached != want) {
            fprintf(stderr, "clocks: %ld were due but %ld were breached\n", want, breached);
            return 1;
        }
        printf("%-10ld %12ld %14.3f %14.1f %16.1f %10d %10.0fx\n", want, n - (so_far - want),
               base_s * 1e3, scan_s * 1e3, breach_s * 1e3, n_tx,
               base_s > 0 ? breach_s / base_s : 0.0);
        int w =
            snprintf(line + used, sizeof(line) - used,
                     "%sdue%ld_base_ms=%.3f due%ld_scan_ms=%.1f due%ld_breach_ms=%.1f",
                     used ? " " : "", want, base_s * 1e3, want, scan_s * 1e3, want, breach_s * 1e3);
        if (w > 0 && (size_t)w < sizeof(line) - used)
            used += (size_t)w;
    }
    printf("(baseline: a bare indexed COUNT of next_at <= T on its own connection; scan: the same"
           " count NOT INDEXED;\n find+breach: store_clock_tick through the writer until nothing"
           " is due, each breach with its\n history, in-app message and audit event, committed"
           " with synchronous=FULL)\n");
    printf("clocks=%ld start_s=%.1f starts_per_s=%.0f %s\n", n, start_s, (double)n / start_s, line);
    sqlite3_close(db);
    store_close(r.s);
    if (!keep) {
        char p[600];
        unlink(path);
        snprintf(p, sizeof(p), "%s-wal", path);
        unlink(p);
        snprintf(p, sizeof(p), "%s-shm", path);
        unlink(p);
    } else {
        fprintf(stderr, "clocks: kept %s\n", path);
    }
    return 0;
}
