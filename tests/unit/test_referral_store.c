/* The rows behind routing's follow-up work: a safeguarding referral with its clocks, in the
 * receiving team's queue until it is answered (once), the written confirmation stopping its
 * clock (once), tasks in and out of "my work", a message to a practitioner with its clock and
 * its two outbox messages, evidence refusing UPDATE and DELETE even from raw SQL, and a failing
 * piece of work leaving nothing half-written. Runs on a temporary file. */
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

#include "store/store.h"
#include "store/store_clock.h"
#include "store/store_contact.h"
#include "store/store_referral.h"
#include "store/store_task.h"
#include "store/store_team.h"
#include "store/store_user.h"
#include "store/store_worker.h"
#include "store/store_worker_message.h"
#include "unit/support/testdb.h"

struct fixture {
    char path[64];
    struct store *s;
    int64_t agent, pa_user;
    int64_t crt, ra;
    int64_t pa_worker;
    int64_t contact_id;
    int64_t referral_id;
};

static enum err add_team(struct store_tx *tx, const char *name, enum team_type type, int64_t *out)
{
    struct team t;
    team_init(&t);
    snprintf(t.name, sizeof(t.name), "%s", name);
    t.type = type;
    enum err rc = store_team_insert(tx, &t);
    *out = t.id;
    return rc;
}

