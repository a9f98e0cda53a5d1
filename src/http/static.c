/*
 * static: serves compiled-in assets with an ETag, answering 304 when the browser already holds
 * the same bytes. "no-cache" makes browsers revalidate, so a new build is picked up at once.
 */
#include "http/static.h"

#include <string.h>

#include "http/assets.h"
#include "http/respond.h"

static void serve(struct request *req, const struct asset *a)
{
    if (!a) {
        respond_error(req, 404, "not_found", "there is nothing at this address", NULL);
        return;
    }
    const char *inm = request_header(req, "If-None-Match");
    if (inm && strcmp(inm, a->etag) == 0)
        respond_empty(req, 304);
    else
        respond_static(req, 200, a->data, a->len, a->content_type);
    respond_header(req, "ETag", a->etag);
    respond_header(req, "Cache-Control", "no-cache");
}

void static_asset(struct request *req)
{
    const char *path = strcmp(req->path, "/favicon.ico") == 0 ? "/assets/images/favicon.ico"
                                                               : req->path;
    serve(req, assets_find(path));
}

void static_page(struct request *req)
{
    serve(req, assets_find("/static/index.html"));
}

void static_openapi(struct request *req)
{
    serve(req, assets_find("/api/openapi.json"));
}
