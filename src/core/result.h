/*
 * result.h — the result model: one verdict per requirement x provider (and a
 * system-wide row for `scope: system`), with the evidence behind it. The
 * engine (checks/) fills it; renderers (report/) only read it. No renderer
 * recomputes a verdict.
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

/* Verdicts. The meanings below are the table shown in docs and every report. */
typedef enum sa_verdict {
    SA_VERDICT_MET = 0,         /* the evidence meets the target in every assessed period */
    SA_VERDICT_NOT_MET,         /* the evidence falls short of the target in every assessed period */
    SA_VERDICT_PARTIALLY_MET,   /* some periods met, some not */
    SA_VERDICT_NOT_ASSESSABLE,  /* no or too little evidence (never silently met) */
    SA_VERDICT_EXCLUDED,        /* the provider's agreement excludes the requirement, with its reason */
    SA_VERDICT_WAIVED,          /* not met, but a current waiver accepts it (reason, approver, expiry) */
    SA_VERDICT_ERROR,           /* the check could not run; the diagnostic says why */
} sa_verdict;
#define SA_VERDICT_COUNT 7

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

typedef struct sa_result {
    const char *requirement_id;
    uint32_t requirement_line; /* where the requirement is written in the spec (0: unknown) */
    uint32_t requirement_col;
    const char *title;
    sa_req_severity severity;
    sa_scope scope;
    const char *check_kind; /* "coverage", "proportion", ... */
    const char *provider_code; /* NULL for the system-wide row */
    const char *provider_name;

    sa_verdict verdict;
    const char *summary; /* one line: "87.5% of urgent referrals (35/40) vs target >= 90%" */
    const char *reason;  /* why excluded / waived / not assessable / error */

    sa_target target;            /* the effective target (after variation) */
    const char *target_text;     /* as written: ">= 90%" */
    const char *original_target; /* the spec's target when varied, else NULL */
    const char *variation_reason;
    const char *waiver_approved_by;
    sa_date waiver_until; /* SA_DATE_NONE when no waiver */

    bool has_measured;
    double measured; /* same unit as the target */
    const char *measured_unit;
    int64_t numerator;
    int64_t denominator;
    int64_t unknown;  /* rows whose condition could not be evaluated (empty cells) */
    int64_t excluded_rows;
    bool has_interval; /* 95% Wilson score interval of the pooled share, in percent */
    double interval_low, interval_high;
    const char *assess; /* how the periods combined: "every_period" or "overall" (NULL: not applicable) */

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
} sa_result;

typedef struct sa_input_file {
    const char *path;
    const char *dataset;
    uint64_t rows;
    uint64_t bad_rows;
    const char *not_read; /* why the return was not read ("the same file as x.csv", "replaced by ..."), or NULL */
} sa_input_file;

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
    bool show_identifiers;

    sa_input_file *inputs;
    size_t ninputs;

    sa_result *results; /* sorted: requirement order in the spec, then provider code; system row last */
    size_t nresults;
    size_t cap_results;

    uint64_t verdict_counts[SA_VERDICT_COUNT];
    uint64_t data_errors; /* data-quality errors seen in the returns */
    uint64_t data_warnings;
} sa_result_set;

/** Creates an empty set with its own arena. */
sa_result_set *sa_result_set_new(void);
/** NULL is a no-op. */
void sa_result_set_free(sa_result_set *rs);
/** Appends a zeroed result (waiver_until = SA_DATE_NONE) and returns it for filling;
 *  the pointer is valid until the next sa_result_set_add(). */
sa_result *sa_result_set_add(sa_result_set *rs);
/** Recounts verdict_counts from results. */
void sa_result_set_tally(sa_result_set *rs);
/**
 * True when the result counts against compliance: not_met, partially_met or
 * error. The provider rows of a `scope: system` requirement never count (only
 * its system-wide row does); they show each provider's share.
 */
bool sa_result_is_failure(const sa_result *r);

#endif
