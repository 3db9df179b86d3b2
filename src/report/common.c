/* common.c — helpers shared by the renderers: stable numbers, dates, grouping. */
#include "report/render.h"
#include "core/alloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sa_rpt_number(sa_buf *b, double v, const char *nonfinite)
{
    if (!isfinite(v)) {
        sa_buf_puts(b, nonfinite);
        return;
    }
    sa_buf_number(b, v, 6);
}

void sa_rpt_number_human(sa_buf *b, double v)
{
    if (!isfinite(v)) {
        sa_buf_puts(b, "n/a");
        return;
    }
    sa_buf_number(b, v, 2);
}

void sa_rpt_date(sa_buf *b, sa_date d)
{
    if (d == SA_DATE_NONE)
        return;
    char tmp[11];
    sa_date_format(d, tmp);
    sa_buf_puts(b, tmp);
}

void sa_rpt_datetime(sa_buf *b, sa_datetime dt)
{
    char tmp[20];
    sa_datetime_format(dt, tmp);
    sa_buf_puts(b, tmp);
}

void sa_rpt_value_unit(sa_buf *b, double value, const char *unit)
{
    if (unit && (strcmp(unit, "seconds") == 0 || strcmp(unit, "s") == 0) && isfinite(value)) {
        char d[32];
        sa_duration_format((int64_t)llround(value), d);
        sa_buf_puts(b, d);
        return;
    }
    if (unit && strcmp(unit, "level") == 0) {
        sa_buf_puts(b, "level ");
        sa_rpt_number_human(b, value);
        return;
    }
    sa_rpt_number_human(b, value);
    /* Plain counts read best bare: "5", not "5 count". */
    if (!unit || !*unit || strcmp(unit, "count") == 0 || strcmp(unit, "number") == 0)
        return;
    if (strcmp(unit, "%") != 0)
        sa_buf_putc(b, ' ');
    sa_buf_puts(b, unit);
}

bool sa_rpt_measured_human(sa_buf *b, const sa_result *r, bool has, double value)
{
    if (!has)
        return false;
    const char *unit = r->measured_unit;
    if (!unit && r->target.set)
        unit = r->target.unit == SA_UNIT_PERCENT ? "%" : r->target.unit == SA_UNIT_SECONDS ? "seconds" : NULL;
    sa_rpt_value_unit(b, value, unit);
    return true;
}

bool sa_rpt_measured_result(sa_buf *b, const sa_result *r)
{
    if (!r->has_measured)
        return false;
    bool hll = r->estimate_method && strcmp(r->estimate_method, "hyperloglog") == 0;
    if (r->estimate_method)
        sa_buf_puts(b, "about ");
    sa_rpt_measured_human(b, r, true, r->measured);
    if (hll)
        sa_buf_printf(b, " (estimate, \u00b1%.1f%%)", r->estimate_error * 100.0);
    else if (r->estimate_method)
        sa_buf_puts(b, " (approximate, within 1/128)");
    return true;
}

bool sa_rpt_target_human(sa_buf *b, const sa_result *r)
{
    if (r->target_text && *r->target_text) {
        sa_buf_puts(b, r->target_text);
        return true;
    }
    if (!r->target.set)
        return false;
    char t[48];
    sa_target_format(&r->target, t);
    sa_buf_puts(b, t);
    return true;
}

void sa_rpt_provider_label(sa_buf *b, const sa_result *r)
{
    if (r->commissioner) {
        sa_buf_puts(b, "Commissioner");
        if (r->provider_name && *r->provider_name)
            sa_buf_printf(b, ": %s", r->provider_name);
        return;
    }
    if (!r->provider_code) {
        sa_buf_puts(b, "System-wide");
        return;
    }
    if (r->provider_name && *r->provider_name)
        sa_buf_printf(b, "%s (%s)", r->provider_name, r->provider_code);
    else
        sa_buf_puts(b, r->provider_code);
}

const char *sa_rpt_row_key(const sa_result *r)
{
    return r->commissioner ? "commissioner" : r->provider_code ? r->provider_code : "system";
}

