/* coverage.c — `coverage`: rota intervals [from, to) must cover the required
 * weekly windows on every day of the period. Windows are wall-clock times
 * ("09:00-17:00", "00:00-24:00", or past midnight "20:00-08:00", which belongs
 * to the day it starts); minutes are real instants (sa_london_to_utc), so the
 * clock-change days have 23 and 25 hours. Each uncovered stretch is a gap;
 * the measure is the share of required minutes covered per period. */
#include <stdlib.h>
#include <string.h>

#include "checks/checks_internal.h"
#include "core/alloc.h"

enum { EX_NO_TIMES = 1, EX_BACKWARDS = 2 };

typedef struct cov_acc {
    sa_date from, to;
    int64_t lo, hi; /* [lo, hi): the instants this accumulator's days require; cover outside is cut off */
    sa_ivset covered;
    int64_t rows_used;
    int64_t rows_other_role;
    int64_t rows_unusable;
    sa_chk_exset ex;
} cov_acc;

static void *cov_new(const sa_chk_req *cr, sa_date from, sa_date to)
{
    cov_acc *a = sa_xcalloc(1, sizeof *a);
    a->from = from;
    a->to = to;
    /* Cover counts only within the provider's term: from its first midnight to the
     * midnight after its last day, plus the end of any window that starts on the
     * last day and runs past midnight (it belongs to that day). Cutting here keeps
     * rota time outside one provider's term out of the system-wide union. */
    const sa_check *ck = cr->check;
    int spill = 0;
    for (size_t i = 0; i < ck->coverage.nwindows; i++)
        if (ck->coverage.windows[i].end_minute <= ck->coverage.windows[i].start_minute && ck->coverage.windows[i].end_minute > spill)
            spill = ck->coverage.windows[i].end_minute;
    a->lo = sa_london_to_utc(sa_datetime_make(from, 0));
    a->hi = sa_london_to_utc(sa_datetime_make(to + 1, spill * 60));
    sa_ivset_init(&a->covered);
    sa_chk_exset_init(&a->ex, cr->max_examples);
    return a;
}

static void cov_free(void *acc)
{
    cov_acc *a = acc;
    if (!a)
        return;
    sa_ivset_free(&a->covered);
    sa_chk_exset_free(&a->ex);
    free(a);
}

static void cov_row(void *acc, const sa_chk_req *cr, sa_chk_local *loc, const sa_row *row)
{
    cov_acc *a = acc;
    const sa_check *ck = cr->check;
    if (sa_chk_where(loc, row) != SA_TRI_TRUE)
        return;
    if (cr->accept_roles) {
        const sa_value *rv = sa_chk_cell(row, ck->coverage.role.index);
        int ri = -1;
        if (rv && rv->kind == SA_VAL_STRING)
            ri = sa_chk_match_role(loc, cr, row, rv);
        if (ri == SA_ROLE_UNDECIDED) {
            a->rows_unusable++;
            return;
        }
        if (!sa_chk_role_in(cr->accept_roles, ri)) {
            a->rows_other_role++;
            return;
        }
    }
    sa_datetime s, e;
    if (!sa_chk_value_datetime(sa_chk_cell(row, ck->coverage.from.index), &s) ||
        !sa_chk_value_datetime(sa_chk_cell(row, ck->coverage.to.index), &e)) {
        a->rows_unusable++;
        sa_chk_example *x = sa_chk_exset_offer(&a->ex, row->file->path, row->record, EX_NO_TIMES, 0);
        if (x)
            sa_chk_example_key(x, cr, row);
        return;
    }
    int64_t us = sa_chk_london_to_utc(&cr->clock, s), ue = sa_chk_london_to_utc(&cr->clock, e);
    if (ue <= us) {
        a->rows_unusable++;
        sa_chk_example *x = sa_chk_exset_offer(&a->ex, row->file->path, row->record, EX_BACKWARDS, 0);
        if (x) {
            sa_chk_example_key(x, cr, row);
            x->b = s;
            x->c = e;
        }
        return;
    }
    a->rows_used++;
    if (us < a->lo)
        us = a->lo;
    if (ue > a->hi)
        ue = a->hi;
    sa_ivset_add(&a->covered, us, ue);
}

