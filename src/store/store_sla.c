/*
 * store_sla: policy queries. A policy's current definition is the version named by
 * sla_policies.current_version; reading it joins the two tables. The handful of policies a
 * council has are read whole; no query here needs more than the primary keys.
 */
#include "store/store_sla.h"

#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "store/db.h"
#include "store/store_audit.h"

#define SLA_COLS                                                                                   \
    "SELECT p.id, v.version, p.code, v.name, v.start_event, v.stop_event, v.unit, v.target,"       \
    " v.warn_before, v.warn_unit, v.calendar, COALESCE(v.calendar_team_id, 0), v.pausable,"        \
    " v.active, v.escalation, v.changed_at, v.changed_by, COALESCE(u.name, ''), v.reason"          \
    " FROM sla_policies p JOIN sla_policy_versions v ON v.policy_id = p.id"                        \
    " LEFT JOIN users u ON u.id = v.changed_by "

/* Fills p and m from a SLA_COLS row; E_DB when the stored definition does not parse. */
static enum err row_to_policy(sqlite3_stmt *st, struct deadline_policy *p,
                              struct sla_version_meta *m)
{
    memset(p, 0, sizeof(*p));
    p->id = sqlite3_column_int64(st, 0);
    p->version = sqlite3_column_int(st, 1);
    snprintf(p->code, sizeof(p->code), "%s", db_col_text(st, 2));
    snprintf(p->name, sizeof(p->name), "%s", db_col_text(st, 3));
    snprintf(p->start_event, sizeof(p->start_event), "%s", db_col_text(st, 4));
    snprintf(p->stop_event, sizeof(p->stop_event), "%s", db_col_text(st, 5));
    enum err rc = deadline_unit_parse(db_col_text(st, 6), &p->unit);
    p->target = sqlite3_column_int64(st, 7);
    p->warn_before = sqlite3_column_int64(st, 8);
    if (!rc)
        rc = deadline_unit_parse(db_col_text(st, 9), &p->warn_unit);
    if (!rc)
        rc = deadline_calendar_parse(db_col_text(st, 10), &p->calendar);
    p->calendar_team_id = sqlite3_column_int64(st, 11);
    p->pausable = sqlite3_column_int(st, 12) != 0;
    p->active = sqlite3_column_int(st, 13) != 0;
    if (!rc)
        rc = escalation_chain_parse(db_col_text(st, 14), &p->chain, NULL);
    if (m) {
        m->changed_at = sqlite3_column_int64(st, 15);
        m->changed_by = sqlite3_column_int64(st, 16);
        m->changed_by_name = db_col_text(st, 17);
        m->reason = db_col_text(st, 18);
    }
    if (rc) {
        log_error("policy %lld version %d does not parse", (long long)p->id, p->version);
        return E_DB;
    }
    return E_OK;
}

static enum err each_policy(sqlite3_stmt *st, store_sla_fn fn, void *arg)
{
    int rc;
    enum err e = E_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct deadline_policy p;
        struct sla_version_meta m;
        e = row_to_policy(st, &p, &m);
        if (e)
            break;
        fn(&p, &m, arg);
    }
    sqlite3_reset(st);
    if (e)
        return e;
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? E_OK : db_err(rc);
}

static enum err one_policy(sqlite3_stmt *st, struct deadline_policy *out)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? E_NOTFOUND : db_err(rc);
    }
    enum err e = row_to_policy(st, out, NULL);
    sqlite3_reset(st);
    return e;
}

enum err store_sla_list(struct store_tx *tx, store_sla_fn fn, void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, SLA_COLS "WHERE v.version = p.current_version ORDER BY p.id");
    if (!st)
        return E_DB;
    return each_policy(st, fn, arg);
}

enum err store_sla_get(struct store_tx *tx, int64_t id, struct deadline_policy *out)
{
    sqlite3_stmt *st = db_stmt(tx, SLA_COLS "WHERE p.id = ? AND v.version = p.current_version");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    return one_policy(st, out);
}

enum err store_sla_by_code(struct store_tx *tx, const char *code, struct deadline_policy *out)
{
    sqlite3_stmt *st = db_stmt(tx, SLA_COLS "WHERE p.code = ? AND v.version = p.current_version");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, code);
    return one_policy(st, out);
}

