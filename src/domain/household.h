/*
 * household: a group of persons who live together or are worked with as one family (L5, L8) —
 * a household or a family, with a name ("The Okafor family"), a locality, and members who
 * join and leave (a member is never deleted: leaving is recorded with the reason). Rules on
 * plain structs; rows are store/store_household.
 */
#ifndef FD_DOMAIN_HOUSEHOLD_H
#define FD_DOMAIN_HOUSEHOLD_H

#include <stdint.h>

#include "core/err.h"

#define HOUSEHOLD_NAME_MAX 100
#define HOUSEHOLD_NOTE_MAX 1000
#define HOUSEHOLD_MEMBERS_MAX 64 /* members read into one struct */

enum household_kind {
    HOUSEHOLD_KIND_NONE = 0,
    HOUSEHOLD_HOUSEHOLD,
    HOUSEHOLD_FAMILY,
    HOUSEHOLD_KIND_COUNT
};

enum household_role {
    HOUSEHOLD_ROLE_NONE = 0,
    HOUSEHOLD_ROLE_PARENT_CARER, /* a parent or main carer */
    HOUSEHOLD_ROLE_ADULT,
    HOUSEHOLD_ROLE_CHILD,
    HOUSEHOLD_ROLE_OTHER,
    HOUSEHOLD_ROLE_COUNT
};

struct household_member {
    int64_t id;
    int64_t household_id;
    int64_t person_id;
    enum household_role role;
    char person_name[808]; /* filled by reads */
    int64_t created_at, created_by;
    int64_t ended_at; /* 0 while a member */
    char end_reason[1000 * 4 + 1];
};

struct household {
    int64_t id;
    enum household_kind kind;
    char name[HOUSEHOLD_NAME_MAX * 4 + 1];
    char locality[HOUSEHOLD_NAME_MAX * 4 + 1];
    char note[HOUSEHOLD_NOTE_MAX * 4 + 1];
    int64_t created_at, created_by;
};

const char *household_kind_name(enum household_kind k);
enum household_kind household_kind_parse(const char *s);
const char *household_role_name(enum household_role r);
enum household_role household_role_parse(const char *s);

/* Checks (and trims) a household: a kind, a name, locality and note within their lengths. */
enum err household_validate(struct household *h, struct err_info *info) MUST_CHECK;

#endif
