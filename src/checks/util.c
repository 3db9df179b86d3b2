/* util.c — helpers shared by the check kinds: reporting periods, interval
 * sets, bounded example sets, percentile samples, verdict folding, and the
 * scoring of shares of cases (periods, pooling, Wilson intervals). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/checks_internal.h"
#include "core/regex.h"
#include "core/strmap.h"
#include "core/alloc.h"

/* ---- periods ------------------------------------------------------------------ */

static sa_date year_start(sa_date d)
{
    int y, m;
    sa_date_to_ymd(d, &y, &m, NULL);
    sa_date out;
    sa_date_from_ymd(m >= 4 ? y : y - 1, 4, 1, &out);
    return out;
}

static sa_date period_start(sa_per per, sa_date d, sa_date anchor)
{
    switch (per) {
    case SA_PER_WEEK: return sa_date_week_start(d);
    case SA_PER_FORTNIGHT: {
        sa_date a = sa_date_week_start(anchor);
        sa_date off = d - a;
        sa_date k = off >= 0 ? off / 14 : -((-off + 13) / 14);
        return a + k * 14;
    }
    case SA_PER_MONTH: return sa_date_month_start(d);
    case SA_PER_QUARTER: return sa_date_quarter_start(d);
    case SA_PER_YEAR: return year_start(d);
    default: return anchor;
    }
}

static sa_date period_next(sa_per per, sa_date start)
{
    switch (per) {
    case SA_PER_WEEK: return start + 7;
    case SA_PER_FORTNIGHT: return start + 14;
    case SA_PER_MONTH: return sa_date_add_months(start, 1);
    case SA_PER_QUARTER: return sa_date_add_months(start, 3);
    case SA_PER_YEAR: return sa_date_add_months(start, 12);
    default: return INT32_MAX;
    }
}

bool sa_period_grid_partial(const sa_period_grid *grid, size_t i)
{
    if (grid->per == SA_PER_PERIOD || i >= grid->n)
        return false;
    sa_date start = period_start(grid->per, grid->from[i], grid->anchor);
    return grid->from[i] != start || grid->to[i] != period_next(grid->per, start) - 1;
}

sa_date sa_period_grid_full_start(const sa_period_grid *grid, size_t i)
{
    if (i >= grid->n)
        return SA_DATE_NONE;
    if (grid->per == SA_PER_PERIOD)
        return grid->from[i];
    return period_start(grid->per, grid->from[i], grid->anchor);
}

sa_date sa_period_grid_full_end(const sa_period_grid *grid, size_t i)
{
    if (i >= grid->n)
        return SA_DATE_NONE;
    if (grid->per == SA_PER_PERIOD)
        return grid->to[i];
    sa_date next = period_next(grid->per, period_start(grid->per, grid->from[i], grid->anchor));
    return next == INT32_MAX ? grid->to[i] : next - 1;
}

const char *sa_per_plural(sa_per per)
{
    switch (per) {
    case SA_PER_WEEK: return "weeks";
    case SA_PER_FORTNIGHT: return "fortnights";
    case SA_PER_MONTH: return "months";
    case SA_PER_QUARTER: return "quarters";
    case SA_PER_YEAR: return "years";
    default: return "periods";
    }
}

void sa_period_grid_build(sa_period_grid *grid, sa_per per, sa_date from, sa_date to)
{
    sa_period_grid_build_anchored(grid, per, from, to, from);
}

void sa_period_grid_build_anchored(sa_period_grid *grid, sa_per per, sa_date from, sa_date to, sa_date anchor)
{
    memset(grid, 0, sizeof *grid);
    grid->per = per;
    /* Only fortnights need an anchor; the whole-range period always starts at `from`. */
    grid->anchor = per == SA_PER_FORTNIGHT && anchor != SA_DATE_NONE ? anchor : from;
    if (from == SA_DATE_NONE || to == SA_DATE_NONE || to < from)
        return;
    size_t cap = 16;
    grid->from = sa_xrealloc(NULL, cap * sizeof *grid->from);
    grid->to = sa_xrealloc(NULL, cap * sizeof *grid->to);
    sa_date s = period_start(per, from, grid->anchor);
    while (s <= to) {
        sa_date next = period_next(per, s);
        if (grid->n == cap) {
            cap *= 2;
            grid->from = sa_xrealloc(grid->from, cap * sizeof *grid->from);
            grid->to = sa_xrealloc(grid->to, cap * sizeof *grid->to);
        }
        grid->from[grid->n] = s < from ? from : s;
        grid->to[grid->n] = (next == INT32_MAX || next - 1 > to) ? to : next - 1;
        grid->n++;
        if (next == INT32_MAX)
            break;
        s = next;
    }
    /* Every row looks up its period: a table by day makes that one load for any
     * realistic range (up to ~180 years, 256 KiB). */
    if (grid->n > 0 && (int64_t)grid->to[grid->n - 1] - grid->from[0] < (1 << 16)) {
        size_t days = (size_t)(grid->to[grid->n - 1] - grid->from[0]) + 1;
        grid->by_day = sa_xrealloc(NULL, days * sizeof *grid->by_day);
        grid->day0 = grid->from[0];
        grid->ndays = days;
        for (size_t i = 0; i < grid->n; i++)
            for (sa_date d = grid->from[i]; d <= grid->to[i]; d++)
                grid->by_day[d - grid->from[0]] = (int32_t)i;
    }
}

