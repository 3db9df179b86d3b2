/* daily_activity.c — the spec half of `daily_activity`: rows dated by `at`
 * must show activity on each of the required `days` (a 7-day service). */
#include <string.h>

#include "spec/kinds/kind_load.h"

static const char *const keys[] = {"kind", "dataset", "at", "days", "where", "per", "assess", "target", NULL};

static void init(sa_check *ck)
{
    ck->daily_activity.at.index = -1;
    ck->daily_activity.days = SA_DAYS_ALL;
}

static void load(sa_ld *l, sa_check *ck, sa_yn *map)
{
    sa_ld_colref(l, ck, map, "at", true, SA_LD_DATEISH, "the date of each activity", &ck->daily_activity.at);
    if (sa_ld_value(map, "days"))
        sa_ld_days(l, sa_ld_value(map, "days"), &ck->daily_activity.days);
    sa_ld_per(l, ck, map);
    sa_ld_target(l, ck, map);
}

static const sa_colref *column(const sa_check *ck, const char *key)
{
    return strcmp(key, "at") == 0 ? &ck->daily_activity.at : NULL;
}

static void describe(const sa_spec *spec, const sa_check *ck, sa_buf *out)
{
    (void)spec;
    char buf[32];
    sa_days_format(ck->daily_activity.days, buf);
    sa_describe_field(out, "Kind", "daily activity: rows dated by %s must show activity on every one of %s",
                      sa_describe_column(&ck->daily_activity.at), buf);
}

static void diff(const sa_check_differ *d, const sa_check *a, const sa_check *b)
{
    uint8_t da = a->daily_activity.days, db = b->daily_activity.days;
    if (da == db)
        return;
    char ta[32], tb[32];
    sa_days_format(da, ta);
    sa_days_format(db, tb);
    sa_edit e = SA_EDIT_CHANGED;
    if ((da & db) == da)
        e = SA_EDIT_TIGHTENED; /* every old day still required, and more */
    else if ((da & db) == db)
        e = SA_EDIT_LOOSENED;
    d->note(d, e, a->pos, b->pos, "days %s -> %s", ta, tb);
}

static void diff_reads(const sa_check_differ *d, const sa_check *a, const sa_check *b)
{
    d->column(d, "at", &a->daily_activity.at, &b->daily_activity.at);
}

const sa_check_def sa_check_def_daily_activity = {
    .name = "daily_activity",
    .keys = keys,
    .reads_dataset = true,
    .per = SA_PER_PERIOD,
    .default_target = ">= 100%",
    .share_of = "periods",
    .varies_target = true,
    .target_per_period = true,
    .counts_label = "Weeks with activity on every required day",
    .init = init,
    .load = load,
    .column = column,
    .describe = describe,
    .diff = diff,
    .diff_reads = diff_reads,
};
