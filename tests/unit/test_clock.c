/*
 * test_clock: service-level clocks in the store (issue 5) on a temporary database. The shipped
 * policies give the right deadlines and warnings (the migration's data against the rules of
 * docs/deadlines.md); the scheduler's tick warns, marks a breach and walks the escalation chain
 * in order (owner, line manager, the duty manager of the day from the rota, head of service),
 * skips a step nobody holds and says why, and stops at an acknowledgement; pausing and
 * resuming; stopping in time and too late; a clock the scheduler cannot act on does not hold up
 * the others and leaves the audit chain intact; "due before T" is read from an index; the
 * outbox's inbox, claims, retries and failures; the mailer against a relay that is down, and its
 * back-off; and composing an email that no header can be smuggled into.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/smtp.h"
#include "core/timefmt.h"
#include "core/ukclock.h"
#include "domain/deadline.h"
#include "domain/worker.h"
#include "store/mailer.h"
#include "store/store.h"
#include "store/store_audit.h"
#include "store/store_clock.h"
#include "store/store_escalation.h"
#include "store/store_outbox.h"
#include "store/store_sla.h"
#include "store/store_user.h"
#include "store/store_worker.h"
#include "unit/support/testdb.h"

struct fixture {
    char path[64];
    struct store *s;
    int64_t owner_user, manager_user, duty_user;
    int64_t owner_worker, manager_worker, duty_worker, head_worker, sdo_worker;
};

/* An instant in ms from ISO text the test knows to be good; Europe/London wall clock allowed. */
static int64_t at(const char *iso)
{
    int64_t t = 0;
    if (ukclock_parse_iso(iso, UKCLOCK_PARSE_LOCAL, &t) != E_OK)
        fail_msg("test fixture '%s' did not parse", iso);
    return t * 1000;
}

static void local(int64_t ms, char out[UKCLOCK_ISO_SIZE])
{
    ukclock_format_local(ms / 1000, out);
}

static enum err add_worker(struct store_tx *tx, const char *name, enum worker_role role,
                           int64_t user_id, int64_t line_manager, const char *email, int64_t *id)
{
    struct worker w;
    worker_init(&w);
    snprintf(w.name, sizeof(w.name), "%s", name);
    w.role = role;
    w.user_id = user_id;
    w.line_manager_id = line_manager;
    snprintf(w.email, sizeof(w.email), "%s", email);
    struct err_info info;
    enum err rc = store_worker_insert(tx, &w, &info);
    if (rc)
        fail_msg("worker %s: %s %s", name, info.field, info.message);
    *id = w.id;
    return rc;
}

static enum err people(struct store_tx *tx, void *arg)
{
    struct fixture *f = arg;
    enum err rc = testdb_add_user(tx, "owner", "Olive Owner", ROLE_PRACTITIONER, &f->owner_user);
    if (!rc)
        rc = testdb_add_user(tx, "manager", "Liam Manager", ROLE_MANAGER, &f->manager_user);
    if (!rc)
        rc = testdb_add_user(tx, "duty", "Dana Duty", ROLE_DUTY_MANAGER, &f->duty_user);
    if (!rc)
        rc = add_worker(tx, "Hattie Head", WORKER_HEAD_OF_SERVICE, 0, 0, "head@council.example",
                        &f->head_worker);
    if (!rc)
        rc = add_worker(tx, "Liam Manager", WORKER_TEAM_MANAGER, f->manager_user, f->head_worker,
                        "liam@council.example", &f->manager_worker);
    if (!rc)
        rc = add_worker(tx, "Olive Owner", WORKER_SOCIAL_WORKER, f->owner_user, f->manager_worker,
                        "olive@council.example", &f->owner_worker);
    if (!rc)
        rc = add_worker(tx, "Dana Duty", WORKER_SERVICE_MANAGER, f->duty_user, f->head_worker,
                        "dana@council.example", &f->duty_worker);
    if (!rc)
        rc = add_worker(tx, "Sid District", WORKER_OTHER, 0, 0, "sid@district.example",
                        &f->sdo_worker);
    /* Dana is duty manager on Mondays only */
    if (!rc)
        rc = store_escalation_rota_set(tx, UKCLOCK_MONDAY, f->duty_worker, 0);
    if (!rc)
        rc = store_escalation_contact_set(tx, ESCALATION_SENIOR_DISTRICT_OFFICER, f->sdo_worker, 0);
    return rc;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    if (testdb_open("clock", f->path, sizeof(f->path), &f->s))
        return -1;
    if (store_write(f->s, people, f))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    testdb_close(f->s, f->path);
    free(f);
    return 0;
}

/* --- the shipped policies ---------------------------------------------------------------- */

struct shipped {
    const char *code;
    const char *start, *due, *warn; /* warn NULL: none */
};

