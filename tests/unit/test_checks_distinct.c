/* test_checks_distinct.c — distinct values per period: exact up to the bound,
 * an estimate said as such past it, unions across workers and providers. */
#include <math.h>

#include "test_checks_helpers.h"

#include "core/distinct.h"

#define DST_SPEC(target)                                                                                      \
    SPEC_HEAD("2024-04-01", "2024-06-30")                                                                     \
    "datasets:\n  seen:\n    key: [id]\n    columns:\n      id: {type: string}\n      provider: {type: ods_code}\n" \
    "      on: {type: date}\n      who: {type: int}\n"                                                       \
    "requirements:\n  - id: PAT-1\n    title: Patients\n    check:\n      kind: distinct\n      dataset: seen\n" \
    "      column: who\n      at: on\n      target: \"" target "\"\n      per: month\n"

static void row(kfix *f, void *acc, uint64_t rec, const char *date, sa_value who)
{
    sa_value v[4] = {v_str("X"), v_str("RYX"), v_date(date), who};
    kfix_row(f, acc, rec, "RYX", v, 4);
}

static void test_exact_counts_and_empty_month(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, DST_SPEC(">= 2"), 0, 20);
    void *acc = kfix_acc(&f);
    row(&f, acc, 2, "2024-04-02", v_int(7));
    row(&f, acc, 3, "2024-04-03", v_int(7));
    row(&f, acc, 4, "2024-04-04", v_int(8));
    row(&f, acc, 5, "2024-04-05", v_empty()); /* not counted, unknown */
    row(&f, acc, 6, "2024-05-05", v_int(7));
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    assert_int_equal((int)r->periods[0].measured, 2);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_MET); /* at the target */
    assert_int_equal(r->periods[0].unknown, 1);
    assert_int_equal((int)r->periods[1].measured, 1);
    assert_int_equal(r->periods[1].verdict, SA_VERDICT_NOT_MET);
    assert_false(r->periods[2].has_measured);
    assert_int_equal(r->periods[2].verdict, SA_VERDICT_NOT_ASSESSABLE);
    assert_int_equal((int)r->measured, 1);
    assert_null(r->estimate_method);
    assert_int_equal((int)find_metric(r, "distinct_overall")->value, 2);
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

/* Up to SA_DISTINCT_EXACT_MAX values the count is exact; one more makes it an
 * estimate, carried in the result and said in the measurement. */
static void test_bound_between_exact_and_estimate(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, DST_SPEC(">= 1"), 0, 20);
    void *a = kfix_acc(&f), *b = kfix_acc(&f);
    for (int64_t i = 0; i < SA_DISTINCT_EXACT_MAX; i++) {
        row(&f, a, 2, "2024-04-02", v_int(i));
        row(&f, b, 2, "2024-04-02", v_int(i)); /* the same values in another worker */
    }
    f.cr.kind->acc_merge(a, b, &f.cr);
    sa_result *r = kfix_finish(&f, a, f.cr.from, f.cr.to);
    assert_int_equal((int)r->periods[0].measured, SA_DISTINCT_EXACT_MAX);
    assert_null(r->periods[0].note);
    row(&f, b, 2, "2024-04-02", v_int(SA_DISTINCT_EXACT_MAX));
    f.cr.kind->acc_merge(a, b, &f.cr);
    r = kfix_finish(&f, a, f.cr.from, f.cr.to);
    assert_non_null(r->estimate_method);
    assert_string_equal(r->estimate_method, "hyperloglog");
    assert_true(r->estimate_error > 0.008 && r->estimate_error < 0.0082);
    double want = SA_DISTINCT_EXACT_MAX + 1;
    assert_true(fabs(r->periods[0].measured - want) < want * 3 * 0.0082);
    assert_non_null(strstr(r->periods[0].note, "(estimate, \u00b10.8%)"));
    assert_non_null(strstr(sa_buf_cstr(&f.measure), "about "));
    f.cr.kind->acc_free(a);
    f.cr.kind->acc_free(b);
    kfix_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_counts_and_empty_month),
        cmocka_unit_test(test_bound_between_exact_and_estimate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
