/*
 * check.c — resolves column and function names against the dataset schema,
 * checks types, checks enum literals against the column's values, and
 * compiles regexes (once, with JIT where available). Reports every error it
 * finds; a node whose type is ET_ERROR has been reported already, so its
 * parents stay quiet.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/suggest.h"
#include "expr/expr_internal.h"
#include "core/schema.h"

static const char *type_name(expr_type t)
{
    switch (t) {
    case ET_STRING:
        return "text";
    case ET_NUMBER:
        return "number";
    case ET_BOOL:
        return "true/false";
    case ET_DATE:
        return "date";
    case ET_DATETIME:
        return "datetime";
    case ET_DURATION:
        return "duration";
    default:
        return "invalid";
    }
}

static expr_type column_type(sa_col_type t)
{
    switch (t) {
    case SA_COL_INT:
    case SA_COL_DECIMAL:
        return ET_NUMBER;
    case SA_COL_BOOL:
        return ET_BOOL;
    case SA_COL_DATE:
        return ET_DATE;
    case SA_COL_DATETIME:
        return ET_DATETIME;
    case SA_COL_DURATION:
        return ET_DURATION;
    default:
        return ET_STRING; /* string, enum, nhs_number, ods_code, chi_number */
    }
}

/* The source text of a node, shortened for messages. */
static void node_text(const expr_ctx *c, const expr_node *n, char *buf, size_t size)
{
    size_t off = n->off, len = n->len;
    if (n->kind == EN_CMP || n->kind == EN_IN || n->kind == EN_MATCH || n->kind == EN_IS_EMPTY ||
        n->kind == EN_AND || n->kind == EN_OR || n->kind == EN_NOT) {
        snprintf(buf, size, "a condition");
        return;
    }
    if (off > c->len)
        off = c->len;
    if (off + len > c->len)
        len = c->len - off;
    if (len > 48)
        snprintf(buf, size, "%.*s...", 45, c->text + off);
    else
        snprintf(buf, size, "%.*s", (int)len, c->text + off);
}

static bool is_condition(const expr_node *n)
{
    switch (n->kind) {
    case EN_CMP:
    case EN_IN:
    case EN_MATCH:
    case EN_IS_EMPTY:
    case EN_AND:
    case EN_OR:
    case EN_NOT:
        return true;
    default:
        return false;
    }
}

static void check_node(expr_ctx *c, expr_node *n);

static void suggest_column(expr_ctx *c, const expr_node *n)
{
    const sa_dataset *ds = c->e->schema;
    size_t nlen = strlen(n->name);
    sa_buf list = SA_BUF_INIT;
    const char **names = sa_xcalloc(ds && ds->ncolumns ? ds->ncolumns : 1, sizeof *names);
    for (size_t i = 0; ds && i < ds->ncolumns; i++) {
        const char *cn = ds->columns[i].name;
        names[i] = cn;
        if (i < 12)
            sa_buf_printf(&list, "%s%s", i ? ", " : "", cn);
        else if (i == 12)
            sa_buf_puts(&list, ", ...");
    }
    const char *best = sa_suggest_closest(n->name, names, ds ? ds->ncolumns : 0);
    free(names);
    static const char *const words[] = {"and", "or", "not", "in", "is", "empty", "true", "false"};
    const char *keyword = NULL;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == nlen && sa_suggest_distance(words[i], nlen, n->name, nlen, 0) == 0)
            keyword = words[i];
    if (keyword)
        expr_error(c, n->off, "E-EXPR-UNKNOWN-COLUMN",
                   "unknown column '%s': keywords are lower case (write %s)", n->name, keyword);
    else if (!ds)
        expr_error(c, n->off, "E-EXPR-UNKNOWN-COLUMN",
                   "unknown column '%s': the check names no dataset", n->name);
    else if (best)
        expr_error(c, n->off, "E-EXPR-UNKNOWN-COLUMN",
                   "unknown column '%s' in dataset %s: did you mean '%s'?", n->name,
                   ds->name ? ds->name : "", best);
    else
        expr_error(c, n->off, "E-EXPR-UNKNOWN-COLUMN",
                   "unknown column '%s' in dataset %s: expected one of %s", n->name,
                   ds->name ? ds->name : "", list.len ? sa_buf_cstr(&list) : "(no columns)");
    sa_buf_free(&list);
}

