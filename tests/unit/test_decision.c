/* Triage and decisions: the priority-to-workflow table (L2), what every decision must state,
 * who may decide on safeguarding (C2) and recommend (C5), the C5 and Care Act gates, later
 * authorisation, and the queue a route or transfer moves a contact to. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "domain/decision.h"

static struct decision make(enum decision_kind kind, const char *value)
{
    struct decision d = {.contact_id = 1, .kind = kind, .value = value, .rationale = "because"};
    return d;
}

static void expect(enum err want, const char *field, enum err got, const struct err_info *info)
{
    assert_int_equal(got, want);
    if (field)
        assert_string_equal(info->field, field);
    assert_true(strlen(info->message) > 0);
}

static void test_priority_workflows(void **state)
{
    (void)state;
    assert_int_equal(priority_workflow("P1"), WORKFLOW_SOCIAL_CARE);
    assert_int_equal(priority_workflow("P2"), WORKFLOW_SOCIAL_CARE);
    assert_int_equal(priority_workflow("P3A"), WORKFLOW_LOCALITY_HUB);
    assert_int_equal(priority_workflow("P3B"), WORKFLOW_SINGLE_AGENCY_REFERRAL);
    assert_int_equal(priority_workflow("P4"), WORKFLOW_SIGNPOSTING);
    assert_int_equal(priority_workflow("P3"), WORKFLOW_NONE);
    assert_int_equal(priority_workflow(NULL), WORKFLOW_NONE);
    assert_string_equal(workflow_name(WORKFLOW_LOCALITY_HUB), "locality_hub");
    /* every priority value binds to a workflow */
    for (const char *const *v = decision_kind_values(DECISION_PRIORITY); *v; v++)
        assert_int_not_equal(priority_workflow(*v), WORKFLOW_NONE);
    struct decision d = make(DECISION_PRIORITY, "P3B");
    struct err_info info;
    assert_int_equal(decision_validate(&d, SERVICE_CHILDREN, &info), E_OK);
    assert_int_equal(d.workflow, WORKFLOW_SINGLE_AGENCY_REFERRAL);
}

/* No decision is assumed: kind, value and rationale are stated every time. */
static void test_nothing_assumed(void **state)
{
    (void)state;
    struct err_info info;
    struct decision d = make(DECISION_NONE, "P1");
    expect(E_INVALID, "kind", decision_validate(&d, SERVICE_CHILDREN, &info), &info);
    d = make(DECISION_PRIORITY, NULL);
    expect(E_INVALID, "value", decision_validate(&d, SERVICE_CHILDREN, &info), &info);
    d = make(DECISION_PRIORITY, "");
    expect(E_INVALID, "value", decision_validate(&d, SERVICE_CHILDREN, &info), &info);
    d = make(DECISION_PRIORITY, "P5");
    expect(E_INVALID, "value", decision_validate(&d, SERVICE_CHILDREN, &info), &info);
    d = make(DECISION_SAFEGUARDING, "yes");
    expect(E_INVALID, "value", decision_validate(&d, SERVICE_CHILDREN, &info), &info);
    d = make(DECISION_PRIORITY, "P1");
    d.rationale = " \n";
    expect(E_INVALID, "rationale", decision_validate(&d, SERVICE_CHILDREN, &info), &info);
    d = make(DECISION_TRANSFER, "assessment");
    expect(E_INVALID, "team_id", decision_validate(&d, SERVICE_CHILDREN, &info), &info);
    d.team_id = 3;
    assert_int_equal(decision_validate(&d, SERVICE_CHILDREN, &info), E_OK);
    d = make(DECISION_ROUTE, "duty");
    d.team_id = 3;
    expect(E_INVALID, "team_id", decision_validate(&d, SERVICE_NONE, &info), &info);
    d = make(DECISION_PRIORITY, "P1");
    d.work_plan = "a plan";
    expect(E_INVALID, "work_plan", decision_validate(&d, SERVICE_CHILDREN, &info), &info);
}