void sa_period_grid_free(sa_period_grid *grid)
{
    free(grid->from);
    free(grid->to);
    free(grid->by_day);
    memset(grid, 0, sizeof *grid);
}

/* A grid too long for its table by day (sa_period_grid_find): binary search. */
long sa_period_grid_search(const sa_period_grid *grid, sa_date date)
{
    size_t lo = 0, hi = grid->n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (grid->from[mid] <= date)
            lo = mid;
        else
            hi = mid;
    }
    return (long)lo;
}

/* ---- the London clock by day ------------------------------------------------------------ */

void sa_chk_clock_build(sa_chk_clock *c, sa_date from, sa_date to, sa_arena *arena)
{
    memset(c, 0, sizeof *c);
    if (from == SA_DATE_NONE || to == SA_DATE_NONE || to < from || (int64_t)to - from >= (1 << 16))
        return;
    c->from = from;
    c->ndays = (size_t)(to - from) + 1;
    c->shift = sa_arena_alloc(arena, c->ndays);
    for (size_t i = 0; i < c->ndays; i++) {
        sa_datetime first = sa_datetime_make(from + (sa_date)i, 0);
        int64_t a = first - sa_london_to_utc(first);
        int64_t b = first + 86399 - sa_london_to_utc(first + 86399);
        c->shift[i] = a != b ? 2 : (uint8_t)(a / 3600);
    }
}

/* ---- interval sets -------------------------------------------------------------------- */

void sa_ivset_init(sa_ivset *s)
{
    memset(s, 0, sizeof *s);
}

void sa_ivset_free(sa_ivset *s)
{
    free(s->v);
    memset(s, 0, sizeof *s);
}

static int cmp_iv(const void *a, const void *b)
{
    const int64_t *x = a, *y = b;
    if (x[0] != y[0])
        return x[0] < y[0] ? -1 : 1;
    return (x[1] > y[1]) - (x[1] < y[1]);
}

void sa_ivset_compact(sa_ivset *s)
{
    if (s->n > 1) {
        qsort(s->v, s->n, 2 * sizeof(int64_t), cmp_iv);
        size_t w = 0;
        for (size_t i = 1; i < s->n; i++) {
            if (s->v[2 * i] <= s->v[2 * w + 1]) {
                if (s->v[2 * i + 1] > s->v[2 * w + 1])
                    s->v[2 * w + 1] = s->v[2 * i + 1];
            } else {
                w++;
                s->v[2 * w] = s->v[2 * i];
                s->v[2 * w + 1] = s->v[2 * i + 1];
            }
        }
        s->n = w + 1;
    }
    s->compact_n = s->n;
}

void sa_ivset_add(sa_ivset *s, int64_t start, int64_t end)
{
    if (end <= start)
        return;
    if (s->n == s->cap) {
        /* Compact before growing: a rota repeating the same shifts stays small. */
        if (s->n > 0 && s->n >= 2 * s->compact_n + 64)
            sa_ivset_compact(s);
        if (s->n == s->cap) {
            s->cap = s->cap ? s->cap * 2 : 64;
            s->v = sa_xrealloc(s->v, s->cap * 2 * sizeof(int64_t));
        }
    }
    s->v[2 * s->n] = start;
    s->v[2 * s->n + 1] = end;
    s->n++;
}

void sa_ivset_merge(sa_ivset *dst, const sa_ivset *src)
{
    for (size_t i = 0; i < src->n; i++)
        sa_ivset_add(dst, src->v[2 * i], src->v[2 * i + 1]);
}

