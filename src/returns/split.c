/*
 * split.c — where a large return can be cut so that its parts are read on
 * several cores, and the structural counts that number each part's rows.
 *
 * The model: RFC 4180 quotes toggle "inside a quoted field"; a doubled quote
 * toggles twice, so the parity of the quotes before a byte says whether it is
 * inside a field. A line break outside quotes ends a record. A block's summary
 * (quote parity, line breaks outside quotes when the block starts outside or
 * inside a field, all line breaks) needs no knowledge of the blocks before
 * it, so blocks are summarised in parallel and chained afterwards.
 *
 * The model is exact for well-formed files; a stray quote inside an unquoted
 * field (which the reader keeps as data) breaks it. So a split is only a
 * proposal: each part is read by the real reader and must end exactly where
 * the next begins, with the predicted number of records and lines; anything
 * else and the file is read again by one reader (scan_all.c).
 *
 * Invariant of a split point q (ret_split_find): byte q-1 is a '\n' outside
 * quotes, the line it ends is not blank, and byte q starts a line that is
 * not blank either, so no blank line sits at the end of a part, where the
 * reader would drop it as a trailing blank line.
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "returns/returns_private.h"
#include "returns/bytescan_avx2.h"

/* ---- summaries: 64 bytes at a time as bit masks (bytescan.c) ------------------------ */

/* Set bits of x; POPCNT is not part of baseline x86-64, and libgcc's version is a call. */
static inline uint64_t popcount64(uint64_t x)
{
#if defined(__POPCNT__)
    return (uint64_t)__builtin_popcountll(x);
#else
    x -= (x >> 1) & 0x5555555555555555ULL;
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return (x * 0x0101010101010101ULL) >> 56;
#endif
}

/* Bit i = parity of the bits 0..i of x (a prefix XOR: "inside quotes after byte i"). */
static inline uint64_t prefix_xor(uint64_t x)
{
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    return x;
}

/* Set bits of x: the POPCNT instruction where `hw` (a constant where inlined) says the
 * function was compiled for it, else the portable count. */
#define BITS(x) (hw ? (uint64_t)__builtin_popcountll(x) : popcount64(x))

/* Adds one group of up to 64 bytes to the summary. `inside` is all ones when the group
 * starts inside quotes (as if the block had started outside); bit i of `lf_after` is
 * whether byte i + 1 is a LF (for the last byte: the byte after the group). */
static inline __attribute__((always_inline)) void add_group(const ret_masks *m, uint64_t lf_after,
                                                            uint64_t *inside, ret_block_sum *sum, bool hw)
{
    uint64_t ends = m->lf | (m->cr & ~lf_after); /* LF, and CR not followed by LF */
    uint64_t in = *inside;
    if (m->quote) { /* most groups have none: their parity and counts carry over */
        in ^= prefix_xor(m->quote);
        *inside = (uint64_t)0 - (in >> 63); /* the parity after the last byte, spread */
        sum->quotes += BITS(m->quote);
    }
    if (ends) {
        uint64_t lines = BITS(ends), outside = BITS(ends & ~in);
        sum->lines += lines;
        sum->ends[0] += outside;
        sum->ends[1] += lines - outside; /* started inside: the bytes "inside" are outside */
    }
}

/* The last, partial group: copied with the byte after it, which is then masked out. */
static void add_tail(const char *p, size_t n, int next, uint64_t *inside, ret_block_sum *sum)
{
    assert(n > 0 && n < 64);
    char tail[64];
    memset(tail, 0, sizeof tail); /* NUL is none of the three bytes */
    memcpy(tail, p, n);
    tail[n] = next == '\n' ? '\n' : 0;
    ret_masks m;
    ret_masks_for(RET_SIMD_SCALAR)(tail, &m);
    uint64_t lf_after = m.lf >> 1, valid = ((uint64_t)1 << n) - 1;
    m.quote &= valid;
    m.lf &= valid;
    m.cr &= valid;
    add_group(&m, lf_after, inside, sum, false); /* no quote past byte n - 1: the parity carries over */
}

