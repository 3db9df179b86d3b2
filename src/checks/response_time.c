/* response_time.c — `response_time`: the share of cases where the time from
 * `from` to `to` is within `limit` ("4h": real elapsed time, clock changes
 * counted; "1 working day": working days of the spec's calendar), per period
 * of `from` (or `at`), with the median and 90th percentile. A case with no
 * `to`, or a `to` before `from`, counts as not met and as unknown. The
 * target is a percentage (lint and binding refuse any other), scored on the
 * share within the limit; the percentiles are evidence. */
#include <stdlib.h>
#include <string.h>

#include "checks/checks_internal.h"
#include "core/alloc.h"

enum { EX_LATE = 1, EX_NO_END = 2, EX_NEGATIVE = 3, EX_NO_START = 4 };

typedef struct rt_period {
    sa_chk_share c;
    sa_chk_samples samples;
} rt_period;

typedef struct rt_acc {
    sa_date from, to;
    size_t nperiods;
    rt_period *p;
    int64_t where_unknown;
    int64_t undated;
    sa_chk_exset ex;
} rt_acc;

static bool in_days(const sa_chk_req *cr)
{
    return cr->check->response_time.limit_seconds <= 0;
}

static void *rt_new(const sa_chk_req *cr, sa_date from, sa_date to)
{
    rt_acc *a = sa_xcalloc(1, sizeof *a);
    a->from = from;
    a->to = to;
    a->nperiods = cr->grid.n;
    a->p = sa_chk_period_cells(cr, sizeof *a->p);
    sa_chk_exset_init(&a->ex, cr->max_examples);
    return a;
}

static void rt_free(void *acc)
{
    rt_acc *a = acc;
    if (!a)
        return;
    for (size_t i = 0; i < a->nperiods; i++)
        sa_chk_samples_free(&a->p[i].samples);
    free(a->p);
    sa_chk_exset_free(&a->ex);
    free(a);
}

static void rt_row(void *acc, const sa_chk_req *cr, sa_chk_local *loc, const sa_row *row)
{
    rt_acc *a = acc;
    const sa_check *ck = cr->check;
    sa_tri w = sa_chk_where(loc, row);
    if (w == SA_TRI_FALSE)
        return;
    if (w == SA_TRI_UNKNOWN) {
        a->where_unknown++;
        return;
    }
    sa_datetime start = 0, end;
    bool has_start = sa_chk_value_datetime(sa_chk_cell(row, ck->response_time.from.index), &start);
    sa_date d = 0;
    long pi;
    bool dated = sa_chk_row_period(loc, cr, row, &d, &pi); /* `at`, else the date of `from` */
    if (!dated || !has_start) {
        a->undated++;
        sa_chk_example *e = sa_chk_exset_offer(&a->ex, row->file->path, row->record, EX_NO_START, 0);
        if (e)
            sa_chk_example_key(e, cr, row);
        return;
    }
    if (d < a->from || d > a->to || pi < 0)
        return;
    rt_period *p = &a->p[pi];
    if (loc->exclude && sa_expr_eval_bool(loc->exclude, row->values) == SA_TRI_TRUE) {
        p->c.excluded++;
        return;
    }
    p->c.den++;
    int code = 0;
    int64_t value = 0;
    if (!sa_chk_value_datetime(sa_chk_cell(row, ck->response_time.to.index), &end)) {
        code = EX_NO_END;
    } else if (in_days(cr)) {
        value = sa_calendar_working_days_memo_dates(&loc->workdays, &cr->spec->calendar, sa_datetime_date(start),
                                                    sa_datetime_date(end));
        if (end < start)
            code = EX_NEGATIVE;
        else if (value > ck->response_time.limit_working_days)
            code = EX_LATE;
    } else {
        value = sa_chk_london_to_utc(&cr->clock, end) - sa_chk_london_to_utc(&cr->clock, start);
        if (value < 0)
            code = EX_NEGATIVE;
        else if (value > ck->response_time.limit_seconds)
            code = EX_LATE;
    }
    if (code == 0 || code == EX_LATE)
        sa_chk_samples_add(&p->samples, value);
    if (code == 0) {
        p->c.num++;
        return;
    }
    if (code != EX_LATE)
        p->c.unknown++;
    sa_chk_example *e = sa_chk_exset_offer(&a->ex, row->file->path, row->record, code, 0);
    if (e) {
        sa_chk_example_key(e, cr, row);
        e->b = value;
    }
}

static void rt_merge(void *dst, const void *src, const sa_chk_req *cr)
{
    (void)cr;
    rt_acc *d = dst;
    const rt_acc *s = src;
    for (size_t i = 0; i < d->nperiods && i < s->nperiods; i++) {
        d->p[i].c.den += s->p[i].c.den;
        d->p[i].c.num += s->p[i].c.num;
        d->p[i].c.unknown += s->p[i].c.unknown;
        d->p[i].c.excluded += s->p[i].c.excluded;
        sa_chk_samples_merge(&d->p[i].samples, &s->p[i].samples);
    }
    d->where_unknown += s->where_unknown;
    d->undated += s->undated;
    sa_chk_exset_merge(&d->ex, &s->ex);
}

static void format_value(const sa_chk_req *cr, int64_t v, sa_buf *out)
{
    if (in_days(cr)) {
        sa_buf_printf(out, "%lld working day%s", (long long)v, v == 1 ? "" : "s");
    } else {
        char d[32];
        sa_duration_format(v, d);
        sa_buf_puts(out, d);
    }
}

