/*
 * report.h — renderers. They read the result model (core/result.h) or a
 * diagnostics list and write one format; none recomputes a verdict.
 * Output is deterministic: same input, byte-identical output (no timestamps).
 */
#ifndef SA_REPORT_H
#define SA_REPORT_H

#include <stdbool.h>

#include "core/buf.h"
#include "core/diag.h"
#include "core/result.h"

typedef enum sa_format {
    SA_FORMAT_TEXT = 0,
    SA_FORMAT_JSON,
    SA_FORMAT_JUNIT,
    SA_FORMAT_HTML,
    SA_FORMAT_CSV,
    SA_FORMAT_MD,
    SA_FORMAT_SARIF,
} sa_format;

bool sa_format_parse(const char *name, sa_format *out);
const char *sa_format_name(sa_format f);

typedef struct sa_report_options {
    bool color;   /* ANSI colour in text output */
    bool verbose; /* text: all evidence, not only the worst */
} sa_report_options;

/** Renders a result set. Returns 0, or -1 when the format does not apply to results. */
int sa_report_render(const sa_result_set *rs, sa_format format, const sa_report_options *opts,
                     sa_buf *out);

/** Renders and writes atomically to `path` ("-" = standard output). 0 on success. */
int sa_report_write(const sa_result_set *rs, sa_format format, const sa_report_options *opts,
                    const char *path, sa_diags *diags);

/**
 * Renders a diagnostics list (lint, validate) as text (gcc style plus a
 * summary line), json, sarif (2.1.0, every code as a rule) or junit
 * (one testcase per input file). `tool` names the command ("specaudit lint").
 * `files` lists every input checked, so clean files appear in junit/sarif.
 */
int sa_diags_render(const sa_diags *diags, sa_format format, const char *tool,
                    const char *const *files, size_t nfiles, const sa_report_options *opts,
                    sa_buf *out);

#endif
