/*
 * decision: the decision kinds and their values, the priority-to-workflow table (L2), who may
 * decide what (C2, C5), and the gates that depend on decisions already made (C5, Care Act).
 * The rules are written out for duty managers in docs/contacts.md.
 */
#include "domain/decision.h"

#include <stdio.h>
#include <string.h>

static const char *const priority_values[] = {"P1", "P2", "P3A", "P3B", "P4", NULL};
static const char *const safeguarding_values[] = {"concern", "no_concern", NULL};
static const char *const recommendation_values[] = {"transfer_to_assessment", "no_transfer", NULL};
static const char *const transfer_values[] = {"assessment", "locality_hub", "single_agency",
                                              "other_team", NULL};
static const char *const route_values[] = {"contact_centre", "duty", "team", NULL};
static const char *const yes_no[] = {"yes", "no", NULL};
static const char *const no_values[] = {NULL};

static const struct {
    const char *name, *label;
    const char *const *values;
} kinds[DECISION_KIND_COUNT] = {
    [DECISION_NONE] = {"", "", no_values},
    [DECISION_PRIORITY] = {"priority", "Priority", priority_values},
    [DECISION_SAFEGUARDING] = {"safeguarding", "Safeguarding concern", safeguarding_values},
    [DECISION_RECOMMENDATION] = {"recommendation", "Recommendation and work plan",
                                 recommendation_values},
    [DECISION_TRANSFER] = {"transfer", "Transfer", transfer_values},
    [DECISION_ROUTE] = {"route", "Work queue", route_values},
    [DECISION_CARE_ACT_PREVENTION] = {"care_act_prevention", "Prevention services considered",
                                      yes_no},
    [DECISION_CARE_ACT_FINANCE_INFO] = {"care_act_finance_info",
                                        "Information about finances and charging given", yes_no},
    [DECISION_CARE_ACT_ADVOCACY_NEEDED] = {"care_act_advocacy_needed",
                                           "Independent advocacy needed", yes_no},
    [DECISION_CARE_ACT_ADVOCACY_REFERRAL] = {"care_act_advocacy_referral",
                                             "Referral for an independent advocate made", yes_no},
    [DECISION_CARE_ACT_ELIGIBILITY] = {"care_act_eligibility", "Eligibility likely", yes_no},
};

const char *decision_kind_name(enum decision_kind k)
{
    return k > DECISION_NONE && k < DECISION_KIND_COUNT ? kinds[k].name : "";
}

const char *decision_kind_label(enum decision_kind k)
{
    return k > DECISION_NONE && k < DECISION_KIND_COUNT ? kinds[k].label : "";
}

enum decision_kind decision_kind_parse(const char *name)
{
    for (int k = DECISION_NONE + 1; name && k < DECISION_KIND_COUNT; k++)
        if (strcmp(name, kinds[k].name) == 0)
            return (enum decision_kind)k;
    return DECISION_NONE;
}

const char *const *decision_kind_values(enum decision_kind k)
{
    return k > DECISION_NONE && k < DECISION_KIND_COUNT ? kinds[k].values : no_values;
}

bool decision_kind_is_care_act(enum decision_kind k)
{
    return k >= DECISION_CARE_ACT_PREVENTION && k <= DECISION_CARE_ACT_ELIGIBILITY;
}

static const struct {
    const char *name, *label;
} workflows[WORKFLOW_COUNT] = {
    [WORKFLOW_NONE] = {"", ""},
    [WORKFLOW_SOCIAL_CARE] = {"social_care", "Social care"},
    [WORKFLOW_LOCALITY_HUB] = {"locality_hub", "Locality referral hub"},
    [WORKFLOW_SINGLE_AGENCY_REFERRAL] = {"single_agency_referral", "Single-agency referral"},
    [WORKFLOW_SIGNPOSTING] = {"signposting", "Signposting to universal services"},
};

const char *workflow_name(enum workflow w)
{
    return w > WORKFLOW_NONE && w < WORKFLOW_COUNT ? workflows[w].name : "";
}

const char *workflow_label(enum workflow w)
{
    return w > WORKFLOW_NONE && w < WORKFLOW_COUNT ? workflows[w].label : "";
}

