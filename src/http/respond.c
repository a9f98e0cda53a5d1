/*
 * respond: the single place that turns an error into an HTTP status. Messages go to the client
 * as they are, so they are written for the person reading them and carry no internals.
 */
#include "http/respond.h"

#include <stdlib.h>
#include <string.h>

#include "core/log.h"

static void set_response(struct request *req, unsigned status, struct MHD_Response *r)
{
    if (req->response)
        MHD_destroy_response(req->response);
    req->response = r;
    req->status = status;
}

void respond_json(struct request *req, unsigned status, json_t *body)
{
    char *text = json_dumps(body, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(body);
    if (!text) {
        log_error("could not serialise a response");
        respond_static(req, 500, "{\"error\":{\"code\":\"internal\",\"message\":\"internal error\"}}",
                       58, "application/json");
        return;
    }
    struct MHD_Response *r =
        MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(r, "Content-Type", "application/json");
    set_response(req, status, r);
}

void respond_error(struct request *req, unsigned status, const char *code, const char *message,
                   const char *field)
{
    json_t *err = json_pack("{s:s, s:s}", "code", code, "message", message);
    if (field && *field)
        json_object_set_new(err, "field", json_string(field));
    respond_json(req, status, json_pack("{s:o}", "error", err));
}

void respond_err_all(struct request *req, enum err rc, const struct err_list *list)
{
    if (list->n == 0 || (rc != E_INVALID && rc != E_CONFLICT)) {
        respond_err(req, rc, list->n ? &list->items[0] : NULL);
        return;
    }
    const struct err_info *first = &list->items[0];
    json_t *err = json_pack("{s:s, s:s}", "code", rc == E_INVALID ? "invalid" : "conflict",
                            "message",
                            first->message[0] ? first->message : "the request is not valid");
    if (first->field[0])
        json_object_set_new(err, "field", json_string(first->field));
    json_t *all = json_array();
    for (size_t i = 0; i < list->n; i++) {
        json_t *one = json_pack("{s:s}", "message", list->items[i].message);
        json_object_set_new(one, "field", list->items[i].field[0]
                                              ? json_string(list->items[i].field)
                                              : json_null());
        json_array_append_new(all, one);
    }
    respond_json(req, rc == E_INVALID ? 400 : 409,
                 json_pack("{s:o, s:o}", "error", err, "errors", all));
}

void respond_err(struct request *req, enum err rc, const struct err_info *info)
{
    const char *msg = info && info->message[0] ? info->message : NULL;
    const char *field = info ? info->field : NULL;
    switch (rc) {
    case E_OK:
        respond_empty(req, 204);
        return;
    case E_INVALID:
        respond_error(req, 400, "invalid", msg ? msg : "the request is not valid", field);
        return;
    case E_AUTH:
        respond_error(req, 401, "unauthorized", msg ? msg : "sign in to continue", NULL);
        return;
    case E_DENIED:
        respond_error(req, 403, "forbidden", msg ? msg : "your role does not allow this", NULL);
        return;
    case E_LOCKED:
        respond_error(req, 403, "locked",
                      msg ? msg : "this account is locked after repeated failed sign-ins", NULL);
        return;
    case E_NOTFOUND:
        respond_error(req, 404, "not_found", msg ? msg : "there is no such record", NULL);
        return;
    case E_CONFLICT:
        respond_error(req, 409, "conflict", msg ? msg : "the record conflicts with another",
                      field);
        return;
    case E_TOOBIG:
        respond_error(req, 413, "too_big", msg ? msg : "the request body is too large", NULL);
        return;
    case E_BUSY:
        respond_error(req, 503, "busy", "the service is busy: try again", NULL);
        return;
    case E_NOMEM:
    case E_IO:
    case E_DB:
        break;
    }
    log_error("request %s failed: %s", req->id, err_name(rc));
    respond_error(req, 500, "internal", "something went wrong: nothing was saved", NULL);
}

void respond_empty(struct request *req, unsigned status)
{
    set_response(req, status, MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT));
}

void respond_static(struct request *req, unsigned status, const void *data, size_t len,
                    const char *content_type)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)(uintptr_t)data, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Content-Type", content_type);
    set_response(req, status, r);
}

void respond_bytes(struct request *req, unsigned status, void *data, size_t len,
                   const char *content_type)
{
    struct MHD_Response *r =
        len ? MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE)
            : MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    if (!len)
        free(data);
    MHD_add_response_header(r, "Content-Type", content_type);
    set_response(req, status, r);
}

void respond_header(struct request *req, const char *name, const char *value)
{
    if (req->response)
        MHD_add_response_header(req->response, name, value);
}

void respond_security_headers(struct MHD_Response *r, int is_api)
{
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; script-src 'self'; style-src 'self'; "
                            "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
                            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(r, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (is_api)
        MHD_add_response_header(r, "Cache-Control", "no-store");
}
