/* core/utf8: cutting text at a character boundary, and telling a well-formed UTF-8 character
 * from bytes that are not one (RFC 3629). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/utf8.h"

static void test_prefix(void **state)
{
    (void)state;
    assert_int_equal(utf8_prefix("Siân Jones", 3), 4); /* "Siâ": â is two bytes */
    assert_int_equal(utf8_prefix("abc", 10), 3);
    assert_int_equal(utf8_prefix("abc", 0), 0);
    assert_int_equal(utf8_prefix("\xF0\x9F\x98\x80x", 1), 4);
}

static void test_char_size(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t size;
    } cases[] = {
        {"A", 1},
        {"\x7F", 1},
        {"\xC3\xA2", 2},         /* â */
        {"\xE2\x82\xAC", 3},     /* € */
        {"\xF0\x9F\x98\x80", 4}, /* an emoji */
        {"\xF4\x8F\xBF\xBF", 4}, /* U+10FFFF, the last */
        {"\x80", 0},             /* a continuation byte alone */
        {"\xC0\xAF", 0},         /* overlong "/" */
        {"\xC1\xBF", 0},
        {"\xE0\x9F\xBF", 0},     /* overlong three-byte form */
        {"\xED\xA0\x80", 0},     /* a surrogate, U+D800 */
        {"\xF0\x8F\xBF\xBF", 0}, /* overlong four-byte form */
        {"\xF4\x90\x80\x80", 0}, /* above U+10FFFF */
        {"\xF5\x80\x80\x80", 0},
        {"\xE9", 0}, /* Latin-1 é: cut short at the NUL */
        {"\xE2\x82", 0},
        {"\xC3"
         "A",
         0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        if (utf8_char_size(cases[i].bytes) != cases[i].size)
            fail_msg("case %zu: %zu bytes, expected %zu", i, utf8_char_size(cases[i].bytes),
                     cases[i].size);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prefix),
        cmocka_unit_test(test_char_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
