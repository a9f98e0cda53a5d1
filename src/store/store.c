/*
 * store: lifecycle, the group-commit writer and the read pool.
 *
 * Why one writer: a durable commit (fsync) costs ~200 µs, far more than the work of a request,
 * so throughput is decided by how many requests share a commit. The writer takes everything
 * queued, runs each piece in its own SAVEPOINT inside one transaction (a failing piece rolls
 * back alone), commits once, then reports to each. Idle, a lone request commits at once. With
 * one writer the audit chain's order is the commit order; the chain head is re-read under the
 * write lock at the start of each batch, so another process (the CLI) writing the same file
 * cannot fork the chain.
 */
#include "store/store.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/timefmt.h"
#include "core/xalloc.h"
#include "store/db.h"
#include "store/migrate.h"

struct intent {
    store_apply_fn apply;
    store_done_fn done;
    void *arg;
    struct intent *next;
};

struct store {
    char *path;
    int schema_version;
    int max_batch;

    struct db_conn writer;
    pthread_t writer_thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    struct intent *head, *tail;
    int stopping;

    pthread_mutex_t read_lock;
    pthread_cond_t read_free;
    int n_readers;
    struct db_conn *readers;
    int *reader_busy;

    pthread_mutex_t stats_lock;
    struct store_stats stats;

    /* called by the writer after each batch (store_tx_set_after_batch); writer thread only */
    void (*after_batch)(void *arg, bool committed);
    void *after_batch_arg;
};

const int64_t store_commit_bucket_us[STORE_COMMIT_BUCKETS] = {100,  250,   500,   1000,  2500,
                                                              5000, 10000, 25000, 50000, 100000};

void store_tx_set_after_batch(struct store_tx *tx, void (*fn)(void *arg, bool committed), void *arg)
{
    tx->store->after_batch = fn;
    tx->store->after_batch_arg = arg;
}

void store_tx_set_actor(struct store_tx *tx, int64_t user_id, const char *request_id)
{
    tx->user_id = user_id;
    tx->request_id = request_id ? request_id : "";
}

int64_t store_tx_now(struct store_tx *tx)
{
    return tx->now;
}

int store_schema_version(struct store *s)
{
    return s->schema_version;
}

static enum err load_audit_head(struct store_tx *tx)
{
    sqlite3_stmt *st = db_stmt(tx, "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1");
    if (!st)
        return E_DB;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        tx->audit_seq = sqlite3_column_int64(st, 0);
        snprintf(tx->audit_hash, sizeof(tx->audit_hash), "%s", db_col_text(st, 1));
    } else if (rc == SQLITE_DONE) {
        tx->audit_seq = 0;
        memcpy(tx->audit_hash, audit_genesis, sizeof(tx->audit_hash));
    } else {
        return db_err(rc);
    }
    sqlite3_reset(st);
    return E_OK;
}

static void record_commit(struct store *s, int64_t us, size_t n)
{
    pthread_mutex_lock(&s->stats_lock);
    s->stats.commits++;
    s->stats.intents += n;
    s->stats.commit_us_sum += (uint64_t)us;
    int b = 0;
    while (b < STORE_COMMIT_BUCKETS && us > store_commit_bucket_us[b])
        b++;
    s->stats.commit_bucket[b]++;
    pthread_mutex_unlock(&s->stats_lock);
}

void store_get_stats(struct store *s, struct store_stats *out)
{
    pthread_mutex_lock(&s->stats_lock);
    *out = s->stats;
    pthread_mutex_unlock(&s->stats_lock);
}

/* Runs one transaction-control statement through the statement cache: the writer issues
 * several per request and every read one BEGIN and one COMMIT, and parsing them each time
 * showed up in profiles. */
static enum err control(struct store_tx *tx, const char *sql)
{
    sqlite3_stmt *st = db_stmt(tx, sql);
    if (!st)
        return E_DB;
    enum err rc = db_step_done(st);
    sqlite3_reset(st);
    return rc;
}

