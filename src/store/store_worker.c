/*
 * store_worker: worker queries. Memberships are rewritten whole when a worker changes (they are
 * directory data, not case records: the audit event records who changed them and when).
 */
#include "store/store_worker.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/xalloc.h"
#include "store/db.h"
#include "store/store_audit.h"

#define MAX_MANAGER_CHAIN 100 /* line managers followed when looking for a circle */

#define WORKER_COLS                                                                                \
    "SELECT w.id, COALESCE(w.staff_number, ''), w.name, w.job_title, w.role,"                      \
    " COALESCE(w.line_manager_id, 0), COALESCE(m.name, ''), w.phone, w.email,"                     \
    " w.safeguarding_qualified, w.active_from, w.active_to, COALESCE(w.user_id, 0),"               \
    " COALESCE(u.username, ''), w.hours_mon, w.hours_tue, w.hours_wed, w.hours_thu,"               \
    " w.hours_fri, w.hours_sat, w.hours_sun, w.created_at, w.updated_at, w.works_bank_holidays"    \
    " FROM workers w LEFT JOIN workers m ON m.id = w.line_manager_id"                              \
    " LEFT JOIN users u ON u.id = w.user_id "

static void row_to_worker(sqlite3_stmt *st, struct worker *w)
{
    memset(w, 0, sizeof(*w));
    w->id = sqlite3_column_int64(st, 0);
    snprintf(w->staff_number, sizeof(w->staff_number), "%s", db_col_text(st, 1));
    snprintf(w->name, sizeof(w->name), "%s", db_col_text(st, 2));
    snprintf(w->job_title, sizeof(w->job_title), "%s", db_col_text(st, 3));
    w->role = worker_role_parse(db_col_text(st, 4));
    w->line_manager_id = sqlite3_column_int64(st, 5);
    snprintf(w->line_manager_name, sizeof(w->line_manager_name), "%s", db_col_text(st, 6));
    snprintf(w->phone, sizeof(w->phone), "%s", db_col_text(st, 7));
    snprintf(w->email, sizeof(w->email), "%s", db_col_text(st, 8));
    w->safeguarding_qualified = sqlite3_column_int(st, 9) != 0;
    if (ukclock_parse_date(db_col_text(st, 10), &w->active_from) != E_OK)
        memset(&w->active_from, 0, sizeof(w->active_from));
    if (ukclock_parse_date(db_col_text(st, 11), &w->active_to) != E_OK)
        memset(&w->active_to, 0, sizeof(w->active_to));
    w->user_id = sqlite3_column_int64(st, 12);
    snprintf(w->username, sizeof(w->username), "%s", db_col_text(st, 13));
    for (int d = 0; d < 7; d++)
        snprintf(w->hours.day[d], sizeof(w->hours.day[d]), "%s", db_col_text(st, 14 + d));
    w->created_at = sqlite3_column_int64(st, 21);
    w->updated_at = sqlite3_column_int64(st, 22);
    w->works_bank_holidays = sqlite3_column_int(st, 23) != 0;
}

static enum err load_teams(struct store_tx *tx, struct worker *w)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT wt.team_id, t.name, wt.is_manager"
                                   " FROM worker_teams wt JOIN teams t ON t.id = wt.team_id"
                                   " WHERE wt.worker_id = ? ORDER BY wt.is_manager DESC, t.name");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, w->id);
    w->n_teams = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (w->n_teams == WORKER_MAX_TEAMS)
            continue;
        struct worker_team *t = &w->teams[w->n_teams++];
        t->team_id = sqlite3_column_int64(st, 0);
        snprintf(t->team_name, sizeof(t->team_name), "%s", db_col_text(st, 1));
        t->is_manager = sqlite3_column_int(st, 2) != 0;
    }
    sqlite3_reset(st);
    return db_err(rc);
}

static enum err one_worker(struct store_tx *tx, sqlite3_stmt *st, struct worker *out)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? E_NOTFOUND : db_err(rc);
    row_to_worker(st, out);
    sqlite3_reset(st);
    return load_teams(tx, out);
}