int64_t sa_ivset_covered(const sa_ivset *s, int64_t start, int64_t end)
{
    if (end <= start || s->n == 0)
        return 0;
    /* First interval whose end is after start (intervals sorted and disjoint). */
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->v[2 * mid + 1] <= start)
            lo = mid + 1;
        else
            hi = mid;
    }
    int64_t total = 0;
    for (size_t i = lo; i < s->n && s->v[2 * i] < end; i++) {
        int64_t a = s->v[2 * i] > start ? s->v[2 * i] : start;
        int64_t b = s->v[2 * i + 1] < end ? s->v[2 * i + 1] : end;
        if (b > a)
            total += b - a;
    }
    return total;
}

/* ---- example sets ----------------------------------------------------------------------- */

void sa_chk_exset_init(sa_chk_exset *s, size_t max)
{
    memset(s, 0, sizeof *s);
    s->max = max;
}

void sa_chk_exset_free(sa_chk_exset *s)
{
    free(s->items);
    memset(s, 0, sizeof *s);
}

static int ex_cmp(const char *file, uint64_t row, int code, int64_t a, const sa_chk_example *e)
{
    /* Examples without a file (e.g. a week with no meeting) sort after file rows. */
    if (file != e->file) {
        if (!file)
            return 1;
        if (!e->file)
            return -1;
        int c = strcmp(file, e->file);
        if (c)
            return c;
    }
    if (row != e->row)
        return row < e->row ? -1 : 1;
    if (code != e->code)
        return code < e->code ? -1 : 1;
    if (a != e->a)
        return a < e->a ? -1 : 1;
    return 0;
}

sa_chk_example *sa_chk_exset_offer(sa_chk_exset *s, const char *file, uint64_t row, int code,
                                   int64_t a)
{
    s->total++;
    if (s->max == 0)
        return NULL;
    if (s->n == s->max && ex_cmp(file, row, code, a, &s->items[s->n - 1]) >= 0)
        return NULL;
    if (!s->items)
        s->items = sa_xrealloc(NULL, s->max * sizeof *s->items);
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ex_cmp(file, row, code, a, &s->items[mid]) >= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t keep = s->n < s->max ? s->n : s->max - 1;
    memmove(&s->items[lo + 1], &s->items[lo], (keep - lo) * sizeof *s->items);
    if (s->n < s->max)
        s->n++;
    sa_chk_example *e = &s->items[lo];
    memset(e, 0, sizeof *e);
    e->file = file;
    e->row = row;
    e->code = code;
    e->a = a;
    return e;
}

void sa_chk_exset_merge(sa_chk_exset *dst, const sa_chk_exset *src)
{
    uint64_t total = dst->total + src->total;
    for (size_t i = 0; i < src->n; i++) {
        const sa_chk_example *e = &src->items[i];
        sa_chk_example *slot = sa_chk_exset_offer(dst, e->file, e->row, e->code, e->a);
        if (slot)
            *slot = *e;
    }
    dst->total = total;
}

void sa_chk_copy_cell(char *out, size_t out_size, const sa_value *v, const sa_column *col,
                      bool show_identifiers)
{
    out[0] = '\0';
    if (!v || v->kind != SA_VAL_STRING)
        return;
    if (col && col->identifier && !show_identifiers) {
        sa_mask_cell(col, v->as.str.ptr, v->as.str.len, out, out_size);
        return;
    }
    size_t n = v->as.str.len < out_size - 1 ? v->as.str.len : out_size - 1;
    /* Do not cut a UTF-8 sequence in half. */
    if (n < v->as.str.len)
        while (n > 0 && ((unsigned char)v->as.str.ptr[n] & 0xC0) == 0x80)
            n--;
    memcpy(out, v->as.str.ptr, n);
    out[n] = '\0';
}

/* ---- samples ------------------------------------------------------------------------------ */

#define HIST_LINEAR 256
#define HIST_SUB 128
#define HIST_BUCKETS (HIST_LINEAR + 56 * HIST_SUB)
/* The histogram is allocated a chunk of HIST_SUB buckets at a time, on first
 * use: response times span a few powers of two, so a group holds a handful
 * of 1 KiB chunks instead of all 58. */
#define HIST_CHUNKS (HIST_BUCKETS / HIST_SUB)

static size_t hist_bucket(int64_t v)
{
    if ((uint64_t)v < HIST_LINEAR) /* the usual case first: one comparison */
        return (size_t)v;
    if (v < 0)
        return 0;
    int e = 63 - __builtin_clzll((unsigned long long)v); /* >= 8 */
    uint64_t mant = ((uint64_t)v >> (e - 7)) & (HIST_SUB - 1);
    size_t b = HIST_LINEAR + (size_t)(e - 8) * HIST_SUB + (size_t)mant;
    return b < HIST_BUCKETS ? b : HIST_BUCKETS - 1;
}

