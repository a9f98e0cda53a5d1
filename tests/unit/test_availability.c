/* domain/availability: "when is worker X next available?" across evenings, weekends, bank
 * holidays, the clock change, leave and back-to-back appointments, and active dates. Times are
 * written as Europe/London wall clock so each case reads as a duty manager would check it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/ukclock.h"
#include "domain/availability.h"

/* UTC ms of a Europe/London wall-clock time. */
static int64_t at(int y, int mo, int d, int h, int mi)
{
    struct ukclock_local l = {y, mo, d, h, mi, 0, 0};
    int64_t t = 0;
    assert_int_equal(ukclock_from_local(&l, &t), E_OK);
    return t * 1000;
}

static void check_at(int64_t got_ms, int64_t want_ms)
{
    if (got_ms != want_ms) {
        char g[UKCLOCK_ISO_SIZE], w[UKCLOCK_ISO_SIZE];
        ukclock_format_local(got_ms / 1000, g);
        ukclock_format_local(want_ms / 1000, w);
        fail_msg("next available %s, expected %s", got_ms ? g : "none", w);
    }
}

static struct worker office_worker(void)
{
    struct worker w;
    worker_init(&w); /* Monday to Friday 09:00-17:00 */
    w.id = 7;
    snprintf(w.name, sizeof(w.name), "Natalie Brooks");
    w.role = WORKER_PERSONAL_ADVISER;
    return w;
}

static struct availability_entry entry(enum availability_kind k, int64_t from, int64_t to)
{
    struct availability_entry e;
    memset(&e, 0, sizeof(e));
    e.worker_id = 7;
    e.kind = k;
    e.starts_at = from;
    e.ends_at = to;
    return e;
}

static void test_available_now(void **state)
{
    (void)state;
    struct worker w = office_worker();
    struct availability av;
    int64_t now = at(2026, 11, 24, 10, 15); /* a Tuesday */
    assert_int_equal(availability_compute(&w, NULL, 0, now, &av), E_OK);
    assert_true(av.available_now);
    assert_int_equal(av.status, AVAILABILITY_AVAILABLE);
    assert_int_equal(av.next_available_at, now);
    assert_int_equal(av.current_entry, -1);
}

static void test_evening_and_weekend(void **state)
{
    (void)state;
    struct worker w = office_worker();
    struct availability av;
    /* Friday 17:30: back on Monday at 09:00 */
    assert_int_equal(availability_compute(&w, NULL, 0, at(2026, 11, 27, 17, 30), &av), E_OK);
    assert_false(av.available_now);
    assert_int_equal(av.status, AVAILABILITY_NOT_WORKING);
    check_at(av.next_available_at, at(2026, 11, 30, 9, 0));
    /* Wednesday 07:45: the same morning */
    assert_int_equal(availability_compute(&w, NULL, 0, at(2026, 11, 25, 7, 45), &av), E_OK);
    check_at(av.next_available_at, at(2026, 11, 25, 9, 0));
    /* exactly 17:00 is closing time: not working */
    assert_int_equal(availability_compute(&w, NULL, 0, at(2026, 11, 25, 17, 0), &av), E_OK);
    assert_false(av.available_now);
    check_at(av.next_available_at, at(2026, 11, 26, 9, 0));
}

static void test_christmas_bank_holidays(void **state)
{
    (void)state;
    struct worker w = office_worker();
    struct availability av;
    /* Christmas Eve 2026 is a Thursday; Christmas Day Friday; Boxing Day falls on Saturday so
     * Monday 28th is its substitute: back on Tuesday 29th */
    assert_int_equal(availability_compute(&w, NULL, 0, at(2026, 12, 24, 17, 30), &av), E_OK);
    check_at(av.next_available_at, at(2026, 12, 29, 9, 0));
    /* on the bank holiday itself during office hours: not working */
    assert_int_equal(availability_compute(&w, NULL, 0, at(2026, 12, 28, 11, 0), &av), E_OK);
    assert_int_equal(av.status, AVAILABILITY_NOT_WORKING);
}

/* An emergency duty worker works bank holidays to their pattern: Christmas Day is a day like
 * any other; without the flag the same pattern is closed on it. */
static void test_works_bank_holidays(void **state)
{
    (void)state;
    struct worker w = office_worker();
    for (int d = 0; d < 7; d++)
        snprintf(w.hours.day[d], sizeof(w.hours.day[d]), "%s",
                 d < 5 ? "00:00-09:00,17:00-24:00" : "00:00-24:00");
    struct availability av;
    int64_t christmas_evening = at(2026, 12, 25, 19, 0); /* a Friday: out of hours */
    w.works_bank_holidays = true;
    assert_int_equal(availability_compute(&w, NULL, 0, christmas_evening, &av), E_OK);
    assert_true(av.available_now);
    assert_int_equal(av.status, AVAILABILITY_AVAILABLE);
    /* the office hours of the weekly pattern are still not theirs on a bank holiday */
    assert_int_equal(availability_compute(&w, NULL, 0, at(2026, 12, 28, 11, 0), &av), E_OK);
    assert_int_equal(av.status, AVAILABILITY_NOT_WORKING);
    check_at(av.next_available_at, at(2026, 12, 28, 17, 0));

    w.works_bank_holidays = false;
    assert_int_equal(availability_compute(&w, NULL, 0, christmas_evening, &av), E_OK);
    assert_false(av.available_now);
    assert_int_equal(av.status, AVAILABILITY_NOT_WORKING);
    check_at(av.next_available_at, at(2026, 12, 26, 0, 0)); /* Saturday: not a holiday itself */
}

