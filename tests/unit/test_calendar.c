/*
 * test_calendar: England and Wales bank holidays (every rule and substitute day, and the one-off
 * changes) against the published GOV.UK lists for 2019-2027 and the rules for 2028-2030, and the
 * working-time arithmetic on the default and on custom working patterns, across weekends, Easter,
 * Christmas and both clock changes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/ukclock.h"
#include "domain/calendar.h"

static struct ukclock_date date(int y, int m, int d)
{
    struct ukclock_date r = {y, m, d};
    return r;
}

/* An instant from ISO text the test knows to be good; Europe/London wall clock allowed. */
static int64_t at(const char *iso)
{
    int64_t t = 0;
    if (ukclock_parse_iso(iso, UKCLOCK_PARSE_LOCAL, &t) != E_OK)
        fail_msg("test fixture '%s' did not parse", iso);
    return t;
}

static void assert_local(int64_t t, const char *expect)
{
    char buf[UKCLOCK_ISO_SIZE];
    ukclock_format_local(t, buf);
    assert_string_equal(buf, expect);
}

/* --- bank holidays ------------------------------------------------------------------------- */

static void test_easter(void **state)
{
    (void)state;
    static const struct ukclock_date easter[] = {
        {2019, 4, 21}, {2020, 4, 12}, {2021, 4, 4},  {2022, 4, 17}, {2023, 4, 9},
        {2024, 3, 31}, {2025, 4, 20}, {2026, 4, 5},  {2027, 3, 28}, {2028, 4, 16},
        {2029, 4, 1},  {2030, 4, 21}, {1818, 3, 22}, {2285, 3, 22}, {1943, 4, 25},
        {2038, 4, 25}, {2000, 4, 23}, {1996, 4, 7},  {2100, 3, 28},
    };
    for (size_t i = 0; i < sizeof(easter) / sizeof(easter[0]); i++) {
        struct ukclock_date e = calendar_easter_sunday(easter[i].year);
        assert_int_equal(e.month, easter[i].month);
        assert_int_equal(e.day, easter[i].day);
    }
}