/* The smallest value of bucket b: a percentile read from the histogram is never above the exact one. */
static int64_t hist_value(size_t b)
{
    if (b < HIST_LINEAR)
        return (int64_t)b;
    size_t e = (b - HIST_LINEAR) / HIST_SUB + 8;
    uint64_t mant = (b - HIST_LINEAR) % HIST_SUB;
    return (int64_t)(((uint64_t)HIST_SUB | mant) << (e - 7));
}

/* The chunk of bucket b, allocated at its first value (out of line: a few times a group). */
static __attribute__((noinline)) uint64_t *hist_chunk_new(sa_chk_samples *s, size_t b)
{
    return s->hist[b / HIST_SUB] = sa_xcalloc(HIST_SUB, sizeof *s->hist[0]);
}

/* Counts n values into bucket b, not into hist_n (the caller adds its batch at once). */
static inline void hist_add(sa_chk_samples *s, size_t b, uint64_t n)
{
    uint64_t *chunk = s->hist[b / HIST_SUB]; /* s->hist is reloaded: a count may alias it */
    if (!chunk)
        chunk = hist_chunk_new(s, b);
    chunk[b % HIST_SUB] += n;
}

static void hist_count(sa_chk_samples *s, size_t b, uint64_t n)
{
    hist_add(s, b, n);
    s->hist_n += n;
}

void sa_chk_samples_init(sa_chk_samples *s)
{
    memset(s, 0, sizeof *s);
}

void sa_chk_samples_free(sa_chk_samples *s)
{
    free(s->v);
    if (s->hist)
        for (size_t c = 0; c < HIST_CHUNKS; c++)
            free(s->hist[c]);
    free(s->hist);
    memset(s, 0, sizeof *s);
}

/* Counts the values in v into the histogram and empties v. The first time, it starts the
 * histogram and frees the exact samples' v (the pending values get a smaller one). */
static void fold(sa_chk_samples *s)
{
    bool start = !s->hist;
    if (start)
        s->hist = sa_xcalloc(HIST_CHUNKS, sizeof *s->hist);
    /* Locals, so that the counts' stores (which might alias *s) do not reload them. */
    const int64_t *v = s->v;
    size_t n = s->n;
    for (size_t i = 0; i < n; i++)
        hist_add(s, hist_bucket(v[i]), 1);
    s->hist_n += n;
    s->n = 0;
    if (start) {
        free(s->v);
        s->v = NULL;
        s->cap = 0;
    }
}

void sa_chk_samples_add_slow(sa_chk_samples *s, int64_t value)
{
    /* The 2049th value of a group starts its histogram; later ones reach here when
     * the pending values fill v. */
    if (s->hist || s->n == SA_CHK_SAMPLE_CAP)
        fold(s);
    if (s->n == s->cap) {
        s->cap = s->hist ? SA_CHK_SAMPLE_PENDING : s->cap ? s->cap * 2 : 16;
        s->v = sa_xrealloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n++] = value;
    s->sorted = false;
}

void sa_chk_samples_merge(sa_chk_samples *dst, const sa_chk_samples *src)
{
    if (src->hist) {
        if (!dst->hist)
            fold(dst);
        for (size_t c = 0; c < HIST_CHUNKS; c++)
            if (src->hist[c])
                for (size_t k = 0; k < HIST_SUB; k++)
                    if (src->hist[c][k])
                        hist_count(dst, c * HIST_SUB + k, src->hist[c][k]);
        for (size_t i = 0; i < src->n; i++)
            hist_count(dst, hist_bucket(src->v[i]), 1);
        return;
    }
    for (size_t i = 0; i < src->n; i++)
        sa_chk_samples_add(dst, src->v[i]);
}

uint64_t sa_chk_samples_count(const sa_chk_samples *s)
{
    return s->hist ? s->hist_n + s->n : s->n;
}

/* The nearest rank of percentile p among n values: ceil(p/100 * n), 1 to n. */
static uint64_t nearest_rank(double p, uint64_t n)
{
    /* Nearest rank: ceil(p/100 * n), at least 1. Integer arithmetic on p*100
     * avoids 0.9*10 = 8.999... rounding up to the wrong rank. */
    uint64_t pp = (uint64_t)(p * 100.0 + 0.5);
    uint64_t rank = (pp * n + 9999) / 10000;
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return rank;
}

