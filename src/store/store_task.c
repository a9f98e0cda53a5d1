/*
 * store_task: task queries. A task's state is its closure row if it has one, else open.
 */
#include "store/store_task.h"

#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "store/store_audit.h"

#define TASK_COLS                                                                                  \
    "SELECT t.id, t.kind, COALESCE(t.owner_user_id, 0), COALESCE(ou.name, ''),"                    \
    " COALESCE(t.team_id, 0), COALESCE(tm.name, ''), COALESCE(t.contact_id, 0),"                   \
    " COALESCE(t.person_id, 0), t.due_at, t.note, t.agreed_with, t.created_at, t.created_by,"      \
    " COALESCE(cu.name, ''), COALESCE(c.state, 'open'), COALESCE(c.closed_at, 0),"                 \
    " COALESCE(c.closed_by, 0), COALESCE(clu.name, ''), COALESCE(c.note, '')"                      \
    " FROM tasks t LEFT JOIN task_closures c ON c.task_id = t.id"                                  \
    " LEFT JOIN users ou ON ou.id = t.owner_user_id LEFT JOIN teams tm ON tm.id = t.team_id"       \
    " LEFT JOIN users cu ON cu.id = t.created_by LEFT JOIN users clu ON clu.id = c.closed_by "

static void row_to_task(sqlite3_stmt *st, struct task *t)
{
    memset(t, 0, sizeof(*t));
    t->id = sqlite3_column_int64(st, 0);
    t->kind = task_kind_parse(db_col_text(st, 1));
    t->owner_user_id = sqlite3_column_int64(st, 2);
    t->owner_name = db_col_text(st, 3);
    t->team_id = sqlite3_column_int64(st, 4);
    t->team_name = db_col_text(st, 5);
    t->contact_id = sqlite3_column_int64(st, 6);
    t->person_id = sqlite3_column_int64(st, 7);
    t->due_at = sqlite3_column_int64(st, 8);
    t->note = db_col_text(st, 9);
    t->agreed_with = db_col_text(st, 10);
    t->created_at = sqlite3_column_int64(st, 11);
    t->created_by = sqlite3_column_int64(st, 12);
    t->created_by_name = db_col_text(st, 13);
    const char *state = db_col_text(st, 14);
    t->state = strcmp(state, "done") == 0        ? TASK_DONE
               : strcmp(state, "cancelled") == 0 ? TASK_CANCELLED
                                                 : TASK_OPEN;
    t->closed_at = sqlite3_column_int64(st, 15);
    t->closed_by = sqlite3_column_int64(st, 16);
    t->closed_by_name = db_col_text(st, 17);
    t->close_note = db_col_text(st, 18);
}

/* Steps st calling fn for each row. */
static enum err each(sqlite3_stmt *st, store_task_fn fn, void *arg, int *n_out)
{
    int rc, n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct task t;
        row_to_task(st, &t);
        fn(&t, arg);
        n++;
    }
    sqlite3_reset(st);
    if (n_out)
        *n_out = n;
    return rc == SQLITE_DONE ? E_OK : db_err(rc);
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

static void bind_opt_id(sqlite3_stmt *st, int idx, int64_t id)
{
    if (id > 0)
        sqlite3_bind_int64(st, idx, id);
    else
        sqlite3_bind_null(st, idx);
}

