/*
 * allocation: who holds a person's case (requirements W1, W3, W4, W7, C1) — a person allocated
 * to a worker (social worker, personal adviser, key worker) and/or a team (the team reviewing
 * or assessing them), from a start to an end. Allocations are records: one is never changed,
 * it is ended, and the end (when, who, why) is kept beside it, so the history shows every
 * allocation a person ever had. allocation_check answers the front door's question in one
 * call: "is worker X allocated to this person, or is team T responsible for their assessment
 * or review?" — which decides whether a request for a named worker or team is passed on.
 * Rows are store/store_allocation; the API http/allocations.
 */
#ifndef FD_DOMAIN_ALLOCATION_H
#define FD_DOMAIN_ALLOCATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/team.h"
#include "domain/worker.h"

enum allocation_kind {
    ALLOCATION_KIND_NONE = 0,
    ALLOCATION_SOCIAL_WORKER,
    ALLOCATION_PERSONAL_ADVISER,
    ALLOCATION_KEY_WORKER,
    ALLOCATION_REVIEWING_TEAM,
    ALLOCATION_ASSESSMENT_TEAM,
    ALLOCATION_KIND_COUNT
};

#define ALLOCATION_NOTE_MAX 1000 /* characters */
#define ALLOCATION_REASON_MAX 1000
/* How far ahead of the server clock a start may be recorded: allocations are recorded when
 * they are made, a little planning ahead is allowed. */
#define ALLOCATION_FUTURE_MAX_MS (366LL * 24 * 3600 * 1000)

/* An allocation as recorded, with its end if it has been ended. Fixed buffers, freely copied. */
struct allocation {
    int64_t id;
    int64_t person_id;
    int64_t worker_id;                         /* 0 when the allocation is to a team only */
    int64_t team_id;                           /* 0 when the allocation is to a worker only */
    char worker_name[WORKER_NAME_MAX * 4 + 1]; /* filled by reads */
    char team_name[TEAM_NAME_MAX * 4 + 1];     /* filled by reads */
    enum allocation_kind kind;
    int64_t starts_at; /* UTC ms */
    int64_t ends_at;   /* planned end, UTC ms; 0 when open-ended */
    char note[ALLOCATION_NOTE_MAX * 4 + 1];
    int64_t created_at;
    int64_t created_by;
    /* the recorded end, when the allocation was ended afterwards */
    int64_t ended_at; /* UTC ms; 0 when not ended */
    char end_reason[ALLOCATION_REASON_MAX * 4 + 1];
    int64_t ended_by;
};

/* "social_worker", ... Static string; "" for none. */
const char *allocation_kind_name(enum allocation_kind k);
enum allocation_kind allocation_kind_parse(const char *name);
/* "Social worker", "Personal adviser (PA)", ... Static string. */
const char *allocation_kind_label(enum allocation_kind k);
/* True for the kinds held by a named worker, false for the team kinds. */
bool allocation_kind_is_worker(enum allocation_kind k);

/* Checks a new allocation at time now_ms: a person; a worker for the worker kinds and a team
 * for the team kinds (a worker allocation may also name the worker's team); a start no more
 * than ALLOCATION_FUTURE_MAX_MS ahead; a planned end after the start. Names the field. */
enum err allocation_validate(const struct allocation *a, int64_t now_ms,
                             struct err_info *info) MUST_CHECK;
/* Checks ending a at ended_at_ms with reason: E_CONFLICT when a was already ended, E_INVALID
 * for an end before the start or no reason. */
enum err allocation_end_validate(const struct allocation *a, int64_t ended_at_ms,
                                 const char *reason, struct err_info *info) MUST_CHECK;
/* When a stops: the earlier of its planned end and its recorded end; 0 when it has neither. */
int64_t allocation_effective_end(const struct allocation *a);
/* Whether a is in force at now_ms: started, and not yet at its effective end. */
bool allocation_is_current(const struct allocation *a, int64_t now_ms);
/* Whether b would duplicate a: same person, kind, worker and team, and their times overlap. */
bool allocation_overlaps(const struct allocation *a, const struct allocation *b);

/* The answer to "may this request be passed on?" */
struct allocation_verdict {
    bool allowed;          /* worker_allocated || team_responsible */
    bool worker_allocated; /* the named worker holds a current allocation of the person */
    bool team_responsible; /* the named team holds a current allocation of the person */
    bool anyone_allocated; /* anybody holds a current allocation (W4: if not, the front door
                              deals with it) */
    size_t n_current;      /* current allocations of the person */
    int64_t matched_id;    /* the allocation that allowed it, 0 when none */
    char reason[512];      /* one sentence for the agent */
};

/*
 * Checks the request for worker_id and/or team_id (0 = not asked; at least one must be asked)
 * about person_id against that person's allocations (all of them, ended ones too; only those
 * current at now_ms count). worker_name and team_name (may be NULL) name the asked-for worker
 * and team in the reason. A team is responsible when it holds a current team allocation
 * (reviewing or assessment team) or is named on a current worker allocation (the allocated
 * worker's team). E_INVALID when neither is asked.
 */
enum err allocation_check(const struct allocation *all, size_t n, int64_t person_id,
                          int64_t worker_id, const char *worker_name, int64_t team_id,
                          const char *team_name, int64_t now_ms, struct allocation_verdict *out,
                          struct err_info *info) MUST_CHECK;

#endif