typedef struct group_key {
    const char *code;
    int rank; /* 0 the system-wide rows, 1 the commissioner's, 2 a provider's */
    size_t index;
} group_key;

static int group_key_cmp(const void *pa, const void *pb)
{
    const group_key *a = pa, *b = pb;
    /* The system-wide rows (no provider) sort first: theirs are the verdicts
     * the providers' shares contribute to; the commissioner's own next. */
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    if (a->code) {
        int c = strcmp(a->code, b->code);
        if (c)
            return c;
    }
    return a->index < b->index ? -1 : a->index > b->index;
}

size_t sa_rpt_groups(const sa_result_set *rs, sa_rpt_group **groups)
{
    *groups = NULL;
    if (rs->nresults == 0)
        return 0;
    group_key *keys = sa_xmalloc(rs->nresults * sizeof *keys);
    sa_rpt_group *g = sa_xcalloc(rs->nresults, sizeof *g);
    for (size_t i = 0; i < rs->nresults; i++) {
        const sa_result *r = &rs->results[i];
        keys[i] = (group_key){r->provider_code, r->commissioner ? 1 : r->provider_code ? 2 : 0, i};
    }
    qsort(keys, rs->nresults, sizeof *keys, group_key_cmp);
    size_t ng = 0;
    for (size_t i = 0; i < rs->nresults;) {
        size_t j = i;
        while (j < rs->nresults && keys[j].rank == keys[i].rank &&
               (!keys[i].code || strcmp(keys[j].code, keys[i].code) == 0))
            j++;
        sa_rpt_group *cur = &g[ng++];
        cur->code = keys[i].code;
        cur->commissioner = keys[i].rank == 1;
        cur->n = j - i;
        cur->idx = sa_xmalloc(cur->n * sizeof *cur->idx);
        for (size_t k = i; k < j; k++) {
            cur->idx[k - i] = keys[k].index;
            const sa_result *r = &rs->results[keys[k].index];
            if (!cur->name && r->provider_name && *r->provider_name)
                cur->name = r->provider_name;
        }
        i = j;
    }
    free(keys);
    *groups = g;
    return ng;
}

void sa_rpt_groups_free(sa_rpt_group *groups, size_t n)
{
    if (!groups)
        return;
    for (size_t i = 0; i < n; i++)
        free(groups[i].idx);
    free(groups);
}

size_t sa_rpt_requirements(const sa_result_set *rs, size_t **first_idx)
{
    size_t *out = sa_xmalloc((rs->nresults ? rs->nresults : 1) * sizeof *out);
    size_t n = 0;
    for (size_t i = 0; i < rs->nresults; i++) {
        const char *id = sa_rpt_str(rs->results[i].requirement_id);
        bool seen = false;
        /* Results are sorted by requirement, so the previous distinct one is
         * usually the match; the full scan keeps unsorted input correct. */
        for (size_t k = n; k-- > 0;) {
            if (strcmp(sa_rpt_str(rs->results[out[k]].requirement_id), id) == 0) {
                seen = true;
                break;
            }
        }
        if (!seen)
            out[n++] = i;
    }
    *first_idx = out;
    return n;
}

/* Appends `s` on one line: the evidence block is line-structured, so line
 * breaks inside provider-supplied text become spaces. */
static void put_flat(sa_buf *b, const char *s)
{
    for (const char *p = sa_rpt_str(s); *p; p++)
        sa_buf_putc(b, *p == '\n' || *p == '\r' ? ' ' : *p);
}

/* Appends `head` and `s` flattened as one line, when `s` is set. */
static void line_if(sa_buf *b, const char *head, const char *s)
{
    if (!s || !*s)
        return;
    sa_buf_puts(b, head);
    put_flat(b, s);
    sa_buf_putc(b, '\n');
}

size_t sa_rpt_periods_not_met(const sa_result *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nperiods; i++)
        n += r->periods[i].verdict != SA_VERDICT_MET;
    return n;
}

