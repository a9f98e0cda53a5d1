/*
 * store_household: household rows and memberships. A member's display name comes from the
 * person's current version (a correlated subquery on the version number).
 */
#include "store/store_household.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "store/db.h"
#include "store/store_audit.h"

#define MEMBER_COLS                                                                                \
    "SELECT hm.id, hm.household_id, hm.person_id, hm.role, hm.created_at, hm.created_by,"          \
    " COALESCE(e.created_at, 0), COALESCE(e.reason, ''),"                                          \
    " (SELECT TRIM(v.given_name || ' ' || v.family_name) FROM person_versions v"                   \
    "  WHERE v.person_id = hm.person_id ORDER BY v.version DESC LIMIT 1)"                          \
    " FROM household_members hm LEFT JOIN household_member_ends e ON e.member_id = hm.id "

static void row_to_member(sqlite3_stmt *st, struct household_member *m)
{
    memset(m, 0, sizeof(*m));
    m->id = sqlite3_column_int64(st, 0);
    m->household_id = sqlite3_column_int64(st, 1);
    m->person_id = sqlite3_column_int64(st, 2);
    m->role = household_role_parse(db_col_text(st, 3));
    m->created_at = sqlite3_column_int64(st, 4);
    m->created_by = sqlite3_column_int64(st, 5);
    m->ended_at = sqlite3_column_int64(st, 6);
    snprintf(m->end_reason, sizeof(m->end_reason), "%s", db_col_text(st, 7));
    snprintf(m->person_name, sizeof(m->person_name), "%s", db_col_text(st, 8));
}

static enum err collect(sqlite3_stmt *st, struct household_member **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n_out == cap) {
            cap = cap ? cap * 2 : 8;
            *out = xrealloc(*out, cap * sizeof(**out));
        }
        row_to_member(st, &(*out)[(*n_out)++]);
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

enum err store_household_insert(struct store_tx *tx, struct household *h)
{
    if (!tx->writable)
        return E_DENIED;
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO households (kind, name, locality, note,"
                                   " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, household_kind_name(h->kind));
    db_bind_text(st, 2, h->name);
    db_bind_text(st, 3, h->locality);
    db_bind_text(st, 4, h->note);
    sqlite3_bind_int64(st, 5, tx->now);
    sqlite3_bind_int64(st, 6, tx->user_id);
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    h->id = sqlite3_last_insert_rowid(tx->conn->db);
    h->created_at = tx->now;
    h->created_by = tx->user_id;
    return store_audit_append(tx, "household.create", "household", h->id, h->name);
}

enum err store_household_get(struct store_tx *tx, int64_t id, struct household *out)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT id, kind, name, locality, note, created_at,"
                                   " created_by FROM households WHERE id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        memset(out, 0, sizeof(*out));
        out->id = sqlite3_column_int64(st, 0);
        out->kind = household_kind_parse(db_col_text(st, 1));
        snprintf(out->name, sizeof(out->name), "%s", db_col_text(st, 2));
        snprintf(out->locality, sizeof(out->locality), "%s", db_col_text(st, 3));
        snprintf(out->note, sizeof(out->note), "%s", db_col_text(st, 4));
        out->created_at = sqlite3_column_int64(st, 5);
        out->created_by = sqlite3_column_int64(st, 6);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? E_OK : rc == SQLITE_DONE ? E_NOTFOUND : db_err(rc);
}

/* The id of person_id's current membership of household_id, 0 when none. */
static enum err current_member(struct store_tx *tx, int64_t household_id, int64_t person_id,
                               int64_t *id_out)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT hm.id FROM household_members hm"
                                   " WHERE hm.household_id = ? AND hm.person_id = ?"
                                   " AND NOT EXISTS (SELECT 1 FROM household_member_ends e"
                                   " WHERE e.member_id = hm.id)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, household_id);
    sqlite3_bind_int64(st, 2, person_id);
    int rc = sqlite3_step(st);
    *id_out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}

static enum err audit_member(struct store_tx *tx, const char *action, int64_t household_id,
                             int64_t person_id, const char *what)
{
    char why[1200];
    snprintf(why, sizeof(why), "household %lld, person %lld: %.1000s", (long long)household_id,
             (long long)person_id, what ? what : "");
    enum err rc = store_audit_append(tx, action, "household", household_id, why);
    if (!rc)
        rc = store_audit_append(tx, action, "person", person_id, why);
    return rc;
}

