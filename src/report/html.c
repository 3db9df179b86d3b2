/*
 * html.c — one self-contained HTML page for contract reviews: inline CSS and
 * SVG, no scripts, no external resources, laid out for A4 print and readable
 * on a phone (tables of periods wrap into one block per period).
 *
 * Sections: the headline (overall status and why, in the summary's words;
 * requirements falling short by severity; a card per provider); the
 * requirement x provider matrix (colour plus a text label in every cell, so
 * it reads in greyscale and to screen readers; the System-wide column first,
 * providers' shares in a neutral style); evidence per requirement with its
 * description and guidance, trend charts for per-period measures and
 * coverage timelines drawn from the complete day series (html_chart.c); the
 * table of verdict meanings; the provenance of every input.
 *
 * Every string that came from a specification, agreement or return goes
 * through sa_html_text. Element ids are built from indices, never from
 * provider-supplied text. Every count comes from the result set's summary.
 */
#include <stdlib.h>
#include <string.h>

#include "report/html.h"

void sa_html_text(sa_buf *b, const char *s)
{
    if (!s)
        return;
    sa_buf scratch = SA_BUF_INIT;
    s = sa_buf_without_bidi(s, &scratch);
    sa_buf_html_escape(b, s, strlen(s));
    sa_buf_free(&scratch);
}

static void h(sa_buf *b, const char *s)
{
    sa_html_text(b, s);
}

static void h_buf(sa_buf *out, sa_buf *tmp)
{
    h(out, sa_buf_cstr(tmp));
    sa_buf_clear(tmp);
}

/* "2007-10-28 01:00": the JSON's ISO form with a space, easier to read. */
static void html_datetime(sa_buf *b, sa_datetime dt)
{
    char tmp[20];
    sa_datetime_format(dt, tmp);
    char *t = strchr(tmp, 'T');
    if (t)
        *t = ' ';
    sa_buf_puts(b, tmp);
}

