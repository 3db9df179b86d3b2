/* test_checks_mdt.c — MDT meetings grouped by id, quorate when every core
 * role is present, roles from free-text titles, cadence periods, merging. */
#include "test_checks_helpers.h"

#define MDT_SPEC(from, to, every, extra)                                                                      \
    SPEC_HEAD(from, to)                                                                                       \
    "roles:\n  palliative_consultant: '(?i)consultant.*palliat'\n  cns: '(?i)(clinical nurse specialist|\\bCNS\\b)'\n" \
    "  social_worker: '(?i)social work'\n"                                                                    \
    "datasets:\n  mdt:\n    columns:\n      provider: {type: ods_code}\n      meeting_id: {type: string}\n"  \
    "      held_on: {type: date}\n      attendee_role: {type: string}\n      present: {type: bool}\n"        \
    "requirements:\n  - id: SPC-8\n    title: MDT\n    check:\n      kind: mdt\n      dataset: mdt\n"       \
    "      meeting: meeting_id\n      on: held_on\n      role: attendee_role\n      every: " every "\n"     \
    "      core: [palliative_consultant, cns]\n      expected: [social_worker]\n" extra

static void attend(kfix *f, void *acc, uint64_t rec, const char *id, const char *date, const char *title, int present)
{
    sa_value v[5] = {v_str("8HX01"), v_str(id), v_date(date), v_str(title),
                     present < 0 ? v_empty() : v_bool(present != 0)};
    kfix_row(f, acc, rec, "8HX01", v, 5);
}

static void test_fortnight_without_quorate_meeting(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, MDT_SPEC("2007-04-02", "2007-05-13", "fortnight", ""), 0, 20);
    void *acc = kfix_acc(&f);
    attend(&f, acc, 2, "M1", "2007-04-05", "Consultant in Palliative Medicine", 1);
    attend(&f, acc, 3, "M1", "2007-04-05", "Clinical Nurse Specialist", 1);
    attend(&f, acc, 4, "M2", "2007-04-19", "Consultant in Palliative Medicine", 1);
    attend(&f, acc, 5, "M2", "2007-04-19", "Social Worker", 1);
    attend(&f, acc, 6, "M3", "2007-05-03", "consultant, palliative medicine", 1);
    attend(&f, acc, 7, "M3", "2007-05-03", "CNS (community)", 1);
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    assert_int_equal(r->numerator, 2);
    assert_int_equal(r->denominator, 3);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_NOT_MET);
    assert_int_equal(r->examples_total, 1);
    assert_int_equal(r->examples[0].row, 4);
    assert_string_equal(r->examples[0].message, "meeting M2 on 2007-04-19 is not quorate: missing cns");
    assert_int_equal(find_metric(r, "meetings_missing_expected")->value, 2);
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

static void test_present_false_and_unknown(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, MDT_SPEC("2007-04-02", "2007-04-08", "week", "      present: present\n"), 0, 20);
    void *acc = kfix_acc(&f);
    attend(&f, acc, 2, "M1", "2007-04-03", "Consultant in Palliative Medicine", 0);
    attend(&f, acc, 3, "M1", "2007-04-03", "CNS", 1);
    attend(&f, acc, 4, "M1", "2007-04-03", "Consultant in Palliative Medicine", -1);
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    assert_int_equal(r->numerator, 0);
    assert_int_equal(r->denominator, 1);
    assert_int_equal(r->unknown, 1);
    assert_int_equal(find_metric(r, "rows_absent")->value, 1);
    assert_non_null(strstr(r->examples[0].message, "missing palliative_consultant; expected but absent: social_worker"));
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

static void test_unmatched_titles_and_missing_weeks(void **state)
{
    (void)state;
    kfix f;
    /* 1 April 2007 is a Sunday: that cut-short week counts only if a meeting fell in it. */
    kfix_init(&f, MDT_SPEC("2007-04-01", "2007-04-22", "week", ""), 0, 20);
    void *acc = kfix_acc(&f);
    attend(&f, acc, 2, "A", "2007-04-03", "Consultant in Palliative Medicine", 1);
    attend(&f, acc, 3, "A", "2007-04-03", "CNS", 1);
    attend(&f, acc, 4, "A", "2007-04-03", "Ward Clerk", 1);
    attend(&f, acc, 5, "C", "2007-04-17", "CNS", 1);
    attend(&f, acc, 6, "C", "2007-04-17", "Consultant in Palliative Medicine", 1);
    attend(&f, acc, 7, "C", "2007-04-17", "Ward Clerk", 1);
    attend(&f, acc, 8, "C", "2007-04-17", "Chaplain", 1);
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    /* Weeks of 2, 9 and 16 April; the week of 9 April had no meeting. */
    assert_int_equal(r->denominator, 3);
    assert_int_equal(r->numerator, 2);
    assert_int_equal(r->examples_total, 3);
    assert_string_equal(r->examples[0].message, "2007-04-09 to 2007-04-15: no meeting held");
    assert_null(r->examples[0].file);
    assert_string_equal(r->examples[1].message, "job title \"Chaplain\" matches no role (1 row)");
    assert_string_equal(r->examples[2].message, "job title \"Ward Clerk\" matches no role (2 rows)");
    assert_int_equal(r->examples[2].row, 4);
    assert_int_equal(find_metric(r, "unmatched_titles")->value, 2);
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

static void test_examples_capped_with_exact_total(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, MDT_SPEC("2007-04-02", "2007-04-29", "week", ""), 0, 1);
    void *acc = kfix_acc(&f);
    attend(&f, acc, 2, "A", "2007-04-03", "CNS", 1);
    attend(&f, acc, 3, "B", "2007-04-04", "Social Worker", 1);
    attend(&f, acc, 4, "C", "2007-04-24", "Porter", 1);
    sa_result *r = kfix_finish(&f, acc, f.cr.from, f.cr.to);
    /* Week 1: two non-quorate meetings; weeks 2 and 3: none held; week 4: one non-quorate; one title. */
    assert_int_equal(r->examples_total, 6);
    assert_int_equal(r->nexamples, 1);
    assert_non_null(strstr(r->examples[0].message, "meeting A on 2007-04-03"));
    assert_int_equal(r->denominator, 4);
    assert_int_equal(r->numerator, 0);
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

static void test_merge_joins_a_meeting_split_over_files(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, MDT_SPEC("2007-04-02", "2007-04-08", "week", ""), 0, 20);
    void *a = kfix_acc(&f), *b = kfix_acc(&f);
    attend(&f, a, 2, "M1", "2007-04-03", "Consultant in Palliative Medicine", 1);
    attend(&f, b, 9, "M1", "2007-04-03", "CNS", 1);
    sa_result *ra = kfix_finish(&f, a, f.cr.from, f.cr.to);
    assert_int_equal(ra->numerator, 0);
    f.cr.kind->acc_merge(b, a, &f.cr);
    sa_result *rb = kfix_finish(&f, b, f.cr.from, f.cr.to);
    assert_int_equal(rb->numerator, 1);
    assert_int_equal(rb->periods[0].verdict, SA_VERDICT_MET);
    f.cr.kind->acc_free(a);
    f.cr.kind->acc_free(b);
    kfix_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fortnight_without_quorate_meeting),
        cmocka_unit_test(test_present_false_and_unknown),
        cmocka_unit_test(test_unmatched_titles_and_missing_weeks),
        cmocka_unit_test(test_examples_capped_with_exact_total),
        cmocka_unit_test(test_merge_joins_a_meeting_split_over_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
