/*
 * workpool: a fixed set of threads running queued jobs, for work too slow for the HTTP event
 * loop (argon2id password checks take tens of milliseconds by design). Not a scheduler:
 * jobs run in arrival order.
 */
#ifndef FD_CORE_WORKPOOL_H
#define FD_CORE_WORKPOOL_H

struct workpool;

/* Starts n threads. Caller frees with workpool_free. */
struct workpool *workpool_new(int n_threads);
/* Runs every queued job, then stops the threads and frees the pool. NULL is a no-op. */
void workpool_free(struct workpool *p);
/* Queues fn(arg); arg is borrowed until fn returns. */
void workpool_run(struct workpool *p, void (*fn)(void *arg), void *arg);

#endif
