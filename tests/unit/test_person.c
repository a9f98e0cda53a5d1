/* Persons in the domain: validation of a person (dates, identifiers, addresses, the unborn),
 * what is derived (age from partial dates, child or adult, care leaver over 21), differences
 * between versions, free-text search reading, warning markers' 12-month review rule and
 * reviews, relationship inverses, and the restricted-record access rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/household.h"
#include "domain/person.h"
#include "domain/person_access.h"
#include "domain/relationship.h"
#include "domain/warning.h"

static const struct pdate today = {2026, 11, 23};

#define SET(dst, s) snprintf((dst), sizeof(dst), "%s", (s))

static struct person *valid_person(void)
{
    struct person *p = calloc(1, sizeof(*p));
    person_init(p);
    SET(p->given, "Rebecca");
    return p;
}

static void test_validate_minimal_and_names(void **state)
{
    (void)state;
    struct person *p = calloc(1, sizeof(*p));
    person_init(p);
    struct err_info info;
    assert_int_equal(person_validate(p, &today, &info), E_INVALID);
    assert_string_equal(info.field, "family_name");
    SET(p->family, "  Smith  ");
    assert_int_equal(person_validate(p, &today, &info), E_OK);
    assert_string_equal(p->family, "Smith"); /* trimmed */
    p->n_names = 1;
    p->names[0].kind = PERSON_NAME_NONE;
    SET(p->names[0].given, "Bex");
    assert_int_equal(person_validate(p, &today, &info), E_INVALID);
    assert_string_equal(info.field, "other_names[0].kind");
    p->names[0].kind = PERSON_NAME_KNOWN_AS;
    assert_int_equal(person_validate(p, &today, &info), E_OK);
    free(p);
}

static void test_validate_dates_and_unborn(void **state)
{
    (void)state;
    struct person *p = valid_person();
    struct err_info info;
    p->dob = (struct pdate){2027, 1, 1};
    assert_int_equal(person_validate(p, &today, &info), E_INVALID);
    assert_string_equal(info.field, "date_of_birth");
    p->dob = (struct pdate){2010, 5, 0}; /* month and year only */
    assert_int_equal(person_validate(p, &today, &info), E_OK);
    p->expected_dob = (struct pdate){2027, 2, 0};
    assert_int_equal(person_validate(p, &today, &info), E_INVALID);
    assert_string_equal(info.field, "expected_date_of_birth"); /* not both (CIN 8525Q) */
    memset(&p->dob, 0, sizeof(p->dob));
    p->sex = 'F';
    assert_int_equal(person_validate(p, &today, &info), E_INVALID);
    assert_string_equal(info.field, "sex"); /* unborn: U (CIN 8750) */
    p->sex = 'U';
    assert_int_equal(person_validate(p, &today, &info), E_OK);
    p->expected_dob = (struct pdate){2028, 2, 0}; /* more than 10 months on */
    assert_int_equal(person_validate(p, &today, &info), E_INVALID);
    free(p);
}

static void test_validate_identifiers_normalised(void **state)
{
    (void)state;
    struct person *p = valid_person();
    struct err_info info;
    SET(p->nhs, "9434765918"); /* wrong check digit */
    assert_int_equal(person_validate(p, &today, &info), E_INVALID);
    assert_string_equal(info.field, "nhs_number");
    SET(p->nhs, "9434765919");
    SET(p->upn, "b801200005001");
    p->n_addresses = 1;
    SET(p->addresses[0].postcode, "sw1a1aa");
    p->n_phones = 1;
    SET(p->phones[0].number, "07700 900123");
    SET(p->ethnicity, "WBRI");
    assert_int_equal(person_validate(p, &today, &info), E_OK);
    assert_string_equal(p->upn, "B801200005001");
    assert_string_equal(p->addresses[0].postcode, "SW1A 1AA");
    assert_string_equal(p->addresses[0].country, "GB");
    assert_string_equal(p->phones[0].number, "07700900123");
    SET(p->ethnicity, "XXXX");
    assert_int_equal(person_validate(p, &today, &info), E_INVALID);
    assert_string_equal(info.field, "ethnicity");
    SET(p->ethnicity, "");
    SET(p->addresses[0].postcode, "2135"); /* not a UK postcode */
    assert_int_equal(person_validate(p, &today, &info), E_INVALID);
    assert_string_equal(info.field, "addresses[0].postcode");
    SET(p->addresses[0].country, "AU"); /* abroad: kept as given */
    assert_int_equal(person_validate(p, &today, &info), E_OK);
    SET(p->local_id, "AB-12");
    assert_int_equal(person_validate(p, &today, &info), E_INVALID);
    assert_string_equal(info.field, "local_id");
    free(p);
}

