/* domain/ics: a worker's calendar exported as iCalendar (tests/fixtures/worker-calendar.ics)
 * read into availability entries — kinds, time zones, all-day leave, repeats with an exception
 * and a moved occurrence, free and cancelled events left out, and files that are not
 * iCalendar. Run from the repository root (as scripts/run-tests does). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/ukclock.h"
#include "domain/availability.h"
#include "domain/ics.h"

#define FIXTURE "tests/fixtures/worker-calendar.ics"

static char *read_fixture(void)
{
    FILE *f = fopen(FIXTURE, "rb");
    if (!f)
        fail_msg("cannot open %s: run the test from the repository root", FIXTURE);
    struct buf b = BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_add(&b, chunk, n);
    fclose(f);
    return buf_detach(&b, NULL);
}

static int64_t utc(const char *iso)
{
    int64_t t = 0;
    assert_int_equal(ukclock_parse_iso(iso, 0, &t), E_OK);
    return t * 1000;
}

/* The entries whose title is title, in file order, into out (at most max). */
static size_t find(const struct ics_import *imp, const char *title,
                   const struct availability_entry **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < imp->n && n < max; i++)
        if (strcmp(imp->entries[i].title, title) == 0)
            out[n++] = &imp->entries[i];
    return n;
}

static const struct availability_entry *one(const struct ics_import *imp, const char *title)
{
    const struct availability_entry *e[2];
    size_t n = find(imp, title, e, 2);
    if (n != 1)
        fail_msg("expected one entry '%s', found %zu", title, n);
    return e[0];
}

static void test_fixture(void **state)
{
    (void)state;
    char *text = read_fixture();
    struct ics_import imp;
    struct err_info info = {{0}, {0}};
    assert_int_equal(ics_parse(text, utc("2026-11-20T12:00:00Z"), &imp, &info), E_OK);
    assert_int_equal(imp.n_events, 13);

    /* Europe/London in winter is UTC */
    const struct availability_entry *e = one(&imp, "Supervision with Graham");
    assert_int_equal(e->kind, AVAILABILITY_SUPERVISION);
    assert_int_equal(e->starts_at, utc("2026-11-30T10:00:00Z"));
    assert_int_equal(e->ends_at, utc("2026-11-30T11:30:00Z"));
    assert_string_equal(e->uid, "supervision-1@test");
    assert_string_equal(e->source, "ics");

    /* all-day leave, Monday to Friday: local midnights, end exclusive */
    e = one(&imp, "Annual leave");
    assert_int_equal(e->kind, AVAILABILITY_LEAVE);
    assert_int_equal(e->starts_at, utc("2026-12-07T00:00:00Z"));
    assert_int_equal(e->ends_at, utc("2026-12-12T00:00:00Z"));

    /* UTC with a DURATION */
    e = one(&imp, "Home visit");
    assert_int_equal(e->kind, AVAILABILITY_APPOINTMENT);
    assert_int_equal(e->ends_at - e->starts_at, 90 * 60 * 1000);

    /* CATEGORIES decides the kind; in summer Europe/London is UTC+1 */
    e = one(&imp, "Care Act refresher");
    assert_int_equal(e->kind, AVAILABILITY_TRAINING);
    assert_int_equal(e->starts_at, utc("2027-06-14T08:30:00Z"));

    /* Outlook's out-of-office status is leave; a word in the summary decides travel */
    assert_int_equal(one(&imp, "Out")->kind, AVAILABILITY_LEAVE);
    assert_int_equal(one(&imp, "Travel to Leeds")->kind, AVAILABILITY_TRAVEL);

    /* another zone, through the system's zone data: 09:00 in New York is 14:00 UTC */
    e = one(&imp, "Call with partner agency");
    assert_int_equal(e->starts_at, utc("2026-12-03T14:00:00Z"));

    /* a floating time is read as Europe/London */
    assert_int_equal(one(&imp, "Drop-in session")->starts_at, utc("2026-12-05T10:00:00Z"));

    /* weekly for 10 weeks from 2 Nov, less 16 Nov (EXDATE) and 23 Nov (moved to 11:00) */
    const struct availability_entry *meetings[16];
    size_t n = find(&imp, "Team meeting", meetings, 16);
    assert_int_equal(n, 8);
    int64_t first = utc("2026-11-02T09:00:00Z");
    int64_t week = 7LL * 24 * 3600 * 1000;
    for (size_t i = 0; i < n; i++) {
        assert_int_not_equal(meetings[i]->starts_at, first + 2 * week); /* 16 Nov */
        assert_int_not_equal(meetings[i]->starts_at, first + 3 * week); /* 23 Nov 09:00 */
        assert_int_equal(meetings[i]->ends_at - meetings[i]->starts_at, 3600 * 1000);
        assert_string_equal(meetings[i]->uid, "team-meeting@test");
    }
    assert_int_equal(meetings[n - 1]->starts_at, utc("2027-01-04T09:00:00Z"));
    e = one(&imp, "Team meeting (moved)");
    assert_int_equal(e->starts_at, utc("2026-11-23T11:00:00Z"));

    /* free, cancelled and long-past events are left out */
    const struct availability_entry *none[1];
    assert_int_equal(find(&imp, "Lunch reminder", none, 1), 0);
    assert_int_equal(find(&imp, "Cancelled review", none, 1), 0);
    assert_int_equal(find(&imp, "Old appointment", none, 1), 0);
    assert_int_equal(imp.n_skipped, 3);
    assert_int_equal(imp.n, 17);

    /* every entry passes the same checks as one typed in */
    for (size_t i = 0; i < imp.n; i++)
        assert_int_equal(availability_entry_validate(&imp.entries[i], &info), E_OK);
    ics_import_release(&imp);
    free(text);
}

