/*
 * service_request: the form's rules. Messages name the JSON field and are written for the
 * person filling in the form (the web page may show them as they are). Referral sources
 * follow the Children in Need census list: a professional's agency decides the code, anyone
 * else is an individual (1A family, 1B acquaintance, 1C self, 1D other).
 */
#include "domain/service_request.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/ukclock.h"
#include "core/utf8.h"
#include "domain/contact.h"

static const struct {
    const char *name, *label, *source;
} kinds[SUBMITTER_COUNT] = {
    [SUBMITTER_NONE] = {"", "", "10"},
    [SUBMITTER_PROFESSIONAL] = {"professional", "Professional", "8"},
    [SUBMITTER_FAMILY] = {"family", "Parent, relative or carer", "1A"},
    [SUBMITTER_ACQUAINTANCE] = {"acquaintance", "Friend, neighbour or child minder", "1B"},
    [SUBMITTER_SELF] = {"self", "The child or young person", "1C"},
    [SUBMITTER_OTHER] = {"other", "Another member of the public", "1D"},
};

/* A professional's agency: its census code, and the contact source kind that code belongs to
 * (domain/contact: schools, health and police have kinds of their own). */
static const struct {
    const char *code, *label, *source;
    enum contact_source kind;
} agencies[] = {
    {"school", "School", "2A", SOURCE_SCHOOL},
    {"education", "Education services", "2B", SOURCE_PROFESSIONAL},
    {"gp", "GP", "3A", SOURCE_HEALTH},
    {"health_visitor", "Health visitor", "3B", SOURCE_HEALTH},
    {"school_nurse", "School nurse", "3C", SOURCE_HEALTH},
    {"primary_health", "Other primary health services", "3D", SOURCE_HEALTH},
    {"emergency_department", "Hospital A&E", "3E", SOURCE_HEALTH},
    {"health_other", "Other health services", "3F", SOURCE_HEALTH},
    {"housing", "Housing", "4", SOURCE_PROFESSIONAL},
    {"la_social_care", "Council social care", "5A", SOURCE_PROFESSIONAL},
    {"la_other", "Other council service", "5B", SOURCE_PROFESSIONAL},
    {"other_la", "Another council", "5C", SOURCE_PROFESSIONAL},
    {"early_help", "Early help", "5D", SOURCE_PROFESSIONAL},
    {"police", "Police", "6", SOURCE_POLICE},
    {"legal", "Courts, probation, Cafcass or prison", "7", SOURCE_PROFESSIONAL},
    {"voluntary", "Children's centre, charity or other organisation", "8", SOURCE_PROFESSIONAL},
};
#define N_AGENCIES (sizeof(agencies) / sizeof(agencies[0]))

static const char *const urgencies[URGENCY_COUNT] = {[URGENCY_NONE] = "",
                                                     [URGENCY_DANGER_NOW] = "danger_now",
                                                     [URGENCY_HARM] = "harm",
                                                     [URGENCY_SUPPORT] = "support"};
static const char *const urgency_labels[URGENCY_COUNT] = {
    [URGENCY_NONE] = "",
    [URGENCY_DANGER_NOW] = "A child is in danger now",
    [URGENCY_HARM] = "Worried a child is being harmed or is at risk of harm",
    [URGENCY_SUPPORT] = "The child or family needs help or support"};
static const char *const consents[CONSENT_COUNT] = {
    [CONSENT_NONE] = "", [CONSENT_YES] = "yes", [CONSENT_NO] = "no"};

const char *submitter_kind_name(enum submitter_kind k)
{
    return k > SUBMITTER_NONE && k < SUBMITTER_COUNT ? kinds[k].name : "";
}

enum submitter_kind submitter_kind_parse(const char *name)
{
    for (int k = SUBMITTER_NONE + 1; name && k < SUBMITTER_COUNT; k++)
        if (strcmp(name, kinds[k].name) == 0)
            return (enum submitter_kind)k;
    return SUBMITTER_NONE;
}

const char *request_urgency_name(enum request_urgency u)
{
    return u > URGENCY_NONE && u < URGENCY_COUNT ? urgencies[u] : "";
}

enum request_urgency request_urgency_parse(const char *name)
{
    for (int u = URGENCY_NONE + 1; name && u < URGENCY_COUNT; u++)
        if (strcmp(name, urgencies[u]) == 0)
            return (enum request_urgency)u;
    return URGENCY_NONE;
}

const char *request_consent_name(enum request_consent c)
{
    return c > CONSENT_NONE && c < CONSENT_COUNT ? consents[c] : "";
}

enum request_consent request_consent_parse(const char *name)
{
    for (int c = CONSENT_NONE + 1; name && c < CONSENT_COUNT; c++)
        if (strcmp(name, consents[c]) == 0)
            return (enum request_consent)c;
    return CONSENT_NONE;
}

