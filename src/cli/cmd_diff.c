/*
 * cmd_diff.c — `specaudit diff`: what an edit to a specification or a heads
 * of agreement changes for providers.
 *
 *   specaudit diff [options] OLD NEW
 *   specaudit diff [options] --git REV [FILES...]
 *
 * With --git, every specification (YAML with a top-level `specaudit:` key)
 * and agreement (XML whose root is an agreement) changed between REV and the
 * working tree is compared; the old text is read with `git show REV:path`.
 */
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agreement/agreement.h"
#include "cli/cli.h"
#include "core/buf.h"
#include "core/fileio.h"
#include "diff/diff.h"
#include "spec/spec.h"
#include "core/alloc.h"


static void usage(FILE *out)
{
    fputs("usage: specaudit diff [options] OLD NEW\n"
          "       specaudit diff [options] --git REV [FILES...]\n\n"
          "Shows what an edit to a specification (YAML) or heads of agreement (XML)\n"
          "changes for providers: requirements added, removed or renamed; targets,\n"
          "windows, limits and severities tightened or loosened; datasets and columns\n"
          "added or removed; a version not bumped. OLD or NEW may be - (standard input).\n\n"
          "options:\n"
          "  --git REV          compare every specification and agreement changed since\n"
          "                     REV (a commit, branch or tag) with the working tree;\n"
          "                     FILES limit the comparison to those paths\n"
          "  --format FMT       text (default), json, or md (a pull-request comment)\n"
          "  --fail-on CLASSES  exit 1 when a change of these classes is found: a comma\n"
          "                     list of loosened, removed, tightened, added, changed,\n"
          "                     warning, or any\n"
          "  -o FILE            write the report to FILE (atomically) instead of stdout\n"
          "  -h, --help         show this help\n",
          out);
    sa_cli_limits_help(out, SA_CLI_LIMITS_SPEC, 19);
    fputs("\nexit status: 0 no change matches --fail-on (always 0 without it), 1 some\n"
          "change does, 2 bad usage or unreadable input.\n",
          out);
}

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

/* ---- loading one side --------------------------------------------------------------- */

typedef enum doc_kind { DOC_UNKNOWN, DOC_SPEC, DOC_AGREEMENT } doc_kind;

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* A specification names its format version at the top level: `specaudit: 1`. */
static bool looks_like_spec(const char *data, size_t len)
{
    const char *p = data, *end = data + len;
    while (p < end) {
        if ((size_t)(end - p) >= 10 && memcmp(p, "specaudit:", 10) == 0)
            return true;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            break;
        p = nl + 1;
    }
    return false;
}

static doc_kind kind_of(const char *path, const char *data, size_t len)
{
    if (data && sa_agreement_sniff(data, len))
        return DOC_AGREEMENT;
    if (has_suffix(path, ".xml"))
        return DOC_AGREEMENT;
    if (data && looks_like_spec(data, len))
        return DOC_SPEC;
    if (has_suffix(path, ".yaml") || has_suffix(path, ".yml"))
        return DOC_SPEC;
    return DOC_UNKNOWN;
}

typedef struct side {
    sa_spec *spec;
    sa_agreement *agreement;
} side;

static void side_free(side *s)
{
    sa_spec_free(s->spec);
    sa_agreement_free(s->agreement);
    s->spec = NULL;
    s->agreement = NULL;
}

/* Loads one document from memory. Returns false when it could not be read at all. */
static bool side_load(side *s, doc_kind kind, const char *name, const char *data, size_t len,
                      const sa_cli_limits *limits, sa_diags *diags)
{
    if (kind == DOC_AGREEMENT) {
        if (len > limits->agreement_max_bytes) {
            sa_diags_error(diags, "E-IO-TOO-LARGE", (sa_pos){name, 0, 0},
                           "the agreement is %zu bytes; expected at most %zu (see --max-input-bytes)", len,
                           limits->agreement_max_bytes);
            return false;
        }
        s->agreement = sa_agreement_load_buffer(name, data, len, NULL, diags);
        return s->agreement != NULL;
    }
    s->spec = sa_spec_load_buffer(name, data, len, &limits->spec, diags);
    return s->spec != NULL;
}

