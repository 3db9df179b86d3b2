/*
 * diff_git.c — `diff --git REV`: every specification (YAML with a top-level
 * `specaudit:` key) and agreement (XML whose root is an agreement) changed
 * between REV and the working tree is compared; the old text is read with
 * `git show REV:path`.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/diff_run.h"

/* ---- running git -------------------------------------------------------------- */

/*
 * Runs argv (no shell: revisions and paths are never interpreted), collecting
 * standard output into `out`. Standard error goes to /dev/null when `quiet`.
 * Returns the exit status, or -1 when the program could not be run.
 */
static int run_capture_max(char *const argv[], sa_buf *out, bool quiet, size_t max);

static int run_capture(char *const argv[], sa_buf *out, bool quiet)
{
    return run_capture_max(argv, out, quiet, 0);
}

/* run_capture reading at most `max` bytes (0: no limit): past them the program
 * is stopped and -2 returned, so an old blob of any size costs `max` at most. */
static int run_capture_max(char *const argv[], sa_buf *out, bool quiet, size_t max)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        if (quiet) {
            int devnull = open("/dev/null", O_WRONLY);
            if (devnull >= 0) {
                dup2(devnull, STDERR_FILENO);
                close(devnull);
            }
        }
        execvp(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    char chunk[65536];
    for (;;) {
        ssize_t got = read(fds[0], chunk, sizeof chunk);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        sa_buf_append(out, chunk, (size_t)got);
        if (max && out->len > max)
            break;
    }
    close(fds[0]);
    bool too_large = max && out->len > max;
    if (too_large)
        kill(pid, SIGTERM);
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return -1;
    }
    if (too_large)
        return -2;
    if (!WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status) == 127 ? -1 : WEXITSTATUS(status);
}

/* ---- --git ---------------------------------------------------------------------------------- */

/* One file git reports as changed between REV and the working tree: added
 * (no old path), deleted (no new path), modified, or renamed (both paths). */
typedef struct git_change {
    char *old_path; /* relative to the top of the working tree; NULL when added */
    char *new_path; /* NULL when deleted */
    char *old_text; /* the old file's bytes (git show REV:old_path), NUL-terminated */
    size_t old_len;
    char *new_text; /* the working tree's file */
    size_t new_len;
    bool unreadable; /* a side could not be read (reported): the run exits 2 */
    char *old_id;    /* the id each side's document gives itself (NULL: none), */
    char *new_id;    /* for pairing a move that git did not see */
} git_change;

typedef struct git_changes {
    git_change *items;
    size_t n, cap;
} git_changes;

static void git_changes_free(git_changes *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->items[i].old_path);
        free(c->items[i].new_path);
        free(c->items[i].old_text);
        free(c->items[i].new_text);
        free(c->items[i].old_id);
        free(c->items[i].new_id);
    }
    free(c->items);
}

/* Only YAML and XML can be specifications or agreements; anything else
 * changed alongside (returns, docs, submodules) is not even read. */
static bool maybe_document(const char *path)
{
    return path && (sa_app_has_suffix(path, ".yaml") || sa_app_has_suffix(path, ".yml") || sa_app_has_suffix(path, ".xml"));
}

static void git_changes_push(git_changes *c, const char *old_path, const char *new_path)
{
    if (!maybe_document(old_path) && !maybe_document(new_path))
        return;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->items = sa_xreallocarray(c->items, c->cap, sizeof *c->items);
    }
    c->items[c->n++] = (git_change){.old_path = dup_or_null(old_path), .new_path = dup_or_null(new_path)};
}

/*
 * Parses `git diff --name-status -z`: "M\0path\0", "A\0path\0", "D\0path\0",
 * and for a rename or copy "R097\0old\0new\0". A type change (T) or anything
 * else with one path is a modification.
 */
static void parse_name_status(const sa_buf *out, git_changes *c)
{
    const char *p = out->data ? out->data : "", *end = p + out->len;
    while (p < end) {
        const char *status = p;
        p += strlen(p) + 1;
        if (p >= end)
            break;
        const char *path = p;
        p += strlen(p) + 1;
        if (status[0] == 'R' || status[0] == 'C') {
            if (p >= end)
                break;
            const char *to = p;
            p += strlen(p) + 1;
            git_changes_push(c, status[0] == 'R' ? path : NULL, to);
        } else {
            git_changes_push(c, status[0] == 'A' ? NULL : path, status[0] == 'D' ? NULL : path);
        }
    }
}

