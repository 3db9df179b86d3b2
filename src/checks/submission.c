/* submission.c — `submission`: each expected return (dataset x provider x
 * reporting period) is present and was received by its due date: the period
 * end plus `due_days` (the provider's agreement duty when it states one, else
 * the check's, else the spec's reporting default). A return is present for a period when any
 * of its rows is dated in it (by the dataset's first required date column);
 * its submission date is the latest `submitted` date among those rows — a
 * return is complete only when its last row arrived. Returns not yet due on
 * `today` are pending, not missing. */
#include <stdlib.h>
#include <string.h>

#include "checks/checks_internal.h"

typedef struct sub_ds {
    uint8_t *present;    /* one byte per day: 1 present, 2 present without a submission date */
    sa_date *submitted;  /* latest submission date per day, SA_DATE_NONE when none */
} sub_ds;

typedef struct sub_acc {
    sa_date from, to;
    size_t ndays, nds;
    sub_ds *ds;
    int64_t undated;
} sub_acc;

static void *sub_new(const sa_chk_req *cr, sa_date from, sa_date to)
{
    sub_acc *a = calloc(1, sizeof *a);
    if (!a)
        abort();
    a->from = from;
    a->to = to;
    a->ndays = to >= from ? (size_t)(to - from + 1) : 0;
    a->nds = cr->spec->ndatasets;
    a->ds = calloc(a->nds ? a->nds : 1, sizeof *a->ds);
    if (!a->ds)
        abort();
    return a;
}

static void sub_free(void *acc)
{
    sub_acc *a = acc;
    if (!a)
        return;
    for (size_t i = 0; i < a->nds; i++) {
        free(a->ds[i].present);
        free(a->ds[i].submitted);
    }
    free(a->ds);
    free(a);
}

static sub_ds *ds_get(sub_acc *a, size_t i)
{
    sub_ds *d = &a->ds[i];
    if (!d->present) {
        d->present = calloc(a->ndays ? a->ndays : 1, 1);
        d->submitted = malloc((a->ndays ? a->ndays : 1) * sizeof *d->submitted);
        if (!d->present || !d->submitted)
            abort();
        for (size_t k = 0; k < a->ndays; k++)
            d->submitted[k] = SA_DATE_NONE;
    }
    return d;
}

static void mark(sub_acc *a, size_t di, size_t day, uint8_t flag, sa_date sub)
{
    sub_ds *d = ds_get(a, di);
    d->present[day] |= flag;
    if (sub != SA_DATE_NONE && (d->submitted[day] == SA_DATE_NONE || sub > d->submitted[day]))
        d->submitted[day] = sub;
}

static void sub_row(void *acc, const sa_chk_req *cr, sa_chk_local *loc, const sa_row *row)
{
    (void)loc;
    sub_acc *a = acc;
    const sa_spec *spec = cr->spec;
    size_t di = SIZE_MAX;
    for (size_t i = 0; i < spec->ndatasets; i++)
        if (&spec->datasets[i] == row->file->dataset)
            di = i;
    if (di == SIZE_MAX || a->ndays == 0)
        return;
    sa_date d;
    if (!sa_chk_value_date(sa_chk_cell(row, cr->date_column[di]), &d)) {
        a->undated++;
        return;
    }
    if (d < a->from || d > a->to)
        return;
    sa_date s = SA_DATE_NONE;
    uint8_t flag = 1;
    if (!sa_chk_value_date(sa_chk_cell(row, cr->submitted_column[di]), &s))
        flag = 2;
    mark(a, di, (size_t)(d - a->from), flag, s);
}

static void sub_merge(void *dst, const void *src, const sa_chk_req *cr)
{
    (void)cr;
    sub_acc *d = dst;
    const sub_acc *s = src;
    for (size_t i = 0; i < s->nds && i < d->nds; i++) {
        if (!s->ds[i].present)
            continue;
        for (size_t k = 0; k < s->ndays; k++) {
            if (!s->ds[i].present[k])
                continue;
            sa_date day = s->from + (sa_date)k;
            if (day < d->from || day > d->to)
                continue;
            mark(d, i, (size_t)(day - d->from), s->ds[i].present[k], s->ds[i].submitted[k]);
        }
    }
    d->undated += s->undated;
}

