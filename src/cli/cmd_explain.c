/* cmd_explain.c — `specaudit explain SPEC REQUIREMENT-ID`: a requirement in plain English. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static void print_explain_help(FILE *out)
{
    fputs("usage: specaudit explain SPEC REQUIREMENT-ID\n\n"
          "Describes one requirement of a service specification in plain English: its\n"
          "title, severity and scope, what the check reads and counts, its target, and\n"
          "its where/meets/exclude conditions in words and in canonical form.\n\n"
          "options:\n"
          "  -h, --help             show this help\n",
          out);
    sa_cli_limits_help(out, SA_CLI_LIMITS_SPEC, 23);
    fputs("\nexit status: 0 explained, 1 the specification has errors (the requirement is\n"
          "still explained as far as possible), 2 bad usage, an unreadable file or an\n"
          "unknown requirement id.\n",
          out);
}

/* Parses argv into *req. Returns -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, sa_app_explain_request *req)
{
    static const struct option own[] = {{"help", no_argument, NULL, 'h'}, {0}};
    struct option *longopts = sa_cli_longopts(own, SA_CLI_LIMITS_SPEC);
    const char *args[3] = {NULL, NULL, NULL}; /* SPEC, REQUIREMENT-ID and the first extra one */
    int nargs = 0, c, rc = -1, lim;
    while (rc < 0 && (c = getopt_long(argc, argv, SA_CLI_SHORTOPTS("h"), longopts, NULL)) != -1) {
        if (c == 1 && nargs < 3)
            args[nargs++] = optarg;
        else if (c == 1)
            continue;
        else if (c == 'h')
            rc = (print_explain_help(stdout), SA_EXIT_OK);
        else if ((lim = sa_cli_limit_option("explain", c, optarg, &req->limits)) != 0)
            rc = lim < 0 ? SA_EXIT_USAGE : -1;
        else
            rc = sa_cli_bad_option("explain", c, argv);
    }
    free(longopts);
    while (optind < argc && nargs < 3)
        args[nargs++] = argv[optind++];
    if (rc < 0 && nargs > 2)
        rc = sa_cli_usage_error("explain", "expected SPEC REQUIREMENT-ID, found an extra argument '%s'", args[2]);
    else if (rc < 0 && nargs < 2)
        rc = sa_cli_usage_error("explain", "expected SPEC REQUIREMENT-ID");
    req->spec_path = args[0];
    req->requirement_id = args[1];
    return rc;
}

int sa_cli_explain(int argc, char **argv)
{
    sa_app_explain_request req = {.io = sa_cli_io()};
    sa_app_limits_default(&req.limits);
    int rc = parse_args(argc, argv, &req);
    return rc < 0 ? sa_app_explain(&req) : rc;
}
