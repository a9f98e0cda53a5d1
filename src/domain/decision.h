/*
 * decision: triage and the decisions made on a contact (requirements L2, C2, C5, A3, A4, A9,
 * W8, W9, W14) — each its own immutable record of what was decided, why (the rationale, A9),
 * by whom and when, and later authorised by whom. The kinds: a child's priority (P1, P2, P3A,
 * P3B, P4, each bound to its workflow), whether there is a safeguarding concern (decided only
 * by staff qualified to decide, C2), a team manager's or senior practitioner's recommendation
 * and work plan (C5), a transfer to a team, a move between work queues, and the Care Act
 * checks for adults. The gates that depend on earlier decisions (no transfer to assessment
 * without a recommendation and work plan; no outcome leading to an assessment, review or
 * reassessment until the Care Act checks are answered) are here, on plain structs. No value is
 * ever assumed: every decision states its value. Storage is store/store_decision, the API
 * http/decisions; outcomes are domain/outcome.
 */
#ifndef FD_DOMAIN_DECISION_H
#define FD_DOMAIN_DECISION_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/contact.h"
#include "domain/role.h"
#include "domain/worker.h"

enum decision_kind {
    DECISION_NONE = 0,
    DECISION_PRIORITY,       /* children (L2): P1 P2 P3A P3B P4 */
    DECISION_SAFEGUARDING,   /* concern / no_concern (C2, A6, W10) */
    DECISION_RECOMMENDATION, /* transfer_to_assessment / no_transfer, with a work plan (C5) */
    DECISION_TRANSFER,       /* assessment / locality_hub / single_agency / other_team + team */
    DECISION_ROUTE,          /* contact_centre / duty / team (+ team): which queue holds it */
    DECISION_CARE_ACT_PREVENTION,        /* yes / no: prevention services considered (W14) */
    DECISION_CARE_ACT_FINANCE_INFO,      /* yes / no: information on finances given (W9) */
    DECISION_CARE_ACT_ADVOCACY_NEEDED,   /* yes / no: substantial difficulty, nobody (W8) */
    DECISION_CARE_ACT_ADVOCACY_REFERRAL, /* yes / no: referral for an advocate made */
    DECISION_CARE_ACT_ELIGIBILITY,       /* yes / no: eligibility likely (A3) */
    DECISION_KIND_COUNT
};

/* The L2 workflows a child's priority binds to. */
enum workflow {
    WORKFLOW_NONE = 0,
    WORKFLOW_SOCIAL_CARE,            /* P1, P2 */
    WORKFLOW_LOCALITY_HUB,           /* P3A: multiple issues */
    WORKFLOW_SINGLE_AGENCY_REFERRAL, /* P3B: one service's need */
    WORKFLOW_SIGNPOSTING,            /* P4: universal services */
    WORKFLOW_COUNT
};

#define DECISION_RATIONALE_MAX 5000
#define DECISION_WORK_PLAN_MAX 5000
#define DECISION_VALUE_MAX 32

/* One decision. Strings are borrowed from whoever filled the struct. */
struct decision {
    int64_t id;
    int64_t contact_id;
    enum decision_kind kind;
    const char *value;      /* one of the kind's values, stated explicitly */
    const char *rationale;  /* why (A9); required */
    const char *work_plan;  /* recommendation only; may be "" until the plan is written */
    int64_t team_id;        /* transfer and route to a team */
    enum workflow workflow; /* priority only; set by decision_validate */
    int64_t decided_by;
    const char *decided_by_name; /* filled by reads */
    int64_t decided_at;          /* UTC ms */
    int64_t authorised_by;       /* 0 until authorised */
    const char *authorised_by_name;
    int64_t authorised_at;
    const char *authorisation_note;
};

/* The person deciding, as the directory knows them. */
struct decider {
    int64_t user_id;
    enum role role;
    bool has_worker; /* linked to a worker in the directory */
    enum worker_role worker_role;
    bool safeguarding_qualified;
    bool manages_team; /* marked manager of a team */
    bool active;       /* the worker's active dates include today */
};

