/* cmd_check.c — `specaudit check SPEC [AGREEMENT.xml...] RETURN...`: checks the
 * returns against the specification and the agreements, writes the
 * compliance report(s), and maps the verdicts to the exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agreement/agreement.h"
#include "checks/checks.h"
#include "cli/cli.h"
#include "core/config.h"
#include "core/fileio.h"
#include "core/sha256.h"
#include "report/report.h"
#include "returns/returns.h"
#include "spec/spec.h"
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

typedef struct output {
    sa_format format;
    const char *path;
} output;

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static sa_format format_from_path(const char *path)
{
    if (ends_with(path, ".json"))
        return SA_FORMAT_JSON;
    if (ends_with(path, ".xml"))
        return SA_FORMAT_JUNIT;
    if (ends_with(path, ".html") || ends_with(path, ".htm"))
        return SA_FORMAT_HTML;
    if (ends_with(path, ".csv"))
        return SA_FORMAT_CSV;
    if (ends_with(path, ".md"))
        return SA_FORMAT_MD;
    if (ends_with(path, ".sarif"))
        return SA_FORMAT_SARIF;
    return SA_FORMAT_TEXT;
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

static bool parse_count(const char *s, long max, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < 0 || v > max)
        return false;
    *out = v;
    return true;
}

/* Prints load and data-quality diagnostics to stderr, sorted. */
static void print_diags(sa_diags *d)
{
    sa_diags_sort(d);
    sa_cli_print_diags(d, stderr);
    uint64_t total = sa_diags_total(d, SA_SEV_ERROR) + sa_diags_total(d, SA_SEV_WARNING) +
                     sa_diags_total(d, SA_SEV_NOTE);
    if (total > sa_diags_count(d))
        fprintf(stderr, "specaudit check: %llu more diagnostics not shown (use specaudit validate to list all)\n",
                (unsigned long long)(total - sa_diags_count(d)));
}


/* A report must never overwrite an input. Returns true (with a diagnostic) when one would. */
static bool output_clobbers_input(const output *outputs, size_t noutputs, const char *spec_path,
                                  const char *manifest_path, const char *const *agreements, size_t nagreements,
                                  char *const *returns, size_t nreturns, sa_diags *diags)
{
    bool bad = false;
    for (size_t i = 0; i < noutputs; i++) {
        const char *o = outputs[i].path;
        const char *hit = sa_cli_same_file(o, spec_path) ? spec_path : NULL;
        if (!hit && manifest_path && sa_cli_same_file(o, manifest_path))
            hit = manifest_path;
        for (size_t k = 0; k < nagreements && !hit; k++)
            if (sa_cli_same_file(o, agreements[k]))
                hit = agreements[k];
        for (size_t k = 0; k < nreturns && !hit; k++) {
            const char *eq = strchr(returns[k], '=');
            const char *path = eq ? eq + 1 : returns[k];
            if (sa_cli_same_file(o, path))
                hit = path;
        }
        if (hit) {
            sa_diags_error(diags, "E-IO-OUTPUT-IS-INPUT", (sa_pos){o, 0, 0},
                           "expected a report path that is not an input, found the input %s", hit);
            bad = true;
        }
    }
    return bad;
}

/* A checksum as the report prints it, or NULL (with a diagnostic) when the
 * file cannot be read again; standard input was read once, by the check. */
static const char *checksum(sa_result_set *rs, const char *path, sa_diags *diags)
{
    char hex[SA_SHA256_HEX_LEN + 1];
    if (strcmp(path, "-") == 0 || sa_sha256_file(path, hex, NULL, diags) != 0)
        return NULL;
    return sa_arena_strdup(rs->arena, hex);
}

/* The provenance the reports print: what the verdicts rest on, each input by
 * checksum, so a reader can show the report was made from these files. */
static void record_provenance(sa_result_set *rs, const char *spec_path, sa_agreement *const *ags, size_t nags,
                              sa_diags *diags)
{
    rs->tool_version = SA_VERSION;
    rs->spec_path = spec_path;
    rs->spec_sha256 = checksum(rs, spec_path, diags);
    for (size_t i = 0; i < nags; i++) {
        sa_agreement_ref ref = {ags[i]->id, ags[i]->version, ags[i]->path, checksum(rs, ags[i]->path, diags),
                                ags[i]->provider_code, ags[i]->provider_name};
        sa_result_set_add_agreement(rs, &ref);
    }
    for (size_t i = 0; i < rs->ninputs; i++)
        rs->inputs[i].sha256 = checksum(rs, rs->inputs[i].path, diags);
}