static void check_column(expr_ctx *c, expr_node *n)
{
    const sa_dataset *ds = c->e->schema;
    n->column = -1;
    for (size_t i = 0; ds && i < ds->ncolumns; i++) {
        if (ds->columns[i].name && strcmp(ds->columns[i].name, n->name) == 0) {
            n->column = (int)i;
            break;
        }
    }
    if (n->column < 0) {
        suggest_column(c, n);
        n->type = ET_ERROR;
        return;
    }
    const sa_column *col = &ds->columns[n->column];
    n->type = column_type(col->type);
    if (col->type == SA_COL_ENUM) {
        n->enum_values = (const char *const *)col->values;
        n->nenum = col->nvalues;
    }
}

static expr_type literal_type(const sa_value *v)
{
    switch (v->kind) {
    case SA_VAL_STRING:
        return ET_STRING;
    case SA_VAL_INT:
    case SA_VAL_DECIMAL:
        return ET_NUMBER;
    case SA_VAL_BOOL:
        return ET_BOOL;
    case SA_VAL_DATE:
        return ET_DATE;
    case SA_VAL_DATETIME:
        return ET_DATETIME;
    case SA_VAL_DURATION:
        return ET_DURATION;
    default:
        return ET_ERROR;
    }
}

static bool compatible(expr_type a, expr_type b)
{
    if (a == b)
        return true;
    /* A date stands for midnight at its start when compared with a datetime. */
    return (a == ET_DATE && b == ET_DATETIME) || (a == ET_DATETIME && b == ET_DATE);
}

static bool orderable(expr_type t)
{
    return t == ET_NUMBER || t == ET_DATE || t == ET_DATETIME || t == ET_DURATION;
}

/* Resolves a string literal against a closed set of values; reports E-EXPR-BAD-ENUM. */
static bool check_enum_literal(expr_ctx *c, const expr_node *set_node, expr_node *lit)
{
    if (!set_node->enum_values || lit->kind != EN_LITERAL || lit->lit.kind != SA_VAL_STRING)
        return true;
    for (size_t i = 0; i < set_node->nenum; i++) {
        const char *v = set_node->enum_values[i];
        if (strlen(v) == lit->lit.as.str.len &&
            memcmp(v, lit->lit.as.str.ptr, lit->lit.as.str.len) == 0) {
            lit->lit.enum_index = (int32_t)i;
            return true;
        }
    }
    sa_buf list = SA_BUF_INIT;
    for (size_t i = 0; i < set_node->nenum; i++)
        sa_buf_printf(&list, "%s'%s'", i ? ", " : "", set_node->enum_values[i]);
    char what[64];
    node_text(c, set_node, what, sizeof what);
    expr_error(c, lit->str_off ? lit->str_off - 1 : lit->off, "E-EXPR-BAD-ENUM",
               "'%.*s' is not a value of %s: expected one of %s",
               (int)(lit->lit.as.str.len > 60 ? 60 : lit->lit.as.str.len), lit->lit.as.str.ptr,
               what, list.len ? sa_buf_cstr(&list) : "(none)");
    sa_buf_free(&list);
    return false;
}

static void type_mismatch(expr_ctx *c, const expr_node *left, const expr_node *right,
                          const char *op)
{
    char lt[64], rt[64];
    node_text(c, left, lt, sizeof lt);
    node_text(c, right, rt, sizeof rt);
    const char *hint = "";
    char hint_buf[160];
    const expr_node *num = left->type == ET_NUMBER ? left : right;
    const expr_node *dur = left->type == ET_DURATION ? left : right;
    if (num->type == ET_NUMBER && dur->type == ET_DURATION) {
        /* Elapsed-time functions give plain numbers in their own unit. */
        int64_t unit = 0;
        const char *unit_name = NULL;
        if (num->kind == EN_CALL) {
            switch (num->func) {
            case EF_HOURS_BETWEEN:
                unit = 3600, unit_name = "hours";
                break;
            case EF_MINUTES_BETWEEN:
                unit = 60, unit_name = "minutes";
                break;
            case EF_DAYS_BETWEEN:
            case EF_WORKING_DAYS_BETWEEN:
                unit = 86400, unit_name = "days";
                break;
            default:
                break;
            }
        }
        if (unit_name && dur->kind == EN_LITERAL && dur->lit.as.seconds % unit == 0) {
            char dtext[64];
            node_text(c, dur, dtext, sizeof dtext);
            snprintf(hint_buf, sizeof hint_buf, " (%s gives a number of %s: write %lld, not %s)",
                     expr_func_name(num->func), unit_name, (long long)(dur->lit.as.seconds / unit),
                     dtext);
            hint = hint_buf;
        } else {
            hint = " (hours_between and minutes_between give numbers: write 4, not 4h)";
        }
    } else if (right->kind == EN_LITERAL && right->lit.kind == SA_VAL_STRING &&
               (left->type == ET_DATE || left->type == ET_DATETIME))
        hint = " (write dates without quotes: 2007-06-05 or 2007-06-05T09:00)";
    expr_error(c, right->start, "E-EXPR-TYPE", "cannot compare %s (%s) %s %s (%s): expected a %s%s",
               lt, type_name(left->type), op, rt, type_name(right->type), type_name(left->type),
               hint);
}