enum err store_sla_version(struct store_tx *tx, int64_t id, int version,
                           struct deadline_policy *out)
{
    sqlite3_stmt *st = db_stmt(tx, SLA_COLS "WHERE p.id = ? AND v.version = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, version);
    return one_policy(st, out);
}

enum err store_sla_history(struct store_tx *tx, int64_t id, store_sla_fn fn, void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, SLA_COLS "WHERE p.id = ? ORDER BY v.version DESC");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    return each_policy(st, fn, arg);
}

enum err store_sla_starting(struct store_tx *tx, const char *event, store_sla_fn fn, void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, SLA_COLS "WHERE v.version = p.current_version"
                                            " AND v.start_event = ? AND v.active = 1"
                                            " ORDER BY p.id");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, event);
    return each_policy(st, fn, arg);
}

static enum err insert_version(struct store_tx *tx, const struct deadline_policy *p, int64_t now,
                               const char *reason)
{
    char chain[ESCALATION_TEXT_MAX];
    escalation_chain_format(&p->chain, chain);
    sqlite3_stmt *st =
        db_stmt(tx, "INSERT INTO sla_policy_versions (policy_id, version, name, start_event,"
                    " stop_event, unit, target, warn_before, warn_unit, calendar, calendar_team_id,"
                    " pausable, active, escalation, changed_at, changed_by, reason)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, p->id);
    sqlite3_bind_int(st, 2, p->version);
    db_bind_text(st, 3, p->name);
    db_bind_text(st, 4, p->start_event);
    db_bind_text(st, 5, p->stop_event);
    db_bind_text(st, 6, deadline_unit_name(p->unit));
    sqlite3_bind_int64(st, 7, p->target);
    sqlite3_bind_int64(st, 8, p->warn_before);
    db_bind_text(st, 9, deadline_unit_name(p->warn_before ? p->warn_unit : p->unit));
    db_bind_text(st, 10, deadline_calendar_name(p->calendar));
    if (p->calendar == DEADLINE_CAL_TEAM)
        sqlite3_bind_int64(st, 11, p->calendar_team_id);
    else
        sqlite3_bind_null(st, 11);
    sqlite3_bind_int(st, 12, p->pausable ? 1 : 0);
    sqlite3_bind_int(st, 13, p->active ? 1 : 0);
    db_bind_text(st, 14, chain);
    sqlite3_bind_int64(st, 15, now);
    sqlite3_bind_int64(st, 16, tx->user_id);
    db_bind_text(st, 17, reason ? reason : "");
    return db_step_done(st);
}

enum err store_sla_insert(struct store_tx *tx, struct deadline_policy *p, int64_t now,
                          const char *reason)
{
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO sla_policies (code, current_version, created_at)"
                                   " VALUES (?, 1, ?)");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, p->code);
    sqlite3_bind_int64(st, 2, now);
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    p->id = sqlite3_last_insert_rowid(tx->conn->db);
    p->version = 1;
    rc = insert_version(tx, p, now, reason);
    if (rc)
        return rc;
    return store_audit_append(tx, "sla_policy.create", "sla_policy", p->id, reason);
}

enum err store_sla_update(struct store_tx *tx, struct deadline_policy *p, int expected_version,
                          int64_t now, const char *reason)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT code, current_version FROM sla_policies WHERE id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, p->id);
    int r = sqlite3_step(st);
    if (r != SQLITE_ROW) {
        sqlite3_reset(st);
        return r == SQLITE_DONE ? E_NOTFOUND : db_err(r);
    }
    int same_code = strcmp(db_col_text(st, 0), p->code) == 0;
    int current = sqlite3_column_int(st, 1);
    sqlite3_reset(st);
    if (!same_code)
        return E_INVALID;
    if (current != expected_version)
        return E_CONFLICT;
    p->version = current + 1;
    enum err rc = insert_version(tx, p, now, reason);
    if (rc)
        return rc;
    st = db_stmt(tx, "UPDATE sla_policies SET current_version = ? WHERE id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int(st, 1, p->version);
    sqlite3_bind_int64(st, 2, p->id);
    rc = db_step_done(st);
    if (rc)
        return rc;
    return store_audit_append(tx, "sla_policy.update", "sla_policy", p->id, reason);
}
