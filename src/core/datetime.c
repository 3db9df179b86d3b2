/* datetime.c — civil calendar arithmetic (Hinnant's days-from-civil) and the London clock. */
#include "core/datetime.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

bool sa_is_leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int sa_days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && sa_is_leap_year(y) ? 29 : days[m - 1];
}

static sa_date days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (sa_date)(era * 146097 + doe - 719468);
}

/* Days before month m (1-12) in a common year. */
static const int16_t days_before_month[13] = {0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

/*
 * The day number of a date, or false when the date does not exist: a table
 * instead of Hinnant's eras, and the leap year worked out only where it
 * matters (past the 28th, or after February). A unit test checks it against
 * sa_date_to_ymd over years around each leap rule and every 1 March.
 */
static sa_date month_day_zero(int y, int m)
{
    unsigned p = (unsigned)y - 1; /* whole years before y, from 0001-01-01 */
    unsigned days = p * 365 + p / 4 - p / 100 + p / 400 + (unsigned)days_before_month[m];
    days += m > 2 && sa_is_leap_year(y);
    return (sa_date)((int)days - 719163); /* the day before the 1st; 719162 days from 0001-01-01 to 1970-01-01 */
}

/* Every cell of a date column comes here, and a return's dates mostly fall in the month of
 * the one before: each thread keeps the last month's day zero and length. */
static _Thread_local struct {
    int key; /* y * 16 + m, or 0 */
    sa_date zero;
    int days;
} last_month;

static inline bool days_from_ymd(int y, int m, int d, sa_date *out)
{
    int key = y * 16 + m; /* one (y, m) per key while m is a month */
    if (key == last_month.key && m >= 1 && m <= 12 && d >= 1 && d <= last_month.days) {
        *out = last_month.zero + d;
        return true;
    }
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > sa_days_in_month(y, m))
        return false;
    last_month.key = key;
    last_month.zero = month_day_zero(y, m);
    last_month.days = sa_days_in_month(y, m);
    *out = last_month.zero + d;
    return true;
}

bool sa_date_from_ymd(int y, int m, int d, sa_date *out)
{
    return days_from_ymd(y, m, d, out);
}

void sa_date_to_ymd(sa_date z0, int *year, int *month, int *day)
{
    int z = z0 + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1;
    int m = mp + (mp < 10 ? 3 : -9);
    if (year)
        *year = y + (m <= 2);
    if (month)
        *month = m;
    if (day)
        *day = d;
}

int sa_date_weekday(sa_date date)
{
    /* 1970-01-01 was a Thursday (ISO 3). */
    int w = (int)((date % 7 + 7 + 3) % 7);
    return w;
}

sa_date sa_date_month_start(sa_date date)
{
    int y, m, d;
    sa_date_to_ymd(date, &y, &m, &d);
    return days_from_civil(y, m, 1);
}

sa_date sa_date_quarter_start(sa_date date)
{
    int y, m, d;
    sa_date_to_ymd(date, &y, &m, &d);
    /* NHS quarters: Apr-Jun, Jul-Sep, Oct-Dec, Jan-Mar. */
    int qm = m - ((m - 1) % 3);
    return days_from_civil(y, qm, 1);
}

sa_date sa_date_week_start(sa_date date)
{
    return date - sa_date_weekday(date);
}

sa_date sa_date_add_months(sa_date date, int months)
{
    int y, m, d;
    sa_date_to_ymd(date, &y, &m, &d);
    int total = y * 12 + (m - 1) + months;
    y = total / 12;
    m = total % 12 + 1;
    int dim = sa_days_in_month(y, m);
    if (d > dim)
        d = dim;
    return days_from_civil(y, m, d);
}

static bool digits(const char *s, size_t n, int *out)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* ---- ISO 8601 dates and times: fixed-width fast paths ----------------------------- */

