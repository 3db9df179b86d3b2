/* test_checks_baseline.c — a figure against the same figure over an earlier
 * range of the same rows: the change, its unit and when there is none. */
#include <math.h>
#include <unistd.h>

#include "test_checks_helpers.h"

#define BASE_SPEC(kind_keys, baseline, change)                                                              \
    SPEC_HEAD("2024-04-01", "2025-03-31")                                                                   \
    "datasets:\n  adm:\n    key: [id]\n    columns:\n      id: {type: string}\n      provider: {type: ods_code}\n" \
    "      on: {type: date}\n      route: {type: enum, values: [emergency, elective]}\n"                    \
    "      days: {type: int}\n"                                                                             \
    "requirements:\n  - id: EA-1\n    title: Admissions\n    check:\n      dataset: adm\n      at: on\n"    \
    "      baseline: " baseline "\n      change: \"" change "\"\n" kind_keys

#define YEAR "{from: 2023-04-01, to: 2024-03-31}"

/* Feeds one row to the current accumulator and to the baseline's, as the engine does. */
static void adm(kfix *f, void *acc, void *base, uint64_t rec, const char *date, bool emergency, int64_t days)
{
    sa_value v[5] = {v_str("A"), v_str("8HX01"), date ? v_date(date) : v_empty(),
                     emergency ? v_enum("emergency", 0) : v_enum("elective", 1), v_int(days)};
    kfix_row(f, acc, rec, "8HX01", v, 5);
    sa_row row;
    memset(&row, 0, sizeof row);
    row.file = &f->file;
    row.record = rec;
    row.values = v;
    row.nvalues = 5;
    row.valid = true;
    row.provider = "8HX01";
    sa_chk_baseline_row(base, &f->cr, &f->loc, &row);
}

/* Finishes both: the row's verdict is its only period's. */
static sa_result *finish(kfix *f, void *acc, void *base)
{
    sa_result *r = kfix_finish(f, acc, f->cr.from, f->cr.to);
    sa_chk_baseline_finish(&f->fin, base);
    return r;
}

static void release(kfix *f, void *acc, void *base)
{
    f->cr.kind->acc_free(acc);
    sa_chk_baseline_free(base, &f->cr);
    kfix_free(f);
}

static void test_count_fall_at_the_bound(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, BASE_SPEC("      kind: count\n      where: route == \"emergency\"\n", YEAR, "<= -20%"), 0, 5);
    assert_non_null(f.cr.baseline);
    assert_int_equal(f.cr.baseline->grid.n, 1);
    void *acc = kfix_acc(&f), *base = sa_chk_baseline_new(&f.cr);
    const char *before[] = {"2023-04-01", "2023-08-01", "2023-12-01", "2024-02-29", "2024-03-31"};
    for (int i = 0; i < 5; i++)
        adm(&f, acc, base, 2 + i, before[i], true, 0);
    adm(&f, acc, base, 10, "2023-06-01", false, 0); /* elective: counted in neither */
    adm(&f, acc, base, 11, "2023-03-31", true, 0);  /* before the baseline: counted in neither */
    const char *now[] = {"2024-04-01", "2024-09-09", "2024-12-24", "2025-03-31"};
    for (int i = 0; i < 4; i++)
        adm(&f, acc, base, 20 + i, now[i], true, 0);
    sa_result *r = finish(&f, acc, base);
    assert_true(r->baseline.set && r->baseline.has_baseline && r->baseline.has_current);
    assert_true(r->baseline.baseline == 5 && r->baseline.current == 4);
    assert_false(r->baseline.per_day); /* 12 whole months each, though 366 days against 365 */
    assert_true(fabs(r->baseline.change - -20.0) < 1e-9);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_MET);
    assert_null(r->reason);
    assert_non_null(strstr(r->baseline.text, "2023-04-01 to 2024-03-31: 5; current 4; change -20.0%"));
    assert_non_null(strstr(sa_buf_cstr(&f.measure), "4 against a baseline of 5"));
    release(&f, acc, base);
}

