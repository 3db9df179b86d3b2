/*
 * checks_internal.h — private to src/checks/: the accumulator interface each
 * check kind implements, and the helpers they share (reporting periods,
 * interval sets, bounded example sets, percentile samples, verdict folding).
 *
 * Life of an accumulator: the engine creates one per (requirement, provider)
 * in each worker thread (acc_new), feeds it every decoded row of the
 * requirement's dataset for that provider (acc_row), merges the workers'
 * accumulators (acc_merge — commutative, so the result does not depend on
 * which worker read which file), merges all providers' accumulators into a
 * fresh one for the system-wide row of a `scope: system` requirement, and
 * finally turns each into one result (acc_finish). Memory grows with
 * groups (periods, meetings, disjoint intervals), never with rows.
 *
 * A kind is two halves and a line of spec/kinds/kinds.def: what the
 * specification says about it (keys, loader, defaults, explanation, diff
 * rules, report label) is its spec half, src/spec/kinds/<name>.c (see
 * spec/kind.h); how it is measured is its checks half, src/checks/<name>.c,
 * defining `const sa_chk_kind sa_chk_kind_<name>`:
 *  - `prepare` checks what the engine cannot (its columns resolved, its
 *    roles known), fills the sa_chk_req fields it needs and may change `per`
 *    (a kind without a date column assesses the whole range as one period);
 *  - acc_new / acc_row / acc_merge / acc_finish / acc_free as above; a row
 *    whose `where` is false feeds nothing in acc_row (the engine may leave
 *    the call out for such a row, having asked the `where` memo itself);
 *  - `absence_is_evidence` when no rows at all is itself a finding (a
 *    return not sent) rather than "nothing to assess".
 * The engine reaches both halves through the tables kinds.def generates
 * (sa_chk_kind_for here, sa_check_def_of in the spec) and names no kind;
 * count.c is the shortest kind to copy from.
 */
#ifndef SA_CHECKS_INTERNAL_H
#define SA_CHECKS_INTERNAL_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agreement/agreement.h"
#include "core/alloc.h"
#include "checks/checks.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/result.h"
#include "expr/expr.h"
#include "returns/returns.h"
#include "spec/spec.h"

/* ---- reporting periods ------------------------------------------------------ */

/* Consecutive periods covering [from, to], each clipped to it. */
typedef struct sa_period_grid {
    sa_date *from;
    sa_date *to; /* inclusive */
    size_t n;
    sa_per per;
    sa_date anchor; /* the range start (fortnights count from its ISO week) */
    int32_t *by_day; /* period index of each day from from[0] to to[n-1] (NULL: search) */
    sa_date day0;    /* with by_day: from[0], and the days it covers */
    size_t ndays;
} sa_period_grid;

/**
 * Builds the periods of `per` over [from, to] (inclusive): weeks are ISO weeks
 * (Monday to Sunday); fortnights are pairs of ISO weeks counted from the week
 * holding `from`; months are calendar months; quarters are NHS financial
 * quarters (April, July, October, January); years are financial years from
 * 1 April; `period` is the whole range. The first and last periods are
 * clipped to the range. An empty range (to < from) gives no periods.
 * Free with sa_period_grid_free().
 */
void sa_period_grid_build(sa_period_grid *grid, sa_per per, sa_date from, sa_date to);
/** Same, with fortnights counted from the ISO week holding `anchor` (the spec
 *  period's start), so that they do not move with the assessed range. */
void sa_period_grid_build_anchored(sa_period_grid *grid, sa_per per, sa_date from, sa_date to, sa_date anchor);
void sa_period_grid_free(sa_period_grid *grid);
long sa_period_grid_search(const sa_period_grid *grid, sa_date date);
/** Index of the period holding `date`, or -1 when outside the grid. Inline: every
 *  kind looks up every row's period. */
static inline long sa_period_grid_find(const sa_period_grid *grid, sa_date date)
{
    if (grid->by_day) /* one comparison: a day before day0 converts past ndays */
        return (size_t)((int64_t)date - grid->day0) < grid->ndays ? grid->by_day[date - grid->day0] : -1;
    if (grid->n == 0 || date < grid->from[0] || date > grid->to[grid->n - 1])
        return -1;
    return sa_period_grid_search(grid, date);
}
/** True when period i was clipped by the range (shorter than a whole week, month ...). */
bool sa_period_grid_partial(const sa_period_grid *grid, size_t i);
/**
 * Last day of period i as if the range had not clipped it (the end of the whole
 * week, month, quarter ...); for `period` the range end. A return's due date
 * counts from this day, not from where an assessment range happens to stop.
 */
