/*
 * service_request: the public "request for service" form (requirement L1) — what a
 * professional or a family member tells the council about a child without signing in — and
 * its rules: which answers are required for whom, the limits, how the sender maps to the
 * census referral source (reference/uk-returns.md), and the contact summary a worker reads.
 * Validation reports every field at fault at once, as a GOV.UK error summary does. It is not
 * the contact (domain/contact), the storage (store/store_intake) or the HTTP handling and bot
 * defences (http/public_requests).
 */
#ifndef FD_DOMAIN_SERVICE_REQUEST_H
#define FD_DOMAIN_SERVICE_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/contact.h"
#include "domain/person_valid.h"

/* The team whose queue the form's requests land in (seed 003: "into the First Response
 * team"); looked up by name in the directory. */
#define SERVICE_REQUEST_TEAM "First Response"

#define SERVICE_REQUEST_NAME_MAX 200  /* the sender's name (also the contact's caller) */
#define SERVICE_REQUEST_SHORT_MAX 100 /* child's names, role, relationship */
#define SERVICE_REQUEST_ORG_MAX 200
#define SERVICE_REQUEST_ADDRESS_MAX 500
#define SERVICE_REQUEST_CONCERN_MAX 5000
#define SERVICE_REQUEST_REASON_MAX 1000
/* Every field can be wrong at once; this bounds the list. */
#define SERVICE_REQUEST_MAX_ERRORS 20

enum submitter_kind {
    SUBMITTER_NONE = 0,
    SUBMITTER_PROFESSIONAL, /* someone working with the child: source by agency */
    SUBMITTER_FAMILY,       /* parent, relative or carer: 1A */
    SUBMITTER_ACQUAINTANCE, /* friend, neighbour, child minder: 1B */
    SUBMITTER_SELF,         /* the child or young person: 1C */
    SUBMITTER_OTHER,        /* another member of the public: 1D */
    SUBMITTER_COUNT
};

enum request_urgency {
    URGENCY_NONE = 0,
    URGENCY_DANGER_NOW, /* a child is in danger now (999 first; W10) */
    URGENCY_HARM,       /* worried a child is being harmed or is at risk of harm */
    URGENCY_SUPPORT,    /* the family needs help or support */
    URGENCY_COUNT
};

enum request_consent { CONSENT_NONE = 0, CONSENT_YES, CONSENT_NO, CONSENT_COUNT };

/* One answered form. Strings are borrowed from whoever filled the struct (the request's JSON);
 * NULL or "" means not answered. service_request_validate fills the normalised forms. */
struct service_request {
    enum submitter_kind kind;
    const char *agency;              /* professionals: an agency code, see service_request_agency */
    const char *organisation, *role; /* professionals */
    const char *relationship;        /* others: their relationship to the child (optional) */
    const char *submitter_name;      /* not asked of a child writing about themselves */
    const char *phone, *email;       /* at least one */
    const char *child_first_name, *child_last_name;
    const char *child_date_of_birth; /* "YYYY-MM-DD", "YYYY-MM", "YYYY" or absent */
    const char *child_address, *child_postcode;
    const char *concern;
    enum request_urgency urgency;
    enum request_consent consent;
    const char *consent_reason; /* required when consent is CONSENT_NO */

    /* written by service_request_validate */
    char phone_norm[PERSON_PHONE_SIZE];
    char email_norm[PERSON_EMAIL_SIZE];
    char postcode_norm[PERSON_POSTCODE_SIZE];
    char dob_norm[PERSON_DATE_SIZE];
};

const char *submitter_kind_name(enum submitter_kind k);     /* "professional", ...; static */
enum submitter_kind submitter_kind_parse(const char *name); /* SUBMITTER_NONE when unknown */
const char *request_urgency_name(enum request_urgency u);   /* "danger_now", "harm", "support" */
enum request_urgency request_urgency_parse(const char *name);
const char *request_consent_name(enum request_consent c); /* "yes", "no" */
enum request_consent request_consent_parse(const char *name);

/* The i'th professional agency (i from 0): its code, label and census referral source code;
 * NULL past the end. */
const char *service_request_agency(size_t i, const char **label_out, const char **source_out);

/* The census referral source code ("2A", "1B", ...) for a validated request. Static. */
const char *service_request_source(const struct service_request *r);

/*
 * Checks r at time now_ms (UTC ms; the child's date of birth may not be after today in
 * Europe/London) and fills its normalised fields. Returns E_OK, or E_INVALID with every field
 * at fault in errors[0..*n_errors_out) in form order (at most SERVICE_REQUEST_MAX_ERRORS).
 */
enum err service_request_validate(struct service_request *r, int64_t now_ms,
                                  struct err_info errors[SERVICE_REQUEST_MAX_ERRORS],
                                  int *n_errors_out) MUST_CHECK;

/* Fills what a validated request says about its contact: the source kind and census code, the
 * sender's organisation, role, phone and email, consent (and why not), whether a child is in
 * danger now, and the service (children's). Strings are borrowed from r. The caller, the
 * summary and the line (the team) are the caller's to set. */
void service_request_to_contact(const struct service_request *r, struct contact *c);
/* The contact's caller for a validated request: the sender, or the child writing about
 * themselves, within the contact's caller limit. Caller frees. */
char *service_request_caller(const struct service_request *r);
/* Writes the contact summary of a validated request: what was asked, who asked, how urgent,
 * the child, consent, then the concern in the sender's words. Caller frees. */
char *service_request_summary(const struct service_request *r);

#endif