static const char *css =
    "*{box-sizing:border-box}"
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1d1d1f;"
    "margin:0 auto;max-width:1100px;padding:24px;line-height:1.45;font-size:15px;background:#fff}"
    "h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 12px;padding-bottom:4px;"
    "border-bottom:2px solid #005eb8;color:#003087}h3{font-size:17px;margin:20px 0 6px}"
    "h4{font-size:15px;margin:12px 0 6px}"
    ".subtitle{font-size:17px;margin:0 0 12px;color:#333}.intro{max-width:800px;margin:12px 0 6px}"
    ".contents{font-size:14px}"
    "dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0}"
    "dl.meta dt{font-weight:600}dl.meta dd{margin:0}"
    ".overall{font-size:17px;padding:10px 14px;border-radius:6px;margin:16px 0 8px;border-left:6px solid}"
    ".overall.fail{background:#f9dedc;border-color:#b3261e}.overall.pass{background:#d8f0df;border-color:#1b7a3d}"
    ".overall.unproven{background:#ece6f6;border-color:#6b58a8}.overall .accept{display:block;font-size:14px}"
    "table.severity{width:auto;min-width:50%}table.severity td.n{text-align:right}"
    ".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:12px}"
    ".card{border:1px solid #ccc;border-radius:6px;padding:10px 12px;break-inside:avoid}"
    ".card .name{font-weight:600}.card .code{color:#555;font-size:13px}"
    ".card .score{font-size:22px;font-weight:700;margin:4px 0}"
    ".card ul{list-style:none;padding:0;margin:6px 0 0;font-size:13px}"
    "table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:14px}"
    "th,td{border:1px solid #c8c8c8;padding:4px 6px;text-align:left;vertical-align:top;overflow-wrap:break-word}"
    "table.examples td,table.provenance td{overflow-wrap:anywhere}"
    "thead th{background:#f0f4f5}"
    ".matrix-wrap{overflow-x:auto}table.matrix{font-size:13px}table.matrix th.req{min-width:190px}"
    "table.matrix th.provider{font-size:12px;min-width:70px}table.matrix td.cell{text-align:center;min-width:70px}"
    "table.matrix td.cell a{color:inherit;text-decoration:none;font-weight:600;display:block}"
    "table.matrix td.cell small{display:block;font-weight:400}"
    ".v-met{background:#d8f0df;color:#0e5a2a}.v-not_met{background:#f9dedc;color:#8c1d18}"
    ".v-partially_met{background:#fdebc8;color:#6b4500}.v-not_assessable{background:#e8e2f4;color:#46386e}"
    ".v-excluded{background:#ececec;color:#444}.v-waived{background:#dbeef8;color:#0b4a6b}"
    ".v-error{background:#7a1010;color:#fff}.v-not_in_force{background:#eef1f4;color:#4a5866}.v-none{background:#fff;color:#888}"
    ".v-share{background:#f6f7f9;color:#44546a}table.matrix td.cell.v-share a{font-weight:400}"
    "table.matrix th.system,table.matrix td.system{border-left:2px solid #005eb8;border-right:2px solid #005eb8}"
    ".badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:13px;font-weight:600;"
    "border:1px solid rgba(0,0,0,.15)}"
    ".result{border:1px solid #ddd;border-left:6px solid #999;border-radius:4px;padding:8px 12px;margin:10px 0;"
    "break-inside:avoid}"
    ".result.b-met{border-left-color:#1b7a3d}.result.b-not_met{border-left-color:#b3261e}"
    ".result.b-partially_met{border-left-color:#c98a00}.result.b-not_assessable{border-left-color:#6b58a8}"
    ".result.b-excluded{border-left-color:#888}.result.b-waived{border-left-color:#0b74a8}"
    ".result.b-error{border-left-color:#7a1010}.result.b-not_in_force{border-left-color:#b0bec5}"
    ".result.b-share{border-left-color:#c5ccd6;background:#fafbfc;margin-left:24px}"
    ".shares-head{margin:14px 0 0 24px;font-size:14px;color:#44546a}"
    ".result.b-share h4{margin:4px 0}.result.b-share p{margin:4px 0}details summary{cursor:pointer;color:#005eb8;font-size:14px}"
    ".facts{margin:4px 0;font-size:14px}.facts span{margin-right:14px;white-space:nowrap}"
    ".note{color:#444;font-size:13px}.req-text{max-width:800px;margin:4px 0}"
    "svg{max-width:100%;height:auto;display:block;margin:6px 0}"
    "svg text{font-family:inherit;font-size:11px;fill:#333}"
    ".legend{font-size:13px;margin:4px 0}.legend .badge{margin-right:6px}"
    ".swatch{display:inline-block;width:12px;height:12px;vertical-align:-1px;margin:0 4px 0 0}"
    ".timeline-legend{margin-top:0}"
    "table.provenance td.hash{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;word-break:break-all}"
    "footer{margin-top:32px;font-size:12px;color:#555;border-top:1px solid #ccc;padding-top:8px}"
    "@media (max-width:640px){body{padding:12px;font-size:14px}.cards{grid-template-columns:1fr}"
    ".facts span{white-space:normal;display:inline-block}"
    "table.periods thead,table.gaps thead,table.provenance thead{display:none}"
    "table.periods tr,table.gaps tr,table.provenance tr{display:block;border:1px solid #c8c8c8;margin:0 0 6px;"
    "padding:4px 0}"
    "table.periods td,table.gaps td,table.provenance td,table.provenance th{display:block;border:none;padding:2px 6px}"
    "table.periods td,table.gaps td{display:inline-block}"
    "table.periods td:empty,table.gaps td:empty{display:none}"
    "table.periods td::before,table.gaps td::before,table.provenance td::before{content:attr(data-label) \": \";"
    "font-weight:600}"
    ".result.b-share,.shares-head{margin-left:8px}}"
    "@page{size:A4;margin:14mm 12mm}"
    "@media print{body{max-width:none;padding:0;font-size:10pt}h2{break-after:avoid}h3,h4{break-after:avoid}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "a{color:inherit;text-decoration:none}.contents{display:none}table{font-size:9pt}thead{display:table-header-group}"
    "tr,.card,.result{break-inside:avoid}#evidence{break-before:page}.matrix-wrap{overflow:visible}"
    "table.matrix{table-layout:fixed;font-size:7pt}table.matrix th.req{min-width:0;width:22%}"
    "table.matrix th.sev{width:8%}table.matrix th.provider{min-width:0;font-size:7pt}"
    "table.matrix td.cell{min-width:0}table.matrix th,table.matrix td{padding:2px 3px;overflow-wrap:break-word;hyphens:auto}"
    ".cards{grid-template-columns:repeat(4,1fr);gap:6px}.card{padding:6px 8px}.card .score{font-size:13pt}"
    ".card ul{font-size:8pt}.card svg{width:100%}}";

const char *sa_html_verdict_fill(sa_verdict v)
{
    switch (v) {
    case SA_VERDICT_MET: return "#2e8b57";
    case SA_VERDICT_NOT_MET: return "#c62828";
    case SA_VERDICT_PARTIALLY_MET: return "#e0a100";
    case SA_VERDICT_NOT_ASSESSABLE: return "#7e6bb8";
    case SA_VERDICT_EXCLUDED: return "#9e9e9e";
    case SA_VERDICT_WAIVED: return "#1e88c7";
    case SA_VERDICT_NOT_IN_FORCE: return "#b0bec5";
    default: return "#7a1010";
    }
}

static void badge(sa_buf *b, sa_verdict v)
{
    sa_buf_printf(b, "<span class=\"badge v-%s\">%s</span>", sa_verdict_name(v), sa_verdict_label(v));
}

/* A result's badge: its verdict, or a neutral "Share". */
static void result_badge(sa_buf *b, const sa_result *r)
{
    sa_buf_printf(b, "<span class=\"badge v-%s\">%s</span>", sa_rpt_verdict_name(r), sa_rpt_verdict_label(r));
}

/* ---- headline ------------------------------------------------------------ */

static void stacked_bar(sa_buf *b, const uint64_t counts[SA_VERDICT_COUNT], uint64_t total)
{
    const double width = 220, height = 14;
    sa_buf_printf(b, "<svg viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" "
                     "aria-label=\"verdicts\">",
                  width, height, width, height);
    double x = 0;
    for (int v = 0; v < SA_VERDICT_COUNT && total; v++) {
        if (!counts[v])
            continue;
        double w = width * (double)counts[v] / (double)total;
        sa_buf_printf(b, "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%.0f\" fill=\"%s\">"
                         "<title>%s: %llu</title></rect>",
                      x, w, height, sa_html_verdict_fill((sa_verdict)v), sa_verdict_label((sa_verdict)v),
                      (unsigned long long)counts[v]);
        x += w;
    }
    sa_buf_puts(b, "</svg>");
}

