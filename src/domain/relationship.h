/*
 * relationship: how two persons are related (requirements L5, L8) — parent, child, sibling,
 * carer, partner, professional and so on — stored once and read from either side: "B is A's
 * parent" is the same fact as "A is B's child", so each pair of inverse types keeps one of them
 * (the first, "parent") as its stored form and the other is derived when reading. It holds the
 * types, their inverses and labels, and the checks; rows are store/store_relationship.
 */
#ifndef FD_DOMAIN_RELATIONSHIP_H
#define FD_DOMAIN_RELATIONSHIP_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

#define RELATIONSHIP_NOTE_MAX 500 /* characters */

enum relationship_type {
    REL_NONE = 0,
    REL_PARENT,
    REL_CHILD,
    REL_STEP_PARENT,
    REL_STEP_CHILD,
    REL_GRANDPARENT,
    REL_GRANDCHILD,
    REL_FOSTER_CARER,
    REL_FOSTER_CHILD,
    REL_GUARDIAN, /* special guardian or legal guardian */
    REL_WARD,
    REL_CARER, /* an unpaid carer (Care Act carer) */
    REL_CARED_FOR,
    REL_PROFESSIONAL, /* a professional involved with the person */
    REL_CLIENT,
    REL_SIBLING,
    REL_HALF_SIBLING,
    REL_PARTNER,
    REL_EX_PARTNER,
    REL_RELATIVE, /* aunt, uncle, cousin... */
    REL_FRIEND,
    REL_NEIGHBOUR,
    REL_OTHER,
    REL_TYPE_COUNT
};

/* A relationship as stored: "related_id is person_id's type". */
struct relationship {
    int64_t id;
    int64_t person_id;
    int64_t related_id;
    enum relationship_type type;
    char note[RELATIONSHIP_NOTE_MAX * 4 + 1];
    int64_t created_at, created_by;
    int64_t ended_at; /* 0 while in force */
    char end_reason[1000 * 4 + 1];
    int64_t ended_by;
};

/* "parent", ... ; "" for none. Static. */
const char *relationship_type_name(enum relationship_type t);
enum relationship_type relationship_type_parse(const char *s);
/* "Parent", "Child", ... Static. */
const char *relationship_type_label(enum relationship_type t);
/* The type seen from the other side: parent <-> child, carer <-> cared_for, sibling <-> sibling. */
enum relationship_type relationship_inverse(enum relationship_type t);

/* Puts r in its stored form: when its type is the second of an inverse pair, the two persons
 * swap and the type becomes its inverse, so one fact has one form. */
void relationship_canonical(struct relationship *r);

/* Checks a new relationship: two different persons, a type, a note within its length. */
enum err relationship_validate(const struct relationship *r, struct err_info *info) MUST_CHECK;

/* The relationship as seen from person `self` (one of its two persons): *other_out is the other
 * person and the result the type "other is self's <type>". */
enum relationship_type relationship_seen_from(const struct relationship *r, int64_t self,
                                              int64_t *other_out);

#endif
