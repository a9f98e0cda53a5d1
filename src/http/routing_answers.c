/*
 * routing_answers: the facts for domain/routing, gathered on the writer because reading a
 * person's allocations is audited (allocation.check, once per person). Both routes — the
 * answer for a saved contact and the answer before a contact is saved — call answer_build with
 * the persons, the worker and the team asked for, so they answer alike. Colleagues are looked
 * for only when the worker is not free now; the escalation path is given whenever a worker was
 * asked for and the request is allowed: the worker's line manager, then the duty manager on
 * today's rota (H9). A person whose restricted record the asker may not open (W13) keeps their
 * verdict, but not who holds their case: their allocations are left out, the reasons say the
 * record is restricted, and the duty manager of the day is given to pass the call to. Persons
 * are named in the words by their display name, read here, except such a restricted one, who
 * is "this person" (docs/routing.md).
 */
#include "http/routing_answers.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timefmt.h"
#include "core/xalloc.h"
#include "domain/contact.h"
#include "domain/escalation.h"
#include "domain/person.h"
#include "domain/person_access.h"
#include "domain/routing.h"
#include "http/contact_json.h"
#include "http/directory_json.h"
#include "http/persons.h"
#include "http/respond.h"
#include "store/store_allocation.h"
#include "store/store_contact.h"
#include "store/store_escalation.h"
#include "store/store_person.h"
#include "store/store_team.h"
#include "store/store_worker.h"

#define COLLEAGUES_MAX 50
#define ID_MAX 2000000000

/* The question both routes ask. */
struct question {
    size_t n_persons;
    int64_t persons[CONTACT_SUBJECTS_MAX];
    int64_t worker_id, team_id; /* 0 when not asked */
    char audit_reason[128];     /* recorded with each allocation.check */
};

struct routing_req {
    int64_t contact_id;       /* 0 for the answer before saving */
    int64_t q_worker, q_team; /* from the query string; 0 when not given */
    struct question q;        /* before saving: from the query string */
    int64_t now;
    struct person_viewer viewer; /* who is asking: restricted records (W13) */
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

/* The first step of w's escalation path: their line manager from the directory. */
static enum err line_manager_step(struct store_tx *tx, const struct worker *w, int64_t now,
                                  json_t *out)
{
    struct worker *m = xmalloc(sizeof(*m));
    enum err rc = E_OK;
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
            json_array_append_new(out, json_pack("{s:i, s:s, s:b, s:o, s:s, s:s, s:b}", "step", 1,
                                                 "capacity", "line_manager", "found", 1, "worker",
                                                 ref(m->id, m->name), "phone", m->phone, "email",
                                                 m->email, "available_now", av.available_now));
    } else if (!rc) {
        json_array_append_new(out, json_pack("{s:i, s:s, s:b, s:s}", "step", 1, "capacity",
                                             "line_manager", "found", 0, "reason",
                                             "no line manager is recorded for the worker"));
    }
    free(m);
    return rc;
}

/* The duty manager on today's weekday rota, as step number `step` (H9). */
static enum err duty_manager_step(struct store_tx *tx, int step, int64_t now, json_t *out)
{
    struct store_escalation_setup *setup = xmalloc(sizeof(*setup));
    enum err rc = store_escalation_setup_get(tx, setup);
    if (!rc) {
        enum ukclock_weekday wd = escalation_weekday(now);
        const struct escalation_person *p = &setup->duty_rota[wd];
        json_t *j;
        if (p->found) {
            j = json_pack("{s:i, s:s, s:b, s:s, s:o, s:s, s:s}", "step", step, "capacity",
                          "duty_manager", "found", 1, "weekday", ukclock_weekday_name(wd), "worker",
                          ref(p->worker_id, p->name), "phone", "", "email", p->email);
            struct worker *m = xmalloc(sizeof(*m));
            if (p->worker_id > 0 && store_worker_get(tx, p->worker_id, m) == E_OK)
                json_object_set_new(j, "phone", json_string(m->phone));
            free(m);
        } else {
            char why[160];
            escalation_skip_reason(ESCALATION_DUTY_MANAGER, now, why, sizeof(why));
            j = json_pack("{s:i, s:s, s:b, s:s, s:s}", "step", step, "capacity", "duty_manager",
                          "found", 0, "weekday", ukclock_weekday_name(wd), "reason", why);
        }
        json_array_append_new(out, j);
    }
    free(setup);
    return rc;
}

