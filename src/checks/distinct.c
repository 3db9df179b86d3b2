/* distinct.c — `distinct`: how many different values a column holds over the
 * rows of each period (distinct patients seen, distinct care homes
 * attending), against a target such as ">= 40". Values are counted by a
 * 64-bit hash (core/distinct.h): identifiers are never kept or printed.
 * Exact up to SA_DISTINCT_EXACT_MAX values in a period, an estimate past
 * them, and then the report says "about 20 400 (estimate, ±0.8%)" wherever
 * the figure appears and the result carries the method and its error. A
 * period with no rows is not assessable; an empty cell is counted apart. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/checks_internal.h"
#include "core/distinct.h"

enum { EX_NO_DATE = 1, EX_EMPTY = 2 };

typedef struct dist_period {
    sa_distinct set;
    int64_t rows;
    int64_t empty;
} dist_period;

typedef struct dist_acc {
    sa_date from, to;
    size_t nperiods;
    dist_period *p;
    int64_t where_unknown;
    int64_t undated;
    sa_chk_exset ex;
} dist_acc;

static void *dist_new(const sa_chk_req *cr, sa_date from, sa_date to)
{
    dist_acc *a = sa_xcalloc(1, sizeof *a);
    a->from = from;
    a->to = to;
    a->nperiods = cr->grid.n;
    a->p = sa_chk_period_cells(cr, sizeof *a->p);
    for (size_t i = 0; i < a->nperiods; i++)
        sa_distinct_init(&a->p[i].set);
    sa_chk_exset_init(&a->ex, cr->max_examples);
    return a;
}

static void dist_free(void *acc)
{
    dist_acc *a = acc;
    if (!a)
        return;
    for (size_t i = 0; i < a->nperiods; i++)
        sa_distinct_free(&a->p[i].set);
    free(a->p);
    sa_chk_exset_free(&a->ex);
    free(a);
}

static void offer(dist_acc *a, const sa_chk_req *cr, const sa_row *row, int code)
{
    sa_chk_example *e = sa_chk_exset_offer(&a->ex, row->file->path, row->record, code, 0);
    if (e)
        sa_chk_example_key(e, cr, row);
}

/* Adds a cell by its bytes: a column holds one type, so equal bytes are equal values. */
static bool add_value(sa_distinct *set, const sa_value *v)
{
    switch (v ? v->kind : SA_VAL_EMPTY) {
    case SA_VAL_STRING: sa_distinct_add(set, v->as.str.ptr, v->as.str.len); return true;
    case SA_VAL_INT: sa_distinct_add(set, &v->as.i, sizeof v->as.i); return true;
    case SA_VAL_DECIMAL: sa_distinct_add(set, &v->as.d, sizeof v->as.d); return true;
    case SA_VAL_BOOL: sa_distinct_add(set, &v->as.b, sizeof v->as.b); return true;
    case SA_VAL_DATE: sa_distinct_add(set, &v->as.date, sizeof v->as.date); return true;
    case SA_VAL_DATETIME: sa_distinct_add(set, &v->as.dt, sizeof v->as.dt); return true;
    case SA_VAL_DURATION: sa_distinct_add(set, &v->as.seconds, sizeof v->as.seconds); return true;
    default: return false;
    }
}

static void dist_row(void *acc, const sa_chk_req *cr, sa_chk_local *loc, const sa_row *row)
{
    dist_acc *a = acc;
    const sa_distinct_config *c = &cr->check->distinct;
    long pi = sa_chk_place(loc, cr, row, &c->at, a->from, a->to, &a->where_unknown);
    if (pi == SA_CHK_UNDATED) {
        a->undated++;
        offer(a, cr, row, EX_NO_DATE);
    }
    if (pi < 0)
        return;
    dist_period *p = &a->p[pi];
    p->rows++;
    if (!add_value(&p->set, sa_chk_cell(row, c->column.index))) {
        p->empty++;
        offer(a, cr, row, EX_EMPTY);
    }
}

static void dist_merge(void *dst, const void *src, const sa_chk_req *cr)
{
    (void)cr;
    dist_acc *d = dst;
    const dist_acc *s = src;
    for (size_t i = 0; i < d->nperiods && i < s->nperiods; i++) {
        sa_distinct_merge(&d->p[i].set, &s->p[i].set);
        d->p[i].rows += s->p[i].rows;
        d->p[i].empty += s->p[i].empty;
    }
    d->where_unknown += s->where_unknown;
    d->undated += s->undated;
    sa_chk_exset_merge(&d->ex, &s->ex);
}

static void dist_format(const sa_chk_example *ex, const sa_chk_req *cr, sa_buf *out)
{
    if (ex->text[0])
        sa_buf_printf(out, "%s: ", ex->text);
    if (ex->code == EX_EMPTY)
        sa_buf_printf(out, "no `%s`: not counted", cr->check->distinct.column.name);
    else
        sa_buf_printf(out, "no `%s` date: the row cannot be placed in a period", cr->check->distinct.at.name);
}

/* "1234", or "about 20 400 (estimate, ±0.8%)": an estimate to three
 * significant figures, grouped by thousands, with its relative standard error. */
