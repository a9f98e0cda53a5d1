/*
 * outcome: the rules for recording a contact's outcome, and for configuring the code set. The
 * order of the checks is the order in which a duty worker (or an administrator) would put things
 * right: the code, the service, what was given, the priority, then the gates. The lists of C7
 * rows and client level data outcomes are the ones migration 5 seeds the code set with
 * (requirement C7; the CLD event outcome value set in uk-returns.md).
 */
#include "domain/outcome.h"

#include <stdio.h>
#include <string.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char *const groups[OUTCOME_GROUP_COUNT] = {"", "children", "adults", "both"};

const char *outcome_group_name(enum outcome_group g)
{
    return g > OUTCOME_GROUP_NONE && g < OUTCOME_GROUP_COUNT ? groups[g] : "";
}

enum outcome_group outcome_group_parse(const char *name)
{
    for (int g = OUTCOME_GROUP_NONE + 1; name && g < OUTCOME_GROUP_COUNT; g++)
        if (strcmp(name, groups[g]) == 0)
            return (enum outcome_group)g;
    return OUTCOME_GROUP_NONE;
}

enum err outcome_validate(const struct outcome *o, struct err_info *info)
{
    if (!o->code || !*o->code)
        return err_set(info, E_INVALID, "code", "select the outcome of the contact");
    if (contact_text_blank(o->rationale))
        return err_set(info, E_INVALID, "rationale", "enter the reason for the outcome");
    long n = utf8_length(o->rationale);
    if (n < 0 || n > OUTCOME_RATIONALE_MAX)
        return err_set(info, E_INVALID, "rationale",
                       "the reason must be valid text of %d characters or fewer",
                       OUTCOME_RATIONALE_MAX);
    if (o->signposted_to && *o->signposted_to) {
        n = utf8_length(o->signposted_to);
        if (n < 0 || n > OUTCOME_SIGNPOST_MAX)
            return err_set(info, E_INVALID, "signposted_to",
                           "what was given must be valid text of %d characters or fewer",
                           OUTCOME_SIGNPOST_MAX);
    }
    if (o->signposted_team_id < 0)
        return err_set(info, E_INVALID, "signposted_team_id", "team ids are whole numbers above 0");
    return E_OK;
}

enum err outcome_check(const struct outcome *o, const struct outcome_code *oc,
                       enum contact_service service, const struct decision_state *s,
                       struct err_info *info)
{
    return outcome_check_all(o, oc, service, s, info, NULL);
}

enum err outcome_check_all(const struct outcome *o, const struct outcome_code *oc,
                           enum contact_service service, const struct decision_state *s,
                           struct err_info *info, struct err_list *gates)
{
    if (!oc->active)
        return err_set(info, E_INVALID, "code", "the outcome '%.64s' is no longer in use",
                       oc->code);
    if (oc->group == OUTCOME_GROUP_CHILDREN || oc->group == OUTCOME_GROUP_ADULTS) {
        enum contact_service want =
            oc->group == OUTCOME_GROUP_CHILDREN ? SERVICE_CHILDREN : SERVICE_ADULTS;
        if (service == SERVICE_NONE)
            return err_set(info, E_CONFLICT, "service",
                           "record whether the contact is about a child or an adult before "
                           "choosing this outcome");
        if (service != want)
            return err_set(info, E_INVALID, "code", "'%.64s' is an outcome for contacts about %s",
                           oc->label, want == SERVICE_CHILDREN ? "children" : "adults");
    }
    if (oc->needs_signposting && contact_text_blank(o->signposted_to) && !o->signposted_team_id)
        return err_set(info, E_INVALID, "signposted_to",
                       "enter what was given: the service, helpline or information the person "
                       "was signposted to");
    if (oc->workflow != WORKFLOW_NONE) {
        if (!s->priority[0])
            return err_set(info, E_CONFLICT, "priority",
                           "set the child's priority (P1 to P4) before choosing its workflow");
        if (s->workflow != oc->workflow)
            return err_set(info, E_CONFLICT, "priority", "priority %s goes to %s, not %s",
                           s->priority, workflow_label(s->workflow), workflow_label(oc->workflow));
    }
    enum err rc = E_OK;
    if (oc->needs_recommendation)
        rc = decision_recommendation_gate(s, info);
    if (!rc && oc->needs_care_act) {
        rc = decision_care_act_gate(s, info);
        if (rc && gates) /* the same refusal, with every check */
            rc = decision_care_act_gate_all(s, gates);
    }
    return rc;
}