/* Prints the errors that make a comparison doubtful (warnings belong to lint). */
static void print_errors(const sa_diags *diags)
{
    for (size_t i = 0; i < sa_diags_count(diags); i++) {
        const sa_diag *d = sa_diags_at(diags, i);
        if (d->severity < SA_SEV_ERROR)
            continue;
        sa_buf b = SA_BUF_INIT;
        sa_diag_format_text(d, &b);
        fprintf(stderr, "%s\n", sa_buf_cstr(&b));
        sa_buf_free(&b);
    }
}

/* ---- the set of comparisons ------------------------------------------------------------- */

typedef struct diff_list {
    const sa_cli_limits *limits; /* for every document read */
    sa_diff **diffs;
    char **old_names;
    char **new_names;
    size_t n, cap;
} diff_list;

/* A copy of `s`, or NULL for none (an added or removed file has one name). */
static char *dup_or_null(const char *s)
{
    return s ? sa_xstrdup(s) : NULL;
}

static void diff_list_push(diff_list *l, sa_diff *d, const char *old_name, const char *new_name)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->diffs = sa_xrealloc(l->diffs, l->cap * sizeof *l->diffs);
        l->old_names = sa_xrealloc(l->old_names, l->cap * sizeof *l->old_names);
        l->new_names = sa_xrealloc(l->new_names, l->cap * sizeof *l->new_names);
    }
    l->diffs[l->n] = d;
    l->old_names[l->n] = dup_or_null(old_name);
    l->new_names[l->n] = dup_or_null(new_name);
    l->n++;
}

static void diff_list_free(diff_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        sa_diff_free(l->diffs[i]);
        free(l->old_names[i]);
        free(l->new_names[i]);
    }
    free(l->diffs);
    free(l->old_names);
    free(l->new_names);
}

/*
 * Compares two documents held in memory (either may be absent: a file added
 * or removed). Returns 0, or SA_EXIT_USAGE when a side is unreadable or the
 * new one has errors (as lint reports them): an edit that does not lint is
 * refused, not classified. Errors in the old side are printed and the
 * comparison goes on, so an edit that repairs a broken file can be reviewed.
 */
static int compare(diff_list *l, doc_kind kind, const char *old_name, const char *old_data,
                   size_t old_len, const char *new_name, const char *new_data, size_t new_len)
{
    sa_diags *diags = sa_diags_new(), *new_diags = sa_diags_new();
    side a = {0}, b = {0};
    int rc = 0;
    if (old_data && !side_load(&a, kind, old_name, old_data, old_len, l->limits, diags))
        rc = SA_EXIT_USAGE;
    if (new_data && !side_load(&b, kind, new_name, new_data, new_len, l->limits, new_diags))
        rc = SA_EXIT_USAGE;
    if (sa_diags_has_errors(new_diags))
        rc = SA_EXIT_USAGE;
    print_errors(diags);
    print_errors(new_diags);
    if (sa_diags_has_errors(new_diags))
        fprintf(stderr, "specaudit diff: %s has errors (above; see specaudit lint): not compared\n", new_name);
    sa_diags_free(new_diags);
    if (rc == 0) {
        sa_diff *d = kind == DOC_AGREEMENT ? sa_diff_agreements(a.agreement, b.agreement)
                                           : sa_diff_specs(a.spec, b.spec);
        diff_list_push(l, d, old_data ? old_name : NULL, new_data ? new_name : NULL);
    }
    side_free(&a);
    side_free(&b);
    sa_diags_free(diags);
    return rc;
}

