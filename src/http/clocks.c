/*
 * clocks: JSON in and out for clocks. Reads of clocks are not reads of a person's record (a
 * clock holds a policy, a reference and times, no narrative), so they run on a read connection
 * without an audit event; every change runs on the writer and is audited by the store. "Now"
 * is the scheduler's (a test clock moves it). Times go out in UTC ("Z"), with the deadline
 * also in UK time ("due_at_local") so anyone can check it against docs/deadlines.md.
 */
#include "http/clocks.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timefmt.h"
#include "core/ukclock.h"
#include "http/contact_json.h"
#include "http/jsonin.h"
#include "http/respond.h"
#include "store/scheduler.h"
#include "store/store_audit.h"
#include "store/store_clock.h"
#include "store/store_outbox.h"

#define LIST_DEFAULT 50
#define LIST_MAX 500

static int64_t now_of(struct request *req)
{
    return scheduler_now(req->app->scheduler);
}

static json_t *instant_local(int64_t ms)
{
    if (!ms)
        return json_null();
    char t[UKCLOCK_ISO_SIZE];
    ukclock_format_local(ms / 1000, t);
    return json_string(t);
}

static json_t *opt_id(int64_t id)
{
    return id > 0 ? json_integer((json_int_t)id) : json_null();
}

static json_t *clock_json(const struct deadline_clock *c, const struct store_clock_left *left)
{
    /* where the thing the clock times is worked on: a referral or a message is on its contact */
    char link[64];
    const char *part = strcmp(c->entity, "referral") == 0         ? "#referrals"
                       : strcmp(c->entity, "worker_message") == 0 ? "#callbacks"
                                                                  : "";
    if (c->contact_id > 0)
        snprintf(link, sizeof(link), "/contacts/%lld%s", (long long)c->contact_id, part);
    else
        snprintf(link, sizeof(link), "/clocks/%lld", (long long)c->id);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer((json_int_t)c->id));
    json_object_set_new(o, "policy",
                        json_pack("{s:I, s:s, s:s, s:i}", "id", (json_int_t)c->policy_id, "code",
                                  c->policy_code, "name", c->policy_name, "version",
                                  c->policy_version));
    json_object_set_new(o, "entity",
                        json_pack("{s:s, s:I, s:s, s:s}", "type", c->entity, "id",
                                  (json_int_t)c->entity_id, "reference", c->reference, "link",
                                  link));
    json_object_set_new(o, "owner",
                        c->owner_user_id || c->owner_worker_id
                            ? json_pack("{s:o, s:o, s:s}", "user_id", opt_id(c->owner_user_id),
                                        "worker_id", opt_id(c->owner_worker_id), "name",
                                        c->owner_name)
                            : json_null());
    json_object_set_new(
        o, "team",
        c->team_id ? json_pack("{s:I, s:s}", "id", (json_int_t)c->team_id, "name", c->team_name)
                   : json_null());
    json_object_set_new(o, "state", json_string(deadline_state_name(c->state)));
    json_object_set_new(o, "open", json_boolean(!c->stopped_at));
    json_object_set_new(o, "started_at", time_json(c->started_at));
    json_object_set_new(o, "due_at", time_json(c->due_at));
    json_object_set_new(o, "due_at_local", instant_local(c->due_at));
    json_object_set_new(o, "warn_at", time_json(c->warn_at));
    json_object_set_new(o, "warned_at", time_json(c->warned_at));
    json_object_set_new(o, "paused_at", time_json(c->paused_at));
    json_object_set_new(o, "breached_at", time_json(c->breached_at));
    json_object_set_new(o, "breach_reason",
                        c->breach_reason && *c->breach_reason ? json_string(c->breach_reason)
                                                              : json_null());
    json_object_set_new(o, "breach_reason_needed",
                        json_boolean(c->breached_at && !(c->breach_reason && *c->breach_reason)));
    json_object_set_new(
        o, "escalation",
        json_pack("{s:i, s:o, s:o, s:o}", "steps_done", c->escalation_step, "next_step_at",
                  time_json(c->next_at && c->state == DEADLINE_BREACHED ? c->step_at : 0),
                  "acknowledged_at", time_json(c->acknowledged_at), "acknowledged_by",
                  opt_id(c->acknowledged_by)));
    json_object_set_new(o, "stopped_at", time_json(c->stopped_at));
    json_object_set_new(o, "outcome", json_string(c->outcome));
    json_object_set_new(o, "next_action_at", time_json(c->next_at));
    json_object_set_new(o, "time_left", clocks_time_left_json(left));
    return o;
}

