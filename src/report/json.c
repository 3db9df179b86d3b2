/*
 * json.c — the complete result set as JSON (specs/schema/result.schema.json).
 *
 * Layout rules that keep it diff-able and machine-friendly: keys always in
 * the same order, every key always present (null when absent), two-space
 * indentation, numbers as the JSON writer prints them (core/json_write.h:
 * 6 decimals, trailing zeros trimmed), no timestamps.
 */
#include <string.h>

#include "core/json_write.h"
#include "report/render.h"

static const char *unit_name(sa_target_unit u)
{
    switch (u) {
    case SA_UNIT_PERCENT: return "percent";
    case SA_UNIT_SECONDS: return "seconds";
    default: return "number";
    }
}

static void write_target(sa_jw *w, const sa_result *r)
{
    if (!r->target.set && !r->target_text) {
        sa_jw_null(w, "target");
        return;
    }
    sa_jw_object(w, "target");
    if (r->target_text) {
        sa_jw_str(w, "text", r->target_text);
    } else {
        char t[48];
        sa_target_format(&r->target, t);
        sa_jw_str(w, "text", t);
    }
    if (r->target.set) {
        sa_jw_str(w, "op", sa_cmp_symbol(r->target.op));
        sa_jw_num(w, "value", true, r->target.value);
        sa_jw_str(w, "unit", unit_name(r->target.unit));
    } else {
        sa_jw_null(w, "op");
        sa_jw_null(w, "value");
        sa_jw_null(w, "unit");
    }
    sa_jw_close_object(w);
}

/* The 95% Wilson score interval of a share, or null. */
static void write_interval(sa_jw *w, bool has, double low, double high)
{
    if (!has) {
        sa_jw_null(w, "interval");
        return;
    }
    sa_jw_object(w, "interval");
    sa_jw_str(w, "method", "wilson");
    sa_jw_num(w, "confidence", true, 0.95);
    sa_jw_num(w, "low", true, low);
    sa_jw_num(w, "high", true, high);
    sa_jw_close_object(w);
}

/* The agreement's activity plan and the activity delivered; the actual
 * figures are null when no rows were received. */
static void write_activity(sa_jw *w, const sa_activity *a)
{
    if (!a->set) {
        sa_jw_null(w, "activity");
        return;
    }
    sa_jw_object(w, "activity");
    sa_jw_num(w, "planned_per_period", true, a->planned_per);
    sa_jw_str(w, "per", a->per);
    sa_jw_num(w, "tolerance_pct", true, a->tolerance);
    sa_jw_num(w, "planned", true, a->planned);
    if (a->assessed)
        sa_jw_int(w, "actual", a->actual);
    else
        sa_jw_null(w, "actual");
    sa_jw_num(w, "variance_pct", a->assessed, a->variance);
    if (a->assessed)
        sa_jw_bool(w, "within_tolerance", a->within);
    else
        sa_jw_null(w, "within_tolerance");
    sa_jw_str(w, "text", a->text);
    sa_jw_close_object(w);
}

/* The baseline, its figure, the current one and the change between them; a
 * figure is null where there is none (the verdict is then not assessable). */
static void write_baseline(sa_jw *w, const sa_baseline_result *b)
{
    if (!b->set) {
        sa_jw_null(w, "baseline");
        return;
    }
    sa_jw_object(w, "baseline");
    sa_jw_date(w, "from", b->from);
    sa_jw_date(w, "to", b->to);
    sa_jw_num(w, "value", b->has_baseline, b->baseline);
    sa_jw_num(w, "current", b->has_current, b->current);
    sa_jw_str(w, "unit", b->unit);
    sa_jw_num(w, "change", b->has_change, b->change);
    sa_jw_str(w, "change_unit", b->points ? "points" : "percent");
    sa_jw_bool(w, "per_day", b->per_day);
    sa_jw_str(w, "target", b->target);
    sa_jw_str(w, "report", b->report);
    sa_jw_str(w, "text", b->text);
    sa_jw_close_object(w);
}