/* The overall status and why: the summary's headline, its status in bold. */
static void write_status(sa_buf *out, const sa_result_set *rs)
{
    const sa_summary *s = &rs->summary;
    const char *cls = s->status == SA_STATUS_COMPLIANT ? "pass" : s->status == SA_STATUS_NOT_COMPLIANT ? "fail" : "unproven";
    const char *label = sa_status_label(s->status);
    const char *text = sa_rpt_str(s->headline);
    size_t n = strlen(label);
    sa_buf_printf(out, "<p class=\"overall %s\" data-status=\"%s\"><strong>%s.</strong>", cls,
                  sa_status_name(s->status), label);
    h(out, strncmp(text, label, n) == 0 && text[n] == ':' ? text + n + 1 : text);
    if (s->status == SA_STATUS_NOT_DEMONSTRATED && s->passes)
        sa_buf_puts(out, "<span class=\"accept\">Accepted for a staged roll-out (--accept-not-assessable): "
                         "requirements without usable evidence do not fail the run.</span>");
    sa_buf_puts(out, "</p>\n");
}

static void write_severity_table(sa_buf *out, const sa_result_set *rs)
{
    const sa_summary *s = &rs->summary;
    sa_buf_puts(out, "<table class=\"severity\"><thead><tr><th scope=\"col\">Severity</th>"
                     "<th scope=\"col\">Requirements</th><th scope=\"col\">Falling short</th>"
                     "<th scope=\"col\">Without usable evidence</th></tr></thead><tbody>\n");
    for (int k = 0; k < 3; k++)
        sa_buf_printf(out, "<tr data-severity=\"%s\"><th scope=\"row\">%s</th><td class=\"n\">%llu</td>"
                           "<td class=\"n\">%llu</td><td class=\"n\">%llu</td></tr>\n",
                      sa_req_severity_name((sa_req_severity)k), sa_req_severity_name((sa_req_severity)k),
                      (unsigned long long)s->by_severity[k].requirements,
                      (unsigned long long)s->by_severity[k].falling_short,
                      (unsigned long long)s->by_severity[k].not_demonstrated);
    sa_buf_printf(out, "</tbody></table>\n<p class=\"note summary-counts\">");
    sa_buf counts = SA_BUF_INIT;
    sa_rpt_summary_counts(&counts, rs);
    h_buf(out, &counts);
    sa_buf_free(&counts);
    sa_buf_puts(out, ". A requirement falls short when a verdict on it is not met or partially met; it has "
                     "no usable evidence when a verdict is not assessable or could not be checked.</p>\n");
}

static void write_card(sa_buf *out, const sa_result_set *rs, const sa_rpt_group *g)
{
    /* A provider's share of a system-wide requirement is not judged on its
     * own, so the card counts only the provider's own verdicts. */
    uint64_t counts[SA_VERDICT_COUNT] = {0};
    uint64_t judged = 0, shares = 0;
    for (size_t k = 0; k < g->n; k++) {
        const sa_result *r = &rs->results[g->idx[k]];
        if (sa_rpt_is_share(r)) {
            shares++;
            continue;
        }
        judged++;
        if ((unsigned)r->verdict < SA_VERDICT_COUNT)
            counts[r->verdict]++;
    }
    uint64_t applicable = judged - counts[SA_VERDICT_EXCLUDED] - counts[SA_VERDICT_NOT_IN_FORCE];
    sa_buf_puts(out, "<div class=\"card\">\n<div class=\"name\">");
    if (g->code) {
        h(out, g->name ? g->name : g->code);
        sa_buf_puts(out, "</div><div class=\"code\">");
        h(out, g->code);
    } else if (g->commissioner) {
        sa_buf_puts(out, "Commissioner</div><div class=\"code\">");
        h(out, g->name ? g->name : "its own duties");
    } else {
        sa_buf_puts(out, "System-wide</div><div class=\"code\">all providers together");
    }
    sa_buf_printf(out, "</div>\n<div class=\"score\">%llu of %llu met</div>\n",
                  (unsigned long long)counts[SA_VERDICT_MET], (unsigned long long)applicable);
    stacked_bar(out, counts, judged);
    sa_buf_puts(out, "\n<ul>");
    for (int v = 0; v < SA_VERDICT_COUNT; v++) {
        if (!counts[v])
            continue;
        sa_buf_puts(out, "<li>");
        badge(out, (sa_verdict)v);
        sa_buf_printf(out, " %llu</li>", (unsigned long long)counts[v]);
    }
    if (shares)
        sa_buf_printf(out, "<li>and %llu share%s of system-wide requirements (not counted)</li>",
                      (unsigned long long)shares, shares == 1 ? "" : "s");
    sa_buf_puts(out, "</ul>\n</div>\n");
}