static int read_input(const diff_list *l, const char *path, char **data, size_t *len)
{
    sa_diags *diags = sa_diags_new();
    size_t max_bytes = l->limits->spec.max_bytes > l->limits->agreement_max_bytes ? l->limits->spec.max_bytes
                                                                                   : l->limits->agreement_max_bytes;
    int rc = sa_file_read_all(path, max_bytes, data, len, diags);
    if (rc != 0)
        sa_cli_print_diags(diags, stderr);
    sa_diags_free(diags);
    return rc;
}

/* The report file, when it already exists: it must not be one of the inputs. */
typedef struct output_guard {
    const char *path;
    bool exists;
    dev_t dev;
    ino_t ino;
} output_guard;

static void output_guard_init(output_guard *g, const char *path)
{
    struct stat st;
    g->path = path;
    g->exists = path && strcmp(path, "-") != 0 && stat(path, &st) == 0;
    g->dev = g->exists ? st.st_dev : 0;
    g->ino = g->exists ? st.st_ino : 0;
}

/* True (with a message) when `input` is the report file: writing the report
 * would destroy what is being compared. */
static bool output_is_input(const output_guard *g, const char *input)
{
    struct stat st;
    if (!g->exists || stat(input, &st) != 0 || st.st_dev != g->dev || st.st_ino != g->ino)
        return false;
    fprintf(stderr,
            "%s: error[E-IO-OUTPUT-IS-INPUT]: -o names an input of this comparison; expected a "
            "report file that is not %s\n",
            g->path, input);
    return true;
}

static int diff_files(diff_list *l, const char *old_path, const char *new_path,
                      const output_guard *guard)
{
    if (output_is_input(guard, old_path) || output_is_input(guard, new_path))
        return SA_EXIT_USAGE;
    char *od = NULL, *nd = NULL;
    size_t ol = 0, nl = 0;
    if (read_input(l, old_path, &od, &ol) != 0 || read_input(l, new_path, &nd, &nl) != 0) {
        free(od);
        free(nd);
        return SA_EXIT_USAGE;
    }
    doc_kind ko = kind_of(old_path, od, ol), kn = kind_of(new_path, nd, nl);
    int rc;
    if (ko != kn) {
        rc = sa_cli_usage_error("diff", "%s and %s are not the same kind of document "
                                        "(one specification, one agreement)",
                                old_path, new_path);
    } else {
        rc = compare(l, kn, old_path, od, ol, new_path, nd, nl);
    }
    free(od);
    free(nd);
    return rc;
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
    return path && (has_suffix(path, ".yaml") || has_suffix(path, ".yml") || has_suffix(path, ".xml"));
}

static void git_changes_push(git_changes *c, const char *old_path, const char *new_path)
{
    if (!maybe_document(old_path) && !maybe_document(new_path))
        return;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->items = sa_xrealloc(c->items, c->cap * sizeof *c->items);
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
static int git_list_changes(const char *rev, char **files, int nfiles, git_changes *c)
{
    size_t nargs = 10 + (size_t)nfiles;
    char **argv = sa_xcalloc(nargs, sizeof *argv);
    size_t k = 0;
    static char *const fixed[] = {"git", "-c", "core.quotepath=off", "diff", "--name-status", "-M", "-z"};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        argv[k++] = fixed[i];
    argv[k++] = (char *)rev;
    argv[k++] = "--";
    for (int i = 0; i < nfiles; i++)
        argv[k++] = files[i];
    sa_buf out = SA_BUF_INIT;
    int st = run_capture(argv, &out, false);
    free(argv);
    if (st == 0)
        parse_name_status(&out, c);
    else
        fprintf(stderr, "specaudit diff: git diff against %s failed\n", rev);
    sa_buf_free(&out);
    return st == 0 ? 0 : SA_EXIT_USAGE;
}

/* The text of `path` at revision `rev` (git show REV:path), read no further
 * than `max` bytes: a blob over the input limit is refused, not read whole. */
static int read_git_blob(const char *rev, const char *path, size_t max, sa_buf *out)
{
    sa_buf spec = SA_BUF_INIT;
    sa_buf_printf(&spec, "%s:%s", rev, path);
    char *show[] = {"git", "show", (char *)sa_buf_cstr(&spec), NULL};
    int st = run_capture_max(show, out, true, max);
    if (st == -2)
        fprintf(stderr, "specaudit diff: %s is over %zu bytes (--max-input-bytes); not read\n",
                sa_buf_cstr(&spec), max);
    else if (st != 0)
        fprintf(stderr, "specaudit diff: cannot read %s from git\n", sa_buf_cstr(&spec));
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
        ch->unreadable = output_is_input(guard, sa_buf_cstr(&path)) ||
                         read_input(l, sa_buf_cstr(&path), &ch->new_text, &ch->new_len) != 0;
        sa_buf_free(&path);
    }
    if (ch->old_path && !ch->unreadable) {
        sa_buf old = SA_BUF_INIT;
        size_t max = l->limits->spec.max_bytes > l->limits->agreement_max_bytes ? l->limits->spec.max_bytes
                                                                                 : l->limits->agreement_max_bytes;
        ch->unreadable = read_git_blob(rev, ch->old_path, max, &old) != 0;
        ch->old_len = old.len;
        sa_buf_cstr(&old);
        ch->old_text = sa_buf_detach(&old);
    }
}

