/*
 * unique.c — finds repeated values of `unique` columns in flat memory.
 *
 * Each value is kept only as an entry (64-bit hash, row, column), 16 bytes.
 * Entries fill a fixed buffer; a full buffer is copied into a second one
 * ordered by slice of the hash space (a counting pass, then a pass through
 * staging per slice), packed to 10 or 12 bytes an entry (the row less the
 * run's smallest, the column a place in the run's table of columns), and
 * written to a temporary file as a run. The last buffer, and the buffer of a
 * set joined from another thread while the runs held in memory stay within
 * what the threads' buffers hold together, are kept in memory as runs instead
 * (the last ordered in halves on two threads when large): below a buffer's
 * worth of rows a thread writes nothing (a thread with no more rows to add
 * keeps its last buffer so at once: ret_unique_seal). At the end of the file
 * each slice is gathered from every run and unpacked, spread over small
 * buckets, and each bucket's hashes are compared pairwise (in cache; a table
 * of hashes in a large bucket) to pick out the hashes that repeat (past about
 * 130 M rows, the runs are merged a radix-sorted slice at a time instead);
 * equal hashes of the same column name the repeated rows. Memory is at most a
 * few buffers (and, for a merge, a slice per run), whatever the number of
 * rows; a hash table of the values would grow by 8 or more bytes a row
 * instead, and be probed at random (a cache miss a row).
 *
 * The slices are independent: a set read on several threads gathers them and
 * finds their repeats on as many (ret_unique_threads), each thread taking the
 * next slice; a slice's repeats are reported once the slices before it are
 * (copied out meanwhile when few), so the calls come in the order one thread
 * makes them. The threads' slice buffers together stay within what one
 * thread's largest would be, in the memory of a buffer already used.
 *
 * Two different values share a 64-bit hash with probability about
 * n^2 / 2^65 in a file of n rows (10^-6 at five million rows).
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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

/*
 * A run written to disk is packed, 10 or 12 bytes an entry instead of 16, up to
 * three eighths less to write and read back. The meta bits hold the row_bad bit
 * (the top one), the column's place in the run's table of columns (`slot`, the
 * next bits) and the record less the run's smallest (`delta`, the low
 * `delta_bits`): in 24 bits when they fit (one column and records within 8 M of
 * each other, as in a run of a file's one unique column), then the entry is the
 * hash's low 56 bits (its top 8 are the slice, known from where the entry lies)
 * and the meta bits in 10 bytes; else in 32 bits after the whole hash, 12 bytes.
 * A run whose columns and records fit neither (thousands of columns, or records
 * further apart than the bits the slots leave) is written as it is, 16 bytes.
 */
#define PACKED_MAX 12u
_Static_assert(SLICE_BITS == 8, "a 10-byte entry leaves out the hash's top 8 bits, its slice");
#define LOW56 ((1ULL << 56) - 1)

/* The meta bits of an entry packed in `size` (10 or 12) bytes. */
static inline unsigned meta_bits(unsigned size)
{
    return size == 10 ? 24 : 32;
}

/* Packs an entry's hash and meta bits into `size` (10 or 12) bytes at dst. */
static inline void pack_put(char *dst, unsigned size, uint64_t hash, uint32_t meta)
{
    if (size == 10) {
        uint64_t w = (hash & LOW56) | (uint64_t)(meta & 0xFF) << 56;
        uint16_t m = (uint16_t)(meta >> 8);
        memcpy(dst, &w, 8);
        memcpy(dst + 8, &m, 2);
    } else {
        memcpy(dst, &hash, 8);
        memcpy(dst + 8, &meta, 4);
    }
}

/* The hash of the entry packed in `size` bytes at src, in slice sl; its meta bits in *meta. */
static inline uint64_t pack_get(const char *src, unsigned size, unsigned sl, uint32_t *meta)
{
    uint64_t w;
    memcpy(&w, src, 8);
    if (size == 10) {
        uint16_t m;
        memcpy(&m, src + 8, 2);
        *meta = (uint32_t)(w >> 56) | (uint32_t)m << 8;
        return (uint64_t)sl << 56 | (w & LOW56);
    }
    memcpy(meta, src + 8, 4);
    return w;
}