sa_date sa_period_grid_full_end(const sa_period_grid *grid, size_t i);
/** The first day of period i when not clipped (grid->from[i] for SA_PER_PERIOD). */
sa_date sa_period_grid_full_start(const sa_period_grid *grid, size_t i);
/** Plural noun for a period kind: "weeks", "months", ... */
const char *sa_per_plural(sa_per per);

/* ---- the London clock by day -------------------------------------------------- */

/* Europe/London wall clock to UTC for a range of days: whether each day is all GMT,
 * all summer time or a clock-change day, so that most rows skip working out their
 * date's month (sa_london_to_utc). Built once per requirement, read by every thread. */
typedef struct sa_chk_clock {
    sa_date from;
    size_t ndays;   /* 0: not built, every instant goes to sa_london_to_utc */
    uint8_t *shift; /* hours to take off a day's wall clock (0, 1), or 2 on a change day */
} sa_chk_clock;

/** Builds the clock for [from, to] in `arena`; a range over ~180 years is left unbuilt. */
void sa_chk_clock_build(sa_chk_clock *c, sa_date from, sa_date to, sa_arena *arena);
/** sa_london_to_utc(local), from the table when its day is in it and not a change day. */
static inline int64_t sa_chk_london_to_utc(const sa_chk_clock *c, sa_datetime local)
{
    sa_date d = sa_datetime_date(local);
    if (d >= c->from && (size_t)((int64_t)d - c->from) < c->ndays && c->shift[d - c->from] < 2)
        return local - 3600 * (int64_t)c->shift[d - c->from];
    return sa_london_to_utc(local);
}

/* ---- interval sets (coverage) ------------------------------------------------- */

/* Half-open intervals [start, end) of UTC instants (seconds). Compacted (sorted,
 * overlapping and touching intervals joined) whenever it doubles, so memory
 * follows the number of disjoint intervals. */
typedef struct sa_ivset {
    int64_t *v; /* start, end pairs */
    size_t n;   /* intervals */
    size_t cap;
    size_t compact_n; /* intervals after the last compaction */
} sa_ivset;

void sa_ivset_init(sa_ivset *s);
void sa_ivset_free(sa_ivset *s);
/** Adds [start, end); empty or inverted intervals are ignored. */
void sa_ivset_add(sa_ivset *s, int64_t start, int64_t end);
/** Sorts and joins overlapping or touching intervals. */
void sa_ivset_compact(sa_ivset *s);
/** Adds every interval of `src` to `dst`. */
void sa_ivset_merge(sa_ivset *dst, const sa_ivset *src);
/** Seconds of [start, end) covered by the (compacted) set. */
int64_t sa_ivset_covered(const sa_ivset *s, int64_t start, int64_t end);

/* ---- bounded example sets -------------------------------------------------------- */

/* An example kept during scanning: a position and a few fields; the message is
 * formatted from them only at finish, for the examples actually kept. */
typedef struct sa_chk_example {
    const char *file; /* the return file's path (stable for the run); NULL = none */
    uint64_t row;
    int code;          /* kind-specific reason */
    int64_t a, b, c;   /* kind-specific numbers (dates, seconds, counts) */
    char text[72];     /* short text copied when kept (masked when an identifier) */
} sa_chk_example;

/* Keeps the `max` examples that come first by (file, row, code, a) with the exact
 * total seen, so the examples kept do not depend on the order rows arrive in. */
typedef struct sa_chk_exset {
    sa_chk_example *items;
    size_t n;
    size_t max;
    uint64_t total;
} sa_chk_exset;

void sa_chk_exset_init(sa_chk_exset *s, size_t max);
void sa_chk_exset_free(sa_chk_exset *s);
/**
 * Counts one example and returns the slot to fill when it is kept (already
 * holding file/row/code/a), or NULL when it is not. Callers fill `text` and
 * the other numbers only when a slot comes back, so rejected rows cost one
 * comparison. `a` takes part in ordering (for examples that share a row).
 */
sa_chk_example *sa_chk_exset_offer(sa_chk_exset *s, const char *file, uint64_t row, int code,
                                   int64_t a);
/** Adds `src`'s examples and total into `dst`. */
void sa_chk_exset_merge(sa_chk_exset *dst, const sa_chk_exset *src);

/** Copies a cell (masked when the column is an identifier and identifiers are hidden). */
void sa_chk_copy_cell(char *out, size_t out_size, const sa_value *v, const sa_column *col,
                      bool show_identifiers);

