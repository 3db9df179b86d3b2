/* test_checks_engine.c — the engine end to end through the library: providers
 * found in the returns, result order, system rows, error verdicts, and the
 * same report whatever the number of jobs, the file order or the row order. */
#include "test_checks_helpers.h"

#include <unistd.h>

#include "agreement/agreement.h"
#include "report/report.h"

static const char *ENGINE_SPEC =
    SPEC_HEAD("2007-04-01", "2007-05-31")
    "providers:\n  - {code: 8HX09, name: Quiet Hospice, kind: hospice}\n"
    "datasets:\n  referrals:\n    files: [\"ref*.csv\"]\n    key: [id]\n    columns:\n"
    "      id: {type: string, required: true}\n      provider: {type: ods_code, required: true}\n"
    "      received_at: {type: datetime, required: true}\n      first_contact_at: {type: datetime}\n"
    "  rota:\n    files: [\"rota*.csv\"]\n    columns:\n      provider: {type: ods_code, required: true}\n"
    "      starts_at: {type: datetime, required: true}\n      ends_at: {type: datetime, required: true}\n"
    "requirements:\n"
    "  - id: KPI-1\n    title: Contact within a day\n    check:\n      kind: proportion\n      dataset: referrals\n"
    "      at: received_at\n      meets: hours_between(received_at, first_contact_at) <= 24\n      target: \">= 80%\"\n"
    "  - id: ADV-1\n    title: Advice line\n    severity: critical\n    scope: system\n    check:\n"
    "      kind: coverage\n      dataset: rota\n      from: starts_at\n      to: ends_at\n"
    "      window: {days: mon-sun, hours: \"00:00-24:00\"}\n";

typedef struct efix {
    char dir[64];
    char paths[4][128];
    size_t npaths;
    sa_spec *spec;
} efix;