enum err store_worker_get(struct store_tx *tx, int64_t id, struct worker *out)
{
    sqlite3_stmt *st = db_stmt(tx, WORKER_COLS "WHERE w.id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    return one_worker(tx, st, out);
}

enum err store_worker_by_staff_number(struct store_tx *tx, const char *staff_number,
                                      struct worker *out)
{
    sqlite3_stmt *st = db_stmt(tx, WORKER_COLS "WHERE w.staff_number = ?");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, staff_number);
    return one_worker(tx, st, out);
}

enum err store_worker_by_user(struct store_tx *tx, int64_t user_id, struct worker *out)
{
    sqlite3_stmt *st = db_stmt(tx, WORKER_COLS "WHERE w.user_id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, user_id);
    return one_worker(tx, st, out);
}

static enum err exists(struct store_tx *tx, sqlite3_stmt *st, int64_t id, bool *out)
{
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW;
    sqlite3_reset(st);
    (void)tx;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}

/* Checks what w refers to: its teams, its line manager (and that line management does not go
 * round in a circle back to w), its user, and that no other worker has its staff number or
 * user. */
static enum err check_refs(struct store_tx *tx, const struct worker *w, struct err_info *info)
{
    bool found;
    enum err rc;
    for (size_t i = 0; i < w->n_teams; i++) {
        rc = exists(tx, db_stmt(tx, "SELECT 1 FROM teams WHERE id = ?"), w->teams[i].team_id,
                    &found);
        if (rc)
            return rc;
        if (!found)
            return err_set(info, E_INVALID, "teams", "there is no team %lld",
                           (long long)w->teams[i].team_id);
    }
    if (w->user_id) {
        rc = exists(tx, db_stmt(tx, "SELECT 1 FROM users WHERE id = ?"), w->user_id, &found);
        if (rc)
            return rc;
        if (!found)
            return err_set(info, E_INVALID, "user_id", "there is no user %lld",
                           (long long)w->user_id);
        sqlite3_stmt *st = db_stmt(tx, "SELECT id FROM workers WHERE user_id = ? AND id <> ?");
        if (!st)
            return E_DB;
        sqlite3_bind_int64(st, 1, w->user_id);
        sqlite3_bind_int64(st, 2, w->id);
        int step = sqlite3_step(st);
        sqlite3_reset(st);
        if (step == SQLITE_ROW)
            return err_set(info, E_CONFLICT, "user_id",
                           "that sign-in already belongs to another worker");
    }
    if (w->staff_number[0]) {
        sqlite3_stmt *st = db_stmt(tx, "SELECT id FROM workers WHERE staff_number = ? AND id <> ?");
        if (!st)
            return E_DB;
        db_bind_text(st, 1, w->staff_number);
        sqlite3_bind_int64(st, 2, w->id);
        int step = sqlite3_step(st);
        sqlite3_reset(st);
        if (step == SQLITE_ROW)
            return err_set(info, E_CONFLICT, "staff_number",
                           "another worker has the staff number '%s'", w->staff_number);
    }
    int64_t m = w->line_manager_id;
    for (int depth = 0; m && depth < MAX_MANAGER_CHAIN; depth++) {
        if (w->id && m == w->id)
            return err_set(info, E_INVALID, "line_manager_id",
                           "that line manager is managed, through others, by this worker");
        sqlite3_stmt *st =
            db_stmt(tx, "SELECT COALESCE(line_manager_id, 0) FROM workers WHERE id = ?");
        if (!st)
            return E_DB;
        sqlite3_bind_int64(st, 1, m);
        int step = sqlite3_step(st);
        if (step != SQLITE_ROW) {
            sqlite3_reset(st);
            if (depth == 0 && step == SQLITE_DONE)
                return err_set(info, E_INVALID, "line_manager_id", "there is no worker %lld",
                               (long long)m);
            return db_err(step);
        }
        m = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
    }
    return E_OK;
}

static void bind_details(sqlite3_stmt *st, const struct worker *w)
{
    char from[DIRECTORY_DATE_SIZE], to[DIRECTORY_DATE_SIZE];
    directory_date_format(w->active_from, from);
    directory_date_format(w->active_to, to);
    db_bind_text(st, 1, w->staff_number[0] ? w->staff_number : NULL);
    db_bind_text(st, 2, w->name);
    db_bind_text(st, 3, w->job_title);
    db_bind_text(st, 4, worker_role_name(w->role));
    if (w->line_manager_id)
        sqlite3_bind_int64(st, 5, w->line_manager_id);
    else
        sqlite3_bind_null(st, 5);
    db_bind_text(st, 6, w->phone);
    db_bind_text(st, 7, w->email);
    sqlite3_bind_int(st, 8, w->safeguarding_qualified ? 1 : 0);
    db_bind_text(st, 9, from);
    db_bind_text(st, 10, to);
    if (w->user_id)
        sqlite3_bind_int64(st, 11, w->user_id);
    else
        sqlite3_bind_null(st, 11);
    for (int d = 0; d < 7; d++)
        db_bind_text(st, 12 + d, w->hours.day[d]);
    sqlite3_bind_int(st, 19, w->works_bank_holidays ? 1 : 0);
}

static enum err write_teams(struct store_tx *tx, const struct worker *w)
{
    sqlite3_stmt *st = db_stmt(tx, "DELETE FROM worker_teams WHERE worker_id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, w->id);
    enum err rc = db_step_done(st);
    for (size_t i = 0; !rc && i < w->n_teams; i++) {
        st = db_stmt(tx, "INSERT INTO worker_teams (worker_id, team_id, is_manager)"
                         " VALUES (?, ?, ?)");
        if (!st)
            return E_DB;
        sqlite3_bind_int64(st, 1, w->id);
        sqlite3_bind_int64(st, 2, w->teams[i].team_id);
        sqlite3_bind_int(st, 3, w->teams[i].is_manager ? 1 : 0);
        rc = db_step_done(st);
    }
    return rc;
}

enum err store_worker_insert(struct store_tx *tx, struct worker *w, struct err_info *info)
{
    w->id = 0;
    enum err rc = check_refs(tx, w, info);
    if (rc)
        return rc;
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO workers (staff_number, name, job_title, role,"
                                   " line_manager_id, phone, email, safeguarding_qualified,"
                                   " active_from, active_to, user_id, hours_mon, hours_tue,"
                                   " hours_wed, hours_thu, hours_fri, hours_sat, hours_sun,"
                                   " works_bank_holidays, created_at, updated_at) VALUES (?, ?,"
                                   " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)");
    if (!st)
        return E_DB;
    bind_details(st, w);
    sqlite3_bind_int64(st, 20, tx->now);
    rc = db_step_done(st);
    if (rc)
        return rc;
    w->id = sqlite3_last_insert_rowid(tx->conn->db);
    w->created_at = tx->now;
    w->updated_at = 0;
    rc = write_teams(tx, w);
    if (rc)
        return rc;
    return store_audit_append(tx, "worker.create", "worker", w->id, NULL);
}

enum err store_worker_update(struct store_tx *tx, struct worker *w, const char *reason,
                             struct err_info *info)
{
    enum err rc = check_refs(tx, w, info);
    if (rc)
        return rc;
    sqlite3_stmt *st =
        db_stmt(tx, "UPDATE workers SET staff_number = ?, name = ?,"
                    " job_title = ?, role = ?, line_manager_id = ?, phone = ?,"
                    " email = ?, safeguarding_qualified = ?, active_from = ?,"
                    " active_to = ?, user_id = ?, hours_mon = ?, hours_tue = ?,"
                    " hours_wed = ?, hours_thu = ?, hours_fri = ?, hours_sat = ?,"
                    " hours_sun = ?, works_bank_holidays = ?, updated_at = ? WHERE id = ?"
                    " RETURNING created_at");
    if (!st)
        return E_DB;
    bind_details(st, w);
    sqlite3_bind_int64(st, 20, tx->now);
    sqlite3_bind_int64(st, 21, w->id);
    int step = sqlite3_step(st);
    if (step != SQLITE_ROW)
        return step == SQLITE_DONE ? E_NOTFOUND : db_err(step);
    w->created_at = sqlite3_column_int64(st, 0);
    w->updated_at = tx->now;
    sqlite3_reset(st);
    rc = write_teams(tx, w);
    if (rc)
        return rc;
    return store_audit_append(tx, "worker.update", "worker", w->id, reason);
}

static char *like_pattern(const char *text)
{
    struct buf b = BUF_INIT;
    buf_addc(&b, '%');
    for (const char *c = text; *c; c++) {
        if (*c == '%' || *c == '_' || *c == '\\')
            buf_addc(&b, '\\');
        buf_addc(&b, *c);
    }
    buf_addc(&b, '%');
    return buf_detach(&b, NULL);
}

enum err store_worker_list(struct store_tx *tx, const struct store_worker_filter *f,
                           void (*fn)(const struct worker *w, void *arg), void *arg)
{
    sqlite3_stmt *st =
        db_stmt(tx, WORKER_COLS "WHERE (?1 = 0 OR EXISTS (SELECT 1 FROM worker_teams x"
                                " WHERE x.worker_id = w.id AND x.team_id = ?1))"
                                " AND (?2 = '' OR w.role = ?2)"
                                " AND (?3 = '' OR lower(w.name) LIKE lower(?4) ESCAPE '\\')"
                                " AND (?5 = 0 OR w.safeguarding_qualified = 1)"
                                " ORDER BY w.name, w.id");
    if (!st)
        return E_DB;
    const char *q = f && f->q ? f->q : "";
    char *pattern = like_pattern(q);
    sqlite3_bind_int64(st, 1, f ? f->team_id : 0);
    db_bind_text(st, 2, f ? worker_role_name(f->role) : "");
    db_bind_text(st, 3, q);
    db_bind_text(st, 4, pattern);
    sqlite3_bind_int(st, 5, f && f->safeguarding_only ? 1 : 0);
    /* collect first: load_teams runs its own statement */
    struct worker *rows = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            rows = xrealloc(rows, cap * sizeof(*rows));
        }
        row_to_worker(st, &rows[n++]);
    }
    sqlite3_reset(st);
    free(pattern);
    enum err e = db_err(rc);
    for (size_t i = 0; !e && i < n; i++) {
        e = load_teams(tx, &rows[i]);
        if (!e)
            fn(&rows[i], arg);
    }
    free(rows);
    return e;
}

