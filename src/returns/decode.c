/*
 * decode.c — typed decoding of one cell, and the identifier helpers.
 *
 * Every parser here is hand-written over (ptr, len) without a NUL and without
 * locale: strptime/mktime/strtol would each need a copy, a terminator and the
 * C library's locale and time-zone machinery on the hot path.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "core/datetime.h"
#include "core/regex.h"
#include "returns/returns_private.h"

size_t ret_utf8_check(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        /* ASCII fast path: 8 bytes at a time. */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= len)
            break;
        unsigned c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        unsigned min;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            min = 0x10000;
        } else {
            return i;
        }
        unsigned cp = c & (0x3F >> n);
        for (size_t k = 1; k <= n; k++) {
            if (i + k >= len || (p[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += n + 1;
    }
    return len;
}

static size_t utf8_count(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static inline bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* 1 or 2 digits. */
static bool small_num(const char *s, size_t len, size_t *i, int *out)
{
    if (*i >= len || !is_digit(s[*i]))
        return false;
    int v = s[(*i)++] - '0';
    if (*i < len && is_digit(s[*i]))
        v = v * 10 + (s[(*i)++] - '0');
    *out = v;
    return true;
}

static bool fixed_num(const char *s, size_t n, int *out)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* dd/mm/yyyy with one- or two-digit day and month; sets *used to the bytes read. */
static bool parse_uk_date(const char *s, size_t len, size_t *used, sa_date *out)
{
    size_t i = 0;
    int d, m, y;
    if (!small_num(s, len, &i, &d) || i >= len || s[i] != '/')
        return false;
    i++;
    if (!small_num(s, len, &i, &m) || i >= len || s[i] != '/')
        return false;
    i++;
    if (i + 4 > len || !fixed_num(s + i, 4, &y))
        return false;
    i += 4;
    *used = i;
    return sa_date_from_ymd(y, m, d, out);
}

ret_date_mode ret_date_mode_of(const sa_column *col)
{
    if (col->format && strncmp(col->format, "dd/mm/yyyy", 10) == 0)
        return RET_DATE_UK;
    return RET_DATE_ISO;
}

static bool parse_date(const char *s, size_t len, ret_date_mode mode, sa_date *out)
{
    if (len == 10 && s[4] == '-')
        return sa_date_parse_iso(s, len, out);
    if (mode == RET_DATE_UK) {
        size_t used;
        return parse_uk_date(s, len, &used, out) && used == len;
    }
    return false;
}

static bool parse_datetime(const char *s, size_t len, ret_date_mode mode, sa_datetime *out)
{
    /* ISO first: core/datetime.c reads "YYYY-MM-DDTHH:MM" in one check of fixed positions. */
    if (len >= 16 && s[4] == '-')
        return sa_datetime_parse_iso(s, len, out);
    if (mode != RET_DATE_UK)
        return false;
    size_t i;
    sa_date date;
    if (!parse_uk_date(s, len, &i, &date))
        return false;
    if (i >= len || (s[i] != ' ' && s[i] != 'T'))
        return false;
    i++;
    int h, mi, se = 0;
    if (!small_num(s, len, &i, &h) || i + 3 > len || s[i] != ':' || !fixed_num(s + i + 1, 2, &mi))
        return false;
    i += 3;
    if (i < len) {
        if (i + 3 != len || s[i] != ':' || !fixed_num(s + i + 1, 2, &se))
            return false;
        i += 3;
    }
    if (mi > 59 || se > 59 || h > 24 || (h == 24 && (mi || se)))
        return false;
    *out = sa_datetime_make(date, h * 3600 + mi * 60 + se);
    return true;
}

static bool parse_int(const char *s, size_t len, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    if (len && (s[0] == '-' || s[0] == '+')) {
        neg = s[0] == '-';
        i = 1;
    }
    if (i == len || len - i > 19)
        return false;
    uint64_t v = 0;
    for (; i < len; i++) {
        if (!is_digit(s[i]))
            return false;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    /* The negative range reaches one further: INT64_MIN is valid. */
    if (v > (uint64_t)INT64_MAX + (neg ? 1u : 0u))
        return false;
    if (neg)
        *out = v == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)v;
    else
        *out = (int64_t)v;
    return true;
}

static bool parse_decimal(const char *s, size_t len, double *out)
{
    size_t i = 0;
    if (len && (s[0] == '-' || s[0] == '+'))
        i = 1;
    size_t int_digits = 0, frac_digits = 0;
    while (i < len && is_digit(s[i])) {
        i++;
        int_digits++;
    }
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && is_digit(s[i])) {
            i++;
            frac_digits++;
        }
        if (frac_digits == 0)
            return false;
    }
    if (i != len || int_digits + frac_digits == 0 || len > 63)
        return false;
    char tmp[64];
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    /* The syntax above has no exponent, locale separator or hex: strtod reads it exactly. */
    double v = strtod(tmp, NULL);
    if (!isfinite(v))
        return false;
    *out = v;
    return true;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

static bool parse_bool(const char *s, size_t len, bool *out)
{
    static const struct {
        const char *word;
        bool value;
    } words[] = {{"true", true}, {"false", false}, {"yes", true}, {"no", false},
                 {"y", true},    {"n", false},     {"1", true},   {"0", false}};
    if (len == 0 || len > 5)
        return false;
    char w[6];
    for (size_t i = 0; i < len; i++)
        w[i] = lower(s[i]);
    w[len] = '\0';
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (strcmp(w, words[i].word) == 0) {
            *out = words[i].value;
            return true;
        }
    }
    return false;
}

/* A word loaded from memory, as if little-endian (byte 0 lowest). */
static inline uint64_t le64(uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return __builtin_bswap64(w);
#else
    return w;
#endif
}

/* Whether the 8 bytes at s are all ASCII digits: each byte's high nibble is 3 and stays 3
 * when 6 is added (':' to '?' would carry into it); with the first test passed, no byte
 * carries into the next. */
static inline bool eight_digits(const char *s)
{
    const uint64_t high = 0xF0F0F0F0F0F0F0F0ULL, threes = 0x3030303030303030ULL;
    uint64_t w;
    memcpy(&w, s, 8);
    return (w & high) == threes && ((w + 0x0606060606060606ULL) & high) == threes;
}

/* The 10 digits of an NHS number: the cell itself when plain, else (3-3-4 with single
 * spaces) gathered into `buf`. NULL when the cell is neither. */
static const char *nhs_digits(const char *s, size_t len, char buf[10])
{
    if (len == 10)
        return eight_digits(s) && is_digit(s[8]) && is_digit(s[9]) ? s : NULL;
    if (len == 12 && s[3] == ' ' && s[7] == ' ') {
        size_t k = 0;
        for (size_t i = 0; i < 12; i++) {
            if (i == 3 || i == 7)
                continue;
            if (!is_digit(s[i]))
                return NULL;
            buf[k++] = s[i];
        }
        return buf;
    }
    return NULL;
}

/* NHS and CHI numbers share the check: modulus 11 over the first nine digits, weighted 10
 * down to 2. The first eight are summed by two multiplies: digits 0, 2, 4, 6 (and 1, 3, 5,
 * 7) in the four 16-bit lanes of a word, times their weights in reverse lane order, add up
 * in the top lane (no lane exceeds 9 x 28 = 252, so none carries into the next). */
static bool mod11_check_digit_ok(const char digits[10])
{
    const uint64_t lanes = 0x00FF00FF00FF00FFULL;
    uint64_t w;
    memcpy(&w, digits, 8);
    w = le64(w) - 0x3030303030303030ULL; /* digits checked: no byte borrows */
    uint64_t even = w & lanes, odd = (w >> 8) & lanes;
    int sum = (int)((even * (4 | 6ULL << 16 | 8ULL << 32 | 10ULL << 48)) >> 48) +
              (int)((odd * (3 | 5ULL << 16 | 7ULL << 32 | 9ULL << 48)) >> 48) + (digits[8] - '0') * 2;
    int check = 11 - sum % 11;
    if (check == 11)
        check = 0;
    if (check == 10)
        return false; /* never issued */
    return check == digits[9] - '0';
}

bool sa_nhs_number_valid(const char *s, size_t len)
{
    char buf[10];
    const char *d = nhs_digits(s, len, buf);
    return d && mod11_check_digit_ok(d);
}

static int two_digits(const char *s)
{
    return (s[0] - '0') * 10 + (s[1] - '0');
}

/* The first six digits of a CHI number are the date of birth, DDMMYY. The
 * century is not written, so the date must exist in 19YY or 20YY; every date
 * of 19YY also exists in 20YY (1900 was not a leap year, 2000 was), so 20YY
 * decides: 29 February needs YY divisible by four. */
static bool chi_birth_date_ok(const char *s)
{
    int day = two_digits(s), month = two_digits(s + 2), yy = two_digits(s + 4);
    return month >= 1 && month <= 12 && day >= 1 && day <= sa_days_in_month(2000 + yy, month);
}

static bool all_digits(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!is_digit(s[i]))
            return false;
    return true;
}

