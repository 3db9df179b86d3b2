/* test_plan.c — the plan: effective requirements per provider (exclusions, variations,
 * waivers and their windows, reporting duty, term clipping, merging, sorting). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreement/agreement.h"
#include "core/buf.h"
#include "core/diag.h"
#include "spec/spec.h"

#define SCHEMA SA_SOURCE_DIR "/specs/schema/agreement.xsd"

static const char *SPEC_YAML =
    "specaudit: 1\n"
    "id: plan-spc\n"
    "version: \"1\"\n"
    "title: Plan test specification\n"
    "commissioner: {name: Example PCT, code: 5XX}\n"
    "period: {from: 2007-04-01, to: 2008-03-31}\n"
    "reporting: {every: month, due_days: 15}\n"
    "providers:\n"
    "  - {code: RXA, name: Example Acute Trust, kind: acute_trust}\n"
    "  - {code: 8HX01, name: Example Hospice, kind: hospice}\n"
    "datasets:\n"
    "  referrals:\n"
    "    columns:\n"
    "      provider: {type: ods_code, required: true}\n"
    "      received_at: {type: datetime, required: true}\n"
    "      first_contact_at: {type: datetime}\n"
    "  admissions:\n"
    "    columns:\n"
    "      provider: {type: ods_code, required: true}\n"
    "      admitted_at: {type: datetime, required: true}\n"
    "requirements:\n"
    "  - id: SPC-1\n"
    "    title: In-patient beds 7 days a week\n"
    "    check: {kind: daily_activity, dataset: admissions, at: admitted_at, days: mon-sun, "
    "target: \">= 90%\"}\n"
    "  - id: KPI-2\n"
    "    title: Urgent referrals contacted within 1 working day\n"
    "    check:\n"
    "      kind: proportion\n"
    "      dataset: referrals\n"
    "      at: received_at\n"
    "      meets: working_days_between(received_at, first_contact_at) <= 1\n"
    "      target: \">= 90%\"\n"
    "  - id: KPI-5\n"
    "    title: Referrals per month\n"
    "    check: {kind: count, dataset: referrals, at: received_at, target: \">= 4\"}\n";

typedef struct fixture {
    sa_spec *spec;
    sa_diags *diags;
    sa_agreement *ags[4];
    size_t nags;
} fixture;

static sa_date date(const char *iso)
{
    sa_date d = SA_DATE_NONE;
    assert_true(sa_date_parse_iso(iso, strlen(iso), &d));
    return d;
}

static void dump(const sa_diags *d)
{
    for (size_t i = 0; i < sa_diags_count(d); i++) {
        sa_buf b = SA_BUF_INIT;
        sa_diag_format_text(sa_diags_at(d, i), &b);
        fprintf(stderr, "  %s\n", sa_buf_cstr(&b));
        sa_buf_free(&b);
    }
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->diags = sa_diags_new();
    f->spec = sa_spec_load_buffer("plan.yaml", SPEC_YAML, strlen(SPEC_YAML), NULL, f->diags);
    if (!f->spec || sa_diags_has_errors(f->diags))
        dump(f->diags);
    assert_non_null(f->spec);
    assert_false(sa_diags_has_errors(f->diags));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < f->nags; i++)
        sa_agreement_free(f->ags[i]);
    sa_spec_free(f->spec);
    sa_diags_free(f->diags);
    free(f);
    return 0;
}

/* Loads an agreement for `code` with the given term and body; asserts it is valid. */
static sa_agreement *add_agreement(fixture *f, const char *id, const char *code, const char *from,
                                   const char *to, const char *body)
{
    sa_buf b = SA_BUF_INIT;
    sa_buf_printf(&b,
                  "<?xml version=\"1.0\"?>\n"
                  "<agreement xmlns=\"urn:specaudit:agreement:1\" id=\"%s\" version=\"1\">\n"
                  "  <commissioner code=\"5XX\">Example PCT</commissioner>\n"
                  "  <provider code=\"%s\" kind=\"hospice\">Provider %s</provider>\n"
                  "  <term from=\"%s\" to=\"%s\"/>\n"
                  "  <specification id=\"plan-spc\" version=\"1\"/>\n"
                  "%s"
                  "  <signed by=\"Director\" on=\"2007-03-01\"/>\n"
                  "</agreement>\n",
                  id, code, code, from, to, body ? body : "");
    sa_agreement *ag = sa_agreement_load_buffer(id, b.data, b.len, SCHEMA, f->diags);
    sa_buf_free(&b);
    if (!ag || sa_diags_has_errors(f->diags))
        dump(f->diags);
    assert_non_null(ag);
    assert_false(sa_diags_has_errors(f->diags));
    f->ags[f->nags++] = ag;
    return ag;
}

