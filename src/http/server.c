/*
 * server: libmicrohttpd glue and the checks every request passes in order — route (404/405),
 * body size (413; REQUEST_BODY_MAX, unless routes_body_max allows a known caller more),
 * sign-in (401), CSRF (403), role or token scope (403), content type (415), JSON (400) —
 * before its handler runs. Nothing reaches a handler that failed a check, so
 * nothing is stored from a rejected request.
 */
#include "http/server.h"

#include <errno.h>
#include <netdb.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/secret.h"
#include "core/timefmt.h"
#include "core/xalloc.h"
#include "http/auth.h"
#include "http/metrics.h"
#include "http/ratelimit.h"
#include "http/respond.h"
#include "http/routes.h"
#include "http/static.h"

struct server {
    struct app *app;
    struct MHD_Daemon *daemon;
    atomic_int in_flight; /* requests announced and not yet completed */
};

int64_t request_actor(const struct request *req)
{
    if (req->auth == AUTH_SESSION)
        return req->user.id;
    if (req->auth == AUTH_TOKEN)
        return -req->token.id;
    return 0;
}

const char *request_query(struct request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *request_header(struct request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

/* A whole number in [min, max] from the query string, or def when absent. */
enum err request_query_int(struct request *req, const char *name, int def, int min, int max,
                          int *out, struct err_info *info)
{
    const char *text = request_query(req, name);
    *out = def;
    if (!text)
        return E_OK;
    char *end = NULL;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (!*text || *end || errno || v < min || v > max)
        return err_set(info, E_INVALID, name, "'%s' must be a whole number from %d to %d", name,
                       min, max);
    *out = (int)v;
    return E_OK;
}

static void resume(struct request *req, enum err rc)
{
    req->async_rc = rc;
    req->state = REQ_RESUMED;
    MHD_resume_connection(req->conn);
}

static enum err write_apply(struct store_tx *tx, void *arg)
{
    struct request *req = arg;
    store_tx_set_actor(tx, request_actor(req), req->id);
    return req->apply(tx, req->apply_arg);
}

static void write_done(void *arg, enum err rc)
{
    resume(arg, rc);
}

void request_write(struct request *req, store_apply_fn apply, void *arg, request_finish_fn finish)
{
    req->apply = apply;
    req->apply_arg = arg;
    req->finish = finish;
    req->state = REQ_WAITING;
    req->went_async = 1;
    /* suspend before submitting: the writer may finish before this function returns */
    MHD_suspend_connection(req->conn);
    store_submit(req->app->store, write_apply, req, write_done);
}

static void slow_main(void *arg)
{
    struct request *req = arg;
    req->slow_fn(req);
    resume(req, req->async_rc);
}

void request_slow(struct request *req, void (*fn)(struct request *req), request_finish_fn finish)
{
    req->slow_fn = fn;
    req->finish = finish;
    req->async_rc = E_OK;
    req->state = REQ_WAITING;
    req->went_async = 1;
    MHD_suspend_connection(req->conn);
    workpool_run(req->app->slow, slow_main, req);
}

static void new_request_id(char out[17])
{
    char token[SECRET_TOKEN_LEN];
    secret_token_new(token);
    /* 16 URL-safe random characters are plenty to tell requests apart in logs */
    memcpy(out, token, 16);
    out[16] = '\0';
}

static int is_json_type(const char *ct)
{
    if (!ct)
        return 0;
    size_t n = strlen("application/json");
    return strncasecmp(ct, "application/json", n) == 0 && (ct[n] == '\0' || ct[n] == ';');
}

static int method_changes_state(const char *m)
{
    return strcmp(m, "POST") == 0 || strcmp(m, "PUT") == 0 || strcmp(m, "PATCH") == 0 ||
           strcmp(m, "DELETE") == 0;
}

/* The checks before a handler; returns 1 when the handler may run. */
static int admit(struct request *req)
{
    const struct route *rt = req->route;
    if (req->body_too_big) {
        respond_err(req, E_TOOBIG, NULL);
        return 0;
    }
    if (rt->auth != ROUTE_PUBLIC) {
        struct err_info info = {{0}, {0}};
        enum err rc = auth_resolve(req, &info);
        if (rc) {
            respond_err(req, rc, &info);
            return 0;
        }
        if (req->auth == AUTH_SESSION && !(rt->auth & ROUTE_SESSION)) {
            respond_err(req, E_DENIED, NULL);
            return 0;
        }
        if (req->auth == AUTH_TOKEN &&
            (!(rt->auth & ROUTE_TOKEN) || !rt->scope || strcmp(rt->scope, req->token.scope))) {
            respond_error(req, 403, "forbidden", "this token's scope does not allow this", NULL);
            return 0;
        }
        if (req->auth == AUTH_SESSION && method_changes_state(req->method) &&
            !auth_csrf_ok(req)) {
            respond_error(req, 403, "csrf",
                          "the request is missing a valid X-CSRF-Token header", NULL);
            return 0;
        }
        if (req->auth == AUTH_SESSION && rt->permission &&
            !role_can(req->user.role, (enum permission)rt->permission)) {
            respond_err(req, E_DENIED, NULL);
            return 0;
        }
    }
    if (rt->json_body) {
        if (!is_json_type(request_header(req, "Content-Type"))) {
            respond_error(req, 415, "unsupported_media_type",
                          "send the body as application/json", NULL);
            return 0;
        }
        json_error_t jerr;
        req->json = json_loadb(req->body.data, req->body.len, JSON_REJECT_DUPLICATES, &jerr);
        if (!req->json) {
            char msg[256];
            snprintf(msg, sizeof(msg), "the body is not valid JSON: %s (line %d, column %d)",
                     jerr.text, jerr.line, jerr.column);
            respond_error(req, 400, "invalid_json", msg, NULL);
            return 0;
        }
        if (!json_is_object(req->json)) {
            respond_error(req, 400, "invalid_json", "the body must be a JSON object", NULL);
            return 0;
        }
    }
    return 1;
}

static void dispatch(struct request *req)
{
    int64_t id = 0;
    int index = -1;
    enum route_match m = routes_match(req->method, req->path, &index, &id);
    req->is_api = strncmp(req->path, "/api/", 5) == 0;
    if (m == ROUTE_NO_PATH) {
        const char *accept = request_header(req, "Accept");
        if (!req->is_api && accept && strstr(accept, "text/html")) {
            static_page(req); /* a browser gets the app, which says "Page not found" */
            req->status = 404;
            return;
        }
        respond_error(req, 404, "not_found", "there is nothing at this address", NULL);
        return;
    }
    if (m == ROUTE_NO_METHOD) {
        char allow[128];
        routes_allowed(req->path, allow, sizeof(allow));
        respond_error(req, 405, "method_not_allowed", "this address does not accept that method",
                      NULL);
        respond_header(req, "Allow", allow);
        return;
    }
    req->route = &routes_table[index];
    req->route_index = index;
    req->path_id = id;
    req->is_api = req->route->kind == ROUTE_API;
    if (admit(req))
        req->route->handler(req);
}

static enum MHD_Result queue(struct request *req)
{
    if (!req->response)
        respond_err(req, E_DB, NULL); /* a handler forgot to respond: a bug, not the client's */
    respond_security_headers(req->response, req->is_api);
    MHD_add_response_header(req->response, "X-Request-Id", req->id);
    enum MHD_Result r = MHD_queue_response(req->conn, req->status, req->response);
    MHD_destroy_response(req->response);
    req->response = NULL;
    return r;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)version;
    struct server *srv = cls;
    struct request *req = *con_cls;
    if (!req) {
        /* first call: announce only; answering now would close the connection (0.9.75) */
        req = xcalloc(1, sizeof(*req));
        req->app = srv->app;
        req->server = srv;
        req->conn = conn;
        req->method = method;
        req->path = url;
        req->route_index = -1;
        req->start_us = timefmt_mono_us();
        arena_init(&req->arena);
        buf_init(&req->body);
        new_request_id(req->id);
        /* a route that takes files reads its larger body only from a caller it knows */
        req->body_max = routes_body_max(method, url);
        struct err_info ignored;
        if (req->body_max > REQUEST_BODY_MAX && auth_resolve(req, &ignored) != E_OK)
            req->body_max = REQUEST_BODY_MAX;
        atomic_fetch_add(&srv->in_flight, 1);
        *con_cls = req;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (req->body.len + *upload_data_size > req->body_max)
            req->body_too_big = 1; /* keep reading, store nothing */
        else
            buf_add(&req->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    /* went_async is written only on this thread; state may already have been set to
     * REQ_RESUMED by the writer by the time the handler returns, so it is not read here */
    req->went_async = 0;
    if (req->state == REQ_NEW) {
        dispatch(req);
    } else if (req->state == REQ_RESUMED) {
        req->state = REQ_NEW;
        req->finish(req, req->async_rc);
    }
    if (req->went_async)
        return MHD_YES;
    return queue(req);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)conn;
    (void)toe;
    struct server *srv = cls;
    struct request *req = *con_cls;
    if (!req)
        return;
    int64_t us = timefmt_mono_us() - req->start_us;
    metrics_observe(srv->app->metrics, req->route_index, req->status, us);
    if (log_get_level() <= LOG_INFO) {
        char ts[TIMEFMT_LEN], line[512];
        timefmt_utc(timefmt_now_ms(), ts);
        snprintf(line, sizeof(line),
                 "{\"ts\":\"%s\",\"request_id\":\"%s\",\"method\":\"%s\",\"route\":\"%s\","
                 "\"status\":%u,\"duration_ms\":%.3f}",
                 ts, req->id, req->route ? req->route->method : "-",
                 req->route ? req->route->pattern : "-", req->status, (double)us / 1000.0);
        log_json(line);
    }
    if (req->response)
        MHD_destroy_response(req->response);
    json_decref(req->json);
    buf_release(&req->body);
    arena_release(&req->arena);
    secret_wipe(req->csrf_token, sizeof(req->csrf_token));
    free(req);
    *con_cls = NULL;
    atomic_fetch_sub(&srv->in_flight, 1);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    msg[strcspn(msg, "\n")] = '\0';
    log_warn("http: %s", msg);
}

enum err server_start(struct app *app, const char *host, int port, struct server **out,
                      struct err_info *info)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_NUMERICSERV | AI_PASSIVE};
    struct addrinfo *ai = NULL;
    char port_text[16];
    snprintf(port_text, sizeof(port_text), "%d", port);
    if (getaddrinfo(host, port_text, &hints, &ai) != 0 || !ai)
        return err_set(info, E_INVALID, "listen", "cannot resolve listen address '%s'", host);
    struct server *srv = xcalloc(1, sizeof(*srv));
    srv->app = app;
    atomic_init(&srv->in_flight, 0);
    app->metrics = metrics_new(routes_count);
    app->ratelimit = ratelimit_new(RATELIMIT_MAX_KEYS);
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
    if (ai->ai_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    srv->daemon = MHD_start_daemon(
        flags, (uint16_t)port, NULL, NULL, on_request, srv, MHD_OPTION_EXTERNAL_LOGGER, mhd_log,
        NULL, MHD_OPTION_SOCK_ADDR, ai->ai_addr,
        MHD_OPTION_THREAD_POOL_SIZE, 2, MHD_OPTION_CONNECTION_TIMEOUT, 60u,
        MHD_OPTION_CONNECTION_LIMIT, 1000u, MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_END);
    freeaddrinfo(ai);
    if (!srv->daemon) {
        metrics_free(app->metrics);
        app->metrics = NULL;
        ratelimit_free(app->ratelimit);
        app->ratelimit = NULL;
        free(srv);
        return err_set(info, E_IO, "listen", "could not listen on %s:%d (in use?)", host, port);
    }
    *out = srv;
    return E_OK;
}

void server_stop(struct server *srv, int drain_ms)
{
    if (!srv)
        return;
    MHD_socket s = MHD_quiesce_daemon(srv->daemon);
    if (s != MHD_INVALID_SOCKET)
        close(s);
    /* let requests in flight (some waiting for a commit) finish and be answered */
    for (int waited = 0; waited < drain_ms && atomic_load(&srv->in_flight) > 0; waited += 10) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(srv->daemon);
    metrics_free(srv->app->metrics);
    srv->app->metrics = NULL;
    ratelimit_free(srv->app->ratelimit);
    srv->app->ratelimit = NULL;
    free(srv);
}
