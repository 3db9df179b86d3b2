/* cmd_validate.c — `specaudit validate SPEC RETURN...`: is each return well-formed? */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/fileio.h"
#include "report/report.h"
#include "returns/returns.h"
#include "spec/spec.h"
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
          "  -o, --output FILE    write the report to FILE (atomically) instead of standard output\n"
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

typedef struct file_job {
    const sa_return_file *file;
    sa_diags *diags;
    sa_scan_stats stats;
    int result;
    bool unreadable;
    uint64_t errors; /* counted before the lists are merged */
    uint64_t warnings;
} file_job;

static bool has_io_error(const sa_diags *d)
{
    for (size_t i = 0; i < sa_diags_code_count(d); i++) {
        sa_severity sev;
        uint64_t total;
        const char *code = sa_diags_code_at(d, i, &total, &sev);
        if (strncmp(code, "E-IO-", 5) == 0 && total > 0)
            return true;
    }
    return false;
}

/* Reads every return (large ones on all threads), then notes which could not be read. */
static void run_all(file_job *jobs, const sa_return_file *files, size_t njobs, const sa_scan_options *opts,
                    long nthreads)
{
    sa_scan_stats *stats = sa_xcalloc(njobs ? njobs : 1, sizeof *stats);
    int *rc = sa_xcalloc(njobs ? njobs : 1, sizeof *rc);
    sa_diags **diags = sa_xcalloc(njobs ? njobs : 1, sizeof *diags);
    for (size_t i = 0; i < njobs; i++)
        diags[i] = jobs[i].diags;
    sa_returns_scan_files(files, njobs, opts, (unsigned)nthreads, NULL, stats, rc, diags);
    for (size_t i = 0; i < njobs; i++) {
        jobs[i].stats = stats[i];
        jobs[i].result = rc[i];
        jobs[i].unreadable = rc[i] < 0 && has_io_error(jobs[i].diags);
    }
    free(stats);
    free(rc);
    free(diags);
}

static const char *plural(uint64_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static void render_text(sa_diags *all, const file_job *jobs, size_t njobs, size_t max_errors,
                        sa_buf *out)
{
    size_t stored = sa_diags_count(all);
    size_t shown = max_errors && stored > max_errors ? max_errors : stored;
    for (size_t i = 0; i < shown; i++) {
        sa_diag_format_text(sa_diags_at(all, i), out);
        sa_buf_putc(out, '\n');
    }
    uint64_t total = sa_diags_total(all, SA_SEV_ERROR) + sa_diags_total(all, SA_SEV_WARNING) +
                     sa_diags_total(all, SA_SEV_NOTE);
    if (total > shown)
        sa_buf_printf(out, "... %llu more %s not shown (--max-errors 0 shows all)\n",
                      (unsigned long long)(total - shown), plural(total - shown, "diagnostic", "diagnostics"));

    uint64_t rows = 0, bad = 0;
    if (njobs > 0)
        sa_buf_puts(out, "\nfiles:\n");
    for (size_t i = 0; i < njobs; i++) {
        const file_job *j = &jobs[i];
        uint64_t e = j->errors;
        uint64_t w = j->warnings;
        rows += j->stats.rows;
        bad += j->stats.bad_rows;
        sa_buf_printf(out, "  %s (%s): %llu %s, %llu bad, %llu %s, %llu %s%s\n", j->file->path,
                      j->file->dataset->name, (unsigned long long)j->stats.rows,
                      plural(j->stats.rows, "row", "rows"), (unsigned long long)j->stats.bad_rows,
                      (unsigned long long)e, plural(e, "error", "errors"), (unsigned long long)w,
                      plural(w, "warning", "warnings"),
                      j->unreadable ? " (unreadable)" : j->result < 0 ? " (not read to the end)" : "");
    }
    size_t ncodes = sa_diags_code_count(all);
    if (ncodes > 0) {
        sa_buf_puts(out, "\ncodes:\n");
        for (size_t i = 0; i < ncodes; i++) {
            uint64_t n;
            sa_severity sev;
            const char *code = sa_diags_code_at(all, i, &n, &sev);
            sa_buf_printf(out, "  %-26s %llu\n", code, (unsigned long long)n);
        }
    }
    uint64_t errors = sa_diags_total(all, SA_SEV_ERROR);
    uint64_t warnings = sa_diags_total(all, SA_SEV_WARNING);
    sa_buf_printf(out, "\n%s: %zu %s, %llu %s (%llu bad), %llu %s, %llu %s\n",
                  errors ? "not clean" : "clean", njobs, plural(njobs, "file", "files"),
                  (unsigned long long)rows, plural(rows, "row", "rows"), (unsigned long long)bad,
                  (unsigned long long)errors, plural(errors, "error", "errors"),
                  (unsigned long long)warnings, plural(warnings, "warning", "warnings"));
}


/* The report must never overwrite an input: the specification or a return (either form of DATASET=path). */
static const char *output_clobbers(const char *output, const char *spec_path, char *const *returns, size_t n)
{
    if (sa_cli_same_file(output, spec_path))
        return spec_path;
    for (size_t k = 0; k < n; k++) {
        const char *eq = strchr(returns[k], '=');
        if (sa_cli_same_file(output, returns[k]))
            return returns[k];
        if (eq && sa_cli_same_file(output, eq + 1))
            return eq + 1;
    }
    return NULL;
}

static bool parse_count(const char *s, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < 0)
        return false;
    *out = v;
    return true;
}

