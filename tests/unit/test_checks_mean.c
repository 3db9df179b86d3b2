/* test_checks_mean.c — the exact mean of a column or of the time between two
 * datetimes, with the rows behind it; `assess: overall` pools the rows. */
#include <math.h>

#include "test_checks_helpers.h"

#define MEAN_SPEC(type, target, extra)                                                                       \
    SPEC_HEAD("2024-04-01", "2024-05-31")                                                                     \
    "datasets:\n  fb:\n    key: [id]\n    columns:\n      id: {type: string}\n      provider: {type: ods_code}\n" \
    "      on: {type: date}\n      score: {type: " type "}\n"                                              \
    "requirements:\n  - id: M-1\n    title: Scores\n    check:\n      kind: mean\n      dataset: fb\n"      \
    "      column: score\n      at: on\n      target: \"" target "\"\n      per: month\n" extra

static void row(kfix *f, void *acc, uint64_t rec, const char *date, sa_value score)
{
    sa_value v[4] = {v_str("X"), v_str("RYX"), v_date(date), score};
    kfix_row(f, acc, rec, "RYX", v, 4);
}

static sa_value v_dec(double d)
{
    sa_value v = v_empty();
    v.kind = SA_VAL_DECIMAL;
    v.as.d = d;
    return v;
}

static void test_mean_at_target_and_empty_left_out(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, MEAN_SPEC("int", ">= 7", ""), 0, 20);
    void *acc = kfix_acc(&f);
    row(&f, acc, 2, "2024-04-02", v_int(6));
    row(&f, acc, 3, "2024-04-03", v_int(8));
    row(&f, acc, 4, "2024-04-04", v_int(7));
    row(&f, acc, 5, "2024-04-05", v_empty());
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    assert_true(r->periods[0].measured == 7.0);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_MET);
    assert_int_equal(r->periods[1].verdict, SA_VERDICT_NOT_ASSESSABLE);
    assert_int_equal(r->numerator, 3);
    assert_int_equal(r->unknown, 1);
    assert_int_equal(sa_chk_fold(r->periods, r->nperiods), SA_VERDICT_MET);
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

static void test_overall_pools_rows_not_means(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, MEAN_SPEC("decimal", "<= 4", "      assess: overall\n"), 0, 20);
    void *acc = kfix_acc(&f);
    row(&f, acc, 2, "2024-04-02", v_dec(1.5));
    row(&f, acc, 3, "2024-04-03", v_dec(2.5));
    row(&f, acc, 4, "2024-04-04", v_dec(3.5));
    row(&f, acc, 5, "2024-05-05", v_dec(8.5));
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    assert_true(fabs(r->periods[0].measured - 2.5) < 1e-12);
    assert_true(fabs(r->periods[1].measured - 8.5) < 1e-12);
    /* (1.5 + 2.5 + 3.5 + 8.5) / 4 = 4, not the mean of the months' means (5.5) */
    assert_true(fabs(r->measured - 4.0) < 1e-12);
    assert_true(sa_target_holds(&f.fin.target, r->measured));
    assert_int_equal(r->numerator, 4);
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mean_at_target_and_empty_left_out),
        cmocka_unit_test(test_overall_pools_rows_not_means),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