enum err store_task_insert(struct store_tx *tx, struct task *t, struct err_info *info)
{
    bool ok = true;
    enum err rc = E_OK;
    if (t->owner_user_id > 0) {
        rc = exists(tx, db_stmt(tx, "SELECT 1 FROM users WHERE id = ?"), t->owner_user_id, &ok);
        if (!rc && !ok)
            return err_set(info, E_INVALID, "owner_user_id", "there is no user %lld",
                           (long long)t->owner_user_id);
    }
    if (!rc && t->team_id > 0) {
        rc = exists(tx, db_stmt(tx, "SELECT 1 FROM teams WHERE id = ?"), t->team_id, &ok);
        if (!rc && !ok)
            return err_set(info, E_INVALID, "team_id", "there is no team %lld",
                           (long long)t->team_id);
    }
    if (!rc && t->contact_id > 0) {
        rc = exists(tx, db_stmt(tx, "SELECT 1 FROM contacts WHERE id = ?"), t->contact_id, &ok);
        if (!rc && !ok)
            return err_set(info, E_INVALID, "contact_id", "there is no contact %lld",
                           (long long)t->contact_id);
    }
    if (rc)
        return rc;
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO tasks (kind, owner_user_id, team_id, contact_id,"
                                   " person_id, due_at, note, agreed_with, created_at, created_by)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, task_kind_name(t->kind));
    bind_opt_id(st, 2, t->owner_user_id);
    bind_opt_id(st, 3, t->team_id);
    bind_opt_id(st, 4, t->contact_id);
    bind_opt_id(st, 5, t->person_id);
    sqlite3_bind_int64(st, 6, t->due_at);
    db_bind_text(st, 7, t->note);
    db_bind_text(st, 8, t->agreed_with ? t->agreed_with : "");
    sqlite3_bind_int64(st, 9, tx->now);
    sqlite3_bind_int64(st, 10, tx->user_id);
    rc = db_step_done(st);
    if (rc)
        return rc;
    t->id = sqlite3_last_insert_rowid(tx->conn->db);
    t->created_at = tx->now;
    t->created_by = tx->user_id;
    t->state = TASK_OPEN;
    st = db_stmt(tx, "INSERT INTO task_open (task_id, owner_user_id, team_id, due_at)"
                     " VALUES (?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, t->id);
    bind_opt_id(st, 2, t->owner_user_id);
    bind_opt_id(st, 3, t->team_id);
    sqlite3_bind_int64(st, 4, t->due_at);
    rc = db_step_done(st);
    if (!rc)
        rc = store_audit_append(tx, "task.create", "task", t->id, task_kind_name(t->kind));
    return rc;
}

enum err store_task_get(struct store_tx *tx, int64_t id, store_task_fn fn, void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, TASK_COLS "WHERE t.id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int n = 0;
    enum err rc = each(st, fn, arg, &n);
    if (!rc && n == 0)
        return E_NOTFOUND;
    return rc;
}

enum err store_task_read(struct store_tx *tx, int64_t id, store_task_fn fn, void *arg)
{
    enum err rc = store_task_get(tx, id, fn, arg);
    if (!rc)
        rc = store_audit_append(tx, "task.read", "task", id, NULL);
    return rc;
}

enum err store_task_close(struct store_tx *tx, int64_t id, enum task_state state, const char *note)
{
    if (state != TASK_DONE && state != TASK_CANCELLED)
        return E_INVALID;
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO task_closures (task_id, state, note, closed_at,"
                                   " closed_by) VALUES (?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, task_state_name(state));
    db_bind_text(st, 3, note ? note : "");
    sqlite3_bind_int64(st, 4, tx->now);
    sqlite3_bind_int64(st, 5, tx->user_id);
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    st = db_stmt(tx, "DELETE FROM task_open WHERE task_id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    rc = db_step_done(st);
    if (!rc)
        rc = store_audit_append(tx, state == TASK_DONE ? "task.done" : "task.cancel", "task", id,
                                note && *note ? note : NULL);
    return rc;
}

enum err store_task_open_for_user(struct store_tx *tx, int64_t user_id, int limit, store_task_fn fn,
                                  void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, TASK_COLS "JOIN task_open o ON o.task_id = t.id"
                                             " WHERE o.owner_user_id = ?"
                                             " ORDER BY o.due_at, t.id LIMIT ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int(st, 2, limit);
    enum err rc = each(st, fn, arg, NULL);
    if (!rc)
        rc = store_audit_append(tx, "task.list", "user", user_id, "open tasks");
    return rc;
}

enum err store_task_open_for_team(struct store_tx *tx, int64_t team_id, int limit, store_task_fn fn,
                                  void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, TASK_COLS "JOIN task_open o ON o.task_id = t.id"
                                             " WHERE o.team_id = ? AND o.owner_user_id IS NULL"
                                             " ORDER BY o.due_at, t.id LIMIT ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, team_id);
    sqlite3_bind_int(st, 2, limit);
    enum err rc = each(st, fn, arg, NULL);
    if (!rc)
        rc = store_audit_append(tx, "task.list", "team", team_id, "open team tasks");
    return rc;
}

enum err store_task_for_contact(struct store_tx *tx, int64_t contact_id, store_task_fn fn,
                                void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, TASK_COLS "WHERE t.contact_id = ? ORDER BY t.id");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, contact_id);
    enum err rc = each(st, fn, arg, NULL);
    if (!rc)
        rc = store_audit_append(tx, "task.list", "contact", contact_id, NULL);
    return rc;
}
