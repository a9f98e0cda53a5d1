/*
 * store_outcome: outcome queries. The code set is a few dozen rows; the one-outcome rule is
 * also a UNIQUE constraint, so a race between two writers cannot record two. Whether a code has
 * been used is an EXISTS on the index contact_outcomes(code, ...), so reading the code set does
 * not count outcomes. A change to a code reads it, checks it and writes the new current row and
 * its version row in the caller's transaction, so nothing half-changed remains on failure.
 */
#include "store/store_outcome.h"

#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "store/store_audit.h"
#include "store/store_contact.h"
#include "store/store_decision.h"

#define CODE_COLS                                                                                  \
    "SELECT code, label, grp, resolved, c7_label, cld_label, workflow, needs_recommendation,"      \
    " needs_care_act, needs_signposting, active, sort_order, version,"                             \
    " CASE WHEN EXISTS (SELECT 1 FROM contact_outcomes u WHERE u.code = outcome_codes.code)"       \
    " THEN 1 ELSE 0 END"                                                                           \
    " FROM outcome_codes "

/* Room for "<code>: <reason>" in an audit event. */
#define DETAIL_BYTES (OUTCOME_CODE_MAX + 2 + OUTCOME_REASON_MAX * 4 + 1)

static void row_to_code(sqlite3_stmt *st, struct outcome_code *oc)
{
    memset(oc, 0, sizeof(*oc));
    oc->code = db_col_text(st, 0);
    oc->label = db_col_text(st, 1);
    oc->group = outcome_group_parse(db_col_text(st, 2));
    oc->resolved = sqlite3_column_int(st, 3) != 0;
    oc->c7_label = db_col_text(st, 4);
    oc->cld_label = db_col_text(st, 5);
    oc->workflow = workflow_parse(db_col_text(st, 6));
    oc->needs_recommendation = sqlite3_column_int(st, 7) != 0;
    oc->needs_care_act = sqlite3_column_int(st, 8) != 0;
    oc->needs_signposting = sqlite3_column_int(st, 9) != 0;
    oc->active = sqlite3_column_int(st, 10) != 0;
    oc->sort_order = sqlite3_column_int(st, 11);
    oc->version = sqlite3_column_int(st, 12);
    oc->used = sqlite3_column_int(st, 13) != 0;
}

enum err store_outcome_codes(struct store_tx *tx, store_outcome_code_fn fn, void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, CODE_COLS "ORDER BY sort_order, code");
    if (!st)
        return E_DB;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct outcome_code oc;
        row_to_code(st, &oc);
        fn(&oc, arg);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? E_OK : db_err(rc);
}

enum err store_outcome_code_get(struct store_tx *tx, const char *code, store_outcome_code_fn fn,
                                void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, CODE_COLS "WHERE code = ?");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, code ? code : "");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        struct outcome_code oc;
        row_to_code(st, &oc);
        fn(&oc, arg);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return E_NOTFOUND;
    return rc == SQLITE_ROW ? E_OK : db_err(rc);
}

/* Whether an active code other than code is called label (ignoring ASCII case). */
static enum err label_taken(struct store_tx *tx, const char *code, const char *label, bool *out)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT 1 FROM outcome_codes WHERE active = 1 AND code <> ?"
                                   " AND lower(label) = lower(?)");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, code);
    db_bind_text(st, 2, label);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    *out = rc == SQLITE_ROW;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}

/* Binds oc's definition (label .. sort_order) from parameter first on, in CODE_COLS order. */
static void bind_definition(sqlite3_stmt *st, int first, const struct outcome_code *oc)
{
    db_bind_text(st, first, oc->label);
    db_bind_text(st, first + 1, outcome_group_name(oc->group));
    sqlite3_bind_int(st, first + 2, oc->resolved);
    db_bind_text(st, first + 3, oc->c7_label ? oc->c7_label : "");
    db_bind_text(st, first + 4, oc->cld_label ? oc->cld_label : "");
    db_bind_text(st, first + 5, workflow_name(oc->workflow));
    sqlite3_bind_int(st, first + 6, oc->needs_recommendation);
    sqlite3_bind_int(st, first + 7, oc->needs_care_act);
    sqlite3_bind_int(st, first + 8, oc->needs_signposting);
    sqlite3_bind_int(st, first + 9, oc->active);
    sqlite3_bind_int(st, first + 10, oc->sort_order);
}

