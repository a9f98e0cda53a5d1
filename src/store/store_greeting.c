/*
 * store_greeting: greeting script queries.
 */
#include "store/store_greeting.h"

#include <string.h>

#include "store/db.h"
#include "store/store_audit.h"

enum err store_greeting_find(struct store_tx *tx, int64_t team_id, const char *line_code,
                             store_greeting_fn fn, void *arg)
{
    sqlite3_stmt *st;
    if (team_id > 0) {
        st = db_stmt(tx, "SELECT t.id, t.name, COALESCE(g.line_code, ''), COALESCE(g.script, '')"
                         " FROM teams t LEFT JOIN line_greetings g ON g.team_id = t.id"
                         " WHERE t.id = ?");
        if (!st)
            return E_DB;
        sqlite3_bind_int64(st, 1, team_id);
    } else {
        st = db_stmt(tx, "SELECT COALESCE(g.team_id, 0), COALESCE(t.name, ''), g.line_code,"
                         " g.script FROM line_greetings g LEFT JOIN teams t ON t.id = g.team_id"
                         " WHERE g.line_code = ?");
        if (!st)
            return E_DB;
        db_bind_text(st, 1, line_code ? line_code : "");
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        struct greeting_line g = {
            .team_id = sqlite3_column_int64(st, 0),
            .team_name = db_col_text(st, 1),
            .line_code = db_col_text(st, 2),
            .script = db_col_text(st, 3),
        };
        char def[GREETING_SCRIPT_MAX * 4 + 64];
        if (!*g.script) {
            greeting_default(g.team_name, def, sizeof(def));
            g.script = def;
            g.is_default = true;
        }
        fn(&g, arg);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return E_NOTFOUND;
    return rc == SQLITE_ROW ? E_OK : db_err(rc);
}

enum err store_greeting_set(struct store_tx *tx, int64_t team_id, const char *line_code,
                            const char *script)
{
    sqlite3_stmt *st;
    if (team_id > 0) {
        st = db_stmt(tx, "SELECT 1 FROM teams WHERE id = ?");
        if (!st)
            return E_DB;
        sqlite3_bind_int64(st, 1, team_id);
        int s = sqlite3_step(st);
        sqlite3_reset(st);
        if (s == SQLITE_DONE)
            return E_NOTFOUND;
        if (s != SQLITE_ROW)
            return db_err(s);
        st = db_stmt(tx, "SELECT id FROM line_greetings WHERE team_id = ?");
        if (!st)
            return E_DB;
        sqlite3_bind_int64(st, 1, team_id);
    } else {
        st = db_stmt(tx, "SELECT id FROM line_greetings WHERE line_code = ?");
        if (!st)
            return E_DB;
        db_bind_text(st, 1, line_code);
    }
    int s = sqlite3_step(st);
    int64_t id = s == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        return db_err(s);
    if (id) {
        st = db_stmt(tx, "UPDATE line_greetings SET script = ?, updated_at = ?,"
                         " line_code = COALESCE(?, line_code) WHERE id = ?");
        if (!st)
            return E_DB;
        db_bind_text(st, 1, script);
        sqlite3_bind_int64(st, 2, tx->now);
        db_bind_text(st, 3, line_code && *line_code ? line_code : NULL);
        sqlite3_bind_int64(st, 4, id);
    } else {
        st = db_stmt(tx, "INSERT INTO line_greetings (team_id, line_code, script, updated_at)"
                         " VALUES (?, ?, ?, ?)");
        if (!st)
            return E_DB;
        if (team_id > 0)
            sqlite3_bind_int64(st, 1, team_id);
        else
            sqlite3_bind_null(st, 1);
        db_bind_text(st, 2, line_code && *line_code ? line_code : NULL);
        db_bind_text(st, 3, script);
        sqlite3_bind_int64(st, 4, tx->now);
    }
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    if (!id)
        id = sqlite3_last_insert_rowid(tx->conn->db);
    return store_audit_append(tx, "line_greeting.set", "line_greeting", id, NULL);
}
