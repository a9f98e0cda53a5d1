/*
 * worker_messages: each write is checked in domain/worker_message first, then applied on the
 * writer, which answers with the record as stored. A message's call is marked returned by the
 * practitioner it was for, whoever left it, or a manager who may allocate work.
 */
#include "http/worker_messages.h"

#include <stdlib.h>
#include <string.h>

#include "core/timefmt.h"
#include "core/xalloc.h"
#include "domain/routing.h"
#include "http/contact_json.h"
#include "http/jsonin.h"
#include "http/respond.h"
#include "http/routing_json.h"
#include "store/store_allocation.h"
#include "store/store_contact.h"
#include "store/store_worker.h"
#include "store/store_worker_message.h"

/* Keeps the JSON of the last record a callback saw. */
static void keep_json(json_t **slot, json_t *j)
{
    json_decref(*slot);
    *slot = j;
}

/* --- one write, answered with the record ---------------------------------------------------- */

struct write {
    int64_t contact_id;
    int64_t actor;
    bool may_allocate;
    struct err_info info;
    json_t *json;
    struct arena *arena;
    union {
        struct callback_promise promise;
        struct worker_message message;
        struct written_item written;
        struct on_behalf_action behalf;
    } u;
    const char *note;     /* returned */
    int64_t id;           /* returned: the message */
    int64_t named_worker; /* on behalf: the worker named in the request, 0 when not */
};

static void written(struct request *req, enum err rc)
{
    struct write *w = req->apply_arg;
    if (rc) {
        json_decref(w->json);
        respond_err(req, rc, &w->info);
        return;
    }
    respond_json(req, 201, w->json);
}

static struct write *write_new(struct request *req)
{
    struct write *w = arena_alloc(&req->arena, sizeof(*w));
    w->contact_id = req->path_id;
    w->actor = req->user.id;
    w->may_allocate = role_can(req->user.role, PERM_ALLOCATE);
    w->arena = &req->arena;
    return w;
}

static void respond_bad(struct request *req, struct write *w)
{
    respond_err(req, E_INVALID, &w->info);
}

/* --- call-back promise (W2, H8) -------------------------------------------------------------- */

static void keep_promise(const struct callback_promise *p, void *arg)
{
    struct write *w = arg;
    if (p->id == w->u.promise.id)
        keep_json(&w->json, callback_promise_to_json(p));
}

static enum err promise_apply(struct store_tx *tx, void *arg)
{
    struct write *w = arg;
    memset(&w->info, 0, sizeof(w->info));
    w->u.promise.id = 0;
    enum err rc = store_worker_message_promise(tx, &w->u.promise, &w->info);
    if (!rc)
        rc = store_worker_message_promises(tx, w->contact_id, keep_promise, w);
    return rc;
}

void worker_messages_promise(struct request *req)
{
    static const char *const fields[] = {"worker_id", "callback_by", "told", "if_no_call", NULL};
    struct write *w = write_new(req);
    struct callback_promise *p = &w->u.promise;
    p->contact_id = w->contact_id;
    enum err rc = jsonin_only(req->json, fields, &w->info);
    if (!rc)
        rc = contact_json_id(req->json, "worker_id", &p->worker_id, &w->info);
    if (!rc)
        rc = routing_json_time(req->json, "callback_by", &p->callback_by, &w->info);
    if (!rc)
        rc = jsonin_string(req->json, "told", &p->told, &w->info);
    if (!rc)
        rc = jsonin_string(req->json, "if_no_call", &p->if_no_call, &w->info);
    if (!rc)
        rc = callback_promise_validate(p, timefmt_now_ms(), &w->info);
    if (rc) {
        respond_bad(req, w);
        return;
    }
    request_write(req, promise_apply, w, written);
}

/* --- message to the worker (W2, H11) --------------------------------------------------------- */

static void keep_message(const struct worker_message *m, void *arg)
{
    keep_json(arg, worker_message_to_json(m));
}

static enum err send_apply(struct store_tx *tx, void *arg)
{
    struct write *w = arg;
    memset(&w->info, 0, sizeof(w->info));
    enum err rc = store_worker_message_send(tx, &w->u.message, &w->info);
    if (!rc)
        rc = store_worker_message_get(tx, w->u.message.id, keep_message, &w->json);
    return rc;
}