/* The exit status: the summary's (0 when it passes, else 1), or 2 when a
 * check could not run — some input was unusable, whatever --fail-on says. */
static int exit_status(const sa_result_set *rs)
{
    for (size_t i = 0; i < rs->nresults; i++)
        if (rs->results[i].verdict == SA_VERDICT_ERROR)
            return SA_EXIT_USAGE;
    return rs->summary.passes ? SA_EXIT_OK : SA_EXIT_FINDINGS;
}

/* Everything the command line says, parsed. */
typedef struct check_args {
    const char *spec_path;
    const char *manifest_path; /* --submissions */
    const char **agreement_paths;
    size_t nagreements;
    char **return_args;
    size_t nreturns;
    output *outputs;
    size_t noutputs;
    bool last_had_path; /* the latest --format already has its -o */
    bool quiet;         /* no progress line */
    sa_check_options opts;
    sa_report_options ropts;
    sa_cli_limits limits;
} check_args;

static bool takes_value(const char *a)
{
    static const char *const with_value[] = {"--period", "--provider", "--format", "-o", "--output", "--fail-on",
                                             "--max-examples", "-j", "--jobs", "--today", "--submissions"};
    for (size_t i = 0; i < sizeof with_value / sizeof with_value[0]; i++)
        if (strcmp(a, with_value[i]) == 0)
            return true;
    return false;
}

/* An option taking a value. Returns -1 when parsed, else the exit status of a usage error. */
static int parse_valued(check_args *ca, const char *a, const char *val)
{
    long n;
    if (strcmp(a, "--period") == 0) {
        if (!parse_period(val, &ca->opts.period_from, &ca->opts.period_to))
            return sa_cli_usage_error("check", "--period expects FROM..TO like 2007-04-01..2007-09-30, found '%s'", val);
    } else if (strcmp(a, "--provider") == 0) {
        ca->opts.provider = val;
    } else if (strcmp(a, "--format") == 0) {
        if (!sa_format_parse(val, &ca->outputs[ca->noutputs].format))
            return sa_cli_usage_error("check", "--format expects text, json, junit, html, csv, md or sarif, found '%s'",
                                      val);
        ca->outputs[ca->noutputs++].path = "-";
        ca->last_had_path = false;
    } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
        if (ca->noutputs > 0 && !ca->last_had_path) {
            ca->outputs[ca->noutputs - 1].path = val;
        } else {
            ca->outputs[ca->noutputs].format = format_from_path(val);
            ca->outputs[ca->noutputs++].path = val;
        }
        ca->last_had_path = true;
    } else if (strcmp(a, "--fail-on") == 0) {
        if (!sa_req_severity_parse(val, &ca->opts.fail_on))
            return sa_cli_usage_error("check", "--fail-on expects critical, major or minor, found '%s'", val);
    } else if (strcmp(a, "--max-examples") == 0) {
        if (!parse_count(val, 1000000, &n))
            return sa_cli_usage_error("check", "--max-examples expects a number from 0, found '%s'", val);
        ca->opts.max_examples = (size_t)n;
    } else if (strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) {
        if (!parse_count(val, 1024, &n) || n < 1)
            return sa_cli_usage_error("check", "%s expects a number of jobs from 1 to 1024, found '%s'", a, val);
        ca->opts.jobs = (int)n;
    } else if (strcmp(a, "--today") == 0) {
        if (!sa_date_parse_iso(val, strlen(val), &ca->opts.today))
            return sa_cli_usage_error("check", "--today expects a date like 2008-04-15, found '%s'", val);
    } else if (strcmp(a, "--submissions") == 0) {
        ca->manifest_path = val;
    }
    return -1;
}

/* An option (argv[*i] starts with '-'). Returns -1 when parsed (moving *i past
 * its value), else the exit status: help shown or a usage error. */
static int parse_option(check_args *ca, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    if (takes_value(a)) {
        if (*i + 1 >= argc)
            return sa_cli_usage_error("check", "option %s needs a value", a);
        (*i)++;
        return parse_valued(ca, a, argv[*i]);
    }
    if (strcmp(a, "--accept-not-assessable") == 0)
        ca->opts.accept_not_assessable = true;
    else if (strcmp(a, "--show-identifiers") == 0)
        ca->opts.show_identifiers = true;
    else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0)
        ca->quiet = true;
    else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0)
        ca->ropts.verbose = true;
    else
        return sa_cli_usage_error("check", "unknown option '%s'", a);
    return -1;
}

