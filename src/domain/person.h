/*
 * person: a person the front door knows (issue 3; requirements X2, H3, A8, A10, W13) — names
 * and other names, date of birth (or expected date of birth for the unborn), sex and gender
 * identity, ethnicity, communication needs, identifiers, address history, phones, email, care
 * leaver status and whether the record is restricted — with the rules that make a record valid,
 * what is derived from it at read time (age, child or adult, care leaver over 21), what changed
 * between two versions (corrections keep history, A10), how it is offered to matching
 * (domain/match), and how a free-text search is read into fields. A person is a plain struct
 * with fixed buffers, freely copied; it is not storage (store/store_person) and not JSON
 * (http/person_json). Identifier checks and normal forms are domain/person_valid's.
 */
#ifndef FD_DOMAIN_PERSON_H
#define FD_DOMAIN_PERSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "domain/match.h"
#include "domain/person_valid.h"

#define PERSON_NAME_MAX 100 /* characters of a given or family name */
#define PERSON_NAME_SIZE (PERSON_NAME_MAX * 4 + 1)
#define PERSON_TEXT_MAX 100 /* gender identity, first language, address lines, locality */
#define PERSON_TEXT_SIZE (PERSON_TEXT_MAX * 4 + 1)
#define PERSON_NEEDS_MAX 1000  /* other communication needs */
#define PERSON_REASON_MAX 1000 /* why a record was corrected, merged or opened */
#define PERSON_LOCAL_ID_MAX 20 /* the council's own reference (CIN LAchildID: 20, alphanumeric) */
#define PERSON_OTHER_NAMES_MAX 8
#define PERSON_ADDRESSES_MAX 12
#define PERSON_PHONES_MAX 4
#define PERSON_AGE_CHILD 18                /* under 18: a child */
#define PERSON_AGE_CARE_LEAVER_EXTENDED 21 /* care leavers over 21: extended duties (H3) */

enum person_name_kind {
    PERSON_NAME_NONE = 0,
    PERSON_NAME_ALIAS,    /* another name the person is or was recorded under */
    PERSON_NAME_PREVIOUS, /* a former name (before marriage, adoption, a change by deed) */
    PERSON_NAME_KNOWN_AS, /* the name they go by ("Bex") */
    PERSON_NAME_KIND_COUNT
};

struct person_name {
    enum person_name_kind kind;
    char given[PERSON_NAME_SIZE];
    char family[PERSON_NAME_SIZE];
};

struct person_address {
    char line1[PERSON_TEXT_SIZE];    /* "12 Acacia Avenue" */
    char line2[PERSON_TEXT_SIZE];    /* "Flat 3" or a district */
    char locality[PERSON_TEXT_SIZE]; /* town or village */
    char postcode[16]; /* UK: normal form "SW1A 1AA"; elsewhere as given, upper-case */
    char country[3];   /* ISO 3166 alpha-2; "GB" by default */
    struct pdate from; /* moved in (may be partial or unknown) */
    struct pdate to;   /* moved out; unknown = still there */
};

enum person_phone_kind {
    PERSON_PHONE_NONE = 0,
    PERSON_PHONE_MOBILE,
    PERSON_PHONE_HOME,
    PERSON_PHONE_WORK,
    PERSON_PHONE_OTHER,
    PERSON_PHONE_KIND_COUNT
};

struct person_phone {
    char number[PERSON_PHONE_SIZE]; /* normal form from person_valid_phone */
    enum person_phone_kind kind;
};

/* Ethnicity codes of the CIN census (20) and their labels. */
#define PERSON_ETHNICITY_COUNT 20

struct person {
    int64_t id;  /* 0 until stored */
    int version; /* 1 for the record as created; each correction adds one */
    char given[PERSON_NAME_SIZE];
    char family[PERSON_NAME_SIZE];
    size_t n_names;
    struct person_name names[PERSON_OTHER_NAMES_MAX];
    struct pdate dob;          /* date of birth, full or partial, or unknown */
    struct pdate expected_dob; /* an unborn child's expected date of birth */
    char sex;                  /* 'M', 'F' or 'U' (unknown, not stated; required for the unborn) */
    char gender_identity[PERSON_TEXT_SIZE];
    char ethnicity[5]; /* CIN code ("WBRI"), "" when not recorded */
    /* communication (A8) */
    char first_language[PERSON_TEXT_SIZE];
    bool interpreter_needed;
    bool bsl_needed;
    char communication_needs[PERSON_NEEDS_MAX * 4 + 1];
    /* identifiers */
    char nhs[PERSON_NHS_SIZE];
    char upn[PERSON_UPN_SIZE];
    char local_id[PERSON_LOCAL_ID_MAX + 1];
    /* contact details; addresses newest first, at most one without a "to" date (current) */
    size_t n_addresses;
    struct person_address addresses[PERSON_ADDRESSES_MAX];
    size_t n_phones;
    struct person_phone phones[PERSON_PHONES_MAX];
    char email[PERSON_EMAIL_SIZE];
    /* care leaver (H3): looked after and left care; when */
    bool care_leaver;
    struct pdate left_care_on;
    /* W13: only the allocated worker, their team and managers see details */
    bool restricted;
    /* filled by reads */
    int64_t created_at, created_by; /* the first version */
    int64_t updated_at, updated_by; /* this version */
    int64_t merged_into;            /* the survivor when this record was merged away, else 0 */
};

