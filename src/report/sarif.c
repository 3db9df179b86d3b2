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
    sa_buf_puts(b, r->commissioner               ? ", met by the commissioner itself."
                   : r->scope == SA_SCOPE_SYSTEM ? ", met by the providers together."
                                                 : ", met by each provider.");
    sa_buf_free(&target);
}

/* The rule's texts: the requirement's title, its description (else what it
 * asks) and its guidance (else how to read its results). Never the id alone. */
static void requirement_rule_texts(sa_jw *w, const sa_result_set *rs, const sa_result *r)
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
        sa_buf_printf(&help, " A result is %s for which the requirement is not met, partially met, not "
                             "assessable, waived or in error; its message gives the evidence. "
                             "'specaudit explain %s %s' describes the requirement in full.",
                      r->commissioner ? "the commissioner" : "a provider",
                      rs->spec_path ? rs->spec_path : "SPEC", sa_rpt_str(r->requirement_id));
    }
    sa_sarif_rule_texts(w, sa_buf_cstr(&title), sa_buf_cstr(&desc), sa_buf_cstr(&help));
    sa_buf_free(&title);
    sa_buf_free(&desc);
    sa_buf_free(&help);
}

static void write_rule(sa_jw *w, const sa_result_set *rs, const sa_result *r)
{
    sa_jw_object(w, NULL);
    sa_jw_str(w, "id", sa_rpt_str(r->requirement_id));
    requirement_rule_texts(w, rs, r);
    sa_jw_object_inline(w, "defaultConfiguration");
    sa_jw_str(w, "level", rule_level(r->severity));
    sa_jw_close_object(w);
    sa_jw_object_inline(w, "properties");
    sa_jw_str(w, "severity", sa_req_severity_name(r->severity));
    sa_jw_str(w, "check_kind", r->check_kind);
    sa_jw_str(w, "scope", r->scope == SA_SCOPE_SYSTEM ? "system" : "provider");
    sa_jw_close_object(w);
    sa_jw_close_object(w);
}

/* Code scanning tells results apart by fingerprint; without one, the results
 * of several providers at one requirement's line would merge into one. */
static void write_fingerprints(sa_jw *w, const sa_result_set *rs, const sa_result *r)
{
    sa_buf key = SA_BUF_INIT;
    sa_buf_printf(&key, "%s/%s/%s", sa_rpt_str(rs->spec_id), sa_rpt_str(r->requirement_id), sa_rpt_row_key(r));
    sa_jw_object_inline(w, "partialFingerprints");
    sa_jw_str(w, "requirementProvider/v1", sa_buf_cstr(&key));
    sa_jw_close_object(w);
    sa_buf_free(&key);
}

static void write_artifact(sa_jw *w, const char *uri, const char *sha256)
{
    sa_jw_object_inline(w, NULL);
    sa_sarif_artifact_location(w, "location", uri, -1);
    sa_jw_array_inline(w, "roles");
    sa_jw_str(w, NULL, "analysisTarget");
    sa_jw_close_array(w);
    if (sha256) {
        sa_jw_object_inline(w, "hashes");
        sa_jw_str(w, "sha-256", sha256);
        sa_jw_close_object(w);
    }
    sa_jw_close_object(w);
}

/* Every input the verdicts rest on, with its checksum: the specification
 * first (index 0, where results point), then agreements, then returns. */
static void write_artifacts(sa_jw *w, const sa_result_set *rs, const char *uri)
{
    sa_jw_array(w, "artifacts");
    write_artifact(w, uri, rs->spec_sha256);
    for (size_t i = 0; i < rs->nagreements; i++)
        write_artifact(w, sa_rpt_str(rs->agreements[i].path), rs->agreements[i].sha256);
    for (size_t i = 0; i < rs->ninputs; i++)
        write_artifact(w, sa_rpt_str(rs->inputs[i].path), rs->inputs[i].sha256);
    sa_jw_close_array(w);
    sa_sarif_uri_base_ids(w);
}

static void write_summary_counts(sa_jw *w, const sa_summary *s)
{
    sa_jw_uint(w, "verdicts", s->verdicts);
    sa_jw_same_line(w);
    sa_jw_uint(w, "shares", s->shares);
    sa_jw_same_line(w);
    sa_jw_uint(w, "failures", s->failures);
    sa_jw_object_inline(w, "verdict_counts");
    for (int v = 0; v < SA_VERDICT_COUNT; v++)
        sa_jw_uint(w, sa_verdict_name((sa_verdict)v), s->verdict_counts[v]);
    sa_jw_close_object(w);
    sa_jw_object_inline(w, "by_severity");
    for (int k = 0; k < 3; k++) {
        sa_jw_object_inline(w, sa_req_severity_name((sa_req_severity)k));
        sa_jw_uint(w, "requirements", s->by_severity[k].requirements);
        sa_jw_uint(w, "falling_short", s->by_severity[k].falling_short);
        sa_jw_uint(w, "not_demonstrated", s->by_severity[k].not_demonstrated);
        sa_jw_close_object(w);
    }
    sa_jw_close_object(w);
}