/* England and Wales, GOV.UK (2019-2027 as published; 2028-2030 by the same rules). */
static const struct {
    const char *date;
    const char *name;
} expected_holidays[] = {
    {"2019-01-01", "New Year's Day"},
    {"2019-04-19", "Good Friday"},
    {"2019-04-22", "Easter Monday"},
    {"2019-05-06", "Early May bank holiday"},
    {"2019-05-27", "Spring bank holiday"},
    {"2019-08-26", "Summer bank holiday"},
    {"2019-12-25", "Christmas Day"},
    {"2019-12-26", "Boxing Day"},

    {"2020-01-01", "New Year's Day"},
    {"2020-04-10", "Good Friday"},
    {"2020-04-13", "Easter Monday"},
    {"2020-05-08", "Early May bank holiday (VE day)"},
    {"2020-05-25", "Spring bank holiday"},
    {"2020-08-31", "Summer bank holiday"},
    {"2020-12-25", "Christmas Day"},
    {"2020-12-28", "Boxing Day (substitute day)"},

    {"2021-01-01", "New Year's Day"},
    {"2021-04-02", "Good Friday"},
    {"2021-04-05", "Easter Monday"},
    {"2021-05-03", "Early May bank holiday"},
    {"2021-05-31", "Spring bank holiday"},
    {"2021-08-30", "Summer bank holiday"},
    {"2021-12-27", "Christmas Day (substitute day)"},
    {"2021-12-28", "Boxing Day (substitute day)"},

    {"2022-01-03", "New Year's Day (substitute day)"},
    {"2022-04-15", "Good Friday"},
    {"2022-04-18", "Easter Monday"},
    {"2022-05-02", "Early May bank holiday"},
    {"2022-06-02", "Spring bank holiday"},
    {"2022-06-03", "Platinum Jubilee bank holiday"},
    {"2022-08-29", "Summer bank holiday"},
    {"2022-09-19", "Bank holiday for the State Funeral of Queen Elizabeth II"},
    {"2022-12-26", "Boxing Day"},
    {"2022-12-27", "Christmas Day (substitute day)"},

    {"2023-01-02", "New Year's Day (substitute day)"},
    {"2023-04-07", "Good Friday"},
    {"2023-04-10", "Easter Monday"},
    {"2023-05-01", "Early May bank holiday"},
    {"2023-05-08", "Bank holiday for the coronation of King Charles III"},
    {"2023-05-29", "Spring bank holiday"},
    {"2023-08-28", "Summer bank holiday"},
    {"2023-12-25", "Christmas Day"},
    {"2023-12-26", "Boxing Day"},

    {"2024-01-01", "New Year's Day"},
    {"2024-03-29", "Good Friday"},
    {"2024-04-01", "Easter Monday"},
    {"2024-05-06", "Early May bank holiday"},
    {"2024-05-27", "Spring bank holiday"},
    {"2024-08-26", "Summer bank holiday"},
    {"2024-12-25", "Christmas Day"},
    {"2024-12-26", "Boxing Day"},

    {"2025-01-01", "New Year's Day"},
    {"2025-04-18", "Good Friday"},
    {"2025-04-21", "Easter Monday"},
    {"2025-05-05", "Early May bank holiday"},
    {"2025-05-26", "Spring bank holiday"},
    {"2025-08-25", "Summer bank holiday"},
    {"2025-12-25", "Christmas Day"},
    {"2025-12-26", "Boxing Day"},

    {"2026-01-01", "New Year's Day"},
    {"2026-04-03", "Good Friday"},
    {"2026-04-06", "Easter Monday"},
    {"2026-05-04", "Early May bank holiday"},
    {"2026-05-25", "Spring bank holiday"},
    {"2026-08-31", "Summer bank holiday"},
    {"2026-12-25", "Christmas Day"},
    {"2026-12-28", "Boxing Day (substitute day)"},

    {"2027-01-01", "New Year's Day"}, /* a Friday: no substitute */
    {"2027-03-26", "Good Friday"},
    {"2027-03-29", "Easter Monday"},
    {"2027-05-03", "Early May bank holiday"},
    {"2027-05-31", "Spring bank holiday"},
    {"2027-08-30", "Summer bank holiday"},
    {"2027-12-27", "Christmas Day (substitute day)"},
    {"2027-12-28", "Boxing Day (substitute day)"},

    {"2028-01-03", "New Year's Day (substitute day)"}, /* 1 January 2028 is a Saturday */
    {"2028-04-14", "Good Friday"},
    {"2028-04-17", "Easter Monday"},
    {"2028-05-01", "Early May bank holiday"},
    {"2028-05-29", "Spring bank holiday"},
    {"2028-08-28", "Summer bank holiday"},
    {"2028-12-25", "Christmas Day"},
    {"2028-12-26", "Boxing Day"},

    {"2029-01-01", "New Year's Day"},
    {"2029-03-30", "Good Friday"},
    {"2029-04-02", "Easter Monday"},
    {"2029-05-07", "Early May bank holiday"},
    {"2029-05-28", "Spring bank holiday"},
    {"2029-08-27", "Summer bank holiday"},
    {"2029-12-25", "Christmas Day"},
    {"2029-12-26", "Boxing Day"},

    {"2030-01-01", "New Year's Day"},
    {"2030-04-19", "Good Friday"},
    {"2030-04-22", "Easter Monday"},
    {"2030-05-06", "Early May bank holiday"},
    {"2030-05-27", "Spring bank holiday"},
    {"2030-08-26", "Summer bank holiday"},
    {"2030-12-25", "Christmas Day"},
    {"2030-12-26", "Boxing Day"},
};

static void test_bank_holidays_2019_to_2030(void **state)
{
    (void)state;
    size_t next = 0;
    for (int year = 2019; year <= 2030; year++) {
        struct calendar_holiday hols[CALENDAR_MAX_HOLIDAYS];
        size_t n = 0;
        assert_int_equal(calendar_bank_holidays(year, hols, &n), E_OK);
        for (size_t i = 0; i < n; i++) {
            assert_true(next < sizeof(expected_holidays) / sizeof(expected_holidays[0]));
            char buf[UKCLOCK_ISO_SIZE];
            ukclock_format_date(hols[i].date, buf);
            assert_string_equal(buf, expected_holidays[next].date);
            assert_string_equal(hols[i].name, expected_holidays[next].name);
            next++;
        }
    }
    assert_int_equal(next, sizeof(expected_holidays) / sizeof(expected_holidays[0]));

    /* and each listed day is found by the single-day question, with its name */
    for (size_t i = 0; i < next; i++) {
        struct ukclock_date d;
        assert_int_equal(ukclock_parse_date(expected_holidays[i].date, &d), E_OK);
        const char *name = NULL;
        assert_true(calendar_is_bank_holiday(d, &name));
        assert_string_equal(name, expected_holidays[i].name);
    }
}

