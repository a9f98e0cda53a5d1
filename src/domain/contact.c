/*
 * contact: validation rules for recording and amending a contact, the code sets it uses, and
 * the mapping from who made contact to the census referral-source code. Messages are written
 * for the person at the keyboard (GOV.UK error message style), since the web form shows them
 * as they are.
 */
#include "domain/contact.h"

#include <stdio.h>
#include <string.h>

#include "core/utf8.h"

static const struct {
    const char *name, *label;
} channels[CHANNEL_COUNT] = {
    [CHANNEL_NONE] = {"", ""},
    [CHANNEL_PHONE] = {"phone", "Phone"},
    [CHANNEL_EMAIL] = {"email", "Email"},
    [CHANNEL_LETTER] = {"letter", "Letter"},
    [CHANNEL_WEB] = {"web", "Web form"},
    [CHANNEL_FACE_TO_FACE] = {"face_to_face", "Face to face"},
    [CHANNEL_PROFESSIONAL_LINE] = {"professional_line", "Professionals' line"},
};

const char *channel_name(enum channel c)
{
    return c > CHANNEL_NONE && c < CHANNEL_COUNT ? channels[c].name : "";
}

const char *channel_label(enum channel c)
{
    return c > CHANNEL_NONE && c < CHANNEL_COUNT ? channels[c].label : "";
}

enum channel channel_parse(const char *name)
{
    for (int c = CHANNEL_NONE + 1; name && c < CHANNEL_COUNT; c++)
        if (strcmp(name, channels[c].name) == 0)
            return (enum channel)c;
    return CHANNEL_NONE;
}

bool channel_is_call(enum channel c)
{
    return c == CHANNEL_PHONE || c == CHANNEL_PROFESSIONAL_LINE;
}

/*
 * Who made contact, and the census referral-source codes each kind may be recorded as
 * (uk-returns.md). The first code is the default. A professional is refined to their agency
 * (education services, health, housing, the council's own services, legal agencies, other);
 * police, schools and the anonymous have exactly one code each.
 */
static const struct {
    const char *name, *label;
    const char *codes[16];
} sources[SOURCE_COUNT] = {
    [SOURCE_NONE] = {"", "", {"10", NULL}},
    [SOURCE_SELF] = {"self", "The person themselves", {"1C", NULL}},
    [SOURCE_FAMILY] = {"family", "Family member, relative or carer", {"1A", NULL}},
    [SOURCE_FRIEND_NEIGHBOUR] = {"friend_neighbour",
                                 "Friend, neighbour or acquaintance",
                                 {"1B", NULL}},
    [SOURCE_PROFESSIONAL] = {"professional",
                             "Professional",
                             {"8", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B", "5C",
                              "5D", "7", NULL}},
    [SOURCE_POLICE] = {"police", "Police", {"6", NULL}},
    [SOURCE_HEALTH] = {"health", "Health services", {"3F", "3A", "3B", "3C", "3D", "3E", NULL}},
    [SOURCE_SCHOOL] = {"school", "School", {"2A", NULL}},
    [SOURCE_ANONYMOUS] = {"anonymous", "Anonymous", {"9", NULL}},
    [SOURCE_OTHER] = {"other", "Someone else", {"1D", "10", NULL}},
};

static const struct {
    const char *code, *label;
} census_sources[] = {
    {"1A", "INDIVIDUAL – family member, relative or carer"},
    {"1B", "INDIVIDUAL – acquaintance (including neighbours and child minders)"},
    {"1C", "INDIVIDUAL – self"},
    {"1D", "INDIVIDUAL – other (including strangers)"},
    {"2A", "SCHOOLS"},
    {"2B", "EDUCATION SERVICES"},
    {"3A", "HEALTH SERVICES – general practitioner (GP)"},
    {"3B", "HEALTH SERVICES – health visitor"},
    {"3C", "HEALTH SERVICES – school nurse"},
    {"3D", "HEALTH SERVICES – other primary health services"},
    {"3E", "HEALTH SERVICES – A&E (accident and emergency department)"},
    {"3F", "HEALTH SERVICES – other (for example hospice)"},
    {"4", "HOUSING – local authority housing or housing association"},
    {"5A", "LA SERVICES – social care, for example adults social care services"},
    {"5B", "LA SERVICES – other internal (e.g. youth offending, excl. housing)"},
    {"5C", "LA SERVICES – external, e.g. another LA's adult social care services"},
    {"5D", "LA SERVICES – early help"},
    {"6", "POLICE"},
    {"7", "OTHER LEGAL AGENCY – courts, probation, immigration, CAFCASS, prison"},
    {"8", "OTHER – children's centres, independent agency providers, voluntary"},
    {"9", "ANONYMOUS"},
    {"10", "UNKNOWN"},
};

