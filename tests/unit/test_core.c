/* test_core.c — core utilities: buffer escaping, diagnostics, dates, London clock, targets, atomic files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/datetime.h"
#include "core/diag.h"
#include "core/fileio.h"
#include "core/json_write.h"
#include "core/result.h"
#include "core/strmap.h"
#include "core/target.h"

static void test_buf_escapes(void **state)
{
    (void)state;
    sa_buf b = SA_BUF_INIT;
    sa_buf_json_escape(&b, "a\"b\\c\n\x01\xff", 8);
    assert_string_equal(sa_buf_cstr(&b), "a\\\"b\\\\c\\n\\u0001\xEF\xBF\xBD");
    sa_buf_clear(&b);
    sa_buf_html_escape(&b, "<b>&'\"", 6);
    assert_string_equal(sa_buf_cstr(&b), "&lt;b&gt;&amp;&#39;&quot;");
    sa_buf_clear(&b);
    sa_buf_csv_cell(&b, "=SUM(A1)", 8);
    assert_string_equal(sa_buf_cstr(&b), "\"'=SUM(A1)\"");
    sa_buf_clear(&b);
    sa_buf_csv_cell(&b, "a,\"b\"", 5);
    assert_string_equal(sa_buf_cstr(&b), "\"a,\"\"b\"\"\"");
    sa_buf_clear(&b);
    sa_buf_csv_cell(&b, "plain", 5);
    assert_string_equal(sa_buf_cstr(&b), "plain");
    sa_buf_clear(&b);
    sa_buf_csv_cell(&b, "a\x1b[31mb\x07", 8);
    assert_string_equal(sa_buf_cstr(&b), "a [31mb ");
    sa_buf_clear(&b);
    sa_buf_csv_cell(&b, "x,\x1b", 3);
    assert_string_equal(sa_buf_cstr(&b), "\"x, \"");
    sa_buf_free(&b);
}

/* The JSON writer: block members one per line, inline ones on one line,
 * commas only between members, empty containers closed on their line. */
static void test_json_writer(void **state)
{
    (void)state;
    sa_buf b = SA_BUF_INIT;
    sa_jw w;
    sa_jw_begin(&w, &b);
    sa_jw_object(&w, NULL);
    sa_jw_str(&w, "s", "a\"b\n");
    sa_jw_str(&w, "none", NULL);
    sa_jw_num(&w, "n", true, 2.50);
    sa_jw_num(&w, "nan", true, NAN);
    sa_jw_num(&w, "neg0", true, -0.0000001);
    sa_jw_array(&w, "empty");
    sa_jw_close_array(&w);
    sa_jw_array(&w, "rows");
    sa_jw_object_inline(&w, NULL);
    sa_jw_int(&w, "i", -3);
    sa_jw_array_inline(&w, "a");
    sa_jw_uint(&w, NULL, 1);
    sa_jw_bool(&w, NULL, true);
    sa_jw_null(&w, NULL);
    sa_jw_close_array(&w);
    sa_jw_date(&w, "d", SA_DATE_NONE);
    sa_jw_close_object(&w);
    sa_jw_object(&w, NULL);
    sa_jw_object_inline(&w, "e");
    sa_jw_close_object(&w);
    sa_jw_close_object(&w);
    sa_jw_close_array(&w);
    sa_jw_close_object(&w);
    sa_jw_end(&w);
    assert_string_equal(sa_buf_cstr(&b), "{\n"
                                         "  \"s\": \"a\\\"b\\n\",\n"
                                         "  \"none\": null,\n"
                                         "  \"n\": 2.5,\n"
                                         "  \"nan\": null,\n"
                                         "  \"neg0\": 0,\n"
                                         "  \"empty\": [],\n"
                                         "  \"rows\": [\n"
                                         "    {\"i\": -3, \"a\": [1, true, null], \"d\": null},\n"
                                         "    {\n"
                                         "      \"e\": {}\n"
                                         "    }\n"
                                         "  ]\n"
                                         "}\n");
    sa_buf_free(&b);
}

/* Markdown text stays in its table cell: a backslash cannot undo the escape
 * of the pipe after it, no HTML, no line break, no reordering control. */
static void test_md_escape(void **state)
{
    (void)state;
    sa_buf b = SA_BUF_INIT;
    sa_buf_md_escape(&b, "a\\|b\n<i>*x*_#!~\t\xE2\x80\xAE" "c\xFF");
    assert_string_equal(sa_buf_cstr(&b), "a\\\\\\|b &lt;i&gt;\\*x\\*\\_\\#\\!\\~ \xEF\xBF\xBD" "c\xEF\xBF\xBD");
    sa_buf_clear(&b);
    sa_buf_md_escape(&b, NULL);
    assert_int_equal(b.len, 0);
    sa_buf_free(&b);
}