/* ---- samples and percentiles (response_time) ---------------------------------------- */

/* Exact samples up to SA_CHK_SAMPLE_CAP per group; past it, a log-linear
 * histogram (exact below 256 units, within 1/128 relative above) allocated in
 * 1 KiB chunks as values reach them: a group never holds more than ~16 KiB of
 * samples plus the chunks its range of values touches, however many rows
 * there are. Once a group has its histogram, `v` holds the values not yet
 * counted into it, up to SA_CHK_SAMPLE_PENDING: they are counted together when
 * it fills and before any reading, so that a row's value is one store and the
 * histogram's buckets are visited in a batch rather than one cache line a row. */
#define SA_CHK_SAMPLE_CAP 2048
#define SA_CHK_SAMPLE_PENDING 256
typedef struct sa_chk_samples {
    int64_t *v;      /* exact samples, or (with hist) the values not yet counted in it */
    size_t n;
    size_t cap;
    bool sorted;     /* v is in order (percentiles sort once, not per call) */
    uint64_t **hist; /* NULL while exact; else chunk pointers, each NULL until used */
    uint64_t hist_n; /* values counted in hist (the pending n not included) */
} sa_chk_samples;

void sa_chk_samples_init(sa_chk_samples *s);
void sa_chk_samples_free(sa_chk_samples *s);
/** Adds one value: inline while it fits the samples already allocated (the
 *  capacity doubles up to SA_CHK_SAMPLE_CAP), else sa_chk_samples_add_slow. */
void sa_chk_samples_add_slow(sa_chk_samples *s, int64_t value);
static inline void sa_chk_samples_add(sa_chk_samples *s, int64_t value)
{
    if (s->n < s->cap) {
        s->v[s->n++] = value;
        s->sorted = false;
        return;
    }
    sa_chk_samples_add_slow(s, value);
}
void sa_chk_samples_merge(sa_chk_samples *dst, const sa_chk_samples *src);
uint64_t sa_chk_samples_count(const sa_chk_samples *s);
/** Nearest-rank percentile (the smallest value with at least p% of samples at or
 *  below it). Sorts the exact samples in place, once until more are added;
 *  from the histogram, the smallest value of the bucket holding the rank (never
 *  above the exact percentile). False when there are none. */
bool sa_chk_samples_percentile(sa_chk_samples *s, double p, int64_t *out);
/** The value of rank `rank` (1 = the smallest), exact or from the histogram as
 *  above. False when rank is 0 or above the count. */
bool sa_chk_samples_rank(sa_chk_samples *s, uint64_t rank, int64_t *out);
/** Like sa_chk_samples_rank, and *high the largest value the rank's bucket holds
 *  (equal to *out while the samples are exact, and below 256 units). */
bool sa_chk_samples_rank_range(sa_chk_samples *s, uint64_t rank, int64_t *out, int64_t *high);
/** Whether the samples are kept exactly (not yet folded into the histogram). */
static inline bool sa_chk_samples_exact(const sa_chk_samples *s)
{
    return s->hist == NULL;
}

/* ---- linked datasets (link.c) ------------------------------------------------------------ */

/* The columns one link summarises: those of where, meets and exclude (8 terms each). */
#define SA_LINK_MAX_COLUMNS 24
/* The `dataset` argument of sa_row_key_hash for link keys: a row and a linked
 * row with the same provider and key cell hash alike, whatever their datasets. */
#define SA_LINK_KEY_SPACE ((size_t)0x6c696e6b)
typedef struct sa_link_map sa_link_map;

/** A summary map of the linked columns `columns` (values of the given kinds) holding at most `max_keys` keys. */
sa_link_map *sa_link_map_new(const int *columns, const sa_value_kind *kinds, size_t ncolumns, size_t max_keys);
void sa_link_map_free(sa_link_map *m);
/** Counts a linked row under `key` (non-zero) and folds its values into the key's min and max.
 *  False, adding nothing, when the key is new and the map already holds max_keys keys. */
bool sa_link_map_add(sa_link_map *m, uint64_t key, const sa_value *values, size_t nvalues);
/** The key's summary (opaque, for sa_link_map_values), or NULL when no row had it. */
const uint64_t *sa_link_map_find(const sa_link_map *m, uint64_t key);
size_t sa_link_map_size(const sa_link_map *m);
/** The value of each term for a summary (NULL: no linked rows): count 0, min and max empty. */
void sa_link_map_values(const sa_link_map *m, const uint64_t *entry, const sa_expr_link_term *terms, size_t n,
                        sa_value *out);

