/*
 * contacts: JSON in and out for contacts; the rules are domain/contact and domain/handover, the
 * rows store/store_contact. Every response that shows a contact builds it inside the writer's
 * transaction that wrote or audited it (contact_view_json), so what a client sees after a
 * write is exactly what a later read returns. Times go out as UTC ISO-8601 ("Z"); the browser
 * shows them in Europe/London.
 */
#include "http/contacts.h"

#include <stdio.h>
#include <string.h>

#include "core/timefmt.h"
#include "domain/decision.h"
#include "http/contact_json.h"
#include "http/jsonin.h"
#include "http/respond.h"
#include "store/store_contact.h"

#define LIST_DEFAULT 25
#define LIST_MAX 200

/* A contact's view built on the writer; a retried batch builds it again. */
struct view {
    struct store_tx *tx;
    json_t *json;
    enum err rc;
};

static void view_contact(const struct contact *c, void *arg)
{
    struct view *v = arg;
    json_decref(v->json);
    v->json = NULL;
    v->rc = contact_view_json(v->tx, c, &v->json);
}

/* Reads contact id into v (not audited). */
static enum err view_read(struct store_tx *tx, int64_t id, struct view *v)
{
    v->tx = tx;
    v->rc = E_OK;
    enum err rc = store_contact_get(tx, id, view_contact, v);
    return rc ? rc : v->rc;
}

static void location(struct request *req, int64_t id)
{
    char loc[64];
    snprintf(loc, sizeof(loc), "/api/contacts/%lld", (long long)id);
    respond_header(req, "Location", loc);
}

/* --- create -------------------------------------------------------------------------------- */

struct create {
    struct contact c;
    struct err_info info;
    struct view v;
};

static enum err create_apply(struct store_tx *tx, void *arg)
{
    struct create *cr = arg;
    memset(&cr->info, 0, sizeof(cr->info));
    enum err rc = store_contact_check_refs(tx, &cr->c, &cr->info);
    if (!rc)
        rc = store_contact_insert(tx, &cr->c);
    if (!rc) {
        cr->v.tx = tx;
        cr->v.rc = E_OK;
        rc = store_contact_inserted(tx, &cr->c, view_contact, &cr->v);
    }
    return rc ? rc : cr->v.rc;
}

static void created(struct request *req, enum err rc)
{
    struct create *cr = req->apply_arg;
    if (rc) {
        json_decref(cr->v.json);
        respond_err(req, rc, &cr->info);
        return;
    }
    respond_json(req, 201, cr->v.json);
    location(req, cr->c.id);
}

void contacts_create(struct request *req)
{
    struct create *cr = arena_alloc(&req->arena, sizeof(*cr));
    unsigned present = 0;
    enum err rc = jsonin_only(req->json, contact_field_names, &cr->info);
    if (!rc)
        rc = contact_from_json(req->json, &cr->c, &present, &cr->info);
    if (rc) {
        respond_err(req, rc, &cr->info);
        return;
    }
    struct err_list *all = arena_alloc(&req->arena, sizeof(*all));
    if (contact_validate_all(&cr->c, timefmt_now_ms(), all)) {
        respond_err_all(req, E_INVALID, all);
        return;
    }
    request_write(req, create_apply, cr, created);
}

/* --- read one, list ------------------------------------------------------------------------ */

struct one {
    int64_t id;
    struct view v;
};

static enum err get_apply(struct store_tx *tx, void *arg)
{
    struct one *o = arg;
    o->v.tx = tx;
    o->v.rc = E_OK;
    enum err rc = store_contact_read(tx, o->id, view_contact, &o->v);
    return rc ? rc : o->v.rc;
}

static void got(struct request *req, enum err rc)
{
    struct one *o = req->apply_arg;
    if (rc) {
        json_decref(o->v.json);
        respond_err(req, rc, NULL);
        return;
    }
    respond_json(req, 200, o->v.json);
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
    int64_t user_id; /* "my work" */
    json_t *items;
    json_t *offered;
    struct store_tx *tx;
    enum err rc;
};

static void add_contact(const struct contact *c, void *arg)
{
    struct page *p = arg;
    json_t *view = NULL;
    enum err rc = contact_view_json(p->tx, c, &view);
    if (rc) {
        if (!p->rc)
            p->rc = rc;
        return;
    }
    json_array_append_new(p->items, view);
}