static const struct shipped shipped[] = {
    {"safeguarding_workflow", "2026-11-23T10:00", "2026-11-23T10:30:00+00:00",
     "2026-11-23T10:20:00+00:00"},
    /* 30 minutes on Friday, 90 on Monday; warned 30 working minutes before */
    {"non_urgent_transfer", "2026-01-09T16:30", "2026-01-12T10:30:00+00:00",
     "2026-01-12T10:00:00+00:00"},
    {"written_confirmation", "2026-11-20T10:00", "2026-11-22T10:00:00+00:00",
     "2026-11-22T02:00:00+00:00"},
    {"action_recorded", "2026-11-23T10:00", "2026-11-24T10:00:00+00:00",
     "2026-11-24T06:00:00+00:00"},
    /* the Thursday before Good Friday: the Tuesday after Easter Monday; 480 working minutes
     * between them, so warned 2 working hours before at 14:30 */
    {"referral_decision", "2026-04-02T16:30", "2026-04-07T16:30:00+01:00",
     "2026-04-07T14:30:00+01:00"},
    /* Tue 7, Wed 8, Thu 9, Fri 10, Mon 13 April; warned after 4 working days */
    {"letter_answered", "2026-04-02T16:30", "2026-04-13T16:30:00+01:00",
     "2026-04-10T16:30:00+01:00"},
    /* Christmas Day (Friday) and Boxing Day's substitute (Monday 28) skipped */
    {"message_returned", "2026-12-24T12:00", "2026-12-29T12:00:00+00:00",
     "2026-12-29T10:00:00+00:00"},
    {"call_answered", "2026-11-23T10:00", "2026-11-23T10:00:20+00:00", NULL},
    /* see test_deadline for the count */
    {"assessment", "2026-11-02T09:00", "2027-01-07T09:00:00+00:00", "2026-12-30T09:00:00+00:00"},
    {"hub_dispute", "2026-11-20T10:00", "2026-11-27T10:00:00+00:00", "2026-11-26T10:00:00+00:00"},
};

struct policy_arg {
    const char *code;
    struct deadline_policy p;
};

static enum err policy_read(struct store_tx *tx, void *arg)
{
    struct policy_arg *a = arg;
    return store_sla_by_code(tx, a->code, &a->p);
}

static void test_shipped_policies(void **state)
{
    struct fixture *f = *state;
    struct calendar cal;
    calendar_init(&cal);
    for (size_t i = 0; i < sizeof(shipped) / sizeof(shipped[0]); i++) {
        struct policy_arg a = {.code = shipped[i].code};
        assert_int_equal(store_read(f->s, policy_read, &a), E_OK);
        struct err_info info;
        if (deadline_policy_validate(&a.p, &info))
            fail_msg("%s: %s %s", a.code, info.field, info.message);
        int64_t due, warn;
        assert_int_equal(deadline_due(&a.p, &cal, at(shipped[i].start), &due, &warn), E_OK);
        char got[UKCLOCK_ISO_SIZE];
        local(due, got);
        if (strcmp(got, shipped[i].due) != 0)
            fail_msg("%s: due %s, expected %s", a.code, got, shipped[i].due);
        if (shipped[i].warn) {
            local(warn, got);
            if (strcmp(got, shipped[i].warn) != 0)
                fail_msg("%s: warned %s, expected %s", a.code, got, shipped[i].warn);
        } else {
            assert_int_equal(warn, 0);
        }
    }
}

/* --- the scheduler's tick and escalation ------------------------------------------------ */

struct start_arg {
    const char *code;
    const char *entity;
    int64_t entity_id, owner, team, at;
    int64_t id;
};

static enum err start_apply(struct store_tx *tx, void *arg)
{
    struct start_arg *a = arg;
    return store_clock_start(tx, a->code, a->entity ? a->entity : "contact", a->entity_id, a->owner,
                             a->team, a->at, &a->id);
}

static int64_t start(struct fixture *f, const char *code, int64_t entity_id, int64_t owner,
                     int64_t at_ms)
{
    struct start_arg a = {.code = code, .entity_id = entity_id, .owner = owner, .at = at_ms};
    assert_int_equal(store_write(f->s, start_apply, &a), E_OK);
    assert_true(a.id > 0);
    return a.id;
}

struct tick_arg {
    int64_t now;
    struct store_clock_tick t;
};

static enum err tick_apply(struct store_tx *tx, void *arg)
{
    struct tick_arg *a = arg;
    return store_clock_tick(tx, a->now, 100, &a->t);
}

static struct store_clock_tick tick(struct fixture *f, int64_t now)
{
    struct tick_arg a = {.now = now};
    assert_int_equal(store_write(f->s, tick_apply, &a), E_OK);
    return a.t;
}

/* A clock's history as "kind/tell/told" lines joined by ';'. */
struct history {
    char text[2048];
    int64_t scheduled[16];
    int n;
};

