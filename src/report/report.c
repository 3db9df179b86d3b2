/* report.c — format names, dispatch to the renderers, and atomic writing. */
#include "report/report.h"

#include <string.h>

#include "core/fileio.h"
#include "report/render.h"

static const char *const format_names[] = {
    [SA_FORMAT_TEXT] = "text", [SA_FORMAT_JSON] = "json", [SA_FORMAT_JUNIT] = "junit",
    [SA_FORMAT_HTML] = "html", [SA_FORMAT_CSV] = "csv",   [SA_FORMAT_MD] = "md",
    [SA_FORMAT_SARIF] = "sarif",
};
#define FORMAT_COUNT (sizeof format_names / sizeof format_names[0])

bool sa_format_parse(const char *name, sa_format *out)
{
    if (!name)
        return false;
    for (size_t i = 0; i < FORMAT_COUNT; i++) {
        if (strcmp(name, format_names[i]) == 0) {
            *out = (sa_format)i;
            return true;
        }
    }
    /* Common spellings people type. */
    if (strcmp(name, "markdown") == 0) {
        *out = SA_FORMAT_MD;
        return true;
    }
    if (strcmp(name, "xml") == 0) {
        *out = SA_FORMAT_JUNIT;
        return true;
    }
    return false;
}

const char *sa_format_name(sa_format f)
{
    return (unsigned)f < FORMAT_COUNT ? format_names[f] : "?";
}

int sa_report_render(const sa_result_set *rs, sa_format format, const sa_report_options *opts,
                     sa_buf *out)
{
    static const sa_report_options defaults = {false, false};
    if (!opts)
        opts = &defaults;
    switch (format) {
    case SA_FORMAT_TEXT: sa_report_render_text(rs, opts, out); return 0;
    case SA_FORMAT_JSON: sa_report_render_json(rs, out); return 0;
    case SA_FORMAT_JUNIT: sa_report_render_junit(rs, out); return 0;
    case SA_FORMAT_HTML: sa_report_render_html(rs, out); return 0;
    case SA_FORMAT_CSV: sa_report_render_csv(rs, out); return 0;
    case SA_FORMAT_MD: sa_report_render_md(rs, out); return 0;
    case SA_FORMAT_SARIF: sa_report_render_sarif(rs, out); return 0;
    }
    return -1;
}

int sa_report_write(const sa_result_set *rs, sa_format format, const sa_report_options *opts,
                    const char *path, sa_diags *diags)
{
    sa_buf out = SA_BUF_INIT;
    /* Rendered in memory first: nothing touches the destination unless the
     * whole report exists, and the temporary is renamed only once flushed. */
    if (sa_report_render(rs, format, opts, &out) != 0) {
        sa_diags_error(diags, "E-REPORT-FORMAT", (sa_pos){path, 0, 0},
                       "format '%s' does not apply to compliance results", sa_format_name(format));
        sa_buf_free(&out);
        return -1;
    }
    int rc = sa_write_file_atomic(path, out.data ? out.data : "", out.len, diags);
    sa_buf_free(&out);
    return rc;
}
