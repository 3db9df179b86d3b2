/* link.c — the summary of a linked dataset: per key, the number of its rows
 * and the lowest and highest value of each column the expressions ask about
 * (linked_count, linked_min, linked_max). Rows are never kept, nor keys in
 * clear: a key is the 64-bit hash sa_row_key_hash gives (provider and key
 * cell), so an NHS or CHI number is never stored, and two keys share a
 * summary only on a hash collision (about n^2 / 2^65 for n keys: 3e-8 at a
 * million). Memory is bounded by the number of keys (the map refuses a new
 * key past its bound, and the caller makes the requirement not assessable).
 *
 * Layout: open addressing with linear probing over one array of entries,
 * each `stride` 64-bit words: the key (0 = free slot; hashes are never 0),
 * the row count, a bit per column with a value seen, then a min and a max
 * word per column (int64 for ints, dates, datetimes and durations; the bits
 * of a double for decimals). Load stays at most 1/2. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "checks/checks_internal.h"
#include "core/alloc.h"
#include "core/schema.h"
#include "spec/kind.h"

struct sa_link_map {
    uint64_t *slots;
    size_t cap;    /* entries, a power of two */
    size_t n;      /* keys held */
    size_t max_keys;
    size_t stride; /* words per entry: 3 + 2 * ncolumns */
    size_t ncolumns;
    int columns[SA_LINK_MAX_COLUMNS];
    sa_value_kind kinds[SA_LINK_MAX_COLUMNS];
};

sa_link_map *sa_link_map_new(const int *columns, const sa_value_kind *kinds, size_t ncolumns, size_t max_keys)
{
    assert(ncolumns <= SA_LINK_MAX_COLUMNS);
    sa_link_map *m = sa_xcalloc(1, sizeof *m);
    m->ncolumns = ncolumns;
    m->stride = 3 + 2 * ncolumns;
    m->max_keys = max_keys;
    memcpy(m->columns, columns, ncolumns * sizeof *columns);
    memcpy(m->kinds, kinds, ncolumns * sizeof *kinds);
    m->cap = 16;
    m->slots = sa_xcalloc(m->cap * m->stride, sizeof *m->slots);
    return m;
}

void sa_link_map_free(sa_link_map *m)
{
    if (!m)
        return;
    free(m->slots);
    free(m);
}

size_t sa_link_map_size(const sa_link_map *m)
{
    return m->n;
}

/* The entry holding `key`, or the free one where it would go. */
static uint64_t *probe(const sa_link_map *m, uint64_t key)
{
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)(key ^ key >> 29) & mask;; i = (i + 1) & mask) {
        uint64_t *e = &m->slots[i * m->stride];
        if (e[0] == key || e[0] == 0)
            return e;
    }
}

static void grow(sa_link_map *m)
{
    sa_link_map old = *m;
    m->cap *= 2;
    m->slots = sa_xcalloc(m->cap * m->stride, sizeof *m->slots);
    for (size_t i = 0; i < old.cap; i++) {
        const uint64_t *e = &old.slots[i * old.stride];
        if (e[0])
            memcpy(probe(m, e[0]), e, m->stride * sizeof *e);
    }
    free(old.slots);
}

/* A value as the word it is kept in; false when empty or of another kind. */
static bool value_word(const sa_value *v, sa_value_kind kind, uint64_t *out)
{
    if (v->kind != kind)
        return false;
    switch (kind) {
    case SA_VAL_DECIMAL: memcpy(out, &v->as.d, sizeof *out); return v->as.d == v->as.d; /* not NaN */
    case SA_VAL_INT: *out = (uint64_t)v->as.i; return true;
    case SA_VAL_DATE: *out = (uint64_t)(int64_t)v->as.date; return true;
    case SA_VAL_DATETIME: *out = (uint64_t)(int64_t)v->as.dt; return true;
    case SA_VAL_DURATION: *out = (uint64_t)v->as.seconds; return true;
    default: return false;
    }
}

