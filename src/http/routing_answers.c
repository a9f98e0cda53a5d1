/*
 * routing_answers: the facts for domain/routing, gathered on the writer because reading a
 * person's allocations is audited (allocation.check, once per person). Colleagues are looked
 * for only when the worker is not free now; the escalation path is given whenever a worker was
 * asked for and the request is allowed: the worker's line manager, then the duty manager on
 * today's rota (H9).
 */
#include "http/routing_answers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timefmt.h"
#include "core/xalloc.h"
#include "domain/escalation.h"
#include "domain/routing.h"
#include "http/contact_json.h"
#include "http/directory_json.h"
#include "http/respond.h"
#include "store/store_allocation.h"
#include "store/store_contact.h"
#include "store/store_escalation.h"
#include "store/store_team.h"
#include "store/store_worker.h"

#define COLLEAGUES_MAX 50

struct routing_req {
    int64_t contact_id;
    int64_t q_worker, q_team; /* from the query string; 0 when not given */
    int64_t now;
    struct arena *arena;
    struct err_info info;
    json_t *json;
};

struct entries {
    struct availability_entry *v;
    size_t n, cap;
};

static void keep_entry(const struct availability_entry *e, void *arg)
{
    struct entries *es = arg;
    if (es->n == es->cap) {
        es->cap = es->cap ? es->cap * 2 : 16;
        es->v = xrealloc(es->v, es->cap * sizeof(*es->v));
    }
    es->v[es->n++] = *e;
}

/* w's availability at now. */
static enum err availability_of(struct store_tx *tx, const struct worker *w, int64_t now,
                                struct availability *out)
{
    struct entries es = {NULL, 0, 0};
    enum err rc =
        store_worker_entries(tx, w->id, now, now + AVAILABILITY_HORIZON_MS, keep_entry, &es);
    if (!rc)
        rc = availability_compute(w, es.v, es.n, now, out);
    free(es.v);
    return rc;
}

static json_t *ref(int64_t id, const char *name)
{
    return person_ref_json(id, name);
}

/* The workers of the teams to look in, other than the asked-for worker. */
struct colleagues {
    int64_t except;
    struct worker *v;
    size_t n, cap;
};

static void keep_colleague(const struct worker *w, void *arg)
{
    struct colleagues *c = arg;
    if (w->id == c->except || c->n >= COLLEAGUES_MAX)
        return;
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].id == w->id)
            return;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 8;
        c->v = xrealloc(c->v, c->cap * sizeof(*c->v));
    }
    c->v[c->n++] = *w;
}

/* Colleagues of w free now, in team_id (when > 0) or in w's own teams, as JSON. */
static enum err free_colleagues(struct store_tx *tx, const struct worker *w, int64_t team_id,
                                int64_t now, json_t *out)
{
    struct colleagues c = {.except = w->id};
    enum err rc = E_OK;
    if (team_id > 0) {
        struct store_worker_filter f = {.team_id = team_id};
        rc = store_worker_list(tx, &f, keep_colleague, &c);
    } else {
        for (size_t i = 0; !rc && i < w->n_teams; i++) {
            struct store_worker_filter f = {.team_id = w->teams[i].team_id};
            rc = store_worker_list(tx, &f, keep_colleague, &c);
        }
    }
    for (size_t i = 0; !rc && i < c.n; i++) {
        struct availability av;
        rc = availability_of(tx, &c.v[i], now, &av);
        if (!rc && av.available_now)
            json_array_append_new(out, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)c.v[i].id,
                                                 "name", c.v[i].name, "phone", c.v[i].phone));
    }
    free(c.v);
    return rc;
}

/* The escalation path of the day for w (H9): line manager, then the duty manager on today's
 * rota. */
