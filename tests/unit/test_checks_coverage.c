/* test_checks_coverage.c — rota coverage: windows on wall-clock time, minutes
 * on real instants, gaps, overlapping and overnight shifts, bank holidays,
 * role filters and the union of accumulators. */
#include "test_checks_helpers.h"

#define ROTA                                                                                                  \
    "roles:\n  palliative_consultant: '(?i)consultant.*palliat'\n  cns: '(?i)\\bCNS\\b'\n"                  \
    "datasets:\n  rota:\n    columns:\n      provider: {type: ods_code}\n"                                    \
    "      starts_at: {type: datetime}\n      ends_at: {type: datetime}\n      role: {type: string}\n"

#define REQ(window, extra)                                                                                    \
    "requirements:\n  - id: ADV-1\n    title: Advice\n    check:\n      kind: coverage\n"                    \
    "      dataset: rota\n      from: starts_at\n      to: ends_at\n      window: " window "\n" extra

static void shift(kfix *f, void *acc, uint64_t rec, const char *from, const char *to, const char *role)
{
    sa_value v[4] = {v_str("8HX01"), from ? v_dt(from) : v_empty(), to ? v_dt(to) : v_empty(), v_str(role)};
    kfix_row(f, acc, rec, "8HX01", v, 4);
}

static void test_spring_clock_change_gap(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, SPEC_HEAD("2008-03-29", "2008-03-31") ROTA REQ("{days: mon-sun, hours: \"00:00-24:00\"}", ""), 0,
              20);
    void *acc = kfix_acc(&f);
    shift(&f, acc, 2, "2008-03-28T20:00", "2008-03-30T00:30", "x");
    shift(&f, acc, 3, "2008-03-30T03:00", "2008-04-01T00:00", "x");
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    /* 1440 + 1380 (the 23-hour day) + 1440 required; 00:30-03:00 wall is 90 real minutes. */
    assert_int_equal(r->denominator, 4260);
    assert_int_equal(r->numerator, 4170);
    assert_int_equal(r->gaps_total, 1);
    assert_int_equal(r->gaps[0].minutes, 90);
    assert_int_equal(r->gaps[0].start, DT("2008-03-30T00:30"));
    assert_int_equal(r->gaps[0].end, DT("2008-03-30T03:00"));
    assert_int_equal(r->nperiods, 1);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_NOT_MET);
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

static void test_autumn_day_is_25_hours(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, SPEC_HEAD("2007-10-28", "2007-10-28") ROTA REQ("{days: mon-sun, hours: \"00:00-24:00\"}", ""), 0,
              20);
    void *acc = kfix_acc(&f);
    shift(&f, acc, 2, "2007-10-27T22:00", "2007-10-29T08:00", "x");
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    assert_int_equal(r->denominator, 1500);
    assert_int_equal(r->numerator, 1500);
    assert_int_equal(r->gaps_total, 0);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_MET);
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

static void test_gaps_join_across_days_and_sort_worst_first(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, SPEC_HEAD("2007-04-02", "2007-04-08") ROTA REQ("{days: mon-sun, hours: \"00:00-24:00\"}", ""), 0,
              20);
    void *acc = kfix_acc(&f);
    /* Uncovered: 2 Apr 10:00-11:00 (60) and 4 Apr 20:00 to 6 Apr 02:00 (30 hours, across two midnights). */
    shift(&f, acc, 2, "2007-04-02T00:00", "2007-04-02T10:00", "x");
    shift(&f, acc, 3, "2007-04-02T11:00", "2007-04-04T20:00", "x");
    shift(&f, acc, 4, "2007-04-06T02:00", "2007-04-09T00:00", "x");
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    assert_int_equal(r->gaps_total, 2);
    assert_int_equal(r->gap_minutes_total, 60 + 1800);
    assert_int_equal(r->gaps[0].minutes, 1800);
    assert_int_equal(r->gaps[0].start, DT("2007-04-04T20:00"));
    assert_int_equal(r->gaps[0].end, DT("2007-04-06T02:00"));
    assert_int_equal(r->gaps[1].minutes, 60);
    assert_int_equal(r->denominator, 7 * 1440);
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

static void test_overnight_window_and_overlaps(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, SPEC_HEAD("2007-06-04", "2007-06-05") ROTA REQ("{days: mon-sun, hours: \"20:00-08:00\"}", ""), 0,
              20);
    void *acc = kfix_acc(&f);
    shift(&f, acc, 2, "2007-06-04T19:00", "2007-06-05T02:00", "x");
    shift(&f, acc, 3, "2007-06-05T00:00", "2007-06-05T08:00", "x");
    shift(&f, acc, 4, "2007-06-05T20:00", "2007-06-06T06:00", "x");
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    assert_int_equal(r->denominator, 1440);
    assert_int_equal(r->numerator, 1320);
    assert_int_equal(r->gaps_total, 1);
    assert_int_equal(r->gaps[0].start, DT("2007-06-06T06:00"));
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

