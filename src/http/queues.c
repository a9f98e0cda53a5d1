/*
 * queues: JSON over store_contact_queue_list. Each item is the contact as GET /api/contacts/{id}
 * shows it, so the queue screen and the contact screen never disagree.
 */
#include "http/queues.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "http/contact_json.h"
#include "http/respond.h"
#include "store/store_contact.h"
#include "store/store_team.h"

#define QUEUE_DEFAULT 50
#define QUEUE_MAX 200

struct queue_page {
    struct contact_queue q;
    int limit, offset;
    int64_t total;
    json_t *items;
    struct store_tx *tx;
    enum err rc;
    char team_name[TEAM_NAME_MAX * 4 + 1];
};

static void add_item(const struct contact *c, void *arg)
{
    struct queue_page *p = arg;
    json_t *view = NULL;
    enum err rc = contact_view_json(p->tx, c, &view);
    if (rc) {
        if (!p->rc)
            p->rc = rc;
        return;
    }
    json_array_append_new(p->items, view);
}

static enum err queue_apply(struct store_tx *tx, void *arg)
{
    struct queue_page *p = arg;
    json_array_clear(p->items);
    p->tx = tx;
    p->rc = E_OK;
    if (p->q.kind == QUEUE_TEAM) {
        struct team *t = xmalloc(sizeof(*t));
        enum err rc = store_team_get(tx, p->q.team_id, t);
        if (!rc)
            snprintf(p->team_name, sizeof(p->team_name), "%s", t->name);
        free(t);
        if (rc)
            return rc;
    }
    enum err rc = store_contact_queue_list(tx, &p->q, p->limit, p->offset, &p->total, add_item, p);
    return rc ? rc : p->rc;
}

static void queue_done(struct request *req, enum err rc)
{
    struct queue_page *p = req->apply_arg;
    if (rc) {
        json_decref(p->items);
        respond_err(req, rc, NULL);
        return;
    }
    json_t *queue = queue_to_json(&p->q);
    if (p->q.kind == QUEUE_TEAM)
        json_object_set_new(queue, "team_name", json_string(p->team_name));
    respond_json(req, 200,
                 json_pack("{s:o, s:o, s:I, s:i, s:i}", "queue", queue, "items", p->items, "total",
                           (json_int_t)p->total, "limit", p->limit, "offset", p->offset));
}

static void queue_list(struct request *req, enum queue_kind kind, int64_t team_id)
{
    struct err_info info = {{0}, {0}};
    struct queue_page *p = arena_alloc(&req->arena, sizeof(*p));
    p->q.kind = kind;
    p->q.team_id = team_id;
    enum err rc = request_query_int(req, "limit", QUEUE_DEFAULT, 1, QUEUE_MAX, &p->limit, &info);
    if (!rc)
        rc = request_query_int(req, "offset", 0, 0, 100000000, &p->offset, &info);
    if (rc) {
        respond_err(req, rc, &info);
        return;
    }
    p->items = json_array();
    request_write(req, queue_apply, p, queue_done);
}

void queues_contact_centre(struct request *req)
{
    queue_list(req, QUEUE_CONTACT_CENTRE, 0);
}

void queues_duty(struct request *req)
{
    queue_list(req, QUEUE_DUTY, 0);
}

void queues_team(struct request *req)
{
    queue_list(req, QUEUE_TEAM, req->path_id);
}