/* git diff -M REV --name-status -z -- FILES: renames are found by content. */
static int git_list_changes(FILE *err, const char *rev, char *const *files, size_t nfiles, git_changes *c)
{
    size_t nargs = 10 + (size_t)nfiles;
    char **argv = sa_xcalloc(nargs, sizeof *argv);
    size_t k = 0;
    static char *const fixed[] = {"git", "-c", "core.quotepath=off", "diff", "--name-status", "-M", "-z"};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        argv[k++] = fixed[i];
    argv[k++] = (char *)rev;
    argv[k++] = "--";
    for (size_t i = 0; i < nfiles; i++)
        argv[k++] = files[i];
    sa_buf out = SA_BUF_INIT;
    int st = run_capture(argv, &out, false);
    free(argv);
    if (st == 0)
        parse_name_status(&out, c);
    else
        fprintf(err, "specaudit diff: git diff against %s failed\n", rev);
    sa_buf_free(&out);
    return st == 0 ? 0 : SA_EXIT_USAGE;
}

/* The text of `path` at revision `rev` (git show REV:path), read no further
 * than `max` bytes: a blob over the input limit is refused, not read whole. */
static int read_git_blob(FILE *err, const char *rev, const char *path, size_t max, sa_buf *out)
{
    sa_buf spec = SA_BUF_INIT;
    sa_buf_printf(&spec, "%s:%s", rev, path);
    char *show[] = {"git", "show", (char *)sa_buf_cstr(&spec), NULL};
    int st = run_capture_max(show, out, true, max);
    if (st == -2)
        fprintf(err, "specaudit diff: %s is over %zu bytes (--max-input-bytes); not read\n",
                sa_buf_cstr(&spec), max);
    else if (st != 0)
        fprintf(err, "specaudit diff: cannot read %s from git\n", sa_buf_cstr(&spec));
    sa_buf_free(&spec);
    return st == 0 ? 0 : SA_EXIT_USAGE;
}

/* Reads both sides of one change; marks it unreadable (with a message) when a side fails. */
static void git_change_read(const diff_list *l, const char *rev, const char *top, const output_guard *guard,
                            git_change *ch)
{
    if (ch->new_path) {
        sa_buf path = SA_BUF_INIT;
        sa_buf_printf(&path, "%s/%s", top, ch->new_path);
        ch->unreadable = sa_app_output_is_input(guard, sa_buf_cstr(&path)) ||
                         sa_app_diff_read(l, sa_buf_cstr(&path), &ch->new_text, &ch->new_len) != 0;
        sa_buf_free(&path);
    }
    if (ch->old_path && !ch->unreadable) {
        sa_buf old = SA_BUF_INIT;
        size_t max = sa_app_document_max_bytes(l->limits);
        ch->unreadable = read_git_blob(l->err, rev, ch->old_path, max, &old) != 0;
        ch->old_len = old.len;
        sa_buf_cstr(&old);
        ch->old_text = sa_buf_detach(&old);
    }
}


/* The id a specification or agreement gives itself, or NULL (caller frees). */
static char *document_id(doc_kind kind, const char *name, const char *data, size_t len,
                         const sa_app_limits *limits)
{
    if (!sa_app_is_document(data, len) || kind == DOC_UNKNOWN)
        return NULL;
    sa_diags *quiet = sa_diags_new();
    side s = {0};
    char *id = NULL;
    if (sa_app_side_load(&s, kind, name, data, len, limits, quiet))
        id = dup_or_null(kind == DOC_SPEC ? s.spec->id : s.agreement->id);
    sa_app_side_free(&s);
    sa_diags_free(quiet);
    return id;
}

static bool same_id(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* The id of a document, prefixed with its kind ("spec:x", "agreement:y"); NULL for none. */
static char *tagged_id(const char *path, const char *text, size_t len, const sa_app_limits *limits)
{
    if (!path || !text)
        return NULL;
    doc_kind kind = sa_app_doc_kind(path, text, len);
    char *id = document_id(kind, path, text, len, limits);
    if (!id)
        return NULL;
    sa_buf b = SA_BUF_INIT;
    sa_buf_printf(&b, "%s:%s", kind == DOC_SPEC ? "spec" : "agreement", id);
    free(id);
    return sa_buf_detach(&b);
}

/* Number of changes with `id` on either side. */
static size_t changes_with_id(const git_changes *c, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < c->n; i++)
        n += same_id(c->items[i].old_id, id) || same_id(c->items[i].new_id, id);
    return n;
}

/*
 * A file moved and edited too much for git to call it a rename is a
 * deletion and an addition; when the deleted and the added document are of
 * one kind and carry the same id, and no other changed file does, they are
 * one document moved, and compared as such (so a moved specification is not
 * every requirement removed and added again).
 */
