/*
 * test_greeting: checking and filling greeting scripts (H7, domain/greeting) — the length
 * limit in characters, valid UTF-8, one line, only the known placeholders {name} and {team}
 * (an unknown one is named in the message), {name} required, the reason for a change, and
 * filling both placeholders without splitting a character.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/greeting.h"

static void expect_invalid(const char *field, enum err got, const struct err_info *info)
{
    assert_int_equal(got, E_INVALID);
    assert_string_equal(info->field, field);
    assert_true(strlen(info->message) > 0);
}

static void test_accepts_known_placeholders(void **state)
{
    (void)state;
    struct err_info info;
    assert_int_equal(greeting_script_check("Leaving Care Service helpline, {name} speaking. How "
                                           "can I help?",
                                           &info),
                     E_OK);
    assert_int_equal(greeting_script_check(GREETING_DEFAULT_SCRIPT, &info), E_OK);
    assert_int_equal(greeting_script_check("{team}: {name}, {name} again", &info), E_OK);
    assert_int_equal(greeting_script_check("Gwasanaeth Gadael Gofal, {name} sy'n siarad. Sut "
                                           "alla i helpu? Ŵ",
                                           &info),
                     E_OK);
}

static void test_unknown_placeholder_is_named(void **state)
{
    (void)state;
    struct err_info info;
    expect_invalid("script", greeting_script_check("{worker} speaking, {name}", &info), &info);
    assert_non_null(strstr(info.message, "{worker}"));
    expect_invalid("script", greeting_script_check("{name} of {Team}", &info), &info);
    assert_non_null(strstr(info.message, "{Team}"));
    expect_invalid("script", greeting_script_check("{name} speaking {nmae}", &info), &info);
    assert_non_null(strstr(info.message, "{nmae}"));
    /* braces that are not a placeholder at all */
    expect_invalid("script", greeting_script_check("{name} { speaking", &info), &info);
    assert_non_null(strstr(info.message, "'{'"));
    expect_invalid("script", greeting_script_check("{name} speaking }", &info), &info);
    assert_non_null(strstr(info.message, "'}'"));
    expect_invalid("script", greeting_script_check("{ name } speaking", &info), &info);
    expect_invalid("script", greeting_script_check("{name speaking", &info), &info);
}

static void test_name_is_required(void **state)
{
    (void)state;
    struct err_info info;
    expect_invalid("script", greeting_script_check("Hello, how can I help?", &info), &info);
    assert_non_null(strstr(info.message, "{name}"));
    expect_invalid("script", greeting_script_check("{team}, how can I help?", &info), &info);
}

static void test_text_limits(void **state)
{
    (void)state;
    struct err_info info;
    expect_invalid("script", greeting_script_check(NULL, &info), &info);
    expect_invalid("script", greeting_script_check("   ", &info), &info);
    expect_invalid("script", greeting_script_check("{name}\xC3(", &info), &info); /* bad UTF-8 */
    assert_non_null(strstr(info.message, "UTF-8"));
    expect_invalid("script", greeting_script_check("{name}\xFF", &info), &info);
    expect_invalid("script", greeting_script_check("{name} speaking.\nHow can I help?", &info),
                   &info);
    expect_invalid("script", greeting_script_check("{name}\tspeaking", &info), &info);

    /* exactly the limit in characters passes, one more fails; two-byte characters count once */
    char s[GREETING_SCRIPT_MAX * 2 + 16];
    size_t used = (size_t)snprintf(s, sizeof(s), "{name}");
    for (int i = 6; i < GREETING_SCRIPT_MAX; i++)
        used += (size_t)snprintf(s + used, sizeof(s) - used, "é");
    assert_int_equal(greeting_script_check(s, &info), E_OK);
    snprintf(s + used, sizeof(s) - used, "é");
    expect_invalid("script", greeting_script_check(s, &info), &info);
    assert_non_null(strstr(info.message, "500"));
}

static void test_reason(void **state)
{
    (void)state;
    struct err_info info;
    assert_int_equal(greeting_reason_check("The service was renamed", &info), E_OK);
    expect_invalid("reason", greeting_reason_check(NULL, &info), &info);
    expect_invalid("reason", greeting_reason_check(" \n", &info), &info);
    expect_invalid("reason", greeting_reason_check("bad \xC3", &info), &info);
    char long_reason[GREETING_REASON_MAX + 2];
    memset(long_reason, 'x', sizeof(long_reason) - 1);
    long_reason[sizeof(long_reason) - 1] = '\0';
    expect_invalid("reason", greeting_reason_check(long_reason, &info), &info);
    long_reason[GREETING_REASON_MAX] = '\0';
    assert_int_equal(greeting_reason_check(long_reason, &info), E_OK);
}

static void test_render(void **state)
{
    (void)state;
    char out[GREETING_OUT_MAX];
    greeting_render(GREETING_DEFAULT_SCRIPT, "Priya Shah", "Leaving Care Service", out,
                    sizeof(out));
    assert_string_equal(out, "Leaving Care Service, Priya Shah speaking. How can I help?");
    greeting_render("{name} / {team} / {name}", "Jo", "EDT", out, sizeof(out));
    assert_string_equal(out, "Jo / EDT / Jo");
    /* values are not read again as placeholders */
    greeting_render("{team}: {name}", "{team}", "{name}", out, sizeof(out));
    assert_string_equal(out, "{name}: {team}");
    greeting_fill("{team}, {name}", "Jo", out, sizeof(out));
    assert_string_equal(out, ", Jo");
    greeting_render("Hello, {name}", "Ōwen", NULL, out, 9); /* cut on a character boundary */
    assert_string_equal(out, "Hello, ");
    greeting_default("Contact Centre", out, sizeof(out));
    assert_string_equal(out, "Contact Centre, {name} speaking. How can I help?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepts_known_placeholders),
        cmocka_unit_test(test_unknown_placeholder_is_named),
        cmocka_unit_test(test_name_is_required),
        cmocka_unit_test(test_text_limits),
        cmocka_unit_test(test_reason),
        cmocka_unit_test(test_render),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
