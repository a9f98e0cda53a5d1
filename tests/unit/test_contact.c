/* Contact recording rules and references; who made contact and the census referral-source
 * code; the code sets; what an amendment changed; the first queue. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "domain/contact.h"

#define NOW 1795000000000LL

static struct contact valid(void)
{
    struct contact c = {.channel = CHANNEL_PHONE,
                        .received_at = NOW - 60000,
                        .caller_name = "Jo Bloggs",
                        .summary = "Worried about a neighbour"};
    return c;
}

static void expect_field(const struct contact *c, const char *field)
{
    struct err_info info;
    struct contact copy = *c; /* validation fills in the census code */
    assert_int_equal(contact_validate(&copy, NOW, &info), E_INVALID);
    assert_string_equal(info.field, field);
    assert_true(strlen(info.message) > 0);
}

static void test_valid_contact(void **state)
{
    (void)state;
    struct contact c = valid();
    struct err_info info;
    assert_int_equal(contact_validate(&c, NOW, &info), E_OK);
}

static void test_each_field(void **state)
{
    (void)state;
    struct contact c = valid();
    c.channel = CHANNEL_NONE;
    expect_field(&c, "channel");
    c = valid();
    c.received_at = 0;
    expect_field(&c, "received_at");
    c.received_at = NOW + CONTACT_FUTURE_SLACK_MS + 1;
    expect_field(&c, "received_at");
    c = valid();
    c.caller_name = "   ";
    expect_field(&c, "caller_name");
    c.caller_name = NULL;
    expect_field(&c, "caller_name");
    c = valid();
    c.summary = "";
    expect_field(&c, "summary");
    c.summary = "\xff\xfe bad utf-8";
    expect_field(&c, "summary");
}

static void test_lengths_count_characters(void **state)
{
    (void)state;
    char name[CONTACT_CALLER_MAX * 2 + 1];
    /* 200 two-byte characters are 200 characters, not 400 */
    for (int i = 0; i < CONTACT_CALLER_MAX; i++)
        memcpy(name + 2 * i, "\xc3\xa9", 2);
    name[CONTACT_CALLER_MAX * 2] = '\0';
    struct contact c = valid();
    c.caller_name = name;
    struct err_info info;
    assert_int_equal(contact_validate(&c, NOW, &info), E_OK);
    char longer[CONTACT_CALLER_MAX + 2];
    memset(longer, 'a', CONTACT_CALLER_MAX + 1);
    longer[CONTACT_CALLER_MAX + 1] = '\0';
    c.caller_name = longer;
    expect_field(&c, "caller_name");
    assert_int_equal(utf8_length("\xe2\x82\xac"), 1);
    assert_int_equal(utf8_length("\xc0\x80"), -1);     /* overlong */
    assert_int_equal(utf8_length("\xe0\x80\x80"), -1); /* overlong three-byte form */
    assert_int_equal(utf8_length("a\xed\xa0\x80"
                                 "b"),
                     -1);                                  /* a surrogate */
    assert_int_equal(utf8_length("\xf4\x90\x80\x80"), -1); /* above U+10FFFF */
}

static void test_channels_and_reference(void **state)
{
    (void)state;
    assert_int_equal(channel_parse("face_to_face"), CHANNEL_FACE_TO_FACE);
    assert_int_equal(channel_parse("fax"), CHANNEL_NONE);
    assert_int_equal(channel_parse(NULL), CHANNEL_NONE);
    assert_string_equal(channel_name(CHANNEL_LETTER), "letter");
    char ref[CONTACT_REF_LEN];
    contact_reference(2026, 123, ref);
    assert_string_equal(ref, "C-2026-000123");
}

static void expect_code(enum contact_source s, const char *requested, const char *want)
{
    char out[CONTACT_SOURCE_CODE_LEN];
    struct err_info info;
    assert_int_equal(contact_source_code(s, requested, out, &info), E_OK);
    assert_string_equal(out, want);
}

static void expect_code_refused(enum contact_source s, const char *requested)
{
    char out[CONTACT_SOURCE_CODE_LEN] = "";
    struct err_info info;
    assert_int_equal(contact_source_code(s, requested, out, &info), E_INVALID);
    assert_string_equal(info.field, "source_code");
}