static void cov_merge(void *dst, const void *src, const sa_chk_req *cr)
{
    (void)cr;
    cov_acc *d = dst;
    const cov_acc *s = src;
    sa_ivset_merge(&d->covered, &s->covered);
    d->rows_used += s->rows_used;
    d->rows_other_role += s->rows_other_role;
    d->rows_unusable += s->rows_unusable;
    sa_chk_exset_merge(&d->ex, &s->ex);
}

static void cov_format(const sa_chk_example *ex, const sa_chk_req *cr, sa_buf *out)
{
    if (ex->text[0])
        sa_buf_printf(out, "%s: ", ex->text);
    if (ex->code == EX_NO_TIMES) {
        sa_buf_printf(out, "no `%s` or `%s`: the shift is not counted", cr->check->coverage.from.name,
                      cr->check->coverage.to.name);
    } else {
        char s[20], e[20];
        sa_datetime_format(ex->b, s);
        sa_datetime_format(ex->c, e);
        sa_buf_printf(out, "shift ends (%s) before it starts (%s): not counted", e, s);
    }
}

typedef struct gap_list {
    sa_gap *v; /* start/end hold UTC instants until the end */
    size_t n, cap;
} gap_list;

static void gap_add(gap_list *g, int64_t s, int64_t e)
{
    if (g->n && g->v[g->n - 1].end == s) {
        g->v[g->n - 1].end = e;
        return;
    }
    if (g->n == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 32;
        g->v = sa_xrealloc(g->v, g->cap * sizeof *g->v);
    }
    g->v[g->n].start = s;
    g->v[g->n].end = e;
    g->n++;
}

/* Adds the uncovered pieces of [s, e) to the gap list; returns covered seconds. */
static int64_t walk(const sa_ivset *c, int64_t s, int64_t e, gap_list *gaps)
{
    int64_t cursor = s, covered = 0;
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->v[2 * mid + 1] <= s)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < c->n && c->v[2 * i] < e; i++) {
        int64_t a = c->v[2 * i] > s ? c->v[2 * i] : s;
        int64_t b = c->v[2 * i + 1] < e ? c->v[2 * i + 1] : e;
        if (a > cursor)
            gap_add(gaps, cursor, a);
        if (b > a)
            covered += b - a;
        if (b > cursor)
            cursor = b;
    }
    if (cursor < e)
        gap_add(gaps, cursor, e);
    return covered;
}

static int cmp_req(const void *x, const void *y)
{
    const int64_t *a = x, *b = y;
    return (a[0] > b[0]) - (a[0] < b[0]);
}

static int cmp_gap(const void *x, const void *y)
{
    const sa_gap *a = x, *b = y;
    if (a->minutes != b->minutes)
        return a->minutes > b->minutes ? -1 : 1;
    return (a->start > b->start) - (a->start < b->start);
}

static sa_window default_window(void)
{
    sa_window w;
    memset(&w, 0, sizeof w);
    w.days = SA_DAYS_ALL;
    w.start_minute = 0;
    w.end_minute = 1440;
    w.bank_holidays = true;
    return w;
}

/* Walks the required windows day by day: required and covered seconds per
 * period and per day (for the report's timeline: memory per day, never per
 * minute), and every uncovered stretch into `gaps`. A window belongs to the
 * day it starts on; time two windows share is counted once, on the first. */
