/*
 * html.c — one self-contained HTML page for contract reviews: inline CSS and
 * SVG, no scripts, no external resources, laid out for A4 print.
 *
 * Sections: headline compliance by provider; the requirement x provider
 * matrix (colour plus a text label in every cell, so it reads in greyscale
 * and to screen readers); evidence per requirement with monthly trend charts
 * for percentage KPIs (target drawn as a dashed line) and gap timelines for
 * rota coverage checks; the table of verdict meanings.
 *
 * Every string that came from a specification, agreement or return goes
 * through sa_buf_html_escape. Element ids are built from indices, never from
 * provider-supplied text.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/render.h"

static void h(sa_buf *b, const char *s)
{
    if (!s)
        return;
    sa_buf scratch = SA_BUF_INIT;
    s = sa_rpt_without_bidi(s, &scratch);
    sa_buf_html_escape(b, s, strlen(s));
    sa_buf_free(&scratch);
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
    ".overall{font-size:17px;padding:10px 14px;border-radius:6px;margin:16px 0;border-left:6px solid}"
    ".overall.fail{background:#f9dedc;border-color:#b3261e}.overall.pass{background:#d8f0df;border-color:#1b7a3d}"
    ".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:12px}"
    ".card{border:1px solid #ccc;border-radius:6px;padding:10px 12px;break-inside:avoid}"
    ".card .name{font-weight:600}.card .code{color:#555;font-size:13px}"
    ".card .score{font-size:22px;font-weight:700;margin:4px 0}"
    ".card ul{list-style:none;padding:0;margin:6px 0 0;font-size:13px}"
    "table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:14px}"
    "th,td{border:1px solid #c8c8c8;padding:4px 6px;text-align:left;vertical-align:top}"
    "thead th{background:#f0f4f5}"
    ".matrix-wrap{overflow-x:auto}table.matrix{font-size:13px}table.matrix th.req{min-width:190px}"
    "table.matrix th.provider{font-size:12px;min-width:70px}table.matrix td.cell{text-align:center;min-width:70px}"
    "table.matrix td.cell a{color:inherit;text-decoration:none;font-weight:600;display:block}"
    "table.matrix td.cell small{display:block;font-weight:400}"
    ".v-met{background:#d8f0df;color:#0e5a2a}.v-not_met{background:#f9dedc;color:#8c1d18}"
    ".v-partially_met{background:#fdebc8;color:#6b4500}.v-not_assessable{background:#e8e2f4;color:#46386e}"
    ".v-excluded{background:#ececec;color:#444}.v-waived{background:#dbeef8;color:#0b4a6b}"
    ".v-error{background:#7a1010;color:#fff}.v-none{background:#fff;color:#888}"
    "table.matrix td.cell.share{background-image:repeating-linear-gradient(135deg,rgba(255,255,255,.55) 0 4px,"
    "transparent 4px 8px)}"
    ".badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:13px;font-weight:600;"
    "border:1px solid rgba(0,0,0,.15)}"
    ".result{border:1px solid #ddd;border-left:6px solid #999;border-radius:4px;padding:8px 12px;margin:10px 0;"
    "break-inside:avoid}"
    ".result.b-met{border-left-color:#1b7a3d}.result.b-not_met{border-left-color:#b3261e}"
    ".result.b-partially_met{border-left-color:#c98a00}.result.b-not_assessable{border-left-color:#6b58a8}"
    ".result.b-excluded{border-left-color:#888}.result.b-waived{border-left-color:#0b74a8}"
    ".result.b-error{border-left-color:#7a1010}"
    ".facts{margin:4px 0;font-size:14px}.facts span{margin-right:14px;white-space:nowrap}"
    ".note{color:#444;font-size:13px}"
    "svg{max-width:100%;height:auto;display:block;margin:6px 0}"
    "svg text{font-family:inherit;font-size:11px;fill:#333}"
    ".legend{font-size:13px;margin:4px 0}.legend .badge{margin-right:6px}"
    "footer{margin-top:32px;font-size:12px;color:#555;border-top:1px solid #ccc;padding-top:8px}"
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

static const char *verdict_fill(sa_verdict v)
{
    switch (v) {
    case SA_VERDICT_MET: return "#2e8b57";
    case SA_VERDICT_NOT_MET: return "#c62828";
    case SA_VERDICT_PARTIALLY_MET: return "#e0a100";
    case SA_VERDICT_NOT_ASSESSABLE: return "#7e6bb8";
    case SA_VERDICT_EXCLUDED: return "#9e9e9e";
    case SA_VERDICT_WAIVED: return "#1e88c7";
    default: return "#7a1010";
    }
}

static void badge(sa_buf *b, sa_verdict v)
{
    sa_buf_printf(b, "<span class=\"badge v-%s\">%s</span>", sa_verdict_name(v), sa_verdict_label(v));
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
                      x, w, height, verdict_fill((sa_verdict)v), sa_verdict_label((sa_verdict)v),
                      (unsigned long long)counts[v]);
        x += w;
    }
    sa_buf_puts(b, "</svg>");
}

static void write_headline(sa_buf *out, const sa_result_set *rs, const sa_rpt_group *groups, size_t ng)
{
    sa_buf_puts(out, "<section id=\"headline\">\n<h2>Headline compliance by provider</h2>\n");
    size_t failures = sa_rpt_failures(rs);
    if (rs->nresults == 0)
        sa_buf_puts(out, "<p class=\"overall fail\">No requirement was assessed.</p>\n");
    else if (failures)
        sa_buf_printf(out, "<p class=\"overall fail\"><strong>Not compliant.</strong> %zu of %zu requirement "
                           "results need action (not met, partially met or could not be checked).</p>\n",
                      failures, rs->nresults);
    else
        sa_buf_printf(out, "<p class=\"overall pass\"><strong>Compliant.</strong> All %zu requirement results "
                           "are met, excluded by agreement, waived or not assessable.</p>\n",
                      rs->nresults);

    sa_buf_puts(out, "<div class=\"cards\">\n");
    for (size_t g = 0; g < ng; g++) {
        /* A provider's share of a system-wide requirement is not judged on its
         * own, so the card counts only the provider's own verdicts. */
        uint64_t counts[SA_VERDICT_COUNT] = {0};
        uint64_t judged = 0, shares = 0;
        for (size_t k = 0; k < groups[g].n; k++) {
            const sa_result *r = &rs->results[groups[g].idx[k]];
            if (sa_rpt_is_share(r)) {
                shares++;
                continue;
            }
            judged++;
            if ((unsigned)r->verdict < SA_VERDICT_COUNT)
                counts[r->verdict]++;
        }
        uint64_t applicable = judged - counts[SA_VERDICT_EXCLUDED];
        sa_buf_puts(out, "<div class=\"card\">\n<div class=\"name\">");
        if (groups[g].code) {
            h(out, groups[g].name ? groups[g].name : groups[g].code);
            sa_buf_puts(out, "</div><div class=\"code\">");
            h(out, groups[g].code);
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
            sa_buf_printf(out, "<li>and %llu share%s of system-wide requirements</li>", (unsigned long long)shares,
                          shares == 1 ? "" : "s");
        sa_buf_puts(out, "</ul>\n</div>\n");
    }
    sa_buf_puts(out, "</div>\n</section>\n");
}

