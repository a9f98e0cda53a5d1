/*
 * workers: JSON over store/store_worker, with availability from domain/availability on the
 * entries that overlap the next AVAILABILITY_HORIZON_MS. Calendar imports are parsed on the
 * HTTP thread (domain/ics) and written in one audited transaction.
 */
#include "http/workers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/timefmt.h"
#include "core/xalloc.h"
#include "domain/directory.h"
#include "domain/ics.h"
#include "domain/role.h"
#include "http/directory_json.h"
#include "http/jsonin.h"
#include "http/respond.h"
#include "store/store_user.h"
#include "store/store_worker.h"

#define CALENDAR_LIST_MAX_MS (400LL * 24 * 3600 * 1000)

struct entries {
    struct availability_entry *v;
    size_t n, cap;
};

static void keep_entry(const struct availability_entry *e, void *arg)
{
    struct entries *es = arg;
    if (es->n == es->cap) {
        es->cap = es->cap ? es->cap * 2 : 16;
        es->v = xrealloc(es->v, es->cap * sizeof(*es->v));
    }
    es->v[es->n++] = *e;
}

/* The availability of w at now_ms as JSON (new reference). */
static enum err availability_json(struct store_tx *tx, const struct worker *w, int64_t now_ms,
                                  json_t **out)
{
    struct entries es = {NULL, 0, 0};
    enum err rc =
        store_worker_entries(tx, w->id, now_ms, now_ms + AVAILABILITY_HORIZON_MS, keep_entry, &es);
    struct availability av;
    if (!rc)
        rc = availability_compute(w, es.v, es.n, now_ms, &av);
    if (rc) {
        free(es.v);
        return rc;
    }
    json_t *current =
        av.current_entry >= 0 ? entry_to_json(&es.v[av.current_entry], false) : json_null();
    free(es.v);
    struct ukclock_local local;
    ukclock_to_local(now_ms / 1000, &local);
    struct ukclock_date today = {local.year, local.month, local.day};
    enum ukclock_weekday wd = ukclock_weekday(ukclock_days_from_date(today));
    *out = json_pack("{s:I, s:s, s:s, s:b, s:o, s:o, s:o, s:s}", "worker_id", (json_int_t)w->id,
                     "name", w->name, "status", availability_status_name(av.status),
                     "available_now", av.available_now, "next_available_at",
                     instant_to_json(av.next_available_at), "current_entry", current, "checked_at",
                     instant_to_json(now_ms), "hours_today", w->hours.day[wd]);
    return E_OK;
}

/* --- list and read ----------------------------------------------------------------------- */

struct listing {
    struct store_worker_filter filter;
    int64_t now_ms;
    json_t *items;
    struct worker *rows;
    size_t n, cap;
};

static void keep_worker(const struct worker *w, void *arg)
{
    struct listing *l = arg;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->rows = xrealloc(l->rows, l->cap * sizeof(*l->rows));
    }
    l->rows[l->n++] = *w;
}

static enum err list_apply(struct store_tx *tx, void *arg)
{
    struct listing *l = arg;
    l->n = 0;
    json_array_clear(l->items);
    enum err rc = store_worker_list(tx, &l->filter, keep_worker, l);
    for (size_t i = 0; !rc && i < l->n; i++) {
        json_t *w = worker_to_json(&l->rows[i]), *av = NULL;
        rc = availability_json(tx, &l->rows[i], l->now_ms, &av);
        if (rc) {
            json_decref(w);
            break;
        }
        json_object_set_new(w, "availability", av);
        json_array_append_new(l->items, w);
    }
    return rc;
}

