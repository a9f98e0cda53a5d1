/* Persons in the store: search through the blocking-key index and scoring (typos, nicknames,
 * swapped names, day/month swaps, double-barrelled and changed family names, missing fields,
 * an NHS number that wins outright), corrections that keep history and re-index, merges that
 * leave the index and redirect, warning markers agreed by a manager, restricted-record facts
 * and break-glass grants, relationships stored once. Runs on a temporary file, as the store
 * needs separate writer and reader connections. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/person.h"
#include "domain/relationship.h"
#include "domain/user.h"
#include "domain/warning.h"
#include "store/store.h"
#include "store/store_person.h"
#include "store/store_person_search.h"
#include "store/store_relationship.h"
#include "store/store_user.h"
#include "store/store_warning.h"
#include "unit/support/testdb.h"

#define SET(dst, s) snprintf((dst), sizeof(dst), "%s", (s))

struct fixture {
    char path[64];
    struct store *s;
    int64_t rebecca, rebecca_smith, william, robert, jane, jane_other, mo;
};

struct spec {
    const char *given, *family;
    struct pdate dob;
    char sex;
    const char *postcode, *nhs, *previous_family, *line1;
};

static void build(const struct spec *sp, struct person *p)
{
    person_init(p);
    SET(p->given, sp->given);
    SET(p->family, sp->family);
    p->dob = sp->dob;
    p->sex = sp->sex;
    if (sp->postcode || sp->line1) {
        p->n_addresses = 1;
        SET(p->addresses[0].postcode, sp->postcode ? sp->postcode : "");
        SET(p->addresses[0].line1, sp->line1 ? sp->line1 : "");
        SET(p->addresses[0].country, "GB");
    }
    if (sp->nhs)
        SET(p->nhs, sp->nhs);
    if (sp->previous_family) {
        p->n_names = 1;
        p->names[0].kind = PERSON_NAME_PREVIOUS;
        SET(p->names[0].given, sp->given);
        SET(p->names[0].family, sp->previous_family);
    }
}

static const struct spec people[] = {
    {"Rebecca",
     "Smith-Jones",
     {2010, 5, 14},
     'F',
     "SW1A 1AA",
     "9434765919",
     NULL,
     "12 Acacia Avenue"},
    {"Rebecca", "Smith", {2010, 5, 14}, 'F', "LS1 4AB", NULL, NULL, "3 Park Lane"},
    {"William", "Forsyth", {1959, 7, 7}, 'M', "BA4 2DH", NULL, NULL, "14 Meadow View"},
    {"Robert", "Jones", {1959, 7, 7}, 'M', "BA4 2DH", NULL, NULL, "16 Meadow View"},
    {"Jane", "Nowak", {1985, 3, 2}, 'F', "M1 1AE", NULL, "Kowalski", "7 Mill Street"},
    {"Janet", "Nowak", {1987, 3, 2}, 'F', "M1 1AE", NULL, NULL, "7 Mill Street"},
    {"Mohammed", "Ali", {1990, 4, 11}, 'M', "B1 1BB", NULL, NULL, "1 High Street"},
};
#define N_PEOPLE (sizeof(people) / sizeof(people[0]))

struct load {
    int64_t ids[N_PEOPLE];
};

static enum err load_apply(struct store_tx *tx, void *arg)
{
    struct load *l = arg;
    struct person *p = malloc(sizeof(*p));
    enum err rc = E_OK;
    for (size_t i = 0; !rc && i < N_PEOPLE; i++) {
        build(&people[i], p);
        struct err_info info;
        struct pdate today = {2026, 11, 23};
        rc = person_validate(p, &today, &info);
        if (!rc)
            rc = store_person_insert(tx, p, "test");
        l->ids[i] = p->id;
    }
    free(p);
    return rc;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    if (testdb_open("persons", f->path, sizeof(f->path), &f->s))
        return -1;
    struct load l;
    if (store_write(f->s, load_apply, &l))
        return -1;
    f->rebecca = l.ids[0];
    f->rebecca_smith = l.ids[1];
    f->william = l.ids[2];
    f->robert = l.ids[3];
    f->jane = l.ids[4];
    f->jane_other = l.ids[5];
    f->mo = l.ids[6];
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

struct search {
    struct match_person q;
    struct person_search_hit hits[10];
    size_t n;
};

static enum err search_apply(struct store_tx *tx, void *arg)
{
    struct search *s = arg;
    return store_person_search(tx, &s->q, 0, 10, -1e9, s->hits, &s->n, NULL);
}

/* Searches with q; returns the hits. */
static struct search *run(struct fixture *f, const struct match_person *q)
{
    struct search *s = calloc(1, sizeof(*s));
    s->q = *q;
    assert_int_equal(store_read(f->s, search_apply, s), E_OK);
    return s;
}