/* ---- matrix -------------------------------------------------------------- */

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void write_matrix(sa_buf *out, const sa_result_set *rs, const sa_rpt_group *groups, size_t ng,
                         const size_t *reqs, size_t nreq)
{
    sa_buf tmp = SA_BUF_INIT;
    sa_buf_puts(out, "<section id=\"matrix\">\n<h2>Requirements by provider</h2>\n"
                     "<p class=\"note\">Each cell gives the verdict for one requirement and one provider, with "
                     "the measured value. Select a cell for its evidence. &#8212; means the requirement was not "
                     "assessed for that provider. Hatched cells are providers' shares of a requirement judged "
                     "system-wide.</p>\n"
                     "<div class=\"matrix-wrap\"><table class=\"matrix\">\n<thead><tr><th class=\"req\" scope=\"col\">Requirement</th>"
                     "<th scope=\"col\" class=\"sev\">Severity</th>");
    for (size_t g = 0; g < ng; g++) {
        sa_buf_puts(out, "<th scope=\"col\" class=\"provider\">");
        if (groups[g].code) {
            h(out, groups[g].name ? groups[g].name : groups[g].code);
            sa_buf_puts(out, "<br><small>");
            h(out, groups[g].code);
            sa_buf_puts(out, "</small>");
        } else {
            sa_buf_puts(out, "System-wide");
        }
        sa_buf_puts(out, "</th>");
    }
    sa_buf_puts(out, "</tr></thead>\n<tbody>\n");
    for (size_t k = 0; k < nreq; k++) {
        const sa_result *first = &rs->results[reqs[k]];
        sa_buf_printf(out, "<tr><th scope=\"row\" class=\"req\"><a href=\"#req-%zu\">", k);
        h(out, first->requirement_id);
        sa_buf_puts(out, "</a> ");
        h(out, first->title);
        sa_buf_printf(out, "</th><td>%s</td>", sa_req_severity_name(first->severity));
        for (size_t g = 0; g < ng; g++) {
            size_t found = SIZE_MAX;
            for (size_t j = 0; j < groups[g].n && found == SIZE_MAX; j++) {
                const sa_result *r = &rs->results[groups[g].idx[j]];
                if (same(r->requirement_id, first->requirement_id))
                    found = groups[g].idx[j];
            }
            if (found == SIZE_MAX) {
                sa_buf_puts(out, "<td class=\"cell v-none\" title=\"not assessed\">&#8212;</td>");
                continue;
            }
            const sa_result *r = &rs->results[found];
            sa_buf_printf(out, "<td class=\"cell v-%s%s\"%s><a href=\"#res-%zu\">%s", sa_verdict_name(r->verdict),
                          sa_rpt_is_share(r) ? " share" : "",
                          sa_rpt_is_share(r) ? " title=\"this provider's share; the System-wide column is judged\"" : "",
                          found, sa_verdict_label(r->verdict));
            if (sa_rpt_measured_human(&tmp, r, r->has_measured, r->measured)) {
                sa_buf_puts(out, "<small>");
                h_buf(out, &tmp);
                sa_buf_puts(out, "</small>");
            }
            sa_buf_puts(out, "</a></td>");
        }
        sa_buf_puts(out, "</tr>\n");
    }
    sa_buf_puts(out, "</tbody>\n</table></div>\n<p class=\"legend\">");
    for (int v = 0; v < SA_VERDICT_COUNT; v++)
        badge(out, (sa_verdict)v);
    sa_buf_puts(out, "</p>\n</section>\n");
    sa_buf_free(&tmp);
}

