/*
 * desk: "my work" and the clear desk. "Today" is the Europe/London day; the clear desk looks
 * back DESK_TRANSFER_DAYS days for transfers with no referral, so yesterday's forgotten one
 * still shows.
 */
#include "http/desk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ukclock.h"
#include "core/xalloc.h"
#include "http/contact_json.h"
#include "http/respond.h"
#include "http/routing_json.h"
#include "store/store_contact.h"
#include "store/store_outbox.h"
#include "store/store_referral.h"
#include "store/store_task.h"
#include "store/store_team.h"
#include "store/store_worker.h"
#include "store/store_worker_message.h"

#define DESK_LIMIT 200
#define DESK_TRANSFER_DAYS 7

/* Collects JSON items; rc keeps the first error a callback met. */
struct bag {
    struct store_tx *tx;
    int64_t now;
    json_t *items;
    enum err rc;
};

static void add_task(const struct task *t, void *arg)
{
    struct bag *b = arg;
    json_array_append_new(b->items, task_to_json(t, b->now));
}

static void add_contact(const struct contact *c, void *arg)
{
    struct bag *b = arg;
    json_t *view = NULL;
    enum err rc = contact_view_json(b->tx, c, &view);
    if (rc) {
        if (!b->rc)
            b->rc = rc;
        return;
    }
    json_array_append_new(b->items, view);
}

static void add_handover(const struct handover *h, void *arg)
{
    struct bag *b = arg;
    json_array_append_new(b->items, handover_to_json(h));
}

static void add_message(const struct worker_message *m, void *arg)
{
    struct bag *b = arg;
    json_array_append_new(b->items, worker_message_to_json(m));
}

static void add_referral(const struct referral *r, void *arg)
{
    struct bag *b = arg;
    json_array_append_new(b->items, referral_to_json(r));
}

static void add_unreferred(const struct referral_unreferred *u, void *arg)
{
    struct bag *b = arg;
    json_array_append_new(
        b->items,
        json_pack("{s:I, s:s, s:I, s:s, s:o, s:o, s:o}", "contact_id", (json_int_t)u->contact_id,
                  "contact_reference", u->contact_reference, "decision_id",
                  (json_int_t)u->decision_id, "transfer", u->value, "to_team",
                  person_ref_json(u->team_id, u->team_name), "decided_at", time_json(u->decided_at),
                  "decided_by",
                  person_ref_json(u->decided_by > 0 ? u->decided_by : 0, u->decided_by_name)));
}

static void no_message(const struct outbox_message *m, void *arg)
{
    (void)m;
    (void)arg;
}

static struct bag *bag_new(struct store_tx *tx, int64_t now)
{
    struct bag *b = xcalloc(1, sizeof(*b));
    b->tx = tx;
    b->now = now;
    b->items = json_array();
    return b;
}

/* Moves b's items into obj at key and frees b; returns b's error. */
static enum err bag_put(json_t *obj, const char *key, struct bag *b)
{
    enum err rc = b->rc;
    json_object_set_new(obj, key, b->items);
    free(b);
    return rc;
}

/* --- my work ---------------------------------------------------------------------------------- */

struct mine {
    int64_t user_id;
    int64_t user_team;
    json_t *json;
};

static enum err mine_apply(struct store_tx *tx, void *arg)
{
    struct mine *m = arg;
    int64_t now = store_tx_now(tx);
    json_decref(m->json);
    m->json = json_object();
    struct worker *w = xmalloc(sizeof(*w));
    bool has_worker = store_worker_by_user(tx, m->user_id, w) == E_OK;

    struct bag *b = bag_new(tx, now);
    enum err rc = store_task_open_for_user(tx, m->user_id, DESK_LIMIT, add_task, b);
    enum err put = bag_put(m->json, "tasks", b);
    rc = rc ? rc : put;

    b = bag_new(tx, now);
    int64_t teams[WORKER_MAX_TEAMS + 1];
    size_t n_teams = 0;
    if (m->user_team > 0)
        teams[n_teams++] = m->user_team;
    for (size_t i = 0; has_worker && i < w->n_teams; i++) {
        bool seen = false;
        for (size_t j = 0; j < n_teams; j++)
            seen = seen || teams[j] == w->teams[i].team_id;
        if (!seen)
            teams[n_teams++] = w->teams[i].team_id;
    }
    for (size_t i = 0; !rc && i < n_teams; i++)
        rc = store_task_open_for_team(tx, teams[i], DESK_LIMIT, add_task, b);
    put = bag_put(m->json, "team_tasks", b);
    rc = rc ? rc : put;

    b = bag_new(tx, now);
    int64_t total = 0;
    if (!rc)
        rc = store_contact_mine(tx, m->user_id, DESK_LIMIT, 0, &total, add_contact, b);
    put = bag_put(m->json, "contacts", b);
    rc = rc ? rc : put;
    json_object_set_new(m->json, "contacts_total", json_integer(total));

