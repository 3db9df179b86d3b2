/*
 * html_chart.c — the inline SVG charts of the HTML report: the trend of a
 * measurement by period, and the coverage timeline of a rota check drawn
 * from its complete day series (never from a sample of gaps, so no gap is
 * hidden and nothing reads better than the evidence).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/html.h"
#include "core/alloc.h"

static const char *const month_abbr[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

#define SHARE_FILL "#5b7fa6" /* a share's marks: one neutral colour, no verdict */

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

/* ---- trend ----------------------------------------------------------------- */

typedef struct trend_box {
    double W, H, L, T, pw, ph, band, top;
    bool pct;
} trend_box;

/* The top of the value axis: 100 for percentages, else a round value above
 * the largest measurement and the target. Returns false when nothing to draw. */
static bool trend_top(const sa_result *r, bool with_target, double *top)
{
    size_t measured = 0;
    *top = 0;
    for (size_t i = 0; i < r->nperiods; i++) {
        if (r->periods[i].has_measured && isfinite(r->periods[i].measured)) {
            measured++;
            if (r->periods[i].measured > *top)
                *top = r->periods[i].measured;
        }
    }
    if (measured == 0 || r->nperiods < 2)
        return false;
    if (with_target && r->target.set && r->target.unit != SA_UNIT_SECONDS && r->target.value > *top)
        *top = r->target.value;
    if (is_percent(r)) {
        *top = 100;
        return true;
    }
    double step = pow(10, floor(log10(*top > 0 ? *top : 1)));
    *top = ceil((*top * 1.1) / step) * step;
    if (*top <= 0)
        *top = 1;
    return true;
}

static void trend_axes(sa_buf *out, const sa_result *r, const trend_box *b)
{
    for (int i = 0; i <= 4; i++) {
        double y = b->T + b->ph - b->ph * i / 4.0;
        sa_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>"
                           "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
                      b->L, y, b->L + b->pw, y, b->L - 6, y + 4);
        sa_rpt_number_human(out, b->top * i / 4.0);
        sa_buf_puts(out, b->pct ? "%</text>\n" : "</text>\n");
    }
    sa_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#777\"/>\n", b->L,
                  b->T + b->ph, b->L + b->pw, b->T + b->ph);
    size_t n = r->nperiods, every = n > 12 ? (n + 11) / 12 : 1;
    for (size_t i = 0; i < n; i += every) {
        double x = b->L + b->band * ((double)i + 0.5);
        sa_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x, b->T + b->ph + 16);
        period_short(out, &r->periods[i]);
        sa_buf_puts(out, "</text>\n");
    }
}

static void trend_target(sa_buf *out, const sa_result *r, const trend_box *b)
{
    if (!r->target.set || r->target.unit == SA_UNIT_SECONDS || r->target.value < 0 || r->target.value > b->top)
        return;
    double y = b->T + b->ph - b->ph * r->target.value / b->top;
    sa_buf_printf(out, "<line class=\"target\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                       "stroke=\"#003087\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"
                       "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#003087\">target ",
                  b->L, y, b->L + b->pw, y, b->L + b->pw, y - 4);
    sa_buf tg = SA_BUF_INIT;
    sa_rpt_target_human(&tg, r);
    sa_html_text(out, sa_buf_cstr(&tg));
    sa_buf_free(&tg);
    sa_buf_puts(out, "</text>\n");
}

static double trend_y(const trend_box *b, double v)
{
    v = v < 0 ? 0 : (v > b->top ? b->top : v);
    return b->T + b->ph - b->ph * v / b->top;
}

