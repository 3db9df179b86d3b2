/*
 * md.c — a GitHub-flavoured Markdown summary for pull-request comments:
 * headline, verdict counts, one table row per requirement x provider, and
 * the evidence for every result that needs action in a <details> block.
 *
 * Provider-supplied text is escaped: Markdown punctuation gets a backslash,
 * < > & become entities (GitHub renders inline HTML), newlines become spaces
 * so a cell cannot break the table.
 */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "report/render.h"

/* GitHub comments hold at most 65 536 characters: the evidence section stops
 * adding results once the summary reaches this size and says where the rest is. */
#define MD_SIZE_BUDGET 50000
#define MD_ITEMS_PER_RESULT 3

static const char *verdict_icon(sa_verdict v)
{
    switch (v) {
    case SA_VERDICT_MET: return "\xE2\x9C\x85";                 /* check mark */
    case SA_VERDICT_NOT_MET: return "\xE2\x9D\x8C";             /* cross */
    case SA_VERDICT_PARTIALLY_MET: return "\xF0\x9F\x9F\xA0";   /* orange circle */
    case SA_VERDICT_NOT_ASSESSABLE: return "\xE2\x9D\x94";      /* question mark */
    case SA_VERDICT_EXCLUDED: return "\xE2\x9A\xAA";            /* white circle */
    case SA_VERDICT_WAIVED: return "\xF0\x9F\x94\xB5";          /* blue circle */
    case SA_VERDICT_NOT_IN_FORCE: return "\xE2\x8F\xB3";         /* hourglass */
    default: return "\xE2\x9B\x94";                             /* no entry */
    }
}

static bool needs_action(const sa_result *r)
{
    return r->verdict != SA_VERDICT_MET && r->verdict != SA_VERDICT_EXCLUDED &&
           r->verdict != SA_VERDICT_NOT_IN_FORCE && !sa_rpt_is_share(r);
}

/* "**Not compliant:** 26 of 48 verdicts ...": the headline, its status in bold. */
static void write_headline(sa_buf *out, const sa_result_set *rs)
{
    const char *label = sa_status_label(rs->summary.status);
    const char *h = sa_rpt_str(rs->summary.headline);
    size_t n = strlen(label);
    if (strncmp(h, label, n) == 0 && h[n] == ':') {
        sa_buf_printf(out, "**%s:**", label);
        sa_buf_md_escape(out, h + n + 1);
    } else {
        sa_buf_md_escape(out, h);
    }
    if (rs->summary.status == SA_STATUS_NOT_DEMONSTRATED && rs->summary.passes)
        sa_buf_puts(out, " Accepted for a staged roll-out (`--accept-not-assessable`): exit status 0.");
    if (rs->period_from != SA_DATE_NONE) {
        sa_buf_puts(out, " Period ");
        sa_rpt_date(out, rs->period_from);
        sa_buf_puts(out, " to ");
        sa_rpt_date(out, rs->period_to);
        sa_buf_putc(out, '.');
    }
    if (rs->commissioner_name || rs->commissioner_code) {
        sa_buf_puts(out, " Commissioner: ");
        sa_buf_md_escape(out, rs->commissioner_name ? rs->commissioner_name : rs->commissioner_code);
        if (rs->commissioner_name && rs->commissioner_code) {
            sa_buf_puts(out, " (");
            sa_buf_md_escape(out, rs->commissioner_code);
            sa_buf_putc(out, ')');
        }
        sa_buf_putc(out, '.');
    }
    sa_buf_puts(out, "\n\n");
}

