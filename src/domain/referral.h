/*
 * referral: a referral or transfer of a contact to a team or service (requirements C3, C4, C5,
 * A5) and its life: made (pending) by the front door, then accepted by the receiving team or
 * returned with a reason — once; a returned referral stays returned, and the front door makes
 * a new one if it must go elsewhere. A safeguarding referral is also a phone call, so it
 * records who was spoken to and when (C3). The kind of referral (assessment, locality hub,
 * single agency, other team) uses the transfer decision's vocabulary (domain/decision), so a
 * referral to assessment meets the same gate as a transfer decision (C5, Care Act). It also
 * words the written confirmation to the referrer from a template that carries references and
 * the receiving team, never the narrative or the persons' names. Rows are store/store_referral,
 * the API http/referrals; the clocks are the deadlines' (C3: 30 minutes, C4: 2 working hours,
 * 48 hours for the confirmation, 1 working day for the decision).
 */
#ifndef FD_DOMAIN_REFERRAL_H
#define FD_DOMAIN_REFERRAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/contact.h"
#include "domain/decision.h"
#include "domain/team.h"

enum referral_kind {
    REFERRAL_KIND_NONE = 0,
    REFERRAL_ASSESSMENT,    /* to a referral and assessment (or adult assessment) team */
    REFERRAL_LOCALITY_HUB,  /* L2 P3A */
    REFERRAL_SINGLE_AGENCY, /* one service's need, an outside agency */
    REFERRAL_OTHER_TEAM,
    REFERRAL_KIND_COUNT
};

enum referral_state {
    REFERRAL_PENDING = 0, /* waiting for the receiving team */
    REFERRAL_ACCEPTED,    /* on the team's workflow */
    REFERRAL_RETURNED,    /* returned with a reason */
    REFERRAL_STATE_COUNT
};

#define REFERRAL_REF_LEN 24 /* "R-2026-000123" */
#define REFERRAL_TEXT_MAX 5000
#define REFERRAL_NAME_MAX 200
#define REFERRAL_REASON_MAX 2000
/* How far ahead of the server clock a phone call may be recorded (clock skew). */
#define REFERRAL_FUTURE_SLACK_MS (5 * 60 * 1000)

/* A referral. Strings borrowed from whoever filled it. */
struct referral {
    int64_t id;
    char reference[REFERRAL_REF_LEN];
    int64_t contact_id;
    char contact_reference[REFERRAL_REF_LEN]; /* filled by reads */
    int64_t from_team_id;                     /* 0 when not known */
    const char *from_team_name;               /* filled by reads */
    int64_t to_team_id;
    const char *to_team_name; /* filled by reads */
    enum referral_kind kind;
    bool safeguarding;
    const char *recommendation; /* C5; "" when none */
    const char *work_plan;
    int64_t recommendation_decision_id; /* the decision it came from, 0 when none */
    const char *phoned_to;              /* C3: who was spoken to */
    int64_t phoned_at;                  /* UTC ms; 0 when not phoned */
    int64_t created_at;
    int64_t created_by;
    const char *created_by_name;
    enum referral_state state;
    int64_t answered_at; /* 0 while pending */
    int64_t answered_by;
    const char *answered_by_name;
    const char *answer_note;      /* the reason for a return; the note for an acceptance */
    int64_t confirmation_sent_at; /* 0 until sent */
};

const char *referral_kind_name(enum referral_kind k); /* "assessment", ...; "" for none */
enum referral_kind referral_kind_parse(const char *name);
const char *referral_kind_label(enum referral_kind k);  /* "Assessment", ... */
const char *referral_state_name(enum referral_state s); /* "pending", "accepted", "returned" */
enum referral_state referral_state_parse(const char *name, bool *ok);
/* The kind a referral to a team of type t is, when the referrer does not say: referral and
 * assessment teams (and adult intake) assess; locality hubs are the hub; outside agencies and
 * the voluntary sector are single agencies; any other team is another team. */
enum referral_kind referral_kind_for_team(enum team_type t);
/* C5: every case transferred to a referral and assessment team is a referral to assessment,
 * whatever the referrer calls it: E_INVALID naming "kind" otherwise. */
enum err referral_kind_check(enum team_type t, enum referral_kind k,
                             struct err_info *info) MUST_CHECK;

