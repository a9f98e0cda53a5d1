/*
 * outcomes: JSON over store/store_outcome. The code set is configuration and holds no personal
 * data, so it is read without an audit event on a read connection; recording an outcome, and
 * adding or changing a code, run on the writer and are audited by the store. A change names the
 * version it changes and gives only the fields it changes: the code as stored is read on the
 * writer, the given fields laid over it, and the result checked there (domain/outcome), so two
 * administrators cannot silently overwrite each other (409).
 *
 * JSON: a code is {code, label, group, resolved_at_front_door, c7_label, cld_label, workflow,
 * needs_recommendation, needs_care_act_checks, needs_signposting, active, sort_order, version,
 * used}; a version is the same without used, with {changed, changed_at, changed_by, reason}.
 */
#include "http/outcomes.h"

#include <stdio.h>
#include <string.h>

#include "domain/role.h"
#include "http/contact_json.h"
#include "http/jsonin.h"
#include "http/respond.h"
#include "store/store_outcome.h"

#define PATH_PREFIX "/api/outcomes/"

static json_t *code_json(const struct outcome_code *oc, bool with_used)
{
    json_t *o = outcome_code_to_json(oc);
    json_object_set_new(o, "sort_order", json_integer(oc->sort_order));
    json_object_set_new(o, "version", json_integer(oc->version));
    if (with_used)
        json_object_set_new(o, "used", json_boolean(oc->used));
    return o;
}

/* "label,sort_order" as ["label", "sort_order"]. */
static json_t *names_json(const char *list)
{
    json_t *a = json_array();
    for (const char *p = list; p && *p;) {
        size_t n = strcspn(p, ",");
        json_array_append_new(a, json_stringn(p, n));
        p += n;
        if (*p == ',')
            p++;
    }
    return a;
}

static json_t *version_json(const struct outcome_code_version *v)
{
    json_t *o = code_json(&v->oc, false);
    json_object_set_new(o, "changed", names_json(v->changed));
    json_object_set_new(o, "changed_at", time_json(v->changed_at));
    json_object_set_new(o, "changed_by",
                        v->changed_by > 0 ? person_ref_json(v->changed_by, v->changed_by_name)
                                          : json_null());
    json_object_set_new(o, "reason", json_string(v->reason));
    return o;
}

/* What a code may count under, for the administrators' form. */
static json_t *lists_json(json_t *body)
{
    size_t n;
    const char *const *labels = outcome_c7_labels(&n);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(labels[i]));
    json_object_set_new(body, "c7_labels", a);
    labels = outcome_cld_labels(&n);
    a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(labels[i]));
    json_object_set_new(body, "cld_labels", a);
    a = json_array();
    for (int w = WORKFLOW_NONE + 1; w < WORKFLOW_COUNT; w++)
        json_array_append_new(a, json_pack("{s:s, s:s}", "name", workflow_name((enum workflow)w),
                                           "label", workflow_label((enum workflow)w)));
    json_object_set_new(body, "workflows", a);
    return body;
}

/* The {code} of the request's path (the router has checked its characters). */
static void path_code(const struct request *req, char out[OUTCOME_CODE_MAX + 1])
{
    const char *p = req->path + strlen(PATH_PREFIX);
    size_t n = strcspn(p, "/");
    if (n > OUTCOME_CODE_MAX)
        n = OUTCOME_CODE_MAX;
    memcpy(out, p, n);
    out[n] = '\0';
}

/* --- GET /api/outcomes ------------------------------------------------------------------- */

struct listing {
    bool all; /* retired codes too */
    json_t *items;
};

static void add_code(const struct outcome_code *oc, void *arg)
{
    struct listing *l = arg;
    if (l->all || oc->active)
        json_array_append_new(l->items, code_json(oc, true));
}

static enum err codes_read(struct store_tx *tx, void *arg)
{
    struct listing *l = arg;
    json_array_clear(l->items);
    return store_outcome_codes(tx, add_code, l);
}

void outcomes_list(struct request *req)
{
    const char *all = request_query(req, "all");
    if (all && strcmp(all, "1") != 0 && strcmp(all, "0") != 0) {
        respond_error(req, 400, "invalid", "all is 1 (retired codes too) or 0", "all");
        return;
    }
    struct listing l = {.all = all && strcmp(all, "1") == 0, .items = json_array()};
    if (l.all && !role_can(req->user.role, PERM_SLA_ADMIN)) {
        json_decref(l.items);
        respond_error(req, 403, "forbidden", "only administrators see retired outcome codes",
                      "all");
        return;
    }
    enum err rc = store_read(req->app->store, codes_read, &l);
    if (rc) {
        json_decref(l.items);
        respond_err(req, rc, NULL);
        return;
    }
    respond_json(req, 200, lists_json(json_pack("{s:o}", "items", l.items)));
}

