/*
 * print.c — the canonical source form of an expression and its plain-English
 * description. The canonical form parses back to the same tree; it
 * parenthesises wherever precedence matters (an `and` inside an `or`, any
 * condition under `not`) so readers never need the precedence table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/datetime.h"
#include "expr/expr_internal.h"

static const char *const cmp_symbols[] = {"==", "!=", "<", "<=", ">", ">="};

/* Shortest fixed-point text with at least `min_decimals` decimals that reads
 * back as the same double (the lexer has no exponents; every literal it reads
 * has at most 17 decimals). Decimal literals keep one decimal so they stay
 * decimals; percentages need none. */
static void put_double(sa_buf *out, double d, int min_decimals)
{
    char buf[64];
    bool exact = false;
    for (int prec = min_decimals; prec <= 17 && !exact; prec++) {
        snprintf(buf, sizeof buf, "%.*f", prec, d);
        exact = strtod(buf, NULL) == d;
    }
    if (!exact)
        snprintf(buf, sizeof buf, "%.17g", d);
    sa_buf_puts(out, buf);
}

/* Durations as the lexer reads them: 1d4h30m, with no spaces. */
static void put_duration(sa_buf *out, int64_t seconds)
{
    if (seconds < 0) {
        sa_buf_putc(out, '-');
        seconds = -seconds;
    }
    if (seconds == 0) {
        sa_buf_puts(out, "0m");
        return;
    }
    static const struct {
        int64_t unit;
        char letter;
    } units[] = {{604800, 'w'}, {86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (seconds >= units[i].unit) {
            sa_buf_printf(out, "%lld%c", (long long)(seconds / units[i].unit), units[i].letter);
            seconds %= units[i].unit;
        }
    }
}

static void put_quoted(sa_buf *out, const char *s, size_t len)
{
    sa_buf_putc(out, '\'');
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\'')
            sa_buf_putc(out, '\'');
        sa_buf_putc(out, s[i]);
    }
    sa_buf_putc(out, '\'');
}

