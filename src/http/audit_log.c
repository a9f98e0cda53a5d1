/*
 * audit_log: lists audit events for an entity (optionally one record), newest first. Actors
 * with a negative id are integration tokens (see request_actor).
 */
#include "http/audit_log.h"

#include <stdio.h>
#include <string.h>

#include "core/timefmt.h"
#include "http/respond.h"
#include "store/store_audit.h"

struct listing {
    const char *entity;
    int id, limit;
    json_t *items;
};

static void add_event(const struct audit_event *e, const char *username, void *arg)
{
    struct listing *l = arg;
    char at[TIMEFMT_LEN], actor[48];
    timefmt_utc(e->at, at);
    if (e->user_id < 0)
        snprintf(actor, sizeof(actor), "token:%lld", (long long)-e->user_id);
    else if (e->user_id == 0)
        snprintf(actor, sizeof(actor), "system");
    json_t *item = json_pack(
        "{s:I, s:s, s:{s:I, s:s}, s:s, s:s, s:I, s:s, s:s, s:s}", "seq", (json_int_t)e->seq,
        "at", at, "user", "id", (json_int_t)e->user_id, "username",
        e->user_id > 0 ? username : actor, "action", e->action, "entity", e->entity, "entity_id",
        (json_int_t)e->entity_id, "request_id", e->request_id, "reason", e->reason, "hash",
        e->hash);
    json_array_append_new(l->items, item);
}

static enum err list_apply(struct store_tx *tx, void *arg)
{
    struct listing *l = arg;
    return store_audit_list(tx, l->entity, l->id, l->limit, add_event, l);
}

void audit_log_list(struct request *req)
{
    struct err_info info = {{0}, {0}};
    struct listing l = {.entity = request_query(req, "entity")};
    enum err rc = E_OK;
    if (!l.entity || !*l.entity || strlen(l.entity) > 32)
        rc = err_set(&info, E_INVALID, "entity", "name the kind of record, for example contact");
    if (!rc)
        rc = request_query_int(req, "id", 0, 1, 2000000000, &l.id, &info);
    if (!rc)
        rc = request_query_int(req, "limit", 100, 1, 1000, &l.limit, &info);
    if (rc) {
        respond_err(req, rc, &info);
        return;
    }
    l.items = json_array();
    rc = store_read(req->app->store, list_apply, &l);
    if (rc) {
        json_decref(l.items);
        respond_err(req, rc, NULL);
        return;
    }
    respond_json(req, 200, json_pack("{s:o}", "items", l.items));
}
