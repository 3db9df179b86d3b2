/* diagnostics.c — renders a diagnostics list (lint, validate) as text, JSON,
 * SARIF 2.1.0 or JUnit XML. Output is deterministic: diagnostics appear in
 * the list's order (callers sort first), files in the order given. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "core/diag_codes.h"
#include "report/report.h"
#include "report/sarif_common.h"

#define SA_DIAG_JSON_FORMAT_VERSION 1

static const char *plural(uint64_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* ---- text ----------------------------------------------------------------------- */

static void render_text(const sa_diags *diags, size_t nfiles, const sa_report_options *opts, sa_buf *out)
{
    bool color = opts && opts->color;
    for (size_t i = 0; i < sa_diags_count(diags); i++) {
        const sa_diag *g = sa_diags_at(diags, i);
        if (!color) {
            sa_diag_format_text(g, out);
            sa_buf_putc(out, '\n');
            continue;
        }
        sa_buf_puts(out, "\033[1m");
        if (g->pos.file) {
            sa_buf_text_escape(out, g->pos.file, strlen(g->pos.file), false);
            if (g->pos.line) {
                sa_buf_printf(out, ":%u", g->pos.line);
                if (g->pos.col)
                    sa_buf_printf(out, ":%u", g->pos.col);
            }
        } else {
            sa_buf_puts(out, "specaudit");
        }
        const char *c = g->severity == SA_SEV_ERROR ? "31" : g->severity == SA_SEV_WARNING ? "35" : "36";
        sa_buf_printf(out, ":\033[0m \033[1;%sm%s[%s]:\033[0m ", c, sa_severity_name(g->severity), g->code);
        sa_buf_text_escape(out, g->message, strlen(g->message), false);
        sa_buf_putc(out, '\n');
    }
    uint64_t e = sa_diags_total(diags, SA_SEV_ERROR);
    uint64_t w = sa_diags_total(diags, SA_SEV_WARNING);
    uint64_t shown = sa_diags_count(diags);
    uint64_t all = e + w + sa_diags_total(diags, SA_SEV_NOTE);
    sa_buf_printf(out, "%llu %s, %llu %s in %zu %s", (unsigned long long)e, plural(e, "error", "errors"),
                  (unsigned long long)w, plural(w, "warning", "warnings"), nfiles, nfiles == 1 ? "file" : "files");
    if (all > shown)
        sa_buf_printf(out, " (%llu not shown)", (unsigned long long)(all - shown));
    sa_buf_putc(out, '\n');
}

/* ---- json ------------------------------------------------------------------------ */

static void json_pos_number(sa_buf *out, uint32_t v)
{
    if (v)
        sa_buf_printf(out, "%u", v);
    else
        sa_buf_puts(out, "null");
}

static void render_json(const sa_diags *diags, const char *tool, const char *const *files, size_t nfiles,
                        sa_buf *out)
{
    sa_buf_printf(out, "{\n  \"format_version\": %d,\n  \"tool\": ", SA_DIAG_JSON_FORMAT_VERSION);
    sa_buf_json_string(out, tool);
    sa_buf_puts(out, ",\n  \"version\": ");
    sa_buf_json_string(out, SA_VERSION);
    sa_buf_puts(out, ",\n  \"files\": [");
    for (size_t i = 0; i < nfiles; i++) {
        sa_buf_puts(out, i ? ", " : "");
        sa_buf_json_string(out, files[i]);
    }
    sa_buf_printf(out,
                  "],\n  \"summary\": {\"files\": %zu, \"errors\": %llu, \"warnings\": %llu, \"notes\": %llu, "
                  "\"shown\": %zu},\n  \"diagnostics\": [",
                  nfiles, (unsigned long long)sa_diags_total(diags, SA_SEV_ERROR),
                  (unsigned long long)sa_diags_total(diags, SA_SEV_WARNING),
                  (unsigned long long)sa_diags_total(diags, SA_SEV_NOTE), sa_diags_count(diags));
    for (size_t i = 0; i < sa_diags_count(diags); i++) {
        const sa_diag *g = sa_diags_at(diags, i);
        sa_buf_puts(out, i ? ",\n    " : "\n    ");
        sa_buf_puts(out, "{\"file\": ");
        sa_buf_json_string(out, g->pos.file);
        sa_buf_puts(out, ", \"line\": ");
        json_pos_number(out, g->pos.line);
        sa_buf_puts(out, ", \"column\": ");
        json_pos_number(out, g->pos.col);
        sa_buf_puts(out, ", \"severity\": ");
        sa_buf_json_string(out, sa_severity_name(g->severity));
        sa_buf_puts(out, ", \"code\": ");
        sa_buf_json_string(out, g->code);
        sa_buf_puts(out, ", \"message\": ");
        sa_buf_json_string(out, g->message);
        sa_buf_putc(out, '}');
    }
    sa_buf_puts(out, sa_diags_count(diags) ? "\n  ]\n}\n" : "]\n}\n");
}

