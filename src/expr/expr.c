/*
 * expr.c — compiling an expression (parse, then type-check against the
 * dataset schema), positions for diagnostics, and the expression lifecycle.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr/expr_internal.h"
#include "core/schema.h"
#include "core/alloc.h"

const char *const expr_weekday_names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

static const char *const func_names[EF_COUNT_] = {
    [EF_HOURS_BETWEEN] = "hours_between",
    [EF_MINUTES_BETWEEN] = "minutes_between",
    [EF_DAYS_BETWEEN] = "days_between",
    [EF_WORKING_DAYS_BETWEEN] = "working_days_between",
    [EF_WEEKDAY] = "weekday",
    [EF_HOUR] = "hour",
    [EF_MONTH] = "month",
    [EF_COALESCE] = "coalesce",
    [EF_SAME_PLACE] = "same_place",
    [EF_LINKED_COUNT] = "linked_count",
    [EF_LINKED_MIN] = "linked_min",
    [EF_LINKED_MAX] = "linked_max",
};

const char *expr_func_name(expr_func f)
{
    return f < EF_COUNT_ ? func_names[f] : "?";
}

bool expr_func_lookup(const char *name, size_t len, expr_func *out)
{
    for (int i = 0; i < EF_COUNT_; i++) {
        if (strlen(func_names[i]) == len && memcmp(func_names[i], name, len) == 0) {
            *out = (expr_func)i;
            return true;
        }
    }
    return false;
}

/* The position of byte `off` of the expression text in its source file. */
static sa_pos expr_pos_at(const expr_ctx *c, size_t off)
{
    sa_pos pos = c->pos;
    if (off > c->len)
        off = c->len;
    /* Lines after the first (block scalars) share the first line's indentation. */
    size_t line_start = 0;
    uint32_t lines = 0;
    for (size_t i = 0; i < off; i++) {
        if (c->text[i] == '\n') {
            lines++;
            line_start = i + 1;
        }
    }
    if (pos.line)
        pos.line += lines;
    uint32_t base = pos.col ? pos.col : 1;
    pos.col = base + (uint32_t)(off - line_start);
    return pos;
}

void expr_error(expr_ctx *c, size_t off, const char *code, const char *fmt, ...)
{
    c->errors++;
    va_list ap;
    va_start(ap, fmt);
    sa_diags_vadd(c->diags, SA_SEV_ERROR, code, expr_pos_at(c, off), fmt, ap);
    va_end(ap);
}

static void free_regexes(sa_expr *e)
{
    for (size_t i = 0; i < e->nregex; i++) {
        pcre2_match_data_free(e->regex_nodes[i]->match_data);
        pcre2_code_free(e->regex_nodes[i]->re);
    }
    free(e->regex_nodes);
    e->regex_nodes = NULL;
    e->nregex = 0;
}

/* A day count between two columns compared with a whole number: the shape of
 * most timeliness `meets` (working_days_between(received_at, seen_at) <= 1). */
static expr_leaf days_leaf_of(const expr_node *n)
{
    expr_leaf l = {.kind = EXPR_LEAF_NONE};
    const expr_node *call = n->left;
    if (n->kind != EN_CMP || call->kind != EN_CALL || call->link_term >= 0 || call->nargs != 2 ||
        (call->func != EF_DAYS_BETWEEN && call->func != EF_WORKING_DAYS_BETWEEN))
        return l;
    const expr_node *a = call->args[0], *b = call->args[1];
    if (a->kind != EN_COLUMN || a->column < 0 || b->kind != EN_COLUMN || b->column < 0 ||
        n->right->kind != EN_LITERAL || n->right->lit.kind != SA_VAL_INT)
        return l;
    l.kind = EXPR_LEAF_DAYS;
    l.column = a->column;
    l.column2 = b->column;
    l.op = n->op;
    l.bound = n->right->lit.as.i;
    l.memo = call->func == EF_WORKING_DAYS_BETWEEN ? call->memo : NULL;
    return l;
}

