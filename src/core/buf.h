/*
 * buf.h — the one growable byte buffer, with escaping helpers for every
 * output format (JSON, XML, HTML, CSV). Every emitter writes through it.
 *
 * Ownership: the buffer owns `data`; sa_buf_free() releases it. `data` is
 * always NUL-terminated once anything has been appended (or after
 * sa_buf_cstr()). Allocation failure aborts.
 */
#ifndef SA_BUF_H
#define SA_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct sa_buf {
    char *data;
    size_t len;
    size_t cap;
} sa_buf;

#define SA_BUF_INIT {NULL, 0, 0}

void sa_buf_init(sa_buf *b);
void sa_buf_free(sa_buf *b);
/** Empties the buffer, keeping its memory. */
void sa_buf_clear(sa_buf *b);
/** Makes room for `extra` more bytes. */
void sa_buf_reserve(sa_buf *b, size_t extra);
void sa_buf_append(sa_buf *b, const void *data, size_t len);
void sa_buf_puts(sa_buf *b, const char *s);
void sa_buf_putc(sa_buf *b, char c);
void sa_buf_printf(sa_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sa_buf_vprintf(sa_buf *b, const char *fmt, va_list ap);
/** Returns a NUL-terminated view (never NULL; "" when empty). */
const char *sa_buf_cstr(sa_buf *b);
/** Hands the memory to the caller (NUL-terminated, free() it) and resets the buffer. */
char *sa_buf_detach(sa_buf *b);

/** Appends `s` (length `len`) as the inside of a JSON string (no quotes added).
 *  Invalid UTF-8 bytes become U+FFFD; control characters are \u-escaped. */
void sa_buf_json_escape(sa_buf *b, const char *s, size_t len);
/** Appends "s" with quotes, or null when s is NULL. */
void sa_buf_json_string(sa_buf *b, const char *s);
/** Escapes & < > " ' for XML attribute and text content; drops characters XML 1.0 forbids. */
void sa_buf_xml_escape(sa_buf *b, const char *s, size_t len);
/** Appends ' name="value"' with the value escaped; a NULL value is written empty. */
void sa_buf_xml_attr(sa_buf *b, const char *name, const char *value);
/** Same rules as XML; HTML output uses this for every provider-supplied string. */
void sa_buf_html_escape(sa_buf *b, const char *s, size_t len);
/** Appends `s[0..len)` for a terminal or a log: C0 controls, DEL, C1 controls
 *  and the Unicode bidirectional overrides are written as visible escapes
 *  (\n, \r, \t, \xHH, \uHHHH), so that a value from an input cannot start
 *  a line, move the cursor, recolour or reorder what is printed. With
 *  `keep_newlines`, '\n' is copied as is (for text whose lines are ours). */
void sa_buf_text_escape(sa_buf *b, const char *s, size_t len, bool keep_newlines);
/** Appends one CSV cell: quoted when needed, and a leading = + - @ TAB CR is
 *  prefixed with ' so spreadsheets do not evaluate it as a formula. */
void sa_buf_csv_cell(sa_buf *b, const char *s, size_t len);

/** Appends `s` as Markdown text that stays inside its line, table cell or
 *  emphasis: line breaks, tabs and controls become spaces, < > & become
 *  entities (no HTML reaches the page), \ ` * _ [ ] | ~ ! # are
 *  backslash-escaped, bidirectional controls and invalid UTF-8 become
 *  U+FFFD. NULL appends nothing. Every Markdown output (reports, diffs)
 *  escapes text from its inputs with it. */
void sa_buf_md_escape(sa_buf *b, const char *s);
/** `s` with every Unicode bidirectional embedding, override and isolate
 *  control (U+202A..U+202E, U+2066..U+2069) replaced by U+FFFD, so text from an
 *  input cannot reorder what a reader sees: `s` itself when it has none,
 *  else a view into `scratch` (valid until its next use). NULL gives NULL. */
const char *sa_buf_without_bidi(const char *s, sa_buf *scratch);

/** Appends a finite number with `decimals` places, trailing zeros (and a
 *  bare point) trimmed, -0 as 0: the one way numbers are printed in reports. */
void sa_buf_number(sa_buf *b, double v, int decimals);

/** Writes the whole buffer to a stream; returns 0 on success, -1 on error. */
int sa_buf_write(const sa_buf *b, FILE *out);

#endif
