/*
 * health: /healthz answers 200 only when the database answers a query, so a load balancer
 * takes a node with a broken disk out of service.
 */
#include "http/health.h"

#include <stdlib.h>

#include "http/metrics.h"
#include "http/respond.h"

void health_get(struct request *req)
{
    if (store_ping(req->app->store)) {
        respond_json(req, 503, json_pack("{s:s, s:s}", "status", "unavailable", "database",
                                         "unreachable"));
        return;
    }
    respond_json(req, 200, json_pack("{s:s, s:s, s:i}", "status", "ok", "database", "ok",
                                     "schema_version", store_schema_version(req->app->store)));
}

void health_metrics(struct request *req)
{
    struct buf out = BUF_INIT;
    struct store_stats db;
    store_get_stats(req->app->store, &db);
    metrics_render(req->app->metrics, &db, &out);
    size_t len;
    char *text = buf_detach(&out, &len);
    struct MHD_Response *r = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(r, "Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    if (req->response)
        MHD_destroy_response(req->response);
    req->response = r;
    req->status = 200;
}
