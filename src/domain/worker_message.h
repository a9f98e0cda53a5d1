/*
 * worker_message: what the front door records and tells a practitioner when it cannot pass a
 * call straight on (requirements W2, W3, W5, H8, H11) — the call-back promised to the caller
 * and what they should do if none comes; the message left for the practitioner (what happened,
 * what was done, what follow-up is needed); a written item for a named worker (where it is
 * stored, whether they want the original, who acknowledges it); and the functions the front
 * door does on behalf of the allocated team (suspend or restart a service, arrange agreed
 * respite, complete a referral), each of which alerts the allocated worker. The checks and the
 * wording are here: the in-app message may carry the narrative, the email never does — it
 * carries the contact's reference and a link (minimum personal data). Rows are
 * store/store_worker_message; the API http/worker_messages.
 */
#ifndef FD_DOMAIN_WORKER_MESSAGE_H
#define FD_DOMAIN_WORKER_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define WORKER_MESSAGE_TEXT_MAX 5000
#define CALLBACK_TEXT_MAX 2000
/* How far ahead a call-back may be promised. */
#define CALLBACK_FUTURE_MAX_MS (92LL * 24 * 3600 * 1000)
#define CALLBACK_PAST_SLACK_MS (10 * 60 * 1000)

/* A call-back promised to the caller (W2, H8). Strings borrowed. */
struct callback_promise {
    int64_t id;
    int64_t contact_id;
    int64_t worker_id; /* who is to call back; 0: the front door */
    const char *worker_name;
    int64_t callback_by; /* UTC ms */
    const char *told;    /* what the caller was told; may be "" */
    const char *if_no_call;
    int64_t task_id;
    int64_t created_at;
    int64_t created_by;
    const char *created_by_name;
};

/* Checks a promise at now_ms: a call-back time not in the past (beyond a little slack) and at
 * most CALLBACK_FUTURE_MAX_MS ahead, and what the caller should do if no call comes. */
enum err callback_promise_validate(const struct callback_promise *p, int64_t now_ms,
                                   struct err_info *info) MUST_CHECK;

/* A message left for a practitioner (W2, H11). Strings borrowed. */
struct worker_message {
    int64_t id;
    int64_t contact_id;
    char contact_reference[24]; /* filled by reads */
    int64_t worker_id;
    const char *worker_name;
    const char *what_happened;
    const char *what_was_done;
    const char *follow_up;
    int64_t callback_promise_id; /* 0 when none */
    int64_t written_item_id;     /* 0 when none */
    int64_t in_app_outbox_id;    /* 0 when the worker has no sign-in */
    int64_t email_outbox_id;     /* 0 when the worker has no email address */
    int64_t clock_id;            /* the "message returned" clock; 0 when none */
    int64_t created_at;
    int64_t created_by;
    const char *created_by_name;
    int64_t returned_at; /* 0 until the worker returned the call */
    int64_t returned_by;
    const char *returned_by_name;
    const char *return_note;
};

/* Checks a message: what happened, what was done and the follow-up needed, each present. */
enum err worker_message_validate(const struct worker_message *m, struct err_info *info) MUST_CHECK;

/* The in-app message (may carry the narrative: the reader is signed in) and the email (the
 * contact's reference only; the mailer adds the link). callback_by 0 when none was promised.
 * Each output is truncated to fit. */
void worker_message_in_app(const struct worker_message *m, const char *contact_reference,
                           int64_t callback_by, char *subject, size_t subject_len, char *body,
                           size_t body_len);
void worker_message_email(const char *contact_reference, char *subject, size_t subject_len,
                          char *body, size_t body_len);

/* Whom a worker without a frontdoor sign-in asks for the details: their team and its duty
 * line, else their line manager, else the front door. Each "" when not known. Borrowed. */
struct worker_reach {
    const char *team_name;
    const char *duty_line;
    const char *line_manager_name;
};
/* The email to a worker who has no sign-in: the message cannot be read in frontdoor, so it
 * says whom to telephone, quoting the reference, and that if they are away or cannot return
 * the call within one working day that same duty line arranges it. Reference only. */