const char *service_request_agency(size_t i, const char **label_out, const char **source_out)
{
    if (i >= N_AGENCIES)
        return NULL;
    if (label_out)
        *label_out = agencies[i].label;
    if (source_out)
        *source_out = agencies[i].source;
    return agencies[i].code;
}

static int agency_index(const char *code)
{
    for (size_t i = 0; code && i < N_AGENCIES; i++)
        if (strcmp(code, agencies[i].code) == 0)
            return (int)i;
    return -1;
}

const char *service_request_source(const struct service_request *r)
{
    if (r->kind == SUBMITTER_PROFESSIONAL) {
        int i = agency_index(r->agency);
        return i >= 0 ? agencies[i].source : kinds[SUBMITTER_PROFESSIONAL].source;
    }
    return r->kind > SUBMITTER_NONE && r->kind < SUBMITTER_COUNT ? kinds[r->kind].source
                                                                 : kinds[SUBMITTER_NONE].source;
}

struct errors {
    struct err_info *items;
    int n;
};

static void add_error(struct errors *e, const char *field, const char *message)
{
    if (e->n >= SERVICE_REQUEST_MAX_ERRORS)
        return;
    (void)err_set(&e->items[e->n++], E_INVALID, field, "%s", message);
}

static void add_info(struct errors *e, const struct err_info *info)
{
    if (e->n < SERVICE_REQUEST_MAX_ERRORS)
        e->items[e->n++] = *info;
}

static int given(const char *s)
{
    return s && s[strspn(s, " \t\r\n")] != '\0';
}

/* Checks text that is given: valid UTF-8, within max characters, and (unless multiline) on
 * one line. Adds an error naming field and returns 0 when it is not. */
static int check_text(struct errors *e, const char *s, long max, int multiline, const char *field,
                      const char *what)
{
    char msg[200];
    long n = utf8_length(s);
    if (n < 0) {
        snprintf(msg, sizeof(msg), "%s must be valid UTF-8 text", what);
        add_error(e, field, msg);
        return 0;
    }
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        int allowed_space = multiline && (*p == '\n' || *p == '\r' || *p == '\t');
        if ((*p < 0x20 && !allowed_space) || *p == 0x7F) {
            snprintf(msg, sizeof(msg), "%s must not contain control characters%s", what,
                     multiline ? "" : " or line breaks");
            add_error(e, field, msg);
            return 0;
        }
    }
    if (n > max) {
        snprintf(msg, sizeof(msg), "%s must be %ld characters or fewer", what, max);
        add_error(e, field, msg);
        return 0;
    }
    return 1;
}

static void required_text(struct errors *e, const char *s, long max, int multiline,
                          const char *field, const char *what, const char *missing)
{
    if (!given(s))
        add_error(e, field, missing);
    else
        check_text(e, s, max, multiline, field, what);
}

static void optional_text(struct errors *e, const char *s, long max, int multiline,
                          const char *field, const char *what)
{
    if (given(s))
        check_text(e, s, max, multiline, field, what);
}

/* An answer given to a question this sender is not asked. */
static void not_asked(struct errors *e, const char *s, const char *field, const char *who)
{
    char msg[160];
    if (!given(s))
        return;
    snprintf(msg, sizeof(msg), "%s is asked only %s: leave it out", field, who);
    add_error(e, field, msg);
}

static void validate_sender(struct service_request *r, struct errors *e)
{
    if (r->kind <= SUBMITTER_NONE || r->kind >= SUBMITTER_COUNT) {
        add_error(e, "submitter_kind",
                  "select who you are: professional, family, acquaintance, self or other");
        return;
    }
    if (r->kind == SUBMITTER_PROFESSIONAL) {
        if (!given(r->agency))
            add_error(e, "agency", "select the kind of organisation you work for");
        else if (agency_index(r->agency) < 0)
            add_error(e, "agency", "select the kind of organisation you work for from the list");
        required_text(e, r->organisation, SERVICE_REQUEST_ORG_MAX, 0, "organisation",
                      "the name of your organisation", "enter the name of your organisation");
        required_text(e, r->role, SERVICE_REQUEST_SHORT_MAX, 0, "role", "your role",
                      "enter your role or job title");
        not_asked(e, r->relationship, "relationship", "of people who are not professionals");
    } else {
        not_asked(e, r->agency, "agency", "of professionals");
        not_asked(e, r->organisation, "organisation", "of professionals");
        not_asked(e, r->role, "role", "of professionals");
        if (r->kind == SUBMITTER_SELF)
            not_asked(e, r->relationship, "relationship", "of people writing about a child");
        else
            optional_text(e, r->relationship, SERVICE_REQUEST_SHORT_MAX, 0, "relationship",
                          "your relationship to the child");
    }
    if (r->kind == SUBMITTER_SELF)
        optional_text(e, r->submitter_name, SERVICE_REQUEST_NAME_MAX, 0, "submitter_name",
                      "your name");
    else
        required_text(e, r->submitter_name, SERVICE_REQUEST_NAME_MAX, 0, "submitter_name",
                      "your name", "enter your name");
}