static void test_mean_level_not_met(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, BASE_SPEC("      kind: mean\n      column: days\n", YEAR, "<= -10%"), 0, 5);
    void *acc = kfix_acc(&f), *base = sa_chk_baseline_new(&f.cr);
    adm(&f, acc, base, 2, "2023-05-01", true, 10);
    adm(&f, acc, base, 3, "2023-06-01", true, 20); /* baseline mean 15 */
    adm(&f, acc, base, 4, "2024-05-01", true, 12);
    adm(&f, acc, base, 5, "2024-06-01", true, 15); /* current mean 13.5: -10% exactly would be 13.5 */
    adm(&f, acc, base, 6, "2024-07-01", true, 14); /* now 41 / 3 = 13.67: -8.9% */
    sa_result *r = finish(&f, acc, base);
    assert_true(r->baseline.baseline == 15);
    assert_true(fabs(r->baseline.current - 41.0 / 3) < 1e-9);
    assert_true(fabs(r->baseline.change - (41.0 / 3 - 15) / 15 * 100) < 1e-9);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_NOT_MET);
    release(&f, acc, base);
}

static void test_share_in_points(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f,
              BASE_SPEC("      kind: proportion\n      meets: route == \"emergency\"\n", YEAR, "<= -5pp"), 0, 5);
    void *acc = kfix_acc(&f), *base = sa_chk_baseline_new(&f.cr);
    adm(&f, acc, base, 2, "2023-05-01", true, 0);
    adm(&f, acc, base, 3, "2023-06-01", false, 0); /* baseline 1/2 = 50% */
    adm(&f, acc, base, 4, "2024-05-01", true, 0);
    adm(&f, acc, base, 5, "2024-06-01", false, 0);
    adm(&f, acc, base, 6, "2024-07-01", false, 0);
    adm(&f, acc, base, 7, "2024-08-01", false, 0);
    adm(&f, acc, base, 8, "2024-09-01", false, 0); /* now 1/5 = 20%: -30pp */
    sa_result *r = finish(&f, acc, base);
    assert_true(r->baseline.points);
    assert_true(fabs(r->baseline.change - -30.0) < 1e-9);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_MET);
    assert_non_null(strstr(r->baseline.text, "50.0%; current 20.0%; change -30.0pp"));
    release(&f, acc, base);
}

/* No row in the baseline, none in the period, or a baseline of 0: never met. */
static void test_no_baseline_is_not_assessable(void **state)
{
    (void)state;
    const char *spec = BASE_SPEC("      kind: count\n      where: route == \"emergency\"\n", YEAR, "<= -10%");
    kfix f;
    kfix_init(&f, spec, 0, 5);
    void *acc = kfix_acc(&f), *base = sa_chk_baseline_new(&f.cr);
    adm(&f, acc, base, 2, "2024-05-01", true, 0);
    sa_result *r = finish(&f, acc, base);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_NOT_ASSESSABLE);
    assert_string_equal(r->reason, "no rows are dated in the baseline range");
    assert_false(r->baseline.has_baseline || r->baseline.has_change);
    release(&f, acc, base);

    kfix_init(&f, spec, 0, 5);
    acc = kfix_acc(&f);
    base = sa_chk_baseline_new(&f.cr);
    adm(&f, acc, base, 2, "2023-05-01", true, 0); /* only the baseline: a count of 0 now is no fall */
    r = finish(&f, acc, base);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_NOT_ASSESSABLE);
    assert_string_equal(r->reason, "no rows are dated in the period assessed");
    release(&f, acc, base);

    kfix_init(&f, spec, 0, 5);
    acc = kfix_acc(&f);
    base = sa_chk_baseline_new(&f.cr);
    adm(&f, acc, base, 2, "2023-05-01", false, 0); /* the baseline's only row is elective: 0 */
    adm(&f, acc, base, 3, "2024-05-01", true, 0);
    r = finish(&f, acc, base);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_NOT_ASSESSABLE);
    assert_true(r->baseline.has_baseline && r->baseline.baseline == 0);
    assert_string_equal(r->reason, "the baseline figure is 0, so a relative change cannot be taken");
    release(&f, acc, base);

    kfix_init(&f, spec, 0, 5); /* nothing at all */
    acc = kfix_acc(&f);
    r = finish(&f, acc, NULL);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_NOT_ASSESSABLE);
    f.cr.kind->acc_free(acc);
    kfix_free(&f);
}

