/*
 * store_contact: contacts in the database — creating one (its yearly human reference, version
 * 1 with the persons it is about, its place in a work queue), amending one (a new version with
 * who, when and why: nothing is overwritten, A10), reading the current version and the
 * history, the owner and handovers (C8, H12), safeguarding concerns raised with alerts to the
 * duty managers (W10), and the work queues and "my work" read from contact_work. Reads of
 * contacts through store_contact_read, _list, _versions and the queues audit the read (W13) in
 * the same transaction. Decisions and outcomes are store/store_decision and
 * store/store_outcome; the rules are domain/contact and domain/handover.
 */
#ifndef FD_STORE_STORE_CONTACT_H
#define FD_STORE_STORE_CONTACT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "domain/contact.h"
#include "domain/handover.h"
#include "store/store.h"

/*
 * Inserts c: sets c->id, c->reference, c->created_at, c->created_by (the transaction's actor),
 * c->version (1) and c->owner_user_id (the creator, when a user) (writer only). Writes version 1
 * with c's persons, puts the contact in its first queue (contact_initial_queue) and, when
 * c->danger_now, raises a safeguarding concern with its alerts. Starts the clocks whose
 * policies start on "contact.created" (store/store_clock). Audited as contact.create.
 * c is expected to have passed contact_validate (an empty source_code takes the source's
 * default).
 */
enum err store_contact_insert(struct store_tx *tx, struct contact *c) MUST_CHECK;
/* E_INVALID naming worker_id, team_id or line_team_id when c refers to a worker or team that
 * does not exist. */
enum err store_contact_check_refs(struct store_tx *tx, const struct contact *c,
                                  struct err_info *info) MUST_CHECK;

/* Called with a contact whose strings are borrowed until the callback returns. */
typedef void (*store_contact_fn)(const struct contact *c, void *arg);
/* Fetches contact id (current version) and audits the read by the transaction's actor
 * (writer only). E_NOTFOUND when there is no such contact. */
enum err store_contact_read(struct store_tx *tx, int64_t id, store_contact_fn fn,
                            void *arg) MUST_CHECK;
/* The same without an audit event: for code that has just written the contact, or that reads
 * it to apply a rule and audits what it does. */
enum err store_contact_get(struct store_tx *tx, int64_t id, store_contact_fn fn,
                           void *arg) MUST_CHECK;
/* Calls fn with c as store_contact_insert has just written it in this transaction, filled as
 * store_contact_get would fill it (who recorded it and its owner by name, the census code it
 * was stored with), without reading it back: the answer to a create costs no second query of
 * the contact's joins. Not audited. */
enum err store_contact_inserted(struct store_tx *tx, const struct contact *c, store_contact_fn fn,
                                void *arg) MUST_CHECK;
/* The current version of contact id into *out, its strings copied into a (owned by a). Not
 * audited. E_NOTFOUND when none. */
enum err store_contact_fetch(struct store_tx *tx, int64_t id, struct contact *out,
                             struct arena *a) MUST_CHECK;
/* Newest received first; *total_out gets the number of contacts. Audits the listing. */
enum err store_contact_list(struct store_tx *tx, int limit, int offset, int64_t *total_out,
                            store_contact_fn fn, void *arg) MUST_CHECK;

/*
 * Records c as the next version of contact c->id (writer only): c holds every field as it now
 * stands and c->version the version it amends; changed the fields that differ (contact_diff,
 * not 0) and reason why. E_CONFLICT when c->version is no longer the latest. On success
 * c->version is the new version. When danger_now was switched on, raises a safeguarding
 * concern. Audited as contact.amend with the reason.
 */
enum err store_contact_amend(struct store_tx *tx, struct contact *c, unsigned changed,
                             const char *reason) MUST_CHECK;

/* One version in the history: the contact as it stood, the fields changed and why. */
typedef void (*store_contact_version_fn)(const struct contact *c, const char *changed,
                                         const char *reason, void *arg);
/* Every version of contact id, oldest first. Audited as contact.read_history. E_NOTFOUND when
 * there is no such contact. */
enum err store_contact_versions(struct store_tx *tx, int64_t id, store_contact_version_fn fn,
                                void *arg) MUST_CHECK;

/* Tells the deadlines' clocks (store/store_clock) that event happened to contact id now, as
 * its owner's: "contact.action_recorded" when a decision or outcome is recorded (C6) stops the
 * clock that contact.created started. E_NOTFOUND when there is no such contact. */
