/*
 * store_decision: decisions on contacts in the database (domain/decision) — making one with
 * every rule checked against the contact, the decider as the directory knows them and the
 * decisions already made; listing them; authorising one afterwards (its own row, so the
 * decision itself never changes). A decision that moves the contact (route, transfer) moves it
 * between work queues; a safeguarding concern decided raises a concern with its alerts. All in
 * the caller's transaction, each write audited.
 */
#ifndef FD_STORE_STORE_DECISION_H
#define FD_STORE_STORE_DECISION_H

#include <stdint.h>

#include "core/err.h"
#include "domain/decision.h"
#include "store/store.h"

/* The facts about user_id (signed in with role) that decide what they may decide, from their
 * linked worker in the directory at the transaction's time. */
enum err store_decision_decider(struct store_tx *tx, int64_t user_id, enum role role,
                                struct decider *out) MUST_CHECK;
/* The decisions on contact_id folded oldest first into *out. */
enum err store_decision_state(struct store_tx *tx, int64_t contact_id,
                              struct decision_state *out) MUST_CHECK;
/*
 * Makes decision d on contact d->contact_id by who (writer only): E_NOTFOUND when there is no
 * such contact; E_CONFLICT when it is closed; then decision_validate (against the contact's
 * service), the team exists, decision_may_decide (E_DENIED) and decision_transfer_gate, each
 * naming what is wrong in info. When the transfer gate refuses an adult's transfer to
 * assessment, every Care Act check still missing also goes to gates (when not NULL), so the
 * worker is told them all at once. Sets d->id, decided_at and decided_by. Audited as
 * contact.decide with the kind and value.
 */
enum err store_decision_make(struct store_tx *tx, struct decision *d, const struct decider *who,
                             struct err_info *info, struct err_list *gates) MUST_CHECK;

/* Called with a decision whose strings are borrowed until the callback returns. */
typedef void (*store_decision_fn)(const struct decision *d, void *arg);
/* The decisions on contact_id, oldest first. Audited as contact.read_decisions. E_NOTFOUND
 * when there is no such contact. */
enum err store_decision_list(struct store_tx *tx, int64_t contact_id, store_decision_fn fn,
                             void *arg) MUST_CHECK;
/* Decision id. Not audited. E_NOTFOUND when none. */
enum err store_decision_get(struct store_tx *tx, int64_t id, store_decision_fn fn,
                            void *arg) MUST_CHECK;
/* Authorises decision id by who with note (may be "") (writer only): decision_may_authorise.
 * Audited as contact.authorise_decision. */
enum err store_decision_authorise(struct store_tx *tx, int64_t id, const struct decider *who,
                                  const char *note, struct err_info *info) MUST_CHECK;

#endif
