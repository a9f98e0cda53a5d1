/*
 * person_access: who may see a restricted person's record (requirements W13, X4). A record that
 * is not restricted is open to every role that may read persons. A restricted one is open to
 * the worker allocated to the person, to the members of the allocated team or of the allocated
 * worker's teams, and to managers (team manager, duty manager); anyone else sees only that the
 * person exists and their name, and must give a reason to open it ("break-glass"), which is
 * audited and opens the record for their session for PERSON_ACCESS_GRANT_MS. This module
 * decides from facts the store gathers (store_person_access_facts); it reads nothing itself.
 */
#ifndef FD_DOMAIN_PERSON_ACCESS_H
#define FD_DOMAIN_PERSON_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/role.h"

#define PERSON_ACCESS_GRANT_MS (60LL * 60 * 1000) /* a break-glass opening lasts an hour */
#define PERSON_ACCESS_REASON_MIN 10               /* characters: a reason, not "x" */
#define PERSON_ACCESS_REASON_MAX 1000

struct person_access_facts {
    bool restricted;
    enum role role;
    bool allocated_worker; /* the user is the worker of a current allocation of the person */
    bool team_member;      /* the user belongs to a team responsible for the person */
    bool granted;          /* a break-glass opening for this session is in force */
    int64_t grant_expires_at;
};

enum person_access_level {
    PERSON_ACCESS_LIMITED = 0, /* existence and name only */
    PERSON_ACCESS_FULL,
};

enum person_access_basis {
    PERSON_ACCESS_BY_NONE = 0,
    PERSON_ACCESS_BY_OPEN,       /* not restricted */
    PERSON_ACCESS_BY_ALLOCATION, /* allocated worker */
    PERSON_ACCESS_BY_TEAM,       /* member of a responsible team */
    PERSON_ACCESS_BY_MANAGER,
    PERSON_ACCESS_BY_GRANT, /* break-glass */
};

struct person_access {
    enum person_access_level level;
    enum person_access_basis basis;
    int64_t grant_expires_at; /* PERSON_ACCESS_BY_GRANT */
};

void person_access_decide(const struct person_access_facts *f, struct person_access *out);
/* "open", "allocated_worker", "team", "manager", "break_glass", "none". Static. */
const char *person_access_basis_name(enum person_access_basis b);
/* Whether the role is a manager for restricted records. */
bool person_access_is_manager(enum role r);
/* Checks a break-glass reason: PERSON_ACCESS_REASON_MIN..MAX characters [reason]. */
enum err person_access_reason_check(const char *reason, struct err_info *info) MUST_CHECK;

#endif