static void write_file(efix *e, const char *name, const char *text)
{
    char path[sizeof e->paths[0]];
    snprintf(path, sizeof path, "%s/%s", e->dir, name);
    memcpy(e->paths[e->npaths], path, sizeof path);
    FILE *f = fopen(e->paths[e->npaths], "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    e->npaths++;
}

static void efix_init(efix *e)
{
    memset(e, 0, sizeof *e);
    snprintf(e->dir, sizeof e->dir, "/tmp/sa-engine-XXXXXX");
    assert_non_null(mkdtemp(e->dir));
    e->spec = load_spec_text(ENGINE_SPEC);
}

static void efix_free(efix *e)
{
    for (size_t i = 0; i < e->npaths; i++)
        unlink(e->paths[i]);
    rmdir(e->dir);
    sa_spec_free(e->spec);
}

/* Runs the checks over the files in the order given and renders JSON. */
static char *run_json(efix *e, const size_t *order, size_t n, int jobs, const char *provider, sa_result_set **keep)
{
    sa_diags *d = sa_diags_new();
    char *args[4];
    for (size_t i = 0; i < n; i++)
        args[i] = e->paths[order[i]];
    size_t nfiles = 0;
    sa_return_file *files = sa_returns_resolve(e->spec, args, n, NULL, &nfiles, d);
    assert_non_null(files);
    assert_int_equal(nfiles, n);
    sa_plan *plan = sa_plan_build(e->spec, NULL, 0, d);
    assert_non_null(plan);
    sa_check_options o;
    sa_check_options_default(&o);
    o.jobs = jobs;
    o.provider = provider;
    sa_result_set *rs = sa_check_run(e->spec, plan, files, nfiles, &o, d);
    assert_non_null(rs);
    sa_buf out = SA_BUF_INIT;
    sa_report_options ro = {0};
    assert_int_equal(sa_report_render(rs, SA_FORMAT_JSON, &ro, &out), 0);
    char *json = sa_buf_detach(&out);
    if (keep)
        *keep = rs;
    else
        sa_result_set_free(rs);
    sa_plan_free(plan);
    free(files);
    sa_diags_free(d);
    return json;
}

static const char *REF_A = "id,provider,received_at,first_contact_at\n"
                           "a1,8HX01,2007-04-02T09:00,2007-04-02T10:00\n"
                           "a2,8HX02,2007-04-03T09:00,2007-04-06T10:00\n"
                           "a3,8HX01,2007-05-02T09:00,\n"
                           "a4,8HX02,2007-05-03T09:00,2007-05-03T10:00\n";
static const char *REF_B = "id,provider,received_at,first_contact_at\n"
                           "b1,8HX01,2007-04-12T09:00,2007-04-12T10:00\n"
                           "b2,8HX01,2007-05-12T09:00,2007-05-12T19:00\n"
                           "b3,8HX02,2007-04-13T09:00,2007-04-13T10:00\n";
static const char *ROTA = "provider,starts_at,ends_at\n"
                          "8HX01,2007-04-01T00:00,2007-05-01T00:00\n"
                          "8HX02,2007-05-01T00:00,2007-05-20T00:00\n"
                          "8HX02,2007-05-21T00:00,2007-06-01T00:00\n";

static void test_results_order_providers_and_system_row(void **state)
{
    (void)state;
    efix e;
    efix_init(&e);
    write_file(&e, "ref-a.csv", REF_A);
    write_file(&e, "ref-b.csv", REF_B);
    write_file(&e, "rota.csv", ROTA);
    size_t order[] = {0, 1, 2};
    sa_result_set *rs;
    char *json = run_json(&e, order, 3, 1, NULL, &rs);
    /* KPI-1 for 8HX01, 8HX02, 8HX09; ADV-1's system row, then the three providers' shares. */
    assert_int_equal(rs->nresults, 7);
    assert_string_equal(rs->results[0].requirement_id, "KPI-1");
    assert_string_equal(rs->results[0].provider_code, "8HX01");
    assert_string_equal(rs->results[1].provider_code, "8HX02");
    assert_string_equal(rs->results[2].provider_code, "8HX09");
    assert_int_equal(rs->results[2].verdict, SA_VERDICT_NOT_ASSESSABLE);
    assert_string_equal(rs->results[2].provider_name, "Quiet Hospice");
    /* 8HX01: April 2/2 met; May 1 of 2 (a3 unknown): 50% not met. */
    assert_int_equal(rs->results[0].verdict, SA_VERDICT_PARTIALLY_MET);
    assert_int_equal(rs->results[0].unknown, 1);
    assert_int_equal(rs->results[1].verdict, SA_VERDICT_PARTIALLY_MET);
    assert_string_equal(rs->results[3].requirement_id, "ADV-1");
    assert_null(rs->results[3].provider_code);
    assert_string_equal(rs->results[4].provider_code, "8HX01");
    assert_true(sa_result_is_share(&rs->results[4]) && rs->results[4].share_counted);
    assert_false(rs->results[6].share_counted); /* 8HX09 sent no rota */
    /* The union misses only 20 May: 1440 of 87840 minutes. */
    assert_int_equal(rs->results[3].gap_minutes_total, 1440);
    assert_int_equal(rs->results[3].verdict, SA_VERDICT_PARTIALLY_MET);
    assert_int_equal(rs->results[4].verdict, SA_VERDICT_PARTIALLY_MET);
    /* 8HX09's KPI-1; its ADV-1 share is no verdict and not counted. */
    assert_int_equal(rs->summary.verdict_counts[SA_VERDICT_NOT_ASSESSABLE], 1);
    assert_int_equal(rs->summary.shares, 3);
    assert_int_equal(rs->ninputs, 3);
    sa_result_set_free(rs);
    free(json);
    efix_free(&e);
}

static void test_same_report_for_jobs_and_file_order(void **state)
{
    (void)state;
    efix e;
    efix_init(&e);
    write_file(&e, "ref-a.csv", REF_A);
    write_file(&e, "ref-b.csv", REF_B);
    write_file(&e, "rota.csv", ROTA);
    size_t fwd[] = {0, 1, 2}, rev[] = {2, 1, 0};
    char *one = run_json(&e, fwd, 3, 1, NULL, NULL);
    char *three = run_json(&e, rev, 3, 3, NULL, NULL);
    char *two = run_json(&e, rev, 3, 2, NULL, NULL);
    assert_string_equal(one, three);
    assert_string_equal(one, two);
    free(one);
    free(two);
    free(three);
    efix_free(&e);
}

static void test_provider_filter(void **state)
{
    (void)state;
    efix e;
    efix_init(&e);
    write_file(&e, "ref-a.csv", REF_A);
    size_t order[] = {0};
    sa_result_set *rs;
    char *json = run_json(&e, order, 1, 1, "8HX02", &rs);
    for (size_t i = 0; i < rs->nresults; i++)
        if (rs->results[i].provider_code)
            assert_string_equal(rs->results[i].provider_code, "8HX02");
    assert_int_equal(rs->results[0].denominator, 2);
    sa_result_set_free(rs);
    free(json);
    efix_free(&e);
}

static void test_check_that_cannot_run_is_an_error_verdict(void **state)
{
    (void)state;
    efix e;
    efix_init(&e);
    write_file(&e, "ref-a.csv", REF_A);
    /* A coverage check whose column could not be resolved. */
    e.spec->requirements[1].check.coverage.from.index = -1;
    size_t order[] = {0};
    sa_result_set *rs;
    char *json = run_json(&e, order, 1, 1, NULL, &rs);
    size_t errors = 0;
    for (size_t i = 0; i < rs->nresults; i++)
        if (strcmp(rs->results[i].requirement_id, "ADV-1") == 0) {
            assert_int_equal(rs->results[i].verdict, SA_VERDICT_ERROR);
            assert_non_null(strstr(rs->results[i].reason, "`from`"));
            /* ADV-1 is system scope: only its system-wide row counts against compliance. */
            if (rs->results[i].provider_code)
                assert_false(sa_result_is_failure(&rs->results[i]));
            else
                assert_true(sa_result_is_failure(&rs->results[i]));
            errors++;
        }
    assert_int_equal(errors, 4);
    sa_result_set_free(rs);
    free(json);
    efix_free(&e);
}

static void test_unusable_period(void **state)
{
    (void)state;
    efix e;
    efix_init(&e);
    sa_diags *d = sa_diags_new();
    sa_plan *plan = sa_plan_build(e.spec, NULL, 0, d);
    sa_check_options o;
    sa_check_options_default(&o);
    o.period_from = D("2007-06-01");
    o.period_to = D("2007-05-01");
    assert_null(sa_check_run(e.spec, plan, NULL, 0, &o, d));
    assert_true(sa_diags_has_errors(d));
    assert_null(sa_check_run(NULL, plan, NULL, 0, &o, d));
    sa_plan_free(plan);
    sa_diags_free(d);
    efix_free(&e);
}

/* Requirements with the same `where` share one answer per row: each row still gets
 * its own, also where two returns have rows of the same number. */
static const char *WHERE_SPEC =
    SPEC_HEAD("2007-04-01", "2007-04-30")
    "providers:\n  - {code: 8HX01, name: One Hospice, kind: hospice}\n"
    "datasets:\n  referrals:\n    files: [\"ref*.csv\"]\n    key: [id]\n    columns:\n"
    "      id: {type: string, required: true}\n      provider: {type: ods_code, required: true}\n"
    "      received_at: {type: datetime, required: true}\n"
    "      urgency: {type: enum, values: [urgent, routine], required: true}\n"
    "      first_contact_at: {type: datetime}\n"
    "requirements:\n"
    "  - {id: U-1, title: Urgent contacted, check: {kind: proportion, dataset: referrals, at: received_at,"
    " where: urgency == \"urgent\", meets: first_contact_at is not empty, target: \">= 50%\"}}\n"
    "  - {id: R-1, title: Routine contacted, check: {kind: proportion, dataset: referrals, at: received_at,"
    " where: urgency == \"routine\", meets: first_contact_at is not empty, target: \">= 50%\"}}\n"
    "  - {id: U-2, title: Urgent referrals, check: {kind: count, dataset: referrals, at: received_at,"
    " where: urgency == \"urgent\", target: \">= 1\"}}\n"
    "  - {id: U-3, title: Urgent contacted soon, check: {kind: proportion, dataset: referrals, at: received_at,"
    " where: urgency == \"urgent\", meets: 'hours_between(received_at, first_contact_at) <= 4',"
    " target: \">= 50%\"}}\n";

static void test_shared_where_answers_each_row(void **state)
{
    (void)state;
    efix e;
    efix_init(&e);
    sa_spec_free(e.spec);
    e.spec = load_spec_text(WHERE_SPEC);
    /* The first return ends at row 2 with an urgent referral, the second starts at row 2
     * with a routine one. */
    write_file(&e, "ref-a.csv", "id,provider,received_at,urgency,first_contact_at\n"
                                "a1,8HX01,2007-04-02T09:00,urgent,2007-04-02T10:00\n");
    write_file(&e, "ref-b.csv", "id,provider,received_at,urgency,first_contact_at\n"
                                "b1,8HX01,2007-04-12T09:00,routine,2007-04-12T10:00\n"
                                "b2,8HX01,2007-04-13T09:00,urgent,\n"
                                "b3,8HX01,2007-04-14T09:00,routine,\n"
                                "b4,8HX01,2007-04-16T09:00,urgent,2007-04-16T19:00\n");
    for (int jobs = 1; jobs <= 2; jobs++) {
        size_t order[] = {0, 1};
        sa_result_set *rs;
        char *json = run_json(&e, order, 2, jobs, NULL, &rs);
        assert_int_equal(rs->nresults, 4);
        /* U-1: urgent a1, b2, b4; contacted a1, b4. */
        assert_string_equal(rs->results[0].requirement_id, "U-1");
        assert_int_equal(rs->results[0].denominator, 3);
        assert_int_equal(rs->results[0].numerator, 2);
        /* routine b1, b3; contacted b1. */
        assert_string_equal(rs->results[1].requirement_id, "R-1");
        assert_int_equal(rs->results[1].denominator, 2);
        assert_int_equal(rs->results[1].numerator, 1);
        /* U-2 counts the three urgent rows; U-3: within 4 hours only a1 (b2 unknown, b4 10 hours). */
        assert_string_equal(rs->results[2].requirement_id, "U-2");
        assert_true(rs->results[2].has_measured);
        assert_true(rs->results[2].measured == 3.0);
        assert_string_equal(rs->results[3].requirement_id, "U-3");
        assert_int_equal(rs->results[3].denominator, 3);
        assert_int_equal(rs->results[3].numerator, 1);
        assert_int_equal(rs->results[3].unknown, 1);
        sa_result_set_free(rs);
        free(json);
    }
    efix_free(&e);
}

/* Requirements dating rows by the same column over the same periods look a row's period
 * up once: each row still lands in its own period, also where two returns have rows of
 * the same number; another column or another grid is looked up on its own. */
static const char *PERIOD_SPEC =
    SPEC_HEAD("2007-04-01", "2007-05-31")
    "providers:\n  - {code: 8HX01, name: One Hospice, kind: hospice}\n"
    "datasets:\n  referrals:\n    files: [\"ref*.csv\"]\n    key: [id]\n    columns:\n"
    "      id: {type: string, required: true}\n      provider: {type: ods_code, required: true}\n"
    "      received_at: {type: datetime, required: true}\n      first_contact_at: {type: datetime}\n"
    "requirements:\n"
    "  - {id: P-1, title: Contacted, check: {kind: proportion, dataset: referrals, at: received_at, per: month,"
    " meets: first_contact_at is not empty, target: \">= 50%\"}}\n"
    "  - {id: C-1, title: Referrals, check: {kind: count, dataset: referrals, at: received_at, per: month,"
    " target: \">= 1\"}}\n"
    "  - {id: T-1, title: Contacted soon, check: {kind: response_time, dataset: referrals, from: received_at,"
    " to: first_contact_at, limit: 4h, per: month, target: \">= 50%\"}}\n"
    "  - {id: C-2, title: Contacts, check: {kind: count, dataset: referrals, at: first_contact_at, per: month,"
    " target: \">= 1\"}}\n"
    "  - {id: C-3, title: Referrals a week, check: {kind: count, dataset: referrals, at: received_at, per: week,"
    " target: \">= 1\"}}\n";

static void test_shared_period_look_up_places_each_row(void **state)
{
    (void)state;
    efix e;
    efix_init(&e);
    sa_spec_free(e.spec);
    e.spec = load_spec_text(PERIOD_SPEC);
    /* Row 2 of the first return is in April, row 2 of the second in May. */
    write_file(&e, "ref-a.csv", "id,provider,received_at,first_contact_at\n"
                                "a1,8HX01,2007-04-30T23:00,2007-05-01T01:00\n");
    write_file(&e, "ref-b.csv", "id,provider,received_at,first_contact_at\n"
                                "b1,8HX01,2007-05-01T09:00,\n"
                                "b2,8HX01,2007-05-02T09:00,2007-05-02T10:00\n");
    for (int jobs = 1; jobs <= 2; jobs++) {
        size_t order[] = {0, 1};
        sa_result_set *rs;
        char *json = run_json(&e, order, 2, jobs, NULL, &rs);
        assert_int_equal(rs->nresults, 5);
        const sa_result *p1 = &rs->results[0], *c1 = &rs->results[1], *t1 = &rs->results[2];
        const sa_result *c2 = &rs->results[3], *c3 = &rs->results[4];
        assert_string_equal(c3->requirement_id, "C-3");
        /* P-1: April a1 (contacted); May b1 (not), b2 (contacted). */
        assert_int_equal(p1->nperiods, 2);
        assert_int_equal(p1->periods[0].denominator, 1);
        assert_int_equal(p1->periods[0].numerator, 1);
        assert_int_equal(p1->periods[1].denominator, 2);
        assert_int_equal(p1->periods[1].numerator, 1);
        /* C-1: one referral in April, two in May. */
        assert_true(c1->periods[0].measured == 1.0 && c1->periods[1].measured == 2.0);
        /* T-1: a1 within 2 hours (April); b1 no contact, b2 within an hour (May). */
        assert_int_equal(t1->periods[0].denominator, 1);
        assert_int_equal(t1->periods[0].numerator, 1);
        assert_int_equal(t1->periods[1].denominator, 2);
        assert_int_equal(t1->periods[1].numerator, 1);
        assert_int_equal(t1->periods[1].unknown, 1);
        /* C-2 dates by the contact: a1 and b2 both in May, b1 undated. */
        assert_true(c2->periods[0].measured == 0.0 && c2->periods[1].measured == 2.0);
        /* C-3 by ISO week: Sunday 1 April alone, then Monday 30 April to 6 May holds all three. */
        assert_int_equal(c3->nperiods, 10);
        assert_true(c3->periods[5].measured == 3.0);
        assert_true(c3->periods[4].measured == 0.0);
        sa_result_set_free(rs);
        free(json);
    }
    efix_free(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_results_order_providers_and_system_row),
        cmocka_unit_test(test_same_report_for_jobs_and_file_order),
        cmocka_unit_test(test_provider_filter),
        cmocka_unit_test(test_check_that_cannot_run_is_an_error_verdict),
        cmocka_unit_test(test_unusable_period),
        cmocka_unit_test(test_shared_where_answers_each_row),
        cmocka_unit_test(test_shared_period_look_up_places_each_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