/* Sorts by LSD radix on the offsets from the minimum, one pass per byte of the
 * range actually used (response times rarely need more than three): linear,
 * and immune to inputs that make comparison sorts slow. */
static void sort_i64(int64_t *v, size_t n)
{
    if (n < 2)
        return;
    int64_t lo = v[0], hi = v[0];
    for (size_t i = 1; i < n; i++) {
        if (v[i] < lo)
            lo = v[i];
        if (v[i] > hi)
            hi = v[i];
    }
    uint64_t range = (uint64_t)hi - (uint64_t)lo;
    if (range == 0)
        return;
    int64_t *tmp = sa_xrealloc(NULL, n * sizeof *tmp);
    int64_t *src = v, *dst = tmp;
    for (unsigned shift = 0; shift < 64 && (range >> shift) != 0; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[((((uint64_t)src[i] - (uint64_t)lo) >> shift) & 0xFF) + 1]++;
        for (size_t b = 1; b <= 256; b++)
            count[b] += count[b - 1];
        for (size_t i = 0; i < n; i++)
            dst[count[(((uint64_t)src[i] - (uint64_t)lo) >> shift) & 0xFF]++] = src[i];
        int64_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != v)
        memcpy(v, src, n * sizeof *v);
    free(tmp);
}

bool sa_chk_samples_percentile(sa_chk_samples *s, double p, int64_t *out)
{
    uint64_t n = sa_chk_samples_count(s);
    return n && sa_chk_samples_rank(s, nearest_rank(p, n), out);
}

bool sa_chk_samples_rank(sa_chk_samples *s, uint64_t rank, int64_t *out)
{
    int64_t high;
    return sa_chk_samples_rank_range(s, rank, out, &high);
}

/* The bucket holding the rank-th smallest value (the last when the counts fall short). */
static size_t hist_rank_bucket(const sa_chk_samples *s, uint64_t rank)
{
    uint64_t seen = 0;
    for (size_t c = 0; c < HIST_CHUNKS; c++) {
        for (size_t k = 0; s->hist[c] && k < HIST_SUB; k++) {
            seen += s->hist[c][k];
            if (seen >= rank)
                return c * HIST_SUB + k;
        }
    }
    return HIST_BUCKETS - 1;
}

/* The largest value bucket b holds: one below the next bucket's smallest. */
static int64_t hist_high(size_t b)
{
    return b + 1 < HIST_BUCKETS ? hist_value(b + 1) - 1 : INT64_MAX;
}

bool sa_chk_samples_rank_range(sa_chk_samples *s, uint64_t rank, int64_t *out, int64_t *high)
{
    if (rank == 0 || rank > sa_chk_samples_count(s))
        return false;
    if (!s->hist) {
        if (!s->sorted) {
            sort_i64(s->v, s->n);
            s->sorted = true;
        }
        *out = *high = s->v[rank - 1];
        return true;
    }
    fold(s);
    size_t b = hist_rank_bucket(s, rank);
    *out = hist_value(b);
    *high = hist_high(b);
    return true;
}

/* ---- verdicts -------------------------------------------------------------------------------- */

sa_verdict sa_chk_fold(const sa_period_result *periods, size_t n)
{
    size_t met = 0, not_met = 0, waived = 0, not_in_force = 0;
    for (size_t i = 0; i < n; i++) {
        switch (periods[i].verdict) {
        case SA_VERDICT_NOT_IN_FORCE: not_in_force++; break;
        case SA_VERDICT_MET: met++; break;
        case SA_VERDICT_NOT_MET: not_met++; break;
        case SA_VERDICT_WAIVED: waived++; break;
        case SA_VERDICT_PARTIALLY_MET: met++; not_met++; break;
        default: break;
        }
    }
    if (met + not_met + waived == 0)
        return n && not_in_force == n ? SA_VERDICT_NOT_IN_FORCE : SA_VERDICT_NOT_ASSESSABLE;
    if (not_met == 0)
        return waived ? SA_VERDICT_WAIVED : SA_VERDICT_MET;
    if (met + waived == 0)
        return SA_VERDICT_NOT_MET;
    return SA_VERDICT_PARTIALLY_MET;
}

/* ---- helpers for kinds ----------------------------------------------------------------------- */