/* Merging two workers' baseline accumulators adds their rows. */
static void test_merge(void **state)
{
    (void)state;
    kfix f;
    kfix_init(&f, BASE_SPEC("      kind: count\n", YEAR, ">= 50%"), 0, 5);
    void *acc = kfix_acc(&f), *b1 = sa_chk_baseline_new(&f.cr), *b2 = sa_chk_baseline_new(&f.cr);
    adm(&f, acc, b1, 2, "2023-05-01", true, 0);
    adm(&f, acc, b2, 3, "2023-06-01", true, 0);
    adm(&f, acc, b2, 4, "2024-06-01", true, 0);
    adm(&f, acc, b1, 5, "2024-07-01", true, 0);
    adm(&f, acc, b1, 6, "2024-08-01", true, 0);
    sa_chk_baseline_merge(b1, b2, &f.cr);
    sa_chk_baseline_free(b2, &f.cr);
    sa_result *r = finish(&f, acc, b1);
    assert_true(r->baseline.baseline == 2 && r->baseline.current == 3);
    assert_true(fabs(r->baseline.change - 50.0) < 1e-9);
    assert_int_equal(r->periods[0].verdict, SA_VERDICT_MET);
    release(&f, acc, b1);
}

/* Writes `text` to a temporary file; returns its path (static buffer). */
static const char *temp_json(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/sa-prior-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

#define REPORT(id, version)                                                                                  \
    "{\"format_version\": 3, \"tool\": {\"name\": \"specaudit\"},\n \"specification\": {\"id\": \"" id "\", \"version\": \"" version "\"},\n" \
    " \"period\": {\"from\": \"2023-04-01\", \"to\": \"2024-03-31\"},\n \"results\": [\n"                       \
    "  {\"requirement_id\": \"EA-1\", \"provider\": {\"code\": \"8HX01\"}, \"verdict\": \"met\",\n"                \
    "   \"measured\": {\"value\": 5, \"unit\": \"count\"}},\n"                                                     \
    "  {\"requirement_id\": \"EA-1\", \"provider\": {\"code\": \"8HX02\"}, \"verdict\": null,\n"                   \
    "   \"measured\": {\"value\": 7, \"unit\": \"count\"}}]}\n"

/* An earlier report: its rows by requirement and provider; another specification or version refused. */
static void test_prior_report(void **state)
{
    (void)state;
    sa_spec *spec = load_spec_text(BASE_SPEC("      kind: count\n", "{report: true}", "<= -10%"));
    assert_true(spec->requirements[0].check.baseline.report);
    sa_diags *d = sa_diags_new();
    const char *path = temp_json(REPORT("unit", "1"));
    sa_prior_report *p = sa_prior_report_load(path, spec, d);
    unlink(path);
    assert_non_null(p);
    const sa_prior_row *row = sa_prior_report_find(p, "EA-1", "8HX01");
    assert_true(row && row->has && row->value == 5);
    assert_null(sa_prior_report_find(p, "EA-1", "8HX02")); /* a share, not a verdict */
    assert_null(sa_prior_report_find(p, "EA-1", NULL));
    sa_date from, to;
    sa_prior_report_range(p, &from, &to);
    assert_int_equal(from, D("2023-04-01"));
    assert_int_equal(to, D("2024-03-31"));
    sa_prior_report_free(p);

    path = temp_json(REPORT("unit", "2"));
    assert_null(sa_prior_report_load(path, spec, d));
    unlink(path);
    const sa_diag *g = sa_diags_at(d, 0);
    assert_string_equal(g->code, "E-CHECK-BASELINE-REPORT");
    assert_int_equal(g->pos.line, 2);
    assert_int_equal(g->pos.col, 45);
    assert_non_null(strstr(g->message, "expected a report of version '1' of the specification, found version '2'"));

    path = temp_json(REPORT("other", "1"));
    assert_null(sa_prior_report_load(path, spec, d));
    unlink(path);
    assert_non_null(strstr(sa_diags_at(d, 1)->message, "found one of 'other'"));

    path = temp_json("[1, 2]");
    assert_null(sa_prior_report_load(path, spec, d));
    unlink(path);
    assert_non_null(strstr(sa_diags_at(d, 2)->message, "expected a specaudit JSON report"));

    /* A layout this version does not know (a later one) is refused, not misread. */
    path = temp_json("{\"format_version\": 9, \"tool\": {\"name\": \"specaudit\"}, \"specification\": {}, \"results\": []}");
    assert_null(sa_prior_report_load(path, spec, d));
    unlink(path);
    assert_non_null(strstr(sa_diags_at(d, 3)->message, "expected a JSON report of format_version 2 to 3"));
    assert_int_equal(sa_diags_at(d, 3)->pos.col, 20);
    sa_diags_free(d);
    sa_spec_free(spec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_count_fall_at_the_bound),
        cmocka_unit_test(test_mean_level_not_met),
        cmocka_unit_test(test_share_in_points),
        cmocka_unit_test(test_no_baseline_is_not_assessable),
        cmocka_unit_test(test_merge),
        cmocka_unit_test(test_prior_report),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
