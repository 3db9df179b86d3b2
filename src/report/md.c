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

#include "report/render.h"

/* GitHub comments hold at most 65 536 characters: the evidence section stops
 * adding results once the summary reaches this size and says where the rest is. */
#define MD_SIZE_BUDGET 50000
#define MD_ITEMS_PER_RESULT 3

static void md_text(sa_buf *b, const char *s)
{
    if (!s)
        return;
    sa_buf scratch = SA_BUF_INIT;
    s = sa_rpt_without_bidi(s, &scratch);
    size_t len = strlen(s);
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        switch (c) {
        case '\n':
        case '\r':
        case '\t': sa_buf_putc(b, ' '); break;
        case '<': sa_buf_puts(b, "&lt;"); break;
        case '>': sa_buf_puts(b, "&gt;"); break;
        case '&': sa_buf_puts(b, "&amp;"); break;
        case '\\':
        case '`':
        case '*':
        case '_':
        case '[':
        case ']':
        case '|':
        case '~':
        case '!':
        case '#':
            sa_buf_putc(b, '\\');
            sa_buf_putc(b, c);
            break;
        default:
            if ((unsigned char)c < 0x20 || c == 0x7f) {
                sa_buf_putc(b, ' ');
            } else {
                /* Multi-byte sequences pass through the JSON escaper's UTF-8 check. */
                size_t j = i;
                while (j < len && ((unsigned char)s[j] >= 0x80))
                    j++;
                if (j > i) {
                    sa_buf_json_escape(b, s + i, j - i);
                    i = j - 1;
                } else {
                    sa_buf_putc(b, c);
                }
            }
            break;
        }
    }
    sa_buf_free(&scratch);
}

static const char *verdict_icon(sa_verdict v)
{
    switch (v) {
    case SA_VERDICT_MET: return "\xE2\x9C\x85";                 /* check mark */
    case SA_VERDICT_NOT_MET: return "\xE2\x9D\x8C";             /* cross */
    case SA_VERDICT_PARTIALLY_MET: return "\xF0\x9F\x9F\xA0";   /* orange circle */
    case SA_VERDICT_NOT_ASSESSABLE: return "\xE2\x9D\x94";      /* question mark */
    case SA_VERDICT_EXCLUDED: return "\xE2\x9A\xAA";            /* white circle */
    case SA_VERDICT_WAIVED: return "\xF0\x9F\x94\xB5";          /* blue circle */
    default: return "\xE2\x9B\x94";                             /* no entry */
    }
}

static bool needs_action(const sa_result *r)
{
    return r->verdict != SA_VERDICT_MET && r->verdict != SA_VERDICT_EXCLUDED && !sa_rpt_is_share(r);
}