const char *contact_source_name(enum contact_source s)
{
    return s > SOURCE_NONE && s < SOURCE_COUNT ? sources[s].name : "";
}

const char *contact_source_label(enum contact_source s)
{
    return s > SOURCE_NONE && s < SOURCE_COUNT ? sources[s].label : "";
}

enum contact_source contact_source_parse(const char *name)
{
    for (int s = SOURCE_NONE + 1; name && s < SOURCE_COUNT; s++)
        if (strcmp(name, sources[s].name) == 0)
            return (enum contact_source)s;
    return SOURCE_NONE;
}

const char *const *contact_source_codes(enum contact_source s)
{
    return sources[s > SOURCE_NONE && s < SOURCE_COUNT ? s : SOURCE_NONE].codes;
}

const char *contact_source_code_label(const char *code)
{
    for (size_t i = 0; code && i < sizeof(census_sources) / sizeof(census_sources[0]); i++)
        if (strcmp(code, census_sources[i].code) == 0)
            return census_sources[i].label;
    return "";
}

/* The entry of codes equal to code, or NULL. */
static const char *code_find(const char *const *codes, const char *code)
{
    for (size_t i = 0; codes[i]; i++)
        if (strcmp(codes[i], code) == 0)
            return codes[i];
    return NULL;
}

enum err contact_source_code(enum contact_source s, const char *requested,
                             char out[CONTACT_SOURCE_CODE_LEN], struct err_info *info)
{
    if (s < SOURCE_NONE || s >= SOURCE_COUNT)
        s = SOURCE_NONE;
    const char *found =
        requested && *requested ? code_find(sources[s].codes, requested) : sources[s].codes[0];
    if (found) { /* from the table: requested may be out itself */
        snprintf(out, CONTACT_SOURCE_CODE_LEN, "%s", found);
        return E_OK;
    }
    if (!*contact_source_code_label(requested))
        return err_set(info, E_INVALID, "source_code",
                       "'%.8s' is not a census referral source code", requested);
    if (s == SOURCE_NONE)
        return err_set(info, E_INVALID, "source_code",
                       "select who made contact before choosing a referral source code");
    return err_set(info, E_INVALID, "source_code",
                   "referral source %s (%s) does not fit a contact from '%s'", requested,
                   contact_source_code_label(requested), sources[s].name);
}

static const struct {
    const char *code, *label;
} reasons[] = {
    {"concern_child", "Concern about a child's safety or welfare"},
    {"concern_adult", "Concern about an adult at risk"},
    {"request_assessment", "Request for an assessment of needs"},
    {"request_service", "Request for a service or support"},
    {"information_advice", "Information or advice"},
    {"named_worker", "Asking for a named worker or team"},
    {"care_leaver_support", "Care leaver asking for support"},
    {"hospital", "Hospital admission or discharge"},
    {"carer_support", "Carer asking for support"},
    {"private_fostering", "Private fostering notification"},
    {"financial_help", "Financial help"},
    {"review_request", "Request for a review"},
    {"complaint", "Complaint or compliment"},
    {"other", "Something else"},
};

bool contact_reason_at(size_t i, const char **code_out, const char **label_out)
{
    if (i >= sizeof(reasons) / sizeof(reasons[0]))
        return false;
    *code_out = reasons[i].code;
    *label_out = reasons[i].label;
    return true;
}

const char *contact_reason_label(const char *code)
{
    for (size_t i = 0; code && i < sizeof(reasons) / sizeof(reasons[0]); i++)
        if (strcmp(code, reasons[i].code) == 0)
            return reasons[i].label;
    return "";
}

bool contact_reason_valid(const char *code)
{
    return *contact_reason_label(code) != '\0';
}

static const char *const consents[SHARE_CONSENT_COUNT] = {"", "yes", "no", "not_asked"};

const char *share_consent_name(enum share_consent c)
{
    return c > SHARE_CONSENT_NONE && c < SHARE_CONSENT_COUNT ? consents[c] : "";
}

