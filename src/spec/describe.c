/* describe.c — a check in plain English (`specaudit explain`): the lines every
 * kind shares, around the kind's own (sa_check_def.describe). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr/expr.h"
#include "spec/kind.h"

void sa_describe_field(sa_buf *out, const char *label, const char *fmt, ...)
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

const char *sa_describe_per(sa_per p)
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

void sa_describe_duration(int64_t seconds, char *out, size_t size)
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

const char *sa_describe_column(const sa_colref *c)
{
    return c->name ? c->name : "(not given)";
}

void sa_describe_list(sa_buf *out, const char *const *items, size_t n, const char *conjunction)
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
    if (!ref || !ref->text)
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
    if (!ref || !ref->text)
        return;
    sa_buf_printf(out, "  %-9s", label);
    if (ref->compiled)
        sa_expr_format(ref->compiled, out);
    else
        sa_buf_puts(out, ref->text);
    sa_buf_putc(out, '\n');
}

static bool has(const sa_expr_ref *ref)
{
    return ref && ref->text;
}

static void describe_dataset(const sa_check *ck, sa_buf *out)
{
    const char *title = ck->dataset && ck->dataset->title ? ck->dataset->title : NULL;
    if (title)
        sa_describe_field(out, "Dataset", "%s (%s)", ck->dataset_name ? ck->dataset_name : "?", title);
    else
        sa_describe_field(out, "Dataset", "%s", ck->dataset_name ? ck->dataset_name : "(not given)");
}

void sa_link_describe(const sa_check *ck, sa_buf *out)
{
    const sa_link *k = &ck->link;
    if (!k->dataset_name)
        return;
    sa_buf_printf(out, "Linked with the %s rows of the same provider whose %s equals the row's %s "
                       "(%s.%s = %s.%s); a row with an empty %s has no linked rows.",
                  k->dataset_name, k->linked_on.name ? k->linked_on.name : "?", k->on.name ? k->on.name : "?",
                  ck->dataset_name ? ck->dataset_name : "?", k->on.name ? k->on.name : "?", k->dataset_name,
                  k->linked_on.name ? k->linked_on.name : "?", k->on.name ? k->on.name : "?");
}

static void describe_link(const sa_check *ck, sa_buf *out)
{
    if (!ck->link.dataset_name)
        return;
    sa_buf words = SA_BUF_INIT;
    sa_link_describe(ck, &words);
    sa_describe_field(out, "Linked", "%s", sa_buf_cstr(&words));
    sa_buf_free(&words);
}

static void describe_conditions(const sa_check *ck, sa_buf *out)
{
    const sa_expr_ref *exclude = sa_check_expr(ck, "exclude");
    expr_field(out, "Counts rows", "where ", &ck->where);
    if (has(exclude)) {
        expr_field(out, "Leaves out", "rows where ", exclude);
        const sa_colref *reason = sa_check_column(ck, "exclusion_reason");
        if (reason && reason->name)
            sa_describe_field(out, "Reason column", "%s", reason->name);
    }
    expr_field(out, "Meets when", "", sa_check_expr(ck, "meets"));
}

/* "Target  at least 90% (>= 90%), each month", and how periods combine. */
static void describe_target_line(const sa_check *ck, const sa_check_def *def, sa_buf *out)
{
    target_words(ck, out);
    if (ck->assess == SA_ASSESS_OVERALL)
        sa_buf_puts(out, ", over the whole period");
    else if (def->target_per_period)
        sa_buf_printf(out, ", %s", sa_describe_per(ck->per));
    sa_buf_putc(out, '\n');
    if (ck->assess == SA_ASSESS_OVERALL)
        sa_describe_field(out, "Assessed", "overall: the measure pooled over the whole period decides the verdict; "
                                           "%s is shown as the trend", sa_describe_per(ck->per));
}

static void describe_target(const sa_check *ck, sa_buf *out)
{
    const sa_check_def *def = sa_check_def_of(ck->kind);
    if (ck->baseline.set) {
        sa_baseline_describe(ck, out); /* judged by its change: no target, one period */
    } else {
        sa_buf_printf(out, "  %-15s", "Target");
        describe_target_line(ck, def, out);
    }
    if (!sa_check_def_takes(def, "min_denominator"))
        return;
    if (ck->assess == SA_ASSESS_OVERALL && ck->min_denominator > 1)
        sa_describe_field(out, "Minimum", "fewer than %lld counted rows over the whole period is not assessable",
                          (long long)ck->min_denominator);
    else if (ck->min_denominator > 1)
        sa_describe_field(out, "Minimum", "a period with fewer than %lld counted rows is not assessable",
                          (long long)ck->min_denominator);
    else
        sa_describe_field(out, "Minimum", "a period with no counted rows is not assessable");
}

