/* test_csv.c — the streaming CSV reader: every RFC 4180 edge case, limits, and block boundaries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/diag.h"
#include "returns/returns.h"
#include "returns/returns_private.h"

/* Reads every record and renders it as "[f1|f2|...]@record:line" lines for comparison. */
static int render_all(sa_csv *c, sa_buf *out)
{
    const sa_csv_field *f;
    size_t n;
    int r;
    while ((r = sa_csv_next(c, &f, &n)) == 1) {
        sa_buf_putc(out, '[');
        for (size_t i = 0; i < n; i++) {
            if (i)
                sa_buf_putc(out, '|');
            sa_buf_append(out, f[i].ptr, f[i].len);
        }
        sa_buf_printf(out, "]@%llu:%llu\n", (unsigned long long)sa_csv_record(c),
                      (unsigned long long)sa_csv_line(c));
    }
    return r;
}

static char *parse(const char *data, size_t len, int *rc, sa_diags *d)
{
    sa_csv *c = sa_csv_open_buffer("t.csv", data, len, NULL, d);
    assert_non_null(c);
    sa_buf out = SA_BUF_INIT;
    *rc = render_all(c, &out);
    sa_csv_close(c);
    sa_buf_cstr(&out);
    return sa_buf_detach(&out);
}

static void expect(const char *data, const char *want)
{
    sa_diags *d = sa_diags_new();
    int rc;
    char *got = parse(data, strlen(data), &rc, d);
    assert_int_equal(rc, 0);
    assert_string_equal(got, want);
    assert_int_equal(sa_diags_total(d, SA_SEV_ERROR), 0);
    free(got);
    sa_diags_free(d);
}

static void test_plain_lf(void **state)
{
    (void)state;
    expect("a,b,c\n1,2,3\n", "[a|b|c]@1:1\n[1|2|3]@2:2\n");
}

static void test_crlf_and_cr(void **state)
{
    (void)state;
    expect("a,b\r\n1,2\r\n", "[a|b]@1:1\n[1|2]@2:2\n");
    expect("a,b\r1,2\r3,4", "[a|b]@1:1\n[1|2]@2:2\n[3|4]@3:3\n");
    expect("a,b\r\n1,2\n3,4\r", "[a|b]@1:1\n[1|2]@2:2\n[3|4]@3:3\n");
}

static void test_no_final_newline(void **state)
{
    (void)state;
    expect("a,b\n1,2", "[a|b]@1:1\n[1|2]@2:2\n");
    expect("a,b\n1,", "[a|b]@1:1\n[1|]@2:2\n");
}

static void test_bom(void **state)
{
    (void)state;
    expect("\xEF\xBB\xBF" "a,b\n1,2\n", "[a|b]@1:1\n[1|2]@2:2\n");
    /* A BOM anywhere else is data. */
    expect("a\n\xEF\xBB\xBF" "x\n", "[a]@1:1\n[\xEF\xBB\xBFx]@2:2\n");
}

static void test_quoted(void **state)
{
    (void)state;
    expect("a,b\n\"x,y\",\"he said \"\"hi\"\"\"\n", "[a|b]@1:1\n[x,y|he said \"hi\"]@2:2\n");
    expect("\"\",\"\"\"\"\n", "[|\"]@1:1\n");
}

static void test_quoted_newlines_and_lines(void **state)
{
    (void)state;
    /* Records keep their number; lines count the embedded breaks (LF, CRLF, CR). */
    expect("h1,h2\n\"l1\nl2\",x\n\"a\r\nb\rc\",y\nz,w\n",
           "[h1|h2]@1:1\n[l1\nl2|x]@2:2\n[a\r\nb\rc|y]@3:4\n[z|w]@4:7\n");
}

static void test_empty_fields(void **state)
{
    (void)state;
    expect(",,\n", "[||]@1:1\n");
    expect("a,,c\n", "[a||c]@1:1\n");
}