static const char *cmp_symbol(expr_cmp op)
{
    static const char *const s[] = {"==", "!=", "<", "<=", ">", ">="};
    return s[op];
}

static void check_cmp(expr_ctx *c, expr_node *n)
{
    check_node(c, n->left);
    check_node(c, n->right);
    n->type = ET_BOOL;
    expr_type lt = n->left->type, rt = n->right->type;
    if (lt == ET_ERROR || rt == ET_ERROR)
        return;
    if (!compatible(lt, rt)) {
        type_mismatch(c, n->left, n->right, "with");
        return;
    }
    if (n->op != EC_EQ && n->op != EC_NE && !orderable(lt)) {
        char what[64];
        node_text(c, n->left, what, sizeof what);
        expr_error(c, n->off, "E-EXPR-TYPE",
                   "'%s' cannot order %s (%s): expected == or != (or ~ 'regex' for a pattern)",
                   cmp_symbol(n->op), what, type_name(lt));
        return;
    }
    /* Enum literals must be among the values; then compare by index. */
    if (n->right->kind == EN_LITERAL && n->left->enum_values) {
        if (check_enum_literal(c, n->left, n->right))
            n->enum_compare = true;
    } else if (n->left->kind == EN_LITERAL && n->right->enum_values) {
        if (check_enum_literal(c, n->right, n->left))
            n->enum_compare = true;
    }
}

static void check_in(expr_ctx *c, expr_node *n)
{
    check_node(c, n->left);
    n->type = ET_BOOL;
    if (n->left->type == ET_ERROR)
        return;
    bool all_enum = n->left->enum_values && n->left->nenum <= 64;
    for (size_t i = 0; i < n->nitems; i++) {
        expr_node *item = n->items[i];
        item->type = literal_type(&item->lit);
        if (!compatible(n->left->type, item->type)) {
            type_mismatch(c, n->left, item, "with");
            all_enum = false;
            continue;
        }
        if (n->left->enum_values) {
            if (check_enum_literal(c, n->left, item) && all_enum)
                n->enum_mask |= (uint64_t)1 << item->lit.enum_index;
            else
                all_enum = false;
        }
    }
    n->use_mask = all_enum;
}

/* Maps a byte offset in the decoded pattern to the source text (doubled quotes). */
static size_t pattern_source_offset(const expr_node *lit, size_t decoded_off)
{
    size_t extra = 0;
    const char *s = lit->lit.as.str.ptr;
    for (size_t i = 0; i < decoded_off && i < lit->lit.as.str.len; i++)
        if (s[i] == lit->quote)
            extra++;
    return lit->str_off + decoded_off + extra;
}

static void check_match(expr_ctx *c, expr_node *n)
{
    check_node(c, n->left);
    n->type = ET_BOOL;
    expr_node *lit = n->right;
    lit->type = ET_STRING;
    if (n->left->type != ET_ERROR && n->left->type != ET_STRING) {
        char what[64];
        node_text(c, n->left, what, sizeof what);
        expr_error(c, n->left->start, "E-EXPR-TYPE",
                   "'%s' matches text, but %s is a %s: expected a text column",
                   n->negated ? "!~" : "~", what, type_name(n->left->type));
    }
    int errcode = 0;
    PCRE2_SIZE erroff = 0;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)lit->lit.as.str.ptr, lit->lit.as.str.len,
                                   PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &errcode, &erroff, NULL);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(errcode, msg, sizeof msg);
        expr_error(c, pattern_source_offset(lit, erroff), "E-EXPR-REGEX",
                   "invalid regular expression: %s (at offset %zu of the pattern)",
                   (const char *)msg, (size_t)erroff);
        return;
    }
    /* JIT is an optimisation: when unavailable, pcre2_match interprets. */
    (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    n->re = re;
    n->match_data = pcre2_match_data_create_from_pattern(re, NULL);
    sa_expr *e = c->e;
    if (!n->match_data)
        sa_oom();
    if (e->nregex == e->cap_regex) {
        size_t cap = e->cap_regex ? e->cap_regex * 2 : 4;
        expr_node **grown = sa_xrealloc(e->regex_nodes, cap * sizeof *grown);
        e->regex_nodes = grown;
        e->cap_regex = cap;
    }
    e->regex_nodes[e->nregex++] = n;
}