static void add_line(const struct clock_event *e, void *arg)
{
    struct history *h = arg;
    size_t used = strlen(h->text);
    snprintf(h->text + used, sizeof(h->text) - used, "%s%s/%s/%s", used ? ";" : "", e->kind,
             e->tell, e->told_name);
    if (h->n < 16)
        h->scheduled[h->n] = e->scheduled_at;
    h->n++;
}

struct history_arg {
    int64_t id;
    struct history h;
};

static enum err history_read(struct store_tx *tx, void *arg)
{
    struct history_arg *a = arg;
    memset(&a->h, 0, sizeof(a->h));
    return store_clock_history(tx, a->id, add_line, &a->h);
}

static struct history history(struct fixture *f, int64_t id)
{
    struct history_arg a = {.id = id};
    assert_int_equal(store_read(f->s, history_read, &a), E_OK);
    return a.h;
}

/* Messages about a clock as "channel:recipient" joined by ';'. */
struct messages {
    char text[2048];
};

static void add_msg(const struct outbox_message *m, void *arg)
{
    struct messages *ms = arg;
    size_t used = strlen(ms->text);
    snprintf(ms->text + used, sizeof(ms->text) - used, "%s%s:%s", used ? ";" : "",
             m->channel == OUTBOX_EMAIL ? "email" : "in_app",
             m->channel == OUTBOX_EMAIL ? m->to_address : m->recipient_name);
}

struct messages_arg {
    int64_t id;
    struct messages m;
};

static enum err messages_read(struct store_tx *tx, void *arg)
{
    struct messages_arg *a = arg;
    memset(&a->m, 0, sizeof(a->m));
    return store_outbox_for_clock(tx, a->id, add_msg, &a->m);
}

static struct messages messages(struct fixture *f, int64_t id)
{
    struct messages_arg a = {.id = id};
    assert_int_equal(store_read(f->s, messages_read, &a), E_OK);
    return a.m;
}

struct read_arg {
    int64_t id, now;
    struct deadline_clock c;
    struct store_clock_left left;
};

static void keep(const struct deadline_clock *c, const struct store_clock_left *left, void *arg)
{
    struct read_arg *a = arg;
    a->c = *c;
    a->c.breach_reason = "";
    a->left = *left;
}

static enum err read_apply(struct store_tx *tx, void *arg)
{
    struct read_arg *a = arg;
    return store_clock_read(tx, a->id, a->now, keep, a);
}

static struct read_arg read_clock(struct fixture *f, int64_t id, int64_t now)
{
    struct read_arg a = {.id = id, .now = now};
    assert_int_equal(store_read(f->s, read_apply, &a), E_OK);
    return a;
}

struct ack_arg {
    int64_t id, now;
    struct err_info info;
};

static enum err ack_apply(struct store_tx *tx, void *arg)
{
    struct ack_arg *a = arg;
    return store_clock_acknowledge(tx, a->id, a->now, "seen to", &a->info);
}

/* A safeguarding referral on Monday 23 November 2026 at 10:00: warned at 10:20, missed at
 * 10:30 (owner told), line manager at 10:45, Monday's duty manager at 11:00, and the head of
 * service would be told at 11:30, but the duty manager acknowledges first. */
static void test_escalation_order(void **state)
{
    struct fixture *f = *state;
    int64_t t0 = at("2026-11-23T10:00");
    int64_t id = start(f, "safeguarding_workflow", 1001, f->owner_user, t0);
    struct store_clock_tick t = tick(f, t0 + 19 * 60000);
    assert_int_equal(t.n_clocks, 0);
    assert_int_equal(t.next_at, t0 + 20 * 60000); /* the warning is next */
    t = tick(f, t0 + 21 * 60000);
    assert_int_equal(t.n_warned, 1);
    assert_int_equal(t.next_at, t0 + 30 * 60000);
    assert_string_equal(messages(f, id).text, "in_app:Olive Owner;email:olive@council.example");
    t = tick(f, t0 + 31 * 60000);
    assert_int_equal(t.n_breached, 1);
    assert_int_equal(t.n_told, 1);
    t = tick(f, t0 + 46 * 60000);
    assert_int_equal(t.n_told, 1);
    t = tick(f, t0 + 61 * 60000);
    assert_int_equal(t.n_told, 1);
    assert_int_equal(t.next_at, t0 + 90 * 60000); /* the head of service at 11:30 */
    struct history h = history(f, id);
    assert_string_equal(h.text, "start//;warning/owner/Olive Owner;breach//;"
                                "escalation/owner/Olive Owner;"
                                "escalation/line_manager/Liam Manager;"
                                "escalation/duty_manager/Dana Duty");
    assert_int_equal(h.scheduled[3], t0 + 30 * 60000);
    assert_int_equal(h.scheduled[4], t0 + 45 * 60000);
    assert_int_equal(h.scheduled[5], t0 + 60 * 60000);
    /* in-app for those with a sign-in, email for everyone with an address */
    assert_string_equal(messages(f, id).text, "in_app:Olive Owner;email:olive@council.example;"
                                              "in_app:Olive Owner;email:olive@council.example;"
                                              "in_app:Liam Manager;email:liam@council.example;"
                                              "in_app:Dana Duty;email:dana@council.example");
    struct ack_arg ack = {.id = id, .now = t0 + 70 * 60000};
    assert_int_equal(store_write(f->s, ack_apply, &ack), E_OK);
    t = tick(f, t0 + 120 * 60000);
    assert_int_equal(t.n_clocks, 0);
    assert_int_equal(t.next_at, 0);
    struct read_arg r = read_clock(f, id, t0 + 120 * 60000);
    assert_int_equal(r.c.state, DEADLINE_BREACHED);
    assert_int_equal(r.c.breached_at, t0 + 30 * 60000);
    assert_int_equal(r.c.escalation_step, 3);
    assert_int_equal(r.c.acknowledged_at, t0 + 70 * 60000);
    assert_true(r.left.overdue);
    assert_string_equal(r.left.text, "1 hour 30 minutes overdue");
    /* acknowledging twice is refused */
    assert_int_equal(store_write(f->s, ack_apply, &ack), E_CONFLICT);
}