/* --- GET /api/outcomes/{code}/history --------------------------------------------------- */

struct history {
    char code[OUTCOME_CODE_MAX + 1];
    json_t *current;
    json_t *items;
};

static void keep_current(const struct outcome_code *oc, void *arg)
{
    struct history *h = arg;
    json_decref(h->current);
    h->current = code_json(oc, true);
}

static void add_version(const struct outcome_code_version *v, void *arg)
{
    json_array_append_new(arg, version_json(v));
}

static enum err history_read(struct store_tx *tx, void *arg)
{
    struct history *h = arg;
    json_array_clear(h->items);
    enum err rc = store_outcome_code_get(tx, h->code, keep_current, h);
    if (!rc)
        rc = store_outcome_code_history(tx, h->code, add_version, h->items);
    return rc;
}

void outcomes_history(struct request *req)
{
    struct history *h = arena_alloc(&req->arena, sizeof(*h));
    memset(h, 0, sizeof(*h));
    path_code(req, h->code);
    h->items = json_array();
    enum err rc = store_read(req->app->store, history_read, h);
    if (rc) {
        json_decref(h->current);
        json_decref(h->items);
        if (rc == E_NOTFOUND)
            respond_error(req, 404, "not_found", "there is no such outcome", NULL);
        else
            respond_err(req, rc, NULL);
        return;
    }
    respond_json(req, 200, json_pack("{s:o, s:o}", "code", h->current, "items", h->items));
}

/* --- POST /api/contacts/{id}/outcome ----------------------------------------------------- */

struct record {
    struct outcome o;
    struct err_info info;
    struct err_list gates; /* every Care Act check still missing, when that is the refusal */
    json_t *json;
};

static void keep_outcome(const struct outcome *o, void *arg)
{
    json_t **slot = arg;
    json_decref(*slot);
    *slot = outcome_to_json(o);
}

static enum err record_apply(struct store_tx *tx, void *arg)
{
    struct record *r = arg;
    memset(&r->info, 0, sizeof(r->info));
    r->gates.n = 0;
    enum err rc = store_outcome_record_all(tx, &r->o, &r->info, &r->gates);
    if (!rc)
        rc = store_outcome_get(tx, r->o.contact_id, keep_outcome, &r->json);
    return rc;
}

static void recorded(struct request *req, enum err rc)
{
    struct record *r = req->apply_arg;
    if (rc) {
        json_decref(r->json);
        if (rc == E_CONFLICT && r->gates.n > 0)
            respond_err_all(req, E_CONFLICT, &r->gates);
        else
            respond_err(req, rc, &r->info);
        return;
    }
    respond_json(req, 201, r->json);
}

void outcomes_record(struct request *req)
{
    struct record *r = arena_alloc(&req->arena, sizeof(*r));
    r->o.contact_id = req->path_id;
    enum err rc = outcome_from_json(req->json, &r->o, &r->info);
    if (!rc)
        rc = outcome_validate(&r->o, &r->info);
    if (rc) {
        respond_err(req, rc, &r->info);
        return;
    }
    request_write(req, record_apply, r, recorded);
}

/* --- reading a code's definition -------------------------------------------------------- */

/* The fields a body gave, laid over a code by outcome_code_apply. Strings borrowed from the body.
 */
struct given {
    unsigned fields; /* enum outcome_code_field bits present in the body */
    struct outcome_code oc;
};

static enum err want_bool(json_t *obj, const char *key, unsigned bit, bool *out, unsigned *given,
                          struct err_info *info)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return E_OK;
    if (!json_is_boolean(v))
        return err_set(info, E_INVALID, key, "%s must be true or false", key);
    *out = json_is_true(v);
    *given |= bit;
    return E_OK;
}

/* A string field that may be null or "" for none. */
static enum err want_text(json_t *obj, const char *key, unsigned bit, const char **out,
                          unsigned *given, struct err_info *info)
{
    if (!json_object_get(obj, key))
        return E_OK;
    const char *s = NULL;
    enum err rc = jsonin_string(obj, key, &s, info);
    if (rc)
        return rc;
    *out = s ? s : "";
    *given |= bit;
    return E_OK;
}

