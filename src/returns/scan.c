/*
 * scan.c — streams a return file against its dataset: header checks, typed
 * decoding of every cell, required and unique checks, and one callback per
 * row. Also resolves command-line arguments into (file, dataset) pairs.
 *
 * Memory per scan: the reader's block buffer, one value array, and the
 * repeated-value finder of the `unique` columns (unique.c: a fixed run of
 * 64-bit hashes with their rows, full runs spilled to a temporary file) —
 * never the values themselves.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <pcre2.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/fileio.h"
#include "core/regex.h"
#include "core/strmap.h"
#include "returns/returns_private.h"
#include "core/alloc.h"

void sa_scan_options_default(sa_scan_options *opts)
{
    memset(opts, 0, sizeof *opts);
    sa_csv_limits_default(&opts->limits);
    opts->show_identifiers = false;
    opts->check_unique = true;
    opts->providers = NULL;
}

/* ---- scan state --------------------------------------------------------------- */

typedef struct col_state {
    const sa_column *col;
    ret_date_mode mode;
    ret_pattern pattern;
    const char *code;     /* E-RET-BAD-* for this type */
    const char *expected; /* what a cell should look like */
    int header_index;     /* field number in the file (0-based), -1 when absent */
    ret_decode_fn decode; /* the column's decoder (type and date mode chosen once) */
    sa_value *value;      /* its slot in the row being decoded */
    bool hashed;          /* a unique column whose values are checked for repeats */
} col_state;

struct scan {
    const sa_return_file *file;
    const sa_scan_options *opts;
    sa_diags *diags;
    sa_arena *arena;
    col_state *cols;
    size_t ncols;
    int *field_col; /* per header field: dataset column index, -1 unknown/duplicate */
    col_state **field_cs; /* per header field: its column, NULL unknown/duplicate */
    size_t nheader;
    sa_buf msg;
    sa_strmap *providers;
    bool own_providers;
    ret_unique *uniq;        /* NULL when no unique column is checked */
    size_t nunique;          /* unique columns present in the header */
    sa_strmap *dup_rows;     /* rows already counted bad for a repeat (several unique columns) */
    struct dup *dups;
    size_t ndups, cap_dups;
    sa_scan_stats *stats;
    const char *last_provider;
    size_t last_provider_len;
    size_t unique_run;       /* entries the repeated-value finder holds in memory (0: its default) */
    unsigned unique_threads; /* threads it looks for repeats on at the end */
    sa_value *values;        /* the row being decoded */
    bool some_absent;        /* a column of the dataset is not in the header */
    uint64_t *row_hashes;    /* its unique values' hashes, and their columns */
    uint32_t *row_hash_cols;
};
typedef struct scan scan;

/* Appends a cell for a message: quoted, escaped, shortened, or masked for identifiers. */
static void put_found(scan *s, const sa_column *col, const char *p, size_t len)
{
    sa_buf *b = &s->msg;
    sa_buf_putc(b, '"');
    if (col->identifier && !s->opts->show_identifiers) {
        char masked[24];
        sa_mask_cell(col, p, len, masked, sizeof masked);
        sa_buf_puts(b, masked);
        sa_buf_putc(b, '"');
        return;
    }
    size_t shown = 0;
    size_t i = 0;
    while (i < len) {
        if (shown == 60) {
            sa_buf_puts(b, "...");
            break;
        }
        unsigned char c = (unsigned char)p[i];
        if (c >= 0x80) {
            size_t ok = ret_utf8_check(p + i, len - i < 4 ? len - i : 4);
            size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if (ok >= n) {
                sa_buf_append(b, p + i, n);
                i += n;
            } else {
                sa_buf_printf(b, "\\x%02X", c);
                i++;
            }
        } else if (c == '"' || c == '\\') {
            sa_buf_putc(b, '\\');
            sa_buf_putc(b, (char)c);
            i++;
        } else if (c == '\n') {
            sa_buf_puts(b, "\\n");
            i++;
        } else if (c == '\r') {
            sa_buf_puts(b, "\\r");
            i++;
        } else if (c < 0x20 || c == 0x7F) {
            sa_buf_printf(b, "\\x%02X", c);
            i++;
        } else {
            sa_buf_putc(b, (char)c);
            i++;
        }
        shown++;
    }
    sa_buf_putc(b, '"');
}

