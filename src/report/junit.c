/*
 * junit.c — JUnit XML for CI: one <testsuite> per provider (plus one named
 * "System-wide" for scope: system rows), one <testcase> per requirement.
 *
 *   met             passes
 *   not_met         <failure type="not_met">, the evidence as its text
 *   partially_met   <failure type="partially_met">
 *   not_assessable  <skipped message="not assessable: reason">
 *   excluded        <skipped message="excluded: reason">
 *   waived          <skipped message="waived: reason (approver, expiry)">
 *   error           <error type="error" message="reason">
 *
 * The layout is valid against the Jenkins xUnit schema (junit-10.xsd, a copy
 * in tests/schemas/) and is what GitLab's parser reads: suites under one
 * <testsuites>, each case's status from its failure, error or skipped child,
 * whose text is the detail shown.
 *
 * Waived and excluded rows are skipped rather than passed so a CI dashboard
 * never shows an accepted shortfall as green; they do not fail the build,
 * matching the CLI's exit code. The provider rows of a `scope: system`
 * requirement are shares, not verdicts: they are no testcase and no count,
 * but listed after the evidence of the system-wide testcase.
 *
 * Every suite's <properties> carry the overall status and headline and the
 * provenance (specification checksum, the provider's agreements, every
 * return's path, rows and checksum, the assessed range, --today).
 */
#include <string.h>

#include "report/render.h"

typedef struct tally {
    size_t tests, failures, errors, skipped;
} tally;

static void count(tally *t, const sa_result *r)
{
    if (sa_rpt_is_share(r))
        return;
    t->tests++;
    switch (r->verdict) {
    case SA_VERDICT_NOT_MET:
    case SA_VERDICT_PARTIALLY_MET: t->failures++; break;
    case SA_VERDICT_ERROR: t->errors++; break;
    case SA_VERDICT_NOT_ASSESSABLE:
    case SA_VERDICT_EXCLUDED:
    case SA_VERDICT_WAIVED:
    case SA_VERDICT_NOT_IN_FORCE: t->skipped++; break;
    default: break;
    }
}

/* <testsuite> carries all four counts; <testsuites> has no `skipped` in the
 * Jenkins xUnit schema (junit-10.xsd), so it is left out there. */
static void tally_attrs(sa_buf *b, const tally *t, bool with_skipped)
{
    sa_buf_printf(b, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\"", t->tests, t->failures, t->errors);
    if (with_skipped)
        sa_buf_printf(b, " skipped=\"%zu\"", t->skipped);
}

static void skipped_message(sa_buf *m, const sa_result *r)
{
    if (r->verdict == SA_VERDICT_NOT_IN_FORCE && r->reason) { /* "not yet in force: from ..." says it all */
        sa_buf_puts(m, r->reason);
        return;
    }
    switch (r->verdict) {
    case SA_VERDICT_EXCLUDED: sa_buf_puts(m, "excluded"); break;
    case SA_VERDICT_WAIVED: sa_buf_puts(m, "waived"); break;
    case SA_VERDICT_NOT_IN_FORCE: sa_buf_puts(m, "not in force"); break;
    default: sa_buf_puts(m, "not assessable"); break;
    }
    const char *why = r->reason ? r->reason : r->summary;
    if (why)
        sa_buf_printf(m, ": %s", why);
    if (r->verdict == SA_VERDICT_WAIVED) {
        if (r->waiver_approved_by)
            sa_buf_printf(m, " (approved by %s", r->waiver_approved_by);
        else
            sa_buf_puts(m, " (");
        if (r->waiver_until != SA_DATE_NONE) {
            sa_buf_puts(m, r->waiver_approved_by ? ", until " : "until ");
            sa_rpt_date(m, r->waiver_until);
        }
        sa_buf_putc(m, ')');
    }
}

/* The shares that follow a system-wide row (results are in that order),
 * as plain lines after its evidence. */
static void append_shares(sa_buf *ev, const sa_result_set *rs, const sa_result *r)
{
    size_t i = (size_t)(r - rs->results) + 1;
    for (bool first = true; i < rs->nresults && sa_rpt_is_share(&rs->results[i]); i++, first = false) {
        const sa_result *s = &rs->results[i];
        if (first)
            sa_buf_puts(ev, "Providers' shares (not verdicts, not counted):\n");
        sa_buf_puts(ev, "  ");
        sa_rpt_provider_label(ev, s);
        sa_buf_puts(ev, ": ");
        sa_buf_puts(ev, sa_rpt_str(s->summary));
        sa_buf_putc(ev, '\n');
    }
}