void sa_chk_example_key(sa_chk_example *ex, const sa_chk_req *cr, const sa_row *row)
{
    const sa_dataset *ds = row->file ? row->file->dataset : cr->check->dataset;
    if (!ds || ds->nkey == 0)
        return;
    int col = sa_dataset_find_column(ds, ds->key[0]);
    const sa_value *v = sa_chk_cell(row, col);
    if (!v)
        return;
    char tmp[sizeof ex->text - 16];
    if (v->kind == SA_VAL_STRING) {
        sa_chk_copy_cell(tmp, sizeof tmp, v, &ds->columns[col], cr->show_identifiers);
    } else if (v->kind == SA_VAL_INT) {
        snprintf(tmp, sizeof tmp, "%lld", (long long)v->as.i);
    } else {
        return;
    }
    snprintf(ex->text, sizeof ex->text, "%s %s", ds->key[0], tmp);
}

/* Distinct titles cached per thread; past this many, titles are matched uncached. */
#define ROLE_CACHE_MAX 4096

static int match_title(sa_chk_local *loc, const sa_spec *spec, const char *title, size_t len)
{
    uintptr_t v;
    if (loc->role_cache && sa_strmap_get(loc->role_cache, title, len, &v))
        return (int)v - 2;
    int ri = sa_spec_match_role(spec, title, len, loc->match_data);
    if (!loc->role_cache)
        loc->role_cache = sa_strmap_new(64);
    if (sa_strmap_size(loc->role_cache) < ROLE_CACHE_MAX)
        sa_strmap_put(loc->role_cache, title, len, (uintptr_t)(ri + 2));
    return ri;
}

bool sa_chk_role_set(sa_chk_req *cr, const char *const *names, size_t n, uint64_t *set, sa_arena *arena)
{
    for (size_t k = 0; k < n; k++) {
        const sa_role *role = sa_spec_find_role(cr->spec, names[k]);
        if (!role) {
            cr->error = sa_arena_printf(arena, "role '%s' is not defined in the specification", names[k]);
            return false;
        }
        sa_chk_role_add(set, (int)(role - cr->spec->roles));
    }
    return true;
}

int sa_chk_match_role(sa_chk_local *loc, const sa_chk_req *cr, const sa_row *row, const sa_value *title)
{
    const char *column = cr->role_column;
    sa_pos pos = {row->file->path, (uint32_t)(row->record > UINT32_MAX ? UINT32_MAX : row->record), 0};
    if (title->as.str.len > SA_ROLE_TITLE_MAX) {
        if (loc->diags)
            sa_diags_warning(loc->diags, "W-RET-TITLE-TOO-LONG", pos,
                             "column %s: a job title of %u bytes is matched against no role (at most %d)",
                             column, (unsigned)title->as.str.len, SA_ROLE_TITLE_MAX);
        return -1;
    }
    int ri = match_title(loc, cr->spec, title->as.str.ptr, title->as.str.len);
    if (ri == SA_ROLE_UNDECIDED && loc->diags)
        sa_diags_error(loc->diags, "E-RET-REGEX-LIMIT", pos,
                       "column %s: a role pattern gave up on this job title at its match limit "
                       "(%d backtracking steps); the row counts for no role",
                       column, SA_REGEX_MATCH_LIMIT);
    return ri;
}

long sa_chk_place(sa_chk_local *loc, const sa_chk_req *cr, const sa_row *row, const sa_colref *at, sa_date from,
                  sa_date to, int64_t *where_unknown)
{
    sa_tri w = sa_chk_where(loc, row);
    if (w != SA_TRI_TRUE) {
        if (w == SA_TRI_UNKNOWN)
            (*where_unknown)++;
        return SA_CHK_SKIP;
    }
    sa_date d;
    if (!sa_chk_value_date(sa_chk_cell(row, at->index), &d))
        return SA_CHK_UNDATED;
    if (d < from || d > to)
        return SA_CHK_SKIP;
    long pi = sa_period_grid_find(&cr->grid, d);
    return pi < 0 ? SA_CHK_SKIP : pi;
}

void sa_chk_format_amount(sa_buf *out, double v, bool seconds)
{
    if (!seconds) {
        char b[64];
        snprintf(b, sizeof b, "%.2f", v);
        size_t n = strlen(b); /* "7.50" -> "7.5", "120.00" -> "120" */
        while (n && b[n - 1] == '0')
            b[--n] = '\0';
        if (n && b[n - 1] == '.')
            b[--n] = '\0';
        sa_buf_puts(out, strcmp(b, "-0") == 0 ? "0" : b);
        return;
    }
    long long m = llround(v / 60.0);
    const char *sign = m < 0 ? "-" : "";
    m = m < 0 ? -m : m;
    if (m >= 60 && m % 60 == 0)
        sa_buf_printf(out, "%s%lldh", sign, m / 60);
    else if (m >= 60)
        sa_buf_printf(out, "%s%lldh %02lldm", sign, m / 60, m % 60);
    else
        sa_buf_printf(out, "%s%lldm", sign, m);
}

