/*
 * csv.c — a streaming RFC 4180 reader.
 *
 * Why hand-written rather than libcsv: libcsv calls back once per field and
 * copies every field into its own growing buffer; here a record is delimited
 * in place inside a large read buffer and fields are (ptr, len) slices of it,
 * so a clean unquoted field costs a shift and a count of trailing zeros in a
 * bit mask of the separators (built 64 bytes at a time with SSE2 or AVX2,
 * bytescan.c) and no copy. Only quoted fields are rewritten, in place (the
 * unescaped text is never longer).
 *
 * Buffering: the reader holds one block buffer (1 MiB, or the input's size
 * when smaller; grown only when a single record is longer, up to a limit). A record cut by the end of the
 * buffer is moved to the front and parsed again once more bytes are in, so
 * the parser itself needs no resumable state.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fileio.h"
#include "returns/returns_private.h"
#include "core/alloc.h"

#define CSV_BLOCK (1u << 20)
/* Bytes allocated past the sentinel: a mask is built from 64 bytes, and the last one
 * may start at the sentinel. Bytes past the sentinel are masked out, never used. */
#define SCAN_SLACK 64

enum { PARSE_NEED_MORE = 0, PARSE_RECORD = 1, PARSE_ERROR = -1, PARSE_END = 2 };

struct sa_csv {
    char *name;
    int fd; /* -1 when reading from memory */
    bool close_fd;
    bool ranged;     /* reads a byte range of a regular file with pread (a part of a split file) */
    uint64_t offset; /* ranged: file offset of buf[0] */
    uint64_t limit;  /* ranged: file offset where the range ends (read as the end of the input) */
    const char *mem; /* memory source */
    size_t mem_len;
    size_t mem_pos;

    char *buf;    /* cap + SCAN_SLACK bytes: a sentinel follows the valid bytes */
    size_t cap;
    size_t start; /* first byte of the next record */
    size_t end;   /* bytes valid */
    bool eof;
    bool failed;
    bool started;
    sa_sha256 *hash; /* the bytes read go into it as they arrive (ret_csv_hash) */

    /* The ',', LF and CR among the 64 bytes from scan_base that lie at or after the
     * reader's position: each field end found is cleared from the mask, so the next is its
     * lowest bit (bytes past the sentinel cleared). scan_base NULL: no mask, the next
     * search builds one where it starts. Invariant: the bits describe the buffer's current
     * bytes; anything that moves or rereads bytes calls scan_reset, anything that moves
     * the position past bits of the mask (a quoted field, CR LF) calls scan_skip_to. */
    ret_ends_fn ends;
    char *scan_base;
    uint64_t scan_bits;

    sa_csv_field *fields;
    uint32_t *quoted; /* indexes of the record's quoted fields, to unquote once it is complete */
    size_t nquoted;
    size_t fields_cap;
    size_t field_room; /* fields a record may have before the slow path: min(fields_cap, max_columns) */
    size_t nfields;

    /* blank records are held back so blank lines at the end of a file are not records */
    uint64_t pending_blank;
    bool have_stash;
    uint64_t stash_newlines;
    size_t stash_nfields;

    uint64_t record;    /* number of the record last returned */
    uint64_t line;      /* line where it starts */
    uint64_t next_line; /* line where the next record starts */
    uint64_t bytes_read;
    size_t max_record_bytes;
    uint64_t dropped_blank; /* blank lines at the end of the input, not records */
    bool unterminated;      /* the last record ended at the end of the input, without a line break */

    sa_csv_limits limits;
    sa_diags *diags;
};

static void scan_reset(sa_csv *c)
{
    c->scan_base = NULL;
    c->scan_bits = 0;
}

/* The mask of the 64 bytes from p. */
static uint64_t scan_mask(const sa_csv *c, const char *p)
{
    uint64_t bits = c->ends(p);
    size_t valid = (size_t)(c->buf + c->end - p) + 1; /* up to and including the sentinel */
    if (valid < 64)
        bits &= ((uint64_t)1 << valid) - 1;
    return bits;
}