void workers_list(struct request *req)
{
    struct err_info info = {{0}, {0}};
    struct listing l;
    memset(&l, 0, sizeof(l));
    int team = 0, safeguarding = 0;
    enum err rc = request_query_int(req, "team", 0, 0, 2000000000, &team, &info);
    if (!rc)
        rc = request_query_int(req, "safeguarding", 0, 0, 1, &safeguarding, &info);
    const char *role = request_query(req, "role");
    l.filter.team_id = team;
    l.filter.safeguarding_only = safeguarding == 1;
    l.filter.q = request_query(req, "q");
    if (!rc && role && *role) {
        l.filter.role = worker_role_parse(role);
        if (l.filter.role == WORKER_ROLE_NONE)
            rc = err_set(&info, E_INVALID, "role", "'%.40s' is not a worker role", role);
    }
    if (!rc && l.filter.q && strlen(l.filter.q) > 100)
        rc = err_set(&info, E_INVALID, "q", "the search text is too long");
    if (rc) {
        respond_err(req, rc, &info);
        return;
    }
    l.now_ms = timefmt_now_ms();
    l.items = json_array();
    rc = store_read(req->app->store, list_apply, &l);
    free(l.rows);
    if (rc) {
        json_decref(l.items);
        respond_err(req, rc, NULL);
        return;
    }
    respond_json(req, 200, json_pack("{s:o}", "items", l.items));
}

struct one {
    int64_t id;
    int64_t now_ms;
    int availability_only;
    json_t *json;
};

static enum err get_apply(struct store_tx *tx, void *arg)
{
    struct one *o = arg;
    struct worker *w = xmalloc(sizeof(*w));
    json_t *av = NULL;
    enum err rc = store_worker_get(tx, o->id, w);
    if (!rc)
        rc = availability_json(tx, w, o->now_ms, &av);
    if (!rc && o->availability_only) {
        o->json = av;
        json_t *manager = json_null();
        if (w->line_manager_id) {
            struct worker *m = xmalloc(sizeof(*m));
            if (store_worker_get(tx, w->line_manager_id, m) == E_OK)
                manager = json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)m->id, "name",
                                    m->name, "phone", m->phone, "email", m->email);
            free(m);
        }
        /* H9: when the worker cannot be reached, their line manager is next */
        json_object_set_new(o->json, "line_manager", manager);
    } else if (!rc) {
        o->json = worker_to_json(w);
        json_object_set_new(o->json, "availability", av);
    }
    free(w);
    return rc;
}

static void respond_one(struct request *req, int availability_only)
{
    struct one o = {
        .id = req->path_id, .now_ms = timefmt_now_ms(), .availability_only = availability_only};
    enum err rc = store_read(req->app->store, get_apply, &o);
    if (rc) {
        json_decref(o.json);
        respond_err(req, rc, NULL);
        return;
    }
    respond_json(req, 200, o.json);
}

void workers_get(struct request *req)
{
    respond_one(req, 0);
}

void workers_availability(struct request *req)
{
    respond_one(req, 1);
}

/* --- create and change ------------------------------------------------------------------ */

struct change {
    int64_t id; /* 0 when creating */
    json_t *body;
    const char *username;
    const char *reason;
    struct worker worker;
    struct err_info info;
};

static enum err resolve_username(struct store_tx *tx, struct change *c)
{
    if (!c->username)
        return E_OK;
    if (!*c->username) {
        c->worker.user_id = 0;
        return E_OK;
    }
    struct user u;
    enum err rc = store_user_by_username(tx, c->username, &u);
    if (rc == E_NOTFOUND)
        return err_set(&c->info, E_INVALID, "username", "there is no user '%.64s'", c->username);
    if (!rc)
        c->worker.user_id = u.id;
    return rc;
}

static enum err create_apply(struct store_tx *tx, void *arg)
{
    struct change *c = arg;
    memset(&c->info, 0, sizeof(c->info));
    c->worker.id = 0;
    enum err rc = resolve_username(tx, c);
    if (!rc)
        rc = store_worker_insert(tx, &c->worker, &c->info);
    if (!rc)
        rc = store_worker_get(tx, c->worker.id, &c->worker);
    return rc;
}

