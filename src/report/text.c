/*
 * text.c — the terminal summary: one line per requirement x provider with its
 * verdict and measured value against the target, then the evidence that
 * needs action (worst gaps, failing periods, first examples). `verbose`
 * shows every piece of evidence for every result. ANSI colour only when the
 * caller asks (the CLI decides: a TTY and NO_COLOR unset).
 *
 * Provider-supplied text is printed with control characters (C0, C1, DEL and
 * the bidirectional overrides) replaced, so a name or a cell cannot move the
 * cursor, recolour, reorder or fake report lines.
 */
#include <string.h>

#include "report/render.h"

#define SHORT_LIST 3 /* evidence items shown per result without --verbose */
#define LABEL_MAX 44 /* widest provider column before names are cut */

typedef struct text_ctx {
    sa_buf *out;
    bool color;
    bool verbose;
} text_ctx;

static const char *verdict_color(sa_verdict v)
{
    switch (v) {
    case SA_VERDICT_MET: return "\x1b[32m";
    case SA_VERDICT_NOT_MET: return "\x1b[1;31m";
    case SA_VERDICT_PARTIALLY_MET: return "\x1b[33m";
    case SA_VERDICT_NOT_ASSESSABLE: return "\x1b[35m";
    case SA_VERDICT_WAIVED: return "\x1b[36m";
    case SA_VERDICT_ERROR: return "\x1b[1;31m";
    default: return "\x1b[2m";
    }
}

/* Appends `s` with C0/C1 controls and DEL made harmless (newline and tab
 * become a space). Returns the number of code points written. */
static size_t term_put(sa_buf *b, const char *s, size_t max_cols)
{
    size_t cols = 0;
    const unsigned char *p = (const unsigned char *)sa_rpt_str(s);
    while (*p && cols < max_cols) {
        unsigned char c = *p;
        if (c < 0x20 || c == 0x7f) {
            sa_buf_putc(b, c == '\n' || c == '\t' || c == '\r' ? ' ' : '?');
            p++;
        } else if (c == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
            sa_buf_putc(b, '?'); /* C1 control (e.g. CSI) */
            p += 2;
        } else if (c == 0xE2 && ((p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE) ||
                                 (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9))) {
            sa_buf_putc(b, '?'); /* bidirectional override: would reorder the line */
            p += 3;
        } else if (c < 0x80) {
            sa_buf_putc(b, (char)c);
            p++;
        } else {
            size_t n = 1;
            while (p[n] && (p[n] & 0xC0) == 0x80 && n < 4)
                n++;
            /* Let the buffer's escaper validate the sequence. */
            sa_buf tmp = SA_BUF_INIT;
            sa_buf_json_escape(&tmp, (const char *)p, n);
            sa_buf_append(b, tmp.data, tmp.len);
            sa_buf_free(&tmp);
            p += n;
        }
        cols++;
    }
    if (*p && cols >= max_cols && max_cols > 1) {
        /* Cut: replace the last column with an ellipsis marker. */
        sa_buf_putc(b, '~');
        cols++;
    }
    return cols;
}

static size_t term_width(const char *s)
{
    size_t cols = 0;
    for (const unsigned char *p = (const unsigned char *)sa_rpt_str(s); *p; p++)
        if ((*p & 0xC0) != 0x80)
            cols++;
    return cols;
}

/* Appends lines of plain text, each made harmless by term_put. */
static void term_put_lines(sa_buf *b, const char *s)
{
    while (*s) {
        size_t n = strcspn(s, "\n");
        sa_buf line = SA_BUF_INIT;
        sa_buf_append(&line, s, n);
        term_put(b, sa_buf_cstr(&line), SIZE_MAX);
        sa_buf_free(&line);
        sa_buf_putc(b, '\n');
        s += n + (s[n] == '\n');
    }
}

static void pad(sa_buf *b, size_t used, size_t width)
{
    while (used++ < width)
        sa_buf_putc(b, ' ');
}

static void put_verdict(text_ctx *t, sa_verdict v, size_t width)
{
    const char *label = sa_verdict_label(v);
    if (t->color)
        sa_buf_puts(t->out, verdict_color(v));
    sa_buf_puts(t->out, label);
    if (t->color)
        sa_buf_puts(t->out, "\x1b[0m");
    pad(t->out, strlen(label), width);
}

