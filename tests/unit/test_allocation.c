/* domain/allocation: validation, ends kept beside the record, and the W1 question "is worker X
 * allocated to this person, or is team T responsible for their assessment or review?" */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "domain/allocation.h"

#define HOUR (3600LL * 1000)
#define DAY (24 * HOUR)
static const int64_t NOW = 1795392000000LL; /* 2026-11-23T00:00:00Z */

static struct allocation alloc(int64_t id, int64_t person, int64_t worker, int64_t team,
                               enum allocation_kind kind, int64_t starts, int64_t ends)
{
    struct allocation a;
    memset(&a, 0, sizeof(a));
    a.id = id;
    a.person_id = person;
    a.worker_id = worker;
    a.team_id = team;
    a.kind = kind;
    a.starts_at = starts;
    a.ends_at = ends;
    return a;
}

static void test_validate(void **state)
{
    (void)state;
    struct err_info info;
    struct allocation a = alloc(0, 5, 3, 0, ALLOCATION_PERSONAL_ADVISER, NOW - DAY, 0);
    assert_int_equal(allocation_validate(&a, NOW, &info), E_OK);
    a.person_id = 0;
    assert_int_equal(allocation_validate(&a, NOW, &info), E_INVALID);
    assert_string_equal(info.field, "person_id");
    a.person_id = 5;
    a.worker_id = 0; /* a PA allocation needs a worker */
    assert_int_equal(allocation_validate(&a, NOW, &info), E_INVALID);
    assert_string_equal(info.field, "worker_id");
    a = alloc(0, 5, 0, 0, ALLOCATION_REVIEWING_TEAM, NOW, 0); /* a team kind needs a team */
    assert_int_equal(allocation_validate(&a, NOW, &info), E_INVALID);
    assert_string_equal(info.field, "team_id");
    a.team_id = 9;
    assert_int_equal(allocation_validate(&a, NOW, &info), E_OK);
    a.ends_at = a.starts_at; /* ends before it starts */
    assert_int_equal(allocation_validate(&a, NOW, &info), E_INVALID);
    assert_string_equal(info.field, "ends_at");
    a.ends_at = 0;
    a.starts_at = NOW + 400 * DAY;
    assert_int_equal(allocation_validate(&a, NOW, &info), E_INVALID);
    assert_string_equal(info.field, "starts_at");
    a.starts_at = NOW;
    a.kind = ALLOCATION_KIND_NONE;
    assert_int_equal(allocation_validate(&a, NOW, &info), E_INVALID);
    assert_string_equal(info.field, "kind");
    assert_int_equal(allocation_kind_parse("key_worker"), ALLOCATION_KEY_WORKER);
    assert_int_equal(allocation_kind_parse("pa"), ALLOCATION_KIND_NONE);
    assert_true(allocation_kind_is_worker(ALLOCATION_SOCIAL_WORKER));
    assert_false(allocation_kind_is_worker(ALLOCATION_ASSESSMENT_TEAM));
}

static void test_end_and_current(void **state)
{
    (void)state;
    struct err_info info;
    struct allocation a = alloc(1, 5, 3, 0, ALLOCATION_SOCIAL_WORKER, NOW - 10 * DAY, 0);
    assert_true(allocation_is_current(&a, NOW));
    assert_false(allocation_is_current(&a, NOW - 11 * DAY)); /* not started */
    assert_int_equal(allocation_end_validate(&a, NOW, "case closed", &info), E_OK);
    assert_int_equal(allocation_end_validate(&a, NOW, "  ", &info), E_INVALID);
    assert_string_equal(info.field, "reason");
    assert_int_equal(allocation_end_validate(&a, NOW - 11 * DAY, "x", &info), E_INVALID);
    assert_string_equal(info.field, "ended_at");
    /* once ended, it stops at the recorded end and cannot be ended again */
    a.ended_at = NOW - HOUR;
    assert_false(allocation_is_current(&a, NOW));
    assert_true(allocation_is_current(&a, NOW - 2 * HOUR));
    assert_false(allocation_is_current(&a, NOW - HOUR)); /* the end instant is outside */
    assert_int_equal(allocation_end_validate(&a, NOW, "again", &info), E_CONFLICT);
    /* a planned end earlier than the recorded one wins */
    a.ends_at = NOW - 2 * DAY;
    assert_int_equal(allocation_effective_end(&a), NOW - 2 * DAY);
    a.ended_at = 0;
    assert_int_equal(allocation_effective_end(&a), NOW - 2 * DAY);
}

