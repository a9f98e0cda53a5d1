/*
 * sla_policies: JSON in and out for policies and escalation contacts. A policy is written and
 * read in one shape (sla_policy_to_json / from_json); a change names the version it changes,
 * so two administrators editing at once cannot silently overwrite each other (409).
 */
#include "http/sla_policies.h"

#include <stdio.h>
#include <string.h>

#include "core/ukclock.h"
#include "domain/deadline.h"
#include "http/contact_json.h"
#include "http/jsonin.h"
#include "http/respond.h"
#include "store/scheduler.h"
#include "store/store_escalation.h"
#include "store/store_sla.h"

static json_t *policy_to_json(const struct deadline_policy *p, const struct sla_version_meta *m)
{
    char target[64];
    deadline_target_text(p->unit, p->target, target, sizeof(target));
    json_t *chain = json_array();
    for (size_t i = 0; i < p->chain.n_steps; i++)
        json_array_append_new(
            chain, json_pack("{s:s, s:I}", "tell", escalation_tell_name(p->chain.steps[i].tell),
                             "after_minutes", (json_int_t)p->chain.steps[i].after_minutes));
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer((json_int_t)p->id));
    json_object_set_new(o, "code", json_string(p->code));
    json_object_set_new(o, "version", json_integer(p->version));
    json_object_set_new(o, "name", json_string(p->name));
    json_object_set_new(o, "start_event", json_string(p->start_event));
    json_object_set_new(o, "stop_event", json_string(p->stop_event));
    json_object_set_new(o, "unit", json_string(deadline_unit_name(p->unit)));
    json_object_set_new(o, "target", json_integer((json_int_t)p->target));
    json_object_set_new(o, "target_text", json_string(target));
    json_object_set_new(o, "working_time", json_boolean(deadline_unit_is_working(p->unit)));
    json_object_set_new(o, "warn_before", json_integer((json_int_t)p->warn_before));
    json_object_set_new(o, "warn_unit", json_string(deadline_unit_name(p->warn_unit)));
    json_object_set_new(o, "calendar", json_string(deadline_calendar_name(p->calendar)));
    json_object_set_new(o, "calendar_team_id",
                        p->calendar_team_id ? json_integer((json_int_t)p->calendar_team_id)
                                            : json_null());
    json_object_set_new(o, "pausable", json_boolean(p->pausable));
    json_object_set_new(o, "active", json_boolean(p->active));
    json_object_set_new(o, "escalation", chain);
    if (m) {
        json_object_set_new(o, "changed_at", time_json(m->changed_at));
        json_object_set_new(o, "changed_by",
                            m->changed_by > 0
                                ? json_pack("{s:I, s:s}", "id", (json_int_t)m->changed_by, "name",
                                            m->changed_by_name)
                                : json_null());
        json_object_set_new(o, "reason", json_string(m->reason));
    }
    return o;
}

/* --- reading JSON ------------------------------------------------------------------------ */

static enum err want_string(json_t *obj, const char *key, bool required, char *dst, size_t len,
                            struct err_info *info)
{
    const char *s = NULL;
    enum err rc = jsonin_string(obj, key, &s, info);
    if (rc)
        return rc;
    if (!s) {
        if (required)
            return err_set(info, E_INVALID, key, "'%s' is required", key);
        return E_OK;
    }
    if (strlen(s) >= len)
        return err_set(info, E_INVALID, key, "'%s' is too long", key);
    snprintf(dst, len, "%s", s);
    return E_OK;
}

static enum err want_int(json_t *obj, const char *key, bool required, int64_t *out,
                         struct err_info *info)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required)
            return err_set(info, E_INVALID, key, "'%s' is required", key);
        return E_OK;
    }
    if (!json_is_integer(v))
        return err_set(info, E_INVALID, key, "'%s' must be a whole number", key);
    *out = (int64_t)json_integer_value(v);
    return E_OK;
}