static void write_plan(sa_jw *w, const sa_result *r)
{
    if (r->original_target || r->variation_reason) {
        sa_jw_object(w, "variation");
        sa_jw_str(w, "original_target", r->original_target);
        sa_jw_str(w, "reason", r->variation_reason);
        sa_jw_close_object(w);
    } else {
        sa_jw_null(w, "variation");
    }
    if (r->waiver_until != SA_DATE_NONE || r->waiver_approved_by) {
        sa_jw_object(w, "waiver");
        sa_jw_str(w, "approved_by", r->waiver_approved_by);
        sa_jw_date(w, "until", r->waiver_until);
        sa_jw_close_object(w);
    } else {
        sa_jw_null(w, "waiver");
    }
    sa_jw_str(w, "waiver_note", r->waiver_note);
    write_activity(w, &r->activity);
    write_baseline(w, &r->baseline);
}

/* A verdict row's verdict, or null and the provider's contribution for a share. */
static void write_verdict(sa_jw *w, const sa_result *r)
{
    if (!sa_rpt_is_share(r)) {
        sa_jw_str(w, "verdict", sa_verdict_name(r->verdict));
        sa_jw_null(w, "share");
        return;
    }
    sa_jw_null(w, "verdict");
    sa_jw_object(w, "share");
    sa_jw_bool(w, "counted", r->share_counted);
    sa_jw_num(w, "value", r->has_measured, r->measured);
    sa_jw_str(w, "unit", r->has_measured ? r->measured_unit : NULL);
    sa_jw_int(w, "numerator", r->numerator);
    sa_jw_int(w, "denominator", r->denominator);
    sa_jw_close_object(w);
}

/* "estimate", only when the figure is not exact: how it was estimated and its error. */
static void write_estimate(sa_jw *w, const sa_result *r)
{
    if (!r->estimate_method)
        return;
    bool hll = strcmp(r->estimate_method, "hyperloglog") == 0;
    sa_jw_object(w, "estimate");
    sa_jw_str(w, "method", r->estimate_method);
    sa_jw_num(w, "relative_standard_error", hll, r->estimate_error);
    sa_jw_num(w, "relative_error_bound", !hll, r->estimate_error);
    sa_jw_close_object(w);
}

static void write_measure(sa_jw *w, const sa_result *r)
{
    if (r->has_measured) {
        sa_jw_object(w, "measured");
        sa_jw_num(w, "value", true, r->measured);
        sa_jw_str(w, "unit", r->measured_unit);
        write_interval(w, r->has_interval, r->interval_low, r->interval_high);
        write_estimate(w, r);
        sa_jw_close_object(w);
    } else {
        sa_jw_null(w, "measured");
    }
    sa_jw_object(w, "counts");
    sa_jw_int(w, "numerator", r->numerator);
    sa_jw_int(w, "denominator", r->denominator);
    sa_jw_int(w, "unknown", r->unknown);
    sa_jw_int(w, "excluded_rows", r->excluded_rows);
    sa_jw_close_object(w);
}

static void write_periods(sa_jw *w, const sa_result *r)
{
    sa_jw_array(w, "periods");
    for (size_t i = 0; i < r->nperiods; i++) {
        const sa_period_result *p = &r->periods[i];
        sa_jw_object(w, NULL);
        sa_jw_date(w, "from", p->from);
        sa_jw_date(w, "to", p->to);
        if (sa_rpt_is_share(r))
            sa_jw_null(w, "verdict");
        else
            sa_jw_str(w, "verdict", sa_verdict_name(p->verdict));
        sa_jw_num(w, "measured", p->has_measured, p->measured);
        write_interval(w, p->has_interval, p->interval_low, p->interval_high);
        sa_jw_int(w, "numerator", p->numerator);
        sa_jw_int(w, "denominator", p->denominator);
        sa_jw_int(w, "unknown", p->unknown);
        sa_jw_str(w, "note", p->note);
        sa_jw_close_object(w);
    }
    sa_jw_close_array(w);
}

