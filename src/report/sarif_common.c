/*
 * sarif_common.c — artifact locations and rule texts for both SARIF writers.
 *
 * Code-scanning services resolve a relative URI against the repository's
 * root and drop a result whose URI leaves it, and SARIF reads "/tmp/x" as a
 * relative reference that cannot combine with a base (SARIF1004). So a path
 * is made lexically normal (".", ".." and repeated slashes resolved without
 * touching the file system) and then written relative to the working
 * directory when it lies inside it, else as an absolute file:// URI.
 */
#include "report/sarif_common.h"

#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

/* Drops the last segment of a normal path, never going below `base`. */
static void drop_segment(sa_buf *out, size_t base)
{
    size_t k = out->len;
    while (k > base && out->data[k - 1] != '/')
        k--;
    out->len = k > base ? k - 1 : base;
    out->data[out->len] = '\0';
}

/* Appends the lexical normal form of `path`; false when ".." climbs above the
 * start of a relative path (it then names something outside it). */
static bool normalise(const char *path, sa_buf *out)
{
    bool absolute = path[0] == '/';
    if (absolute)
        sa_buf_putc(out, '/');
    size_t base = out->len;
    for (const char *p = path; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            if (out->len == base && !absolute)
                return false;
            if (out->len > base)
                drop_segment(out, base);
        } else if (n && !(n == 1 && p[0] == '.')) {
            if (out->len > base)
                sa_buf_putc(out, '/');
            sa_buf_append(out, p, n);
        }
        p += n;
        p += *p == '/';
    }
    sa_buf_cstr(out);
    return true;
}

/* The working directory's normal form, or false when it cannot be known. */
static bool working_directory(sa_buf *out)
{
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd) || cwd[0] != '/')
        return false;
    return normalise(cwd, out);
}

/* Unreserved characters and '/' as they are; every other byte %XX. */
static void uri_encode(sa_buf *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            sa_buf_putc(out, (char)*p);
        else
            sa_buf_printf(out, "%%%02X", *p);
    }
}

/* Sets `rel` to the part of normal absolute `abs` below normal directory `dir`;
 * false when `abs` is not below it. */
static bool below(const char *abs, const char *dir, const char **rel)
{
    size_t n = strlen(dir);
    if (strcmp(dir, "/") == 0)
        n = 0;
    if (strncmp(abs, dir, n) != 0 || abs[n] != '/' || !abs[n + 1])
        return false;
    *rel = abs + n + 1;
    return true;
}

/* The normal absolute form of `path` (relative ones joined to `cwd`). */
static void absolute_path(const char *path, const char *cwd, sa_buf *out)
{
    sa_buf joined = SA_BUF_INIT;
    if (path[0] != '/')
        sa_buf_printf(&joined, "%s/", cwd);
    sa_buf_puts(&joined, path);
    normalise(sa_buf_cstr(&joined), out); /* an absolute path always normalises */
    sa_buf_free(&joined);
}

/* Writes the URI of `path` into `uri`; true when it is relative to %SRCROOT%. */
static bool path_uri(const char *path, sa_buf *uri)
{
    sa_buf norm = SA_BUF_INIT, cwd = SA_BUF_INIT;
    const char *rel = NULL, *abs = path;
    if (path[0] != '/' && normalise(path, &norm) && norm.len) {
        rel = sa_buf_cstr(&norm);
    } else if (working_directory(&cwd)) {
        sa_buf_clear(&norm);
        absolute_path(path, sa_buf_cstr(&cwd), &norm);
        abs = sa_buf_cstr(&norm);
        if (!below(abs, sa_buf_cstr(&cwd), &rel))
            rel = NULL;
    }
    if (!rel && abs[0] == '/')
        sa_buf_puts(uri, "file://");
    uri_encode(uri, rel ? rel : abs);
    bool relative = rel || abs[0] != '/';
    sa_buf_free(&norm);
    sa_buf_free(&cwd);
    return relative;
}

void sa_sarif_artifact_location(sa_jw *w, const char *key, const char *path, long index)
{
    sa_buf uri = SA_BUF_INIT;
    bool relative = path_uri(path ? path : "", &uri);
    sa_jw_object_inline(w, key);
    sa_jw_str(w, "uri", sa_buf_cstr(&uri));
    if (relative)
        sa_jw_str(w, "uriBaseId", SA_SARIF_SRCROOT);
    if (index >= 0)
        sa_jw_int(w, "index", index);
    sa_jw_close_object(w);
    sa_buf_free(&uri);
}

void sa_sarif_uri_base_ids(sa_jw *w)
{
    sa_jw_object_inline(w, "originalUriBaseIds");
    sa_jw_object_inline(w, SA_SARIF_SRCROOT);
    sa_sarif_message(w, "description", "The directory specaudit ran in: relative URIs are relative to it.");
    sa_jw_close_object(w);
    sa_jw_close_object(w);
}

void sa_sarif_message(sa_jw *w, const char *key, const char *text)
{
    sa_jw_object_inline(w, key);
    sa_jw_str(w, "text", text);
    sa_jw_close_object(w);
}

void sa_sarif_rule_texts(sa_jw *w, const char *title, const char *description, const char *help)
{
    sa_sarif_message(w, "shortDescription", title);
    sa_sarif_message(w, "fullDescription", description);
    sa_sarif_message(w, "help", help);
}
