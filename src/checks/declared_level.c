/* declared_level.c — `declared_level`: a provider's declared service level
 * (e.g. bereavement support level 1/2/3) must be at least the required level
 * in every period. A declaration dated by `at` is in force from that date
 * until the same provider's next one; one without `at` (or an empty date) is
 * in force from the start until that provider's first dated one. A period's
 * level is the lowest in force on any of its days that have one (two
 * declarations on one day: the lower).
 * A period with no declaration in force is not_assessable — never met.
 * For the system-wide row each provider's declarations stay that provider's:
 * a period's level is the lowest of the providers' levels (each computed as
 * above), over the providers that have one in force — a later declaration by
 * one provider never replaces another provider's, and a provider counts only
 * in the periods its term reaches. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "checks/checks_internal.h"

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
    dl_acc *a = calloc(1, sizeof *a);
    if (!a)
        abort();
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
            a->v = realloc(a->v, a->cap * sizeof *a->v);
            if (!a->v)
                abort();
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
    if (!read_level(sa_chk_cell(row, ck->field.index), &d.level)) {
        a->unreadable++;
        return;
    }
    sa_date at;
    if (ck->at.name && ck->at.index >= 0 && sa_chk_value_date(sa_chk_cell(row, ck->at.index), &at)) {
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

static void dl_finish(void *acc, sa_chk_final *fin)
{
    dl_acc *a = acc;
    const sa_chk_req *cr = fin->cr;
    sa_result *r = fin->r;
    sa_arena *arena = fin->arena;
    compact(a);
    size_t n = sa_chk_periods_for(fin, &cr->grid, NULL);
    size_t max = cr->max_examples;
    sa_example *ex = max ? sa_arena_calloc(arena, max, sizeof *ex) : NULL;
    size_t nex = 0;
    uint64_t ex_total = 0;
    bool any = false;
    int64_t lowest = 0;
    for (size_t i = 0; i < n; i++) {
        sa_period_result *p = &r->periods[i];
        bool has = false;
        int64_t level = 0;
        const decl *worst = NULL;
        /* Per provider (a run of the sorted array): the declaration in force at the
         * period's start, then those made during it; the period takes the lowest. */
        for (size_t lo = 0, hi; lo < a->n; lo = hi) {
            hi = lo + 1;
            while (hi < a->n && cmp_prov(a->v[hi].prov, a->v[lo].prov) == 0)
                hi++;
            /* In the system-wide row a provider counts only in periods its term reaches. */
            if (p->to < a->v[lo].since || p->from > a->v[lo].until)
                continue;
            long in_force = -1;
            for (size_t j = lo; j < hi && a->v[j].date <= p->from; j++)
                in_force = (long)j;
            bool phas = in_force >= 0;
            int64_t plevel = phas ? a->v[in_force].level : 0;
            const decl *pworst = phas ? &a->v[in_force] : NULL;
            for (size_t j = lo; j < hi; j++) {
                if (a->v[j].date <= p->from || a->v[j].date > p->to)
                    continue;
                if (!phas || a->v[j].level < plevel) {
                    plevel = a->v[j].level;
                    pworst = &a->v[j];
                }
                phas = true;
            }
            if (phas && (!has || plevel < level)) {
                level = plevel;
                worst = pworst;
                has = true;
            }
        }
        if (!has) {
            p->verdict = SA_VERDICT_NOT_ASSESSABLE;
            p->note = "no declaration in force";
            continue;
        }
        p->has_measured = true;
        p->measured = (double)level;
        p->verdict = sa_target_holds(&fin->target, (double)level) ? SA_VERDICT_MET : SA_VERDICT_NOT_MET;
        if (!any || level < lowest)
            lowest = level;
        any = true;
        if (p->verdict == SA_VERDICT_NOT_MET) {
            ex_total++;
            if (nex < max) {
                char f[11], t[11];
                sa_date_format(p->from, f);
                sa_date_format(p->to, t);
                ex[nex].file = worst->file ? sa_arena_strdup(arena, worst->file) : NULL;
                ex[nex].row = worst->row;
                ex[nex].message = sa_arena_printf(arena, "%s to %s: level %lld declared, %s required", f, t,
                                                  (long long)level, r->target_text ? r->target_text : "");
                nex++;
            }
        }
    }
    r->examples = ex;
    r->nexamples = nex;
    r->examples_total = ex_total;
    r->measured_unit = "level";
    r->unknown = a->unreadable;
    if (any) {
        r->has_measured = true;
        r->measured = (double)lowest;
        sa_buf_printf(fin->measure, "lowest declared level %lld", (long long)lowest);
    } else {
        sa_buf_puts(fin->measure, "no declaration in force");
        r->reason = "no service level was declared for the period";
    }
    sa_chk_metric(fin, "declarations", "Declarations received", (double)a->n, "count");
}

const sa_chk_kind sa_chk_kind_declared_level = {
    .name = "declared_level",
    .default_target = ">= 1",
    .acc_new = dl_new,
    .acc_row = dl_row,
    .acc_merge = dl_merge,
    .acc_finish = dl_finish,
    .acc_free = dl_free,
};
