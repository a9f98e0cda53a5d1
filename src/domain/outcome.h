/*
 * outcome: how a contact ends at the front door (requirements C7, L2, L6, A7, W11, W15, A14) —
 * one code from a configurable code set that covers the children's monthly table (C7), the
 * priority workflows (L2) and the adult request outcomes of the client level data return, each
 * marked as resolved at the front door or not. The code set itself is data (store/
 * store_outcome); the rules for choosing a code are here: the code must fit the contact's
 * service, a signposting outcome records what was given, a workflow outcome must match the
 * child's priority, and the gates of domain/decision apply (a transfer to assessment needs a
 * recommendation and work plan; an adult outcome leading to an assessment, review or
 * reassessment needs the Care Act checks). It is not the report of outcomes.
 */
#ifndef FD_DOMAIN_OUTCOME_H
#define FD_DOMAIN_OUTCOME_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/contact.h"
#include "domain/decision.h"

enum outcome_group {
    OUTCOME_GROUP_NONE = 0,
    OUTCOME_GROUP_CHILDREN,
    OUTCOME_GROUP_ADULTS,
    OUTCOME_GROUP_BOTH,
    OUTCOME_GROUP_COUNT
};

#define OUTCOME_CODE_MAX 64
#define OUTCOME_RATIONALE_MAX 5000
#define OUTCOME_SIGNPOST_MAX 2000

/* One code of the code set. Strings borrowed from whoever filled it. */
struct outcome_code {
    const char *code;  /* "advice_information" */
    const char *label; /* "Advice / information" */
    enum outcome_group group;
    bool resolved;             /* resolved at the front door (C7's percentage) */
    const char *c7_label;      /* the row of the C7 monthly table, "" when none */
    const char *cld_label;     /* the client level data request outcome, "" when none */
    enum workflow workflow;    /* the L2 workflow it records, WORKFLOW_NONE when none */
    bool needs_recommendation; /* a transfer to assessment: C5 */
    bool needs_care_act;       /* leads to an assessment, review or reassessment */
    bool needs_signposting;    /* records what was given or where to */
    bool active;
    int sort_order;
};

/* The outcome recorded on a contact. Strings borrowed. */
struct outcome {
    int64_t id;
    int64_t contact_id;
    const char *code;
    const char *rationale;
    const char *signposted_to;  /* what was given: a service, leaflet or helpline; "" none */
    int64_t signposted_team_id; /* a directory team signposted to; 0 none */
    int64_t decided_by;
    const char *decided_by_name; /* filled by reads */
    int64_t decided_at;          /* UTC ms */
    const char *label;           /* filled by reads */
    bool resolved;               /* filled by reads */
};

const char *outcome_group_name(enum outcome_group g); /* "children", "adults", "both" */
enum outcome_group outcome_group_parse(const char *name);

/* Checks the shape of a new outcome: a code, a rationale, what was given within its length. */
enum err outcome_validate(const struct outcome *o, struct err_info *info) MUST_CHECK;
/*
 * Checks choosing code oc for a contact of service with decisions s: the code is in use and
 * fits the service (E_CONFLICT naming "service" when the contact does not say whether it is
 * about a child or an adult and the code is for one of them); a signposting code records what
 * was given (E_INVALID naming "signposted_to"); a workflow code matches the priority
 * (E_CONFLICT naming "priority"); and the C5 and Care Act gates hold (E_CONFLICT naming what
 * is missing).
 */
enum err outcome_check(const struct outcome *o, const struct outcome_code *oc,
                       enum contact_service service, const struct decision_state *s,
                       struct err_info *info) MUST_CHECK;

#endif
