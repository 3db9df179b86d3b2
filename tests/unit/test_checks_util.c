/* test_checks_util.c — period arithmetic, interval sets, bounded example
 * sets, percentiles and verdict folding used by every check kind. */
#include "test_checks_helpers.h"

static void test_grid_months_clipped(void **state)
{
    (void)state;
    sa_period_grid g;
    sa_period_grid_build(&g, SA_PER_MONTH, D("2007-04-15"), D("2007-06-10"));
    assert_int_equal(g.n, 3);
    assert_int_equal(g.from[0], D("2007-04-15"));
    assert_int_equal(g.to[0], D("2007-04-30"));
    assert_int_equal(g.from[1], D("2007-05-01"));
    assert_int_equal(g.to[1], D("2007-05-31"));
    assert_int_equal(g.to[2], D("2007-06-10"));
    assert_true(sa_period_grid_partial(&g, 0));
    assert_false(sa_period_grid_partial(&g, 1));
    assert_true(sa_period_grid_partial(&g, 2));
    assert_int_equal(sa_period_grid_find(&g, D("2007-05-31")), 1);
    assert_int_equal(sa_period_grid_find(&g, D("2007-06-10")), 2);
    assert_int_equal(sa_period_grid_find(&g, D("2007-06-11")), -1);
    assert_int_equal(sa_period_grid_find(&g, D("2007-04-14")), -1);
    sa_period_grid_free(&g);
}

/* The day table and the search give the same period for every day, inside,
 * at the edges and outside, for every kind of period; a range too long for
 * the table is searched. */
static void test_grid_find_every_day(void **state)
{
    (void)state;
    static const sa_per pers[] = {SA_PER_WEEK, SA_PER_FORTNIGHT, SA_PER_MONTH, SA_PER_QUARTER, SA_PER_YEAR,
                                  SA_PER_PERIOD};
    sa_date from = D("2007-04-04"), to = D("2009-02-17");
    for (size_t k = 0; k < sizeof pers / sizeof *pers; k++) {
        sa_period_grid g;
        sa_period_grid_build(&g, pers[k], from, to);
        assert_non_null(g.by_day);
        for (sa_date d = from - 3; d <= to + 3; d++) {
            long want = -1;
            for (size_t i = 0; i < g.n; i++)
                if (g.from[i] <= d && d <= g.to[i])
                    want = (long)i;
            assert_int_equal(sa_period_grid_find(&g, d), want);
        }
        sa_period_grid_free(&g);
    }
    sa_period_grid g;
    sa_period_grid_build(&g, SA_PER_YEAR, D("1900-01-01"), D("2199-12-31"));
    assert_null(g.by_day);
    assert_int_equal(sa_period_grid_find(&g, D("2007-04-01")), 108); /* 0 is 1899/1900, clipped */
    assert_int_equal(sa_period_grid_find(&g, D("2007-03-31")), 107);
    assert_int_equal(sa_period_grid_find(&g, D("2200-01-01")), -1);
    sa_period_grid_free(&g);
}

/* Fortnights count from the spec period's first ISO week, whatever range is
 * assessed: a range starting in the second week of a fortnight gets that
 * fortnight clipped, not a new fortnight starting there. */
static void test_grid_fortnights_keep_their_anchor(void **state)
{
    (void)state;
    sa_period_grid g;
    /* spec period from Monday 2 April 2007; assessed from Monday 9 April */
    sa_period_grid_build_anchored(&g, SA_PER_FORTNIGHT, D("2007-04-09"), D("2007-05-13"), D("2007-04-02"));
    assert_int_equal(g.n, 3);
    assert_int_equal(g.from[0], D("2007-04-09"));
    assert_int_equal(g.to[0], D("2007-04-15"));
    assert_true(sa_period_grid_partial(&g, 0));
    assert_int_equal(g.from[1], D("2007-04-16"));
    assert_int_equal(g.to[1], D("2007-04-29"));
    assert_false(sa_period_grid_partial(&g, 1));
    assert_int_equal(g.from[2], D("2007-04-30"));
    assert_int_equal(g.to[2], D("2007-05-13"));
    assert_int_equal(sa_period_grid_full_end(&g, 0), D("2007-04-15"));
    sa_period_grid_free(&g);
    /* other periods ignore the anchor */
    sa_period_grid_build_anchored(&g, SA_PER_PERIOD, D("2007-04-09"), D("2007-05-13"), D("2007-04-02"));
    assert_int_equal(g.n, 1);
    assert_int_equal(g.from[0], D("2007-04-09"));
    sa_period_grid_free(&g);
    /* an anchor after the range still counts back in whole fortnights */
    sa_period_grid_build_anchored(&g, SA_PER_FORTNIGHT, D("2007-04-09"), D("2007-04-22"), D("2007-05-07"));
    assert_int_equal(g.from[0], D("2007-04-09"));
    assert_int_equal(g.to[0], D("2007-04-22"));
    assert_int_equal(g.n, 1);
    sa_period_grid_free(&g);
}

