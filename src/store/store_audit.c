/*
 * store_audit: audit rows. The chain head lives in the transaction (see store.c), so an append
 * costs one INSERT and one hash, with no read-back.
 */
#include "store/store_audit.h"

#include <stdio.h>
#include <string.h>

#include "store/db.h"

enum err store_audit_append(struct store_tx *tx, const char *action, const char *entity,
                            int64_t entity_id, const char *reason)
{
    if (!tx->writable)
        return E_DENIED;
    struct audit_event e = {
        .seq = tx->audit_seq + 1,
        .at = tx->now,
        .user_id = tx->user_id,
        .action = action,
        .entity = entity,
        .entity_id = entity_id,
        .request_id = tx->request_id ? tx->request_id : "",
        .reason = reason ? reason : "",
    };
    memcpy(e.prev_hash, tx->audit_hash, sizeof(e.prev_hash));
    audit_seal(&e);
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO audit_events (seq, at, user_id, action, entity,"
                                   " entity_id, request_id, reason, prev_hash, hash)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, e.seq);
    sqlite3_bind_int64(st, 2, e.at);
    sqlite3_bind_int64(st, 3, e.user_id);
    db_bind_text(st, 4, e.action);
    db_bind_text(st, 5, e.entity);
    sqlite3_bind_int64(st, 6, e.entity_id);
    db_bind_text(st, 7, e.request_id);
    db_bind_text(st, 8, e.reason);
    db_bind_text(st, 9, e.prev_hash);
    db_bind_text(st, 10, e.hash);
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    tx->audit_seq = e.seq;
    memcpy(tx->audit_hash, e.hash, sizeof(tx->audit_hash));
    return E_OK;
}

static void row_to_event(sqlite3_stmt *st, struct audit_event *e)
{
    e->seq = sqlite3_column_int64(st, 0);
    e->at = sqlite3_column_int64(st, 1);
    e->user_id = sqlite3_column_int64(st, 2);
    e->action = db_col_text(st, 3);
    e->entity = db_col_text(st, 4);
    e->entity_id = sqlite3_column_int64(st, 5);
    e->request_id = db_col_text(st, 6);
    e->reason = db_col_text(st, 7);
    snprintf(e->prev_hash, sizeof(e->prev_hash), "%s", db_col_text(st, 8));
    snprintf(e->hash, sizeof(e->hash), "%s", db_col_text(st, 9));
}

enum err store_audit_list(struct store_tx *tx, const char *entity, int64_t entity_id, int limit,
                          store_audit_fn fn, void *arg)
{
    sqlite3_stmt *st =
        db_stmt(tx, "SELECT a.seq, a.at, a.user_id, a.action, a.entity, a.entity_id, a.request_id,"
                    " a.reason, a.prev_hash, a.hash, COALESCE(u.username, '')"
                    " FROM audit_events a LEFT JOIN users u ON u.id = a.user_id"
                    " WHERE a.entity = ? AND (? = 0 OR a.entity_id = ?)"
                    " ORDER BY a.seq DESC LIMIT ?");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, entity);
    sqlite3_bind_int64(st, 2, entity_id);
    sqlite3_bind_int64(st, 3, entity_id);
    sqlite3_bind_int(st, 4, limit);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct audit_event e;
        row_to_event(st, &e);
        fn(&e, db_col_text(st, 10), arg);
    }
    return db_err(rc);
}

enum err store_audit_head(struct store_tx *tx, struct audit_anchor *out)
{
    memset(out, 0, sizeof(*out));
    memcpy(out->hash, audit_genesis, sizeof(out->hash));
    sqlite3_stmt *st = db_stmt(tx, "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1");
    if (!st)
        return E_DB;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->seq = sqlite3_column_int64(st, 0);
        snprintf(out->hash, sizeof(out->hash), "%s", db_col_text(st, 1));
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}

enum err store_audit_verify(struct store_tx *tx, struct audit_verdict *out)
{
    return store_audit_verify_anchor(tx, NULL, out);
}

enum err store_audit_verify_anchor(struct store_tx *tx, const struct audit_anchor *anchor,
                                   struct audit_verdict *out)
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *st = db_stmt(tx, "SELECT seq, at, user_id, action, entity, entity_id,"
                                   " request_id, reason, prev_hash, hash"
                                   " FROM audit_events ORDER BY seq");
    if (!st)
        return E_DB;
    char prev[AUDIT_HASH_HEX];
    memcpy(prev, audit_genesis, sizeof(prev));
    int64_t want_seq = 1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct audit_event e;
        row_to_event(st, &e);
        out->n_events++;
        const char *problem = NULL;
        if (e.seq != want_seq)
            problem = "an event before it is missing";
        else if (strcmp(e.prev_hash, prev) != 0)
            problem = "it does not link to the event before it";
        else if (!audit_check(&e))
            problem = "its content does not match its hash";
        else if (anchor && e.seq == anchor->seq && strcmp(e.hash, anchor->hash) != 0)
            problem = "it is not the event the anchor recorded: the chain was rewritten";
        if (problem) {
            out->first_bad_seq = e.seq;
            snprintf(out->problem, sizeof(out->problem), "%s", problem);
            return E_OK;
        }
        memcpy(prev, e.hash, sizeof(prev));
        want_seq = e.seq + 1;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return db_err(rc);
    if (anchor && anchor->seq >= want_seq) {
        out->first_bad_seq = anchor->seq;
        snprintf(out->problem, sizeof(out->problem),
                 "the chain ends at event %lld, before the anchor: newer events were removed",
                 (long long)(want_seq - 1));
    }
    return E_OK;
}
