/*
 * server: the HTTP front of frontdoor on libmicrohttpd — the request lifecycle, and the shared
 * context (struct app) that main builds once and passes down. A request's life: MHD calls us
 * first to announce it (we allocate), then with body chunks (capped), then to act: the route
 * table picks a handler, which either responds at once or hands work to the store's writer or
 * the slow pool and suspends the connection; the writer's completion resumes it and the
 * handler's finish function responds. No HTTP thread ever waits for a disk commit.
 */
#ifndef FD_HTTP_SERVER_H
#define FD_HTTP_SERVER_H

#include <jansson.h>
#include <microhttpd.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/workpool.h"
#include "domain/user.h"
#include "store/store.h"
#include "store/store_user.h"

#define REQUEST_BODY_MAX (1024 * 1024)

struct metrics;
struct ratelimit;
struct route;
struct scheduler;

struct app {
    struct store *store;       /* borrowed from main */
    struct workpool *slow;     /* password checks; borrowed */
    struct metrics *metrics;   /* owned by the server */
    struct scheduler *scheduler; /* deadlines' clock (store/scheduler); borrowed, may be NULL */
    struct ratelimit *ratelimit; /* per-address limits (http/ratelimit); owned by the server */
    bool secure_cookies;         /* the sign-in cookie is marked Secure (behind TLS) */
};

enum auth_kind { AUTH_ANON = 0, AUTH_SESSION, AUTH_TOKEN };
enum request_state { REQ_NEW = 0, REQ_WAITING, REQ_RESUMED };

struct request;
typedef void (*request_finish_fn)(struct request *req, enum err rc);

struct request {
    struct app *app;
    struct server *server;
    struct MHD_Connection *conn;
    struct arena arena; /* everything request-scoped; freed when the response completes */
    char id[17];        /* request id, hex */
    const char *method; /* borrowed from MHD for the request's life */
    const char *path;
    const struct route *route; /* NULL when no route matched */
    int route_index;
    int64_t path_id; /* the {id} segment, when the route has one */
    struct buf body;
    size_t body_max; /* REQUEST_BODY_MAX, or more for a route that takes files */
    int body_too_big;
    json_t *json; /* parsed JSON body, owned; NULL when none */

    enum auth_kind auth;
    struct user user;        /* AUTH_SESSION */
    struct token_row token;  /* AUTH_TOKEN */
    char session_hash[65];
    char csrf_token[64];

    unsigned status;
    struct MHD_Response *response; /* owned until queued */
    int is_api;                    /* API responses are never cached */

    _Atomic enum request_state state; /* written by the writer or slow pool on completion */
    int went_async; /* set by request_write/request_slow on the HTTP thread */
    enum err async_rc;
    request_finish_fn finish;
    store_apply_fn apply;
    void *apply_arg;
    void (*slow_fn)(struct request *req);
    int64_t start_us;
};

struct server;

/* Starts serving on host:port. *out owned by the caller (server_stop frees). */
enum err server_start(struct app *app, const char *host, int port, struct server **out,
                      struct err_info *info) MUST_CHECK;
/* Stops accepting, waits (up to drain_ms) for requests in flight, then stops. */
void server_stop(struct server *srv, int drain_ms);

/* Runs apply(tx, arg) on the store's writer, as this request's user, in a shared commit; then
 * finish(req, rc) on an HTTP thread. The handler must return right after calling this. */
void request_write(struct request *req, store_apply_fn apply, void *arg,
                   request_finish_fn finish);
/* Runs fn(req) on the slow pool (it may block, and may call store_write); then finish. */
void request_slow(struct request *req, void (*fn)(struct request *req), request_finish_fn finish);
/* The actor id recorded in audit events: a user id, or minus a token id for integrations. */
int64_t request_actor(const struct request *req);
/* Query-string value, or NULL. Borrowed for the request's life. */
const char *request_query(struct request *req, const char *name);
/* A whole number in [min, max] from the query string into *out, or def when absent;
 * E_INVALID naming the parameter otherwise. */
enum err request_query_int(struct request *req, const char *name, int def, int min, int max,
                           int *out, struct err_info *info) MUST_CHECK;
/* Header value, or NULL. Borrowed for the request's life. */
const char *request_header(struct request *req, const char *name);

#endif
