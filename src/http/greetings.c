/*
 * greetings: JSON in and out for greeting scripts. The worker's name is their name in the
 * directory when their sign-in is linked to a worker, else the name on their sign-in. Scripts
 * hold no personal data: reads are not audited and run on a read connection; a change runs on
 * the writer, where the line's current version is read, compared with the version the caller
 * says it changes (409 when someone else changed it first) and with the script already there
 * (400 when nothing would change), and then written with its audit event in one transaction.
 *
 * JSON: a line is {id, team_id, team_name, duty_line, code, default, template, script,
 * version}: template is the script with its placeholders, script the same filled for the
 * signed-in worker, default true when the line has no script of its own. A version is
 * {version, template (null: back to the default), uses_default, changed_at, changed_by,
 * reason}.
 */
#include "http/greetings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "domain/worker.h"
#include "http/contact_json.h"
#include "http/jsonin.h"
#include "http/respond.h"
#include "store/scheduler.h"
#include "store/store_greeting.h"
#include "store/store_worker.h"

#define LINE_CODE_MAX 64
#define SCRIPT_BYTES (GREETING_SCRIPT_MAX * 4 + 1)
#define NAME_BYTES (WORKER_NAME_MAX * 4 + 1)

/* The name the signed-in user answers with into name (which holds their sign-in name). */
static enum err worker_name(struct store_tx *tx, int64_t user_id, char name[NAME_BYTES])
{
    struct worker *w = xmalloc(sizeof(*w));
    enum err rc = store_worker_by_user(tx, user_id, w);
    if (!rc)
        snprintf(name, NAME_BYTES, "%s", w->name);
    free(w);
    return rc == E_NOTFOUND ? E_OK : rc;
}

static json_t *line_json(const struct greeting_line *g, const char *name)
{
    char text[GREETING_OUT_MAX];
    greeting_render(g->script, name, g->team_name, text, sizeof(text));
    json_t *id = g->team_id ? json_integer((json_int_t)g->team_id) : json_null();
    return json_pack("{s:o, s:O, s:s, s:s, s:o, s:b, s:s, s:s, s:i}", "id", id, "team_id", id,
                     "team_name", g->team_name, "duty_line", g->duty_line, "code",
                     *g->line_code ? json_string(g->line_code) : json_null(), "default",
                     g->is_default, "template", g->script, "script", text, "version", g->version);
}

/* The default script: {template, version}. */
static json_t *default_json(const struct greeting_line *g)
{
    return json_pack("{s:s, s:i}", "template", g->script, "version", g->version);
}

static json_t *version_json(const struct greeting_version *v)
{
    return json_pack("{s:i, s:o, s:b, s:o, s:o, s:s}", "version", v->version, "template",
                     v->script ? json_string(v->script) : json_null(), "uses_default",
                     v->script == NULL, "changed_at", time_json(v->changed_at), "changed_by",
                     v->changed_by > 0 ? json_pack("{s:I, s:s}", "id", (json_int_t)v->changed_by,
                                                   "name", v->changed_by_name)
                                       : json_null(),
                     "reason", v->reason);
}

/* --- GET /api/greeting ------------------------------------------------------------------ */

struct lookup {
    int64_t team_id;
    const char *code;
    int64_t user_id;
    char name[NAME_BYTES];
    json_t *json;
};

static void fill(const struct greeting_line *g, void *arg)
{
    struct lookup *l = arg;
    char text[GREETING_OUT_MAX];
    greeting_render(g->script, l->name, g->team_name, text, sizeof(text));
    json_decref(l->json);
    l->json =
        json_pack("{s:s, s:s, s:s, s:b, s:{s:o, s:s, s:o}}", "script", text, "template", g->script,
                  "worker_name", l->name, "default", g->is_default, "line", "team_id",
                  g->team_id ? json_integer((json_int_t)g->team_id) : json_null(), "team_name",
                  g->team_name, "code", *g->line_code ? json_string(g->line_code) : json_null());
}

static enum err lookup_read(struct store_tx *tx, void *arg)
{
    struct lookup *l = arg;
    enum err rc = worker_name(tx, l->user_id, l->name);
    if (rc)
        return rc;
    return store_greeting_find(tx, l->team_id, l->code, fill, l);
}

/* A team id: digits only, no leading zero, at most 18 digits. */
static int64_t parse_team(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 18 || s[0] == '0' || strspn(s, "0123456789") != n)
        return 0;
    return (int64_t)strtoll(s, NULL, 10);
}

