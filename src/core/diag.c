/* diag.c — the diagnostics list. */
#include "core/diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/strmap.h"

typedef struct sa_code_count {
    const char *code;
    uint64_t total;
    uint64_t stored;
    sa_severity severity;
} sa_code_count;

struct sa_diags {
    sa_arena *arena; /* messages and file names */
    sa_strmap *files;
    sa_diag *items;
    size_t count;
    size_t cap;
    sa_code_count *codes;
    size_t ncodes;
    size_t cap_codes;
    sa_strmap *code_index; /* code -> index + 1 in codes */
    uint64_t totals[3];
    size_t max_per_code;
};

sa_diags *sa_diags_new(void)
{
    sa_diags *d = sa_xcalloc(1, sizeof *d);
    d->arena = sa_arena_new();
    d->files = sa_strmap_new(16);
    d->code_index = sa_strmap_new(32);
    return d;
}

void sa_diags_free(sa_diags *d)
{
    if (!d)
        return;
    sa_arena_free(d->arena);
    sa_strmap_free(d->files);
    sa_strmap_free(d->code_index);
    free(d->items);
    free(d->codes);
    free(d);
}

void sa_diags_set_max_per_code(sa_diags *d, size_t max_per_code)
{
    d->max_per_code = max_per_code;
}

size_t sa_diags_max_per_code(const sa_diags *d)
{
    return d->max_per_code;
}

static sa_code_count *code_entry(sa_diags *d, const char *code, sa_severity sev)
{
    size_t len = strlen(code);
    bool is_new;
    const char *key = sa_strmap_intern(d->code_index, code, len, &is_new);
    uintptr_t *slot = sa_strmap_slot(d->code_index, key, len);
    if (is_new) {
        if (d->ncodes == d->cap_codes) {
            d->cap_codes = d->cap_codes ? d->cap_codes * 2 : 16;
            d->codes = sa_xrealloc(d->codes, d->cap_codes * sizeof *d->codes);
        }
        d->codes[d->ncodes] = (sa_code_count){key, 0, 0, sev};
        *slot = ++d->ncodes;
    }
    sa_code_count *cc = &d->codes[*slot - 1];
    if (sev > cc->severity)
        cc->severity = sev;
    return cc;
}

bool sa_diags_wants(const sa_diags *d, const char *code)
{
    if (!d->max_per_code)
        return true;
    uintptr_t idx;
    if (!sa_strmap_get(d->code_index, code, strlen(code), &idx))
        return true;
    return d->codes[idx - 1].stored < d->max_per_code;
}

void sa_diags_vadd(sa_diags *d, sa_severity sev, const char *code, sa_pos pos, const char *fmt,
                   va_list ap)
{
    if (!d)
        return;
    sa_code_count *cc = code_entry(d, code, sev);
    cc->total++;
    d->totals[sev]++;
    if (d->max_per_code && cc->stored >= d->max_per_code)
        return;
    cc->stored++;
    if (d->count == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 32;
        d->items = sa_xrealloc(d->items, d->cap * sizeof *d->items);
    }
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *msg = sa_arena_alloc(d->arena, (size_t)(n > 0 ? n : 0) + 1);
    vsnprintf(msg, (size_t)(n > 0 ? n : 0) + 1, fmt, ap2);
    va_end(ap2);
    if (pos.file)
        pos.file = sa_strmap_intern(d->files, pos.file, strlen(pos.file), NULL);
    d->items[d->count++] = (sa_diag){sev, cc->code, pos, msg};
}

void sa_diags_add(sa_diags *d, sa_severity sev, const char *code, sa_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sa_diags_vadd(d, sev, code, pos, fmt, ap);
    va_end(ap);
}

void sa_diags_error(sa_diags *d, const char *code, sa_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sa_diags_vadd(d, SA_SEV_ERROR, code, pos, fmt, ap);
    va_end(ap);
}

void sa_diags_warning(sa_diags *d, const char *code, sa_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sa_diags_vadd(d, SA_SEV_WARNING, code, pos, fmt, ap);
    va_end(ap);
}

size_t sa_diags_count(const sa_diags *d)
{
    return d->count;
}

const sa_diag *sa_diags_at(const sa_diags *d, size_t i)
{
    return i < d->count ? &d->items[i] : NULL;
}