json_t *clocks_time_left_json(const struct store_clock_left *left)
{
    if (!left || !left->known)
        return json_null();
    return json_pack("{s:s, s:I, s:b, s:b}", "text", left->text, "ms", (json_int_t)left->left_ms,
                     "working", left->working, "overdue", left->overdue);
}

static void add_clock(const struct deadline_clock *c, const struct store_clock_left *left,
                      void *arg)
{
    json_array_append_new(arg, clock_json(c, left));
}

static void keep_clock(const struct deadline_clock *c, const struct store_clock_left *left,
                       void *arg)
{
    json_t **slot = arg;
    json_decref(*slot);
    *slot = clock_json(c, left);
}

/* --- lists ------------------------------------------------------------------------------- */

struct list {
    struct store_clock_filter f;
    json_t *items;
};

static enum err list_read(struct store_tx *tx, void *arg)
{
    struct list *l = arg;
    json_array_clear(l->items);
    return store_clock_list(tx, &l->f, add_clock, l->items);
}

static enum err parse_int64(const char *text, const char *name, int64_t *out, struct err_info *info)
{
    char *end = NULL;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (!*text || *end || errno || v < 1)
        return err_set(info, E_INVALID, name, "'%s' must be a record id", name);
    *out = v;
    return E_OK;
}

void clocks_list(struct request *req)
{
    struct err_info info = {{0}, {0}};
    struct list *l = arena_alloc(&req->arena, sizeof(*l));
    memset(l, 0, sizeof(*l));
    l->f.now = now_of(req);
    l->f.state = -1;
    l->f.open = STORE_CLOCK_ANY;
    enum err rc = request_query_int(req, "limit", LIST_DEFAULT, 1, LIST_MAX, &l->f.limit, &info);
    if (!rc)
        rc = request_query_int(req, "offset", 0, 0, 100000000, &l->f.offset, &info);
    const char *due = request_query(req, "due_before");
    if (!rc && due && ukclock_parse_iso(due, 0, &l->f.due_before) == E_OK) {
        l->f.due_before *= 1000;
    } else if (!rc && due) {
        rc = err_set(&info, E_INVALID, "due_before",
                     "give due_before as ISO 8601 with its offset, for example "
                     "2026-11-23T17:00:00Z");
    }
    const char *state = request_query(req, "state");
    if (!rc && state) {
        enum deadline_state s;
        if (strcmp(state, "open") == 0)
            l->f.open = STORE_CLOCK_OPEN;
        else if (strcmp(state, "closed") == 0)
            l->f.open = STORE_CLOCK_CLOSED;
        else if (deadline_state_parse(state, &s) == E_OK)
            l->f.state = (int)s;
        else
            rc = err_set(&info, E_INVALID, "state",
                         "state must be open, closed, running, paused, met, breached or "
                         "cancelled");
    }
    const char *team = request_query(req, "team");
    if (!rc && team)
        rc = parse_int64(team, "team", &l->f.team_id, &info);
    const char *owner = request_query(req, "owner");
    if (!rc && owner) {
        if (strcmp(owner, "me") == 0)
            l->f.owner_user_id = req->user.id;
        else
            rc = parse_int64(owner, "owner", &l->f.owner_user_id, &info);
    }
    if (!rc && l->f.team_id && l->f.open == STORE_CLOCK_ANY && l->f.state < 0)
        l->f.open = STORE_CLOCK_OPEN; /* a team's queue is its open clocks */
    if (rc) {
        respond_err(req, rc, &info);
        return;
    }
    l->items = json_array();
    rc = store_read(req->app->store, list_read, l);
    if (rc) {
        json_decref(l->items);
        respond_err(req, rc, NULL);
        return;
    }
    char now[TIMEFMT_LEN];
    timefmt_utc(l->f.now, now);
    respond_json(req, 200,
                 json_pack("{s:o, s:s, s:i, s:i}", "items", l->items, "now", now, "limit",
                           l->f.limit, "offset", l->f.offset));
}

