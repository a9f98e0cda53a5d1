/*
 * store_decision: decision queries. Making a decision reads what the rules need (the
 * contact's service, whether it is open, the decisions so far) inside the writer's
 * transaction, so two decisions cannot both pass a gate the other would close.
 */
#include "store/store_decision.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ukclock.h"
#include "core/xalloc.h"
#include "store/db.h"
#include "store/store_audit.h"
#include "store/store_contact.h"
#include "store/store_worker.h"

enum err store_decision_decider(struct store_tx *tx, int64_t user_id, enum role role,
                                struct decider *out)
{
    memset(out, 0, sizeof(*out));
    out->user_id = user_id;
    out->role = role;
    if (user_id <= 0)
        return E_OK;
    struct worker *w = xmalloc(sizeof(*w)); /* large: fixed buffers for every team */
    enum err rc = store_worker_by_user(tx, user_id, w);
    if (rc == E_OK) {
        int64_t days;
        int32_t sec;
        ukclock_local_day(tx->now / 1000, &days, &sec);
        out->has_worker = true;
        out->worker_role = w->role;
        out->safeguarding_qualified = w->safeguarding_qualified;
        out->active = worker_active_on(w, ukclock_date_from_days(days));
        for (size_t i = 0; i < w->n_teams; i++)
            out->manages_team = out->manages_team || w->teams[i].is_manager;
    }
    free(w);
    return rc == E_NOTFOUND ? E_OK : rc;
}

#define DECISION_COLS                                                                              \
    "SELECT d.id, d.contact_id, d.kind, d.value, d.workflow, COALESCE(d.team_id, 0),"              \
    " d.work_plan, d.rationale, d.decided_by, d.decided_at, COALESCE(u.name, ''),"                 \
    " COALESCE(a.authorised_by, 0), COALESCE(a.authorised_at, 0), COALESCE(a.note, ''),"           \
    " COALESCE(au.name, '')"                                                                       \
    " FROM contact_decisions d LEFT JOIN users u ON u.id = d.decided_by"                           \
    " LEFT JOIN contact_decision_authorisations a ON a.decision_id = d.id"                         \
    " LEFT JOIN users au ON au.id = a.authorised_by "

static void row_to_decision(sqlite3_stmt *st, struct decision *d)
{
    memset(d, 0, sizeof(*d));
    d->id = sqlite3_column_int64(st, 0);
    d->contact_id = sqlite3_column_int64(st, 1);
    d->kind = decision_kind_parse(db_col_text(st, 2));
    d->value = db_col_text(st, 3);
    d->workflow = workflow_parse(db_col_text(st, 4));
    d->team_id = sqlite3_column_int64(st, 5);
    d->work_plan = db_col_text(st, 6);
    d->rationale = db_col_text(st, 7);
    d->decided_by = sqlite3_column_int64(st, 8);
    d->decided_at = sqlite3_column_int64(st, 9);
    d->decided_by_name = db_col_text(st, 10);
    d->authorised_by = sqlite3_column_int64(st, 11);
    d->authorised_at = sqlite3_column_int64(st, 12);
    d->authorisation_note = db_col_text(st, 13);
    d->authorised_by_name = db_col_text(st, 14);
}

enum err store_decision_state(struct store_tx *tx, int64_t contact_id, struct decision_state *out)
{
    decision_state_init(out);
    sqlite3_stmt *st = db_stmt(tx, "SELECT kind, value, work_plan FROM contact_decisions"
                                   " WHERE contact_id = ? ORDER BY id");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, contact_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct decision d = {
            .kind = decision_kind_parse(db_col_text(st, 0)),
            .value = db_col_text(st, 1),
            .work_plan = db_col_text(st, 2),
        };
        decision_state_add(out, &d);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? E_OK : db_err(rc);
}

/* The contact's service, and whether it is still open; E_NOTFOUND when there is no contact. */
static enum err contact_facts(struct store_tx *tx, int64_t id, enum contact_service *service,
                              bool *open)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT v.service, CASE WHEN EXISTS (SELECT 1"
                                   " FROM contact_work w WHERE w.contact_id = v.contact_id)"
                                   " THEN 1 ELSE 0 END"
                                   " FROM contact_versions v WHERE v.contact_id = ?"
                                   " ORDER BY v.version DESC LIMIT 1");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *service = contact_service_parse(db_col_text(st, 0));
        *open = sqlite3_column_int(st, 1) != 0;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return E_NOTFOUND;
    return rc == SQLITE_ROW ? E_OK : db_err(rc);
}

static enum err team_exists(struct store_tx *tx, int64_t id, bool *out)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT 1 FROM teams WHERE id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}