uint64_t sa_diags_total(const sa_diags *d, sa_severity sev)
{
    return d->totals[sev];
}

uint64_t sa_diags_total_code(const sa_diags *d, const char *code)
{
    uintptr_t idx;
    if (!sa_strmap_get(d->code_index, code, strlen(code), &idx))
        return 0;
    return d->codes[idx - 1].total;
}

size_t sa_diags_code_count(const sa_diags *d)
{
    return d->ncodes;
}

const char *sa_diags_code_at(const sa_diags *d, size_t i, uint64_t *total, sa_severity *sev)
{
    if (i >= d->ncodes)
        return NULL;
    if (total)
        *total = d->codes[i].total;
    if (sev)
        *sev = d->codes[i].severity;
    return d->codes[i].code;
}

bool sa_diags_has_errors(const sa_diags *d)
{
    return d->totals[SA_SEV_ERROR] > 0;
}

static int cmp_str(const char *a, const char *b)
{
    if (a == b)
        return 0;
    if (!a)
        return -1;
    if (!b)
        return 1;
    return strcmp(a, b);
}

static int diag_cmp(const sa_diag *a, const sa_diag *b)
{
    int c = cmp_str(a->pos.file, b->pos.file);
    if (c)
        return c;
    if (a->pos.line != b->pos.line)
        return a->pos.line < b->pos.line ? -1 : 1;
    if (a->pos.col != b->pos.col)
        return a->pos.col < b->pos.col ? -1 : 1;
    return 0;
}

void sa_diags_sort(sa_diags *d)
{
    /* Insertion sort on runs is fine for lint-sized lists; use a merge sort to stay O(n log n). */
    if (d->count < 2)
        return;
    sa_diag *tmp = sa_xmalloc(d->count * sizeof *tmp);
    for (size_t width = 1; width < d->count; width *= 2) {
        for (size_t lo = 0; lo < d->count; lo += 2 * width) {
            size_t mid = lo + width < d->count ? lo + width : d->count;
            size_t hi = lo + 2 * width < d->count ? lo + 2 * width : d->count;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = diag_cmp(&d->items[j], &d->items[i]) < 0 ? d->items[j++] : d->items[i++];
            while (i < mid)
                tmp[k++] = d->items[i++];
            while (j < hi)
                tmp[k++] = d->items[j++];
        }
        memcpy(d->items, tmp, d->count * sizeof *tmp);
    }
    free(tmp);
}

void sa_diags_take(sa_diags *to, sa_diags *from)
{
    /* Re-add stored items (copies strings into `to`), then carry over the
     * counts of diagnostics that were only counted. */
    for (size_t i = 0; i < from->ncodes; i++) {
        sa_code_count *src = &from->codes[i];
        sa_code_count *dst = code_entry(to, src->code, src->severity);
        uint64_t unstored = src->total - src->stored;
        dst->total += unstored;
        to->totals[src->severity] += unstored;
    }
    for (size_t i = 0; i < from->count; i++) {
        const sa_diag *g = &from->items[i];
        sa_diags_add(to, g->severity, g->code, g->pos, "%s", g->message);
    }
    sa_arena_free(from->arena);
    sa_strmap_free(from->files);
    sa_strmap_free(from->code_index);
    free(from->items);
    free(from->codes);
    memset(from, 0, sizeof *from);
    from->arena = sa_arena_new();
    from->files = sa_strmap_new(16);
    from->code_index = sa_strmap_new(32);
}

const char *sa_severity_name(sa_severity sev)
{
    switch (sev) {
    case SA_SEV_ERROR: return "error";
    case SA_SEV_WARNING: return "warning";
    default: return "note";
    }
}

void sa_diag_format_text(const sa_diag *g, sa_buf *out)
{
    if (g->pos.file) {
        sa_buf_text_escape(out, g->pos.file, strlen(g->pos.file), false);
        if (g->pos.line) {
            sa_buf_printf(out, ":%u", g->pos.line);
            if (g->pos.col)
                sa_buf_printf(out, ":%u", g->pos.col);
        }
        sa_buf_puts(out, ": ");
    } else {
        sa_buf_puts(out, "specaudit: ");
    }
    sa_buf_printf(out, "%s[%s]: ", sa_severity_name(g->severity), g->code);
    sa_buf_text_escape(out, g->message, strlen(g->message), false);
}