static void test_bank_holidays_flag(void **state)
{
    (void)state;
    /* 28 May 2007 (spring bank holiday) is a Monday. */
    kfix f;
    kfix_init(&f,
              SPEC_HEAD("2007-05-28", "2007-05-29") ROTA REQ(
                  "{days: mon-fri, hours: \"09:00-17:00\", bank_holidays: false}", ""),
              0, 20);
    void *acc = kfix_acc(&f);
    shift(&f, acc, 2, "2007-05-29T09:00", "2007-05-29T17:00", "x");
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    assert_int_equal(r->denominator, 480);
    assert_int_equal(r->numerator, 480);
    f.cr.kind->acc_free(acc);
    kfix_free(&f);

    kfix_init(&f, SPEC_HEAD("2007-05-28", "2007-05-29") ROTA REQ("{days: mon-fri, hours: \"09:00-17:00\"}", ""), 0,
              20);
    acc = kfix_acc(&f);
    shift(&f, acc, 2, "2007-05-29T09:00", "2007-05-29T17:00", "x");
    r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    assert_int_equal(r->denominator, 960);
    assert_int_equal(r->numerator, 480);
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

static void test_roles_filter_and_unusable_rows(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f,
              SPEC_HEAD("2007-06-04", "2007-06-05") ROTA REQ("{days: mon-fri, hours: \"09:00-17:00\"}",
                                                              "      role: role\n      roles: [palliative_consultant]\n"),
              0, 20);
    void *acc = kfix_acc(&f);
    shift(&f, acc, 2, "2007-06-04T09:00", "2007-06-04T17:00", "Consultant in Palliative Medicine");
    shift(&f, acc, 3, "2007-06-05T09:00", "2007-06-05T17:00", "CNS");
    shift(&f, acc, 4, "2007-06-05T17:00", "2007-06-05T09:00", "Consultant in palliative care");
    shift(&f, acc, 5, NULL, "2007-06-05T09:00", "Consultant in palliative care");
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    assert_int_equal(r->numerator, 480);
    assert_int_equal(r->denominator, 960);
    assert_int_equal(r->unknown, 2);
    assert_int_equal(find_metric(r, "rows_other_roles")->value, 1);
    assert_int_equal(r->examples_total, 2);
    assert_int_equal(r->examples[0].row, 4);
    assert_non_null(strstr(r->examples[0].message, "before it starts"));
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

static void test_union_of_providers(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, SPEC_HEAD("2007-04-02", "2007-04-02") ROTA REQ("{days: mon-sun, hours: \"00:00-24:00\"}", ""), 0,
              20);
    void *a = kfix_acc(&f), *b = kfix_acc(&f), *u1 = kfix_acc(&f), *u2 = kfix_acc(&f);
    shift(&f, a, 2, "2007-04-02T00:00", "2007-04-02T12:00", "x");
    shift(&f, b, 2, "2007-04-02T12:00", "2007-04-03T00:00", "x");
    f.cr.kind->acc_merge(u1, a, &f.cr);
    f.cr.kind->acc_merge(u1, b, &f.cr);
    f.cr.kind->acc_merge(u2, b, &f.cr);
    f.cr.kind->acc_merge(u2, a, &f.cr);
    sa_result *ra = kfix_finish(&f, a, f.cr.from, f.cr.to);
    assert_int_equal(ra->numerator, 720);
    sa_result *r1 = kfix_finish(&f, u1, f.cr.from, f.cr.to);
    assert_int_equal(r1->numerator, 1440);
    assert_int_equal(r1->periods[0].verdict, SA_VERDICT_MET);
    sa_result *r2 = kfix_finish(&f, u2, f.cr.from, f.cr.to);
    assert_int_equal(r2->numerator, 1440);
    assert_int_equal(r2->gaps_total, 0);
    f.cr.kind->acc_free(a);
    f.cr.kind->acc_free(b);
    f.cr.kind->acc_free(u1);
    f.cr.kind->acc_free(u2);
    kfix_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spring_clock_change_gap),
        cmocka_unit_test(test_autumn_day_is_25_hours),
        cmocka_unit_test(test_gaps_join_across_days_and_sort_worst_first),
        cmocka_unit_test(test_overnight_window_and_overlaps),
        cmocka_unit_test(test_bank_holidays_flag),
        cmocka_unit_test(test_roles_filter_and_unusable_rows),
        cmocka_unit_test(test_union_of_providers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