const char *decision_kind_name(enum decision_kind k); /* "priority", ... static; "" none */
enum decision_kind decision_kind_parse(const char *name);
const char *decision_kind_label(enum decision_kind k); /* "Priority", ... static */
/* The values a kind accepts, NULL-terminated. Static. */
const char *const *decision_kind_values(enum decision_kind k);
bool decision_kind_is_care_act(enum decision_kind k);

const char *workflow_name(enum workflow w);  /* "social_care", ... static; "" none */
const char *workflow_label(enum workflow w); /* "Social care", ... static */
enum workflow workflow_parse(const char *name);
/* The workflow a priority ("P1" ... "P4") binds to; WORKFLOW_NONE when not a priority. */
enum workflow priority_workflow(const char *priority);

/*
 * Checks a new decision on a contact whose service is service: a known kind, one of its
 * values, a rationale, a team for a transfer or a move to a team's queue, and the service the
 * kind belongs to (priorities are children's, Care Act checks adults'; E_CONFLICT naming
 * "service" when the contact does not say). Sets d->workflow for a priority.
 */
enum err decision_validate(struct decision *d, enum contact_service service,
                           struct err_info *info) MUST_CHECK;

/* Whether who is a team manager or senior practitioner (or above) for C5 and authorisation:
 * a worker in such a role or marked manager of a team, or a manager's sign-in. */
bool decider_is_senior(const struct decider *who);
/*
 * Whether who may make decision d: a safeguarding decision only by an active worker qualified
 * to decide on safeguarding (C2), a recommendation only by a team manager or senior
 * practitioner (C5). E_DENIED with a message that says why and what to do.
 */
enum err decision_may_decide(const struct decision *d, const struct decider *who,
                             struct err_info *info) MUST_CHECK;
/* Whether who may authorise d: a senior decider (decider_is_senior), not the one who made it,
 * and not already authorised (E_CONFLICT). */
enum err decision_may_authorise(const struct decision *d, const struct decider *who,
                                struct err_info *info) MUST_CHECK;

/* The queue a route or transfer decision moves the contact to; false for other kinds. */
bool decision_queue(const struct decision *d, struct contact_queue *out);

enum answer { ANSWER_NONE = 0, ANSWER_YES, ANSWER_NO };

/* What the decisions on a contact add up to, built by feeding them oldest first. */
struct decision_state {
    char priority[DECISION_VALUE_MAX]; /* latest priority, "" when none */
    enum workflow workflow;
    bool has_recommendation;               /* any recommendation recorded */
    bool recommends_transfer;              /* the latest one is transfer_to_assessment */
    bool recommendation_has_plan;          /* ... with a work plan */
    char safeguarding[DECISION_VALUE_MAX]; /* latest, "" when none */
    enum answer prevention, finance_info, advocacy_needed, advocacy_referral, eligibility;
};

void decision_state_init(struct decision_state *s);
/* Folds d (the next decision in time order) into s. */
void decision_state_add(struct decision_state *s, const struct decision *d);

/* C5: E_CONFLICT naming "recommendation" or "work_plan" unless the latest recommendation is to
 * transfer to assessment and has a work plan. */
enum err decision_recommendation_gate(const struct decision_state *s,
                                      struct err_info *info) MUST_CHECK;
/* Care Act (A3, W8, W9, W14): E_CONFLICT naming the first check not answered or not met:
 * prevention considered (yes), finance information given (yes), advocacy needed answered and,
 * when yes, a referral made (yes), eligibility answered. */
enum err decision_care_act_gate(const struct decision_state *s, struct err_info *info) MUST_CHECK;
/* The same gate, adding every check not answered or not met to list (each E_CONFLICT naming
 * its decision kind, in that order), so the worker is told all of them at once: E_CONFLICT
 * when any was added, E_OK (list untouched) when all hold. */
enum err decision_care_act_gate_all(const struct decision_state *s,
                                    struct err_list *list) MUST_CHECK;
/* Whether a new decision d may follow the state s on a contact of service: a transfer to
 * assessment needs the recommendation (children) or the Care Act checks (adults). */
enum err decision_transfer_gate(const struct decision *d, const struct decision_state *s,
                                enum contact_service service, struct err_info *info) MUST_CHECK;

#endif