/* The position moved on to p past bytes of the mask: their bits are dropped (or the mask,
 * when p lies beyond it). */
static void scan_skip_to(sa_csv *c, const char *p)
{
    size_t off = c->scan_base ? (size_t)(p - c->scan_base) : SIZE_MAX;
    if (off < 64)
        c->scan_bits &= ~(uint64_t)0 << off;
    else if (off == 64)
        c->scan_bits = 0; /* the next mask starts at p */
    else
        scan_reset(c);
}

/* The next ',', LF or CR at or after the position p, taken from the mask. A mask out of
 * bits has no end from p to its last byte (p is at most one past it), so the next mask
 * starts where it ends. The sentinel LF ends every search. */
static inline char *next_field_end(sa_csv *c, char *p)
{
    uint64_t bits = c->scan_bits;
    char *base = c->scan_base;
    while (!bits) {
        base = base ? base + 64 : p;
        bits = scan_mask(c, base);
    }
    assert(base + __builtin_ctzll(bits) >= p);
    c->scan_base = base;
    c->scan_bits = bits & (bits - 1);
    return base + __builtin_ctzll(bits);
}

void sa_csv_limits_default(sa_csv_limits *limits)
{
    limits->max_field_bytes = 1u << 20;
    limits->max_columns = 4096;
}

/* The first buffer: one block, or less when the whole input is known to be smaller
 * (a small return or an in-memory text should not cost a 1 MiB allocation). */
static size_t initial_capacity(uint64_t input_bytes)
{
    if (input_bytes >= CSV_BLOCK)
        return CSV_BLOCK;
    return input_bytes < 4096 ? 4096 : (size_t)input_bytes + 1;
}

static sa_csv *csv_new(const char *name, const sa_csv_limits *limits, size_t cap, sa_diags *diags)
{
    sa_csv *c = sa_xcalloc(1, sizeof *c);
    c->name = sa_xstrdup(name ? name : "-");
    c->fd = -1;
    if (limits)
        c->limits = *limits;
    else
        sa_csv_limits_default(&c->limits);
    if (c->limits.max_field_bytes == 0)
        c->limits.max_field_bytes = 1u << 20;
    if (c->limits.max_columns == 0)
        c->limits.max_columns = 4096;
    /* A record may hold several long fields, but never grows without bound. */
    c->max_record_bytes = c->limits.max_field_bytes <= SIZE_MAX / 4 ? c->limits.max_field_bytes * 4 : SIZE_MAX;
    if (c->max_record_bytes < 4u * CSV_BLOCK)
        c->max_record_bytes = 4u * CSV_BLOCK;
    c->diags = diags;
    c->cap = cap;
    c->buf = sa_xmalloc_big(c->cap + SCAN_SLACK);
    c->ends = ret_ends_for(ret_simd_level());
    c->fields_cap = 64;
    c->field_room = c->fields_cap < c->limits.max_columns ? c->fields_cap : c->limits.max_columns;
    c->fields = sa_xrealloc(NULL, c->fields_cap * sizeof *c->fields);
    c->quoted = sa_xrealloc(NULL, c->fields_cap * sizeof *c->quoted);
    c->next_line = 1;
    return c;
}

sa_csv *sa_csv_open(const char *path, const sa_csv_limits *limits, sa_diags *diags)
{
    if (!sa_file_check_input(path, diags))
        return NULL;
    int fd;
    if (strcmp(path, "-") == 0) {
        fd = STDIN_FILENO;
    } else {
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            sa_diags_error(diags, "E-IO-UNREADABLE", (sa_pos){path, 0, 0}, "cannot open: %s",
                           strerror(errno));
            return NULL;
        }
#ifdef POSIX_FADV_SEQUENTIAL
        (void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    }
    struct stat st;
    uint64_t size = CSV_BLOCK;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
        size = (uint64_t)st.st_size;
    sa_csv *c = csv_new(path, limits, initial_capacity(size), diags);
    c->fd = fd;
    c->close_fd = fd != STDIN_FILENO;
    return c;
}

