/* cmd_explain.c — `specaudit explain SPEC REQUIREMENT-ID`: a requirement in plain English. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/calendar.h"
#include "core/datetime.h"
#include "core/target.h"
#include "expr/expr.h"
#include "spec/spec.h"

static void print_explain_help(FILE *out)
{
    fputs("usage: specaudit explain SPEC REQUIREMENT-ID\n\n"
          "Describes one requirement of a service specification in plain English: its\n"
          "title, severity and scope, what the check reads and counts, its target, and\n"
          "its where/meets/exclude conditions in words and in canonical form.\n\n"
          "options:\n"
          "  -h, --help             show this help\n",
          out);
    sa_cli_limits_help(out, SA_CLI_LIMITS_SPEC, 23);
    fputs("\nexit status: 0 explained, 1 the specification has errors (the requirement is\n"
          "still explained as far as possible), 2 bad usage, an unreadable file or an\n"
          "unknown requirement id.\n",
          out);
}

/* One "  Label        value" line. */
static void field(sa_buf *out, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void field(sa_buf *out, const char *label, const char *fmt, ...)
{
    sa_buf_printf(out, "  %-15s", label);
    sa_buf value = SA_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sa_buf_vprintf(&value, fmt, ap);
    va_end(ap);
    /* One line whatever the spec's text holds: a newline in a value cannot start a line of its own. */
    sa_buf_text_escape(out, value.data ? value.data : "", value.len, false);
    sa_buf_free(&value);
    sa_buf_putc(out, '\n');
}

static const char *cmp_words(sa_cmp op)
{
    switch (op) {
    case SA_CMP_GE:
        return "at least";
    case SA_CMP_GT:
        return "more than";
    case SA_CMP_LE:
        return "at most";
    case SA_CMP_LT:
        return "less than";
    default:
        return "exactly";
    }
}

static const char *per_words(sa_per p)
{
    switch (p) {
    case SA_PER_PERIOD:
        return "over the whole period";
    case SA_PER_WEEK:
        return "each week";
    case SA_PER_FORTNIGHT:
        return "each fortnight";
    case SA_PER_MONTH:
        return "each month";
    case SA_PER_QUARTER:
        return "each quarter";
    default:
        return "each year";
    }
}

/* The target in words, e.g. "at least 90% (>= 90%)". */
static void target_words(const sa_check *ck, sa_buf *out)
{
    if (!ck->target.set) {
        sa_buf_puts(out, "none given");
        return;
    }
    char canon[48];
    sa_target_format(&ck->target, canon);
    const char *value = canon;
    while (*value && strchr("<>=! ", *value))
        value++;
    sa_buf_printf(out, "%s %s (%s)", cmp_words(ck->target.op), value, canon);
}

/* "4 hours", "1 day", "1 hour 30 minutes". */
static void duration_words(int64_t seconds, char *out, size_t size)
{
    static const struct {
        int64_t unit;
        const char *name;
    } units[] = {{86400, "day"}, {3600, "hour"}, {60, "minute"}, {1, "second"}};
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof units / sizeof units[0] && used < size; i++) {
        if (seconds >= units[i].unit) {
            long long k = (long long)(seconds / units[i].unit);
            int n = snprintf(out + used, size - used, "%s%lld %s%s", used ? " " : "", k,
                             units[i].name, k == 1 ? "" : "s");
            used += n > 0 ? (size_t)n : 0;
            seconds %= units[i].unit;
        }
    }
    if (!out[0])
        snprintf(out, size, "0 minutes");
}

static const char *colname(const sa_colref *c)
{
    return c->name ? c->name : "(not given)";
}

static void list_words(sa_buf *out, const char *const *items, size_t n, const char *conjunction)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            sa_buf_printf(out, i + 1 == n ? " %s " : ", ", conjunction);
        sa_buf_puts(out, items[i]);
    }
}

