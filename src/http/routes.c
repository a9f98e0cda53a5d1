/*
 * routes: the API on one screen. Pages all serve the same HTML shell; the browser renders them
 * from the JSON API, so every rule lives behind the API once.
 */
#include "http/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/audit_log.h"
#include "http/contacts.h"
#include "http/health.h"
#include "http/sessions.h"
#include "http/static.h"

#define SIGNED_IN ROUTE_SESSION

const struct route routes_table[] = {
    {"GET", "/healthz", health_get, ROUTE_API, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/metrics", health_metrics, ROUTE_API, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/api/openapi.json", static_openapi, ROUTE_API, ROUTE_PUBLIC, 0, NULL, 0},
    {"POST", "/api/session", sessions_create, ROUTE_API, ROUTE_PUBLIC, 0, NULL, 1},
    {"GET", "/api/session", sessions_get, ROUTE_API, SIGNED_IN, 0, NULL, 0},
    {"DELETE", "/api/session", sessions_delete, ROUTE_API, SIGNED_IN, 0, NULL, 0},
    {"POST", "/api/contacts", contacts_create, ROUTE_API, SIGNED_IN | ROUTE_TOKEN,
     PERM_CONTACT_CREATE, "contacts:write", 1},
    {"GET", "/api/contacts", contacts_list, ROUTE_API, SIGNED_IN, PERM_CONTACT_READ, NULL, 0},
    {"GET", "/api/contacts/{id}", contacts_get, ROUTE_API, SIGNED_IN, PERM_CONTACT_READ, NULL,
     0},
    {"GET", "/api/audit", audit_log_list, ROUTE_API, SIGNED_IN, PERM_AUDIT_READ, NULL, 0},

    {"GET", "/", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/sign-in", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/contacts", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/contacts/new", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/contacts/{id}", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/static/*", static_asset, ROUTE_ASSET, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/assets/*", static_asset, ROUTE_ASSET, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/favicon.ico", static_asset, ROUTE_ASSET, ROUTE_PUBLIC, 0, NULL, 0},
};

const int routes_count = (int)(sizeof(routes_table) / sizeof(routes_table[0]));

/* A positive decimal id of at most 18 digits, so it fits an int64. */
static int parse_id(const char *s, size_t len, int64_t *out)
{
    if (len == 0 || len > 18 || s[0] == '0')
        return 0;
    int64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

static int pattern_match(const char *pattern, const char *path, int64_t *id_out)
{
    for (;;) {
        const char *brace = strstr(pattern, "{id}");
        if (!brace) {
            size_t n = strlen(pattern);
            if (n && pattern[n - 1] == '*') /* a prefix: "/static/" then anything */
                return strncmp(pattern, path, n - 1) == 0 && path[n - 1] != '\0';
            return strcmp(pattern, path) == 0;
        }
        size_t lit = (size_t)(brace - pattern);
        if (strncmp(pattern, path, lit) != 0)
            return 0;
        path += lit;
        size_t seg = strcspn(path, "/");
        if (!parse_id(path, seg, id_out))
            return 0;
        path += seg;
        pattern = brace + 4;
    }
}

enum route_match routes_match(const char *method, const char *path, int *index_out,
                              int64_t *id_out)
{
    int path_found = 0;
    for (int i = 0; i < routes_count; i++) {
        int64_t id = 0;
        if (!pattern_match(routes_table[i].pattern, path, &id))
            continue;
        path_found = 1;
        if (strcmp(routes_table[i].method, method) == 0 ||
            (strcmp(method, "HEAD") == 0 && strcmp(routes_table[i].method, "GET") == 0)) {
            *index_out = i;
            *id_out = id;
            return ROUTE_FOUND;
        }
    }
    return path_found ? ROUTE_NO_METHOD : ROUTE_NO_PATH;
}

void routes_allowed(const char *path, char *out, size_t out_len)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < routes_count; i++) {
        int64_t id;
        if (!pattern_match(routes_table[i].pattern, path, &id))
            continue;
        int n = snprintf(out + used, out_len - used, "%s%s", used ? ", " : "",
                         routes_table[i].method);
        if (n < 0 || (size_t)n >= out_len - used)
            break;
        used += (size_t)n;
    }
}