static void test_validate_addresses_history(void **state)
{
    (void)state;
    struct person *p = valid_person();
    struct err_info info;
    p->n_addresses = 2;
    SET(p->addresses[0].line1, "1 New Road");
    SET(p->addresses[1].line1, "9 Old Road");
    assert_int_equal(person_validate(p, &today, &info), E_INVALID); /* two current */
    assert_string_equal(info.field, "addresses");
    p->addresses[1].from = (struct pdate){2020, 5, 1};
    p->addresses[1].to = (struct pdate){2019, 1, 1};
    assert_int_equal(person_validate(p, &today, &info), E_INVALID);
    assert_string_equal(info.field, "addresses[1].to");
    p->addresses[1].to = (struct pdate){2024, 1, 0};
    assert_int_equal(person_validate(p, &today, &info), E_OK);
    free(p);
}

static void test_derived_age_and_care_leaver(void **state)
{
    (void)state;
    struct person *p = valid_person();
    struct person_derived d;
    p->dob = (struct pdate){2008, 11, 24}; /* 18 tomorrow */
    person_derive(p, &today, &d);
    assert_int_equal(d.age_min, 17);
    assert_int_equal(d.age_max, 17);
    assert_int_equal(d.group, PERSON_AGE_GROUP_CHILD);
    p->dob = (struct pdate){2008, 0, 0}; /* the year only: 17 or 18 */
    person_derive(p, &today, &d);
    assert_int_equal(d.age_min, 17);
    assert_int_equal(d.age_max, 18);
    assert_int_equal(d.group, PERSON_AGE_UNCLEAR);
    p->dob = (struct pdate){2003, 6, 1};
    p->care_leaver = true;
    person_derive(p, &today, &d);
    assert_int_equal(d.age_min, 23);
    assert_int_equal(d.group, PERSON_AGE_GROUP_ADULT);
    assert_int_equal(d.over_21, 1);
    p->dob = (struct pdate){2006, 1, 1};
    person_derive(p, &today, &d);
    assert_int_equal(d.over_21, 0);
    p->care_leaver = false;
    person_derive(p, &today, &d);
    assert_int_equal(d.over_21, -1);
    memset(&p->dob, 0, sizeof(p->dob));
    p->expected_dob = (struct pdate){2027, 3, 0};
    person_derive(p, &today, &d);
    assert_int_equal(d.group, PERSON_AGE_UNBORN);
    free(p);
}

static void test_diff_names_changed_fields(void **state)
{
    (void)state;
    struct person *a = valid_person(), *b = valid_person();
    struct buf out = BUF_INIT;
    person_diff(a, b, &out);
    assert_string_equal(out.data, "");
    SET(b->family, "Smyth");
    b->n_addresses = 1;
    SET(b->addresses[0].line1, "1 New Road");
    b->restricted = true;
    person_diff(a, b, &out);
    assert_string_equal(out.data, "family_name,addresses,restricted");
    buf_release(&out);
    free(a);
    free(b);
}

static void test_query_parse(void **state)
{
    (void)state;
    struct person_query q;
    person_query_parse("Bex Smith-Jones 14/05/2010 sw1a 1aa", &q);
    assert_string_equal(q.given, "Bex");
    assert_string_equal(q.family, "Smith-Jones");
    assert_int_equal(q.dob.year, 2010);
    assert_int_equal(q.dob.month, 5);
    assert_int_equal(q.dob.day, 14);
    assert_string_equal(q.postcode, "SW1A 1AA");
    person_query_parse("Smith, John Paul 943 476 5919 07700 900123", &q);
    assert_string_equal(q.family, "Smith");
    assert_string_equal(q.given, "John Paul");
    assert_string_equal(q.nhs, "9434765919");
    assert_string_equal(q.phone, "07700900123");
    person_query_parse("nowak 1990", &q);
    assert_string_equal(q.family, "nowak");
    assert_string_equal(q.given, "");
    assert_int_equal(q.dob.year, 1990);
    assert_int_equal(q.dob.month, 0);
    person_query_parse("B801200005001 05/2012", &q);
    assert_string_equal(q.upn, "B801200005001");
    assert_int_equal(q.dob.month, 5);
    assert_int_equal(q.dob.day, 0);
}

