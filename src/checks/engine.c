/* engine.c — the compliance engine: reads every return once (files in
 * parallel, each worker with its own accumulators and compiled expressions),
 * merges the workers' accumulators, applies the plan (exclusions, variations,
 * waivers) and fills the result model. */
#include <pcre2.h>
#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checks/checks.h"
#include "checks/checks_internal.h"
#include "spec/kind.h"
#include "core/strmap.h"
#include "core/alloc.h"

void sa_check_options_default(sa_check_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->period_from = SA_DATE_NONE;
    opts->period_to = SA_DATE_NONE;
    opts->provider = NULL;
    opts->max_examples = 20;
    opts->jobs = 0;
    opts->show_identifiers = false;
    opts->today = SA_DATE_NONE;
    opts->fail_on = SA_SEVERITY_MINOR;
    opts->accept_not_assessable = false;
    sa_csv_limits_default(&opts->limits);
    opts->max_providers = SA_CHECK_MAX_PROVIDERS;
    opts->max_periods = SA_CHECK_MAX_PERIODS;
    opts->max_linked_keys = SA_CHECK_MAX_LINKED_KEYS;
}

#define SA_KIND(ID, name, ...) [SA_CHECK_##ID] = &sa_chk_kind_##name,
static const sa_chk_kind *const kinds[SA_CHECK_KIND_COUNT] = {
#include "spec/kinds/kinds.def"
};
#undef SA_KIND

const sa_chk_kind *sa_chk_kind_for(sa_check_kind k)
{
    return (size_t)k < SA_CHECK_KIND_COUNT ? kinds[k] : NULL;
}

/* ---- engine state ---------------------------------------------------------------- */

/* One accumulator a provider's rows feed, as the per-row loop calls it: a requirement's
 * (its kind's acc_row), or its baseline's (sa_chk_baseline_row) right after it. */
typedef struct slot_call {
    void (*row)(void *acc, const sa_chk_req *cr, sa_chk_local *loc, const sa_row *row);
    void *acc;
    const sa_chk_req *cr;
    sa_chk_local *loc;
    /* The bit of the requirement's `where` among the slot's gates: the `where` is asked
     * before the calls and a row it rules out is not passed (a kind does nothing with
     * such a row). 0 for a baseline, which counts every dated row, a requirement with a
     * `link:`, bound first, and a `where` past the 64th of a provider (its kind reads
     * the answer from the memo). */
    uint64_t gate;
} slot_call;

/* A `where` the dispatch asks of each row before the calls, once for the requirements
 * sharing it; its memo then answers their kinds' sa_chk_where. */
typedef struct slot_gate {
    sa_chk_where_memo *memo;
    sa_expr *where;
} slot_gate;
#define SA_MAX_GATE_BITS 64

/* A date look-up the dispatch makes for each row before the calls, once for the
 * requirements sharing it (share_periods); its memo then answers sa_chk_row_period. */
typedef struct slot_dating {
    sa_chk_period_memo *memo;
    const sa_chk_req *cr; /* the first of them: its date column and grid */
} slot_dating;

typedef struct prov_slot {
    const char *code; /* interned in the worker's map */
    const sa_provider_plan *pp;
    sa_date from, to;
    bool skip;
    bool commissioner; /* the commissioner's own rows: read only for its duties, never a provider */
    void **acc; /* one per requirement, then one per requirement's baseline; NULL until a row arrives */
    /* The requirements its rows feed in the part's dataset (no error, expressions
     * compiled, not excluded for the provider, the provider's or the commissioner's
     * duty), worked out at its first row: each row then runs only those. */
    size_t *live;
    size_t nlive;
    bool live_known;
    slot_call *calls; /* one per live requirement and one per its baseline, made with their
                       * accumulators (slot_start) */
    size_t ncalls;
    /* Every memo the live requirements read, each once: the dispatch answers them all for
     * a row before its calls, so that the kinds read them without asking which row they
     * answer for. Bit i of a call's gate is gates[i]. */
    slot_gate *gates;
    size_t ngates;
    slot_dating *datings;
    size_t ndatings;
} prov_slot;

/* Answers the slot's `where`s for the row; returns, as bits, the gates that rule it out. */
static inline uint64_t ruled_out(const prov_slot *s, const sa_row *row)
{
    uint64_t ruled = 0;
    assert(row->file); /* a memo starts at file NULL: no row may answer for it */
    for (size_t g = 0; g < s->ngates; g++) {
        sa_chk_where_memo *m = s->gates[g].memo;
        m->value = sa_expr_eval_bool(s->gates[g].where, row->values);
        m->file = row->file;
        m->record = row->record;
        if (g < SA_MAX_GATE_BITS)
            ruled |= (uint64_t)(m->value == SA_TRI_FALSE) << g;
    }
    return ruled;
}

/* Answers the slot's date look-ups for the row. */
static inline void date_row(const prov_slot *s, const sa_row *row)
{
    for (size_t k = 0; k < s->ndatings; k++)
        sa_chk_period_memo_fill(s->datings[k].memo, s->datings[k].cr, row);
}

struct engine;

typedef struct worker {
    struct engine *eng;
    sa_strmap *providers; /* code -> slot index + 1 */
    prov_slot *slots;
    size_t nslots, cap;
    sa_chk_local *locals; /* one per requirement */
    sa_chk_where_memo *where_memos; /* one per requirement, shared by equal `where`s (share_where) */
    sa_chk_period_memo *period_memos; /* one per requirement, shared by equal date look-ups (share_periods) */
    /* the file being read */
    size_t file_index;
    size_t dataset_index;
    sa_diags *diags;
    sa_strmap *warned;
    uint64_t rows_without_provider;
    /* The provider of the previous row, as the scan interned it (valid for one
     * file): a return usually holds one provider, so most rows skip the lookup. */
    const char *last_code;
    size_t last_slot;
    bool borrows_locals; /* a part: the rows one thread read of one file, locals are the thread's */
    /* Provider codes as accumulators keep them: the thread's, so that they outlive a part
     * merged into another thread's worker. */
    sa_strmap *codes;
    sa_key_index *keys; /* a part's rows' keys, moved to the engine's index when the part is kept */
} worker;

typedef struct engine {
    const sa_spec *spec;
    sa_plan *plan;
    const sa_return_file *files;
    size_t nfiles;
    sa_check_options opts;
    sa_date from, to;
    bool from_agreements;
    const char *sole_provider;
    sa_chk_req *reqs;
    size_t nreqs;
    size_t **by_dataset; /* per spec dataset: requirement indexes reading it */
    size_t *nby_dataset;
    sa_diags **file_diags;
    sa_scan_stats *stats;
    int *scan_rc;
    bool *dataset_missing;
    worker *workers; /* one per reading thread */
    size_t max_slots;           /* providers a worker may hold (the run's bounds) */
    atomic_bool too_many_providers;
    const sa_return_file *given; /* every return given; `files` are those read */
    size_t ngiven;
    const char **not_read;   /* per return given: why it is not read (same file, replaced), or NULL */
    int **key_columns;       /* per spec dataset: its `key` columns (NULL: not compared) */
    size_t *nkey_columns;
    sa_key_index *keys;      /* rows' keys, to find rows given twice; NULL when no dataset needs it */
} engine;

static size_t dataset_index(const sa_spec *spec, const sa_dataset *ds)
{
    for (size_t i = 0; i < spec->ndatasets; i++)
        if (&spec->datasets[i] == ds || (ds && spec->datasets[i].name && ds->name &&
                                         strcmp(spec->datasets[i].name, ds->name) == 0))
            return i;
    return SIZE_MAX;
}

/* ---- requirement preparation --------------------------------------------------------- */

static bool expr_broken(const sa_expr_ref *e)
{
    return e && e->text && !e->compiled;
}

/* A check reading one dataset runs only when the dataset is known and its expressions compile. */
static bool dataset_usable(sa_chk_req *cr, sa_arena *arena)
{
    const sa_check *ck = cr->check;
    if (!ck->dataset) {
        cr->error = sa_arena_printf(arena, "dataset '%s' is not defined in the specification",
                                    ck->dataset_name ? ck->dataset_name : "(none)");
        return false;
    }
    if (ck->link.dataset_name && (!ck->link.dataset || ck->link.on.index < 0 || ck->link.linked_on.index < 0)) {
        cr->error = "the check's link is not valid (see specaudit lint)";
        return false;
    }
    if (expr_broken(&ck->where) || expr_broken(sa_check_expr(ck, "meets")) ||
        expr_broken(sa_check_expr(ck, "exclude"))) {
        cr->error = "an expression of the check does not compile (see specaudit lint)";
        return false;
    }
    return true;
}

void sa_chk_req_prepare(sa_chk_req *cr, const sa_spec *spec, size_t i, sa_date from, sa_date to,
                        const sa_check_options *opts, sa_arena *arena)
{
    const sa_requirement *req = &spec->requirements[i];
    const sa_check *ck = &req->check;
    memset(cr, 0, sizeof *cr);
    cr->spec = spec;
    cr->req = req;
    cr->check = ck;
    cr->index = i;
    /* A requirement is assessed only where it is in force: its grid, and so what
     * its accumulators count, is the in-force part of the range (possibly empty). */
    cr->from = req->in_force_from != SA_DATE_NONE && req->in_force_from > from ? req->in_force_from : from;
    cr->to = req->in_force_until != SA_DATE_NONE && req->in_force_until < to ? req->in_force_until : to;
    cr->max_examples = opts->max_examples;
    cr->show_identifiers = opts->show_identifiers;
    cr->today = opts->today;
    cr->manifest = opts->submissions;
    cr->prior = opts->prior;
    cr->kind = sa_chk_kind_for(ck->kind);
    cr->role_words = spec->nroles / 64 + 1;
    if (!cr->kind) {
        cr->error = "the check kind is not known";
        return;
    }
    if (sa_check_def_of(ck->kind)->reads_dataset && !dataset_usable(cr, arena))
        return;
    cr->per = ck->per;
    const char *missing = cr->kind->prepare ? cr->kind->prepare(cr, arena) : NULL;
    if (missing)
        cr->error = sa_arena_printf(arena, "the check needs `%s` naming a column of dataset '%s'",
                                    missing, ck->dataset->name);
    sa_period_grid_build_anchored(&cr->grid, cr->per, cr->from, cr->to, spec->period_from);
    sa_chk_baseline_prepare(cr, arena);
}