static void test_bank_holiday_one_offs_and_non_holidays(void **state)
{
    (void)state;
    /* days the rules would give that were moved */
    assert_false(calendar_is_bank_holiday(date(2020, 5, 4), NULL));
    assert_false(calendar_is_bank_holiday(date(2022, 5, 30), NULL));
    assert_false(calendar_is_bank_holiday(date(2012, 5, 28), NULL));
    assert_false(calendar_is_bank_holiday(date(2002, 5, 27), NULL));
    /* earlier one-offs */
    assert_true(calendar_is_bank_holiday(date(1999, 12, 31), NULL));
    assert_true(calendar_is_bank_holiday(date(2002, 6, 3), NULL));
    assert_true(calendar_is_bank_holiday(date(2002, 6, 4), NULL));
    assert_true(calendar_is_bank_holiday(date(2011, 4, 29), NULL));
    assert_true(calendar_is_bank_holiday(date(2012, 6, 4), NULL));
    assert_true(calendar_is_bank_holiday(date(2012, 6, 5), NULL));
    /* weekends under a substituted holiday are not themselves holidays */
    assert_false(calendar_is_bank_holiday(date(2021, 12, 25), NULL));
    assert_false(calendar_is_bank_holiday(date(2022, 12, 25), NULL));
    assert_false(calendar_is_bank_holiday(date(2028, 1, 1), NULL));
    assert_false(calendar_is_bank_holiday(date(2026, 11, 23), NULL));

    /* every supported year has 8 rule days, each on a weekday, in date order */
    for (int year = CALENDAR_FIRST_YEAR; year <= CALENDAR_LAST_YEAR; year++) {
        struct calendar_holiday hols[CALENDAR_MAX_HOLIDAYS];
        size_t n = 0;
        assert_int_equal(calendar_bank_holidays(year, hols, &n), E_OK);
        assert_true(n >= 8 && n <= CALENDAR_MAX_HOLIDAYS);
        for (size_t i = 0; i < n; i++) {
            enum ukclock_weekday wd = ukclock_weekday(ukclock_days_from_date(hols[i].date));
            assert_true(wd <= UKCLOCK_FRIDAY);
            assert_int_equal(hols[i].date.year, year);
            if (i > 0)
                assert_true(ukclock_days_from_date(hols[i - 1].date) <
                            ukclock_days_from_date(hols[i].date));
        }
    }

    struct calendar_holiday hols[CALENDAR_MAX_HOLIDAYS];
    size_t n = 0;
    assert_int_equal(calendar_bank_holidays(1995, hols, &n), E_INVALID);
    assert_int_equal(calendar_bank_holidays(2101, hols, &n), E_INVALID);
    assert_false(calendar_is_bank_holiday(date(2101, 1, 3), NULL));
}

/* --- setting up ---------------------------------------------------------------------------- */

static void test_default_calendar(void **state)
{
    (void)state;
    struct calendar cal;
    calendar_init(&cal);
    assert_true(calendar_is_working_instant(&cal, at("2026-11-23T09:00")));
    assert_true(calendar_is_working_instant(&cal, at("2026-11-23T16:59:59")));
    assert_false(calendar_is_working_instant(&cal, at("2026-11-23T08:59:59")));
    assert_false(calendar_is_working_instant(&cal, at("2026-11-23T17:00")));
    assert_false(calendar_is_working_instant(&cal, at("2026-11-21T12:00"))); /* Saturday */
    assert_false(calendar_is_working_instant(&cal, at("2026-11-22T12:00"))); /* Sunday */
    assert_false(calendar_is_working_instant(&cal, at("2026-04-03T12:00"))); /* Good Friday */
    /* in summer 09:00 London is 08:00 UTC */
    assert_true(calendar_is_working_instant(&cal, at("2026-06-01T08:00:00Z")));
    assert_false(calendar_is_working_instant(&cal, at("2026-06-01T16:00:00Z")));
    assert_false(calendar_is_working_instant(&cal, at("1995-06-01T12:00")));

    assert_true(calendar_is_working_day(&cal, date(2026, 11, 23)));
    assert_false(calendar_is_working_day(&cal, date(2026, 12, 28)));
    assert_false(calendar_is_working_day(&cal, date(2026, 11, 22)));

    cal.bank_holidays = false;
    assert_true(calendar_is_working_instant(&cal, at("2026-04-03T12:00")));
}

