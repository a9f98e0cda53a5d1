/* core: buffers, arenas, the worker pool and error naming. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/workpool.h"

static void test_buf(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    assert_string_equal(b.data, "");
    for (int i = 0; i < 1000; i++)
        buf_addf(&b, "%d,", i);
    assert_int_equal(b.len, strlen(b.data));
    assert_memory_equal(b.data, "0,1,2,", 6);
    buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    buf_adds(&b, "x");
    size_t len;
    char *p = buf_detach(&b, &len);
    assert_string_equal(p, "x");
    assert_int_equal(len, 1);
    assert_string_equal(b.data, "");
    free(p);
    buf_release(&b);
}

static void test_arena(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    char *s = arena_strdup(&a, "hello");
    assert_string_equal(s, "hello");
    void *big = arena_alloc(&a, 100000);
    assert_non_null(big);
    for (int i = 0; i < 1000; i++) {
        long *p = arena_alloc(&a, sizeof(long) * 3);
        assert_true(((uintptr_t)p % _Alignof(max_align_t)) == 0);
        assert_int_equal(p[0] | p[1] | p[2], 0);
    }
    assert_null(arena_strdup(&a, NULL));
    arena_release(&a);
}

static atomic_int ran;
static void job(void *arg)
{
    (void)arg;
    atomic_fetch_add(&ran, 1);
}

static void test_workpool_runs_everything(void **state)
{
    (void)state;
    struct workpool *p = workpool_new(3);
    for (int i = 0; i < 500; i++)
        workpool_run(p, job, NULL);
    workpool_free(p); /* drains before stopping */
    assert_int_equal(atomic_load(&ran), 500);
}

static void test_err(void **state)
{
    (void)state;
    struct err_info info;
    assert_int_equal(err_set(&info, E_INVALID, "summary", "enter %s", "a summary"), E_INVALID);
    assert_string_equal(info.field, "summary");
    assert_string_equal(info.message, "enter a summary");
    assert_string_equal(err_name(E_NOTFOUND), "not_found");
    assert_int_equal(err_set(NULL, E_DB, NULL, "x"), E_DB);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf),
        cmocka_unit_test(test_arena),
        cmocka_unit_test(test_workpool_runs_everything),
        cmocka_unit_test(test_err),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