/* The verdict counts and the split by severity: rs->summary, as every format prints it. */
static void write_counts(sa_buf *out, const sa_result_set *rs)
{
    const sa_summary *s = &rs->summary;
    sa_buf_puts(out, "| Verdict | Verdicts |\n|---|---:|\n");
    for (int v = 0; v < SA_VERDICT_COUNT; v++)
        sa_buf_printf(out, "| %s %s | %llu |\n", verdict_icon((sa_verdict)v), sa_verdict_label((sa_verdict)v),
                      (unsigned long long)s->verdict_counts[v]);
    sa_buf_printf(out, "| **All verdicts** | **%llu** |\n", (unsigned long long)s->verdicts);
    if (s->shares)
        sa_buf_printf(out, "\n%llu providers' shares of system-wide requirements are listed after their "
                           "system-wide verdict; they are not verdicts and are not counted.\n",
                      (unsigned long long)s->shares);
    sa_buf_puts(out, "\n| Severity | Requirements | Falling short | Without usable evidence |\n"
                     "|---|---:|---:|---:|\n");
    for (int k = 0; k < 3; k++)
        sa_buf_printf(out, "| %s | %llu | %llu | %llu |\n", sa_req_severity_name((sa_req_severity)k),
                      (unsigned long long)s->by_severity[k].requirements,
                      (unsigned long long)s->by_severity[k].falling_short,
                      (unsigned long long)s->by_severity[k].not_demonstrated);
    if (rs->data_errors || rs->data_warnings)
        sa_buf_printf(out, "\nData quality: %llu errors, %llu warnings in the returns.\n",
                      (unsigned long long)rs->data_errors, (unsigned long long)rs->data_warnings);
}

static void write_row(sa_buf *out, const sa_result *r, sa_buf *tmp)
{
    bool share = sa_rpt_is_share(r);
    sa_buf_puts(out, "| **");
    sa_buf_md_escape(out, r->requirement_id);
    sa_buf_puts(out, "** ");
    sa_buf_md_escape(out, r->title);
    if (r->guidance) {
        sa_buf_puts(out, "<br><sub>");
        sa_buf_md_escape(out, r->guidance);
        sa_buf_puts(out, "</sub>");
    }
    sa_buf_puts(out, share ? " | \xE2\x86\xB3 " : " | "); /* a share is indented under its system-wide row */
    sa_rpt_provider_label(tmp, r);
    sa_buf_md_escape(out, sa_buf_cstr(tmp));
    sa_buf_clear(tmp);
    if (share)
        sa_buf_printf(out, " | Share%s | ", r->share_counted ? "" : ", not counted");
    else
        sa_buf_printf(out, " | %s %s | ", verdict_icon(r->verdict), sa_verdict_label(r->verdict));
    if (sa_rpt_measured_result(tmp, r))
        sa_buf_md_escape(out, sa_buf_cstr(tmp));
    sa_buf_clear(tmp);
    sa_buf_puts(out, " | ");
    if (!share && sa_rpt_target_human(tmp, r))
        sa_buf_md_escape(out, sa_buf_cstr(tmp));
    sa_buf_clear(tmp);
    if (!share && r->original_target) {
        sa_buf_puts(out, " (varied from ");
        sa_buf_md_escape(out, r->original_target);
        sa_buf_putc(out, ')');
    }
    sa_buf_puts(out, " | ");
    const char *ev = r->reason && r->verdict != SA_VERDICT_MET && !share ? r->reason : r->summary;
    sa_buf_md_escape(out, ev);
    if (r->waiver_note && !share) {
        sa_buf_puts(out, "; ");
        sa_buf_md_escape(out, r->waiver_note);
    }
    if (r->activity.set) {
        sa_buf_puts(out, "; activity plan: ");
        sa_buf_md_escape(out, r->activity.text);
    }
    if (r->baseline.set) {
        sa_buf_puts(out, "; baseline: ");
        sa_buf_md_escape(out, r->baseline.text);
    }
    sa_buf_puts(out, " |\n");
}

static void write_table(sa_buf *out, const sa_result_set *rs)
{
    if (!rs->nresults)
        return;
    sa_buf tmp = SA_BUF_INIT;
    sa_buf_puts(out, "\n| Requirement | Provider | Verdict | Measured | Target | Evidence |\n"
                     "|---|---|---|---:|---|---|\n");
    for (size_t i = 0; i < rs->nresults; i++)
        write_row(out, &rs->results[i], &tmp);
    sa_buf_free(&tmp);
}

