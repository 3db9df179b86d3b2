/* alloc.c — allocation wrappers and the out-of-memory exit (see alloc.h). */
#include "core/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
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
