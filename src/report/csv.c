/*
 * csv.c — one row per result (requirement x provider) for spreadsheets.
 * RFC 4180: CRLF line ends, quoting where needed; every cell goes through
 * sa_buf_csv_cell, which also defuses a leading = + - @ (formula injection).
 * Numbers use the machine format (6 decimals, trailing zeros trimmed).
 *
 * `row` says whether a row is a verdict or a provider's share of a
 * system-wide verdict (its `verdict` cell is empty: a share is not a
 * verdict); counts_as_failure agrees with the exit status. The overall
 * status and headline and the provenance (specification and return
 * checksums, the provider's agreement, the assessed range) are repeated on
 * every row, so a filtered or sorted sheet still says what it rests on.
 *
 * The file starts with a UTF-8 byte order mark: without it Excel reads a
 * CSV in the machine's legacy code page and shows "É" as "Ã‰". The report
 * exists for spreadsheets (JSON is the format for programs), and the mark
 * changes no cell, so formula neutralisation is unaffected.
 */
#include <string.h>

#include "report/render.h"

static const char *const columns[] = {
    "specification", "requirement_id", "title", "description", "guidance", "severity", "scope", "check_kind",
    "provider_code", "provider_name", "row", "verdict", "counts_as_failure", "share_counted", "measured",
    "measured_unit", "target", "original_target", "numerator", "denominator", "unknown", "excluded_rows",
    "periods_assessed", "periods_met", "gaps", "gap_minutes", "example_rows", "summary", "reason",
    "variation_reason", "waiver_approved_by", "waiver_until", "waiver_note", "activity_planned", "activity_actual",
    "activity_variance_pct", "activity_within_tolerance", "baseline_from", "baseline_to", "baseline_value",
    "current_value", "change", "change_unit", "agreement", "status", "headline",
    "specification_sha256", "specaudit_version", "assessed_from", "assessed_to", "today", "returns",
};

typedef struct row_writer {
    sa_buf *out;
    sa_buf v; /* scratch for one cell */
    bool first;
} row_writer;

static void cell(row_writer *w, const char *s)
{
    if (!w->first)
        sa_buf_putc(w->out, ',');
    w->first = false;
    if (s)
        sa_buf_csv_cell(w->out, s, strlen(s));
}

/* Writes the scratch buffer as a cell and clears it. */
static void cell_v(row_writer *w)
{
    cell(w, sa_buf_cstr(&w->v));
    sa_buf_clear(&w->v);
}

static void cell_int(row_writer *w, long long n)
{
    sa_buf_printf(&w->v, "%lld", n);
    cell_v(w);
}

static void cells_identity(row_writer *w, const sa_result_set *rs, const sa_result *r)
{
    sa_buf_printf(&w->v, "%s %s", sa_rpt_str(rs->spec_id), sa_rpt_str(rs->spec_version));
    cell_v(w);
    cell(w, r->requirement_id);
    cell(w, r->title);
    cell(w, r->description);
    cell(w, r->guidance);
    cell(w, sa_req_severity_name(r->severity));
    cell(w, r->scope == SA_SCOPE_SYSTEM ? "system" : "provider");
    cell(w, r->check_kind);
    cell(w, r->provider_code);
    if (r->provider_code) {
        cell(w, r->provider_name);
    } else {
        sa_rpt_provider_label(&w->v, r); /* "System-wide", or "Commissioner: Name" */
        cell_v(w);
    }
}

static void cells_verdict(row_writer *w, const sa_result *r)
{
    bool share = sa_rpt_is_share(r);
    cell(w, share ? "share" : "verdict");
    cell(w, share ? NULL : sa_verdict_name(r->verdict));
    cell(w, sa_result_is_failure(r) ? "yes" : "no");
    cell(w, share ? (r->share_counted ? "yes" : "no") : NULL);
    if (r->has_measured)
        sa_rpt_number(&w->v, r->measured, "");
    cell_v(w);
    cell(w, r->has_measured ? r->measured_unit : NULL);
    if (!share)
        sa_rpt_target_human(&w->v, r);
    cell_v(w);
    cell(w, share ? NULL : r->original_target);
}

static void cells_counts(row_writer *w, const sa_result *r)
{
    size_t met = 0, assessed = 0;
    for (size_t p = 0; p < r->nperiods; p++) {
        if (r->periods[p].verdict == SA_VERDICT_MET)
            met++;
        if (r->periods[p].verdict == SA_VERDICT_MET || r->periods[p].verdict == SA_VERDICT_NOT_MET)
            assessed++;
    }
    bool share = sa_rpt_is_share(r); /* a share's periods are no verdicts either */
    cell_int(w, r->numerator);
    cell_int(w, r->denominator);
    cell_int(w, r->unknown);
    cell_int(w, r->excluded_rows);
    if (!share)
        sa_buf_printf(&w->v, "%zu", assessed);
    cell_v(w);
    if (!share)
        sa_buf_printf(&w->v, "%zu", met);
    cell_v(w);
    cell_int(w, (long long)(r->gaps_total > r->ngaps ? r->gaps_total : r->ngaps));
    cell_int(w, r->gap_minutes_total);
    cell_int(w, (long long)(r->examples_total > r->nexamples ? r->examples_total : r->nexamples));
}

