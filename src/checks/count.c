/* count.c — `count`: rows matching `where` per reporting period, against a
 * minimum or maximum such as ">= 4" (education sessions held, ECHO sessions).
 * A period with no rows counts 0 — evidence of nothing delivered — once the
 * provider has sent any row of the dataset. `where` unknown leaves the row out
 * (counted apart). */
#include <stdlib.h>
#include <string.h>

#include "checks/checks_internal.h"
#include "core/alloc.h"

enum { EX_NO_DATE = 1 };

typedef struct count_acc {
    sa_date from, to;
    size_t nperiods;
    int64_t *n;
    int64_t where_unknown;
    int64_t undated;
    sa_chk_exset ex;
} count_acc;

static void *count_new(const sa_chk_req *cr, sa_date from, sa_date to)
{
    count_acc *a = sa_xcalloc(1, sizeof *a);
    a->from = from;
    a->to = to;
    a->nperiods = cr->grid.n;
    a->n = sa_chk_period_cells(cr, sizeof *a->n);
    sa_chk_exset_init(&a->ex, cr->max_examples);
    return a;
}

static void count_free(void *acc)
{
    count_acc *a = acc;
    if (!a)
        return;
    free(a->n);
    sa_chk_exset_free(&a->ex);
    free(a);
}

static void count_row(void *acc, const sa_chk_req *cr, sa_chk_local *loc, const sa_row *row)
{
    count_acc *a = acc;
    long pi = 0;
    sa_tri w = sa_chk_where(loc, row);
    if (w == SA_TRI_FALSE)
        return;
    if (w == SA_TRI_UNKNOWN) {
        a->where_unknown++;
        return;
    }
    if (cr->dates_rows) {
        sa_date d;
        if (!sa_chk_row_period(loc, cr, row, &d, &pi)) {
            a->undated++;
            sa_chk_example *e = sa_chk_exset_offer(&a->ex, row->file->path, row->record, EX_NO_DATE, 0);
            if (e)
                sa_chk_example_key(e, cr, row);
            return;
        }
        if (d < a->from || d > a->to || pi < 0)
            return;
    } else if (a->nperiods == 0) {
        return;
    }
    a->n[pi]++;
}

static void count_merge(void *dst, const void *src, const sa_chk_req *cr)
{
    (void)cr;
    count_acc *d = dst;
    const count_acc *s = src;
    for (size_t i = 0; i < d->nperiods && i < s->nperiods; i++)
        d->n[i] += s->n[i];
    d->where_unknown += s->where_unknown;
    d->undated += s->undated;
    sa_chk_exset_merge(&d->ex, &s->ex);
}

static void count_format(const sa_chk_example *ex, const sa_chk_req *cr, sa_buf *out)
{
    if (ex->text[0])
        sa_buf_printf(out, "%s: ", ex->text);
    sa_buf_printf(out, "no `%s` date: the row cannot be placed in a period", cr->check->count.at.name);
}

static void count_finish(void *acc, sa_chk_final *fin)
{
    count_acc *a = acc;
    const sa_chk_req *cr = fin->cr;
    sa_result *r = fin->r;
    size_t *map;
    size_t n = sa_chk_periods_for(fin, &cr->grid, &map);
    bool want_low = fin->target.op == SA_CMP_GE || fin->target.op == SA_CMP_GT || fin->target.op == SA_CMP_EQ;
    int64_t total = 0;
    long worst = -1;
    for (size_t k = 0; k < n; k++) {
        sa_period_result *p = &r->periods[k];
        int64_t c = a->n[map[k]];
        total += c;
        p->has_measured = true;
        p->measured = (double)c;
        p->numerator = c;
        p->verdict = sa_target_holds(&fin->target, (double)c) ? SA_VERDICT_MET : SA_VERDICT_NOT_MET;
        if (worst < 0 || (want_low ? c < a->n[map[worst]] : c > a->n[map[worst]]))
            worst = (long)k;
    }
    r->numerator = total;
    r->measured_unit = "count";
    if (worst >= 0) {
        r->has_measured = true;
        r->measured = r->periods[worst].measured;
        if (n > 1) {
            char d[11];
            sa_date_format(r->periods[worst].from, d);
            sa_buf_printf(fin->measure, "%lld in total; %s in a period: %lld (from %s)", (long long)total,
                          want_low ? "fewest" : "most", (long long)a->n[map[worst]], d);
        } else {
            sa_buf_printf(fin->measure, "%lld", (long long)total);
        }
    }
    sa_chk_metric(fin, "total", "Rows counted in the assessment period", (double)total, "count");
    if (a->where_unknown)
        sa_chk_metric(fin, "where_unknown", "Rows left out: `where` could not be evaluated",
                      (double)a->where_unknown, "count");
    if (a->undated)
        sa_chk_metric(fin, "undated_rows", "Rows without a date to place them in a period",
                      (double)a->undated, "count");
    r->unknown = a->where_unknown + a->undated;
    sa_chk_examples_emit(fin, &a->ex, count_format);
}

static const char *count_prepare(sa_chk_req *cr, sa_arena *arena)
{
    (void)arena;
    /* Rows are placed in periods by a date column; without one the whole range is one period. */
    if (!sa_chk_column_ok(&cr->check->count.at))
        cr->per = SA_PER_PERIOD;
    else
        cr->dates_rows = true, cr->date_col = cr->check->count.at.index;
    return NULL;
}

const sa_chk_kind sa_chk_kind_count = {
    .name = "count",
    .prepare = count_prepare,
    .acc_new = count_new,
    .acc_row = count_row,
    .acc_merge = count_merge,
    .acc_finish = count_finish,
    .acc_free = count_free,
};
