/*
 * expr_internal.h — the expression AST shared by the parser, the type
 * checker, the evaluator and the printers (private to src/expr/).
 *
 * Every node lives in the expression's arena. Source spans are byte offsets
 * into the expression text, used for diagnostics.
 */
#ifndef SA_EXPR_INTERNAL_H
#define SA_EXPR_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pcre2.h>

#include "core/arena.h"
#include "core/calendar.h"
#include "core/diag.h"
#include "core/regex.h"
#include "core/value.h"
#include "expr/expr.h"

/* Hostile-input bounds: longer or deeper expressions are rejected (E-EXPR-SYNTAX). */
#define SA_EXPR_MAX_LENGTH 4096
#define SA_EXPR_MAX_DEPTH 64
/* A `~` match on one cell runs under core/regex.h's limits; one that reaches
 * them gives up and the condition is unknown. */

typedef enum expr_node_kind {
    EN_LITERAL = 0,
    EN_COLUMN,
    EN_CALL,
    EN_CMP,      /* left op right */
    EN_IN,       /* left [not] in [items] */
    EN_MATCH,    /* left ~ 'regex' / left !~ 'regex' */
    EN_IS_EMPTY, /* left is [not] empty */
    EN_AND,
    EN_OR,
    EN_NOT,
} expr_node_kind;

typedef enum expr_type {
    ET_ERROR = 0, /* already reported; suppresses follow-on errors */
    ET_STRING,
    ET_NUMBER,
    ET_BOOL,
    ET_DATE,
    ET_DATETIME,
    ET_DURATION,
} expr_type;

typedef enum expr_cmp {
    EC_EQ = 0,
    EC_NE,
    EC_LT,
    EC_LE,
    EC_GT,
    EC_GE,
} expr_cmp;

typedef enum expr_func {
    EF_HOURS_BETWEEN = 0,
    EF_MINUTES_BETWEEN,
    EF_DAYS_BETWEEN,
    EF_WORKING_DAYS_BETWEEN,
    EF_WEEKDAY,
    EF_HOUR,
    EF_MONTH,
    EF_COALESCE,
    EF_SAME_PLACE,
    EF_LINKED_COUNT,
    EF_LINKED_MIN,
    EF_LINKED_MAX,
    EF_COUNT_,
} expr_func;

/* How a literal was written, so the canonical form keeps its spelling. */
typedef enum expr_lit_form {
    EL_PLAIN = 0,
    EL_PERCENT, /* 90% — value is 0.9; `percent` keeps 90 */
} expr_lit_form;

/* The Europe/London clock-change instants of a few consecutive years. */
#define EXPR_MEMO_YEARS 4
typedef struct expr_clock_memo {
    sa_datetime
        year_start[EXPR_MEMO_YEARS + 1];    /* local midnight of 1 January; [0] == [N] when empty */
    sa_datetime bst_start[EXPR_MEMO_YEARS]; /* first local wall-clock second of summer time */
    sa_datetime bst_end[EXPR_MEMO_YEARS];   /* first local second back on GMT (02:00 BST) */
} expr_clock_memo;

typedef struct expr_node expr_node;
struct expr_node {
    expr_node_kind kind;
    uint32_t off;   /* the node's own token: a name, a literal, an operator */
    uint32_t start; /* first byte of the whole subexpression (incl. an opening parenthesis) */
    uint32_t len;   /* bytes spanned */
    expr_type type;
    /* String-typed nodes whose values come from a closed set (enum columns,
     * weekday()): the allowed values; runtime enum_index refers to this list. */
    const char *const *enum_values;
    size_t nenum;

    /* EN_LITERAL */
    sa_value lit;
    expr_lit_form lit_form;
    double percent;
    uint32_t str_off; /* strings: offset of the first content byte (after the quote) */
    char quote;       /* strings: the quote character used */

    /* EN_COLUMN */
    const char *name; /* also EN_CALL: the function name as written */
    int column;