struct one {
    int64_t id;
    int64_t now;
    json_t *clock;
    json_t *history;
    json_t *messages;
    struct err_info info;
    const char *reason; /* borrowed from the request's JSON */
    int kind;           /* which change, for changes */
    bool any_clock;     /* the user may act on any clock */
    int64_t user_id;    /* who asks */
};

static void add_event(const struct clock_event *e, void *arg)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer((json_int_t)e->id));
    json_object_set_new(o, "kind", json_string(e->kind));
    json_object_set_new(o, "at", time_json(e->at));
    json_object_set_new(o, "scheduled_at", time_json(e->scheduled_at));
    json_object_set_new(o, "step", e->step ? json_integer(e->step) : json_null());
    json_object_set_new(o, "tell", *e->tell ? json_string(e->tell) : json_null());
    json_object_set_new(o, "told",
                        e->told_user_id || e->told_worker_id || *e->told_name
                            ? json_pack("{s:o, s:o, s:s}", "user_id", opt_id(e->told_user_id),
                                        "worker_id", opt_id(e->told_worker_id), "name",
                                        e->told_name)
                            : json_null());
    json_object_set_new(o, "detail", json_string(e->detail));
    json_object_set_new(o, "by",
                        e->by_user_id > 0 ? json_pack("{s:I, s:s}", "id", (json_int_t)e->by_user_id,
                                                      "name", e->by_name)
                                          : json_null());
    json_object_set_new(o, "due_at", time_json(e->due_at));
    json_array_append_new(arg, o);
}

static void add_message(const struct outbox_message *m, void *arg)
{
    json_t *o = json_pack(
        "{s:I, s:s, s:o, s:s, s:s, s:s, s:o, s:i, s:o, s:s}", "id", (json_int_t)m->id, "channel",
        m->channel == OUTBOX_EMAIL ? "email" : "in_app", "recipient_user_id",
        opt_id(m->recipient_user_id), "recipient_name", m->recipient_name, "to_address",
        m->to_address, "state", m->state, "created_at", time_json(m->created_at), "attempts",
        m->attempts, "delivered_at", time_json(m->delivered_at), "last_error", m->last_error);
    json_object_set_new(o, "clock_event_id", opt_id(m->clock_event_id));
    json_array_append_new(arg, o);
}

static enum err read_full(struct store_tx *tx, struct one *o)
{
    json_decref(o->clock);
    o->clock = NULL;
    json_array_clear(o->history);
    json_array_clear(o->messages);
    enum err rc = store_clock_read(tx, o->id, o->now, keep_clock, &o->clock);
    if (!rc)
        rc = store_clock_history(tx, o->id, add_event, o->history);
    if (!rc)
        rc = store_outbox_for_clock(tx, o->id, add_message, o->messages);
    return rc;
}

static enum err get_read(struct store_tx *tx, void *arg)
{
    return read_full(tx, arg);
}

static json_t *full_json(struct one *o)
{
    json_object_set_new(o->clock, "history", o->history);
    json_object_set_new(o->clock, "messages", o->messages);
    o->history = o->messages = NULL;
    json_t *r = o->clock;
    o->clock = NULL;
    return r;
}

static void one_free(struct one *o)
{
    json_decref(o->clock);
    json_decref(o->history);
    json_decref(o->messages);
    o->clock = o->history = o->messages = NULL;
}

static struct one *one_new(struct request *req)
{
    struct one *o = arena_alloc(&req->arena, sizeof(*o));
    memset(o, 0, sizeof(*o));
    o->id = req->path_id;
    o->now = now_of(req);
    o->history = json_array();
    o->messages = json_array();
    return o;
}