static void test_window_moves_with_now(void **state)
{
    (void)state;
    char *text = read_fixture();
    struct ics_import imp;
    struct err_info info = {{0}, {0}};
    /* from March 2027 the November and December events are history */
    assert_int_equal(ics_parse(text, utc("2027-03-01T12:00:00Z"), &imp, &info), E_OK);
    const struct availability_entry *e[16];
    assert_int_equal(find(&imp, "Team meeting", e, 16), 0);
    assert_int_equal(find(&imp, "Care Act refresher", e, 16), 1);
    ics_import_release(&imp);
    free(text);
}

static void test_not_icalendar(void **state)
{
    (void)state;
    struct ics_import imp;
    struct err_info info = {{0}, {0}};
    assert_int_equal(
        ics_parse("name,type\nTeam,leaving_care\n", utc("2026-11-20T12:00:00Z"), &imp, &info),
        E_INVALID);
    assert_non_null(strstr(info.message, "not an iCalendar file"));
    ics_import_release(&imp);

    static const char unknown_zone[] =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\n"
        "DTSTAMP:20261101T000000Z\r\nDTSTART;TZID=Mars/Olympus_Mons:20261201T090000\r\n"
        "DTEND;TZID=Mars/Olympus_Mons:20261201T100000\r\nSUMMARY:Away\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n";
    assert_int_equal(ics_parse(unknown_zone, utc("2026-11-20T12:00:00Z"), &imp, &info), E_INVALID);
    assert_non_null(strstr(info.message, "Mars/Olympus_Mons"));
    ics_import_release(&imp);

    static const char no_start[] = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\n"
                                   "UID:b\r\nSUMMARY:When?\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    assert_int_equal(ics_parse(no_start, utc("2026-11-20T12:00:00Z"), &imp, &info), E_INVALID);
    assert_non_null(strstr(info.message, "When?"));
    ics_import_release(&imp);
}

/* A title that is not UTF-8 (a Latin-1 export) is stored with U+FFFD in place of each bad byte,
 * so it is valid UTF-8 like a hand-made entry's (found by fuzz_ics). Valid characters, control
 * characters and the character limit are kept as before. */
static void test_title_made_valid_utf8(void **state)
{
    (void)state;
    struct ics_import imp;
    struct err_info info = {{0}, {0}};
    static const char latin1[] =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:c\r\n"
        "DTSTART:20261201T090000Z\r\nDTEND:20261201T100000Z\r\n"
        "SUMMARY:Caf\xe9 with Zo\xc3\xab \xed\xa0\x80 \xf0\x9f\x98\x80\\nend\xc3\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n";
    assert_int_equal(ics_parse(latin1, utc("2026-11-20T12:00:00Z"), &imp, &info), E_OK);
    assert_int_equal(imp.n, 1);
    assert_string_equal(imp.entries[0].title, "Caf\xEF\xBF\xBD with Zo\xc3\xab "
                                              "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD "
                                              "\xf0\x9f\x98\x80 end\xEF\xBF\xBD");
    assert_int_equal(availability_entry_validate(&imp.entries[0], &info), E_OK);
    ics_import_release(&imp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixture),
        cmocka_unit_test(test_window_moves_with_now),
        cmocka_unit_test(test_not_icalendar),
        cmocka_unit_test(test_title_made_valid_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