sa_chi_fault sa_chi_number_check(const char *s, size_t len)
{
    if (len != 10 || !all_digits(s, len))
        return SA_CHI_NOT_TEN_DIGITS;
    if (!chi_birth_date_ok(s))
        return SA_CHI_NO_SUCH_BIRTH_DATE;
    return mod11_check_digit_ok(s) ? SA_CHI_OK : SA_CHI_BAD_CHECK_DIGIT;
}

bool sa_chi_number_valid(const char *s, size_t len)
{
    return sa_chi_number_check(s, len) == SA_CHI_OK;
}

bool sa_ods_code_valid(const char *s, size_t len)
{
    if (len < 3 || len > 9)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || is_digit(c)))
            return false;
    }
    return true;
}

/* keep_prefix: a value of 8 characters or more shows its first three. */
static void mask(const char *s, size_t len, bool keep_prefix, char *out, size_t out_size)
{
    if (out_size == 0)
        return;
    /* Count characters, not bytes, so a mask never cuts a UTF-8 sequence and
     * its stars do not reveal the byte length. */
    size_t nchars = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            nchars++;
    /* Keep the first three characters of a value long enough that they do not
     * identify anyone (an NHS number's first digits name an issuing block). */
    size_t keep = keep_prefix && nchars >= 8 ? 3 : 0;
    size_t shown = nchars < 16 ? nchars : 16;
    size_t w = 0, ch = 0, i = 0;
    while (ch < shown && i < len) {
        size_t seq = 1;
        while (i + seq < len && ((unsigned char)s[i + seq] & 0xC0) == 0x80)
            seq++;
        if (ch < keep) {
            if (w + seq + 1 > out_size)
                break;
            memcpy(out + w, s + i, seq);
            w += seq;
        } else {
            if (w + 2 > out_size)
                break;
            out[w++] = '*';
        }
        i += seq;
        ch++;
    }
    out[w] = '\0';
}