/* --- configuring the code set ------------------------------------------------------------- */

void outcome_code_copy(struct outcome_code_copy *dst, const struct outcome_code *src)
{
    dst->oc = *src;
    snprintf(dst->code, sizeof(dst->code), "%s", src->code ? src->code : "");
    snprintf(dst->label, sizeof(dst->label), "%s", src->label ? src->label : "");
    snprintf(dst->c7_label, sizeof(dst->c7_label), "%s", src->c7_label ? src->c7_label : "");
    snprintf(dst->cld_label, sizeof(dst->cld_label), "%s", src->cld_label ? src->cld_label : "");
    dst->oc.code = dst->code;
    dst->oc.label = dst->label;
    dst->oc.c7_label = dst->c7_label;
    dst->oc.cld_label = dst->cld_label;
}

static const char *const c7_labels[] = {
    "Advice / information",
    "Dealt with at or near point of contact - other services",
    "Financial Assistance",
    "Kinship Carer",
    "No further action",
    "Private Foster Care Notification",
    "Progress to Assessment on open case",
    "Progress to Referral",
    "Signpost to Other Agency",
};

static const char *const cld_labels[] = {
    "Progress to Reablement/ST-Max",
    "Progress to Assessment",
    "Admitted to hospital",
    "Progress to Re-assessment/Unplanned Review",
    "Progress to Support Planning/Services",
    "Progress to End of Life Care",
    "No change in package",
    "Service ended as planned",
    "NFA - Moved to another LA",
    "NFA - 100% NHS funded care",
    "NFA - Self-funded client (inc 12wk disregard)",
    "NFA - Support declined",
    "NFA - Information & Advice / Signposting only",
    "NFA - Deceased",
    "NFA - No services offered: Other reason",
    "NFA - Support ended: Other reason",
    "NFA - Other",
    "Progress to financial assessment",
    "Provision of service",
};

const char *const *outcome_c7_labels(size_t *n_out)
{
    *n_out = ARRAY_LEN(c7_labels);
    return c7_labels;
}

const char *const *outcome_cld_labels(size_t *n_out)
{
    *n_out = ARRAY_LEN(cld_labels);
    return cld_labels;
}

static bool in_list(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(list[i], s) == 0)
            return true;
    return false;
}

bool outcome_c7_label_known(const char *label)
{
    return in_list(c7_labels, ARRAY_LEN(c7_labels), label);
}

bool outcome_cld_label_known(const char *label)
{
    return in_list(cld_labels, ARRAY_LEN(cld_labels), label);
}

/* lower_snake: a letter, then letters and digits in words joined by single underscores. */
static bool lower_snake(const char *s)
{
    if (!s || !(*s >= 'a' && *s <= 'z'))
        return false;
    for (const char *p = s; *p; p++) {
        bool word = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
        if (!word && !(*p == '_' && p[1] && p[1] != '_'))
            return false;
    }
    return true;
}

/* One line of valid UTF-8 of 1 .. max characters; E_INVALID naming field, what being the
 * words for it in messages ("the label"). */
static enum err one_line(const char *s, long max, const char *field, const char *what,
                         struct err_info *info)
{
    if (contact_text_blank(s))
        return err_set(info, E_INVALID, field, "enter %s", what);
    long n = utf8_length(s);
    if (n < 0 || n > max)
        return err_set(info, E_INVALID, field, "%s must be valid text of %ld characters or fewer",
                       what, max);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7F)
            return err_set(info, E_INVALID, field,
                           "%s must be one line of text, without tabs or control characters", what);
    return E_OK;
}

static bool has(const char *s)
{
    return s && *s;
}

