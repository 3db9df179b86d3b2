/* test_calendar.c — UK bank holidays by region, Easter, substitute and
 * one-off days, working days. */
/* cmocka.h needs these headers first. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <string.h>

#include "core/calendar.h"
#include "core/datetime.h"

static sa_date D(const char *iso)
{
    sa_date d = 0;
    assert_true(sa_date_parse_iso(iso, strlen(iso), &d));
    return d;
}

static sa_datetime DT(const char *iso)
{
    sa_datetime dt = 0;
    assert_true(sa_datetime_parse_iso(iso, strlen(iso), &dt));
    return dt;
}

static const sa_calendar EW = {SA_REGION_ENGLAND_WALES, NULL, 0};
static const sa_calendar SCOT = {SA_REGION_SCOTLAND, NULL, 0};
static const sa_calendar NI = {SA_REGION_NORTHERN_IRELAND, NULL, 0};

static void assert_year(const sa_calendar *cal, int year, const char *const *expected, size_t n)
{
    sa_holiday hs[SA_CALENDAR_MAX_PER_YEAR];
    size_t got = sa_calendar_year_holidays(cal->region, year, hs);
    char buf[11];
    for (size_t i = 0; i < got && i < n; i++) {
        sa_date_format(hs[i].date, buf);
        assert_string_equal(buf, expected[i]);
    }
    assert_int_equal(got, n);
}

static void test_easter_known_dates(void **state)
{
    (void)state;
    static const char *const easter[] = {
        "2000-04-23", "2001-04-15", "2002-03-31", "2003-04-20", "2004-04-11", "2005-03-27",
        "2006-04-16", "2007-04-08", "2008-03-23", "2009-04-12", "2010-04-04", "2011-04-24",
        "2012-04-08", "2013-03-31", "2014-04-20", "2015-04-05", "2016-03-27", "2017-04-16",
        "2018-04-01", "2019-04-21", "2020-04-12", "2021-04-04", "2022-04-17", "2023-04-09",
        "2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28", "2028-04-16", "2029-04-01",
        "2030-04-21",
    };
    for (size_t i = 0; i < sizeof easter / sizeof easter[0]; i++) {
        char buf[11];
        sa_date_format(sa_easter_sunday(2000 + (int)i), buf);
        assert_string_equal(buf, easter[i]);
    }
}

static void test_easter_extremes(void **state)
{
    (void)state;
    /* Earliest and latest possible Easter Sundays, and a far-future year. */
    assert_int_equal(sa_easter_sunday(1818), D("1818-03-22"));
    assert_int_equal(sa_easter_sunday(2285), D("2285-03-22"));
    assert_int_equal(sa_easter_sunday(1943), D("1943-04-25"));
    assert_int_equal(sa_easter_sunday(2038), D("2038-04-25"));
    assert_int_equal(sa_date_weekday(sa_easter_sunday(2107)), 6);
}

static void test_england_2024(void **state)
{
    (void)state;
    static const char *const want[] = {"2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06",
                                       "2024-05-27", "2024-08-26", "2024-12-25", "2024-12-26"};
    assert_year(&EW, 2024, want, 8);
    assert_string_equal(sa_calendar_holiday_name(&EW, D("2024-03-29")), "Good Friday");
    assert_string_equal(sa_calendar_holiday_name(&EW, D("2024-05-27")), "Spring bank holiday");
    assert_null(sa_calendar_holiday_name(&EW, D("2024-05-28")));
}

static void test_england_2022_jubilee_and_funeral(void **state)
{
    (void)state;
    static const char *const want[] = {"2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02",
                                       "2022-06-02", "2022-06-03", "2022-08-29", "2022-09-19",
                                       "2022-12-26", "2022-12-27"};
    assert_year(&EW, 2022, want, 10);
    assert_false(sa_calendar_is_holiday(&EW, D("2022-05-30"))); /* last Monday of May, moved */
    assert_string_equal(sa_calendar_holiday_name(&EW, D("2022-06-03")),
                        "Platinum Jubilee bank holiday");
    assert_string_equal(sa_calendar_holiday_name(&EW, D("2022-09-19")),
                        "State funeral of Queen Elizabeth II");
}

