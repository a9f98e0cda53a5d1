/*
 * test_deadline: the clock arithmetic of domain/deadline and the escalation rules of
 * domain/escalation, on the default calendar (Monday to Friday 09:00-17:00, England and Wales
 * bank holidays). Every shipped kind of target is covered — elapsed seconds, minutes and hours,
 * working hours, working days — with the shipped warning points, across weekends, Easter,
 * Christmas and a clock change; pausing and resuming in elapsed and in working time; the
 * instants of escalation steps; and the order of a chain with the weekday duty manager rota.
 * The shipped policies themselves are checked against these rules in test_clock (they are data
 * in the migration). Expected dates are worked out by hand in the comments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/ukclock.h"
#include "domain/calendar.h"
#include "domain/deadline.h"
#include "domain/escalation.h"

/* An instant in ms from ISO text the test knows to be good; Europe/London wall clock allowed. */
static int64_t at(const char *iso)
{
    int64_t t = 0;
    if (ukclock_parse_iso(iso, UKCLOCK_PARSE_LOCAL, &t) != E_OK)
        fail_msg("test fixture '%s' did not parse", iso);
    return t * 1000;
}

static void assert_local(int64_t ms, const char *expect)
{
    char buf[UKCLOCK_ISO_SIZE];
    if (ms % 1000 != 0)
        fail_msg("%lld is not a whole second", (long long)ms);
    ukclock_format_local(ms / 1000, buf);
    assert_string_equal(buf, expect);
}

static struct deadline_policy policy(enum deadline_unit unit, int64_t target, int64_t warn,
                                     enum deadline_unit warn_unit, const char *chain)
{
    struct deadline_policy p;
    memset(&p, 0, sizeof(p));
    snprintf(p.code, sizeof(p.code), "test_policy");
    snprintf(p.name, sizeof(p.name), "Test policy");
    snprintf(p.start_event, sizeof(p.start_event), "thing.started");
    snprintf(p.stop_event, sizeof(p.stop_event), "thing.done");
    p.unit = unit;
    p.target = target;
    p.warn_before = warn;
    p.warn_unit = warn_unit;
    p.calendar = DEADLINE_CAL_CLOCK_TEAM;
    p.active = true;
    struct err_info info;
    if (escalation_chain_parse(chain, &p.chain, &info))
        fail_msg("chain '%s': %s", chain, info.message);
    if (deadline_policy_validate(&p, &info))
        fail_msg("policy: %s: %s", info.field, info.message);
    return p;
}

struct due_case {
    const char *what;
    enum deadline_unit unit;
    int64_t target, warn;
    enum deadline_unit warn_unit;
    const char *start, *due, *warn_at; /* warn_at NULL: no warning */
};