sa_csv *sa_csv_open_buffer(const char *name, const char *data, size_t len,
                           const sa_csv_limits *limits, sa_diags *diags)
{
    sa_csv *c = csv_new(name, limits, initial_capacity(data ? len : 0), diags);
    c->mem = data ? data : "";
    c->mem_len = data ? len : 0;
    return c;
}

void sa_csv_close(sa_csv *c)
{
    if (!c)
        return;
    if (c->close_fd && c->fd >= 0)
        close(c->fd);
    free(c->name);
    free(c->buf);
    free(c->fields);
    free(c->quoted);
    free(c);
}

uint64_t sa_csv_record(const sa_csv *c)
{
    return c->record;
}

uint64_t sa_csv_line(const sa_csv *c)
{
    return c->line;
}

uint64_t sa_csv_bytes_read(const sa_csv *c)
{
    return c->bytes_read;
}

uint64_t ret_csv_consumed(const sa_csv *c)
{
    return c->bytes_read - (c->end - c->start);
}

static sa_pos csv_pos(const sa_csv *c, uint64_t record, uint32_t col)
{
    return (sa_pos){c->name, (uint32_t)(record > UINT32_MAX ? UINT32_MAX : record), col};
}

static void fill_from_memory(sa_csv *c, size_t want)
{
    size_t n = c->mem_len - c->mem_pos;
    if (n > want)
        n = want;
    memcpy(c->buf + c->end, c->mem + c->mem_pos, n);
    if (c->hash)
        sa_sha256_update(c->hash, c->buf + c->end, n);
    c->mem_pos += n;
    c->end += n;
    c->bytes_read += n;
    if (c->mem_pos == c->mem_len)
        c->eof = true;
}

/* One read(2), or pread(2) within the range; returns bytes read, 0 at the end, -1 on error. */
static ssize_t read_some(sa_csv *c, size_t want)
{
    if (!c->ranged)
        return read(c->fd, c->buf + c->end, want);
    uint64_t at = c->offset + c->end;
    if (at >= c->limit)
        return 0;
    if (want > c->limit - at)
        want = (size_t)(c->limit - at);
    return pread(c->fd, c->buf + c->end, want, (off_t)at);
}

/*
 * Reads until `want` bytes are in or the input ends. A pipe hands over 64 KiB
 * at a time; stopping there would parse a long record again after every such
 * read (quadratic in its length), where filling the buffer parses it again
 * only when the buffer has doubled.
 */
static int fill_from_fd(sa_csv *c, size_t want)
{
    while (want > 0 && !c->eof) {
        ssize_t n = read_some(c, want);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            sa_diags_error(c->diags, "E-IO-READ", csv_pos(c, 0, 0), "read error: %s", strerror(errno));
            return -1;
        }
        if (n == 0)
            c->eof = true;
        if (c->hash && n > 0) /* hashed while in cache, before the parser unquotes in place */
            sa_sha256_update(c->hash, c->buf + c->end, (size_t)n);
        c->end += (size_t)n;
        c->bytes_read += (size_t)n;
        want -= (size_t)n;
    }
    return 0;
}

/* Fills the buffer after `end`; moves the pending record to the front first. Returns -1 on a read error. */
static int csv_fill(sa_csv *c)
{
    scan_reset(c);
    if (c->start > 0) {
        memmove(c->buf, c->buf + c->start, c->end - c->start);
        c->end -= c->start;
        c->offset += c->start;
        c->start = 0;
    }
    if (c->end == c->cap && c->cap < CSV_BLOCK && !c->eof) {
        /* The input was smaller than a block when opened but has more: read by blocks. */
        c->cap = CSV_BLOCK;
        c->buf = sa_xrealloc_big(c->buf, c->end, c->cap + SCAN_SLACK);
    } else if (c->end == c->cap) {
        if (c->cap >= c->max_record_bytes) {
            sa_diags_error(c->diags, "E-RET-RECORD-TOO-LONG", csv_pos(c, c->record + c->pending_blank + 1, 0),
                           "expected a record shorter than %zu bytes, found a longer one (is a quote left open?)",
                           c->max_record_bytes);
            return -1;
        }
        c->cap = c->cap > c->max_record_bytes / 2 ? c->max_record_bytes : c->cap * 2;
        c->buf = sa_xrealloc_big(c->buf, c->end, c->cap + SCAN_SLACK);
    }
    size_t want = c->cap - c->end;
    if (c->fd < 0)
        fill_from_memory(c, want);
    else if (fill_from_fd(c, want) < 0)
        return -1;
    c->buf[c->end] = '\n'; /* sentinel: ends every search for a field's end */
    if (!c->started && (c->end >= 3 || c->eof)) {
        c->started = true;
        if (c->end >= 3 && memcmp(c->buf, "\xEF\xBB\xBF", 3) == 0)
            c->start = 3;
    }
    return 0;
}