static enum err want_bool(json_t *obj, const char *key, bool *out, struct err_info *info)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return E_OK;
    if (!json_is_boolean(v))
        return err_set(info, E_INVALID, key, "'%s' must be true or false", key);
    *out = json_is_true(v);
    return E_OK;
}

static enum err want_chain(json_t *obj, struct escalation_chain *out, struct err_info *info)
{
    json_t *v = json_object_get(obj, "escalation");
    memset(out, 0, sizeof(*out));
    if (!v || json_is_null(v))
        return E_OK;
    if (!json_is_array(v))
        return err_set(info, E_INVALID, "escalation",
                       "'escalation' must be a list of steps like {\"tell\": \"line_manager\", "
                       "\"after_minutes\": 15}");
    if (json_array_size(v) > ESCALATION_MAX_STEPS)
        return err_set(info, E_INVALID, "escalation", "a chain has at most %d steps",
                       ESCALATION_MAX_STEPS);
    size_t i;
    json_t *st;
    json_array_foreach(v, i, st)
    {
        static const char *const fields[] = {"tell", "after_minutes", NULL};
        if (!json_is_object(st) || jsonin_only(st, fields, NULL))
            return err_set(info, E_INVALID, "escalation",
                           "step %zu must be {\"tell\": ..., \"after_minutes\": ...}", i + 1);
        json_t *tell = json_object_get(st, "tell"), *after = json_object_get(st, "after_minutes");
        if (!json_is_string(tell) ||
            escalation_tell_parse(json_string_value(tell), &out->steps[i].tell))
            return err_set(info, E_INVALID, "escalation",
                           "step %zu: tell must be owner, line_manager, duty_manager, "
                           "head_of_service or senior_district_officer",
                           i + 1);
        if (!json_is_integer(after))
            return err_set(info, E_INVALID, "escalation",
                           "step %zu: after_minutes must be a whole number", i + 1);
        out->steps[i].after_minutes = (int64_t)json_integer_value(after);
        out->n_steps++;
    }
    return escalation_chain_validate(out, info);
}

/* Reads a whole policy definition (all but code and version) into p. */
static enum err policy_from_json(json_t *j, struct deadline_policy *p, struct err_info *info)
{
    char unit[32] = "", warn_unit[32] = "", calendar[32] = "clock_team";
    enum err rc = want_string(j, "name", true, p->name, sizeof(p->name), info);
    if (!rc)
        rc = want_string(j, "start_event", true, p->start_event, sizeof(p->start_event), info);
    if (!rc)
        rc = want_string(j, "stop_event", true, p->stop_event, sizeof(p->stop_event), info);
    if (!rc)
        rc = want_string(j, "unit", true, unit, sizeof(unit), info);
    if (!rc && deadline_unit_parse(unit, &p->unit))
        rc = err_set(info, E_INVALID, "unit",
                     "choose seconds, minutes, hours, days, working_minutes, working_hours or "
                     "working_days");
    if (!rc)
        rc = want_int(j, "target", true, &p->target, info);
    p->warn_before = 0;
    if (!rc)
        rc = want_int(j, "warn_before", false, &p->warn_before, info);
    if (!rc)
        rc = want_string(j, "warn_unit", false, warn_unit, sizeof(warn_unit), info);
    p->warn_unit = p->unit;
    if (!rc && warn_unit[0] && deadline_unit_parse(warn_unit, &p->warn_unit))
        rc = err_set(info, E_INVALID, "warn_unit",
                     "choose seconds, minutes, hours, days, working_minutes, working_hours or "
                     "working_days");
    if (!rc)
        rc = want_string(j, "calendar", false, calendar, sizeof(calendar), info);
    if (!rc && deadline_calendar_parse(calendar, &p->calendar))
        rc = err_set(info, E_INVALID, "calendar", "choose clock_team, default or team");
    p->calendar_team_id = 0;
    json_t *team = json_object_get(j, "calendar_team_id");
    if (!rc && team && !json_is_null(team))
        rc = want_int(j, "calendar_team_id", false, &p->calendar_team_id, info);
    p->pausable = false;
    p->active = true;
    if (!rc)
        rc = want_bool(j, "pausable", &p->pausable, info);
    if (!rc)
        rc = want_bool(j, "active", &p->active, info);
    if (!rc)
        rc = want_chain(j, &p->chain, info);
    if (!rc)
        rc = deadline_policy_validate(p, info);
    return rc;
}