/* Missed at 23:50 on a Friday: the duty manager step falls on Saturday, when nobody is on the
 * weekday rota, so it is recorded as skipped with the reason and the head of service is told. */
static void test_escalation_weekend_skip(void **state)
{
    struct fixture *f = *state;
    int64_t t0 = at("2026-11-20T23:20");
    int64_t id = start(f, "safeguarding_workflow", 1002, f->owner_user, t0);
    struct store_clock_tick t = tick(f, t0 + 3 * 3600000);
    assert_int_equal(t.n_breached, 1);
    assert_int_equal(t.n_told, 3); /* owner, line manager, head of service */
    struct history h = history(f, id);
    assert_string_equal(h.text, "start//;breach//;escalation/owner/Olive Owner;"
                                "escalation/line_manager/Liam Manager;"
                                "escalation_skipped/duty_manager/;"
                                "escalation/head_of_service/Hattie Head");
    /* the head of service has no sign-in: email only */
    struct messages m = messages(f, id);
    assert_non_null(strstr(m.text, "email:head@council.example"));
    assert_null(strstr(m.text, "in_app:Hattie Head"));
}

/* Disputes the locality hub cannot settle go to the Senior District Officer, then the head of
 * service (L10). */
static void test_hub_dispute_chain(void **state)
{
    struct fixture *f = *state;
    int64_t t0 = at("2026-11-16T10:00");
    int64_t id = start(f, "hub_dispute", 1003, f->owner_user, t0);
    tick(f, at("2026-11-30T10:00"));
    struct history h = history(f, id);
    assert_non_null(strstr(h.text, "breach//;escalation/senior_district_officer/Sid District;"
                                   "escalation/head_of_service/Hattie Head"));
}

struct change_arg {
    int64_t id, now;
    int kind; /* 0 pause, 1 resume, 2 breach reason */
    const char *reason;
    struct err_info info;
};

static enum err change_apply(struct store_tx *tx, void *arg)
{
    struct change_arg *a = arg;
    memset(&a->info, 0, sizeof(a->info));
    if (a->kind == 0)
        return store_clock_pause(tx, a->id, a->now, a->reason, &a->info);
    if (a->kind == 1)
        return store_clock_resume(tx, a->id, a->now, &a->info);
    return store_clock_breach_reason(tx, a->id, a->now, a->reason, &a->info);
}

static void test_pause_resume(void **state)
{
    struct fixture *f = *state;
    /* a letter on Monday 16 November 10:00: due Monday 23 10:00 */
    int64_t id = start(f, "letter_answered", 1004, f->owner_user, at("2026-11-16T10:00"));
    struct change_arg c = {.id = id,
                           .now = at("2026-11-18T12:00"),
                           .kind = 0,
                           .reason = "waiting for the GP practice"};
    assert_int_equal(store_write(f->s, change_apply, &c), E_OK);
    struct read_arg r = read_clock(f, id, at("2026-11-19T12:00"));
    assert_int_equal(r.c.state, DEADLINE_PAUSED);
    assert_int_equal(r.c.due_at, 0);
    assert_false(r.left.known);
    assert_int_equal(r.c.next_at, 0); /* the scheduler leaves a paused clock alone */
    /* 1320 working minutes were left; resumed Monday 23 09:00 -> Wednesday 25 15:00 */
    c.kind = 1;
    c.now = at("2026-11-23T09:00");
    assert_int_equal(store_write(f->s, change_apply, &c), E_OK);
    r = read_clock(f, id, c.now);
    char got[UKCLOCK_ISO_SIZE];
    local(r.c.due_at, got);
    assert_string_equal(got, "2026-11-25T15:00:00+00:00");
    assert_true(r.left.working);
    assert_string_equal(r.left.text, "2 working days 6 working hours left");
    /* resuming a running clock, pausing without a reason, a policy that may not pause */
    assert_int_equal(store_write(f->s, change_apply, &c), E_CONFLICT);
    c.kind = 0;
    c.reason = "  ";
    assert_int_equal(store_write(f->s, change_apply, &c), E_INVALID);
    assert_string_equal(c.info.field, "reason");
    int64_t other = start(f, "action_recorded", 1004, f->owner_user, at("2026-11-23T08:00"));
    struct change_arg p = {.id = other, .now = at("2026-11-23T09:00"), .kind = 0, .reason = "no"};
    assert_int_equal(store_write(f->s, change_apply, &p), E_CONFLICT);
    assert_non_null(strstr(p.info.message, "does not allow"));
    /* a breach reason only once the deadline is missed */
    p.kind = 2;
    p.reason = "sickness";
    assert_int_equal(store_write(f->s, change_apply, &p), E_CONFLICT);
}