/* The activity plan's figures, empty where the agreement plans none (and the
 * actual ones where no rows were received). */
static void cells_activity(row_writer *w, const sa_activity *a)
{
    if (a->set)
        sa_buf_printf(&w->v, "%.1f", a->planned);
    cell_v(w);
    if (a->set && a->assessed)
        sa_buf_printf(&w->v, "%lld", (long long)a->actual);
    cell_v(w);
    if (a->set && a->assessed)
        sa_buf_printf(&w->v, "%.1f", a->variance);
    cell_v(w);
    cell(w, a->set && a->assessed ? (a->within ? "true" : "false") : NULL);
}

/* The baseline's range and figures and the change, empty where the requirement
 * has no baseline (and each figure where there is none). */
static void cells_baseline(row_writer *w, const sa_baseline_result *b)
{
    if (b->set)
        sa_rpt_date(&w->v, b->from);
    cell_v(w);
    if (b->set)
        sa_rpt_date(&w->v, b->to);
    cell_v(w);
    if (b->set && b->has_baseline)
        sa_rpt_number(&w->v, b->baseline, "");
    cell_v(w);
    if (b->set && b->has_current)
        sa_rpt_number(&w->v, b->current, "");
    cell_v(w);
    if (b->set && b->has_change)
        sa_buf_printf(&w->v, "%.1f", b->change);
    cell_v(w);
    cell(w, b->set ? (b->points ? "points" : "percent") : NULL);
}

static void cells_evidence(row_writer *w, const sa_result *r)
{
    cell(w, r->summary);
    cell(w, r->reason);
    cell(w, r->variation_reason);
    cell(w, r->waiver_approved_by);
    sa_rpt_date(&w->v, r->waiver_until);
    cell_v(w);
    cell(w, r->waiver_note);
    cells_activity(w, &r->activity);
    cells_baseline(w, &r->baseline);
}

/* The agreements naming the row's provider: "id version file sha256 …". */
static void cell_agreement(row_writer *w, const sa_result_set *rs, const sa_result *r)
{
    for (size_t i = 0; r->provider_code && i < rs->nagreements; i++) {
        const sa_agreement_ref *a = &rs->agreements[i];
        if (!a->provider_code || strcmp(a->provider_code, r->provider_code) != 0)
            continue;
        sa_buf_printf(&w->v, "%s%s version %s, %s, ", w->v.len ? "; " : "", sa_rpt_str(a->id),
                      sa_rpt_str(a->version), sa_rpt_str(a->path));
        sa_rpt_sha256(&w->v, a->sha256);
    }
    cell_v(w);
}

static void cells_provenance(row_writer *w, const sa_result_set *rs, const sa_result *r)
{
    cell_agreement(w, rs, r);
    cell(w, sa_status_name(rs->summary.status));
    cell(w, rs->summary.headline);
    cell(w, rs->spec_sha256);
    cell(w, rs->tool_version);
    sa_rpt_date(&w->v, rs->period_from);
    cell_v(w);
    sa_rpt_date(&w->v, rs->period_to);
    cell_v(w);
    sa_rpt_date(&w->v, rs->today);
    cell_v(w);
    for (size_t i = 0; i < rs->ninputs; i++) {
        sa_buf_printf(&w->v, "%s%s, %llu rows, ", i ? "; " : "", sa_rpt_str(rs->inputs[i].path),
                      (unsigned long long)rs->inputs[i].rows);
        sa_rpt_sha256(&w->v, rs->inputs[i].sha256);
    }
    cell_v(w);
}

/* U+FEFF, encoded: the mark spreadsheets take as "this file is UTF-8". */
#define UTF8_BOM "\xEF\xBB\xBF"

void sa_report_render_csv(const sa_result_set *rs, sa_buf *out)
{
    sa_buf_puts(out, UTF8_BOM);
    row_writer w = {out, SA_BUF_INIT, true};
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++)
        cell(&w, columns[i]);
    sa_buf_puts(out, "\r\n");
    for (size_t i = 0; i < rs->nresults; i++) {
        const sa_result *r = &rs->results[i];
        w.first = true;
        cells_identity(&w, rs, r);
        cells_verdict(&w, r);
        cells_counts(&w, r);
        cells_evidence(&w, r);
        cells_provenance(&w, rs, r);
        sa_buf_puts(out, "\r\n");
    }
    sa_buf_free(&w.v);
}
