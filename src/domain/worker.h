/*
 * worker: a member of staff in the directory (issue 3) — name, role and job title, the teams
 * they belong to (several are allowed; a team's manager is marked), their line manager (another
 * worker), phone and email, whether they are qualified to decide on safeguarding (C2), the dates
 * they are active, their weekly working pattern, and the sign-in (platform user) that is theirs.
 * It is not the sign-in itself (domain/user) and not their calendar (domain/availability).
 */
#ifndef FD_DOMAIN_WORKER_H
#define FD_DOMAIN_WORKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/ukclock.h"
#include "domain/directory.h"
#include "domain/team.h"
#include "domain/user.h"

enum worker_role {
    WORKER_ROLE_NONE = 0,
    WORKER_CONTACT_AGENT,
    WORKER_SOCIAL_WORKER,
    WORKER_SENIOR_PRACTITIONER,
    WORKER_PERSONAL_ADVISER,
    WORKER_FAMILY_SUPPORT_WORKER,
    WORKER_OCCUPATIONAL_THERAPIST,
    WORKER_LOCALITY_COORDINATOR,
    WORKER_BUSINESS_SUPPORT,
    WORKER_TEAM_MANAGER,
    WORKER_SERVICE_MANAGER,
    WORKER_HEAD_OF_SERVICE,
    WORKER_OTHER,
    WORKER_ROLE_COUNT
};

#define WORKER_NAME_MAX 100 /* characters */
#define WORKER_JOB_TITLE_MAX 100
#define WORKER_STAFF_NUMBER_MAX 32
#define WORKER_MAX_TEAMS 16

struct worker_team {
    int64_t team_id;
    char team_name[TEAM_NAME_MAX * 4 + 1]; /* filled by reads */
    bool is_manager;
};

/* A worker. Plain data with fixed buffers, freely copied. */
struct worker {
    int64_t id;
    char staff_number[WORKER_STAFF_NUMBER_MAX + 1]; /* the council's reference; "" none */
    char name[WORKER_NAME_MAX * 4 + 1];
    char job_title[WORKER_JOB_TITLE_MAX * 4 + 1];
    enum worker_role role;
    size_t n_teams;
    struct worker_team teams[WORKER_MAX_TEAMS];
    int64_t line_manager_id;                         /* 0 when none */
    char line_manager_name[WORKER_NAME_MAX * 4 + 1]; /* filled by reads */
    char phone[DIRECTORY_PHONE_SIZE];
    char email[DIRECTORY_EMAIL_SIZE];
    bool safeguarding_qualified;
    bool works_bank_holidays;        /* works bank holidays to the weekly pattern (duty) */
    struct ukclock_date active_from; /* {0,0,0}: always */
    struct ukclock_date active_to;   /* last working day; {0,0,0}: open */
    int64_t user_id;                 /* 0 when the worker has no sign-in */
    char username[USERNAME_MAX + 1]; /* filled by reads */
    struct work_pattern hours;
    int64_t created_at; /* UTC ms */
    int64_t updated_at;
};

/* "social_worker", ... Static string; "" for WORKER_ROLE_NONE. */
const char *worker_role_name(enum worker_role r);
enum worker_role worker_role_parse(const char *name);
/* "Social worker", ... Static string. */
const char *worker_role_label(enum worker_role r);

/* A worker with defaults: Monday to Friday 09:00-17:00, no teams, active always. */
void worker_init(struct worker *w);
/* Checks a worker as filled in; names the field at fault. A worker cannot be their own line
 * manager, be in the same team twice, or stop before they start. */
enum err worker_validate(const struct worker *w, struct err_info *info) MUST_CHECK;
/* Adds a team membership; E_INVALID when the worker is already in it or in too many. */
enum err worker_add_team(struct worker *w, int64_t team_id, bool is_manager,
                         struct err_info *info) MUST_CHECK;
/* Whether the worker is active on local date d (inside active_from..active_to). */
bool worker_active_on(const struct worker *w, struct ukclock_date d);
/* Whether the worker is a member of team_id. */
bool worker_in_team(const struct worker *w, int64_t team_id);

#endif