static bool is_document(const char *data, size_t len)
{
    return data && (sa_agreement_sniff(data, len) || looks_like_spec(data, len));
}

/* The id a specification or agreement gives itself, or NULL (caller frees). */
static char *document_id(doc_kind kind, const char *name, const char *data, size_t len,
                         const sa_cli_limits *limits)
{
    if (!is_document(data, len) || kind == DOC_UNKNOWN)
        return NULL;
    sa_diags *quiet = sa_diags_new();
    side s = {0};
    char *id = NULL;
    if (side_load(&s, kind, name, data, len, limits, quiet))
        id = dup_or_null(kind == DOC_SPEC ? s.spec->id : s.agreement->id);
    side_free(&s);
    sa_diags_free(quiet);
    return id;
}

static bool same_id(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* The id of a document, prefixed with its kind ("spec:x", "agreement:y"); NULL for none. */
static char *tagged_id(const char *path, const char *text, size_t len, const sa_cli_limits *limits)
{
    if (!path || !text)
        return NULL;
    doc_kind kind = kind_of(path, text, len);
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
static void pair_moves_by_id(git_changes *c, const sa_cli_limits *limits)
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
    doc_kind kind = ch->new_text ? kind_of(path, ch->new_text, ch->new_len)
                                 : kind_of(path, ch->old_text, ch->old_len);
    /* Only specifications and agreements are compared; other YAML (pipelines,
     * hook lists) and XML (reports) changed alongside them are left alone. */
    bool doc = is_document(ch->new_text, ch->new_len) || is_document(ch->old_text, ch->old_len);
    if (kind == DOC_UNKNOWN || (!doc && !explicit_files))
        return 0;
    sa_buf old_name = SA_BUF_INIT;
    if (ch->old_path)
        sa_buf_printf(&old_name, "%s:%s", rev, ch->old_path);
    int rc = compare(l, kind, sa_buf_cstr(&old_name), ch->old_text, ch->old_len, ch->new_path ? ch->new_path : path,
                     ch->new_text, ch->new_len);
    sa_buf_free(&old_name);
    return rc;
}

/* The top of the working tree, after checking that `rev` names a commit. */
static int git_top(const char *rev, char **top)
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
        rc = sa_cli_usage_error("diff", "--git needs git on the PATH");
    else if (st != 0)
        rc = sa_cli_usage_error("diff", "'%s' is not a revision of a git repository here", rev);
    else if (run_capture(top_argv, &out, true) != 0)
        rc = sa_cli_usage_error("diff", "not inside a git working tree");
    if (rc == 0) {
        *top = dup_or_null(sa_buf_cstr(&out));
        (*top)[strcspn(*top, "\n")] = '\0';
    }
    sa_buf_free(&out);
    return rc;
}