static void trend_points(sa_buf *out, const sa_result *r, const trend_box *b, bool share)
{
    sa_buf_puts(out, "<polyline fill=\"none\" stroke=\"#005eb8\" stroke-width=\"2\" points=\"");
    for (size_t i = 0; i < r->nperiods; i++) {
        const sa_period_result *p = &r->periods[i];
        if (p->has_measured && isfinite(p->measured))
            sa_buf_printf(out, "%.1f,%.1f ", b->L + b->band * ((double)i + 0.5), trend_y(b, p->measured));
    }
    sa_buf_puts(out, "\"/>\n");
    for (size_t i = 0; i < r->nperiods; i++) {
        const sa_period_result *p = &r->periods[i];
        if (!p->has_measured || !isfinite(p->measured))
            continue;
        sa_buf_printf(out, "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"%s\" stroke=\"#fff\"><title>",
                      b->L + b->band * ((double)i + 0.5), trend_y(b, p->measured),
                      share ? SHARE_FILL : sa_html_verdict_fill(p->verdict));
        period_short(out, p);
        sa_buf_puts(out, ": ");
        sa_rpt_measured_human(out, r, true, p->measured);
        if (p->denominator)
            sa_buf_printf(out, " (%lld/%lld)", (long long)p->numerator, (long long)p->denominator);
        if (!share)
            sa_buf_printf(out, ", %s", sa_verdict_label(p->verdict));
        sa_buf_puts(out, "</title></circle>\n");
    }
}

void sa_html_trend_chart(sa_buf *out, const sa_result *r, size_t id)
{
    bool share = sa_rpt_is_share(r);
    trend_box b = {.W = 660, .H = 230, .L = 46, .T = 14};
    if (!trend_top(r, !share, &b.top))
        return;
    b.pct = is_percent(r);
    b.pw = b.W - b.L - 14;
    b.ph = b.H - b.T - 44;
    b.band = b.pw / (double)r->nperiods;
    sa_buf_printf(out, "<svg class=\"trend\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" "
                       "role=\"img\" aria-labelledby=\"trend-%zu\"><title id=\"trend-%zu\">%s by period",
                  b.W, b.H, b.W, b.H, id, id, share ? "This provider's share" : "Trend");
    if (r->target.set && !share) {
        sa_buf tg = SA_BUF_INIT;
        sa_rpt_target_human(&tg, r);
        sa_buf_puts(out, " against the target ");
        sa_html_text(out, sa_buf_cstr(&tg));
        sa_buf_free(&tg);
    }
    sa_buf_puts(out, "</title>\n");
    trend_axes(out, r, &b);
    if (!share)
        trend_target(out, r, &b);
    trend_points(out, r, &b, share);
    sa_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n", b.L, b.H - 6,
                  share ? "&#9679; this provider's contribution per period (not judged against the target)"
                        : "&#9679; met / not met per period (colour and table below); dashed line: target");
    sa_buf_puts(out, "</svg>\n");
}

/* ---- coverage timeline ------------------------------------------------------- */

enum { BIN_OUT = 0, BIN_NONE = 1, BIN_REQ = 2 }; /* outside the term, nothing required, cover required */

typedef struct cover_bin {
    int64_t required, covered; /* seconds over the bin's days in the term */
    int cls;
} cover_bin;

typedef struct timeline {
    sa_date from;     /* first day drawn */
    size_t days;      /* days drawn */
    size_t per_bin;   /* days per bin */
    size_t nbins;
    cover_bin *bins;
    double L, T, pw, bar;
    bool share;
} timeline;

#define TIMELINE_MAX_BINS 366 /* a day per bin up to a year; longer ranges are binned */

/* Sums the day series into bins over the whole assessed range; days outside
 * the series lie outside the provider's term. Returns false when no day
 * requires cover. */
static bool timeline_bins(timeline *t, const sa_result_set *rs, const sa_result *r)
{
    bool whole = rs->period_from != SA_DATE_NONE && rs->period_to >= rs->period_from;
    t->from = whole ? rs->period_from : r->days_from;
    t->days = whole ? (size_t)(rs->period_to - rs->period_from) + 1 : r->ndays;
    t->per_bin = (t->days + TIMELINE_MAX_BINS - 1) / TIMELINE_MAX_BINS;
    t->nbins = (t->days + t->per_bin - 1) / t->per_bin;
    t->bins = sa_xcalloc(t->nbins ? t->nbins : 1, sizeof *t->bins);
    int64_t required = 0;
    for (size_t i = 0; i < r->ndays; i++) {
        long day = (long)(r->days_from - t->from) + (long)i;
        if (day < 0 || (size_t)day >= t->days)
            continue;
        cover_bin *b = &t->bins[(size_t)day / t->per_bin];
        b->required += r->days[i].required;
        b->covered += r->days[i].covered;
        b->cls = b->cls == BIN_REQ || r->days[i].required > 0 ? BIN_REQ : BIN_NONE;
        required += r->days[i].required;
    }
    return required > 0;
}

