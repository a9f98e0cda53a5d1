/*
 * handover: one owner from start to finish (requirements C8, H12). A contact is owned by the
 * worker who recorded it; handing it over is a request to a named colleague, who must accept
 * it before they own it (or decline it, saying why). Until then the first owner keeps it.
 * This module holds the rules on plain structs; the rows are store/store_contact (handovers
 * and their answers never change), the API http/contacts.
 */
#ifndef FD_DOMAIN_HANDOVER_H
#define FD_DOMAIN_HANDOVER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

#define HANDOVER_NOTE_MAX 2000

enum handover_answer { HANDOVER_PENDING = 0, HANDOVER_ACCEPTED, HANDOVER_DECLINED };

/* A handover and its answer. Strings borrowed. */
struct handover {
    int64_t id;
    int64_t contact_id;
    int64_t from_user_id; /* the owner when it was asked; 0 when there was none */
    const char *from_name;
    int64_t to_user_id;
    const char *to_name;
    const char *note; /* what was agreed: who completes which task (H12) */
    int64_t created_at;
    int64_t created_by;
    enum handover_answer answer;
    const char *reason; /* why it was declined */
    int64_t answered_at;
};

const char *handover_answer_name(enum handover_answer a); /* "pending", "accepted", ... */

/* The facts a request to hand over is judged on. */
struct handover_request {
    int64_t owner_user_id;   /* current owner, 0 when none */
    int64_t actor_user_id;   /* who asks */
    bool actor_may_reassign; /* a manager who may give anyone's work to another */
    int64_t to_user_id;
    bool to_user_active; /* the recipient exists and may sign in */
    bool pending;        /* a handover is already waiting for an answer */
    const char *note;
};
/* Checks a request: the owner asks (or, when nobody owns it, anyone; or a manager who may
 * reassign), to an active user other than the owner, with a note, and no other handover
 * waiting. E_DENIED, E_CONFLICT or E_INVALID naming the field. */
enum err handover_request_check(const struct handover_request *r, struct err_info *info) MUST_CHECK;
/* Checks an answer by actor_user_id to pending handover h: only its recipient answers; a
 * decline needs a reason. */
enum err handover_answer_check(const struct handover *h, int64_t actor_user_id, bool accept,
                               const char *reason, struct err_info *info) MUST_CHECK;

#endif