static sa_pos cell_pos(const scan *s, uint64_t record, size_t field)
{
    return (sa_pos){s->file->path, (uint32_t)(record > UINT32_MAX ? UINT32_MAX : record),
                    (uint32_t)field + 1};
}

static void report_cell(scan *s, const col_state *cs, ret_fail f, uint64_t detail, uint64_t record,
                        size_t field, const char *p, size_t len)
{
    const sa_column *col = cs->col;
    const char *code;
    switch (f) {
    case RET_BAD_UTF8: code = "E-RET-BAD-UTF8"; break;
    case RET_TOO_LONG: code = "E-RET-TOO-LONG"; break;
    case RET_PATTERN: code = "E-RET-PATTERN"; break;
    case RET_PATTERN_LIMIT: code = "E-RET-REGEX-LIMIT"; break;
    case RET_RANGE: code = "E-RET-OUT-OF-RANGE"; break;
    default: code = cs->code; break;
    }
    if (!sa_diags_wants(s->diags, code)) {
        sa_diags_error(s->diags, code, cell_pos(s, record, field), "%s", "");
        return;
    }
    sa_buf *b = &s->msg;
    sa_buf_clear(b);
    sa_buf_printf(b, "column %s: expected ", col->name);
    switch (f) {
    case RET_BAD_UTF8:
        sa_buf_printf(b, "UTF-8 text, found an invalid byte 0x%02X at byte %llu of the cell",
                      (unsigned)(unsigned char)p[detail], (unsigned long long)detail + 1);
        break;
    case RET_TOO_LONG:
        sa_buf_printf(b, "at most %lld characters, found %llu", (long long)col->max_length,
                      (unsigned long long)detail);
        break;
    case RET_PATTERN:
        sa_buf_printf(b, "a value matching %s, found ", col->pattern ? col->pattern : "the column's pattern");
        put_found(s, col, p, len);
        break;
    case RET_PATTERN_LIMIT:
        sa_buf_printf(b, "a value that %s decides within its match limit (%d backtracking steps), found ",
                      col->pattern ? col->pattern : "the column's pattern", SA_REGEX_MATCH_LIMIT);
        put_found(s, col, p, len);
        break;
    case RET_RANGE:
        if (col->has_min && col->has_max)
            sa_buf_printf(b, "a number from %g to %g, found ", col->min, col->max);
        else if (col->has_min)
            sa_buf_printf(b, "a number of at least %g, found ", col->min);
        else
            sa_buf_printf(b, "a number of at most %g, found ", col->max);
        put_found(s, col, p, len);
        break;
    case RET_BAD_CHECK_DIGIT:
    case RET_BAD_BIRTH_DATE:
        sa_buf_printf(b, "%s, found ", ret_fail_expected(col->type, f));
        put_found(s, col, p, len);
        break;
    default:
        sa_buf_printf(b, "%s, found ", cs->expected);
        put_found(s, col, p, len);
        if (col->type == SA_COL_CHI_NUMBER && detail == 9)
            sa_buf_puts(b, " (nine digits: a leading zero lost in a spreadsheet?)");
        break;
    }
    sa_diags_error(s->diags, code, cell_pos(s, record, field), "%s", sa_buf_cstr(b));
}

static void compile_pattern(scan *s, col_state *cs)
{
    const sa_column *col = cs->col;
    if (col->type != SA_COL_STRING || !col->pattern)
        return;
    int err;
    PCRE2_SIZE off;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)col->pattern, PCRE2_ZERO_TERMINATED,
                                     PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_UTF, &err, &off, NULL);
    if (!code)
        return; /* the spec reported it; ret_decode falls back to the spec's compiled form */
    (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
    cs->pattern.code = code;
    cs->pattern.match_data = pcre2_match_data_create_from_pattern(code, NULL);
    cs->pattern.anchored = true;
    (void)s;
}