/* The whole groups of n bytes; returns the bytes summarised. */
static inline __attribute__((always_inline)) size_t add_groups(const char *p, size_t n, int next, ret_masks_fn fn,
                                                              uint64_t *inside, ret_block_sum *sum, bool hw)
{
    size_t i = 0;
    ret_masks m;
    for (; i + 64 <= n; i += 64) {
        fn(p + i, &m);
        bool lf_next = i + 64 < n ? p[i + 64] == '\n' : next == '\n';
        add_group(&m, m.lf >> 1 | (lf_next ? (uint64_t)1 << 63 : 0), inside, sum, hw);
    }
    return i;
}

static size_t add_groups_portable(const char *p, size_t n, int next, ret_masks_fn fn, uint64_t *inside,
                                  ret_block_sum *sum)
{
    return add_groups(p, n, next, fn, inside, sum, false);
}

#if defined(__x86_64__) || defined(__i386__)
/* Every CPU with AVX2 has POPCNT (checked all the same): three bit counts a group are
 * then three instructions instead of about forty, and the masks are built inline. */
__attribute__((target("avx2,popcnt"))) static size_t add_groups_avx2(const char *p, size_t n, int next,
                                                                    uint64_t *inside, ret_block_sum *sum)
{
    return add_groups(p, n, next, ret_masks_avx2, inside, sum, true);
}
#endif

void ret_block_summarise(const char *p, size_t n, int next, ret_simd level, ret_block_sum *sum)
{
    memset(sum, 0, sizeof *sum);
    ret_masks_fn fn = ret_masks_for(level);
    uint64_t inside = 0;
    size_t i;
#if defined(__x86_64__) || defined(__i386__)
    if (level == RET_SIMD_AVX2 && __builtin_cpu_supports("popcnt"))
        i = add_groups_avx2(p, n, next, &inside, sum);
    else
#endif
        i = add_groups_portable(p, n, next, fn, &inside, sum);
    if (i < n)
        add_tail(p + i, n - i, next, &inside, sum);
}

/* ---- split points ------------------------------------------------------------------ */

static bool is_eol(int c)
{
    return c == '\n' || c == '\r';
}

/* Walks bytes one at a time from the start of a search. b1..b3 are the three bytes
 * before the current one (-1 when not seen: the search knows nothing before its start). */
typedef struct walker {
    bool inside;
    int b1, b2, b3;
    uint64_t ends, lines;
} walker;

/* True when a split point lies just before byte c (see the invariant at the top). */
static bool split_before(const walker *w, int c)
{
    if (w->b1 != '\n' || w->inside || is_eol(c))
        return false;
    int before = w->b2 == '\r' ? w->b3 : w->b2; /* the last byte of the line's text */
    return before >= 0 && !is_eol(before);
}

static void walk(walker *w, int c)
{
    if (w->b1 == '\r' && c != '\n') { /* a lone CR ends a line */
        w->lines++;
        w->ends += !w->inside;
    }
    if (c == '\n') {
        w->lines++;
        w->ends += !w->inside;
    }
    if (c == '"')
        w->inside = !w->inside;
    w->b3 = w->b2;
    w->b2 = w->b1;
    w->b1 = c;
}

static bool read_at(int fd, char *buf, size_t want, uint64_t at, size_t *got)
{
    for (;;) {
        ssize_t n = pread(fd, buf, want, (off_t)at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        *got = (size_t)n;
        return true;
    }
}

int ret_split_find(int fd, uint64_t from, uint64_t size, bool inside, uint64_t max_scan, ret_split_point *out)
{
    walker w = {inside, -1, -1, -1, 0, 0};
    char buf[4096];
    size_t want = 256; /* a split point is usually within a line: read more only when it is not */
    uint64_t at = from;
    while (at < size) {
        if (at - from > max_scan)
            return 0;
        size_t got;
        if (!read_at(fd, buf, want, at, &got))
            return -1;
        want = want * 2 < sizeof buf ? want * 2 : sizeof buf;
        if (got == 0)
            break; /* the file shrank: its end is the end */
        for (size_t i = 0; i < got; i++) {
            unsigned char c = (unsigned char)buf[i];
            if (split_before(&w, c)) {
                *out = (ret_split_point){at + i, w.ends, w.lines};
                return 1;
            }
            walk(&w, c);
        }
        at += got;
    }
    walk(&w, -1); /* a CR as the last byte ends a line */
    *out = (ret_split_point){size, w.ends, w.lines};
    return 1;
}