static void test_diags_cap_and_sort(void **state)
{
    (void)state;
    sa_diags *d = sa_diags_new();
    sa_diags_set_max_per_code(d, 2);
    for (int i = 5; i > 0; i--)
        sa_diags_error(d, "E-X", (sa_pos){"f.csv", (uint32_t)i, 1}, "row %d", i);
    sa_diags_warning(d, "W-Y", (sa_pos){"a.csv", 1, 1}, "w");
    assert_int_equal(sa_diags_count(d), 3);
    assert_int_equal(sa_diags_total(d, SA_SEV_ERROR), 5);
    assert_int_equal(sa_diags_total_code(d, "E-X"), 5);
    assert_false(sa_diags_wants(d, "E-X"));
    assert_true(sa_diags_wants(d, "E-Z"));
    sa_diags_sort(d);
    assert_string_equal(sa_diags_at(d, 0)->pos.file, "a.csv");
    assert_int_equal(sa_diags_at(d, 1)->pos.line, 4);
    sa_buf b = SA_BUF_INIT;
    sa_diag_format_text(sa_diags_at(d, 1), &b);
    assert_string_equal(sa_buf_cstr(&b), "f.csv:4:1: error[E-X]: row 4");
    sa_buf_free(&b);
    sa_diags *all = sa_diags_new();
    sa_diags_take(all, d);
    assert_int_equal(sa_diags_total(all, SA_SEV_ERROR), 5);
    assert_int_equal(sa_diags_count(all), 3);
    assert_int_equal(sa_diags_count(d), 0);
    sa_diags_free(all);
    sa_diags_free(d);
}

static void test_dates(void **state)
{
    (void)state;
    sa_date d;
    assert_true(sa_date_from_ymd(1970, 1, 1, &d));
    assert_int_equal(d, 0);
    assert_true(sa_date_parse_iso("2008-02-29", 10, &d));
    assert_false(sa_date_parse_iso("2007-02-29", 10, &d));
    assert_false(sa_date_parse_iso("2007-13-01", 10, &d));
    assert_true(sa_date_parse_iso("2000-02-29", 10, &d));
    assert_false(sa_date_parse_iso("1900-02-29", 10, &d));
    assert_true(sa_date_parse_iso("2007-06-05", 10, &d));
    assert_int_equal(sa_date_weekday(d), 1); /* Tuesday */
    int y, m, dd;
    sa_date_to_ymd(sa_date_add_months(d, 9), &y, &m, &dd);
    assert_int_equal(y, 2008);
    assert_int_equal(m, 3);
    char out[20];
    sa_date_format(sa_date_quarter_start(d), out);
    assert_string_equal(out, "2007-04-01");
    sa_date_format(sa_date_week_start(d), out);
    assert_string_equal(out, "2007-06-04");
    sa_datetime dt;
    assert_true(sa_datetime_parse_iso("2007-06-05T24:00", 16, &dt));
    sa_datetime_format(dt, out);
    assert_string_equal(out, "2007-06-06T00:00");
    assert_false(sa_datetime_parse_iso("2007-06-05T24:01", 16, &dt));
    assert_true(sa_datetime_parse_iso("2007-06-05 09:30:15", 19, &dt));
    sa_datetime_format(dt, out);
    assert_string_equal(out, "2007-06-05T09:30:15");
    /* 08:00Z in June is 09:00 BST on the wall clock. */
    assert_true(sa_datetime_parse_iso("2007-06-05T08:00Z", 17, &dt));
    sa_datetime_format(dt, out);
    assert_string_equal(out, "2007-06-05T09:00");
    int64_t secs;
    assert_true(sa_duration_parse("1h30m", 5, &secs));
    assert_int_equal(secs, 5400);
    assert_true(sa_duration_parse("PT4H", 4, &secs));
    assert_int_equal(secs, 14400);
    assert_false(sa_duration_parse("90", 2, &secs));
    /* ISO 8601: P1M is a month, not a minute; units must sit on their side of T. */
    assert_false(sa_duration_parse("P1M", 3, &secs));
    assert_false(sa_duration_parse("P4H", 3, &secs));
    assert_false(sa_duration_parse("PT2D", 4, &secs));
    assert_false(sa_duration_parse("PT1HT2M", 7, &secs));
    assert_true(sa_duration_parse("P1DT2H", 6, &secs));
    assert_int_equal(secs, 26 * 3600);
    assert_true(sa_duration_parse("PT1M", 4, &secs));
    assert_int_equal(secs, 60);
    char dur[32];
    sa_duration_format(93784, dur);
    assert_string_equal(dur, "1d 2h 3m 4s");
}

