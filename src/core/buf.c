/* buf.c — growable buffer and output escaping. */
#include "core/buf.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

void sa_buf_init(sa_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void sa_buf_free(sa_buf *b)
{
    free(b->data);
    sa_buf_init(b);
}

void sa_buf_clear(sa_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void sa_buf_reserve(sa_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        sa_oom();
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->data, cap);
    if (!p)
        sa_oom();
    b->data = p;
    b->cap = cap;
}

void sa_buf_append(sa_buf *b, const void *data, size_t len)
{
    sa_buf_reserve(b, len);
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void sa_buf_puts(sa_buf *b, const char *s)
{
    sa_buf_append(b, s, strlen(s));
}

void sa_buf_putc(sa_buf *b, char c)
{
    sa_buf_reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void sa_buf_vprintf(sa_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < 0) {
        va_end(ap2);
        return;
    }
    if ((size_t)n < sizeof small) {
        sa_buf_append(b, small, (size_t)n);
    } else {
        sa_buf_reserve(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
        b->len += (size_t)n;
    }
    va_end(ap2);
}

void sa_buf_printf(sa_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sa_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

const char *sa_buf_cstr(sa_buf *b)
{
    if (!b->data)
        sa_buf_reserve(b, 0), b->data[0] = '\0';
    return b->data;
}

char *sa_buf_detach(sa_buf *b)
{
    sa_buf_cstr(b);
    char *p = b->data;
    sa_buf_init(b);
    return p;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
static size_t utf8_seq_len(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    size_t n;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (avail < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

void sa_buf_json_escape(sa_buf *b, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned char c = p[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            size_t j = i;
            while (j < len && p[j] >= 0x20 && p[j] < 0x80 && p[j] != '"' && p[j] != '\\')
                j++;
            sa_buf_append(b, p + i, j - i);
            i = j;
            continue;
        }
        switch (c) {
        case '"': sa_buf_puts(b, "\\\""); i++; continue;
        case '\\': sa_buf_puts(b, "\\\\"); i++; continue;
        case '\n': sa_buf_puts(b, "\\n"); i++; continue;
        case '\r': sa_buf_puts(b, "\\r"); i++; continue;
        case '\t': sa_buf_puts(b, "\\t"); i++; continue;
        default: break;
        }
        if (c < 0x20) {
            sa_buf_printf(b, "\\u%04x", c);
            i++;
            continue;
        }
        size_t n = utf8_seq_len(p + i, len - i);
        if (n == 0) {
            sa_buf_puts(b, "\xEF\xBF\xBD");
            i++;
        } else {
            sa_buf_append(b, p + i, n);
            i += n;
        }
    }
}

void sa_buf_json_string(sa_buf *b, const char *s)
{
    if (!s) {
        sa_buf_puts(b, "null");
        return;
    }
    sa_buf_putc(b, '"');
    sa_buf_json_escape(b, s, strlen(s));
    sa_buf_putc(b, '"');
}

void sa_buf_xml_escape(sa_buf *b, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned char c = p[i];
        switch (c) {
        case '&': sa_buf_puts(b, "&amp;"); i++; continue;
        case '<': sa_buf_puts(b, "&lt;"); i++; continue;
        case '>': sa_buf_puts(b, "&gt;"); i++; continue;
        case '"': sa_buf_puts(b, "&quot;"); i++; continue;
        case '\'': sa_buf_puts(b, "&#39;"); i++; continue;
        default: break;
        }
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            i++; /* not allowed in XML 1.0 */
            continue;
        }
        if (c < 0x80) {
            sa_buf_putc(b, (char)c);
            i++;
            continue;
        }
        size_t n = utf8_seq_len(p + i, len - i);
        if (n == 0) {
            sa_buf_puts(b, "\xEF\xBF\xBD");
            i++;
        } else {
            sa_buf_append(b, p + i, n);
            i += n;
        }
    }
}

void sa_buf_xml_attr(sa_buf *b, const char *name, const char *value)
{
    sa_buf_printf(b, " %s=\"", name);
    if (value)
        sa_buf_xml_escape(b, value, strlen(value));
    sa_buf_putc(b, '"');
}

void sa_buf_html_escape(sa_buf *b, const char *s, size_t len)
{
    sa_buf_xml_escape(b, s, len);
}

/* Control characters (ESC, BEL, ...) would reach a terminal or spreadsheet as
 * they are: they become spaces. Tab, CR and LF are kept (inside quotes). */
static char csv_safe_char(char c)
{
    unsigned char u = (unsigned char)c;
    if ((u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7f)
        return ' ';
    return c;
}

void sa_buf_csv_cell(sa_buf *b, const char *s, size_t len)
{
    bool formula = len > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                               s[0] == '\t' || s[0] == '\r');
    bool quote = formula;
    bool controls = false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            quote = true;
        else if (csv_safe_char(s[i]) != s[i])
            controls = true;
    }
    if (!quote) {
        if (!controls) {
            sa_buf_append(b, s, len);
            return;
        }
        for (size_t i = 0; i < len; i++)
            sa_buf_putc(b, csv_safe_char(s[i]));
        return;
    }
    sa_buf_putc(b, '"');
    if (formula)
        sa_buf_putc(b, '\'');
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            sa_buf_putc(b, '"');
        sa_buf_putc(b, csv_safe_char(s[i]));
    }
    sa_buf_putc(b, '"');
}

int sa_buf_write(const sa_buf *b, FILE *out)
{
    if (b->len && fwrite(b->data, 1, b->len, out) != b->len)
        return -1;
    return 0;
}

/* Length of the control sequence at p (a C1 control or a bidirectional
 * override in UTF-8), 0 when there is none; *cp is its code point. */
static size_t unicode_control(const unsigned char *p, size_t left, unsigned *cp)
{
    if (left >= 2 && p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
        *cp = p[1];
        return 2;
    }
    if (left >= 3 && p[0] == 0xE2 &&
        ((p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE) || (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9))) {
        *cp = 0x2000u | (unsigned)(p[1] & 0x3F) << 6 | (unsigned)(p[2] & 0x3F);
        return 3;
    }
    return 0;
}

void sa_buf_text_escape(sa_buf *b, const char *s, size_t len, bool keep_newlines)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned char c = p[i];
        unsigned cp;
        size_t n = c >= 0x80 ? unicode_control(p + i, len - i, &cp) : 0;
        if (n) {
            sa_buf_printf(b, "\\u%04X", cp);
            i += n;
        } else if ((c < 0x20 && !(c == '\n' && keep_newlines)) || c == 0x7F) {
            if (c == '\n' || c == '\r' || c == '\t')
                sa_buf_printf(b, "\\%c", c == '\n' ? 'n' : c == '\r' ? 'r' : 't');
            else
                sa_buf_printf(b, "\\x%02X", c);
            i++;
        } else {
            sa_buf_putc(b, (char)c);
            i++;
        }
    }
}

