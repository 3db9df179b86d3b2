/* explain.c — the explain pipeline: a specification loaded, one requirement
 * found and described, its text made safe for a terminal. */
#include <string.h>

#include "app/app_internal.h"
#include "spec/kind.h"

/* An unknown id: the message lists the ids there are (the first 40). */
static int unknown_requirement(const sa_app_explain_request *req, const sa_spec *spec)
{
    sa_buf ids = SA_BUF_INIT;
    for (size_t i = 0; i < spec->nrequirements && i < 40; i++)
        sa_buf_printf(&ids, "%s%s", i ? ", " : "", spec->requirements[i].id);
    if (spec->nrequirements > 40)
        sa_buf_puts(&ids, ", ...");
    int rc = sa_app_usage_error(req->io.err, "explain", "no requirement '%s' in %s: expected one of %s",
                                req->requirement_id, req->spec_path, ids.len ? sa_buf_cstr(&ids) : "(none)");
    sa_buf_free(&ids);
    return rc;
}

/* Describes the requirement on io.out; 0 or SA_EXIT_USAGE when it could not be written. */
static int write_description(const sa_app_explain_request *req, const sa_spec *spec, const sa_requirement *r)
{
    sa_buf text = SA_BUF_INIT, out = SA_BUF_INIT;
    sa_requirement_describe(spec, r, &text);
    /* Names and expressions quoted from the spec are printed within our lines:
     * no control character of theirs reaches the terminal. */
    sa_buf_text_escape(&out, text.data ? text.data : "", text.len, true);
    sa_buf_free(&text);
    int rc = SA_EXIT_OK;
    if (sa_buf_write(&out, req->io.out) != 0 || fflush(req->io.out) != 0) {
        fprintf(req->io.err, "specaudit explain: cannot write to standard output\n");
        rc = SA_EXIT_USAGE;
    }
    sa_buf_free(&out);
    return rc;
}

int sa_app_explain(const sa_app_explain_request *req)
{
    sa_diags *diags = sa_diags_new();
    sa_spec *spec = sa_spec_load(req->spec_path, &req->limits.spec, diags);
    int rc;
    if (!spec) {
        sa_diags_sort(diags);
        sa_app_print_diags(diags, req->io.err);
        rc = SA_EXIT_USAGE;
    } else {
        const sa_requirement *r = sa_spec_find_requirement(spec, req->requirement_id);
        rc = r ? write_description(req, spec, r) : unknown_requirement(req, spec);
        /* The requirement is explained as far as it can be; the errors follow. */
        if (r && sa_diags_has_errors(diags)) {
            sa_diags_sort(diags);
            sa_app_print_diags(diags, req->io.err);
            if (rc == SA_EXIT_OK)
                rc = SA_EXIT_FINDINGS;
        }
    }
    sa_spec_free(spec);
    sa_diags_free(diags);
    return rc;
}