static double bin_x(const timeline *t, size_t bin)
{
    return t->L + t->pw * (double)(bin * t->per_bin) / (double)t->days;
}

static double bin_end_x(const timeline *t, size_t bin)
{
    size_t end = (bin + 1) * t->per_bin;
    return t->L + t->pw * (double)(end < t->days ? end : t->days) / (double)t->days;
}

static void day_label(sa_buf *b, const timeline *t, size_t first_bin, size_t last_bin)
{
    sa_date a = t->from + (sa_date)(first_bin * t->per_bin);
    size_t end = (last_bin + 1) * t->per_bin;
    sa_date z = t->from + (sa_date)((end < t->days ? end : t->days) - 1);
    sa_rpt_date(b, a);
    if (z != a) {
        sa_buf_puts(b, " to ");
        sa_rpt_date(b, z);
    }
}

/* The background of each run of bins of one class. */
static void timeline_runs(sa_buf *out, const timeline *t, size_t id)
{
    static const char *const fills[] = {NULL, "#f3f3f3", "#9fd3ad"};
    for (size_t i = 0; i < t->nbins;) {
        size_t j = i;
        while (j + 1 < t->nbins && t->bins[j + 1].cls == t->bins[i].cls)
            j++;
        int cls = t->bins[i].cls;
        char fill[32];
        if (cls == BIN_OUT)
            snprintf(fill, sizeof fill, "url(#oot-%zu)", id);
        const char *f = cls == BIN_OUT ? fill : cls == BIN_REQ && t->share ? "#8fb3dc" : fills[cls];
        sa_buf_printf(out, "<rect class=\"%s\" x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" fill=\"%s\"><title>",
                      cls == BIN_OUT ? "out" : cls == BIN_NONE ? "none" : "req", bin_x(t, i), t->T,
                      bin_end_x(t, j) - bin_x(t, i), t->bar, f);
        day_label(out, t, i, j);
        sa_buf_puts(out, cls == BIN_OUT ? ": outside the agreement's term" : cls == BIN_NONE ? ": no cover required" : "");
        sa_buf_puts(out, "</title></rect>\n");
        i = j + 1;
    }
}

/* One uncovered mark over bins i..j: its height is the share of the
 * required time left uncovered (full for a run of wholly uncovered bins). */
static void uncovered_mark(sa_buf *out, const timeline *t, size_t i, size_t j, int64_t required, int64_t uncovered)
{
    double h = t->bar * (double)uncovered / (double)required;
    char d[32], req[32];
    sa_duration_format(uncovered, d);
    sa_duration_format(required, req);
    sa_buf_printf(out, "<rect class=\"uncov\" data-uncovered=\"%lld\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
                       "height=\"%.2f\" fill=\"%s\"><title>",
                  (long long)uncovered, bin_x(t, i), t->T, bin_end_x(t, j) - bin_x(t, i), h,
                  t->share ? "#e9e9e9" : "#c62828");
    day_label(out, t, i, j);
    sa_buf_printf(out, ": %s %s of %s required</title></rect>\n", d,
                  t->share ? "not covered by this provider" : "uncovered", req);
}