static void write_testcase(sa_buf *out, const sa_result_set *rs, const sa_result *r)
{
    sa_buf name = SA_BUF_INIT, cls = SA_BUF_INIT;
    sa_buf_printf(&name, "%s %s", sa_rpt_str(r->requirement_id), sa_rpt_str(r->title));
    sa_buf_printf(&cls, "%s.%s", rs->spec_id ? rs->spec_id : "specaudit", sa_rpt_row_key(r));
    sa_buf_puts(out, "    <testcase");
    sa_buf_xml_attr(out, "name", sa_buf_cstr(&name));
    sa_buf_xml_attr(out, "classname", sa_buf_cstr(&cls));
    sa_buf_free(&name);
    sa_buf_free(&cls);

    sa_buf ev = SA_BUF_INIT;
    sa_rpt_evidence_plain(&ev, r, 0);
    if (!r->provider_code && !r->commissioner)
        append_shares(&ev, rs, r);
    switch (r->verdict) {
    case SA_VERDICT_NOT_MET:
    case SA_VERDICT_PARTIALLY_MET:
        sa_buf_puts(out, ">\n      <failure");
        sa_buf_xml_attr(out, "type", sa_verdict_name(r->verdict));
        sa_buf_xml_attr(out, "message", r->summary ? r->summary : sa_verdict_label(r->verdict));
        sa_buf_putc(out, '>');
        sa_buf_xml_escape(out, ev.data, ev.len);
        sa_buf_puts(out, "</failure>\n    </testcase>\n");
        break;
    case SA_VERDICT_ERROR:
        sa_buf_puts(out, ">\n      <error");
        sa_buf_xml_attr(out, "type", "error");
        sa_buf_xml_attr(out, "message", r->reason ? r->reason : sa_verdict_meaning(r->verdict));
        sa_buf_putc(out, '>');
        sa_buf_xml_escape(out, ev.data, ev.len);
        sa_buf_puts(out, "</error>\n    </testcase>\n");
        break;
    case SA_VERDICT_NOT_ASSESSABLE:
    case SA_VERDICT_EXCLUDED:
    case SA_VERDICT_WAIVED:
    case SA_VERDICT_NOT_IN_FORCE: {
        sa_buf m = SA_BUF_INIT;
        skipped_message(&m, r);
        /* The reason as text too: GitLab shows a skipped case's text, not its message. */
        sa_buf_puts(out, ">\n      <skipped");
        sa_buf_xml_attr(out, "message", sa_buf_cstr(&m));
        sa_buf_putc(out, '>');
        sa_buf_xml_escape(out, m.data, m.len);
        sa_buf_puts(out, "</skipped>\n      <system-out>");
        sa_buf_xml_escape(out, ev.data, ev.len);
        sa_buf_puts(out, "</system-out>\n    </testcase>\n");
        sa_buf_free(&m);
        break;
    }
    default:
        if (ev.len) {
            sa_buf_puts(out, ">\n      <system-out>");
            sa_buf_xml_escape(out, ev.data, ev.len);
            sa_buf_puts(out, "</system-out>\n    </testcase>\n");
        } else {
            sa_buf_puts(out, "/>\n");
        }
        break;
    }
    sa_buf_free(&ev);
}

static void property(sa_buf *out, const char *name, const char *value)
{
    sa_buf_puts(out, "      <property");
    sa_buf_xml_attr(out, "name", name);
    sa_buf_xml_attr(out, "value", value ? value : "");
    sa_buf_puts(out, "/>\n");
}

/* The overall status and the provenance, on every suite: a dashboard that
 * shows one suite still shows what it rests on. */
