/*
 * auth: who is making a request — a session cookie (staff in the browser) or a bearer token
 * (integrations: telephony, e-forms, email intake) — and the CSRF check for cookie requests.
 * What each role may do is domain/role; this module only establishes identity.
 */
#ifndef FD_HTTP_AUTH_H
#define FD_HTTP_AUTH_H

#include "core/err.h"
#include "http/server.h"

#define AUTH_COOKIE "fd_session"

/* Fills req->auth and req->user or req->token; E_AUTH when nobody valid is signed in. */
enum err auth_resolve(struct request *req, struct err_info *info) MUST_CHECK;
/* 1 when the request carries the session's CSRF token in X-CSRF-Token. */
int auth_csrf_ok(struct request *req);

#endif
