/*
 * diff.c — the diff object, and the classification of specification edits.
 *
 * The rule for every field is the same question: after the edit, must a
 * provider do more (tightened), may it do less (loosened), or is the change
 * neither (changed)? The rules are documented in specs/README.md; keep the
 * two in step.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "diff/diff_internal.h"
#include "expr/expr.h"
#include "spec/kind.h"
#include "core/alloc.h"

/* ---- the diff object ------------------------------------------------------ */

const char *sa_change_class_name(sa_change_class c)
{
    switch (c) {
    case SA_CHANGE_TIGHTENED: return "tightened";
    case SA_CHANGE_LOOSENED: return "loosened";
    case SA_CHANGE_ADDED: return "added";
    case SA_CHANGE_REMOVED: return "removed";
    case SA_CHANGE_CHANGED: return "changed";
    case SA_CHANGE_WARNING: return "warning";
    }
    return "changed";
}

bool sa_change_class_parse(const char *name, sa_change_class *out)
{
    for (int c = SA_CHANGE_TIGHTENED; c <= SA_CHANGE_WARNING; c++) {
        if (strcmp(name, sa_change_class_name((sa_change_class)c)) == 0) {
            *out = (sa_change_class)c;
            return true;
        }
    }
    return false;
}

sa_diff *sa_diff_create(const char *kind)
{
    sa_diff *d = sa_xcalloc(1, sizeof *d);
    d->arena = sa_arena_new();
    d->kind = kind;
    return d;
}

void sa_diff_free(sa_diff *diff)
{
    if (!diff)
        return;
    free(diff->changes);
    sa_arena_free(diff->arena);
    free(diff);
}

size_t sa_diff_count(const sa_diff *diff)
{
    return diff ? diff->nchanges : 0;
}

const sa_change *sa_diff_at(const sa_diff *diff, size_t i)
{
    if (!diff || i >= diff->nchanges)
        return NULL;
    return &diff->changes[i];
}

size_t sa_diff_count_class(const sa_diff *diff, sa_change_class cls)
{
    size_t n = 0;
    for (size_t i = 0; i < sa_diff_count(diff); i++)
        n += diff->changes[i].cls == cls;
    return n;
}

const char *sa_diff_kind(const sa_diff *diff)
{
    return diff ? diff->kind : NULL;
}

void sa_diff_identity(const sa_diff *diff, const char **old_id, const char **old_version,
                      const char **new_id, const char **new_version)
{
    *old_id = diff ? diff->old_id : NULL;
    *old_version = diff ? diff->old_version : NULL;
    *new_id = diff ? diff->new_id : NULL;
    *new_version = diff ? diff->new_version : NULL;
}

static sa_pos copy_pos(sa_diff *d, sa_pos p)
{
    /* The diff must not point into the documents compared. */
    if (p.file)
        p.file = sa_arena_strdup(d->arena, p.file);
    return p;
}

void sa_diff_add(sa_diff *d, sa_change_class cls, const char *subject, sa_pos old_pos,
                 sa_pos new_pos, const char *fmt, ...)
{
    if (d->nchanges == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        sa_change *grown = sa_xrealloc(d->changes, cap * sizeof *grown);
        d->changes = grown;
        d->cap = cap;
    }
    sa_buf what = SA_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sa_buf_vprintf(&what, fmt, ap);
    va_end(ap);
    sa_change *c = &d->changes[d->nchanges++];
    c->cls = cls;
    c->subject = sa_arena_strdup(d->arena, subject);
    c->what = sa_arena_strdup(d->arena, sa_buf_cstr(&what));
    c->old_pos = copy_pos(d, old_pos);
    c->new_pos = copy_pos(d, new_pos);
    sa_buf_free(&what);
}

/* Moves the last change to the front (the version warning heads the list). */
static void move_last_to_front(sa_diff *d)
{
    if (d->nchanges < 2)
        return;
    sa_change last = d->changes[d->nchanges - 1];
    memmove(&d->changes[1], &d->changes[0], (d->nchanges - 1) * sizeof *d->changes);
    d->changes[0] = last;
}

void sa_diff_version_check(sa_diff *d, const char *old_version, const char *new_version,
                           sa_pos old_pos, sa_pos new_pos)
{
    if (d->nchanges == 0 || !old_version || !new_version)
        return;
    if (!sa_diff_str_eq(old_version, new_version))
        return;
    sa_diff_add(d, SA_CHANGE_WARNING, "version", old_pos, new_pos,
                "content changed but version is still \"%s\": bump it so reports and "
                "the documents that cite it can tell the two texts apart",
                new_version);
    move_last_to_front(d);
}

/* ---- shared helpers --------------------------------------------------------- */

bool sa_diff_str_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

const char *sa_diff_or_none(const char *s)
{
    return s ? s : "(none)";
}

void sa_diff_format_date(sa_date date, char out[16])
{
    if (date == SA_DATE_NONE) {
        snprintf(out, 16, "(none)");
        return;
    }
    char d[11];
    sa_date_format(date, d);
    snprintf(out, 16, "%s", d);
}

void sa_diff_match_names(const char *const *old_names, size_t nold, const char *const *new_names,
                         size_t nnew, long **old_match, long **new_match)
{
    long *om = sa_xcalloc(nold, sizeof *om);
    long *nm = sa_xcalloc(nnew, sizeof *nm);
    for (size_t i = 0; i < nold; i++)
        om[i] = -1;
    for (size_t j = 0; j < nnew; j++)
        nm[j] = -1;
    /* Quadratic on purpose: specs hold tens to a few hundred names, and the
     * first-unmatched rule keeps duplicate names (invalid, but diffable) paired in order. */
    for (size_t j = 0; j < nnew; j++) {
        if (!new_names[j])
            continue;
        for (size_t i = 0; i < nold; i++) {
            if (om[i] < 0 && old_names[i] && strcmp(old_names[i], new_names[j]) == 0) {
                om[i] = (long)j;
                nm[j] = (long)i;
                break;
            }
        }
    }
    *old_match = om;
    *new_match = nm;
}

