/* The contact workflow's rows: a contact written with version 1, its queue and its concern;
 * amendments as new versions with a stale version refused; decisions moving the queue; the
 * outcome closing it; evidence refusing UPDATE and DELETE even from raw SQL; and a failing
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
#include "store/store_contact.h"
#include "store/store_decision.h"
#include "store/store_outcome.h"
#include "store/store_user.h"
#include "unit/support/testdb.h"

struct fixture {
    char path[64];
    struct store *s;
    int64_t agent, duty;
    int64_t contact_id;
    int version;
};

static enum err add_users(struct store_tx *tx, void *arg)
{
    struct fixture *f = arg;
    enum err rc = testdb_add_user(tx, "agent", "Test agent", ROLE_AGENT, &f->agent);
    return rc ? rc : testdb_add_user(tx, "duty", "Test duty", ROLE_DUTY_MANAGER, &f->duty);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    if (testdb_open("contact", f->path, sizeof(f->path), &f->s))
        return -1;
    if (store_write(f->s, add_users, f))
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

static enum err insert_apply(struct store_tx *tx, void *arg)
{
    struct fixture *f = arg;
    store_tx_set_actor(tx, f->agent, "req-test");
    struct contact c = {.channel = CHANNEL_PHONE,
                        .received_at = store_tx_now(tx) - 60000,
                        .caller_name = "Jo Bloggs",
                        .summary = "Worried about a neighbour",
                        .source = SOURCE_FRIEND_NEIGHBOUR,
                        .service = SERVICE_ADULTS,
                        .danger_now = true};
    struct err_info info;
    enum err rc = contact_validate(&c, store_tx_now(tx), &info);
    if (!rc)
        rc = store_contact_insert(tx, &c);
    f->contact_id = c.id;
    f->version = c.version;
    return rc;
}

static enum err failing_insert_apply(struct store_tx *tx, void *arg)
{
    enum err rc = insert_apply(tx, arg);
    return rc ? rc : E_DB; /* fault injection: fail once every row is written */
}

struct counts {
    int64_t id;
    int versions, concerns, work;
    struct contact_queue q;
    int64_t owner;
};

static void count_concern(const struct safeguarding_concern *s, void *arg)
{
    (void)s;
    ((struct counts *)arg)->concerns++;
}

static void count_version(const struct contact *c, const char *changed, const char *reason,
                          void *arg)
{
    struct counts *n = arg;
    n->versions++;
    if (c->version == 2) {
        assert_string_equal(changed, "caller_phone");
        assert_string_equal(reason, "number corrected");
        assert_string_equal(c->caller_phone, "01632 960 002");
    } else {
        assert_string_equal(reason, "recorded");
        assert_string_equal(c->caller_phone, "");
    }
}

static enum err count_apply(struct store_tx *tx, void *arg)
{
    struct counts *n = arg;
    n->versions = n->concerns = n->work = 0;
    enum err rc = store_contact_versions(tx, n->id, count_version, n);
    if (rc == E_NOTFOUND)
        return E_OK;
    if (!rc)
        rc = store_contact_concerns(tx, n->id, count_concern, n);
    if (!rc) {
        rc = store_contact_queue_of(tx, n->id, &n->q);
        n->work = rc == E_OK;
        if (rc == E_NOTFOUND)
            rc = E_OK;
    }
    if (!rc)
        rc = store_contact_owner(tx, n->id, &n->owner);
    return rc;
}

static void test_insert_writes_version_queue_concern(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(store_write(f->s, insert_apply, f), E_OK);
    assert_int_equal(f->version, 1);
    struct counts n = {.id = f->contact_id};
    assert_int_equal(store_write(f->s, count_apply, &n), E_OK);
    assert_int_equal(n.versions, 1);
    assert_int_equal(n.concerns, 1); /* danger now: raised at once */
    assert_int_equal(n.work, 1);
    assert_int_equal(n.q.kind, QUEUE_DUTY);
    assert_int_equal(n.owner, f->agent);
}

/* A contact's fields with its strings copied, to compare two callbacks' views. */
struct seen {
    struct contact c;
    char text[13][512];
};

static void keep_seen(const struct contact *c, void *arg)
{
    struct seen *s = arg;
    s->c = *c;
    const char *from[13] = {c->caller_name,          c->summary,         c->caller_organisation,
                            c->caller_role,          c->caller_phone,    c->caller_email,
                            c->caller_address,       c->reason_code,     c->interpreter_language,
                            c->communication_other,  c->created_by_name, c->owner_name,
                            c->consent_justification};
    for (int i = 0; i < 13; i++)
        snprintf(s->text[i], sizeof(s->text[i]), "%s", from[i] ? from[i] : "");
    s->c.caller_name = s->c.summary = s->c.caller_organisation = s->c.caller_role = NULL;
    s->c.caller_phone = s->c.caller_email = s->c.caller_address = s->c.reason_code = NULL;
    s->c.interpreter_language = s->c.communication_other = s->c.consent_justification = NULL;
    s->c.created_by_name = s->c.updated_by_name = s->c.owner_name = NULL;
    assert_string_equal(c->updated_by_name ? c->updated_by_name : "", s->text[10]);
}