static const sa_effective_req *req(const sa_provider_plan *p, const char *id)
{
    for (size_t i = 0; i < p->nreqs; i++)
        if (strcmp(p->reqs[i].req->id, id) == 0)
            return &p->reqs[i];
    fail_msg("no requirement %s in the plan", id);
    return NULL;
}

static void test_spec_as_written(void **state)
{
    fixture *f = *state;
    sa_plan *plan = sa_plan_build(f->spec, NULL, 0, f->diags);
    assert_non_null(plan);
    assert_false(sa_plan_from_agreements(plan));
    /* Declared providers, sorted by code ('8' sorts before 'R'). */
    assert_int_equal(sa_plan_provider_count(plan), 2);
    const sa_provider_plan *p = sa_plan_provider_at(plan, 0);
    assert_string_equal(p->code, "8HX01");
    assert_string_equal(p->name, "Example Hospice");
    assert_string_equal(p->kind, "hospice");
    assert_null(p->agreement);
    assert_int_equal(p->from, date("2007-04-01"));
    assert_int_equal(p->to, date("2008-03-31"));
    assert_int_equal(p->reporting_every, SA_PER_MONTH);
    assert_int_equal(p->reporting_due_days, 15);
    assert_int_equal(p->nreqs, 3);
    /* One effective requirement per spec requirement, in spec order, as written. */
    assert_string_equal(p->reqs[0].req->id, "SPC-1");
    assert_string_equal(p->reqs[1].req->id, "KPI-2");
    assert_string_equal(p->reqs[2].req->id, "KPI-5");
    assert_false(p->reqs[1].excluded);
    assert_false(p->reqs[1].varied);
    assert_null(p->reqs[1].waiver);
    assert_string_equal(p->reqs[1].target_text, ">= 90%");
    assert_true(p->reqs[1].target.value == 90.0);
    assert_string_equal(sa_plan_provider_at(plan, 1)->code, "RXA");
    assert_null(sa_plan_provider_at(plan, 2));
    sa_plan_free(plan);
}

static void test_add_provider_keeps_order_and_pointers(void **state)
{
    fixture *f = *state;
    sa_plan *plan = sa_plan_build(f->spec, NULL, 0, f->diags);
    const sa_provider_plan *rxa = sa_plan_find_provider(plan, "RXA");
    assert_non_null(rxa);
    char code[8];
    snprintf(code, sizeof code, "RZZ");
    const sa_provider_plan *rzz = sa_plan_add_provider(plan, code, "Zed Trust");
    code[0] = 'X'; /* the plan keeps its own copy */
    const sa_provider_plan *first = sa_plan_add_provider(plan, "5AA", NULL);
    for (int i = 0; i < 40; i++) {
        char c[8];
        snprintf(c, sizeof c, "R%02d", i);
        sa_plan_add_provider(plan, c, NULL);
    }
    assert_int_equal(sa_plan_provider_count(plan), 44);
    /* Adding an existing provider returns it unchanged. */
    assert_ptr_equal(sa_plan_add_provider(plan, "RXA", "Other name"), rxa);
    assert_string_equal(rxa->name, "Example Acute Trust");
    assert_ptr_equal(sa_plan_find_provider(plan, "RZZ"), rzz);
    assert_string_equal(rzz->code, "RZZ");
    assert_string_equal(rzz->name, "Zed Trust");
    assert_null(rzz->kind);
    assert_null(first->name);
    assert_ptr_equal(sa_plan_provider_at(plan, 0), first);
    for (size_t i = 1; i < sa_plan_provider_count(plan); i++)
        assert_true(strcmp(sa_plan_provider_at(plan, i - 1)->code,
                           sa_plan_provider_at(plan, i)->code) < 0);
    assert_null(sa_plan_find_provider(plan, "XZZ"));
    assert_int_equal(rzz->nreqs, 3);
    assert_int_equal(rzz->from, date("2007-04-01"));
    sa_plan_free(plan);
}

