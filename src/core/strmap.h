/*
 * strmap.h — open-addressing hash map from byte strings to a pointer-sized
 * value, also used as an interning table. Keys are copied into the map's own
 * arena. Not thread-safe; one map per thread.
 */
#ifndef SA_STRMAP_H
#define SA_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sa_strmap sa_strmap;

/** `expected` sizes the table once for that many keys (it still grows). */
sa_strmap *sa_strmap_new(size_t expected);
void sa_strmap_free(sa_strmap *m);
size_t sa_strmap_size(const sa_strmap *m);

/** 64-bit FNV-1a-style hash used by the map (exposed for callers that keep hashes). */
uint64_t sa_hash_bytes(const void *data, size_t len);

/** Finds `key`; returns true and sets *value when present. */
bool sa_strmap_get(const sa_strmap *m, const char *key, size_t len, uintptr_t *value);
/** Inserts or replaces. Returns true when the key was new. */
bool sa_strmap_put(sa_strmap *m, const char *key, size_t len, uintptr_t value);
/**
 * Interns `key`: returns the map's stable NUL-terminated copy (valid until
 * sa_strmap_free), inserting it with value 0 when new. *is_new may be NULL.
 */
const char *sa_strmap_intern(sa_strmap *m, const char *key, size_t len, bool *is_new);
/** Returns a pointer to the value slot of `key`, inserting 0 when absent.
 *  The pointer is valid until the next insertion. */
uintptr_t *sa_strmap_slot(sa_strmap *m, const char *key, size_t len);

/** Iterates in insertion order: call with *iter = 0 until it returns false. */
bool sa_strmap_next(const sa_strmap *m, size_t *iter, const char **key, size_t *len, uintptr_t *value);

#endif