static int diff_git(diff_list *l, const char *rev, char **files, int nfiles,
                    const output_guard *guard)
{
    char *top = NULL;
    int rc = git_top(rev, &top);
    if (rc != 0)
        return rc;
    git_changes changes = {0};
    rc = git_list_changes(rev, files, nfiles, &changes);
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

/* ---- colour on a terminal ------------------------------------------------------------------- */

/*
 * Colours the class of each change line of a text report ("...: loosened: ...")
 * for a terminal: what lets providers do less in red, what asks more in green,
 * warnings in yellow. Only the CLI knows where the report goes, so the library
 * renders plain text and this pass adds the escapes.
 */
static void colorize_text(const sa_buf *in, sa_buf *out)
{
    static const struct {
        const char *token;
        const char *color;
    } classes[] = {
        {": tightened: ", "\033[32m"}, {": loosened: ", "\033[1;31m"}, {": added: ", "\033[36m"},
        {": removed: ", "\033[1;31m"}, {": changed: ", "\033[34m"},  {": warning: ", "\033[1;33m"},
    };
    const char *p = in->data ? in->data : "", *end = p + in->len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl + 1 : end;
        const char *hit = NULL;
        size_t k_hit = 0;
        for (size_t k = 0; k < sizeof classes / sizeof classes[0]; k++) {
            size_t n = strlen(classes[k].token);
            for (const char *q = p; q + n <= line_end; q++) {
                if (memcmp(q, classes[k].token, n) == 0) {
                    if (!hit || q < hit) {
                        hit = q;
                        k_hit = k;
                    }
                    break;
                }
            }
        }
        if (!hit) {
            sa_buf_append(out, p, (size_t)(line_end - p));
        } else {
            size_t n = strlen(classes[k_hit].token);
            sa_buf_append(out, p, (size_t)(hit - p) + 2); /* up to and with ": " */
            sa_buf_puts(out, classes[k_hit].color);
            sa_buf_append(out, hit + 2, n - 4); /* the class name */
            sa_buf_puts(out, "\033[0m");
            sa_buf_append(out, hit + n - 2, (size_t)(line_end - (hit + n - 2)));
        }
        p = line_end;
    }
}

/* ---- options and exit code ----------------------------------------------------------------- */

static bool parse_fail_on(const char *text, unsigned *mask)
{
    *mask = 0;
    char *copy = dup_or_null(text);
    bool ok = true;
    char *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ')
            tok++;
        sa_change_class c;
        if (strcmp(tok, "any") == 0)
            *mask |= 0xffu;
        else if (sa_change_class_parse(tok, &c))
            *mask |= 1u << c;
        else
            ok = false;
    }
    free(copy);
    return ok && *mask != 0;
}