enum share_consent share_consent_parse(const char *name)
{
    for (int c = SHARE_CONSENT_NONE + 1; name && c < SHARE_CONSENT_COUNT; c++)
        if (strcmp(name, consents[c]) == 0)
            return (enum share_consent)c;
    return SHARE_CONSENT_NONE;
}

static const char *const services[SERVICE_COUNT] = {"", "children", "adults"};

const char *contact_service_name(enum contact_service s)
{
    return s > SERVICE_NONE && s < SERVICE_COUNT ? services[s] : "";
}

enum contact_service contact_service_parse(const char *name)
{
    for (int s = SERVICE_NONE + 1; name && s < SERVICE_COUNT; s++)
        if (strcmp(name, services[s]) == 0)
            return (enum contact_service)s;
    return SERVICE_NONE;
}

static const char *const queue_kinds[QUEUE_KIND_COUNT] = {"", "contact_centre", "duty", "team"};

const char *queue_kind_name(enum queue_kind k)
{
    return k > QUEUE_NONE && k < QUEUE_KIND_COUNT ? queue_kinds[k] : "";
}

enum queue_kind queue_kind_parse(const char *name)
{
    for (int k = QUEUE_NONE + 1; name && k < QUEUE_KIND_COUNT; k++)
        if (strcmp(name, queue_kinds[k]) == 0)
            return (enum queue_kind)k;
    return QUEUE_NONE;
}

struct contact_queue contact_initial_queue(const struct contact *c, bool line_is_contact_centre)
{
    struct contact_queue q = {QUEUE_CONTACT_CENTRE, 0};
    if (c->danger_now)
        q.kind = QUEUE_DUTY;
    else if (c->line_team_id > 0 && !line_is_contact_centre) {
        q.kind = QUEUE_TEAM;
        q.team_id = c->line_team_id;
    }
    return q;
}

const char *contact_danger_guidance(void)
{
    return "If anyone is in immediate danger, or a crime is happening now, call 999 (police or "
           "ambulance) straight away, or tell the caller to. Stay on the line if you can, keep "
           "the caller talking and note what they say. A safeguarding concern has been raised "
           "and the duty manager has been told.";
}

long utf8_length(const char *s)
{
    long n = 0;
    for (const char *p = s; *p; n++) {
        size_t size = utf8_char_size(p);
        if (size == 0)
            return -1;
        p += size;
    }
    return n;
}

bool contact_text_blank(const char *s)
{
    return !s || s[strspn(s, " \t\r\n")] == '\0';
}

/* Text that is present, valid UTF-8, not only white space, and at most max characters. */
static enum err check_text(const char *s, long max, const char *field, const char *what,
                           struct err_info *info)
{
    if (contact_text_blank(s))
        return err_set(info, E_INVALID, field, "enter %s", what);
    long n = utf8_length(s);
    if (n < 0)
        return err_set(info, E_INVALID, field, "%s must be valid UTF-8 text", what);
    if (n > max)
        return err_set(info, E_INVALID, field, "%s must be %ld characters or fewer", what, max);
    return E_OK;
}

/* Text that may be absent; when present, as check_text. */
static enum err check_optional(const char *s, long max, const char *field, const char *what,
                               struct err_info *info)
{
    if (!s || !*s)
        return E_OK;
    return check_text(s, max, field, what, info);
}

/* A phone number as people type it: digits, spaces and + ( ) - . only, with 6 or more digits. */
static enum err check_phone(const char *s, struct err_info *info)
{
    if (!s || !*s)
        return E_OK;
    enum err rc =
        check_text(s, CONTACT_PHONE_MAX, "caller_phone", "the caller's phone number", info);
    if (rc)
        return rc;
    int digits = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (!strchr(" +()-.", *p))
            return err_set(info, E_INVALID, "caller_phone",
                           "enter a phone number, like 01632 960 001 or +44 7700 900 982");
    }
    if (digits < 6)
        return err_set(info, E_INVALID, "caller_phone",
                       "enter a phone number, like 01632 960 001 or +44 7700 900 982");
    return E_OK;
}

/* An email address with one @, something before it and a dot after it, no spaces. */
static enum err check_email(const char *s, struct err_info *info)
{
    if (!s || !*s)
        return E_OK;
    enum err rc =
        check_text(s, CONTACT_EMAIL_MAX, "caller_email", "the caller's email address", info);
    if (rc)
        return rc;
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.') || strpbrk(s, " \t\r\n") ||
        at[strlen(at) - 1] == '.')
        return err_set(info, E_INVALID, "caller_email",
                       "enter an email address in the correct format, like name@example.com");
    return E_OK;
}

