/*
 * bytescan.c — where the bytes that give a CSV file its structure (quote,
 * comma, LF, CR) lie among 64 bytes, as bit masks. The record reader (csv.c)
 * finds field ends with one mask of commas and line breaks; the splitter
 * (split.c) quote parity and line ends with one mask each of quotes, LF, CR.
 *
 * Three ways to build each, one chosen at run time: AVX2 (two 32-byte
 * compares per byte value), SSE2 (four 16-byte compares; every x86-64 CPU
 * has it) and a byte loop for other CPUs. They give the same masks, which
 * the unit tests check on every path and SPECAUDIT_SIMD can force.
 */
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SA_X86 1
#endif

#include "returns/returns_private.h"
#include "returns/bytescan_avx2.h"

static void masks_scalar(const char *p, ret_masks *m)
{
    memset(m, 0, sizeof *m);
    for (unsigned i = 0; i < 64; i++) {
        uint64_t bit = (uint64_t)1 << i;
        m->quote |= p[i] == '"' ? bit : 0;
        m->lf |= p[i] == '\n' ? bit : 0;
        m->cr |= p[i] == '\r' ? bit : 0;
    }
}

static uint64_t ends_scalar(const char *p)
{
    uint64_t m = 0;
    for (unsigned i = 0; i < 64; i++)
        m |= (uint64_t)(p[i] == ',' || p[i] == '\n' || p[i] == '\r') << i;
    return m;
}

#if SA_X86
/* One byte value over four 16-byte vectors. */
static inline uint64_t eq16x4(const __m128i v[4], char c)
{
    const __m128i k = _mm_set1_epi8(c);
    uint64_t m = 0;
    for (unsigned i = 0; i < 4; i++)
        m |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v[i], k)) << (16 * i);
    return m;
}

static inline void load16x4(const char *p, __m128i v[4])
{
    for (unsigned i = 0; i < 4; i++)
        v[i] = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
}

static void masks_sse2(const char *p, ret_masks *m)
{
    __m128i v[4];
    load16x4(p, v);
    m->quote = eq16x4(v, '"');
    m->lf = eq16x4(v, '\n');
    m->cr = eq16x4(v, '\r');
}

/* The three compares OR'ed before the one movemask a vector. */
static uint64_t ends_sse2(const char *p)
{
    const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
    __m128i v[4];
    load16x4(p, v);
    uint64_t m = 0;
    for (unsigned i = 0; i < 4; i++) {
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v[i], comma), _mm_cmpeq_epi8(v[i], lf)),
                                   _mm_cmpeq_epi8(v[i], cr));
        m |= (uint64_t)(uint16_t)_mm_movemask_epi8(hit) << (16 * i);
    }
    return m;
}

__attribute__((target("avx2"))) static void masks_avx2(const char *p, ret_masks *m)
{
    ret_masks_avx2(p, m);
}

__attribute__((target("avx2"))) static inline uint32_t ends32(__m256i v)
{
    __m256i hit = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(',')),
                                                  _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\n'))),
                                  _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\r')));
    return (uint32_t)_mm256_movemask_epi8(hit);
}

__attribute__((target("avx2"))) static uint64_t ends_avx2(const char *p)
{
    __m256i lo = _mm256_loadu_si256((const __m256i *)(const void *)p);
    __m256i hi = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32));
    return (uint64_t)ends32(hi) << 32 | ends32(lo);
}
#endif

ret_simd ret_simd_level(void)
{
    static _Atomic int level = -1; /* worked out once; every thread gets the same answer */
    int l = level;
    if (l >= 0)
        return (ret_simd)l;
    const char *force = getenv("SPECAUDIT_SIMD");
    l = RET_SIMD_SCALAR;
#if SA_X86
    l = RET_SIMD_SSE2;
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2"))
        l = RET_SIMD_AVX2;
#endif
    if (force && strcmp(force, "scalar") == 0)
        l = RET_SIMD_SCALAR;
    else if (force && strcmp(force, "sse2") == 0 && l > RET_SIMD_SSE2)
        l = RET_SIMD_SSE2;
    level = l;
    return (ret_simd)l;
}

ret_masks_fn ret_masks_for(ret_simd level)
{
#if SA_X86
    if (level == RET_SIMD_AVX2)
        return masks_avx2;
    if (level == RET_SIMD_SSE2)
        return masks_sse2;
#endif
    (void)level;
    return masks_scalar;
}

ret_ends_fn ret_ends_for(ret_simd level)
{
#if SA_X86
    if (level == RET_SIMD_AVX2)
        return ends_avx2;
    if (level == RET_SIMD_SSE2)
        return ends_sse2;
#endif
    (void)level;
    return ends_scalar;
}