void clocks_get(struct request *req)
{
    struct one *o = one_new(req);
    enum err rc = store_read(req->app->store, get_read, o);
    if (rc) {
        one_free(o);
        respond_err(req, rc, NULL);
        return;
    }
    respond_json(req, 200, full_json(o));
}

/* --- changes ----------------------------------------------------------------------------- */

enum change { CHANGE_PAUSE, CHANGE_RESUME, CHANGE_BREACH_REASON, CHANGE_ACKNOWLEDGE };

static enum err change_apply(struct store_tx *tx, void *arg)
{
    struct one *o = arg;
    memset(&o->info, 0, sizeof(o->info));
    if (!o->any_clock) {
        bool mine = false;
        enum err rc = store_clock_involves(tx, o->id, o->user_id, &mine);
        if (rc)
            return rc;
        if (!mine)
            return err_set(&o->info, E_DENIED, "",
                           "only the clock's owner, someone it was escalated to, or a manager "
                           "may do this");
    }
    enum err rc = E_OK;
    switch ((enum change)o->kind) {
    case CHANGE_PAUSE:
        rc = store_clock_pause(tx, o->id, o->now, o->reason, &o->info);
        break;
    case CHANGE_RESUME:
        rc = store_clock_resume(tx, o->id, o->now, &o->info);
        break;
    case CHANGE_BREACH_REASON:
        rc = store_clock_breach_reason(tx, o->id, o->now, o->reason, &o->info);
        break;
    case CHANGE_ACKNOWLEDGE:
        rc = store_clock_acknowledge(tx, o->id, o->now, o->reason ? o->reason : "", &o->info);
        break;
    }
    return rc ? rc : read_full(tx, o);
}

static void changed(struct request *req, enum err rc)
{
    struct one *o = req->apply_arg;
    if (rc) {
        one_free(o);
        respond_err(req, rc, &o->info);
        return;
    }
    respond_json(req, 200, full_json(o));
}

static void change(struct request *req, enum change kind, const char *field, bool required)
{
    struct err_info info = {{0}, {0}};
    const char *fields[] = {field, NULL};
    struct one *o = one_new(req);
    o->kind = (int)kind;
    enum err rc = E_OK;
    if (req->json) {
        rc = jsonin_only(req->json, field ? fields : (const char *const[]){NULL}, &info);
        if (!rc && field)
            rc = jsonin_string(req->json, field, &o->reason, &info);
    }
    if (!rc && required && !o->reason)
        rc = err_set(&info, E_INVALID, field, "enter %s",
                     kind == CHANGE_PAUSE ? "why the clock is paused"
                                          : "why the deadline was missed");
    if (rc) {
        one_free(o);
        respond_err(req, rc, &info);
        return;
    }
    enum role r = req->user.role;
    o->any_clock = r == ROLE_MANAGER || r == ROLE_DUTY_MANAGER || r == ROLE_ADMIN;
    o->user_id = req->user.id;
    request_write(req, change_apply, o, changed);
}

void clocks_pause(struct request *req)
{
    change(req, CHANGE_PAUSE, "reason", true);
}

void clocks_resume(struct request *req)
{
    change(req, CHANGE_RESUME, NULL, false);
}

void clocks_breach_reason(struct request *req)
{
    change(req, CHANGE_BREACH_REASON, "reason", true);
}

void clocks_acknowledge(struct request *req)
{
    change(req, CHANGE_ACKNOWLEDGE, "note", false);
}

/* --- the event feed ---------------------------------------------------------------------- */

struct event_call {
    char event[DEADLINE_EVENT_MAX];
    char entity[DEADLINE_ENTITY_MAX];
    struct store_clock_subject s;
    int64_t now;
    struct store_clock_event_result result;
    json_t *started, *stopped;
};

static enum err event_apply(struct store_tx *tx, void *arg)
{
    struct event_call *e = arg;
    json_array_clear(e->started);
    json_array_clear(e->stopped);
    enum err rc = store_clock_event(tx, e->event, &e->s, &e->result);
    if (!rc) /* the feed's own work: audited once, naming the event */
        rc = store_audit_append(tx, "clock.event", e->s.entity, e->s.entity_id, e->event);
    for (int i = 0; !rc && i < e->result.n_started; i++)
        rc = store_clock_read(tx, e->result.started[i], e->now, add_clock, e->started);
    for (int i = 0; !rc && i < e->result.n_stopped; i++)
        rc = store_clock_read(tx, e->result.stopped[i], e->now, add_clock, e->stopped);
    return rc;
}