void sa_mask_identifier(const char *s, size_t len, char *out, size_t out_size)
{
    mask(s, len, true, out, out_size);
}

void sa_mask_cell(const sa_column *col, const char *s, size_t len, char *out, size_t out_size)
{
    /* A CHI number starts with its holder's date of birth: no digit is kept. */
    mask(s, len, col->type != SA_COL_CHI_NUMBER, out, out_size);
}

const char *ret_type_code(sa_col_type type)
{
    switch (type) {
    case SA_COL_STRING: return "E-RET-BAD-STRING";
    case SA_COL_INT: return "E-RET-BAD-INT";
    case SA_COL_DECIMAL: return "E-RET-BAD-DECIMAL";
    case SA_COL_BOOL: return "E-RET-BAD-BOOL";
    case SA_COL_ENUM: return "E-RET-BAD-ENUM";
    case SA_COL_DATE: return "E-RET-BAD-DATE";
    case SA_COL_DATETIME: return "E-RET-BAD-DATETIME";
    case SA_COL_DURATION: return "E-RET-BAD-DURATION";
    case SA_COL_NHS_NUMBER: return "E-RET-BAD-NHS-NUMBER";
    case SA_COL_ODS_CODE: return "E-RET-BAD-ODS-CODE";
    case SA_COL_CHI_NUMBER: return "E-RET-BAD-CHI-NUMBER";
    }
    return "E-RET-BAD-VALUE";
}

