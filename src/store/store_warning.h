/*
 * store_warning: warning markers on persons and their reviews (A13). Neither is ever changed:
 * a review that ends a marker is a row too. A person's markers include those of records merged
 * into theirs, so a merge never hides a warning. Writes are audited on the person.
 */
#ifndef FD_STORE_STORE_WARNING_H
#define FD_STORE_STORE_WARNING_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/warning.h"
#include "store/store.h"

/* Records w (validated by the caller; w->id set). E_INVALID naming agreed_by when that user is
 * not a manager or duty manager; E_NOTFOUND when the person does not exist. Writer only;
 * audited as warning.create on the person. */
enum err store_warning_insert(struct store_tx *tx, struct warning *w,
                              struct err_info *info) MUST_CHECK;
/* Warning id with its reviews. E_NOTFOUND. */
enum err store_warning_get(struct store_tx *tx, int64_t id, struct warning *out) MUST_CHECK;
/* Checks r against warning r->warning_id (warning_review_validate on today) and records it.
 * *w_out (may be NULL) is the warning after the review. Audited as warning.review. */
enum err store_warning_review(struct store_tx *tx, struct warning_review *r,
                              const struct pdate *today, struct warning *w_out,
                              struct err_info *info) MUST_CHECK;
/* Markers of person_id and of records merged into it, active first, newest first; caller
 * frees *out. */
enum err store_warning_for_person(struct store_tx *tx, int64_t person_id, struct warning **out,
                                  size_t *n_out) MUST_CHECK;

#endif