static void test_trailing_blank_lines(void **state)
{
    (void)state;
    /* Blank lines at the end are not records; blank lines between records are. */
    expect("a\n1\n\n\n", "[a]@1:1\n[1]@2:2\n");
    expect("a\n\n1\n", "[a]@1:1\n[]@2:2\n[1]@3:3\n");
    expect("a\r\n\r\n", "[a]@1:1\n");
    expect("", "");
    expect("\n", "");
}

static void test_unterminated_quote(void **state)
{
    (void)state;
    sa_diags *d = sa_diags_new();
    int rc;
    char *got = parse("a,b\n1,\"open\n2,3\n", 16, &rc, d);
    assert_int_equal(rc, -1);
    assert_string_equal(got, "[a|b]@1:1\n");
    assert_int_equal(sa_diags_total_code(d, "E-RET-UNTERMINATED-QUOTE"), 1);
    const sa_diag *g = sa_diags_at(d, 0);
    assert_int_equal(g->pos.line, 2);
    assert_int_equal(g->pos.col, 2);
    free(got);
    sa_diags_free(d);
}

static void test_text_after_quote(void **state)
{
    (void)state;
    sa_diags *d = sa_diags_new();
    int rc;
    const char *in = "a,b\n\"x\"y,z\n";
    char *got = parse(in, strlen(in), &rc, d);
    assert_int_equal(rc, 0);
    assert_string_equal(got, "[a|b]@1:1\n[xy|z]@2:2\n");
    assert_int_equal(sa_diags_total_code(d, "E-RET-BAD-QUOTE"), 1);
    assert_int_equal(sa_diags_at(d, 0)->pos.line, 2);
    assert_int_equal(sa_diags_at(d, 0)->pos.col, 1);
    free(got);
    sa_diags_free(d);
}

static void test_quote_inside_unquoted_is_data(void **state)
{
    (void)state;
    expect("5\" tall,x\n", "[5\" tall|x]@1:1\n");
}

static void test_limits(void **state)
{
    (void)state;
    sa_csv_limits lim;
    sa_csv_limits_default(&lim);
    assert_int_equal(lim.max_field_bytes, 1u << 20);
    assert_int_equal(lim.max_columns, 4096);
    lim.max_field_bytes = 4;
    lim.max_columns = 3;

    sa_diags *d = sa_diags_new();
    sa_csv *c = sa_csv_open_buffer("t.csv", "ab,cd\nabcde,x\n", 14, &lim, d);
    const sa_csv_field *f;
    size_t n;
    assert_int_equal(sa_csv_next(c, &f, &n), 1);
    assert_int_equal(sa_csv_next(c, &f, &n), -1);
    assert_int_equal(sa_diags_total_code(d, "E-RET-FIELD-TOO-LONG"), 1);
    assert_int_equal(sa_diags_at(d, 0)->pos.line, 2);
    assert_int_equal(sa_diags_at(d, 0)->pos.col, 1);
    /* Once failed, the reader stays failed. */
    assert_int_equal(sa_csv_next(c, &f, &n), -1);
    sa_csv_close(c);
    sa_diags_free(d);

    d = sa_diags_new();
    c = sa_csv_open_buffer("t.csv", "a,b,c,d\n", 8, &lim, d);
    assert_int_equal(sa_csv_next(c, &f, &n), -1);
    assert_int_equal(sa_diags_total_code(d, "E-RET-TOO-MANY-COLUMNS"), 1);
    assert_int_equal(sa_diags_at(d, 0)->pos.col, 4);
    sa_csv_close(c);
    sa_diags_free(d);
}

