/*
 * json_read.h — the one JSON reader, for untrusted input (an earlier report
 * given with `check --baseline`). Hand-written rather than a library: the
 * reports it reads are specaudit's own small documents, and what matters is
 * that hostile input stays harmless — nesting, size, string and number length
 * bounded, strict RFC 8259 grammar (no comments, trailing commas, NaN,
 * leading zeros or control characters in strings), UTF-8 checked, and every
 * error positioned (file:line:col, E-IO-JSON) with what was expected there.
 *
 * The tree lives in the caller's arena; strings are NUL-terminated (a string
 * holding \u0000 is refused, so a C string is its whole value).
 */
#ifndef SA_JSON_READ_H
#define SA_JSON_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/diag.h"

typedef enum sa_json_type {
    SA_JSON_NULL = 0,
    SA_JSON_BOOL,
    SA_JSON_NUMBER,
    SA_JSON_STRING,
    SA_JSON_ARRAY,
    SA_JSON_OBJECT,
} sa_json_type;

typedef struct sa_json {
    sa_json_type type;
    uint32_t line, col;        /* where the value starts */
    bool b;
    double num;
    const char *str;           /* SA_JSON_STRING */
    size_t n;                  /* items (and keys) of an array or object */
    struct sa_json **items;
    const char **keys;         /* SA_JSON_OBJECT: keys[i] names items[i] */
} sa_json;

#define SA_JSON_MAX_DEPTH 64
#define SA_JSON_MAX_STRING 65536 /* bytes of one string, after unescaping */
#define SA_JSON_MAX_NUMBER 64    /* characters of one number */

/** Parses `data` (len bytes) named `path` in diagnostics. NULL (with one
 *  E-IO-JSON error) when it is not one valid JSON value within the bounds. */
sa_json *sa_json_parse(const char *path, const char *data, size_t len, sa_arena *arena, sa_diags *diags);
/** The value of `key` in an object (the first, when repeated), or NULL. */
const sa_json *sa_json_get(const sa_json *obj, const char *key);
/** The string of `key` in an object, or NULL when absent or not a string. */
const char *sa_json_get_str(const sa_json *obj, const char *key);

#endif