static enum err check_subjects(const struct contact *c, struct err_info *info)
{
    if (c->n_subjects > CONTACT_SUBJECTS_MAX)
        return err_set(info, E_INVALID, "subject_person_ids",
                       "a contact can be about at most %d persons", CONTACT_SUBJECTS_MAX);
    for (size_t i = 0; i < c->n_subjects; i++) {
        if (c->subjects[i] <= 0)
            return err_set(info, E_INVALID, "subject_person_ids",
                           "person ids must be whole numbers above 0");
        for (size_t j = 0; j < i; j++)
            if (c->subjects[j] == c->subjects[i])
                return err_set(info, E_INVALID, "subject_person_ids", "person %lld is listed twice",
                               (long long)c->subjects[i]);
    }
    return E_OK;
}

/*
 * The recording rules, one group of fields each, in the order the contact screen asks for
 * them. Each names the first field at fault in its group; contact_validate stops at the first
 * group that fails, contact_validate_all runs every group so a form can show every field that
 * needs fixing at once. A group may set c->source_code (how_made), so groups run in order.
 */
typedef enum err (*contact_check_fn)(struct contact *c, int64_t now_ms, struct err_info *info);

static enum err check_when(struct contact *c, int64_t now_ms, struct err_info *info)
{
    if (c->channel <= CHANNEL_NONE || c->channel >= CHANNEL_COUNT)
        return err_set(info, E_INVALID, "channel",
                       "select how the contact was made: phone, email, letter, web, "
                       "face_to_face or professional_line");
    if (c->received_at <= 0)
        return err_set(info, E_INVALID, "received_at", "enter when the contact was received");
    if (c->received_at > now_ms + CONTACT_FUTURE_SLACK_MS)
        return err_set(info, E_INVALID, "received_at",
                       "the time the contact was received must be in the past");
    if (c->created_at > 0 && c->received_at > c->created_at + CONTACT_FUTURE_SLACK_MS)
        return err_set(info, E_INVALID, "received_at",
                       "the contact cannot have been received after it was recorded");
    if (c->answered_at) {
        if (!channel_is_call(c->channel))
            return err_set(info, E_INVALID, "answered_at",
                           "only a phone call has a time it was answered");
        if (c->answered_at < c->received_at)
            return err_set(info, E_INVALID, "answered_at",
                           "the call must be answered after it was received");
        if (c->answered_at > now_ms + CONTACT_FUTURE_SLACK_MS)
            return err_set(info, E_INVALID, "answered_at",
                           "the time the call was answered must be in the past");
    }
    return E_OK;
}

static enum err check_caller_name(struct contact *c, int64_t now_ms, struct err_info *info)
{
    (void)now_ms;
    return check_text(c->caller_name, CONTACT_CALLER_MAX, "caller_name",
                      "the name of the person who made contact", info);
}

static enum err check_summary(struct contact *c, int64_t now_ms, struct err_info *info)
{
    (void)now_ms;
    return check_text(c->summary, CONTACT_SUMMARY_MAX, "summary", "a summary of the contact", info);
}

static enum err check_how_made(struct contact *c, int64_t now_ms, struct err_info *info)
{
    (void)now_ms;
    if (c->source < SOURCE_NONE || c->source >= SOURCE_COUNT)
        return err_set(info, E_INVALID, "source", "select who made contact");
    enum err rc = contact_source_code(c->source, c->source_code, c->source_code, info);
    if (rc)
        return rc;
    if (c->source == SOURCE_PROFESSIONAL && contact_text_blank(c->caller_organisation))
        return err_set(info, E_INVALID, "caller_organisation",
                       "enter the organisation the professional works for");
    rc = check_optional(c->caller_organisation, CONTACT_ORGANISATION_MAX, "caller_organisation",
                        "the caller's organisation", info);
    if (!rc)
        rc = check_optional(c->caller_role, CONTACT_ROLE_MAX, "caller_role", "the caller's role",
                            info);
    return rc;
}

static enum err check_caller_phone(struct contact *c, int64_t now_ms, struct err_info *info)
{
    (void)now_ms;
    return check_phone(c->caller_phone, info);
}

