/* main.c — `specaudit`: dispatches to a subcommand. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/config.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"lint", sa_cli_lint, "validate specifications and agreements (file:line:col diagnostics)"},
    {"validate", sa_cli_validate, "check activity returns are well-formed against a specification"},
    {"check", sa_cli_check, "check returns against a specification and agreements; write compliance reports"},
    {"diff", sa_cli_diff, "show what an edit to a specification or agreement changes"},
    {"explain", sa_cli_explain, "describe a requirement in plain English"},
};

static void print_help(FILE *out)
{
    fputs("usage: specaudit <command> [options] [files...]\n\n"
          "Audits palliative and end-of-life care contracts: service specifications (YAML),\n"
          "heads of agreement (XML) and providers' activity returns (CSV).\n\n"
          "commands:\n",
          out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fputs("\noptions:\n"
          "  -h, --help     show this help (also: specaudit <command> --help)\n"
          "  --version      show the version\n"
          "  --color=WHEN   colour text on a terminal: auto (default; not with NO_COLOR\n"
          "                 set, TERM=dumb, or output that is not a terminal), always,\n"
          "                 never; accepted by every command\n\n"
          "exit status: 0 compliant or clean, 1 non-compliant or problems found,\n"
          "2 bad usage or unreadable input. See specaudit(1).\n",
          out);
}

int sa_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sa_app_usage_verror(stderr, cmd, fmt, ap);
    va_end(ap);
    return SA_EXIT_USAGE;
}

/* --color=WHEN, given anywhere on the command line (see take_color_option). */
static sa_cli_color color_mode = SA_CLI_COLOR_AUTO;

bool sa_cli_use_color(FILE *out)
{
    if (color_mode != SA_CLI_COLOR_AUTO)
        return color_mode == SA_CLI_COLOR_ALWAYS;
    const char *no = getenv("NO_COLOR");
    if (no && *no)
        return false;
    const char *term = getenv("TERM");
    if (term && strcmp(term, "dumb") == 0)
        return false;
    return isatty(fileno(out));
}

bool sa_cli_color_parse(const char *when, sa_cli_color *out)
{
    static const char *const names[] = {[SA_CLI_COLOR_AUTO] = "auto", [SA_CLI_COLOR_ALWAYS] = "always",
                                        [SA_CLI_COLOR_NEVER] = "never"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(when, names[i]) == 0) {
            *out = (sa_cli_color)i;
            return true;
        }
    }
    return false;
}

/*
 * Takes --color[=WHEN] (or --colour) out of argv, wherever it stands before
 * "--", so every command accepts it without parsing it itself; a bare
 * --color means always, as in GNU tools. Returns 0, or SA_EXIT_USAGE after a
 * message for an unknown WHEN.
 */
static int take_color_option(int *argc, char **argv)
{
    int kept = 1;
    bool options_done = false;
    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i];
        options_done = options_done || strcmp(a, "--") == 0;
        const char *eq = strchr(a, '=');
        size_t name_len = eq ? (size_t)(eq - a) : strlen(a);
        bool is_color = !options_done && ((name_len == 7 && strncmp(a, "--color", 7) == 0) ||
                                          (name_len == 8 && strncmp(a, "--colour", 8) == 0));
        if (!is_color) {
            argv[kept++] = argv[i];
            continue;
        }
        if (!eq) {
            color_mode = SA_CLI_COLOR_ALWAYS;
        } else if (!sa_cli_color_parse(eq + 1, &color_mode)) {
            fprintf(stderr, "specaudit: --color takes auto, always or never, not '%s'\n", eq + 1);
            return SA_EXIT_USAGE;
        }
    }
    argv[kept] = NULL;
    *argc = kept;
    return 0;
}

sa_app_io sa_cli_io(void)
{
    return (sa_app_io){stdout, stderr, sa_cli_use_color(stdout)};
}

int main(int argc, char **argv)
{
    if (take_color_option(&argc, argv) != 0)
        return SA_EXIT_USAGE;
    if (argc < 2) {
        print_help(stderr);
        return SA_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        print_help(stdout);
        return SA_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("specaudit %s\n", SA_VERSION);
        return SA_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "specaudit: unknown command '%s'\n", cmd);
    print_help(stderr);
    return SA_EXIT_USAGE;
}
