/*
 * store_referral: referral queries. A referral's state is its answer row if it has one, else
 * pending. The reference sequence is per year in reference_counters (prefix "R"), advanced in
 * the same transaction as the insert.
 */
#include "store/store_referral.h"

#include <stdio.h>
#include <string.h>

#include "core/ukclock.h"
#include "store/db.h"
#include "store/store_audit.h"
#include "store/store_clock.h"
#include "store/store_outbox.h"

static void bind_opt_id(sqlite3_stmt *st, int idx, int64_t id)
{
    if (id > 0)
        sqlite3_bind_int64(st, idx, id);
    else
        sqlite3_bind_null(st, idx);
}

enum err store_referral_recommendation(struct store_tx *tx, int64_t contact_id,
                                       struct store_referral_recommendation *out)
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *st = db_stmt(tx, "SELECT id, value, rationale, work_plan FROM contact_decisions"
                                   " WHERE contact_id = ? AND kind = 'recommendation'"
                                   " ORDER BY id DESC LIMIT 1");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, contact_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->decision_id = sqlite3_column_int64(st, 0);
        snprintf(out->value, sizeof(out->value), "%s", db_col_text(st, 1));
        snprintf(out->rationale, sizeof(out->rationale), "%s", db_col_text(st, 2));
        snprintf(out->work_plan, sizeof(out->work_plan), "%s", db_col_text(st, 3));
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}

