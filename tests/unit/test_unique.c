/* test_unique.c — the repeated-value finder of `unique` columns: every repeat reported once,
 * naming the first row with the value, whatever the sizes of its slices, buckets and runs
 * (insertion sort below RADIX_MIN entries a slice, buckets compared pairwise or by a table of
 * hashes above, runs spilled to disk), in the same order on one thread or several, with sets
 * sealed or not before they are joined. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "returns/returns.h"
#include "returns/returns_private.h"

typedef struct {
    uint64_t record, first;
    uint32_t column;
    bool bad;
} repeat;

typedef struct {
    repeat *r;
    size_t n, cap;
} repeats;

static void on_repeat(void *ctx, uint64_t record, uint32_t column, uint64_t first, bool row_bad)
{
    repeats *rs = ctx;
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? 2 * rs->cap : 64;
        rs->r = realloc(rs->r, rs->cap * sizeof *rs->r);
        assert_non_null(rs->r);
    }
    rs->r[rs->n++] = (repeat){record, first, column, row_bad};
}

static int by_column_record(const void *a, const void *b)
{
    const repeat *x = a, *y = b;
    if (x->column != y->column)
        return x->column < y->column ? -1 : 1;
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
static repeats find_repeats(size_t rows, size_t distinct, size_t run, bool one_slice, unsigned threads)
{
    ret_unique *u = ret_unique_new(run);
    ret_unique_threads(u, threads);
    for (size_t r = 1; r <= rows; r++)
        ret_unique_add(u, hash_of(r, distinct, one_slice), r, 0, false);
    repeats ds = {0};
    assert_int_equal(ret_unique_finish(u, on_repeat, &ds), 0);
    ret_unique_free(u);
    return ds;
}

static void check_sizes(size_t rows, size_t distinct, size_t run, bool one_slice)
{
    repeats ds = find_repeats(rows, distinct, run, one_slice, 1);
    /* Expected: every row past the first `distinct` repeats the row of the same residue
     * among rows 1..distinct (row `distinct` itself is residue 0). */
    size_t expect = rows > distinct ? rows - distinct : 0;
    assert_int_equal(ds.n, expect);
    if (ds.n) /* qsort may not be given NULL, even for no elements */
        qsort(ds.r, ds.n, sizeof *ds.r, by_column_record);
    for (size_t i = 0; i < ds.n; i++) {
        uint64_t rec = distinct + 1 + i, res = rec % distinct;
        assert_int_equal(ds.r[i].column, 0);
        assert_int_equal(ds.r[i].record, rec);
        assert_int_equal(ds.r[i].first, res ? res : distinct);
    }
    free(ds.r);
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

/* One slice of n entries is spread over 2 to 4 096 buckets (about 8 entries each): from
 * 48 entries (2 buckets) to 40 000 (4 096, about 10 each, compared pairwise) and 300 000
 * (about 73 each: the table of hashes), the same repeats. */
static void test_bucket_sizes(void **state)
{
    (void)state;
    static const size_t rows[] = {48, 60, 200, 1000, 5000, 40000, 300000};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        check_sizes(rows[i], rows[i] - rows[i] / 50 - 1, 0, true); /* a few repeats */
        check_sizes(rows[i], rows[i] / 2, 0, true);                /* every value twice */
        check_sizes(rows[i], rows[i], 0, true);                    /* none */
    }
}

static void test_large_and_spilled(void **state)
{
    (void)state;
    check_sizes(5000, 1234, 0, true);  /* one slice, radix-sorted */
    check_sizes(20000, 7000, 0, false); /* spread over the slices */
    check_sizes(5000, 1234, 64, true);  /* runs of 64 entries spilled to disk */
    check_sizes(3000, 2999, 40, false); /* runs smaller than RADIX_MIN */
    /* runs of 40 960 and 65 536 entries, packed in 10 bytes with their staging lines in the
     * buffer they are packed into, past the run */
    check_sizes(200000, 150000, 40960, false);
    check_sizes(200000, 150000, 65536, false);
}

/* Runs packed in 12 bytes an entry (records 1 000 apart, 41 M apart in a run of 40 960:
 * past the 2^23 of 10 bytes), their staging lines past the run in the same buffer: the
 * same repeats. */