/* --- warnings --------------------------------------------------------------------------------- */

static struct warning *valid_warning(void)
{
    struct warning *w = calloc(1, sizeof(*w));
    w->type = WARNING_VIOLENCE;
    w->starts_on = (struct pdate){2026, 2, 28};
    w->review_on = (struct pdate){2027, 2, 28};
    w->told = true;
    SET(w->told_how, "Letter");
    w->agreed_by = 3;
    return w;
}

static void test_warning_review_limit_12_months(void **state)
{
    (void)state;
    struct err_info info;
    struct warning *w = valid_warning();
    assert_int_equal(warning_validate(w, &today, &info), E_OK); /* exactly 12 months */
    w->review_on = (struct pdate){2027, 3, 1};                  /* a day more */
    assert_int_equal(warning_validate(w, &today, &info), E_INVALID);
    assert_string_equal(info.field, "review_on");
    assert_non_null(strstr(info.message, "2027-02-28"));
    w->review_on = (struct pdate){2026, 2, 28}; /* not after the start */
    assert_int_equal(warning_validate(w, &today, &info), E_INVALID);
    w->review_on = (struct pdate){2026, 8, 0}; /* partial */
    assert_int_equal(warning_validate(w, &today, &info), E_INVALID);
    assert_string_equal(info.field, "review_on");
    struct pdate leap = {2024, 2, 29};
    struct pdate limit = warning_review_limit(&leap);
    assert_int_equal(limit.year, 2025);
    assert_int_equal(limit.month, 2);
    assert_int_equal(limit.day, 28);
    free(w);
}

static void test_warning_told_and_manager(void **state)
{
    (void)state;
    struct err_info info;
    struct warning *w = valid_warning();
    w->told_how[0] = '\0';
    assert_int_equal(warning_validate(w, &today, &info), E_INVALID);
    assert_string_equal(info.field, "told_how");
    w->told = false;
    assert_int_equal(warning_validate(w, &today, &info), E_INVALID);
    assert_string_equal(info.field, "not_told_reason");
    SET(w->not_told_reason, "Telling him would put the family at risk");
    assert_int_equal(warning_validate(w, &today, &info), E_OK);
    w->agreed_by = 0;
    assert_int_equal(warning_validate(w, &today, &info), E_INVALID);
    assert_string_equal(info.field, "agreed_by");
    w->agreed_by = 1;
    w->type = WARNING_TYPE_NONE;
    assert_int_equal(warning_validate(w, &today, &info), E_INVALID);
    assert_string_equal(info.field, "type");
    w->type = WARNING_VIOLENCE;
    w->starts_on = (struct pdate){2026, 12, 1}; /* in the future */
    w->review_on = (struct pdate){2027, 1, 1};
    assert_int_equal(warning_validate(w, &today, &info), E_INVALID);
    assert_string_equal(info.field, "starts_on");
    free(w);
}

static void test_warning_reviews(void **state)
{
    (void)state;
    struct err_info info;
    struct warning *w = valid_warning();
    struct warning_review r = {.reviewed_on = {2026, 11, 20},
                               .outcome = WARNING_OUTCOME_CONTINUE,
                               .next_review_on = {2027, 12, 1},
                               .agreed_by = 3};
    assert_int_equal(warning_review_validate(w, &r, &today, &info), E_INVALID);
    assert_string_equal(info.field, "next_review_on"); /* over 12 months from the review */
    r.next_review_on = (struct pdate){2027, 11, 20};
    assert_int_equal(warning_review_validate(w, &r, &today, &info), E_OK);
    w->reviews[0] = r;
    w->n_reviews = 1;
    struct pdate next = warning_next_review(w);
    assert_int_equal(next.year, 2027);
    assert_int_equal(next.month, 11);
    assert_false(warning_review_overdue(w, &today));
    struct warning_review end = {
        .reviewed_on = {2026, 11, 23}, .outcome = WARNING_OUTCOME_END, .agreed_by = 3};
    assert_int_equal(warning_review_validate(w, &end, &today, &info), E_OK);
    w->reviews[1] = end;
    w->n_reviews = 2;
    assert_false(warning_is_active(w));
    assert_int_equal(warning_review_validate(w, &end, &today, &info), E_CONFLICT);
    free(w);
}