size_t sa_diff_merge_order(const long *old_match, size_t nold, const long *new_match, size_t nnew,
                           sa_diff_pair *order)
{
    size_t n = 0;
    /* Removed items before the first surviving old item come first. */
    size_t i = 0;
    while (i < nold && old_match[i] < 0) {
        order[n++] = (sa_diff_pair){(long)i, -1};
        i++;
    }
    for (size_t j = 0; j < nnew; j++) {
        order[n++] = (sa_diff_pair){new_match[j], (long)j};
        if (new_match[j] < 0)
            continue;
        /* then the removed items that followed it in the old list */
        for (size_t k = (size_t)new_match[j] + 1; k < nold && old_match[k] < 0; k++)
            order[n++] = (sa_diff_pair){(long)k, -1};
    }
    return n;
}

sa_diff_pair *sa_diff_pair_names(const char *const *old_names, size_t nold,
                                 const char *const *new_names, size_t nnew, size_t *npairs)
{
    long *om, *nm;
    sa_diff_match_names(old_names, nold, new_names, nnew, &om, &nm);
    sa_diff_pair *order = sa_xcalloc(nold + nnew, sizeof *order);
    *npairs = sa_diff_merge_order(om, nold, nm, nnew, order);
    free(om);
    free(nm);
    return order;
}

/* How often something recurs, most frequent first; `period` (once) is least frequent. */
static int per_rank(sa_per p)
{
    switch (p) {
    case SA_PER_WEEK: return 1;
    case SA_PER_FORTNIGHT: return 2;
    case SA_PER_MONTH: return 3;
    case SA_PER_QUARTER: return 4;
    case SA_PER_YEAR: return 5;
    case SA_PER_PERIOD: return 6;
    }
    return 6;
}

int sa_diff_per_strictness(sa_per a, sa_per b)
{
    return per_rank(a) - per_rank(b);
}

static sa_change_class by_sign(int strictness)
{
    return strictness > 0 ? SA_CHANGE_TIGHTENED : SA_CHANGE_LOOSENED;
}

/* Set comparison of two string lists: 0 same, 1 new is a strict superset,
 * -1 strict subset, 2 neither. */
static int set_compare(const char *const *a, size_t na, const char *const *b, size_t nb)
{
    size_t a_in_b = 0, b_in_a = 0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            if (sa_diff_str_eq(a[i], b[j])) {
                a_in_b++;
                break;
            }
    for (size_t j = 0; j < nb; j++)
        for (size_t i = 0; i < na; i++)
            if (sa_diff_str_eq(a[i], b[j])) {
                b_in_a++;
                break;
            }
    bool a_sub = a_in_b == na;
    bool b_sub = b_in_a == nb;
    if (a_sub && b_sub)
        return 0;
    if (a_sub)
        return 1;
    if (b_sub)
        return -1;
    return 2;
}

static void join_list(sa_buf *b, const char *const *list, size_t n, const char *empty)
{
    if (n == 0) {
        sa_buf_puts(b, empty);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (i)
            sa_buf_puts(b, ", ");
        sa_buf_puts(b, sa_diff_or_none(list[i]));
    }
}

/* Quotes a free text for a change description, shortened to stay readable. */
static const char *quoted(sa_buf *b, const char *s)
{
    sa_buf_clear(b);
    if (!s) {
        sa_buf_puts(b, "(none)");
        return sa_buf_cstr(b);
    }
    const size_t max = 100;
    size_t len = strlen(s);
    sa_buf_putc(b, '"');
    if (len > max) {
        /* cut on a UTF-8 boundary */
        size_t cut = max;
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut--;
        sa_buf_append(b, s, cut);
        sa_buf_puts(b, "...");
    } else {
        sa_buf_puts(b, s);
    }
    sa_buf_putc(b, '"');
    return sa_buf_cstr(b);
}

