/*
 * task: work someone has to do by a time (requirements W6, W7, W12, H12) — a call-back promised
 * to a caller, a follow-up agreed with the allocated worker, checking whether information and
 * advice worked, a request for a review. Each has an owner (a person, or a team when nobody is
 * named), a due time, and a state: open until done or cancelled (with a reason), once. A review
 * request goes to the allocated worker or, failing one, the reviewing team (W7). These are the
 * rules on plain structs; rows are store/store_task, the API http/tasks.
 */
#ifndef FD_DOMAIN_TASK_H
#define FD_DOMAIN_TASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/allocation.h"

enum task_kind {
    TASK_KIND_NONE = 0,
    TASK_CALL_BACK,           /* W2, H8 */
    TASK_FOLLOW_UP,           /* W6: agreed with the allocated worker */
    TASK_CHECK_ADVICE_WORKED, /* W12 */
    TASK_REVIEW_REQUEST,      /* W7 */
    TASK_KIND_COUNT
};

enum task_state { TASK_OPEN = 0, TASK_DONE, TASK_CANCELLED, TASK_STATE_COUNT };

#define TASK_NOTE_MAX 2000
#define TASK_AGREED_MAX 500
/* A due time may be a little in the past (typing takes time), not more. */
#define TASK_PAST_SLACK_MS (10 * 60 * 1000)
/* ... and not absurdly far ahead. */
#define TASK_FUTURE_MAX_MS (400LL * 24 * 3600 * 1000)

/* A task. Strings borrowed from whoever filled it. */
struct task {
    int64_t id;
    enum task_kind kind;
    int64_t owner_user_id; /* 0 when a team's */
    const char *owner_name;
    int64_t team_id; /* 0 when a person's only */
    const char *team_name;
    int64_t contact_id; /* 0 when none */
    int64_t person_id;  /* 0 when none */
    int64_t due_at;     /* UTC ms */
    const char *note;
    const char *agreed_with; /* W6: who the follow-up was agreed with */
    int64_t created_at;
    int64_t created_by;
    const char *created_by_name;
    enum task_state state;
    int64_t closed_at;
    int64_t closed_by;
    const char *closed_by_name;
    const char *close_note; /* the reason, for a cancellation */
};

const char *task_kind_name(enum task_kind k); /* "call_back", ...; "" for none */
enum task_kind task_kind_parse(const char *name);
const char *task_kind_label(enum task_kind k);
const char *task_state_name(enum task_state s); /* "open", "done", "cancelled" */

/*
 * Checks a new task at now_ms, with its owner already chosen: a kind, a note, a due time no
 * more than TASK_PAST_SLACK_MS past and TASK_FUTURE_MAX_MS ahead, a contact or a person it is
 * about, an owner (a person or a team), and for a follow-up who it was agreed with (W6).
 * Names the field.
 */
enum err task_validate(const struct task *t, int64_t now_ms, struct err_info *info) MUST_CHECK;

/*
 * W7: who a review request about person_id goes to, from their allocations current at now_ms:
 * the first allocated worker (social worker, PA, key worker) by *worker_id_out, else the
 * reviewing team by *team_id_out, else the assessment team. False when nobody holds the person.
 */
bool task_review_route(const struct allocation *all, size_t n, int64_t person_id, int64_t now_ms,
                       int64_t *worker_id_out, int64_t *team_id_out);

/* Who is closing a task. */
struct task_closer {
    int64_t user_id;
    bool in_team;      /* a member of the task's team */
    bool may_allocate; /* a manager who may give anyone's work to another */
};
/* Whether who may close t as to (done or cancelled, with reason required for a cancellation):
 * its owner, whoever set it, a member of its team, or a manager. E_CONFLICT naming "state"
 * when it is already closed. */
enum err task_close_check(const struct task *t, const struct task_closer *who, enum task_state to,
                          const char *reason, struct err_info *info) MUST_CHECK;
/* Whether open task t is past its due time at now_ms. */
bool task_overdue(const struct task *t, int64_t now_ms);

#endif