/* ---- workers -------------------------------------------------------------------------------- */

/* Whether `code` is the commissioner's own (and not also a provider the spec lists). */
static bool is_commissioner(const sa_spec *spec, const char *code)
{
    if (!spec->commissioner_code || strcmp(spec->commissioner_code, code) != 0)
        return false;
    for (size_t i = 0; i < spec->nproviders; i++)
        if (spec->providers[i].code && strcmp(spec->providers[i].code, code) == 0)
            return false;
    return true;
}

static prov_slot *worker_slot(worker *w, const char *code)
{
    engine *eng = w->eng;
    size_t len = strlen(code);
    uintptr_t *v = sa_strmap_slot(w->providers, code, len);
    if (*v)
        return &w->slots[*v - 1];
    if (w->nslots == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 16;
        w->slots = sa_xrealloc(w->slots, w->cap * sizeof *w->slots);
    }
    /* The slot pointer of the map may move on insertion; fetch the key copy first. */
    size_t idx = w->nslots++;
    *v = idx + 1;
    const char *interned = sa_strmap_intern(w->codes, code, len, NULL);
    prov_slot *s = &w->slots[idx];
    memset(s, 0, sizeof *s);
    s->code = interned;
    s->acc = sa_xcalloc(2 * eng->nreqs, sizeof *s->acc);
    s->from = eng->from;
    s->to = eng->to;
    const sa_provider_plan *pp = eng->plan ? sa_plan_find_provider(eng->plan, code) : NULL;
    s->pp = pp;
    if (pp) {
        if (pp->from != SA_DATE_NONE && pp->from > s->from)
            s->from = pp->from;
        if (pp->to != SA_DATE_NONE && pp->to < s->to)
            s->to = pp->to;
    } else if (is_commissioner(eng->spec, code)) {
        s->commissioner = true;
    } else if (eng->from_agreements) {
        s->skip = true;
    }
    return s;
}

/* ---- rows given twice ---------------------------------------------------------------------- */

/* Keeps the row's key in the part's own index (a row with an empty key cell identifies nothing). */
static void stage_key(worker *w, const sa_row *row, size_t ds)
{
    uint64_t h;
    if (!sa_row_key_hash(row, ds, w->eng->key_columns[ds], w->eng->nkey_columns[ds], &h))
        return;
    if (!w->keys)
        w->keys = sa_key_index_new();
    sa_key_index_add(w->keys, h, row->record, (uint32_t)w->file_index);
}

/* Stops the scan at the first provider past the run's bound. */
static void too_many_providers(worker *w, const char *code, const sa_row *row)
{
    engine *eng = w->eng;
    atomic_store(&eng->too_many_providers, true);
    sa_diags_error(w->diags, "E-CHECK-TOO-MANY-PROVIDERS",
                   (sa_pos){eng->files[w->file_index].path, (uint32_t)row->record, 0},
                   "provider %s is one more than a run assesses: at most %zu providers "
                   "(--max-providers), or %zu period results in all (--max-periods)",
                   code, eng->opts.max_providers, eng->opts.max_periods);
}

/* The requirements of dataset `ds` a provider's rows feed. What decides it does not
 * change while the returns are read: errors are set and expressions compiled before,
 * the provider's exclusions and duty come with its slot. */
static void slot_live(worker *w, prov_slot *s, size_t ds)
{
    engine *eng = w->eng;
    s->live = sa_xcalloc(eng->nby_dataset[ds] ? eng->nby_dataset[ds] : 1, sizeof *s->live);
    for (size_t k = 0; k < eng->nby_dataset[ds]; k++) {
        size_t ri = eng->by_dataset[ds][k];
        const sa_chk_req *cr = &eng->reqs[ri];
        if (cr->error || cr->not_assessable || w->locals[ri].broken)
            continue; /* not_assessable: set by the linked pass, before any row is read */
        if (s->pp && ri < s->pp->nreqs && s->pp->reqs[ri].excluded)
            continue;
        if (s->commissioner != cr->commissioner_duty)
            continue;
        s->live[s->nlive++] = ri;
    }
    s->live_known = true;
}

/* The gate bit of a requirement's `where` (0: none, or past the 64th), its memo added to the
 * slot's gates when no earlier requirement shares it; its date look-up likewise. */
static uint64_t slot_memos(prov_slot *s, const sa_chk_req *cr, const sa_chk_local *loc)
{
    if (loc->period_memo) {
        size_t k = 0;
        while (k < s->ndatings && s->datings[k].memo != loc->period_memo)
            k++;
        if (k == s->ndatings)
            s->datings[s->ndatings++] = (slot_dating){loc->period_memo, cr};
    }
    if (!loc->where_memo)
        return 0;
    size_t g = 0;
    while (g < s->ngates && s->gates[g].memo != loc->where_memo)
        g++;
    if (g == s->ngates)
        s->gates[s->ngates++] = (slot_gate){loc->where_memo, loc->where};
    return g < SA_MAX_GATE_BITS ? (uint64_t)1 << g : 0;
}

/* At a provider's first row: the requirements it feeds and their accumulators (every
 * one of them takes this row, so none is made that stays without rows). */
static void slot_start(worker *w, prov_slot *s, size_t ds)
{
    engine *eng = w->eng;
    slot_live(w, s, ds);
    s->calls = sa_xcalloc(s->nlive ? 2 * s->nlive : 1, sizeof *s->calls);
    s->gates = sa_xcalloc(s->nlive + 1, sizeof *s->gates);
    s->datings = sa_xcalloc(s->nlive + 1, sizeof *s->datings);
    for (size_t k = 0; k < s->nlive; k++) {
        size_t ri = s->live[k];
        const sa_chk_req *cr = &eng->reqs[ri];
        if (!s->acc[ri])
            s->acc[ri] = cr->kind->acc_new(cr, s->from > cr->from ? s->from : cr->from,
                                           s->to < cr->to ? s->to : cr->to);
        if (cr->baseline && !s->acc[eng->nreqs + ri])
            s->acc[eng->nreqs + ri] = sa_chk_baseline_new(cr);
        /* The accumulators stay where they are while the part is read (absorbed after). */
        sa_chk_local *loc = &w->locals[ri];
        uint64_t gate = slot_memos(s, cr, loc);
        s->calls[s->ncalls++] = (slot_call){cr->kind->acc_row, s->acc[ri], cr, loc, cr->link ? 0 : gate};
        if (cr->baseline)
            s->calls[s->ncalls++] = (slot_call){sa_chk_baseline_row, s->acc[eng->nreqs + ri], cr, loc, 0};
    }
}

/* The thread's expressions report on the part it reads now (locals serve every
 * part the thread reads, one part at a time): all are bound together. */
static void bind_diags(worker *w)
{
    for (size_t ri = 0; ri < w->eng->nreqs; ri++)
        w->locals[ri].diags = w->diags;
}

static int on_row(void *ctx, const sa_row *row)
{
    worker *w = ctx;
    engine *eng = w->eng;
    if (w->dataset_index == SIZE_MAX)
        return 0;
    const char *code = row->provider ? row->provider : eng->sole_provider;
    if (!code) {
        w->rows_without_provider++;
        return 0;
    }
    if (eng->opts.provider && strcmp(code, eng->opts.provider) != 0)
        return 0;
    prov_slot *s;
    if (code != w->last_code && w->nslots >= eng->max_slots) {
        uintptr_t known;
        if (!sa_strmap_get(w->providers, code, strlen(code), &known)) {
            too_many_providers(w, code, row);
            return 1;
        }
    }
    if (code == w->last_code) {
        s = &w->slots[w->last_slot];
    } else {
        s = worker_slot(w, code);
        w->last_code = code;
        w->last_slot = (size_t)(s - w->slots);
    }
    /* Kinds that keep providers apart in the system-wide row (declared_level) see
     * the provider the row is assessed for, as the worker's interned copy: the
     * scan's own copy does not outlive the file, accumulators do. */
    sa_row tagged = *row;
    tagged.provider = s->code;
    row = &tagged;
    if (s->skip) {
        /* Warned about once per file, at its first row: parts of a file note their first
         * row and the warning is given when the file is read (part_close). */
        uintptr_t *first = sa_strmap_slot(w->warned, code, strlen(code));
        if (!*first)
            *first = (uintptr_t)row->record;
        return 0;
    }
    size_t ds = w->dataset_index;
    if (eng->keys && eng->key_columns[ds])
        stage_key(w, row, ds);
    if (!s->live_known)
        slot_start(w, s, ds);
    if (s->ncalls && s->calls[0].loc->diags != w->diags)
        bind_diags(w);
    uint64_t ruled = ruled_out(s, row);
    date_row(s, row);
    for (const slot_call *c = s->calls, *end = c + s->ncalls; c < end; c++)
        if (!(c->gate & ruled))
            c->row(c->acc, c->cr, c->loc, row);
    return 0;
}

static sa_expr *compile_local(const sa_expr_ref *ref, const sa_chk_req *cr, bool *broken)
{
    if (!ref || !ref->text)
        return NULL;
    sa_diags *tmp = sa_diags_new();
    sa_expr *e = sa_expr_compile_linked(ref->text, ref->pos, cr->check->dataset, cr->check->link.dataset,
                                        &cr->spec->calendar, tmp);
    sa_diags_free(tmp);
    if (!e)
        *broken = true;
    return e;
}

void sa_chk_local_init(sa_chk_local *loc, const sa_chk_req *cr)
{
    memset(loc, 0, sizeof *loc);
    if (cr->error || !cr->check->dataset)
        return; /* a kind reading no one dataset (submission) evaluates no expression */
    loc->where = compile_local(&cr->check->where, cr, &loc->broken);
    loc->meets = compile_local(sa_check_expr(cr->check, "meets"), cr, &loc->broken);
    loc->exclude = compile_local(sa_check_expr(cr->check, "exclude"), cr, &loc->broken);
    if (cr->spec->nroles)
        loc->match_data = pcre2_match_data_create(16, NULL);
}