static void build_expected(scan *s, col_state *cs)
{
    const sa_column *col = cs->col;
    cs->code = ret_type_code(col->type);
    cs->expected = ret_type_expected(col->type, cs->mode);
    if (col->type == SA_COL_ENUM && col->nvalues > 0) {
        sa_buf b = SA_BUF_INIT;
        sa_buf_puts(&b, col->nvalues == 1 ? "" : "one of ");
        for (size_t i = 0; i < col->nvalues; i++) {
            if (i)
                sa_buf_puts(&b, ", ");
            sa_buf_puts(&b, col->values[i]);
        }
        cs->expected = sa_arena_strdup(s->arena, sa_buf_cstr(&b));
        sa_buf_free(&b);
        size_t *lens = sa_arena_calloc(s->arena, col->nvalues, sizeof *lens);
        for (size_t i = 0; i < col->nvalues; i++)
            lens[i] = strlen(col->values[i]);
        cs->pattern.enum_lens = lens;
        uint8_t *slots = sa_arena_alloc(s->arena, RET_ENUM_SLOTS);
        if (ret_enum_slots_fill(col, lens, slots))
            cs->pattern.enum_slots = slots;
    }
}

static void scan_free(scan *s)
{
    for (size_t i = 0; i < s->ncols; i++) {
        if (s->cols[i].pattern.code) {
            pcre2_match_data_free(s->cols[i].pattern.match_data);
            pcre2_code_free(s->cols[i].pattern.code);
        }
    }
    free(s->cols);
    free(s->field_col);
    free(s->field_cs);
    sa_buf_free(&s->msg);
    sa_arena_free(s->arena);
    ret_unique_free(s->uniq);
    free(s->dups);
    sa_strmap_free(s->dup_rows);
    if (s->own_providers)
        sa_strmap_free(s->providers);
}

/* A header cell holding a NUL byte: as a C string its name would be cut short
 * ("no\0te" read as "no"), so it is an error, and the column is ignored. */
static bool header_has_nul(scan *s, const sa_csv_field *f, size_t i)
{
    if (f->len == 0 || !memchr(f->ptr, '\0', f->len))
        return false;
    sa_buf_clear(&s->msg);
    sa_buf_text_escape(&s->msg, f->ptr, f->len > 80 ? 80 : f->len, false);
    sa_diags_error(s->diags, "E-RET-HEADER-NUL", (sa_pos){s->file->path, 1, (uint32_t)i + 1},
                   "expected a column name, found \"%s\" holding a NUL byte; the column is ignored",
                   sa_buf_cstr(&s->msg));
    return true;
}

/* Maps header fields to dataset columns and reports missing, duplicate and unknown columns. */
static void check_header(scan *s, const sa_csv_field *fields, size_t n)
{
    const sa_dataset *ds = s->file->dataset;
    s->nheader = n;
    s->field_col = sa_xmalloc((n ? n : 1) * sizeof *s->field_col);
    for (size_t i = 0; i < n; i++) {
        s->field_col[i] = -1;
        if (header_has_nul(s, &fields[i], i))
            continue;
        const char *name = fields[i].ptr;
        size_t len = fields[i].len;
        int found = -1;
        for (size_t c = 0; c < ds->ncolumns; c++) {
            if (strlen(ds->columns[c].name) == len && memcmp(ds->columns[c].name, name, len) == 0) {
                found = (int)c;
                break;
            }
        }
        sa_pos pos = {s->file->path, 1, (uint32_t)i + 1};
        if (found < 0) {
            sa_buf_clear(&s->msg);
            sa_buf_append(&s->msg, name, len > 80 ? 80 : len);
            if (len == 0)
                sa_diags_warning(s->diags, "W-RET-UNKNOWN-COLUMN", pos,
                                 "column %zu has no name; dataset %s does not declare it, so it is ignored",
                                 i + 1, ds->name);
            else
                sa_diags_warning(s->diags, "W-RET-UNKNOWN-COLUMN", pos,
                                 "column %s is not declared in dataset %s; it is ignored",
                                 sa_buf_cstr(&s->msg), ds->name);
            continue;
        }
        col_state *cs = &s->cols[found];
        if (cs->header_index >= 0) {
            sa_diags_error(s->diags, "E-RET-DUPLICATE-COLUMN", pos,
                           "column %s: expected once in the header, found again (first in column %d)",
                           ds->columns[found].name, cs->header_index + 1);
            continue;
        }
        cs->header_index = (int)i;
        s->field_col[i] = found;
    }
    for (size_t c = 0; c < ds->ncolumns; c++) {
        if (s->cols[c].header_index < 0 && ds->columns[c].required)
            sa_diags_error(s->diags, "E-RET-MISSING-COLUMN", (sa_pos){s->file->path, 1, 0},
                           "column %s: expected in the header (the dataset %s requires it), found no such column",
                           ds->columns[c].name, ds->name);
    }
}

