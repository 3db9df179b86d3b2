/* stat.c — what `mean` and `median` share: the value of a row (a numeric or
 * duration column, or the time from `from` to `to`: whole days between two
 * dates, real elapsed seconds otherwise), one cell of values per period, and
 * the scoring of periods and of the pooled figure with the rows behind each.
 * The kinds differ only in how a group of values becomes one figure.
 *
 * Values are kept two ways: their total in the target's unit (long double:
 * the mean is exact) and, for the median, as samples in a unit where they
 * are whole (integers, thousandths of a decimal, seconds, days), exact up to
 * SA_CHK_SAMPLE_CAP per period and then a histogram within 1/128. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "checks/checks_internal.h"

enum { EX_NO_DATE = 1, EX_NO_VALUE = 2, EX_NEGATIVE = 3 };

void *sa_chk_stat_new(const sa_chk_req *cr, sa_date from, sa_date to, bool keep_samples)
{
    sa_chk_stat_acc *a = sa_xcalloc(1, sizeof *a);
    a->from = from;
    a->to = to;
    a->keep_samples = keep_samples;
    a->nperiods = cr->grid.n;
    a->p = sa_chk_period_cells(cr, sizeof *a->p);
    for (size_t i = 0; i < a->nperiods; i++)
        sa_chk_samples_init(&a->p[i].samples);
    sa_chk_exset_init(&a->ex, cr->max_examples);
    return a;
}

void sa_chk_stat_free(void *acc)
{
    sa_chk_stat_acc *a = acc;
    if (!a)
        return;
    for (size_t i = 0; i < a->nperiods; i++)
        sa_chk_samples_free(&a->p[i].samples);
    free(a->p);
    sa_chk_exset_free(&a->ex);
    free(a);
}

static sa_col_type type_of(const sa_chk_req *cr, const sa_colref *c)
{
    return cr->check->dataset->columns[c->index].type;
}

static bool days_between(const sa_chk_req *cr, const sa_stat_value *v)
{
    return v->from.name && type_of(cr, &v->from) == SA_COL_DATE && type_of(cr, &v->to) == SA_COL_DATE;
}

double sa_chk_stat_factor(const sa_chk_req *cr, const sa_stat_value *v)
{
    if (v->from.name)
        return days_between(cr, v) ? 86400.0 : 1.0;
    return type_of(cr, &v->column) == SA_COL_DECIMAL ? 0.001 : 1.0;
}

/* The row's value in sample units and in the target's unit; 0 or an EX_ code. */
static int value_of(const sa_chk_req *cr, const sa_row *row, const sa_stat_value *v, int64_t *sample,
                    long double *exact)
{
    if (v->from.name) {
        sa_datetime s, e;
        if (!sa_chk_value_datetime(sa_chk_cell(row, v->from.index), &s) ||
            !sa_chk_value_datetime(sa_chk_cell(row, v->to.index), &e))
            return EX_NO_VALUE;
        bool days = days_between(cr, v);
        *sample = days ? (e - s) / 86400 : sa_london_to_utc(e) - sa_london_to_utc(s);
        *exact = days ? (long double)*sample * 86400 : (long double)*sample;
        return *sample < 0 ? EX_NEGATIVE : 0;
    }
    const sa_value *c = sa_chk_cell(row, v->column.index);
    switch (c ? c->kind : SA_VAL_EMPTY) {
    case SA_VAL_INT: *sample = c->as.i; *exact = (long double)c->as.i; break;
    case SA_VAL_DURATION: *sample = c->as.seconds; *exact = (long double)c->as.seconds; break;
    case SA_VAL_DECIMAL: *sample = llround(c->as.d * 1000.0); *exact = (long double)c->as.d; break;
    default: return EX_NO_VALUE;
    }
    return *exact < 0 ? EX_NEGATIVE : 0;
}

static void offer(sa_chk_stat_acc *a, const sa_chk_req *cr, const sa_row *row, int code, int64_t b)
{
    sa_chk_example *e = sa_chk_exset_offer(&a->ex, row->file->path, row->record, code, 0);
    if (e) {
        sa_chk_example_key(e, cr, row);
        e->b = b;
    }
}

