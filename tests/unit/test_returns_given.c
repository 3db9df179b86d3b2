/* test_returns_given.c — which returns are read and what was received: the
 * same return given twice (path, link, copy) is read once; rows repeating a
 * key across returns are found whatever order they arrive in, past the
 * in-memory run; the submissions manifest is read with file:row:col errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "returns/returns.h"
#include "spec/spec.h"

static char dir[64];

static int make_dir(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/sa-given-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *in_dir(const char *name)
{
    static char paths[8][128];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, 128, "%s/%s", dir, name);
    return p;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static const char *SPEC = "specaudit: 1\nid: given\nversion: \"1\"\ntitle: Given\n"
                          "period: {from: 2007-04-01, to: 2007-06-30}\n"
                          "datasets:\n  events:\n    key: [event_id]\n    columns:\n"
                          "      event_id: {type: string, required: true}\n      provider: {type: ods_code}\n"
                          "      held_on: {type: date}\n"
                          "requirements:\n  - id: EDU-1\n    title: Sessions\n    check:\n      kind: count\n"
                          "      dataset: events\n      at: held_on\n      target: \">= 4\"\n";

static sa_spec *load_spec(void)
{
    sa_diags *d = sa_diags_new();
    sa_spec *s = sa_spec_load_buffer("given.yaml", SPEC, strlen(SPEC), NULL, d);
    assert_false(sa_diags_has_errors(d));
    sa_diags_free(d);
    return s;
}

/* A hard link, a symlink, ./path and a byte-for-byte copy are one return; a file of
 * the same size with other bytes is not. */
static void test_same_return_read_once(void **state)
{
    (void)state;
    const char *text = "event_id,provider,held_on\nE1,8HX01,2007-04-12\n";
    char a[128], copy[128], other[128], hard[128], sym[128], dot[160];
    snprintf(a, sizeof a, "%s", in_dir("a.csv"));
    snprintf(copy, sizeof copy, "%s", in_dir("b-copy.csv"));
    snprintf(other, sizeof other, "%s", in_dir("c-other.csv"));
    snprintf(hard, sizeof hard, "%s", in_dir("d-hard.csv"));
    snprintf(sym, sizeof sym, "%s", in_dir("e-sym.csv"));
    snprintf(dot, sizeof dot, "%s/./a.csv", dir);
    write_text(a, text);
    write_text(copy, text);
    write_text(other, "event_id,provider,held_on\nE2,8HX01,2007-04-12\n");
    assert_int_equal(link(a, hard), 0);
    assert_int_equal(symlink(a, sym), 0);
    sa_spec *spec = load_spec();
    const sa_dataset *ds = &spec->datasets[0];
    sa_return_file files[6] = {{dot, ds}, {a, ds}, {copy, ds}, {other, ds}, {hard, ds}, {sym, ds}};
    sa_arena *arena = sa_arena_new();
    sa_diags *d = sa_diags_new();
    const char **why = sa_returns_read_once(files, 6, arena, d);
    assert_null(why[0]);
    assert_non_null(strstr(why[1], "the same file as"));
    assert_non_null(strstr(why[2], "the same content as"));
    assert_null(why[3]);
    assert_non_null(strstr(why[4], "the same file as"));
    assert_non_null(strstr(why[5], "the same file as"));
    assert_int_equal(sa_diags_total_code(d, "W-RET-SAME-FILE"), 4);
    assert_true(sa_file_same_identity(a, hard));
    assert_false(sa_file_same_identity(a, copy));
    assert_false(sa_file_same_content(a, other));
    sa_diags_free(d);
    sa_arena_free(arena);
    sa_spec_free(spec);
}

typedef struct found {
    size_t n;
    uint32_t file[4], first_file[4];
    uint64_t record[4], first_record[4];
} found;

static void on_repeat(void *ctx, uint64_t record, uint32_t file, uint64_t first_record, uint32_t first_file)
{
    found *f = ctx;
    if (f->n < 4) {
        f->file[f->n] = file;
        f->record[f->n] = record;
        f->first_file[f->n] = first_file;
        f->first_record[f->n] = first_record;
    }
    f->n++;
}

/* Repeats across files name the earliest (file, row) whatever order the parts arrive
 * in: a part past one in-memory run (spilled to disk, joined as runs) and a small one
 * (copied in) are moved into the run's index, the later file's part first. */