static const char *intern_provider(scan *s, const char *p, size_t len)
{
    if (s->last_provider && s->last_provider_len == len && ret_same_bytes(s->last_provider, p, len))
        return s->last_provider;
    s->last_provider = sa_strmap_intern(s->providers, p, len, NULL);
    s->last_provider_len = len;
    return s->last_provider;
}

static uint64_t value_hash(const sa_value *v, const char *cell, size_t len)
{
    uint64_t h;
    switch (v->kind) {
    case SA_VAL_STRING: h = sa_hash_bytes(v->as.str.ptr, v->as.str.len); break;
    case SA_VAL_INT: h = sa_hash_bytes(&v->as.i, sizeof v->as.i) ^ 1; break;
    case SA_VAL_DATE: h = sa_hash_bytes(&v->as.date, sizeof v->as.date) ^ 2; break;
    case SA_VAL_DATETIME: h = sa_hash_bytes(&v->as.dt, sizeof v->as.dt) ^ 3; break;
    case SA_VAL_DURATION: h = sa_hash_bytes(&v->as.seconds, sizeof v->as.seconds) ^ 4; break;
    default: h = sa_hash_bytes(cell, len); break;
    }
    /* A full 64-bit finaliser (murmur3 fmix64): the table takes its slot from the high
     * bits, and ids that differ only in their last digits must still spread evenly. */
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h ? h : 1;
}

/* Repeats are found in hash order; they are reported in row order so that a capped
 * diagnostics list keeps the first ones. Past DUP_SORTED repeats, the rest are
 * reported as found (the count stays exact). */
#define DUP_SORTED (1u << 20)
typedef struct dup {
    uint64_t record;
    uint64_t first_record;
    uint32_t column;
    bool row_bad;
} dup;

static void emit_duplicate(scan *s, const dup *d)
{
    const col_state *cs = &s->cols[d->column];
    uint64_t record = d->record;
    if (!d->row_bad) {
        bool is_new = true;
        if (s->nunique > 1) {
            if (!s->dup_rows)
                s->dup_rows = sa_strmap_new(64);
            sa_strmap_intern(s->dup_rows, (const char *)&record, sizeof record, &is_new);
        }
        if (is_new)
            s->stats->bad_rows++;
    }
    const sa_dataset *ds = s->file->dataset;
    if (ds->nkey == 1 && strcmp(ds->key[0], cs->col->name) == 0 && s->stats->key_repeats++ == 0) {
        s->stats->key_repeat_row = record;
        s->stats->key_repeat_first = d->first_record;
    }
    sa_diags_error(s->diags, "E-RET-DUPLICATE", cell_pos(s, record, (size_t)cs->header_index),
                   "column %s: expected a value unique in the file, found the value of row %llu again",
                   cs->col->name, (unsigned long long)d->first_record);
}

static void collect_duplicate(void *ctx, uint64_t record, uint32_t column, uint64_t first_record, bool row_bad)
{
    scan *s = ctx;
    dup d = {record, first_record, column, row_bad};
    if (s->ndups == DUP_SORTED) {
        emit_duplicate(s, &d);
        return;
    }
    if (s->ndups == s->cap_dups) {
        s->cap_dups = s->cap_dups ? s->cap_dups * 2 : 64;
        s->dups = sa_xrealloc(s->dups, s->cap_dups * sizeof *s->dups);
    }
    s->dups[s->ndups++] = d;
}

static int cmp_dup(const void *a, const void *b)
{
    const dup *x = a, *y = b;
    if (x->record != y->record)
        return x->record < y->record ? -1 : 1;
    return x->column < y->column ? -1 : x->column > y->column;
}

/* ---- the scan, in steps (a split file runs them per part: scan_all.c) ------------------ */