/* The shipped kinds of target, each with its shipped warning. */
static const struct due_case due_cases[] = {
    /* safeguarding referral on the workflow: 30 minutes, warned 10 minutes before */
    {"30 min", DEADLINE_MINUTES, 30, 10, DEADLINE_MINUTES, "2026-11-23T10:00",
     "2026-11-23T10:30:00+00:00", "2026-11-23T10:20:00+00:00"},
    /* ... at night and across the spring clock change: elapsed time is real time */
    {"30 min over the change", DEADLINE_MINUTES, 30, 10, DEADLINE_MINUTES, "2026-03-29T00:45:00Z",
     "2026-03-29T02:15:00+01:00", "2026-03-29T02:05:00+01:00"},
    /* non-urgent transfer: 2 working hours, warned 30 working minutes before. Friday 16:30
     * has 30 minutes left, so 90 more on Monday: 10:30; the warning 30 minutes earlier. */
    {"2 working hours", DEADLINE_WORKING_HOURS, 2, 30, DEADLINE_WORKING_MINUTES, "2026-01-09T16:30",
     "2026-01-12T10:30:00+00:00", "2026-01-12T10:00:00+00:00"},
    /* 16:00 on the Thursday before Good Friday: 1 hour on Thursday, Good Friday, the weekend
     * and Easter Monday skipped, 1 hour on Tuesday */
    {"2 working hours at Easter", DEADLINE_WORKING_HOURS, 2, 30, DEADLINE_WORKING_MINUTES,
     "2026-04-02T16:00", "2026-04-07T10:00:00+01:00", "2026-04-07T09:30:00+01:00"},
    /* written confirmation: 48 hours, warned 8 hours before; weekends count */
    {"48 hours", DEADLINE_HOURS, 48, 8, DEADLINE_HOURS, "2026-11-20T10:00",
     "2026-11-22T10:00:00+00:00", "2026-11-22T02:00:00+00:00"},
    /* action recorded: 24 hours, warned 4 hours before */
    {"24 hours", DEADLINE_HOURS, 24, 4, DEADLINE_HOURS, "2026-11-23T10:00",
     "2026-11-24T10:00:00+00:00", "2026-11-24T06:00:00+00:00"},
    /* referral decision: 1 working day, warned 2 working hours before. Friday 16:30 -> Monday
     * 16:30; between them 30 + 450 = 480 working minutes, so the warning is 360 working
     * minutes after the start: 30 on Friday, 330 on Monday = 14:30. */
    {"1 working day", DEADLINE_WORKING_DAYS, 1, 2, DEADLINE_WORKING_HOURS, "2026-01-09T16:30",
     "2026-01-12T16:30:00+00:00", "2026-01-12T14:30:00+00:00"},
    /* letter answered: 5 working days, warned 1 working day before. A letter received on the
     * Thursday before Good Friday 2026 (2 April, 16:30): Good Friday 3 April, the weekend and
     * Easter Monday 6 April are skipped; Tue 7 (1), Wed 8 (2), Thu 9 (3), Fri 10 (4), the
     * weekend, Mon 13 (5). The warning is 4 working days after the start: Friday 10 April. */
    {"5 working days at Easter", DEADLINE_WORKING_DAYS, 5, 1, DEADLINE_WORKING_DAYS,
     "2026-04-02T16:30", "2026-04-13T16:30:00+01:00", "2026-04-10T16:30:00+01:00"},
    /* message returned: 1 working day, from Christmas Eve 2026 (Christmas Day is a Friday,
     * Boxing Day's substitute Monday 28) */
    {"1 working day at Christmas", DEADLINE_WORKING_DAYS, 1, 2, DEADLINE_WORKING_HOURS,
     "2026-12-24T12:00", "2026-12-29T12:00:00+00:00", "2026-12-29T10:00:00+00:00"},
    /* a message left on Saturday: the count starts when the office opens on Monday */
    {"1 working day from Saturday", DEADLINE_WORKING_DAYS, 1, 2, DEADLINE_WORKING_HOURS,
     "2026-11-21T10:00", "2026-11-24T09:00:00+00:00", "2026-11-23T15:00:00+00:00"},
    /* assessment: 45 working days from Monday 2 November 2026 09:00. Working days after it:
     * 20 to Monday 30 November, 38 to Thursday 24 December; Christmas Day (Friday 25) and
     * Boxing Day's substitute (Monday 28) are skipped; 39-41 are 29-31 December; 1 January
     * 2027 is a bank holiday; 42-45 are Monday 4 to Thursday 7 January. Warned 5 working days
     * before, that is 40 working days after the start: Wednesday 30 December. */
    {"45 working days", DEADLINE_WORKING_DAYS, 45, 5, DEADLINE_WORKING_DAYS, "2026-11-02T09:00",
     "2027-01-07T09:00:00+00:00", "2026-12-30T09:00:00+00:00"},
    /* a 1-hour elapsed target with no warning */
    {"no warning", DEADLINE_HOURS, 1, 0, DEADLINE_HOURS, "2026-11-23T10:00",
     "2026-11-23T11:00:00+00:00", NULL},
};

static void test_due_every_kind(void **state)
{
    (void)state;
    struct calendar cal;
    calendar_init(&cal);
    for (size_t i = 0; i < sizeof(due_cases) / sizeof(due_cases[0]); i++) {
        const struct due_case *c = &due_cases[i];
        struct deadline_policy p = policy(c->unit, c->target, c->warn, c->warn_unit, "");
        int64_t due = 0, warn = -1;
        if (deadline_due(&p, &cal, at(c->start), &due, &warn))
            fail_msg("%s: deadline_due failed", c->what);
        char got[UKCLOCK_ISO_SIZE];
        ukclock_format_local(due / 1000, got);
        if (strcmp(got, c->due) != 0)
            fail_msg("%s: due %s, expected %s", c->what, got, c->due);
        if (c->warn_at) {
            ukclock_format_local(warn / 1000, got);
            if (strcmp(got, c->warn_at) != 0)
                fail_msg("%s: warning %s, expected %s", c->what, got, c->warn_at);
        } else {
            assert_int_equal(warn, 0);
        }
    }
}