static void detail(text_ctx *t, const char *head)
{
    sa_buf_puts(t->out, "      ");
    if (!*head)
        return;
    if (t->color)
        sa_buf_puts(t->out, "\x1b[2m");
    sa_buf_puts(t->out, head);
    if (t->color)
        sa_buf_puts(t->out, "\x1b[0m");
}

static void period_label(sa_buf *b, const sa_period_result *p)
{
    sa_rpt_date(b, p->from);
    if (p->to != p->from) {
        sa_buf_puts(b, "..");
        sa_rpt_date(b, p->to);
    }
}

static void write_periods(text_ctx *t, const sa_result *r)
{
    size_t shown = 0;
    if (!t->verbose && sa_rpt_periods_not_met(r) == 0)
        return;
    for (size_t i = 0; i < r->nperiods; i++) {
        const sa_period_result *p = &r->periods[i];
        if (!t->verbose && p->verdict == SA_VERDICT_MET)
            continue;
        if (!t->verbose && shown == SHORT_LIST) {
            detail(t, "... ");
            sa_rpt_periods_left(t->out, r, i, true);
            sa_buf_puts(t->out, " (--verbose shows all)\n");
            break;
        }
        detail(t, "period ");
        period_label(t->out, p);
        if (!sa_rpt_is_share(r)) {
            sa_buf_puts(t->out, "  ");
            sa_buf_puts(t->out, sa_verdict_label(p->verdict));
        }
        sa_buf m = SA_BUF_INIT;
        if (sa_rpt_measured_human(&m, r, p->has_measured, p->measured)) {
            sa_buf_puts(t->out, "  ");
            sa_buf_append(t->out, m.data, m.len);
        }
        sa_buf_free(&m);
        if (p->denominator)
            sa_buf_printf(t->out, " (%lld/%lld)", (long long)p->numerator, (long long)p->denominator);
        if (p->unknown)
            sa_buf_printf(t->out, ", %lld unknown", (long long)p->unknown);
        if (p->note) {
            sa_buf_puts(t->out, "; ");
            term_put(t->out, p->note, SIZE_MAX);
        }
        sa_buf_putc(t->out, '\n');
        shown++;
    }
}

static void write_gaps(text_ctx *t, const sa_result *r)
{
    if (r->ngaps == 0)
        return;
    size_t n = t->verbose ? r->ngaps : (r->ngaps < SHORT_LIST ? r->ngaps : SHORT_LIST);
    for (size_t i = 0; i < n; i++) {
        char d[32];
        sa_duration_format(r->gaps[i].minutes * 60, d);
        detail(t, "gap ");
        sa_rpt_datetime(t->out, r->gaps[i].start);
        sa_buf_puts(t->out, " to ");
        sa_rpt_datetime(t->out, r->gaps[i].end);
        sa_buf_printf(t->out, " (%s)\n", d);
    }
    uint64_t total = r->gaps_total > r->ngaps ? r->gaps_total : r->ngaps;
    if (total > n) {
        char d[32];
        sa_duration_format(r->gap_minutes_total * 60, d);
        detail(t, "");
        sa_buf_printf(t->out, "... %llu gaps in all, %s uncovered%s\n", (unsigned long long)total, d,
                      n < r->ngaps ? " (--verbose shows more)" : "");
    }
}

static void write_examples(text_ctx *t, const sa_result *r)
{
    size_t n = t->verbose ? r->nexamples : (r->nexamples < SHORT_LIST ? r->nexamples : SHORT_LIST);
    for (size_t i = 0; i < n; i++) {
        const sa_example *e = &r->examples[i];
        detail(t, "");
        if (e->file && *e->file) {
            term_put(t->out, e->file, SIZE_MAX);
            if (e->row)
                sa_buf_printf(t->out, ":%llu", (unsigned long long)e->row);
            sa_buf_puts(t->out, ": ");
        }
        term_put(t->out, e->message, SIZE_MAX);
        sa_buf_putc(t->out, '\n');
    }
    uint64_t total = r->examples_total > r->nexamples ? r->examples_total : r->nexamples;
    if (total > n) {
        detail(t, "");
        sa_buf_printf(t->out, "... %llu rows in all%s\n", (unsigned long long)total,
                      n < r->nexamples ? " (--verbose shows more)" : "");
    }
}