/* uk-returns.md: each kind of caller maps to its CIN ReferralSource code. */
static void test_source_codes(void **state)
{
    (void)state;
    expect_code(SOURCE_NONE, NULL, "10");
    expect_code(SOURCE_SELF, NULL, "1C");
    expect_code(SOURCE_FAMILY, "", "1A");
    expect_code(SOURCE_FRIEND_NEIGHBOUR, NULL, "1B");
    expect_code(SOURCE_PROFESSIONAL, NULL, "8");
    expect_code(SOURCE_POLICE, NULL, "6");
    expect_code(SOURCE_HEALTH, NULL, "3F");
    expect_code(SOURCE_SCHOOL, NULL, "2A");
    expect_code(SOURCE_ANONYMOUS, NULL, "9");
    expect_code(SOURCE_OTHER, NULL, "1D");
    /* refinements that fit the kind */
    expect_code(SOURCE_HEALTH, "3A", "3A");
    expect_code(SOURCE_HEALTH, "3E", "3E");
    expect_code(SOURCE_PROFESSIONAL, "4", "4");
    expect_code(SOURCE_PROFESSIONAL, "5D", "5D");
    expect_code(SOURCE_PROFESSIONAL, "7", "7");
    expect_code(SOURCE_OTHER, "10", "10");
    /* ones that do not, and ones that are not codes */
    expect_code_refused(SOURCE_POLICE, "1A");
    expect_code_refused(SOURCE_SCHOOL, "3C");
    expect_code_refused(SOURCE_HEALTH, "6");
    expect_code_refused(SOURCE_SELF, "1A");
    expect_code_refused(SOURCE_NONE, "6");
    expect_code_refused(SOURCE_FAMILY, "11");
    expect_code_refused(SOURCE_FAMILY, "1a");
    /* every code any kind offers has its census label */
    for (int s = SOURCE_NONE; s < SOURCE_COUNT; s++)
        for (const char *const *c = contact_source_codes((enum contact_source)s); *c; c++)
            assert_true(strlen(contact_source_code_label(*c)) > 0);
    assert_string_equal(contact_source_code_label("9"), "ANONYMOUS");
    assert_string_equal(contact_source_code_label("99"), "");
    assert_int_equal(contact_source_parse("friend_neighbour"), SOURCE_FRIEND_NEIGHBOUR);
    assert_int_equal(contact_source_parse("neighbour"), SOURCE_NONE);
}

/* Validation fills in the code from the kind, and keeps one given in place. */
static void test_validate_sets_source_code(void **state)
{
    (void)state;
    struct contact c = valid();
    struct err_info info;
    c.source = SOURCE_POLICE;
    assert_int_equal(contact_validate(&c, NOW, &info), E_OK);
    assert_string_equal(c.source_code, "6");
    c = valid();
    c.source = SOURCE_HEALTH;
    snprintf(c.source_code, sizeof(c.source_code), "3B");
    assert_int_equal(contact_validate(&c, NOW, &info), E_OK);
    assert_string_equal(c.source_code, "3B");
    c = valid();
    c.source = SOURCE_PROFESSIONAL;
    expect_field(&c, "caller_organisation");
    c.caller_organisation = "Riverside Surgery";
    assert_int_equal(contact_validate(&c, NOW, &info), E_OK);
}

static void test_new_fields(void **state)
{
    (void)state;
    struct contact c = valid();
    struct err_info info;
    /* answered_at: calls only, not before received, not in the future */
    c.answered_at = c.received_at + 20000;
    assert_int_equal(contact_validate(&c, NOW, &info), E_OK);
    c.channel = CHANNEL_PROFESSIONAL_LINE;
    assert_int_equal(contact_validate(&c, NOW, &info), E_OK);
    c.channel = CHANNEL_EMAIL;
    expect_field(&c, "answered_at");
    c = valid();
    c.answered_at = c.received_at - 1;
    expect_field(&c, "answered_at");
    c.answered_at = NOW + CONTACT_FUTURE_SLACK_MS + 1;
    expect_field(&c, "answered_at");
    /* consent: no needs a justification; yes takes none */
    c = valid();
    c.consent = SHARE_CONSENT_NO;
    expect_field(&c, "consent_justification");
    c.consent_justification = "Risk of significant harm to a child";
    assert_int_equal(contact_validate(&c, NOW, &info), E_OK);
    c.consent = SHARE_CONSENT_YES;
    expect_field(&c, "consent_justification");
    c.consent = SHARE_CONSENT_NOT_ASKED;
    assert_int_equal(contact_validate(&c, NOW, &info), E_OK);
    /* subjects: positive and different */
    c = valid();
    c.n_subjects = 2;
    c.subjects[0] = 7;
    c.subjects[1] = 7;
    expect_field(&c, "subject_person_ids");
    c.subjects[1] = 0;
    expect_field(&c, "subject_person_ids");
    c.subjects[1] = 8;
    assert_int_equal(contact_validate(&c, NOW, &info), E_OK);
    /* caller details */
    c = valid();
    c.caller_phone = "call me";
    expect_field(&c, "caller_phone");
    c.caller_phone = "+44 (0)1632 960-001";
    assert_int_equal(contact_validate(&c, NOW, &info), E_OK);
    c.caller_email = "a@b";
    expect_field(&c, "caller_email");
    c.caller_email = "jo@example.org";
    assert_int_equal(contact_validate(&c, NOW, &info), E_OK);
    c.reason_code = "gossip";
    expect_field(&c, "reason_code");
    c.reason_code = "concern_child";
    assert_int_equal(contact_validate(&c, NOW, &info), E_OK);
    assert_true(contact_reason_valid("information_advice"));
    assert_false(contact_reason_valid(""));
    assert_int_equal(channel_parse("professional_line"), CHANNEL_PROFESSIONAL_LINE);
    assert_true(channel_is_call(CHANNEL_PHONE));
    assert_false(channel_is_call(CHANNEL_LETTER));
}

