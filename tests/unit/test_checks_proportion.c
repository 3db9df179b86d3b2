/* test_checks_proportion.c — proportion KPIs: where/meets/exclude with
 * three-valued logic, FHIR-style scoring, min_denominator, evidence. */
#include "test_checks_helpers.h"

#define PROP_SPEC(extra)                                                                                      \
    SPEC_HEAD("2007-04-01", "2007-05-31")                                                                     \
    "datasets:\n  referrals:\n    key: [referral_id]\n    columns:\n      referral_id: {type: string}\n"     \
    "      provider: {type: ods_code}\n      received_at: {type: datetime}\n"                                 \
    "      urgency: {type: enum, values: [urgent, routine]}\n      first_contact_at: {type: datetime}\n"     \
    "      exclusion_reason: {type: string}\n"                                                                \
    "requirements:\n  - id: KPI-2\n    title: Urgent\n    check:\n      kind: proportion\n"                   \
    "      dataset: referrals\n      at: received_at\n      where: urgency == \"urgent\"\n"                   \
    "      meets: working_days_between(received_at, first_contact_at) <= 1\n"                                \
    "      exclude: exclusion_reason is not empty\n      target: \">= 75%\"\n" extra

static void ref(kfix *f, void *acc, uint64_t rec, const char *id, const char *at, int urgent, const char *contact,
                const char *excl)
{
    sa_value v[6] = {v_str(id),
                     v_str("8HX01"),
                     at ? v_dt(at) : v_empty(),
                     urgent < 0 ? v_empty() : urgent ? v_enum("urgent", 0) : v_enum("routine", 1),
                     contact ? v_dt(contact) : v_empty(),
                     excl ? v_str(excl) : v_empty()};
    kfix_row(f, acc, rec, "8HX01", v, 6);
}

static void test_scoring_with_unknowns_and_exclusions(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, PROP_SPEC(""), 0, 20);
    void *acc = kfix_acc(&f);
    ref(&f, acc, 2, "R1", "2007-04-02T09:00", 1, "2007-04-03T09:00", NULL);   /* met */
    ref(&f, acc, 3, "R2", "2007-04-05T09:00", 1, "2007-04-10T09:00", NULL);   /* Easter: 1 working day, met */
    ref(&f, acc, 4, "R3", "2007-04-11T09:00", 1, "2007-04-16T09:00", NULL);   /* 3: not met */
    ref(&f, acc, 5, "R4", "2007-04-12T09:00", 1, NULL, NULL);                 /* unknown: not met */
    ref(&f, acc, 6, "R5", "2007-04-13T09:00", 1, "2007-04-30T09:00", "declined"); /* excluded */
    ref(&f, acc, 7, "R6", "2007-04-16T09:00", 0, "2007-04-30T09:00", NULL);   /* routine: outside where */
    ref(&f, acc, 8, "R7", "2007-04-17T09:00", -1, "2007-04-30T09:00", NULL);  /* where unknown: left out */
    ref(&f, acc, 9, "R8", NULL, 1, "2007-04-30T09:00", NULL);                 /* no date */
    ref(&f, acc, 10, "R9", "2007-03-31T09:00", 1, "2007-04-30T09:00", NULL);  /* before the period */
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    assert_int_equal(r->nperiods, 2);
    assert_int_equal(r->periods[0].numerator, 2);
    assert_int_equal(r->periods[0].denominator, 4);
    assert_int_equal(r->periods[0].unknown, 1);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_NOT_MET);
    assert_int_equal(r->periods[1].verdict, SA_VERDICT_NOT_ASSESSABLE);
    assert_int_equal(r->numerator, 2);
    assert_int_equal(r->denominator, 4);
    assert_int_equal(r->excluded_rows, 1);
    assert_true(r->has_measured);
    assert_true(r->measured > 49.99 && r->measured < 50.01);
    assert_int_equal(find_metric(r, "where_unknown")->value, 1);
    assert_int_equal(find_metric(r, "undated_rows")->value, 1);
    /* Evidence: R3 (not met), R4 (unknown), R8 (no date), in row order. */
    assert_int_equal(r->examples_total, 3);
    assert_int_equal(r->examples[0].row, 4);
    assert_non_null(strstr(r->examples[0].message, "referral_id R3: does not meet"));
    assert_non_null(strstr(r->examples[1].message, "cannot be evaluated"));
    assert_non_null(strstr(r->examples[2].message, "no `received_at` date"));
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

