/*
 * store_clock: clock queries and the scheduler's tick. A clock row holds its current state and
 * next_at, the one instant at which the scheduler must look at it again; every change also
 * appends a clock_events row, so the row can be rebuilt from its history and the history is
 * evidence. A clock runs by the policy version it started under (read from the immutable
 * sla_policy_versions), on the calendar that policy names. The tick reads due clocks from the
 * next_at index, handles each wholly (warning, breach, every escalation step now due) and moves
 * its next_at on, all inside the writer's transaction, so a crash leaves either everything
 * about a step (history, messages, audit) or nothing.
 */
#include "store/store_clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "domain/team.h"
#include "store/db.h"
#include "store/store_audit.h"
#include "store/store_escalation.h"
#include "store/store_outbox.h"
#include "store/store_sla.h"
#include "store/store_team.h"

enum {
    POLICY_CACHE = 16,
    CALENDAR_CACHE = 8,
    REASON_BUF = DEADLINE_REASON_MAX * 4 + 1,
    TICK_MAX = 1024,
};

/* --- small helpers ---------------------------------------------------------------------- */

static void bind_opt(sqlite3_stmt *st, int idx, int64_t v)
{
    if (v)
        sqlite3_bind_int64(st, idx, v);
    else
        sqlite3_bind_null(st, idx);
}

static int64_t col_opt(sqlite3_stmt *st, int col)
{
    return sqlite3_column_type(st, col) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, col);
}

/* Policies (by id and version) and team calendars looked up during one call. */
struct cache {
    int n_policies;
    struct deadline_policy policies[POLICY_CACHE];
    int n_calendars;
    struct {
        int64_t key; /* team id, or -1 for the default calendar */
        struct team_calendar tc;
    } calendars[CALENDAR_CACHE];
};

static void cache_init(struct cache *k)
{
    k->n_policies = 0;
    k->n_calendars = 0;
}

static void cache_release(struct cache *k)
{
    for (int i = 0; i < k->n_calendars; i++)
        team_calendar_release(&k->calendars[i].tc);
    k->n_calendars = 0;
    k->n_policies = 0;
}

static enum err cache_policy(struct store_tx *tx, struct cache *k, int64_t id, int version,
                             const struct deadline_policy **out)
{
    for (int i = 0; i < k->n_policies; i++) {
        if (k->policies[i].id == id && k->policies[i].version == version) {
            *out = &k->policies[i];
            return E_OK;
        }
    }
    struct deadline_policy p;
    enum err rc = store_sla_version(tx, id, version, &p);
    if (rc)
        return rc;
    int slot = k->n_policies < POLICY_CACHE ? k->n_policies++ : (int)(id % POLICY_CACHE);
    k->policies[slot] = p;
    *out = &k->policies[slot];
    return E_OK;
}

/* The calendar a policy counts working time on for a clock of team_id. */
static enum err cache_calendar(struct store_tx *tx, struct cache *k,
                               const struct deadline_policy *p, int64_t team_id,
                               const struct calendar **out)
{
    int64_t key = -1;
    if (deadline_unit_is_working(p->unit)) {
        if (p->calendar == DEADLINE_CAL_TEAM)
            key = p->calendar_team_id;
        else if (p->calendar == DEADLINE_CAL_CLOCK_TEAM && team_id > 0)
            key = team_id;
    }
    for (int i = 0; i < k->n_calendars; i++) {
        if (k->calendars[i].key == key) {
            *out = &k->calendars[i].tc.cal;
            return E_OK;
        }
    }
    if (k->n_calendars == CALENDAR_CACHE) {
        team_calendar_release(&k->calendars[0].tc);
        memmove(&k->calendars[0], &k->calendars[1], sizeof(k->calendars[0]) * (CALENDAR_CACHE - 1));
        k->n_calendars--;
    }
    struct team_calendar *tc = &k->calendars[k->n_calendars].tc;
    enum err rc = E_OK;
    if (key > 0) {
        rc = store_team_calendar(tx, key, tc);
        if (rc == E_NOTFOUND) { /* a team gone from the directory: the default calendar */
            team_calendar_release(tc);
            rc = E_OK;
        }
    } else {
        memset(tc, 0, sizeof(*tc));
        calendar_init(&tc->cal);
    }
    if (rc) {
        team_calendar_release(tc);
        return rc;
    }
    k->calendars[k->n_calendars].key = key;
    k->n_calendars++;
    *out = &tc->cal;
    return E_OK;
}

/* --- rows ---------------------------------------------------------------------------------- */

#define CLOCK_COLS                                                                                 \
    "SELECT c.id, c.policy_id, c.policy_version, p.code, v.name, c.entity, c.entity_id,"           \
    " COALESCE(ct.reference, rf.reference, mc.reference, ''), COALESCE(c.owner_user_id, 0),"       \
    " COALESCE(c.owner_worker_id, 0), COALESCE(ow.name, ou.name, ''), COALESCE(c.team_id, 0),"     \
    " COALESCE(t.name, ''), c.state, c.started_at, c.due_at, c.warn_at, c.warned_at,"              \
    " c.paused_at, c.due_left_ms, c.warn_left_ms, c.breached_at, COALESCE(c.breach_reason, ''),"   \
    " c.breach_reason_by, c.escalation_step, c.step_at, c.acknowledged_at, c.acknowledged_by,"     \
    " c.stopped_at, c.outcome, c.next_at, COALESCE(ct.id, rf.contact_id, wm.contact_id, 0)"        \
    " FROM clocks c JOIN sla_policies p ON p.id = c.policy_id"                                     \
    " JOIN sla_policy_versions v ON v.policy_id = c.policy_id AND v.version = c.policy_version"    \
    " LEFT JOIN contacts ct ON c.entity = 'contact' AND ct.id = c.entity_id"                       \
    " LEFT JOIN referrals rf ON c.entity = 'referral' AND rf.id = c.entity_id"                     \
    " LEFT JOIN worker_messages wm ON c.entity = 'worker_message' AND wm.id = c.entity_id"         \
    " LEFT JOIN contacts mc ON mc.id = wm.contact_id"                                              \
    " LEFT JOIN users ou ON ou.id = c.owner_user_id"                                               \
    " LEFT JOIN workers ow ON ow.id = c.owner_worker_id"                                           \
    " LEFT JOIN teams t ON t.id = c.team_id "

