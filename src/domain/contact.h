/*
 * contact: one approach to the front door — a call, email, letter, web form, visit or a call on
 * the professionals' line — and the rules for recording it (requirements A1, A8, C1, C8, L1,
 * W10, W13): how and when it came, who made it (mapped to the census referral-source code),
 * the caller's details, the persons it is about, the worker or team asked for, the reason and
 * the narrative, communication needs, consent to share, and whether someone is in danger now.
 * It also says which fields an amendment changed (A10: amendments are new versions, never
 * overwrites). Validation lives here; storage is store/store_contact, the API http/contacts.
 * Triage decisions and outcomes are domain/decision and domain/outcome, not this module.
 */
#ifndef FD_DOMAIN_CONTACT_H
#define FD_DOMAIN_CONTACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

enum channel {
    CHANNEL_NONE = 0,
    CHANNEL_PHONE,
    CHANNEL_EMAIL,
    CHANNEL_LETTER,
    CHANNEL_WEB,
    CHANNEL_FACE_TO_FACE,
    CHANNEL_PROFESSIONAL_LINE, /* the professionals' dedicated line (C2): a phone call too */
    CHANNEL_COUNT
};

/* Who made contact. Each maps to a CIN census referral-source code (contact_source_code). */
enum contact_source {
    SOURCE_NONE = 0, /* not recorded yet: census code 10 (unknown) */
    SOURCE_SELF,
    SOURCE_FAMILY,
    SOURCE_FRIEND_NEIGHBOUR,
    SOURCE_PROFESSIONAL,
    SOURCE_POLICE,
    SOURCE_HEALTH,
    SOURCE_SCHOOL,
    SOURCE_ANONYMOUS,
    SOURCE_OTHER,
    SOURCE_COUNT
};

/* Consent to share information (W13). SHARE_CONSENT_NONE: not recorded. */
enum share_consent {
    SHARE_CONSENT_NONE = 0,
    SHARE_CONSENT_YES,
    SHARE_CONSENT_NO,
    SHARE_CONSENT_NOT_ASKED,
    SHARE_CONSENT_COUNT
};

/* Which service's rules apply: children's (priorities, C2/C5) or adults' (Care Act checks). */
enum contact_service { SERVICE_NONE = 0, SERVICE_CHILDREN, SERVICE_ADULTS, SERVICE_COUNT };

#define CONTACT_CALLER_MAX 200
#define CONTACT_SUMMARY_MAX 10000
#define CONTACT_ORGANISATION_MAX 200
#define CONTACT_ROLE_MAX 100
#define CONTACT_PHONE_MAX 40
#define CONTACT_EMAIL_MAX 254
#define CONTACT_ADDRESS_MAX 500
#define CONTACT_LANGUAGE_MAX 100
#define CONTACT_COMM_OTHER_MAX 500
#define CONTACT_JUSTIFICATION_MAX 2000
#define CONTACT_AMEND_REASON_MAX 1000
#define CONTACT_SUBJECTS_MAX 20
#define CONTACT_REF_LEN 24
#define CONTACT_SOURCE_CODE_LEN 4 /* "1A", "10" and the NUL */
/* How far ahead of the server clock a received_at may be (clock skew between machines). */
#define CONTACT_FUTURE_SLACK_MS (5 * 60 * 1000)

/*
 * A contact as it stands in one version. Strings are borrowed from whoever filled the struct
 * (a request body, a database row); NULL and "" both mean "none". Ids are 0 when none.
 */
