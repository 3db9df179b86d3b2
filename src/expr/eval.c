/*
 * eval.c — evaluating a compiled expression over one decoded row.
 *
 * No heap allocation: values are small structs on the stack, strings point
 * into the row or the expression's arena, regexes reuse the match data made
 * at compile time. Logic is Kleene's three-valued logic: a comparison with
 * an empty value is UNKNOWN; `false and unknown` is false, `true or unknown`
 * is true; `is empty` is never unknown.
 */
#include <string.h>

#include "core/datetime.h"
#include "expr/expr_internal.h"

static sa_value int_value(int64_t i)
{
    sa_value v;
    v.kind = SA_VAL_INT;
    v.enum_index = -1;
    v.as.i = i;
    return v;
}

static sa_value decimal_value(double d)
{
    sa_value v;
    v.kind = SA_VAL_DECIMAL;
    v.enum_index = -1;
    v.as.d = d;
    return v;
}

/* A date or datetime as a wall-clock datetime (dates at 00:00). */
static sa_datetime as_datetime(const sa_value *v)
{
    return v->kind == SA_VAL_DATE ? sa_datetime_make(v->as.date, 0) : v->as.dt;
}

static sa_date as_date(const sa_value *v)
{
    return v->kind == SA_VAL_DATE ? v->as.date : sa_datetime_date(v->as.dt);
}

static int year_of(sa_date d)
{
    int y;
    sa_date_to_ymd(d, &y, NULL, NULL);
    return y;
}

static sa_date jan1(int year)
{
    sa_date d = 0;
    sa_date_from_ymd(year, 1, 1, &d);
    return d;
}

/* Last Sunday of a month. */
static sa_date last_sunday(int year, int month)
{
    sa_date d = 0;
    sa_date_from_ymd(year, month, sa_days_in_month(year, month), &d);
    return d - (sa_date_weekday(d) + 1) % 7;
}

/* Europe/London wall clock to UTC, as sa_london_to_utc() does (summer time
 * from 02:00 local on the last Sunday of March to 02:00 BST on the last
 * Sunday of October), with the clock-change instants of nearby years memoised. */
static int64_t london_to_utc(expr_clock_memo *m, sa_datetime local)
{
    if (local < m->year_start[0] || local >= m->year_start[EXPR_MEMO_YEARS]) {
        int y0 = year_of(sa_datetime_date(local)) - 1;
        if (y0 < 1 || y0 + EXPR_MEMO_YEARS > 9999)
            return sa_london_to_utc(local);
        for (int i = 0; i <= EXPR_MEMO_YEARS; i++)
            m->year_start[i] = sa_datetime_make(jan1(y0 + i), 0);
        for (int i = 0; i < EXPR_MEMO_YEARS; i++) {
            m->bst_start[i] = sa_datetime_make(last_sunday(y0 + i, 3), 7200);
            m->bst_end[i] = sa_datetime_make(last_sunday(y0 + i, 10), 7200);
        }
    }
    int i = 0;
    while (local >= m->year_start[i + 1])
        i++;
    return local >= m->bst_start[i] && local < m->bst_end[i] ? local - 3600 : local;
}

/* Columns and literals without a call: most operands, and most arguments of
 * calls, are one or the other. */
static inline const sa_value *operand(sa_expr *e, expr_node *n, const sa_value *row)
{
    if (n->kind == EN_COLUMN)
        return &row[n->column];
    if (n->kind == EN_LITERAL)
        return &n->lit;
    return expr_eval_value(e, n, row);
}

static const sa_value *set_scratch(expr_node *n, sa_value v)
{
    n->scratch = v;
    return &n->scratch;
}

static const sa_value empty_cell = {.kind = SA_VAL_EMPTY, .enum_index = -1};

/* A DEATH LOCATION TYPE CODE (NHS Data Dictionary): two digits, the first
 * 1-5; codes ending in 0 are the high level (20 private residence = 21 own
 * home or 22 other private residence; 40 care home = 41 with or 42 without
 * nursing). */
