/*
 * calendar.h — UK bank holidays and working days.
 *
 * A calendar is a region's statutory rules (with the one-off and moved days
 * of 1995-2035 built in) plus any extra closure days a specification lists.
 * Working days are Monday to Friday that are not holidays of the calendar.
 *
 * Ownership: a calendar value may point at an array owned by the spec arena;
 * the functions never keep pointers. All functions are thread-safe, given one
 * sa_workday_memo per thread.
 */
#ifndef SA_CALENDAR_H
#define SA_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/datetime.h"

typedef enum sa_region {
    SA_REGION_ENGLAND_WALES = 0,
    SA_REGION_SCOTLAND = 1,
    SA_REGION_NORTHERN_IRELAND = 2,
} sa_region;

typedef struct sa_calendar {
    sa_region region;
    const sa_date *extra_holidays; /* sorted ascending; may be NULL */
    size_t nextra_holidays;
} sa_calendar;

/** "england-and-wales", "scotland", "northern-ireland". */
bool sa_region_parse(const char *name, sa_region *out);
const char *sa_region_name(sa_region region);

/** Easter Sunday (Gregorian computus) for years 1583-9999. */
sa_date sa_easter_sunday(int year);
/** True when `date` is a bank holiday (incl. substitute and one-off days) in the calendar. */
bool sa_calendar_is_holiday(const sa_calendar *cal, sa_date date);
/** Name of the holiday on that date ("Christmas Day", "Boxing Day (substitute day)"), or NULL. */
const char *sa_calendar_holiday_name(const sa_calendar *cal, sa_date date);
/** Monday-Friday and not a holiday. */
bool sa_calendar_is_working_day(const sa_calendar *cal, sa_date date);
/**
 * Working days from `a` to `b`: the number of working days d with
 * date(a) < d <= date(b) — so a referral received on Friday and contacted on
 * Monday is 1 working day; the same day is 0. Negative when b is before a.
 */
int sa_calendar_working_days_between(const sa_calendar *cal, sa_datetime a, sa_datetime b);

/* A bank holiday of a region: its date and English name. */
typedef struct sa_holiday {
    sa_date date;
    const char *name; /* static string, e.g. "Boxing Day (substitute day)" */
} sa_holiday;

/* More than any region has in one year (Scotland 2022 has 11). */
#define SA_CALENDAR_MAX_PER_YEAR 16

/**
 * The region's built-in holidays in `year` (rules, moved and one-off days,
 * substitute days; not a calendar's extra days), in date order. Returns the
 * count written (<= SA_CALENDAR_MAX_PER_YEAR). Years outside 1583-9999 have none.
 */
size_t sa_calendar_year_holidays(sa_region region, int year, sa_holiday out[SA_CALENDAR_MAX_PER_YEAR]);

/* The weekday holidays of a few consecutive years, so that counting working
 * days row after row does not work out Easter and substitute days each time.
 * One per thread and calendar; zero-initialised it is empty. */
#define SA_WORKDAY_MEMO_YEARS 4
#define SA_WORKDAY_MEMO_MAX_DAYS 128
typedef struct sa_workday_memo {
    sa_date lo, hi; /* covers lo <= d < hi; empty when lo == hi */
    bool too_many;  /* lo..hi has more days than `dates` holds: count without it */
    size_t n;
    sa_date dates[SA_WORKDAY_MEMO_MAX_DAYS]; /* sorted, unique */
    /* Working days in [lo, lo + i]: a count between two dates is two loads. */
    uint16_t upto[SA_WORKDAY_MEMO_YEARS * 366];
} sa_workday_memo;

/** sa_calendar_working_days_between() through a memo (refilled as dates move on). */
int sa_calendar_working_days_memo(sa_workday_memo *memo, const sa_calendar *cal, sa_datetime a,
                                  sa_datetime b);
/** The same for two dates: inline, two loads, when both lie in the memo (most rows). */
static inline int sa_calendar_working_days_memo_dates(sa_workday_memo *memo, const sa_calendar *cal, sa_date a,
                                                      sa_date b)
{
    if (a == b)
        return 0;
    if (a < b && a + 1 >= memo->lo && b < memo->hi && !memo->too_many)
        return (int)memo->upto[b - memo->lo] - (a < memo->lo ? 0 : (int)memo->upto[a - memo->lo]);
    return sa_calendar_working_days_memo(memo, cal, sa_datetime_make(a, 0), sa_datetime_make(b, 0));
}

#endif
