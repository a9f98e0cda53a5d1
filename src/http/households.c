/*
 * households: handlers. A household lists its members by name only; each member's record is
 * opened through /api/persons/{id}, where the restricted-record rules apply. Reading one is
 * audited on the household.
 */
#include "http/households.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "http/directory_json.h"
#include "http/jsonin.h"
#include "http/person_json.h"
#include "http/persons.h"
#include "http/respond.h"
#include "store/store_audit.h"
#include "store/store_household.h"

#define MEMBERS_IN_BODY_MAX 20

struct create {
    struct household h;
    size_t n_members;
    struct household_member members[MEMBERS_IN_BODY_MAX];
    json_t *out;
    struct err_info info;
};

static enum err read_member(json_t *o, const char *prefix, struct household_member *m,
                            struct err_info *info)
{
    static const char *const fields[] = {"person_id", "role", NULL};
    char f[128];
    enum err rc = jsonin_only(o, fields, info);
    if (rc) {
        snprintf(f, sizeof(f), "%.40s%s%.40s", prefix, *prefix ? "." : "", info->field);
        snprintf(info->field, sizeof(info->field), "%.63s", f);
        return rc;
    }
    snprintf(f, sizeof(f), "%s%sperson_id", prefix, *prefix ? "." : "");
    json_t *id = json_object_get(o, "person_id");
    if (!id || !json_is_integer(id) || json_integer_value(id) <= 0)
        return err_set(info, E_INVALID, f, "name the person (person_id)");
    m->person_id = json_integer_value(id);
    const char *role = NULL;
    rc = jsonin_string(o, "role", &role, info);
    m->role = role ? household_role_parse(role) : HOUSEHOLD_ROLE_OTHER;
    snprintf(f, sizeof(f), "%s%srole", prefix, *prefix ? "." : "");
    if (!rc && m->role == HOUSEHOLD_ROLE_NONE)
        rc = err_set(info, E_INVALID, f, "choose parent_carer, adult, child or other");
    return rc;
}

static enum err load_json(struct store_tx *tx, int64_t id, json_t **out)
{
    struct household *h = xcalloc(1, sizeof(*h));
    struct household_member *m = NULL;
    size_t n = 0;
    enum err rc = store_household_get(tx, id, h);
    if (!rc)
        rc = store_household_members(tx, id, &m, &n);
    if (!rc)
        *out = household_to_json(h, m, n);
    free(m);
    free(h);
    return rc;
}

static enum err create_apply(struct store_tx *tx, void *arg)
{
    struct create *c = arg;
    json_decref(c->out);
    c->out = NULL;
    memset(&c->info, 0, sizeof(c->info));
    c->h.id = 0;
    enum err rc = store_household_insert(tx, &c->h);
    for (size_t i = 0; !rc && i < c->n_members; i++) {
        struct household_member m = c->members[i];
        m.household_id = c->h.id;
        rc = store_household_join(tx, &m, &c->info);
        if (rc == E_INVALID || rc == E_CONFLICT) {
            char f[96];
            snprintf(f, sizeof(f), "members[%zu].%.40s", i % 100, c->info.field);
            snprintf(c->info.field, sizeof(c->info.field), "%.63s", f);
        }
    }
    if (!rc)
        rc = load_json(tx, c->h.id, &c->out);
    return rc;
}

static void created(struct request *req, enum err rc)
{
    struct create *c = req->apply_arg;
    if (rc) {
        json_decref(c->out);
        respond_err(req, rc, &c->info);
        return;
    }
    respond_json(req, 201, c->out);
    char location[64];
    snprintf(location, sizeof(location), "/api/households/%lld", (long long)c->h.id);
    respond_header(req, "Location", location);
}