#define PACKED_COLUMNS 4096u /* the most columns a packed run names (12 bits of slot) */

typedef struct run {
    void *mem;       /* the entries when held in memory (owned by the set), else NULL */
    int fd;          /* else the temporary file holding it (runs joined from other threads have their own) */
    uint64_t offset; /* bytes into that file */
    uint64_t count;
    uint64_t *columns;   /* packed: by slot, the column in an entry's meta bits; else NULL */
    uint64_t base;       /* packed: the smallest record */
    unsigned delta_bits; /* packed: the bits of an entry's record less base */
    unsigned size;       /* bytes an entry: 10 or 12 packed, else 16 */
    bool borrowed;       /* in memory, in a buffer another run owns */
    uint32_t slice[SLICES + 1]; /* first entry of each slice within the run */
} run;

struct ret_unique {
    entry *buf;
    entry *out;   /* a full buffer ordered by slice before it is written; NULL until one is */
    char *staging; /* partition_packed's lines, one per slice; NULL until a run is packed */
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
    uint64_t spilled; /* bytes written to spill */
    entry *spare;     /* a full buffer's memory once its entries went to a run in memory: the slices' */
    size_t nspare;    /* buffers at the end, its pages already in memory (nspare entries) */
    bool failed;
    unsigned threads; /* threads the slices are gathered and sorted on at the end */
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
    u->threads = 1;
    return u;
}

void ret_unique_threads(ret_unique *u, unsigned threads)
{
    u->threads = threads ? threads : 1;
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

/* What a buffer about to be written holds: entries by slice, its columns (increasing)
 * and records, and whether it fits packed. */
typedef struct layout {
    size_t count[SLICES];
    uint32_t *columns;
    uint32_t ncolumns, alloc;
    uint64_t min, max; /* records */
    unsigned delta_bits;
    unsigned size; /* bytes an entry packed (10 or 12); 0: not packed */
} layout;

/* The first of the n columns (increasing) not below `column`. */
static uint32_t column_find(const uint32_t *c, uint32_t n, uint32_t column)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (c[mid] < column)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Adds `column` to l's table unless it is there; false when the table is full. */
static bool layout_column(layout *l, uint32_t column)
{
    uint32_t at = column_find(l->columns, l->ncolumns, column);
    if (at < l->ncolumns && l->columns[at] == column)
        return true;
    if (l->ncolumns == PACKED_COLUMNS)
        return false;
    if (l->ncolumns == l->alloc) {
        l->alloc = l->alloc ? 2 * l->alloc : 8;
        l->columns = sa_xrealloc(l->columns, l->alloc * sizeof *l->columns);
    }
    memmove(l->columns + at + 1, l->columns + at, (l->ncolumns - at) * sizeof *l->columns);
    l->columns[at] = column;
    l->ncolumns++;
    return true;
}

/* Counts a[0..n) (n > 0) by slice and gathers its columns and the span of its records. */
static void survey(const entry *a, size_t n, layout *l)
{
    memset(l, 0, sizeof *l);
    bool fits = true;
    l->min = UINT64_MAX;
    uint32_t last = UINT32_MAX;
    for (size_t i = 0; i < n; i++) {
        l->count[slice_of(&a[i])]++;
        uint32_t column = (uint32_t)(a[i].meta >> 48);
        uint64_t record = a[i].meta & RECORD_MASK;
        l->min = record < l->min ? record : l->min;
        l->max = record > l->max ? record : l->max;
        if (column != last && fits) {
            fits = layout_column(l, column);
            last = column;
        }
    }
    unsigned slot_bits = 0;
    while ((1u << slot_bits) < l->ncolumns)
        slot_bits++;
    for (l->size = 10; fits && l->size <= PACKED_MAX; l->size += 2) {
        l->delta_bits = meta_bits(l->size) - 1 - slot_bits; /* the meta bits: row_bad, slot, delta */
        if (l->max - l->min < (1ULL << l->delta_bits))
            return;
    }
    l->size = 0;
}

/* As partition_into, packing each entry in `size` bytes by l's table of columns (a
 * constant where it is inlined, so that each size gets its own loop). Each slice stages
 * 640 bytes (64 entries of 10 bytes, 53 of 12; 160 KiB in all, held in L2): the longer
 * the stretch copied out at once, the fewer the partly written lines of the run between
 * copies (measured at 10 M rows: 16 entries a slice took 289-316 samples of validate -j 1,
 * 32 took 197-213 and 64 took 148-180). */
#define LINE_BYTES 640
#define STAGING_BYTES (SLICES * LINE_BYTES) /* on the heap: too much for a thread's stack */
static inline void partition_packed_as(const entry *a, size_t n, char *out, const layout *l, const unsigned size,
                                       char *line)
{
    const unsigned per_line = LINE_BYTES / size, stride = per_line * size;
    size_t next[SLICES];
    unsigned fill[SLICES] = {0};
    for (size_t sl = 0, sum = 0; sl < SLICES; sl++) {
        next[sl] = sum;
        sum += l->count[sl];
    }
    const uint32_t bad = 1u << (meta_bits(size) - 1);
    uint32_t last = UINT32_MAX, slot_bits = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t column = (uint32_t)(a[i].meta >> 48);
        if (column != last) {
            last = column;
            slot_bits = column_find(l->columns, l->ncolumns, column) << l->delta_bits;
        }
        uint32_t delta = (uint32_t)((a[i].meta & RECORD_MASK) - l->min);
        unsigned t = slice_of(&a[i]);
        char *at = line + t * stride + fill[t] * size;
        pack_put(at, size, a[i].hash, (a[i].meta & ROW_BAD_BIT ? bad : 0) | slot_bits | delta);
        if (++fill[t] == per_line) {
            memcpy(out + next[t] * size, line + t * stride, stride);
            next[t] += per_line;
            fill[t] = 0;
        }
    }
    for (unsigned t = 0; t < SLICES; t++)
        memcpy(out + next[t] * size, line + t * stride, fill[t] * size);
}