struct stop_arg {
    int64_t entity_id;
    const char *code, *outcome;
};

static enum err stop_apply(struct store_tx *tx, void *arg)
{
    struct stop_arg *a = arg;
    return store_clock_stop(tx, "contact", a->entity_id, a->code, a->outcome);
}

static void test_stop(void **state)
{
    struct fixture *f = *state;
    int64_t now = timefmt_now_ms(); /* stopping uses the transaction's time */
    int64_t in_time = start(f, "action_recorded", 1005, f->owner_user, now - 3600000);
    int64_t late = start(f, "action_recorded", 1006, f->owner_user, now - 25 * 3600000);
    int64_t dropped = start(f, "written_confirmation", 1005, f->owner_user, now - 3600000);
    struct stop_arg a = {.entity_id = 1005, .code = "action_recorded", .outcome = "done"};
    assert_int_equal(store_write(f->s, stop_apply, &a), E_OK);
    a = (struct stop_arg){.entity_id = 1006, .code = NULL, .outcome = "done"};
    assert_int_equal(store_write(f->s, stop_apply, &a), E_OK);
    a = (struct stop_arg){.entity_id = 1005, .code = NULL, .outcome = "cancelled"};
    assert_int_equal(store_write(f->s, stop_apply, &a), E_OK);
    assert_int_equal(read_clock(f, in_time, now).c.state, DEADLINE_MET);
    struct read_arg r = read_clock(f, late, now);
    assert_int_equal(r.c.state, DEADLINE_BREACHED);
    assert_true(r.c.stopped_at > 0);
    assert_int_equal(r.c.next_at, 0);
    assert_string_equal(history(f, late).text, "start//;breach//;stop//");
    assert_int_equal(read_clock(f, dropped, now).c.state, DEADLINE_CANCELLED);
    /* stopping again, or with nothing open, is not an error */
    assert_int_equal(store_write(f->s, stop_apply, &a), E_OK);
    /* a new clock of the same policy may start once the old one is stopped */
    assert_true(start(f, "action_recorded", 1005, f->owner_user, now) != in_time);
}

struct event_arg {
    const char *event;
    struct store_clock_subject s;
    struct store_clock_event_result r;
};

static enum err event_apply(struct store_tx *tx, void *arg)
{
    struct event_arg *a = arg;
    return store_clock_event(tx, a->event, &a->s, &a->r);
}

static void test_events_start_and_stop(void **state)
{
    struct fixture *f = *state;
    int64_t now = timefmt_now_ms();
    struct event_arg a = {.event = "referral.created",
                          .s = {.entity = "referral",
                                .entity_id = 7,
                                .owner_user_id = f->owner_user,
                                .at = now - 60000}};
    assert_int_equal(store_write(f->s, event_apply, &a), E_OK);
    /* a referral starts its written confirmation (48 hours) and its decision (1 working day) */
    assert_int_equal(a.r.n_started, 2);
    assert_int_equal(a.r.n_stopped, 0);
    struct event_arg b = {.event = "referral.decided", .s = a.s};
    b.s.at = now;
    assert_int_equal(store_write(f->s, event_apply, &b), E_OK);
    assert_int_equal(b.r.n_started, 0);
    assert_int_equal(b.r.n_stopped, 1);
    assert_int_equal(read_clock(f, b.r.stopped[0], now).c.state, DEADLINE_MET);
    struct event_arg bad = {.event = "Referral Created", .s = a.s};
    assert_int_equal(store_write(f->s, event_apply, &bad), E_INVALID);
}