struct inserted_vs_read {
    int64_t actor;
    struct seen inserted, read;
};

/* Inserts a letter with a preset census code left empty and a token or user as actor, then
 * compares what store_contact_inserted passes with a fresh store_contact_get. */
static enum err inserted_apply(struct store_tx *tx, void *arg)
{
    struct inserted_vs_read *x = arg;
    store_tx_set_actor(tx, x->actor, "req-test");
    struct contact c = {.channel = CHANNEL_LETTER,
                        .received_at = store_tx_now(tx) - 3600000,
                        .caller_name = "Dr Anwen Hughes",
                        .summary = "Letter from a GP about a patient's care at home",
                        .source = SOURCE_HEALTH,
                        .caller_organisation = "Riverside Surgery",
                        .reason_code = "request_assessment",
                        .interpreter_language = "Welsh",
                        .consent = SHARE_CONSENT_NO,
                        .consent_justification = "The GP asked us not to tell the family yet",
                        .service = SERVICE_ADULTS};
    enum err rc = store_contact_insert(tx, &c);
    if (!rc)
        rc = store_contact_inserted(tx, &c, keep_seen, &x->inserted);
    if (!rc)
        rc = store_contact_get(tx, c.id, keep_seen, &x->read);
    return rc;
}

static void assert_same_view(const struct inserted_vs_read *x)
{
    const struct contact *a = &x->inserted.c, *b = &x->read.c;
    assert_int_equal(a->id, b->id);
    assert_string_equal(a->reference, b->reference);
    assert_int_equal(a->channel, b->channel);
    assert_int_equal(a->received_at, b->received_at);
    assert_int_equal(a->answered_at, b->answered_at);
    assert_int_equal(a->source, b->source);
    assert_string_equal(a->source_code, b->source_code);
    assert_int_equal(a->n_subjects, b->n_subjects);
    assert_int_equal(a->requested_worker_id, b->requested_worker_id);
    assert_int_equal(a->requested_team_id, b->requested_team_id);
    assert_int_equal(a->bsl, b->bsl);
    assert_int_equal(a->private_room, b->private_room);
    assert_int_equal(a->consent, b->consent);
    assert_int_equal(a->danger_now, b->danger_now);
    assert_int_equal(a->line_team_id, b->line_team_id);
    assert_int_equal(a->service, b->service);
    assert_int_equal(a->created_at, b->created_at);
    assert_int_equal(a->created_by, b->created_by);
    assert_int_equal(a->version, b->version);
    assert_int_equal(a->updated_at, b->updated_at);
    assert_int_equal(a->updated_by, b->updated_by);
    assert_int_equal(a->owner_user_id, b->owner_user_id);
    for (int i = 0; i < 13; i++)
        assert_string_equal(x->inserted.text[i], x->read.text[i]);
}

static enum err add_token(struct store_tx *tx, void *arg)
{
    return store_token_insert(tx, "Out-of-hours line", "contacts:write", "hash-of-test-token", arg);
}

static void test_inserted_view_is_what_a_read_returns(void **state)
{
    struct fixture *f = *state;
    struct inserted_vs_read *x = calloc(1, sizeof(*x));
    x->actor = f->agent;
    assert_int_equal(store_write(f->s, inserted_apply, x), E_OK);
    assert_same_view(x);
    assert_string_equal(x->read.text[10], "Test agent");
    assert_string_equal(x->read.text[11], "Test agent");

    int64_t token = 0;
    assert_int_equal(store_write(f->s, add_token, &token), E_OK);
    memset(x, 0, sizeof(*x));
    x->actor = -token;
    assert_int_equal(store_write(f->s, inserted_apply, x), E_OK);
    assert_same_view(x);
    assert_string_equal(x->read.text[10], "Out-of-hours line");
    assert_string_equal(x->read.text[11], "");
    assert_int_equal(x->read.c.owner_user_id, 0);
    free(x);
}

static void test_failed_work_leaves_nothing(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(store_write(f->s, failing_insert_apply, f), E_DB);
    struct counts n = {.id = f->contact_id};
    assert_int_equal(store_write(f->s, count_apply, &n), E_OK);
    assert_int_equal(n.versions, 0);
    assert_int_equal(n.concerns, 0);
    assert_int_equal(n.work, 0);
}

struct amend {
    struct fixture *f;
    int as_version;
    struct arena a;
};

