/* app_internal.h — what the command pipelines share. */
#ifndef SA_APP_INTERNAL_H
#define SA_APP_INTERNAL_H

#include "app/app.h"

/** True when `out` and `in` name the same existing file (never for "-"): a
 *  report written to `out` would overwrite that input. */
bool sa_app_same_file(const char *out, const char *in);
/** True when `s` ends with `suffix`. */
bool sa_app_has_suffix(const char *s, const char *suffix);
/** Writes `data` to `path` atomically, or to io->out for "-". 0, or -1 with E-IO-WRITE. */
int sa_app_write(const sa_app_io *io, const char *path, const sa_buf *data, sa_diags *diags);
/** Reads an agreement within `limits` and loads it against `schema`. */
sa_agreement *sa_app_load_agreement(const char *path, const sa_agreement_schema *schema,
                                    const sa_app_limits *limits, sa_diags *diags);
/** The larger of the specification and agreement size limits: a file of either kind is read within it. */
size_t sa_app_document_max_bytes(const sa_app_limits *limits);

/* A progress line on io->err while returns are read: rows, MB/s and the share of
 * bytes read, redrawn in place, once a run has lasted about 2 s; only when that
 * stream is a terminal and the run is not quiet. */
typedef struct sa_app_progress sa_app_progress;
/** NULL when no line is to be drawn (not a terminal, or quiet). */
sa_app_progress *sa_app_progress_new(FILE *err, bool quiet, const sa_return_file *files, size_t nfiles);
/** The reading library's progress callback (ctx: the sa_app_progress). */
void sa_app_progress_add(void *ctx, uint64_t rows, uint64_t bytes);
/** Clears the line and frees; NULL is a no-op. */
void sa_app_progress_free(sa_app_progress *p);

#endif
