/*
 * alloc.h — the one allocation-failure policy. Every allocation that cannot
 * be refused goes through these wrappers (or the arena and buffer, which use
 * them); on failure sa_oom() removes any report temporaries being written,
 * prints one line and exits with status 2 (unusable input: the run cannot be
 * completed), so no caller checks for NULL and no caller aborts on its own.
 * This is the single place below src/cli/ that prints or exits.
 */
#ifndef SA_ALLOC_H
#define SA_ALLOC_H

#include <stddef.h>

/** Ends the run: "specaudit: out of memory" on standard error, exit status 2. */
_Noreturn void sa_oom(void);

/** malloc, calloc, realloc and strdup that never return NULL. Zero sizes
 *  allocate one byte, so the result is always a distinct pointer. */
void *sa_xmalloc(size_t size);
void *sa_xcalloc(size_t n, size_t size);
void *sa_xrealloc(void *p, size_t size);
/** As sa_xrealloc for an array of n elements, failing (sa_oom) when n * size overflows. */
void *sa_xreallocarray(void *p, size_t n, size_t size);
char *sa_xstrdup(const char *s);
char *sa_xstrndup(const char *s, size_t n);

#endif
