/*
 * store_watch: an sqlite3_update_hook on the writer connection that calls the target of the
 * table a row changed in. The hook is set and cleared by work run through store_write, so it
 * is only ever touched on the writer thread, which owns the connection.
 */
#include "store/store_watch.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "store/db.h"

struct store_watch {
    struct store *store;
    size_t n;
    struct store_watch_target targets[STORE_WATCH_MAX];
    bool changed[STORE_WATCH_MAX]; /* in the batch being written; writer thread only */
};

/* During the transaction: only note which tables changed. */
static void on_change(void *arg, int op, const char *db, const char *table, sqlite3_int64 row)
{
    (void)op;
    (void)db;
    (void)row;
    struct store_watch *w = arg;
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(table, w->targets[i].table) == 0)
            w->changed[i] = true;
}

/* After the batch: wake the targets whose tables changed, once the change is committed (a
 * worker may then look on a read connection and see it). A rolled-back batch wakes nobody. */
static void after_batch(void *arg, bool committed)
{
    struct store_watch *w = arg;
    for (size_t i = 0; i < w->n; i++) {
        if (w->changed[i] && committed)
            w->targets[i].fn(w->targets[i].arg);
        w->changed[i] = false;
    }
}

static enum err install(struct store_tx *tx, void *arg)
{
    sqlite3_update_hook(tx->conn->db, on_change, arg);
    store_tx_set_after_batch(tx, after_batch, arg);
    return E_OK;
}

static enum err uninstall(struct store_tx *tx, void *arg)
{
    (void)arg;
    sqlite3_update_hook(tx->conn->db, NULL, NULL);
    store_tx_set_after_batch(tx, NULL, NULL);
    return E_OK;
}

enum err store_watch_start(struct store *s, const struct store_watch_target *targets, size_t n,
                           struct store_watch **out)
{
    if (n > STORE_WATCH_MAX)
        return E_INVALID;
    struct store_watch *w = xcalloc(1, sizeof(*w));
    w->store = s;
    w->n = n;
    memcpy(w->targets, targets, n * sizeof(*targets));
    enum err rc = store_write(s, install, w);
    if (rc) {
        free(w);
        return rc;
    }
    *out = w;
    return E_OK;
}

void store_watch_stop(struct store_watch *w)
{
    if (!w)
        return;
    if (store_write(w->store, uninstall, NULL))
        log_error("could not remove the store watch");
    free(w);
}
