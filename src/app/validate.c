/* validate.c — the validate pipeline: each return read against its dataset
 * (on the same reading threads as check), one report of its diagnostics. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app_internal.h"
#include "core/alloc.h"

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
                    unsigned nthreads)
{
    sa_scan_stats *stats = sa_xcalloc(njobs ? njobs : 1, sizeof *stats);
    int *rc = sa_xcalloc(njobs ? njobs : 1, sizeof *rc);
    sa_diags **diags = sa_xcalloc(njobs ? njobs : 1, sizeof *diags);
    for (size_t i = 0; i < njobs; i++)
        diags[i] = jobs[i].diags;
    sa_returns_scan_files(files, njobs, opts, nthreads, NULL, stats, rc, diags);
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

/* The shown diagnostics, and a line saying how many more there are. */
static void render_diags(sa_diags *all, size_t max_errors, sa_buf *out)
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
}

/* One line per file; adds up its rows and bad rows. */
static void render_files(const file_job *jobs, size_t njobs, uint64_t *rows, uint64_t *bad, sa_buf *out)
{
    if (njobs > 0)
        sa_buf_puts(out, "\nfiles:\n");
    for (size_t i = 0; i < njobs; i++) {
        const file_job *j = &jobs[i];
        uint64_t e = j->errors;
        uint64_t w = j->warnings;
        *rows += j->stats.rows;
        *bad += j->stats.bad_rows;
        sa_buf_printf(out, "  %s (%s): %llu %s, %llu bad, %llu %s, %llu %s%s\n", j->file->path,
                      j->file->dataset->name, (unsigned long long)j->stats.rows,
                      plural(j->stats.rows, "row", "rows"), (unsigned long long)j->stats.bad_rows,
                      (unsigned long long)e, plural(e, "error", "errors"), (unsigned long long)w,
                      plural(w, "warning", "warnings"),
                      j->unreadable ? " (unreadable)" : j->result < 0 ? " (not read to the end)" : "");
    }
}

