/*
 * public_requests: the order of the checks matters. Origin first (a page elsewhere cannot
 * post here), then the attempt limit (so probing costs), then the body's shape and the bot
 * traps, then the form's rules, then the limit on stored requests, and only then a write.
 * Validation errors list every field at fault ("errors"), as the form's error summary does.
 * A trapped submission is refused with a message a person could act on (rather than silently
 * "accepted"): a child's safety may depend on a real sender knowing it was not received.
 * Nothing from the body is logged.
 */
#include "http/public_requests.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "core/log.h"
#include "core/timefmt.h"
#include "domain/contact.h"
#include "domain/service_request.h"
#include "http/jsonin.h"
#include "http/respond.h"
#include "store/store_contact.h"
#include "store/store_intake.h"

#define MINUTE_MS (60 * 1000)

const struct ratelimit_policy public_requests_submit_limit = {"public-request", 5, 2 * MINUTE_MS};
const struct ratelimit_policy public_requests_attempt_limit = {"public-request-attempt", 30,
                                                               20 * 1000};

/*
 * The caller's address as a rate-limit key: IPv4 as it is, an IPv4-mapped IPv6 address as
 * IPv4, any other IPv6 address by its /64 (one household or office network gets one prefix,
 * and would otherwise have billions of addresses to rotate through).
 */
static void client_key(struct request *req, char out[RATELIMIT_KEY_MAX])
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ci ? ci->client_addr : NULL;
    char text[INET6_ADDRSTRLEN] = "unknown";
    if (sa && sa->sa_family == AF_INET) {
        struct sockaddr_in in4;
        memcpy(&in4, sa, sizeof(in4));
        inet_ntop(AF_INET, &in4.sin_addr, text, sizeof(text));
        snprintf(out, RATELIMIT_KEY_MAX, "%s", text);
        return;
    }
    if (sa && sa->sa_family == AF_INET6) {
        struct sockaddr_in6 in6;
        memcpy(&in6, sa, sizeof(in6));
        if (IN6_IS_ADDR_V4MAPPED(&in6.sin6_addr)) {
            inet_ntop(AF_INET, &in6.sin6_addr.s6_addr[12], text, sizeof(text));
            snprintf(out, RATELIMIT_KEY_MAX, "%s", text);
            return;
        }
        memset(&in6.sin6_addr.s6_addr[8], 0, 8);
        inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof(text));
        snprintf(out, RATELIMIT_KEY_MAX, "%s/64", text);
        return;
    }
    snprintf(out, RATELIMIT_KEY_MAX, "%s", text);
}

/*
 * Whether a browser sent this from a page of this site. Origin (sent by browsers on every
 * POST) must be http(s)://<Host>; Sec-Fetch-Site, where sent, must not say cross-site. A
 * request with neither header is not from a browser page, and the form's other defences
 * apply to it.
 */
static int same_origin(struct request *req)
{
    const char *site = request_header(req, "Sec-Fetch-Site");
    if (site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0)
        return 0;
    const char *origin = request_header(req, "Origin");
    if (!origin)
        return 1;
    const char *host = request_header(req, "Host");
    const char *rest = NULL;
    if (strncasecmp(origin, "https://", 8) == 0)
        rest = origin + 8;
    else if (strncasecmp(origin, "http://", 7) == 0)
        rest = origin + 7;
    return host && rest && *host && strcasecmp(rest, host) == 0;
}

/* Whether policy allows one more from this caller; if not, answers 429 with Retry-After. */
static int within_limit(struct request *req, const struct ratelimit_policy *policy, const char *key)
{
    int64_t retry_ms = 0;
    if (ratelimit_take(req->app->ratelimit, policy, key, timefmt_mono_us() / 1000, &retry_ms))
        return 1;
    long retry_s = (long)((retry_ms + 999) / 1000);
    char seconds[32], message[160];
    snprintf(seconds, sizeof(seconds), "%ld", retry_s);
    snprintf(message, sizeof(message),
             "too many requests have been sent from your network: try again in %ld minute%s. "
             "If a child is in danger now, call 999",
             (retry_s + 59) / 60, (retry_s + 59) / 60 == 1 ? "" : "s");
    respond_error(req, 429, "rate_limited", message, NULL);
    respond_header(req, "Retry-After", seconds);
    return 0;
}

struct submission {
    struct service_request form;
    struct contact contact;
    const char *request_id;
    int64_t team_id;
};

static enum err submit_apply(struct store_tx *tx, void *arg)
{
    struct submission *s = arg;
    int64_t principal = 0;
    enum err rc = store_intake_public_principal(tx, &principal);
    if (rc)
        return rc == E_NOTFOUND ? E_DB : rc; /* migration 0006 makes it: a broken schema */
    store_tx_set_actor(tx, -principal, s->request_id);
    s->team_id = 0;
    rc = store_intake_team_by_name(tx, SERVICE_REQUEST_TEAM, &s->team_id);
    if (rc && rc != E_NOTFOUND)
        return rc;
    /* the form is First Response's line: the contact waits in that team's queue (or the duty
     * queue, with a safeguarding concern raised, when a child is in danger now) */
    s->contact.line_team_id = s->team_id;
    rc = store_contact_insert(tx, &s->contact);
    if (rc)
        return rc;
    return store_intake_request_insert(tx, s->contact.id, s->team_id, &s->form);
}

static void submitted(struct request *req, enum err rc)
{
    struct submission *s = req->apply_arg;
    if (rc) {
        respond_err(req, rc, NULL);
        return;
    }
    if (s->team_id == 0)
        log_warn("request %s: no team named '%s': the request for service is in no queue", req->id,
                 SERVICE_REQUEST_TEAM);
    respond_json(req, 201, json_pack("{s:s}", "reference", s->contact.reference));
}

