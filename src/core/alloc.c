/* alloc.c — allocation wrappers and the out-of-memory exit (see alloc.h). */
#include "core/alloc.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/fileio.h"

_Noreturn void sa_oom(void)
{
    static const char msg[] = "specaudit: out of memory\n";
    sa_atomic_remove_pending();
    /* write(2), not stdio: stdio may itself need memory. */
    ssize_t unused = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)unused;
    _exit(2);
}

void *sa_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        sa_oom();
    return p;
}

void *sa_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        sa_oom();
    return p;
}

void *sa_xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        sa_oom();
    return q;
}

void *sa_xreallocarray(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        sa_oom();
    return sa_xrealloc(p, n * size);
}

char *sa_xstrdup(const char *s)
{
    return sa_xstrndup(s, strlen(s));
}

char *sa_xstrndup(const char *s, size_t n)
{
    char *p = sa_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

#define HUGE_PAGE ((size_t)2 << 20)

size_t sa_big_size(size_t size)
{
    if (size < SA_BIG_MIN)
        return size;
    if (size > SIZE_MAX - HUGE_PAGE)
        sa_oom();
    return (size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

void *sa_xmalloc_big(size_t size)
{
    if (size < SA_BIG_MIN)
        return sa_xmalloc(size);
    size = sa_big_size(size);
    void *p;
    if (posix_memalign(&p, HUGE_PAGE, size) != 0)
        sa_oom();
#ifdef MADV_HUGEPAGE
    (void)madvise(p, size, MADV_HUGEPAGE); /* a hint: refused, the pages are 4 KiB */
#endif
    return p;
}

void *sa_xrealloc_big(void *p, size_t used, size_t size)
{
    assert(used <= size);
    if (size < SA_BIG_MIN)
        return sa_xrealloc(p, size);
    void *q = sa_xmalloc_big(size);
    if (used)
        memcpy(q, p, used);
    free(p);
    return q;
}