enum err store_contact_event(struct store_tx *tx, int64_t id, const char *event) MUST_CHECK;

/* --- owner and handovers (C8, H12) ------------------------------------------------------- */

/* The current owner of contact id (0 when nobody owns it). E_NOTFOUND when no such contact. */
enum err store_contact_owner(struct store_tx *tx, int64_t id, int64_t *owner_out) MUST_CHECK;
typedef void (*store_handover_fn)(const struct handover *h, void *arg);
/* The handover of contact_id waiting for an answer, if any: fn is called at most once. */
enum err store_contact_handover_pending(struct store_tx *tx, int64_t contact_id,
                                        store_handover_fn fn, void *arg) MUST_CHECK;
/* Whether user_id may sign in (exists and is active). */
enum err store_contact_user_active(struct store_tx *tx, int64_t user_id, bool *out) MUST_CHECK;
/* Adds a handover request h (h->id, created_at and created_by set; writer only), and an in-app
 * message to its recipient. Audited as contact.handover with the note. */
enum err store_contact_handover_add(struct store_tx *tx, struct handover *h) MUST_CHECK;
/* Records the answer to pending handover h (writer only): accepted makes h->to_user_id the
 * owner; declined keeps the owner and tells them why. Audited as contact.handover_accept or
 * contact.handover_decline. */
enum err store_contact_handover_answer(struct store_tx *tx, const struct handover *h, bool accept,
                                       const char *reason) MUST_CHECK;
/*
 * Makes the signed-in user (tx->user_id) the owner of open contact id, which nobody owns
 * (writer only): a duty worker taking a web-form or email contact (C8). Recorded as a handover
 * from nobody with note, accepted at once by the taker, so the owner stays derived from the
 * evidence. E_NOTFOUND; E_CONFLICT with a message naming who owns it (ask them for a handover),
 * when the contact has its outcome, or when a handover is waiting for an answer. Audited as
 * contact.take.
 */
enum err store_contact_take(struct store_tx *tx, int64_t id, const char *note,
                            struct err_info *info) MUST_CHECK;
/* Pending handovers offered to user_id, oldest first. */
enum err store_contact_handovers_offered(struct store_tx *tx, int64_t user_id, store_handover_fn fn,
                                         void *arg) MUST_CHECK;

/* --- safeguarding concerns (W10) --------------------------------------------------------- */

/* Raises a concern on contact_id from source ("danger_now" or "decision") with note, and an
 * in-app alert to every active duty manager; *concern_id_out (may be NULL) gets its id. Writer
 * only. Audited as safeguarding_concern.raise. */
enum err store_contact_raise_concern(struct store_tx *tx, int64_t contact_id, const char *source,
                                     const char *note, int64_t *concern_id_out) MUST_CHECK;
typedef void (*store_concern_fn)(const struct safeguarding_concern *s, void *arg);
/* The concerns raised on contact_id, oldest first. */
enum err store_contact_concerns(struct store_tx *tx, int64_t contact_id, store_concern_fn fn,
                                void *arg) MUST_CHECK;

/* --- work queues -------------------------------------------------------------------------- */

/* The queue open contact id waits in; E_NOTFOUND when it is closed (has an outcome). */
enum err store_contact_queue_of(struct store_tx *tx, int64_t id,
                                struct contact_queue *out) MUST_CHECK;
/* Moves open contact id to queue q (writer only); closed contacts stay closed. */
enum err store_contact_move(struct store_tx *tx, int64_t id,
                            const struct contact_queue *q) MUST_CHECK;
/* Takes contact id off the queues once its outcome is recorded (writer only). */
enum err store_contact_close(struct store_tx *tx, int64_t id) MUST_CHECK;
/* Open contacts in queue q, longest waiting first (received_at, then id); *total_out gets how
 * many there are. Audited as contact.list with the queue's name. */
enum err store_contact_queue_list(struct store_tx *tx, const struct contact_queue *q, int limit,
                                  int offset, int64_t *total_out, store_contact_fn fn,
                                  void *arg) MUST_CHECK;
/* Open contacts owned by user_id, longest waiting first. Audited as contact.list. */
enum err store_contact_mine(struct store_tx *tx, int64_t user_id, int limit, int offset,
                            int64_t *total_out, store_contact_fn fn, void *arg) MUST_CHECK;

#endif
