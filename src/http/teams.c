/*
 * teams: JSON over store/store_team. "open_now" and "next_open_at" come from the team's own
 * working calendar (hours, bank holidays, closed days), the same one its deadlines use.
 */
#include "http/teams.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timefmt.h"
#include "core/xalloc.h"
#include "domain/directory.h"
#include "http/directory_json.h"
#include "http/jsonin.h"
#include "http/respond.h"
#include "store/store_team.h"
#include "store/store_worker.h"

/* Adds open_now and next_open_at to o from the team's calendar at now_ms. */
static enum err add_open(struct store_tx *tx, int64_t team_id, int64_t now_ms, json_t *o)
{
    struct team_calendar tc;
    enum err rc = store_team_calendar(tx, team_id, &tc);
    if (rc)
        return rc;
    int64_t now = now_ms / 1000, next = 0;
    bool open = calendar_is_working_instant(&tc.cal, now);
    if (calendar_next_working_instant(&tc.cal, now, &next) != E_OK)
        next = 0;
    team_calendar_release(&tc);
    json_object_set_new(o, "open_now", json_boolean(open));
    json_object_set_new(o, "next_open_at", instant_to_json(next * 1000));
    return E_OK;
}

struct listing {
    struct store_team_filter filter;
    int64_t now_ms;
    json_t *items;
    int64_t *ids;
    size_t n, cap;
};

static void add_team(const struct team *t, void *arg)
{
    struct listing *l = arg;
    json_array_append_new(l->items, team_to_json(t));
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 32;
        l->ids = xrealloc(l->ids, l->cap * sizeof(*l->ids));
    }
    l->ids[l->n++] = t->id;
}

static enum err list_apply(struct store_tx *tx, void *arg)
{
    struct listing *l = arg;
    json_array_clear(l->items);
    l->n = 0;
    enum err rc = store_team_list(tx, &l->filter, add_team, l);
    for (size_t i = 0; !rc && i < l->n; i++)
        rc = add_open(tx, l->ids[i], l->now_ms, json_array_get(l->items, i));
    return rc;
}

void teams_list(struct request *req)
{
    struct err_info info = {{0}, {0}};
    struct listing l;
    memset(&l, 0, sizeof(l));
    const char *type = request_query(req, "type");
    l.filter.locality = request_query(req, "locality");
    l.filter.q = request_query(req, "q");
    if (type && *type) {
        l.filter.type = team_type_parse(type);
        if (l.filter.type == TEAM_TYPE_NONE) {
            respond_err(req, err_set(&info, E_INVALID, "type", "'%.40s' is not a team type", type),
                        &info);
            return;
        }
    }
    if ((l.filter.q && strlen(l.filter.q) > 100) ||
        (l.filter.locality && strlen(l.filter.locality) > 400)) {
        respond_err(req, err_set(&info, E_INVALID, "q", "the search text is too long"), &info);
        return;
    }
    l.now_ms = timefmt_now_ms();
    l.items = json_array();
    enum err rc = store_read(req->app->store, list_apply, &l);
    free(l.ids);
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
    json_t *json;
    json_t *members;
    json_t *closed;
};

static void add_member(const struct worker *w, void *arg)
{
    struct one *o = arg;
    bool manager = false;
    for (size_t i = 0; i < w->n_teams; i++)
        if (w->teams[i].team_id == o->id)
            manager = w->teams[i].is_manager;
    json_array_append_new(
        o->members, json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:b, s:s, s:s}", "id",
                              (json_int_t)w->id, "name", w->name, "role", worker_role_name(w->role),
                              "role_label", worker_role_label(w->role), "job_title", w->job_title,
                              "is_manager", manager, "safeguarding_qualified",
                              w->safeguarding_qualified, "phone", w->phone, "email", w->email));
}

static void add_closed(const struct team_closed_day *c, void *arg)
{
    struct one *o = arg;
    char day[DIRECTORY_DATE_SIZE];
    directory_date_format(c->day, day);
    json_array_append_new(o->closed, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)c->id, "date",
                                               day, "reason", c->reason));
}

static enum err get_apply(struct store_tx *tx, void *arg)
{
    struct one *o = arg;
    struct team *t = xmalloc(sizeof(*t));
    enum err rc = store_team_get(tx, o->id, t);
    if (!rc) {
        json_decref(o->json);
        o->json = team_to_json(t);
        json_array_clear(o->members);
        json_array_clear(o->closed);
        rc = add_open(tx, o->id, o->now_ms, o->json);
    }
    free(t);
    struct store_worker_filter f = {.team_id = o->id};
    if (!rc)
        rc = store_worker_list(tx, &f, add_member, o);
    if (!rc) {
        struct ukclock_local today;
        ukclock_to_local(o->now_ms / 1000, &today);
        struct ukclock_date from = {today.year, today.month, today.day};
        rc = store_team_closed_list(tx, o->id, from, add_closed, o);
    }
    return rc;
}