static void write_headline(sa_buf *out, const sa_result_set *rs, const sa_rpt_group *groups, size_t ng)
{
    sa_buf_puts(out, "<section id=\"headline\">\n<h2>Headline</h2>\n");
    write_status(out, rs);
    write_severity_table(out, rs);
    sa_buf_puts(out, "<h3>By provider</h3>\n<div class=\"cards\">\n");
    for (size_t g = 0; g < ng; g++)
        write_card(out, rs, &groups[g]);
    sa_buf_puts(out, "</div>\n</section>\n");
}

/* ---- matrix -------------------------------------------------------------- */

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void matrix_head(sa_buf *out, const sa_rpt_group *groups, size_t ng)
{
    sa_buf_puts(out, "<div class=\"matrix-wrap\"><table class=\"matrix\">\n<thead><tr><th class=\"req\" "
                     "scope=\"col\">Requirement</th><th scope=\"col\" class=\"sev\">Severity</th>");
    for (size_t g = 0; g < ng; g++) {
        if (groups[g].code) {
            sa_buf_puts(out, "<th scope=\"col\" class=\"provider\">");
            h(out, groups[g].name ? groups[g].name : groups[g].code);
            sa_buf_puts(out, "<br><small>");
            h(out, groups[g].code);
            sa_buf_puts(out, "</small>");
        } else if (groups[g].commissioner) {
            sa_buf_puts(out, "<th scope=\"col\" class=\"provider\">Commissioner");
            if (groups[g].name) {
                sa_buf_puts(out, "<br><small>");
                h(out, groups[g].name);
                sa_buf_puts(out, "</small>");
            }
        } else {
            sa_buf_puts(out, "<th scope=\"col\" class=\"provider system\">System-wide");
        }
        sa_buf_puts(out, "</th>");
    }
    sa_buf_puts(out, "</tr></thead>\n<tbody>\n");
}

static void matrix_cell(sa_buf *out, const sa_result_set *rs, const sa_rpt_group *g, const sa_result *first,
                        sa_buf *tmp)
{
    size_t found = SIZE_MAX;
    for (size_t j = 0; j < g->n && found == SIZE_MAX; j++)
        if (same(rs->results[g->idx[j]].requirement_id, first->requirement_id))
            found = g->idx[j];
    const char *system = g->code || g->commissioner ? "" : " system";
    if (found == SIZE_MAX) {
        sa_buf_printf(out, "<td class=\"cell v-none%s\" title=\"not assessed\">&#8212;</td>", system);
        return;
    }
    const sa_result *r = &rs->results[found];
    bool share = sa_rpt_is_share(r);
    sa_buf_printf(out, "<td class=\"cell v-%s%s\"%s><a href=\"#res-%zu\">%s", sa_rpt_verdict_name(r), system,
                  share ? " title=\"this provider's share: not a verdict; the System-wide column is judged\"" : "",
                  found, share && !r->share_counted ? "Share, not counted" : sa_rpt_verdict_label(r));
    if (sa_rpt_measured_result(tmp, r)) {
        sa_buf_puts(out, "<small>");
        h_buf(out, tmp);
        sa_buf_puts(out, "</small>");
    }
    sa_buf_puts(out, "</a></td>");
}

static void write_matrix(sa_buf *out, const sa_result_set *rs, const sa_rpt_group *groups, size_t ng,
                         const size_t *reqs, size_t nreq)
{
    sa_buf tmp = SA_BUF_INIT;
    bool shares = rs->summary.shares > 0;
    sa_buf_puts(out, "<section id=\"matrix\">\n<h2>Requirements by provider</h2>\n"
                     "<p class=\"note\">Each cell gives the verdict for one requirement and one provider, with "
                     "the measured value. Select a cell for its evidence. &#8212; means the requirement was not "
                     "assessed for that provider.");
    if (shares)
        sa_buf_puts(out, " A requirement judged across all providers together has its verdict in the System-wide "
                         "column; the grey Share cells beside it are each provider's contribution, not verdicts.");
    sa_buf_puts(out, "</p>\n");
    matrix_head(out, groups, ng);
    for (size_t k = 0; k < nreq; k++) {
        const sa_result *first = &rs->results[reqs[k]];
        sa_buf_printf(out, "<tr><th scope=\"row\" class=\"req\"><a href=\"#req-%zu\">", k);
        h(out, first->requirement_id);
        sa_buf_puts(out, "</a> ");
        h(out, first->title);
        sa_buf_printf(out, "</th><td>%s</td>", sa_req_severity_name(first->severity));
        for (size_t g = 0; g < ng; g++)
            matrix_cell(out, rs, &groups[g], first, &tmp);
        sa_buf_puts(out, "</tr>\n");
    }
    sa_buf_puts(out, "</tbody>\n</table></div>\n<p class=\"legend\">");
    for (int v = 0; v < SA_VERDICT_COUNT; v++)
        badge(out, (sa_verdict)v);
    sa_buf_puts(out, shares ? "<span class=\"badge v-share\">Share</span></p>\n</section>\n" : "</p>\n</section>\n");
    sa_buf_free(&tmp);
}

/* ---- evidence ------------------------------------------------------------ */

