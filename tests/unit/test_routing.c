/* domain/routing, domain/referral, domain/task and domain/worker_message: the routing answer
 * built from real allocation checks and availability (allocated and free; allocated but busy
 * and back today; away with a colleague free; away with nobody; not allocated; nobody
 * allocated; several persons; a restricted record whose holder is withheld, W13), the
 * referral's state machine and checks, the written confirmation's wording, tasks (W6, W7,
 * W12) and the messages to a practitioner (the email never carries the narrative). Times are
 * Europe/London wall clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/ukclock.h"
#include "domain/referral.h"
#include "domain/routing.h"
#include "domain/task.h"
#include "domain/worker_message.h"

static int64_t at(int y, int mo, int d, int h, int mi)
{
    struct ukclock_local l = {y, mo, d, h, mi, 0, 0};
    int64_t t = 0;
    assert_int_equal(ukclock_from_local(&l, &t), E_OK);
    return t * 1000;
}

/* Monday 23 November 2026, 10:00 */
#define MONDAY_10 at(2026, 11, 23, 10, 0)

enum { PRIYA = 3, SHANE = 5, LCS = 4, CRT = 2, JORDAN = 101, TYLER = 102, CALLUM = 103 };

static struct allocation alloc(int64_t id, int64_t person, int64_t worker, int64_t team,
                               enum allocation_kind kind, int64_t from)
{
    struct allocation a;
    memset(&a, 0, sizeof(a));
    a.id = id;
    a.person_id = person;
    a.worker_id = worker;
    a.team_id = team;
    a.kind = kind;
    a.starts_at = from;
    snprintf(a.worker_name, sizeof(a.worker_name), "%s",
             worker == PRIYA   ? "Priya Shah"
             : worker == SHANE ? "Shane Doyle"
                               : "");
    return a;
}

/* The case book: Jordan's PA is Priya, Tyler's is Shane, Callum has only an assessment team. */
static size_t case_book(struct allocation out[4])
{
    int64_t long_ago = at(2025, 1, 6, 9, 0);
    out[0] = alloc(1, JORDAN, PRIYA, LCS, ALLOCATION_PERSONAL_ADVISER, long_ago);
    out[1] = alloc(2, TYLER, SHANE, LCS, ALLOCATION_PERSONAL_ADVISER, long_ago);
    out[2] = alloc(3, CALLUM, 0, CRT, ALLOCATION_ASSESSMENT_TEAM, long_ago);
    return 3;
}

static struct worker priya(void)
{
    struct worker w;
    worker_init(&w); /* Monday to Friday 09:00-17:00 */
    w.id = PRIYA;
    snprintf(w.name, sizeof(w.name), "Priya Shah");
    return w;
}

static struct availability_entry entry(enum availability_kind k, int64_t from, int64_t to)
{
    struct availability_entry e;
    memset(&e, 0, sizeof(e));
    e.worker_id = PRIYA;
    e.kind = k;
    e.starts_at = from;
    e.ends_at = to;
    return e;
}

struct case_facts {
    struct allocation all[4];
    size_t n;
    int64_t persons[2];
    const char *names[2];
    bool withheld[2];
    struct allocation_verdict verdicts[2];
    struct routing_facts f;
};

static const char *name_of(int64_t person)
{
    return person == JORDAN   ? "Jordan Price"
           : person == TYLER  ? "Tyler Okonkwo-Barnes"
           : person == CALLUM ? "Callum Reid"
                              : "Mia Stone";
}

/* Whether text names a person by internal id: "person 12". */
static bool names_an_id(const char *text)
{
    for (const char *p = strstr(text, "person "); p; p = strstr(p + 1, "person "))
        if (p[7] >= '0' && p[7] <= '9')
            return true;
    return false;
}

/* Facts for a request about persons (1 or 2) for worker (0: none) and team (0: none) at now,
 * with Priya's calendar entries. */
static void facts(struct case_facts *c, const int64_t *persons, size_t n_persons, int64_t worker,
                  int64_t team, int64_t now, const struct availability_entry *entries,
                  size_t n_entries, size_t n_colleagues_free)
{
    memset(c, 0, sizeof(*c));
    c->n = case_book(c->all);
    struct err_info info = {{0}, {0}};
    for (size_t i = 0; i < n_persons; i++) {
        c->persons[i] = persons[i];
        c->names[i] = name_of(persons[i]);
        assert_int_equal(allocation_check(c->all, c->n, persons[i], worker,
                                          worker == PRIYA ? "Priya Shah" : "Shane Doyle", team,
                                          "Children's Reception Team", now, &c->verdicts[i], &info),
                         E_OK);
    }
    c->f.now_ms = now;
    c->f.worker_id = worker;
    c->f.worker_name = worker == PRIYA ? "Priya Shah" : worker ? "Shane Doyle" : NULL;
    c->f.team_id = team;
    c->f.team_name = team ? "Children's Reception Team" : NULL;
    c->f.n_persons = n_persons;
    c->f.person_ids = c->persons;
    c->f.person_names = c->names;
    c->f.person_withheld = c->withheld;
    c->f.verdicts = c->verdicts;
    c->f.n_colleagues_free = n_colleagues_free;
    if (worker == PRIYA) {
        struct worker w = priya();
        assert_int_equal(availability_compute(&w, entries, n_entries, now, &c->f.availability),
                         E_OK);
        c->f.availability_known = true;
    }
}