/* A where/meets/exclude line: the compiled form described, or the text as written. */
static void expr_field(sa_buf *out, const char *label, const char *lead, const sa_expr_ref *ref)
{
    if (!ref->text)
        return;
    sa_buf_printf(out, "  %-15s%s", label, lead);
    if (ref->compiled)
        sa_expr_describe(ref->compiled, out);
    else
        sa_buf_printf(out, "%s  [not valid: see the diagnostics]", ref->text);
    sa_buf_putc(out, '\n');
}

static void canonical_field(sa_buf *out, const char *label, const sa_expr_ref *ref)
{
    if (!ref->text)
        return;
    sa_buf_printf(out, "  %-9s", label);
    if (ref->compiled)
        sa_expr_format(ref->compiled, out);
    else
        sa_buf_puts(out, ref->text);
    sa_buf_putc(out, '\n');
}

static void explain_check(const sa_spec *spec, const sa_check *ck, sa_buf *out)
{
    char buf[48];
    sa_buf_puts(out, "\nWhat is checked\n");
    if (ck->kind != SA_CHECK_SUBMISSION) {
        const char *title = ck->dataset && ck->dataset->title ? ck->dataset->title : NULL;
        if (title)
            field(out, "Dataset", "%s (%s)", ck->dataset_name ? ck->dataset_name : "?", title);
        else
            field(out, "Dataset", "%s", ck->dataset_name ? ck->dataset_name : "(not given)");
    }
    switch (ck->kind) {
    case SA_CHECK_COVERAGE:
        field(out, "Kind", "coverage: rota intervals [%s, %s) must cover every required window",
              colname(&ck->from), colname(&ck->to));
        for (size_t i = 0; i < ck->nwindows; i++) {
            const sa_window *w = &ck->windows[i];
            sa_days_format(w->days, buf);
            sa_buf_printf(out, "  %-15s%s %02d:%02d-%02d:%02d%s\n", i ? "" : "Windows", buf,
                          w->start_minute / 60, w->start_minute % 60, w->end_minute / 60,
                          w->end_minute % 60,
                          w->bank_holidays ? ", bank holidays included" : ", not on bank holidays");
        }
        if (ck->role.name) {
            sa_buf_printf(out, "  %-15sonly rows whose %s matches ", "Roles", ck->role.name);
            if (ck->nroles)
                list_words(out, ck->roles, ck->nroles, "or");
            else
                sa_buf_puts(out, "any role");
            sa_buf_putc(out, '\n');
        }
        break;
    case SA_CHECK_DAILY_ACTIVITY:
        sa_days_format(ck->days, buf);
        field(out, "Kind", "daily activity: rows dated by %s must show activity on every one of %s",
              colname(&ck->at), buf);
        break;
    case SA_CHECK_MDT:
        field(out, "Kind", "MDT: meetings (%s, held on %s) with attendees by role (%s)",
              colname(&ck->meeting), colname(&ck->on), colname(&ck->role));
        field(out, "Cadence", "a quorate meeting %s", per_words(ck->every));
        if (ck->ncore) {
            sa_buf_printf(out, "  %-15s", "Core roles");
            list_words(out, ck->core, ck->ncore, "and");
            sa_buf_puts(out, " must all attend\n");
        }
        if (ck->nexpected) {
            sa_buf_printf(out, "  %-15s", "Expected roles");
            list_words(out, ck->expected, ck->nexpected, "and");
            sa_buf_puts(out, " (reported when absent)\n");
        }
        if (ck->present.name)
            field(out, "Presence", "an attendee counts when %s is yes", ck->present.name);
        break;
    case SA_CHECK_DECLARED_LEVEL:
        field(out, "Kind", "declared level: %s, dated by %s, must be at least %lld",
              colname(&ck->field), colname(&ck->at), (long long)ck->at_least);
        if (ck->model)
            field(out, "Level model", "%s", ck->model);
        break;
    case SA_CHECK_PROPORTION:
        field(out, "Kind", "proportion: the share of counted rows that meet the condition");
        field(out, "Dated by", "%s", colname(&ck->at));
        break;
    case SA_CHECK_RESPONSE_TIME: {
        char limit[32];
        if (ck->limit_working_days >= 0)
            snprintf(limit, sizeof limit, "%d working day%s", ck->limit_working_days,
                     ck->limit_working_days == 1 ? "" : "s");
        else
            duration_words(ck->limit_seconds, limit, sizeof limit);
        field(out, "Kind", "response time: from %s to %s within %s", colname(&ck->from),
              colname(&ck->to), limit);
        if (ck->limit_working_days >= 0)
            field(out, "Working days", "Monday to Friday, not counting %s bank holidays%s",
                  sa_region_name(spec->calendar.region),
                  spec->calendar.nextra_holidays ? " or the extra days" : "");
        else
            field(out, "Elapsed time", "measured on real instants (clock changes counted)");
        break;
    }
    case SA_CHECK_COUNT:
        field(out, "Kind", "count: the number of rows dated by %s", colname(&ck->at));
        break;
    case SA_CHECK_SUBMISSION:
        sa_buf_printf(out, "  %-15s", "Kind");
        sa_buf_puts(out, "submission: a return of ");
        if (ck->ndatasets)
            list_words(out, ck->datasets, ck->ndatasets, "and");
        else
            sa_buf_puts(out, "every dataset");
        sa_buf_printf(out, " from each provider %s", per_words(ck->every));
        if (ck->due_days >= 0)
            sa_buf_printf(out, ", due %d days after the period ends", ck->due_days);
        else
            sa_buf_puts(out, ", due when the agreement says");
        sa_buf_putc(out, '\n');
        if (ck->submitted.name)
            field(out, "Submitted on", "the date in column %s", ck->submitted.name);
        field(out, "Received", "as the submissions manifest (--submissions) records, else when rows are dated "
                               "in the period; a return whose submission date is not known is never on time");
        break;
    }

    expr_field(out, "Counts rows", "where ", &ck->where);
    if (ck->exclude.text) {
        expr_field(out, "Leaves out", "rows where ", &ck->exclude);
        if (ck->exclusion_reason.name)
            field(out, "Reason column", "%s", ck->exclusion_reason.name);
    }
    expr_field(out, "Meets when", "", &ck->meets);

    sa_buf_printf(out, "  %-15s", "Target");
    target_words(ck, out);
    if (ck->assess == SA_ASSESS_OVERALL)
        sa_buf_puts(out, ", over the whole period");
    else if (ck->kind != SA_CHECK_SUBMISSION && ck->kind != SA_CHECK_DECLARED_LEVEL)
        sa_buf_printf(out, ", %s", per_words(ck->per));
    sa_buf_putc(out, '\n');
    if (ck->assess == SA_ASSESS_OVERALL)
        field(out, "Assessed", "overall: the measure pooled over the whole period decides the verdict; "
                               "%s is shown as the trend", per_words(ck->per));
    if ((ck->kind == SA_CHECK_PROPORTION || ck->kind == SA_CHECK_RESPONSE_TIME) &&
        ck->assess == SA_ASSESS_OVERALL && ck->min_denominator > 1)
        field(out, "Minimum", "fewer than %lld counted rows over the whole period is not assessable",
              (long long)ck->min_denominator);
    else if ((ck->kind == SA_CHECK_PROPORTION || ck->kind == SA_CHECK_RESPONSE_TIME) &&
        ck->min_denominator > 1)
        field(out, "Minimum", "a period with fewer than %lld counted rows is not assessable",
              (long long)ck->min_denominator);
    else if (ck->kind == SA_CHECK_PROPORTION || ck->kind == SA_CHECK_RESPONSE_TIME)
        field(out, "Minimum", "a period with no counted rows is not assessable");

    if (ck->where.text || ck->meets.text || ck->exclude.text ||
        ck->kind == SA_CHECK_RESPONSE_TIME) {
        sa_buf_puts(out, "\nEmpty cells\n");
        if (ck->where.text)
            sa_buf_puts(
                out, "  A row whose 'where' cannot be decided (an empty cell) is not counted.\n");
        if (ck->exclude.text)
            sa_buf_puts(out, "  A row whose 'exclude' cannot be decided stays in the count.\n");
        if (ck->meets.text)
            sa_buf_puts(
                out, "  A counted row whose 'meets' cannot be decided is not met, and is reported\n"
                     "  separately as unknown.\n");
        if (ck->kind == SA_CHECK_RESPONSE_TIME)
            sa_buf_printf(
                out,
                "  A counted row with no %s (or one before %s) is not met, and is reported\n"
                "  separately as unknown.\n",
                colname(&ck->to), colname(&ck->from));
    }
    if (ck->where.text || ck->meets.text || ck->exclude.text) {
        sa_buf_puts(out, "\nParsed\n");
        canonical_field(out, "where:", &ck->where);
        canonical_field(out, "exclude:", &ck->exclude);
        canonical_field(out, "meets:", &ck->meets);
    }
}

