/*
 * store_worker: workers in the database — their details, team memberships and working
 * pattern — and the calendar entries that make them unavailable. One function per question,
 * run inside a store transaction; writes append their audit events in the same transaction.
 * Where a write refers to something that must exist (a team, a line manager, a user), the
 * store checks it and says which field is wrong in info.
 */
#ifndef FD_STORE_STORE_WORKER_H
#define FD_STORE_STORE_WORKER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/availability.h"
#include "domain/worker.h"
#include "store/store.h"

/* Inserts w with its team memberships (w->id, created_at set; writer only). E_INVALID naming
 * the field when a team, the line manager or the user does not exist or the line management
 * would go round in a circle; E_CONFLICT when the staff number or the user is another
 * worker's. Audited as worker.create. */
enum err store_worker_insert(struct store_tx *tx, struct worker *w,
                             struct err_info *info) MUST_CHECK;
/* Replaces worker w->id's details and memberships with w's. E_NOTFOUND when there is no such
 * worker; otherwise as insert. Audited as worker.update with reason (may be NULL). */
enum err store_worker_update(struct store_tx *tx, struct worker *w, const char *reason,
                             struct err_info *info) MUST_CHECK;
/* The worker with their teams, line manager's name and username filled in. */
enum err store_worker_get(struct store_tx *tx, int64_t id, struct worker *out) MUST_CHECK;
enum err store_worker_by_staff_number(struct store_tx *tx, const char *staff_number,
                                      struct worker *out) MUST_CHECK;
/* The worker whose sign-in is user_id. E_NOTFOUND when none. */
enum err store_worker_by_user(struct store_tx *tx, int64_t user_id, struct worker *out) MUST_CHECK;

struct store_worker_filter {
    int64_t team_id;       /* 0: any team */
    enum worker_role role; /* WORKER_ROLE_NONE: any */
    const char *q;         /* NULL or "": any; else a part of the name, case-insensitive */
    bool safeguarding_only;
};
/* Calls fn for each worker matching f (NULL: all), by name, with teams filled in. w is
 * borrowed for the call. */
enum err store_worker_list(struct store_tx *tx, const struct store_worker_filter *f,
                           void (*fn)(const struct worker *w, void *arg), void *arg) MUST_CHECK;

/* Adds a calendar entry for e->worker_id (e->id set; writer only). E_NOTFOUND when the worker
 * does not exist. Audited as worker.calendar_add. */
enum err store_worker_entry_add(struct store_tx *tx, struct availability_entry *e) MUST_CHECK;
/* Stores entries imported from iCalendar for worker_id: every earlier entry with a UID found
 * in the import is replaced, so importing the same file again changes nothing. Audited once as
 * worker.calendar_import with reason (may be NULL). */
enum err store_worker_entries_import(struct store_tx *tx, int64_t worker_id,
                                     const struct availability_entry *entries, size_t n,
                                     const char *reason) MUST_CHECK;
/* Calls fn for each entry of worker_id that overlaps [from_ms, to_ms), by start. */
enum err store_worker_entries(struct store_tx *tx, int64_t worker_id, int64_t from_ms,
                              int64_t to_ms,
                              void (*fn)(const struct availability_entry *e, void *arg),
                              void *arg) MUST_CHECK;

#endif
