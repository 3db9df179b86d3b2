/*
 * returns.h — activity returns: a streaming RFC 4180 CSV reader, typed
 * decoding of each row against a dataset of the specification, and
 * data-quality diagnostics (codes E-RET-* / W-RET-*, positions row:col).
 *
 * Streaming: files are read in large blocks and never held whole; a decoded
 * row's string values point into the reader's buffer and are valid only
 * during the callback. Memory grows with the longest record, never with the
 * number of rows: values of `unique` columns are kept as 64-bit hashes in
 * sorted runs (spilled to a temporary file past 8 MiB) and repeats are found
 * when the file has been read.
 *
 * Identifiers: values of columns marked `identifier: true` never appear in a
 * diagnostic unless `show_identifiers` is set; they are masked ("943*******").
 */
#ifndef SA_RETURNS_H
#define SA_RETURNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/sha256.h"
#include "core/strmap.h"
#include "core/value.h"
#include "spec/spec.h"

/* ---- the CSV reader --------------------------------------------------------- */

typedef struct sa_csv_limits {
    size_t max_field_bytes; /* default 1 MiB: a longer field is an error (E-RET-FIELD-TOO-LONG) */
    size_t max_columns;     /* default 4096 */
} sa_csv_limits;
void sa_csv_limits_default(sa_csv_limits *limits);

typedef struct sa_csv_field {
    const char *ptr; /* not NUL-terminated; quotes removed and "" unescaped */
    size_t len;
} sa_csv_field;

typedef struct sa_csv sa_csv;

/** Opens a file ("-" = standard input). NULL with E-IO-* when unreadable. */
sa_csv *sa_csv_open(const char *path, const sa_csv_limits *limits, sa_diags *diags);
/** Reads from memory (not copied; must outlive the reader). */
sa_csv *sa_csv_open_buffer(const char *name, const char *data, size_t len,
                           const sa_csv_limits *limits, sa_diags *diags);
/**
 * Reads the next record. Returns 1 with the fields, 0 at end of file, -1 on an
 * unrecoverable error (diagnostic added: unterminated quote at EOF, field too
 * long, too many columns, read error). A UTF-8 BOM is skipped; CRLF, LF and
 * lone CR end records; a trailing empty line is not a record.
 */
int sa_csv_next(sa_csv *csv, const sa_csv_field **fields, size_t *nfields);
/** 1-based number of the record last returned (the header is record 1). */
uint64_t sa_csv_record(const sa_csv *csv);
/** 1-based physical line where the record last returned starts. */
uint64_t sa_csv_line(const sa_csv *csv);
uint64_t sa_csv_bytes_read(const sa_csv *csv);
void sa_csv_close(sa_csv *csv);

/* ---- which file is which dataset --------------------------------------------- */

typedef struct sa_return_file {
    const char *path;
    const sa_dataset *dataset;
} sa_return_file;

/**
 * Resolves command-line arguments into return files: "DATASET=path" names the
 * dataset; a bare path is matched against each dataset's `files:` globs (by
 * file name), and failing that by its header row (the dataset whose columns
 * it has, read within `limits`; NULL: the defaults). Unmatched files get
 * E-RET-UNKNOWN-DATASET. Returns a malloc'd
 * array (free with free(); paths point into `args`), sorted by path.
 */
sa_return_file *sa_returns_resolve(const sa_spec *spec, char *const *args, size_t nargs,
                                   const sa_csv_limits *limits, size_t *nfiles, sa_diags *diags);

/* ---- returns given twice (identity.c) ------------------------------------------- */

/** The same file: equal paths, or the same device and inode (`./path`, a symlink, a hard link). */
bool sa_file_same_identity(const char *a, const char *b);
/** Two regular files with the same bytes (compared only when their sizes are equal). */
bool sa_file_same_content(const char *a, const char *b);
/**
 * Which of the resolved returns are read: a return of a dataset given again — the
 * same file by path or identity, or another file with the same bytes — is read
 * once, as the first in path order; each other copy gets W-RET-SAME-FILE. Returns
 * per file NULL (read) or why it is not read ("the same file as x.csv"), arena
 * allocated. Standard input is never compared.
 */
const char **sa_returns_read_once(const sa_return_file *files, size_t n, sa_arena *arena, sa_diags *diags);

/* ---- the submissions manifest (manifest.c) -------------------------------------- */

/* One return as the commissioner received it (a row of the manifest). */
typedef struct sa_submission {
    const char *provider;      /* ODS code */
    const sa_dataset *dataset;
    sa_date from, to;          /* the period the return covers, both included */
    sa_date submitted;         /* when it was received; SA_DATE_NONE: not recorded */
    const char *file;          /* the return file (relative paths resolved against the manifest's
                                  directory), or NULL */
    bool nil;                  /* a nil return: nothing to report for the period */
    const char *replaces;      /* the earlier return file this one replaces (resolved), or NULL */
    uint32_t row;              /* manifest row, the header being row 1 */
} sa_submission;