static void check_is_empty(expr_ctx *c, expr_node *n)
{
    check_node(c, n->left);
    n->type = ET_BOOL;
    if (n->left->type != ET_ERROR && n->left->kind != EN_COLUMN && n->left->kind != EN_CALL) {
        char what[64];
        node_text(c, n->left, what, sizeof what);
        expr_error(c, n->left->start, "E-EXPR-TYPE",
                   "'is %sempty' tests a column or a function result, found %s",
                   n->negated ? "not " : "", what);
    }
}

static void check_condition_operand(expr_ctx *c, const expr_node *operand, const char *after)
{
    if (operand->type == ET_ERROR || operand->type == ET_BOOL)
        return;
    char what[64];
    node_text(c, operand, what, sizeof what);
    expr_error(c, operand->start, "E-EXPR-NOT-BOOLEAN",
               "expected a condition (true or false) %s, found %s (a %s)", after, what,
               type_name(operand->type));
}

static const struct {
    int min_args, max_args;
    const char *signature;
} func_sigs[EF_COUNT_] = {
    [EF_HOURS_BETWEEN] = {2, 2, "hours_between(from, to)"},
    [EF_MINUTES_BETWEEN] = {2, 2, "minutes_between(from, to)"},
    [EF_DAYS_BETWEEN] = {2, 2, "days_between(from, to)"},
    [EF_WORKING_DAYS_BETWEEN] = {2, 2, "working_days_between(from, to)"},
    [EF_WEEKDAY] = {1, 1, "weekday(date)"},
    [EF_HOUR] = {1, 1, "hour(datetime)"},
    [EF_MONTH] = {1, 1, "month(date)"},
    [EF_COALESCE] = {2, 2, "coalesce(a, b)"},
    [EF_SAME_PLACE] = {2, 2, "same_place(preferred, actual)"},
    [EF_LINKED_COUNT] = {0, 0, "linked_count()"},
    [EF_LINKED_MIN] = {1, 1, "linked_min(column of the linked dataset)"},
    [EF_LINKED_MAX] = {1, 1, "linked_max(column of the linked dataset)"},
};

static void arg_type_error(expr_ctx *c, const expr_node *call, const expr_node *arg,
                           const char *expected)
{
    char what[64];
    node_text(c, arg, what, sizeof what);
    expr_error(c, arg->start, "E-EXPR-TYPE", "%s expects %s, found %s (a %s)",
               expr_func_name(call->func), expected, what, type_name(arg->type));
}

static void unknown_function(expr_ctx *c, const expr_node *n)
{
    const char *names[EF_COUNT_];
    sa_buf list = SA_BUF_INIT;
    for (int i = 0; i < EF_COUNT_; i++) {
        names[i] = expr_func_name((expr_func)i);
        sa_buf_printf(&list, "%s%s", i ? ", " : "", names[i]);
    }
    const char *best = sa_suggest_closest(n->name, names, EF_COUNT_);
    if (best)
        expr_error(c, n->off, "E-EXPR-UNKNOWN-FUNCTION", "unknown function '%s': did you mean '%s'?",
                   n->name, best);
    else
        expr_error(c, n->off, "E-EXPR-UNKNOWN-FUNCTION", "unknown function '%s': expected one of %s",
                   n->name, sa_buf_cstr(&list));
    sa_buf_free(&list);
}

/* Date functions take dates or datetimes; weekday names the day, the rest count. */
static bool check_date_call(expr_ctx *c, expr_node *n)
{
    bool bad = false;
    for (size_t i = 0; i < n->nargs; i++) {
        expr_type t = n->args[i]->type;
        if (t != ET_DATE && t != ET_DATETIME) {
            arg_type_error(c, n, n->args[i], "a date or datetime");
            bad = true;
        }
    }
    if (n->func == EF_WEEKDAY) {
        n->type = ET_STRING;
        n->enum_values = expr_weekday_names;
        n->nenum = 7;
    } else {
        n->type = ET_NUMBER;
    }
    if (n->func == EF_WORKING_DAYS_BETWEEN)
        n->memo = sa_arena_alloc(c->e->arena, sizeof *n->memo); /* zeroed: empty */
    if (n->func == EF_HOURS_BETWEEN || n->func == EF_MINUTES_BETWEEN)
        n->clock = sa_arena_alloc(c->e->arena, sizeof *n->clock);
    return !bad;
}