/* A share: its contribution in --verbose, else nothing (its line says enough). */
static void write_share_evidence(text_ctx *t, const sa_result *r)
{
    if (!t->verbose)
        return;
    if (r->summary) {
        detail(t, "");
        term_put(t->out, r->summary, SIZE_MAX);
        sa_buf_putc(t->out, '\n');
    }
    write_periods(t, r);
    write_examples(t, r);
}

static void write_waiver(text_ctx *t, const sa_result *r)
{
    if (r->waiver_approved_by || r->waiver_until != SA_DATE_NONE) {
        detail(t, "waived");
        if (r->waiver_approved_by) {
            sa_buf_puts(t->out, " by ");
            term_put(t->out, r->waiver_approved_by, SIZE_MAX);
        }
        if (r->waiver_until != SA_DATE_NONE) {
            sa_buf_puts(t->out, " until ");
            sa_rpt_date(t->out, r->waiver_until);
        }
        sa_buf_putc(t->out, '\n');
    }
    if (r->waiver_note) {
        detail(t, "");
        term_put(t->out, r->waiver_note, SIZE_MAX);
        sa_buf_putc(t->out, '\n');
    }
    if (r->activity.set) {
        detail(t, "Activity plan: ");
        term_put(t->out, r->activity.text, SIZE_MAX);
        sa_buf_putc(t->out, '\n');
    }
    if (r->baseline.set) {
        detail(t, "Baseline: ");
        term_put(t->out, r->baseline.text, SIZE_MAX);
        sa_buf_putc(t->out, '\n');
    }
}

static void write_evidence(text_ctx *t, const sa_result *r)
{
    if (sa_rpt_is_share(r)) {
        write_share_evidence(t, r);
        return;
    }
    bool action = r->verdict != SA_VERDICT_MET && r->verdict != SA_VERDICT_EXCLUDED &&
                  r->verdict != SA_VERDICT_NOT_IN_FORCE;
    if (r->summary && (t->verbose || action)) {
        detail(t, "");
        term_put(t->out, r->summary, SIZE_MAX);
        sa_buf_putc(t->out, '\n');
    }
    if (r->reason) {
        detail(t, r->verdict == SA_VERDICT_WAIVED ? "waiver: " : "reason: ");
        term_put(t->out, r->reason, SIZE_MAX);
        sa_buf_putc(t->out, '\n');
    }
    write_waiver(t, r);
    if (r->original_target || r->variation_reason) {
        detail(t, "target varied");
        if (r->original_target) {
            sa_buf_puts(t->out, " from ");
            term_put(t->out, r->original_target, SIZE_MAX);
        }
        if (r->variation_reason) {
            sa_buf_puts(t->out, ": ");
            term_put(t->out, r->variation_reason, SIZE_MAX);
        }
        sa_buf_putc(t->out, '\n');
    }
    if (t->verbose && (r->unknown || r->excluded_rows)) {
        detail(t, "");
        sa_buf_printf(t->out, "%lld rows could not be evaluated, %lld excluded with a reason\n",
                      (long long)r->unknown, (long long)r->excluded_rows);
    }
    if (!t->verbose && !action)
        return;
    write_periods(t, r);
    write_gaps(t, r);
    write_examples(t, r);
    if (t->verbose) {
        for (size_t i = 0; i < r->nmetrics; i++) {
            const sa_metric *m = &r->metrics[i];
            detail(t, "");
            term_put(t->out, m->label ? m->label : m->name, SIZE_MAX);
            sa_buf_puts(t->out, ": ");
            sa_buf v = SA_BUF_INIT;
            sa_rpt_value_unit(&v, m->value, m->unit);
            term_put(t->out, sa_buf_cstr(&v), SIZE_MAX);
            sa_buf_free(&v);
            sa_buf_putc(t->out, '\n');
        }
    }
}

/* "Name (CODE)" in at most LABEL_MAX columns: a long name is cut, never the code. */
static size_t put_provider_label(sa_buf *out, const sa_result *r)
{
    if (!r->provider_code) {
        sa_buf label = SA_BUF_INIT;
        sa_rpt_provider_label(&label, r); /* "System-wide", or "Commissioner: Name" */
        size_t used = term_put(out, sa_buf_cstr(&label), LABEL_MAX);
        sa_buf_free(&label);
        return used;
    }
    if (!r->provider_name || !*r->provider_name)
        return term_put(out, r->provider_code, LABEL_MAX);
    size_t code_cols = term_width(r->provider_code) + 3;
    size_t room = code_cols < LABEL_MAX - 8 ? LABEL_MAX - code_cols : 8;
    size_t used = term_put(out, r->provider_name, room);
    sa_buf_puts(out, " (");
    used += term_put(out, r->provider_code, SIZE_MAX);
    sa_buf_putc(out, ')');
    return used + 3;
}

