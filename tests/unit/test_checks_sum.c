/* test_checks_sum.c — the total of a column per period: empty cells apart, never 0. */
#include "test_checks_helpers.h"

#define SUM_SPEC(type, target)                                                                                \
    SPEC_HEAD("2024-04-01", "2024-06-30")                                                                     \
    "datasets:\n  adv:\n    key: [id]\n    columns:\n      id: {type: string}\n      provider: {type: ods_code}\n" \
    "      on: {type: date}\n      amount: {type: " type "}\n"                                              \
    "requirements:\n  - id: ADV-1\n    title: Advice\n    check:\n      kind: sum\n      dataset: adv\n"     \
    "      column: amount\n      at: on\n      target: \"" target "\"\n      per: month\n"

static void row(kfix *f, void *acc, uint64_t rec, const char *date, sa_value amount)
{
    sa_value v[4] = {v_str("X"), v_str("RYX"), date ? v_date(date) : v_empty(), amount};
    kfix_row(f, acc, rec, "RYX", v, 4);
}

static sa_value v_dur(int64_t seconds)
{
    sa_value v = v_empty();
    v.kind = SA_VAL_DURATION;
    v.as.seconds = seconds;
    return v;
}

static void test_duration_total_with_empty_cells(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, SUM_SPEC("duration", ">= 4h"), 0, 20);
    assert_int_equal(f.cr.check->target.unit, SA_UNIT_SECONDS);
    void *acc = kfix_acc(&f);
    row(&f, acc, 2, "2024-04-02", v_dur(3 * 3600));
    row(&f, acc, 3, "2024-04-30", v_dur(3600));   /* April: 4h exactly, met */
    row(&f, acc, 4, "2024-05-02", v_dur(5400));
    row(&f, acc, 5, "2024-05-03", v_empty());     /* left out, never 0 */
    row(&f, acc, 6, NULL, v_dur(36000));          /* no date */
    row(&f, acc, 7, "2024-07-01", v_dur(36000));  /* outside the range */
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    assert_int_equal(r->nperiods, 3);
    assert_int_equal((int64_t)r->periods[0].measured, 4 * 3600);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_MET);
    assert_int_equal((int64_t)r->periods[1].measured, 5400);
    assert_int_equal(r->periods[1].unknown, 1);
    assert_int_equal(r->periods[1].verdict, SA_VERDICT_NOT_MET);
    assert_int_equal((int64_t)r->periods[2].measured, 0); /* June: no rows, a total of 0 */
    assert_int_equal(r->periods[2].verdict, SA_VERDICT_NOT_MET);
    assert_int_equal((int64_t)r->measured, 0);
    assert_int_equal(r->numerator, 3);
    assert_int_equal(r->unknown, 2);
    assert_int_equal((int64_t)find_metric(r, "total")->value, 4 * 3600 + 5400);
    assert_string_equal(r->measured_unit, "seconds");
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

static void test_merge_is_the_union_of_rows(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, SUM_SPEC("int", ">= 10"), 0, 20);
    assert_int_equal(f.cr.check->target.unit, SA_UNIT_NUMBER);
    void *a = kfix_acc(&f), *b = kfix_acc(&f), *all = kfix_acc(&f);
    row(&f, a, 2, "2024-04-02", v_int(4));
    row(&f, b, 3, "2024-04-03", v_int(6));
    row(&f, b, 4, "2024-05-03", v_int(2));
    f.cr.kind->acc_merge(all, b, &f.cr);
    f.cr.kind->acc_merge(all, a, &f.cr);
    sa_result *r = kfix_finish(&f, all, f.cr.from, f.cr.to);
    assert_int_equal((int)r->periods[0].measured, 10);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_MET);
    assert_int_equal((int)r->periods[1].measured, 2);
    assert_int_equal(r->numerator, 3);
    f.cr.kind->acc_free(a);
    f.cr.kind->acc_free(b);
    f.cr.kind->acc_free(all);
    kfix_free(&f);
}

static void test_target_unit_follows_the_column(void **state)
{
    (void)state;
    const char *yaml = SUM_SPEC("int", ">= 4h");
    sa_diags *d = sa_diags_new();
    sa_spec *s = sa_spec_load_buffer("t.yaml", yaml, strlen(yaml), NULL, d);
    bool found = false;
    for (size_t i = 0; i < sa_diags_count(d); i++)
        found = found || strcmp(sa_diags_at(d, i)->code, "E-SPEC-TARGET") == 0;
    assert_true(found);
    sa_spec_free(s);
    sa_diags_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_duration_total_with_empty_cells),
        cmocka_unit_test(test_merge_is_the_union_of_rows),
        cmocka_unit_test(test_target_unit_follows_the_column),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