static void decide(const struct case_facts *c, struct routing_result *r)
{
    struct err_info info = {{0}, {0}};
    assert_int_equal(routing_decide(&c->f, r, &info), E_OK);
    assert_false(names_an_id(r->reason));
}

static void test_allocated_and_free_passes_on(void **state)
{
    (void)state;
    struct case_facts c;
    int64_t p[] = {JORDAN};
    facts(&c, p, 1, PRIYA, 0, MONDAY_10, NULL, 0, 0);
    struct routing_result r;
    decide(&c, &r);
    assert_int_equal(r.answer, ROUTING_PASS_ON);
    assert_true(r.transfer_allowed);
    assert_false(r.front_door_manages);
    assert_non_null(strstr(r.reason, "available now"));
    assert_non_null(strstr(r.reason, "Priya Shah is allocated to Jordan Price"));
}

static void test_not_allocated_says_who_and_no_transfer(void **state)
{
    (void)state;
    struct case_facts c;
    int64_t p[] = {TYLER}; /* Shane's, not Priya's */
    facts(&c, p, 1, PRIYA, 0, MONDAY_10, NULL, 0, 0);
    c.f.holder = "Shane Doyle (Personal adviser (PA))";
    struct routing_result r;
    decide(&c, &r);
    assert_int_equal(r.answer, ROUTING_NOT_ALLOCATED);
    assert_false(r.transfer_allowed);
    assert_false(r.front_door_manages);
    assert_non_null(strstr(r.reason, "Shane Doyle"));
    assert_non_null(strstr(r.reason, "do not transfer"));
    assert_non_null(strstr(r.reason, "Priya Shah is not allocated to Tyler Okonkwo-Barnes"));
}

static void test_nobody_allocated_front_door(void **state)
{
    (void)state;
    struct case_facts c;
    int64_t p[] = {999}; /* nobody holds this person */
    facts(&c, p, 1, PRIYA, 0, MONDAY_10, NULL, 0, 0);
    struct routing_result r;
    decide(&c, &r);
    assert_int_equal(r.answer, ROUTING_FRONT_DOOR);
    assert_false(r.transfer_allowed);
    assert_true(r.front_door_manages);
    assert_non_null(strstr(r.reason, "nobody is allocated to Mia Stone"));
}

static void test_busy_back_today_leaves_a_message(void **state)
{
    (void)state;
    struct case_facts c;
    int64_t p[] = {JORDAN};
    /* a home visit until 14:30 */
    struct availability_entry e[] = {
        entry(AVAILABILITY_APPOINTMENT, at(2026, 11, 23, 9, 30), at(2026, 11, 23, 14, 30))};
    facts(&c, p, 1, PRIYA, 0, MONDAY_10, e, 1, 3);
    struct routing_result r;
    decide(&c, &r);
    assert_int_equal(r.answer, ROUTING_UNAVAILABLE);
    assert_true(r.transfer_allowed);
    assert_true(r.back_today);
    assert_false(r.front_door_manages);
    assert_int_equal(c.f.availability.next_available_at, at(2026, 11, 23, 14, 30));
    assert_non_null(strstr(r.reason, "today at 2:30pm"));
    assert_non_null(strstr(r.reason, "allocated to Jordan Price but is not available now"));
    assert_non_null(strstr(r.reason, "escalation"));
}

static void test_away_with_colleague_free(void **state)
{
    (void)state;
    struct case_facts c;
    int64_t p[] = {JORDAN};
    /* on leave all week: next free Monday 30 November at 09:00 */
    struct availability_entry e[] = {
        entry(AVAILABILITY_LEAVE, at(2026, 11, 23, 0, 0), at(2026, 11, 28, 0, 0))};
    facts(&c, p, 1, PRIYA, 0, MONDAY_10, e, 1, 2);
    struct routing_result r;
    decide(&c, &r);
    assert_int_equal(r.answer, ROUTING_COLLEAGUE);
    assert_true(r.transfer_allowed);
    assert_false(r.back_today);
    assert_int_equal(c.f.availability.next_available_at, at(2026, 11, 30, 9, 0));
    assert_non_null(strstr(r.reason, "Monday 30 November at 9am"));
}

