/* sum.c — the spec half of `sum`: the total of a numeric or duration column
 * per period against a target such as ">= 200h" (consultant advice a
 * quarter) or ">= 120" (learners reached). */
#include <string.h>

#include "spec/kinds/kind_load.h"

static const char *const keys[] = {"kind", "dataset", "column", "at", "where", "target", "per", NULL};

static void init(sa_check *ck)
{
    ck->sum.column.index = ck->sum.at.index = -1;
}

static void load(sa_ld *l, sa_check *ck, sa_yn *map)
{
    sa_ld_colref(l, ck, map, "column", true, SA_LD_NUMERIC | SA_LD_DURATION, "the values totalled",
                 &ck->sum.column);
    sa_ld_colref(l, ck, map, "at", true, SA_LD_DATEISH, "the date placing each row in a period", &ck->sum.at);
    sa_ld_per(l, ck, map);
    sa_ld_target(l, ck, map);
}

static sa_target_unit target_unit(const sa_check *ck)
{
    return sa_ld_column_unit(ck, &ck->sum.column);
}

static const sa_colref *column(const sa_check *ck, const char *key)
{
    if (strcmp(key, "column") == 0)
        return &ck->sum.column;
    return strcmp(key, "at") == 0 ? &ck->sum.at : NULL;
}

static void describe(const sa_spec *spec, const sa_check *ck, sa_buf *out)
{
    (void)spec;
    sa_describe_field(out, "Kind", "sum: the total of %s over the rows dated by %s",
                      sa_describe_column(&ck->sum.column), sa_describe_column(&ck->sum.at));
    sa_describe_field(out, "No rows", "a period with no rows totals 0 once the provider sent any row");
}

static void describe_empty(const sa_check *ck, sa_buf *out)
{
    sa_buf_printf(out,
                  "  A row with no %s is left out of the total (never counted as 0) and reported\n"
                  "  separately as unknown.\n",
                  sa_describe_column(&ck->sum.column));
}

static void diff_reads(const sa_check_differ *d, const sa_check *a, const sa_check *b)
{
    d->column(d, "column", &a->sum.column, &b->sum.column);
    d->column(d, "at", &a->sum.at, &b->sum.at);
}

const sa_check_def sa_check_def_sum = {
    .name = "sum",
    .baseline = SA_BASELINE_TOTAL,
    .keys = keys,
    .reads_dataset = true,
    .per = SA_PER_MONTH,
    .default_target = ">= 1",
    .target_required = true,
    .target_what = "the comparison the total must meet, e.g. \">= 200h\" or \">= 120\"",
    .varies_target = true,
    .target_per_period = true,
    .counts_label = "Rows totalled",
    .init = init,
    .load = load,
    .target_unit = target_unit,
    .column = column,
    .describe = describe,
    .describe_empty = describe_empty,
    .diff_reads = diff_reads,
};
