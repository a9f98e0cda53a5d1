/*
 * store_allocation: allocation queries. An allocation and its end are read together with one
 * LEFT JOIN; worker and team names come along for display.
 */
#include "store/store_allocation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "store/db.h"
#include "store/store_audit.h"

#define ALLOC_COLS                                                                                 \
    "SELECT a.id, a.person_id, COALESCE(a.worker_id, 0), COALESCE(a.team_id, 0),"                  \
    " COALESCE(w.name, ''), COALESCE(t.name, ''), a.kind, a.starts_at, a.ends_at, a.note,"         \
    " a.created_at, a.created_by, COALESCE(e.ended_at, 0), COALESCE(e.reason, ''),"                \
    " COALESCE(e.created_by, 0)"                                                                   \
    " FROM allocations a LEFT JOIN workers w ON w.id = a.worker_id"                                \
    " LEFT JOIN teams t ON t.id = a.team_id"                                                       \
    " LEFT JOIN allocation_ends e ON e.allocation_id = a.id "

static void row_to_allocation(sqlite3_stmt *st, struct allocation *a)
{
    memset(a, 0, sizeof(*a));
    a->id = sqlite3_column_int64(st, 0);
    a->person_id = sqlite3_column_int64(st, 1);
    a->worker_id = sqlite3_column_int64(st, 2);
    a->team_id = sqlite3_column_int64(st, 3);
    snprintf(a->worker_name, sizeof(a->worker_name), "%s", db_col_text(st, 4));
    snprintf(a->team_name, sizeof(a->team_name), "%s", db_col_text(st, 5));
    a->kind = allocation_kind_parse(db_col_text(st, 6));
    a->starts_at = sqlite3_column_int64(st, 7);
    a->ends_at = sqlite3_column_int64(st, 8);
    snprintf(a->note, sizeof(a->note), "%s", db_col_text(st, 9));
    a->created_at = sqlite3_column_int64(st, 10);
    a->created_by = sqlite3_column_int64(st, 11);
    a->ended_at = sqlite3_column_int64(st, 12);
    snprintf(a->end_reason, sizeof(a->end_reason), "%s", db_col_text(st, 13));
    a->ended_by = sqlite3_column_int64(st, 14);
}

/* Steps st to the end, appending each row to a growing array. */
static enum err collect(sqlite3_stmt *st, struct allocation **out, size_t *n_out)
{
    struct allocation *rows = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            rows = xrealloc(rows, cap * sizeof(*rows));
        }
        row_to_allocation(st, &rows[n++]);
    }
    sqlite3_reset(st);
    enum err e = db_err(rc);
    if (e) {
        free(rows);
        rows = NULL;
        n = 0;
    }
    *out = rows;
    *n_out = n;
    return e;
}

static enum err list_person(struct store_tx *tx, int64_t person_id, struct allocation **out,
                            size_t *n_out)
{
    sqlite3_stmt *st =
        db_stmt(tx, ALLOC_COLS "WHERE a.person_id = ? ORDER BY a.starts_at DESC, a.id DESC");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, person_id);
    return collect(st, out, n_out);
}

enum err store_allocation_get(struct store_tx *tx, int64_t id, struct allocation *out)
{
    sqlite3_stmt *st = db_stmt(tx, ALLOC_COLS "WHERE a.id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? E_NOTFOUND : db_err(rc);
    row_to_allocation(st, out);
    sqlite3_reset(st);
    return E_OK;
}

/* 1 when the query (one int64 parameter) returns a row. */
static enum err found(sqlite3_stmt *st, int64_t p1, int64_t p2, bool *out)
{
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, p1);
    if (sqlite3_bind_parameter_count(st) > 1)
        sqlite3_bind_int64(st, 2, p2);
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}

