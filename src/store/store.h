/*
 * store: the database behind frontdoor, seen from above. It hides which engine runs (SQLite
 * now, PostgreSQL later) and how writes are committed: every write goes through one writer
 * thread that commits whatever is queued in one transaction (group commit), each piece of work
 * in its own savepoint, with its audit events in the same transaction. Reads run on a pool of
 * read-only connections. The per-entity queries are in store/store_<entity>.h.
 */
#ifndef FD_STORE_STORE_H
#define FD_STORE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct store;
struct store_tx; /* a transaction in progress: valid only inside an apply function */

/* Work to run inside a transaction. Returning non-zero rolls back this work alone. */
typedef enum err (*store_apply_fn)(struct store_tx *tx, void *arg);
/* Called once the work's transaction committed (rc E_OK) or failed. Runs on the writer
 * thread: it must be quick and must not call back into the store. */
typedef void (*store_done_fn)(void *arg, enum err rc);

struct store_options {
    int n_readers;     /* read connections; 0 means 4 */
    int max_batch;     /* most pieces of work in one commit; 0 means 256 */
};

/* Opens (creating if need be) the database at path, applies pending migrations, starts the
 * writer. *out is owned by the caller: store_close frees it. */
enum err store_open(const char *path, const struct store_options *opt, struct store **out,
                    struct err_info *info) MUST_CHECK;
/* Finishes queued work, stops the writer and closes every connection. NULL is a no-op. */
void store_close(struct store *s);

/* Queues apply(tx, arg) for the writer; done(arg, rc) follows the commit. done may be NULL
 * (fire and forget). arg is borrowed until done is called. */
void store_submit(struct store *s, store_apply_fn apply, void *arg, store_done_fn done);
/* Queues apply and waits for its commit; returns apply's error, or the commit's. */
enum err store_write(struct store *s, store_apply_fn apply, void *arg) MUST_CHECK;
/* Runs fn in a read-only transaction on a read connection (a consistent snapshot). */
enum err store_read(struct store *s, store_apply_fn fn, void *arg) MUST_CHECK;
/* Cheap liveness check of the database: E_OK when a read succeeds. */
enum err store_ping(struct store *s) MUST_CHECK;

/* Applied schema version. */
int store_schema_version(struct store *s);

/* Commit statistics since open, for /metrics. Buckets are cumulative upper bounds in µs. */
#define STORE_COMMIT_BUCKETS 10
extern const int64_t store_commit_bucket_us[STORE_COMMIT_BUCKETS];
struct store_stats {
    uint64_t commits;
    uint64_t intents;
    uint64_t commit_us_sum;
    uint64_t commit_bucket[STORE_COMMIT_BUCKETS + 1]; /* last = +Inf */
};
void store_get_stats(struct store *s, struct store_stats *out);

/* The user whose request the current transaction serves, and its request id: used to fill
 * audit events. Borrowed for the transaction. */
void store_tx_set_actor(struct store_tx *tx, int64_t user_id, const char *request_id);
/* Has the writer call fn(arg, committed) after every batch from now on, once its COMMIT (or
 * rollback: committed false) is done and before the batch's requests are answered; NULL
 * stops it. Only from work run through store_write (the writer thread owns it). One at a time;
 * fn runs on the writer thread and must only signal. */
void store_tx_set_after_batch(struct store_tx *tx, void (*fn)(void *arg, bool committed),
                              void *arg);
/* Commit time of the current transaction's batch (UTC ms), fixed when the batch began. */
int64_t store_tx_now(struct store_tx *tx);

#endif