enum err store_decision_make(struct store_tx *tx, struct decision *d, const struct decider *who,
                             struct err_info *info, struct err_list *gates)
{
    enum contact_service service = SERVICE_NONE;
    bool open = false;
    enum err rc = contact_facts(tx, d->contact_id, &service, &open);
    if (rc)
        return rc;
    if (!open)
        return err_set(info, E_CONFLICT, "",
                       "the contact is closed: its outcome has been recorded");
    rc = decision_validate(d, service, info);
    if (rc)
        return rc;
    if (d->team_id) {
        bool exists;
        rc = team_exists(tx, d->team_id, &exists);
        if (rc)
            return rc;
        if (!exists)
            return err_set(info, E_INVALID, "team_id", "there is no team %lld",
                           (long long)d->team_id);
    }
    rc = decision_may_decide(d, who, info);
    if (rc)
        return rc;
    struct decision_state state;
    rc = store_decision_state(tx, d->contact_id, &state);
    if (!rc)
        rc = decision_transfer_gate(d, &state, service, info);
    if (rc == E_CONFLICT && gates && service == SERVICE_ADULTS &&
        decision_care_act_gate_all(&state, gates) == E_OK)
        gates->n = 0; /* refused for another reason: info says which */
    if (rc)
        return rc;
    d->decided_at = tx->now;
    d->decided_by = tx->user_id;
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO contact_decisions (contact_id, kind, value,"
                                   " workflow, team_id, work_plan, rationale, decided_by,"
                                   " decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, d->contact_id);
    db_bind_text(st, 2, decision_kind_name(d->kind));
    db_bind_text(st, 3, d->value);
    db_bind_text(st, 4, workflow_name(d->workflow));
    if (d->team_id)
        sqlite3_bind_int64(st, 5, d->team_id);
    else
        sqlite3_bind_null(st, 5);
    db_bind_text(st, 6, d->work_plan ? d->work_plan : "");
    db_bind_text(st, 7, d->rationale);
    sqlite3_bind_int64(st, 8, d->decided_by);
    sqlite3_bind_int64(st, 9, d->decided_at);
    rc = db_step_done(st);
    if (rc)
        return rc;
    d->id = sqlite3_last_insert_rowid(tx->conn->db);
    struct contact_queue q;
    if (decision_queue(d, &q)) {
        rc = store_contact_move(tx, d->contact_id, &q);
        if (rc)
            return rc;
    }
    if (d->kind == DECISION_SAFEGUARDING && strcmp(d->value, "concern") == 0) {
        rc = store_contact_raise_concern(tx, d->contact_id, "decision", d->rationale, NULL);
        if (rc)
            return rc;
    }
    char what[96];
    snprintf(what, sizeof(what), "%s: %s", decision_kind_name(d->kind), d->value);
    rc = store_audit_append(tx, "contact.decide", "contact", d->contact_id, what);
    if (!rc) /* C6: the action to be taken is recorded */
        rc = store_contact_event(tx, d->contact_id, "contact.action_recorded");
    return rc;
}

enum err store_decision_list(struct store_tx *tx, int64_t contact_id, store_decision_fn fn,
                             void *arg)
{
    enum contact_service service;
    bool open;
    enum err e = contact_facts(tx, contact_id, &service, &open);
    if (e)
        return e;
    sqlite3_stmt *st = db_stmt(tx, DECISION_COLS "WHERE d.contact_id = ? ORDER BY d.id");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, contact_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct decision d;
        row_to_decision(st, &d);
        fn(&d, arg);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return db_err(rc);
    return store_audit_append(tx, "contact.read_decisions", "contact", contact_id, NULL);
}

enum err store_decision_get(struct store_tx *tx, int64_t id, store_decision_fn fn, void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, DECISION_COLS "WHERE d.id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        struct decision d;
        row_to_decision(st, &d);
        fn(&d, arg);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE)
        return E_NOTFOUND;
    return rc == SQLITE_ROW ? E_OK : db_err(rc);
}

struct judged {
    const struct decider *who;
    struct err_info *info;
    enum err rc;
    int64_t contact_id;
};

static void judge_authorise(const struct decision *d, void *arg)
{
    struct judged *j = arg;
    j->contact_id = d->contact_id;
    j->rc = decision_may_authorise(d, j->who, j->info);
}

enum err store_decision_authorise(struct store_tx *tx, int64_t id, const struct decider *who,
                                  const char *note, struct err_info *info)
{
    struct judged j = {who, info, E_OK, 0};
    enum err rc = store_decision_get(tx, id, judge_authorise, &j);
    if (rc)
        return rc;
    if (j.rc)
        return j.rc;
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO contact_decision_authorisations (decision_id,"
                                   " authorised_by, authorised_at, note) VALUES (?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, tx->user_id);
    sqlite3_bind_int64(st, 3, tx->now);
    db_bind_text(st, 4, note ? note : "");
    rc = db_step_done(st);
    if (rc)
        return rc;
    char what[48];
    snprintf(what, sizeof(what), "decision %lld", (long long)id);
    return store_audit_append(tx, "contact.authorise_decision", "contact", j.contact_id, what);
}