const char *ret_type_expected(sa_col_type type, ret_date_mode mode)
{
    switch (type) {
    case SA_COL_STRING: return "text";
    case SA_COL_INT: return "a whole number like 42";
    case SA_COL_DECIMAL: return "a number like 3.5";
    case SA_COL_BOOL: return "yes or no (also true/false, y/n, 1/0)";
    case SA_COL_ENUM: return "one of the column's values";
    case SA_COL_DATE:
        return mode == RET_DATE_UK ? "a date like 2007-06-05 or 05/06/2007" : "a date like 2007-06-05";
    case SA_COL_DATETIME:
        return mode == RET_DATE_UK ? "a date and time like 2007-06-05T14:30 or 05/06/2007 14:30"
                                   : "a date and time like 2007-06-05T14:30";
    case SA_COL_DURATION: return "a duration like 30m, 4h, 1h30m, 2d, PT4H or 01:30";
    case SA_COL_NHS_NUMBER: return "a 10-digit NHS number (spaces allowed as 3-3-4)";
    case SA_COL_ODS_CODE:
        return "an organisation code of 3 to 9 upper-case letters and digits, like 8HX01, RXX, S08000022 or H220V";
    case SA_COL_CHI_NUMBER: return "a 10-digit CHI number (date of birth DDMMYY, then four digits)";
    }
    return "a value";
}

const char *ret_fail_expected(sa_col_type type, ret_fail f)
{
    bool chi = type == SA_COL_CHI_NUMBER;
    switch (f) {
    case RET_BAD_CHECK_DIGIT:
        return chi ? "a CHI number whose last digit is its modulus-11 check digit"
                   : "an NHS number whose last digit is its modulus-11 check digit";
    case RET_BAD_BIRTH_DATE: return "a CHI number whose first six digits are a date of birth (DDMMYY)";
    default: return NULL;
    }
}

static bool in_range(const sa_column *col, double v)
{
    return !((col->has_min && v < col->min) || (col->has_max && v > col->max));
}

/* Under core/regex.h's limits: a cell that makes the pattern backtrack past
 * them is neither a match nor a mismatch (RET_PATTERN_LIMIT). */
static sa_regex_rc pattern_match(const sa_column *col, const ret_pattern *pat, const char *s, size_t len)
{
    if (pat && pat->code)
        return sa_regex_match(pat->code, s, len,
                              pat->anchored ? PCRE2_NO_UTF_CHECK : PCRE2_ANCHORED | PCRE2_ENDANCHORED,
                              pat->match_data);
    if (!col->pattern_code)
        return SA_REGEX_MATCH;
    /* The spec's own compiled pattern: anchored at match time (interpreter, not JIT). */
    return sa_regex_match(col->pattern_code, s, len, PCRE2_ANCHORED | PCRE2_ENDANCHORED, NULL);
}

/* ---- one cell: a helper per type, each inlined into ret_decode's switch ---- */

static inline ret_fail string_value(char *cell, size_t len, sa_value *out)
{
    out->kind = SA_VAL_STRING;
    out->as.str.ptr = cell;
    out->as.str.len = (uint32_t)len;
    return RET_OK;
}

/* Whether the len (8 to 16) bytes at s are ASCII: two overlapping words without a high bit. */
static inline bool short_ascii(const char *s, size_t len)
{
    uint64_t a, b;
    memcpy(&a, s, 8);
    memcpy(&b, s + len - 8, 8);
    return ((a | b) & 0x8080808080808080ULL) == 0;
}

