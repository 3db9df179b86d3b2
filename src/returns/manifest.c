/*
 * manifest.c — the submissions manifest: which returns a commissioner
 * actually received, for which provider, dataset and period, on which date,
 * in which file — including nil returns (nothing to report) and corrected
 * returns that replace an earlier file. Without it, "missing" can only mean
 * "no rows", and "on time" only what the rows' own submission column says.
 *
 * The manifest is CSV with a fixed set of columns (specs/README.md), read
 * whole within the input size limit and decoded with the returns' own cell
 * types, so its dates and codes follow the same rules as a return's.
 */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/fileio.h"
#include "returns/returns_private.h"
#include "core/alloc.h"

enum { M_PROVIDER, M_DATASET, M_FROM, M_TO, M_SUBMITTED, M_FILE, M_NIL, M_REPLACES, M_NCOLS };

/* The manifest's columns, typed as return columns (required where the format requires). */
static const sa_column manifest_columns[M_NCOLS] = {
    [M_PROVIDER] = {.name = "provider", .type = SA_COL_ODS_CODE, .required = true},
    [M_DATASET] = {.name = "dataset", .type = SA_COL_STRING, .required = true, .max_length = 200},
    [M_FROM] = {.name = "period_from", .type = SA_COL_DATE, .required = true},
    [M_TO] = {.name = "period_to", .type = SA_COL_DATE, .required = true},
    [M_SUBMITTED] = {.name = "submitted", .type = SA_COL_DATE},
    [M_FILE] = {.name = "file", .type = SA_COL_STRING, .max_length = 4096},
    [M_NIL] = {.name = "nil", .type = SA_COL_BOOL},
    [M_REPLACES] = {.name = "replaces", .type = SA_COL_STRING, .max_length = 4096},
};

typedef struct mload {
    sa_manifest *m;
    const sa_spec *spec;
    sa_diags *diags;
    int field_of[M_NCOLS]; /* header field of each column, -1 when absent */
    size_t nheader;
    size_t cap;
    sa_buf text;
} mload;

/* A cell quoted for a message: at most 60 bytes, control characters shown as '?'. */
static const char *quoted(mload *l, const char *p, size_t len)
{
    sa_buf_clear(&l->text);
    sa_buf_putc(&l->text, '"');
    for (size_t i = 0; i < len && i < 60; i++)
        sa_buf_putc(&l->text, (unsigned char)p[i] < 0x20 || p[i] == 0x7f ? '?' : p[i]);
    sa_buf_puts(&l->text, len > 60 ? "...\"" : "\"");
    return sa_buf_cstr(&l->text);
}

static sa_pos at(const mload *l, uint64_t row, int field)
{
    return (sa_pos){l->m->path, (uint32_t)(row > UINT32_MAX ? UINT32_MAX : row), (uint32_t)(field + 1)};
}

static bool read_header(mload *l, const sa_csv_field *f, size_t n)
{
    l->nheader = n;
    for (int c = 0; c < M_NCOLS; c++)
        l->field_of[c] = -1;
    for (size_t i = 0; i < n; i++) {
        int c = 0;
        while (c < M_NCOLS && !(strlen(manifest_columns[c].name) == f[i].len &&
                                memcmp(manifest_columns[c].name, f[i].ptr, f[i].len) == 0))
            c++;
        if (c == M_NCOLS)
            sa_diags_warning(l->diags, "W-SUB-UNKNOWN-COLUMN", at(l, 1, (int)i),
                             "column %s is not a column of a submissions manifest; it is ignored",
                             quoted(l, f[i].ptr, f[i].len));
        else if (l->field_of[c] >= 0)
            sa_diags_error(l->diags, "E-SUB-DUPLICATE-COLUMN", at(l, 1, (int)i),
                           "column %s: expected once in the header, found again", manifest_columns[c].name);
        else
            l->field_of[c] = (int)i;
    }
    bool ok = true;
    for (int c = 0; c < M_NCOLS; c++)
        if (manifest_columns[c].required && l->field_of[c] < 0) {
            sa_diags_error(l->diags, "E-SUB-MISSING-COLUMN", (sa_pos){l->m->path, 1, 0},
                           "column %s: expected in the header of a submissions manifest, found no such column",
                           manifest_columns[c].name);
            ok = false;
        }
    return ok;
}

