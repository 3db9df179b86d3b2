/* json_read.c — see json_read.h. A recursive-descent reader over a byte
 * range: `depth` bounds the recursion, every loop advances the cursor, and
 * the first error stops the parse (later ones would follow from it). */
#include "core/json_read.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"

typedef struct jr {
    const char *path;
    const char *p, *end, *line_start;
    uint32_t line;
    sa_arena *arena;
    sa_diags *diags;
    bool failed;
} jr;

static uint32_t col_of(const jr *r, const char *at)
{
    return (uint32_t)(at - r->line_start) + 1;
}

/* The first error, at `at`: "expected X, found Y". */
static void fail(jr *r, const char *at, const char *expected)
{
    if (r->failed)
        return;
    r->failed = true;
    char found[24];
    if (at >= r->end)
        snprintf(found, sizeof found, "the end of the file");
    else if ((unsigned char)*at >= 0x21 && (unsigned char)*at < 0x7f)
        snprintf(found, sizeof found, "'%c'", *at);
    else
        snprintf(found, sizeof found, "byte 0x%02X", (unsigned char)*at);
    sa_diags_error(r->diags, "E-IO-JSON", (sa_pos){r->path, r->line, col_of(r, at)}, "expected %s, found %s",
                   expected, found);
}

static void skip_space(jr *r)
{
    for (; r->p < r->end; r->p++) {
        if (*r->p == '\n') {
            r->line++;
            r->line_start = r->p + 1;
        } else if (*r->p != ' ' && *r->p != '\t' && *r->p != '\r') {
            return;
        }
    }
}

static bool literal(jr *r, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0) {
        fail(r, r->p, "a JSON value (an object, array, string, number, true, false or null)");
        return false;
    }
    r->p += n;
    return true;
}

/* Four hex digits; -1 when not. */
static long hex4(const char *s, const char *end)
{
    if (end - s < 4)
        return -1;
    long v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

static void put_utf8(sa_buf *b, unsigned long cp)
{
    if (cp < 0x80) {
        sa_buf_putc(b, (char)cp);
    } else if (cp < 0x800) {
        sa_buf_putc(b, (char)(0xC0 | cp >> 6));
        sa_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        sa_buf_putc(b, (char)(0xE0 | cp >> 12));
        sa_buf_putc(b, (char)(0x80 | (cp >> 6 & 0x3F)));
        sa_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
    } else {
        sa_buf_putc(b, (char)(0xF0 | cp >> 18));
        sa_buf_putc(b, (char)(0x80 | (cp >> 12 & 0x3F)));
        sa_buf_putc(b, (char)(0x80 | (cp >> 6 & 0x3F)));
        sa_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
    }
}

/* \uXXXX (and its low surrogate): the code point, advancing past it; 0 on error (reported). */
static unsigned long unicode_escape(jr *r)
{
    long hi = hex4(r->p + 2, r->end);
    if (hi < 0)
        return fail(r, r->p + 2, "four hex digits after \\u"), 0;
    r->p += 6;
    if (hi >= 0xDC00 && hi <= 0xDFFF)
        return fail(r, r->p - 6, "a high surrogate before a low one"), 0;
    if (hi < 0xD800 || hi > 0xDBFF)
        return hi ? (unsigned long)hi : (fail(r, r->p - 6, "a character other than \\u0000"), 0);
    long lo = r->end - r->p >= 2 && r->p[0] == '\\' && r->p[1] == 'u' ? hex4(r->p + 2, r->end) : -1;
    if (lo < 0xDC00 || lo > 0xDFFF)
        return fail(r, r->p, "a low surrogate \\uDC00..\\uDFFF after a high one"), 0;
    r->p += 6;
    return 0x10000 + ((unsigned long)(hi - 0xD800) << 10) + (unsigned long)(lo - 0xDC00);
}

/* Length of the valid UTF-8 sequence at s (non-ASCII), 0 when invalid. */
static size_t utf8_len(const unsigned char *s, const unsigned char *end)
{
    size_t n = s[0] >= 0xF5 ? 0 : s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (!n || (size_t)(end - s) < n)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0) || (s[0] == 0xF0 && s[1] < 0x90) ||
        (s[0] == 0xF4 && s[1] >= 0x90))
        return 0; /* overlong, surrogate or past U+10FFFF */
    return n;
}

static bool escape(jr *r, sa_buf *b)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *e = r->p + 1 < r->end ? strchr(from, r->p[1]) : NULL;
    if (e && r->p[1]) {
        sa_buf_putc(b, to[e - from]);
        r->p += 2;
        return true;
    }
    if (r->p + 1 < r->end && r->p[1] == 'u') {
        unsigned long cp = unicode_escape(r);
        if (cp)
            put_utf8(b, cp);
        return cp != 0;
    }
    fail(r, r->p + 1, "an escape: \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX");
    return false;
}

