/*
 * expr.h — the rule expression language used in `where:`, `meets:` and
 * `exclude:` (grammar and semantics in specs/README.md).
 *
 * An expression is parsed once into an AST, type-checked against a dataset
 * schema, and evaluated per row without heap allocation. Logic is
 * three-valued: a comparison involving an empty cell is UNKNOWN; callers
 * decide what unknown means (where: excluded; meets: not met, counted apart).
 * The language is documented in specs/README.md.
 *
 * Ownership: sa_expr_compile() returns an expression the caller frees with
 * sa_expr_free(); it keeps pointers to the dataset and calendar given, which
 * must outlive it. An expression is used by one thread at a time (regex
 * matching reuses per-expression match data); compile one per thread.
 */
#ifndef SA_EXPR_H
#define SA_EXPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/calendar.h"
#include "core/diag.h"
#include "core/value.h"

struct sa_dataset;

typedef struct sa_expr sa_expr;

typedef enum sa_tri {
    SA_TRI_FALSE = 0,
    SA_TRI_TRUE = 1,
    SA_TRI_UNKNOWN = 2,
} sa_tri;

/**
 * Parses and type-checks `text` against `schema` (columns by name). `pos` is
 * the position of the expression's first character in its source file; each
 * diagnostic (E-EXPR-SYNTAX, E-EXPR-UNKNOWN-COLUMN, E-EXPR-TYPE,
 * E-EXPR-REGEX, E-EXPR-ARITY, E-EXPR-UNKNOWN-FUNCTION, E-EXPR-NOT-BOOLEAN,
 * E-EXPR-BAD-ENUM) points at the exact column inside it (pos.col + byte
 * offset; later lines of a multi-line text keep pos.col as their indentation).
 * The result must be boolean. `schema` may be NULL (then no column resolves);
 * `calendar` may be NULL (England and Wales, no extra days). Returns NULL when
 * any error was reported.
 */
sa_expr *sa_expr_compile(const char *text, sa_pos pos, const struct sa_dataset *schema,
                         const sa_calendar *calendar, sa_diags *diags);
/* ---- linked rows (a check's `link:`) ----------------------------------------
 * linked_count(), linked_min(column) and linked_max(column) ask about the rows
 * of another dataset that share the row's key. The expression does not look
 * them up: it lists the terms it uses (sa_expr_link_terms) and the caller,
 * before each evaluation, hands it one value per term (sa_expr_set_linked):
 * the count as an int, a minimum or maximum as a value of the linked column's
 * type, or an empty value when there is none (so a comparison is unknown). */
typedef enum sa_link_fn {
    SA_LINK_COUNT = 0,
    SA_LINK_MIN,
    SA_LINK_MAX,
} sa_link_fn;
typedef struct sa_expr_link_term {
    sa_link_fn fn;
    int column; /* in the linked dataset; -1 for a count */
} sa_expr_link_term;

/**
 * As sa_expr_compile, with `linked` the dataset of the check's `link:` (NULL:
 * none, and a linked_* call is E-EXPR-NO-LINK). A linked_min/max argument is
 * a column of `linked`, of a number, date, datetime or duration type.
 */
sa_expr *sa_expr_compile_linked(const char *text, sa_pos pos, const struct sa_dataset *schema,
                                const struct sa_dataset *linked, const sa_calendar *calendar, sa_diags *diags);
/** The linked terms the expression uses, each once; *terms stays valid while `e` lives. */
size_t sa_expr_link_terms(const sa_expr *e, const sa_expr_link_term **terms);
/** The values of the terms for the next evaluations (values[i] for term i); NULL: all empty. */
void sa_expr_set_linked(sa_expr *e, const sa_value *values);

/** NULL is a no-op. */
void sa_expr_free(sa_expr *e);

/* The tests most `where`s and `meets` are: one column on its own (`urgency == "urgent"`,
 * `first_contact_at is not empty`, `setting in ["home", "hospice"]`) or a day count between
 * two columns against a whole number (`working_days_between(received_at, seen_at) <= 1`).
 * Kept at the head of every compiled expression so that sa_expr_eval_bool answers them
 * inline: the checks ask them of every row, several times, and a call costs more than
 * the test. Read only through sa_expr_eval_bool. */