static ret_fail decode_string(const sa_column *col, const ret_pattern *pat, char *cell, size_t len,
                              sa_value *out, uint64_t *detail)
{
    size_t bad = len >= 8 && len <= 16 && short_ascii(cell, len) ? len : ret_utf8_check(cell, len);
    if (bad != len) {
        *detail = bad;
        return RET_BAD_UTF8;
    }
    if (col->max_length > 0) {
        size_t n = utf8_count(cell, len);
        if (n > (uint64_t)col->max_length) {
            *detail = n;
            return RET_TOO_LONG;
        }
    }
    if (col->pattern || col->pattern_code) {
        sa_regex_rc m = pattern_match(col, pat, cell, len);
        if (m != SA_REGEX_MATCH)
            return m == SA_REGEX_NOMATCH ? RET_PATTERN : RET_PATTERN_LIMIT;
    }
    return string_value(cell, len, out);
}

static ret_fail decode_enum(const sa_column *col, const ret_pattern *pat, char *cell, size_t len, sa_value *out,
                            uint64_t *detail)
{
    for (size_t i = 0; i < col->nvalues; i++) {
        const char *v = col->values[i];
        size_t vlen = pat && pat->enum_lens ? pat->enum_lens[i] : strlen(v);
        if (vlen == len && v[0] == cell[0] && ret_same_bytes(v, cell, len)) {
            out->enum_index = (int32_t)i;
            return string_value(cell, len, out);
        }
    }
    if (ret_utf8_check(cell, len) != len) {
        *detail = ret_utf8_check(cell, len);
        return RET_BAD_UTF8;
    }
    return RET_BAD_TYPE;
}

static ret_fail decode_int(const sa_column *col, const char *cell, size_t len, sa_value *out)
{
    int64_t v;
    if (!parse_int(cell, len, &v))
        return RET_BAD_TYPE;
    if (!in_range(col, (double)v))
        return RET_RANGE;
    out->kind = SA_VAL_INT;
    out->as.i = v;
    return RET_OK;
}

static ret_fail decode_decimal(const sa_column *col, const char *cell, size_t len, sa_value *out)
{
    double v;
    if (!parse_decimal(cell, len, &v))
        return RET_BAD_TYPE;
    if (!in_range(col, v))
        return RET_RANGE;
    out->kind = SA_VAL_DECIMAL;
    out->as.d = v;
    return RET_OK;
}

static ret_fail decode_nhs_number(char *cell, size_t len, bool mutable_cell, sa_value *out)
{
    char buf[10];
    const char *d = nhs_digits(cell, len, buf);
    if (!d)
        return RET_BAD_TYPE;
    if (!mod11_check_digit_ok(d))
        return RET_BAD_CHECK_DIGIT;
    if (len != 10 && mutable_cell) {
        memcpy(cell, d, 10);
        len = 10;
    }
    return string_value(cell, len, out);
}

static ret_fail decode_chi_number(char *cell, size_t len, sa_value *out, uint64_t *detail)
{
    switch (sa_chi_number_check(cell, len)) {
    case SA_CHI_OK: return string_value(cell, len, out);
    case SA_CHI_NO_SUCH_BIRTH_DATE: return RET_BAD_BIRTH_DATE;
    case SA_CHI_BAD_CHECK_DIGIT: return RET_BAD_CHECK_DIGIT;
    case SA_CHI_NOT_TEN_DIGITS: break;
    }
    /* Nine digits: the usual sign of a leading zero dropped by a spreadsheet. */
    *detail = len == 9 && all_digits(cell, len) ? 9 : 0;
    return RET_BAD_TYPE;
}