static void test_due_keeps_milliseconds_when_elapsed(void **state)
{
    (void)state;
    struct calendar cal;
    calendar_init(&cal);
    /* call answered: 20 seconds, no warning */
    struct deadline_policy p = policy(DEADLINE_SECONDS, 20, 0, DEADLINE_SECONDS, "");
    int64_t start = at("2026-11-23T10:00:00Z") + 250, due = 0, warn = -1;
    assert_int_equal(deadline_due(&p, &cal, start, &due, &warn), E_OK);
    assert_int_equal(due - start, 20000);
    assert_int_equal(warn, 0);
}

static void test_due_out_of_range(void **state)
{
    (void)state;
    struct calendar cal;
    calendar_init(&cal);
    struct deadline_policy p = policy(DEADLINE_WORKING_DAYS, 5, 0, DEADLINE_WORKING_DAYS, "");
    int64_t due, warn;
    /* the calendar knows bank holidays only for 1996-2100 */
    assert_int_equal(deadline_due(&p, &cal, at("2100-12-30T10:00:00Z"), &due, &warn), E_INVALID);
}

static void test_validate(void **state)
{
    (void)state;
    struct deadline_policy p = policy(DEADLINE_MINUTES, 30, 10, DEADLINE_MINUTES, "owner:0");
    struct err_info info;
    struct deadline_policy q = p;
    q.warn_before = 30;
    assert_int_equal(deadline_policy_validate(&q, &info), E_INVALID);
    assert_string_equal(info.field, "warn_before");
    q = p;
    q.warn_unit = DEADLINE_WORKING_MINUTES;
    assert_int_equal(deadline_policy_validate(&q, &info), E_INVALID);
    assert_string_equal(info.field, "warn_unit");
    q = p;
    q.warn_before = 1;
    q.warn_unit = DEADLINE_HOURS; /* 1 hour before a 30-minute deadline */
    assert_int_equal(deadline_policy_validate(&q, &info), E_INVALID);
    assert_string_equal(info.field, "warn_before");
    q = policy(DEADLINE_WORKING_HOURS, 2, 0, DEADLINE_WORKING_HOURS, "");
    q.warn_before = 1;
    q.warn_unit = DEADLINE_WORKING_DAYS;
    assert_int_equal(deadline_policy_validate(&q, &info), E_INVALID);
    assert_string_equal(info.field, "warn_unit");
    q = p;
    q.target = 0;
    assert_int_equal(deadline_policy_validate(&q, &info), E_INVALID);
    assert_string_equal(info.field, "target");
    q = p;
    snprintf(q.code, sizeof(q.code), "Bad Code");
    assert_int_equal(deadline_policy_validate(&q, &info), E_INVALID);
    assert_string_equal(info.field, "code");
    q = p;
    snprintf(q.stop_event, sizeof(q.stop_event), "%s", q.start_event);
    assert_int_equal(deadline_policy_validate(&q, &info), E_INVALID);
    assert_string_equal(info.field, "stop_event");
    q = p;
    q.calendar = DEADLINE_CAL_TEAM;
    assert_int_equal(deadline_policy_validate(&q, &info), E_INVALID);
    assert_string_equal(info.field, "calendar_team_id");
    q.calendar_team_id = 3;
    assert_int_equal(deadline_policy_validate(&q, &info), E_OK);
    assert_true(deadline_event_valid("referral.safeguarding_created"));
    assert_false(deadline_event_valid("referral."));
    assert_false(deadline_event_valid("Referral"));
    assert_true(deadline_entity_valid("contact"));
    assert_false(deadline_entity_valid("contact1"));
    assert_false(deadline_entity_valid(""));
}