static enum err escalation_path(struct store_tx *tx, const struct worker *w, int64_t now,
                                json_t *out)
{
    struct worker *m = xmalloc(sizeof(*m));
    enum err rc = E_OK;
    json_t *step = NULL;
    bool found = false;
    if (w->line_manager_id > 0) {
        rc = store_worker_get(tx, w->line_manager_id, m);
        found = rc == E_OK;
        if (rc == E_NOTFOUND)
            rc = E_OK;
    }
    if (!rc && found) {
        struct availability av;
        rc = availability_of(tx, m, now, &av);
        if (!rc)
            step = json_pack("{s:i, s:s, s:b, s:o, s:s, s:s, s:b}", "step", 1, "capacity",
                             "line_manager", "found", 1, "worker", ref(m->id, m->name), "phone",
                             m->phone, "email", m->email, "available_now", av.available_now);
    } else if (!rc) {
        step = json_pack("{s:i, s:s, s:b, s:s}", "step", 1, "capacity", "line_manager", "found", 0,
                         "reason", "no line manager is recorded for the worker");
    }
    if (rc) {
        free(m);
        return rc;
    }
    json_array_append_new(out, step);

    struct store_escalation_setup *setup = xmalloc(sizeof(*setup));
    rc = store_escalation_setup_get(tx, setup);
    if (!rc) {
        enum ukclock_weekday wd = escalation_weekday(now);
        const struct escalation_person *p = &setup->duty_rota[wd];
        if (p->found) {
            step = json_pack("{s:i, s:s, s:b, s:s, s:o, s:s, s:s}", "step", 2, "capacity",
                             "duty_manager", "found", 1, "weekday", ukclock_weekday_name(wd),
                             "worker", ref(p->worker_id, p->name), "phone", "", "email", p->email);
            if (p->worker_id > 0 && store_worker_get(tx, p->worker_id, m) == E_OK)
                json_object_set_new(step, "phone", json_string(m->phone));
        } else {
            char why[160];
            escalation_skip_reason(ESCALATION_DUTY_MANAGER, now, why, sizeof(why));
            step = json_pack("{s:i, s:s, s:b, s:s, s:s}", "step", 2, "capacity", "duty_manager",
                             "found", 0, "weekday", ukclock_weekday_name(wd), "reason", why);
        }
        json_array_append_new(out, step);
    }
    free(setup);
    free(m);
    return rc;
}

static enum err answer_apply(struct store_tx *tx, void *arg)
{
    struct routing_req *a = arg;
    memset(&a->info, 0, sizeof(a->info));
    json_decref(a->json); /* a retried batch runs this again */
    a->json = NULL;
    struct contact c;
    enum err rc = store_contact_fetch(tx, a->contact_id, &c, a->arena);
    if (rc)
        return rc;
    int64_t worker_id = a->q_worker ? a->q_worker : c.requested_worker_id;
    int64_t team_id = a->q_team ? a->q_team : c.requested_team_id;
    if (worker_id <= 0 && team_id <= 0)
        return err_set(&a->info, E_INVALID, "worker",
                       "name the worker (?worker=ID) or the team (?team=ID) the caller asked "
                       "for, or record it on the contact");
    if (c.n_subjects == 0)
        return err_set(&a->info, E_CONFLICT, "subject_person_ids",
                       "record who the contact is about before checking who holds their case");

