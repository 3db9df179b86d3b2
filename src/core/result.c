/* result.c — the result model's bookkeeping, the verdict table, and the
 * summary (counts, status, headline) every report prints. */
#include "core/result.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/strmap.h"

static const struct {
    const char *name;
    const char *label;
    const char *meaning;
} verdict_table[SA_VERDICT_COUNT] = {
    [SA_VERDICT_MET] = {"met", "Met", "The evidence meets the target in every assessed period."},
    [SA_VERDICT_NOT_MET] = {"not_met", "Not met", "The evidence falls short of the target in every assessed period."},
    [SA_VERDICT_PARTIALLY_MET] = {"partially_met", "Partially met", "Some assessed periods meet the target and some do not."},
    [SA_VERDICT_NOT_ASSESSABLE] = {"not_assessable", "Not assessable", "There is no evidence, or too little to judge; never counted as met."},
    [SA_VERDICT_EXCLUDED] = {"excluded", "Excluded", "The provider's agreement excludes this requirement, with the reason given."},
    [SA_VERDICT_WAIVED] = {"waived", "Waived", "Not met, but a current waiver in the agreement accepts it (reason, approver and expiry shown)."},
    [SA_VERDICT_ERROR] = {"error", "Error", "The check could not run; the diagnostic says why."},
    [SA_VERDICT_NOT_IN_FORCE] = {"not_in_force", "Not in force", "The requirement is not in force over the assessed range, or the attestation is not yet due; never met, never failed."},
};

const char *sa_verdict_name(sa_verdict v)
{
    return (unsigned)v < SA_VERDICT_COUNT ? verdict_table[v].name : "error";
}

const char *sa_verdict_label(sa_verdict v)
{
    return (unsigned)v < SA_VERDICT_COUNT ? verdict_table[v].label : "Error";
}

const char *sa_verdict_meaning(sa_verdict v)
{
    return (unsigned)v < SA_VERDICT_COUNT ? verdict_table[v].meaning : verdict_table[SA_VERDICT_ERROR].meaning;
}

static const struct {
    const char *name;
    const char *label;
} status_table[SA_STATUS_COUNT] = {
    [SA_STATUS_COMPLIANT] = {"compliant", "Compliant"},
    [SA_STATUS_NOT_COMPLIANT] = {"not_compliant", "Not compliant"},
    [SA_STATUS_NOT_DEMONSTRATED] = {"not_demonstrated", "Compliance not demonstrated"},
};

const char *sa_status_name(sa_status s)
{
    return (unsigned)s < SA_STATUS_COUNT ? status_table[s].name : "not_demonstrated";
}

const char *sa_status_label(sa_status s)
{
    return (unsigned)s < SA_STATUS_COUNT ? status_table[s].label : "Compliance not demonstrated";
}

const char *sa_req_severity_name(sa_req_severity s)
{
    switch (s) {
    case SA_SEVERITY_CRITICAL: return "critical";
    case SA_SEVERITY_MAJOR: return "major";
    default: return "minor";
    }
}

bool sa_req_severity_parse(const char *s, sa_req_severity *out)
{
    if (strcmp(s, "critical") == 0)
        *out = SA_SEVERITY_CRITICAL;
    else if (strcmp(s, "major") == 0)
        *out = SA_SEVERITY_MAJOR;
    else if (strcmp(s, "minor") == 0)
        *out = SA_SEVERITY_MINOR;
    else
        return false;
    return true;
}

sa_result_set *sa_result_set_new(void)
{
    sa_result_set *rs = sa_xcalloc(1, sizeof *rs);
    rs->arena = sa_arena_new();
    rs->period_from = SA_DATE_NONE;
    rs->period_to = SA_DATE_NONE;
    rs->today = SA_DATE_NONE;
    rs->fail_on = SA_SEVERITY_MINOR;
    return rs;
}

void sa_result_set_free(sa_result_set *rs)
{
    if (!rs)
        return;
    free(rs->results);
    sa_arena_free(rs->arena);
    free(rs);
}