/* Adds oc as it now is to its history, with the fields that changed (a diff mask), then the
 * audit event action on that version row. */
static enum err add_version(struct store_tx *tx, const struct outcome_code *oc, unsigned changed,
                            const char *action, const char *reason)
{
    char names[256] = "";
    size_t used = 0;
    for (unsigned bit = 1; bit && bit <= OUTCOME_FIELD_SORT_ORDER; bit <<= 1) {
        if (!(changed & bit) || used >= sizeof(names))
            continue;
        int n = snprintf(names + used, sizeof(names) - used, "%s%s", used ? "," : "",
                         outcome_code_field_name(bit));
        if (n > 0)
            used += (size_t)n;
    }
    sqlite3_stmt *st = db_stmt(
        tx, "INSERT INTO outcome_code_versions (code, label, grp, resolved, c7_label, cld_label,"
            " workflow, needs_recommendation, needs_care_act, needs_signposting, active,"
            " sort_order, version, changed, changed_at, changed_by, reason)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, oc->code);
    bind_definition(st, 2, oc);
    sqlite3_bind_int(st, 13, oc->version);
    db_bind_text(st, 14, names);
    sqlite3_bind_int64(st, 15, tx->now);
    sqlite3_bind_int64(st, 16, tx->user_id);
    db_bind_text(st, 17, reason);
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    int64_t row = sqlite3_last_insert_rowid(tx->conn->db);
    char detail[DETAIL_BYTES];
    snprintf(detail, sizeof(detail), "%s: %s", oc->code, reason);
    return store_audit_append(tx, action, "outcome_code", row, detail);
}

enum err store_outcome_code_add(struct store_tx *tx, struct outcome_code *oc, const char *reason,
                                struct err_info *info)
{
    sqlite3_stmt *st;
    int s;
    if (oc->sort_order == 0) {
        st = db_stmt(tx, "SELECT COALESCE(MAX(sort_order), 0) + 10 FROM outcome_codes");
        if (!st)
            return E_DB;
        s = sqlite3_step(st);
        if (s == SQLITE_ROW)
            oc->sort_order = sqlite3_column_int(st, 0);
        sqlite3_reset(st);
        if (s != SQLITE_ROW)
            return db_err(s);
    }
    oc->active = true;
    oc->version = 1;
    oc->used = false;
    enum err rc = outcome_code_validate(oc, info);
    if (rc)
        return rc;
    st = db_stmt(tx, "SELECT active FROM outcome_codes WHERE code = ?");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, oc->code);
    s = sqlite3_step(st);
    bool retired = s == SQLITE_ROW && sqlite3_column_int(st, 0) == 0;
    sqlite3_reset(st);
    if (s == SQLITE_ROW)
        return err_set(info, E_CONFLICT, "code",
                       retired ? "there is already an outcome '%.64s', retired: reinstate it or "
                                 "choose another code"
                               : "there is already an outcome '%.64s': choose another code",
                       oc->code);
    if (s != SQLITE_DONE)
        return db_err(s);
    bool taken = false;
    rc = label_taken(tx, oc->code, oc->label, &taken);
    if (rc)
        return rc;
    if (taken)
        return err_set(info, E_CONFLICT, "label",
                       "an outcome in use is already called '%.120s': choose another label",
                       oc->label);
    rc = outcome_code_reason_check(reason, info);
    if (rc)
        return rc;
    st = db_stmt(tx, "INSERT INTO outcome_codes (code, label, grp, resolved, c7_label, cld_label,"
                     " workflow, needs_recommendation, needs_care_act, needs_signposting, active,"
                     " sort_order, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, oc->code);
    bind_definition(st, 2, oc);
    sqlite3_bind_int(st, 13, oc->version);
    rc = db_step_done(st);
    if (rc == E_CONFLICT) /* added by another request in between: cannot happen on one writer */
        return err_set(info, E_CONFLICT, "code", "there is already an outcome '%.64s'", oc->code);
    if (rc)
        return rc;
    return add_version(tx, oc, 0, "outcome_code.add", reason);
}

static void keep_copy(const struct outcome_code *oc, void *arg)
{
    outcome_code_copy(arg, oc);
}

enum err store_outcome_code_change(struct store_tx *tx, struct outcome_code *after,
                                   int expected_version, const char *reason, struct err_info *info)
{
    struct outcome_code_copy before;
    enum err rc = store_outcome_code_get(tx, after->code, keep_copy, &before);
    if (rc == E_NOTFOUND)
        return err_set(info, E_NOTFOUND, "", "there is no outcome '%.64s'", after->code);
    if (rc)
        return rc;
    if (before.oc.version != expected_version)
        return err_set(info, E_CONFLICT, "version",
                       "the outcome '%.64s' was changed by someone else since version %d (it is "
                       "now version %d): reload it",
                       before.code, expected_version, before.oc.version);
    after->used = before.oc.used;
    rc = outcome_code_validate(after, info);
    if (!rc)
        rc = outcome_code_change_check(&before.oc, after, info);
    if (rc)
        return rc;
    if (after->active) {
        bool taken = false;
        rc = label_taken(tx, after->code, after->label, &taken);
        if (rc)
            return rc;
        if (taken)
            return err_set(info, E_CONFLICT, "label",
                           "an outcome in use is already called '%.120s': choose another label",
                           after->label);
    }
    rc = outcome_code_reason_check(reason, info);
    if (rc)
        return rc;
    after->version = before.oc.version + 1;
    sqlite3_stmt *st =
        db_stmt(tx, "UPDATE outcome_codes SET label = ?, grp = ?, resolved = ?, c7_label = ?,"
                    " cld_label = ?, workflow = ?, needs_recommendation = ?, needs_care_act = ?,"
                    " needs_signposting = ?, active = ?, sort_order = ?, version = ?"
                    " WHERE code = ? AND version = ?");
    if (!st)
        return E_DB;
    bind_definition(st, 1, after);
    sqlite3_bind_int(st, 12, after->version);
    db_bind_text(st, 13, after->code);
    sqlite3_bind_int(st, 14, before.oc.version);
    rc = db_step_done(st);
    if (rc)
        return rc;
    if (sqlite3_changes(tx->conn->db) != 1)
        return err_set(info, E_CONFLICT, "version", "the outcome '%.64s' was changed meanwhile",
                       after->code);
    unsigned changed = outcome_code_diff(&before.oc, after);
    const char *action = !(changed & OUTCOME_FIELD_ACTIVE) ? "outcome_code.change"
                         : after->active                   ? "outcome_code.reinstate"
                                                           : "outcome_code.retire";
    return add_version(tx, after, changed, action, reason);
}

enum err store_outcome_code_history(struct store_tx *tx, const char *code,
                                    store_outcome_version_fn fn, void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT 1 FROM outcome_codes WHERE code = ?");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, code ? code : "");
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return E_NOTFOUND;
    if (rc != SQLITE_ROW)
        return db_err(rc);
    st = db_stmt(tx, "SELECT v.code, v.label, v.grp, v.resolved, v.c7_label, v.cld_label,"
                     " v.workflow, v.needs_recommendation, v.needs_care_act,"
                     " v.needs_signposting, v.active, v.sort_order, v.version, 0, v.changed,"
                     " v.changed_at, v.changed_by, COALESCE(u.name, ''), v.reason"
                     " FROM outcome_code_versions v LEFT JOIN users u ON u.id = v.changed_by"
                     " WHERE v.code = ? ORDER BY v.version DESC");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, code);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct outcome_code_version v;
        row_to_code(st, &v.oc);
        v.changed = db_col_text(st, 14);
        v.changed_at = sqlite3_column_int64(st, 15);
        v.changed_by = sqlite3_column_int64(st, 16);
        v.changed_by_name = db_col_text(st, 17);
        v.reason = db_col_text(st, 18);
        fn(&v, arg);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? E_OK : db_err(rc);
}