static bool check_coalesce(expr_ctx *c, expr_node *n)
{
    assert(n->nargs == 2); /* the arity check came first */
    expr_node *a = n->args[0], *b = n->args[1];
    bool bad = false;
    if (is_condition(a) || is_condition(b)) {
        arg_type_error(c, n, is_condition(a) ? a : b, "a column, value or function result");
        bad = true;
    } else if (a->type != b->type) {
        type_mismatch(c, a, b, "and");
        bad = true;
    }
    n->type = a->type;
    /* The result keeps a closed set only when both sides share it, so
     * enum indexes still refer to one list. */
    if (a->enum_values && a->enum_values == b->enum_values) {
        n->enum_values = a->enum_values;
        n->nenum = a->nenum;
    } else if (a->enum_values && b->kind == EN_LITERAL) {
        if (check_enum_literal(c, a, b)) {
            n->enum_values = a->enum_values;
            n->nenum = a->nenum;
        } else {
            bad = true;
        }
    }
    return !bad;
}

static bool is_linked_func(expr_func f)
{
    return f == EF_LINKED_COUNT || f == EF_LINKED_MIN || f == EF_LINKED_MAX;
}

/* The term of a linked call, shared by every call asking the same (the caller
 * computes each term once per row). */
static bool add_link_term(expr_ctx *c, expr_node *n, sa_link_fn fn, int column)
{
    sa_expr *e = c->e;
    for (size_t i = 0; i < e->nterms; i++)
        if (e->terms[i].fn == fn && e->terms[i].column == column) {
            n->link_term = (int)i;
            return true;
        }
    if (e->nterms == sizeof e->terms / sizeof e->terms[0]) {
        expr_error(c, n->off, "E-EXPR-ARITY", "an expression asks about at most %zu linked figures",
                   sizeof e->terms / sizeof e->terms[0]);
        return false;
    }
    e->terms[e->nterms] = (sa_expr_link_term){fn, column};
    n->link_term = (int)e->nterms++;
    return true;
}

/* linked_min/max's argument: a bare column of the linked dataset that can be ordered. */
static int linked_column(expr_ctx *c, expr_node *n)
{
    const sa_dataset *ds = c->e->linked;
    const expr_node *a = n->args[0];
    if (a->kind != EN_COLUMN) {
        expr_error(c, a->start, "E-EXPR-TYPE", "%s expects a column of the linked dataset %s",
                   expr_func_name(n->func), ds->name ? ds->name : "");
        return -1;
    }
    for (size_t i = 0; i < ds->ncolumns; i++) {
        if (!ds->columns[i].name || strcmp(ds->columns[i].name, a->name) != 0)
            continue;
        expr_type t = column_type(ds->columns[i].type);
        if (!orderable(t)) {
            expr_error(c, a->start, "E-EXPR-TYPE",
                       "%s expects a number, date, datetime or duration column, but %s is %s",
                       expr_func_name(n->func), a->name, type_name(t));
            return -1;
        }
        n->type = t;
        return (int)i;
    }
    expr_error(c, a->off, "E-EXPR-UNKNOWN-COLUMN", "unknown column '%s' in the linked dataset %s", a->name,
               ds->name ? ds->name : "");
    return -1;
}

/* linked_count(), linked_min(col), linked_max(col): about the rows of the
 * check's `link:` dataset with the row's key (values given by the caller). */
static void check_linked_call(expr_ctx *c, expr_node *n)
{
    n->type = ET_ERROR;
    if (!c->e->linked) {
        expr_error(c, n->off, "E-EXPR-NO-LINK",
                   "%s asks about linked rows, but the check has no `link:` (e.g. link: {dataset: referrals, "
                   "on: nhs_number})",
                   n->name);
        return;
    }
    if ((int)n->nargs != func_sigs[n->func].min_args) {
        expr_error(c, n->off, "E-EXPR-ARITY", "%s takes %d argument%s (%s), found %zu", n->name,
                   func_sigs[n->func].min_args, func_sigs[n->func].min_args == 1 ? "" : "s",
                   func_sigs[n->func].signature, n->nargs);
        return;
    }
    if (n->func == EF_LINKED_COUNT) {
        if (add_link_term(c, n, SA_LINK_COUNT, -1))
            n->type = ET_NUMBER;
        return;
    }
    int col = linked_column(c, n);
    if (col < 0) {
        n->type = ET_ERROR;
        return;
    }
    if (!add_link_term(c, n, n->func == EF_LINKED_MIN ? SA_LINK_MIN : SA_LINK_MAX, col))
        n->type = ET_ERROR;
}

