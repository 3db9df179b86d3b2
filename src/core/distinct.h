/*
 * distinct.h — how many distinct values a stream holds, exact up to a bound
 * and estimated past it, never silently approximate.
 *
 * Values are counted by a 64-bit hash. Up to SA_DISTINCT_EXACT_MAX distinct
 * hashes the set is kept and the count is exact (two of 16 384 values share a
 * hash with probability below 2^-37). Past the bound the set is folded into a
 * HyperLogLog sketch of 2^SA_DISTINCT_P one-byte registers (16 KiB) and the
 * count becomes an estimate whose relative standard error is
 * sa_distinct_rse() (1.04 / sqrt(2^14) = 0.81 %); callers report that the
 * figure is an estimate and its error. The estimator is Ertl's improved raw
 * estimator ("New cardinality estimation algorithms for HyperLogLog
 * sketches", 2017), unbiased over the whole range without empirical tables.
 *
 * Merging is commutative and associative (set union, register maximum), so a
 * count does not depend on which thread read which rows. Memory: at most
 * 2 * SA_DISTINCT_EXACT_MAX hashes (256 KiB) while exact, 16 KiB after.
 */
#ifndef SA_DISTINCT_H
#define SA_DISTINCT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SA_DISTINCT_EXACT_MAX 16384
#define SA_DISTINCT_P 14

typedef struct sa_distinct {
    uint64_t *set;  /* open addressing, 0 = empty slot; NULL once estimated */
    size_t n;       /* distinct non-zero hashes in set */
    size_t cap;     /* slots, a power of two */
    bool has_zero;  /* the hash 0 was seen (it cannot live in a slot) */
    uint8_t *reg;   /* 2^SA_DISTINCT_P registers once estimated, else NULL */
} sa_distinct;

void sa_distinct_init(sa_distinct *d);
void sa_distinct_free(sa_distinct *d);
/** Counts a value by its bytes. */
void sa_distinct_add(sa_distinct *d, const void *data, size_t len);
/** Counts a value by a hash the caller computed (any well-spread 64-bit hash). */
void sa_distinct_add_hash(sa_distinct *d, uint64_t hash);
/** Adds every value counted in `src` to `dst`. */
void sa_distinct_merge(sa_distinct *dst, const sa_distinct *src);
/** True while the count is exact. */
bool sa_distinct_is_exact(const sa_distinct *d);
/** The exact count, or the estimate rounded to the nearest whole number. */
uint64_t sa_distinct_count(const sa_distinct *d);
/** Relative standard error of an estimate (0.0081); 0 for an exact count. */
double sa_distinct_rse(const sa_distinct *d);

#endif
