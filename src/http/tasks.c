/*
 * tasks: the owner is chosen on the writer (W7 needs the person's allocations, an audited
 * read), then the task is checked by domain/task and stored. A contact's tasks are listed on
 * the writer too, so the audit event commits with the read.
 */
#include "http/tasks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "http/contact_json.h"
#include "http/jsonin.h"
#include "http/respond.h"
#include "http/routing_json.h"
#include "store/store_allocation.h"
#include "store/store_contact.h"
#include "store/store_task.h"
#include "store/store_worker.h"

struct one {
    struct task t;
    int64_t id;
    int64_t actor;
    int64_t actor_team;
    bool may_allocate;
    enum task_state to;
    const char *note;
    struct arena *arena;
    struct err_info info;
    json_t *json;
    int64_t now;
};

static void keep_task(const struct task *t, void *arg)
{
    struct one *o = arg;
    json_decref(o->json);
    o->json = task_to_json(t, o->now);
}

static struct one *one_new(struct request *req)
{
    struct one *o = arena_alloc(&req->arena, sizeof(*o));
    o->id = req->path_id;
    o->actor = req->user.id;
    o->actor_team = req->user.team_id;
    o->may_allocate = role_can(req->user.role, PERM_ALLOCATE);
    o->arena = &req->arena;
    return o;
}

/* W7: the owner of a review request with none named. */
static enum err review_owner(struct store_tx *tx, struct one *o)
{
    int64_t person = o->t.person_id;
    if (person <= 0 && o->t.contact_id > 0) {
        struct contact c;
        enum err rc = store_contact_fetch(tx, o->t.contact_id, &c, o->arena);
        if (rc == E_NOTFOUND)
            return err_set(&o->info, E_INVALID, "contact_id", "there is no contact %lld",
                           (long long)o->t.contact_id);
        if (rc)
            return rc;
        if (c.n_subjects > 0)
            person = c.subjects[0];
    }
    if (person <= 0)
        return err_set(&o->info, E_INVALID, "person_id",
                       "say which person the review is for, or who the request goes to");
    struct allocation *all = NULL;
    size_t n = 0;
    enum err rc = store_allocation_for_person(tx, person, "allocation.list",
                                              "routing a review request", &all, &n);
    int64_t worker_id = 0, team_id = 0;
    bool found = !rc && task_review_route(all, n, person, store_tx_now(tx), &worker_id, &team_id);
    free(all);
    if (rc)
        return rc;
    if (!found)
        return err_set(&o->info, E_CONFLICT, "owner_user_id",
                       "nobody is allocated to person %lld and no team reviews them: name who "
                       "the review request is for",
                       (long long)person);
    if (o->t.person_id <= 0)
        o->t.person_id = person;
    if (worker_id > 0) {
        struct worker *w = xmalloc(sizeof(*w));
        rc = store_worker_get(tx, worker_id, w);
        if (!rc && w->user_id > 0)
            o->t.owner_user_id = w->user_id;
        free(w);
        if (rc)
            return rc;
    }
    if (o->t.owner_user_id <= 0)
        o->t.team_id = team_id;
    if (o->t.owner_user_id <= 0 && o->t.team_id <= 0)
        return err_set(&o->info, E_CONFLICT, "owner_user_id",
                       "the allocated worker has no sign-in and no team: name who the review "
                       "request is for");
    return E_OK;
}

static enum err create_apply(struct store_tx *tx, void *arg)
{
    struct one *o = arg;
    memset(&o->info, 0, sizeof(o->info));
    o->now = store_tx_now(tx);
    struct task *t = &o->t;
    enum err rc = E_OK;
    t->id = 0;
    if (t->owner_user_id <= 0 && t->team_id <= 0) {
        if (t->kind == TASK_REVIEW_REQUEST)
            rc = review_owner(tx, o);
        else
            t->owner_user_id = o->actor;
    }
    if (!rc)
        rc = task_validate(t, store_tx_now(tx), &o->info);
    if (!rc)
        rc = store_task_insert(tx, t, &o->info);
    if (!rc)
        rc = store_task_get(tx, t->id, keep_task, o);
    return rc;
}

static void created(struct request *req, enum err rc)
{
    struct one *o = req->apply_arg;
    if (rc) {
        json_decref(o->json);
        respond_err(req, rc, &o->info);
        return;
    }
    respond_json(req, 201, o->json);
    char loc[48];
    snprintf(loc, sizeof(loc), "/api/tasks/%lld", (long long)o->t.id);
    respond_header(req, "Location", loc);
}