static void test_moved_early_may_1995_2020(void **state)
{
    (void)state;
    assert_true(sa_calendar_is_holiday(&EW, D("1995-05-08")));
    assert_false(sa_calendar_is_holiday(&EW, D("1995-05-01")));
    assert_true(sa_calendar_is_holiday(&EW, D("2020-05-08")));
    assert_false(sa_calendar_is_holiday(&EW, D("2020-05-04")));
    assert_int_equal(sa_date_weekday(D("2020-05-08")), 4); /* a Friday */
    assert_string_equal(sa_calendar_holiday_name(&EW, D("2020-05-08")),
                        "Early May bank holiday (VE day)");
    /* Other years keep the first Monday. */
    assert_true(sa_calendar_is_holiday(&EW, D("2021-05-03")));
    assert_true(sa_calendar_is_holiday(&SCOT, D("2020-05-08")));
}

static void test_jubilees_2002_2012(void **state)
{
    (void)state;
    assert_true(sa_calendar_is_holiday(&EW, D("2002-06-03")));
    assert_true(sa_calendar_is_holiday(&EW, D("2002-06-04")));
    assert_false(sa_calendar_is_holiday(&EW, D("2002-05-27")));
    assert_string_equal(sa_calendar_holiday_name(&EW, D("2002-06-03")),
                        "Golden Jubilee bank holiday");
    assert_true(sa_calendar_is_holiday(&EW, D("2012-06-04")));
    assert_true(sa_calendar_is_holiday(&EW, D("2012-06-05")));
    assert_false(sa_calendar_is_holiday(&EW, D("2012-05-28")));
    assert_string_equal(sa_calendar_holiday_name(&EW, D("2012-06-05")), "Queen's Diamond Jubilee");
}

static void test_one_off_days(void **state)
{
    (void)state;
    assert_string_equal(sa_calendar_holiday_name(&EW, D("1999-12-31")), "Millennium celebrations");
    assert_string_equal(sa_calendar_holiday_name(&EW, D("2011-04-29")), "Royal wedding");
    assert_string_equal(sa_calendar_holiday_name(&EW, D("2023-05-08")),
                        "Coronation of King Charles III");
    assert_true(
        sa_calendar_is_holiday(&EW, D("2023-05-01"))); /* the usual early May holiday stays */
    assert_true(sa_calendar_is_holiday(&SCOT, D("2023-05-08")));
    assert_true(sa_calendar_is_holiday(&NI, D("2011-04-29")));
    assert_false(sa_calendar_is_holiday(&EW, D("2010-04-29")));
}

static void test_christmas_both_at_weekend(void **state)
{
    (void)state;
    /* 2021: Christmas Saturday, Boxing Day Sunday -> Monday 27 and Tuesday 28. */
    assert_false(sa_calendar_is_working_day(&EW, D("2021-12-27")));
    assert_false(sa_calendar_is_working_day(&EW, D("2021-12-28")));
    assert_true(sa_calendar_is_working_day(&EW, D("2021-12-29")));
    assert_string_equal(sa_calendar_holiday_name(&EW, D("2021-12-27")),
                        "Christmas Day (substitute day)");
    assert_string_equal(sa_calendar_holiday_name(&EW, D("2021-12-28")),
                        "Boxing Day (substitute day)");
    /* The weekend days themselves still carry their names. */
    assert_null(sa_calendar_holiday_name(&EW, D("2021-12-25")));
}