static void subject_of(sa_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void subject_of(sa_buf *b, const char *fmt, ...)
{
    sa_buf_clear(b);
    va_list ap;
    va_start(ap, fmt);
    sa_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

/* Reports a free-text field reworded (neither tighter nor looser). */
static void text_change(sa_diff *d, const char *subject, const char *field, const char *a,
                        const char *b, sa_pos op, sa_pos np)
{
    if (sa_diff_str_eq(a, b))
        return;
    sa_buf qa = SA_BUF_INIT, qb = SA_BUF_INIT;
    quoted(&qa, a);
    quoted(&qb, b);
    sa_diff_add(d, SA_CHANGE_CHANGED, subject, op, np, "%s %s -> %s", field, sa_buf_cstr(&qa),
                sa_buf_cstr(&qb));
    sa_buf_free(&qa);
    sa_buf_free(&qb);
}

/* A "how often" field: more often is tighter. */
static void every_change(sa_diff *d, const char *subject, const char *field, sa_per a, sa_per b,
                         sa_pos op, sa_pos np)
{
    if (a == b)
        return;
    int s = sa_diff_per_strictness(a, b);
    sa_diff_add(d, by_sign(s), subject, op, np, "%s %s -> %s (%s often)", field, sa_per_name(a),
                sa_per_name(b), s > 0 ? "more" : "less");
}

/* Days after period end for a return: fewer days is tighter; -1 means "not stated here". */
static void due_days_change(sa_diff *d, const char *subject, int a, int b, const char *unset,
                            sa_pos op, sa_pos np)
{
    if (a == b)
        return;
    if (a < 0 || b < 0) {
        char ta[32], tb[32];
        snprintf(ta, sizeof ta, "%d", a);
        snprintf(tb, sizeof tb, "%d", b);
        sa_diff_add(d, SA_CHANGE_CHANGED, subject, op, np, "due days %s -> %s",
                    a < 0 ? unset : ta, b < 0 ? unset : tb);
        return;
    }
    sa_diff_add(d, b < a ? SA_CHANGE_TIGHTENED : SA_CHANGE_LOOSENED, subject, op, np,
                "due days %d -> %d after period end", a, b);
}

/* ---- targets ----------------------------------------------------------------- */

void sa_diff_target_change(sa_diff *d, const char *subject, const char *field, const sa_target *a,
                           const sa_target *b, sa_pos op, sa_pos np)
{
    char ta[48], tb[48];
    sa_target_format(a, ta);
    sa_target_format(b, tb);
    if (strcmp(ta, tb) == 0)
        return;
    bool comparable = false;
    int s = sa_target_compare(a, b, &comparable);
    if (!comparable || s == 0) {
        sa_diff_add(d, SA_CHANGE_CHANGED, subject, op, np, "%s %s -> %s", field, ta, tb);
        return;
    }
    sa_diff_add(d, by_sign(s), subject, op, np, "%s %s -> %s", field, ta, tb);
}

/* ---- checks ------------------------------------------------------------------- */

static void colref_change(sa_diff *d, const char *subject, const char *field, const sa_colref *a,
                          const sa_colref *b)
{
    if (sa_diff_str_eq(a->name, b->name))
        return;
    sa_diff_add(d, SA_CHANGE_CHANGED, subject, a->pos, b->pos, "column %s: %s -> %s", field,
                sa_diff_or_none(a->name), sa_diff_or_none(b->name));
}

/*
 * The class of an edited expression whose rows are the ones that pass
 * (`meets`): a threshold moved so that more rows meet is loosened, fewer is
 * tightened. Elsewhere (`where` picks the rows counted, `exclude` takes some
 * out of the denominator), and for any other edit, the direction is not
 * certain: changed.
 */
static sa_change_class expr_edit_class(sa_expr_shift shift, bool rows_pass)
{
    if (rows_pass && shift == SA_EXPR_WIDER)
        return SA_CHANGE_LOOSENED;
    if (rows_pass && shift == SA_EXPR_NARROWER)
        return SA_CHANGE_TIGHTENED;
    return SA_CHANGE_CHANGED;
}

static void expr_change(sa_diff *d, const char *subject, const char *field, const sa_expr_ref *a,
                        const sa_expr_ref *b)
{
    if (sa_diff_str_eq(a->text, b->text))
        return;
    if (!a->text) {
        sa_diff_add(d, SA_CHANGE_CHANGED, subject, a->pos, b->pos, "%s added: %s", field, b->text);
    } else if (!b->text) {
        sa_diff_add(d, SA_CHANGE_CHANGED, subject, a->pos, b->pos, "%s removed (was: %s)", field,
                    a->text);
    } else {
        sa_expr_shift shift =
            a->compiled && b->compiled ? sa_expr_compare(a->compiled, b->compiled) : SA_EXPR_OTHER;
        sa_diff_add(d, expr_edit_class(shift, strcmp(field, "meets") == 0), subject, a->pos, b->pos,
                    "%s: %s -> %s%s", field, a->text, b->text,
                    shift == SA_EXPR_SAME ? " (the same condition, written differently)" : "");
    }
}

/* Lists where each entry added makes the check stricter (or looser when
 * `added_loosens`); an empty list means "all" when `empty_is_all`. */
static void set_change(sa_diff *d, const char *subject, const char *field, const char *const *a,
                       size_t na, const char *const *b, size_t nb, bool added_loosens,
                       bool empty_is_all, sa_pos op, sa_pos np)
{
    int cmp;
    if (empty_is_all && (na == 0 || nb == 0))
        cmp = na == nb ? 0 : (na == 0 ? -1 : 1); /* all -> some narrows; some -> all widens */
    else
        cmp = set_compare(a, na, b, nb);
    if (cmp == 0)
        return;
    const char *empty = empty_is_all ? "(all)" : "(none)";
    sa_buf ta = SA_BUF_INIT, tb = SA_BUF_INIT;
    join_list(&ta, a, na, empty);
    join_list(&tb, b, nb, empty);
    sa_change_class cls = SA_CHANGE_CHANGED;
    if (cmp == 1)
        cls = added_loosens ? SA_CHANGE_LOOSENED : SA_CHANGE_TIGHTENED;
    else if (cmp == -1)
        cls = added_loosens ? SA_CHANGE_TIGHTENED : SA_CHANGE_LOOSENED;
    sa_diff_add(d, cls, subject, op, np, "%s %s -> %s", field, sa_buf_cstr(&ta), sa_buf_cstr(&tb));
    sa_buf_free(&ta);
    sa_buf_free(&tb);
}

/* ---- the kinds' diff rules report through a differ ---------------------------------- */

typedef struct kind_diff {
    sa_diff *d;
} kind_diff;

static sa_change_class class_of(sa_edit e)
{
    switch (e) {
    case SA_EDIT_TIGHTENED: return SA_CHANGE_TIGHTENED;
    case SA_EDIT_LOOSENED: return SA_CHANGE_LOOSENED;
    default: return SA_CHANGE_CHANGED;
    }
}

static void kd_note(const sa_check_differ *k, sa_edit e, sa_pos op, sa_pos np, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void kd_note(const sa_check_differ *k, sa_edit e, sa_pos op, sa_pos np, const char *fmt, ...)
{
    sa_buf what = SA_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sa_buf_vprintf(&what, fmt, ap);
    va_end(ap);
    sa_diff_add(k->ctx, class_of(e), k->subject, op, np, "%s", sa_buf_cstr(&what));
    sa_buf_free(&what);
}

static void kd_column(const sa_check_differ *k, const char *field, const sa_colref *a, const sa_colref *b)
{
    colref_change(k->ctx, k->subject, field, a, b);
}

static void kd_condition(const sa_check_differ *k, const char *field, const sa_expr_ref *a, const sa_expr_ref *b)
{
    expr_change(k->ctx, k->subject, field, a, b);
}

static void kd_names(const sa_check_differ *k, const char *field, const char *const *a, size_t na,
                     const char *const *b, size_t nb, bool added_loosens, sa_pos op, sa_pos np)
{
    set_change(k->ctx, k->subject, field, a, na, b, nb, added_loosens, true, op, np);
}

static void kd_every(const sa_check_differ *k, const char *field, sa_per a, sa_per b, sa_pos op, sa_pos np)
{
    every_change(k->ctx, k->subject, field, a, b, op, np);
}

static void kd_due_days(const sa_check_differ *k, int a, int b, const char *unset, sa_pos op, sa_pos np)
{
    due_days_change(k->ctx, k->subject, a, b, unset, op, np);
}

static void kind_change(sa_diff *d, const char *subject, const sa_check *a, const sa_check *b)
{
    /* A different kind measures something else: field-by-field comparison means nothing. */
    char ta[48], tb[48];
    sa_target_format(&a->target, ta);
    sa_target_format(&b->target, tb);
    sa_diff_add(d, SA_CHANGE_CHANGED, subject, a->pos, b->pos, "check kind %s -> %s (target %s -> %s)",
                sa_check_kind_name(a->kind), sa_check_kind_name(b->kind), ta, tb);
}

/* What every kind shares: how periods are assessed. */
static void assessment_change(sa_diff *d, const char *subject, const sa_check *a, const sa_check *b)
{
    if (a->per != b->per)
        sa_diff_add(d, SA_CHANGE_CHANGED, subject, a->pos, b->pos, "assessed per %s -> per %s",
                    sa_per_name(a->per), sa_per_name(b->per));
    if (a->assess != b->assess)
        /* Usually looser (every period met implies the pooled measure meets the target), but
         * pooling also brings in periods too small to judge on their own: not decidable. */
        sa_diff_add(d, SA_CHANGE_CHANGED, subject, a->pos, b->pos, "assess %s -> %s",
                    sa_assess_name(a->assess), sa_assess_name(b->assess));
    if (a->min_denominator != b->min_denominator)
        /* A larger minimum leaves more periods not assessable instead of judged. */
        sa_diff_add(d,
                    b->min_denominator > a->min_denominator ? SA_CHANGE_LOOSENED
                                                            : SA_CHANGE_TIGHTENED,
                    subject, a->pos, b->pos, "minimum denominator %lld -> %lld",
                    (long long)a->min_denominator, (long long)b->min_denominator);
}

/* A baseline added, removed or moved changes what the requirement compares with;
 * its `change` moved in the same direction and unit tightens or loosens like a target. */
static void baseline_change(sa_diff *d, const char *subject, const sa_check *a, const sa_check *b)
{
    const sa_baseline *x = &a->baseline, *y = &b->baseline;
    if (!x->set && !y->set)
        return;
    char f1[11], t1[11], f2[11], t2[11];
    sa_date_format(x->from, f1);
    sa_date_format(x->to, t1);
    sa_date_format(y->from, f2);
    sa_date_format(y->to, t2);
    if (x->set != y->set) {
        const sa_baseline *z = x->set ? x : y;
        char range[32];
        snprintf(range, sizeof range, "%s..%s", x->set ? f1 : f2, x->set ? t1 : t2);
        sa_diff_add(d, SA_CHANGE_CHANGED, subject, x->set ? x->pos : a->pos, y->set ? y->pos : b->pos,
                    "baseline %s: %s, change %s", x->set ? "removed" : "added", z->report ? "an earlier report" : range,
                    z->change_text ? z->change_text : "?");
        return;
    }
    if (x->report != y->report)
        sa_diff_add(d, SA_CHANGE_CHANGED, subject, x->pos, y->pos, "baseline %s -> %s",
                    x->report ? "an earlier report" : "a range of the returns",
                    y->report ? "an earlier report" : "a range of the returns");
    else if (x->from != y->from || x->to != y->to)
        sa_diff_add(d, SA_CHANGE_CHANGED, subject, x->pos, y->pos, "baseline %s..%s -> %s..%s", f1, t1, f2, t2);
    if (x->op == y->op && x->points == y->points && x->change == y->change)
        return;
    sa_change_class c = SA_CHANGE_CHANGED;
    if (x->op == y->op && x->points == y->points) {
        bool upper = x->op == SA_CMP_LE || x->op == SA_CMP_LT; /* "<= -10%": a lower bound is stricter */
        c = by_sign(upper == (y->change < x->change) ? 1 : -1);
    }
    sa_diff_add(d, c, subject, x->change_pos, y->change_pos, "change %s -> %s", x->change_text ? x->change_text : "?",
                y->change_text ? y->change_text : "?");
}

/* The common header here; what the kind demands and reads by its own rules. */
static void check_change(sa_diff *d, const char *subject, const sa_check *a, const sa_check *b)
{
    if (a->kind != b->kind) {
        kind_change(d, subject, a, b);
        return;
    }
    const sa_check_def *def = sa_check_def_of(a->kind);
    sa_check_differ k = {.ctx = d, .subject = subject, .note = kd_note, .column = kd_column,
                         .condition = kd_condition, .names = kd_names, .every = kd_every,
                         .due_days = kd_due_days};
    if (!sa_diff_str_eq(a->dataset_name, b->dataset_name))
        sa_diff_add(d, SA_CHANGE_CHANGED, subject, a->dataset_pos, b->dataset_pos,
                    "dataset %s -> %s", sa_diff_or_none(a->dataset_name),
                    sa_diff_or_none(b->dataset_name));
    sa_diff_target_change(d, subject, "target", &a->target, &b->target, a->target_pos,
                          b->target_pos);
    baseline_change(d, subject, a, b);
    if (def && def->diff)
        def->diff(&k, a, b);
    assessment_change(d, subject, a, b);
    expr_change(d, subject, "where", &a->where, &b->where);
    if (def && def->diff_reads)
        def->diff_reads(&k, a, b);
}

/* ---- requirements --------------------------------------------------------------- */

/* One end of `in_force`, "2008-04-01" or the period's `start`/`end`. */
static const char *in_force_text(sa_date d, const char *open, char buf[11])
{
    if (d == SA_DATE_NONE)
        return open;
    sa_date_format(d, buf);
    return buf;
}

/* An effective range moved: a later start or an earlier end assesses fewer days
 * (loosened), an earlier start or a later end more (tightened). An open end is
 * the period's own end. */
static void in_force_change(sa_diff *d, const char *s, const sa_requirement *a, const sa_requirement *b)
{
    char x[11], y[11];
    if (a->in_force_from != b->in_force_from) {
        bool later = a->in_force_from == SA_DATE_NONE ||
                     (b->in_force_from != SA_DATE_NONE && b->in_force_from > a->in_force_from);
        sa_diff_add(d, later ? SA_CHANGE_LOOSENED : SA_CHANGE_TIGHTENED, s, a->in_force_pos, b->in_force_pos,
                    "in force from %s -> %s (%s)", in_force_text(a->in_force_from, "the period's start", x),
                    in_force_text(b->in_force_from, "the period's start", y), later ? "starts later" : "starts earlier");
    }
    if (a->in_force_until != b->in_force_until) {
        bool earlier = a->in_force_until == SA_DATE_NONE ||
                       (b->in_force_until != SA_DATE_NONE && b->in_force_until < a->in_force_until);
        sa_diff_add(d, earlier ? SA_CHANGE_LOOSENED : SA_CHANGE_TIGHTENED, s, a->in_force_pos, b->in_force_pos,
                    "in force until %s -> %s (%s)", in_force_text(a->in_force_until, "the period's end", x),
                    in_force_text(b->in_force_until, "the period's end", y), earlier ? "ends earlier" : "ends later");
    }
}

static void requirement_change(sa_diff *d, const sa_requirement *a, const sa_requirement *b)
{
    sa_buf subject = SA_BUF_INIT;
    subject_of(&subject, "requirement %s", sa_diff_or_none(b->id));
    const char *s = sa_buf_cstr(&subject);
    if (!sa_diff_str_eq(a->id, b->id))
        sa_diff_add(d, SA_CHANGE_CHANGED, s, a->id_pos, b->id_pos, "renumbered: %s -> %s",
                    sa_diff_or_none(a->id), sa_diff_or_none(b->id));
    if (!sa_diff_str_eq(a->title, b->title)) {
        sa_buf qa = SA_BUF_INIT, qb = SA_BUF_INIT;
        sa_diff_add(d, SA_CHANGE_CHANGED, s, a->pos, b->pos, "renamed: %s -> %s",
                    quoted(&qa, a->title), quoted(&qb, b->title));
        sa_buf_free(&qa);
        sa_buf_free(&qb);
    }
    text_change(d, s, "description", a->description, b->description, a->pos, b->pos);
    text_change(d, s, "guidance", a->guidance, b->guidance, a->pos, b->pos);
    if (a->severity != b->severity) {
        /* critical (0) is the highest severity */
        bool raised = b->severity < a->severity;
        sa_diff_add(d, raised ? SA_CHANGE_TIGHTENED : SA_CHANGE_LOOSENED, s, a->pos, b->pos,
                    "severity %s -> %s (%s)", sa_req_severity_name(a->severity),
                    sa_req_severity_name(b->severity), raised ? "raised" : "lowered");
    }
    if (a->scope != b->scope) {
        /* system scope is met by the union of providers: easier than each on its own */
        bool to_system = b->scope == SA_SCOPE_SYSTEM;
        sa_diff_add(d, to_system ? SA_CHANGE_LOOSENED : SA_CHANGE_TIGHTENED, s, a->pos, b->pos,
                    "scope %s -> %s (%s)", to_system ? "provider" : "system",
                    to_system ? "system" : "provider",
                    to_system ? "met by the providers together, no longer each on its own"
                              : "each provider must now meet it on its own");
    }
    in_force_change(d, s, a, b);
    check_change(d, s, &a->check, &b->check);
    sa_buf_free(&subject);
}

static void requirements_diff(sa_diff *d, const sa_spec *a, const sa_spec *b)
{
    size_t na = a ? a->nrequirements : 0, nb = b ? b->nrequirements : 0;
    const char **ia = sa_xcalloc(na, sizeof *ia);
    const char **ib = sa_xcalloc(nb, sizeof *ib);
    for (size_t i = 0; i < na; i++)
        ia[i] = a->requirements[i].id;
    for (size_t j = 0; j < nb; j++)
        ib[j] = b->requirements[j].id;
    long *om, *nm;
    sa_diff_match_names(ia, na, ib, nb, &om, &nm);
    /* A requirement given a new id but keeping its title and kind is renumbered,
     * not removed and added. */
    for (size_t j = 0; j < nb; j++) {
        if (nm[j] >= 0 || !b->requirements[j].title)
            continue;
        for (size_t i = 0; i < na; i++) {
            if (om[i] >= 0 || !sa_diff_str_eq(a->requirements[i].title, b->requirements[j].title) ||
                a->requirements[i].check.kind != b->requirements[j].check.kind)
                continue;
            om[i] = (long)j;
            nm[j] = (long)i;
            break;
        }
    }
    sa_diff_pair *order = sa_xcalloc(na + nb, sizeof *order);
    size_t n = sa_diff_merge_order(om, na, nm, nb, order);
    sa_buf subject = SA_BUF_INIT, q = SA_BUF_INIT;
    for (size_t k = 0; k < n; k++) {
        const sa_requirement *ra = order[k].old_index >= 0 ? &a->requirements[order[k].old_index] : NULL;
        const sa_requirement *rb = order[k].new_index >= 0 ? &b->requirements[order[k].new_index] : NULL;
        sa_pos none = {0};
        if (ra && rb) {
            requirement_change(d, ra, rb);
        } else if (rb) {
            char t[48];
            sa_target_format(&rb->check.target, t);
            subject_of(&subject, "requirement %s", sa_diff_or_none(rb->id));
            sa_diff_add(d, SA_CHANGE_ADDED, sa_buf_cstr(&subject), none, rb->pos,
                        "added: %s (%s, %s, target %s)", quoted(&q, rb->title),
                        sa_check_kind_name(rb->check.kind), sa_req_severity_name(rb->severity), t);
        } else {
            subject_of(&subject, "requirement %s", sa_diff_or_none(ra->id));
            sa_diff_add(d, SA_CHANGE_REMOVED, sa_buf_cstr(&subject), ra->pos, none, "removed: %s",
                        quoted(&q, ra->title));
        }
    }
    sa_buf_free(&subject);
    sa_buf_free(&q);
    free(order);
    free(om);
    free(nm);
    free(ia);
    free(ib);
}

/* ---- datasets and columns ---------------------------------------------------------- */

static void column_added_text(sa_buf *b, const sa_column *c)
{
    sa_buf_clear(b);
    sa_buf_printf(b, "column added (%s%s)", sa_col_type_name(c->type),
                  c->required ? ", required: returns without it are refused" : ", optional");
}

static void bounds_text(char out[64], const sa_column *c)
{
    char lo[24] = "", hi[24] = "";
    if (c->has_min)
        snprintf(lo, sizeof lo, "%.10g", c->min);
    if (c->has_max)
        snprintf(hi, sizeof hi, "%.10g", c->max);
    if (!c->has_min && !c->has_max)
        snprintf(out, 64, "(none)");
    else
        snprintf(out, 64, "%s..%s", lo, hi);
}

static void column_change(sa_diff *d, const char *s, const sa_column *a, const sa_column *b)
{
    if (a->type != b->type)
        sa_diff_add(d, SA_CHANGE_CHANGED, s, a->pos, b->pos, "type %s -> %s",
                    sa_col_type_name(a->type), sa_col_type_name(b->type));
    if (a->required != b->required)
        sa_diff_add(d, b->required ? SA_CHANGE_TIGHTENED : SA_CHANGE_LOOSENED, s, a->pos, b->pos,
                    b->required ? "now required: empty cells are refused" : "no longer required");
    if (a->unique != b->unique)
        sa_diff_add(d, b->unique ? SA_CHANGE_TIGHTENED : SA_CHANGE_LOOSENED, s, a->pos, b->pos,
                    b->unique ? "now unique: repeated values are refused" : "no longer unique");
    if (a->identifier != b->identifier)
        sa_diff_add(d, SA_CHANGE_CHANGED, s, a->pos, b->pos,
                    b->identifier ? "now a patient identifier: masked in every output"
                                  : "no longer a patient identifier: shown in outputs");
    if (!sa_diff_str_eq(a->pattern, b->pattern))
        sa_diff_add(d, SA_CHANGE_CHANGED, s, a->pattern_pos, b->pattern_pos, "pattern %s -> %s",
                    sa_diff_or_none(a->pattern), sa_diff_or_none(b->pattern));
    if (a->max_length != b->max_length) {
        /* 0 means no limit */
        bool tighter = b->max_length != 0 && (a->max_length == 0 || b->max_length < a->max_length);
        char la[24] = "(none)", lb[24] = "(none)";
        if (a->max_length)
            snprintf(la, sizeof la, "%lld", (long long)a->max_length);
        if (b->max_length)
            snprintf(lb, sizeof lb, "%lld", (long long)b->max_length);
        sa_diff_add(d, tighter ? SA_CHANGE_TIGHTENED : SA_CHANGE_LOOSENED, s, a->pos, b->pos,
                    "max length %s -> %s", la, lb);
    }
    if (a->type == SA_COL_ENUM && b->type == SA_COL_ENUM)
        set_change(d, s, "values", a->values, a->nvalues, b->values, b->nvalues, true, false,
                   a->pos, b->pos);
    if (a->has_min != b->has_min || a->has_max != b->has_max || a->min != b->min ||
        a->max != b->max) {
        /* the accepted range: tighter when inside the old one */
        bool lo_in = !a->has_min || (b->has_min && b->min >= a->min);
        bool hi_in = !a->has_max || (b->has_max && b->max <= a->max);
        bool lo_out = !b->has_min || (a->has_min && a->min >= b->min);
        bool hi_out = !b->has_max || (a->has_max && a->max <= b->max);
        sa_change_class cls = SA_CHANGE_CHANGED;
        if (lo_in && hi_in)
            cls = SA_CHANGE_TIGHTENED;
        else if (lo_out && hi_out)
            cls = SA_CHANGE_LOOSENED;
        char ra[64], rb[64];
        bounds_text(ra, a);
        bounds_text(rb, b);
        sa_diff_add(d, cls, s, a->pos, b->pos, "accepted range %s -> %s", ra, rb);
    }
    if (!sa_diff_str_eq(a->format, b->format))
        sa_diff_add(d, SA_CHANGE_CHANGED, s, a->pos, b->pos, "format %s -> %s",
                    a->format ? a->format : "iso", b->format ? b->format : "iso");
}

static const char *provider_column_name(const sa_dataset *ds)
{
    if (ds->provider_column < 0 || (size_t)ds->provider_column >= ds->ncolumns)
        return NULL;
    return ds->columns[ds->provider_column].name;
}

static void dataset_change(sa_diff *d, const sa_dataset *a, const sa_dataset *b)
{
    sa_buf subject = SA_BUF_INIT, ta = SA_BUF_INIT, tb = SA_BUF_INIT;
    subject_of(&subject, "dataset %s", sa_diff_or_none(b->name));
    text_change(d, sa_buf_cstr(&subject), "title", a->title, b->title, a->pos, b->pos);
    if (set_compare(a->files, a->nfiles, b->files, b->nfiles) != 0) {
        join_list(&ta, a->files, a->nfiles, "(none)");
        join_list(&tb, b->files, b->nfiles, "(none)");
        sa_diff_add(d, SA_CHANGE_CHANGED, sa_buf_cstr(&subject), a->pos, b->pos,
                    "file patterns %s -> %s", sa_buf_cstr(&ta), sa_buf_cstr(&tb));
    }
    bool key_same = a->nkey == b->nkey;
    for (size_t i = 0; key_same && i < a->nkey; i++)
        key_same = sa_diff_str_eq(a->key[i], b->key[i]);
    if (!key_same) {
        sa_buf_clear(&ta);
        sa_buf_clear(&tb);
        join_list(&ta, a->key, a->nkey, "(none)");
        join_list(&tb, b->key, b->nkey, "(none)");
        sa_diff_add(d, SA_CHANGE_CHANGED, sa_buf_cstr(&subject), a->pos, b->pos, "key %s -> %s",
                    sa_buf_cstr(&ta), sa_buf_cstr(&tb));
    }
    if (!sa_diff_str_eq(provider_column_name(a), provider_column_name(b)))
        sa_diff_add(d, SA_CHANGE_CHANGED, sa_buf_cstr(&subject), a->pos, b->pos,
                    "provider column %s -> %s", sa_diff_or_none(provider_column_name(a)),
                    sa_diff_or_none(provider_column_name(b)));

    const char **ca = sa_xcalloc(a->ncolumns, sizeof *ca);
    const char **cb = sa_xcalloc(b->ncolumns, sizeof *cb);
    for (size_t i = 0; i < a->ncolumns; i++)
        ca[i] = a->columns[i].name;
    for (size_t j = 0; j < b->ncolumns; j++)
        cb[j] = b->columns[j].name;
    long *om, *nm;
    sa_diff_match_names(ca, a->ncolumns, cb, b->ncolumns, &om, &nm);
    sa_diff_pair *order = sa_xcalloc(a->ncolumns + b->ncolumns, sizeof *order);
    size_t n = sa_diff_merge_order(om, a->ncolumns, nm, b->ncolumns, order);
    sa_pos none = {0};
    for (size_t k = 0; k < n; k++) {
        const sa_column *x = order[k].old_index >= 0 ? &a->columns[order[k].old_index] : NULL;
        const sa_column *y = order[k].new_index >= 0 ? &b->columns[order[k].new_index] : NULL;
        subject_of(&subject, "dataset %s column %s", sa_diff_or_none(b->name),
                   sa_diff_or_none(y ? y->name : x->name));
        const char *s = sa_buf_cstr(&subject);
        if (x && y) {
            column_change(d, s, x, y);
        } else if (y) {
            column_added_text(&ta, y);
            sa_diff_add(d, SA_CHANGE_ADDED, s, none, y->pos, "%s", sa_buf_cstr(&ta));
        } else {
            sa_diff_add(d, SA_CHANGE_REMOVED, s, x->pos, none, "column removed (was %s%s)",
                        sa_col_type_name(x->type), x->required ? ", required" : "");
            /* Providers' exports lag behind the spec: returns built for the old
             * schema still carry the column and validation will flag it. */
            sa_diff_add(d, SA_CHANGE_WARNING, s, x->pos, none,
                        "returns that still send column %s will get W-RET-UNKNOWN-COLUMN on every "
                        "file until providers change their exports",
                        sa_diff_or_none(x->name));
        }
    }
    free(order);
    free(om);
    free(nm);
    free(ca);
    free(cb);
    sa_buf_free(&subject);
    sa_buf_free(&ta);
    sa_buf_free(&tb);
}

static void datasets_diff(sa_diff *d, const sa_spec *a, const sa_spec *b)
{
    size_t na = a ? a->ndatasets : 0, nb = b ? b->ndatasets : 0;
    const char **ia = sa_xcalloc(na, sizeof *ia);
    const char **ib = sa_xcalloc(nb, sizeof *ib);
    for (size_t i = 0; i < na; i++)
        ia[i] = a->datasets[i].name;
    for (size_t j = 0; j < nb; j++)
        ib[j] = b->datasets[j].name;
    size_t n;
    sa_diff_pair *order = sa_diff_pair_names(ia, na, ib, nb, &n);
    sa_buf subject = SA_BUF_INIT;
    sa_pos none = {0};
    for (size_t k = 0; k < n; k++) {
        const sa_dataset *x = order[k].old_index >= 0 ? &a->datasets[order[k].old_index] : NULL;
        const sa_dataset *y = order[k].new_index >= 0 ? &b->datasets[order[k].new_index] : NULL;
        if (x && y) {
            dataset_change(d, x, y);
            continue;
        }
        subject_of(&subject, "dataset %s", sa_diff_or_none(y ? y->name : x->name));
        if (y)
            sa_diff_add(d, SA_CHANGE_ADDED, sa_buf_cstr(&subject), none, y->pos,
                        "dataset added (%zu columns)", y->ncolumns);
        else
            sa_diff_add(d, SA_CHANGE_REMOVED, sa_buf_cstr(&subject), x->pos, none,
                        "dataset removed (%zu columns): returns of it are no longer read",
                        x->ncolumns);
    }
    sa_buf_free(&subject);
    free(order);
    free(ia);
    free(ib);
}

/* ---- roles and providers -------------------------------------------------------------- */

static void roles_diff(sa_diff *d, const sa_spec *a, const sa_spec *b)
{
    size_t na = a ? a->nroles : 0, nb = b ? b->nroles : 0;
    const char **ia = sa_xcalloc(na, sizeof *ia);
    const char **ib = sa_xcalloc(nb, sizeof *ib);
    for (size_t i = 0; i < na; i++)
        ia[i] = a->roles[i].name;
    for (size_t j = 0; j < nb; j++)
        ib[j] = b->roles[j].name;
    size_t n;
    sa_diff_pair *order = sa_diff_pair_names(ia, na, ib, nb, &n);
    sa_buf subject = SA_BUF_INIT;
    sa_pos none = {0};
    for (size_t k = 0; k < n; k++) {
        const sa_role *x = order[k].old_index >= 0 ? &a->roles[order[k].old_index] : NULL;
        const sa_role *y = order[k].new_index >= 0 ? &b->roles[order[k].new_index] : NULL;
        subject_of(&subject, "role %s", sa_diff_or_none(y ? y->name : x->name));
        const char *s = sa_buf_cstr(&subject);
        if (x && y) {
            if (!sa_diff_str_eq(x->pattern, y->pattern))
                sa_diff_add(d, SA_CHANGE_CHANGED, s, x->pos, y->pos,
                            "job-title pattern %s -> %s", sa_diff_or_none(x->pattern),
                            sa_diff_or_none(y->pattern));
        } else if (y) {
            sa_diff_add(d, SA_CHANGE_ADDED, s, none, y->pos, "role added (pattern %s)",
                        sa_diff_or_none(y->pattern));
        } else {
            sa_diff_add(d, SA_CHANGE_REMOVED, s, x->pos, none, "role removed (pattern %s)",
                        sa_diff_or_none(x->pattern));
        }
    }
    sa_buf_free(&subject);
    free(order);
    free(ia);
    free(ib);
}

static void providers_diff(sa_diff *d, const sa_spec *a, const sa_spec *b)
{
    size_t na = a ? a->nproviders : 0, nb = b ? b->nproviders : 0;
    const char **ia = sa_xcalloc(na, sizeof *ia);
    const char **ib = sa_xcalloc(nb, sizeof *ib);
    for (size_t i = 0; i < na; i++)
        ia[i] = a->providers[i].code;
    for (size_t j = 0; j < nb; j++)
        ib[j] = b->providers[j].code;
    size_t n;
    sa_diff_pair *order = sa_diff_pair_names(ia, na, ib, nb, &n);
    sa_buf subject = SA_BUF_INIT;
    sa_pos none = {0};
    for (size_t k = 0; k < n; k++) {
        const sa_provider_decl *x = order[k].old_index >= 0 ? &a->providers[order[k].old_index] : NULL;
        const sa_provider_decl *y = order[k].new_index >= 0 ? &b->providers[order[k].new_index] : NULL;
        subject_of(&subject, "provider %s", sa_diff_or_none(y ? y->code : x->code));
        const char *s = sa_buf_cstr(&subject);
        if (x && y) {
            text_change(d, s, "name", x->name, y->name, x->pos, y->pos);
            text_change(d, s, "kind", x->kind, y->kind, x->pos, y->pos);
        } else if (y) {
            sa_diff_add(d, SA_CHANGE_ADDED, s, none, y->pos, "expected provider added (%s)",
                        sa_diff_or_none(y->name));
        } else {
            sa_diff_add(d, SA_CHANGE_REMOVED, s, x->pos, none, "expected provider removed (%s)",
                        sa_diff_or_none(x->name));
        }
    }
    sa_buf_free(&subject);
    free(order);
    free(ia);
    free(ib);
}

/* ---- the specification header ------------------------------------------------------------ */

static bool date_in(const sa_date *list, size_t n, sa_date x)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == x)
            return true;
    return false;
}

static void header_diff(sa_diff *d, const sa_spec *a, const sa_spec *b)
{
    const char *s = "specification";
    if (a->format_version != b->format_version)
        sa_diff_add(d, SA_CHANGE_CHANGED, s, a->pos, b->pos, "format version %d -> %d",
                    a->format_version, b->format_version);
    if (!sa_diff_str_eq(a->id, b->id))
        sa_diff_add(d, SA_CHANGE_CHANGED, s, a->pos, b->pos,
                    "id %s -> %s: agreements naming the old id no longer bind to it",
                    sa_diff_or_none(a->id), sa_diff_or_none(b->id));
    if (!sa_diff_str_eq(a->version, b->version))
        sa_diff_add(d, SA_CHANGE_CHANGED, s, a->pos, b->pos, "version %s -> %s",
                    sa_diff_or_none(a->version), sa_diff_or_none(b->version));
    text_change(d, s, "title", a->title, b->title, a->pos, b->pos);
    text_change(d, s, "description", a->description, b->description, a->pos, b->pos);
    text_change(d, s, "commissioner name", a->commissioner_name, b->commissioner_name, a->pos,
                b->pos);
    text_change(d, s, "commissioner code", a->commissioner_code, b->commissioner_code, a->pos,
                b->pos);
    if (a->period_from != b->period_from || a->period_to != b->period_to) {
        char af[16], at[16], bf[16], bt[16];
        sa_diff_format_date(a->period_from, af);
        sa_diff_format_date(a->period_to, at);
        sa_diff_format_date(b->period_from, bf);
        sa_diff_format_date(b->period_to, bt);
        sa_diff_add(d, SA_CHANGE_CHANGED, s, a->pos, b->pos, "period %s..%s -> %s..%s", af, at, bf,
                    bt);
    }
    if (a->calendar.region != b->calendar.region)
        sa_diff_add(d, SA_CHANGE_CHANGED, s, a->pos, b->pos, "calendar region %s -> %s",
                    sa_region_name(a->calendar.region), sa_region_name(b->calendar.region));
    /* An extra closure day is one working day fewer inside "within N working days". */
    for (size_t i = 0; i < b->calendar.nextra_holidays; i++) {
        sa_date x = b->calendar.extra_holidays[i];
        if (!date_in(a->calendar.extra_holidays, a->calendar.nextra_holidays, x)) {
            char t[16];
            sa_diff_format_date(x, t);
            sa_diff_add(d, SA_CHANGE_LOOSENED, s, a->pos, b->pos,
                        "extra holiday %s added (not a working day)", t);
        }
    }
    for (size_t i = 0; i < a->calendar.nextra_holidays; i++) {
        sa_date x = a->calendar.extra_holidays[i];
        if (!date_in(b->calendar.extra_holidays, b->calendar.nextra_holidays, x)) {
            char t[16];
            sa_diff_format_date(x, t);
            sa_diff_add(d, SA_CHANGE_TIGHTENED, s, a->pos, b->pos,
                        "extra holiday %s removed (now a working day)", t);
        }
    }
    every_change(d, "reporting", "returns every", a->reporting_every, b->reporting_every, a->pos,
                 b->pos);
    due_days_change(d, "reporting", a->reporting_due_days, b->reporting_due_days, "(none)",
                    a->pos, b->pos);
}

sa_diff *sa_diff_specs(const sa_spec *old_spec, const sa_spec *new_spec)
{
    sa_diff *d = sa_diff_create("specification");
    if (old_spec) {
        d->old_id = sa_arena_strdup(d->arena, old_spec->id);
        d->old_version = sa_arena_strdup(d->arena, old_spec->version);
    }
    if (new_spec) {
        d->new_id = sa_arena_strdup(d->arena, new_spec->id);
        d->new_version = sa_arena_strdup(d->arena, new_spec->version);
    }
    sa_pos none = {0};
    if (!old_spec && new_spec)
        sa_diff_add(d, SA_CHANGE_ADDED, "specification", none, new_spec->pos,
                    "specification %s %s added", sa_diff_or_none(new_spec->id),
                    sa_diff_or_none(new_spec->version));
    else if (old_spec && !new_spec)
        sa_diff_add(d, SA_CHANGE_REMOVED, "specification", old_spec->pos, none,
                    "specification %s %s removed", sa_diff_or_none(old_spec->id),
                    sa_diff_or_none(old_spec->version));
    if (old_spec && new_spec)
        header_diff(d, old_spec, new_spec);
    providers_diff(d, old_spec, new_spec);
    roles_diff(d, old_spec, new_spec);
    datasets_diff(d, old_spec, new_spec);
    requirements_diff(d, old_spec, new_spec);
    if (old_spec && new_spec)
        sa_diff_version_check(d, old_spec->version, new_spec->version, old_spec->pos,
                              new_spec->pos);
    return d;
}