static void describe_empty_cells(const sa_check *ck, sa_buf *out)
{
    const sa_check_def *def = sa_check_def_of(ck->kind);
    const sa_expr_ref *meets = sa_check_expr(ck, "meets"), *exclude = sa_check_expr(ck, "exclude");
    if (!has(&ck->where) && !has(meets) && !has(exclude) && !def->describe_empty)
        return;
    sa_buf_puts(out, "\nEmpty cells\n");
    if (has(&ck->where))
        sa_buf_puts(out, "  A row whose 'where' cannot be decided (an empty cell) is not counted.\n");
    if (has(exclude))
        sa_buf_puts(out, "  A row whose 'exclude' cannot be decided stays in the count.\n");
    if (has(meets))
        sa_buf_puts(out, "  A counted row whose 'meets' cannot be decided is not met, and is reported\n"
                         "  separately as unknown.\n");
    if (ck->link.dataset_name)
        sa_buf_puts(out, "  A row without linked rows (none share its key, or its key is empty) has\n"
                         "  linked_count() 0 and no linked_min or linked_max: a comparison with them\n"
                         "  cannot be decided.\n");
    if (def->describe_empty)
        def->describe_empty(ck, out);
}

static void describe_parsed(const sa_check *ck, sa_buf *out)
{
    const sa_expr_ref *meets = sa_check_expr(ck, "meets"), *exclude = sa_check_expr(ck, "exclude");
    if (!has(&ck->where) && !has(meets) && !has(exclude))
        return;
    sa_buf_puts(out, "\nParsed\n");
    canonical_field(out, "where:", &ck->where);
    canonical_field(out, "exclude:", exclude);
    canonical_field(out, "meets:", meets);
}

void sa_check_describe(const sa_spec *spec, const sa_check *ck, sa_buf *out)
{
    const sa_check_def *def = sa_check_def_of(ck->kind);
    sa_buf_puts(out, "\nWhat is checked\n");
    if (def->reads_dataset)
        describe_dataset(ck, out);
    describe_link(ck, out);
    def->describe(spec, ck, out);
    describe_conditions(ck, out);
    describe_target(ck, out);
    describe_empty_cells(ck, out);
    describe_parsed(ck, out);
}

/* "In force  from 1 April 2008 (not assessed before it)". */
static void describe_in_force(const sa_requirement *req, sa_buf *out)
{
    char a[24], b[24];
    if (req->in_force_from != SA_DATE_NONE)
        sa_date_format_long(req->in_force_from, a);
    if (req->in_force_until != SA_DATE_NONE)
        sa_date_format_long(req->in_force_until, b);
    if (req->in_force_from != SA_DATE_NONE && req->in_force_until != SA_DATE_NONE)
        sa_describe_field(out, "In force", "from %s until %s; not assessed outside those days", a, b);
    else if (req->in_force_from != SA_DATE_NONE)
        sa_describe_field(out, "In force", "from %s; not assessed before it (not yet in force)", a);
    else if (req->in_force_until != SA_DATE_NONE)
        sa_describe_field(out, "In force", "until %s; not assessed after it (no longer in force)", b);
}

void sa_requirement_describe(const sa_spec *spec, const sa_requirement *req, sa_buf *out)
{
    const char *title = req->title ? req->title : "(untitled)";
    sa_buf_text_escape(out, req->id, strlen(req->id), false);
    sa_buf_puts(out, ": ");
    sa_buf_text_escape(out, title, strlen(title), false);
    sa_buf_putc(out, '\n');
    sa_describe_field(out, "Specification", "%s version %s%s%s (%s:%u)", spec->id ? spec->id : "?",
                      spec->version ? spec->version : "?", spec->title ? ": " : "",
                      spec->title ? spec->title : "", spec->path ? spec->path : "?", req->pos.line);
    sa_describe_field(out, "Severity", "%s", sa_req_severity_name(req->severity));
    const char *system = sa_check_def_of(req->check.kind)->system_scope;
    sa_describe_field(out, "Scope", "%s",
                      req->scope != SA_SCOPE_SYSTEM ? "provider: each provider is assessed on its own"
                      : system                      ? system
                                                    : "system: the providers together (the union of their "
                                                      "evidence) are assessed");
    describe_in_force(req, out);
    if (req->guidance)
        sa_describe_field(out, "Guidance", "%s", req->guidance);
    if (req->description) {
        /* Folded YAML scalars end in a newline; the field adds its own. */
        size_t len = strlen(req->description);
        while (len && strchr(" \t\r\n", req->description[len - 1]))
            len--;
        sa_describe_field(out, "Description", "%.*s", (int)len, req->description);
    }
    sa_check_describe(spec, &req->check, out);
}
