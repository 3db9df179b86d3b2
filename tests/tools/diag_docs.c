/*
 * diag_docs — writes the diagnostic-code tables of the documentation from
 * the registry (src/core/diag_codes.def), or checks that they are current.
 *
 *   diag_docs --check specs/README.md doc/specaudit.1    exit 1 when either differs
 *   diag_docs --write specs/README.md doc/specaudit.1    regenerate them in place
 *
 * Each generated block sits between two marker lines and lists the codes of
 * the groups named on the first (a group is a code's second part: SPEC,
 * EXPR, AGR, RET, SUB, CHECK, IO, REPORT):
 *
 *   Markdown:  <!-- diag-codes: SPEC -->  ...  <!-- end diag-codes -->
 *   mdoc:      .\" diag-codes: SPEC EXPR  ...  .\" end diag-codes
 *
 * Markdown blocks are one table per block; mdoc blocks one subsection per
 * group. Everything outside the markers is left as written.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/diag_codes.h"

typedef enum doc_kind { DOC_MARKDOWN, DOC_MDOC } doc_kind;

static const struct {
    const char *group;
    const char *heading;
} groups[] = {
    {"SPEC", "Specifications"},
    {"EXPR", "Rule expressions"},
    {"AGR", "Heads of agreement"},
    {"RET", "Activity returns"},
    {"SUB", "Submissions manifests"},
    {"CHECK", "Compliance check"},
    {"IO", "Files"},
    {"REPORT", "Reports"},
};

/* True when `code` (E-SPEC-YAML) belongs to `group` (SPEC). */
static bool in_group(const char *code, const char *group, size_t glen)
{
    return strlen(code) > glen + 2 && strncmp(code + 2, group, glen) == 0 && code[glen + 2] == '-';
}

static void md_escape(sa_buf *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': sa_buf_puts(out, "&lt;"); break;
        case '>': sa_buf_puts(out, "&gt;"); break;
        case '&': sa_buf_puts(out, "&amp;"); break;
        case '|': sa_buf_puts(out, "\\|"); break;
        case '*': sa_buf_puts(out, "\\*"); break;
        default: sa_buf_putc(out, *s);
        }
    }
}

/* A text line of roff: backslashes escaped, and a leading ' or . made literal. */
static void mdoc_line(sa_buf *out, const char *s)
{
    if (*s == '.' || *s == '\'')
        sa_buf_puts(out, "\\&");
    for (; *s; s++) {
        if (*s == '\\')
            sa_buf_puts(out, "\\e");
        else
            sa_buf_putc(out, *s);
    }
    sa_buf_putc(out, '\n');
}

static void md_row(sa_buf *out, const sa_diag_info *d)
{
    sa_buf_printf(out, "| `%s` | %s | ", d->code, sa_severity_name(d->severity));
    md_escape(out, d->description);
    if (d->help) {
        sa_buf_putc(out, ' ');
        md_escape(out, d->help);
    }
    sa_buf_puts(out, " |\n");
}

static void mdoc_entry(sa_buf *out, const sa_diag_info *d)
{
    sa_buf_printf(out, ".It Sy %s Pq %s\n", d->code, sa_severity_name(d->severity));
    mdoc_line(out, d->description);
    if (d->help)
        mdoc_line(out, d->help);
}

/* The block for the groups named in `names` (space-separated). */
static void generate(doc_kind kind, const char *names, sa_buf *out)
{
    if (kind == DOC_MARKDOWN)
        sa_buf_puts(out, "| code | severity | meaning |\n|---|---|---|\n");
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
        size_t glen = strlen(groups[g].group);
        const char *hit = strstr(names, groups[g].group);
        if (!hit || (hit != names && hit[-1] != ' ') || (hit[glen] && hit[glen] != ' '))
            continue;
        if (kind == DOC_MDOC)
            sa_buf_printf(out, ".Ss %s\n.Bl -tag -width Ds\n", groups[g].heading);
        for (size_t i = 0; i < sa_diag_info_count(); i++) {
            const sa_diag_info *d = sa_diag_info_at(i);
            if (!in_group(d->code, groups[g].group, glen))
                continue;
            if (kind == DOC_MARKDOWN)
                md_row(out, d);
            else
                mdoc_entry(out, d);
        }
        if (kind == DOC_MDOC)
            sa_buf_puts(out, ".El\n");
    }
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    sa_buf b = SA_BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sa_buf_append(&b, chunk, n);
    fclose(f);
    *len = b.len;
    sa_buf_cstr(&b);
    return sa_buf_detach(&b);
}

/*
 * Copies `text` into `out` with every block regenerated. Returns the number
 * of blocks, or -1 (with a message) for a begin marker without its end.
 */
static int regenerate(const char *path, const char *text, doc_kind kind, sa_buf *out)
{
    const char *begin = kind == DOC_MARKDOWN ? "<!-- diag-codes: " : ".\\\" diag-codes: ";
    const char *end = kind == DOC_MARKDOWN ? "<!-- end diag-codes -->" : ".\\\" end diag-codes";
    int blocks = 0;
    const char *p = text;
    for (const char *b; (b = strstr(p, begin)) != NULL; blocks++) {
        const char *eol = strchr(b, '\n');
        const char *e = eol ? strstr(eol, end) : NULL;
        if (!e) {
            fprintf(stderr, "%s: '%s' without '%s' after it\n", path, begin, end);
            return -1;
        }
        sa_buf names = SA_BUF_INIT;
        sa_buf_append(&names, b + strlen(begin), (size_t)(eol - b) - strlen(begin));
        sa_buf_append(out, p, (size_t)(eol + 1 - p));
        generate(kind, sa_buf_cstr(&names), out);
        sa_buf_free(&names);
        p = e;
    }
    sa_buf_puts(out, p);
    return blocks;
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Checks or rewrites one file; returns 0 when it is (now) current. */
static int process(const char *path, bool write)
{
    size_t len = 0;
    char *text = read_file(path, &len);
    if (!text) {
        perror(path);
        return 2;
    }
    doc_kind kind = has_suffix(path, ".md") ? DOC_MARKDOWN : DOC_MDOC;
    sa_buf out = SA_BUF_INIT;
    int blocks = regenerate(path, text, kind, &out);
    int rc = 0;
    if (blocks <= 0) {
        if (blocks == 0)
            fprintf(stderr, "%s: no diag-codes block\n", path);
        rc = 2;
    } else if (out.len != len || memcmp(out.data, text, len) != 0) {
        if (write) {
            FILE *f = fopen(path, "wb");
            rc = !f || fwrite(out.data, 1, out.len, f) != out.len;
            rc |= f && fclose(f) != 0;
            printf("%s: %s\n", path, rc ? "cannot write" : "regenerated");
        } else {
            fprintf(stderr, "%s: the diagnostic codes differ from src/core/diag_codes.def\n", path);
            rc = 1;
        }
    }
    sa_buf_free(&out);
    free(text);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 3 || (strcmp(argv[1], "--check") != 0 && strcmp(argv[1], "--write") != 0)) {
        fputs("usage: diag_docs --check|--write FILE...\n", stderr);
        return 2;
    }
    bool write = strcmp(argv[1], "--write") == 0;
    int rc = 0;
    for (int i = 2; i < argc; i++) {
        int r = process(argv[i], write);
        rc = r > rc ? r : rc;
    }
    if (rc == 1)
        fputs("regenerate with: build/tests/diag_docs --write specs/README.md doc/specaudit.1\n", stderr);
    return rc;
}
