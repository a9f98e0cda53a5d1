/*
 * store_outbox: outbox queries. The inbox reads its own partial index (recipient, newest
 * first); the mailer's claim reads the pending index by next attempt, so neither scans the
 * messages already delivered or read.
 */
#include "store/store_outbox.h"

#include <string.h>

#include "store/db.h"
#include "store/store_audit.h"

static void bind_opt_id(sqlite3_stmt *st, int idx, int64_t id)
{
    if (id > 0)
        sqlite3_bind_int64(st, idx, id);
    else
        sqlite3_bind_null(st, idx);
}

enum err store_outbox_add(struct store_tx *tx, struct outbox_message *m, int64_t now)
{
    bool email = m->channel == OUTBOX_EMAIL;
    if (!email && m->recipient_user_id <= 0)
        return E_INVALID;
    if (email && (!m->to_address || !*m->to_address))
        return E_INVALID;
    sqlite3_stmt *st = db_stmt(
        tx, "INSERT INTO outbox (created_at, channel, recipient_user_id, recipient_worker_id,"
            " recipient_name, to_address, subject, body, link, entity, entity_id, clock_id,"
            " clock_event_id, state, next_attempt_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    m->created_at = now;
    sqlite3_bind_int64(st, 1, now);
    db_bind_text(st, 2, email ? "email" : "in_app");
    bind_opt_id(st, 3, m->recipient_user_id);
    bind_opt_id(st, 4, m->recipient_worker_id);
    db_bind_text(st, 5, m->recipient_name ? m->recipient_name : "");
    db_bind_text(st, 6, email ? m->to_address : "");
    db_bind_text(st, 7, m->subject ? m->subject : "");
    db_bind_text(st, 8, m->body ? m->body : "");
    db_bind_text(st, 9, m->link ? m->link : "");
    db_bind_text(st, 10, m->entity ? m->entity : "");
    sqlite3_bind_int64(st, 11, m->entity_id);
    bind_opt_id(st, 12, m->clock_id);
    bind_opt_id(st, 13, m->clock_event_id);
    db_bind_text(st, 14, email ? "pending" : "unread");
    if (email)
        sqlite3_bind_int64(st, 15, now);
    else
        sqlite3_bind_null(st, 15);
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    m->id = sqlite3_last_insert_rowid(tx->conn->db);
    return E_OK;
}

#define OUTBOX_COLS                                                                                \
    "SELECT id, created_at, channel, COALESCE(recipient_user_id, 0),"                              \
    " COALESCE(recipient_worker_id, 0), recipient_name, to_address, subject, body, link,"          \
    " entity, entity_id, COALESCE(clock_id, 0), COALESCE(clock_event_id, 0), state,"               \
    " attempts, COALESCE(next_attempt_at, 0), last_error, COALESCE(delivered_at, 0),"              \
    " COALESCE(read_at, 0) FROM outbox "

static void row_to_message(sqlite3_stmt *st, struct outbox_message *m)
{
    memset(m, 0, sizeof(*m));
    m->id = sqlite3_column_int64(st, 0);
    m->created_at = sqlite3_column_int64(st, 1);
    m->channel = strcmp(db_col_text(st, 2), "email") == 0 ? OUTBOX_EMAIL : OUTBOX_IN_APP;
    m->recipient_user_id = sqlite3_column_int64(st, 3);
    m->recipient_worker_id = sqlite3_column_int64(st, 4);
    m->recipient_name = db_col_text(st, 5);
    m->to_address = db_col_text(st, 6);
    m->subject = db_col_text(st, 7);
    m->body = db_col_text(st, 8);
    m->link = db_col_text(st, 9);
    m->entity = db_col_text(st, 10);
    m->entity_id = sqlite3_column_int64(st, 11);
    m->clock_id = sqlite3_column_int64(st, 12);
    m->clock_event_id = sqlite3_column_int64(st, 13);
    m->state = db_col_text(st, 14);
    m->attempts = sqlite3_column_int(st, 15);
    m->next_attempt_at = sqlite3_column_int64(st, 16);
    m->last_error = db_col_text(st, 17);
    m->delivered_at = sqlite3_column_int64(st, 18);
    m->read_at = sqlite3_column_int64(st, 19);
}

/* Calls fn for each row of a prepared, bound statement selecting OUTBOX_COLS. */
static enum err each_message(sqlite3_stmt *st, store_outbox_fn fn, void *arg)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct outbox_message m;
        row_to_message(st, &m);
        fn(&m, arg);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? E_OK : db_err(rc);
}

static enum err count(struct store_tx *tx, const char *sql, int64_t user_id, int64_t *out)
{
    sqlite3_stmt *st = db_stmt(tx, sql);
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, user_id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return db_err(rc);
    *out = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return E_OK;
}

