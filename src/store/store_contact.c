/*
 * store_contact: contact queries. The reference sequence is per prefix and year, kept in
 * reference_counters and advanced inside the same transaction as the insert, so numbers are
 * gapless except where a whole transaction rolled back.
 */
#include "store/store_contact.h"

#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "store/store_audit.h"
#include "store/store_clock.h"

static enum err next_reference(struct store_tx *tx, const char *prefix, int year, int64_t *out)
{
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO reference_counters (prefix, year, last_seq)"
                                   " VALUES (?, ?, 1) ON CONFLICT (prefix, year)"
                                   " DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, prefix);
    sqlite3_bind_int(st, 2, year);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return db_err(rc);
    *out = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return E_OK;
}

/* UTC year of an instant; close enough for a reference's label (it is not a deadline). */
static int year_of(int64_t at_ms)
{
    int64_t days = at_ms / 86400000;
    int y = 1970;
    for (;;) {
        int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        int len = 365 + leap;
        if (days < len)
            return y;
        days -= len;
        y++;
    }
}

enum err store_contact_insert(struct store_tx *tx, struct contact *c)
{
    int64_t seq = 0;
    c->created_at = tx->now;
    c->created_by = tx->user_id;
    int year = year_of(c->created_at);
    enum err rc = next_reference(tx, "C", year, &seq);
    if (rc)
        return rc;
    contact_reference(year, seq, c->reference);
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO contacts (reference, channel, received_at,"
                                   " caller_name, summary, created_at, created_by,"
                                   " created_by_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, c->reference);
    db_bind_text(st, 2, channel_name(c->channel));
    sqlite3_bind_int64(st, 3, c->received_at);
    db_bind_text(st, 4, c->caller_name);
    db_bind_text(st, 5, c->summary);
    sqlite3_bind_int64(st, 6, c->created_at);
    /* a negative actor is an integration token (see request_actor) */
    if (c->created_by > 0) {
        sqlite3_bind_int64(st, 7, c->created_by);
        sqlite3_bind_null(st, 8);
    } else {
        sqlite3_bind_null(st, 7);
        sqlite3_bind_int64(st, 8, -c->created_by);
    }
    rc = db_step_done(st);
    if (rc)
        return rc;
    c->id = sqlite3_last_insert_rowid(tx->conn->db);
    rc = store_audit_append(tx, "contact.create", "contact", c->id, NULL);
    if (rc)
        return rc;
    /* the clocks that start with a contact (C6: action recorded within 24 hours of it), owned
     * by whoever recorded it */
    struct store_clock_subject subject = {.entity = "contact",
                                          .entity_id = c->id,
                                          .owner_user_id = c->created_by > 0 ? c->created_by : 0,
                                          .at = c->received_at};
    struct store_clock_event_result started;
    return store_clock_event(tx, "contact.created", &subject, &started);
}

#define CONTACT_COLS                                                                           \
    "SELECT c.id, c.reference, c.channel, c.received_at, c.caller_name, c.summary,"            \
    " c.created_at, COALESCE(c.created_by, -c.created_by_token),"                              \
    " COALESCE(u.name, t.name, '')"                                                            \
    " FROM contacts c LEFT JOIN users u ON u.id = c.created_by"                                \
    " LEFT JOIN api_tokens t ON t.id = c.created_by_token "

static void row_to_contact(sqlite3_stmt *st, struct contact *c)
{
    memset(c, 0, sizeof(*c));
    c->id = sqlite3_column_int64(st, 0);
    snprintf(c->reference, sizeof(c->reference), "%s", db_col_text(st, 1));
    c->channel = channel_parse(db_col_text(st, 2));
    c->received_at = sqlite3_column_int64(st, 3);
    c->caller_name = db_col_text(st, 4);
    c->summary = db_col_text(st, 5);
    c->created_at = sqlite3_column_int64(st, 6);
    c->created_by = sqlite3_column_int64(st, 7);
    c->created_by_name = db_col_text(st, 8);
}

enum err store_contact_read(struct store_tx *tx, int64_t id, store_contact_fn fn, void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, CONTACT_COLS "WHERE c.id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? E_NOTFOUND : db_err(rc);
    struct contact c;
    row_to_contact(st, &c);
    fn(&c, arg);
    sqlite3_reset(st);
    return store_audit_append(tx, "contact.read", "contact", id, NULL);
}

enum err store_contact_list(struct store_tx *tx, int limit, int offset, int64_t *total_out,
                            store_contact_fn fn, void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT COUNT(*) FROM contacts");
    if (!st)
        return E_DB;
    if (sqlite3_step(st) != SQLITE_ROW)
        return E_DB;
    *total_out = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    st = db_stmt(tx, CONTACT_COLS "ORDER BY c.received_at DESC, c.id DESC LIMIT ? OFFSET ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int(st, 1, limit);
    sqlite3_bind_int(st, 2, offset);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct contact c;
        row_to_contact(st, &c);
        fn(&c, arg);
    }
    if (rc != SQLITE_DONE)
        return db_err(rc);
    sqlite3_reset(st);
    return store_audit_append(tx, "contact.list", "contact", 0, NULL);
}