static void evented(struct request *req, enum err rc)
{
    struct event_call *e = req->apply_arg;
    if (rc) {
        json_decref(e->started);
        json_decref(e->stopped);
        struct err_info info = {{0}, {0}};
        if (rc == E_INVALID)
            err_set(&info, E_INVALID, "at",
                    "a deadline from that moment falls outside the years frontdoor can count");
        respond_err(req, rc, rc == E_INVALID ? &info : NULL);
        return;
    }
    respond_json(req, 200, json_pack("{s:o, s:o}", "started", e->started, "stopped", e->stopped));
}

/* An optional positive whole number at key into *out (0 when absent or null). */
static enum err json_id(json_t *obj, const char *key, int64_t *out, struct err_info *info)
{
    json_t *v = json_object_get(obj, key);
    *out = 0;
    if (!v || json_is_null(v))
        return E_OK;
    if (!json_is_integer(v) || json_integer_value(v) < 1)
        return err_set(info, E_INVALID, key, "'%s' must be a record id", key);
    *out = (int64_t)json_integer_value(v);
    return E_OK;
}

void clocks_event(struct request *req)
{
    static const char *const fields[] = {"event",           "entity",  "entity_id", "owner_user_id",
                                         "owner_worker_id", "team_id", "at",        NULL};
    struct err_info info = {{0}, {0}};
    struct event_call *e = arena_alloc(&req->arena, sizeof(*e));
    memset(e, 0, sizeof(*e));
    const char *event = NULL, *entity = NULL, *at = NULL;
    enum err rc = jsonin_only(req->json, fields, &info);
    if (!rc)
        rc = jsonin_string(req->json, "event", &event, &info);
    if (!rc)
        rc = jsonin_string(req->json, "entity", &entity, &info);
    if (!rc)
        rc = jsonin_string(req->json, "at", &at, &info);
    if (!rc && !deadline_event_valid(event))
        rc = err_set(&info, E_INVALID, "event",
                     "enter the event, for example letter.received (lower-case letters, digits, "
                     "'_' and '.')");
    if (!rc && !deadline_entity_valid(entity))
        rc = err_set(&info, E_INVALID, "entity",
                     "enter what the event is about, for example contact (lower-case letters "
                     "and '_')");
    if (!rc)
        rc = json_id(req->json, "entity_id", &e->s.entity_id, &info);
    if (!rc && e->s.entity_id == 0)
        rc = err_set(&info, E_INVALID, "entity_id", "enter the record's id");
    if (!rc)
        rc = json_id(req->json, "owner_user_id", &e->s.owner_user_id, &info);
    if (!rc)
        rc = json_id(req->json, "owner_worker_id", &e->s.owner_worker_id, &info);
    if (!rc)
        rc = json_id(req->json, "team_id", &e->s.team_id, &info);
    e->now = now_of(req);
    e->s.at = e->now;
    if (!rc && at) {
        int64_t s;
        if (ukclock_parse_iso(at, 0, &s) != E_OK)
            rc = err_set(&info, E_INVALID, "at",
                         "give the time as ISO 8601 with its offset, for example "
                         "2026-04-02T16:30:00+01:00");
        else if (s * 1000 > e->now + 5 * 60000)
            rc = err_set(&info, E_INVALID, "at", "the time cannot be in the future");
        else
            e->s.at = s * 1000;
    }
    if (rc) {
        respond_err(req, rc, &info);
        return;
    }
    snprintf(e->event, sizeof(e->event), "%s", event);
    snprintf(e->entity, sizeof(e->entity), "%s", entity);
    e->s.entity = e->entity;
    if (!e->s.owner_user_id && !e->s.owner_worker_id && req->auth == AUTH_SESSION)
        e->s.owner_user_id = req->user.id;
    e->started = json_array();
    e->stopped = json_array();
    request_write(req, event_apply, e, evented);
}

