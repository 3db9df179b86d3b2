/* test_distinct.c — distinct counts: exact up to the bound, an estimate with
 * its error past it, and merges that do not depend on order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>

#include "core/distinct.h"

static void add_range(sa_distinct *d, uint64_t from, uint64_t to)
{
    char key[32];
    for (uint64_t i = from; i < to; i++) {
        int n = snprintf(key, sizeof key, "patient-%llu", (unsigned long long)i);
        sa_distinct_add(d, key, (size_t)n);
    }
}

static void test_empty_and_repeats(void **state)
{
    (void)state;
    sa_distinct d;
    sa_distinct_init(&d);
    assert_int_equal(sa_distinct_count(&d), 0);
    assert_true(sa_distinct_is_exact(&d));
    add_range(&d, 0, 10);
    add_range(&d, 0, 10);
    add_range(&d, 5, 12);
    assert_int_equal(sa_distinct_count(&d), 12);
    assert_true(sa_distinct_rse(&d) == 0.0);
    sa_distinct_free(&d);
}

/* The hash 0 cannot live in a slot; it is counted apart. */
static void test_zero_hash(void **state)
{
    (void)state;
    sa_distinct d;
    sa_distinct_init(&d);
    /* mix(0) == 0 for the splitmix finaliser, so hash 0 reaches the zero flag */
    sa_distinct_add_hash(&d, 0);
    sa_distinct_add_hash(&d, 0);
    sa_distinct_add_hash(&d, 1);
    assert_int_equal(sa_distinct_count(&d), 2);
    sa_distinct_free(&d);
}

/* Exactly the bound is exact; one more value makes an estimate. */
static void test_bound(void **state)
{
    (void)state;
    sa_distinct d;
    sa_distinct_init(&d);
    add_range(&d, 0, SA_DISTINCT_EXACT_MAX);
    assert_true(sa_distinct_is_exact(&d));
    assert_int_equal(sa_distinct_count(&d), SA_DISTINCT_EXACT_MAX);
    add_range(&d, 0, SA_DISTINCT_EXACT_MAX); /* repeats change nothing */
    assert_true(sa_distinct_is_exact(&d));
    add_range(&d, SA_DISTINCT_EXACT_MAX, SA_DISTINCT_EXACT_MAX + 1);
    assert_false(sa_distinct_is_exact(&d));
    double rse = sa_distinct_rse(&d);
    assert_true(fabs(rse - 1.04 / 128.0) < 1e-12);
    double n = (double)(SA_DISTINCT_EXACT_MAX + 1);
    assert_true(fabs((double)sa_distinct_count(&d) - n) <= 3 * rse * n);
    sa_distinct_free(&d);
}

/* A million distinct values: within three standard errors, and repeats of
 * them do not move the estimate. */
static void test_estimate_large(void **state)
{
    (void)state;
    sa_distinct d;
    sa_distinct_init(&d);
    add_range(&d, 0, 1000000);
    uint64_t once = sa_distinct_count(&d);
    assert_true(fabs((double)once - 1e6) <= 3 * sa_distinct_rse(&d) * 1e6);
    add_range(&d, 0, 1000000);
    assert_int_equal(sa_distinct_count(&d), once);
    sa_distinct_free(&d);
}

/* Merges: exact + exact, exact + sketch and sketch + sketch, in both orders,
 * equal counting the whole stream in one counter. */
static void merge_case(uint64_t a_to, uint64_t b_from, uint64_t b_to)
{
    sa_distinct a, b, ab, ba, whole;
    sa_distinct_init(&a);
    sa_distinct_init(&b);
    sa_distinct_init(&ab);
    sa_distinct_init(&ba);
    sa_distinct_init(&whole);
    add_range(&a, 0, a_to);
    add_range(&b, b_from, b_to);
    add_range(&whole, 0, a_to);
    add_range(&whole, b_from, b_to);
    sa_distinct_merge(&ab, &a);
    sa_distinct_merge(&ab, &b);
    sa_distinct_merge(&ba, &b);
    sa_distinct_merge(&ba, &a);
    assert_int_equal(sa_distinct_count(&ab), sa_distinct_count(&ba));
    assert_int_equal(sa_distinct_count(&ab), sa_distinct_count(&whole));
    assert_int_equal(sa_distinct_is_exact(&ab), sa_distinct_is_exact(&whole));
    sa_distinct_free(&a);
    sa_distinct_free(&b);
    sa_distinct_free(&ab);
    sa_distinct_free(&ba);
    sa_distinct_free(&whole);
}

static void test_merge(void **state)
{
    (void)state;
    merge_case(100, 50, 300);               /* exact + exact: 300 */
    merge_case(SA_DISTINCT_EXACT_MAX, 10000, 20000); /* the union passes the bound */
    merge_case(50000, 10, 20);              /* sketch + exact */
    merge_case(50000, 40000, 90000);        /* sketch + sketch */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_and_repeats),
        cmocka_unit_test(test_zero_hash),
        cmocka_unit_test(test_bound),
        cmocka_unit_test(test_estimate_large),
        cmocka_unit_test(test_merge),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