/* --- handlers ---------------------------------------------------------------------------- */

static void add_policy(const struct deadline_policy *p, const struct sla_version_meta *m, void *arg)
{
    json_array_append_new(arg, policy_to_json(p, m));
}

static enum err list_read(struct store_tx *tx, void *arg)
{
    json_array_clear(arg);
    return store_sla_list(tx, add_policy, arg);
}

void sla_policies_list(struct request *req)
{
    json_t *items = json_array();
    enum err rc = store_read(req->app->store, list_read, items);
    if (rc) {
        json_decref(items);
        respond_err(req, rc, NULL);
        return;
    }
    respond_json(req, 200, json_pack("{s:o}", "items", items));
}

struct one {
    int64_t id;
    int expected_version;
    struct deadline_policy p;
    const char *reason;
    json_t *json;
    json_t *versions;
    struct err_info info;
    int64_t now;
};

static void keep_policy(const struct deadline_policy *p, const struct sla_version_meta *m,
                        void *arg)
{
    struct one *o = arg;
    if (!o->json) /* the history is newest first: the first is the current version */
        o->json = policy_to_json(p, m);
    json_array_append_new(o->versions, policy_to_json(p, m));
}

static enum err get_read(struct store_tx *tx, void *arg)
{
    struct one *o = arg;
    json_decref(o->json);
    o->json = NULL;
    json_array_clear(o->versions);
    enum err rc = store_sla_history(tx, o->id, keep_policy, o);
    if (!rc && !o->json)
        rc = E_NOTFOUND;
    return rc;
}

static json_t *one_json(struct one *o)
{
    json_object_set_new(o->json, "versions", o->versions);
    o->versions = NULL;
    json_t *r = o->json;
    o->json = NULL;
    return r;
}

static void one_free(struct one *o)
{
    json_decref(o->json);
    json_decref(o->versions);
    o->json = o->versions = NULL;
}

void sla_policies_get(struct request *req)
{
    struct one *o = arena_alloc(&req->arena, sizeof(*o));
    memset(o, 0, sizeof(*o));
    o->id = req->path_id;
    o->versions = json_array();
    enum err rc = store_read(req->app->store, get_read, o);
    if (rc) {
        one_free(o);
        respond_err(req, rc, NULL);
        return;
    }
    respond_json(req, 200, one_json(o));
}

static enum err create_apply(struct store_tx *tx, void *arg)
{
    struct one *o = arg;
    enum err rc = store_sla_insert(tx, &o->p, o->now, o->reason);
    if (rc == E_CONFLICT)
        return err_set(&o->info, E_CONFLICT, "code", "a policy with the code '%s' exists",
                       o->p.code);
    o->id = o->p.id;
    return rc ? rc : get_read(tx, o);
}

static enum err update_apply(struct store_tx *tx, void *arg)
{
    struct one *o = arg;
    if (!o->p.code[0]) {
        struct deadline_policy current;
        enum err r = store_sla_get(tx, o->id, &current);
        if (r)
            return r;
        snprintf(o->p.code, sizeof(o->p.code), "%s", current.code);
    }
    enum err rc = store_sla_update(tx, &o->p, o->expected_version, o->now, o->reason);
    if (rc == E_CONFLICT)
        return err_set(&o->info, E_CONFLICT, "version",
                       "the policy was changed by someone else since version %d: reload it",
                       o->expected_version);
    if (rc == E_INVALID)
        return err_set(&o->info, E_INVALID, "code", "a policy's code cannot change");
    return rc ? rc : get_read(tx, o);
}