static void test_away_and_no_colleague_front_door(void **state)
{
    (void)state;
    struct case_facts c;
    int64_t p[] = {JORDAN};
    struct availability_entry e[] = {
        entry(AVAILABILITY_LEAVE, at(2026, 11, 23, 0, 0), at(2026, 11, 28, 0, 0))};
    facts(&c, p, 1, PRIYA, 0, MONDAY_10, e, 1, 0);
    struct routing_result r;
    decide(&c, &r);
    assert_int_equal(r.answer, ROUTING_FRONT_DOOR);
    assert_true(r.transfer_allowed); /* W1 holds; W4: the front door deals with it */
    assert_true(r.front_door_manages);
}

static void test_after_hours_back_tomorrow_is_away(void **state)
{
    (void)state;
    struct case_facts c;
    int64_t p[] = {JORDAN};
    facts(&c, p, 1, PRIYA, 0, at(2026, 11, 23, 18, 0), NULL, 0, 0);
    struct routing_result r;
    decide(&c, &r);
    assert_int_equal(c.f.availability.next_available_at, at(2026, 11, 24, 9, 0));
    assert_false(r.back_today);
    assert_int_equal(r.answer, ROUTING_FRONT_DOOR);
    assert_non_null(strstr(r.reason, "tomorrow at 9am"));
}

static void test_team_responsible_passes_on(void **state)
{
    (void)state;
    struct case_facts c;
    int64_t p[] = {CALLUM};
    facts(&c, p, 1, 0, CRT, MONDAY_10, NULL, 0, 0);
    struct routing_result r;
    decide(&c, &r);
    assert_int_equal(r.answer, ROUTING_PASS_ON);
    assert_true(r.transfer_allowed);
    assert_non_null(strstr(r.reason, "Children's Reception Team is responsible for Callum Reid"));
}

static void test_every_person_must_be_allowed(void **state)
{
    (void)state;
    struct case_facts c;
    int64_t p[] = {JORDAN, TYLER}; /* Priya holds Jordan, not Tyler */
    facts(&c, p, 2, PRIYA, 0, MONDAY_10, NULL, 0, 0);
    struct routing_result r;
    decide(&c, &r);
    assert_int_equal(r.answer, ROUTING_NOT_ALLOCATED);
    assert_false(r.transfer_allowed);
    assert_non_null(strstr(r.reason, "not allocated to Tyler Okonkwo-Barnes"));
    assert_null(strstr(r.reason, "Jordan"));

    /* allowed for both: both named, once each */
    int64_t both[] = {JORDAN, CALLUM};
    facts(&c, both, 2, PRIYA, 0, MONDAY_10, NULL, 0, 0);
    c.all[c.n] = alloc(9, CALLUM, PRIYA, LCS, ALLOCATION_KEY_WORKER, c.all[0].starts_at);
    c.n++;
    struct err_info info = {{0}, {0}};
    assert_int_equal(allocation_check(c.all, c.n, CALLUM, PRIYA, "Priya Shah", 0, NULL, MONDAY_10,
                                      &c.verdicts[1], &info),
                     E_OK);
    decide(&c, &r);
    assert_int_equal(r.answer, ROUTING_PASS_ON);
    assert_non_null(strstr(r.reason, "allocated to Jordan Price and Callum Reid"));
}

/* The line beside each person says only whether the worker or team holds their case: no
 * instruction (the answer gives that, once), no internal id. */