enum err store_allocation_insert(struct store_tx *tx, struct allocation *a, struct err_info *info)
{
    bool ok;
    enum err rc = found(db_stmt(tx, "SELECT 1 FROM persons WHERE id = ?"), a->person_id, 0, &ok);
    if (rc)
        return rc;
    if (!ok)
        return err_set(info, E_INVALID, "person_id", "there is no person %lld",
                       (long long)a->person_id);
    if (a->worker_id) {
        rc = found(db_stmt(tx, "SELECT 1 FROM workers WHERE id = ?"), a->worker_id, 0, &ok);
        if (rc)
            return rc;
        if (!ok)
            return err_set(info, E_INVALID, "worker_id", "there is no worker %lld",
                           (long long)a->worker_id);
    }
    if (a->team_id) {
        rc = found(db_stmt(tx, "SELECT 1 FROM teams WHERE id = ?"), a->team_id, 0, &ok);
        if (rc)
            return rc;
        if (!ok)
            return err_set(info, E_INVALID, "team_id", "there is no team %lld",
                           (long long)a->team_id);
    }
    if (a->worker_id && a->team_id) {
        rc = found(db_stmt(tx, "SELECT 1 FROM worker_teams WHERE worker_id = ? AND team_id = ?"),
                   a->worker_id, a->team_id, &ok);
        if (rc)
            return rc;
        if (!ok)
            return err_set(info, E_INVALID, "team_id",
                           "the worker is not a member of that team: name the worker's own "
                           "team, or no team");
    }
    struct allocation *existing = NULL;
    size_t n = 0;
    rc = list_person(tx, a->person_id, &existing, &n);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (allocation_overlaps(&existing[i], a)) {
            int64_t other = existing[i].id;
            free(existing);
            return err_set(info, E_CONFLICT, "kind",
                           "this person already has that allocation at that time "
                           "(allocation %lld)",
                           (long long)other);
        }
    }
    free(existing);

    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO allocations (person_id, worker_id, team_id, kind,"
                                   " starts_at, ends_at, note, created_at, created_by)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, a->person_id);
    if (a->worker_id)
        sqlite3_bind_int64(st, 2, a->worker_id);
    else
        sqlite3_bind_null(st, 2);
    if (a->team_id)
        sqlite3_bind_int64(st, 3, a->team_id);
    else
        sqlite3_bind_null(st, 3);
    db_bind_text(st, 4, allocation_kind_name(a->kind));
    sqlite3_bind_int64(st, 5, a->starts_at);
    sqlite3_bind_int64(st, 6, a->ends_at);
    db_bind_text(st, 7, a->note);
    sqlite3_bind_int64(st, 8, tx->now);
    sqlite3_bind_int64(st, 9, tx->user_id);
    rc = db_step_done(st);
    if (rc)
        return rc;
    a->id = sqlite3_last_insert_rowid(tx->conn->db);
    a->created_at = tx->now;
    a->created_by = tx->user_id;
    char reason[64];
    snprintf(reason, sizeof(reason), "allocation %lld (%s)", (long long)a->id,
             allocation_kind_name(a->kind));
    rc = store_audit_append(tx, "allocation.create", "person", a->person_id, reason);
    if (rc)
        return rc;
    /* names for the answer */
    struct allocation stored;
    rc = store_allocation_get(tx, a->id, &stored);
    if (!rc)
        *a = stored;
    return rc;
}

enum err store_allocation_end(struct store_tx *tx, int64_t id, int64_t ended_at_ms,
                              const char *reason, struct allocation *out, struct err_info *info)
{
    struct allocation *a = xmalloc(sizeof(*a));
    enum err rc = store_allocation_get(tx, id, a);
    if (!rc)
        rc = allocation_end_validate(a, ended_at_ms, reason, info);
    if (rc)
        goto out;
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO allocation_ends (allocation_id, ended_at,"
                                   " reason, created_at, created_by) VALUES (?, ?, ?, ?, ?)");
    if (!st) {
        rc = E_DB;
        goto out;
    }
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, ended_at_ms);
    db_bind_text(st, 3, reason);
    sqlite3_bind_int64(st, 4, tx->now);
    sqlite3_bind_int64(st, 5, tx->user_id);
    rc = db_step_done(st);
    if (rc)
        goto out;
    char why[128];
    snprintf(why, sizeof(why), "allocation %lld ended", (long long)id);
    rc = store_audit_append(tx, "allocation.end", "person", a->person_id, why);
    if (!rc && out)
        rc = store_allocation_get(tx, id, out);
out:
    free(a);
    return rc;
}

enum err store_allocation_for_person(struct store_tx *tx, int64_t person_id, const char *action,
                                     const char *reason, struct allocation **out, size_t *n_out)
{
    enum err rc = list_person(tx, person_id, out, n_out);
    if (rc)
        return rc;
    rc = store_audit_append(tx, action, "person", person_id, reason);
    if (rc) {
        free(*out);
        *out = NULL;
        *n_out = 0;
    }
    return rc;
}

enum err store_allocation_caseload(struct store_tx *tx, int64_t worker_id, int64_t team_id,
                                   int64_t now_ms, struct allocation **out, size_t *n_out)
{
    sqlite3_stmt *st = db_stmt(
        tx, ALLOC_COLS "WHERE ((?1 <> 0 AND a.worker_id = ?1) OR (?2 <> 0 AND a.team_id = ?2))"
                       " AND a.starts_at <= ?3 AND (a.ends_at = 0 OR a.ends_at > ?3)"
                       " AND (e.ended_at IS NULL OR e.ended_at > ?3)"
                       " ORDER BY a.starts_at, a.id");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, worker_id);
    sqlite3_bind_int64(st, 2, team_id);
    sqlite3_bind_int64(st, 3, now_ms);
    return collect(st, out, n_out);
}
