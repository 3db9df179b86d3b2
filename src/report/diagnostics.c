/* diagnostics.c — renders a diagnostics list (lint, validate) as text, JSON,
 * SARIF 2.1.0 or JUnit XML. Output is deterministic: diagnostics appear in
 * the list's order (callers sort first), files in the order given. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "report/report.h"

#define SA_DIAG_JSON_FORMAT_VERSION 1

/* One-line descriptions of the codes, for SARIF rules. Codes not listed here
 * get a description built from the code itself. */
static const struct {
    const char *code;
    const char *text;
} code_descriptions[] = {
    {"E-SPEC-YAML", "The file is not well-formed YAML."},
    {"E-SPEC-NUL", "A value or key holds a NUL character, which would cut it short."},
    {"E-SPEC-ALIAS-LIMIT", "YAML aliases expand to more nodes than allowed (alias bomb)."},
    {"E-SPEC-TOO-DEEP", "Mappings and lists nest deeper than allowed."},
    {"E-SPEC-VERSION", "Missing or unsupported specification format version."},
    {"E-SPEC-TYPE", "A value has the wrong YAML type."},
    {"E-SPEC-UNKNOWN-KEY", "A key that the specification format does not define."},
    {"E-SPEC-MISSING-KEY", "A required key is missing."},
    {"E-SPEC-DUPLICATE-KEY", "A key is given twice in one mapping."},
    {"E-SPEC-DUPLICATE-ID", "A requirement id, provider code or role is given twice."},
    {"E-SPEC-DUPLICATE-DATASET", "A dataset is defined twice."},
    {"E-SPEC-DUPLICATE-COLUMN", "A column is defined twice in one dataset."},
    {"E-SPEC-DUPLICATE-ROLE", "A role is defined twice."},
    {"E-SPEC-BAD-ID", "An id or name contains characters that are not allowed."},
    {"E-SPEC-BAD-VALUE", "A value is not one of the allowed choices."},
    {"E-SPEC-UNKNOWN-KIND", "Unknown check kind."},
    {"E-SPEC-UNKNOWN-DATASET", "A check refers to a dataset that is not defined."},
    {"E-SPEC-UNKNOWN-COLUMN", "A reference to a column the dataset does not have."},
    {"E-SPEC-UNKNOWN-ROLE", "A reference to a role that is not defined."},
    {"E-SPEC-COLUMN-TYPE", "Unknown column type."},
    {"E-SPEC-COLUMN-UNSUITABLE", "A column's type does not suit its use in a check."},
    {"E-SPEC-NOT-APPLICABLE", "A column property that does not apply to the column's type."},
    {"E-SPEC-ENUM-VALUES", "An enum column's list of values is empty, malformed or repeats a value."},
    {"E-SPEC-REGEX", "A regular expression that PCRE2 rejects."},
    {"E-SPEC-DATE", "A date that is not a valid YYYY-MM-DD date."},
    {"E-SPEC-PERIOD", "The specification period ends before it starts."},
    {"E-SPEC-DATE-OUTSIDE-PERIOD", "A date outside the specification period."},
    {"E-SPEC-TARGET", "A target that is not a valid comparison, or not of the unit the check measures."},
    {"E-SPEC-WINDOW", "An invalid window of hours."},
    {"E-SPEC-DAYS", "An invalid list of days."},
    {"E-SPEC-LIMIT", "An invalid response-time limit."},
    {"E-SPEC-RANGE", "A number outside its allowed range."},
    {"E-SPEC-CONFLICT", "Two keys that cannot be given together."},
    {"E-SPEC-ODS-CODE", "An organisation code that is not ODS-shaped."},
    {"W-SPEC-NO-REQUIREMENTS", "The specification has no requirements."},
    {"W-SPEC-UNUSED-DATASET", "No requirement reads the dataset."},
    {"W-SPEC-UNUSED-ROLE", "No check names the role."},
    {"W-SPEC-TARGET-ALWAYS-MET", "A target that cannot fail."},
    {"E-IO-OUTPUT-IS-INPUT", "The report path names one of the inputs."},
    {"E-IO-NOT-FOUND", "The file does not exist."},
    {"E-IO-IS-DIRECTORY", "A directory was given where a file was expected."},
    {"E-IO-NOT-REGULAR", "The input is not a regular file."},
    {"E-IO-UNREADABLE", "The file cannot be read."},
    {"E-IO-TOO-LARGE", "The file is larger than allowed."},
};

