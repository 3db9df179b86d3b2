/* calendar.c — placeholder until the bank-holiday calendar lands (owner: expressions). */
#include "core/calendar.h"

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
const char *sa_region_name(sa_region r)
{
    return r == SA_REGION_SCOTLAND ? "scotland" : r == SA_REGION_NORTHERN_IRELAND ? "northern-ireland" : "england-and-wales";
}
sa_date sa_easter_sunday(int year) { (void)year; return 0; }
bool sa_calendar_is_holiday(const sa_calendar *cal, sa_date date) { (void)cal; (void)date; return false; }
const char *sa_calendar_holiday_name(const sa_calendar *cal, sa_date date) { (void)cal; (void)date; return NULL; }
bool sa_calendar_is_working_day(const sa_calendar *cal, sa_date date) { (void)cal; return sa_date_weekday(date) < 5; }
int sa_calendar_working_days_between(const sa_calendar *cal, sa_datetime a, sa_datetime b) { (void)cal; (void)a; (void)b; return 0; }