enum err outcome_code_validate(const struct outcome_code *oc, struct err_info *info)
{
    if (!has(oc->code))
        return err_set(info, E_INVALID, "code", "enter the code, for example 'advice_leaflet'");
    if (strlen(oc->code) > OUTCOME_CODE_MAX || !lower_snake(oc->code))
        return err_set(info, E_INVALID, "code",
                       "the code must be lower-case letters and digits in words joined by single "
                       "underscores, starting with a letter, at most %d characters, for example "
                       "'advice_leaflet'",
                       OUTCOME_CODE_MAX);
    enum err rc = one_line(oc->label, OUTCOME_LABEL_MAX, "label", "the label", info);
    if (rc)
        return rc;
    if (oc->group <= OUTCOME_GROUP_NONE || oc->group >= OUTCOME_GROUP_COUNT)
        return err_set(info, E_INVALID, "group",
                       "choose who the outcome is for: children, adults or both");
    bool children = oc->group != OUTCOME_GROUP_ADULTS;
    bool adults = oc->group != OUTCOME_GROUP_CHILDREN;
    if (has(oc->c7_label) && !outcome_c7_label_known(oc->c7_label))
        return err_set(info, E_INVALID, "c7_label",
                       "'%.80s' is not a row of the children's monthly table (C7): see "
                       "c7_labels in GET /api/outcomes",
                       oc->c7_label);
    if (has(oc->c7_label) && !children)
        return err_set(info, E_INVALID, "c7_label",
                       "the monthly table (C7) counts children's contacts: an outcome for adults "
                       "cannot count under it");
    if (has(oc->cld_label) && !outcome_cld_label_known(oc->cld_label))
        return err_set(info, E_INVALID, "cld_label",
                       "'%.80s' is not a request outcome of the client level data return: see "
                       "cld_labels in GET /api/outcomes",
                       oc->cld_label);
    if (has(oc->cld_label) && !adults)
        return err_set(info, E_INVALID, "cld_label",
                       "the client level data return counts adults' requests: an outcome for "
                       "children cannot count under it");
    if (oc->workflow < WORKFLOW_NONE || oc->workflow >= WORKFLOW_COUNT)
        return err_set(info, E_INVALID, "workflow",
                       "the workflow is social_care, locality_hub, single_agency_referral or "
                       "signposting");
    if (oc->workflow != WORKFLOW_NONE && oc->group != OUTCOME_GROUP_CHILDREN)
        return err_set(info, E_INVALID, "workflow",
                       "a priority workflow (L2) follows a child's priority: the outcome must be "
                       "for children");
    if (oc->needs_recommendation && oc->group != OUTCOME_GROUP_CHILDREN)
        return err_set(info, E_INVALID, "needs_recommendation",
                       "the recommendation and work plan (C5) are for children's transfers to "
                       "assessment: the outcome must be for children");
    if (oc->needs_care_act && oc->group != OUTCOME_GROUP_ADULTS)
        return err_set(info, E_INVALID, "needs_care_act_checks",
                       "the Care Act checks are for adults: the outcome must be for adults");
    if (!has(oc->c7_label) && !has(oc->cld_label) && oc->workflow == WORKFLOW_NONE)
        return err_set(info, E_INVALID,
                       oc->group == OUTCOME_GROUP_ADULTS ? "cld_label" : "c7_label",
                       "say what the outcome counts under (a row of the monthly table (C7), a "
                       "client level data outcome or a priority workflow) so that contacts "
                       "closed with it are counted");
    if (oc->sort_order < 1 || oc->sort_order > OUTCOME_SORT_MAX)
        return err_set(info, E_INVALID, "sort_order",
                       "the sort order is a whole number from 1 to %d", OUTCOME_SORT_MAX);
    return E_OK;
}

enum err outcome_code_reason_check(const char *reason, struct err_info *info)
{
    return one_line(reason, OUTCOME_REASON_MAX, "reason", "the reason for the change", info);
}