/* What the verdicts rest on: every input by path and checksum. */
static void write_provenance(sa_buf *out, const sa_result_set *rs)
{
    sa_buf_puts(out, "\n<details><summary>Provenance: the inputs these verdicts rest on</summary>\n\n"
                     "| Input | File | Identity | SHA-256 |\n|---|---|---|---|\n| Specification | ");
    sa_buf_md_escape(out, rs->spec_path);
    sa_buf_puts(out, " | ");
    sa_buf_md_escape(out, rs->spec_id);
    sa_buf_puts(out, " version ");
    sa_buf_md_escape(out, rs->spec_version);
    sa_buf_printf(out, " | `%s` |\n", rs->spec_sha256 ? rs->spec_sha256 : "not computed");
    for (size_t i = 0; i < rs->nagreements; i++) {
        const sa_agreement_ref *a = &rs->agreements[i];
        sa_buf_puts(out, "| Agreement | ");
        sa_buf_md_escape(out, a->path);
        sa_buf_puts(out, " | ");
        sa_buf_md_escape(out, a->id);
        sa_buf_puts(out, " version ");
        sa_buf_md_escape(out, a->version);
        sa_buf_printf(out, " | `%s` |\n", a->sha256 ? a->sha256 : "not computed");
    }
    for (size_t i = 0; i < rs->ninputs; i++) {
        const sa_input_file *f = &rs->inputs[i];
        sa_buf_puts(out, "| Return | ");
        sa_buf_md_escape(out, f->path);
        sa_buf_puts(out, " | ");
        sa_buf_md_escape(out, f->dataset);
        sa_buf_printf(out, ", %llu rows | `%s` |\n", (unsigned long long)f->rows, f->sha256 ? f->sha256 : "not computed");
    }
    sa_buf assessed = SA_BUF_INIT;
    sa_rpt_assessed(&assessed, rs);
    sa_buf_putc(out, '\n');
    sa_buf_md_escape(out, sa_buf_cstr(&assessed));
    sa_buf_free(&assessed);
    sa_buf_puts(out, ".\n\n</details>\n");
}

static void write_evidence_item(sa_buf *out, const sa_result *r, sa_buf *tmp)
{
    sa_buf_puts(out, "\n#### ");
    sa_buf_md_escape(out, r->requirement_id);
    sa_buf_puts(out, " \xC2\xB7 ");
    sa_rpt_provider_label(tmp, r);
    sa_buf_md_escape(out, sa_buf_cstr(tmp));
    sa_buf_clear(tmp);
    sa_buf_printf(out, " \xE2\x80\x94 %s %s\n\n", verdict_icon(r->verdict), sa_verdict_label(r->verdict));
    sa_rpt_evidence_plain(tmp, r, MD_ITEMS_PER_RESULT);
    const char *p = sa_buf_cstr(tmp);
    while (*p) {
        size_t n = strcspn(p, "\n");
        char *line = sa_xstrndup(p, n);
        sa_buf_puts(out, "- ");
        sa_buf_md_escape(out, line);
        sa_buf_putc(out, '\n');
        free(line);
        p += n;
        if (*p)
            p++;
    }
    sa_buf_clear(tmp);
}

static void write_evidence(sa_buf *out, const sa_result_set *rs, size_t start_all)
{
    size_t attention = 0;
    for (size_t i = 0; i < rs->nresults; i++)
        attention += needs_action(&rs->results[i]);
    if (!attention)
        return;
    sa_buf tmp = SA_BUF_INIT;
    sa_buf_puts(out, "\n<details><summary>Evidence for the results that need attention</summary>\n");
    size_t omitted = 0;
    for (size_t i = 0; i < rs->nresults; i++) {
        const sa_result *r = &rs->results[i];
        if (!needs_action(r))
            continue;
        if (out->len - start_all > MD_SIZE_BUDGET) {
            omitted++;
            continue;
        }
        write_evidence_item(out, r, &tmp);
    }
    if (omitted)
        sa_buf_printf(out, "\n_Evidence for %zu more results is left out to fit a comment: see the HTML or "
                           "JSON report._\n",
                      omitted);
    sa_buf_puts(out, "\n</details>\n");
    sa_buf_free(&tmp);
}

void sa_report_render_md(const sa_result_set *rs, sa_buf *out)
{
    size_t start_all = out->len;
    sa_buf_puts(out, "## specaudit: ");
    sa_buf_md_escape(out, rs->spec_id);
    sa_buf_putc(out, ' ');
    sa_buf_md_escape(out, rs->spec_version);
    if (rs->spec_title) {
        sa_buf_puts(out, " \xE2\x80\x94 ");
        sa_buf_md_escape(out, rs->spec_title);
    }
    sa_buf_puts(out, "\n\n");
    write_headline(out, rs);
    write_counts(out, rs);
    write_provenance(out, rs);
    write_table(out, rs);
    write_evidence(out, rs, start_all);
}