typedef struct sa_manifest {
    sa_arena *arena;
    const char *path;
    sa_submission *items;
    size_t n;
} sa_manifest;

/**
 * Reads a submissions manifest (CSV; format in specs/README.md) against the
 * specification's datasets, refusing files over `max_bytes` (0: no limit).
 * Problems are E-SUB-* / W-SUB-* diagnostics at file:row:col. Returns NULL when
 * the file cannot be read; check sa_diags_has_errors() before using the result.
 */
sa_manifest *sa_manifest_load(const char *path, const sa_spec *spec, const sa_csv_limits *limits,
                              size_t max_bytes, sa_diags *diags);
/** NULL is a no-op. */
void sa_manifest_free(sa_manifest *m);
/**
 * Applies the manifest to the returns given: a return that a later one
 * `replaces` is not read (why[i] says so, W-RET-REPLACED); a file the manifest
 * names that was not given (W-SUB-NOT-GIVEN) and a return the manifest does not
 * name (W-SUB-NOT-LISTED) are reported. `why` is sa_returns_read_once()'s.
 */
void sa_manifest_apply(const sa_manifest *m, const sa_return_file *files, size_t n, const char **why,
                       sa_arena *arena, sa_diags *diags);

/* ---- typed scanning ---------------------------------------------------------- */

typedef struct sa_row {
    const sa_return_file *file;
    uint64_t record;        /* CSV record number (header = 1) */
    const sa_value *values; /* indexed like file->dataset->columns */
    size_t nvalues;
    bool valid;             /* false when any cell failed to decode (those cells are EMPTY) or the
                               row has too many/few cells; a repeated `unique` value is found only
                               after the pass (diagnostic and bad_rows), so it does not clear it */
    const char *provider;   /* provider code of the row (interned, stable until scan ends), or NULL */
} sa_row;

/** Return non-zero from the callback to stop the scan. */
typedef int (*sa_row_fn)(void *ctx, const sa_row *row);

typedef struct sa_scan_options {
    sa_csv_limits limits;
    bool show_identifiers;
    bool check_unique; /* default true */
    /* Optional map the row's provider codes are interned into, so that the
     * pointers in sa_row.provider stay valid after the scan and compare equal
     * across files. NULL (default): a map private to the scan. */
    sa_strmap *providers;
    /* Optional: told now and then (every 65 536 rows and at the end of each file or part)
     * how many more rows and bytes were read. Called from the threads that read. */
    void (*progress)(void *ctx, uint64_t rows, uint64_t bytes);
    void *progress_ctx;
    /* sa_returns_scan_files: a file larger than two blocks of this many bytes is read in
     * blocks on all threads; 0 (default) = 1 MiB, UINT64_MAX = never. The environment
     * variable SPECAUDIT_SPLIT_BYTES overrides it and splits even on one thread (tests). */
    uint64_t split_bytes;
    /* The SHA-256 of each file's bytes, taken as they are read (so the checksum is of the
     * very bytes checked, standard input included), into sa_scan_stats.sha256. */
    bool checksum;
} sa_scan_options;
void sa_scan_options_default(sa_scan_options *opts);

typedef struct sa_scan_stats {
    uint64_t rows;
    uint64_t bad_rows;
    uint64_t bytes;
    /* Repeats of the dataset's key when it is one `unique` column (E-RET-DUPLICATE on it),
     * and the first of them: row `key_repeat_row` repeats row `key_repeat_first`. */
    uint64_t key_repeats;
    uint64_t key_repeat_row, key_repeat_first;
    /* With sa_scan_options.checksum: the file's SHA-256 in hex; "" when the file was not
     * read to its end (a read or CSV error stops the reader). */
    char sha256[SA_SHA256_HEX_LEN + 1];
} sa_scan_stats;

/**
 * Streams one return file: checks the header (E-RET-MISSING-COLUMN,
 * E-RET-DUPLICATE-COLUMN, W-RET-UNKNOWN-COLUMN), decodes every row against
 * the dataset (E-RET-BAD-DATE, E-RET-BAD-NHS-NUMBER, E-RET-REQUIRED, ...,
 * E-RET-ROW-WIDTH for too many/few cells) and calls `fn` for each row
 * (including invalid ones, flagged). `fn` may be NULL (validate only).
 * Repeated values of `unique` columns (E-RET-DUPLICATE, naming the first
 * row) are reported after the last row, in row order.
 * Returns 0 when the file was read to the end, -1 when it could not be read
 * or parsed as CSV (diagnostic added).
 */
int sa_returns_scan(const sa_return_file *file, const sa_scan_options *opts, sa_row_fn fn, void *ctx,
                    sa_scan_stats *stats, sa_diags *diags);