struct contact {
    int64_t id;
    char reference[CONTACT_REF_LEN]; /* "C-2026-000123" */
    enum channel channel;
    int64_t received_at; /* UTC ms */
    int64_t answered_at; /* UTC ms; phone and professional line only; 0 when not recorded */
    const char *caller_name;
    const char *summary; /* the narrative: what was said, in the caller's words where possible */
    enum contact_source source;
    char source_code[CONTACT_SOURCE_CODE_LEN]; /* census code; "" asks for the kind's default */
    const char *caller_organisation;           /* professional callers */
    const char *caller_role;
    const char *caller_phone;
    const char *caller_email;
    const char *caller_address;
    size_t n_subjects; /* persons the contact is about; ids (no persons table yet) */
    int64_t subjects[CONTACT_SUBJECTS_MAX];
    int64_t requested_worker_id;      /* the named worker asked for */
    int64_t requested_team_id;        /* the named team asked for */
    const char *reason_code;          /* contact_reason_valid codes */
    const char *interpreter_language; /* A8 */
    bool bsl;                         /* British Sign Language */
    bool private_room;
    const char *communication_other;
    enum share_consent consent;
    const char *consent_justification; /* required when consent is SHARE_CONSENT_NO */
    bool danger_now;                   /* W10: someone at risk of immediate harm */
    int64_t line_team_id;              /* the team whose line the contact came in on */
    enum contact_service service;
    /* filled by the store */
    int64_t created_at;          /* UTC ms */
    int64_t created_by;          /* user id; minus the token id for an integration */
    const char *created_by_name; /* borrowed; filled by reads */
    int version;                 /* 1 for the contact as first recorded */
    int64_t updated_at;          /* when this version was recorded */
    int64_t updated_by;
    const char *updated_by_name;
    int64_t owner_user_id; /* C8: one owner; 0 when none (a contact from an integration) */
    const char *owner_name;
};

/* The work queues an open contact sits in (requirement C1, A11): the contact centre's, the
 * duty team's, or one team's incoming referrals. */
enum queue_kind { QUEUE_NONE = 0, QUEUE_CONTACT_CENTRE, QUEUE_DUTY, QUEUE_TEAM, QUEUE_KIND_COUNT };

struct contact_queue {
    enum queue_kind kind;
    int64_t team_id; /* QUEUE_TEAM only */
};

/* A safeguarding concern raised on a contact (W10, A6). Strings borrowed. */
struct safeguarding_concern {
    int64_t id;
    int64_t contact_id;
    const char *source; /* "danger_now" or "decision" */
    const char *note;
    int alerts_sent; /* in-app alerts written with it */
    int64_t raised_at;
    int64_t raised_by;
    const char *raised_by_name; /* filled by reads */
};

const char *channel_name(enum channel c);     /* "phone", ... static */
enum channel channel_parse(const char *name); /* CHANNEL_NONE when unknown */
const char *channel_label(enum channel c);    /* "Phone", ... static */
/* Whether the channel is a phone call (so answered_at applies). */
bool channel_is_call(enum channel c);

const char *contact_source_name(enum contact_source s);     /* "family", ... static; "" none */
enum contact_source contact_source_parse(const char *name); /* SOURCE_NONE when unknown */
const char *contact_source_label(enum contact_source s);    /* "Family member", ... static */
/*
 * The census referral-source code for a source kind: requested ("" or NULL for the kind's
 * default) must be one of the codes that kind may use (a health caller may be 3A-3F, a
 * professional one of the agency codes). SOURCE_NONE gives "10" (unknown). E_INVALID naming
 * "source_code" when requested does not fit the kind.
 */
enum err contact_source_code(enum contact_source s, const char *requested,
                             char out[CONTACT_SOURCE_CODE_LEN], struct err_info *info) MUST_CHECK;
/* The census codes source kind s may be recorded as, the default first; NULL-terminated,
 * static. */
const char *const *contact_source_codes(enum contact_source s);
/* The census label of a referral-source code ("INDIVIDUAL – family member, relative or
 * carer"); "" when the code is not one. Static string. */
const char *contact_source_code_label(const char *code);

/* The reasons for contact (a fixed code set; see contact.c). */
bool contact_reason_valid(const char *code);
const char *contact_reason_label(const char *code); /* "" when unknown; static */
/* The i'th reason code and label, for listing; false past the end. */
bool contact_reason_at(size_t i, const char **code_out, const char **label_out);

const char *share_consent_name(enum share_consent c);     /* "yes", "no", "not_asked"; "" none */
enum share_consent share_consent_parse(const char *name); /* SHARE_CONSENT_NONE when unknown */
const char *contact_service_name(enum contact_service s); /* "children", "adults"; "" none */
enum contact_service contact_service_parse(const char *name);

