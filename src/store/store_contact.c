/*
 * store_contact: contact queries. The reference sequence is per prefix and year, kept in
 * reference_counters and advanced inside the same transaction as the insert, so numbers are
 * gapless except where a whole transaction rolled back. The current state of a contact is its
 * latest row in contact_versions; its owner is the recipient of its latest accepted handover,
 * or whoever recorded it. contact_work (the queues' index) is kept in step here and only here.
 */
#include "store/store_contact.h"

#include <stdio.h>
#include <string.h>

#include "domain/team.h"
#include "store/db.h"
#include "store/store_audit.h"
#include "store/store_clock.h"
#include "store/store_outbox.h"

static enum err next_reference(struct store_tx *tx, const char *prefix, int year, int64_t *out)
{
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO reference_counters (prefix, year, last_seq)"
                                   " VALUES (?, ?, 1) ON CONFLICT (prefix, year)"
                                   " DO UPDATE SET last_seq = reference_counters.last_seq + 1"
                                   " RETURNING last_seq");
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

static void bind_opt_id(sqlite3_stmt *st, int idx, int64_t id)
{
    if (id > 0)
        sqlite3_bind_int64(st, idx, id);
    else
        sqlite3_bind_null(st, idx);
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* The census code c is stored with: its own, else its source's default. */
static void stored_source_code(const struct contact *c, char code[CONTACT_SOURCE_CODE_LEN])
{
    snprintf(code, CONTACT_SOURCE_CODE_LEN, "%s", c->source_code);
    if (!code[0] && contact_source_code(c->source, NULL, code, NULL))
        snprintf(code, CONTACT_SOURCE_CODE_LEN, "10");
}

/* Writes c as version `version` of contact c->id with its persons; *version_id_out its row. */
static enum err insert_version(struct store_tx *tx, const struct contact *c, int version,
                               const char *changed, const char *reason, int64_t *version_id_out)
{
    char code[CONTACT_SOURCE_CODE_LEN];
    stored_source_code(c, code);
    sqlite3_stmt *st = db_stmt(
        tx, "INSERT INTO contact_versions (contact_id, version, channel, received_at,"
            " answered_at, caller_name, summary, source_kind, source_code, caller_organisation,"
            " caller_role, caller_phone, caller_email, caller_address, requested_worker_id,"
            " requested_team_id, reason_code, interpreter_language, bsl, private_room,"
            " communication_other, consent, consent_justification, danger_now, line_team_id,"
            " service, changed, reason, created_at, created_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, c->id);
    sqlite3_bind_int(st, 2, version);
    db_bind_text(st, 3, channel_name(c->channel));
    sqlite3_bind_int64(st, 4, c->received_at);
    sqlite3_bind_int64(st, 5, c->answered_at);
    db_bind_text(st, 6, or_empty(c->caller_name));
    db_bind_text(st, 7, or_empty(c->summary));
    db_bind_text(st, 8, contact_source_name(c->source));
    db_bind_text(st, 9, code);
    db_bind_text(st, 10, or_empty(c->caller_organisation));
    db_bind_text(st, 11, or_empty(c->caller_role));
    db_bind_text(st, 12, or_empty(c->caller_phone));
    db_bind_text(st, 13, or_empty(c->caller_email));
    db_bind_text(st, 14, or_empty(c->caller_address));
    bind_opt_id(st, 15, c->requested_worker_id);
    bind_opt_id(st, 16, c->requested_team_id);
    db_bind_text(st, 17, or_empty(c->reason_code));
    db_bind_text(st, 18, or_empty(c->interpreter_language));
    sqlite3_bind_int(st, 19, c->bsl ? 1 : 0);
    sqlite3_bind_int(st, 20, c->private_room ? 1 : 0);
    db_bind_text(st, 21, or_empty(c->communication_other));
    db_bind_text(st, 22, share_consent_name(c->consent));
    db_bind_text(st, 23, or_empty(c->consent_justification));
    sqlite3_bind_int(st, 24, c->danger_now ? 1 : 0);
    bind_opt_id(st, 25, c->line_team_id);
    db_bind_text(st, 26, contact_service_name(c->service));
    db_bind_text(st, 27, changed);
    db_bind_text(st, 28, reason);
    sqlite3_bind_int64(st, 29, tx->now);
    sqlite3_bind_int64(st, 30, tx->user_id);
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    int64_t vid = sqlite3_last_insert_rowid(tx->conn->db);
    st = db_stmt(tx, "INSERT INTO contact_subjects (version_id, contact_id, person_id, position)"
                     " VALUES (?, ?, ?, ?)");
    if (!st)
        return E_DB;
    for (size_t i = 0; i < c->n_subjects && i < CONTACT_SUBJECTS_MAX; i++) {
        sqlite3_bind_int64(st, 1, vid);
        sqlite3_bind_int64(st, 2, c->id);
        sqlite3_bind_int64(st, 3, c->subjects[i]);
        sqlite3_bind_int(st, 4, (int)i);
        rc = db_step_done(st);
        if (rc)
            return rc;
        sqlite3_reset(st);
    }
    *version_id_out = vid;
    return E_OK;
}

/* Whether team id exists (*type_out its type). */
static enum err team_type_of(struct store_tx *tx, int64_t id, bool *exists, enum team_type *type)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT kind FROM teams WHERE id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    *exists = rc == SQLITE_ROW;
    *type = *exists ? team_type_parse(db_col_text(st, 0)) : TEAM_TYPE_NONE;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}

enum err store_contact_check_refs(struct store_tx *tx, const struct contact *c,
                                  struct err_info *info)
{
    bool exists;
    enum team_type type;
    enum err rc;
    if (c->requested_worker_id) {
        sqlite3_stmt *st = db_stmt(tx, "SELECT 1 FROM workers WHERE id = ?");
        if (!st)
            return E_DB;
        sqlite3_bind_int64(st, 1, c->requested_worker_id);
        int s = sqlite3_step(st);
        sqlite3_reset(st);
        if (s != SQLITE_ROW && s != SQLITE_DONE)
            return db_err(s);
        if (s == SQLITE_DONE)
            return err_set(info, E_INVALID, "worker_id", "there is no worker %lld",
                           (long long)c->requested_worker_id);
    }
    if (c->requested_team_id) {
        rc = team_type_of(tx, c->requested_team_id, &exists, &type);
        if (rc)
            return rc;
        if (!exists)
            return err_set(info, E_INVALID, "team_id", "there is no team %lld",
                           (long long)c->requested_team_id);
    }
    if (c->line_team_id) {
        rc = team_type_of(tx, c->line_team_id, &exists, &type);
        if (rc)
            return rc;
        if (!exists)
            return err_set(info, E_INVALID, "line_team_id", "there is no team %lld",
                           (long long)c->line_team_id);
    }
    /* persons are never deleted, so a person found here is still there at commit */
    for (size_t i = 0; i < c->n_subjects && i < CONTACT_SUBJECTS_MAX; i++) {
        sqlite3_stmt *st = db_stmt(tx, "SELECT 1 FROM persons WHERE id = ?");
        if (!st)
            return E_DB;
        sqlite3_bind_int64(st, 1, c->subjects[i]);
        int s = sqlite3_step(st);
        sqlite3_reset(st);
        if (s != SQLITE_ROW && s != SQLITE_DONE)
            return db_err(s);
        if (s == SQLITE_DONE)
            return err_set(info, E_INVALID, "subject_person_ids", "there is no person %lld",
                           (long long)c->subjects[i]);
    }
    return E_OK;
}

static enum err work_insert(struct store_tx *tx, const struct contact *c)
{
    bool is_centre = false;
    if (c->line_team_id) {
        bool exists;
        enum team_type type;
        enum err rc = team_type_of(tx, c->line_team_id, &exists, &type);
        if (rc)
            return rc;
        is_centre = type == TEAM_CONTACT_CENTRE;
    }
    struct contact_queue q = contact_initial_queue(c, is_centre);
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO contact_work (contact_id, queue, team_id,"
                                   " owner_user_id, received_at) VALUES (?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, c->id);
    db_bind_text(st, 2, queue_kind_name(q.kind));
    bind_opt_id(st, 3, q.team_id);
    bind_opt_id(st, 4, c->owner_user_id);
    sqlite3_bind_int64(st, 5, c->received_at);
    return db_step_done(st);
}

enum err store_contact_insert(struct store_tx *tx, struct contact *c)
{
    int64_t seq = 0, vid = 0;
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
    c->version = 1;
    c->updated_at = c->created_at;
    c->updated_by = c->created_by;
    c->owner_user_id = c->created_by > 0 ? c->created_by : 0;
    rc = insert_version(tx, c, 1, "", "recorded", &vid);
    if (!rc)
        rc = work_insert(tx, c);
    if (!rc)
        rc = store_audit_append(tx, "contact.create", "contact", c->id, NULL);
    if (!rc) {
        /* the clocks that start with a contact (C6: action recorded within 24 hours of it),
         * owned by whoever recorded it */
        struct store_clock_subject subject = {.entity = "contact",
                                              .entity_id = c->id,
                                              .owner_user_id = c->owner_user_id,
                                              .at = c->received_at};
        struct store_clock_event_result started;
        rc = store_clock_event(tx, "contact.created", &subject, &started);
        /* a letter starts its own clock (A2: answered within 5 working days), counted in the
         * working time of the line it came in on; a later letter.received event for the same
         * contact finds this clock rather than starting another */
        if (!rc && c->channel == CHANNEL_LETTER) {
            subject.team_id = c->line_team_id;
            rc = store_clock_event(tx, "letter.received", &subject, &started);
        }
    }
    if (!rc && c->danger_now)
        rc = store_contact_raise_concern(tx, c->id, "danger_now",
                                         "Someone was said to be in danger now when the contact "
                                         "was recorded.",
                                         NULL);
    return rc;
}

enum err store_contact_inserted(struct store_tx *tx, const struct contact *c, store_contact_fn fn,
                                void *arg)
{
    /* a negative actor is an integration token, named as CONTACT_COLS names it */
    sqlite3_stmt *st = c->created_by > 0 ? db_stmt(tx, "SELECT name FROM users WHERE id = ?")
                                         : db_stmt(tx, "SELECT name FROM api_tokens WHERE id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, c->created_by > 0 ? c->created_by : -c->created_by);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        sqlite3_reset(st);
        return db_err(rc);
    }
    struct contact v = *c;
    stored_source_code(c, v.source_code);
    v.created_by_name = rc == SQLITE_ROW ? db_col_text(st, 0) : "";
    v.updated_by_name = v.created_by_name;
    v.owner_name = v.owner_user_id > 0 ? v.created_by_name : "";
    fn(&v, arg);
    sqlite3_reset(st);
    return E_OK;
}

/* The owner: the recipient of the latest accepted handover, else whoever recorded it. */
#define OWNER_EXPR                                                                                 \
    "COALESCE((SELECT h.to_user_id FROM contact_handovers h JOIN contact_handover_answers a"       \
    " ON a.handover_id = h.id WHERE h.contact_id = c.id AND a.answer = 'accepted'"                 \
    " ORDER BY h.id DESC LIMIT 1), c.created_by, 0)"

#define CONTACT_COLS                                                                               \
    "SELECT c.id, c.reference, v.channel, v.received_at, v.caller_name, v.summary,"                \
    " c.created_at, COALESCE(c.created_by, -c.created_by_token), COALESCE(u.name, t.name, ''),"    \
    " v.answered_at, v.source_kind, v.source_code, v.caller_organisation, v.caller_role,"          \
    " v.caller_phone, v.caller_email, v.caller_address, COALESCE(v.requested_worker_id, 0),"       \
    " COALESCE(v.requested_team_id, 0), v.reason_code, v.interpreter_language, v.bsl,"             \
    " v.private_room, v.communication_other, v.consent, v.consent_justification,"                  \
    " v.danger_now, COALESCE(v.line_team_id, 0), v.service, v.version, v.created_at,"              \
    " v.created_by, COALESCE(vu.name, vt.name, ''), v.id, v.changed, v.reason, " OWNER_EXPR ","    \
    " COALESCE((SELECT name FROM users WHERE id = " OWNER_EXPR "), '')"                            \
    " FROM contacts c JOIN contact_versions v ON v.contact_id = c.id"                              \
    " LEFT JOIN users u ON u.id = c.created_by"                                                    \
    " LEFT JOIN api_tokens t ON t.id = c.created_by_token"                                         \
    " LEFT JOIN users vu ON vu.id = v.created_by"                                                  \
    " LEFT JOIN api_tokens vt ON vt.id = -v.created_by "
#define LATEST                                                                                     \
    " v.version = (SELECT MAX(x.version) FROM contact_versions x WHERE x.contact_id = c.id) "
enum { COL_VERSION_ID = 33, COL_CHANGED = 34, COL_REASON = 35 };

static enum err load_subjects(struct store_tx *tx, int64_t version_id, struct contact *c)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT person_id FROM contact_subjects WHERE version_id = ?"
                                   " ORDER BY position");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, version_id);
    int rc;
    c->n_subjects = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (c->n_subjects < CONTACT_SUBJECTS_MAX)
            c->subjects[c->n_subjects++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? E_OK : db_err(rc);
}

