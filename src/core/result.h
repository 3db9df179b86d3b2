/*
 * result.h — the result model: one verdict per requirement x provider (and a
 * system-wide row for `scope: system`), with the evidence behind it, the
 * summary every report prints and the provenance of the inputs. The engine
 * (checks/) fills it; renderers (report/) only read it. No renderer
 * recomputes a verdict or a count: they print sa_result_set's `summary`.
 *
 * A `scope: system` requirement is judged on the union of its providers: its
 * system-wide row (no provider) is the verdict, and each provider row beside
 * it is a *share* (sa_result_is_share): that provider's contribution, shown
 * after the system-wide row, never a verdict and never counted.
 *
 * Ownership: a result set owns an arena; every string and array reachable
 * from it lives there and is freed by sa_result_set_free().
 */
#ifndef SA_RESULT_H
#define SA_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/datetime.h"
#include "core/target.h"

/* Verdicts. The meanings below are the table in the README (the source of
 * truth), the reference and every report. */
typedef enum sa_verdict {
    SA_VERDICT_MET = 0,         /* the evidence meets the target in every assessed period */
    SA_VERDICT_NOT_MET,         /* the evidence falls short of the target in every assessed period */
    SA_VERDICT_PARTIALLY_MET,   /* some periods met, some not */
    SA_VERDICT_NOT_ASSESSABLE,  /* no or too little evidence (never silently met) */
    SA_VERDICT_EXCLUDED,        /* the provider's agreement excludes the requirement, with its reason */
    SA_VERDICT_WAIVED,          /* not met, but a current waiver accepts it (reason, approver, expiry) */
    SA_VERDICT_ERROR,           /* the check could not run; the diagnostic says why */
    SA_VERDICT_NOT_IN_FORCE,    /* not in force over the assessed range, or an attestation not yet due:
                                 * never met, never failed, not missing evidence */
} sa_verdict;
#define SA_VERDICT_COUNT 8

/* Version of the JSON report layout (the "format_version" key); bumped on any
 * incompatible change to specs/schema/result.schema.json (3: the not_in_force verdict,
 * in_force, activity and baseline). SA_RESULT_FORMAT_OLDEST is the oldest layout whose
 * figures an earlier report given as a baseline is still read from. */
#define SA_RESULT_FORMAT_VERSION 3
#define SA_RESULT_FORMAT_OLDEST 2

/** "met", "not_met", ... */
const char *sa_verdict_name(sa_verdict v);
/** A one-sentence meaning, as in the table above. */
const char *sa_verdict_meaning(sa_verdict v);
/** Human label: "Met", "Not met", "Partially met", ... */
const char *sa_verdict_label(sa_verdict v);

typedef enum sa_req_severity {
    SA_SEVERITY_CRITICAL = 0,
    SA_SEVERITY_MAJOR = 1,
    SA_SEVERITY_MINOR = 2,
} sa_req_severity;
const char *sa_req_severity_name(sa_req_severity s);
bool sa_req_severity_parse(const char *s, sa_req_severity *out);

/* The overall status of a result set (sa_summary.status). */
typedef enum sa_status {
    SA_STATUS_COMPLIANT = 0,        /* every verdict at or above --fail-on is met, waived or excluded */
    SA_STATUS_NOT_COMPLIANT,        /* one at or above --fail-on is not met or partially met */
    SA_STATUS_NOT_DEMONSTRATED,     /* none falls short, but one has no usable evidence
                                     * (not assessable, or the check could not run) */
} sa_status;
#define SA_STATUS_COUNT 3
/** "compliant", "not_compliant", "not_demonstrated" */
const char *sa_status_name(sa_status s);
/** "Compliant", "Not compliant", "Compliance not demonstrated" */
const char *sa_status_label(sa_status s);

typedef enum sa_scope {
    SA_SCOPE_PROVIDER = 0, /* each provider assessed on its own */
    SA_SCOPE_SYSTEM = 1,   /* the union of all providers assessed together */
} sa_scope;

/* An example row behind a verdict: where it is, and why it counts against. */
typedef struct sa_example {
    const char *file;
    uint64_t row;        /* CSV row (header = 1) */
    const char *message; /* already masked: no identifier unless --show-identifiers */
} sa_example;

/* An uncovered stretch of a required window (coverage checks). */
typedef struct sa_gap {
    sa_datetime start; /* wall clock */
    sa_datetime end;
    int64_t minutes; /* real elapsed minutes (clock changes counted) */
} sa_gap;

/* A named measurement for evidence beyond the standard fields. */
typedef struct sa_metric {
    const char *name;  /* stable key: "median_minutes", "quorate_weeks" */
    const char *label; /* human label */
    double value;
    const char *unit; /* "%", "minutes", "count", ... or NULL */
} sa_metric;

/* Required and covered cover on one day (coverage checks): the complete
 * coverage, for drawing, in seconds (a day's windows can reach past midnight,
 * so `required` can exceed 86 400). Sum of required - covered = the gaps. */
typedef struct sa_day_cover {
    int32_t required;
    int32_t covered;
} sa_day_cover;