static enum err update_apply(struct store_tx *tx, void *arg)
{
    struct change *c = arg;
    memset(&c->info, 0, sizeof(c->info));
    enum err rc = store_worker_get(tx, c->id, &c->worker);
    if (!rc)
        rc = worker_from_json(c->body, &c->worker, &c->username, &c->info);
    if (!rc)
        rc = resolve_username(tx, c);
    if (!rc)
        rc = store_worker_update(tx, &c->worker, c->reason, &c->info);
    if (!rc)
        rc = store_worker_get(tx, c->id, &c->worker);
    return rc;
}

static void written(struct request *req, enum err rc)
{
    struct change *c = req->apply_arg;
    if (rc) {
        respond_err(req, rc, &c->info);
        return;
    }
    respond_json(req, c->id ? 200 : 201, worker_to_json(&c->worker));
    if (!c->id) {
        char location[64];
        snprintf(location, sizeof(location), "/api/workers/%lld", (long long)c->worker.id);
        respond_header(req, "Location", location);
    }
}

void workers_create(struct request *req)
{
    struct change *c = arena_alloc(&req->arena, sizeof(*c));
    worker_init(&c->worker);
    enum err rc = worker_from_json(req->json, &c->worker, &c->username, &c->info);
    if (rc) {
        respond_err(req, rc, &c->info);
        return;
    }
    request_write(req, create_apply, c, written);
}

void workers_update(struct request *req)
{
    struct change *c = arena_alloc(&req->arena, sizeof(*c));
    c->id = req->path_id;
    c->body = req->json;
    struct worker *scratch = arena_alloc(&req->arena, sizeof(*scratch));
    worker_init(scratch);
    snprintf(scratch->name, sizeof(scratch->name), "placeholder");
    scratch->role = WORKER_OTHER;
    const char *username = NULL;
    enum err rc = jsonin_string(req->json, "reason", &c->reason, &c->info);
    if (!rc)
        rc = worker_from_json(req->json, scratch, &username, &c->info);
    if (rc) {
        respond_err(req, rc, &c->info);
        return;
    }
    request_write(req, update_apply, c, written);
}

/* --- calendar ----------------------------------------------------------------------------- */

/* May the signed-in user see titles and change the calendar of worker w? */
static bool may_manage(const struct request *req, const struct worker *w)
{
    if (req->auth != AUTH_SESSION)
        return false;
    return role_can(req->user.role, PERM_DIRECTORY_ADMIN) ||
           (w->user_id && w->user_id == req->user.id);
}

struct calendar_listing {
    int64_t id, from_ms, to_ms;
    const struct request *req;
    bool show_titles;
    json_t *items;
};

static void add_entry_json(const struct availability_entry *e, void *arg)
{
    struct calendar_listing *l = arg;
    json_array_append_new(l->items, entry_to_json(e, l->show_titles));
}

static enum err calendar_list_apply(struct store_tx *tx, void *arg)
{
    struct calendar_listing *l = arg;
    struct worker *w = xmalloc(sizeof(*w));
    enum err rc = store_worker_get(tx, l->id, w);
    if (!rc) {
        l->show_titles = may_manage(l->req, w);
        rc = store_worker_entries(tx, l->id, l->from_ms, l->to_ms, add_entry_json, l);
    }
    free(w);
    return rc;
}

void workers_calendar_list(struct request *req)
{
    struct err_info info = {{0}, {0}};
    struct calendar_listing l = {.id = req->path_id, .req = req};
    int64_t now = timefmt_now_ms();
    const char *from = request_query(req, "from"), *to = request_query(req, "to");
    enum err rc = E_OK;
    l.from_ms = now;
    if (from && *from)
        rc = directory_instant(from, "from", &l.from_ms, &info);
    l.to_ms = l.from_ms + 31LL * 24 * 3600 * 1000;
    if (!rc && to && *to)
        rc = directory_instant(to, "to", &l.to_ms, &info);
    if (!rc && (l.to_ms <= l.from_ms || l.to_ms - l.from_ms > CALENDAR_LIST_MAX_MS))
        rc = err_set(&info, E_INVALID, "to", "'to' must be after 'from' and at most 400 days on");
    if (rc) {
        respond_err(req, rc, &info);
        return;
    }
    l.items = json_array();
    rc = store_read(req->app->store, calendar_list_apply, &l);
    if (rc) {
        json_decref(l.items);
        respond_err(req, rc, NULL);
        return;
    }
    respond_json(req, 200,
                 json_pack("{s:I, s:o, s:o, s:o}", "worker_id", (json_int_t)l.id, "from",
                           instant_to_json(l.from_ms), "to", instant_to_json(l.to_ms), "items",
                           l.items));
}