static void validate_contact_details(struct service_request *r, struct errors *e)
{
    struct err_info info = {{0}, {0}};
    if (!given(r->phone) && !given(r->email)) {
        add_error(e, "submitter_phone",
                  "enter a phone number or an email address so that we can contact you");
        return;
    }
    if (given(r->phone) &&
        person_valid_phone(r->phone, "submitter_phone", r->phone_norm, &info) != E_OK)
        add_info(e, &info);
    if (given(r->email) &&
        person_valid_email(r->email, "submitter_email", r->email_norm, &info) != E_OK)
        add_info(e, &info);
}

static void validate_child(struct service_request *r, int64_t now_ms, struct errors *e)
{
    struct err_info info = {{0}, {0}};
    required_text(e, r->child_first_name, SERVICE_REQUEST_SHORT_MAX, 0, "child_first_name",
                  "the child's first name", "enter the child's first name");
    required_text(e, r->child_last_name, SERVICE_REQUEST_SHORT_MAX, 0, "child_last_name",
                  "the child's last name", "enter the child's last name");
    if (given(r->child_date_of_birth)) {
        struct pdate dob;
        struct ukclock_local local;
        ukclock_to_local(now_ms / 1000, &local);
        struct pdate today = {local.year, local.month, local.day};
        if (person_valid_date_parse(r->child_date_of_birth, "child_date_of_birth", &dob, &info) !=
                E_OK ||
            person_valid_dob(&dob, &today, "child_date_of_birth", &info) != E_OK)
            add_info(e, &info);
        else
            person_valid_date_format(&dob, r->dob_norm);
    }
    optional_text(e, r->child_address, SERVICE_REQUEST_ADDRESS_MAX, 1, "child_address",
                  "the child's address");
    if (given(r->child_postcode) &&
        person_valid_postcode(r->child_postcode, "child_postcode", r->postcode_norm, &info) != E_OK)
        add_info(e, &info);
}

static void validate_request(struct service_request *r, struct errors *e)
{
    required_text(e, r->concern, SERVICE_REQUEST_CONCERN_MAX, 1, "concern",
                  "what you are worried about",
                  "tell us what you are worried about or what help is needed");
    if (r->urgency <= URGENCY_NONE || r->urgency >= URGENCY_COUNT)
        add_error(e, "urgency", "select how urgent this is: danger_now, harm or support");
    if (r->consent <= CONSENT_NONE || r->consent >= CONSENT_COUNT) {
        add_error(e, "consent",
                  "select whether the family knows about this request and agrees to it");
    } else if (r->consent == CONSENT_NO) {
        required_text(e, r->consent_reason, SERVICE_REQUEST_REASON_MAX, 1, "consent_reason",
                      "the reason", "explain why you are asking without the family's agreement");
    } else {
        not_asked(e, r->consent_reason, "consent_reason", "when the family has not agreed");
    }
}

enum err service_request_validate(struct service_request *r, int64_t now_ms,
                                  struct err_info errors[SERVICE_REQUEST_MAX_ERRORS],
                                  int *n_errors_out)
{
    struct errors e = {errors, 0};
    r->phone_norm[0] = r->email_norm[0] = r->postcode_norm[0] = r->dob_norm[0] = '\0';
    validate_sender(r, &e);
    validate_contact_details(r, &e);
    validate_child(r, now_ms, &e);
    validate_request(r, &e);
    *n_errors_out = e.n;
    return e.n ? E_INVALID : E_OK;
}

/* s without surrounding white space, appended to b. */
static void add_trimmed(struct buf *b, const char *s)
{
    if (!s)
        return;
    s += strspn(s, " \t\r\n");
    size_t n = strlen(s);
    while (n && strchr(" \t\r\n", s[n - 1]))
        n--;
    buf_add(b, s, n);
}

/* Text with its surrounding white space, or NULL when blank. Borrowed from s. */
static const char *or_null(const char *s)
{
    return given(s) ? s : NULL;
}

