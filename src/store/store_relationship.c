/*
 * store_relationship: relationship rows with their ends (LEFT JOIN).
 */
#include "store/store_relationship.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "store/db.h"
#include "store/store_audit.h"

#define REL_COLS                                                                                   \
    "SELECT r.id, r.person_id, r.related_id, r.type, r.note, r.created_at, r.created_by,"          \
    " COALESCE(e.created_at, 0), COALESCE(e.reason, ''), COALESCE(e.created_by, 0)"                \
    " FROM person_relationships r LEFT JOIN person_relationship_ends e"                            \
    " ON e.relationship_id = r.id "

static void row_to_rel(sqlite3_stmt *st, struct relationship *r)
{
    memset(r, 0, sizeof(*r));
    r->id = sqlite3_column_int64(st, 0);
    r->person_id = sqlite3_column_int64(st, 1);
    r->related_id = sqlite3_column_int64(st, 2);
    r->type = relationship_type_parse(db_col_text(st, 3));
    snprintf(r->note, sizeof(r->note), "%s", db_col_text(st, 4));
    r->created_at = sqlite3_column_int64(st, 5);
    r->created_by = sqlite3_column_int64(st, 6);
    r->ended_at = sqlite3_column_int64(st, 7);
    snprintf(r->end_reason, sizeof(r->end_reason), "%s", db_col_text(st, 8));
    r->ended_by = sqlite3_column_int64(st, 9);
}

enum err store_relationship_for_person(struct store_tx *tx, int64_t person_id,
                                       struct relationship **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *st = db_stmt(tx, REL_COLS "WHERE r.person_id = ?1 OR r.related_id = ?1"
                                            " ORDER BY r.id DESC");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, person_id);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n_out == cap) {
            cap = cap ? cap * 2 : 8;
            *out = xrealloc(*out, cap * sizeof(**out));
        }
        row_to_rel(st, &(*out)[(*n_out)++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        free(*out);
        *out = NULL;
        *n_out = 0;
        return db_err(rc);
    }
    return E_OK;
}

/* E_OK with *ok true when person id exists and was not merged away. */
static enum err person_current(struct store_tx *tx, int64_t id, bool *ok)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT 1 FROM persons p WHERE p.id = ? AND NOT EXISTS"
                                   " (SELECT 1 FROM person_merges m WHERE m.person_id = p.id)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    *ok = rc == SQLITE_ROW;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}

static enum err audit_both(struct store_tx *tx, const char *action, const struct relationship *r,
                           const char *extra)
{
    char why[1200];
    snprintf(why, sizeof(why), "relationship %lld: person %lld is person %lld's %s%s%.1000s",
             (long long)r->id, (long long)r->related_id, (long long)r->person_id,
             relationship_type_name(r->type), extra && *extra ? ": " : "", extra ? extra : "");
    enum err rc = store_audit_append(tx, action, "person", r->person_id, why);
    if (!rc)
        rc = store_audit_append(tx, action, "person", r->related_id, why);
    return rc;
}

/* Inserts r as is (canonical, checked). */
static enum err insert_row(struct store_tx *tx, struct relationship *r)
{
    sqlite3_stmt *st =
        db_stmt(tx, "INSERT INTO person_relationships (person_id, related_id,"
                    " type, note, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, r->person_id);
    sqlite3_bind_int64(st, 2, r->related_id);
    db_bind_text(st, 3, relationship_type_name(r->type));
    db_bind_text(st, 4, r->note);
    sqlite3_bind_int64(st, 5, tx->now);
    sqlite3_bind_int64(st, 6, tx->user_id);
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    r->id = sqlite3_last_insert_rowid(tx->conn->db);
    r->created_at = tx->now;
    r->created_by = tx->user_id;
    return audit_both(tx, "relationship.create", r, NULL);
}

/* True when the same relationship (canonical r) is in force. */
static enum err in_force(struct store_tx *tx, const struct relationship *r, bool *out)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT 1 FROM person_relationships r"
                                   " WHERE r.person_id = ? AND r.related_id = ? AND r.type = ?"
                                   " AND NOT EXISTS (SELECT 1 FROM person_relationship_ends e"
                                   " WHERE e.relationship_id = r.id)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, r->person_id);
    sqlite3_bind_int64(st, 2, r->related_id);
    db_bind_text(st, 3, relationship_type_name(r->type));
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}