/* ---- sarif ----------------------------------------------------------------------- */

static const char *sarif_level(sa_severity s)
{
    return s == SA_SEV_ERROR ? "error" : s == SA_SEV_WARNING ? "warning" : "note";
}

static size_t code_index(const sa_diags *diags, const char *code)
{
    for (size_t i = 0; i < sa_diags_code_count(diags); i++)
        if (strcmp(sa_diags_code_at(diags, i, NULL, NULL), code) == 0)
            return i;
    return 0;
}

static long file_index(const char *const *files, size_t nfiles, const char *file)
{
    if (!file)
        return -1;
    for (size_t i = 0; i < nfiles; i++)
        if (strcmp(files[i], file) == 0)
            return (long)i;
    return -1;
}

/* A rule for `code`, described by the registry. A code missing from it (a
 * test keeps that from shipping) still gets texts that are not the code alone. */
static void sarif_rule(sa_buf *out, const char *code, sa_severity sev)
{
    const sa_diag_info *info = sa_diag_info_find(code);
    sa_buf help = SA_BUF_INIT, fallback = SA_BUF_INIT;
    sa_buf_printf(&fallback, "specaudit reports %s; see the DIAGNOSTICS section of specaudit(1).", code);
    const char *title = info ? info->title : sa_buf_cstr(&fallback);
    const char *description = info ? info->description : sa_buf_cstr(&fallback);
    sa_buf_puts(&help, description);
    if (info && info->help)
        sa_buf_printf(&help, " %s", info->help);
    sa_buf_puts(out, "{\"id\": ");
    sa_buf_json_string(out, code);
    sa_buf_puts(out, ", ");
    sa_sarif_rule_texts(out, ", ", title, description, sa_buf_cstr(&help));
    sa_buf_puts(out, ", \"defaultConfiguration\": {\"level\": ");
    sa_buf_json_string(out, sarif_level(info ? info->severity : sev));
    sa_buf_puts(out, "}}");
    sa_buf_free(&help);
    sa_buf_free(&fallback);
}

