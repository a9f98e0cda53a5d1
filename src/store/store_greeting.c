/*
 * store_greeting: greeting script queries. A line's current script is read from line_greetings
 * joined to its team; the default script is the newest default version, read first into a
 * buffer because a line without a script of its own is shown with it. History rows are keyed
 * by COALESCE(team_id, 0), 0 being the default, which is also the index that serves them.
 */
#include "store/store_greeting.h"

#include <stdio.h>
#include <string.h>

#include "domain/team.h"
#include "store/db.h"
#include "store/store_audit.h"

#define SCRIPT_BYTES (GREETING_SCRIPT_MAX * 4 + 1)

/* The columns every line query returns, in this order. */
#define LINE_COLS                                                                                  \
    "t.id, t.name, COALESCE(g.line_code, ''), g.script, t.duty_line, COALESCE(g.version, 0),"      \
    " t.kind"

struct default_script {
    char script[SCRIPT_BYTES];
    int version;
};

static enum err read_default(struct store_tx *tx, struct default_script *out)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT script, version FROM line_greeting_versions"
                                   " WHERE COALESCE(team_id, 0) = 0 ORDER BY version DESC LIMIT 1");
    if (!st)
        return E_DB;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(out->script, sizeof(out->script), "%s", db_col_text(st, 0));
        out->version = sqlite3_column_int(st, 1);
    } else {
        /* no default stored: the one shipped */
        snprintf(out->script, sizeof(out->script), "%s", GREETING_DEFAULT_SCRIPT);
        out->version = 0;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}

/* A LINE_COLS row as a greeting_line borrowing from st and def. */
static struct greeting_line row_to_line(sqlite3_stmt *st, const struct default_script *def)
{
    bool own = sqlite3_column_type(st, 3) != SQLITE_NULL;
    return (struct greeting_line){
        .team_id = sqlite3_column_int64(st, 0),
        .team_name = db_col_text(st, 1),
        .line_code = db_col_text(st, 2),
        .script = own ? db_col_text(st, 3) : def->script,
        .duty_line = db_col_text(st, 4),
        .version = sqlite3_column_int(st, 5),
        .is_default = !own,
    };
}

/* Steps st (LINE_COLS rows), calling fn for each line; with only_council, for the council's
 * teams only. *n_out counts the lines given to fn. */
static enum err each_line(sqlite3_stmt *st, const struct default_script *def, bool only_council,
                          store_greeting_fn fn, void *arg, int *n_out)
{
    int rc;
    *n_out = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (only_council && !team_type_is_council(team_type_parse(db_col_text(st, 6))))
            continue;
        struct greeting_line g = row_to_line(st, def);
        fn(&g, arg);
        ++*n_out;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? E_OK : db_err(rc);
}

enum err store_greeting_find(struct store_tx *tx, int64_t team_id, const char *line_code,
                             store_greeting_fn fn, void *arg)
{
    struct default_script def;
    enum err rc = read_default(tx, &def);
    if (rc)
        return rc;
    sqlite3_stmt *st;
    if (team_id > 0) {
        st = db_stmt(tx, "SELECT " LINE_COLS " FROM teams t"
                         " LEFT JOIN line_greetings g ON g.team_id = t.id WHERE t.id = ?");
        if (!st)
            return E_DB;
        sqlite3_bind_int64(st, 1, team_id);
    } else {
        st = db_stmt(tx, "SELECT COALESCE(g.team_id, 0), COALESCE(t.name, ''), g.line_code,"
                         " g.script, COALESCE(t.duty_line, ''), g.version, COALESCE(t.kind, '')"
                         " FROM line_greetings g LEFT JOIN teams t ON t.id = g.team_id"
                         " WHERE g.line_code = ?");
        if (!st)
            return E_DB;
        db_bind_text(st, 1, line_code ? line_code : "");
    }
    int n;
    rc = each_line(st, &def, false, fn, arg, &n);
    if (!rc && n == 0)
        rc = E_NOTFOUND;
    return rc;
}

enum err store_greeting_lines(struct store_tx *tx, store_greeting_fn fn, void *arg)
{
    struct default_script def;
    enum err rc = read_default(tx, &def);
    if (rc)
        return rc;
    sqlite3_stmt *st = db_stmt(tx, "SELECT " LINE_COLS " FROM teams t"
                                   " LEFT JOIN line_greetings g ON g.team_id = t.id"
                                   " WHERE t.duty_line <> '' ORDER BY t.name, t.id");
    if (!st)
        return E_DB;
    int n;
    return each_line(st, &def, true, fn, arg, &n);
}

enum err store_greeting_line(struct store_tx *tx, int64_t team_id, store_greeting_fn fn, void *arg)
{
    struct default_script def;
    enum err rc = read_default(tx, &def);
    if (rc)
        return rc;
    sqlite3_stmt *st = db_stmt(tx, "SELECT " LINE_COLS " FROM teams t"
                                   " LEFT JOIN line_greetings g ON g.team_id = t.id"
                                   " WHERE t.id = ? AND t.duty_line <> ''");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, team_id);
    int n;
    rc = each_line(st, &def, true, fn, arg, &n);
    if (!rc && n == 0)
        rc = E_NOTFOUND;
    return rc;
}

