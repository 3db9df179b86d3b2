/*
 * identity.c — which of the returns given are read. The same return given
 * twice (the same path, `./path`, a symlink or a hard link to it, or a copy
 * with the same bytes) is read once: overlapping shell globs and a file named
 * twice must never count its rows twice.
 *
 * Identity is decided without hashing file contents: the same device and
 * inode is the same file; otherwise two files of one dataset are compared
 * byte for byte, and only when their sizes are equal, so files that differ
 * cost one stat each. Comparison reads both files in blocks and stops at the
 * first difference.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "returns/returns_private.h"
#include "core/alloc.h"

bool sa_file_same_identity(const char *a, const char *b)
{
    struct stat sa, sb;
    if (strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
        return strcmp(a, b) == 0;
    if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
        return false;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Reads up to `len` bytes, retrying short reads; the count read, or -1. */
static ssize_t read_full(int fd, char *buf, size_t len)
{
    size_t got = 0;
    while (got < len) {
        ssize_t k = read(fd, buf + got, len - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return -1;
        if (k == 0)
            break;
        got += (size_t)k;
    }
    return (ssize_t)got;
}

/* Whether two open files hold the same bytes (sizes already equal). */
static bool same_bytes(int fa, int fb)
{
    enum { BLOCK = 64 * 1024 };
    char *x = sa_xmalloc(2 * BLOCK);
    char *y = x + BLOCK;
    bool same = true;
    for (;;) {
        ssize_t na = read_full(fa, x, BLOCK), nb = read_full(fb, y, BLOCK);
        if (na < 0 || nb < 0 || na != nb || memcmp(x, y, (size_t)na) != 0) {
            same = false;
            break;
        }
        if (na < BLOCK)
            break;
    }
    free(x);
    return same;
}

bool sa_file_same_content(const char *a, const char *b)
{
    struct stat sa, sb;
    if (strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
        return false; /* standard input is read once, never compared */
    if (stat(a, &sa) != 0 || stat(b, &sb) != 0 || !S_ISREG(sa.st_mode) || !S_ISREG(sb.st_mode))
        return false;
    if (sa.st_size != sb.st_size)
        return false;
    if (sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino)
        return true;
    int fa = open(a, O_RDONLY | O_CLOEXEC), fb = open(b, O_RDONLY | O_CLOEXEC);
    bool same = fa >= 0 && fb >= 0 && same_bytes(fa, fb);
    if (fa >= 0)
        close(fa);
    if (fb >= 0)
        close(fb);
    return same;
}

/* What identifies a return on disk, taken once per file. */
typedef struct ident {
    bool ok; /* a regular file that could be stat'ed (never standard input) */
    dev_t dev;
    ino_t ino;
    off_t size;
} ident;

static ident ident_of(const char *path)
{
    ident id = {false, 0, 0, 0};
    struct stat st;
    if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode))
        id = (ident){true, st.st_dev, st.st_ino, st.st_size};
    return id;
}

/* "the same file" / "the same content" when returns i and j are one, else NULL. */
static const char *same_return(const sa_return_file *files, const ident *ids, size_t i, size_t j)
{
    if (files[i].dataset != files[j].dataset)
        return NULL;
    if (strcmp(files[i].path, files[j].path) == 0)
        return "the same file";
    if (!ids[i].ok || !ids[j].ok)
        return NULL;
    if (ids[i].dev == ids[j].dev && ids[i].ino == ids[j].ino)
        return "the same file";
    if (ids[i].size == ids[j].size && sa_file_same_content(files[i].path, files[j].path))
        return "the same content";
    return NULL;
}

const char **sa_returns_read_once(const sa_return_file *files, size_t n, sa_arena *arena, sa_diags *diags)
{
    const char **why = sa_arena_calloc(arena, n ? n : 1, sizeof *why);
    ident *ids = sa_xmalloc((n ? n : 1) * sizeof *ids);
    for (size_t i = 0; i < n; i++)
        ids[i] = ident_of(files[i].path);
    for (size_t i = 1; i < n; i++) {
        for (size_t j = 0; j < i && !why[i]; j++) {
            const char *same = why[j] ? NULL : same_return(files, ids, i, j);
            if (!same)
                continue;
            why[i] = sa_arena_printf(arena, "%s as %s", same, files[j].path);
            sa_diags_warning(diags, "W-RET-SAME-FILE", (sa_pos){files[i].path, 0, 0},
                             "expected each return once, found %s: it is read once", why[i]);
        }
    }
    free(ids);
    return why;
}
