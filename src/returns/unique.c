/*
 * unique.c — finds repeated values of `unique` columns in flat memory.
 *
 * Each value is kept only as an entry (64-bit hash, row, column). Entries
 * fill a fixed buffer; a full buffer is copied into a second one ordered by
 * slice of the hash space (a counting pass, then a pass through cache-line
 * staging) and written to a temporary file as a run. The last
 * buffer, and the buffer of a set joined from another thread while the runs
 * held in memory stay within one buffer's worth, are kept in memory as runs
 * instead: below a buffer's worth of rows a thread writes nothing. At the end
 * of the file each slice is gathered from every run and radix-sorted in
 * cache (or, past about 130 M rows, the runs are merged a sorted slice at a
 * time), and equal hashes of the same column name the repeated rows. Memory
 * is at most a few buffers (and, for a merge, a slice per run), whatever the
 * number of rows; a
 * hash table of the values would grow by 8 or more bytes a row instead, and
 * be probed at random (a cache miss a row).
 *
 * Two different values share a 64-bit hash with probability about
 * n^2 / 2^65 in a file of n rows (10^-6 at five million rows).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "returns/returns_private.h"
#include "core/alloc.h"

#define RECORD_BITS 47
#define RECORD_MASK ((1ULL << RECORD_BITS) - 1)
#define ROW_BAD_BIT (1ULL << RECORD_BITS)

typedef struct entry {
    uint64_t hash;
    uint64_t meta; /* record (47 bits) | row_bad (1 bit) | column (16 bits) */
} entry;

/* A run is ordered by the top bits of the hash, SLICES consecutive ranges
 * (unordered within); reading slice s of every run gives all the entries of
 * that part of the hash space, small enough to sort in memory. */
#define SLICE_BITS 8
#define SLICES (1u << SLICE_BITS)

typedef struct run {
    entry *mem;      /* the entries when held in memory (owned by the set), else NULL */
    int fd;          /* else the temporary file holding it (runs joined from other threads have their own) */
    uint64_t offset; /* entries into that file */
    uint64_t count;
    uint32_t slice[SLICES + 1]; /* first entry of each slice within the run */
} run;

struct ret_unique {
    entry *buf;
    entry *out;   /* a full buffer ordered by slice before it is written; NULL until one is */
    size_t n;
    size_t alloc; /* entries allocated in buf: grows by doubling up to cap */
    size_t cap;   /* entries per run */
    FILE *spill;  /* NULL until the first run is written */
    FILE **joined; /* temporary files of the runs joined from others */
    size_t njoined;
    ret_dup_across_fn across; /* set: repeats across columns (files), earliest first */
    run *runs;
    size_t nruns;
    uint64_t in_memory; /* entries of the runs held in memory */
    uint64_t spilled;
    bool failed;
};

ret_unique *ret_unique_new(size_t run_entries)
{
    ret_unique *u = sa_xcalloc(1, sizeof *u);
    u->cap = run_entries ? run_entries : RET_UNIQUE_RUN;
    if (u->cap > UINT32_MAX) /* slice bounds within a run are 32-bit */
        u->cap = UINT32_MAX;
    /* Start small: most returns are far smaller than one run. */
    u->alloc = u->cap < 4096 ? u->cap : 4096;
    u->buf = sa_xrealloc(NULL, u->alloc * sizeof *u->buf);
    return u;
}

/* Entries are ordered by the top 32 bits of their hash (the sort key); equal
 * full hashes are therefore adjacent within a group of equal keys, and a group
 * is checked pairwise. Sorting 32 bits instead of 64 halves the passes. */
static inline uint32_t sort_key(const entry *e)
{
    return (uint32_t)(e->hash >> 32);
}

/* Stable insertion sort by sort_key, in place: below RADIX_MIN entries it beats three
 * passes over the counters (most slices of a small return hold none or a few). */
#define RADIX_MIN 48
static entry *insertion_sort(entry *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        entry e = a[i];
        size_t j = i;
        for (; j > 0 && sort_key(&a[j - 1]) > sort_key(&e); j--)
            a[j] = a[j - 1];
        a[j] = e;
    }
    return a;
}

