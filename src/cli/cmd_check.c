/* cmd_check.c — `specaudit check SPEC [AGREEMENT.xml...] RETURN...`: checks the
 * returns against the specification and the agreements, writes the
 * compliance report(s), and maps the verdicts to the exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/alloc.h"

static void usage(FILE *out)
{
    fputs("usage: specaudit check SPEC.yaml [AGREEMENT.xml...] RETURN... [options]\n\n"
          "Checks providers' activity returns against a service specification and, when\n"
          "given, the heads of agreement that bind each provider to it. Each return is\n"
          "read once; one verdict is given per requirement and provider (and a system-wide\n"
          "verdict for `scope: system` requirements), with the evidence behind it.\n"
          "A RETURN is DATASET=path, or a path matched by a dataset's files: globs or,\n"
          "failing that, by its header row.\n\n"
          "options:\n"
          "  --period FROM..TO      assess only these dates (YYYY-MM-DD..YYYY-MM-DD; default the spec period)\n"
          "  --provider CODE        assess only this provider\n"
          "  --format FMT           text (default), json, junit, html, csv, md or sarif; repeatable,\n"
          "                         each --format may be followed by its own -o FILE\n"
          "  -o, --output FILE      write the preceding --format's report to FILE (atomically);\n"
          "                         without a --format, the format follows the extension\n"
          "                         (an extension that names no format is an error)\n"
          "  --fail-on SEVERITY     critical, major or minor (default): the severities the overall status\n"
          "                         rests on; exit 1 when one of them is not met, partially met or\n"
          "                         without usable evidence\n"
          "  --accept-not-assessable\n"
          "                         staged roll-outs: compliance not demonstrated (no usable\n"
          "                         evidence) exits 0; the reports still say so\n"
          "  --max-examples N       evidence rows kept per verdict (default 20; totals stay exact)\n"
          "  --today DATE           returns due after DATE are pending, not missing (submission checks)\n"
          "  --submissions FILE     the submissions manifest (CSV): which returns were received, when, in\n"
          "                         which file; nil returns; a file that replaces an earlier one\n"
          "  --baseline FILE        an earlier JSON report of the same specification: the figures of\n"
          "                         requirements with `baseline: {report: true}` are compared with it\n"
          "  -j, --jobs N           read on N threads: returns in parallel, a large return split\n"
          "                         between them (default: number of cores)\n"
          "  -q, --quiet            no progress line on a terminal during long runs\n"
          "  --show-identifiers     show patient identifiers in evidence (masked by default)\n"
          "  --verbose              text report: all evidence, not only the worst\n"
          "  -h, --help             show this help\n",
          out);
    sa_cli_limits_help(out, SA_CLI_LIMITS_SPEC | SA_CLI_LIMITS_CSV | SA_CLI_LIMITS_CHECK, 23);
    fputs("\nexit status: 0 compliant (every verdict at or above --fail-on met, waived or excluded),\n"
          "1 not compliant (one not_met or partially_met) or compliance not demonstrated (one\n"
          "not_assessable; 0 with --accept-not-assessable), 2 bad usage or unusable input (an\n"
          "unreadable or invalid specification, agreement or return; any `error` verdict).\n",
          out);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static bool parse_period(const char *s, sa_date *from, sa_date *to)
{
    const char *dots = strstr(s, "..");
    if (!dots)
        return false;
    if (!sa_date_parse_iso(s, (size_t)(dots - s), from))
        return false;
    if (!sa_date_parse_iso(dots + 2, strlen(dots + 2), to))
        return false;
    return *from <= *to;
}

#define ALL_FORMATS 0x7fu

/* The command line, parsed into a request; the arrays are as long as argv. */
typedef struct check_args {
    sa_app_check_request req;
    const char **agreements;
    char **returns;
    sa_app_output *outputs;
    bool last_had_path; /* the latest --format already has its -o */
} check_args;

/* -o FILE: the preceding --format's report, or one in the format its extension names. */
static int add_output(check_args *ca, const char *path)
{
    if (ca->req.noutputs > 0 && !ca->last_had_path)
        ca->outputs[ca->req.noutputs - 1].path = path;
    else
        ca->outputs[ca->req.noutputs++] = (sa_app_output){SA_FORMAT_TEXT, true, path};
    ca->last_had_path = true;
    return -1;
}

/* --format FMT: a report to standard output unless a -o follows. */
static int add_format(check_args *ca, const char *name)
{
    if (!sa_cli_format_parse("check", name, ALL_FORMATS, &ca->outputs[ca->req.noutputs].format))
        return SA_EXIT_USAGE;
    ca->outputs[ca->req.noutputs++].path = "-";
    ca->last_had_path = false;
    return -1;
}

/* An option taking a value. Returns -1 when parsed, -2 for another option,
 * else the exit status of a usage error. */