static void test_service_of_kind(void **state)
{
    (void)state;
    struct err_info info;
    struct decision d = make(DECISION_PRIORITY, "P2");
    expect(E_CONFLICT, "service", decision_validate(&d, SERVICE_NONE, &info), &info);
    expect(E_CONFLICT, "kind", decision_validate(&d, SERVICE_ADULTS, &info), &info);
    d = make(DECISION_CARE_ACT_ELIGIBILITY, "yes");
    expect(E_CONFLICT, "kind", decision_validate(&d, SERVICE_CHILDREN, &info), &info);
    assert_int_equal(decision_validate(&d, SERVICE_ADULTS, &info), E_OK);
    d = make(DECISION_SAFEGUARDING, "concern"); /* children's and adults' alike */
    assert_int_equal(decision_validate(&d, SERVICE_NONE, &info), E_OK);
    assert_int_equal(decision_validate(&d, SERVICE_ADULTS, &info), E_OK);
}

/* C2: safeguarding decisions only by an active worker qualified to decide them. */
static void test_c2_qualified(void **state)
{
    (void)state;
    struct err_info info;
    struct decision d = make(DECISION_SAFEGUARDING, "concern");
    struct decider agent = {.user_id = 1,
                            .role = ROLE_AGENT,
                            .has_worker = true,
                            .worker_role = WORKER_CONTACT_AGENT,
                            .active = true};
    expect(E_DENIED, NULL, decision_may_decide(&d, &agent, &info), &info);
    assert_non_null(strstr(info.message, "qualified"));
    struct decider unlinked = {.user_id = 2, .role = ROLE_MANAGER};
    expect(E_DENIED, NULL, decision_may_decide(&d, &unlinked, &info), &info);
    assert_non_null(strstr(info.message, "not linked"));
    struct decider qualified = {.user_id = 3,
                                .role = ROLE_PRACTITIONER,
                                .has_worker = true,
                                .worker_role = WORKER_SOCIAL_WORKER,
                                .safeguarding_qualified = true,
                                .active = true};
    assert_int_equal(decision_may_decide(&d, &qualified, &info), E_OK);
    qualified.active = false; /* left, or not started yet */
    expect(E_DENIED, NULL, decision_may_decide(&d, &qualified, &info), &info);
    /* other decisions are not held to C2 */
    d = make(DECISION_PRIORITY, "P4");
    assert_int_equal(decision_may_decide(&d, &agent, &info), E_OK);
}

/* C5: a recommendation is a team manager's or senior practitioner's. */
static void test_c5_who_recommends(void **state)
{
    (void)state;
    struct err_info info;
    struct decision d = make(DECISION_RECOMMENDATION, "transfer_to_assessment");
    struct decider sw = {.user_id = 1,
                         .role = ROLE_PRACTITIONER,
                         .has_worker = true,
                         .worker_role = WORKER_SOCIAL_WORKER,
                         .safeguarding_qualified = true,
                         .active = true};
    expect(E_DENIED, NULL, decision_may_decide(&d, &sw, &info), &info);
    struct decider sp = sw;
    sp.worker_role = WORKER_SENIOR_PRACTITIONER;
    assert_int_equal(decision_may_decide(&d, &sp, &info), E_OK);
    struct decider tm = sw;
    tm.manages_team = true;
    assert_int_equal(decision_may_decide(&d, &tm, &info), E_OK);
    struct decider mgr = {.user_id = 4, .role = ROLE_MANAGER};
    assert_int_equal(decision_may_decide(&d, &mgr, &info), E_OK);
    assert_false(decider_is_senior(&sw));
}

static void add(struct decision_state *s, enum decision_kind kind, const char *value,
                const char *plan)
{
    struct decision d = make(kind, value);
    d.work_plan = plan;
    decision_state_add(s, &d);
}

