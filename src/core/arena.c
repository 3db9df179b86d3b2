/* arena.c — bump allocator over a chain of blocks. */
#include "core/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

#define SA_ARENA_BLOCK 65536u
#define SA_ARENA_ALIGN 16u

typedef struct sa_arena_block {
    struct sa_arena_block *next;
    size_t used;
    size_t size;
    _Alignas(16) unsigned char data[];
} sa_arena_block;

struct sa_arena {
    sa_arena_block *head;
    size_t total;
};

sa_arena *sa_arena_new(void)
{
    sa_arena *a = calloc(1, sizeof *a);
    if (!a)
        sa_oom();
    return a;
}

void sa_arena_free(sa_arena *arena)
{
    if (!arena)
        return;
    sa_arena_block *b = arena->head;
    while (b) {
        sa_arena_block *next = b->next;
        free(b);
        b = next;
    }
    free(arena);
}

void *sa_arena_alloc(sa_arena *arena, size_t size)
{
    size_t rounded = (size + SA_ARENA_ALIGN - 1) & ~(size_t)(SA_ARENA_ALIGN - 1);
    if (rounded < size)
        sa_oom();
    sa_arena_block *b = arena->head;
    if (!b || b->size - b->used < rounded) {
        size_t block_size = rounded > SA_ARENA_BLOCK / 4 ? rounded : SA_ARENA_BLOCK;
        sa_arena_block *nb = malloc(sizeof *nb + block_size);
        if (!nb)
            sa_oom();
        nb->used = 0;
        nb->size = block_size;
        if (b && block_size != SA_ARENA_BLOCK) {
            /* A large one-off allocation goes behind the current block so the
             * current block's free space stays usable. */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            arena->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += rounded;
    arena->total += rounded;
    memset(p, 0, size);
    return p;
}

void *sa_arena_calloc(sa_arena *arena, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        sa_oom();
    return sa_arena_alloc(arena, count * size);
}

char *sa_arena_strndup(sa_arena *arena, const char *s, size_t len)
{
    char *p = sa_arena_alloc(arena, len + 1);
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *sa_arena_strdup(sa_arena *arena, const char *s)
{
    return s ? sa_arena_strndup(arena, s, strlen(s)) : NULL;
}

char *sa_arena_printf(sa_arena *arena, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    char *p = sa_arena_alloc(arena, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

size_t sa_arena_used(const sa_arena *arena)
{
    return arena->total;
}