/* The leaf shape of a checked expression's root, if it has one. */
static expr_leaf leaf_of(const expr_node *n)
{
    expr_leaf l = days_leaf_of(n);
    if (l.kind != EXPR_LEAF_NONE)
        return l;
    const expr_node *col = n->left;
    if (!col || col->kind != EN_COLUMN || col->column < 0)
        return l;
    l.column = col->column;
    l.negated = n->negated;
    if (n->kind == EN_IS_EMPTY) {
        l.kind = EXPR_LEAF_EMPTY;
    } else if (n->kind == EN_CMP && n->enum_compare && (n->op == EC_EQ || n->op == EC_NE) &&
               n->right->kind == EN_LITERAL && n->right->lit.kind == SA_VAL_STRING &&
               n->right->lit.enum_index >= 0) {
        l.kind = EXPR_LEAF_ENUM_EQ;
        l.index = n->right->lit.enum_index;
        l.negated = n->op == EC_NE;
    } else if (n->kind == EN_IN && n->use_mask) {
        l.kind = EXPR_LEAF_ENUM_IN;
        l.mask = n->enum_mask;
    }
    return l;
}

/* A day count's comparison with `bound` as the days it holds for: [low, high]
 * (negated for !=); false when it cannot be written so (< INT64_MIN, > INT64_MAX). */
static bool days_range(expr_cmp op, int64_t bound, sa_expr_cell_test *t)
{
    t->low = INT64_MIN;
    t->high = INT64_MAX;
    switch (op) {
    case EC_EQ: t->low = t->high = bound; return true;
    case EC_NE: t->low = t->high = bound; t->negated = true; return true;
    case EC_LT: t->high = bound - 1; return bound != INT64_MIN;
    case EC_LE: t->high = bound; return true;
    case EC_GT: t->low = bound + 1; return bound != INT64_MAX;
    default: t->low = bound; return true;
    }
}

/* The test sa_expr_eval_bool answers inline: emptiness, an enum value tested against
 * values 0..63, or a day count. An equality with a later enum value stays with the leaf. */
static sa_expr_cell_test cell_test_of(const sa_expr *e)
{
    const expr_leaf *l = &e->leaf;
    sa_expr_cell_test t = {.kind = SA_EXPR_TEST_NONE, .column = l->column, .negated = l->negated};
    if (l->kind == EXPR_LEAF_EMPTY) {
        t.kind = SA_EXPR_TEST_EMPTY;
    } else if (l->kind == EXPR_LEAF_ENUM_EQ && l->index < 64) {
        t.kind = SA_EXPR_TEST_ENUM;
        t.mask = (uint64_t)1 << l->index;
    } else if (l->kind == EXPR_LEAF_ENUM_IN) {
        t.kind = SA_EXPR_TEST_ENUM;
        t.mask = l->mask;
    } else if (l->kind == EXPR_LEAF_DAYS) {
        t = (sa_expr_cell_test){.column = l->column, .column2 = l->column2, .memo = l->memo,
                                .calendar = &e->calendar};
        if (days_range(l->op, l->bound, &t))
            t.kind = SA_EXPR_TEST_DAYS;
    }
    return t;
}

static_assert(offsetof(sa_expr, cell) == 0, "sa_expr_eval_bool reads the cell test at the head of sa_expr");

sa_expr *sa_expr_compile(const char *text, sa_pos pos, const struct sa_dataset *schema,
                         const sa_calendar *calendar, sa_diags *diags)
{
    return sa_expr_compile_linked(text, pos, schema, NULL, calendar, diags);
}

sa_expr *sa_expr_compile_linked(const char *text, sa_pos pos, const struct sa_dataset *schema,
                                const struct sa_dataset *linked, const sa_calendar *calendar, sa_diags *diags)
{
    if (!text)
        text = "";
    sa_expr *e = sa_xcalloc(1, sizeof *e);
    e->arena = sa_arena_new();
    size_t len = strlen(text);
    e->text = sa_arena_strndup(e->arena, text, len);
    e->text_len = len;
    e->schema = schema;
    e->linked = linked;
    if (calendar)
        e->calendar = *calendar;
    else
        e->calendar = (sa_calendar){SA_REGION_ENGLAND_WALES, NULL, 0};

    expr_ctx c = {.e = e, .text = e->text, .len = len, .pos = pos, .diags = diags};
    e->root = expr_parse(&c);
    if (!e->root || !expr_check(&c, e->root) || c.errors) {
        sa_expr_free(e);
        return NULL;
    }
    e->leaf = leaf_of(e->root);
    e->cell = cell_test_of(e);
    return e;
}

