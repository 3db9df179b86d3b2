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

static char *xstrdup(const char *s)
{
    if (!s)
        return NULL;
    char *p = strdup(s);
    if (!p)
        abort();
    return p;
}

static void diff_list_push(diff_list *l, sa_diff *d, const char *old_name, const char *new_name)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->diffs = realloc(l->diffs, l->cap * sizeof *l->diffs);
        l->old_names = realloc(l->old_names, l->cap * sizeof *l->old_names);
        l->new_names = realloc(l->new_names, l->cap * sizeof *l->new_names);
        if (!l->diffs || !l->old_names || !l->new_names)
            abort();
    }
    l->diffs[l->n] = d;
    l->old_names[l->n] = xstrdup(old_name);
    l->new_names[l->n] = xstrdup(new_name);
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
 * two are not the same kind of document.
 */
static int compare(diff_list *l, doc_kind kind, const char *old_name, const char *old_data,
                   size_t old_len, const char *new_name, const char *new_data, size_t new_len)
{
    sa_diags *diags = sa_diags_new();
    side a = {0}, b = {0};
    int rc = 0;
    if (old_data && !side_load(&a, kind, old_name, old_data, old_len, l->limits, diags))
        rc = SA_EXIT_USAGE;
    if (new_data && !side_load(&b, kind, new_name, new_data, new_len, l->limits, diags))
        rc = SA_EXIT_USAGE;
    print_errors(diags);
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

static int diff_git(diff_list *l, const char *rev, char **files, int nfiles,
                    const output_guard *guard)
{
    sa_buf out = SA_BUF_INIT;
    sa_buf revspec = SA_BUF_INIT;
    sa_buf_printf(&revspec, "%s^{commit}", rev);
    char *verify[] = {"git", "rev-parse", "--verify", "--quiet", (char *)sa_buf_cstr(&revspec), NULL};
    int st = run_capture(verify, &out, true);
    sa_buf_free(&revspec);
    if (st < 0) {
        sa_buf_free(&out);
        return sa_cli_usage_error("diff", "--git needs git on the PATH");
    }
    if (st != 0) {
        sa_buf_free(&out);
        return sa_cli_usage_error("diff", "'%s' is not a revision of a git repository here", rev);
    }
    sa_buf_clear(&out);
    char *top_argv[] = {"git", "rev-parse", "--show-toplevel", NULL};
    if (run_capture(top_argv, &out, true) != 0) {
        sa_buf_free(&out);
        return sa_cli_usage_error("diff", "not inside a git working tree");
    }
    char *top = xstrdup(sa_buf_cstr(&out));
    top[strcspn(top, "\n")] = '\0';

    /* git diff REV --name-status -z -- FILES: "M\0path\0A\0path\0..." relative to the top. */
    size_t nargs = 10 + (size_t)nfiles;
    char **argv = calloc(nargs, sizeof *argv);
    if (!argv)
        abort();
    size_t k = 0;
    argv[k++] = "git";
    argv[k++] = "-c";
    argv[k++] = "core.quotepath=off";
    argv[k++] = "diff";
    argv[k++] = "--name-status";
    argv[k++] = "--no-renames";
    argv[k++] = "-z";
    argv[k++] = (char *)rev;
    argv[k++] = "--";
    for (int i = 0; i < nfiles; i++)
        argv[k++] = files[i];
    argv[k] = NULL;
    sa_buf_clear(&out);
    st = run_capture(argv, &out, false);
    free(argv);
    if (st != 0) {
        free(top);
        sa_buf_free(&out);
        fprintf(stderr, "specaudit diff: git diff against %s failed\n", rev);
        return SA_EXIT_USAGE;
    }

    int rc = 0;
    const char *p = out.data ? out.data : "", *end = p + out.len;
    sa_buf path_buf = SA_BUF_INIT, old_name = SA_BUF_INIT, spec_rev = SA_BUF_INIT, old_text = SA_BUF_INIT;
    while (p < end) {
        const char *status = p;
        p += strlen(p) + 1;
        if (p >= end)
            break;
        const char *path = p;
        p += strlen(p) + 1;
        bool explicit_file = nfiles > 0;
        bool added = status[0] == 'A', deleted = status[0] == 'D';
        /* Only YAML and XML can be specifications or agreements; anything else
         * changed alongside (returns, docs, submodules) is not even read. */
        if (!has_suffix(path, ".yaml") && !has_suffix(path, ".yml") && !has_suffix(path, ".xml"))
            continue;

        char *nd = NULL;
        size_t nl = 0;
        sa_buf_clear(&path_buf);
        sa_buf_printf(&path_buf, "%s/%s", top, path);
        if (!deleted && output_is_input(guard, sa_buf_cstr(&path_buf))) {
            rc = SA_EXIT_USAGE;
            continue;
        }
        if (!deleted && read_input(l, sa_buf_cstr(&path_buf), &nd, &nl) != 0) {
            rc = SA_EXIT_USAGE;
            continue;
        }
        sa_buf_clear(&old_text);
        bool have_old = false;
        if (!added) {
            sa_buf_clear(&spec_rev);
            sa_buf_printf(&spec_rev, "%s:%s", rev, path);
            char *show[] = {"git", "show", (char *)sa_buf_cstr(&spec_rev), NULL};
            size_t max = l->limits->spec.max_bytes > l->limits->agreement_max_bytes
                             ? l->limits->spec.max_bytes
                             : l->limits->agreement_max_bytes;
            int got = run_capture_max(show, &old_text, true, max);
            if (got != 0) {
                if (got == -2)
                    fprintf(stderr, "specaudit diff: %s is over %zu bytes (--max-input-bytes); not read\n",
                            sa_buf_cstr(&spec_rev), max);
                else
                    fprintf(stderr, "specaudit diff: cannot read %s from git\n", sa_buf_cstr(&spec_rev));
                free(nd);
                rc = SA_EXIT_USAGE;
                continue;
            }
            have_old = true;
        }
        const char *od = have_old ? sa_buf_cstr(&old_text) : NULL;
        size_t ol = have_old ? old_text.len : 0;
        /* Only specifications and agreements are compared; other YAML (pipelines,
         * hook lists) and XML (reports) changed alongside them are left alone. */
        doc_kind kind = nd ? kind_of(path, nd, nl) : kind_of(path, od, ol);
        bool is_doc = (nd && (sa_agreement_sniff(nd, nl) || looks_like_spec(nd, nl))) ||
                      (od && (sa_agreement_sniff(od, ol) || looks_like_spec(od, ol)));
        if (kind != DOC_UNKNOWN && (is_doc || explicit_file)) {
            sa_buf_clear(&old_name);
            sa_buf_printf(&old_name, "%s:%s", rev, path);
            int r = compare(l, kind, sa_buf_cstr(&old_name), od, ol, path, nd, nl);
            if (r)
                rc = r;
        }
        free(nd);
    }
    sa_buf_free(&path_buf);
    sa_buf_free(&old_name);
    sa_buf_free(&spec_rev);
    sa_buf_free(&old_text);
    sa_buf_free(&out);
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
    char *copy = xstrdup(text);
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
    char **positional = calloc((size_t)argc + 1, sizeof *positional);
    if (!positional)
        abort();
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