/* Stable LSD radix sort of a[0..n) by the low `bits` (24 or 32) of sort_key, in three passes
 * through `scratch`: 11 bits a pass for a run, 8 for a slice, whose top 8 bits are all equal
 * (and which is small: clearing and summing 2048 counters three times would cost more than
 * its entries). Three passes leave the sorted entries in `scratch`, which is returned; fewer than
 * RADIX_MIN entries are sorted in place and `a` is returned. */
static entry *radix_sort(entry *a, entry *scratch, size_t n, unsigned bits)
{
    if (n < RADIX_MIN)
        return insertion_sort(a, n);
    size_t count[2048];
    const unsigned digit = (bits + 2) / 3, buckets = 1u << digit, mask = buckets - 1;
    entry *src = a, *dst = scratch;
    for (unsigned shift = 0; shift < 3 * digit; shift += digit) {
        memset(count, 0, buckets * sizeof count[0]);
        for (size_t i = 0; i < n; i++)
            count[(sort_key(&src[i]) >> shift) & mask]++;
        size_t sum = 0;
        for (size_t k = 0; k < buckets; k++) {
            size_t c = count[k];
            count[k] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[count[(sort_key(&src[i]) >> shift) & mask]++] = src[i];
        entry *t = src;
        src = dst;
        dst = t;
    }
    return src;
}

static inline unsigned slice_of(const entry *e)
{
    return sort_key(e) >> (32 - SLICE_BITS);
}

/* Slice bounds within a run from the count of entries of each slice. */
static void mark_slices(run *r, const size_t count[SLICES])
{
    uint32_t sum = 0;
    for (unsigned sl = 0; sl < SLICES; sl++) {
        r->slice[sl] = sum;
        sum += (uint32_t)count[sl];
    }
    r->slice[SLICES] = sum;
}

static void count_slices(const entry *a, size_t n, size_t count[SLICES])
{
    memset(count, 0, SLICES * sizeof count[0]);
    for (size_t i = 0; i < n; i++)
        count[slice_of(&a[i])]++;
}

/*
 * Orders a[0..n) by slice (the top SLICE_BITS of the hash), in place: each
 * entry moved straight to its slice's next free place, the one it displaces
 * moved on in turn (American flag sort). Only for the last buffer of a set
 * that never filled one: it is small, and no second buffer is needed.
 */
static void partition_in_place(entry *a, const size_t count[SLICES])
{
    size_t next[SLICES], end[SLICES];
    for (size_t sl = 0, sum = 0; sl < SLICES; sl++) {
        next[sl] = sum;
        sum += count[sl];
        end[sl] = sum;
    }
    for (unsigned sl = 0; sl < SLICES; sl++) {
        while (next[sl] < end[sl]) {
            entry e = a[next[sl]];
            for (unsigned t = slice_of(&e); t != sl; t = slice_of(&e)) {
                entry displaced = a[next[t]];
                a[next[t]++] = e;
                e = displaced;
            }
            a[next[sl]++] = e;
        }
    }
}

/*
 * Copies a[0..n) into out ordered by slice. A run needs no more order, since
 * each slice is sorted when it is read back, small enough to stay in cache.
 * The input is read in order and each entry goes first to a cache line of
 * its slice's (16 KiB in all, held in L1), copied out whole when full: the
 * writes to a full run's 256 destinations then go a line at a time instead
 * of one entry at a time into lines long evicted (the in-place partition of
 * a full run took a cache miss or two an entry).
 */
#define LINE_ENTRIES (64 / sizeof(entry))
static void partition_into(const entry *a, size_t n, entry *out, const size_t count[SLICES])
{
    entry line[SLICES][LINE_ENTRIES] __attribute__((aligned(64)));
    size_t next[SLICES];
    unsigned fill[SLICES] = {0};
    for (size_t sl = 0, sum = 0; sl < SLICES; sl++) {
        next[sl] = sum;
        sum += count[sl];
    }
    for (size_t i = 0; i < n; i++) {
        unsigned t = slice_of(&a[i]);
        line[t][fill[t]++] = a[i];
        if (fill[t] == LINE_ENTRIES) {
            memcpy(out + next[t], line[t], sizeof line[t]);
            next[t] += LINE_ENTRIES;
            fill[t] = 0;
        }
    }
    for (unsigned t = 0; t < SLICES; t++)
        memcpy(out + next[t], line[t], fill[t] * sizeof(entry));
}

/* An anonymous temporary file in $TMPDIR (default /tmp), unlinked at once so
 * nothing is left behind whatever happens to the process. */
static FILE *spill_open(void)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    char path[4096];
    if (snprintf(path, sizeof path, "%s/specaudit-unique-XXXXXX", dir) >= (int)sizeof path)
        return NULL;
    int fd = mkstemp(path); /* created 0600, exclusively */
    if (fd < 0)
        return NULL;
    unlink(path);
    FILE *f = fdopen(fd, "w+");
    if (!f)
        close(fd);
    return f;
}