static void test_diff(void **state)
{
    (void)state;
    struct contact a = valid(), b = valid();
    assert_int_equal(contact_diff(&a, &b), 0);
    b.caller_phone = ""; /* "" and NULL are the same: nothing */
    assert_int_equal(contact_diff(&a, &b), 0);
    b.caller_phone = "01632 960 001";
    b.danger_now = true;
    b.n_subjects = 1;
    b.subjects[0] = 42;
    unsigned m = contact_diff(&a, &b);
    assert_int_equal(m, CF_CALLER_PHONE | CF_DANGER_NOW | CF_SUBJECTS);
    char text[256];
    contact_fields_text(m, text, sizeof(text));
    assert_string_equal(text, "caller_phone,subject_person_ids,danger_now");
    assert_string_equal(contact_field_name(CF_LINE_TEAM), "line_team_id");
    struct err_info info;
    assert_int_equal(contact_amend_reason_check("  ", &info), E_INVALID);
    assert_string_equal(info.field, "reason");
    assert_int_equal(contact_amend_reason_check("Caller corrected the date", &info), E_OK);
}

static void test_initial_queue(void **state)
{
    (void)state;
    struct contact c = valid();
    struct contact_queue q = contact_initial_queue(&c, false);
    assert_int_equal(q.kind, QUEUE_CONTACT_CENTRE);
    c.line_team_id = 4;
    q = contact_initial_queue(&c, false);
    assert_int_equal(q.kind, QUEUE_TEAM);
    assert_int_equal(q.team_id, 4);
    q = contact_initial_queue(&c, true); /* the contact centre's own line */
    assert_int_equal(q.kind, QUEUE_CONTACT_CENTRE);
    c.danger_now = true; /* danger now goes to duty whatever the line */
    q = contact_initial_queue(&c, false);
    assert_int_equal(q.kind, QUEUE_DUTY);
    assert_non_null(strstr(contact_danger_guidance(), "999"));
}

/* An amended received time may move, but not to after the contact was recorded; an
 * unchanged one is not re-judged (older contacts kept up to 5 minutes of clock skew). */
static void test_amend_received_after_recorded(void **state)
{
    (void)state;
    struct err_info info;
    struct contact cur = valid();
    cur.created_at = NOW - 3600000;
    cur.received_at = cur.created_at + 60000; /* within the skew allowed at creation */
    struct contact next = cur;
    assert_int_equal(contact_amend_check(&cur, &next, &info), E_OK);
    next.received_at = NOW - 60000; /* in the past, but after it was recorded */
    assert_int_equal(contact_amend_check(&cur, &next, &info), E_INVALID);
    assert_string_equal(info.field, "received_at");
    next.received_at = NOW - 7200000;
    assert_int_equal(contact_amend_check(&cur, &next, &info), E_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_contact),
        cmocka_unit_test(test_each_field),
        cmocka_unit_test(test_lengths_count_characters),
        cmocka_unit_test(test_channels_and_reference),
        cmocka_unit_test(test_source_codes),
        cmocka_unit_test(test_validate_sets_source_code),
        cmocka_unit_test(test_new_fields),
        cmocka_unit_test(test_diff),
        cmocka_unit_test(test_initial_queue),
        cmocka_unit_test(test_amend_received_after_recorded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