    b = bag_new(tx, now);
    if (!rc)
        rc = store_contact_handovers_offered(tx, m->user_id, add_handover, b);
    put = bag_put(m->json, "handovers_offered", b);
    rc = rc ? rc : put;

    int64_t unread = 0, all = 0;
    if (!rc)
        rc = store_outbox_inbox(tx, m->user_id, true, 1, 0, &unread, &all, no_message, NULL);
    json_object_set_new(m->json, "messages_unread", json_integer(unread));

    b = bag_new(tx, now);
    if (!rc && has_worker)
        rc = store_worker_message_waiting(tx, w->id, DESK_LIMIT, add_message, b);
    put = bag_put(m->json, "worker_messages", b);
    rc = rc ? rc : put;
    free(w);
    return rc;
}

static void mine_done(struct request *req, enum err rc)
{
    struct mine *m = req->apply_arg;
    if (rc) {
        json_decref(m->json);
        respond_err(req, rc, NULL);
        return;
    }
    respond_json(req, 200, m->json);
}

void desk_my_work(struct request *req)
{
    struct mine *m = arena_alloc(&req->arena, sizeof(*m));
    m->user_id = req->user.id;
    m->user_team = req->user.team_id;
    request_write(req, mine_apply, m, mine_done);
}

/* --- clear desk (A11) ------------------------------------------------------------------------ */

struct desk {
    int64_t team_id; /* 0: the signed-in user's own desk */
    int64_t user_id;
    json_t *json;
};

static enum err desk_apply(struct store_tx *tx, void *arg)
{
    struct desk *d = arg;
    int64_t now = store_tx_now(tx);
    json_decref(d->json);
    d->json = json_object();
    enum err rc = E_OK;
    struct contact_queue q = {.kind = QUEUE_TEAM, .team_id = d->team_id};
    if (d->team_id > 0) {
        struct team *t = xmalloc(sizeof(*t));
        rc = store_team_get(tx, d->team_id, t);
        if (!rc)
            json_object_set_new(d->json, "team", person_ref_json(t->id, t->name));
        /* the contact centre's contacts wait in its own queue, not a team queue */
        if (!rc && t->type == TEAM_CONTACT_CENTRE)
            q = (struct contact_queue){.kind = QUEUE_CONTACT_CENTRE};
        free(t);
        if (rc)
            return rc;
    } else {
        json_object_set_new(d->json, "team", json_null());
    }
    int64_t days;
    int32_t sec;
    ukclock_local_day(now / 1000, &days, &sec);
    int64_t midnight = ukclock_utc_from_local_day(days, 0) * 1000;
    char day[UKCLOCK_ISO_SIZE];
    ukclock_format_date(ukclock_date_from_days(days), day);
    json_object_set_new(d->json, "day", json_string(day));

    struct bag *b = bag_new(tx, now);
    rc = store_referral_desk(tx, d->team_id, d->user_id, false, 0, DESK_LIMIT, add_referral, b);
    enum err put = bag_put(d->json, "referrals_pending", b);
    rc = rc ? rc : put;

    b = bag_new(tx, now);
    if (!rc)
        rc = store_referral_desk(tx, d->team_id, d->user_id, true, midnight, DESK_LIMIT,
                                 add_referral, b);
    put = bag_put(d->json, "referrals_returned", b);
    rc = rc ? rc : put;

    b = bag_new(tx, now);
    int64_t since = ukclock_utc_from_local_day(days - DESK_TRANSFER_DAYS, 0) * 1000;
    if (!rc)
        rc = store_referral_unreferred(tx, d->team_id, d->user_id, since, DESK_LIMIT,
                                       add_unreferred, b);
    put = bag_put(d->json, "transfers_not_referred", b);
    rc = rc ? rc : put;

    b = bag_new(tx, now);
    int64_t total = 0;
    if (!rc && d->team_id > 0) {
        rc = store_contact_queue_list(tx, &q, DESK_LIMIT, 0, &total, add_contact, b);
    } else if (!rc) {
        rc = store_contact_mine(tx, d->user_id, DESK_LIMIT, 0, &total, add_contact, b);
    }
    put = bag_put(d->json, "contacts_without_outcome", b);
    rc = rc ? rc : put;
    json_object_set_new(d->json, "contacts_without_outcome_total", json_integer(total));
    return rc;
}

static void desk_done(struct request *req, enum err rc)
{
    struct desk *d = req->apply_arg;
    if (rc) {
        json_decref(d->json);
        respond_err(req, rc, NULL);
        return;
    }
    respond_json(req, 200, d->json);
}

void desk_clear(struct request *req)
{
    struct err_info info = {{0}, {0}};
    struct desk *d = arena_alloc(&req->arena, sizeof(*d));
    int team = 0;
    enum err rc = request_query_int(req, "team", 0, 1, 2000000000, &team, &info);
    if (rc) {
        respond_err(req, rc, &info);
        return;
    }
    d->team_id = team;
    d->user_id = req->user.id;
    request_write(req, desk_apply, d, desk_done);
}