ret_fail ret_decode(const sa_column *col, ret_date_mode mode, const ret_pattern *pat, char *cell,
                    size_t len, bool mutable_cell, sa_value *out, uint64_t *detail)
{
    out->enum_index = -1;
    if (len == 0) {
        out->kind = SA_VAL_EMPTY;
        return RET_OK;
    }
    switch (col->type) {
    case SA_COL_STRING: return decode_string(col, pat, cell, len, out, detail);
    case SA_COL_ENUM: return decode_enum(col, pat, cell, len, out, detail);
    case SA_COL_INT: return decode_int(col, cell, len, out);
    case SA_COL_DECIMAL: return decode_decimal(col, cell, len, out);
    case SA_COL_BOOL:
        out->kind = SA_VAL_BOOL;
        return parse_bool(cell, len, &out->as.b) ? RET_OK : RET_BAD_TYPE;
    case SA_COL_DATE:
        out->kind = SA_VAL_DATE;
        return parse_date(cell, len, mode, &out->as.date) ? RET_OK : RET_BAD_TYPE;
    case SA_COL_DATETIME:
        out->kind = SA_VAL_DATETIME;
        return parse_datetime(cell, len, mode, &out->as.dt) ? RET_OK : RET_BAD_TYPE;
    case SA_COL_DURATION:
        out->kind = SA_VAL_DURATION;
        return sa_duration_parse(cell, len, &out->as.seconds) ? RET_OK : RET_BAD_TYPE;
    case SA_COL_NHS_NUMBER: return decode_nhs_number(cell, len, mutable_cell, out);
    case SA_COL_ODS_CODE: return sa_ods_code_valid(cell, len) ? string_value(cell, len, out) : RET_BAD_TYPE;
    case SA_COL_CHI_NUMBER: return decode_chi_number(cell, len, out, detail);
    }
    return RET_BAD_TYPE;
}

/* ---- one decoder per column, for the scan ---- */

static ret_fail dec_string(const sa_column *col, const ret_pattern *pat, char *cell, size_t len, sa_value *out,
                           uint64_t *detail)
{
    out->enum_index = -1;
    return decode_string(col, pat, cell, len, out, detail);
}

/* A cell dec_enum does not match: decode_enum compares every value (any length) and works
 * out the failure. Out of line, so that dec_enum saves no registers. */
static __attribute__((noinline)) ret_fail dec_enum_slow(const sa_column *col, const ret_pattern *pat, char *cell,
                                                         size_t len, sa_value *out, uint64_t *detail)
{
    out->enum_index = -1;
    return decode_enum(col, pat, cell, len, out, detail);
}

/* A cell's slot (len > 0): from its length and first and last bytes. */
static inline unsigned enum_slot(const char *cell, size_t len)
{
    return ((unsigned)len * 31u + (unsigned char)cell[0] * 7u + (unsigned char)cell[len - 1]) &
           (RET_ENUM_SLOTS - 1);
}

bool ret_enum_slots_fill(const sa_column *col, const size_t *lens, uint8_t slots[RET_ENUM_SLOTS])
{
    memset(slots, 0, RET_ENUM_SLOTS);
    if (col->nvalues >= RET_ENUM_SHARED)
        return false;
    for (size_t i = 0; i < col->nvalues; i++) {
        if (lens[i] == 0)
            continue; /* an empty cell never reaches the decoder */
        uint8_t *slot = &slots[enum_slot(col->values[i], lens[i])];
        *slot = *slot == 0 ? (uint8_t)(i + 1) : (uint8_t)RET_ENUM_SHARED;
    }
    return true;
}

/*
 * The values' lengths and slots are known (pat->enum_lens, pat->enum_slots): a cell of at
 * most 16 bytes is compared, by word loads, with the one value its slot names. Trying the
 * values in turn instead, a column whose values alternate (urgent, routine) mispredicted a
 * branch about every other row. A cell whose slot names no value matches none exactly; one
 * whose slot is shared tries the values in turn; either, and one none matches, then takes
 * decode_enum's way.
 */
