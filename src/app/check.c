/* check.c — the check pipeline: specification, agreements, plan and returns
 * loaded; the returns checked; every report written; the verdicts mapped to
 * the exit status. */
#include <stdlib.h>
#include <string.h>

#include "app/app_internal.h"
#include "core/alloc.h"
#include "core/config.h"
#include "core/fileio.h"
#include "core/sha256.h"

/* Prints load and data-quality diagnostics to the error stream, sorted. */
static void print_diags(sa_diags *d, FILE *err)
{
    sa_diags_sort(d);
    sa_app_print_diags(d, err);
    uint64_t total = sa_diags_total(d, SA_SEV_ERROR) + sa_diags_total(d, SA_SEV_WARNING) +
                     sa_diags_total(d, SA_SEV_NOTE);
    if (total > sa_diags_count(d))
        fprintf(err, "specaudit check: %llu more diagnostics not shown (use specaudit validate to list all)\n",
                (unsigned long long)(total - sa_diags_count(d)));
}

/* The input a report at `o` would overwrite, or NULL. */
static const char *clobbered_input(const sa_app_check_request *req, const char *o)
{
    if (sa_app_same_file(o, req->spec_path))
        return req->spec_path;
    if (req->manifest_path && sa_app_same_file(o, req->manifest_path))
        return req->manifest_path;
    if (req->baseline_path && sa_app_same_file(o, req->baseline_path))
        return req->baseline_path;
    for (size_t k = 0; k < req->nagreements; k++)
        if (sa_app_same_file(o, req->agreement_paths[k]))
            return req->agreement_paths[k];
    for (size_t k = 0; k < req->nreturns; k++) {
        const char *eq = strchr(req->returns[k], '=');
        const char *path = eq ? eq + 1 : req->returns[k];
        if (sa_app_same_file(o, path))
            return path;
    }
    return NULL;
}

/* A report must never overwrite an input. Returns true (with a diagnostic) when one would. */
static bool output_clobbers_input(const sa_app_check_request *req, sa_diags *diags)
{
    bool bad = false;
    for (size_t i = 0; i < req->noutputs; i++) {
        const char *o = req->outputs[i].path;
        const char *hit = clobbered_input(req, o);
        if (hit) {
            sa_diags_error(diags, "E-IO-OUTPUT-IS-INPUT", (sa_pos){o, 0, 0},
                           "expected a report path that is not an input, found the input %s", hit);
            bad = true;
        }
    }
    return bad;
}

/* A checksum as the report prints it, or NULL (with a diagnostic) when the
 * file cannot be read again; standard input can be read only once. */
static const char *checksum(sa_result_set *rs, const char *path, sa_diags *diags)
{
    char hex[SA_SHA256_HEX_LEN + 1];
    if (strcmp(path, "-") == 0 || sa_sha256_file(path, hex, NULL, diags) != 0)
        return NULL;
    return sa_arena_strdup(rs->arena, hex);
}

/* The provenance the reports print: what the verdicts rest on, each input by
 * checksum, so a reader can show the report was made from these files. A return
 * read to its end was hashed as it was read; the others (not read, or read only
 * in part) are hashed here. */
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
        if (!rs->inputs[i].sha256)
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

/* What a run loads before the check; freed by inputs_free(). */
typedef struct check_inputs {
    sa_spec *spec;
    sa_manifest *manifest;
    sa_prior_report *prior; /* --baseline */
    sa_agreement **ags;
    sa_plan *plan;
    sa_return_file *files;
    size_t nfiles;
} check_inputs;

static void inputs_free(check_inputs *in, size_t nagreements)
{
    sa_manifest_free(in->manifest);
    sa_prior_report_free(in->prior);
    free(in->files);
    sa_plan_free(in->plan);
    for (size_t i = 0; in->ags && i < nagreements; i++)
        sa_agreement_free(in->ags[i]);
    free(in->ags);
    sa_spec_free(in->spec);
}

/* Loads the agreements and binds them to the specification; false when one is unusable. */
static bool load_agreements(const sa_app_check_request *req, check_inputs *in, sa_diags *diags)
{
    if (req->nagreements > 0) {
        sa_agreement_schema *schema = sa_agreement_schema_load(NULL, diags);
        for (size_t i = 0; schema && i < req->nagreements; i++) {
            in->ags[i] = sa_app_load_agreement(req->agreement_paths[i], schema, &req->limits, diags);
            if (!in->ags[i])
                break;
        }
        sa_agreement_schema_free(schema);
    }
    if (sa_diags_has_errors(diags)) {
        fprintf(req->io.err, "specaudit check: an agreement is not usable (see specaudit lint)\n");
        return false;
    }
    sa_spec *specs[1] = {in->spec};
    sa_agreement_bind(in->ags, req->nagreements, specs, 1, req->opts.today, diags);
    if (sa_diags_has_errors(diags)) {
        fprintf(req->io.err, "specaudit check: the agreements do not fit the specification (see specaudit lint)\n");
        return false;
    }
    return true;
}

