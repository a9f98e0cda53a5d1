/*
 * outcomes: JSON over store/store_outcome. The code set is configuration and holds no personal
 * data, so it is read without an audit event; recording an outcome is audited by the store.
 */
#include "http/outcomes.h"

#include <stdio.h>
#include <string.h>

#include "http/contact_json.h"
#include "http/respond.h"
#include "store/store_outcome.h"

static void add_code(const struct outcome_code *oc, void *arg)
{
    json_array_append_new(arg, outcome_code_to_json(oc));
}

static enum err codes_read(struct store_tx *tx, void *arg)
{
    json_array_clear(arg);
    return store_outcome_codes(tx, add_code, arg);
}

void outcomes_list(struct request *req)
{
    json_t *items = json_array();
    enum err rc = store_read(req->app->store, codes_read, items);
    if (rc) {
        json_decref(items);
        respond_err(req, rc, NULL);
        return;
    }
    respond_json(req, 200, json_pack("{s:o}", "items", items));
}

struct record {
    struct outcome o;
    struct err_info info;
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
    enum err rc = store_outcome_record(tx, &r->o, &r->info);
    if (!rc)
        rc = store_outcome_get(tx, r->o.contact_id, keep_outcome, &r->json);
    return rc;
}

static void recorded(struct request *req, enum err rc)
{
    struct record *r = req->apply_arg;
    if (rc) {
        json_decref(r->json);
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
