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
#include "report/report.h"

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
/** True when `arg` is "-h" or "--help". */
bool sa_cli_is_help(const char *arg);

#endif