static void test_grid_full_end_ignores_clipping(void **state)
{
    (void)state;
    sa_period_grid g;
    sa_period_grid_build(&g, SA_PER_MONTH, D("2007-04-01"), D("2007-04-20"));
    assert_int_equal(g.to[0], D("2007-04-20"));
    assert_int_equal(sa_period_grid_full_end(&g, 0), D("2007-04-30"));
    sa_period_grid_free(&g);
    sa_period_grid_build(&g, SA_PER_QUARTER, D("2007-05-10"), D("2007-08-01"));
    assert_int_equal(sa_period_grid_full_end(&g, 0), D("2007-06-30"));
    assert_int_equal(sa_period_grid_full_end(&g, 1), D("2007-09-30"));
    sa_period_grid_free(&g);
    sa_period_grid_build(&g, SA_PER_WEEK, D("2007-04-04"), D("2007-04-04")); /* a Wednesday */
    assert_int_equal(sa_period_grid_full_end(&g, 0), D("2007-04-08"));
    sa_period_grid_free(&g);
    sa_period_grid_build(&g, SA_PER_PERIOD, D("2007-04-01"), D("2007-04-20"));
    assert_int_equal(sa_period_grid_full_end(&g, 0), D("2007-04-20"));
    sa_period_grid_free(&g);
}

static void test_grid_weeks_and_fortnights(void **state)
{
    (void)state;
    sa_period_grid g;
    /* 1 April 2007 is a Sunday: the first ISO week is one day long. */
    sa_period_grid_build(&g, SA_PER_WEEK, D("2007-04-01"), D("2007-04-30"));
    assert_int_equal(g.n, 6);
    assert_int_equal(g.from[0], D("2007-04-01"));
    assert_int_equal(g.to[0], D("2007-04-01"));
    assert_int_equal(g.from[1], D("2007-04-02"));
    assert_int_equal(g.to[1], D("2007-04-08"));
    assert_true(sa_period_grid_partial(&g, 0));
    assert_false(sa_period_grid_partial(&g, 1));
    assert_int_equal(g.from[5], D("2007-04-30"));
    sa_period_grid_free(&g);

    /* Fortnights count from the ISO week holding the start. */
    sa_period_grid_build(&g, SA_PER_FORTNIGHT, D("2007-04-04"), D("2007-05-13"));
    assert_int_equal(g.n, 3);
    assert_int_equal(g.from[0], D("2007-04-04"));
    assert_int_equal(g.to[0], D("2007-04-15"));
    assert_true(sa_period_grid_partial(&g, 0));
    assert_int_equal(g.from[1], D("2007-04-16"));
    assert_int_equal(g.to[2], D("2007-05-13"));
    assert_false(sa_period_grid_partial(&g, 2));
    sa_period_grid_free(&g);
}

static void test_grid_quarters_years_period(void **state)
{
    (void)state;
    sa_period_grid g;
    sa_period_grid_build(&g, SA_PER_QUARTER, D("2007-04-01"), D("2008-03-31"));
    assert_int_equal(g.n, 4);
    assert_int_equal(g.from[1], D("2007-07-01"));
    assert_int_equal(g.from[3], D("2008-01-01"));
    assert_int_equal(g.to[3], D("2008-03-31"));
    sa_period_grid_free(&g);
    /* Financial years start on 1 April. */
    sa_period_grid_build(&g, SA_PER_YEAR, D("2007-01-01"), D("2008-12-31"));
    assert_int_equal(g.n, 3);
    assert_int_equal(g.to[0], D("2007-03-31"));
    assert_int_equal(g.from[1], D("2007-04-01"));
    assert_int_equal(g.to[1], D("2008-03-31"));
    sa_period_grid_free(&g);
    sa_period_grid_build(&g, SA_PER_PERIOD, D("2007-01-01"), D("2008-12-31"));
    assert_int_equal(g.n, 1);
    assert_false(sa_period_grid_partial(&g, 0));
    sa_period_grid_free(&g);
    sa_period_grid_build(&g, SA_PER_MONTH, D("2008-01-01"), D("2007-12-31"));
    assert_int_equal(g.n, 0);
    sa_period_grid_free(&g);
}

