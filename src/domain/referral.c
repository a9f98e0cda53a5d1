/*
 * referral: kinds, the checks on a new referral, the answer's state machine and the written
 * confirmation's template. Dates in the confirmation are Europe/London wall-clock times.
 */
#include "domain/referral.h"

#include <stdio.h>
#include <string.h>

#include "core/ukclock.h"
#include "domain/routing.h"

static const struct {
    const char *name, *label;
} kinds[REFERRAL_KIND_COUNT] = {
    [REFERRAL_KIND_NONE] = {"", ""},
    [REFERRAL_ASSESSMENT] = {"assessment", "Assessment"},
    [REFERRAL_LOCALITY_HUB] = {"locality_hub", "Locality hub"},
    [REFERRAL_SINGLE_AGENCY] = {"single_agency", "Single agency"},
    [REFERRAL_OTHER_TEAM] = {"other_team", "Another team"},
};

static const char *const state_names[REFERRAL_STATE_COUNT] = {
    [REFERRAL_PENDING] = "pending",
    [REFERRAL_ACCEPTED] = "accepted",
    [REFERRAL_RETURNED] = "returned",
};

const char *referral_kind_name(enum referral_kind k)
{
    return (unsigned)k < REFERRAL_KIND_COUNT ? kinds[k].name : "";
}

const char *referral_kind_label(enum referral_kind k)
{
    return (unsigned)k < REFERRAL_KIND_COUNT ? kinds[k].label : "";
}

enum referral_kind referral_kind_parse(const char *name)
{
    for (int k = REFERRAL_KIND_NONE + 1; name && k < REFERRAL_KIND_COUNT; k++)
        if (strcmp(name, kinds[k].name) == 0)
            return (enum referral_kind)k;
    return REFERRAL_KIND_NONE;
}

const char *referral_state_name(enum referral_state s)
{
    return (unsigned)s < REFERRAL_STATE_COUNT ? state_names[s] : "";
}

enum referral_state referral_state_parse(const char *name, bool *ok)
{
    for (int s = 0; name && s < REFERRAL_STATE_COUNT; s++)
        if (strcmp(name, state_names[s]) == 0) {
            *ok = true;
            return (enum referral_state)s;
        }
    *ok = false;
    return REFERRAL_PENDING;
}

enum referral_kind referral_kind_for_team(enum team_type t)
{
    switch (t) {
    case TEAM_REFERRAL_ASSESSMENT:
    case TEAM_ADULT_INTAKE:
        return REFERRAL_ASSESSMENT;
    case TEAM_LOCALITY_HUB:
        return REFERRAL_LOCALITY_HUB;
    case TEAM_EXTERNAL_AGENCY:
    case TEAM_VOLUNTARY_SECTOR:
        return REFERRAL_SINGLE_AGENCY;
    default:
        return REFERRAL_OTHER_TEAM;
    }
}

enum err referral_kind_check(enum team_type t, enum referral_kind k, struct err_info *info)
{
    if (t == TEAM_REFERRAL_ASSESSMENT && k != REFERRAL_ASSESSMENT)
        return err_set(info, E_INVALID, "kind",
                       "a transfer to a referral and assessment team is a referral to "
                       "assessment: it carries the recommendation and work plan");
    return E_OK;
}