static enum err list_apply(struct store_tx *tx, void *arg)
{
    struct page *p = arg;
    json_array_clear(p->items); /* a retried batch runs this again */
    p->tx = tx;
    p->rc = E_OK;
    enum err rc = store_contact_list(tx, p->limit, p->offset, &p->total, add_contact, p);
    return rc ? rc : p->rc;
}

static void listed(struct request *req, enum err rc)
{
    struct page *p = req->apply_arg;
    if (rc) {
        json_decref(p->items);
        json_decref(p->offered);
        respond_err(req, rc, NULL);
        return;
    }
    json_t *body = json_pack("{s:o, s:I, s:i, s:i}", "items", p->items, "total",
                             (json_int_t)p->total, "limit", p->limit, "offset", p->offset);
    if (p->offered)
        json_object_set_new(body, "offered", p->offered);
    respond_json(req, 200, body);
}

static struct page *page_new(struct request *req)
{
    struct err_info info = {{0}, {0}};
    struct page *p = arena_alloc(&req->arena, sizeof(*p));
    enum err rc = request_query_int(req, "limit", LIST_DEFAULT, 1, LIST_MAX, &p->limit, &info);
    if (!rc)
        rc = request_query_int(req, "offset", 0, 0, 100000000, &p->offset, &info);
    if (rc) {
        respond_err(req, rc, &info);
        return NULL;
    }
    p->items = json_array();
    return p;
}

void contacts_list(struct request *req)
{
    struct page *p = page_new(req);
    if (p)
        request_write(req, list_apply, p, listed);
}

static void add_offered(const struct handover *h, void *arg)
{
    json_array_append_new(arg, handover_to_json(h));
}

static enum err mine_apply(struct store_tx *tx, void *arg)
{
    struct page *p = arg;
    json_array_clear(p->items);
    json_array_clear(p->offered);
    p->tx = tx;
    p->rc = E_OK;
    enum err rc =
        store_contact_mine(tx, p->user_id, p->limit, p->offset, &p->total, add_contact, p);
    if (!rc)
        rc = p->rc;
    if (!rc)
        rc = store_contact_handovers_offered(tx, p->user_id, add_offered, p->offered);
    return rc;
}

void contacts_mine(struct request *req)
{
    struct page *p = page_new(req);
    if (!p)
        return;
    p->user_id = req->user.id;
    p->offered = json_array();
    request_write(req, mine_apply, p, listed);
}

/* --- amend (A10) ---------------------------------------------------------------------------- */

struct amend {
    int64_t id;
    struct contact patch;
    unsigned present;
    const char *reason;
    int expected; /* the version the client amends; 0 when not given */
    struct arena *arena;
    struct err_info info;
    struct err_list all; /* every field at fault when the amended contact breaks the rules */
    struct view v;
};

/* The amended contact against the recording rules: every field at fault goes to a->all. */
static enum err amend_validate(struct amend *a, const struct contact *cur, struct contact *next,
                               int64_t now)
{
    a->all.n = 0;
    enum err rc = contact_validate_all(next, now, &a->all);
    bool received_named = false;
    for (size_t i = 0; i < a->all.n; i++)
        received_named = received_named || strcmp(a->all.items[i].field, "received_at") == 0;
    struct err_info more;
    if (!received_named && contact_amend_check(cur, next, &more)) {
        err_list_add(&a->all, &more);
        rc = E_INVALID;
    }
    return rc;
}

static enum err amend_apply(struct store_tx *tx, void *arg)
{
    struct amend *a = arg;
    memset(&a->info, 0, sizeof(a->info));
    a->all.n = 0; /* a retried batch runs this again */
    struct contact cur, next;
    enum err rc = store_contact_fetch(tx, a->id, &cur, a->arena);
    if (rc)
        return rc;
    if (a->expected && a->expected != cur.version)
        return err_set(&a->info, E_CONFLICT, "version",
                       "the contact has changed since version %d (it is now version %d): "
                       "reload it and make your change again",
                       a->expected, cur.version);
    next = cur;
    contact_apply_fields(&next, &a->patch, a->present);
    rc = amend_validate(a, &cur, &next, store_tx_now(tx));
    if (!rc)
        rc = store_contact_check_refs(tx, &next, &a->info);
    if (rc)
        return rc;
    unsigned changed = contact_diff(&cur, &next);
    if (!changed)
        return err_set(&a->info, E_INVALID, "", "the amendment changes nothing");
    rc = store_contact_amend(tx, &next, changed, a->reason);
    if (rc == E_CONFLICT)
        return err_set(&a->info, E_CONFLICT, "version",
                       "the contact changed while it was being amended: reload it");
    if (!rc)
        rc = view_read(tx, a->id, &a->v);
    return rc;
}