enum err store_outbox_inbox(struct store_tx *tx, int64_t user_id, bool unread_only, int limit,
                            int offset, int64_t *unread_out, int64_t *total_out, store_outbox_fn fn,
                            void *arg)
{
    static const char unread_sql[] =
        "SELECT COUNT(*) FROM outbox WHERE recipient_user_id = ? AND state = 'unread'";
    static const char total_sql[] =
        "SELECT COUNT(*) FROM outbox WHERE recipient_user_id = ? AND channel = 'in_app'";
    enum err rc = count(tx, unread_sql, user_id, unread_out);
    if (!rc)
        rc = count(tx, total_sql, user_id, total_out);
    if (rc)
        return rc;
    sqlite3_stmt *st = db_stmt(tx, OUTBOX_COLS "WHERE recipient_user_id = ? AND channel = 'in_app'"
                                               " AND (? = 0 OR state = 'unread')"
                                               " ORDER BY id DESC LIMIT ? OFFSET ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int(st, 2, unread_only ? 1 : 0);
    sqlite3_bind_int(st, 3, limit);
    sqlite3_bind_int(st, 4, offset);
    return each_message(st, fn, arg);
}

enum err store_outbox_mark_read(struct store_tx *tx, int64_t id, int64_t user_id, int64_t now)
{
    sqlite3_stmt *st = db_stmt(tx, "UPDATE outbox SET state = 'read', read_at = ?"
                                   " WHERE id = ? AND recipient_user_id = ? AND channel = 'in_app'"
                                   " AND state = 'unread'");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, id);
    sqlite3_bind_int64(st, 3, user_id);
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    if (sqlite3_changes(tx->conn->db) == 0) {
        /* already read is fine; someone else's (or no such) message is not found */
        int64_t mine = 0;
        st = db_stmt(tx, "SELECT COUNT(*) FROM outbox WHERE id = ? AND recipient_user_id = ?"
                         " AND channel = 'in_app'");
        if (!st)
            return E_DB;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, user_id);
        int r = sqlite3_step(st);
        if (r != SQLITE_ROW)
            return db_err(r);
        mine = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        return mine ? E_OK : E_NOTFOUND;
    }
    return store_audit_append(tx, "message.read", "message", id, NULL);
}

enum err store_outbox_for_clock(struct store_tx *tx, int64_t clock_id, store_outbox_fn fn,
                                void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, OUTBOX_COLS "WHERE clock_id = ? ORDER BY id");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, clock_id);
    return each_message(st, fn, arg);
}

enum err store_outbox_claim_email(struct store_tx *tx, int64_t now, int max, int64_t lease_ms,
                                  store_outbox_fn fn, void *arg, int64_t *next_out)
{
    sqlite3_stmt *st = db_stmt(tx, "UPDATE outbox SET attempts = attempts + 1,"
                                   " next_attempt_at = ?1 + ?2"
                                   " WHERE id IN (SELECT id FROM outbox WHERE state = 'pending'"
                                   " AND next_attempt_at <= ?1 ORDER BY next_attempt_at"
                                   " LIMIT ?3) RETURNING id");
    if (!st)
        return E_DB;
    int64_t ids[64];
    if (max < 1 || max > (int)(sizeof(ids) / sizeof(ids[0])))
        max = (int)(sizeof(ids) / sizeof(ids[0]));
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, lease_ms);
    sqlite3_bind_int(st, 3, max);
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (n < max) /* the LIMIT already keeps to max */
            ids[n++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return db_err(rc);
    for (int i = 0; i < n; i++) {
        st = db_stmt(tx, OUTBOX_COLS "WHERE id = ?");
        if (!st)
            return E_DB;
        sqlite3_bind_int64(st, 1, ids[i]);
        enum err e = each_message(st, fn, arg);
        if (e)
            return e;
    }
    st = db_stmt(tx, "SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending'");
    if (!st)
        return E_DB;
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return db_err(rc);
    *next_out = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return E_OK;
}

enum err store_outbox_delivered(struct store_tx *tx, int64_t id, int64_t now)
{
    sqlite3_stmt *st = db_stmt(tx, "UPDATE outbox SET state = 'delivered', delivered_at = ?,"
                                   " next_attempt_at = NULL, last_error = ''"
                                   " WHERE id = ? AND channel = 'email'");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, id);
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    if (sqlite3_changes(tx->conn->db) == 0)
        return E_NOTFOUND;
    return store_audit_append(tx, "message.delivered", "message", id, NULL);
}

enum err store_outbox_attempt_failed(struct store_tx *tx, int64_t id, const char *reason,
                                     int64_t retry_at)
{
    sqlite3_stmt *st = db_stmt(tx, "UPDATE outbox SET last_error = ?1,"
                                   " state = CASE WHEN ?2 = 0 THEN 'failed' ELSE state END,"
                                   " next_attempt_at = NULLIF(?2, 0)"
                                   " WHERE id = ?3 AND channel = 'email'");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, reason ? reason : "");
    sqlite3_bind_int64(st, 2, retry_at);
    sqlite3_bind_int64(st, 3, id);
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    if (sqlite3_changes(tx->conn->db) == 0)
        return E_NOTFOUND;
    return retry_at ? E_OK : store_audit_append(tx, "message.failed", "message", id, reason);
}