void service_request_to_contact(const struct service_request *r, struct contact *c)
{
    static const enum contact_source kinds_source[SUBMITTER_COUNT] = {
        [SUBMITTER_NONE] = SOURCE_NONE,     [SUBMITTER_PROFESSIONAL] = SOURCE_PROFESSIONAL,
        [SUBMITTER_FAMILY] = SOURCE_FAMILY, [SUBMITTER_ACQUAINTANCE] = SOURCE_FRIEND_NEIGHBOUR,
        [SUBMITTER_SELF] = SOURCE_SELF,     [SUBMITTER_OTHER] = SOURCE_OTHER,
    };
    enum submitter_kind k =
        r->kind > SUBMITTER_NONE && r->kind < SUBMITTER_COUNT ? r->kind : SUBMITTER_NONE;
    int agency = k == SUBMITTER_PROFESSIONAL ? agency_index(r->agency) : -1;
    c->source = agency >= 0 ? agencies[agency].kind : kinds_source[k];
    snprintf(c->source_code, sizeof(c->source_code), "%s", service_request_source(r));
    c->caller_organisation = k == SUBMITTER_PROFESSIONAL ? or_null(r->organisation) : NULL;
    c->caller_role = k == SUBMITTER_PROFESSIONAL ? or_null(r->role) : NULL;
    c->caller_phone = r->phone_norm[0] ? r->phone_norm : NULL;
    c->caller_email = r->email_norm[0] ? r->email_norm : NULL;
    c->consent = r->consent == CONSENT_YES  ? SHARE_CONSENT_YES
                 : r->consent == CONSENT_NO ? SHARE_CONSENT_NO
                                            : SHARE_CONSENT_NONE;
    c->consent_justification = r->consent == CONSENT_NO ? or_null(r->consent_reason) : NULL;
    c->danger_now = r->urgency == URGENCY_DANGER_NOW;
    c->service = SERVICE_CHILDREN;
}

char *service_request_caller(const struct service_request *r)
{
    struct buf b = BUF_INIT;
    if (given(r->submitter_name)) {
        add_trimmed(&b, r->submitter_name);
    } else {
        add_trimmed(&b, r->child_first_name);
        buf_addc(&b, ' ');
        add_trimmed(&b, r->child_last_name);
    }
    size_t keep = utf8_prefix(b.data, CONTACT_CALLER_MAX);
    b.data[keep] = '\0';
    b.len = keep;
    return buf_detach(&b, NULL);
}

char *service_request_summary(const struct service_request *r)
{
    struct buf b = BUF_INIT;
    buf_adds(&b, "Request for service (web form). ");
    buf_adds(
        &b, urgency_labels[r->urgency > URGENCY_NONE && r->urgency < URGENCY_COUNT ? r->urgency
                                                                                   : URGENCY_NONE]);
    buf_adds(&b, ".\nFrom: ");
    if (given(r->submitter_name))
        add_trimmed(&b, r->submitter_name);
    else
        buf_adds(&b, "the young person");
    buf_adds(&b, " (");
    if (r->kind == SUBMITTER_PROFESSIONAL) {
        int i = agency_index(r->agency);
        add_trimmed(&b, r->role);
        buf_adds(&b, ", ");
        add_trimmed(&b, r->organisation);
        if (i >= 0)
            buf_addf(&b, "; %s", agencies[i].label);
    } else {
        buf_adds(&b,
                 r->kind > SUBMITTER_NONE && r->kind < SUBMITTER_COUNT ? kinds[r->kind].label : "");
        if (given(r->relationship)) {
            buf_adds(&b, ": ");
            add_trimmed(&b, r->relationship);
        }
    }
    buf_adds(&b, ")");
    if (r->phone_norm[0])
        buf_addf(&b, ", phone %s", r->phone_norm);
    if (r->email_norm[0])
        buf_addf(&b, ", email %s", r->email_norm);
    buf_adds(&b, ".\nChild: ");
    add_trimmed(&b, r->child_first_name);
    buf_addc(&b, ' ');
    add_trimmed(&b, r->child_last_name);
    if (r->dob_norm[0])
        buf_addf(&b, ", born %s", r->dob_norm);
    if (given(r->child_address)) {
        buf_adds(&b, ", ");
        add_trimmed(&b, r->child_address);
    }
    if (r->postcode_norm[0])
        buf_addf(&b, ", %s", r->postcode_norm);
    buf_adds(&b, ".\nThe family knows and agrees: ");
    if (r->consent == CONSENT_NO) {
        buf_adds(&b, "no. Why: ");
        add_trimmed(&b, r->consent_reason);
    } else {
        buf_adds(&b, r->consent == CONSENT_YES ? "yes" : "not said");
    }
    buf_adds(&b, "\n\n");
    add_trimmed(&b, r->concern);
    /* the parts' limits keep this well under the contact's; cut anyway, at a character */
    size_t keep = utf8_prefix(b.data, CONTACT_SUMMARY_MAX);
    b.data[keep] = '\0';
    b.len = keep;
    return buf_detach(&b, NULL);
}