enum err referral_validate(const struct referral *r, int64_t contact_received_ms, int64_t now_ms,
                           struct err_info *info)
{
    if (r->contact_id <= 0)
        return err_set(info, E_INVALID, "contact_id", "choose the contact being referred");
    if (r->to_team_id <= 0)
        return err_set(info, E_INVALID, "to_team_id", "choose the team the referral goes to");
    if (r->from_team_id > 0 && r->from_team_id == r->to_team_id)
        return err_set(info, E_INVALID, "to_team_id",
                       "a referral goes to another team than the one making it");
    if (r->kind <= REFERRAL_KIND_NONE || r->kind >= REFERRAL_KIND_COUNT)
        return err_set(info, E_INVALID, "kind",
                       "choose the kind of referral: assessment, locality_hub, single_agency or "
                       "other_team");
    enum err rc = routing_text_check(r->recommendation, REFERRAL_TEXT_MAX, false, "recommendation",
                                     "the recommendation", info);
    if (!rc)
        rc = routing_text_check(r->work_plan, REFERRAL_TEXT_MAX, false, "work_plan",
                                "the work plan", info);
    if (!rc)
        rc = routing_text_check(r->phoned_to, REFERRAL_NAME_MAX, r->safeguarding, "phoned_to",
                                "who in the receiving team was told by phone (a safeguarding "
                                "referral is phoned through at once)",
                                info);
    if (rc)
        return rc;
    if (r->safeguarding && r->phoned_at <= 0)
        return err_set(info, E_INVALID, "phoned_at",
                       "enter when the safeguarding referral was phoned through");
    if (r->phoned_at > 0 && (r->phoned_to == NULL || !*r->phoned_to))
        return err_set(info, E_INVALID, "phoned_to", "enter who was spoken to on the phone");
    if (r->phoned_at > now_ms + REFERRAL_FUTURE_SLACK_MS)
        return err_set(info, E_INVALID, "phoned_at", "the phone call cannot be in the future");
    if (r->phoned_at > 0 && r->phoned_at < contact_received_ms)
        return err_set(info, E_INVALID, "phoned_at",
                       "the phone call cannot be before the contact came in");
    return E_OK;
}

static bool blank(const char *s)
{
    return contact_text_blank(s);
}

/* Text typed on the referral that is not the decision's: E_INVALID naming field. */
static enum err same_as_decision(const char *typed, const char *decided, const char *field,
                                 const char *what, struct err_info *info)
{
    if (blank(typed) || strcmp(typed, decided ? decided : "") == 0)
        return E_OK;
    return err_set(info, E_INVALID, field,
                   "a child's referral to assessment carries the %s of the recommendation "
                   "decision recorded on the contact: leave this empty, or change the "
                   "recommendation in the contact's decisions",
                   what);
}

enum err referral_assessment_gate(struct referral *r, enum contact_service service,
                                  const struct decision_state *s,
                                  const struct referral_recommendation *rec, struct err_info *info,
                                  struct err_list *gates)
{
    if (r->kind != REFERRAL_ASSESSMENT)
        return E_OK;
    struct decision d = {.kind = DECISION_TRANSFER, .value = "assessment"};
    enum err rc = decision_transfer_gate(&d, s, service, info);
    if (rc && service == SERVICE_ADULTS && gates)
        return decision_care_act_gate_all(s, gates);
    if (rc)
        return rc;
    if (service == SERVICE_ADULTS) {
        if (blank(r->work_plan))
            return err_set(info, E_INVALID, "work_plan",
                           "enter the work plan: what the receiving team is asked to assess "
                           "and anything agreed with the person");
        return E_OK;
    }
    /* a child: the gate passed, so the latest recommendation is to transfer, with a plan */
    rc = same_as_decision(r->recommendation, rec->rationale, "recommendation",
                          "recommendation (its reason)", info);
    if (!rc)
        rc = same_as_decision(r->work_plan, rec->work_plan, "work_plan", "work plan", info);
    if (rc)
        return rc;
    r->recommendation_decision_id = rec->decision_id;
    r->recommendation = rec->rationale ? rec->rationale : "";
    r->work_plan = rec->work_plan ? rec->work_plan : "";
    return E_OK;
}

enum err referral_duplicate_check(const char *open_reference, enum referral_state open_state,
                                  const char *to_team_name, struct err_info *info)
{
    if (!open_reference || !*open_reference)
        return E_OK;
    const char *team = to_team_name && *to_team_name ? to_team_name : "that team";
    if (open_state == REFERRAL_ACCEPTED)
        return err_set(info, E_CONFLICT, "to_team_id",
                       "this contact's referral %s to %.200s was accepted and is on their "
                       "workflow: it cannot be referred to them again",
                       open_reference, team);
    return err_set(info, E_CONFLICT, "to_team_id",
                   "this contact was already referred to %.200s as %s, still waiting for their "
                   "answer: it cannot be referred to them again until they return it",
                   team, open_reference);
}

