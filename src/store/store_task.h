/*
 * store_task: tasks in the database (domain/task) — setting one, closing it (done or
 * cancelled, its own row), and the lists "my work" and the contact screen read. Open tasks are
 * also in task_open, an index kept in step here and only here, so a user's or a team's open
 * tasks are an index range. Writes and reads append their audit events in the caller's
 * transaction (a task's note may name a person).
 */
#ifndef FD_STORE_STORE_TASK_H
#define FD_STORE_STORE_TASK_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/task.h"
#include "store/store.h"

/* Records task t (writer only): sets t->id, created_at (the transaction's time), created_by
 * (its actor) and state open. t is expected to have passed task_validate. E_INVALID naming
 * owner_user_id, team_id or contact_id when they do not exist. Audited as task.create. */
enum err store_task_insert(struct store_tx *tx, struct task *t, struct err_info *info) MUST_CHECK;

/* Called with a task whose strings are borrowed until the callback returns. */
typedef void (*store_task_fn)(const struct task *t, void *arg);
/* Task id, not audited (for the writer's own checks and for answering a write). E_NOTFOUND. */
enum err store_task_get(struct store_tx *tx, int64_t id, store_task_fn fn, void *arg) MUST_CHECK;
/* Task id, audited as task.read. E_NOTFOUND. */
enum err store_task_read(struct store_tx *tx, int64_t id, store_task_fn fn, void *arg) MUST_CHECK;
/* Closes open task id as done or cancelled with note (the reason, for a cancellation; may be
 * NULL for done) (writer only). The caller checked task_close_check. Audited as task.done or
 * task.cancel. */
enum err store_task_close(struct store_tx *tx, int64_t id, enum task_state state,
                          const char *note) MUST_CHECK;

/* Open tasks owned by user_id, soonest due first, at most limit. Audited as task.list. */
enum err store_task_open_for_user(struct store_tx *tx, int64_t user_id, int limit, store_task_fn fn,
                                  void *arg) MUST_CHECK;
/* Open tasks of team_id that no person owns, soonest due first, at most limit. Audited. */
enum err store_task_open_for_team(struct store_tx *tx, int64_t team_id, int limit, store_task_fn fn,
                                  void *arg) MUST_CHECK;
/* Every task about contact_id, oldest first. Audited as task.list. */
enum err store_task_for_contact(struct store_tx *tx, int64_t contact_id, store_task_fn fn,
                                void *arg) MUST_CHECK;

#endif