void worker_messages_send(struct request *req)
{
    static const char *const fields[] = {"worker_id", "what_happened",       "what_was_done",
                                         "follow_up", "callback_promise_id", "written_item_id",
                                         NULL};
    struct write *w = write_new(req);
    struct worker_message *m = &w->u.message;
    m->contact_id = w->contact_id;
    enum err rc = jsonin_only(req->json, fields, &w->info);
    if (!rc)
        rc = contact_json_id(req->json, "worker_id", &m->worker_id, &w->info);
    if (!rc)
        rc = jsonin_string(req->json, "what_happened", &m->what_happened, &w->info);
    if (!rc)
        rc = jsonin_string(req->json, "what_was_done", &m->what_was_done, &w->info);
    if (!rc)
        rc = jsonin_string(req->json, "follow_up", &m->follow_up, &w->info);
    if (!rc)
        rc = contact_json_id(req->json, "callback_promise_id", &m->callback_promise_id, &w->info);
    if (!rc)
        rc = contact_json_id(req->json, "written_item_id", &m->written_item_id, &w->info);
    if (!rc)
        rc = worker_message_validate(m, &w->info);
    if (rc) {
        respond_bad(req, w);
        return;
    }
    request_write(req, send_apply, w, written);
}

static void keep_message_facts(const struct worker_message *m, void *arg)
{
    struct worker_message *out = arg;
    out->worker_id = m->worker_id;
    out->created_by = m->created_by;
    out->returned_at = m->returned_at;
}

static enum err returned_apply(struct store_tx *tx, void *arg)
{
    struct write *w = arg;
    memset(&w->info, 0, sizeof(w->info));
    struct worker_message facts = {0};
    enum err rc = store_worker_message_get(tx, w->id, keep_message_facts, &facts);
    if (rc)
        return rc;
    bool allowed = w->may_allocate || facts.created_by == w->actor;
    if (!allowed) {
        struct worker *k = xmalloc(sizeof(*k));
        rc = store_worker_get(tx, facts.worker_id, k);
        allowed = !rc && k->user_id == w->actor;
        free(k);
        if (rc && rc != E_NOTFOUND)
            return rc;
    }
    if (!allowed)
        return err_set(&w->info, E_DENIED, "",
                       "only the practitioner the message was for, whoever left it, or a "
                       "manager can record that the call was returned");
    rc = store_worker_message_returned(tx, w->id, w->note, &w->info);
    if (!rc)
        rc = store_worker_message_get(tx, w->id, keep_message, &w->json);
    return rc;
}

static void returned_done(struct request *req, enum err rc)
{
    struct write *w = req->apply_arg;
    if (rc) {
        json_decref(w->json);
        respond_err(req, rc, &w->info);
        return;
    }
    respond_json(req, 200, w->json);
}

void worker_messages_returned(struct request *req)
{
    struct write *w = write_new(req);
    w->id = req->path_id;
    enum err rc = routing_json_optional_text(req, "note", &w->note, &w->info);
    if (!rc && w->note)
        rc = routing_text_check(w->note, CALLBACK_TEXT_MAX, false, "note", "the note", &w->info);
    if (rc) {
        respond_bad(req, w);
        return;
    }
    request_write(req, returned_apply, w, returned_done);
}

/* --- written items (W3) ---------------------------------------------------------------------- */

static void keep_written(const struct written_item *i, void *arg)
{
    struct write *w = arg;
    if (i->id == w->u.written.id)
        keep_json(&w->json, written_item_to_json(i));
}

/* Adds "told" to written item j: whom the item was sent to and by which messages (W3), or
 * null when it names no worker. Both message ids are null when the worker could not be told
 * (no sign-in, no email address). */
