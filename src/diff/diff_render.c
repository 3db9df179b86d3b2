/*
 * diff_render.c — diffs as text (gcc-style lines an editor can jump to),
 * JSON (for scripts), and Markdown (a pull-request comment).
 */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/json_write.h"
#include "diff/diff_internal.h"

#define NCLASSES (SA_CHANGE_WARNING + 1)

/* Where a change is best shown: in the new file when it is there, else in the old. */
static sa_pos change_pos(const sa_change *c)
{
    return c->new_pos.file ? c->new_pos : c->old_pos;
}

static void identity_text(sa_buf *b, const sa_diff *d)
{
    const char *oi, *ov, *ni, *nv;
    sa_diff_identity(d, &oi, &ov, &ni, &nv);
    const char *kind = sa_diff_kind(d);
    if (!oi && !ov && ni)
        sa_buf_printf(b, "%s %s %s (new)", kind, ni, sa_diff_or_none(nv));
    else if (!ni && !nv && oi)
        sa_buf_printf(b, "%s %s %s (removed)", kind, oi, sa_diff_or_none(ov));
    else if (sa_diff_str_eq(oi, ni))
        sa_buf_printf(b, "%s %s %s -> %s", kind, sa_diff_or_none(ni), sa_diff_or_none(ov),
                      sa_diff_or_none(nv));
    else
        sa_buf_printf(b, "%s %s %s -> %s %s", kind, sa_diff_or_none(oi), sa_diff_or_none(ov),
                      sa_diff_or_none(ni), sa_diff_or_none(nv));
}

static void counts_text(sa_buf *b, const size_t counts[NCLASSES], size_t total, bool md)
{
    if (total == 0) {
        sa_buf_puts(b, "no changes");
        return;
    }
    sa_buf_printf(b, "%zu change%s", total, total == 1 ? "" : "s");
    bool first = true;
    for (int c = 0; c < NCLASSES; c++) {
        if (!counts[c])
            continue;
        bool strong = md && (c == SA_CHANGE_LOOSENED || c == SA_CHANGE_REMOVED);
        sa_buf_printf(b, "%s%s%zu %s%s", first ? ": " : ", ", strong ? "**" : "", counts[c],
                      sa_change_class_name((sa_change_class)c), strong ? "**" : "");
        if (c == SA_CHANGE_WARNING && counts[c] != 1)
            sa_buf_putc(b, 's');
        first = false;
    }
}

static void tally(const sa_diff *d, size_t counts[NCLASSES])
{
    for (size_t i = 0; i < sa_diff_count(d); i++)
        counts[sa_diff_at(d, i)->cls]++;
}

/* ---- text ---------------------------------------------------------------------- */

/* Appends `line` escaped (sa_buf_text_escape) and a newline; clears `line`. */
static void put_line(sa_buf *out, sa_buf *line)
{
    sa_buf_text_escape(out, line->data ? line->data : "", line->len, false);
    sa_buf_putc(out, '\n');
    sa_buf_clear(line);
}

static void render_text(const sa_diff *const *diffs, const char *const *old_names,
                        const char *const *new_names, size_t n, sa_buf *out)
{
    size_t all[NCLASSES] = {0}, total = 0;
    for (size_t k = 0; k < n; k++) {
        const sa_diff *d = diffs[k];
        size_t counts[NCLASSES] = {0};
        tally(d, counts);
        /* Each line is built, then escaped whole: names and values from the files
         * (ids, titles, targets) cannot start a line or reach the terminal raw. */
        sa_buf line = SA_BUF_INIT;
        sa_buf_printf(&line, "%s -> %s: ", sa_diff_or_none(old_names[k]), sa_diff_or_none(new_names[k]));
        identity_text(&line, d);
        put_line(out, &line);
        for (size_t i = 0; i < sa_diff_count(d); i++) {
            const sa_change *c = sa_diff_at(d, i);
            sa_pos p = change_pos(c);
            if (p.file) {
                sa_buf_puts(&line, p.file);
                if (p.line)
                    sa_buf_printf(&line, ":%u", (unsigned)p.line);
                if (p.line && p.col)
                    sa_buf_printf(&line, ":%u", (unsigned)p.col);
                sa_buf_puts(&line, ": ");
            }
            sa_buf_printf(&line, "%s: %s: %s", sa_change_class_name(c->cls), c->subject, c->what);
            put_line(out, &line);
        }
        sa_buf_free(&line);
        counts_text(out, counts, sa_diff_count(d), false);
        sa_buf_putc(out, '\n');
        for (int c = 0; c < NCLASSES; c++)
            all[c] += counts[c];
        total += sa_diff_count(d);
    }
    if (n == 0)
        sa_buf_puts(out, "no specification or agreement changed\n");
    else if (n > 1) {
        sa_buf_printf(out, "%zu files: ", n);
        counts_text(out, all, total, false);
        sa_buf_putc(out, '\n');
    }
}

