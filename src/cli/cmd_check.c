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
          "  --accept-not-assessable  staged roll-outs: compliance not demonstrated (no usable evidence)\n"
          "                         exits 0; reports still say so\n"
          "  --max-examples N       evidence rows kept per verdict (default 20; totals stay exact)\n"
          "  --today DATE           returns due after DATE are pending, not missing (submission checks)\n"
          "  -j, --jobs N           read up to N returns in parallel (default: number of cores)\n"
          "  --show-identifiers     show patient identifiers in evidence (masked by default)\n"
          "  --verbose              text report: all evidence, not only the worst\n"
          "  -h, --help             show this help\n",
          out);
    sa_cli_limits_help(out, SA_CLI_LIMITS_SPEC | SA_CLI_LIMITS_CSV, 23);
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
                                  const char *const *agreements, size_t nagreements, char *const *returns,
                                  size_t nreturns, sa_diags *diags)
{
    bool bad = false;
    for (size_t i = 0; i < noutputs; i++) {
        const char *o = outputs[i].path;
        const char *hit = sa_cli_same_file(o, spec_path) ? spec_path : NULL;
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

int sa_cli_check(int argc, char **argv)
{
    const char *spec_path = NULL;
    const char **agreement_paths = calloc((size_t)argc + 1, sizeof *agreement_paths);
    char **return_args = calloc((size_t)argc + 1, sizeof *return_args);
    output *outputs = calloc((size_t)argc + 1, sizeof *outputs);
    if (!agreement_paths || !return_args || !outputs)
        abort();
    size_t nagreements = 0, nreturns = 0, noutputs = 0;
    sa_check_options opts;
    sa_check_options_default(&opts);
    sa_req_severity fail_on = SA_SEVERITY_MINOR;
    sa_report_options ropts = {0};
    int rc = SA_EXIT_USAGE;
    bool last_had_path = true;
    sa_cli_limits limits;
    sa_cli_limits_default(&limits);

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (sa_cli_is_help(a)) {
            usage(stdout);
            rc = SA_EXIT_OK;
            goto out;
        }
        int lim = sa_cli_limits_option("check", SA_CLI_LIMITS_SPEC | SA_CLI_LIMITS_CSV, argc, argv, &i, &limits);
        if (lim < 0)
            goto out;
        if (lim > 0)
            continue;
        if (strcmp(a, "--") == 0) {
            for (i++; i < argc; i++)
                return_args[nreturns++] = argv[i];
            break;
        }
        if (a[0] == '-' && a[1] != '\0') {
            bool takes = strcmp(a, "--period") == 0 || strcmp(a, "--provider") == 0 || strcmp(a, "--format") == 0 ||
                         strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 || strcmp(a, "--fail-on") == 0 ||
                         strcmp(a, "--max-examples") == 0 || strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0 ||
                         strcmp(a, "--today") == 0;
            if (takes && !val) {
                rc = sa_cli_usage_error("check", "option %s needs a value", a);
                goto out;
            }
            if (strcmp(a, "--period") == 0) {
                if (!parse_period(val, &opts.period_from, &opts.period_to)) {
                    rc = sa_cli_usage_error("check", "--period expects FROM..TO like 2007-04-01..2007-09-30, found '%s'",
                                            val);
                    goto out;
                }
            } else if (strcmp(a, "--provider") == 0) {
                opts.provider = val;
            } else if (strcmp(a, "--format") == 0) {
                if (!sa_format_parse(val, &outputs[noutputs].format)) {
                    rc = sa_cli_usage_error("check",
                                            "--format expects text, json, junit, html, csv, md or sarif, found '%s'", val);
                    goto out;
                }
                outputs[noutputs++].path = "-";
                last_had_path = false;
            } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
                if (noutputs > 0 && !last_had_path) {
                    outputs[noutputs - 1].path = val;
                } else {
                    outputs[noutputs].format = format_from_path(val);
                    outputs[noutputs++].path = val;
                }
                last_had_path = true;
            } else if (strcmp(a, "--fail-on") == 0) {
                if (!sa_req_severity_parse(val, &fail_on)) {
                    rc = sa_cli_usage_error("check", "--fail-on expects critical, major or minor, found '%s'", val);
                    goto out;
                }
            } else if (strcmp(a, "--max-examples") == 0) {
                long n;
                if (!parse_count(val, 1000000, &n)) {
                    rc = sa_cli_usage_error("check", "--max-examples expects a number from 0, found '%s'", val);
                    goto out;
                }
                opts.max_examples = (size_t)n;
            } else if (strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) {
                long n;
                if (!parse_count(val, 1024, &n) || n < 1) {
                    rc = sa_cli_usage_error("check", "%s expects a number of jobs from 1 to 1024, found '%s'", a, val);
                    goto out;
                }
                opts.jobs = (int)n;
            } else if (strcmp(a, "--today") == 0) {
                if (!sa_date_parse_iso(val, strlen(val), &opts.today)) {
                    rc = sa_cli_usage_error("check", "--today expects a date like 2008-04-15, found '%s'", val);
                    goto out;
                }
            } else if (strcmp(a, "--accept-not-assessable") == 0) {
                opts.accept_not_assessable = true;
            } else if (strcmp(a, "--show-identifiers") == 0) {
                opts.show_identifiers = true;
            } else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0) {
                ropts.verbose = true;
            } else {
                rc = sa_cli_usage_error("check", "unknown option '%s'", a);
                goto out;
            }
            if (takes)
                i++;
            continue;
        }
        bool has_eq = strchr(a, '=') != NULL;
        if (!spec_path && !has_eq && (ends_with(a, ".yaml") || ends_with(a, ".yml")))
            spec_path = a;
        else if (!has_eq && ends_with(a, ".xml"))
            agreement_paths[nagreements++] = a;
        else
            return_args[nreturns++] = argv[i];
    }
    if (!spec_path) {
        rc = sa_cli_usage_error("check", "expected a specification (.yaml or .yml) first");
        goto out;
    }
    if (nreturns == 0) {
        rc = sa_cli_usage_error("check", "expected at least one return (CSV) to check");
        goto out;
    }
    if (noutputs == 0) {
        outputs[0].format = SA_FORMAT_TEXT;
        outputs[0].path = "-";
        noutputs = 1;
    }

    sa_diags *diags = sa_diags_new();
    sa_diags_set_max_per_code(diags, 20);
    if (output_clobbers_input(outputs, noutputs, spec_path, agreement_paths, nagreements, return_args, nreturns,
                              diags)) {
        print_diags(diags);
        sa_diags_free(diags);
        rc = SA_EXIT_USAGE;
        goto out;
    }
    opts.limits = limits.csv;
    opts.fail_on = fail_on;
    sa_spec *spec = sa_spec_load(spec_path, &limits.spec, diags);
    sa_agreement **ags = calloc(nagreements + 1, sizeof *ags);
    sa_plan *plan = NULL;
    sa_return_file *files = NULL;
    sa_result_set *rs = NULL;
    size_t nfiles = 0;
    if (!ags)
        abort();
    if (!spec || sa_diags_has_errors(diags)) {
        fprintf(stderr, "specaudit check: the specification %s is not usable (see specaudit lint)\n", spec_path);
        goto done;
    }
    if (nagreements > 0) {
        sa_agreement_schema *schema = sa_agreement_schema_load(NULL, diags);
        for (size_t i = 0; schema && i < nagreements; i++) {
            ags[i] = sa_cli_load_agreement(agreement_paths[i], schema, &limits, diags);
            if (!ags[i])
                break;
        }
        sa_agreement_schema_free(schema);
    }
    if (sa_diags_has_errors(diags)) {
        fprintf(stderr, "specaudit check: an agreement is not usable (see specaudit lint)\n");
        goto done;
    }
    {
        sa_spec *specs[1] = {spec};
        sa_agreement_bind(ags, nagreements, specs, 1, opts.today, diags);
    }
    if (sa_diags_has_errors(diags)) {
        fprintf(stderr, "specaudit check: the agreements do not fit the specification (see specaudit lint)\n");
        goto done;
    }
    plan = sa_plan_build(spec, ags, nagreements, diags);
    if (!plan || sa_diags_has_errors(diags))
        goto done;
    for (size_t i = 0; i < nreturns; i++) {
        const char *path = strchr(return_args[i], '=') ? strchr(return_args[i], '=') + 1 : return_args[i];
        if (!sa_file_check_input(path, diags))
            break;
    }
    if (sa_diags_has_errors(diags))
        goto done;
    files = sa_returns_resolve(spec, return_args, nreturns, &limits.csv, &nfiles, diags);
    if (!files || sa_diags_has_errors(diags))
        goto done;
    rs = sa_check_run(spec, plan, files, nfiles, &opts, diags);
    if (!rs)
        goto done;
    if (opts.provider) {
        bool seen = false;
        for (size_t i = 0; i < rs->nresults && !seen; i++)
            seen = rs->results[i].provider_code && strcmp(rs->results[i].provider_code, opts.provider) == 0;
        if (!seen) {
            sa_diags_error(diags, "E-CHECK-NO-SUCH-PROVIDER", (sa_pos){NULL, 0, 0},
                           "expected --provider to name a provider of the agreements, the returns or the "
                           "specification, found %s",
                           opts.provider);
            goto done;
        }
    }
    record_provenance(rs, spec_path, ags, nagreements, diags);
    {
        bool write_failed = false;
        for (size_t i = 0; i < noutputs; i++) {
            sa_report_options o = ropts;
            o.color = outputs[i].format == SA_FORMAT_TEXT && strcmp(outputs[i].path, "-") == 0 &&
                      sa_cli_use_color(stdout);
            if (outputs[i].path[0] == '-' && outputs[i].path[1] == '\0')
                fflush(stdout);
            if (sa_report_write(rs, outputs[i].format, &o, outputs[i].path, diags) != 0)
                write_failed = true;
        }
        if (write_failed) {
            rc = SA_EXIT_USAGE;
            goto done;
        }
    }
    rc = exit_status(rs);

done:
    print_diags(diags);
    sa_result_set_free(rs);
    free(files);
    sa_plan_free(plan);
    for (size_t i = 0; i < nagreements; i++)
        sa_agreement_free(ags[i]);
    free(ags);
    sa_spec_free(spec);
    sa_diags_free(diags);
out:
    free(agreement_paths);
    free(return_args);
    free(outputs);
    return rc;
}