/* ---- verdicts ------------------------------------------------------------------------- */

/**
 * Folds period verdicts into one: every period not in force (an attestation not
 * yet due) → not_in_force; no assessed period (met, not met or waived)
 * → not_assessable; none not met → met (waived when any was waived); none met
 * or waived → not_met; otherwise partially_met.
 */
sa_verdict sa_chk_fold(const sa_period_result *periods, size_t n);

/* ---- the accumulator interface ----------------------------------------------------------- */

/* Everything a kind needs about one requirement; read-only while scanning. */
typedef struct sa_chk_req {
    const sa_spec *spec;
    const sa_requirement *req;
    const sa_check *check;
    size_t index;          /* in spec->requirements */
    sa_date from, to;      /* the assessment range */
    sa_per per;            /* the reporting period of the grid */
    sa_period_grid grid;   /* `per` over the range */
    size_t max_examples;
    bool show_identifiers;
    sa_date today;         /* submission: returns not yet due on this date are pending */
    const struct sa_chk_kind *kind;
    const char *error;     /* set when the check cannot run: every row gets an `error` verdict */
    /* The commissioner's own duty (attestation, responsible: commissioner): one row
     * without a provider, from the rows the commissioner's code sends; providers get none. */
    bool commissioner_duty;
    const char *role_column; /* coverage, mdt: the column of job titles (diagnostics name it) */
    /* Sets of spec roles, bit i = spec role i, role_words words each (arena). */
    size_t role_words;
    uint64_t *core_roles;     /* mdt */
    uint64_t *expected_roles; /* mdt */
    uint64_t *accept_roles;   /* coverage: accepted roles (NULL = any row) */
    bool *reads_dataset;   /* per spec dataset, whether the check reads it (NULL: its `dataset` only) */
    int *date_column;      /* submission: per spec dataset, the column placing a row in a period */
    int *submitted_column; /* submission: per spec dataset, the submission-date column or -1 */
    const sa_manifest *manifest; /* submission: what was received and when, or NULL */
    /* A requirement with a baseline: the same request over the baseline range,
     * as one period (baseline.c); NULL without one. */
    struct sa_chk_req *baseline;
    const sa_prior_report *prior; /* --baseline: an earlier report, or NULL */
    sa_link_map *link;     /* `link:`: the linked dataset's summary, complete before any row is read */
    const char *not_assessable; /* set when the evidence cannot be complete (the link's bound, no linked
                                   return): every row is not_assessable, saying why */
    sa_chk_clock clock;          /* response_time in hours, coverage: the range's days (and about it) */
    /* The column whose date places a row in `grid` (set by the kind's prepare when it
     * looks periods up with sa_chk_row_period): requirements with the same column and
     * grid look a row's period up once. */
    bool dates_rows;
    int date_col;
} sa_chk_req;

/** A kind's per-period cells: `size` zeroed bytes for each period of the requirement's
 *  grid, and one cell for an empty grid so the pointer is always valid. Freed with free(). */
static inline void *sa_chk_period_cells(const sa_chk_req *cr, size_t size)
{
    return sa_xcalloc(cr->grid.n ? cr->grid.n : 1, size);
}

/* The answer of a `where` for the row being read, shared by the requirements of
 * one thread whose `where` reads the same (the same text over the same dataset):
 * several requirements often select the same rows ("urgency == 'urgent'"). The engine's
 * dispatch answers it for each row before any kind reads it. */
typedef struct sa_chk_where_memo {
    const void *file; /* the row's file (sa_return_file) and record: which row it answers for (asserted) */
    uint64_t record;
    sa_tri value;
} sa_chk_where_memo;

/* A row's date and period, for the row being read, shared by the requirements of a
 * thread with the same date column and grid (sa_chk_row_period); answered by the dispatch
 * like the `where` memo. */
typedef struct sa_chk_period_memo {
    const void *file;
    uint64_t record;
    bool dated;
    sa_date date;
    long period;
} sa_chk_period_memo;