static void write_facts(sa_buf *out, const sa_result *r, sa_buf *tmp)
{
    bool share = sa_rpt_is_share(r);
    sa_buf_puts(out, "<p class=\"facts\">");
    if (sa_rpt_measured_result(tmp, r)) {
        sa_buf_puts(out, share ? "<span><strong>Contribution</strong> " : "<span><strong>Measured</strong> ");
        h_buf(out, tmp);
        sa_buf_puts(out, "</span>");
    }
    if (!share && sa_rpt_target_human(tmp, r)) {
        sa_buf_puts(out, "<span><strong>Target</strong> ");
        h_buf(out, tmp);
        sa_buf_puts(out, "</span>");
    }
    if (r->denominator)
        sa_buf_printf(out, "<span><strong>%s</strong> %lld of %lld</span>", sa_rpt_counts_label(r),
                      (long long)r->numerator, (long long)r->denominator);
    if (r->unknown)
        sa_buf_printf(out, "<span><strong>Could not be evaluated</strong> %lld</span>", (long long)r->unknown);
    if (r->excluded_rows)
        sa_buf_printf(out, "<span><strong>Excluded with a reason</strong> %lld</span>", (long long)r->excluded_rows);
    if (!share && (r->gaps_total || r->ngaps)) {
        char dur[32];
        sa_duration_format(r->gap_minutes_total * 60, dur);
        sa_buf_printf(out, "<span><strong>Gaps</strong> %llu, %s uncovered</span>",
                      (unsigned long long)(r->gaps_total > r->ngaps ? r->gaps_total : r->ngaps), dur);
    }
    sa_buf_puts(out, "</p>\n");
}

static void para(sa_buf *out, const char *head, const char *text)
{
    if (!text)
        return;
    sa_buf_printf(out, "<p><strong>%s</strong> ", head);
    h(out, text);
    sa_buf_puts(out, "</p>\n");
}

static void write_plan(sa_buf *out, const sa_result *r)
{
    if (!sa_rpt_is_share(r))
        para(out,
             r->verdict == SA_VERDICT_WAIVED     ? "Waiver:"
             : r->verdict == SA_VERDICT_EXCLUDED ? "Excluded by agreement:"
                                                 : "Reason:",
             r->reason);
    if (r->waiver_approved_by || r->waiver_until != SA_DATE_NONE) {
        sa_buf_puts(out, "<p><strong>Waived</strong>");
        if (r->waiver_approved_by) {
            sa_buf_puts(out, " by ");
            h(out, r->waiver_approved_by);
        }
        if (r->waiver_until != SA_DATE_NONE) {
            sa_buf_puts(out, " until ");
            sa_rpt_date(out, r->waiver_until);
        }
        sa_buf_puts(out, "</p>\n");
    }
    para(out, "Waiver not applied:", r->waiver_note);
    para(out, "Activity plan:", r->activity.text);
    para(out, "Baseline:", r->baseline.text);
    if (!sa_rpt_is_share(r) && (r->original_target || r->variation_reason)) {
        sa_buf_puts(out, "<p><strong>Target varied</strong>");
        if (r->original_target) {
            sa_buf_puts(out, " from ");
            h(out, r->original_target);
        }
        if (r->variation_reason) {
            sa_buf_puts(out, ": ");
            h(out, r->variation_reason);
        }
        sa_buf_puts(out, "</p>\n");
    }
}

/* One row per period; a share's periods have no verdict column. Cells carry
 * their column's name (data-label) so a phone shows each period as a block. */
static void write_period_table(sa_buf *out, const sa_result *r, sa_buf *tmp)
{
    if (!r->nperiods)
        return;
    bool share = sa_rpt_is_share(r);
    sa_buf_printf(out, "<table class=\"periods\"><thead><tr><th>Period</th>%s<th>Measured</th><th>Counted</th>"
                       "<th>Unknown</th><th>Note</th></tr></thead><tbody>\n",
                  share ? "" : "<th>Verdict</th>");
    for (size_t k = 0; k < r->nperiods; k++) {
        const sa_period_result *p = &r->periods[k];
        sa_buf_puts(out, "<tr><td data-label=\"Period\">");
        sa_rpt_date(out, p->from);
        sa_buf_puts(out, " to ");
        sa_rpt_date(out, p->to);
        if (!share) {
            sa_buf_puts(out, "</td><td data-label=\"Verdict\">");
            badge(out, p->verdict);
        }
        sa_buf_puts(out, "</td><td data-label=\"Measured\">");
        if (sa_rpt_measured_human(tmp, r, p->has_measured, p->measured))
            h_buf(out, tmp);
        sa_buf_puts(out, "</td><td data-label=\"Counted\">");
        if (p->denominator)
            sa_buf_printf(out, "%lld/%lld", (long long)p->numerator, (long long)p->denominator);
        sa_buf_printf(out, "</td><td data-label=\"Unknown\">%lld</td><td data-label=\"Note\">", (long long)p->unknown);
        h(out, p->note);
        sa_buf_puts(out, "</td></tr>\n");
    }
    sa_buf_puts(out, "</tbody></table>\n");
}