/* Reads the definition fields of obj (code excepted) into g, in the order the form asks. */
static enum err given_from_json(json_t *obj, struct given *g, struct err_info *info)
{
    struct outcome_code *oc = &g->oc;
    const char *group = NULL, *workflow = NULL;
    enum err rc = want_text(obj, "label", OUTCOME_FIELD_LABEL, &oc->label, &g->fields, info);
    if (!rc)
        rc = want_text(obj, "group", OUTCOME_FIELD_GROUP, &group, &g->fields, info);
    if (!rc && group) {
        oc->group = outcome_group_parse(group);
        if (oc->group == OUTCOME_GROUP_NONE)
            rc = err_set(info, E_INVALID, "group",
                         "choose who the outcome is for: children, adults or both");
    }
    if (!rc)
        rc = want_bool(obj, "resolved_at_front_door", OUTCOME_FIELD_RESOLVED, &oc->resolved,
                       &g->fields, info);
    if (!rc)
        rc = want_text(obj, "c7_label", OUTCOME_FIELD_C7_LABEL, &oc->c7_label, &g->fields, info);
    if (!rc)
        rc = want_text(obj, "cld_label", OUTCOME_FIELD_CLD_LABEL, &oc->cld_label, &g->fields, info);
    if (!rc)
        rc = want_text(obj, "workflow", OUTCOME_FIELD_WORKFLOW, &workflow, &g->fields, info);
    if (!rc && workflow && *workflow) {
        oc->workflow = workflow_parse(workflow);
        if (oc->workflow == WORKFLOW_NONE)
            rc = err_set(info, E_INVALID, "workflow",
                         "the workflow is social_care, locality_hub, single_agency_referral or "
                         "signposting, or null for none");
    }
    if (!rc)
        rc = want_bool(obj, "needs_recommendation", OUTCOME_FIELD_NEEDS_RECOMMENDATION,
                       &oc->needs_recommendation, &g->fields, info);
    if (!rc)
        rc = want_bool(obj, "needs_care_act_checks", OUTCOME_FIELD_NEEDS_CARE_ACT,
                       &oc->needs_care_act, &g->fields, info);
    if (!rc)
        rc = want_bool(obj, "needs_signposting", OUTCOME_FIELD_NEEDS_SIGNPOSTING,
                       &oc->needs_signposting, &g->fields, info);
    if (!rc)
        rc = want_bool(obj, "active", OUTCOME_FIELD_ACTIVE, &oc->active, &g->fields, info);
    json_t *sort = json_object_get(obj, "sort_order");
    if (!rc && sort && !json_is_null(sort)) {
        if (!json_is_integer(sort) || json_integer_value(sort) < 1 ||
            json_integer_value(sort) > OUTCOME_SORT_MAX)
            rc = err_set(info, E_INVALID, "sort_order",
                         "the sort order is a whole number from 1 to %d", OUTCOME_SORT_MAX);
        else {
            oc->sort_order = (int)json_integer_value(sort);
            g->fields |= OUTCOME_FIELD_SORT_ORDER;
        }
    }
    return rc;
}

/* Lays the fields g gave over oc. */
/* --- POST /api/outcomes and PUT /api/outcomes/{code} ------------------------------------ */

struct edit {
    char code[OUTCOME_CODE_MAX + 1];
    struct given given;
    const char *reason; /* borrowed from req->json */
    int expected_version;
    struct outcome_code_copy current; /* the code as stored, read on the writer */
    json_t *json;
    struct err_info info;
};

static void keep_result(const struct outcome_code *oc, void *arg)
{
    struct edit *e = arg;
    json_decref(e->json);
    e->json = code_json(oc, true);
}

static enum err add_apply(struct store_tx *tx, void *arg)
{
    struct edit *e = arg;
    memset(&e->info, 0, sizeof(e->info));
    struct outcome_code oc = e->given.oc;
    oc.code = e->code;
    enum err rc = store_outcome_code_add(tx, &oc, e->reason, &e->info);
    if (!rc)
        rc = store_outcome_code_get(tx, e->code, keep_result, e);
    return rc;
}

static void keep_current_copy(const struct outcome_code *oc, void *arg)
{
    struct edit *e = arg;
    outcome_code_copy(&e->current, oc);
}

