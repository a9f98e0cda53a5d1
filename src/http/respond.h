/*
 * respond: building responses — JSON bodies, the one mapping from enum err to an HTTP status
 * and error body, static bytes, and the security headers every response carries.
 */
#ifndef FD_HTTP_RESPOND_H
#define FD_HTTP_RESPOND_H

#include <jansson.h>

#include "core/err.h"
#include "http/server.h"

/* Responds with body serialised; takes ownership of body (a reference). */
void respond_json(struct request *req, unsigned status, json_t *body);
/* Responds with an error body {"error":{"code","message","field"?}}. */
void respond_error(struct request *req, unsigned status, const char *code, const char *message,
                   const char *field);
/* Maps err (with info for E_INVALID and friends) to status and body. */
void respond_err(struct request *req, enum err rc, const struct err_info *info);

/* Several errors at once, for E_INVALID (400) or E_CONFLICT (409): "error" is the first (as
 * respond_err gives it, so clients reading one field keep working) and "errors" lists every
 * one as {field, message}, in the order the form asks for them. Any other rc, or an empty
 * list, is respond_err with the first. */
void respond_err_all(struct request *req, enum err rc, const struct err_list *list);
/* 204, or any status without a body. */
void respond_empty(struct request *req, unsigned status);
/* Static bytes that outlive the request (compiled-in assets). */
void respond_static(struct request *req, unsigned status, const void *data, size_t len,
                    const char *content_type);
/* Responds with len bytes at data (malloc'd: this takes ownership; NULL when len is 0). */
void respond_bytes(struct request *req, unsigned status, void *data, size_t len,
                   const char *content_type);
/* Adds a header to the pending response. */
void respond_header(struct request *req, const char *name, const char *value);
/* Adds the security headers (CSP etc.) to r; is_api also forbids caching. */
void respond_security_headers(struct MHD_Response *r, int is_api);

#endif
