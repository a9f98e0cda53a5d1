/*
 * store_allocation: allocations of persons to workers and teams, and their ends. Allocations
 * are case records: rows are only ever added (triggers refuse UPDATE and DELETE), and ending
 * one adds its end beside it. Reading a person's allocations is reading their record, so the
 * reads here append an audit event too and run on the writer.
 */
#ifndef FD_STORE_STORE_ALLOCATION_H
#define FD_STORE_STORE_ALLOCATION_H

#include <stdint.h>

#include "core/err.h"
#include "domain/allocation.h"
#include "store/store.h"

/* Records a (id, created_at, created_by set; writer only). E_INVALID naming worker_id or
 * team_id when they do not exist, or the worker is not a member of the named team;
 * E_CONFLICT when the same person already has the same allocation at an overlapping time.
 * Audited as allocation.create on the person. */
enum err store_allocation_insert(struct store_tx *tx, struct allocation *a,
                                 struct err_info *info) MUST_CHECK;
/* Ends allocation id at ended_at_ms for reason (writer only). E_NOTFOUND, E_CONFLICT when it
 * was ended already, E_INVALID for an end before the start or no reason. On success *out (may
 * be NULL) is the allocation with its end. Audited as allocation.end on the person. */
enum err store_allocation_end(struct store_tx *tx, int64_t id, int64_t ended_at_ms,
                              const char *reason, struct allocation *out,
                              struct err_info *info) MUST_CHECK;
/* One allocation with its end, without an audit event (for the writer's own checks). */
enum err store_allocation_get(struct store_tx *tx, int64_t id, struct allocation *out) MUST_CHECK;

/* Every allocation of person_id, ended ones too, newest start first, into a caller-freed array
 * (*out may be NULL when *n_out is 0). Audited as `action` (e.g. "allocation.list",
 * "allocation.check") on the person with reason (may be NULL). */
enum err store_allocation_for_person(struct store_tx *tx, int64_t person_id, const char *action,
                                     const char *reason, struct allocation **out,
                                     size_t *n_out) MUST_CHECK;
/* Allocations held by worker_id (team_id 0) or by team_id (worker_id 0) that are current at
 * now_ms, by start; caller frees *out. Not audited: it lists caseloads, not one person's
 * record (callers show person ids only). */
enum err store_allocation_caseload(struct store_tx *tx, int64_t worker_id, int64_t team_id,
                                   int64_t now_ms, struct allocation **out,
                                   size_t *n_out) MUST_CHECK;

#endif