static void partition_packed(const entry *a, size_t n, char *out, const layout *l, char *staging)
{
    if (l->size == 10)
        partition_packed_as(a, n, out, l, 10, staging);
    else
        partition_packed_as(a, n, out, l, 12, staging);
}

/* The bytes an entry of run r takes. */
static size_t entry_size(const run *r)
{
    return r->size;
}

/*
 * Unpacks the n entries of slice sl of run r at src into out. src may be the last
 * size * n bytes of the 16 n at out: entry i is read before out[i] is written, and out[i]
 * ends at or before where entry i + 1 starts (16 i + 16 <= (16 - size) n + size (i + 1)
 * for i < n, size <= 16). The copies through memcpy keep the compiler from assuming the
 * two do not overlap.
 */
static inline void unpack_as(const run *r, unsigned sl, const char *src, entry *out, size_t n, const unsigned size)
{
    const uint32_t delta_mask = (uint32_t)((1ULL << r->delta_bits) - 1);
    const unsigned bad_shift = meta_bits(size) - 1;
    for (size_t i = 0; i < n; i++) {
        uint32_t meta;
        uint64_t hash = pack_get(src + i * size, size, sl, &meta);
        uint64_t column = r->columns[(meta & ~(1u << bad_shift)) >> r->delta_bits];
        entry e = {hash, column | (r->base + (meta & delta_mask)) | (uint64_t)(meta >> bad_shift) << RECORD_BITS};
        memcpy((char *)out + i * sizeof e, &e, sizeof e);
    }
}

static void unpack(const run *r, unsigned sl, const char *src, entry *out, size_t n)
{
    if (r->size == 10)
        unpack_as(r, sl, src, out, n, 10);
    else
        unpack_as(r, sl, src, out, n, 12);
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
    r->size = sizeof(entry);
    mark_slices(r, count);
    return r;
}

/*
 * Where partition_packed stages its lines for a run of `packed` bytes: in the second
 * buffer past the run when they fit there (a packed run leaves a quarter of it or more
 * unused, 12 bytes or fewer of every 16; a full run of 40 960 entries or more leaves
 * room), whose pages are already in memory; else in a buffer of their own, whose 160 KiB
 * cost 40 page faults a thread.
 */
