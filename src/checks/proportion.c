/* proportion.c — `proportion`: the share of rows in the denominator (`where`,
 * less `exclude`) that meet `meets`, per reporting period, against a target
 * such as ">= 90%". Scored the FHIR Measure way: numerator / (denominator -
 * exclusions). Three-valued logic: `where` unknown leaves the row out (counted
 * apart); `exclude` unknown keeps the row in; `meets` unknown counts as not met
 * and is counted as unknown. Periods and the pooled figure are scored by
 * sa_chk_share_score (min_denominator, `assess`, the Wilson interval). */
#include <stdlib.h>
#include <string.h>

#include "checks/checks_internal.h"
#include "core/alloc.h"

enum { EX_NOT_MET = 1, EX_UNKNOWN = 2, EX_NO_DATE = 3, EX_NO_REASON = 4 };

typedef struct prop_acc {
    sa_date from, to;
    size_t nperiods;
    sa_chk_share *p;
    int64_t where_unknown;
    int64_t undated;
    int64_t excluded_without_reason;
    sa_chk_exset ex;
} prop_acc;

static void *prop_new(const sa_chk_req *cr, sa_date from, sa_date to)
{
    prop_acc *a = sa_xcalloc(1, sizeof *a);
    a->from = from;
    a->to = to;
    a->nperiods = cr->grid.n;
    a->p = sa_chk_period_cells(cr, sizeof *a->p);
    sa_chk_exset_init(&a->ex, cr->max_examples);
    return a;
}

static void prop_free(void *acc)
{
    prop_acc *a = acc;
    if (!a)
        return;
    free(a->p);
    sa_chk_exset_free(&a->ex);
    free(a);
}

static void prop_row(void *acc, const sa_chk_req *cr, sa_chk_local *loc, const sa_row *row)
{
    prop_acc *a = acc;
    const sa_check *ck = cr->check;
    long pi = 0;
    if (cr->link)
        sa_chk_link_bind(loc, cr, row);
    if (cr->dates_rows) {
        sa_date d;
        if (!sa_chk_row_period(loc, cr, row, &d, &pi)) {
            /* Cannot be placed in a period; counted apart when it would have counted. */
            if (sa_chk_where(loc, row) == SA_TRI_TRUE) {
                a->undated++;
                sa_chk_example *e = sa_chk_exset_offer(&a->ex, row->file->path, row->record, EX_NO_DATE, 0);
                if (e)
                    sa_chk_example_key(e, cr, row);
            }
            return;
        }
        if (d < a->from || d > a->to || pi < 0)
            return;
    } else if (a->nperiods == 0) {
        return;
    }
    sa_tri w = sa_chk_where(loc, row);
    if (w == SA_TRI_FALSE)
        return;
    if (w == SA_TRI_UNKNOWN) {
        a->where_unknown++;
        return;
    }
    sa_chk_share *pc = &a->p[pi];
    if (loc->exclude && sa_expr_eval_bool(loc->exclude, row->values) == SA_TRI_TRUE) {
        pc->excluded++;
        /* An exclusion must carry its documented reason when the spec names the column. */
        const sa_value *why = sa_chk_cell(row, ck->proportion.exclusion_reason.index);
        if (ck->proportion.exclusion_reason.name && why && why->kind == SA_VAL_EMPTY) {
            a->excluded_without_reason++;
            sa_chk_example *e = sa_chk_exset_offer(&a->ex, row->file->path, row->record, EX_NO_REASON, 0);
            if (e)
                sa_chk_example_key(e, cr, row);
        }
        return;
    }
    pc->den++;
    sa_tri m = sa_expr_eval_bool(loc->meets, row->values);
    if (m == SA_TRI_TRUE) {
        pc->num++;
        return;
    }
    if (m == SA_TRI_UNKNOWN)
        pc->unknown++;
    sa_chk_example *e = sa_chk_exset_offer(&a->ex, row->file->path, row->record,
                                           m == SA_TRI_UNKNOWN ? EX_UNKNOWN : EX_NOT_MET, 0);
    if (e)
        sa_chk_example_key(e, cr, row);
}