static void amended(struct request *req, enum err rc)
{
    struct amend *a = req->apply_arg;
    if (rc) {
        json_decref(a->v.json);
        if (rc == E_INVALID && a->all.n > 0)
            respond_err_all(req, E_INVALID, &a->all);
        else
            respond_err(req, rc, &a->info);
        return;
    }
    respond_json(req, 200, a->v.json);
}

void contacts_amend(struct request *req)
{
    struct amend *a = arena_alloc(&req->arena, sizeof(*a));
    a->id = req->path_id;
    a->arena = &req->arena;
    enum err rc = E_OK;
    json_t *version = json_object_get(req->json, "version");
    if (version && !json_is_null(version)) {
        if (!json_is_integer(version) || json_integer_value(version) < 1 ||
            json_integer_value(version) > 1000000000)
            rc = err_set(&a->info, E_INVALID, "version",
                         "'version' must be the version number being amended");
        else
            a->expected = (int)json_integer_value(version);
    }
    if (!rc)
        rc = jsonin_only_either(req->json, contact_field_names, contact_json_amend_extra, &a->info);
    if (!rc)
        rc = jsonin_string(req->json, "reason", &a->reason, &a->info);
    if (!rc)
        rc = contact_from_json(req->json, &a->patch, &a->present, &a->info);
    if (!rc && !a->present)
        rc = err_set(&a->info, E_INVALID, "", "enter at least one change to the contact");
    if (!rc)
        rc = contact_amend_reason_check(a->reason, &a->info);
    if (rc) {
        respond_err(req, rc, &a->info);
        return;
    }
    request_write(req, amend_apply, a, amended);
}

/* --- versions -------------------------------------------------------------------------------- */

struct history {
    int64_t id;
    json_t *items;
};

static void add_version(const struct contact *c, const char *changed, const char *reason, void *arg)
{
    struct history *h = arg;
    json_t *fields = json_array();
    const char *p = changed;
    while (p && *p) {
        size_t n = strcspn(p, ",");
        json_array_append_new(fields, json_stringn(p, n));
        p += n + (p[n] == ',');
    }
    json_array_append_new(h->items,
                          json_pack("{s:i, s:o, s:o, s:s, s:o, s:o}", "version", c->version,
                                    "recorded_at", time_json(c->updated_at), "recorded_by",
                                    person_ref_json(c->updated_by, c->updated_by_name), "reason",
                                    reason, "changed", fields, "contact", contact_to_json(c)));
}

static enum err versions_apply(struct store_tx *tx, void *arg)
{
    struct history *h = arg;
    json_array_clear(h->items);
    return store_contact_versions(tx, h->id, add_version, h);
}

static void versions_done(struct request *req, enum err rc)
{
    struct history *h = req->apply_arg;
    if (rc) {
        json_decref(h->items);
        respond_err(req, rc, NULL);
        return;
    }
    respond_json(req, 200,
                 json_pack("{s:I, s:o}", "contact_id", (json_int_t)h->id, "items", h->items));
}

void contacts_versions(struct request *req)
{
    struct history *h = arena_alloc(&req->arena, sizeof(*h));
    h->id = req->path_id;
    h->items = json_array();
    request_write(req, versions_apply, h, versions_done);
}

/* --- handover (C8, H12) ---------------------------------------------------------------------- */

struct hand {
    int64_t contact_id;
    int64_t to_user_id;
    const char *note;
    const char *reason;
    bool accept;
    int64_t actor; /* the signed-in user */
    bool may_reassign;
    struct err_info info;
    struct handover pending; /* ids only: its strings are not kept */
    bool has_pending;
    json_t *json;
    struct view v;
};

static void note_pending(const struct handover *h, void *arg)
{
    struct hand *x = arg;
    x->pending = *h;
    x->pending.from_name = x->pending.to_name = x->pending.note = x->pending.reason = NULL;
    x->has_pending = true;
}