/*
 * Checks a new referral at now_ms on a contact received at contact_received_ms: a receiving
 * team, a known kind, texts within their limits, and for a safeguarding referral the phone
 * call (C3): who was spoken to and when — not before the contact came in and not in the
 * future. A phone call recorded on a referral that is not safeguarding is kept too. Names the
 * field. Does not check the C5 and Care Act gate (referral_assessment_gate) nor that the team
 * exists.
 */
enum err referral_validate(const struct referral *r, int64_t contact_received_ms, int64_t now_ms,
                           struct err_info *info) MUST_CHECK;
/* The latest recommendation decision on the contact (C5), as read by the store. Strings
 * borrowed; decision_id 0 and "" when there is none. */
struct referral_recommendation {
    int64_t decision_id;
    const char *value; /* "transfer_to_assessment" or "no_transfer" */
    const char *rationale;
    const char *work_plan;
};
/*
 * The gate a referral of kind assessment meets on a contact of service with decisions s (other
 * kinds pass), the same as a transfer decision to assessment (decision_transfer_gate):
 * - a contact that does not say child or adult: E_CONFLICT naming "service";
 * - a child (C5): the team manager's or senior practitioner's recommendation decision to
 *   transfer to assessment, with its work plan (E_CONFLICT naming "recommendation" or
 *   "work_plan", pointing at the contact's decisions). The referral then carries that
 *   decision's id, rationale and work plan; text typed into the referral's own recommendation
 *   or work plan that differs from the decision's is refused (E_INVALID naming the field): it
 *   never stands in for, nor rewrites, the decision;
 * - an adult (A3, A4, W8, W9, W14): the Care Act checks, every one not answered or not met
 *   added to gates (when not NULL) and the first in info (E_CONFLICT naming the check's
 *   decision kind); then a work plan for the receiving team written on the referral
 *   (E_INVALID naming "work_plan"). The recommendation text is optional: a manager's advice
 *   (A9), not a decision.
 */
enum err referral_assessment_gate(struct referral *r, enum contact_service service,
                                  const struct decision_state *s,
                                  const struct referral_recommendation *rec, struct err_info *info,
                                  struct err_list *gates) MUST_CHECK;
/* What stops a referral to a team: another referral of the same contact to the same team that
 * is still pending, or was accepted and is on the team's workflow (its reference in
 * open_reference, its state in open_state). A returned one does not: the contact may be
 * referred again. E_CONFLICT naming "to_team_id" with the open referral's reference. */
enum err referral_duplicate_check(const char *open_reference, enum referral_state open_state,
                                  const char *to_team_name, struct err_info *info) MUST_CHECK;

/* Who answers a referral, as the directory knows them. */
struct referral_answerer {
    bool in_team;      /* a member of the receiving team */
    bool may_allocate; /* a manager who may allocate work (role PERM_ALLOCATE) */
};
/*
 * The state machine: only a pending referral is answered, once; accepting puts it on the
 * team's workflow, returning needs a reason. Only a member of the receiving team or a manager
 * who may allocate work answers (E_DENIED). E_CONFLICT naming "state" for a referral already
 * answered; E_INVALID naming "reason" for a return without one.
 */
enum err referral_answer_check(const struct referral *r, const struct referral_answerer *who,
                               enum referral_state to, const char *reason,
                               struct err_info *info) MUST_CHECK;
/* What the state becomes: to when referral_answer_check allows it, else the state as it was. */
enum referral_state referral_next_state(enum referral_state from, enum referral_state to);

/* The facts the written confirmation carries. Strings borrowed; "" when not known. */
struct referral_letter {
    const char *referrer_name;
    const char *reference;         /* the referral's */
    const char *contact_reference; /* the contact's */
    const char *to_team_name;
    const char *to_team_line; /* the receiving team's duty line */
    const char *from_team_name;
    int64_t received_at; /* when the contact came in, UTC ms */
    int64_t referred_at; /* when the referral was made */
    enum referral_state state;
    int64_t answered_at;
    bool safeguarding;
};
/* Writes the subject and the text of the written confirmation to the referrer (C3, C4). Each is
 * truncated to fit its length. They name the references, dates and the receiving team only:
 * no narrative, no person. */
void referral_confirmation_subject(const struct referral_letter *l, char *out, size_t len);
void referral_confirmation_text(const struct referral_letter *l, char *out, size_t len);

/* Writes "R-YYYY-NNNNNN" for the seq'th referral of year. */
void referral_reference(int year, int64_t seq, char out[REFERRAL_REF_LEN]);

#endif
