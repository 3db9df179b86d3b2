/*
 * calendar.c — UK bank holidays by rule (England and Wales, Scotland,
 * Northern Ireland), with the moved and one-off days built in, substitute
 * days for holidays that fall at a weekend, and working-day arithmetic.
 *
 * A year's holidays are computed on demand from the rules (a dozen dates),
 * so any year works and nothing is cached: the functions stay pure and
 * thread-safe.
 */
#include "core/calendar.h"

#include <assert.h>
#include <string.h>

bool sa_region_parse(const char *name, sa_region *out)
{
    if (strcmp(name, "england-and-wales") == 0)
        *out = SA_REGION_ENGLAND_WALES;
    else if (strcmp(name, "scotland") == 0)
        *out = SA_REGION_SCOTLAND;
    else if (strcmp(name, "northern-ireland") == 0)
        *out = SA_REGION_NORTHERN_IRELAND;
    else
        return false;
    return true;
}

const char *sa_region_name(sa_region region)
{
    switch (region) {
    case SA_REGION_SCOTLAND:
        return "scotland";
    case SA_REGION_NORTHERN_IRELAND:
        return "northern-ireland";
    default:
        return "england-and-wales";
    }
}

/* Days from civil for dates the rules build; they are always valid dates. */
static sa_date ymd(int y, int m, int d)
{
    sa_date out = 0;
    sa_date_from_ymd(y, m, d, &out);
    return out;
}

