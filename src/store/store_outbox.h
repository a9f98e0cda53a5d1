/*
 * store_outbox: the one outbox of every message frontdoor sends — in-app messages to a user's
 * inbox and emails for the mailer (store/mailer) to deliver. A message is written inside the
 * transaction of the event that caused it, so it exists exactly when the event does: nothing is
 * lost and nothing is written twice. What was sent never changes (a trigger refuses it); only
 * its delivery state moves on: in-app 'unread' -> 'read', email 'pending' -> 'delivered' or
 * 'failed', with attempts, the next attempt and the last error. It is not the wording of
 * messages (domain/escalation) nor SMTP (core/smtp).
 */
#ifndef FD_STORE_STORE_OUTBOX_H
#define FD_STORE_STORE_OUTBOX_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

enum outbox_channel { OUTBOX_IN_APP = 0, OUTBOX_EMAIL };

/* A message. Strings are borrowed (from the caller when adding; from the row, until the
 * callback returns, when reading). Instants UTC ms, 0 when absent. */
struct outbox_message {
    int64_t id;
    int64_t created_at;
    enum outbox_channel channel;
    int64_t recipient_user_id;   /* in-app: required */
    int64_t recipient_worker_id; /* 0 when none */
    const char *recipient_name;
    const char *to_address; /* email: required */
    const char *subject;
    const char *body;
    const char *link;   /* a path in the web app, "/contacts/12"; "" when none */
    const char *entity; /* what it is about, "" when nothing */
    int64_t entity_id;
    int64_t clock_id; /* 0 when not about a clock */
    int64_t clock_event_id;
    const char *state; /* unread, read, pending, delivered, failed */
    int attempts;
    int64_t next_attempt_at;
    const char *last_error;
    int64_t delivered_at;
    int64_t read_at;
};

/* Adds m (writer only): in-app messages start 'unread', emails 'pending' with their first
 * attempt at created_at. Sets m->id and m->created_at (from `now`). E_INVALID when an in-app
 * message has no recipient user or an email no address. Not audited on its own: the event
 * that caused it is. */
enum err store_outbox_add(struct store_tx *tx, struct outbox_message *m, int64_t now) MUST_CHECK;

typedef void (*store_outbox_fn)(const struct outbox_message *m, void *arg);
/* A user's in-app messages, newest first, at most limit after skipping offset; *unread_out gets
 * how many are unread, *total_out how many there are. */
enum err store_outbox_inbox(struct store_tx *tx, int64_t user_id, bool unread_only, int limit,
                            int offset, int64_t *unread_out, int64_t *total_out, store_outbox_fn fn,
                            void *arg) MUST_CHECK;
/* Marks in-app message id read by user_id at now (writer only). E_NOTFOUND when it is not
 * that user's; reading twice keeps the first time. Audited as message.read. */
enum err store_outbox_mark_read(struct store_tx *tx, int64_t id, int64_t user_id,
                                int64_t now) MUST_CHECK;
/* Every message about a clock, oldest first. */
enum err store_outbox_for_clock(struct store_tx *tx, int64_t clock_id, store_outbox_fn fn,
                                void *arg) MUST_CHECK;

/* Claims up to max (at most 64) pending emails whose next attempt is due at now (writer only): each
 * gets attempts + 1 and its next attempt moved to now + lease_ms, so a mailer that dies mid-send
 * leaves it to be retried rather than lost. fn sees each claimed message. *next_out gets the
 * next attempt of the earliest email still pending after the claim (0 when none). */
enum err store_outbox_claim_email(struct store_tx *tx, int64_t now, int max, int64_t lease_ms,
                                  store_outbox_fn fn, void *arg, int64_t *next_out) MUST_CHECK;
/* Records a delivery (writer only). */
enum err store_outbox_delivered(struct store_tx *tx, int64_t id, int64_t now) MUST_CHECK;
/* Records a failed attempt with its reason (writer only): retry at retry_at, or, when retry_at
 * is 0, give up: the email is 'failed'. */
enum err store_outbox_attempt_failed(struct store_tx *tx, int64_t id, const char *reason,
                                     int64_t retry_at) MUST_CHECK;

#endif