static void saved(struct request *req, enum err rc)
{
    struct one *o = req->apply_arg;
    if (rc) {
        one_free(o);
        respond_err(req, rc, &o->info);
        return;
    }
    respond_json(req, strcmp(req->method, "POST") == 0 ? 201 : 200, one_json(o));
}

static void save(struct request *req, bool create)
{
    static const char *const fields[] = {
        "code",   "version",     "name",      "start_event", "stop_event",       "unit",
        "target", "warn_before", "warn_unit", "calendar",    "calendar_team_id", "pausable",
        "active", "escalation",  "reason",    NULL};
    struct one *o = arena_alloc(&req->arena, sizeof(*o));
    memset(o, 0, sizeof(*o));
    enum err rc = jsonin_only(req->json, fields, &o->info);
    if (!rc)
        rc = want_string(req->json, "code", create, o->p.code, sizeof(o->p.code), &o->info);
    if (!rc)
        rc = jsonin_string(req->json, "reason", &o->reason, &o->info);
    if (!rc && (!o->reason || !*o->reason))
        rc = err_set(&o->info, E_INVALID, "reason", "say why the policy is %s",
                     create ? "added" : "changed");
    if (!rc && strlen(o->reason) > DEADLINE_REASON_MAX)
        rc = err_set(&o->info, E_INVALID, "reason", "the reason is too long");
    if (!create) {
        int64_t v = 0;
        if (!rc)
            rc = want_int(req->json, "version", true, &v, &o->info);
        if (!rc && (v < 1 || v > 1000000))
            rc = err_set(&o->info, E_INVALID, "version", "give the version you are changing");
        o->expected_version = (int)v;
        o->p.id = req->path_id;
        o->id = req->path_id;
    }
    if (!rc) {
        /* a change may leave the code out; a stand-in passes validation and the writer puts
         * the policy's own code back */
        bool code_given = o->p.code[0] != '\0';
        if (!code_given)
            snprintf(o->p.code, sizeof(o->p.code), "unchanged");
        rc = policy_from_json(req->json, &o->p, &o->info);
        if (!code_given)
            o->p.code[0] = '\0';
    }
    if (rc) {
        respond_err(req, rc, &o->info);
        return;
    }
    o->now = scheduler_now(req->app->scheduler);
    o->versions = json_array();
    request_write(req, create ? create_apply : update_apply, o, saved);
}

void sla_policies_create(struct request *req)
{
    save(req, true);
}

void sla_policies_update(struct request *req)
{
    save(req, false);
}

/* --- escalation contacts ---------------------------------------------------------------- */

static json_t *person_json(const struct escalation_person *p)
{
    if (!p->found)
        return json_null();
    return json_pack("{s:I, s:o, s:s, s:s}", "worker_id", (json_int_t)p->worker_id, "user_id",
                     p->user_id ? json_integer((json_int_t)p->user_id) : json_null(), "name",
                     p->name, "email", p->email);
}

static const char *const weekday_keys[8] = {"monday", "tuesday",  "wednesday", "thursday",
                                            "friday", "saturday", "sunday",    NULL};

static json_t *setup_json(const struct store_escalation_setup *s)
{
    json_t *rota = json_array();
    for (int wd = 0; wd < 7; wd++)
        json_array_append_new(rota, json_pack("{s:s, s:o}", "weekday", weekday_keys[wd],
                                              "duty_manager", person_json(&s->duty_rota[wd])));
    return json_pack("{s:o, s:o, s:o}", "duty_manager_rota", rota, "head_of_service",
                     person_json(&s->head_of_service), "senior_district_officer",
                     person_json(&s->senior_district_officer));
}

struct contacts {
    json_t *json;
    /* a change: -1 leaves a day or contact as it is, 0 clears it, > 0 names a worker */
    int64_t rota[7];
    int64_t head_of_service;
    int64_t senior_district_officer;
    int64_t now;
    struct err_info info;
};

static enum err contacts_read(struct store_tx *tx, void *arg)
{
    struct contacts *c = arg;
    struct store_escalation_setup s;
    enum err rc = store_escalation_setup_get(tx, &s);
    if (rc)
        return rc;
    json_decref(c->json);
    c->json = setup_json(&s);
    return E_OK;
}

