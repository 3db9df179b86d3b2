/*
 * keys.c — rows that repeat a dataset's `key` across the returns read
 * together (and within one return): a provider resubmitting a corrected
 * month, overlapping extracts, a return named under two names. Such a row
 * would be counted twice, so the checks must know.
 *
 * A row's key is its dataset, its provider and the values of the key
 * columns, kept only as a 64-bit hash with the row's file and record, in the
 * flat-memory repeat finder of unique.c (sorted runs spilled to a temporary
 * file). Each reader (a thread's part of a file) keeps its own index, moved
 * into the run's under a lock once the part is known to be kept, so a part
 * dropped because its file is read again leaves nothing behind. Which row of
 * a repeated key counts as the first does not depend on the order the parts
 * arrive in: the smallest (file index, row) is.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"
#include "returns/returns_private.h"
#include "core/alloc.h"

struct sa_key_index {
    pthread_mutex_t lock;
    ret_unique *uniq;
    uint64_t added;
};

sa_key_index *sa_key_index_new(void)
{
    sa_key_index *k = sa_xcalloc(1, sizeof *k);
    pthread_mutex_init(&k->lock, NULL);
    /* Runs of 2 MiB (and as much sort scratch): the index lives through the whole run,
     * beside each file's own `unique` check, so it spills sooner than that check does. */
    k->uniq = ret_unique_new(128u * 1024u);
    return k;
}

void sa_key_index_free(sa_key_index *k)
{
    if (!k)
        return;
    ret_unique_free(k->uniq);
    pthread_mutex_destroy(&k->lock);
    free(k);
}

/* Mixes one more 64-bit word into a running hash (murmur3's finaliser on the sum). */
static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* A value's own bits: equal values (as decoded, so 007 and 7 are one int) hash equally. */
static uint64_t value_bits(const sa_value *v)
{
    switch (v->kind) {
    case SA_VAL_STRING: return sa_hash_bytes(v->as.str.ptr, v->as.str.len);
    case SA_VAL_INT: return (uint64_t)v->as.i;
    case SA_VAL_DECIMAL: {
        double d = v->as.d == 0 ? 0 : v->as.d; /* -0 and 0 are one value */
        uint64_t b;
        memcpy(&b, &d, sizeof b);
        return b;
    }
    case SA_VAL_BOOL: return v->as.b;
    case SA_VAL_DATE: return (uint64_t)(int64_t)v->as.date;
    case SA_VAL_DATETIME: return (uint64_t)(int64_t)v->as.dt;
    case SA_VAL_DURATION: return (uint64_t)v->as.seconds;
    default: return 0;
    }
}

bool sa_row_key_hash(const sa_row *row, size_t dataset, const int *columns, size_t ncolumns, uint64_t *out)
{
    uint64_t h = mix(0x6b6579, dataset);
    h = mix(h, row->provider ? sa_hash_bytes(row->provider, strlen(row->provider)) : 0);
    for (size_t i = 0; i < ncolumns; i++) {
        if (columns[i] < 0 || (size_t)columns[i] >= row->nvalues)
            return false;
        const sa_value *v = &row->values[columns[i]];
        if (v->kind == SA_VAL_EMPTY)
            return false; /* a row without its whole key identifies nothing */
        h = mix(mix(h, (uint64_t)v->kind), value_bits(v));
    }
    *out = h ? h : 1;
    return true;
}

void sa_key_index_add(sa_key_index *k, uint64_t hash, uint64_t record, uint32_t file)
{
    ret_unique_add(k->uniq, hash, record, file, false);
    k->added++;
}

void sa_key_index_absorb(sa_key_index *dst, sa_key_index *src)
{
    pthread_mutex_lock(&dst->lock);
    ret_unique_absorb(dst->uniq, src->uniq);
    dst->added += src->added;
    src->added = 0;
    pthread_mutex_unlock(&dst->lock);
}

int sa_key_index_finish(sa_key_index *k, sa_key_repeat_fn fn, void *ctx)
{
    return k->added ? ret_unique_finish_across(k->uniq, fn, ctx) : 0;
}
