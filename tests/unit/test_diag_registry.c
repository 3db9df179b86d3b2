/*
 * test_diag_registry.c — the registry of diagnostic codes is complete and
 * well formed: every code written anywhere under src/ (as a string literal or
 * named in a comment) has an entry with a description, and every entry is
 * used. A new code without an entry fails here, naming its file and line.
 * (The documentation tables are checked against the registry by the test
 * docs.diag_codes.)
 */
#include <ctype.h>
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/diag_codes.h"

/* A code seen in the sources: where, for the failure message. */
typedef struct seen_code {
    char code[64];
    char where[512];
} seen_code;

typedef struct scan {
    seen_code *codes;
    size_t n, cap;
} scan;

static void scan_add(scan *s, const char *code, size_t len, const char *path, size_t line)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->codes = realloc(s->codes, s->cap * sizeof *s->codes);
        assert_non_null(s->codes);
    }
    seen_code *c = &s->codes[s->n++];
    snprintf(c->code, sizeof c->code, "%.*s", (int)(len < 63 ? len : 63), code);
    snprintf(c->where, sizeof c->where, "%s:%zu", path, line);
}

static bool code_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/*
 * Length of the code starting at p ([EW]-PART(-PART)+, upper case and
 * digits), or 0. A trailing "-*" or "-" (a family such as E-RET-BAD-*, or a
 * prefix tested with strncmp) is not a code.
 */
static size_t code_at(const char *text, const char *p)
{
    if ((p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '-' || p[-1] == '_')) ||
        (p[0] != 'E' && p[0] != 'W') || p[1] != '-')
        return 0;
    size_t parts = 0, i = 1;
    while (p[i] == '-' && code_char(p[i + 1])) {
        i++;
        while (code_char(p[i]))
            i++;
        parts++;
    }
    if (parts < 2 || p[i] == '-' || isalnum((unsigned char)p[i]) || p[i] == '_')
        return 0;
    return i;
}

static void scan_file(scan *s, const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    sa_buf b = SA_BUF_INIT;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        sa_buf_append(&b, chunk, got);
    fclose(f);
    const char *text = sa_buf_cstr(&b);
    size_t line = 1;
    for (const char *p = text; *p; p++) {
        if (*p == '\n')
            line++;
        size_t n = code_at(text, p);
        if (n) {
            scan_add(s, p, n, path, line);
            p += n - 1;
        }
    }
    sa_buf_free(&b);
}

static bool source_file(const char *name)
{
    size_t n = strlen(name);
    return (n > 2 && (strcmp(name + n - 2, ".c") == 0 || strcmp(name + n - 2, ".h") == 0)) ||
           (n > 3 && strcmp(name + n - 3, ".in") == 0);
}

/* Every .c, .h and .in file below `dir`, except the registry itself. */
static void scan_tree(scan *s, const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        assert_int_equal(stat(path, &st), 0);
        if (S_ISDIR(st.st_mode))
            scan_tree(s, path);
        else if (source_file(e->d_name))
            scan_file(s, path);
    }
    closedir(d);
}

static scan scan_sources(void)
{
    scan s = {0};
    scan_tree(&s, SA_SOURCE_DIR "/src");
    return s;
}

static void test_code_at(void **state)
{
    (void)state;
    const char *t = "x \"E-SPEC-TYPE\" E-RET-BAD-* \"E-IO-\" UTF-8 W-AGR-XML, XE-A-B E-SPEC-yaml";
    assert_int_equal(code_at(t, strstr(t, "E-SPEC-TYPE")), strlen("E-SPEC-TYPE"));
    assert_int_equal(code_at(t, strstr(t, "E-RET-BAD")), 0);
    assert_int_equal(code_at(t, strstr(t, "E-IO-")), 0);
    assert_int_equal(code_at(t, strstr(t, "W-AGR-XML")), strlen("W-AGR-XML"));
    assert_int_equal(code_at(t, strstr(t, "E-A-B")), 0); /* inside a word */
    assert_int_equal(code_at(t, strstr(t, "E-SPEC-yaml")), 0);
}

static void test_every_code_in_src_is_registered(void **state)
{
    (void)state;
    scan s = scan_sources();
    assert_true(s.n >= 100); /* the scan did find the sources */
    size_t missing = 0;
    for (size_t i = 0; i < s.n; i++) {
        const sa_diag_info *d = sa_diag_info_find(s.codes[i].code);
        if (!d || !d->description || !*d->description) {
            fprintf(stderr, "%s: %s is not in src/core/diag_codes.def (or has no description)\n",
                    s.codes[i].where, s.codes[i].code);
            missing++;
        }
    }
    free(s.codes);
    assert_int_equal(missing, 0);
}

static void test_every_registered_code_is_used(void **state)
{
    (void)state;
    scan s = scan_sources();
    size_t unused = 0;
    for (size_t k = 0; k < sa_diag_info_count(); k++) {
        const char *code = sa_diag_info_at(k)->code;
        bool used = false;
        for (size_t i = 0; i < s.n && !used; i++)
            used = strcmp(s.codes[i].code, code) == 0 && !strstr(s.codes[i].where, "diag_codes.def");
        if (!used) {
            fprintf(stderr, "%s is in src/core/diag_codes.def but no source reports it\n", code);
            unused++;
        }
    }
    free(s.codes);
    assert_int_equal(unused, 0);
}

/* Plain text of one or more sentences: not the code, no table or line breaks. */
static void assert_text(const char *code, const char *text, bool sentence)
{
    assert_non_null(text);
    assert_true(strlen(text) > 3);
    assert_string_not_equal(text, code);
    assert_null(strchr(text, '|'));
    assert_null(strchr(text, '\n'));
    assert_null(strchr(text, '`'));
    if (sentence)
        assert_true(text[strlen(text) - 1] == '.');
}

static void test_entries_are_well_formed(void **state)
{
    (void)state;
    size_t n = sa_diag_info_count();
    assert_true(n >= 100);
    for (size_t i = 0; i < n; i++) {
        const sa_diag_info *d = sa_diag_info_at(i);
        size_t len = code_at(d->code, d->code);
        if (len != strlen(d->code))
            fail_msg("'%s' is not shaped like a code", d->code);
        assert_int_equal(d->severity, d->code[0] == 'E' ? SA_SEV_ERROR : SA_SEV_WARNING);
        assert_text(d->code, d->title, false);
        assert_text(d->code, d->description, true);
        if (d->help)
            assert_text(d->code, d->help, true);
        assert_ptr_equal(sa_diag_info_find(d->code), d); /* listed once */
    }
    assert_null(sa_diag_info_find("E-NO-SUCH-CODE"));
    assert_null(sa_diag_info_find(NULL));
    assert_null(sa_diag_info_at(n));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code_at),
        cmocka_unit_test(test_every_code_in_src_is_registered),
        cmocka_unit_test(test_every_registered_code_is_used),
        cmocka_unit_test(test_entries_are_well_formed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