static void test_pause_resume_elapsed(void **state)
{
    (void)state;
    struct calendar cal;
    calendar_init(&cal);
    struct deadline_policy p = policy(DEADLINE_MINUTES, 30, 10, DEADLINE_MINUTES, "");
    int64_t due, warn;
    assert_int_equal(deadline_due(&p, &cal, at("2026-11-23T10:00"), &due, &warn), E_OK);
    int64_t due_left, warn_left;
    /* paused at 10:10: 20 minutes to the deadline, 10 to the warning */
    assert_int_equal(
        deadline_pause(&p, &cal, at("2026-11-23T10:10"), due, warn, &due_left, &warn_left), E_OK);
    assert_int_equal(due_left, 20 * 60000);
    assert_int_equal(warn_left, 10 * 60000);
    /* resumed at 11:00: the deadline moves to 11:20, the warning to 11:10 */
    assert_int_equal(
        deadline_resume(&p, &cal, at("2026-11-23T11:00"), due_left, warn_left, &due, &warn), E_OK);
    assert_local(due, "2026-11-23T11:20:00+00:00");
    assert_local(warn, "2026-11-23T11:10:00+00:00");
    /* paused after the warning: only the deadline is left */
    assert_int_equal(
        deadline_pause(&p, &cal, at("2026-11-23T11:15"), due, warn, &due_left, &warn_left), E_OK);
    assert_int_equal(due_left, 5 * 60000);
    assert_int_equal(warn_left, -1);
    assert_int_equal(
        deadline_resume(&p, &cal, at("2026-11-23T12:00"), due_left, warn_left, &due, &warn), E_OK);
    assert_local(due, "2026-11-23T12:05:00+00:00");
    assert_int_equal(warn, 0);
    /* a clock cannot pause once its deadline has passed */
    assert_int_equal(
        deadline_pause(&p, &cal, at("2026-11-23T12:05"), due, 0, &due_left, &warn_left),
        E_CONFLICT);
}

static void test_pause_resume_working(void **state)
{
    (void)state;
    struct calendar cal;
    calendar_init(&cal);
    /* letter answered: 5 working days, warned 1 working day before */
    struct deadline_policy p = policy(DEADLINE_WORKING_DAYS, 5, 1, DEADLINE_WORKING_DAYS, "");
    int64_t due, warn;
    assert_int_equal(deadline_due(&p, &cal, at("2026-11-16T10:00"), &due, &warn), E_OK);
    assert_local(due, "2026-11-23T10:00:00+00:00");
    assert_local(warn, "2026-11-20T10:00:00+00:00");
    /* paused on Wednesday 18 at 12:00 waiting for a partner agency: left are 300 minutes on
     * Wednesday, 480 Thursday, 480 Friday, 60 on Monday = 1320 working minutes; to the
     * warning 300 + 480 + 60 = 840 */
    int64_t due_left, warn_left;
    assert_int_equal(
        deadline_pause(&p, &cal, at("2026-11-18T12:00"), due, warn, &due_left, &warn_left), E_OK);
    assert_int_equal(due_left, 1320 * 60000);
    assert_int_equal(warn_left, 840 * 60000);
    /* resumed on Monday 23 at 09:00 (the old deadline day): 480 Monday, 480 Tuesday, 360 on
     * Wednesday = 15:00 Wednesday 25; the warning 480 + 360 = 15:00 Tuesday 24 */
    assert_int_equal(
        deadline_resume(&p, &cal, at("2026-11-23T09:00"), due_left, warn_left, &due, &warn), E_OK);
    assert_local(due, "2026-11-25T15:00:00+00:00");
    assert_local(warn, "2026-11-24T15:00:00+00:00");
    /* resumed on a Saturday: the count waits for Monday */
    assert_int_equal(deadline_resume(&p, &cal, at("2026-11-21T11:00"), 60 * 60000, -1, &due, &warn),
                     E_OK);
    assert_local(due, "2026-11-23T10:00:00+00:00");
}

static void test_step_at(void **state)
{
    (void)state;
    struct calendar cal;
    calendar_init(&cal);
    struct deadline_policy elapsed = policy(DEADLINE_MINUTES, 30, 0, DEADLINE_MINUTES, "");
    int64_t t;
    assert_int_equal(deadline_step_at(&elapsed, &cal, at("2026-11-20T23:50"), 15, &t), E_OK);
    assert_local(t, "2026-11-21T00:05:00+00:00");
    /* working time: a letter missed at 16:30 on Friday; the line manager 240 working minutes
     * later = 30 on Friday + 210 on Monday = 12:30 Monday */
    struct deadline_policy working = policy(DEADLINE_WORKING_DAYS, 5, 0, DEADLINE_WORKING_DAYS, "");
    assert_int_equal(deadline_step_at(&working, &cal, at("2026-11-20T16:30"), 240, &t), E_OK);
    assert_local(t, "2026-11-23T12:30:00+00:00");
    /* the first step (0 minutes) happens at the deadline, even out of hours */
    assert_int_equal(deadline_step_at(&working, &cal, at("2026-11-20T17:00"), 0, &t), E_OK);
    assert_local(t, "2026-11-20T17:00:00+00:00");
}