    /* EN_CALL */
    expr_func func;
    expr_node **args;
    size_t nargs;
    sa_workday_memo *memo; /* working_days_between */
    expr_clock_memo *clock;  /* hours_between, minutes_between */
    sa_value scratch;        /* the last computed value of a call (eval returns a pointer to it) */
    int link_term;           /* linked_*: the index of its term in sa_expr.terms */

    /* EN_CMP, EN_IN, EN_MATCH, EN_IS_EMPTY, EN_AND, EN_OR, EN_NOT */
    expr_cmp op;
    expr_node *left;
    expr_node *right;
    bool negated;      /* not in, !~, is not empty */
    bool enum_compare; /* compare enum indexes when both sides have one */

    /* EN_IN */
    expr_node **items;
    size_t nitems;
    uint64_t enum_mask; /* bit i set: enum value i is in the list (nenum <= 64) */
    bool use_mask;

    /* EN_MATCH */
    pcre2_code *re;
    pcre2_match_data *match_data;
};

/* The shapes most `where`s and `meets` take: one column tested on its own. An
 * expression of one of them is answered from the cell without walking the tree. */
typedef enum expr_leaf_kind {
    EXPR_LEAF_NONE = 0,
    EXPR_LEAF_EMPTY,   /* column is [not] empty */
    EXPR_LEAF_ENUM_EQ, /* enum column == / != one of its values */
    EXPR_LEAF_ENUM_IN, /* enum column [not] in [values] */
    EXPR_LEAF_DAYS,    /* [working_]days_between(column, column) compared with a whole number */
} expr_leaf_kind;

typedef struct expr_leaf {
    expr_leaf_kind kind;
    int column;
    bool negated;  /* is not empty, !=, not in */
    int32_t index; /* ENUM_EQ: the value's index among the column's values */
    uint64_t mask; /* ENUM_IN: bit i set for value i */
    /* DAYS: the call's second column, the comparison and its number; the
     * working-day memo of the call (NULL for days_between) */
    int column2;
    expr_cmp op;
    int64_t bound;
    sa_workday_memo *memo;
} expr_leaf;

struct sa_expr {
    sa_expr_cell_test cell; /* first: sa_expr_eval_bool (expr.h) reads it inline */
    sa_arena *arena;
    expr_leaf leaf; /* EXPR_LEAF_NONE: evaluate the tree */
    const char *text; /* arena copy of the source */
    size_t text_len;
    expr_node *root;
    const struct sa_dataset *schema;
    const struct sa_dataset *linked; /* the `link:` dataset, or NULL */
    sa_expr_link_term terms[8];      /* the linked terms used, each once */
    size_t nterms;
    const sa_value *linked_values;   /* per term, set before evaluating; NULL = empty */
    sa_calendar calendar;
    /* Match limits shared by the expression's regexes (NULL until one is compiled). */
    /* Compiled regexes, freed with the expression. */
    expr_node **regex_nodes;
    size_t nregex;
    size_t cap_regex;
};

/* Shared state of one compilation. */
typedef struct expr_ctx {
    sa_expr *e;
    const char *text;
    size_t len;
    sa_pos pos;
    sa_diags *diags;
    int errors;
} expr_ctx;

/** Reports an error at byte `off` and counts it. */
void expr_error(expr_ctx *c, size_t off, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/** Parses the whole text; NULL after reporting E-EXPR-SYNTAX. */
expr_node *expr_parse(expr_ctx *c);
/** Resolves columns and functions, checks types, compiles regexes; false when errors were reported.
 */
bool expr_check(expr_ctx *c, expr_node *root);

/** Function table lookups. */
const char *expr_func_name(expr_func f);
bool expr_func_lookup(const char *name, size_t len, expr_func *out);

/** Evaluates a value node over a row; the result is valid until the node is evaluated again. */
const sa_value *expr_eval_value(sa_expr *e, expr_node *n, const sa_value *row);
/** Evaluates a condition node over a row. */
sa_tri expr_eval_cond(sa_expr *e, expr_node *n, const sa_value *row);

/** Weekday names as weekday() returns them, Monday first. */
extern const char *const expr_weekday_names[7];


#endif
