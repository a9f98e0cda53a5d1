/*
 * demo_contacts: the demo's contacts, decisions, outcomes and greeting scripts, as a table.
 * Each contact is recorded by one demo user, then its decisions and outcome are made by the
 * users named, through store/store_decision and store/store_outcome, so the demo obeys the
 * rules it demonstrates (a decision the rules refuse makes `init --demo` fail loudly).
 */
#include "cli/demo_contacts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "domain/contact.h"
#include "domain/decision.h"
#include "domain/greeting.h"
#include "domain/outcome.h"
#include "store/store_contact.h"
#include "store/store_decision.h"
#include "store/store_greeting.h"
#include "store/store_outcome.h"
#include "store/store_team.h"
#include "store/store_worker.h"

enum who { NOBODY = 0, AGENT, PRACTITIONER, MANAGER, DUTY, COORDINATOR };

#define DEMO_DECISIONS 6

struct demo_decision {
    enum who who;
    enum decision_kind kind;
    const char *value, *rationale, *work_plan, *team;
};

static const struct demo_contact {
    enum who recorder;
    const char *line; /* team whose line it came in on; NULL: none */
    enum channel channel;
    int minutes_ago;
    enum contact_source source;
    const char *source_code; /* NULL: the source's default */
    const char *caller, *organisation, *role, *phone;
    const char *summary;
    const char *reason;
    enum contact_service service;
    enum share_consent consent;
    const char *justification;
    const char *interpreter;
    bool danger;
    const char *requested_worker; /* staff number */
    struct demo_decision decisions[DEMO_DECISIONS];
    enum who outcome_by;
    const char *outcome, *outcome_rationale, *signposted_to, *signposted_team;
    enum who handover_to;
    const char *handover_note;
} contacts[] = {
    /* C7: Advice / information */
    {AGENT,
     "Contact Centre",
     CHANNEL_PHONE,
     300,
     SOURCE_FAMILY,
     NULL,
     "Carys Pennant",
     NULL,
     NULL,
     "01632 960 811",
     "Mother asking what support there is for her son with autism starting secondary school.",
     "information_advice",
     SERVICE_CHILDREN,
     SHARE_CONSENT_YES,
     NULL,
     NULL,
     false,
     NULL,
     {{0}},
     AGENT,
     "advice_information",
     "Gave information on the local offer and the SEN support service; nothing more needed.",
     "Local offer web page and the SENDIASS helpline number",
     NULL,
     NOBODY,
     NULL},
    /* C7: Dealt with at or near point of contact - other services */
    {AGENT,
     "Contact Centre",
     CHANNEL_EMAIL,
     420,
     SOURCE_SCHOOL,
     NULL,
     "Mr D. Ashworth",
     "Eastfield Primary School",
     "Headteacher",
     NULL,
     "School asks who to contact about transport for a pupil in foster care moving placement.",
     "information_advice",
     SERVICE_CHILDREN,
     SHARE_CONSENT_NOT_ASKED,
     NULL,
     NULL,
     false,
     NULL,
     {{0}},
     AGENT,
     "dealt_with_other_services",
     "Passed to school transport team by phone while the head was on the line.",
     NULL,
     NULL,
     NOBODY,
     NULL},
    /* C7: Financial assistance */
    {PRACTITIONER,
     "Leaving Care Service",
     CHANNEL_PHONE,
     500,
     SOURCE_SELF,
     NULL,
     "Jordan (care leaver, 19)",
     NULL,
     NULL,
     "07700 900 311",
     "Care leaver has no electricity on the key meter and no money until Friday.",
     "financial_help",
     SERVICE_CHILDREN,
     SHARE_CONSENT_YES,
     NULL,
     NULL,
     false,
     NULL,
     {{0}},
     PRACTITIONER,
     "financial_assistance",
     "Leaving care emergency payment agreed; PA to review budgeting at the next visit.",
     NULL,
     NULL,
     NOBODY,
     NULL},
    /* C7: Kinship carer */
    {AGENT,
     "Contact Centre",
     CHANNEL_PHONE,
     700,
     SOURCE_FAMILY,
     NULL,
     "Mrs P. Okonjo",
     NULL,
     NULL,
     "01632 960 845",
     "Grandmother has looked after her two grandchildren for a month while their mother is in "
     "hospital; asking about support as a kinship carer.",
     "request_service",
     SERVICE_CHILDREN,
     SHARE_CONSENT_YES,
     NULL,
     NULL,
     false,
     NULL,
     {{0}},
     AGENT,
     "kinship_carer",
     "Referred to the kinship care team for a kinship assessment.",
     NULL,
     NULL,
     NOBODY,
     NULL},
    /* C7: No further action */
    {AGENT,
     "Contact Centre",
     CHANNEL_PHONE,
     900,
     SOURCE_ANONYMOUS,
     NULL,
     "Anonymous caller",
     NULL,
     NULL,
     NULL,
     "Caller says children at a house on Mill Lane are noisy late at night; no other concern "
     "when asked.",
     "concern_child",
     SERVICE_CHILDREN,
     SHARE_CONSENT_NOT_ASKED,
     NULL,
     NULL,
     false,
     NULL,
     {{0}},
     MANAGER,
     "no_further_action",
     "Noise only; no indication of harm or neglect after questions; caller given the "
     "environmental health number.",
     NULL,
     NULL,
     NOBODY,
     NULL},
    /* C7: Private foster care notification */
    {AGENT,
     "Children's Reception Team",
     CHANNEL_LETTER,
     1500,
     SOURCE_SCHOOL,
     NULL,
     "Ms R. Delaney",
     "Westgate Academy",
     "Designated safeguarding lead",
     NULL,
     "School tells us a Year 9 pupil has lived with a family friend for six weeks while her "
     "parents work abroad.",
     "private_fostering",
     SERVICE_CHILDREN,
     SHARE_CONSENT_YES,
     NULL,
     NULL,
     false,
     NULL,
     {{0}},
     MANAGER,
     "private_fostering_notification",
     "Private fostering arrangement notified; passed for a private fostering assessment.",
     NULL,
     NULL,
     NOBODY,
     NULL},
    /* C7: Progress to assessment on open case (C5: recommendation and work plan) */
    {AGENT,
     "Children's Reception Team",
     CHANNEL_PROFESSIONAL_LINE,
     240,
     SOURCE_PROFESSIONAL,
     "3B",
     "Amy Roberts",
     "Eastfield Health Visiting",
     "Health visitor",
     "01632 960 870",
     "Health visitor reports the baby of an open case has lost weight at two checks and the "
     "mother is missing appointments.",
     "concern_child",
     SERVICE_CHILDREN,
     SHARE_CONSENT_NO,
     "Mother refused consent; information shared because the baby may be at risk of harm.",
     NULL,
     false,
     NULL,
     {{MANAGER, DECISION_SAFEGUARDING, "concern",
       "Faltering growth and missed health appointments for a baby on an open case.", NULL, NULL},
      {MANAGER, DECISION_RECOMMENDATION, "transfer_to_assessment",
       "Needs the allocated social worker to assess now rather than at the next review.",
       "Joint home visit with the health visitor within 2 working days; GP and midwife "
       "checks; update the plan.",
       NULL}},
     MANAGER,
     "progress_assessment_open_case",
     "Recommendation and work plan recorded; allocated team told by phone.",
     NULL,
     NULL,
     NOBODY,
     NULL},
    /* C7: Progress to referral: a safeguarding referral from the police (C2, C3, C5) */
    {AGENT,
     "Children's Reception Team",
     CHANNEL_PROFESSIONAL_LINE,
     120,
     SOURCE_POLICE,
     NULL,
     "PC Sam Whitfield",
     "Police Public Protection Unit",
     "Officer",
     "0306 999 0901",
     "Police attended a domestic incident overnight; two children aged 4 and 7 were in the "
     "house.",
     "concern_child",
     SERVICE_CHILDREN,
     SHARE_CONSENT_NOT_ASKED,
     NULL,
     NULL,
     false,
     NULL,
     {{MANAGER, DECISION_SAFEGUARDING, "concern",
       "Children present at a domestic abuse incident with injuries to the mother.", NULL, NULL},
      {MANAGER, DECISION_PRIORITY, "P1", "Immediate safeguarding concern for two children.", NULL,
       NULL},
      {MANAGER, DECISION_RECOMMENDATION, "transfer_to_assessment",
       "Strategy discussion needed today.",
       "Strategy discussion with police today; section 47 enquiries; see both children within "
       "24 hours.",
       NULL},
      {MANAGER, DECISION_TRANSFER, "assessment",
       "Phoned through to Referral and Assessment North duty; on their workflow.", NULL,
       "Referral and Assessment North"}},
     MANAGER,
     "progress_to_referral",
     "Safeguarding referral to Referral and Assessment North; referrer told what happens next.",
     NULL,
     NULL,
     NOBODY,
     NULL},
    /* C7: Signpost to other agency */
    {AGENT,
     "Contact Centre",
     CHANNEL_WEB,
     2000,
     SOURCE_FRIEND_NEIGHBOUR,
     NULL,
     "Mr T. Haldane",
     NULL,
     NULL,
     NULL,
     "Neighbour asks if anyone can help a family next door who have just arrived in the area "
     "and know nobody.",
     "information_advice",
     SERVICE_CHILDREN,
     SHARE_CONSENT_NOT_ASKED,
     NULL,
     NULL,
     false,
     NULL,
     {{0}},
     AGENT,
     "signpost_other_agency",
     "Community support is what is asked for; no concern.",
     "Eastfield Community Navigators: drop-in times and phone number",
     "Eastfield Community "
     "Navigators",
     NOBODY,
     NULL},
    /* L1, L2: a web request for service triaged P3A to the locality hub */
    {COORDINATOR,
     "First Response",
     CHANNEL_WEB,
     3000,
     SOURCE_HEALTH,
     "3A",
     "Dr N. Bhatt",
     "Riverside Surgery",
     "GP",
     NULL,
     "Request for service: family under strain, school attendance falling, father's drinking "
     "worse since losing his job.",
     "request_service",
     SERVICE_CHILDREN,
     SHARE_CONSENT_YES,
     NULL,
     NULL,
     false,
     NULL,
     {{COORDINATOR, DECISION_PRIORITY, "P3A",
       "Several issues, no immediate risk: the locality hub can bring services together.", NULL,
       NULL}},
     COORDINATOR,
     "l2_locality_hub",
     "On the agenda for the next East locality hub.",
     NULL,
     NULL,
     NOBODY,
     NULL},
    /* Adults: a carer asks for an assessment (A3, W8, W9, W14: the Care Act checks) */
    {DUTY,
     "Adult Customer Contact Team",
     CHANNEL_LETTER,
     4000,
     SOURCE_FAMILY,
     NULL,
     "Mrs A. Rowe",
     NULL,
     NULL,
     "01632 960 902",
     "Wife asks for an assessment of her husband's needs after his stroke; she cares for him "
     "day and night.",
     "request_assessment",
     SERVICE_ADULTS,
     SHARE_CONSENT_YES,
     NULL,
     NULL,
     false,
     NULL,
     {{DUTY, DECISION_CARE_ACT_PREVENTION, "yes",
       "Reablement considered; needs are long term after the stroke.", NULL, NULL},
      {DUTY, DECISION_CARE_ACT_FINANCE_INFO, "yes", "Charging leaflet sent and explained by phone.",
       NULL, NULL},
      {DUTY, DECISION_CARE_ACT_ADVOCACY_NEEDED, "no",
       "Mr Rowe can take part with his wife's support.", NULL, NULL},
      {DUTY, DECISION_CARE_ACT_ELIGIBILITY, "yes",
       "Needs with personal care every day and night; likely eligible.", NULL, NULL}},
     DUTY,
     "cld_assessment",
     "Care Act assessment for Mr Rowe and a carer's assessment offered.",
     NULL,
     NULL,
     NOBODY,
     NULL},
    /* Adults: information and advice only (A7, W11, W15) */
    {DUTY,
     "Adult Customer Contact Team",
     CHANNEL_PHONE,
     1100,
     SOURCE_SELF,
     NULL,
     "Mr G. Fairweather",
     NULL,
     NULL,
     "01632 960 917",
     "Older man asks where to get help with shopping now he has stopped driving.",
     "information_advice",
     SERVICE_ADULTS,
     SHARE_CONSENT_YES,
     NULL,
     "Welsh",
     false,
     NULL,
     {{0}},
     DUTY,
     "cld_nfa_information_signposting",
     "Information was all that was asked for.",
     "Later Life Advice Line and the community transport scheme",
     "Later Life Advice Line",
     NOBODY,
     NULL},
    /* Still open: someone in danger now (W10), waiting in the duty queue */
    {AGENT,
     "Contact Centre",
     CHANNEL_PHONE,
     8,
     SOURCE_FRIEND_NEIGHBOUR,
     NULL,
     "Ms L. Carter",
     NULL,
     NULL,
     "07700 900 455",
     "Neighbour can hear a man shouting and a woman screaming next door; says she thinks he has "
     "a knife. Told to call 999 now.",
     "concern_adult",
     SERVICE_NONE,
     SHARE_CONSENT_NOT_ASKED,
     NULL,
     NULL,
     true,
     NULL,
     {{0}},
     NOBODY,
     NULL,
     NULL,
     NULL,
     NULL,
     NOBODY,
     NULL},
    /* Still open: a care leaver asks for their PA, handed to the PA for acceptance (H12) */
    {AGENT,
     "Leaving Care Service",
     CHANNEL_PHONE,
     25,
     SOURCE_SELF,
     NULL,
     "Kayleigh (aged 20)",
     NULL,
     NULL,
     "07700 900 518",
     "Asking for her PA, Priya Shah, about her college bursary form; not urgent.",
     "named_worker",
     SERVICE_CHILDREN,
     SHARE_CONSENT_YES,
     NULL,
     NULL,
     false,
     "W1003",
     {{0}},
     NOBODY,
     NULL,
     NULL,
     NULL,
     NULL,
     PRACTITIONER,
     "Call-back agreed for this afternoon; Priya to help with the bursary form."},
    /* Still open: a GP on the professionals' line, triaged P2, waiting for a recommendation */
    {AGENT,
     "Children's Reception Team",
     CHANNEL_PROFESSIONAL_LINE,
     50,
     SOURCE_HEALTH,
     "3A",
     "Dr H. Osei",
     "Riverside Surgery",
     "GP",
     "01632 960 880",
     "GP concerned about bruising on a 3-year-old's upper arms; mother's explanation does not "
     "fit.",
     "concern_child",
     SERVICE_CHILDREN,
     SHARE_CONSENT_YES,
     NULL,
     NULL,
     false,
     NULL,
     {{MANAGER, DECISION_PRIORITY, "P2",
       "Unexplained bruising on a young child needs a social work response today.", NULL, NULL}},
     NOBODY,
     NULL,
     NULL,
     NULL,
     NULL,
     NOBODY,
     NULL},
};