static bool is_plain_name(const char *s)
{
    if (!s || !*s || !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_'))
            return false;
    static const char *const words[] = {"and", "or", "not", "in", "is", "empty", "true", "false"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(s, words[i]) == 0)
            return false;
    return true;
}

static void put_literal(sa_buf *out, const expr_node *n)
{
    char buf[20];
    const sa_value *v = &n->lit;
    if (n->lit_form == EL_PERCENT) {
        /* The same round-trip form as plain numbers: no exponent, no lost digits. */
        put_double(out, n->percent, 0);
        sa_buf_putc(out, '%');
        return;
    }
    switch (v->kind) {
    case SA_VAL_STRING:
        put_quoted(out, v->as.str.ptr, v->as.str.len);
        break;
    case SA_VAL_INT:
        sa_buf_printf(out, "%lld", (long long)v->as.i);
        break;
    case SA_VAL_DECIMAL:
        put_double(out, v->as.d, 1);
        break;
    case SA_VAL_BOOL:
        sa_buf_puts(out, v->as.b ? "true" : "false");
        break;
    case SA_VAL_DATE:
        sa_date_format(v->as.date, buf);
        sa_buf_puts(out, buf);
        break;
    case SA_VAL_DATETIME:
        sa_datetime_format(v->as.dt, buf);
        sa_buf_puts(out, buf);
        break;
    case SA_VAL_DURATION:
        put_duration(out, v->as.seconds);
        break;
    default:
        sa_buf_puts(out, "?");
        break;
    }
}

static bool is_value(const expr_node *n)
{
    return n->kind == EN_LITERAL || n->kind == EN_COLUMN || n->kind == EN_CALL;
}

static void format_node(const expr_node *n, sa_buf *out);

/* Operands of and/or: an or/and of the other kind is parenthesised. */
static void format_operand(const expr_node *parent, const expr_node *child, sa_buf *out)
{
    bool paren = (child->kind == EN_AND || child->kind == EN_OR) && child->kind != parent->kind;
    if (paren)
        sa_buf_putc(out, '(');
    format_node(child, out);
    if (paren)
        sa_buf_putc(out, ')');
}

/* A value operand of a comparison: a condition used as a value needs parentheses. */
static void format_value(const expr_node *n, sa_buf *out)
{
    if (is_value(n)) {
        format_node(n, out);
        return;
    }
    sa_buf_putc(out, '(');
    format_node(n, out);
    sa_buf_putc(out, ')');
}

static void format_node(const expr_node *n, sa_buf *out)
{
    switch (n->kind) {
    case EN_LITERAL:
        put_literal(out, n);
        break;
    case EN_COLUMN:
        if (is_plain_name(n->name)) {
            sa_buf_puts(out, n->name);
        } else {
            sa_buf_putc(out, '`');
            for (const char *p = n->name; *p; p++) {
                if (*p == '`')
                    sa_buf_putc(out, '`');
                sa_buf_putc(out, *p);
            }
            sa_buf_putc(out, '`');
        }
        break;
    case EN_CALL:
        sa_buf_puts(out, expr_func_name(n->func));
        sa_buf_putc(out, '(');
        for (size_t i = 0; i < n->nargs; i++) {
            if (i)
                sa_buf_puts(out, ", ");
            format_node(n->args[i], out);
        }
        sa_buf_putc(out, ')');
        break;
    case EN_CMP:
        format_value(n->left, out);
        sa_buf_printf(out, " %s ", cmp_symbols[n->op]);
        format_value(n->right, out);
        break;
    case EN_IN:
        format_value(n->left, out);
        sa_buf_puts(out, n->negated ? " not in [" : " in [");
        for (size_t i = 0; i < n->nitems; i++) {
            if (i)
                sa_buf_puts(out, ", ");
            put_literal(out, n->items[i]);
        }
        sa_buf_putc(out, ']');
        break;
    case EN_MATCH:
        format_value(n->left, out);
        sa_buf_puts(out, n->negated ? " !~ " : " ~ ");
        put_literal(out, n->right);
        break;
    case EN_IS_EMPTY:
        format_value(n->left, out);
        sa_buf_puts(out, n->negated ? " is not empty" : " is empty");
        break;
    case EN_AND:
    case EN_OR:
        format_operand(n, n->left, out);
        sa_buf_puts(out, n->kind == EN_AND ? " and " : " or ");
        format_operand(n, n->right, out);
        break;
    case EN_NOT:
        sa_buf_puts(out, "not ");
        if (is_value(n->left) || n->left->kind == EN_NOT) {
            format_node(n->left, out);
        } else {
            sa_buf_putc(out, '(');
            format_node(n->left, out);
            sa_buf_putc(out, ')');
        }
        break;
    }
}

void sa_expr_format(const sa_expr *e, sa_buf *out)
{
    if (!e || !e->root)
        return;
    format_node(e->root, out);
}

/* ---- plain English ----------------------------------------------------- */

static void describe_duration(sa_buf *out, int64_t seconds)
{
    if (seconds < 0) {
        sa_buf_puts(out, "minus ");
        seconds = -seconds;
    }
    static const struct {
        int64_t unit;
        const char *name;
    } units[] = {{604800, "week"}, {86400, "day"}, {3600, "hour"}, {60, "minute"}, {1, "second"}};
    bool any = false;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (seconds >= units[i].unit) {
            long long k = (long long)(seconds / units[i].unit);
            sa_buf_printf(out, "%s%lld %s%s", any ? " " : "", k, units[i].name, k == 1 ? "" : "s");
            seconds %= units[i].unit;
            any = true;
        }
    }
    if (!any)
        sa_buf_puts(out, "0 minutes");
}