/* The assessed range is always a string ("" when open); --today is null when not given. */
static void write_run_properties(sa_jw *w, const sa_result_set *rs)
{
    const sa_summary *s = &rs->summary;
    sa_buf d = SA_BUF_INIT;
    sa_jw_object(w, "properties");
    sa_jw_str(w, "status", sa_status_name(s->status));
    sa_jw_str(w, "headline", sa_rpt_str(s->headline));
    sa_jw_str(w, "fail_on", sa_req_severity_name(rs->fail_on));
    write_summary_counts(w, s);
    sa_rpt_date(&d, rs->period_from);
    sa_jw_str(w, "assessed_from", sa_buf_cstr(&d));
    sa_buf_clear(&d);
    sa_rpt_date(&d, rs->period_to);
    sa_jw_same_line(w);
    sa_jw_str(w, "assessed_to", sa_buf_cstr(&d));
    sa_jw_same_line(w);
    sa_jw_date(w, "today", rs->today);
    sa_jw_close_object(w);
    sa_buf_free(&d);
}

/* The shares after a system-wide row, for its properties. */
static void write_shares(sa_jw *w, const sa_result_set *rs, const sa_result *r)
{
    size_t i = (size_t)(r - rs->results) + 1;
    if (r->provider_code || i >= rs->nresults || !sa_rpt_is_share(&rs->results[i]))
        return;
    sa_jw_array_inline(w, "shares");
    for (size_t k = i; k < rs->nresults && sa_rpt_is_share(&rs->results[k]); k++) {
        const sa_result *s = &rs->results[k];
        sa_jw_object_inline(w, NULL);
        sa_jw_str(w, "provider_code", s->provider_code);
        sa_jw_bool(w, "counted", s->share_counted);
        sa_jw_num(w, "measured", s->has_measured, s->measured);
        sa_jw_str(w, "summary", sa_rpt_str(s->summary));
        sa_jw_close_object(w);
    }
    sa_jw_close_array(w);
}

static void write_related(sa_jw *w, const sa_result *r)
{
    if (!r->nexamples)
        return;
    sa_jw_array(w, "relatedLocations");
    for (size_t e = 0; e < r->nexamples; e++) {
        const sa_example *ex = &r->examples[e];
        sa_jw_object_inline(w, NULL);
        sa_jw_uint(w, "id", e);
        if (ex->file && *ex->file) {
            sa_jw_object_inline(w, "physicalLocation");
            sa_sarif_artifact_location(w, "artifactLocation", ex->file, -1);
            if (ex->row) {
                sa_jw_object_inline(w, "region");
                sa_jw_uint(w, "startLine", ex->row);
                sa_jw_close_object(w);
            }
            sa_jw_close_object(w);
        }
        sa_sarif_message(w, "message", sa_rpt_str(ex->message));
        sa_jw_close_object(w);
    }
    sa_jw_close_array(w);
}

static void write_properties(sa_jw *w, const sa_result_set *rs, const sa_result *r, sa_buf *msg)
{
    sa_jw_object_inline(w, "properties");
    sa_jw_str(w, "requirement_id", r->requirement_id);
    sa_jw_str(w, "provider_code", r->provider_code);
    sa_jw_str(w, "verdict", sa_verdict_name(r->verdict));
    sa_jw_str(w, "severity", sa_req_severity_name(r->severity));
    if (r->has_measured)
        sa_jw_num(w, "measured", true, r->measured);
    sa_buf_clear(msg);
    if (sa_rpt_target_human(msg, r))
        sa_jw_str(w, "target", sa_buf_cstr(msg));
    if (r->waiver_until != SA_DATE_NONE)
        sa_jw_date(w, "waiver_until", r->waiver_until);
    if (r->waiver_note)
        sa_jw_str(w, "waiver_note", r->waiver_note);
    if (r->activity.set)
        sa_jw_str(w, "activity_plan", r->activity.text);
    if (r->baseline.set)
        sa_jw_str(w, "baseline", r->baseline.text);
    write_shares(w, rs, r);
    sa_jw_close_object(w);
}

