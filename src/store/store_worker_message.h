/*
 * store_worker_message: what the front door records and tells a practitioner when a call is not
 * passed straight on (domain/worker_message) — call-back promises (each opening a call_back
 * task, store/store_task), written items, messages left for a practitioner (an in-app message
 * and an email alert in the outbox, and the "message returned within 1 working day" clock),
 * the call returned, and functions done on behalf of the allocated team with their alerts. All
 * in the caller's transaction; each write and read is audited against the contact.
 */
#ifndef FD_STORE_STORE_WORKER_MESSAGE_H
#define FD_STORE_STORE_WORKER_MESSAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/worker_message.h"
#include "store/store.h"

/* The contact's reference and when it was received. E_NOTFOUND when there is no contact. */
enum err store_worker_message_contact(struct store_tx *tx, int64_t contact_id, char reference[24],
                                      int64_t *received_at_out) MUST_CHECK;

/* Records promise p on p->contact_id (writer only) and opens its call_back task, due at
 * p->callback_by, owned by the worker's sign-in, else by the actor. Sets p->id, task_id,
 * created_at, created_by. E_INVALID naming worker_id when there is no such worker. Audited as
 * contact.callback_promise. */
enum err store_worker_message_promise(struct store_tx *tx, struct callback_promise *p,
                                      struct err_info *info) MUST_CHECK;
typedef void (*store_promise_fn)(const struct callback_promise *p, void *arg);
/* Promises on contact_id, oldest first. Audited as contact.read_callbacks. */
enum err store_worker_message_promises(struct store_tx *tx, int64_t contact_id, store_promise_fn fn,
                                       void *arg) MUST_CHECK;

/* Records written item w (writer only); sets w->id, created_at, created_by. E_INVALID naming
 * worker_id when there is no such worker. When it is for a worker, they are told (W3: the
 * transfer is a message pointing to the record): an in-app message with what the item is, and
 * an email with the reference only, both linking to the item on the contact; a worker with
 * neither a sign-in nor an address is not told (see store_worker_message_written_told).
 * Audited as contact.written_item. */
enum err store_worker_message_written(struct store_tx *tx, struct written_item *w,
                                      struct err_info *info) MUST_CHECK;
typedef void (*store_written_fn)(const struct written_item *w, void *arg);
/* The messages that told the worker about written item item_id: outbox ids, 0 when none. */
struct written_told {
    int64_t in_app_outbox_id;
    int64_t email_outbox_id;
};
/* Not audited (the item's read is). */
enum err store_worker_message_written_told(struct store_tx *tx, int64_t item_id,
                                           struct written_told *out) MUST_CHECK;
enum err store_worker_message_written_list(struct store_tx *tx, int64_t contact_id,
                                           store_written_fn fn, void *arg) MUST_CHECK;

/*
 * Leaves message m for worker m->worker_id about contact m->contact_id (writer only): an in-app
 * message to the worker's sign-in with the three texts, and an email alert to the worker's
 * address with the contact's reference only (H11); at least one of the two must be possible
 * (E_CONFLICT naming worker_id otherwise: telephone them). Starts the clocks whose policy
 * starts on "message.left" (shipped: message returned within 1 working day), owned by the
 * worker. callback_promise_id and written_item_id must belong to the same contact (E_INVALID).
 * Sets m->id, the outbox ids, clock_id, created_at, created_by. Audited as contact.message.
 */
enum err store_worker_message_send(struct store_tx *tx, struct worker_message *m,
                                   struct err_info *info) MUST_CHECK;
typedef void (*store_message_fn)(const struct worker_message *m, void *arg);
/* Message id (not audited). E_NOTFOUND. */
enum err store_worker_message_get(struct store_tx *tx, int64_t id, store_message_fn fn,
                                  void *arg) MUST_CHECK;
/* Messages on contact_id, oldest first. Audited as contact.read_messages. */
enum err store_worker_message_list(struct store_tx *tx, int64_t contact_id, store_message_fn fn,
                                   void *arg) MUST_CHECK;
/* Messages for worker_id not yet returned, oldest first, at most limit. Audited. */
enum err store_worker_message_waiting(struct store_tx *tx, int64_t worker_id, int limit,
                                      store_message_fn fn, void *arg) MUST_CHECK;
/* Records that the call asked for by message id was returned, with note (may be NULL), and
 * stops its clock ("message.returned") (writer only). E_NOTFOUND; E_CONFLICT when it was
 * already returned. Audited as contact.message_returned. */
enum err store_worker_message_returned(struct store_tx *tx, int64_t id, const char *note,
                                       struct err_info *info) MUST_CHECK;

/* Records action a (writer only) and alerts a->worker_id in-app and by email (reference only);
 * E_CONFLICT naming worker_id when the worker can be reached neither way. Sets a->id, the
 * outbox ids, created_at, created_by. Audited as contact.on_behalf. */
enum err store_worker_message_on_behalf(struct store_tx *tx, struct on_behalf_action *a,
                                        struct err_info *info) MUST_CHECK;
typedef void (*store_on_behalf_fn)(const struct on_behalf_action *a, void *arg);
enum err store_worker_message_on_behalf_list(struct store_tx *tx, int64_t contact_id,
                                             store_on_behalf_fn fn, void *arg) MUST_CHECK;

#endif