static enum err row_to_contact(struct store_tx *tx, sqlite3_stmt *st, struct contact *c)
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
    c->answered_at = sqlite3_column_int64(st, 9);
    c->source = contact_source_parse(db_col_text(st, 10));
    snprintf(c->source_code, sizeof(c->source_code), "%s", db_col_text(st, 11));
    c->caller_organisation = db_col_text(st, 12);
    c->caller_role = db_col_text(st, 13);
    c->caller_phone = db_col_text(st, 14);
    c->caller_email = db_col_text(st, 15);
    c->caller_address = db_col_text(st, 16);
    c->requested_worker_id = sqlite3_column_int64(st, 17);
    c->requested_team_id = sqlite3_column_int64(st, 18);
    c->reason_code = db_col_text(st, 19);
    c->interpreter_language = db_col_text(st, 20);
    c->bsl = sqlite3_column_int(st, 21) != 0;
    c->private_room = sqlite3_column_int(st, 22) != 0;
    c->communication_other = db_col_text(st, 23);
    c->consent = share_consent_parse(db_col_text(st, 24));
    c->consent_justification = db_col_text(st, 25);
    c->danger_now = sqlite3_column_int(st, 26) != 0;
    c->line_team_id = sqlite3_column_int64(st, 27);
    c->service = contact_service_parse(db_col_text(st, 28));
    c->version = sqlite3_column_int(st, 29);
    c->updated_at = sqlite3_column_int64(st, 30);
    c->updated_by = sqlite3_column_int64(st, 31);
    c->updated_by_name = db_col_text(st, 32);
    c->owner_user_id = sqlite3_column_int64(st, 36);
    c->owner_name = db_col_text(st, 37);
    return load_subjects(tx, sqlite3_column_int64(st, COL_VERSION_ID), c);
}

