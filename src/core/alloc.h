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

/*
 * Large buffers touched in full (a reader's block, a run of entries): from
 * SA_BIG_MIN bytes up they are rounded up to and aligned on 2 MiB and asked
 * for in huge pages (a hint; kernels that give them only on request), so
 * that filling one costs a page fault per 2 MiB instead of per 4 KiB. Where
 * faults are dear, as in virtual machines (3-4 ms a MiB touched in 4 KiB
 * pages against 0.1-0.2 ms in huge pages, measured on the benchmark host),
 * the reader's 1 MiB block and a growing run of unique values cost several
 * milliseconds a thread otherwise (validate on a 1 M-row file: 1 580 page
 * faults before, 540 after). Smaller sizes are plain malloc: a small return's
 * reader block costs no 2 MiB page (a unique column past its first 64 KiB of
 * values, about 4 000 rows, takes one). Freed with free().
 */
#define SA_BIG_MIN ((size_t)256 << 10)
void *sa_xmalloc_big(size_t size);
/** The bytes sa_xmalloc_big allocates for `size` (at least size): a buffer may as well use them. */
size_t sa_big_size(size_t size);
/** A buffer as from sa_xmalloc_big of `size` bytes holding the first `used` bytes of p
 *  (from sa_xmalloc_big or malloc; freed here). */
void *sa_xrealloc_big(void *p, size_t used, size_t size);

#endif