static void put_label(text_ctx *t, const sa_result *r, size_t width)
{
    if (sa_rpt_is_share(r)) {
        /* Neutral: a share is not a verdict, so it has no verdict colour. */
        if (t->color)
            sa_buf_puts(t->out, "\x1b[2m");
        sa_buf_puts(t->out, "Share");
        if (t->color)
            sa_buf_puts(t->out, "\x1b[0m");
        pad(t->out, 5, width);
        return;
    }
    put_verdict(t, r->verdict, width);
}

static void write_result_line(text_ctx *t, const sa_result *r, size_t label_width)
{
    bool share = sa_rpt_is_share(r);
    sa_buf_puts(t->out, share ? "    " : "  ");
    size_t used = put_provider_label(t->out, r);
    pad(t->out, used, label_width + 2 - (share ? 2 : 0));
    put_label(t, r, 16);
    sa_buf m = SA_BUF_INIT;
    bool has = sa_rpt_measured_result(&m, r);
    if (has)
        sa_buf_append(t->out, m.data, m.len);
    sa_buf_free(&m);
    sa_buf tg = SA_BUF_INIT;
    if (!share && sa_rpt_target_human(&tg, r)) {
        sa_buf_puts(t->out, has ? " vs " : "target ");
        term_put(t->out, sa_buf_cstr(&tg), SIZE_MAX);
    }
    sa_buf_free(&tg);
    if (r->denominator)
        sa_buf_printf(t->out, " (%lld/%lld)", (long long)r->numerator, (long long)r->denominator);
    if (!share && (r->gaps_total || r->ngaps)) {
        char d[32];
        sa_duration_format(r->gap_minutes_total * 60, d);
        uint64_t total = r->gaps_total > r->ngaps ? r->gaps_total : r->ngaps;
        sa_buf_printf(t->out, ", %llu gap%s, %s", (unsigned long long)total, total == 1 ? "" : "s", d);
    }
    if (share && !r->share_counted)
        sa_buf_puts(t->out, has || r->denominator ? "; not counted" : "not counted");
    sa_buf_putc(t->out, '\n');
}

static void write_header(text_ctx *t, const sa_result_set *rs)
{
    sa_buf *out = t->out;
    if (t->color)
        sa_buf_puts(out, "\x1b[1m");
    sa_buf_puts(out, "specaudit check: ");
    term_put(out, rs->spec_id, SIZE_MAX);
    if (rs->spec_version) {
        sa_buf_putc(out, ' ');
        term_put(out, rs->spec_version, SIZE_MAX);
    }
    if (t->color)
        sa_buf_puts(out, "\x1b[0m");
    if (rs->spec_title) {
        sa_buf_puts(out, " - ");
        term_put(out, rs->spec_title, SIZE_MAX);
    }
    sa_buf_putc(out, '\n');
    if (rs->commissioner_name || rs->commissioner_code) {
        sa_buf_puts(out, "Commissioner: ");
        term_put(out, rs->commissioner_name ? rs->commissioner_name : rs->commissioner_code, SIZE_MAX);
        if (rs->commissioner_name && rs->commissioner_code) {
            sa_buf_puts(out, " (");
            term_put(out, rs->commissioner_code, SIZE_MAX);
            sa_buf_putc(out, ')');
        }
        sa_buf_putc(out, '\n');
    }
    uint64_t rows = 0, bad = 0;
    for (size_t i = 0; i < rs->ninputs; i++) {
        rows += rs->inputs[i].rows;
        bad += rs->inputs[i].bad_rows;
    }
    sa_buf_printf(out, "Returns: %zu file%s, %llu rows, %llu with data-quality errors\n", rs->ninputs,
                  rs->ninputs == 1 ? "" : "s", (unsigned long long)rows, (unsigned long long)bad);
    /* What the verdicts rest on, so a reader can check the inputs were the ones meant. */
    sa_buf prov = SA_BUF_INIT;
    sa_buf_puts(out, "Provenance:\n");
    sa_rpt_provenance_plain(&prov, rs, "  ");
    term_put_lines(out, sa_buf_cstr(&prov));
    sa_buf_free(&prov);
}

