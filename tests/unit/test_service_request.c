/* The public request-for-service form's rules: who must answer what, every error at once in
 * form order, normal forms, referral sources, the caller and the summary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "domain/contact.h"
#include "domain/service_request.h"

/* 2026-11-23T10:00:00Z */
#define NOW 1795428000000LL

static struct service_request professional(void)
{
    struct service_request r = {
        .kind = SUBMITTER_PROFESSIONAL,
        .agency = "school",
        .organisation = "Hinckley Parks Primary",
        .role = "Designated safeguarding lead",
        .submitter_name = "Jo Smith",
        .phone = "01455 000 111",
        .email = "J.Smith@School.EXAMPLE.org",
        .child_first_name = "Amy",
        .child_last_name = "Example",
        .child_date_of_birth = "2016-04-02",
        .child_address = "1 Test Street\nHinckley",
        .child_postcode = "le10 1aa",
        .concern = "Amy has come to school hungry and with bruises on her arms.",
        .urgency = URGENCY_HARM,
        .consent = CONSENT_YES,
    };
    return r;
}

static void test_valid_professional(void **state)
{
    (void)state;
    struct service_request r = professional();
    struct err_info errors[SERVICE_REQUEST_MAX_ERRORS];
    int n = -1;
    assert_int_equal(service_request_validate(&r, NOW, errors, &n), E_OK);
    assert_int_equal(n, 0);
    assert_string_equal(r.phone_norm, "01455000111");
    assert_string_equal(r.email_norm, "J.Smith@school.example.org");
    assert_string_equal(r.postcode_norm, "LE10 1AA");
    assert_string_equal(r.dob_norm, "2016-04-02");
    assert_string_equal(service_request_source(&r), "2A");
    char *caller = service_request_caller(&r);
    assert_string_equal(caller, "Jo Smith");
    free(caller);
    char *s = service_request_summary(&r);
    assert_non_null(strstr(s, "Worried a child is being harmed"));
    assert_non_null(strstr(s, "Designated safeguarding lead, Hinckley Parks Primary; School"));
    assert_non_null(strstr(s, "Amy Example, born 2016-04-02, 1 Test Street\nHinckley, LE10 1AA"));
    assert_non_null(strstr(s, "knows and agrees: yes"));
    assert_non_null(strstr(s, "\n\nAmy has come to school hungry"));
    assert_true(utf8_length(s) <= CONTACT_SUMMARY_MAX);
    free(s);
}

static void expect_fields(struct service_request *r, const char *const want[])
{
    struct err_info errors[SERVICE_REQUEST_MAX_ERRORS];
    int n = 0;
    assert_int_equal(service_request_validate(r, NOW, errors, &n), E_INVALID);
    int i = 0;
    for (; want[i]; i++) {
        if (i >= n)
            fail_msg("expected an error for %s, got only %d errors", want[i], n);
        assert_string_equal(errors[i].field, want[i]);
        assert_true(strlen(errors[i].message) > 0);
    }
    if (i != n)
        fail_msg("expected %d errors, got %d (extra: %s)", i, n, errors[i].field);
}

static void test_empty_form_names_every_field(void **state)
{
    (void)state;
    struct service_request r = {0};
    static const char *const want[] = {
        "submitter_kind", "submitter_phone", "child_first_name", "child_last_name",
        "concern",        "urgency",         "consent",          NULL};
    expect_fields(&r, want);
}

