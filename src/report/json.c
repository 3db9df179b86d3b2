/*
 * json.c — the complete result set as JSON (specs/schema/result.schema.json).
 *
 * Layout rules that keep it diff-able and machine-friendly: keys always in
 * the same order, every key always present (null when absent), two-space
 * indentation, numbers through sa_rpt_number (6 decimals, trailing zeros
 * trimmed), no timestamps.
 */
#include <string.h>

#include "report/render.h"

typedef struct jw {
    sa_buf *out;
    int depth;
    bool first; /* no member written yet at the current depth */
} jw;

static void jw_indent(jw *w)
{
    sa_buf_putc(w->out, '\n');
    for (int i = 0; i < w->depth; i++)
        sa_buf_puts(w->out, "  ");
}

/* Starts a member (key != NULL) or an array element (key == NULL). */
static void jw_member(jw *w, const char *key)
{
    if (!w->first)
        sa_buf_putc(w->out, ',');
    w->first = false;
    jw_indent(w);
    if (key) {
        sa_buf_json_string(w->out, key);
        sa_buf_puts(w->out, ": ");
    }
}

static void jw_open(jw *w, const char *key, char bracket)
{
    jw_member(w, key);
    sa_buf_putc(w->out, bracket);
    w->depth++;
    w->first = true;
}

static void jw_close(jw *w, char bracket)
{
    bool empty = w->first;
    w->depth--;
    if (!empty)
        jw_indent(w);
    sa_buf_putc(w->out, bracket);
    w->first = false;
}

static void jw_str(jw *w, const char *key, const char *s)
{
    jw_member(w, key);
    sa_buf_json_string(w->out, s);
}

static void jw_int(jw *w, const char *key, long long v)
{
    jw_member(w, key);
    sa_buf_printf(w->out, "%lld", v);
}

static void jw_uint(jw *w, const char *key, unsigned long long v)
{
    jw_member(w, key);
    sa_buf_printf(w->out, "%llu", v);
}

static void jw_num(jw *w, const char *key, bool has, double v)
{
    jw_member(w, key);
    if (has)
        sa_rpt_number(w->out, v, "null");
    else
        sa_buf_puts(w->out, "null");
}

static void jw_bool(jw *w, const char *key, bool v)
{
    jw_member(w, key);
    sa_buf_puts(w->out, v ? "true" : "false");
}

static void jw_null(jw *w, const char *key)
{
    jw_member(w, key);
    sa_buf_puts(w->out, "null");
}

static void jw_date(jw *w, const char *key, sa_date d)
{
    jw_member(w, key);
    if (d == SA_DATE_NONE) {
        sa_buf_puts(w->out, "null");
        return;
    }
    sa_buf_putc(w->out, '"');
    sa_rpt_date(w->out, d);
    sa_buf_putc(w->out, '"');
}

static void jw_datetime(jw *w, const char *key, sa_datetime dt)
{
    jw_member(w, key);
    sa_buf_putc(w->out, '"');
    sa_rpt_datetime(w->out, dt);
    sa_buf_putc(w->out, '"');
}

static const char *unit_name(sa_target_unit u)
{
    switch (u) {
    case SA_UNIT_PERCENT: return "percent";
    case SA_UNIT_SECONDS: return "seconds";
    default: return "number";
    }
}

static void write_target(jw *w, const sa_result *r)
{
    if (!r->target.set && !r->target_text) {
        jw_null(w, "target");
        return;
    }
    jw_open(w, "target", '{');
    if (r->target_text) {
        jw_str(w, "text", r->target_text);
    } else {
        char t[48];
        sa_target_format(&r->target, t);
        jw_str(w, "text", t);
    }
    if (r->target.set) {
        jw_str(w, "op", sa_cmp_symbol(r->target.op));
        jw_num(w, "value", true, r->target.value);
        jw_str(w, "unit", unit_name(r->target.unit));
    } else {
        jw_null(w, "op");
        jw_null(w, "value");
        jw_null(w, "unit");
    }
    jw_close(w, '}');
}

/* The 95% Wilson score interval of a share, or null. */
static void write_interval(jw *w, bool has, double low, double high)
{
    if (!has) {
        jw_null(w, "interval");
        return;
    }
    jw_open(w, "interval", '{');
    jw_str(w, "method", "wilson");
    jw_num(w, "confidence", true, 0.95);
    jw_num(w, "low", true, low);
    jw_num(w, "high", true, high);
    jw_close(w, '}');
}

static void write_plan(jw *w, const sa_result *r)
{
    if (r->original_target || r->variation_reason) {
        jw_open(w, "variation", '{');
        jw_str(w, "original_target", r->original_target);
        jw_str(w, "reason", r->variation_reason);
        jw_close(w, '}');
    } else {
        jw_null(w, "variation");
    }
    if (r->waiver_until != SA_DATE_NONE || r->waiver_approved_by) {
        jw_open(w, "waiver", '{');
        jw_str(w, "approved_by", r->waiver_approved_by);
        jw_date(w, "until", r->waiver_until);
        jw_close(w, '}');
    } else {
        jw_null(w, "waiver");
    }
    jw_str(w, "waiver_note", r->waiver_note);
}

