/*
 * store_contact: contact rows. Creating one allocates its yearly human reference and audits
 * it, and starts the clocks whose policies start on "contact.created" (store/store_clock);
 * reading one through store_contact_read audits the read (W13) in the same transaction.
 */
#ifndef FD_STORE_STORE_CONTACT_H
#define FD_STORE_STORE_CONTACT_H

#include <stdint.h>

#include "core/err.h"
#include "domain/contact.h"
#include "store/store.h"

/* Inserts c: sets c->id, c->reference, c->created_at from the transaction (writer only). */
enum err store_contact_insert(struct store_tx *tx, struct contact *c) MUST_CHECK;

/* Called with a row whose strings are borrowed until the callback returns. */
typedef void (*store_contact_fn)(const struct contact *c, void *arg);
/* Fetches contact id and audits the read by the transaction's actor (writer only). */
enum err store_contact_read(struct store_tx *tx, int64_t id, store_contact_fn fn, void *arg)
    MUST_CHECK;
/* Newest received first; *total_out gets the number of contacts. Audits the listing. */
enum err store_contact_list(struct store_tx *tx, int limit, int offset, int64_t *total_out,
                            store_contact_fn fn, void *arg) MUST_CHECK;

#endif