static void test_christmas_on_sunday(void **state)
{
    (void)state;
    /* 2022: Christmas Sunday: Boxing Day keeps Monday, Christmas moves to Tuesday. */
    assert_string_equal(sa_calendar_holiday_name(&EW, D("2022-12-26")), "Boxing Day");
    assert_string_equal(sa_calendar_holiday_name(&EW, D("2022-12-27")),
                        "Christmas Day (substitute day)");
    assert_true(sa_calendar_is_working_day(&EW, D("2022-12-28")));
    /* 2020: Boxing Day Saturday -> Monday 28. */
    assert_string_equal(sa_calendar_holiday_name(&EW, D("2020-12-28")),
                        "Boxing Day (substitute day)");
    assert_true(sa_calendar_is_working_day(&EW, D("2020-12-29")));
}

static void test_new_year_substitutes(void **state)
{
    (void)state;
    assert_string_equal(sa_calendar_holiday_name(&EW, D("2022-01-03")),
                        "New Year's Day (substitute day)");
    assert_string_equal(sa_calendar_holiday_name(&EW, D("2023-01-02")),
                        "New Year's Day (substitute day)");
    assert_true(sa_calendar_is_working_day(&EW, D("2023-01-03")));
}

static void test_scotland_rules(void **state)
{
    (void)state;
    static const char *const want[] = {"2024-01-01", "2024-01-02", "2024-03-29",
                                       "2024-05-06", "2024-05-27", "2024-08-05",
                                       "2024-12-02", "2024-12-25", "2024-12-26"};
    assert_year(&SCOT, 2024, want, 9);
    assert_false(sa_calendar_is_holiday(&SCOT, D("2024-04-01"))); /* no Easter Monday */
    assert_false(sa_calendar_is_holiday(&SCOT, D("2024-08-26")));
    assert_string_equal(sa_calendar_holiday_name(&SCOT, D("2024-12-02")),
                        "St Andrew's Day (substitute day)");
    assert_string_equal(sa_calendar_holiday_name(&SCOT, D("2023-11-30")), "St Andrew's Day");
}

static void test_scotland_new_year_pair_at_weekend(void **state)
{
    (void)state;
    /* 2022: 1 Jan Saturday and 2 Jan Sunday -> Monday 3 and Tuesday 4. */
    assert_false(sa_calendar_is_working_day(&SCOT, D("2022-01-03")));
    assert_false(sa_calendar_is_working_day(&SCOT, D("2022-01-04")));
    assert_true(sa_calendar_is_working_day(&SCOT, D("2022-01-05")));
    /* 2023: 1 Jan Sunday; 2 Jan Monday keeps its day, New Year moves to Tuesday 3. */
    assert_false(sa_calendar_is_working_day(&SCOT, D("2023-01-02")));
    assert_false(sa_calendar_is_working_day(&SCOT, D("2023-01-03")));
    assert_true(sa_calendar_is_working_day(&EW, D("2023-01-03")));
}

static void test_northern_ireland_rules(void **state)
{
    (void)state;
    /* 2024: St Patrick's Day is a Sunday -> Monday 18 March. */
    assert_string_equal(sa_calendar_holiday_name(&NI, D("2024-03-18")),
                        "St Patrick's Day (substitute day)");
    assert_false(sa_calendar_is_holiday(&EW, D("2024-03-18")));
    assert_true(sa_calendar_is_holiday(&NI, D("2024-07-12")));
    /* 2025: the Boyne holiday (12 July) is a Saturday -> Monday 14 July. */
    assert_true(sa_calendar_is_holiday(&NI, D("2025-07-14")));
    assert_true(sa_calendar_is_holiday(&NI, D("2025-04-21"))); /* Easter Monday */
    assert_true(sa_calendar_is_holiday(&NI, D("2025-08-25"))); /* last Monday of August */
}

