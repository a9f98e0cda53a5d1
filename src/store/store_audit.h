/*
 * store_audit: appending to, listing and verifying the hash-chained audit log. Appends happen
 * only on the writer, inside the transaction of the work they record, using the actor set on
 * the transaction (store_tx_set_actor).
 */
#ifndef FD_STORE_STORE_AUDIT_H
#define FD_STORE_STORE_AUDIT_H

#include <stdint.h>

#include "core/err.h"
#include "domain/audit.h"
#include "store/store.h"

/* Appends an event for the transaction's actor. reason may be NULL. */
enum err store_audit_append(struct store_tx *tx, const char *action, const char *entity,
                            int64_t entity_id, const char *reason) MUST_CHECK;

/* An event as listed: strings borrowed until the callback returns. */
typedef void (*store_audit_fn)(const struct audit_event *e, const char *username, void *arg);
/* Events about one entity (entity_id 0: every one of that type), newest first, at most limit. */
enum err store_audit_list(struct store_tx *tx, const char *entity, int64_t entity_id, int limit,
                          store_audit_fn fn, void *arg) MUST_CHECK;

struct audit_verdict {
    int64_t n_events;
    int64_t first_bad_seq; /* 0 when the chain is intact */
    char problem[128];     /* what is wrong with first_bad_seq */
};
/* Walks the whole chain in order, checking sequence, links and hashes. */
enum err store_audit_verify(struct store_tx *tx, struct audit_verdict *out) MUST_CHECK;

/* An event of the chain recorded outside the database (printed, mailed, kept by another
 * system): the chain's head at some moment. A chain that still holds it unchanged has lost
 * nothing up to then — which the chain alone cannot show for its newest events. */
struct audit_anchor {
    int64_t seq;
    char hash[AUDIT_HASH_HEX];
};
/* The newest event as an anchor; seq 0 (and the genesis hash) when the chain is empty. */
enum err store_audit_head(struct store_tx *tx, struct audit_anchor *out) MUST_CHECK;
/* store_audit_verify, and also that the chain still holds anchor's event with its hash: when it
 * does not, the verdict names anchor->seq (events cut off the end, or rewritten). */
enum err store_audit_verify_anchor(struct store_tx *tx, const struct audit_anchor *anchor,
                                   struct audit_verdict *out) MUST_CHECK;

#endif
