/* fileio.c — bounded input reads and atomic output. */
#include "core/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"

static sa_pos file_pos(const char *path)
{
    return (sa_pos){path, 0, 0};
}

bool sa_file_check_input(const char *path, sa_diags *diags)
{
    if (strcmp(path, "-") == 0)
        return true;
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno == ENOENT)
            sa_diags_error(diags, "E-IO-NOT-FOUND", file_pos(path), "no such file");
        else
            sa_diags_error(diags, "E-IO-UNREADABLE", file_pos(path), "cannot read: %s", strerror(errno));
        return false;
    }
    if (S_ISDIR(st.st_mode)) {
        sa_diags_error(diags, "E-IO-IS-DIRECTORY", file_pos(path), "expected a file, found a directory");
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        sa_diags_error(diags, "E-IO-NOT-REGULAR", file_pos(path),
                       "expected a regular file, found a FIFO, socket or device");
        return false;
    }
    if (access(path, R_OK) != 0) {
        sa_diags_error(diags, "E-IO-UNREADABLE", file_pos(path), "cannot read: %s", strerror(errno));
        return false;
    }
    return true;
}

int sa_file_read_all(const char *path, size_t max_bytes, char **data, size_t *len, sa_diags *diags)
{
    *data = NULL;
    *len = 0;
    if (!sa_file_check_input(path, diags))
        return -1;
    bool is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        sa_diags_error(diags, "E-IO-UNREADABLE", file_pos(path), "cannot open: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (max_bytes && !is_stdin && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size > max_bytes) {
        sa_diags_error(diags, "E-IO-TOO-LARGE", file_pos(path),
                       "expected a file of at most %zu bytes, found one of %llu bytes", max_bytes,
                       (unsigned long long)st.st_size);
        close(fd);
        return -1;
    }
    size_t cap = 65536, n = 0;
    char *buf = sa_xmalloc(cap + 1);
    for (;;) {
        if (n == cap) {
            if (max_bytes && cap >= max_bytes + 1)
                break;
            cap *= 2;
            buf = sa_xrealloc(buf, cap + 1);
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            sa_diags_error(diags, "E-IO-UNREADABLE", file_pos(path), "read failed: %s", strerror(errno));
            free(buf);
            if (!is_stdin)
                close(fd);
            return -1;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (max_bytes && n > max_bytes)
            break;
    }
    if (!is_stdin)
        close(fd);
    if (max_bytes && n > max_bytes) {
        sa_diags_error(diags, "E-IO-TOO-LARGE", file_pos(path),
                       "expected a file of at most %zu bytes, found a larger one", max_bytes);
        free(buf);
        return -1;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
}

/* The process umask, read without changing it (umask(2) can only be read by
 * setting it, which would race with other threads creating files). Falls back
 * to the most private mode when /proc is unavailable. */
static mode_t current_umask(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    mode_t mask = 077;
    if (!f)
        return mask;
    char line[256];
    while (fgets(line, sizeof line, f)) {
        unsigned int m;
        if (sscanf(line, "Umask: %o", &m) == 1) {
            mask = (mode_t)(m & 0777);
            break;
        }
    }
    fclose(f);
    return mask;
}

/* ---- temporaries removed on a fatal signal ---------------------------------
 * A report being written exists only as its temporary. SIGINT, SIGTERM and
 * SIGHUP remove every open temporary and then end the process as the signal
 * would have; the handler may only call async-signal-safe functions, so the
 * names live in a static table (a slot is filled before it is marked used and
 * unmarked before it is reused). SIGXFSZ is ignored: a write past `ulimit -f`
 * then fails with EFBIG and is reported (E-IO-WRITE) like a full disk. */
#define PENDING_MAX 8
static char pending_path[PENDING_MAX][PATH_MAX];
static volatile sig_atomic_t pending_used[PENDING_MAX];
static pthread_mutex_t pending_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t signals_once = PTHREAD_ONCE_INIT;
static const int fatal_signals[] = {SIGINT, SIGTERM, SIGHUP};

void sa_atomic_remove_pending(void)
{
    for (int i = 0; i < PENDING_MAX; i++)
        if (pending_used[i])
            unlink(pending_path[i]);
}

static void on_fatal_signal(int sig)
{
    int saved = errno;
    sa_atomic_remove_pending();
    signal(sig, SIG_DFL);
    errno = saved;
    raise(sig);
}

static void install_signals(void)
{
    signal(SIGXFSZ, SIG_IGN);
    for (size_t i = 0; i < sizeof fatal_signals / sizeof *fatal_signals; i++) {
        struct sigaction old;
        /* A signal the caller ignores (nohup, a background job) stays ignored. */
        if (sigaction(fatal_signals[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
            continue;
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_fatal_signal;
        sigemptyset(&sa.sa_mask);
        for (size_t k = 0; k < sizeof fatal_signals / sizeof *fatal_signals; k++)
            sigaddset(&sa.sa_mask, fatal_signals[k]);
        sigaction(fatal_signals[i], &sa, NULL);
    }
}

/* The slot now holding `tmp`, or -1 when the table is full (the temporary is
 * then only removed by a normal exit path). */
static int pending_add(const char *tmp)
{
    pthread_once(&signals_once, install_signals);
    if (strlen(tmp) >= PATH_MAX)
        return -1;
    pthread_mutex_lock(&pending_lock);
    int slot = -1;
    for (int i = 0; i < PENDING_MAX && slot < 0; i++)
        if (!pending_used[i])
            slot = i;
    if (slot >= 0) {
        strcpy(pending_path[slot], tmp);
        pending_used[slot] = 1;
    }
    pthread_mutex_unlock(&pending_lock);
    return slot;
}

static void pending_remove(int slot)
{
    if (slot >= 0)
        pending_used[slot] = 0;
}

/* ".NAME.XXXXXX" beside `path`, the name cut so that it stays within NAME_MAX. */
static char *temp_name(const char *path)
{
    size_t n = strlen(path) + 32;
    char *t = sa_xmalloc(n);
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    int dir_len = slash ? (int)(slash - path) + 1 : 0;
    int keep = (int)strlen(base);
    if (keep > NAME_MAX - 8)
        keep = NAME_MAX - 8;
    snprintf(t, n, "%.*s.%.*s.XXXXXX", dir_len, path, keep, base);
    return t;
}

typedef struct sa_atomic_file {
    FILE *stream;
    char *path;
    char *tmp_path;
    bool is_stdout;
    bool direct; /* not a regular file: written in place, no rename */
    int slot;    /* in the signal handler's table, or -1 */
} sa_atomic_file;

/* Opens a temporary beside `path` ("-" writes to standard output directly).
 * Returns NULL (with E-IO-WRITE) when the directory is missing or not writable. */
static sa_atomic_file *atomic_open(const char *path, sa_diags *diags)
{
    sa_atomic_file *f = sa_xcalloc(1, sizeof *f);
    f->slot = -1;
    pthread_once(&signals_once, install_signals);
    if (strcmp(path, "-") == 0) {
        f->stream = stdout;
        f->is_stdout = true;
        return f;
    }
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* A device or FIFO (e.g. /dev/stdout, /dev/full) cannot be renamed
         * over: write to it directly. */
        if (S_ISDIR(st.st_mode)) {
            sa_diags_error(diags, "E-IO-WRITE", file_pos(path), "cannot write: it is a directory");
            free(f);
            return NULL;
        }
        f->stream = fopen(path, "w");
        if (!f->stream) {
            sa_diags_error(diags, "E-IO-WRITE", file_pos(path), "cannot open for writing: %s",
                           strerror(errno));
            free(f);
            return NULL;
        }
        f->path = sa_xstrdup(path);
        f->direct = true;
        return f;
    }
    f->path = sa_xstrdup(path);
    /* The temporary sits in the destination's directory so rename() is atomic. */
    f->tmp_path = temp_name(path);
    /* The fatal signals wait until the temporary is in the handler's table: a
     * signal between its creation and its registration would leave it behind. */
    sigset_t fatal, before;
    sigemptyset(&fatal);
    for (size_t i = 0; i < sizeof fatal_signals / sizeof *fatal_signals; i++)
        sigaddset(&fatal, fatal_signals[i]);
    pthread_sigmask(SIG_BLOCK, &fatal, &before);
    int fd = mkstemp(f->tmp_path);
    if (fd >= 0)
        f->slot = pending_add(f->tmp_path);
    pthread_sigmask(SIG_SETMASK, &before, NULL);
    if (fd < 0) {
        sa_diags_error(diags, "E-IO-WRITE", file_pos(path), "cannot create the output file: %s",
                       strerror(errno));
        free(f->path);
        free(f->tmp_path);
        free(f);
        return NULL;
    }
    /* mkstemp creates 0600; give the report the mode the user's umask asks for,
     * as open(O_CREAT, 0666) would, so a restrictive umask keeps reports that
     * may hold identifiers private. */
    fchmod(fd, 0666 & ~current_umask());
    f->stream = fdopen(fd, "w");
    if (!f->stream) {
        close(fd);
        unlink(f->tmp_path);
        pending_remove(f->slot);
        sa_diags_error(diags, "E-IO-WRITE", file_pos(path), "cannot open the output file: %s",
                       strerror(errno));
        free(f->path);
        free(f->tmp_path);
        free(f);
        return NULL;
    }
    return f;
}


static void atomic_release(sa_atomic_file *f)
{
    pending_remove(f->slot);
    free(f->path);
    free(f->tmp_path);
    free(f);
}

/* Flushes, fsyncs and renames into place; on any error removes the temporary,
 * reports E-IO-WRITE and returns -1. Frees `f` either way. */
static int atomic_commit(sa_atomic_file *f, sa_diags *diags)
{
    if (f->is_stdout) {
        int bad = fflush(stdout) != 0 || ferror(stdout);
        if (bad)
            sa_diags_error(diags, "E-IO-WRITE", file_pos("<stdout>"), "writing failed: %s",
                           strerror(errno));
        atomic_release(f);
        return bad ? -1 : 0;
    }
    bool ok = fflush(f->stream) == 0 && !ferror(f->stream);
    int saved = errno;
    if (f->direct) {
        if (fclose(f->stream) != 0 && ok) {
            ok = false;
            saved = errno;
        }
        if (!ok)
            sa_diags_error(diags, "E-IO-WRITE", file_pos(f->path), "writing failed: %s", strerror(saved));
        atomic_release(f);
        return ok ? 0 : -1;
    }
    if (ok && fsync(fileno(f->stream)) != 0 && errno != EINVAL && errno != EROFS) {
        ok = false;
        saved = errno;
    }
    if (fclose(f->stream) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (ok && rename(f->tmp_path, f->path) != 0) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        unlink(f->tmp_path);
        sa_diags_error(diags, "E-IO-WRITE", file_pos(f->path), "writing failed, nothing written: %s",
                       strerror(saved));
    }
    atomic_release(f);
    return ok ? 0 : -1;
}

int sa_write_file_atomic(const char *path, const void *data, size_t len, sa_diags *diags)
{
    sa_atomic_file *f = atomic_open(path, diags);
    if (!f)
        return -1;
    if (len && fwrite(data, 1, len, f->stream) != len) {
        /* commit reports the stream error and removes the temporary */
    }
    return atomic_commit(f, diags);
}