static void test_c5_gate(void **state)
{
    (void)state;
    struct err_info info;
    struct decision_state s;
    decision_state_init(&s);
    struct decision t = make(DECISION_TRANSFER, "assessment");
    t.team_id = 9;
    expect(E_CONFLICT, "recommendation", decision_transfer_gate(&t, &s, SERVICE_CHILDREN, &info),
           &info);
    add(&s, DECISION_RECOMMENDATION, "transfer_to_assessment", "");
    expect(E_CONFLICT, "work_plan", decision_transfer_gate(&t, &s, SERVICE_CHILDREN, &info), &info);
    add(&s, DECISION_RECOMMENDATION, "transfer_to_assessment", "Visit within 2 days");
    assert_int_equal(decision_transfer_gate(&t, &s, SERVICE_CHILDREN, &info), E_OK);
    /* the latest recommendation counts */
    add(&s, DECISION_RECOMMENDATION, "no_transfer", NULL);
    expect(E_CONFLICT, "recommendation", decision_transfer_gate(&t, &s, SERVICE_CHILDREN, &info),
           &info);
    /* other transfers are not held to C5; no service: say so */
    struct decision hub = make(DECISION_TRANSFER, "locality_hub");
    hub.team_id = 9;
    assert_int_equal(decision_transfer_gate(&hub, &s, SERVICE_CHILDREN, &info), E_OK);
    expect(E_CONFLICT, "service", decision_transfer_gate(&t, &s, SERVICE_NONE, &info), &info);
}

/* Care Act: each check answered (and met) before an assessment, review or reassessment. */
static void test_care_act_gate(void **state)
{
    (void)state;
    struct err_info info;
    struct decision_state s;
    decision_state_init(&s);
    expect(E_CONFLICT, "care_act_prevention", decision_care_act_gate(&s, &info), &info);
    add(&s, DECISION_CARE_ACT_PREVENTION, "no", NULL);
    expect(E_CONFLICT, "care_act_prevention", decision_care_act_gate(&s, &info), &info);
    add(&s, DECISION_CARE_ACT_PREVENTION, "yes", NULL);
    expect(E_CONFLICT, "care_act_finance_info", decision_care_act_gate(&s, &info), &info);
    add(&s, DECISION_CARE_ACT_FINANCE_INFO, "yes", NULL);
    expect(E_CONFLICT, "care_act_advocacy_needed", decision_care_act_gate(&s, &info), &info);
    add(&s, DECISION_CARE_ACT_ADVOCACY_NEEDED, "yes", NULL);
    expect(E_CONFLICT, "care_act_advocacy_referral", decision_care_act_gate(&s, &info), &info);
    add(&s, DECISION_CARE_ACT_ADVOCACY_REFERRAL, "no", NULL);
    expect(E_CONFLICT, "care_act_advocacy_referral", decision_care_act_gate(&s, &info), &info);
    add(&s, DECISION_CARE_ACT_ADVOCACY_REFERRAL, "yes", NULL);
    expect(E_CONFLICT, "care_act_eligibility", decision_care_act_gate(&s, &info), &info);
    add(&s, DECISION_CARE_ACT_ELIGIBILITY, "no", NULL); /* answered either way */
    assert_int_equal(decision_care_act_gate(&s, &info), E_OK);
    /* no advocate needed: no referral to wait for */
    struct decision_state t;
    decision_state_init(&t);
    add(&t, DECISION_CARE_ACT_PREVENTION, "yes", NULL);
    add(&t, DECISION_CARE_ACT_FINANCE_INFO, "yes", NULL);
    add(&t, DECISION_CARE_ACT_ADVOCACY_NEEDED, "no", NULL);
    add(&t, DECISION_CARE_ACT_ELIGIBILITY, "yes", NULL);
    assert_int_equal(decision_care_act_gate(&t, &info), E_OK);
    /* an adult's transfer to assessment is held to it */
    struct decision tr = make(DECISION_TRANSFER, "assessment");
    struct decision_state empty;
    decision_state_init(&empty);
    expect(E_CONFLICT, "care_act_prevention",
           decision_transfer_gate(&tr, &empty, SERVICE_ADULTS, &info), &info);
    assert_int_equal(decision_transfer_gate(&tr, &t, SERVICE_ADULTS, &info), E_OK);
}

