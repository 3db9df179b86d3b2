/* progress.c — the progress line drawn while returns are read. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/app_internal.h"
#include "core/alloc.h"

struct sa_app_progress {
    _Atomic uint64_t rows, bytes;
    uint64_t total;
    FILE *err;
    double start, last; /* seconds: the start of reading, the last time the line was drawn */
    double after;       /* seconds before the first line (SPECAUDIT_PROGRESS_AFTER; default 2) */
    bool drawn;
    pthread_mutex_t mu;
};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

sa_app_progress *sa_app_progress_new(FILE *err, bool quiet, const sa_return_file *files, size_t nfiles)
{
    if (quiet || !isatty(fileno(err)))
        return NULL;
    sa_app_progress *p = sa_xcalloc(1, sizeof *p);
    p->err = err;
    for (size_t i = 0; i < nfiles; i++) {
        struct stat st;
        if (stat(files[i].path, &st) == 0 && S_ISREG(st.st_mode))
            p->total += (uint64_t)st.st_size;
    }
    p->start = now_seconds();
    p->last = p->start - 1.0; /* the first line may come as soon as `after` has passed */
    const char *after = getenv("SPECAUDIT_PROGRESS_AFTER");
    p->after = after && *after ? atof(after) : 2.0;
    pthread_mutex_init(&p->mu, NULL);
    return p;
}

void sa_app_progress_add(void *ctx, uint64_t rows, uint64_t bytes)
{
    sa_app_progress *p = ctx;
    uint64_t r = atomic_fetch_add(&p->rows, rows) + rows;
    uint64_t b = atomic_fetch_add(&p->bytes, bytes) + bytes;
    double t = now_seconds();
    if (t - p->start < p->after || t - p->last < 0.25 || pthread_mutex_trylock(&p->mu) != 0)
        return; /* the first 2 s draw nothing; then a few times a second, by one thread */
    p->last = t;
    p->drawn = true;
    if (p->total > 0)
        fprintf(p->err, "\r\033[Kreading: %llu rows, %.0f MB/s, %.0f%% of %.0f MB", (unsigned long long)r,
                (double)b / 1e6 / (t - p->start), 100.0 * (double)(b < p->total ? b : p->total) / (double)p->total,
                (double)p->total / 1e6);
    else
        fprintf(p->err, "\r\033[Kreading: %llu rows, %.0f MB/s", (unsigned long long)r,
                (double)b / 1e6 / (t - p->start));
    fflush(p->err);
    pthread_mutex_unlock(&p->mu);
}

void sa_app_progress_free(sa_app_progress *p)
{
    if (!p)
        return;
    if (p->drawn)
        fputs("\r\033[K", p->err);
    pthread_mutex_destroy(&p->mu);
    free(p);
}