void teams_get(struct request *req)
{
    struct one o = {.id = req->path_id, .now_ms = timefmt_now_ms()};
    o.members = json_array();
    o.closed = json_array();
    enum err rc = store_read(req->app->store, get_apply, &o);
    if (rc) {
        json_decref(o.json);
        json_decref(o.members);
        json_decref(o.closed);
        respond_err(req, rc, NULL);
        return;
    }
    json_object_set_new(o.json, "members", o.members);
    json_object_set_new(o.json, "closed_days", o.closed);
    respond_json(req, 200, o.json);
}

/* --- writes ------------------------------------------------------------------------------- */

struct change {
    int64_t id; /* 0 when creating */
    json_t *body;
    const char *reason;
    struct team team;
    struct err_info info;
};

static void conflict_message(struct change *c, enum err rc)
{
    if (rc == E_CONFLICT && !c->info.message[0])
        err_set(&c->info, E_CONFLICT, "name", "a team called '%.100s' already exists",
                c->team.name);
}

static enum err create_apply(struct store_tx *tx, void *arg)
{
    struct change *c = arg;
    c->team.id = 0;
    enum err rc = store_team_insert(tx, &c->team);
    conflict_message(c, rc);
    return rc;
}

static enum err update_apply(struct store_tx *tx, void *arg)
{
    struct change *c = arg;
    memset(&c->info, 0, sizeof(c->info));
    enum err rc = store_team_get(tx, c->id, &c->team);
    if (!rc)
        rc = team_from_json(c->body, &c->team, &c->info);
    if (!rc)
        rc = store_team_update(tx, &c->team, c->reason);
    conflict_message(c, rc);
    return rc;
}

static void written(struct request *req, enum err rc)
{
    struct change *c = req->apply_arg;
    if (rc) {
        respond_err(req, rc, &c->info);
        return;
    }
    respond_json(req, c->id ? 200 : 201, team_to_json(&c->team));
    if (!c->id) {
        char location[64];
        snprintf(location, sizeof(location), "/api/teams/%lld", (long long)c->team.id);
        respond_header(req, "Location", location);
    }
}

void teams_create(struct request *req)
{
    struct change *c = arena_alloc(&req->arena, sizeof(*c));
    team_init(&c->team);
    enum err rc = team_from_json(req->json, &c->team, &c->info);
    if (rc) {
        respond_err(req, rc, &c->info);
        return;
    }
    request_write(req, create_apply, c, written);
}

void teams_update(struct request *req)
{
    struct change *c = arena_alloc(&req->arena, sizeof(*c));
    c->id = req->path_id;
    c->body = req->json;
    /* check the body's shape at once; the values are checked again on the stored team */
    struct team scratch;
    team_init(&scratch);
    snprintf(scratch.name, sizeof(scratch.name), "placeholder");
    scratch.type = TEAM_CONTACT_CENTRE;
    enum err rc = jsonin_string(req->json, "reason", &c->reason, &c->info);
    if (!rc)
        rc = team_from_json(req->json, &scratch, &c->info);
    if (rc) {
        respond_err(req, rc, &c->info);
        return;
    }
    request_write(req, update_apply, c, written);
}

struct closing {
    struct team_closed_day day;
    struct err_info info;
};

static enum err close_apply(struct store_tx *tx, void *arg)
{
    struct closing *c = arg;
    enum err rc = store_team_closed_add(tx, &c->day);
    if (rc == E_CONFLICT) {
        char d[DIRECTORY_DATE_SIZE];
        directory_date_format(c->day.day, d);
        err_set(&c->info, E_CONFLICT, "date", "the team is already closed on %s", d);
    }
    return rc;
}

static void closed(struct request *req, enum err rc)
{
    struct closing *c = req->apply_arg;
    if (rc) {
        respond_err(req, rc, &c->info);
        return;
    }
    char d[DIRECTORY_DATE_SIZE];
    directory_date_format(c->day.day, d);
    respond_json(req, 201,
                 json_pack("{s:I, s:I, s:s, s:s}", "id", (json_int_t)c->day.id, "team_id",
                           (json_int_t)c->day.team_id, "date", d, "reason", c->day.reason));
}

void teams_close_day(struct request *req)
{
    static const char *const fields[] = {"date", "reason", NULL};
    struct closing *c = arena_alloc(&req->arena, sizeof(*c));
    c->day.team_id = req->path_id;
    const char *date = NULL, *reason = NULL;
    enum err rc = jsonin_only(req->json, fields, &c->info);
    if (!rc)
        rc = jsonin_string(req->json, "date", &date, &c->info);
    if (!rc && !date)
        rc = err_set(&c->info, E_INVALID, "date", "enter the date the team is closed");
    if (!rc)
        rc = directory_date(date, "date", &c->day.day, &c->info);
    if (!rc)
        rc = jsonin_string(req->json, "reason", &reason, &c->info);
    if (!rc)
        rc = directory_text(c->day.reason, sizeof(c->day.reason), reason, TEAM_CLOSED_REASON_MAX,
                            true, false, "reason", "why the team is closed", &c->info);
    if (!rc)
        rc = team_closed_day_validate(&c->day, &c->info);
    if (rc) {
        respond_err(req, rc, &c->info);
        return;
    }
    request_write(req, close_apply, c, closed);
}
