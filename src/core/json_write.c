/*
 * json_write.c — see json_write.h. The writer keeps one bit of state per
 * container (is it empty so far?) so callers never place a comma.
 */
#include "core/json_write.h"

#include <assert.h>
#include <math.h>

void sa_jw_begin(sa_jw *w, sa_buf *out)
{
    *w = (sa_jw){.out = out, .depth = 0, .inline_from = -1, .first = true};
}

void sa_jw_end(sa_jw *w)
{
    assert(w->depth == 0 && "every JSON container is closed");
    sa_buf_putc(w->out, '\n');
}

static bool jw_is_inline(const sa_jw *w)
{
    return w->inline_from >= 0 && w->depth > w->inline_from;
}

static void jw_newline(sa_jw *w)
{
    sa_buf_putc(w->out, '\n');
    for (int i = 0; i < w->depth; i++)
        sa_buf_puts(w->out, "  ");
}

sa_buf *sa_jw_member(sa_jw *w, const char *key)
{
    assert((w->depth > 0 && w->open[w->depth - 1] == '{') == (key != NULL) && "keys exactly in objects");
    if (!w->first)
        sa_buf_putc(w->out, ',');
    if (jw_is_inline(w) || (w->same_line && !w->first)) {
        if (!w->first)
            sa_buf_putc(w->out, ' ');
    } else if (w->depth > 0) {
        jw_newline(w);
    }
    w->first = false;
    w->same_line = false;
    if (key) {
        sa_buf_json_string(w->out, key);
        sa_buf_puts(w->out, ": ");
    }
    return w->out;
}

static void jw_open(sa_jw *w, const char *key, char bracket, bool inl)
{
    assert(w->depth < SA_JW_MAX_DEPTH);
    sa_jw_member(w, key);
    sa_buf_putc(w->out, bracket);
    if (inl && w->inline_from < 0)
        w->inline_from = w->depth;
    w->open[w->depth++] = bracket;
    w->first = true;
}

static void jw_close(sa_jw *w, char bracket)
{
    assert(w->depth > 0 && w->open[w->depth - 1] == bracket && "containers close in the order they opened");
    bool empty = w->first;
    bool inl = jw_is_inline(w);
    w->depth--;
    if (!empty && !inl)
        jw_newline(w);
    sa_buf_putc(w->out, bracket == '{' ? '}' : ']');
    if (w->inline_from == w->depth)
        w->inline_from = -1;
    w->first = false;
}

void sa_jw_object(sa_jw *w, const char *key) { jw_open(w, key, '{', false); }
void sa_jw_array(sa_jw *w, const char *key) { jw_open(w, key, '[', false); }
void sa_jw_object_inline(sa_jw *w, const char *key) { jw_open(w, key, '{', true); }
void sa_jw_array_inline(sa_jw *w, const char *key) { jw_open(w, key, '[', true); }
void sa_jw_close_object(sa_jw *w) { jw_close(w, '{'); }
void sa_jw_close_array(sa_jw *w) { jw_close(w, '['); }

void sa_jw_same_line(sa_jw *w)
{
    w->same_line = true;
}

void sa_jw_str(sa_jw *w, const char *key, const char *s)
{
    sa_buf_json_string(sa_jw_member(w, key), s);
}

void sa_jw_int(sa_jw *w, const char *key, long long v)
{
    sa_buf_printf(sa_jw_member(w, key), "%lld", v);
}

void sa_jw_uint(sa_jw *w, const char *key, unsigned long long v)
{
    sa_buf_printf(sa_jw_member(w, key), "%llu", v);
}

void sa_jw_num(sa_jw *w, const char *key, bool has, double v)
{
    sa_buf *out = sa_jw_member(w, key);
    if (has && isfinite(v))
        sa_buf_number(out, v, 6);
    else
        sa_buf_puts(out, "null");
}

void sa_jw_bool(sa_jw *w, const char *key, bool v)
{
    sa_buf_puts(sa_jw_member(w, key), v ? "true" : "false");
}

void sa_jw_null(sa_jw *w, const char *key)
{
    sa_buf_puts(sa_jw_member(w, key), "null");
}

void sa_jw_date(sa_jw *w, const char *key, sa_date date)
{
    if (date == SA_DATE_NONE) {
        sa_jw_null(w, key);
        return;
    }
    char tmp[11];
    sa_date_format(date, tmp);
    sa_jw_str(w, key, tmp);
}

void sa_jw_datetime(sa_jw *w, const char *key, sa_datetime dt)
{
    char tmp[20];
    sa_datetime_format(dt, tmp);
    sa_jw_str(w, key, tmp);
}