static void format_limit(const sa_chk_req *cr, sa_buf *out)
{
    format_value(cr, in_days(cr) ? cr->check->response_time.limit_working_days : cr->check->response_time.limit_seconds, out);
}

static void rt_format(const sa_chk_example *ex, const sa_chk_req *cr, sa_buf *out)
{
    if (ex->text[0])
        sa_buf_printf(out, "%s: ", ex->text);
    switch (ex->code) {
    case EX_LATE:
        format_value(cr, ex->b, out);
        sa_buf_puts(out, " from ");
        sa_buf_puts(out, cr->check->response_time.from.name);
        sa_buf_puts(out, " to ");
        sa_buf_puts(out, cr->check->response_time.to.name);
        sa_buf_puts(out, ", over the limit of ");
        format_limit(cr, out);
        break;
    case EX_NO_END:
        sa_buf_printf(out, "no `%s`: counted as not met", cr->check->response_time.to.name);
        break;
    case EX_NEGATIVE:
        sa_buf_printf(out, "`%s` is before `%s`: counted as not met", cr->check->response_time.to.name, cr->check->response_time.from.name);
        break;
    default:
        sa_buf_printf(out, "no `%s`: the case cannot be placed in a period",
                      cr->check->response_time.at.name ? cr->check->response_time.at.name : cr->check->response_time.from.name);
        break;
    }
}

/* "95.0% within 4h (19/20; 95% CI 76.4-99.1%), 1 unknown; median 2h, 90th percentile 3h30m" */
static void rt_measure(sa_chk_final *fin, const sa_chk_share *sum, bool has_pct, int64_t median, int64_t p90)
{
    const sa_chk_req *cr = fin->cr;
    sa_buf *m = fin->measure;
    if (sum->den == 0) {
        sa_buf_puts(m, "no cases");
        return;
    }
    sa_buf_printf(m, "%.1f%% within ", fin->r->measured);
    format_limit(cr, m);
    sa_chk_share_counts(m, fin->r);
    if (sum->unknown)
        sa_buf_printf(m, ", %lld unknown", (long long)sum->unknown);
    if (has_pct) {
        sa_buf_puts(m, "; median ");
        format_value(cr, median, m);
        sa_buf_puts(m, ", 90th percentile ");
        format_value(cr, p90, m);
    }
}

static void rt_finish(void *acc, sa_chk_final *fin)
{
    rt_acc *a = acc;
    const sa_chk_req *cr = fin->cr;
    size_t *map;
    size_t n = sa_chk_periods_for(fin, &cr->grid, &map);
    const sa_chk_share **cells = n ? sa_arena_calloc(fin->arena, n, sizeof *cells) : NULL;
    for (size_t k = 0; k < n; k++)
        cells[k] = &a->p[map[k]].c;
    static const sa_chk_share_words words = {"no cases", "%lld cases, below the minimum of %lld"};
    bool *pooled;
    sa_chk_share sum = sa_chk_share_score(fin, cells, &words, &pooled);
    /* The percentiles describe the same cases as the pooled share. */
    sa_chk_samples all;
    sa_chk_samples_init(&all);
    for (size_t k = 0; k < n; k++)
        if (pooled[k])
            sa_chk_samples_merge(&all, &a->p[map[k]].samples);
    int64_t median = 0, p90 = 0;
    bool has_pct = sa_chk_samples_percentile(&all, 50, &median);
    sa_chk_samples_percentile(&all, 90, &p90);
    rt_measure(fin, &sum, has_pct, median, p90);
    const char *unit = in_days(cr) ? "working days" : "minutes";
    double scale = in_days(cr) ? 1.0 : 60.0;
    if (has_pct) {
        sa_chk_metric(fin, in_days(cr) ? "median_working_days" : "median_minutes", "Median response time",
                      (double)median / scale, unit);
        sa_chk_metric(fin, in_days(cr) ? "p90_working_days" : "p90_minutes",
                      "90th percentile response time", (double)p90 / scale, unit);
    }
    sa_chk_metric(fin, "excluded_rows", "Cases excluded from the denominator", (double)sum.excluded, "count");
    if (a->where_unknown)
        sa_chk_metric(fin, "where_unknown", "Rows left out: `where` could not be evaluated",
                      (double)a->where_unknown, "count");
    if (a->undated)
        sa_chk_metric(fin, "undated_rows", "Cases without a start to place them in a period",
                      (double)a->undated, "count");
    sa_chk_samples_free(&all);
    sa_chk_examples_emit(fin, &a->ex, rt_format);
}

static const char *response_prepare(sa_chk_req *cr, sa_arena *arena)
{
    const sa_response_time_config *c = &cr->check->response_time;
    if (!sa_chk_column_ok(&c->from))
        return "from";
    if (!sa_chk_column_ok(&c->to))
        return "to";
    if (c->limit_seconds <= 0 && c->limit_working_days < 0)
        return "limit";
    cr->dates_rows = true;
    cr->date_col = sa_chk_column_ok(&c->at) ? c->at.index : c->from.index;
    /* Responses in hours: rows start in the range and mostly end within weeks of it. */
    if (c->limit_seconds > 0 && cr->to != SA_DATE_NONE)
        sa_chk_clock_build(&cr->clock, cr->from, cr->to + 92, arena);
    return NULL;
}

const sa_chk_kind sa_chk_kind_response_time = {
    .name = "response_time",
    .prepare = response_prepare,
    .acc_new = rt_new,
    .acc_row = rt_row,
    .acc_merge = rt_merge,
    .acc_finish = rt_finish,
    .acc_free = rt_free,
};
