/*
 * routes: the one table of every endpoint — method, path pattern, who may call it and the
 * handler — and matching a request against it. Read routes.c to see the whole API at once.
 */
#ifndef FD_HTTP_ROUTES_H
#define FD_HTTP_ROUTES_H

#include "domain/role.h"
#include "http/server.h"

enum route_kind { ROUTE_API, ROUTE_PAGE, ROUTE_ASSET };

enum route_auth {
    ROUTE_PUBLIC = 0,        /* no sign-in */
    ROUTE_SESSION = 1 << 0,  /* a signed-in user */
    ROUTE_TOKEN = 1 << 1,    /* an integration token with route.scope */
};

struct route {
    const char *method;
    const char *pattern; /* "/api/contacts/{id}" (a whole number above 0, in *id_out),
                          * "/api/outcomes/{code}" (1-64 of a-z 0-9 _, read by the handler
                          * from the path); a trailing "*" matches any rest */
    void (*handler)(struct request *req);
    enum route_kind kind;
    unsigned auth;           /* enum route_auth bits */
    unsigned permission;     /* enum permission bits a session user needs, 0 for none */
    const char *scope;       /* token scope that may call it, NULL for none */
    int json_body;           /* 1 when the body must be a JSON object */
};

extern const struct route routes_table[];
extern const int routes_count;

enum route_match { ROUTE_FOUND, ROUTE_NO_PATH, ROUTE_NO_METHOD };
/* Finds the route for method and path; *index_out is its position, *id_out the {id} value. */
enum route_match routes_match(const char *method, const char *path, int *index_out,
                              int64_t *id_out);
/* The largest body accepted for method and path: REQUEST_BODY_MAX, or more for the few routes
 * that take files (email intake). */
size_t routes_body_max(const char *method, const char *path);
/* Comma-separated methods allowed on path (for 405's Allow header) into out. */
void routes_allowed(const char *path, char *out, size_t out_len);

#endif
