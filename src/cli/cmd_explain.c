/* cmd_explain.c — `specaudit explain SPEC REQUIREMENT-ID`: a requirement in plain English. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "spec/kind.h"
#include "spec/spec.h"

static void print_explain_help(FILE *out)
{
    fputs("usage: specaudit explain SPEC REQUIREMENT-ID\n\n"
          "Describes one requirement of a service specification in plain English: its\n"
          "title, severity and scope, what the check reads and counts, its target, and\n"
          "its where/meets/exclude conditions in words and in canonical form.\n\n"
          "options:\n"
          "  -h, --help             show this help\n",
          out);
    sa_cli_limits_help(out, SA_CLI_LIMITS_SPEC, 23);
    fputs("\nexit status: 0 explained, 1 the specification has errors (the requirement is\n"
          "still explained as far as possible), 2 bad usage, an unreadable file or an\n"
          "unknown requirement id.\n",
          out);
}

static void explain(const sa_spec *spec, const sa_requirement *req, sa_buf *out)
{
    const char *title = req->title ? req->title : "(untitled)";
    sa_buf_text_escape(out, req->id, strlen(req->id), false);
    sa_buf_puts(out, ": ");
    sa_buf_text_escape(out, title, strlen(title), false);
    sa_buf_putc(out, '\n');
    sa_describe_field(out, "Specification", "%s version %s%s%s (%s:%u)", spec->id ? spec->id : "?",
                      spec->version ? spec->version : "?", spec->title ? ": " : "",
                      spec->title ? spec->title : "", spec->path ? spec->path : "?", req->pos.line);
    sa_describe_field(out, "Severity", "%s", sa_req_severity_name(req->severity));
    const char *system = sa_check_def_of(req->check.kind)->system_scope;
    sa_describe_field(out, "Scope", "%s",
                      req->scope != SA_SCOPE_SYSTEM ? "provider: each provider is assessed on its own"
                      : system                      ? system
                                                    : "system: the providers together (the union of their "
                                                      "evidence) are assessed");
    if (req->guidance)
        sa_describe_field(out, "Guidance", "%s", req->guidance);
    if (req->description) {
        /* Folded YAML scalars end in a newline; the field adds its own. */
        size_t len = strlen(req->description);
        while (len && strchr(" \t\r\n", req->description[len - 1]))
            len--;
        sa_describe_field(out, "Description", "%.*s", (int)len, req->description);
    }
    sa_check_describe(spec, &req->check, out);
}

int sa_cli_explain(int argc, char **argv)
{
    const char *args[2] = {NULL, NULL};
    int nargs = 0;
    bool only_args = false;
    sa_cli_limits limits;
    sa_cli_limits_default(&limits);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!only_args && sa_cli_is_help(a)) {
            print_explain_help(stdout);
            return SA_EXIT_OK;
        }
        int lim = only_args ? 0 : sa_cli_limits_option("explain", SA_CLI_LIMITS_SPEC, argc, argv, &i, &limits);
        if (lim < 0)
            return SA_EXIT_USAGE;
        if (lim > 0)
            continue;
        if (!only_args && strcmp(a, "--") == 0) {
            only_args = true;
            continue;
        }
        if (!only_args && a[0] == '-' && a[1] != '\0')
            return sa_cli_usage_error("explain", "unknown option '%s'", a);
        if (nargs == 2)
            return sa_cli_usage_error(
                "explain", "expected SPEC REQUIREMENT-ID, found an extra argument '%s'", a);
        args[nargs++] = a;
    }
    if (nargs != 2)
        return sa_cli_usage_error("explain", "expected SPEC REQUIREMENT-ID");

    sa_diags *diags = sa_diags_new();
    sa_spec *spec = sa_spec_load(args[0], &limits.spec, diags);
    if (!spec) {
        sa_diags_sort(diags);
        sa_cli_print_diags(diags, stderr);
        sa_diags_free(diags);
        return SA_EXIT_USAGE;
    }
    const sa_requirement *req = sa_spec_find_requirement(spec, args[1]);
    if (!req) {
        sa_buf ids = SA_BUF_INIT;
        for (size_t i = 0; i < spec->nrequirements && i < 40; i++)
            sa_buf_printf(&ids, "%s%s", i ? ", " : "", spec->requirements[i].id);
        if (spec->nrequirements > 40)
            sa_buf_puts(&ids, ", ...");
        int rc = sa_cli_usage_error("explain", "no requirement '%s' in %s: expected one of %s",
                                    args[1], args[0], ids.len ? sa_buf_cstr(&ids) : "(none)");
        sa_buf_free(&ids);
        sa_spec_free(spec);
        sa_diags_free(diags);
        return rc;
    }
    sa_buf text = SA_BUF_INIT, out = SA_BUF_INIT;
    explain(spec, req, &text);
    /* Names and expressions quoted from the spec are printed within our lines:
     * no control character of theirs reaches the terminal. */
    sa_buf_text_escape(&out, text.data ? text.data : "", text.len, true);
    sa_buf_free(&text);
    int rc = SA_EXIT_OK;
    if (sa_buf_write(&out, stdout) != 0 || fflush(stdout) != 0) {
        fprintf(stderr, "specaudit explain: cannot write to standard output\n");
        rc = SA_EXIT_USAGE;
    }
    sa_buf_free(&out);
    if (sa_diags_has_errors(diags)) {
        sa_diags_sort(diags);
        sa_cli_print_diags(diags, stderr);
        if (rc == SA_EXIT_OK)
            rc = SA_EXIT_FINDINGS;
    }
    sa_spec_free(spec);
    sa_diags_free(diags);
    return rc;
}