void sa_expr_free(sa_expr *e)
{
    if (!e)
        return;
    free_regexes(e);
    sa_arena_free(e->arena);
    free(e);
}

size_t sa_expr_link_terms(const sa_expr *e, const sa_expr_link_term **terms)
{
    *terms = e ? e->terms : NULL;
    return e ? e->nterms : 0;
}

void sa_expr_set_linked(sa_expr *e, const sa_value *values)
{
    e->linked_values = values;
}

static inline bool is_dated(const sa_value *v)
{
    return v->kind == SA_VAL_DATE || v->kind == SA_VAL_DATETIME;
}

static inline sa_date date_of(const sa_value *v)
{
    return v->kind == SA_VAL_DATE ? v->as.date : sa_datetime_date(v->as.dt);
}

/* A DAYS leaf as eval_call() then eval_cmp() would answer it: unknown unless
 * both cells hold a date or datetime, else the day count against the bound. */
static inline sa_tri eval_days(sa_expr *e, const expr_leaf *l, const sa_value *row)
{
    const sa_value *a = &row[l->column], *b = &row[l->column2];
    if (!is_dated(a) || !is_dated(b))
        return SA_TRI_UNKNOWN;
    sa_date from = date_of(a), to = date_of(b);
    int64_t days = l->memo ? sa_calendar_working_days_memo_dates(l->memo, &e->calendar, from, to)
                           : (int64_t)to - from;
    bool r;
    switch (l->op) {
    case EC_EQ: r = days == l->bound; break;
    case EC_NE: r = days != l->bound; break;
    case EC_LT: r = days < l->bound; break;
    case EC_LE: r = days <= l->bound; break;
    case EC_GT: r = days > l->bound; break;
    default: r = days >= l->bound; break;
    }
    return r ? SA_TRI_TRUE : SA_TRI_FALSE;
}

/* Answers a leaf expression as expr_eval_cond() would; false when the cell is not
 * one the shortcut decides (a string outside the enum's values: compared as text). */
static inline bool eval_leaf(sa_expr *e, const expr_leaf *l, const sa_value *row, sa_tri *out)
{
    const sa_value *a = &row[l->column];
    bool hit;
    if (l->kind == EXPR_LEAF_DAYS) {
        *out = eval_days(e, l, row);
        return true;
    }
    if (l->kind == EXPR_LEAF_EMPTY) {
        hit = a->kind == SA_VAL_EMPTY;
    } else if (a->kind == SA_VAL_EMPTY) {
        *out = SA_TRI_UNKNOWN;
        return true;
    } else if (a->kind != SA_VAL_STRING || a->enum_index < 0) {
        return false;
    } else if (l->kind == EXPR_LEAF_ENUM_EQ) {
        hit = a->enum_index == l->index;
    } else if (a->enum_index < 64) {
        hit = (l->mask >> a->enum_index) & 1u;
    } else {
        return false;
    }
    *out = hit != l->negated ? SA_TRI_TRUE : SA_TRI_FALSE;
    return true;
}

sa_tri sa_expr_eval_tree(sa_expr *e, const sa_value *row)
{
    sa_tri t;
    if (e->leaf.kind != EXPR_LEAF_NONE && eval_leaf(e, &e->leaf, row, &t))
        return t;
    return expr_eval_cond(e, e->root, row);
}

static void collect_columns(const expr_node *n, int *columns, size_t max, size_t *count)
{
    if (!n)
        return;
    if (n->kind == EN_COLUMN && n->column >= 0) {
        for (size_t i = 0; i < *count && i < max; i++)
            if (columns[i] == n->column)
                return;
        if (*count < max)
            columns[*count] = n->column;
        (*count)++;
        return;
    }
    collect_columns(n->left, columns, max, count);
    collect_columns(n->right, columns, max, count);
    if (n->kind == EN_CALL && n->link_term >= 0)
        return; /* its argument is a column of the linked dataset */
    for (size_t i = 0; i < n->nargs; i++)
        collect_columns(n->args[i], columns, max, count);
}

size_t sa_expr_columns(const sa_expr *e, int *columns, size_t max)
{
    if (!e)
        return 0;
    size_t count = 0;
    collect_columns(e->root, columns, max, &count);
    return count < max ? count : max;
}