static void test_ivset_union(void **state)
{
    (void)state;
    sa_ivset s;
    sa_ivset_init(&s);
    sa_ivset_add(&s, 10, 20);
    sa_ivset_add(&s, 15, 30); /* overlaps */
    sa_ivset_add(&s, 30, 40); /* touches */
    sa_ivset_add(&s, 50, 60);
    sa_ivset_add(&s, 5, 5);   /* empty: ignored */
    sa_ivset_add(&s, 70, 65); /* inverted: ignored */
    sa_ivset_compact(&s);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.v[0], 10);
    assert_int_equal(s.v[1], 40);
    assert_int_equal(sa_ivset_covered(&s, 0, 100), 40);
    assert_int_equal(sa_ivset_covered(&s, 35, 55), 10);
    assert_int_equal(sa_ivset_covered(&s, 40, 50), 0);
    sa_ivset_free(&s);
}

static void test_ivset_compacts_as_it_grows(void **state)
{
    (void)state;
    sa_ivset s;
    sa_ivset_init(&s);
    /* The same shift reported 100 000 times stays one interval in memory. */
    for (int i = 0; i < 100000; i++)
        sa_ivset_add(&s, 1000, 2000);
    assert_true(s.cap <= 1024);
    sa_ivset_compact(&s);
    assert_int_equal(s.n, 1);
    sa_ivset merged;
    sa_ivset_init(&merged);
    sa_ivset_add(&merged, 1500, 2500);
    sa_ivset_merge(&merged, &s);
    sa_ivset_compact(&merged);
    assert_int_equal(merged.n, 1);
    assert_int_equal(merged.v[0], 1000);
    assert_int_equal(merged.v[1], 2500);
    sa_ivset_free(&s);
    sa_ivset_free(&merged);
}

static void test_exset_keeps_first_rows_in_any_order(void **state)
{
    (void)state;
    sa_chk_exset a, b, c;
    sa_chk_exset_init(&a, 3);
    sa_chk_exset_init(&b, 3);
    sa_chk_exset_init(&c, 3);
    /* Rows arriving in descending order into a, ascending split over b and c. */
    for (int r = 10; r >= 1; r--)
        sa_chk_exset_offer(&a, "f.csv", (uint64_t)r, 1, 0);
    for (int r = 1; r <= 10; r++)
        sa_chk_exset_offer(r % 2 ? &b : &c, "f.csv", (uint64_t)r, 1, 0);
    sa_chk_exset_merge(&c, &b);
    assert_int_equal(a.total, 10);
    assert_int_equal(c.total, 10);
    assert_int_equal(a.n, 3);
    assert_int_equal(c.n, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(a.items[i].row, i + 1);
        assert_int_equal(c.items[i].row, i + 1);
    }
    /* A later file sorts after; rows without a file sort last. */
    assert_null(sa_chk_exset_offer(&a, "g.csv", 1, 1, 0));
    assert_null(sa_chk_exset_offer(&a, NULL, 0, 1, 0));
    assert_non_null(sa_chk_exset_offer(&a, "e.csv", 99, 1, 0));
    assert_string_equal(a.items[0].file, "e.csv");
    assert_int_equal(a.total, 13);
    sa_chk_exset_free(&a);
    sa_chk_exset_free(&b);
    sa_chk_exset_free(&c);

    sa_chk_exset none;
    sa_chk_exset_init(&none, 0);
    assert_null(sa_chk_exset_offer(&none, "f.csv", 1, 1, 0));
    assert_int_equal(none.total, 1);
    sa_chk_exset_free(&none);
}

