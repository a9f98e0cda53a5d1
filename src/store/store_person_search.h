/*
 * store_person_search: finding persons (X2) with the two stages of domain/match. Blocking: the
 * query's keys (match_blocking_keys) are looked up in person_keys, at most cap_per_key persons
 * per key, the broad keys only when the others found nobody. Scoring: each distinct candidate's
 * row in person_search is prepared and compared with the prepared query
 * (match_score_prepared), and the best are returned ranked by (outright identifier match,
 * weight). Merged-away records are not in the index, so they are never found. It reads only;
 * it audits nothing (the API audits each search as one event), so it runs on a read
 * connection as well as on the writer. The same function serves the API, duplicate checks on
 * create, and `frontdoor bench`.
 */
#ifndef FD_STORE_STORE_PERSON_SEARCH_H
#define FD_STORE_STORE_PERSON_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/match.h"
#include "store/store.h"

#define PERSON_SEARCH_CAP_PER_KEY 200 /* persons read per blocking key */
#define PERSON_SEARCH_LIMIT_MAX 100

struct person_search_hit {
    int64_t person_id;
    struct match_result result;
};

struct person_search_stats {
    size_t n_keys;       /* keys looked up */
    size_t n_candidates; /* distinct persons scored */
    bool broad;          /* the broad keys were needed */
};

/*
 * Searches for query: up to limit hits (at most PERSON_SEARCH_LIMIT_MAX) into hits[], best
 * first, leaving out candidates whose weight is below min_weight (use -1e9 for none); *n_hits
 * their count. stats may be NULL. A query with no field that makes a key finds nobody.
 */
enum err store_person_search(struct store_tx *tx, const struct match_person *query,
                             size_t cap_per_key, size_t limit, double min_weight,
                             struct person_search_hit *hits, size_t *n_hits,
                             struct person_search_stats *stats) MUST_CHECK;

/* The persons indexed under one blocking key (at most max, by id) — the bare indexed lookup
 * the benchmark compares a search with. */
enum err store_person_key_lookup(struct store_tx *tx, const char *key, int64_t *ids, size_t max,
                                 size_t *n_out) MUST_CHECK;

#endif
