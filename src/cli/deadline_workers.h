/*
 * deadline_workers: the background threads `frontdoor serve` runs for deadlines (issue 5) —
 * the clock scheduler (store/scheduler), the email mailer (store/mailer, when
 * FRONTDOOR_SMTP_URL is set) and the store watch that wakes them when clocks or the outbox
 * change (store/store_watch) — started and stopped together, in the right order. It holds no
 * rules; it is the wiring, kept out of cmd_serve so that stays short.
 */
#ifndef FD_CLI_DEADLINE_WORKERS_H
#define FD_CLI_DEADLINE_WORKERS_H

#include "core/err.h"
#include "store/store.h"

struct deadline_workers;
struct scheduler;

/* Starts them on store s (borrowed until deadline_workers_stop). The test clock is on when
 * FRONTDOOR_TEST_CLOCK=1. E_INVALID with info when the mail settings cannot be used. */
enum err deadline_workers_start(struct store *s, struct deadline_workers **out,
                                struct err_info *info) MUST_CHECK;
/* The scheduler, for struct app (borrowed until deadline_workers_stop). */
struct scheduler *deadline_workers_scheduler(struct deadline_workers *w);
/* Stops the watch, then the mailer and the scheduler, and frees w. NULL is a no-op. */
void deadline_workers_stop(struct deadline_workers *w);

#endif
