/* cmd_lint.c — `specaudit lint`: validates specifications and heads of agreement. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agreement/agreement.h"
#include "cli/cli.h"
#include "core/fileio.h"
#include "spec/spec.h"
#include "core/alloc.h"

static void print_lint_help(FILE *out)
{
    fputs("usage: specaudit lint [options] FILE...\n\n"
          "Validates service specifications (.yaml) and heads of agreement (.xml), reporting\n"
          "every problem as file:line:col: severity[CODE]: message. Files ending in .xml\n"
          "(or whose root element is an agreement) are read as agreements and cross-checked\n"
          "against the specifications given in the same run. '-' reads standard input.\n\n"
          "options:\n"
          "  --format FORMAT   text (default), json, sarif or junit\n"
          "  -o, --output FILE write the report to FILE (written atomically; '-' = stdout)\n"
          "  -h, --help        show this help\n",
          out);
    sa_cli_limits_help(out, SA_CLI_LIMITS_SPEC, 18);
    fputs("\nexit status: 0 no errors (warnings allowed), 1 errors found,\n"
          "2 bad usage or an unreadable file.\n",
          out);
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}


int sa_cli_lint(int argc, char **argv)
{
    sa_format format = SA_FORMAT_TEXT;
    const char *output = "-";
    const char **files = sa_xcalloc((size_t)argc + 1, sizeof *files);
    size_t nfiles = 0;
    bool only_files = false;
    sa_cli_limits limits;
    sa_cli_limits_default(&limits);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!only_files && sa_cli_is_help(a)) {
            print_lint_help(stdout);
            free(files);
            return SA_EXIT_OK;
        }
        int lim = only_files ? 0 : sa_cli_limits_option("lint", SA_CLI_LIMITS_SPEC, argc, argv, &i, &limits);
        if (lim < 0) {
            free(files);
            return SA_EXIT_USAGE;
        }
        if (lim > 0) {
            continue;
        } else if (!only_files && strcmp(a, "--") == 0) {
            only_files = true;
        } else if (!only_files && (strcmp(a, "--format") == 0 || strncmp(a, "--format=", 9) == 0)) {
            const char *v = a[8] == '=' ? a + 9 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v || !sa_format_parse(v, &format) ||
                (format != SA_FORMAT_TEXT && format != SA_FORMAT_JSON && format != SA_FORMAT_SARIF &&
                 format != SA_FORMAT_JUNIT)) {
                free(files);
                return sa_cli_usage_error("lint", "--format expects text, json, sarif or junit%s%s",
                                          v ? ", found " : "", v ? v : "");
            }
        } else if (!only_files && (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 ||
                                   strncmp(a, "--output=", 9) == 0)) {
            const char *v = strncmp(a, "--output=", 9) == 0 ? a + 9 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v || !*v) {
                free(files);
                return sa_cli_usage_error("lint", "%s expects a file name", a);
            }
            output = v;
        } else if (!only_files && a[0] == '-' && a[1] != '\0') {
            free(files);
            return sa_cli_usage_error("lint", "unknown option '%s'", a);
        } else {
            files[nfiles++] = a;
        }
    }
    if (nfiles == 0) {
        free(files);
        return sa_cli_usage_error("lint", "expected at least one specification or agreement file");
    }

    /* The report must never overwrite an input. */
    for (size_t i = 0; i < nfiles; i++) {
        if (sa_cli_same_file(output, files[i])) {
            sa_diags *io = sa_diags_new();
            sa_diags_error(io, "E-IO-OUTPUT-IS-INPUT", (sa_pos){output, 0, 0},
                           "expected a report path that is not an input, found the input %s", files[i]);
            sa_cli_print_diags(io, stderr);
            sa_diags_free(io);
            free(files);
            return SA_EXIT_USAGE;
        }
    }

    sa_diags *diags = sa_diags_new();
    sa_spec **specs = sa_xcalloc(nfiles, sizeof *specs);
    sa_agreement **agreements = sa_xcalloc(nfiles, sizeof *agreements);
    size_t nspecs = 0, nagreements = 0;
    bool unreadable = false;
    sa_agreement_schema *schema = NULL; /* parsed once, on the first agreement */
    bool schema_tried = false;
    for (size_t i = 0; i < nfiles; i++) {
        char *data = NULL;
        size_t len = 0;
        size_t max_bytes = limits.spec.max_bytes > limits.agreement_max_bytes ? limits.spec.max_bytes
                                                                               : limits.agreement_max_bytes;
        if (sa_file_read_all(files[i], max_bytes, &data, &len, diags) != 0) {
            unreadable = true;
            continue;
        }
        bool is_agreement = has_suffix(files[i], ".xml") || sa_agreement_sniff(data, len);
        if (is_agreement && len > limits.agreement_max_bytes) {
            sa_diags_error(diags, "E-IO-TOO-LARGE", (sa_pos){files[i], 0, 0},
                           "the agreement is %zu bytes; expected at most %zu (see --max-input-bytes)", len,
                           limits.agreement_max_bytes);
            unreadable = true;
        } else if (is_agreement) {
            if (!schema_tried) {
                schema = sa_agreement_schema_load(NULL, diags);
                schema_tried = true;
            }
            sa_agreement *a = schema ? sa_agreement_load_buffer_with(files[i], data, len, schema, diags)
                                     : NULL;
            if (a)
                agreements[nagreements++] = a;
        } else {
            sa_spec *s = sa_spec_load_buffer(files[i], data, len, &limits.spec, diags);
            if (s)
                specs[nspecs++] = s;
        }
        free(data);
    }
    sa_agreement_schema_free(schema);
    if (nagreements > 0)
        sa_agreement_bind(agreements, nagreements, specs, nspecs, SA_DATE_NONE, diags);
    sa_diags_sort(diags);

    sa_report_options opts = {sa_cli_use_color(stdout) && strcmp(output, "-") == 0, false};
    sa_buf out = SA_BUF_INIT;
    int rc = SA_EXIT_OK;
    if (sa_diags_render(diags, format, "specaudit lint", files, nfiles, &opts, &out) != 0) {
        /* Renderer unavailable: fall back to plain gcc-style lines. */
        sa_cli_print_diags(diags, stdout);
    } else {
        sa_diags *io = sa_diags_new();
        if (sa_write_file_atomic(output, out.data ? out.data : "", out.len, io) != 0) {
            sa_cli_print_diags(io, stderr);
            rc = SA_EXIT_USAGE;
        }
        sa_diags_free(io);
    }
    if (rc == SA_EXIT_OK) {
        if (unreadable)
            rc = SA_EXIT_USAGE;
        else if (sa_diags_has_errors(diags))
            rc = SA_EXIT_FINDINGS;
    }
    /* With a report going to a file, a short account still goes to stderr. */
    if (strcmp(output, "-") != 0 && format != SA_FORMAT_TEXT && sa_diags_has_errors(diags))
        fprintf(stderr, "specaudit lint: %llu error(s); see %s\n",
                (unsigned long long)sa_diags_total(diags, SA_SEV_ERROR), output);

    sa_buf_free(&out);
    for (size_t i = 0; i < nspecs; i++)
        sa_spec_free(specs[i]);
    for (size_t i = 0; i < nagreements; i++)
        sa_agreement_free(agreements[i]);
    free(specs);
    free(agreements);
    free(files);
    sa_diags_free(diags);
    return rc;
}