ret_scan *ret_scan_new(const sa_return_file *file, const sa_scan_options *opts)
{
    const sa_dataset *ds = file->dataset;
    scan *s = sa_xcalloc(1, sizeof *s);
    s->file = file;
    s->opts = opts;
    s->arena = sa_arena_new();
    s->ncols = ds->ncolumns;
    s->cols = sa_xcalloc(ds->ncolumns ? ds->ncolumns : 1, sizeof *s->cols);
    s->values = sa_xcalloc(s->ncols ? s->ncols : 1, sizeof *s->values);
    s->row_hashes = sa_xcalloc(s->ncols ? s->ncols : 1, sizeof *s->row_hashes);
    s->row_hash_cols = sa_xcalloc(s->ncols ? s->ncols : 1, sizeof *s->row_hash_cols);
    s->providers = opts->providers;
    if (!s->providers) {
        s->providers = sa_strmap_new(64);
        s->own_providers = true;
    }
    for (size_t c = 0; c < ds->ncolumns; c++) {
        col_state *cs = &s->cols[c];
        cs->col = &ds->columns[c];
        cs->mode = ret_date_mode_of(cs->col);
        cs->header_index = -1;
        cs->decode = ret_decoder_for(cs->col, cs->mode);
        cs->value = &s->values[c];
        build_expected(s, cs);
        compile_pattern(s, cs);
    }
    return s;
}

void ret_scan_share(ret_scan *s, unsigned parts)
{
    s->unique_run = parts > 1 ? RET_UNIQUE_RUN / parts : 0;
    s->unique_threads = parts;
}

void ret_scan_header(ret_scan *s, const sa_csv_field *fields, size_t n, sa_diags *diags)
{
    s->diags = diags;
    free(s->field_col);
    for (size_t c = 0; c < s->ncols; c++)
        s->cols[c].header_index = -1;
    check_header(s, fields, n);
    /* Unique columns present in the header: values are kept as hashes and checked after the pass. */
    s->nunique = 0;
    s->some_absent = false;
    for (size_t c = 0; c < s->ncols; c++)
        s->some_absent = s->some_absent || s->cols[c].header_index < 0;
    if (s->opts->check_unique)
        for (size_t c = 0; c < s->ncols; c++)
            if (s->cols[c].col->unique && s->cols[c].header_index >= 0)
                s->nunique++;
    if (s->nunique > 0 && !s->uniq)
        s->uniq = ret_unique_new(s->unique_run);
    if (s->uniq)
        ret_unique_threads(s->uniq, s->unique_threads);
    free(s->field_cs);
    s->field_cs = sa_xmalloc((s->nheader ? s->nheader : 1) * sizeof *s->field_cs);
    for (size_t i = 0; i < s->nheader; i++)
        s->field_cs[i] = s->field_col[i] < 0 ? NULL : &s->cols[s->field_col[i]];
    for (size_t c = 0; c < s->ncols; c++) {
        const col_state *cs = &s->cols[c];
        s->cols[c].hashed = s->uniq && s->opts->check_unique && cs->col->unique && cs->header_index >= 0;
    }
}

/* Decodes the cells of one row into s->values; false when any cell is bad. */
static bool decode_cells(scan *s, const sa_csv_field *fields, size_t ncells, uint64_t record, size_t *nhashes)
{
    bool valid = true;
    for (size_t i = 0; i < ncells; i++) {
        col_state *cs = s->field_cs[i];
        if (!cs)
            continue;
        char *cell = (char *)fields[i].ptr; /* the reader's own buffer */
        size_t len = fields[i].len;
        sa_value *v = cs->value;
        if (len == 0) {
            v->kind = SA_VAL_EMPTY;
            v->enum_index = -1;
            if (cs->col->required) {
                valid = false;
                sa_diags_error(s->diags, "E-RET-REQUIRED", cell_pos(s, record, i),
                               "column %s: expected a value (the column is required), found an empty cell",
                               cs->col->name);
            }
            continue;
        }
        uint64_t detail = 0;
        ret_fail f = cs->decode(cs->col, &cs->pattern, cell, len, v, &detail);
        if (f != RET_OK) {
            valid = false;
            v->kind = SA_VAL_EMPTY;
            v->enum_index = -1;
            report_cell(s, cs, f, detail, record, i, cell, len);
            continue;
        }
        if (cs->hashed) {
            s->row_hashes[*nhashes] = value_hash(v, cell, len);
            s->row_hash_cols[(*nhashes)++] = (uint32_t)(cs - s->cols);
        }
    }
    return valid;
}