/* Eight bytes as a little-endian word whatever the CPU: byte i is bits 8i to 8i + 7. */
static inline uint64_t load_le64(const char *s)
{
    uint64_t w;
    memcpy(&w, s, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Two ASCII digits, or -1. */
static inline int two_digits(const char *s)
{
    unsigned a = (unsigned char)s[0] - '0', b = (unsigned char)s[1] - '0';
    return a <= 9 && b <= 9 ? (int)(a * 10 + b) : -1;
}

/*
 * Eight bytes checked against a template of '0's (digits) and separators in
 * one word: XOR with the template turns each digit into its value and each
 * separator into 0, so the bytes fit when every digit byte is at most 9
 * (adding 0x76 leaves its top bit clear; a byte above 0x89 carries into the
 * next one, but its own top bit already fails it) and every separator is 0.
 * Returns the two-digit numbers: byte i is 10 * digit i + digit i + 1 (at
 * most 99, so no byte carries into the next); all ones when the bytes do not fit.
 */
static inline uint64_t digit_pairs(const char *s, const char *tmpl, uint64_t digit_bytes)
{
    uint64_t v = load_le64(s) ^ load_le64(tmpl);
    if ((((v + ONES * 0x76) | v) & HIGHS & digit_bytes) | (v & ~digit_bytes))
        return UINT64_MAX;
    return v * 10 + (v >> 8);
}

static inline int pair_at(uint64_t pairs, unsigned byte)
{
    return (int)(pairs >> (8 * byte) & 0xFF);
}

bool sa_date_parse_iso(const char *s, size_t len, sa_date *out)
{
    if (len != 10)
        return false;
    uint64_t ym = digit_pairs(s, "0000-00-", 0x00FFFF00FFFFFFFFULL);
    int d = two_digits(s + 8);
    return ym != UINT64_MAX && d >= 0 && days_from_ymd(pair_at(ym, 0) * 100 + pair_at(ym, 2), pair_at(ym, 5), d, out);
}
/* Last Sunday of a month. */
static sa_date last_sunday(int y, int m)
{
    sa_date last = days_from_civil(y, m, sa_days_in_month(y, m));
    return last - (sa_date_weekday(last) + 1) % 7;
}

/* UTC instants at which BST starts and ends in year y (01:00 UTC, last Sundays of March/October). */
static void bst_bounds(int y, int64_t *start, int64_t *end)
{
    *start = (int64_t)last_sunday(y, 3) * SA_SECONDS_PER_DAY + 3600;
    *end = (int64_t)last_sunday(y, 10) * SA_SECONDS_PER_DAY + 3600;
}

int64_t sa_london_to_utc(sa_datetime local)
{
    int y, m;
    sa_date_to_ymd(sa_datetime_date(local), &y, &m, NULL);
    /* Only March and October hold a change: April to September are BST, November to February GMT. */
    if (m >= 4 && m <= 9)
        return local - 3600;
    if (m != 3 && m != 10)
        return local;
    int64_t start, end;
    bst_bounds(y, &start, &end);
    /* Local wall times: BST runs from 02:00 local (spring) to 02:00 local BST (autumn). */
    int64_t bst_local_start = start + 3600; /* 02:00 wall clock: first BST minute */
    int64_t bst_local_end = end + 3600;     /* 02:00 BST wall clock: back to 01:00 GMT */
    if (local >= bst_local_start && local < bst_local_end)
        return local - 3600;
    /* In the spring gap (01:00-02:00 wall) the time is read as GMT. In the autumn
     * overlap (01:00-02:00 wall) the condition above already chose the BST pass. */
    return local;
}

sa_datetime sa_utc_to_london(int64_t utc)
{
    int y, m;
    sa_date_to_ymd(sa_datetime_date(utc), &y, &m, NULL);
    if (m >= 4 && m <= 9)
        return utc + 3600;
    if (m != 3 && m != 10)
        return utc;
    int64_t start, end;
    bst_bounds(y, &start, &end);
    return utc >= start && utc < end ? utc + 3600 : utc;
}

bool sa_time_parse_hhmm(const char *s, size_t len, int *minutes)
{
    int h, m;
    if (len != 5 || s[2] != ':' || !digits(s, 2, &h) || !digits(s + 3, 2, &m))
        return false;
    if (m > 59 || h > 24 || (h == 24 && m != 0))
        return false;
    *minutes = h * 60 + m;
    return true;
}

/* The offset that may follow a time ("Z", "+HH:MM", "-HH:MM"), in seconds east of UTC. */
static bool utc_offset(const char *s, size_t n, int64_t *offset)
{
    if (n == 1 && s[0] == 'Z') {
        *offset = 0;
        return true;
    }
    if ((s[0] != '+' && s[0] != '-') || n != 6 || s[3] != ':')
        return false;
    int oh = two_digits(s + 1), om = two_digits(s + 4);
    if (oh < 0 || om < 0 || oh > 14 || om > 59)
        return false;
    *offset = (int64_t)(oh * 3600 + om * 60) * (s[0] == '-' ? -1 : 1);
    return true;
}

/* ":SS" and ".fff" after "HH:MM" at s[16]; returns the index past them, or 0 when malformed. */
static size_t seconds_part(const char *s, size_t len, int *se)
{
    size_t i = 16;
    *se = 0;
    if (i == len || s[i] != ':')
        return i;
    if (len < 19 || (*se = two_digits(s + 17)) < 0)
        return 0;
    i = 19;
    if (i < len && s[i] == '.') { /* fractional seconds are accepted and dropped */
        size_t f = ++i;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == f)
            return 0;
    }
    return i;
}

/* The "YYYY-MM-" of the last datetime the thread read, with its month's day zero and
 * length: a return's datetimes mostly fall in the month of the one before, so the eight
 * bytes compared as one word stand for their digit checks and the month's arithmetic. */
static _Thread_local struct {
    uint64_t word; /* 0 until one is read: eight NUL bytes, never a valid prefix */
    sa_date zero;
    int days; /* 0 with word 0: no day fits */
} last_prefix;

/* Makes the "YYYY-MM-" at s (its eight bytes `word`) the last prefix read; false when it
 * names no month. */
static inline bool iso_prefix(const char *s, uint64_t word)
{
    if (word == last_prefix.word)
        return true;
    uint64_t ym = digit_pairs(s, "0000-00-", 0x00FFFF00FFFFFFFFULL);
    int y = pair_at(ym, 0) * 100 + pair_at(ym, 2), m = pair_at(ym, 5);
    if (ym == UINT64_MAX || y < 1 || m < 1 || m > 12)
        return false;
    last_prefix.word = word;
    last_prefix.zero = month_day_zero(y, m);
    last_prefix.days = sa_days_in_month(y, m);
    return true;
}

/* "YYYY-MM-DDTHH:MM" (a space may replace T) in two words: the whole cell in most returns. */
static bool iso_minute(const char *s, sa_date *date, int *h, int *mi)
{
    if (!iso_prefix(s, load_le64(s)))
        return false;
    uint64_t dhm = digit_pairs(s + 8, s[10] == ' ' ? "00 00:00" : "00T00:00", 0xFFFF00FFFF00FFFFULL);
    int d = pair_at(dhm, 0);
    if (dhm == UINT64_MAX || d < 1 || d > last_prefix.days)
        return false;
    *h = pair_at(dhm, 3);
    *mi = pair_at(dhm, 6);
    *date = last_prefix.zero + d;
    return true;
}

/*
 * "YYYY-MM-DDTHH:MM" exactly, 00:00 to 23:59: the shape of nearly every datetime in a
 * return. Both words are checked in one test, and the first word ("YYYY-MM-") compared
 * with the last prefix read names its month's day zero. False for anything else (the
 * general reader then decides).
 */
static inline bool iso_minute_fast(const char *s, sa_datetime *out)
{
    uint64_t w0 = load_le64(s), v0 = w0 ^ load_le64("0000-00-");
    uint64_t v1 = load_le64(s + 8) ^ load_le64("00T00:00");
    const uint64_t d0 = 0x00FFFF00FFFFFFFFULL, d1 = 0xFFFF00FFFF00FFFFULL;
    if (((((v0 + ONES * 0x76) | v0) & HIGHS & d0) | (v0 & ~d0) | (((v1 + ONES * 0x76) | v1) & HIGHS & d1) |
         (v1 & ~d1)) != 0)
        return false;
    uint64_t p1 = v1 * 10 + (v1 >> 8);
    int d = pair_at(p1, 0), h = pair_at(p1, 3), mi = pair_at(p1, 6);
    if (!iso_prefix(s, w0) || d < 1 || d > last_prefix.days || h > 23 || mi > 59)
        return false;
    *out = sa_datetime_make(last_prefix.zero + d, h * 3600 + mi * 60);
    return true;
}

/* Every other form: seconds, fractions, 24:00, a space for T, an offset. Kept out of line
 * so that the fixed shape's path saves no registers. */
static __attribute__((noinline)) bool datetime_parse_general(const char *s, size_t len, sa_datetime *out)
{
    sa_date date;
    int h, mi, se;
    if (len < 16 || !iso_minute(s, &date, &h, &mi))
        return false;
    size_t i = seconds_part(s, len, &se);
    if (i == 0 || mi > 59 || se > 59 || h > 24 || (h == 24 && (mi || se)))
        return false;
    sa_datetime local = sa_datetime_make(date, h * 3600 + mi * 60 + se);
    if (i == len) {
        *out = local;
        return true;
    }
    int64_t offset;
    if (!utc_offset(s + i, len - i, &offset))
        return false;
    *out = sa_utc_to_london(local - offset);
    return true;
}

bool sa_datetime_parse_iso(const char *s, size_t len, sa_datetime *out)
{
    if (len == 16 && iso_minute_fast(s, out))
        return true;
    return datetime_parse_general(s, len, out);
}

bool sa_duration_parse(const char *s, size_t len, int64_t *seconds)
{
    if (len == 0)
        return false;
    /* HH:MM */
    if (len == 5 && s[2] == ':') {
        int h, m;
        if (!digits(s, 2, &h) || !digits(s + 3, 2, &m) || m > 59)
            return false;
        *seconds = (int64_t)h * 3600 + m * 60;
        return true;
    }
    size_t i = 0;
    bool iso = false;
    if (len >= 2 && (s[0] == 'P' || s[0] == 'p')) {
        iso = true;
        i = 1;
    }
    int64_t total = 0;
    bool any = false;
    bool in_time = false; /* ISO: after T only H, M, S; before it only D, W */
    while (i < len) {
        if (iso && (s[i] == 'T' || s[i] == 't')) {
            if (in_time)
                return false;
            in_time = true;
            i++;
            continue;
        }
        if (s[i] == ' ') {
            i++;
            continue;
        }
        if (s[i] < '0' || s[i] > '9')
            return false;
        int64_t n = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            n = n * 10 + (s[i] - '0');
            if (n > 100000000)
                return false;
            i++;
        }
        if (i == len)
            return false; /* a bare number has no unit */
        int64_t unit;
        switch (s[i]) {
        case 's': case 'S': unit = 1; break;
        case 'm': case 'M': unit = 60; break;
        case 'h': case 'H': unit = 3600; break;
        case 'd': case 'D': unit = 86400; break;
        case 'w': case 'W': unit = 7 * 86400; break;
        default: return false;
        }
        /* In ISO 8601, P1M is a month (not a fixed length) and only PT1M a minute. */
        if (iso && (unit < 86400) != in_time)
            return false;
        i++;
        total += n * unit;
        any = true;
    }
    if (!any)
        return false;
    *seconds = total;
    return true;
}

