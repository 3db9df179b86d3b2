/* test_checks_daily_activity.c — activity on each required weekday of every
 * ISO week, cut-short weeks, per-weekday evidence, merging. */
#include "test_checks_helpers.h"

#define DA_SPEC(from, to, days)                                                                               \
    SPEC_HEAD(from, to)                                                                                       \
    "datasets:\n  adm:\n    columns:\n      provider: {type: ods_code}\n      admitted_at: {type: datetime}\n" \
    "requirements:\n  - id: SPC-1\n    title: Beds\n    check:\n      kind: daily_activity\n"                \
    "      dataset: adm\n      at: admitted_at\n      days: " days "\n      target: \">= 50%\"\n"

static void admit(kfix *f, void *acc, uint64_t rec, const char *at)
{
    sa_value v[2] = {v_str("8HX01"), at ? v_dt(at) : v_empty()};
    kfix_row(f, acc, rec, "8HX01", v, 2);
}

static void test_weekends_per_week(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, DA_SPEC("2007-04-02", "2007-04-22", "sat,sun"), 0, 20);
    void *a = kfix_acc(&f), *b = kfix_acc(&f);
    admit(&f, a, 2, "2007-04-07T10:00"); /* week 1: Sat */
    admit(&f, b, 3, "2007-04-08T23:59"); /* week 1: Sun (other file) */
    admit(&f, a, 4, "2007-04-14T10:00"); /* week 2: Sat only */
    admit(&f, a, 5, "2007-04-18T10:00"); /* week 3: Wednesday does not count */
    admit(&f, a, 6, NULL);
    f.cr.kind->acc_merge(a, b, &f.cr);
    sa_result *r = kfix_finish(&f, a, f.cr.from, f.cr.to);
    assert_int_equal(r->numerator, 1);
    assert_int_equal(r->denominator, 3);
    assert_int_equal(r->unknown, 1);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_NOT_MET);
    assert_int_equal(find_metric(r, "weeks_without_sat")->value, 1);
    assert_int_equal(find_metric(r, "weeks_without_sun")->value, 2);
    assert_null(find_metric(r, "weeks_without_mon"));
    assert_int_equal(r->examples_total, 2);
    assert_string_equal(r->examples[0].message, "week of 2007-04-09: no activity on sun");
    assert_string_equal(r->examples[1].message, "week of 2007-04-16: no activity on sat, sun");
    f.cr.kind->acc_free(a);
    f.cr.kind->acc_free(b);
    kfix_free(&f);
}

static void test_cut_short_weeks(void **state)
{
    (void)state;
    kfix f;
    /* Friday 6 April to Tuesday 10 April 2007, every day required: the first week
     * needs Fri-Sun, the second Mon-Tue. */
    kfix_init(&f, DA_SPEC("2007-04-06", "2007-04-10", "mon-sun"), 0, 20);
    void *a = kfix_acc(&f);
    admit(&f, a, 2, "2007-04-06T10:00");
    admit(&f, a, 3, "2007-04-07T10:00");
    admit(&f, a, 4, "2007-04-08T10:00");
    admit(&f, a, 5, "2007-04-10T10:00");
    admit(&f, a, 6, "2007-04-11T10:00"); /* after the period */
    sa_result *r = kfix_finish(&f, a, f.cr.from, f.cr.to);
    assert_int_equal(r->denominator, 2);
    assert_int_equal(r->numerator, 1);
    assert_string_equal(r->examples[0].message, "week of 2007-04-09: no activity on mon");
    assert_int_equal(find_metric(r, "rows")->value, 4);
    f.cr.kind->acc_free(a);
    kfix_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weekends_per_week),
        cmocka_unit_test(test_cut_short_weeks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
