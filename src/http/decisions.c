/*
 * decisions: JSON over store/store_decision. A decision is answered with itself and with what
 * the contact's decisions now add up to (priority, recommendation, Care Act checks), so the
 * screen can show the next gate without another request.
 */
#include "http/decisions.h"

#include <stdio.h>
#include <string.h>

#include "http/contact_json.h"
#include "http/jsonin.h"
#include "http/respond.h"
#include "store/store_decision.h"

struct make {
    struct decision d;
    int64_t user_id;
    enum role role;
    struct err_info info;
    struct err_list gates; /* every Care Act check still missing, when that is the refusal */
    json_t *json;
    json_t *state;
};

static void keep_decision(const struct decision *d, void *arg)
{
    json_t **slot = arg;
    json_decref(*slot);
    *slot = decision_to_json(d);
}

static enum err state_json(struct store_tx *tx, int64_t contact_id, json_t **slot)
{
    struct decision_state s;
    enum err rc = store_decision_state(tx, contact_id, &s);
    if (rc)
        return rc;
    json_decref(*slot);
    *slot = decision_state_to_json(&s);
    return E_OK;
}

static enum err make_apply(struct store_tx *tx, void *arg)
{
    struct make *m = arg;
    memset(&m->info, 0, sizeof(m->info));
    m->gates.n = 0; /* a retried batch runs this again */
    struct decider who;
    enum err rc = store_decision_decider(tx, m->user_id, m->role, &who);
    if (!rc)
        rc = store_decision_make(tx, &m->d, &who, &m->info, &m->gates);
    if (!rc)
        rc = store_decision_get(tx, m->d.id, keep_decision, &m->json);
    if (!rc)
        rc = state_json(tx, m->d.contact_id, &m->state);
    return rc;
}

static void made(struct request *req, enum err rc)
{
    struct make *m = req->apply_arg;
    if (rc) {
        json_decref(m->json);
        json_decref(m->state);
        if (rc == E_CONFLICT && m->gates.n > 0)
            respond_err_all(req, E_CONFLICT, &m->gates);
        else
            respond_err(req, rc, &m->info);
        return;
    }
    respond_json(req, 201, json_pack("{s:o, s:o}", "decision", m->json, "state", m->state));
}

void decisions_create(struct request *req)
{
    struct make *m = arena_alloc(&req->arena, sizeof(*m));
    m->d.contact_id = req->path_id;
    m->user_id = req->user.id;
    m->role = req->user.role;
    enum err rc = decision_from_json(req->json, &m->d, &m->info);
    if (rc) {
        respond_err(req, rc, &m->info);
        return;
    }
    request_write(req, make_apply, m, made);
}

struct list {
    int64_t contact_id;
    json_t *items;
    json_t *state;
};

static void add_decision(const struct decision *d, void *arg)
{
    json_array_append_new(arg, decision_to_json(d));
}

static enum err list_apply(struct store_tx *tx, void *arg)
{
    struct list *l = arg;
    json_array_clear(l->items);
    enum err rc = store_decision_list(tx, l->contact_id, add_decision, l->items);
    if (!rc)
        rc = state_json(tx, l->contact_id, &l->state);
    return rc;
}

static void listed(struct request *req, enum err rc)
{
    struct list *l = req->apply_arg;
    if (rc) {
        json_decref(l->items);
        json_decref(l->state);
        respond_err(req, rc, NULL);
        return;
    }
    respond_json(req, 200,
                 json_pack("{s:I, s:o, s:o}", "contact_id", (json_int_t)l->contact_id, "items",
                           l->items, "state", l->state));
}

void decisions_list(struct request *req)
{
    struct list *l = arena_alloc(&req->arena, sizeof(*l));
    l->contact_id = req->path_id;
    l->items = json_array();
    request_write(req, list_apply, l, listed);
}

struct authorise {
    int64_t id;
    int64_t user_id;
    enum role role;
    const char *note;
    struct err_info info;
    json_t *json;
};

static enum err authorise_apply(struct store_tx *tx, void *arg)
{
    struct authorise *a = arg;
    memset(&a->info, 0, sizeof(a->info));
    struct decider who;
    enum err rc = store_decision_decider(tx, a->user_id, a->role, &who);
    if (!rc)
        rc = store_decision_authorise(tx, a->id, &who, a->note, &a->info);
    if (!rc)
        rc = store_decision_get(tx, a->id, keep_decision, &a->json);
    return rc;
}

static void authorised(struct request *req, enum err rc)
{
    struct authorise *a = req->apply_arg;
    if (rc) {
        json_decref(a->json);
        respond_err(req, rc, &a->info);
        return;
    }
    respond_json(req, 200, a->json);
}

void decisions_authorise(struct request *req)
{
    static const char *const fields[] = {"note", NULL};
    struct authorise *a = arena_alloc(&req->arena, sizeof(*a));
    a->id = req->path_id;
    a->user_id = req->user.id;
    a->role = req->user.role;
    enum err rc = E_OK;
    if (req->json) {
        rc = jsonin_only(req->json, fields, &a->info);
        if (!rc)
            rc = jsonin_string(req->json, "note", &a->note, &a->info);
        if (!rc && a->note && utf8_length(a->note) > DECISION_RATIONALE_MAX)
            rc = err_set(&a->info, E_INVALID, "note", "the note must be %d characters or fewer",
                         DECISION_RATIONALE_MAX);
    }
    if (rc) {
        respond_err(req, rc, &a->info);
        return;
    }
    request_write(req, authorise_apply, a, authorised);
}