void tasks_create(struct request *req)
{
    static const char *const fields[] = {"kind",       "due_at",      "note",
                                         "contact_id", "person_id",   "owner_user_id",
                                         "team_id",    "agreed_with", NULL};
    struct one *o = one_new(req);
    const char *kind = NULL;
    enum err rc = jsonin_only(req->json, fields, &o->info);
    if (!rc)
        rc = jsonin_string(req->json, "kind", &kind, &o->info);
    if (!rc)
        rc = routing_json_time(req->json, "due_at", &o->t.due_at, &o->info);
    if (!rc)
        rc = jsonin_string(req->json, "note", &o->t.note, &o->info);
    if (!rc)
        rc = contact_json_id(req->json, "contact_id", &o->t.contact_id, &o->info);
    if (!rc)
        rc = contact_json_id(req->json, "person_id", &o->t.person_id, &o->info);
    if (!rc)
        rc = contact_json_id(req->json, "owner_user_id", &o->t.owner_user_id, &o->info);
    if (!rc)
        rc = contact_json_id(req->json, "team_id", &o->t.team_id, &o->info);
    if (!rc)
        rc = jsonin_string(req->json, "agreed_with", &o->t.agreed_with, &o->info);
    if (!rc) {
        o->t.kind = task_kind_parse(kind);
        if (o->t.kind == TASK_KIND_NONE)
            rc = err_set(&o->info, E_INVALID, "kind",
                         "choose the kind of task: call_back, follow_up, check_advice_worked or "
                         "review_request");
    }
    if (rc) {
        respond_err(req, rc, &o->info);
        return;
    }
    request_write(req, create_apply, o, created);
}

static void one_done(struct request *req, enum err rc)
{
    struct one *o = req->apply_arg;
    if (rc) {
        json_decref(o->json);
        respond_err(req, rc, &o->info);
        return;
    }
    respond_json(req, 200, o->json);
}

static enum err get_apply(struct store_tx *tx, void *arg)
{
    struct one *o = arg;
    o->now = store_tx_now(tx);
    return store_task_read(tx, o->id, keep_task, o);
}

void tasks_get(struct request *req)
{
    struct one *o = one_new(req);
    request_write(req, get_apply, o, one_done);
}

static void keep_facts(const struct task *t, void *arg)
{
    struct one *o = arg;
    o->t = *t;
    o->t.owner_name = o->t.team_name = o->t.note = o->t.agreed_with = NULL;
    o->t.created_by_name = o->t.closed_by_name = o->t.close_note = NULL;
}

static enum err close_apply(struct store_tx *tx, void *arg)
{
    struct one *o = arg;
    memset(&o->info, 0, sizeof(o->info));
    o->now = store_tx_now(tx);
    enum err rc = store_task_get(tx, o->id, keep_facts, o);
    if (rc)
        return rc;
    struct task_closer who = {.user_id = o->actor,
                              .in_team = o->t.team_id > 0 && o->actor_team == o->t.team_id,
                              .may_allocate = o->may_allocate};
    if (!who.in_team && o->t.team_id > 0) {
        struct worker *w = xmalloc(sizeof(*w));
        who.in_team =
            store_worker_by_user(tx, o->actor, w) == E_OK && worker_in_team(w, o->t.team_id);
        free(w);
    }
    rc = task_close_check(&o->t, &who, o->to, o->note, &o->info);
    if (!rc)
        rc = store_task_close(tx, o->id, o->to, o->note);
    if (!rc)
        rc = store_task_get(tx, o->id, keep_task, o);
    return rc;
}

static void task_close(struct request *req, enum task_state to, const char *field)
{
    struct one *o = one_new(req);
    o->to = to;
    enum err rc = routing_json_optional_text(req, field, &o->note, &o->info);
    if (rc) {
        respond_err(req, rc, &o->info);
        return;
    }
    request_write(req, close_apply, o, one_done);
}

void tasks_done(struct request *req)
{
    task_close(req, TASK_DONE, "note");
}

void tasks_cancel(struct request *req)
{
    task_close(req, TASK_CANCELLED, "reason");
}

/* --- a contact's tasks ---------------------------------------------------------------------- */

struct listing {
    int64_t contact_id;
    int64_t now;
    json_t *items;
};

static void add_task(const struct task *t, void *arg)
{
    struct listing *l = arg;
    json_array_append_new(l->items, task_to_json(t, l->now));
}

static enum err list_apply(struct store_tx *tx, void *arg)
{
    struct listing *l = arg;
    json_array_clear(l->items); /* a retried batch runs this again */
    l->now = store_tx_now(tx);
    int64_t owner = 0;
    enum err rc = store_contact_owner(tx, l->contact_id, &owner); /* E_NOTFOUND: no contact */
    if (!rc)
        rc = store_task_for_contact(tx, l->contact_id, add_task, l);
    return rc;
}

static void listed(struct request *req, enum err rc)
{
    struct listing *l = req->apply_arg;
    if (rc) {
        json_decref(l->items);
        respond_err(req, rc, NULL);
        return;
    }
    respond_json(
        req, 200,
        json_pack("{s:I, s:o}", "contact_id", (json_int_t)l->contact_id, "items", l->items));
}

void tasks_for_contact(struct request *req)
{
    struct listing *l = arena_alloc(&req->arena, sizeof(*l));
    l->contact_id = req->path_id;
    l->items = json_array();
    request_write(req, list_apply, l, listed);
}