/* Lines with scripts of their own (H7, docs/lines.md), set by the administrator in this order;
 * a line named twice has two versions. The other lines use the default script. */
static const struct {
    const char *team, *code, *script, *reason;
} greetings[] = {
    {"Leaving Care Service", "leaving_care_helpline", "Leaving Care, {name} speaking.",
     "Leaving care helpline opened"},
    {"Leaving Care Service", NULL,
     "Leaving Care Service helpline, {name} speaking. How can I help?",
     "The script young people know from the leaving care leaflet (H7)"},
    {"Children's Reception Team", "childrens_reception_line",
     "Children's Reception Team, {name} speaking. How can I help?", "Reception line script"},
    {"Emergency Duty Team", NULL,
     "{team}, out-of-hours social care, {name} speaking. Is anyone in danger right now?",
     "Out-of-hours calls ask about danger first"},
    {"Adult Customer Contact Team", NULL,
     "Adult Social Care, {name} speaking. How can I help you today?",
     "Adult callers know the service as Adult Social Care"},
    {"First Response", NULL,
     "First Response, {name} speaking. Are you calling about a child's safety?",
     "Professionals' line for concerns about a child"},
};

static int64_t user_of(const struct demo_ctx *ctx, enum who w)
{
    switch (w) {
    case AGENT:
        return ctx->agent_id;
    case PRACTITIONER:
        return ctx->practitioner_id;
    case MANAGER:
        return ctx->manager_id;
    case DUTY:
        return ctx->duty_manager_id;
    case COORDINATOR:
        return ctx->coordinator_id;
    default:
        return 0;
    }
}