/* Records that straddle the 1 MiB block boundary, including a quote pair and a CRLF split across it. */
static void test_block_boundaries(void **state)
{
    (void)state;
    char path[] = "/tmp/sa_test_csv_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    sa_buf want = SA_BUF_INIT;
    fputs("id,text\r\n", fp);
    sa_buf_puts(&want, "[id|text]@1:1\n");
    uint64_t line = 2;
    for (int i = 0; i < 40000; i++) {
        /* every 7th row has a quoted field with a doubled quote and an embedded newline */
        if (i % 7 == 0) {
            fprintf(fp, "%d,\"q\"\"%d\nrest\"\r\n", i, i);
            sa_buf_printf(&want, "[%d|q\"%d\nrest]@%d:%llu\n", i, i, i + 2, (unsigned long long)line);
            line += 2;
        } else {
            fprintf(fp, "%d,value number %d with padding to cross blocks\r\n", i, i);
            sa_buf_printf(&want, "[%d|value number %d with padding to cross blocks]@%d:%llu\n", i, i, i + 2,
                          (unsigned long long)line);
            line++;
        }
    }
    fclose(fp);
    sa_diags *d = sa_diags_new();
    sa_csv *c = sa_csv_open(path, NULL, d);
    assert_non_null(c);
    sa_buf got = SA_BUF_INIT;
    assert_int_equal(render_all(c, &got), 0);
    assert_true(sa_csv_bytes_read(c) > (1u << 20));
    assert_string_equal(sa_buf_cstr(&got), sa_buf_cstr(&want));
    sa_csv_close(c);
    unlink(path);
    sa_buf_free(&got);
    sa_buf_free(&want);
    sa_diags_free(d);
}

/* A record longer than the block buffer grows it (once), then reading continues. */
static void test_long_record(void **state)
{
    (void)state;
    size_t big = (1u << 20) + 5000;
    char *data = malloc(big + 64);
    strcpy(data, "a,b\n\"");
    size_t len = strlen(data);
    memset(data + len, 'x', big);
    len += big;
    memcpy(data + len, "\",1\nq,2\n", 8);
    len += 8;
    sa_diags *d = sa_diags_new();
    sa_csv_limits lim;
    sa_csv_limits_default(&lim);
    lim.max_field_bytes = 2u << 20;
    sa_csv *c = sa_csv_open_buffer("t.csv", data, len, &lim, d);
    const sa_csv_field *f;
    size_t n;
    assert_int_equal(sa_csv_next(c, &f, &n), 1);
    assert_int_equal(sa_csv_next(c, &f, &n), 1);
    assert_int_equal(n, 2);
    assert_int_equal(f[0].len, big);
    assert_int_equal(f[1].len, 1);
    assert_int_equal(sa_csv_next(c, &f, &n), 1);
    assert_int_equal(sa_csv_record(c), 3);
    assert_int_equal(sa_csv_next(c, &f, &n), 0);
    sa_csv_close(c);
    free(data);
    sa_diags_free(d);
}

/* The record limit is four times the field limit, whatever that is: with 3 MiB
 * fields a record may hold 12 MiB, and one of 13 MiB is refused although the
 * buffer would double from 8 to 16 MiB. A record of 11 MiB is read. */
static size_t record_of(char *data, size_t fields, size_t field_len)
{
    size_t len = 0;
    memcpy(data, "a,b,c,d,e\n", 10);
    len = 10;
    for (size_t i = 0; i < fields; i++) {
        memset(data + len, 'x', field_len);
        len += field_len;
        data[len++] = i + 1 < fields ? ',' : '\n';
    }
    return len;
}