#define PERSON_WORDS_SIZE (2 * PERSON_NAME_SIZE + 16)

/* Whether person id's record is restricted, and whether the asker may see who holds their
 * case: not when the record is restricted and not open to them (docs/persons.md); and the
 * person's display name into name_out[PERSON_WORDS_SIZE]. E_INVALID naming "person" when there
 * is no such person. */
static enum err holder_visible(struct store_tx *tx, const struct person_viewer *v, int64_t id,
                               int64_t now, bool *restricted_out, bool *visible_out,
                               char *name_out, struct err_info *info)
{
    name_out[0] = '\0';
    struct person_access_facts facts;
    enum err rc = store_person_access_facts(tx, id, &v->user, v->session_hash, now, &facts);
    if (rc == E_NOTFOUND)
        return err_set(info, E_INVALID, "person", "there is no person %lld", (long long)id);
    if (rc)
        return rc;
    struct person_access acc;
    person_access_decide(&facts, &acc);
    *restricted_out = facts.restricted;
    *visible_out = acc.level == PERSON_ACCESS_FULL;
    struct person *p = xmalloc(sizeof(*p));
    rc = store_person_get(tx, id, p);
    if (!rc)
        person_display_name(p, name_out, PERSON_WORDS_SIZE);
    free(p);
    return rc == E_NOTFOUND ? E_OK : rc;
}

/* The kind of the allocation that matched verdict v among all[n], for the person's line:
 * "Personal adviser (PA)"; NULL when none did. */
static const char *held_as(const struct allocation *all, size_t n,
                           const struct allocation_verdict *v)
{
    for (size_t i = 0; v->matched_id > 0 && i < n; i++)
        if (all[i].id == v->matched_id)
            return allocation_kind_label(all[i].kind);
    return NULL;
}

/*
 * The routing answer to q at now for the asker v, as a new JSON object (*out, caller owns):
 * asked_for, answer, transfer_allowed, front_door_manages, reason, persons, allocated,
 * availability, colleagues, escalation (docs/routing.md).
 */