static bool word_less(uint64_t a, uint64_t b, sa_value_kind kind)
{
    if (kind == SA_VAL_DECIMAL) {
        double x, y;
        memcpy(&x, &a, sizeof x);
        memcpy(&y, &b, sizeof y);
        return x < y;
    }
    return (int64_t)a < (int64_t)b;
}

bool sa_link_map_add(sa_link_map *m, uint64_t key, const sa_value *values, size_t nvalues)
{
    assert(key != 0);
    uint64_t *e = probe(m, key);
    if (!e[0]) {
        if (m->n >= m->max_keys)
            return false; /* never a partial join: the caller reports the bound */
        if (2 * (m->n + 1) > m->cap) {
            grow(m);
            e = probe(m, key);
        }
        e[0] = key;
        m->n++;
    }
    e[1]++;
    for (size_t c = 0; c < m->ncolumns; c++) {
        uint64_t w;
        if ((size_t)m->columns[c] >= nvalues || !value_word(&values[m->columns[c]], m->kinds[c], &w))
            continue;
        uint64_t *lo = &e[3 + 2 * c], *hi = lo + 1;
        if (!(e[2] >> c & 1)) {
            *lo = *hi = w;
            e[2] |= (uint64_t)1 << c;
            continue;
        }
        if (word_less(w, *lo, m->kinds[c]))
            *lo = w;
        if (word_less(*hi, w, m->kinds[c]))
            *hi = w;
    }
    return true;
}

const uint64_t *sa_link_map_find(const sa_link_map *m, uint64_t key)
{
    if (!key)
        return NULL;
    const uint64_t *e = probe(m, key);
    return e[0] ? e : NULL;
}

static sa_value word_value(uint64_t w, sa_value_kind kind)
{
    sa_value v = {.kind = kind, .enum_index = -1};
    switch (kind) {
    case SA_VAL_DECIMAL: memcpy(&v.as.d, &w, sizeof v.as.d); break;
    case SA_VAL_DATE: v.as.date = (sa_date)(int64_t)w; break;
    case SA_VAL_DATETIME: v.as.dt = (sa_datetime)(int64_t)w; break;
    case SA_VAL_DURATION: v.as.seconds = (int64_t)w; break;
    default: v.as.i = (int64_t)w; break;
    }
    return v;
}

void sa_link_map_values(const sa_link_map *m, const uint64_t *entry, const sa_expr_link_term *terms, size_t n,
                        sa_value *out)
{
    for (size_t t = 0; t < n; t++) {
        out[t] = (sa_value){.kind = SA_VAL_EMPTY, .enum_index = -1};
        if (terms[t].fn == SA_LINK_COUNT) {
            out[t].kind = SA_VAL_INT;
            out[t].as.i = entry ? (int64_t)entry[1] : 0;
            continue;
        }
        for (size_t c = 0; entry && c < m->ncolumns; c++) {
            if (m->columns[c] != terms[t].column || !(entry[2] >> c & 1))
                continue;
            out[t] = word_value(entry[3 + 2 * c + (terms[t].fn == SA_LINK_MAX)], m->kinds[c]);
        }
    }
}

void sa_chk_link_bind(sa_chk_local *loc, const sa_chk_req *cr, const sa_row *row)
{
    if (!cr->link)
        return;
    uint64_t key;
    const int on = cr->check->link.on.index;
    /* An empty key cell links to nothing: the row has no linked rows. */
    const uint64_t *entry = sa_row_key_hash(row, SA_LINK_KEY_SPACE, &on, 1, &key) ? sa_link_map_find(cr->link, key)
                                                                                  : NULL;
    sa_expr *exprs[3] = {loc->where, loc->meets, loc->exclude};
    for (size_t k = 0; k < 3; k++) {
        const sa_expr_link_term *terms;
        size_t n = sa_expr_link_terms(exprs[k], &terms);
        if (!n)
            continue;
        assert(n <= sizeof loc->linked[k] / sizeof loc->linked[k][0]);
        sa_link_map_values(cr->link, entry, terms, n, loc->linked[k]);
        sa_expr_set_linked(exprs[k], loc->linked[k]);
    }
}