static void write_gaps(sa_jw *w, const sa_result *r)
{
    sa_jw_object(w, "gaps");
    sa_jw_uint(w, "total", r->gaps_total);
    sa_jw_int(w, "minutes_total", r->gap_minutes_total);
    sa_jw_array(w, "items");
    for (size_t i = 0; i < r->ngaps; i++) {
        sa_jw_object(w, NULL);
        sa_jw_datetime(w, "start", r->gaps[i].start);
        sa_jw_datetime(w, "end", r->gaps[i].end);
        sa_jw_int(w, "minutes", r->gaps[i].minutes);
        sa_jw_close_object(w);
    }
    sa_jw_close_array(w);
    sa_jw_close_object(w);
}

static void write_examples(sa_jw *w, const sa_result *r)
{
    sa_jw_object(w, "examples");
    sa_jw_uint(w, "total", r->examples_total);
    sa_jw_array(w, "items");
    for (size_t i = 0; i < r->nexamples; i++) {
        sa_jw_object(w, NULL);
        sa_jw_str(w, "file", r->examples[i].file);
        sa_jw_uint(w, "row", r->examples[i].row);
        sa_jw_str(w, "message", r->examples[i].message);
        sa_jw_close_object(w);
    }
    sa_jw_close_array(w);
    sa_jw_close_object(w);
}

static void write_metrics(sa_jw *w, const sa_result *r)
{
    sa_jw_array(w, "metrics");
    for (size_t i = 0; i < r->nmetrics; i++) {
        sa_jw_object(w, NULL);
        sa_jw_str(w, "name", r->metrics[i].name);
        sa_jw_str(w, "label", r->metrics[i].label);
        sa_jw_num(w, "value", true, r->metrics[i].value);
        sa_jw_str(w, "unit", r->metrics[i].unit);
        sa_jw_close_object(w);
    }
    sa_jw_close_array(w);
}

static void write_result(sa_jw *w, const sa_result *r)
{
    sa_jw_object(w, NULL);
    sa_jw_str(w, "requirement_id", r->requirement_id);
    sa_jw_str(w, "title", r->title);
    sa_jw_str(w, "description", r->description);
    sa_jw_str(w, "guidance", r->guidance);
    sa_jw_str(w, "severity", sa_req_severity_name(r->severity));
    sa_jw_str(w, "scope", r->scope == SA_SCOPE_SYSTEM ? "system" : "provider");
    sa_jw_str(w, "check_kind", r->check_kind);
    sa_jw_str(w, "assess", r->assess);
    if (r->in_force_from != SA_DATE_NONE || r->in_force_until != SA_DATE_NONE) {
        sa_jw_object(w, "in_force");
        sa_jw_date(w, "from", r->in_force_from);
        sa_jw_date(w, "until", r->in_force_until);
        sa_jw_close_object(w);
    } else {
        sa_jw_null(w, "in_force");
    }
    if (r->provider_code) {
        sa_jw_object(w, "provider");
        sa_jw_str(w, "code", r->provider_code);
        sa_jw_str(w, "name", r->provider_name);
        sa_jw_close_object(w);
    } else {
        sa_jw_null(w, "provider");
    }
    write_verdict(w, r);
    sa_jw_str(w, "summary", r->summary);
    sa_jw_str(w, "reason", r->reason);
    write_target(w, r);
    write_plan(w, r);
    write_measure(w, r);
    write_periods(w, r);
    write_gaps(w, r);
    write_examples(w, r);
    write_metrics(w, r);
    sa_jw_close_object(w);
}

static void write_provenance(sa_jw *w, const sa_result_set *rs)
{
    sa_jw_object(w, "specification");
    sa_jw_str(w, "id", rs->spec_id);
    sa_jw_str(w, "version", rs->spec_version);
    sa_jw_str(w, "title", rs->spec_title);
    sa_jw_str(w, "path", rs->spec_path);
    sa_jw_str(w, "sha256", rs->spec_sha256);
    sa_jw_close_object(w);
    if (rs->commissioner_name || rs->commissioner_code) {
        sa_jw_object(w, "commissioner");
        sa_jw_str(w, "name", rs->commissioner_name);
        sa_jw_str(w, "code", rs->commissioner_code);
        sa_jw_close_object(w);
    } else {
        sa_jw_null(w, "commissioner");
    }
    sa_jw_object(w, "period");
    sa_jw_date(w, "from", rs->period_from);
    sa_jw_date(w, "to", rs->period_to);
    sa_jw_close_object(w);
    sa_jw_date(w, "today", rs->today);
    sa_jw_bool(w, "show_identifiers", rs->show_identifiers);
}