static void test_warning_overdue(void **state)
{
    (void)state;
    struct warning *w = valid_warning();
    w->review_on = (struct pdate){2026, 11, 23};
    assert_true(warning_review_overdue(w, &today));
    w->review_on = (struct pdate){2026, 11, 24};
    assert_false(warning_review_overdue(w, &today));
    free(w);
}

/* --- relationships, access ------------------------------------------------------------------- */

static void test_relationship_stored_once(void **state)
{
    (void)state;
    struct relationship r = {.person_id = 5, .related_id = 9, .type = REL_CHILD};
    relationship_canonical(&r); /* "9 is 5's child" = "5 is 9's parent" */
    assert_int_equal(r.person_id, 9);
    assert_int_equal(r.related_id, 5);
    assert_int_equal(r.type, REL_PARENT);
    int64_t other;
    assert_int_equal(relationship_seen_from(&r, 9, &other), REL_PARENT);
    assert_int_equal(other, 5);
    assert_int_equal(relationship_seen_from(&r, 5, &other), REL_CHILD);
    assert_int_equal(other, 9);
    struct relationship s = {.person_id = 1, .related_id = 2, .type = REL_SIBLING};
    relationship_canonical(&s);
    assert_int_equal(s.person_id, 1);
    assert_int_equal(relationship_inverse(REL_CARER), REL_CARED_FOR);
    struct err_info info;
    struct relationship self = {.person_id = 1, .related_id = 1, .type = REL_PARENT};
    assert_int_equal(relationship_validate(&self, &info), E_INVALID);
}

static void test_access_rule(void **state)
{
    (void)state;
    struct person_access a;
    struct person_access_facts f = {.restricted = false, .role = ROLE_AGENT};
    person_access_decide(&f, &a);
    assert_int_equal(a.level, PERSON_ACCESS_FULL);
    f.restricted = true;
    person_access_decide(&f, &a);
    assert_int_equal(a.level, PERSON_ACCESS_LIMITED);
    f.team_member = true;
    person_access_decide(&f, &a);
    assert_int_equal(a.basis, PERSON_ACCESS_BY_TEAM);
    f.team_member = false;
    f.role = ROLE_DUTY_MANAGER;
    person_access_decide(&f, &a);
    assert_int_equal(a.basis, PERSON_ACCESS_BY_MANAGER);
    f.role = ROLE_ADMIN; /* an administrator is not a manager of cases */
    person_access_decide(&f, &a);
    assert_int_equal(a.level, PERSON_ACCESS_LIMITED);
    f.granted = true;
    person_access_decide(&f, &a);
    assert_int_equal(a.basis, PERSON_ACCESS_BY_GRANT);
    struct err_info info;
    assert_int_equal(person_access_reason_check("because", &info), E_INVALID);
    assert_int_equal(person_access_reason_check("Caller says Tyler is at risk tonight", &info),
                     E_OK);
}

static void test_household_validate(void **state)
{
    (void)state;
    struct household h;
    memset(&h, 0, sizeof(h));
    struct err_info info;
    assert_int_equal(household_validate(&h, &info), E_INVALID);
    h.kind = HOUSEHOLD_FAMILY;
    assert_int_equal(household_validate(&h, &info), E_INVALID);
    assert_string_equal(info.field, "name");
    SET(h.name, " Hartley family ");
    assert_int_equal(household_validate(&h, &info), E_OK);
    assert_string_equal(h.name, "Hartley family");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validate_minimal_and_names),
        cmocka_unit_test(test_validate_dates_and_unborn),
        cmocka_unit_test(test_validate_identifiers_normalised),
        cmocka_unit_test(test_validate_addresses_history),
        cmocka_unit_test(test_derived_age_and_care_leaver),
        cmocka_unit_test(test_diff_names_changed_fields),
        cmocka_unit_test(test_query_parse),
        cmocka_unit_test(test_warning_review_limit_12_months),
        cmocka_unit_test(test_warning_told_and_manager),
        cmocka_unit_test(test_warning_reviews),
        cmocka_unit_test(test_warning_overdue),
        cmocka_unit_test(test_relationship_stored_once),
        cmocka_unit_test(test_access_rule),
        cmocka_unit_test(test_household_validate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