void sa_chk_local_free(sa_chk_local *loc)
{
    sa_expr_free(loc->where);
    sa_expr_free(loc->meets);
    sa_expr_free(loc->exclude);
    if (loc->match_data)
        pcre2_match_data_free(loc->match_data);
    sa_strmap_free(loc->role_cache);
    memset(loc, 0, sizeof *loc);
}

/* Whether requirements i and j select rows by the same `where`. One that asks about linked
 * rows is never shared: the same text reads each requirement's own link. */
static bool same_where(const worker *w, size_t i, size_t j)
{
    const sa_check *a = w->eng->reqs[i].check, *b = w->eng->reqs[j].check;
    const sa_expr_link_term *terms;
    return w->locals[i].where && w->locals[j].where && a->dataset == b->dataset &&
           strcmp(a->where.text, b->where.text) == 0 && sa_expr_link_terms(w->locals[i].where, &terms) == 0 &&
           sa_expr_link_terms(w->locals[j].where, &terms) == 0;
}

/* Groups the requirements that `alike` pairs: lead[j] is the first requirement of j's group
 * (itself for the first), SIZE_MAX for one alike with none. Each group shares one memo. */
static size_t *group_alike(const worker *w, bool (*alike)(const worker *, size_t, size_t))
{
    size_t n = w->eng->nreqs;
    size_t *lead = sa_xmalloc((n ? n : 1) * sizeof *lead);
    for (size_t i = 0; i < n; i++)
        lead[i] = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        if (lead[i] != SIZE_MAX)
            continue; /* in an earlier requirement's group */
        for (size_t j = i + 1; j < n; j++)
            if (lead[j] == SIZE_MAX && alike(w, i, j))
                lead[i] = lead[j] = i;
    }
    return lead;
}

/* Requirements of the thread whose `where` reads the same share one answer per row
 * (memo i serves requirement i and those after it with the same `where`); one whose
 * `where` is alike none has a memo of its own, so that the dispatch's answer (on_row)
 * serves the requirement too. A `where` reading linked figures has none. */
static void share_where(worker *w)
{
    size_t n = w->eng->nreqs, *lead = group_alike(w, same_where);
    w->where_memos = sa_xcalloc(n ? n : 1, sizeof *w->where_memos);
    for (size_t i = 0; i < n; i++) {
        const sa_expr_link_term *terms;
        if (lead[i] != SIZE_MAX)
            w->locals[i].where_memo = &w->where_memos[lead[i]];
        else if (w->locals[i].where && sa_expr_link_terms(w->locals[i].where, &terms) == 0)
            w->locals[i].where_memo = &w->where_memos[i];
    }
    free(lead);
}

/* Whether requirements i and j place a row in the same period: the same dataset, date
 * column and grid. One with a baseline is never shared: its baseline's grid asks too. */
static bool same_periods(const worker *w, size_t i, size_t j)
{
    const sa_chk_req *a = &w->eng->reqs[i], *b = &w->eng->reqs[j];
    const sa_period_grid *x = &a->grid, *y = &b->grid;
    return a->dates_rows && b->dates_rows && !a->baseline && !b->baseline && !a->error && !b->error &&
           a->check->dataset == b->check->dataset && a->date_col == b->date_col && x->per == y->per &&
           x->n == y->n && x->n > 0 && x->anchor == y->anchor && x->from[0] == y->from[0] &&
           x->to[x->n - 1] == y->to[y->n - 1];
}

/* Requirements of the thread with the same date look-up share one answer per row. */
static void share_periods(worker *w)
{
    size_t n = w->eng->nreqs, *lead = group_alike(w, same_periods);
    w->period_memos = sa_xcalloc(n ? n : 1, sizeof *w->period_memos);
    for (size_t i = 0; i < n; i++)
        if (lead[i] != SIZE_MAX)
            w->locals[i].period_memo = &w->period_memos[lead[i]];
    free(lead);
}

static void worker_init(worker *w, engine *eng)
{
    memset(w, 0, sizeof *w);
    w->eng = eng;
    w->providers = sa_strmap_new(64);
    w->codes = sa_strmap_new(64);
    w->locals = sa_xcalloc(eng->nreqs, sizeof *w->locals);
    for (size_t i = 0; i < eng->nreqs; i++)
        sa_chk_local_init(&w->locals[i], &eng->reqs[i]);
    share_where(w);
    share_periods(w);
}

/* Accumulator slot r of a provider: requirement r's, or past nreqs the baseline's of requirement r - nreqs. */
static void acc_release(const engine *eng, size_t r, void *acc)
{
    if (r < eng->nreqs)
        eng->reqs[r].kind->acc_free(acc);
    else
        sa_chk_baseline_free(acc, &eng->reqs[r - eng->nreqs]);
}

/* Merges `src` into `dst` (slot r of both) and frees it. */
static void acc_absorb(const engine *eng, size_t r, void *dst, void *src)
{
    if (r < eng->nreqs)
        eng->reqs[r].kind->acc_merge(dst, src, &eng->reqs[r]);
    else
        sa_chk_baseline_merge(dst, src, &eng->reqs[r - eng->nreqs]);
    acc_release(eng, r, src);
}

static void worker_free(worker *w)
{
    engine *eng = w->eng;
    for (size_t i = 0; i < w->nslots; i++) {
        for (size_t r = 0; r < 2 * eng->nreqs; r++)
            if (w->slots[i].acc[r])
                acc_release(eng, r, w->slots[i].acc[r]);
        free(w->slots[i].acc);
        free(w->slots[i].live);
        free(w->slots[i].calls);
        free(w->slots[i].gates);
        free(w->slots[i].datings);
    }
    free(w->slots);
    sa_key_index_free(w->keys);
    sa_strmap_free(w->providers);
    sa_strmap_free(w->warned);
    if (w->borrows_locals)
        sa_diags_free(w->diags); /* a part's own */
    if (!w->borrows_locals)
        sa_strmap_free(w->codes);
    if (w->locals && !w->borrows_locals) {
        for (size_t i = 0; i < eng->nreqs; i++)
            sa_chk_local_free(&w->locals[i]);
        free(w->locals);
        free(w->where_memos);
        free(w->period_memos);
    }
}

/* Moves every accumulator of `src` into `dst` (merging where both have one). */
static void worker_absorb(worker *dst, worker *src)
{
    engine *eng = dst->eng;
    for (size_t i = 0; i < src->nslots; i++) {
        prov_slot *s = &src->slots[i];
        prov_slot *d = worker_slot(dst, s->code);
        for (size_t r = 0; r < 2 * eng->nreqs; r++) {
            if (!s->acc[r])
                continue;
            if (!d->acc[r])
                d->acc[r] = s->acc[r];
            else
                acc_absorb(eng, r, d->acc[r], s->acc[r]);
            s->acc[r] = NULL;
        }
    }
}

/* ---- reading the returns: one part per thread and file ---------------------------------- */

static void *part_open(void *ctx, unsigned thread, size_t fi)
{
    engine *eng = ctx;
    worker *p = sa_xcalloc(1, sizeof *p);
    p->eng = eng;
    p->providers = sa_strmap_new(64);
    p->warned = sa_strmap_new(8);
    p->locals = eng->workers[thread].locals; /* compiled once per thread, not per file */
    p->codes = eng->workers[thread].codes;
    p->borrows_locals = true;
    p->file_index = fi;
    /* Role matching reports on the rows of this part; merged in row order when the file is read. */
    p->diags = sa_diags_new();
    sa_diags_set_max_per_code(p->diags, sa_diags_max_per_code(eng->file_diags[fi]));
    p->dataset_index = dataset_index(eng->spec, eng->files[fi].dataset);
    return p;
}

typedef struct first_row {
    const char *code;
    uint64_t row;
} first_row;

static int cmp_first_row(const void *a, const void *b)
{
    const first_row *x = a, *y = b;
    return x->row != y->row ? (x->row < y->row ? -1 : 1) : strcmp(x->code, y->code);
}

/* Each unknown provider once, at the first row that names it, in row order. */
static void warn_unknown_providers(engine *eng, size_t fi, worker **parts, size_t n)
{
    sa_strmap *seen = sa_strmap_new(8); /* code -> earliest row over the parts */
    for (size_t i = 0; i < n; i++) {
        size_t it = 0, len;
        const char *code;
        uintptr_t row;
        while (sa_strmap_next(parts[i]->warned, &it, &code, &len, &row)) {
            uintptr_t *v = sa_strmap_slot(seen, code, len);
            if (!*v || row < *v)
                *v = row;
        }
    }
    size_t m = sa_strmap_size(seen), k = 0, it = 0, len;
    first_row *rows = sa_xcalloc(m, sizeof *rows);
    uintptr_t row;
    while (sa_strmap_next(seen, &it, &rows[k].code, &len, &row))
        rows[k++].row = row;
    qsort(rows, m, sizeof *rows, cmp_first_row);
    for (size_t i = 0; i < m; i++)
        sa_diags_warning(eng->file_diags[fi], "W-CHECK-UNKNOWN-PROVIDER",
                         (sa_pos){eng->files[fi].path, (uint32_t)rows[i].row, 0},
                         "rows for provider %s are not assessed: no agreement given names it", rows[i].code);
    free(rows);
    sa_strmap_free(seen);
}

/* The parts' own diagnostics, sorted by row before the file's cap keeps the first of each code,
 * so the same ones are kept however the file was split. */
static void take_part_diags(sa_diags *file_diags, worker **parts, size_t n)
{
    sa_diags *all = sa_diags_new();
    for (size_t i = 0; i < n; i++)
        sa_diags_take(all, parts[i]->diags);
    sa_diags_sort(all);
    sa_diags_take(file_diags, all);
    sa_diags_free(all);
}

