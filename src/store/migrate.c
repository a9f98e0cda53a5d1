/*
 * migrate: schema history. Never edit a shipped migration: add the next number. Times are
 * BIGINT milliseconds UTC; case records and audit events refuse UPDATE and DELETE by trigger,
 * so even a mistaken query cannot silently change evidence (amendments are new rows).
 */
#include "store/migrate.h"

#include <stddef.h>

#include "core/log.h"
#include "core/timefmt.h"

static const char *const migrations[] = {
    /* 1: the platform — teams, users, sessions, tokens, contacts, audit chain */
    "CREATE TABLE teams ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  kind TEXT NOT NULL DEFAULT '',"
    "  created_at BIGINT NOT NULL);"
    "CREATE TABLE users ("
    "  id INTEGER PRIMARY KEY,"
    "  username TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  role TEXT NOT NULL,"
    "  team_id INTEGER REFERENCES teams(id),"
    "  password_hash TEXT NOT NULL,"
    "  failed_count INTEGER NOT NULL DEFAULT 0,"
    "  locked_until BIGINT NOT NULL DEFAULT 0,"
    "  active INTEGER NOT NULL DEFAULT 1,"
    "  created_at BIGINT NOT NULL);"
    "CREATE TABLE sessions ("
    "  token_hash TEXT PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  csrf_token TEXT NOT NULL,"
    "  created_at BIGINT NOT NULL,"
    "  last_seen BIGINT NOT NULL,"
    "  ended_at BIGINT NOT NULL DEFAULT 0);"
    "CREATE INDEX sessions_user ON sessions(user_id);"
    "CREATE TABLE api_tokens ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  scope TEXT NOT NULL,"
    "  token_hash TEXT NOT NULL UNIQUE,"
    "  created_at BIGINT NOT NULL,"
    "  revoked_at BIGINT NOT NULL DEFAULT 0);"
    "CREATE TABLE reference_counters ("
    "  prefix TEXT NOT NULL,"
    "  year INTEGER NOT NULL,"
    "  last_seq BIGINT NOT NULL,"
    "  PRIMARY KEY (prefix, year));"
    "CREATE TABLE contacts ("
    "  id INTEGER PRIMARY KEY,"
    "  reference TEXT NOT NULL UNIQUE,"
    "  channel TEXT NOT NULL,"
    "  received_at BIGINT NOT NULL,"
    "  caller_name TEXT NOT NULL,"
    "  summary TEXT NOT NULL,"
    "  created_at BIGINT NOT NULL,"
    "  created_by INTEGER NOT NULL REFERENCES users(id));"
    "CREATE INDEX contacts_received ON contacts(received_at, id);"
    "CREATE TRIGGER contacts_no_update BEFORE UPDATE ON contacts"
    "  BEGIN SELECT RAISE(ABORT, 'contacts are evidence: amend, do not update'); END;"
    "CREATE TRIGGER contacts_no_delete BEFORE DELETE ON contacts"
    "  BEGIN SELECT RAISE(ABORT, 'contacts are evidence: they cannot be deleted'); END;"
    "CREATE TABLE audit_events ("
    "  seq INTEGER PRIMARY KEY,"
    "  at BIGINT NOT NULL,"
    "  user_id INTEGER NOT NULL,"
    "  action TEXT NOT NULL,"
    "  entity TEXT NOT NULL,"
    "  entity_id BIGINT NOT NULL,"
    "  request_id TEXT NOT NULL,"
    "  reason TEXT NOT NULL,"
    "  prev_hash TEXT NOT NULL,"
    "  hash TEXT NOT NULL);"
    "CREATE INDEX audit_entity ON audit_events(entity, entity_id, seq);"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_events"
    "  BEGIN SELECT RAISE(ABORT, 'audit events cannot be changed'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_events"
    "  BEGIN SELECT RAISE(ABORT, 'audit events cannot be deleted'); END;",
};

#define N_MIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

int migrate_latest(void)
{
    return N_MIGRATIONS;
}

static enum err current_version(struct db_conn *c, int *out)
{
    static const char sql[] = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK)
        return E_DB;
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? E_OK : db_err(rc);
}

static enum err record_version(struct db_conn *c, int version)
{
    static const char sql[] = "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)";
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK)
        return E_DB;
    sqlite3_bind_int(st, 1, version);
    sqlite3_bind_int64(st, 2, timefmt_now_ms());
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? E_OK : db_err(rc);
}

enum err migrate_apply(struct db_conn *c, int *version_out, struct err_info *info)
{
    enum err rc = db_exec(c, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                             " version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
    int version = 0;
    if (!rc)
        rc = current_version(c, &version);
    if (rc)
        return err_set(info, rc, "db", "could not read the schema version");
    if (version > N_MIGRATIONS)
        return err_set(info, E_CONFLICT, "db",
                       "database schema %d is newer than this frontdoor (%d)", version,
                       N_MIGRATIONS);
    for (int v = version + 1; v <= N_MIGRATIONS; v++) {
        rc = db_exec(c, "BEGIN IMMEDIATE");
        if (!rc)
            rc = db_exec(c, migrations[v - 1]);
        if (!rc)
            rc = record_version(c, v);
        if (!rc)
            rc = db_exec(c, "COMMIT");
        if (rc) {
            enum err ignored = db_exec(c, "ROLLBACK");
            (void)ignored;
            return err_set(info, rc, "db", "could not apply migration %d", v);
        }
        log_info("applied migration %d", v);
    }
    *version_out = N_MIGRATIONS;
    return E_OK;
}
