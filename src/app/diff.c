/* diff.c — the diff pipeline: two documents, or every one changed since a
 * git revision (diff_git.c), compared; one report; the exit status from the
 * classes of change found. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/diff_run.h"
#include "core/fileio.h"

/* ---- loading one side --------------------------------------------------------------- */

/* A specification names its format version at the top level: `specaudit: 1`. */
static bool looks_like_spec(const char *data, size_t len)
{
    const char *p = data, *end = data + len;
    while (p < end) {
        if ((size_t)(end - p) >= 10 && memcmp(p, "specaudit:", 10) == 0)
            return true;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            break;
        p = nl + 1;
    }
    return false;
}

doc_kind sa_app_doc_kind(const char *path, const char *data, size_t len)
{
    if (data && sa_agreement_sniff(data, len))
        return DOC_AGREEMENT;
    if (sa_app_has_suffix(path, ".xml"))
        return DOC_AGREEMENT;
    if (data && looks_like_spec(data, len))
        return DOC_SPEC;
    if (sa_app_has_suffix(path, ".yaml") || sa_app_has_suffix(path, ".yml"))
        return DOC_SPEC;
    return DOC_UNKNOWN;
}

void sa_app_side_free(side *s)
{
    sa_spec_free(s->spec);
    sa_agreement_free(s->agreement);
    s->spec = NULL;
    s->agreement = NULL;
}

/* Loads one document from memory. Returns false when it could not be read at all. */
bool sa_app_side_load(side *s, doc_kind kind, const char *name, const char *data, size_t len,
                      const sa_app_limits *limits, sa_diags *diags)
{
    if (kind == DOC_AGREEMENT) {
        if (len > limits->agreement_max_bytes) {
            sa_diags_error(diags, "E-IO-TOO-LARGE", (sa_pos){name, 0, 0},
                           "the agreement is %zu bytes; expected at most %zu (see --max-input-bytes)", len,
                           limits->agreement_max_bytes);
            return false;
        }
        s->agreement = sa_agreement_load_buffer(name, data, len, NULL, diags);
        return s->agreement != NULL;
    }
    s->spec = sa_spec_load_buffer(name, data, len, &limits->spec, diags);
    return s->spec != NULL;
}

/* Prints the errors that make a comparison doubtful (warnings belong to lint). */
static void print_errors(const sa_diags *diags, FILE *err)
{
    for (size_t i = 0; i < sa_diags_count(diags); i++) {
        const sa_diag *d = sa_diags_at(diags, i);
        if (d->severity < SA_SEV_ERROR)
            continue;
        sa_buf b = SA_BUF_INIT;
        sa_diag_format_text(d, &b);
        fprintf(err, "%s\n", sa_buf_cstr(&b));
        sa_buf_free(&b);
    }
}

/* ---- the set of comparisons ------------------------------------------------------------- */

static void diff_list_push(diff_list *l, sa_diff *d, const char *old_name, const char *new_name)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->diffs = sa_xreallocarray(l->diffs, l->cap, sizeof *l->diffs);
        l->old_names = sa_xreallocarray(l->old_names, l->cap, sizeof *l->old_names);
        l->new_names = sa_xreallocarray(l->new_names, l->cap, sizeof *l->new_names);
    }
    l->diffs[l->n] = d;
    l->old_names[l->n] = dup_or_null(old_name);
    l->new_names[l->n] = dup_or_null(new_name);
    l->n++;
}

static void diff_list_free(diff_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        sa_diff_free(l->diffs[i]);
        free(l->old_names[i]);
        free(l->new_names[i]);
    }
    free(l->diffs);
    free(l->old_names);
    free(l->new_names);
}

/*
 * Compares two documents held in memory (either may be absent: a file added
 * or removed). Returns 0, or SA_EXIT_USAGE when a side is unreadable or the
 * new one has errors (as lint reports them): an edit that does not lint is
 * refused, not classified. Errors in the old side are printed and the
 * comparison goes on, so an edit that repairs a broken file can be reviewed.
 */
