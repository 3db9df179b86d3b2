/*
 * sarif_common.h — the parts of SARIF 2.1.0 that the two SARIF writers share
 * (diagnostics.c for lint and validate, sarif.c for check): where an input
 * file is, and how a rule describes itself. Private to src/report/.
 */
#ifndef SA_REPORT_SARIF_COMMON_H
#define SA_REPORT_SARIF_COMMON_H

#include "core/buf.h"

/* The base every relative URI is resolved against: the directory specaudit
 * ran in, which CI services take as the repository's root. */
#define SA_SARIF_SRCROOT "%SRCROOT%"

/**
 * Appends the artifactLocation object of `path`: a path inside the working
 * directory (relative, or absolute below it) becomes a relative URI with
 * "uriBaseId": "%SRCROOT%"; any other path an absolute file:// URI. Both
 * percent-encode every byte but unreserved characters and '/', so the output
 * does not depend on the directory unless the path leaves it. `index` is
 * the location's entry in run.artifacts, or -1 for none.
 */
void sa_sarif_artifact_location(sa_buf *out, const char *path, long index);

/** Appends `"originalUriBaseIds": {...}` describing %SRCROOT% (no trailing comma). */
void sa_sarif_uri_base_ids(sa_buf *out);

/**
 * Appends the description members of a rule, without braces and separated
 * by `sep` (", " or a line break and indent): "shortDescription",
 * "fullDescription" and "help", each a message object with "text".
 */
void sa_sarif_rule_texts(sa_buf *out, const char *sep, const char *title, const char *description,
                         const char *help);

#endif