static void test_extra_holidays(void **state)
{
    (void)state;
    sa_date extra[] = {D("2007-12-24"), D("2007-12-27"), D("2007-12-29")};
    sa_calendar cal = {SA_REGION_ENGLAND_WALES, extra, 3};
    assert_true(sa_calendar_is_holiday(&cal, D("2007-12-27")));
    assert_false(sa_calendar_is_holiday(&EW, D("2007-12-27")));
    assert_string_equal(sa_calendar_holiday_name(&cal, D("2007-12-27")),
                        "Extra holiday (specification)");
    assert_string_equal(sa_calendar_holiday_name(&cal, D("2007-12-25")), "Christmas Day");
    /* Fri 21 Dec -> Mon 31 Dec 2007: weekdays 24-28, 31 minus 24, 25, 26, 27 (29 is a Saturday). */
    assert_int_equal(
        sa_calendar_working_days_between(&cal, DT("2007-12-21T10:00"), DT("2007-12-31T10:00")), 2);
    assert_int_equal(
        sa_calendar_working_days_between(&EW, DT("2007-12-21T10:00"), DT("2007-12-31T10:00")), 4);
}

static void test_working_days_basics(void **state)
{
    (void)state;
    /* Friday to Monday is one working day; the same day is zero; reversed is negative. */
    assert_int_equal(
        sa_calendar_working_days_between(&EW, DT("2024-06-07T16:00"), DT("2024-06-10T09:00")), 1);
    assert_int_equal(
        sa_calendar_working_days_between(&EW, DT("2024-06-10T08:00"), DT("2024-06-10T18:00")), 0);
    assert_int_equal(
        sa_calendar_working_days_between(&EW, DT("2024-06-10T09:00"), DT("2024-06-07T16:00")), -1);
    /* Saturday to Sunday: none. */
    assert_int_equal(
        sa_calendar_working_days_between(&EW, DT("2024-06-08T09:00"), DT("2024-06-09T09:00")), 0);
    /* A whole leap year: 262 weekdays minus 8 bank holidays. */
    assert_int_equal(
        sa_calendar_working_days_between(&EW, DT("2023-12-31T00:00"), DT("2024-12-31T00:00")), 254);
}

static void test_working_days_christmas_new_year(void **state)
{
    (void)state;
    /* Tue 24 Dec 2024 -> Fri 27 Dec: 25 and 26 are holidays. */
    assert_int_equal(
        sa_calendar_working_days_between(&EW, DT("2024-12-24T15:00"), DT("2024-12-27T09:00")), 1);
    /* Fri 20 Dec 2024 -> Thu 2 Jan 2025: 23, 24, 27, 30, 31 Dec and 2 Jan. */
    assert_int_equal(
        sa_calendar_working_days_between(&EW, DT("2024-12-20T12:00"), DT("2025-01-02T12:00")), 6);
    /* Across the 2021 double substitute: Fri 24 Dec -> Wed 29 Dec is one working day. */
    assert_int_equal(
        sa_calendar_working_days_between(&EW, DT("2021-12-24T12:00"), DT("2021-12-29T12:00")), 1);
    /* Scotland loses 2 January too: Wed 31 Dec 2025 -> Mon 5 Jan 2026. */
    assert_int_equal(
        sa_calendar_working_days_between(&EW, DT("2025-12-31T12:00"), DT("2026-01-05T12:00")), 2);
    assert_int_equal(
        sa_calendar_working_days_between(&SCOT, DT("2025-12-31T12:00"), DT("2026-01-05T12:00")), 1);
}

static void test_working_days_easter(void **state)
{
    (void)state;
    /* Thu 17 Apr 2025 -> Tue 22 Apr: Good Friday and Easter Monday skipped (England). */
    assert_int_equal(
        sa_calendar_working_days_between(&EW, DT("2025-04-17T12:00"), DT("2025-04-22T12:00")), 1);
    /* Scotland works Easter Monday. */
    assert_int_equal(
        sa_calendar_working_days_between(&SCOT, DT("2025-04-17T12:00"), DT("2025-04-22T12:00")), 2);
}

