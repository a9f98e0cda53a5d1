/* The directory in the store: teams and their calendars, workers with teams and line managers,
 * calendar entries replaced on re-import, allocations that are never changed (ends kept beside
 * them, triggers refuse UPDATE and DELETE), and the CSV import's all-or-nothing rule. Runs on a
 * temporary file, as the store needs separate writer and reader connections. */
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

#include "cli/cli.h"
#include "store/store.h"
#include "store/store_allocation.h"
#include "store/store_team.h"
#include "store/store_worker.h"
#include "unit/support/testdb.h"

struct fixture {
    char path[64];
    struct store *s;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    if (testdb_open("directory", f->path, sizeof(f->path), &f->s))
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

/* --- teams and calendars ------------------------------------------------------------------- */

struct teams_job {
    int64_t edt_id, cla_id;
    enum err dup_rc;
    enum err closed_again_rc;
};

static void set_team(struct team *t, const char *name, enum team_type type)
{
    team_init(t);
    snprintf(t->name, sizeof(t->name), "%s", name);
    t->type = type;
}

static enum err add_teams(struct store_tx *tx, void *arg)
{
    struct teams_job *j = arg;
    struct team t;
    set_team(&t, "Emergency Duty Team", TEAM_EMERGENCY_DUTY);
    for (int d = 0; d < 5; d++)
        snprintf(t.hours.day[d], sizeof(t.hours.day[d]), "00:00-09:00,17:00-24:00");
    snprintf(t.hours.day[5], sizeof(t.hours.day[5]), "00:00-24:00");
    snprintf(t.hours.day[6], sizeof(t.hours.day[6]), "00:00-24:00");
    t.closed_bank_holidays = false;
    snprintf(t.duty_line, sizeof(t.duty_line), "0306 999 0666");
    enum err rc = store_team_insert(tx, &t);
    if (rc)
        return rc;
    j->edt_id = t.id;
    set_team(&t, "CLA Team North", TEAM_CLA);
    snprintf(t.locality, sizeof(t.locality), "North");
    rc = store_team_insert(tx, &t);
    if (rc)
        return rc;
    j->cla_id = t.id;
    struct team dup;
    set_team(&dup, "CLA Team North", TEAM_CLA);
    j->dup_rc = store_team_insert(tx, &dup);
    struct team_closed_day c = {.team_id = j->cla_id, .day = {2026, 12, 2}};
    snprintf(c.reason, sizeof(c.reason), "Team training day");
    rc = store_team_closed_add(tx, &c);
    if (rc)
        return rc;
    j->closed_again_rc = store_team_closed_add(tx, &c);
    return E_OK;
}

struct calendar_job {
    int64_t team_id;
    struct team_calendar tc;
    struct team team;
};

static enum err read_calendar(struct store_tx *tx, void *arg)
{
    struct calendar_job *j = arg;
    enum err rc = store_team_get(tx, j->team_id, &j->team);
    if (!rc)
        rc = store_team_calendar(tx, j->team_id, &j->tc);
    return rc;
}

static int64_t local(int y, int mo, int d, int h, int mi)
{
    struct ukclock_local l = {y, mo, d, h, mi, 0, 0};
    int64_t t;
    assert_int_equal(ukclock_from_local(&l, &t), E_OK);
    return t;
}

static void test_teams_and_calendars(void **state)
{
    struct fixture *f = *state;
    struct teams_job j = {0};
    assert_int_equal(store_write(f->s, add_teams, &j), E_OK);
    assert_int_equal(j.dup_rc, E_CONFLICT);
    assert_int_equal(j.closed_again_rc, E_CONFLICT);

    /* the CLA team is closed on its training day: one working hour from the day before at
     * 16:30 lands on the morning after */
    struct calendar_job c = {.team_id = j.cla_id};
    assert_int_equal(store_read(f->s, read_calendar, &c), E_OK);
    assert_string_equal(c.team.locality, "North");
    assert_int_equal(c.tc.n_closed, 1);
    int64_t out;
    assert_int_equal(calendar_add_working_minutes(&c.tc.cal, local(2026, 12, 1, 16, 30), 60, &out),
                     E_OK);
    assert_int_equal(out, local(2026, 12, 3, 9, 30));
    team_calendar_release(&c.tc);

    /* the EDT works Christmas Day evening */
    c.team_id = j.edt_id;
    assert_int_equal(store_read(f->s, read_calendar, &c), E_OK);
    assert_true(calendar_is_working_instant(&c.tc.cal, local(2026, 12, 25, 20, 0)));
    assert_false(calendar_is_working_instant(&c.tc.cal, local(2026, 12, 24, 12, 0)));
    assert_string_equal(c.team.hours.day[UKCLOCK_SATURDAY], "00:00-24:00");
    team_calendar_release(&c.tc);

    c.team_id = 999;
    assert_int_equal(store_read(f->s, read_calendar, &c), E_NOTFOUND);
}

/* --- workers --------------------------------------------------------------------------------- */

struct workers_job {
    int64_t team_id, manager_id, pa_id;
    enum err self_manager_rc, circle_rc, missing_team_rc, dup_staff_rc;
    struct err_info info;
    struct worker read;
    int n_listed;
};

static void set_worker(struct worker *w, const char *staff, const char *name, enum worker_role role)
{
    worker_init(w);
    snprintf(w->staff_number, sizeof(w->staff_number), "%s", staff);
    snprintf(w->name, sizeof(w->name), "%s", name);
    w->role = role;
}

static void count_worker(const struct worker *w, void *arg)
{
    (void)w;
    ((struct workers_job *)arg)->n_listed++;
}

static enum err add_workers(struct store_tx *tx, void *arg)
{
    struct workers_job *j = arg;
    struct team t;
    set_team(&t, "Leaving Care Service", TEAM_LEAVING_CARE);
    enum err rc = store_team_insert(tx, &t);
    if (rc)
        return rc;
    j->team_id = t.id;
    struct worker m;
    set_worker(&m, "W1", "Graham Osei", WORKER_TEAM_MANAGER);
    rc = worker_add_team(&m, t.id, true, &j->info);
    if (!rc)
        rc = store_worker_insert(tx, &m, &j->info);
    if (rc)
        return rc;
    j->manager_id = m.id;
    struct worker pa;
    set_worker(&pa, "W2", "Priya Shah", WORKER_PERSONAL_ADVISER);
    pa.line_manager_id = m.id;
    pa.safeguarding_qualified = true;
    rc = worker_add_team(&pa, t.id, false, &j->info);
    if (!rc)
        rc = store_worker_insert(tx, &pa, &j->info);
    if (rc)
        return rc;
    j->pa_id = pa.id;
    /* the manager managed by the PA they manage: a circle */
    m.line_manager_id = pa.id;
    j->circle_rc = store_worker_update(tx, &m, NULL, &j->info);
    struct worker bad;
    set_worker(&bad, "W3", "Nobody", WORKER_OTHER);
    rc = worker_add_team(&bad, 999, false, &j->info);
    if (rc)
        return rc;
    j->missing_team_rc = store_worker_insert(tx, &bad, &j->info);
    set_worker(&bad, "W2", "Same Number", WORKER_OTHER);
    j->dup_staff_rc = store_worker_insert(tx, &bad, &j->info);
    return E_OK;
}

static enum err read_worker(struct store_tx *tx, void *arg)
{
    struct workers_job *j = arg;
    struct store_worker_filter filter = {.team_id = j->team_id, .safeguarding_only = true};
    j->n_listed = 0;
    enum err rc = store_worker_list(tx, &filter, count_worker, j);
    if (!rc)
        rc = store_worker_get(tx, j->pa_id, &j->read);
    return rc;
}

static void test_workers(void **state)
{
    struct fixture *f = *state;
    struct workers_job j;
    memset(&j, 0, sizeof(j));
    assert_int_equal(store_write(f->s, add_workers, &j), E_OK);
    assert_int_equal(j.circle_rc, E_INVALID);
    assert_int_equal(j.missing_team_rc, E_INVALID);
    assert_int_equal(j.dup_staff_rc, E_CONFLICT);
    assert_int_equal(store_read(f->s, read_worker, &j), E_OK);
    assert_int_equal(j.n_listed, 1); /* only the PA is safeguarding-qualified */
    assert_string_equal(j.read.name, "Priya Shah");
    assert_string_equal(j.read.line_manager_name, "Graham Osei");
    assert_int_equal(j.read.n_teams, 1);
    assert_string_equal(j.read.teams[0].team_name, "Leaving Care Service");
    assert_false(j.read.teams[0].is_manager);
}

/* --- calendar entries -------------------------------------------------------------------- */

struct entries_job {
    int64_t worker_id;
    struct availability_entry e[3];
    int n_read;
};

static void count_entry(const struct availability_entry *e, void *arg)
{
    (void)e;
    ((struct entries_job *)arg)->n_read++;
}

static enum err import_entries(struct store_tx *tx, void *arg)
{
    struct entries_job *j = arg;
    return store_worker_entries_import(tx, j->worker_id, j->e, 3, "test");
}

static enum err read_entries(struct store_tx *tx, void *arg)
{
    struct entries_job *j = arg;
    j->n_read = 0;
    return store_worker_entries(tx, j->worker_id, 0, INT64_MAX, count_entry, j);
}

static void test_entries_reimport(void **state)
{
    struct fixture *f = *state;
    struct workers_job w;
    memset(&w, 0, sizeof(w));
    assert_int_equal(store_write(f->s, add_workers, &w), E_OK);
    struct entries_job j;
    memset(&j, 0, sizeof(j));
    j.worker_id = w.pa_id;
    for (int i = 0; i < 3; i++) {
        j.e[i].kind = AVAILABILITY_APPOINTMENT;
        j.e[i].starts_at = 1795392000000LL + i * 86400000LL;
        j.e[i].ends_at = j.e[i].starts_at + 3600000;
        snprintf(j.e[i].uid, sizeof(j.e[i].uid), "%s", i < 2 ? "weekly@x" : "single@x");
    }
    assert_int_equal(store_write(f->s, import_entries, &j), E_OK);
    assert_int_equal(store_write(f->s, import_entries, &j), E_OK); /* again: no duplicates */
    assert_int_equal(store_read(f->s, read_entries, &j), E_OK);
    assert_int_equal(j.n_read, 3);
    /* the repeating event is now one occurrence only: its old occurrences go */
    j.e[1] = j.e[2];
    snprintf(j.e[0].uid, sizeof(j.e[0].uid), "weekly@x");
    j.e[1].kind = AVAILABILITY_LEAVE;
    assert_int_equal(store_write(f->s, import_entries, &j), E_OK);
    assert_int_equal(store_read(f->s, read_entries, &j), E_OK);
    assert_int_equal(j.n_read, 2);
    j.worker_id = 999;
    assert_int_equal(store_write(f->s, import_entries, &j), E_NOTFOUND);
}

/* --- allocations --------------------------------------------------------------------------- */

struct alloc_job {
    struct workers_job w;
    struct allocation a;
    enum err overlap_rc, wrong_team_rc, end_rc, end_again_rc;
    struct err_info info;
    struct allocation *all;
    size_t n;
};

/* A bare person row: allocations must name a person that exists (0008). */
static void add_person_row(const char *path, int64_t id)
{
    sqlite3 *db;
    char sql[128];
    snprintf(sql, sizeof(sql), "INSERT INTO persons (id, created_at, created_by) VALUES (%lld, 0, 0)",
             (long long)id);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static enum err allocate(struct store_tx *tx, void *arg)
{
    struct alloc_job *j = arg;
    enum err rc = add_workers(tx, &j->w);
    if (rc)
        return rc;
    memset(&j->a, 0, sizeof(j->a));
    j->a.person_id = 42;
    j->a.worker_id = j->w.pa_id;
    j->a.team_id = j->w.team_id;
    j->a.kind = ALLOCATION_PERSONAL_ADVISER;
    j->a.starts_at = store_tx_now(tx) - 86400000;
    rc = store_allocation_insert(tx, &j->a, &j->info);
    if (rc)
        return rc;
    struct allocation again = j->a;
    again.id = 0;
    again.starts_at = store_tx_now(tx);
    j->overlap_rc = store_allocation_insert(tx, &again, &j->info);
    struct team other;
    set_team(&other, "Elsewhere", TEAM_CLA);
    rc = store_team_insert(tx, &other);
    if (rc)
        return rc;
    again.team_id = other.id;
    again.kind = ALLOCATION_KEY_WORKER;
    j->wrong_team_rc = store_allocation_insert(tx, &again, &j->info);
    j->end_rc =
        store_allocation_end(tx, j->a.id, store_tx_now(tx), "moved to another PA", &j->a, &j->info);
    j->end_again_rc = store_allocation_end(tx, j->a.id, store_tx_now(tx), "again", NULL, &j->info);
    return E_OK;
}

static enum err list_person(struct store_tx *tx, void *arg)
{
    struct alloc_job *j = arg;
    return store_allocation_for_person(tx, 42, "allocation.list", NULL, &j->all, &j->n);
}

static void test_allocations_are_records(void **state)
{
    struct fixture *f = *state;
    struct alloc_job j;
    memset(&j, 0, sizeof(j));
    add_person_row(f->path, 42);
    assert_int_equal(store_write(f->s, allocate, &j), E_OK);
    assert_int_equal(j.overlap_rc, E_CONFLICT);
    assert_int_equal(j.wrong_team_rc, E_INVALID);
    assert_int_equal(j.end_rc, E_OK);
    assert_int_equal(j.end_again_rc, E_CONFLICT);
    assert_string_equal(j.a.end_reason, "moved to another PA");
    assert_string_equal(j.a.worker_name, "Priya Shah");
    assert_int_equal(store_write(f->s, list_person, &j), E_OK);
    assert_int_equal(j.n, 1);
    assert_true(j.all[0].ended_at > 0);
    free(j.all);

    /* the database itself refuses to change or delete the record or its end */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_not_equal(
        sqlite3_exec(db, "UPDATE allocations SET person_id = 43", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM allocations", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(
        sqlite3_exec(db, "UPDATE allocation_ends SET reason = 'x'", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM allocation_ends", NULL, NULL, NULL),
                         SQLITE_OK);
    sqlite3_close(db);
}

/* --- CSV import through the command ------------------------------------------------------- */

static int count_rows(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    int n = -1;
    if (sqlite3_open(path, &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return n;
}

static int run_import(const char *kind, const char *db, const char *csv_path, const char *csv)
{
    FILE *out = fopen(csv_path, "w");
    assert_non_null(out);
    fputs(csv, out);
    fclose(out);
    char *argv[] = {(char *)"import", (char *)kind,     (char *)"--db",
                    (char *)db,       (char *)csv_path, NULL};
    return cmd_import(5, argv);
}

static void test_csv_import_all_or_nothing(void **state)
{
    struct fixture *f = *state;
    store_close(f->s); /* the command opens the database itself */
    f->s = NULL;
    char csv[80];
    snprintf(csv, sizeof(csv), "/tmp/fd-test-directory-%d.csv", (int)getpid());
    /* one bad row (an unknown type) stops the whole file */
    int rc = run_import("teams", f->path, csv,
                        "name,type,locality\nTeam A,early_help,East\nTeam B,nonsense,East\n");
    assert_int_equal(rc, EXIT_FAIL);
    assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM teams"), 0);
    rc = run_import("teams", f->path, csv,
                    "name,type,locality\nTeam A,early_help,East\nTeam B,cla_team,West\n");
    assert_int_equal(rc, EXIT_OK);
    assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM teams"), 2);
    /* workers: the line manager later in the file is fine; a missing team is not */
    rc = run_import("workers", f->path, csv,
                    "staff_number,name,role,teams,line_manager\n"
                    "P1,Pat One,social_worker,Team A,M1\n"
                    "M1,Manny Ger,team_manager,Team A;Team B,\n"
                    "P2,Pat Two,social_worker,Team C,M1\n");
    assert_int_equal(rc, EXIT_FAIL);
    assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM workers"), 0);
    rc = run_import("workers", f->path, csv,
                    "staff_number,name,role,teams,line_manager\n"
                    "P1,Pat One,social_worker,Team A,M1\n"
                    "M1,Manny Ger,team_manager,Team A;Team B,\n");
    assert_int_equal(rc, EXIT_OK);
    assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM workers w JOIN workers m ON"
                                         " m.id = w.line_manager_id WHERE w.staff_number = 'P1'"
                                         " AND m.staff_number = 'M1'"),
                     1);
    /* allocations: every row checked, then all or nothing */
    rc = run_import("allocations", f->path, csv,
                    "person_id,kind,worker,team,starts_at\n"
                    "7,social_worker,P1,Team A,2026-01-05\n"
                    "8,reviewing_team,,Team B,2026-02-01\n"
                    "x,key_worker,P1,,2026-01-05\n");
    assert_int_equal(rc, EXIT_FAIL);
    assert_int_equal(count_rows(f->path, "SELECT COUNT(*) FROM allocations"), 0);
    unlink(csv);
    struct err_info info;
    assert_int_equal(store_open(f->path, NULL, &f->s, &info), E_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_teams_and_calendars, setup, teardown),
        cmocka_unit_test_setup_teardown(test_workers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_entries_reimport, setup, teardown),
        cmocka_unit_test_setup_teardown(test_allocations_are_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_import_all_or_nothing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