static void part_close(void *ctx, unsigned thread, size_t fi, void **parts_in, size_t n, bool keep)
{
    engine *eng = ctx;
    worker **parts = (worker **)parts_in;
    const sa_return_file *f = &eng->files[fi];
    if (keep && n > 0 && parts[0]->dataset_index == SIZE_MAX) {
        sa_diags_error(eng->file_diags[fi], "E-CHECK-DATASET", (sa_pos){f->path, 0, 0},
                       "the return is not a dataset of the specification");
        eng->dataset_missing[fi] = true;
    }
    uint64_t without = 0;
    for (size_t i = 0; i < n; i++)
        without += parts[i]->rows_without_provider;
    if (keep) {
        take_part_diags(eng->file_diags[fi], parts, n);
        warn_unknown_providers(eng, fi, parts, n);
        if (without)
            sa_diags_warning(eng->file_diags[fi], "W-CHECK-NO-PROVIDER", (sa_pos){f->path, 0, 0},
                             "%llu rows name no provider and were not assessed", (unsigned long long)without);
    }
    for (size_t i = 0; i < n; i++) {
        if (keep)
            worker_absorb(&eng->workers[thread], parts[i]);
        if (keep && parts[i]->keys)
            sa_key_index_absorb(eng->keys, parts[i]->keys);
        worker_free(parts[i]);
        free(parts[i]);
    }
}

/* ---- finishing ----------------------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void fill_common(sa_result *r, const sa_chk_req *cr, sa_arena *arena)
{
    r->requirement_id = cr->req->id;
    r->requirement_line = cr->req->pos.line;
    r->requirement_col = cr->req->pos.col;
    r->title = cr->req->title;
    r->description = cr->req->description;
    if (cr->check->link.dataset_name) {
        /* What was joined, in every report: a reader must know the verdict rests on two datasets. */
        sa_buf d = SA_BUF_INIT;
        const char *own = cr->req->description ? cr->req->description : "";
        size_t len = strlen(own);
        while (len && strchr(" \t\r\n", own[len - 1]))
            len--;
        sa_buf_printf(&d, "%.*s%s", (int)len, own, len ? " " : "");
        sa_link_describe(cr->check, &d);
        r->description = sa_arena_strdup(arena, sa_buf_cstr(&d));
        sa_buf_free(&d);
    }
    r->guidance = cr->req->guidance;
    r->severity = cr->req->severity;
    r->scope = cr->req->scope;
    r->in_force_from = cr->req->in_force_from;
    r->in_force_until = cr->req->in_force_until;
    r->check_kind = cr->kind ? cr->kind->name : sa_check_kind_name(cr->check->kind);
    /* Kinds whose measure pools periods (those taking `assess`) say how they combine. */
    const sa_check_def *def = sa_check_def_of(cr->check->kind);
    if (def && sa_check_def_takes(def, "assess"))
        r->assess = sa_assess_name(cr->check->assess);
    r->counts_label = def ? def->counts_label : NULL;
}

static const char *verdict_phrase(sa_verdict v)
{
    switch (v) {
    case SA_VERDICT_MET: return "met";
    case SA_VERDICT_WAIVED: return "waived";
    default: return "not met";
    }
}

/* `assess: overall`: the pooled measure decides, and the summary says so. */
static sa_verdict assess_overall(sa_chk_final *fin, const sa_effective_req *er)
{
    if (fin->measure->len) {
        sa_buf m = SA_BUF_INIT;
        sa_buf_printf(&m, "overall %s", sa_buf_cstr(fin->measure));
        sa_buf_clear(fin->measure);
        sa_buf_puts(fin->measure, sa_buf_cstr(&m));
        sa_buf_free(&m);
    }
    return sa_chk_assess_overall(fin, er);
}

/* The target a row is judged against: the agreement's variation, else the
 * spec's, else the kind's default; its text as written when there is one. */
static void finish_target(sa_result *r, const sa_chk_req *cr, const sa_effective_req *er, sa_arena *arena)
{
    sa_target target = cr->check->target;
    const char *target_text = cr->check->target_text;
    if (cr->check->baseline.set) {
        /* Judged by its change (baseline.c): no target of the kind's to vary or default to,
         * only the unit the figures are measured in. */
        const sa_check_def *def = sa_check_def_of(cr->check->kind);
        r->target = (sa_target){.unit = def->target_unit ? def->target_unit(cr->check)
                                                         : sa_check_default_target(cr->check).unit};
        r->target_text = sa_arena_printf(arena, "change %s", cr->check->baseline.change_text);
        return;
    }
    if (er && er->target.set) {
        target = er->target;
        target_text = er->target_text ? er->target_text : target_text;
    }
    if (!target.set) {
        target = sa_check_default_target(cr->check);
        target_text = NULL;
    }
    if (!target_text) {
        char buf[48];
        sa_target_format(&target, buf);
        target_text = sa_arena_strdup(arena, buf);
    }
    r->target = target;
    r->target_text = target_text;
    if (er && er->varied) {
        r->original_target = er->original_target_text;
        r->variation_reason = er->variation_reason;
    }
}

/* A row none of whose range the requirement is in force over: never met,
 * never failed. "Not yet in force: from 1 April 2008." */
static void finish_not_in_force(sa_result *r, const sa_chk_req *cr, sa_arena *arena)
{
    char d[24];
    bool later = cr->req->in_force_from != SA_DATE_NONE && cr->req->in_force_from > cr->to;
    sa_date_format_long(later ? cr->req->in_force_from : cr->req->in_force_until, d);
    r->verdict = SA_VERDICT_NOT_IN_FORCE;
    r->reason = sa_arena_printf(arena, later ? "not yet in force: from %s" : "no longer in force: until %s", d);
    r->summary = sa_arena_printf(arena, later ? "Not yet in force: from %s." : "No longer in force: until %s.", d);
}

/* Rows decided before any evidence is read: the check cannot run, the
 * agreement excludes the requirement, or the term lies outside the range.
 * Returns true when `r` is finished. */
static bool finish_without_evidence(sa_result *r, const sa_chk_req *cr, const sa_effective_req *er,
                                    bool out_of_term, bool out_of_force, sa_arena *arena)
{
    if (cr->error) {
        r->verdict = SA_VERDICT_ERROR;
        r->reason = cr->error;
        r->summary = sa_arena_printf(arena, "The check could not run: %s.", cr->error);
        return true;
    }
    if (out_of_force && !out_of_term) {
        finish_not_in_force(r, cr, arena);
        return true;
    }
    if (er && er->excluded) {
        r->verdict = SA_VERDICT_EXCLUDED;
        r->reason = er->exclusion_reason;
        r->summary = sa_arena_printf(arena, "Excluded by the agreement%s%s.", er->exclusion_reason ? ": " : "",
                                     er->exclusion_reason ? er->exclusion_reason : "");
        return true;
    }
    if (cr->not_assessable) {
        r->verdict = SA_VERDICT_NOT_ASSESSABLE;
        r->reason = cr->not_assessable;
        r->summary = sa_arena_printf(arena, "Not assessable: %s.", r->reason);
        return true;
    }
    if (out_of_term) {
        r->verdict = SA_VERDICT_NOT_ASSESSABLE;
        r->reason = "the agreement's term lies outside the assessment period";
        r->summary = sa_arena_printf(arena, "Not assessable: %s.", r->reason);
        return true;
    }
    return false;
}

/* The waiver window of `er` that covers all of [from, to], or NULL. A
 * hand-built effective requirement may carry only `waiver`. */
static const sa_waiver *covering_waiver(const sa_effective_req *er, sa_date from, sa_date to)
{
    for (size_t i = 0; i < er->nwaivers; i++)
        if (er->waivers[i].from <= from && to <= er->waivers[i].until)
            return er->waivers[i].waiver;
    if (!er->nwaivers && sa_effective_req_waived(er, from, to))
        return er->waiver;
    return NULL;
}

/* Waivers accept the not-met periods they cover entirely; once expired a
 * period counts again. Returns how many were waived; *applied is the first
 * waiver that accepted one (NULL when none did). */
static size_t apply_waivers(const sa_effective_req *er, sa_result *r, const sa_waiver **applied)
{
    size_t waived = 0;
    *applied = NULL;
    for (size_t i = 0; er && i < r->nperiods; i++) {
        sa_period_result *p = &r->periods[i];
        const sa_waiver *w = p->verdict == SA_VERDICT_NOT_MET ? covering_waiver(er, p->from, p->to) : NULL;
        if (!w)
            continue;
        p->verdict = SA_VERDICT_WAIVED;
        p->note = "not met; accepted by the agreement's waiver";
        waived++;
        if (!*applied)
            *applied = w;
    }
    return waived;
}

/* Whether the waiver window [wfrom, wuntil] accepted a period of `r`. */
static bool window_waived(const sa_result *r, sa_date wfrom, sa_date wuntil)
{
    for (size_t i = 0; i < r->nperiods; i++)
        if (r->periods[i].verdict == SA_VERDICT_WAIVED && wfrom <= r->periods[i].from &&
            r->periods[i].to <= wuntil)
            return true;
    return false;
}

/* One waiver that changed nothing, said as such; nothing when there is
 * nothing to say (a current waiver of a requirement that was met). */
static void note_window(sa_buf *b, const sa_result *r, const sa_waiver *w, sa_date wfrom, sa_date wuntil,
                        sa_date from, sa_date to)
{
    char d[11];
    bool short_ = r->verdict == SA_VERDICT_NOT_MET || r->verdict == SA_VERDICT_PARTIALLY_MET;
    if (wuntil < from) {
        sa_date_format(w->until != SA_DATE_NONE ? w->until : wuntil, d);
        sa_buf_printf(b, "%swaiver expired %s, not applied", b->len ? "; " : "", d);
    } else if (wfrom > to) {
        sa_date_format(wfrom, d);
        sa_buf_printf(b, "%swaiver from %s not yet started, not applied", b->len ? "; " : "", d);
    } else if (short_ && !window_waived(r, wfrom, wuntil)) {
        sa_date_format(wuntil, d);
        sa_buf_printf(b, "%swaiver until %s covers no whole period that was not met, not applied",
                      b->len ? "; " : "", d);
    }
}

/* r->waiver_note: the agreement's waivers of this requirement that changed no
 * verdict in the assessed range [from, to]. */
static void note_unapplied_waivers(sa_result *r, const sa_effective_req *er, sa_date from, sa_date to,
                                   sa_arena *arena)
{
    if (!er || !er->waiver)
        return;
    sa_buf b = SA_BUF_INIT;
    for (size_t i = 0; i < er->nwaivers; i++)
        if (!window_waived(r, er->waivers[i].from, er->waivers[i].until))
            note_window(&b, r, er->waivers[i].waiver, er->waivers[i].from, er->waivers[i].until, from, to);
    if (!er->nwaivers && !window_waived(r, er->waiver->from != SA_DATE_NONE ? er->waiver->from : from,
                                        er->waiver->until))
        note_window(&b, r, er->waiver, er->waiver->from != SA_DATE_NONE ? er->waiver->from : from,
                    er->waiver->until, from, to);
    if (b.len)
        r->waiver_note = sa_arena_strdup(arena, sa_buf_cstr(&b));
    sa_buf_free(&b);
}