/* --- a contact's clocks ------------------------------------------------------------------ */

void clocks_for_contact(struct request *req)
{
    struct list *l = arena_alloc(&req->arena, sizeof(*l));
    memset(l, 0, sizeof(*l));
    l->f.now = now_of(req);
    l->f.state = -1;
    l->f.entity = "contact";
    l->f.entity_id = req->path_id;
    l->f.limit = LIST_MAX;
    l->items = json_array();
    enum err rc = store_read(req->app->store, list_read, l);
    if (rc) {
        json_decref(l->items);
        respond_err(req, rc, NULL);
        return;
    }
    char now[TIMEFMT_LEN];
    timefmt_utc(l->f.now, now);
    respond_json(req, 200, json_pack("{s:o, s:s}", "items", l->items, "now", now));
}

/* --- dashboard ----------------------------------------------------------------------------- */

static const char *const count_keys[] = {"running",
                                         "paused",
                                         "due_soon",
                                         "overdue",
                                         "breached_this_month",
                                         "breaches_without_reason",
                                         "met_this_month"};
enum { N_COUNTS = sizeof(count_keys) / sizeof(count_keys[0]) };

static void counts_of(const struct store_clock_counts *c, int64_t v[N_COUNTS])
{
    v[0] = c->running;
    v[1] = c->paused;
    v[2] = c->due_soon;
    v[3] = c->overdue;
    v[4] = c->breached_period;
    v[5] = c->breached_no_reason;
    v[6] = c->met_period;
}

static json_t *zero_counts(void)
{
    json_t *o = json_object();
    for (int i = 0; i < N_COUNTS; i++)
        json_object_set_new(o, count_keys[i], json_integer(0));
    return o;
}

static void add_counts(json_t *o, const int64_t v[N_COUNTS])
{
    for (int i = 0; i < N_COUNTS; i++) {
        json_t *n = json_object_get(o, count_keys[i]);
        json_integer_set(n, json_integer_value(n) + (json_int_t)v[i]);
    }
}

/* The entry of array (keyed by "id" inside member `key`), creating it with make. */
static json_t *entry(json_t *array, const char *key, int64_t id, json_t *(*make)(void *),
                     void *make_arg)
{
    size_t i;
    json_t *e;
    json_array_foreach(array, i, e)
    {
        json_t *k = json_object_get(json_object_get(e, key), "id");
        if ((json_is_integer(k) && json_integer_value(k) == id) || (json_is_null(k) && id == 0))
            return e;
    }
    e = make(make_arg);
    json_array_append_new(array, e);
    return e;
}

struct dash {
    int64_t now, soon_ms, period_start, team_id;
    json_t *overall, *teams, *policies;
};

static json_t *make_team(void *arg)
{
    const struct store_clock_counts *c = arg;
    json_t *o = zero_counts();
    json_object_set_new(o, "team",
                        json_pack("{s:o, s:s}", "id", opt_id(c->team_id), "name",
                                  c->team_id ? c->team_name : "(no team)"));
    json_object_set_new(o, "policies", json_array());
    return o;
}

static json_t *make_policy(void *arg)
{
    const struct store_clock_counts *c = arg;
    json_t *o = zero_counts();
    json_object_set_new(o, "policy",
                        json_pack("{s:I, s:s, s:s}", "id", (json_int_t)c->policy_id, "code",
                                  c->policy_code, "name", c->policy_name));
    return o;
}

static void add_dash_row(const struct store_clock_counts *c, void *arg)
{
    struct dash *d = arg;
    int64_t v[N_COUNTS];
    counts_of(c, v);
    add_counts(d->overall, v);
    json_t *team = entry(d->teams, "team", c->team_id, make_team, (void *)c);
    add_counts(team, v);
    json_t *tp = make_policy((void *)c);
    add_counts(tp, v);
    json_array_append_new(json_object_get(team, "policies"), tp);
    add_counts(entry(d->policies, "policy", c->policy_id, make_policy, (void *)c), v);
}

