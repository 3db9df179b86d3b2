/* test_checks_submission.c — expected returns per dataset and period,
 * present and received by the due date; pending returns. */
#include "test_checks_helpers.h"

#define SUB_SPEC                                                                                              \
    SPEC_HEAD("2007-04-01", "2007-06-30")                                                                     \
    "reporting: {every: month, due_days: 15}\n"                                                               \
    "datasets:\n  referrals:\n    columns:\n      provider: {type: ods_code}\n"                               \
    "      received_at: {type: datetime, required: true}\n      submitted: {type: date}\n"                   \
    "  contacts:\n    columns:\n      provider: {type: ods_code}\n      contact_on: {type: date}\n"          \
    "requirements:\n  - id: RET-1\n    title: Returns\n    check:\n      kind: submission\n"                 \
    "      datasets: [referrals]\n      submitted: submitted\n"

static void ret(kfix *f, void *acc, uint64_t rec, const char *at, const char *submitted)
{
    sa_value v[3] = {v_str("8HX01"), v_dt(at), submitted ? v_date(submitted) : v_empty()};
    kfix_row(f, acc, rec, "8HX01", v, 3);
}

static void test_late_missing_and_undated(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, SUB_SPEC, 0, 20);
    f.file.dataset = sa_spec_find_dataset(f.spec, "referrals");
    void *a = kfix_acc(&f), *b = kfix_acc(&f);
    ret(&f, a, 2, "2007-04-03T10:00", "2007-05-10");
    ret(&f, b, 3, "2007-04-20T10:00", "2007-05-16"); /* the April return completed late */
    ret(&f, a, 4, "2007-06-03T10:00", NULL);         /* June: no submission date */
    f.cr.kind->acc_merge(a, b, &f.cr);
    sa_result *r = kfix_finish(&f, a, f.cr.from, f.cr.to);
    assert_int_equal(r->nperiods, 3);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_NOT_MET); /* late */
    assert_int_equal(r->periods[1].verdict, SA_VERDICT_NOT_MET); /* missing */
    /* received, date unknown: not evidence of timeliness, and 1/1 could still be on time */
    assert_int_equal(r->periods[2].verdict, SA_VERDICT_NOT_ASSESSABLE);
    assert_false(r->periods[2].has_measured);
    assert_int_equal(r->numerator, 0); /* none known to be on time */
    assert_int_equal(r->denominator, 3);
    assert_int_equal(r->unknown, 1);
    assert_int_equal(find_metric(r, "late_returns")->value, 1);
    assert_int_equal(find_metric(r, "missing_returns")->value, 1);
    assert_int_equal(find_metric(r, "returns_without_submission_date")->value, 1);
    assert_int_equal(r->examples_total, 2);
    assert_non_null(strstr(r->examples[0].message, "submitted on 2007-05-16, 1 day after its due date 2007-05-15"));
    assert_non_null(strstr(r->examples[1].message, "is missing (due 2007-06-15)"));
    /* What was assumed without a manifest is said. */
    assert_non_null(strstr(sa_buf_cstr(&f.measure), "1 without a known submission date"));
    assert_non_null(strstr(sa_buf_cstr(&f.measure), "no submissions manifest: a return without a submission date "
                                                    "is of unknown timeliness; a period without rows counts as not "
                                                    "received"));
    f.cr.kind->acc_free(a);
    f.cr.kind->acc_free(b);
    kfix_free(&f);
}

static void test_pending_before_due(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, SUB_SPEC, 0, 20);
    f.file.dataset = sa_spec_find_dataset(f.spec, "referrals");
    f.cr.today = D("2007-06-10"); /* May due 15 June: pending; June pending too */
    void *a = kfix_acc(&f);
    ret(&f, a, 2, "2007-04-03T10:00", "2007-05-15");
    sa_result *r = kfix_finish(&f, a, f.cr.from, f.cr.to);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_MET);
    assert_int_equal(r->periods[1].verdict, SA_VERDICT_NOT_ASSESSABLE);
    assert_int_equal(r->periods[2].verdict, SA_VERDICT_NOT_ASSESSABLE);
    assert_int_equal(find_metric(r, "pending_returns")->value, 2);
    f.cr.kind->acc_free(a);
    kfix_free(&f);
}

/* A row of a manifest built in memory. */
static sa_submission listed(const sa_spec *spec, const char *from, const char *to, const char *submitted, bool nil)
{
    sa_submission e = {"8HX01", sa_spec_find_dataset(spec, "referrals"), D(from), D(to),
                       submitted ? D(submitted) : SA_DATE_NONE, nil ? NULL : "referrals.csv", nil, NULL, 2};
    return e;
}

/* The manifest decides what was received and when; rows it does not list are of unknown
 * timeliness; a day counts from the earliest entry covering it. */
static void test_manifest_nil_resubmission_and_unlisted(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, SUB_SPEC, 0, 20);
    f.file.dataset = sa_spec_find_dataset(f.spec, "referrals");
    sa_submission items[4] = {
        listed(f.spec, "2007-04-01", "2007-04-30", "2007-05-15", false), /* on time, on the due day */
        listed(f.spec, "2007-04-01", "2007-04-30", "2007-06-30", false), /* a later correction */
        listed(f.spec, "2007-05-01", "2007-05-31", "2007-06-01", true),  /* May: nil return */
        listed(f.spec, "2007-06-01", "2007-06-15", "2007-07-01", false), /* half of June only */
    };
    sa_manifest m = {NULL, "submissions.csv", items, 4};
    f.cr.manifest = &m;
    void *a = kfix_acc(&f);
    ret(&f, a, 2, "2007-04-03T10:00", "2007-07-30"); /* the rows' own date gives way to the manifest */
    ret(&f, a, 3, "2007-06-20T10:00", "2007-07-02"); /* June: half listed, so the rows decide: unlisted */
    sa_result *r = kfix_finish(&f, a, f.cr.from, f.cr.to);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_MET);
    assert_int_equal(r->periods[1].verdict, SA_VERDICT_MET); /* nil return, no rows */
    assert_int_equal(r->periods[2].verdict, SA_VERDICT_NOT_ASSESSABLE);
    assert_int_equal(find_metric(r, "nil_returns")->value, 1);
    assert_int_equal(r->examples_total, 1);
    assert_non_null(strstr(r->examples[0].message, "manifest does not list the return"));
    f.cr.kind->acc_free(a);
    kfix_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_late_missing_and_undated),
        cmocka_unit_test(test_pending_before_due),
        cmocka_unit_test(test_manifest_nil_resubmission_and_unlisted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
