/*
 * scheduler: one thread, one condition variable. The thread holds the instant it means to wake
 * at (the earliest next_at the last tick reported, or now + idle); scheduler_wake (called once
 * a change to clocks has committed, store_watch) sets a flag and signals. Woken so, the thread
 * first reads the earliest next_at on a read connection and only runs a tick through the
 * writer when something is due — a new contact starts a clock due hours away, and should not
 * cost the writer a second transaction. Waits use the monotonic clock, so neither a change of the system
 * time nor the test clock's offset confuses a sleep; the offset is re-read on every wake.
 */
#include "store/scheduler.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/timefmt.h"
#include "core/xalloc.h"
#include "store/store_clock.h"

struct scheduler {
    struct store *store;
    int batch;
    int64_t idle_ms;
    bool test_clock;

    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool stopping;
    bool poked;          /* a change happened: tick at once */
    int64_t offset_ms;   /* test clock */
    pthread_mutex_t run; /* one tick loop at a time (the thread, or scheduler_advance) */
};

int64_t scheduler_now(struct scheduler *sc)
{
    int64_t now = timefmt_now_ms();
    if (!sc || !sc->test_clock)
        return now;
    pthread_mutex_lock(&sc->lock);
    now += sc->offset_ms;
    pthread_mutex_unlock(&sc->lock);
    return now;
}

bool scheduler_has_test_clock(struct scheduler *sc)
{
    return sc && sc->test_clock;
}

void scheduler_wake(void *arg)
{
    struct scheduler *sc = arg;
    pthread_mutex_lock(&sc->lock);
    sc->poked = true;
    pthread_cond_signal(&sc->cond);
    pthread_mutex_unlock(&sc->lock);
}

struct tick_arg {
    int64_t now;
    int batch;
    struct store_clock_tick result;
};

static enum err tick_apply(struct store_tx *tx, void *arg)
{
    struct tick_arg *t = arg;
    return store_clock_tick(tx, t->now, t->batch, &t->result);
}

/* Ticks until nothing is due now; *next_out gets the next instant (0: none). */
static enum err run_due(struct scheduler *sc, struct store_clock_tick *total, int64_t *next_out)
{
    enum err rc = E_OK;
    pthread_mutex_lock(&sc->run);
    for (int round = 0; round < 100000; round++) {
        struct tick_arg t = {.now = scheduler_now(sc), .batch = sc->batch};
        rc = store_write(sc->store, tick_apply, &t);
        if (rc)
            break;
        if (total) {
            total->n_clocks += t.result.n_clocks;
            total->n_warned += t.result.n_warned;
            total->n_breached += t.result.n_breached;
            total->n_told += t.result.n_told;
        }
        if (t.result.n_clocks || t.result.n_breached)
            log_info("deadlines: %d clocks looked at, %d warned, %d missed, %d told",
                     t.result.n_clocks, t.result.n_warned, t.result.n_breached, t.result.n_told);
        *next_out = t.result.next_at;
        if (!t.result.more)
            break;
    }
    pthread_mutex_unlock(&sc->run);
    return rc;
}

enum err scheduler_run_due(struct scheduler *sc, struct store_clock_tick *total_out)
{
    struct store_clock_tick total;
    memset(&total, 0, sizeof(total));
    int64_t next = 0;
    enum err rc = run_due(sc, &total, &next);
    if (total_out)
        *total_out = total;
    scheduler_wake(sc); /* let the thread pick up the new next instant */
    return rc;
}

enum err scheduler_advance(struct scheduler *sc, int64_t ms, struct store_clock_tick *total_out)
{
    if (!sc || !sc->test_clock)
        return E_DENIED;
    if (ms < 0)
        return E_INVALID;
    pthread_mutex_lock(&sc->lock);
    sc->offset_ms += ms;
    pthread_mutex_unlock(&sc->lock);
    log_warn("test clock moved on %lld ms", (long long)ms);
    return scheduler_run_due(sc, total_out);
}

