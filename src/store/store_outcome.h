/*
 * store_outcome: the outcome code set (configuration, seeded by migration 5, configured by
 * administrators with every version kept since migration 10) and the outcome recorded on each
 * contact (evidence: one per contact, never changed). Recording an outcome checks
 * domain/outcome's rules against the contact and its decisions, takes the contact off the work
 * queues and is audited, all in the caller's transaction; so are adding and changing a code,
 * which also check domain/outcome's rules for the code set. Codes are never deleted.
 */
#ifndef FD_STORE_STORE_OUTCOME_H
#define FD_STORE_STORE_OUTCOME_H

#include <stdint.h>

#include "core/err.h"
#include "domain/outcome.h"
#include "store/store.h"

typedef void (*store_outcome_code_fn)(const struct outcome_code *oc, void *arg);
/* Every code, in display order (inactive ones too: oc->active says), with its version and
 * whether it has been used. Strings borrowed until the callback returns. */
enum err store_outcome_codes(struct store_tx *tx, store_outcome_code_fn fn, void *arg) MUST_CHECK;
/* The code called code, as store_outcome_codes gives it: fn once. E_NOTFOUND when none. */
enum err store_outcome_code_get(struct store_tx *tx, const char *code, store_outcome_code_fn fn,
                                void *arg) MUST_CHECK;

/*
 * Adds oc to the code set (writer only) as its version 1, by the transaction's actor, for
 * reason. oc->sort_order 0 puts it after every code (the highest sort order plus 10). Checks,
 * in this order, outcome_code_validate; E_CONFLICT naming "code" when the code exists (retired
 * or not), naming "label" when an active code already has that label; and
 * outcome_code_reason_check. Sets oc->version, oc->sort_order and oc->active (true). Audited as
 * outcome_code.add on its version row, the reason prefixed with the code.
 */
enum err store_outcome_code_add(struct store_tx *tx, struct outcome_code *oc, const char *reason,
                                struct err_info *info) MUST_CHECK;
/*
 * Changes code after->code to after (writer only) as its next version, for reason. E_NOTFOUND when
 * there is no such code; E_CONFLICT naming "version" when its version is not expected_version
 * (someone changed it first); then outcome_code_validate and outcome_code_change_check against the
 * code as stored (a used code's counting fields are frozen); E_CONFLICT naming "label" when the
 * code would be active with the label of another active code; then outcome_code_reason_check. Sets
 * after->version. Audited on the new version row as outcome_code.retire, outcome_code.reinstate or
 * outcome_code.change, the reason prefixed with the code.
 */
enum err store_outcome_code_change(struct store_tx *tx, struct outcome_code *after,
                                   int expected_version, const char *reason,
                                   struct err_info *info) MUST_CHECK;

/* One version of a code. Strings borrowed until the callback returns. */
struct outcome_code_version {
    struct outcome_code oc;      /* the code as it was at oc.version; oc.used is not filled */
    const char *changed;         /* API names of the fields that changed, comma-separated */
    int64_t changed_at;          /* UTC ms; 0 for the code set as it stood before */
    int64_t changed_by;          /* user id; 0 for the system */
    const char *changed_by_name; /* "" for the system */
    const char *reason;
};
typedef void (*store_outcome_version_fn)(const struct outcome_code_version *v, void *arg);
/* Every version of code, newest first. E_NOTFOUND when there is no such code. */
enum err store_outcome_code_history(struct store_tx *tx, const char *code,
                                    store_outcome_version_fn fn, void *arg) MUST_CHECK;

/*
 * Records o on contact o->contact_id (writer only): E_NOTFOUND when there is no such contact;
 * E_CONFLICT when it already has an outcome; E_INVALID naming "code" for an unknown code or
 * "signposted_team_id" for an unknown team; then outcome_check. Sets o->id, decided_at,
 * decided_by. Takes the contact off the queues. Audited as contact.outcome with the code.
 */
enum err store_outcome_record(struct store_tx *tx, struct outcome *o,
                              struct err_info *info) MUST_CHECK;
/* The same, and when the Care Act gate refuses it, every check not answered or not met is
 * added to gates (when not NULL; see outcome_check_all). */
enum err store_outcome_record_all(struct store_tx *tx, struct outcome *o, struct err_info *info,
                                  struct err_list *gates) MUST_CHECK;

typedef void (*store_outcome_fn)(const struct outcome *o, void *arg);
/* The outcome of contact_id, when it has one: fn is called at most once. Not audited. */
enum err store_outcome_get(struct store_tx *tx, int64_t contact_id, store_outcome_fn fn,
                           void *arg) MUST_CHECK;

#endif