static void row_to_clock(sqlite3_stmt *st, struct deadline_clock *c)
{
    memset(c, 0, sizeof(*c));
    c->id = sqlite3_column_int64(st, 0);
    c->policy_id = sqlite3_column_int64(st, 1);
    c->policy_version = sqlite3_column_int(st, 2);
    snprintf(c->policy_code, sizeof(c->policy_code), "%s", db_col_text(st, 3));
    snprintf(c->policy_name, sizeof(c->policy_name), "%s", db_col_text(st, 4));
    snprintf(c->entity, sizeof(c->entity), "%s", db_col_text(st, 5));
    c->entity_id = sqlite3_column_int64(st, 6);
    snprintf(c->reference, sizeof(c->reference), "%s", db_col_text(st, 7));
    if (!c->reference[0])
        snprintf(c->reference, sizeof(c->reference), "%s %lld", c->entity, (long long)c->entity_id);
    c->owner_user_id = sqlite3_column_int64(st, 8);
    c->owner_worker_id = sqlite3_column_int64(st, 9);
    snprintf(c->owner_name, sizeof(c->owner_name), "%s", db_col_text(st, 10));
    c->team_id = sqlite3_column_int64(st, 11);
    snprintf(c->team_name, sizeof(c->team_name), "%s", db_col_text(st, 12));
    if (deadline_state_parse(db_col_text(st, 13), &c->state))
        c->state = DEADLINE_RUNNING; /* the CHECK constraint makes this unreachable */
    c->started_at = sqlite3_column_int64(st, 14);
    c->due_at = col_opt(st, 15);
    c->warn_at = col_opt(st, 16);
    c->warned_at = col_opt(st, 17);
    c->paused_at = col_opt(st, 18);
    c->due_left_ms = col_opt(st, 19);
    c->warn_left_ms = sqlite3_column_type(st, 20) == SQLITE_NULL ? -1 : col_opt(st, 20);
    c->breached_at = col_opt(st, 21);
    c->breach_reason = db_col_text(st, 22);
    c->breach_reason_by = col_opt(st, 23);
    c->escalation_step = sqlite3_column_int(st, 24);
    c->step_at = col_opt(st, 25);
    c->acknowledged_at = col_opt(st, 26);
    c->acknowledged_by = col_opt(st, 27);
    c->stopped_at = col_opt(st, 28);
    snprintf(c->outcome, sizeof(c->outcome), "%s", db_col_text(st, 29));
    c->next_at = col_opt(st, 30);
    c->contact_id = sqlite3_column_int64(st, 31);
}

/* A clock read for a change: the row, with its breach reason copied out. */
struct loaded {
    struct deadline_clock c;
    char breach_reason[REASON_BUF];
};

static enum err load(struct store_tx *tx, int64_t id, struct loaded *out)
{
    sqlite3_stmt *st = db_stmt(tx, CLOCK_COLS "WHERE c.id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        if (rc != SQLITE_DONE)
            log_error("could not read clock %lld: %s", (long long)id, sqlite3_errmsg(tx->conn->db));
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? E_NOTFOUND : db_err(rc);
    }
    row_to_clock(st, &out->c);
    snprintf(out->breach_reason, sizeof(out->breach_reason), "%s", out->c.breach_reason);
    out->c.breach_reason = out->breach_reason;
    sqlite3_reset(st);
    return E_OK;
}

/* Writes back every field of c that can change. */
static enum err save(struct store_tx *tx, const struct deadline_clock *c)
{
    sqlite3_stmt *st =
        db_stmt(tx, "UPDATE clocks SET state = ?, due_at = ?, warn_at = ?, warned_at = ?,"
                    " paused_at = ?, due_left_ms = ?, warn_left_ms = ?, breached_at = ?,"
                    " breach_reason = ?, breach_reason_by = ?, escalation_step = ?, step_at = ?,"
                    " acknowledged_at = ?, acknowledged_by = ?, stopped_at = ?, outcome = ?,"
                    " next_at = ? WHERE id = ?");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, deadline_state_name(c->state));
    bind_opt(st, 2, c->due_at);
    bind_opt(st, 3, c->warn_at);
    bind_opt(st, 4, c->warned_at);
    bind_opt(st, 5, c->paused_at);
    if (c->state == DEADLINE_PAUSED) {
        sqlite3_bind_int64(st, 6, c->due_left_ms);
        if (c->warn_left_ms >= 0)
            sqlite3_bind_int64(st, 7, c->warn_left_ms);
        else
            sqlite3_bind_null(st, 7);
    } else {
        sqlite3_bind_null(st, 6);
        sqlite3_bind_null(st, 7);
    }
    bind_opt(st, 8, c->breached_at);
    db_bind_text(st, 9, c->breach_reason && *c->breach_reason ? c->breach_reason : NULL);
    bind_opt(st, 10, c->breach_reason_by);
    sqlite3_bind_int(st, 11, c->escalation_step);
    bind_opt(st, 12, c->step_at);
    bind_opt(st, 13, c->acknowledged_at);
    bind_opt(st, 14, c->acknowledged_by);
    bind_opt(st, 15, c->stopped_at);
    db_bind_text(st, 16, c->outcome);
    bind_opt(st, 17, c->next_at);
    sqlite3_bind_int64(st, 18, c->id);
    return db_step_done(st);
}

/* Writes back what a tick changes, and nothing else: SQLite rewrites the entries of every index
 * whose columns an UPDATE sets, so naming only these keeps a breach to the next_at, state and
 * breached_at indexes. */
static enum err save_tick(struct store_tx *tx, const struct deadline_clock *c)
{
    sqlite3_stmt *st = db_stmt(tx, "UPDATE clocks SET state = ?, warned_at = ?, breached_at = ?,"
                                   " escalation_step = ?, step_at = ?, next_at = ? WHERE id = ?");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, deadline_state_name(c->state));
    bind_opt(st, 2, c->warned_at);
    bind_opt(st, 3, c->breached_at);
    sqlite3_bind_int(st, 4, c->escalation_step);
    bind_opt(st, 5, c->step_at);
    bind_opt(st, 6, c->next_at);
    sqlite3_bind_int64(st, 7, c->id);
    return db_step_done(st);
}

/* One line of history. */
struct ev {
    const char *kind;
    int64_t scheduled_at;
    int step;
    enum escalation_tell tell;
    bool has_tell;
    const struct escalation_person *who;
    const char *detail;
    int64_t due_at;
};

static enum err add_event(struct store_tx *tx, int64_t clock_id, int64_t at, const struct ev *e,
                          int64_t *id_out)
{
    sqlite3_stmt *st =
        db_stmt(tx, "INSERT INTO clock_events (clock_id, at, scheduled_at, kind, step, tell,"
                    " told_user_id, told_worker_id, told_name, detail, by_user_id, due_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, clock_id);
    sqlite3_bind_int64(st, 2, at);
    bind_opt(st, 3, e->scheduled_at);
    db_bind_text(st, 4, e->kind);
    bind_opt(st, 5, e->step);
    db_bind_text(st, 6, e->has_tell ? escalation_tell_name(e->tell) : "");
    bind_opt(st, 7, e->who ? e->who->user_id : 0);
    bind_opt(st, 8, e->who ? e->who->worker_id : 0);
    db_bind_text(st, 9, e->who ? e->who->name : "");
    db_bind_text(st, 10, e->detail ? e->detail : "");
    sqlite3_bind_int64(st, 11, tx->user_id);
    bind_opt(st, 12, e->due_at);
    enum err rc = db_step_done(st);
    if (!rc && id_out)
        *id_out = sqlite3_last_insert_rowid(tx->conn->db);
    return rc;
}

/* The link a message about clock c points to. */
static void clock_link(const struct deadline_clock *c, char *out, size_t len)
{
    if (strcmp(c->entity, "contact") == 0)
        snprintf(out, len, "/contacts/%lld", (long long)c->entity_id);
    else
        snprintf(out, len, "/clocks/%lld", (long long)c->id);
}

/* --- starting and stopping ---------------------------------------------------------------- */

static enum err open_clock(struct store_tx *tx, const char *entity, int64_t entity_id,
                           int64_t policy_id, int64_t *id_out)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT id FROM clocks WHERE entity = ? AND entity_id = ?"
                                   " AND policy_id = ? AND stopped_at IS NULL");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, entity);
    sqlite3_bind_int64(st, 2, entity_id);
    sqlite3_bind_int64(st, 3, policy_id);
    int rc = sqlite3_step(st);
    *id_out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}

/* The team of a clock's owner: the user's team, else the first team of the owner's worker in
 * the directory; 0 when none. */
