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
        cmocka_unit_test(test_maximum_reports_the_highest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