enum err store_contact_get(struct store_tx *tx, int64_t id, store_contact_fn fn, void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, CONTACT_COLS "WHERE c.id = ? AND" LATEST);
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? E_NOTFOUND : db_err(rc);
    }
    struct contact c;
    enum err e = row_to_contact(tx, st, &c);
    if (!e)
        fn(&c, arg);
    sqlite3_reset(st);
    return e;
}

enum err store_contact_read(struct store_tx *tx, int64_t id, store_contact_fn fn, void *arg)
{
    enum err rc = store_contact_get(tx, id, fn, arg);
    if (rc)
        return rc;
    return store_audit_append(tx, "contact.read", "contact", id, NULL);
}

struct fetch {
    struct contact *out;
    struct arena *a;
};

static void copy_contact(const struct contact *c, void *arg)
{
    struct fetch *f = arg;
    struct arena *a = f->a;
    *f->out = *c;
    struct contact *o = f->out;
    o->caller_name = arena_strdup(a, c->caller_name);
    o->summary = arena_strdup(a, c->summary);
    o->caller_organisation = arena_strdup(a, c->caller_organisation);
    o->caller_role = arena_strdup(a, c->caller_role);
    o->caller_phone = arena_strdup(a, c->caller_phone);
    o->caller_email = arena_strdup(a, c->caller_email);
    o->caller_address = arena_strdup(a, c->caller_address);
    o->reason_code = arena_strdup(a, c->reason_code);
    o->interpreter_language = arena_strdup(a, c->interpreter_language);
    o->communication_other = arena_strdup(a, c->communication_other);
    o->consent_justification = arena_strdup(a, c->consent_justification);
    o->created_by_name = arena_strdup(a, c->created_by_name);
    o->updated_by_name = arena_strdup(a, c->updated_by_name);
    o->owner_name = arena_strdup(a, c->owner_name);
}