/* ---- json ------------------------------------------------------------------------ */

static void json_pos(sa_jw *w, const char *key, sa_pos p)
{
    if (!p.file) {
        sa_jw_null(w, key);
        return;
    }
    sa_jw_object_inline(w, key);
    sa_jw_str(w, "file", p.file);
    sa_jw_uint(w, "line", p.line);
    sa_jw_uint(w, "col", p.col);
    sa_jw_close_object(w);
}

static void json_counts(sa_jw *w, const size_t counts[NCLASSES], size_t total)
{
    sa_jw_object_inline(w, "summary");
    sa_jw_uint(w, "total", total);
    for (int c = 0; c < NCLASSES; c++)
        sa_jw_uint(w, sa_change_class_name((sa_change_class)c), counts[c]);
    sa_jw_close_object(w);
}

static void json_side(sa_jw *w, const char *key, const char *file, const char *id, const char *version)
{
    sa_jw_object_inline(w, key);
    sa_jw_str(w, "file", file);
    sa_jw_str(w, "id", id);
    sa_jw_str(w, "version", version);
    sa_jw_close_object(w);
}

static void json_change(sa_jw *w, const sa_change *c)
{
    sa_jw_object_inline(w, NULL);
    sa_jw_str(w, "class", sa_change_class_name(c->cls));
    sa_jw_str(w, "subject", c->subject);
    sa_jw_str(w, "what", c->what);
    json_pos(w, "old_pos", c->old_pos);
    json_pos(w, "new_pos", c->new_pos);
    sa_jw_close_object(w);
}

static void json_diff(sa_jw *w, const sa_diff *d, const char *old_name, const char *new_name,
                      const size_t counts[NCLASSES])
{
    const char *oi, *ov, *ni, *nv;
    sa_diff_identity(d, &oi, &ov, &ni, &nv);
    sa_jw_object(w, NULL);
    sa_jw_str(w, "kind", sa_diff_kind(d));
    json_side(w, "old", old_name, oi, ov);
    json_side(w, "new", new_name, ni, nv);
    sa_jw_array(w, "changes");
    for (size_t i = 0; i < sa_diff_count(d); i++)
        json_change(w, sa_diff_at(d, i));
    sa_jw_close_array(w);
    json_counts(w, counts, sa_diff_count(d));
    sa_jw_close_object(w);
}

static void render_json(const sa_diff *const *diffs, const char *const *old_names,
                        const char *const *new_names, size_t n, sa_buf *out)
{
    size_t all[NCLASSES] = {0}, total = 0;
    sa_jw w;
    sa_jw_begin(&w, out);
    sa_jw_object(&w, NULL);
    sa_jw_str(&w, "format", "specaudit-diff");
    sa_jw_int(&w, "version", 1);
    sa_jw_array(&w, "diffs");
    for (size_t k = 0; k < n; k++) {
        size_t counts[NCLASSES] = {0};
        tally(diffs[k], counts);
        json_diff(&w, diffs[k], old_names[k], new_names[k], counts);
        for (int c = 0; c < NCLASSES; c++)
            all[c] += counts[c];
        total += sa_diff_count(diffs[k]);
    }
    sa_jw_close_array(&w);
    json_counts(&w, all, total);
    sa_jw_close_object(&w);
    sa_jw_end(&w);
}

/* ---- markdown -------------------------------------------------------------------------- */

static const char *md_class(sa_change_class c)
{
    switch (c) {
    case SA_CHANGE_LOOSENED: return "**loosened**";
    case SA_CHANGE_REMOVED: return "**removed**";
    case SA_CHANGE_WARNING: return "**warning**";
    default: return sa_change_class_name(c);
    }
}