static void test_key_repeats_in_any_order(void **state)
{
    (void)state;
    sa_key_index *all = sa_key_index_new(), *big = sa_key_index_new(), *small = sa_key_index_new();
    enum { N = 300000 }; /* more than one run of 128 Ki entries */
    for (size_t i = 0; i < N; i++)
        sa_key_index_add(big, 0x9e3779b97f4a7c15ULL * (i + 1), i + 2, 3);
    /* The key of file 3 row 10, given again in file 1 (row 7), and a key repeated within file 1. */
    sa_key_index_add(small, 0x9e3779b97f4a7c15ULL * 9, 7, 1);
    sa_key_index_add(small, 42, 8, 1);
    sa_key_index_add(small, 42, 9, 1);
    sa_key_index_absorb(all, big);
    sa_key_index_absorb(all, small);
    found f = {0};
    assert_int_equal(sa_key_index_finish(all, on_repeat, &f), 0);
    assert_int_equal(f.n, 2);
    size_t across = f.file[0] == 3 ? 0 : 1, within = 1 - across;
    assert_int_equal(f.file[across], 3); /* file 3 row 10 repeats file 1 row 7, the earlier by file */
    assert_int_equal(f.record[across], 10);
    assert_int_equal(f.first_file[across], 1);
    assert_int_equal(f.first_record[across], 7);
    assert_int_equal(f.file[within], 1);
    assert_int_equal(f.record[within], 9);
    assert_int_equal(f.first_record[within], 8);
    sa_key_index_free(all);
    sa_key_index_free(big);
    sa_key_index_free(small);
}

/* Keys hash their provider and values: the same id from two providers is two rows. */
static void test_key_hash_includes_provider(void **state)
{
    (void)state;
    sa_value v[3] = {{.kind = SA_VAL_STRING, .enum_index = -1, .as.str = {"E1", 2}},
                     {.kind = SA_VAL_STRING, .enum_index = -1, .as.str = {"8HX01", 5}},
                     {.kind = SA_VAL_EMPTY, .enum_index = -1}};
    int cols[1] = {0};
    sa_row row = {.values = v, .nvalues = 3, .provider = "8HX01"};
    uint64_t h1, h2, h3;
    assert_true(sa_row_key_hash(&row, 0, cols, 1, &h1));
    row.provider = "8HX02";
    assert_true(sa_row_key_hash(&row, 0, cols, 1, &h2));
    assert_true(h1 != h2);
    cols[0] = 2; /* an empty key cell identifies nothing */
    assert_false(sa_row_key_hash(&row, 0, cols, 1, &h3));
}

static bool has_diag(const sa_diags *d, const char *code, uint32_t line, uint32_t col)
{
    for (size_t i = 0; i < sa_diags_count(d); i++) {
        const sa_diag *g = sa_diags_at(d, i);
        if (strcmp(g->code, code) == 0 && g->pos.line == line && g->pos.col == col)
            return true;
    }
    return false;
}

static void test_manifest_errors_at_row_and_column(void **state)
{
    (void)state;
    const char *path = in_dir("manifest.csv");
    write_text(path, "provider,dataset,period_from,period_to,submitted,file,nil,replaces,note\n"
                     "8HX01,events,2007-04-01,2007-04-30,2007-05-10,april.csv,,,\n"
                     "8HX01,visits,2007-05-01,2007-05-31,,,yes,,\n"
                     "8HX01,events,2007-06-31,2007-06-30,,,yes,,\n"
                     "8HX01,events,2007-06-01,2007-05-30,,,yes,,\n"
                     "8HX01,events,2007-06-01,2007-06-30,,june.csv,yes,,\n"
                     "8HX01,events,2007-06-01,2007-06-30,2007-07-01,june2.csv,,june.csv,\n");
    sa_spec *spec = load_spec();
    sa_diags *d = sa_diags_new();
    sa_manifest *m = sa_manifest_load(path, spec, NULL, 0, d);
    assert_non_null(m);
    assert_true(has_diag(d, "W-SUB-UNKNOWN-COLUMN", 1, 9));
    assert_true(has_diag(d, "E-SUB-UNKNOWN-DATASET", 3, 2));
    assert_true(has_diag(d, "E-SUB-BAD-VALUE", 4, 3)); /* 31 June */
    assert_true(has_diag(d, "E-SUB-PERIOD", 5, 4));
    assert_true(has_diag(d, "E-SUB-CONFLICT", 6, 6)); /* a nil return with a file */
    assert_int_equal(m->n, 2);
    sa_date may10;
    assert_true(sa_date_parse_iso("2007-05-10", 10, &may10));
    assert_int_equal(m->items[0].submitted, may10);
    assert_int_equal(m->items[1].submitted, may10 + 52); /* 1 July */
    assert_string_equal(m->items[0].file, in_dir("april.csv"));     /* relative to the manifest */
    assert_string_equal(m->items[1].replaces, in_dir("june.csv"));
    assert_int_equal(m->items[1].row, 7);
    sa_manifest_free(m);
    sa_diags_free(d);

    write_text(path, "provider,dataset,submitted\n8HX01,events,2007-05-10\n");
    d = sa_diags_new();
    m = sa_manifest_load(path, spec, NULL, 0, d);
    assert_int_equal(sa_diags_total_code(d, "E-SUB-MISSING-COLUMN"), 2);
    sa_manifest_free(m);
    sa_diags_free(d);
    sa_spec_free(spec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_return_read_once),
        cmocka_unit_test(test_key_repeats_in_any_order),
        cmocka_unit_test(test_key_hash_includes_provider),
        cmocka_unit_test(test_manifest_errors_at_row_and_column),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