static void test_overlaps(void **state)
{
    (void)state;
    struct allocation a = alloc(1, 5, 3, 0, ALLOCATION_PERSONAL_ADVISER, NOW - 10 * DAY, 0);
    struct allocation b = alloc(0, 5, 3, 0, ALLOCATION_PERSONAL_ADVISER, NOW, 0);
    assert_true(allocation_overlaps(&a, &b));
    a.ended_at = NOW; /* ended when the new one starts: no overlap */
    assert_false(allocation_overlaps(&a, &b));
    a.ended_at = 0;
    b.worker_id = 4; /* another PA */
    assert_false(allocation_overlaps(&a, &b));
    b.worker_id = 3;
    b.kind = ALLOCATION_KEY_WORKER; /* another kind */
    assert_false(allocation_overlaps(&a, &b));
    b.kind = ALLOCATION_PERSONAL_ADVISER;
    b.person_id = 6; /* another person */
    assert_false(allocation_overlaps(&a, &b));
}

static void test_check(void **state)
{
    (void)state;
    struct err_info info;
    struct allocation_verdict v;
    struct allocation all[] = {
        /* person 5: PA 3 in team 4 (current), old social worker 8 (ended), reviewing team 9 */
        alloc(1, 5, 3, 4, ALLOCATION_PERSONAL_ADVISER, NOW - 100 * DAY, 0),
        alloc(2, 5, 8, 0, ALLOCATION_SOCIAL_WORKER, NOW - 400 * DAY, 0),
        alloc(3, 5, 0, 9, ALLOCATION_REVIEWING_TEAM, NOW - 30 * DAY, 0),
        /* person 6: allocated to worker 8 from next week */
        alloc(4, 6, 8, 0, ALLOCATION_SOCIAL_WORKER, NOW + 7 * DAY, 0),
    };
    all[1].ended_at = NOW - 100 * DAY;

    /* the allocated PA: pass it on */
    assert_int_equal(allocation_check(all, 4, 5, 3, "Priya Shah", 0, NULL, NOW, &v, &info), E_OK);
    assert_true(v.allowed);
    assert_true(v.worker_allocated);
    assert_false(v.team_responsible);
    assert_int_equal(v.matched_id, 1);
    assert_int_equal(v.n_current, 2);
    assert_non_null(strstr(v.reason, "Priya Shah is allocated to this person as Personal adviser"));

    /* the former social worker: not any more */
    assert_int_equal(allocation_check(all, 4, 5, 8, "Tom Hughes", 0, NULL, NOW, &v, &info), E_OK);
    assert_false(v.allowed);
    assert_true(v.anyone_allocated);
    assert_non_null(strstr(v.reason, "Tom Hughes is not allocated"));
    assert_non_null(strstr(v.reason, "see who is allocated"));

    /* the reviewing team is responsible for their review */
    assert_int_equal(allocation_check(all, 4, 5, 0, NULL, 9, "Adult Intake Team", NOW, &v, &info),
                     E_OK);
    assert_true(v.allowed);
    assert_true(v.team_responsible);
    assert_int_equal(v.matched_id, 3);
    assert_non_null(strstr(v.reason, "responsible for this person's review"));

    /* the PA's own team holds the case through the PA */
    assert_int_equal(allocation_check(all, 4, 5, 0, NULL, 4, "Leaving Care", NOW, &v, &info), E_OK);
    assert_true(v.team_responsible);
    assert_non_null(strstr(v.reason, "holds this person's case"));

    /* another team: no */
    assert_int_equal(allocation_check(all, 4, 5, 0, NULL, 10, "CLA Team North", NOW, &v, &info),
                     E_OK);
    assert_false(v.allowed);

    /* worker and team asked together: either one allows it, and both are answered */
    assert_int_equal(
        allocation_check(all, 4, 5, 8, "Tom Hughes", 9, "Adult Intake Team", NOW, &v, &info), E_OK);
    assert_true(v.allowed);
    assert_false(v.worker_allocated);
    assert_true(v.team_responsible);

    /* an allocation that has not started yet does not count; nobody is allocated: W4 */
    assert_int_equal(allocation_check(all, 4, 6, 8, "Tom Hughes", 0, NULL, NOW, &v, &info), E_OK);
    assert_false(v.allowed);
    assert_false(v.anyone_allocated);
    assert_non_null(strstr(v.reason, "front door deals with it"));
    assert_int_equal(
        allocation_check(all, 4, 6, 8, "Tom Hughes", 0, NULL, NOW + 8 * DAY, &v, &info), E_OK);
    assert_true(v.allowed);

    /* asking about nobody is a mistake */
    assert_int_equal(allocation_check(all, 4, 5, 0, NULL, 0, NULL, NOW, &v, &info), E_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_end_and_current),
        cmocka_unit_test(test_overlaps),
        cmocka_unit_test(test_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
