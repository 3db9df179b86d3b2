/*
 * returns_private.h — shared between the files of src/returns/ only.
 */
#ifndef SA_RETURNS_PRIVATE_H
#define SA_RETURNS_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "returns/returns.h"

/* Why a cell failed to decode. */
typedef enum ret_fail {
    RET_OK = 0,
    RET_BAD_TYPE, /* not a value of the column's type (the type's E-RET-BAD-* code) */
    RET_BAD_CHECK_DIGIT, /* nhs_number, chi_number: right shape, wrong check digit */
    RET_BAD_BIRTH_DATE,  /* chi_number: the first six digits are no date (DDMMYY) */
    RET_BAD_UTF8,  /* detail: byte offset of the first invalid byte */
    RET_TOO_LONG,  /* detail: length in code points */
    RET_PATTERN,
    RET_PATTERN_LIMIT, /* the pattern reached core/regex.h's limits on the cell */
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
    const uint8_t *enum_slots; /* enum: RET_ENUM_SLOTS slots (ret_enum_slots_fill), or NULL */
} ret_pattern;

/** The slots of an enum column's table: each names the one value (index + 1) whose length
 *  and first and last bytes lead to it, 0 none, RET_ENUM_SHARED more than one. */
#define RET_ENUM_SLOTS 64u
#define RET_ENUM_SHARED 255u
/** Fills `slots` for the column's values (lengths `lens`); false when it has more values
 *  than a slot can name (then every cell is compared with each value in turn). */
bool ret_enum_slots_fill(const sa_column *col, const size_t *lens, uint8_t slots[RET_ENUM_SLOTS]);

/**
 * Decodes one cell. When `mutable_cell` is true, NHS numbers written 3-3-4
 * are compacted in place so the value carries 10 digits. On failure returns
 * the reason and sets *detail where the reason has one.
 */
ret_fail ret_decode(const sa_column *col, ret_date_mode mode, const ret_pattern *pat, char *cell,
                    size_t len, bool mutable_cell, sa_value *out, uint64_t *detail);

/**
 * One column's decoder, chosen once per scan (ret_decoder_for): ret_decode's contract for a
 * non-empty cell in the reader's buffer (mutable), without its switch over types and modes
 * on every cell.
 */
typedef ret_fail (*ret_decode_fn)(const sa_column *col, const ret_pattern *pat, char *cell, size_t len,
                                  sa_value *out, uint64_t *detail);
ret_decode_fn ret_decoder_for(const sa_column *col, ret_date_mode mode);

/** Whether n bytes at a and b are equal: values of up to 16 bytes (enum values, provider
 *  codes) by two overlapping loads of each, without a call; longer ones by memcmp. */
static inline bool ret_same_bytes(const char *a, const char *b, size_t n)
{
    if (n >= 8 && n <= 16) {
        uint64_t a0, a1, b0, b1;
        memcpy(&a0, a, 8), memcpy(&a1, a + n - 8, 8);
        memcpy(&b0, b, 8), memcpy(&b1, b + n - 8, 8);
        return ((a0 ^ b0) | (a1 ^ b1)) == 0;
    }
    if (n >= 4 && n < 8) {
        uint32_t a0, a1, b0, b1;
        memcpy(&a0, a, 4), memcpy(&a1, a + n - 4, 4);
        memcpy(&b0, b, 4), memcpy(&b1, b + n - 4, 4);
        return ((a0 ^ b0) | (a1 ^ b1)) == 0;
    }
    if (n < 4) {
        for (size_t i = 0; i < n; i++)
            if (a[i] != b[i])
                return false;
        return true;
    }
    return memcmp(a, b, n) == 0;
}

/** The E-RET-* code for a failure of this column's type. */
const char *ret_type_code(sa_col_type type);
/** What a cell of this column should look like (static text). */
const char *ret_type_expected(sa_col_type type, ret_date_mode mode);
/** What was expected, for the failures a type's text does not say (a check digit, a
 *  date of birth); NULL for the others. */
const char *ret_fail_expected(sa_col_type type, ret_fail f);

/** Offset of the first byte that is not valid UTF-8, or len when all is valid. */
size_t ret_utf8_check(const char *s, size_t len);

/** Bytes of the input consumed up to the end of the record last returned (approximate
 *  by at most one held-back record; used to estimate the number of rows). */
uint64_t ret_csv_consumed(const sa_csv *csv);

/* ---- the scan in steps (scan.c), for reading a file in parts ---- */
typedef struct scan ret_scan;
/** A scan of `file` (options kept by pointer): columns compiled, no header yet. */
ret_scan *ret_scan_new(const sa_return_file *file, const sa_scan_options *opts);
/** The scan reads one of `parts` threads' share of a file: its repeated-value finder holds
 *  1/parts of the memory one reader's would, so the threads together hold what one does. */
void ret_scan_share(ret_scan *s, unsigned parts);
/** Maps the header's fields to the dataset's columns, reporting problems into `diags`. */
void ret_scan_header(ret_scan *s, const sa_csv_field *fields, size_t n, sa_diags *diags);
/** Reads the reader's records to its end, each a data row (counted in stats, handed to fn).
 *  Returns 0 at the end, 1 when fn asked to stop, -1 on a CSV error (diagnostic added). */
int ret_scan_rows(ret_scan *s, sa_csv *csv, sa_row_fn fn, void *ctx, sa_scan_stats *stats, sa_diags *diags);
/** Moves the unique values src has seen into dst (a part read on another thread). */
void ret_scan_join(ret_scan *dst, ret_scan *src);
/** The scan's unique values sealed (ret_unique_seal): it reads no more rows. */
void ret_scan_seal(ret_scan *s);
/** After the last row: repeated unique values, then the file-level warnings. */
void ret_scan_finish(ret_scan *s, bool read_to_end, sa_scan_stats *stats, sa_diags *diags);
void ret_scan_free(ret_scan *s);