static enum err amend_apply(struct store_tx *tx, void *arg)
{
    struct amend *m = arg;
    store_tx_set_actor(tx, m->f->agent, "req-test");
    struct contact cur, next;
    enum err rc = store_contact_fetch(tx, m->f->contact_id, &cur, &m->a);
    if (rc)
        return rc;
    next = cur;
    next.caller_phone = "01632 960 002";
    next.version = m->as_version;
    return store_contact_amend(tx, &next, contact_diff(&cur, &next), "number corrected");
}

static void test_amend_adds_a_version(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(store_write(f->s, insert_apply, f), E_OK);
    struct amend m = {.f = f, .as_version = 1};
    arena_init(&m.a);
    assert_int_equal(store_write(f->s, amend_apply, &m), E_OK);
    /* amending version 1 again: it is no longer the latest */
    assert_int_equal(store_write(f->s, amend_apply, &m), E_CONFLICT);
    arena_release(&m.a);
    struct counts n = {.id = f->contact_id};
    assert_int_equal(store_write(f->s, count_apply, &n), E_OK);
    assert_int_equal(n.versions, 2);
}

struct decide {
    struct fixture *f;
    enum decision_kind kind;
    const char *value;
    const char *code; /* an outcome instead, when set */
    struct err_info info;
};

static enum err decide_apply(struct store_tx *tx, void *arg)
{
    struct decide *d = arg;
    memset(&d->info, 0, sizeof(d->info));
    store_tx_set_actor(tx, d->f->duty, "req-test");
    if (d->code) {
        struct outcome o = {.contact_id = d->f->contact_id, .code = d->code, .rationale = "r"};
        return store_outcome_record(tx, &o, &d->info);
    }
    struct decider who;
    enum err rc = store_decision_decider(tx, d->f->duty, ROLE_DUTY_MANAGER, &who);
    struct decision dec = {
        .contact_id = d->f->contact_id, .kind = d->kind, .value = d->value, .rationale = "r"};
    if (!rc)
        rc = store_decision_make(tx, &dec, &who, &d->info, NULL);
    return rc;
}

static void test_decisions_and_outcome(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(store_write(f->s, insert_apply, f), E_OK);
    struct decide d = {.f = f, .code = "cld_assessment"};
    assert_int_equal(store_write(f->s, decide_apply, &d), E_CONFLICT);
    assert_string_equal(d.info.field, "care_act_prevention");
    d = (struct decide){.f = f, .kind = DECISION_ROUTE, .value = "contact_centre"};
    assert_int_equal(store_write(f->s, decide_apply, &d), E_OK);
    struct counts n = {.id = f->contact_id};
    assert_int_equal(store_write(f->s, count_apply, &n), E_OK);
    assert_int_equal(n.q.kind, QUEUE_CONTACT_CENTRE);
    /* the duty manager (no worker in this store) is not qualified to decide on safeguarding */
    d = (struct decide){.f = f, .kind = DECISION_SAFEGUARDING, .value = "concern"};
    assert_int_equal(store_write(f->s, decide_apply, &d), E_DENIED);
    d = (struct decide){.f = f, .code = "cld_nfa_other"};
    assert_int_equal(store_write(f->s, decide_apply, &d), E_OK);
    assert_int_equal(store_write(f->s, count_apply, &n), E_OK);
    assert_int_equal(n.work, 0);                                       /* closed: off the queues */
    assert_int_equal(store_write(f->s, decide_apply, &d), E_CONFLICT); /* one outcome */
    d = (struct decide){.f = f, .kind = DECISION_ROUTE, .value = "duty"};
    assert_int_equal(store_write(f->s, decide_apply, &d), E_CONFLICT); /* closed */
}

/* Even a raw connection cannot change or remove the evidence. */
static void test_evidence_is_fixed(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(store_write(f->s, insert_apply, f), E_OK);
    struct decide d = {.f = f, .kind = DECISION_ROUTE, .value = "duty"};
    assert_int_equal(store_write(f->s, decide_apply, &d), E_OK);
    d = (struct decide){.f = f, .code = "cld_nfa_other"};
    assert_int_equal(store_write(f->s, decide_apply, &d), E_OK);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    const char *const refused[] = {
        "UPDATE contact_versions SET summary = 'changed'",
        "DELETE FROM contact_versions",
        "UPDATE contact_decisions SET value = 'team'",
        "DELETE FROM contact_decisions",
        "UPDATE contact_outcomes SET code = 'cld_nfa_deceased'",
        "DELETE FROM contact_outcomes",
        "UPDATE safeguarding_concerns SET note = ''",
        "DELETE FROM safeguarding_concerns",
        "DELETE FROM outcome_codes WHERE code = 'cld_nfa_other'",
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
        cmocka_unit_test_setup_teardown(test_insert_writes_version_queue_concern, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inserted_view_is_what_a_read_returns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_work_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_amend_adds_a_version, setup, teardown),
        cmocka_unit_test_setup_teardown(test_decisions_and_outcome, setup, teardown),
        cmocka_unit_test_setup_teardown(test_evidence_is_fixed, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