static void write_gap_table(sa_buf *out, const sa_result *r)
{
    if (!r->ngaps || sa_rpt_is_share(r))
        return;
    sa_buf_puts(out, "<table class=\"gaps\"><thead><tr><th>Gap from</th><th>to</th><th>Uncovered</th></tr>"
                     "</thead><tbody>\n");
    for (size_t k = 0; k < r->ngaps; k++) {
        char dur[32];
        sa_duration_format(r->gaps[k].minutes * 60, dur);
        sa_buf_puts(out, "<tr><td data-label=\"Gap from\">");
        html_datetime(out, r->gaps[k].start);
        sa_buf_puts(out, "</td><td data-label=\"to\">");
        html_datetime(out, r->gaps[k].end);
        sa_buf_printf(out, "</td><td data-label=\"Uncovered\">%s</td></tr>\n", dur);
    }
    sa_buf_puts(out, "</tbody></table>\n");
    if (r->gaps_total > r->ngaps)
        sa_buf_printf(out, "<p class=\"note\">The %zu longest of %llu gaps are listed; the timeline above draws "
                           "them all.</p>\n",
                      r->ngaps, (unsigned long long)r->gaps_total);
}

static void write_examples(sa_buf *out, const sa_result *r)
{
    if (!r->nexamples)
        return;
    bool any_file = false;
    for (size_t k = 0; k < r->nexamples; k++)
        any_file = any_file || (r->examples[k].file && *r->examples[k].file);
    sa_buf_puts(out, any_file ? "<table class=\"examples\"><thead><tr><th>Return row</th><th>Why it counts "
                                "against</th></tr></thead><tbody>\n"
                              : "<table class=\"examples\"><thead><tr><th>Why it counts against</th></tr>"
                                "</thead><tbody>\n");
    for (size_t k = 0; k < r->nexamples; k++) {
        const sa_example *e = &r->examples[k];
        sa_buf_puts(out, "<tr><td>");
        if (any_file) {
            h(out, e->file);
            if (e->row && e->file && *e->file)
                sa_buf_printf(out, ":%llu", (unsigned long long)e->row);
            sa_buf_puts(out, "</td><td>");
        }
        h(out, e->message);
        sa_buf_puts(out, "</td></tr>\n");
    }
    sa_buf_puts(out, "</tbody></table>\n");
    if (r->examples_total > r->nexamples)
        sa_buf_printf(out, "<p class=\"note\">%zu of %llu rows shown.</p>\n", r->nexamples,
                      (unsigned long long)r->examples_total);
}

static void write_metrics(sa_buf *out, const sa_result *r, sa_buf *tmp)
{
    if (!r->nmetrics)
        return;
    sa_buf_puts(out, "<table class=\"metrics\"><tbody>\n");
    for (size_t k = 0; k < r->nmetrics; k++) {
        const sa_metric *m = &r->metrics[k];
        sa_buf_puts(out, "<tr><th>");
        h(out, m->label ? m->label : m->name);
        sa_buf_puts(out, "</th><td>");
        sa_rpt_value_unit(tmp, m->value, m->unit);
        h_buf(out, tmp);
        sa_buf_puts(out, "</td></tr>\n");
    }
    sa_buf_puts(out, "</tbody></table>\n");
}

static void write_result(sa_buf *out, const sa_result_set *rs, const sa_result *r, size_t i)
{
    sa_buf tmp = SA_BUF_INIT;
    sa_buf_printf(out, "<div class=\"result b-%s\" id=\"res-%zu\">\n<h4>", sa_rpt_verdict_name(r), i);
    sa_rpt_provider_label(&tmp, r);
    h_buf(out, &tmp);
    sa_buf_puts(out, " ");
    result_badge(out, r);
    sa_buf_puts(out, "</h4>\n");
    if (r->summary) {
        sa_buf_puts(out, "<p>");
        h(out, r->summary);
        sa_buf_puts(out, "</p>\n");
    }
    write_facts(out, r, &tmp);
    write_plan(out, r);
    /* A share's detail is there to look into, not to read first: folded. */
    bool fold = sa_rpt_is_share(r) && (r->nperiods || r->ndays || r->nexamples || r->nmetrics);
    if (fold)
        sa_buf_puts(out, "<details><summary>This provider's periods, timeline and rows</summary>\n");
    sa_html_trend_chart(out, r, i);
    write_period_table(out, r, &tmp);
    sa_html_coverage_timeline(out, rs, r, i);
    write_gap_table(out, r);
    write_examples(out, r);
    write_metrics(out, r, &tmp);
    if (fold)
        sa_buf_puts(out, "</details>\n");
    sa_buf_puts(out, "</div>\n");
    sa_buf_free(&tmp);
}

/* A requirement's heading with what it asks and where that comes from. */
static void write_requirement_head(sa_buf *out, const sa_result *first, size_t k)
{
    sa_buf_printf(out, "<article id=\"req-%zu\">\n<h3>", k);
    h(out, first->requirement_id);
    sa_buf_puts(out, " &#8212; ");
    h(out, first->title);
    sa_buf_printf(out, "</h3>\n<p class=\"note\">Severity %s &#183; check ", sa_req_severity_name(first->severity));
    h(out, first->check_kind);
    sa_buf_printf(out, " &#183; %s</p>\n",
                  first->commissioner               ? "the commissioner's own duty"
                  : first->scope == SA_SCOPE_SYSTEM ? "judged across all providers together"
                                                    : "judged for each provider");
    if (first->description) {
        sa_buf_puts(out, "<p class=\"req-text description\">");
        h(out, first->description);
        sa_buf_puts(out, "</p>\n");
    }
    if (first->guidance) {
        sa_buf_puts(out, "<p class=\"req-text guidance\"><strong>Guidance:</strong> ");
        h(out, first->guidance);
        sa_buf_puts(out, "</p>\n");
    }
}