/* ---- charts -------------------------------------------------------------- */

static const char *const month_abbr[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static void period_short(sa_buf *b, const sa_period_result *p)
{
    int y, m, d, y2, m2, d2;
    sa_date_to_ymd(p->from, &y, &m, &d);
    sa_date_to_ymd(p->to, &y2, &m2, &d2);
    bool whole_months = d == 1 && d2 == sa_days_in_month(y2, m2);
    int months = (y2 - y) * 12 + (m2 - m) + 1;
    if (whole_months && months == 1)
        sa_buf_printf(b, "%s %02d", month_abbr[m - 1], y % 100);
    else if (whole_months && months > 1 && months <= 12)
        sa_buf_printf(b, "%s-%s %02d", month_abbr[m - 1], month_abbr[m2 - 1], y2 % 100);
    else
        sa_buf_printf(b, "%02d/%02d/%02d", d, m, y % 100);
}

static bool is_percent(const sa_result *r)
{
    if (r->measured_unit)
        return strcmp(r->measured_unit, "%") == 0;
    return r->target.set && r->target.unit == SA_UNIT_PERCENT;
}

/* Trend of the measured value per period, with the target as a dashed line. */
static void trend_chart(sa_buf *out, const sa_result *r, size_t id)
{
    size_t measured = 0;
    double top = 0;
    for (size_t i = 0; i < r->nperiods; i++) {
        if (r->periods[i].has_measured && isfinite(r->periods[i].measured)) {
            measured++;
            if (r->periods[i].measured > top)
                top = r->periods[i].measured;
        }
    }
    if (measured == 0 || r->nperiods < 2)
        return;
    bool pct = is_percent(r);
    if (r->target.set && r->target.unit != SA_UNIT_SECONDS && r->target.value > top)
        top = r->target.value;
    if (pct) {
        top = 100;
    } else {
        /* A round upper bound so gridlines fall on readable values. */
        double step = pow(10, floor(log10(top > 0 ? top : 1)));
        top = ceil((top * 1.1) / step) * step;
        if (top <= 0)
            top = 1;
    }
    const double W = 660, H = 230, L = 46, R = 14, T = 14, B = 44;
    const double pw = W - L - R, ph = H - T - B;
    size_t n = r->nperiods;
    double band = pw / (double)n;

    sa_buf_printf(out, "<svg class=\"trend\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
                       "role=\"img\" aria-labelledby=\"trend-%zu\"><title id=\"trend-%zu\">Trend by period",
                  W, H, W, H, id, id);
    if (r->target.set) {
        sa_buf tg = SA_BUF_INIT;
        sa_rpt_target_human(&tg, r);
        sa_buf_puts(out, " against the target ");
        h(out, sa_buf_cstr(&tg));
        sa_buf_free(&tg);
    }
    sa_buf_puts(out, "</title>\n");
    for (int i = 0; i <= 4; i++) {
        double v = top * i / 4.0;
        double y = T + ph - ph * i / 4.0;
        sa_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>"
                           "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
                      L, y, L + pw, y, L - 6, y + 4);
        sa_rpt_number_human(out, v);
        sa_buf_puts(out, pct ? "%</text>\n" : "</text>\n");
    }
    sa_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#777\"/>\n", L, T + ph,
                  L + pw, T + ph);

    size_t every = n > 12 ? (n + 11) / 12 : 1;
    for (size_t i = 0; i < n; i++) {
        if (i % every)
            continue;
        double x = L + band * ((double)i + 0.5);
        sa_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x, T + ph + 16);
        period_short(out, &r->periods[i]);
        sa_buf_puts(out, "</text>\n");
    }

    if (r->target.set && r->target.unit != SA_UNIT_SECONDS && r->target.value >= 0 && r->target.value <= top) {
        double y = T + ph - ph * r->target.value / top;
        sa_buf_printf(out, "<line class=\"target\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                           "stroke=\"#003087\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"
                           "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#003087\">target ",
                      L, y, L + pw, y, L + pw, y - 4);
        sa_buf tg = SA_BUF_INIT;
        sa_rpt_target_human(&tg, r);
        h(out, sa_buf_cstr(&tg));
        sa_buf_free(&tg);
        sa_buf_puts(out, "</text>\n");
    }

    sa_buf_puts(out, "<polyline fill=\"none\" stroke=\"#005eb8\" stroke-width=\"2\" points=\"");
    for (size_t i = 0; i < n; i++) {
        const sa_period_result *p = &r->periods[i];
        if (!p->has_measured || !isfinite(p->measured))
            continue;
        double v = p->measured < 0 ? 0 : (p->measured > top ? top : p->measured);
        sa_buf_printf(out, "%.1f,%.1f ", L + band * ((double)i + 0.5), T + ph - ph * v / top);
    }
    sa_buf_puts(out, "\"/>\n");
    for (size_t i = 0; i < n; i++) {
        const sa_period_result *p = &r->periods[i];
        if (!p->has_measured || !isfinite(p->measured))
            continue;
        double v = p->measured < 0 ? 0 : (p->measured > top ? top : p->measured);
        sa_buf_printf(out, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"%s\" "
                           "stroke=\"#fff\"><title>",
                      L + band * ((double)i + 0.5), T + ph - ph * v / top, verdict_fill(p->verdict));
        period_short(out, p);
        sa_buf_puts(out, ": ");
        sa_rpt_measured_human(out, r, true, p->measured);
        if (p->denominator)
            sa_buf_printf(out, " (%lld/%lld)", (long long)p->numerator, (long long)p->denominator);
        sa_buf_printf(out, ", %s</title></circle>\n", sa_verdict_label(p->verdict));
    }
    sa_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\">&#9679; met / not met per period (colour and table "
                       "below); dashed line: target</text>\n",
                  L, H - 6);
    sa_buf_puts(out, "</svg>\n");
}

