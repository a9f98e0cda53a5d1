/*
 * metrics: fixed arrays indexed by route and by a short list of statuses, so there is nothing
 * to allocate or lock on the request path.
 */
#include "http/metrics.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "core/xalloc.h"
#include "http/routes.h"

static const unsigned statuses[] = {200, 201, 204, 301, 302, 304, 400, 401, 403,
                                    404, 405, 409, 413, 415, 429, 500, 503};
#define N_STATUS ((int)(sizeof(statuses) / sizeof(statuses[0])) + 1) /* + other */
static const int64_t buckets_us[] = {500, 1000, 2500, 5000, 10000, 25000, 50000, 100000,
                                     250000, 500000, 1000000};
#define N_BUCKETS ((int)(sizeof(buckets_us) / sizeof(buckets_us[0])) + 1) /* + Inf */

struct route_metrics {
    atomic_uint_fast64_t by_status[N_STATUS];
    atomic_uint_fast64_t bucket[N_BUCKETS];
    atomic_uint_fast64_t sum_us;
    atomic_uint_fast64_t count;
};

struct metrics {
    int n_routes;
    struct route_metrics *per_route; /* n_routes + 1: the last is "unmatched" */
};

struct metrics *metrics_new(int n_routes)
{
    struct metrics *m = xcalloc(1, sizeof(*m));
    m->n_routes = n_routes;
    m->per_route = xcalloc((size_t)n_routes + 1, sizeof(*m->per_route));
    return m;
}

void metrics_free(struct metrics *m)
{
    if (!m)
        return;
    free(m->per_route);
    free(m);
}

static int status_slot(unsigned status)
{
    for (int i = 0; i < N_STATUS - 1; i++)
        if (statuses[i] == status)
            return i;
    return N_STATUS - 1;
}

void metrics_observe(struct metrics *m, int route_index, unsigned status, int64_t duration_us)
{
    if (!m)
        return;
    struct route_metrics *r =
        &m->per_route[route_index >= 0 && route_index < m->n_routes ? route_index : m->n_routes];
    atomic_fetch_add(&r->by_status[status_slot(status)], 1);
    int b = 0;
    while (b < N_BUCKETS - 1 && duration_us > buckets_us[b])
        b++;
    atomic_fetch_add(&r->bucket[b], 1);
    atomic_fetch_add(&r->sum_us, (uint_fast64_t)(duration_us > 0 ? duration_us : 0));
    atomic_fetch_add(&r->count, 1);
}

static const char *route_label(struct metrics *m, int i, char *tmp, size_t len)
{
    if (i == m->n_routes)
        return "unmatched";
    snprintf(tmp, len, "%s %s", routes_table[i].method, routes_table[i].pattern);
    return tmp;
}

void metrics_render(struct metrics *m, const struct store_stats *db, struct buf *out)
{
    char label[160];
    buf_adds(out, "# HELP frontdoor_http_requests_total HTTP requests by route and status.\n"
                  "# TYPE frontdoor_http_requests_total counter\n");
    for (int i = 0; i <= m->n_routes; i++) {
        const char *route = route_label(m, i, label, sizeof(label));
        for (int s = 0; s < N_STATUS; s++) {
            uint64_t n = atomic_load(&m->per_route[i].by_status[s]);
            if (!n)
                continue;
            if (s < N_STATUS - 1)
                buf_addf(out, "frontdoor_http_requests_total{route=\"%s\",status=\"%u\"} %llu\n",
                         route, statuses[s], (unsigned long long)n);
            else
                buf_addf(out, "frontdoor_http_requests_total{route=\"%s\",status=\"other\"} %llu\n",
                         route, (unsigned long long)n);
        }
    }
    buf_adds(out, "# HELP frontdoor_http_request_duration_seconds Time from request to response.\n"
                  "# TYPE frontdoor_http_request_duration_seconds histogram\n");
    for (int i = 0; i <= m->n_routes; i++) {
        struct route_metrics *r = &m->per_route[i];
        uint64_t count = atomic_load(&r->count);
        if (!count)
            continue;
        const char *route = route_label(m, i, label, sizeof(label));
        uint64_t cum = 0;
        for (int b = 0; b < N_BUCKETS; b++) {
            cum += atomic_load(&r->bucket[b]);
            if (b < N_BUCKETS - 1)
                buf_addf(out,
                         "frontdoor_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"}"
                         " %llu\n",
                         route, (double)buckets_us[b] / 1e6, (unsigned long long)cum);
            else
                buf_addf(out,
                         "frontdoor_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"}"
                         " %llu\n",
                         route, (unsigned long long)cum);
        }
        buf_addf(out, "frontdoor_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", route,
                 (double)atomic_load(&r->sum_us) / 1e6);
        buf_addf(out, "frontdoor_http_request_duration_seconds_count{route=\"%s\"} %llu\n", route,
                 (unsigned long long)count);
    }
    buf_adds(out, "# HELP frontdoor_db_commit_duration_seconds Time of each durable commit.\n"
                  "# TYPE frontdoor_db_commit_duration_seconds histogram\n");
    uint64_t cum = 0;
    for (int b = 0; b <= STORE_COMMIT_BUCKETS; b++) {
        cum += db->commit_bucket[b];
        if (b < STORE_COMMIT_BUCKETS)
            buf_addf(out, "frontdoor_db_commit_duration_seconds_bucket{le=\"%g\"} %llu\n",
                     (double)store_commit_bucket_us[b] / 1e6, (unsigned long long)cum);
        else
            buf_addf(out, "frontdoor_db_commit_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
                     (unsigned long long)cum);
    }
    buf_addf(out, "frontdoor_db_commit_duration_seconds_sum %.6f\n",
             (double)db->commit_us_sum / 1e6);
    buf_addf(out, "frontdoor_db_commit_duration_seconds_count %llu\n",
             (unsigned long long)db->commits);
    buf_addf(out,
             "# HELP frontdoor_db_writes_total Pieces of work committed (several share a "
             "commit).\n# TYPE frontdoor_db_writes_total counter\nfrontdoor_db_writes_total %llu\n",
             (unsigned long long)db->intents);
}