int sa_cli_diff(int argc, char **argv)
{
    const char *format = "text";
    const char *output = NULL;
    const char *rev = NULL;
    unsigned fail_mask = 0;
    char **positional = sa_xcalloc((size_t)argc + 1, sizeof *positional);
    int npos = 0;
    bool only_positional = false;
    sa_cli_limits limits;
    sa_cli_limits_default(&limits);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        if (!only_positional && strcmp(a, "--") == 0) {
            only_positional = true;
            continue;
        }
        if (only_positional || a[0] != '-' || strcmp(a, "-") == 0) {
            positional[npos++] = argv[i];
            continue;
        }
        if (sa_cli_is_help(a)) {
            usage(stdout);
            free(positional);
            return SA_EXIT_OK;
        }
        int lim = sa_cli_limits_option("diff", SA_CLI_LIMITS_SPEC, argc, argv, &i, &limits);
        if (lim != 0) {
            if (lim < 0) {
                free(positional);
                return SA_EXIT_USAGE;
            }
            continue;
        }
        /* options taking a value: "--opt VALUE" or "--opt=VALUE" */
        static const char *const with_value[] = {"--format", "--fail-on", "-o", "--output", "--git"};
        const char *name = NULL;
        for (size_t k = 0; k < sizeof with_value / sizeof with_value[0]; k++) {
            size_t n = strlen(with_value[k]);
            if (strcmp(a, with_value[k]) == 0) {
                if (i + 1 >= argc) {
                    free(positional);
                    return sa_cli_usage_error("diff", "%s needs a value", a);
                }
                name = with_value[k];
                val = argv[++i];
                break;
            }
            if (strncmp(a, with_value[k], n) == 0 && a[n] == '=' && a[1] == '-') {
                name = with_value[k];
                val = a + n + 1;
                break;
            }
        }
        if (!name) {
            free(positional);
            return sa_cli_usage_error("diff", "unknown option '%s'", a);
        }
        if (strcmp(name, "--format") == 0) {
            if (strcmp(val, "text") != 0 && strcmp(val, "json") != 0 && strcmp(val, "md") != 0) {
                free(positional);
                return sa_cli_usage_error("diff", "--format must be text, json or md, not '%s'", val);
            }
            format = val;
        } else if (strcmp(name, "--fail-on") == 0) {
            if (!parse_fail_on(val, &fail_mask)) {
                free(positional);
                return sa_cli_usage_error("diff",
                                          "--fail-on takes loosened, removed, any (or tightened, "
                                          "added, changed, warning), comma-separated; found '%s'",
                                          val);
            }
        } else if (strcmp(name, "-o") == 0 || strcmp(name, "--output") == 0) {
            output = val;
        } else {
            rev = val;
        }
    }

    diff_list list = {.limits = &limits};
    output_guard guard;
    output_guard_init(&guard, output);
    int rc;
    if (rev) {
        rc = diff_git(&list, rev, positional, npos, &guard);
    } else if (npos != 2) {
        free(positional);
        return sa_cli_usage_error("diff", "expected OLD and NEW files (or --git REV), found %d file%s",
                                  npos, npos == 1 ? "" : "s");
    } else {
        rc = diff_files(&list, positional[0], positional[1], &guard);
    }
    free(positional);
    if (rc != 0) {
        diff_list_free(&list);
        return SA_EXIT_USAGE;
    }

    sa_buf out = SA_BUF_INIT;
    sa_diff_render_many((const sa_diff *const *)list.diffs, (const char *const *)list.old_names,
                        (const char *const *)list.new_names, list.n, format, &out);
    rc = SA_EXIT_OK;
    for (size_t i = 0; i < list.n; i++)
        for (size_t k = 0; k < sa_diff_count(list.diffs[i]); k++)
            if (fail_mask & (1u << sa_diff_at(list.diffs[i], k)->cls))
                rc = SA_EXIT_FINDINGS;
    diff_list_free(&list);

    if (output && strcmp(output, "-") != 0) {
        sa_diags *diags = sa_diags_new();
        if (sa_write_file_atomic(output, out.data ? out.data : "", out.len, diags) != 0) {
            sa_cli_print_diags(diags, stderr);
            rc = SA_EXIT_USAGE;
        }
        sa_diags_free(diags);
    } else if (strcmp(format, "text") == 0 && sa_cli_use_color(stdout)) {
        sa_buf colored = SA_BUF_INIT;
        colorize_text(&out, &colored);
        if (sa_buf_write(&colored, stdout) != 0 || fflush(stdout) != 0) {
            fprintf(stderr, "specaudit diff: cannot write the report to standard output\n");
            rc = SA_EXIT_USAGE;
        }
        sa_buf_free(&colored);
    } else if (sa_buf_write(&out, stdout) != 0 || fflush(stdout) != 0) {
        fprintf(stderr, "specaudit diff: cannot write the report to standard output\n");
        rc = SA_EXIT_USAGE;
    }
    sa_buf_free(&out);
    return rc;
}