static void test_professional_questions(void **state)
{
    (void)state;
    struct service_request r = professional();
    r.agency = "astrologer";
    r.organisation = "  ";
    r.role = NULL;
    r.submitter_name = "";
    static const char *const want[] = {"agency", "organisation", "role", "submitter_name", NULL};
    expect_fields(&r, want);

    /* a parent is not asked for an organisation, and says how they are related */
    r = professional();
    r.kind = SUBMITTER_FAMILY;
    r.relationship = "Aunt";
    static const char *const extra[] = {"agency", "organisation", "role", NULL};
    expect_fields(&r, extra);
    r.agency = r.organisation = r.role = NULL;
    struct err_info errors[SERVICE_REQUEST_MAX_ERRORS];
    int n;
    assert_int_equal(service_request_validate(&r, NOW, errors, &n), E_OK);
    assert_string_equal(service_request_source(&r), "1A");
    char *s = service_request_summary(&r);
    assert_non_null(strstr(s, "Jo Smith (Parent, relative or carer: Aunt)"));
    free(s);
}

static void test_young_person_writing_about_themselves(void **state)
{
    (void)state;
    struct service_request r = professional();
    r.kind = SUBMITTER_SELF;
    r.agency = r.organisation = r.role = NULL;
    r.submitter_name = NULL;
    r.email = NULL;
    r.child_first_name = " Amy ";
    struct err_info errors[SERVICE_REQUEST_MAX_ERRORS];
    int n;
    assert_int_equal(service_request_validate(&r, NOW, errors, &n), E_OK);
    assert_string_equal(service_request_source(&r), "1C");
    char *caller = service_request_caller(&r);
    assert_string_equal(caller, "Amy Example");
    free(caller);
    char *s = service_request_summary(&r);
    assert_non_null(strstr(s, "From: the young person (The child or young person)"));
    free(s);
    r.relationship = "me";
    static const char *const want[] = {"relationship", NULL};
    expect_fields(&r, want);
}

static void test_consent(void **state)
{
    (void)state;
    struct service_request r = professional();
    r.consent = CONSENT_NO;
    static const char *const reason[] = {"consent_reason", NULL};
    expect_fields(&r, reason);
    r.consent_reason = "Telling the parents could put Amy at greater risk.";
    struct err_info errors[SERVICE_REQUEST_MAX_ERRORS];
    int n;
    assert_int_equal(service_request_validate(&r, NOW, errors, &n), E_OK);
    char *s = service_request_summary(&r);
    assert_non_null(strstr(s, "agrees: no. Why: Telling the parents"));
    free(s);
    r.consent = CONSENT_YES;
    expect_fields(&r, reason);
}

static void test_formats_and_limits(void **state)
{
    (void)state;
    struct service_request r = professional();
    r.phone = "12";
    r.email = "not an email";
    r.child_postcode = "ZZZ";
    r.child_date_of_birth = "2027-01-01"; /* after today */
    r.role = "Lead\nteacher";
    static const char *const want[] = {
        "role", "submitter_phone", "submitter_email", "child_date_of_birth", "child_postcode",
        NULL};
    expect_fields(&r, want);

    struct buf concern = BUF_INIT;
    for (int i = 0; i < SERVICE_REQUEST_CONCERN_MAX; i++)
        buf_adds(&concern, "\xC3\xA9"); /* characters, not bytes, are counted */
    r = professional();
    r.concern = concern.data;
    struct err_info errors[SERVICE_REQUEST_MAX_ERRORS];
    int n;
    assert_int_equal(service_request_validate(&r, NOW, errors, &n), E_OK);
    char *s = service_request_summary(&r);
    assert_true(utf8_length(s) <= CONTACT_SUMMARY_MAX);
    free(s);
    buf_adds(&concern, "x");
    r.concern = concern.data;
    static const char *const too_long[] = {"concern", NULL};
    expect_fields(&r, too_long);
    buf_release(&concern);

    r = professional();
    r.child_last_name = "Ex\xFF"
                        "ample";
    static const char *const bad_utf8[] = {"child_last_name", NULL};
    expect_fields(&r, bad_utf8);
}