const char *queue_kind_name(enum queue_kind k); /* "contact_centre", "duty", "team"; "" none */
enum queue_kind queue_kind_parse(const char *name);
/* Where a new contact waits: the duty queue when someone is in danger now; the queue of the
 * team whose line it came in on, unless that team is the contact centre; otherwise the
 * contact centre's. line_is_contact_centre says whether c->line_team_id is a contact centre. */
struct contact_queue contact_initial_queue(const struct contact *c, bool line_is_contact_centre);

/* The guidance shown whenever someone is in danger now (W10). Static string. */
const char *contact_danger_guidance(void);

/*
 * Checks a contact (new, or as amended) against the recording rules at time now_ms; names the
 * field at fault. Fills c->source_code from the source kind when it is "" (so call it before
 * storing). Does not check that referenced workers, teams or persons exist (the store does).
 */
enum err contact_validate(struct contact *c, int64_t now_ms, struct err_info *info) MUST_CHECK;

/* The same rules, but every group of fields is checked and each failure added to list (so a
 * form can show them all at once); returns the first error, E_OK when none. */
enum err contact_validate_all(struct contact *c, int64_t now_ms, struct err_list *list) MUST_CHECK;

/* Bits naming the fields an amendment may change; see contact_diff. */
enum contact_field {
    CF_CHANNEL = 1u << 0,
    CF_RECEIVED_AT = 1u << 1,
    CF_ANSWERED_AT = 1u << 2,
    CF_CALLER_NAME = 1u << 3,
    CF_SUMMARY = 1u << 4,
    CF_SOURCE = 1u << 5,
    CF_SOURCE_CODE = 1u << 6,
    CF_CALLER_ORGANISATION = 1u << 7,
    CF_CALLER_ROLE = 1u << 8,
    CF_CALLER_PHONE = 1u << 9,
    CF_CALLER_EMAIL = 1u << 10,
    CF_CALLER_ADDRESS = 1u << 11,
    CF_SUBJECTS = 1u << 12,
    CF_WORKER = 1u << 13,
    CF_TEAM = 1u << 14,
    CF_REASON_CODE = 1u << 15,
    CF_INTERPRETER = 1u << 16,
    CF_BSL = 1u << 17,
    CF_PRIVATE_ROOM = 1u << 18,
    CF_COMM_OTHER = 1u << 19,
    CF_CONSENT = 1u << 20,
    CF_CONSENT_JUSTIFICATION = 1u << 21,
    CF_DANGER_NOW = 1u << 22,
    CF_LINE_TEAM = 1u << 23,
    CF_SERVICE = 1u << 24,
    CF_COUNT_BITS = 25
};
/* The API names of the fields in bit order, NULL-terminated: what a request may set. */
extern const char *const contact_field_names[CF_COUNT_BITS + 1];
/* The API name of one field bit ("received_at", "subject_person_ids", ...). Static. */
const char *contact_field_name(unsigned bit);
/* The fields whose values differ between a and b (empty and NULL strings are equal). */
unsigned contact_diff(const struct contact *a, const struct contact *b);
/* Writes the names of the fields in mask, comma-separated, into out ("" when none). */
void contact_fields_text(unsigned mask, char *out, size_t out_len);

/*
 * The rules for an amendment beyond contact_validate, comparing the contact as it stands (cur,
 * with its created_at) with the amended one (next): a changed received_at cannot be after the
 * contact was recorded. E_INVALID naming the field otherwise.
 */
enum err contact_amend_check(const struct contact *cur, const struct contact *next,
                             struct err_info *info) MUST_CHECK;

/* Checks the reason given for an amendment: present, valid UTF-8, at most
 * CONTACT_AMEND_REASON_MAX characters. */
enum err contact_amend_reason_check(const char *reason, struct err_info *info) MUST_CHECK;

/* Writes the human reference "C-YYYY-NNNNNN" for the seq'th contact of year. */
void contact_reference(int year, int64_t seq, char out[CONTACT_REF_LEN]);
/* Length in characters (UTF-8 code points) of s; -1 when s is not valid UTF-8. */
long utf8_length(const char *s);
/* Whether s is NULL or holds only white space. */
bool contact_text_blank(const char *s);

#endif
