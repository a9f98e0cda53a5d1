/*
 * deadline: service-level policies and the arithmetic of their clocks (requirements C3, C4, C6,
 * A2, A14, X3). A policy says what starts a clock and what stops it, how long is allowed
 * (elapsed seconds, minutes, hours or days, or working minutes, hours or days on a team's
 * calendar), when the owner is warned, whether the clock may pause, and who is told, in what
 * order, once it is missed (domain/escalation). This module validates policies and computes a
 * clock's deadline, its warning point, the instants of its escalation steps, what is left when
 * it pauses and its new deadline when it resumes, and the time left or overdue. It is not the
 * calendar (domain/calendar), not storage or scheduling (store/store_clock, store/scheduler),
 * and does no I/O. The rules are written out for duty managers in docs/deadlines.md.
 *
 * Instants here are UTC milliseconds (as in the store); domain/calendar works in seconds, so
 * working-time results are whole seconds.
 */
#ifndef FD_DOMAIN_DEADLINE_H
#define FD_DOMAIN_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/calendar.h"
#include "domain/escalation.h"

enum {
    DEADLINE_CODE_MAX = 48,     /* a policy code with its NUL: [a-z0-9_], 1-40 characters */
    DEADLINE_NAME_MAX = 128,    /* a policy name with its NUL: 1-120 characters */
    DEADLINE_EVENT_MAX = 64,    /* an event name with its NUL: [a-z0-9_.], 1-60 characters */
    DEADLINE_REASON_MAX = 1000, /* a pause reason, breach reason or note, in characters */
    DEADLINE_ENTITY_MAX = 32,   /* an entity type with its NUL: [a-z_], 1-31 characters */
    DEADLINE_OUTCOME_MAX = 32,  /* an outcome with its NUL: [a-z_], 1-31 characters */
    DEADLINE_REF_MAX = 48,      /* an entity's human reference with its NUL */
    DEADLINE_PERSON_MAX = 128,  /* a person's or team's name with its NUL, truncated */
};

/* How a target is counted. The first four count every second (elapsed time); the working ones
 * count only working time on the clock's calendar. DEADLINE_DAYS is 24 hours. */
enum deadline_unit {
    DEADLINE_SECONDS = 0,
    DEADLINE_MINUTES,
    DEADLINE_HOURS,
    DEADLINE_DAYS,
    DEADLINE_WORKING_MINUTES,
    DEADLINE_WORKING_HOURS,
    DEADLINE_WORKING_DAYS,
    DEADLINE_UNIT_COUNT
};

/* Whose calendar counts working time: the team the clock belongs to (the default calendar when
 * it has none), always the default calendar (Monday to Friday 09:00-17:00, bank holidays), or
 * one named team. */
enum deadline_calendar {
    DEADLINE_CAL_CLOCK_TEAM = 0,
    DEADLINE_CAL_DEFAULT,
    DEADLINE_CAL_TEAM,
    DEADLINE_CAL_COUNT
};

struct deadline_policy {
    int64_t id;
    int version;
    char code[DEADLINE_CODE_MAX];
    char name[DEADLINE_NAME_MAX];
    char start_event[DEADLINE_EVENT_MAX]; /* "contact.created" */
    char stop_event[DEADLINE_EVENT_MAX];  /* "contact.action_recorded" */
    enum deadline_unit unit;
    int64_t target;               /* in unit, >= 1 */
    int64_t warn_before;          /* in warn_unit, before the deadline; 0 for no warning */
    enum deadline_unit warn_unit; /* the same kind of time as unit (elapsed or working) */
    enum deadline_calendar calendar;
    int64_t calendar_team_id; /* DEADLINE_CAL_TEAM only */
    bool pausable;
    bool active; /* an inactive policy starts no new clocks */
    struct escalation_chain chain;
};

/* A clock's state. Running and paused clocks are open; met and cancelled ones are stopped; a
 * breached clock stays open (and escalating) until it is stopped or acknowledged. */
enum deadline_state {
    DEADLINE_RUNNING = 0,
    DEADLINE_PAUSED,
    DEADLINE_MET,
    DEADLINE_BREACHED,
    DEADLINE_CANCELLED,
    DEADLINE_STATE_COUNT
};

/* One clock as stored. Instants are UTC ms, 0 when absent. Strings are fixed buffers except
 * breach_reason, which is borrowed from whoever filled the struct. */
struct deadline_clock {
    int64_t id;
    int64_t policy_id;
    int policy_version;
    char policy_code[DEADLINE_CODE_MAX]; /* filled by reads */
    char policy_name[DEADLINE_NAME_MAX]; /* filled by reads */
    char entity[DEADLINE_ENTITY_MAX];    /* "contact" */
    int64_t entity_id;
    char reference[DEADLINE_REF_MAX]; /* the entity's reference; filled by reads */
    int64_t contact_id;      /* the contact the entity belongs to, 0 none; filled by reads */
    int64_t owner_user_id;   /* 0 when none */
    int64_t owner_worker_id; /* 0 when none */
    char owner_name[DEADLINE_PERSON_MAX]; /* filled by reads */
    int64_t team_id;                      /* 0 when none */
    char team_name[DEADLINE_PERSON_MAX];  /* filled by reads */
    enum deadline_state state;
    int64_t started_at;
    int64_t due_at;  /* 0 while paused */
    int64_t warn_at; /* 0 when no warning is pending or was planned */
    int64_t warned_at;
    int64_t paused_at;
    int64_t due_left_ms;       /* while paused */
    int64_t warn_left_ms;      /* while paused; -1 when no warning is pending */
    int64_t breached_at;       /* the deadline that was missed */
    const char *breach_reason; /* "" when none recorded yet */
    int64_t breach_reason_by;
    int escalation_step; /* steps done */
    int64_t step_at;     /* when the next step is due; 0 when none */
    int64_t acknowledged_at;
    int64_t acknowledged_by;
    int64_t stopped_at; /* 0 while open */
    char outcome[DEADLINE_OUTCOME_MAX];
    int64_t next_at; /* when the scheduler must next act; 0 never */
};

