/* cmd_lint.c — `specaudit lint`: validates specifications and heads of agreement. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/alloc.h"

static void print_lint_help(FILE *out)
{
    fputs("usage: specaudit lint [options] FILE...\n\n"
          "Validates service specifications (.yaml) and heads of agreement (.xml), reporting\n"
          "every problem as file:line:col: severity[CODE]: message. Files ending in .xml\n"
          "(or whose root element is an agreement) are read as agreements and cross-checked\n"
          "against the specifications given in the same run. '-' reads standard input.\n\n"
          "options:\n"
          "  --format FORMAT   text (default), json, sarif or junit\n"
          "  -o, --output FILE write the report to FILE (written atomically; '-' = stdout);\n"
          "                    without --format, the format follows the extension\n"
          "  -h, --help        show this help\n",
          out);
    sa_cli_limits_help(out, SA_CLI_LIMITS_SPEC, 18);
    fputs("\nexit status: 0 no errors (warnings allowed), 1 errors found,\n"
          "2 bad usage or an unreadable file.\n",
          out);
}

#define LINT_FORMATS (SA_FMT(SA_FORMAT_TEXT) | SA_FMT(SA_FORMAT_JSON) | SA_FMT(SA_FORMAT_SARIF) | SA_FMT(SA_FORMAT_JUNIT))

/* Parses argv into *req (files into `files`). Returns -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, sa_app_lint_request *req, const char **files)
{
    static const struct option own[] = {
        {"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'}, {0},
    };
    struct option *longopts = sa_cli_longopts(own, SA_CLI_LIMITS_SPEC);
    bool format_given = false;
    int c, rc = -1, lim;
    while (rc < 0 && (c = getopt_long(argc, argv, SA_CLI_SHORTOPTS("ho:"), longopts, NULL)) != -1) {
        if (c == 1)
            files[req->nfiles++] = optarg;
        else if (c == 'h')
            rc = (print_lint_help(stdout), SA_EXIT_OK);
        else if (c == 'f')
            rc = sa_cli_format_parse("lint", optarg, LINT_FORMATS, &req->format) ? -1 : SA_EXIT_USAGE;
        else if (c == 'o' && !*optarg)
            rc = sa_cli_usage_error("lint", "%s expects a file name", argv[optind - 1]);
        else if (c == 'o')
            req->output = optarg;
        else if ((lim = sa_cli_limit_option("lint", c, optarg, &req->limits)) != 0)
            rc = lim < 0 ? SA_EXIT_USAGE : -1;
        else
            rc = sa_cli_bad_option("lint", c, argv);
        format_given = format_given || c == 'f';
    }
    free(longopts);
    while (rc < 0 && optind < argc)
        files[req->nfiles++] = argv[optind++];
    if (rc < 0 && req->nfiles == 0)
        rc = sa_cli_usage_error("lint", "expected at least one specification or agreement file");
    req->format_by_path = !format_given;
    return rc;
}

int sa_cli_lint(int argc, char **argv)
{
    const char **files = sa_xcalloc((size_t)argc + 1, sizeof *files);
    sa_app_lint_request req = {.io = sa_cli_io(), .files = files, .format = SA_FORMAT_TEXT, .output = "-"};
    sa_app_limits_default(&req.limits);
    int rc = parse_args(argc, argv, &req, files);
    if (rc < 0)
        rc = sa_app_lint(&req);
    free(files);
    return rc;
}
