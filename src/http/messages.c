/*
 * messages: JSON for the inbox. Listing reads a read connection (the messages are the user's
 * own and carry a reference, not a narrative); marking read goes through the writer and is
 * audited.
 */
#include "http/messages.h"

#include <string.h>

#include "http/contact_json.h"
#include "http/respond.h"
#include "store/scheduler.h"
#include "store/store_outbox.h"

#define LIST_DEFAULT 25
#define LIST_MAX 200

static json_t *message_json(const struct outbox_message *m)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:o, s:b, s:o}", "id", (json_int_t)m->id, "subject",
                          m->subject, "body", m->body, "link", m->link, "created_at",
                          time_json(m->created_at), "read", strcmp(m->state, "read") == 0,
                          "read_at", time_json(m->read_at));
    json_object_set_new(
        o, "about",
        m->entity[0] ? json_pack("{s:s, s:I}", "type", m->entity, "id", (json_int_t)m->entity_id)
                     : json_null());
    json_object_set_new(o, "clock_id",
                        m->clock_id ? json_integer((json_int_t)m->clock_id) : json_null());
    return o;
}

static void add_message(const struct outbox_message *m, void *arg)
{
    json_array_append_new(arg, message_json(m));
}

struct inbox {
    int64_t user_id;
    bool unread_only;
    int limit, offset;
    int64_t unread, total;
    json_t *items;
};

static enum err inbox_read(struct store_tx *tx, void *arg)
{
    struct inbox *b = arg;
    json_array_clear(b->items);
    return store_outbox_inbox(tx, b->user_id, b->unread_only, b->limit, b->offset, &b->unread,
                              &b->total, add_message, b->items);
}

void messages_list(struct request *req)
{
    struct err_info info = {{0}, {0}};
    struct inbox *b = arena_alloc(&req->arena, sizeof(*b));
    memset(b, 0, sizeof(*b));
    b->user_id = req->user.id;
    enum err rc = request_query_int(req, "limit", LIST_DEFAULT, 1, LIST_MAX, &b->limit, &info);
    if (!rc)
        rc = request_query_int(req, "offset", 0, 0, 100000000, &b->offset, &info);
    const char *unread = request_query(req, "unread");
    if (!rc && unread && strcmp(unread, "1") != 0 && strcmp(unread, "0") != 0)
        rc = err_set(&info, E_INVALID, "unread", "'unread' must be 1 or 0");
    if (rc) {
        respond_err(req, rc, &info);
        return;
    }
    b->unread_only = unread && strcmp(unread, "1") == 0;
    b->items = json_array();
    rc = store_read(req->app->store, inbox_read, b);
    if (rc) {
        json_decref(b->items);
        respond_err(req, rc, NULL);
        return;
    }
    respond_json(req, 200,
                 json_pack("{s:o, s:I, s:I, s:i, s:i}", "items", b->items, "unread",
                           (json_int_t)b->unread, "total", (json_int_t)b->total, "limit", b->limit,
                           "offset", b->offset));
}

struct mark {
    int64_t id, user_id, now;
};

static enum err mark_apply(struct store_tx *tx, void *arg)
{
    struct mark *m = arg;
    return store_outbox_mark_read(tx, m->id, m->user_id, m->now);
}

static void marked(struct request *req, enum err rc)
{
    respond_err(req, rc, NULL); /* 204 when done */
}

void messages_read(struct request *req)
{
    struct mark *m = arena_alloc(&req->arena, sizeof(*m));
    m->id = req->path_id;
    m->user_id = req->user.id;
    m->now = scheduler_now(req->app->scheduler);
    request_write(req, mark_apply, m, marked);
}