void worker_message_email_no_sign_in(const char *contact_reference, const struct worker_reach *r,
                                     char *subject, size_t subject_len, char *body,
                                     size_t body_len);

/* Who acknowledges a written item (W3). */
enum written_ack {
    WRITTEN_ACK_NONE = 0, /* not chosen */
    WRITTEN_ACK_PRACTITIONER,
    WRITTEN_ACK_FRONT_DOOR,
    WRITTEN_ACK_SERVICE, /* a service mechanism (business support, the team's inbox) */
    WRITTEN_ACK_NOBODY,  /* no acknowledgement is needed */
    WRITTEN_ACK_COUNT
};
const char *written_ack_name(enum written_ack a); /* "practitioner", ..., "none" */
enum written_ack written_ack_parse(const char *name);

/* A tri-state answer: not known yet, yes, no. */
enum tri { TRI_UNKNOWN = 0, TRI_YES, TRI_NO };

/* A written contact for a named worker (W3). Strings borrowed. */
struct written_item {
    int64_t id;
    int64_t contact_id;
    int64_t worker_id; /* 0 when none named */
    const char *worker_name;
    const char *description;
    const char *stored_at;
    enum tri wants_original;
    enum written_ack acknowledged_by;
    enum tri can_act_in_time;
    const char *person_told; /* W3: what the person was told when the worker is away */
    int64_t created_at;
    int64_t created_by;
    const char *created_by_name;
};
enum err written_item_validate(const struct written_item *w, struct err_info *info) MUST_CHECK;
/* The message to the worker a written item is for (W3: the transfer is a message pointing to
 * the record): in-app with what it is, where it is stored and who acknowledges it; the email
 * with the reference only — saying it is in frontdoor when has_sign_in, else whom to ask (r). */
void written_item_in_app(const struct written_item *w, const char *contact_reference, char *subject,
                         size_t subject_len, char *body, size_t body_len);
void written_item_email(const char *contact_reference, bool has_sign_in,
                        const struct worker_reach *r, char *subject, size_t subject_len, char *body,
                        size_t body_len);

/* Functions done on behalf of the allocated team (W5). */
enum on_behalf_kind {
    ON_BEHALF_NONE = 0,
    ON_BEHALF_SUSPEND_SERVICE, /* a hospital admission */
    ON_BEHALF_RESTART_SERVICE, /* a discharge */
    ON_BEHALF_ARRANGE_RESPITE, /* already agreed in a care and support plan */
    ON_BEHALF_COMPLETE_REFERRAL,
    ON_BEHALF_KIND_COUNT
};
const char *on_behalf_kind_name(enum on_behalf_kind k); /* "suspend_service", ... */
enum on_behalf_kind on_behalf_kind_parse(const char *name);
const char *on_behalf_kind_label(enum on_behalf_kind k); /* "Service suspended", ... */

struct on_behalf_action {
    int64_t id;
    int64_t contact_id;
    enum on_behalf_kind kind;
    const char *details;
    int64_t worker_id;
    const char *worker_name;
    int64_t in_app_outbox_id;
    int64_t email_outbox_id;
    int64_t created_at;
    int64_t created_by;
    const char *created_by_name;
};
enum err on_behalf_validate(const struct on_behalf_action *a, struct err_info *info) MUST_CHECK;
/* The alert to the allocated worker: in-app (with the details) and email (reference only). */
void on_behalf_in_app(const struct on_behalf_action *a, const char *contact_reference,
                      char *subject, size_t subject_len, char *body, size_t body_len);
/* The email: with a sign-in (has_sign_in) it points to frontdoor; without one, it says whom to
 * telephone for the details (r: the team's duty line, else the line manager, else the front
 * door), as a message's email does. */
void on_behalf_email(const struct on_behalf_action *a, const char *contact_reference,
                     bool has_sign_in, const struct worker_reach *r, char *subject,
                     size_t subject_len, char *body, size_t body_len);

#endif
