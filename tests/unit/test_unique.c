/* test_unique.c — the repeated-value finder of `unique` columns: every repeat reported once,
 * naming the first row with the value, whatever the sizes of its slices and runs (insertion
 * sort below RADIX_MIN entries a slice, radix sort above, runs spilled to disk). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "returns/returns.h"
#include "returns/returns_private.h"

typedef struct {
    uint64_t record, first;
} dup;

typedef struct {
    dup *d;
    size_t n, cap;
} dups;

static void on_dup(void *ctx, uint64_t record, uint32_t column, uint64_t first, bool row_bad)
{
    dups *ds = ctx;
    (void)row_bad;
    assert_int_equal(column, 0);
    if (ds->n == ds->cap) {
        ds->cap = ds->cap ? 2 * ds->cap : 64;
        ds->d = realloc(ds->d, ds->cap * sizeof *ds->d);
        assert_non_null(ds->d);
    }
    ds->d[ds->n++] = (dup){record, first};
}

static int by_record(const void *a, const void *b)
{
    const dup *x = a, *y = b;
    return x->record < y->record ? -1 : x->record > y->record;
}

/* Hash of row r: all in one slice (same top byte), `distinct` values, low bits scrambled so
 * that the sort has work to do. Row r repeats row r % distinct when r >= distinct. */
static uint64_t hash_of(uint64_t r, uint64_t distinct, bool one_slice)
{
    uint64_t v = (r % distinct) * 0x9E3779B97F4A7C15ull;
    return one_slice ? (0xABull << 56) | (v >> 8) : v;
}

/* The repeats as reported, in the order of the calls. */
static dups find_repeats(size_t rows, size_t distinct, size_t run, bool one_slice, unsigned threads)
{
    ret_unique *u = ret_unique_new(run);
    ret_unique_threads(u, threads);
    for (size_t r = 1; r <= rows; r++)
        ret_unique_add(u, hash_of(r, distinct, one_slice), r, 0, false);
    dups ds = {0};
    assert_int_equal(ret_unique_finish(u, on_dup, &ds), 0);
    ret_unique_free(u);
    return ds;
}

static void check_sizes(size_t rows, size_t distinct, size_t run, bool one_slice)
{
    dups ds = find_repeats(rows, distinct, run, one_slice, 1);
    /* Expected: every row past the first `distinct` repeats the row of the same residue
     * among rows 1..distinct (row `distinct` itself is residue 0). */
    size_t expect = rows > distinct ? rows - distinct : 0;
    assert_int_equal(ds.n, expect);
    if (ds.n) /* qsort may not be given NULL, even for no elements */
        qsort(ds.d, ds.n, sizeof *ds.d, by_record);
    for (size_t i = 0; i < ds.n; i++) {
        uint64_t rec = distinct + 1 + i, res = rec % distinct;
        assert_int_equal(ds.d[i].record, rec);
        assert_int_equal(ds.d[i].first, res ? res : distinct);
    }
    free(ds.d);
}

static void test_small_slices(void **state)
{
    (void)state;
    static const size_t rows[] = {0, 1, 2, 46, 47, 48, 49, 50, 95, 96, 97};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        check_sizes(rows[i], rows[i] / 2 + 1, 0, true);
        check_sizes(rows[i], 3, 0, true);
    }
}

static void test_large_and_spilled(void **state)
{
    (void)state;
    check_sizes(5000, 1234, 0, true);  /* one slice, radix-sorted */
    check_sizes(20000, 7000, 0, false); /* spread over the slices */
    check_sizes(5000, 1234, 64, true);  /* runs of 64 entries spilled to disk */
    check_sizes(3000, 2999, 40, false); /* runs smaller than RADIX_MIN */
}

/* Slices gathered and sorted on several threads: the same calls in the same order as on
 * one, whether the threads' buffers fit (many slices of a few entries) or only one thread's
 * does (all in one slice: the other threads find theirs empty). */
static void test_threads(void **state)
{
    (void)state;
    static const struct { size_t rows, distinct, run; bool one_slice; } sets[] = {
        {20000, 7000, 0, false}, {60000, 59000, 0, false}, {20000, 7000, 512, false}, {5000, 1234, 0, true}};
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        dups one = find_repeats(sets[i].rows, sets[i].distinct, sets[i].run, sets[i].one_slice, 1);
        assert_int_equal(one.n, sets[i].rows - sets[i].distinct);
        for (unsigned threads = 2; threads <= 8; threads *= 2) {
            dups many = find_repeats(sets[i].rows, sets[i].distinct, sets[i].run, sets[i].one_slice, threads);
            assert_int_equal(many.n, one.n);
            assert_memory_equal(many.d, one.d, one.n * sizeof *one.d);
            free(many.d);
        }
        free(one.d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_slices),
        cmocka_unit_test(test_large_and_spilled),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