size_t sa_chk_periods_for(sa_chk_final *fin, const sa_period_grid *grid, size_t **map)
{
    size_t n = 0;
    for (size_t i = 0; i < grid->n; i++)
        if (grid->to[i] >= fin->from && grid->from[i] <= fin->to)
            n++;
    sa_result *r = fin->r;
    r->periods = n ? sa_arena_calloc(fin->arena, n, sizeof *r->periods) : NULL;
    r->nperiods = n;
    size_t *m = n ? sa_arena_calloc(fin->arena, n, sizeof *m) : NULL;
    size_t k = 0;
    for (size_t i = 0; i < grid->n; i++) {
        if (grid->to[i] < fin->from || grid->from[i] > fin->to)
            continue;
        sa_period_result *p = &r->periods[k];
        p->from = grid->from[i] < fin->from ? fin->from : grid->from[i];
        p->to = grid->to[i] > fin->to ? fin->to : grid->to[i];
        p->verdict = SA_VERDICT_NOT_ASSESSABLE;
        m[k++] = i;
    }
    if (map)
        *map = m;
    return n;
}

void sa_chk_examples_emit(sa_chk_final *fin, const sa_chk_exset *set,
                          void (*fmt)(const sa_chk_example *ex, const sa_chk_req *cr, sa_buf *out))
{
    sa_result *r = fin->r;
    r->examples_total += set->total;
    if (set->n == 0)
        return;
    size_t room = fin->cr->max_examples > r->nexamples ? fin->cr->max_examples - r->nexamples : 0;
    size_t add = set->n < room ? set->n : room;
    if (add == 0)
        return;
    sa_example *ex = sa_arena_calloc(fin->arena, r->nexamples + add, sizeof *ex);
    if (r->nexamples)
        memcpy(ex, r->examples, r->nexamples * sizeof *ex);
    sa_buf b = SA_BUF_INIT;
    for (size_t i = 0; i < add; i++) {
        sa_buf_clear(&b);
        fmt(&set->items[i], fin->cr, &b);
        sa_example *e = &ex[r->nexamples + i];
        e->file = set->items[i].file ? sa_arena_strdup(fin->arena, set->items[i].file) : NULL;
        e->row = set->items[i].row;
        e->message = sa_arena_strdup(fin->arena, sa_buf_cstr(&b));
    }
    sa_buf_free(&b);
    r->examples = ex;
    r->nexamples += add;
}

#define SA_CHK_MAX_METRICS 32

void sa_chk_metric(sa_chk_final *fin, const char *name, const char *label, double value,
                   const char *unit)
{
    sa_result *r = fin->r;
    if (!r->metrics)
        r->metrics = sa_arena_calloc(fin->arena, SA_CHK_MAX_METRICS, sizeof *r->metrics);
    if (r->nmetrics == SA_CHK_MAX_METRICS)
        return;
    sa_metric *m = &r->metrics[r->nmetrics++];
    m->name = name;
    m->label = label;
    m->value = value;
    m->unit = unit;
}

double sa_chk_pct(int64_t num, int64_t den)
{
    return den > 0 ? 100.0 * (double)num / (double)den : 0.0;
}

/* ---- shares of cases ------------------------------------------------------------------------------ */

bool sa_chk_wilson(int64_t num, int64_t den, double *low, double *high)
{
    if (den <= 0 || num < 0 || num > den)
        return false;
    const double z = 1.959963984540054; /* the 97.5th percentile of the normal distribution */
    double n = (double)den, p = (double)num / n, z2 = z * z;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = z * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
    *low = centre - half < 0 ? 0 : 100 * (centre - half);
    *high = centre + half > 1 ? 100 : 100 * (centre + half);
    return true;
}