/* Where a result is: its requirement's line in the specification, and the provider. */
static void write_locations(sa_jw *w, const sa_result *r, const char *uri, sa_buf *msg)
{
    sa_jw_array(w, "locations");
    sa_jw_object(w, NULL);
    sa_jw_object_inline(w, "physicalLocation");
    sa_sarif_artifact_location(w, "artifactLocation", uri, 0);
    sa_jw_object_inline(w, "region");
    sa_jw_uint(w, "startLine", r->requirement_line ? r->requirement_line : 1);
    sa_jw_uint(w, "startColumn", r->requirement_line && r->requirement_col ? r->requirement_col : 1);
    sa_jw_close_object(w);
    sa_jw_close_object(w);
    sa_jw_array_inline(w, "logicalLocations");
    sa_jw_object_inline(w, NULL);
    sa_jw_str(w, "name", sa_rpt_row_key(r));
    sa_buf_clear(msg);
    sa_buf_printf(msg, "%s/%s", sa_rpt_str(r->requirement_id), sa_rpt_row_key(r));
    sa_jw_str(w, "fullyQualifiedName", sa_buf_cstr(msg));
    sa_jw_str(w, "kind", "module");
    sa_jw_close_object(w);
    sa_jw_close_array(w);
    sa_jw_close_object(w);
    sa_jw_close_array(w);
}

static void write_suppression(sa_jw *w, const sa_result *r, sa_buf *msg)
{
    sa_buf_clear(msg);
    sa_buf_puts(msg, r->reason ? r->reason : "waived");
    if (r->waiver_approved_by)
        sa_buf_printf(msg, " (approved by %s)", r->waiver_approved_by);
    sa_jw_array_inline(w, "suppressions");
    sa_jw_object_inline(w, NULL);
    sa_jw_str(w, "kind", "external");
    sa_jw_str(w, "justification", sa_buf_cstr(msg));
    sa_jw_close_object(w);
    sa_jw_close_array(w);
}

static void write_result(sa_jw *w, const sa_result_set *rs, const sa_result *r, size_t rule_index,
                         const char *uri, sa_buf *msg)
{
    sa_jw_object(w, NULL);
    sa_jw_str(w, "ruleId", sa_rpt_str(r->requirement_id));
    sa_jw_uint(w, "ruleIndex", rule_index);
    sa_jw_str(w, "level", result_level(r));
    sa_jw_str(w, "kind", result_kind(r));
    sa_buf_clear(msg);
    sa_buf_printf(msg, "%s ", sa_rpt_str(r->requirement_id));
    sa_rpt_provider_label(msg, r);
    sa_buf_printf(msg, ": %s", sa_verdict_label(r->verdict));
    if (r->summary)
        sa_buf_printf(msg, ". %s", r->summary);
    if (r->reason)
        sa_buf_printf(msg, ". %s", r->reason);
    sa_sarif_message(w, "message", sa_buf_cstr(msg));
    write_locations(w, r, uri, msg);
    write_related(w, r);
    if (r->verdict == SA_VERDICT_WAIVED)
        write_suppression(w, r, msg);
    write_fingerprints(w, rs, r);
    write_properties(w, rs, r, msg);
    sa_jw_close_object(w);
}

static void write_driver(sa_jw *w, const sa_result_set *rs, const size_t *reqs, size_t nreq)
{
    sa_jw_object(w, "tool");
    sa_jw_object(w, "driver");
    sa_jw_str(w, "name", "specaudit");
    sa_jw_str(w, "version", rs->tool_version ? rs->tool_version : "0");
    sa_jw_array(w, "rules");
    for (size_t k = 0; k < nreq; k++)
        write_rule(w, rs, &rs->results[reqs[k]]);
    sa_jw_close_array(w);
    sa_jw_close_object(w);
    sa_jw_close_object(w);
}

static void write_results(sa_jw *w, const sa_result_set *rs, const size_t *reqs, size_t nreq, const char *uri)
{
    sa_buf msg = SA_BUF_INIT;
    sa_jw_array(w, "results");
    for (size_t i = 0; i < rs->nresults; i++) {
        const sa_result *r = &rs->results[i];
        if (!reported(r))
            continue;
        size_t rule_index = 0;
        for (size_t k = 0; k < nreq; k++)
            if (strcmp(sa_rpt_str(rs->results[reqs[k]].requirement_id), sa_rpt_str(r->requirement_id)) == 0)
                rule_index = k;
        write_result(w, rs, r, rule_index, uri, &msg);
    }
    sa_jw_close_array(w);
    sa_buf_free(&msg);
}

void sa_report_render_sarif(const sa_result_set *rs, sa_buf *out)
{
    size_t *reqs = NULL;
    size_t nreq = sa_rpt_requirements(rs, &reqs);
    const char *uri = rs->spec_path ? rs->spec_path : "specification.yaml";
    sa_jw w;
    sa_jw_begin(&w, out);
    sa_jw_object(&w, NULL);
    sa_jw_str(&w, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    sa_jw_str(&w, "version", "2.1.0");
    sa_jw_array(&w, "runs");
    sa_jw_object(&w, NULL);
    write_driver(&w, rs, reqs, nreq);
    write_artifacts(&w, rs, uri);
    write_run_properties(&w, rs);
    write_results(&w, rs, reqs, nreq, uri);
    sa_jw_close_object(&w);
    sa_jw_close_array(&w);
    sa_jw_close_object(&w);
    sa_jw_end(&w);
    free(reqs);
}