/* Runs one batch: BEGIN, each intent in a savepoint, COMMIT. Fills results[i]. */
static enum err run_batch(struct store *s, struct intent **batch, size_t n, enum err *results)
{
    struct store_tx tx = {.store = s, .conn = &s->writer, .writable = 1, .request_id = ""};
    enum err rc = control(&tx, "BEGIN IMMEDIATE");
    if (rc)
        return rc;
    tx.now = timefmt_now_ms();
    rc = load_audit_head(&tx);
    if (rc)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        int64_t seq = tx.audit_seq;
        char hash[AUDIT_HASH_HEX];
        memcpy(hash, tx.audit_hash, sizeof(hash));
        tx.user_id = 0;
        tx.request_id = "";
        rc = control(&tx, "SAVEPOINT intent");
        if (rc)
            goto fail;
        results[i] = batch[i]->apply(&tx, batch[i]->arg);
        db_reset_all(&s->writer);
        if (results[i]) {
            rc = control(&tx, "ROLLBACK TO intent");
            if (rc)
                goto fail;
            tx.audit_seq = seq; /* its audit events went with it */
            memcpy(tx.audit_hash, hash, sizeof(hash));
        }
        rc = control(&tx, "RELEASE intent");
        if (rc)
            goto fail;
    }
    int64_t t0 = timefmt_mono_us();
    rc = control(&tx, "COMMIT");
    if (rc)
        goto fail;
    record_commit(s, timefmt_mono_us() - t0, n);
    return E_OK;
fail:
    db_reset_all(&s->writer);
    if (db_exec(&s->writer, "ROLLBACK"))
        log_error("could not roll back a failed batch");
    return rc;
}

static void *writer_main(void *arg)
{
    struct store *s = arg;
    struct intent **batch = xcalloc((size_t)s->max_batch, sizeof(*batch));
    enum err *results = xcalloc((size_t)s->max_batch, sizeof(*results));
    for (;;) {
        pthread_mutex_lock(&s->lock);
        while (!s->head && !s->stopping)
            pthread_cond_wait(&s->wake, &s->lock);
        if (!s->head && s->stopping) {
            pthread_mutex_unlock(&s->lock);
            break;
        }
        size_t n = 0;
        while (s->head && n < (size_t)s->max_batch) {
            batch[n++] = s->head;
            s->head = s->head->next;
        }
        if (!s->head)
            s->tail = NULL;
        pthread_mutex_unlock(&s->lock);

        enum err rc = E_BUSY;
        /* the busy timeout already waited; a few more tries cover a long CLI transaction */
        for (int attempt = 0; attempt < 3 && rc == E_BUSY; attempt++)
            rc = run_batch(s, batch, n, results);
        if (s->after_batch) /* before the requests hear back: a worker it wakes sees the commit */
            s->after_batch(s->after_batch_arg, rc == E_OK);
        for (size_t i = 0; i < n; i++) {
            struct intent *it = batch[i];
            enum err r = rc ? rc : results[i];
            if (it->done)
                it->done(it->arg, r);
            free(it);
        }
    }
    free(batch);
    free(results);
    return NULL;
}

void store_submit(struct store *s, store_apply_fn apply, void *arg, store_done_fn done)
{
    struct intent *it = xcalloc(1, sizeof(*it));
    it->apply = apply;
    it->arg = arg;
    it->done = done;
    pthread_mutex_lock(&s->lock);
    if (s->tail)
        s->tail->next = it;
    else
        s->head = it;
    s->tail = it;
    pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->lock);
}

struct sync_wait {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int finished;
    enum err rc;
};

