/*
 * store_relationship: relationships between persons, stored once in their canonical form
 * (domain/relationship) and read from either side. Rows are never changed: ending a
 * relationship adds its end (who, when, why) beside it. Writes are audited on both persons.
 */
#ifndef FD_STORE_STORE_RELATIONSHIP_H
#define FD_STORE_STORE_RELATIONSHIP_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/relationship.h"
#include "store/store.h"

/* Records r (validated by the caller; put in canonical form here; r->id set). E_INVALID naming
 * person_id or related_person_id when a person does not exist or was merged away; E_CONFLICT
 * when the same relationship is already in force. Writer only; audited as
 * relationship.create on both persons. */
enum err store_relationship_insert(struct store_tx *tx, struct relationship *r,
                                   struct err_info *info) MUST_CHECK;
/* Ends relationship id for reason. E_NOTFOUND; E_CONFLICT when ended already. *person_out (may
 * be NULL) is its first person. Audited as relationship.end on both persons. */
enum err store_relationship_end(struct store_tx *tx, int64_t id, const char *reason,
                                int64_t *person_out, struct err_info *info) MUST_CHECK;
/* Every relationship of person_id (either side), ended ones too, newest first; caller frees
 * *out. */
enum err store_relationship_for_person(struct store_tx *tx, int64_t person_id,
                                       struct relationship **out, size_t *n_out) MUST_CHECK;
/* For a merge: ends every relationship of `from` in force with why and records it again for
 * `to` (unless it would relate `to` to itself or `to` has it already); *n_moved counts them. */
enum err store_relationship_move(struct store_tx *tx, int64_t from, int64_t to, const char *why,
                                 size_t *n_moved) MUST_CHECK;

#endif
