/*
 * routes: the API on one screen. Pages all serve the same HTML shell; the browser renders them
 * from the JSON API, so every rule lives behind the API once.
 */
#include "http/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/allocations.h"
#include "http/attachments.h"
#include "http/audit_log.h"
#include "http/clocks.h"
#include "http/contacts.h"
#include "http/decisions.h"
#include "http/desk.h"
#include "http/greetings.h"
#include "http/health.h"
#include "http/households.h"
#include "http/intake.h"
#include "http/messages.h"
#include "http/persons.h"
#include "http/outcomes.h"
#include "http/queues.h"
#include "http/referrals.h"
#include "http/routing_answers.h"
#include "http/public_requests.h"
#include "http/relationships.h"
#include "http/sessions.h"
#include "http/sla_policies.h"
#include "http/static.h"
#include "http/tasks.h"
#include "http/teams.h"
#include "http/warnings.h"
#include "http/worker_messages.h"
#include "http/workers.h"

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
    /* the contact workflow (issue 4): amendments, handover, decisions, outcomes, queues */
    {"PATCH", "/api/contacts/{id}", contacts_amend, ROUTE_API, SIGNED_IN, PERM_CONTACT_CREATE,
     NULL, 1},
    {"GET", "/api/contacts/{id}/versions", contacts_versions, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_READ, NULL, 0},
    {"POST", "/api/contacts/{id}/handover", contacts_handover, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_CREATE, NULL, 1},
    {"POST", "/api/contacts/{id}/handover/accept", contacts_handover_accept, ROUTE_API,
     SIGNED_IN, PERM_CONTACT_CREATE, NULL, 0},
    {"POST", "/api/contacts/{id}/handover/decline", contacts_handover_decline, ROUTE_API,
     SIGNED_IN, PERM_CONTACT_CREATE, NULL, 1},
    {"POST", "/api/contacts/{id}/take", contacts_take, ROUTE_API, SIGNED_IN, PERM_CONTACT_CREATE,
     NULL, 0},
    {"GET", "/api/contacts/{id}/decisions", decisions_list, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_READ, NULL, 0},
    {"POST", "/api/contacts/{id}/decisions", decisions_create, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_CREATE, NULL, 1},
    {"POST", "/api/decisions/{id}/authorise", decisions_authorise, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_CREATE, NULL, 1},
    {"POST", "/api/contacts/{id}/outcome", outcomes_record, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_CREATE, NULL, 1},
    {"GET", "/api/outcomes", outcomes_list, ROUTE_API, SIGNED_IN, PERM_CONTACT_READ, NULL, 0},
    /* the code set configured by administrators, kept as versions (docs/outcomes.md) */
    {"POST", "/api/outcomes", outcomes_add, ROUTE_API, SIGNED_IN, PERM_SLA_ADMIN, NULL, 1},
    {"PUT", "/api/outcomes/{code}", outcomes_change, ROUTE_API, SIGNED_IN, PERM_SLA_ADMIN, NULL,
     1},
    {"GET", "/api/outcomes/{code}/history", outcomes_history, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_READ, NULL, 0},
    {"GET", "/api/contact-codes", contacts_codes, ROUTE_API, SIGNED_IN, 0, NULL, 0},
    {"GET", "/api/my/contacts", contacts_mine, ROUTE_API, SIGNED_IN, PERM_CONTACT_READ, NULL, 0},
    {"GET", "/api/queues/contact_centre", queues_contact_centre, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_READ, NULL, 0},
    {"GET", "/api/queues/duty", queues_duty, ROUTE_API, SIGNED_IN, PERM_CONTACT_READ, NULL, 0},
    {"GET", "/api/queues/teams/{id}", queues_team, ROUTE_API, SIGNED_IN, PERM_CONTACT_READ, NULL,
     0},
    {"GET", "/api/greeting", greetings_get, ROUTE_API, SIGNED_IN, 0, NULL, 0},
    /* the lines agents answer and their greeting scripts, kept as versions (docs/lines.md) */
    {"GET", "/api/lines", greetings_lines, ROUTE_API, SIGNED_IN, 0, NULL, 0},
    {"PUT", "/api/lines/{id}/greeting", greetings_line_put, ROUTE_API, SIGNED_IN, PERM_SLA_ADMIN,
     NULL, 1},
    {"GET", "/api/lines/{id}/greeting/history", greetings_line_history, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_READ, NULL, 0},
    {"PUT", "/api/lines/default/greeting", greetings_default_put, ROUTE_API, SIGNED_IN,
     PERM_SLA_ADMIN, NULL, 1},
    {"GET", "/api/lines/default/greeting/history", greetings_default_history, ROUTE_API,
     SIGNED_IN, PERM_CONTACT_READ, NULL, 0},
    {"GET", "/api/audit", audit_log_list, ROUTE_API, SIGNED_IN, PERM_AUDIT_READ, NULL, 0},
    /* routing a named-worker request and what follows (issue 4, second part): the routing
     * answer, call-back promises, messages to a practitioner, written items, work done on
     * behalf of the allocated team, referrals and their confirmation, tasks, my work, the
     * clear desk (docs/routing.md) */
    {"GET", "/api/contacts/{id}/routing", routing_answers_get, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_READ, NULL, 0},
    {"GET", "/api/routing", routing_answers_before_saving, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_READ, NULL, 0},
    {"POST", "/api/contacts/{id}/callback-promise", worker_messages_promise, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_CREATE, NULL, 1},
    {"GET", "/api/contacts/{id}/callback-promise", worker_messages_promises, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_READ, NULL, 0},
    {"POST", "/api/contacts/{id}/message-to-worker", worker_messages_send, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_CREATE, NULL, 1},
    {"GET", "/api/contacts/{id}/message-to-worker", worker_messages_list, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_READ, NULL, 0},
    {"POST", "/api/worker-messages/{id}/returned", worker_messages_returned, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_CREATE, NULL, 0},
    {"POST", "/api/contacts/{id}/written-items", worker_messages_written, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_CREATE, NULL, 1},
    {"GET", "/api/contacts/{id}/written-items", worker_messages_written_list, ROUTE_API,
     SIGNED_IN, PERM_CONTACT_READ, NULL, 0},
    {"POST", "/api/contacts/{id}/on-behalf", worker_messages_on_behalf, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_CREATE, NULL, 1},
    {"GET", "/api/contacts/{id}/on-behalf", worker_messages_on_behalf_list, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_READ, NULL, 0},
    {"POST", "/api/referrals", referrals_create, ROUTE_API, SIGNED_IN, PERM_CONTACT_CREATE, NULL,
     1},
    {"GET", "/api/referrals/{id}", referrals_get, ROUTE_API, SIGNED_IN, PERM_CONTACT_READ, NULL,
     0},
    {"POST", "/api/referrals/{id}/accept", referrals_accept, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_CREATE, NULL, 0},
    {"POST", "/api/referrals/{id}/return", referrals_return, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_CREATE, NULL, 0},
    {"GET", "/api/referrals/{id}/confirmation", referrals_confirmation_get, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_READ, NULL, 0},
    {"POST", "/api/referrals/{id}/confirmation", referrals_confirmation_send, ROUTE_API,
     SIGNED_IN, PERM_CONTACT_CREATE, NULL, 0},
    {"GET", "/api/teams/{id}/referrals", referrals_for_team, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_READ, NULL, 0},
    {"GET", "/api/contacts/{id}/referrals", referrals_for_contact, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_READ, NULL, 0},
    {"POST", "/api/tasks", tasks_create, ROUTE_API, SIGNED_IN, PERM_CONTACT_CREATE, NULL, 1},
    {"GET", "/api/tasks/{id}", tasks_get, ROUTE_API, SIGNED_IN, PERM_CONTACT_READ, NULL, 0},
    {"POST", "/api/tasks/{id}/done", tasks_done, ROUTE_API, SIGNED_IN, PERM_CONTACT_CREATE, NULL,
     0},
    {"POST", "/api/tasks/{id}/cancel", tasks_cancel, ROUTE_API, SIGNED_IN, PERM_CONTACT_CREATE,
     NULL, 0},
    {"GET", "/api/contacts/{id}/tasks", tasks_for_contact, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_READ, NULL, 0},
    {"GET", "/api/my/work", desk_my_work, ROUTE_API, SIGNED_IN, PERM_CONTACT_READ, NULL, 0},
    {"GET", "/api/clear-desk", desk_clear, ROUTE_API, SIGNED_IN, PERM_CONTACT_READ, NULL, 0},
    /* the service directory (issue 3): teams, workers, availability, allocations */
    {"GET", "/api/teams", teams_list, ROUTE_API, SIGNED_IN, 0, NULL, 0},
    {"POST", "/api/teams", teams_create, ROUTE_API, SIGNED_IN, PERM_DIRECTORY_ADMIN, NULL, 1},
    {"GET", "/api/teams/{id}", teams_get, ROUTE_API, SIGNED_IN, 0, NULL, 0},
    {"PUT", "/api/teams/{id}", teams_update, ROUTE_API, SIGNED_IN, PERM_DIRECTORY_ADMIN, NULL,
     1},
    {"POST", "/api/teams/{id}/closed-days", teams_close_day, ROUTE_API, SIGNED_IN,
     PERM_DIRECTORY_ADMIN, NULL, 1},
    {"GET", "/api/workers", workers_list, ROUTE_API, SIGNED_IN, 0, NULL, 0},
    {"POST", "/api/workers", workers_create, ROUTE_API, SIGNED_IN, PERM_DIRECTORY_ADMIN, NULL,
     1},
    {"GET", "/api/workers/{id}", workers_get, ROUTE_API, SIGNED_IN, 0, NULL, 0},
    {"PUT", "/api/workers/{id}", workers_update, ROUTE_API, SIGNED_IN, PERM_DIRECTORY_ADMIN,
     NULL, 1},
    {"GET", "/api/workers/{id}/availability", workers_availability, ROUTE_API, SIGNED_IN, 0,
     NULL, 0},
    {"GET", "/api/workers/{id}/calendar", workers_calendar_list, ROUTE_API, SIGNED_IN, 0, NULL,
     0},
    /* JSON (one entry) or text/calendar (an import): the handler checks the type */
    {"POST", "/api/workers/{id}/calendar", workers_calendar_add, ROUTE_API, SIGNED_IN, 0, NULL,
     0},
    {"POST", "/api/allocations", allocations_create, ROUTE_API, SIGNED_IN, PERM_ALLOCATE, NULL,
     1},
    {"POST", "/api/allocations/{id}/end", allocations_end, ROUTE_API, SIGNED_IN, PERM_ALLOCATE,
     NULL, 1},
    {"GET", "/api/allocations/check", allocations_check, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_READ, NULL, 0},
    {"GET", "/api/persons/{id}/allocations", allocations_for_person, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_READ, NULL, 0},
    /* persons (issue 3): search, records, corrections, merges, restricted records, warning
     * markers, relationships, households */
    {"GET", "/api/persons/search", persons_search, ROUTE_API, SIGNED_IN, PERM_PERSON_READ, NULL,
     0},
    {"POST", "/api/persons", persons_create, ROUTE_API, SIGNED_IN, PERM_PERSON_WRITE, NULL, 1},
    {"GET", "/api/persons/{id}", persons_get, ROUTE_API, SIGNED_IN, PERM_PERSON_READ, NULL, 0},
    {"PATCH", "/api/persons/{id}", persons_update, ROUTE_API, SIGNED_IN, PERM_PERSON_WRITE, NULL,
     1},
    {"GET", "/api/persons/{id}/history", persons_history, ROUTE_API, SIGNED_IN, PERM_PERSON_READ,
     NULL, 0},
    {"POST", "/api/persons/{id}/merge", persons_merge, ROUTE_API, SIGNED_IN, PERM_PERSON_ADMIN,
     NULL, 1},
    {"POST", "/api/persons/{id}/access", persons_access, ROUTE_API, SIGNED_IN, PERM_PERSON_READ,
     NULL, 1},
    {"POST", "/api/persons/{id}/restriction", persons_restrict, ROUTE_API, SIGNED_IN,
     PERM_PERSON_ADMIN, NULL, 1},
    {"POST", "/api/persons/{id}/warnings", warnings_create, ROUTE_API, SIGNED_IN,
     PERM_PERSON_WRITE, NULL, 1},
    {"POST", "/api/warnings/{id}/reviews", warnings_review, ROUTE_API, SIGNED_IN,
     PERM_PERSON_WRITE, NULL, 1},
    {"POST", "/api/persons/{id}/relationships", relationships_create, ROUTE_API, SIGNED_IN,
     PERM_PERSON_WRITE, NULL, 1},
    {"POST", "/api/relationships/{id}/end", relationships_end, ROUTE_API, SIGNED_IN,
     PERM_PERSON_WRITE, NULL, 1},
    {"POST", "/api/households", households_create, ROUTE_API, SIGNED_IN, PERM_PERSON_WRITE, NULL,
     1},
    {"GET", "/api/households/{id}", households_get, ROUTE_API, SIGNED_IN, PERM_PERSON_READ, NULL,
     0},
    {"POST", "/api/households/{id}/members", households_join, ROUTE_API, SIGNED_IN,
     PERM_PERSON_WRITE, NULL, 1},
    {"POST", "/api/households/{id}/leave", households_leave, ROUTE_API, SIGNED_IN,
     PERM_PERSON_WRITE, NULL, 1},
    /* deadlines (issue 5): clocks, policies, escalation contacts, the inbox, the test clock */
    {"GET", "/api/clocks", clocks_list, ROUTE_API, SIGNED_IN, PERM_CONTACT_READ, NULL, 0},
    {"GET", "/api/clocks/{id}", clocks_get, ROUTE_API, SIGNED_IN, PERM_CONTACT_READ, NULL, 0},
    {"POST", "/api/clocks/{id}/pause", clocks_pause, ROUTE_API, SIGNED_IN, PERM_CONTACT_CREATE,
     NULL, 1},
    {"POST", "/api/clocks/{id}/resume", clocks_resume, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_CREATE, NULL, 0},
    {"POST", "/api/clocks/{id}/breach-reason", clocks_breach_reason, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_CREATE, NULL, 1},
    {"POST", "/api/clocks/{id}/acknowledge", clocks_acknowledge, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_CREATE, NULL, 1},
    {"POST", "/api/clock-events", clocks_event, ROUTE_API, SIGNED_IN | ROUTE_TOKEN,
     PERM_CONTACT_CREATE, "clocks:write", 1},
    {"GET", "/api/contacts/{id}/clocks", clocks_for_contact, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_READ, NULL, 0},
    {"GET", "/api/dashboard/deadlines", clocks_dashboard, ROUTE_API, SIGNED_IN,
     PERM_REPORT_READ, NULL, 0},
    {"GET", "/api/sla-policies", sla_policies_list, ROUTE_API, SIGNED_IN, PERM_CONTACT_READ,
     NULL, 0},
    {"POST", "/api/sla-policies", sla_policies_create, ROUTE_API, SIGNED_IN, PERM_SLA_ADMIN,
     NULL, 1},
    {"GET", "/api/sla-policies/{id}", sla_policies_get, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_READ, NULL, 0},
    {"PUT", "/api/sla-policies/{id}", sla_policies_update, ROUTE_API, SIGNED_IN,
     PERM_SLA_ADMIN, NULL, 1},
    {"GET", "/api/escalation-contacts", escalation_contacts_get, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_READ, NULL, 0},
    {"PUT", "/api/escalation-contacts", escalation_contacts_put, ROUTE_API, SIGNED_IN,
     PERM_ESCALATION_ADMIN, NULL, 1},
    {"GET", "/api/messages", messages_list, ROUTE_API, SIGNED_IN, 0, NULL, 0},
    {"POST", "/api/messages/{id}/read", messages_read, ROUTE_API, SIGNED_IN, 0, NULL, 0},
    /* answers 404 unless serve runs with FRONTDOOR_TEST_CLOCK=1 (docs/deadlines.md) */
    {"POST", "/api/test/advance-time", clocks_advance_time, ROUTE_API, SIGNED_IN,
     PERM_SLA_ADMIN, NULL, 1},
    /* intake from outside (issue 4): the public request-for-service form, email intake */
    {"POST", "/api/public/requests", public_requests_create, ROUTE_API, ROUTE_PUBLIC, 0, NULL,
     1},
    /* a raw RFC 5322 message: the handler checks the type (message/rfc822) */
    {"POST", "/api/intake/email", intake_email, ROUTE_API, ROUTE_TOKEN, 0, "intake:email", 0},
    {"GET", "/api/contacts/{id}/attachments", attachments_list, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_READ, NULL, 0},
    {"GET", "/api/attachments/{id}", attachments_download, ROUTE_API, SIGNED_IN,
     PERM_CONTACT_READ, NULL, 0},

    {"GET", "/", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/sign-in", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/contacts", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/contacts/new", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/contacts/{id}", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/persons", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/persons/new", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/persons/{id}", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/teams", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/teams/{id}", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/workers", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/workers/{id}", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/deadlines", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/deadlines/policies", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/deadlines/rota", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/lines", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/outcomes", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/clocks/{id}", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/messages", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/queues/contact-centre", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/queues/duty", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/queues/team/{id}", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/my-work", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/referrals/team/{id}", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/clear-desk", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
    {"GET", "/request-for-service", static_page, ROUTE_PAGE, ROUTE_PUBLIC, 0, NULL, 0},
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

/* A {code} segment: 1 to 64 of a-z, 0-9 and '_' (an outcome code); the handler reads it from
 * the path. */
static int is_code(const char *s, size_t len)
{
    if (len == 0 || len > 64)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return 0;
    return 1;
}

static int pattern_match(const char *pattern, const char *path, int64_t *id_out)
{
    for (;;) {
        const char *brace = strchr(pattern, '{');
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
        if (strncmp(brace, "{id}", 4) == 0) {
            if (!parse_id(path, seg, id_out))
                return 0;
            pattern = brace + 4;
        } else if (strncmp(brace, "{code}", 6) == 0) {
            if (!is_code(path, seg))
                return 0;
            pattern = brace + 6;
        } else {
            return 0;
        }
        path += seg;
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

/* Routes that take bodies larger than REQUEST_BODY_MAX (files). */
static const struct {
    const char *method, *pattern;
    size_t body_max;
} large_bodies[] = {
    {"POST", "/api/intake/email", INTAKE_EMAIL_BODY_MAX},
};

size_t routes_body_max(const char *method, const char *path)
{
    for (size_t i = 0; i < sizeof(large_bodies) / sizeof(large_bodies[0]); i++) {
        int64_t id;
        if (strcmp(large_bodies[i].method, method) == 0 &&
            pattern_match(large_bodies[i].pattern, path, &id))
            return large_bodies[i].body_max;
    }
    return REQUEST_BODY_MAX;
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
