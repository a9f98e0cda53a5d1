/*
 * ratelimit: token buckets in the GCRA form (the "generic cell rate algorithm" of ATM
 * networks): a bucket is one number, the theoretical arrival time (tat) at which it will be
 * full again. A request at now is allowed when now >= tat - (burst - 1) * interval, and then
 * moves tat on by one interval. A bucket whose tat has passed is full and is the same as no
 * bucket at all, so it can be forgotten: that is how the table stays small.
 */
#include "http/ratelimit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

/* Between two sweeps of the whole table when it is full, so a flood costs O(n) at most once a
 * second rather than on every request. */
#define SWEEP_EVERY_MS 1000

struct entry {
    struct entry *next;
    int64_t tat; /* ms on the caller's monotonic clock */
    char key[RATELIMIT_KEY_MAX];
};

struct ratelimit {
    pthread_mutex_t lock;
    struct entry **slots;
    size_t n_slots; /* a power of two */
    size_t n_keys, max_keys;
    int64_t next_sweep_ms;
};

struct ratelimit *ratelimit_new(size_t max_keys)
{
    struct ratelimit *rl = xcalloc(1, sizeof(*rl));
    pthread_mutex_init(&rl->lock, NULL);
    rl->max_keys = max_keys ? max_keys : 1;
    rl->n_slots = 64;
    while (rl->n_slots < rl->max_keys / 2 && rl->n_slots < (1u << 20))
        rl->n_slots <<= 1;
    rl->slots = xcalloc(rl->n_slots, sizeof(*rl->slots));
    return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
    if (!rl)
        return;
    for (size_t i = 0; i < rl->n_slots; i++) {
        struct entry *e = rl->slots[i];
        while (e) {
            struct entry *next = e->next;
            free(e);
            e = next;
        }
    }
    free(rl->slots);
    pthread_mutex_destroy(&rl->lock);
    free(rl);
}

/* FNV-1a: keys are short and not chosen against us in a way that matters (a collision costs a
 * longer chain, not a wrong answer). */
static size_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return (size_t)h;
}

/* Forgets every full bucket (tat in the past). Called with the lock held. */
static void sweep(struct ratelimit *rl, int64_t now_ms)
{
    for (size_t i = 0; i < rl->n_slots; i++) {
        struct entry **link = &rl->slots[i];
        while (*link) {
            struct entry *e = *link;
            if (e->tat <= now_ms) {
                *link = e->next;
                free(e);
                rl->n_keys--;
            } else {
                link = &e->next;
            }
        }
    }
}

int ratelimit_take(struct ratelimit *rl, const struct ratelimit_policy *policy, const char *key,
                   int64_t now_ms, int64_t *retry_after_ms_out)
{
    char full[RATELIMIT_KEY_MAX];
    snprintf(full, sizeof(full), "%s|%s", policy->name, key);
    int64_t interval = policy->interval_ms > 0 ? policy->interval_ms : 1;
    int64_t tolerance = (int64_t)(policy->burst > 1 ? policy->burst - 1 : 0) * interval;
    int allowed = 1;
    *retry_after_ms_out = 0;

    pthread_mutex_lock(&rl->lock);
    size_t slot = hash(full) & (rl->n_slots - 1);
    struct entry *e = rl->slots[slot];
    while (e && strcmp(e->key, full) != 0)
        e = e->next;
    if (!e) {
        if (rl->n_keys >= rl->max_keys && now_ms >= rl->next_sweep_ms) {
            sweep(rl, now_ms);
            rl->next_sweep_ms = now_ms + SWEEP_EVERY_MS;
        }
        if (rl->n_keys < rl->max_keys) {
            e = xcalloc(1, sizeof(*e));
            memcpy(e->key, full, sizeof(e->key));
            e->tat = now_ms;
            e->next = rl->slots[slot];
            rl->slots[slot] = e;
            rl->n_keys++;
        }
    }
    if (e) {
        int64_t tat = e->tat > now_ms ? e->tat : now_ms;
        if (now_ms < tat - tolerance) {
            allowed = 0;
            *retry_after_ms_out = tat - tolerance - now_ms;
        } else {
            e->tat = tat + interval;
        }
    }
    pthread_mutex_unlock(&rl->lock);
    return allowed;
}

size_t ratelimit_size(struct ratelimit *rl)
{
    pthread_mutex_lock(&rl->lock);
    size_t n = rl->n_keys;
    pthread_mutex_unlock(&rl->lock);
    return n;
}
