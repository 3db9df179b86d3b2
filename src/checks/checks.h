/*
 * checks.h — the compliance engine. Streams every return once, dispatches
 * each decoded row to the accumulators of the requirements that read its
 * dataset, and finalises one verdict per requirement x provider x period
 * (plus a system-wide verdict for `scope: system`) into a result set.
 *
 * Ownership: the result set is the caller's (sa_result_set_free). The spec,
 * plan and files must outlive the call only.
 */
#ifndef SA_CHECKS_H
#define SA_CHECKS_H

#include <stdbool.h>
#include <stddef.h>

#include "agreement/agreement.h"
#include "core/diag.h"
#include "core/result.h"
#include "returns/returns.h"
#include "spec/spec.h"

/* An earlier JSON report of the same specification (`check --baseline FILE`):
 * each row's measured figure, for requirements with `baseline: {report: true}`. */
typedef struct sa_prior_report sa_prior_report;
/** Reads and checks an earlier report: NULL, with E-IO-* / E-IO-JSON or
 *  E-CHECK-BASELINE-REPORT, when it cannot be read, is not a specaudit JSON
 *  report, or reports another specification id or version than `spec`'s. */
sa_prior_report *sa_prior_report_load(const char *path, const sa_spec *spec, sa_diags *diags);
void sa_prior_report_free(sa_prior_report *p);

typedef struct sa_check_options {
    sa_date period_from;       /* SA_DATE_NONE = the spec period */
    sa_date period_to;
    const char *provider;      /* only this provider (NULL = all) */
    size_t max_examples;       /* default 20 */
    int jobs;                  /* threads reading returns (a large one is split); 0 = number of cores */
    bool show_identifiers;
    sa_date today;             /* for submission due dates; SA_DATE_NONE = not used */
    sa_csv_limits limits;      /* field length and column count of the returns */
    const sa_manifest *submissions; /* the submissions manifest, or NULL: what was received, when */
    /* Optional progress of reading, as sa_scan_options.progress. */
    void (*progress)(void *ctx, uint64_t rows, uint64_t bytes);
    void *progress_ctx;
    /* Bounds on what a run holds (memory follows the report's size): providers
     * assessed (a return naming more is E-CHECK-TOO-MANY-PROVIDERS at the row
     * naming the first one past it) and period results, each requirement's
     * periods for each provider and the system-wide row (more is
     * E-CHECK-TOO-MANY-PERIODS at the requirement that crosses it). */
    size_t max_providers;      /* default SA_CHECK_MAX_PROVIDERS */
    size_t max_periods;        /* default SA_CHECK_MAX_PERIODS */
    /* Distinct keys a requirement's `link:` summarises (more is E-CHECK-LINK-KEYS
     * at the row of the first key past it, and the requirement is not assessable). */
    size_t max_linked_keys;    /* default SA_CHECK_MAX_LINKED_KEYS */
    /* The policy the result set's status follows (see sa_result_set_tally). */
    sa_req_severity fail_on;    /* default minor */
    bool accept_not_assessable; /* default false */
    const sa_prior_report *prior; /* --baseline: the earlier report, or NULL */
} sa_check_options;
#define SA_CHECK_MAX_PROVIDERS 1000
#define SA_CHECK_MAX_PERIODS 1000000
#define SA_CHECK_MAX_LINKED_KEYS 1000000
void sa_check_options_default(sa_check_options *opts);

/**
 * Runs every requirement of the plan's spec over the return files. Returns
 * NULL only when nothing could be assessed because input was unusable (a
 * diagnostic says why); per-file problems become data-quality diagnostics
 * and per-requirement `error` verdicts. Output is independent of row order
 * and of the order of files. A return given twice is read once; one the
 * manifest says was replaced is not read; rows repeating a dataset's `key`
 * (within or across returns) leave the requirements reading that dataset
 * without a verdict (`error`), as they would be counted twice.
 */
sa_result_set *sa_check_run(const sa_spec *spec, sa_plan *plan, const sa_return_file *files,
                            size_t nfiles, const sa_check_options *opts, sa_diags *diags);

#endif