    struct worker *w = xcalloc(1, sizeof(*w));
    struct team *t = xcalloc(1, sizeof(*t));
    struct allocation_verdict *verdicts = xcalloc(c.n_subjects, sizeof(*verdicts));
    json_t *persons = json_array(), *allocated = json_array(), *colleagues = json_array(),
           *escalation = json_array(), *availability = json_null();
    int64_t colleague_team = 0;
    char holder[2 * (WORKER_NAME_MAX * 4 + 1) + 64] = "";
    struct routing_facts f = {.now_ms = a->now,
                              .worker_id = worker_id,
                              .team_id = team_id,
                              .n_persons = c.n_subjects,
                              .person_ids = c.subjects,
                              .verdicts = verdicts};
    if (worker_id > 0) {
        rc = store_worker_get(tx, worker_id, w);
        if (rc == E_NOTFOUND)
            rc = err_set(&a->info, E_INVALID, "worker", "there is no worker %lld",
                         (long long)worker_id);
        f.worker_name = w->name;
    }
    if (!rc && team_id > 0) {
        rc = store_team_get(tx, team_id, t);
        if (rc == E_NOTFOUND)
            rc = err_set(&a->info, E_INVALID, "team", "there is no team %lld", (long long)team_id);
        f.team_name = t->name;
    }
    char why[96];
    snprintf(why, sizeof(why), "routing contact %lld: worker %lld team %lld",
             (long long)a->contact_id, (long long)worker_id, (long long)team_id);
    for (size_t i = 0; !rc && i < c.n_subjects; i++) {
        struct allocation *all = NULL;
        size_t n = 0;
        rc = store_allocation_for_person(tx, c.subjects[i], "allocation.check", why, &all, &n);
        if (!rc)
            rc = allocation_check(all, n, c.subjects[i], worker_id, w->name, team_id, t->name,
                                  a->now, &verdicts[i], &a->info);
        for (size_t j = 0; !rc && j < n; j++) {
            if (!allocation_is_current(&all[j], a->now))
                continue;
            json_array_append_new(
                allocated,
                json_pack("{s:I, s:I, s:s, s:o, s:o}", "id", (json_int_t)all[j].id, "person_id",
                          (json_int_t)all[j].person_id, "kind", allocation_kind_name(all[j].kind),
                          "worker", ref(all[j].worker_id, all[j].worker_name), "team",
                          ref(all[j].team_id, all[j].team_name)));
            if (all[j].id == verdicts[i].matched_id && all[j].worker_id == worker_id)
                colleague_team = all[j].team_id;
            if (!verdicts[i].allowed && !holder[0])
                snprintf(holder, sizeof(holder), "%s (%s)",
                         all[j].worker_id > 0 ? all[j].worker_name : all[j].team_name,
                         allocation_kind_label(all[j].kind));
        }
        if (!rc)
            json_array_append_new(
                persons,
                json_pack("{s:I, s:b, s:b, s:b, s:b, s:s}", "person_id", (json_int_t)c.subjects[i],
                          "allowed", verdicts[i].allowed, "worker_allocated",
                          verdicts[i].worker_allocated, "team_responsible",
                          verdicts[i].team_responsible, "anyone_allocated",
                          verdicts[i].anyone_allocated, "reason", verdicts[i].reason));
        free(all);
    }
    bool allowed_all = true;
    for (size_t i = 0; i < c.n_subjects; i++)
        allowed_all = allowed_all && verdicts[i].allowed;
    if (!rc && worker_id > 0 && allowed_all) {
        rc = availability_of(tx, w, a->now, &f.availability);
        f.availability_known = rc == E_OK;
        if (!rc && !f.availability.available_now)
            rc = free_colleagues(tx, w, colleague_team, a->now, colleagues);
        f.n_colleagues_free = json_array_size(colleagues);
        if (!rc)
            rc = escalation_path(tx, w, a->now, escalation);
    }
    f.holder = holder;
    struct routing_result r;
    if (!rc)
        rc = routing_decide(&f, &r, &a->info);
    if (!rc && f.availability_known) {
        char when[ROUTING_WHEN_MAX];
        routing_when_text(f.availability.next_available_at, a->now, when);
        json_decref(availability);
        availability =
            json_pack("{s:o, s:s, s:b, s:o, s:s, s:b, s:s}", "worker", ref(w->id, w->name),
                      "status", availability_status_name(f.availability.status), "available_now",
                      f.availability.available_now, "next_available_at",
                      time_json(f.availability.next_available_at), "next_available_text", when,
                      "back_today", r.back_today, "phone", w->phone);
    }
    if (!rc) {
        json_t *team = team_id > 0 ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)t->id, "name",
                                               t->name, "duty_line", t->duty_line)
                                   : json_null();
        a->json =
            json_pack("{s:I, s:s, s:{s:o, s:o}, s:s, s:b, s:b, s:s, s:o, s:o, s:O, s:O, s:O}",
                      "contact_id", (json_int_t)a->contact_id, "contact_reference", c.reference,
                      "asked_for", "worker", worker_id > 0 ? ref(w->id, w->name) : json_null(),
                      "team", team, "answer", routing_answer_name(r.answer), "transfer_allowed",
                      r.transfer_allowed, "front_door_manages", r.front_door_manages, "reason",
                      r.reason, "persons", persons, "allocated", allocated, "availability",
                      availability, "colleagues", colleagues, "escalation", escalation);
        persons = allocated = NULL;
    }
    json_decref(persons);
    json_decref(allocated);
    json_decref(availability);
    json_decref(colleagues);
    json_decref(escalation);
    free(verdicts);
    free(t);
    free(w);
    return rc;
}

static void answered(struct request *req, enum err rc)
{
    struct routing_req *a = req->apply_arg;
    if (rc) {
        json_decref(a->json);
        respond_err(req, rc, &a->info);
        return;
    }
    respond_json(req, 200, a->json);
}

void routing_answers_get(struct request *req)
{
    struct routing_req *a = arena_alloc(&req->arena, sizeof(*a));
    int worker = 0, team = 0;
    enum err rc = request_query_int(req, "worker", 0, 1, 2000000000, &worker, &a->info);
    if (!rc)
        rc = request_query_int(req, "team", 0, 1, 2000000000, &team, &a->info);
    if (rc) {
        respond_err(req, rc, &a->info);
        return;
    }
    a->contact_id = req->path_id;
    a->q_worker = worker;
    a->q_team = team;
    a->now = timefmt_now_ms();
    a->arena = &req->arena;
    request_write(req, answer_apply, a, answered);
}