static void test_exclusions_and_variations(void **state)
{
    fixture *f = *state;
    add_agreement(f, "HOA-H", "8HX01", "2007-04-01", "2008-03-31",
                  "  <exclude requirement=\"SPC-1\" reason=\"No in-patient beds\"/>\n"
                  "  <vary requirement=\"KPI-2\" target=\"&gt;= 80%\" reason=\"Year-one "
                  "trajectory\"/>\n");
    sa_plan *plan = sa_plan_build(f->spec, f->ags, f->nags, f->diags);
    assert_true(sa_plan_from_agreements(plan));
    /* Only providers with agreements: declared providers without one are left to the returns. */
    assert_int_equal(sa_plan_provider_count(plan), 1);
    const sa_provider_plan *p = sa_plan_find_provider(plan, "8HX01");
    assert_non_null(p);
    assert_ptr_equal(p->agreement, f->ags[0]);
    assert_int_equal(p->nagreements, 1);
    assert_string_equal(p->name, "Provider 8HX01");

    const sa_effective_req *spc1 = req(p, "SPC-1");
    assert_true(spc1->excluded);
    assert_string_equal(spc1->exclusion_reason, "No in-patient beds");
    assert_false(spc1->varied);

    const sa_effective_req *kpi2 = req(p, "KPI-2");
    assert_false(kpi2->excluded);
    assert_true(kpi2->varied);
    assert_string_equal(kpi2->target_text, ">= 80%");
    assert_true(kpi2->target.value == 80.0);
    assert_int_equal(kpi2->target.unit, SA_UNIT_PERCENT);
    assert_string_equal(kpi2->original_target_text, ">= 90%");
    assert_string_equal(kpi2->variation_reason, "Year-one trajectory");
    /* The specification itself is untouched. */
    assert_true(kpi2->req->check.target.value == 90.0);

    const sa_effective_req *kpi5 = req(p, "KPI-5");
    assert_false(kpi5->excluded);
    assert_false(kpi5->varied);
    assert_string_equal(kpi5->target_text, ">= 4");
    sa_plan_free(plan);
}

static void test_waiver_windows(void **state)
{
    fixture *f = *state;
    /* Term from July; a waiver without `from` starts with the term. */
    add_agreement(f, "HOA-W", "8HX01", "2007-07-01", "2008-03-31",
                  "  <waive requirement=\"KPI-2\" until=\"2007-09-30\" approved-by=\"Director\" "
                  "reason=\"Second consultant being recruited\"/>\n"
                  "  <waive requirement=\"KPI-2\" from=\"2008-01-01\" until=\"2008-06-30\" "
                  "approved-by=\"Director\" reason=\"Winter pressures\"/>\n");
    sa_plan *plan = sa_plan_build(f->spec, f->ags, f->nags, f->diags);
    const sa_provider_plan *p = sa_plan_find_provider(plan, "8HX01");
    const sa_effective_req *kpi2 = req(p, "KPI-2");
    assert_non_null(kpi2->waiver);
    assert_int_equal(kpi2->nwaivers, 2);
    assert_int_equal(kpi2->waivers[0].from, date("2007-07-01"));
    assert_int_equal(kpi2->waivers[0].until, date("2007-09-30"));
    /* Clipped to the agreement's term. */
    assert_int_equal(kpi2->waivers[1].from, date("2008-01-01"));
    assert_int_equal(kpi2->waivers[1].until, date("2008-03-31"));
    assert_ptr_equal(kpi2->waiver, kpi2->waivers[0].waiver);
    assert_string_equal(kpi2->waiver->reason, "Second consultant being recruited");

    assert_true(sa_effective_req_waived(kpi2, date("2007-07-01"), date("2007-07-31")));
    assert_true(sa_effective_req_waived(kpi2, date("2007-09-01"), date("2007-09-30")));
    /* Waived only when the window covers the whole period. */
    assert_false(sa_effective_req_waived(kpi2, date("2007-09-01"), date("2007-10-31")));
    assert_false(sa_effective_req_waived(kpi2, date("2007-06-01"), date("2007-06-30")));
    /* After `until` the waiver stops applying. */
    assert_false(sa_effective_req_waived(kpi2, date("2007-10-01"), date("2007-10-31")));
    assert_true(sa_effective_req_waived(kpi2, date("2008-02-01"), date("2008-02-29")));
    assert_false(sa_effective_req_waived(kpi2, date("2008-03-01"), date("2008-04-30")));
    /* A quarter spanning both windows and the gap is not waived. */
    assert_false(sa_effective_req_waived(kpi2, date("2007-07-01"), date("2008-03-31")));
    assert_false(sa_effective_req_waived(kpi2, SA_DATE_NONE, date("2007-07-31")));

    const sa_effective_req *spc1 = req(p, "SPC-1");
    assert_null(spc1->waiver);
    assert_false(sa_effective_req_waived(spc1, date("2007-07-01"), date("2007-07-31")));
    assert_false(sa_effective_req_waived(NULL, date("2007-07-01"), date("2007-07-31")));
    sa_plan_free(plan);
}

