/* daily_activity.c — `daily_activity`: evidence of activity (rows dated by
 * `at`) on each required weekday of every ISO week, e.g. admissions on
 * Saturdays and Sundays proving 7-day in-patient access. The measure is the
 * share of weeks with activity on every required day; weeks cut by the
 * assessment range require only their days inside it. */
#include <stdlib.h>
#include <string.h>

#include "checks/checks_internal.h"
#include "core/alloc.h"

typedef struct da_acc {
    sa_date from, to;
    size_t ndays;
    uint8_t *active; /* one bit per day of [from, to] */
    int64_t rows;
    int64_t undated;
} da_acc;

static void *da_new(const sa_chk_req *cr, sa_date from, sa_date to)
{
    (void)cr;
    da_acc *a = sa_xcalloc(1, sizeof *a);
    a->from = from;
    a->to = to;
    a->ndays = to >= from ? (size_t)(to - from + 1) : 0;
    a->active = sa_xcalloc(a->ndays / 8 + 1, 1);
    return a;
}

static void da_free(void *acc)
{
    da_acc *a = acc;
    if (!a)
        return;
    free(a->active);
    free(a);
}

static void da_row(void *acc, const sa_chk_req *cr, sa_chk_local *loc, const sa_row *row)
{
    da_acc *a = acc;
    if (sa_chk_where(loc, row) != SA_TRI_TRUE)
        return;
    sa_date d;
    if (!sa_chk_value_date(sa_chk_cell(row, cr->check->daily_activity.at.index), &d)) {
        a->undated++;
        return;
    }
    if (d < a->from || d > a->to)
        return;
    size_t i = (size_t)(d - a->from);
    a->active[i / 8] |= (uint8_t)(1u << (i % 8));
    a->rows++;
}

static bool is_active(const da_acc *a, sa_date d)
{
    if (d < a->from || d > a->to)
        return false;
    size_t i = (size_t)(d - a->from);
    return (a->active[i / 8] >> (i % 8)) & 1u;
}

static void da_merge(void *dst, const void *src, const sa_chk_req *cr)
{
    (void)cr;
    da_acc *d = dst;
    const da_acc *s = src;
    /* Accumulators of one row share a range; the system row's range holds every provider's. */
    for (sa_date day = s->from; day <= s->to; day++)
        if (is_active(s, day) && day >= d->from && day <= d->to) {
            size_t i = (size_t)(day - d->from);
            d->active[i / 8] |= (uint8_t)(1u << (i % 8));
        }
    d->rows += s->rows;
    d->undated += s->undated;
}

static const char *const day_names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
static const char *const metric_names[7] = {"weeks_without_mon", "weeks_without_tue", "weeks_without_wed",
                                            "weeks_without_thu", "weeks_without_fri", "weeks_without_sat",
                                            "weeks_without_sun"};
static const char *const metric_labels[7] = {
    "Weeks without activity on a Monday",   "Weeks without activity on a Tuesday",
    "Weeks without activity on a Wednesday", "Weeks without activity on a Thursday",
    "Weeks without activity on a Friday",   "Weeks without activity on a Saturday",
    "Weeks without activity on a Sunday"};

