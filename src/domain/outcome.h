/*
 * outcome: how a contact ends at the front door (requirements C7, L2, L6, A7, W11, W15, A14) —
 * one code from a configurable code set that covers the children's monthly table (C7), the
 * priority workflows (L2) and the adult request outcomes of the client level data return, each
 * marked as resolved at the front door or not. The code set itself is data (store/
 * store_outcome); the rules for choosing a code are here: the code must fit the contact's
 * service, a signposting outcome records what was given, a workflow outcome must match the
 * child's priority, and the gates of domain/decision apply (a transfer to assessment needs a
 * recommendation and work plan; an adult outcome leading to an assessment, review or
 * reassessment needs the Care Act checks). It also holds the rules for configuring the code
 * set (docs/outcomes.md): what a well-formed code is, the C7 rows and client level data outcomes
 * a code may count under, and which changes keep the reports true once a code has been used.
 * It is not the report of outcomes, and it does not store codes.
 */
#ifndef FD_DOMAIN_OUTCOME_H
#define FD_DOMAIN_OUTCOME_H

#include <stdbool.h>
#include <stddef.h>
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

#define OUTCOME_CODE_MAX 64     /* bytes of a code: lower_snake ASCII */
#define OUTCOME_LABEL_MAX 200   /* characters */
#define OUTCOME_REASON_MAX 500  /* characters of the reason for a change to the code set */
#define OUTCOME_SORT_MAX 100000 /* sort orders run from 1 to this */
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
    bool active;               /* false: retired, no longer offered or accepted */
    int sort_order;            /* 1 .. OUTCOME_SORT_MAX, display order */
    int version;               /* 1, 2, 3 ... each change to the code is a version; 0 unknown */
    bool used;                 /* recorded on at least one contact (filled by reads) */
};

/* A code with storage of its own, to keep one past the callback that lent it. Caller-owned;
 * no heap. Strings longer than the buffers (which the rules never allow) are cut short. */
struct outcome_code_copy {
    struct outcome_code oc; /* its strings point into the buffers below */
    char code[OUTCOME_CODE_MAX + 1];
    char label[OUTCOME_LABEL_MAX * 4 + 1];
    char c7_label[128];
    char cld_label[128];
};
/* Copies src into dst, dst->oc's strings pointing at dst's buffers. */
void outcome_code_copy(struct outcome_code_copy *dst, const struct outcome_code *src);

/* The fields of a code that a change may touch, as bits. */
enum outcome_code_field {
    OUTCOME_FIELD_LABEL = 1 << 0,
    OUTCOME_FIELD_GROUP = 1 << 1,
    OUTCOME_FIELD_RESOLVED = 1 << 2,
    OUTCOME_FIELD_C7_LABEL = 1 << 3,
    OUTCOME_FIELD_CLD_LABEL = 1 << 4,
    OUTCOME_FIELD_WORKFLOW = 1 << 5,
    OUTCOME_FIELD_NEEDS_RECOMMENDATION = 1 << 6,
    OUTCOME_FIELD_NEEDS_CARE_ACT = 1 << 7,
    OUTCOME_FIELD_NEEDS_SIGNPOSTING = 1 << 8,
    OUTCOME_FIELD_ACTIVE = 1 << 9,
    OUTCOME_FIELD_SORT_ORDER = 1 << 10,
};
/* The fields that decide how a contact closed with the code is counted or gated: frozen once
 * the code has been used. */
#define OUTCOME_FIELDS_COUNTING                                                                    \
    (OUTCOME_FIELD_GROUP | OUTCOME_FIELD_RESOLVED | OUTCOME_FIELD_C7_LABEL |                       \
     OUTCOME_FIELD_CLD_LABEL | OUTCOME_FIELD_WORKFLOW | OUTCOME_FIELD_NEEDS_RECOMMENDATION |       \
     OUTCOME_FIELD_NEEDS_CARE_ACT | OUTCOME_FIELD_NEEDS_SIGNPOSTING)

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

/* The rows of the children's monthly table (C7) a code may count under, in the table's order;
 * *n_out is how many. Static strings. */
const char *const *outcome_c7_labels(size_t *n_out);
/* The request outcomes of the adult social care client level data return a code may count
 * under; *n_out is how many. Static strings. */
const char *const *outcome_cld_labels(size_t *n_out);
/* Whether label is one of outcome_c7_labels / outcome_cld_labels (exactly). */
bool outcome_c7_label_known(const char *label);
bool outcome_cld_label_known(const char *label);

/*
 * Checks a code's definition as an administrator gives it: code lower_snake of at most
 * OUTCOME_CODE_MAX bytes; a label of one line within OUTCOME_LABEL_MAX characters; a group;
 * c7_label and cld_label empty or from the lists above; a C7 row only for children (or both), a
 * client level data outcome only for adults (or both), a workflow and the recommendation gate
 * only for children, the Care Act checks only for adults; at least one of c7_label, cld_label
 * and workflow, so every contact closed with it is counted somewhere; sort_order within 1 ..
 * OUTCOME_SORT_MAX. E_INVALID naming the field (API names: code, label, group, c7_label,
 * cld_label, workflow, needs_recommendation, needs_care_act_checks, sort_order) otherwise.
 */
enum err outcome_code_validate(const struct outcome_code *oc, struct err_info *info) MUST_CHECK;
/* Why the code set is changed: present, one line of valid UTF-8 text, at most
 * OUTCOME_REASON_MAX characters. E_INVALID naming "reason" otherwise. */
enum err outcome_code_reason_check(const char *reason, struct err_info *info) MUST_CHECK;
/* The enum outcome_code_field bits on which a and b differ (code and version are not compared). */
unsigned outcome_code_diff(const struct outcome_code *a, const struct outcome_code *b);
/* Lays the fields of given named by the enum outcome_code_field bits in fields over oc (a
 * change gives only what it changes); the other fields of oc, its code and version, stay. The
 * strings laid over are borrowed from given. */
void outcome_code_apply(struct outcome_code *oc, const struct outcome_code *given, unsigned fields);
/* The API name of one outcome_code_field bit ("label", "resolved_at_front_door", ...); "" for
 * anything else. Static string. */
const char *outcome_code_field_name(unsigned field);
/*
 * Checks changing before (as stored) into after (both valid): E_INVALID with no field when
 * nothing would change; when before->used, E_CONFLICT naming the first counting field that
 * would change (OUTCOME_FIELDS_COUNTING), telling the administrator to retire the code and add
 * a new one, because contacts already closed with it are counted by it. Label wording, sort
 * order and retiring or reinstating may always change.
 */
enum err outcome_code_change_check(const struct outcome_code *before,
                                   const struct outcome_code *after,
                                   struct err_info *info) MUST_CHECK;

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
/* outcome_check, and when the Care Act gate is what fails, every check not answered or not met
 * is also added to gates (when not NULL; see decision_care_act_gate_all), so the worker is told
 * all of them at once. info holds the first failure either way. */
enum err outcome_check_all(const struct outcome *o, const struct outcome_code *oc,
                           enum contact_service service, const struct decision_state *s,
                           struct err_info *info, struct err_list *gates) MUST_CHECK;

#endif