enum err store_contact_fetch(struct store_tx *tx, int64_t id, struct contact *out, struct arena *a)
{
    struct fetch f = {out, a};
    return store_contact_get(tx, id, copy_contact, &f);
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
    /* ordered by the time received as first recorded, which the index on contacts holds */
    st = db_stmt(tx, CONTACT_COLS "WHERE" LATEST
                                  "ORDER BY c.received_at DESC, c.id DESC LIMIT ? OFFSET ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int(st, 1, limit);
    sqlite3_bind_int(st, 2, offset);
    int rc;
    enum err e = E_OK;
    while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct contact c;
        e = row_to_contact(tx, st, &c);
        if (!e)
            fn(&c, arg);
    }
    sqlite3_reset(st);
    if (e)
        return e;
    if (rc != SQLITE_DONE)
        return db_err(rc);
    return store_audit_append(tx, "contact.list", "contact", 0, NULL);
}

/* The clocks that count from when a contact was received follow an amended received time, and
 * a letter's clock follows the channel (A10 keeps the old ones, cancelled as "corrected"). */
static enum err clocks_after_amend(struct store_tx *tx, const struct contact *c, unsigned changed,
                                   bool was_letter)
{
    bool is_letter = c->channel == CHANNEL_LETTER;
    enum err rc = E_OK;
    if (changed & CF_RECEIVED_AT)
        rc = store_clock_reanchor(tx, "contact.created", "contact", c->id, c->received_at);
    if (!rc && was_letter && !is_letter)
        rc = store_clock_cancel_corrected(tx, "letter.received", "contact", c->id);
    else if (!rc && was_letter && (changed & CF_RECEIVED_AT))
        rc = store_clock_reanchor(tx, "letter.received", "contact", c->id, c->received_at);
    else if (!rc && !was_letter && is_letter) {
        struct contact_queue q; /* a closed contact has been answered: no clock to start */
        enum err open = store_contact_queue_of(tx, c->id, &q);
        if (open == E_NOTFOUND)
            return E_OK;
        if (open)
            return open;
        struct store_clock_subject subject = {.entity = "contact",
                                              .entity_id = c->id,
                                              .owner_user_id = c->owner_user_id,
                                              .team_id = c->line_team_id,
                                              .at = c->received_at};
        struct store_clock_event_result started;
        rc = store_clock_event(tx, "letter.received", &subject, &started);
    }
    return rc;
}

