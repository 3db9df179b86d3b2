/* strmap.c — open addressing with linear probing; entries kept in insertion order. */
#include "core/strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/arena.h"

typedef struct sa_strmap_entry {
    const char *key;
    size_t len;
    uint64_t hash;
    uintptr_t value;
} sa_strmap_entry;

struct sa_strmap {
    sa_arena *arena;
    sa_strmap_entry *entries; /* insertion order */
    size_t count;
    size_t cap_entries;
    uint32_t *slots; /* index + 1 into entries; 0 = empty */
    size_t nslots;   /* power of two */
};

uint64_t sa_hash_bytes(const void *data, size_t len)
{
    /* FNV-1a over 8-byte words with a final avalanche: fast and well spread. */
    const unsigned char *p = data;
    uint64_t h = 0xcbf29ce484222325ULL ^ (uint64_t)len;
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
        p += 8;
        len -= 8;
    }
    while (len--) {
        h = (h ^ *p++) * 0x100000001b3ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

sa_strmap *sa_strmap_new(size_t expected)
{
    sa_strmap *m = sa_xcalloc(1, sizeof *m);
    m->arena = sa_arena_new();
    size_t n = 16;
    while (n < expected * 2)
        n *= 2;
    m->nslots = n;
    m->slots = sa_xcalloc(n, sizeof *m->slots);
    m->cap_entries = n / 2;
    m->entries = sa_xcalloc(m->cap_entries, sizeof *m->entries);
    return m;
}

void sa_strmap_free(sa_strmap *m)
{
    if (!m)
        return;
    sa_arena_free(m->arena);
    free(m->entries);
    free(m->slots);
    free(m);
}

size_t sa_strmap_size(const sa_strmap *m)
{
    return m->count;
}

static size_t find_slot(const sa_strmap *m, const char *key, size_t len, uint64_t h)
{
    size_t mask = m->nslots - 1;
    size_t i = (size_t)h & mask;
    for (;;) {
        uint32_t s = m->slots[i];
        if (s == 0)
            return i;
        const sa_strmap_entry *e = &m->entries[s - 1];
        if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0)
            return i;
        i = (i + 1) & mask;
    }
}

static void grow(sa_strmap *m)
{
    size_t n = m->nslots * 2;
    uint32_t *slots = sa_xcalloc(n, sizeof *slots);
    size_t mask = n - 1;
    for (size_t k = 0; k < m->count; k++) {
        size_t i = (size_t)m->entries[k].hash & mask;
        while (slots[i])
            i = (i + 1) & mask;
        slots[i] = (uint32_t)(k + 1);
    }
    free(m->slots);
    m->slots = slots;
    m->nslots = n;
}

bool sa_strmap_get(const sa_strmap *m, const char *key, size_t len, uintptr_t *value)
{
    size_t i = find_slot(m, key, len, sa_hash_bytes(key, len));
    if (!m->slots[i])
        return false;
    if (value)
        *value = m->entries[m->slots[i] - 1].value;
    return true;
}

static sa_strmap_entry *insert(sa_strmap *m, const char *key, size_t len, bool *is_new)
{
    uint64_t h = sa_hash_bytes(key, len);
    size_t i = find_slot(m, key, len, h);
    if (m->slots[i]) {
        if (is_new)
            *is_new = false;
        return &m->entries[m->slots[i] - 1];
    }
    if (is_new)
        *is_new = true;
    if (m->count == m->cap_entries) {
        m->cap_entries *= 2;
        m->entries = sa_xrealloc(m->entries, m->cap_entries * sizeof *m->entries);
    }
    sa_strmap_entry *e = &m->entries[m->count];
    e->key = sa_arena_strndup(m->arena, key, len);
    e->len = len;
    e->hash = h;
    e->value = 0;
    m->slots[i] = (uint32_t)(++m->count);
    if (m->count * 4 > m->nslots * 3)
        grow(m);
    return e;
}

bool sa_strmap_put(sa_strmap *m, const char *key, size_t len, uintptr_t value)
{
    bool is_new;
    insert(m, key, len, &is_new)->value = value;
    return is_new;
}

const char *sa_strmap_intern(sa_strmap *m, const char *key, size_t len, bool *is_new)
{
    return insert(m, key, len, is_new)->key;
}

uintptr_t *sa_strmap_slot(sa_strmap *m, const char *key, size_t len)
{
    return &insert(m, key, len, NULL)->value;
}

bool sa_strmap_next(const sa_strmap *m, size_t *iter, const char **key, size_t *len, uintptr_t *value)
{
    if (*iter >= m->count)
        return false;
    const sa_strmap_entry *e = &m->entries[(*iter)++];
    if (key)
        *key = e->key;
    if (len)
        *len = e->len;
    if (value)
        *value = e->value;
    return true;
}