/* Room for field nf: false (diagnostic added) past the column limit. */
static bool field_room(sa_csv *c, size_t nf, uint64_t recno)
{
    if (nf >= c->limits.max_columns) {
        sa_diags_error(c->diags, "E-RET-TOO-MANY-COLUMNS", csv_pos(c, recno, (uint32_t)nf + 1),
                       "expected at most %zu fields in a record, found more", c->limits.max_columns);
        return false;
    }
    if (nf >= c->fields_cap) {
        c->fields_cap *= 2;
        c->fields = sa_xrealloc(c->fields, c->fields_cap * sizeof *c->fields);
        c->quoted = sa_xrealloc(c->quoted, c->fields_cap * sizeof *c->quoted);
    }
    c->field_room = c->fields_cap < c->limits.max_columns ? c->fields_cap : c->limits.max_columns;
    return true;
}

/* Counts line breaks (LF, CRLF and lone CR each count once) in a span. */
static uint64_t count_newlines(const char *p, size_t n)
{
    uint64_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\n')
            k++;
        else if (p[i] == '\r' && !(i + 1 < n && p[i + 1] == '\n'))
            k++;
    }
    return k;
}

/*
 * Rewrites a quoted field in place: drops the enclosing quotes, turns "" into
 * ", and keeps any text after the closing quote literally. Returns the new
 * length; sets *stray when text followed the closing quote.
 */
static size_t unquote(char *p, size_t len, bool *stray)
{
    size_t r = 1, w = 0;
    while (r < len) {
        if (p[r] == '"') {
            if (r + 1 < len && p[r + 1] == '"') {
                p[w++] = '"';
                r += 2;
                continue;
            }
            r++;
            break;
        }
        p[w++] = p[r++];
    }
    if (r < len)
        *stray = true;
    while (r < len)
        p[w++] = p[r++];
    return w;
}

/*
 * Finds the end of the quoted field opening at p (its closing quote, skipping
 * doubled quotes) and counts the line breaks inside it. Returns the byte after
 * the closing quote, or NULL with *r set to PARSE_NEED_MORE or PARSE_ERROR.
 */
static char *quoted_end(sa_csv *c, char *p, char *e, size_t nf, uint64_t recno, uint64_t *newlines, int *r)
{
    char *q = p + 1;
    for (;;) {
        char *close = q < e ? memchr(q, '"', (size_t)(e - q)) : NULL;
        *r = PARSE_NEED_MORE;
        if (!close && !c->eof)
            return NULL;
        if (!close) {
            sa_diags_error(c->diags, "E-RET-UNTERMINATED-QUOTE", csv_pos(c, recno, (uint32_t)nf + 1),
                           "expected a closing quote for the field opened on line %llu, found the end of the file",
                           (unsigned long long)(c->next_line + c->pending_blank));
            *r = PARSE_ERROR;
            return NULL;
        }
        if (close + 1 == e && !c->eof)
            return NULL; /* cannot tell "" from a closing quote yet */
        if (close + 1 < e && close[1] == '"') {
            q = close + 2;
            continue;
        }
        *newlines += count_newlines(p + 1, (size_t)(close - p - 1));
        return close + 1;
    }
}