static enum err check_caller_email(struct contact *c, int64_t now_ms, struct err_info *info)
{
    (void)now_ms;
    return check_email(c->caller_email, info);
}

static enum err check_caller_address(struct contact *c, int64_t now_ms, struct err_info *info)
{
    (void)now_ms;
    return check_optional(c->caller_address, CONTACT_ADDRESS_MAX, "caller_address",
                          "the caller's address", info);
}

static enum err check_who_about(struct contact *c, int64_t now_ms, struct err_info *info)
{
    (void)now_ms;
    enum err rc = check_subjects(c, info);
    if (rc)
        return rc;
    if (c->requested_worker_id < 0)
        return err_set(info, E_INVALID, "worker_id", "worker ids are whole numbers above 0");
    if (c->requested_team_id < 0)
        return err_set(info, E_INVALID, "team_id", "team ids are whole numbers above 0");
    if (c->line_team_id < 0)
        return err_set(info, E_INVALID, "line_team_id", "team ids are whole numbers above 0");
    return E_OK;
}

static enum err check_reason(struct contact *c, int64_t now_ms, struct err_info *info)
{
    (void)now_ms;
    if (c->reason_code && *c->reason_code && !contact_reason_valid(c->reason_code))
        return err_set(info, E_INVALID, "reason_code", "'%.40s' is not a reason for contact",
                       c->reason_code);
    return E_OK;
}

static enum err check_communication(struct contact *c, int64_t now_ms, struct err_info *info)
{
    (void)now_ms;
    enum err rc =
        check_optional(c->interpreter_language, CONTACT_LANGUAGE_MAX, "interpreter_language",
                       "the language an interpreter is needed for", info);
    if (!rc)
        rc = check_optional(c->communication_other, CONTACT_COMM_OTHER_MAX, "communication_other",
                            "the other communication needs", info);
    return rc;
}

static enum err check_consent(struct contact *c, int64_t now_ms, struct err_info *info)
{
    (void)now_ms;
    if (c->consent < SHARE_CONSENT_NONE || c->consent >= SHARE_CONSENT_COUNT)
        return err_set(info, E_INVALID, "consent", "select yes, no or not_asked");
    if (c->consent == SHARE_CONSENT_NO && contact_text_blank(c->consent_justification))
        return err_set(info, E_INVALID, "consent_justification",
                       "enter why information is shared without consent");
    if (c->consent == SHARE_CONSENT_YES && !contact_text_blank(c->consent_justification))
        return err_set(info, E_INVALID, "consent_justification",
                       "a justification is needed only when information is shared without "
                       "consent");
    return check_optional(c->consent_justification, CONTACT_JUSTIFICATION_MAX,
                          "consent_justification", "the justification for sharing", info);
}

static enum err check_service(struct contact *c, int64_t now_ms, struct err_info *info)
{
    (void)now_ms;
    if (c->service < SERVICE_NONE || c->service >= SERVICE_COUNT)
        return err_set(info, E_INVALID, "service", "select children or adults");
    return E_OK;
}

static const contact_check_fn contact_checks[] = {
    check_when,         check_caller_name,   check_summary,        check_how_made,
    check_caller_phone, check_caller_email,  check_caller_address, check_who_about,
    check_reason,       check_communication, check_consent,        check_service,
};

#define N_CHECKS (sizeof(contact_checks) / sizeof(contact_checks[0]))

enum err contact_validate(struct contact *c, int64_t now_ms, struct err_info *info)
{
    for (size_t i = 0; i < N_CHECKS; i++) {
        enum err rc = contact_checks[i](c, now_ms, info);
        if (rc)
            return rc;
    }
    return E_OK;
}

enum err contact_validate_all(struct contact *c, int64_t now_ms, struct err_list *list)
{
    enum err first = E_OK;
    for (size_t i = 0; i < N_CHECKS; i++) {
        struct err_info info = {{0}, {0}};
        enum err rc = contact_checks[i](c, now_ms, &info);
        if (!rc)
            continue;
        if (!first)
            first = rc;
        err_list_add(list, &info);
    }
    return first;
}

