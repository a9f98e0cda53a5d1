/*
 * greetings: the worker's name is their name in the directory when their sign-in is linked to
 * a worker, else the name on their sign-in. Scripts hold no personal data: the read is not
 * audited and runs on a read connection.
 */
#include "http/greetings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "domain/worker.h"
#include "http/respond.h"
#include "store/store_greeting.h"
#include "store/store_worker.h"

#define LINE_CODE_MAX 64

struct lookup {
    int64_t team_id;
    const char *code;
    int64_t user_id;
    char name[WORKER_NAME_MAX * 4 + 1];
    json_t *json;
};

static void fill(const struct greeting_line *g, void *arg)
{
    struct lookup *l = arg;
    char text[GREETING_OUT_MAX];
    greeting_fill(g->script, l->name, text, sizeof(text));
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
    struct worker *w = xmalloc(sizeof(*w));
    enum err rc = store_worker_by_user(tx, l->user_id, w);
    if (!rc)
        snprintf(l->name, sizeof(l->name), "%s", w->name);
    free(w);
    if (rc && rc != E_NOTFOUND)
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