/* A verdict row's verdict, or null and the provider's contribution for a share. */
static void write_verdict(jw *w, const sa_result *r)
{
    if (!sa_rpt_is_share(r)) {
        jw_str(w, "verdict", sa_verdict_name(r->verdict));
        jw_null(w, "share");
        return;
    }
    jw_null(w, "verdict");
    jw_open(w, "share", '{');
    jw_bool(w, "counted", r->share_counted);
    jw_num(w, "value", r->has_measured, r->measured);
    jw_str(w, "unit", r->has_measured ? r->measured_unit : NULL);
    jw_int(w, "numerator", r->numerator);
    jw_int(w, "denominator", r->denominator);
    jw_close(w, '}');
}

/* "estimate", only when the figure is not exact: how it was estimated and its error. */
static void write_estimate(jw *w, const sa_result *r)
{
    if (!r->estimate_method)
        return;
    bool hll = strcmp(r->estimate_method, "hyperloglog") == 0;
    jw_open(w, "estimate", '{');
    jw_str(w, "method", r->estimate_method);
    jw_num(w, "relative_standard_error", hll, r->estimate_error);
    jw_num(w, "relative_error_bound", !hll, r->estimate_error);
    jw_close(w, '}');
}

static void write_measure(jw *w, const sa_result *r)
{
    if (r->has_measured) {
        jw_open(w, "measured", '{');
        jw_num(w, "value", true, r->measured);
        jw_str(w, "unit", r->measured_unit);
        write_interval(w, r->has_interval, r->interval_low, r->interval_high);
        write_estimate(w, r);
        jw_close(w, '}');
    } else {
        jw_null(w, "measured");
    }
    jw_open(w, "counts", '{');
    jw_int(w, "numerator", r->numerator);
    jw_int(w, "denominator", r->denominator);
    jw_int(w, "unknown", r->unknown);
    jw_int(w, "excluded_rows", r->excluded_rows);
    jw_close(w, '}');
}