int sa_app_diff_compare(diff_list *l, doc_kind kind, const char *old_name, const char *old_data,
                   size_t old_len, const char *new_name, const char *new_data, size_t new_len)
{
    sa_diags *diags = sa_diags_new(), *new_diags = sa_diags_new();
    side a = {0}, b = {0};
    int rc = 0;
    if (old_data && !sa_app_side_load(&a, kind, old_name, old_data, old_len, l->limits, diags))
        rc = SA_EXIT_USAGE;
    if (new_data && !sa_app_side_load(&b, kind, new_name, new_data, new_len, l->limits, new_diags))
        rc = SA_EXIT_USAGE;
    if (sa_diags_has_errors(new_diags))
        rc = SA_EXIT_USAGE;
    print_errors(diags, l->err);
    print_errors(new_diags, l->err);
    if (sa_diags_has_errors(new_diags))
        fprintf(l->err, "specaudit diff: %s has errors (above; see specaudit lint): not compared\n", new_name);
    sa_diags_free(new_diags);
    if (rc == 0) {
        sa_diff *d = kind == DOC_AGREEMENT ? sa_diff_agreements(a.agreement, b.agreement)
                                           : sa_diff_specs(a.spec, b.spec);
        diff_list_push(l, d, old_data ? old_name : NULL, new_data ? new_name : NULL);
    }
    sa_app_side_free(&a);
    sa_app_side_free(&b);
    sa_diags_free(diags);
    return rc;
}

int sa_app_diff_read(const diff_list *l, const char *path, char **data, size_t *len)
{
    sa_diags *diags = sa_diags_new();
    int rc = sa_file_read_all(path, sa_app_document_max_bytes(l->limits), data, len, diags);
    if (rc != 0)
        sa_app_print_diags(diags, l->err);
    sa_diags_free(diags);
    return rc;
}

static void output_guard_init(output_guard *g, const char *path, FILE *err)
{
    struct stat st;
    g->path = path;
    g->err = err;
    g->exists = path && strcmp(path, "-") != 0 && stat(path, &st) == 0;
    g->dev = g->exists ? st.st_dev : 0;
    g->ino = g->exists ? st.st_ino : 0;
}

/* True (with a message) when `input` is the report file: writing the report
 * would destroy what is being compared. */
bool sa_app_output_is_input(const output_guard *g, const char *input)
{
    struct stat st;
    if (!g->exists || stat(input, &st) != 0 || st.st_dev != g->dev || st.st_ino != g->ino)
        return false;
    fprintf(g->err,
            "%s: error[E-IO-OUTPUT-IS-INPUT]: -o names an input of this comparison; expected a "
            "report file that is not %s\n",
            g->path, input);
    return true;
}

static int diff_files(diff_list *l, const char *old_path, const char *new_path,
                      const output_guard *guard)
{
    if (sa_app_output_is_input(guard, old_path) || sa_app_output_is_input(guard, new_path))
        return SA_EXIT_USAGE;
    char *od = NULL, *nd = NULL;
    size_t ol = 0, nl = 0;
    if (sa_app_diff_read(l, old_path, &od, &ol) != 0 || sa_app_diff_read(l, new_path, &nd, &nl) != 0) {
        free(od);
        free(nd);
        return SA_EXIT_USAGE;
    }
    doc_kind ko = sa_app_doc_kind(old_path, od, ol), kn = sa_app_doc_kind(new_path, nd, nl);
    int rc;
    if (ko != kn) {
        rc = sa_app_usage_error(l->err, "diff", "%s and %s are not the same kind of document "
                                        "(one specification, one agreement)",
                                old_path, new_path);
    } else {
        rc = sa_app_diff_compare(l, kn, old_path, od, ol, new_path, nd, nl);
    }
    free(od);
    free(nd);
    return rc;
}

bool sa_app_is_document(const char *data, size_t len)
{
    return data && (sa_agreement_sniff(data, len) || looks_like_spec(data, len));
}

/* ---- colour on a terminal ------------------------------------------------------------------- */

/*
 * Colours the class of each change line of a text report ("...: loosened: ...")
 * for a terminal: what lets providers do less in red, what asks more in green,
 * warnings in yellow. Only the CLI knows where the report goes, so the library
 * renders plain text and this pass adds the escapes.
 */