/* The local date in Europe/London at now_ms, as a full pdate ("today" for the rules below). */
struct pdate person_today(int64_t now_ms);

/* Sets every field to its empty value (sex 'U', no dates). */
void person_init(struct person *p);

/* "alias", "previous", "known_as"; "" for none. Static. */
const char *person_name_kind_name(enum person_name_kind k);
enum person_name_kind person_name_kind_parse(const char *s);
/* "alias", "previous name", "known as". Static. */
const char *person_name_kind_label(enum person_name_kind k);
/* "mobile", "home", "work", "other". */
const char *person_phone_kind_name(enum person_phone_kind k);
enum person_phone_kind person_phone_kind_parse(const char *s);

/* The census code at index i (0..PERSON_ETHNICITY_COUNT-1) and its label; NULL past the end. */
const char *person_ethnicity_code(size_t i, const char **label);
/* The label of a code ("White British"), NULL when code is not one of the 20. */
const char *person_ethnicity_label(const char *code);

/* "Given Family", or one of them ("Hartley (unborn)" for an unborn child with no given name
 * yet), or "Unknown person". */
void person_display_name(const struct person *p, char *out, size_t out_len);

/*
 * Checks p as it would be stored, on the local date `today`: at least one name; names and
 * texts within their lengths, valid UTF-8 without control characters; other names with a kind
 * and a name; a date of birth that is a real (partial) date not after today, or an expected
 * date of birth (not both: CIN rule 8525Q) known to the month and no more than 10 months on,
 * with sex U for the unborn (rule 8750); sex M, F or U; ethnicity one of the 20 codes; NHS
 * number, UPN, postcodes of UK addresses, phones and email in their normal forms (it
 * normalises them in place); a local id of letters and digits; addresses with a moved-in date
 * not after the moved-out one and at most one current; a care leaver's left-care date not in
 * the future and only for a care leaver. Names the field ("addresses[1].postcode").
 */
enum err person_validate(struct person *p, const struct pdate *today,
                         struct err_info *info) MUST_CHECK;

/* What is derived at read time, never stored. */
enum person_age_group {
    PERSON_AGE_UNKNOWN = 0, /* no date of birth */
    PERSON_AGE_UNBORN,      /* an expected date of birth */
    PERSON_AGE_GROUP_CHILD,
    PERSON_AGE_GROUP_ADULT,
    PERSON_AGE_UNCLEAR, /* a partial date of birth on either side of the 18th birthday */
};

struct person_derived {
    int age_min, age_max; /* whole years on today; equal for a full date; -1 when unknown */
    enum person_age_group group;
    bool care_leaver;
    int over_21; /* care leaver aged over 21 (extended duties, H3): 1, 0, or -1 unclear */
};

void person_derive(const struct person *p, const struct pdate *today, struct person_derived *out);
/* "child", "adult", "unborn", "unknown", "unclear". Static. */
const char *person_age_group_name(enum person_age_group g);

/* Whole years between a full or partial birth date and today: the smallest and largest
 * possible ages. -1 when dob is unknown or after today. */
void person_age_range(const struct pdate *dob, const struct pdate *today, int *min_out,
                      int *max_out);

/* The names of the fields that differ between a and b, comma-separated, into out (cleared
 * first): "family_name,addresses". Empty when nothing a user can see changed. */
void person_diff(const struct person *a, const struct person *b, struct buf *out);

/* The fields of p that matching reads. out borrows p's strings (keep p alive while out is
 * used); scratch holds the phone pointers, the joined address and other names. */
struct person_match_scratch {
    const char *phones[PERSON_PHONES_MAX];
    struct match_name names[PERSON_OTHER_NAMES_MAX];
    char address[2 * PERSON_TEXT_SIZE + 2];
};
void person_to_match(const struct person *p, struct person_match_scratch *scratch,
                     struct match_person *out);

/*
 * A search read from free text ("Bex Smyth 14/05/2010 SW1A 1AA"), for the search box. Each
 * word is tried as, in order: an NHS number (10 digits with a valid check digit, spaces
 * allowed in 3-3-4 groups), a UPN, an email address, a phone number, a date of birth
 * (2010-05-14, 14/05/2010, 14.05.2010, 05/2010, 2010-05 or a year 1900-2100), a UK postcode
 * (one word "SW1A1AA" or two "SW1A 1AA"); the words left are the name: "Family, Given" with a
 * comma, else the last word is the family name and the others the given names (matching
 * tries the names swapped anyway). Text is copied into q's buffers.
 */
struct person_query {
    char given[PERSON_NAME_SIZE];
    char family[PERSON_NAME_SIZE];
    struct pdate dob;
    char postcode[16];
    char nhs[PERSON_NHS_SIZE];
    char upn[PERSON_UPN_SIZE];
    char phone[PERSON_PHONE_SIZE];
    char email[PERSON_EMAIL_SIZE];
};
void person_query_parse(const char *text, struct person_query *q);

#endif