static void write_periods(jw *w, const sa_result *r)
{
    jw_open(w, "periods", '[');
    for (size_t i = 0; i < r->nperiods; i++) {
        const sa_period_result *p = &r->periods[i];
        jw_open(w, NULL, '{');
        jw_date(w, "from", p->from);
        jw_date(w, "to", p->to);
        if (sa_rpt_is_share(r))
            jw_null(w, "verdict");
        else
            jw_str(w, "verdict", sa_verdict_name(p->verdict));
        jw_num(w, "measured", p->has_measured, p->measured);
        write_interval(w, p->has_interval, p->interval_low, p->interval_high);
        jw_int(w, "numerator", p->numerator);
        jw_int(w, "denominator", p->denominator);
        jw_int(w, "unknown", p->unknown);
        jw_str(w, "note", p->note);
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void write_gaps(jw *w, const sa_result *r)
{
    jw_open(w, "gaps", '{');
    jw_uint(w, "total", r->gaps_total);
    jw_int(w, "minutes_total", r->gap_minutes_total);
    jw_open(w, "items", '[');
    for (size_t i = 0; i < r->ngaps; i++) {
        jw_open(w, NULL, '{');
        jw_datetime(w, "start", r->gaps[i].start);
        jw_datetime(w, "end", r->gaps[i].end);
        jw_int(w, "minutes", r->gaps[i].minutes);
        jw_close(w, '}');
    }
    jw_close(w, ']');
    jw_close(w, '}');
}

static void write_examples(jw *w, const sa_result *r)
{
    jw_open(w, "examples", '{');
    jw_uint(w, "total", r->examples_total);
    jw_open(w, "items", '[');
    for (size_t i = 0; i < r->nexamples; i++) {
        jw_open(w, NULL, '{');
        jw_str(w, "file", r->examples[i].file);
        jw_uint(w, "row", r->examples[i].row);
        jw_str(w, "message", r->examples[i].message);
        jw_close(w, '}');
    }
    jw_close(w, ']');
    jw_close(w, '}');
}

static void write_metrics(jw *w, const sa_result *r)
{
    jw_open(w, "metrics", '[');
    for (size_t i = 0; i < r->nmetrics; i++) {
        jw_open(w, NULL, '{');
        jw_str(w, "name", r->metrics[i].name);
        jw_str(w, "label", r->metrics[i].label);
        jw_num(w, "value", true, r->metrics[i].value);
        jw_str(w, "unit", r->metrics[i].unit);
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void write_result(jw *w, const sa_result *r)
{
    jw_open(w, NULL, '{');
    jw_str(w, "requirement_id", r->requirement_id);
    jw_str(w, "title", r->title);
    jw_str(w, "description", r->description);
    jw_str(w, "guidance", r->guidance);
    jw_str(w, "severity", sa_req_severity_name(r->severity));
    jw_str(w, "scope", r->scope == SA_SCOPE_SYSTEM ? "system" : "provider");
    jw_str(w, "check_kind", r->check_kind);
    jw_str(w, "assess", r->assess);
    if (r->provider_code) {
        jw_open(w, "provider", '{');
        jw_str(w, "code", r->provider_code);
        jw_str(w, "name", r->provider_name);
        jw_close(w, '}');
    } else {
        jw_null(w, "provider");
    }
    write_verdict(w, r);
    jw_str(w, "summary", r->summary);
    jw_str(w, "reason", r->reason);
    write_target(w, r);
    write_plan(w, r);
    write_measure(w, r);
    write_periods(w, r);
    write_gaps(w, r);
    write_examples(w, r);
    write_metrics(w, r);
    jw_close(w, '}');
}

static void write_provenance(jw *w, const sa_result_set *rs)
{
    jw_open(w, "specification", '{');
    jw_str(w, "id", rs->spec_id);
    jw_str(w, "version", rs->spec_version);
    jw_str(w, "title", rs->spec_title);
    jw_str(w, "path", rs->spec_path);
    jw_str(w, "sha256", rs->spec_sha256);
    jw_close(w, '}');
    if (rs->commissioner_name || rs->commissioner_code) {
        jw_open(w, "commissioner", '{');
        jw_str(w, "name", rs->commissioner_name);
        jw_str(w, "code", rs->commissioner_code);
        jw_close(w, '}');
    } else {
        jw_null(w, "commissioner");
    }
    jw_open(w, "period", '{');
    jw_date(w, "from", rs->period_from);
    jw_date(w, "to", rs->period_to);
    jw_close(w, '}');
    jw_date(w, "today", rs->today);
    jw_bool(w, "show_identifiers", rs->show_identifiers);
}

static void write_sources(jw *w, const sa_result_set *rs)
{
    jw_open(w, "agreements", '[');
    for (size_t i = 0; i < rs->nagreements; i++) {
        const sa_agreement_ref *a = &rs->agreements[i];
        jw_open(w, NULL, '{');
        jw_str(w, "id", a->id);
        jw_str(w, "version", a->version);
        jw_str(w, "path", a->path);
        jw_str(w, "sha256", a->sha256);
        jw_str(w, "provider_code", a->provider_code);
        jw_close(w, '}');
    }
    jw_close(w, ']');
    jw_open(w, "inputs", '[');
    for (size_t i = 0; i < rs->ninputs; i++) {
        const sa_input_file *f = &rs->inputs[i];
        jw_open(w, NULL, '{');
        jw_str(w, "path", f->path);
        jw_str(w, "dataset", f->dataset);
        jw_uint(w, "rows", f->rows);
        jw_uint(w, "bad_rows", f->bad_rows);
        jw_str(w, "not_read", f->not_read);
        jw_str(w, "sha256", f->sha256);
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void write_summary(jw *w, const sa_result_set *rs)
{
    const sa_summary *s = &rs->summary;
    jw_open(w, "summary", '{');
    jw_str(w, "status", sa_status_name(s->status));
    jw_str(w, "headline", s->headline);
    jw_str(w, "fail_on", sa_req_severity_name(rs->fail_on));
    jw_bool(w, "accept_not_assessable", rs->accept_not_assessable);
    jw_uint(w, "results", s->results);
    jw_uint(w, "verdicts", s->verdicts);
    jw_uint(w, "shares", s->shares);
    jw_uint(w, "failures", s->failures);
    jw_bool(w, "compliant", s->status == SA_STATUS_COMPLIANT);
    jw_open(w, "verdict_counts", '{');
    for (int v = 0; v < SA_VERDICT_COUNT; v++)
        jw_uint(w, sa_verdict_name((sa_verdict)v), s->verdict_counts[v]);
    jw_close(w, '}');
    jw_open(w, "by_severity", '{');
    for (int k = 0; k < 3; k++) {
        jw_open(w, sa_req_severity_name((sa_req_severity)k), '{');
        jw_uint(w, "requirements", s->by_severity[k].requirements);
        jw_uint(w, "falling_short", s->by_severity[k].falling_short);
        jw_uint(w, "not_demonstrated", s->by_severity[k].not_demonstrated);
        jw_close(w, '}');
    }
    jw_close(w, '}');
    jw_uint(w, "data_errors", rs->data_errors);
    jw_uint(w, "data_warnings", rs->data_warnings);
    jw_close(w, '}');
}

void sa_report_render_json(const sa_result_set *rs, sa_buf *out)
{
    jw w = {out, 0, true};
    sa_buf_putc(out, '{');
    w.depth = 1;
    jw_int(&w, "format_version", SA_RESULT_FORMAT_VERSION);
    jw_open(&w, "tool", '{');
    jw_str(&w, "name", "specaudit");
    jw_str(&w, "version", rs->tool_version);
    jw_close(&w, '}');
    write_provenance(&w, rs);
    write_sources(&w, rs);
    write_summary(&w, rs);
    jw_open(&w, "results", '[');
    for (size_t i = 0; i < rs->nresults; i++)
        write_result(&w, &rs->results[i]);
    jw_close(&w, ']');
    w.depth = 0;
    sa_buf_puts(out, "\n}\n");
}
