/*
 * sarif.c — SARIF 2.1.0 for code-scanning dashboards. Every requirement is a
 * rule in tool.driver.rules; every requirement x provider that is not met,
 * partially met, not assessable, waived or in error is a result.
 *
 * Location: each result points at the line and column where its requirement
 * is written in the specification, with a logicalLocation naming the
 * provider; URIs are relative to the working directory (%SRCROOT%, see
 * sarif_common.c). Example rows become relatedLocations (file + row).
 * Results are fingerprinted by specification, requirement and provider, so
 * code scanning keeps apart the providers that share a requirement's line.
 * Each rule (a requirement) is described by its title, its kind, severity
 * and target, and points at `specaudit explain` for the rest.
 * Waived results carry an external suppression with the waiver's reason.
 * Met and excluded results are omitted (nothing to act on).
 *
 * kind and level: a failure (not met, partially met, error) is kind "fail"
 * with level error for critical and major requirements and any error
 * verdict, warning for minor ones; a waived result is a "fail" with its
 * suppression. Not assessable is kind "review" and the provider rows of a
 * `scope: system` requirement (each provider's share; only the system-wide
 * row is judged) are "informational"; SARIF gives those level "none".
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
    if (sa_rpt_is_share(r))
        return "informational";
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
    return r->verdict != SA_VERDICT_MET && r->verdict != SA_VERDICT_EXCLUDED;
}

/* The rule of a requirement: its title, what it asks, and where to read
 * more. A requirement without a title is still described by more than its id. */
static void requirement_rule_texts(sa_buf *out, const sa_result_set *rs, const sa_result *r)
{
    sa_buf title = SA_BUF_INIT, desc = SA_BUF_INIT, help = SA_BUF_INIT, target = SA_BUF_INIT;
    if (r->title)
        sa_buf_puts(&title, r->title);
    else
        sa_buf_printf(&title, "Requirement %s", sa_rpt_str(r->requirement_id));
    sa_buf_printf(&desc, "Requirement %s of specification %s %s: a %s %s check", sa_rpt_str(r->requirement_id),
                  sa_rpt_str(rs->spec_id), sa_rpt_str(rs->spec_version), sa_req_severity_name(r->severity),
                  sa_rpt_str(r->check_kind));
    if (sa_rpt_target_human(&target, r))
        sa_buf_printf(&desc, " with the target %s", sa_buf_cstr(&target));
    sa_buf_puts(&desc, r->scope == SA_SCOPE_SYSTEM ? ", met by the providers together." : ", met by each provider.");
    sa_buf_printf(&help, "%s A result is a provider for which the requirement is not met, partially met, not "
                         "assessable, waived or in error; its message gives the evidence. "
                         "'specaudit explain %s %s' describes the requirement in full.",
                  sa_buf_cstr(&desc), rs->spec_path ? rs->spec_path : "SPEC", sa_rpt_str(r->requirement_id));
    sa_sarif_rule_texts(out, ",\n              ", sa_buf_cstr(&title), sa_buf_cstr(&desc), sa_buf_cstr(&help));
    sa_buf_free(&title);
    sa_buf_free(&desc);
    sa_buf_free(&help);
    sa_buf_free(&target);
}

/* Code scanning tells results apart by fingerprint; without one, the results
 * of several providers at one requirement's line would merge into one. */