/* What sa_returns_scan_files hands each file's rows to. */
typedef struct sa_scan_client {
    void *ctx;
    /** A thread is about to hand rows of file `fi` to `row`: returns the context they go
     *  to (a "part"; one per thread and file, and one more if the file is read again). */
    void *(*open)(void *ctx, unsigned thread, size_t fi);
    sa_row_fn row; /* may be NULL; its return value is ignored when a file is read in parts */
    /** File `fi` is read: its parts, on the thread that finished it. keep: together they
     *  saw each of the file's rows exactly once; false: drop them (the file is read again). */
    void (*close)(void *ctx, unsigned thread, size_t fi, void **parts, size_t nparts, bool keep);
} sa_scan_client;

/**
 * Reads every file as sa_returns_scan would, on `jobs` threads (the caller's is thread 0):
 * files are handed out one at a time, and a large regular file is read in blocks by all
 * threads at once (see split_bytes). Rows keep their record numbers, and each file's
 * diagnostics (diags[i], which the caller made and may cap), stats[i] and rc[i] are the
 * ones a single reader gives, whatever the number of threads. `client` may be NULL.
 */
void sa_returns_scan_files(const sa_return_file *files, size_t nfiles, const sa_scan_options *opts,
                           unsigned jobs, const sa_scan_client *client, sa_scan_stats *stats, int *rc,
                           sa_diags **diags);

/* ---- rows that repeat a key (keys.c) -------------------------------------------- */

typedef struct sa_key_index sa_key_index;
/** Called for each row whose key an earlier row (smallest file index, then row) already had. */
typedef void (*sa_key_repeat_fn)(void *ctx, uint64_t record, uint32_t file, uint64_t first_record,
                                 uint32_t first_file);

/** Hash of the row's key: its dataset index, provider and key columns. False when a key cell is empty. */
bool sa_row_key_hash(const sa_row *row, size_t dataset, const int *columns, size_t ncolumns, uint64_t *out);
/** An index in flat memory (sorted runs spilled to TMPDIR), one per reader (a part of a file). */
sa_key_index *sa_key_index_new(void);
/** Adds a row's key; `file` is the return's index among those read together (< 65536). */
void sa_key_index_add(sa_key_index *k, uint64_t hash, uint64_t record, uint32_t file);
/** Moves every key of `src` into `dst` (src is left empty); thread-safe on `dst`. */
void sa_key_index_absorb(sa_key_index *dst, sa_key_index *src);
/** Reports every repeat once all rows were added (order unspecified); -1 when the temporary file failed. */
int sa_key_index_finish(sa_key_index *k, sa_key_repeat_fn fn, void *ctx);
void sa_key_index_free(sa_key_index *k);

/**
 * Decodes one cell for `column`. Returns true on success; false with a
 * diagnostic-ready explanation in *expected (a static string such as
 * "a date like 2007-06-05") when the cell is not valid for the column.
 * Empty cells decode to SA_VAL_EMPTY and succeed (required is checked apart).
 * Strings in *out point into `cell`. The cell is not modified, so an NHS
 * number written 3-3-4 ("999 000 0018") decodes to the cell as written;
 * sa_returns_scan() compacts such cells in its own buffer, so scanned rows
 * always carry 10 digits.
 */
bool sa_value_decode(const sa_column *column, const char *cell, size_t len, sa_value *out,
                     const char **expected);

/** NHS number check: 10 digits (spaces allowed in 3-3-4 form) with a valid modulus-11 check digit. */
bool sa_nhs_number_valid(const char *s, size_t len);
/** Why a CHI number is not valid. */
typedef enum sa_chi_fault {
    SA_CHI_OK = 0,
    SA_CHI_NOT_TEN_DIGITS,
    SA_CHI_NO_SUCH_BIRTH_DATE, /* DDMMYY is no date in 19YY or 20YY (3102.., 2902 of an odd year) */
    SA_CHI_BAD_CHECK_DIGIT,    /* modulus 11 as for NHS numbers; a check value of 10 is never valid */
} sa_chi_fault;
/** CHI number check (Scotland): exactly 10 digits, the first six a date of birth DDMMYY,
 *  the last the modulus-11 check digit of the first nine. */
sa_chi_fault sa_chi_number_check(const char *s, size_t len);
bool sa_chi_number_valid(const char *s, size_t len);
/** ODS-shaped organisation or site code (3 to 9 upper-case alphanumerics, see specs/README.md). */
bool sa_ods_code_valid(const char *s, size_t len);
/**
 * Writes a masked form of an identifier into out (at most out_size bytes,
 * NUL-terminated): values of 8 characters or more keep their first three
 * ("943*******"), shorter ones are all stars; at most 16 characters are written.
 */
void sa_mask_identifier(const char *s, size_t len, char *out, size_t out_size);
/** Masks a cell of an identifier column: as sa_mask_identifier, except that a CHI
 *  number keeps no digit (its first six are a date of birth): "**********". */
void sa_mask_cell(const sa_column *col, const char *s, size_t len, char *out, size_t out_size);

#endif