static void expect_top(struct search *s, int64_t id, enum match_reason reason)
{
    assert_true(s->n >= 1);
    assert_int_equal(s->hits[0].person_id, id);
    assert_true(s->hits[0].result.reasons & MATCH_BIT(reason));
    if (s->n > 1) /* and clearly ahead of the next */
        assert_true(s->hits[0].result.weight > s->hits[1].result.weight ||
                    s->hits[0].result.outright);
    free(s);
}

static void test_typos(void **state)
{
    struct fixture *f = *state;
    struct match_person q = {.given = "Rebeca", .family = "Smtih-Jones", .dob = {2010, 5, 14}};
    expect_top(run(f, &q), f->rebecca, MATCH_R_GIVEN_SIMILAR);
    struct match_person fam = {.given = "Robert", .family = "Joens", .dob = {1959, 7, 7}};
    expect_top(run(f, &fam), f->robert, MATCH_R_FAMILY_SIMILAR);
}

static void test_nickname(void **state)
{
    struct fixture *f = *state;
    struct match_person q = {.given = "Bill", .family = "Forsyth", .dob = {1959, 7, 7}};
    expect_top(run(f, &q), f->william, MATCH_R_GIVEN_NICKNAME);
    struct match_person bex = {.given = "Bex", .family = "Smith-Jones", .postcode = "SW1A 1AA"};
    expect_top(run(f, &bex), f->rebecca, MATCH_R_GIVEN_NICKNAME);
}

static void test_swapped_names(void **state)
{
    struct fixture *f = *state;
    struct match_person q = {.given = "Forsyth", .family = "William", .dob = {1959, 7, 7}};
    expect_top(run(f, &q), f->william, MATCH_R_NAMES_SWAPPED);
}

static void test_day_month_swap(void **state)
{
    struct fixture *f = *state;
    struct match_person q = {.given = "Jane", .family = "Nowak", .dob = {1985, 2, 3}};
    expect_top(run(f, &q), f->jane, MATCH_R_DOB_DAY_MONTH_SWAPPED);
}

static void test_double_barrelled_and_changed(void **state)
{
    struct fixture *f = *state;
    struct match_person part = {.given = "Rebecca", .family = "Jones", .dob = {2010, 5, 14}};
    expect_top(run(f, &part), f->rebecca, MATCH_R_FAMILY_PART);
    /* a previous family name on record */
    struct match_person before = {.given = "Jane", .family = "Kowalski", .dob = {1985, 3, 2}};
    expect_top(run(f, &before), f->jane, MATCH_R_OTHER_NAME);
    /* a new family name nobody recorded: given name, date of birth and postcode carry it */
    struct match_person married = {
        .given = "Jane", .family = "Okafor", .dob = {1985, 3, 2}, .postcode = "M1 1AE"};
    expect_top(run(f, &married), f->jane, MATCH_R_DOB_EXACT);
}

static void test_missing_fields(void **state)
{
    struct fixture *f = *state;
    struct match_person family_only = {.family = "Forsyth"};
    struct search *s = run(f, &family_only);
    assert_int_equal(s->n, 1); /* through the broad family-name key */
    assert_int_equal(s->hits[0].person_id, f->william);
    free(s);
    struct match_person dob_postcode = {.dob = {1990, 4, 11}, .postcode = "B1 1BB"};
    expect_top(run(f, &dob_postcode), f->mo, MATCH_R_POSTCODE_EXACT);
    struct match_person nothing = {.given = "Zebedee"};
    s = run(f, &nothing);
    assert_int_equal(s->n, 0); /* no key: nobody, rather than everybody */
    free(s);
}

static void test_nhs_wins_outright(void **state)
{
    struct fixture *f = *state;
    /* wrong name, wrong date: the NHS number decides */
    struct match_person q = {
        .given = "Robert", .family = "Jones", .dob = {1959, 7, 7}, .nhs = "9434765919"};
    struct search *s = run(f, &q);
    assert_true(s->n >= 2);
    assert_int_equal(s->hits[0].person_id, f->rebecca);
    assert_true(s->hits[0].result.outright);
    assert_true(s->hits[0].result.reasons & MATCH_BIT(MATCH_R_NHS));
    assert_int_equal(s->hits[1].person_id, f->robert);
    free(s);
}