/* A new run of the buffer's n entries, with `count` entries in each slice. */
static run *add_run(ret_unique *u, const size_t count[SLICES])
{
    if (u->nruns % 16 == 0)
        u->runs = sa_xrealloc(u->runs, (u->nruns + 16) * sizeof *u->runs);
    run *r = &u->runs[u->nruns++];
    memset(r, 0, sizeof *r);
    r->count = u->n;
    mark_slices(r, count);
    return r;
}

/* The buffer as a run on disk, written from the second buffer; the buffer is empty again. */
static void write_run(ret_unique *u)
{
    if (u->failed || u->n == 0)
        return;
    if (!u->spill) {
        u->spill = spill_open();
        if (!u->spill) {
            u->failed = true;
            return;
        }
    }
    if (!u->out) /* kept for every run after: its pages are faulted in once */
        u->out = sa_xrealloc(NULL, u->cap * sizeof *u->out);
    size_t count[SLICES];
    count_slices(u->buf, u->n, count);
    partition_into(u->buf, u->n, u->out, count);
    if (fwrite(u->out, sizeof *u->out, u->n, u->spill) != u->n) {
        u->failed = true;
        return;
    }
    run *r = add_run(u, count);
    r->fd = fileno(u->spill);
    r->offset = u->spilled;
    u->spilled += u->n;
    u->n = 0;
}

/* The buffer as a run held in memory (the second buffer when there is one); a later
 * entry starts a new buffer. */
static void keep_run(ret_unique *u)
{
    if (u->failed || u->n == 0)
        return;
    size_t count[SLICES];
    count_slices(u->buf, u->n, count);
    entry *mem = u->buf;
    if (u->out) {
        partition_into(u->buf, u->n, u->out, count);
        mem = u->out;
        free(u->buf);
        u->out = NULL;
    } else {
        partition_in_place(u->buf, count);
    }
    add_run(u, count)->mem = mem;
    u->in_memory += u->n;
    u->buf = NULL;
    u->alloc = u->n = 0;
}

void ret_unique_join(ret_unique *u, ret_unique *src)
{
    /* src's buffer stays in memory while the runs held so stay within one buffer's worth */
    if (u->in_memory + src->in_memory + src->n <= u->cap)
        keep_run(src);
    else
        write_run(src);
    if (src->spill && fflush(src->spill) != 0)
        src->failed = true;
    u->failed = u->failed || src->failed;
    size_t nfiles = src->njoined + (src->spill ? 1 : 0);
    u->joined = sa_xrealloc(u->joined, (u->njoined + nfiles) * sizeof *u->joined);
    for (size_t i = 0; i < src->njoined; i++)
        u->joined[u->njoined++] = src->joined[i];
    if (src->spill)
        u->joined[u->njoined++] = src->spill;
    u->runs = sa_xrealloc(u->runs, ((u->nruns + src->nruns + 15) / 16 * 16 + 16) * sizeof *u->runs);
    memcpy(u->runs + u->nruns, src->runs, src->nruns * sizeof *src->runs); /* with their memory */
    u->nruns += src->nruns;
    u->in_memory += src->in_memory;
    src->spill = NULL;
    src->njoined = src->nruns = 0;
    src->in_memory = 0;
}

