/* distinct.c — the spec half of `distinct`: the number of distinct values of
 * a column per period (distinct patients seen, distinct care homes
 * attending), exact up to 16 384 values and an estimate past them. */
#include <string.h>

#include "spec/kinds/kind_load.h"

static const char *const keys[] = {"kind", "dataset", "column", "at", "where", "target", "per", NULL};

static void init(sa_check *ck)
{
    ck->distinct.column.index = ck->distinct.at.index = -1;
}

static void load(sa_ld *l, sa_check *ck, sa_yn *map)
{
    sa_ld_colref(l, ck, map, "column", true, SA_LD_ANY, "the values counted once each", &ck->distinct.column);
    sa_ld_colref(l, ck, map, "at", true, SA_LD_DATEISH, "the date placing each row in a period",
                 &ck->distinct.at);
    sa_ld_per(l, ck, map);
    sa_ld_target(l, ck, map);
}

static const sa_colref *column(const sa_check *ck, const char *key)
{
    if (strcmp(key, "column") == 0)
        return &ck->distinct.column;
    return strcmp(key, "at") == 0 ? &ck->distinct.at : NULL;
}

static void describe(const sa_spec *spec, const sa_check *ck, sa_buf *out)
{
    (void)spec;
    sa_describe_field(out, "Kind", "distinct: the number of different values of %s over the rows dated by %s",
                      sa_describe_column(&ck->distinct.column), sa_describe_column(&ck->distinct.at));
    sa_describe_field(out, "Counting", "exact up to 16384 values; past them a HyperLogLog estimate "
                      "(relative standard error 0.81%%), reported as an estimate");
    sa_describe_field(out, "No rows", "a period with no rows is not assessable");
}

static void describe_empty(const sa_check *ck, sa_buf *out)
{
    sa_buf_printf(out, "  A row with no %s is not counted, and is reported separately as unknown.\n",
                  sa_describe_column(&ck->distinct.column));
}

static void diff_reads(const sa_check_differ *d, const sa_check *a, const sa_check *b)
{
    d->column(d, "column", &a->distinct.column, &b->distinct.column);
    d->column(d, "at", &a->distinct.at, &b->distinct.at);
}

const sa_check_def sa_check_def_distinct = {
    .name = "distinct",
    .keys = keys,
    .reads_dataset = true,
    .per = SA_PER_MONTH,
    .default_target = ">= 1",
    .target_required = true,
    .target_what = "the comparison the number of distinct values must meet, e.g. \">= 40\"",
    .varies_target = true,
    .target_per_period = true,
    .counts_label = "Distinct values",
    .init = init,
    .load = load,
    .column = column,
    .describe = describe,
    .describe_empty = describe_empty,
    .diff_reads = diff_reads,
};