static enum err owner_team(struct store_tx *tx, int64_t user_id, int64_t worker_id,
                           int64_t *team_out)
{
    *team_out = 0;
    int rc = SQLITE_DONE;
    sqlite3_stmt *st;
    if (user_id > 0) {
        st = db_stmt(tx, "SELECT COALESCE(team_id, 0) FROM users WHERE id = ?");
        if (!st)
            return E_DB;
        sqlite3_bind_int64(st, 1, user_id);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
            *team_out = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return db_err(rc);
    }
    if (*team_out || (user_id <= 0 && worker_id <= 0))
        return E_OK;
    st = db_stmt(tx, "SELECT wt.team_id FROM worker_teams wt JOIN workers w"
                     " ON w.id = wt.worker_id WHERE (w.id = ? OR w.user_id = ?)"
                     " ORDER BY wt.is_manager DESC, wt.team_id LIMIT 1");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, worker_id);
    sqlite3_bind_int64(st, 2, user_id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *team_out = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}

static enum err start_policy(struct store_tx *tx, const struct deadline_policy *p,
                             const struct store_clock_subject *s, int64_t *id_out)
{
    *id_out = 0;
    if (!p->active)
        return E_OK;
    if (!deadline_entity_valid(s->entity) || s->entity_id <= 0)
        return E_INVALID;
    enum err rc = open_clock(tx, s->entity, s->entity_id, p->id, id_out);
    if (rc || *id_out)
        return rc;
    struct deadline_clock c;
    memset(&c, 0, sizeof(c));
    c.team_id = s->team_id;
    if (c.team_id <= 0) {
        rc = owner_team(tx, s->owner_user_id, s->owner_worker_id, &c.team_id);
        if (rc)
            return rc;
    }
    struct cache k;
    cache_init(&k);
    const struct calendar *cal;
    rc = cache_calendar(tx, &k, p, c.team_id, &cal);
    if (!rc)
        rc = deadline_due(p, cal, s->at, &c.due_at, &c.warn_at);
    cache_release(&k);
    if (rc)
        return rc;
    c.state = DEADLINE_RUNNING;
    c.started_at = s->at;
    c.warn_left_ms = -1;
    c.next_at = deadline_next_at(&c, p);
    sqlite3_stmt *st = db_stmt(
        tx, "INSERT INTO clocks (policy_id, policy_version, entity, entity_id, owner_user_id,"
            " owner_worker_id, team_id, state, started_at, due_at, warn_at, next_at, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?)");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, p->id);
    sqlite3_bind_int(st, 2, p->version);
    db_bind_text(st, 3, s->entity);
    sqlite3_bind_int64(st, 4, s->entity_id);
    bind_opt(st, 5, s->owner_user_id > 0 ? s->owner_user_id : 0);
    bind_opt(st, 6, s->owner_worker_id > 0 ? s->owner_worker_id : 0);
    bind_opt(st, 7, c.team_id > 0 ? c.team_id : 0);
    sqlite3_bind_int64(st, 8, c.started_at);
    sqlite3_bind_int64(st, 9, c.due_at);
    bind_opt(st, 10, c.warn_at);
    bind_opt(st, 11, c.next_at);
    sqlite3_bind_int64(st, 12, store_tx_now(tx));
    rc = db_step_done(st);
    if (rc)
        return rc;
    c.id = sqlite3_last_insert_rowid(tx->conn->db);
    struct ev e = {.kind = "start", .due_at = c.due_at};
    rc = add_event(tx, c.id, c.started_at, &e, NULL);
    if (rc)
        return rc;
    *id_out = c.id;
    return E_OK; /* the history row is the record; the caller's own audit event covers the work */
}

enum err store_clock_start(struct store_tx *tx, const char *policy_code, const char *entity,
                           int64_t entity_id, int64_t owner_user_id, int64_t team_id,
                           int64_t started_at, int64_t *clock_id_out)
{
    struct deadline_policy p;
    enum err rc = store_sla_by_code(tx, policy_code, &p);
    if (rc)
        return rc;
    struct store_clock_subject s = {.entity = entity,
                                    .entity_id = entity_id,
                                    .owner_user_id = owner_user_id,
                                    .team_id = team_id,
                                    .at = started_at};
    return start_policy(tx, &p, &s, clock_id_out);
}

/* Stops clock id at now with outcome, if it is still open. */
static enum err stop_one(struct store_tx *tx, int64_t id, int64_t now, const char *outcome)
{
    struct loaded L;
    enum err rc = load(tx, id, &L);
    if (rc)
        return rc;
    struct deadline_clock *c = &L.c;
    if (c->stopped_at)
        return E_OK;
    bool cancelled = strcmp(outcome, "cancelled") == 0;
    if (c->state == DEADLINE_RUNNING && c->due_at <= now) {
        /* missed, and the scheduler had not yet said so: record the breach first */
        c->state = DEADLINE_BREACHED;
        c->breached_at = c->due_at;
        struct ev b = {.kind = "breach", .scheduled_at = c->due_at, .due_at = c->due_at};
        rc = add_event(tx, c->id, now, &b, NULL);
        if (rc)
            return rc;
    }
    if (c->state == DEADLINE_RUNNING || c->state == DEADLINE_PAUSED)
        c->state = cancelled ? DEADLINE_CANCELLED : DEADLINE_MET;
    c->stopped_at = now;
    snprintf(c->outcome, sizeof(c->outcome), "%s", outcome);
    c->next_at = 0;
    rc = save(tx, c);
    if (rc)
        return rc;
    struct ev e = {.kind = "stop", .detail = deadline_state_name(c->state), .due_at = c->due_at};
    return add_event(tx, c->id, now, &e, NULL);
}

enum err store_clock_stop(struct store_tx *tx, const char *entity, int64_t entity_id,
                          const char *policy_code, const char *outcome)
{
    if (!outcome || !deadline_entity_valid(outcome))
        return E_INVALID;
    sqlite3_stmt *st = db_stmt(tx, "SELECT c.id FROM clocks c JOIN sla_policies p"
                                   " ON p.id = c.policy_id WHERE c.entity = ?"
                                   " AND c.entity_id = ? AND c.stopped_at IS NULL"
                                   " AND (CAST(?3 AS TEXT) IS NULL OR p.code = ?3) ORDER BY c.id");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, entity);
    sqlite3_bind_int64(st, 2, entity_id);
    db_bind_text(st, 3, policy_code);
    int64_t ids[STORE_CLOCK_EVENT_MAX];
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (n < STORE_CLOCK_EVENT_MAX)
            ids[n++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return db_err(rc);
    for (int i = 0; i < n; i++) {
        enum err e = stop_one(tx, ids[i], store_tx_now(tx), outcome);
        if (e)
            return e;
    }
    return E_OK;
}

struct starting {
    int n;
    struct deadline_policy p[STORE_CLOCK_EVENT_MAX];
};

static void keep_starting(const struct deadline_policy *p, const struct sla_version_meta *m,
                          void *arg)
{
    (void)m;
    struct starting *s = arg;
    if (s->n < STORE_CLOCK_EVENT_MAX)
        s->p[s->n++] = *p;
}

