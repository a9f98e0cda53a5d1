/*
 * relationships: handlers. POST /api/persons/{id}/relationships {related_person_id, type, note}
 * records "related_person_id is {id}'s type" ("parent": the related person is this person's
 * parent); the caller must be able to open {id}'s record.
 */
#include "http/relationships.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "http/directory_json.h"
#include "http/jsonin.h"
#include "http/person_json.h"
#include "http/persons.h"
#include "http/respond.h"
#include "store/store_person.h"
#include "store/store_relationship.h"

struct add {
    struct person_viewer viewer;
    int64_t self;
    struct relationship r;
    json_t *out;
    struct err_info info;
};

static enum err add_apply(struct store_tx *tx, void *arg)
{
    struct add *a = arg;
    json_decref(a->out);
    a->out = NULL;
    memset(&a->info, 0, sizeof(a->info));
    a->r.person_id = a->self;
    struct person_access acc;
    enum err rc = persons_require_access(tx, &a->viewer, a->self, &acc, &a->info);
    struct relationship r = a->r;
    if (!rc)
        rc = store_relationship_insert(tx, &r, &a->info);
    if (!rc) {
        struct person *other = xmalloc(sizeof(*other));
        char name[2 * PERSON_NAME_SIZE + 16] = "";
        if (store_person_get(tx, a->r.related_id, other) == E_OK)
            person_display_name(other, name, sizeof(name));
        free(other);
        a->out = relationship_to_json(&r, a->self, name);
    }
    return rc;
}

static void added(struct request *req, enum err rc)
{
    struct add *a = req->apply_arg;
    if (rc) {
        json_decref(a->out);
        respond_err(req, rc, &a->info);
        return;
    }
    respond_json(req, 201, a->out);
}

void relationships_create(struct request *req)
{
    static const char *const fields[] = {"related_person_id", "type", "note", NULL};
    struct add *a = arena_alloc(&req->arena, sizeof(*a));
    persons_viewer(req, &a->viewer);
    a->self = req->path_id;
    a->r.person_id = a->self;
    const char *type = NULL, *note = NULL;
    enum err rc = jsonin_only(req->json, fields, &a->info);
    if (!rc)
        rc = dirjson_int64(req->json, "related_person_id", 1, INT64_MAX, &a->r.related_id, NULL,
                           &a->info);
    if (!rc)
        rc = jsonin_string(req->json, "type", &type, &a->info);
    if (!rc)
        rc = jsonin_string(req->json, "note", &note, &a->info);
    if (!rc && note && strlen(note) >= sizeof(a->r.note))
        rc = err_set(&a->info, E_INVALID, "note", "the note is too long");
    if (!rc) {
        a->r.type = relationship_type_parse(type);
        snprintf(a->r.note, sizeof(a->r.note), "%s", note ? note : "");
        rc = relationship_validate(&a->r, &a->info);
    }
    if (rc) {
        respond_err(req, rc, &a->info);
        return;
    }
    request_write(req, add_apply, a, added);
}

struct ending {
    struct person_viewer viewer;
    int64_t id;
    const char *reason;
    struct err_info info;
};

static enum err end_apply(struct store_tx *tx, void *arg)
{
    struct ending *e = arg;
    memset(&e->info, 0, sizeof(e->info));
    int64_t person = 0;
    enum err rc = store_relationship_end(tx, e->id, e->reason, &person, &e->info);
    struct person_access acc;
    if (!rc) /* checked after: a refusal rolls the end back */
        rc = persons_require_access(tx, &e->viewer, person, &acc, &e->info);
    return rc;
}

static void ended(struct request *req, enum err rc)
{
    struct ending *e = req->apply_arg;
    if (rc) {
        respond_err(req, rc, &e->info);
        return;
    }
    respond_json(req, 200, json_pack("{s:I, s:b}", "id", (json_int_t)e->id, "current", 0));
}

void relationships_end(struct request *req)
{
    static const char *const fields[] = {"reason", NULL};
    struct ending *e = arena_alloc(&req->arena, sizeof(*e));
    persons_viewer(req, &e->viewer);
    e->id = req->path_id;
    enum err rc = jsonin_only(req->json, fields, &e->info);
    if (!rc)
        rc = jsonin_string(req->json, "reason", &e->reason, &e->info);
    if (!rc && (!e->reason || !*e->reason))
        rc = err_set(&e->info, E_INVALID, "reason", "say why the relationship is ending");
    if (rc) {
        respond_err(req, rc, &e->info);
        return;
    }
    request_write(req, end_apply, e, ended);
}