sa_date sa_easter_sunday(int year)
{
    /* Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
    int a = year % 19;
    int b = year / 100;
    int c = year % 100;
    int d = b / 4;
    int e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4;
    int k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = (h + l - 7 * m + 114) % 31 + 1;
    return ymd(year, month, day);
}

static bool is_weekend(sa_date d)
{
    return sa_date_weekday(d) >= 5;
}

/* First Monday on or after `d`. */
static sa_date monday_on_or_after(sa_date d)
{
    return d + (7 - sa_date_weekday(d)) % 7;
}

/* Last Monday on or before `d`. */
static sa_date monday_on_or_before(sa_date d)
{
    return d - sa_date_weekday(d);
}

/* A holiday before substitution: where weekend days move to, and their names. */
typedef struct rule_day {
    sa_date date;
    const char *name;
    const char *substitute_name; /* NULL: never substituted (always a weekday) */
} rule_day;

typedef struct moved_spring {
    int year;
    int month, day;
    const char *name;
    int extra_month, extra_day;
    const char *extra_name;
} moved_spring;

/* The spring bank holiday was moved for royal jubilees, each with an extra day. */
static const moved_spring moved_springs[] = {
    {1977, 6, 6, "Spring bank holiday", 6, 7, "Silver Jubilee bank holiday"},
    {2002, 6, 4, "Spring bank holiday", 6, 3, "Golden Jubilee bank holiday"},
    {2012, 6, 4, "Spring bank holiday", 6, 5, "Queen's Diamond Jubilee"},
    {2022, 6, 2, "Spring bank holiday", 6, 3, "Platinum Jubilee bank holiday"},
};

typedef struct one_off {
    int year, month, day;
    const char *name;
} one_off;

/* One-off national holidays (all regions). */
static const one_off one_offs[] = {
    {1973, 11, 14, "Royal wedding"},
    {1981, 7, 29, "Royal wedding"},
    {1999, 12, 31, "Millennium celebrations"},
    {2011, 4, 29, "Royal wedding"},
    {2022, 9, 19, "State funeral of Queen Elizabeth II"},
    {2023, 5, 8, "Coronation of King Charles III"},
};

static size_t add_rule(rule_day *days, size_t n, sa_date date, const char *name, const char *sub)
{
    days[n] = (rule_day){date, name, sub};
    return n + 1;
}

static bool taken(const sa_holiday *out, size_t n, sa_date d)
{
    for (size_t i = 0; i < n; i++)
        if (out[i].date == d)
            return true;
    return false;
}

size_t sa_calendar_year_holidays(sa_region region, int year,
                                 sa_holiday out[SA_CALENDAR_MAX_PER_YEAR])
{
    if (year < 1583 || year > 9999)
        return 0;
    rule_day days[SA_CALENDAR_MAX_PER_YEAR];
    size_t n = 0;
    bool scotland = region == SA_REGION_SCOTLAND;
    bool ni = region == SA_REGION_NORTHERN_IRELAND;
    sa_date easter = sa_easter_sunday(year);

    n = add_rule(days, n, ymd(year, 1, 1), "New Year's Day", "New Year's Day (substitute day)");
    if (scotland)
        n = add_rule(days, n, ymd(year, 1, 2), "2nd January", "2nd January (substitute day)");
    if (ni)
        n = add_rule(days, n, ymd(year, 3, 17), "St Patrick's Day",
                     "St Patrick's Day (substitute day)");
    n = add_rule(days, n, easter - 2, "Good Friday", NULL);
    if (!scotland)
        n = add_rule(days, n, easter + 1, "Easter Monday", NULL);

    /* Early May: first Monday, moved to Friday 8 May for the VE day anniversaries. */
    if (year == 1995 || year == 2020)
        n = add_rule(days, n, ymd(year, 5, 8), "Early May bank holiday (VE day)", NULL);
    else if (year >= 1978)
        n = add_rule(days, n, monday_on_or_after(ymd(year, 5, 1)), "Early May bank holiday", NULL);

    /* Spring: last Monday of May, unless moved for a jubilee. */
    const moved_spring *moved = NULL;
    for (size_t i = 0; i < sizeof moved_springs / sizeof moved_springs[0]; i++)
        if (moved_springs[i].year == year)
            moved = &moved_springs[i];
    if (moved) {
        n = add_rule(days, n, ymd(year, moved->month, moved->day), moved->name, NULL);
        n = add_rule(days, n, ymd(year, moved->extra_month, moved->extra_day), moved->extra_name,
                     NULL);
    } else {
        n = add_rule(days, n, monday_on_or_before(ymd(year, 5, 31)), "Spring bank holiday", NULL);
    }

    if (ni)
        n = add_rule(days, n, ymd(year, 7, 12), "Battle of the Boyne (Orangemen's Day)",
                     "Battle of the Boyne (substitute day)");
    if (scotland)
        n = add_rule(days, n, monday_on_or_after(ymd(year, 8, 1)), "Summer bank holiday", NULL);
    else
        n = add_rule(days, n, monday_on_or_before(ymd(year, 8, 31)), "Summer bank holiday", NULL);
    if (scotland && year >= 2007)
        n = add_rule(days, n, ymd(year, 11, 30), "St Andrew's Day",
                     "St Andrew's Day (substitute day)");
    n = add_rule(days, n, ymd(year, 12, 25), "Christmas Day", "Christmas Day (substitute day)");
    n = add_rule(days, n, ymd(year, 12, 26), "Boxing Day", "Boxing Day (substitute day)");

    for (size_t i = 0; i < sizeof one_offs / sizeof one_offs[0]; i++)
        if (one_offs[i].year == year)
            n = add_rule(days, n, ymd(year, one_offs[i].month, one_offs[i].day), one_offs[i].name,
                         NULL);

    /* Weekday holidays keep their date; then each weekend holiday, in date
     * order, moves to the next weekday that is not already a holiday — so when
     * Christmas is a Sunday, Boxing Day stays on Monday and Christmas moves to
     * Tuesday, and when both fall at the weekend they take Monday and Tuesday. */
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (!is_weekend(days[i].date) || !days[i].substitute_name)
            out[count++] = (sa_holiday){days[i].date, days[i].name};
    for (size_t i = 0; i < n; i++) {
        if (!is_weekend(days[i].date) || !days[i].substitute_name)
            continue;
        sa_date d = days[i].date + 1;
        while (is_weekend(d) || taken(out, count, d))
            d++;
        out[count++] = (sa_holiday){d, days[i].substitute_name};
    }

    /* Insertion sort: a dozen entries. */
    for (size_t i = 1; i < count; i++) {
        sa_holiday h = out[i];
        size_t j = i;
        while (j > 0 && out[j - 1].date > h.date) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = h;
    }
    return count;
}

static int year_of(sa_date d)
{
    int y;
    sa_date_to_ymd(d, &y, NULL, NULL);
    return y;
}

static const char *builtin_name(sa_region region, sa_date date)
{
    sa_holiday hs[SA_CALENDAR_MAX_PER_YEAR];
    size_t n = sa_calendar_year_holidays(region, year_of(date), hs);
    for (size_t i = 0; i < n; i++)
        if (hs[i].date == date)
            return hs[i].name;
    return NULL;
}

/* Index of the first extra holiday >= d. */
static size_t extra_lower_bound(const sa_calendar *cal, sa_date d)
{
    size_t lo = 0, hi = cal->nextra_holidays;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cal->extra_holidays[mid] < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool is_extra(const sa_calendar *cal, sa_date d)
{
    if (!cal->extra_holidays || cal->nextra_holidays == 0)
        return false;
    size_t i = extra_lower_bound(cal, d);
    return i < cal->nextra_holidays && cal->extra_holidays[i] == d;
}

bool sa_calendar_is_holiday(const sa_calendar *cal, sa_date date)
{
    return builtin_name(cal->region, date) != NULL || is_extra(cal, date);
}

const char *sa_calendar_holiday_name(const sa_calendar *cal, sa_date date)
{
    const char *name = builtin_name(cal->region, date);
    if (name)
        return name;
    if (is_extra(cal, date))
        return "Extra holiday (specification)";
    return NULL;
}

bool sa_calendar_is_working_day(const sa_calendar *cal, sa_date date)
{
    return !is_weekend(date) && !sa_calendar_is_holiday(cal, date);
}

/* Number of Monday-Friday days d <= n, counted from the Monday 1970-01-05
 * (negative before it); differences of this give weekdays in a range. */
static int64_t weekdays_upto(sa_date n)
{
    int64_t m = (int64_t)n - 4; /* 1970-01-05 is day 4 and a Monday */
    int64_t weeks = m >= 0 ? m / 7 : -((-m + 6) / 7);
    int64_t rem = m - weeks * 7; /* 0 = Monday .. 6 = Sunday */
    return weeks * 5 + (rem + 1 < 5 ? rem + 1 : 5);
}

/* Working days d with from < d <= to (from <= to). */
static int64_t working_days_in(const sa_calendar *cal, sa_date from, sa_date to)
{
    int64_t count = weekdays_upto(to) - weekdays_upto(from);
    if (count <= 0)
        return 0;
    int y0 = year_of(from + 1);
    int y1 = year_of(to);
    for (int y = y0; y <= y1; y++) {
        sa_holiday hs[SA_CALENDAR_MAX_PER_YEAR];
        size_t n = sa_calendar_year_holidays(cal->region, y, hs);
        for (size_t i = 0; i < n; i++)
            if (hs[i].date > from && hs[i].date <= to && !is_weekend(hs[i].date))
                count--;
    }
    if (cal->extra_holidays && cal->nextra_holidays) {
        sa_date prev = SA_DATE_NONE;
        for (size_t i = extra_lower_bound(cal, from + 1);
             i < cal->nextra_holidays && cal->extra_holidays[i] <= to; i++) {
            sa_date d = cal->extra_holidays[i];
            /* Skip repeats, weekends and days already counted as bank holidays. */
            if (d == prev || is_weekend(d) || builtin_name(cal->region, d))
                continue;
            prev = d;
            count--;
        }
    }
    return count;
}

int sa_calendar_working_days_between(const sa_calendar *cal, sa_datetime a, sa_datetime b)
{
    sa_date da = sa_datetime_date(a);
    sa_date db = sa_datetime_date(b);
    if (da <= db)
        return (int)working_days_in(cal, da, db);
    return -(int)working_days_in(cal, db, da);
}

/* Refills the memo with the years around `d`; false when it cannot hold them. */
static bool memo_fill(sa_workday_memo *m, const sa_calendar *cal, sa_date d)
{
    int y0 = year_of(d) - 1;
    m->lo = m->hi = 0;
    m->n = 0;
    m->too_many = false;
    if (y0 < 1583 || y0 + SA_WORKDAY_MEMO_YEARS > 9999)
        return false;
    for (int y = y0; y < y0 + SA_WORKDAY_MEMO_YEARS; y++) {
        sa_holiday hs[SA_CALENDAR_MAX_PER_YEAR];
        size_t n = sa_calendar_year_holidays(cal->region, y, hs);
        for (size_t i = 0; i < n; i++)
            if (!is_weekend(hs[i].date))
                m->dates[m->n++] = hs[i].date;
    }
    sa_date lo = ymd(y0, 1, 1), hi = ymd(y0 + SA_WORKDAY_MEMO_YEARS, 1, 1);
    for (size_t i = 0; cal->extra_holidays && i < cal->nextra_holidays; i++) {
        sa_date x = cal->extra_holidays[i];
        if (x < lo || x >= hi || is_weekend(x))
            continue;
        bool seen = false;
        for (size_t k = 0; k < m->n && !seen; k++)
            seen = m->dates[k] == x;
        if (seen)
            continue;
        if (m->n == SA_WORKDAY_MEMO_MAX_DAYS) {
            /* Too many days to hold: remember the years, so that rows in
             * them are counted exactly without another attempt each. */
            m->n = 0;
            m->lo = lo;
            m->hi = hi;
            m->too_many = true;
            return false;
        }
        m->dates[m->n++] = x;
    }
    for (size_t i = 1; i < m->n; i++) {
        sa_date x = m->dates[i];
        size_t j = i;
        while (j > 0 && m->dates[j - 1] > x) {
            m->dates[j] = m->dates[j - 1];
            j--;
        }
        m->dates[j] = x;
    }
    m->lo = lo;
    m->hi = hi;
    assert((size_t)(hi - lo) <= sizeof m->upto / sizeof *m->upto);
    uint16_t run = 0;
    for (size_t k = 0, i = 0; lo + (sa_date)i < hi; i++) {
        sa_date day = lo + (sa_date)i;
        bool holiday = false;
        while (k < m->n && m->dates[k] == day) {
            holiday = true;
            k++;
        }
        if (!holiday && !is_weekend(day))
            run++;
        m->upto[i] = run;
    }
    return true;
}

/* Working days in [lo, d] for lo - 1 <= d < hi. */
static int64_t memo_upto(const sa_workday_memo *m, sa_date d)
{
    return d < m->lo ? 0 : m->upto[d - m->lo];
}

/* working_days_in() from the memo when [from + 1, to] lies inside it. */
static int64_t memo_working_days_in(sa_workday_memo *m, const sa_calendar *cal, sa_date from,
                                    sa_date to)
{
    if (to <= from)
        return 0;
    if (from + 1 < m->lo || to >= m->hi) {
        if (!memo_fill(m, cal, from + 1) || to >= m->hi)
            return working_days_in(cal, from, to);
    } else if (m->too_many) {
        return working_days_in(cal, from, to);
    }
    return memo_upto(m, to) - memo_upto(m, from);
}

int sa_calendar_working_days_memo(sa_workday_memo *memo, const sa_calendar *cal, sa_datetime a,
                                  sa_datetime b)
{
    sa_date da = sa_datetime_date(a);
    sa_date db = sa_datetime_date(b);
    if (da <= db)
        return (int)memo_working_days_in(memo, cal, da, db);
    return -(int)memo_working_days_in(memo, cal, db, da);
}