static enum err answer_build(struct store_tx *tx, const struct question *q,
                             const struct person_viewer *v, int64_t now, json_t **out,
                             struct err_info *info)
{
    *out = NULL;
    if (q->worker_id <= 0 && q->team_id <= 0)
        return err_set(info, E_INVALID, "worker",
                       "name the worker (?worker=ID) or the team (?team=ID) the caller asked "
                       "for");
    size_t n = q->n_persons;
    struct worker *w = xcalloc(1, sizeof(*w));
    struct team *t = xcalloc(1, sizeof(*t));
    struct allocation_verdict *verdicts = xcalloc(n ? n : 1, sizeof(*verdicts));
    struct allocation **alls = xcalloc(n ? n : 1, sizeof(*alls));
    size_t *n_alls = xcalloc(n ? n : 1, sizeof(*n_alls));
    bool *visible = xcalloc(n ? n : 1, sizeof(*visible));
    bool *restricted = xcalloc(n ? n : 1, sizeof(*restricted));
    bool *withheld = xcalloc(n ? n : 1, sizeof(*withheld));
    char (*names)[PERSON_WORDS_SIZE] = xcalloc(n ? n : 1, sizeof(*names));
    const char **name_ptrs = xcalloc(n ? n : 1, sizeof(*name_ptrs));
    char *person_reason = xmalloc(ROUTING_REASON_MAX);
    json_t *persons = json_array(), *allocated = json_array(), *colleagues = json_array(),
           *escalation = json_array(), *availability = json_null();
    int64_t colleague_team = 0;
    char holder[2 * (WORKER_NAME_MAX * 4 + 1) + 64] = "";
    struct routing_facts f = {.now_ms = now,
                              .worker_id = q->worker_id,
                              .team_id = q->team_id,
                              .n_persons = n,
                              .person_ids = q->persons,
                              .person_names = name_ptrs,
                              .person_withheld = withheld,
                              .verdicts = verdicts};
    enum err rc = E_OK;
    for (size_t i = 0; !rc && i < n; i++) {
        rc = holder_visible(tx, v, q->persons[i], now, &restricted[i], &visible[i], names[i],
                            info);
        withheld[i] = !visible[i];
        name_ptrs[i] = names[i];
    }
    if (!rc && q->worker_id > 0) {
        rc = store_worker_get(tx, q->worker_id, w);
        if (rc == E_NOTFOUND)
            rc = err_set(info, E_INVALID, "worker", "there is no worker %lld",
                         (long long)q->worker_id);
        f.worker_name = w->name;
    }
    if (!rc && q->team_id > 0) {
        rc = store_team_get(tx, q->team_id, t);
        if (rc == E_NOTFOUND)
            rc = err_set(info, E_INVALID, "team", "there is no team %lld", (long long)q->team_id);
        f.team_name = t->name;
    }
    for (size_t i = 0; !rc && i < n; i++) {
        rc = store_allocation_for_person(tx, q->persons[i], "allocation.check", q->audit_reason,
                                         &alls[i], &n_alls[i]);
        if (!rc)
            rc = allocation_check(alls[i], n_alls[i], q->persons[i], q->worker_id, w->name,
                                  q->team_id, t->name, now, &verdicts[i], info);
    }
    /* who holds the case of the first person refused whose case someone else holds, as
     * domain/routing names them in the reason */
    bool withheld_any = false;
    for (size_t i = 0; !rc && i < n; i++) {
        if (verdicts[i].allowed || !verdicts[i].anyone_allocated)
            continue;
        withheld_any = withheld_any || !visible[i];
        if (f.holder || f.holder_withheld)
            continue;
        f.holder_withheld = !visible[i];
        for (size_t j = 0; visible[i] && j < n_alls[i]; j++) {
            const struct allocation *a = &alls[i][j];
            if (!allocation_is_current(a, now))
                continue;
            snprintf(holder, sizeof(holder), "%s (%s)",
                     a->worker_id > 0 ? a->worker_name : a->team_name,
                     allocation_kind_label(a->kind));
            f.holder = holder;
            break;
        }
    }
    for (size_t i = 0; !rc && i < n; i++) {
        for (size_t j = 0; j < n_alls[i]; j++) {
            const struct allocation *a = &alls[i][j];
            if (!allocation_is_current(a, now))
                continue;
            if (a->id == verdicts[i].matched_id && a->worker_id == q->worker_id)
                colleague_team = a->team_id;
            if (visible[i])
                json_array_append_new(
                    allocated, json_pack("{s:I, s:I, s:s, s:s, s:o, s:o}", "id", (json_int_t)a->id,
                                         "person_id", (json_int_t)a->person_id, "kind",
                                         allocation_kind_name(a->kind), "kind_label",
                                         allocation_kind_label(a->kind), "worker",
                                         ref(a->worker_id, a->worker_name), "team",
                                         ref(a->team_id, a->team_name)));
        }
        routing_person_reason(&f, i, held_as(alls[i], n_alls[i], &verdicts[i]), person_reason,
                              ROUTING_REASON_MAX);
        json_array_append_new(
            persons,
            json_pack("{s:I, s:o, s:b, s:b, s:b, s:b, s:b, s:b, s:s}", "person_id",
                      (json_int_t)q->persons[i], "name",
                      visible[i] && names[i][0] ? json_string(names[i]) : json_null(), "allowed",
                      verdicts[i].allowed, "worker_allocated", verdicts[i].worker_allocated,
                      "team_responsible", verdicts[i].team_responsible, "anyone_allocated",
                      verdicts[i].anyone_allocated, "restricted", restricted[i], "holder_withheld",
                      !visible[i], "reason", person_reason));
    }
    bool allowed_all = true;
    for (size_t i = 0; i < n; i++)
        allowed_all = allowed_all && verdicts[i].allowed;
    if (!rc && q->worker_id > 0 && allowed_all && n > 0) {
        rc = availability_of(tx, w, now, &f.availability);
        f.availability_known = rc == E_OK;
        if (!rc && !f.availability.available_now)
            rc = free_colleagues(tx, w, colleague_team, now, colleagues);
        f.n_colleagues_free = json_array_size(colleagues);
        if (!rc)
            rc = line_manager_step(tx, w, now, escalation);
        if (!rc)
            rc = duty_manager_step(tx, 2, now, escalation);
    } else if (!rc && withheld_any) {
        /* nobody who may be named holds the case: the duty manager decides (W13) */
        rc = duty_manager_step(tx, 1, now, escalation);
    }
    struct routing_result r;
    if (!rc)
        rc = routing_decide(&f, &r, info);
    if (!rc && f.availability_known) {
        char when[ROUTING_WHEN_MAX];
        routing_when_text(f.availability.next_available_at, now, when);
        json_decref(availability);
        availability =
            json_pack("{s:o, s:s, s:b, s:o, s:s, s:b, s:s}", "worker", ref(w->id, w->name),
                      "status", availability_status_name(f.availability.status), "available_now",
                      f.availability.available_now, "next_available_at",
                      time_json(f.availability.next_available_at), "next_available_text", when,
                      "back_today", r.back_today, "phone", w->phone);
    }
    if (!rc) {
        json_t *team = q->team_id > 0 ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)t->id,
                                                  "name", t->name, "duty_line", t->duty_line)
                                      : json_null();
        *out = json_pack("{s:{s:o, s:o}, s:s, s:b, s:b, s:s, s:O, s:O, s:O, s:O, s:O}", "asked_for",
                         "worker", q->worker_id > 0 ? ref(w->id, w->name) : json_null(), "team",
                         team, "answer", routing_answer_name(r.answer), "transfer_allowed",
                         r.transfer_allowed, "front_door_manages", r.front_door_manages, "reason",
                         r.reason, "persons", persons, "allocated", allocated, "availability",
                         availability, "colleagues", colleagues, "escalation", escalation);
    }
    json_decref(persons);
    json_decref(allocated);
    json_decref(availability);
    json_decref(colleagues);
    json_decref(escalation);
    for (size_t i = 0; i < n; i++)
        free(alls[i]);
    free(alls);
    free(n_alls);
    free(visible);
    free(restricted);
    free(withheld);
    free(names);
    free(name_ptrs);
    free(person_reason);
    free(verdicts);
    free(t);
    free(w);
    return rc;
}

