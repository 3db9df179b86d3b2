/*
 * baseline.c — a requirement judged by its change against a baseline
 * (`baseline: {from, to}`, `change: "<= -10%"`), for the kinds whose spec half
 * takes one (count, sum, mean, median, proportion).
 *
 * The baseline is read from the same returns: besides the kind's accumulator
 * over the range assessed, the engine gives each (requirement, provider) one
 * more, this module's, which feeds the kind's own accumulator over the
 * baseline range (cr->baseline, a request of one period) and counts the rows
 * dated in either range. Finishing runs the kind's finish over the baseline
 * to get its figure, compares the current figure with it and makes the
 * change the verdict of the row's period.
 *
 * Verdict rule: met when the change meets the target; not assessable — never
 * met — when either range has no row dated in it (a return that does not
 * cover it), when either figure is missing or below the kind's minimum, or,
 * for a relative change, when the baseline figure is 0 or less. Totals (count,
 * sum) are compared as they are over as many whole calendar months (a year
 * against a year, leap or not), else per day; levels (mean,
 * median) as they are; shares (proportion) in percentage points.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "checks/checks_internal.h"
#include "core/alloc.h"
#include "spec/kind.h"

typedef struct baseline_acc {
    void *kind_acc;     /* the kind's accumulator over the baseline range (NULL: an earlier report's figure) */
    int at;             /* the column dating a row (the check's `at`) */
    int64_t rows_base;  /* rows dated in the baseline range, whatever `where` says */
    int64_t rows_now;   /* rows dated in the range assessed */
} baseline_acc;

void sa_chk_baseline_prepare(sa_chk_req *cr, sa_arena *arena)
{
    const sa_baseline *bl = &cr->check->baseline;
    if (!bl->set || cr->error)
        return;
    sa_chk_req *b = sa_arena_calloc(arena, 1, sizeof *b);
    *b = *cr;
    b->from = bl->report ? 1 : bl->from; /* an earlier report: no range of the returns (empty) */
    b->to = bl->report ? 0 : bl->to;
    b->per = SA_PER_PERIOD;
    b->baseline = NULL;
    sa_period_grid_build(&b->grid, SA_PER_PERIOD, b->from, b->to);
    cr->baseline = b;
}

void sa_chk_baseline_release(sa_chk_req *cr)
{
    if (cr->baseline)
        sa_period_grid_free(&cr->baseline->grid);
    sa_period_grid_free(&cr->grid);
}

void *sa_chk_baseline_new(const sa_chk_req *cr)
{
    const sa_chk_req *b = cr->baseline;
    baseline_acc *a = sa_xcalloc(1, sizeof *a);
    a->kind_acc = cr->check->baseline.report ? NULL : b->kind->acc_new(b, b->from, b->to);
    const sa_colref *at = sa_check_column(cr->check, "at");
    a->at = at ? at->index : -1;
    return a;
}

void sa_chk_baseline_row(void *acc, const sa_chk_req *cr, sa_chk_local *loc, const sa_row *row)
{
    baseline_acc *a = acc;
    const sa_chk_req *b = cr->baseline;
    sa_date d;
    if (sa_chk_value_date(sa_chk_cell(row, a->at), &d)) {
        a->rows_base += d >= b->from && d <= b->to;
        a->rows_now += d >= cr->from && d <= cr->to;
    }
    if (a->kind_acc)
        b->kind->acc_row(a->kind_acc, b, loc, row);
}

void sa_chk_baseline_merge(void *dst, const void *src, const sa_chk_req *cr)
{
    baseline_acc *d = dst;
    const baseline_acc *s = src;
    if (d->kind_acc)
        cr->baseline->kind->acc_merge(d->kind_acc, s->kind_acc, cr->baseline);
    d->rows_base += s->rows_base;
    d->rows_now += s->rows_now;
}

void sa_chk_baseline_free(void *acc, const sa_chk_req *cr)
{
    baseline_acc *a = acc;
    if (!a)
        return;
    if (a->kind_acc)
        cr->baseline->kind->acc_free(a->kind_acc);
    free(a);
}

/* A figure of one period that can be compared: measured and assessable. */
static bool figure_of(const sa_result *r, double *out)
{
    for (size_t i = 0; i < r->nperiods; i++)
        if (r->periods[i].verdict == SA_VERDICT_NOT_ASSESSABLE)
            return false;
    *out = r->measured;
    return r->has_measured && r->nperiods > 0;
}

