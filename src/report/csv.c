/*
 * csv.c — one row per verdict (requirement x provider) for spreadsheets.
 * RFC 4180: CRLF line ends, quoting where needed; every cell goes through
 * sa_buf_csv_cell, which also defuses a leading = + - @ (formula injection).
 * Numbers use the machine format (6 decimals, trailing zeros trimmed).
 * counts_as_failure says whether the row counts against compliance (the
 * provider rows of a system-wide requirement do not), so a spreadsheet
 * filter agrees with the exit status.
 *
 * The file starts with a UTF-8 byte order mark: without it Excel reads a
 * CSV in the machine's legacy code page and shows "É" as "Ã‰". The report
 * exists for spreadsheets (JSON is the format for programs), and the mark
 * changes no cell, so formula neutralisation is unaffected.
 */
#include <string.h>

#include "report/render.h"

static const char *const columns[] = {
    "specification", "requirement_id", "title", "severity", "scope", "check_kind",
    "provider_code", "provider_name", "verdict", "counts_as_failure", "measured", "measured_unit", "target",
    "original_target", "numerator", "denominator", "unknown", "excluded_rows",
    "periods_assessed", "periods_met", "gaps", "gap_minutes", "example_rows", "summary",
    "reason", "variation_reason", "waiver_approved_by", "waiver_until",
};

static void cell(sa_buf *b, bool *first, const char *s)
{
    if (!*first)
        sa_buf_putc(b, ',');
    *first = false;
    if (s)
        sa_buf_csv_cell(b, s, strlen(s));
}

static void cell_buf(sa_buf *b, bool *first, sa_buf *v)
{
    cell(b, first, sa_buf_cstr(v));
    sa_buf_clear(v);
}

/* U+FEFF, encoded: the mark spreadsheets take as "this file is UTF-8". */
#define UTF8_BOM "\xEF\xBB\xBF"

void sa_report_render_csv(const sa_result_set *rs, sa_buf *out)
{
    sa_buf_puts(out, UTF8_BOM);
    bool first = true;
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++)
        cell(out, &first, columns[i]);
    sa_buf_puts(out, "\r\n");

    sa_buf v = SA_BUF_INIT;
    for (size_t i = 0; i < rs->nresults; i++) {
        const sa_result *r = &rs->results[i];
        first = true;
        sa_buf_printf(&v, "%s %s", sa_rpt_str(rs->spec_id), sa_rpt_str(rs->spec_version));
        cell_buf(out, &first, &v);
        cell(out, &first, r->requirement_id);
        cell(out, &first, r->title);
        cell(out, &first, sa_req_severity_name(r->severity));
        cell(out, &first, r->scope == SA_SCOPE_SYSTEM ? "system" : "provider");
        cell(out, &first, r->check_kind);
        cell(out, &first, r->provider_code);
        cell(out, &first, r->provider_code ? r->provider_name : "System-wide");
        cell(out, &first, sa_verdict_name(r->verdict));
        cell(out, &first, sa_result_is_failure(r) ? "yes" : "no");
        if (r->has_measured)
            sa_rpt_number(&v, r->measured, "");
        cell_buf(out, &first, &v);
        cell(out, &first, r->has_measured ? r->measured_unit : NULL);
        sa_rpt_target_human(&v, r);
        cell_buf(out, &first, &v);
        cell(out, &first, r->original_target);
        size_t met = 0, assessed = 0;
        for (size_t p = 0; p < r->nperiods; p++) {
            if (r->periods[p].verdict == SA_VERDICT_MET)
                met++;
            if (r->periods[p].verdict == SA_VERDICT_MET || r->periods[p].verdict == SA_VERDICT_NOT_MET)
                assessed++;
        }
        sa_buf_printf(&v, "%lld", (long long)r->numerator);
        cell_buf(out, &first, &v);
        sa_buf_printf(&v, "%lld", (long long)r->denominator);
        cell_buf(out, &first, &v);
        sa_buf_printf(&v, "%lld", (long long)r->unknown);
        cell_buf(out, &first, &v);
        sa_buf_printf(&v, "%lld", (long long)r->excluded_rows);
        cell_buf(out, &first, &v);
        sa_buf_printf(&v, "%zu", assessed);
        cell_buf(out, &first, &v);
        sa_buf_printf(&v, "%zu", met);
        cell_buf(out, &first, &v);
        sa_buf_printf(&v, "%llu", (unsigned long long)(r->gaps_total > r->ngaps ? r->gaps_total : r->ngaps));
        cell_buf(out, &first, &v);
        sa_buf_printf(&v, "%lld", (long long)r->gap_minutes_total);
        cell_buf(out, &first, &v);
        sa_buf_printf(&v, "%llu",
                      (unsigned long long)(r->examples_total > r->nexamples ? r->examples_total : r->nexamples));
        cell_buf(out, &first, &v);
        cell(out, &first, r->summary);
        cell(out, &first, r->reason);
        cell(out, &first, r->variation_reason);
        cell(out, &first, r->waiver_approved_by);
        sa_rpt_date(&v, r->waiver_until);
        cell_buf(out, &first, &v);
        sa_buf_puts(out, "\r\n");
    }
    sa_buf_free(&v);
}
