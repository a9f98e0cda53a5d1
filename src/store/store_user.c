/*
 * store_user: users, teams, sessions and tokens. Session and token secrets never reach the
 * database: only their hashes (core/secret).
 */
#include "store/store_user.h"

#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "store/store_audit.h"

enum err store_team_ensure(struct store_tx *tx, const char *name, const char *kind,
                           int64_t *id_out)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT id FROM teams WHERE name = ?");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, name);
    if (sqlite3_step(st) == SQLITE_ROW) {
        *id_out = sqlite3_column_int64(st, 0);
        return E_OK;
    }
    st = db_stmt(tx, "INSERT INTO teams (name, kind, created_at) VALUES (?, ?, ?)");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, name);
    db_bind_text(st, 2, kind ? kind : "");
    sqlite3_bind_int64(st, 3, tx->now);
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    *id_out = sqlite3_last_insert_rowid(tx->conn->db);
    return store_audit_append(tx, "team.create", "team", *id_out, NULL);
}

enum err store_user_insert(struct store_tx *tx, struct user *u)
{
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO users (username, name, role, team_id,"
                                   " password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, u->username);
    db_bind_text(st, 2, u->name);
    db_bind_text(st, 3, role_name(u->role));
    if (u->team_id)
        sqlite3_bind_int64(st, 4, u->team_id);
    else
        sqlite3_bind_null(st, 4);
    db_bind_text(st, 5, u->password_hash);
    sqlite3_bind_int64(st, 6, tx->now);
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    u->id = sqlite3_last_insert_rowid(tx->conn->db);
    return store_audit_append(tx, "user.create", "user", u->id, NULL);
}

#define USER_COLS                                                                              \
    "SELECT u.id, u.username, u.name, u.role, COALESCE(u.team_id, 0), COALESCE(t.name, ''),"   \
    " u.password_hash, u.failed_count, u.locked_until, u.active"                               \
    " FROM users u LEFT JOIN teams t ON t.id = u.team_id "

static void row_to_user(sqlite3_stmt *st, struct user *u)
{
    memset(u, 0, sizeof(*u));
    u->id = sqlite3_column_int64(st, 0);
    snprintf(u->username, sizeof(u->username), "%s", db_col_text(st, 1));
    snprintf(u->name, sizeof(u->name), "%s", db_col_text(st, 2));
    u->role = role_parse(db_col_text(st, 3));
    u->team_id = sqlite3_column_int64(st, 4);
    snprintf(u->team_name, sizeof(u->team_name), "%s", db_col_text(st, 5));
    snprintf(u->password_hash, sizeof(u->password_hash), "%s", db_col_text(st, 6));
    u->failed_count = sqlite3_column_int(st, 7);
    u->locked_until = sqlite3_column_int64(st, 8);
    u->active = sqlite3_column_int(st, 9);
}

static enum err one_user(sqlite3_stmt *st, struct user *out)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        row_to_user(st, out);
        return E_OK;
    }
    return rc == SQLITE_DONE ? E_NOTFOUND : db_err(rc);
}

enum err store_user_by_username(struct store_tx *tx, const char *username, struct user *out)
{
    sqlite3_stmt *st = db_stmt(tx, USER_COLS "WHERE u.username = ?");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, username);
    return one_user(st, out);
}

enum err store_user_by_id(struct store_tx *tx, int64_t id, struct user *out)
{
    sqlite3_stmt *st = db_stmt(tx, USER_COLS "WHERE u.id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    return one_user(st, out);
}

enum err store_user_each(struct store_tx *tx, void (*fn)(const struct user *u, void *arg),
                         void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, USER_COLS "ORDER BY u.username");
    if (!st)
        return E_DB;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct user u;
        row_to_user(st, &u);
        fn(&u, arg);
    }
    return db_err(rc);
}