/* A datetime's "YYYY-MM-" is remembered from the one before: every day 0-32 of months 0-13
 * of years around the leap rules reads as sa_date_from_ymd says, whether the month is the
 * one remembered or not, and with each prefix read after a day that did not exist. */
static void test_datetime_prefix_memo(void **state)
{
    (void)state;
    const int years[] = {1, 1899, 1900, 2000, 2007, 2008, 9999};
    char nul[16] = {0};
    sa_datetime dt;
    assert_false(sa_datetime_parse_iso(nul, sizeof nul, &dt));
    for (size_t yi = 0; yi < sizeof years / sizeof years[0]; yi++)
        for (int m = 0; m <= 13; m++)
            for (int pass = 0; pass < 2; pass++) /* twice: the second pass reads the month remembered */
                for (int d = 0; d <= 32; d++) {
                    char iso[32];
                    snprintf(iso, sizeof iso, "%04d-%02d-%02dT10:%02d", years[yi], m, d, d % 60);
                    sa_date want;
                    bool ok = sa_date_from_ymd(years[yi], m, d, &want);
                    bool got = sa_datetime_parse_iso(iso, 16, &dt);
                    assert_int_equal(got, ok);
                    if (ok)
                        assert_int_equal(dt, sa_datetime_make(want, 10 * 3600 + (d % 60) * 60));
                }
    assert_true(sa_datetime_parse_iso("2007-04-30T09:00", 16, &dt));
    assert_false(sa_datetime_parse_iso("2007-04-31T09:00", 16, &dt));
    assert_false(sa_datetime_parse_iso("2007-04-3xT09:00", 16, &dt));
    assert_false(sa_datetime_parse_iso("2007-0x-30T09:00", 16, &dt));
    assert_true(sa_datetime_parse_iso("2007-04-30 09:00", 16, &dt));
}

static void test_london_clock(void **state)
{
    (void)state;
    sa_datetime a, b;
    /* 2007: BST began Sun 25 March, ended Sun 28 October. */
    assert_true(sa_datetime_parse_iso("2007-03-25T00:00", 16, &a));
    assert_true(sa_datetime_parse_iso("2007-03-26T00:00", 16, &b));
    assert_int_equal(sa_london_to_utc(b) - sa_london_to_utc(a), 23 * 3600);
    assert_true(sa_datetime_parse_iso("2007-10-28T00:00", 16, &a));
    assert_true(sa_datetime_parse_iso("2007-10-29T00:00", 16, &b));
    assert_int_equal(sa_london_to_utc(b) - sa_london_to_utc(a), 25 * 3600);
    assert_true(sa_datetime_parse_iso("2007-07-01T12:00", 16, &a));
    assert_int_equal(sa_utc_to_london(sa_london_to_utc(a)), a);
}

/* The UK rule stated independently: BST from 01:00 UTC on the last Sunday of
 * March to 01:00 UTC on the last Sunday of October. Every hour of 1990-2040
 * (and every minute around each change) converts by it, both ways. */
static int64_t ref_last_sunday_0100(int y, int m)
{
    sa_date d;
    assert_true(sa_date_from_ymd(y, m, 31, &d));
    while (sa_date_weekday(d) != 6) /* 0 = Monday ... 6 = Sunday */
        d--;
    return (int64_t)d * 86400 + 3600;
}

static void check_utc_instant(int64_t utc)
{
    int y;
    sa_date_to_ymd((sa_date)(utc / 86400), &y, NULL, NULL);
    bool bst = utc >= ref_last_sunday_0100(y, 3) && utc < ref_last_sunday_0100(y, 10);
    sa_datetime local = utc + (bst ? 3600 : 0);
    assert_true(sa_utc_to_london(utc) == local);
    /* the autumn hour repeats: its first pass is read as BST */
    bool repeated = !bst && utc >= ref_last_sunday_0100(y, 10) && utc < ref_last_sunday_0100(y, 10) + 3600;
    assert_true(sa_london_to_utc(local) == (repeated ? utc - 3600 : utc));
}

static void test_london_clock_every_hour(void **state)
{
    (void)state;
    sa_date from, to;
    assert_true(sa_date_from_ymd(1990, 1, 1, &from));
    assert_true(sa_date_from_ymd(2040, 12, 31, &to));
    for (int64_t t = (int64_t)from * 86400; t <= (int64_t)to * 86400; t += 3600)
        check_utc_instant(t);
    for (int y = 1990; y <= 2040; y++)
        for (int m = 3; m <= 10; m += 7)
            for (int64_t t = ref_last_sunday_0100(y, m) - 7200; t < ref_last_sunday_0100(y, m) + 7200; t += 60)
                check_utc_instant(t);
}