/* Formats with `decimals` places, then trims trailing zeros so equal values
 * always print the same way whatever the platform's shortest-repr rules. */
void sa_buf_number(sa_buf *b, double v, int decimals)
{
    char tmp[400];
    int n = snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
    if (n <= 0 || (size_t)n >= sizeof tmp) {
        sa_buf_printf(b, "%.17g", v);
        return;
    }
    char *dot = strchr(tmp, '.');
    if (dot) {
        char *end = tmp + n - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
    }
    if (strcmp(tmp, "-0") == 0)
        strcpy(tmp, "0");
    sa_buf_puts(b, tmp);
}

static bool is_bidi_control(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    return p[0] == 0xE2 && ((p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE) ||
                            (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9));
}

const char *sa_buf_without_bidi(const char *s, sa_buf *scratch)
{
    if (!s)
        return NULL;
    const char *p = s;
    while (*p && !is_bidi_control(p))
        p++;
    if (!*p)
        return s;
    sa_buf_clear(scratch);
    for (p = s; *p;) {
        if (is_bidi_control(p)) {
            sa_buf_puts(scratch, "\xEF\xBF\xBD");
            p += 3;
        } else {
            sa_buf_putc(scratch, *p++);
        }
    }
    return sa_buf_cstr(scratch);
}

/* One byte of Markdown text below 0x80: line breaks and controls become
 * spaces, HTML's three specials entities, Markdown's punctuation escaped. */
static void md_ascii(sa_buf *b, char c)
{
    if (c == '<')
        sa_buf_puts(b, "&lt;");
    else if (c == '>')
        sa_buf_puts(b, "&gt;");
    else if (c == '&')
        sa_buf_puts(b, "&amp;");
    else if (strchr("\\`*_[]|~!#", c))
        sa_buf_printf(b, "\\%c", c);
    else if ((unsigned char)c < 0x20 || c == 0x7f)
        sa_buf_putc(b, ' ');
    else
        sa_buf_putc(b, c);
}

void sa_buf_md_escape(sa_buf *b, const char *s)
{
    if (!s)
        return;
    sa_buf scratch = SA_BUF_INIT;
    s = sa_buf_without_bidi(s, &scratch);
    size_t len = strlen(s);
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)s[i] < 0x80) {
            md_ascii(b, s[i]);
            continue;
        }
        /* Multi-byte sequences pass through the JSON escaper's UTF-8 check. */
        size_t j = i;
        while (j < len && (unsigned char)s[j] >= 0x80)
            j++;
        sa_buf_json_escape(b, s + i, j - i);
        i = j - 1;
    }
    sa_buf_free(&scratch);
}