static bool place_code(const sa_value *v, const char **code)
{
    if (v->kind != SA_VAL_STRING || v->as.str.len != 2)
        return false;
    const char *s = v->as.str.ptr;
    *code = s;
    return s[0] >= '1' && s[0] <= '5' && s[1] >= '0' && s[1] <= '9';
}

/* Two places agree at the level both were recorded: the same code, or the
 * same high-level group when either was recorded at the high level only
 * (preferred 40, actual 42: achieved; preferred 21, actual 22: not). Unknown
 * when either is empty or not a place code. */
static const sa_value *eval_same_place(sa_expr *e, expr_node *n, const sa_value *a,
                                       const sa_value *row)
{
    const char *p, *q;
    if (!place_code(a, &p) || !place_code(operand(e, n->args[1], row), &q))
        return &empty_cell;
    bool same = p[0] == q[0] && (p[1] == q[1] || p[1] == '0' || q[1] == '0');
    sa_value v = {.kind = SA_VAL_BOOL, .enum_index = -1};
    v.as.b = same;
    return set_scratch(n, v);
}

static const sa_value *eval_call(sa_expr *e, expr_node *n, const sa_value *row)
{
    if (n->link_term >= 0)
        return e->linked_values ? &e->linked_values[n->link_term] : &empty_cell;
    const sa_value *a = operand(e, n->args[0], row);
    if (n->func == EF_COALESCE)
        return a->kind != SA_VAL_EMPTY ? a : operand(e, n->args[1], row);
    if (n->func == EF_SAME_PLACE)
        return eval_same_place(e, n, a, row);
    if (a->kind != SA_VAL_DATE && a->kind != SA_VAL_DATETIME)
        return &empty_cell;
    switch (n->func) {
    case EF_WEEKDAY: {
        int wd = sa_date_weekday(as_date(a));
        sa_value v;
        v.kind = SA_VAL_STRING;
        v.enum_index = wd;
        v.as.str.ptr = expr_weekday_names[wd];
        v.as.str.len = 3;
        return set_scratch(n, v);
    }
    case EF_HOUR:
        return set_scratch(n, int_value(a->kind == SA_VAL_DATETIME
                                            ? sa_datetime_seconds_of_day(a->as.dt) / 3600
                                            : 0));
    case EF_MONTH: {
        int month;
        sa_date_to_ymd(as_date(a), NULL, &month, NULL);
        return set_scratch(n, int_value(month));
    }
    default:
        break;
    }
    sa_datetime from_dt = as_datetime(a);
    sa_date from_date = as_date(a);
    const sa_value *b = operand(e, n->args[1], row);
    if (b->kind != SA_VAL_DATE && b->kind != SA_VAL_DATETIME)
        return &empty_cell;
    switch (n->func) {
    case EF_HOURS_BETWEEN:
    case EF_MINUTES_BETWEEN: {
        /* Real elapsed time: the clock-change days are 23 and 25 hours long. */
        int64_t seconds =
            london_to_utc(n->clock, as_datetime(b)) - london_to_utc(n->clock, from_dt);
        return set_scratch(
            n, decimal_value((double)seconds / (n->func == EF_HOURS_BETWEEN ? 3600.0 : 60.0)));
    }
    case EF_DAYS_BETWEEN:
        return set_scratch(n, int_value((int64_t)as_date(b) - from_date));
    case EF_WORKING_DAYS_BETWEEN: {
        int days = sa_calendar_working_days_memo(n->memo, &e->calendar, sa_datetime_make(from_date, 0),
                                                 sa_datetime_make(as_date(b), 0));
        return set_scratch(n, int_value(days));
    }
    default:
        return &empty_cell;
    }
}