static enum role role_of(enum who w)
{
    switch (w) {
    case AGENT:
        return ROLE_AGENT;
    case PRACTITIONER:
        return ROLE_PRACTITIONER;
    case MANAGER:
        return ROLE_MANAGER;
    case DUTY:
        return ROLE_DUTY_MANAGER;
    case COORDINATOR:
        return ROLE_COORDINATOR;
    default:
        return ROLE_NONE;
    }
}

static enum err team_id(struct store_tx *tx, const char *name, int64_t *out)
{
    *out = 0;
    if (!name)
        return E_OK;
    struct team *t = xmalloc(sizeof(*t));
    enum err rc = store_team_by_name(tx, name, t);
    *out = t->id;
    free(t);
    if (rc)
        fprintf(stderr, "demo contacts: no team '%s'\n", name);
    return rc;
}

static enum err load_contact(struct store_tx *tx, const struct demo_ctx *ctx,
                             const struct demo_contact *d)
{
    struct err_info info = {{0}, {0}};
    struct contact c = {
        .channel = d->channel,
        /* whole minutes, as a person would type them */
        .received_at = (store_tx_now(tx) / 60000 - d->minutes_ago) * 60000,
        .caller_name = d->caller,
        .summary = d->summary,
        .source = d->source,
        .caller_organisation = d->organisation,
        .caller_role = d->role,
        .caller_phone = d->phone,
        .reason_code = d->reason,
        .service = d->service,
        .consent = d->consent,
        .consent_justification = d->justification,
        .interpreter_language = d->interpreter,
        .danger_now = d->danger,
    };
    if (channel_is_call(c.channel))
        c.answered_at = c.received_at + 15000;
    snprintf(c.source_code, sizeof(c.source_code), "%s", d->source_code ? d->source_code : "");
    enum err rc = team_id(tx, d->line, &c.line_team_id);
    if (!rc && d->requested_worker) {
        struct worker *w = xmalloc(sizeof(*w));
        rc = store_worker_by_staff_number(tx, d->requested_worker, w);
        c.requested_worker_id = w->id;
        free(w);
    }
    if (!rc)
        rc = contact_validate(&c, store_tx_now(tx), &info);
    if (rc) {
        fprintf(stderr, "demo contacts: '%s': %s %s\n", d->caller, info.field, info.message);
        return rc;
    }
    store_tx_set_actor(tx, user_of(ctx, d->recorder), "");
    rc = store_contact_insert(tx, &c);
    for (size_t i = 0; !rc && i < DEMO_DECISIONS && d->decisions[i].kind; i++) {
        const struct demo_decision *dd = &d->decisions[i];
        struct decision dec = {
            .contact_id = c.id,
            .kind = dd->kind,
            .value = dd->value,
            .rationale = dd->rationale,
            .work_plan = dd->work_plan,
        };
        struct decider who;
        rc = team_id(tx, dd->team, &dec.team_id);
        if (!rc)
            rc = store_decision_decider(tx, user_of(ctx, dd->who), role_of(dd->who), &who);
        store_tx_set_actor(tx, user_of(ctx, dd->who), "");
        if (!rc)
            rc = store_decision_make(tx, &dec, &who, &info, NULL);
        if (rc)
            fprintf(stderr, "demo contacts: '%s': decision %s refused: %s\n", d->caller,
                    decision_kind_name(dd->kind), info.message);
    }
    if (!rc && d->outcome) {
        struct outcome o = {
            .contact_id = c.id,
            .code = d->outcome,
            .rationale = d->outcome_rationale,
            .signposted_to = d->signposted_to,
        };
        rc = team_id(tx, d->signposted_team, &o.signposted_team_id);
        store_tx_set_actor(tx, user_of(ctx, d->outcome_by), "");
        if (!rc)
            rc = store_outcome_record(tx, &o, &info);
        if (rc)
            fprintf(stderr, "demo contacts: '%s': outcome %s refused: %s\n", d->caller, d->outcome,
                    info.message);
    }
    if (!rc && d->handover_to) {
        struct handover h = {
            .contact_id = c.id,
            .from_user_id = c.owner_user_id,
            .to_user_id = user_of(ctx, d->handover_to),
            .note = d->handover_note,
        };
        store_tx_set_actor(tx, user_of(ctx, d->recorder), "");
        rc = store_contact_handover_add(tx, &h);
    }
    return rc;
}

enum err demo_contact_workflow(struct store_tx *tx, const struct demo_ctx *ctx)
{
    enum err rc = E_OK;
    store_tx_set_actor(tx, ctx->admin_id, "");
    for (size_t i = 0; !rc && i < sizeof(greetings) / sizeof(greetings[0]); i++) {
        int64_t id;
        struct err_info info;
        rc = greeting_script_check(greetings[i].script, &info);
        if (!rc)
            rc = greeting_reason_check(greetings[i].reason, &info);
        if (!rc)
            rc = team_id(tx, greetings[i].team, &id);
        if (!rc)
            rc = store_greeting_set(tx, id, greetings[i].code, greetings[i].script,
                                    store_tx_now(tx), greetings[i].reason, NULL);
    }
    for (size_t i = 0; !rc && i < sizeof(contacts) / sizeof(contacts[0]); i++)
        rc = load_contact(tx, ctx, &contacts[i]);
    store_tx_set_actor(tx, 0, "");
    return rc;
}
