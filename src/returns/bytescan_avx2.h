/*
 * bytescan_avx2.h — the AVX2 builder of the splitter's masks (bytescan.c), inline, so
 * that a loop compiled for AVX2 takes it without a call per 64 bytes (split.c's block
 * summaries: the call and the masks' round trip through memory were about half of the
 * pass). Only for x86 compilers; callers check the CPU first (ret_simd_level).
 */
#ifndef SA_RETURNS_BYTESCAN_AVX2_H
#define SA_RETURNS_BYTESCAN_AVX2_H

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#include <stdint.h>

#include "returns/returns_private.h"

__attribute__((target("avx2"))) static inline uint64_t ret_eq32x2(__m256i lo, __m256i hi, char c)
{
    const __m256i k = _mm256_set1_epi8(c);
    uint32_t a = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(lo, k));
    uint32_t b = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(hi, k));
    return (uint64_t)b << 32 | a;
}

/* The quote, LF and CR masks of the 64 bytes at p. */
__attribute__((target("avx2"))) static inline void ret_masks_avx2(const char *p, ret_masks *m)
{
    __m256i lo = _mm256_loadu_si256((const __m256i *)(const void *)p);
    __m256i hi = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32));
    m->quote = ret_eq32x2(lo, hi, '"');
    m->lf = ret_eq32x2(lo, hi, '\n');
    m->cr = ret_eq32x2(lo, hi, '\r');
}
#endif

#endif