/* Nothing was received: a count of 0 or a share of 0/0 is no measurement,
 * and a waiver accepted nothing. */
static void finish_no_rows(sa_result *r, const sa_chk_req *cr, const sa_provider_plan *pp, sa_arena *arena)
{
    r->verdict = SA_VERDICT_NOT_ASSESSABLE;
    r->has_measured = false;
    r->measured = 0;
    for (size_t i = 0; i < r->nperiods; i++) {
        r->periods[i].verdict = SA_VERDICT_NOT_ASSESSABLE;
        r->periods[i].has_measured = false;
        r->periods[i].measured = 0;
        r->periods[i].note = "no rows received";
    }
    r->reason = sa_arena_printf(arena, "no rows of dataset '%s'%s%s were received", cr->check->dataset->name,
                                pp ? " for provider " : "", pp ? pp->code : "");
}

/* The reason of a row some of whose periods a waiver accepted. */
static void waiver_reason(sa_result *r, const sa_waiver *w, size_t waived, sa_arena *arena)
{
    char until[11] = "";
    if (w->until != SA_DATE_NONE)
        sa_date_format(w->until, until);
    const char *approver = w->approved_by ? w->approved_by : "";
    const char *why = w->reason ? w->reason : "no reason given";
    if (r->verdict == SA_VERDICT_WAIVED)
        r->reason = sa_arena_printf(arena, "waived%s%s%s%s: %s", until[0] ? " until " : "", until,
                                    approver[0] ? ", approved by " : "", approver, why);
    else
        r->reason = sa_arena_printf(arena,
                                    "%zu period%s waived%s%s%s%s (%s); the periods the waiver does not cover count",
                                    waived, waived == 1 ? "" : "s", until[0] ? " until " : "", until,
                                    approver[0] ? ", approved by " : "", approver, why);
    r->waiver_approved_by = w->approved_by;
    r->waiver_until = w->until;
}

/* "; in force from 1 April 2008": said when part of a row's range was not. */
static void in_force_phrase(sa_buf *s, const sa_requirement *req)
{
    char a[24], b[24];
    if (req->in_force_from != SA_DATE_NONE)
        sa_date_format_long(req->in_force_from, a);
    if (req->in_force_until != SA_DATE_NONE)
        sa_date_format_long(req->in_force_until, b);
    if (req->in_force_from != SA_DATE_NONE && req->in_force_until != SA_DATE_NONE)
        sa_buf_printf(s, "; in force from %s until %s", a, b);
    else if (req->in_force_from != SA_DATE_NONE)
        sa_buf_printf(s, "; in force from %s", a);
    else if (req->in_force_until != SA_DATE_NONE)
        sa_buf_printf(s, "; in force until %s", b);
}

/* Summary: measurement, target, and how many periods met it. */
static void finish_summary(sa_result *r, const sa_chk_req *cr, sa_per per, bool has_rows, size_t waived,
                           sa_buf *measure, sa_arena *arena)
{
    size_t met = 0, assessed = 0, unassessed = 0, in_force = 0, last = 0;
    for (size_t i = 0; i < r->nperiods; i++) {
        sa_verdict v = r->periods[i].verdict;
        if (v == SA_VERDICT_MET || v == SA_VERDICT_NOT_MET || v == SA_VERDICT_WAIVED)
            assessed++, last = i;
        else if (v != SA_VERDICT_NOT_IN_FORCE)
            unassessed++;
        if (v == SA_VERDICT_MET)
            met++;
        in_force += v != SA_VERDICT_NOT_IN_FORCE;
    }
    const char *what = measure->len ? sa_buf_cstr(measure) : "no measurement";
    sa_buf s = SA_BUF_INIT;
    const sa_check_def *def = sa_check_def_of(cr->check->kind);
    bool targetless = def && !def->default_target && !def->implied_target;
    if (targetless && measure->len) {
        sa_buf_puts(&s, what); /* the kind's words say what was judged against what */
    } else if (r->verdict == SA_VERDICT_NOT_ASSESSABLE && !has_rows && !cr->kind->absence_is_evidence) {
        sa_buf_printf(&s, "Not assessable: %s", r->reason);
    } else if (r->verdict == SA_VERDICT_NOT_ASSESSABLE) {
        sa_buf_printf(&s, "Not assessable: %s (%s)", r->reason, what);
    } else {
        sa_buf_printf(&s, "%s vs target %s", what, r->target_text);
        if (in_force > 1) {
            sa_buf_printf(&s, "; %zu of %zu %s met", met, assessed, sa_per_plural(per));
            if (waived)
                sa_buf_printf(&s, ", %zu waived", waived);
            if (unassessed)
                sa_buf_printf(&s, ", %zu not assessable", unassessed);
        } else if (assessed == 1) {
            sa_buf_printf(&s, " (%s)", verdict_phrase(r->periods[last].verdict));
        }
    }
    if (in_force < r->nperiods)
        in_force_phrase(&s, cr->req);
    r->summary = sa_arena_strdup(arena, sa_buf_cstr(&s));
    sa_buf_free(&s);
}

/* The range of a row: the assessment period, clipped to the provider's term. */
static void row_range(const engine *eng, const sa_provider_plan *pp, sa_date *from, sa_date *to)
{
    *from = eng->from;
    *to = eng->to;
    if (pp && pp->from != SA_DATE_NONE && pp->from > *from)
        *from = pp->from;
    if (pp && pp->to != SA_DATE_NONE && pp->to < *to)
        *to = pp->to;
}

/* The part of a row's range [from, to] the requirement is in force over. */
static void force_range(const sa_chk_req *cr, sa_date from, sa_date to, sa_date *ffrom, sa_date *fto)
{
    *ffrom = from > cr->from ? from : cr->from;
    *fto = to < cr->to ? to : cr->to;
}

/* The parts of a row's range [from, to] outside the in-force range [ffrom, fto]
 * become periods of their own, not in force, before and after the assessed ones. */
static void pad_not_in_force(sa_result *r, sa_date from, sa_date to, sa_date ffrom, sa_date fto, sa_arena *arena)
{
    bool before = ffrom > from, after = fto < to;
    if (!before && !after)
        return;
    sa_period_result *p = sa_arena_calloc(arena, r->nperiods + 2, sizeof *p);
    size_t n = 0;
    char d[24];
    if (before) {
        sa_date_format_long(ffrom, d);
        p[n++] = (sa_period_result){.from = from, .to = ffrom - 1, .verdict = SA_VERDICT_NOT_IN_FORCE,
                                    .note = sa_arena_printf(arena, "in force from %s", d)};
    }
    for (size_t i = 0; i < r->nperiods; i++)
        p[n++] = r->periods[i];
    if (after) {
        sa_date_format_long(fto, d);
        p[n++] = (sa_period_result){.from = fto + 1, .to = to, .verdict = SA_VERDICT_NOT_IN_FORCE,
                                    .note = sa_arena_printf(arena, "in force until %s", d)};
    }
    r->periods = p;
    r->nperiods = n;
}

/* Whether a provider's term overlaps the assessment range (no term: it does). */
static bool term_overlaps(const engine *eng, const sa_provider_plan *pp)
{
    return !((pp->to != SA_DATE_NONE && pp->to < eng->from) || (pp->from != SA_DATE_NONE && pp->from > eng->to) ||
             (pp->from != SA_DATE_NONE && pp->to != SA_DATE_NONE && pp->from > pp->to));
}

/* Whether a provider's rows for requirement `cr` count in its system-wide row:
 * not excluded by its agreement, its term overlapping the range. */
static bool contributes(const engine *eng, const sa_chk_req *cr, const sa_provider_plan *pp)
{
    if (pp && cr->index < pp->nreqs && pp->reqs[cr->index].excluded)
        return false;
    return !pp || term_overlaps(eng, pp);
}

/* A provider's share of a system-wide requirement is no verdict: its summary
 * says what the provider contributed, or why nothing of it counts. */
static void share_summary(sa_result *r, sa_buf *measure, sa_arena *arena)
{
    if (r->share_counted)
        r->summary = sa_arena_printf(arena, "Share of the system-wide verdict: %s.",
                                     measure->len ? sa_buf_cstr(measure) : "no measurement");
    else
        r->summary = sa_arena_printf(arena, "Share not counted in the system-wide verdict: %s.",
                                     r->reason ? r->reason : "no rows were received");
}

/* Finishes one row: a provider's verdict or share, or the system-wide row
 * (pp NULL). `acc` holds its rows (NULL when none arrived). */