/*
 * Delimits one record starting at c->start. Fields are recorded as raw spans;
 * nothing in the buffer is modified until the record is known to be complete.
 * The sentinel LF at buf[end] is what stops a field at the end of the valid
 * bytes, so the loop tests for the end only where it meets a line break.
 */
static int parse_record(sa_csv *c, uint64_t *newlines_out)
{
    char *p = c->buf + c->start;
    char *const e = c->buf + c->end;
    size_t nf = 0;
    uint64_t newlines = 0;
    const size_t max_field = c->limits.max_field_bytes;
    const uint64_t recno = c->record + c->pending_blank + (c->have_stash ? 1 : 0) + 1;

    if (p == e)
        return c->eof ? PARSE_END : PARSE_NEED_MORE;
    assert(*e == '\n'); /* the sentinel after the bytes read */
    c->nquoted = 0;
    for (;;) {
        if (nf >= c->field_room && !field_room(c, nf, recno))
            return PARSE_ERROR;
        char *f = p;
        if (*p == '"') {
            int r;
            if (!(p = quoted_end(c, p, e, nf, recno, &newlines, &r)))
                return r;
            c->quoted[c->nquoted++] = (uint32_t)nf;
            scan_skip_to(c, p);
        }
        p = next_field_end(c, p); /* text after a closing quote (RFC 4180 forbids it) is kept literally */
        size_t flen = (size_t)(p - f);
        if (flen > max_field) {
            sa_diags_error(c->diags, "E-RET-FIELD-TOO-LONG", csv_pos(c, recno, (uint32_t)nf + 1),
                           "expected a field of at most %zu bytes, found %zu bytes", max_field, flen);
            return PARSE_ERROR;
        }
        c->fields[nf].ptr = f;
        c->fields[nf].len = flen;
        nf++;
        if (*p == ',') {
            p++;
            continue;
        }
        if (p == e) {
            if (!c->eof)
                return PARSE_NEED_MORE;
            c->unterminated = true;
            break; /* last record without a line break */
        }
        if (*p == '\r') {
            if (p + 1 == e && !c->eof)
                return PARSE_NEED_MORE;
            p += (p + 1 < e && p[1] == '\n') ? 2 : 1;
            scan_skip_to(c, p);
        } else {
            p++; /* '\n' */
        }
        newlines++;
        break;
    }
    c->nfields = nf;
    c->start = (size_t)(p - c->buf);
    *newlines_out = newlines;
    return PARSE_RECORD;
}

static void finish_fields(sa_csv *c)
{
    for (size_t k = 0; k < c->nquoted; k++) {
        size_t i = c->quoted[k];
        bool stray = false;
        char *p = (char *)c->fields[i].ptr;
        c->fields[i].len = unquote(p, c->fields[i].len, &stray);
        if (stray)
            sa_diags_error(c->diags, "E-RET-BAD-QUOTE", csv_pos(c, c->record, (uint32_t)i + 1),
                           "expected a separator or line break after the closing quote, found more text "
                           "(kept as part of the field)");
    }
    c->nquoted = 0;
}

/* ---- the checksum of the bytes read ------------------------------------------------ */

void ret_csv_hash(sa_csv *c, sa_sha256 *h)
{
    assert(!c->ranged && c->bytes_read == 0);
    c->hash = h;
}

bool ret_csv_read_all(const sa_csv *c)
{
    return c->eof;
}

/* ---- parts of a split file ------------------------------------------------------- */

sa_csv *ret_csv_open_part(int fd, const char *name, const sa_csv_limits *limits, sa_diags *diags)
{
    sa_csv *c = csv_new(name, limits, CSV_BLOCK, diags);
    c->fd = fd;
    c->ranged = true;
    return c;
}

/* Forgets the input read so far; the next bytes come from file offset `at`. */
static void part_reset(sa_csv *c, uint64_t at)
{
    c->offset = at;
    c->limit = UINT64_MAX;
    c->start = c->end = 0;
    c->eof = c->failed = false;
    c->started = true; /* a byte order mark is looked for at offset 0 only */
    c->pending_blank = c->dropped_blank = 0;
    c->have_stash = c->unterminated = false;
    c->bytes_read = 0;
    scan_reset(c);
}

