/*
 * plan.c — the effective requirements per provider: the specification as
 * each provider's agreement modifies it (exclusions, variations, waivers,
 * reporting duty), over the agreement's term clipped to the specification
 * period. The engine assesses exactly what the plan says.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreement/agreement.h"
#include "agreement/agreement_private.h"
#include "core/alloc.h"

struct sa_plan {
    sa_arena *arena;
    const sa_spec *spec;
    bool from_agreements;
    sa_provider_plan **providers; /* sorted by code; each allocated in the arena */
    size_t nproviders;
    size_t cap;
};

static bool same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static sa_date max_date(sa_date a, sa_date b)
{
    if (a == SA_DATE_NONE)
        return b;
    if (b == SA_DATE_NONE)
        return a;
    return a > b ? a : b;
}

static sa_date min_date(sa_date a, sa_date b)
{
    if (a == SA_DATE_NONE)
        return b;
    if (b == SA_DATE_NONE)
        return a;
    return a < b ? a : b;
}

/* Index where `code` is or would be inserted; *found says which. */
static size_t plan_search(const sa_plan *plan, const char *code, bool *found)
{
    size_t lo = 0, hi = plan->nproviders;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(plan->providers[mid]->code, code);
        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = false;
    return lo;
}

static void plan_insert(sa_plan *plan, size_t at, sa_provider_plan *p)
{
    if (plan->nproviders == plan->cap) {
        size_t ncap = plan->cap ? plan->cap * 2 : 16;
        sa_provider_plan **np = sa_xrealloc(plan->providers, ncap * sizeof *np);
        plan->providers = np;
        plan->cap = ncap;
    }
    memmove(plan->providers + at + 1, plan->providers + at,
            (plan->nproviders - at) * sizeof *plan->providers);
    plan->providers[at] = p;
    plan->nproviders++;
}

/* Every requirement as written in the specification. */
static sa_effective_req *reqs_as_written(sa_arena *arena, const sa_spec *spec)
{
    if (spec->nrequirements == 0)
        return NULL;
    sa_effective_req *reqs = sa_arena_calloc(arena, spec->nrequirements, sizeof *reqs);
    for (size_t k = 0; k < spec->nrequirements; k++) {
        const sa_requirement *r = &spec->requirements[k];
        reqs[k].req = r;
        reqs[k].target = r->check.target;
        reqs[k].target_text = r->check.target_text;
        reqs[k].original_target_text = r->check.target_text;
    }
    return reqs;
}

static const sa_provider_decl *declared(const sa_spec *spec, const char *code)
{
    for (size_t i = 0; i < spec->nproviders; i++)
        if (same(spec->providers[i].code, code))
            return &spec->providers[i];
    return NULL;
}

static sa_provider_plan *provider_as_written(sa_plan *plan, const char *code, const char *name)
{
    const sa_spec *spec = plan->spec;
    const sa_provider_decl *decl = declared(spec, code);
    sa_provider_plan *p = sa_arena_alloc(plan->arena, sizeof *p);
    p->code = sa_arena_strdup(plan->arena, code);
    p->name = sa_arena_strdup(plan->arena, name ? name : decl ? decl->name : NULL);
    p->kind = decl ? decl->kind : NULL;
    p->from = spec->period_from;
    p->to = spec->period_to;
    p->reqs = reqs_as_written(plan->arena, spec);
    p->nreqs = spec->nrequirements;
    p->reporting_every = spec->reporting_every;
    p->reporting_due_days = spec->reporting_due_days;
    return p;
}

/* Orders agreements by provider code, then term start, then input order. */
typedef struct ag_ref {
    const sa_agreement *ag;
    size_t index;
} ag_ref;

