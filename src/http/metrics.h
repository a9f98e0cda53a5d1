/*
 * metrics: counters for /metrics in the Prometheus text format — requests by route and status,
 * request latency histograms, and the store's commit times. Lock-free atomics: recording a
 * request costs a few atomic adds.
 */
#ifndef FD_HTTP_METRICS_H
#define FD_HTTP_METRICS_H

#include <stdint.h>

#include "core/buf.h"
#include "store/store.h"

struct metrics;

struct metrics *metrics_new(int n_routes); /* caller frees with metrics_free */
void metrics_free(struct metrics *m);
/* Records one request; route_index -1 for unmatched paths. */
void metrics_observe(struct metrics *m, int route_index, unsigned status, int64_t duration_us);
/* Appends the exposition text. */
void metrics_render(struct metrics *m, const struct store_stats *db, struct buf *out);

#endif