/* Per worker thread and requirement: what cannot be shared between threads. */
typedef struct sa_chk_local {
    sa_expr *where;
    sa_chk_where_memo *where_memo; /* the answer for the row (shared by equal `where`s);
                                    * NULL: none, or a `where` reading linked figures */
    sa_chk_period_memo *period_memo; /* NULL: the requirement looks its periods up alone */
    sa_expr *meets;
    sa_expr *exclude;
    void *match_data; /* pcre2_match_data for role matching */
    struct sa_strmap *role_cache; /* job title -> role index + 2 (titles repeat; matching is costly) */
    bool broken;      /* an expression failed to compile in this thread: rows are not used */
    sa_diags *diags;  /* the diagnostics of the file the thread reads (role matching) */
    sa_workday_memo workdays; /* response times in working days */
    sa_value linked[3][8];    /* `link:`: the linked terms of where, meets and exclude for the row */
} sa_chk_local;

/* Finishing one result row. */
typedef struct sa_chk_final {
    const sa_chk_req *cr;
    const sa_provider_plan *pp;  /* NULL for the system-wide row */
    sa_date from, to;            /* the range assessed for this row */
    sa_target target;            /* effective target */
    sa_arena *arena;             /* the result set's arena */
    sa_result *r;                /* to fill: periods, measured, counts, evidence, summary */
    sa_buf *measure;             /* the kind writes its measurement phrase here */
    sa_per per;                  /* the period of r->periods (cr->per unless the kind's grid differs) */
    bool pooled_too_few;         /* `assess: overall`: the pooled denominator is below the minimum */
    bool bounded;                /* r->measured is an estimate known to lie within [low, high] */
    double low, high;
} sa_chk_final;

typedef struct sa_chk_kind {
    const char *name;
    /** No rows at all is a finding of the kind (a return not sent), not an absence of evidence. */
    bool absence_is_evidence;
    /** After the engine's preparation (the dataset known, the expressions compiled):
     *  returns the key of a column the check cannot run without, else NULL
     *  (setting cr->error for other reasons). May be NULL. */
    const char *(*prepare)(sa_chk_req *cr, sa_arena *arena);
    void *(*acc_new)(const sa_chk_req *cr, sa_date from, sa_date to);
    void (*acc_row)(void *acc, const sa_chk_req *cr, sa_chk_local *loc, const sa_row *row);
    void (*acc_merge)(void *dst, const void *src, const sa_chk_req *cr);
    /** Fills periods (met / not_met / not_assessable each), measurement and evidence. */
    void (*acc_finish)(void *acc, sa_chk_final *fin);
    void (*acc_free)(void *acc);
} sa_chk_kind;

/**
 * Prepares requirement i of `spec` for the range [from, to]: resolves roles,
 * builds the period grid, and sets `error` when the check cannot run.
 * Strings it makes live in `arena`. Free the grid with sa_period_grid_free().
 */
void sa_chk_req_prepare(sa_chk_req *cr, const sa_spec *spec, size_t i, sa_date from, sa_date to,
                        const sa_check_options *opts, sa_arena *arena);
/** Compiles a thread's own expressions and match data for `cr`. */
void sa_chk_local_init(sa_chk_local *loc, const sa_chk_req *cr);
void sa_chk_local_free(sa_chk_local *loc);
/**
 * Builds the summary of each requirement with a `link:` (cr->link) from the
 * returns of its linked dataset among `files`, before the returns are read
 * for the checks. Sets cr->error when no such return was given, one could not
 * be used, or the keys pass opts->max_linked_keys (E-CHECK-LINK-KEYS in
 * `diags`, at the row of the first key past it).
 */
void sa_chk_link_prepare(sa_chk_req *reqs, size_t nreqs, const sa_return_file *files, size_t nfiles,
                         const sa_check_options *opts, const char *sole_provider, sa_arena *arena, sa_diags *diags);
void sa_chk_link_release(sa_chk_req *reqs, size_t nreqs);

#define SA_KIND(ID, name, ...) extern const sa_chk_kind sa_chk_kind_##name;
#include "spec/kinds/kinds.def"
#undef SA_KIND
/** The checks half of a kind (indexed by kind, from kinds.def); NULL out of range. */
const sa_chk_kind *sa_chk_kind_for(sa_check_kind k);

/* ---- shared helpers for kinds ------------------------------------------------------------ */

/** A column reference given and resolved in the check's dataset. */
static inline bool sa_chk_column_ok(const sa_colref *c)
{
    return c->name && c->index >= 0;
}
/** Sets the bit of each named spec role in `set` (role_words words); false, with
 *  cr->error saying which, at the first name that is no spec role. */
bool sa_chk_role_set(sa_chk_req *cr, const char *const *names, size_t n, uint64_t *set, sa_arena *arena);

/* The three below run for several requirements on every row: inline, so that a
 * look-up is a few loads rather than a call. */
