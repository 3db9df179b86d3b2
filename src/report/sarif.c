/*
 * sarif.c — SARIF 2.1.0 for code-scanning dashboards. Every requirement is a
 * rule in tool.driver.rules; every requirement x provider that is not met,
 * partially met, not assessable, waived or in error is a result.
 *
 * Location: each result points at the line and column where its requirement
 * is written in the specification (line 1 when unknown), with a
 * logicalLocation naming the provider; URIs are relative to the working
 * directory (%SRCROOT%, see sarif_common.c). Example rows become
 * relatedLocations (file + row). Results are fingerprinted by specification,
 * requirement and provider, so code scanning keeps apart the providers that
 * share a requirement's line.
 * Waived results carry an external suppression with the waiver's reason.
 * Met and excluded results are omitted (nothing to act on).
 *
 * kind and level: a failure (not met, partially met, error) is kind "fail"
 * with level error for critical and major requirements and any error
 * verdict, warning for minor ones; a waived result is a "fail" with its
 * suppression. Not assessable is kind "review"; SARIF gives it level "none".
 * The provider rows of a `scope: system` requirement are shares, not
 * verdicts: no result of their own, but listed in the properties of the
 * system-wide result (`shares`).
 *
 * Rules carry the requirement's description (fullDescription) and guidance
 * (help); without them, its kind, severity and target, and how to read its
 * results (never the id alone). Provenance: every input is an artifact with its SHA-256
 * (`hashes`); the run's properties hold the overall status and headline,
 * the summary counts, the assessed range and --today.
 */
#include <stdlib.h>
#include <string.h>

#include "report/render.h"
#include "report/sarif_common.h"

static void js(sa_buf *b, const char *key, const char *value)
{
    sa_buf_json_string(b, key);
    sa_buf_puts(b, ": ");
    sa_buf_json_string(b, value);
}

static const char *result_kind(const sa_result *r)
{
    return r->verdict == SA_VERDICT_NOT_ASSESSABLE ? "review" : "fail";
}

static const char *result_level(const sa_result *r)
{
    if (strcmp(result_kind(r), "fail") != 0)
        return "none";
    if (r->verdict == SA_VERDICT_ERROR)
        return "error";
    return r->severity == SA_SEVERITY_MINOR ? "warning" : "error";
}

static const char *rule_level(sa_req_severity s)
{
    return s == SA_SEVERITY_MINOR ? "warning" : "error";
}

static bool reported(const sa_result *r)
{
    return r->verdict != SA_VERDICT_MET && r->verdict != SA_VERDICT_EXCLUDED &&
           r->verdict != SA_VERDICT_NOT_IN_FORCE && !sa_rpt_is_share(r);
}

/* What a requirement asks, in a sentence: its kind, severity, target and scope. */
static void requirement_summary(sa_buf *b, const sa_result_set *rs, const sa_result *r)
{
    sa_buf target = SA_BUF_INIT;
    sa_buf_printf(b, "Requirement %s of specification %s %s: a %s %s check", sa_rpt_str(r->requirement_id),
                  sa_rpt_str(rs->spec_id), sa_rpt_str(rs->spec_version), sa_req_severity_name(r->severity),
                  sa_rpt_str(r->check_kind));
    if (sa_rpt_target_human(&target, r))
        sa_buf_printf(b, " with the target %s", sa_buf_cstr(&target));
    sa_buf_puts(b, r->scope == SA_SCOPE_SYSTEM ? ", met by the providers together." : ", met by each provider.");
    sa_buf_free(&target);
}

/* The rule's texts: the requirement's title, its description (else what it
 * asks) and its guidance (else how to read its results). Never the id alone. */
static void requirement_rule_texts(sa_buf *out, const sa_result_set *rs, const sa_result *r)
{
    sa_buf title = SA_BUF_INIT, desc = SA_BUF_INIT, help = SA_BUF_INIT;
    if (r->title)
        sa_buf_puts(&title, r->title);
    else
        sa_buf_printf(&title, "Requirement %s", sa_rpt_str(r->requirement_id));
    if (r->description)
        sa_buf_puts(&desc, r->description);
    else
        requirement_summary(&desc, rs, r);
    if (r->guidance) {
        sa_buf_puts(&help, r->guidance);
    } else {
        requirement_summary(&help, rs, r);
        sa_buf_printf(&help, " A result is a provider for which the requirement is not met, partially met, not "
                             "assessable, waived or in error; its message gives the evidence. "
                             "'specaudit explain %s %s' describes the requirement in full.",
                      rs->spec_path ? rs->spec_path : "SPEC", sa_rpt_str(r->requirement_id));
    }
    sa_sarif_rule_texts(out, ",\n              ", sa_buf_cstr(&title), sa_buf_cstr(&desc), sa_buf_cstr(&help));
    sa_buf_free(&title);
    sa_buf_free(&desc);
    sa_buf_free(&help);
}