static enum err populate(struct store_tx *tx, void *arg)
{
    struct fixture *f = arg;
    enum err rc = testdb_add_user(tx, "agent", "Test agent", ROLE_AGENT, &f->agent);
    if (!rc)
        rc = testdb_add_user(tx, "pa", "Test pa", ROLE_PRACTITIONER, &f->pa_user);
    if (!rc)
        rc = add_team(tx, "Children's Reception Team", TEAM_CHILDRENS_RECEPTION, &f->crt);
    if (!rc)
        rc = add_team(tx, "Referral and Assessment North", TEAM_REFERRAL_ASSESSMENT, &f->ra);
    if (rc)
        return rc;
    struct worker w;
    worker_init(&w);
    snprintf(w.name, sizeof(w.name), "Priya Shah");
    snprintf(w.email, sizeof(w.email), "priya@example.org");
    w.role = WORKER_PERSONAL_ADVISER;
    w.user_id = f->pa_user;
    struct err_info info;
    rc = worker_add_team(&w, f->crt, false, &info);
    if (!rc)
        rc = store_worker_insert(tx, &w, &info);
    f->pa_worker = w.id;
    if (rc)
        return rc;
    store_tx_set_actor(tx, f->agent, "req-test");
    struct contact c = {.channel = CHANNEL_PROFESSIONAL_LINE,
                        .received_at = store_tx_now(tx) - 10 * 60000,
                        .caller_name = "Jo Bloggs (school nurse)",
                        .summary = "Disclosure at school this morning",
                        .source = SOURCE_SCHOOL,
                        .caller_email = "jo@school.example",
                        .service = SERVICE_CHILDREN};
    rc = contact_validate(&c, store_tx_now(tx), &info);
    if (!rc)
        rc = store_contact_insert(tx, &c);
    f->contact_id = c.id;
    return rc;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    if (testdb_open("referral", f->path, sizeof(f->path), &f->s))
        return -1;
    if (store_write(f->s, populate, f))
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

static enum err refer_apply(struct store_tx *tx, void *arg)
{
    struct fixture *f = arg;
    store_tx_set_actor(tx, f->agent, "req-test");
    struct referral r = {.contact_id = f->contact_id,
                         .from_team_id = f->crt,
                         .to_team_id = f->ra,
                         .kind = REFERRAL_ASSESSMENT,
                         .safeguarding = true,
                         .recommendation = "Transfer to assessment",
                         .work_plan = "Strategy discussion today",
                         .phoned_to = "Kofi Mensah",
                         .phoned_at = store_tx_now(tx) - 60000};
    struct err_info info;
    enum err rc = store_referral_insert(tx, &r, &info);
    f->referral_id = r.id;
    return rc;
}

static enum err failing_refer_apply(struct store_tx *tx, void *arg)
{
    enum err rc = refer_apply(tx, arg);
    return rc ? rc : E_DB; /* fault injection: fail once every row is written */
}

/* What the store says about the fixture's referral and its clocks. */
struct seen {
    struct fixture *f;
    int n_pending, n_accepted, n_referrals;
    enum referral_state state;
    char reference[REFERRAL_REF_LEN];
    int n_clocks;
    char clock_policy[4][64];
    enum deadline_state clock_state[4];
    bool confirmed;
};

static void see_referral(const struct referral *r, void *arg)
{
    struct seen *s = arg;
    s->state = r->state;
    snprintf(s->reference, sizeof(s->reference), "%s", r->reference);
    s->n_referrals++;
}

static void count_pending(const struct referral *r, void *arg)
{
    (void)r;
    ((struct seen *)arg)->n_pending++;
}

static void count_accepted(const struct referral *r, void *arg)
{
    (void)r;
    ((struct seen *)arg)->n_accepted++;
}

static void see_clock(const struct deadline_clock *c, const struct store_clock_left *left,
                      void *arg)
{
    (void)left;
    struct seen *s = arg;
    if (s->n_clocks < 4) {
        snprintf(s->clock_policy[s->n_clocks], sizeof(s->clock_policy[0]), "%s", c->policy_code);
        s->clock_state[s->n_clocks] = c->state;
    }
    s->n_clocks++;
}

static void see_confirmation(const struct referral_confirmation *c, void *arg)
{
    (void)c;
    ((struct seen *)arg)->confirmed = true;
}

static enum err see_apply(struct store_tx *tx, void *arg)
{
    struct seen *s = arg;
    struct fixture *f = s->f;
    s->n_pending = s->n_accepted = s->n_referrals = s->n_clocks = 0;
    s->confirmed = false;
    enum err rc = store_referral_for_team(tx, f->ra, STORE_REFERRAL_PENDING, 100, count_pending, s);
    if (!rc)
        rc = store_referral_for_team(tx, f->ra, STORE_REFERRAL_ACCEPTED, 100, count_accepted, s);
    if (!rc)
        rc = store_referral_for_contact(tx, f->contact_id, see_referral, s);
    struct store_clock_filter cf = {.now = store_tx_now(tx),
                                    .state = -1,
                                    .entity = "referral",
                                    .entity_id = f->referral_id,
                                    .limit = 10};
    if (!rc && f->referral_id)
        rc = store_clock_list(tx, &cf, see_clock, s);
    if (!rc && f->referral_id)
        rc = store_referral_confirmation(tx, f->referral_id, see_confirmation, s);
    return rc;
}

static enum deadline_state clock_of(const struct seen *s, const char *policy)
{
    for (int i = 0; i < s->n_clocks && i < 4; i++)
        if (strcmp(s->clock_policy[i], policy) == 0)
            return s->clock_state[i];
    fail_msg("no %s clock", policy);
    return DEADLINE_CANCELLED;
}

struct answer_job {
    struct fixture *f;
    enum referral_state to;
    const char *note;
};

static enum err answer_apply(struct store_tx *tx, void *arg)
{
    struct answer_job *a = arg;
    store_tx_set_actor(tx, a->f->agent, "req-test");
    return store_referral_answer(tx, a->f->referral_id, a->to, a->note);
}

struct confirm {
    struct fixture *f;
    struct err_info info;
};

static enum err confirm_apply(struct store_tx *tx, void *arg)
{
    struct confirm *c = arg;
    memset(&c->info, 0, sizeof(c->info));
    store_tx_set_actor(tx, c->f->agent, "req-test");
    return store_referral_confirm(tx, c->f->referral_id, "jo@school.example", "Your referral",
                                  "Dear Jo Bloggs, ...", &c->info);
}

static void test_referral_life(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(store_write(f->s, refer_apply, f), E_OK);
    struct seen s = {.f = f};
    assert_int_equal(store_write(f->s, see_apply, &s), E_OK);
    assert_int_equal(s.n_pending, 1);
    assert_int_equal(s.n_referrals, 1);
    assert_int_equal(s.state, REFERRAL_PENDING);
    assert_int_equal(strncmp(s.reference, "R-", 2), 0);
    assert_int_equal(s.n_clocks, 3);
    assert_int_equal(clock_of(&s, "safeguarding_workflow"), DEADLINE_RUNNING);
    assert_int_equal(clock_of(&s, "referral_decision"), DEADLINE_RUNNING);
    assert_int_equal(clock_of(&s, "written_confirmation"), DEADLINE_RUNNING);

    struct answer_job a = {.f = f, .to = REFERRAL_ACCEPTED, .note = "on the duty list"};
    assert_int_equal(store_write(f->s, answer_apply, &a), E_OK);
    assert_int_equal(store_write(f->s, see_apply, &s), E_OK);
    assert_int_equal(s.n_pending, 0);
    assert_int_equal(s.n_accepted, 1);
    assert_int_equal(s.state, REFERRAL_ACCEPTED);
    assert_int_equal(clock_of(&s, "safeguarding_workflow"), DEADLINE_MET);
    assert_int_equal(clock_of(&s, "referral_decision"), DEADLINE_MET);
    assert_int_equal(clock_of(&s, "written_confirmation"), DEADLINE_RUNNING);
    /* answered once: the database refuses a second answer */
    a.to = REFERRAL_RETURNED;
    a.note = "changed our mind";
    assert_int_not_equal(store_write(f->s, answer_apply, &a), E_OK);

    struct confirm c = {.f = f};
    assert_int_equal(store_write(f->s, confirm_apply, &c), E_OK);
    assert_int_equal(store_write(f->s, see_apply, &s), E_OK);
    assert_true(s.confirmed);
    assert_int_equal(clock_of(&s, "written_confirmation"), DEADLINE_MET);
    assert_int_equal(store_write(f->s, confirm_apply, &c), E_CONFLICT);
}

static void test_failed_referral_leaves_nothing(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(store_write(f->s, failing_refer_apply, f), E_DB);
    struct seen s = {.f = f};
    f->referral_id = 1; /* what the rolled-back insert would have been */
    assert_int_equal(store_write(f->s, see_apply, &s), E_OK);
    assert_int_equal(s.n_pending, 0);
    assert_int_equal(s.n_referrals, 0);
    assert_int_equal(s.n_clocks, 0);
}

struct tasks {
    struct fixture *f;
    int64_t task_id;
    int n_open;
    bool close;
};

static void count_task(const struct task *t, void *arg)
{
    struct tasks *j = arg;
    if (t->id == j->task_id && t->state == TASK_OPEN)
        j->n_open++;
}

static enum err tasks_apply(struct store_tx *tx, void *arg)
{
    struct tasks *j = arg;
    store_tx_set_actor(tx, j->f->agent, "req-test");
    struct err_info info;
    enum err rc = E_OK;
    if (!j->task_id) {
        struct task t = {.kind = TASK_CALL_BACK,
                         .owner_user_id = j->f->pa_user,
                         .contact_id = j->f->contact_id,
                         .due_at = store_tx_now(tx) + 3600000,
                         .note = "Call back"};
        rc = store_task_insert(tx, &t, &info);
        j->task_id = t.id;
    }
    if (!rc && j->close)
        rc = store_task_close(tx, j->task_id, TASK_DONE, "rang back");
    j->n_open = 0;
    if (!rc)
        rc = store_task_open_for_user(tx, j->f->pa_user, 50, count_task, j);
    return rc;
}

static void test_tasks_in_and_out_of_my_work(void **state)
{
    struct fixture *f = *state;
    struct tasks j = {.f = f};
    assert_int_equal(store_write(f->s, tasks_apply, &j), E_OK);
    assert_true(j.task_id > 0);
    assert_int_equal(j.n_open, 1);
    j.close = true;
    assert_int_equal(store_write(f->s, tasks_apply, &j), E_OK);
    assert_int_equal(j.n_open, 0);
}

struct message {
    struct fixture *f;
    struct worker_message m;
    struct err_info info;
    int64_t returned_clock_state;
};

static enum err message_apply(struct store_tx *tx, void *arg)
{
    struct message *x = arg;
    store_tx_set_actor(tx, x->f->agent, "req-test");
    x->m = (struct worker_message){.contact_id = x->f->contact_id,
                                   .worker_id = x->f->pa_worker,
                                   .what_happened = "Jo rang about the disclosure",
                                   .what_was_done = "Referred to R&A",
                                   .follow_up = "Call Jo back"};
    return store_worker_message_send(tx, &x->m, &x->info);
}

static enum err returned_apply(struct store_tx *tx, void *arg)
{
    struct message *x = arg;
    store_tx_set_actor(tx, x->f->pa_user, "req-test");
    return store_worker_message_returned(tx, x->m.id, "rang back", &x->info);
}

static void test_message_with_outbox_and_clock(void **state)
{
    struct fixture *f = *state;
    struct message x = {.f = f};
    assert_int_equal(store_write(f->s, message_apply, &x), E_OK);
    assert_true(x.m.in_app_outbox_id > 0);
    assert_true(x.m.email_outbox_id > 0);
    assert_true(x.m.clock_id > 0);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT channel, to_address, body FROM outbox"
                                        " WHERE id IN (?, ?) ORDER BY id",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, x.m.in_app_outbox_id);
    sqlite3_bind_int64(st, 2, x.m.email_outbox_id);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "in_app");
    assert_non_null(strstr((const char *)sqlite3_column_text(st, 2), "disclosure"));
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "email");
    assert_string_equal((const char *)sqlite3_column_text(st, 1), "priya@example.org");
    assert_null(strstr((const char *)sqlite3_column_text(st, 2), "disclosure"));
    sqlite3_finalize(st);
    sqlite3_close(db);

    assert_int_equal(store_write(f->s, returned_apply, &x), E_OK);
    assert_int_equal(store_write(f->s, returned_apply, &x), E_CONFLICT);
}