static void sync_done(void *arg, enum err rc)
{
    struct sync_wait *w = arg;
    pthread_mutex_lock(&w->lock);
    w->rc = rc;
    w->finished = 1;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

struct sync_call {
    store_apply_fn apply;
    void *arg;
    struct sync_wait wait;
};

static enum err sync_apply(struct store_tx *tx, void *arg)
{
    struct sync_call *c = arg;
    return c->apply(tx, c->arg);
}

static void sync_call_done(void *arg, enum err rc)
{
    struct sync_call *c = arg;
    sync_done(&c->wait, rc);
}

enum err store_write(struct store *s, store_apply_fn apply, void *arg)
{
    struct sync_call c = {.apply = apply, .arg = arg};
    pthread_mutex_init(&c.wait.lock, NULL);
    pthread_cond_init(&c.wait.cond, NULL);
    store_submit(s, sync_apply, &c, sync_call_done);
    pthread_mutex_lock(&c.wait.lock);
    while (!c.wait.finished)
        pthread_cond_wait(&c.wait.cond, &c.wait.lock);
    pthread_mutex_unlock(&c.wait.lock);
    pthread_mutex_destroy(&c.wait.lock);
    pthread_cond_destroy(&c.wait.cond);
    return c.wait.rc;
}

enum err store_read(struct store *s, store_apply_fn fn, void *arg)
{
    pthread_mutex_lock(&s->read_lock);
    int idx = -1;
    for (;;) {
        for (int i = 0; i < s->n_readers && idx < 0; i++)
            if (!s->reader_busy[i])
                idx = i;
        if (idx >= 0)
            break;
        pthread_cond_wait(&s->read_free, &s->read_lock);
    }
    s->reader_busy[idx] = 1;
    pthread_mutex_unlock(&s->read_lock);

    struct store_tx tx = {.store = s, .conn = &s->readers[idx], .request_id = ""};
    tx.now = timefmt_now_ms();
    enum err rc = control(&tx, "BEGIN");
    if (!rc) {
        rc = fn(&tx, arg);
        db_reset_all(tx.conn);
        if (control(&tx, "COMMIT"))
            log_error("could not end a read transaction");
    }

    pthread_mutex_lock(&s->read_lock);
    s->reader_busy[idx] = 0;
    pthread_cond_signal(&s->read_free);
    pthread_mutex_unlock(&s->read_lock);
    return rc;
}

static enum err ping(struct store_tx *tx, void *arg)
{
    (void)arg;
    sqlite3_stmt *st = db_stmt(tx, "SELECT 1");
    if (!st)
        return E_DB;
    return sqlite3_step(st) == SQLITE_ROW ? E_OK : E_DB;
}

enum err store_ping(struct store *s)
{
    return store_read(s, ping, NULL);
}

enum err store_open(const char *path, const struct store_options *opt, struct store **out,
                    struct err_info *info)
{
    struct store *s = xcalloc(1, sizeof(*s));
    s->path = xstrdup(path);
    s->n_readers = opt && opt->n_readers > 0 ? opt->n_readers : 4;
    s->max_batch = opt && opt->max_batch > 0 ? opt->max_batch : 256;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->wake, NULL);
    pthread_mutex_init(&s->read_lock, NULL);
    pthread_cond_init(&s->read_free, NULL);
    pthread_mutex_init(&s->stats_lock, NULL);

    enum err rc = db_conn_open(&s->writer, path, 0, info);
    if (!rc)
        rc = migrate_apply(&s->writer, &s->schema_version, info);
    if (rc)
        goto fail;
    s->readers = xcalloc((size_t)s->n_readers, sizeof(*s->readers));
    s->reader_busy = xcalloc((size_t)s->n_readers, sizeof(*s->reader_busy));
    for (int i = 0; i < s->n_readers; i++) {
        rc = db_conn_open(&s->readers[i], path, 1, info);
        if (rc)
            goto fail;
    }
    if (pthread_create(&s->writer_thread, NULL, writer_main, s) != 0) {
        rc = err_set(info, E_IO, "", "could not start the writer thread");
        goto fail;
    }
    *out = s;
    return E_OK;
fail:
    for (int i = 0; s->readers && i < s->n_readers; i++)
        db_conn_close(&s->readers[i]);
    db_conn_close(&s->writer);
    free(s->readers);
    free(s->reader_busy);
    free(s->path);
    free(s);
    return rc;
}

void store_close(struct store *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    s->stopping = 1;
    pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->writer_thread, NULL);
    for (int i = 0; i < s->n_readers; i++)
        db_conn_close(&s->readers[i]);
    /* a clean close checkpoints the WAL into the main file */
    db_conn_close(&s->writer);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->wake);
    pthread_mutex_destroy(&s->read_lock);
    pthread_cond_destroy(&s->read_free);
    pthread_mutex_destroy(&s->stats_lock);
    free(s->readers);
    free(s->reader_busy);
    free(s->path);
    free(s);
}