enum err store_contact_amend(struct store_tx *tx, struct contact *c, unsigned changed,
                             const char *reason)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT version, danger_now, channel FROM contact_versions"
                                   " WHERE contact_id = ? ORDER BY version DESC LIMIT 1");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, c->id);
    int s = sqlite3_step(st);
    int latest = s == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    bool was_danger = s == SQLITE_ROW && sqlite3_column_int(st, 1) != 0;
    bool was_letter = s == SQLITE_ROW && channel_parse(db_col_text(st, 2)) == CHANNEL_LETTER;
    sqlite3_reset(st);
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        return db_err(s);
    if (latest == 0)
        return E_NOTFOUND;
    if (latest != c->version)
        return E_CONFLICT;
    char text[512];
    contact_fields_text(changed, text, sizeof(text));
    int64_t vid;
    enum err rc = insert_version(tx, c, latest + 1, text, reason, &vid);
    if (rc)
        return rc;
    c->version = latest + 1;
    c->updated_at = tx->now;
    c->updated_by = tx->user_id;
    if (changed & CF_RECEIVED_AT) {
        st = db_stmt(tx, "UPDATE contact_work SET received_at = ? WHERE contact_id = ?");
        if (!st)
            return E_DB;
        sqlite3_bind_int64(st, 1, c->received_at);
        sqlite3_bind_int64(st, 2, c->id);
        rc = db_step_done(st);
        if (rc)
            return rc;
    }
    rc = store_audit_append(tx, "contact.amend", "contact", c->id, reason);
    if (!rc)
        rc = clocks_after_amend(tx, c, changed, was_letter);
    if (!rc && c->danger_now && !was_danger)
        rc = store_contact_raise_concern(tx, c->id, "danger_now",
                                         "The contact was amended to say someone is in danger "
                                         "now.",
                                         NULL);
    /* W10: danger now puts an open contact in front of the duty team, whether it was said at
     * the start or learnt later (a closed contact has no contact_work row: nothing moves) */
    if (!rc && c->danger_now && !was_danger) {
        struct contact_queue duty = {QUEUE_DUTY, 0};
        rc = store_contact_move(tx, c->id, &duty);
    }
    return rc;
}

enum err store_contact_versions(struct store_tx *tx, int64_t id, store_contact_version_fn fn,
                                void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, CONTACT_COLS "WHERE c.id = ? ORDER BY v.version");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc, n = 0;
    enum err e = E_OK;
    while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct contact c;
        e = row_to_contact(tx, st, &c);
        if (!e)
            fn(&c, db_col_text(st, COL_CHANGED), db_col_text(st, COL_REASON), arg);
        n++;
    }
    sqlite3_reset(st);
    if (e)
        return e;
    if (rc != SQLITE_DONE)
        return db_err(rc);
    if (n == 0)
        return E_NOTFOUND;
    return store_audit_append(tx, "contact.read_history", "contact", id, NULL);
}

/* --- owner and handovers ------------------------------------------------------------------ */

enum err store_contact_owner(struct store_tx *tx, int64_t id, int64_t *owner_out)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT " OWNER_EXPR " FROM contacts c WHERE c.id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    *owner_out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return E_NOTFOUND;
    return rc == SQLITE_ROW ? E_OK : db_err(rc);
}

enum err store_contact_event(struct store_tx *tx, int64_t id, const char *event)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT " OWNER_EXPR ", c.received_at FROM contacts c"
                                   " WHERE c.id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    struct store_clock_subject subject = {.entity = "contact", .entity_id = id};
    if (rc == SQLITE_ROW) {
        subject.owner_user_id = sqlite3_column_int64(st, 0);
        subject.at = tx->now;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return E_NOTFOUND;
    if (rc != SQLITE_ROW)
        return db_err(rc);
    struct store_clock_event_result result;
    return store_clock_event(tx, event, &subject, &result);
}

#define HANDOVER_COLS                                                                              \
    "SELECT h.id, h.contact_id, COALESCE(h.from_user_id, 0), COALESCE(f.name, ''),"                \
    " h.to_user_id, COALESCE(t.name, ''), h.note, h.created_at, h.created_by,"                     \
    " COALESCE(a.answer, ''), COALESCE(a.reason, ''), COALESCE(a.answered_at, 0)"                  \
    " FROM contact_handovers h LEFT JOIN contact_handover_answers a ON a.handover_id = h.id"       \
    " LEFT JOIN users f ON f.id = h.from_user_id LEFT JOIN users t ON t.id = h.to_user_id "

static void row_to_handover(sqlite3_stmt *st, struct handover *h)
{
    memset(h, 0, sizeof(*h));
    h->id = sqlite3_column_int64(st, 0);
    h->contact_id = sqlite3_column_int64(st, 1);
    h->from_user_id = sqlite3_column_int64(st, 2);
    h->from_name = db_col_text(st, 3);
    h->to_user_id = sqlite3_column_int64(st, 4);
    h->to_name = db_col_text(st, 5);
    h->note = db_col_text(st, 6);
    h->created_at = sqlite3_column_int64(st, 7);
    h->created_by = sqlite3_column_int64(st, 8);
    const char *answer = db_col_text(st, 9);
    h->answer = strcmp(answer, "accepted") == 0   ? HANDOVER_ACCEPTED
                : strcmp(answer, "declined") == 0 ? HANDOVER_DECLINED
                                                  : HANDOVER_PENDING;
    h->reason = db_col_text(st, 10);
    h->answered_at = sqlite3_column_int64(st, 11);
}

enum err store_contact_handover_pending(struct store_tx *tx, int64_t contact_id,
                                        store_handover_fn fn, void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, HANDOVER_COLS "WHERE h.contact_id = ? AND a.handover_id IS"
                                                 " NULL ORDER BY h.id DESC LIMIT 1");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, contact_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        struct handover h;
        row_to_handover(st, &h);
        fn(&h, arg);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}

enum err store_contact_handovers_offered(struct store_tx *tx, int64_t user_id, store_handover_fn fn,
                                         void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, HANDOVER_COLS "WHERE h.to_user_id = ? AND a.handover_id IS"
                                                 " NULL ORDER BY h.id");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, user_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct handover h;
        row_to_handover(st, &h);
        fn(&h, arg);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? E_OK : db_err(rc);
}