static enum err insert_entry(struct store_tx *tx, struct availability_entry *e)
{
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO worker_calendar_entries (worker_id, kind,"
                                   " starts_at, ends_at, title, source, source_uid, created_at,"
                                   " created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, e->worker_id);
    db_bind_text(st, 2, availability_kind_name(e->kind));
    sqlite3_bind_int64(st, 3, e->starts_at);
    sqlite3_bind_int64(st, 4, e->ends_at);
    db_bind_text(st, 5, e->title);
    db_bind_text(st, 6, e->source[0] ? e->source : "manual");
    db_bind_text(st, 7, e->uid);
    sqlite3_bind_int64(st, 8, tx->now);
    sqlite3_bind_int64(st, 9, tx->user_id);
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    e->id = sqlite3_last_insert_rowid(tx->conn->db);
    return E_OK;
}

static enum err worker_exists(struct store_tx *tx, int64_t worker_id)
{
    bool found;
    enum err rc = exists(tx, db_stmt(tx, "SELECT 1 FROM workers WHERE id = ?"), worker_id, &found);
    if (rc)
        return rc;
    return found ? E_OK : E_NOTFOUND;
}

enum err store_worker_entry_add(struct store_tx *tx, struct availability_entry *e)
{
    enum err rc = worker_exists(tx, e->worker_id);
    if (!rc)
        rc = insert_entry(tx, e);
    if (rc)
        return rc;
    return store_audit_append(tx, "worker.calendar_add", "worker", e->worker_id,
                              availability_kind_name(e->kind));
}

enum err store_worker_entries_import(struct store_tx *tx, int64_t worker_id,
                                     const struct availability_entry *entries, size_t n,
                                     const char *reason)
{
    enum err rc = worker_exists(tx, worker_id);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && strcmp(entries[i].uid, entries[i - 1].uid) == 0)
            continue; /* occurrences of one event come together */
        sqlite3_stmt *st = db_stmt(tx, "DELETE FROM worker_calendar_entries"
                                       " WHERE worker_id = ? AND source_uid = ?");
        if (!st)
            return E_DB;
        sqlite3_bind_int64(st, 1, worker_id);
        db_bind_text(st, 2, entries[i].uid);
        rc = db_step_done(st);
        if (rc)
            return rc;
    }
    for (size_t i = 0; i < n; i++) {
        struct availability_entry e = entries[i];
        e.worker_id = worker_id;
        if (!e.uid[0])
            continue; /* ics entries always carry a UID */
        sqlite3_stmt *st = db_stmt(tx, "INSERT INTO worker_calendar_entries (worker_id, kind,"
                                       " starts_at, ends_at, title, source, source_uid,"
                                       " created_at, created_by) VALUES (?, ?, ?, ?, ?, 'ics',"
                                       " ?, ?, ?) ON CONFLICT (worker_id, source_uid, starts_at)"
                                       " WHERE source_uid <> '' DO UPDATE SET kind ="
                                       " excluded.kind, ends_at = excluded.ends_at, title ="
                                       " excluded.title");
        if (!st)
            return E_DB;
        sqlite3_bind_int64(st, 1, worker_id);
        db_bind_text(st, 2, availability_kind_name(e.kind));
        sqlite3_bind_int64(st, 3, e.starts_at);
        sqlite3_bind_int64(st, 4, e.ends_at);
        db_bind_text(st, 5, e.title);
        db_bind_text(st, 6, e.uid);
        sqlite3_bind_int64(st, 7, tx->now);
        sqlite3_bind_int64(st, 8, tx->user_id);
        rc = db_step_done(st);
        if (rc)
            return rc;
    }
    return store_audit_append(tx, "worker.calendar_import", "worker", worker_id, reason);
}