sa_result *sa_result_set_add(sa_result_set *rs)
{
    if (rs->nresults == rs->cap_results) {
        rs->cap_results = rs->cap_results ? rs->cap_results * 2 : 64;
        rs->results = sa_xrealloc(rs->results, rs->cap_results * sizeof *rs->results);
    }
    sa_result *r = &rs->results[rs->nresults++];
    memset(r, 0, sizeof *r);
    r->waiver_until = SA_DATE_NONE;
    r->in_force_from = r->in_force_until = SA_DATE_NONE;
    return r;
}

static const char *copy(sa_result_set *rs, const char *s)
{
    return s ? sa_arena_strdup(rs->arena, s) : NULL;
}

void sa_result_set_add_agreement(sa_result_set *rs, const sa_agreement_ref *ref)
{
    sa_agreement_ref *grown = sa_arena_calloc(rs->arena, rs->nagreements + 1, sizeof *grown);
    if (rs->nagreements)
        memcpy(grown, rs->agreements, rs->nagreements * sizeof *grown);
    sa_agreement_ref *a = &grown[rs->nagreements];
    a->id = copy(rs, ref->id);
    a->version = copy(rs, ref->version);
    a->path = copy(rs, ref->path);
    a->sha256 = copy(rs, ref->sha256);
    a->provider_code = copy(rs, ref->provider_code);
    a->provider_name = copy(rs, ref->provider_name);
    rs->agreements = grown;
    rs->nagreements++;
}

bool sa_result_is_share(const sa_result *r)
{
    return r->scope == SA_SCOPE_SYSTEM && r->provider_code;
}

bool sa_result_is_failure(const sa_result *r)
{
    /* A system-scope requirement is judged on the union of providers: a
     * provider's share never fails on its own. */
    if (sa_result_is_share(r))
        return false;
    return r->verdict == SA_VERDICT_NOT_MET || r->verdict == SA_VERDICT_PARTIALLY_MET ||
           r->verdict == SA_VERDICT_ERROR;
}

static bool falls_short(sa_verdict v)
{
    return v == SA_VERDICT_NOT_MET || v == SA_VERDICT_PARTIALLY_MET;
}

static bool unproven(sa_verdict v)
{
    return v == SA_VERDICT_NOT_ASSESSABLE || v == SA_VERDICT_ERROR;
}

/* Flags a requirement collects from its verdict rows (bits in the map value). */
enum { REQ_SEEN = 1, REQ_SHORT = 2, REQ_UNPROVEN = 4 };

/* Counts requirements per severity: a requirement once, by all its verdict rows. */
static void count_requirements(sa_result_set *rs, sa_summary *s)
{
    sa_strmap *seen = sa_strmap_new(64);
    for (size_t i = 0; i < rs->nresults; i++) {
        const sa_result *r = &rs->results[i];
        if (sa_result_is_share(r) || (unsigned)r->severity > SA_SEVERITY_MINOR)
            continue;
        const char *id = r->requirement_id ? r->requirement_id : "";
        uintptr_t *flags = sa_strmap_slot(seen, id, strlen(id));
        uintptr_t before = *flags;
        *flags |= REQ_SEEN | (falls_short(r->verdict) ? REQ_SHORT : 0) | (unproven(r->verdict) ? REQ_UNPROVEN : 0);
        sa_severity_count *c = &s->by_severity[r->severity];
        c->requirements += !(before & REQ_SEEN);
        c->falling_short += (*flags & REQ_SHORT) && !(before & REQ_SHORT);
        c->not_demonstrated += (*flags & REQ_UNPROVEN) && !(before & REQ_UNPROVEN);
    }
    sa_strmap_free(seen);
}

static void count_verdicts(const sa_result_set *rs, sa_summary *s)
{
    for (size_t i = 0; i < rs->nresults; i++) {
        const sa_result *r = &rs->results[i];
        s->results++;
        if (sa_result_is_share(r)) {
            s->shares++;
            continue;
        }
        s->verdicts++;
        if ((unsigned)r->verdict < SA_VERDICT_COUNT)
            s->verdict_counts[r->verdict]++;
        s->failures += sa_result_is_failure(r);
        if (r->severity > rs->fail_on) {
            s->below_short += falls_short(r->verdict);
            continue;
        }
        s->considered++;
        s->considered_short += falls_short(r->verdict);
        s->considered_unproven += unproven(r->verdict);
    }
}