static void put2(char *p, int v)
{
    p[0] = (char)('0' + v / 10 % 10);
    p[1] = (char)('0' + v % 10);
}

void sa_date_format_long(sa_date date, char out[24])
{
    static const char *const months[12] = {"January", "February", "March",     "April",   "May",      "June",
                                           "July",    "August",   "September", "October", "November", "December"};
    int y, m, d;
    sa_date_to_ymd(date, &y, &m, &d);
    if (y < 0 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
        y = 0, m = 1, d = 1;
    snprintf(out, 24, "%d %s %04d", d, months[m - 1], y);
}

void sa_date_format(sa_date date, char out[11])
{
    int y, m, d;
    sa_date_to_ymd(date, &y, &m, &d);
    if (y < 0 || y > 9999)
        y = 0;
    put2(out, y / 100);
    put2(out + 2, y % 100);
    out[4] = '-';
    put2(out + 5, m);
    out[7] = '-';
    put2(out + 8, d);
    out[10] = '\0';
}

void sa_datetime_format(sa_datetime dt, char out[20])
{
    sa_date_format(sa_datetime_date(dt), out);
    int sod = sa_datetime_seconds_of_day(dt);
    out[10] = 'T';
    put2(out + 11, sod / 3600);
    out[13] = ':';
    put2(out + 14, sod / 60 % 60);
    if (sod % 60) {
        out[16] = ':';
        put2(out + 17, sod % 60);
        out[19] = '\0';
    } else {
        out[16] = '\0';
    }
}

void sa_duration_format(int64_t seconds, char out[32])
{
    char *p = out;
    size_t left = 32;
    if (seconds < 0) {
        *p++ = '-';
        left--;
        seconds = -seconds;
    }
    int64_t d = seconds / 86400, h = seconds / 3600 % 24, m = seconds / 60 % 60, s = seconds % 60;
    int n = 0;
    out[0 + (p - out)] = '\0';
    if (d)
        n += snprintf(p + n, left - (size_t)n, "%lldd", (long long)d);
    if (h)
        n += snprintf(p + n, left - (size_t)n, "%s%lldh", n ? " " : "", (long long)h);
    if (m)
        n += snprintf(p + n, left - (size_t)n, "%s%lldm", n ? " " : "", (long long)m);
    if (s || (!d && !h && !m))
        snprintf(p + n, left - (size_t)n, "%s%llds", n ? " " : "", (long long)s);
}
