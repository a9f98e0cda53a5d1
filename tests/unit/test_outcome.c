/* Outcomes: a code must fit the contact's service, signposting records what was given, a
 * workflow code must match the child's priority (L2), and the C5 and Care Act gates hold; and
 * greeting scripts and handovers, the other small rules of the contact workflow. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "domain/greeting.h"
#include "domain/handover.h"
#include "domain/outcome.h"

static struct outcome_code code(const char *c, enum outcome_group g)
{
    struct outcome_code oc = {.code = c, .label = c, .group = g, .active = true};
    return oc;
}

static void expect(enum err want, const char *field, enum err got, const struct err_info *info)
{
    assert_int_equal(got, want);
    if (field)
        assert_string_equal(info->field, field);
    assert_true(strlen(info->message) > 0);
}

static void test_shape(void **state)
{
    (void)state;
    struct err_info info;
    struct outcome o = {.code = "advice_information", .rationale = "Gave the number"};
    assert_int_equal(outcome_validate(&o, &info), E_OK);
    o.code = "";
    expect(E_INVALID, "code", outcome_validate(&o, &info), &info);
    o.code = "advice_information";
    o.rationale = NULL;
    expect(E_INVALID, "rationale", outcome_validate(&o, &info), &info);
}

static void test_group_and_signposting(void **state)
{
    (void)state;
    struct err_info info;
    struct decision_state s;
    decision_state_init(&s);
    struct outcome o = {.code = "x", .rationale = "why"};
    struct outcome_code adults = code("cld_no_change", OUTCOME_GROUP_ADULTS);
    expect(E_INVALID, "code", outcome_check(&o, &adults, SERVICE_CHILDREN, &s, &info), &info);
    expect(E_CONFLICT, "service", outcome_check(&o, &adults, SERVICE_NONE, &s, &info), &info);
    assert_int_equal(outcome_check(&o, &adults, SERVICE_ADULTS, &s, &info), E_OK);
    struct outcome_code both = code("signpost_other_agency", OUTCOME_GROUP_BOTH);
    both.needs_signposting = true;
    expect(E_INVALID, "signposted_to", outcome_check(&o, &both, SERVICE_NONE, &s, &info), &info);
    o.signposted_to = "Carers' centre leaflet";
    assert_int_equal(outcome_check(&o, &both, SERVICE_NONE, &s, &info), E_OK);
    o.signposted_to = NULL;
    o.signposted_team_id = 17;
    assert_int_equal(outcome_check(&o, &both, SERVICE_CHILDREN, &s, &info), E_OK);
    both.active = false;
    expect(E_INVALID, "code", outcome_check(&o, &both, SERVICE_CHILDREN, &s, &info), &info);
}

static void add(struct decision_state *s, enum decision_kind kind, const char *value,
                const char *plan)
{
    struct decision d = {.kind = kind, .value = value, .rationale = "r", .work_plan = plan};
    decision_state_add(s, &d);
}

static void test_workflow_matches_priority(void **state)
{
    (void)state;
    struct err_info info;
    struct decision_state s;
    decision_state_init(&s);
    struct outcome o = {.code = "l2_locality_hub", .rationale = "why"};
    struct outcome_code hub = code("l2_locality_hub", OUTCOME_GROUP_CHILDREN);
    hub.workflow = WORKFLOW_LOCALITY_HUB;
    expect(E_CONFLICT, "priority", outcome_check(&o, &hub, SERVICE_CHILDREN, &s, &info), &info);
    add(&s, DECISION_PRIORITY, "P4", NULL);
    expect(E_CONFLICT, "priority", outcome_check(&o, &hub, SERVICE_CHILDREN, &s, &info), &info);
    add(&s, DECISION_PRIORITY, "P3A", NULL); /* the latest priority counts */
    assert_int_equal(outcome_check(&o, &hub, SERVICE_CHILDREN, &s, &info), E_OK);
}