void ret_unique_add(ret_unique *u, uint64_t hash, uint64_t record, uint32_t column, bool row_bad)
{
    if (u->failed)
        return;
    if (u->n == u->alloc) {
        if (u->alloc < u->cap) {
            size_t grown = u->alloc ? u->alloc * 2 : 4096; /* after keep_run, a buffer anew */
            u->alloc = grown < u->cap ? grown : u->cap;
            u->buf = sa_xrealloc(u->buf, u->alloc * sizeof *u->buf);
        } else {
            write_run(u);
            if (u->failed)
                return;
        }
    }
    entry *e = &u->buf[u->n++];
    e->hash = hash;
    e->meta = (record & RECORD_MASK) | (row_bad ? ROW_BAD_BIT : 0) | ((uint64_t)(column & 0xFFFF) << 48);
}

void ret_unique_absorb(ret_unique *u, ret_unique *src)
{
    if (src->spill || src->nruns || src->failed) {
        ret_unique_join(u, src);
        return;
    }
    /* Still in memory: copying the entries costs less than a temporary file each. */
    for (size_t i = 0; i < src->n; i++) {
        const entry *e = &src->buf[i];
        ret_unique_add(u, e->hash, e->meta & RECORD_MASK, (uint32_t)(e->meta >> 48), (e->meta & ROW_BAD_BIT) != 0);
    }
    src->n = 0;
}

static int cmp_across(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return x->meta < y->meta ? -1 : x->meta > y->meta; /* column (file), then row */
}

/* Across columns: each entry whose full hash an earlier (column, record) already
 * had names that earliest one, whatever order the entries were added in. */
static void report_group_across(entry *g, size_t n, ret_dup_across_fn fn, void *ctx)
{
    qsort(g, n, sizeof *g, cmp_across);
    for (size_t i = 1, first = 0; i < n; i++) {
        if (g[i].hash != g[first].hash) {
            first = i;
            continue;
        }
        fn(ctx, g[i].meta & RECORD_MASK, (uint32_t)(g[i].meta >> 48), g[first].meta & RECORD_MASK,
           (uint32_t)(g[first].meta >> 48));
    }
}

static int cmp_entry(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    uint64_t cx = x->meta >> 48, cy = y->meta >> 48, rx = x->meta & RECORD_MASK, ry = y->meta & RECORD_MASK;
    if (cx != cy)
        return cx < cy ? -1 : 1;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return rx < ry ? -1 : rx > ry;
}

/*
 * Reports repeats inside one group of equal sort keys: every entry but the earliest
 * row of its (column, hash) names that earliest row. Runs joined from several threads
 * are not in row order, so the group is ordered here (it is almost always one or two
 * entries; a value repeated n times makes one group of n, sorted in n log n).
 */
static void report_group(entry *g, size_t n, ret_dup_fn fn, void *ctx)
{
    qsort(g, n, sizeof *g, cmp_entry);
    size_t first = 0;
    for (size_t i = 1; i < n; i++) {
        if (g[i].meta >> 48 != g[first].meta >> 48 || g[i].hash != g[first].hash) {
            first = i;
            continue;
        }
        fn(ctx, g[i].meta & RECORD_MASK, (uint32_t)(g[i].meta >> 48), g[first].meta & RECORD_MASK,
           (g[i].meta & ROW_BAD_BIT) != 0);
    }
}

typedef struct reader {
    entry *buf; /* one slice of the run, sorted */
    size_t len, pos;
    uint32_t slice; /* the next slice to read */
    const run *run;
    entry *scratch; /* shared by the readers: sort scratch */
} reader;

/* Reads `count` entries at entry offset `at` of the temporary file. */
static bool read_entries(int fd, entry *out, size_t count, uint64_t at)
{
    size_t bytes = count * sizeof(entry), got = 0;
    while (got < bytes) {
        ssize_t k = pread(fd, (char *)out + got, bytes - got, (off_t)(at * sizeof(entry) + got));
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        got += (size_t)k;
    }
    return true;
}