static void test_evidence_is_fixed(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(store_write(f->s, refer_apply, f), E_OK);
    struct answer_job a = {.f = f, .to = REFERRAL_RETURNED, .note = "not our area"};
    assert_int_equal(store_write(f->s, answer_apply, &a), E_OK);
    struct tasks j = {.f = f, .close = true};
    assert_int_equal(store_write(f->s, tasks_apply, &j), E_OK);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    const char *const refused[] = {
        "UPDATE referrals SET safeguarding = 0",
        "DELETE FROM referrals",
        "UPDATE referral_answers SET answer = 'accepted'",
        "DELETE FROM referral_answers",
        "UPDATE tasks SET note = 'changed'",
        "DELETE FROM tasks",
        "UPDATE task_closures SET state = 'cancelled'",
        "DELETE FROM task_closures",
    };
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        char *msg = NULL;
        int rc = sqlite3_exec(db, refused[i], NULL, NULL, &msg);
        if (rc == SQLITE_OK)
            fail_msg("'%s' was allowed", refused[i]);
        sqlite3_free(msg);
    }
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_referral_life, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_referral_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tasks_in_and_out_of_my_work, setup, teardown),
        cmocka_unit_test_setup_teardown(test_message_with_outbox_and_clock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_evidence_is_fixed, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