/* ---- the pass over the linked datasets ------------------------------------------------------ */

typedef struct link_pass {
    sa_chk_req *reqs;
    size_t nreqs;
    const sa_return_file *file;
    const sa_check_options *opts;
    const char *sole_provider;
    sa_diags *diags;
    sa_arena *arena;
} link_pass;

static bool links_to(const sa_chk_req *cr, const sa_dataset *ds)
{
    const sa_dataset *l = cr->check->link.dataset;
    return cr->link && !cr->error && !cr->not_assessable && ds && l && (l == ds || (l->name && ds->name && strcmp(l->name, ds->name) == 0));
}

static int link_row(void *ctx, const sa_row *row)
{
    link_pass *p = ctx;
    const char *code = row->provider ? row->provider : p->sole_provider;
    if (!code || (p->opts->provider && strcmp(code, p->opts->provider) != 0))
        return 0; /* its rows are never assessed: not kept either */
    sa_row tagged = *row;
    tagged.provider = code; /* as the engine tags the rows it assesses */
    for (size_t i = 0; i < p->nreqs; i++) {
        sa_chk_req *cr = &p->reqs[i];
        uint64_t key;
        const int on = cr->check->link.linked_on.index;
        if (!links_to(cr, p->file->dataset) || !sa_row_key_hash(&tagged, SA_LINK_KEY_SPACE, &on, 1, &key))
            continue;
        if (sa_link_map_add(cr->link, key, row->values, row->nvalues))
            continue;
        sa_diags_error(p->diags, "E-CHECK-LINK-KEYS", (sa_pos){p->file->path, (uint32_t)row->record, 0},
                       "requirement %s: the linked dataset '%s' has more distinct keys than a link keeps "
                       "(at most %zu: --max-linked-keys); the requirement is not assessed",
                       cr->req->id, cr->check->link.dataset_name, p->opts->max_linked_keys);
        cr->not_assessable = sa_arena_printf(p->arena,
                                             "the linked dataset '%s' has more than %zu distinct keys "
                                             "(--max-linked-keys), and a partial join is not evidence",
                                             cr->check->link.dataset_name, p->opts->max_linked_keys);
    }
    return 0;
}

/* The kind of value a column of an orderable type decodes to. */
static sa_value_kind column_kind(sa_col_type t)
{
    switch (t) {
    case SA_COL_DECIMAL: return SA_VAL_DECIMAL;
    case SA_COL_DATE: return SA_VAL_DATE;
    case SA_COL_DATETIME: return SA_VAL_DATETIME;
    case SA_COL_DURATION: return SA_VAL_DURATION;
    default: return SA_VAL_INT;
    }
}

/* The linked columns the requirement's expressions ask about, each once, with their value kinds. */
static size_t link_columns(const sa_chk_req *cr, int *cols, sa_value_kind *kinds)
{
    const sa_check *ck = cr->check;
    const sa_expr_ref *refs[3] = {&ck->where, sa_check_expr(ck, "meets"), sa_check_expr(ck, "exclude")};
    size_t n = 0;
    for (size_t k = 0; k < 3; k++) {
        const sa_expr_link_term *terms;
        size_t nt = sa_expr_link_terms(refs[k] ? refs[k]->compiled : NULL, &terms);
        for (size_t t = 0; t < nt; t++) {
            bool seen = terms[t].fn == SA_LINK_COUNT;
            for (size_t c = 0; c < n && !seen; c++)
                seen = cols[c] == terms[t].column;
            if (seen || n == SA_LINK_MAX_COLUMNS)
                continue;
            cols[n] = terms[t].column;
            kinds[n++] = column_kind(ck->link.dataset->columns[terms[t].column].type);
        }
    }
    return n;
}

