/* common.c — helpers shared by the renderers: stable numbers, dates, grouping. */
#include "report/render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Formats with `decimals` places, then trims trailing zeros so equal values
 * always print the same way whatever the platform's shortest-repr rules. */
static void number_fixed(sa_buf *b, double v, int decimals)
{
    char tmp[400];
    int n = snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
    if (n <= 0 || (size_t)n >= sizeof tmp) {
        sa_buf_printf(b, "%.17g", v);
        return;
    }
    char *dot = strchr(tmp, '.');
    if (dot) {
        char *end = tmp + n - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
    }
    if (strcmp(tmp, "-0") == 0)
        strcpy(tmp, "0");
    sa_buf_puts(b, tmp);
}

void sa_rpt_number(sa_buf *b, double v, const char *nonfinite)
{
    if (!isfinite(v)) {
        sa_buf_puts(b, nonfinite);
        return;
    }
    number_fixed(b, v, 6);
}

void sa_rpt_number_human(sa_buf *b, double v)
{
    if (!isfinite(v)) {
        sa_buf_puts(b, "n/a");
        return;
    }
    number_fixed(b, v, 2);
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
    if (!r->provider_code) {
        sa_buf_puts(b, "System-wide");
        return;
    }
    if (r->provider_name && *r->provider_name)
        sa_buf_printf(b, "%s (%s)", r->provider_name, r->provider_code);
    else
        sa_buf_puts(b, r->provider_code);
}

typedef struct group_key {
    const char *code;
    size_t index;
} group_key;

static int group_key_cmp(const void *pa, const void *pb)
{
    const group_key *a = pa, *b = pb;
    /* The system-wide rows (no provider) sort last. */
    if (!a->code != !b->code)
        return a->code ? -1 : 1;
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
    group_key *keys = malloc(rs->nresults * sizeof *keys);
    sa_rpt_group *g = calloc(rs->nresults, sizeof *g);
    if (!keys || !g)
        abort();
    for (size_t i = 0; i < rs->nresults; i++)
        keys[i] = (group_key){rs->results[i].provider_code, i};
    qsort(keys, rs->nresults, sizeof *keys, group_key_cmp);
    size_t ng = 0;
    for (size_t i = 0; i < rs->nresults;) {
        size_t j = i;
        while (j < rs->nresults && !keys[j].code == !keys[i].code &&
               (!keys[i].code || strcmp(keys[j].code, keys[i].code) == 0))
            j++;
        sa_rpt_group *cur = &g[ng++];
        cur->code = keys[i].code;
        cur->n = j - i;
        cur->idx = malloc(cur->n * sizeof *cur->idx);
        if (!cur->idx)
            abort();
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
    size_t *out = malloc((rs->nresults ? rs->nresults : 1) * sizeof *out);
    if (!out)
        abort();
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

size_t sa_rpt_failures(const sa_result_set *rs)
{
    size_t n = 0;
    for (size_t i = 0; i < rs->nresults; i++)
        if (sa_result_is_failure(&rs->results[i]))
            n++;
    return n;
}

/* Appends `s` on one line: the evidence block is line-structured, so line
 * breaks inside provider-supplied text become spaces. */
static void put_flat(sa_buf *b, const char *s)
{
    for (const char *p = sa_rpt_str(s); *p; p++)
        sa_buf_putc(b, *p == '\n' || *p == '\r' ? ' ' : *p);
}

void sa_rpt_evidence_plain(sa_buf *b, const sa_result *r, size_t max_items)
{
    size_t shown = 0;
    if (r->summary) {
        put_flat(b, r->summary);
        sa_buf_putc(b, '\n');
    }
    sa_buf_printf(b, "Verdict: %s", sa_verdict_label(r->verdict));
    if (r->has_measured) {
        sa_buf_puts(b, "; measured ");
        sa_rpt_measured_human(b, r, true, r->measured);
    }
    if (r->target.set || r->target_text) {
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
    if (r->reason) {
        sa_buf_puts(b, "Reason: ");
        put_flat(b, r->reason);
        sa_buf_putc(b, '\n');
    }
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
    if (r->original_target || r->variation_reason) {
        sa_buf_puts(b, "Target varied from ");
        put_flat(b, r->original_target);
        sa_buf_puts(b, ": ");
        put_flat(b, r->variation_reason);
        sa_buf_putc(b, '\n');
    }
    size_t failing = 0;
    for (size_t i = 0; i < r->nperiods; i++)
        if (r->periods[i].verdict != SA_VERDICT_MET)
            failing++;
    for (size_t i = 0; i < r->nperiods; i++) {
        const sa_period_result *p = &r->periods[i];
        if (p->verdict == SA_VERDICT_MET)
            continue;
        if (max_items && shown == max_items) {
            sa_buf_printf(b, "... %zu periods not met in all\n", failing);
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

static bool is_bidi_control(const unsigned char *p)
{
    return p[0] == 0xE2 && ((p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE) ||
                            (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9));
}

const char *sa_rpt_without_bidi(const char *s, sa_buf *scratch)
{
    if (!s)
        return NULL;
    const unsigned char *p = (const unsigned char *)s;
    bool found = false;
    for (; *p && !found; p++)
        found = is_bidi_control(p);
    if (!found)
        return s;
    sa_buf_clear(scratch);
    for (p = (const unsigned char *)s; *p;) {
        if (is_bidi_control(p)) {
            sa_buf_puts(scratch, "\xEF\xBF\xBD");
            p += 3;
        } else {
            sa_buf_putc(scratch, (char)*p++);
        }
    }
    return sa_buf_cstr(scratch);
}

const char *sa_rpt_counts_label(const sa_result *r)
{
    static const struct {
        const char *kind;
        const char *label;
    } labels[] = {
        {"coverage", "Minutes covered"},
        {"daily_activity", "Weeks with activity on every required day"},
        {"mdt", "Periods with a quorate meeting"},
        {"submission", "Returns on time"},
        {"proportion", "Cases meeting the standard"},
        {"response_time", "Cases within the limit"},
    };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (r->check_kind && strcmp(r->check_kind, labels[i].kind) == 0)
            return labels[i].label;
    return "Counted";
}

bool sa_rpt_is_share(const sa_result *r)
{
    return r->scope == SA_SCOPE_SYSTEM && r->provider_code;
}