/* Decodes the row's cells into v[]; false (with diagnostics) when one is not usable. */
static bool decode_row(mload *l, uint64_t row, const sa_csv_field *f, size_t n, sa_value *v)
{
    bool ok = true;
    if (n != l->nheader) {
        sa_diags_error(l->diags, "E-SUB-ROW-WIDTH", at(l, row, (int)(n < l->nheader ? n : l->nheader)),
                       "expected %zu cells as in the header, found %zu", l->nheader, n);
        ok = false;
    }
    for (int c = 0; c < M_NCOLS; c++) {
        v[c] = (sa_value){.kind = SA_VAL_EMPTY, .enum_index = -1};
        int fi = l->field_of[c];
        const sa_column *col = &manifest_columns[c];
        const char *expected;
        if (fi < 0 || (size_t)fi >= n || f[fi].len == 0) {
            if (col->required && fi >= 0) {
                sa_diags_error(l->diags, "E-SUB-REQUIRED", at(l, row, fi),
                               "column %s: expected a value (the manifest requires it), found an empty cell",
                               col->name);
                ok = false;
            }
            continue;
        }
        if (!sa_value_decode(col, f[fi].ptr, f[fi].len, &v[c], &expected)) {
            sa_diags_error(l->diags, "E-SUB-BAD-VALUE", at(l, row, fi), "column %s: expected %s, found %s",
                           col->name, expected, quoted(l, f[fi].ptr, f[fi].len));
            ok = false;
        }
    }
    return ok;
}

/* A path as written in the manifest, relative to the manifest's own directory. */
static const char *resolve(mload *l, const sa_value *v)
{
    if (v->kind != SA_VAL_STRING)
        return NULL;
    const char *slash = strrchr(l->m->path, '/');
    if (v->as.str.ptr[0] == '/' || !slash)
        return sa_arena_strndup(l->m->arena, v->as.str.ptr, v->as.str.len);
    return sa_arena_printf(l->m->arena, "%.*s/%.*s", (int)(slash - l->m->path), l->m->path, (int)v->as.str.len,
                           v->as.str.ptr);
}

static const sa_dataset *row_dataset(mload *l, uint64_t row, const sa_value *v)
{
    sa_buf name = SA_BUF_INIT;
    sa_buf_append(&name, v->as.str.ptr, v->as.str.len);
    const sa_dataset *ds = sa_spec_find_dataset(l->spec, sa_buf_cstr(&name));
    if (!ds) {
        sa_buf list = SA_BUF_INIT;
        for (size_t i = 0; i < l->spec->ndatasets; i++)
            sa_buf_printf(&list, "%s%s", i ? ", " : "", l->spec->datasets[i].name);
        sa_diags_error(l->diags, "E-SUB-UNKNOWN-DATASET", at(l, row, l->field_of[M_DATASET]),
                       "expected a dataset of the specification (%s), found %s", sa_buf_cstr(&list),
                       quoted(l, v->as.str.ptr, v->as.str.len));
        sa_buf_free(&list);
    }
    sa_buf_free(&name);
    return ds;
}

/* The rules a row must keep beyond its cell types; false when it breaks one. */
static bool row_consistent(mload *l, uint64_t row, const sa_submission *s)
{
    if (s->to < s->from) {
        sa_diags_error(l->diags, "E-SUB-PERIOD", at(l, row, l->field_of[M_TO]),
                       "expected period_to on or after period_from, found a period that ends before it starts");
        return false;
    }
    if (s->nil && s->file) {
        sa_diags_error(l->diags, "E-SUB-CONFLICT", at(l, row, l->field_of[M_FILE]),
                       "expected no file for a nil return (nothing to report), found %s", s->file);
        return false;
    }
    if (s->replaces && !s->file) {
        sa_diags_error(l->diags, "E-SUB-CONFLICT", at(l, row, l->field_of[M_REPLACES]),
                       "expected the file that replaces %s, found no file on the row", s->replaces);
        return false;
    }
    if (s->replaces && sa_file_same_identity(s->replaces, s->file)) {
        sa_diags_error(l->diags, "E-SUB-CONFLICT", at(l, row, l->field_of[M_REPLACES]),
                       "expected an earlier file to replace, found the row's own file %s", s->file);
        return false;
    }
    return true;
}