/* One data row: decoded, counted, handed to fn. Returns fn's verdict (non-zero: stop). */
static int scan_row(scan *s, const sa_csv_field *fields, size_t nf, uint64_t record, sa_row_fn fn, void *ctx)
{
    const size_t nheader = s->nheader;
    if (nf == 1 && fields[0].len == 0 && nheader > 1) {
        sa_diags_warning(s->diags, "W-RET-BLANK-ROW", cell_pos(s, record, 0),
                         "expected a row of %zu cells, found a blank line (skipped)", nheader);
        return 0;
    }
    /* Every cell present sets its column's value (empty, decoded or, when bad, empty): the
     * columns of missing cells and those the header lacks are emptied here. */
    for (size_t c = 0; c < s->ncols && (nf < nheader || s->some_absent); c++) {
        if (nf < nheader || s->cols[c].header_index < 0) {
            s->values[c].kind = SA_VAL_EMPTY;
            s->values[c].enum_index = -1;
        }
    }
    bool valid = true;
    if (nf != nheader) {
        valid = false;
        sa_diags_error(s->diags, "E-RET-ROW-WIDTH", cell_pos(s, record, nf < nheader ? nf : nheader),
                       "expected %zu cells as in the header, found %zu", nheader, nf);
    }
    size_t nhashes = 0;
    valid = decode_cells(s, fields, nf < nheader ? nf : nheader, record, &nhashes) && valid;
    for (size_t k = 0; k < nhashes; k++)
        ret_unique_add(s->uniq, s->row_hashes[k], record, s->row_hash_cols[k], !valid);
    sa_row row = {.file = s->file, .record = record, .values = s->values, .nvalues = s->ncols, .valid = valid};
    const int pc = s->file->dataset->provider_column;
    if (pc >= 0 && (size_t)pc < s->ncols && s->values[pc].kind == SA_VAL_STRING)
        row.provider = intern_provider(s, s->values[pc].as.str.ptr, s->values[pc].as.str.len);
    s->stats->rows++;
    if (!valid)
        s->stats->bad_rows++;
    return fn ? fn(ctx, &row) : 0;
}

/* Tells the progress callback what was read since it was last told. */
static void tell_progress(scan *s, sa_csv *csv, uint64_t *rows_told, uint64_t *bytes_told)
{
    uint64_t bytes = ret_csv_consumed(csv);
    s->opts->progress(s->opts->progress_ctx, s->stats->rows - *rows_told, bytes - *bytes_told);
    *rows_told = s->stats->rows;
    *bytes_told = bytes;
}

#define PROGRESS_ROWS 65536

int ret_scan_rows(ret_scan *s, sa_csv *csv, sa_row_fn fn, void *ctx, sa_scan_stats *stats, sa_diags *diags)
{
    s->diags = diags;
    s->stats = stats;
    uint64_t rows_told = stats->rows, bytes_told = 0, next_tell = stats->rows + PROGRESS_ROWS;
    const sa_csv_field *fields;
    size_t nf;
    int r, result = 0;
    while ((r = sa_csv_next(csv, &fields, &nf)) == 1) {
        if (scan_row(s, fields, nf, sa_csv_record(csv), fn, ctx) != 0) {
            result = 1;
            break;
        }
        if (s->opts->progress && stats->rows >= next_tell) {
            tell_progress(s, csv, &rows_told, &bytes_told);
            next_tell = stats->rows + PROGRESS_ROWS;
        }
    }
    if (r < 0)
        result = -1;
    if (s->opts->progress)
        tell_progress(s, csv, &rows_told, &bytes_told);
    return result;
}

void ret_scan_join(ret_scan *dst, ret_scan *src)
{
    if (!src->uniq)
        return;
    if (!dst->uniq) {
        dst->uniq = ret_unique_new(0);
        ret_unique_threads(dst->uniq, dst->unique_threads);
    }
    ret_unique_join(dst->uniq, src->uniq);
}

void ret_scan_seal(ret_scan *s)
{
    if (s->uniq)
        ret_unique_seal(s->uniq);
}

void ret_scan_finish(ret_scan *s, bool read_to_end, sa_scan_stats *stats, sa_diags *diags)
{
    s->diags = diags;
    s->stats = stats;
    int unique_rc = s->uniq ? ret_unique_finish(s->uniq, collect_duplicate, s) : 0;
    if (s->ndups > 0) {
        qsort(s->dups, s->ndups, sizeof *s->dups, cmp_dup);
        for (size_t k = 0; k < s->ndups; k++)
            emit_duplicate(s, &s->dups[k]);
    }
    if (read_to_end && stats->rows == 0)
        sa_diags_warning(diags, "W-RET-NO-ROWS", (sa_pos){s->file->path, 1, 0},
                         "expected rows of dataset %s after the header, found none: the return is empty",
                         s->file->dataset->name);
    if (unique_rc != 0)
        sa_diags_warning(diags, "W-RET-UNIQUE-UNCHECKED", (sa_pos){s->file->path, 0, 0},
                         "expected to check the unique columns, found no usable temporary file "
                         "(TMPDIR): repeated values were not looked for");
}