static void sub_finish(void *acc, sa_chk_final *fin)
{
    sub_acc *a = acc;
    const sa_chk_req *cr = fin->cr;
    const sa_check *ck = cr->check;
    const sa_spec *spec = cr->spec;
    sa_result *r = fin->r;
    sa_arena *arena = fin->arena;
    const sa_provider_plan *pp = fin->pp;
    /* The agreement's reporting duty, when it states one, is the provider's contract;
     * otherwise the check's `every`/`due_days`, else the spec's reporting default. */
    sa_per every = ck->every != SA_PER_PERIOD ? ck->every : spec->reporting_every;
    int due_days = ck->due_days >= 0 ? ck->due_days : spec->reporting_due_days;
    /* The plan holds the duty of the latest agreement that states one: an earlier
     * agreement's duty stands when a later one (a variation) says nothing about it. */
    bool agreed_duty = false;
    for (size_t i = 0; pp && i < pp->nagreements && !agreed_duty; i++)
        agreed_duty = pp->agreements[i]->reporting_due_days >= 0;
    if (agreed_duty) {
        every = pp->reporting_every;
        due_days = pp->reporting_due_days;
    }
    sa_period_grid g;
    sa_period_grid_build_anchored(&g, every, fin->from, fin->to, cr->spec->period_from);
    r->periods = g.n ? sa_arena_calloc(arena, g.n, sizeof *r->periods) : NULL;
    r->nperiods = g.n;
    size_t max = cr->max_examples;
    sa_example *ex = max ? sa_arena_calloc(arena, max, sizeof *ex) : NULL;
    size_t nex = 0;
    uint64_t ex_total = 0;
    int64_t on_time = 0, expected = 0, late = 0, missing = 0, undated_returns = 0, pending = 0;
    for (size_t i = 0; i < g.n; i++) {
        sa_period_result *p = &r->periods[i];
        p->from = g.from[i];
        p->to = g.to[i];
        /* Due counts from the end of the whole reporting period: a range (or term)
         * stopping mid-month does not bring the month's return forward. */
        sa_date due = sa_period_grid_full_end(&g, i) + due_days;
        char dues[11], ps[11];
        sa_date_format(due, dues);
        sa_date_format(g.from[i], ps);
        int64_t pn = 0, pd = 0, pp_pending = 0;
        for (size_t di = 0; di < spec->ndatasets; di++) {
            if (!cr->reads_dataset[di])
                continue;
            const sub_ds *d = &a->ds[di];
            bool present = false, dateless = false;
            sa_date latest = SA_DATE_NONE;
            for (sa_date day = g.from[i]; d->present && day <= g.to[i]; day++) {
                if (day < a->from || day > a->to)
                    continue;
                size_t k = (size_t)(day - a->from);
                if (!d->present[k])
                    continue;
                present = true;
                if (d->present[k] & 2)
                    dateless = true;
                if (d->submitted[k] != SA_DATE_NONE && (latest == SA_DATE_NONE || d->submitted[k] > latest))
                    latest = d->submitted[k];
            }
            const char *msg = NULL;
            if (!present && cr->today != SA_DATE_NONE && cr->today <= due) {
                pending++;
                pp_pending++;
                continue;
            } else if (!present) {
                msg = sa_arena_printf(arena, "%s return for the period from %s is missing (due %s)",
                                      spec->datasets[di].name, ps, dues);
                missing++;
            } else if (latest != SA_DATE_NONE && latest > due && !dateless) {
                char ss[11];
                sa_date_format(latest, ss);
                msg = sa_arena_printf(arena, "%s return for the period from %s was submitted on %s, %d day%s after its due date %s",
                                      spec->datasets[di].name, ps, ss, (int)(latest - due),
                                      latest - due == 1 ? "" : "s", dues);
                late++;
            } else if (latest != SA_DATE_NONE && latest > due) {
                char ss[11];
                sa_date_format(latest, ss);
                msg = sa_arena_printf(arena, "%s return for the period from %s was submitted on %s, after its due date %s",
                                      spec->datasets[di].name, ps, ss, dues);
                late++;
            } else if (latest == SA_DATE_NONE) {
                undated_returns++;
            }
            pd++;
            if (!msg) {
                pn++;
                continue;
            }
            ex_total++;
            if (nex < max)
                ex[nex++].message = msg;
        }
        p->numerator = pn;
        p->denominator = pd;
        on_time += pn;
        expected += pd;
        if (pd == 0) {
            p->verdict = SA_VERDICT_NOT_ASSESSABLE;
            p->note = pp_pending ? "returns not yet due" : "no return expected";
            continue;
        }
        p->has_measured = true;
        p->measured = sa_chk_pct(pn, pd);
        p->verdict = sa_target_holds(&fin->target, p->measured) ? SA_VERDICT_MET : SA_VERDICT_NOT_MET;
    }
    sa_period_grid_free(&g);
    r->examples = ex;
    r->nexamples = nex;
    r->examples_total = ex_total;
    r->numerator = on_time;
    r->denominator = expected;
    r->measured_unit = "%";
    if (expected) {
        r->has_measured = true;
        r->measured = sa_chk_pct(on_time, expected);
        sa_buf_printf(fin->measure, "%.1f%% of expected returns received on time (%lld/%lld)", r->measured,
                      (long long)on_time, (long long)expected);
        if (missing || late)
            sa_buf_printf(fin->measure, "; %lld missing, %lld late", (long long)missing, (long long)late);
    } else {
        sa_buf_puts(fin->measure, "no return expected");
    }
    sa_chk_metric(fin, "due_days", "Days after the period end a return is due", (double)due_days, "days");
    sa_chk_metric(fin, "missing_returns", "Returns missing", (double)missing, "count");
    sa_chk_metric(fin, "late_returns", "Returns received late", (double)late, "count");
    if (undated_returns)
        sa_chk_metric(fin, "returns_without_submission_date", "Returns received without a submission date",
                      (double)undated_returns, "count");
    if (pending)
        sa_chk_metric(fin, "pending_returns", "Returns not yet due", (double)pending, "count");
}

const sa_chk_kind sa_chk_kind_submission = {
    .name = "submission",
    .default_target = ">= 100%",
    .acc_new = sub_new,
    .acc_row = sub_row,
    .acc_merge = sub_merge,
    .acc_finish = sub_finish,
    .acc_free = sub_free,
};