static bool same(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

unsigned outcome_code_diff(const struct outcome_code *a, const struct outcome_code *b)
{
    unsigned d = 0;
    if (!same(a->label, b->label))
        d |= OUTCOME_FIELD_LABEL;
    if (a->group != b->group)
        d |= OUTCOME_FIELD_GROUP;
    if (a->resolved != b->resolved)
        d |= OUTCOME_FIELD_RESOLVED;
    if (!same(a->c7_label, b->c7_label))
        d |= OUTCOME_FIELD_C7_LABEL;
    if (!same(a->cld_label, b->cld_label))
        d |= OUTCOME_FIELD_CLD_LABEL;
    if (a->workflow != b->workflow)
        d |= OUTCOME_FIELD_WORKFLOW;
    if (a->needs_recommendation != b->needs_recommendation)
        d |= OUTCOME_FIELD_NEEDS_RECOMMENDATION;
    if (a->needs_care_act != b->needs_care_act)
        d |= OUTCOME_FIELD_NEEDS_CARE_ACT;
    if (a->needs_signposting != b->needs_signposting)
        d |= OUTCOME_FIELD_NEEDS_SIGNPOSTING;
    if (a->active != b->active)
        d |= OUTCOME_FIELD_ACTIVE;
    if (a->sort_order != b->sort_order)
        d |= OUTCOME_FIELD_SORT_ORDER;
    return d;
}

/* Each field's API name and, for messages, what it is in words. */
static const struct {
    unsigned field;
    const char *name, *words;
} field_names[] = {
    {OUTCOME_FIELD_LABEL, "label", "label"},
    {OUTCOME_FIELD_GROUP, "group", "group (children, adults or both)"},
    {OUTCOME_FIELD_RESOLVED, "resolved_at_front_door", "'resolved at the front door'"},
    {OUTCOME_FIELD_C7_LABEL, "c7_label", "row of the monthly table (C7)"},
    {OUTCOME_FIELD_CLD_LABEL, "cld_label", "client level data outcome"},
    {OUTCOME_FIELD_WORKFLOW, "workflow", "workflow"},
    {OUTCOME_FIELD_NEEDS_RECOMMENDATION, "needs_recommendation",
     "need for a recommendation and work plan"},
    {OUTCOME_FIELD_NEEDS_CARE_ACT, "needs_care_act_checks", "need for the Care Act checks"},
    {OUTCOME_FIELD_NEEDS_SIGNPOSTING, "needs_signposting", "need to record what was given"},
    {OUTCOME_FIELD_ACTIVE, "active", "being in use"},
    {OUTCOME_FIELD_SORT_ORDER, "sort_order", "sort order"},
};

void outcome_code_apply(struct outcome_code *oc, const struct outcome_code *given, unsigned fields)
{
    if (fields & OUTCOME_FIELD_LABEL)
        oc->label = given->label;
    if (fields & OUTCOME_FIELD_GROUP)
        oc->group = given->group;
    if (fields & OUTCOME_FIELD_RESOLVED)
        oc->resolved = given->resolved;
    if (fields & OUTCOME_FIELD_C7_LABEL)
        oc->c7_label = given->c7_label;
    if (fields & OUTCOME_FIELD_CLD_LABEL)
        oc->cld_label = given->cld_label;
    if (fields & OUTCOME_FIELD_WORKFLOW)
        oc->workflow = given->workflow;
    if (fields & OUTCOME_FIELD_NEEDS_RECOMMENDATION)
        oc->needs_recommendation = given->needs_recommendation;
    if (fields & OUTCOME_FIELD_NEEDS_CARE_ACT)
        oc->needs_care_act = given->needs_care_act;
    if (fields & OUTCOME_FIELD_NEEDS_SIGNPOSTING)
        oc->needs_signposting = given->needs_signposting;
    if (fields & OUTCOME_FIELD_ACTIVE)
        oc->active = given->active;
    if (fields & OUTCOME_FIELD_SORT_ORDER)
        oc->sort_order = given->sort_order;
}

const char *outcome_code_field_name(unsigned field)
{
    for (size_t i = 0; i < ARRAY_LEN(field_names); i++)
        if (field_names[i].field == field)
            return field_names[i].name;
    return "";
}

enum err outcome_code_change_check(const struct outcome_code *before,
                                   const struct outcome_code *after, struct err_info *info)
{
    unsigned d = outcome_code_diff(before, after);
    if (!d)
        return err_set(info, E_INVALID, "",
                       "nothing would change: the outcome '%.64s' is already like this",
                       before->code);
    unsigned frozen = before->used ? d & OUTCOME_FIELDS_COUNTING : 0;
    for (size_t i = 0; frozen && i < ARRAY_LEN(field_names); i++)
        if (frozen & field_names[i].field)
            return err_set(info, E_CONFLICT, field_names[i].name,
                           "the outcome '%.64s' has been recorded on contacts, so its %s cannot "
                           "change: retire it and add a new code instead",
                           before->code, field_names[i].words);
    return E_OK;
}
