/* test_checks_response_time.c — time from `from` to `to` within a limit:
 * real elapsed time across clock changes, working days, unknowns,
 * percentiles, and duration targets scored on the 90th percentile. */
#include "test_checks_helpers.h"

#define RT_SPEC(limit, target)                                                                                \
    SPEC_HEAD("2007-10-01", "2008-03-31")                                                                     \
    "datasets:\n  hs:\n    key: [id]\n    columns:\n      id: {type: string}\n      provider: {type: ods_code}\n" \
    "      referred_at: {type: datetime}\n      in_place_at: {type: datetime}\n"                              \
    "requirements:\n  - id: KPI-7\n    title: Home support\n    check:\n      kind: response_time\n"         \
    "      dataset: hs\n      from: referred_at\n      to: in_place_at\n      limit: \"" limit "\"\n"       \
    "      target: \"" target "\"\n      per: period\n"

static void pkg(kfix *f, void *acc, uint64_t rec, const char *from, const char *to)
{
    sa_value v[4] = {v_str("P"), v_str("8HX01"), from ? v_dt(from) : v_empty(), to ? v_dt(to) : v_empty()};
    kfix_row(f, acc, rec, "8HX01", v, 4);
}

static void test_real_time_across_clock_changes(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, RT_SPEC("3h", ">= 100%"), 0, 20);
    void *acc = kfix_acc(&f);
    pkg(&f, acc, 2, "2008-03-30T00:30", "2008-03-30T04:00"); /* 2h30 real */
    pkg(&f, acc, 3, "2007-10-28T00:30", "2007-10-28T03:00"); /* 3h30 real */
    pkg(&f, acc, 4, "2007-11-05T10:00", NULL);               /* unknown */
    pkg(&f, acc, 5, "2007-11-06T10:00", "2007-11-06T09:00"); /* ends before it starts */
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    assert_int_equal(r->numerator, 1);
    assert_int_equal(r->denominator, 4);
    assert_int_equal(r->unknown, 2);
    assert_int_equal(find_metric(r, "median_minutes")->value, 150);
    assert_int_equal(find_metric(r, "p90_minutes")->value, 210);
    assert_int_equal(r->examples_total, 3);
    assert_non_null(strstr(r->examples[0].message, "3h 30m"));
    assert_non_null(strstr(r->examples[1].message, "no `in_place_at`"));
    assert_non_null(strstr(r->examples[2].message, "is before"));
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

static void test_working_days_limit(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, RT_SPEC("2 working days", ">= 60%"), 0, 20);
    void *acc = kfix_acc(&f);
    pkg(&f, acc, 2, "2007-12-21T15:00", "2007-12-27T10:00"); /* 24, 27 Dec: 2 */
    pkg(&f, acc, 3, "2007-12-24T09:00", "2007-12-28T16:00"); /* 27, 28: 2 */
    pkg(&f, acc, 4, "2007-12-28T09:00", "2008-01-03T09:00"); /* 31 Dec, 2, 3 Jan: 3 */
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    assert_int_equal(r->numerator, 2);
    assert_int_equal(r->denominator, 3);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_MET);
    assert_int_equal(find_metric(r, "median_working_days")->value, 2);
    assert_int_equal(find_metric(r, "p90_working_days")->value, 3);
    assert_non_null(strstr(r->examples[0].message, "3 working days"));
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

static void test_duration_target_scores_90th_percentile(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, RT_SPEC("4h", ">= 50%"), 0, 20);
    void *acc = kfix_acc(&f);
    pkg(&f, acc, 2, "2007-11-05T09:00", "2007-11-05T10:00");
    pkg(&f, acc, 3, "2007-11-05T09:00", "2007-11-05T11:00");
    pkg(&f, acc, 4, "2007-11-05T09:00", "2007-11-05T14:00");
    /* The loader takes percentages for response_time; a duration target can still
     * arrive from a variation, and is then read as a bound on the 90th percentile. */
    sa_target t;
    size_t off;
    const char *exp;
    assert_true(sa_target_parse("<= 4h", &t, &off, &exp));
    sa_result *r = sa_result_set_add(f.rs);
    sa_buf_clear(&f.measure);
    sa_chk_final fin = {.cr = &f.cr, .from = f.cr.from, .to = f.cr.to, .target = t, .arena = f.rs->arena,
                        .r = r, .measure = &f.measure};
    f.cr.kind->acc_finish(acc, &fin);
    assert_true(r->has_measured);
    assert_int_equal((int64_t)r->measured, 5 * 3600);
    assert_string_equal(r->measured_unit, "seconds");
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_NOT_MET);
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_time_across_clock_changes),
        cmocka_unit_test(test_working_days_limit),
        cmocka_unit_test(test_duration_target_scores_90th_percentile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
