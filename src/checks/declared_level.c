/* declared_level.c — `declared_level`: a provider's declared service level
 * (e.g. bereavement support level 1/2/3) must be at least the required level
 * in every period. A declaration dated by `at` is in force from that date
 * until the same provider's next one; one without `at` (or an empty date) is
 * in force from the start until that provider's first dated one. A period's
 * level is the lowest in force on any of its days that have one (two
 * declarations on one day: the lower).
 * A period with no declaration in force is not_assessable — never met.
 * For the system-wide row each provider's declarations stay that provider's
 * (a later declaration by one provider never replaces another's), and the
 * system's level on a day is the highest any provider in its term has in
 * force that day: the system offers level 3 bereavement support when one of
 * its services does. A period's system level is the lowest of those day
 * levels. With one provider this is the provider's own rule, so both rows
 * share one computation. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "checks/checks_internal.h"
#include "core/alloc.h"

typedef struct decl {
    const char *prov; /* the row's provider code (interned), NULL when the return names none */
    sa_date date; /* INT32_MIN when undated: in force from the start */
    sa_date since, until; /* the provider's assessed range: in force only within it */
    int64_t level;
    const char *file;
    uint64_t row;
} decl;

typedef struct dl_acc {
    sa_date from, to;
    decl *v;
    size_t n, cap, compact_n;
    int64_t unreadable;
} dl_acc;

static void *dl_new(const sa_chk_req *cr, sa_date from, sa_date to)
{
    (void)cr;
    dl_acc *a = sa_xcalloc(1, sizeof *a);
    a->from = from;
    a->to = to;
    return a;
}

static void dl_free(void *acc)
{
    dl_acc *a = acc;
    if (!a)
        return;
    free(a->v);
    free(a);
}

static bool pos_before(const char *f1, uint64_t r1, const char *f2, uint64_t r2)
{
    if (!f2)
        return true;
    if (!f1)
        return false;
    int c = strcmp(f1, f2);
    return c < 0 || (c == 0 && r1 < r2);
}

static int cmp_prov(const char *p, const char *q)
{
    if (p == q)
        return 0;
    if (!p)
        return -1;
    if (!q)
        return 1;
    return strcmp(p, q);
}

static int cmp_decl(const void *x, const void *y)
{
    const decl *a = x, *b = y;
    int c = cmp_prov(a->prov, b->prov);
    if (c != 0)
        return c;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    if (a->level != b->level)
        return a->level < b->level ? -1 : 1;
    if (pos_before(a->file, a->row, b->file, b->row))
        return -1;
    return pos_before(b->file, b->row, a->file, a->row) ? 1 : 0;
}

/* Sorts and keeps, per provider and date, the lowest level (its first row). */
static void compact(dl_acc *a)
{
    if (a->n > 1) {
        qsort(a->v, a->n, sizeof *a->v, cmp_decl);
        size_t w = 0;
        for (size_t i = 1; i < a->n; i++)
            if (a->v[i].date != a->v[w].date || cmp_prov(a->v[i].prov, a->v[w].prov) != 0)
                a->v[++w] = a->v[i];
        a->n = w + 1;
    }
    a->compact_n = a->n;
}

static void add_decl(dl_acc *a, decl d)
{
    if (a->n == a->cap) {
        if (a->n >= 2 * a->compact_n + 32)
            compact(a);
        if (a->n == a->cap) {
            a->cap = a->cap ? a->cap * 2 : 16;
            a->v = sa_xrealloc(a->v, a->cap * sizeof *a->v);
        }
    }
    a->v[a->n++] = d;
}