enum workflow workflow_parse(const char *name)
{
    for (int w = WORKFLOW_NONE + 1; name && w < WORKFLOW_COUNT; w++)
        if (strcmp(name, workflows[w].name) == 0)
            return (enum workflow)w;
    return WORKFLOW_NONE;
}

/* L2: the priority decides the workflow. */
static const struct {
    const char *priority;
    enum workflow workflow;
} priority_table[] = {
    {"P1", WORKFLOW_SOCIAL_CARE},   {"P2", WORKFLOW_SOCIAL_CARE},
    {"P3A", WORKFLOW_LOCALITY_HUB}, {"P3B", WORKFLOW_SINGLE_AGENCY_REFERRAL},
    {"P4", WORKFLOW_SIGNPOSTING},
};

enum workflow priority_workflow(const char *priority)
{
    for (size_t i = 0; priority && i < sizeof(priority_table) / sizeof(priority_table[0]); i++)
        if (strcmp(priority, priority_table[i].priority) == 0)
            return priority_table[i].workflow;
    return WORKFLOW_NONE;
}

static bool value_in(const char *const *values, const char *v)
{
    for (size_t i = 0; v && values[i]; i++)
        if (strcmp(values[i], v) == 0)
            return true;
    return false;
}

/* "P1, P2, P3A, P3B or P4" into out. */
static void values_text(const char *const *values, char *out, size_t out_len)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; values[i]; i++) {
        const char *sep = i == 0 ? "" : values[i + 1] ? ", " : " or ";
        int n = snprintf(out + used, out_len - used, "%s%s", sep, values[i]);
        if (n < 0 || (size_t)n >= out_len - used)
            return;
        used += (size_t)n;
    }
}

enum err decision_validate(struct decision *d, enum contact_service service, struct err_info *info)
{
    if (d->kind <= DECISION_NONE || d->kind >= DECISION_KIND_COUNT)
        return err_set(info, E_INVALID, "kind",
                       "select the kind of decision: priority, safeguarding, recommendation, "
                       "transfer, route or a Care Act check");
    const char *const *values = kinds[d->kind].values;
    if (!d->value || !*d->value) {
        char list[160];
        values_text(values, list, sizeof(list));
        return err_set(info, E_INVALID, "value", "select the %s decision: %s", kinds[d->kind].name,
                       list);
    }
    if (!value_in(values, d->value)) {
        char list[160];
        values_text(values, list, sizeof(list));
        return err_set(info, E_INVALID, "value", "'%.32s' is not a %s decision: select %s",
                       d->value, kinds[d->kind].name, list);
    }
    if (contact_text_blank(d->rationale))
        return err_set(info, E_INVALID, "rationale", "enter the reason for the decision");
    long n = utf8_length(d->rationale);
    if (n < 0 || n > DECISION_RATIONALE_MAX)
        return err_set(info, E_INVALID, "rationale",
                       "the reason must be valid text of %d characters or fewer",
                       DECISION_RATIONALE_MAX);
    if (d->work_plan && *d->work_plan) {
        if (d->kind != DECISION_RECOMMENDATION)
            return err_set(info, E_INVALID, "work_plan",
                           "a work plan goes with a recommendation only");
        n = utf8_length(d->work_plan);
        if (n < 0 || n > DECISION_WORK_PLAN_MAX)
            return err_set(info, E_INVALID, "work_plan",
                           "the work plan must be valid text of %d characters or fewer",
                           DECISION_WORK_PLAN_MAX);
    }
    bool needs_team = d->kind == DECISION_TRANSFER ||
                      (d->kind == DECISION_ROUTE && strcmp(d->value, "team") == 0);
    if (needs_team && d->team_id <= 0)
        return err_set(info, E_INVALID, "team_id", "select the team it goes to");
    if (!needs_team && d->team_id)
        return err_set(info, E_INVALID, "team_id",
                       "a team is chosen only for a transfer or a move to a team's queue");
    d->workflow = d->kind == DECISION_PRIORITY ? priority_workflow(d->value) : WORKFLOW_NONE;
    if (d->kind == DECISION_PRIORITY || decision_kind_is_care_act(d->kind)) {
        enum contact_service want =
            d->kind == DECISION_PRIORITY ? SERVICE_CHILDREN : SERVICE_ADULTS;
        if (service == SERVICE_NONE)
            return err_set(info, E_CONFLICT, "service",
                           "record whether the contact is about a child or an adult before "
                           "this decision");
        if (service != want)
            return err_set(info, E_CONFLICT, "kind",
                           want == SERVICE_CHILDREN
                               ? "priorities P1 to P4 are for contacts about children"
                               : "the Care Act checks are for contacts about adults");
    }
    return E_OK;
}

