/*
 * fuzz_csv.c — libFuzzer target for the returns reader: the streaming CSV
 * reader (sa_csv_open_buffer + sa_csv_next), typed decoding of every cell
 * against a small built-in dataset (sa_value_decode), and, for some inputs,
 * the whole file scan with header checks, uniqueness and row callbacks
 * (sa_returns_scan on a temporary file).
 *
 * Input layout: the first byte selects options (bit 0: tiny limits so the
 * field-length and column-count guards are reached; bit 1: also run the
 * file scan; bit 2: show identifiers), the rest is the CSV text.
 *
 * Properties checked besides memory safety: records are numbered 1, 2, 3...
 * and start on non-decreasing lines; no record exceeds the column limit and
 * no field the field limit; a failed decode always explains what was
 * expected; an enum value's index lies inside the column's values; a scanned
 * row has one value per column.
 */
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/diag.h"
#include "core/value.h"
#include "returns/returns.h"
#include "spec/spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static const char *urgency_values[] = {"urgent", "routine"};
static sa_column columns[] = {
    {.name = "referral_id", .type = SA_COL_STRING, .required = true, .unique = true},
    {.name = "provider", .type = SA_COL_ODS_CODE, .required = true},
    {.name = "nhs_number", .type = SA_COL_NHS_NUMBER, .identifier = true},
    {.name = "received_at", .type = SA_COL_DATETIME, .required = true, .format = "iso"},
    {.name = "referred_on", .type = SA_COL_DATE, .format = "dd/mm/yyyy"},
    {.name = "contact_at", .type = SA_COL_DATETIME, .format = "dd/mm/yyyy HH:MM"},
    {.name = "urgency", .type = SA_COL_ENUM, .values = urgency_values, .nvalues = 2},
    {.name = "age", .type = SA_COL_INT, .has_min = true, .has_max = true, .min = 0, .max = 120},
    {.name = "score", .type = SA_COL_DECIMAL},
    {.name = "consent", .type = SA_COL_BOOL},
    {.name = "wait", .type = SA_COL_DURATION},
    {.name = "note", .type = SA_COL_STRING, .max_length = 20, .pattern = "^[A-Z]"},
    {.name = "seen_on", .type = SA_COL_DATE},
};
#define NCOLUMNS (sizeof columns / sizeof columns[0])
static sa_dataset dataset = {.name = "referrals", .title = "Referrals", .columns = columns,
                             .ncolumns = NCOLUMNS, .provider_column = 1};
static char tmp_path[256];

static void remove_tmp(void)
{
    if (tmp_path[0])
        unlink(tmp_path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    int err;
    PCRE2_SIZE off;
    columns[11].pattern_code =
        pcre2_compile((PCRE2_SPTR) "^[A-Z]", PCRE2_ZERO_TERMINATED, PCRE2_UTF, &err, &off, NULL);
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(tmp_path, sizeof tmp_path, "%s/fuzz_csv.XXXXXX", dir);
    int fd = mkstemp(tmp_path);
    if (fd < 0)
        tmp_path[0] = '\0';
    else
        close(fd);
    atexit(remove_tmp);
    return 0;
}

static size_t touch_value(const sa_column *col, const sa_value *v)
{
    size_t n = 0;
    if (v->kind == SA_VAL_STRING) {
        for (uint32_t i = 0; i < v->as.str.len; i++)
            n += (unsigned char)v->as.str.ptr[i];
        if (col->type == SA_COL_ENUM && (v->enum_index < 0 || (size_t)v->enum_index >= col->nvalues))
            abort();
    }
    return n;
}

static void decode_records(const char *data, size_t size, const sa_csv_limits *limits)
{
    sa_diags *diags = sa_diags_new();
    sa_csv *csv = sa_csv_open_buffer("fuzz.csv", data, size, limits, diags);
    if (!csv) {
        sa_diags_free(diags);
        return;
    }
    const sa_csv_field *fields;
    size_t nfields;
    uint64_t expect_record = 1, last_line = 0;
    volatile size_t sink = 0;
    while (sa_csv_next(csv, &fields, &nfields) == 1) {
        if (sa_csv_record(csv) != expect_record++ || sa_csv_line(csv) < last_line)
            abort();
        last_line = sa_csv_line(csv);
        if (limits->max_columns && nfields > limits->max_columns)
            abort();
        for (size_t i = 0; i < nfields; i++) {
            if (limits->max_field_bytes && fields[i].len > limits->max_field_bytes)
                abort();
            /* exact-size copy: a decoder reading past the cell is caught */
            char *cell = malloc(fields[i].len ? fields[i].len : 1);
            if (!cell)
                abort();
            if (fields[i].len)
                memcpy(cell, fields[i].ptr, fields[i].len);
            const sa_column *col = &columns[i % NCOLUMNS];
            sa_value v;
            const char *expected = NULL;
            memset(&v, 0, sizeof v);
            if (sa_value_decode(col, cell, fields[i].len, &v, &expected))
                sink += touch_value(col, &v);
            else if (!expected)
                abort();
            sink += sa_nhs_number_valid(cell, fields[i].len);
            sink += sa_ods_code_valid(cell, fields[i].len);
            char masked[32];
            sa_mask_identifier(cell, fields[i].len, masked, sizeof masked);
            sink += strlen(masked);
            free(cell);
        }
    }
    (void)sink;
    sa_csv_close(csv);
    sa_diags_free(diags);
}

struct scan_ctx {
    size_t rows;
};

static int on_row(void *ctx, const sa_row *row)
{
    struct scan_ctx *sc = ctx;
    if (row->nvalues != NCOLUMNS)
        abort();
    volatile size_t sink = 0;
    for (size_t i = 0; i < row->nvalues; i++)
        sink += touch_value(&columns[i], &row->values[i]);
    if (row->provider)
        sink += strlen(row->provider);
    (void)sink;
    sc->rows++;
    return 0;
}

static void scan_file(const char *data, size_t size, const sa_csv_limits *limits, bool show_ids)
{
    if (!tmp_path[0])
        return;
    FILE *f = fopen(tmp_path, "wb");
    if (!f)
        return;
    if (size)
        fwrite(data, 1, size, f);
    fclose(f);
    sa_return_file file = {.path = tmp_path, .dataset = &dataset};
    sa_scan_options opts;
    sa_scan_options_default(&opts);
    opts.limits = *limits;
    opts.show_identifiers = show_ids;
    sa_diags *diags = sa_diags_new();
    sa_diags_set_max_per_code(diags, 20);
    sa_scan_stats stats;
    memset(&stats, 0, sizeof stats);
    struct scan_ctx sc = {0};
    (void)sa_returns_scan(&file, &opts, on_row, &sc, &stats, diags);
    if (stats.rows < sc.rows)
        abort();
    sa_diags_free(diags);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned flags = data[0];
    data++;
    size--;
    sa_csv_limits limits;
    sa_csv_limits_default(&limits);
    if (flags & 1) {
        limits.max_field_bytes = 64;
        limits.max_columns = 8;
    }
    char *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    if (size)
        memcpy(copy, data, size);
    decode_records(copy, size, &limits);
    if (flags & 2)
        scan_file(copy, size, &limits, (flags & 4) != 0);
    free(copy);
    return 0;
}
