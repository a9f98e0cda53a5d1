/*
 * store_outcome: outcome queries. The code set is read whole when an outcome is recorded
 * (it is a few dozen rows); the one-outcome rule is also a UNIQUE constraint, so a race
 * between two writers cannot record two.
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
    " needs_care_act, needs_signposting, active, sort_order FROM outcome_codes "

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
        rc = outcome_check(o, &oc, service, &state, info);
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