static void test_waived_without_plan_windows(void **state)
{
    (void)state;
    /* An effective requirement built by hand with only `waiver` set. */
    sa_waiver w = {0};
    w.requirement = "KPI-2";
    w.from = SA_DATE_NONE;
    w.until = date("2007-09-30");
    sa_effective_req er = {0};
    er.waiver = &w;
    assert_true(sa_effective_req_waived(&er, date("2007-04-01"), date("2007-09-30")));
    assert_false(sa_effective_req_waived(&er, date("2007-09-01"), date("2007-10-31")));
    w.from = date("2007-06-01");
    assert_false(sa_effective_req_waived(&er, date("2007-05-01"), date("2007-05-31")));
    assert_true(sa_effective_req_waived(&er, date("2007-06-01"), date("2007-06-30")));
}

static void test_term_clipping_and_reporting(void **state)
{
    fixture *f = *state;
    /* A term wider than the specification period is clipped to it. */
    add_agreement(f, "HOA-WIDE", "RXA", "2006-10-01", "2009-03-31",
                  "  <reporting every=\"quarter\" due-days=\"30\"/>\n");
    /* A term starting mid-year is kept as it is. */
    add_agreement(f, "HOA-LATE", "8HX01", "2007-10-01", "2008-03-31", NULL);
    /* An agreement for another specification is not part of this plan. */
    add_agreement(f, "HOA-OTHER", "RYY", "2007-04-01", "2008-03-31", NULL);
    f->ags[2]->spec_id = "another-spec";
    /* An agreement wholly outside the period contributes nothing. */
    add_agreement(f, "HOA-OLD", "RZZ", "2005-04-01", "2006-03-31", NULL);

    sa_plan *plan = sa_plan_build(f->spec, f->ags, f->nags, f->diags);
    assert_int_equal(sa_plan_provider_count(plan), 2);
    const sa_provider_plan *wide = sa_plan_find_provider(plan, "RXA");
    assert_int_equal(wide->from, date("2007-04-01"));
    assert_int_equal(wide->to, date("2008-03-31"));
    assert_int_equal(wide->reporting_every, SA_PER_QUARTER);
    assert_int_equal(wide->reporting_due_days, 30);

    const sa_provider_plan *late = sa_plan_find_provider(plan, "8HX01");
    assert_int_equal(late->from, date("2007-10-01"));
    assert_int_equal(late->to, date("2008-03-31"));
    /* Without a <reporting>, the specification's duty applies. */
    assert_int_equal(late->reporting_every, SA_PER_MONTH);
    assert_int_equal(late->reporting_due_days, 15);

    assert_null(sa_plan_find_provider(plan, "RYY"));
    assert_null(sa_plan_find_provider(plan, "RZZ"));
    /* Sorted by code whatever the input order. */
    assert_string_equal(sa_plan_provider_at(plan, 0)->code, "8HX01");
    sa_plan_free(plan);
}