/* --- corrections and merges ---------------------------------------------------------------- */

struct correct_job {
    int64_t id;
    struct buf changed;
    int versions;
    char second_reason[64];
    enum err stale_rc, same_rc;
};

static void count_version(const struct person *p, const struct person_version_meta *m, void *arg)
{
    struct correct_job *j = arg;
    (void)p;
    j->versions++;
    if (m->version == 2)
        SET(j->second_reason, m->reason);
}

static enum err correct_apply(struct store_tx *tx, void *arg)
{
    struct correct_job *j = arg;
    struct person *p = malloc(sizeof(*p));
    struct err_info info;
    enum err rc = store_person_get(tx, j->id, p);
    if (!rc) {
        SET(p->family, "Forsythe");
        rc = store_person_correct(tx, p, 1, "spelling confirmed by his GP", &j->changed, &info);
    }
    if (!rc) { /* the same again: nothing changed */
        j->same_rc = store_person_correct(tx, p, 0, "again", NULL, &info);
        SET(p->given, "Will");
        j->stale_rc = store_person_correct(tx, p, 1, "stale", NULL, &info);
    }
    if (!rc)
        rc = store_person_history(tx, j->id, count_version, j);
    free(p);
    return rc;
}

static void test_correction_versions_and_reindex(void **state)
{
    struct fixture *f = *state;
    struct correct_job j = {.id = f->william};
    buf_init(&j.changed);
    assert_int_equal(store_write(f->s, correct_apply, &j), E_OK);
    assert_string_equal(j.changed.data, "family_name");
    assert_int_equal(j.same_rc, E_INVALID);
    assert_int_equal(j.stale_rc, E_CONFLICT);
    assert_int_equal(j.versions, 2);
    assert_string_equal(j.second_reason, "spelling confirmed by his GP");
    buf_release(&j.changed);
    /* the index follows the correction: found by the new name alone */
    struct match_person q = {.family = "Forsythe"};
    struct search *s = run(f, &q);
    assert_int_equal(s->n, 1);
    assert_int_equal(s->hits[0].person_id, f->william);
    assert_true(s->hits[0].result.reasons & MATCH_BIT(MATCH_R_FAMILY_EXACT));
    free(s);
}

struct merge_job {
    int64_t id, into;
    struct person_merge_result result;
    enum err again_rc, survivor_rc;
    int64_t survivor;
    struct person after;
};

static enum err merge_apply(struct store_tx *tx, void *arg)
{
    struct merge_job *j = arg;
    struct err_info info;
    enum err rc =
        store_person_merge(tx, j->id, j->into, "same person: GP confirmed", &j->result, &info);
    if (!rc) {
        j->again_rc = store_person_merge(tx, j->id, j->into, "again", &j->result, &info);
        rc = store_person_survivor(tx, j->id, &j->survivor);
    }
    if (!rc)
        rc = store_person_get(tx, j->into, &j->after);
    return rc;
}

static void test_merge_redirects_and_leaves_index(void **state)
{
    struct fixture *f = *state;
    struct merge_job *j = calloc(1, sizeof(*j));
    j->id = f->jane_other;
    j->into = f->jane;
    assert_int_equal(store_write(f->s, merge_apply, j), E_OK);
    assert_int_equal(j->again_rc, E_CONFLICT);
    assert_int_equal(j->survivor, f->jane);
    /* the merged record's name is now an alias of the survivor */
    bool alias = false;
    for (size_t i = 0; i < j->after.n_names; i++)
        alias = alias || (j->after.names[i].kind == PERSON_NAME_ALIAS &&
                          !strcmp(j->after.names[i].given, "Janet"));
    assert_true(alias);
    /* the merged-away record is never a candidate */
    struct match_person q = {.given = "Janet", .family = "Nowak", .dob = {1987, 3, 2}};
    struct search *s = run(f, &q);
    for (size_t i = 0; i < s->n; i++)
        assert_int_not_equal(s->hits[i].person_id, f->jane_other);
    assert_true(s->n >= 1);
    assert_int_equal(s->hits[0].person_id, f->jane); /* found through the alias */
    free(s);
    free(j);
}

/* --- warnings, access, relationships --------------------------------------------------------- */

struct misc_job {
    int64_t person, other;
    enum err warning_by_agent_rc, warning_ok_rc, dup_rel_rc;
    struct person_access_facts before, after;
    size_t n_warnings;
    size_t n_relationships_other;
    enum relationship_type seen_by_other;
};

