/* submission.c — `submission`: each expected return (dataset x provider x
 * reporting period) is received, and by its due date: the period end plus
 * `due_days` (the provider's agreement duty when it states one, else the
 * check's, else the spec's reporting default).
 *
 * What was received, and when: the submissions manifest when one is given
 * and it lists the return (a nil return included); otherwise the rows — a
 * return is present for a period when any of its rows is dated in it (by the
 * dataset's first required date column), and complete when its last row
 * arrived (the latest `submitted` date). A return whose date is not known is
 * received with timeliness unknown: never counted on time. Returns not yet
 * due on `today` are pending, not missing. */
#include <stdlib.h>
#include <string.h>

#include "checks/checks_internal.h"
#include "core/alloc.h"

typedef struct sub_ds {
    uint8_t *present;    /* one byte per day: 1 present, 2 present without a submission date */
    sa_date *submitted;  /* latest submission date per day, SA_DATE_NONE when none */
} sub_ds;

typedef struct sub_acc {
    sa_date from, to;
    size_t ndays, nds;
    sub_ds *ds;
    int64_t undated;
    const void *last_dataset; /* the dataset of the last row and its index (rows come file by file) */
    size_t last_di;
} sub_acc;

static void *sub_new(const sa_chk_req *cr, sa_date from, sa_date to)
{
    sub_acc *a = sa_xcalloc(1, sizeof *a);
    a->from = from;
    a->to = to;
    a->ndays = to >= from ? (size_t)(to - from + 1) : 0;
    a->nds = cr->spec->ndatasets;
    a->ds = sa_xcalloc(a->nds ? a->nds : 1, sizeof *a->ds);
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

/* A dataset's days, made at its first row: out of line, so that marking a day stays inline. */
static __attribute__((noinline)) void ds_make(sub_acc *a, sub_ds *d)
{
    d->present = sa_xcalloc(a->ndays ? a->ndays : 1, 1);
    d->submitted = sa_xmalloc((a->ndays ? a->ndays : 1) * sizeof *d->submitted);
    for (size_t k = 0; k < a->ndays; k++)
        d->submitted[k] = SA_DATE_NONE;
}

static inline void mark(sub_acc *a, size_t di, size_t day, uint8_t flag, sa_date sub)
{
    sub_ds *d = &a->ds[di];
    if (!d->present)
        ds_make(a, d);
    d->present[day] |= flag;
    if (sub != SA_DATE_NONE && (d->submitted[day] == SA_DATE_NONE || sub > d->submitted[day]))
        d->submitted[day] = sub;
}

static void sub_row(void *acc, const sa_chk_req *cr, sa_chk_local *loc, const sa_row *row)
{
    (void)loc;
    sub_acc *a = acc;
    const sa_spec *spec = cr->spec;
    size_t di = a->last_di;
    if (row->file->dataset != a->last_dataset || !a->last_dataset) {
        di = SIZE_MAX;
        for (size_t i = 0; i < spec->ndatasets; i++)
            if (&spec->datasets[i] == row->file->dataset)
                di = i;
        a->last_dataset = row->file->dataset;
        a->last_di = di;
    }
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

/* ---- finishing ------------------------------------------------------------------------ */

/* What is known of one expected return (dataset x provider x reporting period). */
typedef enum ret_status {
    RS_PENDING = 0, /* not received, not yet due on --today: not counted */
    RS_MISSING,     /* not received */
    RS_LATE,        /* received after its due date */
    RS_ON_TIME,     /* received by its due date */
    RS_UNKNOWN,     /* received, but when is not known: timeliness not assessed */
} ret_status;

typedef struct sub_tally {
    int64_t expected, on_time, late, missing, unknown, pending;
    int64_t nil;      /* nil returns the manifest records */
} sub_tally;

/* Everything one result row needs while its expected returns are looked at. */
typedef struct sub_ctx {
    const sub_acc *a;
    sa_chk_final *fin;
    const sa_submission **listed; /* the manifest's entries for this row's provider (every provider's for the
                                     system-wide row); NULL without a manifest */
    size_t nlisted;
    sa_date due;
    char dues[11], ps[11];
} sub_ctx;

/* The reporting duty of the row: the agreement's when it states one (of several consecutive
 * agreements, the latest that states one), else the check's, else the spec's. */
static void sub_duty(const sa_chk_final *fin, sa_per *every, int *due_days)
{
    const sa_check *ck = fin->cr->check;
    const sa_spec *spec = fin->cr->spec;
    const sa_provider_plan *pp = fin->pp;
    *every = ck->submission.every != SA_PER_PERIOD ? ck->submission.every : spec->reporting_every;
    *due_days = ck->submission.due_days >= 0 ? ck->submission.due_days : spec->reporting_due_days;
    bool agreed = false;
    for (size_t i = 0; pp && i < pp->nagreements && !agreed; i++)
        agreed = pp->agreements[i]->reporting_due_days >= 0;
    if (agreed) {
        *every = pp->reporting_every;
        *due_days = pp->reporting_due_days;
    }
}

/* What the manifest records for [from, to] of one dataset: covered when its entries
 * together cover every day; the return is complete when its last day arrived, each day
 * arriving with the earliest entry covering it (a resubmission does not make an on-time
 * return late, nor a late one on time). *received is SA_DATE_NONE when a day's entries
 * give no date. */
static bool manifest_covers(const sub_ctx *c, const sa_dataset *ds, sa_date from, sa_date to, sa_date *received,
                            bool *nil)
{
    sa_date last = SA_DATE_NONE;
    bool known = true, any_nil = false;
    for (sa_date day = from; c->listed && day <= to; day++) {
        bool covered = false;
        sa_date first = SA_DATE_NONE;
        for (size_t i = 0; i < c->nlisted; i++) {
            const sa_submission *e = c->listed[i];
            if (e->dataset != ds || day < e->from || day > e->to)
                continue;
            covered = true;
            any_nil = any_nil || e->nil;
            if (e->submitted != SA_DATE_NONE && (first == SA_DATE_NONE || e->submitted < first))
                first = e->submitted;
        }
        if (!covered)
            return false;
        known = known && first != SA_DATE_NONE;
        if (first != SA_DATE_NONE && (last == SA_DATE_NONE || first > last))
            last = first;
    }
    if (!c->listed)
        return false;
    /* A day received on an unknown date may have completed the return later: only
     * lateness is certain then. */
    *received = !known && last != SA_DATE_NONE && last <= c->due ? SA_DATE_NONE : last;
    *nil = any_nil;
    return true;
}

/* What the rows say of [from, to] of dataset di: whether any was received, and the
 * latest submission date (a return is complete when its last row arrived), or
 * SA_DATE_NONE when some row gives none. */
static bool rows_present(const sub_ctx *c, size_t di, sa_date from, sa_date to, sa_date *received)
{
    const sub_ds *d = &c->a->ds[di];
    bool present = false, dateless = false;
    *received = SA_DATE_NONE;
    for (sa_date day = from; d->present && day <= to; day++) {
        if (day < c->a->from || day > c->a->to || !d->present[day - c->a->from])
            continue;
        size_t k = (size_t)(day - c->a->from);
        present = true;
        dateless = dateless || (d->present[k] & 2);
        if (d->submitted[k] != SA_DATE_NONE && (*received == SA_DATE_NONE || d->submitted[k] > *received))
            *received = d->submitted[k];
    }
    /* Rows without a date may have arrived after the dated ones: only lateness is certain. */
    if (dateless && *received != SA_DATE_NONE && *received <= c->due)
        *received = SA_DATE_NONE;
    return present;
}

static ret_status timeliness(const sub_ctx *c, sa_date received)
{
    if (received == SA_DATE_NONE)
        return RS_UNKNOWN;
    return received > c->due ? RS_LATE : RS_ON_TIME;
}

static const char *late_message(const sub_ctx *c, const char *name, sa_date received)
{
    char ss[11];
    sa_date_format(received, ss);
    return sa_arena_printf(c->fin->arena, "%s return for the period from %s was submitted on %s, %d day%s after its due date %s",
                           name, c->ps, ss, (int)(received - c->due), received - c->due == 1 ? "" : "s", c->dues);
}

/* The status of one expected return, with the message that explains it (NULL: none). */
static ret_status expected_return(const sub_ctx *c, size_t di, sa_date from, sa_date to, const char **msg,
                                  bool *nil)
{
    const sa_chk_req *cr = c->fin->cr;
    const char *name = cr->spec->datasets[di].name;
    sa_date received;
    *msg = NULL;
    ret_status st;
    if (manifest_covers(c, &cr->spec->datasets[di], from, to, &received, nil)) {
        st = timeliness(c, received);
    } else if (!rows_present(c, di, from, to, &received)) {
        if (cr->today != SA_DATE_NONE && cr->today <= c->due)
            return RS_PENDING;
        *msg = sa_arena_printf(c->fin->arena, "%s return for the period from %s is missing (due %s)%s", name, c->ps,
                               c->dues, cr->manifest ? ": neither in the submissions manifest nor in the returns" : "");
        return RS_MISSING;
    } else {
        st = timeliness(c, received);
        if (cr->manifest && st != RS_LATE) {
            *msg = sa_arena_printf(c->fin->arena, "%s return for the period from %s: rows were received, but the "
                                                  "submissions manifest does not list the return, so when is not known",
                                   name, c->ps);
            st = RS_UNKNOWN;
        }
    }
    if (st == RS_LATE)
        *msg = late_message(c, name, received);
    return st;
}

/* A period of expected returns: met when the returns known to be on time meet the target;
 * not met when the target fails even if every return of unknown timeliness was on time;
 * otherwise not assessable — unknown timeliness is not evidence of timeliness. */
static void sub_period_verdict(sa_chk_final *fin, sa_period_result *p, const sub_tally *t)
{
    p->numerator = t->on_time;
    p->denominator = t->expected;
    p->unknown = t->unknown;
    if (t->expected == 0) {
        p->verdict = SA_VERDICT_NOT_ASSESSABLE;
        p->note = t->pending ? "returns not yet due" : "no return expected";
        return;
    }
    p->has_measured = t->unknown < t->expected;
    p->measured = sa_chk_pct(t->on_time, t->expected);
    double best = sa_chk_pct(t->on_time + t->unknown, t->expected);
    if (sa_target_holds(&fin->target, p->measured) && p->has_measured)
        p->verdict = SA_VERDICT_MET;
    else if (!sa_target_holds(&fin->target, best))
        p->verdict = SA_VERDICT_NOT_MET;
    else {
        p->verdict = SA_VERDICT_NOT_ASSESSABLE;
        p->note = sa_arena_printf(fin->arena, "%lld of %lld returns received without a submission date: timeliness not known",
                                  (long long)t->unknown, (long long)t->expected);
    }
}

static void sub_count(sub_tally *t, ret_status st)
{
    switch (st) {
    case RS_PENDING: t->pending++; return;
    case RS_MISSING: t->missing++; break;
    case RS_LATE: t->late++; break;
    case RS_ON_TIME: t->on_time++; break;
    case RS_UNKNOWN: t->unknown++; break;
    }
    t->expected++;
}

static void sub_example(sa_chk_final *fin, const char *msg)
{
    sa_result *r = fin->r;
    if (r->examples_total++ < fin->cr->max_examples)
        r->examples[r->nexamples++].message = msg;
}

/* One reporting period of the grid: every expected dataset's return. */
static void sub_period(sub_ctx *c, const sa_period_grid *g, size_t i, int due_days, sub_tally *all)
{
    const sa_chk_req *cr = c->fin->cr;
    sa_period_result *p = &c->fin->r->periods[i];
    p->from = g->from[i];
    p->to = g->to[i];
    /* Due counts from the end of the whole reporting period: a range (or term)
     * stopping mid-month does not bring the month's return forward. */
    c->due = sa_period_grid_full_end(g, i) + due_days;
    sa_date_format(c->due, c->dues);
    sa_date_format(g->from[i], c->ps);
    sub_tally t = {0};
    for (size_t di = 0; di < cr->spec->ndatasets; di++) {
        if (!cr->reads_dataset[di])
            continue;
        const char *msg;
        bool nil = false;
        ret_status st = expected_return(c, di, g->from[i], g->to[i], &msg, &nil);
        sub_count(&t, st);
        t.nil += nil && st != RS_PENDING;
        if (msg)
            sub_example(c->fin, msg);
    }
    sub_period_verdict(c->fin, p, &t);
    all->expected += t.expected;
    all->on_time += t.on_time;
    all->late += t.late;
    all->missing += t.missing;
    all->unknown += t.unknown;
    all->pending += t.pending;
    all->nil += t.nil;
}

/* What was assumed without a manifest, when it mattered. */
static void sub_assumed(sa_buf *m, const sub_tally *t)
{
    if (!t->missing && !t->unknown)
        return;
    sa_buf_puts(m, " (no submissions manifest: ");
    if (t->unknown)
        sa_buf_puts(m, "a return without a submission date is of unknown timeliness");
    if (t->unknown && t->missing)
        sa_buf_puts(m, "; ");
    if (t->missing)
        sa_buf_puts(m, "a period without rows counts as not received");
    sa_buf_putc(m, ')');
}

/* "95.8% of expected returns received on time (46/48); 1 missing, 1 late, 1 without a
 * submission date", or what is known when no timeliness is, and what was assumed. */
static void sub_measure(sa_chk_final *fin, const sub_tally *t)
{
    sa_buf *m = fin->measure;
    if (!t->expected) {
        sa_buf_puts(m, "no return expected");
        return;
    }
    if (t->unknown == t->expected)
        sa_buf_printf(m, "%lld of %lld expected returns received, none with a known submission date",
                      (long long)t->unknown, (long long)t->expected);
    else
        sa_buf_printf(m, "%.1f%% of expected returns %s on time (%lld/%lld)", fin->r->measured,
                      t->unknown ? "known to be received" : "received", (long long)t->on_time,
                      (long long)t->expected);
    if (t->missing || t->late)
        sa_buf_printf(m, "; %lld missing, %lld late", (long long)t->missing, (long long)t->late);
    if (t->unknown && t->unknown < t->expected)
        sa_buf_printf(m, "%s%lld without a known submission date", t->missing || t->late ? ", " : "; ",
                      (long long)t->unknown);
    /* With every return of unknown timeliness the reason says so. */
    if (!fin->cr->manifest && t->unknown < t->expected)
        sub_assumed(m, t);
}

/* The manifest's entries for the row's provider, found once rather than per day. */
static void listed_for(sa_chk_final *fin, sub_ctx *c)
{
    const sa_manifest *m = fin->cr->manifest;
    if (!m)
        return;
    c->listed = sa_arena_calloc(fin->arena, m->n + 1, sizeof *c->listed);
    for (size_t i = 0; i < m->n; i++)
        if (!fin->pp || strcmp(fin->pp->code, m->items[i].provider) == 0)
            c->listed[c->nlisted++] = &m->items[i];
}

static void sub_finish(void *acc, sa_chk_final *fin)
{
    const sa_chk_req *cr = fin->cr;
    sa_result *r = fin->r;
    sa_per every;
    int due_days;
    sub_duty(fin, &every, &due_days);
    fin->per = every; /* an agreement's reporting duty can differ from the check's */
    sa_period_grid g;
    sa_period_grid_build_anchored(&g, every, fin->from, fin->to, cr->spec->period_from);
    r->periods = g.n ? sa_arena_calloc(fin->arena, g.n, sizeof *r->periods) : NULL;
    r->nperiods = g.n;
    r->examples = cr->max_examples ? sa_arena_calloc(fin->arena, cr->max_examples, sizeof *r->examples) : NULL;
    sub_ctx c = {.a = acc, .fin = fin};
    listed_for(fin, &c);
    sub_tally t = {0};
    for (size_t i = 0; i < g.n; i++)
        sub_period(&c, &g, i, due_days, &t);
    sa_period_grid_free(&g);
    r->numerator = t.on_time;
    r->denominator = t.expected;
    r->unknown = t.unknown;
    r->measured_unit = "%";
    r->has_measured = t.expected > 0 && t.unknown < t.expected;
    r->measured = sa_chk_pct(t.on_time, t.expected);
    sub_measure(fin, &t);
    if (t.expected && t.unknown == t.expected)
        r->reason = cr->manifest ? "no submission date is known for the returns received: timeliness not assessed"
                                 : "the returns carry no submission date and no submissions manifest was given, "
                                   "so timeliness is not assessed";
    sa_chk_metric(fin, "due_days", "Days after the period end a return is due", (double)due_days, "days");
    sa_chk_metric(fin, "missing_returns", "Returns missing", (double)t.missing, "count");
    sa_chk_metric(fin, "late_returns", "Returns received late", (double)t.late, "count");
    if (t.unknown)
        sa_chk_metric(fin, "returns_without_submission_date", "Returns received without a submission date",
                      (double)t.unknown, "count");
    if (t.pending)
        sa_chk_metric(fin, "pending_returns", "Returns not yet due", (double)t.pending, "count");
    if (t.nil)
        sa_chk_metric(fin, "nil_returns", "Nil returns (nothing to report for the period)", (double)t.nil, "count");
}

/* The column of a dataset that places a row in a reporting period for a
 * submission check: the first required date/datetime column, else the first
 * date/datetime column. */
static int submission_date_column(const sa_dataset *ds)
{
    int first = -1;
    for (size_t c = 0; c < ds->ncolumns; c++) {
        if (ds->columns[c].type != SA_COL_DATE && ds->columns[c].type != SA_COL_DATETIME)
            continue;
        if (ds->columns[c].required)
            return (int)c;
        if (first < 0)
            first = (int)c;
    }
    return first;
}

/* A submission check reads every dataset it expects: which, the column placing a row
 * in a period and the submission-date column of each. */
static const char *submission_prepare(sa_chk_req *cr, sa_arena *arena)
{
    const sa_spec *spec = cr->spec;
    const sa_submission_config *c = &cr->check->submission;
    cr->reads_dataset = sa_arena_calloc(arena, spec->ndatasets + 1, sizeof(bool));
    cr->date_column = sa_arena_calloc(arena, spec->ndatasets + 1, sizeof(int));
    cr->submitted_column = sa_arena_calloc(arena, spec->ndatasets + 1, sizeof(int));
    for (size_t d = 0; d < spec->ndatasets; d++) {
        bool want = c->ndatasets == 0;
        for (size_t k = 0; k < c->ndatasets; k++)
            if (strcmp(c->datasets[k], spec->datasets[d].name) == 0)
                want = true;
        cr->reads_dataset[d] = want;
        cr->date_column[d] = submission_date_column(&spec->datasets[d]);
        cr->submitted_column[d] =
            c->submitted.name ? sa_dataset_find_column(&spec->datasets[d], c->submitted.name) : -1;
    }
    for (size_t k = 0; k < c->ndatasets; k++)
        if (!sa_spec_find_dataset(spec, c->datasets[k]))
            cr->error = sa_arena_printf(arena, "dataset '%s' is not defined in the specification", c->datasets[k]);
    /* Submission periods follow the reporting duty: `every`, else the agreement's, else
     * the spec's. The grid here serves the system-wide row; providers build their own. */
    cr->per = c->every != SA_PER_PERIOD ? c->every : spec->reporting_every;
    return NULL;
}

const sa_chk_kind sa_chk_kind_submission = {
    .name = "submission",
    .absence_is_evidence = true,
    .prepare = submission_prepare,
    .acc_new = sub_new,
    .acc_row = sub_row,
    .acc_merge = sub_merge,
    .acc_finish = sub_finish,
    .acc_free = sub_free,
};