static void render_sarif(const sa_diags *diags, const char *tool, const char *const *files, size_t nfiles,
                         sa_buf *out)
{
    sa_buf_puts(out, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
                     "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": {\n        \"driver\": {\n"
                     "          \"name\": \"specaudit\",\n          \"fullName\": ");
    sa_buf_json_string(out, tool);
    sa_buf_puts(out, ",\n          \"version\": ");
    sa_buf_json_string(out, SA_VERSION);
    sa_buf_puts(out, ",\n          \"rules\": [");
    size_t ncodes = sa_diags_code_count(diags);
    for (size_t i = 0; i < ncodes; i++) {
        sa_severity sev = SA_SEV_ERROR;
        const char *code = sa_diags_code_at(diags, i, NULL, &sev);
        sa_buf_puts(out, i ? ",\n            " : "\n            ");
        sarif_rule(out, code, sev);
    }
    sa_buf_puts(out, ncodes ? "\n          ]\n" : "]\n");
    sa_buf_puts(out, "        }\n      },\n      \"artifacts\": [");
    for (size_t i = 0; i < nfiles; i++) {
        sa_buf_puts(out, i ? ",\n        " : "\n        ");
        sa_buf_puts(out, "{\"location\": ");
        sa_sarif_artifact_location(out, files[i], -1);
        sa_buf_puts(out, ", \"roles\": [\"analysisTarget\"]}");
    }
    sa_buf_puts(out, nfiles ? "\n      ],\n      " : "],\n      ");
    sa_sarif_uri_base_ids(out);
    sa_buf_puts(out, ",\n      \"results\": [");
    size_t n = sa_diags_count(diags);
    for (size_t i = 0; i < n; i++) {
        const sa_diag *g = sa_diags_at(diags, i);
        sa_buf_puts(out, i ? ",\n        " : "\n        ");
        sa_buf_puts(out, "{\"ruleId\": ");
        sa_buf_json_string(out, g->code);
        sa_buf_printf(out, ", \"ruleIndex\": %zu, \"level\": ", code_index(diags, g->code));
        sa_buf_json_string(out, sarif_level(g->severity));
        sa_buf_puts(out, ", \"message\": {\"text\": ");
        sa_buf_json_string(out, g->message);
        sa_buf_putc(out, '}');
        if (g->pos.file) {
            sa_buf_puts(out, ", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": ");
            sa_sarif_artifact_location(out, g->pos.file, file_index(files, nfiles, g->pos.file));
            /* A diagnostic about a whole file (line 0) is shown at its first line:
             * code scanning annotates a line, and SARIF wants a region. */
            sa_buf_printf(out, ", \"region\": {\"startLine\": %u", g->pos.line ? g->pos.line : 1);
            if (g->pos.line && g->pos.col)
                sa_buf_printf(out, ", \"startColumn\": %u", g->pos.col);
            sa_buf_putc(out, '}');
            sa_buf_puts(out, "}}]");
        }
        sa_buf_putc(out, '}');
    }
    sa_buf_puts(out, n ? "\n      ]\n" : "]\n");
    sa_buf_puts(out, "    }\n  ]\n}\n");
}

/* ---- junit ----------------------------------------------------------------------- */

static void junit_case(const sa_diags *diags, const char *tool, const char *name, const char *const *files,
                       size_t nfiles, bool general, sa_buf *out)
{
    size_t errors = 0, others = 0;
    const char *first_code = NULL;
    for (size_t i = 0; i < sa_diags_count(diags); i++) {
        const sa_diag *g = sa_diags_at(diags, i);
        bool mine = general ? file_index(files, nfiles, g->pos.file) < 0 : g->pos.file && strcmp(g->pos.file, name) == 0;
        if (!mine)
            continue;
        if (g->severity == SA_SEV_ERROR) {
            if (!first_code)
                first_code = g->code;
            errors++;
        } else {
            others++;
        }
    }
    sa_buf_puts(out, "    <testcase");
    sa_buf_xml_attr(out, "classname", tool);
    sa_buf_xml_attr(out, "name", name);
    sa_buf_puts(out, errors || others ? ">\n" : "/>\n");
    if (!errors && !others)
        return;
    sa_buf b = SA_BUF_INIT;
    for (int pass = 0; pass < 2; pass++) {
        /* pass 0: errors into <failure>; pass 1: warnings and notes into <system-out> */
        size_t count = pass == 0 ? errors : others;
        if (!count)
            continue;
        sa_buf_clear(&b);
        for (size_t i = 0; i < sa_diags_count(diags); i++) {
            const sa_diag *g = sa_diags_at(diags, i);
            bool mine =
                general ? file_index(files, nfiles, g->pos.file) < 0 : g->pos.file && strcmp(g->pos.file, name) == 0;
            if (!mine || (pass == 0) != (g->severity == SA_SEV_ERROR))
                continue;
            sa_diag_format_text(g, &b);
            sa_buf_putc(&b, '\n');
        }
        if (pass == 0) {
            sa_buf_puts(out, "      <failure");
            sa_buf_xml_attr(out, "type", first_code);
            char msg[64];
            snprintf(msg, sizeof msg, "%zu %s", errors, errors == 1 ? "error" : "errors");
            sa_buf_xml_attr(out, "message", msg);
            sa_buf_putc(out, '>');
            sa_buf_xml_escape(out, b.data, b.len);
            sa_buf_puts(out, "</failure>\n");
        } else {
            sa_buf_puts(out, "      <system-out>");
            sa_buf_xml_escape(out, b.data, b.len);
            sa_buf_puts(out, "</system-out>\n");
        }
    }
    sa_buf_free(&b);
    sa_buf_puts(out, "    </testcase>\n");
}

static void render_junit(const sa_diags *diags, const char *tool, const char *const *files, size_t nfiles,
                         sa_buf *out)
{
    /* Diagnostics not tied to one of the input files go into a case of their own. */
    bool general = false;
    for (size_t i = 0; i < sa_diags_count(diags) && !general; i++)
        general = file_index(files, nfiles, sa_diags_at(diags, i)->pos.file) < 0;
    size_t failures = 0;
    for (size_t f = 0; f <= nfiles; f++) {
        if (f == nfiles && !general)
            break;
        for (size_t i = 0; i < sa_diags_count(diags); i++) {
            const sa_diag *g = sa_diags_at(diags, i);
            bool mine = f == nfiles ? file_index(files, nfiles, g->pos.file) < 0
                                    : g->pos.file && strcmp(g->pos.file, files[f]) == 0;
            if (mine && g->severity == SA_SEV_ERROR) {
                failures++;
                break;
            }
        }
    }
    size_t tests = nfiles + (general ? 1 : 0);
    sa_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites");
    sa_buf_xml_attr(out, "name", tool);
    sa_buf_printf(out, " tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n  <testsuite", tests, failures);
    sa_buf_xml_attr(out, "name", tool);
    sa_buf_printf(out, " tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\">\n", tests, failures);
    for (size_t f = 0; f < nfiles; f++)
        junit_case(diags, tool, files[f], files, nfiles, false, out);
    if (general)
        junit_case(diags, tool, tool, files, nfiles, true, out);
    sa_buf_puts(out, "  </testsuite>\n</testsuites>\n");
}

int sa_diags_render(const sa_diags *diags, sa_format format, const char *tool, const char *const *files,
                    size_t nfiles, const sa_report_options *opts, sa_buf *out)
{
    if (!tool)
        tool = "specaudit";
    switch (format) {
    case SA_FORMAT_TEXT: render_text(diags, nfiles, opts, out); return 0;
    case SA_FORMAT_JSON: render_json(diags, tool, files, nfiles, out); return 0;
    case SA_FORMAT_SARIF: render_sarif(diags, tool, files, nfiles, out); return 0;
    case SA_FORMAT_JUNIT: render_junit(diags, tool, files, nfiles, out); return 0;
    default: return -1;
    }
}
