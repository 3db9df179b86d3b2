/*
 * json_write.h — the one JSON writer. Every JSON and SARIF emitter writes
 * through it, so keys are escaped, numbers formatted and commas placed one
 * way everywhere.
 *
 * Layout: a block container puts each member on its own line, indented two
 * spaces per depth; an inline container keeps its members on one line,
 * separated by ", " (and everything inside an inline container is inline).
 * An empty container is written "{}" or "[]". The document's root value
 * starts where the buffer ends; sa_jw_end() closes it with a newline.
 *
 * Invariant: containers close in the order they were opened (asserted), and
 * a member has a key exactly when its container is an object.
 */
#ifndef SA_JSON_WRITE_H
#define SA_JSON_WRITE_H

#include <stdbool.h>

#include "core/buf.h"
#include "core/datetime.h"

#define SA_JW_MAX_DEPTH 32

typedef struct sa_jw {
    sa_buf *out;
    int depth;
    int inline_from;  /* depth of the outermost inline container, or -1 */
    bool first;       /* no member written yet in the current container */
    bool same_line;   /* the next member continues the current line */
    char open[SA_JW_MAX_DEPTH]; /* '{' or '[' per open container */
} sa_jw;

void sa_jw_begin(sa_jw *w, sa_buf *out);
/** Asserts every container is closed and ends the document with '\n'. */
void sa_jw_end(sa_jw *w);

/* Containers. `key` is the member name inside an object, NULL otherwise. */
void sa_jw_object(sa_jw *w, const char *key);
void sa_jw_array(sa_jw *w, const char *key);
void sa_jw_object_inline(sa_jw *w, const char *key);
void sa_jw_array_inline(sa_jw *w, const char *key);
void sa_jw_close_object(sa_jw *w);
void sa_jw_close_array(sa_jw *w);

/** In a block container, the next member continues the current line after
 *  ", " instead of starting a new one: a row of short members read together
 *  (counts, a date range). No effect in an inline container. */
void sa_jw_same_line(sa_jw *w);

/* Scalars. */
/** A string, or null when `s` is NULL. */
void sa_jw_str(sa_jw *w, const char *key, const char *s);
void sa_jw_int(sa_jw *w, const char *key, long long v);
void sa_jw_uint(sa_jw *w, const char *key, unsigned long long v);
/** A number with 6 decimals, trailing zeros trimmed; null when !has or not finite. */
void sa_jw_num(sa_jw *w, const char *key, bool has, double v);
void sa_jw_bool(sa_jw *w, const char *key, bool v);
void sa_jw_null(sa_jw *w, const char *key);
/** A date as "YYYY-MM-DD", or null for SA_DATE_NONE. */
void sa_jw_date(sa_jw *w, const char *key, sa_date date);
/** A date and time as "YYYY-MM-DDTHH:MM:SS". */
void sa_jw_datetime(sa_jw *w, const char *key, sa_datetime dt);

/** Starts a member and leaves the value to the caller, who appends exactly
 *  one JSON value to w->out (for values built by another module). */
sa_buf *sa_jw_member(sa_jw *w, const char *key);

#endif