static void describe_literal(sa_buf *out, const expr_node *n)
{
    const sa_value *v = &n->lit;
    if (n->lit_form == EL_PERCENT || v->kind == SA_VAL_DATE || v->kind == SA_VAL_DATETIME ||
        v->kind == SA_VAL_INT || v->kind == SA_VAL_DECIMAL) {
        put_literal(out, n);
        return;
    }
    switch (v->kind) {
    case SA_VAL_STRING:
        sa_buf_putc(out, '"');
        sa_buf_append(out, v->as.str.ptr, v->as.str.len);
        sa_buf_putc(out, '"');
        break;
    case SA_VAL_BOOL:
        sa_buf_puts(out, v->as.b ? "yes" : "no");
        break;
    case SA_VAL_DURATION:
        describe_duration(out, v->as.seconds);
        break;
    default:
        sa_buf_puts(out, "?");
        break;
    }
}

static void describe_node(const sa_expr *e, const expr_node *n, sa_buf *out);

static const char *region_label(sa_region r)
{
    switch (r) {
    case SA_REGION_SCOTLAND:
        return "Scotland";
    case SA_REGION_NORTHERN_IRELAND:
        return "Northern Ireland";
    default:
        return "England and Wales";
    }
}

static void describe_call(const sa_expr *e, const expr_node *n, sa_buf *out)
{
    switch (n->func) {
    case EF_HOURS_BETWEEN:
    case EF_MINUTES_BETWEEN:
    case EF_DAYS_BETWEEN:
        sa_buf_printf(out, "the %s from ",
                      n->func == EF_HOURS_BETWEEN     ? "hours"
                      : n->func == EF_MINUTES_BETWEEN ? "minutes"
                                                      : "calendar days");
        describe_node(e, n->args[0], out);
        sa_buf_puts(out, " to ");
        describe_node(e, n->args[1], out);
        break;
    case EF_WORKING_DAYS_BETWEEN:
        sa_buf_puts(out, "the working days from ");
        describe_node(e, n->args[0], out);
        sa_buf_puts(out, " to ");
        describe_node(e, n->args[1], out);
        sa_buf_printf(out, " (Monday to Friday, not counting %s bank holidays%s)",
                      region_label(e->calendar.region),
                      e->calendar.nextra_holidays ? " or the specification's extra holidays" : "");
        break;
    case EF_WEEKDAY:
        sa_buf_puts(out, "the weekday of ");
        describe_node(e, n->args[0], out);
        break;
    case EF_HOUR:
        sa_buf_puts(out, "the hour of ");
        describe_node(e, n->args[0], out);
        break;
    case EF_MONTH:
        sa_buf_puts(out, "the month of ");
        describe_node(e, n->args[0], out);
        break;
    case EF_SAME_PLACE:
        describe_node(e, n->args[0], out);
        sa_buf_puts(out, " and ");
        describe_node(e, n->args[1], out);
        sa_buf_puts(out, " are the same place of death at the level both were recorded"
                         " (DEATH LOCATION TYPE CODE: 20 covers 21 and 22, 40 covers 41 and 42)");
        break;
    case EF_LINKED_COUNT:
        sa_buf_puts(out, "the number of linked rows");
        break;
    case EF_LINKED_MIN:
    case EF_LINKED_MAX:
        if (n->type == ET_DATE || n->type == ET_DATETIME)
            sa_buf_printf(out, "the %s %s of the linked rows", n->func == EF_LINKED_MIN ? "earliest" : "latest",
                          n->args[0]->name);
        else
            sa_buf_printf(out, "the %s %s of the linked rows", n->func == EF_LINKED_MIN ? "lowest" : "highest",
                          n->args[0]->name);
        break;
    case EF_COALESCE:
        describe_node(e, n->args[0], out);
        sa_buf_puts(out, " (or, when that is empty, ");
        describe_node(e, n->args[1], out);
        sa_buf_putc(out, ')');
        break;
    default:
        break;
    }
}