/* "not met", "not assessable": a verdict's label as the middle of a sentence. */
static void verdict_words(sa_buf *b, sa_verdict v)
{
    const char *label = sa_verdict_label(v);
    sa_buf_putc(b, (char)(label[0] >= 'A' && label[0] <= 'Z' ? label[0] - 'A' + 'a' : label[0]));
    sa_buf_puts(b, label + 1);
}

void sa_rpt_periods_left(sa_buf *b, const sa_result *r, size_t from, bool more)
{
    size_t by[SA_VERDICT_COUNT] = {0}, n = 0, kinds = 0;
    for (size_t i = from; i < r->nperiods; i++) {
        sa_verdict v = r->periods[i].verdict;
        if (v == SA_VERDICT_MET || (unsigned)v >= SA_VERDICT_COUNT)
            continue;
        kinds += by[v]++ == 0;
        n++;
    }
    if (n == 0)
        return;
    sa_buf_printf(b, "%zu %speriod%s", n, more ? "more " : "", n == 1 ? "" : "s");
    bool first = true;
    for (int v = 0; v < SA_VERDICT_COUNT; v++) {
        if (!by[v])
            continue;
        if (kinds == 1) {
            sa_buf_putc(b, ' ');
        } else {
            sa_buf_printf(b, "%s%zu ", first ? ": " : ", ", by[v]);
        }
        verdict_words(b, (sa_verdict)v);
        first = false;
    }
    if (!more)
        sa_buf_puts(b, " in all");
}

static void evidence_verdict_line(sa_buf *b, const sa_result *r)
{
    bool share = sa_rpt_is_share(r);
    if (share)
        sa_buf_puts(b, "Share of the system-wide verdict (not a verdict, not counted)");
    else
        sa_buf_printf(b, "Verdict: %s", sa_verdict_label(r->verdict));
    if (r->has_measured) {
        sa_buf_puts(b, "; measured ");
        sa_rpt_measured_human(b, r, true, r->measured);
    }
    if ((r->target.set || r->target_text) && !share) {
        sa_buf_puts(b, "; target ");
        sa_rpt_target_human(b, r);
    }
    if (r->denominator)
        sa_buf_printf(b, "; %lld of %lld", (long long)r->numerator, (long long)r->denominator);
    if (r->unknown)
        sa_buf_printf(b, "; %lld unknown", (long long)r->unknown);
    if (r->excluded_rows)
        sa_buf_printf(b, "; %lld excluded", (long long)r->excluded_rows);
    sa_buf_putc(b, '\n');
}

static void evidence_plan_lines(sa_buf *b, const sa_result *r)
{
    line_if(b, "Reason: ", r->reason);
    if (r->waiver_approved_by || r->waiver_until != SA_DATE_NONE) {
        sa_buf_puts(b, "Waived");
        if (r->waiver_approved_by) {
            sa_buf_puts(b, " by ");
            put_flat(b, r->waiver_approved_by);
        }
        if (r->waiver_until != SA_DATE_NONE) {
            sa_buf_puts(b, " until ");
            sa_rpt_date(b, r->waiver_until);
        }
        sa_buf_putc(b, '\n');
    }
    line_if(b, "Waiver: ", r->waiver_note);
    line_if(b, "Activity plan: ", r->activity.text);
    line_if(b, "Baseline: ", r->baseline.text);
    if (r->original_target || r->variation_reason) {
        sa_buf_puts(b, "Target varied from ");
        put_flat(b, r->original_target);
        sa_buf_puts(b, ": ");
        put_flat(b, r->variation_reason);
        sa_buf_putc(b, '\n');
    }
}

