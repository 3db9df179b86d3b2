/*
 * app.h — each command's pipeline (load → plan → run → write) as one call
 * taking a request: the command line parses arguments into a request and
 * calls it; tests and other front ends can do the same.
 *
 * A call returns the exit status (SA_EXIT_*), writes its reports atomically
 * (a path of "-" goes to the request's `out` stream) and prints nothing
 * except through the request's two streams.
 */
#ifndef SA_APP_H
#define SA_APP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "agreement/agreement.h"
#include "checks/checks.h"
#include "core/buf.h"
#include "core/diag.h"
#include "report/report.h"
#include "returns/returns.h"
#include "spec/spec.h"

/* Exit codes, the same for every command. */
typedef enum sa_exit {
    SA_EXIT_OK = 0,       /* compliant / clean */
    SA_EXIT_FINDINGS = 1, /* non-compliant, lint errors, data-quality errors */
    SA_EXIT_USAGE = 2,    /* bad usage or unreadable input */
} sa_exit;

/* Where a run prints. */
typedef struct sa_app_io {
    FILE *out;  /* reports written to "-" */
    FILE *err;  /* diagnostics, messages and the progress line */
    bool color; /* `out` takes ANSI colour (text reports written to "-" only) */
} sa_app_io;

/* Limits on input. */
typedef struct sa_app_limits {
    sa_spec_limits spec;        /* specification size, nesting, alias expansions */
    sa_csv_limits csv;          /* return field length and column count */
    size_t agreement_max_bytes; /* agreement size */
    size_t max_providers;       /* check: providers assessed */
    size_t max_periods;         /* check: period results held */
    size_t max_linked_keys;     /* check: distinct keys a requirement's link summarises */
} sa_app_limits;
void sa_app_limits_default(sa_app_limits *limits);

/* `specaudit lint FILE...`: specifications and agreements, cross-checked. */
typedef struct sa_app_lint_request {
    sa_app_io io;
    const char *const *files; /* "-" reads standard input */
    size_t nfiles;
    sa_format format;    /* text, json, sarif or junit */
    bool format_by_path; /* no format given: it follows the output's extension */
    const char *output;  /* "-" = io.out */
    sa_app_limits limits;
} sa_app_lint_request;
int sa_app_lint(const sa_app_lint_request *req);

/* `specaudit validate SPEC RETURN...`: is each return well-formed? */
typedef struct sa_app_validate_request {
    sa_app_io io;
    const char *spec_path;
    char *const *returns; /* DATASET=path or path */
    size_t nreturns;
    sa_format format;    /* text, json or junit */
    bool format_by_path; /* no format given: it follows the output's extension */
    const char *output;
    size_t max_errors; /* diagnostics shown (0 = all); all are counted */
    unsigned jobs;     /* reading threads; 0 = number of cores */
    bool show_identifiers;
    bool quiet; /* no progress line */
    sa_app_limits limits;
} sa_app_validate_request;
int sa_app_validate(const sa_app_validate_request *req);

/* `specaudit check SPEC [AGREEMENT...] RETURN...`: verdicts and reports. */
typedef struct sa_app_output {
    sa_format format;
    bool by_path;     /* no format given: it follows the path's extension */
    const char *path; /* "-" = io.out */
} sa_app_output;
typedef struct sa_app_check_request {
    sa_app_io io;
    const char *spec_path;
    const char *manifest_path; /* --submissions, or NULL */
    const char *baseline_path; /* --baseline: an earlier JSON report, or NULL */
    const char *const *agreement_paths;
    size_t nagreements;
    char *const *returns; /* DATASET=path or path */
    size_t nreturns;
    const sa_app_output *outputs;
    size_t noutputs;
    bool quiet;           /* no progress line */
    sa_check_options opts; /* limits and progress are set from `limits` and `quiet` */
    sa_report_options ropts; /* colour is set from io.color */
    sa_app_limits limits;
} sa_app_check_request;
int sa_app_check(const sa_app_check_request *req);

/* `specaudit diff OLD NEW` or `specaudit diff --git REV [FILES...]`. */
typedef struct sa_app_diff_request {
    sa_app_io io;
    const char *old_path, *new_path; /* without `rev` */
    const char *rev;                 /* compare the working tree with this revision, or NULL */
    char *const *files;              /* with `rev`: only these paths (none: every one changed) */
    size_t nfiles;
    sa_format format;    /* text, json or md */
    bool format_by_path; /* no format given: it follows the output's extension */
    const char *output; /* NULL or "-" = io.out */
    unsigned fail_mask; /* 1 << sa_change_class: the classes that exit 1 */
    sa_app_limits limits;
} sa_app_diff_request;
int sa_app_diff(const sa_app_diff_request *req);

/* `specaudit explain SPEC REQUIREMENT-ID`. */
typedef struct sa_app_explain_request {
    sa_app_io io;
    const char *spec_path;
    const char *requirement_id;
    sa_app_limits limits;
} sa_app_explain_request;
int sa_app_explain(const sa_app_explain_request *req);

/* A set of report formats: SA_FMT(SA_FORMAT_JSON) | ... */
#define SA_FMT(f) (1u << (f))
/**
 * The format a report written to `path` takes when no format is given: from
 * its extension (case-insensitive; text for "-" or none). An extension naming
 * no format, or one `allowed` does not hold, is a usage error: returns false
 * after the message on `err`.
 */
bool sa_app_format_of_path(FILE *err, const char *cmd, const char *path, unsigned allowed, sa_format *out);
/** "text, json or junit": the formats of `allowed`, in the order the help texts list them. */
void sa_app_format_list(unsigned allowed, char *out, size_t size);

/** Prints "specaudit <cmd>: <message>" and a hint to `err`; returns SA_EXIT_USAGE. */
int sa_app_usage_error(FILE *err, const char *cmd, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int sa_app_usage_verror(FILE *err, const char *cmd, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));
/** Prints diagnostics gcc-style to `out`, in their order, one per line. */
void sa_app_print_diags(const sa_diags *diags, FILE *out);

#endif
