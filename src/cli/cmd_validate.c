/* cmd_validate.c — `specaudit validate SPEC RETURN...`: is each return well-formed? */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/alloc.h"

#define DEFAULT_MAX_ERRORS 100

static void usage(FILE *out)
{
    fputs("usage: specaudit validate SPEC RETURN... [options]\n\n"
          "Checks that each activity return (CSV) is well-formed against its dataset in the\n"
          "specification: header, cell types, required and unique columns.\n"
          "A RETURN is DATASET=path, or a path matched by a dataset's files: globs or,\n"
          "failing that, by its header row.\n\n"
          "options:\n"
          "  --max-errors N       show at most N diagnostics (default 100; 0 = all); all are counted\n"
          "  --format FMT         text (default), json or junit\n"
          "  -o, --output FILE    write the report to FILE (atomically) instead of standard output;\n"
          "                       without --format, the format follows the extension\n"
          "  --show-identifiers   print patient identifiers in diagnostics (masked by default)\n"
          "  -j, --jobs N         read on N threads: files in parallel, a large file split between\n"
          "                       them (default: number of cores)\n"
          "  -q, --quiet          no progress line on a terminal during long runs\n"
          "  -h, --help           show this help\n",
          out);
    sa_cli_limits_help(out, SA_CLI_LIMITS_SPEC | SA_CLI_LIMITS_CSV, 21);
    fputs("\nexit status: 0 clean (warnings allowed), 1 data-quality errors,\n"
          "2 bad usage, unreadable specification or unreadable return.\n",
          out);
}

#define VALIDATE_FORMATS (SA_FMT(SA_FORMAT_TEXT) | SA_FMT(SA_FORMAT_JSON) | SA_FMT(SA_FORMAT_JUNIT))

/* An option of validate's own (not a limit); -1 when parsed, else the exit status. */
static int parse_option(int c, sa_app_validate_request *req, bool *format_given)
{
    long n;
    switch (c) {
    case 'h':
        usage(stdout);
        return SA_EXIT_OK;
    case 'e':
        if (!sa_cli_parse_count(optarg, 0, 1L << 30, &n))
            return sa_cli_usage_error("validate", "--max-errors expects a number >= 0, found '%s'", optarg);
        req->max_errors = (size_t)n;
        return -1;
    case 'f':
        *format_given = true;
        return sa_cli_format_parse("validate", optarg, VALIDATE_FORMATS, &req->format) ? -1 : SA_EXIT_USAGE;
    case 'j':
        if (!sa_cli_parse_count(optarg, 1, 1L << 20, &n))
            return sa_cli_usage_error("validate", "--jobs expects a number >= 1, found '%s'", optarg);
        req->jobs = (unsigned)n;
        return -1;
    case 'o':
        req->output = optarg;
        return -1;
    case 'i':
        req->show_identifiers = true;
        return -1;
    case 'q':
        req->quiet = true;
        return -1;
    }
    return SA_EXIT_USAGE; /* not reached: getopt_long returns only the codes above */
}

/* Parses argv into *req (returns into `returns`). Returns -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, sa_app_validate_request *req, char **returns)
{
    static const struct option own[] = {
        {"max-errors", required_argument, NULL, 'e'}, {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},     {"show-identifiers", no_argument, NULL, 'i'},
        {"jobs", required_argument, NULL, 'j'},       {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},             {0},
    };
    struct option *longopts = sa_cli_longopts(own, SA_CLI_LIMITS_SPEC | SA_CLI_LIMITS_CSV);
    bool format_given = false;
    int c, rc = -1, lim;
    while (rc < 0 && (c = getopt_long(argc, argv, SA_CLI_SHORTOPTS("ho:j:q"), longopts, NULL)) != -1) {
        if (c == 1 && !req->spec_path)
            req->spec_path = optarg;
        else if (c == 1)
            returns[req->nreturns++] = optarg;
        else if ((lim = sa_cli_limit_option("validate", c, optarg, &req->limits)) != 0)
            rc = lim < 0 ? SA_EXIT_USAGE : -1;
        else if (c == '?' || c == ':')
            rc = sa_cli_bad_option("validate", c, argv);
        else
            rc = parse_option(c, req, &format_given);
    }
    free(longopts);
    for (; rc < 0 && optind < argc; optind++) {
        if (!req->spec_path)
            req->spec_path = argv[optind];
        else
            returns[req->nreturns++] = argv[optind];
    }
    if (rc < 0 && (!req->spec_path || req->nreturns == 0))
        rc = sa_cli_usage_error("validate", "expected a specification and at least one return");
    req->format_by_path = !format_given;
    return rc;
}

int sa_cli_validate(int argc, char **argv)
{
    char **returns = sa_xcalloc((size_t)argc + 1, sizeof *returns);
    sa_app_validate_request req = {.io = sa_cli_io(), .returns = returns, .format = SA_FORMAT_TEXT,
                                   .output = "-", .max_errors = DEFAULT_MAX_ERRORS};
    sa_app_limits_default(&req.limits);
    int rc = parse_args(argc, argv, &req, returns);
    if (rc < 0)
        rc = sa_app_validate(&req);
    free(returns);
    return rc;
}