/* "What is due before T" comes from the next_at index, never a scan of the clocks. */
static void test_due_is_an_index_range(void **state)
{
    struct fixture *f = *state;
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    static const char *const queries[] = {
        "EXPLAIN QUERY PLAN SELECT id FROM clocks WHERE next_at <= 1 ORDER BY next_at LIMIT 10",
        "EXPLAIN QUERY PLAN SELECT next_at FROM clocks WHERE next_at IS NOT NULL"
        " ORDER BY next_at LIMIT 1",
    };
    for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
        sqlite3_stmt *st = NULL;
        assert_int_equal(sqlite3_prepare_v2(db, queries[i], -1, &st, NULL), SQLITE_OK);
        char plan[512] = "";
        while (sqlite3_step(st) == SQLITE_ROW) {
            size_t used = strlen(plan);
            snprintf(plan + used, sizeof(plan) - used, "%s|",
                     (const char *)sqlite3_column_text(st, 3));
        }
        sqlite3_finalize(st);
        if (!strstr(plan, "INDEX clocks_next") || strstr(plan, "SCAN clocks"))
            fail_msg("query %zu does not use the next_at index: %s", i, plan);
    }
    sqlite3_close(db);
}

struct verify_arg {
    struct audit_verdict v;
};

static enum err verify_apply(struct store_tx *tx, void *arg)
{
    struct verify_arg *a = arg;
    return store_audit_verify(tx, &a->v);
}

/* A clock whose next escalation step falls outside the calendar's years cannot be acted on:
 * its work rolls back alone, its history says so, it is looked at again an hour later, and the
 * clock due beside it is handled. The audit chain stays whole. */
static void test_poisoned_clock(void **state)
{
    struct fixture *f = *state;
    int64_t bad = start(f, "letter_answered", 1007, f->owner_user, at("2026-11-16T10:00"));
    int64_t good = start(f, "safeguarding_workflow", 1008, f->owner_user, at("2026-11-16T10:00"));
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    char sql[256];
    int64_t end = at("2100-12-31T16:50");
    snprintf(sql, sizeof(sql),
             "UPDATE clocks SET due_at = %lld, warn_at = NULL, next_at = %lld"
             " WHERE id = %lld",
             (long long)end, (long long)end, (long long)bad);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    int64_t now = at("2100-12-31T17:00");
    struct store_clock_tick t = tick(f, now);
    assert_int_equal(t.n_breached, 1); /* the good one */
    assert_string_equal(history(f, bad).text, "start//;error//");
    struct read_arg r = read_clock(f, bad, now);
    assert_int_equal(r.c.state, DEADLINE_RUNNING);
    assert_int_equal(r.c.next_at, now + 3600000);
    assert_int_equal(read_clock(f, good, now).c.state, DEADLINE_BREACHED);
    struct verify_arg v;
    assert_int_equal(store_read(f->s, verify_apply, &v), E_OK);
    assert_int_equal(v.v.first_bad_seq, 0);
}

/* --- the outbox and the mailer ---------------------------------------------------------- */

struct outbox_arg {
    int64_t user, now;
    int64_t ids[4];
    int n_claimed;
    int64_t claimed[8];
    int attempts[8];
    int64_t next;
    int64_t unread, total;
    int listed;
};

static enum err outbox_add(struct store_tx *tx, void *arg)
{
    struct outbox_arg *a = arg;
    struct outbox_message m = {.channel = OUTBOX_IN_APP,
                               .recipient_user_id = a->user,
                               .recipient_name = "Olive",
                               .subject = "s",
                               .body = "b"};
    enum err rc = store_outbox_add(tx, &m, a->now);
    a->ids[0] = m.id;
    struct outbox_message e = {.channel = OUTBOX_EMAIL,
                               .to_address = "olive@council.example",
                               .subject = "s",
                               .body = "b"};
    if (!rc)
        rc = store_outbox_add(tx, &e, a->now);
    a->ids[1] = e.id;
    struct outbox_message bad = {.channel = OUTBOX_EMAIL, .subject = "s", .body = "b"};
    if (!rc && store_outbox_add(tx, &bad, a->now) != E_INVALID)
        rc = E_DB;
    return rc;
}

static void keep_claim(const struct outbox_message *m, void *arg)
{
    struct outbox_arg *a = arg;
    if (a->n_claimed < 8) {
        a->attempts[a->n_claimed] = m->attempts;
        a->claimed[a->n_claimed++] = m->id;
    }
}

static enum err claim_apply(struct store_tx *tx, void *arg)
{
    struct outbox_arg *a = arg;
    a->n_claimed = 0;
    return store_outbox_claim_email(tx, a->now, 8, 300000, keep_claim, a, &a->next);
}

static void count_msg(const struct outbox_message *m, void *arg)
{
    (void)m;
    ((struct outbox_arg *)arg)->listed++;
}

static enum err inbox_apply(struct store_tx *tx, void *arg)
{
    struct outbox_arg *a = arg;
    a->listed = 0;
    return store_outbox_inbox(tx, a->user, false, 10, 0, &a->unread, &a->total, count_msg, a);
}