static void prop_merge(void *dst, const void *src, const sa_chk_req *cr)
{
    (void)cr;
    prop_acc *d = dst;
    const prop_acc *s = src;
    for (size_t i = 0; i < d->nperiods && i < s->nperiods; i++) {
        d->p[i].den += s->p[i].den;
        d->p[i].num += s->p[i].num;
        d->p[i].unknown += s->p[i].unknown;
        d->p[i].excluded += s->p[i].excluded;
    }
    d->where_unknown += s->where_unknown;
    d->undated += s->undated;
    d->excluded_without_reason += s->excluded_without_reason;
    sa_chk_exset_merge(&d->ex, &s->ex);
}

static void prop_format(const sa_chk_example *ex, const sa_chk_req *cr, sa_buf *out)
{
    if (ex->text[0])
        sa_buf_printf(out, "%s: ", ex->text);
    switch (ex->code) {
    case EX_NOT_MET:
        sa_buf_printf(out, "does not meet `%s`", cr->check->proportion.meets.text);
        break;
    case EX_UNKNOWN:
        sa_buf_printf(out, "`%s` cannot be evaluated (an empty cell%s); counted as not met",
                      cr->check->proportion.meets.text, cr->link ? " or no linked row" : "");
        break;
    case EX_NO_REASON:
        sa_buf_printf(out, "excluded by `%s` but `%s` gives no reason", cr->check->proportion.exclude.text,
                      cr->check->proportion.exclusion_reason.name);
        break;
    default:
        sa_buf_printf(out, "no `%s` date: the row cannot be placed in a period", cr->check->proportion.at.name);
        break;
    }
}

static void prop_finish(void *acc, sa_chk_final *fin)
{
    prop_acc *a = acc;
    sa_result *r = fin->r;
    size_t *map;
    size_t n = sa_chk_periods_for(fin, &fin->cr->grid, &map);
    const sa_chk_share **cells = n ? sa_arena_calloc(fin->arena, n, sizeof *cells) : NULL;
    for (size_t k = 0; k < n; k++)
        cells[k] = &a->p[map[k]];
    static const sa_chk_share_words words = {"no rows in the denominator",
                                             "denominator %lld is below the minimum of %lld"};
    sa_chk_share sum = sa_chk_share_score(fin, cells, &words, NULL);
    if (sum.den > 0) {
        sa_buf_printf(fin->measure, "%.1f%%", r->measured);
        sa_chk_share_counts(fin->measure, r);
    } else {
        sa_buf_puts(fin->measure, "no rows in the denominator");
    }
    if (sum.unknown)
        sa_buf_printf(fin->measure, ", %lld unknown", (long long)sum.unknown);
    if (sum.excluded)
        sa_buf_printf(fin->measure, ", %lld excluded", (long long)sum.excluded);
    sa_chk_metric(fin, "excluded_rows", "Rows excluded from the denominator", (double)sum.excluded, "count");
    if (a->where_unknown)
        sa_chk_metric(fin, "where_unknown", "Rows left out: `where` could not be evaluated",
                      (double)a->where_unknown, "count");
    if (a->undated)
        sa_chk_metric(fin, "undated_rows", "Rows without a date to place them in a period",
                      (double)a->undated, "count");
    if (a->excluded_without_reason)
        sa_chk_metric(fin, "excluded_without_reason", "Rows excluded without a documented reason",
                      (double)a->excluded_without_reason, "count");
    sa_chk_examples_emit(fin, &a->ex, prop_format);
}

static const char *proportion_prepare(sa_chk_req *cr, sa_arena *arena)
{
    (void)arena;
    /* Rows are placed in periods by a date column; without one the whole range is one period. */
    if (!sa_chk_column_ok(&cr->check->proportion.at))
        cr->per = SA_PER_PERIOD;
    else
        cr->dates_rows = true, cr->date_col = cr->check->proportion.at.index;
    return cr->check->proportion.meets.text ? NULL : "meets";
}

const sa_chk_kind sa_chk_kind_proportion = {
    .name = "proportion",
    .prepare = proportion_prepare,
    .acc_new = prop_new,
    .acc_row = prop_row,
    .acc_merge = prop_merge,
    .acc_finish = prop_finish,
    .acc_free = prop_free,
};