static void test_targets(void **state)
{
    (void)state;
    sa_target t, u;
    size_t off;
    const char *exp;
    assert_true(sa_target_parse(">= 90%", &t, &off, &exp));
    assert_int_equal(t.op, SA_CMP_GE);
    assert_int_equal(t.unit, SA_UNIT_PERCENT);
    assert_true(sa_target_holds(&t, 90.0));
    assert_false(sa_target_holds(&t, 89.9));
    assert_true(sa_target_parse("<= 4h", &u, &off, &exp));
    assert_int_equal(u.unit, SA_UNIT_SECONDS);
    assert_true(sa_target_holds(&u, 4 * 3600));
    char s[48];
    sa_target_format(&u, s);
    assert_string_equal(s, "<= 4h");
    assert_false(sa_target_parse(">= abc", &t, &off, &exp));
    assert_int_equal(off, 3);
    assert_false(sa_target_parse(">= 120%", &t, &off, &exp));
    assert_false(sa_target_parse("90", &t, &off, &exp));
    assert_false(sa_target_parse(">= 0x10", &t, &off, &exp));
    assert_false(sa_target_parse(">= 1e1", &t, &off, &exp));
    assert_false(sa_target_parse(">= nan", &t, &off, &exp));
    assert_true(sa_target_parse(">= 12.5", &t, &off, &exp));
    assert_true(sa_target_parse("90%", &t, &off, &exp));
    /* An interval settles a target only when the answer is the same across it. */
    assert_true(sa_target_parse(">= 100", &t, &off, &exp));
    assert_int_equal(sa_target_settles(&t, 100, 120), 1);
    assert_int_equal(sa_target_settles(&t, 80, 99.5), 0);
    assert_int_equal(sa_target_settles(&t, 99, 101), -1);
    assert_true(sa_target_parse("== 100", &t, &off, &exp));
    assert_int_equal(sa_target_settles(&t, 100, 100), 1);
    assert_int_equal(sa_target_settles(&t, 99, 101), -1);
    assert_int_equal(sa_target_settles(&t, 101, 102), 0);
    assert_true(sa_target_parse("< 4h", &t, &off, &exp));
    assert_int_equal(sa_target_settles(&t, 3600, 7200), 1);
    assert_int_equal(sa_target_settles(&t, 3600, 4 * 3600), -1);
    bool comparable;
    sa_target a, b;
    sa_target_parse(">= 85%", &a, NULL, NULL);
    sa_target_parse(">= 90%", &b, NULL, NULL);
    assert_true(sa_target_compare(&a, &b, &comparable) > 0);
    assert_true(comparable);
    assert_true(sa_target_compare(&b, &a, &comparable) < 0);
}

static void test_strmap(void **state)
{
    (void)state;
    sa_strmap *m = sa_strmap_new(2);
    char key[16];
    for (int i = 0; i < 1000; i++) {
        int n = snprintf(key, sizeof key, "k%d", i);
        assert_true(sa_strmap_put(m, key, (size_t)n, (uintptr_t)i));
    }
    uintptr_t v;
    assert_true(sa_strmap_get(m, "k777", 4, &v));
    assert_int_equal(v, 777);
    assert_false(sa_strmap_get(m, "k1000", 5, &v));
    bool is_new;
    const char *a = sa_strmap_intern(m, "k5", 2, &is_new);
    assert_false(is_new);
    assert_ptr_equal(a, sa_strmap_intern(m, "k5", 2, NULL));
    size_t it = 0;
    const char *k;
    size_t len;
    assert_true(sa_strmap_next(m, &it, &k, &len, &v));
    assert_string_equal(k, "k0");
    sa_strmap_free(m);
}

