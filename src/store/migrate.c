/*
 * migrate: schema history, from src/store/migrations/NNNN_name.sql (compiled in). Never edit a
 * shipped migration: add the next number. Times are
 * BIGINT milliseconds UTC; case records and audit events refuse UPDATE and DELETE by trigger,
 * so even a mistaken query cannot silently change evidence (amendments are new rows).
 */
#include "store/migrate.h"

#include <stddef.h>
#include <stdlib.h>

#include "core/log.h"
#include "http/assets.h"
#include "core/timefmt.h"

/* Version of the migration at index i: the number its file name starts with. */
static int version_at(unsigned long i)
{
    return (int)strtol(migrations_table[i].path + 1, NULL, 10);
}

#define N_MIGRATIONS ((int)migrations_count)

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
    for (unsigned long i = 0; i < migrations_count; i++)
        if (version_at(i) != (int)i + 1)
            return err_set(info, E_DB, "db", "migration files must be numbered 1, 2, 3 ... ('%s')",
                           migrations_table[i].path + 1);
    if (version > N_MIGRATIONS)
        return err_set(info, E_CONFLICT, "db",
                       "database schema %d is newer than this frontdoor (%d)", version,
                       N_MIGRATIONS);
    for (int v = version + 1; v <= N_MIGRATIONS; v++) {
        rc = db_exec(c, "BEGIN IMMEDIATE");
        if (!rc)
            rc = db_exec(c, (const char *)migrations_table[v - 1].data);
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
