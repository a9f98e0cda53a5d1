/*
 * worker_message: checks and wording. The email texts take only a reference and a kind, never
 * a struct holding the narrative, so no narrative can reach an email by mistake.
 */
#include "domain/worker_message.h"

#include <stdio.h>
#include <string.h>

#include "domain/routing.h"

enum err callback_promise_validate(const struct callback_promise *p, int64_t now_ms,
                                   struct err_info *info)
{
    if (p->callback_by <= 0)
        return err_set(info, E_INVALID, "callback_by",
                       "enter the time the caller was told to expect a call back by");
    if (p->callback_by < now_ms - CALLBACK_PAST_SLACK_MS)
        return err_set(info, E_INVALID, "callback_by", "the call-back time has already passed");
    if (p->callback_by > now_ms + CALLBACK_FUTURE_MAX_MS)
        return err_set(info, E_INVALID, "callback_by",
                       "a call-back must be promised within 92 days");
    enum err rc = routing_text_check(p->told, CALLBACK_TEXT_MAX, false, "told",
                                     "what the caller was told", info);
    if (!rc)
        rc = routing_text_check(p->if_no_call, CALLBACK_TEXT_MAX, true, "if_no_call",
                                "what the caller should do if no call comes", info);
    return rc;
}

enum err worker_message_validate(const struct worker_message *m, struct err_info *info)
{
    if (m->worker_id <= 0)
        return err_set(info, E_INVALID, "worker_id", "choose the practitioner to tell");
    enum err rc = routing_text_check(m->what_happened, WORKER_MESSAGE_TEXT_MAX, true,
                                     "what_happened", "what happened", info);
    if (!rc)
        rc = routing_text_check(m->what_was_done, WORKER_MESSAGE_TEXT_MAX, true, "what_was_done",
                                "what was done", info);
    if (!rc)
        rc = routing_text_check(m->follow_up, WORKER_MESSAGE_TEXT_MAX, true, "follow_up",
                                "the follow-up needed", info);
    return rc;
}

void worker_message_in_app(const struct worker_message *m, const char *contact_reference,
                           int64_t callback_by, char *subject, size_t subject_len, char *body,
                           size_t body_len)
{
    snprintf(subject, subject_len, "Message about contact %s%s", contact_reference,
             callback_by ? ": a call back was promised" : "");
    snprintf(body, body_len,
             "What happened:\n%s\n\nWhat was done:\n%s\n\nFollow-up needed:\n%s\n%s",
             m->what_happened ? m->what_happened : "", m->what_was_done ? m->what_was_done : "",
             m->follow_up ? m->follow_up : "",
             m->written_item_id ? "\nA written item for you is recorded on the contact.\n" : "");
}

void worker_message_email(const char *contact_reference, char *subject, size_t subject_len,
                          char *body, size_t body_len)
{
    snprintf(subject, subject_len, "frontdoor: a message for you about %s", contact_reference);
    snprintf(body, body_len,
             "A message for you about contact %s is waiting in frontdoor: what happened, what "
             "was done and the follow-up needed.\nPlease read it and return the call within "
             "one working day.\n",
             contact_reference);
}

/* "telephone your team's duty line (Adults East, 01632 960100)", or the line manager, or the
 * front door, into out. */
static void reach_words(const struct worker_reach *r, char *out, size_t out_len)
{
    const char *team = r && r->team_name ? r->team_name : "";
    const char *line = r && r->duty_line ? r->duty_line : "";
    const char *manager = r && r->line_manager_name ? r->line_manager_name : "";
    if (line[0] && team[0])
        snprintf(out, out_len, "telephone your team's duty line (%s, %s)", team, line);
    else if (line[0])
        snprintf(out, out_len, "telephone your team's duty line (%s)", line);
    else if (manager[0])
        snprintf(out, out_len, "ask your line manager, %s", manager);
    else
        snprintf(out, out_len, "telephone the front door");
}