static void pair_moves_by_id(git_changes *c, const sa_app_limits *limits)
{
    for (size_t i = 0; i < c->n; i++) {
        git_change *ch = &c->items[i];
        if (!ch->unreadable) {
            ch->old_id = tagged_id(ch->old_path, ch->old_text, ch->old_len, limits);
            ch->new_id = tagged_id(ch->new_path, ch->new_text, ch->new_len, limits);
        }
    }
    for (size_t i = 0; i < c->n; i++) {
        git_change *gone = &c->items[i];
        if (gone->new_path || !gone->old_id || changes_with_id(c, gone->old_id) != 2)
            continue;
        for (size_t j = 0; j < c->n; j++) {
            git_change *added = &c->items[j];
            if (added->old_path || !same_id(added->new_id, gone->old_id))
                continue;
            added->old_path = gone->old_path;
            added->old_text = gone->old_text;
            added->old_len = gone->old_len;
            gone->old_path = gone->old_text = NULL; /* nothing left to compare */
            break;
        }
    }
}

/* Compares one change; returns 0 or SA_EXIT_USAGE. */
static int git_change_compare(diff_list *l, const char *rev, const git_change *ch, bool explicit_files)
{
    if (!ch->old_path && !ch->new_path)
        return 0; /* the old half of a move, compared with its new half */
    if (ch->unreadable)
        return SA_EXIT_USAGE;
    const char *path = ch->new_path ? ch->new_path : ch->old_path;
    doc_kind kind = ch->new_text ? sa_app_doc_kind(path, ch->new_text, ch->new_len)
                                 : sa_app_doc_kind(path, ch->old_text, ch->old_len);
    /* Only specifications and agreements are compared; other YAML (pipelines,
     * hook lists) and XML (reports) changed alongside them are left alone. */
    bool doc = sa_app_is_document(ch->new_text, ch->new_len) || sa_app_is_document(ch->old_text, ch->old_len);
    if (kind == DOC_UNKNOWN || (!doc && !explicit_files))
        return 0;
    sa_buf old_name = SA_BUF_INIT;
    if (ch->old_path)
        sa_buf_printf(&old_name, "%s:%s", rev, ch->old_path);
    int rc = sa_app_diff_compare(l, kind, sa_buf_cstr(&old_name), ch->old_text, ch->old_len, ch->new_path ? ch->new_path : path,
                     ch->new_text, ch->new_len);
    sa_buf_free(&old_name);
    return rc;
}

/* The top of the working tree, after checking that `rev` names a commit. */
static int git_top(FILE *err, const char *rev, char **top)
{
    sa_buf out = SA_BUF_INIT, revspec = SA_BUF_INIT;
    sa_buf_printf(&revspec, "%s^{commit}", rev);
    char *verify[] = {"git", "rev-parse", "--verify", "--quiet", (char *)sa_buf_cstr(&revspec), NULL};
    int st = run_capture(verify, &out, true);
    sa_buf_free(&revspec);
    sa_buf_clear(&out);
    char *top_argv[] = {"git", "rev-parse", "--show-toplevel", NULL};
    int rc = 0;
    if (st < 0)
        rc = sa_app_usage_error(err, "diff", "--git needs git on the PATH");
    else if (st != 0)
        rc = sa_app_usage_error(err, "diff", "'%s' is not a revision of a git repository here", rev);
    else if (run_capture(top_argv, &out, true) != 0)
        rc = sa_app_usage_error(err, "diff", "not inside a git working tree");
    if (rc == 0) {
        *top = dup_or_null(sa_buf_cstr(&out));
        (*top)[strcspn(*top, "\n")] = '\0';
    }
    sa_buf_free(&out);
    return rc;
}

int sa_app_diff_git(diff_list *l, const char *rev, char *const *files, size_t nfiles,
                    const output_guard *guard)
{
    char *top = NULL;
    int rc = git_top(l->err, rev, &top);
    if (rc != 0)
        return rc;
    git_changes changes = {0};
    rc = git_list_changes(l->err, rev, files, nfiles, &changes);
    for (size_t i = 0; rc == 0 && i < changes.n; i++)
        git_change_read(l, rev, top, guard, &changes.items[i]);
    if (rc == 0)
        pair_moves_by_id(&changes, l->limits);
    /* Every change is compared, so all the problems of a run are reported. */
    bool listed = rc == 0;
    for (size_t i = 0; listed && i < changes.n; i++) {
        int r = git_change_compare(l, rev, &changes.items[i], nfiles > 0);
        if (r)
            rc = r;
    }
    git_changes_free(&changes);
    free(top);
    return rc;
}