/*
 * store_household: households and families and their members (L5, L8). A household's details
 * and its member rows are never changed; a member leaving adds the end beside the row. Writes
 * are audited on the household and on each person concerned.
 */
#ifndef FD_STORE_STORE_HOUSEHOLD_H
#define FD_STORE_STORE_HOUSEHOLD_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/household.h"
#include "store/store.h"

/* Records h (validated by the caller; h->id set). Writer only; audited household.create. */
enum err store_household_insert(struct store_tx *tx, struct household *h) MUST_CHECK;
/* Household id into out. E_NOTFOUND. */
enum err store_household_get(struct store_tx *tx, int64_t id, struct household *out) MUST_CHECK;
/* Adds person_id to household_id as role (m->id set). E_NOTFOUND for the household; E_INVALID
 * naming person_id when there is no current person; E_CONFLICT when they are a member already.
 * Audited household.join on the household and the person. */
enum err store_household_join(struct store_tx *tx, struct household_member *m,
                              struct err_info *info) MUST_CHECK;
/* Records that person_id left household_id, for reason. E_NOTFOUND when they are not a
 * member. Audited household.leave. */
enum err store_household_leave(struct store_tx *tx, int64_t household_id, int64_t person_id,
                               const char *reason, struct err_info *info) MUST_CHECK;
/* The members of household_id (leavers too, with their end), by joining; caller frees *out.
 * person_name is the person's current display name. */
enum err store_household_members(struct store_tx *tx, int64_t household_id,
                                 struct household_member **out, size_t *n_out) MUST_CHECK;
/* The memberships of person_id (current and ended), newest first; caller frees *out. */
enum err store_household_for_person(struct store_tx *tx, int64_t person_id,
                                    struct household_member **out, size_t *n_out) MUST_CHECK;
/* For a merge: ends `from`'s current memberships with why and adds `to` in the same role unless
 * a member already. */
enum err store_household_move(struct store_tx *tx, int64_t from, int64_t to, const char *why,
                              size_t *n_moved) MUST_CHECK;

#endif
