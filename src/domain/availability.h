/*
 * availability: when a worker can next be reached (requirements H6, H8, W2, W3) — worked out
 * from their weekly working pattern, England and Wales bank holidays, the dates they are
 * active, and the entries in their calendar that take them away from their desk (leave,
 * appointments, supervision, travel, training). It answers "is X available now, and if not,
 * when next?", which the front door uses to give a caller an approximate call-back time or to
 * decide that the matter cannot wait. Pure: entries come in from the caller (read from the
 * store or an iCalendar file, see domain/ics); it does no I/O.
 */
#ifndef FD_DOMAIN_AVAILABILITY_H
#define FD_DOMAIN_AVAILABILITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/calendar.h"
#include "domain/worker.h"

enum availability_kind {
    AVAILABILITY_KIND_NONE = 0,
    AVAILABILITY_LEAVE,
    AVAILABILITY_APPOINTMENT,
    AVAILABILITY_SUPERVISION,
    AVAILABILITY_TRAVEL,
    AVAILABILITY_TRAINING,
    AVAILABILITY_KIND_COUNT
};

#define AVAILABILITY_TITLE_MAX 200 /* characters */
#define AVAILABILITY_UID_MAX 255   /* bytes of an iCalendar UID */
/* How far ahead next_available_at is looked for; beyond it the answer is "not known". */
#define AVAILABILITY_HORIZON_MS (92LL * 24 * 3600 * 1000)
/* Longest calendar entry accepted (a long leave or secondment). */
#define AVAILABILITY_ENTRY_MAX_MS (400LL * 24 * 3600 * 1000)

/* A calendar entry that makes a worker unavailable from starts_at up to (not including)
 * ends_at. Fixed buffers, freely copied. */
struct availability_entry {
    int64_t id;
    int64_t worker_id;
    enum availability_kind kind;
    int64_t starts_at; /* UTC ms */
    int64_t ends_at;   /* UTC ms */
    char title[AVAILABILITY_TITLE_MAX * 4 + 1];
    char source[8];                     /* "manual" or "ics" */
    char uid[AVAILABILITY_UID_MAX + 1]; /* iCalendar UID; "" for manual entries */
};

/* "leave", "appointment", ... Static string; "" for none. */
const char *availability_kind_name(enum availability_kind k);
enum availability_kind availability_kind_parse(const char *name);
/* "Leave", "Appointment", ... Static string. */
const char *availability_kind_label(enum availability_kind k);

/* Checks an entry: a kind, a start, an end after it and no more than AVAILABILITY_ENTRY_MAX_MS
 * later, a title of at most AVAILABILITY_TITLE_MAX characters. Names the field. */
enum err availability_entry_validate(const struct availability_entry *e,
                                     struct err_info *info) MUST_CHECK;

enum availability_status {
    AVAILABILITY_AVAILABLE = 0, /* working time, nothing in the calendar */
    AVAILABILITY_BUSY,          /* a calendar entry covers now */
    AVAILABILITY_NOT_WORKING,   /* outside the working pattern, or a bank holiday */
    AVAILABILITY_INACTIVE,      /* before their first or after their last working day */
};

struct availability {
    enum availability_status status;
    bool available_now;
    int64_t next_available_at; /* UTC ms; now when available now; 0 when not within the
                                  horizon (or never: the worker has left) */
    int current_entry;         /* index into the entries of the one covering now, or -1 */
};

/* "available", "busy", "not_working", "inactive". Static string. */
const char *availability_status_name(enum availability_status s);

/*
 * Works out w's availability at now_ms from w's working pattern (with bank holidays off unless
 * w works them),
 * active dates and the calendar entries (any order; other workers' entries are ignored). The
 * next available moment is the first instant at or after now that is working time, inside the
 * active dates and not covered by an entry; an entry that ends at 12:00 makes 12:00 available.
 * E_INVALID when the pattern does not parse or now is outside the calendar's years.
 */
enum err availability_compute(const struct worker *w, const struct availability_entry *entries,
                              size_t n, int64_t now_ms, struct availability *out) MUST_CHECK;

#endif