/* The baseline's figure: the kind's own finish over the baseline range. */
static bool baseline_figure(const sa_chk_final *fin, const baseline_acc *a, double *out)
{
    const sa_chk_req *b = fin->cr->baseline;
    sa_result r;
    memset(&r, 0, sizeof r);
    sa_buf measure = SA_BUF_INIT;
    sa_chk_final bf = {.cr = b, .pp = fin->pp, .from = b->from, .to = b->to, .target = fin->target,
                       .arena = fin->arena, .r = &r, .measure = &measure, .per = SA_PER_PERIOD};
    b->kind->acc_finish(a->kind_acc, &bf);
    sa_buf_free(&measure);
    return figure_of(&r, out);
}

static void put_figure(sa_buf *out, double v, const char *unit)
{
    if (unit && strcmp(unit, "%") == 0)
        sa_buf_printf(out, "%.1f%%", v);
    else
        sa_chk_format_amount(out, v, unit && strcmp(unit, "seconds") == 0);
}

/* "2023-04-01 to 2024-03-31: 200; current 180; change -10.0% (target <= -10%)". */
/* "2023-04-01 to 2024-03-31", with the earlier report's name when it is one. */
static void put_range(sa_buf *out, const sa_baseline_result *b)
{
    char f[11], t[11];
    if (b->from == SA_DATE_NONE) {
        sa_buf_puts(out, "no earlier report");
        return;
    }
    sa_date_format(b->from, f);
    sa_date_format(b->to, t);
    sa_buf_printf(out, "%s to %s", f, t);
    if (b->report)
        sa_buf_printf(out, " in %s", b->report);
}

static void baseline_text(sa_baseline_result *b, const char *why, sa_arena *arena)
{
    sa_buf s = SA_BUF_INIT;
    put_range(&s, b);
    sa_buf_puts(&s, b->from == SA_DATE_NONE ? "; baseline " : ": ");
    if (b->has_baseline)
        put_figure(&s, b->baseline, b->unit);
    else
        sa_buf_puts(&s, "none");
    sa_buf_puts(&s, "; current ");
    if (b->has_current)
        put_figure(&s, b->current, b->unit);
    else
        sa_buf_puts(&s, "none");
    if (b->has_change)
        sa_buf_printf(&s, "; change %+.1f%s%s", b->change, b->points ? "pp" : "%", b->per_day ? " per day" : "");
    sa_buf_printf(&s, " (target %s)", b->target);
    if (why)
        sa_buf_printf(&s, ": %s", why);
    b->text = sa_arena_strdup(arena, sa_buf_cstr(&s));
    sa_buf_free(&s);
}

/* The measurement: "180 against a baseline of 200 (2023-04-01 to 2024-03-31): change -10.0%". */
static void baseline_measure(const sa_baseline_result *b, sa_buf *out)
{
    sa_buf_clear(out);
    if (b->has_current)
        put_figure(out, b->current, b->unit);
    else
        sa_buf_puts(out, "no figure");
    if (b->has_baseline) {
        sa_buf_puts(out, " against a baseline of ");
        put_figure(out, b->baseline, b->unit);
        sa_buf_puts(out, " (");
        put_range(out, b);
        sa_buf_putc(out, ')');
    } else {
        sa_buf_puts(out, "; no baseline figure for ");
        put_range(out, b);
    }
    if (b->has_change)
        sa_buf_printf(out, ": change %+.1f%s%s", b->change, b->points ? "pp" : "%", b->per_day ? " per day" : "");
}

/* Whole calendar months in [from, to], or 0 when it starts or ends mid-month. */
static int whole_months(sa_date from, sa_date to)
{
    int y1, m1, d1, y2, m2, d2;
    sa_date_to_ymd(from, &y1, &m1, &d1);
    sa_date_to_ymd(to, &y2, &m2, &d2);
    if (d1 != 1 || to + 1 != sa_date_month_start(to + 1) || to < from)
        return 0;
    return (y2 - y1) * 12 + (m2 - m1) + 1;
}

/* How many baseline units one unit of the range assessed is worth: 1 for as
 * many whole months on both sides (a year against a year, leap or not), else
 * the ratio of their days. */
