/*
 * datetime.h — civil dates, wall-clock datetimes, durations, and the
 * Europe/London clock (every UK calendar region shares it).
 *
 * sa_date      days since 1970-01-01 in the proleptic Gregorian calendar.
 * sa_datetime  *local wall-clock* seconds since 1970-01-01T00:00 — what a
 *              return or a rota says, with no time zone applied. Windows
 *              ("09:00-17:00") are compared on this clock.
 * instants     UTC seconds since the epoch (int64_t), obtained with
 *              sa_london_to_utc(); elapsed time and rota coverage are measured
 *              on instants, so the clock-change days are 23 and 25 hours long.
 * durations    seconds (int64_t).
 * All functions are pure and thread-safe.
 */
#ifndef SA_DATETIME_H
#define SA_DATETIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t sa_date;
typedef int64_t sa_datetime;

#define SA_SECONDS_PER_DAY 86400
#define SA_DATE_NONE INT32_MIN

/** Builds a date; false when the day does not exist (e.g. 2007-02-29). */
bool sa_date_from_ymd(int year, int month, int day, sa_date *out);
void sa_date_to_ymd(sa_date date, int *year, int *month, int *day);
bool sa_is_leap_year(int year);
int sa_days_in_month(int year, int month);
/** ISO weekday: 0 = Monday ... 6 = Sunday. */
int sa_date_weekday(sa_date date);
/** First day of the month / quarter (Apr, Jul, Oct, Jan: NHS financial quarters) / ISO week (Monday). */
sa_date sa_date_month_start(sa_date date);
sa_date sa_date_quarter_start(sa_date date);
sa_date sa_date_week_start(sa_date date);
/** Adds calendar months, clamping the day (31 Jan + 1 month = 28/29 Feb). */
sa_date sa_date_add_months(sa_date date, int months);

/** Parses exactly "YYYY-MM-DD". */
bool sa_date_parse_iso(const char *s, size_t len, sa_date *out);
/** Parses "YYYY-MM-DDTHH:MM[:SS]" (a space may replace T). "24:00" (and 24:00:00)
 *  is accepted as the end of that day. A trailing "Z" or "+HH:MM"/"-HH:MM" offset
 *  is converted to Europe/London wall-clock time. */
bool sa_datetime_parse_iso(const char *s, size_t len, sa_datetime *out);
/** Parses "HH:MM" (00:00 to 24:00) to minutes since midnight. */
bool sa_time_parse_hhmm(const char *s, size_t len, int *minutes);
/** Parses durations: "90" is not accepted; "30m", "4h", "2d", "1w", "1h30m", "PT4H", "00:30" (HH:MM). */
bool sa_duration_parse(const char *s, size_t len, int64_t *seconds);

/** Writes "YYYY-MM-DD" (11 bytes with NUL). */
void sa_date_format(sa_date date, char out[11]);
/** Writes a date in words, "1 April 2008" (24 bytes with NUL). */
void sa_date_format_long(sa_date date, char out[24]);
/** Writes "YYYY-MM-DDTHH:MM" or "...:SS" when seconds are not zero (20 bytes with NUL). */
void sa_datetime_format(sa_datetime dt, char out[20]);
/** Writes a duration such as "4h", "1h30m", "2d 3h" (at most 32 bytes with NUL). */
void sa_duration_format(int64_t seconds, char out[32]);

static inline sa_datetime sa_datetime_make(sa_date date, int seconds_of_day)
{
    return (sa_datetime)date * SA_SECONDS_PER_DAY + seconds_of_day;
}
static inline sa_date sa_datetime_date(sa_datetime dt)
{
    /* An instant from 1970 on divides unsigned: a multiply and shifts, without the
     * signed division's fix-up (the checks take several dates of every row). */
    if (dt >= 0)
        return (sa_date)((uint64_t)dt / SA_SECONDS_PER_DAY);
    return (sa_date)-((-dt + SA_SECONDS_PER_DAY - 1) / SA_SECONDS_PER_DAY);
}
static inline int sa_datetime_seconds_of_day(sa_datetime dt)
{
    return (int)(dt - (sa_datetime)sa_datetime_date(dt) * SA_SECONDS_PER_DAY);
}

/**
 * Europe/London wall clock to UTC instant. In the spring gap (01:00-02:00 on
 * the last Sunday of March) the wall time is read as GMT; in the autumn
 * overlap (01:00-02:00 on the last Sunday of October) as the first (BST) pass.
 */
int64_t sa_london_to_utc(sa_datetime local);
sa_datetime sa_utc_to_london(int64_t utc);

#endif