static void test_clock_change(void **state)
{
    (void)state;
    struct worker w = office_worker();
    struct availability av;
    /* British Summer Time starts on Sunday 29 March 2026: Monday 09:00 BST is 08:00 UTC */
    assert_int_equal(availability_compute(&w, NULL, 0, at(2026, 3, 27, 18, 0), &av), E_OK);
    check_at(av.next_available_at, at(2026, 3, 30, 9, 0));
    struct ukclock_date d = {2026, 3, 30};
    assert_int_equal(av.next_available_at, (ukclock_days_from_date(d) * 86400 + 8 * 3600) * 1000);
}

static void test_leave_this_week(void **state)
{
    (void)state;
    struct worker w = office_worker();
    struct availability av;
    /* on leave Monday 30 Nov to the end of Friday 4 Dec (entry ends Saturday 00:00) */
    struct availability_entry e[] = {
        entry(AVAILABILITY_LEAVE, at(2026, 11, 30, 0, 0), at(2026, 12, 5, 0, 0)),
    };
    assert_int_equal(availability_compute(&w, e, 1, at(2026, 12, 2, 11, 0), &av), E_OK);
    assert_false(av.available_now);
    assert_int_equal(av.status, AVAILABILITY_BUSY);
    assert_int_equal(av.current_entry, 0);
    check_at(av.next_available_at, at(2026, 12, 7, 9, 0));
    /* the Friday before the leave, after work: also Monday the 7th */
    assert_int_equal(availability_compute(&w, e, 1, at(2026, 11, 27, 16, 59), &av), E_OK);
    assert_true(av.available_now);
    assert_int_equal(availability_compute(&w, e, 1, at(2026, 11, 27, 17, 0), &av), E_OK);
    check_at(av.next_available_at, at(2026, 12, 7, 9, 0));
}

static void test_leave_into_bank_holiday(void **state)
{
    (void)state;
    struct worker w = office_worker();
    struct availability av;
    /* leave until the end of Thursday 24 Dec: the next working day is Tuesday 29 Dec */
    struct availability_entry e[] = {
        entry(AVAILABILITY_LEAVE, at(2026, 12, 21, 0, 0), at(2026, 12, 25, 0, 0)),
    };
    assert_int_equal(availability_compute(&w, e, 1, at(2026, 12, 22, 10, 0), &av), E_OK);
    check_at(av.next_available_at, at(2026, 12, 29, 9, 0));
}

static void test_back_to_back_entries(void **state)
{
    (void)state;
    struct worker w = office_worker();
    struct availability av;
    /* an appointment to 12:00, then travel 12:00-13:00 overlapping supervision 12:30-14:15,
     * given out of order: free at 14:15 */
    struct availability_entry e[] = {
        entry(AVAILABILITY_SUPERVISION, at(2026, 11, 24, 12, 30), at(2026, 11, 24, 14, 15)),
        entry(AVAILABILITY_APPOINTMENT, at(2026, 11, 24, 10, 0), at(2026, 11, 24, 12, 0)),
        entry(AVAILABILITY_TRAVEL, at(2026, 11, 24, 12, 0), at(2026, 11, 24, 13, 0)),
    };
    assert_int_equal(availability_compute(&w, e, 3, at(2026, 11, 24, 10, 30), &av), E_OK);
    assert_int_equal(av.status, AVAILABILITY_BUSY);
    assert_int_equal(av.current_entry, 1);
    check_at(av.next_available_at, at(2026, 11, 24, 14, 15));
    /* an entry ending at 12:00 makes 12:00 itself available when nothing follows */
    assert_int_equal(availability_compute(&w, &e[1], 1, at(2026, 11, 24, 10, 30), &av), E_OK);
    check_at(av.next_available_at, at(2026, 11, 24, 12, 0));
    /* an appointment running past 17:00: the next morning */
    struct availability_entry late[] = {
        entry(AVAILABILITY_APPOINTMENT, at(2026, 11, 24, 16, 0), at(2026, 11, 24, 17, 30)),
    };
    assert_int_equal(availability_compute(&w, late, 1, at(2026, 11, 24, 16, 30), &av), E_OK);
    check_at(av.next_available_at, at(2026, 11, 25, 9, 0));
}

