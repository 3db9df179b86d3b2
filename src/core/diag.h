/*
 * diag.h — the one way to report a problem: a diagnostic with a stable code,
 * a severity, a position and a message, collected in a list the caller owns.
 *
 * Positions: `line` and `col` are 1-based. For YAML/XML inputs they are the
 * text position; for CSV returns `line` is the record (row) number counting
 * the header as row 1, and `col` the 1-based field number. line == 0 means
 * "the whole file". Codes look like E-SPEC-UNKNOWN-KEY / W-RET-UNKNOWN-COLUMN.
 *
 * Ownership: the list copies `file` and the formatted message; diagnostics
 * stay valid until sa_diags_free().
 */
#ifndef SA_DIAG_H
#define SA_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

typedef enum sa_severity {
    SA_SEV_NOTE = 0,
    SA_SEV_WARNING = 1,
    SA_SEV_ERROR = 2,
} sa_severity;

typedef struct sa_pos {
    const char *file; /* NULL when not tied to a file */
    uint32_t line;    /* 0 = no line */
    uint32_t col;     /* 0 = no column */
} sa_pos;

typedef struct sa_diag {
    sa_severity severity;
    const char *code;
    sa_pos pos;
    const char *message;
} sa_diag;

typedef struct sa_diags sa_diags;

/** Creates an empty list that stores every diagnostic. Never NULL. */
sa_diags *sa_diags_new(void);
/** NULL is a no-op. */
void sa_diags_free(sa_diags *d);

/**
 * Caps how many diagnostics of each code are stored (0 = no cap). Past the
 * cap, diagnostics are still counted (per code, per severity) but their
 * message is not formatted — a file full of bad cells stays linear.
 */
void sa_diags_set_max_per_code(sa_diags *d, size_t max_per_code);
/** The cap set with sa_diags_set_max_per_code (0 = none). */
size_t sa_diags_max_per_code(const sa_diags *d);

/** Appends a diagnostic (printf-style message). */
void sa_diags_add(sa_diags *d, sa_severity sev, const char *code, sa_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void sa_diags_vadd(sa_diags *d, sa_severity sev, const char *code, sa_pos pos, const char *fmt,
                   va_list ap);
/** Shorthands. */
void sa_diags_error(sa_diags *d, const char *code, sa_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void sa_diags_warning(sa_diags *d, const char *code, sa_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/** True when the next diagnostic with this code would be stored (not only counted).
 *  Lets hot loops skip building expensive message arguments. */
bool sa_diags_wants(const sa_diags *d, const char *code);

/** Number of stored diagnostics. */
size_t sa_diags_count(const sa_diags *d);
const sa_diag *sa_diags_at(const sa_diags *d, size_t i);
/** Number of diagnostics reported with severity `sev`, stored or not. */
uint64_t sa_diags_total(const sa_diags *d, sa_severity sev);
/** Number reported with `code`, stored or not. */
uint64_t sa_diags_total_code(const sa_diags *d, const char *code);
/** The distinct codes seen, in first-seen order (for per-code summaries). */
size_t sa_diags_code_count(const sa_diags *d);
const char *sa_diags_code_at(const sa_diags *d, size_t i, uint64_t *total, sa_severity *sev);
bool sa_diags_has_errors(const sa_diags *d);

/** Sorts stored diagnostics by file, line, col (stable: equal keys keep their order). */
void sa_diags_sort(sa_diags *d);
/** Moves all of `from` into `to` (counts too); `from` is left empty. */
void sa_diags_take(sa_diags *to, sa_diags *from);

const char *sa_severity_name(sa_severity sev);
/** gcc style: "file:line:col: error[CODE]: message" (no newline). */
void sa_diag_format_text(const sa_diag *diag, sa_buf *out);

#endif
