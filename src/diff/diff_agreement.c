/*
 * diff_agreement.c — classification of heads-of-agreement edits.
 *
 * From the provider's side: an exclusion or a waiver added lets it do less
 * (loosened); one removed, or a waiver cut short, makes it do more
 * (tightened). A variation's target is compared with the old variation; a
 * variation added or removed is reported as changed, because the agreement
 * alone does not say how it relates to the specification's own target.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "diff/diff_internal.h"
#include "core/alloc.h"

static void text_field(sa_diff *d, const char *subject, const char *field, const char *a,
                       const char *b, sa_pos op, sa_pos np)
{
    if (sa_diff_str_eq(a, b))
        return;
    sa_diff_add(d, SA_CHANGE_CHANGED, subject, op, np, "%s %s -> %s", field, sa_diff_or_none(a),
                sa_diff_or_none(b));
}

static void header_diff(sa_diff *d, const sa_agreement *a, const sa_agreement *b)
{
    const char *s = "agreement";
    if (!sa_diff_str_eq(a->id, b->id))
        sa_diff_add(d, SA_CHANGE_CHANGED, s, a->pos, b->pos, "id %s -> %s",
                    sa_diff_or_none(a->id), sa_diff_or_none(b->id));
    text_field(d, s, "version", a->version, b->version, a->pos, b->pos);
    text_field(d, "commissioner", "code", a->commissioner_code, b->commissioner_code, a->pos,
               b->pos);
    text_field(d, "commissioner", "name", a->commissioner_name, b->commissioner_name, a->pos,
               b->pos);
    text_field(d, "provider", "code", a->provider_code, b->provider_code, a->provider_pos,
               b->provider_pos);
    text_field(d, "provider", "name", a->provider_name, b->provider_name, a->provider_pos,
               b->provider_pos);
    text_field(d, "provider", "kind", a->provider_kind, b->provider_kind, a->provider_pos,
               b->provider_pos);
    if (a->term_from != b->term_from || a->term_to != b->term_to) {
        char af[16], at[16], bf[16], bt[16];
        sa_diff_format_date(a->term_from, af);
        sa_diff_format_date(a->term_to, at);
        sa_diff_format_date(b->term_from, bf);
        sa_diff_format_date(b->term_to, bt);
        sa_diff_add(d, SA_CHANGE_CHANGED, "term", a->term_pos, b->term_pos, "%s..%s -> %s..%s", af,
                    at, bf, bt);
    }
    if (!sa_diff_str_eq(a->spec_id, b->spec_id) || !sa_diff_str_eq(a->spec_version, b->spec_version))
        sa_diff_add(d, SA_CHANGE_CHANGED, "specification", a->spec_pos, b->spec_pos,
                    "signs up to %s %s -> %s %s", sa_diff_or_none(a->spec_id),
                    sa_diff_or_none(a->spec_version), sa_diff_or_none(b->spec_id),
                    sa_diff_or_none(b->spec_version));
}

static void exclusions_diff(sa_diff *d, const sa_agreement *a, const sa_agreement *b)
{
    size_t na = a ? a->nexclusions : 0, nb = b ? b->nexclusions : 0;
    const char **ia = sa_xcalloc(na, sizeof *ia);
    const char **ib = sa_xcalloc(nb, sizeof *ib);
    for (size_t i = 0; i < na; i++)
        ia[i] = a->exclusions[i].requirement;
    for (size_t j = 0; j < nb; j++)
        ib[j] = b->exclusions[j].requirement;
    size_t n;
    sa_diff_pair *order = sa_diff_pair_names(ia, na, ib, nb, &n);
    sa_buf subject = SA_BUF_INIT;
    sa_pos none = {0};
    for (size_t k = 0; k < n; k++) {
        const sa_exclusion *x = order[k].old_index >= 0 ? &a->exclusions[order[k].old_index] : NULL;
        const sa_exclusion *y = order[k].new_index >= 0 ? &b->exclusions[order[k].new_index] : NULL;
        sa_buf_clear(&subject);
        sa_buf_printf(&subject, "requirement %s", sa_diff_or_none(y ? y->requirement : x->requirement));
        const char *s = sa_buf_cstr(&subject);
        if (x && y)
            text_field(d, s, "exclusion reason", x->reason, y->reason, x->pos, y->pos);
        else if (y)
            sa_diff_add(d, SA_CHANGE_LOOSENED, s, none, y->pos, "excluded for this provider (%s)",
                        sa_diff_or_none(y->reason));
        else
            sa_diff_add(d, SA_CHANGE_TIGHTENED, s, x->pos, none,
                        "exclusion removed: the provider must now meet it (was: %s)",
                        sa_diff_or_none(x->reason));
    }
    sa_buf_free(&subject);
    free(order);
    free(ia);
    free(ib);
}

static void variations_diff(sa_diff *d, const sa_agreement *a, const sa_agreement *b)
{
    size_t na = a ? a->nvariations : 0, nb = b ? b->nvariations : 0;
    const char **ia = sa_xcalloc(na, sizeof *ia);
    const char **ib = sa_xcalloc(nb, sizeof *ib);
    for (size_t i = 0; i < na; i++)
        ia[i] = a->variations[i].requirement;
    for (size_t j = 0; j < nb; j++)
        ib[j] = b->variations[j].requirement;
    size_t n;
    sa_diff_pair *order = sa_diff_pair_names(ia, na, ib, nb, &n);
    sa_buf subject = SA_BUF_INIT;
    sa_pos none = {0};
    for (size_t k = 0; k < n; k++) {
        const sa_variation *x = order[k].old_index >= 0 ? &a->variations[order[k].old_index] : NULL;
        const sa_variation *y = order[k].new_index >= 0 ? &b->variations[order[k].new_index] : NULL;
        sa_buf_clear(&subject);
        sa_buf_printf(&subject, "requirement %s", sa_diff_or_none(y ? y->requirement : x->requirement));
        const char *s = sa_buf_cstr(&subject);
        char t[48];
        if (x && y) {
            sa_diff_target_change(d, s, "varied target", &x->target, &y->target,
                                  x->target_pos.file ? x->target_pos : x->pos,
                                  y->target_pos.file ? y->target_pos : y->pos);
            text_field(d, s, "variation reason", x->reason, y->reason, x->pos, y->pos);
        } else if (y) {
            sa_target_format(&y->target, t);
            sa_diff_add(d, SA_CHANGE_CHANGED, s, none, y->pos,
                        "target varied to %s for this provider (%s)", t, sa_diff_or_none(y->reason));
        } else {
            sa_target_format(&x->target, t);
            sa_diff_add(d, SA_CHANGE_CHANGED, s, x->pos, none,
                        "variation to %s removed: the specification's target applies", t);
        }
    }
    sa_buf_free(&subject);
    free(order);
    free(ia);
    free(ib);
}

/* A waiver's window [from, until]; from = SA_DATE_NONE means the start of the term. */
static void waiver_window(const sa_waiver *w, const sa_agreement *agr, sa_date *from, sa_date *until)
{
    *from = w->from != SA_DATE_NONE ? w->from : agr->term_from;
    *until = w->until;
}