static enum err add_told(struct store_tx *tx, json_t *j)
{
    json_t *worker = json_object_get(j, "worker");
    json_int_t id = json_integer_value(json_object_get(j, "id"));
    if (!json_is_object(worker)) {
        json_object_set_new(j, "told", json_null());
        return E_OK;
    }
    struct written_told t;
    enum err rc = store_worker_message_written_told(tx, (int64_t)id, &t);
    if (rc)
        return rc;
    json_t *id_in = t.in_app_outbox_id ? json_integer((json_int_t)t.in_app_outbox_id) : json_null();
    json_t *id_em = t.email_outbox_id ? json_integer((json_int_t)t.email_outbox_id) : json_null();
    json_object_set_new(j, "told",
                        json_pack("{s:O, s:o, s:o}", "worker", worker, "in_app_message_id", id_in,
                                  "email_message_id", id_em));
    return E_OK;
}

static enum err written_apply(struct store_tx *tx, void *arg)
{
    struct write *w = arg;
    memset(&w->info, 0, sizeof(w->info));
    w->u.written.id = 0;
    enum err rc = store_worker_message_written(tx, &w->u.written, &w->info);
    if (!rc)
        rc = store_worker_message_written_list(tx, w->contact_id, keep_written, w);
    if (!rc && w->json)
        rc = add_told(tx, w->json);
    return rc;
}

void worker_messages_written(struct request *req)
{
    static const char *const fields[] = {
        "worker_id",       "description",     "stored_at",   "wants_original",
        "acknowledged_by", "can_act_in_time", "person_told", NULL};
    struct write *w = write_new(req);
    struct written_item *i = &w->u.written;
    i->contact_id = w->contact_id;
    const char *ack = NULL;
    enum err rc = jsonin_only(req->json, fields, &w->info);
    if (!rc)
        rc = contact_json_id(req->json, "worker_id", &i->worker_id, &w->info);
    if (!rc)
        rc = jsonin_string(req->json, "description", &i->description, &w->info);
    if (!rc)
        rc = jsonin_string(req->json, "stored_at", &i->stored_at, &w->info);
    if (!rc)
        rc = routing_json_tri(req->json, "wants_original", &i->wants_original, &w->info);
    if (!rc)
        rc = jsonin_string(req->json, "acknowledged_by", &ack, &w->info);
    if (!rc)
        rc = routing_json_tri(req->json, "can_act_in_time", &i->can_act_in_time, &w->info);
    if (!rc)
        rc = jsonin_string(req->json, "person_told", &i->person_told, &w->info);
    if (!rc) {
        i->acknowledged_by = written_ack_parse(ack);
        rc = written_item_validate(i, &w->info);
    }
    if (rc) {
        respond_bad(req, w);
        return;
    }
    request_write(req, written_apply, w, written);
}

/* --- on behalf of the allocated team (W5) --------------------------------------------------- */

static void keep_behalf(const struct on_behalf_action *a, void *arg)
{
    struct write *w = arg;
    if (a->id == w->u.behalf.id)
        keep_json(&w->json, on_behalf_to_json(a));
}

/* The worker currently allocated to the first of the contact's persons who has one. */
static enum err allocated_worker(struct store_tx *tx, struct write *w, int64_t *out)
{
    struct contact c;
    enum err rc = store_contact_fetch(tx, w->contact_id, &c, w->arena);
    int64_t now = store_tx_now(tx);
    *out = 0;
    for (size_t i = 0; !rc && !*out && i < c.n_subjects; i++) {
        struct allocation *all = NULL;
        size_t n = 0;
        rc = store_allocation_for_person(tx, c.subjects[i], "allocation.list",
                                         "alerting the allocated worker", &all, &n);
        for (size_t j = 0; !rc && !*out && j < n; j++)
            if (allocation_is_current(&all[j], now) && all[j].worker_id > 0)
                *out = all[j].worker_id;
        free(all);
    }
    return rc;
}

static enum err behalf_apply(struct store_tx *tx, void *arg)
{
    struct write *w = arg;
    memset(&w->info, 0, sizeof(w->info));
    w->u.behalf.id = 0;
    enum err rc = E_OK;
    w->u.behalf.worker_id = w->named_worker;
    if (w->named_worker <= 0) {
        rc = allocated_worker(tx, w, &w->u.behalf.worker_id);
        if (!rc && w->u.behalf.worker_id <= 0)
            rc = err_set(&w->info, E_CONFLICT, "worker_id",
                         "nobody is allocated to the persons on this contact: name the worker "
                         "to alert");
    }
    if (!rc)
        rc = store_worker_message_on_behalf(tx, &w->u.behalf, &w->info);
    if (!rc)
        rc = store_worker_message_on_behalf_list(tx, w->contact_id, keep_behalf, w);
    return rc;
}