static void finish_one(engine *eng, sa_result_set *rs, const sa_chk_req *cr, const sa_provider_plan *pp,
                       void *acc, const void *base, bool has_rows)
{
    sa_arena *arena = rs->arena;
    bool share = cr->req->scope == SA_SCOPE_SYSTEM && pp;
    /* A provider's waiver cannot change a system-wide verdict: a share has none. */
    const sa_effective_req *er = pp && cr->index < pp->nreqs ? &pp->reqs[cr->index] : NULL;
    const sa_effective_req *waivers = share ? NULL : er;
    sa_result *r = sa_result_set_add(rs);
    fill_common(r, cr, arena);
    if (cr->commissioner_duty) {
        r->commissioner = true;
        r->provider_name = sa_arena_strdup(arena, eng->spec->commissioner_name);
    } else if (pp) {
        r->provider_code = sa_arena_strdup(arena, pp->code);
        r->provider_name = pp->name ? sa_arena_strdup(arena, pp->name) : NULL;
    }
    finish_target(r, cr, er, arena);
    sa_date term_from, term_to, from, to;
    row_range(eng, pp, &term_from, &term_to);
    force_range(cr, term_from, term_to, &from, &to);
    sa_buf measure = SA_BUF_INIT;
    if (finish_without_evidence(r, cr, er, pp && term_from > term_to, from > to, arena)) {
        if (share)
            share_summary(r, &measure, arena);
        return;
    }
    bool own = !acc;
    if (own)
        acc = cr->kind->acc_new(cr, from, to);
    sa_chk_final fin = {.cr = cr, .pp = pp, .from = from, .to = to, .target = r->target,
                        .arena = arena, .r = r, .measure = &measure, .per = cr->per};
    cr->kind->acc_finish(acc, &fin);
    if (own)
        cr->kind->acc_free(acc);
    if (cr->baseline)
        sa_chk_baseline_finish(&fin, base);
    if (er && er->activity && !share)
        sa_chk_activity(&fin, er->activity, has_rows);

    const sa_waiver *applied = NULL;
    size_t waived = apply_waivers(waivers, r, &applied);
    r->verdict = sa_chk_fold(r->periods, r->nperiods);
    if (cr->check->assess == SA_ASSESS_OVERALL)
        r->verdict = assess_overall(&fin, waivers);
    if (r->verdict == SA_VERDICT_WAIVED && !applied && waivers)
        applied = covering_waiver(waivers, from, to); /* the pooled measure was waived */
    if (!has_rows && !cr->kind->absence_is_evidence) {
        finish_no_rows(r, cr, pp, arena);
        waived = 0;
        applied = NULL;
    } else if (r->verdict == SA_VERDICT_NOT_ASSESSABLE && !r->reason && !share) {
        r->reason = r->nperiods ? "no period had enough evidence to be assessed" : "the assessment period is empty";
    }
    if (applied)
        waiver_reason(r, applied, waived, arena);
    note_unapplied_waivers(r, waivers, from, to, arena);
    pad_not_in_force(r, term_from, term_to, from, to, arena);
    r->share_counted = share && has_rows && contributes(eng, cr, pp);
    if (share)
        share_summary(r, &measure, arena);
    else
        finish_summary(r, cr, fin.per, has_rows, waived, &measure, arena);
    sa_buf_free(&measure);
}

/* The accumulator the reading gave provider `code` for requirement `ri` (past
 * nreqs: the baseline's of requirement ri - nreqs), or NULL. */
static void *provider_acc(const worker *w, const char *code, size_t ri)
{
    uintptr_t v;
    if (!sa_strmap_get(w->providers, code, strlen(code), &v))
        return NULL;
    return w->slots[v - 1].acc[ri];
}

/* The system-wide row: every contributing provider's accumulator merged into one. */
static void finish_system(engine *eng, sa_result_set *rs, const sa_chk_req *cr, worker *w,
                          const char *const *codes, size_t ncodes)
{
    void *uni = NULL, *base = NULL;
    bool any = false;
    if (!cr->error) {
        uni = cr->kind->acc_new(cr, cr->from, cr->to);
        base = cr->baseline ? sa_chk_baseline_new(cr) : NULL;
        for (size_t k = 0; k < ncodes; k++) {
            void *acc = provider_acc(w, codes[k], cr->index);
            if (!acc || !contributes(eng, cr, sa_plan_find_provider(eng->plan, codes[k])))
                continue;
            cr->kind->acc_merge(uni, acc, cr);
            void *b = base ? provider_acc(w, codes[k], eng->nreqs + cr->index) : NULL;
            if (b)
                sa_chk_baseline_merge(base, b, cr);
            any = true;
        }
    }
    finish_one(eng, rs, cr, NULL, uni, base, any);
    if (uni)
        cr->kind->acc_free(uni);
    if (base)
        sa_chk_baseline_free(base, cr);
}

/* Every row of one requirement: a provider-scope requirement's verdict per
 * provider; a system-scope requirement's system-wide verdict first, then each
 * provider's share of it, saying whether the share counted. */
static void finish_requirement(engine *eng, sa_result_set *rs, const sa_chk_req *cr, worker *w,
                               const char *const *codes, size_t ncodes)
{
    if (cr->commissioner_duty) {
        /* The commissioner's duty: its one row, whoever the providers are. */
        void *acc = provider_acc(w, eng->spec->commissioner_code, cr->index);
        finish_one(eng, rs, cr, NULL, acc, NULL, acc != NULL);
        return;
    }
    if (cr->req->scope == SA_SCOPE_SYSTEM) {
        finish_system(eng, rs, cr, w, codes, ncodes);
    } else if (ncodes == 0) {
        /* No provider to report against (none in the spec, no agreement, no return
         * naming one): one row without a provider still gives the verdict — every
         * expected return missing for submission, not assessable for the others, or
         * the error when the check cannot run — so an empty run never reads as clean. */
        finish_one(eng, rs, cr, NULL, NULL, NULL, false);
    }
    for (size_t k = 0; k < ncodes; k++) {
        const sa_provider_plan *pp = sa_plan_find_provider(eng->plan, codes[k]);
        void *acc = provider_acc(w, codes[k], cr->index);
        finish_one(eng, rs, cr, pp, acc, provider_acc(w, codes[k], eng->nreqs + cr->index), acc != NULL);
    }
}

/* ---- rows given twice: which returns are read, repeated keys --------------------------------------- */

/* The returns read: each once, not those the manifest says were replaced. From here on
 * eng->files are those read (file indexes count among them); eng->given are all. */
static const sa_return_file *choose_reads(engine *eng, sa_arena *arena, sa_diags *diags)
{
    eng->given = eng->files;
    eng->ngiven = eng->nfiles;
    eng->not_read = sa_returns_read_once(eng->given, eng->ngiven, arena, diags);
    if (eng->opts.submissions)
        sa_manifest_apply(eng->opts.submissions, eng->given, eng->ngiven, eng->not_read, arena, diags);
    sa_return_file *read = sa_arena_calloc(arena, eng->ngiven + 1, sizeof *read);
    size_t n = 0;
    for (size_t g = 0; g < eng->ngiven; g++)
        if (!eng->not_read[g])
            read[n++] = eng->given[g];
    eng->files = read;
    eng->nfiles = n;
    return read;
}

/* Every return given among the inputs, in path order: those not read say why. */
static void list_given(const engine *eng, sa_result_set *rs)
{
    if (eng->ngiven == rs->ninputs)
        return;
    sa_input_file *all = sa_arena_calloc(rs->arena, eng->ngiven + 1, sizeof *all);
    for (size_t g = 0, f = 0; g < eng->ngiven; g++) {
        if (!eng->not_read[g]) {
            all[g] = rs->inputs[f++];
            continue;
        }
        all[g].path = sa_arena_strdup(rs->arena, eng->given[g].path);
        all[g].dataset = eng->given[g].dataset ? sa_arena_strdup(rs->arena, eng->given[g].dataset->name) : NULL;
        all[g].not_read = eng->not_read[g];
    }
    rs->inputs = all;
    rs->ninputs = eng->ngiven;
}

/* A key that is one `unique` column: the scan of each file already finds its repeats. */
static bool unique_key(const sa_dataset *ds)
{
    int c = ds->nkey == 1 ? sa_dataset_find_column(ds, ds->key[0]) : -1;
    return c >= 0 && ds->columns[c].unique;
}

/* Returns of dataset d that are read. */
static size_t reads_of(const engine *eng, size_t d)
{
    size_t n = 0;
    for (size_t f = 0; f < eng->nfiles; f++)
        n += dataset_index(eng->spec, eng->files[f].dataset) == d;
    return n;
}

/* The key columns of each dataset whose rows could repeat their key unseen by the scan:
 * read from several returns, or keyed by other than one `unique` column. */
static void prepare_keys(engine *eng)
{
    const sa_spec *spec = eng->spec;
    eng->key_columns = sa_xcalloc(spec->ndatasets + 1, sizeof *eng->key_columns);
    eng->nkey_columns = sa_xcalloc(spec->ndatasets + 1, sizeof *eng->nkey_columns);
    bool any = false;
    for (size_t d = 0; d < spec->ndatasets; d++) {
        const sa_dataset *ds = &spec->datasets[d];
        int *cols = sa_xcalloc(ds->nkey + 1, sizeof *cols);
        bool ok = ds->nkey > 0 && (reads_of(eng, d) > 1 || !unique_key(ds));
        for (size_t k = 0; k < ds->nkey && ok; k++)
            ok = (cols[k] = sa_dataset_find_column(ds, ds->key[k])) >= 0;
        if (!ok) {
            free(cols);
            continue;
        }
        eng->key_columns[d] = cols;
        eng->nkey_columns[d] = ds->nkey;
        any = true;
    }
    /* File indexes are kept in 16 bits; past that many returns repeats are not looked for. */
    if (any && eng->nfiles <= 0xFFFF)
        eng->keys = sa_key_index_new();
}

/* The first repeats of a key (by file, then row) and how many there are, per dataset. */
#define KEPT_REPEATS 20
typedef struct key_repeat {
    uint32_t file, first_file;
    uint64_t record, first_record;
} key_repeat;

typedef struct repeats {
    const engine *eng;
    uint64_t *count;  /* per spec dataset */
    key_repeat *kept; /* the KEPT_REPEATS first, in order */
    size_t nkept;
} repeats;

static bool repeat_before(const key_repeat *a, const key_repeat *b)
{
    return a->file != b->file ? a->file < b->file : a->record < b->record;
}

static void keep_repeat(repeats *rp, key_repeat r)
{
    size_t ds = dataset_index(rp->eng->spec, rp->eng->files[r.file].dataset);
    if (ds != SIZE_MAX)
        rp->count[ds]++;
    size_t i = rp->nkept < KEPT_REPEATS ? rp->nkept++ : KEPT_REPEATS;
    if (i == KEPT_REPEATS && !repeat_before(&r, &rp->kept[KEPT_REPEATS - 1]))
        return;
    if (i == KEPT_REPEATS)
        i--;
    for (; i > 0 && repeat_before(&r, &rp->kept[i - 1]); i--)
        rp->kept[i] = rp->kept[i - 1];
    rp->kept[i] = r;
}

static void on_repeat(void *ctx, uint64_t record, uint32_t file, uint64_t first_record, uint32_t first_file)
{
    repeats *rp = ctx;
    /* Within one file, the scan's own counts stand for a key that is one unique column. */
    if (file == first_file && unique_key(rp->eng->files[file].dataset))
        return;
    keep_repeat(rp, (key_repeat){file, first_file, record, first_record});
}