static void da_finish(void *acc, sa_chk_final *fin)
{
    da_acc *a = acc;
    const sa_chk_req *cr = fin->cr;
    sa_result *r = fin->r;
    sa_arena *arena = fin->arena;
    uint8_t days = cr->check->daily_activity.days ? cr->check->daily_activity.days : SA_DAYS_ALL;
    size_t n = sa_chk_periods_for(fin, &cr->grid, NULL);
    int64_t *num = sa_xcalloc(n ? n : 1, sizeof *num), *den = calloc(n ? n : 1, sizeof *den);
    int64_t lacking[7] = {0};
    sa_period_grid weeks;
    sa_period_grid_build(&weeks, SA_PER_WEEK, fin->from, fin->to);
    size_t max = cr->max_examples;
    sa_example *ex = max ? sa_arena_calloc(arena, max, sizeof *ex) : NULL;
    size_t nex = 0;
    uint64_t ex_total = 0;
    int64_t ok_weeks = 0, all_weeks = 0;
    size_t k = 0;
    sa_buf msg = SA_BUF_INIT;
    for (size_t w = 0; w < weeks.n && n; w++) {
        uint8_t missing = 0, required = 0;
        for (sa_date d = weeks.from[w]; d <= weeks.to[w]; d++) {
            int wd = sa_date_weekday(d);
            if (!(days & (1u << wd)))
                continue;
            required |= (uint8_t)(1u << wd);
            if (!is_active(a, d))
                missing |= (uint8_t)(1u << wd);
        }
        if (!required)
            continue;
        while (k + 1 < n && weeks.from[w] > r->periods[k].to)
            k++;
        den[k]++;
        all_weeks++;
        if (!missing) {
            num[k]++;
            ok_weeks++;
            continue;
        }
        for (int i = 0; i < 7; i++)
            if (missing & (1u << i))
                lacking[i]++;
        ex_total++;
        if (nex < max) {
            char f[11];
            sa_date_format(weeks.from[w], f);
            sa_buf_clear(&msg);
            sa_buf_printf(&msg, "week of %s: no activity on ", f);
            bool first = true;
            for (int i = 0; i < 7; i++)
                if (missing & (1u << i)) {
                    sa_buf_printf(&msg, "%s%s", first ? "" : ", ", day_names[i]);
                    first = false;
                }
            ex[nex].message = sa_arena_strdup(arena, sa_buf_cstr(&msg));
            nex++;
        }
    }
    sa_buf_free(&msg);
    sa_period_grid_free(&weeks);
    for (size_t i = 0; i < n; i++) {
        sa_period_result *p = &r->periods[i];
        p->numerator = num[i];
        p->denominator = den[i];
        if (den[i] == 0) {
            p->verdict = SA_VERDICT_NOT_ASSESSABLE;
            p->note = "no week with a required day";
            continue;
        }
        p->has_measured = true;
        p->measured = sa_chk_pct(num[i], den[i]);
        p->verdict = sa_target_holds(&fin->target, p->measured) ? SA_VERDICT_MET : SA_VERDICT_NOT_MET;
    }
    free(num);
    free(den);
    r->examples = ex;
    r->nexamples = nex;
    r->examples_total = ex_total;
    r->numerator = ok_weeks;
    r->denominator = all_weeks;
    r->unknown = a->undated;
    r->measured_unit = "%";
    char dm[32];
    sa_days_format(days, dm);
    if (all_weeks) {
        r->has_measured = true;
        r->measured = sa_chk_pct(ok_weeks, all_weeks);
        sa_buf_printf(fin->measure, "%.1f%% of weeks with activity on every required day (%s) (%lld/%lld)",
                      r->measured, dm, (long long)ok_weeks, (long long)all_weeks);
    } else {
        sa_buf_puts(fin->measure, "no week to assess");
    }
    for (int i = 0; i < 7; i++)
        if (days & (1u << i))
            sa_chk_metric(fin, metric_names[i], metric_labels[i], (double)lacking[i], "weeks");
    sa_chk_metric(fin, "rows", "Activity rows in the period", (double)a->rows, "count");
}

static const char *daily_prepare(sa_chk_req *cr, sa_arena *arena)
{
    (void)arena;
    return sa_chk_column_ok(&cr->check->daily_activity.at) ? NULL : "at";
}

const sa_chk_kind sa_chk_kind_daily_activity = {
    .name = "daily_activity",
    .prepare = daily_prepare,
    .acc_new = da_new,
    .acc_row = da_row,
    .acc_merge = da_merge,
    .acc_finish = da_finish,
    .acc_free = da_free,
};