/* A string at r->p (the opening quote) into the arena. */
static const char *string(jr *r)
{
    sa_buf b = SA_BUF_INIT;
    const char *start = r->p++;
    while (!r->failed) {
        if (r->p >= r->end) {
            fail(r, start, "a string closed by '\"' on its line");
        } else if (*r->p == '"') {
            r->p++;
            break;
        } else if (*r->p == '\\') {
            escape(r, &b);
        } else if ((unsigned char)*r->p < 0x20) {
            fail(r, r->p, "a character of a string (control characters are escaped)");
        } else if ((unsigned char)*r->p < 0x80) {
            sa_buf_putc(&b, *r->p++);
        } else {
            size_t n = utf8_len((const unsigned char *)r->p, (const unsigned char *)r->end);
            if (!n)
                fail(r, r->p, "UTF-8 text");
            sa_buf_append(&b, r->p, n);
            r->p += n;
        }
        if (b.len > SA_JSON_MAX_STRING)
            fail(r, start, "a string of at most 65536 bytes");
    }
    const char *s = r->failed ? NULL : sa_arena_strndup(r->arena, b.data ? b.data : "", b.len);
    sa_buf_free(&b);
    return s;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, finite, at most SA_JSON_MAX_NUMBER characters. */
static bool number(jr *r, double *out)
{
    const char *s = r->p, *q = s;
    q += q < r->end && *q == '-';
    if (q < r->end && *q == '0')
        q++;
    else if (q < r->end && *q >= '1' && *q <= '9')
        while (q < r->end && *q >= '0' && *q <= '9')
            q++;
    else
        return fail(r, q, "a digit"), false;
    if (q < r->end && *q == '.') {
        if (++q >= r->end || *q < '0' || *q > '9')
            return fail(r, q, "a digit after '.'"), false;
        while (q < r->end && *q >= '0' && *q <= '9')
            q++;
    }
    if (q < r->end && (*q == 'e' || *q == 'E')) {
        q++;
        q += q < r->end && (*q == '+' || *q == '-');
        if (q >= r->end || *q < '0' || *q > '9')
            return fail(r, q, "a digit of the exponent"), false;
        while (q < r->end && *q >= '0' && *q <= '9')
            q++;
    }
    if (q - s > SA_JSON_MAX_NUMBER)
        return fail(r, s, "a number of at most 64 characters"), false;
    char tmp[SA_JSON_MAX_NUMBER + 1];
    memcpy(tmp, s, (size_t)(q - s));
    tmp[q - s] = '\0';
    *out = strtod(tmp, NULL);
    if (!isfinite(*out))
        return fail(r, s, "a number within the range of a double"), false;
    r->p = q;
    return true;
}

static sa_json *value(jr *r, int depth);

/* Items of an array or members of an object, up to `close`; `keys` NULL for an array. */
static void members(jr *r, sa_json *v, int depth, char close)
{
    size_t cap = 0;
    sa_json **items = NULL;
    const char **keys = NULL;
    bool object = close == '}';
    r->p++;
    skip_space(r);
    if (r->p < r->end && *r->p == close) {
        r->p++;
        return;
    }
    while (!r->failed) {
        skip_space(r);
        const char *key = NULL;
        if (object) {
            if (r->p >= r->end || *r->p != '"') {
                fail(r, r->p, "a member name in double quotes");
                break;
            }
            key = string(r);
            skip_space(r);
            if (r->failed || r->p >= r->end || *r->p != ':') {
                fail(r, r->p, "':' after the member name");
                break;
            }
            r->p++;
        }
        sa_json *item = value(r, depth + 1);
        if (r->failed)
            break;
        if (v->n == cap) {
            cap = cap ? cap * 2 : 8;
            items = sa_xrealloc(items, cap * sizeof *items);
            keys = sa_xrealloc(keys, cap * sizeof *keys);
        }
        items[v->n] = item;
        keys[v->n++] = key;
        skip_space(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == close) {
            r->p++;
            break;
        }
        fail(r, r->p, object ? "',' or '}' after a member" : "',' or ']' after an item");
    }
    if (v->n) {
        v->items = sa_arena_alloc(r->arena, v->n * sizeof *v->items);
        memcpy(v->items, items, v->n * sizeof *v->items);
        if (object) {
            v->keys = sa_arena_alloc(r->arena, v->n * sizeof *v->keys);
            memcpy(v->keys, keys, v->n * sizeof *v->keys);
        }
    }
    free(items);
    free(keys);
}

static sa_json *value(jr *r, int depth)
{
    skip_space(r);
    sa_json *v = sa_arena_calloc(r->arena, 1, sizeof *v);
    v->line = r->line;
    v->col = col_of(r, r->p);
    if (depth > SA_JSON_MAX_DEPTH) {
        fail(r, r->p, "nesting at most 64 deep");
        return v;
    }
    char c = r->p < r->end ? *r->p : '\0';
    if (c == '{' || c == '[') {
        v->type = c == '{' ? SA_JSON_OBJECT : SA_JSON_ARRAY;
        members(r, v, depth, c == '{' ? '}' : ']');
    } else if (c == '"') {
        v->type = SA_JSON_STRING;
        v->str = string(r);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        v->type = SA_JSON_NUMBER;
        number(r, &v->num);
    } else if (c == 't' || c == 'f') {
        v->type = SA_JSON_BOOL;
        v->b = c == 't';
        literal(r, v->b ? "true" : "false");
    } else if (c == 'n') {
        literal(r, "null");
    } else {
        fail(r, r->p, "a JSON value (an object, array, string, number, true, false or null)");
    }
    return v;
}

sa_json *sa_json_parse(const char *path, const char *data, size_t len, sa_arena *arena, sa_diags *diags)
{
    jr r = {.path = path, .p = data, .end = data + len, .line_start = data, .line = 1, .arena = arena,
            .diags = diags};
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        r.p += 3; /* a byte order mark, as some editors save it */
    sa_json *v = value(&r, 0);
    skip_space(&r);
    if (!r.failed && r.p < r.end)
        fail(&r, r.p, "the end of the file after the value");
    return r.failed ? NULL : v;
}

const sa_json *sa_json_get(const sa_json *obj, const char *key)
{
    if (!obj || obj->type != SA_JSON_OBJECT)
        return NULL;
    for (size_t i = 0; i < obj->n; i++)
        if (strcmp(obj->keys[i], key) == 0)
            return obj->items[i];
    return NULL;
}

const char *sa_json_get_str(const sa_json *obj, const char *key)
{
    const sa_json *v = sa_json_get(obj, key);
    return v && v->type == SA_JSON_STRING ? v->str : NULL;
}