static bool is_time_like(const expr_node *n)
{
    return n->type == ET_DATE || n->type == ET_DATETIME;
}

static void describe_cmp(const sa_expr *e, const expr_node *n, sa_buf *out)
{
    bool time = is_time_like(n->left);
    static const char *const plain[] = {"is",         "is not",       "is less than",
                                        "is at most", "is more than", "is at least"};
    static const char *const when[] = {"is",       "is not",        "is before", "is on or before",
                                       "is after", "is on or after"};
    describe_node(e, n->left, out);
    if (n->right->kind != EN_LITERAL && (n->op == EC_EQ || n->op == EC_NE)) {
        /* Two columns or results: "is the same as" reads better than "is". */
        sa_buf_puts(out, n->op == EC_EQ ? " is the same as " : " differs from ");
        describe_node(e, n->right, out);
        return;
    }
    sa_buf_printf(out, " %s ", time ? when[n->op] : plain[n->op]);
    describe_node(e, n->right, out);
}

static void describe_operand(const sa_expr *e, const expr_node *parent, const expr_node *child,
                             sa_buf *out)
{
    bool paren = (child->kind == EN_AND || child->kind == EN_OR) && child->kind != parent->kind;
    if (paren)
        sa_buf_putc(out, '(');
    describe_node(e, child, out);
    if (paren)
        sa_buf_putc(out, ')');
}

static void describe_node(const sa_expr *e, const expr_node *n, sa_buf *out)
{
    switch (n->kind) {
    case EN_LITERAL:
        describe_literal(out, n);
        break;
    case EN_COLUMN:
        sa_buf_puts(out, n->name);
        break;
    case EN_CALL:
        describe_call(e, n, out);
        break;
    case EN_CMP:
        describe_cmp(e, n, out);
        break;
    case EN_IN:
        describe_node(e, n->left, out);
        if (n->nitems == 1)
            sa_buf_puts(out, n->negated ? " is not " : " is ");
        else
            sa_buf_puts(out, n->negated ? " is none of " : " is one of ");
        for (size_t i = 0; i < n->nitems; i++) {
            if (i)
                sa_buf_puts(out, i + 1 == n->nitems ? (n->negated ? " and " : " or ") : ", ");
            describe_literal(out, n->items[i]);
        }
        break;
    case EN_MATCH:
        describe_node(e, n->left, out);
        sa_buf_puts(out, n->negated ? " does not match the pattern " : " matches the pattern ");
        sa_buf_putc(out, '/');
        sa_buf_append(out, n->right->lit.as.str.ptr, n->right->lit.as.str.len);
        sa_buf_putc(out, '/');
        break;
    case EN_IS_EMPTY:
        describe_node(e, n->left, out);
        sa_buf_puts(out, n->negated ? " is recorded" : " is not recorded");
        break;
    case EN_AND:
    case EN_OR:
        describe_operand(e, n, n->left, out);
        sa_buf_puts(out, n->kind == EN_AND ? " and " : " or ");
        describe_operand(e, n, n->right, out);
        break;
    case EN_NOT:
        sa_buf_puts(out, "it is not the case that ");
        if (n->left->kind == EN_AND || n->left->kind == EN_OR) {
            sa_buf_putc(out, '(');
            describe_node(e, n->left, out);
            sa_buf_putc(out, ')');
        } else {
            describe_node(e, n->left, out);
        }
        break;
    }
}

void sa_expr_describe(const sa_expr *e, sa_buf *out)
{
    if (!e || !e->root)
        return;
    /* A bare true/false column reads better as "X is yes". */
    if (e->root->kind == EN_COLUMN ||
        (e->root->kind == EN_CALL && e->root->func != EF_SAME_PLACE)) {
        describe_node(e, e->root, out);
        sa_buf_puts(out, " is yes");
        return;
    }
    describe_node(e, e->root, out);
}