void ret_scan_free(ret_scan *s)
{
    if (!s)
        return;
    scan_free(s);
    free(s->values);
    free(s->row_hashes);
    free(s->row_hash_cols);
    free(s);
}

int sa_returns_scan(const sa_return_file *file, const sa_scan_options *opts_in, sa_row_fn fn,
                    void *ctx, sa_scan_stats *stats, sa_diags *diags)
{
    sa_scan_options defaults;
    if (!opts_in) {
        sa_scan_options_default(&defaults);
        opts_in = &defaults;
    }
    sa_scan_stats local_stats;
    if (!stats)
        stats = &local_stats;
    memset(stats, 0, sizeof *stats);
    sa_csv *csv = sa_csv_open(file->path, &opts_in->limits, diags);
    if (!csv)
        return -1;
    sa_sha256 hash;
    if (opts_in->checksum) {
        sa_sha256_init(&hash);
        ret_csv_hash(csv, &hash);
    }
    const sa_csv_field *fields;
    size_t nf;
    int r = sa_csv_next(csv, &fields, &nf);
    if (r == 0)
        sa_diags_error(diags, "E-RET-EMPTY-FILE", (sa_pos){file->path, 0, 0},
                       "expected a header row naming the columns of dataset %s, found an empty file",
                       file->dataset->name);
    int result = r < 0 ? -1 : 0;
    if (r == 1) {
        ret_scan *s = ret_scan_new(file, opts_in);
        ret_scan_header(s, fields, nf, diags);
        result = ret_scan_rows(s, csv, fn, ctx, stats, diags);
        ret_scan_finish(s, result >= 0, stats, diags);
        result = result < 0 ? -1 : 0;
        ret_scan_free(s);
    }
    stats->bytes = sa_csv_bytes_read(csv);
    if (opts_in->checksum && ret_csv_read_all(csv))
        sa_sha256_final_hex(&hash, stats->sha256);
    sa_csv_close(csv);
    return result;
}

/* ---- which file is which dataset ---------------------------------------------- */

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static bool glob_matches(const sa_dataset *ds, const char *path)
{
    for (size_t g = 0; g < ds->nfiles; g++) {
        const char *pat = ds->files[g];
        if (strchr(pat, '/')) {
            size_t pl = strlen(path), gl = strlen(pat);
            /* A glob with a directory matches the end of the path. */
            if (fnmatch(pat, path, FNM_PATHNAME) == 0)
                return true;
            if (pl > gl) {
                for (const char *p = path; *p; p++)
                    if (*p == '/' && fnmatch(pat, p + 1, FNM_PATHNAME) == 0)
                        return true;
            }
        } else if (fnmatch(pat, base_name(path), 0) == 0) {
            return true;
        }
    }
    return false;
}

static void list_datasets(const sa_spec *spec, sa_buf *b)
{
    for (size_t i = 0; i < spec->ndatasets; i++) {
        if (i)
            sa_buf_puts(b, ", ");
        sa_buf_puts(b, spec->datasets[i].name);
    }
    if (spec->ndatasets == 0)
        sa_buf_puts(b, "none");
}

