/*
 * store_sla: service-level policies as data. A policy keeps its code for ever; its definition
 * is a list of versions, and a change adds a version with who, when and why, so every clock can
 * be read against the definition it ran by. Policies are never deleted: an inactive one starts
 * no new clocks. The rules of a policy are domain/deadline; clocks are store/store_clock.
 */
#ifndef FD_STORE_STORE_SLA_H
#define FD_STORE_STORE_SLA_H

#include <stdint.h>

#include "core/err.h"
#include "domain/deadline.h"
#include "store/store.h"

/* Who made a version, when and why. Strings borrowed until the callback returns. */
struct sla_version_meta {
    int64_t changed_at; /* UTC ms; 0 for the shipped defaults */
    int64_t changed_by; /* user id; 0 for the shipped defaults */
    const char *changed_by_name;
    const char *reason;
};

typedef void (*store_sla_fn)(const struct deadline_policy *p, const struct sla_version_meta *m,
                             void *arg);

/* Every policy at its current version, by id. */
enum err store_sla_list(struct store_tx *tx, store_sla_fn fn, void *arg) MUST_CHECK;
/* Policy id at its current version (E_NOTFOUND when none). */
enum err store_sla_get(struct store_tx *tx, int64_t id, struct deadline_policy *out) MUST_CHECK;
/* The policy with this code at its current version (E_NOTFOUND when none). */
enum err store_sla_by_code(struct store_tx *tx, const char *code,
                           struct deadline_policy *out) MUST_CHECK;
/* Policy id as it was at version (E_NOTFOUND when none). */
enum err store_sla_version(struct store_tx *tx, int64_t id, int version,
                           struct deadline_policy *out) MUST_CHECK;
/* Every version of policy id, newest first. */
enum err store_sla_history(struct store_tx *tx, int64_t id, store_sla_fn fn, void *arg) MUST_CHECK;
/* The active policies (current versions) whose clocks start on event, by id. */
enum err store_sla_starting(struct store_tx *tx, const char *event, store_sla_fn fn,
                            void *arg) MUST_CHECK;

/* Adds policy p as version 1 by the transaction's actor (writer only): sets p->id and
 * p->version. p must be valid (deadline_policy_validate). E_CONFLICT when the code is taken.
 * Audited as sla_policy.create with the reason. */
enum err store_sla_insert(struct store_tx *tx, struct deadline_policy *p, int64_t now,
                          const char *reason) MUST_CHECK;
/* Adds the next version of policy p->id with p's definition (writer only), provided the
 * current version is still expected_version (E_CONFLICT otherwise: someone else changed it
 * first); p->code must be the policy's code (E_INVALID otherwise). Sets p->version. Running
 * clocks keep the version they started under. Audited as sla_policy.update with the reason. */
enum err store_sla_update(struct store_tx *tx, struct deadline_policy *p, int expected_version,
                          int64_t now, const char *reason) MUST_CHECK;

#endif
