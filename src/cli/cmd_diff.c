/*
 * cmd_diff.c — `specaudit diff`: what an edit to a specification or a heads
 * of agreement changes for providers.
 *
 *   specaudit diff [options] OLD NEW
 *   specaudit diff [options] --git REV [FILES...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/alloc.h"
#include "diff/diff.h"

static void usage(FILE *out)
{
    fputs("usage: specaudit diff [options] OLD NEW\n"
          "       specaudit diff [options] --git REV [FILES...]\n\n"
          "Shows what an edit to a specification (YAML) or heads of agreement (XML)\n"
          "changes for providers: requirements added, removed or renamed; targets,\n"
          "windows, limits and severities tightened or loosened; datasets and columns\n"
          "added or removed; a version not bumped. OLD or NEW may be - (standard input).\n\n"
          "options:\n"
          "  --git REV          compare every specification and agreement changed since\n"
          "                     REV (a commit, branch or tag) with the working tree;\n"
          "                     FILES limit the comparison to those paths\n"
          "  --format FMT       text (default), json, or md (a pull-request comment)\n"
          "  --fail-on CLASSES  exit 1 when a change of these classes is found: a comma\n"
          "                     list of loosened, removed, tightened, added, changed,\n"
          "                     warning, or any\n"
          "  -o, --output FILE  write the report to FILE (atomically) instead of stdout;\n"
          "                     without --format, the format follows the extension\n"
          "  -h, --help         show this help\n",
          out);
    sa_cli_limits_help(out, SA_CLI_LIMITS_SPEC, 19);
    fputs("\nexit status: 0 no change matches --fail-on (always 0 without it), 1 some\n"
          "change does, 2 bad usage or unreadable input.\n",
          out);
}

static bool parse_fail_on(const char *text, unsigned *mask)
{
    *mask = 0;
    char *copy = sa_xstrdup(text);
    bool ok = true;
    char *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ')
            tok++;
        sa_change_class c;
        if (strcmp(tok, "any") == 0)
            *mask |= 0xffu;
        else if (sa_change_class_parse(tok, &c))
            *mask |= 1u << c;
        else
            ok = false;
    }
    free(copy);
    return ok && *mask != 0;
}

#define DIFF_FORMATS (SA_FMT(SA_FORMAT_TEXT) | SA_FMT(SA_FORMAT_JSON) | SA_FMT(SA_FORMAT_MD))

/* One getopt_long code. Returns -1 to go on, else the exit status. */
static int parse_one(int c, char **argv, sa_app_diff_request *req, char **positional, sa_format *format,
                     bool *format_given)
{
    int lim;
    switch (c) {
    case 1: positional[req->nfiles++] = optarg; return -1;
    case 'h': usage(stdout); return SA_EXIT_OK;
    case 'g': req->rev = optarg; return -1;
    case 'o': req->output = optarg; return -1;
    case 'f':
        *format_given = true;
        return sa_cli_format_parse("diff", optarg, DIFF_FORMATS, format) ? -1 : SA_EXIT_USAGE;
    case 'F':
        if (!parse_fail_on(optarg, &req->fail_mask))
            return sa_cli_usage_error("diff",
                                      "--fail-on takes loosened, removed, any (or tightened, "
                                      "added, changed, warning), comma-separated; found '%s'",
                                      optarg);
        return -1;
    }
    if ((lim = sa_cli_limit_option("diff", c, optarg, &req->limits)) != 0)
        return lim < 0 ? SA_EXIT_USAGE : -1;
    return sa_cli_bad_option("diff", c, argv);
}

/* Parses argv into *req (operands into `positional`). Returns -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, sa_app_diff_request *req, char **positional)
{
    static const struct option own[] = {
        {"git", required_argument, NULL, 'g'},    {"format", required_argument, NULL, 'f'},
        {"fail-on", required_argument, NULL, 'F'}, {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},         {0},
    };
    struct option *longopts = sa_cli_longopts(own, SA_CLI_LIMITS_SPEC);
    sa_format format = SA_FORMAT_TEXT;
    bool format_given = false;
    int c, rc = -1;
    while (rc < 0 && (c = getopt_long(argc, argv, SA_CLI_SHORTOPTS("ho:"), longopts, NULL)) != -1)
        rc = parse_one(c, argv, req, positional, &format, &format_given);
    free(longopts);
    while (rc < 0 && optind < argc)
        positional[req->nfiles++] = argv[optind++];
    if (rc >= 0)
        return rc;
    req->format = format;
    req->format_by_path = !format_given;
    if (req->rev)
        return -1;
    if (req->nfiles != 2)
        return sa_cli_usage_error("diff", "expected OLD and NEW files (or --git REV), found %zu file%s", req->nfiles,
                                  req->nfiles == 1 ? "" : "s");
    req->old_path = positional[0];
    req->new_path = positional[1];
    req->nfiles = 0;
    return -1;
}

int sa_cli_diff(int argc, char **argv)
{
    char **positional = sa_xcalloc((size_t)argc + 1, sizeof *positional);
    sa_app_diff_request req = {.io = sa_cli_io(), .files = positional};
    sa_app_limits_default(&req.limits);
    int rc = parse_args(argc, argv, &req, positional);
    if (rc < 0)
        rc = sa_app_diff(&req);
    free(positional);
    return rc;
}
