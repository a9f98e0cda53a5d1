/*
 * store_clock: service-level clocks in the database (issue 5) — starting and stopping them
 * (the hooks other features call inside their own transaction), pausing, resuming, recording
 * why a deadline was missed, acknowledging an escalation, and the scheduler's tick that warns
 * owners, marks breaches and walks escalation chains, writing each step's history and its
 * messages (store/store_outbox) in the same transaction. Every change is a clock_events row;
 * the changes people and the scheduler make are also audit events, while starting and stopping
 * are audited by the caller whose work they are part of (recording a contact, the event feed).
 * Policies are store/store_sla, the people told store/store_escalation, the arithmetic
 * domain/deadline; the thread that calls the tick is store/scheduler.
 *
 * Instants are UTC ms. Functions that act "now" take the instant from the caller (the
 * scheduler's clock, which tests can move on); the hooks use the transaction's time.
 */
#ifndef FD_STORE_STORE_CLOCK_H
#define FD_STORE_STORE_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/deadline.h"
#include "store/store.h"

/* --- hooks for other features (writer only, inside the caller's transaction) ------------- */

/* Starts the clock of policy policy_code on entity/entity_id, owned by owner_user_id (0: none)
 * in team team_id (0: the owner's team, if any), counting from started_at (UTC ms). *clock_id_out
 * gets the new clock, or the one already running for that entity and policy, or 0 when the
 * policy is inactive. E_NOTFOUND when there is no such policy; E_INVALID when the deadline
 * falls outside the calendar's years. The start is written to the clock's history; it is not
 * audited on its own, since it is part of the caller's work, which the caller audits. */
enum err store_clock_start(struct store_tx *tx, const char *policy_code, const char *entity,
                           int64_t entity_id, int64_t owner_user_id, int64_t team_id,
                           int64_t started_at, int64_t *clock_id_out) MUST_CHECK;
/* Stops the open clock of policy_code (NULL: every open clock) on entity/entity_id at the
 * transaction's time with outcome ("done", "cancelled", ...; "cancelled" makes an unmissed
 * clock 'cancelled', anything else 'met' when in time). A clock whose deadline has passed is
 * recorded as breached. No open clock is not an error. Written to the history, and, like
 * starting, audited as part of the caller's work. */
enum err store_clock_stop(struct store_tx *tx, const char *entity, int64_t entity_id,
                          const char *policy_code, const char *outcome) MUST_CHECK;

/* A start time corrected (an amended received time, A10): the open clocks on entity/entity_id
 * of the policies that start on start_event are cancelled with outcome "corrected" — neither
 * met nor missed — and each starts again from started_at with the same owner and team, due by
 * the policy as it stands. Clocks already stopped are left as they are. History rows record
 * both; the caller audits the amendment. */
enum err store_clock_reanchor(struct store_tx *tx, const char *start_event, const char *entity,
                              int64_t entity_id, int64_t started_at) MUST_CHECK;

/* The open clocks on entity/entity_id of the policies that start on start_event no longer
 * apply (a contact amended from a letter to another channel): cancelled as "corrected". */
enum err store_clock_cancel_corrected(struct store_tx *tx, const char *start_event,
                                      const char *entity, int64_t entity_id) MUST_CHECK;

/* What an event is about, and from when its clocks count. */
struct store_clock_subject {
    const char *entity;
    int64_t entity_id;
    int64_t owner_user_id;   /* 0: none */
    int64_t owner_worker_id; /* 0: none */
    int64_t team_id;         /* 0: the owner's team */
    int64_t at;              /* when it happened, UTC ms */
};

enum { STORE_CLOCK_EVENT_MAX = 16 };

struct store_clock_event_result {
    int n_started;
    int64_t started[STORE_CLOCK_EVENT_MAX];
    int n_stopped;
    int64_t stopped[STORE_CLOCK_EVENT_MAX];
};

/* Something happened to an entity: stops its open clocks whose policy stops on event, then
 * starts a clock for each active policy that starts on it. */
enum err store_clock_event(struct store_tx *tx, const char *event,
                           const struct store_clock_subject *s,
                           struct store_clock_event_result *out) MUST_CHECK;

/* --- changes by people (writer only) ----------------------------------------------------- */

/* Each returns E_NOTFOUND for no such clock and E_CONFLICT (with info naming why) when the
 * clock's state does not allow it; reasons are required where named. */
enum err store_clock_pause(struct store_tx *tx, int64_t id, int64_t now, const char *reason,
                           struct err_info *info) MUST_CHECK;
enum err store_clock_resume(struct store_tx *tx, int64_t id, int64_t now,
                            struct err_info *info) MUST_CHECK;
/* Records why a breached clock's deadline was missed (once). */
enum err store_clock_breach_reason(struct store_tx *tx, int64_t id, int64_t now, const char *reason,
                                   struct err_info *info) MUST_CHECK;