/* Copies `count` entries from entry `at` of a run, in memory or on disk. */
static bool run_read(const run *r, entry *out, size_t count, uint64_t at)
{
    if (r->mem) {
        memcpy(out, r->mem + at, count * sizeof *out);
        return true;
    }
    return read_entries(r->fd, out, count, r->offset + at);
}

/* The next entry is at r->buf[r->pos]; false at the end of the run (or on a read error,
 * *failed set). A slice read is sorted, so the run comes out in hash order. */
static bool reader_fill(reader *r, bool *failed)
{
    while (r->pos == r->len) {
        if (r->slice == SLICES)
            return false;
        const run *rn = r->run;
        size_t n = rn->slice[r->slice + 1] - rn->slice[r->slice];
        if (n && !run_read(rn, r->buf, n, rn->slice[r->slice])) {
            *failed = true;
            return false;
        }
        entry *sorted = radix_sort(r->buf, r->scratch, n, 32 - SLICE_BITS);
        if (sorted != r->buf)
            memcpy(r->buf, sorted, n * sizeof *r->buf);
        r->slice++;
        r->len = n;
        r->pos = 0;
    }
    return true;
}

/* Min-heap of (head sort key << 32 | run index): one integer compare orders
 * by key and then by run, so equal hashes come out in row order, and the
 * heap stays in one small array instead of reaching into each run's buffer. */
static uint64_t heap_item(const reader *rs, size_t r)
{
    return (uint64_t)sort_key(&rs[r].buf[rs[r].pos]) << 32 | (uint64_t)r;
}

static void heap_down(uint64_t *heap, size_t n, size_t i)
{
    uint64_t x = heap[i];
    for (;;) {
        size_t l = 2 * i + 1, m = l;
        if (l >= n)
            break;
        if (l + 1 < n && heap[l + 1] < heap[l])
            m = l + 1;
        if (heap[m] >= x)
            break;
        heap[i] = heap[m];
        i = m;
    }
    heap[i] = x;
}

/* One group of equal sort keys, reported the way this set was asked for. */
static void report_some(const ret_unique *u, entry *g, size_t n, ret_dup_fn fn, void *ctx)
{
    if (n > 1 && u->across)
        report_group_across(g, n, u->across, ctx);
    else if (n > 1)
        report_group(g, n, fn, ctx);
}

/* Reports the repeats among n entries sorted by key. */
static void report_sorted(const ret_unique *u, entry *a, size_t n, ret_dup_fn fn, void *ctx)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i + 1;
        while (j < n && sort_key(&a[j]) == sort_key(&a[i]))
            j++;
        report_some(u, a + i, j - i, fn, ctx);
        i = j;
    }
}

/* Entries of slice sl over all runs. */
static uint64_t slice_entries(const ret_unique *u, uint32_t sl)
{
    uint64_t n = 0;
    for (size_t r = 0; r < u->nruns; r++)
        n += u->runs[r].slice[sl + 1] - u->runs[r].slice[sl];
    return n;
}

/* Gathers each slice of every run in turn (max entries at most) and sorts it: slices come
 * out in hash order as a merge would, and a group of equal keys is ordered when reported. */
static int report_by_slices(ret_unique *u, size_t max, ret_dup_fn fn, void *ctx)
{
    entry *slice = sa_xrealloc(NULL, max * sizeof *slice), *scratch = sa_xrealloc(NULL, max * sizeof *scratch);
    int rc = 0;
    for (uint32_t sl = 0; sl < SLICES && rc == 0; sl++) {
        size_t n = 0;
        for (size_t r = 0; r < u->nruns && rc == 0; r++) {
            const run *rn = &u->runs[r];
            size_t count = rn->slice[sl + 1] - rn->slice[sl];
            if (count && !run_read(rn, slice + n, count, rn->slice[sl]))
                rc = -1;
            n += count;
        }
        if (rc == 0)
            report_sorted(u, radix_sort(slice, scratch, n, 32 - SLICE_BITS), n, fn, ctx);
    }
    free(slice);
    free(scratch);
    return rc;
}