void sa_report_render_md(const sa_result_set *rs, sa_buf *out)
{
    sa_buf tmp = SA_BUF_INIT;
    size_t start_all = out->len;
    sa_buf_puts(out, "## specaudit: ");
    md_text(out, rs->spec_id);
    sa_buf_putc(out, ' ');
    md_text(out, rs->spec_version);
    if (rs->spec_title) {
        sa_buf_puts(out, " \xE2\x80\x94 ");
        md_text(out, rs->spec_title);
    }
    sa_buf_puts(out, "\n\n");

    size_t failures = sa_rpt_failures(rs);
    if (rs->nresults == 0)
        sa_buf_puts(out, "**Nothing assessed.**");
    else if (failures)
        sa_buf_printf(out, "**Not compliant:** %zu of %zu results need action.", failures, rs->nresults);
    else
        sa_buf_printf(out, "**Compliant:** all %zu results met, excluded or waived.", rs->nresults);
    if (rs->period_from != SA_DATE_NONE) {
        sa_buf_puts(out, " Period ");
        sa_rpt_date(out, rs->period_from);
        sa_buf_puts(out, " to ");
        sa_rpt_date(out, rs->period_to);
        sa_buf_putc(out, '.');
    }
    if (rs->commissioner_name || rs->commissioner_code) {
        sa_buf_puts(out, " Commissioner: ");
        md_text(out, rs->commissioner_name ? rs->commissioner_name : rs->commissioner_code);
        if (rs->commissioner_name && rs->commissioner_code) {
            sa_buf_puts(out, " (");
            md_text(out, rs->commissioner_code);
            sa_buf_putc(out, ')');
        }
        sa_buf_putc(out, '.');
    }
    sa_buf_puts(out, "\n\n");

    sa_buf_puts(out, "| Verdict | Results |\n|---|---:|\n");
    for (int v = 0; v < SA_VERDICT_COUNT; v++)
        sa_buf_printf(out, "| %s %s | %llu |\n", verdict_icon((sa_verdict)v), sa_verdict_label((sa_verdict)v),
                      (unsigned long long)rs->verdict_counts[v]);
    if (rs->data_errors || rs->data_warnings)
        sa_buf_printf(out, "\nData quality: %llu errors, %llu warnings in the returns.\n",
                      (unsigned long long)rs->data_errors, (unsigned long long)rs->data_warnings);

    if (rs->nresults) {
        sa_buf_puts(out, "\n| Requirement | Provider | Verdict | Measured | Target | Evidence |\n"
                         "|---|---|---|---:|---|---|\n");
        for (size_t i = 0; i < rs->nresults; i++) {
            const sa_result *r = &rs->results[i];
            sa_buf_puts(out, "| **");
            md_text(out, r->requirement_id);
            sa_buf_puts(out, "** ");
            md_text(out, r->title);
            sa_buf_puts(out, " | ");
            sa_rpt_provider_label(&tmp, r);
            md_text(out, sa_buf_cstr(&tmp));
            sa_buf_clear(&tmp);
            sa_buf_printf(out, " | %s %s%s | ", verdict_icon(r->verdict), sa_verdict_label(r->verdict),
                          sa_rpt_is_share(r) ? " (share of the system-wide result)" : "");
            if (sa_rpt_measured_human(&tmp, r, r->has_measured, r->measured))
                md_text(out, sa_buf_cstr(&tmp));
            sa_buf_clear(&tmp);
            sa_buf_puts(out, " | ");
            if (sa_rpt_target_human(&tmp, r))
                md_text(out, sa_buf_cstr(&tmp));
            sa_buf_clear(&tmp);
            if (r->original_target) {
                sa_buf_puts(out, " (varied from ");
                md_text(out, r->original_target);
                sa_buf_putc(out, ')');
            }
            sa_buf_puts(out, " | ");
            md_text(out, r->reason && r->verdict != SA_VERDICT_MET ? r->reason : r->summary);
            sa_buf_puts(out, " |\n");
        }
    }

    if (failures || rs->verdict_counts[SA_VERDICT_NOT_ASSESSABLE] || rs->verdict_counts[SA_VERDICT_WAIVED]) {
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
            sa_buf_puts(out, "\n#### ");
            md_text(out, r->requirement_id);
            sa_buf_puts(out, " \xC2\xB7 ");
            sa_rpt_provider_label(&tmp, r);
            md_text(out, sa_buf_cstr(&tmp));
            sa_buf_clear(&tmp);
            sa_buf_printf(out, " \xE2\x80\x94 %s %s\n\n", verdict_icon(r->verdict), sa_verdict_label(r->verdict));
            sa_rpt_evidence_plain(&tmp, r, MD_ITEMS_PER_RESULT);
            const char *p = sa_buf_cstr(&tmp);
            while (*p) {
                size_t n = strcspn(p, "\n");
                char *line = strndup(p, n);
                sa_buf_puts(out, "- ");
                md_text(out, line);
                sa_buf_putc(out, '\n');
                free(line);
                p += n;
                if (*p)
                    p++;
            }
            sa_buf_clear(&tmp);
        }
        if (omitted)
            sa_buf_printf(out, "\n_Evidence for %zu more results is left out to fit a comment: see the HTML or "
                               "JSON report._\n",
                          omitted);
        sa_buf_puts(out, "\n</details>\n");
    }
    sa_buf_free(&tmp);
}
