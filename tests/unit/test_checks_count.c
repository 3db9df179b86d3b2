/* test_checks_count.c — rows per period against a minimum or maximum. */
#include "test_checks_helpers.h"

#define CNT_SPEC(target, per)                                                                                 \
    SPEC_HEAD("2007-04-01", "2008-03-31")                                                                     \
    "datasets:\n  edu:\n    key: [id]\n    columns:\n      id: {type: string}\n      provider: {type: ods_code}\n" \
    "      held_on: {type: date}\n      audience: {type: enum, values: [gp, nurse]}\n"                      \
    "requirements:\n  - id: EDU-1\n    title: Sessions\n    check:\n      kind: count\n      dataset: edu\n" \
    "      at: held_on\n      where: audience == \"gp\"\n      target: \"" target "\"\n      per: " per "\n"

static void session(kfix *f, void *acc, uint64_t rec, const char *date, int gp)
{
    sa_value v[4] = {v_str("S"), v_str("8HX01"), date ? v_date(date) : v_empty(),
                     gp < 0 ? v_empty() : gp ? v_enum("gp", 0) : v_enum("nurse", 1)};
    kfix_row(f, acc, rec, "8HX01", v, 4);
}

static void test_minimum_per_quarter(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, CNT_SPEC(">= 2", "quarter"), 0, 20);
    void *acc = kfix_acc(&f);
    session(&f, acc, 2, "2007-04-10", 1);
    session(&f, acc, 3, "2007-05-10", 1);
    session(&f, acc, 4, "2007-06-10", 0);  /* nurse: outside where */
    session(&f, acc, 5, "2007-08-01", 1);
    session(&f, acc, 6, "2007-08-02", -1); /* where unknown */
    session(&f, acc, 7, NULL, 1);          /* no date */
    session(&f, acc, 8, "2007-10-02", 1);
    session(&f, acc, 9, "2007-10-03", 1);
    session(&f, acc, 10, "2007-10-04", 1);
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    assert_int_equal(r->nperiods, 4);
    assert_int_equal(r->periods[0].numerator, 2);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_MET);
    assert_int_equal(r->periods[1].numerator, 1);
    assert_int_equal(r->periods[1].verdict, SA_VERDICT_NOT_MET);
    assert_int_equal(r->periods[2].numerator, 3);
    assert_int_equal(r->periods[3].numerator, 0);
    assert_int_equal(r->periods[3].verdict, SA_VERDICT_NOT_MET);
    assert_true(r->has_measured);
    assert_int_equal((int)r->measured, 0); /* the worst quarter */
    assert_int_equal(r->numerator, 6);
    assert_int_equal(r->unknown, 2);
    assert_int_equal(r->examples_total, 1);
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

/* The activity plan: rows counted over the range against the plan pro rata by days. */
static void test_activity_plan_pro_rata(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, CNT_SPEC(">= 1", "month"), 0, 20);
    void *acc = kfix_acc(&f);
    session(&f, acc, 2, "2007-04-10", 1);
    session(&f, acc, 3, "2007-05-10", 1);
    session(&f, acc, 4, "2007-05-11", 0); /* outside where: not counted */
    sa_result *r = kfix_finish(&f, acc, D("2007-04-01"), D("2007-05-15"));
    /* 9 a quarter; 45 of the quarter's 91 days are in range: 9 x 45 / 91. */
    sa_activity_plan plan = {.requirement = "EDU-1", .planned = 9, .per = SA_PER_QUARTER, .tolerance = 50};
    sa_chk_activity(&f.fin, &plan, true);
    assert_true(r->activity.set && r->activity.assessed);
    assert_float_equal(r->activity.planned, 9.0 * 45 / 91, 1e-9);
    assert_int_equal(r->activity.actual, 2);
    assert_float_equal(r->activity.variance, (2 - 9.0 * 45 / 91) / (9.0 * 45 / 91) * 100, 1e-9);
    assert_false(r->activity.within); /* -55.1% against 50% */
    assert_non_null(strstr(r->activity.text, "9 a quarter, tolerance 50%; planned 4.5 over the period assessed, "
                                             "actual 2, variance -55.1%: outside tolerance"));
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

/* A variance of exactly the tolerance is within it; no rows is no comparison. */
static void test_activity_plan_bounds(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, CNT_SPEC(">= 1", "month"), 0, 20);
    void *acc = kfix_acc(&f);
    for (uint64_t i = 0; i < 11; i++)
        session(&f, acc, 2 + i, "2007-04-10", 1);
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    sa_activity_plan plan = {.requirement = "EDU-1", .planned = 10, .per = SA_PER_YEAR, .tolerance = 10};
    sa_chk_activity(&f.fin, &plan, true);
    assert_float_equal(r->activity.planned, 10, 1e-12);
    assert_int_equal(r->activity.actual, 11);
    assert_true(r->activity.within);
    plan.tolerance = 9.99;
    sa_chk_activity(&f.fin, &plan, true);
    assert_false(r->activity.within);
    sa_chk_activity(&f.fin, &plan, false);
    assert_true(r->activity.set);
    assert_false(r->activity.assessed);
    assert_non_null(strstr(r->activity.text, "no rows received"));
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

static void test_maximum_reports_the_highest(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, CNT_SPEC("<= 1", "month"), 0, 20);
    void *acc = kfix_acc(&f);
    session(&f, acc, 2, "2007-04-10", 1);
    session(&f, acc, 3, "2007-05-10", 1);
    session(&f, acc, 4, "2007-05-11", 1);
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    assert_int_equal(r->nperiods, 12);
    assert_int_equal((int)r->measured, 2);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_MET);
    assert_int_equal(r->periods[1].verdict, SA_VERDICT_NOT_MET);
    assert_int_equal(r->periods[2].verdict, SA_VERDICT_MET);
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimum_per_quarter),
        cmocka_unit_test(test_activity_plan_pro_rata),
        cmocka_unit_test(test_activity_plan_bounds),
        cmocka_unit_test(test_maximum_reports_the_highest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