static void write_evidence(sa_buf *out, const sa_result_set *rs, const size_t *reqs, size_t nreq)
{
    sa_buf_puts(out, "<section id=\"evidence\">\n<h2>Evidence by requirement</h2>\n");
    for (size_t k = 0; k < nreq; k++) {
        const sa_result *first = &rs->results[reqs[k]];
        write_requirement_head(out, first, k);
        bool shares_open = false;
        for (size_t i = 0; i < rs->nresults; i++) {
            const sa_result *r = &rs->results[i];
            if (!same(r->requirement_id, first->requirement_id))
                continue;
            if (sa_rpt_is_share(r) && !shares_open) {
                sa_buf_puts(out, "<p class=\"shares-head\">Each provider's share of the system-wide verdict "
                                 "above: a contribution, not a verdict, and not counted.</p>\n");
                shares_open = true;
            }
            write_result(out, rs, r, i);
        }
        sa_buf_puts(out, "</article>\n");
    }
    sa_buf_puts(out, "</section>\n");
}

static void write_verdict_table(sa_buf *out)
{
    sa_buf_puts(out, "<section id=\"verdicts\">\n<h2>What the verdicts mean</h2>\n<table class=\"verdicts\">"
                     "<thead><tr><th>Verdict</th><th>Meaning</th></tr></thead><tbody>\n");
    for (int v = 0; v < SA_VERDICT_COUNT; v++) {
        sa_buf_puts(out, "<tr><td>");
        badge(out, (sa_verdict)v);
        sa_buf_puts(out, "</td><td>");
        h(out, sa_verdict_meaning((sa_verdict)v));
        sa_buf_puts(out, "</td></tr>\n");
    }
    sa_buf_puts(out, "</tbody></table>\n<p class=\"note\">The result is <strong>compliant</strong> when every "
                     "verdict at or above the severity that decides it is met, waived, excluded by agreement or not "
                     "in force (a requirement not yet in force, or an attestation not yet due, is never met and "
                     "never failed); "
                     "<strong>not compliant</strong> when one is not met or partially met; and <strong>compliance "
                     "not demonstrated</strong> when none falls short but one has no usable evidence (not "
                     "assessable, or could not be checked): no evidence is never read as compliance. A "
                     "<strong>share</strong> is one provider's contribution to a requirement judged across all "
                     "providers together: it is not a verdict and is not counted.</p>\n</section>\n");
}

static void provenance_row(sa_buf *out, const char *what, const char *file, const char *identity, const char *sha)
{
    sa_buf_printf(out, "<tr><th scope=\"row\">%s</th><td data-label=\"File\">", what);
    h(out, file);
    sa_buf_puts(out, "</td><td data-label=\"Identity\">");
    h(out, identity);
    sa_buf_puts(out, "</td><td class=\"hash\" data-label=\"SHA-256\">");
    h(out, sha ? sha : "not computed");
    sa_buf_puts(out, "</td></tr>\n");
}

/* What the verdicts rest on: every input by path, identity and checksum. */
static void write_provenance(sa_buf *out, const sa_result_set *rs)
{
    sa_buf id = SA_BUF_INIT;
    sa_buf_puts(out, "<section id=\"provenance\">\n<h2>What this report rests on</h2>\n<table class=\"provenance\">"
                     "<thead><tr><th>Input</th><th>File</th><th>Identity</th><th>SHA-256</th></tr></thead><tbody>\n");
    sa_buf_printf(&id, "%s version %s", sa_rpt_str(rs->spec_id), sa_rpt_str(rs->spec_version));
    provenance_row(out, "Specification", rs->spec_path, sa_buf_cstr(&id), rs->spec_sha256);
    for (size_t i = 0; i < rs->nagreements; i++) {
        const sa_agreement_ref *a = &rs->agreements[i];
        sa_buf_clear(&id);
        sa_buf_printf(&id, "%s version %s (%s)", sa_rpt_str(a->id), sa_rpt_str(a->version), sa_rpt_str(a->provider_code));
        provenance_row(out, "Agreement", a->path, sa_buf_cstr(&id), a->sha256);
    }
    for (size_t i = 0; i < rs->ninputs; i++) {
        sa_buf_clear(&id);
        sa_buf_printf(&id, "%s, %llu rows", sa_rpt_str(rs->inputs[i].dataset), (unsigned long long)rs->inputs[i].rows);
        provenance_row(out, "Return", rs->inputs[i].path, sa_buf_cstr(&id), rs->inputs[i].sha256);
    }
    sa_buf_clear(&id);
    sa_rpt_assessed(&id, rs);
    sa_buf_puts(out, "</tbody></table>\n<p class=\"note\">");
    h_buf(out, &id);
    sa_buf_free(&id);
    sa_buf_puts(out, ". Check a file with <code>sha256sum FILE</code>.</p>\n</section>\n");
}