static void explain(const sa_spec *spec, const sa_requirement *req, sa_buf *out)
{
    const char *title = req->title ? req->title : "(untitled)";
    sa_buf_text_escape(out, req->id, strlen(req->id), false);
    sa_buf_puts(out, ": ");
    sa_buf_text_escape(out, title, strlen(title), false);
    sa_buf_putc(out, '\n');
    field(out, "Specification", "%s version %s%s%s (%s:%u)", spec->id ? spec->id : "?",
          spec->version ? spec->version : "?", spec->title ? ": " : "",
          spec->title ? spec->title : "", spec->path ? spec->path : "?", req->pos.line);
    field(out, "Severity", "%s", sa_req_severity_name(req->severity));
    field(out, "Scope", "%s",
          req->scope != SA_SCOPE_SYSTEM ? "provider: each provider is assessed on its own"
          : req->check.kind == SA_CHECK_DECLARED_LEVEL
              ? "system: the providers together (the union of their evidence) are assessed; the system's "
                "level is the highest any provider declares"
              : "system: the providers together (the union of their evidence) are assessed");
    if (req->guidance)
        field(out, "Guidance", "%s", req->guidance);
    if (req->description) {
        /* Folded YAML scalars end in a newline; the field adds its own. */
        size_t len = strlen(req->description);
        while (len && strchr(" \t\r\n", req->description[len - 1]))
            len--;
        field(out, "Description", "%.*s", (int)len, req->description);
    }
    explain_check(spec, &req->check, out);
}