static bool read_level(const sa_value *v, int64_t *out)
{
    if (!v)
        return false;
    switch (v->kind) {
    case SA_VAL_INT: *out = v->as.i; return true;
    case SA_VAL_DECIMAL: *out = (int64_t)v->as.d; return true;
    case SA_VAL_STRING: {
        /* "3", "level 3", "L3": the first number in the text. */
        size_t i = 0;
        while (i < v->as.str.len && !isdigit((unsigned char)v->as.str.ptr[i]))
            i++;
        if (i == v->as.str.len)
            return false;
        int64_t n = 0;
        while (i < v->as.str.len && isdigit((unsigned char)v->as.str.ptr[i]) && n < 1000000)
            n = n * 10 + (v->as.str.ptr[i++] - '0');
        *out = n;
        return true;
    }
    default: return false;
    }
}

static void dl_row(void *acc, const sa_chk_req *cr, sa_chk_local *loc, const sa_row *row)
{
    dl_acc *a = acc;
    const sa_check *ck = cr->check;
    if (sa_chk_where(loc, row) != SA_TRI_TRUE)
        return;
    decl d = {row->provider, INT32_MIN, a->from, a->to, 0, row->file->path, row->record};
    if (!read_level(sa_chk_cell(row, ck->declared_level.field.index), &d.level)) {
        a->unreadable++;
        return;
    }
    sa_date at;
    if (ck->declared_level.at.name && ck->declared_level.at.index >= 0 && sa_chk_value_date(sa_chk_cell(row, ck->declared_level.at.index), &at)) {
        if (at > a->to)
            return;
        d.date = at;
    }
    add_decl(a, d);
}

static void dl_merge(void *dst, const void *src, const sa_chk_req *cr)
{
    (void)cr;
    dl_acc *d = dst;
    const dl_acc *s = src;
    for (size_t i = 0; i < s->n; i++)
        add_decl(d, s->v[i]);
    d->unreadable += s->unreadable;
}

/* The declaration of one provider (the run v[lo, hi) of the sorted array) in
 * force on `day`: its latest dated on or before the day, else its undated one;
 * NULL when none is, or when the day lies outside the provider's assessed range. */
static const decl *in_force_on(const dl_acc *a, size_t lo, size_t hi, sa_date day)
{
    if (day < a->v[lo].since || day > a->v[lo].until)
        return NULL;
    const decl *found = NULL;
    for (size_t j = lo; j < hi && a->v[j].date <= day; j++)
        found = &a->v[j];
    return found;
}

/* The level on `day`: the highest any provider has in force. A provider's own
 * row holds one provider; the system-wide row holds every provider's
 * declarations, and the system offers a level when one of its providers does.
 * NULL when no provider has a declaration in force. */
static const decl *level_on(const dl_acc *a, sa_date day)
{
    const decl *best = NULL;
    for (size_t lo = 0, hi; lo < a->n; lo = hi) {
        hi = lo + 1;
        while (hi < a->n && cmp_prov(a->v[hi].prov, a->v[lo].prov) == 0)
            hi++;
        const decl *d = in_force_on(a, lo, hi, day);
        if (d && (!best || d->level > best->level))
            best = d;
    }
    return best;
}

static int cmp_date(const void *x, const void *y)
{
    sa_date a = *(const sa_date *)x, b = *(const sa_date *)y;
    return a < b ? -1 : a > b;
}

/* The days on which a level can change, sorted and distinct: a declaration is
 * made, or a provider's assessed range starts or has just ended. */
static sa_date *change_days(const dl_acc *a, size_t *n)
{
    sa_date *days = sa_xmalloc((3 * a->n + 1) * sizeof *days);
    size_t k = 0;
    for (size_t j = 0; j < a->n; j++) {
        days[k++] = a->v[j].date;
        days[k++] = a->v[j].since;
        days[k++] = a->v[j].until + 1;
    }
    qsort(days, k, sizeof *days, cmp_date);
    size_t w = 0;
    for (size_t j = 0; j < k; j++)
        if (w == 0 || days[j] != days[w - 1])
            days[w++] = days[j];
    *n = w;
    return days;
}