static void test_to_contact(void **state)
{
    (void)state;
    struct service_request r = professional();
    struct err_info errors[SERVICE_REQUEST_MAX_ERRORS];
    int n;
    assert_int_equal(service_request_validate(&r, NOW, errors, &n), E_OK);
    struct contact c;
    memset(&c, 0, sizeof(c));
    service_request_to_contact(&r, &c);
    assert_int_equal(c.source, SOURCE_SCHOOL);
    assert_string_equal(c.source_code, "2A");
    assert_string_equal(c.caller_organisation, "Hinckley Parks Primary");
    assert_string_equal(c.caller_role, "Designated safeguarding lead");
    assert_string_equal(c.caller_phone, "01455000111");
    assert_string_equal(c.caller_email, "J.Smith@school.example.org");
    assert_int_equal(c.consent, SHARE_CONSENT_YES);
    assert_null(c.consent_justification);
    assert_false(c.danger_now);
    assert_int_equal(c.service, SERVICE_CHILDREN);

    /* the source kind and code the contact's own rules accept, for every agency */
    const char *code;
    for (size_t i = 0; (code = service_request_agency(i, NULL, NULL)) != NULL; i++) {
        r.agency = code;
        memset(&c, 0, sizeof(c));
        service_request_to_contact(&r, &c);
        char checked[CONTACT_SOURCE_CODE_LEN];
        struct err_info info;
        assert_int_equal(contact_source_code(c.source, c.source_code, checked, &info), E_OK);
        assert_string_equal(checked, service_request_source(&r));
    }

    r = professional();
    r.kind = SUBMITTER_ACQUAINTANCE;
    r.agency = r.organisation = r.role = NULL;
    r.urgency = URGENCY_DANGER_NOW;
    r.consent = CONSENT_NO;
    r.consent_reason = "Her father would hurt her.";
    r.email = NULL;
    assert_int_equal(service_request_validate(&r, NOW, errors, &n), E_OK);
    memset(&c, 0, sizeof(c));
    service_request_to_contact(&r, &c);
    assert_int_equal(c.source, SOURCE_FRIEND_NEIGHBOUR);
    assert_string_equal(c.source_code, "1B");
    assert_null(c.caller_organisation);
    assert_null(c.caller_email);
    assert_int_equal(c.consent, SHARE_CONSENT_NO);
    assert_string_equal(c.consent_justification, "Her father would hurt her.");
    assert_true(c.danger_now);
}

static void test_names_and_codes(void **state)
{
    (void)state;
    assert_int_equal(submitter_kind_parse("acquaintance"), SUBMITTER_ACQUAINTANCE);
    assert_int_equal(submitter_kind_parse("boss"), SUBMITTER_NONE);
    assert_int_equal(submitter_kind_parse(NULL), SUBMITTER_NONE);
    assert_string_equal(submitter_kind_name(SUBMITTER_OTHER), "other");
    assert_int_equal(request_urgency_parse("danger_now"), URGENCY_DANGER_NOW);
    assert_int_equal(request_urgency_parse("urgent"), URGENCY_NONE);
    assert_string_equal(request_urgency_name(URGENCY_SUPPORT), "support");
    assert_int_equal(request_consent_parse("no"), CONSENT_NO);
    assert_int_equal(request_consent_parse("maybe"), CONSENT_NONE);
    /* every agency has a label and a census source code, and codes are unique */
    size_t i = 0;
    const char *label, *source, *code;
    while ((code = service_request_agency(i, &label, &source)) != NULL) {
        assert_true(strlen(label) > 0 && strlen(source) > 0);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(service_request_agency(j, NULL, NULL), code);
        i++;
    }
    assert_int_equal(i, 16);
    struct service_request r = professional();
    r.agency = "police";
    assert_string_equal(service_request_source(&r), "6");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_professional),
        cmocka_unit_test(test_empty_form_names_every_field),
        cmocka_unit_test(test_professional_questions),
        cmocka_unit_test(test_young_person_writing_about_themselves),
        cmocka_unit_test(test_consent),
        cmocka_unit_test(test_formats_and_limits),
        cmocka_unit_test(test_to_contact),
        cmocka_unit_test(test_names_and_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