static void test_atomic_write(void **state)
{
    (void)state;
    char dir[] = "/tmp/sa-core-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/out.txt", dir);
    sa_diags *d = sa_diags_new();
    mode_t old_mask = umask(077);
    assert_int_equal(sa_write_file_atomic(path, "hello", 5, d), 0);
    umask(old_mask);
    struct stat mode_st;
    assert_int_equal(stat(path, &mode_st), 0);
    assert_int_equal(mode_st.st_mode & 0777, 0600); /* the umask is honoured */
    char *data;
    size_t len;
    assert_int_equal(sa_file_read_all(path, 0, &data, &len, d), 0);
    assert_string_equal(data, "hello");
    free(data);
    /* A missing directory: error, nothing written. */
    snprintf(path, sizeof path, "%s/missing/out.txt", dir);
    assert_int_equal(sa_write_file_atomic(path, "x", 1, d), -1);
    assert_int_equal(sa_diags_total_code(d, "E-IO-WRITE"), 1);
    /* Disk full: the write fails and no file is left behind. */
    struct stat st;
    if (stat("/dev/full", &st) == 0 && S_ISCHR(st.st_mode)) {
        assert_int_equal(sa_write_file_atomic("/dev/full", "x", 1, d), -1);
        assert_int_equal(stat("/dev/full", &st), 0);
        assert_true(S_ISCHR(st.st_mode)); /* never replaced by a regular file */
    }
    /* A directory is not an input file. */
    assert_int_equal(sa_file_read_all(dir, 0, &data, &len, d), -1);
    assert_int_equal(sa_diags_total_code(d, "E-IO-IS-DIRECTORY"), 1);
    snprintf(path, sizeof path, "%s/out.txt", dir);
    unlink(path);
    rmdir(dir);
    sa_diags_free(d);
}

static void test_verdict_table(void **state)
{
    (void)state;
    assert_string_equal(sa_verdict_name(SA_VERDICT_NOT_ASSESSABLE), "not_assessable");
    assert_string_equal(sa_verdict_name(SA_VERDICT_WAIVED), "waived");
    sa_result_set *rs = sa_result_set_new();
    sa_result *r = sa_result_set_add(rs);
    r->verdict = SA_VERDICT_NOT_MET;
    sa_result_set_add(rs)->verdict = SA_VERDICT_MET;
    sa_result_set_tally(rs);
    assert_int_equal(rs->summary.verdict_counts[SA_VERDICT_MET], 1);
    assert_int_equal(rs->summary.verdict_counts[SA_VERDICT_NOT_MET], 1);
    assert_int_equal(rs->results[1].waiver_until, SA_DATE_NONE);
    sa_result_set_free(rs);
}

/* A big buffer is aligned to and sized in whole huge pages, and growing one keeps its bytes
 * whether it crosses SA_BIG_MIN or starts past it; a small one is plain malloc. */
static void test_big_buffers(void **state)
{
    (void)state;
    const size_t huge = (size_t)2 << 20;
    assert_int_equal(sa_big_size(100), 100);
    assert_int_equal(sa_big_size(SA_BIG_MIN - 1), SA_BIG_MIN - 1);
    assert_int_equal(sa_big_size(SA_BIG_MIN), huge);
    assert_int_equal(sa_big_size(huge + 1), 2 * huge);
    char *p = sa_xmalloc_big(1000);
    memset(p, 'a', 1000);
    p = sa_xrealloc_big(p, 1000, SA_BIG_MIN + 5); /* crosses into huge pages */
    assert_int_equal((uintptr_t)p % huge, 0);
    for (size_t i = 0; i < 1000; i++)
        assert_int_equal(p[i], 'a');
    memset(p + 1000, 'b', SA_BIG_MIN + 5 - 1000);
    p = sa_xrealloc_big(p, SA_BIG_MIN + 5, 3 * huge); /* grows past them */
    assert_int_equal((uintptr_t)p % huge, 0);
    assert_int_equal(p[999], 'a');
    assert_int_equal(p[1000], 'b');
    assert_int_equal(p[SA_BIG_MIN + 4], 'b');
    free(p);
}

static void test_arena(void **state)
{
    (void)state;
    sa_arena *a = sa_arena_new();
    char *s = sa_arena_printf(a, "%s-%d", "x", 42);
    assert_string_equal(s, "x-42");
    void *big = sa_arena_alloc(a, 1 << 20);
    assert_non_null(big);
    char *t = sa_arena_strndup(a, "abcdef", 3);
    assert_string_equal(t, "abc");
    assert_true(sa_arena_used(a) >= (1 << 20));
    sa_arena_free(a);
    sa_arena_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_escapes),   cmocka_unit_test(test_diags_cap_and_sort),
        cmocka_unit_test(test_dates),         cmocka_unit_test(test_datetime_prefix_memo),
        cmocka_unit_test(test_london_clock), cmocka_unit_test(test_london_clock_every_hour),
        cmocka_unit_test(test_targets),       cmocka_unit_test(test_strmap),
        cmocka_unit_test(test_atomic_write),  cmocka_unit_test(test_verdict_table),
        cmocka_unit_test(test_arena), cmocka_unit_test(test_big_buffers),         cmocka_unit_test(test_json_writer), cmocka_unit_test(test_md_escape),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