bool decider_is_senior(const struct decider *who)
{
    if (who->role == ROLE_MANAGER || who->role == ROLE_DUTY_MANAGER)
        return true;
    if (!who->has_worker || !who->active)
        return false;
    switch (who->worker_role) {
    case WORKER_SENIOR_PRACTITIONER:
    case WORKER_TEAM_MANAGER:
    case WORKER_SERVICE_MANAGER:
    case WORKER_HEAD_OF_SERVICE:
        return true;
    default:
        return who->manages_team;
    }
}

enum err decision_may_decide(const struct decision *d, const struct decider *who,
                             struct err_info *info)
{
    if (d->kind == DECISION_SAFEGUARDING) {
        if (!who->has_worker)
            return err_set(info, E_DENIED, "",
                           "only staff qualified to decide on safeguarding may record this "
                           "decision, and your sign-in is not linked to a worker in the "
                           "directory: ask a qualified colleague");
        if (!who->active)
            return err_set(info, E_DENIED, "",
                           "only active staff qualified to decide on safeguarding may record "
                           "this decision: ask a qualified colleague");
        if (!who->safeguarding_qualified)
            return err_set(info, E_DENIED, "",
                           "only staff qualified to decide on safeguarding may record this "
                           "decision: pass it to a qualified colleague or the duty manager");
    }
    if (d->kind == DECISION_RECOMMENDATION && !decider_is_senior(who))
        return err_set(info, E_DENIED, "",
                       "a recommendation and work plan are recorded by a team manager or a "
                       "senior practitioner");
    return E_OK;
}

enum err decision_may_authorise(const struct decision *d, const struct decider *who,
                                struct err_info *info)
{
    if (d->authorised_by)
        return err_set(info, E_CONFLICT, "", "this decision is already authorised");
    if (d->decided_by == who->user_id)
        return err_set(info, E_CONFLICT, "",
                       "a decision is authorised by someone other than the person who made it");
    if (!decider_is_senior(who))
        return err_set(info, E_DENIED, "",
                       "decisions are authorised by a team manager or a senior practitioner");
    return E_OK;
}

bool decision_queue(const struct decision *d, struct contact_queue *out)
{
    if (d->kind == DECISION_TRANSFER) {
        out->kind = QUEUE_TEAM;
        out->team_id = d->team_id;
        return true;
    }
    if (d->kind != DECISION_ROUTE)
        return false;
    out->kind = queue_kind_parse(d->value);
    out->team_id = out->kind == QUEUE_TEAM ? d->team_id : 0;
    return out->kind != QUEUE_NONE;
}

void decision_state_init(struct decision_state *s)
{
    memset(s, 0, sizeof(*s));
}

static enum answer answer_of(const char *v)
{
    if (v && strcmp(v, "yes") == 0)
        return ANSWER_YES;
    if (v && strcmp(v, "no") == 0)
        return ANSWER_NO;
    return ANSWER_NONE;
}

void decision_state_add(struct decision_state *s, const struct decision *d)
{
    const char *v = d->value ? d->value : "";
    switch (d->kind) {
    case DECISION_PRIORITY:
        snprintf(s->priority, sizeof(s->priority), "%s", v);
        s->workflow = priority_workflow(v);
        break;
    case DECISION_SAFEGUARDING:
        snprintf(s->safeguarding, sizeof(s->safeguarding), "%s", v);
        break;
    case DECISION_RECOMMENDATION:
        s->has_recommendation = true;
        s->recommends_transfer = strcmp(v, "transfer_to_assessment") == 0;
        s->recommendation_has_plan = !contact_text_blank(d->work_plan);
        break;
    case DECISION_CARE_ACT_PREVENTION:
        s->prevention = answer_of(v);
        break;
    case DECISION_CARE_ACT_FINANCE_INFO:
        s->finance_info = answer_of(v);
        break;
    case DECISION_CARE_ACT_ADVOCACY_NEEDED:
        s->advocacy_needed = answer_of(v);
        break;
    case DECISION_CARE_ACT_ADVOCACY_REFERRAL:
        s->advocacy_referral = answer_of(v);
        break;
    case DECISION_CARE_ACT_ELIGIBILITY:
        s->eligibility = answer_of(v);
        break;
    default:
        break;
    }
}