void escalation_contacts_get(struct request *req)
{
    struct contacts *c = arena_alloc(&req->arena, sizeof(*c));
    memset(c, 0, sizeof(*c));
    enum err rc = store_read(req->app->store, contacts_read, c);
    if (rc) {
        respond_err(req, rc, NULL);
        return;
    }
    respond_json(req, 200, c->json);
}

static enum err contacts_apply(struct store_tx *tx, void *arg)
{
    struct contacts *c = arg;
    enum err rc = E_OK;
    for (int wd = 0; !rc && wd < 7; wd++)
        if (c->rota[wd] >= 0)
            rc = store_escalation_rota_set(tx, (enum ukclock_weekday)wd, c->rota[wd], c->now);
    if (!rc && c->head_of_service >= 0)
        rc = store_escalation_contact_set(tx, ESCALATION_HEAD_OF_SERVICE, c->head_of_service,
                                          c->now);
    if (!rc && c->senior_district_officer >= 0)
        rc = store_escalation_contact_set(tx, ESCALATION_SENIOR_DISTRICT_OFFICER,
                                          c->senior_district_officer, c->now);
    if (rc == E_NOTFOUND)
        return err_set(&c->info, E_INVALID, "", "there is no worker with that id");
    return rc ? rc : contacts_read(tx, c);
}

static void contacts_saved(struct request *req, enum err rc)
{
    struct contacts *c = req->apply_arg;
    if (rc) {
        json_decref(c->json);
        respond_err(req, rc, &c->info);
        return;
    }
    respond_json(req, 200, c->json);
}

/* -1 when key is absent, 0 for null, else the worker id. */
static enum err worker_ref(json_t *obj, const char *key, const char *field, int64_t *out,
                           struct err_info *info)
{
    json_t *v = json_object_get(obj, key);
    *out = -1;
    if (!v)
        return E_OK;
    if (json_is_null(v)) {
        *out = 0;
        return E_OK;
    }
    if (!json_is_integer(v) || json_integer_value(v) < 1)
        return err_set(info, E_INVALID, field, "give a worker's id, or null for nobody");
    *out = (int64_t)json_integer_value(v);
    return E_OK;
}

void escalation_contacts_put(struct request *req)
{
    static const char *const fields[] = {"duty_manager_rota", "head_of_service",
                                         "senior_district_officer", NULL};
    struct contacts *c = arena_alloc(&req->arena, sizeof(*c));
    memset(c, 0, sizeof(*c));
    enum err rc = jsonin_only(req->json, fields, &c->info);
    if (!rc)
        rc = worker_ref(req->json, "head_of_service", "head_of_service", &c->head_of_service,
                        &c->info);
    if (!rc)
        rc = worker_ref(req->json, "senior_district_officer", "senior_district_officer",
                        &c->senior_district_officer, &c->info);
    for (int wd = 0; wd < 7; wd++)
        c->rota[wd] = -1;
    json_t *rota = json_object_get(req->json, "duty_manager_rota");
    if (!rc && rota && !json_is_object(rota))
        rc = err_set(&c->info, E_INVALID, "duty_manager_rota",
                     "give the rota as {\"monday\": worker id or null, ...}");
    if (!rc && rota) {
        if (jsonin_only(rota, weekday_keys, NULL))
            rc = err_set(&c->info, E_INVALID, "duty_manager_rota",
                         "the rota's days are monday to sunday");
        for (int wd = 0; !rc && wd < 7; wd++) {
            char field[64];
            snprintf(field, sizeof(field), "duty_manager_rota.%s", weekday_keys[wd]);
            rc = worker_ref(rota, weekday_keys[wd], field, &c->rota[wd], &c->info);
        }
    }
    if (rc) {
        respond_err(req, rc, &c->info);
        return;
    }
    c->now = scheduler_now(req->app->scheduler);
    request_write(req, contacts_apply, c, contacts_saved);
}