static void cov_walk_days(const cov_acc *a, const sa_chk_final *fin, int64_t *req_s, int64_t *cov_s, size_t n,
                          sa_day_cover *days, gap_list *gaps)
{
    const sa_chk_req *cr = fin->cr;
    const sa_check *ck = cr->check;
    sa_window dflt = default_window();
    const sa_window *wins = ck->coverage.nwindows ? ck->coverage.windows : &dflt;
    size_t nwins = ck->coverage.nwindows ? ck->coverage.nwindows : 1;
    int64_t *req = sa_xcalloc(2 * nwins, sizeof *req);
    int64_t until = INT64_MIN; /* required time already counted (windows of consecutive days may overlap) */
    size_t k = 0;
    for (sa_date d = fin->from; d <= fin->to && n; d++) {
        while (k + 1 < n && d > fin->r->periods[k].to)
            k++;
        int wd = sa_date_weekday(d);
        bool holiday = sa_calendar_is_holiday(&cr->spec->calendar, d);
        size_t nr = 0;
        for (size_t i = 0; i < nwins; i++) {
            const sa_window *w = &wins[i];
            if (!(w->days & (1u << wd)) || (holiday && !w->bank_holidays))
                continue;
            sa_datetime ls = sa_datetime_make(d, w->start_minute * 60);
            sa_datetime le = w->end_minute > w->start_minute ? sa_datetime_make(d, w->end_minute * 60)
                                                             : sa_datetime_make(d + 1, w->end_minute * 60);
            req[2 * nr] = sa_london_to_utc(ls);
            req[2 * nr + 1] = sa_london_to_utc(le);
            nr++;
        }
        qsort(req, nr, 2 * sizeof *req, cmp_req);
        sa_day_cover *day = &days[d - fin->from];
        for (size_t i = 0; i < nr; i++) {
            int64_t s = req[2 * i] > until ? req[2 * i] : until;
            int64_t e = req[2 * i + 1];
            if (e <= s)
                continue;
            int64_t covered = walk(&a->covered, s, e, gaps);
            req_s[k] += e - s;
            cov_s[k] += covered;
            day->required += (int32_t)(e - s);
            day->covered += (int32_t)covered;
            until = e;
        }
    }
    free(req);
}

static void cov_periods(sa_result *r, const sa_target *target, const int64_t *req_s, const int64_t *cov_s, size_t n)
{
    int64_t total_req = 0, total_cov = 0;
    for (size_t i = 0; i < n; i++) {
        sa_period_result *p = &r->periods[i];
        p->numerator = cov_s[i] / 60;
        p->denominator = req_s[i] / 60;
        total_req += req_s[i];
        total_cov += cov_s[i];
        if (req_s[i] == 0) {
            p->verdict = SA_VERDICT_NOT_ASSESSABLE;
            p->note = "no cover required in this period";
            continue;
        }
        p->has_measured = true;
        p->measured = 100.0 * (double)cov_s[i] / (double)req_s[i];
        p->verdict = sa_target_holds(target, p->measured) ? SA_VERDICT_MET : SA_VERDICT_NOT_MET;
    }
    r->numerator = total_cov / 60;
    r->denominator = total_req / 60;
    r->measured_unit = "%";
    if (total_req > 0) {
        r->has_measured = true;
        r->measured = 100.0 * (double)total_cov / (double)total_req;
    }
}

/* Gaps: wall-clock ends, real minutes, worst first; the first max kept. */
static void cov_gaps(sa_result *r, gap_list *gaps, size_t max, sa_arena *arena)
{
    int64_t gap_seconds = 0;
    for (size_t i = 0; i < gaps->n; i++) {
        int64_t secs = gaps->v[i].end - gaps->v[i].start;
        gap_seconds += secs;
        gaps->v[i].minutes = (secs + 30) / 60;
        gaps->v[i].start = sa_utc_to_london(gaps->v[i].start);
        gaps->v[i].end = sa_utc_to_london(gaps->v[i].end);
    }
    if (gaps->n)
        qsort(gaps->v, gaps->n, sizeof *gaps->v, cmp_gap);
    r->gaps_total = gaps->n;
    r->gap_minutes_total = (gap_seconds + 30) / 60;
    size_t keep = gaps->n < max ? gaps->n : max;
    if (keep) {
        r->gaps = sa_arena_calloc(arena, keep, sizeof *r->gaps);
        memcpy(r->gaps, gaps->v, keep * sizeof *r->gaps);
        r->ngaps = keep;
    }
}

