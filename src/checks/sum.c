/* sum.c — `sum`: the total of a numeric or duration column over the rows
 * matching `where` per reporting period, against a target such as ">= 200h"
 * (consultant advice a quarter) or ">= 120" (learners reached). A row with
 * an empty cell is left out of the total and counted apart, never as 0; a
 * period with no rows totals 0 — nothing delivered — once the provider has
 * sent any row of the dataset (as for `count`). Integers and durations are
 * summed exactly in 64 bits, decimals in long double. */
#include <stdlib.h>
#include <string.h>

#include "checks/checks_internal.h"

enum { EX_NO_DATE = 1, EX_EMPTY = 2 };

typedef struct sum_period {
    int64_t whole;     /* int and duration cells (seconds) */
    long double frac;  /* decimal cells */
    int64_t rows;      /* rows totalled */
    int64_t empty;     /* rows with an empty cell, left out */
} sum_period;

typedef struct sum_acc {
    sa_date from, to;
    size_t nperiods;
    sum_period *p;
    int64_t where_unknown;
    int64_t undated;
    sa_chk_exset ex;
} sum_acc;

static void *sum_new(const sa_chk_req *cr, sa_date from, sa_date to)
{
    sum_acc *a = sa_xcalloc(1, sizeof *a);
    a->from = from;
    a->to = to;
    a->nperiods = cr->grid.n;
    a->p = sa_chk_period_cells(cr, sizeof *a->p);
    sa_chk_exset_init(&a->ex, cr->max_examples);
    return a;
}

static void sum_free(void *acc)
{
    sum_acc *a = acc;
    if (!a)
        return;
    free(a->p);
    sa_chk_exset_free(&a->ex);
    free(a);
}

static void offer(sum_acc *a, const sa_chk_req *cr, const sa_row *row, int code)
{
    sa_chk_example *e = sa_chk_exset_offer(&a->ex, row->file->path, row->record, code, 0);
    if (e)
        sa_chk_example_key(e, cr, row);
}

static void sum_row(void *acc, const sa_chk_req *cr, sa_chk_local *loc, const sa_row *row)
{
    sum_acc *a = acc;
    const sa_sum_config *c = &cr->check->sum;
    long pi = sa_chk_place(loc, cr, row, &c->at, a->from, a->to, &a->where_unknown);
    if (pi == SA_CHK_UNDATED) {
        a->undated++;
        offer(a, cr, row, EX_NO_DATE);
    }
    if (pi < 0)
        return;
    sum_period *p = &a->p[pi];
    const sa_value *v = sa_chk_cell(row, c->column.index);
    switch (v ? v->kind : SA_VAL_EMPTY) {
    case SA_VAL_INT: p->whole += v->as.i; break;
    case SA_VAL_DURATION: p->whole += v->as.seconds; break;
    case SA_VAL_DECIMAL: p->frac += v->as.d; break;
    default:
        p->empty++;
        offer(a, cr, row, EX_EMPTY);
        return;
    }
    p->rows++;
}

static void sum_merge(void *dst, const void *src, const sa_chk_req *cr)
{
    (void)cr;
    sum_acc *d = dst;
    const sum_acc *s = src;
    for (size_t i = 0; i < d->nperiods && i < s->nperiods; i++) {
        d->p[i].whole += s->p[i].whole;
        d->p[i].frac += s->p[i].frac;
        d->p[i].rows += s->p[i].rows;
        d->p[i].empty += s->p[i].empty;
    }
    d->where_unknown += s->where_unknown;
    d->undated += s->undated;
    sa_chk_exset_merge(&d->ex, &s->ex);
}

static void sum_format(const sa_chk_example *ex, const sa_chk_req *cr, sa_buf *out)
{
    if (ex->text[0])
        sa_buf_printf(out, "%s: ", ex->text);
    if (ex->code == EX_EMPTY)
        sa_buf_printf(out, "no `%s`: left out of the total", cr->check->sum.column.name);
    else
        sa_buf_printf(out, "no `%s` date: the row cannot be placed in a period", cr->check->sum.at.name);
}

static double total_of(const sum_period *p)
{
    return (double)((long double)p->whole + p->frac);
}

static void sum_finish(void *acc, sa_chk_final *fin)
{
    sum_acc *a = acc;
    const sa_chk_req *cr = fin->cr;
    sa_result *r = fin->r;
    size_t *map;
    size_t n = sa_chk_periods_for(fin, &cr->grid, &map);
    bool want_low = fin->target.op == SA_CMP_GE || fin->target.op == SA_CMP_GT || fin->target.op == SA_CMP_EQ;
    sum_period all = {0};
    long worst = -1;
    for (size_t k = 0; k < n; k++) {
        const sum_period *q = &a->p[map[k]];
        sa_period_result *p = &r->periods[k];
        double t = total_of(q);
        all.whole += q->whole;
        all.frac += q->frac;
        all.rows += q->rows;
        all.empty += q->empty;
        p->has_measured = true;
        p->measured = t;
        p->numerator = q->rows;
        p->unknown = q->empty;
        p->verdict = sa_target_holds(&fin->target, t) ? SA_VERDICT_MET : SA_VERDICT_NOT_MET;
        if (worst < 0 || (want_low ? t < r->periods[worst].measured : t > r->periods[worst].measured))
            worst = (long)k;
    }
    bool secs = fin->target.unit == SA_UNIT_SECONDS;
    r->numerator = all.rows;
    r->measured_unit = secs ? "seconds" : "number";
    if (worst >= 0) {
        char d[11];
        r->has_measured = true;
        r->measured = r->periods[worst].measured;
        sa_chk_format_amount(fin->measure, total_of(&all), secs);
        sa_buf_printf(fin->measure, " in total from %lld row%s", (long long)all.rows, all.rows == 1 ? "" : "s");
        if (n > 1) {
            sa_date_format(r->periods[worst].from, d);
            sa_buf_printf(fin->measure, "; %s in a period: ", want_low ? "lowest" : "highest");
            sa_chk_format_amount(fin->measure, r->measured, secs);
            sa_buf_printf(fin->measure, " (from %s)", d);
        }
        if (all.empty)
            sa_buf_printf(fin->measure, "; %lld row%s with no value left out", (long long)all.empty,
                          all.empty == 1 ? "" : "s");
    }
    sa_chk_metric(fin, "total", "Total over the assessment period", total_of(&all), r->measured_unit);
    sa_chk_metric(fin, "rows", "Rows totalled", (double)all.rows, "count");
    if (all.empty)
        sa_chk_metric(fin, "empty_values", "Rows left out: no value to total", (double)all.empty, "count");
    if (a->where_unknown)
        sa_chk_metric(fin, "where_unknown", "Rows left out: `where` could not be evaluated",
                      (double)a->where_unknown, "count");
    if (a->undated)
        sa_chk_metric(fin, "undated_rows", "Rows without a date to place them in a period",
                      (double)a->undated, "count");
    r->unknown = all.empty + a->where_unknown + a->undated;
    sa_chk_examples_emit(fin, &a->ex, sum_format);
}

static const char *sum_prepare(sa_chk_req *cr, sa_arena *arena)
{
    (void)arena;
    if (!sa_chk_column_ok(&cr->check->sum.column))
        return "column";
    return sa_chk_column_ok(&cr->check->sum.at) ? NULL : "at";
}

const sa_chk_kind sa_chk_kind_sum = {
    .name = "sum",
    .prepare = sum_prepare,
    .acc_new = sum_new,
    .acc_row = sum_row,
    .acc_merge = sum_merge,
    .acc_finish = sum_finish,
    .acc_free = sum_free,
};
