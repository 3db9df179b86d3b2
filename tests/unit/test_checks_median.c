/* test_checks_median.c — the median of a column or of the time between two
 * dates: ties, even counts, the minimum of rows, the histogram past the cap. */
#include "test_checks_helpers.h"

#define MED_SPEC_T(target, extra)                                                                             \
    SPEC_HEAD("2024-04-01", "2024-05-31")                                                                     \
    "datasets:\n  stays:\n    key: [id]\n    columns:\n      id: {type: string}\n      provider: {type: ods_code}\n" \
    "      admitted: {type: date}\n      discharged: {type: date}\n"                                       \
    "requirements:\n  - id: LOS-1\n    title: Stays\n    check:\n      kind: median\n      dataset: stays\n" \
    "      from: admitted\n      to: discharged\n      target: \"" target "\"\n      per: month\n" extra
#define MED_SPEC(extra) MED_SPEC_T("<= 14d", extra)

static void stay(kfix *f, void *acc, uint64_t rec, const char *in, const char *out)
{
    sa_value v[4] = {v_str("X"), v_str("RYX"), v_date(in), out ? v_date(out) : v_empty()};
    kfix_row(f, acc, rec, "RYX", v, 4);
}

static void test_even_count_is_the_mean_of_the_middle_two(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, MED_SPEC(""), 0, 20);
    assert_int_equal(f.cr.check->target.unit, SA_UNIT_SECONDS);
    void *acc = kfix_acc(&f);
    stay(&f, acc, 2, "2024-04-01", "2024-04-11"); /* 10 */
    stay(&f, acc, 3, "2024-04-01", "2024-04-13"); /* 12 */
    stay(&f, acc, 4, "2024-04-01", "2024-04-17"); /* 16 */
    stay(&f, acc, 5, "2024-04-01", "2024-04-21"); /* 20 */
    stay(&f, acc, 6, "2024-04-02", NULL);         /* unknown */
    stay(&f, acc, 7, "2024-05-01", "2024-05-16"); /* 15 */
    stay(&f, acc, 8, "2024-05-01", "2024-05-16"); /* 15: a tie */
    stay(&f, acc, 9, "2024-05-01", "2024-05-10"); /* 9 */
    stay(&f, acc, 10, "2024-05-09", "2024-05-01"); /* before admission: unknown */
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    assert_int_equal((int64_t)r->periods[0].measured, 14 * 86400); /* (12 + 16) / 2 */
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_MET);
    assert_int_equal(r->periods[0].numerator, 4);
    assert_int_equal(r->periods[0].unknown, 1);
    assert_int_equal((int64_t)r->periods[1].measured, 15 * 86400);
    assert_int_equal(r->periods[1].verdict, SA_VERDICT_NOT_MET);
    assert_int_equal((int64_t)r->measured, 15 * 86400); /* 9 10 12 15 15 16 20 */
    assert_int_equal(r->numerator, 7);
    assert_int_equal(r->unknown, 2);
    assert_null(r->estimate_method);
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

static void test_below_minimum_is_not_assessable(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, MED_SPEC("      min_denominator: 3\n"), 0, 20);
    void *acc = kfix_acc(&f);
    stay(&f, acc, 2, "2024-04-01", "2024-04-03");
    stay(&f, acc, 3, "2024-04-01", "2024-04-05");
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_NOT_ASSESSABLE);
    assert_non_null(strstr(r->periods[0].note, "below the minimum of 3"));
    assert_int_equal(r->periods[1].verdict, SA_VERDICT_NOT_ASSESSABLE);
    assert_int_equal(sa_chk_fold(r->periods, r->nperiods), SA_VERDICT_NOT_ASSESSABLE);
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

/* Past SA_CHK_SAMPLE_CAP rows the median is read from the histogram, whose
 * buckets are single units below 256: stays of 0 to 29 days read exactly. */
static void test_histogram_median_below_256_units_is_exact(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, MED_SPEC(""), 0, 20);
    void *acc = kfix_acc(&f);
    char out[11];
    for (int i = 0; i <= SA_CHK_SAMPLE_CAP; i++) {
        sa_date_format(D("2024-04-01") + i % 30, out); /* stays of 0 to 29 days, evenly */
        stay(&f, acc, 2, "2024-04-01", out);
    }
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    assert_null(r->estimate_method);
    assert_int_equal((int64_t)r->measured, 14 * 86400); /* rank 1025 of 2049: 9 x 69 + 5 x 68 = 961 up to 13 */
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_MET);
    assert_null(r->periods[0].note);
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

/* Stays of 300 to 329 days: above 256 units a bucket is 2 days wide, so the
 * median (rank 1025 of 2049: 314 days, as above) is known to lie in [314, 315]
 * days. A target inside that range is not settled; outside it, it is. */
static sa_verdict histogram_verdict(const char *spec, bool *approximate)
{
    kfix f;
    kfix_init(&f, spec, 0, 20);
    void *acc = kfix_acc(&f);
    char out[11];
    for (int i = 0; i <= SA_CHK_SAMPLE_CAP; i++) {
        sa_date_format(D("2024-04-01") + 300 + i % 30, out);
        stay(&f, acc, 2, "2024-04-01", out);
    }
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    assert_int_equal((int64_t)r->measured, 314 * 86400);
    *approximate = r->estimate_method && strcmp(r->estimate_method, "histogram") == 0;
    assert_non_null(strstr(r->periods[0].note, "histogram"));
    sa_verdict v = r->periods[0].verdict;
    /* too close to call: the period says so, and so does the result (no period settled) */
    bool unsettled = v == SA_VERDICT_NOT_ASSESSABLE;
    assert_int_equal(strstr(r->periods[0].note, SA_CHK_UNSETTLED) != NULL, unsettled);
    assert_int_equal(r->reason && strcmp(r->reason, SA_CHK_UNSETTLED) == 0, unsettled);
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
    return v;
}

static void test_histogram_median_settles_only_outside_its_bucket(void **state)
{
    (void)state;
    bool approx = false;
    assert_int_equal(histogram_verdict(MED_SPEC_T("<= 315d", ""), &approx), SA_VERDICT_MET);
    assert_true(approx);
    assert_int_equal(histogram_verdict(MED_SPEC_T("<= 314d", ""), &approx), SA_VERDICT_NOT_ASSESSABLE);
    assert_int_equal(histogram_verdict(MED_SPEC_T("<= 313d", ""), &approx), SA_VERDICT_NOT_MET);
    assert_int_equal(histogram_verdict(MED_SPEC_T(">= 314d", ""), &approx), SA_VERDICT_MET);
    assert_int_equal(histogram_verdict(MED_SPEC_T(">= 315d", ""), &approx), SA_VERDICT_NOT_ASSESSABLE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_even_count_is_the_mean_of_the_middle_two),
        cmocka_unit_test(test_below_minimum_is_not_assessable),
        cmocka_unit_test(test_histogram_median_below_256_units_is_exact),
        cmocka_unit_test(test_histogram_median_settles_only_outside_its_bucket),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