static double total_ratio(const sa_baseline_result *b, const sa_chk_final *fin)
{
    int now_months = whole_months(fin->from, fin->to);
    if (now_months && now_months == whole_months(b->from, b->to))
        return 1;
    return (double)(b->to - b->from + 1) / (double)(fin->to - fin->from + 1);
}

/* Why the change cannot be taken, or NULL when b->change is set. */
static const char *compare(sa_baseline_result *b, sa_baseline_use use, const sa_chk_final *fin)
{
    if (!b->has_baseline)
        return "the baseline has no figure to compare with";
    if (!b->has_current)
        return "the period assessed has no figure to compare";
    if (use == SA_BASELINE_SHARE) {
        b->change = b->current - b->baseline;
        return NULL;
    }
    if (b->baseline <= 0)
        return "the baseline figure is 0, so a relative change cannot be taken";
    double ratio = 1;
    if (use == SA_BASELINE_TOTAL) {
        ratio = total_ratio(b, fin);
        b->per_day = ratio != 1;
    }
    b->change = (b->current * ratio - b->baseline) / b->baseline * 100.0;
    return NULL;
}

/* Every assessed period of the row gets the change's verdict (one period: `per: period`). */
static void set_periods(sa_result *r, sa_verdict v, const char *note)
{
    for (size_t i = 0; i < r->nperiods; i++) {
        if (r->periods[i].verdict == SA_VERDICT_NOT_IN_FORCE)
            continue;
        r->periods[i].verdict = v;
        r->periods[i].note = note;
    }
}

/* The baseline's figure from the same returns; why there is none, or NULL. */
static const char *from_returns(const sa_chk_final *fin, const baseline_acc *a, sa_baseline_result *b)
{
    if (!a || a->rows_base == 0)
        return "no rows are dated in the baseline range";
    b->has_baseline = baseline_figure(fin, a, &b->baseline);
    return NULL;
}

/* The baseline's figure from the earlier report (its row for the same provider,
 * or the system-wide row); why there is none, or NULL. */
static const char *from_report(const sa_chk_final *fin, sa_baseline_result *b)
{
    const sa_chk_req *cr = fin->cr;
    if (!cr->prior)
        return "no earlier report was given (check --baseline FILE)";
    sa_prior_report_range(cr->prior, &b->from, &b->to);
    b->report = sa_prior_report_path(cr->prior);
    const sa_prior_row *row = sa_prior_report_find(cr->prior, cr->req->id, fin->pp ? fin->pp->code : NULL);
    if (!row || !row->has)
        return "the earlier report has no figure for this requirement and provider";
    if (row->unit && fin->r->measured_unit && strcmp(row->unit, fin->r->measured_unit) != 0)
        return "the earlier report measures it in another unit";
    b->has_baseline = true;
    b->baseline = row->value;
    return NULL;
}

void sa_chk_baseline_finish(sa_chk_final *fin, const void *acc)
{
    const sa_chk_req *cr = fin->cr;
    const sa_baseline *bl = &cr->check->baseline;
    sa_result *r = fin->r;
    sa_baseline_result *b = &r->baseline;
    const baseline_acc *a = acc;
    sa_baseline_use use = sa_check_def_of(cr->check->kind)->baseline;
    b->set = true;
    b->from = bl->report ? SA_DATE_NONE : bl->from;
    b->to = bl->report ? SA_DATE_NONE : bl->to;
    b->unit = r->measured_unit;
    b->points = bl->points;
    b->target = bl->change_text;
    const char *why = bl->report ? from_report(fin, b) : from_returns(fin, a, b);
    if (!why && (!a || a->rows_now == 0))
        why = "no rows are dated in the period assessed";
    b->has_current = a && a->rows_now && figure_of(r, &b->current);
    if (!why)
        why = compare(b, use, fin);
    b->has_change = !why;
    baseline_text(b, why, fin->arena);
    baseline_measure(b, fin->measure);
    if (why) {
        r->reason = why;
        set_periods(r, SA_VERDICT_NOT_ASSESSABLE, why);
        return;
    }
    sa_target t = {.set = true, .op = bl->op, .value = bl->change, .unit = SA_UNIT_PERCENT};
    set_periods(r, sa_target_holds(&t, b->change) ? SA_VERDICT_MET : SA_VERDICT_NOT_MET, NULL);
}