const sa_value *expr_eval_value(sa_expr *e, expr_node *n, const sa_value *row)
{
    switch (n->kind) {
    case EN_LITERAL:
        return &n->lit;
    case EN_COLUMN:
        return &row[n->column];
    case EN_CALL:
        return eval_call(e, n, row);
    default: {
        /* A condition used as a value (e.g. compared with true). */
        sa_tri t = expr_eval_cond(e, n, row);
        if (t == SA_TRI_UNKNOWN)
            return &empty_cell;
        sa_value v;
        v.kind = SA_VAL_BOOL;
        v.enum_index = -1;
        v.as.b = t == SA_TRI_TRUE;
        return set_scratch(n, v);
    }
    }
}

static int cmp3(int64_t a, int64_t b)
{
    return (a > b) - (a < b);
}

/* Three-way comparison of two non-empty values of compatible kinds;
 * false when the kinds cannot be compared (a decoder gave something odd). */
static bool compare(const sa_value *a, const sa_value *b, bool by_enum, int *out)
{
    switch (a->kind) {
    case SA_VAL_STRING:
        if (b->kind != SA_VAL_STRING)
            return false;
        if (by_enum && a->enum_index >= 0 && b->enum_index >= 0) {
            *out = cmp3(a->enum_index, b->enum_index);
            return true;
        } else {
            uint32_t n = a->as.str.len < b->as.str.len ? a->as.str.len : b->as.str.len;
            int c = n ? memcmp(a->as.str.ptr, b->as.str.ptr, n) : 0;
            *out = c ? (c > 0) - (c < 0) : cmp3(a->as.str.len, b->as.str.len);
            return true;
        }
    case SA_VAL_INT:
        if (b->kind == SA_VAL_INT) {
            *out = cmp3(a->as.i, b->as.i);
            return true;
        }
        if (b->kind == SA_VAL_DECIMAL) {
            double x = (double)a->as.i;
            *out = (x > b->as.d) - (x < b->as.d);
            return true;
        }
        return false;
    case SA_VAL_DECIMAL: {
        double y;
        if (b->kind == SA_VAL_DECIMAL)
            y = b->as.d;
        else if (b->kind == SA_VAL_INT)
            y = (double)b->as.i;
        else
            return false;
        *out = (a->as.d > y) - (a->as.d < y);
        return true;
    }
    case SA_VAL_BOOL:
        if (b->kind != SA_VAL_BOOL)
            return false;
        *out = (int)a->as.b - (int)b->as.b;
        return true;
    case SA_VAL_DATE:
        if (b->kind == SA_VAL_DATE) {
            *out = cmp3(a->as.date, b->as.date);
            return true;
        }
        if (b->kind == SA_VAL_DATETIME) {
            *out = cmp3(sa_datetime_make(a->as.date, 0), b->as.dt);
            return true;
        }
        return false;
    case SA_VAL_DATETIME:
        if (b->kind == SA_VAL_DATETIME || b->kind == SA_VAL_DATE) {
            *out = cmp3(a->as.dt, as_datetime(b));
            return true;
        }
        return false;
    case SA_VAL_DURATION:
        if (b->kind != SA_VAL_DURATION)
            return false;
        *out = cmp3(a->as.seconds, b->as.seconds);
        return true;
    default:
        return false;
    }
}

static sa_tri eval_cmp(sa_expr *e, expr_node *n, const sa_value *row)
{
    const sa_value *a = operand(e, n->left, row);
    if (a->kind == SA_VAL_EMPTY)
        return SA_TRI_UNKNOWN;
    const sa_value *b = operand(e, n->right, row);
    if (b->kind == SA_VAL_EMPTY)
        return SA_TRI_UNKNOWN;
    int c;
    if (!compare(a, b, n->enum_compare, &c))
        return SA_TRI_UNKNOWN;
    bool r;
    switch (n->op) {
    case EC_EQ:
        r = c == 0;
        break;
    case EC_NE:
        r = c != 0;
        break;
    case EC_LT:
        r = c < 0;
        break;
    case EC_LE:
        r = c <= 0;
        break;
    case EC_GT:
        r = c > 0;
        break;
    default:
        r = c >= 0;
        break;
    }
    return r ? SA_TRI_TRUE : SA_TRI_FALSE;
}

