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
 * requirement only show each provider's share (the system-wide row is the
 * one judged), so they pass with their evidence in <system-out>.
 */
#include <string.h>

#include "report/render.h"

static void xml_attr(sa_buf *b, const char *name, const char *value)
{
    sa_buf_printf(b, " %s=\"", name);
    if (value)
        sa_buf_xml_escape(b, value, strlen(value));
    sa_buf_putc(b, '"');
}

typedef struct tally {
    size_t tests, failures, errors, skipped;
} tally;

static void count(tally *t, const sa_result *r)
{
    t->tests++;
    if (sa_rpt_is_share(r))
        return;
    switch (r->verdict) {
    case SA_VERDICT_NOT_MET:
    case SA_VERDICT_PARTIALLY_MET: t->failures++; break;
    case SA_VERDICT_ERROR: t->errors++; break;
    case SA_VERDICT_NOT_ASSESSABLE:
    case SA_VERDICT_EXCLUDED:
    case SA_VERDICT_WAIVED: t->skipped++; break;
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
    switch (r->verdict) {
    case SA_VERDICT_EXCLUDED: sa_buf_puts(m, "excluded"); break;
    case SA_VERDICT_WAIVED: sa_buf_puts(m, "waived"); break;
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

static void write_testcase(sa_buf *out, const sa_result_set *rs, const sa_result *r)
{
    sa_buf name = SA_BUF_INIT, cls = SA_BUF_INIT;
    sa_buf_printf(&name, "%s %s", sa_rpt_str(r->requirement_id), sa_rpt_str(r->title));
    sa_buf_printf(&cls, "%s.%s", rs->spec_id ? rs->spec_id : "specaudit",
                  r->provider_code ? r->provider_code : "system");
    sa_buf_puts(out, "    <testcase");
    xml_attr(out, "name", sa_buf_cstr(&name));
    xml_attr(out, "classname", sa_buf_cstr(&cls));
    sa_buf_free(&name);
    sa_buf_free(&cls);

    sa_buf ev = SA_BUF_INIT;
    sa_rpt_evidence_plain(&ev, r, 0);
    if (sa_rpt_is_share(r)) {
        sa_buf_puts(out, ">\n      <system-out>This provider's share of a system-wide requirement; the "
                         "System-wide suite holds the verdict that counts.\n");
        sa_buf_xml_escape(out, ev.data, ev.len);
        sa_buf_puts(out, "</system-out>\n    </testcase>\n");
        sa_buf_free(&ev);
        return;
    }
    switch (r->verdict) {
    case SA_VERDICT_NOT_MET:
    case SA_VERDICT_PARTIALLY_MET:
        sa_buf_puts(out, ">\n      <failure");
        xml_attr(out, "type", sa_verdict_name(r->verdict));
        xml_attr(out, "message", r->summary ? r->summary : sa_verdict_label(r->verdict));
        sa_buf_putc(out, '>');
        sa_buf_xml_escape(out, ev.data, ev.len);
        sa_buf_puts(out, "</failure>\n    </testcase>\n");
        break;
    case SA_VERDICT_ERROR:
        sa_buf_puts(out, ">\n      <error");
        xml_attr(out, "type", "error");
        xml_attr(out, "message", r->reason ? r->reason : sa_verdict_meaning(r->verdict));
        sa_buf_putc(out, '>');
        sa_buf_xml_escape(out, ev.data, ev.len);
        sa_buf_puts(out, "</error>\n    </testcase>\n");
        break;
    case SA_VERDICT_NOT_ASSESSABLE:
    case SA_VERDICT_EXCLUDED:
    case SA_VERDICT_WAIVED: {
        sa_buf m = SA_BUF_INIT;
        skipped_message(&m, r);
        /* The reason as text too: GitLab shows a skipped case's text, not its message. */
        sa_buf_puts(out, ">\n      <skipped");
        xml_attr(out, "message", sa_buf_cstr(&m));
        sa_buf_putc(out, '>');
        sa_buf_xml_escape(out, m.data, m.len);
        sa_buf_puts(out, "</skipped>\n      <system-out>");
        sa_buf_xml_escape(out, ev.data, ev.len);
        sa_buf_puts(out, "</system-out>\n    </testcase>\n");
        sa_buf_free(&m);
        break;
    }
    default:
        if (r->summary) {
            sa_buf_puts(out, ">\n      <system-out>");
            sa_buf_xml_escape(out, r->summary, strlen(r->summary));
            sa_buf_puts(out, "</system-out>\n    </testcase>\n");
        } else {
            sa_buf_puts(out, "/>\n");
        }
        break;
    }
    sa_buf_free(&ev);
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
    xml_attr(out, "name", sa_buf_cstr(&title));
    sa_buf_free(&title);
    tally_attrs(out, &all, false);
    sa_buf_puts(out, ">\n");

    for (size_t g = 0; g < ng; g++) {
        tally t = {0, 0, 0, 0};
        for (size_t k = 0; k < groups[g].n; k++)
            count(&t, &rs->results[groups[g].idx[k]]);
        sa_buf label = SA_BUF_INIT;
        if (!groups[g].code)
            sa_buf_puts(&label, "System-wide");
        else if (groups[g].name)
            sa_buf_printf(&label, "%s (%s)", groups[g].name, groups[g].code);
        else
            sa_buf_puts(&label, groups[g].code);
        sa_buf_puts(out, "  <testsuite");
        xml_attr(out, "name", !groups[g].code ? "System-wide" : sa_buf_cstr(&label));
        sa_buf_free(&label);
        sa_buf_printf(out, " id=\"%zu\"", g);
        xml_attr(out, "package", rs->spec_id);
        tally_attrs(out, &t, true);
        sa_buf_puts(out, ">\n    <properties>\n");
        sa_buf_puts(out, "      <property name=\"provider_code\"");
        xml_attr(out, "value", groups[g].code ? groups[g].code : "");
        sa_buf_puts(out, "/>\n      <property name=\"specification\"");
        sa_buf spec = SA_BUF_INIT;
        sa_buf_printf(&spec, "%s %s", sa_rpt_str(rs->spec_id), sa_rpt_str(rs->spec_version));
        xml_attr(out, "value", sa_buf_cstr(&spec));
        sa_buf_free(&spec);
        sa_buf_puts(out, "/>\n    </properties>\n");
        for (size_t k = 0; k < groups[g].n; k++)
            write_testcase(out, rs, &rs->results[groups[g].idx[k]]);
        sa_buf_puts(out, "  </testsuite>\n");
    }
    sa_buf_puts(out, "</testsuites>\n");
    sa_rpt_groups_free(groups, ng);
}