static void timeline_uncovered(sa_buf *out, const timeline *t)
{
    for (size_t i = 0; i < t->nbins; i++) {
        const cover_bin *b = &t->bins[i];
        if (b->cls != BIN_REQ || b->covered >= b->required)
            continue;
        if (b->covered > 0) {
            uncovered_mark(out, t, i, i, b->required, b->required - b->covered);
            continue;
        }
        /* A run of wholly uncovered bins is one mark. */
        size_t j = i;
        int64_t sum = b->required;
        while (j + 1 < t->nbins && t->bins[j + 1].cls == BIN_REQ && t->bins[j + 1].covered == 0) {
            j++;
            sum += t->bins[j].required;
        }
        uncovered_mark(out, t, i, j, sum, sum);
        i = j;
    }
}

static void timeline_months(sa_buf *out, const timeline *t)
{
    sa_date d = sa_date_month_start(t->from);
    if (d < t->from)
        d = sa_date_add_months(d, 1);
    for (int guard = 0; d < t->from + (sa_date)t->days && guard < 240; d = sa_date_add_months(d, 1), guard++) {
        double x = t->L + t->pw * (double)(d - t->from) / (double)t->days;
        int y, m, dd;
        sa_date_to_ymd(d, &y, &m, &dd);
        sa_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#777\"/>", x,
                      t->T + t->bar, x, t->T + t->bar + 5);
        /* January carries the year so a strip across two years reads unambiguously. */
        if (x < t->L + t->pw - 20 && m == 1)
            sa_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\">Jan %02d</text>\n", x + 2, t->T + t->bar + 16, y % 100);
        else if (x < t->L + t->pw - 20)
            sa_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n", x + 2, t->T + t->bar + 16, month_abbr[m - 1]);
    }
}

static void swatch(sa_buf *out, const char *style, const char *label)
{
    sa_buf_printf(out, "<span class=\"swatch\" style=\"%s\"></span>%s ", style, label);
}

static void timeline_legend(sa_buf *out, const timeline *t)
{
    sa_buf_puts(out, "<p class=\"legend timeline-legend\">");
    if (t->share) {
        swatch(out, "background:#8fb3dc", "covered by this provider");
        swatch(out, "background:#e9e9e9", "not covered by this provider (others may cover it)");
    } else {
        swatch(out, "background:#9fd3ad", "covered");
        swatch(out, "background:#c62828", "uncovered (height: share of the day's required time)");
    }
    swatch(out, "background:#f3f3f3;border:1px solid #ccc", "no cover required");
    swatch(out, "background:repeating-linear-gradient(135deg,#bbb 0 2px,#eee 2px 5px)",
           "outside the agreement's term");
    if (t->per_bin > 1)
        sa_buf_printf(out, "Each mark is %zu days.", t->per_bin);
    sa_buf_puts(out, "</p>\n");
}

void sa_html_coverage_timeline(sa_buf *out, const sa_result_set *rs, const sa_result *r, size_t id)
{
    if (!r->ndays || !r->days)
        return;
    timeline t = {.L = 10, .T = 10, .pw = 640, .bar = 26, .share = sa_rpt_is_share(r)};
    if (!timeline_bins(&t, rs, r)) {
        free(t.bins);
        return;
    }
    sa_buf_printf(out, "<svg class=\"gaps timeline\" viewBox=\"0 0 660 56\" width=\"660\" height=\"56\" role=\"img\" "
                       "aria-labelledby=\"gaps-%zu\"><title id=\"gaps-%zu\">Cover required and %s, day by day, "
                       "across the assessed period</title>\n"
                       "<defs><pattern id=\"oot-%zu\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" "
                       "patternTransform=\"rotate(45)\"><rect width=\"5\" height=\"5\" fill=\"#eee\"/>"
                       "<rect width=\"2\" height=\"5\" fill=\"#bbb\"/></pattern></defs>\n",
                  id, id, t.share ? "covered by this provider" : "covered", id);
    timeline_runs(out, &t, id);
    timeline_uncovered(out, &t);
    sa_buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#999\"/>\n",
                  t.L, t.T, t.pw, t.bar);
    timeline_months(out, &t);
    sa_buf_puts(out, "</svg>\n");
    timeline_legend(out, &t);
    free(t.bins);
}