static void test_other_workers_entries_ignored(void **state)
{
    (void)state;
    struct worker w = office_worker();
    struct availability av;
    struct availability_entry e[] = {
        entry(AVAILABILITY_LEAVE, at(2026, 11, 23, 0, 0), at(2026, 11, 28, 0, 0)),
    };
    e[0].worker_id = 99;
    assert_int_equal(availability_compute(&w, e, 1, at(2026, 11, 24, 10, 0), &av), E_OK);
    assert_true(av.available_now);
}

static void test_part_time_pattern(void **state)
{
    (void)state;
    struct worker w = office_worker();
    struct err_info info;
    for (int d = UKCLOCK_TUESDAY; d <= UKCLOCK_SUNDAY; d++)
        assert_int_equal(
            directory_pattern_set(&w.hours, (enum ukclock_weekday)d, "closed", "hours", &info),
            E_OK);
    assert_int_equal(
        directory_pattern_set(&w.hours, UKCLOCK_MONDAY, "09:30-12:30,13:30-16:00", "hours", &info),
        E_OK);
    struct availability av;
    /* Tuesday: next Monday 09:30 */
    assert_int_equal(availability_compute(&w, NULL, 0, at(2026, 11, 24, 10, 0), &av), E_OK);
    check_at(av.next_available_at, at(2026, 11, 30, 9, 30));
    /* Monday lunch: back at 13:30 */
    assert_int_equal(availability_compute(&w, NULL, 0, at(2026, 11, 30, 12, 45), &av), E_OK);
    check_at(av.next_available_at, at(2026, 11, 30, 13, 30));
}

static void test_active_dates(void **state)
{
    (void)state;
    struct worker w = office_worker();
    struct availability av;
    /* left on Friday 20 Nov */
    w.active_to = (struct ukclock_date){2026, 11, 20};
    assert_int_equal(availability_compute(&w, NULL, 0, at(2026, 11, 24, 10, 0), &av), E_OK);
    assert_int_equal(av.status, AVAILABILITY_INACTIVE);
    assert_int_equal(av.next_available_at, 0);
    /* on the last day itself they work */
    assert_int_equal(availability_compute(&w, NULL, 0, at(2026, 11, 20, 10, 0), &av), E_OK);
    assert_true(av.available_now);
    /* starting on Wednesday 2 Dec */
    w.active_to = (struct ukclock_date){0, 0, 0};
    w.active_from = (struct ukclock_date){2026, 12, 2};
    assert_int_equal(availability_compute(&w, NULL, 0, at(2026, 11, 24, 10, 0), &av), E_OK);
    assert_int_equal(av.status, AVAILABILITY_INACTIVE);
    check_at(av.next_available_at, at(2026, 12, 2, 9, 0));
}

static void test_beyond_horizon(void **state)
{
    (void)state;
    struct worker w = office_worker();
    struct availability av;
    /* a 120-day secondment: not within the 92 days looked at */
    struct availability_entry e[] = {
        entry(AVAILABILITY_LEAVE, at(2026, 11, 2, 0, 0), at(2027, 3, 2, 0, 0)),
    };
    assert_int_equal(availability_compute(&w, e, 1, at(2026, 11, 24, 10, 0), &av), E_OK);
    assert_int_equal(av.status, AVAILABILITY_BUSY);
    assert_int_equal(av.next_available_at, 0);
}

static void test_entry_validation(void **state)
{
    (void)state;
    struct err_info info;
    struct availability_entry e =
        entry(AVAILABILITY_TRAINING, at(2026, 11, 24, 9, 0), at(2026, 11, 24, 17, 0));
    assert_int_equal(availability_entry_validate(&e, &info), E_OK);
    e.ends_at = e.starts_at;
    assert_int_equal(availability_entry_validate(&e, &info), E_INVALID);
    assert_string_equal(info.field, "ends_at");
    e.ends_at = e.starts_at + AVAILABILITY_ENTRY_MAX_MS + 1;
    assert_int_equal(availability_entry_validate(&e, &info), E_INVALID);
    e.ends_at = e.starts_at + 3600000;
    e.kind = AVAILABILITY_KIND_NONE;
    assert_int_equal(availability_entry_validate(&e, &info), E_INVALID);
    assert_string_equal(info.field, "kind");
    assert_int_equal(availability_kind_parse("supervision"), AVAILABILITY_SUPERVISION);
    assert_int_equal(availability_kind_parse("lunch"), AVAILABILITY_KIND_NONE);
    assert_string_equal(availability_status_name(AVAILABILITY_NOT_WORKING), "not_working");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_available_now),
        cmocka_unit_test(test_evening_and_weekend),
        cmocka_unit_test(test_christmas_bank_holidays),
        cmocka_unit_test(test_works_bank_holidays),
        cmocka_unit_test(test_clock_change),
        cmocka_unit_test(test_leave_this_week),
        cmocka_unit_test(test_leave_into_bank_holiday),
        cmocka_unit_test(test_back_to_back_entries),
        cmocka_unit_test(test_other_workers_entries_ignored),
        cmocka_unit_test(test_part_time_pattern),
        cmocka_unit_test(test_active_dates),
        cmocka_unit_test(test_beyond_horizon),
        cmocka_unit_test(test_entry_validation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