/* A file argument: the first .yaml/.yml is the specification, every .xml an
 * agreement, anything else (or DATASET=path) a return. */
static void add_file(check_args *ca, char *arg)
{
    bool has_eq = strchr(arg, '=') != NULL;
    if (!ca->spec_path && !has_eq && (ends_with(arg, ".yaml") || ends_with(arg, ".yml")))
        ca->spec_path = arg;
    else if (!has_eq && ends_with(arg, ".xml"))
        ca->agreement_paths[ca->nagreements++] = arg;
    else
        ca->return_args[ca->nreturns++] = arg;
}

/* Parses argv into *ca. Returns -1 to go on, else the exit status. */
static int parse_args(check_args *ca, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (sa_cli_is_help(argv[i])) {
            usage(stdout);
            return SA_EXIT_OK;
        }
        int lim = sa_cli_limits_option("check", SA_CLI_LIMITS_SPEC | SA_CLI_LIMITS_CSV | SA_CLI_LIMITS_CHECK, argc, argv,
                                       &i, &ca->limits);
        if (lim < 0)
            return SA_EXIT_USAGE;
        if (lim > 0)
            continue;
        if (strcmp(argv[i], "--") == 0) {
            for (i++; i < argc; i++)
                ca->return_args[ca->nreturns++] = argv[i];
            break;
        }
        if (argv[i][0] != '-' || argv[i][1] == '\0') {
            add_file(ca, argv[i]);
            continue;
        }
        int rc = parse_option(ca, argc, argv, &i);
        if (rc >= 0)
            return rc;
    }
    if (!ca->spec_path)
        return sa_cli_usage_error("check", "expected a specification (.yaml or .yml) first");
    if (ca->nreturns == 0)
        return sa_cli_usage_error("check", "expected at least one return (CSV) to check");
    if (ca->noutputs == 0) {
        ca->outputs[0].format = SA_FORMAT_TEXT;
        ca->outputs[0].path = "-";
        ca->noutputs = 1;
    }
    return -1;
}

/* What a run loads before the check; freed by inputs_free(). */
typedef struct check_inputs {
    sa_spec *spec;
    sa_manifest *manifest;
    sa_agreement **ags;
    sa_plan *plan;
    sa_return_file *files;
    size_t nfiles;
} check_inputs;

static void inputs_free(check_inputs *in, size_t nagreements)
{
    sa_manifest_free(in->manifest);
    free(in->files);
    sa_plan_free(in->plan);
    for (size_t i = 0; in->ags && i < nagreements; i++)
        sa_agreement_free(in->ags[i]);
    free(in->ags);
    sa_spec_free(in->spec);
}

/* Loads the specification, agreements, plan and returns. Returns false (the
 * diagnostics say why) when one is unusable. */
static bool load_inputs(const check_args *ca, check_inputs *in, sa_diags *diags)
{
    in->spec = sa_spec_load(ca->spec_path, &ca->limits.spec, diags);
    in->ags = sa_xcalloc(ca->nagreements + 1, sizeof *in->ags);
    if (!in->spec || sa_diags_has_errors(diags)) {
        fprintf(stderr, "specaudit check: the specification %s is not usable (see specaudit lint)\n", ca->spec_path);
        return false;
    }
    if (ca->nagreements > 0) {
        sa_agreement_schema *schema = sa_agreement_schema_load(NULL, diags);
        for (size_t i = 0; schema && i < ca->nagreements; i++) {
            in->ags[i] = sa_cli_load_agreement(ca->agreement_paths[i], schema, &ca->limits, diags);
            if (!in->ags[i])
                break;
        }
        sa_agreement_schema_free(schema);
    }
    if (sa_diags_has_errors(diags)) {
        fprintf(stderr, "specaudit check: an agreement is not usable (see specaudit lint)\n");
        return false;
    }
    sa_spec *specs[1] = {in->spec};
    sa_agreement_bind(in->ags, ca->nagreements, specs, 1, ca->opts.today, diags);
    if (sa_diags_has_errors(diags)) {
        fprintf(stderr, "specaudit check: the agreements do not fit the specification (see specaudit lint)\n");
        return false;
    }
    in->plan = sa_plan_build(in->spec, in->ags, ca->nagreements, diags);
    if (!in->plan || sa_diags_has_errors(diags))
        return false;
    for (size_t i = 0; i < ca->nreturns; i++) {
        const char *eq = strchr(ca->return_args[i], '=');
        if (!sa_file_check_input(eq ? eq + 1 : ca->return_args[i], diags))
            return false;
    }
    in->files = sa_returns_resolve(in->spec, ca->return_args, ca->nreturns, &ca->limits.csv, &in->nfiles, diags);
    if (!in->files || sa_diags_has_errors(diags))
        return false;
    if (ca->manifest_path) {
        in->manifest = sa_manifest_load(ca->manifest_path, in->spec, &ca->limits.csv, ca->limits.spec.max_bytes, diags);
        if (!in->manifest || sa_diags_has_errors(diags)) {
            fprintf(stderr, "specaudit check: the submissions manifest %s is not usable\n", ca->manifest_path);
            return false;
        }
    }
    return true;
}