static const char *count_text(const sa_distinct *set, sa_arena *arena)
{
    uint64_t n = sa_distinct_count(set);
    if (sa_distinct_is_exact(set))
        return sa_arena_printf(arena, "%llu", (unsigned long long)n);
    uint64_t unit = 1;
    while (n / unit >= 1000)
        unit *= 10;
    uint64_t r = (n + unit / 2) / unit * unit;
    char digits[32], grouped[48];
    int len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)r);
    size_t g = 0;
    for (int i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0)
            grouped[g++] = ' ';
        grouped[g++] = digits[i];
    }
    grouped[g] = '\0';
    return sa_arena_printf(arena, "about %s (estimate, \u00b1%.1f%%)", grouped, sa_distinct_rse(set) * 100.0);
}

static void dist_finish(void *acc, sa_chk_final *fin)
{
    dist_acc *a = acc;
    const sa_chk_req *cr = fin->cr;
    sa_result *r = fin->r;
    size_t *map;
    size_t n = sa_chk_periods_for(fin, &cr->grid, &map);
    bool want_low = fin->target.op == SA_CMP_GE || fin->target.op == SA_CMP_GT || fin->target.op == SA_CMP_EQ;
    sa_distinct all;
    sa_distinct_init(&all);
    int64_t rows = 0, empty = 0;
    long worst = -1;
    size_t unsettled = 0;
    for (size_t k = 0; k < n; k++) {
        dist_period *q = &a->p[map[k]];
        sa_period_result *p = &r->periods[k];
        sa_distinct_merge(&all, &q->set);
        rows += q->rows;
        empty += q->empty;
        p->numerator = q->rows;
        p->unknown = q->empty;
        if (q->rows == q->empty) {
            p->verdict = SA_VERDICT_NOT_ASSESSABLE;
            p->note = q->rows ? "no value to count" : "no rows";
            continue;
        }
        double c = (double)sa_distinct_count(&q->set);
        p->has_measured = true;
        p->measured = c;
        bool exact = sa_distinct_is_exact(&q->set);
        double spread = exact ? 0 : SA_CHK_ESTIMATE_SPREAD * sa_distinct_rse(&q->set);
        p->verdict = sa_chk_judge(&fin->target, c * (1.0 - spread), c * (1.0 + spread));
        unsettled += p->verdict == SA_VERDICT_NOT_ASSESSABLE;
        if (!exact)
            p->note = p->verdict == SA_VERDICT_NOT_ASSESSABLE
                          ? sa_arena_printf(fin->arena, "%s: %s", count_text(&q->set, fin->arena), SA_CHK_UNSETTLED)
                          : count_text(&q->set, fin->arena);
        if (worst < 0 || (want_low ? c < r->periods[worst].measured : c > r->periods[worst].measured))
            worst = (long)k;
    }
    sa_chk_note_unsettled(r, unsettled);
    r->numerator = rows;
    r->measured_unit = "count";
    if (worst >= 0) {
        const sa_distinct *ws = &a->p[map[worst]].set;
        r->has_measured = true;
        r->measured = r->periods[worst].measured;
        if (!sa_distinct_is_exact(ws)) {
            r->estimate_method = "hyperloglog";
            r->estimate_error = sa_distinct_rse(ws);
            fin->bounded = true;
            fin->low = r->measured * (1.0 - SA_CHK_ESTIMATE_SPREAD * r->estimate_error);
            fin->high = r->measured * (1.0 + SA_CHK_ESTIMATE_SPREAD * r->estimate_error);
        }
        sa_buf_printf(fin->measure, "%s distinct over the whole range", count_text(&all, fin->arena));
        if (n > 1) {
            char d[11];
            sa_date_format(r->periods[worst].from, d);
            sa_buf_printf(fin->measure, "; %s in a period: %s (from %s)", want_low ? "fewest" : "most",
                          count_text(ws, fin->arena), d);
        }
    }
    sa_chk_metric(fin, "distinct_overall", "Distinct values over the assessment period",
                  (double)sa_distinct_count(&all), "count");
    if (!sa_distinct_is_exact(&all))
        sa_chk_metric(fin, "distinct_overall_rse", "Relative standard error of that estimate",
                      sa_distinct_rse(&all) * 100.0, "%");
    sa_chk_metric(fin, "rows", "Rows counted", (double)rows, "count");
    if (empty)
        sa_chk_metric(fin, "empty_values", "Rows with no value, not counted", (double)empty, "count");
    if (a->where_unknown)
        sa_chk_metric(fin, "where_unknown", "Rows left out: `where` could not be evaluated",
                      (double)a->where_unknown, "count");
    if (a->undated)
        sa_chk_metric(fin, "undated_rows", "Rows without a date to place them in a period",
                      (double)a->undated, "count");
    r->unknown = empty + a->where_unknown + a->undated;
    sa_distinct_free(&all);
    sa_chk_examples_emit(fin, &a->ex, dist_format);
}

static const char *dist_prepare(sa_chk_req *cr, sa_arena *arena)
{
    (void)arena;
    if (!sa_chk_column_ok(&cr->check->distinct.column))
        return "column";
    return sa_chk_column_ok(&cr->check->distinct.at) ? NULL : "at";
}

const sa_chk_kind sa_chk_kind_distinct = {
    .name = "distinct",
    .prepare = dist_prepare,
    .acc_new = dist_new,
    .acc_row = dist_row,
    .acc_merge = dist_merge,
    .acc_finish = dist_finish,
    .acc_free = dist_free,
};