static void test_gates(void **state)
{
    (void)state;
    struct err_info info;
    struct decision_state s;
    decision_state_init(&s);
    struct outcome o = {.code = "progress_to_referral", .rationale = "why"};
    struct outcome_code referral = code("progress_to_referral", OUTCOME_GROUP_CHILDREN);
    referral.needs_recommendation = true;
    expect(E_CONFLICT, "recommendation", outcome_check(&o, &referral, SERVICE_CHILDREN, &s, &info),
           &info);
    add(&s, DECISION_RECOMMENDATION, "transfer_to_assessment", "the plan");
    assert_int_equal(outcome_check(&o, &referral, SERVICE_CHILDREN, &s, &info), E_OK);
    struct outcome_code assess = code("cld_assessment", OUTCOME_GROUP_ADULTS);
    assess.needs_care_act = true;
    struct decision_state a;
    decision_state_init(&a);
    expect(E_CONFLICT, "care_act_prevention", outcome_check(&o, &assess, SERVICE_ADULTS, &a, &info),
           &info);
    add(&a, DECISION_CARE_ACT_PREVENTION, "yes", NULL);
    add(&a, DECISION_CARE_ACT_FINANCE_INFO, "yes", NULL);
    add(&a, DECISION_CARE_ACT_ADVOCACY_NEEDED, "no", NULL);
    add(&a, DECISION_CARE_ACT_ELIGIBILITY, "yes", NULL);
    assert_int_equal(outcome_check(&o, &assess, SERVICE_ADULTS, &a, &info), E_OK);
}

static void test_greeting(void **state)
{
    (void)state;
    char out[GREETING_OUT_MAX];
    greeting_fill("Leaving Care Service helpline, {name} speaking. How can I help?", "Priya Shah",
                  out, sizeof(out));
    assert_string_equal(out, "Leaving Care Service helpline, Priya Shah speaking. How can I help?");
    greeting_fill("{name}, {name}", "Jo", out, sizeof(out));
    assert_string_equal(out, "Jo, Jo");
    greeting_fill("Hello, {name}", "Ōwen", out, 9); /* cut on a character boundary */
    assert_string_equal(out, "Hello, ");
    greeting_default("Contact Centre", out, sizeof(out));
    assert_string_equal(out, "Contact Centre, {name} speaking. How can I help?");
    struct err_info info;
    expect(E_INVALID, "script", greeting_script_check("Hello, how can I help?", &info), &info);
    assert_int_equal(greeting_script_check(out, &info), E_OK);
}

static void test_handover(void **state)
{
    (void)state;
    struct err_info info;
    struct handover_request r = {.owner_user_id = 1,
                                 .actor_user_id = 1,
                                 .to_user_id = 2,
                                 .to_user_active = true,
                                 .note = "Call back at 2"};
    assert_int_equal(handover_request_check(&r, &info), E_OK);
    r.actor_user_id = 3; /* not the owner */
    expect(E_DENIED, NULL, handover_request_check(&r, &info), &info);
    r.actor_may_reassign = true; /* a manager */
    assert_int_equal(handover_request_check(&r, &info), E_OK);
    r.pending = true;
    expect(E_CONFLICT, NULL, handover_request_check(&r, &info), &info);
    r.pending = false;
    r.to_user_id = 1;
    expect(E_INVALID, "to_user_id", handover_request_check(&r, &info), &info);
    r.to_user_id = 2;
    r.to_user_active = false;
    expect(E_INVALID, "to_user_id", handover_request_check(&r, &info), &info);
    r.to_user_active = true;
    r.note = "";
    expect(E_INVALID, "note", handover_request_check(&r, &info), &info);

    struct handover h = {.id = 1, .from_user_id = 1, .to_user_id = 2};
    expect(E_DENIED, NULL, handover_answer_check(&h, 1, true, NULL, &info), &info);
    assert_int_equal(handover_answer_check(&h, 2, true, NULL, &info), E_OK);
    expect(E_INVALID, "reason", handover_answer_check(&h, 2, false, " ", &info), &info);
    assert_int_equal(handover_answer_check(&h, 2, false, "On leave", &info), E_OK);
    h.answer = HANDOVER_ACCEPTED;
    expect(E_CONFLICT, NULL, handover_answer_check(&h, 2, true, NULL, &info), &info);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shape),
        cmocka_unit_test(test_group_and_signposting),
        cmocka_unit_test(test_workflow_matches_priority),
        cmocka_unit_test(test_gates),
        cmocka_unit_test(test_greeting),
        cmocka_unit_test(test_handover),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