enum err store_clock_event(struct store_tx *tx, const char *event,
                           const struct store_clock_subject *s,
                           struct store_clock_event_result *out)
{
    memset(out, 0, sizeof(*out));
    if (!deadline_event_valid(event) || !deadline_entity_valid(s->entity) || s->entity_id <= 0)
        return E_INVALID;
    /* stop first: the clocks whose own policy version stops on this event */
    sqlite3_stmt *st = db_stmt(tx, "SELECT c.id FROM clocks c JOIN sla_policy_versions v"
                                   " ON v.policy_id = c.policy_id AND v.version = c.policy_version"
                                   " WHERE c.entity = ? AND c.entity_id = ?"
                                   " AND c.stopped_at IS NULL AND v.stop_event = ? ORDER BY c.id");
    if (!st)
        return E_DB;
    db_bind_text(st, 1, s->entity);
    sqlite3_bind_int64(st, 2, s->entity_id);
    db_bind_text(st, 3, event);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (out->n_stopped < STORE_CLOCK_EVENT_MAX)
            out->stopped[out->n_stopped++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return db_err(rc);
    for (int i = 0; i < out->n_stopped; i++) {
        enum err e = stop_one(tx, out->stopped[i], s->at, "done");
        if (e)
            return e;
    }
    struct starting *starting = xmalloc(sizeof(*starting));
    starting->n = 0;
    enum err e = store_sla_starting(tx, event, keep_starting, starting);
    for (int i = 0; !e && i < starting->n; i++) {
        int64_t id = 0;
        e = start_policy(tx, &starting->p[i], s, &id);
        if (!e && id)
            out->started[out->n_started++] = id;
    }
    free(starting);
    return e;
}

/* Cancels open clock id because what it counted from was corrected: neither met nor missed,
 * and no breach recorded for it (the deadline it was heading for was wrong). A clock that had
 * already breached keeps that state: what happened then is evidence. */
static enum err cancel_corrected(struct store_tx *tx, struct deadline_clock *c)
{
    if (c->state == DEADLINE_RUNNING || c->state == DEADLINE_PAUSED)
        c->state = DEADLINE_CANCELLED;
    c->stopped_at = store_tx_now(tx);
    snprintf(c->outcome, sizeof(c->outcome), "%s", "corrected");
    c->next_at = 0;
    enum err rc = save(tx, c);
    if (rc)
        return rc;
    struct ev e = {.kind = "stop", .detail = deadline_state_name(c->state), .due_at = c->due_at};
    return add_event(tx, c->id, c->stopped_at, &e, NULL);
}

/* The open clocks on entity/entity_id of the policies starting on start_event are cancelled
 * as corrected; with restart, each starts again from started_at with the same owner and team. */
static enum err correct_open(struct store_tx *tx, const char *start_event, const char *entity,
                             int64_t entity_id, bool restart, int64_t started_at)
{
    if (!deadline_event_valid(start_event) || !deadline_entity_valid(entity) || entity_id <= 0)
        return E_INVALID;
    struct starting *starting = xmalloc(sizeof(*starting));
    starting->n = 0;
    enum err rc = store_sla_starting(tx, start_event, keep_starting, starting);
    for (int i = 0; !rc && i < starting->n; i++) {
        int64_t id = 0;
        rc = open_clock(tx, entity, entity_id, starting->p[i].id, &id);
        if (rc || !id)
            continue;
        struct loaded L;
        rc = load(tx, id, &L);
        if (!rc)
            rc = cancel_corrected(tx, &L.c);
        if (rc || !restart)
            continue;
        struct store_clock_subject s = {.entity = entity,
                                        .entity_id = entity_id,
                                        .owner_user_id = L.c.owner_user_id,
                                        .owner_worker_id = L.c.owner_worker_id,
                                        .team_id = L.c.team_id,
                                        .at = started_at};
        rc = start_policy(tx, &starting->p[i], &s, &id);
    }
    free(starting);
    return rc;
}

enum err store_clock_reanchor(struct store_tx *tx, const char *start_event, const char *entity,
                              int64_t entity_id, int64_t started_at)
{
    return correct_open(tx, start_event, entity, entity_id, true, started_at);
}

enum err store_clock_cancel_corrected(struct store_tx *tx, const char *start_event,
                                      const char *entity, int64_t entity_id)
{
    return correct_open(tx, start_event, entity, entity_id, false, 0);
}

/* --- changes by people -------------------------------------------------------------------- */

/* Loads clock id with its policy and calendar, for a change at now. */
struct change {
    struct loaded L;
    struct cache k;
    const struct deadline_policy *p;
    const struct calendar *cal;
};

static enum err change_begin(struct store_tx *tx, int64_t id, struct change *ch)
{
    cache_init(&ch->k);
    enum err rc = load(tx, id, &ch->L);
    if (!rc)
        rc = cache_policy(tx, &ch->k, ch->L.c.policy_id, ch->L.c.policy_version, &ch->p);
    if (!rc)
        rc = cache_calendar(tx, &ch->k, ch->p, ch->L.c.team_id, &ch->cal);
    return rc;
}

static size_t text_chars(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

static enum err need_text(const char *s, const char *field, const char *what, struct err_info *info)
{
    const char *p = s;
    while (p && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    if (!p || !*p)
        return err_set(info, E_INVALID, field, "enter %s", what);
    if (text_chars(s) > DEADLINE_REASON_MAX)
        return err_set(info, E_INVALID, field, "%s must be %d characters or fewer", field,
                       DEADLINE_REASON_MAX);
    return E_OK;
}

enum err store_clock_pause(struct store_tx *tx, int64_t id, int64_t now, const char *reason,
                           struct err_info *info)
{
    enum err rc = need_text(reason, "reason", "why the clock is paused", info);
    if (rc)
        return rc;
    struct change *ch = xmalloc(sizeof(*ch));
    rc = change_begin(tx, id, ch);
    struct deadline_clock *c = &ch->L.c;
    if (rc)
        goto out;
    if (!ch->p->pausable) {
        rc = err_set(info, E_CONFLICT, "", "the policy '%s' does not allow its clocks to pause",
                     ch->p->name);
        goto out;
    }
    if (c->stopped_at || c->state != DEADLINE_RUNNING) {
        rc = err_set(info, E_CONFLICT, "", "only a running clock can pause; this one is %s",
                     deadline_state_name(c->state));
        goto out;
    }
    int64_t warn = c->warned_at ? 0 : c->warn_at;
    rc = deadline_pause(ch->p, ch->cal, now, c->due_at, warn, &c->due_left_ms, &c->warn_left_ms);
    if (rc == E_CONFLICT) {
        err_set(info, E_CONFLICT, "", "the deadline has passed: the clock cannot pause");
        goto out;
    }
    if (rc)
        goto out;
    c->state = DEADLINE_PAUSED;
    c->paused_at = now;
    c->due_at = 0;
    c->warn_at = 0;
    c->next_at = 0;
    rc = save(tx, c);
    struct ev e = {.kind = "pause", .detail = reason};
    if (!rc)
        rc = add_event(tx, c->id, now, &e, NULL);
    if (!rc)
        rc = store_audit_append(tx, "clock.pause", "clock", c->id, reason);
out:
    cache_release(&ch->k);
    free(ch);
    return rc;
}

enum err store_clock_resume(struct store_tx *tx, int64_t id, int64_t now, struct err_info *info)
{
    struct change *ch = xmalloc(sizeof(*ch));
    enum err rc = change_begin(tx, id, ch);
    struct deadline_clock *c = &ch->L.c;
    if (rc)
        goto out;
    if (c->stopped_at || c->state != DEADLINE_PAUSED) {
        rc = err_set(info, E_CONFLICT, "", "only a paused clock can resume; this one is %s",
                     deadline_state_name(c->state));
        goto out;
    }
    rc = deadline_resume(ch->p, ch->cal, now, c->due_left_ms, c->warn_left_ms, &c->due_at,
                         &c->warn_at);
    if (rc)
        goto out;
    c->state = DEADLINE_RUNNING;
    c->paused_at = 0;
    c->warned_at = 0;
    c->next_at = deadline_next_at(c, ch->p);
    rc = save(tx, c);
    struct ev e = {.kind = "resume", .due_at = c->due_at};
    if (!rc)
        rc = add_event(tx, c->id, now, &e, NULL);
    if (!rc)
        rc = store_audit_append(tx, "clock.resume", "clock", c->id, NULL);
out:
    cache_release(&ch->k);
    free(ch);
    return rc;
}

enum err store_clock_breach_reason(struct store_tx *tx, int64_t id, int64_t now, const char *reason,
                                   struct err_info *info)
{
    enum err rc = need_text(reason, "reason", "why the deadline was missed", info);
    if (rc)
        return rc;
    struct loaded *L = xmalloc(sizeof(*L));
    rc = load(tx, id, L);
    struct deadline_clock *c = &L->c;
    if (rc)
        goto out;
    if (!c->breached_at) {
        rc = err_set(info, E_CONFLICT, "", "this clock's deadline has not been missed");
        goto out;
    }
    if (c->breach_reason[0]) {
        rc = err_set(info, E_CONFLICT, "", "a reason is already recorded for this breach");
        goto out;
    }
    c->breach_reason = reason;
    c->breach_reason_by = tx->user_id;
    rc = save(tx, c);
    struct ev e = {.kind = "breach_reason", .detail = reason};
    if (!rc)
        rc = add_event(tx, c->id, now, &e, NULL);
    if (!rc)
        rc = store_audit_append(tx, "clock.breach_reason", "clock", c->id, reason);
out:
    free(L);
    return rc;
}

enum err store_clock_acknowledge(struct store_tx *tx, int64_t id, int64_t now, const char *note,
                                 struct err_info *info)
{
    if (note && text_chars(note) > DEADLINE_REASON_MAX)
        return err_set(info, E_INVALID, "note", "the note must be %d characters or fewer",
                       DEADLINE_REASON_MAX);
    struct loaded *L = xmalloc(sizeof(*L));
    enum err rc = load(tx, id, L);
    struct deadline_clock *c = &L->c;
    if (rc)
        goto out;
    if (c->state != DEADLINE_BREACHED) {
        rc = err_set(info, E_CONFLICT, "", "only a missed deadline is escalated; this clock is %s",
                     deadline_state_name(c->state));
        goto out;
    }
    if (c->acknowledged_at) {
        rc = err_set(info, E_CONFLICT, "", "the escalation was already acknowledged");
        goto out;
    }
    c->acknowledged_at = now;
    c->acknowledged_by = tx->user_id;
    c->next_at = 0;
    rc = save(tx, c);
    struct ev e = {.kind = "acknowledge", .detail = note ? note : ""};
    if (!rc)
        rc = add_event(tx, c->id, now, &e, NULL);
    if (!rc)
        rc = store_audit_append(tx, "clock.acknowledge", "clock", c->id, note);
out:
    free(L);
    return rc;
}

enum err store_clock_involves(struct store_tx *tx, int64_t id, int64_t user_id, bool *out)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT CASE WHEN EXISTS (SELECT 1 FROM clocks WHERE id = ?1"
                                   " AND owner_user_id = ?2) OR EXISTS (SELECT 1 FROM"
                                   " clock_events WHERE told_user_id = ?2 AND clock_id = ?1)"
                                   " OR EXISTS (SELECT 1 FROM clocks c JOIN workers w"
                                   " ON w.id = c.owner_worker_id WHERE c.id = ?1"
                                   " AND w.user_id = ?2) THEN 1 ELSE 0 END");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, user_id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW)
        return db_err(rc);
    *out = sqlite3_column_int(st, 0) != 0;
    sqlite3_reset(st);
    return E_OK;
}

/* --- reading ------------------------------------------------------------------------------ */

static enum err left_of(struct store_tx *tx, struct cache *k, const struct deadline_clock *c,
                        int64_t now, struct store_clock_left *out)
{
    memset(out, 0, sizeof(*out));
    if (c->stopped_at || c->state == DEADLINE_PAUSED || !c->due_at)
        return E_OK;
    const struct deadline_policy *p;
    const struct calendar *cal;
    enum err rc = cache_policy(tx, k, c->policy_id, c->policy_version, &p);
    if (!rc)
        rc = cache_calendar(tx, k, p, c->team_id, &cal);
    if (!rc)
        rc = deadline_left(p, cal, now, c->due_at, &out->left_ms, out->text, sizeof(out->text));
    if (rc == E_INVALID) { /* outside the calendar's years: say nothing rather than fail */
        memset(out, 0, sizeof(*out));
        return E_OK;
    }
    if (rc)
        return rc;
    out->known = true;
    out->working = deadline_unit_is_working(p->unit);
    out->overdue = c->due_at <= now;
    return E_OK;
}

/* Rows gathered for a list: copied out, so the time-left lookups (policies, calendars) do not
 * run while a list statement is open. */
struct gathered {
    size_t n, cap;
    struct loaded *rows;
    int skip; /* offset still to skip */
};

static bool wanted(const struct store_clock_filter *f, const struct deadline_clock *c)
{
    if (f->state >= 0 && (int)c->state != f->state)
        return false;
    if (f->open == STORE_CLOCK_OPEN && c->stopped_at)
        return false;
    if (f->open == STORE_CLOCK_CLOSED && !c->stopped_at)
        return false;
    if (f->team_id && c->team_id != f->team_id)
        return false;
    if (f->owner_user_id && c->owner_user_id != f->owner_user_id)
        return false;
    return true;
}

/* Steps a prepared CLOCK_COLS statement (NULL: E_DB), keeping the rows f wants until g holds
 * f->limit of them. */
static enum err gather(sqlite3_stmt *st, const struct store_clock_filter *f, struct gathered *g)
{
    if (!st)
        return E_DB;
    int rc = SQLITE_DONE;
    while ((int)g->n < f->limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct deadline_clock c;
        row_to_clock(st, &c);
        if (!wanted(f, &c))
            continue;
        if (g->skip > 0) {
            g->skip--;
            continue;
        }
        if (g->n == g->cap) {
            g->cap = g->cap ? g->cap * 2 : 16;
            g->rows = xrealloc(g->rows, g->cap * sizeof(*g->rows));
        }
        g->rows[g->n].c = c;
        snprintf(g->rows[g->n].breach_reason, sizeof(g->rows[g->n].breach_reason), "%s",
                 c.breach_reason);
        g->n++;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}

/* Calls fn with each gathered clock and its time left at f->now, then frees the rows. */
static enum err emit(struct store_tx *tx, const struct store_clock_filter *f, struct gathered *g,
                     enum err e, store_clock_fn fn, void *arg)
{
    struct cache *k = xmalloc(sizeof(*k));
    cache_init(k);
    for (size_t i = 0; !e && i < g->n; i++) {
        struct store_clock_left left;
        g->rows[i].c.breach_reason = g->rows[i].breach_reason;
        e = left_of(tx, k, &g->rows[i].c, f->now, &left);
        if (!e)
            fn(&g->rows[i].c, &left, arg);
    }
    cache_release(k);
    free(k);
    free(g->rows);
    g->rows = NULL;
    return e;
}

/*
 * Each pass reads an index in the order a queue needs, so a page of a long list costs the page,
 * not a sort of every clock: open clocks with a deadline, soonest first (the due index, or the
 * team's); then paused clocks; then stopped clocks, most recently stopped first.
 */
enum err store_clock_list(struct store_tx *tx, const struct store_clock_filter *f,
                          store_clock_fn fn, void *arg)
{
    struct gathered g = {0, 0, NULL, f->offset};
    enum err e = E_OK;
    sqlite3_stmt *st;
    if (f->entity && strcmp(f->entity, "contact") == 0) {
        /* a contact's clocks include those of the messages left about it (H11: returned
         * within a working day), which the contact page lists with its own */
        st = db_stmt(tx, CLOCK_COLS "WHERE (c.entity = 'contact' AND c.entity_id = ?)"
                                    " OR (c.entity = 'worker_message' AND c.entity_id IN"
                                    " (SELECT id FROM worker_messages WHERE contact_id = ?))"
                                    " ORDER BY c.stopped_at IS NOT NULL, c.due_at IS NULL,"
                                    " c.due_at, c.id");
        if (st) {
            sqlite3_bind_int64(st, 1, f->entity_id);
            sqlite3_bind_int64(st, 2, f->entity_id);
        }
        return emit(tx, f, &g, gather(st, f, &g), fn, arg);
    }
    if (f->entity) {
        st = db_stmt(tx, CLOCK_COLS "WHERE c.entity = ? AND c.entity_id = ?"
                                    " ORDER BY c.stopped_at IS NOT NULL, c.due_at IS NULL,"
                                    " c.due_at, c.id");
        if (st) {
            db_bind_text(st, 1, f->entity);
            sqlite3_bind_int64(st, 2, f->entity_id);
        }
        return emit(tx, f, &g, gather(st, f, &g), fn, arg);
    }
    if (f->due_before) {
        st = db_stmt(tx, CLOCK_COLS "WHERE c.due_at < ? AND c.stopped_at IS NULL"
                                    " ORDER BY c.due_at, c.id");
        if (st)
            sqlite3_bind_int64(st, 1, f->due_before);
        return emit(tx, f, &g, gather(st, f, &g), fn, arg);
    }
    bool open = f->open != STORE_CLOCK_CLOSED &&
                (f->state < 0 || f->state == DEADLINE_RUNNING || f->state == DEADLINE_PAUSED ||
                 f->state == DEADLINE_BREACHED);
    bool closed = f->open != STORE_CLOCK_OPEN &&
                  (f->state < 0 || f->state == DEADLINE_MET || f->state == DEADLINE_BREACHED ||
                   f->state == DEADLINE_CANCELLED);
    if (open && f->state != DEADLINE_PAUSED) {
        if (f->team_id) {
            st = db_stmt(tx, CLOCK_COLS "WHERE c.team_id = ? AND c.stopped_at IS NULL"
                                        " AND c.due_at IS NOT NULL ORDER BY c.due_at, c.id");
            if (st)
                sqlite3_bind_int64(st, 1, f->team_id);
        } else if (f->owner_user_id) {
            st = db_stmt(tx, CLOCK_COLS "WHERE c.owner_user_id = ? AND c.stopped_at IS NULL"
                                        " AND c.due_at IS NOT NULL ORDER BY c.due_at, c.id");
            if (st)
                sqlite3_bind_int64(st, 1, f->owner_user_id);
        } else {
            st = db_stmt(tx, CLOCK_COLS "WHERE c.stopped_at IS NULL AND c.due_at IS NOT NULL"
                                        " ORDER BY c.due_at, c.id");
        }
        e = gather(st, f, &g);
    }
    if (!e && open && (f->state < 0 || f->state == DEADLINE_PAUSED))
        e = gather(db_stmt(tx, CLOCK_COLS "WHERE c.state = 'paused' AND c.stopped_at IS NULL"
                                          " ORDER BY c.id"),
                   f, &g);
    if (!e && closed)
        e = gather(db_stmt(tx, CLOCK_COLS "WHERE c.stopped_at IS NOT NULL"
                                          " ORDER BY c.stopped_at DESC, c.id DESC"),
                   f, &g);
    return emit(tx, f, &g, e, fn, arg);
}

enum err store_clock_read(struct store_tx *tx, int64_t id, int64_t now, store_clock_fn fn,
                          void *arg)
{
    sqlite3_stmt *st = db_stmt(tx, CLOCK_COLS "WHERE c.id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    struct store_clock_filter f = {.now = now, .state = -1, .limit = 1};
    struct gathered g = {0, 0, NULL, 0};
    enum err rc = gather(st, &f, &g);
    size_t n = g.n;
    rc = emit(tx, &f, &g, rc, fn, arg);
    if (rc)
        return rc;
    return n ? E_OK : E_NOTFOUND;
}

enum err store_clock_history(struct store_tx *tx, int64_t id, store_clock_event_fn fn, void *arg)
{
    sqlite3_stmt *st =
        db_stmt(tx, "SELECT e.id, e.clock_id, e.at, e.scheduled_at, e.kind, e.step, e.tell,"
                    " e.told_user_id, e.told_worker_id, e.told_name, e.detail, e.by_user_id,"
                    " COALESCE(u.name, ''), e.due_at FROM clock_events e"
                    " LEFT JOIN users u ON u.id = e.by_user_id WHERE e.clock_id = ? ORDER BY e.id");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct clock_event e = {
            .id = sqlite3_column_int64(st, 0),
            .clock_id = sqlite3_column_int64(st, 1),
            .at = sqlite3_column_int64(st, 2),
            .scheduled_at = col_opt(st, 3),
            .kind = db_col_text(st, 4),
            .step = (int)col_opt(st, 5),
            .tell = db_col_text(st, 6),
            .told_user_id = col_opt(st, 7),
            .told_worker_id = col_opt(st, 8),
            .told_name = db_col_text(st, 9),
            .detail = db_col_text(st, 10),
            .by_user_id = sqlite3_column_int64(st, 11),
            .by_name = db_col_text(st, 12),
            .due_at = col_opt(st, 13),
        };
        fn(&e, arg);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? E_OK : db_err(rc);
}

/* Merges count rows by (team, policy) as the three queries of the dashboard produce them. */
struct counts_acc {
    size_t n, cap;
    struct counts_row {
        struct store_clock_counts c;
        char team_name[DEADLINE_PERSON_MAX];
        char code[DEADLINE_CODE_MAX];
        char name[DEADLINE_NAME_MAX];
    } * rows;
};

static struct counts_row *acc_row(struct counts_acc *a, sqlite3_stmt *st)
{
    int64_t team = sqlite3_column_int64(st, 0), policy = sqlite3_column_int64(st, 2);
    for (size_t i = 0; i < a->n; i++)
        if (a->rows[i].c.team_id == team && a->rows[i].c.policy_id == policy)
            return &a->rows[i];
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 16;
        a->rows = xrealloc(a->rows, a->cap * sizeof(*a->rows));
    }
    struct counts_row *r = &a->rows[a->n++];
    memset(r, 0, sizeof(*r));
    r->c.team_id = team;
    r->c.policy_id = policy;
    snprintf(r->team_name, sizeof(r->team_name), "%s", db_col_text(st, 1));
    snprintf(r->code, sizeof(r->code), "%s", db_col_text(st, 3));
    snprintf(r->name, sizeof(r->name), "%s", db_col_text(st, 4));
    return r;
}

#define COUNTS_FROM                                                                                \
    " FROM clocks c JOIN sla_policies p ON p.id = c.policy_id"                                     \
    " JOIN sla_policy_versions v ON v.policy_id = p.id AND v.version = p.current_version"          \
    " LEFT JOIN teams t ON t.id = c.team_id "
#define COUNTS_KEY "SELECT COALESCE(c.team_id, 0), COALESCE(t.name, ''), p.id, p.code, v.name, "

enum err store_clock_dashboard(struct store_tx *tx, int64_t now, int64_t soon_ms,
                               int64_t period_start, int64_t team_id, store_clock_counts_fn fn,
                               void *arg)
{
    struct counts_acc a = {0, 0, NULL};
    enum err e = E_OK;
    int rc;
    sqlite3_stmt *st =
        db_stmt(tx, COUNTS_KEY
                "SUM(CASE WHEN c.state = 'running' THEN 1 ELSE 0 END),"
                " SUM(CASE WHEN c.state = 'paused' THEN 1 ELSE 0 END),"
                " SUM(CASE WHEN c.state = 'running' AND c.due_at >= ?1 AND c.due_at < ?2"
                " THEN 1 ELSE 0 END),"
                " SUM(CASE WHEN c.state = 'breached' OR (c.state = 'running' AND c.due_at < ?1)"
                " THEN 1 ELSE 0 END)" COUNTS_FROM
                "WHERE c.stopped_at IS NULL AND (?3 = 0 OR c.team_id = ?3)"
                " GROUP BY 1, 2, 3, 4, 5");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, now + soon_ms);
    sqlite3_bind_int64(st, 3, team_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct counts_row *r = acc_row(&a, st);
        r->c.running = sqlite3_column_int64(st, 5);
        r->c.paused = sqlite3_column_int64(st, 6);
        r->c.due_soon = sqlite3_column_int64(st, 7);
        r->c.overdue = sqlite3_column_int64(st, 8);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        e = db_err(rc);
    if (!e) {
        st =
            db_stmt(tx, COUNTS_KEY
                    "COUNT(*), SUM(CASE WHEN c.breach_reason IS NULL THEN 1 ELSE 0 END)" COUNTS_FROM
                    "WHERE c.breached_at >= ?1 AND c.breached_at IS NOT NULL"
                    " AND (?2 = 0 OR c.team_id = ?2) GROUP BY 1, 2, 3, 4, 5");
        if (!st)
            e = E_DB;
    }
    if (!e) {
        sqlite3_bind_int64(st, 1, period_start);
        sqlite3_bind_int64(st, 2, team_id);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            struct counts_row *r = acc_row(&a, st);
            r->c.breached_period = sqlite3_column_int64(st, 5);
            r->c.breached_no_reason = sqlite3_column_int64(st, 6);
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
            e = db_err(rc);
    }
    if (!e) {
        st = db_stmt(tx, COUNTS_KEY "COUNT(*)" COUNTS_FROM
                                    "WHERE c.stopped_at >= ?1 AND c.stopped_at IS NOT NULL"
                                    " AND c.state = 'met' AND (?2 = 0 OR c.team_id = ?2)"
                                    " GROUP BY 1, 2, 3, 4, 5");
        if (!st)
            e = E_DB;
    }
    if (!e) {
        sqlite3_bind_int64(st, 1, period_start);
        sqlite3_bind_int64(st, 2, team_id);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            struct counts_row *r = acc_row(&a, st);
            r->c.met_period = sqlite3_column_int64(st, 5);
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
            e = db_err(rc);
    }
    for (size_t i = 0; !e && i < a.n; i++) {
        a.rows[i].c.team_name = a.rows[i].team_name;
        a.rows[i].c.policy_code = a.rows[i].code;
        a.rows[i].c.policy_name = a.rows[i].name;
        fn(&a.rows[i].c, arg);
    }
    free(a.rows);
    return e;
}

/* --- the scheduler's tick ------------------------------------------------------------------ */

enum { PEOPLE_CACHE = 8 };

/* Who holds each capacity for the owners met in one tick: many clocks share an owner, and the
 * rota does not change inside a transaction. */
struct people_cache {
    int n, next;
    struct {
        int64_t user_id, worker_id;
        struct escalation_people people;
    } e[PEOPLE_CACHE];
};

struct tick {
    struct store_tx *tx;
    int64_t now;
    struct cache k;
    struct people_cache pc;
    struct store_clock_tick *out;
};

/* What one clock's messages say, and to whom they link. */
struct about {
    struct deadline_clock *c;
    const struct deadline_policy *p;
    char link[64];
    const struct escalation_people *people; /* NULL until looked up */
};

static enum err people_of(struct tick *t, struct about *a)
{
    if (a->people)
        return E_OK;
    struct people_cache *pc = &t->pc;
    for (int i = 0; i < pc->n; i++) {
        if (pc->e[i].user_id == a->c->owner_user_id &&
            pc->e[i].worker_id == a->c->owner_worker_id) {
            a->people = &pc->e[i].people;
            return E_OK;
        }
    }
    int slot = pc->n < PEOPLE_CACHE ? pc->n++ : pc->next++ % PEOPLE_CACHE;
    pc->e[slot].user_id = -1; /* not valid until filled */
    enum err rc = store_escalation_people(t->tx, a->c->owner_user_id, a->c->owner_worker_id, t->now,
                                          &pc->e[slot].people);
    if (rc)
        return rc;
    pc->e[slot].user_id = a->c->owner_user_id;
    pc->e[slot].worker_id = a->c->owner_worker_id;
    a->people = &pc->e[slot].people;
    return E_OK;
}

/* Writes the in-app message and the email (where the person has them) for one telling. */
static enum err tell(struct tick *t, struct about *a, const struct escalation_person *who,
                     enum escalation_notice notice, enum escalation_tell capacity, int64_t event_id)
{
    struct escalation_facts f = {
        .notice = notice,
        .tell = capacity,
        .policy_name = a->p->name,
        .reference = a->c->reference,
        .link = a->link,
        .owner_name = a->people && a->people->owner.found ? a->people->owner.name : "",
        .due_at_ms = a->c->due_at ? a->c->due_at : a->c->breached_at,
    };
    char subject[256], text[1024];
    escalation_subject(&f, subject, sizeof(subject));
    struct outbox_message m = {
        .recipient_user_id = who->user_id,
        .recipient_worker_id = who->worker_id,
        .recipient_name = who->name,
        .subject = subject,
        .body = text,
        .link = a->link,
        .entity = a->c->entity,
        .entity_id = a->c->entity_id,
        .clock_id = a->c->id,
        .clock_event_id = event_id,
    };
    enum err rc = E_OK;
    if (who->user_id > 0) {
        escalation_text(&f, text, sizeof(text));
        m.channel = OUTBOX_IN_APP;
        rc = store_outbox_add(t->tx, &m, t->now);
    }
    if (!rc && who->email[0]) {
        escalation_email_text(&f, text, sizeof(text));
        m.channel = OUTBOX_EMAIL;
        m.to_address = who->email;
        rc = store_outbox_add(t->tx, &m, t->now);
    }
    return rc;
}

static enum err warn(struct tick *t, struct about *a)
{
    enum err rc = people_of(t, a);
    if (rc)
        return rc;
    const struct escalation_person *owner = escalation_pick(a->people, ESCALATION_OWNER, t->now);
    struct ev e = {.kind = "warning",
                   .scheduled_at = a->c->warn_at,
                   .tell = ESCALATION_OWNER,
                   .has_tell = true,
                   .who = owner,
                   .detail = owner ? "" : "the clock has no owner to warn",
                   .due_at = a->c->due_at};
    int64_t event_id;
    rc = add_event(t->tx, a->c->id, t->now, &e, &event_id);
    if (!rc && owner)
        rc = tell(t, a, owner, ESCALATION_NOTICE_WARNING, ESCALATION_OWNER, event_id);
    if (!rc)
        rc = store_audit_append(t->tx, "clock.warn", "clock", a->c->id, NULL);
    if (!rc)
        t->out->n_warned++;
    return rc;
}

/* Takes step number c->escalation_step of the chain (due at c->step_at). */
static enum err step(struct tick *t, struct about *a, const struct calendar *cal)
{
    struct deadline_clock *c = a->c;
    const struct escalation_step *s = &a->p->chain.steps[c->escalation_step];
    enum err rc = people_of(t, a);
    if (rc)
        return rc;
    const struct escalation_person *who = escalation_pick(a->people, s->tell, t->now);
    char why[128] = "";
    if (!who)
        escalation_skip_reason(s->tell, t->now, why, sizeof(why));
    struct ev e = {.kind = who ? "escalation" : "escalation_skipped",
                   .scheduled_at = c->step_at,
                   .step = c->escalation_step + 1,
                   .tell = s->tell,
                   .has_tell = true,
                   .who = who,
                   .detail = why,
                   .due_at = c->breached_at};
    int64_t event_id;
    rc = add_event(t->tx, c->id, t->now, &e, &event_id);
    if (!rc && who) {
        rc = tell(t, a, who, ESCALATION_NOTICE_BREACH, s->tell, event_id);
        t->out->n_told++;
    }
    if (rc)
        return rc;
    char reason[160];
    snprintf(reason, sizeof(reason), "step %d: %s%s%s", c->escalation_step + 1,
             escalation_tell_name(s->tell), who ? "" : " skipped: ", why);
    rc = store_audit_append(t->tx, "clock.escalate", "clock", c->id, reason);
    if (rc)
        return rc;
    c->escalation_step++;
    if ((size_t)c->escalation_step < a->p->chain.n_steps) {
        int64_t prev = c->step_at;
        rc = deadline_step_at(a->p, cal, prev, a->p->chain.steps[c->escalation_step].after_minutes,
                              &c->step_at);
    } else {
        c->step_at = 0;
    }
    return rc;
}

static enum err tick_one(struct tick *t, int64_t id)
{
    struct loaded *L = xmalloc(sizeof(*L));
    struct about *a = xmalloc(sizeof(*a));
    memset(a, 0, sizeof(*a));
    enum err rc = load(t->tx, id, L);
    struct deadline_clock *c = &L->c;
    const struct calendar *cal = NULL;
    if (rc)
        goto out;
    if (!c->next_at || c->next_at > t->now)
        goto out; /* someone got there first */
    rc = cache_policy(t->tx, &t->k, c->policy_id, c->policy_version, &a->p);
    if (!rc)
        rc = cache_calendar(t->tx, &t->k, a->p, c->team_id, &cal);
    if (rc)
        goto out;
    a->c = c;
    clock_link(c, a->link, sizeof(a->link));
    t->out->n_clocks++;
    if (c->state == DEADLINE_RUNNING && c->warn_at && !c->warned_at && c->warn_at <= t->now &&
        c->due_at > t->now) {
        rc = warn(t, a);
        if (rc)
            goto out;
        c->warned_at = t->now;
    }
    if (c->state == DEADLINE_RUNNING && c->due_at <= t->now) {
        c->state = DEADLINE_BREACHED;
        c->breached_at = c->due_at;
        c->escalation_step = 0;
        c->step_at = 0;
        struct ev e = {.kind = "breach", .scheduled_at = c->due_at, .due_at = c->due_at};
        rc = add_event(t->tx, c->id, t->now, &e, NULL);
        if (!rc)
            rc = store_audit_append(t->tx, "clock.breach", "clock", c->id, a->p->code);
        if (!rc && a->p->chain.n_steps > 0)
            rc = deadline_step_at(a->p, cal, c->due_at, a->p->chain.steps[0].after_minutes,
                                  &c->step_at);
        if (rc)
            goto out;
        t->out->n_breached++;
    }
    while (!rc && c->state == DEADLINE_BREACHED && !c->acknowledged_at && !c->stopped_at &&
           (size_t)c->escalation_step < a->p->chain.n_steps && c->step_at <= t->now)
        rc = step(t, a, cal);
    if (rc)
        goto out;
    c->next_at = deadline_next_at(c, a->p);
    rc = save_tick(t->tx, c);
out:
    free(a);
    free(L);
    return rc;
}

/* A clock the scheduler cannot act on (a deadline outside the calendar's years, a policy that no
 * longer parses) must not hold up every clock behind it: its work rolls back alone, the failure
 * goes into its history, and it is looked at again an hour later. Transient errors (busy, I/O,
 * memory) fail the whole tick, to be retried. */
static enum err tick_guarded(struct tick *t, int64_t id)
{
    struct store_tx *tx = t->tx;
    int64_t seq = tx->audit_seq;
    char hash[AUDIT_HASH_HEX];
    memcpy(hash, tx->audit_hash, sizeof(hash));
    struct store_clock_tick before = *t->out;
    /* prepared once and cached, not parsed for every clock */
    sqlite3_stmt *st = db_stmt(tx, "SAVEPOINT clock_tick");
    enum err e = st ? db_step_done(st) : E_DB;
    if (e)
        return e;
    e = tick_one(t, id);
    if (e == E_OK || e == E_BUSY || e == E_IO || e == E_NOMEM) {
        st = db_stmt(tx, "RELEASE clock_tick");
        enum err r = st ? db_step_done(st) : E_DB;
        return e ? e : r;
    }
    log_error("clock %lld: the scheduler could not act on it (%s); next try in an hour",
              (long long)id, err_name(e));
    db_reset_all(tx->conn);
    e = db_exec(tx->conn, "ROLLBACK TO clock_tick");
    if (!e)
        e = db_exec(tx->conn, "RELEASE clock_tick");
    if (e)
        return e;
    tx->audit_seq = seq; /* the audit events went with the rollback */
    memcpy(tx->audit_hash, hash, sizeof(hash));
    *t->out = before;
    st = db_stmt(tx, "UPDATE clocks SET next_at = ? WHERE id = ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, t->now + 3600000);
    sqlite3_bind_int64(st, 2, id);
    e = db_step_done(st);
    struct ev ev = {.kind = "error", .detail = "the scheduler could not act on this clock"};
    if (!e)
        e = add_event(tx, id, t->now, &ev, NULL);
    return e;
}

enum err store_clock_tick(struct store_tx *tx, int64_t now, int max, struct store_clock_tick *out)
{
    memset(out, 0, sizeof(*out));
    if (max < 1 || max > TICK_MAX)
        max = TICK_MAX;
    sqlite3_stmt *st = db_stmt(tx, "SELECT id FROM clocks WHERE next_at <= ?"
                                   " ORDER BY next_at LIMIT ?");
    if (!st)
        return E_DB;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int(st, 2, max);
    int64_t *ids = xmalloc((size_t)max * sizeof(*ids));
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (n < max)
            ids[n++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    enum err e = rc == SQLITE_DONE ? E_OK : db_err(rc);
    struct tick *t = xmalloc(sizeof(*t));
    t->tx = tx;
    t->now = now;
    t->out = out;
    t->pc.n = t->pc.next = 0;
    cache_init(&t->k);
    for (int i = 0; !e && i < n; i++)
        e = tick_guarded(t, ids[i]);
    cache_release(&t->k);
    free(t);
    free(ids);
    if (e)
        return e;
    out->more = n == max;
    return store_clock_next_at(tx, &out->next_at);
}

enum err store_clock_next_at(struct store_tx *tx, int64_t *out)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT next_at FROM clocks WHERE next_at IS NOT NULL"
                                   " ORDER BY next_at LIMIT 1");
    if (!st)
        return E_DB;
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(rc);
}