static void add_row(mload *l, uint64_t row, const sa_csv_field *f, size_t n)
{
    sa_value v[M_NCOLS];
    if (!decode_row(l, row, f, n, v))
        return;
    sa_submission s = {0};
    s.dataset = row_dataset(l, row, &v[M_DATASET]);
    if (!s.dataset)
        return;
    s.provider = sa_arena_strndup(l->m->arena, v[M_PROVIDER].as.str.ptr, v[M_PROVIDER].as.str.len);
    s.from = v[M_FROM].as.date;
    s.to = v[M_TO].as.date;
    s.submitted = v[M_SUBMITTED].kind == SA_VAL_DATE ? v[M_SUBMITTED].as.date : SA_DATE_NONE;
    s.file = resolve(l, &v[M_FILE]);
    s.nil = v[M_NIL].kind == SA_VAL_BOOL && v[M_NIL].as.b;
    s.replaces = resolve(l, &v[M_REPLACES]);
    s.row = (uint32_t)(row > UINT32_MAX ? UINT32_MAX : row);
    if (!row_consistent(l, row, &s))
        return;
    if (l->m->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 64;
        l->m->items = sa_xrealloc(l->m->items, l->cap * sizeof *l->m->items);
    }
    l->m->items[l->m->n++] = s;
}

static void read_rows(mload *l, sa_csv *csv)
{
    const sa_csv_field *f;
    size_t n;
    int r = sa_csv_next(csv, &f, &n);
    if (r == 0)
        sa_diags_error(l->diags, "E-SUB-EMPTY", (sa_pos){l->m->path, 0, 0},
                       "expected a header row naming the manifest's columns, found an empty file");
    if (r <= 0 || !read_header(l, f, n))
        return;
    while ((r = sa_csv_next(csv, &f, &n)) > 0)
        if (!(n == 1 && f[0].len == 0))
            add_row(l, sa_csv_record(csv), f, n);
}

sa_manifest *sa_manifest_load(const char *path, const sa_spec *spec, const sa_csv_limits *limits,
                              size_t max_bytes, sa_diags *diags)
{
    char *data;
    size_t len;
    if (sa_file_read_all(path, max_bytes, &data, &len, diags) != 0)
        return NULL;
    sa_manifest *m = sa_xcalloc(1, sizeof *m);
    m->arena = sa_arena_new();
    m->path = sa_arena_strdup(m->arena, path);
    mload l = {.m = m, .spec = spec, .diags = diags};
    sa_buf_init(&l.text);
    sa_csv *csv = sa_csv_open_buffer(m->path, data, len, limits, diags);
    if (csv) {
        read_rows(&l, csv);
        sa_csv_close(csv);
    }
    sa_buf_free(&l.text);
    free(data);
    return m;
}

void sa_manifest_free(sa_manifest *m)
{
    if (!m)
        return;
    free(m->items);
    sa_arena_free(m->arena);
    free(m);
}

/* Index of the return given that is the file `path`, or n. */
static size_t given(const sa_return_file *files, size_t n, const char *path)
{
    size_t i = 0;
    while (i < n && !sa_file_same_identity(files[i].path, path))
        i++;
    return i;
}

void sa_manifest_apply(const sa_manifest *m, const sa_return_file *files, size_t n, const char **why,
                       sa_arena *arena, sa_diags *diags)
{
    bool *listed = sa_xcalloc(n ? n : 1, sizeof *listed);
    for (size_t k = 0; k < m->n; k++) {
        const sa_submission *s = &m->items[k];
        size_t f = s->file ? given(files, n, s->file) : n, old = s->replaces ? given(files, n, s->replaces) : n;
        if (f < n)
            listed[f] = true;
        else if (s->file)
            sa_diags_warning(diags, "W-SUB-NOT-GIVEN", (sa_pos){m->path, s->row, 0},
                             "the manifest lists %s, but it was not given as a return: its rows are not read",
                             s->file);
        if (old < n) {
            listed[old] = true;
            if (!why[old]) {
                why[old] = sa_arena_printf(arena, "replaced by %s (%s row %u)", s->file, m->path, s->row);
                sa_diags_warning(diags, "W-RET-REPLACED", (sa_pos){files[old].path, 0, 0},
                                 "expected each return to be current, found one %s: it is not read", why[old]);
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        if (!listed[i] && !why[i])
            sa_diags_warning(diags, "W-SUB-NOT-LISTED", (sa_pos){files[i].path, 0, 0},
                             "the submissions manifest does not list this return: when it was received is not known");
    free(listed);
}