/* --- for a saved contact: GET /api/contacts/{id}/routing ------------------------------------ */

static enum err contact_apply(struct store_tx *tx, void *arg)
{
    struct routing_req *a = arg;
    memset(&a->info, 0, sizeof(a->info));
    json_decref(a->json); /* a retried batch runs this again */
    a->json = NULL;
    struct contact c;
    enum err rc = store_contact_fetch(tx, a->contact_id, &c, a->arena);
    if (rc)
        return rc;
    struct question *q = &a->q;
    memset(q, 0, sizeof(*q));
    q->worker_id = a->q_worker ? a->q_worker : c.requested_worker_id;
    q->team_id = a->q_team ? a->q_team : c.requested_team_id;
    if (q->worker_id <= 0 && q->team_id <= 0)
        return err_set(&a->info, E_INVALID, "worker",
                       "name the worker (?worker=ID) or the team (?team=ID) the caller asked "
                       "for, or record it on the contact");
    if (c.n_subjects == 0)
        return err_set(&a->info, E_CONFLICT, "subject_person_ids",
                       "record who the contact is about before checking who holds their case");
    q->n_persons = c.n_subjects < CONTACT_SUBJECTS_MAX ? c.n_subjects : CONTACT_SUBJECTS_MAX;
    memcpy(q->persons, c.subjects, q->n_persons * sizeof(q->persons[0]));
    snprintf(q->audit_reason, sizeof(q->audit_reason),
             "routing contact %lld: worker %lld team %lld", (long long)a->contact_id,
             (long long)q->worker_id, (long long)q->team_id);
    json_t *answer = NULL;
    rc = answer_build(tx, q, &a->viewer, a->now, &answer, &a->info);
    if (rc)
        return rc;
    a->json = json_pack("{s:I, s:s}", "contact_id", (json_int_t)a->contact_id, "contact_reference",
                        c.reference);
    json_object_update(a->json, answer);
    json_decref(answer);
    return E_OK;
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

static struct routing_req *routing_req_new(struct request *req)
{
    struct routing_req *a = arena_alloc(&req->arena, sizeof(*a));
    a->now = timefmt_now_ms();
    a->arena = &req->arena;
    persons_viewer(req, &a->viewer);
    return a;
}

void routing_answers_get(struct request *req)
{
    struct routing_req *a = routing_req_new(req);
    int worker = 0, team = 0;
    enum err rc = request_query_int(req, "worker", 0, 1, ID_MAX, &worker, &a->info);
    if (!rc)
        rc = request_query_int(req, "team", 0, 1, ID_MAX, &team, &a->info);
    if (rc) {
        respond_err(req, rc, &a->info);
        return;
    }
    a->contact_id = req->path_id;
    a->q_worker = worker;
    a->q_team = team;
    request_write(req, contact_apply, a, answered);
}

/* --- before the contact is saved: GET /api/routing ------------------------------------------ */

static enum err presave_apply(struct store_tx *tx, void *arg)
{
    struct routing_req *a = arg;
    memset(&a->info, 0, sizeof(a->info));
    json_decref(a->json); /* a retried batch runs this again */
    a->json = NULL;
    for (size_t i = 0; i < a->q.n_persons; i++) {
        int64_t survivor = 0;
        enum err rc = store_person_survivor(tx, a->q.persons[i], &survivor);
        if (rc)
            return rc;
        if (survivor)
            return err_set(&a->info, E_INVALID, "person",
                           "person %lld was merged into person %lld: use that record",
                           (long long)a->q.persons[i], (long long)survivor);
    }
    return answer_build(tx, &a->q, &a->viewer, a->now, &a->json, &a->info);
}

/* Reading the repeated ?person= parameters. */
struct person_params {
    struct question *q;
    struct err_info *info;
    enum err rc;
};

static enum MHD_Result keep_person(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    (void)kind;
    struct person_params *p = cls;
    if (!key || strcmp(key, "person") != 0)
        return MHD_YES;
    char *end = NULL;
    errno = 0;
    long long id = value ? strtoll(value, &end, 10) : 0;
    if (!value || !*value || *end || errno || id < 1 || id > ID_MAX) {
        p->rc = err_set(p->info, E_INVALID, "person",
                        "'person' must be a whole number from 1 to %d", ID_MAX);
        return MHD_NO;
    }
    for (size_t i = 0; i < p->q->n_persons; i++)
        if (p->q->persons[i] == id)
            return MHD_YES; /* named twice: asked once */
    if (p->q->n_persons == CONTACT_SUBJECTS_MAX) {
        p->rc = err_set(p->info, E_INVALID, "person",
                        "name at most %d persons, as a contact can be about", CONTACT_SUBJECTS_MAX);
        return MHD_NO;
    }
    p->q->persons[p->q->n_persons++] = id;
    return MHD_YES;
}

void routing_answers_before_saving(struct request *req)
{
    struct routing_req *a = routing_req_new(req);
    struct person_params p = {&a->q, &a->info, E_OK};
    MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, keep_person, &p);
    enum err rc = p.rc;
    if (!rc && a->q.n_persons == 0)
        rc = err_set(&a->info, E_INVALID, "person",
                     "name the person the contact is about (?person=ID, once for each)");
    int worker = 0, team = 0;
    if (!rc)
        rc = request_query_int(req, "worker", 0, 1, ID_MAX, &worker, &a->info);
    if (!rc)
        rc = request_query_int(req, "team", 0, 1, ID_MAX, &team, &a->info);
    if (!rc && worker == 0 && team == 0)
        rc = err_set(&a->info, E_INVALID, "worker",
                     "name the worker (?worker=ID) or the team (?team=ID) the caller asked for");
    if (rc) {
        respond_err(req, rc, &a->info);
        return;
    }
    a->q.worker_id = worker;
    a->q.team_id = team;
    snprintf(a->q.audit_reason, sizeof(a->q.audit_reason),
             "routing before the contact is saved: worker %lld team %lld", (long long)worker,
             (long long)team);
    request_write(req, presave_apply, a, answered);
}