static void partial_fingerprints(sa_buf *out, const sa_result_set *rs, const sa_result *r)
{
    sa_buf key = SA_BUF_INIT;
    sa_buf_printf(&key, "%s/%s/%s", sa_rpt_str(rs->spec_id), sa_rpt_str(r->requirement_id),
                  r->provider_code ? r->provider_code : "system");
    sa_buf_puts(out, "\"partialFingerprints\": {");
    js(out, "requirementProvider/v1", sa_buf_cstr(&key));
    sa_buf_putc(out, '}');
    sa_buf_free(&key);
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
    for (size_t k = 0; k < nreq; k++) {
        const sa_result *r = &rs->results[reqs[k]];
        sa_buf_puts(out, k ? ",\n            {\n              " : "\n            {\n              ");
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
    sa_buf_puts(out, nreq ? "\n          ]\n        }\n      },\n" : "]\n        }\n      },\n");

    sa_buf_puts(out, "      \"artifacts\": [\n        {\"location\": ");
    sa_sarif_artifact_location(out, uri, -1);
    sa_buf_puts(out, ", \"roles\": [\"analysisTarget\"]}\n      ],\n      ");
    sa_sarif_uri_base_ids(out);
    sa_buf_puts(out, ",\n");

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
        js(out, "ruleId", sa_rpt_str(r->requirement_id));
        sa_buf_printf(out, ",\n          \"ruleIndex\": %zu,\n          ", rule_index);
        js(out, "level", result_level(r));
        sa_buf_puts(out, ",\n          ");
        js(out, "kind", result_kind(r));
        sa_buf_clear(&msg);
        sa_buf_printf(&msg, "%s ", sa_rpt_str(r->requirement_id));
        sa_rpt_provider_label(&msg, r);
        sa_buf_printf(&msg, ": %s", sa_verdict_label(r->verdict));
        if (r->summary)
            sa_buf_printf(&msg, ". %s", r->summary);
        if (r->reason)
            sa_buf_printf(&msg, ". %s", r->reason);
        sa_buf_puts(out, ",\n          \"message\": {");
        js(out, "text", sa_buf_cstr(&msg));
        sa_buf_puts(out, "},\n          \"locations\": [\n            {\n"
                         "              \"physicalLocation\": {\"artifactLocation\": ");
        sa_sarif_artifact_location(out, uri, 0);
        sa_buf_printf(out, ", \"region\": {\"startLine\": %u, \"startColumn\": %u}",
                      (unsigned)(r->requirement_line ? r->requirement_line : 1),
                      (unsigned)(r->requirement_line && r->requirement_col ? r->requirement_col : 1));
        sa_buf_puts(out, "},\n              \"logicalLocations\": [{");
        js(out, "name", r->provider_code ? r->provider_code : "system");
        sa_buf_puts(out, ", ");
        sa_buf_clear(&msg);
        sa_buf_printf(&msg, "%s/%s", sa_rpt_str(r->requirement_id),
                      r->provider_code ? r->provider_code : "system");
        js(out, "fullyQualifiedName", sa_buf_cstr(&msg));
        sa_buf_puts(out, ", \"kind\": \"module\"}]\n            }\n          ]");
        if (r->nexamples) {
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
        if (r->verdict == SA_VERDICT_WAIVED && !sa_rpt_is_share(r)) {
            sa_buf_clear(&msg);
            sa_buf_puts(&msg, r->reason ? r->reason : "waived");
            if (r->waiver_approved_by)
                sa_buf_printf(&msg, " (approved by %s)", r->waiver_approved_by);
            sa_buf_puts(out, ",\n          \"suppressions\": [{\"kind\": \"external\", ");
            js(out, "justification", sa_buf_cstr(&msg));
            sa_buf_puts(out, "}]");
        }
        sa_buf_puts(out, ",\n          ");
        partial_fingerprints(out, rs, r);
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
        sa_buf_clear(&msg);
        if (sa_rpt_target_human(&msg, r)) {
            sa_buf_puts(out, ", ");
            js(out, "target", sa_buf_cstr(&msg));
        }
        if (r->waiver_until != SA_DATE_NONE) {
            sa_buf_clear(&msg);
            sa_rpt_date(&msg, r->waiver_until);
            sa_buf_puts(out, ", ");
            js(out, "waiver_until", sa_buf_cstr(&msg));
        }
        sa_buf_puts(out, "}\n        }");
    }
    sa_buf_free(&msg);
    sa_buf_puts(out, first ? "]\n    }\n  ]\n}\n" : "\n      ]\n    }\n  ]\n}\n");
    free(reqs);
}
