/*
 * scheduler: the thread that makes clocks happen on time (issue 5). It sleeps until the
 * earliest instant any clock needs attention (one read of the next_at index) and then asks the
 * writer to run store_clock_tick, which warns, marks breaches and takes escalation steps with
 * their messages, in one transaction. It wakes early when the writer changes the clocks table
 * (scheduler_wake, from store/store_watch), since a new clock may be due sooner, and in any case
 * after an idle limit, which also covers clocks written by another process. It is not the rules
 * (domain/deadline, domain/escalation) nor the queries (store/store_clock).
 *
 * It also owns frontdoor's idea of "now" for deadlines: the wall clock, or, when started with a
 * test clock, the wall clock plus an offset that scheduler_advance moves forward, so tests can
 * watch a 30-minute deadline pass in a second. A test clock never runs in production by chance:
 * it must be asked for (frontdoor serve with FRONTDOOR_TEST_CLOCK=1) and says so in the log.
 */
#ifndef FD_STORE_SCHEDULER_H
#define FD_STORE_SCHEDULER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"
#include "store/store_clock.h"

struct scheduler_options {
    bool test_clock; /* allow scheduler_advance */
    int batch;       /* clocks per transaction; 0 means 256 */
    int64_t idle_ms; /* longest sleep; 0 means 60 s */
};

struct scheduler;

/* Starts the thread on store s (borrowed until scheduler_stop). *out owned by the caller. */
enum err scheduler_start(struct store *s, const struct scheduler_options *o,
                         struct scheduler **out) MUST_CHECK;
/* Stops the thread (finishing a tick in progress) and frees sc. NULL is a no-op. */
void scheduler_stop(struct scheduler *sc);

/* Wakes the thread to look again at the earliest clock. Callable from any thread, including the
 * writer inside a transaction (it only signals). arg is the struct scheduler. */
void scheduler_wake(void *arg);

/* Now, for deadlines: UTC ms, plus the test clock's offset when there is one. sc may be NULL
 * (the wall clock). */
int64_t scheduler_now(struct scheduler *sc);
/* Whether the test clock is on. */
bool scheduler_has_test_clock(struct scheduler *sc);
/* Moves the test clock forward by ms (>= 0) and then runs every tick now due, on the calling
 * thread, before returning (so a caller sees the consequences). E_DENIED without a test clock.
 * *total_out (may be NULL) sums what the ticks did. Blocks on the writer: call it from a
 * thread that may wait (not an HTTP thread). */
enum err scheduler_advance(struct scheduler *sc, int64_t ms,
                           struct store_clock_tick *total_out) MUST_CHECK;
/* Runs every tick now due on the calling thread (blocks on the writer). */
enum err scheduler_run_due(struct scheduler *sc, struct store_clock_tick *total_out) MUST_CHECK;

#endif
