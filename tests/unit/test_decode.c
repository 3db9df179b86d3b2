/* test_decode.c — typed decoding of every column type, identifiers, and the file scan (header, rows, unique). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/datetime.h"
#include "core/diag.h"
#include "core/strmap.h"
#include "returns/returns.h"
#include "returns/returns_private.h"
#include "spec/spec.h"

static sa_column col_of(sa_col_type t)
{
    sa_column c;
    memset(&c, 0, sizeof c);
    c.name = "c";
    c.type = t;
    return c;
}

static bool ok(const sa_column *c, const char *s, sa_value *v)
{
    const char *expected = NULL;
    bool r = sa_value_decode(c, s, strlen(s), v, &expected);
    if (!r)
        assert_non_null(expected);
    return r;
}

static void test_nhs_number(void **state)
{
    (void)state;
    /* 999 test range with valid check digits */
    assert_true(sa_nhs_number_valid("9990000018", 10));
    assert_true(sa_nhs_number_valid("9990000026", 10));
    assert_true(sa_nhs_number_valid("9990000034", 10));
    assert_true(sa_nhs_number_valid("943 476 5919", 12));
    assert_true(sa_nhs_number_valid("9434765919", 10));
    /* wrong check digit */
    assert_false(sa_nhs_number_valid("9990000019", 10));
    assert_false(sa_nhs_number_valid("9434765918", 10));
    /* 999000000 has check value 10: never issued, whatever the last digit */
    for (char last = '0'; last <= '9'; last++) {
        char s[11] = "999000000";
        s[9] = last;
        s[10] = '\0';
        assert_false(sa_nhs_number_valid(s, 10));
    }
    assert_true(sa_nhs_number_valid("9990000050", 10)); /* check value 11 means 0 */
    /* shapes */
    assert_false(sa_nhs_number_valid("999000001", 9));
    assert_false(sa_nhs_number_valid("99900000188", 11));
    assert_false(sa_nhs_number_valid("999-000-0018", 12));
    assert_false(sa_nhs_number_valid("9990 000 018", 12));
    assert_false(sa_nhs_number_valid("99900000a8", 10));
    assert_false(sa_nhs_number_valid("", 0));

    sa_column c = col_of(SA_COL_NHS_NUMBER);
    sa_value v;
    assert_true(ok(&c, "9990000018", &v));
    assert_int_equal(v.kind, SA_VAL_STRING);
    assert_int_equal(v.as.str.len, 10);
    const char *exp = NULL;
    assert_false(sa_value_decode(&c, "9990000019", 10, &v, &exp));
    assert_non_null(strstr(exp, "check digit"));
    assert_int_equal(v.kind, SA_VAL_EMPTY);
}

/* The vectors' check digits are worked out in specs/README.md's way: weights 10..2 over the
 * first nine digits, 11 - (sum mod 11), 11 meaning 0. 0211165794 and 0402070763 are the valid
 * examples of Public Health Scotland's phsmethods::chi_check, 0101010000 its invalid checksum. */
static void test_chi_number(void **state)
{
    (void)state;
    /* valid */
    assert_int_equal(sa_chi_number_check("0211165794", 10), SA_CHI_OK);
    assert_int_equal(sa_chi_number_check("0402070763", 10), SA_CHI_OK);
    assert_int_equal(sa_chi_number_check("0101850018", 10), SA_CHI_OK);
    assert_int_equal(sa_chi_number_check("3112990005", 10), SA_CHI_OK);
    assert_int_equal(sa_chi_number_check("0101850050", 10), SA_CHI_OK); /* check value 11 means 0 */
    /* 29 February: only when YY is divisible by four (2000 was a leap year) */
    assert_int_equal(sa_chi_number_check("2902000006", 10), SA_CHI_OK);
    assert_int_equal(sa_chi_number_check("2902960018", 10), SA_CHI_OK);
    assert_int_equal(sa_chi_number_check("2902010001", 10), SA_CHI_NO_SUCH_BIRTH_DATE);
    /* impossible dates of birth, whatever the check digit: 31 February, 31 April, month 13,
     * day 00, month 00 (3102851231 has the right check digit for its first nine) */
    assert_int_equal(sa_chi_number_check("3102851234", 10), SA_CHI_NO_SUCH_BIRTH_DATE);
    assert_int_equal(sa_chi_number_check("3102851231", 10), SA_CHI_NO_SUCH_BIRTH_DATE);
    assert_int_equal(sa_chi_number_check("3104851234", 10), SA_CHI_NO_SUCH_BIRTH_DATE);
    assert_int_equal(sa_chi_number_check("0113851234", 10), SA_CHI_NO_SUCH_BIRTH_DATE);
    assert_int_equal(sa_chi_number_check("0001851234", 10), SA_CHI_NO_SUCH_BIRTH_DATE);
    assert_int_equal(sa_chi_number_check("0100851234", 10), SA_CHI_NO_SUCH_BIRTH_DATE);
    /* wrong check digit */
    assert_int_equal(sa_chi_number_check("0211165795", 10), SA_CHI_BAD_CHECK_DIGIT);
    assert_int_equal(sa_chi_number_check("0101010000", 10), SA_CHI_BAD_CHECK_DIGIT);
    /* 010185000 has check value 10: invalid whatever the last digit */
    for (char last = '0'; last <= '9'; last++) {
        char s[11] = "010185000";
        s[9] = last;
        s[10] = '\0';
        assert_int_equal(sa_chi_number_check(s, 10), SA_CHI_BAD_CHECK_DIGIT);
        assert_false(sa_chi_number_valid(s, 10));
    }
    /* non-digits and lengths: no spaces, no separators, exactly ten */
    assert_int_equal(sa_chi_number_check("02111657a4", 10), SA_CHI_NOT_TEN_DIGITS);
    assert_int_equal(sa_chi_number_check("021116 5794", 11), SA_CHI_NOT_TEN_DIGITS);
    assert_int_equal(sa_chi_number_check("021116-579", 10), SA_CHI_NOT_TEN_DIGITS);
    assert_int_equal(sa_chi_number_check("402070763", 9), SA_CHI_NOT_TEN_DIGITS);
    assert_int_equal(sa_chi_number_check("00402070763", 11), SA_CHI_NOT_TEN_DIGITS);
    assert_int_equal(sa_chi_number_check("", 0), SA_CHI_NOT_TEN_DIGITS);
    assert_true(sa_chi_number_valid("0211165794", 10));
    assert_false(sa_chi_number_valid("3102851234", 10));

    /* As a column: the value is the ten digits; each failure says what was expected. */
    sa_column c = col_of(SA_COL_CHI_NUMBER);
    sa_value v;
    assert_true(ok(&c, "0211165794", &v));
    assert_int_equal(v.kind, SA_VAL_STRING);
    assert_int_equal(v.as.str.len, 10);
    const char *exp = NULL;
    assert_false(sa_value_decode(&c, "3102851234", 10, &v, &exp));
    assert_non_null(strstr(exp, "date of birth"));
    assert_false(sa_value_decode(&c, "0211165795", 10, &v, &exp));
    assert_non_null(strstr(exp, "CHI number whose last digit is its modulus-11 check digit"));
    assert_false(sa_value_decode(&c, "402070763", 9, &v, &exp));
    assert_non_null(strstr(exp, "10-digit CHI number"));
    assert_int_equal(v.kind, SA_VAL_EMPTY);
    /* NHS numbers still say so */
    sa_column n = col_of(SA_COL_NHS_NUMBER);
    assert_false(sa_value_decode(&n, "9990000019", 10, &v, &exp));
    assert_non_null(strstr(exp, "an NHS number whose"));
}