static void write_rule(sa_buf *out, const sa_result_set *rs, const sa_result *r, bool first)
{
    sa_buf_puts(out, first ? "\n            {\n              " : ",\n            {\n              ");
    js(out, "id", sa_rpt_str(r->requirement_id));
    sa_buf_puts(out, ",\n              ");
    requirement_rule_texts(out, rs, r);
    sa_buf_puts(out, ",\n              \"defaultConfiguration\": {");
    js(out, "level", rule_level(r->severity));
    sa_buf_puts(out, "},\n              \"properties\": {");
    js(out, "severity", sa_req_severity_name(r->severity));
    sa_buf_puts(out, ", ");
    js(out, "check_kind", r->check_kind);
    sa_buf_puts(out, ", ");
    js(out, "scope", r->scope == SA_SCOPE_SYSTEM ? "system" : "provider");
    sa_buf_puts(out, "}\n            }");
}

/* Code scanning tells results apart by fingerprint; without one, the results
 * of several providers at one requirement's line would merge into one. */
static void write_fingerprints(sa_buf *out, const sa_result_set *rs, const sa_result *r)
{
    sa_buf key = SA_BUF_INIT;
    sa_buf_printf(&key, "%s/%s/%s", sa_rpt_str(rs->spec_id), sa_rpt_str(r->requirement_id),
                  r->provider_code ? r->provider_code : "system");
    sa_buf_puts(out, ",\n          \"partialFingerprints\": {");
    js(out, "requirementProvider/v1", sa_buf_cstr(&key));
    sa_buf_putc(out, '}');
    sa_buf_free(&key);
}

static void write_artifact(sa_buf *out, const char *uri, const char *sha256, bool first)
{
    sa_buf_puts(out, first ? "\n        {\"location\": " : ",\n        {\"location\": ");
    sa_sarif_artifact_location(out, uri, -1);
    sa_buf_puts(out, ", \"roles\": [\"analysisTarget\"]");
    if (sha256) {
        sa_buf_puts(out, ", \"hashes\": {");
        js(out, "sha-256", sha256);
        sa_buf_puts(out, "}");
    }
    sa_buf_putc(out, '}');
}

/* Every input the verdicts rest on, with its checksum: the specification
 * first (index 0, where results point), then agreements, then returns. */
static void write_artifacts(sa_buf *out, const sa_result_set *rs, const char *uri)
{
    sa_buf_puts(out, "      \"artifacts\": [");
    write_artifact(out, uri, rs->spec_sha256, true);
    for (size_t i = 0; i < rs->nagreements; i++)
        write_artifact(out, sa_rpt_str(rs->agreements[i].path), rs->agreements[i].sha256, false);
    for (size_t i = 0; i < rs->ninputs; i++)
        write_artifact(out, sa_rpt_str(rs->inputs[i].path), rs->inputs[i].sha256, false);
    sa_buf_puts(out, "\n      ],\n      ");
    sa_sarif_uri_base_ids(out);
    sa_buf_puts(out, ",\n");
}

static void write_run_properties(sa_buf *out, const sa_result_set *rs)
{
    const sa_summary *s = &rs->summary;
    sa_buf d = SA_BUF_INIT;
    sa_buf_puts(out, "      \"properties\": {\n        ");
    js(out, "status", sa_status_name(s->status));
    sa_buf_puts(out, ",\n        ");
    js(out, "headline", sa_rpt_str(s->headline));
    sa_buf_puts(out, ",\n        ");
    js(out, "fail_on", sa_req_severity_name(rs->fail_on));
    sa_buf_printf(out, ",\n        \"verdicts\": %llu, \"shares\": %llu, \"failures\": %llu,\n        \"verdict_counts\": {",
                  (unsigned long long)s->verdicts, (unsigned long long)s->shares, (unsigned long long)s->failures);
    for (int v = 0; v < SA_VERDICT_COUNT; v++)
        sa_buf_printf(out, "%s\"%s\": %llu", v ? ", " : "", sa_verdict_name((sa_verdict)v),
                      (unsigned long long)s->verdict_counts[v]);
    sa_buf_puts(out, "},\n        \"by_severity\": {");
    for (int k = 0; k < 3; k++)
        sa_buf_printf(out, "%s\"%s\": {\"requirements\": %llu, \"falling_short\": %llu, \"not_demonstrated\": %llu}",
                      k ? ", " : "", sa_req_severity_name((sa_req_severity)k),
                      (unsigned long long)s->by_severity[k].requirements,
                      (unsigned long long)s->by_severity[k].falling_short,
                      (unsigned long long)s->by_severity[k].not_demonstrated);
    sa_buf_puts(out, "},\n        ");
    sa_rpt_date(&d, rs->period_from);
    js(out, "assessed_from", sa_buf_cstr(&d));
    sa_buf_clear(&d);
    sa_rpt_date(&d, rs->period_to);
    sa_buf_puts(out, ", ");
    js(out, "assessed_to", sa_buf_cstr(&d));
    sa_buf_clear(&d);
    sa_rpt_date(&d, rs->today);
    sa_buf_puts(out, ", \"today\": ");
    if (d.len)
        sa_buf_json_string(out, sa_buf_cstr(&d));
    else
        sa_buf_puts(out, "null");
    sa_buf_puts(out, "\n      },\n");
    sa_buf_free(&d);
}