/** The date of a date or datetime value; false when empty or another type. */
static inline bool sa_chk_value_date(const sa_value *v, sa_date *out)
{
    if (!v)
        return false;
    if (v->kind == SA_VAL_DATE) {
        *out = v->as.date;
        return true;
    }
    if (v->kind == SA_VAL_DATETIME) {
        *out = sa_datetime_date(v->as.dt);
        return true;
    }
    return false;
}
/** A datetime (a date reads as its midnight); false when empty or another type. */
static inline bool sa_chk_value_datetime(const sa_value *v, sa_datetime *out)
{
    if (!v)
        return false;
    if (v->kind == SA_VAL_DATETIME) {
        *out = v->as.dt;
        return true;
    }
    if (v->kind == SA_VAL_DATE) {
        *out = sa_datetime_make(v->as.date, 0);
        return true;
    }
    return false;
}
/** Value of column `col` in `row`, or NULL when the column is unresolved. */
static inline const sa_value *sa_chk_cell(const sa_row *row, int col)
{
    if ((size_t)col >= row->nvalues) /* an unresolved column (-1) converts past any row too */
        return NULL;
    return &row->values[col];
}
/** Copies the row's first key column (masked when an identifier) into ex->text. */
void sa_chk_example_key(sa_chk_example *ex, const sa_chk_req *cr, const sa_row *row);
/** The spec role the job title `title` (a string cell of the check's `role`
 *  column in `row`) matches (sa_spec_match_role), cached per thread: -1 for
 *  none, SA_ROLE_UNDECIDED past the match limits (reported as E-RET-REGEX-LIMIT);
 *  a title over SA_ROLE_TITLE_MAX matches none (W-RET-TITLE-TOO-LONG). */
int sa_chk_match_role(sa_chk_local *loc, const sa_chk_req *cr, const sa_row *row, const sa_value *title);
/** Whether role `ri` (a role index, or a negative sa_spec_match_role answer) is in a role set. */
static inline bool sa_chk_role_in(const uint64_t *set, int ri)
{
    return ri >= 0 && (set[ri / 64] >> (ri % 64) & 1);
}
static inline void sa_chk_role_add(uint64_t *set, int ri)
{
    set[ri / 64] |= (uint64_t)1 << (ri % 64);
}
/** Gives the expressions the linked figures of the row's key (no-op without a `link:`);
 *  a kind with a link calls it first for each row. */
void sa_chk_link_bind(sa_chk_local *loc, const sa_chk_req *cr, const sa_row *row);
/** Evaluates `where` (absent = true). A `where` with a memo was answered for the row by
 *  the dispatch, before its calls, once for the requirements sharing it. Inline: most
 *  kinds ask it of every row. */
static inline sa_tri sa_chk_where(sa_chk_local *loc, const sa_row *row)
{
    if (!loc->where)
        return SA_TRI_TRUE;
    const sa_chk_where_memo *m = loc->where_memo;
    if (!m)
        return sa_expr_eval_bool(loc->where, row->values);
    assert(m->file == row->file && m->record == row->record);
    return m->value;
}

/** The date of the row's cr->date_col cell (false when it has none) and its period of
 *  cr->grid in *period (-1 outside it), into the memo `m` (the dispatch's, once a row). */
static inline void sa_chk_period_memo_fill(sa_chk_period_memo *m, const sa_chk_req *cr, const sa_row *row)
{
    sa_date d = 0;
    m->dated = sa_chk_value_date(sa_chk_cell(row, cr->date_col), &d);
    m->date = d;
    m->period = m->dated ? sa_period_grid_find(&cr->grid, d) : -1;
    m->file = row->file;
    m->record = row->record;
}

/** The date of the row's cr->date_col cell (false when it has none) and its period of
 *  cr->grid in *period (-1 outside it). A look-up shared by requirements with the same date
 *  column and grid was made for the row by the dispatch, before its calls. */
static inline bool sa_chk_row_period(sa_chk_local *loc, const sa_chk_req *cr, const sa_row *row, sa_date *date,
                                     long *period)
{
    sa_chk_period_memo one;
    const sa_chk_period_memo *m = loc->period_memo;
    if (!m) {
        sa_chk_period_memo_fill(&one, cr, row);
        m = &one;
    }
    assert(m->file == row->file && m->record == row->record);
    *date = m->date;
    *period = m->period;
    return m->dated;
}

/** Allocates the period results of a grid clipped to [from, to]; returns the
 *  count and sets *map to the grid index of each (arena allocated). */