static char *staging_for(ret_unique *u, size_t packed)
{
    size_t at = (packed + 63) & ~(size_t)63;
    if (at + STAGING_BYTES <= u->cap * sizeof *u->out)
        return (char *)u->out + at;
    if (!u->staging && posix_memalign((void **)&u->staging, 64, STAGING_BYTES) != 0)
        sa_oom();
    return u->staging;
}

/* The buffer as a run on disk, ordered by slice (and packed when it fits) in the second
 * buffer; the buffer is empty again. */
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
        u->out = sa_xmalloc_big(u->cap * sizeof *u->out);
    layout l;
    survey(u->buf, u->n, &l);
    run *r = add_run(u, l.count);
    if (l.size) {
        partition_packed(u->buf, u->n, (char *)u->out, &l, staging_for(u, u->n * l.size));
        r->size = l.size;
        r->columns = sa_xrealloc(NULL, l.ncolumns * sizeof *r->columns);
        for (uint32_t c = 0; c < l.ncolumns; c++)
            r->columns[c] = (uint64_t)l.columns[c] << 48;
        r->base = l.min;
        r->delta_bits = l.delta_bits;
    } else {
        partition_into(u->buf, u->n, u->out, l.count);
    }
    free(l.columns);
    size_t bytes = u->n * entry_size(r);
    r->fd = fileno(u->spill);
    r->offset = u->spilled;
    u->spilled += bytes;
    u->n = 0;
    if (fwrite(u->out, 1, bytes, u->spill) != bytes)
        u->failed = true;
}

/* The buffer as a run held in memory, 16 bytes an entry (in the second buffer when there
 * is one); a later entry starts a new buffer. */
static void keep_run(ret_unique *u)
{
    if (u->failed || u->n == 0)
        return;
    size_t count[SLICES];
    count_slices(u->buf, u->n, count);
    if (u->out) {
        partition_into(u->buf, u->n, u->out, count);
        add_run(u, count)->mem = u->out;
        u->out = NULL;
        free(u->spare);
        u->spare = u->buf;
        u->nspare = u->alloc;
    } else {
        partition_in_place(u->buf, count);
        add_run(u, count)->mem = u->buf;
    }
    u->in_memory += u->n;
    u->buf = NULL;
    u->alloc = u->n = 0;
}

/* One part of a buffer ordered by slice into out, on its own thread. */
typedef struct part {
    const entry *a;
    size_t n;
    entry *out;
    size_t count[SLICES];
} part;

static void *partition_part(void *arg)
{
    part *p = arg;
    count_slices(p->a, p->n, p->count);
    partition_into(p->a, p->n, p->out, p->count);
    return NULL;
}

/* As keep_run, the two halves of a large buffer ordered by slice on two threads, as two runs
 * (the thread finishing a set has a buffer to order alone, the others' threads being done). */
#define SPLIT_MIN 65536
static void keep_run_split(ret_unique *u)
{
    if (u->failed || u->threads < 2 || !u->out || u->n < SPLIT_MIN) {
        keep_run(u);
        return;
    }
    part h[2] = {{u->buf, u->n / 2, u->out, {0}}, {u->buf + u->n / 2, u->n - u->n / 2, u->out + u->n / 2, {0}}};
    pthread_t th;
    bool two = pthread_create(&th, NULL, partition_part, &h[1]) == 0;
    partition_part(&h[0]);
    if (two)
        pthread_join(th, NULL);
    else
        partition_part(&h[1]);
    for (unsigned i = 0; i < 2; i++) {
        run *r = add_run(u, h[i].count);
        r->count = h[i].n;
        r->mem = h[i].out;
        r->borrowed = i > 0; /* freed with the first */
    }
    u->in_memory += u->n;
    u->out = NULL;
    free(u->spare);
    u->spare = u->buf;
    u->nspare = u->alloc;
    u->buf = NULL;
    u->alloc = u->n = 0;
}

void ret_unique_seal(ret_unique *u)
{
    keep_run(u);
    if (u->spill && fflush(u->spill) != 0)
        u->failed = true;
    /* unmapped here, not by the finishing thread: the slices' buffers are the spare of the
     * set that one read */
    free(u->spare);
    u->spare = NULL;
    u->nspare = 0;
}