/* One reporting period (month, quarter, week ...) inside a verdict. */
typedef struct sa_period_result {
    sa_date from;
    sa_date to; /* inclusive */
    sa_verdict verdict;
    bool has_measured;
    double measured;
    int64_t numerator;
    int64_t denominator;
    int64_t unknown;
    const char *note;
    /* The 95% Wilson score interval of a share of cases (proportion,
     * response_time), in percent: how far the share could be from the
     * provider's underlying rate by chance alone. */
    bool has_interval;
    double interval_low, interval_high;
} sa_period_result;

/* A provider's activity against its agreement's indicative plan (count
 * requirements only): information beside the verdict, which the requirement's
 * target still decides. */
typedef struct sa_activity {
    bool set;           /* the agreement plans this requirement for this provider */
    bool assessed;      /* false when no rows were received: the activity is unknown */
    double planned_per; /* as agreed, per `per` */
    const char *per;    /* "year", "quarter", ... */
    double tolerance;   /* percent either side of the plan */
    double planned;     /* over the range assessed, pro rata by days */
    int64_t actual;     /* rows counted over the same range (the count's numerator) */
    double variance;    /* percent: (actual - planned) / planned * 100 */
    bool within;        /* |actual - planned| <= tolerance% of planned */
    const char *text;   /* one line, printed alike by every report */
} sa_activity;

/* A requirement judged by its change against a baseline (`baseline`,
 * `change`): the figure over the baseline range of the same returns, the
 * figure over the range assessed, and the change between them, which the
 * verdict is. Figures are absent (has_* false) when there is none. */
typedef struct sa_baseline_result {
    bool set;             /* the requirement has a baseline */
    sa_date from, to;     /* the baseline range (inclusive); an earlier report's assessed range; SA_DATE_NONE: none */
    const char *report;   /* the earlier report the figure was read from (check --baseline), or NULL */
    bool has_baseline;
    double baseline;      /* in `unit`; for a count or sum, the total over the baseline range */
    bool has_current;
    double current;       /* the figure over the range assessed (the result's measure) */
    const char *unit;     /* the measure's unit: "count", "number", "seconds", "%" */
    bool per_day;         /* totals over ranges of different lengths, compared per day */
    bool has_change;
    double change;        /* percent, or percentage points when `points` */
    bool points;
    const char *target;   /* the change required, as written: "<= -10%" */
    const char *text;     /* one line, printed alike by every report */
} sa_baseline_result;

typedef struct sa_result {
    const char *requirement_id;
    uint32_t requirement_line; /* where the requirement is written in the spec (0: unknown) */
    uint32_t requirement_col;
    const char *title;
    const char *description; /* the requirement's, as written in the spec (NULL when none) */
    const char *guidance;    /* its source reference, e.g. "NICE QS13 statement 4" (NULL when none) */
    sa_req_severity severity;
    sa_scope scope;
    const char *check_kind; /* "coverage", "proportion", ... */
    const char *counts_label; /* what the numerator counts, "Minutes covered" (NULL: "Counted") */
    const char *provider_code; /* NULL for the system-wide row and the commissioner's own */
    const char *provider_name; /* for the commissioner's own row, the commissioner's name (or NULL) */
    bool commissioner; /* the commissioner's own duty (attestation, responsible: commissioner), not a
                        * provider's and not judged across providers */

    sa_verdict verdict; /* for a share, the kind's reading of the provider alone: never reported */
    bool share_counted; /* a share whose rows count in the system-wide row (not excluded, in term, rows received) */
    const char *summary; /* one line: "87.5% of urgent referrals (35/40) vs target >= 90%" */
    const char *reason;  /* why excluded / waived / not assessable / error */

    sa_target target;            /* the effective target (after variation) */
    const char *target_text;     /* as written: ">= 90%" */
    const char *original_target; /* the spec's target when varied, else NULL */
    const char *variation_reason;
    /* The waiver that accepted a not-met period, only when one did. */
    const char *waiver_approved_by;
    sa_date waiver_until; /* SA_DATE_NONE when no waiver changed a verdict */
    /* A waiver of the agreement that changed nothing, said as such:
     * "waiver expired 2024-03-31, not applied" (NULL when none). */
    const char *waiver_note;

    bool has_measured;
    double measured; /* same unit as the target */
    const char *measured_unit;
    /* How the measured figure is not exact, NULL when it is: "hyperloglog"
     * (a distinct count past its exact bound; estimate_error is the relative
     * standard error, 0.0081) or "histogram" (a median read from the
     * histogram past the exact samples; estimate_error bounds the relative
     * error, 1/128). The summary says so in words. */
    const char *estimate_method;
    double estimate_error;
    int64_t numerator;
    int64_t denominator;
    int64_t unknown;  /* rows whose condition could not be evaluated (empty cells) */
    int64_t excluded_rows;
    bool has_interval; /* 95% Wilson score interval of the pooled share, in percent */
    double interval_low, interval_high;
    const char *assess; /* how the periods combined: "every_period" or "overall" (NULL: not applicable) */

    /* When the requirement is in force (`in_force`), SA_DATE_NONE at an open end. */
    sa_date in_force_from;
    sa_date in_force_until;

    sa_period_result *periods;
    size_t nperiods;
    sa_gap *gaps; /* worst first, at most max_examples */
    size_t ngaps;
    uint64_t gaps_total;
    int64_t gap_minutes_total;
    sa_example *examples; /* at most max_examples */
    size_t nexamples;
    uint64_t examples_total;
    sa_metric *metrics;
    size_t nmetrics;
    sa_activity activity;
    sa_baseline_result baseline;
    /* Coverage: each day from days_from, the provider's term within the
     * assessed range (days outside it are outside the term). */
    sa_day_cover *days;
    size_t ndays;
    sa_date days_from;
} sa_result;

