/* main.c — `specaudit`: dispatches to a subcommand. */
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/config.h"
#include "core/alloc.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"lint", sa_cli_lint, "validate specifications and agreements (file:line:col diagnostics)"},
    {"validate", sa_cli_validate, "check activity returns are well-formed against a specification"},
    {"check", sa_cli_check, "check returns against a specification and agreements; write compliance reports"},
    {"diff", sa_cli_diff, "show what an edit to a specification or agreement changes"},
    {"explain", sa_cli_explain, "describe a requirement in plain English"},
};

static void print_help(FILE *out)
{
    fputs("usage: specaudit <command> [options] [files...]\n\n"
          "Audits palliative and end-of-life care contracts: service specifications (YAML),\n"
          "heads of agreement (XML) and providers' activity returns (CSV).\n\n"
          "commands:\n",
          out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fputs("\noptions:\n"
          "  -h, --help     show this help (also: specaudit <command> --help)\n"
          "  --version      show the version\n"
          "  --color=WHEN   colour text on a terminal: auto (default; not with NO_COLOR\n"
          "                 set, TERM=dumb, or output that is not a terminal), always,\n"
          "                 never; accepted by every command\n\n"
          "exit status: 0 compliant or clean, 1 non-compliant or problems found,\n"
          "2 bad usage or unreadable input. See specaudit(1).\n",
          out);
}

int sa_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "specaudit %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'specaudit %s --help'.\n", cmd);
    return SA_EXIT_USAGE;
}

void sa_cli_print_diags(const sa_diags *diags, FILE *out)
{
    sa_buf b = SA_BUF_INIT;
    for (size_t i = 0; i < sa_diags_count(diags); i++) {
        sa_buf_clear(&b);
        sa_diag_format_text(sa_diags_at(diags, i), &b);
        sa_buf_putc(&b, '\n');
        sa_buf_write(&b, out);
    }
    sa_buf_free(&b);
}

/* --color=WHEN, given anywhere on the command line (see take_color_option). */
static sa_cli_color color_mode = SA_CLI_COLOR_AUTO;

bool sa_cli_use_color(FILE *out)
{
    if (color_mode != SA_CLI_COLOR_AUTO)
        return color_mode == SA_CLI_COLOR_ALWAYS;
    const char *no = getenv("NO_COLOR");
    if (no && *no)
        return false;
    const char *term = getenv("TERM");
    if (term && strcmp(term, "dumb") == 0)
        return false;
    return isatty(fileno(out));
}

bool sa_cli_color_parse(const char *when, sa_cli_color *out)
{
    static const char *const names[] = {[SA_CLI_COLOR_AUTO] = "auto", [SA_CLI_COLOR_ALWAYS] = "always",
                                        [SA_CLI_COLOR_NEVER] = "never"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(when, names[i]) == 0) {
            *out = (sa_cli_color)i;
            return true;
        }
    }
    return false;
}

/*
 * Takes --color[=WHEN] (or --colour) out of argv, wherever it stands before
 * "--", so every command accepts it without parsing it itself; a bare
 * --color means always, as in GNU tools. Returns 0, or SA_EXIT_USAGE after a
 * message for an unknown WHEN.
 */
static int take_color_option(int *argc, char **argv)
{
    int kept = 1;
    bool options_done = false;
    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i];
        options_done = options_done || strcmp(a, "--") == 0;
        const char *eq = strchr(a, '=');
        size_t name_len = eq ? (size_t)(eq - a) : strlen(a);
        bool is_color = !options_done && ((name_len == 7 && strncmp(a, "--color", 7) == 0) ||
                                          (name_len == 8 && strncmp(a, "--colour", 8) == 0));
        if (!is_color) {
            argv[kept++] = argv[i];
            continue;
        }
        if (!eq) {
            color_mode = SA_CLI_COLOR_ALWAYS;
        } else if (!sa_cli_color_parse(eq + 1, &color_mode)) {
            fprintf(stderr, "specaudit: --color takes auto, always or never, not '%s'\n", eq + 1);
            return SA_EXIT_USAGE;
        }
    }
    argv[kept] = NULL;
    *argc = kept;
    return 0;
}

bool sa_cli_same_file(const char *out, const char *in)
{
    struct stat a, b;
    if (strcmp(out, "-") == 0 || strcmp(in, "-") == 0)
        return false;
    if (stat(out, &a) != 0 || stat(in, &b) != 0)
        return false;
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

struct sa_cli_progress {
    _Atomic uint64_t rows, bytes;
    uint64_t total;
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

sa_cli_progress *sa_cli_progress_new(bool quiet, const sa_return_file *files, size_t nfiles)
{
    if (quiet || !isatty(STDERR_FILENO))
        return NULL;
    sa_cli_progress *p = sa_xcalloc(1, sizeof *p);
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

void sa_cli_progress_add(void *ctx, uint64_t rows, uint64_t bytes)
{
    sa_cli_progress *p = ctx;
    uint64_t r = atomic_fetch_add(&p->rows, rows) + rows;
    uint64_t b = atomic_fetch_add(&p->bytes, bytes) + bytes;
    double t = now_seconds();
    if (t - p->start < p->after || t - p->last < 0.25 || pthread_mutex_trylock(&p->mu) != 0)
        return; /* the first 2 s draw nothing; then a few times a second, by one thread */
    p->last = t;
    p->drawn = true;
    if (p->total > 0)
        fprintf(stderr, "\r\033[Kreading: %llu rows, %.0f MB/s, %.0f%% of %.0f MB", (unsigned long long)r,
                (double)b / 1e6 / (t - p->start), 100.0 * (double)(b < p->total ? b : p->total) / (double)p->total,
                (double)p->total / 1e6);
    else
        fprintf(stderr, "\r\033[Kreading: %llu rows, %.0f MB/s", (unsigned long long)r, (double)b / 1e6 / (t - p->start));
    fflush(stderr);
    pthread_mutex_unlock(&p->mu);
}

void sa_cli_progress_free(sa_cli_progress *p)
{
    if (!p)
        return;
    if (p->drawn)
        fputs("\r\033[K", stderr);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

bool sa_cli_is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

int main(int argc, char **argv)
{
    if (take_color_option(&argc, argv) != 0)
        return SA_EXIT_USAGE;
    if (argc < 2) {
        print_help(stderr);
        return SA_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (sa_cli_is_help(cmd) || strcmp(cmd, "help") == 0) {
        print_help(stdout);
        return SA_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("specaudit %s\n", SA_VERSION);
        return SA_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "specaudit: unknown command '%s'\n", cmd);
    print_help(stderr);
    return SA_EXIT_USAGE;
}