void ret_unique_join(ret_unique *u, ret_unique *src)
{
    /* src's buffer stays in memory while the runs held so stay within what the threads'
     * buffers hold together (the threads sealing theirs hold that much already) */
    if (u->in_memory + src->in_memory + src->n <= (uint64_t)u->cap * u->threads)
        keep_run_split(src);
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
    if (!u->spare) { /* the slices' buffers at the end; else freed, as when src was kept */
        u->spare = src->spare;
        u->nspare = src->nspare;
    } else {
        free(src->spare);
    }
    src->spare = NULL;
    src->nspare = 0;
    src->spill = NULL;
    src->njoined = src->nruns = 0;
    src->in_memory = 0;
}

/* Room for the next entry: the buffer grown, or written as a run; false when the set
 * failed. Out of line: once in many thousand entries, and the add stays a few stores. */
static __attribute__((noinline)) bool make_room(ret_unique *u)
{
    if (u->failed)
        return false;
    if (u->alloc < u->cap) {
        /* A set past its first 64 KiB goes straight to a big buffer: growing through
         * 128 and 256 KiB would fault each of their pages in and copy them. */
        size_t grown = 4096; /* entries; also after keep_run, a buffer anew */
        if (u->alloc) {
            size_t bytes = 2 * u->alloc * sizeof *u->buf;
            grown = sa_big_size(bytes > SA_BIG_MIN ? bytes : SA_BIG_MIN) / sizeof *u->buf;
        }
        u->alloc = grown < u->cap ? grown : u->cap;
        u->buf = sa_xrealloc_big(u->buf, u->n * sizeof *u->buf, u->alloc * sizeof *u->buf);
    } else {
        write_run(u);
    }
    return !u->failed;
}