enum err decision_recommendation_gate(const struct decision_state *s, struct err_info *info)
{
    if (!s->has_recommendation)
        return err_set(info, E_CONFLICT, "recommendation",
                       "a team manager's or senior practitioner's recommendation and work plan "
                       "must be recorded before a transfer to assessment");
    if (!s->recommends_transfer)
        return err_set(info, E_CONFLICT, "recommendation",
                       "the latest recommendation is not to transfer to assessment");
    if (!s->recommendation_has_plan)
        return err_set(info, E_CONFLICT, "work_plan",
                       "the recommendation has no work plan: the team manager or senior "
                       "practitioner must record one before a transfer to assessment");
    return E_OK;
}

/* Adds one unmet Care Act check to list (when not NULL) and keeps the first in *first. */
static void care_act_missing(struct err_list *list, struct err_info *first, size_t *n,
                             const char *field, const char *message)
{
    struct err_info one;
    (void)err_set(&one, E_CONFLICT, field, "%s", message);
    if (*n == 0 && first)
        *first = one;
    if (list)
        err_list_add(list, &one);
    (*n)++;
}

/* Every unmet check in the order the decisions list asks them; how many. */
static size_t care_act_check(const struct decision_state *s, struct err_list *list,
                             struct err_info *first)
{
    size_t n = 0;
    if (s->prevention == ANSWER_NONE)
        care_act_missing(list, first, &n, "care_act_prevention",
                         "record whether prevention services were considered");
    else if (s->prevention == ANSWER_NO)
        care_act_missing(list, first, &n, "care_act_prevention",
                         "prevention services must be considered before an assessment, review "
                         "or reassessment");
    if (s->finance_info == ANSWER_NONE)
        care_act_missing(list, first, &n, "care_act_finance_info",
                         "record whether information about finances and charging was given");
    else if (s->finance_info == ANSWER_NO)
        care_act_missing(list, first, &n, "care_act_finance_info",
                         "information about finances and charging must be given before an "
                         "assessment, review or reassessment");
    if (s->advocacy_needed == ANSWER_NONE)
        care_act_missing(list, first, &n, "care_act_advocacy_needed",
                         "record whether the person needs an independent advocate");
    else if (s->advocacy_needed == ANSWER_YES && s->advocacy_referral != ANSWER_YES)
        care_act_missing(list, first, &n, "care_act_advocacy_referral",
                         "the person needs an independent advocate: record that the referral "
                         "was made before the work begins");
    if (s->eligibility == ANSWER_NONE)
        care_act_missing(list, first, &n, "care_act_eligibility",
                         "record whether the person is likely to be eligible");
    return n;
}

enum err decision_care_act_gate(const struct decision_state *s, struct err_info *info)
{
    struct err_info first;
    if (care_act_check(s, NULL, &first) == 0)
        return E_OK;
    if (info)
        *info = first;
    return E_CONFLICT;
}

enum err decision_care_act_gate_all(const struct decision_state *s, struct err_list *list)
{
    return care_act_check(s, list, NULL) ? E_CONFLICT : E_OK;
}

enum err decision_transfer_gate(const struct decision *d, const struct decision_state *s,
                                enum contact_service service, struct err_info *info)
{
    if (d->kind != DECISION_TRANSFER || !d->value || strcmp(d->value, "assessment") != 0)
        return E_OK;
    if (service == SERVICE_NONE)
        return err_set(info, E_CONFLICT, "service",
                       "record whether the contact is about a child or an adult before a "
                       "transfer to assessment");
    return service == SERVICE_CHILDREN ? decision_recommendation_gate(s, info)
                                       : decision_care_act_gate(s, info);
}
