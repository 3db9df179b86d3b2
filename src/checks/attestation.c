/* attestation.c — `attestation`: a narrative duty attested as done by its due
 * date in a declarations return. The accumulator keeps only the earliest
 * attestation of the requirement (the row naming its id) and its reference:
 * a later one cannot make a late duty timely. Judged on one day — --today, else
 * the end of the range assessed: met when attested by `due`; not met when `due`
 * has passed without an attestation, or the attestation came late (both said);
 * not yet due (not_in_force) before then. An attestation dated after that day
 * has not happened yet as far as the report knows, and is not read. */
#include <stdlib.h>
#include <string.h>

#include "checks/checks_internal.h"
#include "core/alloc.h"

typedef struct attest_acc {
    sa_date first;      /* earliest attestation, SA_DATE_NONE when none */
    const char *file;   /* where it is */
    uint64_t row;
    char reference[72]; /* its evidence reference, "" when none */
    int64_t undated;    /* rows naming the requirement without a date */
} attest_acc;

static void *attest_new(const sa_chk_req *cr, sa_date from, sa_date to)
{
    (void)cr, (void)from, (void)to;
    attest_acc *a = sa_xcalloc(1, sizeof *a);
    a->first = SA_DATE_NONE;
    return a;
}

static void attest_free(void *acc)
{
    free(acc);
}

/* The day the attestation is judged on: --today, else the end of the range. */
static sa_date judged_on(const sa_chk_req *cr, sa_date range_end)
{
    return cr->today != SA_DATE_NONE ? cr->today : range_end;
}

/* Earlier first; at the same date the lower file and row, so the result does
 * not depend on the order rows arrive in. */
static bool earlier(sa_date d, const char *file, uint64_t row, const attest_acc *a)
{
    if (a->first == SA_DATE_NONE || d != a->first)
        return a->first == SA_DATE_NONE || d < a->first;
    int c = strcmp(file ? file : "", a->file ? a->file : "");
    return c < 0 || (c == 0 && row < a->row);
}

static void keep(attest_acc *a, sa_date d, const char *file, uint64_t row, const char *ref)
{
    a->first = d;
    a->file = file;
    a->row = row;
    snprintf(a->reference, sizeof a->reference, "%s", ref ? ref : "");
}

static void attest_row(void *acc, const sa_chk_req *cr, sa_chk_local *loc, const sa_row *row)
{
    attest_acc *a = acc;
    const sa_attestation_config *c = &cr->check->attestation;
    const sa_value *id = sa_chk_cell(row, c->requirement.index);
    if (!id || id->kind != SA_VAL_STRING || strlen(cr->req->id) != id->as.str.len ||
        memcmp(id->as.str.ptr, cr->req->id, id->as.str.len) != 0)
        return;
    if (sa_chk_where(loc, row) != SA_TRI_TRUE)
        return;
    sa_date d;
    if (!sa_chk_value_date(sa_chk_cell(row, c->attested.index), &d)) {
        a->undated++;
        return;
    }
    if (cr->today != SA_DATE_NONE && d > cr->today)
        return;
    if (!earlier(d, row->file->path, row->record, a))
        return;
    char ref[72] = "";
    const sa_value *rv = sa_chk_cell(row, c->reference.index);
    if (rv && rv->kind == SA_VAL_STRING)
        snprintf(ref, sizeof ref, "%.*s", (int)rv->as.str.len, rv->as.str.ptr);
    keep(a, d, row->file->path, row->record, ref);
}

static void attest_merge(void *dst, const void *src, const sa_chk_req *cr)
{
    (void)cr;
    attest_acc *d = dst;
    const attest_acc *s = src;
    d->undated += s->undated;
    if (s->first != SA_DATE_NONE && earlier(s->first, s->file, s->row, d))
        keep(d, s->first, s->file, s->row, s->reference);
}

/* The verdict and its words, from the earliest attestation and the day judged on. */
static sa_verdict attest_verdict(const attest_acc *a, sa_date due, sa_date on, sa_buf *m)
{
    char dd[24], ad[24];
    sa_date_format_long(due, dd);
    bool attested = a->first != SA_DATE_NONE && a->first <= on;
    if (attested)
        sa_date_format_long(a->first, ad);
    if (attested && a->first <= due) {
        sa_buf_printf(m, "Attested on %s, due %s", ad, dd);
        return SA_VERDICT_MET;
    }
    if (attested) {
        sa_buf_printf(m, "Attested late: on %s, due %s", ad, dd);
        return SA_VERDICT_NOT_MET;
    }
    if (on < due) {
        sa_buf_printf(m, "Not yet due: due %s; not attested yet", dd);
        return SA_VERDICT_NOT_IN_FORCE;
    }
    sa_buf_printf(m, "Not attested by the due date, %s", dd);
    return SA_VERDICT_NOT_MET;
}

static void attest_finish(void *acc, sa_chk_final *fin)
{
    attest_acc *a = acc;
    const sa_chk_req *cr = fin->cr;
    const sa_attestation_config *c = &cr->check->attestation;
    sa_result *r = fin->r;
    size_t *map;
    size_t n = sa_chk_periods_for(fin, &cr->grid, &map);
    sa_date on = judged_on(cr, fin->to);
    sa_verdict v = attest_verdict(a, c->due, on, fin->measure);
    if (a->first != SA_DATE_NONE && a->first <= on && a->reference[0])
        sa_buf_printf(fin->measure, " (evidence: %s)", a->reference);
    char dd[24];
    sa_date_format_long(c->due, dd);
    r->target_text = sa_arena_printf(fin->arena, "attested by %s", dd);
    r->measured_unit = "date";
    r->numerator = a->first != SA_DATE_NONE && a->first <= on;
    r->denominator = 1;
    r->unknown = a->undated;
    if (v == SA_VERDICT_NOT_IN_FORCE)
        r->reason = sa_arena_printf(fin->arena, "not yet due: due %s", dd);
    for (size_t k = 0; k < n; k++) {
        r->periods[k].verdict = v;
        r->periods[k].numerator = r->numerator;
        r->periods[k].denominator = 1;
    }
    if (a->first != SA_DATE_NONE && a->first <= on && a->file) {
        r->examples = sa_arena_calloc(fin->arena, 1, sizeof *r->examples);
        char d[11];
        sa_date_format(a->first, d);
        r->examples[0] = (sa_example){.file = sa_arena_strdup(fin->arena, a->file), .row = a->row,
                                      .message = sa_arena_printf(fin->arena, "attested %s%s%s", d,
                                                                 a->reference[0] ? ": " : "", a->reference)};
        r->nexamples = 1;
        r->examples_total = 1;
    }
    if (a->undated)
        sa_chk_metric(fin, "undated_rows", "Attestations without a date (not read)", (double)a->undated, "count");
}

static const char *attest_prepare(sa_chk_req *cr, sa_arena *arena)
{
    (void)arena;
    const sa_attestation_config *c = &cr->check->attestation;
    cr->per = SA_PER_PERIOD;
    cr->commissioner_duty = c->commissioner;
    if (c->due == SA_DATE_NONE)
        cr->error = "the attestation has no usable due date (see specaudit lint)";
    if (!sa_chk_column_ok(&c->requirement))
        return "requirement";
    return sa_chk_column_ok(&c->attested) ? NULL : "attested";
}

const sa_chk_kind sa_chk_kind_attestation = {
    .name = "attestation",
    .absence_is_evidence = true,
    .prepare = attest_prepare,
    .acc_new = attest_new,
    .acc_row = attest_row,
    .acc_merge = attest_merge,
    .acc_finish = attest_finish,
    .acc_free = attest_free,
};
