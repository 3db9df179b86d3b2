/*
 * cli.h — the specaudit command line: one function per subcommand, each
 * parsing its own arguments and returning an exit code. Only this folder
 * prints or exits.
 */
#ifndef SA_CLI_H
#define SA_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "core/diag.h"
#include "agreement/agreement.h"
#include "report/report.h"
#include "returns/returns.h"
#include "spec/spec.h"

/* Exit codes, the same for every subcommand. */
typedef enum sa_exit {
    SA_EXIT_OK = 0,       /* compliant / clean */
    SA_EXIT_FINDINGS = 1, /* non-compliant, lint errors, data-quality errors */
    SA_EXIT_USAGE = 2,    /* bad usage or unreadable input */
} sa_exit;

int sa_cli_lint(int argc, char **argv);
int sa_cli_validate(int argc, char **argv);
int sa_cli_check(int argc, char **argv);
int sa_cli_diff(int argc, char **argv);
int sa_cli_explain(int argc, char **argv);

/** Prints "specaudit <cmd>: <message>" and a hint to stderr; returns SA_EXIT_USAGE. */
int sa_cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Prints diagnostics gcc-style to `out`, sorted, one per line. */
void sa_cli_print_diags(const sa_diags *diags, FILE *out);
/** True when ANSI colour should be used on `out` (a TTY and NO_COLOR unset). */
bool sa_cli_use_color(FILE *out);
/** True when `out` and `in` name the same existing file (never for "-"): a
 *  report written to `out` would overwrite that input. */
bool sa_cli_same_file(const char *out, const char *in);
/* Limits on input, raised or lowered with --max-* options. */
typedef struct sa_cli_limits {
    sa_spec_limits spec;        /* specification size, nesting, alias expansions */
    sa_csv_limits csv;          /* return field length and column count */
    size_t agreement_max_bytes; /* agreement size */
    size_t max_providers;       /* check: providers assessed */
    size_t max_periods;         /* check: period results held */
} sa_cli_limits;
enum { SA_CLI_LIMITS_SPEC = 1, SA_CLI_LIMITS_CSV = 2, SA_CLI_LIMITS_CHECK = 4 };
void sa_cli_limits_default(sa_cli_limits *limits);
/** Prints the help lines of the limit options in `groups`, descriptions
 *  starting `width` columns after the indent. */
void sa_cli_limits_help(FILE *out, unsigned groups, int width);
/**
 * When argv[*i] is a limit option of `groups` ("--max-depth N" or
 * "--max-depth=N"), sets the limit, moves *i past its value and returns 1;
 * returns 0 for any other argument, and -1 after a usage message for a bad
 * value.
 */
int sa_cli_limits_option(const char *cmd, unsigned groups, int argc, char **argv, int *i,
                         sa_cli_limits *limits);
/** Reads an agreement within `limits` and loads it against `schema`. */
sa_agreement *sa_cli_load_agreement(const char *path, const sa_agreement_schema *schema,
                                    const sa_cli_limits *limits, sa_diags *diags);

/* A progress line on standard error while returns are read: rows, MB/s and the share of
 * bytes read, redrawn in place, once a run has lasted about 2 s; only when standard error
 * is a terminal and --quiet was not given. */
typedef struct sa_cli_progress sa_cli_progress;
/** NULL when no line is to be drawn (not a terminal, or quiet). */
sa_cli_progress *sa_cli_progress_new(bool quiet, const sa_return_file *files, size_t nfiles);
/** The reading library's progress callback (ctx: the sa_cli_progress). */
void sa_cli_progress_add(void *ctx, uint64_t rows, uint64_t bytes);
/** Clears the line and frees; NULL is a no-op. */
void sa_cli_progress_free(sa_cli_progress *p);

/** True when `arg` is "-h" or "--help". */
bool sa_cli_is_help(const char *arg);

#endif