const char *const contact_field_names[CF_COUNT_BITS + 1] = {
    "channel",
    "received_at",
    "answered_at",
    "caller_name",
    "summary",
    "source",
    "source_code",
    "caller_organisation",
    "caller_role",
    "caller_phone",
    "caller_email",
    "caller_address",
    "subject_person_ids",
    "worker_id",
    "team_id",
    "reason_code",
    "interpreter_language",
    "bsl",
    "private_room",
    "communication_other",
    "consent",
    "consent_justification",
    "danger_now",
    "line_team_id",
    "service",
    NULL,
};

const char *contact_field_name(unsigned bit)
{
    for (int i = 0; i < CF_COUNT_BITS; i++)
        if (bit == 1u << i)
            return contact_field_names[i];
    return "";
}

static bool same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

unsigned contact_diff(const struct contact *a, const struct contact *b)
{
    unsigned m = 0;
    m |= a->channel != b->channel ? CF_CHANNEL : 0;
    m |= a->received_at != b->received_at ? CF_RECEIVED_AT : 0;
    m |= a->answered_at != b->answered_at ? CF_ANSWERED_AT : 0;
    m |= !same_text(a->caller_name, b->caller_name) ? CF_CALLER_NAME : 0;
    m |= !same_text(a->summary, b->summary) ? CF_SUMMARY : 0;
    m |= a->source != b->source ? CF_SOURCE : 0;
    m |= !same_text(a->source_code, b->source_code) ? CF_SOURCE_CODE : 0;
    m |= !same_text(a->caller_organisation, b->caller_organisation) ? CF_CALLER_ORGANISATION : 0;
    m |= !same_text(a->caller_role, b->caller_role) ? CF_CALLER_ROLE : 0;
    m |= !same_text(a->caller_phone, b->caller_phone) ? CF_CALLER_PHONE : 0;
    m |= !same_text(a->caller_email, b->caller_email) ? CF_CALLER_EMAIL : 0;
    m |= !same_text(a->caller_address, b->caller_address) ? CF_CALLER_ADDRESS : 0;
    if (a->n_subjects != b->n_subjects ||
        memcmp(a->subjects, b->subjects, a->n_subjects * sizeof(a->subjects[0])) != 0)
        m |= CF_SUBJECTS;
    m |= a->requested_worker_id != b->requested_worker_id ? CF_WORKER : 0;
    m |= a->requested_team_id != b->requested_team_id ? CF_TEAM : 0;
    m |= !same_text(a->reason_code, b->reason_code) ? CF_REASON_CODE : 0;
    m |= !same_text(a->interpreter_language, b->interpreter_language) ? CF_INTERPRETER : 0;
    m |= a->bsl != b->bsl ? CF_BSL : 0;
    m |= a->private_room != b->private_room ? CF_PRIVATE_ROOM : 0;
    m |= !same_text(a->communication_other, b->communication_other) ? CF_COMM_OTHER : 0;
    m |= a->consent != b->consent ? CF_CONSENT : 0;
    m |= !same_text(a->consent_justification, b->consent_justification) ? CF_CONSENT_JUSTIFICATION
                                                                        : 0;
    m |= a->danger_now != b->danger_now ? CF_DANGER_NOW : 0;
    m |= a->line_team_id != b->line_team_id ? CF_LINE_TEAM : 0;
    m |= a->service != b->service ? CF_SERVICE : 0;
    return m;
}

void contact_fields_text(unsigned mask, char *out, size_t out_len)
{
    size_t used = 0;
    if (out_len)
        out[0] = '\0';
    for (int i = 0; i < CF_COUNT_BITS; i++) {
        if (!(mask & (1u << i)))
            continue;
        int n =
            snprintf(out + used, out_len - used, "%s%s", used ? "," : "", contact_field_names[i]);
        if (n < 0 || (size_t)n >= out_len - used)
            break;
        used += (size_t)n;
    }
}

enum err contact_amend_check(const struct contact *cur, const struct contact *next,
                             struct err_info *info)
{
    if (next->received_at != cur->received_at && cur->created_at > 0 &&
        next->received_at > cur->created_at)
        return err_set(info, E_INVALID, "received_at",
                       "the contact cannot have been received after it was recorded");
    return E_OK;
}

enum err contact_amend_reason_check(const char *reason, struct err_info *info)
{
    return check_text(reason, CONTACT_AMEND_REASON_MAX, "reason",
                      "why the contact is being amended", info);
}

void contact_reference(int year, int64_t seq, char out[CONTACT_REF_LEN])
{
    snprintf(out, CONTACT_REF_LEN, "C-%04d-%06lld", year, (long long)seq);
}