/* The requirement's heading: id, title, severity and kind, then its
 * description and guidance, which a review cites beside the verdict. */
static void write_requirement_heading(text_ctx *t, const sa_result *r)
{
    sa_buf *out = t->out;
    sa_buf_putc(out, '\n');
    if (t->color)
        sa_buf_puts(out, "\x1b[1m");
    term_put(out, r->requirement_id, SIZE_MAX);
    if (t->color)
        sa_buf_puts(out, "\x1b[0m");
    sa_buf_puts(out, "  ");
    term_put(out, r->title, SIZE_MAX);
    sa_buf_printf(out, "  [%s, ", sa_req_severity_name(r->severity));
    term_put(out, r->check_kind, SIZE_MAX);
    sa_buf_puts(out, r->commissioner ? ", the commissioner's own]\n" : r->scope == SA_SCOPE_SYSTEM ? ", judged system-wide]\n" : "]\n");
    if (r->description) {
        detail(t, "");
        term_put(out, r->description, SIZE_MAX);
        sa_buf_putc(out, '\n');
    }
    if (r->guidance) {
        detail(t, "guidance: ");
        term_put(out, r->guidance, SIZE_MAX);
        sa_buf_putc(out, '\n');
    }
}

static void write_results(text_ctx *t, const sa_result_set *rs)
{
    size_t label_width = 11; /* "System-wide" */
    for (size_t i = 0; i < rs->nresults; i++) {
        sa_buf label = SA_BUF_INIT;
        /* A share is indented two more columns under its system-wide row. */
        size_t w = put_provider_label(&label, &rs->results[i]) + (sa_rpt_is_share(&rs->results[i]) ? 2 : 0);
        sa_buf_free(&label);
        if (w > label_width)
            label_width = w;
    }
    const char *current = NULL;
    bool shares_open = false;
    for (size_t i = 0; i < rs->nresults; i++) {
        const sa_result *r = &rs->results[i];
        if (!current || strcmp(current, sa_rpt_str(r->requirement_id)) != 0) {
            current = sa_rpt_str(r->requirement_id);
            write_requirement_heading(t, r);
            shares_open = false;
        }
        if (sa_rpt_is_share(r) && !shares_open) {
            sa_buf_puts(t->out, "  Providers' shares (not verdicts, not counted):\n");
            shares_open = true;
        }
        write_result_line(t, r, label_width);
        write_evidence(t, r);
    }
}

static void write_footer(text_ctx *t, const sa_result_set *rs)
{
    const sa_summary *s = &rs->summary;
    sa_buf *out = t->out;
    sa_buf_putc(out, '\n');
    if (t->color)
        sa_buf_puts(out, s->status == SA_STATUS_COMPLIANT ? "\x1b[1;32m"
                         : s->status == SA_STATUS_NOT_COMPLIANT ? "\x1b[1;31m"
                                                                 : "\x1b[1;35m");
    term_put(out, s->headline, SIZE_MAX);
    if (t->color)
        sa_buf_puts(out, "\x1b[0m");
    sa_buf_puts(out, "\n  ");
    sa_rpt_summary_counts(out, rs);
    sa_buf_puts(out, "\n  ");
    sa_rpt_summary_severity(out, rs);
    sa_buf_putc(out, '\n');
    if (s->status == SA_STATUS_NOT_DEMONSTRATED && s->passes)
        sa_buf_puts(out, "  Accepted for a staged roll-out (--accept-not-assessable): exit status 0.\n");
    if (rs->data_errors || rs->data_warnings)
        sa_buf_printf(out, "  Data quality: %llu error%s, %llu warning%s in the returns\n",
                      (unsigned long long)rs->data_errors, rs->data_errors == 1 ? "" : "s",
                      (unsigned long long)rs->data_warnings, rs->data_warnings == 1 ? "" : "s");
}

void sa_report_render_text(const sa_result_set *rs, const sa_report_options *opts, sa_buf *out)
{
    text_ctx t = {out, opts->color, opts->verbose};
    write_header(&t, rs);
    write_results(&t, rs);
    write_footer(&t, rs);
}