void worker_message_email_no_sign_in(const char *contact_reference, const struct worker_reach *r,
                                     char *subject, size_t subject_len, char *body, size_t body_len)
{
    char who[256];
    reach_words(r, who, sizeof(who));
    snprintf(subject, subject_len, "frontdoor: a message for you about %s", contact_reference);
    snprintf(body, body_len,
             "The front door took a message for you about contact %s. You do not have a "
             "frontdoor sign-in, so to hear what happened and the follow-up needed, %s and "
             "quote the reference.\nIf you are away, or cannot return the call within one "
             "working day, tell them so that someone else can.\n",
             contact_reference, who);
}

void written_item_in_app(const struct written_item *w, const char *contact_reference, char *subject,
                         size_t subject_len, char *body, size_t body_len)
{
    static const char *const ack_words[WRITTEN_ACK_COUNT] = {
        [WRITTEN_ACK_NONE] = "not recorded",
        [WRITTEN_ACK_PRACTITIONER] = "you",
        [WRITTEN_ACK_FRONT_DOOR] = "the front door",
        [WRITTEN_ACK_SERVICE] = "the service (business support or the team's inbox)",
        [WRITTEN_ACK_NOBODY] = "nobody: none is needed",
    };
    unsigned a =
        (unsigned)w->acknowledged_by < WRITTEN_ACK_COUNT ? (unsigned)w->acknowledged_by : 0;
    snprintf(subject, subject_len, "Written contact for you on contact %s", contact_reference);
    snprintf(body, body_len,
             "The front door recorded a written item for you.\n\nWhat it is:\n%s\n\n"
             "Where it is stored:\n%s\n\nWho acknowledges it: %s.%s%s%s\n",
             w->description ? w->description : "", w->stored_at ? w->stored_at : "", ack_words[a],
             w->wants_original == TRI_YES ? "\nYou asked for the original." : "",
             w->person_told && w->person_told[0] ? "\n\nWhat the person was told:\n" : "",
             w->person_told && w->person_told[0] ? w->person_told : "");
}

void written_item_email(const char *contact_reference, bool has_sign_in,
                        const struct worker_reach *r, char *subject, size_t subject_len, char *body,
                        size_t body_len)
{
    snprintf(subject, subject_len, "frontdoor: a written contact for you about %s",
             contact_reference);
    if (has_sign_in) {
        snprintf(body, body_len,
                 "A written contact for you about contact %s is recorded in frontdoor: what it "
                 "is, where it is stored and who acknowledges it.\n",
                 contact_reference);
        return;
    }
    char who[256];
    reach_words(r, who, sizeof(who));
    snprintf(body, body_len,
             "The front door received a written contact for you about contact %s. You do not "
             "have a frontdoor sign-in, so to hear what it is and where it is stored, %s and "
             "quote the reference.\n",
             contact_reference, who);
}

static const char *const ack_names[WRITTEN_ACK_COUNT] = {
    [WRITTEN_ACK_NONE] = "",
    [WRITTEN_ACK_PRACTITIONER] = "practitioner",
    [WRITTEN_ACK_FRONT_DOOR] = "front_door",
    [WRITTEN_ACK_SERVICE] = "service",
    [WRITTEN_ACK_NOBODY] = "none",
};

const char *written_ack_name(enum written_ack a)
{
    return (unsigned)a < WRITTEN_ACK_COUNT ? ack_names[a] : "";
}

enum written_ack written_ack_parse(const char *name)
{
    for (int a = WRITTEN_ACK_NONE + 1; name && a < WRITTEN_ACK_COUNT; a++)
        if (strcmp(name, ack_names[a]) == 0)
            return (enum written_ack)a;
    return WRITTEN_ACK_NONE;
}

