/*
 * ratelimit: per-client limits on how often an unauthenticated caller may do something (the
 * public request-for-service form), as token buckets kept in memory and shared by the HTTP
 * threads under one mutex. Each limit is a policy (a name, a burst and a refill interval) and
 * each caller a key (its address); a bucket starts full, every request takes one token, and
 * one token comes back every interval. The limits are per process and are forgotten on
 * restart: it is a brake on floods and scripts, not an account of who sent what. It is not a
 * defence against many addresses at once (that belongs in front of the server).
 */
#ifndef FD_HTTP_RATELIMIT_H
#define FD_HTTP_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

/* At most this many addresses are tracked at once (a few MiB); see ratelimit_take. */
#define RATELIMIT_MAX_KEYS 100000
/* Longest key kept (an IPv6 address in text, with a policy prefix, fits). */
#define RATELIMIT_KEY_MAX 80

struct ratelimit;

struct ratelimit_policy {
    const char *name;    /* prefixed to keys, so policies never share a bucket; static */
    int burst;           /* tokens a full bucket holds (>= 1) */
    int64_t interval_ms; /* one token comes back every interval_ms (> 0) */
};

/* A limiter tracking at most max_keys buckets. Caller frees with ratelimit_free. */
struct ratelimit *ratelimit_new(size_t max_keys);
void ratelimit_free(struct ratelimit *rl);

/*
 * Takes one token from key's bucket under policy at now_ms (a monotonic clock in ms). Returns
 * 1 when allowed; 0 when the bucket is empty, with *retry_after_ms_out set to the wait until
 * a token is back (> 0). Thread-safe. When max_keys buckets are in use and none can be
 * forgotten, a new key is allowed without being tracked (it fails open: refusing would let
 * one flood shut the public form for everyone).
 */
int ratelimit_take(struct ratelimit *rl, const struct ratelimit_policy *policy, const char *key,
                   int64_t now_ms, int64_t *retry_after_ms_out);

/* Number of buckets tracked now (for tests). */
size_t ratelimit_size(struct ratelimit *rl);

#endif