/* Waits until wake_at (in scheduler time), a poke, or stop; sc->lock is held. */
static void wait_until(struct scheduler *sc, int64_t wake_at)
{
    int64_t delay = wake_at - (timefmt_now_ms() + (sc->test_clock ? sc->offset_ms : 0));
    if (delay > sc->idle_ms)
        delay = sc->idle_ms;
    if (delay <= 0)
        return;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    int64_t ns = (int64_t)ts.tv_nsec + (delay % 1000) * 1000000;
    ts.tv_sec += (time_t)(delay / 1000 + ns / 1000000000);
    ts.tv_nsec = (long)(ns % 1000000000);
    while (!sc->stopping && !sc->poked)
        if (pthread_cond_timedwait(&sc->cond, &sc->lock, &ts) != 0)
            break;
}

static enum err next_apply(struct store_tx *tx, void *arg)
{
    return store_clock_next_at(tx, arg);
}

/* After a poke: when nothing is due yet, the earliest next instant (0: none) into *next_out
 * and true — read on a read connection, so a change that starts a clock (every new contact)
 * does not cost the writer a second transaction. False when a tick must run now. */
static bool nothing_due(struct scheduler *sc, int64_t *next_out)
{
    int64_t next = 0;
    if (store_read(sc->store, next_apply, &next) != E_OK)
        return false; /* let the tick find out, and report it */
    if (next && next <= scheduler_now(sc))
        return false;
    *next_out = next;
    return true;
}

static void *scheduler_main(void *arg)
{
    struct scheduler *sc = arg;
    int64_t wake_at = 0; /* at once: catch up on anything due while we were down */
    for (;;) {
        pthread_mutex_lock(&sc->lock);
        bool woken = sc->poked; /* by a change, not by the time it waited for */
        if (!sc->poked && !sc->stopping) {
            wait_until(sc, wake_at);
            woken = sc->poked;
        }
        bool stop = sc->stopping;
        sc->poked = false;
        pthread_mutex_unlock(&sc->lock);
        if (stop)
            break;
        int64_t next = 0;
        if (woken && nothing_due(sc, &next)) {
            wake_at = next ? next : scheduler_now(sc) + sc->idle_ms;
            continue;
        }
        enum err rc = run_due(sc, NULL, &next);
        int64_t now = scheduler_now(sc);
        if (rc) {
            log_error("deadlines: the scheduler's tick failed (%s); trying again in 5 s",
                      err_name(rc));
            wake_at = now + 5000;
        } else {
            wake_at = next ? next : now + sc->idle_ms;
        }
    }
    return NULL;
}

enum err scheduler_start(struct store *s, const struct scheduler_options *o, struct scheduler **out)
{
    struct scheduler *sc = xcalloc(1, sizeof(*sc));
    sc->store = s;
    sc->batch = o && o->batch > 0 ? o->batch : 256;
    sc->idle_ms = o && o->idle_ms > 0 ? o->idle_ms : 60000;
    sc->test_clock = o && o->test_clock;
    pthread_mutex_init(&sc->lock, NULL);
    pthread_mutex_init(&sc->run, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&sc->cond, &attr);
    pthread_condattr_destroy(&attr);
    if (sc->test_clock)
        log_warn("deadlines: TEST CLOCK ON (FRONTDOOR_TEST_CLOCK): time can be moved on through "
                 "the API; never use this in service");
    if (pthread_create(&sc->thread, NULL, scheduler_main, sc) != 0) {
        pthread_cond_destroy(&sc->cond);
        pthread_mutex_destroy(&sc->lock);
        pthread_mutex_destroy(&sc->run);
        free(sc);
        return E_IO;
    }
    *out = sc;
    return E_OK;
}

void scheduler_stop(struct scheduler *sc)
{
    if (!sc)
        return;
    pthread_mutex_lock(&sc->lock);
    sc->stopping = true;
    pthread_cond_signal(&sc->cond);
    pthread_mutex_unlock(&sc->lock);
    pthread_join(sc->thread, NULL);
    pthread_cond_destroy(&sc->cond);
    pthread_mutex_destroy(&sc->lock);
    pthread_mutex_destroy(&sc->run);
    free(sc);
}