static void test_person_reason_says_who_holds_only(void **state)
{
    (void)state;
    struct case_facts c;
    char line[ROUTING_REASON_MAX];
    int64_t p[] = {JORDAN, TYLER};
    facts(&c, p, 2, PRIYA, 0, MONDAY_10, NULL, 0, 0);
    routing_person_reason(&c.f, 0, "Personal adviser (PA)", line, sizeof(line));
    assert_string_equal(line, "Priya Shah is allocated to Jordan Price as Personal adviser (PA)");
    routing_person_reason(&c.f, 1, NULL, line, sizeof(line));
    assert_string_equal(line, "Priya Shah is not allocated to Tyler Okonkwo-Barnes");

    int64_t nobody[] = {999};
    facts(&c, nobody, 1, PRIYA, 0, MONDAY_10, NULL, 0, 0);
    routing_person_reason(&c.f, 0, NULL, line, sizeof(line));
    assert_string_equal(line, "nobody is allocated to Mia Stone");

    int64_t callum[] = {CALLUM};
    facts(&c, callum, 1, 0, CRT, MONDAY_10, NULL, 0, 0);
    routing_person_reason(&c.f, 0, NULL, line, sizeof(line));
    assert_string_equal(line, "Children's Reception Team is responsible for Callum Reid");
    facts(&c, callum, 1, PRIYA, LCS, MONDAY_10, NULL, 0, 0);
    c.f.team_name = "Leaving Care Service";
    routing_person_reason(&c.f, 0, NULL, line, sizeof(line));
    assert_string_equal(line, "Priya Shah is not allocated to Callum Reid; Leaving Care Service "
                              "is not responsible for them");

    /* away, and the answer is the front door's: the person's line still only says who holds */
    struct availability_entry e[] = {
        entry(AVAILABILITY_LEAVE, at(2026, 11, 23, 0, 0), at(2026, 11, 28, 0, 0))};
    int64_t jordan[] = {JORDAN};
    facts(&c, jordan, 1, PRIYA, 0, MONDAY_10, e, 1, 0);
    struct routing_result r;
    decide(&c, &r);
    assert_int_equal(r.answer, ROUTING_FRONT_DOOR);
    routing_person_reason(&c.f, 0, "Personal adviser (PA)", line, sizeof(line));
    const char *instructions[] = {"pass", "transfer", "message", "front door", "escalat"};
    for (size_t i = 0; i < sizeof(instructions) / sizeof(instructions[0]); i++)
        assert_null(strstr(line, instructions[i]));
    assert_false(names_an_id(line));
}

/* A name cut at the end of the buffer is cut between characters, not inside one. */
static void test_reason_cut_keeps_utf8(void **state)
{
    (void)state;
    struct case_facts c;
    int64_t p[] = {999};
    facts(&c, p, 1, PRIYA, 0, MONDAY_10, NULL, 0, 0);
    c.names[0] = "Zo\xc3\xab \xc3\x89lise";
    char line[28]; /* room for "nobody is allocated to Zoë" and its NUL, no more */
    routing_person_reason(&c.f, 0, NULL, line, sizeof(line));
    assert_string_equal(line, "nobody is allocated to Zo\xc3\xab");
    char cut[27]; /* one byte short of the "ë" */
    routing_person_reason(&c.f, 0, NULL, cut, sizeof(cut));
    assert_string_equal(cut, "nobody is allocated to Zo");
}

/* W13: a restricted record the asker may not open keeps its verdict, not who holds it, and is
 * not named. */
static void test_restricted_holder_withheld(void **state)
{
    (void)state;
    struct case_facts c;
    char line[ROUTING_REASON_MAX];
    int64_t p[] = {TYLER}; /* Shane's, not Priya's */
    facts(&c, p, 1, PRIYA, 0, MONDAY_10, NULL, 0, 0);
    c.withheld[0] = true;
    routing_person_reason(&c.f, 0, NULL, line, sizeof(line));
    assert_false(c.verdicts[0].allowed);
    assert_string_equal(line, "Priya Shah is not allocated to this person; the record is "
                              "restricted, so who holds the case is not shown");

    c.f.holder_withheld = true;
    struct routing_result r;
    decide(&c, &r);
    assert_int_equal(r.answer, ROUTING_NOT_ALLOCATED);
    assert_false(r.transfer_allowed);
    assert_null(strstr(r.reason, "Shane"));
    assert_null(strstr(r.reason, "Tyler"));
    assert_non_null(strstr(r.reason, "not allocated to the person (restricted record)"));
    assert_non_null(strstr(r.reason, "do not transfer"));
    assert_non_null(strstr(r.reason, "restricted"));
    assert_non_null(strstr(r.reason, "pass the call to the duty manager"));

    /* asking for a team only: the line names the team, not the person */
    facts(&c, p, 1, 0, CRT, MONDAY_10, NULL, 0, 0);
    c.withheld[0] = true;
    routing_person_reason(&c.f, 0, NULL, line, sizeof(line));
    assert_non_null(strstr(line, "Children's Reception Team is not responsible for this person"));
    assert_non_null(strstr(line, "restricted"));
    assert_null(strstr(line, "Tyler"));

    /* withheld but nobody holds the case: nothing to hide but the name */
    int64_t nobody[] = {999};
    facts(&c, nobody, 1, PRIYA, 0, MONDAY_10, NULL, 0, 0);
    c.withheld[0] = true;
    routing_person_reason(&c.f, 0, NULL, line, sizeof(line));
    assert_string_equal(line, "nobody is allocated to this person");
    decide(&c, &r);
    assert_non_null(strstr(r.reason, "nobody is allocated to the person (restricted record)"));
}

