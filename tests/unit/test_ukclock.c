/*
 * test_ukclock: civil date arithmetic, the Europe/London clock around both 2026 clock changes
 * (including the spring gap and the autumn overlap), and strict ISO-8601 parsing and formatting.
 * Expected values are written out by hand from the calendar and from the published BST dates; one
 * test also compares every quarter hour of 1996-2037 with the system's tz database when it is
 * installed (the module itself never reads it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/ukclock.h"

static struct ukclock_date date(int y, int m, int d)
{
    struct ukclock_date r = {y, m, d};
    return r;
}

/* Parses an ISO string the test knows to be good. */
static int64_t at(const char *iso)
{
    int64_t t = 0;
    enum err err = ukclock_parse_iso(iso, UKCLOCK_PARSE_LOCAL, &t);
    if (err != E_OK)
        fail_msg("test fixture '%s' did not parse", iso);
    return t;
}

static void test_days_from_date(void **state)
{
    (void)state;
    static const struct {
        struct ukclock_date d;
        int64_t days;
    } cases[] = {
        {{1970, 1, 1}, 0},       {{1970, 1, 2}, 1},     {{1969, 12, 31}, -1},
        {{2000, 1, 1}, 10957},   {{2000, 3, 1}, 11017}, {{1900, 1, 1}, -25567},
        {{2026, 11, 23}, 20780}, {{2100, 3, 1}, 47541}, {{1996, 1, 1}, 9496},
        {{2038, 1, 19}, 24855},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(ukclock_days_from_date(cases[i].d), cases[i].days);
        struct ukclock_date back = ukclock_date_from_days(cases[i].days);
        assert_int_equal(back.year, cases[i].d.year);
        assert_int_equal(back.month, cases[i].d.month);
        assert_int_equal(back.day, cases[i].d.day);
    }
}

static void test_days_round_trip_every_day(void **state)
{
    (void)state;
    /* Every day from 1900 to 2199: consecutive dates give consecutive day numbers. */
    int64_t expect = ukclock_days_from_date(date(1900, 1, 1));
    for (int y = UKCLOCK_MIN_YEAR; y <= UKCLOCK_MAX_YEAR; y++) {
        for (int m = 1; m <= 12; m++) {
            for (int d = 1; d <= ukclock_days_in_month(y, m); d++) {
                assert_int_equal(ukclock_days_from_date(date(y, m, d)), expect);
                struct ukclock_date back = ukclock_date_from_days(expect);
                assert_true(back.year == y && back.month == m && back.day == d);
                expect++;
            }
        }
    }
}

static void test_leap_years_and_month_lengths(void **state)
{
    (void)state;
    assert_false(ukclock_is_leap_year(1900));
    assert_true(ukclock_is_leap_year(2000));
    assert_true(ukclock_is_leap_year(2024));
    assert_false(ukclock_is_leap_year(2026));
    assert_false(ukclock_is_leap_year(2100));
    assert_int_equal(ukclock_days_in_month(2024, 2), 29);
    assert_int_equal(ukclock_days_in_month(2100, 2), 28);
    assert_int_equal(ukclock_days_in_month(2026, 4), 30);
    assert_int_equal(ukclock_days_in_month(2026, 12), 31);
    assert_int_equal(ukclock_days_in_month(2026, 13), 0);
    assert_int_equal(ukclock_days_in_month(2026, 0), 0);

    assert_true(ukclock_date_valid(date(2024, 2, 29)));
    assert_false(ukclock_date_valid(date(2026, 2, 29)));
    assert_false(ukclock_date_valid(date(2026, 2, 30)));
    assert_false(ukclock_date_valid(date(2026, 4, 31)));
    assert_false(ukclock_date_valid(date(2026, 0, 1)));
    assert_false(ukclock_date_valid(date(2026, 1, 0)));
    assert_false(ukclock_date_valid(date(1899, 12, 31)));
    assert_false(ukclock_date_valid(date(2200, 1, 1)));
}