static void test_ods_code(void **state)
{
    (void)state;
    assert_true(sa_ods_code_valid("8HX01", 5));
    assert_true(sa_ods_code_valid("RXX", 3));
    assert_true(sa_ods_code_valid("5XX", 3));
    assert_true(sa_ods_code_valid("RH802", 5));
    assert_true(sa_ods_code_valid("ABCDEFGH9", 9));
    assert_false(sa_ods_code_valid("8hx01", 5)); /* lower case is refused, not folded */
    assert_false(sa_ods_code_valid("RX", 2));
    assert_false(sa_ods_code_valid("ABCDEFGHIJ", 10));
    assert_false(sa_ods_code_valid("8HX-1", 5));
    assert_false(sa_ods_code_valid("8HX 1", 5));
}

static void test_mask(void **state)
{
    (void)state;
    char out[24];
    sa_mask_identifier("9434765919", 10, out, sizeof out);
    assert_string_equal(out, "943*******");
    sa_mask_identifier("AB12", 4, out, sizeof out);
    assert_string_equal(out, "****");
    sa_mask_identifier("9434765919", 10, out, 5);
    assert_string_equal(out, "943*");
    sa_mask_identifier("", 0, out, sizeof out);
    assert_string_equal(out, "");
    /* Characters, not bytes: a mask never cuts a UTF-8 sequence, one star each. */
    sa_mask_identifier("Zo\xC3\xAB Smith", 10, out, sizeof out);
    assert_string_equal(out, "Zo\xC3\xAB******");
    sa_mask_identifier("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 16, out, sizeof out);
    assert_string_equal(out, "\xC3\xA9\xC3\xA9\xC3\xA9*****");
    /* Too small for the kept character: stop before it rather than cut it. */
    sa_mask_identifier("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 16, out, 4);
    assert_string_equal(out, "\xC3\xA9");
    /* A CHI number keeps no digit (the first six are a date of birth); an NHS number its first three. */
    sa_column chi = col_of(SA_COL_CHI_NUMBER), nhs = col_of(SA_COL_NHS_NUMBER);
    sa_mask_cell(&chi, "0211165794", 10, out, sizeof out);
    assert_string_equal(out, "**********");
    sa_mask_cell(&chi, "Zo\xC3\xAB", 4, out, sizeof out);
    assert_string_equal(out, "***");
    sa_mask_cell(&nhs, "9434765919", 10, out, sizeof out);
    assert_string_equal(out, "943*******");
}

static void test_int_range(void **state)
{
    (void)state;
    sa_column c = col_of(SA_COL_INT);
    sa_value v;
    assert_true(ok(&c, "-9223372036854775808", &v));
    assert_true(v.as.i == INT64_MIN);
    assert_true(ok(&c, "9223372036854775807", &v));
    assert_true(v.as.i == INT64_MAX);
    const char *exp = NULL;
    assert_false(sa_value_decode(&c, "9223372036854775808", 19, &v, &exp));
    assert_false(sa_value_decode(&c, "-9223372036854775809", 20, &v, &exp));
}

static void test_dates(void **state)
{
    (void)state;
    sa_column c = col_of(SA_COL_DATE);
    sa_value v;
    sa_date d;
    assert_true(ok(&c, "2008-02-29", &v)); /* leap year */
    sa_date_from_ymd(2008, 2, 29, &d);
    assert_int_equal(v.kind, SA_VAL_DATE);
    assert_int_equal(v.as.date, d);
    assert_false(ok(&c, "2007-02-29", &v)); /* not a leap year */
    assert_false(ok(&c, "1900-02-29", &v)); /* century, not leap */
    assert_true(ok(&c, "2000-02-29", &v));  /* 400-year leap */
    assert_false(ok(&c, "2007-04-31", &v));
    assert_false(ok(&c, "2007-13-01", &v));
    assert_false(ok(&c, "2007-4-1", &v));
    assert_false(ok(&c, "05/06/2007", &v)); /* ISO column: UK form refused */
    assert_false(ok(&c, "2007-06-05T10:00", &v));
    /* Bank holidays are ordinary dates to the decoder (Christmas, Easter Monday 2008). */
    assert_true(ok(&c, "2007-12-25", &v));
    assert_true(ok(&c, "2008-03-24", &v));

    c.format = "dd/mm/yyyy";
    assert_true(ok(&c, "05/06/2007", &v));
    sa_date_from_ymd(2007, 6, 5, &d);
    assert_int_equal(v.as.date, d);
    assert_true(ok(&c, "5/6/2007", &v));
    assert_int_equal(v.as.date, d);
    assert_true(ok(&c, "2007-06-05", &v)); /* ISO is unambiguous: still accepted */
    assert_int_equal(v.as.date, d);
    assert_false(ok(&c, "31/02/2007", &v));
    assert_false(ok(&c, "29/02/2007", &v));
    assert_true(ok(&c, "29/02/2008", &v));
    assert_false(ok(&c, "05/06/07", &v));
    assert_false(ok(&c, "05-06-2007", &v));
    const char *exp = NULL;
    assert_false(sa_value_decode(&c, "31/02/2007", 10, &v, &exp));
    assert_string_equal(exp, "a date like 2007-06-05 or 05/06/2007");
}

static void test_datetimes(void **state)
{
    (void)state;
    sa_column c = col_of(SA_COL_DATETIME);
    sa_value v;
    sa_date d;
    assert_true(ok(&c, "2007-06-05T14:30", &v));
    sa_date_from_ymd(2007, 6, 5, &d);
    assert_int_equal(v.kind, SA_VAL_DATETIME);
    assert_int_equal(v.as.dt, sa_datetime_make(d, 14 * 3600 + 30 * 60));
    assert_true(ok(&c, "2007-06-05 14:30:15", &v));
    assert_int_equal(v.as.dt, sa_datetime_make(d, 14 * 3600 + 30 * 60 + 15));
    /* 24:00 is the end of the day, i.e. midnight of the next */
    assert_true(ok(&c, "2007-06-05T24:00", &v));
    assert_int_equal(v.as.dt, sa_datetime_make(d + 1, 0));
    assert_false(ok(&c, "2007-06-05T24:01", &v));
    assert_false(ok(&c, "2007-06-05T25:00", &v));
    assert_false(ok(&c, "2007-06-05T12:60", &v));
    assert_false(ok(&c, "2007-06-05", &v));
    assert_false(ok(&c, "05/06/2007 14:30", &v));

    c.format = "dd/mm/yyyy HH:MM";
    assert_true(ok(&c, "05/06/2007 14:30", &v));
    assert_int_equal(v.as.dt, sa_datetime_make(d, 14 * 3600 + 30 * 60));
    assert_true(ok(&c, "5/6/2007 9:05", &v));
    assert_int_equal(v.as.dt, sa_datetime_make(d, 9 * 3600 + 5 * 60));
    assert_true(ok(&c, "05/06/2007 24:00", &v));
    assert_int_equal(v.as.dt, sa_datetime_make(d + 1, 0));
    assert_true(ok(&c, "05/06/2007 14:30:59", &v));
    assert_true(ok(&c, "2007-06-05T14:30", &v));
    assert_false(ok(&c, "29/02/2007 10:00", &v));
    assert_false(ok(&c, "05/06/2007", &v));
    assert_false(ok(&c, "05/06/2007 14:3", &v));
    assert_false(ok(&c, "05/06/2007 24:30", &v));
}

/* The day numbers of the table-driven sa_date_from_ymd follow one another and agree with
 * Hinnant's sa_date_to_ymd on every day of years around each leap rule, and on each
 * 28 February, 29 February and 1 March from year 1 to 9999. */
static void test_day_numbers(void **state)
{
    (void)state;
    static const int spans[][2] = {{1, 3}, {1599, 1601}, {1899, 1901}, {1969, 1971}, {1999, 2001}, {2099, 2101}, {9998, 9999}};
    for (size_t k = 0; k < sizeof spans / sizeof spans[0]; k++) {
        sa_date prev = SA_DATE_NONE;
        for (int y = spans[k][0]; y <= spans[k][1]; y++)
            for (int m = 1; m <= 12; m++)
                for (int d = 1; d <= sa_days_in_month(y, m); d++) {
                    sa_date z;
                    int yy, mm, dd;
                    assert_true(sa_date_from_ymd(y, m, d, &z));
                    assert_true(prev == SA_DATE_NONE || z == prev + 1);
                    sa_date_to_ymd(z, &yy, &mm, &dd);
                    assert_true(yy == y && mm == m && dd == d);
                    prev = z;
                }
    }
    for (int y = 1; y <= 9999; y++) {
        sa_date feb28, leap, mar1;
        int yy, mm, dd;
        assert_true(sa_date_from_ymd(y, 2, 28, &feb28) && sa_date_from_ymd(y, 3, 1, &mar1));
        assert_int_equal(sa_date_from_ymd(y, 2, 29, &leap), sa_is_leap_year(y));
        assert_int_equal(mar1 - feb28, sa_is_leap_year(y) ? 2 : 1);
        sa_date_to_ymd(mar1, &yy, &mm, &dd);
        assert_true(yy == y && mm == 3 && dd == 1);
    }
    sa_date z;
    assert_true(sa_date_from_ymd(1970, 1, 1, &z));
    assert_int_equal(z, 0);
    /* the last month read is remembered: a month number past 12 that would share its key is not it */
    assert_true(sa_date_from_ymd(2007, 4, 30, &z));
    assert_false(sa_date_from_ymd(2006, 20, 1, &z)); /* 2006 * 16 + 20 == 2007 * 16 + 4 */
    assert_false(sa_date_from_ymd(2007, 4, 31, &z));
    assert_false(sa_date_from_ymd(2007, 4, 0, &z));
    assert_false(sa_date_from_ymd(0, 12, 31, &z));
    assert_false(sa_date_from_ymd(10000, 1, 1, &z));
}

/* The fixed-width ISO readers check eight bytes at a time: every byte of a date and a
 * datetime replaced by each of the 256 values is accepted exactly when a byte-by-byte
 * reading of the form accepts it. */
static bool iso_shape_ok(const char *s, size_t len)
{
    static const char shape[] = "dddd-dd-ddTdd:dd";
    for (size_t i = 0; i < len; i++) {
        bool ok_byte = shape[i] == 'd' ? (s[i] >= '0' && s[i] <= '9')
                       : shape[i] == 'T' ? (s[i] == 'T' || s[i] == ' ')
                                         : s[i] == shape[i];
        if (!ok_byte)
            return false;
    }
    return true;
}

static void test_iso_bytes(void **state)
{
    (void)state;
    const char *forms[] = {"2007-06-05", "2007-06-05T14:30"};
    for (size_t f = 0; f < 2; f++) {
        size_t len = strlen(forms[f]);
        for (size_t i = 0; i < len; i++) {
            for (int b = 0; b < 256; b++) {
                char s[17];
                memcpy(s, forms[f], len + 1);
                s[i] = (char)b;
                int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
                int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
                bool want = iso_shape_ok(s, len) && y >= 1 && m >= 1 && m <= 12 && d >= 1 &&
                            d <= sa_days_in_month(y, m);
                if (want && len == 16)
                    want = (s[11] - '0') * 10 + (s[12] - '0') < 24 && (s[14] - '0') * 10 + (s[15] - '0') <= 59;
                sa_date z;
                sa_datetime dt;
                bool got = len == 10 ? sa_date_parse_iso(s, len, &z) : sa_datetime_parse_iso(s, len, &dt);
                if (got != want)
                    fail_msg("%s with byte %zu = 0x%02X: parsed %d, expected %d", forms[f], i, b, got, want);
            }
        }
    }
    sa_datetime dt, want;
    sa_date d;
    assert_true(sa_date_from_ymd(2007, 6, 5, &d));
    assert_true(sa_datetime_parse_iso("2007-06-05 09:07", 16, &dt));
    assert_int_equal(dt, sa_datetime_make(d, 9 * 3600 + 7 * 60));
    assert_true(sa_datetime_parse_iso("2007-06-05T09:07:08.25Z", 23, &dt));
    want = sa_datetime_make(d, 10 * 3600 + 7 * 60 + 8); /* 09:07:08 UTC is 10:07:08 BST */
    assert_int_equal(dt, want);
    assert_true(sa_datetime_parse_iso("2007-06-05T09:07+01:00", 22, &dt));
    assert_int_equal(dt, sa_datetime_make(d, 9 * 3600 + 7 * 60));
    assert_false(sa_datetime_parse_iso("2007-06-05T09:07:", 17, &dt));
    assert_false(sa_datetime_parse_iso("2007-06-05T09:07:08.", 20, &dt));
    assert_false(sa_datetime_parse_iso("2007-06-05T09:07+1:00", 21, &dt));
    assert_false(sa_datetime_parse_iso("2007-06-05t09:07", 16, &dt));
}

/* "YYYY-MM-DDTHH:MM" is read through the month of the cell before: a run of days across
 * month, year and leap-day boundaries, with other date readers and bad cells in between,
 * reads as the calendar says. */
static void test_iso_minute_months(void **state)
{
    (void)state;
    sa_date first;
    assert_true(sa_date_from_ymd(1999, 12, 1, &first));
    for (int k = 0; k < 500; k++) {
        int y, m, d;
        sa_date_to_ymd(first + k, &y, &m, &d);
        char s[32];
        int h = k * 7 % 24, mi = k * 13 % 60;
        snprintf(s, sizeof s, "%04d-%02d-%02dT%02d:%02d", y, m, d, h, mi);
        sa_datetime dt;
        assert_true(sa_datetime_parse_iso(s, 16, &dt));
        assert_int_equal(dt, sa_datetime_make(first + k, h * 3600 + mi * 60));
        /* the day after the month's last, in the same month: not a date */
        snprintf(s, sizeof s, "%04d-%02d-%02dT00:00", y, m, sa_days_in_month(y, m) + 1);
        assert_false(sa_datetime_parse_iso(s, 16, &dt));
        if (k % 3 == 0) { /* another month through the other readers */
            sa_date other;
            assert_true(sa_date_from_ymd(2010 + k % 7, 1 + k % 12, 1, &other));
        }
    }
    sa_datetime dt, want;
    sa_date d;
    assert_true(sa_datetime_parse_iso("2007-02-28T10:00", 16, &dt));
    assert_false(sa_datetime_parse_iso("2007-02-29T10:00", 16, &dt));
    assert_false(sa_datetime_parse_iso("2007-02-00T10:00", 16, &dt));
    assert_false(sa_datetime_parse_iso("2007-02-28T10:60", 16, &dt));
    assert_false(sa_datetime_parse_iso("2007-02-28T25:00", 16, &dt));
    assert_true(sa_datetime_parse_iso("2008-02-29T10:00", 16, &dt));
    assert_true(sa_date_from_ymd(2008, 3, 1, &d));
    assert_true(sa_datetime_parse_iso("2008-02-29T24:00", 16, &want)); /* the end of the day */
    assert_int_equal(want, sa_datetime_make(d, 0));
    assert_false(sa_datetime_parse_iso("2008-13-01T10:00", 16, &dt));
    assert_false(sa_datetime_parse_iso("0000-01-01T10:00", 16, &dt));
}

static void test_numbers(void **state)
{
    (void)state;
    sa_column c = col_of(SA_COL_INT);
    sa_value v;
    assert_true(ok(&c, "42", &v));
    assert_int_equal(v.kind, SA_VAL_INT);
    assert_int_equal(v.as.i, 42);
    assert_true(ok(&c, "-7", &v));
    assert_int_equal(v.as.i, -7);
    assert_true(ok(&c, "+7", &v));
    assert_true(ok(&c, "9223372036854775807", &v));
    assert_false(ok(&c, "9223372036854775808", &v));
    assert_false(ok(&c, "4.0", &v));
    assert_false(ok(&c, "1e3", &v));
    assert_false(ok(&c, " 4", &v));
    assert_false(ok(&c, "-", &v));
    c.has_min = c.has_max = true;
    c.min = 0;
    c.max = 120;
    assert_true(ok(&c, "0", &v));
    assert_true(ok(&c, "120", &v));
    const char *exp = NULL;
    assert_false(sa_value_decode(&c, "121", 3, &v, &exp));
    assert_non_null(strstr(exp, "min and max"));

    sa_column d = col_of(SA_COL_DECIMAL);
    assert_true(ok(&d, "3.5", &v));
    assert_int_equal(v.kind, SA_VAL_DECIMAL);
    assert_true(v.as.d == 3.5);
    assert_true(ok(&d, "-0.25", &v));
    assert_true(v.as.d == -0.25);
    assert_true(ok(&d, ".5", &v));
    assert_true(ok(&d, "12", &v));
    assert_false(ok(&d, "1.", &v));
    assert_false(ok(&d, "1,5", &v));
    assert_false(ok(&d, "NaN", &v));
    assert_false(ok(&d, "inf", &v));
    assert_false(ok(&d, "1e5", &v));
}


/* A cell and the index of the enum value it decodes to (-1: refused). */
typedef struct {
    const char *cell;
    int index;
} enum_cell;

/* The scan's enum decoder on each cell: decoded to the index given, or refused. */
static void enum_cells(const sa_column *col, const ret_pattern *pat, const enum_cell *cells, size_t n)
{
    ret_decode_fn dec = ret_decoder_for(col, RET_DATE_ISO);
    for (size_t i = 0; i < n; i++) {
        char cell[64];
        size_t len = strlen(cells[i].cell);
        memcpy(cell, cells[i].cell, len + 1);
        uint64_t detail = 0;
        sa_value v;
        ret_fail f = dec(col, pat, cell, len, &v, &detail);
        assert_int_equal(f == RET_OK, cells[i].index >= 0);
        if (f == RET_OK)
            assert_int_equal(v.enum_index, cells[i].index);
    }
}
static void test_bool_enum_duration(void **state)
{
    (void)state;
    sa_column b = col_of(SA_COL_BOOL);
    sa_value v;
    const char *yes[] = {"true", "TRUE", "True", "yes", "Yes", "y", "Y", "1"};
    const char *no[] = {"false", "FALSE", "no", "NO", "n", "N", "0"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        assert_true(ok(&b, yes[i], &v));
        assert_int_equal(v.kind, SA_VAL_BOOL);
        assert_true(v.as.b);
    }
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
        assert_true(ok(&b, no[i], &v));
        assert_false(v.as.b);
    }
    assert_false(ok(&b, "2", &v));
    assert_false(ok(&b, "yess", &v));
    assert_false(ok(&b, "t", &v));

    static const char *vals[] = {"urgent", "routine"};
    sa_column e = col_of(SA_COL_ENUM);
    e.values = vals;
    e.nvalues = 2;
    assert_true(ok(&e, "routine", &v));
    assert_int_equal(v.enum_index, 1);
    assert_int_equal(v.kind, SA_VAL_STRING);
    assert_false(ok(&e, "Routine", &v)); /* case-sensitive */
    assert_false(ok(&e, "urgen", &v));

    /* The scan's enum decoder (values' lengths known): cells of up to 16 bytes by word loads,
     * longer ones by the general comparison, each naming its value's index. */
    static const char *long_vals[] = {"urgent", "routine", "hospice_at_home_team_referral"};
    static const size_t long_lens[] = {6, 7, 29};
    e.values = long_vals;
    e.nvalues = 3;
    ret_pattern pat = {.enum_lens = long_lens};
    static const enum_cell cells[] = {
        {"routine", 1}, {"urgent", 0}, {"hospice_at_home_team_referral", 2},
        {"hospice_at_home_team_referraL", -1}, {"urgen", -1}, {"routines", -1}};
    enum_cells(&e, &pat, cells, sizeof cells / sizeof cells[0]);
    /* the same through the table of slots (a cell compared with the one value its slot names) */
    uint8_t slots[RET_ENUM_SLOTS];
    assert_true(ret_enum_slots_fill(&e, long_lens, slots));
    pat.enum_slots = slots;
    enum_cells(&e, &pat, cells, sizeof cells / sizeof cells[0]);
    /* values of one length and the same first and last bytes share a slot: tried in turn */
    static const char *alike[] = {"abc", "axc", "routine"};
    static const size_t alike_lens[] = {3, 3, 7};
    e.values = alike;
    e.nvalues = 3;
    pat.enum_lens = alike_lens;
    assert_true(ret_enum_slots_fill(&e, alike_lens, slots));
    static const enum_cell alike_cells[] = {
        {"axc", 1}, {"abc", 0}, {"ayc", -1}, {"routine", 2}, {"routinE", -1}};
    enum_cells(&e, &pat, alike_cells, sizeof alike_cells / sizeof alike_cells[0]);

    sa_column du = col_of(SA_COL_DURATION);
    assert_true(ok(&du, "4h", &v));
    assert_int_equal(v.kind, SA_VAL_DURATION);
    assert_int_equal(v.as.seconds, 4 * 3600);
    assert_true(ok(&du, "1h30m", &v));
    assert_int_equal(v.as.seconds, 5400);
    assert_true(ok(&du, "PT4H", &v));
    assert_true(ok(&du, "00:30", &v));
    assert_int_equal(v.as.seconds, 1800);
    assert_false(ok(&du, "90", &v));
    assert_false(ok(&du, "4 hours", &v));
}

static void test_strings(void **state)
{
    (void)state;
    sa_column s = col_of(SA_COL_STRING);
    sa_value v;
    assert_true(ok(&s, "anything at all", &v));
    assert_int_equal(v.as.str.len, 15);
    assert_true(ok(&s, "caf\xC3\xA9", &v));
    assert_false(ok(&s, "caf\xE9", &v));           /* Latin-1, not UTF-8 */
    assert_false(ok(&s, "\xC0\xAF", &v));          /* overlong */
    assert_false(ok(&s, "\xED\xA0\x80", &v));      /* surrogate */
    assert_false(ok(&s, "abc\xE2\x82", &v));       /* truncated sequence */
    s.max_length = 4;
    assert_true(ok(&s, "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", &v)); /* 4 code points, 8 bytes */
    assert_false(ok(&s, "abcde", &v));

    /* pattern: anchored full match, whatever the pattern says */
    sa_column p = col_of(SA_COL_STRING);
    p.pattern = "[A-Z]+|[A-Z]+[0-9]";
    int err;
    PCRE2_SIZE off;
    p.pattern_code = pcre2_compile((PCRE2_SPTR)p.pattern, PCRE2_ZERO_TERMINATED, 0, &err, &off, NULL);
    assert_non_null(p.pattern_code);
    assert_true(ok(&p, "AB", &v));
    assert_true(ok(&p, "AB1", &v)); /* needs backtracking into the second branch */
    assert_false(ok(&p, "xAB", &v));
    assert_false(ok(&p, "AB1x", &v));
    pcre2_code_free(p.pattern_code);

    /* empty cells decode to EMPTY for every type */
    sa_col_type types[] = {SA_COL_STRING, SA_COL_INT, SA_COL_DATE, SA_COL_NHS_NUMBER, SA_COL_BOOL};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        sa_column c = col_of(types[i]);
        assert_true(ok(&c, "", &v));
        assert_int_equal(v.kind, SA_VAL_EMPTY);
    }
}