void worker_messages_on_behalf(struct request *req)
{
    static const char *const fields[] = {"kind", "details", "worker_id", NULL};
    struct write *w = write_new(req);
    struct on_behalf_action *a = &w->u.behalf;
    a->contact_id = w->contact_id;
    const char *kind = NULL;
    enum err rc = jsonin_only(req->json, fields, &w->info);
    if (!rc)
        rc = jsonin_string(req->json, "kind", &kind, &w->info);
    if (!rc)
        rc = jsonin_string(req->json, "details", &a->details, &w->info);
    if (!rc)
        rc = contact_json_id(req->json, "worker_id", &a->worker_id, &w->info);
    if (!rc) {
        a->kind = on_behalf_kind_parse(kind);
        rc = on_behalf_validate(a, &w->info);
    }
    if (rc) {
        respond_bad(req, w);
        return;
    }
    w->named_worker = a->worker_id;
    request_write(req, behalf_apply, w, written);
}

/* --- lists ---------------------------------------------------------------------------------- */

enum list_kind { LIST_PROMISES, LIST_MESSAGES, LIST_WRITTEN, LIST_BEHALF };

struct listing {
    int64_t contact_id;
    enum list_kind kind;
    json_t *items;
};

static void add_promise(const struct callback_promise *p, void *arg)
{
    json_array_append_new(arg, callback_promise_to_json(p));
}

static void add_message(const struct worker_message *m, void *arg)
{
    json_array_append_new(arg, worker_message_to_json(m));
}

static void add_written(const struct written_item *w, void *arg)
{
    json_array_append_new(arg, written_item_to_json(w));
}

static void add_behalf(const struct on_behalf_action *a, void *arg)
{
    json_array_append_new(arg, on_behalf_to_json(a));
}

static enum err list_apply(struct store_tx *tx, void *arg)
{
    struct listing *l = arg;
    json_array_clear(l->items);
    char ref[24];
    enum err rc = store_worker_message_contact(tx, l->contact_id, ref, NULL);
    if (rc)
        return rc;
    switch (l->kind) {
    case LIST_PROMISES:
        return store_worker_message_promises(tx, l->contact_id, add_promise, l->items);
    case LIST_MESSAGES:
        return store_worker_message_list(tx, l->contact_id, add_message, l->items);
    case LIST_WRITTEN:
        rc = store_worker_message_written_list(tx, l->contact_id, add_written, l->items);
        for (size_t i = 0; !rc && i < json_array_size(l->items); i++)
            rc = add_told(tx, json_array_get(l->items, i));
        return rc;
    default:
        return store_worker_message_on_behalf_list(tx, l->contact_id, add_behalf, l->items);
    }
}

static void listed(struct request *req, enum err rc)
{
    struct listing *l = req->apply_arg;
    if (rc) {
        json_decref(l->items);
        respond_err(req, rc, NULL);
        return;
    }
    respond_json(
        req, 200,
        json_pack("{s:I, s:o}", "contact_id", (json_int_t)l->contact_id, "items", l->items));
}

static void list(struct request *req, enum list_kind kind)
{
    struct listing *l = arena_alloc(&req->arena, sizeof(*l));
    l->contact_id = req->path_id;
    l->kind = kind;
    l->items = json_array();
    request_write(req, list_apply, l, listed);
}

void worker_messages_promises(struct request *req)
{
    list(req, LIST_PROMISES);
}

void worker_messages_list(struct request *req)
{
    list(req, LIST_MESSAGES);
}

void worker_messages_written_list(struct request *req)
{
    list(req, LIST_WRITTEN);
}

void worker_messages_on_behalf_list(struct request *req)
{
    list(req, LIST_BEHALF);
}