static void test_packed_wide_staged(void **state)
{
    (void)state;
    const uint64_t rows = 200000, distinct = 150000;
    ret_unique *u = ret_unique_new(40960);
    for (uint64_t r = 1; r <= rows; r++)
        ret_unique_add(u, hash_of(r, distinct, false), 1000 * r, 0, false);
    repeats ds = {0};
    assert_int_equal(ret_unique_finish(u, on_repeat, &ds), 0);
    ret_unique_free(u);
    assert_int_equal(ds.n, rows - distinct);
    qsort(ds.r, ds.n, sizeof *ds.r, by_column_record);
    for (size_t i = 0; i < ds.n; i++) {
        uint64_t row = distinct + 1 + i, res = row % distinct;
        assert_int_equal(ds.r[i].record, 1000 * row);
        assert_int_equal(ds.r[i].first, 1000 * (res ? res : distinct));
    }
    free(ds.r);
}

/* One value of a set: the entry added and what it should be reported as. */
typedef struct {
    uint64_t hash, record;
    uint32_t column;
    bool bad;
} value;

static int by_column_hash_record(const void *a, const void *b)
{
    const value *x = a, *y = b;
    if (x->column != y->column)
        return x->column < y->column ? -1 : 1;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return x->record < y->record ? -1 : x->record > y->record;
}

/* Adds the n values (in their order) to a set of runs of `run` entries, the full ones
 * written to disk in spilled_bytes bytes, and compares its
 * repeats with those worked out by sorting the values: every value whose (column, hash)
 * an earlier record of the same column had names that earliest record. */
static void check_values(value *v, size_t n, size_t run, uint64_t spilled_bytes)
{
    ret_unique *u = ret_unique_new(run);
    for (size_t i = 0; i < n; i++)
        ret_unique_add(u, v[i].hash, v[i].record, v[i].column, v[i].bad);
    assert_int_equal(ret_unique_spilled(u), spilled_bytes);
    repeats got = {0}, want = {0};
    assert_int_equal(ret_unique_finish(u, on_repeat, &got), 0);
    ret_unique_free(u);
    qsort(v, n, sizeof *v, by_column_hash_record);
    for (size_t i = 1, first = 0; i < n; i++) {
        if (v[i].column != v[first].column || v[i].hash != v[first].hash)
            first = i;
        else
            on_repeat(&want, v[i].record, v[i].column, v[first].record, v[i].bad);
    }
    assert_int_equal(got.n, want.n);
    assert_true(want.n > 0);
    qsort(got.r, got.n, sizeof *got.r, by_column_record);
    qsort(want.r, want.n, sizeof *want.r, by_column_record);
    for (size_t i = 0; i < want.n; i++) {
        assert_int_equal(got.r[i].record, want.r[i].record);
        assert_int_equal(got.r[i].column, want.r[i].column);
        assert_int_equal(got.r[i].first, want.r[i].first);
        assert_int_equal(got.r[i].bad, want.r[i].bad);
    }
    free(got.r);
    free(want.r);
}

/* Rows 1..rows with `ncolumns` unique columns each (every third row lacks the second),
 * records `step` apart; the same hashes in every column, so that a repeat is only
 * reported within a column. */
static value *rows_of(size_t rows, uint32_t ncolumns, uint64_t step, size_t *n)
{
    value *v = malloc(rows * ncolumns * sizeof *v);
    assert_non_null(v);
    *n = 0;
    for (uint64_t r = 1; r <= rows; r++)
        for (uint32_t c = 0; c < ncolumns; c++)
            if (c != 1 || r % 3 != 0)
                v[(*n)++] = (value){hash_of(r, rows / 3 + 1, false), r * step, c * 7 + 3, r % 5 == 0};
    return v;
}

/* Runs written to disk are packed by a table of their columns, 10 bytes an entry when the
 * row_bad bit, column slot and record less the run's smallest fit in 24 bits (here, records
 * of a run lie within fewer than 2 000 rows and there are at most 17 columns); their rows,
 * columns and row_bad bits come back as they were added, beside the runs held in memory
 * (16 bytes an entry). */