/* ---- the file scan ---------------------------------------------------------- */

static const char *urgency_values[] = {"urgent", "routine"};

static sa_column ref_columns[] = {
    {.name = "referral_id", .type = SA_COL_STRING, .required = true, .unique = true},
    {.name = "provider", .type = SA_COL_ODS_CODE, .required = true},
    {.name = "nhs_number", .type = SA_COL_NHS_NUMBER, .identifier = true},
    {.name = "received_at", .type = SA_COL_DATETIME, .required = true, .format = "dd/mm/yyyy HH:MM"},
    {.name = "urgency", .type = SA_COL_ENUM, .values = urgency_values, .nvalues = 2},
    {.name = "age", .type = SA_COL_INT, .has_min = true, .min = 0, .has_max = true, .max = 120},
};

static sa_dataset ref_dataset = {.name = "referrals", .columns = ref_columns, .ncolumns = 6,
                                 .provider_column = 1};

static char *write_tmp(const char *content)
{
    char *path = strdup("/tmp/sa_test_decode_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t len = strlen(content);
    assert_int_equal(write(fd, content, len), (ssize_t)len);
    close(fd);
    return path;
}

typedef struct collected {
    uint64_t rows;
    uint64_t invalid;
    const char *providers[8];
    uint64_t records[8];
    bool valid[8];
    char nhs[8][16];
} collected;

static int collect(void *ctx, const sa_row *row)
{
    collected *c = ctx;
    if (c->rows < 8) {
        c->providers[c->rows] = row->provider;
        c->records[c->rows] = row->record;
        c->valid[c->rows] = row->valid;
        const sa_value *v = &row->values[2];
        if (v->kind == SA_VAL_STRING)
            snprintf(c->nhs[c->rows], sizeof c->nhs[0], "%.*s", (int)v->as.str.len, v->as.str.ptr);
    }
    c->rows++;
    c->invalid += !row->valid;
    return 0;
}

/* Finds the stored diagnostic with `code` at row:col; fails the test when absent. */
static const sa_diag *find(const sa_diags *d, const char *code, uint32_t line, uint32_t col)
{
    for (size_t i = 0; i < sa_diags_count(d); i++) {
        const sa_diag *g = sa_diags_at(d, i);
        if (strcmp(g->code, code) == 0 && g->pos.line == line && g->pos.col == col)
            return g;
    }
    fail_msg("no %s at %u:%u", code, line, col);
    return NULL;
}

static void test_scan_rows(void **state)
{
    (void)state;
    char *path = write_tmp("referral_id,provider,nhs_number,received_at,urgency,age,extra\n"
                           "R1,8HX01,999 000 0018,05/06/2007 14:30,urgent,80,x\n"
                           "R2,8HX01,9990000019,31/02/2007 10:00,soon,130,x\n"
                           "R1,RXX,,2007-06-06T09:00,routine,,x\n"
                           ",8hx01,,05/06/2007 10:00,,,x\n"
                           "R5,RXX\n"
                           "\n"
                           "R6,RXX,9990000026,05/06/2007 10:00,urgent,1,x,y\n");
    sa_return_file f = {path, &ref_dataset};
    sa_diags *d = sa_diags_new();
    sa_scan_options o;
    sa_scan_options_default(&o);
    assert_true(o.check_unique);
    assert_false(o.show_identifiers);
    sa_strmap *providers = sa_strmap_new(8);
    o.providers = providers;
    collected c;
    memset(&c, 0, sizeof c);
    sa_scan_stats st;
    assert_int_equal(sa_returns_scan(&f, &o, collect, &c, &st, d), 0);
    assert_int_equal(st.rows, 6);
    assert_int_equal(c.rows, 6);
    assert_int_equal(st.bad_rows, 5);
    assert_true(c.valid[0]);
    assert_int_equal(c.records[0], 2);
    assert_int_equal(c.records[5], 8);
    /* NHS number written 3-3-4 reaches the engine as 10 digits */
    assert_string_equal(c.nhs[0], "9990000018");
    /* provider codes are interned: same pointer for the same code */
    assert_non_null(c.providers[0]);
    assert_ptr_equal(c.providers[0], c.providers[1]);
    assert_ptr_equal(c.providers[2], sa_strmap_intern(providers, "RXX", 3, NULL));
    assert_null(c.providers[3]); /* lower-case code failed to decode */

    find(d, "W-RET-UNKNOWN-COLUMN", 1, 7);
    const sa_diag *g = find(d, "E-RET-BAD-NHS-NUMBER", 3, 3);
    assert_null(strstr(g->message, "9990000019")); /* identifier masked */
    assert_non_null(strstr(g->message, "\"999*******\""));
    g = find(d, "E-RET-BAD-DATETIME", 3, 4);
    assert_string_equal(g->message, "column received_at: expected a date and time like 2007-06-05T14:30 or "
                                    "05/06/2007 14:30, found \"31/02/2007 10:00\"");
    g = find(d, "E-RET-BAD-ENUM", 3, 5);
    assert_string_equal(g->message, "column urgency: expected one of urgent, routine, found \"soon\"");
    g = find(d, "E-RET-OUT-OF-RANGE", 3, 6);
    assert_string_equal(g->message, "column age: expected a number from 0 to 120, found \"130\"");
    g = find(d, "E-RET-DUPLICATE", 4, 1);
    assert_string_equal(g->message, "column referral_id: expected a value unique in the file, found the value of row 2 again");
    find(d, "E-RET-REQUIRED", 5, 1);
    find(d, "E-RET-BAD-ODS-CODE", 5, 2);
    find(d, "E-RET-ROW-WIDTH", 6, 3);
    find(d, "W-RET-BLANK-ROW", 7, 1);
    find(d, "E-RET-ROW-WIDTH", 8, 8); /* first cell past the header */
    sa_diags_free(d);
    sa_strmap_free(providers);
    unlink(path);
    free(path);
}

/* A return of `rows` rows whose notes hold commas, quotes and line breaks, so that
 * blocks of a split read start inside quoted fields. */
static char *write_quoted_return(int rows, const char *tail)
{
    sa_buf b = {0};
    sa_buf_puts(&b, "referral_id,provider,nhs_number,received_at,urgency,age\n");
    for (int i = 1; i <= rows; i++)
        sa_buf_printf(&b, "R%d,8HX0%d,,05/06/2007 14:30,%s,%d\n", i, i % 3,
                      i % 4 ? "urgent" : "\"rout,\"\"ine\r\nx\"", i % 100);
    sa_buf_puts(&b, tail);
    char *path = write_tmp(sa_buf_cstr(&b));
    sa_buf_free(&b);
    return path;
}

static int stop_at_first(void *ctx, const sa_row *row)
{
    (void)ctx;
    (void)row;
    return 1;
}

/* The checksum taken while reading is the file's, read whole or in many parts on three
 * threads, also when the file turns out to be broken at its end (an unterminated quote: read
 * to the end, then by one reader); a file not read to its end has none. */
static void test_scan_checksum(void **state)
{
    (void)state;
    char *path = write_quoted_return(3000, "R9,8HX01,,05/06/2007 14:30,urgent,1\n");
    char *broken = write_quoted_return(3000, "R9,8HX01,,\"05/06/2007 14:30,urgent,1\n");
    char want[SA_SHA256_HEX_LEN + 1], want_broken[SA_SHA256_HEX_LEN + 1];
    sa_diags *d = sa_diags_new();
    assert_int_equal(sa_sha256_file(path, want, NULL, d), 0);
    assert_int_equal(sa_sha256_file(broken, want_broken, NULL, d), 0);
    sa_scan_options o;
    sa_scan_options_default(&o);
    sa_scan_stats st;
    sa_return_file f = {path, &ref_dataset};
    assert_int_equal(sa_returns_scan(&f, &o, NULL, NULL, &st, d), 0);
    assert_string_equal(st.sha256, ""); /* not asked for */
    o.checksum = true;
    assert_int_equal(sa_returns_scan(&f, &o, NULL, NULL, &st, d), 0);
    assert_string_equal(st.sha256, want);
    sa_return_file files[2] = {{path, &ref_dataset}, {broken, &ref_dataset}};
    sa_scan_stats sts[2];
    int rc[2];
    sa_diags *ds[2] = {sa_diags_new(), sa_diags_new()};
    for (uint64_t block = 61; block <= 4099; block = block * 4 + 1) {
        o.split_bytes = block; /* about 2 300 blocks down to 35 */
        sa_returns_scan_files(files, 2, &o, 3, NULL, sts, rc, ds);
        assert_int_equal(rc[0], 0);
        assert_int_equal(sts[0].rows, 3001);
        assert_string_equal(sts[0].sha256, want);
        assert_int_equal(rc[1], -1);
        assert_string_equal(sts[1].sha256, want_broken);
    }
    char *big = write_quoted_return(40000, ""); /* past the reader's 1 MiB buffer */
    sa_return_file fb = {big, &ref_dataset};
    assert_int_equal(sa_returns_scan(&fb, &o, stop_at_first, NULL, &st, d), 0);
    assert_int_equal(st.rows, 1);
    assert_string_equal(st.sha256, ""); /* stopped at its first row */
    unlink(big);
    free(big);
    for (int i = 0; i < 2; i++)
        sa_diags_free(ds[i]);
    sa_diags_free(d);
    unlink(path);
    unlink(broken);
    free(path);
    free(broken);
}

static void test_scan_show_identifiers(void **state)
{
    (void)state;
    char *path = write_tmp("referral_id,provider,nhs_number,received_at\nR1,8HX01,9990000019,2007-06-05T10:00\n");
    sa_return_file f = {path, &ref_dataset};
    sa_diags *d = sa_diags_new();
    sa_scan_options o;
    sa_scan_options_default(&o);
    o.show_identifiers = true;
    assert_int_equal(sa_returns_scan(&f, &o, NULL, NULL, NULL, d), 0);
    const sa_diag *g = find(d, "E-RET-BAD-NHS-NUMBER", 2, 3);
    assert_non_null(strstr(g->message, "\"9990000019\""));
    sa_diags_free(d);
    unlink(path);
    free(path);
}

static void test_scan_header(void **state)
{
    (void)state;
    char *path = write_tmp("\xEF\xBB\xBFprovider,referral_id,provider\r\n8HX01,R1,8HX01\r\n");
    sa_return_file f = {path, &ref_dataset};
    sa_diags *d = sa_diags_new();
    assert_int_equal(sa_returns_scan(&f, NULL, NULL, NULL, NULL, d), 0);
    find(d, "E-RET-DUPLICATE-COLUMN", 1, 3);
    const sa_diag *g = find(d, "E-RET-MISSING-COLUMN", 1, 0);
    assert_non_null(strstr(g->message, "received_at"));
    assert_int_equal(sa_diags_total_code(d, "E-RET-MISSING-COLUMN"), 1);
    sa_diags_free(d);
    unlink(path);
    free(path);

    path = write_tmp("");
    f.path = path;
    d = sa_diags_new();
    assert_int_equal(sa_returns_scan(&f, NULL, NULL, NULL, NULL, d), 0);
    assert_int_equal(sa_diags_total_code(d, "E-RET-EMPTY-FILE"), 1);
    sa_diags_free(d);
    unlink(path);
    free(path);

    f.path = "/nonexistent/x.csv";
    d = sa_diags_new();
    assert_int_equal(sa_returns_scan(&f, NULL, NULL, NULL, NULL, d), -1);
    assert_true(sa_diags_has_errors(d));
    sa_diags_free(d);
}

/* Many rows: repeats are found across sorted runs, reported in row order, so a capped list keeps the first. */
/* A header cell holding a NUL byte ("no\0te") is an error at its column, not
 * a name cut short at the NUL; the column is ignored. */
static void test_scan_header_nul(void **state)
{
    (void)state;
    const char text[] = "referral_id,provider,received_at,ag\0e\nR1,8HX01,2007-06-05T10:00,7\n";
    char *path = strdup("/tmp/sa_test_decode_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fd);
    sa_return_file f = {path, &ref_dataset};
    sa_diags *d = sa_diags_new();
    assert_int_equal(sa_returns_scan(&f, NULL, NULL, NULL, NULL, d), 0);
    const sa_diag *g = find(d, "E-RET-HEADER-NUL", 1, 4);
    assert_non_null(strstr(g->message, "\"ag\\x00e\""));
    assert_int_equal(sa_diags_total_code(d, "W-RET-UNKNOWN-COLUMN"), 0);
    assert_int_equal(sa_diags_total(d, SA_SEV_ERROR), 1);
    sa_diags_free(d);
    unlink(path);
    free(path);
}

static void test_scan_unique_many(void **state)
{
    (void)state;
    char path[] = "/tmp/sa_test_decode_many_XXXXXX";
    int fd = mkstemp(path);
    FILE *fp = fdopen(fd, "w");
    fputs("referral_id,provider,received_at\n", fp);
    for (int i = 0; i < 60000; i++)
        fprintf(fp, "R%d,8HX01,2007-06-05T10:00\n", i);
    for (int i = 0; i < 300; i++)
        fprintf(fp, "R%d,8HX01,2007-06-05T10:00\n", i * 7);
    fclose(fp);
    sa_return_file f = {path, &ref_dataset};
    sa_diags *d = sa_diags_new();
    sa_diags_set_max_per_code(d, 10);
    sa_scan_stats st;
    assert_int_equal(sa_returns_scan(&f, NULL, NULL, NULL, &st, d), 0);
    assert_int_equal(st.rows, 60300);
    assert_int_equal(st.bad_rows, 300);
    assert_int_equal(sa_diags_total_code(d, "E-RET-DUPLICATE"), 300);
    assert_int_equal(sa_diags_count(d), 10);
    find(d, "E-RET-DUPLICATE", 60002, 1);
    sa_diags_free(d);
    unlink(path);
}

static sa_column two_unique_columns[] = {
    {.name = "a", .type = SA_COL_STRING, .unique = true},
    {.name = "b", .type = SA_COL_INT, .unique = true},
    {.name = "c", .type = SA_COL_INT},
};

static int count_rows(void *ctx, const sa_row *row)
{
    uint64_t *n = ctx;
    n[0]++;
    n[1] += !row->valid;
    return 0;
}

/* A row is counted bad once, whether it repeats one unique value, two, or has other errors too;
 * with and without a row callback (without one, unique values are checked in batches). */
static void test_scan_duplicates_counted_once(void **state)
{
    (void)state;
    char *path = write_tmp("a,b,c\n"
                           "x,1,1\n"
                           "y,2,2\n"
                           "x,1,3\n"   /* both repeated */
                           "y,5,bad\n" /* repeated and a bad int */
                           "z,3,4\n");
    sa_dataset ds = {.name = "t", .columns = two_unique_columns, .ncolumns = 3, .provider_column = -1};
    sa_return_file f = {path, &ds};
    for (int with_callback = 0; with_callback < 2; with_callback++) {
        sa_diags *d = sa_diags_new();
        sa_scan_stats st;
        uint64_t seen[2] = {0, 0};
        assert_int_equal(sa_returns_scan(&f, NULL, with_callback ? count_rows : NULL, seen, &st, d), 0);
        assert_int_equal(st.rows, 5);
        assert_int_equal(st.bad_rows, 2);
        assert_int_equal(sa_diags_total_code(d, "E-RET-DUPLICATE"), 3);
        find(d, "E-RET-DUPLICATE", 4, 1);
        find(d, "E-RET-DUPLICATE", 4, 2);
        find(d, "E-RET-DUPLICATE", 5, 1);
        find(d, "E-RET-BAD-INT", 5, 3);
        if (with_callback) {
            assert_int_equal(seen[0], 5);
            assert_int_equal(seen[1], 1); /* the bad int; repeats are found after the pass */
        }
        sa_diags_free(d);
    }
    unlink(path);
    free(path);
}

typedef struct dup_seen {
    uint64_t record[16];
    uint64_t first[16];
    uint32_t column[16];
    size_t n;
} dup_seen;

static void on_dup(void *ctx, uint64_t record, uint32_t column, uint64_t first_record, bool row_bad)
{
    dup_seen *d = ctx;
    (void)row_bad;
    if (d->n < 16) {
        d->record[d->n] = record;
        d->first[d->n] = first_record;
        d->column[d->n] = column;
    }
    d->n++;
}

/* Repeats across sorted runs spilled to a temporary file: runs of 16 entries
 * (too small for a slice of the hash space: the runs are merged), of 1000
 * (read back slice by slice), and all in memory. */
static void test_unique_runs(void **state)
{
    (void)state;
    const size_t runs[] = {16, 1000, 1000000};
    for (size_t ri = 0; ri < 3; ri++) {
        ret_unique *u = ret_unique_new(runs[ri]);
        uint64_t record = 2;
        for (uint64_t i = 0; i < 10000; i++)
            ret_unique_add(u, sa_hash_bytes(&i, sizeof i), record++, 0, false);
        /* the same hashes in another column are not repeats */
        for (uint64_t i = 0; i < 100; i++)
            ret_unique_add(u, sa_hash_bytes(&i, sizeof i), record++, 1, false);
        uint64_t again[] = {5, 5000, 9999};
        for (size_t k = 0; k < 3; k++)
            ret_unique_add(u, sa_hash_bytes(&again[k], sizeof again[k]), record++, 0, false);
        dup_seen d;
        memset(&d, 0, sizeof d);
        assert_int_equal(ret_unique_finish(u, on_dup, &d), 0);
        assert_int_equal(d.n, 3);
        for (size_t k = 0; k < 3; k++) {
            /* reported in hash order: find each */
            bool found = false;
            for (size_t j = 0; j < 3; j++)
                if (d.record[j] == 10102 + k && d.first[j] == again[k] + 2 && d.column[j] == 0)
                    found = true;
            assert_true(found);
        }
        ret_unique_free(u);
    }
}

/* Every report, in order, for comparing strategies. */
typedef struct dup_log {
    uint64_t (*r)[4]; /* record, column, first record, row_bad */
    size_t n, cap;
} dup_log;

static void on_dup_log(void *ctx, uint64_t record, uint32_t column, uint64_t first_record, bool row_bad)
{
    dup_log *l = ctx;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->r = realloc(l->r, l->cap * sizeof *l->r);
        assert_non_null(l->r);
    }
    l->r[l->n][0] = record;
    l->r[l->n][1] = column;
    l->r[l->n][2] = first_record;
    l->r[l->n][3] = row_bad;
    l->n++;
}

/* The hash of row i: a few hundred distinct values, some repeated many times
 * across runs; the top byte at both ends of the range (the first and last
 * slice); pairs equal in the top 32 bits (the sort key) but not in full. */
static uint64_t mixed_hash(uint64_t i, uint32_t seed)
{
    uint64_t x = (i * 2654435761u + seed) % 700;
    uint64_t h = sa_hash_bytes(&x, sizeof x);
    switch (x % 5) {
    case 0: return h & 0x00FFFFFFFFFFFFFFull;             /* slice 0 */
    case 1: return h | 0xFF00000000000000ull;             /* last slice */
    case 2: return (h & 0xFFFFFFFF00000000ull) | (x & 3); /* same key, 4 full hashes */
    default: return h;
    }
}

static dup_log unique_reports(size_t run, uint32_t seed, size_t rows)
{
    ret_unique *u = ret_unique_new(run);
    for (uint64_t i = 0; i < rows; i++)
        ret_unique_add(u, mixed_hash(i, seed), i + 2, (uint32_t)(i % 7 == 0), i % 11 == 0);
    dup_log l = {0};
    assert_int_equal(ret_unique_finish(u, on_dup_log, &l), 0);
    ret_unique_free(u);
    return l;
}

/* Runs merged by heap (16 entries: slices would not fit), read back slice by
 * slice (256), and all in memory report the same repeats in the same order;
 * each report names the earliest row of its value as the first. */
static void test_unique_strategies_agree(void **state)
{
    (void)state;
    for (uint32_t seed = 1; seed <= 3; seed++) {
        const size_t rows = 6000;
        uint64_t *h = malloc(rows * sizeof *h);
        assert_non_null(h);
        for (size_t i = 0; i < rows; i++)
            h[i] = mixed_hash(i, seed);
        dup_log mem = unique_reports(1000000, seed, rows);
        assert_true(mem.n > 4000); /* ~700 x 2 distinct (value, column) pairs among 6000 rows */
        for (size_t k = 0; k < mem.n; k++) {
            uint64_t rec = mem.r[k][0], first = mem.r[k][2];
            uint32_t col = (uint32_t)mem.r[k][1];
            assert_true(first >= 2 && first < rec && rec < rows + 2);
            assert_int_equal(mem.r[k][3], (rec - 2) % 11 == 0);
            assert_true(h[first - 2] == h[rec - 2] && (uint32_t)((first - 2) % 7 == 0) == col);
            for (uint64_t i = 0; i + 2 < first; i++) /* nothing earlier has the same value and column */
                assert_false(h[i] == h[rec - 2] && (uint32_t)(i % 7 == 0) == col);
        }
        free(h);
        /* 16: slices would not fit, the runs are merged; 1500: the largest
         * slice (a fifth of the rows, 1200) fits, runs are read by slices */
        const size_t runs[] = {16, 1500};
        for (size_t ri = 0; ri < 2; ri++) {
            dup_log l = unique_reports(runs[ri], seed, rows);
            assert_int_equal(l.n, mem.n);
            assert_memory_equal(l.r, mem.r, mem.n * sizeof *mem.r);
            free(l.r);
        }
        free(mem.r);
    }
}

static sa_column rota_columns[] = {
    {.name = "provider", .type = SA_COL_ODS_CODE},
    {.name = "starts_at", .type = SA_COL_DATETIME, .required = true},
    {.name = "ends_at", .type = SA_COL_DATETIME, .required = true},
};

static void test_resolve(void **state)
{
    (void)state;
    const char *globs[] = {"referrals*.csv"};
    sa_dataset ds[2] = {ref_dataset,
                        {.name = "advice_rota", .columns = rota_columns, .ncolumns = 3, .provider_column = 0}};
    ds[0].files = globs;
    ds[0].nfiles = 1;
    sa_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.datasets = ds;
    spec.ndatasets = 2;

    char *rota = write_tmp("provider,starts_at,ends_at\n8HX01,2007-06-05T09:00,2007-06-05T17:00\n");
    char named[300];
    snprintf(named, sizeof named, "advice_rota=%s", rota);
    char *args[] = {"zz/referrals-2007-06.csv", named, rota, "nosuch=x.csv"};
    size_t n = 0;
    sa_diags *d = sa_diags_new();
    sa_return_file *files = sa_returns_resolve(&spec, args, 4, NULL, &n, d);
    assert_int_equal(n, 3);
    /* sorted by path */
    assert_string_equal(files[0].path, rota);
    assert_ptr_equal(files[0].dataset, &ds[1]);
    assert_string_equal(files[1].path, rota);
    assert_ptr_equal(files[1].dataset, &ds[1]); /* matched by its header */
    assert_string_equal(files[2].path, "zz/referrals-2007-06.csv");
    assert_ptr_equal(files[2].dataset, &ds[0]); /* matched by the glob */
    assert_int_equal(sa_diags_total_code(d, "E-RET-UNKNOWN-DATASET"), 1);
    free(files);
    sa_diags_free(d);
    unlink(rota);
    free(rota);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nhs_number),
        cmocka_unit_test(test_chi_number),
        cmocka_unit_test(test_ods_code),
        cmocka_unit_test(test_mask),
        cmocka_unit_test(test_int_range),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_datetimes),
        cmocka_unit_test(test_day_numbers),
        cmocka_unit_test(test_iso_bytes),
        cmocka_unit_test(test_iso_minute_months),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_bool_enum_duration),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_scan_rows),
        cmocka_unit_test(test_scan_checksum),
        cmocka_unit_test(test_scan_show_identifiers),
        cmocka_unit_test(test_scan_header),
        cmocka_unit_test(test_scan_header_nul),
        cmocka_unit_test(test_scan_unique_many),
        cmocka_unit_test(test_scan_duplicates_counted_once),
        cmocka_unit_test(test_unique_runs),
        cmocka_unit_test(test_unique_strategies_agree),
        cmocka_unit_test(test_resolve),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