static void keep_handover_json(const struct handover *h, void *arg)
{
    struct hand *x = arg;
    json_decref(x->json);
    x->json = handover_to_json(h);
}

static enum err handover_apply(struct store_tx *tx, void *arg)
{
    struct hand *x = arg;
    memset(&x->info, 0, sizeof(x->info));
    x->has_pending = false;
    int64_t owner = 0;
    bool active = false;
    enum err rc = store_contact_owner(tx, x->contact_id, &owner);
    if (!rc)
        rc = store_contact_handover_pending(tx, x->contact_id, note_pending, x);
    if (!rc && x->to_user_id > 0)
        rc = store_contact_user_active(tx, x->to_user_id, &active);
    if (rc)
        return rc;
    struct handover_request r = {
        .owner_user_id = owner,
        .actor_user_id = x->actor,
        .actor_may_reassign = x->may_reassign,
        .to_user_id = x->to_user_id,
        .to_user_active = active,
        .pending = x->has_pending,
        .note = x->note,
    };
    rc = handover_request_check(&r, &x->info);
    if (rc)
        return rc;
    struct handover h = {
        .contact_id = x->contact_id,
        .from_user_id = owner,
        .to_user_id = x->to_user_id,
        .note = x->note,
    };
    rc = store_contact_handover_add(tx, &h);
    if (!rc)
        rc = store_contact_handover_pending(tx, x->contact_id, keep_handover_json, x);
    return rc;
}

static void handed(struct request *req, enum err rc)
{
    struct hand *x = req->apply_arg;
    if (rc) {
        json_decref(x->json);
        respond_err(req, rc, &x->info);
        return;
    }
    respond_json(req, 201, x->json);
}

void contacts_handover(struct request *req)
{
    static const char *const fields[] = {"to_user_id", "note", NULL};
    struct hand *x = arena_alloc(&req->arena, sizeof(*x));
    x->contact_id = req->path_id;
    x->actor = req->user.id;
    x->may_reassign = role_can(req->user.role, PERM_ALLOCATE);
    enum err rc = jsonin_only(req->json, fields, &x->info);
    if (!rc)
        rc = contact_json_id(req->json, "to_user_id", &x->to_user_id, &x->info);
    if (!rc)
        rc = jsonin_string(req->json, "note", &x->note, &x->info);
    if (rc) {
        respond_err(req, rc, &x->info);
        return;
    }
    request_write(req, handover_apply, x, handed);
}

static enum err answer_apply(struct store_tx *tx, void *arg)
{
    struct hand *x = arg;
    memset(&x->info, 0, sizeof(x->info));
    x->has_pending = false;
    int64_t owner = 0;
    enum err rc = store_contact_owner(tx, x->contact_id, &owner);
    if (!rc)
        rc = store_contact_handover_pending(tx, x->contact_id, note_pending, x);
    if (rc)
        return rc;
    if (!x->has_pending)
        return err_set(&x->info, E_CONFLICT, "",
                       "there is no handover of this contact waiting for an answer");
    rc = handover_answer_check(&x->pending, x->actor, x->accept, x->reason, &x->info);
    if (!rc)
        rc = store_contact_handover_answer(tx, &x->pending, x->accept, x->reason);
    if (!rc)
        rc = view_read(tx, x->contact_id, &x->v);
    return rc;
}

static void answered(struct request *req, enum err rc)
{
    struct hand *x = req->apply_arg;
    if (rc) {
        json_decref(x->v.json);
        respond_err(req, rc, &x->info);
        return;
    }
    respond_json(req, 200, x->v.json);
}

void contacts_handover_accept(struct request *req)
{
    struct hand *x = arena_alloc(&req->arena, sizeof(*x));
    x->contact_id = req->path_id;
    x->actor = req->user.id;
    x->accept = true;
    if (req->json) {
        static const char *const none[] = {NULL};
        enum err rc = jsonin_only(req->json, none, &x->info);
        if (rc) {
            respond_err(req, rc, &x->info);
            return;
        }
    }
    request_write(req, answer_apply, x, answered);
}

