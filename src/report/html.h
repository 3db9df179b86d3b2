/*
 * html.h — private to the HTML report (html.c, html_chart.c): escaping and
 * the SVG charts drawn beside a result's evidence.
 */
#ifndef SA_REPORT_HTML_H
#define SA_REPORT_HTML_H

#include "report/render.h"

/** Appends `s` HTML-escaped, bidirectional controls replaced; NULL appends nothing. */
void sa_html_text(sa_buf *b, const char *s);

/** The fill colour a verdict is drawn in (charts and stacked bars). */
const char *sa_html_verdict_fill(sa_verdict v);

/**
 * A trend of the measured value per period (two or more periods with a
 * measurement): a verdict's points coloured by their periods' verdicts with
 * the target as a dashed line; a share's points in one neutral colour and no
 * target, since a share is not judged. `id` makes element ids unique.
 */
void sa_html_trend_chart(sa_buf *out, const sa_result *r, size_t id);

/**
 * The coverage timeline of a coverage result with a day series: the whole
 * assessed range of `rs` as a strip, each day (or bin of days on long ranges)
 * drawn from the complete coverage — covered, uncovered (the share of the
 * day's required minutes left uncovered), no cover required, or outside the
 * provider's agreement term — followed by its legend. Every uncovered mark
 * carries `data-uncovered` (seconds), which add up to the result's gap total.
 * Draws nothing when no day requires cover.
 */
void sa_html_coverage_timeline(sa_buf *out, const sa_result_set *rs, const sa_result *r, size_t id);

#endif