/* Refused for two persons, one with nobody allocated and one held by someone else: the reason
 * is about the one someone holds, as the holder named with it is. */
static void test_not_allocated_names_the_person_held(void **state)
{
    (void)state;
    struct case_facts c;
    int64_t p[] = {999, TYLER};
    facts(&c, p, 2, PRIYA, 0, MONDAY_10, NULL, 0, 0);
    c.f.holder = "Shane Doyle (Personal adviser (PA))";
    struct routing_result r;
    decide(&c, &r);
    assert_int_equal(r.answer, ROUTING_NOT_ALLOCATED);
    assert_non_null(strstr(r.reason, "not allocated to Tyler Okonkwo-Barnes "));
    assert_null(strstr(r.reason, "Mia Stone"));
    assert_non_null(strstr(r.reason, "Shane Doyle"));
}

static void test_routing_needs_a_question_and_persons(void **state)
{
    (void)state;
    struct case_facts c;
    int64_t p[] = {JORDAN};
    facts(&c, p, 1, PRIYA, 0, MONDAY_10, NULL, 0, 0);
    struct routing_result r;
    struct err_info info = {{0}, {0}};
    c.f.worker_id = 0;
    assert_int_equal(routing_decide(&c.f, &r, &info), E_INVALID);
    assert_string_equal(info.field, "worker");
    c.f.worker_id = PRIYA;
    c.f.n_persons = 0;
    assert_int_equal(routing_decide(&c.f, &r, &info), E_INVALID);
    assert_string_equal(info.field, "subject_person_ids");
}

static void test_when_text(void **state)
{
    (void)state;
    char out[ROUTING_WHEN_MAX];
    int64_t now = MONDAY_10;
    routing_when_text(0, now, out);
    assert_string_equal(out, "not known");
    routing_when_text(now, now, out);
    assert_string_equal(out, "now");
    /* GOV.UK style, as web/js/schedule.js whenWords: "9am", "2:05pm", "midday", "midnight" */
    routing_when_text(at(2026, 11, 23, 14, 5), now, out);
    assert_string_equal(out, "today at 2:05pm");
    routing_when_text(at(2026, 11, 23, 12, 0), now, out);
    assert_string_equal(out, "today at midday");
    routing_when_text(at(2026, 11, 23, 12, 30), now, out);
    assert_string_equal(out, "today at 12:30pm");
    routing_when_text(at(2026, 11, 24, 0, 0), now, out);
    assert_string_equal(out, "tomorrow at midnight");
    routing_when_text(at(2026, 11, 24, 0, 15), now, out);
    assert_string_equal(out, "tomorrow at 12:15am");
    routing_when_text(at(2026, 11, 24, 9, 0), now, out);
    assert_string_equal(out, "tomorrow at 9am");
    routing_when_text(at(2026, 11, 24, 9, 30), now, out);
    assert_string_equal(out, "tomorrow at 9:30am");
    routing_when_text(at(2026, 12, 29, 9, 0), now, out);
    assert_string_equal(out, "Tuesday 29 December at 9am");
    /* British Summer Time: 9am BST is 08:00 UTC, shown as the wall clock */
    routing_when_text(at(2027, 6, 1, 9, 0), now, out);
    assert_string_equal(out, "Tuesday 1 June at 9am");
    /* the same day is the Europe/London day: 23:30 BST is the next UTC day */
    assert_true(routing_same_local_day(at(2027, 6, 1, 0, 30), at(2027, 6, 1, 23, 30)));
    assert_false(routing_same_local_day(at(2027, 6, 1, 23, 30), at(2027, 6, 2, 0, 30)));
}

/* --- referrals ---------------------------------------------------------------------------------
 */

static struct referral referral(bool safeguarding)
{
    struct referral r;
    memset(&r, 0, sizeof(r));
    r.contact_id = 12;
    r.to_team_id = 3;
    r.from_team_id = 2;
    r.kind = REFERRAL_ASSESSMENT;
    r.safeguarding = safeguarding;
    r.recommendation = "Transfer to assessment: neglect concerns over two weeks";
    r.work_plan = "Visit within 2 days; check school attendance; speak to the GP";
    return r;
}

