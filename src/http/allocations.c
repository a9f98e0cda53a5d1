/*
 * allocations: JSON over store/store_allocation; the rules are domain/allocation. The check
 * names the asked-for worker and team from the directory, so its reason reads as a sentence
 * an agent can act on, and lists the current allocations so they can see who to route to.
 */
#include "http/allocations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timefmt.h"
#include "core/xalloc.h"
#include "domain/directory.h"
#include "http/directory_json.h"
#include "http/jsonin.h"
#include "http/persons.h"
#include "http/respond.h"
#include "store/store_allocation.h"
#include "store/store_team.h"
#include "store/store_worker.h"

struct create {
    struct allocation a;
    struct err_info info;
};

static enum err create_apply(struct store_tx *tx, void *arg)
{
    struct create *c = arg;
    memset(&c->info, 0, sizeof(c->info));
    c->a.id = 0;
    return store_allocation_insert(tx, &c->a, &c->info);
}

static void created(struct request *req, enum err rc)
{
    struct create *c = req->apply_arg;
    if (rc) {
        respond_err(req, rc, &c->info);
        return;
    }
    respond_json(req, 201, allocation_to_json(&c->a, timefmt_now_ms()));
    char location[80];
    snprintf(location, sizeof(location), "/api/persons/%lld/allocations",
             (long long)c->a.person_id);
    respond_header(req, "Location", location);
}

void allocations_create(struct request *req)
{
    struct create *c = arena_alloc(&req->arena, sizeof(*c));
    int64_t now = timefmt_now_ms();
    enum err rc = allocation_from_json(req->json, &c->a, &c->info);
    if (!rc && !c->a.starts_at)
        c->a.starts_at = now;
    if (!rc)
        rc = allocation_validate(&c->a, now, &c->info);
    if (rc) {
        respond_err(req, rc, &c->info);
        return;
    }
    request_write(req, create_apply, c, created);
}

struct ending {
    int64_t id;
    int64_t ended_at;
    const char *reason;
    struct allocation a;
    struct err_info info;
};

static enum err end_apply(struct store_tx *tx, void *arg)
{
    struct ending *e = arg;
    memset(&e->info, 0, sizeof(e->info));
    return store_allocation_end(tx, e->id, e->ended_at, e->reason, &e->a, &e->info);
}

static void ended(struct request *req, enum err rc)
{
    struct ending *e = req->apply_arg;
    if (rc) {
        respond_err(req, rc, &e->info);
        return;
    }
    respond_json(req, 200, allocation_to_json(&e->a, timefmt_now_ms()));
}

void allocations_end(struct request *req)
{
    static const char *const fields[] = {"reason", "ended_at", NULL};
    struct ending *e = arena_alloc(&req->arena, sizeof(*e));
    e->id = req->path_id;
    e->ended_at = timefmt_now_ms();
    const char *at = NULL;
    enum err rc = jsonin_only(req->json, fields, &e->info);
    if (!rc)
        rc = jsonin_string(req->json, "reason", &e->reason, &e->info);
    if (!rc)
        rc = jsonin_string(req->json, "ended_at", &at, &e->info);
    if (!rc && at)
        rc = directory_instant(at, "ended_at", &e->ended_at, &e->info);
    if (!rc && (!e->reason || !*e->reason))
        rc = err_set(&e->info, E_INVALID, "reason", "enter why the allocation is ending");
    if (rc) {
        respond_err(req, rc, &e->info);
        return;
    }
    request_write(req, end_apply, e, ended);
}

/* --- reading a person's allocations ------------------------------------------------------- */

struct person_read {
    int64_t person_id;
    int64_t worker_id, team_id; /* the check's question; 0 when not asked */
    int64_t now_ms;
    struct allocation *all;
    size_t n;
    char worker_name[WORKER_NAME_MAX * 4 + 1];
    char team_name[TEAM_NAME_MAX * 4 + 1];
    struct err_info info;
    struct person_viewer viewer; /* who is asking: restricted records (W13) */
};

static enum err person_apply(struct store_tx *tx, void *arg)
{
    struct person_read *p = arg;
    free(p->all); /* a retried batch runs this again */
    p->all = NULL;
    p->n = 0;
    struct person_access access;
    enum err rc = persons_require_access(tx, &p->viewer, p->person_id, &access, &p->info);
    if (rc)
        return rc;
    return store_allocation_for_person(tx, p->person_id, "allocation.list", NULL, &p->all, &p->n);
}

static json_t *allocations_json(const struct allocation *all, size_t n, int64_t now_ms,
                                bool current_only)
{
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        if (!current_only || allocation_is_current(&all[i], now_ms))
            json_array_append_new(items, allocation_to_json(&all[i], now_ms));
    return items;
}