/* The most entries a slice of one run holds. */
static size_t max_run_slice(const ret_unique *u)
{
    size_t max = 1;
    for (size_t r = 0; r < u->nruns; r++)
        for (uint32_t sl = 0; sl < SLICES; sl++)
            if (u->runs[r].slice[sl + 1] - u->runs[r].slice[sl] > max)
                max = u->runs[r].slice[sl + 1] - u->runs[r].slice[sl];
    return max;
}

/* Merges the runs (too many for their slices to fit a buffer), a slice of each at a time. */
static int report_by_merge(ret_unique *u, ret_dup_fn fn, void *ctx)
{
    size_t k = u->nruns, slice_max = max_run_slice(u);
    reader *rs = sa_xcalloc(k, sizeof *rs);
    uint64_t *heap = sa_xrealloc(NULL, k * sizeof *heap);
    entry *bufs = sa_xrealloc(NULL, (k + 1) * slice_max * sizeof *bufs);
    size_t nh = 0;
    bool failed = false;
    for (size_t i = 0; i < k; i++) {
        rs[i] = (reader){bufs + i * slice_max, 0, 0, 0, &u->runs[i], bufs + k * slice_max};
        if (reader_fill(&rs[i], &failed))
            heap[nh++] = heap_item(rs, i);
    }
    for (size_t i = nh; i-- > 0;)
        heap_down(heap, nh, i);
    /* Groups of equal hashes are short: gather each into a small array. */
    size_t gcap = 16, gn = 0;
    entry *group = sa_xrealloc(NULL, gcap * sizeof *group);
    while (nh > 0) {
        size_t ri = (size_t)(heap[0] & 0xFFFFFFFFu);
        reader *r = &rs[ri];
        entry e = r->buf[r->pos++];
        if (gn > 0 && sort_key(&group[0]) != sort_key(&e)) {
            report_some(u, group, gn, fn, ctx);
            gn = 0;
        }
        if (gn == gcap) {
            gcap *= 2;
            group = sa_xrealloc(group, gcap * sizeof *group);
        }
        group[gn++] = e;
        if (reader_fill(r, &failed))
            heap[0] = heap_item(rs, ri);
        else
            heap[0] = heap[--nh];
        if (nh > 0)
            heap_down(heap, nh, 0);
    }
    report_some(u, group, gn, fn, ctx);
    free(group);
    free(bufs);
    free(heap);
    free(rs);
    return failed ? -1 : 0;
}

int ret_unique_finish(ret_unique *u, ret_dup_fn fn, void *ctx)
{
    if (u->failed)
        return -1;
    keep_run(u); /* the last buffer: held in memory, never written */
    if (u->failed || (u->spill && fflush(u->spill) != 0))
        return -1;
    /* Slices hold rows / SLICES entries each: they fit a buffer up to about SLICES
     * buffers' worth of rows; beyond, the runs are merged. */
    uint64_t max = 1;
    for (uint32_t sl = 0; sl < SLICES; sl++)
        max = slice_entries(u, sl) > max ? slice_entries(u, sl) : max;
    if (max <= u->cap)
        return report_by_slices(u, (size_t)max, fn, ctx);
    return report_by_merge(u, fn, ctx);
}

int ret_unique_finish_across(ret_unique *u, ret_dup_across_fn fn, void *ctx)
{
    u->across = fn;
    return ret_unique_finish(u, NULL, ctx);
}

void ret_unique_free(ret_unique *u)
{
    if (!u)
        return;
    if (u->spill)
        fclose(u->spill);
    for (size_t i = 0; i < u->njoined; i++)
        fclose(u->joined[i]);
    for (size_t i = 0; i < u->nruns; i++)
        free(u->runs[i].mem);
    free(u->joined);
    free(u->buf);
    free(u->out);
    free(u->runs);
    free(u);
}