static enum err dash_read(struct store_tx *tx, void *arg)
{
    struct dash *d = arg;
    json_decref(d->overall);
    json_array_clear(d->teams);
    json_array_clear(d->policies);
    d->overall = zero_counts();
    return store_clock_dashboard(tx, d->now, d->soon_ms, d->period_start, d->team_id, add_dash_row,
                                 d);
}

/* Midnight at the start of now's month, UK time, in UTC ms. */
static int64_t month_start(int64_t now_ms)
{
    struct ukclock_local l;
    ukclock_to_local(now_ms / 1000, &l);
    struct ukclock_date first = {l.year, l.month, 1};
    return ukclock_utc_from_local_day(ukclock_days_from_date(first), 0) * 1000;
}

void clocks_dashboard(struct request *req)
{
    struct err_info info = {{0}, {0}};
    struct dash *d = arena_alloc(&req->arena, sizeof(*d));
    memset(d, 0, sizeof(*d));
    int soon_hours = 4;
    enum err rc = request_query_int(req, "soon_hours", 4, 1, 24 * 31, &soon_hours, &info);
    const char *team = request_query(req, "team");
    if (!rc && team)
        rc = parse_int64(team, "team", &d->team_id, &info);
    if (rc) {
        respond_err(req, rc, &info);
        return;
    }
    d->now = now_of(req);
    d->soon_ms = (int64_t)soon_hours * 3600000;
    d->period_start = month_start(d->now);
    d->teams = json_array();
    d->policies = json_array();
    rc = store_read(req->app->store, dash_read, d);
    if (rc) {
        json_decref(d->overall);
        json_decref(d->teams);
        json_decref(d->policies);
        respond_err(req, rc, NULL);
        return;
    }
    respond_json(req, 200,
                 json_pack("{s:o, s:o, s:i, s:o, s:o, s:o}", "now", time_json(d->now), "month_from",
                           time_json(d->period_start), "soon_hours", soon_hours, "overall",
                           d->overall, "teams", d->teams, "policies", d->policies));
}

/* --- the test clock ---------------------------------------------------------------------- */

struct advance {
    int64_t ms;
    struct store_clock_tick total;
};

static void advance_slow(struct request *req)
{
    struct advance *a = req->apply_arg;
    req->async_rc = scheduler_advance(req->app->scheduler, a->ms, &a->total);
}

static void advanced(struct request *req, enum err rc)
{
    struct advance *a = req->apply_arg;
    if (rc) {
        respond_err(req, rc, NULL);
        return;
    }
    int64_t now = now_of(req);
    respond_json(req, 200,
                 json_pack("{s:o, s:o, s:{s:i, s:i, s:i, s:i}}", "now", time_json(now), "now_local",
                           instant_local(now), "ticked", "clocks", a->total.n_clocks, "warned",
                           a->total.n_warned, "breached", a->total.n_breached, "told",
                           a->total.n_told));
}

void clocks_advance_time(struct request *req)
{
    static const char *const fields[] = {"minutes", "seconds", NULL};
    if (!scheduler_has_test_clock(req->app->scheduler)) {
        respond_error(req, 404, "not_found", "there is nothing at this address", NULL);
        return;
    }
    struct err_info info = {{0}, {0}};
    enum err rc = jsonin_only(req->json, fields, &info);
    int64_t ms = 0;
    for (int i = 0; !rc && fields[i]; i++) {
        json_t *v = json_object_get(req->json, fields[i]);
        if (!v)
            continue;
        if (!json_is_integer(v) || json_integer_value(v) < 0 ||
            json_integer_value(v) > 366LL * 24 * 3600)
            rc = err_set(&info, E_INVALID, fields[i], "'%s' must be a whole number from 0",
                         fields[i]);
        else
            ms += (int64_t)json_integer_value(v) * (i == 0 ? 60000 : 1000);
    }
    if (rc) {
        respond_err(req, rc, &info);
        return;
    }
    struct advance *a = arena_alloc(&req->arena, sizeof(*a));
    memset(a, 0, sizeof(*a));
    a->ms = ms;
    req->apply_arg = a;
    request_slow(req, advance_slow, advanced);
}