static void write_properties(sa_buf *out, const sa_result_set *rs, const char *code)
{
    sa_buf v = SA_BUF_INIT;
    sa_buf_puts(out, "    <properties>\n");
    property(out, "provider_code", code);
    sa_buf_printf(&v, "%s %s", sa_rpt_str(rs->spec_id), sa_rpt_str(rs->spec_version));
    property(out, "specification", sa_buf_cstr(&v));
    property(out, "status", sa_status_name(rs->summary.status));
    property(out, "headline", rs->summary.headline);
    property(out, "specification_file", rs->spec_path);
    property(out, "specification_sha256", rs->spec_sha256);
    for (size_t i = 0; i < rs->nagreements; i++) {
        const sa_agreement_ref *a = &rs->agreements[i];
        if (code && (!a->provider_code || strcmp(a->provider_code, code) != 0))
            continue;
        sa_buf_clear(&v);
        sa_buf_printf(&v, "%s version %s, %s, ", sa_rpt_str(a->id), sa_rpt_str(a->version), sa_rpt_str(a->path));
        sa_rpt_sha256(&v, a->sha256);
        property(out, "agreement", sa_buf_cstr(&v));
    }
    for (size_t i = 0; i < rs->ninputs; i++) {
        sa_buf_clear(&v);
        sa_buf_printf(&v, "%s, %llu rows, ", sa_rpt_str(rs->inputs[i].path), (unsigned long long)rs->inputs[i].rows);
        sa_rpt_sha256(&v, rs->inputs[i].sha256);
        property(out, "return", sa_buf_cstr(&v));
    }
    sa_buf_clear(&v);
    sa_rpt_date(&v, rs->period_from);
    sa_buf_puts(&v, "..");
    sa_rpt_date(&v, rs->period_to);
    property(out, "assessed", sa_buf_cstr(&v));
    if (rs->today != SA_DATE_NONE) {
        sa_buf_clear(&v);
        sa_rpt_date(&v, rs->today);
        property(out, "today", sa_buf_cstr(&v));
    }
    property(out, "specaudit_version", rs->tool_version);
    sa_buf_puts(out, "    </properties>\n");
    sa_buf_free(&v);
}

static void write_suite(sa_buf *out, const sa_result_set *rs, const sa_rpt_group *g, size_t id)
{
    tally t = {0, 0, 0, 0};
    for (size_t k = 0; k < g->n; k++)
        count(&t, &rs->results[g->idx[k]]);
    if (t.tests == 0)
        return; /* only shares: nothing of this provider is judged on its own */
    sa_buf label = SA_BUF_INIT;
    if (g->commissioner)
        sa_buf_printf(&label, "Commissioner%s%s", g->name ? ": " : "", g->name ? g->name : "");
    else if (!g->code)
        sa_buf_puts(&label, "System-wide");
    else if (g->name)
        sa_buf_printf(&label, "%s (%s)", g->name, g->code);
    else
        sa_buf_puts(&label, g->code);
    sa_buf_puts(out, "  <testsuite");
    sa_buf_xml_attr(out, "name", sa_buf_cstr(&label));
    sa_buf_free(&label);
    sa_buf_printf(out, " id=\"%zu\"", id);
    sa_buf_xml_attr(out, "package", rs->spec_id);
    tally_attrs(out, &t, true);
    sa_buf_puts(out, ">\n");
    write_properties(out, rs, g->code);
    for (size_t k = 0; k < g->n; k++)
        if (!sa_rpt_is_share(&rs->results[g->idx[k]]))
            write_testcase(out, rs, &rs->results[g->idx[k]]);
    sa_buf_puts(out, "  </testsuite>\n");
}

void sa_report_render_junit(const sa_result_set *rs, sa_buf *out)
{
    sa_rpt_group *groups = NULL;
    size_t ng = sa_rpt_groups(rs, &groups);
    tally all = {0, 0, 0, 0};
    for (size_t i = 0; i < rs->nresults; i++)
        count(&all, &rs->results[i]);

    sa_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites");
    sa_buf title = SA_BUF_INIT;
    sa_buf_printf(&title, "specaudit check %s %s", sa_rpt_str(rs->spec_id), sa_rpt_str(rs->spec_version));
    sa_buf_xml_attr(out, "name", sa_buf_cstr(&title));
    sa_buf_free(&title);
    tally_attrs(out, &all, false);
    sa_buf_puts(out, ">\n");
    for (size_t g = 0; g < ng; g++)
        write_suite(out, rs, &groups[g], g);
    sa_buf_puts(out, "</testsuites>\n");
    sa_rpt_groups_free(groups, ng);
}