/* Resolves the returns and reads the submissions manifest; false when one is unusable. */
static bool load_returns(const sa_app_check_request *req, check_inputs *in, sa_diags *diags)
{
    for (size_t i = 0; i < req->nreturns; i++) {
        const char *eq = strchr(req->returns[i], '=');
        if (!sa_file_check_input(eq ? eq + 1 : req->returns[i], diags))
            return false;
    }
    in->files = sa_returns_resolve(in->spec, req->returns, req->nreturns, &req->limits.csv, &in->nfiles, diags);
    if (!in->files || sa_diags_has_errors(diags))
        return false;
    if (req->manifest_path) {
        in->manifest =
            sa_manifest_load(req->manifest_path, in->spec, &req->limits.csv, req->limits.spec.max_bytes, diags);
        if (!in->manifest || sa_diags_has_errors(diags)) {
            fprintf(req->io.err, "specaudit check: the submissions manifest %s is not usable\n", req->manifest_path);
            return false;
        }
    }
    return true;
}

/* Loads the specification, agreements, plan and returns. Returns false (the
 * diagnostics say why) when one is unusable. */
static bool load_inputs(const sa_app_check_request *req, check_inputs *in, sa_diags *diags)
{
    in->spec = sa_spec_load(req->spec_path, &req->limits.spec, diags);
    in->ags = sa_xcalloc(req->nagreements + 1, sizeof *in->ags);
    if (!in->spec || sa_diags_has_errors(diags)) {
        fprintf(req->io.err, "specaudit check: the specification %s is not usable (see specaudit lint)\n",
                req->spec_path);
        return false;
    }
    if (req->baseline_path) {
        in->prior = sa_prior_report_load(req->baseline_path, in->spec, diags);
        if (!in->prior) {
            fprintf(req->io.err, "specaudit check: the baseline report %s is not usable\n", req->baseline_path);
            return false;
        }
    }
    if (!load_agreements(req, in, diags))
        return false;
    in->plan = sa_plan_build(in->spec, in->ags, req->nagreements, diags);
    if (!in->plan || sa_diags_has_errors(diags))
        return false;
    return load_returns(req, in, diags);
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

/* Each report's format: given, or named by its path's extension; false after a message when one is not. */
static bool resolve_formats(const sa_app_check_request *req, sa_format *formats)
{
    for (size_t i = 0; i < req->noutputs; i++) {
        const sa_app_output *o = &req->outputs[i];
        formats[i] = o->format;
        if (o->by_path && !sa_app_format_of_path(req->io.err, "check", o->path, 0x7fu, &formats[i]))
            return false;
    }
    return true;
}

/* Writes every report asked for; returns false when one could not be written. */
static bool write_reports(const sa_app_check_request *req, const sa_format *formats, const sa_result_set *rs,
                          sa_diags *diags)
{
    bool ok = true;
    for (size_t i = 0; i < req->noutputs; i++) {
        const sa_app_output o_ = {formats[i], false, req->outputs[i].path}, *o = &o_;
        sa_report_options ro = req->ropts;
        ro.color = o->format == SA_FORMAT_TEXT && strcmp(o->path, "-") == 0 && req->io.color;
        sa_buf out = SA_BUF_INIT;
        /* Rendered in memory first: nothing touches the destination unless the whole report exists. */
        if (sa_report_render(rs, o->format, &ro, &out) != 0) {
            sa_diags_error(diags, "E-REPORT-FORMAT", (sa_pos){o->path, 0, 0},
                           "format '%s' does not apply to compliance results", sa_format_name(o->format));
            ok = false;
        } else if (sa_app_write(&req->io, o->path, &out, diags) != 0) {
            ok = false;
        }
        sa_buf_free(&out);
    }
    return ok;
}

/* Runs the check over loaded inputs, with a progress line while returns are read. */
static sa_result_set *run(const sa_app_check_request *req, const check_inputs *in, sa_diags *diags)
{
    sa_check_options opts = req->opts;
    opts.limits = req->limits.csv;
    opts.max_providers = req->limits.max_providers;
    opts.max_periods = req->limits.max_periods;
    opts.max_linked_keys = req->limits.max_linked_keys;
    sa_app_progress *progress = sa_app_progress_new(req->io.err, req->quiet, in->files, in->nfiles);
    opts.progress = progress ? sa_app_progress_add : NULL;
    opts.progress_ctx = progress;
    opts.submissions = in->manifest;
    opts.prior = in->prior;
    sa_result_set *rs = sa_check_run(in->spec, in->plan, in->files, in->nfiles, &opts, diags);
    sa_app_progress_free(progress);
    return rs;
}

int sa_app_check(const sa_app_check_request *req)
{
    sa_diags *diags = sa_diags_new();
    sa_diags_set_max_per_code(diags, 20);
    check_inputs in = {0};
    sa_result_set *rs = NULL;
    sa_format *formats = sa_xcalloc(req->noutputs + 1, sizeof *formats);
    int rc = SA_EXIT_USAGE;
    if (output_clobbers_input(req, diags) || !resolve_formats(req, formats) || !load_inputs(req, &in, diags))
        goto done;
    rs = run(req, &in, diags);
    if (!rs || (req->opts.provider && !provider_known(rs, req->opts.provider, diags)))
        goto done;
    record_provenance(rs, req->spec_path, in.ags, req->nagreements, diags);
    if (write_reports(req, formats, rs, diags))
        rc = exit_status(rs);
done:
    free(formats);
    print_diags(diags, req->io.err);
    sa_result_set_free(rs);
    inputs_free(&in, req->nagreements);
    sa_diags_free(diags);
    return rc;
}