/* The shares after a system-wide row, for its properties. */
static void write_shares(sa_buf *out, const sa_result_set *rs, const sa_result *r)
{
    size_t i = (size_t)(r - rs->results) + 1;
    if (r->provider_code || i >= rs->nresults || !sa_rpt_is_share(&rs->results[i]))
        return;
    sa_buf_puts(out, ", \"shares\": [");
    for (size_t k = i; k < rs->nresults && sa_rpt_is_share(&rs->results[k]); k++) {
        const sa_result *s = &rs->results[k];
        sa_buf_puts(out, k > i ? ", {" : "{");
        js(out, "provider_code", s->provider_code);
        sa_buf_printf(out, ", \"counted\": %s, \"measured\": ", s->share_counted ? "true" : "false");
        if (s->has_measured)
            sa_rpt_number(out, s->measured, "null");
        else
            sa_buf_puts(out, "null");
        sa_buf_puts(out, ", ");
        js(out, "summary", sa_rpt_str(s->summary));
        sa_buf_putc(out, '}');
    }
    sa_buf_putc(out, ']');
}

static void write_related(sa_buf *out, const sa_result *r)
{
    if (!r->nexamples)
        return;
    sa_buf_puts(out, ",\n          \"relatedLocations\": [");
    for (size_t e = 0; e < r->nexamples; e++) {
        const sa_example *ex = &r->examples[e];
        sa_buf_printf(out, "%s\n            {\"id\": %zu, ", e ? "," : "", e);
        if (ex->file && *ex->file) {
            sa_buf_puts(out, "\"physicalLocation\": {\"artifactLocation\": ");
            sa_sarif_artifact_location(out, ex->file, -1);
            if (ex->row)
                sa_buf_printf(out, ", \"region\": {\"startLine\": %llu}", (unsigned long long)ex->row);
            sa_buf_puts(out, "}, ");
        }
        sa_buf_puts(out, "\"message\": {");
        js(out, "text", sa_rpt_str(ex->message));
        sa_buf_puts(out, "}}");
    }
    sa_buf_puts(out, "\n          ]");
}

static void write_properties(sa_buf *out, const sa_result_set *rs, const sa_result *r, sa_buf *msg)
{
    sa_buf_puts(out, ",\n          \"properties\": {");
    js(out, "requirement_id", r->requirement_id);
    sa_buf_puts(out, ", ");
    js(out, "provider_code", r->provider_code);
    sa_buf_puts(out, ", ");
    js(out, "verdict", sa_verdict_name(r->verdict));
    sa_buf_puts(out, ", ");
    js(out, "severity", sa_req_severity_name(r->severity));
    if (r->has_measured) {
        sa_buf_puts(out, ", \"measured\": ");
        sa_rpt_number(out, r->measured, "null");
    }
    sa_buf_clear(msg);
    if (sa_rpt_target_human(msg, r)) {
        sa_buf_puts(out, ", ");
        js(out, "target", sa_buf_cstr(msg));
    }
    if (r->waiver_until != SA_DATE_NONE) {
        sa_buf_clear(msg);
        sa_rpt_date(msg, r->waiver_until);
        sa_buf_puts(out, ", ");
        js(out, "waiver_until", sa_buf_cstr(msg));
    }
    if (r->waiver_note) {
        sa_buf_puts(out, ", ");
        js(out, "waiver_note", r->waiver_note);
    }
    if (r->activity.set) {
        sa_buf_puts(out, ", ");
        js(out, "activity_plan", r->activity.text);
    }
    write_shares(out, rs, r);
    sa_buf_puts(out, "}\n        }");
}