static void test_percentiles_nearest_rank(void **state)
{
    (void)state;
    sa_chk_samples s;
    sa_chk_samples_init(&s);
    int64_t v;
    assert_false(sa_chk_samples_percentile(&s, 50, &v));
    const int64_t xs[] = {300, 60, 120, 210, 45};
    for (size_t i = 0; i < 5; i++)
        sa_chk_samples_add(&s, xs[i]);
    assert_true(sa_chk_samples_percentile(&s, 50, &v));
    assert_int_equal(v, 120); /* rank ceil(2.5) = 3 */
    assert_true(sa_chk_samples_percentile(&s, 90, &v));
    assert_int_equal(v, 300); /* rank ceil(4.5) = 5 */
    /* Ten samples: the 90th percentile is the 9th value, not the 10th. */
    sa_chk_samples t;
    sa_chk_samples_init(&t);
    for (int i = 1; i <= 10; i++)
        sa_chk_samples_add(&t, i);
    assert_true(sa_chk_samples_percentile(&t, 90, &v));
    assert_int_equal(v, 9);
    assert_true(sa_chk_samples_percentile(&t, 50, &v));
    assert_int_equal(v, 5);
    sa_chk_samples_free(&s);
    sa_chk_samples_free(&t);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The exact samples are sorted by radix over the range in use: negative
 * values, the extremes of int64 and repeated values must all come out in
 * order, and adding after a percentile must sort again. */
static void test_percentiles_match_a_full_sort(void **state)
{
    (void)state;
    enum { N = SA_CHK_SAMPLE_CAP - 2 }; /* stays exact with the two added at the end */
    static int64_t ref[N];
    assert_true(N > 1000);
    sa_chk_samples s;
    sa_chk_samples_init(&s);
    uint64_t x = 88172645463325252ULL;
    for (int i = 0; i < N; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        int64_t v;
        switch (i % 5) {
        case 0: v = (int64_t)(x % 86400); break;           /* a day of seconds */
        case 1: v = -(int64_t)(x % 1000); break;           /* negative */
        case 2: v = (int64_t)x; break;                     /* anything */
        case 3: v = i % 10 == 3 ? INT64_MIN : INT64_MAX;  break;
        default: v = 42; break;                            /* repeats */
        }
        ref[i] = v;
        sa_chk_samples_add(&s, v);
    }
    qsort(ref, N, sizeof *ref, cmp_i64);
    static const double ps[] = {0.01, 1, 10, 25, 50, 75, 90, 99, 100};
    for (size_t k = 0; k < sizeof ps / sizeof *ps; k++) {
        int64_t v;
        assert_true(sa_chk_samples_percentile(&s, ps[k], &v));
        uint64_t pp = (uint64_t)(ps[k] * 100.0 + 0.5);
        uint64_t rank = (pp * N + 9999) / 10000;
        assert_true(v == ref[(rank ? rank : 1) - 1]);
    }
    /* a smaller value added after sorting is seen */
    sa_chk_samples_add(&s, INT64_MIN);
    sa_chk_samples_add(&s, INT64_MIN);
    int64_t v;
    assert_true(sa_chk_samples_percentile(&s, 0.01, &v));
    assert_true(v == INT64_MIN);
    for (size_t i = 1; i < s.n; i++)
        assert_true(s.v[i - 1] <= s.v[i]);
    sa_chk_samples_free(&s);
}

static void test_percentiles_past_the_cap(void **state)
{
    (void)state;
    sa_chk_samples a, b;
    sa_chk_samples_init(&a);
    sa_chk_samples_init(&b);
    /* 100 000 samples 0..99 999: past the cap a histogram takes over, exact
     * below 256 and within 1/128 above. */
    for (int64_t i = 0; i < 100000; i++)
        sa_chk_samples_add(i % 2 ? &a : &b, i);
    sa_chk_samples_merge(&a, &b);
    assert_int_equal(sa_chk_samples_count(&a), 100000);
    assert_non_null(a.hist);
    int64_t v;
    assert_true(sa_chk_samples_percentile(&a, 50, &v));
    assert_true(v <= 49999 && v >= 49999 - 49999 / 128 - 1);
    assert_true(sa_chk_samples_percentile(&a, 0.1, &v));
    assert_int_equal(v, 99);
    sa_chk_samples_free(&a);
    sa_chk_samples_free(&b);
}

/* Past the cap, values wait in the sample buffer and are counted into the histogram
 * in batches: the count, the percentiles and a merge see them as if counted one by one. */
static void test_percentiles_pending_values(void **state)
{
    (void)state;
    sa_chk_samples a, c;
    sa_chk_samples_init(&a);
    sa_chk_samples_init(&c);
    for (int64_t i = 0; i < SA_CHK_SAMPLE_CAP + 1; i++)
        sa_chk_samples_add(&a, 10); /* the 2 049th starts the histogram */
    for (int i = 0; i < 300; i++)
        sa_chk_samples_add(&a, 200); /* pending: not yet in a bucket */
    assert_non_null(a.hist);
    assert_true(a.n > 0);
    assert_int_equal(sa_chk_samples_count(&a), SA_CHK_SAMPLE_CAP + 301);
    int64_t v;
    /* Rank ceil(0.95 * 2 349) = 2 232, past the 2 049 tens. */
    assert_true(sa_chk_samples_percentile(&a, 95, &v));
    assert_int_equal(v, 200);
    assert_true(sa_chk_samples_percentile(&a, 50, &v));
    assert_int_equal(v, 10);
    /* Reading counted them; values added after it are pending again. */
    for (int i = 0; i < 5000; i++)
        sa_chk_samples_add(&a, 250);
    assert_int_equal(sa_chk_samples_count(&a), SA_CHK_SAMPLE_CAP + 5301);
    /* Merged into exact samples, the pending values come along: 3 exact + 7 350. */
    sa_chk_samples_add(&c, 1);
    sa_chk_samples_add(&c, 2);
    sa_chk_samples_add(&c, 3);
    sa_chk_samples_merge(&c, &a);
    assert_int_equal(sa_chk_samples_count(&c), SA_CHK_SAMPLE_CAP + 5304);
    assert_true(sa_chk_samples_rank(&c, 1, &v));
    assert_int_equal(v, 1);
    assert_true(sa_chk_samples_rank(&c, SA_CHK_SAMPLE_CAP + 5304, &v));
    assert_int_equal(v, 250);
    assert_true(sa_chk_samples_rank(&c, SA_CHK_SAMPLE_CAP + 4 + 300, &v));
    assert_int_equal(v, 200);
    assert_true(sa_chk_samples_rank(&c, SA_CHK_SAMPLE_CAP + 4 + 301, &v));
    assert_int_equal(v, 250);
    sa_chk_samples_free(&a);
    sa_chk_samples_free(&c);
}

/* The London clock by day gives sa_london_to_utc's answer every quarter of an hour
 * over two years (four clock changes, the spring gap and the autumn overlap), and
 * outside its days. */
static void test_london_clock_by_day(void **state)
{
    (void)state;
    sa_arena *arena = sa_arena_new();
    sa_chk_clock c;
    sa_chk_clock_build(&c, D("2007-01-01"), D("2008-12-31"), arena);
    assert_int_equal(c.ndays, 731);
    for (sa_datetime t = sa_datetime_make(D("2006-12-30"), 0); t < sa_datetime_make(D("2009-01-03"), 0); t += 900)
        assert_true(sa_chk_london_to_utc(&c, t) == sa_london_to_utc(t));
    /* 25 March 2007 01:30 is in the spring gap; 28 October 2007 01:30 happens twice. */
    assert_true(sa_chk_london_to_utc(&c, DT("2007-03-25T01:30")) == sa_london_to_utc(DT("2007-03-25T01:30")));
    assert_true(sa_chk_london_to_utc(&c, DT("2007-10-28T01:30")) == sa_london_to_utc(DT("2007-10-28T01:30")));
    assert_true(sa_chk_london_to_utc(&c, DT("2007-07-01T12:00")) == DT("2007-07-01T11:00"));
    sa_chk_clock none;
    sa_chk_clock_build(&none, D("2008-01-01"), D("2007-01-01"), arena);
    assert_int_equal(none.ndays, 0);
    assert_true(sa_chk_london_to_utc(&none, DT("2007-07-01T12:00")) == DT("2007-07-01T11:00"));
    sa_arena_free(arena);
}

static void test_fold(void **state)
{
    (void)state;
    sa_period_result p[3];
    memset(p, 0, sizeof p);
    p[0].verdict = SA_VERDICT_MET;
    p[1].verdict = SA_VERDICT_NOT_ASSESSABLE;
    p[2].verdict = SA_VERDICT_MET;
    assert_int_equal(sa_chk_fold(p, 3), SA_VERDICT_MET);
    p[2].verdict = SA_VERDICT_NOT_MET;
    assert_int_equal(sa_chk_fold(p, 3), SA_VERDICT_PARTIALLY_MET);
    p[0].verdict = SA_VERDICT_NOT_MET;
    assert_int_equal(sa_chk_fold(p, 3), SA_VERDICT_NOT_MET);
    p[0].verdict = SA_VERDICT_WAIVED;
    assert_int_equal(sa_chk_fold(p, 3), SA_VERDICT_PARTIALLY_MET);
    p[2].verdict = SA_VERDICT_WAIVED;
    assert_int_equal(sa_chk_fold(p, 3), SA_VERDICT_WAIVED);
    p[2].verdict = SA_VERDICT_MET;
    assert_int_equal(sa_chk_fold(p, 3), SA_VERDICT_WAIVED);
    for (int i = 0; i < 3; i++)
        p[i].verdict = SA_VERDICT_NOT_ASSESSABLE;
    assert_int_equal(sa_chk_fold(p, 3), SA_VERDICT_NOT_ASSESSABLE);
    assert_int_equal(sa_chk_fold(p, 0), SA_VERDICT_NOT_ASSESSABLE);
}

/* Newcombe (1998), "Two-sided confidence intervals for the single proportion",
 * Statistics in Medicine 17:857-872, table I, method 3 (Wilson score). */
static void test_wilson_published_values(void **state)
{
    (void)state;
    static const struct {
        int64_t k, n;
        double low, high; /* percent, as published to four decimals of a proportion */
    } cases[] = {
        {81, 263, 25.53, 36.62}, {15, 148, 6.24, 16.05}, {0, 20, 0.0, 16.11}, {1, 29, 0.61, 17.18},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double lo, hi;
        assert_true(sa_chk_wilson(cases[i].k, cases[i].n, &lo, &hi));
        assert_true(lo > cases[i].low - 0.006 && lo < cases[i].low + 0.006);
        assert_true(hi > cases[i].high - 0.006 && hi < cases[i].high + 0.006);
    }
}

static void test_wilson_edges(void **state)
{
    (void)state;
    double lo, hi;
    assert_false(sa_chk_wilson(0, 0, &lo, &hi)); /* no case: no interval */
    assert_false(sa_chk_wilson(3, 2, &lo, &hi));
    assert_true(sa_chk_wilson(8, 8, &lo, &hi)); /* 8/8: 67.56%..100%, not 100%..100% */
    assert_true(hi == 100.0);
    assert_true(lo > 67.5 && lo < 67.6);
    assert_true(sa_chk_wilson(0, 8, &lo, &hi));
    assert_true(lo == 0.0);
    assert_true(hi > 32.4 && hi < 32.5);
    assert_true(sa_chk_wilson(7, 8, &lo, &hi)); /* 7/8 = 87.5%: 52.91%..97.76%, consistent with >= 90% */
    assert_true(lo > 52.9 && lo < 53.0);
    assert_true(hi > 97.7 && hi < 97.8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid_months_clipped),
        cmocka_unit_test(test_grid_find_every_day),
        cmocka_unit_test(test_grid_fortnights_keep_their_anchor),
        cmocka_unit_test(test_grid_full_end_ignores_clipping),
        cmocka_unit_test(test_grid_weeks_and_fortnights),
        cmocka_unit_test(test_grid_quarters_years_period),
        cmocka_unit_test(test_ivset_union),
        cmocka_unit_test(test_ivset_compacts_as_it_grows),
        cmocka_unit_test(test_exset_keeps_first_rows_in_any_order),
        cmocka_unit_test(test_percentiles_nearest_rank),
        cmocka_unit_test(test_percentiles_match_a_full_sort),
        cmocka_unit_test(test_percentiles_past_the_cap),
        cmocka_unit_test(test_percentiles_pending_values),
        cmocka_unit_test(test_london_clock_by_day),
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_wilson_published_values),
        cmocka_unit_test(test_wilson_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
