/* UTC ISO-8601 parsing and formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/timefmt.h"

static void test_parse_forms(void **state)
{
    (void)state;
    int64_t t;
    assert_int_equal(timefmt_parse("1970-01-01T00:00:00Z", &t), E_OK);
    assert_int_equal(t, 0);
    assert_int_equal(timefmt_parse("2026-11-23T09:15:00Z", &t), E_OK);
    assert_int_equal(t, 1795425300000LL);
    assert_int_equal(timefmt_parse("2026-06-01T10:00:00+01:00", &t), E_OK);
    int64_t u;
    assert_int_equal(timefmt_parse("2026-06-01T09:00:00Z", &u), E_OK);
    assert_int_equal(t, u);
    assert_int_equal(timefmt_parse("2026-06-01T09:00:00.250Z", &t), E_OK);
    assert_int_equal(t, u + 250);
    assert_int_equal(timefmt_parse("2026-06-01T04:00-0500", &t), E_OK);
    assert_int_equal(t, u);
    assert_int_equal(timefmt_parse("2024-02-29T00:00:00Z", &t), E_OK);
}

static void test_parse_rejects(void **state)
{
    (void)state;
    int64_t t;
    const char *bad[] = {"", "2026-11-23", "2026-11-23T09:15:00", "2026-02-29T00:00:00Z",
                         "2026-13-01T00:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T09:15:00Zx",
                         "2026-11-23T09:15:00+25:00", "26-11-23T09:15:00Z", "2026-11-23T09:15:00.Z",
                         "2100-02-29T00:00:00Z"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (timefmt_parse(bad[i], &t) != E_INVALID)
            fail_msg("accepted '%s'", bad[i]);
    assert_int_equal(timefmt_parse(NULL, &t), E_INVALID);
}

static void test_format_round_trip(void **state)
{
    (void)state;
    char out[TIMEFMT_LEN];
    timefmt_utc(1795425300000LL, out);
    assert_string_equal(out, "2026-11-23T09:15:00Z");
    timefmt_utc(1795425300123LL, out);
    assert_string_equal(out, "2026-11-23T09:15:00.123Z");
    for (int64_t t = -86400000LL * 400; t < 86400000LL * 365 * 200; t += 86400000LL * 37 + 4321) {
        int64_t back;
        timefmt_utc(t, out);
        assert_int_equal(timefmt_parse(out, &back), E_OK);
        assert_int_equal(back, t);
    }
}

/* Every instant formats, even the extremes (INT64_MIN once overflowed: found by fuzz_timefmt). */
static void test_format_extremes(void **state)
{
    (void)state;
    char out[TIMEFMT_LEN];
    timefmt_utc(-1, out);
    assert_string_equal(out, "1969-12-31T23:59:59.999Z");
    timefmt_utc(-1000, out);
    assert_string_equal(out, "1969-12-31T23:59:59Z");
    const int64_t extremes[] = {INT64_MIN, INT64_MIN + 1, INT64_MIN + 999, INT64_MAX};
    for (size_t i = 0; i < sizeof(extremes) / sizeof(extremes[0]); i++) {
        memset(out, 'x', sizeof(out));
        timefmt_utc(extremes[i], out);
        assert_non_null(memchr(out, '\0', sizeof(out)));
        assert_true(strlen(out) > 20);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_forms),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_format_round_trip),
        cmocka_unit_test(test_format_extremes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
