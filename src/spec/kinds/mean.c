/* mean.c — the spec half of `mean`: the mean of a numeric or duration column,
 * or of the time between two date or datetime columns, per period (e.g.
 * mean days from referral to death "<= 30d"), with the rows behind each figure. */
#include <string.h>

#include "spec/kinds/kind_load.h"

static const char *const keys[] = {"kind", "dataset", "column", "from", "to", "at", "where", "target", "per",
                                   "assess", "min_denominator", NULL};

static void init(sa_check *ck)
{
    sa_stat_value *v = &ck->mean.value;
    v->column.index = v->from.index = v->to.index = v->at.index = -1;
}

static void load(sa_ld *l, sa_check *ck, sa_yn *map)
{
    sa_ld_stat_value(l, ck, map, &ck->mean.value);
}

static sa_target_unit target_unit(const sa_check *ck)
{
    return sa_stat_target_unit(ck, &ck->mean.value);
}

static const sa_colref *column(const sa_check *ck, const char *key)
{
    return sa_stat_column(&ck->mean.value, key);
}

static void describe(const sa_spec *spec, const sa_check *ck, sa_buf *out)
{
    (void)spec;
    sa_stat_describe(ck, &ck->mean.value, "mean", out);
    sa_describe_field(out, "Mean", "exact: the total of the values divided by the number of rows");
}

static void describe_empty(const sa_check *ck, sa_buf *out)
{
    sa_stat_describe_empty(&ck->mean.value, out);
}

static void diff_reads(const sa_check_differ *d, const sa_check *a, const sa_check *b)
{
    sa_stat_diff_reads(d, &a->mean.value, &b->mean.value);
}

const sa_check_def sa_check_def_mean = {
    .name = "mean",
    .baseline = SA_BASELINE_LEVEL,
    .keys = keys,
    .reads_dataset = true,
    .per = SA_PER_MONTH,
    .default_target = ">= 0",
    .target_required = true,
    .target_what = "the comparison the mean must meet, e.g. \"<= 14d\" or \">= 7.5\"",
    .varies_target = true,
    .target_per_period = true,
    .counts_label = "Rows measured",
    .init = init,
    .load = load,
    .target_unit = target_unit,
    .column = column,
    .describe = describe,
    .describe_empty = describe_empty,
    .diff_reads = diff_reads,
};