static ret_fail dec_enum(const sa_column *col, const ret_pattern *pat, char *cell, size_t len, sa_value *out,
                         uint64_t *detail)
{
    const size_t *lens = pat ? pat->enum_lens : NULL;
    if (lens && pat->enum_slots && len <= 16) {
        unsigned k = pat->enum_slots[enum_slot(cell, len)];
        if (k != RET_ENUM_SHARED) {
            if (k && lens[k - 1] == len && ret_same_bytes(col->values[k - 1], cell, len)) {
                out->enum_index = (int32_t)(k - 1);
                return string_value(cell, len, out);
            }
            return dec_enum_slow(col, pat, cell, len, out, detail);
        }
    }
    for (size_t i = 0; lens && len <= 16 && i < col->nvalues; i++) {
        const char *v = col->values[i];
        if (lens[i] == len && v[0] == cell[0] && ret_same_bytes(v, cell, len)) {
            out->enum_index = (int32_t)i;
            return string_value(cell, len, out);
        }
    }
    return dec_enum_slow(col, pat, cell, len, out, detail);
}

static ret_fail dec_datetime_iso(const sa_column *col, const ret_pattern *pat, char *cell, size_t len,
                                 sa_value *out, uint64_t *detail)
{
    (void)col, (void)pat, (void)detail;
    out->enum_index = -1;
    out->kind = SA_VAL_DATETIME;
    return len >= 16 && cell[4] == '-' && sa_datetime_parse_iso(cell, len, &out->as.dt) ? RET_OK : RET_BAD_TYPE;
}

static ret_fail dec_nhs_number(const sa_column *col, const ret_pattern *pat, char *cell, size_t len,
                               sa_value *out, uint64_t *detail)
{
    (void)col, (void)pat, (void)detail;
    out->enum_index = -1;
    return decode_nhs_number(cell, len, true, out);
}

static ret_fail dec_ods_code(const sa_column *col, const ret_pattern *pat, char *cell, size_t len,
                             sa_value *out, uint64_t *detail)
{
    (void)col, (void)pat, (void)detail;
    out->enum_index = -1;
    return sa_ods_code_valid(cell, len) ? string_value(cell, len, out) : RET_BAD_TYPE;
}

static ret_fail dec_any_iso(const sa_column *col, const ret_pattern *pat, char *cell, size_t len, sa_value *out,
                            uint64_t *detail)
{
    return ret_decode(col, RET_DATE_ISO, pat, cell, len, true, out, detail);
}

static ret_fail dec_any_uk(const sa_column *col, const ret_pattern *pat, char *cell, size_t len, sa_value *out,
                           uint64_t *detail)
{
    return ret_decode(col, RET_DATE_UK, pat, cell, len, true, out, detail);
}

ret_decode_fn ret_decoder_for(const sa_column *col, ret_date_mode mode)
{
    switch (col->type) {
    case SA_COL_STRING: return dec_string;
    case SA_COL_ENUM: return dec_enum;
    case SA_COL_DATETIME: return mode == RET_DATE_ISO ? dec_datetime_iso : dec_any_uk;
    case SA_COL_NHS_NUMBER: return dec_nhs_number;
    case SA_COL_ODS_CODE: return dec_ods_code;
    default: return mode == RET_DATE_ISO ? dec_any_iso : dec_any_uk;
    }
}

bool sa_value_decode(const sa_column *column, const char *cell, size_t len, sa_value *out,
                     const char **expected)
{
    uint64_t detail = 0;
    ret_date_mode mode = ret_date_mode_of(column);
    /* Not mutable: the cell is the caller's. NHS numbers written 3-3-4 keep their spaces here. */
    ret_fail f = ret_decode(column, mode, NULL, (char *)cell, len, false, out, &detail);
    if (f == RET_OK)
        return true;
    out->kind = SA_VAL_EMPTY;
    if (expected) {
        switch (f) {
        case RET_BAD_UTF8: *expected = "valid UTF-8 text"; break;
        case RET_TOO_LONG: *expected = "text no longer than the column's max_length"; break;
        case RET_PATTERN: *expected = "a value matching the column's pattern"; break;
        case RET_PATTERN_LIMIT: *expected = "a value the column's pattern decides within its match limit"; break;
        case RET_RANGE: *expected = "a number within the column's min and max"; break;
        case RET_BAD_CHECK_DIGIT:
        case RET_BAD_BIRTH_DATE: *expected = ret_fail_expected(column->type, f); break;
        default: *expected = ret_type_expected(column->type, mode); break;
        }
    }
    return false;
}
