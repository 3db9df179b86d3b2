/*
 * cli.h — the specaudit command line: one function per subcommand, each
 * parsing its own arguments (getopt_long) into a request for the command's
 * pipeline (app/app.h) and returning its exit code.
 */
#ifndef SA_CLI_H
#define SA_CLI_H

#include <getopt.h>

#include "app/app.h"

int sa_cli_lint(int argc, char **argv);
int sa_cli_validate(int argc, char **argv);
int sa_cli_check(int argc, char **argv);
int sa_cli_diff(int argc, char **argv);
int sa_cli_explain(int argc, char **argv);

/** Prints "specaudit <cmd>: <message>" and a hint to stderr; returns SA_EXIT_USAGE. */
int sa_cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** --color=WHEN: auto (the default), always, never. */
typedef enum sa_cli_color { SA_CLI_COLOR_AUTO = 0, SA_CLI_COLOR_ALWAYS, SA_CLI_COLOR_NEVER } sa_cli_color;
bool sa_cli_color_parse(const char *when, sa_cli_color *out);
/** True when ANSI colour should be used on `out`: as --color says, and for
 *  auto when `out` is a terminal, NO_COLOR is unset or empty and TERM is not "dumb". */
bool sa_cli_use_color(FILE *out);
/** Standard output and error, colour on standard output as sa_cli_use_color says. */
sa_app_io sa_cli_io(void);

/* ---- options (options.c) ---------------------------------------------------------- */

/* getopt_long's short options, in the order the caller's arguments are given:
 * a file or other operand comes back as option 1 (optarg), "--" ends options
 * (the rest stay at argv[optind...]), and a missing value is ':'. */
#define SA_CLI_SHORTOPTS(s) "-:" s
enum { SA_CLI_LIMITS_SPEC = 1, SA_CLI_LIMITS_CSV = 2, SA_CLI_LIMITS_CHECK = 4 };
/** A command's long options followed by the limit options of `groups` and a
 *  terminator, for getopt_long; free() it. `own` ends with a zeroed entry. */
struct option *sa_cli_longopts(const struct option *own, unsigned groups);
/** When `c` is a limit option's code, sets that limit from `arg`: returns 1,
 *  or -1 after a usage message for a bad value; 0 for any other code. */
int sa_cli_limit_option(const char *cmd, int c, const char *arg, sa_app_limits *limits);
/** Prints the help lines of the limit options in `groups`, descriptions
 *  starting `width` columns after the indent. */
void sa_cli_limits_help(FILE *out, unsigned groups, int width);
/** The usage error for getopt_long's '?' (unknown option) or ':' (no value); SA_EXIT_USAGE. */
int sa_cli_bad_option(const char *cmd, int c, char **argv);
/** A whole number from `min` to `max`. */
bool sa_cli_parse_count(const char *s, long min, long max, long *out);
/** --format's value, which must be in `allowed`; false after a message listing them. */
bool sa_cli_format_parse(const char *cmd, const char *value, unsigned allowed, sa_format *out);

#endif