/* The Care Act gate names every check still missing at once, in the decisions list's order. */
static void test_care_act_gate_all(void **state)
{
    (void)state;
    struct err_list list = {0};
    struct decision_state s;
    decision_state_init(&s);
    assert_int_equal(decision_care_act_gate_all(&s, &list), E_CONFLICT);
    assert_int_equal(list.n, 4);
    assert_string_equal(list.items[0].field, "care_act_prevention");
    assert_string_equal(list.items[1].field, "care_act_finance_info");
    assert_string_equal(list.items[2].field, "care_act_advocacy_needed");
    assert_string_equal(list.items[3].field, "care_act_eligibility");
    for (size_t i = 0; i < list.n; i++)
        assert_true(strlen(list.items[i].message) > 0);
    /* the single-answer gate names the first of them */
    struct err_info info;
    expect(E_CONFLICT, "care_act_prevention", decision_care_act_gate(&s, &info), &info);
    assert_string_equal(info.message, list.items[0].message);

    add(&s, DECISION_CARE_ACT_PREVENTION, "no", NULL);
    add(&s, DECISION_CARE_ACT_ADVOCACY_NEEDED, "yes", NULL);
    add(&s, DECISION_CARE_ACT_ELIGIBILITY, "yes", NULL);
    list.n = 0;
    assert_int_equal(decision_care_act_gate_all(&s, &list), E_CONFLICT);
    assert_int_equal(list.n, 3);
    assert_string_equal(list.items[0].field, "care_act_prevention"); /* answered no: not met */
    assert_string_equal(list.items[1].field, "care_act_finance_info");
    assert_string_equal(list.items[2].field, "care_act_advocacy_referral");

    add(&s, DECISION_CARE_ACT_PREVENTION, "yes", NULL);
    add(&s, DECISION_CARE_ACT_FINANCE_INFO, "yes", NULL);
    add(&s, DECISION_CARE_ACT_ADVOCACY_REFERRAL, "yes", NULL);
    list.n = 0;
    assert_int_equal(decision_care_act_gate_all(&s, &list), E_OK);
    assert_int_equal(list.n, 0);
}

static void test_authorise(void **state)
{
    (void)state;
    struct err_info info;
    struct decision d = make(DECISION_ROUTE, "duty");
    d.decided_by = 5;
    struct decider maker = {.user_id = 5, .role = ROLE_MANAGER};
    expect(E_CONFLICT, NULL, decision_may_authorise(&d, &maker, &info), &info);
    struct decider agent = {.user_id = 6, .role = ROLE_AGENT};
    expect(E_DENIED, NULL, decision_may_authorise(&d, &agent, &info), &info);
    struct decider duty = {.user_id = 7, .role = ROLE_DUTY_MANAGER};
    assert_int_equal(decision_may_authorise(&d, &duty, &info), E_OK);
    d.authorised_by = 7;
    expect(E_CONFLICT, NULL, decision_may_authorise(&d, &duty, &info), &info);
}

static void test_queue_moves(void **state)
{
    (void)state;
    struct contact_queue q;
    struct decision d = make(DECISION_ROUTE, "duty");
    assert_true(decision_queue(&d, &q));
    assert_int_equal(q.kind, QUEUE_DUTY);
    d = make(DECISION_ROUTE, "team");
    d.team_id = 12;
    assert_true(decision_queue(&d, &q));
    assert_int_equal(q.kind, QUEUE_TEAM);
    assert_int_equal(q.team_id, 12);
    d = make(DECISION_TRANSFER, "locality_hub");
    d.team_id = 13;
    assert_true(decision_queue(&d, &q));
    assert_int_equal(q.team_id, 13);
    d = make(DECISION_PRIORITY, "P1");
    assert_false(decision_queue(&d, &q));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_priority_workflows), cmocka_unit_test(test_nothing_assumed),
        cmocka_unit_test(test_service_of_kind),    cmocka_unit_test(test_c2_qualified),
        cmocka_unit_test(test_c5_who_recommends),  cmocka_unit_test(test_c5_gate),
        cmocka_unit_test(test_care_act_gate),      cmocka_unit_test(test_care_act_gate_all),
        cmocka_unit_test(test_authorise),          cmocka_unit_test(test_queue_moves),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
