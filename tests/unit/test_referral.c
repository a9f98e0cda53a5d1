/* Referral rules (domain/referral): the gate a referral to assessment meets — a child's
 * recommendation decision (C5), never text typed on the referral; an adult's Care Act checks
 * (A3, W8, W9, W14), every missing one at once, then a work plan — and the refusal of a second
 * referral of a contact to a team that still has the first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "domain/referral.h"

static void expect(enum err want, const char *field, enum err got, const struct err_info *info)
{
    assert_int_equal(got, want);
    if (field)
        assert_string_equal(info->field, field);
    assert_true(strlen(info->message) > 0);
}

static void add(struct decision_state *s, enum decision_kind kind, const char *value,
                const char *plan)
{
    struct decision d = {
        .contact_id = 1, .kind = kind, .value = value, .rationale = "because", .work_plan = plan};
    decision_state_add(s, &d);
}

static struct referral assessment(const char *recommendation, const char *work_plan)
{
    struct referral r = {.contact_id = 1,
                         .to_team_id = 2,
                         .kind = REFERRAL_ASSESSMENT,
                         .recommendation = recommendation,
                         .work_plan = work_plan};
    return r;
}

static const struct referral_recommendation no_rec = {0, "", "", ""};

/* A child: typed text is not the decision, and never rewrites it. */
static void test_child_needs_the_decision(void **state)
{
    (void)state;
    struct err_info info;
    struct err_list gates = {0};
    struct decision_state s;
    decision_state_init(&s);
    struct referral r = assessment("a senior said so", "visit");
    expect(E_CONFLICT, "recommendation",
           referral_assessment_gate(&r, SERVICE_CHILDREN, &s, &no_rec, &info, &gates), &info);
    assert_int_equal(gates.n, 0);
    assert_int_equal(r.recommendation_decision_id, 0);

    add(&s, DECISION_RECOMMENDATION, "transfer_to_assessment", "home visit in 2 days");
    struct referral_recommendation rec = {41, "transfer_to_assessment", "neglect indicators",
                                          "home visit in 2 days"};
    expect(E_INVALID, "recommendation",
           referral_assessment_gate(&r, SERVICE_CHILDREN, &s, &rec, &info, &gates), &info);
    r = assessment("", "a different plan");
    expect(E_INVALID, "work_plan",
           referral_assessment_gate(&r, SERVICE_CHILDREN, &s, &rec, &info, &gates), &info);
    /* empty, or the decision's own words: the referral carries the decision */
    r = assessment("neglect indicators", NULL);
    assert_int_equal(referral_assessment_gate(&r, SERVICE_CHILDREN, &s, &rec, &info, &gates), E_OK);
    assert_int_equal(r.recommendation_decision_id, 41);
    assert_string_equal(r.recommendation, "neglect indicators");
    assert_string_equal(r.work_plan, "home visit in 2 days");

    /* the latest recommendation is not to transfer */
    add(&s, DECISION_RECOMMENDATION, "no_transfer", NULL);
    r = assessment(NULL, NULL);
    expect(E_CONFLICT, "recommendation",
           referral_assessment_gate(&r, SERVICE_CHILDREN, &s, &rec, &info, &gates), &info);
}

/* An adult: the Care Act checks, every one missing named, never a recommendation decision;
 * then a work plan written on the referral. The recommendation text is optional advice. */
static void test_adult_needs_the_care_act_checks(void **state)
{
    (void)state;
    struct err_info info;
    struct err_list gates = {0};
    struct decision_state s;
    decision_state_init(&s);
    struct referral r = assessment("the manager advises an assessment", "assess at home");
    expect(E_CONFLICT, "care_act_prevention",
           referral_assessment_gate(&r, SERVICE_ADULTS, &s, &no_rec, &info, &gates), &info);
    assert_int_equal(gates.n, 4);
    for (size_t i = 0; i < gates.n; i++) {
        assert_non_null(strstr(gates.items[i].field, "care_act_"));
        assert_null(strstr(gates.items[i].message, "recommendation"));
    }
    add(&s, DECISION_CARE_ACT_PREVENTION, "yes", NULL);
    add(&s, DECISION_CARE_ACT_FINANCE_INFO, "yes", NULL);
    add(&s, DECISION_CARE_ACT_ADVOCACY_NEEDED, "yes", NULL);
    add(&s, DECISION_CARE_ACT_ELIGIBILITY, "yes", NULL);
    gates.n = 0;
    expect(E_CONFLICT, "care_act_advocacy_referral",
           referral_assessment_gate(&r, SERVICE_ADULTS, &s, &no_rec, &info, &gates), &info);
    assert_int_equal(gates.n, 1);
    add(&s, DECISION_CARE_ACT_ADVOCACY_REFERRAL, "yes", NULL);
    gates.n = 0;
    r = assessment("the manager advises an assessment", "  ");
    expect(E_INVALID, "work_plan",
           referral_assessment_gate(&r, SERVICE_ADULTS, &s, &no_rec, &info, &gates), &info);
    r = assessment(NULL, "assess at home");
    assert_int_equal(referral_assessment_gate(&r, SERVICE_ADULTS, &s, &no_rec, &info, &gates),
                     E_OK);
    assert_int_equal(r.recommendation_decision_id, 0);
    assert_int_equal(gates.n, 0);
}

/* No service: say child or adult first. Other kinds pass the gate untouched. */
static void test_other_cases(void **state)
{
    (void)state;
    struct err_info info;
    struct decision_state s;
    decision_state_init(&s);
    struct referral r = assessment(NULL, "plan");
    expect(E_CONFLICT, "service",
           referral_assessment_gate(&r, SERVICE_NONE, &s, &no_rec, &info, NULL), &info);
    r.kind = REFERRAL_LOCALITY_HUB;
    r.recommendation = "a note for the hub";
    assert_int_equal(referral_assessment_gate(&r, SERVICE_CHILDREN, &s, &no_rec, &info, NULL),
                     E_OK);
    assert_string_equal(r.recommendation, "a note for the hub");
    /* without a list, an adult's gate names the first check */
    r = assessment(NULL, "plan");
    expect(E_CONFLICT, "care_act_prevention",
           referral_assessment_gate(&r, SERVICE_ADULTS, &s, &no_rec, &info, NULL), &info);
}

static void test_duplicate(void **state)
{
    (void)state;
    struct err_info info;
    assert_int_equal(referral_duplicate_check("", REFERRAL_PENDING, "Hub", &info), E_OK);
    assert_int_equal(referral_duplicate_check(NULL, REFERRAL_PENDING, "Hub", &info), E_OK);
    expect(E_CONFLICT, "to_team_id",
           referral_duplicate_check("R-2026-000007", REFERRAL_PENDING, "Locality Hub East", &info),
           &info);
    assert_non_null(strstr(info.message, "R-2026-000007"));
    assert_non_null(strstr(info.message, "Locality Hub East"));
    expect(E_CONFLICT, "to_team_id",
           referral_duplicate_check("R-2026-000008", REFERRAL_ACCEPTED, "", &info), &info);
    assert_non_null(strstr(info.message, "R-2026-000008"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_child_needs_the_decision),
        cmocka_unit_test(test_adult_needs_the_care_act_checks),
        cmocka_unit_test(test_other_cases),
        cmocka_unit_test(test_duplicate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
