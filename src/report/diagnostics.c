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

/* A line or column, or null when unknown (0). */
static void json_pos_number(sa_jw *w, const char *key, uint32_t v)
{
    if (v)
        sa_jw_uint(w, key, v);
    else
        sa_jw_null(w, key);
}

static void json_summary(sa_jw *w, const sa_diags *diags, size_t nfiles)
{
    sa_jw_object_inline(w, "summary");
    sa_jw_uint(w, "files", nfiles);
    sa_jw_uint(w, "errors", sa_diags_total(diags, SA_SEV_ERROR));
    sa_jw_uint(w, "warnings", sa_diags_total(diags, SA_SEV_WARNING));
    sa_jw_uint(w, "notes", sa_diags_total(diags, SA_SEV_NOTE));
    sa_jw_uint(w, "shown", sa_diags_count(diags));
    sa_jw_close_object(w);
}

static void json_diag(sa_jw *w, const sa_diag *g)
{
    sa_jw_object_inline(w, NULL);
    sa_jw_str(w, "file", g->pos.file);
    json_pos_number(w, "line", g->pos.line);
    json_pos_number(w, "column", g->pos.col);
    sa_jw_str(w, "severity", sa_severity_name(g->severity));
    sa_jw_str(w, "code", g->code);
    sa_jw_str(w, "message", g->message);
    sa_jw_close_object(w);
}

static void render_json(const sa_diags *diags, const char *tool, const char *const *files, size_t nfiles,
                        sa_buf *out)
{
    sa_jw w;
    sa_jw_begin(&w, out);
    sa_jw_object(&w, NULL);
    sa_jw_int(&w, "format_version", SA_DIAG_JSON_FORMAT_VERSION);
    sa_jw_str(&w, "tool", tool);
    sa_jw_str(&w, "version", SA_VERSION);
    sa_jw_array_inline(&w, "files");
    for (size_t i = 0; i < nfiles; i++)
        sa_jw_str(&w, NULL, files[i]);
    sa_jw_close_array(&w);
    json_summary(&w, diags, nfiles);
    sa_jw_array(&w, "diagnostics");
    for (size_t i = 0; i < sa_diags_count(diags); i++)
        json_diag(&w, sa_diags_at(diags, i));
    sa_jw_close_array(&w);
    sa_jw_close_object(&w);
    sa_jw_end(&w);
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
static void sarif_rule(sa_jw *w, const char *code, sa_severity sev)
{
    const sa_diag_info *info = sa_diag_info_find(code);
    sa_buf help = SA_BUF_INIT, fallback = SA_BUF_INIT;
    sa_buf_printf(&fallback, "specaudit reports %s; see the DIAGNOSTICS section of specaudit(1).", code);
    const char *title = info ? info->title : sa_buf_cstr(&fallback);
    const char *description = info ? info->description : sa_buf_cstr(&fallback);
    sa_buf_puts(&help, description);
    if (info && info->help)
        sa_buf_printf(&help, " %s", info->help);
    sa_jw_object_inline(w, NULL);
    sa_jw_str(w, "id", code);
    sa_sarif_rule_texts(w, title, description, sa_buf_cstr(&help));
    sa_jw_object_inline(w, "defaultConfiguration");
    sa_jw_str(w, "level", sarif_level(info ? info->severity : sev));
    sa_jw_close_object(w);
    sa_jw_close_object(w);
    sa_buf_free(&help);
    sa_buf_free(&fallback);
}

static void sarif_driver(sa_jw *w, const sa_diags *diags, const char *tool)
{
    sa_jw_object(w, "tool");
    sa_jw_object(w, "driver");
    sa_jw_str(w, "name", "specaudit");
    sa_jw_str(w, "fullName", tool);
    sa_jw_str(w, "version", SA_VERSION);
    sa_jw_array(w, "rules");
    for (size_t i = 0; i < sa_diags_code_count(diags); i++) {
        sa_severity sev = SA_SEV_ERROR;
        const char *code = sa_diags_code_at(diags, i, NULL, &sev);
        sarif_rule(w, code, sev);
    }
    sa_jw_close_array(w);
    sa_jw_close_object(w);
    sa_jw_close_object(w);
}

/* A diagnostic about a whole file (line 0) is shown at its first line:
 * code scanning annotates a line, and SARIF wants a region. */
static void sarif_location(sa_jw *w, const sa_diag *g, const char *const *files, size_t nfiles)
{
    sa_jw_array_inline(w, "locations");
    sa_jw_object_inline(w, NULL);
    sa_jw_object_inline(w, "physicalLocation");
    sa_sarif_artifact_location(w, "artifactLocation", g->pos.file, file_index(files, nfiles, g->pos.file));
    sa_jw_object_inline(w, "region");
    sa_jw_uint(w, "startLine", g->pos.line ? g->pos.line : 1);
    if (g->pos.line && g->pos.col)
        sa_jw_uint(w, "startColumn", g->pos.col);
    sa_jw_close_object(w);
    sa_jw_close_object(w);
    sa_jw_close_object(w);
    sa_jw_close_array(w);
}

static void sarif_result(sa_jw *w, const sa_diags *diags, const sa_diag *g, const char *const *files,
                         size_t nfiles)
{
    sa_jw_object_inline(w, NULL);
    sa_jw_str(w, "ruleId", g->code);
    sa_jw_uint(w, "ruleIndex", code_index(diags, g->code));
    sa_jw_str(w, "level", sarif_level(g->severity));
    sa_sarif_message(w, "message", g->message);
    if (g->pos.file)
        sarif_location(w, g, files, nfiles);
    sa_jw_close_object(w);
}

static void render_sarif(const sa_diags *diags, const char *tool, const char *const *files, size_t nfiles,
                         sa_buf *out)
{
    sa_jw w;
    sa_jw_begin(&w, out);
    sa_jw_object(&w, NULL);
    sa_jw_str(&w, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    sa_jw_str(&w, "version", "2.1.0");
    sa_jw_array(&w, "runs");
    sa_jw_object(&w, NULL);
    sarif_driver(&w, diags, tool);
    sa_jw_array(&w, "artifacts");
    for (size_t i = 0; i < nfiles; i++) {
        sa_jw_object_inline(&w, NULL);
        sa_sarif_artifact_location(&w, "location", files[i], -1);
        sa_jw_array_inline(&w, "roles");
        sa_jw_str(&w, NULL, "analysisTarget");
        sa_jw_close_array(&w);
        sa_jw_close_object(&w);
    }
    sa_jw_close_array(&w);
    sa_sarif_uri_base_ids(&w);
    sa_jw_array(&w, "results");
    for (size_t i = 0; i < sa_diags_count(diags); i++)
        sarif_result(&w, diags, sa_diags_at(diags, i), files, nfiles);
    sa_jw_close_array(&w);
    sa_jw_close_object(&w);
    sa_jw_close_array(&w);
    sa_jw_close_object(&w);
    sa_jw_end(&w);
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
