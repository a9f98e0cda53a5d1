/*
 * store_outcome: the outcome code set (configuration, seeded by migration 5) and the outcome
 * recorded on each contact (evidence: one per contact, never changed). Recording an outcome
 * checks domain/outcome's rules against the contact and its decisions, takes the contact off
 * the work queues and is audited, all in the caller's transaction.
 */
#ifndef FD_STORE_STORE_OUTCOME_H
#define FD_STORE_STORE_OUTCOME_H

#include <stdint.h>

#include "core/err.h"
#include "domain/outcome.h"
#include "store/store.h"

typedef void (*store_outcome_code_fn)(const struct outcome_code *oc, void *arg);
/* Every code, in display order (inactive ones too: oc->active says). Strings borrowed until
 * the callback returns. */
enum err store_outcome_codes(struct store_tx *tx, store_outcome_code_fn fn, void *arg) MUST_CHECK;

/*
 * Records o on contact o->contact_id (writer only): E_NOTFOUND when there is no such contact;
 * E_CONFLICT when it already has an outcome; E_INVALID naming "code" for an unknown code or
 * "signposted_team_id" for an unknown team; then outcome_check. Sets o->id, decided_at,
 * decided_by. Takes the contact off the queues. Audited as contact.outcome with the code.
 */
enum err store_outcome_record(struct store_tx *tx, struct outcome *o,
                              struct err_info *info) MUST_CHECK;

typedef void (*store_outcome_fn)(const struct outcome *o, void *arg);
/* The outcome of contact_id, when it has one: fn is called at most once. Not audited. */
enum err store_outcome_get(struct store_tx *tx, int64_t contact_id, store_outcome_fn fn,
                           void *arg) MUST_CHECK;

#endif