/* Parses argv into *req. Returns -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, sa_app_explain_request *req)
{
    static const struct option own[] = {{"help", no_argument, NULL, 'h'}, {0}};
    struct option *longopts = sa_cli_longopts(own, SA_CLI_LIMITS_SPEC);
    const char *args[3] = {NULL, NULL, NULL}; /* SPEC, REQUIREMENT-ID and the first extra one */
    int nargs = 0, c, rc = -1, lim;
    while (rc < 0 && (c = getopt_long(argc, argv, SA_CLI_SHORTOPTS("h"), longopts, NULL)) != -1) {
        if (c == 1 && nargs < 3)
            args[nargs++] = optarg;
        else if (c == 1)
            continue;
        else if (c == 'h')
            rc = (print_explain_help(stdout), SA_EXIT_OK);
        else if ((lim = sa_cli_limit_option("explain", c, optarg, &req->limits)) != 0)
            rc = lim < 0 ? SA_EXIT_USAGE : -1;
        else
            rc = sa_cli_bad_option("explain", c, argv);
    }
    free(longopts);
    while (optind < argc && nargs < 3)
        args[nargs++] = argv[optind++];
    if (rc < 0 && nargs > 2)
        rc = sa_cli_usage_error("explain", "expected SPEC REQUIREMENT-ID, found an extra argument '%s'", args[2]);
    else if (rc < 0 && nargs < 2)
        rc = sa_cli_usage_error("explain", "expected SPEC REQUIREMENT-ID");
    req->spec_path = args[0];
    req->requirement_id = args[1];
    return rc;
}

int sa_cli_explain(int argc, char **argv)
{
    sa_app_explain_request req = {.io = sa_cli_io(), .describe = explain};
    sa_app_limits_default(&req.limits);
    int rc = parse_args(argc, argv, &req);
    return rc < 0 ? sa_app_explain(&req) : rc;
}
