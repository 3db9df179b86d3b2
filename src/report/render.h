/*
 * render.h — private to src/report/: one renderer per format, and the small
 * helpers they share (stable number formatting, dates, provider grouping).
 * Every renderer appends to `out` and only reads the result set.
 */
#ifndef SA_REPORT_RENDER_H
#define SA_REPORT_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/result.h"
#include "report/report.h"


/**
 * The renderers, one per format (text.c, json.c, ...). Each appends the whole
 * report for `rs` to `out`, reads nothing but the result set, never fails and
 * produces the same bytes for the same input. The comment at the top of each
 * file describes its layout; specs/README.md documents them for users.
 */
void sa_report_render_text(const sa_result_set *rs, const sa_report_options *opts, sa_buf *out);
void sa_report_render_json(const sa_result_set *rs, sa_buf *out);
void sa_report_render_junit(const sa_result_set *rs, sa_buf *out);
void sa_report_render_html(const sa_result_set *rs, sa_buf *out);
void sa_report_render_csv(const sa_result_set *rs, sa_buf *out);
void sa_report_render_md(const sa_result_set *rs, sa_buf *out);
void sa_report_render_sarif(const sa_result_set *rs, sa_buf *out);

/**
 * Appends a number for machine formats: rounded to 6 decimal places with
 * trailing zeros (and a trailing point) removed, so 87.5 -> "87.5",
 * 2.0 -> "2", 1/3 -> "0.333333"; -0 prints as "0"; NaN and infinities as
 * `nonfinite` (e.g. "null" for JSON).
 */
void sa_rpt_number(sa_buf *b, double v, const char *nonfinite);

/**
 * Appends a number for people: at most 2 decimal places, trailing zeros
 * removed ("87.5", "99.95", "100").
 */
void sa_rpt_number_human(sa_buf *b, double v);

/** Appends "YYYY-MM-DD", or nothing for SA_DATE_NONE. */
void sa_rpt_date(sa_buf *b, sa_date d);
/** Appends "YYYY-MM-DDTHH:MM". */
void sa_rpt_datetime(sa_buf *b, sa_datetime dt);

/** Appends a value with its unit for people: "87.5%", "4h 30m" (unit
 *  "seconds"), "level 3", "12 weeks"; counts ("count", "number") bare. */
void sa_rpt_value_unit(sa_buf *b, double value, const char *unit);

/**
 * Appends a measured value with its unit for people: "87.5%", "4h 30m",
 * "12 sessions"; `—` is not used: nothing is appended when there is no
 * measurement, and the function returns false.
 */
bool sa_rpt_measured_human(sa_buf *b, const sa_result *r, bool has, double value);
/** The result's measured figure, said as an estimate ("about 16391 (estimate, ±0.8%)")
 *  or an approximation when it is one; false when there is none. */
bool sa_rpt_measured_result(sa_buf *b, const sa_result *r);

/** Appends the effective target as written (target_text), else its canonical form;
 *  returns false (nothing appended) when the result has no target. */
bool sa_rpt_target_human(sa_buf *b, const sa_result *r);

/** "Name (CODE)", "CODE", "System-wide" for the system row, or "Commissioner: Name" for the
 *  commissioner's own duty. */
void sa_rpt_provider_label(sa_buf *b, const sa_result *r);
/** Whose row it is, as a machine key: the provider's code, "system" or "commissioner". */
const char *sa_rpt_row_key(const sa_result *r);

/** A provider group: every result of one provider (or the system-wide rows). */
typedef struct sa_rpt_group {
    const char *code; /* NULL for the system-wide group and the commissioner's */
    const char *name;
    bool commissioner; /* the commissioner's own duties */
    size_t *idx; /* indices into rs->results, in result order */
    size_t n;
} sa_rpt_group;

/**
 * Groups results by provider: the system-wide rows first, then providers
 * sorted by code. Returns the number of groups; free with sa_rpt_groups_free().
 */
size_t sa_rpt_groups(const sa_result_set *rs, sa_rpt_group **groups);
void sa_rpt_groups_free(sa_rpt_group *groups, size_t n);

/** The distinct requirements in result order (the spec's order): indices of
 *  each requirement's first result. Caller frees the array. */
size_t sa_rpt_requirements(const sa_result_set *rs, size_t **first_idx);

/**
 * Appends the evidence of one result as plain text lines (the requirement's
 * description and guidance, summary, measured against target, reason, waiver,
 * variation, periods not met, gaps, examples), each ending in '\n'. Strings
 * are appended raw: the caller escapes the whole block for its format.
 * `max_items` caps the failing periods, gaps and examples listed (0 = all);
 * a "... n in all" line says when some were left out. A share gives its
 * contribution and no verdict.
 */
void sa_rpt_evidence_plain(sa_buf *b, const sa_result *r, size_t max_items);

/** What numerator/denominator count for the result's check kind, for
 *  people: "Minutes covered", "Returns on time", "Cases meeting the standard". */
const char *sa_rpt_counts_label(const sa_result *r);

/** True for a provider row of a `scope: system` requirement: that provider's
 *  share, shown after the system-wide row, never a verdict and never counted
 *  (core's sa_result_is_share). */
bool sa_rpt_is_share(const sa_result *r);

/** The verdict's label ("Not met"), or "Share" for a share: what a report
 *  prints where a verdict goes. */
const char *sa_rpt_verdict_label(const sa_result *r);
/** The verdict's name ("not_met"), or "share" for a share (CSS classes, CSV). */
const char *sa_rpt_verdict_name(const sa_result *r);

/**
 * Appends what the periods of `r` from index `from` on that are not met say,
 * by verdict: "9 more periods not assessable", "5 more periods: 3 not met, 2
 * not assessable" (`more` false: "5 periods not met in all"). Appends nothing
 * when none is left.
 */
void sa_rpt_periods_left(sa_buf *b, const sa_result *r, size_t from, bool more);

/** The number of periods of `r` that are not met (what evidence lists). */
size_t sa_rpt_periods_not_met(const sa_result *r);

/**
 * Appends the verdict counts as one line without a newline: "Met 33, Not met
 * 1, ... Error 0 (48 verdicts; 64 shares of system-wide requirements, not
 * counted)" — rs->summary, the numbers every format prints.
 */
void sa_rpt_summary_counts(sa_buf *b, const sa_result_set *rs);

/** Appends "Requirements falling short: 1 critical, 2 major, 0 minor; without
 *  usable evidence: ..." (rs->summary.by_severity), without a newline. */
void sa_rpt_summary_severity(sa_buf *b, const sa_result_set *rs);

/**
 * Appends the provenance as plain lines, each starting with `indent` and
 * ending in '\n': the specification (path, id, version, sha256), each
 * agreement (id, version, file, sha256), each return (path, dataset, rows,
 * sha256), the assessed range, --today when given, the specaudit version.
 * Raw text: the caller escapes for its format.
 */
void sa_rpt_provenance_plain(sa_buf *b, const sa_result_set *rs, const char *indent);

/** "Assessed 2007-04-01 to 2008-03-31; today given as 2008-04-20; specaudit
 *  0.1.0": the range, --today when given and the version, as raw text. */
void sa_rpt_assessed(sa_buf *b, const sa_result_set *rs);

/** "sha256 <hex>" or "sha256 not computed" (standard input). */
void sa_rpt_sha256(sa_buf *b, const char *hex);

/** A string or "" for NULL. */
static inline const char *sa_rpt_str(const char *s)
{
    return s ? s : "";
}

#endif
