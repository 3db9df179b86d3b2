/*
 * sarif_common.h — the parts of SARIF 2.1.0 that the two SARIF writers share
 * (diagnostics.c for lint and validate, sarif.c for check): where an input
 * file is, and how a rule describes itself. Private to src/report/.
 */
#ifndef SA_REPORT_SARIF_COMMON_H
#define SA_REPORT_SARIF_COMMON_H

#include "core/buf.h"
#include "core/json_write.h"

/* The base every relative URI is resolved against: the directory specaudit
 * ran in, which CI services take as the repository's root. */
#define SA_SARIF_SRCROOT "%SRCROOT%"

/**
 * Writes member `key` (an artifactLocation object) for `path`: a path inside the working
 * directory (relative, or absolute below it) becomes a relative URI with
 * "uriBaseId": "%SRCROOT%"; any other path an absolute file:// URI. Both
 * percent-encode every byte but unreserved characters and '/', so the output
 * does not depend on the directory unless the path leaves it. `index` is
 * the location's entry in run.artifacts, or -1 for none.
 */
void sa_sarif_artifact_location(sa_jw *w, const char *key, const char *path, long index);

/** Writes the member "originalUriBaseIds", describing %SRCROOT%. */
void sa_sarif_uri_base_ids(sa_jw *w);

/** Writes member `key` as a SARIF message object: {"text": text}. */
void sa_sarif_message(sa_jw *w, const char *key, const char *text);

/**
 * Writes the description members of a rule into the open rule object:
 * "shortDescription", "fullDescription" and "help", each a message object.
 */
void sa_sarif_rule_texts(sa_jw *w, const char *title, const char *description, const char *help);

#endif