static void test_set_day_and_parse_day(void **state)
{
    (void)state;
    struct calendar cal;
    calendar_init(&cal);
    struct calendar_interval ok[] = {{9 * 60, 12 * 60 + 30}, {13 * 60 + 30, 17 * 60}};
    assert_int_equal(calendar_set_day(&cal, UKCLOCK_MONDAY, ok, 2), E_OK);
    assert_false(calendar_is_working_instant(&cal, at("2026-11-23T13:00")));
    assert_true(calendar_is_working_instant(&cal, at("2026-11-23T13:30")));

    static const struct {
        struct calendar_interval iv[3];
        size_t n;
    } bad[] = {
        {{{9 * 60, 9 * 60}}, 1},                      /* empty */
        {{{17 * 60, 9 * 60}}, 1},                     /* backwards */
        {{{-1, 9 * 60}}, 1},                          /* before midnight */
        {{{9 * 60, 1441}}, 1},                        /* past 24:00 */
        {{{9 * 60, 13 * 60}, {12 * 60, 17 * 60}}, 2}, /* overlapping */
        {{{13 * 60, 17 * 60}, {9 * 60, 12 * 60}}, 2}, /* out of order */
        {{{1, 2}, {3, 4}, {5, 6}}, 3},                /* too many */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct calendar before = cal;
        assert_int_equal(calendar_set_day(&cal, UKCLOCK_TUESDAY, bad[i].iv, bad[i].n), E_INVALID);
        assert_memory_equal(&before, &cal, sizeof(cal));
    }
    assert_int_equal(calendar_set_day(&cal, (enum ukclock_weekday)7, ok, 1), E_INVALID);
    assert_int_equal(calendar_set_day(&cal, UKCLOCK_SATURDAY, NULL, 0), E_OK);

    struct calendar_day day;
    assert_int_equal(calendar_parse_day("09:00-12:30,13:30-17:00", &day), E_OK);
    assert_int_equal(day.n_intervals, 2);
    assert_int_equal(day.intervals[0].start_min, 540);
    assert_int_equal(day.intervals[0].end_min, 750);
    assert_int_equal(day.intervals[1].start_min, 810);
    assert_int_equal(day.intervals[1].end_min, 1020);
    assert_int_equal(calendar_parse_day("00:00-24:00", &day), E_OK);
    assert_int_equal(day.intervals[0].end_min, 1440);
    assert_int_equal(calendar_parse_day("closed", &day), E_OK);
    assert_int_equal(day.n_intervals, 0);
    assert_int_equal(calendar_parse_day("", &day), E_OK);
    assert_int_equal(day.n_intervals, 0);
    static const char *const bad_text[] = {
        "9:00-17:00",
        "09:00-17:00,",
        "09:00-17:00 ",
        "09:00-17",
        "09:00-24:01",
        "25:00-26:00",
        "09:60-17:00",
        "17:00-09:00",
        "09:00-13:00,12:00-17:00",
        "08:00-09:00,10:00-11:00,12:00-13:00",
        "09:00_17:00",
        "Closed",
    };
    for (size_t i = 0; i < sizeof(bad_text) / sizeof(bad_text[0]); i++) {
        if (calendar_parse_day(bad_text[i], &day) != E_INVALID)
            fail_msg("'%s' was accepted", bad_text[i]);
    }
    assert_int_equal(calendar_parse_day(NULL, &day), E_INVALID);
}

static void test_closed_dates(void **state)
{
    (void)state;
    struct calendar cal;
    calendar_init(&cal);
    /* a council that closes between Christmas and New Year */
    static const struct ukclock_date closure[] = {{2026, 12, 31}, {2026, 12, 29}, {2026, 12, 30}};
    assert_int_equal(calendar_set_closed_dates(&cal, closure, 3), E_OK);
    assert_false(calendar_is_working_day(&cal, date(2026, 12, 30)));
    assert_false(calendar_is_working_instant(&cal, at("2026-12-29T10:00")));

    int64_t out = 0;
    /* Thursday 24th + 1: 25th and 28th bank holidays, 29th-31st closed, 1 January bank holiday */
    assert_int_equal(calendar_add_working_days(&cal, at("2026-12-24T10:00"), 1, &out), E_OK);
    assert_local(out, "2027-01-04T10:00:00+00:00");

    static const struct ukclock_date bad[] = {{2026, 12, 31}, {2026, 2, 30}};
    assert_int_equal(calendar_set_closed_dates(&cal, bad, 2), E_INVALID);
    assert_ptr_equal(cal.closed, closure); /* unchanged on error */
    assert_int_equal(calendar_set_closed_dates(&cal, closure, CALENDAR_MAX_CLOSED + 1), E_TOOBIG);
    assert_int_equal(calendar_set_closed_dates(&cal, NULL, 0), E_OK);
    assert_true(calendar_is_working_day(&cal, date(2026, 12, 30)));
}

/* --- working days -------------------------------------------------------------------------- */