enum err written_item_validate(const struct written_item *w, struct err_info *info)
{
    enum err rc = routing_text_check(w->description, CALLBACK_TEXT_MAX, true, "description",
                                     "what the written item is", info);
    if (!rc)
        rc = routing_text_check(w->stored_at, CALLBACK_TEXT_MAX, true, "stored_at",
                                "where the item is stored", info);
    if (!rc)
        rc = routing_text_check(w->person_told, CALLBACK_TEXT_MAX, false, "person_told",
                                "what the person was told", info);
    if (rc)
        return rc;
    if (w->acknowledged_by <= WRITTEN_ACK_NONE || w->acknowledged_by >= WRITTEN_ACK_COUNT)
        return err_set(info, E_INVALID, "acknowledged_by",
                       "choose who sends the acknowledgement: practitioner, front_door, service "
                       "or none");
    return E_OK;
}

static const struct {
    const char *name, *label;
} behalf[ON_BEHALF_KIND_COUNT] = {
    [ON_BEHALF_NONE] = {"", ""},
    [ON_BEHALF_SUSPEND_SERVICE] = {"suspend_service", "Service suspended"},
    [ON_BEHALF_RESTART_SERVICE] = {"restart_service", "Service restarted"},
    [ON_BEHALF_ARRANGE_RESPITE] = {"arrange_respite", "Agreed respite arranged"},
    [ON_BEHALF_COMPLETE_REFERRAL] = {"complete_referral", "Referral completed"},
};

const char *on_behalf_kind_name(enum on_behalf_kind k)
{
    return (unsigned)k < ON_BEHALF_KIND_COUNT ? behalf[k].name : "";
}

const char *on_behalf_kind_label(enum on_behalf_kind k)
{
    return (unsigned)k < ON_BEHALF_KIND_COUNT ? behalf[k].label : "";
}

enum on_behalf_kind on_behalf_kind_parse(const char *name)
{
    for (int k = ON_BEHALF_NONE + 1; name && k < ON_BEHALF_KIND_COUNT; k++)
        if (strcmp(name, behalf[k].name) == 0)
            return (enum on_behalf_kind)k;
    return ON_BEHALF_NONE;
}

enum err on_behalf_validate(const struct on_behalf_action *a, struct err_info *info)
{
    if (a->kind <= ON_BEHALF_NONE || a->kind >= ON_BEHALF_KIND_COUNT)
        return err_set(info, E_INVALID, "kind",
                       "choose what was done: suspend_service, restart_service, arrange_respite "
                       "or complete_referral");
    return routing_text_check(a->details, WORKER_MESSAGE_TEXT_MAX, true, "details",
                              "what was done and why", info);
}

void on_behalf_in_app(const struct on_behalf_action *a, const char *contact_reference,
                      char *subject, size_t subject_len, char *body, size_t body_len)
{
    snprintf(subject, subject_len, "%s for your case (contact %s)", on_behalf_kind_label(a->kind),
             contact_reference);
    snprintf(body, body_len, "The front door did this on behalf of your team:\n%s\n",
             a->details ? a->details : "");
}

void on_behalf_email(const struct on_behalf_action *a, const char *contact_reference,
                     bool has_sign_in, const struct worker_reach *r, char *subject,
                     size_t subject_len, char *body, size_t body_len)
{
    snprintf(subject, subject_len, "frontdoor: %s for your case (%s)",
             on_behalf_kind_label(a->kind), contact_reference);
    if (has_sign_in) {
        snprintf(body, body_len,
                 "The front door recorded \"%s\" on behalf of your team on contact %s. The "
                 "details are in frontdoor.\n",
                 on_behalf_kind_label(a->kind), contact_reference);
        return;
    }
    char who[256];
    reach_words(r, who, sizeof(who));
    snprintf(body, body_len,
             "The front door recorded \"%s\" on behalf of your team on contact %s. You do not "
             "have a frontdoor sign-in, so for the details, %s and quote the reference.\n",
             on_behalf_kind_label(a->kind), contact_reference, who);
}