void households_create(struct request *req)
{
    static const char *const fields[] = {"kind", "name", "locality", "note", "members", NULL};
    struct create *c = arena_alloc(&req->arena, sizeof(*c));
    const char *kind = NULL, *name = NULL, *locality = NULL, *note = NULL;
    enum err rc = jsonin_only(req->json, fields, &c->info);
    if (!rc)
        rc = jsonin_string(req->json, "kind", &kind, &c->info);
    if (!rc)
        rc = jsonin_string(req->json, "name", &name, &c->info);
    if (!rc)
        rc = jsonin_string(req->json, "locality", &locality, &c->info);
    if (!rc)
        rc = jsonin_string(req->json, "note", &note, &c->info);
    if (!rc) {
        c->h.kind = kind ? household_kind_parse(kind) : HOUSEHOLD_HOUSEHOLD;
        if ((name && strlen(name) >= sizeof(c->h.name)) ||
            (locality && strlen(locality) >= sizeof(c->h.locality)) ||
            (note && strlen(note) >= sizeof(c->h.note)))
            rc = err_set(&c->info, E_INVALID, "name", "a field is too long");
    }
    if (!rc) {
        snprintf(c->h.name, sizeof(c->h.name), "%s", name ? name : "");
        snprintf(c->h.locality, sizeof(c->h.locality), "%s", locality ? locality : "");
        snprintf(c->h.note, sizeof(c->h.note), "%s", note ? note : "");
        rc = household_validate(&c->h, &c->info);
    }
    json_t *members = json_object_get(req->json, "members");
    if (!rc && members && !json_is_array(members))
        rc = err_set(&c->info, E_INVALID, "members", "'members' must be a list");
    if (!rc && members && json_array_size(members) > MEMBERS_IN_BODY_MAX)
        rc = err_set(&c->info, E_INVALID, "members", "add at most %d members at once",
                     MEMBERS_IN_BODY_MAX);
    for (size_t i = 0; !rc && members && i < json_array_size(members); i++) {
        char prefix[32];
        snprintf(prefix, sizeof(prefix), "members[%zu]", i);
        json_t *m = json_array_get(members, i);
        if (!json_is_object(m))
            rc = err_set(&c->info, E_INVALID, prefix, "each member must be an object");
        else
            rc = read_member(m, prefix, &c->members[c->n_members++], &c->info);
    }
    if (rc) {
        respond_err(req, rc, &c->info);
        return;
    }
    request_write(req, create_apply, c, created);
}

struct one {
    int64_t id;
    json_t *out;
};

static enum err get_apply(struct store_tx *tx, void *arg)
{
    struct one *o = arg;
    json_decref(o->out);
    o->out = NULL;
    enum err rc = load_json(tx, o->id, &o->out);
    if (!rc)
        rc = store_audit_append(tx, "household.read", "household", o->id, NULL);
    return rc;
}

static void got(struct request *req, enum err rc)
{
    struct one *o = req->apply_arg;
    if (rc) {
        json_decref(o->out);
        respond_err(req, rc, NULL);
        return;
    }
    respond_json(req, 200, o->out);
}

void households_get(struct request *req)
{
    struct one *o = arena_alloc(&req->arena, sizeof(*o));
    o->id = req->path_id;
    request_write(req, get_apply, o, got);
}

struct change {
    struct household_member m;
    const char *reason; /* leave */
    json_t *out;
    struct err_info info;
};

static enum err join_apply(struct store_tx *tx, void *arg)
{
    struct change *c = arg;
    json_decref(c->out);
    c->out = NULL;
    memset(&c->info, 0, sizeof(c->info));
    c->m.id = 0;
    enum err rc = store_household_join(tx, &c->m, &c->info);
    if (!rc)
        rc = load_json(tx, c->m.household_id, &c->out);
    return rc;
}

static enum err leave_apply(struct store_tx *tx, void *arg)
{
    struct change *c = arg;
    json_decref(c->out);
    c->out = NULL;
    memset(&c->info, 0, sizeof(c->info));
    enum err rc = store_household_leave(tx, c->m.household_id, c->m.person_id, c->reason, &c->info);
    if (!rc)
        rc = load_json(tx, c->m.household_id, &c->out);
    return rc;
}

static void changed(struct request *req, enum err rc)
{
    struct change *c = req->apply_arg;
    if (rc) {
        json_decref(c->out);
        respond_err(req, rc, &c->info);
        return;
    }
    respond_json(req, 200, c->out);
}

void households_join(struct request *req)
{
    struct change *c = arena_alloc(&req->arena, sizeof(*c));
    c->m.household_id = req->path_id;
    enum err rc = read_member(req->json, "", &c->m, &c->info);
    if (rc) {
        respond_err(req, rc, &c->info);
        return;
    }
    request_write(req, join_apply, c, changed);
}

void households_leave(struct request *req)
{
    static const char *const fields[] = {"person_id", "reason", NULL};
    struct change *c = arena_alloc(&req->arena, sizeof(*c));
    c->m.household_id = req->path_id;
    enum err rc = jsonin_only(req->json, fields, &c->info);
    if (!rc)
        rc = dirjson_int64(req->json, "person_id", 1, INT64_MAX, &c->m.person_id, NULL, &c->info);
    if (!rc && !c->m.person_id)
        rc = err_set(&c->info, E_INVALID, "person_id", "name the person who left");
    if (!rc)
        rc = jsonin_string(req->json, "reason", &c->reason, &c->info);
    if (!rc && (!c->reason || !*c->reason))
        rc = err_set(&c->info, E_INVALID, "reason", "say why (for example: moved out)");
    if (rc) {
        respond_err(req, rc, &c->info);
        return;
    }
    request_write(req, leave_apply, c, changed);
}