/* "provider and referral_id" */
static const char *key_words(const sa_dataset *ds, sa_arena *arena)
{
    sa_buf b = SA_BUF_INIT;
    sa_buf_puts(&b, "provider");
    for (size_t k = 0; k < ds->nkey; k++)
        sa_buf_printf(&b, "%s%s", k + 1 == ds->nkey ? " and " : ", ", ds->key[k]);
    const char *out = sa_arena_strdup(arena, sa_buf_cstr(&b));
    sa_buf_free(&b);
    return out;
}

static void report_repeat(const engine *eng, const key_repeat *r, sa_arena *arena, sa_diags *diags)
{
    const sa_return_file *f = &eng->files[r->file];
    const sa_dataset *ds = f->dataset;
    /* A repeat within one file of a key that is one `unique` column is already E-RET-DUPLICATE. */
    if (r->file == r->first_file && unique_key(ds))
        return;
    sa_diags_error(diags, "E-RET-REPEATED-KEY", (sa_pos){f->path, (uint32_t)r->record, 0},
                   "expected each row of dataset %s once (key: %s), found the key of %s row %llu again: "
                   "the row would be counted twice",
                   ds->name, key_words(ds, arena), eng->files[r->first_file].path,
                   (unsigned long long)r->first_record);
}

/* Requirements reading a dataset whose rows repeat their key cannot give a verdict. */
static void refuse_repeated(engine *eng, const repeats *rp, sa_arena *arena)
{
    for (size_t d = 0; d < eng->spec->ndatasets; d++) {
        if (!rp->count[d])
            continue;
        const sa_dataset *ds = &eng->spec->datasets[d];
        sa_buf b = SA_BUF_INIT;
        bool one = rp->count[d] == 1;
        sa_buf_printf(&b, "%llu row%s of dataset '%s' repeat%s the key (%s) of another row",
                      (unsigned long long)rp->count[d], one ? "" : "s", ds->name, one ? "s" : "", key_words(ds, arena));
        bool across = false;
        for (size_t k = 0; k < rp->nkept; k++) {
            const key_repeat *r = &rp->kept[k];
            if (eng->files[r->file].dataset != ds)
                continue;
            sa_buf_printf(&b, " (%s%s row %llu and %s row %llu)", one ? "" : "first ", eng->files[r->first_file].path,
                          (unsigned long long)r->first_record, eng->files[r->file].path, (unsigned long long)r->record);
            across = r->file != r->first_file;
            break;
        }
        sa_buf_printf(&b, ", so %s would be counted twice", one ? "it" : "they");
        if (across)
            sa_buf_puts(&b, "; when a return corrects another, the submissions manifest says which it replaces");
        const char *why = sa_arena_strdup(arena, sa_buf_cstr(&b));
        sa_buf_free(&b);
        for (size_t k = 0; k < eng->nby_dataset[d]; k++)
            if (!eng->reqs[eng->by_dataset[d][k]].error)
                eng->reqs[eng->by_dataset[d][k]].error = why;
    }
}

static void check_repeated_keys(engine *eng, sa_arena *arena, sa_diags *diags)
{
    repeats rp = {eng, sa_xcalloc(eng->spec->ndatasets + 1, sizeof *rp.count), sa_xcalloc(KEPT_REPEATS, sizeof *rp.kept), 0};
    for (size_t f = 0; f < eng->nfiles; f++) {
        const sa_scan_stats *st = &eng->stats[f];
        if (!st->key_repeats)
            continue;
        keep_repeat(&rp, (key_repeat){(uint32_t)f, (uint32_t)f, st->key_repeat_row, st->key_repeat_first});
        rp.count[dataset_index(eng->spec, eng->files[f].dataset)] += st->key_repeats - 1;
    }
    if (eng->keys && sa_key_index_finish(eng->keys, on_repeat, &rp) != 0)
        sa_diags_warning(diags, "W-RET-KEYS-UNCHECKED", (sa_pos){NULL, 0, 0},
                         "expected to look for rows given twice, found no usable temporary file (TMPDIR): "
                         "repeated keys were not looked for");
    for (size_t k = 0; k < rp.nkept; k++)
        report_repeat(eng, &rp.kept[k], arena, diags);
    refuse_repeated(eng, &rp, arena);
    free(rp.count);
    free(rp.kept);
}

static void free_keys(engine *eng)
{
    for (size_t d = 0; eng->key_columns && d < eng->spec->ndatasets; d++)
        free(eng->key_columns[d]);
    free(eng->key_columns);
    free(eng->nkey_columns);
    sa_key_index_free(eng->keys);
}

/* ---- entry point -------------------------------------------------------------------------------- */

/* Period results the run holds: each requirement's periods for each provider
 * known before the returns are read, and for the system-wide row. Refuses the
 * run past opts.max_periods; sets how many providers the workers may hold. */
static bool periods_bounded(engine *eng, sa_diags *diags)
{
    const sa_spec *spec = eng->spec;
    uint64_t known = eng->from_agreements ? sa_plan_provider_count(eng->plan) : spec->nproviders;
    uint64_t rows = known + 1, per_row = 0, max = eng->opts.max_periods;
    for (size_t i = 0; i < eng->nreqs; i++) {
        per_row += eng->reqs[i].grid.n ? eng->reqs[i].grid.n : 1;
        if (per_row * rows <= max)
            continue;
        sa_diags_error(diags, "E-CHECK-TOO-MANY-PERIODS",
                       (sa_pos){spec->path, spec->requirements[i].id_pos.line, spec->requirements[i].id_pos.col},
                       "with requirement %s the report would hold over %llu period results (%llu periods "
                       "for each of %llu providers and the system-wide row); at most %llu (--max-periods): "
                       "assess a shorter period or use a longer `per`",
                       spec->requirements[i].id, (unsigned long long)(per_row * rows),
                       (unsigned long long)per_row, (unsigned long long)known, (unsigned long long)max);
        return false;
    }
    uint64_t slots = max / (per_row ? per_row : 1) - 1;
    eng->max_slots = (size_t)(slots < eng->opts.max_providers ? slots : eng->opts.max_providers);
    return true;
}

static int cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

/* The range and the provider rows without one are read for, from the options and the plan.
 * Returns false (with a diagnostic) when the assessment period is empty. */
static bool engine_init(engine *eng, const sa_spec *spec, sa_plan *plan, const sa_return_file *files, size_t nfiles,
                        const sa_check_options *opts_in, sa_diags *diags)
{
    memset(eng, 0, sizeof *eng);
    eng->spec = spec;
    eng->plan = plan;
    eng->files = files;
    eng->nfiles = nfiles;
    if (opts_in)
        eng->opts = *opts_in;
    else
        sa_check_options_default(&eng->opts);
    eng->from = eng->opts.period_from != SA_DATE_NONE ? eng->opts.period_from : spec->period_from;
    eng->to = eng->opts.period_to != SA_DATE_NONE ? eng->opts.period_to : spec->period_to;
    if (eng->from == SA_DATE_NONE || eng->to == SA_DATE_NONE || eng->to < eng->from) {
        sa_diags_error(diags, "E-CHECK-PERIOD", (sa_pos){spec->path, 0, 0},
                       "the assessment period is empty or not set (expected from <= to)");
        return false;
    }
    eng->from_agreements = sa_plan_from_agreements(plan);
    if (eng->from_agreements && sa_plan_provider_count(plan) == 1)
        eng->sole_provider = sa_plan_provider_at(plan, 0)->code;
    else if (!eng->from_agreements && spec->nproviders == 1)
        eng->sole_provider = spec->providers[0].code;
    return true;
}

static sa_result_set *result_set_for(const engine *eng)
{
    const sa_spec *spec = eng->spec;
    sa_result_set *rs = sa_result_set_new();
    rs->spec_id = spec->id;
    rs->spec_version = spec->version;
    rs->spec_title = spec->title;
    rs->spec_path = spec->path;
    rs->commissioner_name = spec->commissioner_name;
    rs->commissioner_code = spec->commissioner_code;
    rs->period_from = eng->from;
    rs->period_to = eng->to;
    rs->today = eng->opts.today;
    rs->show_identifiers = eng->opts.show_identifiers;
    rs->fail_on = eng->opts.fail_on;
    rs->accept_not_assessable = eng->opts.accept_not_assessable;
    return rs;
}

/* Requirements, and which datasets each reads. Returns false (with a
 * diagnostic, nothing left allocated) when the run would hold too many
 * period results. */
static bool engine_prepare(engine *eng, sa_arena *arena, sa_diags *diags)
{
    const sa_spec *spec = eng->spec;
    eng->nreqs = spec->nrequirements;
    eng->reqs = sa_xcalloc(eng->nreqs, sizeof *eng->reqs);
    for (size_t i = 0; i < eng->nreqs; i++)
        sa_chk_req_prepare(&eng->reqs[i], spec, i, eng->from, eng->to, &eng->opts, arena);
    if (!periods_bounded(eng, diags)) {
        for (size_t i = 0; i < eng->nreqs; i++)
            sa_chk_baseline_release(&eng->reqs[i]);
        free(eng->reqs);
        return false;
    }
    eng->by_dataset = sa_xcalloc(spec->ndatasets + 1, sizeof *eng->by_dataset);
    eng->nby_dataset = sa_xcalloc(spec->ndatasets + 1, sizeof *eng->nby_dataset);
    for (size_t d = 0; d < spec->ndatasets; d++) {
        eng->by_dataset[d] = sa_xcalloc(eng->nreqs, sizeof **eng->by_dataset);
        for (size_t i = 0; i < eng->nreqs; i++) {
            const sa_chk_req *cr = &eng->reqs[i];
            bool reads = cr->reads_dataset ? cr->reads_dataset[d]
                                           : cr->check->dataset && dataset_index(spec, cr->check->dataset) == d;
            if (reads)
                eng->by_dataset[d][eng->nby_dataset[d]++] = i;
        }
    }
    return true;
}

/* Reads every file: one worker (compiled expressions) per thread; files and
 * the blocks of large files handed out one at a time, each thread's rows of a
 * file in a part; the other workers' accumulators end up in the first. Sets
 * *njobs. */
