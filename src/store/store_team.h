/*
 * store_team: teams and services in the database — their details, opening hours and one-off
 * closed days — and the working calendar a team's deadlines run on (store_team_calendar).
 * Each function is one query (or a few, for a calendar) run inside a store transaction;
 * writes append their audit events in the same transaction. Membership of workers is
 * store/store_worker. (store_team_ensure, used by the platform's user commands, stays in
 * store/store_user.)
 */
#ifndef FD_STORE_STORE_TEAM_H
#define FD_STORE_STORE_TEAM_H

#include <stdint.h>

#include "core/err.h"
#include "domain/team.h"
#include "store/store.h"

/* Inserts t (t->id and t->created_at are set; writer only). E_CONFLICT when the name is
 * taken. Audited as team.create. */
enum err store_team_insert(struct store_tx *tx, struct team *t) MUST_CHECK;
/* Replaces team t->id's details with t's (writer only). E_NOTFOUND, or E_CONFLICT when the new
 * name is another team's. Audited as team.update with reason (may be NULL). */
enum err store_team_update(struct store_tx *tx, struct team *t, const char *reason) MUST_CHECK;
enum err store_team_get(struct store_tx *tx, int64_t id, struct team *out) MUST_CHECK;
/* The team called name (exact match). E_NOTFOUND when none. */
enum err store_team_by_name(struct store_tx *tx, const char *name, struct team *out) MUST_CHECK;

struct store_team_filter {
    enum team_type type;  /* TEAM_TYPE_NONE: any */
    const char *locality; /* NULL or "": any; else exact, case-insensitive */
    const char *q;        /* NULL or "": any; else a part of the name, case-insensitive */
};
/* Calls fn for each team matching f (NULL: all), by name. t is borrowed for the call. */
enum err store_team_list(struct store_tx *tx, const struct store_team_filter *f,
                         void (*fn)(const struct team *t, void *arg), void *arg) MUST_CHECK;

/* Records that the team is closed on c->day (c->id set; writer only). E_NOTFOUND when the team
 * does not exist, E_CONFLICT when it is already closed that day. Audited as team.close_day. */
enum err store_team_closed_add(struct store_tx *tx, struct team_closed_day *c) MUST_CHECK;
/* Calls fn for each closed day of team_id on or after from ({0,0,0}: all), by date. */
enum err store_team_closed_list(struct store_tx *tx, int64_t team_id, struct ukclock_date from,
                                void (*fn)(const struct team_closed_day *c, void *arg),
                                void *arg) MUST_CHECK;

/* The working calendar of team_id: its hours, bank holidays unless it works them, and every
 * closed day. *out is owned by the caller: team_calendar_release. E_NOTFOUND when there is no
 * such team. */
enum err store_team_calendar(struct store_tx *tx, int64_t team_id,
                             struct team_calendar *out) MUST_CHECK;

#endif
