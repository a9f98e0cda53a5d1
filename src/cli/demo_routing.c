/*
 * demo_routing: loads the routing demo after the directory, the persons and the contact
 * workflow. The care leaver is whoever Priya Shah (W1003) holds first in her caseload, so the
 * loader does not depend on the persons demo's names. Times are relative to the load, in whole
 * minutes.
 */
#include "cli/demo_routing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "domain/contact.h"
#include "domain/decision.h"
#include "domain/referral.h"
#include "domain/task.h"
#include "domain/worker_message.h"
#include "store/store_allocation.h"
#include "store/store_contact.h"
#include "store/store_decision.h"
#include "store/store_referral.h"
#include "store/store_task.h"
#include "store/store_team.h"
#include "store/store_worker.h"
#include "store/store_worker_message.h"

#define MINUTE (60 * 1000LL)
#define HOUR (60 * MINUTE)
#define DAY (24 * HOUR)

static enum err team_named(struct store_tx *tx, const char *name, int64_t *out)
{
    struct team *t = xmalloc(sizeof(*t));
    enum err rc = store_team_by_name(tx, name, t);
    *out = rc ? 0 : t->id;
    free(t);
    if (rc)
        fprintf(stderr, "demo routing: no team '%s'\n", name);
    return rc;
}

static enum err worker_staff(struct store_tx *tx, const char *staff, int64_t *out)
{
    struct worker *w = xmalloc(sizeof(*w));
    enum err rc = store_worker_by_staff_number(tx, staff, w);
    *out = rc ? 0 : w->id;
    free(w);
    if (rc)
        fprintf(stderr, "demo routing: no worker '%s'\n", staff);
    return rc;
}

static enum err report(enum err rc, const char *what, const struct err_info *info)
{
    if (rc)
        fprintf(stderr, "demo routing: %s: %s %s\n", what, info->field, info->message);
    return rc;
}

/* A contact recorded by user_id, received minutes_ago. */
static enum err contact(struct store_tx *tx, int64_t user_id, struct contact *c, int minutes_ago)
{
    struct err_info info = {{0}, {0}};
    c->received_at = (store_tx_now(tx) / MINUTE - minutes_ago) * MINUTE;
    if (channel_is_call(c->channel))
        c->answered_at = c->received_at + 12000;
    enum err rc = contact_validate(c, store_tx_now(tx), &info);
    if (rc)
        return report(rc, c->caller_name, &info);
    store_tx_set_actor(tx, user_id, "");
    return store_contact_insert(tx, c);
}

/* The care leaver's call for his PA (W2, H8, H11, W6, W12). */
static enum err leaver_call(struct store_tx *tx, const struct demo_ctx *ctx, int64_t priya,
                            int64_t person, int64_t lcs)
{
    struct err_info info = {{0}, {0}};
    int64_t now = store_tx_now(tx);
    struct contact c = {
        .channel = CHANNEL_PHONE,
        .caller_name = "Care leaver (aged 19)",
        .summary = "Asked for his PA, Priya Shah: his landlord has given him two weeks' notice "
                   "and he does not know where he stands. Upset but safe; staying at the flat.",
        .source = SOURCE_SELF,
        .reason_code = "named_worker",
        .requested_worker_id = priya,
        .line_team_id = lcs,
        .consent = SHARE_CONSENT_YES,
        .service = SERVICE_ADULTS,
        .n_subjects = 1,
        .subjects = {person},
    };
    enum err rc = contact(tx, ctx->agent_id, &c, 25);
    if (rc)
        return rc;
    struct callback_promise p = {
        .contact_id = c.id,
        .worker_id = priya,
        .callback_by = (now / MINUTE) * MINUTE + 3 * HOUR,
        .told = "Priya is with another young person; she will ring back this afternoon.",
        .if_no_call = "Ring the helpline again after 16:00 and ask for the duty PA.",
    };
    rc = report(callback_promise_validate(&p, now, &info), "promise", &info);
    if (!rc)
        rc = report(store_worker_message_promise(tx, &p, &info), "promise", &info);
    struct worker_message m = {
        .contact_id = c.id,
        .worker_id = priya,
        .what_happened = "He rang for you: the landlord has given two weeks' notice on the flat.",
        .what_was_done = "Checked the notice date with him and gave him Shelter's helpline "
                         "number; told him you would ring back this afternoon.",
        .follow_up = "Ring him back about the notice and the housing options.",
        .callback_promise_id = p.id,
    };
    if (!rc)
        rc = report(worker_message_validate(&m, &info), "message", &info);
    if (!rc)
        rc = report(store_worker_message_send(tx, &m, &info), "message", &info);
    struct task follow = {
        .kind = TASK_FOLLOW_UP,
        .owner_user_id = ctx->agent_id,
        .contact_id = c.id,
        .person_id = person,
        .due_at = (now / MINUTE) * MINUTE + 2 * DAY,
        .note = "Ring him to check the PA called and that he has somewhere to stay.",
        .agreed_with = "Priya Shah (PA), by message",
    };
    if (!rc)
        rc = report(task_validate(&follow, now, &info), "follow-up", &info);
    if (!rc)
        rc = report(store_task_insert(tx, &follow, &info), "follow-up", &info);
    struct task advice = {
        .kind = TASK_CHECK_ADVICE_WORKED,
        .owner_user_id = ctx->agent_id,
        .contact_id = c.id,
        .due_at = (now / MINUTE) * MINUTE + 7 * DAY,
        .note = "Did the Shelter helpline advice help him with the notice?",
    };
    if (!rc)
        rc = report(task_validate(&advice, now, &info), "advice check", &info);
    if (!rc)
        rc = report(store_task_insert(tx, &advice, &info), "advice check", &info);
    return rc;
}