enum err store_relationship_insert(struct store_tx *tx, struct relationship *r,
                                   struct err_info *info)
{
    if (!tx->writable)
        return E_DENIED;
    bool ok;
    enum err rc = person_current(tx, r->person_id, &ok);
    if (rc)
        return rc;
    if (!ok)
        return err_set(info, E_INVALID, "person_id",
                       "there is no current person %lld (merged records cannot be related)",
                       (long long)r->person_id);
    rc = person_current(tx, r->related_id, &ok);
    if (rc)
        return rc;
    if (!ok)
        return err_set(info, E_INVALID, "related_person_id",
                       "there is no current person %lld (merged records cannot be related)",
                       (long long)r->related_id);
    relationship_canonical(r);
    rc = in_force(tx, r, &ok);
    if (rc)
        return rc;
    if (ok)
        return err_set(info, E_CONFLICT, "type", "this relationship is already recorded");
    return insert_row(tx, r);
}

static enum err get_one(struct store_tx *tx, int64_t id, struct relationship *out)
{
    sqlite3_stmt *st = db_stmt(tx, REL_COLS "WHERE r.id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        row_to_rel(st, out);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? E_OK : rc == SQLITE_DONE ? E_NOTFOUND : db_err(rc);
}

static enum err end_row(struct store_tx *tx, const struct relationship *r, const char *reason)
{
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO person_relationship_ends (relationship_id,"
                                   " reason, created_at, created_by) VALUES (?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, r->id);
    db_bind_text(st, 2, reason);
    sqlite3_bind_int64(st, 3, tx->now);
    sqlite3_bind_int64(st, 4, tx->user_id);
    enum err rc = db_step_done(st);
    if (!rc)
        rc = audit_both(tx, "relationship.end", r, reason);
    return rc;
}

enum err store_relationship_end(struct store_tx *tx, int64_t id, const char *reason,
                                int64_t *person_out, struct err_info *info)
{
    if (!tx->writable)
        return E_DENIED;
    struct relationship *r = xmalloc(sizeof(*r));
    enum err rc = get_one(tx, id, r);
    if (!rc && r->ended_at)
        rc = err_set(info, E_CONFLICT, "", "this relationship has already been ended");
    if (!rc)
        rc = end_row(tx, r, reason);
    if (!rc && person_out)
        *person_out = r->person_id;
    free(r);
    return rc;
}

enum err store_relationship_move(struct store_tx *tx, int64_t from, int64_t to, const char *why,
                                 size_t *n_moved)
{
    struct relationship *all = NULL;
    size_t n = 0;
    enum err rc = store_relationship_for_person(tx, from, &all, &n);
    for (size_t i = 0; !rc && i < n; i++) {
        struct relationship *r = &all[i];
        if (r->ended_at)
            continue;
        rc = end_row(tx, r, why);
        if (rc)
            break;
        struct relationship copy = *r;
        if (copy.person_id == from)
            copy.person_id = to;
        else
            copy.related_id = to;
        if (copy.person_id == copy.related_id)
            continue; /* the two records were related to each other */
        bool exists;
        relationship_canonical(&copy);
        rc = in_force(tx, &copy, &exists);
        if (rc || exists)
            continue;
        copy.ended_at = 0;
        copy.end_reason[0] = '\0';
        rc = insert_row(tx, &copy);
        if (!rc)
            (*n_moved)++;
    }
    free(all);
    return rc;
}