/* GitHub refuses comments over 65 536 characters; leave room for a footer. */
#define MD_MAX_BYTES 60000

static void render_md(const sa_diff *const *diffs, const char *const *old_names,
                      const char *const *new_names, size_t n, sa_buf *out)
{
    const size_t start = out->len;
    size_t shown = 0, omitted = 0;
    size_t all[NCLASSES] = {0}, total = 0;
    for (size_t k = 0; k < n; k++) {
        size_t counts[NCLASSES] = {0};
        tally(diffs[k], counts);
        for (int c = 0; c < NCLASSES; c++)
            all[c] += counts[c];
        total += sa_diff_count(diffs[k]);
    }
    sa_buf_puts(out, "## specaudit diff\n\n");
    if (n == 0) {
        sa_buf_puts(out, "No specification or agreement changed.\n");
        return;
    }
    if (n > 1) {
        sa_buf_printf(out, "%zu files: ", n);
        counts_text(out, all, total, true);
        sa_buf_puts(out, ".\n\n");
    }
    sa_buf ident = SA_BUF_INIT;
    for (size_t k = 0; k < n; k++) {
        const sa_diff *d = diffs[k];
        size_t counts[NCLASSES] = {0};
        tally(d, counts);
        const char *name = new_names[k] ? new_names[k] : old_names[k];
        sa_buf_puts(out, "### ");
        sa_buf_md_escape(out, sa_diff_or_none(name));
        sa_buf_puts(out, "\n\n");
        sa_buf_clear(&ident);
        identity_text(&ident, d);
        sa_buf_md_escape(out, sa_buf_cstr(&ident));
        sa_buf_puts(out, " — ");
        counts_text(out, counts, sa_diff_count(d), true);
        sa_buf_puts(out, ".\n\n");
        if (sa_diff_count(d) == 0)
            continue;
        if (out->len - start > MD_MAX_BYTES) {
            omitted += sa_diff_count(d);
            continue;
        }
        sa_buf_puts(out, "| change | subject | what | line |\n|---|---|---|---|\n");
        for (size_t i = 0; i < sa_diff_count(d); i++) {
            const sa_change *c = sa_diff_at(d, i);
            if (out->len - start > MD_MAX_BYTES) {
                omitted += sa_diff_count(d) - i;
                break;
            }
            shown++;
            sa_buf_printf(out, "| %s | ", md_class(c->cls));
            sa_buf_md_escape(out, c->subject);
            sa_buf_puts(out, " | ");
            sa_buf_md_escape(out, c->what);
            sa_buf_puts(out, " | ");
            if (c->new_pos.file && c->new_pos.line)
                sa_buf_printf(out, "%u", (unsigned)c->new_pos.line);
            else if (c->old_pos.file && c->old_pos.line)
                sa_buf_printf(out, "old %u", (unsigned)c->old_pos.line);
            sa_buf_puts(out, " |\n");
        }
        sa_buf_putc(out, '\n');
    }
    if (omitted)
        sa_buf_printf(out,
                      "%zu more change%s not shown (the comment would be too long); "
                      "`specaudit diff --format text` lists all %zu.\n",
                      omitted, omitted == 1 ? "" : "s", shown + omitted);
    sa_buf_free(&ident);
}

int sa_diff_render_many(const sa_diff *const *diffs, const char *const *old_names,
                        const char *const *new_names, size_t n, const char *format, sa_buf *out)
{
    if (!format || strcmp(format, "text") == 0)
        render_text(diffs, old_names, new_names, n, out);
    else if (strcmp(format, "json") == 0)
        render_json(diffs, old_names, new_names, n, out);
    else if (strcmp(format, "md") == 0 || strcmp(format, "markdown") == 0)
        render_md(diffs, old_names, new_names, n, out);
    else
        return -1;
    return 0;
}

int sa_diff_render(const sa_diff *diff, const char *old_name, const char *new_name,
                   const char *format, sa_buf *out)
{
    const sa_diff *diffs[1] = {diff};
    const char *olds[1] = {old_name};
    const char *news[1] = {new_name};
    return sa_diff_render_many(diffs, olds, news, 1, format, out);
}