static void test_packed_columns(void **state)
{
    (void)state;
    static const struct {
        size_t rows;
        uint32_t ncolumns;
        size_t run;
    } cases[] = {{3000, 1, 64}, {3000, 3, 64}, {3000, 3, 1000}, {1000, 17, 500}, {20000, 2, 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n;
        value *v = rows_of(cases[i].rows, cases[i].ncolumns, 1, &n);
        size_t run = cases[i].run ? cases[i].run : 512 * 1024, spilled = (n - 1) / run * run;
        check_values(v, n, cases[i].run, 10 * spilled);
        free(v);
    }
}

/* Runs that cannot be packed stay 16 bytes an entry, alone or beside packed ones: records
 * too far apart for the bits the columns leave, and more columns than a table holds; runs
 * whose records spread too far for 10 bytes take 12. */
static void test_unpacked_runs(void **state)
{
    (void)state;
    size_t n;
    value *v = rows_of(2000, 2, 1ull << 31, &n); /* two columns leave 30 bits of record */
    check_values(v, n, 64, 16 * ((n - 1) / 64 * 64));
    free(v);
    v = rows_of(2000, 2, 1ull << 24, &n); /* 12 bytes: a run of 64 spans fewer than 64 rows, */
    check_values(v, n, 64, 12 * ((n - 1) / 64 * 64)); /* under 2^30 records but over 2^22 */
    free(v);
    v = rows_of(2000, 2, 1ull << 15, &n); /* 10 bytes: under 2^22 records (64 << 15 = 2^21) */
    check_values(v, n, 64, 10 * ((n - 1) / 64 * 64));
    free(v);
    v = rows_of(2000, 1, 1ull << 18, &n); /* one column: 10 bytes below 2^23, 63 << 18 past it */
    check_values(v, n, 64, 12 * ((n - 1) / 64 * 64));
    free(v);
    /* all in one slice, so that a run's entries pass through its slice's staging many times
     * over: 10 bytes (records 1 apart) and 12 (2^18 apart: a run of 200 spans 2^25) */
    for (uint64_t step = 1; step <= (1ull << 18); step <<= 18) {
        value one[3000];
        for (size_t r = 0; r < 3000; r++)
            one[r] = (value){hash_of(r + 1, 1100, true), (r + 1) * step, 0, r % 7 == 0};
        check_values(one, 3000, 200, (step == 1 ? 10 : 12) * (2999 / 200 * 200));
    }
    v = rows_of(3, 4200, 1, &n); /* 4 200 columns: the first run of 10 000 unpacked */
    check_values(v, n, 10000, 16 * 10000);
    free(v);
}

/* Hashes crafted to share a slice, a bucket and a place in the table of hashes (the place is
 * the top half of hash * 0x9E3779B97F4A7C15): past 64 probes the bucket is sorted instead, and
 * the repeats found are the same. */
static void test_crafted_collisions(void **state)
{
    (void)state;
    const uint64_t golden = 0x9E3779B97F4A7C15ull;
    uint64_t inverse = golden; /* Newton's iteration: golden * inverse = 1 mod 2^64 */
    for (int i = 0; i < 6; i++)
        inverse *= 2 - golden * inverse;
    assert_true(golden * inverse == 1);
    enum { DISTINCT = 300, ROWS = 900 };
    uint64_t hashes[DISTINCT];
    size_t found = 0;
    for (uint64_t i = 0; found < DISTINCT; i++) {
        uint64_t h = ((0x1234ull << 32) | i) * inverse;
        if (h >> 48 == 0xAB12)
            hashes[found++] = h;
    }
    value v[ROWS];
    for (size_t r = 0; r < ROWS; r++)
        v[r] = (value){hashes[(r * 7) % DISTINCT], r + 1, 0, r % 4 == 0};
    check_values(v, ROWS, 0, 0);
}

/* Slices gathered and sorted on several threads: the same calls in the same order as on
 * one, whether the threads' buffers fit (many slices of a few entries) or only one thread's
 * does (all in one slice: the other threads find theirs empty); whether a slice's repeats
 * are few enough to be copied out until its turn or not (then its thread waits); in the
 * set's spare buffer (runs spilled) or in buffers of their own. */
static void test_threads(void **state)
{
    (void)state;
    static const struct { size_t rows, distinct, run; bool one_slice; } sets[] = {
        {20000, 7000, 0, false}, {60000, 59000, 0, false}, {20000, 7000, 512, false}, {5000, 1234, 0, true},
        {40000, 2, 0, false},      /* every value repeats, in two slices: past the copies' bound */
        {30000, 15000, 0, false},  /* every value repeats once, in every slice */
        {30000, 29990, 256, false}, /* a few repeats over spilled runs, in the spare buffer */
        {200000, 150000, 0, true},  /* buckets of about 48: the table of hashes */
        {300000, 200000, 100000, false}}; /* the last full buffer ordered in halves on two threads */
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        repeats one = find_repeats(sets[i].rows, sets[i].distinct, sets[i].run, sets[i].one_slice, 1);
        assert_int_equal(one.n, sets[i].rows - sets[i].distinct);
        for (unsigned threads = 2; threads <= 8; threads *= 2) {
            repeats many = find_repeats(sets[i].rows, sets[i].distinct, sets[i].run, sets[i].one_slice, threads);
            assert_int_equal(many.n, one.n);
            for (size_t k = 0; k < one.n; k++) {
                assert_int_equal(many.r[k].record, one.r[k].record);
                assert_int_equal(many.r[k].first, one.r[k].first);
                assert_int_equal(many.r[k].column, one.r[k].column);
                assert_int_equal(many.r[k].bad, one.r[k].bad);
            }
            free(many.r);
        }
        free(one.r);
    }
}