static void test_safeguarding_referral_needs_the_phone_call(void **state)
{
    (void)state;
    int64_t received = at(2026, 11, 23, 9, 40), now = MONDAY_10;
    struct referral r = referral(true);
    struct err_info info = {{0}, {0}};
    assert_int_equal(referral_validate(&r, received, now, &info), E_INVALID);
    assert_string_equal(info.field, "phoned_to");
    r.phoned_to = "Kofi Mensah, duty social worker";
    assert_int_equal(referral_validate(&r, received, now, &info), E_INVALID);
    assert_string_equal(info.field, "phoned_at");
    r.phoned_at = at(2026, 11, 23, 9, 30); /* before the contact came in */
    assert_int_equal(referral_validate(&r, received, now, &info), E_INVALID);
    assert_string_equal(info.field, "phoned_at");
    r.phoned_at = at(2026, 11, 23, 11, 0); /* in the future */
    assert_int_equal(referral_validate(&r, received, now, &info), E_INVALID);
    r.phoned_at = at(2026, 11, 23, 9, 55);
    assert_int_equal(referral_validate(&r, received, now, &info), E_OK);

    struct referral plain = referral(false);
    assert_int_equal(referral_validate(&plain, received, now, &info), E_OK);
    plain.to_team_id = 2; /* to the team making it */
    assert_int_equal(referral_validate(&plain, received, now, &info), E_INVALID);
    assert_string_equal(info.field, "to_team_id");
}

static void test_referral_kinds_and_c5(void **state)
{
    (void)state;
    struct err_info info = {{0}, {0}};
    assert_int_equal(referral_kind_for_team(TEAM_REFERRAL_ASSESSMENT), REFERRAL_ASSESSMENT);
    assert_int_equal(referral_kind_for_team(TEAM_LOCALITY_HUB), REFERRAL_LOCALITY_HUB);
    assert_int_equal(referral_kind_for_team(TEAM_VOLUNTARY_SECTOR), REFERRAL_SINGLE_AGENCY);
    assert_int_equal(referral_kind_for_team(TEAM_LEAVING_CARE), REFERRAL_OTHER_TEAM);
    assert_int_equal(referral_kind_check(TEAM_REFERRAL_ASSESSMENT, REFERRAL_OTHER_TEAM, &info),
                     E_INVALID);
    assert_int_equal(referral_kind_check(TEAM_REFERRAL_ASSESSMENT, REFERRAL_ASSESSMENT, &info),
                     E_OK);
    assert_int_equal(referral_kind_check(TEAM_LEAVING_CARE, REFERRAL_OTHER_TEAM, &info), E_OK);
    /* the C5 gate itself (recommendation decision, or the Care Act checks for adults) is
     * referral_assessment_gate: tests/unit/test_referral.c */
}

static void test_referral_state_machine(void **state)
{
    (void)state;
    struct err_info info = {{0}, {0}};
    struct referral r = referral(false);
    struct referral_answerer member = {.in_team = true};
    struct referral_answerer outsider = {0};
    struct referral_answerer manager = {.may_allocate = true};

    /* pending: accepted by a member, or returned with a reason */
    assert_int_equal(referral_answer_check(&r, &outsider, REFERRAL_ACCEPTED, NULL, &info),
                     E_DENIED);
    assert_int_equal(referral_answer_check(&r, &member, REFERRAL_ACCEPTED, NULL, &info), E_OK);
    assert_int_equal(referral_answer_check(&r, &manager, REFERRAL_ACCEPTED, NULL, &info), E_OK);
    assert_int_equal(referral_answer_check(&r, &member, REFERRAL_RETURNED, "  ", &info), E_INVALID);
    assert_string_equal(info.field, "reason");
    assert_int_equal(referral_answer_check(&r, &member, REFERRAL_RETURNED,
                                           "Not our area: the family lives in the south", &info),
                     E_OK);
    assert_int_equal(referral_answer_check(&r, &member, REFERRAL_PENDING, NULL, &info), E_INVALID);
    assert_int_equal(referral_next_state(REFERRAL_PENDING, REFERRAL_ACCEPTED), REFERRAL_ACCEPTED);
    assert_int_equal(referral_next_state(REFERRAL_PENDING, REFERRAL_RETURNED), REFERRAL_RETURNED);

    /* answered once: nothing moves an answered referral */
    r.state = REFERRAL_ACCEPTED;
    assert_int_equal(
        referral_answer_check(&r, &member, REFERRAL_RETURNED, "changed our mind", &info),
        E_CONFLICT);
    assert_string_equal(info.field, "state");
    assert_int_equal(referral_next_state(REFERRAL_ACCEPTED, REFERRAL_RETURNED), REFERRAL_ACCEPTED);
    r.state = REFERRAL_RETURNED;
    assert_int_equal(referral_answer_check(&r, &manager, REFERRAL_ACCEPTED, NULL, &info),
                     E_CONFLICT);
    assert_int_equal(referral_next_state(REFERRAL_RETURNED, REFERRAL_ACCEPTED), REFERRAL_RETURNED);

    bool ok;
    assert_int_equal(referral_state_parse("returned", &ok), REFERRAL_RETURNED);
    assert_true(ok);
    referral_state_parse("lost", &ok);
    assert_false(ok);
}