static void test_working_days_match_day_by_day(void **state)
{
    (void)state;
    /* The fast count equals a day-by-day count for every region over 1999-2024 spans. */
    const sa_calendar *cals[] = {&EW, &SCOT, &NI};
    uint32_t seed = 12345;
    for (int k = 0; k < 300; k++) {
        seed = seed * 1103515245u + 12345u;
        sa_date a = D("1999-01-01") + (sa_date)(seed >> 8) % 9000;
        seed = seed * 1103515245u + 12345u;
        sa_date b = a + (sa_date)((seed >> 8) % 800);
        const sa_calendar *cal = cals[k % 3];
        int want = 0;
        for (sa_date d = a + 1; d <= b; d++)
            want += sa_calendar_is_working_day(cal, d);
        assert_int_equal(sa_calendar_working_days_between(cal, sa_datetime_make(a, 3600),
                                                          sa_datetime_make(b, 60)),
                         want);
        assert_int_equal(
            sa_calendar_working_days_between(cal, sa_datetime_make(b, 0), sa_datetime_make(a, 0)),
            -want);
    }
}

static void test_working_days_memo_matches(void **state)
{
    (void)state;
    /* The memo gives the uncached count for rows in date order, out of order,
     * reversed, across year ends, beyond its span, with extra holidays (one on
     * a weekend, one repeating a bank holiday) and with dates it cannot hold. */
    sa_date extra[] = {D("2007-12-24"), D("2007-12-25"), D("2007-12-29"), D("2011-04-29")};
    sa_calendar with_extra = {SA_REGION_ENGLAND_WALES, extra, 4};
    const sa_calendar *cals[] = {&EW, &SCOT, &NI, &with_extra};
    for (size_t c = 0; c < 4; c++) {
        sa_workday_memo memo;
        memset(&memo, 0, sizeof memo);
        uint32_t seed = 777u + (uint32_t)c;
        for (int k = 0; k < 2000; k++) {
            seed = seed * 1103515245u + 12345u;
            sa_date a = D("2005-01-01") + (sa_date)((seed >> 8) % 2500);
            seed = seed * 1103515245u + 12345u;
            /* mostly short spans, some longer than the memo's four years */
            sa_date span = (sa_date)((seed >> 8) % (k % 10 == 0 ? 2000 : 40));
            sa_date b = (k % 3 == 0) ? a - span : a + span;
            sa_datetime ta = sa_datetime_make(a, 3600), tb = sa_datetime_make(b, 60);
            assert_int_equal(sa_calendar_working_days_memo(&memo, cals[c], ta, tb),
                             sa_calendar_working_days_between(cals[c], ta, tb));
        }
        /* Outside 1583-9999 the memo is not used, and the count is still right. */
        sa_date early = 0;
        assert_true(sa_date_from_ymd(1200, 3, 1, &early));
        assert_int_equal(sa_calendar_working_days_memo(&memo, cals[c], sa_datetime_make(early, 0),
                                                       sa_datetime_make(early + 30, 0)),
                         sa_calendar_working_days_between(cals[c], sa_datetime_make(early, 0),
                                                          sa_datetime_make(early + 30, 0)));
    }
}

static int memo_days(sa_workday_memo *m, const sa_calendar *cal, sa_date a, sa_date b)
{
    return sa_calendar_working_days_memo(m, cal, sa_datetime_make(a, 0), sa_datetime_make(b, 0));
}

static int plain_days(const sa_calendar *cal, sa_date a, sa_date b)
{
    return sa_calendar_working_days_between(cal, sa_datetime_make(a, 0), sa_datetime_make(b, 0));
}