static void person_done(struct request *req, enum err rc)
{
    struct person_read *p = req->apply_arg;
    if (rc) {
        free(p->all);
        respond_err(req, rc, &p->info);
        return;
    }
    size_t n_current = 0;
    for (size_t i = 0; i < p->n; i++)
        n_current += allocation_is_current(&p->all[i], p->now_ms);
    respond_json(req, 200,
                 json_pack("{s:I, s:I, s:o}", "person_id", (json_int_t)p->person_id,
                           "current_count", (json_int_t)n_current, "items",
                           allocations_json(p->all, p->n, p->now_ms, false)));
    free(p->all);
}

void allocations_for_person(struct request *req)
{
    struct person_read *p = arena_alloc(&req->arena, sizeof(*p));
    p->person_id = req->path_id;
    p->now_ms = timefmt_now_ms();
    persons_viewer(req, &p->viewer);
    request_write(req, person_apply, p, person_done);
}

static enum err check_apply(struct store_tx *tx, void *arg)
{
    struct person_read *p = arg;
    free(p->all);
    p->all = NULL;
    p->n = 0;
    memset(&p->info, 0, sizeof(p->info));
    if (p->worker_id) {
        struct worker *w = xmalloc(sizeof(*w));
        enum err rc = store_worker_get(tx, p->worker_id, w);
        if (!rc)
            snprintf(p->worker_name, sizeof(p->worker_name), "%s", w->name);
        free(w);
        if (rc == E_NOTFOUND)
            return err_set(&p->info, E_INVALID, "worker", "there is no worker %lld",
                           (long long)p->worker_id);
        if (rc)
            return rc;
    }
    if (p->team_id) {
        struct team *t = xmalloc(sizeof(*t));
        enum err rc = store_team_get(tx, p->team_id, t);
        if (!rc)
            snprintf(p->team_name, sizeof(p->team_name), "%s", t->name);
        free(t);
        if (rc == E_NOTFOUND)
            return err_set(&p->info, E_INVALID, "team", "there is no team %lld",
                           (long long)p->team_id);
        if (rc)
            return rc;
    }
    char reason[96];
    snprintf(reason, sizeof(reason), "check worker %lld team %lld", (long long)p->worker_id,
             (long long)p->team_id);
    return store_allocation_for_person(tx, p->person_id, "allocation.check", reason, &p->all,
                                       &p->n);
}

static void check_done(struct request *req, enum err rc)
{
    struct person_read *p = req->apply_arg;
    struct allocation_verdict v;
    if (!rc)
        rc = allocation_check(p->all, p->n, p->person_id, p->worker_id, p->worker_name, p->team_id,
                              p->team_name, p->now_ms, &v, &p->info);
    if (rc) {
        free(p->all);
        respond_err(req, rc, &p->info);
        return;
    }
    respond_json(req, 200,
                 json_pack("{s:I, s:o, s:o, s:b, s:b, s:b, s:b, s:s, s:o}", "person_id",
                           (json_int_t)p->person_id, "worker",
                           p->worker_id ? json_integer(p->worker_id) : json_null(), "team",
                           p->team_id ? json_integer(p->team_id) : json_null(), "allowed",
                           v.allowed, "worker_allocated", v.worker_allocated, "team_responsible",
                           v.team_responsible, "anyone_allocated", v.anyone_allocated, "reason",
                           v.reason, "allocated", allocations_json(p->all, p->n, p->now_ms, true)));
    free(p->all);
}

void allocations_check(struct request *req)
{
    struct person_read *p = arena_alloc(&req->arena, sizeof(*p));
    int person = 0, worker = 0, team = 0;
    enum err rc = request_query_int(req, "person", 0, 1, 2000000000, &person, &p->info);
    if (!rc && person == 0)
        rc = err_set(&p->info, E_INVALID, "person", "name the person (?person=ID)");
    if (!rc)
        rc = request_query_int(req, "worker", 0, 1, 2000000000, &worker, &p->info);
    if (!rc)
        rc = request_query_int(req, "team", 0, 1, 2000000000, &team, &p->info);
    if (!rc && worker == 0 && team == 0)
        rc = err_set(&p->info, E_INVALID, "worker",
                     "name the worker (?worker=ID) or the team (?team=ID) the request is for");
    if (rc) {
        respond_err(req, rc, &p->info);
        return;
    }
    p->person_id = person;
    p->worker_id = worker;
    p->team_id = team;
    p->now_ms = timefmt_now_ms();
    request_write(req, check_apply, p, check_done);
}