enum err store_referral_open_to(struct store_tx *tx, int64_t contact_id, int64_t to_team_id,
                                char reference[REFERRAL_REF_LEN], enum referral_state *state_out)
{
    reference[0] = '\0';
    *state_out = REFERRAL_PENDING;
    sqlite3_stmt *st = db_stmt(tx, "SELECT r.reference, COALESCE(a.answer, 'pending')"
                                   " FROM referrals r"
                                   " LEFT JOIN referral_answers a ON a.referral_id = r.id"
                                   " WHERE r.contact_id = ? AND r.to_team_id = ?"
                                   " AND (a.answer IS NULL OR a.answer = 'accepted')"
                                   " ORDER BY r.id LIMIT 1");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, contact_id);
    sqlite3_bind_int64(st, 2, to_team_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        bool ok;
        snprintf(reference, REFERRAL_REF_LEN, "%s", db_col_text(st, 0));
        *state_out = referral_state_parse(db_col_text(st, 1), &ok);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
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

static enum err next_seq(struct store_tx *tx, int year, int64_t *out)
{
    sqlite3_stmt *st = db_stmt(tx, "INSERT INTO reference_counters (prefix, year, last_seq)"
                                   " VALUES ('R', ?, 1) ON CONFLICT (prefix, year)"
                                   " DO UPDATE SET last_seq = reference_counters.last_seq + 1"
                                   " RETURNING last_seq");
    if (!st)
        return E_DB;
    sqlite3_bind_int(st, 1, year);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? E_OK : db_err(rc);
}

/* Sends event about referral r to the clocks. */
static enum err clock_event(struct store_tx *tx, const char *event, int64_t id, int64_t owner,
                            int64_t team_id)
{
    struct store_clock_subject s = {.entity = "referral",
                                    .entity_id = id,
                                    .owner_user_id = owner > 0 ? owner : 0,
                                    .team_id = team_id,
                                    .at = tx->now};
    struct store_clock_event_result result;
    return store_clock_event(tx, event, &s, &result);
}

enum err store_referral_insert(struct store_tx *tx, struct referral *r, struct err_info *info)
{
    bool ok = false;
    enum err rc = team_exists(tx, r->to_team_id, &ok);
    if (!rc && !ok)
        return err_set(info, E_INVALID, "to_team_id", "there is no team %lld",
                       (long long)r->to_team_id);
    if (!rc && r->from_team_id > 0) {
        rc = team_exists(tx, r->from_team_id, &ok);
        if (!rc && !ok)
            return err_set(info, E_INVALID, "from_team_id", "there is no team %lld",
                           (long long)r->from_team_id);
    }
    struct ukclock_local l;
    ukclock_to_local(tx->now / 1000, &l);
    int64_t seq = 0;
    if (!rc)
        rc = next_seq(tx, l.year, &seq);
    if (rc)
        return rc;
    referral_reference(l.year, seq, r->reference);
    sqlite3_stmt *st = db_stmt(
        tx, "INSERT INTO referrals (reference, contact_id, from_team_id, to_team_id, kind,"
            " safeguarding, recommendation, work_plan, recommendation_decision_id, phoned_to,"
            " phoned_at, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, r->reference);
    sqlite3_bind_int64(st, 2, r->contact_id);
    bind_opt_id(st, 3, r->from_team_id);
    sqlite3_bind_int64(st, 4, r->to_team_id);
    db_bind_text(st, 5, referral_kind_name(r->kind));
    sqlite3_bind_int(st, 6, r->safeguarding ? 1 : 0);
    db_bind_text(st, 7, r->recommendation ? r->recommendation : "");
    db_bind_text(st, 8, r->work_plan ? r->work_plan : "");
    bind_opt_id(st, 9, r->recommendation_decision_id);
    db_bind_text(st, 10, r->phoned_to ? r->phoned_to : "");
    bind_opt_id(st, 11, r->phoned_at);
    sqlite3_bind_int64(st, 12, tx->now);
    sqlite3_bind_int64(st, 13, tx->user_id);
    rc = db_step_done(st);
    if (rc)
        return rc;
    r->id = sqlite3_last_insert_rowid(tx->conn->db);
    r->created_at = tx->now;
    r->created_by = tx->user_id;
    r->state = REFERRAL_PENDING;
    st = db_stmt(tx, "INSERT INTO referral_open (referral_id, to_team_id, from_team_id,"
                     " created_by, created_at) VALUES (?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, r->id);
    sqlite3_bind_int64(st, 2, r->to_team_id);
    bind_opt_id(st, 3, r->from_team_id);
    sqlite3_bind_int64(st, 4, tx->user_id);
    sqlite3_bind_int64(st, 5, tx->now);
    rc = db_step_done(st);
    if (!rc)
        rc = clock_event(tx, "referral.created", r->id, tx->user_id, r->to_team_id);
    if (!rc)
        rc = clock_event(
            tx, r->safeguarding ? "referral.safeguarding_created" : "referral.transfer_created",
            r->id, tx->user_id, r->to_team_id);
    if (!rc)
        rc = store_audit_append(tx, "referral.create", "referral", r->id,
                                r->safeguarding ? "safeguarding" : referral_kind_name(r->kind));
    if (!rc)
        rc = store_audit_append(tx, "contact.refer", "contact", r->contact_id, r->reference);
    return rc;
}

#define REFERRAL_COLS                                                                              \
    "SELECT r.id, r.reference, r.contact_id, c.reference, COALESCE(r.from_team_id, 0),"            \
    " COALESCE(ft.name, ''), r.to_team_id, COALESCE(tt.name, ''), r.kind, r.safeguarding,"         \
    " r.recommendation, r.work_plan, COALESCE(r.recommendation_decision_id, 0), r.phoned_to,"      \
    " COALESCE(r.phoned_at, 0), r.created_at, r.created_by, COALESCE(cu.name, ''),"                \
    " COALESCE(a.answer, 'pending'), COALESCE(a.answered_at, 0), COALESCE(a.answered_by, 0),"      \
    " COALESCE(au.name, ''), COALESCE(a.note, ''), COALESCE(f.sent_at, 0)"                         \
    " FROM referrals r JOIN contacts c ON c.id = r.contact_id"                                     \
    " LEFT JOIN teams ft ON ft.id = r.from_team_id LEFT JOIN teams tt ON tt.id = r.to_team_id"     \
    " LEFT JOIN users cu ON cu.id = r.created_by"                                                  \
    " LEFT JOIN referral_answers a ON a.referral_id = r.id"                                        \
    " LEFT JOIN users au ON au.id = a.answered_by"                                                 \
    " LEFT JOIN referral_confirmations f ON f.referral_id = r.id "

static enum err each(sqlite3_stmt *st, store_referral_fn fn, void *arg, int *n_out)
{
    int rc, n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct referral r;
        memset(&r, 0, sizeof(r));
        r.id = sqlite3_column_int64(st, 0);
        snprintf(r.reference, sizeof(r.reference), "%s", db_col_text(st, 1));
        r.contact_id = sqlite3_column_int64(st, 2);
        snprintf(r.contact_reference, sizeof(r.contact_reference), "%s", db_col_text(st, 3));
        r.from_team_id = sqlite3_column_int64(st, 4);
        r.from_team_name = db_col_text(st, 5);
        r.to_team_id = sqlite3_column_int64(st, 6);
        r.to_team_name = db_col_text(st, 7);
        r.kind = referral_kind_parse(db_col_text(st, 8));
        r.safeguarding = sqlite3_column_int(st, 9) != 0;
        r.recommendation = db_col_text(st, 10);
        r.work_plan = db_col_text(st, 11);
        r.recommendation_decision_id = sqlite3_column_int64(st, 12);
        r.phoned_to = db_col_text(st, 13);
        r.phoned_at = sqlite3_column_int64(st, 14);
        r.created_at = sqlite3_column_int64(st, 15);
        r.created_by = sqlite3_column_int64(st, 16);
        r.created_by_name = db_col_text(st, 17);
        bool ok;
        r.state = referral_state_parse(db_col_text(st, 18), &ok);
        r.answered_at = sqlite3_column_int64(st, 19);
        r.answered_by = sqlite3_column_int64(st, 20);
        r.answered_by_name = db_col_text(st, 21);
        r.answer_note = db_col_text(st, 22);
        r.confirmation_sent_at = sqlite3_column_int64(st, 23);
        fn(&r, arg);
        n++;
    }
    sqlite3_reset(st);
    if (n_out)
        *n_out = n;
    return rc == SQLITE_DONE ? E_OK : db_err(rc);
}

enum err store_referral_get(struct store_tx *tx, int64_t id, store_referral_fn fn, void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, REFERRAL_COLS "WHERE r.id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int n = 0;
    enum err rc = each(st, fn, arg, &n);
    return !rc && n == 0 ? E_NOTFOUND : rc;
}

enum err store_referral_read(struct store_tx *tx, int64_t id, store_referral_fn fn, void *arg)
{
    enum err rc = store_referral_get(tx, id, fn, arg);
    if (!rc)
        rc = store_audit_append(tx, "referral.read", "referral", id, NULL);
    return rc;
}

enum err store_referral_answer(struct store_tx *tx, int64_t id, enum referral_state to,
                               const char *note)
{
    if (to != REFERRAL_ACCEPTED && to != REFERRAL_RETURNED)
        return E_INVALID;
    sqlite3_stmt *st = db_stmt(tx, "SELECT created_by, to_team_id FROM referrals WHERE id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int s = sqlite3_step(st);
    int64_t owner = 0, team = 0;
    if (s == SQLITE_ROW) {
        owner = sqlite3_column_int64(st, 0);
        team = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    if (s == SQLITE_DONE)
        return E_NOTFOUND;
    if (s != SQLITE_ROW)
        return db_err(s);
    st = db_stmt(tx, "INSERT INTO referral_answers (referral_id, answer, note, answered_at,"
                     " answered_by) VALUES (?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, referral_state_name(to));
    db_bind_text(st, 3, note ? note : "");
    sqlite3_bind_int64(st, 4, tx->now);
    sqlite3_bind_int64(st, 5, tx->user_id);
    enum err rc = db_step_done(st);
    if (rc)
        return rc;
    st = db_stmt(tx, "DELETE FROM referral_open WHERE referral_id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    rc = db_step_done(st);
    if (!rc && to == REFERRAL_ACCEPTED)
        rc = clock_event(tx, "referral.on_team_workflow", id, owner, team);
    if (!rc)
        rc = clock_event(tx, "referral.decided", id, owner, team);
    if (!rc && to == REFERRAL_RETURNED) {
        /* the team looked at it and sent it back: its workflow clock ends with that answer */
        rc = store_clock_stop(tx, "referral", id, "safeguarding_workflow", "returned");
        if (!rc)
            rc = store_clock_stop(tx, "referral", id, "non_urgent_transfer", "returned");
    }
    if (!rc)
        rc = store_audit_append(tx, to == REFERRAL_ACCEPTED ? "referral.accept" : "referral.return",
                                "referral", id, note && *note ? note : NULL);
    return rc;
}

enum err store_referral_for_team(struct store_tx *tx, int64_t team_id,
                                 enum store_referral_which which, int limit, store_referral_fn fn,
                                 void *arg)
{
    sqlite3_stmt *st;
    switch (which) {
    case STORE_REFERRAL_PENDING:
        st = db_stmt(tx, REFERRAL_COLS "JOIN referral_open o ON o.referral_id = r.id"
                                       " WHERE o.to_team_id = ? ORDER BY o.created_at, r.id"
                                       " LIMIT ?");
        break;
    case STORE_REFERRAL_ACCEPTED:
        st = db_stmt(tx, REFERRAL_COLS "WHERE r.to_team_id = ? AND a.answer = 'accepted'"
                                       " ORDER BY r.id LIMIT ?");
        break;
    case STORE_REFERRAL_RETURNED:
        st = db_stmt(tx, REFERRAL_COLS "WHERE r.to_team_id = ? AND a.answer = 'returned'"
                                       " ORDER BY r.id LIMIT ?");
        break;
    default:
        st = db_stmt(tx, REFERRAL_COLS "WHERE r.to_team_id = ? ORDER BY r.id LIMIT ?");
        break;
    }
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, team_id);
    sqlite3_bind_int(st, 2, limit);
    enum err rc = each(st, fn, arg, NULL);
    if (!rc)
        rc = store_audit_append(tx, "referral.list", "team", team_id, "incoming referrals");
    return rc;
}

enum err store_referral_for_contact(struct store_tx *tx, int64_t contact_id, store_referral_fn fn,
                                    void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, REFERRAL_COLS "WHERE r.contact_id = ? ORDER BY r.id");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, contact_id);
    enum err rc = each(st, fn, arg, NULL);
    if (!rc)
        rc = store_audit_append(tx, "referral.list", "contact", contact_id, NULL);
    return rc;
}

enum err store_referral_desk(struct store_tx *tx, int64_t from_team_id, int64_t user_id,
                             bool returned, int64_t since_ms, int limit, store_referral_fn fn,
                             void *arg)
{
    sqlite3_stmt *st;
    if (!returned && from_team_id > 0)
        st = db_stmt(tx, REFERRAL_COLS "JOIN referral_open o ON o.referral_id = r.id"
                                       " WHERE o.from_team_id = ? ORDER BY o.created_at, r.id"
                                       " LIMIT ?");
    else if (!returned)
        st = db_stmt(tx, REFERRAL_COLS "JOIN referral_open o ON o.referral_id = r.id"
                                       " WHERE o.created_by = ? ORDER BY o.created_at, r.id"
                                       " LIMIT ?");
    else if (from_team_id > 0)
        st = db_stmt(tx, REFERRAL_COLS "WHERE a.answer = 'returned' AND a.answered_at >= ?"
                                       " AND r.from_team_id = ? ORDER BY a.answered_at LIMIT ?");
    else
        st = db_stmt(tx, REFERRAL_COLS "WHERE a.answer = 'returned' AND a.answered_at >= ?"
                                       " AND r.created_by = ? ORDER BY a.answered_at LIMIT ?");
    if (!st)
        return E_DB;
    int64_t who = from_team_id > 0 ? from_team_id : user_id;
    if (returned) {
        sqlite3_bind_int64(st, 1, since_ms);
        sqlite3_bind_int64(st, 2, who);
        sqlite3_bind_int(st, 3, limit);
    } else {
        sqlite3_bind_int64(st, 1, who);
        sqlite3_bind_int(st, 2, limit);
    }
    enum err rc = each(st, fn, arg, NULL);
    if (!rc)
        rc = store_audit_append(tx, "referral.list", from_team_id > 0 ? "team" : "user", who,
                                returned ? "clear desk: returned" : "clear desk: pending");
    return rc;
}

enum err store_referral_unreferred(struct store_tx *tx, int64_t team_id, int64_t user_id,
                                   int64_t since_ms, int limit, store_unreferred_fn fn, void *arg)
{
    sqlite3_stmt *st;
    if (team_id > 0)
        st = db_stmt(
            tx, "SELECT d.contact_id, c.reference, d.id, d.value, d.team_id,"
                " COALESCE(t.name, ''), d.decided_at, d.decided_by, COALESCE(u.name, '')"
                " FROM contact_decisions d JOIN contacts c ON c.id = d.contact_id"
                " LEFT JOIN teams t ON t.id = d.team_id"
                " LEFT JOIN users u ON u.id = d.decided_by"
                " WHERE d.kind = 'transfer' AND d.decided_at >= ?1"
                " AND d.team_id IS NOT NULL AND (u.team_id = ?2 OR EXISTS (SELECT 1 FROM workers w"
                " JOIN worker_teams wt ON wt.worker_id = w.id"
                " WHERE w.user_id = d.decided_by AND wt.team_id = ?2))"
                " AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.contact_id ="
                " d.contact_id AND r.to_team_id = d.team_id)"
                " ORDER BY d.decided_at LIMIT ?3");
    else
        st =
            db_stmt(tx, "SELECT d.contact_id, c.reference, d.id, d.value, d.team_id,"
                        " COALESCE(t.name, ''), d.decided_at, d.decided_by, COALESCE(u.name, '')"
                        " FROM contact_decisions d JOIN contacts c ON c.id = d.contact_id"
                        " LEFT JOIN teams t ON t.id = d.team_id"
                        " LEFT JOIN users u ON u.id = d.decided_by"
                        " WHERE d.kind = 'transfer' AND d.decided_at >= ? AND d.team_id IS NOT NULL"
                        " AND d.decided_by = ?"
                        " AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.contact_id ="
                        " d.contact_id AND r.to_team_id = d.team_id)"
                        " ORDER BY d.decided_at LIMIT ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, since_ms);
    sqlite3_bind_int64(st, 2, team_id > 0 ? team_id : user_id);
    sqlite3_bind_int(st, 3, limit);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct referral_unreferred u = {
            .contact_id = sqlite3_column_int64(st, 0),
            .contact_reference = db_col_text(st, 1),
            .decision_id = sqlite3_column_int64(st, 2),
            .value = db_col_text(st, 3),
            .team_id = sqlite3_column_int64(st, 4),
            .team_name = db_col_text(st, 5),
            .decided_at = sqlite3_column_int64(st, 6),
            .decided_by = sqlite3_column_int64(st, 7),
            .decided_by_name = db_col_text(st, 8),
        };
        fn(&u, arg);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return db_err(rc);
    return store_audit_append(tx, "referral.list", team_id > 0 ? "team" : "user",
                              team_id > 0 ? team_id : user_id,
                              "clear desk: transfers not referred");
}

enum err store_referral_confirmation(struct store_tx *tx, int64_t id, store_confirmation_fn fn,
                                     void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT f.referral_id, f.to_address, f.subject, f.body,"
                                   " COALESCE(f.outbox_id, 0), f.sent_at, f.sent_by,"
                                   " COALESCE(u.name, '') FROM referral_confirmations f"
                                   " LEFT JOIN users u ON u.id = f.sent_by"
                                   " WHERE f.referral_id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        struct referral_confirmation c = {
            .referral_id = sqlite3_column_int64(st, 0),
            .to_address = db_col_text(st, 1),
            .subject = db_col_text(st, 2),
            .body = db_col_text(st, 3),
            .outbox_id = sqlite3_column_int64(st, 4),
            .sent_at = sqlite3_column_int64(st, 5),
            .sent_by = sqlite3_column_int64(st, 6),
            .sent_by_name = db_col_text(st, 7),
        };
        fn(&c, arg);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}

enum err store_referral_confirm(struct store_tx *tx, int64_t id, const char *to_address,
                                const char *subject, const char *body, struct err_info *info)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT r.created_by, r.to_team_id,"
                                   " (SELECT 1 FROM referral_confirmations f"
                                   " WHERE f.referral_id = r.id) FROM referrals r WHERE r.id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int s = sqlite3_step(st);
    int64_t owner = 0, team = 0;
    bool sent = false;
    if (s == SQLITE_ROW) {
        owner = sqlite3_column_int64(st, 0);
        team = sqlite3_column_int64(st, 1);
        sent = sqlite3_column_type(st, 2) != SQLITE_NULL;
    }
    sqlite3_reset(st);
    if (s == SQLITE_DONE)
        return E_NOTFOUND;
    if (s != SQLITE_ROW)
        return db_err(s);
    if (sent)
        return err_set(info, E_CONFLICT, "",
                       "the written confirmation for this referral was already sent");
    struct outbox_message m = {.channel = OUTBOX_EMAIL,
                               .to_address = to_address,
                               .subject = subject,
                               .body = body,
                               .link = "",
                               .entity = "referral",
                               .entity_id = id};
    enum err rc = store_outbox_add(tx, &m, tx->now);
    if (rc == E_INVALID)
        return err_set(info, E_INVALID, "to", "enter the referrer's email address");
    if (rc)
        return rc;
    st = db_stmt(tx, "INSERT INTO referral_confirmations (referral_id, to_address, subject, body,"
                     " outbox_id, sent_at, sent_by) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, to_address);
    db_bind_text(st, 3, subject);
    db_bind_text(st, 4, body);
    sqlite3_bind_int64(st, 5, m.id);
    sqlite3_bind_int64(st, 6, tx->now);
    sqlite3_bind_int64(st, 7, tx->user_id);
    rc = db_step_done(st);
    if (!rc)
        rc = clock_event(tx, "referral.confirmation_sent", id, owner, team);
    if (!rc)
        rc = store_audit_append(tx, "referral.confirm", "referral", id, NULL);
    return rc;
}