/* Whether the linked return can stand as evidence: read to the end, its header right. */
static const char *link_file_unusable(int rc, const sa_diags *d)
{
    for (size_t k = 0; k < sa_diags_count(d); k++) {
        const sa_diag *dg = sa_diags_at(d, k);
        if (dg->severity == SA_SEV_ERROR && (rc < 0 || dg->pos.line <= 1))
            return dg->message;
    }
    return rc < 0 ? "it could not be read" : NULL;
}

static void link_read(link_pass *p, const sa_scan_options *so)
{
    if (strcmp(p->file->path, "-") == 0) {
        for (size_t i = 0; i < p->nreqs; i++)
            if (links_to(&p->reqs[i], p->file->dataset))
                p->reqs[i].error = "a linked return is read before the others: it cannot be standard input";
        return;
    }
    sa_diags *d = sa_diags_new(); /* the file's own problems are reported by the main reading */
    sa_scan_stats stats;
    memset(&stats, 0, sizeof stats);
    int rc = sa_returns_scan(p->file, so, link_row, p, &stats, d);
    const char *why = link_file_unusable(rc, d);
    for (size_t i = 0; i < p->nreqs && why; i++)
        if (links_to(&p->reqs[i], p->file->dataset))
            p->reqs[i].error = sa_arena_printf(p->arena, "the linked return %s could not be used: %s",
                                               p->file->path, why);
    sa_diags_free(d);
}

/* The plan: a row's linked figures must be final before it is evaluated, and
 * rows arrive from every return at once. The simplest order that is correct
 * is two readings: first the returns of the linked datasets alone, one after
 * another on this thread, into each requirement's summary; then every return
 * as usual, the summaries read-only. Only the linked returns are read twice,
 * and no row is held in between. */
void sa_chk_link_prepare(sa_chk_req *reqs, size_t nreqs, const sa_return_file *files, size_t nfiles,
                         const sa_check_options *opts, const char *sole_provider, sa_arena *arena, sa_diags *diags)
{
    bool any = false;
    for (size_t i = 0; i < nreqs; i++) {
        sa_chk_req *cr = &reqs[i];
        if (cr->error || !cr->check->link.dataset_name || !cr->check->link.dataset)
            continue;
        int cols[SA_LINK_MAX_COLUMNS];
        sa_value_kind kinds[SA_LINK_MAX_COLUMNS];
        size_t n = link_columns(cr, cols, kinds);
        cr->link = sa_link_map_new(cols, kinds, n, opts->max_linked_keys);
        any = true;
        bool given = false;
        for (size_t f = 0; f < nfiles; f++)
            given = given || links_to(cr, files[f].dataset);
        if (!given)
            cr->not_assessable = sa_arena_printf(arena, "no return of the linked dataset '%s' was given",
                                                 cr->check->link.dataset_name);
    }
    if (!any)
        return;
    sa_scan_options so;
    sa_scan_options_default(&so);
    so.show_identifiers = opts->show_identifiers;
    so.limits = opts->limits;
    so.check_unique = false;
    link_pass p = {.reqs = reqs, .nreqs = nreqs, .opts = opts, .sole_provider = sole_provider,
                   .diags = diags, .arena = arena};
    for (size_t f = 0; f < nfiles; f++) {
        bool wanted = false;
        for (size_t i = 0; i < nreqs; i++)
            wanted = wanted || links_to(&reqs[i], files[f].dataset);
        p.file = &files[f];
        if (wanted)
            link_read(&p, &so);
    }
}

void sa_chk_link_release(sa_chk_req *reqs, size_t nreqs)
{
    for (size_t i = 0; i < nreqs; i++) {
        sa_link_map_free(reqs[i].link);
        reqs[i].link = NULL;
    }
}
