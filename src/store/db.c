/*
 * db: SQLite connections. Statements are cached per connection in a hash table keyed by the
 * address of their static SQL text, so each is compiled once per connection and every query is
 * prepared and bound.
 */
#include "store/db.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/xalloc.h"

enum err db_err(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW:
        return E_OK;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return E_BUSY;
    case SQLITE_CONSTRAINT:
        return E_CONFLICT;
    case SQLITE_NOMEM:
        return E_NOMEM;
    case SQLITE_TOOBIG:
        return E_TOOBIG;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
        return E_IO;
    default:
        return E_DB;
    }
}

enum err db_exec(struct db_conn *c, const char *sql)
{
    const char *tail = sql;
    while (tail && *tail) {
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v2(c->db, tail, -1, &st, &tail);
        if (rc != SQLITE_OK) {
            log_error("could not prepare statement: %s", sqlite3_errmsg(c->db));
            return db_err(rc);
        }
        if (!st)
            break; /* only white space or comments left */
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            ;
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) {
            log_error("could not run statement: %s", sqlite3_errmsg(c->db));
            return db_err(rc);
        }
    }
    return E_OK;
}

enum err db_conn_open(struct db_conn *c, const char *path, int readonly, struct err_info *info)
{
    memset(c, 0, sizeof(*c));
    c->trace_fd = -1;
    const char *trace = getenv("FRONTDOOR_SQL_TRACE");
    if (trace && *trace) {
        c->trace_fd = open(trace, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
        if (c->trace_fd < 0)
            log_warn("could not open SQL trace '%s'", trace);
    }
    int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    flags |= SQLITE_OPEN_NOMUTEX; /* each connection is used by one thread at a time */
    int rc = sqlite3_open_v2(path, &c->db, flags, NULL);
    if (rc != SQLITE_OK) {
        err_set(info, E_IO, "db", "could not open database '%s': %s", path,
                c->db ? sqlite3_errmsg(c->db) : "out of memory");
        db_conn_close(c);
        return E_IO;
    }
    sqlite3_busy_timeout(c->db, 5000);
    sqlite3_extended_result_codes(c->db, 1);
    /* temp_store=MEMORY: the writer's per-request SAVEPOINT otherwise spills its statement
     * journal to a new file in /var/tmp on every commit (an open, an unlink and ~16 page
     * writes each time), and sorts would leave personal data in temporary files. The page
     * cache is sized for the writer's working set (the indexes a contact touches) so commits
     * do not re-read pages from the WAL. */
    enum err e = db_exec(c, readonly ? "PRAGMA foreign_keys=ON; PRAGMA query_only=ON;"
                                       " PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16384;"
                                     : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                                       " PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
                                       " PRAGMA cache_size=-65536;");
    if (e) {
        err_set(info, e, "db", "could not configure database '%s'", path);
        db_conn_close(c);
    }
    return e;
}

void db_conn_close(struct db_conn *c)
{
    for (size_t i = 0; i < c->cap; i++)
        if (c->cache[i].sql)
            sqlite3_finalize(c->cache[i].stmt);
    free(c->cache);
    c->cache = NULL;
    c->n_cached = c->cap = 0;
    if (c->db)
        sqlite3_close(c->db);
    c->db = NULL;
    if (c->trace_fd >= 0)
        close(c->trace_fd);
    c->trace_fd = -1;
}

/* Appends sql and its terminating NUL as one record. One write() with O_APPEND, so records
 * from other connections and processes never interleave within one. Best effort: a failed
 * write loses a record of a diagnostic, not data. */
static void trace_stmt(const struct db_conn *c, const char *sql)
{
    ssize_t n = write(c->trace_fd, sql, strlen(sql) + 1);
    (void)n;
}

static size_t slot_of(const struct db_conn *c, const char *sql)
{
    uintptr_t h = (uintptr_t)sql;
    h ^= h >> 17;
    h *= (uintptr_t)0x9E3779B97F4A7C15ULL;
    size_t i = (size_t)(h ^ (h >> 29)) & (c->cap - 1);
    while (c->cache[i].sql && c->cache[i].sql != sql)
        i = (i + 1) & (c->cap - 1);
    return i;
}

static void cache_grow(struct db_conn *c)
{
    struct db_cached_stmt *old = c->cache;
    size_t old_cap = c->cap;
    c->cap = old_cap ? old_cap * 2 : 128;
    c->cache = xcalloc(c->cap, sizeof(*c->cache));
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].sql)
            c->cache[slot_of(c, old[i].sql)] = old[i];
    free(old);
}

sqlite3_stmt *db_stmt(struct store_tx *tx, const char *sql)
{
    struct db_conn *c = tx->conn;
    if (c->cap) {
        struct db_cached_stmt *e = &c->cache[slot_of(c, sql)];
        if (e->sql) {
            sqlite3_reset(e->stmt);
            sqlite3_clear_bindings(e->stmt);
            return e->stmt;
        }
    }
    if (c->trace_fd >= 0)
        trace_stmt(c, sql);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        log_error("could not prepare statement: %s", sqlite3_errmsg(c->db));
        return NULL;
    }
    if (2 * (c->n_cached + 1) > c->cap)
        cache_grow(c);
    struct db_cached_stmt *e = &c->cache[slot_of(c, sql)];
    e->sql = sql;
    e->stmt = st;
    c->n_cached++;
    return st;
}

enum err db_step_done(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW)
        return E_OK;
    if ((rc & 0xff) != SQLITE_CONSTRAINT)
        log_error("statement failed: %s", sqlite3_errmsg(sqlite3_db_handle(st)));
    return db_err(rc);
}

void db_bind_text(sqlite3_stmt *st, int idx, const char *s)
{
    if (s)
        sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, idx);
}

const char *db_col_text(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return t ? (const char *)t : "";
}

void db_reset_all(struct db_conn *c)
{
    for (size_t i = 0; i < c->cap; i++)
        if (c->cache[i].sql)
            sqlite3_reset(c->cache[i].stmt);
}