enum err store_user_sign_in_failed(struct store_tx *tx, int64_t user_id, int *locked_out)
{
    *locked_out = 0;
    sqlite3_stmt *st = db_stmt(tx, "UPDATE users SET failed_count = failed_count + 1"
                                   " WHERE id = ? RETURNING failed_count");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, user_id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? E_NOTFOUND : db_err(rc);
    int failures = sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    enum err e = store_audit_append(tx, "session.sign_in_failed", "user", user_id, NULL);
    if (e || failures < USER_MAX_FAILURES)
        return e;
    st = db_stmt(tx, "UPDATE users SET locked_until = ?, failed_count = 0 WHERE id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, tx->now + USER_LOCK_MS);
    sqlite3_bind_int64(st, 2, user_id);
    e = db_step_done(st);
    if (e)
        return e;
    *locked_out = 1;
    return store_audit_append(tx, "user.lock", "user", user_id,
                              "too many failed sign-in attempts");
}

enum err store_user_sign_in_ok(struct store_tx *tx, int64_t user_id)
{
    sqlite3_stmt *st = db_stmt(tx, "UPDATE users SET failed_count = 0 WHERE id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, user_id);
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    return store_audit_append(tx, "session.sign_in", "user", user_id, NULL);
}

enum err store_user_unlock(struct store_tx *tx, int64_t user_id)
{
    sqlite3_stmt *st =
        db_stmt(tx, "UPDATE users SET failed_count = 0, locked_until = 0 WHERE id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, user_id);
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    if (sqlite3_changes(tx->conn->db) == 0)
        return E_NOTFOUND;
    return store_audit_append(tx, "user.unlock", "user", user_id, NULL);
}

enum err store_session_insert(struct store_tx *tx, const char *token_hash, int64_t user_id,
                              const char *csrf_token)
{
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO sessions (token_hash, user_id, csrf_token,"
                                   " created_at, last_seen) VALUES (?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, token_hash);
    sqlite3_bind_int64(st, 2, user_id);
    db_bind_text(st, 3, csrf_token);
    sqlite3_bind_int64(st, 4, tx->now);
    sqlite3_bind_int64(st, 5, tx->now);
    return db_step_done(st);
}

enum err store_session_get(struct store_tx *tx, const char *token_hash, struct session_row *out)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT user_id, csrf_token, last_seen FROM sessions"
                                   " WHERE token_hash = ? AND ended_at = 0");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, token_hash);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? E_NOTFOUND : db_err(rc);
    out->user_id = sqlite3_column_int64(st, 0);
    snprintf(out->csrf_token, sizeof(out->csrf_token), "%s", db_col_text(st, 1));
    out->last_seen = sqlite3_column_int64(st, 2);
    return E_OK;
}

enum err store_session_touch(struct store_tx *tx, const char *token_hash)
{
    sqlite3_stmt *st = db_stmt(tx, "UPDATE sessions SET last_seen = ? WHERE token_hash = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, tx->now);
    db_bind_text(st, 2, token_hash);
    return db_step_done(st);
}

enum err store_session_end(struct store_tx *tx, const char *token_hash)
{
    sqlite3_stmt *st = db_stmt(tx, "UPDATE sessions SET ended_at = ?"
                                   " WHERE token_hash = ? AND ended_at = 0 RETURNING user_id");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, tx->now);
    db_bind_text(st, 2, token_hash);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? E_NOTFOUND : db_err(rc);
    int64_t user_id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return store_audit_append(tx, "session.sign_out", "user", user_id, NULL);
}

enum err store_token_insert(struct store_tx *tx, const char *name, const char *scope,
                            const char *token_hash, int64_t *id_out)
{
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO api_tokens (name, scope, token_hash, created_at)"
                                   " VALUES (?, ?, ?, ?)");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, name);
    db_bind_text(st, 2, scope);
    db_bind_text(st, 3, token_hash);
    sqlite3_bind_int64(st, 4, tx->now);
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    *id_out = sqlite3_last_insert_rowid(tx->conn->db);
    return store_audit_append(tx, "token.create", "token", *id_out, NULL);
}

enum err store_token_get(struct store_tx *tx, const char *token_hash, struct token_row *out)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT id, name, scope FROM api_tokens"
                                   " WHERE token_hash = ? AND revoked_at = 0");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, token_hash);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? E_NOTFOUND : db_err(rc);
    out->id = sqlite3_column_int64(st, 0);
    snprintf(out->name, sizeof(out->name), "%s", db_col_text(st, 1));
    snprintf(out->scope, sizeof(out->scope), "%s", db_col_text(st, 2));
    return E_OK;
}