static void evidence_period_lines(sa_buf *b, const sa_result *r, size_t max_items)
{
    size_t shown = 0;
    for (size_t i = 0; i < r->nperiods; i++) {
        const sa_period_result *p = &r->periods[i];
        if (p->verdict == SA_VERDICT_MET)
            continue;
        if (max_items && shown == max_items) {
            sa_buf_puts(b, "... ");
            sa_rpt_periods_left(b, r, i, true);
            sa_buf_putc(b, '\n');
            break;
        }
        shown++;
        sa_buf_puts(b, "Period ");
        sa_rpt_date(b, p->from);
        sa_buf_puts(b, " to ");
        sa_rpt_date(b, p->to);
        sa_buf_printf(b, ": %s", sa_verdict_label(p->verdict));
        if (p->has_measured) {
            sa_buf_puts(b, ", ");
            sa_rpt_measured_human(b, r, true, p->measured);
        }
        if (p->denominator)
            sa_buf_printf(b, " (%lld/%lld)", (long long)p->numerator, (long long)p->denominator);
        if (p->note) {
            sa_buf_puts(b, "; ");
            put_flat(b, p->note);
        }
        sa_buf_putc(b, '\n');
    }
}

static void evidence_gap_lines(sa_buf *b, const sa_result *r, size_t max_items)
{
    size_t ngaps = max_items && r->ngaps > max_items ? max_items : r->ngaps;
    for (size_t i = 0; i < ngaps; i++) {
        char d[32];
        sa_duration_format(r->gaps[i].minutes * 60, d);
        sa_buf_puts(b, "Gap ");
        sa_rpt_datetime(b, r->gaps[i].start);
        sa_buf_puts(b, " to ");
        sa_rpt_datetime(b, r->gaps[i].end);
        sa_buf_printf(b, " (%s)\n", d);
    }
    if (r->gaps_total > ngaps || r->ngaps > ngaps)
        sa_buf_printf(b, "... %llu gaps in all\n",
                      (unsigned long long)(r->gaps_total > r->ngaps ? r->gaps_total : r->ngaps));
}

static void evidence_example_lines(sa_buf *b, const sa_result *r, size_t max_items)
{
    size_t nexamples = max_items && r->nexamples > max_items ? max_items : r->nexamples;
    for (size_t i = 0; i < nexamples; i++) {
        const sa_example *e = &r->examples[i];
        if (e->file && *e->file) {
            put_flat(b, e->file);
            if (e->row)
                sa_buf_printf(b, ":%llu", (unsigned long long)e->row);
            sa_buf_puts(b, ": ");
        }
        put_flat(b, e->message);
        sa_buf_putc(b, '\n');
    }
    if (r->examples_total > nexamples || r->nexamples > nexamples)
        sa_buf_printf(b, "... %llu rows in all\n",
                      (unsigned long long)(r->examples_total > r->nexamples ? r->examples_total : r->nexamples));
}

void sa_rpt_evidence_plain(sa_buf *b, const sa_result *r, size_t max_items)
{
    line_if(b, "", r->summary);
    line_if(b, "Requirement: ", r->description);
    line_if(b, "Guidance: ", r->guidance);
    evidence_verdict_line(b, r);
    evidence_plan_lines(b, r);
    /* A share's periods and gaps would read as verdicts on the provider alone. */
    if (!sa_rpt_is_share(r)) {
        evidence_period_lines(b, r, max_items);
        evidence_gap_lines(b, r, max_items);
    }
    evidence_example_lines(b, r, max_items);
}

void sa_rpt_summary_counts(sa_buf *b, const sa_result_set *rs)
{
    const sa_summary *s = &rs->summary;
    for (int v = 0; v < SA_VERDICT_COUNT; v++)
        sa_buf_printf(b, "%s%s %llu", v ? ", " : "", sa_verdict_label((sa_verdict)v),
                      (unsigned long long)s->verdict_counts[v]);
    sa_buf_printf(b, " (%llu verdict%s", (unsigned long long)s->verdicts, s->verdicts == 1 ? "" : "s");
    if (s->shares)
        sa_buf_printf(b, "; %llu share%s of system-wide requirements, not counted", (unsigned long long)s->shares,
                      s->shares == 1 ? "" : "s");
    sa_buf_putc(b, ')');
}