/* Stops the escalation of a breached clock: nobody further is told. note may be "". */
enum err store_clock_acknowledge(struct store_tx *tx, int64_t id, int64_t now, const char *note,
                                 struct err_info *info) MUST_CHECK;
/* Whether user_id owns clock id or was told about it by its escalation. */
enum err store_clock_involves(struct store_tx *tx, int64_t id, int64_t user_id,
                              bool *out) MUST_CHECK;

/* --- reading ------------------------------------------------------------------------------ */

/* Time left on a clock at some instant, in the policy's kind of time. */
struct store_clock_left {
    bool known;   /* false for a paused or stopped clock */
    bool working; /* counted in working time */
    bool overdue;
    int64_t left_ms; /* negative or 0 when overdue */
    char text[64];   /* "2 working hours 15 minutes left", "3 hours overdue" */
};

typedef void (*store_clock_fn)(const struct deadline_clock *c, const struct store_clock_left *left,
                               void *arg);

enum store_clock_open { STORE_CLOCK_ANY = 0, STORE_CLOCK_OPEN, STORE_CLOCK_CLOSED };

struct store_clock_filter {
    int64_t now;        /* for time left */
    int64_t due_before; /* 0: any; else open clocks due before it (an index range) */
    int state;          /* -1: any; else an enum deadline_state */
    enum store_clock_open open;
    int64_t team_id;       /* 0: any */
    int64_t owner_user_id; /* 0: any */
    const char *entity;    /* NULL: any; else with entity_id ("contact" also brings the
                            * clocks of the messages left about that contact) */
    int64_t entity_id;
    int limit;
    int offset;
};

/* Clocks matching f, soonest deadline first (paused clocks last), at most f->limit. */
enum err store_clock_list(struct store_tx *tx, const struct store_clock_filter *f,
                          store_clock_fn fn, void *arg) MUST_CHECK;
/* One clock, with its time left at now. E_NOTFOUND when none. */
enum err store_clock_read(struct store_tx *tx, int64_t id, int64_t now, store_clock_fn fn,
                          void *arg) MUST_CHECK;

/* One line of a clock's history. Strings borrowed until the callback returns. */
struct clock_event {
    int64_t id;
    int64_t clock_id;
    int64_t at;
    int64_t scheduled_at; /* 0 when not scheduled */
    const char *kind;     /* start, pause, resume, stop, warning, breach, breach_reason,
                           * escalation, escalation_skipped, acknowledge */
    int step;             /* escalation step from 1; 0 when none */
    const char *tell;     /* the capacity told, "" when none */
    int64_t told_user_id;
    int64_t told_worker_id;
    const char *told_name;
    const char *detail;
    int64_t by_user_id; /* 0: frontdoor itself */
    const char *by_name;
    int64_t due_at; /* the deadline as it stood after the event, 0 when none */
};
typedef void (*store_clock_event_fn)(const struct clock_event *e, void *arg);
/* A clock's history, oldest first. */
enum err store_clock_history(struct store_tx *tx, int64_t id, store_clock_event_fn fn,
                             void *arg) MUST_CHECK;

/* One row of the deadline dashboard: counts for a team (0: none) and a policy. */
struct store_clock_counts {
    int64_t team_id;
    const char *team_name; /* borrowed */
    int64_t policy_id;
    const char *policy_code; /* borrowed */
    const char *policy_name; /* borrowed */
    int64_t running;
    int64_t paused;
    int64_t due_soon;           /* running, due within the window */
    int64_t overdue;            /* open, deadline passed */
    int64_t breached_period;    /* deadlines missed since period_start */
    int64_t breached_no_reason; /* of those, no reason recorded yet */
    int64_t met_period;         /* stopped in time since period_start */
};
typedef void (*store_clock_counts_fn)(const struct store_clock_counts *c, void *arg);
/* Counts per team and policy of the open clocks at now (due soon: due before now + soon_ms)
 * and of the clocks breached or met since period_start; team_id 0 gives every team. */
enum err store_clock_dashboard(struct store_tx *tx, int64_t now, int64_t soon_ms,
                               int64_t period_start, int64_t team_id, store_clock_counts_fn fn,
                               void *arg) MUST_CHECK;

/* --- the scheduler ----------------------------------------------------------------------- */

struct store_clock_tick {
    int n_clocks;    /* clocks looked at */
    int n_warned;    /* owners warned */
    int n_breached;  /* deadlines marked missed */
    int n_told;      /* people told by escalation steps */
    bool more;       /* max clocks were due: call again */
    int64_t next_at; /* when the next clock is due after this tick; 0 when none */
};

/* Acts on up to max clocks whose next instant is at or before now, earliest first, read from
 * the next_at index (writer only): warns owners, marks breaches, takes escalation steps,
 * each with its history, messages and audit event. */
enum err store_clock_tick(struct store_tx *tx, int64_t now, int max,
                          struct store_clock_tick *out) MUST_CHECK;
/* When the earliest clock is next due (0 when none): one index read. */
enum err store_clock_next_at(struct store_tx *tx, int64_t *out) MUST_CHECK;

#endif