static void check_call(expr_ctx *c, expr_node *n)
{
    expr_func f;
    if (expr_func_lookup(n->name, strlen(n->name), &f) && is_linked_func(f)) {
        n->func = f;
        check_linked_call(c, n);
        return;
    }
    for (size_t i = 0; i < n->nargs; i++)
        check_node(c, n->args[i]);
    if (!expr_func_lookup(n->name, strlen(n->name), &n->func)) {
        unknown_function(c, n);
        n->type = ET_ERROR;
        return;
    }
    if ((int)n->nargs < func_sigs[n->func].min_args ||
        (int)n->nargs > func_sigs[n->func].max_args) {
        expr_error(c, n->off, "E-EXPR-ARITY", "%s takes %d argument%s (%s), found %zu", n->name,
                   func_sigs[n->func].min_args, func_sigs[n->func].min_args == 1 ? "" : "s",
                   func_sigs[n->func].signature, n->nargs);
        n->type = ET_ERROR;
        return;
    }
    bool bad = false;
    for (size_t i = 0; i < n->nargs; i++)
        if (n->args[i]->type == ET_ERROR)
            bad = true;
    if (bad) {
        n->type = ET_ERROR;
        return;
    }
    switch (n->func) {
    case EF_HOURS_BETWEEN:
    case EF_MINUTES_BETWEEN:
    case EF_DAYS_BETWEEN:
    case EF_WORKING_DAYS_BETWEEN:
    case EF_WEEKDAY:
    case EF_MONTH:
        bad = !check_date_call(c, n);
        break;
    case EF_HOUR:
        if (n->args[0]->type != ET_DATETIME) {
            arg_type_error(c, n, n->args[0], "a datetime");
            bad = true;
        }
        n->type = ET_NUMBER;
        break;
    case EF_COALESCE:
        bad = !check_coalesce(c, n);
        break;
    case EF_SAME_PLACE:
        for (size_t i = 0; i < n->nargs; i++) {
            if (n->args[i]->type != ET_STRING) {
                arg_type_error(c, n, n->args[i], "a place code (text or enum)");
                bad = true;
            }
        }
        n->type = ET_BOOL;
        break;
    default:
        break;
    }
    if (bad)
        n->type = ET_ERROR;
}

static void check_node(expr_ctx *c, expr_node *n)
{
    switch (n->kind) {
    case EN_LITERAL:
        n->type = literal_type(&n->lit);
        break;
    case EN_COLUMN:
        check_column(c, n);
        break;
    case EN_CALL:
        check_call(c, n);
        break;
    case EN_CMP:
        check_cmp(c, n);
        break;
    case EN_IN:
        check_in(c, n);
        break;
    case EN_MATCH:
        check_match(c, n);
        break;
    case EN_IS_EMPTY:
        check_is_empty(c, n);
        break;
    case EN_AND:
    case EN_OR:
        check_node(c, n->left);
        check_node(c, n->right);
        check_condition_operand(c, n->left, n->kind == EN_AND ? "before 'and'" : "before 'or'");
        check_condition_operand(c, n->right, n->kind == EN_AND ? "after 'and'" : "after 'or'");
        n->type = ET_BOOL;
        break;
    case EN_NOT:
        check_node(c, n->left);
        check_condition_operand(c, n->left, "after 'not'");
        n->type = ET_BOOL;
        break;
    }
}

bool expr_check(expr_ctx *c, expr_node *root)
{
    int before = c->errors;
    check_node(c, root);
    if (root->type != ET_ERROR && root->type != ET_BOOL) {
        char what[64];
        node_text(c, root, what, sizeof what);
        expr_error(c, root->start, "E-EXPR-NOT-BOOLEAN",
                   "expected a condition (true or false), found %s (a %s): compare it with a value "
                   "(e.g. ... <= 1) or test it with 'is not empty'",
                   what, type_name(root->type));
    }
    return c->errors == before;
}