enum err store_household_join(struct store_tx *tx, struct household_member *m,
                              struct err_info *info)
{
    if (!tx->writable)
        return E_DENIED;
    struct household *h = xmalloc(sizeof(*h));
    enum err rc = store_household_get(tx, m->household_id, h);
    free(h);
    if (rc)
        return rc;
    sqlite3_stmt *st = db_stmt(tx, "SELECT 1 FROM persons p WHERE p.id = ? AND NOT EXISTS"
                                   " (SELECT 1 FROM person_merges x WHERE x.person_id = p.id)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, m->person_id);
    int s = sqlite3_step(st);
    sqlite3_reset(st);
    if (s == SQLITE_DONE)
        return err_set(info, E_INVALID, "person_id", "there is no current person %lld",
                       (long long)m->person_id);
    if (s != SQLITE_ROW)
        return db_err(s);
    int64_t existing;
    rc = current_member(tx, m->household_id, m->person_id, &existing);
    if (rc)
        return rc;
    if (existing)
        return err_set(info, E_CONFLICT, "person_id", "this person is already a member");
    if (m->role <= HOUSEHOLD_ROLE_NONE || m->role >= HOUSEHOLD_ROLE_COUNT)
        return err_set(info, E_INVALID, "role", "choose parent_carer, adult, child or other");
    st = db_stmt(tx, "INSERT INTO household_members (household_id, person_id, role, created_at,"
                     " created_by) VALUES (?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, m->household_id);
    sqlite3_bind_int64(st, 2, m->person_id);
    db_bind_text(st, 3, household_role_name(m->role));
    sqlite3_bind_int64(st, 4, tx->now);
    sqlite3_bind_int64(st, 5, tx->user_id);
    rc = db_step_done(st);
    if (rc)
        return rc;
    m->id = sqlite3_last_insert_rowid(tx->conn->db);
    m->created_at = tx->now;
    m->created_by = tx->user_id;
    return audit_member(tx, "household.join", m->household_id, m->person_id,
                        household_role_name(m->role));
}

static enum err end_member(struct store_tx *tx, int64_t member_id, const char *reason)
{
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO household_member_ends (member_id, reason,"
                                   " created_at, created_by) VALUES (?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, member_id);
    db_bind_text(st, 2, reason);
    sqlite3_bind_int64(st, 3, tx->now);
    sqlite3_bind_int64(st, 4, tx->user_id);
    return db_step_done(st);
}

enum err store_household_leave(struct store_tx *tx, int64_t household_id, int64_t person_id,
                               const char *reason, struct err_info *info)
{
    if (!tx->writable)
        return E_DENIED;
    int64_t member;
    enum err rc = current_member(tx, household_id, person_id, &member);
    if (rc)
        return rc;
    if (!member)
        return err_set(info, E_NOTFOUND, "person_id", "this person is not a member");
    rc = end_member(tx, member, reason);
    if (!rc)
        rc = audit_member(tx, "household.leave", household_id, person_id, reason);
    return rc;
}

enum err store_household_members(struct store_tx *tx, int64_t household_id,
                                 struct household_member **out, size_t *n_out)
{
    sqlite3_stmt *st = db_stmt(tx, MEMBER_COLS "WHERE hm.household_id = ? ORDER BY hm.id");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, household_id);
    return collect(st, out, n_out);
}

enum err store_household_for_person(struct store_tx *tx, int64_t person_id,
                                    struct household_member **out, size_t *n_out)
{
    sqlite3_stmt *st = db_stmt(tx, MEMBER_COLS "WHERE hm.person_id = ? ORDER BY hm.id DESC");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, person_id);
    return collect(st, out, n_out);
}

enum err store_household_move(struct store_tx *tx, int64_t from, int64_t to, const char *why,
                              size_t *n_moved)
{
    struct household_member *all = NULL;
    size_t n = 0;
    enum err rc = store_household_for_person(tx, from, &all, &n);
    for (size_t i = 0; !rc && i < n; i++) {
        if (all[i].ended_at)
            continue;
        rc = end_member(tx, all[i].id, why);
        if (!rc)
            rc = audit_member(tx, "household.leave", all[i].household_id, from, why);
        int64_t existing = 0;
        if (!rc)
            rc = current_member(tx, all[i].household_id, to, &existing);
        if (rc || existing)
            continue;
        struct err_info info = {{0}, {0}};
        struct household_member m = all[i];
        m.id = 0;
        m.person_id = to;
        rc = store_household_join(tx, &m, &info);
        if (!rc)
            (*n_moved)++;
    }
    free(all);
    return rc;
}