typedef enum sa_expr_test_kind {
    SA_EXPR_TEST_NONE = 0, /* evaluate the tree */
    SA_EXPR_TEST_EMPTY,    /* `column is [not] empty` */
    SA_EXPR_TEST_ENUM,     /* the enum value of `column` (0..63) is in `mask` */
    SA_EXPR_TEST_DAYS,     /* the days from `column`'s date to `column2`'s lie within [low, high] */
} sa_expr_test_kind;
typedef struct sa_expr_cell_test {
    sa_expr_test_kind kind;
    int column;
    bool negated;   /* is not empty, !=, not in */
    uint64_t mask;
    int column2;
    int64_t low, high;
    sa_workday_memo *memo;       /* working days; NULL: calendar days */
    const sa_calendar *calendar; /* the expression's */
} sa_expr_cell_test;

/** sa_expr_eval_bool for what the test does not decide: the tree, or a string outside the enum. */
sa_tri sa_expr_eval_tree(sa_expr *e, const sa_value *row);

static inline sa_tri sa_expr_tri_(bool hit, bool negated)
{
    return hit != negated ? SA_TRI_TRUE : SA_TRI_FALSE;
}

/* The date of a date or datetime cell; false for any other (an empty one included). */
static inline bool sa_expr_date_of_(const sa_value *v, sa_date *out)
{
    if (v->kind == SA_VAL_DATETIME)
        *out = sa_datetime_date(v->as.dt);
    else if (v->kind == SA_VAL_DATE)
        *out = v->as.date;
    else
        return false;
    return true;
}

/* A DAYS test, as the tree would answer it: unknown unless both cells hold a date. */
static inline sa_tri sa_expr_days_test_(const sa_expr_cell_test *t, const sa_value *row)
{
    sa_date from, to;
    if (!sa_expr_date_of_(&row[t->column], &from) || !sa_expr_date_of_(&row[t->column2], &to))
        return SA_TRI_UNKNOWN;
    int64_t days = t->memo ? sa_calendar_working_days_memo_dates(t->memo, t->calendar, from, to)
                           : (int64_t)to - from;
    return sa_expr_tri_(days >= t->low && days <= t->high, t->negated);
}

/** Evaluates a boolean expression over one decoded row (values indexed like the schema's columns). */
static inline sa_tri sa_expr_eval_bool(sa_expr *e, const sa_value *row)
{
    /* The test is the first member of struct sa_expr (a static assertion in expr.c). */
    const sa_expr_cell_test *t = (const sa_expr_cell_test *)(const void *)e;
    const sa_value *a = &row[t->column];
    if (t->kind == SA_EXPR_TEST_ENUM) {
        if (a->kind == SA_VAL_STRING && (uint32_t)a->enum_index < 64)
            return sa_expr_tri_((t->mask >> a->enum_index) & 1u, t->negated);
        if (a->kind == SA_VAL_EMPTY)
            return SA_TRI_UNKNOWN;
    } else if (t->kind == SA_EXPR_TEST_EMPTY) {
        return sa_expr_tri_(a->kind == SA_VAL_EMPTY, t->negated);
    } else if (t->kind == SA_EXPR_TEST_DAYS) {
        return sa_expr_days_test_(t, row);
    }
    return sa_expr_eval_tree(e, row);
}

/** Appends the expression in plain English ("urgency is \"urgent\" and ..."). */
void sa_expr_describe(const sa_expr *e, sa_buf *out);
/** Appends the canonical source form (fully parenthesised where precedence matters). */
void sa_expr_format(const sa_expr *e, sa_buf *out);
/** Column indexes the expression reads (for the engine); returns the count written (<= max). */
size_t sa_expr_columns(const sa_expr *e, int *columns, size_t max);

/** How the rows an expression holds for change from one version to another. */
typedef enum sa_expr_shift {
    SA_EXPR_SAME = 0, /* the same expression, however it is written */
    SA_EXPR_WIDER,    /* only thresholds moved, each so that more rows hold (<= 1 -> <= 2) */
    SA_EXPR_NARROWER, /* only thresholds moved, each so that fewer rows hold */
    SA_EXPR_OTHER,    /* anything else: no direction can be told */
} sa_expr_shift;
/** Compares two compiled expressions (compare.c says which edits have a direction). */
sa_expr_shift sa_expr_compare(const sa_expr *a, const sa_expr *b);

#endif