void sa_chk_stat_row(void *acc, const sa_chk_req *cr, sa_chk_local *loc, const sa_row *row,
                     const sa_stat_value *v)
{
    sa_chk_stat_acc *a = acc;
    long pi = sa_chk_place(loc, cr, row, &v->at, a->from, a->to, &a->where_unknown);
    if (pi == SA_CHK_UNDATED) {
        a->undated++;
        offer(a, cr, row, EX_NO_DATE, 0);
    }
    if (pi < 0)
        return;
    sa_chk_stat_cell *p = &a->p[pi];
    int64_t sample = 0;
    long double exact = 0;
    int code = value_of(cr, row, v, &sample, &exact);
    if (code) {
        p->unknown++;
        offer(a, cr, row, code, sample);
        return;
    }
    p->n++;
    p->total += exact;
    if (a->keep_samples)
        sa_chk_samples_add(&p->samples, sample);
}

void sa_chk_stat_merge(void *dst, const void *src, const sa_chk_req *cr)
{
    (void)cr;
    sa_chk_stat_acc *d = dst;
    const sa_chk_stat_acc *s = src;
    for (size_t i = 0; i < d->nperiods && i < s->nperiods; i++) {
        d->p[i].total += s->p[i].total;
        d->p[i].n += s->p[i].n;
        d->p[i].unknown += s->p[i].unknown;
        sa_chk_samples_merge(&d->p[i].samples, &s->p[i].samples);
    }
    d->where_unknown += s->where_unknown;
    d->undated += s->undated;
    sa_chk_exset_merge(&d->ex, &s->ex);
}

/* A figure in words: "12.5 days", "3h 20m", "7.25". */
static void format_figure(sa_buf *out, const sa_chk_final *fin, const sa_stat_value *v, double x)
{
    if (v->from.name && days_between(fin->cr, v)) {
        sa_chk_format_amount(out, x / 86400.0, false);
        sa_buf_puts(out, x == 86400.0 ? " day" : " days");
    } else {
        sa_chk_format_amount(out, x, fin->target.unit == SA_UNIT_SECONDS);
    }
}

static void stat_format(const sa_chk_example *ex, const sa_chk_req *cr, sa_buf *out)
{
    const sa_stat_value *v = cr->check->kind == SA_CHECK_MEAN ? &cr->check->mean.value : &cr->check->median.value;
    if (ex->text[0])
        sa_buf_printf(out, "%s: ", ex->text);
    switch (ex->code) {
    case EX_NO_VALUE:
        if (v->from.name)
            sa_buf_printf(out, "no `%s` or `%s`: left out", v->from.name, v->to.name);
        else
            sa_buf_printf(out, "no `%s`: left out", v->column.name);
        break;
    case EX_NEGATIVE:
        if (v->from.name)
            sa_buf_printf(out, "`%s` is before `%s`: left out", v->to.name, v->from.name);
        else
            sa_buf_printf(out, "negative `%s`: left out", v->column.name);
        break;
    default:
        sa_buf_printf(out, "no `%s` date: the row cannot be placed in a period", v->at.name);
        break;
    }
}

/* What scoring a period found: no figure to judge, a verdict, or a histogram figure too
 * close to the target to settle it (assessed, but neither met nor not met). */
typedef enum { PERIOD_UNASSESSED, PERIOD_JUDGED, PERIOD_UNSETTLED } period_outcome;

/* One period: its figure, rows and verdict. */
static period_outcome score_period(sa_chk_final *fin, sa_period_result *p, sa_chk_stat_cell *c, double factor,
                         int64_t min_den, sa_chk_stat_figure figure, bool *approximate)
{
    p->numerator = c->n;
    p->unknown = c->unknown;
    double x, high;
    if (c->n == 0 || !figure(&c->samples, c->total, c->n, factor, &x, &high)) {
        p->verdict = SA_VERDICT_NOT_ASSESSABLE;
        p->note = c->unknown ? "no row with a value" : "no rows";
        return PERIOD_UNASSESSED;
    }
    p->has_measured = true;
    p->measured = x;
    if (high > x) {
        *approximate = true;
        p->note = "approximate: read from the histogram (within 1/128)";
    }
    if (c->n < min_den) {
        p->verdict = SA_VERDICT_NOT_ASSESSABLE;
        p->note = sa_arena_printf(fin->arena, "%lld rows, below the minimum of %lld", (long long)c->n,
                                  (long long)min_den);
        return PERIOD_UNASSESSED;
    }
    p->verdict = sa_chk_judge(&fin->target, x, high);
    if (p->verdict != SA_VERDICT_NOT_ASSESSABLE)
        return PERIOD_JUDGED;
    p->note = "approximate: read from the histogram (within 1/128); " SA_CHK_UNSETTLED;
    return PERIOD_UNSETTLED;
}