static void cov_evidence(const cov_acc *a, sa_chk_final *fin)
{
    sa_result *r = fin->r;
    if (r->has_measured) {
        sa_buf_printf(fin->measure, "%.2f%% of required minutes covered (%lld/%lld)", r->measured,
                      (long long)r->numerator, (long long)r->denominator);
        if (r->gaps_total)
            sa_buf_printf(fin->measure, "; %llu gap%s totalling %lld minutes",
                          (unsigned long long)r->gaps_total, r->gaps_total == 1 ? "" : "s",
                          (long long)r->gap_minutes_total);
    } else {
        sa_buf_puts(fin->measure, "no cover required");
    }
    sa_chk_metric(fin, "required_minutes", "Minutes of required cover", (double)r->denominator, "minutes");
    sa_chk_metric(fin, "gap_minutes", "Uncovered minutes", (double)r->gap_minutes_total, "minutes");
    sa_chk_metric(fin, "shifts", "Rota rows counted", (double)a->rows_used, "count");
    if (a->rows_other_role)
        sa_chk_metric(fin, "rows_other_roles", "Rota rows for roles that do not count", (double)a->rows_other_role,
                      "count");
    if (a->rows_unusable)
        sa_chk_metric(fin, "rows_unusable", "Rota rows without a usable start, end or role",
                      (double)a->rows_unusable, "count");
    r->unknown = a->rows_unusable;
    sa_chk_examples_emit(fin, &a->ex, cov_format);
}

static void cov_finish(void *acc, sa_chk_final *fin)
{
    cov_acc *a = acc;
    sa_result *r = fin->r;
    sa_ivset_compact(&a->covered);
    size_t n = sa_chk_periods_for(fin, &fin->cr->grid, NULL);
    int64_t *req_s = sa_xcalloc(n ? n : 1, sizeof *req_s);
    int64_t *cov_s = sa_xcalloc(n ? n : 1, sizeof *cov_s);
    size_t ndays = fin->to >= fin->from ? (size_t)(fin->to - fin->from) + 1 : 0;
    r->days = ndays ? sa_arena_calloc(fin->arena, ndays, sizeof *r->days) : NULL;
    r->ndays = ndays;
    r->days_from = fin->from;
    gap_list gaps = {0};
    if (ndays)
        cov_walk_days(a, fin, req_s, cov_s, n, r->days, &gaps);
    cov_periods(r, &fin->target, req_s, cov_s, n);
    cov_gaps(r, &gaps, fin->cr->max_examples, fin->arena);
    free(gaps.v);
    free(req_s);
    free(cov_s);
    cov_evidence(a, fin);
}

static const char *coverage_prepare(sa_chk_req *cr, sa_arena *arena)
{
    const sa_coverage_config *c = &cr->check->coverage;
    cr->role_column = c->role.name;
    if (c->nroles)
        cr->accept_roles = sa_arena_calloc(arena, cr->role_words, sizeof *cr->accept_roles);
    if (!sa_chk_column_ok(&c->from))
        return "from";
    if (!sa_chk_column_ok(&c->to))
        return "to";
    if (c->nroles && !sa_chk_column_ok(&c->role))
        return "role";
    sa_chk_role_set(cr, c->roles, c->nroles, cr->accept_roles, arena);
    /* Shifts start and end on the range's days, a few just outside it (the table's
     * answers are sa_london_to_utc's; days outside it ask that). */
    if (cr->from != SA_DATE_NONE && cr->to != SA_DATE_NONE)
        sa_chk_clock_build(&cr->clock, cr->from - 1, cr->to + 1, arena);
    return NULL;
}

const sa_chk_kind sa_chk_kind_coverage = {
    .name = "coverage",
    .prepare = coverage_prepare,
    .acc_new = cov_new,
    .acc_row = cov_row,
    .acc_merge = cov_merge,
    .acc_finish = cov_finish,
    .acc_free = cov_free,
};
