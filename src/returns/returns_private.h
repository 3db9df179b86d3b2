/*
 * returns_private.h — shared between the files of src/returns/ only.
 */
#ifndef SA_RETURNS_PRIVATE_H
#define SA_RETURNS_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "returns/returns.h"

/* Why a cell failed to decode. */
typedef enum ret_fail {
    RET_OK = 0,
    RET_BAD_TYPE, /* not a value of the column's type (the type's E-RET-BAD-* code) */
    RET_BAD_CHECK_DIGIT, /* nhs_number: right shape, wrong check digit */
    RET_BAD_UTF8,  /* detail: byte offset of the first invalid byte */
    RET_TOO_LONG,  /* detail: length in code points */
    RET_PATTERN,
    RET_RANGE,
} ret_fail;

/* How a date/datetime column reads its cells. */
typedef enum ret_date_mode {
    RET_DATE_ISO = 0, /* ISO 8601 only */
    RET_DATE_UK,      /* dd/mm/yyyy (one-digit day and month allowed), ISO also accepted */
} ret_date_mode;

ret_date_mode ret_date_mode_of(const sa_column *col);

/* Compiled, anchored pattern for one column (may be NULL), with scratch match data. */
typedef struct ret_pattern {
    void *code;       /* pcre2_code_8 * */
    void *match_data; /* pcre2_match_data_8 * */
    bool anchored;    /* compiled anchored at both ends (else match-time anchoring) */
    const size_t *enum_lens; /* enum: lengths of the column's values, or NULL */
} ret_pattern;

/**
 * Decodes one cell. When `mutable_cell` is true, NHS numbers written 3-3-4
 * are compacted in place so the value carries 10 digits. On failure returns
 * the reason and sets *detail where the reason has one.
 */
ret_fail ret_decode(const sa_column *col, ret_date_mode mode, const ret_pattern *pat, char *cell,
                    size_t len, bool mutable_cell, sa_value *out, uint64_t *detail);

/** The E-RET-* code for a failure of this column's type. */
const char *ret_type_code(sa_col_type type);
/** What a cell of this column should look like (static text). */
const char *ret_type_expected(sa_col_type type, ret_date_mode mode);

/** Offset of the first byte that is not valid UTF-8, or len when all is valid. */
size_t ret_utf8_check(const char *s, size_t len);

/** Bytes of the input consumed up to the end of the record last returned (approximate
 *  by at most one held-back record; used to estimate the number of rows). */
uint64_t ret_csv_consumed(const sa_csv *csv);
/** Size in bytes of the file behind the reader, or 0 when unknown (standard input, memory). */
uint64_t ret_csv_size(const sa_csv *csv);

/* Repeated values of `unique` columns, found in flat memory (unique.c). */
typedef struct ret_unique ret_unique;
/** `run_entries` entries (16 bytes each) are sorted in memory at a time; 0 = default (512 Ki). */
ret_unique *ret_unique_new(size_t run_entries);
/** Records a value by its 64-bit hash; rows must be added in increasing record order. */
void ret_unique_add(ret_unique *u, uint64_t hash, uint64_t record, uint32_t column, bool row_bad);
/** Called for each row whose value of `column` already appeared, in `first_record`. */
typedef void (*ret_dup_fn)(void *ctx, uint64_t record, uint32_t column, uint64_t first_record, bool row_bad);
/** Finds the repeats (in no particular order). Returns -1 when the temporary file failed. */
int ret_unique_finish(ret_unique *u, ret_dup_fn fn, void *ctx);
/** Called for each entry whose hash an earlier (column, record) already had, naming the earliest. */
typedef sa_key_repeat_fn ret_dup_across_fn;
/** Like ret_unique_finish, but equal hashes repeat whatever their column (the column
 *  then stands for a file), and each names the smallest (column, record) with it, so
 *  entries may be added in any order. Entries must be added with row_bad false. */
int ret_unique_finish_across(ret_unique *u, ret_dup_across_fn fn, void *ctx);
void ret_unique_free(ret_unique *u);

#endif