static void test_working_days_memo_edges(void **state)
{
    (void)state;
    sa_workday_memo m;
    /* A fresh memo filled from 2010 holds 2009-2012: a span ending on New
     * Year's Day 2013 (a Tuesday holiday) is just past it. */
    memset(&m, 0, sizeof m);
    assert_int_equal(memo_days(&m, &EW, D("2010-03-01"), D("2013-01-01")),
                     plain_days(&EW, D("2010-03-01"), D("2013-01-01")));
    assert_int_equal(memo_days(&m, &EW, D("2012-12-28"), D("2013-01-02")), 2); /* Fri -> Wed: 31, 2 */
    /* A span starting the day before the memo's first day, on an extra holiday. */
    sa_date eve[] = {D("2008-12-31")};
    sa_calendar with_eve = {SA_REGION_ENGLAND_WALES, eve, 1};
    memset(&m, 0, sizeof m);
    assert_int_equal(memo_days(&m, &with_eve, D("2010-06-01"), D("2010-06-08")), 5);
    assert_int_equal(memo_days(&m, &with_eve, D("2008-12-30"), D("2009-01-05")),
                     plain_days(&with_eve, D("2008-12-30"), D("2009-01-05")));
    assert_int_equal(plain_days(&with_eve, D("2008-12-30"), D("2009-01-05")), 2); /* 2 and 5 Jan */
    /* More extra holidays than the memo holds (every weekday of 2010 bar Fridays,
     * repeated), in Scotland: the counts are still exact, and a later call
     * within range after the failed fill too. */
    static sa_date many[2 * 366];
    size_t nmany = 0;
    for (sa_date d = D("2010-01-01"); d < D("2011-01-01"); d++)
        if (sa_date_weekday(d) < 4) {
            many[nmany++] = d;
            many[nmany++] = d;
        }
    sa_calendar crowded = {SA_REGION_SCOTLAND, many, nmany};
    memset(&m, 0, sizeof m);
    const sa_date spans[][2] = {{D("2010-02-01"), D("2010-03-01")},
                                {D("2009-12-20"), D("2011-01-10")},
                                {D("2012-05-01"), D("2012-06-01")},
                                {D("2010-12-20"), D("2010-12-31")}};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(memo_days(&m, &crowded, spans[i][0], spans[i][1]),
                         plain_days(&crowded, spans[i][0], spans[i][1]));
    assert_int_equal(memo_days(&m, &crowded, D("2010-02-01"), D("2010-02-08")), 1); /* Fri 5th */
    /* Northern Ireland with repeated extra days, and the edges of the Gregorian
     * range the built-in rules cover. */
    sa_date twice[] = {D("2024-07-15"), D("2024-07-15"), D("2024-07-16")};
    sa_calendar ni_extra = {SA_REGION_NORTHERN_IRELAND, twice, 3};
    memset(&m, 0, sizeof m);
    assert_int_equal(memo_days(&m, &ni_extra, D("2024-07-10"), D("2024-07-19")),
                     plain_days(&ni_extra, D("2024-07-10"), D("2024-07-19")));
    sa_date edge = 0;
    const int years[] = {1583, 1584, 1585, 9995, 9998, 9999};
    for (size_t i = 0; i < 6; i++) {
        assert_true(sa_date_from_ymd(years[i], 3, 1, &edge));
        for (size_t c = 0; c < 3; c++) {
            const sa_calendar *cal = c == 0 ? &EW : c == 1 ? &SCOT : &NI;
            memset(&m, 0, sizeof m); /* a memo serves one calendar */
            assert_int_equal(memo_days(&m, cal, edge, edge + 280), plain_days(cal, edge, edge + 280));
            assert_int_equal(memo_days(&m, cal, edge + 280, edge), plain_days(cal, edge + 280, edge));
        }
    }
}

static void test_every_year_sane(void **state)
{
    (void)state;
    /* Every built-in holiday from 1995 to 2035 is a weekday, unique and in date order. */
    const sa_calendar *cals[] = {&EW, &SCOT, &NI};
    for (size_t c = 0; c < 3; c++) {
        for (int y = 1995; y <= 2035; y++) {
            sa_holiday hs[SA_CALENDAR_MAX_PER_YEAR];
            size_t n = sa_calendar_year_holidays(cals[c]->region, y, hs);
            assert_true(n >= 8 && n <= 12);
            for (size_t i = 0; i < n; i++) {
                assert_true(sa_date_weekday(hs[i].date) < 5);
                assert_non_null(hs[i].name);
                if (i)
                    assert_true(hs[i - 1].date < hs[i].date);
            }
        }
    }
}

