/* test_checks_declared_level.c — declarations in force per period, the
 * lowest level counting, absent declarations not assessable. */
#include "test_checks_helpers.h"

#define DL_SPEC(per)                                                                                          \
    SPEC_HEAD("2007-04-01", "2008-03-31")                                                                     \
    "datasets:\n  decl:\n    columns:\n      provider: {type: ods_code}\n      declared_on: {type: date}\n"  \
    "      level: {type: int}\n"                                                                              \
    "requirements:\n  - id: SPC-6\n    title: Bereavement\n    check:\n      kind: declared_level\n"         \
    "      dataset: decl\n      field: level\n      at: declared_on\n      at_least: 3\n"                    \
    "      model: nice-2004-bereavement\n      per: " per "\n"

static void declare(kfix *f, void *acc, uint64_t rec, const char *on, int level)
{
    sa_value v[3] = {v_str("8HX01"), on ? v_date(on) : v_empty(), level < 0 ? v_empty() : v_int(level)};
    kfix_row(f, acc, rec, "8HX01", v, 3);
}

static void test_level_in_force_per_quarter(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, DL_SPEC("quarter"), 0, 20);
    void *a = kfix_acc(&f), *b = kfix_acc(&f);
    declare(&f, a, 2, "2007-05-15", 3);  /* first declaration mid-Q1: Q1 judged on it */
    declare(&f, b, 3, "2007-08-01", 3);
    declare(&f, a, 4, "2007-08-01", 2);  /* same day, lower: the lower counts */
    declare(&f, a, 5, "2007-11-01", 3);
    declare(&f, a, 6, "2007-12-01", -1); /* unreadable */
    f.cr.kind->acc_merge(a, b, &f.cr);
    sa_result *r = kfix_finish(&f, a, f.cr.from, f.cr.to);
    assert_int_equal(r->nperiods, 4);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_MET);
    assert_int_equal(r->periods[1].verdict, SA_VERDICT_NOT_MET); /* Q2: 3 then 2 */
    assert_int_equal((int)r->periods[1].measured, 2);
    assert_int_equal(r->periods[2].verdict, SA_VERDICT_NOT_MET); /* Q3 starts at 2, raised in November */
    assert_int_equal(r->periods[3].verdict, SA_VERDICT_MET);
    assert_int_equal((int)r->measured, 2);
    assert_int_equal(r->unknown, 1);
    assert_int_equal(r->examples_total, 2);
    assert_int_equal(r->examples[0].row, 4);
    f.cr.kind->acc_free(a);
    f.cr.kind->acc_free(b);
    kfix_free(&f);
}

static void test_no_declaration_is_not_assessable(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, DL_SPEC("period"), 0, 20);
    void *a = kfix_acc(&f);
    declare(&f, a, 2, "2008-06-01", 3); /* after the period: never in force */
    sa_result *r = kfix_finish(&f, a, f.cr.from, f.cr.to);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_NOT_ASSESSABLE);
    assert_false(r->has_measured);
    assert_int_equal(sa_chk_fold(r->periods, r->nperiods), SA_VERDICT_NOT_ASSESSABLE);
    f.cr.kind->acc_free(a);
    kfix_free(&f);

    kfix_init(&f, DL_SPEC("period"), 0, 20);
    a = kfix_acc(&f);
    declare(&f, a, 2, NULL, 3); /* undated: in force throughout */
    r = kfix_finish(&f, a, f.cr.from, f.cr.to);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_MET);
    f.cr.kind->acc_free(a);
    kfix_free(&f);
}

#define DL_SYSTEM_SPEC                                                                                        \
    SPEC_HEAD("2007-04-01", "2007-06-30")                                                                     \
    "datasets:\n  decl:\n    columns:\n      provider: {type: ods_code}\n      declared_on: {type: date}\n"  \
    "      level: {type: int}\n"                                                                              \
    "requirements:\n  - id: ALL-10\n    title: Psychological support\n    scope: system\n    check:\n"       \
    "      kind: declared_level\n      dataset: decl\n      field: level\n      at: declared_on\n"          \
    "      at_least: 4\n      model: nice-2004-psychological\n      per: month\n"

static void declare_for(kfix *f, void *acc, uint64_t rec, const char *prov, const char *on, int level)
{
    sa_value v[3] = {v_str(prov), v_date(on), v_int(level)};
    kfix_row(f, acc, rec, prov, v, 3);
}

/* The system offers a level when any provider in its term does, day by day. */
static void test_system_takes_the_highest_provider(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, DL_SYSTEM_SPEC, 0, 20);
    void *a = kfix_acc(&f), *b = kfix_acc(&f);
    declare_for(&f, a, 2, "RX7", "2007-04-01", 4);   /* the specialist service offers level 4 */
    declare_for(&f, a, 3, "RX7", "2007-05-10", 2);   /* ... until 10 May */
    declare_for(&f, b, 2, "8HZ01", "2007-04-01", 2);
    declare_for(&f, b, 3, "8HZ01", "2007-05-20", 4); /* a hospice reaches level 4 from 20 May */
    void *sys = kfix_acc(&f);
    f.cr.kind->acc_merge(sys, a, &f.cr);
    f.cr.kind->acc_merge(sys, b, &f.cr);
    sa_result *r = kfix_finish(&f, sys, f.cr.from, f.cr.to);
    assert_int_equal(r->nperiods, 3);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_MET);     /* April: 4 (RX7) */
    assert_int_equal(r->periods[1].verdict, SA_VERDICT_NOT_MET); /* 10-19 May: nobody above 2 */
    assert_int_equal((int)r->periods[1].measured, 2);
    assert_int_equal(r->periods[2].verdict, SA_VERDICT_MET);     /* June: 4 (8HZ01) */
    assert_int_equal((int)r->measured, 2);
    assert_int_equal(r->examples_total, 1);
    assert_non_null(strstr(r->examples[0].message, "the highest level any provider declares is 2"));
    f.cr.kind->acc_free(a);
    f.cr.kind->acc_free(b);
    f.cr.kind->acc_free(sys);
    kfix_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_level_in_force_per_quarter),
        cmocka_unit_test(test_no_declaration_is_not_assessable),
        cmocka_unit_test(test_system_takes_the_highest_provider),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