static void test_record_limit_not_a_power_of_two(void **state)
{
    (void)state;
    size_t mib = 1u << 20;
    char *data = malloc(14 * mib);
    assert_non_null(data);
    sa_csv_limits lim;
    sa_csv_limits_default(&lim);
    lim.max_field_bytes = 3 * mib;
    const sa_csv_field *f;
    size_t n;
    /* 5 fields of 2.6 MiB: 13 MiB */
    size_t len = record_of(data, 5, 13 * mib / 5);
    sa_diags *d = sa_diags_new();
    sa_csv *c = sa_csv_open_buffer("t.csv", data, len, &lim, d);
    assert_int_equal(sa_csv_next(c, &f, &n), 1);
    assert_int_equal(sa_csv_next(c, &f, &n), -1);
    assert_int_equal(sa_diags_total_code(d, "E-RET-RECORD-TOO-LONG"), 1);
    sa_csv_close(c);
    sa_diags_free(d);
    /* 5 fields of 2.2 MiB: 11 MiB */
    len = record_of(data, 5, 11 * mib / 5);
    d = sa_diags_new();
    c = sa_csv_open_buffer("t.csv", data, len, &lim, d);
    assert_int_equal(sa_csv_next(c, &f, &n), 1);
    assert_int_equal(sa_csv_next(c, &f, &n), 1);
    assert_int_equal(n, 5);
    assert_int_equal(sa_csv_next(c, &f, &n), 0);
    assert_int_equal(sa_diags_count(d), 0);
    sa_csv_close(c);
    sa_diags_free(d);
    free(data);
}

static void test_open_missing_file(void **state)
{
    (void)state;
    sa_diags *d = sa_diags_new();
    assert_null(sa_csv_open("/nonexistent/returns.csv", NULL, d));
    assert_true(sa_diags_has_errors(d));
    assert_string_equal(sa_diags_at(d, 0)->code, "E-IO-NOT-FOUND");
    sa_diags_free(d);
    d = sa_diags_new();
    assert_null(sa_csv_open("/tmp", NULL, d));
    assert_true(sa_diags_has_errors(d));
    sa_diags_free(d);
}


/* ---- block summaries and split points (split.c) ---------------------------------- */

/* The summary worked out one byte at a time, as the definitions say. */
static void naive_summary(const char *p, size_t n, int next, ret_block_sum *s)
{
    memset(s, 0, sizeof *s);
    bool inside = false; /* as if the block started outside quotes */
    for (size_t i = 0; i < n; i++) {
        int after = i + 1 < n ? (unsigned char)p[i + 1] : next;
        bool end = p[i] == '\n' || (p[i] == '\r' && after != '\n');
        s->quotes += p[i] == '"';
        if (p[i] == '"')
            inside = !inside;
        s->lines += end;
        s->ends[0] += end && !inside;
        s->ends[1] += end && inside;
    }
}

static void test_block_summary_all_paths(void **state)
{
    (void)state;
    static const char alphabet[] = "\"\"\n\r,ab";
    char buf[300];
    uint32_t seed = 20070401;
    ret_simd best = ret_simd_level();
    for (int round = 0; round < 2000; round++) {
        size_t n = (size_t)(round % 257);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        int next = round % 3 == 0 ? -1 : round % 3 == 1 ? '\n' : 'x';
        ret_block_sum want, got;
        naive_summary(buf, n, next, &want);
        for (int level = RET_SIMD_SCALAR; level <= (int)best; level++) {
            ret_block_summarise(buf, n, next, (ret_simd)level, &got);
            assert_memory_equal(&want, &got, sizeof want);
        }
    }
}

/* Every way of building the masks of structural bytes (bytescan.c) gives the masks a
 * byte-by-byte comparison gives; the reader and the splitter use them on every path. */