static worker *engine_read(engine *eng, int *njobs)
{
    size_t nfiles = eng->nfiles;
    eng->file_diags = sa_xcalloc(nfiles, sizeof *eng->file_diags);
    eng->stats = sa_xcalloc(nfiles, sizeof *eng->stats);
    eng->scan_rc = sa_xcalloc(nfiles, sizeof *eng->scan_rc);
    for (size_t f = 0; f < nfiles; f++) {
        eng->file_diags[f] = sa_diags_new();
        /* A file full of bad cells stays linear: past the cap diagnostics are only counted. */
        sa_diags_set_max_per_code(eng->file_diags[f], 20);
    }
    int jobs = eng->opts.jobs > 0 ? eng->opts.jobs : cpu_count();
    worker *workers = sa_xcalloc((size_t)jobs, sizeof *workers);
    for (int j = 0; j < jobs; j++)
        worker_init(&workers[j], eng);
    eng->workers = workers;
    eng->dataset_missing = sa_xcalloc(nfiles, sizeof *eng->dataset_missing);
    sa_scan_options so;
    sa_scan_options_default(&so);
    so.show_identifiers = eng->opts.show_identifiers;
    so.limits = eng->opts.limits;
    so.progress = eng->opts.progress;
    so.progress_ctx = eng->opts.progress_ctx;
    so.checksum = true; /* the provenance: the checksum of the very bytes checked */
    sa_scan_client client = {.ctx = eng, .open = part_open, .row = on_row, .close = part_close};
    sa_returns_scan_files(eng->files, nfiles, &so, (unsigned)jobs, &client, eng->stats, eng->scan_rc,
                          eng->file_diags);
    for (size_t f = 0; f < nfiles; f++)
        if (eng->dataset_missing[f])
            eng->scan_rc[f] = -1;
    for (int j = 1; j < jobs; j++)
        worker_absorb(&workers[0], &workers[j]);
    for (size_t i = 0; i < eng->nreqs; i++)
        for (int j = 0; j < jobs; j++)
            if (workers[j].locals[i].broken && !eng->reqs[i].error)
                eng->reqs[i].error = "an expression of the check does not compile (see specaudit lint)";
    *njobs = jobs;
    return workers;
}

/* Returns naming more providers than the run's bounds leave no requirement a verdict. */
static void engine_mark_too_many(engine *eng, const worker *w, sa_arena *arena)
{
    if (!atomic_load(&eng->too_many_providers) && w->nslots <= eng->max_slots)
        return;
    for (size_t i = 0; i < eng->nreqs; i++)
        eng->reqs[i].error = sa_arena_printf(arena, "the returns name more providers than a run assesses "
                                                    "(at most %zu here; see --max-providers, --max-periods)",
                                             eng->max_slots);
}

/* A return that could not be read to the end, or whose header does not give the
 * dataset's columns, leaves its dataset's evidence incomplete: the requirements
 * reading that dataset cannot give a verdict. */
static void engine_mark_unusable(engine *eng, sa_arena *arena)
{
    for (size_t f = 0; f < eng->nfiles; f++) {
        const sa_diag *why = NULL;
        for (size_t k = 0; k < sa_diags_count(eng->file_diags[f]) && !why; k++) {
            const sa_diag *dg = sa_diags_at(eng->file_diags[f], k);
            if (dg->severity == SA_SEV_ERROR && dg->pos.line <= 1)
                why = dg;
        }
        if (eng->scan_rc[f] >= 0 && !why)
            continue;
        for (size_t k = 0; k < sa_diags_count(eng->file_diags[f]) && !why; k++)
            if (sa_diags_at(eng->file_diags[f], k)->severity == SA_SEV_ERROR)
                why = sa_diags_at(eng->file_diags[f], k);
        size_t ds = dataset_index(eng->spec, eng->files[f].dataset);
        for (size_t i = 0; i < eng->nreqs; i++) {
            bool reads = false;
            if (ds != SIZE_MAX)
                for (size_t k = 0; k < eng->nby_dataset[ds]; k++)
                    reads = reads || eng->by_dataset[ds][k] == i;
            if (!reads || eng->reqs[i].error)
                continue;
            eng->reqs[i].error = sa_arena_printf(arena, "the return %s could not be used%s%s", eng->files[f].path,
                                                 why ? ": " : "", why ? why->message : "");
        }
    }
}

/* Inputs and data-quality counts, in file order; the files' diagnostics move to `diags`. */
static void engine_record_inputs(engine *eng, sa_result_set *rs, sa_diags *diags)
{
    size_t nfiles = eng->nfiles;
    rs->inputs = nfiles ? sa_arena_calloc(rs->arena, nfiles, sizeof *rs->inputs) : NULL;
    rs->ninputs = nfiles;
    for (size_t f = 0; f < nfiles; f++) {
        rs->inputs[f].path = sa_arena_strdup(rs->arena, eng->files[f].path);
        rs->inputs[f].dataset = eng->files[f].dataset ? sa_arena_strdup(rs->arena, eng->files[f].dataset->name) : NULL;
        rs->inputs[f].rows = eng->stats[f].rows;
        rs->inputs[f].bad_rows = eng->stats[f].bad_rows;
        if (eng->stats[f].sha256[0])
            rs->inputs[f].sha256 = sa_arena_strdup(rs->arena, eng->stats[f].sha256);
        rs->data_errors += sa_diags_total(eng->file_diags[f], SA_SEV_ERROR);
        rs->data_warnings += sa_diags_total(eng->file_diags[f], SA_SEV_WARNING);
        sa_diags_take(diags, eng->file_diags[f]);
        sa_diags_free(eng->file_diags[f]);
    }
}

/* Without agreements, the providers are those the returns and the spec name. */
static void engine_add_providers(engine *eng, const worker *w)
{
    const sa_spec *spec = eng->spec;
    size_t n = w->nslots + spec->nproviders;
    const char **codes = sa_xcalloc(n, sizeof *codes);
    size_t k = 0;
    for (size_t i = 0; i < w->nslots; i++)
        if (!w->slots[i].commissioner)
            codes[k++] = w->slots[i].code;
    for (size_t i = 0; i < spec->nproviders; i++)
        if (!eng->opts.provider || strcmp(eng->opts.provider, spec->providers[i].code) == 0)
            codes[k++] = spec->providers[i].code;
    qsort(codes, k, sizeof *codes, cmp_str);
    for (size_t i = 0; i < k; i++) {
        if (i > 0 && strcmp(codes[i], codes[i - 1]) == 0)
            continue;
        const char *name = NULL;
        for (size_t p = 0; p < spec->nproviders; p++)
            if (strcmp(spec->providers[p].code, codes[i]) == 0)
                name = spec->providers[p].name;
        sa_plan_add_provider(eng->plan, codes[i], name);
    }
    free(codes);
}

/* The providers reported, sorted by code. A provider whose term lies outside the
 * assessment period still gets its rows (not assessable, saying why), so it is
 * never silently missing from the report. Caller frees. */
static const char **engine_provider_codes(const engine *eng, size_t *ncodes)
{
    size_t np = sa_plan_provider_count(eng->plan);
    const char **codes = sa_xcalloc(np, sizeof *codes);
    *ncodes = 0;
    for (size_t i = 0; i < np; i++) {
        const sa_provider_plan *pp = sa_plan_provider_at(eng->plan, i);
        if (!eng->opts.provider || strcmp(eng->opts.provider, pp->code) == 0)
            codes[(*ncodes)++] = pp->code;
    }
    qsort(codes, *ncodes, sizeof *codes, cmp_str);
    return codes;
}

static void engine_free(engine *eng, worker *workers, int jobs)
{
    for (int j = 0; j < jobs; j++)
        worker_free(&workers[j]);
    free(workers);
    for (size_t d = 0; d < eng->spec->ndatasets; d++)
        free(eng->by_dataset[d]);
    free(eng->by_dataset);
    free(eng->nby_dataset);
    for (size_t i = 0; i < eng->nreqs; i++)
        sa_chk_baseline_release(&eng->reqs[i]);
    sa_chk_link_release(eng->reqs, eng->nreqs);
    free(eng->reqs);
    free(eng->file_diags);
    free(eng->dataset_missing);
    free(eng->stats);
    free(eng->scan_rc);
    free_keys(eng);
}

sa_result_set *sa_check_run(const sa_spec *spec, sa_plan *plan, const sa_return_file *files,
                            size_t nfiles, const sa_check_options *opts_in, sa_diags *diags)
{
    if (!spec || !plan) {
        sa_diags_error(diags, "E-CHECK-INPUT", (sa_pos){NULL, 0, 0},
                       "a specification and a plan are needed to run the checks");
        return NULL;
    }
    engine eng;
    if (!engine_init(&eng, spec, plan, files, nfiles, opts_in, diags))
        return NULL;
    sa_result_set *rs = result_set_for(&eng);
    if (!engine_prepare(&eng, rs->arena, diags)) {
        sa_result_set_free(rs);
        return NULL;
    }
    /* Each return once, not those replaced; keys of the datasets that need comparing. */
    choose_reads(&eng, rs->arena, diags);
    prepare_keys(&eng);
    sa_chk_link_prepare(eng.reqs, eng.nreqs, eng.files, eng.nfiles, &eng.opts, eng.sole_provider, rs->arena, diags);
    for (size_t i = 0; i < eng.nreqs; i++)
        if (eng.reqs[i].baseline) /* the baseline's rows are linked through the same summary */
            eng.reqs[i].baseline->link = eng.reqs[i].link;
    int jobs = 0;
    worker *workers = engine_read(&eng, &jobs);
    engine_mark_too_many(&eng, &workers[0], rs->arena);
    check_repeated_keys(&eng, rs->arena, diags);
    engine_mark_unusable(&eng, rs->arena);
    engine_record_inputs(&eng, rs, diags);
    list_given(&eng, rs);
    if (!eng.from_agreements)
        engine_add_providers(&eng, &workers[0]);
    size_t ncodes = 0;
    const char **codes = engine_provider_codes(&eng, &ncodes);
    for (size_t i = 0; i < eng.nreqs; i++)
        finish_requirement(&eng, rs, &eng.reqs[i], &workers[0], codes, ncodes);
    free(codes);
    sa_result_set_tally(rs);
    engine_free(&eng, workers, jobs);
    return rs;
}