static sa_tri eval_in(sa_expr *e, expr_node *n, const sa_value *row)
{
    const sa_value *a = operand(e, n->left, row);
    if (a->kind == SA_VAL_EMPTY)
        return SA_TRI_UNKNOWN;
    bool found = false;
    if (n->use_mask && a->kind == SA_VAL_STRING && a->enum_index >= 0 && a->enum_index < 64) {
        found = (n->enum_mask >> a->enum_index) & 1u;
    } else {
        for (size_t i = 0; i < n->nitems && !found; i++) {
            int c;
            if (compare(a, &n->items[i]->lit, false, &c) && c == 0)
                found = true;
        }
    }
    return found != n->negated ? SA_TRI_TRUE : SA_TRI_FALSE;
}

static sa_tri eval_match(sa_expr *e, expr_node *n, const sa_value *row)
{
    const sa_value *a = operand(e, n->left, row);
    if (a->kind != SA_VAL_STRING)
        return SA_TRI_UNKNOWN;
    (void)e;
    sa_regex_rc rc = sa_regex_match(n->re, a->as.str.ptr, a->as.str.len, 0, n->match_data);
    if (rc == SA_REGEX_UNDECIDED)
        return SA_TRI_UNKNOWN; /* match limits hit: the answer is not known */
    bool matched = rc == SA_REGEX_MATCH;
    return matched != n->negated ? SA_TRI_TRUE : SA_TRI_FALSE;
}

static sa_tri tri_not(sa_tri t)
{
    return t == SA_TRI_UNKNOWN ? SA_TRI_UNKNOWN : t == SA_TRI_TRUE ? SA_TRI_FALSE : SA_TRI_TRUE;
}

sa_tri expr_eval_cond(sa_expr *e, expr_node *n, const sa_value *row)
{
    switch (n->kind) {
    case EN_CMP:
        return eval_cmp(e, n, row);
    case EN_IN:
        return eval_in(e, n, row);
    case EN_MATCH:
        return eval_match(e, n, row);
    case EN_IS_EMPTY: {
        bool empty = operand(e, n->left, row)->kind == SA_VAL_EMPTY;
        return empty != n->negated ? SA_TRI_TRUE : SA_TRI_FALSE;
    }
    case EN_AND: {
        sa_tri l = expr_eval_cond(e, n->left, row);
        if (l == SA_TRI_FALSE)
            return SA_TRI_FALSE;
        sa_tri r = expr_eval_cond(e, n->right, row);
        if (r == SA_TRI_FALSE)
            return SA_TRI_FALSE;
        return l == SA_TRI_TRUE && r == SA_TRI_TRUE ? SA_TRI_TRUE : SA_TRI_UNKNOWN;
    }
    case EN_OR: {
        sa_tri l = expr_eval_cond(e, n->left, row);
        if (l == SA_TRI_TRUE)
            return SA_TRI_TRUE;
        sa_tri r = expr_eval_cond(e, n->right, row);
        if (r == SA_TRI_TRUE)
            return SA_TRI_TRUE;
        return l == SA_TRI_FALSE && r == SA_TRI_FALSE ? SA_TRI_FALSE : SA_TRI_UNKNOWN;
    }
    case EN_NOT:
        return tri_not(expr_eval_cond(e, n->left, row));
    default: {
        /* A true/false column, literal or coalesce() used as a condition. */
        const sa_value *v = expr_eval_value(e, n, row);
        if (v->kind != SA_VAL_BOOL)
            return SA_TRI_UNKNOWN;
        return v->as.b ? SA_TRI_TRUE : SA_TRI_FALSE;
    }
    }
}