static void test_min_denominator(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, PROP_SPEC("      min_denominator: 3\n"), 0, 20);
    void *acc = kfix_acc(&f);
    ref(&f, acc, 2, "A", "2007-04-02T09:00", 1, "2007-04-02T12:00", NULL);
    ref(&f, acc, 3, "B", "2007-04-03T09:00", 1, "2007-04-03T12:00", NULL);
    ref(&f, acc, 4, "C", "2007-04-04T09:00", 1, "2007-04-04T12:00", NULL);
    ref(&f, acc, 5, "D", "2007-05-02T09:00", 1, "2007-05-10T12:00", NULL);
    ref(&f, acc, 6, "E", "2007-05-03T09:00", 1, "2007-05-10T12:00", NULL);
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_MET);
    assert_int_equal(r->periods[1].verdict, SA_VERDICT_NOT_ASSESSABLE);
    assert_non_null(strstr(r->periods[1].note, "below the minimum of 3"));
    assert_int_equal(r->periods[1].denominator, 2);
    /* The overall measure pools only assessed periods. */
    assert_int_equal(r->numerator, 3);
    assert_int_equal(r->denominator, 3);
    assert_int_equal(sa_chk_fold(r->periods, r->nperiods), SA_VERDICT_MET);
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

/* `assess: overall`: every period pools, the pooled denominator meets the minimum, and the
 * pooled share decides (the engine's fold is replaced by sa_chk_assess_overall). */
static void test_assess_overall_pools_every_period(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, PROP_SPEC("      min_denominator: 3\n      assess: overall\n"), 0, 20);
    assert_int_equal(f.cr.check->assess, SA_ASSESS_OVERALL);
    void *acc = kfix_acc(&f);
    ref(&f, acc, 2, "A", "2007-04-02T09:00", 1, "2007-04-02T12:00", NULL);
    ref(&f, acc, 3, "B", "2007-04-03T09:00", 1, "2007-04-03T12:00", NULL);
    ref(&f, acc, 4, "C", "2007-04-04T09:00", 1, "2007-04-04T12:00", NULL);
    ref(&f, acc, 5, "D", "2007-05-02T09:00", 1, "2007-05-10T12:00", NULL); /* late */
    ref(&f, acc, 6, "E", "2007-05-03T09:00", 1, "2007-05-03T12:00", NULL);
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    /* May (2 cases) is below the minimum on its own but pools into the overall 4/5. */
    assert_int_equal(r->periods[1].verdict, SA_VERDICT_NOT_ASSESSABLE);
    assert_int_equal(r->numerator, 4);
    assert_int_equal(r->denominator, 5);
    assert_true(r->has_interval);
    assert_true(r->periods[0].has_interval && r->periods[0].interval_high == 100.0);
    assert_false(f.fin.pooled_too_few);
    assert_int_equal(sa_chk_assess_overall(&f.fin, NULL), SA_VERDICT_MET); /* 80% >= 75% */
    assert_non_null(strstr(sa_buf_cstr(&f.measure), "80.0% (4/5; 95% CI 37.6-96.4%)"));
    f.cr.kind->acc_free(acc);
    kfix_free(&f);

    kfix_init(&f, PROP_SPEC("      min_denominator: 6\n      assess: overall\n"), 0, 20);
    acc = kfix_acc(&f);
    ref(&f, acc, 2, "A", "2007-04-02T09:00", 1, "2007-04-02T12:00", NULL);
    r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    assert_true(r->has_measured); /* 1/1 = 100%, but one case of the six needed */
    assert_true(f.fin.pooled_too_few);
    assert_non_null(strstr(r->reason, "below the minimum of 6"));
    assert_int_equal(sa_chk_assess_overall(&f.fin, NULL), SA_VERDICT_NOT_ASSESSABLE);
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

static void test_examples_capped_and_order_free(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, PROP_SPEC(""), 0, 2);
    void *a = kfix_acc(&f), *b = kfix_acc(&f);
    for (int i = 20; i >= 1; i--)
        ref(&f, i % 3 ? a : b, (uint64_t)i + 1, "X", "2007-04-02T09:00", 1, "2007-04-20T09:00", NULL);
    f.cr.kind->acc_merge(a, b, &f.cr);
    sa_result *r = kfix_finish(&f, a, f.cr.from, f.cr.to);
    assert_int_equal(r->examples_total, 20);
    assert_int_equal(r->nexamples, 2);
    assert_int_equal(r->examples[0].row, 2);
    assert_int_equal(r->examples[1].row, 3);
    assert_int_equal(r->denominator, 20);
    f.cr.kind->acc_free(a);
    f.cr.kind->acc_free(b);
    kfix_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scoring_with_unknowns_and_exclusions),
        cmocka_unit_test(test_min_denominator),
        cmocka_unit_test(test_examples_capped_and_order_free),
        cmocka_unit_test(test_assess_overall_pools_every_period),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