static void test_left_text(void **state)
{
    (void)state;
    struct calendar cal;
    calendar_init(&cal);
    struct deadline_policy elapsed = policy(DEADLINE_HOURS, 48, 0, DEADLINE_HOURS, "");
    struct deadline_policy working =
        policy(DEADLINE_WORKING_HOURS, 2, 0, DEADLINE_WORKING_HOURS, "");
    int64_t left;
    char text[64];
    assert_int_equal(deadline_left(&elapsed, &cal, at("2026-11-23T10:00"), at("2026-11-25T12:15"),
                                   &left, text, sizeof(text)),
                     E_OK);
    assert_string_equal(text, "2 days 2 hours left");
    assert_int_equal(deadline_left(&elapsed, &cal, at("2026-11-23T10:45"), at("2026-11-23T10:00"),
                                   &left, text, sizeof(text)),
                     E_OK);
    assert_string_equal(text, "45 minutes overdue");
    assert_true(left == -45 * 60000);
    assert_int_equal(deadline_left(&elapsed, &cal, at("2026-11-23T10:00:00Z"),
                                   at("2026-11-23T10:00:20Z"), &left, text, sizeof(text)),
                     E_OK);
    assert_string_equal(text, "20 seconds left");
    /* Friday 16:00 to Monday 10:15 is 60 + 75 working minutes */
    assert_int_equal(deadline_left(&working, &cal, at("2026-11-20T16:00"), at("2026-11-23T10:15"),
                                   &left, text, sizeof(text)),
                     E_OK);
    assert_string_equal(text, "2 working hours 15 minutes left");
    assert_true(left == 135 * 60000);
    assert_int_equal(deadline_left(&working, &cal, at("2026-11-23T09:40"), at("2026-11-20T16:30"),
                                   &left, text, sizeof(text)),
                     E_OK);
    assert_string_equal(text, "1 working hour 10 minutes overdue");
    /* overdue since 17:00 Friday, read on Saturday: no working time has passed */
    assert_int_equal(deadline_left(&working, &cal, at("2026-11-21T10:00"), at("2026-11-20T17:00"),
                                   &left, text, sizeof(text)),
                     E_OK);
    assert_string_equal(text, "overdue, outside working hours");
    /* a working-days deadline is told in working days first: from Monday 9:00 to the Monday
     * after at 10:30 is 5 working days and 1 working hour and a half (whole hours shown) */
    struct deadline_policy days = policy(DEADLINE_WORKING_DAYS, 5, 0, DEADLINE_WORKING_DAYS, "");
    assert_int_equal(deadline_left(&days, &cal, at("2026-11-23T09:00"), at("2026-11-30T10:30"),
                                   &left, text, sizeof(text)),
                     E_OK);
    assert_string_equal(text, "5 working days 1 working hour left");
    /* less than a day: working hours and minutes, as for working-hours deadlines */
    assert_int_equal(deadline_left(&days, &cal, at("2026-11-27T15:00"), at("2026-11-30T10:15"),
                                   &left, text, sizeof(text)),
                     E_OK);
    assert_string_equal(text, "3 working hours 15 minutes left");
    /* overdue by two working days across a weekend */
    assert_int_equal(deadline_left(&days, &cal, at("2026-11-24T11:00"), at("2026-11-20T11:00"),
                                   &left, text, sizeof(text)),
                     E_OK);
    assert_string_equal(text, "2 working days overdue");
}