enum err store_worker_entries(struct store_tx *tx, int64_t worker_id, int64_t from_ms,
                              int64_t to_ms,
                              void (*fn)(const struct availability_entry *e, void *arg), void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT id, worker_id, kind, starts_at, ends_at, title,"
                                   " source, source_uid FROM worker_calendar_entries"
                                   " WHERE worker_id = ? AND ends_at > ? AND starts_at < ?"
                                   " ORDER BY starts_at, id");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, worker_id);
    sqlite3_bind_int64(st, 2, from_ms);
    sqlite3_bind_int64(st, 3, to_ms);
    int rc;
    struct availability_entry *e = xmalloc(sizeof(*e));
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        memset(e, 0, sizeof(*e));
        e->id = sqlite3_column_int64(st, 0);
        e->worker_id = sqlite3_column_int64(st, 1);
        e->kind = availability_kind_parse(db_col_text(st, 2));
        e->starts_at = sqlite3_column_int64(st, 3);
        e->ends_at = sqlite3_column_int64(st, 4);
        snprintf(e->title, sizeof(e->title), "%s", db_col_text(st, 5));
        snprintf(e->source, sizeof(e->source), "%s", db_col_text(st, 6));
        snprintf(e->uid, sizeof(e->uid), "%s", db_col_text(st, 7));
        fn(e, arg);
    }
    free(e);
    sqlite3_reset(st);
    return db_err(rc);
}