enum err store_greeting_default(struct store_tx *tx, store_greeting_fn fn, void *arg)
{
    struct default_script def;
    enum err rc = read_default(tx, &def);
    if (rc)
        return rc;
    struct greeting_line g = {
        .team_name = "",
        .line_code = "",
        .duty_line = "",
        .script = def.script,
        .is_default = true,
        .version = def.version,
    };
    fn(&g, arg);
    return E_OK;
}

enum err store_greeting_history(struct store_tx *tx, int64_t team_id, store_greeting_version_fn fn,
                                void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT v.version, v.script, v.changed_at, v.changed_by,"
                                   " COALESCE(u.name, ''), v.reason"
                                   " FROM line_greeting_versions v"
                                   " LEFT JOIN users u ON u.id = v.changed_by"
                                   " WHERE COALESCE(v.team_id, 0) = ? ORDER BY v.version DESC");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, team_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct greeting_version v = {
            .team_id = team_id,
            .version = sqlite3_column_int(st, 0),
            .script = sqlite3_column_type(st, 1) == SQLITE_NULL ? NULL : db_col_text(st, 1),
            .changed_at = sqlite3_column_int64(st, 2),
            .changed_by = sqlite3_column_int64(st, 3),
            .changed_by_name = db_col_text(st, 4),
            .reason = db_col_text(st, 5),
        };
        fn(&v, arg);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? E_OK : db_err(rc);
}

/* Adds the next version of team_id's script (0: the default's); *version_out is its number. */
static enum err add_version(struct store_tx *tx, int64_t team_id, const char *script, int64_t now,
                            const char *reason, int *version_out)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT COALESCE(MAX(version), 0) FROM line_greeting_versions"
                                   " WHERE COALESCE(team_id, 0) = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, team_id);
    int rc = sqlite3_step(st);
    int version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) + 1 : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return db_err(rc);
    st = db_stmt(tx, "INSERT INTO line_greeting_versions (team_id, version, script, changed_at,"
                     " changed_by, reason) VALUES (?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    if (team_id > 0)
        sqlite3_bind_int64(st, 1, team_id);
    else
        sqlite3_bind_null(st, 1);
    sqlite3_bind_int(st, 2, version);
    db_bind_text(st, 3, script);
    sqlite3_bind_int64(st, 4, now);
    sqlite3_bind_int64(st, 5, tx->user_id);
    db_bind_text(st, 6, reason);
    enum err e = db_step_done(st);
    if (!e)
        *version_out = version;
    return e;
}

enum err store_greeting_set(struct store_tx *tx, int64_t team_id, const char *line_code,
                            const char *script, int64_t now, const char *reason, int *version_out)
{
    if (team_id < 1)
        return E_NOTFOUND;
    sqlite3_stmt *st = db_stmt(tx, "SELECT 1 FROM teams WHERE id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, team_id);
    int s = sqlite3_step(st);
    sqlite3_reset(st);
    if (s == SQLITE_DONE)
        return E_NOTFOUND;
    if (s != SQLITE_ROW)
        return db_err(s);

    int version = 0;
    enum err rc = add_version(tx, team_id, script, now, reason, &version);
    if (rc)
        return rc;

    st = db_stmt(tx, "SELECT id FROM line_greetings WHERE team_id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, team_id);
    s = sqlite3_step(st);
    int64_t id = s == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        return db_err(s);
    const char *code = line_code && *line_code ? line_code : NULL;
    if (id) {
        st = db_stmt(tx, "UPDATE line_greetings SET script = ?, version = ?, updated_at = ?,"
                         " line_code = COALESCE(?, line_code) WHERE id = ?");
        if (!st)
            return E_DB;
        db_bind_text(st, 1, script);
        sqlite3_bind_int(st, 2, version);
        sqlite3_bind_int64(st, 3, now);
        db_bind_text(st, 4, code);
        sqlite3_bind_int64(st, 5, id);
    } else {
        st = db_stmt(tx, "INSERT INTO line_greetings (team_id, line_code, script, version,"
                         " updated_at) VALUES (?, ?, ?, ?, ?)");
        if (!st)
            return E_DB;
        sqlite3_bind_int64(st, 1, team_id);
        db_bind_text(st, 2, code);
        db_bind_text(st, 3, script);
        sqlite3_bind_int(st, 4, version);
        sqlite3_bind_int64(st, 5, now);
    }
    rc = db_step_done(st);
    if (rc)
        return rc;
    if (version_out)
        *version_out = version;
    return store_audit_append(tx, script ? "line_greeting.set" : "line_greeting.use_default",
                              "line", team_id, reason);
}

enum err store_greeting_set_default(struct store_tx *tx, const char *script, int64_t now,
                                    const char *reason, int *version_out)
{
    if (!script)
        return E_INVALID;
    int version = 0;
    enum err rc = add_version(tx, 0, script, now, reason, &version);
    if (rc)
        return rc;
    if (version_out)
        *version_out = version;
    return store_audit_append(tx, "line_greeting.set_default", "line", 0, reason);
}