static int parse_valued(check_args *ca, int c, const char *val)
{
    sa_check_options *opts = &ca->req.opts;
    long n;
    switch (c) {
    case 'P':
        if (!parse_period(val, &opts->period_from, &opts->period_to))
            return sa_cli_usage_error("check", "--period expects FROM..TO like 2007-04-01..2007-09-30, found '%s'", val);
        return -1;
    case 'p': opts->provider = val; return -1;
    case 'f': return add_format(ca, val);
    case 'o': return add_output(ca, val);
    case 'F':
        if (!sa_req_severity_parse(val, &opts->fail_on))
            return sa_cli_usage_error("check", "--fail-on expects critical, major or minor, found '%s'", val);
        return -1;
    case 'x':
        if (!sa_cli_parse_count(val, 0, 1000000, &n))
            return sa_cli_usage_error("check", "--max-examples expects a number from 0, found '%s'", val);
        opts->max_examples = (size_t)n;
        return -1;
    case 'j':
        if (!sa_cli_parse_count(val, 1, 1024, &n))
            return sa_cli_usage_error("check", "--jobs expects a number of jobs from 1 to 1024, found '%s'", val);
        opts->jobs = (int)n;
        return -1;
    case 't':
        if (!sa_date_parse_iso(val, strlen(val), &opts->today))
            return sa_cli_usage_error("check", "--today expects a date like 2008-04-15, found '%s'", val);
        return -1;
    case 's': ca->req.manifest_path = val; return -1;
    case 'B': ca->req.baseline_path = val; return -1;
    }
    return -2;
}

/* A file argument: the first .yaml/.yml is the specification, every .xml an
 * agreement, anything else (or DATASET=path) a return. */
static void add_file(check_args *ca, char *arg)
{
    bool has_eq = strchr(arg, '=') != NULL;
    if (!ca->req.spec_path && !has_eq && (ends_with(arg, ".yaml") || ends_with(arg, ".yml")))
        ca->req.spec_path = arg;
    else if (!has_eq && ends_with(arg, ".xml"))
        ca->agreements[ca->req.nagreements++] = arg;
    else
        ca->returns[ca->req.nreturns++] = arg;
}

/* One getopt_long code. Returns -1 to go on, else the exit status. */
static int parse_one(check_args *ca, int c, char **argv)
{
    int rc = parse_valued(ca, c, optarg), lim;
    if (rc != -2)
        return rc;
    switch (c) {
    case 1: add_file(ca, optarg); return -1;
    case 'h': usage(stdout); return SA_EXIT_OK;
    case 'A': ca->req.opts.accept_not_assessable = true; return -1;
    case 'i': ca->req.opts.show_identifiers = true; return -1;
    case 'q': ca->req.quiet = true; return -1;
    case 'v': ca->req.ropts.verbose = true; return -1;
    }
    if ((lim = sa_cli_limit_option("check", c, optarg, &ca->req.limits)) != 0)
        return lim < 0 ? SA_EXIT_USAGE : -1;
    return sa_cli_bad_option("check", c, argv);
}

/* Parses argv into *ca. Returns -1 to go on, else the exit status. */
static int parse_args(check_args *ca, int argc, char **argv)
{
    static const struct option own[] = {
        {"period", required_argument, NULL, 'P'},     {"provider", required_argument, NULL, 'p'},
        {"format", required_argument, NULL, 'f'},     {"output", required_argument, NULL, 'o'},
        {"fail-on", required_argument, NULL, 'F'},    {"max-examples", required_argument, NULL, 'x'},
        {"jobs", required_argument, NULL, 'j'},       {"today", required_argument, NULL, 't'},
        {"submissions", required_argument, NULL, 's'}, {"accept-not-assessable", no_argument, NULL, 'A'},
        {"baseline", required_argument, NULL, 'B'},
        {"show-identifiers", no_argument, NULL, 'i'}, {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},          {"help", no_argument, NULL, 'h'},
        {0},
    };
    struct option *longopts = sa_cli_longopts(own, SA_CLI_LIMITS_SPEC | SA_CLI_LIMITS_CSV | SA_CLI_LIMITS_CHECK);
    int c, rc = -1;
    while (rc < 0 && (c = getopt_long(argc, argv, SA_CLI_SHORTOPTS("ho:j:qv"), longopts, NULL)) != -1)
        rc = parse_one(ca, c, argv);
    free(longopts);
    /* After "--", every argument is a return. */
    while (rc < 0 && optind < argc)
        ca->returns[ca->req.nreturns++] = argv[optind++];
    if (rc >= 0)
        return rc;
    if (!ca->req.spec_path)
        return sa_cli_usage_error("check", "expected a specification (.yaml or .yml) first");
    if (ca->req.nreturns == 0)
        return sa_cli_usage_error("check", "expected at least one return (CSV) to check");
    if (ca->req.noutputs == 0)
        ca->outputs[ca->req.noutputs++] = (sa_app_output){SA_FORMAT_TEXT, false, "-"};
    return -1;
}

int sa_cli_check(int argc, char **argv)
{
    check_args ca = {.last_had_path = true};
    ca.agreements = sa_xcalloc((size_t)argc + 1, sizeof *ca.agreements);
    ca.returns = sa_xcalloc((size_t)argc + 1, sizeof *ca.returns);
    ca.outputs = sa_xcalloc((size_t)argc + 1, sizeof *ca.outputs);
    ca.req.io = sa_cli_io();
    ca.req.agreement_paths = ca.agreements;
    ca.req.returns = ca.returns;
    ca.req.outputs = ca.outputs;
    sa_check_options_default(&ca.req.opts);
    sa_app_limits_default(&ca.req.limits);
    int rc = parse_args(&ca, argc, argv);
    if (rc < 0)
        rc = sa_app_check(&ca.req);
    free(ca.agreements);
    free(ca.returns);
    free(ca.outputs);
    return rc;
}