struct calendar_add {
    int64_t worker_id;
    const struct request *req;
    int is_import;
    struct availability_entry entry; /* one entry (JSON) */
    struct ics_import import;        /* an iCalendar file */
    struct err_info info;
};

static enum err calendar_add_apply(struct store_tx *tx, void *arg)
{
    struct calendar_add *c = arg;
    struct worker *w = xmalloc(sizeof(*w));
    enum err rc = store_worker_get(tx, c->worker_id, w);
    if (!rc && !may_manage(c->req, w))
        rc = err_set(&c->info, E_DENIED, "",
                     "only the worker or a directory administrator can change this calendar");
    free(w);
    if (rc)
        return rc;
    if (!c->is_import) {
        c->entry.worker_id = c->worker_id;
        return store_worker_entry_add(tx, &c->entry);
    }
    char reason[96];
    snprintf(reason, sizeof(reason), "%zu entries from an iCalendar file", c->import.n);
    return store_worker_entries_import(tx, c->worker_id, c->import.entries, c->import.n, reason);
}

static void calendar_added(struct request *req, enum err rc)
{
    struct calendar_add *c = req->apply_arg;
    if (rc) {
        ics_import_release(&c->import);
        respond_err(req, rc, &c->info);
        return;
    }
    if (!c->is_import) {
        respond_json(req, 201, entry_to_json(&c->entry, true));
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < c->import.n; i++)
        json_array_append_new(items, entry_to_json(&c->import.entries[i], true));
    respond_json(req, 200,
                 json_pack("{s:I, s:I, s:I, s:I, s:o}", "worker_id", (json_int_t)c->worker_id,
                           "events", (json_int_t)c->import.n_events, "imported",
                           (json_int_t)c->import.n, "skipped", (json_int_t)c->import.n_skipped,
                           "items", items));
    ics_import_release(&c->import);
}

static bool content_type_is(const char *ct, const char *want)
{
    size_t n = strlen(want);
    return ct && strncasecmp(ct, want, n) == 0 && (ct[n] == '\0' || ct[n] == ';');
}

void workers_calendar_add(struct request *req)
{
    struct calendar_add *c = arena_alloc(&req->arena, sizeof(*c));
    c->worker_id = req->path_id;
    c->req = req;
    const char *ct = request_header(req, "Content-Type");
    enum err rc;
    if (content_type_is(ct, "text/calendar")) {
        c->is_import = 1;
        rc = ics_parse(req->body.data, timefmt_now_ms(), &c->import, &c->info);
    } else if (content_type_is(ct, "application/json")) {
        json_error_t jerr;
        json_t *body = json_loadb(req->body.data, req->body.len, JSON_REJECT_DUPLICATES, &jerr);
        if (!body || !json_is_object(body)) {
            json_decref(body);
            respond_error(req, 400, "invalid_json", "the body must be a JSON object", NULL);
            return;
        }
        rc = entry_from_json(body, &c->entry, &c->info);
        json_decref(body); /* entry_from_json copied what it needs */
    } else {
        respond_error(req, 415, "unsupported_media_type",
                      "send one entry as application/json or a calendar as text/calendar", NULL);
        return;
    }
    if (rc) {
        ics_import_release(&c->import);
        respond_err(req, rc, &c->info);
        return;
    }
    request_write(req, calendar_add_apply, c, calendar_added);
}
