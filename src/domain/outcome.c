/*
 * outcome: the rules for recording a contact's outcome. The order of the checks is the order
 * in which a duty worker would put things right: the code, the service, what was given, the
 * priority, then the gates.
 */
#include "domain/outcome.h"

#include <string.h>

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
    if (!rc && oc->needs_care_act)
        rc = decision_care_act_gate(s, info);
    return rc;
}