int sa_cli_validate(int argc, char **argv)
{
    const char *spec_path = NULL;
    const char *output = "-";
    sa_format format = SA_FORMAT_TEXT;
    long max_errors = DEFAULT_MAX_ERRORS;
    long jobs_wanted = 0;
    bool show_identifiers = false;
    bool quiet = false;
    char **returns = sa_xcalloc((size_t)argc + 1, sizeof *returns);
    size_t nreturns = 0;
    bool only_files = false;
    sa_cli_limits limits;
    sa_cli_limits_default(&limits);

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!only_files && sa_cli_is_help(a)) {
            usage(stdout);
            free(returns);
            return SA_EXIT_OK;
        }
        int lim = only_files ? 0
                             : sa_cli_limits_option("validate", SA_CLI_LIMITS_SPEC | SA_CLI_LIMITS_CSV, argc, argv,
                                                    &i, &limits);
        if (lim < 0) {
            free(returns);
            return SA_EXIT_USAGE;
        }
        if (lim > 0) {
            continue;
        } else if (!only_files && strcmp(a, "--") == 0) {
            only_files = true;
        } else if (!only_files && (strcmp(a, "--max-errors") == 0 || strcmp(a, "--format") == 0 ||
                                   strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 ||
                                   strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0)) {
            if (i + 1 >= argc) {
                free(returns);
                return sa_cli_usage_error("validate", "%s needs a value", a);
            }
            const char *v = argv[++i];
            if (strcmp(a, "--max-errors") == 0) {
                if (!parse_count(v, &max_errors)) {
                    free(returns);
                    return sa_cli_usage_error("validate", "--max-errors expects a number >= 0, found '%s'", v);
                }
            } else if (strcmp(a, "--format") == 0) {
                if (!sa_format_parse(v, &format) ||
                    (format != SA_FORMAT_TEXT && format != SA_FORMAT_JSON && format != SA_FORMAT_JUNIT)) {
                    free(returns);
                    return sa_cli_usage_error("validate", "--format expects text, json or junit, found '%s'", v);
                }
            } else if (strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) {
                if (!parse_count(v, &jobs_wanted) || jobs_wanted == 0) {
                    free(returns);
                    return sa_cli_usage_error("validate", "%s expects a number >= 1, found '%s'", a, v);
                }
            } else {
                output = v;
            }
        } else if (!only_files && strcmp(a, "--show-identifiers") == 0) {
            show_identifiers = true;
        } else if (!only_files && (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0)) {
            quiet = true;
        } else if (!only_files && a[0] == '-' && a[1] != '\0') {
            free(returns);
            return sa_cli_usage_error("validate", "unknown option '%s'", a);
        } else if (!spec_path) {
            spec_path = a;
        } else {
            returns[nreturns++] = argv[i];
        }
    }
    if (!spec_path || nreturns == 0) {
        free(returns);
        return sa_cli_usage_error("validate", "expected a specification and at least one return");
    }

    const char *clobbered = output_clobbers(output, spec_path, returns, nreturns);
    if (clobbered) {
        sa_diags *io = sa_diags_new();
        sa_diags_error(io, "E-IO-OUTPUT-IS-INPUT", (sa_pos){output, 0, 0},
                       "expected a report path that is not an input, found the input %s", clobbered);
        sa_cli_print_diags(io, stderr);
        sa_diags_free(io);
        free(returns);
        return SA_EXIT_USAGE;
    }

    sa_diags *spec_diags = sa_diags_new();
    sa_spec *spec = sa_spec_load(spec_path, &limits.spec, spec_diags);
    if (!spec || sa_diags_has_errors(spec_diags)) {
        sa_diags_sort(spec_diags);
        sa_cli_print_diags(spec_diags, stderr);
        fprintf(stderr, "specaudit validate: %s is not a usable specification (run specaudit lint)\n",
                spec_path);
        sa_spec_free(spec);
        sa_diags_free(spec_diags);
        free(returns);
        return SA_EXIT_USAGE;
    }
    sa_diags_free(spec_diags);

    int exit_code = SA_EXIT_OK;
    sa_diags *all = sa_diags_new();
    size_t nfiles = 0;
    sa_return_file *files = sa_returns_resolve(spec, returns, nreturns, &limits.csv, &nfiles, all);
    if (sa_diags_has_errors(all))
        exit_code = SA_EXIT_USAGE; /* a file could not be read or matched to a dataset */

    sa_scan_options opts;
    sa_scan_options_default(&opts);
    opts.show_identifiers = show_identifiers;
    opts.limits = limits.csv;

    file_job *jobs = sa_xcalloc(nfiles ? nfiles : 1, sizeof *jobs);
    for (size_t i = 0; i < nfiles; i++) {
        jobs[i].file = &files[i];
        jobs[i].diags = sa_diags_new();
        /* Stored diagnostics stay bounded; every one is still counted. Keeping the
         * first N of each code keeps the first N overall once sorted by position. */
        if (max_errors > 0)
            sa_diags_set_max_per_code(jobs[i].diags, (size_t)max_errors);
    }
    long ncores = sysconf(_SC_NPROCESSORS_ONLN);
    sa_cli_progress *progress = sa_cli_progress_new(quiet, files, nfiles);
    opts.progress = progress ? sa_cli_progress_add : NULL;
    opts.progress_ctx = progress;
    run_all(jobs, files, nfiles, &opts, jobs_wanted > 0 ? jobs_wanted : (ncores > 0 ? ncores : 1));
    sa_cli_progress_free(progress);

    const char **paths = sa_xcalloc(nfiles ? nfiles : 1, sizeof *paths);
    for (size_t i = 0; i < nfiles; i++) {
        paths[i] = files[i].path;
        if (jobs[i].unreadable)
            exit_code = SA_EXIT_USAGE;
    }
    /* Per-file lists are merged in path order, so output does not depend on -j. */
    sa_diags *merged = sa_diags_new();
    sa_diags_take(merged, all);
    for (size_t i = 0; i < nfiles; i++) {
        jobs[i].errors = sa_diags_total(jobs[i].diags, SA_SEV_ERROR);
        jobs[i].warnings = sa_diags_total(jobs[i].diags, SA_SEV_WARNING);
        sa_diags_take(merged, jobs[i].diags);
    }
    sa_diags_sort(merged);
    if (exit_code == SA_EXIT_OK && sa_diags_has_errors(merged))
        exit_code = SA_EXIT_FINDINGS;

    sa_buf out = SA_BUF_INIT;
    int rc = 0;
    if (format == SA_FORMAT_TEXT) {
        render_text(merged, jobs, nfiles, (size_t)max_errors, &out);
    } else {
        sa_report_options ropts = {.color = false, .verbose = false};
        rc = sa_diags_render(merged, format, "specaudit validate", paths, nfiles, &ropts, &out);
    }
    if (rc != 0) {
        fprintf(stderr, "specaudit validate: cannot render %s output\n", sa_format_name(format));
        exit_code = SA_EXIT_USAGE;
    } else {
        sa_diags *wd = sa_diags_new();
        if (sa_write_file_atomic(output, out.data ? out.data : "", out.len, wd) != 0) {
            sa_cli_print_diags(wd, stderr);
            exit_code = SA_EXIT_USAGE;
        }
        sa_diags_free(wd);
    }
    sa_buf_free(&out);
    for (size_t i = 0; i < nfiles; i++)
        sa_diags_free(jobs[i].diags);
    free(jobs);
    free(paths);
    free(files);
    sa_diags_free(merged);
    sa_diags_free(all);
    sa_spec_free(spec);
    free(returns);
    return exit_code;
}