/* The report period as a strip with each uncovered gap marked on it. */
static void gap_timeline(sa_buf *out, const sa_result_set *rs, const sa_result *r, size_t id)
{
    if (r->ngaps == 0)
        return;
    sa_datetime from, to;
    if (rs->period_from != SA_DATE_NONE && rs->period_to != SA_DATE_NONE && rs->period_to >= rs->period_from) {
        from = sa_datetime_make(rs->period_from, 0);
        to = sa_datetime_make(rs->period_to + 1, 0);
    } else {
        from = r->gaps[0].start;
        to = r->gaps[0].end;
        for (size_t i = 1; i < r->ngaps; i++) {
            if (r->gaps[i].start < from)
                from = r->gaps[i].start;
            if (r->gaps[i].end > to)
                to = r->gaps[i].end;
        }
        if (to <= from)
            to = from + SA_SECONDS_PER_DAY;
    }
    const double W = 660, H = 78, L = 10, R = 10, T = 10, BAR = 26;
    const double pw = W - L - R;
    double span = (double)(to - from);
    sa_buf_printf(out, "<svg class=\"gaps\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
                       "role=\"img\" aria-labelledby=\"gaps-%zu\"><title id=\"gaps-%zu\">Uncovered periods "
                       "across the reporting period</title>\n",
                  W, H, W, H, id, id);
    sa_buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#d8f0df\" "
                       "stroke=\"#9cc9a9\"/>\n",
                  L, T, pw, BAR);
    /* Month ticks along the strip. */
    sa_date d = sa_date_month_start(sa_datetime_date(from));
    if (sa_datetime_make(d, 0) < from)
        d = sa_date_add_months(d, 1);
    int guard = 0;
    for (; sa_datetime_make(d, 0) <= to && guard < 240; d = sa_date_add_months(d, 1), guard++) {
        double x = L + pw * (double)(sa_datetime_make(d, 0) - from) / span;
        int y, m, dd;
        sa_date_to_ymd(d, &y, &m, &dd);
        sa_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#777\"/>", x, T + BAR,
                      x, T + BAR + 5);
        /* January carries the year so a strip across two years reads unambiguously. */
        if (x < L + pw - 20 && m == 1)
            sa_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\">Jan %02d</text>\n", x + 2, T + BAR + 16, y % 100);
        else if (x < L + pw - 20)
            sa_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n", x + 2, T + BAR + 16, month_abbr[m - 1]);
    }
    for (size_t i = 0; i < r->ngaps; i++) {
        const sa_gap *g = &r->gaps[i];
        double x = L + pw * (double)(g->start - from) / span;
        double w = pw * (double)(g->end - g->start) / span;
        if (x < L)
            x = L;
        if (w < 2)
            w = 2; /* a short gap stays visible */
        if (x + w > L + pw)
            w = L + pw - x;
        char dur[32];
        sa_duration_format(g->minutes * 60, dur);
        sa_buf_printf(out, "<rect class=\"gap\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                           "fill=\"#c62828\"><title>",
                      x, T, w, BAR);
        html_datetime(out, g->start);
        sa_buf_puts(out, " to ");
        html_datetime(out, g->end);
        sa_buf_printf(out, " (%s uncovered)</title></rect>\n", dur);
    }
    sa_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\">green: covered; red: uncovered gaps (%zu shown)</text>\n",
                  L, H - 4, r->ngaps);
    sa_buf_puts(out, "</svg>\n");
}

