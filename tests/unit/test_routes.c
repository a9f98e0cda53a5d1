/* Route matching, and the OpenAPI document kept true to the route table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <string.h>

#include "http/assets.h"
#include "http/routes.h"

static void test_match_static_and_id(void **state)
{
    (void)state;
    int i;
    int64_t id;
    assert_int_equal(routes_match("GET", "/api/contacts/42", &i, &id), ROUTE_FOUND);
    assert_string_equal(routes_table[i].pattern, "/api/contacts/{id}");
    assert_int_equal(id, 42);
    assert_int_equal(routes_match("GET", "/api/contacts", &i, &id), ROUTE_FOUND);
    assert_string_equal(routes_table[i].pattern, "/api/contacts");
    assert_int_equal(routes_match("GET", "/contacts/new", &i, &id), ROUTE_FOUND);
    assert_string_equal(routes_table[i].pattern, "/contacts/new");
    assert_int_equal(routes_match("GET", "/static/app.js", &i, &id), ROUTE_FOUND);
    assert_int_equal(routes_table[i].kind, ROUTE_ASSET);
}

static void test_match_rejects(void **state)
{
    (void)state;
    int i;
    int64_t id;
    assert_int_equal(routes_match("GET", "/api/contacts/0", &i, &id), ROUTE_NO_PATH);
    assert_int_equal(routes_match("GET", "/api/contacts/12x", &i, &id), ROUTE_NO_PATH);
    assert_int_equal(routes_match("GET", "/api/contacts/-1", &i, &id), ROUTE_NO_PATH);
    assert_int_equal(routes_match("GET", "/api/contacts/9999999999999999999", &i, &id),
                     ROUTE_NO_PATH);
    assert_int_equal(routes_match("GET", "/api/contacts/1/2", &i, &id), ROUTE_NO_PATH);
    assert_int_equal(routes_match("PUT", "/api/contacts", &i, &id), ROUTE_NO_METHOD);
    assert_int_equal(routes_match("GET", "/nope", &i, &id), ROUTE_NO_PATH);
    char allow[64];
    /* a {code} segment: lower-case letters, digits and '_', 1 to 64 of them */
    assert_int_equal(routes_match("PUT", "/api/outcomes/advice_information", &i, &id), ROUTE_FOUND);
    assert_string_equal(routes_table[i].pattern, "/api/outcomes/{code}");
    assert_int_equal(routes_match("GET", "/api/outcomes/nfa_2/history", &i, &id), ROUTE_FOUND);
    assert_string_equal(routes_table[i].pattern, "/api/outcomes/{code}/history");
    assert_int_equal(routes_match("PUT", "/api/outcomes/Advice", &i, &id), ROUTE_NO_PATH);
    assert_int_equal(routes_match("PUT", "/api/outcomes/a-b", &i, &id), ROUTE_NO_PATH);
    assert_int_equal(routes_match("PUT", "/api/outcomes/", &i, &id), ROUTE_NO_PATH);
    char long_code[80] = "/api/outcomes/";
    memset(long_code + strlen(long_code), 'a', 65);
    assert_int_equal(routes_match("PUT", long_code, &i, &id), ROUTE_NO_PATH);
    routes_allowed("/api/session", allow, sizeof(allow));
    assert_string_equal(allow, "POST, GET, DELETE");
}

/* Every API route in the table must be described, with its method, in api/openapi.json. */
static void test_openapi_covers_routes(void **state)
{
    (void)state;
    const struct asset *a = assets_find("/api/openapi.json");
    assert_non_null(a);
    json_error_t jerr;
    json_t *doc = json_loadb((const char *)a->data, a->len, 0, &jerr);
    assert_non_null(doc);
    assert_true(strncmp(json_string_value(json_object_get(doc, "openapi")), "3.1", 3) == 0);
    json_t *paths = json_object_get(doc, "paths");
    assert_non_null(paths);
    int n_api = 0;
    for (int i = 0; i < routes_count; i++) {
        const struct route *r = &routes_table[i];
        if (r->kind != ROUTE_API)
            continue;
        n_api++;
        json_t *p = json_object_get(paths, r->pattern);
        if (!p)
            fail_msg("route %s %s is missing from openapi.json", r->method, r->pattern);
        char method[16];
        size_t k;
        for (k = 0; r->method[k] && k < sizeof(method) - 1; k++)
            method[k] = (char)(r->method[k] - 'A' + 'a');
        method[k] = '\0';
        if (!json_object_get(p, method))
            fail_msg("method %s of %s is missing from openapi.json", r->method, r->pattern);
    }
    assert_true(n_api >= 10);
    json_decref(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_match_static_and_id),
        cmocka_unit_test(test_match_rejects),
        cmocka_unit_test(test_openapi_covers_routes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