struct mark_arg {
    int64_t id, user;
};

static enum err mark_apply(struct store_tx *tx, void *arg)
{
    struct mark_arg *m = arg;
    return store_outbox_mark_read(tx, m->id, m->user, 5);
}

struct fail_arg {
    int64_t id, retry_at;
};

static enum err fail_apply(struct store_tx *tx, void *arg)
{
    struct fail_arg *x = arg;
    return store_outbox_attempt_failed(tx, x->id, "relay said no", x->retry_at);
}

static enum err delivered_apply(struct store_tx *tx, void *arg)
{
    return store_outbox_delivered(tx, *(int64_t *)arg, 9);
}

static void test_outbox(void **state)
{
    struct fixture *f = *state;
    struct outbox_arg a = {.user = f->duty_user, .now = 1000};
    assert_int_equal(store_write(f->s, outbox_add, &a), E_OK);
    /* the inbox */
    assert_int_equal(store_read(f->s, inbox_apply, &a), E_OK);
    assert_int_equal(a.unread, 1);
    assert_int_equal(a.listed, 1);
    struct mark_arg m = {.id = a.ids[0], .user = f->owner_user};
    assert_int_equal(store_write(f->s, mark_apply, &m), E_NOTFOUND); /* not hers */
    m.user = f->duty_user;
    assert_int_equal(store_write(f->s, mark_apply, &m), E_OK);
    assert_int_equal(store_write(f->s, mark_apply, &m), E_OK); /* twice is fine */
    assert_int_equal(store_read(f->s, inbox_apply, &a), E_OK);
    assert_int_equal(a.unread, 0);
    /* claiming: due at once, then leased */
    a.now = 1000;
    assert_int_equal(store_write(f->s, claim_apply, &a), E_OK);
    assert_int_equal(a.n_claimed, 1);
    assert_int_equal(a.claimed[0], a.ids[1]);
    assert_int_equal(a.attempts[0], 1);
    assert_int_equal(a.next, 1000 + 300000);
    assert_int_equal(store_write(f->s, claim_apply, &a), E_OK);
    assert_int_equal(a.n_claimed, 0); /* leased to the first claimant */
    /* a failed attempt with a retry, then claimed again at the retry */
    struct fail_arg x = {.id = a.ids[1], .retry_at = 61000};
    assert_int_equal(store_write(f->s, fail_apply, &x), E_OK);
    a.now = 60000;
    assert_int_equal(store_write(f->s, claim_apply, &a), E_OK);
    assert_int_equal(a.n_claimed, 0);
    assert_int_equal(a.next, 61000);
    a.now = 61000;
    assert_int_equal(store_write(f->s, claim_apply, &a), E_OK);
    assert_int_equal(a.n_claimed, 1);
    assert_int_equal(a.attempts[0], 2);
    /* given up: failed for good, never claimed again */
    x.retry_at = 0;
    assert_int_equal(store_write(f->s, fail_apply, &x), E_OK);
    a.now = 10000000;
    assert_int_equal(store_write(f->s, claim_apply, &a), E_OK);
    assert_int_equal(a.n_claimed, 0);
    assert_int_equal(a.next, 0);
    /* the text of a sent message cannot change, nor a clock's history be deleted */
    start(f, "action_recorded", 1009, f->owner_user, at("2026-11-23T10:00"));
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE outbox SET body = 'changed'", NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM outbox", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM clock_events", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    int64_t id = a.ids[1];
    assert_int_equal(store_write(f->s, delivered_apply, &id), E_OK);
}

/* The mailer against a relay that is not there: the attempt fails with the relay's reason and is
 * tried again after the back-off; with one attempt allowed the email is failed for good. */
struct pending_arg {
    int64_t clock_id, id;
    char state[16];
    int attempts;
    int64_t next;
    char error[256];
};

static void keep_pending(const struct outbox_message *m, void *arg)
{
    struct pending_arg *a = arg;
    if (m->id != a->id)
        return;
    snprintf(a->state, sizeof(a->state), "%s", m->state);
    a->attempts = m->attempts;
    a->next = m->next_attempt_at;
    snprintf(a->error, sizeof(a->error), "%s", m->last_error);
}

static enum err pending_read(struct store_tx *tx, void *arg)
{
    struct pending_arg *a = arg;
    return store_outbox_for_clock(tx, a->clock_id, keep_pending, a);
}

static enum err email_add(struct store_tx *tx, void *arg)
{
    struct pending_arg *a = arg;
    struct outbox_message e = {.channel = OUTBOX_EMAIL,
                               .to_address = "olive@council.example",
                               .subject = "Deadline missed",
                               .body = "b",
                               .link = "/clocks/1",
                               .clock_id = a->clock_id};
    enum err rc = store_outbox_add(tx, &e, a->next);
    a->id = e.id;
    return rc;
}