static void test_masks_all_paths(void **state)
{
    (void)state;
    static const char alphabet[] = "\"\n\r,ab\x80\xff";
    char buf[64];
    uint32_t seed = 20070402;
    ret_simd best = ret_simd_level();
    for (int round = 0; round < 2000; round++) {
        for (size_t i = 0; i < sizeof buf; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        ret_masks want = {0, 0, 0}, got;
        uint64_t want_ends = 0;
        for (unsigned i = 0; i < 64; i++) {
            want.quote |= (uint64_t)(buf[i] == '"') << i;
            want.lf |= (uint64_t)(buf[i] == '\n') << i;
            want.cr |= (uint64_t)(buf[i] == '\r') << i;
            want_ends |= (uint64_t)(buf[i] == ',' || buf[i] == '\n' || buf[i] == '\r') << i;
        }
        for (int level = RET_SIMD_SCALAR; level <= (int)best; level++) {
            ret_masks_for((ret_simd)level)(buf, &got);
            assert_memory_equal(&want, &got, sizeof want);
            assert_true(ret_ends_for((ret_simd)level)(buf) == want_ends);
        }
    }
}

static int write_temp(const char *text, char *path)
{
    strcpy(path, "/tmp/specaudit-split-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    return fd;
}

/* The split point at or after `from`, as "offset ends lines", or "none". */
static void expect_split(const char *text, uint64_t from, bool inside, const char *want)
{
    char path[64], got[64];
    int fd = write_temp(text, path);
    ret_split_point sp;
    int r = ret_split_find(fd, from, strlen(text), inside, 1u << 20, &sp);
    if (r == 1)
        snprintf(got, sizeof got, "%llu %llu %llu", (unsigned long long)sp.offset, (unsigned long long)sp.ends,
                 (unsigned long long)sp.lines);
    else
        snprintf(got, sizeof got, "none");
    close(fd);
    unlink(path);
    assert_string_equal(got, want);
}

static void test_split_points(void **state)
{
    (void)state;
    /* after the first line break whose line and next line are not blank */
    expect_split("a,b\n1,2\n3,4\n", 0, false, "4 1 1");
    expect_split("a,b\n1,2\n3,4\n", 1, false, "4 1 1");
    /* nothing is known before the start: a break at the start is not taken */
    expect_split("a,b\n1,2\n3,4\n", 3, false, "8 2 2");
    /* a quoted line break is not a record's end; the doubled quote keeps the parity */
    expect_split("x,\"p\nq\"\"r\"\n1,2\n", 0, false, "11 1 2");
    /* started inside quotes: the first break is quoted */
    expect_split("p\nq\",1\n2,3\n", 0, true, "7 1 2");
    /* blank lines on either side are passed over (a part never ends in one) */
    expect_split("a\n\n\nb\nc\n", 0, false, "6 4 4");
    /* CRLF: the split comes after the LF; a lone CR counts as a line break too */
    expect_split("a\r\nb\rc\r\nd\n", 0, false, "3 1 1");
    expect_split("a\rb\rc\r\nd\n", 0, false, "7 3 3");
    /* no split point before the end: the end of the file, with the breaks passed */
    expect_split("a,\"b\nc\nd\n", 0, false, "9 0 3");
    expect_split("abc", 0, false, "3 0 0");
}

static void test_split_bounded(void **state)
{
    (void)state;
    char path[64];
    /* a quote opened early and never closed: no split point within the scan limit */
    char *text = malloc(10000);
    memset(text, 'a', 9999);
    text[9999] = '\0';
    for (int i = 100; i < 9999; i += 50)
        text[i] = '\n';
    text[10] = '"';
    int fd = write_temp(text, path);
    ret_split_point sp;
    assert_int_equal(ret_split_find(fd, 0, 9999, false, 4096, &sp), 0);
    assert_int_equal(ret_split_find(fd, 0, 9999, true, 4096, &sp), 1);
    assert_int_equal(sp.offset, 101);
    close(fd);
    unlink(path);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_lf),
        cmocka_unit_test(test_crlf_and_cr),
        cmocka_unit_test(test_no_final_newline),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_quoted),
        cmocka_unit_test(test_quoted_newlines_and_lines),
        cmocka_unit_test(test_empty_fields),
        cmocka_unit_test(test_trailing_blank_lines),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_text_after_quote),
        cmocka_unit_test(test_quote_inside_unquoted_is_data),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_block_boundaries),
        cmocka_unit_test(test_long_record),
        cmocka_unit_test(test_record_limit_not_a_power_of_two),
        cmocka_unit_test(test_open_missing_file),
        cmocka_unit_test(test_block_summary_all_paths),
        cmocka_unit_test(test_masks_all_paths),
        cmocka_unit_test(test_split_points),
        cmocka_unit_test(test_split_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