static void colorize_text(const sa_buf *in, sa_buf *out)
{
    static const struct {
        const char *token;
        const char *color;
    } classes[] = {
        {": tightened: ", "\033[32m"}, {": loosened: ", "\033[1;31m"}, {": added: ", "\033[36m"},
        {": removed: ", "\033[1;31m"}, {": changed: ", "\033[34m"},  {": warning: ", "\033[1;33m"},
    };
    const char *p = in->data ? in->data : "", *end = p + in->len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl + 1 : end;
        const char *hit = NULL;
        size_t k_hit = 0;
        for (size_t k = 0; k < sizeof classes / sizeof classes[0]; k++) {
            size_t n = strlen(classes[k].token);
            for (const char *q = p; q + n <= line_end; q++) {
                if (memcmp(q, classes[k].token, n) == 0) {
                    if (!hit || q < hit) {
                        hit = q;
                        k_hit = k;
                    }
                    break;
                }
            }
        }
        if (!hit) {
            sa_buf_append(out, p, (size_t)(line_end - p));
        } else {
            size_t n = strlen(classes[k_hit].token);
            sa_buf_append(out, p, (size_t)(hit - p) + 2); /* up to and with ": " */
            sa_buf_puts(out, classes[k_hit].color);
            sa_buf_append(out, hit + 2, n - 4); /* the class name */
            sa_buf_puts(out, "\033[0m");
            sa_buf_append(out, hit + n - 2, (size_t)(line_end - (hit + n - 2)));
        }
        p = line_end;
    }
}
/* Writes the report to the -o file, or to io.out (coloured on a terminal); 0 or SA_EXIT_USAGE. */
static int write_report(const sa_app_diff_request *req, const sa_buf *out)
{
    int rc = SA_EXIT_OK;
    if (req->output && strcmp(req->output, "-") != 0) {
        sa_diags *diags = sa_diags_new();
        if (sa_write_file_atomic(req->output, out->data ? out->data : "", out->len, diags) != 0) {
            sa_app_print_diags(diags, req->io.err);
            rc = SA_EXIT_USAGE;
        }
        sa_diags_free(diags);
        return rc;
    }
    sa_buf colored = SA_BUF_INIT;
    bool color = req->format == SA_FORMAT_TEXT && req->io.color;
    if (color)
        colorize_text(out, &colored);
    if (sa_buf_write(color ? &colored : out, req->io.out) != 0 || fflush(req->io.out) != 0) {
        fprintf(req->io.err, "specaudit diff: cannot write the report to standard output\n");
        rc = SA_EXIT_USAGE;
    }
    sa_buf_free(&colored);
    return rc;
}

#define DIFF_FORMATS (SA_FMT(SA_FORMAT_TEXT) | SA_FMT(SA_FORMAT_JSON) | SA_FMT(SA_FORMAT_MD))

int sa_app_diff(const sa_app_diff_request *request)
{
    sa_app_diff_request r = *request, *req = &r;
    diff_list list = {.limits = &req->limits, .err = req->io.err};
    output_guard guard;
    output_guard_init(&guard, req->output, req->io.err);
    int rc = req->rev ? sa_app_diff_git(&list, req->rev, req->files, req->nfiles, &guard)
                      : diff_files(&list, req->old_path, req->new_path, &guard);
    if (rc == 0 && req->format_by_path && req->output &&
        !sa_app_format_of_path(req->io.err, "diff", req->output, DIFF_FORMATS, &r.format))
        rc = SA_EXIT_USAGE;
    if (rc != 0) {
        diff_list_free(&list);
        return SA_EXIT_USAGE;
    }
    sa_buf out = SA_BUF_INIT;
    sa_diff_render_many((const sa_diff *const *)list.diffs, (const char *const *)list.old_names,
                        (const char *const *)list.new_names, list.n, sa_format_name(req->format), &out);
    for (size_t i = 0; i < list.n; i++)
        for (size_t k = 0; k < sa_diff_count(list.diffs[i]); k++)
            if (req->fail_mask & (1u << sa_diff_at(list.diffs[i], k)->cls))
                rc = SA_EXIT_FINDINGS;
    diff_list_free(&list);
    int wrc = write_report(req, &out);
    sa_buf_free(&out);
    return wrc != SA_EXIT_OK ? wrc : rc;
}
