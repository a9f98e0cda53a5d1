/* Contact recording rules and references. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/contact.h"

#define NOW 1795000000000LL

static struct contact valid(void)
{
    struct contact c = {.channel = CHANNEL_PHONE, .received_at = NOW - 60000,
                        .caller_name = "Jo Bloggs", .summary = "Worried about a neighbour"};
    return c;
}

static void expect_field(const struct contact *c, const char *field)
{
    struct err_info info;
    assert_int_equal(contact_validate(c, NOW, &info), E_INVALID);
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
    assert_int_equal(utf8_length("\xc0\x80"), -1); /* overlong */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_contact),
        cmocka_unit_test(test_each_field),
        cmocka_unit_test(test_lengths_count_characters),
        cmocka_unit_test(test_channels_and_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