static void test_consecutive_agreements_merge(void **state)
{
    fixture *f = *state;
    /* Given out of order: the plan orders them by term. */
    add_agreement(f, "HOA-H2", "8HX01", "2007-10-01", "2008-03-31",
                  "  <vary requirement=\"KPI-2\" target=\"&gt;= 90%\" reason=\"Full target\"/>\n"
                  "  <waive requirement=\"SPC-1\" from=\"2008-01-01\" until=\"2008-01-31\" "
                  "approved-by=\"Director\" reason=\"Ward closure\"/>\n");
    add_agreement(f, "HOA-H1", "8HX01", "2007-04-01", "2007-09-30",
                  "  <vary requirement=\"KPI-2\" target=\"&gt;= 80%\" reason=\"Year one\"/>\n"
                  "  <waive requirement=\"SPC-1\" until=\"2007-05-31\" approved-by=\"Director\" "
                  "reason=\"Opening\"/>\n");
    sa_plan *plan = sa_plan_build(f->spec, f->ags, f->nags, f->diags);
    assert_int_equal(sa_plan_provider_count(plan), 1);
    const sa_provider_plan *p = sa_plan_provider_at(plan, 0);
    assert_int_equal(p->nagreements, 2);
    assert_ptr_equal(p->agreements[0], f->ags[1]);
    assert_ptr_equal(p->agreement, f->ags[0]);
    assert_int_equal(p->from, date("2007-04-01"));
    assert_int_equal(p->to, date("2008-03-31"));
    /* The latest agreement's variation applies; earlier terms differed, which is said. */
    const sa_effective_req *kpi2 = req(p, "KPI-2");
    assert_string_equal(kpi2->target_text, ">= 90%");
    const sa_diag *w = NULL;
    for (size_t i = 0; i < sa_diags_count(f->diags); i++)
        if (strcmp(sa_diags_at(f->diags, i)->code, "W-AGR-TERMS-DIFFER") == 0)
            w = sa_diags_at(f->diags, i);
    assert_non_null(w);
    assert_string_equal(w->pos.file, "HOA-H1");
    /* Waivers of both agreements apply, each in its own window. */
    const sa_effective_req *spc1 = req(p, "SPC-1");
    assert_int_equal(spc1->nwaivers, 2);
    assert_true(sa_effective_req_waived(spc1, date("2007-05-01"), date("2007-05-31")));
    assert_false(sa_effective_req_waived(spc1, date("2007-06-01"), date("2007-06-30")));
    assert_true(sa_effective_req_waived(spc1, date("2008-01-01"), date("2008-01-31")));
    assert_string_equal(spc1->waiver->reason, "Opening");
    sa_plan_free(plan);
}

static void test_same_terms_merge_quietly(void **state)
{
    fixture *f = *state;
    const char *body = "  <exclude requirement=\"SPC-1\" reason=\"No beds\"/>\n";
    add_agreement(f, "HOA-A", "8HX01", "2007-04-01", "2007-09-30", body);
    add_agreement(f, "HOA-B", "8HX01", "2007-10-01", "2008-03-31", body);
    sa_plan *plan = sa_plan_build(f->spec, f->ags, f->nags, f->diags);
    assert_int_equal(sa_diags_total(f->diags, SA_SEV_WARNING), 0);
    assert_true(req(sa_plan_provider_at(plan, 0), "SPC-1")->excluded);
    sa_plan_free(plan);
    assert_null(sa_plan_build(NULL, NULL, 0, f->diags));
    sa_plan_free(NULL);
    assert_int_equal(sa_plan_provider_count(NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_spec_as_written, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_provider_keeps_order_and_pointers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exclusions_and_variations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_waiver_windows, setup, teardown),
        cmocka_unit_test(test_waived_without_plan_windows),
        cmocka_unit_test_setup_teardown(test_term_clipping_and_reporting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_consecutive_agreements_merge, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_terms_merge_quietly, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
