/* median.c — `median`: the middle value of a numeric or duration column, or
 * of the time from `from` to `to`, per period and pooled (median length of
 * stay "<= 14d"), with the rows behind each figure (stat.c). Of an even
 * number of rows it is the mean of the two middle values while the samples
 * are exact; past SA_CHK_SAMPLE_CAP rows in a group it is read from the
 * histogram: the figure is the least the median can be (the middle values'
 * buckets' lower ends), *high the most, and the report says so when they
 * differ (above 256 units, buckets are 1/128 wide). */
#include "checks/checks_internal.h"

static bool median_of(sa_chk_samples *s, long double total, int64_t n, double factor, double *out,
                      double *high)
{
    (void)total;
    int64_t a, a_high, b, b_high; /* the two middle values (the same one of an odd count) */
    uint64_t count = sa_chk_samples_count(s);
    if (n <= 0 || !sa_chk_samples_rank_range(s, (count + 1) / 2, &a, &a_high))
        return false;
    b = a;
    b_high = a_high;
    if (count % 2 == 0)
        sa_chk_samples_rank_range(s, count / 2 + 1, &b, &b_high);
    *out = ((double)a + (double)b) / 2.0 * factor;
    *high = ((double)a_high + (double)b_high) / 2.0 * factor;
    return true;
}

static void *median_new(const sa_chk_req *cr, sa_date from, sa_date to)
{
    return sa_chk_stat_new(cr, from, to, true);
}

static void median_row(void *acc, const sa_chk_req *cr, sa_chk_local *loc, const sa_row *row)
{
    sa_chk_stat_row(acc, cr, loc, row, &cr->check->median.value);
}

static void median_finish(void *acc, sa_chk_final *fin)
{
    sa_chk_stat_finish(acc, fin, &fin->cr->check->median.value, "median", median_of);
}

static const char *median_prepare(sa_chk_req *cr, sa_arena *arena)
{
    (void)arena;
    return sa_chk_stat_prepare(&cr->check->median.value);
}

const sa_chk_kind sa_chk_kind_median = {
    .name = "median",
    .prepare = median_prepare,
    .acc_new = median_new,
    .acc_row = median_row,
    .acc_merge = sa_chk_stat_merge,
    .acc_finish = median_finish,
    .acc_free = sa_chk_stat_free,
};