size_t sa_chk_periods_for(sa_chk_final *fin, const sa_period_grid *grid, size_t **map);
/** Copies kept examples into the result, formatting each message with `fmt`. */
void sa_chk_examples_emit(sa_chk_final *fin, const sa_chk_exset *set,
                          void (*fmt)(const sa_chk_example *ex, const sa_chk_req *cr, sa_buf *out));
/** Appends a metric to the result. */
/** Compares the provider's count with its agreement's activity plan (r->activity). */
void sa_chk_activity(sa_chk_final *fin, const sa_activity_plan *plan, bool has_rows);
void sa_chk_metric(sa_chk_final *fin, const char *name, const char *label, double value,
                   const char *unit);
/** Percentage num/den*100 (0 when den is 0). */
double sa_chk_pct(int64_t num, int64_t den);

/* sa_chk_place's answers for a row in no period. */
enum { SA_CHK_SKIP = -1, SA_CHK_UNDATED = -2 };
/**
 * The grid period of a row dated by `at` within [from, to], or SA_CHK_SKIP
 * (outside `where`, or outside the range) or SA_CHK_UNDATED (no date). A row
 * whose `where` is unknown is skipped and counted in *where_unknown.
 */
long sa_chk_place(sa_chk_local *loc, const sa_chk_req *cr, const sa_row *row, const sa_colref *at, sa_date from,
                  sa_date to, int64_t *where_unknown);
/** A number ("120", "7.25") or, when `seconds`, a time in hours and minutes ("212h 30m", "45m"). */
void sa_chk_format_amount(sa_buf *out, double v, bool seconds);

/* ---- shares of cases (proportion, response_time) -------------------------------------------- */

/* What a share kind counts in one period. */
typedef struct sa_chk_share {
    int64_t num;      /* cases meeting the condition */
    int64_t den;      /* cases in the denominator (exclusions already removed) */
    int64_t unknown;  /* of den, those whose condition could not be evaluated */
    int64_t excluded; /* cases excluded from the denominator */
} sa_chk_share;

/* The kind's words for periods without enough cases. */
typedef struct sa_chk_share_words {
    const char *none;  /* note for a period with no case: "no cases" */
    const char *below; /* note for one below min_denominator, given (den, minimum): "%lld cases, below the minimum of %lld" */
} sa_chk_share_words;

/**
 * The 95% Wilson score interval of num/den, in percent (z = 1.959964). False
 * when den is 0. Unlike the normal approximation it stays inside 0..100 and
 * is meaningful at 0/8 and 8/8, the small numbers of a month's cases.
 */
bool sa_chk_wilson(int64_t num, int64_t den, double *low, double *high);

/**
 * Scores a share kind, the one place its periods and its pooled figure are
 * decided. `cells[k]` holds the counts of result period k (periods made by
 * sa_chk_periods_for). Each period gets its counts, share and interval; it is
 * not_assessable with 0 cases or fewer than min_denominator, else met or not
 * met against the target. The pooled figure (r->numerator ... r->measured and
 * its interval) then sums:
 *  - `assess: every_period`: the assessed periods (a period below the minimum
 *    is not evidence), or every period when none was assessed;
 *  - `assess: overall`: every period; the pooled denominator must reach the
 *    minimum (fin->pooled_too_few otherwise).
 * Returns the pooled counts; *pooled (arena, may be NULL) says which periods were summed.
 */
sa_chk_share sa_chk_share_score(sa_chk_final *fin, const sa_chk_share *const *cells,
                                const sa_chk_share_words *words, bool **pooled);
/** Appends " (81/96; 95% CI 75.8-90.3%)": the pooled counts and interval. */
void sa_chk_share_counts(sa_buf *out, const sa_result *r);
/**
 * The verdict of an `assess: overall` result: the pooled measure against the
 * target (not_assessable without one, or below the minimum denominator);
 * a not-met result becomes waived only under a waiver covering the whole
 * range assessed. The periods stay as scored, as the trend.
 */
sa_verdict sa_chk_assess_overall(const sa_chk_final *fin, const sa_effective_req *er);
/**
 * The verdict of a figure known to lie within [low, high] (low == high when exact): met or
 * not met only when the target holds for the whole interval or for none of it
 * (sa_target_settles), else not assessable — an estimate is never read as better, or worse,
 * than what it can show. A HyperLogLog count spans SA_CHK_ESTIMATE_SPREAD standard errors
 * either side; a median read from the histogram the bounds of its buckets.
 */