static enum err change_apply(struct store_tx *tx, void *arg)
{
    struct edit *e = arg;
    memset(&e->info, 0, sizeof(e->info));
    enum err rc = store_outcome_code_get(tx, e->code, keep_current_copy, e);
    if (rc == E_NOTFOUND)
        return err_set(&e->info, E_NOTFOUND, "", "there is no outcome '%.64s'", e->code);
    if (rc)
        return rc;
    struct outcome_code after = e->current.oc;
    outcome_code_apply(&after, &e->given.oc, e->given.fields);
    rc = store_outcome_code_change(tx, &after, e->expected_version, e->reason, &e->info);
    if (!rc)
        rc = store_outcome_code_get(tx, e->code, keep_result, e);
    return rc;
}

static void added(struct request *req, enum err rc)
{
    struct edit *e = req->apply_arg;
    if (rc) {
        json_decref(e->json);
        respond_err(req, rc, &e->info);
        return;
    }
    respond_json(req, 201, e->json);
}

static void changed(struct request *req, enum err rc)
{
    struct edit *e = req->apply_arg;
    if (rc) {
        json_decref(e->json);
        respond_err(req, rc, &e->info);
        return;
    }
    respond_json(req, 200, e->json);
}

static struct edit *edit_new(struct request *req)
{
    struct edit *e = arena_alloc(&req->arena, sizeof(*e));
    memset(e, 0, sizeof(*e));
    e->expected_version = -1;
    return e;
}

void outcomes_add(struct request *req)
{
    static const char *const fields[] = {"code",
                                         "label",
                                         "group",
                                         "resolved_at_front_door",
                                         "c7_label",
                                         "cld_label",
                                         "workflow",
                                         "needs_recommendation",
                                         "needs_care_act_checks",
                                         "needs_signposting",
                                         "sort_order",
                                         "reason",
                                         NULL};
    struct edit *e = edit_new(req);
    const char *code = NULL;
    enum err rc = jsonin_only(req->json, fields, &e->info);
    if (!rc)
        rc = jsonin_string(req->json, "code", &code, &e->info);
    if (!rc && code && strlen(code) > OUTCOME_CODE_MAX)
        rc = err_set(&e->info, E_INVALID, "code", "the code must be at most %d characters",
                     OUTCOME_CODE_MAX);
    if (!rc)
        rc = given_from_json(req->json, &e->given, &e->info);
    if (!rc)
        rc = jsonin_string(req->json, "reason", &e->reason, &e->info);
    if (!rc) {
        /* the definition's own rules first, in the form's order; the store checks again */
        snprintf(e->code, sizeof(e->code), "%s", code ? code : "");
        struct outcome_code probe = e->given.oc;
        probe.code = e->code;
        if (!probe.sort_order)
            probe.sort_order = 1; /* absent: after every code, which the store works out */
        rc = outcome_code_validate(&probe, &e->info);
    }
    if (!rc && !(e->given.fields & OUTCOME_FIELD_RESOLVED))
        rc = err_set(&e->info, E_INVALID, "resolved_at_front_door",
                     "say whether a contact closed with this outcome was resolved at the front "
                     "door");
    if (rc) {
        respond_err(req, rc, &e->info);
        return;
    }
    request_write(req, add_apply, e, added);
}

void outcomes_change(struct request *req)
{
    static const char *const fields[] = {"label",
                                         "group",
                                         "resolved_at_front_door",
                                         "c7_label",
                                         "cld_label",
                                         "workflow",
                                         "needs_recommendation",
                                         "needs_care_act_checks",
                                         "needs_signposting",
                                         "active",
                                         "sort_order",
                                         "reason",
                                         "version",
                                         NULL};
    struct edit *e = edit_new(req);
    path_code(req, e->code);
    enum err rc = jsonin_only(req->json, fields, &e->info);
    if (!rc)
        rc = given_from_json(req->json, &e->given, &e->info);
    if (!rc)
        rc = jsonin_string(req->json, "reason", &e->reason, &e->info);
    json_t *v = json_object_get(req->json, "version");
    if (!rc &&
        (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 1000000000))
        rc = err_set(&e->info, E_INVALID, "version",
                     "give the version of the outcome you are changing, as a whole number");
    if (rc) {
        respond_err(req, rc, &e->info);
        return;
    }
    e->expected_version = (int)json_integer_value(v);
    request_write(req, change_apply, e, changed);
}