/* The rows of find_repeats added to two sets in alternate blocks of 1 000 (as two threads
 * read a split file), each with runs of `run` entries, the first sealed when `seal` & 1, the
 * second when `seal` & 2, then joined and finished on two threads. */
static repeats find_repeats_split(size_t rows, size_t distinct, size_t run, unsigned seal)
{
    ret_unique *u[2] = {ret_unique_new(run), ret_unique_new(run)};
    for (size_t r = 1; r <= rows; r++)
        ret_unique_add(u[r / 1000 % 2], hash_of(r, distinct, false), r, 0, r % 11 == 0);
    for (unsigned i = 0; i < 2; i++) {
        ret_unique_threads(u[i], 2);
        if (seal & (1u << i))
            ret_unique_seal(u[i]);
    }
    ret_unique_join(u[0], u[1]);
    repeats ds = {0};
    assert_int_equal(ret_unique_finish(u[0], on_repeat, &ds), 0);
    ret_unique_free(u[0]);
    ret_unique_free(u[1]);
    return ds;
}

/* Sets sealed by the thread that read them before they are joined report what unsealed
 * ones do, in the same order: whether they spilled runs or not, whatever else was sealed. */
static void test_sealed(void **state)
{
    (void)state;
    static const struct { size_t rows, distinct, run; } sets[] = {
        {20000, 7000, 0}, {20000, 19000, 700}, {50000, 25000, 4096}, {3000, 2990, 0},
        {400000, 300000, 100000}}; /* unsealed: buffers of 100 000 ordered in halves on two threads */
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        repeats plain = find_repeats_split(sets[i].rows, sets[i].distinct, sets[i].run, 0);
        assert_int_equal(plain.n, sets[i].rows - sets[i].distinct);
        for (unsigned seal = 1; seal <= 3; seal++) {
            repeats got = find_repeats_split(sets[i].rows, sets[i].distinct, sets[i].run, seal);
            assert_int_equal(got.n, plain.n);
            for (size_t k = 0; k < plain.n; k++) {
                assert_int_equal(got.r[k].record, plain.r[k].record);
                assert_int_equal(got.r[k].first, plain.r[k].first);
                assert_int_equal(got.r[k].bad, plain.r[k].bad);
            }
            free(got.r);
        }
        free(plain.r);
    }
}

/* Spilling runs on a thread with a small stack (128 KiB, as under `ulimit -s 128` or musl's
 * default): the packing's staging lines (160 KiB) live on the heap, not in its frame. */
static void *spill_on_thread(void *arg)
{
    repeats *out = arg;
    *out = find_repeats(20000, 7000, 512, false, 1);
    return NULL;
}

static void test_small_thread_stack(void **state)
{
    (void)state;
    pthread_attr_t attr;
    pthread_t th;
    repeats got = {0};
    assert_int_equal(pthread_attr_init(&attr), 0);
    assert_int_equal(pthread_attr_setstacksize(&attr, 128 * 1024), 0);
    assert_int_equal(pthread_create(&th, &attr, spill_on_thread, &got), 0);
    assert_int_equal(pthread_join(th, NULL), 0);
    pthread_attr_destroy(&attr);
    assert_int_equal(got.n, 20000 - 7000);
    free(got.r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_slices),
        cmocka_unit_test(test_bucket_sizes),
        cmocka_unit_test(test_large_and_spilled),
        cmocka_unit_test(test_packed_columns),
        cmocka_unit_test(test_packed_wide_staged),
        cmocka_unit_test(test_unpacked_runs),
        cmocka_unit_test(test_crafted_collisions),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_sealed),
        cmocka_unit_test(test_small_thread_stack),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