static void render_text(sa_diags *all, const file_job *jobs, size_t njobs, size_t max_errors, sa_buf *out)
{
    render_diags(all, max_errors, out);
    uint64_t rows = 0, bad = 0;
    render_files(jobs, njobs, &rows, &bad, out);
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
static bool output_clobbers(const sa_app_validate_request *req)
{
    const char *hit = sa_app_same_file(req->output, req->spec_path) ? req->spec_path : NULL;
    for (size_t k = 0; k < req->nreturns && !hit; k++) {
        const char *eq = strchr(req->returns[k], '=');
        if (sa_app_same_file(req->output, req->returns[k]))
            hit = req->returns[k];
        else if (eq && sa_app_same_file(req->output, eq + 1))
            hit = eq + 1;
    }
    if (!hit)
        return false;
    sa_diags *io = sa_diags_new();
    sa_diags_error(io, "E-IO-OUTPUT-IS-INPUT", (sa_pos){req->output, 0, 0},
                   "expected a report path that is not an input, found the input %s", hit);
    sa_app_print_diags(io, req->io.err);
    sa_diags_free(io);
    return true;
}

static sa_spec *load_spec(const sa_app_validate_request *req)
{
    sa_diags *spec_diags = sa_diags_new();
    sa_spec *spec = sa_spec_load(req->spec_path, &req->limits.spec, spec_diags);
    if (!spec || sa_diags_has_errors(spec_diags)) {
        sa_diags_sort(spec_diags);
        sa_app_print_diags(spec_diags, req->io.err);
        fprintf(req->io.err, "specaudit validate: %s is not a usable specification (run specaudit lint)\n",
                req->spec_path);
        sa_spec_free(spec);
        spec = NULL;
    }
    sa_diags_free(spec_diags);
    return spec;
}

/* Reads every file, each into its own list (stored diagnostics stay bounded;
 * every one is still counted: keeping the first N of each code keeps the
 * first N overall once sorted by position). */
static file_job *read_returns(const sa_app_validate_request *req, const sa_return_file *files, size_t nfiles)
{
    sa_scan_options opts;
    sa_scan_options_default(&opts);
    opts.show_identifiers = req->show_identifiers;
    opts.limits = req->limits.csv;
    file_job *jobs = sa_xcalloc(nfiles ? nfiles : 1, sizeof *jobs);
    for (size_t i = 0; i < nfiles; i++) {
        jobs[i].file = &files[i];
        jobs[i].diags = sa_diags_new();
        if (req->max_errors > 0)
            sa_diags_set_max_per_code(jobs[i].diags, req->max_errors);
    }
    long ncores = sysconf(_SC_NPROCESSORS_ONLN);
    sa_app_progress *progress = sa_app_progress_new(req->io.err, req->quiet, files, nfiles);
    opts.progress = progress ? sa_app_progress_add : NULL;
    opts.progress_ctx = progress;
    run_all(jobs, files, nfiles, &opts, req->jobs > 0 ? req->jobs : (ncores > 0 ? (unsigned)ncores : 1));
    sa_app_progress_free(progress);
    return jobs;
}

/* Per-file lists are merged in path order, so output does not depend on the threads. */
static sa_diags *merge(sa_diags *all, file_job *jobs, size_t nfiles)
{
    sa_diags *merged = sa_diags_new();
    sa_diags_take(merged, all);
    for (size_t i = 0; i < nfiles; i++) {
        jobs[i].errors = sa_diags_total(jobs[i].diags, SA_SEV_ERROR);
        jobs[i].warnings = sa_diags_total(jobs[i].diags, SA_SEV_WARNING);
        sa_diags_take(merged, jobs[i].diags);
    }
    sa_diags_sort(merged);
    return merged;
}

/* Renders and writes the report; returns 0 or SA_EXIT_USAGE. */
static int write_report(const sa_app_validate_request *req, sa_diags *merged, const file_job *jobs,
                        const sa_return_file *files, size_t nfiles)
{
    sa_buf out = SA_BUF_INIT;
    int rc = 0, exit_code = SA_EXIT_OK;
    if (req->format == SA_FORMAT_TEXT) {
        render_text(merged, jobs, nfiles, req->max_errors, &out);
    } else {
        const char **paths = sa_xcalloc(nfiles ? nfiles : 1, sizeof *paths);
        for (size_t i = 0; i < nfiles; i++)
            paths[i] = files[i].path;
        sa_report_options ropts = {.color = false, .verbose = false};
        rc = sa_diags_render(merged, req->format, "specaudit validate", paths, nfiles, &ropts, &out);
        free(paths);
    }
    if (rc != 0) {
        fprintf(req->io.err, "specaudit validate: cannot render %s output\n", sa_format_name(req->format));
        exit_code = SA_EXIT_USAGE;
    } else {
        sa_diags *wd = sa_diags_new();
        if (sa_app_write(&req->io, req->output, &out, wd) != 0) {
            sa_app_print_diags(wd, req->io.err);
            exit_code = SA_EXIT_USAGE;
        }
        sa_diags_free(wd);
    }
    sa_buf_free(&out);
    return exit_code;
}

#define VALIDATE_FORMATS (SA_FMT(SA_FORMAT_TEXT) | SA_FMT(SA_FORMAT_JSON) | SA_FMT(SA_FORMAT_JUNIT))

int sa_app_validate(const sa_app_validate_request *request)
{
    sa_app_validate_request r = *request, *req = &r;
    if (output_clobbers(req) || (req->format_by_path && !sa_app_format_of_path(req->io.err, "validate", req->output,
                                                                               VALIDATE_FORMATS, &r.format)))
        return SA_EXIT_USAGE;
    sa_spec *spec = load_spec(req);
    if (!spec)
        return SA_EXIT_USAGE;
    int exit_code = SA_EXIT_OK;
    sa_diags *all = sa_diags_new();
    size_t nfiles = 0;
    sa_return_file *files = sa_returns_resolve(spec, req->returns, req->nreturns, &req->limits.csv, &nfiles, all);
    if (sa_diags_has_errors(all))
        exit_code = SA_EXIT_USAGE; /* a file could not be read or matched to a dataset */
    file_job *jobs = read_returns(req, files, nfiles);
    for (size_t i = 0; i < nfiles; i++)
        if (jobs[i].unreadable)
            exit_code = SA_EXIT_USAGE;
    sa_diags *merged = merge(all, jobs, nfiles);
    if (exit_code == SA_EXIT_OK && sa_diags_has_errors(merged))
        exit_code = SA_EXIT_FINDINGS;
    int wrc = write_report(req, merged, jobs, files, nfiles);
    if (wrc != SA_EXIT_OK)
        exit_code = wrc;
    for (size_t i = 0; i < nfiles; i++)
        sa_diags_free(jobs[i].diags);
    free(jobs);
    free(files);
    sa_diags_free(merged);
    sa_diags_free(all);
    sa_spec_free(spec);
    return exit_code;
}
