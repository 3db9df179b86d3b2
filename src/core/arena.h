/*
 * arena.h — region allocator for parse trees and interned strings.
 *
 * Ownership: everything allocated from an arena lives until sa_arena_free();
 * nothing allocated here is freed on its own. Allocation failure aborts the
 * process with a message (out-of-memory is not a recoverable input error;
 * input size limits are enforced by the parsers before they allocate).
 */
#ifndef SA_ARENA_H
#define SA_ARENA_H

#include <stddef.h>

typedef struct sa_arena sa_arena;

/** Creates an empty arena. Never returns NULL. */
sa_arena *sa_arena_new(void);

/** Frees the arena and everything allocated from it. NULL is a no-op. */
void sa_arena_free(sa_arena *arena);

/** Returns `size` zeroed bytes aligned for any type. */
void *sa_arena_alloc(sa_arena *arena, size_t size);

/** Returns a zeroed array of `count` elements of `size` bytes (overflow-checked). */
void *sa_arena_calloc(sa_arena *arena, size_t count, size_t size);

/** Copies a NUL-terminated string into the arena. NULL in, NULL out. */
char *sa_arena_strdup(sa_arena *arena, const char *s);

/** Copies `len` bytes and appends a NUL. */
char *sa_arena_strndup(sa_arena *arena, const char *s, size_t len);

/** printf into the arena. */
char *sa_arena_printf(sa_arena *arena, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** Total bytes handed out so far (for limits and tests). */
size_t sa_arena_used(const sa_arena *arena);

#endif
