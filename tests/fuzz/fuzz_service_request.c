/*
 * fuzz_service_request: the public request-for-service form (POST /api/public/requests, open
 * to anyone) as http/public_requests reads it — one field per line of the input (the concern
 * last, taking the rest), the kind, urgency and consent by name — through
 * service_request_validate at a fixed time and, when it is accepted, into the contact the
 * server stores. Checks that the errors stay within their array and each names a field, and
 * that an accepted form always makes a contact that contact_validate accepts (the form's limits
 * are meant to keep within the contact's; a contact it refused would lose the request).
 */
#include "domain/contact.h"
#include "domain/service_request.h"
#include "fuzz.h"

#define NOW_MS 1795425300000LL /* 2026-11-23 09:15 UTC */

/* the concern comes last: it takes the rest of the input, line breaks and all */
enum {
    L_KIND,
    L_AGENCY,
    L_ORG,
    L_ROLE,
    L_RELATIONSHIP,
    L_NAME,
    L_PHONE,
    L_EMAIL,
    L_FIRST,
    L_LAST,
    L_DOB,
    L_ADDRESS,
    L_POSTCODE,
    L_URGENCY,
    L_CONSENT,
    L_REASON,
    L_CONCERN,
    L_COUNT
};

/* JSON strings are valid UTF-8 (jansson refuses others), so the form never sees anything else;
 * an empty line stands for a field left out (NULL). */
static const char *field(const char *line)
{
    return line[0] ? line : NULL;
}

static void check_contact(const struct service_request *r)
{
    struct contact c;
    memset(&c, 0, sizeof(c));
    char *caller = service_request_caller(r);
    char *summary = service_request_summary(r);
    service_request_to_contact(r, &c);
    c.channel = CHANNEL_WEB;
    c.received_at = NOW_MS;
    c.caller_name = caller;
    c.summary = summary;
    struct err_info info = {0};
    enum err rc = contact_validate(&c, NOW_MS, &info);
    if (rc)
        fprintf(stderr, "contact refused: %s: %s\n", info.field, info.message);
    FUZZ_CHECK(rc == E_OK);
    free(caller);
    free(summary);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy;
    const char *lines[L_COUNT];
    fuzz_split(data, size, &copy, lines, L_COUNT);
    for (size_t i = 0; i < L_COUNT; i++) {
        if (utf8_length(lines[i]) < 0) {
            free(copy);
            return 0;
        }
    }
    struct service_request r;
    memset(&r, 0, sizeof(r));
    r.kind = submitter_kind_parse(lines[L_KIND]);
    r.agency = field(lines[L_AGENCY]);
    r.organisation = field(lines[L_ORG]);
    r.role = field(lines[L_ROLE]);
    r.relationship = field(lines[L_RELATIONSHIP]);
    r.submitter_name = field(lines[L_NAME]);
    r.phone = field(lines[L_PHONE]);
    r.email = field(lines[L_EMAIL]);
    r.child_first_name = field(lines[L_FIRST]);
    r.child_last_name = field(lines[L_LAST]);
    r.child_date_of_birth = field(lines[L_DOB]);
    r.child_address = field(lines[L_ADDRESS]);
    r.child_postcode = field(lines[L_POSTCODE]);
    r.concern = field(lines[L_CONCERN]);
    r.urgency = request_urgency_parse(lines[L_URGENCY]);
    r.consent = request_consent_parse(lines[L_CONSENT]);
    r.consent_reason = field(lines[L_REASON]);

    struct err_info errors[SERVICE_REQUEST_MAX_ERRORS];
    int n_errors = -1;
    if (service_request_validate(&r, NOW_MS, errors, &n_errors) == E_OK) {
        check_contact(&r);
    } else {
        FUZZ_CHECK(n_errors >= 1 && n_errors <= SERVICE_REQUEST_MAX_ERRORS);
        for (int i = 0; i < n_errors; i++)
            FUZZ_CHECK(errors[i].field[0] != '\0');
    }
    free(copy);
    return 0;
}
