/*
 * store_watch: noticing that the writer changed rows of a table, so a background worker can
 * wake up (the scheduler when clocks change, the mailer when a message is queued). It hooks
 * the writer connection's row changes (SQLite's update hook), installed from inside a write so
 * it runs on the writer thread. The hook only notes the table; the targets are called there
 * once the batch has committed (not when it rolled back), before its requests are answered, so
 * a worker woken may look on a read connection and see the change. The callback must only
 * signal (set a flag, wake a thread). Changes made by another process (the CLI) are not seen:
 * workers also look again after a bounded sleep. One watch at a time per store. It carries no
 * row data.
 */
#ifndef FD_STORE_STORE_WATCH_H
#define FD_STORE_STORE_WATCH_H

#include <stddef.h>

#include "core/err.h"
#include "store/store.h"

struct store_watch_target {
    const char *table;     /* static string */
    void (*fn)(void *arg); /* called on the writer thread; must not block or use the store */
    void *arg;
};

enum { STORE_WATCH_MAX = 4 };

struct store_watch;

/* Starts calling each target's fn when its table changes. targets (n <= STORE_WATCH_MAX) are
 * copied. *out is owned by the caller: store_watch_stop. */
enum err store_watch_start(struct store *s, const struct store_watch_target *targets, size_t n,
                           struct store_watch **out) MUST_CHECK;
/* Removes the hook and frees w. NULL is a no-op. */
void store_watch_stop(struct store_watch *w);

#endif