/* A child's case phoned through to R&A North as a safeguarding referral and accepted (C3, C5);
 * the written confirmation is still to send. */
static enum err safeguarding_referral(struct store_tx *tx, const struct demo_ctx *ctx, int64_t crt,
                                      int64_t ra)
{
    struct err_info info = {{0}, {0}};
    struct contact c = {
        .channel = CHANNEL_PROFESSIONAL_LINE,
        .caller_name = "Jo Bloggs (school nurse)",
        .summary = "Year 6 pupil disclosed this morning that an adult at home hit her with a "
                   "belt; a mark on her arm was seen. She is at school until 15:15.",
        .source = SOURCE_HEALTH,
        .caller_organisation = "Eastfield Primary School",
        .caller_role = "School nurse",
        .caller_phone = "01632 960 888",
        .caller_email = "jo.bloggs@eastfield-school.example",
        .reason_code = "concern_child",
        .line_team_id = crt,
        .consent = SHARE_CONSENT_NOT_ASKED,
        .service = SERVICE_CHILDREN,
    };
    snprintf(c.source_code, sizeof(c.source_code), "3C");
    enum err rc = contact(tx, ctx->manager_id, &c, 40);
    if (rc)
        return rc;
    struct decider who;
    rc = store_decision_decider(tx, ctx->manager_id, ROLE_MANAGER, &who);
    struct decision rec = {
        .contact_id = c.id,
        .kind = DECISION_RECOMMENDATION,
        .value = "transfer_to_assessment",
        .rationale = "Disclosure of physical harm with a visible mark: section 47 threshold met.",
        .work_plan = "Strategy discussion today; see the child at school before 15:15; police "
                     "PPU informed; check siblings.",
    };
    if (!rc)
        rc = report(store_decision_make(tx, &rec, &who, &info, NULL), "recommendation", &info);
    int64_t now = store_tx_now(tx);
    struct referral r = {
        .contact_id = c.id,
        .from_team_id = crt,
        .to_team_id = ra,
        .kind = REFERRAL_ASSESSMENT,
        .safeguarding = true,
        .recommendation = rec.rationale,
        .work_plan = rec.work_plan,
        .recommendation_decision_id = rec.id,
        .phoned_to = "Kofi Mensah, duty social worker",
        .phoned_at = c.received_at + 20 * MINUTE,
    };
    if (!rc)
        rc = report(referral_validate(&r, c.received_at, now, &info), "referral", &info);
    if (!rc)
        rc = report(store_referral_insert(tx, &r, &info), "referral", &info);
    if (!rc)
        rc = store_referral_answer(tx, r.id, REFERRAL_ACCEPTED,
                                   "On the duty list; strategy "
                                   "discussion at 14:00");
    return rc;
}

/* A family's referral to the locality hub, made by the CRT and not yet accepted (A11). */
static enum err hub_referral(struct store_tx *tx, const struct demo_ctx *ctx, int64_t crt,
                             int64_t hub)
{
    struct err_info info = {{0}, {0}};
    struct contact c = {
        .channel = CHANNEL_WEB,
        .caller_name = "Health visitor, Eastfield",
        .summary = "Request for service: mother with low mood, toddler's speech delayed, "
                   "rent arrears; agrees to early help.",
        .source = SOURCE_HEALTH,
        .caller_organisation = "Eastfield Health Visiting",
        .caller_email = "hv.eastfield@nhs.example",
        .reason_code = "request_service",
        .line_team_id = crt,
        .consent = SHARE_CONSENT_YES,
        .service = SERVICE_CHILDREN,
    };
    snprintf(c.source_code, sizeof(c.source_code), "3B");
    enum err rc = contact(tx, ctx->manager_id, &c, 90);
    struct referral r = {
        .from_team_id = crt,
        .to_team_id = hub,
        .kind = REFERRAL_LOCALITY_HUB,
        .work_plan = "Family support worker; speech and language referral; debt advice.",
    };
    r.contact_id = c.id;
    if (!rc)
        rc = report(referral_validate(&r, c.received_at, store_tx_now(tx), &info), "hub", &info);
    if (!rc)
        rc = report(store_referral_insert(tx, &r, &info), "hub", &info);
    return rc;
}

enum err demo_routing(struct store_tx *tx, const struct demo_ctx *ctx)
{
    int64_t priya = 0, lcs = 0, crt = 0, ra = 0, hub = 0;
    enum err rc = worker_staff(tx, "W1003", &priya);
    if (!rc)
        rc = team_named(tx, "Leaving Care Service", &lcs);
    if (!rc)
        rc = team_named(tx, "Children's Reception Team", &crt);
    if (!rc)
        rc = team_named(tx, "Referral and Assessment North", &ra);
    if (!rc)
        rc = team_named(tx, "Locality Hub East", &hub);
    if (rc)
        return rc;
    struct allocation *caseload = NULL;
    size_t n = 0;
    rc = store_allocation_caseload(tx, priya, 0, store_tx_now(tx), &caseload, &n);
    int64_t person = !rc && n > 0 ? caseload[0].person_id : 0;
    free(caseload);
    if (!rc && person > 0)
        rc = leaver_call(tx, ctx, priya, person, lcs);
    if (!rc)
        rc = safeguarding_referral(tx, ctx, crt, ra);
    if (!rc)
        rc = hub_referral(tx, ctx, crt, hub);
    store_tx_set_actor(tx, 0, "");
    return rc;
}
