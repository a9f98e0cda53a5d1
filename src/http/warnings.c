/*
 * warnings: handlers. A marker is added only by someone who may open the person's record;
 * "agreed_by" names the manager who agreed it, and defaults to the caller when they are one.
 */
#include "http/warnings.h"

#include <stdlib.h>
#include <string.h>

#include "core/timefmt.h"
#include "core/xalloc.h"
#include "domain/person.h"
#include "domain/person_access.h"
#include "http/person_json.h"
#include "http/persons.h"
#include "http/respond.h"
#include "store/store_warning.h"

struct add {
    struct person_viewer viewer;
    struct warning w;
    json_t *out;
    struct err_info info;
};

static enum err add_apply(struct store_tx *tx, void *arg)
{
    struct add *a = arg;
    json_decref(a->out);
    a->out = NULL;
    memset(&a->info, 0, sizeof(a->info));
    struct person_access acc;
    enum err rc = persons_require_access(tx, &a->viewer, a->w.person_id, &acc, &a->info);
    a->w.id = 0;
    a->w.n_reviews = 0;
    if (!rc)
        rc = store_warning_insert(tx, &a->w, &a->info);
    if (!rc) {
        struct pdate today = person_today(store_tx_now(tx));
        a->out = warning_to_json(&a->w, &today, false);
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

void warnings_create(struct request *req)
{
    struct add *a = arena_alloc(&req->arena, sizeof(*a));
    persons_viewer(req, &a->viewer);
    a->w.person_id = req->path_id;
    enum err rc = warning_from_json(req->json, &a->w, &a->info);
    if (!rc && !a->w.agreed_by && person_access_is_manager(req->user.role))
        a->w.agreed_by = req->user.id;
    struct pdate today = person_today(timefmt_now_ms());
    if (!rc)
        rc = warning_validate(&a->w, &today, &a->info);
    if (rc) {
        respond_err(req, rc, &a->info);
        return;
    }
    request_write(req, add_apply, a, added);
}

struct review {
    struct person_viewer viewer;
    struct warning_review r;
    struct warning *w; /* after the review */
    json_t *out;
    struct err_info info;
};

static enum err review_apply(struct store_tx *tx, void *arg)
{
    struct review *v = arg;
    json_decref(v->out);
    v->out = NULL;
    memset(&v->info, 0, sizeof(v->info));
    enum err rc = store_warning_get(tx, v->r.warning_id, v->w);
    struct person_access acc;
    if (!rc)
        rc = persons_require_access(tx, &v->viewer, v->w->person_id, &acc, &v->info);
    struct pdate today = person_today(store_tx_now(tx));
    if (!rc)
        rc = store_warning_review(tx, &v->r, &today, v->w, &v->info);
    if (!rc)
        v->out = warning_to_json(v->w, &today, false);
    return rc;
}

static void reviewed(struct request *req, enum err rc)
{
    struct review *v = req->apply_arg;
    free(v->w);
    if (rc) {
        json_decref(v->out);
        respond_err(req, rc, &v->info);
        return;
    }
    respond_json(req, 201, v->out);
}

void warnings_review(struct request *req)
{
    struct review *v = arena_alloc(&req->arena, sizeof(*v));
    persons_viewer(req, &v->viewer);
    v->r.warning_id = req->path_id;
    enum err rc = warning_review_from_json(req->json, &v->r, &v->info);
    if (!rc && !v->r.agreed_by && person_access_is_manager(req->user.role))
        v->r.agreed_by = req->user.id;
    if (!rc && !v->r.reviewed_on.year) {
        struct pdate today = person_today(timefmt_now_ms());
        v->r.reviewed_on = today;
    }
    if (rc) {
        respond_err(req, rc, &v->info);
        return;
    }
    v->w = xmalloc(sizeof(*v->w));
    request_write(req, review_apply, v, reviewed);
}
