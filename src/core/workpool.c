/*
 * workpool: mutex-and-condition-variable job queue.
 */
#include "core/workpool.h"

#include <pthread.h>
#include <stdlib.h>

#include "core/xalloc.h"

struct job {
    void (*fn)(void *arg);
    void *arg;
    struct job *next;
};

struct workpool {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    struct job *head, *tail;
    int stopping;
    int n_threads;
    pthread_t *threads;
};

static void *worker_main(void *arg)
{
    struct workpool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        while (!p->head && !p->stopping)
            pthread_cond_wait(&p->wake, &p->lock);
        struct job *j = p->head;
        if (j) {
            p->head = j->next;
            if (!p->head)
                p->tail = NULL;
        }
        pthread_mutex_unlock(&p->lock);
        if (!j)
            return NULL; /* stopping and drained */
        j->fn(j->arg);
        free(j);
    }
}

struct workpool *workpool_new(int n_threads)
{
    struct workpool *p = xcalloc(1, sizeof(*p));
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->wake, NULL);
    p->threads = xcalloc((size_t)n_threads, sizeof(*p->threads));
    for (int i = 0; i < n_threads; i++)
        if (pthread_create(&p->threads[i], NULL, worker_main, p) == 0)
            p->n_threads++;
    if (p->n_threads == 0)
        abort(); /* no thread at all: nothing can run */
    return p;
}

void workpool_free(struct workpool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->stopping = 1;
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->lock);
    for (int i = 0; i < p->n_threads; i++)
        pthread_join(p->threads[i], NULL);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->wake);
    free(p->threads);
    free(p);
}

void workpool_run(struct workpool *p, void (*fn)(void *arg), void *arg)
{
    struct job *j = xcalloc(1, sizeof(*j));
    j->fn = fn;
    j->arg = arg;
    pthread_mutex_lock(&p->lock);
    if (p->tail)
        p->tail->next = j;
    else
        p->head = j;
    p->tail = j;
    pthread_cond_signal(&p->wake);
    pthread_mutex_unlock(&p->lock);
}