enum err store_contact_user_active(struct store_tx *tx, int64_t user_id, bool *out)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT active FROM users WHERE id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, user_id);
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}

static enum err reference_of(struct store_tx *tx, int64_t contact_id, char out[CONTACT_REF_LEN])
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT reference FROM contacts WHERE id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, contact_id);
    int rc = sqlite3_step(st);
    snprintf(out, CONTACT_REF_LEN, "%s", rc == SQLITE_ROW ? db_col_text(st, 0) : "");
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return E_NOTFOUND;
    return rc == SQLITE_ROW ? E_OK : db_err(rc);
}

/* An in-app message about contact_id to user_id. */
static enum err tell(struct store_tx *tx, int64_t user_id, int64_t contact_id, const char *subject,
                     const char *body)
{
    char link[48];
    snprintf(link, sizeof(link), "/contacts/%lld", (long long)contact_id);
    struct outbox_message m = {
        .channel = OUTBOX_IN_APP,
        .recipient_user_id = user_id,
        .subject = subject,
        .body = body,
        .link = link,
        .entity = "contact",
        .entity_id = contact_id,
    };
    return store_outbox_add(tx, &m, tx->now);
}

enum err store_contact_handover_add(struct store_tx *tx, struct handover *h)
{
    h->created_at = tx->now;
    h->created_by = tx->user_id;
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO contact_handovers (contact_id, from_user_id,"
                                   " to_user_id, note, created_at, created_by)"
                                   " VALUES (?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, h->contact_id);
    bind_opt_id(st, 2, h->from_user_id);
    sqlite3_bind_int64(st, 3, h->to_user_id);
    db_bind_text(st, 4, h->note);
    sqlite3_bind_int64(st, 5, h->created_at);
    sqlite3_bind_int64(st, 6, h->created_by);
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    h->id = sqlite3_last_insert_rowid(tx->conn->db);
    char ref[CONTACT_REF_LEN], subject[96];
    rc = reference_of(tx, h->contact_id, ref);
    if (rc)
        return rc;
    snprintf(subject, sizeof(subject), "Contact %s is being handed to you", ref);
    rc = tell(tx, h->to_user_id, h->contact_id, subject,
              "A colleague asks you to take over this contact. Open it to accept or decline; "
              "until you accept, it stays with them.");
    if (rc)
        return rc;
    return store_audit_append(tx, "contact.handover", "contact", h->contact_id, h->note);
}

enum err store_contact_handover_answer(struct store_tx *tx, const struct handover *h, bool accept,
                                       const char *reason)
{
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO contact_handover_answers (handover_id, answer,"
                                   " reason, answered_at, answered_by) VALUES (?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, h->id);
    db_bind_text(st, 2, accept ? "accepted" : "declined");
    db_bind_text(st, 3, accept ? "" : reason);
    sqlite3_bind_int64(st, 4, tx->now);
    sqlite3_bind_int64(st, 5, tx->user_id);
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    char ref[CONTACT_REF_LEN], subject[96];
    rc = reference_of(tx, h->contact_id, ref);
    if (rc)
        return rc;
    if (accept) {
        st = db_stmt(tx, "UPDATE contact_work SET owner_user_id = ? WHERE contact_id = ?");
        if (!st)
            return E_DB;
        sqlite3_bind_int64(st, 1, h->to_user_id);
        sqlite3_bind_int64(st, 2, h->contact_id);
        rc = db_step_done(st);
        if (!rc && h->from_user_id) {
            snprintf(subject, sizeof(subject), "Contact %s was accepted", ref);
            rc = tell(tx, h->from_user_id, h->contact_id, subject,
                      "Your colleague accepted the handover and now owns the contact.");
        }
        if (!rc)
            rc = store_audit_append(tx, "contact.handover_accept", "contact", h->contact_id, NULL);
        return rc;
    }
    if (h->from_user_id) {
        snprintf(subject, sizeof(subject), "Contact %s was not accepted", ref);
        rc = tell(tx, h->from_user_id, h->contact_id, subject, reason);
        if (rc)
            return rc;
    }
    return store_audit_append(tx, "contact.handover_decline", "contact", h->contact_id, reason);
}

/* The name of user_id into out ("" when there is none). */
static enum err user_name(struct store_tx *tx, int64_t user_id, char *out, size_t out_len)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT name FROM users WHERE id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, user_id);
    int rc = sqlite3_step(st);
    snprintf(out, out_len, "%s", rc == SQLITE_ROW ? db_col_text(st, 0) : "");
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}

static void note_waiting(const struct handover *h, void *arg)
{
    *(int64_t *)arg = h->to_user_id;
}

