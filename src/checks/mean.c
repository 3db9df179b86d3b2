/* mean.c — `mean`: the average of a numeric or duration column, or of the
 * time from `from` to `to`, per period and pooled (mean days from referral to
 * death), with the rows behind each figure (stat.c). Exact: the total of the
 * values (long double) divided by their number; no samples are kept. */
#include "checks/checks_internal.h"

static bool mean_of(sa_chk_samples *s, long double total, int64_t n, double factor, double *out,
                    double *high)
{
    (void)s;
    (void)factor;
    if (n <= 0)
        return false;
    *out = *high = (double)(total / (long double)n);
    return true;
}

static void *mean_new(const sa_chk_req *cr, sa_date from, sa_date to)
{
    return sa_chk_stat_new(cr, from, to, false);
}

static void mean_row(void *acc, const sa_chk_req *cr, sa_chk_local *loc, const sa_row *row)
{
    sa_chk_stat_row(acc, cr, loc, row, &cr->check->mean.value);
}

static void mean_finish(void *acc, sa_chk_final *fin)
{
    sa_chk_stat_finish(acc, fin, &fin->cr->check->mean.value, "mean", mean_of);
}

static const char *mean_prepare(sa_chk_req *cr, sa_arena *arena)
{
    (void)arena;
    return sa_chk_stat_prepare(&cr->check->mean.value);
}

const sa_chk_kind sa_chk_kind_mean = {
    .name = "mean",
    .prepare = mean_prepare,
    .acc_new = mean_new,
    .acc_row = mean_row,
    .acc_merge = sa_chk_stat_merge,
    .acc_finish = mean_finish,
    .acc_free = sa_chk_stat_free,
};
