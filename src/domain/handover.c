/*
 * handover: the rules for handing a contact to a colleague and answering the request.
 */
#include "domain/handover.h"

#include "domain/contact.h"

const char *handover_answer_name(enum handover_answer a)
{
    switch (a) {
    case HANDOVER_ACCEPTED:
        return "accepted";
    case HANDOVER_DECLINED:
        return "declined";
    default:
        return "pending";
    }
}

static enum err check_text(const char *s, const char *field, const char *what,
                           struct err_info *info)
{
    if (contact_text_blank(s))
        return err_set(info, E_INVALID, field, "enter %s", what);
    long n = utf8_length(s);
    if (n < 0 || n > HANDOVER_NOTE_MAX)
        return err_set(info, E_INVALID, field, "%s must be valid text of %d characters or fewer",
                       what, HANDOVER_NOTE_MAX);
    return E_OK;
}

enum err handover_request_check(const struct handover_request *r, struct err_info *info)
{
    if (r->owner_user_id && r->actor_user_id != r->owner_user_id && !r->actor_may_reassign)
        return err_set(info, E_DENIED, "",
                       "only the contact's owner or a manager can hand it over");
    if (r->to_user_id <= 0)
        return err_set(info, E_INVALID, "to_user_id", "select who the contact goes to");
    if (!r->to_user_active)
        return err_set(info, E_INVALID, "to_user_id",
                       "the contact can only go to someone who can sign in");
    if (r->to_user_id == r->owner_user_id)
        return err_set(info, E_INVALID, "to_user_id", "they already own this contact");
    if (r->pending)
        return err_set(info, E_CONFLICT, "",
                       "a handover of this contact is already waiting for an answer");
    return check_text(r->note, "note", "what was agreed for the handover", info);
}

enum err handover_answer_check(const struct handover *h, int64_t actor_user_id, bool accept,
                               const char *reason, struct err_info *info)
{
    if (h->answer != HANDOVER_PENDING)
        return err_set(info, E_CONFLICT, "", "this handover was already %s",
                       handover_answer_name(h->answer));
    if (h->to_user_id != actor_user_id)
        return err_set(info, E_DENIED, "",
                       "only the person the contact is handed to can accept or decline it");
    if (!accept)
        return check_text(reason, "reason", "why you cannot take the contact", info);
    return E_OK;
}