static void test_confirmation_text(void **state)
{
    (void)state;
    char ref[REFERRAL_REF_LEN];
    referral_reference(2026, 42, ref);
    assert_string_equal(ref, "R-2026-000042");
    struct referral_letter l = {.referrer_name = "Jo Bloggs",
                                .reference = ref,
                                .contact_reference = "C-2026-000123",
                                .to_team_name = "Referral and Assessment North",
                                .to_team_line = "0306 999 0120",
                                .from_team_name = "Children's Reception Team",
                                .received_at = at(2026, 11, 23, 9, 40),
                                .referred_at = at(2026, 11, 23, 9, 55),
                                .state = REFERRAL_PENDING,
                                .safeguarding = true};
    char subject[128], text[4096];
    referral_confirmation_subject(&l, subject, sizeof(subject));
    referral_confirmation_text(&l, text, sizeof(text));
    assert_string_equal(subject, "Your referral, our reference R-2026-000042");
    assert_non_null(strstr(text, "Dear Jo Bloggs,"));
    assert_non_null(strstr(text, "Monday 23 November 2026 at 09:40"));
    assert_non_null(strstr(text, "R-2026-000042 (contact C-2026-000123)"));
    assert_non_null(strstr(text, "passed to Referral and Assessment North on Monday 23 "
                                 "November 2026 at 09:55, by telephone and in writing"));
    assert_non_null(strstr(text, "0306 999 0120"));
    assert_non_null(strstr(text, "Children's Reception Team"));
    l.state = REFERRAL_ACCEPTED;
    l.answered_at = at(2026, 11, 23, 10, 15);
    referral_confirmation_text(&l, text, sizeof(text));
    assert_non_null(strstr(text, "accepted it on Monday 23 November 2026 at 10:15"));
}

/* --- tasks --------------------------------------------------------------------------------------
 */

static void test_task_rules(void **state)
{
    (void)state;
    struct err_info info = {{0}, {0}};
    int64_t now = MONDAY_10;
    struct task t = {.kind = TASK_FOLLOW_UP,
                     .owner_user_id = 7,
                     .contact_id = 12,
                     .due_at = now + 3 * 86400000LL,
                     .note = "Ring Mrs Turner to see whether the carers' centre helped"};
    assert_int_equal(task_validate(&t, now, &info), E_INVALID);
    assert_string_equal(info.field, "agreed_with"); /* W6 */
    t.agreed_with = "Priya Shah (PA), by phone";
    assert_int_equal(task_validate(&t, now, &info), E_OK);
    t.due_at = now - 3600000;
    assert_int_equal(task_validate(&t, now, &info), E_INVALID);
    assert_string_equal(info.field, "due_at");
    t.due_at = now + 3600000;
    t.contact_id = 0;
    assert_int_equal(task_validate(&t, now, &info), E_INVALID);
    assert_string_equal(info.field, "contact_id");
    t.person_id = JORDAN;
    t.owner_user_id = 0;
    assert_int_equal(task_validate(&t, now, &info), E_INVALID);
    assert_string_equal(info.field, "owner_user_id");
    t.team_id = LCS; /* a team's task */
    assert_int_equal(task_validate(&t, now, &info), E_OK);

    /* W7: the allocated worker, else the reviewing (or assessing) team, else nobody */
    struct allocation all[4];
    size_t n = case_book(all);
    int64_t worker = 0, team = 0;
    assert_true(task_review_route(all, n, JORDAN, now, &worker, &team));
    assert_int_equal(worker, PRIYA);
    assert_true(task_review_route(all, n, CALLUM, now, &worker, &team));
    assert_int_equal(worker, 0);
    assert_int_equal(team, CRT);
    assert_false(task_review_route(all, n, 999, now, &worker, &team));

    /* closing: once, a reason for a cancellation, only by those involved */
    struct task open = {.id = 1, .owner_user_id = 7, .created_by = 8, .state = TASK_OPEN};
    struct task_closer owner = {.user_id = 7}, setter = {.user_id = 8}, other = {.user_id = 9};
    assert_int_equal(task_close_check(&open, &other, TASK_DONE, NULL, &info), E_DENIED);
    assert_int_equal(task_close_check(&open, &owner, TASK_DONE, NULL, &info), E_OK);
    assert_int_equal(task_close_check(&open, &setter, TASK_CANCELLED, "", &info), E_INVALID);
    assert_int_equal(
        task_close_check(&open, &setter, TASK_CANCELLED, "the caller rang back", &info), E_OK);
    open.state = TASK_DONE;
    assert_int_equal(task_close_check(&open, &owner, TASK_CANCELLED, "again", &info), E_CONFLICT);
    open.state = TASK_OPEN;
    open.due_at = now - 1;
    assert_true(task_overdue(&open, now));
    open.state = TASK_DONE;
    assert_false(task_overdue(&open, now));
}