static int cmp_ag_ref(const void *pa, const void *pb)
{
    const ag_ref *a = pa;
    const ag_ref *b = pb;
    int c = strcmp(a->ag->provider_code, b->ag->provider_code);
    if (c)
        return c;
    if (a->ag->term_from != b->ag->term_from)
        return a->ag->term_from < b->ag->term_from ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static const sa_exclusion *find_exclusion(const sa_agreement *ag, const char *req)
{
    for (size_t i = 0; i < ag->nexclusions; i++)
        if (same(ag->exclusions[i].requirement, req))
            return &ag->exclusions[i];
    return NULL;
}

static const sa_variation *find_variation(const sa_agreement *ag, const char *req)
{
    for (size_t i = 0; i < ag->nvariations; i++)
        if (same(ag->variations[i].requirement, req) && ag->variations[i].target.set)
            return &ag->variations[i];
    return NULL;
}

/* True when `a` excludes and varies exactly what `b` does, to the same targets. */
static bool same_terms(const sa_agreement *a, const sa_agreement *b, const sa_spec *spec)
{
    for (size_t k = 0; k < spec->nrequirements; k++) {
        const char *id = spec->requirements[k].id;
        if (!find_exclusion(a, id) != !find_exclusion(b, id))
            return false;
        const sa_variation *va = find_variation(a, id);
        const sa_variation *vb = find_variation(b, id);
        if (!va != !vb)
            return false;
        if (va && (va->target.op != vb->target.op || va->target.value != vb->target.value ||
                   va->target.unit != vb->target.unit))
            return false;
    }
    return true;
}

static int cmp_window(const void *pa, const void *pb)
{
    const sa_waiver_window *a = pa;
    const sa_waiver_window *b = pb;
    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    return a->until < b->until ? -1 : a->until > b->until;
}

static void apply_waivers(sa_arena *arena, sa_effective_req *er, const sa_agreement *const *ags,
                          size_t nags)
{
    size_t n = 0;
    for (size_t a = 0; a < nags; a++)
        for (size_t i = 0; i < ags[a]->nwaivers; i++)
            if (same(ags[a]->waivers[i].requirement, er->req->id))
                n++;
    if (n == 0)
        return;
    sa_waiver_window *wins = sa_arena_calloc(arena, n, sizeof *wins);
    size_t used = 0;
    for (size_t a = 0; a < nags; a++) {
        const sa_agreement *ag = ags[a];
        for (size_t i = 0; i < ag->nwaivers; i++) {
            const sa_waiver *w = &ag->waivers[i];
            if (!same(w->requirement, er->req->id) || w->until == SA_DATE_NONE)
                continue;
            /* A waiver is part of its agreement: it applies only within its term. */
            sa_date from = w->from == SA_DATE_NONE ? ag->term_from : max_date(w->from, ag->term_from);
            sa_date until = min_date(w->until, ag->term_to);
            if (from == SA_DATE_NONE || until == SA_DATE_NONE || from > until)
                continue;
            wins[used].waiver = w;
            wins[used].from = from;
            wins[used].until = until;
            used++;
        }
    }
    if (used == 0)
        return;
    qsort(wins, used, sizeof *wins, cmp_window);
    er->waivers = wins;
    er->nwaivers = used;
    er->waiver = wins[0].waiver;
}

static sa_provider_plan *provider_from_agreements(sa_plan *plan, const sa_agreement **ags, size_t n,
                                                  sa_diags *diags)
{
    const sa_spec *spec = plan->spec;
    const sa_agreement *latest = ags[n - 1];
    sa_provider_plan *p = sa_arena_alloc(plan->arena, sizeof *p);
    const sa_agreement **copy = sa_arena_calloc(plan->arena, n, sizeof *copy);
    memcpy(copy, ags, n * sizeof *copy);
    p->code = latest->provider_code;
    p->name = latest->provider_name;
    p->kind = latest->provider_kind;
    p->agreement = latest;
    p->agreements = copy;
    p->nagreements = n;

    sa_date from = SA_DATE_NONE, to = SA_DATE_NONE;
    for (size_t i = 0; i < n; i++) {
        sa_date f = ags[i]->term_from != SA_DATE_NONE ? ags[i]->term_from : spec->period_from;
        sa_date t = ags[i]->term_to != SA_DATE_NONE ? ags[i]->term_to : spec->period_to;
        from = from == SA_DATE_NONE ? f : min_date(from, f);
        to = to == SA_DATE_NONE ? t : max_date(to, t);
    }
    p->from = max_date(from, spec->period_from);
    p->to = min_date(to, spec->period_to);

    p->reporting_every = spec->reporting_every;
    p->reporting_due_days = spec->reporting_due_days;
    for (size_t i = n; i > 0; i--) {
        if (ags[i - 1]->reporting_due_days >= 0) {
            p->reporting_every = ags[i - 1]->reporting_every;
            p->reporting_due_days = ags[i - 1]->reporting_due_days;
            break;
        }
    }

    p->reqs = reqs_as_written(plan->arena, spec);
    p->nreqs = spec->nrequirements;
    for (size_t k = 0; k < p->nreqs; k++) {
        sa_effective_req *er = &p->reqs[k];
        const sa_exclusion *x = find_exclusion(latest, er->req->id);
        if (x) {
            er->excluded = true;
            er->exclusion_reason = x->reason;
        }
        const sa_variation *v = find_variation(latest, er->req->id);
        if (v && !x) {
            er->varied = true;
            er->target = v->target;
            er->target_text = v->target_text;
            er->variation_reason = v->reason;
        }
        apply_waivers(plan->arena, er, ags, n);
    }

    for (size_t i = 0; i + 1 < n; i++) {
        if (!same_terms(ags[i], latest, spec))
            sa_diags_warning(diags, "W-AGR-TERMS-DIFFER", ags[i]->pos,
                             "agreement %s excludes or varies requirements differently from the "
                             "later agreement %s for provider %s; the later agreement's "
                             "exclusions and variations apply over the whole assessed term",
                             ags[i]->id ? ags[i]->id : "?", latest->id ? latest->id : "?", p->code);
    }
    return p;
}

sa_plan *sa_plan_build(const sa_spec *spec, sa_agreement *const *agreements, size_t nagreements,
                       sa_diags *diags)
{
    if (!spec)
        return NULL;
    sa_plan *plan = sa_xcalloc(1, sizeof *plan);
    plan->arena = sa_arena_new();
    plan->spec = spec;

    ag_ref *refs = nagreements ? sa_xcalloc(nagreements, sizeof *refs) : NULL;
    size_t nrefs = 0;
    for (size_t i = 0; i < nagreements; i++) {
        const sa_agreement *ag = agreements[i];
        if (!ag || !ag->provider_code || !same(ag->spec_id, spec->id))
            continue;
        /* An agreement wholly outside the specification period has nothing to
         * contribute (lint reports it as E-AGR-TERM-OUTSIDE). */
        if (ag->term_from != SA_DATE_NONE && ag->term_to != SA_DATE_NONE &&
            !sa_agr_ranges_overlap(ag->term_from, ag->term_to, spec->period_from, spec->period_to))
            continue;
        refs[nrefs].ag = ag;
        refs[nrefs].index = i;
        nrefs++;
    }
    if (nrefs) {
        plan->from_agreements = true;
        qsort(refs, nrefs, sizeof *refs, cmp_ag_ref);
        const sa_agreement **group = sa_xcalloc(nrefs, sizeof *group);
        size_t start = 0;
        while (start < nrefs) {
            size_t end = start;
            size_t ng = 0;
            while (end < nrefs && same(refs[end].ag->provider_code, refs[start].ag->provider_code))
                group[ng++] = refs[end++].ag;
            /* Groups arrive in code order, so appending keeps the array sorted. */
            plan_insert(plan, plan->nproviders, provider_from_agreements(plan, group, ng, diags));
            start = end;
        }
        free(group);
    } else {
        for (size_t i = 0; i < spec->nproviders; i++)
            if (spec->providers[i].code)
                sa_plan_add_provider(plan, spec->providers[i].code, spec->providers[i].name);
    }
    free(refs);
    return plan;
}

void sa_plan_free(sa_plan *plan)
{
    if (!plan)
        return;
    sa_arena_free(plan->arena);
    free(plan->providers);
    free(plan);
}

bool sa_plan_from_agreements(const sa_plan *plan)
{
    return plan && plan->from_agreements;
}

size_t sa_plan_provider_count(const sa_plan *plan)
{
    return plan ? plan->nproviders : 0;
}

const sa_provider_plan *sa_plan_provider_at(const sa_plan *plan, size_t i)
{
    if (!plan || i >= plan->nproviders)
        return NULL;
    return plan->providers[i];
}

const sa_provider_plan *sa_plan_find_provider(const sa_plan *plan, const char *code)
{
    if (!plan || !code)
        return NULL;
    bool found;
    size_t at = plan_search(plan, code, &found);
    return found ? plan->providers[at] : NULL;
}

const sa_provider_plan *sa_plan_add_provider(sa_plan *plan, const char *code, const char *name)
{
    if (!plan || !code)
        return NULL;
    bool found;
    size_t at = plan_search(plan, code, &found);
    if (found)
        return plan->providers[at];
    sa_provider_plan *p = provider_as_written(plan, code, name);
    plan_insert(plan, at, p);
    return p;
}

bool sa_effective_req_waived(const sa_effective_req *er, sa_date from, sa_date to)
{
    if (!er || from == SA_DATE_NONE || to == SA_DATE_NONE || from > to)
        return false;
    if (er->nwaivers) {
        for (size_t i = 0; i < er->nwaivers; i++)
            if (er->waivers[i].from <= from && to <= er->waivers[i].until)
                return true;
        return false;
    }
    /* A hand-built effective requirement with only `waiver` set. */
    const sa_waiver *w = er->waiver;
    if (!w || w->until == SA_DATE_NONE)
        return false;
    return (w->from == SA_DATE_NONE || w->from <= from) && to <= w->until;
}