static void test_next_at(void **state)
{
    (void)state;
    struct deadline_policy p =
        policy(DEADLINE_MINUTES, 30, 10, DEADLINE_MINUTES, "owner:0,line_manager:15");
    struct deadline_clock c;
    memset(&c, 0, sizeof(c));
    c.state = DEADLINE_RUNNING;
    c.due_at = 3000;
    c.warn_at = 2000;
    assert_int_equal(deadline_next_at(&c, &p), 2000);
    c.warned_at = 2001;
    assert_int_equal(deadline_next_at(&c, &p), 3000);
    c.state = DEADLINE_BREACHED;
    c.step_at = 3000;
    assert_int_equal(deadline_next_at(&c, &p), 3000);
    c.escalation_step = 2; /* the chain is done */
    assert_int_equal(deadline_next_at(&c, &p), 0);
    c.escalation_step = 1;
    c.acknowledged_at = 3500;
    assert_int_equal(deadline_next_at(&c, &p), 0);
    c.acknowledged_at = 0;
    c.stopped_at = 3600;
    assert_int_equal(deadline_next_at(&c, &p), 0);
    c.stopped_at = 0;
    c.state = DEADLINE_PAUSED;
    assert_int_equal(deadline_next_at(&c, &p), 0);
}

/* --- escalation ------------------------------------------------------------------------- */

static void test_chain_parse_format(void **state)
{
    (void)state;
    struct escalation_chain c;
    struct err_info info;
    assert_int_equal(
        escalation_chain_parse(" owner:0, line_manager : 15,duty_manager:15,head_of_service:30", &c,
                               &info),
        E_OK);
    assert_int_equal(c.n_steps, 4);
    assert_int_equal(c.steps[1].tell, ESCALATION_LINE_MANAGER);
    assert_int_equal(c.steps[1].after_minutes, 15);
    char text[ESCALATION_TEXT_MAX];
    escalation_chain_format(&c, text);
    assert_string_equal(text, "owner:0,line_manager:15,duty_manager:15,head_of_service:30");
    assert_int_equal(escalation_chain_parse("", &c, &info), E_OK);
    assert_int_equal(c.n_steps, 0);
    static const char *const bad[] = {"boss:5",
                                      "owner",
                                      "owner:-1",
                                      "owner:x",
                                      "owner:0,",
                                      "owner:0 line_manager:1",
                                      "owner:99999",
                                      "owner:0,,x:1",
                                      "owner:0,owner:0,owner:0,owner:0,owner:0,owner:0,owner:0,"
                                      "owner:0,owner:0"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (escalation_chain_parse(bad[i], &c, &info) != E_INVALID)
            fail_msg("'%s' was accepted", bad[i]);
        assert_string_equal(info.field, "escalation");
    }
}

static struct escalation_person person(int64_t worker_id, const char *name)
{
    struct escalation_person p;
    memset(&p, 0, sizeof(p));
    p.found = true;
    p.worker_id = worker_id;
    p.user_id = worker_id + 100;
    snprintf(p.name, sizeof(p.name), "%s", name);
    return p;
}

/* A safeguarding referral missed at 23:50 on Friday 20 November 2026: the chain walks owner
 * (23:50), line manager (00:05 Saturday), duty manager (00:20 Saturday: nobody on a weekday
 * rota), head of service (00:50). Missed at 10:30 on Monday 23 November the duty manager step
 * (11:00) reaches Monday's duty manager. */