enum err referral_answer_check(const struct referral *r, const struct referral_answerer *who,
                               enum referral_state to, const char *reason, struct err_info *info)
{
    if (to != REFERRAL_ACCEPTED && to != REFERRAL_RETURNED)
        return err_set(info, E_INVALID, "state", "a referral is accepted or returned");
    if (!who->in_team && !who->may_allocate)
        return err_set(info, E_DENIED, "",
                       "only a member of the receiving team, or a manager, can answer this "
                       "referral");
    if (r->state != REFERRAL_PENDING)
        return err_set(info, E_CONFLICT, "state", "the referral was already %s",
                       referral_state_name(r->state));
    if (to == REFERRAL_RETURNED)
        return routing_text_check(reason, REFERRAL_REASON_MAX, true, "reason",
                                  "why the referral is returned", info);
    return routing_text_check(reason, REFERRAL_REASON_MAX, false, "note", "the note", info);
}

enum referral_state referral_next_state(enum referral_state from, enum referral_state to)
{
    if (from == REFERRAL_PENDING && (to == REFERRAL_ACCEPTED || to == REFERRAL_RETURNED))
        return to;
    return from;
}

static const char *const month_names[12] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};

/* "Monday 2 March 2026 at 10:15" in Europe/London. */
static void local_text(int64_t at_ms, char *out, size_t len)
{
    struct ukclock_local l;
    ukclock_to_local(at_ms / 1000, &l);
    struct ukclock_date d = {l.year, l.month, l.day};
    snprintf(out, len, "%s %d %s %d at %02d:%02d",
             ukclock_weekday_name(ukclock_weekday(ukclock_days_from_date(d))), l.day,
             l.month >= 1 && l.month <= 12 ? month_names[l.month - 1] : "", l.year, l.hour,
             l.minute);
}

static const char *or_text(const char *s, const char *dflt)
{
    return s && *s ? s : dflt;
}

void referral_confirmation_subject(const struct referral_letter *l, char *out, size_t len)
{
    snprintf(out, len, "Your referral, our reference %s", or_text(l->reference, "(none)"));
}

void referral_confirmation_text(const struct referral_letter *l, char *out, size_t len)
{
    char received[64], referred[64], answered[64];
    local_text(l->received_at, received, sizeof(received));
    local_text(l->referred_at, referred, sizeof(referred));
    local_text(l->answered_at, answered, sizeof(answered));
    const char *team = or_text(l->to_team_name, "the receiving team");
    char status[512];
    switch (l->state) {
    case REFERRAL_ACCEPTED:
        snprintf(status, sizeof(status),
                 "%s accepted it on %s and it is now on their duty workflow. They will contact "
                 "you if they need more information.",
                 team, answered);
        break;
    case REFERRAL_RETURNED:
        snprintf(status, sizeof(status),
                 "%s has considered it and it will not be taken forward by that team. We will "
                 "tell you what happens next.",
                 team);
        break;
    default:
        snprintf(status, sizeof(status),
                 "It was passed to %s on %s%s. They will decide what happens next within one "
                 "working day.",
                 team, referred, l->safeguarding ? ", by telephone and in writing" : "");
        break;
    }
    char line[160] = "";
    if (l->to_team_line && *l->to_team_line)
        snprintf(line, sizeof(line), "You can reach %s on %s.\n", team, l->to_team_line);
    snprintf(out, len,
             "Dear %s,\n\n"
             "Thank you for your referral, which we received on %s.\n\n"
             "Our reference is %s (contact %s). Please quote it whenever you contact us about "
             "this referral.\n\n"
             "%s\n\n"
             "%s"
             "If you think a child or an adult is in immediate danger, call 999.\n\n"
             "%s\n",
             or_text(l->referrer_name, "referrer"), received, or_text(l->reference, "(none)"),
             or_text(l->contact_reference, "(none)"), status, line,
             or_text(l->from_team_name, "The front door"));
}

void referral_reference(int year, int64_t seq, char out[REFERRAL_REF_LEN])
{
    snprintf(out, REFERRAL_REF_LEN, "R-%04d-%06lld", year, (long long)seq);
}