static void waiver_text(sa_buf *b, const sa_waiver *w)
{
    char f[16], u[16];
    sa_diff_format_date(w->from, f);
    sa_diff_format_date(w->until, u);
    if (w->from != SA_DATE_NONE)
        sa_buf_printf(b, "%s..%s", f, u);
    else
        sa_buf_printf(b, "until %s", u);
}

static void waivers_diff(sa_diff *d, const sa_agreement *a, const sa_agreement *b)
{
    size_t na = a ? a->nwaivers : 0, nb = b ? b->nwaivers : 0;
    const char **ia = sa_xcalloc(na, sizeof *ia);
    const char **ib = sa_xcalloc(nb, sizeof *ib);
    for (size_t i = 0; i < na; i++)
        ia[i] = a->waivers[i].requirement;
    for (size_t j = 0; j < nb; j++)
        ib[j] = b->waivers[j].requirement;
    size_t n;
    sa_diff_pair *order = sa_diff_pair_names(ia, na, ib, nb, &n);
    sa_buf subject = SA_BUF_INIT, ta = SA_BUF_INIT, tb = SA_BUF_INIT;
    sa_pos none = {0};
    for (size_t k = 0; k < n; k++) {
        const sa_waiver *x = order[k].old_index >= 0 ? &a->waivers[order[k].old_index] : NULL;
        const sa_waiver *y = order[k].new_index >= 0 ? &b->waivers[order[k].new_index] : NULL;
        sa_buf_clear(&subject);
        sa_buf_printf(&subject, "requirement %s", sa_diff_or_none(y ? y->requirement : x->requirement));
        const char *s = sa_buf_cstr(&subject);
        sa_buf_clear(&ta);
        sa_buf_clear(&tb);
        if (x)
            waiver_text(&ta, x);
        if (y)
            waiver_text(&tb, y);
        if (x && y) {
            sa_date xf, xu, yf, yu;
            waiver_window(x, a, &xf, &xu);
            waiver_window(y, b, &yf, &yu);
            if (xf != yf || xu != yu) {
                bool covers_old = yf <= xf && yu >= xu; /* still waives every day it did */
                bool inside_old = yf >= xf && yu <= xu;
                sa_change_class cls = covers_old   ? SA_CHANGE_LOOSENED
                                      : inside_old ? SA_CHANGE_TIGHTENED
                                                   : SA_CHANGE_CHANGED;
                sa_diff_add(d, cls, s, x->pos, y->pos, "waiver %s: %s -> %s",
                            cls == SA_CHANGE_LOOSENED    ? "extended"
                            : cls == SA_CHANGE_TIGHTENED ? "shortened"
                                                         : "moved",
                            sa_buf_cstr(&ta), sa_buf_cstr(&tb));
            }
            text_field(d, s, "waiver approved by", x->approved_by, y->approved_by, x->pos, y->pos);
            text_field(d, s, "waiver reason", x->reason, y->reason, x->pos, y->pos);
        } else if (y) {
            sa_diff_add(d, SA_CHANGE_LOOSENED, s, none, y->pos,
                        "waiver added %s (approved by %s: %s)", sa_buf_cstr(&tb),
                        sa_diff_or_none(y->approved_by), sa_diff_or_none(y->reason));
        } else {
            sa_diff_add(d, SA_CHANGE_TIGHTENED, s, x->pos, none,
                        "waiver removed (was %s): the requirement counts again", sa_buf_cstr(&ta));
        }
    }
    sa_buf_free(&subject);
    sa_buf_free(&ta);
    sa_buf_free(&tb);
    free(order);
    free(ia);
    free(ib);
}