static void write_meta(sa_buf *out, const sa_result_set *rs, size_t nproviders, size_t nreq)
{
    sa_buf_puts(out, "<dl class=\"meta\">\n");
    if (rs->commissioner_name || rs->commissioner_code) {
        sa_buf_puts(out, "<dt>Commissioner</dt><dd>");
        h(out, rs->commissioner_name ? rs->commissioner_name : rs->commissioner_code);
        if (rs->commissioner_name && rs->commissioner_code) {
            sa_buf_puts(out, " (");
            h(out, rs->commissioner_code);
            sa_buf_putc(out, ')');
        }
        sa_buf_puts(out, "</dd>\n");
    }
    if (rs->period_from != SA_DATE_NONE) {
        sa_buf_puts(out, "<dt>Period</dt><dd>");
        sa_rpt_date(out, rs->period_from);
        sa_buf_puts(out, " to ");
        sa_rpt_date(out, rs->period_to);
        sa_buf_puts(out, "</dd>\n");
    }
    uint64_t rows = 0, bad = 0;
    for (size_t i = 0; i < rs->ninputs; i++) {
        rows += rs->inputs[i].rows;
        bad += rs->inputs[i].bad_rows;
    }
    sa_buf_printf(out, "<dt>Returns</dt><dd>%zu file%s, %llu rows (%llu with data-quality errors)</dd>\n",
                  rs->ninputs, rs->ninputs == 1 ? "" : "s", (unsigned long long)rows, (unsigned long long)bad);
    sa_buf_printf(out, "<dt>Agreements</dt><dd>%zu</dd>\n", rs->nagreements);
    sa_buf_printf(out, "<dt>Providers</dt><dd>%zu</dd>\n", nproviders);
    sa_buf_printf(out, "<dt>Requirements</dt><dd>%zu</dd>\n</dl>\n", nreq);
}

static void write_header(sa_buf *out, const sa_result_set *rs, size_t nproviders, size_t nreq)
{
    sa_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                     "style-src 'unsafe-inline'; img-src data:\">\n<title>Compliance report: ");
    h(out, rs->spec_title ? rs->spec_title : rs->spec_id);
    sa_buf_printf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n<h1>Compliance report</h1>\n"
                       "<p class=\"subtitle\">",
                  css);
    h(out, rs->spec_title);
    if (rs->spec_id) {
        sa_buf_puts(out, " <small>(");
        h(out, rs->spec_id);
        if (rs->spec_version) {
            sa_buf_puts(out, " version ");
            h(out, rs->spec_version);
        }
        sa_buf_puts(out, ")</small>");
    }
    sa_buf_puts(out, "</p>\n");
    write_meta(out, rs, nproviders, nreq);
    sa_buf_puts(out, "<p class=\"intro\">This report compares each provider's activity returns with "
                     "the service specification and, where one applies, the provider's heads of agreement "
                     "(exclusions, varied targets, waivers). Every requirement gets one verdict per provider, or "
                     "one system-wide verdict when it is judged across all providers together");
    bool duties = false; /* said only where the report has the commissioner's own duties */
    for (size_t i = 0; i < rs->nresults && !duties; i++)
        duties = rs->results[i].commissioner;
    if (duties)
        sa_buf_puts(out, ", or, for the commissioner's own duties, one verdict for the commissioner");
    sa_buf_puts(out, "; the evidence "
                     "behind each verdict follows the matrix, and the inputs it rests on, with their checksums, "
                     "close the report.</p>\n"
                     "<nav class=\"contents\"><a href=\"#headline\">Headline</a> &#183; "
                     "<a href=\"#matrix\">Requirements by provider</a> &#183; <a href=\"#evidence\">Evidence</a> "
                     "&#183; <a href=\"#verdicts\">What the verdicts mean</a> &#183; "
                     "<a href=\"#provenance\">What this report rests on</a></nav>\n</header>\n");
}

static void write_footer(sa_buf *out, const sa_result_set *rs)
{
    sa_buf_puts(out, "<footer>\n<p>Generated by specaudit");
    if (rs->tool_version) {
        sa_buf_putc(out, ' ');
        h(out, rs->tool_version);
    }
    sa_buf_puts(out, rs->show_identifiers
                         ? ". Patient identifiers are shown in this report (--show-identifiers): handle it as "
                           "patient-identifiable information.</p>\n"
                         : ". No patient identifier appears in this report.</p>\n");
    if (rs->data_errors || rs->data_warnings)
        sa_buf_printf(out, "<p>Data quality: %llu errors and %llu warnings were found in the returns; run "
                           "<code>specaudit validate</code> for the details.</p>\n",
                      (unsigned long long)rs->data_errors, (unsigned long long)rs->data_warnings);
    sa_buf_puts(out, "</footer>\n</body>\n</html>\n");
}

void sa_report_render_html(const sa_result_set *rs, sa_buf *out)
{
    sa_rpt_group *groups = NULL;
    size_t ng = sa_rpt_groups(rs, &groups);
    size_t *reqs = NULL;
    size_t nreq = sa_rpt_requirements(rs, &reqs);
    size_t nproviders = 0; /* the groups but the system-wide rows and the commissioner's own */
    for (size_t g = 0; g < ng; g++)
        nproviders += groups[g].code != NULL;
    write_header(out, rs, nproviders, nreq);
    write_headline(out, rs, groups, ng);
    write_matrix(out, rs, groups, ng, reqs, nreq);
    write_evidence(out, rs, reqs, nreq);
    write_verdict_table(out);
    write_provenance(out, rs);
    write_footer(out, rs);
    free(reqs);
    sa_rpt_groups_free(groups, ng);
}
