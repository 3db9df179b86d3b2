/*
 * compare.c — which way an edited expression moves: walks the old and new
 * trees side by side and accepts only one kind of difference, a number (or
 * date, or duration) compared against in a comparison whose direction is
 * known. Anything else that differs makes the answer SA_EXPR_OTHER.
 *
 * Direction: in `x <= N` or `x < N` a larger N holds for more rows; in
 * `x >= N` or `x > N` for fewer; `==` and `!=` have no direction. `N <= x`
 * is `x >= N`. Under `not` the direction turns round; `and` and `or` keep
 * it (they are monotone, in three-valued logic too: an empty cell stays
 * unknown whatever N is). Inside a function's arguments or an `in` list
 * nothing is known, so a literal there may not change at all.
 */
#include <string.h>

#include "expr/expr_internal.h"

typedef struct shift_acc {
    bool wider, narrower, other;
} shift_acc;

/* A value a comparison threshold can be: ordered, and read as one number. */
static bool ordered_number(const sa_value *v, double *out)
{
    switch (v->kind) {
    case SA_VAL_INT: *out = (double)v->as.i; return true;
    case SA_VAL_DECIMAL: *out = v->as.d; return true;
    case SA_VAL_DATE: *out = (double)v->as.date; return true;
    case SA_VAL_DATETIME: *out = (double)v->as.dt; return true;
    case SA_VAL_DURATION: *out = (double)v->as.seconds; return true;
    default: return false;
    }
}

static bool literal_equal(const expr_node *a, const expr_node *b)
{
    const sa_value *x = &a->lit, *y = &b->lit;
    if (x->kind != y->kind || a->lit_form != b->lit_form)
        return false;
    switch (x->kind) {
    case SA_VAL_STRING:
        return x->as.str.len == y->as.str.len && memcmp(x->as.str.ptr, y->as.str.ptr, x->as.str.len) == 0;
    case SA_VAL_BOOL: return x->as.b == y->as.b;
    case SA_VAL_EMPTY: return true;
    default: {
        double dx, dy;
        return ordered_number(x, &dx) && ordered_number(y, &dy) && dx == dy;
    }
    }
}

static bool same_name(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void walk(const expr_node *a, const expr_node *b, int polarity, shift_acc *acc);

/* Two subtrees that must be the same (no direction known inside them). */
static void walk_equal(const expr_node *a, const expr_node *b, shift_acc *acc)
{
    walk(a, b, 0, acc);
}

/*
 * `x OP old` became `x OP new` (the threshold on the right): more or fewer
 * rows hold, as seen from the whole expression through `polarity`.
 */
static void threshold(expr_cmp op, const expr_node *old_lit, const expr_node *new_lit, int polarity,
                      shift_acc *acc)
{
    double o, n;
    if (literal_equal(old_lit, new_lit))
        return;
    if (polarity == 0 || old_lit->lit.kind != new_lit->lit.kind || old_lit->lit_form != new_lit->lit_form ||
        !ordered_number(&old_lit->lit, &o) || !ordered_number(&new_lit->lit, &n) ||
        op == EC_EQ || op == EC_NE) {
        acc->other = true;
        return;
    }
    int holds_more = (op == EC_LT || op == EC_LE) ? (n > o ? 1 : -1) : (n > o ? -1 : 1);
    if (holds_more * polarity > 0)
        acc->wider = true;
    else
        acc->narrower = true;
}

/* The operator as seen with its operands swapped: N <= x is x >= N. */
static expr_cmp mirrored(expr_cmp op)
{
    switch (op) {
    case EC_LT: return EC_GT;
    case EC_LE: return EC_GE;
    case EC_GT: return EC_LT;
    case EC_GE: return EC_LE;
    default: return op;
    }
}

static void walk_cmp(const expr_node *a, const expr_node *b, int polarity, shift_acc *acc)
{
    if (a->op != b->op) {
        acc->other = true;
        return;
    }
    bool right_lits = a->right->kind == EN_LITERAL && b->right->kind == EN_LITERAL;
    bool left_lits = a->left->kind == EN_LITERAL && b->left->kind == EN_LITERAL;
    if (right_lits && !left_lits) {
        walk_equal(a->left, b->left, acc);
        threshold(a->op, a->right, b->right, polarity, acc);
    } else if (left_lits && !right_lits) {
        walk_equal(a->right, b->right, acc);
        threshold(mirrored(a->op), a->left, b->left, polarity, acc);
    } else {
        walk_equal(a->left, b->left, acc);
        walk_equal(a->right, b->right, acc);
    }
}

static void walk_list(expr_node *const *a, size_t na, expr_node *const *b, size_t nb, shift_acc *acc)
{
    if (na != nb) {
        acc->other = true;
        return;
    }
    for (size_t i = 0; i < na && !acc->other; i++)
        walk_equal(a[i], b[i], acc);
}

static void walk(const expr_node *a, const expr_node *b, int polarity, shift_acc *acc)
{
    if (acc->other)
        return;
    if (!a || !b || a->kind != b->kind || a->negated != b->negated) {
        acc->other = acc->other || a != b;
        return;
    }
    switch (a->kind) {
    case EN_LITERAL: acc->other = !literal_equal(a, b); break;
    case EN_COLUMN: acc->other = !same_name(a->name, b->name); break;
    case EN_CALL:
        acc->other = a->func != b->func;
        walk_list(a->args, a->nargs, b->args, b->nargs, acc);
        break;
    case EN_CMP: walk_cmp(a, b, polarity, acc); break;
    case EN_IN:
        walk_equal(a->left, b->left, acc);
        walk_list(a->items, a->nitems, b->items, b->nitems, acc);
        break;
    case EN_MATCH:
    case EN_IS_EMPTY:
        walk_equal(a->left, b->left, acc);
        walk_equal(a->right, b->right, acc);
        break;
    case EN_AND:
    case EN_OR:
        walk(a->left, b->left, polarity, acc);
        walk(a->right, b->right, polarity, acc);
        break;
    case EN_NOT: walk(a->left, b->left, -polarity, acc); break;
    }
}

sa_expr_shift sa_expr_compare(const sa_expr *a, const sa_expr *b)
{
    if (!a || !b)
        return SA_EXPR_OTHER;
    shift_acc acc = {false, false, false};
    walk(a->root, b->root, 1, &acc);
    if (acc.other || (acc.wider && acc.narrower))
        return SA_EXPR_OTHER;
    return acc.wider ? SA_EXPR_WIDER : acc.narrower ? SA_EXPR_NARROWER : SA_EXPR_SAME;
}
