/*
 * contacts: JSON in and out for contacts; the rules are domain/contact, the rows
 * store/store_contact. Times go out as UTC ISO-8601 ("Z"); the browser shows them in
 * Europe/London.
 */
#include "http/contacts.h"

#include <stdio.h>
#include <string.h>

#include "core/timefmt.h"
#include "http/jsonin.h"
#include "http/respond.h"
#include "store/store_contact.h"

#define LIST_DEFAULT 25
#define LIST_MAX 200

static json_t *contact_json(const struct contact *c)
{
    char received[TIMEFMT_LEN], created[TIMEFMT_LEN];
    timefmt_utc(c->received_at, received);
    timefmt_utc(c->created_at, created);
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:{s:I, s:s}}", "id",
                     (json_int_t)c->id, "reference", c->reference, "channel",
                     channel_name(c->channel), "received_at", received, "caller_name",
                     c->caller_name, "summary", c->summary, "created_at", created, "created_by",
                     "id", (json_int_t)c->created_by, "name",
                     c->created_by_name ? c->created_by_name : "");
}

static enum err create_apply(struct store_tx *tx, void *arg)
{
    return store_contact_insert(tx, arg);
}

static void created(struct request *req, enum err rc)
{
    struct contact *c = req->apply_arg;
    if (rc) {
        respond_err(req, rc, NULL);
        return;
    }
    c->created_by_name = req->auth == AUTH_SESSION ? req->user.name : req->token.name;
    respond_json(req, 201, contact_json(c));
    char location[64];
    snprintf(location, sizeof(location), "/api/contacts/%lld", (long long)c->id);
    respond_header(req, "Location", location);
}

void contacts_create(struct request *req)
{
    static const char *const fields[] = {"channel", "received_at", "caller_name", "summary",
                                         NULL};
    struct err_info info = {{0}, {0}};
    struct contact *c = arena_alloc(&req->arena, sizeof(*c));
    const char *channel = NULL, *received = NULL;
    enum err rc = jsonin_only(req->json, fields, &info);
    if (!rc)
        rc = jsonin_string(req->json, "channel", &channel, &info);
    if (!rc)
        rc = jsonin_string(req->json, "received_at", &received, &info);
    if (!rc)
        rc = jsonin_string(req->json, "caller_name", &c->caller_name, &info);
    if (!rc)
        rc = jsonin_string(req->json, "summary", &c->summary, &info);
    if (!rc) {
        c->channel = channel_parse(channel);
        if (received && timefmt_parse(received, &c->received_at))
            rc = err_set(&info, E_INVALID, "received_at",
                         "enter the date and time received as ISO 8601, for example "
                         "2026-11-23T09:15:00Z");
    }
    if (!rc)
        rc = contact_validate(c, timefmt_now_ms(), &info);
    if (rc) {
        respond_err(req, rc, &info);
        return;
    }
    request_write(req, create_apply, c, created);
}

struct one {
    int64_t id;
    json_t *json;
};

static void keep_contact(const struct contact *c, void *arg)
{
    struct one *o = arg;
    json_decref(o->json); /* a retried batch runs this again */
    o->json = contact_json(c);
}

static enum err get_apply(struct store_tx *tx, void *arg)
{
    struct one *o = arg;
    return store_contact_read(tx, o->id, keep_contact, o);
}

static void got(struct request *req, enum err rc)
{
    struct one *o = req->apply_arg;
    if (rc) {
        json_decref(o->json);
        respond_err(req, rc, NULL);
        return;
    }
    respond_json(req, 200, o->json);
}

void contacts_get(struct request *req)
{
    struct one *o = arena_alloc(&req->arena, sizeof(*o));
    o->id = req->path_id;
    request_write(req, get_apply, o, got);
}

struct page {
    int limit, offset;
    int64_t total;
    json_t *items;
};

static void add_contact(const struct contact *c, void *arg)
{
    struct page *p = arg;
    json_array_append_new(p->items, contact_json(c));
}

static enum err list_apply(struct store_tx *tx, void *arg)
{
    struct page *p = arg;
    json_array_clear(p->items); /* a retried batch runs this again */
    return store_contact_list(tx, p->limit, p->offset, &p->total, add_contact, p);
}

static void listed(struct request *req, enum err rc)
{
    struct page *p = req->apply_arg;
    if (rc) {
        json_decref(p->items);
        respond_err(req, rc, NULL);
        return;
    }
    respond_json(req, 200,
                 json_pack("{s:o, s:I, s:i, s:i}", "items", p->items, "total",
                           (json_int_t)p->total, "limit", p->limit, "offset", p->offset));
}

void contacts_list(struct request *req)
{
    struct err_info info = {{0}, {0}};
    struct page *p = arena_alloc(&req->arena, sizeof(*p));
    enum err rc = request_query_int(req, "limit", LIST_DEFAULT, 1, LIST_MAX, &p->limit, &info);
    if (!rc)
        rc = request_query_int(req, "offset", 0, 0, 100000000, &p->offset, &info);
    if (rc) {
        respond_err(req, rc, &info);
        return;
    }
    p->items = json_array();
    request_write(req, list_apply, p, listed);
}