static void test_add_working_days(void **state)
{
    (void)state;
    struct calendar cal;
    calendar_init(&cal);
    static const struct {
        const char *from;
        int64_t n;
        const char *expect;
    } cases[] = {
        /* Friday 16:30 + 1 is Monday 16:30 */
        {"2026-01-09T16:30", 1, "2026-01-12T16:30:00+00:00"},
        {"2026-01-09T16:30", 5, "2026-01-16T16:30:00+00:00"},
        {"2026-01-12T10:00", 1, "2026-01-13T10:00:00+00:00"},
        /* Thursday before Good Friday 2026 + 1 is the Tuesday after Easter Monday */
        {"2026-04-02T16:30", 1, "2026-04-07T16:30:00+01:00"},
        {"2026-04-02T09:00", 2, "2026-04-08T09:00:00+01:00"},
        /* Christmas: 2026 Boxing Day is a Saturday, so Monday 28th is off */
        {"2026-12-24T12:00", 1, "2026-12-29T12:00:00+00:00"},
        /* 2021: Christmas on Saturday, Monday 27th and Tuesday 28th off */
        {"2021-12-23T11:00", 2, "2021-12-29T11:00:00+00:00"},
        /* 2022: Christmas on Sunday, Monday 26th and Tuesday 27th off */
        {"2022-12-23T14:00", 1, "2022-12-28T14:00:00+00:00"},
        /* New Year 2028 on a Saturday: Monday 3rd off */
        {"2027-12-31T15:00", 1, "2028-01-04T15:00:00+00:00"},
        /* across the spring change the local time stays 16:30 (15:30 UTC) */
        {"2026-03-27T16:30", 1, "2026-03-30T16:30:00+01:00"},
        /* across the autumn change likewise (16:30 UTC) */
        {"2026-10-23T16:30", 1, "2026-10-26T16:30:00+00:00"},
        /* outside working hours: first move to the next working instant */
        {"2026-11-21T10:00", 1, "2026-11-24T09:00:00+00:00"}, /* Saturday -> Monday 09:00 */
        {"2026-11-20T18:00", 1, "2026-11-24T09:00:00+00:00"}, /* Friday evening */
        {"2026-11-23T17:00", 1, "2026-11-25T09:00:00+00:00"}, /* closing time is not working */
        {"2026-11-23T07:45", 1, "2026-11-24T09:00:00+00:00"}, /* before opening */
        {"2026-04-03T10:00", 1, "2026-04-08T09:00:00+01:00"}, /* on Good Friday */
        {"2026-11-21T10:00", 0, "2026-11-23T09:00:00+00:00"}, /* 0 days: just the move */
        {"2026-11-23T10:15:30", 0, "2026-11-23T10:15:30+00:00"},
        /* seconds are kept */
        {"2026-11-23T10:15:30", 1, "2026-11-24T10:15:30+00:00"},
        /* 2026 has 253 working days; 5 January is the 2nd, so +252 is the first of 2027 */
        {"2026-01-05T09:00", 252, "2027-01-04T09:00:00+00:00"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int64_t out = 0;
        assert_int_equal(calendar_add_working_days(&cal, at(cases[i].from), cases[i].n, &out),
                         E_OK);
        char buf[UKCLOCK_ISO_SIZE];
        ukclock_format_local(out, buf);
        if (strcmp(buf, cases[i].expect) != 0)
            fail_msg("%s + %lld working days: got %s, expected %s", cases[i].from,
                     (long long)cases[i].n, buf, cases[i].expect);
    }

    int64_t out = 0;
    assert_int_equal(calendar_add_working_days(&cal, at("2026-01-09T16:30"), -1, &out), E_INVALID);
    assert_int_equal(calendar_add_working_days(&cal, at("1995-12-29T10:00"), 1, &out), E_INVALID);
    assert_int_equal(calendar_add_working_days(&cal, at("2100-12-30T10:00"), 2, &out), E_INVALID);
    assert_int_equal(calendar_add_working_days(&cal, at("2100-12-30T10:00"), 1, &out), E_OK);
    assert_local(out, "2100-12-31T10:00:00+00:00");
}

static void test_add_working_days_custom_patterns(void **state)
{
    (void)state;
    struct calendar cal;
    calendar_init(&cal);
    struct calendar_day day;

    /* Friday finishes at 16:00: Thursday 16:30 + 1 is Friday's close */
    assert_int_equal(calendar_parse_day("09:00-16:00", &day), E_OK);
    assert_int_equal(calendar_set_day(&cal, UKCLOCK_FRIDAY, day.intervals, day.n_intervals), E_OK);
    int64_t out = 0;
    assert_int_equal(calendar_add_working_days(&cal, at("2026-11-26T16:30"), 1, &out), E_OK);
    assert_local(out, "2026-11-27T16:00:00+00:00");

    /* Tuesday has a lunch break: Monday 12:30 + 1 lands in it, so Tuesday's 12:00 close */
    assert_int_equal(calendar_parse_day("09:00-12:00,13:00-17:00", &day), E_OK);
    assert_int_equal(calendar_set_day(&cal, UKCLOCK_TUESDAY, day.intervals, day.n_intervals), E_OK);
    assert_int_equal(calendar_add_working_days(&cal, at("2026-11-23T12:30"), 1, &out), E_OK);
    assert_local(out, "2026-11-24T12:00:00+00:00");
    /* from inside Tuesday's break: the afternoon opening, then Wednesday 13:00 */
    assert_int_equal(calendar_add_working_days(&cal, at("2026-11-24T12:15"), 1, &out), E_OK);
    assert_local(out, "2026-11-25T13:00:00+00:00");

    /* Monday opens at 08:00, Wednesday at 10:00: Monday 08:30 + 2 is Wednesday's opening */
    assert_int_equal(calendar_parse_day("08:00-16:00", &day), E_OK);
    assert_int_equal(calendar_set_day(&cal, UKCLOCK_MONDAY, day.intervals, day.n_intervals), E_OK);
    assert_int_equal(calendar_parse_day("10:00-17:00", &day), E_OK);
    assert_int_equal(calendar_set_day(&cal, UKCLOCK_WEDNESDAY, day.intervals, day.n_intervals),
                     E_OK);
    assert_int_equal(calendar_add_working_days(&cal, at("2026-11-23T08:30"), 2, &out), E_OK);
    assert_local(out, "2026-11-25T10:00:00+00:00");

    /* a Saturday service counts Saturday as a working day */
    calendar_init(&cal);
    assert_int_equal(calendar_parse_day("10:00-14:00", &day), E_OK);
    assert_int_equal(calendar_set_day(&cal, UKCLOCK_SATURDAY, day.intervals, day.n_intervals),
                     E_OK);
    assert_int_equal(calendar_add_working_days(&cal, at("2026-11-20T11:00"), 1, &out), E_OK);
    assert_local(out, "2026-11-21T11:00:00+00:00");
}

/* --- working hours and minutes ------------------------------------------------------------- */

static void test_add_working_hours(void **state)
{
    (void)state;
    struct calendar cal;
    calendar_init(&cal);
    static const struct {
        const char *from;
        int64_t hours;
        const char *expect;
    } cases[] = {
        {"2026-01-09T16:30", 1, "2026-01-12T09:30:00+00:00"}, /* over a weekend */
        {"2026-11-23T09:00", 8, "2026-11-23T17:00:00+00:00"}, /* ends at close, not next day */
        {"2026-11-23T09:00", 9, "2026-11-24T10:00:00+00:00"}, /* over a night */
        {"2026-11-23T09:00", 40, "2026-11-27T17:00:00+00:00"},
        {"2026-11-23T09:00", 41, "2026-11-30T10:00:00+00:00"},
        {"2026-11-21T10:00", 2, "2026-11-23T11:00:00+00:00"}, /* from a Saturday */
        {"2026-04-02T16:00", 2, "2026-04-07T10:00:00+01:00"}, /* over Easter */
        {"2026-03-27T16:00", 2, "2026-03-30T10:00:00+01:00"}, /* over the spring change */
        {"2026-10-23T16:00", 2, "2026-10-26T10:00:00+00:00"}, /* over the autumn change */
        {"2026-12-24T15:00", 4, "2026-12-29T11:00:00+00:00"}, /* over Christmas */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int64_t out = 0;
        assert_int_equal(calendar_add_working_hours(&cal, at(cases[i].from), cases[i].hours, &out),
                         E_OK);
        char buf[UKCLOCK_ISO_SIZE];
        ukclock_format_local(out, buf);
        if (strcmp(buf, cases[i].expect) != 0)
            fail_msg("%s + %lld working hours: got %s, expected %s", cases[i].from,
                     (long long)cases[i].hours, buf, cases[i].expect);
    }

    int64_t out = 0;
    assert_int_equal(calendar_add_working_minutes(&cal, at("2026-11-23T16:45"), 30, &out), E_OK);
    assert_local(out, "2026-11-24T09:15:00+00:00");
    /* zero leaves the instant alone, even outside working hours */
    assert_int_equal(calendar_add_working_minutes(&cal, at("2026-11-21T10:00"), 0, &out), E_OK);
    assert_local(out, "2026-11-21T10:00:00+00:00");
    assert_int_equal(calendar_add_working_minutes(&cal, at("2026-11-21T10:00"), -1, &out),
                     E_INVALID);
    assert_int_equal(calendar_add_working_hours(&cal, at("2100-12-31T16:00"), 2, &out), E_INVALID);
}

static void test_add_minutes_elapsed(void **state)
{
    (void)state;
    int64_t out = 0;
    /* the spring change: 00:30 + 60 elapsed minutes is 02:30 BST */
    assert_int_equal(calendar_add_minutes(at("2026-03-29T00:30"), 60, &out), E_OK);
    assert_local(out, "2026-03-29T02:30:00+01:00");
    /* the autumn change: 00:30 BST + 120 minutes is 01:30 GMT */
    assert_int_equal(calendar_add_minutes(at("2026-10-25T00:30"), 120, &out), E_OK);
    assert_local(out, "2026-10-25T01:30:00+00:00");
    assert_int_equal(calendar_add_minutes(at("2026-11-21T10:00"), -30, &out), E_OK);
    assert_local(out, "2026-11-21T09:30:00+00:00");
    assert_int_equal(calendar_add_minutes(at("1996-01-01T00:10"), -30, &out), E_INVALID);
}

static void test_working_minutes_between(void **state)
{
    (void)state;
    struct calendar cal;
    calendar_init(&cal);
    static const struct {
        const char *a;
        const char *b;
        int64_t minutes;
    } cases[] = {
        {"2026-01-09T16:30", "2026-01-12T09:30", 60},
        {"2026-11-23T09:00", "2026-11-23T17:00", 480},
        {"2026-11-23T00:00", "2026-11-30T00:00", 2400},
        {"2026-11-23T12:00", "2026-11-23T12:00", 0},
        {"2026-11-23T09:00", "2026-11-23T09:00:59", 0}, /* seconds dropped */
        {"2026-11-23T09:00", "2026-11-23T09:01:59", 1},
        {"2026-11-21T00:00", "2026-11-23T00:00", 0},    /* a weekend */
        {"2026-03-30T00:00", "2026-04-06T00:00", 1920}, /* Easter week: Good Friday off */
        {"2026-03-23T00:00", "2026-03-30T00:00", 2400}, /* the spring change week */
        {"2026-10-19T00:00", "2026-10-26T00:00", 2400}, /* the autumn change week */
        {"2026-12-21T00:00", "2027-01-04T00:00", 3360}, /* 7 working days over Christmas */
        {"2026-11-23T17:00", "2026-11-23T09:00", -480}, /* backwards is negative */
        {"2026-01-01T00:00", "2027-01-01T00:00", 253 * 480},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int64_t out = -12345;
        assert_int_equal(
            calendar_working_minutes_between(&cal, at(cases[i].a), at(cases[i].b), &out), E_OK);
        if (out != cases[i].minutes)
            fail_msg("%s to %s: got %lld, expected %lld", cases[i].a, cases[i].b, (long long)out,
                     (long long)cases[i].minutes);
    }
    int64_t out = 0;
    assert_int_equal(
        calendar_working_minutes_between(&cal, at("1995-12-01T00:00"), at("2026-01-01"), &out),
        E_INVALID);
}

static void test_clock_change_days_round_the_clock(void **state)
{
    (void)state;
    /* a 24-hour service with no bank holidays: the change days are 23 and 25 hours long */
    struct calendar cal;
    calendar_init(&cal);
    cal.bank_holidays = false;
    struct calendar_interval all_day = {0, CALENDAR_MINUTES_PER_DAY};
    for (int wd = UKCLOCK_MONDAY; wd <= UKCLOCK_SUNDAY; wd++)
        assert_int_equal(calendar_set_day(&cal, (enum ukclock_weekday)wd, &all_day, 1), E_OK);

    int64_t out = 0;
    assert_int_equal(
        calendar_working_minutes_between(&cal, at("2026-03-29"), at("2026-03-30"), &out), E_OK);
    assert_int_equal(out, 23 * 60);
    assert_int_equal(
        calendar_working_minutes_between(&cal, at("2026-10-25"), at("2026-10-26"), &out), E_OK);
    assert_int_equal(out, 25 * 60);
    assert_true(calendar_is_working_instant(&cal, at("2026-10-25T01:30:00Z")));
    /* 1 working day from 00:30 on the Saturday is 00:30 on the Sunday, an hour shorter */
    assert_int_equal(calendar_add_working_days(&cal, at("2026-03-28T12:00"), 1, &out), E_OK);
    assert_local(out, "2026-03-29T12:00:00+01:00");
    /* 24 working hours from Saturday noon, over the short day, is 13:00 on Sunday */
    assert_int_equal(calendar_add_working_hours(&cal, at("2026-03-28T12:00"), 24, &out), E_OK);
    assert_local(out, "2026-03-29T13:00:00+01:00");
    assert_int_equal(calendar_add_working_hours(&cal, at("2026-10-24T12:00"), 24, &out), E_OK);
    assert_local(out, "2026-10-25T11:00:00+00:00");
}

/* Sets one weekday of cal from its text ("09:00-15:00"). */
static void set_day(struct calendar *cal, enum ukclock_weekday wd, const char *text)
{
    struct calendar_day day;
    assert_int_equal(calendar_parse_day(text, &day), E_OK);
    assert_int_equal(calendar_set_day(cal, wd, day.intervals, day.n_intervals), E_OK);
}

/* Properties over many start points: adding N working minutes and measuring back gives N, the
 * result of adding days is working time or a closing time, and results never go backwards. */
static void test_properties(void **state)
{
    (void)state;
    struct calendar cal;
    calendar_init(&cal);
    set_day(&cal, UKCLOCK_WEDNESDAY, "08:30-12:30,13:15-16:45");

    static const int64_t amounts[] = {1, 59, 60, 479, 480, 481, 2400, 10000};
    int64_t start = at("2026-03-20T00:00");
    int64_t end = at("2026-04-15T00:00");
    for (int64_t from = start; from < end; from += 47 * 60 + 13) {
        int64_t prev = from;
        for (size_t i = 0; i < sizeof(amounts) / sizeof(amounts[0]); i++) {
            int64_t out = 0, back = 0;
            assert_int_equal(calendar_add_working_minutes(&cal, from, amounts[i], &out), E_OK);
            assert_true(out > from && out >= prev);
            prev = out;
            assert_int_equal(calendar_working_minutes_between(&cal, from, out, &back), E_OK);
            assert_int_equal(back, amounts[i]);
        }
        for (int64_t n = 1; n <= 3; n++) {
            int64_t out = 0, one_less = 0;
            assert_int_equal(calendar_add_working_days(&cal, from, n, &out), E_OK);
            assert_int_equal(calendar_add_working_days(&cal, from, n - 1, &one_less), E_OK);
            assert_true(out > one_less);
            /* working time, or the instant just after the last working second */
            assert_true(calendar_is_working_instant(&cal, out) ||
                        calendar_is_working_instant(&cal, out - 1));
        }
    }
}

/* Counting whole working days in one pass gives what stepping a day at a time gives, on a
 * calendar whose days differ (a split Wednesday, a short Friday) so that steps get clamped,
 * across Christmas, the new year and a clock change. */
static void test_working_day_steps(void **state)
{
    (void)state;
    struct calendar cal;
    calendar_init(&cal);
    set_day(&cal, UKCLOCK_WEDNESDAY, "08:30-12:30,13:15-16:45");
    set_day(&cal, UKCLOCK_FRIDAY, "09:00-15:00");
    int64_t start = at("2026-12-10T00:00");
    int64_t until = at("2027-04-20T00:00");
    for (int64_t from = start; from < at("2027-01-08T00:00"); from += 3 * 3600 + 17 * 60) {
        int64_t want_steps = 0, want_at = from;
        for (;; want_steps++) {
            int64_t next;
            assert_int_equal(calendar_add_working_days(&cal, want_at, 1, &next), E_OK);
            if (next > until)
                break;
            want_at = next;
        }
        int64_t steps = -1, reached = 0;
        assert_int_equal(calendar_working_day_steps(&cal, from, until, 366, &steps, &reached),
                         E_OK);
        assert_int_equal(steps, want_steps);
        assert_int_equal(reached, want_at);
    }
    /* at most max_steps; none when the first step already passes until */
    int64_t steps = 0, reached = 0;
    assert_int_equal(calendar_working_day_steps(&cal, start, until, 5, &steps, &reached), E_OK);
    assert_int_equal(steps, 5);
    int64_t five = 0;
    assert_int_equal(calendar_add_working_days(&cal, start, 5, &five), E_OK);
    assert_true(reached <= five);
    assert_int_equal(calendar_working_day_steps(&cal, start, start, 366, &steps, &reached), E_OK);
    assert_int_equal(steps, 0);
    assert_int_equal(reached, start);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_easter),
        cmocka_unit_test(test_bank_holidays_2019_to_2030),
        cmocka_unit_test(test_bank_holiday_one_offs_and_non_holidays),
        cmocka_unit_test(test_default_calendar),
        cmocka_unit_test(test_set_day_and_parse_day),
        cmocka_unit_test(test_closed_dates),
        cmocka_unit_test(test_add_working_days),
        cmocka_unit_test(test_add_working_days_custom_patterns),
        cmocka_unit_test(test_add_working_hours),
        cmocka_unit_test(test_add_minutes_elapsed),
        cmocka_unit_test(test_working_minutes_between),
        cmocka_unit_test(test_clock_change_days_round_the_clock),
        cmocka_unit_test(test_properties),
        cmocka_unit_test(test_working_day_steps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
