/* test_checks_attestation.c — the earliest attestation against the due date,
 * judged on --today or the range end. */
#include "test_checks_helpers.h"

#define ATT_SPEC(who)                                                                                        \
    SPEC_HEAD("2007-04-01", "2008-03-31")                                                                     \
    "commissioner: {name: Vale PCT, code: 5QX}\n"                                                             \
    "datasets:\n  decl:\n    provider: org\n    columns:\n      org: {type: ods_code}\n"                      \
    "      requirement: {type: string}\n      attested_on: {type: date}\n      reference: {type: string}\n"   \
    "requirements:\n  - id: PRV-1\n    title: Evaluation\n    check:\n      kind: attestation\n"              \
    "      dataset: decl\n      responsible: " who "\n      evidence: the report\n      due: 2007-12-31\n"  \
    "      requirement: requirement\n      attested: attested_on\n      reference: reference\n"

static void attest(kfix *f, void *acc, uint64_t rec, const char *req, const char *date, const char *ref)
{
    sa_value v[4] = {v_str("8HX01"), v_str(req), date ? v_date(date) : v_empty(), v_str(ref)};
    kfix_row(f, acc, rec, "8HX01", v, 4);
}

/* Finishes without a target: the kind judges against its due date. */
static sa_result *finish(kfix *f, void *acc)
{
    sa_result *r = sa_result_set_add(f->rs);
    sa_buf_clear(&f->measure);
    sa_chk_final fin = {.cr = &f->cr, .from = f->cr.from, .to = f->cr.to, .arena = f->rs->arena, .r = r,
                        .measure = &f->measure};
    f->cr.kind->acc_finish(acc, &fin);
    return r;
}

static void test_met_by_the_earliest(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, ATT_SPEC("provider"), 0, 20);
    assert_false(f.cr.commissioner_duty);
    assert_int_equal(f.cr.grid.n, 1); /* one period: the whole range */
    void *acc = kfix_acc(&f), *other = kfix_acc(&f);
    attest(&f, acc, 2, "PRV-1", "2008-01-20", "late copy");
    attest(&f, other, 3, "PRV-1", "2007-11-30", "EV-1");
    attest(&f, acc, 4, "PRV-9", "2007-05-01", "another duty");
    attest(&f, acc, 5, "PRV-1", NULL, "undated");
    f.cr.kind->acc_merge(acc, other, &f.cr);
    sa_result *r = finish(&f, acc);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_MET);
    assert_string_equal(sa_buf_cstr(&f.measure), "Attested on 30 November 2007, due 31 December 2007 (evidence: EV-1)");
    assert_int_equal(r->nexamples, 1);
    assert_int_equal(r->examples[0].row, 3);
    assert_int_equal(r->unknown, 1);
    assert_string_equal(r->target_text, "attested by 31 December 2007");
    f.cr.kind->acc_free(other);
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

static void test_late_overdue_and_not_yet_due(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, ATT_SPEC("provider"), 0, 20);
    void *acc = kfix_acc(&f);
    attest(&f, acc, 2, "PRV-1", "2008-01-20", "EV-2");
    sa_result *r = finish(&f, acc);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_NOT_MET);
    assert_non_null(strstr(sa_buf_cstr(&f.measure), "Attested late: on 20 January 2008, due 31 December 2007"));
    f.cr.kind->acc_free(acc);

    acc = kfix_acc(&f);
    r = finish(&f, acc); /* nothing, the range ends after the due date */
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_NOT_MET);
    assert_string_equal(sa_buf_cstr(&f.measure), "Not attested by the due date, 31 December 2007");
    f.cr.kind->acc_free(acc);

    f.cr.today = D("2007-12-01"); /* --today before the due date */
    acc = kfix_acc(&f);
    attest(&f, acc, 2, "PRV-1", "2008-01-20", "EV-2"); /* after today: not read */
    r = finish(&f, acc);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_NOT_IN_FORCE);
    assert_string_equal(r->reason, "not yet due: due 31 December 2007");
    assert_int_equal(r->nexamples, 0);
    assert_int_equal(sa_chk_fold(r->periods, r->nperiods), SA_VERDICT_NOT_IN_FORCE);
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

static void test_commissioner_duty(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, ATT_SPEC("commissioner"), 0, 20);
    assert_true(f.cr.commissioner_duty);
    kfix_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_met_by_the_earliest),
        cmocka_unit_test(test_late_overdue_and_not_yet_due),
        cmocka_unit_test(test_commissioner_duty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