static int64_t fixed_now(void *arg)
{
    return *(const int64_t *)arg;
}

static struct pending_arg one_attempt(struct fixture *f, int64_t entity, int max_attempts,
                                      int64_t now)
{
    struct pending_arg p = {.clock_id = start(f, "action_recorded", entity, f->owner_user, now),
                            .next = now};
    assert_int_equal(store_write(f->s, email_add, &p), E_OK);
    struct mailer_options o;
    memset(&o, 0, sizeof(o));
    snprintf(o.smtp_url, sizeof(o.smtp_url), "smtp://127.0.0.1:1"); /* nothing listens */
    snprintf(o.from, sizeof(o.from), "frontdoor@council.example");
    snprintf(o.base_url, sizeof(o.base_url), "https://frontdoor.example");
    o.first_retry_ms = 60000;
    o.max_attempts = max_attempts;
    o.now = fixed_now;
    o.now_arg = &now;
    struct mailer *m = NULL;
    assert_int_equal(mailer_start(f->s, &o, &m), E_OK);
    /* wait for the attempt to be recorded: up to 10 s, a guard against a hang */
    for (int i = 0; i < 200 && !p.error[0]; i++) {
        usleep(50000);
        assert_int_equal(store_read(f->s, pending_read, &p), E_OK);
    }
    mailer_stop(m);
    assert_int_equal(store_read(f->s, pending_read, &p), E_OK);
    return p;
}

static void test_mailer_relay_down(void **state)
{
    struct fixture *f = *state;
    int64_t now = at("2026-11-23T10:00");
    struct pending_arg p = one_attempt(f, 1020, 8, now);
    assert_int_equal(p.attempts, 1);
    assert_string_equal(p.state, "pending");
    assert_int_equal(p.next, now + 60000); /* the first back-off */
    assert_true(strlen(p.error) > 0);
    p = one_attempt(f, 1021, 1, now);
    assert_int_equal(p.attempts, 1);
    assert_string_equal(p.state, "failed");
    assert_int_equal(p.next, 0);
    assert_true(strlen(p.error) > 0);
}

static void test_backoff(void **state)
{
    (void)state;
    struct mailer_options o;
    memset(&o, 0, sizeof(o));
    assert_int_equal(mailer_backoff_ms(&o, 1), 30000);
    assert_int_equal(mailer_backoff_ms(&o, 2), 60000);
    assert_int_equal(mailer_backoff_ms(&o, 3), 120000);
    assert_int_equal(mailer_backoff_ms(&o, 8), 3600000); /* capped at an hour */
    o.first_retry_ms = 1000;
    o.max_retry_ms = 5000;
    assert_int_equal(mailer_backoff_ms(&o, 4), 5000);
}

static void test_smtp_compose(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    assert_int_equal(smtp_compose(&b, "frontdoor@council.example", "olive@council.example",
                                  "Deadline missed\r\nBcc: evil@example.com", "line one\nline two",
                                  "outbox-1", 0),
                     E_OK);
    /* the CR LF in the subject became spaces: no Bcc header */
    assert_null(strstr(b.data, "\r\nBcc:"));
    assert_non_null(strstr(b.data, "Subject: Deadline missed  Bcc: evil@example.com\r\n"));
    assert_non_null(strstr(b.data, "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"));
    assert_non_null(strstr(b.data, "Message-ID: <outbox-1@frontdoor>\r\n"));
    assert_non_null(strstr(b.data, "\r\n\r\nline one\r\nline two\r\n"));
    buf_reset(&b);
    assert_int_equal(smtp_compose(&b, "frontdoor@council.example", "olive@council.example",
                                  "Référence C-2026-000001", "x", "outbox-2", 0),
                     E_OK);
    assert_non_null(strstr(b.data, "Subject: =?UTF-8?B?"));
    assert_int_equal(smtp_compose(&b, "frontdoor@council.example", "olive@council.example\r\n", "s",
                                  "x", "outbox-3", 0),
                     E_INVALID);
    assert_int_equal(
        smtp_compose(&b, "frontdoor@council.example", "<a@b.example>", "s", "x", "outbox-3", 0),
        E_INVALID);
    assert_int_equal(
        smtp_compose(&b, "frontdoor@council.example", "a@b.example", "s", "x", "bad id>", 0),
        E_INVALID);
    assert_true(smtp_address_ok("dee.okafor@demo-council.example"));
    assert_false(smtp_address_ok("no-at-sign"));
    assert_false(smtp_address_ok("two@@example"));
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_shipped_policies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_escalation_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_escalation_weekend_skip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hub_dispute_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pause_resume, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_events_start_and_stop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_due_is_an_index_range, setup, teardown),
        cmocka_unit_test_setup_teardown(test_poisoned_clock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_outbox, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mailer_relay_down, setup, teardown),
        cmocka_unit_test(test_backoff),
        cmocka_unit_test(test_smtp_compose),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
