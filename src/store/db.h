/*
 * db: SQLite plumbing shared by the store's modules — connections with a statement cache,
 * transactions, and error mapping. Private to src/store: nothing above the store includes it.
 *
 * SQL trace: when the environment variable FRONTDOOR_SQL_TRACE names a file at db_conn_open,
 * the connection appends to it the text of every statement db_stmt compiles, each followed by
 * a NUL byte (SQL may hold new lines; NUL cannot occur in it). A connection compiles each
 * statement once, so the file holds one record per statement per connection: the same text
 * recurs across connections and processes (any number of them may share the file; each
 * record is one O_APPEND write). scripts/pg-check reads it, see docs/postgresql.md. Off (the
 * variable unset or empty), it costs one test per compiled statement. Statements run by
 * db_exec are not traced.
 */
#ifndef FD_STORE_DB_H
#define FD_STORE_DB_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/audit.h"
#include "store/store.h"

struct db_cached_stmt {
    const char *sql; /* identity of a static SQL string; NULL for an empty slot */
    sqlite3_stmt *stmt;
};

struct db_conn {
    sqlite3 *db;
    int trace_fd; /* owned; -1 unless FRONTDOOR_SQL_TRACE was set at open (see above) */
    /* open-addressing hash table keyed by the SQL string's address; grows at half full */
    struct db_cached_stmt *cache; /* owned */
    size_t n_cached, cap;
};

struct store_tx {
    struct store *store;
    struct db_conn *conn;
    int writable;
    int64_t now;     /* batch time, UTC ms */
    int64_t user_id; /* actor, for audit events */
    const char *request_id;
    /* head of the audit chain as this transaction sees it (writer only) */
    int64_t audit_seq;
    char audit_hash[AUDIT_HASH_HEX];
};

enum err db_conn_open(struct db_conn *c, const char *path, int readonly,
                      struct err_info *info) MUST_CHECK;
void db_conn_close(struct db_conn *c);
/* Runs SQL text without parameters (pragmas, BEGIN, migrations); may hold several statements. */
enum err db_exec(struct db_conn *c, const char *sql) MUST_CHECK;

/* A cached prepared statement for a static SQL string, reset and unbound, or NULL on error
 * (logged). Borrowed: valid until the next db_stmt for the same SQL on this connection. */
sqlite3_stmt *db_stmt(struct store_tx *tx, const char *sql);
/* Resets every cached statement, so none holds the snapshot open past a transaction. */
void db_reset_all(struct db_conn *c);
/* Maps an SQLite result code to enum err. */
enum err db_err(int rc);
/* Steps a statement that returns no rows; maps the result. */
enum err db_step_done(sqlite3_stmt *st) MUST_CHECK;
/* Binds text, NULL binding SQL NULL. */
void db_bind_text(sqlite3_stmt *st, int idx, const char *s);
/* Column text as a string owned by the arena-free caller: never NULL (returns ""). Borrowed
 * until the statement steps again. */
const char *db_col_text(sqlite3_stmt *st, int col);

#endif