/* --- messages to a practitioner ----------------------------------------------------------------
 */

static void test_message_texts_keep_the_narrative_out_of_email(void **state)
{
    (void)state;
    struct err_info info = {{0}, {0}};
    struct worker_message m = {.worker_id = PRIYA,
                               .what_happened = "Jordan rang: the landlord wants the deposit",
                               .what_was_done = "Told him Priya will call back after 14:30",
                               .follow_up = "Call Jordan about the deposit scheme"};
    assert_int_equal(worker_message_validate(&m, &info), E_OK);
    char subject[160], body[2048];
    worker_message_in_app(&m, "C-2026-000123", MONDAY_10, subject, sizeof(subject), body,
                          sizeof(body));
    assert_non_null(strstr(subject, "C-2026-000123"));
    assert_non_null(strstr(body, "landlord wants the deposit"));
    assert_non_null(strstr(body, "after 14:30"));
    assert_non_null(strstr(body, "deposit scheme"));
    worker_message_email("C-2026-000123", subject, sizeof(subject), body, sizeof(body));
    assert_non_null(strstr(body, "C-2026-000123"));
    assert_null(strstr(body, "Jordan"));
    assert_null(strstr(body, "deposit"));
    m.follow_up = " ";
    assert_int_equal(worker_message_validate(&m, &info), E_INVALID);
    assert_string_equal(info.field, "follow_up");

    struct callback_promise p = {.callback_by = MONDAY_10 + 4 * 3600000LL,
                                 .if_no_call = "Ring the helpline again after 16:00"};
    assert_int_equal(callback_promise_validate(&p, MONDAY_10, &info), E_OK);
    p.if_no_call = NULL;
    assert_int_equal(callback_promise_validate(&p, MONDAY_10, &info), E_INVALID);
    assert_string_equal(info.field, "if_no_call");
    p.if_no_call = "x";
    p.callback_by = MONDAY_10 - 3600000;
    assert_int_equal(callback_promise_validate(&p, MONDAY_10, &info), E_INVALID);
    assert_string_equal(info.field, "callback_by");

    struct on_behalf_action a = {.kind = on_behalf_kind_parse("restart_service"),
                                 .details = "Home care restarts on Friday after discharge"};
    assert_int_equal(on_behalf_validate(&a, &info), E_OK);
    on_behalf_email(&a, "C-2026-000124", true, NULL, subject, sizeof(subject), body, sizeof(body));
    assert_non_null(strstr(body, "Service restarted"));
    assert_null(strstr(body, "Friday"));
    a.kind = on_behalf_kind_parse("cancel_everything");
    assert_int_equal(on_behalf_validate(&a, &info), E_INVALID);

    struct written_item w = {.description = "Letter from the GP dated 1 March",
                             .stored_at = "Scanned to the contact; original in the post room safe",
                             .acknowledged_by = written_ack_parse("service")};
    assert_int_equal(written_item_validate(&w, &info), E_OK);
    w.acknowledged_by = written_ack_parse("someone");
    assert_int_equal(written_item_validate(&w, &info), E_INVALID);
    assert_string_equal(info.field, "acknowledged_by");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_allocated_and_free_passes_on),
        cmocka_unit_test(test_not_allocated_says_who_and_no_transfer),
        cmocka_unit_test(test_nobody_allocated_front_door),
        cmocka_unit_test(test_busy_back_today_leaves_a_message),
        cmocka_unit_test(test_away_with_colleague_free),
        cmocka_unit_test(test_away_and_no_colleague_front_door),
        cmocka_unit_test(test_after_hours_back_tomorrow_is_away),
        cmocka_unit_test(test_team_responsible_passes_on),
        cmocka_unit_test(test_every_person_must_be_allowed),
        cmocka_unit_test(test_routing_needs_a_question_and_persons),
        cmocka_unit_test(test_restricted_holder_withheld),
        cmocka_unit_test(test_not_allocated_names_the_person_held),
        cmocka_unit_test(test_person_reason_says_who_holds_only),
        cmocka_unit_test(test_reason_cut_keeps_utf8),
        cmocka_unit_test(test_when_text),
        cmocka_unit_test(test_safeguarding_referral_needs_the_phone_call),
        cmocka_unit_test(test_referral_kinds_and_c5),
        cmocka_unit_test(test_referral_state_machine),
        cmocka_unit_test(test_confirmation_text),
        cmocka_unit_test(test_task_rules),
        cmocka_unit_test(test_message_texts_keep_the_narrative_out_of_email),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