void contacts_handover_decline(struct request *req)
{
    static const char *const fields[] = {"reason", NULL};
    struct hand *x = arena_alloc(&req->arena, sizeof(*x));
    x->contact_id = req->path_id;
    x->actor = req->user.id;
    x->accept = false;
    enum err rc = jsonin_only(req->json, fields, &x->info);
    if (!rc)
        rc = jsonin_string(req->json, "reason", &x->reason, &x->info);
    if (rc) {
        respond_err(req, rc, &x->info);
        return;
    }
    request_write(req, answer_apply, x, answered);
}

/* --- taking an unowned contact (C8) ---------------------------------------------------------- */

static enum err take_apply(struct store_tx *tx, void *arg)
{
    struct hand *x = arg;
    memset(&x->info, 0, sizeof(x->info));
    enum err rc = store_contact_take(tx, x->contact_id,
                                     "Taken from the queue: nobody owned the contact", &x->info);
    if (!rc)
        rc = view_read(tx, x->contact_id, &x->v);
    return rc;
}

void contacts_take(struct request *req)
{
    struct hand *x = arena_alloc(&req->arena, sizeof(*x));
    x->contact_id = req->path_id;
    x->actor = req->user.id;
    if (req->json) {
        static const char *const none[] = {NULL};
        enum err rc = jsonin_only(req->json, none, &x->info);
        if (rc) {
            respond_err(req, rc, &x->info);
            return;
        }
    }
    request_write(req, take_apply, x, answered);
}

/* --- code sets ------------------------------------------------------------------------------- */

static json_t *strings_json(const char *const *values)
{
    json_t *a = json_array();
    for (size_t i = 0; values[i]; i++)
        json_array_append_new(a, json_string(values[i]));
    return a;
}

void contacts_codes(struct request *req)
{
    json_t *channels = json_array(), *sources = json_array(), *reasons = json_array();
    json_t *kinds = json_array(), *priorities = json_array();
    for (int c = CHANNEL_NONE + 1; c < CHANNEL_COUNT; c++)
        json_array_append_new(channels,
                              json_pack("{s:s, s:s, s:b}", "code", channel_name((enum channel)c),
                                        "label", channel_label((enum channel)c), "is_call",
                                        channel_is_call((enum channel)c)));
    for (int s = SOURCE_NONE + 1; s < SOURCE_COUNT; s++) {
        const char *const *codes = contact_source_codes((enum contact_source)s);
        json_t *census = json_array();
        for (size_t i = 0; codes[i]; i++)
            json_array_append_new(census, json_pack("{s:s, s:s}", "code", codes[i], "label",
                                                    contact_source_code_label(codes[i])));
        json_array_append_new(sources,
                              json_pack("{s:s, s:s, s:s, s:o}", "code",
                                        contact_source_name((enum contact_source)s), "label",
                                        contact_source_label((enum contact_source)s),
                                        "default_census_code", codes[0], "census_codes", census));
    }
    const char *code, *label;
    for (size_t i = 0; contact_reason_at(i, &code, &label); i++)
        json_array_append_new(reasons, json_pack("{s:s, s:s}", "code", code, "label", label));
    for (int k = DECISION_NONE + 1; k < DECISION_KIND_COUNT; k++)
        json_array_append_new(
            kinds, json_pack("{s:s, s:s, s:o}", "kind", decision_kind_name((enum decision_kind)k),
                             "label", decision_kind_label((enum decision_kind)k), "values",
                             strings_json(decision_kind_values((enum decision_kind)k))));
    const char *const *p = decision_kind_values(DECISION_PRIORITY);
    for (size_t i = 0; p[i]; i++) {
        enum workflow w = priority_workflow(p[i]);
        json_array_append_new(priorities,
                              json_pack("{s:s, s:s, s:s}", "priority", p[i], "workflow",
                                        workflow_name(w), "workflow_label", workflow_label(w)));
    }
    static const char *const consents[] = {"yes", "no", "not_asked", NULL};
    static const char *const services[] = {"children", "adults", NULL};
    static const char *const queues[] = {"contact_centre", "duty", "team", NULL};
    respond_json(req, 200,
                 json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s}", "channels", channels,
                           "sources", sources, "reasons", reasons, "consent",
                           strings_json(consents), "services", strings_json(services),
                           "decision_kinds", kinds, "priorities", priorities, "queues",
                           strings_json(queues), "danger_guidance", contact_danger_guidance()));
}