/* ---- the checksum of what a reader reads (csv.c) ---- */
/** Every byte the reader reads from now on also goes into `h` (owned by the caller), as it
 *  arrives and before the parser rewrites any in place. Not for a part reader. */
void ret_csv_hash(sa_csv *c, sa_sha256 *h);
/** Whether the reader has read its input to the end (so `h` holds all of it). */
bool ret_csv_read_all(const sa_csv *c);

/* ---- reading a part of a split file (csv.c) ---- */
/** A reader over parts of an open regular file (the caller closes `fd`), reused part after part. */
sa_csv *ret_csv_open_part(int fd, const char *name, const sa_csv_limits *limits, sa_diags *diags);
/** Loads bytes [at, at + len) of the file into the buffer (grown to len when needed) and returns
 *  them, with *got the bytes read; NULL on a read error (diagnostic added). */
const char *ret_csv_load(sa_csv *c, uint64_t at, size_t len, size_t *got);
/** Reads records from file offset `begin` (record number `record`, starting on line `line`) up
 *  to offset `end`, the end of the part, reporting into `diags`. Bytes loaded are reused. */
void ret_csv_start(sa_csv *c, uint64_t begin, uint64_t end, uint64_t record, uint64_t line, sa_diags *diags);
/** The line the next record starts on. */
uint64_t ret_csv_next_line(const sa_csv *c);
/** The longest record the reader accepts, in bytes. */
uint64_t ret_csv_max_record(const sa_csv *c);
/** After sa_csv_next() returned 0: whether the part ended exactly at a record boundary (the
 *  last record had its line break and no blank line was left over). */
bool ret_csv_ended_cleanly(const sa_csv *c);

/* ---- structural bytes, 64 at a time (bytescan.c) ---- */
typedef enum ret_simd { RET_SIMD_SCALAR = 0, RET_SIMD_SSE2 = 1, RET_SIMD_AVX2 = 2 } ret_simd;
/** The widest byte scanning this CPU has (AVX2 chosen at run time); SPECAUDIT_SIMD=scalar
 *  or =sse2 in the environment forces a narrower one (tests compare them). */
ret_simd ret_simd_level(void);
/* Bit i of each mask is set when byte i of 64 is that byte. */
typedef struct ret_masks {
    uint64_t quote, lf, cr;
} ret_masks;
/** Fills the masks of the 64 bytes at p (all readable). */
typedef void (*ret_masks_fn)(const char *p, ret_masks *m);
/** The way of building masks at a level: each gives the same masks. */
ret_masks_fn ret_masks_for(ret_simd level);
/** The mask of the bytes that end an unquoted field (',', LF, CR) among the 64 at p. */
typedef uint64_t (*ret_ends_fn)(const char *p);
ret_ends_fn ret_ends_for(ret_simd level);

/* ---- splitting a large file (split.c) ---- */

/* What a block says about the blocks after it, whatever came before it. */
typedef struct ret_block_sum {
    uint64_t quotes;  /* '"' bytes: their parity flips "inside a quoted field" */
    uint64_t lines;   /* line breaks (LF, CRLF once, lone CR), quoted or not */
    uint64_t ends[2]; /* line breaks outside quotes, when the block starts outside (0) or inside (1) quotes */
} ret_block_sum;
/** Summarises n bytes; `next` is the byte after them, or -1 at the end of the file. */
void ret_block_summarise(const char *p, size_t n, int next, ret_simd level, ret_block_sum *sum);

typedef struct ret_split_point {
    uint64_t offset; /* where the next part starts (the file size when none was found before it) */
    uint64_t ends;   /* line breaks outside quotes from the search start to offset */
    uint64_t lines;  /* all line breaks from the search start to offset */
} ret_split_point;
/**
 * Finds the first split point at or after `from` in a file of `size` bytes, `inside` giving
 * the quote parity at `from` (see split.c for what a split point is). Returns 1 with *out
 * (offset = size when the file ends first), 0 when none lies within `max_scan` bytes, -1 on
 * a read error.
 */
int ret_split_find(int fd, uint64_t from, uint64_t size, bool inside, uint64_t max_scan, ret_split_point *out);

/* Repeated values of `unique` columns, found in flat memory (unique.c). */
typedef struct ret_unique ret_unique;
#define RET_UNIQUE_RUN (512u * 1024u) /* the default run: 8 MiB of entries */
/** `run_entries` entries (16 bytes each) are held in memory at a time; 0 = RET_UNIQUE_RUN. */
ret_unique *ret_unique_new(size_t run_entries);
/** The threads the repeats are looked for on at the end (default 1). */
void ret_unique_threads(ret_unique *u, unsigned threads);
/** Keeps the values u holds in memory as they will be looked at (as ret_unique_finish and
 *  ret_unique_join would): a thread with no more rows to add does it, so that the thread
 *  finishing the set has less to do alone. */
void ret_unique_seal(ret_unique *u);
/** Records a value by its 64-bit hash; rows must be added in increasing record order. */
/** Moves src's values into u (src is left empty); repeats are then found across both. */
void ret_unique_join(ret_unique *u, ret_unique *src);
/** Like ret_unique_join, but entries `src` still holds in memory are added to `u`
 *  instead of becoming a run of their own on disk (no temporary file per small part). */
void ret_unique_absorb(ret_unique *u, ret_unique *src);
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
/** Bytes written to the temporary file so far (10 or 12 an entry in a packed run, 16 otherwise). */
uint64_t ret_unique_spilled(const ret_unique *u);
void ret_unique_free(ret_unique *u);

#endif
