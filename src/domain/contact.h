/*
 * contact: one approach to the front door — a call, email, letter, web form or visit — and the
 * rules for recording it (requirements A1, C8). Validation and the human reference live here;
 * storage is store/store_contact, the API http/contacts. Later issues grow the struct (subjects,
 * triage, outcome); the rules stay here.
 */
#ifndef FD_DOMAIN_CONTACT_H
#define FD_DOMAIN_CONTACT_H

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
    CHANNEL_COUNT
};

#define CONTACT_CALLER_MAX 200
#define CONTACT_SUMMARY_MAX 10000
#define CONTACT_REF_LEN 24
/* How far ahead of the server clock a received_at may be (clock skew between machines). */
#define CONTACT_FUTURE_SLACK_MS (5 * 60 * 1000)

struct contact {
    int64_t id;
    char reference[CONTACT_REF_LEN]; /* "C-2026-000123" */
    enum channel channel;
    int64_t received_at;           /* UTC ms */
    const char *caller_name;       /* borrowed from whoever filled the struct */
    const char *summary;           /* borrowed */
    int64_t created_at;            /* UTC ms */
    int64_t created_by;            /* user id; minus the token id for an integration */
    const char *created_by_name;   /* borrowed; filled by reads */
};

const char *channel_name(enum channel c); /* "phone", ... static */
enum channel channel_parse(const char *name); /* CHANNEL_NONE when unknown */
const char *channel_label(enum channel c);  /* "Phone", ... static */

/* Checks a new contact against the recording rules at time now_ms; names the field at fault. */
enum err contact_validate(const struct contact *c, int64_t now_ms, struct err_info *info)
    MUST_CHECK;
/* Writes the human reference "C-YYYY-NNNNNN" for the seq'th contact of year. */
void contact_reference(int year, int64_t seq, char out[CONTACT_REF_LEN]);
/* Length in characters (UTF-8 code points) of s; -1 when s is not valid UTF-8. */
long utf8_length(const char *s);

#endif