static void write_result(sa_buf *out, const sa_result_set *rs, const sa_result *r, size_t rule_index,
                         const char *uri, sa_buf *msg)
{
    js(out, "ruleId", sa_rpt_str(r->requirement_id));
    sa_buf_printf(out, ",\n          \"ruleIndex\": %zu,\n          ", rule_index);
    js(out, "level", result_level(r));
    sa_buf_puts(out, ",\n          ");
    js(out, "kind", result_kind(r));
    sa_buf_clear(msg);
    sa_buf_printf(msg, "%s ", sa_rpt_str(r->requirement_id));
    sa_rpt_provider_label(msg, r);
    sa_buf_printf(msg, ": %s", sa_verdict_label(r->verdict));
    if (r->summary)
        sa_buf_printf(msg, ". %s", r->summary);
    if (r->reason)
        sa_buf_printf(msg, ". %s", r->reason);
    sa_buf_puts(out, ",\n          \"message\": {");
    js(out, "text", sa_buf_cstr(msg));
    sa_buf_puts(out, "},\n          \"locations\": [\n            {\n"
                     "              \"physicalLocation\": {\"artifactLocation\": ");
    sa_sarif_artifact_location(out, uri, 0);
    sa_buf_printf(out, ", \"region\": {\"startLine\": %u, \"startColumn\": %u}",
                  (unsigned)(r->requirement_line ? r->requirement_line : 1),
                  (unsigned)(r->requirement_line && r->requirement_col ? r->requirement_col : 1));
    sa_buf_puts(out, "},\n              \"logicalLocations\": [{");
    js(out, "name", r->provider_code ? r->provider_code : "system");
    sa_buf_puts(out, ", ");
    sa_buf_clear(msg);
    sa_buf_printf(msg, "%s/%s", sa_rpt_str(r->requirement_id), r->provider_code ? r->provider_code : "system");
    js(out, "fullyQualifiedName", sa_buf_cstr(msg));
    sa_buf_puts(out, ", \"kind\": \"module\"}]\n            }\n          ]");
    write_related(out, r);
    if (r->verdict == SA_VERDICT_WAIVED) {
        sa_buf_clear(msg);
        sa_buf_puts(msg, r->reason ? r->reason : "waived");
        if (r->waiver_approved_by)
            sa_buf_printf(msg, " (approved by %s)", r->waiver_approved_by);
        sa_buf_puts(out, ",\n          \"suppressions\": [{\"kind\": \"external\", ");
        js(out, "justification", sa_buf_cstr(msg));
        sa_buf_puts(out, "}]");
    }
    write_fingerprints(out, rs, r);
    write_properties(out, rs, r, msg);
}

void sa_report_render_sarif(const sa_result_set *rs, sa_buf *out)
{
    size_t *reqs = NULL;
    size_t nreq = sa_rpt_requirements(rs, &reqs);
    const char *uri = rs->spec_path ? rs->spec_path : "specification.yaml";

    sa_buf_puts(out, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
                     "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": {\n"
                     "        \"driver\": {\n          \"name\": \"specaudit\",\n          ");
    js(out, "version", rs->tool_version ? rs->tool_version : "0");
    sa_buf_puts(out, ",\n          \"rules\": [");
    for (size_t k = 0; k < nreq; k++)
        write_rule(out, rs, &rs->results[reqs[k]], k == 0);
    sa_buf_puts(out, nreq ? "\n          ]\n        }\n      },\n" : "]\n        }\n      },\n");
    write_artifacts(out, rs, uri);
    write_run_properties(out, rs);

    sa_buf_puts(out, "      \"results\": [");
    bool first = true;
    sa_buf msg = SA_BUF_INIT;
    for (size_t i = 0; i < rs->nresults; i++) {
        const sa_result *r = &rs->results[i];
        if (!reported(r))
            continue;
        size_t rule_index = 0;
        for (size_t k = 0; k < nreq; k++)
            if (strcmp(sa_rpt_str(rs->results[reqs[k]].requirement_id), sa_rpt_str(r->requirement_id)) == 0)
                rule_index = k;
        sa_buf_puts(out, first ? "\n        {\n          " : ",\n        {\n          ");
        first = false;
        write_result(out, rs, r, rule_index, uri, &msg);
    }
    sa_buf_free(&msg);
    sa_buf_puts(out, first ? "]\n    }\n  ]\n}\n" : "\n      ]\n    }\n  ]\n}\n");
    free(reqs);
}