static void respond_invalid(struct request *req, const struct err_info *errors, int n)
{
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            list, json_pack("{s:s, s:s}", "field", errors[i].field, "message", errors[i].message));
    json_t *err = json_pack("{s:s, s:s, s:s, s:o}", "code", "invalid", "message", errors[0].message,
                            "field", errors[0].field, "errors", list);
    respond_json(req, 400, json_pack("{s:o}", "error", err));
}

/* Reads the body into s->form; E_INVALID naming a field of the wrong type or unknown. */
static enum err read_body(json_t *body, struct service_request *r, json_int_t *form_ms_out,
                          const char **trap_out, struct err_info *info)
{
    static const char *const fields[] = {"submitter_kind",
                                         "agency",
                                         "organisation",
                                         "role",
                                         "relationship",
                                         "submitter_name",
                                         "submitter_phone",
                                         "submitter_email",
                                         "child_first_name",
                                         "child_last_name",
                                         "child_date_of_birth",
                                         "child_address",
                                         "child_postcode",
                                         "concern",
                                         "urgency",
                                         "consent",
                                         "consent_reason",
                                         "form_time_ms",
                                         "website",
                                         NULL};
    static const struct {
        const char *key;
        size_t offset;
    } strings[] = {
        {"agency", offsetof(struct service_request, agency)},
        {"organisation", offsetof(struct service_request, organisation)},
        {"role", offsetof(struct service_request, role)},
        {"relationship", offsetof(struct service_request, relationship)},
        {"submitter_name", offsetof(struct service_request, submitter_name)},
        {"submitter_phone", offsetof(struct service_request, phone)},
        {"submitter_email", offsetof(struct service_request, email)},
        {"child_first_name", offsetof(struct service_request, child_first_name)},
        {"child_last_name", offsetof(struct service_request, child_last_name)},
        {"child_date_of_birth", offsetof(struct service_request, child_date_of_birth)},
        {"child_address", offsetof(struct service_request, child_address)},
        {"child_postcode", offsetof(struct service_request, child_postcode)},
        {"concern", offsetof(struct service_request, concern)},
        {"consent_reason", offsetof(struct service_request, consent_reason)},
    };
    enum err rc = jsonin_only(body, fields, info);
    for (size_t i = 0; !rc && i < sizeof(strings) / sizeof(strings[0]); i++)
        rc = jsonin_string(body, strings[i].key, (const char **)((char *)r + strings[i].offset),
                           info);
    const char *kind = NULL, *urgency = NULL, *consent = NULL;
    if (!rc)
        rc = jsonin_string(body, "submitter_kind", &kind, info);
    if (!rc)
        rc = jsonin_string(body, "urgency", &urgency, info);
    if (!rc)
        rc = jsonin_string(body, "consent", &consent, info);
    if (!rc)
        rc = jsonin_string(body, "website", trap_out, info);
    if (rc)
        return rc;
    json_t *ms = json_object_get(body, "form_time_ms");
    if (!json_is_integer(ms) || json_integer_value(ms) < 0)
        return err_set(info, E_INVALID, "form_time_ms",
                       "form_time_ms must be the whole number of milliseconds the form was open");
    *form_ms_out = json_integer_value(ms);
    r->kind = submitter_kind_parse(kind);
    r->urgency = request_urgency_parse(urgency);
    r->consent = request_consent_parse(consent);
    return E_OK;
}

void public_requests_create(struct request *req)
{
    if (!same_origin(req)) {
        respond_error(req, 403, "forbidden_origin",
                      "the request for service must be sent from this site's form", NULL);
        return;
    }
    char key[RATELIMIT_KEY_MAX];
    client_key(req, key);
    if (!within_limit(req, &public_requests_attempt_limit, key))
        return;

    struct submission *s = arena_alloc(&req->arena, sizeof(*s));
    struct err_info info = {{0}, {0}};
    json_int_t form_ms = 0;
    const char *trap = NULL;
    enum err rc = read_body(req->json, &s->form, &form_ms, &trap, &info);
    if (rc) {
        respond_err(req, rc, &info);
        return;
    }
    if ((trap && *trap) || form_ms < PUBLIC_REQUEST_MIN_FORM_MS) {
        /* a stored-request token is taken too, so a script gains nothing by retrying */
        if (!within_limit(req, &public_requests_submit_limit, key))
            return;
        log_info("request %s: public request for service turned away (%s)", req->id,
                 trap && *trap ? "hidden field filled in" : "sent too quickly");
        respond_error(req, 400, "rejected",
                      "the form could not be accepted: go back to the start and fill it in "
                      "again. If a child is in danger now, call 999",
                      NULL);
        return;
    }
    struct err_info errors[SERVICE_REQUEST_MAX_ERRORS];
    int n_errors = 0;
    int64_t now = timefmt_now_ms();
    if (service_request_validate(&s->form, now, errors, &n_errors) != E_OK) {
        respond_invalid(req, errors, n_errors);
        return;
    }
    if (!within_limit(req, &public_requests_submit_limit, key))
        return;

    char *caller = service_request_caller(&s->form);
    char *summary = service_request_summary(&s->form);
    service_request_to_contact(&s->form, &s->contact);
    s->contact.channel = CHANNEL_WEB;
    s->contact.received_at = now;
    s->contact.caller_name = arena_strdup(&req->arena, caller);
    s->contact.summary = arena_strdup(&req->arena, summary);
    free(caller);
    free(summary);
    s->request_id = req->id;
    rc = contact_validate(&s->contact, now, &info);
    if (rc) {
        respond_err(req, rc, &info); /* the form's limits keep within the contact's */
        return;
    }
    request_write(req, submit_apply, s, submitted);
}