/* Where an agreement's reporting duty is written: its <reporting> element,
 * or the agreement itself when it has none (the specification's duty applies). */
static sa_pos reporting_pos(const sa_agreement *a)
{
    return a->reporting_pos.line ? a->reporting_pos : a->pos;
}

static void reporting_diff(sa_diff *d, const sa_agreement *a, const sa_agreement *b)
{
    sa_pos op = reporting_pos(a), np = reporting_pos(b);
    if (a->reporting_every != b->reporting_every) {
        int s = sa_diff_per_strictness(a->reporting_every, b->reporting_every);
        sa_diff_add(d, s > 0 ? SA_CHANGE_TIGHTENED : SA_CHANGE_LOOSENED, "reporting", op,
                    np, "returns every %s -> %s (%s often)", sa_per_name(a->reporting_every),
                    sa_per_name(b->reporting_every), s > 0 ? "more" : "less");
    }
    if (a->reporting_due_days != b->reporting_due_days) {
        if (a->reporting_due_days < 0 || b->reporting_due_days < 0) {
            char ta[24] = "(the specification's)", tb[24] = "(the specification's)";
            if (a->reporting_due_days >= 0)
                snprintf(ta, sizeof ta, "%d", a->reporting_due_days);
            if (b->reporting_due_days >= 0)
                snprintf(tb, sizeof tb, "%d", b->reporting_due_days);
            sa_diff_add(d, SA_CHANGE_CHANGED, "reporting", op, np, "due days %s -> %s", ta, tb);
        } else {
            sa_diff_add(d,
                        b->reporting_due_days < a->reporting_due_days ? SA_CHANGE_TIGHTENED
                                                                      : SA_CHANGE_LOOSENED,
                        "reporting", op, np, "due days %d -> %d after period end",
                        a->reporting_due_days, b->reporting_due_days);
        }
    }
}

static void signature_diff(sa_diff *d, const sa_agreement *a, const sa_agreement *b)
{
    if (sa_diff_str_eq(a->signed_by, b->signed_by) && a->signed_on == b->signed_on)
        return;
    char da[16], db[16];
    sa_diff_format_date(a->signed_on, da);
    sa_diff_format_date(b->signed_on, db);
    sa_diff_add(d, SA_CHANGE_CHANGED, "signature", a->pos, b->pos, "signed by %s on %s -> %s on %s",
                sa_diff_or_none(a->signed_by), da, sa_diff_or_none(b->signed_by), db);
}

sa_diff *sa_diff_agreements(const sa_agreement *old_agr, const sa_agreement *new_agr)
{
    sa_diff *d = sa_diff_create("agreement");
    if (old_agr) {
        d->old_id = sa_arena_strdup(d->arena, old_agr->id);
        d->old_version = sa_arena_strdup(d->arena, old_agr->version);
    }
    if (new_agr) {
        d->new_id = sa_arena_strdup(d->arena, new_agr->id);
        d->new_version = sa_arena_strdup(d->arena, new_agr->version);
    }
    sa_pos none = {0};
    if (!old_agr && new_agr)
        sa_diff_add(d, SA_CHANGE_ADDED, "agreement", none, new_agr->pos,
                    "agreement %s added (provider %s)", sa_diff_or_none(new_agr->id),
                    sa_diff_or_none(new_agr->provider_code));
    else if (old_agr && !new_agr)
        sa_diff_add(d, SA_CHANGE_REMOVED, "agreement", old_agr->pos, none,
                    "agreement %s removed (provider %s)", sa_diff_or_none(old_agr->id),
                    sa_diff_or_none(old_agr->provider_code));
    if (old_agr && new_agr)
        header_diff(d, old_agr, new_agr);
    exclusions_diff(d, old_agr, new_agr);
    variations_diff(d, old_agr, new_agr);
    waivers_diff(d, old_agr, new_agr);
    if (old_agr && new_agr) {
        reporting_diff(d, old_agr, new_agr);
        signature_diff(d, old_agr, new_agr);
        sa_diff_version_check(d, old_agr->version, new_agr->version, old_agr->pos, new_agr->pos);
    }
    return d;
}
