/* Per-address token buckets: burst, refill, Retry-After, separate keys and policies, the size
 * bound, and many threads taking from one bucket. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>

#include "http/ratelimit.h"

#define MINUTE 60000LL
/* 5 per 10 minutes: a burst of 5, one token back every 2 minutes */
static const struct ratelimit_policy form = {"form", 5, 2 * MINUTE};
static const struct ratelimit_policy other = {"other", 1, MINUTE};

static void test_burst_then_refused(void **state)
{
    (void)state;
    struct ratelimit *rl = ratelimit_new(100);
    int64_t retry = -1, now = 1000000;
    for (int i = 0; i < 5; i++) {
        assert_int_equal(ratelimit_take(rl, &form, "192.0.2.1", now + i, &retry), 1);
        assert_int_equal(retry, 0);
    }
    assert_int_equal(ratelimit_take(rl, &form, "192.0.2.1", now + 5, &retry), 0);
    /* the first of the five taken at `now` comes back two minutes after it */
    assert_int_equal(retry, 2 * MINUTE - 5);
    /* refusals do not take tokens: the wait does not grow */
    assert_int_equal(ratelimit_take(rl, &form, "192.0.2.1", now + 6, &retry), 0);
    assert_int_equal(retry, 2 * MINUTE - 6);
    ratelimit_free(rl);
}

static void test_refill_one_per_interval(void **state)
{
    (void)state;
    struct ratelimit *rl = ratelimit_new(100);
    int64_t retry, now = 5000000;
    for (int i = 0; i < 5; i++)
        assert_int_equal(ratelimit_take(rl, &form, "a", now, &retry), 1);
    assert_int_equal(ratelimit_take(rl, &form, "a", now + 2 * MINUTE - 1, &retry), 0);
    assert_int_equal(retry, 1);
    assert_int_equal(ratelimit_take(rl, &form, "a", now + 2 * MINUTE, &retry), 1);
    assert_int_equal(ratelimit_take(rl, &form, "a", now + 2 * MINUTE, &retry), 0);
    /* after the whole window the bucket is full again: five more */
    int allowed = 0;
    for (int i = 0; i < 10; i++)
        allowed += ratelimit_take(rl, &form, "a", now + 12 * MINUTE, &retry);
    assert_int_equal(allowed, 5);
    ratelimit_free(rl);
}

static void test_keys_and_policies_are_separate(void **state)
{
    (void)state;
    struct ratelimit *rl = ratelimit_new(100);
    int64_t retry;
    assert_int_equal(ratelimit_take(rl, &other, "a", 0, &retry), 1);
    assert_int_equal(ratelimit_take(rl, &other, "a", 1, &retry), 0);
    assert_int_equal(retry, MINUTE - 1);
    assert_int_equal(ratelimit_take(rl, &other, "b", 1, &retry), 1);
    assert_int_equal(ratelimit_take(rl, &form, "a", 1, &retry), 1);
    assert_int_equal(ratelimit_size(rl), 3);
    ratelimit_free(rl);
}

static void test_bounded_size(void **state)
{
    (void)state;
    struct ratelimit *rl = ratelimit_new(4);
    int64_t retry;
    char key[32];
    for (int i = 0; i < 4; i++) {
        snprintf(key, sizeof(key), "k%d", i);
        assert_int_equal(ratelimit_take(rl, &other, key, 0, &retry), 1);
    }
    assert_int_equal(ratelimit_size(rl), 4);
    /* full, and no bucket has refilled: a new key is let through untracked */
    assert_int_equal(ratelimit_take(rl, &other, "new", 10, &retry), 1);
    assert_int_equal(ratelimit_take(rl, &other, "new", 11, &retry), 1);
    assert_int_equal(ratelimit_size(rl), 4);
    /* a known key is still limited */
    assert_int_equal(ratelimit_take(rl, &other, "k0", 12, &retry), 0);
    /* once the buckets have refilled they are forgotten and the newcomer is tracked */
    assert_int_equal(ratelimit_take(rl, &other, "new", 2 * MINUTE, &retry), 1);
    assert_int_equal(ratelimit_size(rl), 1);
    assert_int_equal(ratelimit_take(rl, &other, "new", 2 * MINUTE + 1, &retry), 0);
    ratelimit_free(rl);
}

struct worker {
    struct ratelimit *rl;
    int allowed;
};

static void *take_many(void *arg)
{
    struct worker *w = arg;
    for (int i = 0; i < 1000; i++) {
        int64_t retry;
        w->allowed += ratelimit_take(w->rl, &form, "shared", 42, &retry);
    }
    return NULL;
}

static void test_threads_share_one_bucket(void **state)
{
    (void)state;
    struct ratelimit *rl = ratelimit_new(100);
    struct worker w[4];
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (struct worker){rl, 0};
        assert_int_equal(pthread_create(&t[i], NULL, take_many, &w[i]), 0);
    }
    int total = 0;
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        total += w[i].allowed;
    }
    assert_int_equal(total, 5);
    ratelimit_free(rl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_burst_then_refused),
        cmocka_unit_test(test_refill_one_per_interval),
        cmocka_unit_test(test_keys_and_policies_are_separate),
        cmocka_unit_test(test_bounded_size),
        cmocka_unit_test(test_threads_share_one_bucket),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