void sa_chk_stat_finish(void *acc, sa_chk_final *fin, const sa_stat_value *v, const char *what,
                        sa_chk_stat_figure figure)
{
    sa_chk_stat_acc *a = acc;
    const sa_check *ck = fin->cr->check;
    sa_result *r = fin->r;
    size_t *map;
    size_t n = sa_chk_periods_for(fin, &fin->cr->grid, &map);
    double factor = sa_chk_stat_factor(fin->cr, v);
    int64_t min_den = ck->min_denominator > 0 ? ck->min_denominator : 1;
    bool overall = ck->assess == SA_ASSESS_OVERALL, any = false, approx_period = false;
    bool *assessed = n ? sa_arena_calloc(fin->arena, n, sizeof *assessed) : NULL;
    size_t unsettled = 0;
    for (size_t k = 0; k < n; k++) {
        period_outcome o = score_period(fin, &r->periods[k], &a->p[map[k]], factor, min_den, figure, &approx_period);
        assessed[k] = o != PERIOD_UNASSESSED;
        any = any || assessed[k];
        unsettled += o == PERIOD_UNSETTLED;
    }
    sa_chk_note_unsettled(r, unsettled);
    /* The pooled figure: `overall` pools every period; `every_period` the
     * assessed ones (a period below the minimum is not evidence), or all
     * when none was assessed. Samples and totals are merged, never figures. */
    sa_chk_stat_cell pool = {0};
    sa_chk_samples_init(&pool.samples);
    int64_t unknown = 0;
    for (size_t k = 0; k < n; k++) {
        sa_chk_stat_cell *c = &a->p[map[k]];
        unknown += c->unknown;
        if (!(overall || !any || assessed[k]))
            continue;
        pool.total += c->total;
        pool.n += c->n;
        sa_chk_samples_merge(&pool.samples, &c->samples);
    }
    double x = 0, high = 0;
    r->numerator = pool.n;
    r->measured_unit = fin->target.unit == SA_UNIT_SECONDS ? "seconds" : "number";
    r->has_measured = pool.n > 0 && figure(&pool.samples, pool.total, pool.n, factor, &x, &high);
    r->measured = x;
    bool approx = r->has_measured && high > x;
    fin->bounded = approx;
    fin->low = x;
    fin->high = high;
    fin->pooled_too_few = overall && pool.n > 0 && pool.n < min_den;
    if (fin->pooled_too_few)
        r->reason = sa_arena_printf(fin->arena, "%lld rows over the range assessed, below the minimum of %lld",
                                    (long long)pool.n, (long long)min_den);
    if (approx) {
        r->estimate_method = "histogram";
        r->estimate_error = 1.0 / 128.0;
    }
    if (r->has_measured) {
        sa_buf_printf(fin->measure, "%s ", what);
        format_figure(fin->measure, fin, v, x);
        sa_buf_printf(fin->measure, " from %lld row%s", (long long)pool.n, pool.n == 1 ? "" : "s");
        if (approx)
            sa_buf_puts(fin->measure, " (approximate: from a histogram, within 1/128)");
    } else {
        sa_buf_puts(fin->measure, "no rows with a value");
    }
    if (unknown)
        sa_buf_printf(fin->measure, "; %lld row%s with no usable value left out", (long long)unknown,
                      unknown == 1 ? "" : "s");
    sa_chk_metric(fin, "rows", "Rows behind the pooled figure", (double)pool.n, "count");
    if (approx_period && !approx)
        sa_chk_metric(fin, "approximate_periods", "Periods whose figure came from the histogram", 1, "count");
    if (unknown)
        sa_chk_metric(fin, "no_value", "Rows left out: no usable value", (double)unknown, "count");
    if (a->where_unknown)
        sa_chk_metric(fin, "where_unknown", "Rows left out: `where` could not be evaluated",
                      (double)a->where_unknown, "count");
    if (a->undated)
        sa_chk_metric(fin, "undated_rows", "Rows without a date to place them in a period", (double)a->undated,
                      "count");
    r->unknown = unknown + a->where_unknown + a->undated;
    sa_chk_samples_free(&pool.samples);
    sa_chk_examples_emit(fin, &a->ex, stat_format);
}

const char *sa_chk_stat_prepare(const sa_stat_value *v)
{
    if (v->from.name) {
        if (!sa_chk_column_ok(&v->from))
            return "from";
        if (!sa_chk_column_ok(&v->to))
            return "to";
    } else if (!sa_chk_column_ok(&v->column)) {
        return "column";
    }
    return sa_chk_column_ok(&v->at) ? NULL : "at";
}