/* " on critical and major requirements": which verdicts the status rests on. */
static const char *scope_phrase(sa_req_severity fail_on)
{
    switch (fail_on) {
    case SA_SEVERITY_CRITICAL: return " on critical requirements";
    case SA_SEVERITY_MAJOR: return " on critical and major requirements";
    default: return "";
    }
}

static const char *plural(uint64_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static void why_not_compliant(const sa_summary *s, const char *scope, sa_buf *b)
{
    uint64_t n = s->considered;
    if (n == 1)
        sa_buf_printf(b, "the only verdict%s falls short of the specification", scope);
    else
        sa_buf_printf(b, "%llu of %llu verdicts%s fall%s short of the specification",
                      (unsigned long long)s->considered_short, (unsigned long long)n, scope,
                      plural(s->considered_short, "s", ""));
    if (s->considered_unproven)
        sa_buf_printf(b, ", and %llu more %s no usable evidence", (unsigned long long)s->considered_unproven,
                      plural(s->considered_unproven, "has", "have"));
}

static void why_not_demonstrated(const sa_summary *s, const char *scope, sa_buf *b)
{
    uint64_t n = s->considered;
    if (s->verdicts == 0)
        sa_buf_puts(b, "no requirement was assessed");
    else if (s->considered_unproven == n && n == 1)
        sa_buf_printf(b, "the only verdict%s has no usable evidence", scope);
    else if (s->considered_unproven == n)
        sa_buf_printf(b, "none of the %llu verdicts%s has usable evidence", (unsigned long long)n, scope);
    else
        sa_buf_printf(b, "%llu of %llu verdicts%s %s no usable evidence; none of the others falls short",
                      (unsigned long long)s->considered_unproven, (unsigned long long)n, scope,
                      plural(s->considered_unproven, "has", "have"));
}

static void why_compliant(const sa_summary *s, const char *scope, sa_buf *b)
{
    uint64_t n = s->considered;
    if (n == 0)
        sa_buf_printf(b, "there is no verdict%s to assess", scope);
    else if (n == 1)
        sa_buf_printf(b, "the only verdict%s is met, waived%s excluded by agreement", scope,
                      s->verdict_counts[SA_VERDICT_NOT_IN_FORCE] ? ", not in force or" : " or");
    else
        sa_buf_printf(b, "all %llu verdicts%s are met, waived%s excluded by agreement", (unsigned long long)n, scope,
                      s->verdict_counts[SA_VERDICT_NOT_IN_FORCE] ? ", not in force or" : " or");
}

/* The headline: the status, then why, in words a commissioner uses. */
static void headline(const sa_result_set *rs, const sa_summary *s, sa_buf *b)
{
    const char *scope = scope_phrase(rs->fail_on);
    sa_buf_printf(b, "%s: ", sa_status_label(s->status));
    if (s->status == SA_STATUS_NOT_COMPLIANT)
        why_not_compliant(s, scope, b);
    else if (s->status == SA_STATUS_NOT_DEMONSTRATED)
        why_not_demonstrated(s, scope, b);
    else
        why_compliant(s, scope, b);
    if (s->below_short)
        sa_buf_printf(b, "; %llu verdict%s below that severity also fall%s short", (unsigned long long)s->below_short,
                      plural(s->below_short, "", "s"), plural(s->below_short, "s", ""));
    sa_buf_putc(b, '.');
}

static void decide(const sa_result_set *rs, sa_summary *s)
{
    if (s->considered_short)
        s->status = SA_STATUS_NOT_COMPLIANT;
    else if (s->considered_unproven || s->verdicts == 0)
        s->status = SA_STATUS_NOT_DEMONSTRATED;
    else
        s->status = SA_STATUS_COMPLIANT;
    s->passes = s->status == SA_STATUS_COMPLIANT ||
                (s->status == SA_STATUS_NOT_DEMONSTRATED && rs->accept_not_assessable && s->verdicts > 0);
}

void sa_result_set_tally(sa_result_set *rs)
{
    sa_summary s;
    memset(&s, 0, sizeof s);
    count_verdicts(rs, &s);
    count_requirements(rs, &s);
    decide(rs, &s);
    sa_buf b = SA_BUF_INIT;
    headline(rs, &s, &b);
    s.headline = sa_arena_strdup(rs->arena, sa_buf_cstr(&b));
    sa_buf_free(&b);
    assert(s.verdicts + s.shares == s.results);
    rs->summary = s;
}
