/* count.c — the spec half of `count`: rows per period against a number such
 * as ">= 4" (education sessions held). */
#include <string.h>

#include "spec/kinds/kind_load.h"

static const char *const keys[] = {"kind", "dataset", "at", "where", "target", "per", NULL};

static void init(sa_check *ck)
{
    ck->count.at.index = -1;
}

static void load(sa_ld *l, sa_check *ck, sa_yn *map)
{
    sa_ld_colref(l, ck, map, "at", true, SA_LD_DATEISH, "the date placing each row in a period", &ck->count.at);
    sa_ld_per(l, ck, map);
    sa_ld_target(l, ck, map);
}

static const sa_colref *column(const sa_check *ck, const char *key)
{
    return strcmp(key, "at") == 0 ? &ck->count.at : NULL;
}

static void describe(const sa_spec *spec, const sa_check *ck, sa_buf *out)
{
    (void)spec;
    sa_describe_field(out, "Kind", "count: the number of rows dated by %s", sa_describe_column(&ck->count.at));
    sa_describe_field(out, "Plan", "a provider's agreement may plan this count (<activity>): its rows over the "
                                   "term are then compared with the planned volume pro rata, and the variance is "
                                   "shown beside the verdict");
}

static void diff_reads(const sa_check_differ *d, const sa_check *a, const sa_check *b)
{
    d->column(d, "at", &a->count.at, &b->count.at);
}

const sa_check_def sa_check_def_count = {
    .name = "count",
    .baseline = SA_BASELINE_TOTAL,
    .keys = keys,
    .reads_dataset = true,
    .per = SA_PER_MONTH,
    .default_target = ">= 1",
    .target_required = true,
    .target_what = "the comparison rows must meet, e.g. \">= 4\"",
    .varies_target = true,
    .target_per_period = true,
    .init = init,
    .load = load,
    .column = column,
    .describe = describe,
    .diff_reads = diff_reads,
};