static void test_weekday(void **state)
{
    (void)state;
    static const struct {
        struct ukclock_date d;
        enum ukclock_weekday wd;
    } cases[] = {
        {{1970, 1, 1}, UKCLOCK_THURSDAY}, {{1969, 12, 29}, UKCLOCK_MONDAY},
        {{2000, 2, 29}, UKCLOCK_TUESDAY}, {{2026, 11, 23}, UKCLOCK_MONDAY},
        {{2026, 4, 3}, UKCLOCK_FRIDAY},   {{2021, 12, 25}, UKCLOCK_SATURDAY},
        {{2022, 12, 25}, UKCLOCK_SUNDAY}, {{1900, 1, 1}, UKCLOCK_MONDAY},
        {{2100, 12, 31}, UKCLOCK_FRIDAY},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_int_equal(ukclock_weekday(ukclock_days_from_date(cases[i].d)), cases[i].wd);
    assert_string_equal(ukclock_weekday_name(UKCLOCK_WEDNESDAY), "Wednesday");
    assert_string_equal(ukclock_weekday_abbr(UKCLOCK_SUNDAY), "Sun");
}

static void test_bst_dates(void **state)
{
    (void)state;
    /* Published UK clock changes: forward on the last Sunday of March, back on the last Sunday
     * of October, both at 01:00 UTC. */
    static const struct {
        int year;
        const char *start;
        const char *end;
    } cases[] = {
        {1996, "1996-03-31T01:00:00Z", "1996-10-27T01:00:00Z"},
        {2019, "2019-03-31T01:00:00Z", "2019-10-27T01:00:00Z"},
        {2020, "2020-03-29T01:00:00Z", "2020-10-25T01:00:00Z"},
        {2024, "2024-03-31T01:00:00Z", "2024-10-27T01:00:00Z"},
        {2025, "2025-03-30T01:00:00Z", "2025-10-26T01:00:00Z"},
        {2026, "2026-03-29T01:00:00Z", "2026-10-25T01:00:00Z"},
        {2027, "2027-03-28T01:00:00Z", "2027-10-31T01:00:00Z"},
        {2030, "2030-03-31T01:00:00Z", "2030-10-27T01:00:00Z"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char buf[UKCLOCK_ISO_SIZE];
        ukclock_format_utc(ukclock_bst_start(cases[i].year), buf);
        assert_string_equal(buf, cases[i].start);
        ukclock_format_utc(ukclock_bst_end(cases[i].year), buf);
        assert_string_equal(buf, cases[i].end);
    }
}

static void test_to_local_around_changes(void **state)
{
    (void)state;
    static const struct {
        const char *utc;
        const char *local;
    } cases[] = {
        {"2026-01-15T12:00:00Z", "2026-01-15T12:00:00+00:00"},
        {"2026-03-29T00:59:59Z", "2026-03-29T00:59:59+00:00"},
        {"2026-03-29T01:00:00Z", "2026-03-29T02:00:00+01:00"},
        {"2026-06-01T09:00:00Z", "2026-06-01T10:00:00+01:00"},
        {"2026-06-30T23:30:00Z", "2026-07-01T00:30:00+01:00"},
        {"2026-10-25T00:00:00Z", "2026-10-25T01:00:00+01:00"},
        {"2026-10-25T00:59:59Z", "2026-10-25T01:59:59+01:00"},
        {"2026-10-25T01:00:00Z", "2026-10-25T01:00:00+00:00"},
        {"2026-10-25T01:59:59Z", "2026-10-25T01:59:59+00:00"},
        {"2026-12-31T23:59:59Z", "2026-12-31T23:59:59+00:00"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char buf[UKCLOCK_ISO_SIZE];
        ukclock_format_local(at(cases[i].utc), buf);
        assert_string_equal(buf, cases[i].local);
    }

    struct ukclock_local l;
    ukclock_to_local(at("2026-03-29T01:00:00Z"), &l);
    assert_int_equal(l.hour, 2);
    assert_int_equal(l.utc_offset_s, 3600);
    ukclock_to_local(at("2026-10-25T01:00:00Z"), &l);
    assert_int_equal(l.hour, 1);
    assert_int_equal(l.utc_offset_s, 0);
}

static void test_from_local_gap_and_overlap(void **state)
{
    (void)state;
    static const struct {
        struct ukclock_local local;
        const char *utc;
    } cases[] = {
        /* spring: 01:00-01:59 does not exist on 29 March 2026; it moves forward by the hour */
        {{2026, 3, 29, 0, 59, 59, 0}, "2026-03-29T00:59:59Z"},
        {{2026, 3, 29, 1, 0, 0, 0}, "2026-03-29T01:00:00Z"},
        {{2026, 3, 29, 1, 30, 0, 0}, "2026-03-29T01:30:00Z"},
        {{2026, 3, 29, 2, 0, 0, 0}, "2026-03-29T01:00:00Z"},
        {{2026, 3, 29, 2, 30, 0, 0}, "2026-03-29T01:30:00Z"},
        /* autumn: 01:00-01:59 happens twice on 25 October 2026; the first (BST) is chosen */
        {{2026, 10, 25, 0, 59, 0, 0}, "2026-10-24T23:59:00Z"},
        {{2026, 10, 25, 1, 0, 0, 0}, "2026-10-25T00:00:00Z"},
        {{2026, 10, 25, 1, 30, 0, 0}, "2026-10-25T00:30:00Z"},
        {{2026, 10, 25, 1, 59, 59, 0}, "2026-10-25T00:59:59Z"},
        {{2026, 10, 25, 2, 0, 0, 0}, "2026-10-25T02:00:00Z"},
        /* ordinary days */
        {{2026, 7, 1, 0, 30, 0, 0}, "2026-06-30T23:30:00Z"},
        {{2026, 11, 23, 9, 15, 0, 0}, "2026-11-23T09:15:00Z"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int64_t t = 0;
        assert_int_equal(ukclock_from_local(&cases[i].local, &t), E_OK);
        char buf[UKCLOCK_ISO_SIZE];
        ukclock_format_utc(t, buf);
        assert_string_equal(buf, cases[i].utc);
    }

    /* a day number with 24:00 is the next midnight: 25 October 2026 is 25 hours long */
    int64_t day = ukclock_days_from_date(date(2026, 10, 25));
    assert_int_equal(ukclock_utc_from_local_day(day, 86400) - ukclock_utc_from_local_day(day, 0),
                     25 * 3600);
    day = ukclock_days_from_date(date(2026, 3, 29));
    assert_int_equal(ukclock_utc_from_local_day(day, 86400) - ukclock_utc_from_local_day(day, 0),
                     23 * 3600);
}

static void test_from_local_rejects(void **state)
{
    (void)state;
    static const struct ukclock_local bad[] = {
        {2026, 2, 30, 9, 0, 0, 0},  {2026, 13, 1, 9, 0, 0, 0}, {2026, 1, 1, 24, 0, 0, 0},
        {2026, 1, 1, 9, 60, 0, 0},  {2026, 1, 1, 9, 0, 60, 0}, {2026, 1, 1, -1, 0, 0, 0},
        {1899, 12, 31, 9, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int64_t t = 42;
        assert_int_equal(ukclock_from_local(&bad[i], &t), E_INVALID);
        assert_int_equal(t, 42);
    }
}

static void test_local_day(void **state)
{
    (void)state;
    int64_t days;
    int32_t sec;
    /* 23:30 UTC on 30 June is 00:30 on 1 July in London */
    ukclock_local_day(at("2026-06-30T23:30:00Z"), &days, &sec);
    assert_int_equal(days, ukclock_days_from_date(date(2026, 7, 1)));
    assert_int_equal(sec, 30 * 60);
    ukclock_local_day(at("1969-12-31T23:00:00Z"), &days, &sec);
    assert_int_equal(days, -1);
    assert_int_equal(sec, 23 * 3600);
}

static void test_parse_good(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        unsigned flags;
        const char *utc;
    } cases[] = {
        {"2026-11-23T09:15:00Z", 0, "2026-11-23T09:15:00Z"},
        {"2026-11-23T09:15Z", 0, "2026-11-23T09:15:00Z"},
        {"2026-06-01T10:00:00+01:00", 0, "2026-06-01T09:00:00Z"},
        {"2026-06-01T10:00:00-05:30", 0, "2026-06-01T15:30:00Z"},
        {"2026-06-01T00:30:00+01:00", 0, "2026-05-31T23:30:00Z"},
        {"2026-11-23T09:15:00.5Z", 0, "2026-11-23T09:15:00Z"},
        {"2026-11-23T09:15:59.999999999Z", 0, "2026-11-23T09:15:59Z"},
        {"2026-11-23T09:15:00.250+00:00", 0, "2026-11-23T09:15:00Z"},
        {"2026-11-23T09:15:00-00:00", 0, "2026-11-23T09:15:00Z"},
        {"2024-02-29T12:00:00Z", 0, "2024-02-29T12:00:00Z"},
        /* date only: local midnight */
        {"2026-11-23", 0, "2026-11-23T00:00:00Z"},
        {"2026-06-01", 0, "2026-05-31T23:00:00Z"},
        {"2026-03-29", 0, "2026-03-29T00:00:00Z"},
        {"2026-10-25", 0, "2026-10-24T23:00:00Z"},
        /* wall clock, only when asked for */
        {"2026-06-01T10:00", UKCLOCK_PARSE_LOCAL, "2026-06-01T09:00:00Z"},
        {"2026-12-01T10:00:00", UKCLOCK_PARSE_LOCAL, "2026-12-01T10:00:00Z"},
        {"2026-03-29T01:30", UKCLOCK_PARSE_LOCAL, "2026-03-29T01:30:00Z"},
        {"2026-10-25T01:30", UKCLOCK_PARSE_LOCAL, "2026-10-25T00:30:00Z"},
        {"1900-01-01T00:00:00Z", 0, "1900-01-01T00:00:00Z"},
        {"2199-12-31T23:59:59Z", 0, "2199-12-31T23:59:59Z"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int64_t t = 0;
        enum err err = ukclock_parse_iso(cases[i].in, cases[i].flags, &t);
        if (err != E_OK)
            fail_msg("'%s' was rejected", cases[i].in);
        char buf[UKCLOCK_ISO_SIZE];
        ukclock_format_utc(t, buf);
        assert_string_equal(buf, cases[i].utc);
    }
}

static void test_parse_rejects(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "2026-02-30",
        "2026-02-29T00:00:00Z",
        "2100-02-29",
        "2026-04-31T09:00Z",
        "2026-13-01",
        "2026-00-10",
        "2026-01-00",
        "2026-1-01",
        "26-01-01",
        "20260101",
        "1899-12-31",
        "2200-01-01",
        "2026-01-01T24:00:00Z",
        "2026-01-01T23:60:00Z",
        "2026-01-01T23:59:60Z",
        "2026-01-01T9:00:00Z",
        "2026-01-01T09Z",
        "2026-01-01T09:00:00+24:00",
        "2026-01-01T09:00:00+01:60",
        "2026-01-01T09:00:00+0100",
        "2026-01-01T09:00:00+01",
        "2026-01-01T09:00:00+1:00",
        "2026-01-01T09:00:00Zjunk",
        "2026-01-01T09:00:00Z ",
        "2026-01-01 ",
        " 2026-01-01",
        "2026-01-01x",
        "2026-01-01 09:00:00Z",
        "2026-01-01t09:00:00Z",
        "2026-01-01T09:00:00z",
        "2026-01-01T09:00:00.Z",
        "2026-01-01T09:00:00.1234567890Z",
        "2026-01-01T09:00.5Z",
        "2026-01-01T09:00:00+01:00:00",
        "2026-01-01T",
        "2026-01-01T09:00:00",
        "2026-01-01T09:00",
        "2026-01-01T09:00:00Z0000000000000000000000000000000000000000000000000",
        "+2026-01-01",
        "2026-01-01T09:00:00GMT",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int64_t t = 42;
        if (ukclock_parse_iso(bad[i], 0, &t) != E_INVALID)
            fail_msg("'%s' was accepted", bad[i]);
        assert_int_equal(t, 42);
    }
    int64_t t = 42;
    assert_int_equal(ukclock_parse_iso(NULL, 0, &t), E_INVALID);
    /* with UKCLOCK_PARSE_LOCAL a missing offset is fine, but junk still is not */
    assert_int_equal(ukclock_parse_iso("2026-01-01T09:00x", UKCLOCK_PARSE_LOCAL, &t), E_INVALID);
    assert_int_equal(ukclock_parse_iso("2026-02-30T09:00", UKCLOCK_PARSE_LOCAL, &t), E_INVALID);
    assert_int_equal(t, 42);
}

static void test_parse_date(void **state)
{
    (void)state;
    struct ukclock_date d = {0, 0, 0};
    assert_int_equal(ukclock_parse_date("2026-12-24", &d), E_OK);
    assert_int_equal(d.year, 2026);
    assert_int_equal(d.month, 12);
    assert_int_equal(d.day, 24);
    assert_int_equal(ukclock_parse_date("2026-12-32", &d), E_INVALID);
    assert_int_equal(ukclock_parse_date("2026-12-24T00:00Z", &d), E_INVALID);
    assert_int_equal(ukclock_parse_date(NULL, &d), E_INVALID);
}

static void test_format(void **state)
{
    (void)state;
    char buf[UKCLOCK_ISO_SIZE];
    ukclock_format_local(at("2026-06-01T09:00:00Z"), buf);
    assert_string_equal(buf, "2026-06-01T10:00:00+01:00");
    ukclock_format_local(at("2026-11-23T09:15:00Z"), buf);
    assert_string_equal(buf, "2026-11-23T09:15:00+00:00");
    ukclock_format_utc(at("2026-06-01T10:00:00+01:00"), buf);
    assert_string_equal(buf, "2026-06-01T09:00:00Z");
    ukclock_format_utc(-1, buf);
    assert_string_equal(buf, "1969-12-31T23:59:59Z");
    ukclock_format_date(date(2026, 4, 3), buf);
    assert_string_equal(buf, "2026-04-03");

    /* format then parse gives the same instant, every 37 minutes through 2026 */
    for (int64_t t = at("2026-01-01T00:00:00Z"); t < at("2027-01-01T00:00:00Z"); t += 37 * 60) {
        int64_t back = 0;
        ukclock_format_local(t, buf);
        assert_int_equal(ukclock_parse_iso(buf, 0, &back), E_OK);
        assert_int_equal(back, t);
        ukclock_format_utc(t, buf);
        assert_int_equal(ukclock_parse_iso(buf, 0, &back), E_OK);
        assert_int_equal(back, t);
    }
}

/* Cross-check against the system tz database, when installed. Single-threaded test process, so
 * setting TZ here is harmless; the module under test never looks at it. */
static void test_matches_system_tzdata(void **state)
{
    (void)state;
    if (access("/usr/share/zoneinfo/Europe/London", R_OK) != 0)
        skip();
    setenv("TZ", "Europe/London", 1);
    tzset();
    int64_t end = at("2038-01-01T00:00:00Z");
    for (int64_t t = at("1996-01-01T00:00:00Z"); t < end; t += 15 * 60) {
        time_t tt = (time_t)t;
        struct tm tm;
        assert_non_null(localtime_r(&tt, &tm));
        struct ukclock_local l;
        ukclock_to_local(t, &l);
        if (l.year != tm.tm_year + 1900 || l.month != tm.tm_mon + 1 || l.day != tm.tm_mday ||
            l.hour != tm.tm_hour || l.minute != tm.tm_min || l.utc_offset_s != tm.tm_gmtoff)
            fail_msg("mismatch with tzdata at %lld", (long long)t);
    }
    /* the same, jumping between years in no order, as callers on one thread may */
    uint64_t seed = 88172645463325252u;
    int64_t first = at("1996-01-01T00:00:00Z");
    for (int i = 0; i < 20000; i++) {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        int64_t t = first + (int64_t)(seed % (uint64_t)(end - first));
        time_t tt = (time_t)t;
        struct tm tm;
        assert_non_null(localtime_r(&tt, &tm));
        if (ukclock_utc_offset(t) != tm.tm_gmtoff)
            fail_msg("offset differs from tzdata at %lld", (long long)t);
    }
    unsetenv("TZ");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_days_from_date),
        cmocka_unit_test(test_days_round_trip_every_day),
        cmocka_unit_test(test_leap_years_and_month_lengths),
        cmocka_unit_test(test_weekday),
        cmocka_unit_test(test_bst_dates),
        cmocka_unit_test(test_to_local_around_changes),
        cmocka_unit_test(test_from_local_gap_and_overlap),
        cmocka_unit_test(test_from_local_rejects),
        cmocka_unit_test(test_local_day),
        cmocka_unit_test(test_parse_good),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_parse_date),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_matches_system_tzdata),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