/* A period's level: the lowest day level over its days that have one. Day
 * levels change only on the change days, so the period's first day and the
 * change days inside it are enough. NULL when no day has a level. */
static const decl *period_level(const dl_acc *a, const sa_date *days, size_t ndays, sa_date from, sa_date to)
{
    const decl *worst = level_on(a, from);
    for (size_t k = 0; k < ndays; k++) {
        if (days[k] <= from || days[k] > to)
            continue;
        const decl *d = level_on(a, days[k]);
        if (d && (!worst || d->level < worst->level))
            worst = d;
    }
    return worst;
}

/* The system-wide row of a `scope: system` requirement (a provider's row has its plan). */
static bool system_row(const sa_chk_final *fin)
{
    return fin->cr->req->scope == SA_SCOPE_SYSTEM && !fin->pp;
}

/* The example for a period below target, citing the declaration that sets its level. */
static void dl_shortfall(sa_chk_final *fin, const sa_period_result *p, const decl *d, sa_example *ex)
{
    char f[11], t[11];
    sa_date_format(p->from, f);
    sa_date_format(p->to, t);
    ex->file = d->file ? sa_arena_strdup(fin->arena, d->file) : NULL;
    ex->row = d->row;
    ex->message = sa_arena_printf(fin->arena, "%s to %s: %s %lld%s, %s required", f, t,
                                  system_row(fin) ? "the highest level any provider declares is" : "level",
                                  (long long)d->level, system_row(fin) ? "" : " declared",
                                  fin->r->target_text ? fin->r->target_text : "");
}

static void dl_finish(void *acc, sa_chk_final *fin)
{
    dl_acc *a = acc;
    sa_result *r = fin->r;
    compact(a);
    size_t n = sa_chk_periods_for(fin, &fin->cr->grid, NULL);
    size_t max = fin->cr->max_examples, ndays;
    sa_date *days = change_days(a, &ndays);
    r->examples = max ? sa_arena_calloc(fin->arena, max, sizeof *r->examples) : NULL;
    bool any = false;
    int64_t lowest = 0;
    for (size_t i = 0; i < n; i++) {
        sa_period_result *p = &r->periods[i];
        const decl *d = period_level(a, days, ndays, p->from, p->to);
        if (!d) {
            p->verdict = SA_VERDICT_NOT_ASSESSABLE;
            p->note = "no declaration in force";
            continue;
        }
        p->has_measured = true;
        p->measured = (double)d->level;
        p->verdict = sa_target_holds(&fin->target, p->measured) ? SA_VERDICT_MET : SA_VERDICT_NOT_MET;
        if (!any || d->level < lowest)
            lowest = d->level;
        any = true;
        if (p->verdict == SA_VERDICT_NOT_MET && r->examples_total++ < max)
            dl_shortfall(fin, p, d, &r->examples[r->nexamples++]);
    }
    free(days);
    r->measured_unit = "level";
    r->unknown = a->unreadable;
    if (any) {
        r->has_measured = true;
        r->measured = (double)lowest;
        sa_buf_printf(fin->measure, system_row(fin) ? "lowest system level %lld (the highest any provider declares)"
                                              : "lowest declared level %lld",
                      (long long)lowest);
    } else {
        sa_buf_puts(fin->measure, "no declaration in force");
        r->reason = "no service level was declared for the period";
    }
    sa_chk_metric(fin, "declarations", "Declarations received", (double)a->n, "count");
}

static const char *level_prepare(sa_chk_req *cr, sa_arena *arena)
{
    (void)arena;
    return sa_chk_column_ok(&cr->check->declared_level.field) ? NULL : "field";
}

const sa_chk_kind sa_chk_kind_declared_level = {
    .name = "declared_level",
    .prepare = level_prepare,
    .acc_new = dl_new,
    .acc_row = dl_row,
    .acc_merge = dl_merge,
    .acc_finish = dl_finish,
    .acc_free = dl_free,
};