void greetings_get(struct request *req)
{
    const char *line = request_query(req, "line");
    if (!line || !*line) {
        respond_error(req, 400, "invalid", "say which line the call came in on", "line");
        return;
    }
    if (strlen(line) > LINE_CODE_MAX ||
        strspn(line, "abcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(line)) {
        respond_error(req, 400, "invalid",
                      "the line is a team id or a line code such as professional_line", "line");
        return;
    }
    struct lookup *l = arena_alloc(&req->arena, sizeof(*l));
    memset(l, 0, sizeof(*l));
    l->team_id = parse_team(line);
    l->code = l->team_id ? NULL : line;
    l->user_id = req->user.id;
    snprintf(l->name, sizeof(l->name), "%s", req->user.name);
    enum err rc = store_read(req->app->store, lookup_read, l);
    if (rc) {
        json_decref(l->json);
        if (rc == E_NOTFOUND)
            respond_error(req, 404, "not_found", "there is no such line", "line");
        else
            respond_err(req, rc, NULL);
        return;
    }
    respond_json(req, 200, l->json);
}

/* --- GET /api/lines and the history ---------------------------------------------------- */

struct listing {
    int64_t team_id; /* the line whose history is read; 0: the default's */
    int64_t user_id;
    char name[NAME_BYTES];
    json_t *items;
    json_t *line;
    json_t *default_script;
};

static void add_line(const struct greeting_line *g, void *arg)
{
    struct listing *l = arg;
    json_array_append_new(l->items, line_json(g, l->name));
}

static void keep_default(const struct greeting_line *g, void *arg)
{
    struct listing *l = arg;
    json_decref(l->default_script);
    l->default_script = default_json(g);
}

static void keep_line(const struct greeting_line *g, void *arg)
{
    struct listing *l = arg;
    json_decref(l->line);
    l->line = line_json(g, l->name);
}

static void add_version(const struct greeting_version *v, void *arg)
{
    struct listing *l = arg;
    json_array_append_new(l->items, version_json(v));
}

static void listing_release(struct listing *l)
{
    json_decref(l->items);
    json_decref(l->line);
    json_decref(l->default_script);
    l->items = l->line = l->default_script = NULL;
}

static enum err lines_read(struct store_tx *tx, void *arg)
{
    struct listing *l = arg;
    json_array_clear(l->items);
    enum err rc = worker_name(tx, l->user_id, l->name);
    if (!rc)
        rc = store_greeting_default(tx, keep_default, l);
    if (!rc)
        rc = store_greeting_lines(tx, add_line, l);
    return rc;
}

static struct listing *listing_new(struct request *req, int64_t team_id)
{
    struct listing *l = arena_alloc(&req->arena, sizeof(*l));
    memset(l, 0, sizeof(*l));
    l->team_id = team_id;
    l->user_id = req->user.id;
    snprintf(l->name, sizeof(l->name), "%s", req->user.name);
    l->items = json_array();
    return l;
}

void greetings_lines(struct request *req)
{
    struct listing *l = listing_new(req, 0);
    enum err rc = store_read(req->app->store, lines_read, l);
    if (rc) {
        listing_release(l);
        respond_err(req, rc, NULL);
        return;
    }
    json_t *body = json_pack("{s:O, s:O, s:s, s:[{s:s, s:s}, {s:s, s:s}]}", "items", l->items,
                             "default_script", l->default_script, "worker_name", l->name,
                             "placeholders", "placeholder", GREETING_PLACEHOLDER, "meaning",
                             "the name of the worker who answers", "placeholder",
                             GREETING_TEAM_PLACEHOLDER, "meaning", "the name of the line's team");
    listing_release(l);
    respond_json(req, 200, body);
}

static enum err history_read(struct store_tx *tx, void *arg)
{
    struct listing *l = arg;
    json_array_clear(l->items);
    enum err rc = worker_name(tx, l->user_id, l->name);
    if (!rc && l->team_id)
        rc = store_greeting_line(tx, l->team_id, keep_line, l);
    else if (!rc)
        rc = store_greeting_default(tx, keep_default, l);
    if (!rc)
        rc = store_greeting_history(tx, l->team_id, add_version, l);
    return rc;
}

static void history(struct request *req, int64_t team_id)
{
    struct listing *l = listing_new(req, team_id);
    enum err rc = store_read(req->app->store, history_read, l);
    if (rc) {
        listing_release(l);
        if (rc == E_NOTFOUND)
            respond_error(req, 404, "not_found", "there is no such line", NULL);
        else
            respond_err(req, rc, NULL);
        return;
    }
    json_t *body =
        team_id ? json_pack("{s:O, s:O}", "line", l->line, "items", l->items)
                : json_pack("{s:O, s:O}", "default_script", l->default_script, "items", l->items);
    listing_release(l);
    respond_json(req, 200, body);
}

void greetings_line_history(struct request *req)
{
    history(req, req->path_id);
}

void greetings_default_history(struct request *req)
{
    history(req, 0);
}

/* --- PUT: changing a script ------------------------------------------------------------- */

struct change {
    int64_t team_id;      /* 0: the default script */
    const char *script;   /* borrowed from req->json; NULL: the line uses the default */
    const char *reason;   /* borrowed from req->json */
    int expected_version; /* -1: not given */
    int64_t now;
    int64_t user_id;
    char name[NAME_BYTES];
    /* the line as it is, read on the writer */
    bool found;
    bool is_default;
    int version;
    char current[SCRIPT_BYTES];
    json_t *json;
    struct err_info info;
};

static void keep_current(const struct greeting_line *g, void *arg)
{
    struct change *c = arg;
    c->found = true;
    c->is_default = g->is_default;
    c->version = g->version;
    snprintf(c->current, sizeof(c->current), "%s", g->script);
}

static void keep_changed(const struct greeting_line *g, void *arg)
{
    struct change *c = arg;
    json_decref(c->json);
    c->json = c->team_id ? line_json(g, c->name) : default_json(g);
}

static enum err change_apply(struct store_tx *tx, void *arg)
{
    struct change *c = arg;
    c->found = false;
    enum err rc = c->team_id ? store_greeting_line(tx, c->team_id, keep_current, c)
                             : store_greeting_default(tx, keep_current, c);
    if (rc == E_NOTFOUND)
        return err_set(&c->info, E_NOTFOUND, "", "there is no such line");
    if (rc)
        return rc;
    if (c->expected_version >= 0 && c->expected_version != c->version)
        return err_set(&c->info, E_CONFLICT, "version",
                       "the greeting was changed by someone else since version %d: reload it",
                       c->expected_version);
    if (!c->script && c->is_default)
        return err_set(&c->info, E_INVALID, "script", "the line already uses the default script");
    /* a line on the default that is given the default's words gets a script of its own */
    if (c->script && (!c->is_default || !c->team_id) && strcmp(c->script, c->current) == 0)
        return err_set(&c->info, E_INVALID, "script",
                       "the script is the same as the one in use: change it, or leave it");
    int version;
    if (c->team_id)
        rc = store_greeting_set(tx, c->team_id, NULL, c->script, c->now, c->reason, &version);
    else
        rc = store_greeting_set_default(tx, c->script, c->now, c->reason, &version);
    if (!rc)
        rc = worker_name(tx, c->user_id, c->name);
    if (!rc)
        rc = c->team_id ? store_greeting_line(tx, c->team_id, keep_changed, c)
                        : store_greeting_default(tx, keep_changed, c);
    return rc;
}

static void change_done(struct request *req, enum err rc)
{
    struct change *c = req->apply_arg;
    if (rc) {
        json_decref(c->json);
        respond_err(req, rc, &c->info);
        return;
    }
    respond_json(req, 200, c->json);
}

static void change(struct request *req, int64_t team_id)
{
    static const char *const fields[] = {"script", "reason", "version", NULL};
    struct change *c = arena_alloc(&req->arena, sizeof(*c));
    memset(c, 0, sizeof(*c));
    c->team_id = team_id;
    c->expected_version = -1;
    enum err rc = jsonin_only(req->json, fields, &c->info);
    json_t *script = json_object_get(req->json, "script");
    if (!rc && !script)
        rc = err_set(&c->info, E_INVALID, "script",
                     team_id ? "give the new script, or null for the default script"
                             : "give the new default script");
    if (!rc && json_is_null(script) && !team_id)
        rc = err_set(&c->info, E_INVALID, "script", "the default script cannot be removed");
    if (!rc)
        rc = jsonin_string(req->json, "script", &c->script, &c->info);
    if (!rc && c->script)
        rc = greeting_script_check(c->script, &c->info);
    if (!rc)
        rc = jsonin_string(req->json, "reason", &c->reason, &c->info);
    if (!rc)
        rc = greeting_reason_check(c->reason, &c->info);
    json_t *v = json_object_get(req->json, "version");
    if (!rc && v && !json_is_null(v)) {
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 1000000)
            rc = err_set(&c->info, E_INVALID, "version",
                         "give the version you are changing, as a whole number");
        else
            c->expected_version = (int)json_integer_value(v);
    }
    if (rc) {
        respond_err(req, rc, &c->info);
        return;
    }
    c->now = scheduler_now(req->app->scheduler);
    c->user_id = req->user.id;
    snprintf(c->name, sizeof(c->name), "%s", req->user.name);
    request_write(req, change_apply, c, change_done);
}

void greetings_line_put(struct request *req)
{
    change(req, req->path_id);
}

void greetings_default_put(struct request *req)
{
    change(req, 0);
}
