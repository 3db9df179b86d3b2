/* result.c — the result model's bookkeeping and the verdict table. */
#include "core/result.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    sa_result_set *rs = calloc(1, sizeof *rs);
    if (!rs)
        abort();
    rs->arena = sa_arena_new();
    rs->period_from = SA_DATE_NONE;
    rs->period_to = SA_DATE_NONE;
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
        rs->results = realloc(rs->results, rs->cap_results * sizeof *rs->results);
        if (!rs->results)
            abort();
    }
    sa_result *r = &rs->results[rs->nresults++];
    memset(r, 0, sizeof *r);
    r->waiver_until = SA_DATE_NONE;
    return r;
}

void sa_result_set_tally(sa_result_set *rs)
{
    memset(rs->verdict_counts, 0, sizeof rs->verdict_counts);
    for (size_t i = 0; i < rs->nresults; i++)
        if ((unsigned)rs->results[i].verdict < SA_VERDICT_COUNT)
            rs->verdict_counts[rs->results[i].verdict]++;
}

bool sa_result_is_failure(const sa_result *r)
{
    /* A system-scope requirement is judged on the union of providers: the
     * provider rows show each provider's share and never fail on their own. */
    if (r->scope == SA_SCOPE_SYSTEM && r->provider_code)
        return false;
    return r->verdict == SA_VERDICT_NOT_MET || r->verdict == SA_VERDICT_PARTIALLY_MET ||
           r->verdict == SA_VERDICT_ERROR;
}