#define SA_CHK_ESTIMATE_SPREAD 3.0
#define SA_CHK_UNSETTLED "the estimate is too close to the target to settle it"
sa_verdict sa_chk_judge(const sa_target *t, double low, double high);
/** With `unsettled` periods too close to call and none met or not met, the result's reason
 *  says so (the evidence was there; the estimate could not decide), not "no evidence". */
void sa_chk_note_unsettled(sa_result *r, size_t unsettled);

/* ---- baselines (baseline.c) ----------------------------------------------------------------- */

/* A requirement with a baseline has, per (requirement, provider), one more
 * accumulator: the kind's over the baseline range, with the rows dated in
 * either range counted. The engine creates it beside the kind's, feeds it
 * the same rows, merges and frees it with these. */

/** Sets cr->baseline (arena) when the check has a baseline and can run. */
void sa_chk_baseline_prepare(sa_chk_req *cr, sa_arena *arena);
/** Frees the grids of `cr` and of its baseline request. */
void sa_chk_baseline_release(sa_chk_req *cr);
void *sa_chk_baseline_new(const sa_chk_req *cr);
void sa_chk_baseline_row(void *acc, const sa_chk_req *cr, sa_chk_local *loc, const sa_row *row);
void sa_chk_baseline_merge(void *dst, const void *src, const sa_chk_req *cr);
void sa_chk_baseline_free(void *acc, const sa_chk_req *cr);
/**
 * After the kind's finish of the range assessed: the baseline's figure, the
 * change, r->baseline, the measurement phrase, and the change's verdict on
 * the row's periods (not assessable, with r->reason, when there is no change
 * to take). `acc` is NULL when no row arrived.
 */
void sa_chk_baseline_finish(sa_chk_final *fin, const void *acc);

/* The figure of one row of an earlier report (prior.c). */
typedef struct sa_prior_row {
    bool has;          /* measured.value was a number */
    double value;
    const char *unit;  /* measured.unit, or NULL */
} sa_prior_row;
/** The verdict row of `requirement` for `provider` (NULL: the system-wide or
 *  provider-less row), or NULL when the report has none. */
const sa_prior_row *sa_prior_report_find(const sa_prior_report *p, const char *requirement, const char *provider);
/** The range the earlier report assessed. */
void sa_prior_report_range(const sa_prior_report *p, sa_date *from, sa_date *to);
const char *sa_prior_report_path(const sa_prior_report *p);

/* ---- a value per row (mean, median: stat.c) ------------------------------------------------ */

/* One period of a mean or median: the values of its rows. */
typedef struct sa_chk_stat_cell {
    long double total;      /* of the values, in the target's unit */
    int64_t n;              /* rows measured */
    int64_t unknown;        /* rows left out: no value, a negative one, `to` before `from` */
    sa_chk_samples samples; /* median only: the values in sample units */
} sa_chk_stat_cell;

typedef struct sa_chk_stat_acc {
    sa_date from, to;
    size_t nperiods;
    sa_chk_stat_cell *p;
    bool keep_samples;
    int64_t where_unknown;
    int64_t undated;
    sa_chk_exset ex;
} sa_chk_stat_acc;

/* How the figure of one group of cells reads: the kind's own computation. */
/* The figure of a group of rows in the target's unit (samples: their values;
 * total and n: their sum in the target's unit and count; factor: target
 * units per sample unit). False when there is none. *out is the figure and
 * *high the most it can be: equal when exact, above when read from the
 * histogram (the figure is then the least it can be). */
typedef bool (*sa_chk_stat_figure)(sa_chk_samples *samples, long double total, int64_t n, double factor,
                                   double *out, double *high);

void *sa_chk_stat_new(const sa_chk_req *cr, sa_date from, sa_date to, bool keep_samples);
void sa_chk_stat_free(void *acc);
void sa_chk_stat_row(void *acc, const sa_chk_req *cr, sa_chk_local *loc, const sa_row *row,
                     const sa_stat_value *v);
void sa_chk_stat_merge(void *dst, const void *src, const sa_chk_req *cr);
/** Target units per sample unit: 1/1000 for decimals (kept in thousandths),
 *  86 400 for days between dates (seconds), else 1. */
double sa_chk_stat_factor(const sa_chk_req *cr, const sa_stat_value *v);
/** Scores the periods and the pooled figure ("median" or "mean" in the words). */
void sa_chk_stat_finish(void *acc, sa_chk_final *fin, const sa_stat_value *v, const char *what,
                        sa_chk_stat_figure figure);
const char *sa_chk_stat_prepare(const sa_stat_value *v);

#endif