/* Picks the dataset whose columns the header names best (every required column present). */
static const sa_dataset *match_by_header(const sa_spec *spec, const char *path,
                                         const sa_csv_limits *limits, sa_diags *diags, bool *unreadable)
{
    *unreadable = !sa_file_check_input(path, diags);
    if (*unreadable)
        return NULL;
    sa_diags *scratch = sa_diags_new(); /* CSV errors are reported by the scan itself */
    sa_csv *csv = sa_csv_open(path, limits, scratch);
    if (!csv) {
        sa_diags_take(diags, scratch);
        sa_diags_free(scratch);
        *unreadable = true;
        return NULL;
    }
    const sa_csv_field *f;
    size_t n;
    int r = sa_csv_next(csv, &f, &n);
    if (r < 0) {
        /* The header itself broke a limit (too many columns, a field too long):
         * that, not an unknown dataset, is what the user must hear. */
        sa_diags_take(diags, scratch);
        sa_diags_free(scratch);
        sa_csv_close(csv);
        *unreadable = true;
        return NULL;
    }
    const sa_dataset *best = NULL;
    size_t best_score = 0;
    if (r == 1) {
        for (size_t d = 0; d < spec->ndatasets; d++) {
            const sa_dataset *ds = &spec->datasets[d];
            size_t score = 0;
            bool all_required = true;
            for (size_t c = 0; c < ds->ncolumns; c++) {
                bool present = false;
                for (size_t i = 0; i < n && !present; i++)
                    present = strlen(ds->columns[c].name) == f[i].len &&
                              memcmp(ds->columns[c].name, f[i].ptr, f[i].len) == 0;
                score += present;
                if (!present && ds->columns[c].required)
                    all_required = false;
            }
            if (all_required && score > best_score) {
                best = ds;
                best_score = score;
            }
        }
    }
    sa_diags_free(scratch);
    sa_csv_close(csv);
    return best;
}

typedef struct sorted_file {
    sa_return_file f;
    size_t order;
} sorted_file;

static int cmp_files(const void *a, const void *b)
{
    const sorted_file *x = a, *y = b;
    int c = strcmp(x->f.path, y->f.path);
    if (c)
        return c;
    return x->order < y->order ? -1 : x->order > y->order;
}

sa_return_file *sa_returns_resolve(const sa_spec *spec, char *const *args, size_t nargs,
                                   const sa_csv_limits *limits, size_t *nfiles, sa_diags *diags)
{
    sorted_file *out = sa_xcalloc(nargs ? nargs : 1, sizeof *out);
    size_t n = 0;
    sa_buf b = SA_BUF_INIT;
    for (size_t a = 0; a < nargs; a++) {
        const char *arg = args[a];
        const char *eq = strchr(arg, '=');
        const sa_dataset *ds = NULL;
        const char *path = arg;
        if (eq && eq > arg && !memchr(arg, '/', (size_t)(eq - arg))) {
            sa_buf_clear(&b);
            sa_buf_append(&b, arg, (size_t)(eq - arg));
            ds = sa_spec_find_dataset(spec, sa_buf_cstr(&b));
            struct stat st;
            if (ds) {
                path = eq + 1;
            } else if (stat(arg, &st) != 0) {
                sa_buf_puts(&b, " (datasets: ");
                list_datasets(spec, &b);
                sa_buf_putc(&b, ')');
                sa_diags_error(diags, "E-RET-UNKNOWN-DATASET", (sa_pos){eq + 1, 0, 0},
                               "expected DATASET=path with a dataset of the specification, found no dataset named %s",
                               sa_buf_cstr(&b));
                continue;
            }
        }
        if (!ds) {
            for (size_t d = 0; d < spec->ndatasets && !ds; d++)
                if (glob_matches(&spec->datasets[d], path))
                    ds = &spec->datasets[d];
        }
        if (!ds && strcmp(path, "-") == 0) {
            /* reading the header to guess would consume standard input */
            sa_diags_error(diags, "E-RET-UNKNOWN-DATASET", (sa_pos){"-", 0, 0},
                           "expected DATASET=- to name the dataset read from standard input, found a bare -");
            continue;
        }
        if (!ds) {
            bool unreadable;
            ds = match_by_header(spec, path, limits, diags, &unreadable);
            if (unreadable)
                continue;
            if (!ds) {
                sa_buf_clear(&b);
                list_datasets(spec, &b);
                sa_diags_error(diags, "E-RET-UNKNOWN-DATASET", (sa_pos){path, 0, 0},
                               "expected a return of one of the datasets (%s), found a file no files: glob matches "
                               "and whose header lacks the required columns of each; name it as DATASET=path",
                               sa_buf_cstr(&b));
                continue;
            }
        }
        out[n].f.path = path;
        out[n].f.dataset = ds;
        out[n].order = n;
        n++;
    }
    sa_buf_free(&b);
    qsort(out, n, sizeof *out, cmp_files);
    sa_return_file *files = sa_xcalloc(n ? n : 1, sizeof *files);
    for (size_t i = 0; i < n; i++)
        files[i] = out[i].f;
    free(out);
    *nfiles = n;
    return files;
}