void sa_rpt_summary_severity(sa_buf *b, const sa_result_set *rs)
{
    const sa_summary *s = &rs->summary;
    sa_buf_puts(b, "Requirements falling short:");
    for (int k = 0; k < 3; k++)
        sa_buf_printf(b, "%s %llu %s", k ? "," : "", (unsigned long long)s->by_severity[k].falling_short,
                      sa_req_severity_name((sa_req_severity)k));
    sa_buf_puts(b, "; without usable evidence:");
    for (int k = 0; k < 3; k++)
        sa_buf_printf(b, "%s %llu %s", k ? "," : "", (unsigned long long)s->by_severity[k].not_demonstrated,
                      sa_req_severity_name((sa_req_severity)k));
}

void sa_rpt_sha256(sa_buf *b, const char *hex)
{
    sa_buf_printf(b, "sha256 %s", hex ? hex : "not computed");
}

static void provenance_agreements(sa_buf *b, const sa_result_set *rs, const char *indent)
{
    for (size_t i = 0; i < rs->nagreements; i++) {
        const sa_agreement_ref *a = &rs->agreements[i];
        sa_buf_printf(b, "%sAgreement: ", indent);
        put_flat(b, a->id);
        sa_buf_puts(b, " version ");
        put_flat(b, a->version);
        sa_buf_puts(b, ", ");
        put_flat(b, a->path);
        sa_buf_puts(b, ", ");
        sa_rpt_sha256(b, a->sha256);
        sa_buf_putc(b, '\n');
    }
}

static void provenance_returns(sa_buf *b, const sa_result_set *rs, const char *indent)
{
    for (size_t i = 0; i < rs->ninputs; i++) {
        const sa_input_file *f = &rs->inputs[i];
        sa_buf_printf(b, "%sReturn: ", indent);
        put_flat(b, f->path);
        sa_buf_puts(b, " (");
        put_flat(b, f->dataset);
        sa_buf_printf(b, "), %llu rows, ", (unsigned long long)f->rows);
        sa_rpt_sha256(b, f->sha256);
        sa_buf_putc(b, '\n');
    }
}

void sa_rpt_assessed(sa_buf *b, const sa_result_set *rs)
{
    sa_buf_puts(b, "Assessed ");
    sa_rpt_date(b, rs->period_from);
    sa_buf_puts(b, " to ");
    sa_rpt_date(b, rs->period_to);
    if (rs->today != SA_DATE_NONE) {
        sa_buf_puts(b, "; today given as ");
        sa_rpt_date(b, rs->today);
    }
    sa_buf_puts(b, "; specaudit ");
    put_flat(b, rs->tool_version ? rs->tool_version : "(version unknown)");
}

void sa_rpt_provenance_plain(sa_buf *b, const sa_result_set *rs, const char *indent)
{
    sa_buf_printf(b, "%sSpecification: ", indent);
    put_flat(b, rs->spec_path);
    sa_buf_puts(b, " (");
    put_flat(b, rs->spec_id);
    sa_buf_puts(b, " version ");
    put_flat(b, rs->spec_version);
    sa_buf_puts(b, "), ");
    sa_rpt_sha256(b, rs->spec_sha256);
    sa_buf_putc(b, '\n');
    provenance_agreements(b, rs, indent);
    provenance_returns(b, rs, indent);
    sa_buf_puts(b, indent);
    sa_rpt_assessed(b, rs);
    sa_buf_putc(b, '\n');
}

const char *sa_rpt_counts_label(const sa_result *r)
{
    return r->counts_label ? r->counts_label : "Counted";
}

bool sa_rpt_is_share(const sa_result *r)
{
    return sa_result_is_share(r);
}

const char *sa_rpt_verdict_label(const sa_result *r)
{
    return sa_rpt_is_share(r) ? "Share" : sa_verdict_label(r->verdict);
}

const char *sa_rpt_verdict_name(const sa_result *r)
{
    return sa_rpt_is_share(r) ? "share" : sa_verdict_name(r->verdict);
}