static enum err contact_service_of(struct store_tx *tx, int64_t id, enum contact_service *out)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT service FROM contact_versions WHERE contact_id = ?"
                                   " ORDER BY version DESC LIMIT 1");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = contact_service_parse(db_col_text(st, 0));
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return E_NOTFOUND;
    return rc == SQLITE_ROW ? E_OK : db_err(rc);
}

enum err store_outcome_record(struct store_tx *tx, struct outcome *o, struct err_info *info)
{
    return store_outcome_record_all(tx, o, info, NULL);
}

enum err store_outcome_record_all(struct store_tx *tx, struct outcome *o, struct err_info *info,
                                  struct err_list *gates)
{
    enum contact_service service = SERVICE_NONE;
    enum err rc = contact_service_of(tx, o->contact_id, &service);
    if (rc)
        return rc;
    sqlite3_stmt *st = db_stmt(tx, "SELECT 1 FROM contact_outcomes WHERE contact_id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, o->contact_id);
    int s = sqlite3_step(st);
    sqlite3_reset(st);
    if (s == SQLITE_ROW)
        return err_set(info, E_CONFLICT, "", "the contact already has an outcome");
    if (s != SQLITE_DONE)
        return db_err(s);
    if (o->signposted_team_id) {
        st = db_stmt(tx, "SELECT 1 FROM teams WHERE id = ?");
        if (!st)
            return E_DB;
        sqlite3_bind_int64(st, 1, o->signposted_team_id);
        s = sqlite3_step(st);
        sqlite3_reset(st);
        if (s != SQLITE_ROW && s != SQLITE_DONE)
            return db_err(s);
        if (s == SQLITE_DONE)
            return err_set(info, E_INVALID, "signposted_team_id", "there is no team %lld",
                           (long long)o->signposted_team_id);
    }
    struct decision_state state;
    rc = store_decision_state(tx, o->contact_id, &state);
    if (rc)
        return rc;
    st = db_stmt(tx, CODE_COLS "WHERE code = ?");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, o->code);
    s = sqlite3_step(st);
    if (s == SQLITE_ROW) {
        struct outcome_code oc;
        row_to_code(st, &oc);
        rc = outcome_check_all(o, &oc, service, &state, info, gates);
    }
    sqlite3_reset(st);
    if (s == SQLITE_DONE)
        return err_set(info, E_INVALID, "code", "'%.64s' is not an outcome: see /api/outcomes",
                       o->code);
    if (s != SQLITE_ROW)
        return db_err(s);
    if (rc)
        return rc;
    o->decided_at = tx->now;
    o->decided_by = tx->user_id;
    st = db_stmt(tx, "INSERT INTO contact_outcomes (contact_id, code, rationale, signposted_to,"
                     " signposted_team_id, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, o->contact_id);
    db_bind_text(st, 2, o->code);
    db_bind_text(st, 3, o->rationale);
    db_bind_text(st, 4, o->signposted_to ? o->signposted_to : "");
    if (o->signposted_team_id)
        sqlite3_bind_int64(st, 5, o->signposted_team_id);
    else
        sqlite3_bind_null(st, 5);
    sqlite3_bind_int64(st, 6, o->decided_by);
    sqlite3_bind_int64(st, 7, o->decided_at);
    rc = db_step_done(st);
    if (rc == E_CONFLICT)
        return err_set(info, E_CONFLICT, "", "the contact already has an outcome");
    if (rc)
        return rc;
    o->id = sqlite3_last_insert_rowid(tx->conn->db);
    rc = store_contact_close(tx, o->contact_id);
    if (rc)
        return rc;
    rc = store_audit_append(tx, "contact.outcome", "contact", o->contact_id, o->code);
    if (!rc) /* C6: the action taken is recorded */
        rc = store_contact_event(tx, o->contact_id, "contact.action_recorded");
    return rc;
}

enum err store_outcome_get(struct store_tx *tx, int64_t contact_id, store_outcome_fn fn, void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT o.id, o.contact_id, o.code, o.rationale,"
                                   " o.signposted_to, COALESCE(o.signposted_team_id, 0),"
                                   " o.decided_by, o.decided_at, COALESCE(u.name, ''), c.label,"
                                   " c.resolved FROM contact_outcomes o"
                                   " JOIN outcome_codes c ON c.code = o.code"
                                   " LEFT JOIN users u ON u.id = o.decided_by"
                                   " WHERE o.contact_id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, contact_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        struct outcome o = {
            .id = sqlite3_column_int64(st, 0),
            .contact_id = sqlite3_column_int64(st, 1),
            .code = db_col_text(st, 2),
            .rationale = db_col_text(st, 3),
            .signposted_to = db_col_text(st, 4),
            .signposted_team_id = sqlite3_column_int64(st, 5),
            .decided_by = sqlite3_column_int64(st, 6),
            .decided_at = sqlite3_column_int64(st, 7),
            .decided_by_name = db_col_text(st, 8),
            .label = db_col_text(st, 9),
            .resolved = sqlite3_column_int(st, 10) != 0,
        };
        fn(&o, arg);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}