static const char *code_description(const char *code)
{
    for (size_t i = 0; i < sizeof code_descriptions / sizeof code_descriptions[0]; i++)
        if (strcmp(code_descriptions[i].code, code) == 0)
            return code_descriptions[i].text;
    return NULL;
}

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

/* A file path as a relative URI reference: unreserved characters and '/' kept,
 * everything else percent-encoded. */
static void sarif_uri(sa_buf *out, const char *path)
{
    sa_buf u = SA_BUF_INIT;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            sa_buf_putc(&u, (char)*p);
        else
            sa_buf_printf(&u, "%%%02X", *p);
    }
    sa_buf_json_string(out, sa_buf_cstr(&u));
    sa_buf_free(&u);
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
        const char *desc = code_description(code);
        sa_buf_puts(out, i ? ",\n            " : "\n            ");
        sa_buf_puts(out, "{\"id\": ");
        sa_buf_json_string(out, code);
        sa_buf_puts(out, ", \"shortDescription\": {\"text\": ");
        if (desc) {
            sa_buf_json_string(out, desc);
        } else {
            sa_buf_putc(out, '"');
            sa_buf_json_escape(out, code, strlen(code));
            sa_buf_putc(out, '"');
        }
        sa_buf_puts(out, "}, \"defaultConfiguration\": {\"level\": ");
        sa_buf_json_string(out, sarif_level(sev));
        sa_buf_puts(out, "}}");
    }
    sa_buf_puts(out, ncodes ? "\n          ]\n" : "]\n");
    sa_buf_puts(out, "        }\n      },\n      \"artifacts\": [");
    for (size_t i = 0; i < nfiles; i++) {
        sa_buf_puts(out, i ? ",\n        " : "\n        ");
        sa_buf_puts(out, "{\"location\": {\"uri\": ");
        sarif_uri(out, files[i]);
        sa_buf_puts(out, "}}");
    }
    sa_buf_puts(out, nfiles ? "\n      ],\n" : "],\n");
    sa_buf_puts(out, "      \"results\": [");
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
            sa_buf_puts(out, ", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
            sarif_uri(out, g->pos.file);
            long fi = file_index(files, nfiles, g->pos.file);
            if (fi >= 0)
                sa_buf_printf(out, ", \"index\": %ld", fi);
            sa_buf_putc(out, '}');
            if (g->pos.line) {
                sa_buf_printf(out, ", \"region\": {\"startLine\": %u", g->pos.line);
                if (g->pos.col)
                    sa_buf_printf(out, ", \"startColumn\": %u", g->pos.col);
                sa_buf_putc(out, '}');
            }
            sa_buf_puts(out, "}}]");
        }
        sa_buf_putc(out, '}');
    }
    sa_buf_puts(out, n ? "\n      ]\n" : "]\n");
    sa_buf_puts(out, "    }\n  ]\n}\n");
}

/* ---- junit ----------------------------------------------------------------------- */

static void xml_attr(sa_buf *out, const char *name, const char *value)
{
    sa_buf_printf(out, " %s=\"", name);
    sa_buf_xml_escape(out, value, strlen(value));
    sa_buf_putc(out, '"');
}

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
    xml_attr(out, "classname", tool);
    xml_attr(out, "name", name);
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
            xml_attr(out, "type", first_code);
            char msg[64];
            snprintf(msg, sizeof msg, "%zu %s", errors, errors == 1 ? "error" : "errors");
            xml_attr(out, "message", msg);
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
    xml_attr(out, "name", tool);
    sa_buf_printf(out, " tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n  <testsuite", tests, failures);
    xml_attr(out, "name", tool);
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
