/* lint.c — the lint pipeline: specifications and heads of agreement read,
 * agreements bound to the specifications of the same run, one report. */
#include <stdlib.h>
#include <string.h>

#include "app/app_internal.h"
#include "core/alloc.h"
#include "core/fileio.h"

/* What a run loaded; freed by loaded_free(). */
typedef struct loaded {
    sa_spec **specs;
    sa_agreement **agreements;
    size_t nspecs, nagreements;
    bool unreadable; /* a file could not be read: exit 2 */
} loaded;

/* The report must never overwrite an input. */
static bool output_clobbers(const sa_app_lint_request *req)
{
    for (size_t i = 0; i < req->nfiles; i++) {
        if (sa_app_same_file(req->output, req->files[i])) {
            sa_diags *io = sa_diags_new();
            sa_diags_error(io, "E-IO-OUTPUT-IS-INPUT", (sa_pos){req->output, 0, 0},
                           "expected a report path that is not an input, found the input %s", req->files[i]);
            sa_app_print_diags(io, req->io.err);
            sa_diags_free(io);
            return true;
        }
    }
    return false;
}

/* Loads one file's bytes as an agreement (by name or content) or a specification.
 * The agreement schema is parsed once, on the first agreement. */
static void load_one(const sa_app_lint_request *req, const char *path, const char *data, size_t len,
                     sa_agreement_schema **schema, bool *schema_tried, loaded *l, sa_diags *diags)
{
    bool is_agreement = sa_app_has_suffix(path, ".xml") || sa_agreement_sniff(data, len);
    if (is_agreement && len > req->limits.agreement_max_bytes) {
        sa_diags_error(diags, "E-IO-TOO-LARGE", (sa_pos){path, 0, 0},
                       "the agreement is %zu bytes; expected at most %zu (see --max-input-bytes)", len,
                       req->limits.agreement_max_bytes);
        l->unreadable = true;
    } else if (is_agreement) {
        if (!*schema_tried) {
            *schema = sa_agreement_schema_load(NULL, diags);
            *schema_tried = true;
        }
        sa_agreement *a = *schema ? sa_agreement_load_buffer_with(path, data, len, *schema, diags) : NULL;
        if (a)
            l->agreements[l->nagreements++] = a;
    } else {
        sa_spec *s = sa_spec_load_buffer(path, data, len, &req->limits.spec, diags);
        if (s)
            l->specs[l->nspecs++] = s;
    }
}

static void load_all(const sa_app_lint_request *req, loaded *l, sa_diags *diags)
{
    l->specs = sa_xcalloc(req->nfiles, sizeof *l->specs);
    l->agreements = sa_xcalloc(req->nfiles, sizeof *l->agreements);
    sa_agreement_schema *schema = NULL;
    bool schema_tried = false;
    for (size_t i = 0; i < req->nfiles; i++) {
        char *data = NULL;
        size_t len = 0;
        if (sa_file_read_all(req->files[i], sa_app_document_max_bytes(&req->limits), &data, &len, diags) != 0) {
            l->unreadable = true;
            continue;
        }
        load_one(req, req->files[i], data, len, &schema, &schema_tried, l, diags);
        free(data);
    }
    sa_agreement_schema_free(schema);
    if (l->nagreements > 0)
        sa_agreement_bind(l->agreements, l->nagreements, l->specs, l->nspecs, SA_DATE_NONE, diags);
    sa_diags_sort(diags);
}

static void loaded_free(loaded *l)
{
    for (size_t i = 0; i < l->nspecs; i++)
        sa_spec_free(l->specs[i]);
    for (size_t i = 0; i < l->nagreements; i++)
        sa_agreement_free(l->agreements[i]);
    free(l->specs);
    free(l->agreements);
}

/* Renders and writes the report; returns 0 or SA_EXIT_USAGE when it could not be written. */
static int write_report(const sa_app_lint_request *req, const sa_diags *diags)
{
    bool to_out = strcmp(req->output, "-") == 0;
    sa_report_options opts = {req->io.color && to_out, false};
    sa_buf out = SA_BUF_INIT;
    int rc = SA_EXIT_OK;
    if (sa_diags_render(diags, req->format, "specaudit lint", req->files, req->nfiles, &opts,
                        &out) != 0) {
        /* Renderer unavailable: fall back to plain gcc-style lines. */
        sa_app_print_diags(diags, req->io.out);
    } else {
        sa_diags *io = sa_diags_new();
        if (sa_app_write(&req->io, req->output, &out, io) != 0) {
            sa_app_print_diags(io, req->io.err);
            rc = SA_EXIT_USAGE;
        }
        sa_diags_free(io);
    }
    sa_buf_free(&out);
    return rc;
}

#define LINT_FORMATS (SA_FMT(SA_FORMAT_TEXT) | SA_FMT(SA_FORMAT_JSON) | SA_FMT(SA_FORMAT_SARIF) | SA_FMT(SA_FORMAT_JUNIT))

int sa_app_lint(const sa_app_lint_request *request)
{
    sa_app_lint_request r = *request, *req = &r;
    if (output_clobbers(req) ||
        (req->format_by_path && !sa_app_format_of_path(req->io.err, "lint", req->output, LINT_FORMATS, &r.format)))
        return SA_EXIT_USAGE;
    sa_diags *diags = sa_diags_new();
    loaded l = {0};
    load_all(req, &l, diags);
    int rc = write_report(req, diags);
    if (rc == SA_EXIT_OK) {
        if (l.unreadable)
            rc = SA_EXIT_USAGE;
        else if (sa_diags_has_errors(diags))
            rc = SA_EXIT_FINDINGS;
    }
    /* With a report going to a file, a short account still goes to the error stream. */
    if (strcmp(req->output, "-") != 0 && req->format != SA_FORMAT_TEXT && sa_diags_has_errors(diags))
        fprintf(req->io.err, "specaudit lint: %llu error(s); see %s\n",
                (unsigned long long)sa_diags_total(diags, SA_SEV_ERROR), req->output);
    loaded_free(&l);
    sa_diags_free(diags);
    return rc;
}