static void test_older_rules(void **state)
{
    (void)state;
    /* 1977: spring holiday moved to 6 June with the Silver Jubilee on 7 June. */
    assert_true(sa_calendar_is_holiday(&EW, D("1977-06-06")));
    assert_string_equal(sa_calendar_holiday_name(&EW, D("1977-06-07")),
                        "Silver Jubilee bank holiday");
    assert_false(sa_calendar_is_holiday(&EW, D("1977-05-30")));
    /* No early May holiday before 1978. */
    assert_false(sa_calendar_is_holiday(&EW, D("1977-05-02")));
    assert_true(sa_calendar_is_holiday(&EW, D("1978-05-01")));
    /* St Andrew's Day from 2007 only. */
    assert_false(sa_calendar_is_holiday(&SCOT, D("2006-11-30")));
    assert_true(sa_calendar_is_holiday(&SCOT, D("2007-11-30")));
    sa_holiday hs[SA_CALENDAR_MAX_PER_YEAR];
    assert_int_equal(sa_calendar_year_holidays(SA_REGION_ENGLAND_WALES, 1500, hs), 0);
}

static void test_northern_ireland_2022(void **state)
{
    (void)state;
    static const char *const want[] = {"2022-01-03", "2022-03-17", "2022-04-15", "2022-04-18",
                                       "2022-05-02", "2022-06-02", "2022-06-03", "2022-07-12",
                                       "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27"};
    assert_year(&NI, 2022, want, 12);
}

static void test_scotland_2022(void **state)
{
    (void)state;
    static const char *const want[] = {"2022-01-03", "2022-01-04", "2022-04-15", "2022-05-02",
                                       "2022-06-02", "2022-06-03", "2022-08-01", "2022-09-19",
                                       "2022-11-30", "2022-12-26", "2022-12-27"};
    assert_year(&SCOT, 2022, want, 11);
}

static void test_region_names(void **state)
{
    (void)state;
    sa_region r;
    assert_true(sa_region_parse("scotland", &r));
    assert_int_equal(r, SA_REGION_SCOTLAND);
    assert_true(sa_region_parse("northern-ireland", &r));
    assert_string_equal(sa_region_name(r), "northern-ireland");
    assert_false(sa_region_parse("wales", &r));
    assert_string_equal(sa_region_name(SA_REGION_ENGLAND_WALES), "england-and-wales");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_easter_known_dates),
        cmocka_unit_test(test_easter_extremes),
        cmocka_unit_test(test_england_2024),
        cmocka_unit_test(test_england_2022_jubilee_and_funeral),
        cmocka_unit_test(test_moved_early_may_1995_2020),
        cmocka_unit_test(test_jubilees_2002_2012),
        cmocka_unit_test(test_one_off_days),
        cmocka_unit_test(test_christmas_both_at_weekend),
        cmocka_unit_test(test_christmas_on_sunday),
        cmocka_unit_test(test_new_year_substitutes),
        cmocka_unit_test(test_scotland_rules),
        cmocka_unit_test(test_scotland_new_year_pair_at_weekend),
        cmocka_unit_test(test_northern_ireland_rules),
        cmocka_unit_test(test_extra_holidays),
        cmocka_unit_test(test_working_days_basics),
        cmocka_unit_test(test_working_days_christmas_new_year),
        cmocka_unit_test(test_working_days_easter),
        cmocka_unit_test(test_working_days_match_day_by_day),
        cmocka_unit_test(test_working_days_memo_matches),
        cmocka_unit_test(test_working_days_memo_edges),
        cmocka_unit_test(test_every_year_sane),
        cmocka_unit_test(test_older_rules),
        cmocka_unit_test(test_northern_ireland_2022),
        cmocka_unit_test(test_scotland_2022),
        cmocka_unit_test(test_region_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
