/*
 * bind.c — cross-checks agreements against the specifications they sign up
 * to and against each other: references exist, variations fit, terms meet
 * the specification period and never overlap for one provider, codes are
 * ODS- or NHS Scotland-shaped, waivers past their date are flagged.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreement/agreement.h"
#include "agreement/agreement_private.h"
#include "core/alloc.h"
#include "core/strmap.h"
#include "core/suggest.h"
#include "spec/kind.h"

static bool same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static const char *str_or(const char *s, const char *dflt)
{
    return s ? s : dflt;
}

static const char *fmt_date(sa_date d, char out[11])
{
    if (d == SA_DATE_NONE) {
        snprintf(out, 11, "(none)");
        return out;
    }
    sa_date_format(d, out);
    return out;
}

/* ---- ODS codes ------------------------------------------------------------ */

static bool upper_alnum(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
            return false;
    return true;
}

static bool alnum_any_case(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s))
            return false;
    return true;
}

static bool is_alpha(char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The random format issued since October 2020: letter digit letter digit letter. */
static bool is_anana(const char *s)
{
    return strlen(s) == 5 && is_alpha(s[0]) && is_digit(s[1]) && is_alpha(s[2]) && is_digit(s[3]) &&
           is_alpha(s[4]);
}

/* NHS Scotland's codes (specs/README.md, "Organisation codes"): Scottish
 * Government statistical codes for NHS boards (S08) and integration
 * authorities (S37), a prefix and six digits; and Public Health Scotland's
 * location codes for hospitals, hospices and other sites: the board's cipher
 * letter, three digits and a letter for the kind of site (H220V). */
static bool is_gss_code(const char *s, const char *prefix)
{
    if (strlen(s) != 9 || strncmp(s, prefix, 3) != 0)
        return false;
    for (size_t i = 3; i < 9; i++)
        if (!is_digit(s[i]))
            return false;
    return true;
}

static bool is_scot_board(const char *s)
{
    return is_gss_code(s, "S08");
}

static bool is_scot_location(const char *s)
{
    return strlen(s) == 5 && is_alpha(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) &&
           is_alpha(s[4]);
}

/* A code written in lower or mixed case that would otherwise be valid gets a hint. */
static void upper_copy(const char *s, char *out, size_t cap)
{
    size_t i = 0;
    for (; s[i] && i + 1 < cap; i++)
        out[i] = (char)toupper((unsigned char)s[i]);
    out[i] = '\0';
}

static void check_provider_code(const sa_agreement *ag, sa_diags *d)
{
    const char *code = ag->provider_code;
    if (!code)
        return;
    size_t n = strlen(code);
    bool shape = n == 3 || n == 5 || n == 6 || n == 9;
    if (!shape || !upper_alnum(code) || (n == 9 && !is_scot_board(code))) {
        char up[32];
        upper_copy(code, up, sizeof up);
        bool case_only = shape && alnum_any_case(code) && upper_alnum(up) && (n != 9 || is_scot_board(up));
        sa_diags_error(d, "E-AGR-BAD-CODE", ag->provider_pos,
                       "provider code \"%s\" is not an organisation code: expected 3, 5 or 6 "
                       "upper-case letters or digits (e.g. RXX for an NHS trust, RXX01 for a "
                       "trust site, 8HX01 for a hospice or other non-NHS organisation, H220V for "
                       "a site in Scotland) or an NHS Scotland board (S08 + 6 digits)%s%s%s",
                       code, case_only ? "; write it in upper case: \"" : "",
                       case_only ? up : "", case_only ? "\"" : "");
        return;
    }
    const char *kind = ag->provider_kind;
    if (!kind)
        return;
    const char *expected = NULL;
    if (strcmp(kind, "hospice") == 0) {
        /* Independent hospices hold non-NHS organisation codes (8xxxx); a
         * hospice run by an NHS trust is coded as one of its sites (Rxx..). */
        if (!((n == 5 && code[0] == '8') || code[0] == 'R' || is_anana(code) || is_scot_location(code)))
            expected = "a hospice code: 8 + 4 (e.g. 8HX01), or an NHS trust site (Rxxxx) when "
                       "a trust runs the hospice, or in Scotland a location code (e.g. H220V)";
    } else if (strcmp(kind, "acute_trust") == 0 || strcmp(kind, "community_trust") == 0) {
        if (!(code[0] == 'R' || code[0] == 'T' || is_scot_board(code) || is_scot_location(code)))
            expected = "an NHS trust code: R + 2 (e.g. RWH) or a trust site R + 4 (e.g. RWH01), or "
                       "in Scotland an NHS board (e.g. S08000022) or hospital location (e.g. H202H)";
    } else if (strcmp(kind, "charity") == 0) {
        if (code[0] == 'R' || code[0] == 'Q' || code[0] == '5')
            expected = "a non-NHS organisation code such as 8HX01 (R, Q and 5 codes belong to NHS "
                       "bodies)";
    }
    if (expected)
        sa_diags_warning(d, "W-AGR-CODE-KIND", ag->provider_pos,
                         "provider code %s does not look like the code of a %s: expected %s", code,
                         kind, expected);
}

static void check_commissioner_code(const sa_agreement *ag, sa_diags *d)
{
    const char *code = ag->commissioner_code;
    if (!code)
        return;
    size_t n = strlen(code);
    bool ok = false;
    if (upper_alnum(code)) {
        if (n == 3)
            ok = code[0] == 'Q' || code[0] == '5' || code[0] == '7' ||
                 (is_digit(code[0]) && is_digit(code[1]) && is_alpha(code[2]));
        else if (n == 5)
            ok = is_anana(code);
        else if (n == 9)
            ok = is_scot_board(code) || is_gss_code(code, "S37");
    }
    if (!ok) {
        char up[32];
        upper_copy(code, up, sizeof up);
        bool case_only = !upper_alnum(code) && strcmp(up, code) != 0;
        sa_diags_error(d, "E-AGR-BAD-CODE", ag->commissioner_pos,
                       "commissioner code \"%s\" is not a commissioner's code: expected an ICB "
                       "(Q + 2, e.g. QNQ), a sub-ICB location or CCG (e.g. 00L, D4U1Y), a PCT "
                       "(5 + 2, e.g. 5QT), a Welsh health board (7A1), an NHS Scotland board (S08 + "
                       "6 digits, e.g. S08000022) or a Scottish integration authority (S37 + 6 "
                       "digits, e.g. S37000016)%s",
                       code, case_only ? "; codes are written in upper case" : "");
    }
}

/* ---- references into the specification ------------------------------------ */

/* The specification's requirements by id, indexed on first use, so an
 * agreement naming many ids (known or not) costs one pass over the
 * specification, not one per id. */
typedef struct {
    const sa_spec *spec;
    sa_strmap *by_id; /* id -> index + 1 of its first requirement */
    sa_suggest *near;
} req_index;

static void req_index_build(req_index *x)
{
    const sa_spec *spec = x->spec;
    size_t n = spec->nrequirements;
    const char **ids = sa_xcalloc(n ? n : 1, sizeof *ids);
    x->by_id = sa_strmap_new(n);
    for (size_t i = 0; i < n; i++) {
        ids[i] = spec->requirements[i].id;
        if (!ids[i])
            continue;
        uintptr_t *slot = sa_strmap_slot(x->by_id, ids[i], strlen(ids[i]));
        if (!*slot)
            *slot = i + 1;
    }
    x->near = sa_suggest_new(ids, n);
    free(ids);
}

static void req_index_free(req_index *x)
{
    if (x->by_id)
        sa_strmap_free(x->by_id);
    sa_suggest_free(x->near);
}

/* The requirement `id` names, or NULL with an error suggesting the nearest id. */
static const sa_requirement *require(req_index *x, const char *id, sa_pos pos, const char *what,
                                     sa_diags *d)
{
    if (!id)
        return NULL;
    if (!x->by_id)
        req_index_build(x);
    const sa_spec *spec = x->spec;
    uintptr_t at = 0;
    if (sa_strmap_get(x->by_id, id, strlen(id), &at))
        return &spec->requirements[at - 1];
    const char *near = sa_suggest_find(x->near, id);
    if (near)
        sa_diags_error(d, "E-AGR-UNKNOWN-REQUIREMENT", pos,
                       "%s names requirement %s, which specification %s %s does not have; did "
                       "you mean %s?",
                       what, id, str_or(spec->id, "?"), str_or(spec->version, "?"), near);
    else
        sa_diags_error(d, "E-AGR-UNKNOWN-REQUIREMENT", pos,
                       "%s names requirement %s, which specification %s %s does not have "
                       "(it has %zu requirement%s)",
                       what, id, str_or(spec->id, "?"), str_or(spec->version, "?"),
                       spec->nrequirements, spec->nrequirements == 1 ? "" : "s");
    return NULL;
}

static const char *unit_name(sa_target_unit u)
{
    switch (u) {
    case SA_UNIT_PERCENT: return "a percentage (e.g. \">= 85%\")";
    case SA_UNIT_SECONDS: return "a duration (e.g. \"<= 4h\")";
    default: return "a number (e.g. \">= 4\")";
    }
}

/* What a requirement's target is measured in; false when its kind has no
 * target to vary (declared levels and submission duties). */
static bool target_unit_of(const sa_requirement *r, sa_target_unit *unit)
{
    if (r->check.target.set) {
        *unit = r->check.target.unit;
        return true;
    }
    if (!sa_check_def_of(r->check.kind)->varies_target)
        return false;
    *unit = sa_check_default_target(&r->check).unit;
    return true;
}

static int direction(sa_cmp op)
{
    if (op == SA_CMP_GE || op == SA_CMP_GT)
        return 1;
    if (op == SA_CMP_LE || op == SA_CMP_LT)
        return -1;
    return 0;
}

/* An activity plan compares a count of rows with a planned volume: it needs a
 * count, assessed per provider (a share of a system-wide count is no verdict). */
static void check_activity(const sa_agreement *ag, req_index *reqs, const sa_activity_plan *a, sa_diags *d)
{
    const sa_requirement *r = require(reqs, a->requirement, a->requirement_pos, "<activity>", d);
    if (!r)
        return;
    if (r->check.kind != SA_CHECK_COUNT)
        sa_diags_error(d, "E-AGR-BAD-ACTIVITY", a->requirement_pos,
                       "%s is a %s check; expected an activity plan for a count of rows (kind: count)",
                       r->id, sa_check_kind_name(r->check.kind));
    else if (r->scope == SA_SCOPE_SYSTEM)
        sa_diags_warning(d, "W-AGR-SYSTEM-SCOPE", a->requirement_pos,
                         "%s has system scope: a provider's rows are a share of one system-wide "
                         "count, so the activity plan for provider %s is not compared",
                         r->id, str_or(ag->provider_code, "?"));
}

static void check_variation(const sa_variation *v, const sa_requirement *r, sa_diags *d)
{
    if (!v->target.set)
        return; /* unreadable: reported when loaded */
    sa_target_unit unit;
    const char *kind = sa_check_kind_name(r->check.kind);
    if (r->check.baseline.set) {
        sa_diags_error(d, "E-AGR-BAD-TARGET", v->target_pos,
                       "%s is judged by its change against a baseline (%s), which an agreement does not vary; "
                       "expected no <vary> for it (use <exclude> or <waive> instead)",
                       r->id, str_or(r->check.baseline.change_text, "?"));
        return;
    }
    if (!target_unit_of(r, &unit)) {
        sa_diags_error(d, "E-AGR-BAD-TARGET", v->target_pos,
                       "%s is a %s check, which has no target to vary; expected no <vary> for it "
                       "(use <exclude> or <waive> instead)",
                       r->id, kind);
        return;
    }
    if (v->target.unit != unit) {
        sa_diags_error(d, "E-AGR-BAD-TARGET", v->target_pos,
                       "variation of %s: target \"%s\" is %s, but %s (%s%s%s) is measured as %s",
                       r->id, str_or(v->target_text, ""), unit_name(v->target.unit), r->id, kind,
                       r->check.target_text ? ", target " : "",
                       r->check.target_text ? r->check.target_text : "", unit_name(unit));
        return;
    }
    if (r->check.target.set) {
        int a = direction(r->check.target.op);
        int b = direction(v->target.op);
        if (a != 0 && b != 0 && a != b)
            sa_diags_error(d, "E-AGR-BAD-TARGET", v->target_pos,
                           "variation of %s: target \"%s\" turns the comparison round; the "
                           "specification's target is \"%s\", so expected a %s bound (%s)",
                           r->id, str_or(v->target_text, ""), str_or(r->check.target_text, "?"),
                           a > 0 ? "lower" : "upper", a > 0 ? ">= or >" : "<= or <");
    }
}

static const sa_spec *find_spec(const sa_agreement *ag, sa_spec *const *specs, size_t nspecs,
                                sa_diags *d)
{
    if (!ag->spec_id)
        return NULL;
    const sa_spec *by_id = NULL;
    for (size_t i = 0; i < nspecs; i++) {
        const sa_spec *s = specs[i];
        if (!s || !same(s->id, ag->spec_id))
            continue;
        if (!ag->spec_version || same(s->version, ag->spec_version))
            return s;
        if (!by_id)
            by_id = s;
    }
    if (by_id) {
        sa_diags_error(d, "E-AGR-SPEC-VERSION", ag->spec_version_pos,
                       "agreement %s signs up to %s version %s, but the specification given (%s) "
                       "is version %s; expected the version the agreement was signed against",
                       str_or(ag->id, "?"), ag->spec_id, str_or(ag->spec_version, "?"),
                       str_or(by_id->path, "?"), str_or(by_id->version, "?"));
        return NULL;
    }
    const char *near = NULL;
    if (nspecs) {
        const char **ids = sa_xcalloc(nspecs, sizeof *ids);
        for (size_t i = 0; i < nspecs; i++)
            ids[i] = specs[i] ? specs[i]->id : NULL;
        near = sa_suggest_closest(ag->spec_id, ids, nspecs);
        free(ids);
    }
    if (near)
        sa_diags_error(d, "E-AGR-UNKNOWN-SPEC", ag->spec_pos,
                       "agreement %s signs up to specification %s, which is not among the "
                       "specifications given; did you mean %s?",
                       str_or(ag->id, "?"), ag->spec_id, near);
    else if (nspecs == 0)
        sa_diags_error(d, "E-AGR-UNKNOWN-SPEC", ag->spec_pos,
                       "agreement %s signs up to specification %s, but no specification was "
                       "given; expected its .yaml file alongside the agreement",
                       str_or(ag->id, "?"), ag->spec_id);
    else
        sa_diags_error(d, "E-AGR-UNKNOWN-SPEC", ag->spec_pos,
                       "agreement %s signs up to specification %s, which is not among the %zu "
                       "specification%s given",
                       str_or(ag->id, "?"), ag->spec_id, nspecs, nspecs == 1 ? "" : "s");
    return NULL;
}

static void bind_to_spec(const sa_agreement *ag, const sa_spec *spec, sa_date today, sa_diags *d)
{
    char a[11], b[11], c[11], e[11];
    req_index reqs = {spec, NULL, NULL};
    if (ag->commissioner_code && spec->commissioner_code &&
        !same(ag->commissioner_code, spec->commissioner_code))
        sa_diags_warning(d, "W-AGR-COMMISSIONER", ag->commissioner_pos,
                         "commissioner %s differs from the specification's commissioner %s",
                         ag->commissioner_code, spec->commissioner_code);

    if (spec->nproviders && ag->provider_code) {
        const sa_provider_decl *decl = NULL;
        for (size_t i = 0; i < spec->nproviders; i++)
            if (same(spec->providers[i].code, ag->provider_code))
                decl = &spec->providers[i];
        if (!decl)
            sa_diags_warning(d, "W-AGR-UNDECLARED-PROVIDER", ag->provider_pos,
                             "provider %s is not among the %zu providers specification %s lists",
                             ag->provider_code, spec->nproviders, str_or(spec->id, "?"));
        else if (decl->kind && ag->provider_kind && !same(decl->kind, ag->provider_kind))
            sa_diags_warning(d, "W-AGR-PROVIDER-KIND", ag->provider_pos,
                             "provider %s is a %s here but a %s in specification %s",
                             ag->provider_code, ag->provider_kind, decl->kind,
                             str_or(spec->id, "?"));
    }

    if (ag->term_from != SA_DATE_NONE && ag->term_to != SA_DATE_NONE &&
        ag->term_from <= ag->term_to && spec->period_from != SA_DATE_NONE &&
        spec->period_to != SA_DATE_NONE &&
        !sa_agr_ranges_overlap(ag->term_from, ag->term_to, spec->period_from, spec->period_to))
        sa_diags_error(d, "E-AGR-TERM-OUTSIDE", ag->term_pos,
                       "the term %s to %s does not overlap the period of specification %s "
                       "(%s to %s); expected a term within that period",
                       fmt_date(ag->term_from, a), fmt_date(ag->term_to, b), str_or(spec->id, "?"),
                       fmt_date(spec->period_from, c), fmt_date(spec->period_to, e));

    for (size_t i = 0; i < ag->nexclusions; i++) {
        const sa_exclusion *x = &ag->exclusions[i];
        require(&reqs, x->requirement, x->requirement_pos, "<exclude>", d);
    }
    for (size_t i = 0; i < ag->nvariations; i++) {
        const sa_variation *v = &ag->variations[i];
        const sa_requirement *r = require(&reqs, v->requirement, v->requirement_pos, "<vary>", d);
        if (!r)
            continue;
        check_variation(v, r, d);
        if (r->scope == SA_SCOPE_SYSTEM)
            sa_diags_warning(d, "W-AGR-SYSTEM-SCOPE", v->requirement_pos,
                             "%s has system scope: it is assessed once across all providers "
                             "against the specification's target, so a variation for provider "
                             "%s does not change its verdict",
                             r->id, str_or(ag->provider_code, "?"));
    }
    for (size_t i = 0; i < ag->nactivities; i++)
        check_activity(ag, &reqs, &ag->activities[i], d);
    sa_date ref = today != SA_DATE_NONE ? today : spec->period_to;
    for (size_t i = 0; i < ag->nwaivers; i++) {
        const sa_waiver *w = &ag->waivers[i];
        const sa_requirement *r = require(&reqs, w->requirement, w->requirement_pos, "<waive>", d);
        if (r && r->scope == SA_SCOPE_SYSTEM)
            sa_diags_warning(d, "W-AGR-SYSTEM-SCOPE", w->requirement_pos,
                             "%s has system scope: it is assessed once across all providers, so a "
                             "waiver for provider %s does not change its verdict",
                             r->id, str_or(ag->provider_code, "?"));
        if (w->until == SA_DATE_NONE || ref == SA_DATE_NONE || w->until >= ref)
            continue;
        if (today != SA_DATE_NONE)
            sa_diags_warning(d, "W-AGR-WAIVER-EXPIRED", w->until_pos,
                             "the waiver of %s expired on %s (today is %s); %s is assessed as "
                             "agreed from %s",
                             str_or(w->requirement, "?"), fmt_date(w->until, a), fmt_date(today, b),
                             str_or(w->requirement, "?"), fmt_date(w->until + 1, c));
        else
            sa_diags_warning(d, "W-AGR-WAIVER-EXPIRED", w->until_pos,
                             "the waiver of %s expires on %s, before the end of specification "
                             "%s's period (%s); %s is assessed as agreed from %s",
                             str_or(w->requirement, "?"), fmt_date(w->until, a),
                             str_or(spec->id, "?"), fmt_date(spec->period_to, b),
                             str_or(w->requirement, "?"), fmt_date(w->until + 1, c));
    }
    req_index_free(&reqs);
}

/* Warns about waivers past `today` when the specification is not at hand. */
static void expiry_without_spec(const sa_agreement *ag, sa_date today, sa_diags *d)
{
    char a[11], b[11];
    if (today == SA_DATE_NONE)
        return;
    for (size_t i = 0; i < ag->nwaivers; i++) {
        const sa_waiver *w = &ag->waivers[i];
        if (w->until != SA_DATE_NONE && w->until < today)
            sa_diags_warning(d, "W-AGR-WAIVER-EXPIRED", w->until_pos,
                             "the waiver of %s expired on %s (today is %s)",
                             str_or(w->requirement, "?"), fmt_date(w->until, a), fmt_date(today, b));
    }
}

static void check_pairs(sa_agreement *const *ags, size_t n, sa_diags *d)
{
    char a[11], b[11], c[11], e[11];
    for (size_t j = 0; j < n; j++) {
        const sa_agreement *y = ags[j];
        if (!y)
            continue;
        for (size_t i = 0; i < j; i++) {
            const sa_agreement *x = ags[i];
            if (x && same(x->id, y->id)) {
                sa_diags_error(d, "E-AGR-DUPLICATE-ID", y->pos,
                               "agreement id %s is also used by %s:%u; expected each agreement "
                               "to have its own id",
                               y->id, str_or(x->path, "?"), (unsigned)x->pos.line);
                break;
            }
        }
        if (y->term_from == SA_DATE_NONE || y->term_to == SA_DATE_NONE || y->term_from > y->term_to)
            continue;
        for (size_t i = 0; i < j; i++) {
            const sa_agreement *x = ags[i];
            if (!x || !same(x->provider_code, y->provider_code) || !same(x->spec_id, y->spec_id))
                continue;
            if (x->term_from == SA_DATE_NONE || x->term_to == SA_DATE_NONE ||
                x->term_from > x->term_to)
                continue;
            if (!sa_agr_ranges_overlap(x->term_from, x->term_to, y->term_from, y->term_to))
                continue;
            sa_diags_error(d, "E-AGR-OVERLAP", y->term_pos,
                           "the term %s to %s of agreement %s overlaps agreement %s (%s:%u, term "
                           "%s to %s) for the same provider %s and specification %s; expected "
                           "one agreement per provider at any time",
                           fmt_date(y->term_from, a), fmt_date(y->term_to, b), str_or(y->id, "?"),
                           str_or(x->id, "?"), str_or(x->path, "?"), (unsigned)x->term_pos.line,
                           fmt_date(x->term_from, c), fmt_date(x->term_to, e), y->provider_code,
                           y->spec_id);
            break;
        }
    }
}

size_t sa_agreement_bind(sa_agreement *const *agreements, size_t nagreements,
                         sa_spec *const *specs, size_t nspecs, sa_date today, sa_diags *diags)
{
    uint64_t before = sa_diags_total(diags, SA_SEV_ERROR);
    for (size_t i = 0; i < nagreements; i++) {
        const sa_agreement *ag = agreements[i];
        if (!ag)
            continue;
        check_provider_code(ag, diags);
        check_commissioner_code(ag, diags);
        const sa_spec *spec = find_spec(ag, specs, nspecs, diags);
        if (spec)
            bind_to_spec(ag, spec, today, diags);
        else
            expiry_without_spec(ag, today, diags);
    }
    check_pairs(agreements, nagreements, diags);
    return (size_t)(sa_diags_total(diags, SA_SEV_ERROR) - before);
}
