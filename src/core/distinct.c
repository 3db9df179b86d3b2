/* distinct.c — exact set of hashes up to a bound, HyperLogLog past it. */
#include "core/distinct.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/strmap.h"

#define REGISTERS ((size_t)1 << SA_DISTINCT_P)
#define Q (64 - SA_DISTINCT_P) /* hash bits left for the rank */

/* The splitmix64 finaliser: every input bit reaches every output bit, which
 * HyperLogLog's ranks need (the leading bits pick the register). */
static uint64_t mix(uint64_t h)
{
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h;
}

void sa_distinct_init(sa_distinct *d)
{
    memset(d, 0, sizeof *d);
}

void sa_distinct_free(sa_distinct *d)
{
    free(d->set);
    free(d->reg);
    sa_distinct_init(d);
}

bool sa_distinct_is_exact(const sa_distinct *d)
{
    return d->reg == NULL;
}

static void hll_add(uint8_t *reg, uint64_t h)
{
    size_t i = (size_t)(h >> Q);
    uint64_t w = h << SA_DISTINCT_P;
    /* rank = position of the first 1 bit among the Q low bits, Q + 1 if none */
    uint8_t rank = w ? (uint8_t)(__builtin_clzll(w) + 1) : (uint8_t)(Q + 1);
    if (rank > reg[i])
        reg[i] = rank;
}

/* Folds the exact set into registers; the count is an estimate from now on. */
static void to_sketch(sa_distinct *d)
{
    d->reg = sa_xcalloc(REGISTERS, 1);
    for (size_t i = 0; i < d->cap; i++)
        if (d->set[i])
            hll_add(d->reg, d->set[i]);
    if (d->has_zero)
        hll_add(d->reg, 0);
    free(d->set);
    d->set = NULL;
    d->cap = d->n = 0;
}

static void set_put(uint64_t *set, size_t cap, uint64_t h, size_t *n)
{
    size_t mask = cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        if (set[i] == h)
            return;
        if (set[i] == 0) {
            set[i] = h;
            (*n)++;
            return;
        }
    }
}

static void set_grow(sa_distinct *d)
{
    size_t cap = d->cap ? d->cap * 2 : 64;
    uint64_t *set = sa_xcalloc(cap, sizeof *set);
    size_t n = 0;
    for (size_t i = 0; i < d->cap; i++)
        if (d->set[i])
            set_put(set, cap, d->set[i], &n);
    assert(n == d->n);
    free(d->set);
    d->set = set;
    d->cap = cap;
}

/* Adds a mixed hash: to the set while exact, to the registers after. */
static void add_mixed(sa_distinct *d, uint64_t h)
{
    if (d->reg) {
        hll_add(d->reg, h);
        return;
    }
    if (h == 0) {
        d->has_zero = true;
    } else {
        if (2 * (d->n + 1) > d->cap) /* load stays at most one half */
            set_grow(d);
        set_put(d->set, d->cap, h, &d->n);
    }
    if (d->n + d->has_zero > SA_DISTINCT_EXACT_MAX)
        to_sketch(d);
}

void sa_distinct_add_hash(sa_distinct *d, uint64_t hash)
{
    add_mixed(d, mix(hash));
}

void sa_distinct_add(sa_distinct *d, const void *data, size_t len)
{
    sa_distinct_add_hash(d, sa_hash_bytes(data, len));
}

void sa_distinct_merge(sa_distinct *dst, const sa_distinct *src)
{
    if (src->reg) {
        if (!dst->reg)
            to_sketch(dst);
        for (size_t i = 0; i < REGISTERS; i++)
            if (src->reg[i] > dst->reg[i])
                dst->reg[i] = src->reg[i];
        return;
    }
    for (size_t i = 0; i < src->cap; i++)
        if (src->set[i])
            add_mixed(dst, src->set[i]);
    if (src->has_zero)
        add_mixed(dst, 0);
}

/* Ertl's sigma and tau (equations 3 and 4 of the paper), summed until the
 * terms no longer change the double. */
static double sigma(double x)
{
    if (x == 1.0)
        return INFINITY;
    double y = 1.0, z = x, old;
    do {
        x *= x;
        old = z;
        z += x * y;
        y += y;
    } while (z != old);
    return z;
}

static double tau(double x)
{
    if (x == 0.0 || x == 1.0)
        return 0.0;
    double y = 1.0, z = 1.0 - x, old;
    do {
        x = sqrt(x);
        old = z;
        y *= 0.5;
        z -= (1.0 - x) * (1.0 - x) * y;
    } while (z != old);
    return z / 3.0;
}

static double estimate(const uint8_t *reg)
{
    double m = (double)REGISTERS;
    uint32_t c[Q + 2] = {0};
    for (size_t i = 0; i < REGISTERS; i++)
        c[reg[i]]++;
    double z = m * tau(1.0 - c[Q + 1] / m);
    for (int k = Q; k >= 1; k--)
        z = 0.5 * (z + c[k]);
    z += m * sigma(c[0] / m);
    return m * m / (2.0 * log(2.0) * z);
}

uint64_t sa_distinct_count(const sa_distinct *d)
{
    if (!d->reg)
        return d->n + d->has_zero;
    return (uint64_t)llround(estimate(d->reg));
}

double sa_distinct_rse(const sa_distinct *d)
{
    return d->reg ? 1.04 / sqrt((double)REGISTERS) : 0.0;
}