/* "running", "paused", "met", "breached", "cancelled". Static; "" when out of range. */
const char *deadline_state_name(enum deadline_state s);
MUST_CHECK enum err deadline_state_parse(const char *name, enum deadline_state *out);
/* Whether an entity type or an outcome is well formed: [a-z_], 1-31 characters. */
bool deadline_entity_valid(const char *entity);

/* When the scheduler must next act on c under policy p (the pending warning, the deadline, the
 * next escalation step), or 0 when never: stopped, acknowledged, paused, or the chain done. */
int64_t deadline_next_at(const struct deadline_clock *c, const struct deadline_policy *p);

/* "seconds", "minutes", "hours", "days", "working_minutes", "working_hours", "working_days";
 * static, "" when out of range. */
const char *deadline_unit_name(enum deadline_unit u);
MUST_CHECK enum err deadline_unit_parse(const char *name, enum deadline_unit *out);
bool deadline_unit_is_working(enum deadline_unit u);
/* "clock_team", "default", "team". */
const char *deadline_calendar_name(enum deadline_calendar c);
MUST_CHECK enum err deadline_calendar_parse(const char *name, enum deadline_calendar *out);
/* "30 minutes", "1 working day", "45 working days": the target in words, into out[len]. */
void deadline_target_text(enum deadline_unit u, int64_t amount, char *out, size_t len);

/* Whether code / an event name is well formed ([a-z0-9_] / [a-z0-9_.], 1-40 / 1-60). */
bool deadline_code_valid(const char *code);
bool deadline_event_valid(const char *event);
/* Checks every field; E_INVALID naming the field ("code", "name", "start_event", "stop_event",
 * "unit", "target", "warn_before", "warn_unit", "calendar", "calendar_team_id", "escalation").
 * The warning must be the same kind of time as the target, shorter than it, and in working
 * days only when the target is. */
MUST_CHECK enum err deadline_policy_validate(const struct deadline_policy *p,
                                             struct err_info *info);

/*
 * The deadline and warning point of a clock started at start_ms (UTC ms) under p, counted on
 * cal (used only for working units). Elapsed: start + target. Working minutes and hours: the
 * calendar's working-time addition. Working days: the calendar's working-day addition (the
 * same clock time on the day reached). The warning comes warn_before warn_units before the
 * deadline: elapsed, by subtraction; in working days, target - warn_before working days after
 * the start; in working minutes or hours, that much working time before the deadline.
 * *warn_ms_out is 0 when the policy has no warning, or when the warning would not come after
 * the start. E_INVALID when the instants fall outside the calendar's years.
 */
MUST_CHECK enum err deadline_due(const struct deadline_policy *p, const struct calendar *cal,
                                 int64_t start_ms, int64_t *due_ms_out, int64_t *warn_ms_out);

/* What is left of a running clock when it pauses at now_ms: of the time to the deadline and to
 * the warning (-1 when no warning is pending), in milliseconds of the policy's kind of time
 * (elapsed, or working time: whole minutes). E_CONFLICT when the deadline has already passed. */
MUST_CHECK enum err deadline_pause(const struct deadline_policy *p, const struct calendar *cal,
                                   int64_t now_ms, int64_t due_ms, int64_t warn_ms,
                                   int64_t *due_left_ms_out, int64_t *warn_left_ms_out);
/* The new deadline and warning (0 when warn_left_ms < 0) of a clock resuming at now_ms with
 * what deadline_pause left. */
MUST_CHECK enum err deadline_resume(const struct deadline_policy *p, const struct calendar *cal,
                                    int64_t now_ms, int64_t due_left_ms, int64_t warn_left_ms,
                                    int64_t *due_ms_out, int64_t *warn_ms_out);

/* The instant of an escalation step: after_minutes after prev_ms (the deadline, for the first
 * step), counted in working minutes for a working-time policy and elapsed minutes otherwise. */
MUST_CHECK enum err deadline_step_at(const struct deadline_policy *p, const struct calendar *cal,
                                     int64_t prev_ms, int64_t after_minutes, int64_t *out_ms);

/* Time left until due_ms at now_ms, negative when overdue. For elapsed policies *left_ms_out
 * is plain milliseconds; for working policies it is working time (whole minutes, as
 * milliseconds). text gets it in words: "2 working hours 15 minutes left", "3 days 2 hours
 * overdue", "due now". */
MUST_CHECK enum err deadline_left(const struct deadline_policy *p, const struct calendar *cal,
                                  int64_t now_ms, int64_t due_ms, int64_t *left_ms_out, char *text,
                                  size_t text_len);

#endif