/* One period of a share: its counts, share, interval and verdict. */
static void share_period(sa_chk_final *fin, sa_period_result *p, const sa_chk_share *c,
                         const sa_chk_share_words *words, int64_t min_den)
{
    p->numerator = c->num;
    p->denominator = c->den;
    p->unknown = c->unknown;
    p->has_measured = c->den > 0;
    p->measured = sa_chk_pct(c->num, c->den);
    p->has_interval = sa_chk_wilson(c->num, c->den, &p->interval_low, &p->interval_high);
    if (c->den == 0) {
        p->verdict = SA_VERDICT_NOT_ASSESSABLE;
        p->note = words->none;
    } else if (c->den < min_den) {
        p->verdict = SA_VERDICT_NOT_ASSESSABLE;
        p->note = sa_arena_printf(fin->arena, words->below, (long long)c->den, (long long)min_den);
    } else {
        p->verdict = sa_target_holds(&fin->target, p->measured) ? SA_VERDICT_MET : SA_VERDICT_NOT_MET;
    }
}

sa_chk_share sa_chk_share_score(sa_chk_final *fin, const sa_chk_share *const *cells,
                                const sa_chk_share_words *words, bool **pooled)
{
    sa_result *r = fin->r;
    const sa_check *ck = fin->cr->check;
    int64_t min_den = ck->min_denominator > 0 ? ck->min_denominator : 1;
    bool overall = ck->assess == SA_ASSESS_OVERALL, any_assessed = false;
    for (size_t k = 0; k < r->nperiods; k++) {
        share_period(fin, &r->periods[k], cells[k], words, min_den);
        any_assessed = any_assessed || r->periods[k].verdict != SA_VERDICT_NOT_ASSESSABLE;
    }
    bool *in = r->nperiods ? sa_arena_calloc(fin->arena, r->nperiods, sizeof *in) : NULL;
    sa_chk_share sum = {0, 0, 0, 0};
    for (size_t k = 0; k < r->nperiods; k++) {
        in[k] = overall || !any_assessed || r->periods[k].verdict != SA_VERDICT_NOT_ASSESSABLE;
        if (!in[k])
            continue;
        sum.num += cells[k]->num;
        sum.den += cells[k]->den;
        sum.unknown += cells[k]->unknown;
        sum.excluded += cells[k]->excluded;
    }
    r->numerator = sum.num;
    r->denominator = sum.den;
    r->unknown = sum.unknown;
    r->excluded_rows = sum.excluded;
    r->measured_unit = "%";
    r->has_measured = sum.den > 0;
    r->measured = sa_chk_pct(sum.num, sum.den);
    r->has_interval = sa_chk_wilson(sum.num, sum.den, &r->interval_low, &r->interval_high);
    fin->pooled_too_few = overall && sum.den > 0 && sum.den < min_den;
    if (fin->pooled_too_few)
        r->reason = sa_arena_printf(fin->arena, "%lld cases over the range assessed, below the minimum of %lld",
                                    (long long)sum.den, (long long)min_den);
    if (pooled)
        *pooled = in;
    return sum;
}

void sa_chk_share_counts(sa_buf *out, const sa_result *r)
{
    sa_buf_printf(out, " (%lld/%lld", (long long)r->numerator, (long long)r->denominator);
    if (r->has_interval)
        sa_buf_printf(out, "; 95%% CI %.1f-%.1f%%", r->interval_low, r->interval_high);
    sa_buf_putc(out, ')');
}

sa_verdict sa_chk_judge(const sa_target *t, double low, double high)
{
    int settled = sa_target_settles(t, low, high);
    return settled > 0 ? SA_VERDICT_MET : settled == 0 ? SA_VERDICT_NOT_MET : SA_VERDICT_NOT_ASSESSABLE;
}

void sa_chk_note_unsettled(sa_result *r, size_t unsettled)
{
    if (!unsettled)
        return;
    for (size_t k = 0; k < r->nperiods; k++)
        if (r->periods[k].verdict == SA_VERDICT_MET || r->periods[k].verdict == SA_VERDICT_NOT_MET)
            return;
    r->reason = SA_CHK_UNSETTLED;
}

sa_verdict sa_chk_assess_overall(const sa_chk_final *fin, const sa_effective_req *er)
{
    sa_result *r = fin->r;
    if (!r->has_measured || fin->pooled_too_few)
        return SA_VERDICT_NOT_ASSESSABLE;
    sa_verdict v = fin->bounded ? sa_chk_judge(&fin->target, fin->low, fin->high)
                                : sa_chk_judge(&fin->target, r->measured, r->measured);
    if (v == SA_VERDICT_NOT_ASSESSABLE)
        r->reason = SA_CHK_UNSETTLED;
    if (v != SA_VERDICT_NOT_MET)
        return v;
    if (er && er->waiver && sa_effective_req_waived(er, fin->from, fin->to))
        return SA_VERDICT_WAIVED;
    return SA_VERDICT_NOT_MET;
}