void ret_unique_add(ret_unique *u, uint64_t hash, uint64_t record, uint32_t column, bool row_bad)
{
    /* a failed set takes nothing more once its buffer is full (and what it holds is never
     * looked at: finishing it reports the failure) */
    if (u->n == u->alloc && !make_room(u))
        return;
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

/* Reads `bytes` bytes at offset `at` of the temporary file. */
static bool read_bytes(int fd, char *out, size_t bytes, uint64_t at)
{
    size_t got = 0;
    while (got < bytes) {
        ssize_t k = pread(fd, out + got, bytes - got, (off_t)(at + got));
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        got += (size_t)k;
    }
    return true;
}

/* Copies slice sl of a run (`count` entries from entry `at`), in memory or on disk. */
static bool run_read(const run *r, unsigned sl, entry *out, size_t count, uint64_t at)
{
    size_t size = entry_size(r);
    const char *src = (char *)out + count * (sizeof(entry) - size); /* the last count * size bytes */
    if (r->mem)
        src = (const char *)r->mem + at * size;
    else if (!read_bytes(r->fd, (char *)src, count * size, r->offset + at * size))
        return false;
    if (r->columns)
        unpack(r, sl, src, out, count);
    else if (src != (const char *)out)
        memcpy(out, src, count * sizeof *out);
    return true;
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
        if (n && !run_read(rn, r->slice, r->buf, n, rn->slice[r->slice])) {
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

/* A table of hashes, grown as needed: entry index + 1 (0 = empty), TABLE_SEEN once the entry
 * was moved to the list of repeats; and the bucket bounds of the slice being searched. */
typedef struct table {
    uint32_t *slot;
    size_t cap;
    uint32_t *next; /* BUCKETS_MAX */
} table;
#define TABLE_SEEN 0x80000000u
#define TABLE_PROBES 64 /* a longer probe: the bucket is sorted instead (crafted hashes) */

/* A slice is spread over up to BUCKETS_MAX buckets by the bits of the key after the slice's,
 * as many as leave about BUCKET_MEAN entries a bucket; a bucket of up to PAIRWISE_MAX entries
 * is searched by comparing its hashes pairwise (m (m - 1) / 2 compares, BUCKET_MEAN / 2 an
 * entry on average, without a branch), a larger one by a table of hashes. */
#define BUCKET_BITS_MAX 12
#define BUCKETS_MAX (1u << BUCKET_BITS_MAX)
#define BUCKET_MEAN 8
#define PAIRWISE_MAX 32

static inline unsigned bucket_of(const entry *e, unsigned bits)
{
    return (sort_key(e) >> (32 - SLICE_BITS - bits)) & ((1u << bits) - 1);
}

/* The bucket bits for a slice of n entries. */
static unsigned bucket_bits(size_t n)
{
    unsigned bits = 1;
    while (bits < BUCKET_BITS_MAX && (n >> bits) > BUCKET_MEAN)
        bits++;
    return bits;
}

/* Whether two of the m entries of b share a hash: every pair compared, no branch taken on
 * the comparisons (most buckets have no repeat, and a branch on each would be guessed wrong
 * as often as the hashes' low bits say). */
static bool bucket_repeats(const entry *b, size_t m)
{
    unsigned same = 0;
    for (size_t i = 1; i < m; i++)
        for (size_t j = 0; j < i; j++)
            same |= b[i].hash == b[j].hash;
    return same != 0;
}

/* Moves to out (in increasing key) the m entries of b whose hash another of them has, by a
 * table of their hashes; false when a probe ran long (out then holds nothing meaningful). */
static bool repeats_in_bucket(const entry *b, size_t m, table *t, entry *out, size_t *nout)
{
    size_t size = 16;
    while (size < 2 * m)
        size *= 2;
    if (size > t->cap) {
        free(t->slot);
        t->slot = sa_xrealloc(NULL, size * sizeof *t->slot);
        t->cap = size;
    }
    memset(t->slot, 0, size * sizeof *t->slot);
    size_t nd = 0;
    for (size_t k = 0; k < m; k++) {
        size_t at = (size_t)((b[k].hash * 0x9E3779B97F4A7C15ull) >> 32) & (size - 1);
        unsigned probes = 0;
        for (; t->slot[at]; at = (at + 1) & (size - 1)) {
            uint32_t j = (t->slot[at] & ~TABLE_SEEN) - 1;
            if (b[j].hash == b[k].hash) {
                if (!(t->slot[at] & TABLE_SEEN)) {
                    out[nd++] = b[j];
                    t->slot[at] |= TABLE_SEEN;
                }
                out[nd++] = b[k];
                break;
            }
            if (++probes == TABLE_PROBES)
                return false;
        }
        if (!t->slot[at])
            t->slot[at] = (uint32_t)k + 1;
    }
    *nout = nd;
    return true;
}

/* Moves to dst, sorted by key, the entries of bucket b (m > 1 entries) that repeats are
 * reported from, and returns how many: none when no two share a hash; else those of a small
 * bucket all (report_sorted finds the same repeats among them: an entry whose hash no other
 * has is alone in its group of equal keys or reported from by nobody), or those whose hash
 * another has, picked by the table. */
static size_t bucket_keep(entry *b, size_t m, table *t, entry *dst)
{
    size_t nd = m;
    entry *sorted;
    if (m <= PAIRWISE_MAX && !bucket_repeats(b, m))
        return 0;
    if (m <= PAIRWISE_MAX || !repeats_in_bucket(b, m, t, dst, &nd))
        sorted = radix_sort(b, dst, m, 32 - SLICE_BITS); /* the whole bucket, nd = m */
    else
        sorted = radix_sort(dst, b, nd, 32 - SLICE_BITS);
    if (sorted != dst)
        memcpy(dst, sorted, nd * sizeof *dst);
    return nd;
}

/*
 * The entries of one slice (n in a) that its repeats are reported from, sorted by key: those
 * whose hash another has (with, in small buckets, the others of their bucket), found without
 * sorting the slice. One pass spreads the entries over buckets by the next bits of the key
 * (bucket_bits), and each bucket (small enough to stay in L1) is searched for equal hashes;
 * only buckets with some are sorted: three radix passes over every entry become one pass and
 * a few compares, and report_sorted finds the same repeats in the same order as over the
 * whole sorted slice. Returns a or scratch (each of n entries; a's are not kept), with *nout
 * entries.
 */
static entry *slice_repeats(entry *a, entry *scratch, size_t n, table *t, size_t *nout)
{
    *nout = n;
    if (n < RADIX_MIN || n > TABLE_SEEN - 1)
        return radix_sort(a, scratch, n, 32 - SLICE_BITS);
    const unsigned bits = bucket_bits(n), nb = 1u << bits;
    uint32_t *next = t->next;
    memset(next, 0, nb * sizeof *next);
    for (size_t i = 0; i < n; i++)
        next[bucket_of(&a[i], bits)]++;
    for (uint32_t b = 0, sum = 0; b < nb; b++) {
        uint32_t c = next[b];
        next[b] = sum;
        sum += c;
    }
    for (size_t i = 0; i < n; i++)
        scratch[next[bucket_of(&a[i], bits)]++] = a[i];
    /* next[b] is now the end of bucket b; a[total, total + m) is free: total <= its start */
    size_t total = 0;
    for (uint32_t b = 0, lo = 0; b < nb; lo = next[b++])
        if (next[b] - lo > 1)
            total += bucket_keep(scratch + lo, next[b] - lo, t, a + total);
    *nout = total;
    return a;
}

/* Entries of slice sl over all runs. */
static uint64_t slice_entries(const ret_unique *u, uint32_t sl)
{
    uint64_t n = 0;
    for (size_t r = 0; r < u->nruns; r++)
        n += u->runs[r].slice[sl + 1] - u->runs[r].slice[sl];
    return n;
}

/* A slice searched and not yet reported: its entries to report from, copied out (owned) while
 * the slices before it are not reported, or still in its thread's buffer (that thread reports
 * it). */
typedef struct pending {
    entry *e;
    size_t n;
    bool ready, ok, owned;
} pending;

/* The slices being reported: taken in order by the threads, reported in order. A slice whose
 * turn has not come is copied out and left to whichever thread reports the slices before it
 * (most slices have no repeat, and none is copied then), as long as the copies stay within
 * one slice buffer's worth of entries; past that its thread waits for its turn. */
typedef struct slice_job {
    const ret_unique *u;
    size_t max; /* entries in the largest slice */
    ret_dup_fn fn;
    void *ctx;
    atomic_uint next; /* the next slice to take */
    atomic_uint workers; /* threads started on the job: a thread's place in the pool */
    entry *pool; /* the set's spare buffer, pool_entries entries: 2 * max a thread in it */
    size_t pool_entries;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pending slice[SLICES];
    size_t held;       /* entries copied out */
    uint32_t reported; /* slices [0, reported) are reported */
    bool reporting;    /* a thread is reporting slice `reported` */
    bool failed;       /* a run could not be read: nothing more is reported */
} slice_job;

/* Gathers slice sl of every run into `slice`; false on a read error. */
static bool gather_slice(const ret_unique *u, uint32_t sl, entry *slice, size_t *n)
{
    *n = 0;
    for (size_t r = 0; r < u->nruns; r++) {
        const run *rn = &u->runs[r];
        size_t count = rn->slice[sl + 1] - rn->slice[sl];
        if (count && !run_read(rn, sl, slice + *n, count, rn->slice[sl]))
            return false;
        *n += count;
    }
    return true;
}

/* Reports the slices whose turn has come and that are ready, unless another thread is; with
 * job->mu held (released while reporting). */
static void report_ready(slice_job *job)
{
    while (!job->reporting && job->reported < SLICES && job->slice[job->reported].ready) {
        pending *p = &job->slice[job->reported];
        job->reporting = true;
        pthread_mutex_unlock(&job->mu);
        job->failed = job->failed || !p->ok; /* this slice's turn: no other thread touches it */
        if (!job->failed)
            report_sorted(job->u, p->e, p->n, job->fn, job->ctx);
        if (p->owned)
            free(p->e);
        pthread_mutex_lock(&job->mu);
        job->held -= p->owned ? p->n : 0;
        job->reported++;
        job->reporting = false;
        pthread_cond_broadcast(&job->cv);
    }
}

/* Slice sl searched (its n entries to report from at e, unless !ok): reported now if its turn
 * has come, else copied out when the copies stay within bounds, else reported once its turn
 * comes; then whatever follows it and is ready. */
static void slice_done(slice_job *job, uint32_t sl, entry *e, size_t n, bool ok)
{
    pthread_mutex_lock(&job->mu);
    pending *p = &job->slice[sl];
    *p = (pending){e, n, false, ok, false};
    bool turn = job->reported == sl && !job->reporting;
    if (!turn && (n == 0 || job->held + n <= job->max)) {
        if (n) {
            p->e = sa_xrealloc(NULL, n * sizeof *e);
            memcpy(p->e, e, n * sizeof *e);
            p->owned = true;
            job->held += n;
        }
    } else {
        while (job->reported != sl || job->reporting)
            pthread_cond_wait(&job->cv, &job->mu);
    }
    p->ready = true;
    report_ready(job);
    pthread_mutex_unlock(&job->mu);
}

/* Takes slices until none is left: each gathered and its repeats found at once, reported in
 * turn (a slice waits only on slices taken before it, so never on itself). */
static void *slice_worker(void *arg)
{
    slice_job *job = arg;
    size_t at = (size_t)atomic_fetch_add(&job->workers, 1) * 2 * job->max;
    bool own = at + 2 * job->max > job->pool_entries; /* past the pool: buffers of its own */
    entry *slice = own ? sa_xrealloc(NULL, 2 * job->max * sizeof *slice) : job->pool + at;
    entry *scratch = slice + job->max;
    table t = {NULL, 0, sa_xrealloc(NULL, BUCKETS_MAX * sizeof *t.next)};
    for (uint32_t sl; (sl = atomic_fetch_add(&job->next, 1)) < SLICES;) {
        size_t n;
        bool ok = gather_slice(job->u, sl, slice, &n);
        entry *sorted = ok ? slice_repeats(slice, scratch, n, &t, &n) : NULL;
        slice_done(job, sl, sorted, ok ? n : 0, ok);
    }
    free(t.slot);
    free(t.next);
    if (own)
        free(slice);
    return NULL;
}

/* Gathers each slice of every run (max entries at most) and finds its repeats: slices come
 * out in hash order as a merge would, and a group of equal keys is ordered when reported. On
 * several threads as long as their buffers stay within one buffer's worth of slices; in the
 * set's spare buffer as far as it goes (its pages are already in memory). */
static int report_by_slices(ret_unique *u, size_t max, ret_dup_fn fn, void *ctx)
{
    slice_job *job = sa_xcalloc(1, sizeof *job);
    *job = (slice_job){.u = u, .max = max, .fn = fn, .ctx = ctx, .pool = u->spare, .pool_entries = u->nspare};
    atomic_init(&job->next, 0);
    atomic_init(&job->workers, 0);
    pthread_mutex_init(&job->mu, NULL);
    pthread_cond_init(&job->cv, NULL);
    size_t fit = u->cap / max ? u->cap / max : 1;
    unsigned nthreads = u->threads < fit ? u->threads : (unsigned)fit;
    pthread_t th[64];
    unsigned started = 0;
    /* a thread that cannot start leaves its slices to the others */
    while (started + 1 < nthreads && started < 64 && pthread_create(&th[started], NULL, slice_worker, job) == 0)
        started++;
    slice_worker(job);
    for (unsigned t = 0; t < started; t++)
        pthread_join(th[t], NULL);
    pthread_mutex_destroy(&job->mu);
    pthread_cond_destroy(&job->cv);
    int rc = job->failed ? -1 : 0;
    free(job);
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
    keep_run_split(u); /* the last buffer: held in memory, never written */
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

uint64_t ret_unique_spilled(const ret_unique *u)
{
    return u->spilled;
}

void ret_unique_free(ret_unique *u)
{
    if (!u)
        return;
    if (u->spill)
        fclose(u->spill);
    for (size_t i = 0; i < u->njoined; i++)
        fclose(u->joined[i]);
    for (size_t i = 0; i < u->nruns; i++) {
        if (!u->runs[i].borrowed)
            free(u->runs[i].mem);
        free(u->runs[i].columns);
    }
    free(u->joined);
    free(u->spare);
    free(u->buf);
    free(u->out);
    free(u->staging);
    free(u->runs);
    free(u);
}