typedef struct sa_input_file {
    const char *path;
    const char *dataset;
    uint64_t rows;
    uint64_t bad_rows;
    const char *not_read; /* why the return was not read ("the same file as x.csv", "replaced by ..."), or NULL */
    const char *sha256; /* of the file's bytes as read; NULL when not computed (standard input not read to its end) */
} sa_input_file;

/* A heads of agreement applied to the results. */
typedef struct sa_agreement_ref {
    const char *id;
    const char *version;
    const char *path;
    const char *sha256; /* NULL when not computed */
    const char *provider_code;
    const char *provider_name;
} sa_agreement_ref;

/* Requirements of one severity, by what their verdicts say (a requirement
 * with one provider short and another without evidence counts in both). */
typedef struct sa_severity_count {
    uint64_t requirements;     /* with at least one verdict row */
    uint64_t falling_short;    /* a verdict not_met or partially_met */
    uint64_t not_demonstrated; /* a verdict not_assessable or error */
} sa_severity_count;

/* The numbers every report prints, computed once by sa_result_set_tally(). */
typedef struct sa_summary {
    uint64_t results;  /* rows: verdicts and shares */
    uint64_t verdicts; /* rows that are verdicts */
    uint64_t shares;   /* providers' shares of system-wide requirements: never counted below */
    uint64_t verdict_counts[SA_VERDICT_COUNT]; /* verdict rows by verdict; they add up to `verdicts` */
    uint64_t failures; /* verdict rows not_met, partially_met or error, whatever their severity */
    sa_severity_count by_severity[3]; /* indexed by sa_req_severity */
    uint64_t considered;          /* verdict rows at or above fail_on: the status rests on these */
    uint64_t considered_short;    /* of which not_met or partially_met */
    uint64_t considered_unproven; /* of which not_assessable or error */
    uint64_t below_short;         /* verdict rows below fail_on that fall short */
    sa_status status;
    bool passes; /* exit status 0: compliant, or not demonstrated and accept_not_assessable */
    const char *headline; /* the status and why, in a commissioner's words */
} sa_summary;

typedef struct sa_result_set {
    sa_arena *arena;
    const char *tool_version;
    const char *spec_id;
    const char *spec_version;
    const char *spec_title;
    const char *spec_path;
    const char *commissioner_name;
    const char *commissioner_code;
    sa_date period_from;
    sa_date period_to;
    sa_date today; /* --today, SA_DATE_NONE when not given */
    bool show_identifiers;
    const char *spec_sha256; /* NULL when not computed */

    /* Policy the status follows (set before sa_result_set_tally). */
    sa_req_severity fail_on;    /* default minor: every severity counts */
    bool accept_not_assessable; /* staged roll-out: not demonstrated still passes */

    sa_agreement_ref *agreements;
    size_t nagreements;
    sa_input_file *inputs;
    size_t ninputs;

    /* Sorted: requirement order in the spec; a provider-scope requirement's rows
     * by provider code; a system-scope requirement's system-wide row first, then
     * its shares by provider code. */
    sa_result *results;
    size_t nresults;
    size_t cap_results;

    sa_summary summary;
    uint64_t data_errors; /* data-quality errors seen in the returns */
    uint64_t data_warnings;
} sa_result_set;

/** Creates an empty set with its own arena. */
sa_result_set *sa_result_set_new(void);
/** NULL is a no-op. */
void sa_result_set_free(sa_result_set *rs);
/** Appends a zeroed result (waiver_until, in_force_from and in_force_until SA_DATE_NONE) and returns it for filling;
 *  the pointer is valid until the next sa_result_set_add(). */
sa_result *sa_result_set_add(sa_result_set *rs);
/** Appends an agreement to the provenance (strings are copied; sha256 may be NULL). */
void sa_result_set_add_agreement(sa_result_set *rs, const sa_agreement_ref *ref);
/**
 * Computes rs->summary from the results, fail_on and accept_not_assessable:
 * the one place counts, status and headline are made. Call again after
 * changing any of them.
 */
void sa_result_set_tally(sa_result_set *rs);
/** True for a provider row of a `scope: system` requirement: a share, not a verdict. */
bool sa_result_is_share(const sa_result *r);
/**
 * True when the result counts against compliance: a verdict (not a share)
 * that is not_met, partially_met or error.
 */
bool sa_result_is_failure(const sa_result *r);

#endif