static void write_sources(sa_jw *w, const sa_result_set *rs)
{
    sa_jw_array(w, "agreements");
    for (size_t i = 0; i < rs->nagreements; i++) {
        const sa_agreement_ref *a = &rs->agreements[i];
        sa_jw_object(w, NULL);
        sa_jw_str(w, "id", a->id);
        sa_jw_str(w, "version", a->version);
        sa_jw_str(w, "path", a->path);
        sa_jw_str(w, "sha256", a->sha256);
        sa_jw_str(w, "provider_code", a->provider_code);
        sa_jw_close_object(w);
    }
    sa_jw_close_array(w);
    sa_jw_array(w, "inputs");
    for (size_t i = 0; i < rs->ninputs; i++) {
        const sa_input_file *f = &rs->inputs[i];
        sa_jw_object(w, NULL);
        sa_jw_str(w, "path", f->path);
        sa_jw_str(w, "dataset", f->dataset);
        sa_jw_uint(w, "rows", f->rows);
        sa_jw_uint(w, "bad_rows", f->bad_rows);
        sa_jw_str(w, "not_read", f->not_read);
        sa_jw_str(w, "sha256", f->sha256);
        sa_jw_close_object(w);
    }
    sa_jw_close_array(w);
}

static void write_summary(sa_jw *w, const sa_result_set *rs)
{
    const sa_summary *s = &rs->summary;
    sa_jw_object(w, "summary");
    sa_jw_str(w, "status", sa_status_name(s->status));
    sa_jw_str(w, "headline", s->headline);
    sa_jw_str(w, "fail_on", sa_req_severity_name(rs->fail_on));
    sa_jw_bool(w, "accept_not_assessable", rs->accept_not_assessable);
    sa_jw_uint(w, "results", s->results);
    sa_jw_uint(w, "verdicts", s->verdicts);
    sa_jw_uint(w, "shares", s->shares);
    sa_jw_uint(w, "failures", s->failures);
    sa_jw_bool(w, "compliant", s->status == SA_STATUS_COMPLIANT);
    sa_jw_object(w, "verdict_counts");
    for (int v = 0; v < SA_VERDICT_COUNT; v++)
        sa_jw_uint(w, sa_verdict_name((sa_verdict)v), s->verdict_counts[v]);
    sa_jw_close_object(w);
    sa_jw_object(w, "by_severity");
    for (int k = 0; k < 3; k++) {
        sa_jw_object(w, sa_req_severity_name((sa_req_severity)k));
        sa_jw_uint(w, "requirements", s->by_severity[k].requirements);
        sa_jw_uint(w, "falling_short", s->by_severity[k].falling_short);
        sa_jw_uint(w, "not_demonstrated", s->by_severity[k].not_demonstrated);
        sa_jw_close_object(w);
    }
    sa_jw_close_object(w);
    sa_jw_uint(w, "data_errors", rs->data_errors);
    sa_jw_uint(w, "data_warnings", rs->data_warnings);
    sa_jw_close_object(w);
}

void sa_report_render_json(const sa_result_set *rs, sa_buf *out)
{
    sa_jw w;
    sa_jw_begin(&w, out);
    sa_jw_object(&w, NULL);
    sa_jw_int(&w, "format_version", SA_RESULT_FORMAT_VERSION);
    sa_jw_object(&w, "tool");
    sa_jw_str(&w, "name", "specaudit");
    sa_jw_str(&w, "version", rs->tool_version);
    sa_jw_close_object(&w);
    write_provenance(&w, rs);
    write_sources(&w, rs);
    write_summary(&w, rs);
    sa_jw_array(&w, "results");
    for (size_t i = 0; i < rs->nresults; i++)
        write_result(&w, &rs->results[i]);
    sa_jw_close_array(&w);
    sa_jw_close_object(&w);
    sa_jw_end(&w);
}
