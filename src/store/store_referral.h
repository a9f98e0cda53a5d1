/*
 * store_referral: referrals and transfers in the database (domain/referral) — making one (its
 * yearly reference R-YYYY-NNNNNN and the clocks that start with it), the receiving team's
 * answer (accepted or returned, its own row), the written confirmation to the referrer (an
 * email in the outbox, kept as sent), and the lists: a team's incoming referrals, a contact's,
 * and the clear-desk view of referrals not yet passed on. Pending referrals are also in
 * referral_open, an index kept in step here and only here. Each write and read is audited in
 * the caller's transaction.
 *
 * The clocks (store/store_clock), by event: "referral.created" (written confirmation within 48
 * hours, decision within 1 working day), then "referral.safeguarding_created" (on the team's
 * workflow within 30 minutes) or "referral.transfer_created" (within 2 working hours); accepting
 * sends "referral.on_team_workflow" and "referral.decided"; returning sends "referral.decided"
 * and stops the workflow clock as "returned"; sending the confirmation sends
 * "referral.confirmation_sent". Clocks belong to whoever made the referral, on the receiving
 * team's calendar.
 */
#ifndef FD_STORE_STORE_REFERRAL_H
#define FD_STORE_STORE_REFERRAL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/referral.h"
#include "store/store.h"

/* The latest recommendation decision on contact_id (C5): its id (0 when none), value, the
 * rationale and work plan, copied into the caller's buffers (truncated to fit). */
struct store_referral_recommendation {
    int64_t decision_id;
    char value[32];
    char rationale[REFERRAL_TEXT_MAX * 4 + 1];
    char work_plan[REFERRAL_TEXT_MAX * 4 + 1];
};
enum err store_referral_recommendation(struct store_tx *tx, int64_t contact_id,
                                       struct store_referral_recommendation *out) MUST_CHECK;

/* The earliest referral of contact_id to to_team_id that is pending or accepted (a returned
 * one is not open): its reference into reference and its state into *state_out; reference ""
 * when there is none. Not audited (the writer's own check before a new referral). */
enum err store_referral_open_to(struct store_tx *tx, int64_t contact_id, int64_t to_team_id,
                                char reference[REFERRAL_REF_LEN],
                                enum referral_state *state_out) MUST_CHECK;

/* Makes referral r (writer only), which passed referral_validate and the C5 gate: sets r->id,
 * reference, created_at, created_by and state pending, adds it to the receiving team's queue and
 * starts its clocks. E_INVALID naming to_team_id or from_team_id when the team does not exist.
 * Audited as referral.create (and on the contact, contact.refer). */
enum err store_referral_insert(struct store_tx *tx, struct referral *r,
                               struct err_info *info) MUST_CHECK;

/* Called with a referral whose strings are borrowed until the callback returns. */
typedef void (*store_referral_fn)(const struct referral *r, void *arg);
/* Referral id, not audited (the writer's own checks; answering a write). E_NOTFOUND. */
enum err store_referral_get(struct store_tx *tx, int64_t id, store_referral_fn fn,
                            void *arg) MUST_CHECK;
/* Referral id, audited as referral.read. */
enum err store_referral_read(struct store_tx *tx, int64_t id, store_referral_fn fn,
                             void *arg) MUST_CHECK;
/* Records the receiving team's answer to pending referral id (writer only): to is accepted or
 * returned, note the reason for a return (required) or a note (may be NULL). The caller checked
 * referral_answer_check. Takes it off the team's queue and moves its clocks on. Audited as
 * referral.accept or referral.return. */
enum err store_referral_answer(struct store_tx *tx, int64_t id, enum referral_state to,
                               const char *note) MUST_CHECK;

enum store_referral_which {
    STORE_REFERRAL_PENDING = 0,
    STORE_REFERRAL_ACCEPTED,
    STORE_REFERRAL_RETURNED,
    STORE_REFERRAL_ALL
};
/* Referrals to team_id, oldest first, at most limit. Audited as referral.list. */
enum err store_referral_for_team(struct store_tx *tx, int64_t team_id,
                                 enum store_referral_which which, int limit, store_referral_fn fn,
                                 void *arg) MUST_CHECK;
/* Referrals of contact_id, oldest first. Audited as referral.list. */
enum err store_referral_for_contact(struct store_tx *tx, int64_t contact_id, store_referral_fn fn,
                                    void *arg) MUST_CHECK;
/* The clear desk (A11): pending referrals made by team from_team_id (or, when it is 0, by
 * user_id), oldest first; then, with returned set, those returned since since_ms. Audited. */
enum err store_referral_desk(struct store_tx *tx, int64_t from_team_id, int64_t user_id,
                             bool returned, int64_t since_ms, int limit, store_referral_fn fn,
                             void *arg) MUST_CHECK;

/* A transfer decided on a contact that no referral to that team carries yet (A11). Strings
 * borrowed until the callback returns. */
struct referral_unreferred {
    int64_t contact_id;
    const char *contact_reference;
    int64_t decision_id;
    const char *value; /* the transfer decision's value: assessment, locality_hub, ... */
    int64_t team_id;
    const char *team_name;
    int64_t decided_at;
    int64_t decided_by;
    const char *decided_by_name;
};
typedef void (*store_unreferred_fn)(const struct referral_unreferred *u, void *arg);
/* Transfer decisions made since since_ms, by members of team_id (its users, or workers in it)
 * or, when team_id is 0, by user_id, with no referral from that contact to that team, oldest
 * first, at most limit. Audited. */
enum err store_referral_unreferred(struct store_tx *tx, int64_t team_id, int64_t user_id,
                                   int64_t since_ms, int limit, store_unreferred_fn fn,
                                   void *arg) MUST_CHECK;

/* The written confirmation as sent. Strings borrowed until the callback returns. */
struct referral_confirmation {
    int64_t referral_id;
    const char *to_address;
    const char *subject;
    const char *body;
    int64_t outbox_id;
    int64_t sent_at;
    int64_t sent_by;
    const char *sent_by_name;
};
typedef void (*store_confirmation_fn)(const struct referral_confirmation *c, void *arg);
/* The confirmation sent for referral id, if any: fn is called at most once. Not audited. */
enum err store_referral_confirmation(struct store_tx *tx, int64_t id, store_confirmation_fn fn,
                                     void *arg) MUST_CHECK;
/* Sends the confirmation for referral id to to_address (writer only): an email in the outbox
 * (no link: the referrer does not sign in) and its row; stops the 48-hour clock. E_CONFLICT when
 * one was already sent. Audited as referral.confirm. */
enum err store_referral_confirm(struct store_tx *tx, int64_t id, const char *to_address,
                                const char *subject, const char *body,
                                struct err_info *info) MUST_CHECK;

#endif