/* ---- evidence ------------------------------------------------------------ */

static void write_result(sa_buf *out, const sa_result_set *rs, const sa_result *r, size_t i)
{
    sa_buf tmp = SA_BUF_INIT;
    sa_buf_printf(out, "<div class=\"result b-%s\" id=\"res-%zu\">\n<h4>", sa_verdict_name(r->verdict), i);
    sa_rpt_provider_label(&tmp, r);
    h_buf(out, &tmp);
    sa_buf_puts(out, " ");
    badge(out, r->verdict);
    sa_buf_puts(out, "</h4>\n");
    if (sa_rpt_is_share(r))
        sa_buf_puts(out, "<p class=\"note\">This provider's share of a requirement assessed across all providers "
                         "together: the System-wide verdict is the one that counts.</p>\n");
    if (r->summary) {
        sa_buf_puts(out, "<p>");
        h(out, r->summary);
        sa_buf_puts(out, "</p>\n");
    }
    sa_buf_puts(out, "<p class=\"facts\">");
    if (sa_rpt_measured_human(&tmp, r, r->has_measured, r->measured)) {
        sa_buf_puts(out, "<span><strong>Measured</strong> ");
        h_buf(out, &tmp);
        sa_buf_puts(out, "</span>");
    }
    if (sa_rpt_target_human(&tmp, r)) {
        sa_buf_puts(out, "<span><strong>Target</strong> ");
        h_buf(out, &tmp);
        sa_buf_puts(out, "</span>");
    }
    if (r->denominator)
        sa_buf_printf(out, "<span><strong>%s</strong> %lld of %lld</span>", sa_rpt_counts_label(r),
                      (long long)r->numerator, (long long)r->denominator);
    if (r->unknown)
        sa_buf_printf(out, "<span><strong>Could not be evaluated</strong> %lld</span>", (long long)r->unknown);
    if (r->excluded_rows)
        sa_buf_printf(out, "<span><strong>Excluded with a reason</strong> %lld</span>", (long long)r->excluded_rows);
    if (r->gaps_total || r->ngaps) {
        char dur[32];
        sa_duration_format(r->gap_minutes_total * 60, dur);
        sa_buf_printf(out, "<span><strong>Gaps</strong> %llu, %s uncovered</span>",
                      (unsigned long long)(r->gaps_total > r->ngaps ? r->gaps_total : r->ngaps), dur);
    }
    sa_buf_puts(out, "</p>\n");
    if (r->reason) {
        sa_buf_printf(out, "<p><strong>%s</strong> ",
                      r->verdict == SA_VERDICT_WAIVED     ? "Waiver:"
                      : r->verdict == SA_VERDICT_EXCLUDED ? "Excluded by agreement:"
                                                          : "Reason:");
        h(out, r->reason);
        sa_buf_puts(out, "</p>\n");
    }
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
    if (r->original_target || r->variation_reason) {
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

    trend_chart(out, r, i);
    if (r->nperiods) {
        sa_buf_puts(out, "<table class=\"periods\"><thead><tr><th>Period</th><th>Verdict</th><th>Measured</th>"
                         "<th>Counted</th><th>Unknown</th><th>Note</th></tr></thead><tbody>\n");
        for (size_t k = 0; k < r->nperiods; k++) {
            const sa_period_result *p = &r->periods[k];
            sa_buf_puts(out, "<tr><td>");
            sa_rpt_date(out, p->from);
            sa_buf_puts(out, " to ");
            sa_rpt_date(out, p->to);
            sa_buf_puts(out, "</td><td>");
            badge(out, p->verdict);
            sa_buf_puts(out, "</td><td>");
            if (sa_rpt_measured_human(&tmp, r, p->has_measured, p->measured))
                h_buf(out, &tmp);
            sa_buf_puts(out, "</td><td>");
            if (p->denominator)
                sa_buf_printf(out, "%lld/%lld", (long long)p->numerator, (long long)p->denominator);
            sa_buf_printf(out, "</td><td>%lld</td><td>", (long long)p->unknown);
            h(out, p->note);
            sa_buf_puts(out, "</td></tr>\n");
        }
        sa_buf_puts(out, "</tbody></table>\n");
    }

    gap_timeline(out, rs, r, i);
    if (r->ngaps) {
        sa_buf_puts(out, "<table class=\"gaps\"><thead><tr><th>Gap from</th><th>to</th><th>Uncovered</th></tr>"
                         "</thead><tbody>\n");
        for (size_t k = 0; k < r->ngaps; k++) {
            char dur[32];
            sa_duration_format(r->gaps[k].minutes * 60, dur);
            sa_buf_puts(out, "<tr><td>");
            html_datetime(out, r->gaps[k].start);
            sa_buf_puts(out, "</td><td>");
            html_datetime(out, r->gaps[k].end);
            sa_buf_printf(out, "</td><td>%s</td></tr>\n", dur);
        }
        sa_buf_puts(out, "</tbody></table>\n");
        if (r->gaps_total > r->ngaps)
            sa_buf_printf(out, "<p class=\"note\">The %zu longest of %llu gaps are shown.</p>\n", r->ngaps,
                          (unsigned long long)r->gaps_total);
    }

    if (r->nexamples) {
        bool any_file = false;
        for (size_t k = 0; k < r->nexamples; k++)
            if (r->examples[k].file && *r->examples[k].file)
                any_file = true;
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

    if (r->nmetrics) {
        sa_buf_puts(out, "<table class=\"metrics\"><tbody>\n");
        for (size_t k = 0; k < r->nmetrics; k++) {
            const sa_metric *m = &r->metrics[k];
            sa_buf_puts(out, "<tr><th>");
            h(out, m->label ? m->label : m->name);
            sa_buf_puts(out, "</th><td>");
            sa_rpt_value_unit(&tmp, m->value, m->unit);
            h_buf(out, &tmp);
            sa_buf_puts(out, "</td></tr>\n");
        }
        sa_buf_puts(out, "</tbody></table>\n");
    }
    sa_buf_puts(out, "</div>\n");
    sa_buf_free(&tmp);
}

static void write_evidence(sa_buf *out, const sa_result_set *rs, const size_t *reqs, size_t nreq)
{
    sa_buf_puts(out, "<section id=\"evidence\">\n<h2>Evidence by requirement</h2>\n");
    for (size_t k = 0; k < nreq; k++) {
        const sa_result *first = &rs->results[reqs[k]];
        sa_buf_printf(out, "<article id=\"req-%zu\">\n<h3>", k);
        h(out, first->requirement_id);
        sa_buf_puts(out, " &#8212; ");
        h(out, first->title);
        sa_buf_printf(out, "</h3>\n<p class=\"note\">Severity %s &#183; check ", sa_req_severity_name(first->severity));
        h(out, first->check_kind);
        sa_buf_printf(out, " &#183; %s</p>\n",
                      first->scope == SA_SCOPE_SYSTEM ? "assessed across all providers together"
                                                      : "assessed for each provider");
        for (size_t i = 0; i < rs->nresults; i++)
            if (same(rs->results[i].requirement_id, first->requirement_id))
                write_result(out, rs, &rs->results[i], i);
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
    sa_buf_puts(out, "</tbody></table>\n<p class=\"note\">A provider is compliant when no requirement is not met, "
                     "partially met or in error. Not assessable is never counted as met: it means the returns "
                     "did not hold enough evidence.</p>\n</section>\n");
}

void sa_report_render_html(const sa_result_set *rs, sa_buf *out)
{
    sa_rpt_group *groups = NULL;
    size_t ng = sa_rpt_groups(rs, &groups);
    size_t *reqs = NULL;
    size_t nreq = sa_rpt_requirements(rs, &reqs);

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
    sa_buf_puts(out, "</p>\n<dl class=\"meta\">\n");
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
    sa_buf_printf(out, "<dt>Providers</dt><dd>%zu</dd>\n", ng - (ng && !groups[ng - 1].code ? 1 : 0));
    sa_buf_printf(out, "<dt>Requirements</dt><dd>%zu</dd>\n", nreq);
    sa_buf_puts(out, "</dl>\n<p class=\"intro\">This report compares each provider's activity returns with "
                     "the service specification and, where one applies, the provider's heads of agreement "
                     "(exclusions, varied targets, waivers). Every requirement gets one verdict per provider; "
                     "the evidence behind each verdict follows the matrix.</p>\n"
                     "<nav class=\"contents\"><a href=\"#headline\">Headline by provider</a> &#183; "
                     "<a href=\"#matrix\">Requirements by provider</a> &#183; <a href=\"#evidence\">Evidence</a> "
                     "&#183; <a href=\"#verdicts\">What the verdicts mean</a></nav>\n</header>\n");

    write_headline(out, rs, groups, ng);
    write_matrix(out, rs, groups, ng, reqs, nreq);
    write_evidence(out, rs, reqs, nreq);
    write_verdict_table(out);

    sa_buf_puts(out, "<footer>\n<p>Generated by specaudit");
    if (rs->tool_version) {
        sa_buf_putc(out, ' ');
        h(out, rs->tool_version);
    }
    if (rs->spec_path) {
        sa_buf_puts(out, " from ");
        h(out, rs->spec_path);
    }
    sa_buf_puts(out, ".");
    if (rs->ninputs) {
        sa_buf_puts(out, " Returns read:");
        for (size_t i = 0; i < rs->ninputs; i++) {
            sa_buf_puts(out, i ? ", " : " ");
            h(out, rs->inputs[i].path);
            sa_buf_printf(out, " (%llu rows)", (unsigned long long)rs->inputs[i].rows);
        }
        sa_buf_putc(out, '.');
    }
    sa_buf_puts(out, rs->show_identifiers
                         ? " Patient identifiers are shown in this report (--show-identifiers): handle it as "
                           "patient-identifiable information.</p>\n"
                         : " No patient identifier appears in this report.</p>\n");
    if (rs->data_errors || rs->data_warnings)
        sa_buf_printf(out, "<p>Data quality: %llu errors and %llu warnings were found in the returns; run "
                           "<code>specaudit validate</code> for the details.</p>\n",
                      (unsigned long long)rs->data_errors, (unsigned long long)rs->data_warnings);
    sa_buf_puts(out, "</footer>\n</body>\n</html>\n");

    free(reqs);
    sa_rpt_groups_free(groups, ng);
}