static void test_chain_order_with_rota(void **state)
{
    (void)state;
    struct calendar cal;
    calendar_init(&cal);
    struct deadline_policy p = policy(DEADLINE_MINUTES, 30, 10, DEADLINE_MINUTES,
                                      "owner:0,line_manager:15,duty_manager:15,head_of_service:30");
    struct escalation_people people;
    memset(&people, 0, sizeof(people));
    people.owner = person(1, "Priya Shah");
    people.line_manager = person(2, "Mark Evans");
    people.head_of_service = person(3, "Hannah Osei");
    static const char *const rota[5] = {"Dee Okafor", "Tom Reilly", "Sam Patel", "Ruth Cole",
                                        "Ian Brown"};
    for (int wd = 0; wd < 5; wd++)
        people.duty_rota[wd] = person(10 + wd, rota[wd]);

    struct {
        const char *due;
        const char *expect[4]; /* NULL: skipped */
        const char *times[4];
    } runs[] = {
        {"2026-11-20T23:50",
         {"Priya Shah", "Mark Evans", NULL, "Hannah Osei"},
         {"2026-11-20T23:50:00+00:00", "2026-11-21T00:05:00+00:00", "2026-11-21T00:20:00+00:00",
          "2026-11-21T00:50:00+00:00"}},
        {"2026-11-23T10:30",
         {"Priya Shah", "Mark Evans", "Dee Okafor", "Hannah Osei"},
         {"2026-11-23T10:30:00+00:00", "2026-11-23T10:45:00+00:00", "2026-11-23T11:00:00+00:00",
          "2026-11-23T11:30:00+00:00"}},
        /* 23:30 UTC on Wednesday 10 June is 00:30 BST on Thursday: Thursday's duty manager */
        {"2026-06-10T23:00:00Z",
         {"Priya Shah", "Mark Evans", "Ruth Cole", "Hannah Osei"},
         {"2026-06-11T00:00:00+01:00", "2026-06-11T00:15:00+01:00", "2026-06-11T00:30:00+01:00",
          "2026-06-11T01:00:00+01:00"}},
    };
    for (size_t r = 0; r < sizeof(runs) / sizeof(runs[0]); r++) {
        int64_t t = at(runs[r].due);
        for (size_t i = 0; i < p.chain.n_steps; i++) {
            assert_int_equal(deadline_step_at(&p, &cal, t, p.chain.steps[i].after_minutes, &t),
                             E_OK);
            assert_local(t, runs[r].times[i]);
            const struct escalation_person *who =
                escalation_pick(&people, p.chain.steps[i].tell, t);
            if (runs[r].expect[i]) {
                if (!who)
                    fail_msg("run %zu step %zu: nobody, expected %s", r, i, runs[r].expect[i]);
                assert_string_equal(who->name, runs[r].expect[i]);
            } else {
                assert_null(who);
                char why[128];
                escalation_skip_reason(p.chain.steps[i].tell, t, why, sizeof(why));
                assert_string_equal(why, "nobody is on the duty manager rota for Saturday");
            }
        }
    }
    /* nobody recorded as line manager: the step is skipped, and says why */
    people.line_manager.found = false;
    assert_null(escalation_pick(&people, ESCALATION_LINE_MANAGER, at("2026-11-23T10:00")));
    /* a Senior District Officer only when one is recorded (L10) */
    assert_null(escalation_pick(&people, ESCALATION_SENIOR_DISTRICT_OFFICER, 0));
    people.senior_district_officer = person(20, "Grace Mensah");
    assert_string_equal(
        escalation_pick(&people, ESCALATION_SENIOR_DISTRICT_OFFICER, at("2026-11-23T10:00"))->name,
        "Grace Mensah");
}

static void test_messages(void **state)
{
    (void)state;
    struct escalation_facts f = {
        .notice = ESCALATION_NOTICE_BREACH,
        .tell = ESCALATION_DUTY_MANAGER,
        .policy_name = "Safeguarding referral on the team's duty workflow",
        .reference = "C-2026-000042",
        .link = "/contacts/42",
        .owner_name = "Priya Shah",
        .due_at_ms = at("2026-11-23T10:30"),
    };
    char subject[200], text[600], email[600];
    escalation_subject(&f, subject, sizeof(subject));
    escalation_text(&f, text, sizeof(text));
    escalation_email_text(&f, email, sizeof(email));
    assert_string_equal(subject, "Deadline missed: Safeguarding referral on the team's duty "
                                 "workflow (C-2026-000042)");
    assert_non_null(strstr(text, "Mon 23 Nov 2026 10:30"));
    assert_non_null(strstr(text, "the duty manager of the day"));
    assert_non_null(strstr(text, "Priya Shah"));
    /* the email names the reference and the deadline, not the owner */
    assert_non_null(strstr(email, "C-2026-000042"));
    assert_null(strstr(email, "Priya"));
    f.notice = ESCALATION_NOTICE_WARNING;
    escalation_subject(&f, subject, sizeof(subject));
    assert_int_equal(strncmp(subject, "Deadline soon: ", 15), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_due_every_kind),
        cmocka_unit_test(test_due_keeps_milliseconds_when_elapsed),
        cmocka_unit_test(test_due_out_of_range),
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_pause_resume_elapsed),
        cmocka_unit_test(test_pause_resume_working),
        cmocka_unit_test(test_step_at),
        cmocka_unit_test(test_left_text),
        cmocka_unit_test(test_next_at),
        cmocka_unit_test(test_chain_parse_format),
        cmocka_unit_test(test_chain_order_with_rota),
        cmocka_unit_test(test_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