enum err store_contact_take(struct store_tx *tx, int64_t id, const char *note,
                            struct err_info *info)
{
    char ref[CONTACT_REF_LEN], name[256];
    int64_t owner = 0, waiting_for = 0;
    enum err rc = reference_of(tx, id, ref);
    if (!rc)
        rc = store_contact_owner(tx, id, &owner);
    if (rc)
        return rc;
    if (owner == tx->user_id)
        return err_set(info, E_CONFLICT, "", "you already own contact %s", ref);
    if (owner > 0) {
        rc = user_name(tx, owner, name, sizeof(name));
        if (rc)
            return rc;
        return err_set(info, E_CONFLICT, "",
                       "contact %s is owned by %s: ask them (or a manager) to hand it over to you",
                       ref, name[0] ? name : "a colleague");
    }
    sqlite3_stmt *st = db_stmt(tx, "SELECT COUNT(*) FROM contact_work WHERE contact_id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int s = sqlite3_step(st);
    bool open = s == SQLITE_ROW && sqlite3_column_int64(st, 0) > 0;
    sqlite3_reset(st);
    if (s != SQLITE_ROW)
        return db_err(s);
    if (!open)
        return err_set(info, E_CONFLICT, "",
                       "contact %s has its outcome: a closed contact cannot be taken", ref);
    rc = store_contact_handover_pending(tx, id, note_waiting, &waiting_for);
    if (!rc && waiting_for > 0)
        rc = user_name(tx, waiting_for, name, sizeof(name));
    if (rc)
        return rc;
    if (waiting_for > 0)
        return err_set(info, E_CONFLICT, "",
                       "contact %s is offered to %s: it is theirs to accept or decline", ref,
                       name[0] ? name : "a colleague");
    struct handover h = {
        .contact_id = id, .from_user_id = 0, .to_user_id = tx->user_id, .note = note};
    h.created_at = tx->now;
    h.created_by = tx->user_id;
    st = db_stmt(tx, "INSERT INTO contact_handovers (contact_id, from_user_id, to_user_id, note,"
                     " created_at, created_by) VALUES (?, NULL, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, tx->user_id);
    db_bind_text(st, 3, note);
    sqlite3_bind_int64(st, 4, h.created_at);
    sqlite3_bind_int64(st, 5, h.created_by);
    rc = db_step_done(st);
    if (rc)
        return rc;
    h.id = sqlite3_last_insert_rowid(tx->conn->db);
    st = db_stmt(tx, "INSERT INTO contact_handover_answers (handover_id, answer, reason,"
                     " answered_at, answered_by) VALUES (?, 'accepted', '', ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, h.id);
    sqlite3_bind_int64(st, 2, tx->now);
    sqlite3_bind_int64(st, 3, tx->user_id);
    rc = db_step_done(st);
    if (rc)
        return rc;
    st = db_stmt(tx, "UPDATE contact_work SET owner_user_id = ? WHERE contact_id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, tx->user_id);
    sqlite3_bind_int64(st, 2, id);
    rc = db_step_done(st);
    if (rc)
        return rc;
    return store_audit_append(tx, "contact.take", "contact", id, note);
}

/* --- safeguarding concerns ---------------------------------------------------------------- */

enum err store_contact_raise_concern(struct store_tx *tx, int64_t contact_id, const char *source,
                                     const char *note, int64_t *concern_id_out)
{
    char ref[CONTACT_REF_LEN], subject[128];
    enum err rc = reference_of(tx, contact_id, ref);
    if (rc)
        return rc;
    /* the duty managers are told at once, in the same transaction as the concern */
    snprintf(subject, sizeof(subject), "Safeguarding concern raised on contact %s", ref);
    sqlite3_stmt *st = db_stmt(tx, "SELECT id FROM users WHERE role = 'duty_manager'"
                                   " AND active = 1 ORDER BY id");
    if (!st)
        return E_DB;
    int64_t ids[64];
    int n = 0, s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW)
        if (n < (int)(sizeof(ids) / sizeof(ids[0])))
            ids[n++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (s != SQLITE_DONE)
        return db_err(s);
    for (int i = 0; i < n; i++) {
        rc = tell(tx, ids[i], contact_id, subject,
                  strcmp(source, "danger_now") == 0
                      ? "Someone may be in danger now. 999 guidance was shown to the worker. "
                        "Check the contact and decide what happens next."
                      : "A qualified worker decided there is a safeguarding concern. Check the "
                        "contact and decide what happens next.");
        if (rc)
            return rc;
    }
    st = db_stmt(tx, "INSERT INTO safeguarding_concerns (contact_id, source, note, alerts_sent,"
                     " raised_at, raised_by) VALUES (?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, contact_id);
    db_bind_text(st, 2, source);
    db_bind_text(st, 3, note ? note : "");
    sqlite3_bind_int(st, 4, n);
    sqlite3_bind_int64(st, 5, tx->now);
    sqlite3_bind_int64(st, 6, tx->user_id);
    rc = db_step_done(st);
    if (rc)
        return rc;
    int64_t id = sqlite3_last_insert_rowid(tx->conn->db);
    if (concern_id_out)
        *concern_id_out = id;
    return store_audit_append(tx, "safeguarding_concern.raise", "contact", contact_id, source);
}

enum err store_contact_concerns(struct store_tx *tx, int64_t contact_id, store_concern_fn fn,
                                void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT s.id, s.contact_id, s.source, s.note, s.alerts_sent,"
                                   " s.raised_at, s.raised_by, COALESCE(u.name, t.name, '')"
                                   " FROM safeguarding_concerns s"
                                   " LEFT JOIN users u ON u.id = s.raised_by"
                                   " LEFT JOIN api_tokens t ON t.id = -s.raised_by"
                                   " WHERE s.contact_id = ? ORDER BY s.id");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, contact_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct safeguarding_concern s = {
            .id = sqlite3_column_int64(st, 0),
            .contact_id = sqlite3_column_int64(st, 1),
            .source = db_col_text(st, 2),
            .note = db_col_text(st, 3),
            .alerts_sent = sqlite3_column_int(st, 4),
            .raised_at = sqlite3_column_int64(st, 5),
            .raised_by = sqlite3_column_int64(st, 6),
            .raised_by_name = db_col_text(st, 7),
        };
        fn(&s, arg);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? E_OK : db_err(rc);
}

/* --- work queues -------------------------------------------------------------------------- */

enum err store_contact_queue_of(struct store_tx *tx, int64_t id, struct contact_queue *out)
{
    sqlite3_stmt *st =
        db_stmt(tx, "SELECT queue, COALESCE(team_id, 0) FROM contact_work WHERE contact_id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->kind = queue_kind_parse(db_col_text(st, 0));
        out->team_id = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return E_NOTFOUND;
    return rc == SQLITE_ROW ? E_OK : db_err(rc);
}

enum err store_contact_move(struct store_tx *tx, int64_t id, const struct contact_queue *q)
{
    sqlite3_stmt *st =
        db_stmt(tx, "UPDATE contact_work SET queue = ?, team_id = ? WHERE contact_id = ?");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, queue_kind_name(q->kind));
    bind_opt_id(st, 2, q->kind == QUEUE_TEAM ? q->team_id : 0);
    sqlite3_bind_int64(st, 3, id);
    return db_step_done(st);
}

enum err store_contact_close(struct store_tx *tx, int64_t id)
{
    sqlite3_stmt *st = db_stmt(tx, "DELETE FROM contact_work WHERE contact_id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    return db_step_done(st);
}

/* Rows of a page of contact_work ids, read as contacts one by one (each a primary key read). */
static enum err list_ids(struct store_tx *tx, sqlite3_stmt *st, store_contact_fn fn, void *arg)
{
    int64_t ids[200];
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (n < (int)(sizeof(ids) / sizeof(ids[0])))
            ids[n++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return db_err(rc);
    for (int i = 0; i < n; i++) {
        enum err e = store_contact_get(tx, ids[i], fn, arg);
        if (e)
            return e;
    }
    return E_OK;
}

enum err store_contact_queue_list(struct store_tx *tx, const struct contact_queue *q, int limit,
                                  int offset, int64_t *total_out, store_contact_fn fn, void *arg)
{
    if (limit > 200)
        limit = 200;
    int64_t team = q->kind == QUEUE_TEAM ? q->team_id : 0;
    sqlite3_stmt *st = db_stmt(tx, "SELECT COUNT(*) FROM contact_work WHERE queue = ?"
                                   " AND COALESCE(team_id, 0) = ?");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, queue_kind_name(q->kind));
    sqlite3_bind_int64(st, 2, team);
    int rc = sqlite3_step(st);
    *total_out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return db_err(rc);
    if (q->kind == QUEUE_TEAM)
        st = db_stmt(tx, "SELECT contact_id FROM contact_work WHERE queue = 'team'"
                         " AND team_id = ? ORDER BY received_at, contact_id LIMIT ? OFFSET ?");
    else
        st = db_stmt(tx, "SELECT contact_id FROM contact_work WHERE queue = ? AND team_id IS NULL"
                         " ORDER BY received_at, contact_id LIMIT ? OFFSET ?");
    if (!st)
        return E_DB;
    if (q->kind == QUEUE_TEAM)
        sqlite3_bind_int64(st, 1, team);
    else
        db_bind_text(st, 1, queue_kind_name(q->kind));
    sqlite3_bind_int(st, 2, limit);
    sqlite3_bind_int(st, 3, offset);
    enum err e = list_ids(tx, st, fn, arg);
    if (e)
        return e;
    return store_audit_append(tx, "contact.list", "contact", 0, queue_kind_name(q->kind));
}

enum err store_contact_mine(struct store_tx *tx, int64_t user_id, int limit, int offset,
                            int64_t *total_out, store_contact_fn fn, void *arg)
{
    if (limit > 200)
        limit = 200;
    sqlite3_stmt *st = db_stmt(tx, "SELECT COUNT(*) FROM contact_work WHERE owner_user_id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, user_id);
    int rc = sqlite3_step(st);
    *total_out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return db_err(rc);
    st = db_stmt(tx, "SELECT contact_id FROM contact_work WHERE owner_user_id = ?"
                     " ORDER BY received_at, contact_id LIMIT ? OFFSET ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int(st, 2, limit);
    sqlite3_bind_int(st, 3, offset);
    enum err e = list_ids(tx, st, fn, arg);
    if (e)
        return e;
    return store_audit_append(tx, "contact.list", "contact", 0, "my work");
}