const char *ret_csv_load(sa_csv *c, uint64_t at, size_t len, size_t *got)
{
    assert(c->ranged);
    if (len > c->cap) {
        /* a block and the byte after it (a CR at its end needs to know what follows) */
        c->cap = len;
        c->buf = sa_xrealloc_big(c->buf, 0, c->cap + SCAN_SLACK);
    }
    part_reset(c, at);
    *got = 0;
    if (fill_from_fd(c, len) < 0)
        return NULL;
    c->buf[c->end] = '\n';
    *got = c->end;
    return c->buf;
}

void ret_csv_start(sa_csv *c, uint64_t begin, uint64_t end, uint64_t record, uint64_t line, sa_diags *diags)
{
    assert(c->ranged && begin <= end);
    if (begin < c->offset || begin > c->offset + c->end)
        part_reset(c, begin); /* the part starts past the bytes loaded */
    c->start = (size_t)(begin - c->offset);
    if (begin == 0 && c->end >= 3 && memcmp(c->buf, "\xEF\xBB\xBF", 3) == 0)
        c->start = 3; /* the byte order mark, as sa_csv_open skips it */
    if (end < c->offset + c->end) {
        c->end = (size_t)(end - c->offset); /* loaded a little past the end of the part */
        c->buf[c->end] = '\n';
    }
    c->limit = end;
    c->eof = c->offset + c->end >= end;
    c->bytes_read = c->end - c->start;
    c->record = record - 1;
    c->next_line = c->line = line;
    c->diags = diags;
    c->failed = false;
    scan_reset(c); /* the sentinel may have moved */
}

uint64_t ret_csv_next_line(const sa_csv *c)
{
    return c->next_line;
}

uint64_t ret_csv_max_record(const sa_csv *c)
{
    return c->max_record_bytes;
}

bool ret_csv_ended_cleanly(const sa_csv *c)
{
    return !c->failed && c->dropped_blank == 0 && !c->unterminated && !c->have_stash;
}

static const sa_csv_field blank_field[1] = {{"", 0}};

/* Returns the record just delimited (nf fields over `newlines` line breaks) as the next one. */
static int take_record(sa_csv *c, uint64_t newlines, size_t nf, const sa_csv_field **fields, size_t *nfields)
{
    c->record++;
    c->line = c->next_line;
    c->next_line += newlines;
    if (c->nquoted > 0)
        finish_fields(c);
    *fields = c->fields;
    *nfields = nf;
    return 1;
}

int sa_csv_next(sa_csv *c, const sa_csv_field **fields, size_t *nfields)
{
    if (c->failed)
        return -1;
    for (;;) {
        if (c->pending_blank > 0 && c->have_stash) {
            /* Blank lines followed by a record: they are records after all. */
            c->pending_blank--;
            c->record++;
            c->line = c->next_line++;
            *fields = blank_field;
            *nfields = 1;
            return 1;
        }
        if (c->have_stash) {
            c->have_stash = false;
            return take_record(c, c->stash_newlines, c->stash_nfields, fields, nfields);
        }
        uint64_t newlines = 0;
        int r = parse_record(c, &newlines);
        if (r == PARSE_NEED_MORE) {
            if (csv_fill(c) < 0) {
                c->failed = true;
                return -1;
            }
            continue;
        }
        if (r == PARSE_ERROR) {
            c->failed = true;
            return -1;
        }
        if (r == PARSE_END) {
            c->dropped_blank = c->pending_blank;
            c->pending_blank = 0; /* blank lines at the end of a file are not records */
            *fields = NULL;
            *nfields = 0;
            return 0;
        }
        if (c->nfields == 1 && c->fields[0].len == 0 && c->nquoted == 0 && newlines > 0) {
            c->pending_blank++;
            continue;
        }
        if (c->pending_blank == 0) /* nearly always: no blank line waits to be told first */
            return take_record(c, newlines, c->nfields, fields, nfields);
        c->have_stash = true;
        c->stash_newlines = newlines;
        c->stash_nfields = c->nfields;
    }
}