static enum err misc_apply(struct store_tx *tx, void *arg)
{
    struct misc_job *j = arg;
    struct user agent, manager;
    memset(&agent, 0, sizeof(agent));
    memset(&manager, 0, sizeof(manager));
    SET(agent.username, "agent1");
    SET(agent.name, "Amira Khan");
    agent.role = ROLE_AGENT;
    SET(agent.password_hash, "x");
    agent.active = 1;
    manager = agent;
    SET(manager.username, "manager1");
    SET(manager.name, "Mark Evans");
    manager.role = ROLE_MANAGER;
    enum err rc = store_user_insert(tx, &agent);
    if (!rc)
        rc = store_user_insert(tx, &manager);
    if (rc)
        return rc;
    struct pdate today = {2026, 11, 23};
    struct warning *w = calloc(1, sizeof(*w));
    w->person_id = j->person;
    w->type = WARNING_VERBAL_ABUSE;
    w->starts_on = (struct pdate){2026, 11, 1};
    w->review_on = (struct pdate){2027, 5, 1};
    w->told = false;
    SET(w->not_told_reason, "would escalate the risk");
    w->agreed_by = agent.id;
    struct err_info info;
    j->warning_by_agent_rc = store_warning_insert(tx, w, &info);
    w->agreed_by = manager.id;
    j->warning_ok_rc = store_warning_insert(tx, w, &info);
    free(w);
    (void)today;
    struct warning *list = NULL;
    rc = store_warning_for_person(tx, j->person, &list, &j->n_warnings);
    free(list);
    /* restricted: nobody allocated; the agent gets facts saying so until a grant */
    struct person *p = malloc(sizeof(*p));
    if (!rc)
        rc = store_person_get(tx, j->person, p);
    if (!rc) {
        p->restricted = true;
        rc = store_person_correct(tx, p, 0, "witness protection", NULL, &info);
    }
    free(p);
    if (!rc)
        rc = store_person_access_facts(tx, j->person, &agent, "sess-1", store_tx_now(tx),
                                       &j->before);
    store_tx_set_actor(tx, agent.id, "");
    int64_t expires;
    if (!rc)
        rc = store_person_access_grant(tx, j->person, "sess-1", "caller reports a risk tonight",
                                       &expires);
    if (!rc)
        rc =
            store_person_access_facts(tx, j->person, &agent, "sess-1", store_tx_now(tx), &j->after);
    /* a relationship stored once, read from both sides */
    struct relationship r = {.person_id = j->person, .related_id = j->other, .type = REL_CHILD};
    if (!rc)
        rc = store_relationship_insert(tx, &r, &info);
    struct relationship again = {
        .person_id = j->other, .related_id = j->person, .type = REL_PARENT};
    if (!rc)
        j->dup_rel_rc = store_relationship_insert(tx, &again, &info);
    struct relationship *rels = NULL;
    if (!rc)
        rc = store_relationship_for_person(tx, j->other, &rels, &j->n_relationships_other);
    if (!rc && j->n_relationships_other) {
        int64_t who;
        j->seen_by_other = relationship_seen_from(&rels[0], j->other, &who);
    }
    free(rels);
    return rc;
}

static void test_warnings_access_relationships(void **state)
{
    struct fixture *f = *state;
    struct misc_job j = {.person = f->mo, .other = f->robert};
    assert_int_equal(store_write(f->s, misc_apply, &j), E_OK);
    assert_int_equal(j.warning_by_agent_rc, E_INVALID); /* a manager must agree */
    assert_int_equal(j.warning_ok_rc, E_OK);
    assert_int_equal(j.n_warnings, 1);
    assert_true(j.before.restricted);
    assert_false(j.before.granted);
    assert_false(j.before.allocated_worker);
    assert_true(j.after.granted);
    assert_int_equal(j.dup_rel_rc, E_CONFLICT); /* the same fact from the other side */
    assert_int_equal(j.n_relationships_other, 1);
    assert_int_equal(j.seen_by_other, REL_PARENT); /* "Mo is Robert's parent" */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_typos),
        cmocka_unit_test(test_nickname),
        cmocka_unit_test(test_swapped_names),
        cmocka_unit_test(test_day_month_swap),
        cmocka_unit_test(test_double_barrelled_and_changed),
        cmocka_unit_test(test_missing_fields),
        cmocka_unit_test(test_nhs_wins_outright),
        cmocka_unit_test(test_correction_versions_and_reindex),
        cmocka_unit_test(test_merge_redirects_and_leaves_index),
        cmocka_unit_test(test_warnings_access_relationships),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