/* --provider must name a provider the run reported on. */
static bool provider_known(const sa_result_set *rs, const char *provider, sa_diags *diags)
{
    for (size_t i = 0; i < rs->nresults; i++)
        if (rs->results[i].provider_code && strcmp(rs->results[i].provider_code, provider) == 0)
            return true;
    sa_diags_error(diags, "E-CHECK-NO-SUCH-PROVIDER", (sa_pos){NULL, 0, 0},
                   "expected --provider to name a provider of the agreements, the returns or the "
                   "specification, found %s",
                   provider);
    return false;
}

/* Writes every report asked for; returns false when one could not be written. */
static bool write_reports(const check_args *ca, const sa_result_set *rs, sa_diags *diags)
{
    bool ok = true;
    for (size_t i = 0; i < ca->noutputs; i++) {
        sa_report_options o = ca->ropts;
        o.color = ca->outputs[i].format == SA_FORMAT_TEXT && strcmp(ca->outputs[i].path, "-") == 0 &&
                  sa_cli_use_color(stdout);
        if (strcmp(ca->outputs[i].path, "-") == 0)
            fflush(stdout);
        if (sa_report_write(rs, ca->outputs[i].format, &o, ca->outputs[i].path, diags) != 0)
            ok = false;
    }
    return ok;
}

/* Loads, checks, writes the reports; returns the exit status. */
static int run_check(check_args *ca)
{
    sa_diags *diags = sa_diags_new();
    sa_diags_set_max_per_code(diags, 20);
    check_inputs in = {0};
    sa_result_set *rs = NULL;
    int rc = SA_EXIT_USAGE;
    if (output_clobbers_input(ca->outputs, ca->noutputs, ca->spec_path, ca->manifest_path, ca->agreement_paths,
                              ca->nagreements, ca->return_args, ca->nreturns, diags))
        goto done;
    ca->opts.limits = ca->limits.csv;
    ca->opts.max_providers = ca->limits.max_providers;
    ca->opts.max_periods = ca->limits.max_periods;
    if (!load_inputs(ca, &in, diags))
        goto done;
    sa_cli_progress *progress = sa_cli_progress_new(ca->quiet, in.files, in.nfiles);
    ca->opts.progress = progress ? sa_cli_progress_add : NULL;
    ca->opts.progress_ctx = progress;
    ca->opts.submissions = in.manifest;
    rs = sa_check_run(in.spec, in.plan, in.files, in.nfiles, &ca->opts, diags);
    sa_cli_progress_free(progress);
    if (!rs || (ca->opts.provider && !provider_known(rs, ca->opts.provider, diags)))
        goto done;
    record_provenance(rs, ca->spec_path, in.ags, ca->nagreements, diags);
    if (write_reports(ca, rs, diags))
        rc = exit_status(rs);
done:
    print_diags(diags);
    sa_result_set_free(rs);
    inputs_free(&in, ca->nagreements);
    sa_diags_free(diags);
    return rc;
}

int sa_cli_check(int argc, char **argv)
{
    check_args ca;
    memset(&ca, 0, sizeof ca);
    ca.agreement_paths = sa_xcalloc((size_t)argc + 1, sizeof *ca.agreement_paths);
    ca.return_args = sa_xcalloc((size_t)argc + 1, sizeof *ca.return_args);
    ca.outputs = sa_xcalloc((size_t)argc + 1, sizeof *ca.outputs);
    ca.last_had_path = true;
    sa_check_options_default(&ca.opts);
    sa_cli_limits_default(&ca.limits);
    int rc = parse_args(&ca, argc, argv);
    if (rc < 0)
        rc = run_check(&ca);
    free(ca.agreement_paths);
    free(ca.return_args);
    free(ca.outputs);
    return rc;
}
