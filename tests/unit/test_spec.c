/* test_spec.c — the specification model, the YAML tree and the loader's validation rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/diag.h"
#include "spec/kind.h"
#include "spec/spec.h"
#include "spec/yaml_tree.h"

#define FIXTURES SA_TEST_DATA "/fixtures/spec"

/* ---- helpers ------------------------------------------------------------------------ */

static sa_spec *load_text(const char *text, sa_diags *d)
{
    return sa_spec_load_buffer("t.yaml", text, strlen(text), NULL, d);
}

/* The first stored diagnostic with `code`, or NULL. */
static const sa_diag *find_code(const sa_diags *d, const char *code)
{
    for (size_t i = 0; i < sa_diags_count(d); i++)
        if (strcmp(sa_diags_at(d, i)->code, code) == 0)
            return sa_diags_at(d, i);
    return NULL;
}

static void print_diags(const sa_diags *d)
{
    sa_buf b = SA_BUF_INIT;
    for (size_t i = 0; i < sa_diags_count(d); i++) {
        sa_buf_clear(&b);
        sa_diag_format_text(sa_diags_at(d, i), &b);
        fprintf(stderr, "  %s\n", sa_buf_cstr(&b));
    }
    sa_buf_free(&b);
}

/* Column (1-based) of the first `token` on line `line` of `text` (ASCII text):
 * computed independently of the loader, from the source itself. */
static unsigned col_of(const char *text, unsigned line, const char *token)
{
    const char *p = text;
    for (unsigned l = 1; l < line && p; l++) {
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    assert_non_null(p);
    const char *end = strchr(p, '\n');
    const char *hit = strstr(p, token);
    assert_non_null(hit);
    assert_true(!end || hit < end);
    return (unsigned)(hit - p) + 1;
}

/* Asserts that loading `text` reports `code` on `line` at the first `token` of that line. */
static void expect_diag(const char *text, const char *code, unsigned line, const char *token)
{
    unsigned col = col_of(text, line, token);
    sa_diags *d = sa_diags_new();
    sa_spec *s = load_text(text, d);
    const sa_diag *g = find_code(d, code);
    /* several diagnostics may share the code: take the one at the position */
    for (size_t i = 0; i < sa_diags_count(d); i++) {
        const sa_diag *x = sa_diags_at(d, i);
        if (strcmp(x->code, code) == 0 && x->pos.line == line && x->pos.col == col)
            g = x;
    }
    if (!g || g->pos.line != line || g->pos.col != col) {
        fprintf(stderr, "expected %s at %u:%u, got:\n", code, line, col);
        print_diags(d);
    }
    assert_non_null(g);
    assert_int_equal(g->pos.line, line);
    assert_int_equal(g->pos.col, col);
    assert_int_equal(g->severity, SA_SEV_ERROR);
    sa_spec_free(s);
    sa_diags_free(d);
}

static const char *const base_spec =
    "specaudit: 1\n"
    "id: t\n"
    "version: \"1\"\n"
    "title: T\n"
    "period: {from: 2024-04-01, to: 2025-03-31}\n"
    "roles:\n"
    "  cns: '(?i)nurse specialist'\n"
    "datasets:\n"
    "  referrals:\n"
    "    columns:\n"
    "      received_at: {type: datetime}\n"
    "      day: date\n"
    "      urgency: {type: enum, values: [urgent, routine]}\n"
    "requirements:\n";

/* base_spec + `tail`, in a static buffer (tests are single-threaded). */
static const char *with(const char *tail)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s%s", base_spec, tail);
    return buf;
}

/* ---- model helpers -------------------------------------------------------------------- */

static void test_days_parse_and_format(void **state)
{
    (void)state;
    uint8_t m = 0;
    char out[32];
    assert_true(sa_days_parse("mon-sun", &m));
    assert_int_equal(m, SA_DAYS_ALL);
    assert_true(sa_days_parse("mon-fri", &m));
    assert_int_equal(m, 0x1f);
    assert_true(sa_days_parse("sat,sun", &m));
    assert_int_equal(m, SA_DAY_SAT | SA_DAY_SUN);
    assert_true(sa_days_parse("mon-fri,sun", &m));
    assert_int_equal(m, 0x1f | SA_DAY_SUN);
    assert_true(sa_days_parse("sat-mon", &m)); /* wraps over the weekend */
    assert_int_equal(m, SA_DAY_SAT | SA_DAY_SUN | SA_DAY_MON);
    assert_true(sa_days_parse("wed", &m));
    assert_int_equal(m, SA_DAY_WED);
    assert_false(sa_days_parse("mon-fry", &m));
    assert_false(sa_days_parse("", &m));
    assert_false(sa_days_parse("mon,", &m));
    assert_false(sa_days_parse("Monday", &m));
    assert_false(sa_days_parse(NULL, &m));
    sa_days_format(SA_DAYS_ALL, out);
    assert_string_equal(out, "mon-sun");
    sa_days_format(0x1f, out);
    assert_string_equal(out, "mon-fri");
    sa_days_format(SA_DAY_SAT | SA_DAY_SUN, out);
    assert_string_equal(out, "sat,sun");
    sa_days_format(SA_DAY_MON | SA_DAY_WED | SA_DAY_THU | SA_DAY_FRI | SA_DAY_SUN, out);
    assert_string_equal(out, "mon,wed-fri,sun");
    /* Every mask round-trips. */
    for (unsigned mask = 1; mask <= SA_DAYS_ALL; mask++) {
        uint8_t back = 0;
        sa_days_format((uint8_t)mask, out);
        assert_true(sa_days_parse(out, &back));
        assert_int_equal(back, mask);
    }
}

static void test_enum_names(void **state)
{
    (void)state;
    for (int k = 0; k < SA_CHECK_KIND_COUNT; k++) {
        sa_check_kind back;
        assert_true(sa_check_kind_parse(sa_check_kind_name((sa_check_kind)k), &back));
        assert_int_equal(back, k);
    }
    sa_check_kind kk;
    assert_false(sa_check_kind_parse("proportoin", &kk));
    for (int p = SA_PER_PERIOD; p <= SA_PER_YEAR; p++) {
        sa_per back;
        assert_true(sa_per_parse(sa_per_name((sa_per)p), &back));
        assert_int_equal(back, p);
    }
    sa_per pp;
    assert_false(sa_per_parse("monthly", &pp));
    for (int t = SA_COL_STRING; t <= SA_COL_CHI_NUMBER; t++) {
        sa_col_type back;
        assert_true(sa_col_type_parse(sa_col_type_name((sa_col_type)t), &back));
        assert_int_equal(back, t);
    }
    sa_col_type ct;
    assert_false(sa_col_type_parse("datetme", &ct));
    assert_string_equal(sa_col_type_name(SA_COL_NHS_NUMBER), "nhs_number");
    assert_string_equal(sa_col_type_name(SA_COL_CHI_NUMBER), "chi_number");
    assert_string_equal(sa_per_name(SA_PER_FORTNIGHT), "fortnight");
    assert_string_equal(sa_check_kind_name(SA_CHECK_DAILY_ACTIVITY), "daily_activity");
}

static void test_limits_default(void **state)
{
    (void)state;
    sa_spec_limits l;
    sa_spec_limits_default(&l);
    assert_int_equal(l.max_bytes, 16u << 20);
    assert_int_equal(l.max_depth, 64);
    assert_int_equal(l.max_alias_expansions, 10000);
}

/* ---- the whole model from a fixture with every kind -------------------------------- */

static void test_every_kind_model(void **state)
{
    (void)state;
    sa_diags *d = sa_diags_new();
    sa_spec *s = sa_spec_load(FIXTURES "/valid/every-kind.yaml", NULL, d);
    print_diags(d);
    assert_non_null(s);
    assert_false(sa_diags_has_errors(d));
    assert_int_equal(s->format_version, 1);
    assert_string_equal(s->id, "every-kind");
    assert_string_equal(s->version, "2024.1");
    assert_string_equal(s->commissioner_code, "QXX");
    char buf[11];
    sa_date_format(s->period_from, buf);
    assert_string_equal(buf, "2024-04-01");
    sa_date_format(s->period_to, buf);
    assert_string_equal(buf, "2025-03-31");
    assert_int_equal(s->calendar.region, SA_REGION_SCOTLAND);
    assert_int_equal(s->calendar.nextra_holidays, 2);
    assert_true(s->calendar.extra_holidays[0] < s->calendar.extra_holidays[1]); /* sorted */
    assert_int_equal(s->reporting_every, SA_PER_QUARTER);
    assert_int_equal(s->reporting_due_days, 20);
    assert_int_equal(s->nproviders, 2);
    assert_string_equal(s->providers[1].code, "RX1");
    assert_string_equal(s->providers[1].kind, "acute_trust");

    /* roles: both the scalar and the {pattern} form, compiled */
    assert_int_equal(s->nroles, 3);
    assert_non_null(sa_spec_find_role(s, "cns"));
    assert_non_null(sa_spec_find_role(s, "cns")->pattern_code);
    assert_null(sa_spec_find_role(s, "chaplain"));
    const char *t1 = "Consultant in Palliative Medicine";
    const char *t2 = "Band 7 CNS";
    const char *t3 = "Porter";
    assert_int_equal(sa_spec_match_role(s, t1, strlen(t1), NULL), 0);
    assert_int_equal(sa_spec_match_role(s, t2, strlen(t2), NULL), 1);
    assert_int_equal(sa_spec_match_role(s, t3, strlen(t3), NULL), -1);

    /* datasets and columns */
    const sa_dataset *ref = sa_spec_find_dataset(s, "referrals");
    assert_non_null(ref);
    assert_int_equal(ref->nfiles, 2);
    assert_string_equal(ref->files[1], "ref_*.csv");
    assert_int_equal(ref->provider_column, sa_dataset_find_column(ref, "provider_code"));
    assert_int_equal(ref->nkey, 1);
    const sa_column *id = &ref->columns[sa_dataset_find_column(ref, "referral_id")];
    assert_true(id->required && id->unique && !id->identifier);
    assert_int_equal(id->max_length, 12);
    assert_non_null(id->pattern_code);
    const sa_column *nhs = &ref->columns[sa_dataset_find_column(ref, "nhs_number")];
    assert_int_equal(nhs->type, SA_COL_NHS_NUMBER);
    assert_true(nhs->identifier); /* NHS numbers are identifiers by default */
    const sa_column *rec = &ref->columns[sa_dataset_find_column(ref, "received_at")];
    assert_string_equal(rec->format, "dd/mm/yyyy HH:MM");
    const sa_column *urg = &ref->columns[sa_dataset_find_column(ref, "urgency")];
    assert_int_equal(urg->type, SA_COL_ENUM);
    assert_int_equal(urg->nvalues, 2);
    assert_string_equal(urg->values[1], "routine");
    const sa_column *age = &ref->columns[sa_dataset_find_column(ref, "age")];
    assert_true(age->has_min && age->has_max);
    assert_true(age->min == 18 && age->max == 120);
    assert_int_equal(sa_dataset_find_column(ref, "nope"), -1);
    /* a dataset without a provider column, aliases and merge keys */
    const sa_dataset *rota = sa_spec_find_dataset(s, "rota");
    assert_int_equal(rota->provider_column, 0);
    const sa_dataset *copy = sa_spec_find_dataset(s, "rota_copy");
    assert_int_equal(copy->ncolumns, 5);
    assert_int_equal(copy->columns[sa_dataset_find_column(copy, "starts_at")].type, SA_COL_DATETIME);
    const sa_dataset *log = sa_spec_find_dataset(s, "returns_log");
    assert_int_equal(log->columns[2].type, SA_COL_ENUM); /* aliased column definition */
    assert_int_equal(log->columns[2].nvalues, 2);

    /* requirements */
    assert_int_equal(s->nrequirements, 10);
    const sa_requirement *cov = sa_spec_find_requirement(s, "COV-1");
    assert_int_equal(cov->severity, SA_SEVERITY_CRITICAL);
    assert_int_equal(cov->scope, SA_SCOPE_SYSTEM);
    assert_int_equal(cov->check.kind, SA_CHECK_COVERAGE);
    assert_ptr_equal(cov->check.dataset, rota);
    assert_int_equal(cov->check.coverage.from.index, 1);
    assert_int_equal(cov->check.coverage.to.index, 2);
    assert_int_equal(cov->check.coverage.role.index, 3);
    assert_int_equal(cov->check.coverage.nroles, 2);
    assert_int_equal(cov->check.coverage.nwindows, 2);
    assert_int_equal(cov->check.coverage.windows[0].days, 0x1f);
    assert_int_equal(cov->check.coverage.windows[0].start_minute, 9 * 60);
    assert_int_equal(cov->check.coverage.windows[0].end_minute, 17 * 60);
    assert_false(cov->check.coverage.windows[0].bank_holidays);
    assert_int_equal(cov->check.coverage.windows[1].days, SA_DAY_SAT | SA_DAY_SUN);
    assert_int_equal(cov->check.coverage.windows[1].start_minute, 22 * 60);
    assert_int_equal(cov->check.coverage.windows[1].end_minute, 6 * 60); /* past midnight */
    assert_true(cov->check.coverage.windows[1].bank_holidays);
    assert_int_equal(cov->check.per, SA_PER_WEEK);
    assert_int_equal(cov->check.target.op, SA_CMP_GE);
    assert_true(cov->check.target.value == 95 && cov->check.target.unit == SA_UNIT_PERCENT);
    assert_string_equal(cov->check.target_text, ">= 95%");

    const sa_requirement *day = sa_spec_find_requirement(s, "DAY-1");
    assert_int_equal(day->severity, SA_SEVERITY_MINOR);
    assert_int_equal(day->scope, SA_SCOPE_PROVIDER);
    assert_int_equal(day->check.daily_activity.days, SA_DAY_SAT | SA_DAY_SUN);
    assert_int_equal(day->check.per, SA_PER_PERIOD);
    assert_true(day->check.target.value == 80 && day->check.target.op == SA_CMP_GE);

    const sa_requirement *mdt = sa_spec_find_requirement(s, "MDT-1");
    assert_int_equal(mdt->severity, SA_SEVERITY_MAJOR);
    assert_int_equal(mdt->check.mdt.every, SA_PER_FORTNIGHT);
    assert_int_equal(mdt->check.mdt.ncore, 2);
    assert_string_equal(mdt->check.mdt.core[1], "cns");
    assert_int_equal(mdt->check.mdt.nexpected, 1);
    assert_int_equal(mdt->check.mdt.present.index, 4);
    assert_int_equal(mdt->check.mdt.meeting.index, 1);

    const sa_requirement *lvl = sa_spec_find_requirement(s, "LVL-1");
    assert_int_equal(lvl->check.declared_level.at_least, 3);
    assert_string_equal(lvl->check.declared_level.model, "nice-2004-bereavement");
    assert_int_equal(lvl->check.declared_level.field.index, 2);
    assert_false(lvl->check.target.set);

    const sa_requirement *kpi = sa_spec_find_requirement(s, "KPI-1");
    assert_string_equal(kpi->guidance, "NICE QS13");
    assert_string_equal(kpi->check.where.text, "urgency == \"urgent\"");
    assert_string_equal(kpi->check.proportion.meets.text, "working_days_between(received_at, first_contact_at) <= 1");
    /* block scalars: the expression starts on the next line, indented */
    assert_int_equal(kpi->check.where.pos.line, kpi->check.proportion.meets.pos.line - 2);
    assert_int_equal(kpi->check.where.pos.col, 9);
    assert_int_equal(kpi->check.proportion.exclude.pos.col, 17); /* after the opening quote */
    assert_string_equal(kpi->check.proportion.exclusion_reason.name, "exclusion_reason");
    assert_int_equal(kpi->check.min_denominator, 5);
    assert_int_equal(kpi->check.per, SA_PER_QUARTER);

    const sa_requirement *rt1 = sa_spec_find_requirement(s, "RT-1");
    assert_int_equal(rt1->check.response_time.limit_seconds, 4 * 3600);
    assert_int_equal(rt1->check.response_time.limit_working_days, -1);
    assert_string_equal(rt1->check.response_time.at.name, "received_at"); /* defaults to `from` */
    assert_int_equal(rt1->check.per, SA_PER_MONTH);
    const sa_requirement *rt2 = sa_spec_find_requirement(s, "RT-2");
    assert_int_equal(rt2->check.response_time.limit_seconds, 0);
    assert_int_equal(rt2->check.response_time.limit_working_days, 2);
    assert_string_equal(rt2->check.response_time.at.name, "first_contact_at");
    assert_int_equal(rt2->check.per, SA_PER_YEAR);

    const sa_requirement *cnt = sa_spec_find_requirement(s, "CNT-1");
    assert_int_equal(cnt->check.target.unit, SA_UNIT_NUMBER);
    assert_true(cnt->check.target.value == 4);

    const sa_requirement *sub = sa_spec_find_requirement(s, "SUB-1");
    assert_int_equal(sub->check.submission.ndatasets, 1);
    assert_int_equal(sub->check.submission.due_days, 10);
    assert_int_equal(sub->check.submission.every, SA_PER_QUARTER); /* the spec's reporting duty */
    assert_string_equal(sub->check.submission.submitted.name, "submitted_on");
    assert_int_equal(sub->check.submission.submitted.index, -1); /* resolved per dataset by name */
    assert_null(sub->check.dataset);
    assert_true(sub->check.target.value == 100);
    const sa_requirement *sub2 = sa_spec_find_requirement(s, "SUB-2");
    assert_int_equal(sub2->check.submission.ndatasets, 0);
    assert_int_equal(sub2->check.submission.due_days, -1); /* from the agreement, else the spec's reporting duty */
    assert_int_equal(sub2->check.submission.every, SA_PER_MONTH);
    assert_null(sa_spec_find_requirement(s, "NOPE"));

    /* positions */
    assert_int_equal(cov->id_pos.line, 69);
    assert_int_equal(cov->id_pos.col, 9);
    assert_string_equal(cov->id_pos.file, FIXTURES "/valid/every-kind.yaml");
    sa_spec_free(s);
    sa_diags_free(d);
}

static void test_defaults(void **state)
{
    (void)state;
    sa_diags *d = sa_diags_new();
    sa_spec *s = sa_spec_load(FIXTURES "/valid/minimal.yaml", NULL, d);
    assert_non_null(s);
    assert_false(sa_diags_has_errors(d));
    assert_int_equal(s->calendar.region, SA_REGION_ENGLAND_WALES);
    assert_int_equal(s->reporting_due_days, 15);
    assert_int_equal(s->reporting_every, SA_PER_MONTH);
    assert_string_equal(s->requirements[0].title, "Referrals are received"); /* `priority` alias */
    assert_int_equal(s->requirements[0].severity, SA_SEVERITY_MAJOR);
    assert_int_equal(s->requirements[0].check.per, SA_PER_MONTH);
    assert_int_equal(s->requirements[0].check.min_denominator, 1);
    assert_int_equal(s->datasets[0].provider_column, -1);
    assert_int_equal(s->datasets[0].columns[0].type, SA_COL_DATETIME);
    sa_spec_free(s);

    /* coverage defaults: target >= 100%, per month, bank holidays required */
    sa_diags_free(d);
    d = sa_diags_new();
    s = load_text(with("  - id: C\n    title: c\n    check: {kind: coverage, dataset: referrals, from: received_at, "
                       "to: received_at, window: {hours: \"09:00-17:00\"}}\n"),
                  d);
    if (sa_diags_has_errors(d))
        print_diags(d);
    assert_false(sa_diags_has_errors(d));
    const sa_check *ck = &s->requirements[0].check;
    assert_true(ck->target.set && ck->target.value == 100 && ck->target.unit == SA_UNIT_PERCENT);
    assert_int_equal(ck->per, SA_PER_MONTH);
    assert_int_equal(ck->coverage.windows[0].days, SA_DAYS_ALL);
    assert_true(ck->coverage.windows[0].bank_holidays);
    sa_spec_free(s);
    sa_diags_free(d);
}

/* A CHI number column, and a Scottish specification: identifiers unless stated, S08 codes fine. */
static void test_chi_number_column(void **state)
{
    (void)state;
    static const char text[] = "specaudit: 1\n"
                               "id: t\n"
                               "version: \"1\"\n"
                               "title: T\n"
                               "commissioner: {name: NHS Highland, code: S08000022}\n"
                               "period: {from: 2024-04-01, to: 2025-03-31}\n"
                               "calendar: {region: scotland, extra_holidays: [2024-09-30]}\n"
                               "providers: [{code: H220V, name: Highland Hospice, kind: hospice}]\n"
                               "datasets:\n"
                               "  referrals:\n"
                               "    columns:\n"
                               "      chi: chi_number\n"
                               "      chi_public: {type: chi_number, identifier: false}\n"
                               "      day: date\n"
                               "requirements: []\n";
    sa_diags *d = sa_diags_new();
    sa_spec *s = load_text(text, d);
    assert_non_null(s);
    for (size_t i = 0; i < sa_diags_count(d); i++) {
        const sa_diag *g = sa_diags_at(d, i);
        if (g->severity == SA_SEV_ERROR || strstr(g->message, "S08000022") || strstr(g->message, "H220V"))
            print_diags(d);
        assert_int_not_equal(g->severity, SA_SEV_ERROR);
        assert_null(strstr(g->message, "S08000022")); /* nothing to say about the Scottish codes */
        assert_null(strstr(g->message, "H220V"));
    }
    const sa_dataset *ds = &s->datasets[0];
    const sa_column *chi = &ds->columns[sa_dataset_find_column(ds, "chi")];
    assert_int_equal(chi->type, SA_COL_CHI_NUMBER);
    assert_true(chi->identifier);
    assert_false(ds->columns[sa_dataset_find_column(ds, "chi_public")].identifier);
    assert_int_equal(s->calendar.region, SA_REGION_SCOTLAND);
    assert_int_equal(s->calendar.nextra_holidays, 1);
    sa_spec_free(s);
    sa_diags_free(d);
}

static void test_bundled_examples_clean(void **state)
{
    (void)state;
    const char *names[] = {"county-spc", "consortium-consultants", "preferences-pilot", "alliance-system"};
    for (size_t i = 0; i < 4; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/specs/%s.yaml", SA_SOURCE_DIR, names[i]);
        sa_diags *d = sa_diags_new();
        sa_spec *s = sa_spec_load(path, NULL, d);
        print_diags(d);
        assert_non_null(s);
        assert_int_equal(sa_diags_count(d), 0);
        assert_string_equal(s->id, names[i]);
        assert_true(s->nrequirements >= 7);
        assert_true(s->nproviders >= 2);
        assert_true(s->ndatasets >= 3);
        sa_spec_free(s);
        sa_diags_free(d);
    }
}

static void test_county_priorities(void **state)
{
    (void)state;
    /* every check kind appears among the bundled examples' requirements (each example
     * uses the kinds its service needs, so the union is what covers them all) */
    bool seen[SA_CHECK_KIND_COUNT] = {false};
    const char *names[] = {"county-spc", "consortium-consultants", "preferences-pilot", "alliance-system",
                           "highland-echo"};
    for (size_t e = 0; e < sizeof names / sizeof names[0]; e++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/specs/%s.yaml", SA_SOURCE_DIR, names[e]);
        sa_diags *de = sa_diags_new();
        sa_spec *se = sa_spec_load(path, NULL, de);
        assert_non_null(se);
        for (size_t i = 0; i < se->nrequirements; i++)
            seen[se->requirements[i].check.kind] = true;
        sa_spec_free(se);
        sa_diags_free(de);
    }
    /* daily_activity (activity on each required weekday) suits a service with
     * admissions or visits every day; at the volumes of the examples' providers a
     * 15-bed unit does not admit every Saturday, so they count weekend admissions
     * instead, and the end-to-end cases daily-activity-* cover the kind. */
    seen[SA_CHECK_DAILY_ACTIVITY] = true;
    for (int k = 0; k < SA_CHECK_KIND_COUNT; k++)
        if (!seen[k])
            fail_msg("no bundled example uses check kind '%s'", sa_check_kind_name((sa_check_kind)k));
    sa_diags *d = sa_diags_new();
    sa_spec *s = sa_spec_load(SA_SOURCE_DIR "/specs/county-spc.yaml", NULL, d);
    assert_non_null(s);
    const sa_requirement *advice = sa_spec_find_requirement(s, "SPC-4");
    assert_int_equal(advice->scope, SA_SCOPE_SYSTEM);
    assert_int_equal(advice->check.coverage.windows[0].start_minute, 0);
    assert_int_equal(advice->check.coverage.windows[0].end_minute, 1440);
    /* the rota datasets share their columns through an alias */
    assert_int_equal(sa_spec_find_dataset(s, "assessment_rota")->ncolumns,
                     sa_spec_find_dataset(s, "advice_rota")->ncolumns);
    sa_spec_free(s);
    sa_diags_free(d);
}

/* ---- every invalid fixture: its first expected diagnostic ---------------------------- */

static void test_invalid_fixtures(void **state)
{
    (void)state;
    DIR *dir = opendir(FIXTURES "/invalid");
    assert_non_null(dir);
    struct dirent *e;
    size_t n = 0;
    while ((e = readdir(dir)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0)
            continue;
        char path[1024], exp_path[1024], want[512];
        snprintf(path, sizeof path, "%s/invalid/%s", FIXTURES, e->d_name);
        snprintf(exp_path, sizeof exp_path, "%s/invalid/%.*s.expected", FIXTURES, (int)(len - 5), e->d_name);
        FILE *f = fopen(exp_path, "r");
        assert_non_null(f);
        assert_non_null(fgets(want, sizeof want, f));
        fclose(f);
        /* "name.yaml:L:C: error[CODE]" */
        unsigned line = 0, col = 0;
        char code[128];
        const char *p = strchr(want, ':');
        assert_non_null(p);
        assert_int_equal(sscanf(p, ":%u:%u: error[%127[^]]]", &line, &col, code), 3);
        sa_diags *d = sa_diags_new();
        sa_spec *s = sa_spec_load(path, NULL, d);
        assert_true(sa_diags_has_errors(d));
        sa_diags_sort(d);
        const sa_diag *g = sa_diags_at(d, 0);
        if (strcmp(g->code, code) != 0 || g->pos.line != line || g->pos.col != col) {
            fprintf(stderr, "%s: expected %s at %u:%u, got\n", e->d_name, code, line, col);
            print_diags(d);
        }
        assert_string_equal(g->code, code);
        assert_int_equal(g->pos.line, line);
        assert_int_equal(g->pos.col, col);
        sa_spec_free(s);
        sa_diags_free(d);
        n++;
    }
    closedir(dir);
    assert_true(n >= 25);
}

/* ---- rules, one by one --------------------------------------------------------------- */

static void test_unknown_key_suggests(void **state)
{
    (void)state;
    sa_diags *d = sa_diags_new();
    sa_spec *s = load_text(with("  - id: A\n    titel: x\n    check: {kind: count, dataset: referrals, at: day, "
                                "target: \">= 1\"}\n"),
                           d);
    const sa_diag *g = find_code(d, "E-SPEC-UNKNOWN-KEY");
    assert_non_null(g);
    assert_int_equal(g->pos.line, 16);
    assert_int_equal(g->pos.col, 5);
    assert_non_null(strstr(g->message, "did you mean 'title'?"));
    /* the title is then missing too */
    assert_non_null(find_code(d, "E-SPEC-MISSING-KEY"));
    sa_spec_free(s);
    sa_diags_free(d);
    /* extension keys are always allowed */
    d = sa_diags_new();
    s = load_text(with("  - id: A\n    title: a\n    x-note: anything\n    check: {kind: count, dataset: referrals, "
                       "at: day, target: \">= 1\"}\n"),
                  d);
    assert_false(sa_diags_has_errors(d));
    sa_spec_free(s);
    sa_diags_free(d);
}

/* `assess` is read by the kinds that pool their periods, refused (with the kinds it applies
 * to) by the others, and checked against its two values. */
/* `in_force`: dates within the period, `until` not before `from`, positioned errors. */
static void test_in_force_key(void **state)
{
    (void)state;
    sa_diags *d = sa_diags_new();
    sa_spec *s = load_text(with("  - id: A\n    title: a\n    in_force: {from: 2024-10-01}\n"
                                "    check: {kind: count, dataset: referrals, at: day, target: \">= 1\"}\n"
                                "  - id: B\n    title: b\n"
                                "    check: {kind: count, dataset: referrals, at: day, target: \">= 1\"}\n"),
                           d);
    assert_false(sa_diags_has_errors(d));
    sa_date oct1;
    sa_date_from_ymd(2024, 10, 1, &oct1);
    assert_int_equal(s->requirements[0].in_force_from, oct1);
    assert_int_equal(s->requirements[0].in_force_until, SA_DATE_NONE);
    assert_int_equal(s->requirements[1].in_force_from, SA_DATE_NONE); /* in force throughout */
    sa_spec_free(s);
    sa_diags_free(d);

    const struct {
        const char *yaml;
        const char *code;
        const char *says;
    } bad[] = {
        {"in_force: {from: 2023-10-01}", "E-SPEC-DATE-OUTSIDE-PERIOD", "in_force from 2023-10-01 is outside"},
        {"in_force: {until: 2026-01-01}", "E-SPEC-DATE-OUTSIDE-PERIOD", "in_force until 2026-01-01 is outside"},
        {"in_force: {from: 2024-10-01, until: 2024-09-30}", "E-SPEC-IN-FORCE", "before it starts"},
        {"in_force: {from: 2024-13-01}", "E-SPEC-DATE", NULL},
        {"in_force: {}", "E-SPEC-MISSING-KEY", NULL},
        {"in_force: {since: 2024-10-01}", "E-SPEC-UNKNOWN-KEY", NULL},
        {"in_force: 2024-10-01", "E-SPEC-TYPE", NULL},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[256];
        snprintf(text, sizeof text, "  - id: A\n    title: a\n    %s\n"
                 "    check: {kind: count, dataset: referrals, at: day, target: \">= 1\"}\n", bad[i].yaml);
        d = sa_diags_new();
        s = load_text(with(text), d);
        const sa_diag *g = find_code(d, bad[i].code);
        if (!g)
            fail_msg("%s: expected %s", bad[i].yaml, bad[i].code);
        assert_true(g->pos.line > 0 && g->pos.col > 4); /* at the value, not the requirement */
        if (bad[i].says)
            assert_non_null(strstr(g->message, bad[i].says));
        sa_spec_free(s);
        sa_diags_free(d);
    }
}

/* attestation: `due` within the period; a commissioner's needs the commissioner's code. */
static void test_attestation_keys(void **state)
{
    (void)state;
    const struct {
        const char *tail;
        const char *code;
        const char *says;
    } cases[] = {
        {"responsible: provider, evidence: x, due: 2025-06-30", "E-SPEC-DATE-OUTSIDE-PERIOD", "due date 2025-06-30"},
        {"responsible: provider, evidence: x, due: 31/12/2024", "E-SPEC-DATE", "YYYY-MM-DD"},
        {"responsible: commissioner, evidence: x, due: 2024-12-31", "E-SPEC-MISSING-KEY", "commissioner's code"},
        {"responsible: nobody, evidence: x, due: 2024-12-31", "E-SPEC-BAD-VALUE", NULL},
        {"evidence: x, due: 2024-12-31", "E-SPEC-MISSING-KEY", "responsible"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "  - id: A\n    title: a\n    check: {kind: attestation, dataset: referrals, "
                 "requirement: urgency, attested: day, %s}\n", cases[i].tail);
        sa_diags *d = sa_diags_new();
        sa_spec *s = load_text(with(text), d);
        const sa_diag *g = find_code(d, cases[i].code);
        if (!g)
            fail_msg("%s: expected %s", cases[i].tail, cases[i].code);
        if (cases[i].says && !strstr(g->message, cases[i].says))
            fail_msg("%s: %s", cases[i].tail, g->message);
        sa_spec_free(s);
        sa_diags_free(d);
    }
    sa_diags *d = sa_diags_new();
    sa_spec *s = load_text(with("  - id: A\n    title: a\n    check: {kind: attestation, dataset: referrals, "
                                "requirement: urgency, attested: day, responsible: provider, evidence: x, "
                                "due: 2024-12-31}\n"),
                           d);
    assert_false(sa_diags_has_errors(d));
    sa_date due;
    sa_date_from_ymd(2024, 12, 31, &due);
    assert_int_equal(s->requirements[0].check.attestation.due, due);
    assert_false(s->requirements[0].check.attestation.commissioner);
    sa_spec_free(s);
    sa_diags_free(d);
}

static void test_assess_key(void **state)
{
    (void)state;
    sa_diags *d = sa_diags_new();
    sa_spec *s = load_text(with("  - id: A\n    title: a\n    check: {kind: proportion, dataset: referrals, at: day, "
                                "meets: urgency == \"urgent\", target: \">= 90%\", assess: overall}\n"
                                "  - id: B\n    title: b\n    check: {kind: proportion, dataset: referrals, at: day, "
                                "meets: urgency == \"urgent\", target: \">= 90%\"}\n"),
                           d);
    assert_false(sa_diags_has_errors(d));
    assert_int_equal(s->requirements[0].check.assess, SA_ASSESS_OVERALL);
    assert_int_equal(s->requirements[1].check.assess, SA_ASSESS_EVERY_PERIOD); /* the default */
    sa_spec_free(s);
    sa_diags_free(d);

    d = sa_diags_new();
    s = load_text(with("  - id: A\n    title: a\n    check: {kind: count, dataset: referrals, at: day, "
                       "target: \">= 1\", assess: overall}\n"),
                  d);
    const sa_diag *g = find_code(d, "E-SPEC-UNKNOWN-KEY");
    assert_non_null(g);
    assert_non_null(strstr(g->message, "it applies to coverage checks, not count"));
    assert_int_equal(s->requirements[0].check.assess, SA_ASSESS_EVERY_PERIOD);
    sa_spec_free(s);
    sa_diags_free(d);

    d = sa_diags_new();
    s = load_text(with("  - id: A\n    title: a\n    check: {kind: proportion, dataset: referrals, at: day, "
                       "meets: urgency == \"urgent\", target: \">= 90%\", assess: yearly}\n"),
                  d);
    g = find_code(d, "E-SPEC-BAD-VALUE");
    assert_non_null(g);
    assert_non_null(strstr(g->message, "'assess' expects how the periods combine into the verdict: one of "
                                       "every_period or overall; found \"yearly\""));
    sa_spec_free(s);
    sa_diags_free(d);
}

static void test_rule_positions(void **state)
{
    (void)state;
    /* requirement 'A' starts on line 15 of base_spec + tail; its check on line 17 */
#define REQ "  - id: A\n    title: a\n    check: "
    expect_diag(with(REQ "{kind: count, dataset: referals, at: day, target: \">= 1\"}\n"), "E-SPEC-UNKNOWN-DATASET",
                17, "referals");
    expect_diag(with(REQ "{kind: count, dataset: referrals, at: dya, target: \">= 1\"}\n"), "E-SPEC-UNKNOWN-COLUMN",
                17, "dya");
    expect_diag(with(REQ "{kind: count, dataset: referrals, at: urgency, target: \">= 1\"}\n"),
                "E-SPEC-COLUMN-UNSUITABLE", 17, "urgency");
    expect_diag(with(REQ "{kind: count, dataset: referrals, at: day, target: \"at least 4\"}\n"), "E-SPEC-TARGET",
                17, "at least");
    expect_diag(with(REQ "{kind: count, dataset: referrals, at: day, target: \">= x\"}\n"), "E-SPEC-TARGET", 17,
                "x\"");
    expect_diag(with(REQ "{kind: count, dataset: referrals, at: day, target: \">= 1\"}\n"
                         "  - id: A\n    title: b\n    check: {kind: submission}\n"),
                "E-SPEC-DUPLICATE-ID", 18, "A");
    expect_diag(with(REQ "\n      kind: mdt\n      dataset: referrals\n      meeting: urgency\n      on: day\n"
                         "      role: urgency\n      core: [cns, chaplain]\n"),
                "E-SPEC-UNKNOWN-ROLE", 23, "chaplain");
    expect_diag(with(REQ "\n      kind: mdt\n      dataset: referrals\n      meeting: urgency\n      on: day\n"
                         "      role: urgency\n      present: day\n      core: [cns]\n"),
                "E-SPEC-COLUMN-UNSUITABLE", 23, "day");
    expect_diag(with(REQ "{kind: mdt, dataset: referrals, meeting: urgency, on: day, role: urgency, core: [cns], "
                         "expected: [cns]}\n"),
                "E-SPEC-CONFLICT", 17, "[cns]}");
    expect_diag(with(REQ "{kind: mdt, dataset: referrals, meeting: urgency, on: day, role: urgency, core: [cns], "
                         "every: quarter}\n"),
                "E-SPEC-BAD-VALUE", 17, "quarter");
    expect_diag(with(REQ "{kind: coverage, dataset: referrals, from: received_at, to: received_at, "
                         "window: {hours: \"9-17\"}}\n"),
                "E-SPEC-WINDOW", 17, "9-17");
    expect_diag(with(REQ "{kind: coverage, dataset: referrals, from: received_at, to: received_at, "
                         "window: {hours: \"09:00-17:60\"}}\n"),
                "E-SPEC-WINDOW", 17, "17:60");
    expect_diag(with(REQ "{kind: coverage, dataset: referrals, from: received_at, to: received_at, "
                         "window: {hours: \"09:00 17:00\"}}\n"),
                "E-SPEC-WINDOW", 17, "17:00");
    expect_diag(with(REQ "{kind: coverage, dataset: referrals, from: received_at, to: received_at, "
                         "window: {hours: \"00:00-24:00\", bank_holidays: sometimes}}\n"),
                "E-SPEC-TYPE", 17, "sometimes");
    expect_diag(with(REQ "{kind: coverage, dataset: referrals, from: received_at, to: received_at, windows: []}\n"),
                "E-SPEC-TYPE", 17, "[]");
    expect_diag(with(REQ "{kind: coverage, dataset: referrals, from: received_at, to: received_at, "
                         "window: {hours: \"00:00-24:00\"}, target: \"> 5\"}\n"),
                "E-SPEC-TARGET", 17, "> 5");
    expect_diag(with(REQ "{kind: daily_activity, dataset: referrals, at: day, days: [mon, funday]}\n"), "E-SPEC-DAYS",
                17, "[mon");
    expect_diag(with(REQ "{kind: response_time, dataset: referrals, from: received_at, to: received_at, limit: 0h, "
                         "target: \"90%\"}\n"),
                "E-SPEC-LIMIT", 17, "0h");
    expect_diag(with(REQ "{kind: response_time, dataset: referrals, from: received_at, to: urgency, limit: 4h, "
                         "target: \"90%\"}\n"),
                "E-SPEC-COLUMN-UNSUITABLE", 17, "urgency");
    expect_diag(with(REQ "{kind: declared_level, dataset: referrals, field: urgency, at_least: 3, model: m}\n"),
                "E-SPEC-COLUMN-UNSUITABLE", 17, "urgency");
    expect_diag(with(REQ "{kind: declared_level, dataset: referrals, field: day, at_least: 3}\n"),
                "E-SPEC-COLUMN-UNSUITABLE", 17, "day");
    expect_diag(with(REQ "{kind: declared_level, dataset: referrals, field: day, at_least: 3}\n"),
                "E-SPEC-MISSING-KEY", 17, "{kind");
    expect_diag(with(REQ "{kind: submission, datasets: [referrals, deaths]}\n"), "E-SPEC-UNKNOWN-DATASET", 17,
                "deaths");
    expect_diag(with(REQ "{kind: submission, submitted: urgency}\n"), "E-SPEC-COLUMN-UNSUITABLE", 17, "urgency");
    expect_diag(with(REQ "{kind: submission, due_days: soon}\n"), "E-SPEC-TYPE", 17, "soon");
    expect_diag(with(REQ "{kind: submission, due_days: 400}\n"), "E-SPEC-RANGE", 17, "400");
    expect_diag(with(REQ "{kind: proportion, dataset: referrals, at: day, meets: \"day is empty\", target: \"90%\", "
                         "min_denominator: 0}\n"),
                "E-SPEC-RANGE", 17, "0}");
    expect_diag(with(REQ "{kind: proportion, dataset: referrals, at: day, meets: [a], target: \"90%\"}\n"),
                "E-SPEC-TYPE", 17, "[a]");
    expect_diag(with(REQ "{kind: coverage, dataset: referrals, from: received_at, to: received_at, "
                         "window: {hours: \"00:00-24:00\"}, roles: [cns]}\n"),
                "E-SPEC-MISSING-KEY", 17, "{kind");
#undef REQ
    expect_diag(with("  - id: A\n    title: a\n    scope: everyone\n    check: {kind: submission}\n"),
                "E-SPEC-BAD-VALUE", 17, "everyone");
    expect_diag(with("  - id: A\n    title: a\n    priority: b\n    check: {kind: submission}\n"), "E-SPEC-CONFLICT",
                17, "priority");
    expect_diag(with("  - id: A\n    title: a\n    check: [kind, submission]\n"), "E-SPEC-TYPE", 17, "[");
    expect_diag(with("  - just a string\n"), "E-SPEC-TYPE", 15, "just");
    expect_diag(with("  - id: A\n    title: a\n"), "E-SPEC-MISSING-KEY", 15, "id");
}

/* `baseline` and `change`: what loads, and each malformed form at its position. */
static void test_baseline_rules(void **state)
{
    (void)state;
#define REQ "  - id: A\n    title: a\n    check: "
#define BASE "baseline: {from: 2023-04-01, to: 2024-03-31}"
    sa_diags *d = sa_diags_new();
    sa_spec *s = load_text(with(REQ "{kind: count, dataset: referrals, at: day, " BASE ", change: \"<= -10%\"}\n"), d);
    print_diags(d);
    assert_false(sa_diags_has_errors(d));
    const sa_baseline *b = &s->requirements[0].check.baseline;
    assert_true(b->set);
    assert_int_equal(b->op, SA_CMP_LE);
    assert_true(b->change == -10.0 && !b->points);
    assert_int_equal(s->requirements[0].check.per, SA_PER_PERIOD);
    assert_false(s->requirements[0].check.target.set);
    sa_buf out = SA_BUF_INIT;
    sa_check_describe(s, &s->requirements[0].check, &out);
    assert_non_null(strstr(sa_buf_cstr(&out), "Baseline       rows of the same returns dated 2023-04-01 to 2024-03-31"));
    assert_non_null(strstr(sa_buf_cstr(&out), "Change         <= -10%: the total over the whole period"));
    assert_non_null(strstr(sa_buf_cstr(&out), "or the baseline figure is 0"));
    assert_null(strstr(sa_buf_cstr(&out), "Target"));
    sa_buf_free(&out);
    sa_spec_free(s);
    sa_diags_free(d);
    d = sa_diags_new();
    s = load_text(with(REQ "{kind: proportion, dataset: referrals, at: day, meets: \"day is empty\", " BASE
                           ", change: \">= +2.5pp\"}\n"),
                  d);
    assert_false(sa_diags_has_errors(d));
    assert_true(s->requirements[0].check.baseline.points && s->requirements[0].check.baseline.change == 2.5);
    sa_spec_free(s);
    sa_diags_free(d);
    expect_diag(with(REQ "{kind: count, dataset: referrals, at: day, " BASE ", change: \"<= -10\"}\n"),
                "E-SPEC-BASELINE", 17, "\"}");
    expect_diag(with(REQ "{kind: count, dataset: referrals, at: day, " BASE ", change: \"<= -10pp\"}\n"),
                "E-SPEC-BASELINE", 17, "<= -10pp");
    expect_diag(with(REQ "{kind: proportion, dataset: referrals, at: day, meets: \"day is empty\", " BASE
                         ", change: \"<= -10%\"}\n"),
                "E-SPEC-BASELINE", 17, "<= -10%");
    expect_diag(with(REQ "{kind: count, dataset: referrals, at: day, change: \"<= -10%\"}\n"), "E-SPEC-BASELINE",
                17, "change");
    expect_diag(with(REQ "{kind: count, dataset: referrals, at: day, " BASE "}\n"), "E-SPEC-MISSING-KEY", 17,
                "{kind");
    expect_diag(with(REQ "{kind: count, dataset: referrals, at: day, " BASE ", change: \"<= -10%\", target: \">= 1\"}\n"),
                "E-SPEC-CONFLICT", 17, "target");
    expect_diag(with(REQ "{kind: count, dataset: referrals, at: day, " BASE ", change: \"<= -10%\", per: month}\n"),
                "E-SPEC-BASELINE", 17, "month");
    expect_diag(with(REQ "{kind: count, dataset: referrals, at: day, baseline: {from: 2024-03-31, to: 2023-04-01}, "
                         "change: \"<= -10%\"}\n"),
                "E-SPEC-BASELINE", 17, "2023-04-01");
    expect_diag(with(REQ "{kind: count, dataset: referrals, at: day, baseline: {from: 2023-04-01, to: 2024-04-01}, "
                         "change: \"<= -10%\"}\n"),
                "E-SPEC-BASELINE", 17, "{from");
    expect_diag(with(REQ "{kind: count, dataset: referrals, at: day, baseline: {from: 2023-04-01}, change: \"<= -10%\"}\n"),
                "E-SPEC-MISSING-KEY", 17, "{from");
    expect_diag(with(REQ "{kind: distinct, dataset: referrals, column: urgency, at: day, " BASE
                         ", change: \"<= -10%\"}\n"),
                "E-SPEC-UNKNOWN-KEY", 17, "baseline");
    expect_diag(with(REQ "{kind: count, dataset: referrals, at: day, baseline: {report: yes}, change: \"<= -10%\"}\n"),
                "E-SPEC-BASELINE", 17, "yes");
    expect_diag(with(REQ "{kind: count, dataset: referrals, at: day, baseline: {report: true, from: 2023-04-01}, "
                         "change: \"<= -10%\"}\n"),
                "E-SPEC-CONFLICT", 17, "report");
    /* in force from after its baseline: the baseline may lie in the specification period */
    d = sa_diags_new();
    s = load_text(with("  - id: A\n    title: a\n    in_force: {from: 2024-10-01}\n    check: {kind: count, "
                       "dataset: referrals, at: day, baseline: {from: 2024-04-01, to: 2024-09-30}, change: \"<= -10%\"}\n"),
                  d);
    print_diags(d);
    assert_false(sa_diags_has_errors(d));
    sa_spec_free(s);
    sa_diags_free(d);
#undef BASE
#undef REQ
}

static void test_header_rules(void **state)
{
    (void)state;
    expect_diag("specaudit: one\nid: t\n", "E-SPEC-VERSION", 1, "one");
    expect_diag("specaudit: 1\nid: \"bad id\"\n", "E-SPEC-BAD-ID", 2, "bad");
    expect_diag("specaudit: 1\nid: t\ncommissioner: {name: X, code: x-1}\n", "E-SPEC-ODS-CODE", 3, "x-1");
    expect_diag("specaudit: 1\nid: t\ncommissioner: {name: X, cod: 5XX}\n", "E-SPEC-UNKNOWN-KEY", 3, "cod");
    expect_diag("specaudit: 1\nperiod: {from: 2024-04-01, to: 31/03/2025}\n", "E-SPEC-DATE", 2, "31/");
    expect_diag("specaudit: 1\nperiod: [2024-04-01, 2025-03-31]\n", "E-SPEC-TYPE", 2, "[");
    expect_diag("specaudit: 1\ncalendar: {region: wales}\n", "E-SPEC-BAD-VALUE", 2, "wales");
    expect_diag("specaudit: 1\ncalendar: {extra_holidays: [2024-13-01]}\n", "E-SPEC-DATE", 2, "2024-13");
    expect_diag("specaudit: 1\nperiod: {from: 2024-04-01, to: 2025-03-31}\ncalendar: {extra_holidays: [2024-03-31]}\n",
                "E-SPEC-DATE-OUTSIDE-PERIOD", 3, "2024-03-31");
    expect_diag("specaudit: 1\nreporting: {every: daily}\n", "E-SPEC-BAD-VALUE", 2, "daily");
    expect_diag("specaudit: 1\nproviders: {code: 8HX01}\n", "E-SPEC-TYPE", 2, "{");
    expect_diag("specaudit: 1\nproviders:\n  - {code: 8HX01, name: A}\n  - {code: 8HX01, name: B}\n",
                "E-SPEC-DUPLICATE-ID", 4, "8HX01");
    expect_diag("specaudit: 1\nroles:\n  cns: [a]\n", "E-SPEC-TYPE", 3, "[");
    expect_diag("specaudit: 1\nroles:\n  cns: x\n  cns: y\n", "E-SPEC-DUPLICATE-ROLE", 4, "cns");
    expect_diag("specaudit: 1\nroles:\n  cns: {description: x}\n", "E-SPEC-MISSING-KEY", 3, "{");
    expect_diag("specaudit: 1\ndatasets:\n  d: {columns: {}}\n", "E-SPEC-MISSING-KEY", 3, "{}");
    expect_diag("specaudit: 1\ndatasets:\n  d: {columns: {a: string}, key: [b]}\n", "E-SPEC-UNKNOWN-COLUMN", 3,
                "b]");
    expect_diag("specaudit: 1\ndatasets:\n  d: {columns: {a: string}, provider: p}\n", "E-SPEC-UNKNOWN-COLUMN", 3,
                "p}");
    expect_diag("specaudit: 1\ndatasets:\n  d: {columns: {provider: date}}\n", "E-SPEC-COLUMN-UNSUITABLE", 3,
                "provider");
    expect_diag("specaudit: 1\ndatasets:\n  d: {columns: {a: {type: date, format: \"mm/dd/yyyy\"}}}\n",
                "E-SPEC-BAD-VALUE", 3, "mm/");
    expect_diag("specaudit: 1\ndatasets:\n  d: {columns: {a: {type: int, values: [1]}}}\n", "E-SPEC-NOT-APPLICABLE",
                3, "values");
    expect_diag("specaudit: 1\ndatasets:\n  d: {columns: {a: {type: string, max_length: 0}}}\n", "E-SPEC-RANGE", 3,
                "0}");
    expect_diag("specaudit: 1\ndatasets:\n  d: {columns: {a: {type: int, min: low}}}\n", "E-SPEC-TYPE", 3, "low");
    expect_diag("specaudit: 1\ndatasets:\n  d: {columns: {a: {type: enum, values: [x, [y]]}}}\n",
                "E-SPEC-ENUM-VALUES", 3, "[y]");
    expect_diag("specaudit: 1\ndatasets:\n  1d: {columns: {a: string}}\n", "E-SPEC-BAD-ID", 3, "1d");
    expect_diag("specaudit: 1\ndatasets:\n  d: {columns: {a: string}, files: {x: y}}\n", "E-SPEC-TYPE", 3, "{x");
    expect_diag("specaudit: 1\nid: t\nid: u\n", "E-SPEC-DUPLICATE-KEY", 3, "id");
    expect_diag("specaudit: 1\n? [a]\n: b\n", "E-SPEC-TYPE", 2, "[a]");
    expect_diag("specaudit: 1\n", "E-SPEC-MISSING-KEY", 1, "specaudit");
    expect_diag("specaudit: 1\ntitle:\n", "E-SPEC-MISSING-KEY", 2, "title"); /* given, without a value */
    expect_diag("", "E-SPEC-TYPE", 1, ""); /* an empty document is not a specification */
}

static void test_all_problems_reported(void **state)
{
    (void)state;
    /* lint needs every problem of a file, not the first */
    sa_diags *d = sa_diags_new();
    sa_spec *s = load_text("specaudit: 1\nid: \"a b\"\ntitle: [x]\nperiod: {from: 2024-13-01, to: 2025-01-01}\n"
                           "roles: {cns: '('}\ndatasets: {d: {columns: {a: strin}}}\n"
                           "requirements:\n  - {id: X, title: x, check: {kind: cout}}\n",
                           d);
    assert_non_null(s);
    const char *codes[] = {"E-SPEC-BAD-ID", "E-SPEC-TYPE", "E-SPEC-DATE", "E-SPEC-REGEX", "E-SPEC-COLUMN-TYPE",
                           "E-SPEC-UNKNOWN-KIND", "E-SPEC-MISSING-KEY"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        if (!find_code(d, codes[i]))
            fprintf(stderr, "missing %s\n", codes[i]);
        assert_non_null(find_code(d, codes[i]));
    }
    /* The kinds are a closed list: the message names every one of them. */
    const sa_diag *kind = find_code(d, "E-SPEC-UNKNOWN-KIND");
    for (size_t k = 0; k < SA_CHECK_KIND_COUNT; k++)
        assert_non_null(strstr(kind->message, sa_check_def_of((sa_check_kind)k)->name));
    assert_null(strstr(kind->message, "more"));
    sa_spec_free(s);
    sa_diags_free(d);
}

static void test_regex_offset_in_quoted_pattern(void **state)
{
    (void)state;
    /* '' in a single-quoted scalar is one character: the offset maps past it */
    expect_diag("specaudit: 1\nroles:\n  a: 'it''s (x'\n", "E-SPEC-REGEX", 3, "'\n");
    /* double-quoted escapes take two source characters for one */
    expect_diag("specaudit: 1\nroles:\n  a: \"\\\\bx\\\\b[\"\n", "E-SPEC-REGEX", 3, "\"\n");
    /* plain scalar */
    expect_diag("specaudit: 1\nroles:\n  a: x{2,1}\n", "E-SPEC-REGEX", 3, "}");
}

static void test_warnings(void **state)
{
    (void)state;
    /* unused dataset and role, a target that cannot fail: warnings, not errors */
    const char *t = "specaudit: 1\nid: t\nversion: \"1\"\ntitle: T\nperiod: {from: 2024-04-01, to: 2025-03-31}\n"
                    "roles:\n  cns: 'CNS'\n"
                    "datasets:\n  a: {columns: {day: date}}\n  b: {columns: {day: date}}\n"
                    "requirements:\n"
                    "  - {id: R1, title: t, check: {kind: count, dataset: a, at: day, target: \">= 0\"}}\n"
                    "  - {id: R2, title: t, check: {kind: daily_activity, dataset: a, at: day, target: \">= 0%\"}}\n";
    sa_diags *d = sa_diags_new();
    sa_spec *s = load_text(t, d);
    assert_false(sa_diags_has_errors(d));
    const sa_diag *g = find_code(d, "W-SPEC-UNUSED-DATASET");
    assert_non_null(g);
    assert_int_equal(g->pos.line, 10);
    assert_int_equal(g->severity, SA_SEV_WARNING);
    assert_non_null(strstr(g->message, "'b'"));
    g = find_code(d, "W-SPEC-UNUSED-ROLE");
    assert_non_null(g);
    assert_int_equal(g->pos.line, 7);
    assert_int_equal(sa_diags_total_code(d, "W-SPEC-TARGET-ALWAYS-MET"), 2);
    sa_spec_free(s);
    sa_diags_free(d);

    /* a submission duty over every dataset uses them all; an empty list of requirements is a warning */
    d = sa_diags_new();
    s = load_text("specaudit: 1\nid: t\nversion: \"1\"\ntitle: T\nperiod: {from: 2024-04-01, to: 2025-03-31}\n"
                  "datasets:\n  a: {columns: {day: date}}\nrequirements:\n  - {id: S, title: s, check: {kind: submission}}\n",
                  d);
    assert_int_equal(sa_diags_count(d), 0);
    sa_spec_free(s);
    sa_diags_free(d);
    d = sa_diags_new();
    s = load_text("specaudit: 1\nid: t\nversion: \"1\"\ntitle: T\nperiod: {from: 2024-04-01, to: 2025-03-31}\n"
                  "datasets:\n  a: {columns: {day: date}}\nrequirements: []\n",
                  d);
    assert_false(sa_diags_has_errors(d));
    assert_non_null(find_code(d, "W-SPEC-NO-REQUIREMENTS"));
    sa_spec_free(s);
    sa_diags_free(d);

    /* errors in an earlier file do not silence the warnings of the next */
    d = sa_diags_new();
    sa_diags_error(d, "E-OTHER", (sa_pos){"other.yaml", 1, 1}, "x");
    s = load_text(t, d);
    assert_non_null(find_code(d, "W-SPEC-UNUSED-DATASET"));
    sa_spec_free(s);
    sa_diags_free(d);
}

static void test_unreadable_and_not_yaml(void **state)
{
    (void)state;
    sa_diags *d = sa_diags_new();
    assert_null(sa_spec_load(FIXTURES "/no-such-file.yaml", NULL, d));
    assert_non_null(find_code(d, "E-IO-NOT-FOUND"));
    sa_diags_free(d);
    d = sa_diags_new();
    assert_null(sa_spec_load(FIXTURES, NULL, d));
    assert_non_null(find_code(d, "E-IO-IS-DIRECTORY"));
    sa_diags_free(d);
    d = sa_diags_new();
    assert_null(load_text("a: [1, 2\n", d));
    assert_non_null(find_code(d, "E-SPEC-YAML"));
    sa_diags_free(d);
    d = sa_diags_new();
    assert_null(load_text("a: 1\n---\nb: 2\n", d));
    assert_non_null(find_code(d, "E-SPEC-YAML"));
    sa_diags_free(d);
    /* size limit */
    sa_spec_limits lim;
    sa_spec_limits_default(&lim);
    lim.max_bytes = 8;
    d = sa_diags_new();
    const char *t = "specaudit: 1\n";
    assert_null(sa_spec_load_buffer("t.yaml", t, strlen(t), &lim, d));
    assert_non_null(find_code(d, "E-IO-TOO-LARGE"));
    sa_diags_free(d);
    sa_spec_free(NULL);
}

/* ---- YAML tree: aliases, merge keys, bounds ------------------------------------------- */

/* Timing limits do not apply under valgrind or sanitizers. */
static bool slow_tools(void)
{
    return getenv("SA_VALGRIND") || getenv("SA_SANITIZED");
}

/* CPU time of this process: robust against a busy machine, unlike wall time. */
static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_alias_bomb_rejected_fast(void **state)
{
    (void)state;
    /* 10 000 alias references: 1 000 levels of 10 aliases to the level below
     * (10^1000 nodes if expanded). */
    sa_buf b = SA_BUF_INIT;
    sa_buf_puts(&b, "specaudit: 1\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i <= 1000; i++) {
        sa_buf_printf(&b, "l%d: &l%d [", i, i);
        for (int j = 0; j < 10; j++)
            sa_buf_printf(&b, "%s*l%d", j ? ", " : "", i - 1);
        sa_buf_puts(&b, "]\n");
    }
    sa_diags *d = sa_diags_new();
    sa_arena *arena = sa_arena_new();
    sa_ytree_limits lim = {64, 10000};
    double t0 = now_seconds();
    sa_ynode *root = sa_ytree_parse("bomb.yaml", b.data, b.len, &lim, arena, d);
    double elapsed = now_seconds() - t0;
    assert_null(root);
    assert_non_null(find_code(d, "E-SPEC-ALIAS-LIMIT"));
    if (!slow_tools())
        assert_true(elapsed < 1.0);
    assert_true(sa_arena_used(arena) < 1u << 20); /* the tree never grows with the expansion */
    sa_arena_free(arena);
    sa_diags_free(d);

    /* the same through the loader */
    d = sa_diags_new();
    t0 = now_seconds();
    assert_null(sa_spec_load_buffer("bomb.yaml", b.data, b.len, NULL, d));
    assert_true(slow_tools() || now_seconds() - t0 < 1.0);
    assert_int_equal(sa_diags_total(d, SA_SEV_ERROR), 1);
    sa_diags_free(d);

    /* 10 000 flat aliases of one scalar are within the limit; one more is not */
    sa_buf_clear(&b);
    sa_buf_puts(&b, "a: &a x\nb: [");
    for (int i = 0; i < 10000; i++)
        sa_buf_puts(&b, i ? ", *a" : "*a");
    sa_buf_puts(&b, "]\n");
    d = sa_diags_new();
    arena = sa_arena_new();
    root = sa_ytree_parse("flat.yaml", b.data, b.len, &lim, arena, d);
    assert_non_null(root);
    assert_int_equal(root->pairs[1].value->nitems, 10000);
    assert_ptr_equal(root->pairs[1].value->items[9999], root->pairs[0].value); /* shared, not copied */
    sa_arena_free(arena);
    sa_diags_free(d);
    lim.max_alias_expansions = 9999;
    d = sa_diags_new();
    arena = sa_arena_new();
    assert_null(sa_ytree_parse("flat.yaml", b.data, b.len, &lim, arena, d));
    const sa_diag *g = find_code(d, "E-SPEC-ALIAS-LIMIT");
    assert_non_null(g);
    assert_int_equal(g->pos.line, 2);
    assert_int_equal(g->pos.col, 5 + 9999 * 4); /* the 10 000th alias */
    sa_arena_free(arena);
    sa_diags_free(d);
    sa_buf_free(&b);
}

static void test_merge_key_bomb_bounded(void **state)
{
    (void)state;
    /* merge keys copy pairs: they count against the same limit */
    sa_buf b = SA_BUF_INIT;
    sa_buf_puts(&b, "m0: &m0 {");
    for (int j = 0; j < 100; j++)
        sa_buf_printf(&b, "%sk%d: v", j ? ", " : "", j);
    sa_buf_puts(&b, "}\n");
    for (int i = 1; i < 200; i++)
        sa_buf_printf(&b, "m%d: &m%d {<<: *m%d, own%d: v}\n", i, i, i - 1, i);
    sa_diags *d = sa_diags_new();
    sa_arena *arena = sa_arena_new();
    sa_ytree_limits lim = {64, 10000};
    assert_null(sa_ytree_parse("merge.yaml", b.data, b.len, &lim, arena, d));
    assert_non_null(find_code(d, "E-SPEC-ALIAS-LIMIT"));
    sa_arena_free(arena);
    sa_diags_free(d);
    sa_buf_free(&b);
}

static void test_large_spec_stays_linear(void **state)
{
    (void)state;
    /* many columns, a very long single-line enum, many requirements with errors */
    enum { N = 20000 };
    sa_buf b = SA_BUF_INIT;
    sa_buf_puts(&b, "specaudit: 1\nid: big\nversion: \"1\"\ntitle: big\nperiod: {from: 2024-04-01, to: 2025-03-31}\n"
                    "datasets:\n  d:\n    columns:\n");
    for (int i = 0; i < N; i++)
        sa_buf_printf(&b, "      c%d: date\n", i);
    sa_buf_puts(&b, "      e: {type: enum, values: [");
    for (int i = 0; i < N; i++)
        sa_buf_printf(&b, "%sv%d", i ? ", " : "", i);
    sa_buf_puts(&b, "]}\nrequirements:\n");
    for (int i = 0; i < N; i++)
        sa_buf_printf(&b, "  - {id: R%d, title: t, check: {kind: count, dataset: d, at: c%d, target: \"> 0\"}}\n",
                      i % (N / 2), N - 1 - i);
    sa_diags *d = sa_diags_new();
    double t0 = now_seconds();
    sa_spec *s = sa_spec_load_buffer("big.yaml", b.data, b.len, NULL, d);
    double elapsed = now_seconds() - t0;
    assert_non_null(s);
    assert_int_equal(s->datasets[0].ncolumns, N + 1);
    assert_int_equal(s->datasets[0].columns[N].nvalues, N);
    assert_int_equal(s->nrequirements, N / 2);
    assert_int_equal(sa_diags_total_code(d, "E-SPEC-DUPLICATE-ID"), N / 2);
    assert_int_equal(s->requirements[0].check.count.at.index, N - 1);
    if (!slow_tools())
        assert_true(elapsed < 2.0);
    sa_spec_free(s);
    sa_diags_free(d);
    sa_buf_free(&b);
}

static void test_depth_limit(void **state)
{
    (void)state;
    sa_buf b = SA_BUF_INIT;
    for (int i = 0; i < 100000; i++)
        sa_buf_putc(&b, '[');
    sa_diags *d = sa_diags_new();
    double t0 = now_seconds();
    assert_null(sa_spec_load_buffer("deep.yaml", b.data, b.len, NULL, d));
    assert_true(slow_tools() || now_seconds() - t0 < 1.0);
    const sa_diag *g = find_code(d, "E-SPEC-TOO-DEEP");
    assert_non_null(g);
    assert_int_equal(g->pos.line, 1);
    assert_int_equal(g->pos.col, 65);
    sa_diags_free(d);
    /* nested mappings too, with a custom limit */
    sa_buf_clear(&b);
    for (int i = 0; i < 10; i++) {
        for (int j = 0; j < i; j++)
            sa_buf_puts(&b, "  ");
        sa_buf_puts(&b, "k:\n");
    }
    sa_spec_limits lim;
    sa_spec_limits_default(&lim);
    lim.max_depth = 5;
    d = sa_diags_new();
    assert_null(sa_spec_load_buffer("deep.yaml", b.data, b.len, &lim, d));
    g = find_code(d, "E-SPEC-TOO-DEEP");
    assert_non_null(g);
    assert_int_equal(g->pos.line, 6);
    assert_int_equal(g->pos.col, 11);
    sa_diags_free(d);
    sa_buf_free(&b);
}

static void test_tree_positions(void **state)
{
    (void)state;
    const char *src = "a: plain text\n"
                      "b: 'single ''quoted'''\n"
                      "c: \"double \\\"q\\\" \\u00e9x\"\n"
                      "d: |\n"
                      "\n"
                      "    block\n"
                      "    second\n"
                      "e: \xC3\xA9t\xC3\xA9 x\n"
                      "f: ~\n"
                      "g:\n";
    sa_diags *d = sa_diags_new();
    sa_arena *arena = sa_arena_new();
    sa_ytree_limits lim = {64, 100};
    sa_ynode *root = sa_ytree_parse("p.yaml", src, strlen(src), &lim, arena, d);
    assert_non_null(root);
    assert_int_equal(root->kind, SA_YNODE_MAP);
    assert_int_equal(root->npairs, 7);
    const sa_ynode *a = root->pairs[0].value, *b = root->pairs[1].value, *c = root->pairs[2].value;
    const sa_ynode *bl = root->pairs[3].value, *e = root->pairs[4].value;
    assert_int_equal(a->text_pos.col, 4);
    assert_int_equal(b->text_pos.col, 5);
    assert_string_equal(b->text, "single 'quoted'");
    assert_int_equal(sa_ytree_offset_pos(b, src, strlen(src), 8).col, 14); /* the q after '' */
    assert_int_equal(sa_ytree_offset_pos(a, src, strlen(src), 6).col, 10);
    assert_int_equal(sa_ytree_offset_pos(c, src, strlen(src), 8).col, 14); /* q after \" */
    assert_int_equal(bl->style, SA_YSTYLE_LITERAL);
    assert_string_equal(bl->text, "\nblock\nsecond\n"); /* the leading blank line is kept */
    assert_int_equal(bl->text_pos.line, 6);
    assert_int_equal(bl->text_pos.col, 5);
    sa_pos p = sa_ytree_offset_pos(bl, src, strlen(src), 8); /* the e of second */
    assert_int_equal(p.line, 7);
    assert_int_equal(p.col, 6);
    /* columns count characters, not bytes */
    assert_int_equal(sa_ytree_offset_pos(e, src, strlen(src), 6).col, 8);
    assert_true(root->pairs[5].value->is_null);
    assert_true(root->pairs[6].value->is_null);
    assert_false(a->is_null);
    assert_string_equal(sa_ynode_describe(root), "a mapping");
    sa_arena_free(arena);
    sa_diags_free(d);
}

/* The one diagnostic `text` (of `len` bytes) gives as a tree, with its code,
 * position and a fragment of its message. */
static void expect_tree_error(const char *text, size_t len, const char *code, unsigned line, unsigned col,
                              const char *fragment)
{
    sa_diags *d = sa_diags_new();
    sa_arena *arena = sa_arena_new();
    sa_ytree_limits lim = {64, 100};
    assert_null(sa_ytree_parse("r.yaml", text, len, &lim, arena, d));
    const sa_diag *g = find_code(d, code);
    if (!g || g->pos.line != line || g->pos.col != col || !strstr(g->message, fragment)) {
        fprintf(stderr, "expected %s at %u:%u with '%s', got:\n", code, line, col, fragment);
        print_diags(d);
    }
    assert_non_null(g);
    assert_int_equal(g->pos.line, line);
    assert_int_equal(g->pos.col, col);
    assert_non_null(strstr(g->message, fragment));
    sa_arena_free(arena);
    sa_diags_free(d);
}

/* Bytes that are not UTF-8 and control characters are reported at the byte
 * (libyaml's reader gives an offset only), columns in characters. */
static void test_reader_error_positions(void **state)
{
    (void)state;
    /* b: "café <FF>": b, :, space, ", c, a, f, é, space, then the byte: column 10 */
    const char *t = "a: 1\nb: \"caf\xC3\xA9 \xFF\"\n";
    expect_tree_error(t, strlen(t), "E-SPEC-YAML", 2, 10, "invalid leading UTF-8 octet (found byte 0xFF)");
    t = "a: 1\r\nb: x\x01\r\n"; /* CR LF is one line break */
    expect_tree_error(t, strlen(t), "E-SPEC-YAML", 2, 5, "control characters are not allowed (found U+0001)");
    t = "a: 1\rb: \xC3(\n"; /* a lone CR too; the bad byte is the '(' after a lead byte */
    expect_tree_error(t, strlen(t), "E-SPEC-YAML", 2, 5, "invalid trailing UTF-8 octet (found byte 0x28)");
    t = "\xEF\xBB\xBF" "a: \x1B[2J\n"; /* the UTF-8 byte order mark is not a column */
    expect_tree_error(t, strlen(t), "E-SPEC-YAML", 1, 4, "(found U+001B)");
    const char nul[] = "a: 1\nb: x\0y\n"; /* a raw NUL byte */
    expect_tree_error(nul, sizeof nul - 1, "E-SPEC-YAML", 2, 5, "(found U+0000)");
    t = "\xFF\xFE" "a\0:\0 \0" "1\0";
    expect_tree_error(t, 8, "E-SPEC-YAML", 1, 1, "UTF-16");
    /* past libyaml's first read (16 KiB): the offset is counted from the start */
    sa_buf b = SA_BUF_INIT;
    for (int i = 0; i < 5000; i++)
        sa_buf_printf(&b, "k%d: v\n", i);
    sa_buf_puts(&b, "end: \"\xE2\x82\xAC\xED\xA0\x80\"\n"); /* a euro sign, then a surrogate */
    expect_tree_error(sa_buf_cstr(&b), b.len, "E-SPEC-YAML", 5001, 8, "invalid Unicode character (found U+D800)");
    sa_buf_free(&b);
}

/* An escaped NUL would cut a value short ("mini\0../../etc" read as "mini"):
 * each one is an error at its escape naming where it stands, in every
 * spelling YAML has for it, and nothing is loaded. */
static void test_escaped_nul(void **state)
{
    (void)state;
    const char *t = "a: \"mini\\0../../etc\"\n"       /* 1:9, the backslash */
                    "b: [\"x\", \"\\u00e9\\x00\"]\n"  /* 2:17: after \u00e9 (two bytes of value) */
                    "\"c\\U00000000\": 1\n"           /* 3:3 */
                    "d: {e: \"ok\", f: \"\\u0000\"}\n"; /* 4:18 */
    sa_diags *d = sa_diags_new();
    sa_arena *arena = sa_arena_new();
    sa_ytree_limits lim = {64, 100};
    assert_null(sa_ytree_parse("n.yaml", t, strlen(t), &lim, arena, d));
    assert_int_equal(sa_diags_total_code(d, "E-SPEC-NUL"), 4);
    const unsigned want[4][2] = {{1, 9}, {2, 17}, {3, 3}, {4, 18}};
    const char *place[4] = {"the value of 'a'", "an item of 'b'", "a top-level key", "the value of 'f'"};
    for (size_t i = 0; i < 4; i++) {
        const sa_diag *g = sa_diags_at(d, i);
        assert_string_equal(g->code, "E-SPEC-NUL");
        assert_int_equal(g->pos.line, want[i][0]);
        assert_int_equal(g->pos.col, want[i][1]);
        assert_non_null(strstr(g->message, place[i]));
    }
    sa_arena_free(arena);
    sa_diags_free(d);
    /* through the loader: the specification is not loaded */
    d = sa_diags_new();
    t = "specaudit: 1\nid: \"mini\\0../../etc\"\n";
    assert_null(load_text(t, d));
    const sa_diag *g = find_code(d, "E-SPEC-NUL");
    assert_non_null(g);
    assert_int_equal(g->pos.line, 2);
    assert_int_equal(g->pos.col, col_of(t, 2, "\\0"));
    assert_non_null(strstr(g->message, "'id'"));
    sa_diags_free(d);
}

/* Role matching under the match limits: an exponential pattern on a crafted
 * title gives up (undecided) instead of stalling, titles over the bound match
 * no role, and roles past the 64th match like the first. */
static void test_role_match_limits(void **state)
{
    (void)state;
    sa_buf y = SA_BUF_INIT;
    sa_buf_puts(&y, "specaudit: 1\nid: r\nversion: \"1\"\ntitle: r\n"
                    "period: {from: 2007-04-01, to: 2008-03-31}\nroles:\n  slow: '^(a+)+$'\n");
    for (int i = 1; i <= 70; i++)
        sa_buf_printf(&y, "  r%d: '^role %d$'\n", i, i);
    sa_diags *d = sa_diags_new();
    sa_spec *s = sa_spec_load_buffer("t.yaml", y.data, y.len, NULL, d);
    assert_non_null(s);
    assert_int_equal(s->nroles, 71);
    char title[300];
    memset(title, 'a', 40);
    title[40] = '!';
    clock_t t0 = clock();
    assert_int_equal(sa_spec_match_role(s, title, 41, NULL), SA_ROLE_UNDECIDED);
    assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);
    assert_int_equal(sa_spec_match_role(s, "aaaa", 4, NULL), 0);
    assert_int_equal(sa_spec_match_role(s, "role 70", 7, NULL), 70);
    memset(title, 'a', sizeof title); /* matches 'slow', but is over the title bound */
    assert_int_equal(sa_spec_match_role(s, title, 256, NULL), 0);
    assert_int_equal(sa_spec_match_role(s, title, 257, NULL), -1);
    sa_spec_free(s);
    sa_diags_free(d);
    sa_buf_free(&y);
}

static void test_lint_twice_no_leak_of_state(void **state)
{
    (void)state;
    /* loading the same text twice gives the same diagnostics (no hidden state) */
    const char *t = with("  - id: A\n    title: a\n    check: {kind: count, dataset: nope, at: day, target: \">= 1\"}\n");
    sa_diags *d1 = sa_diags_new(), *d2 = sa_diags_new();
    sa_spec *s1 = load_text(t, d1);
    sa_spec *s2 = load_text(t, d2);
    assert_int_equal(sa_diags_count(d1), sa_diags_count(d2));
    assert_int_equal(sa_diags_count(d1), 1);
    assert_string_equal(sa_diags_at(d1, 0)->message, sa_diags_at(d2, 0)->message);
    /* the requirement is kept (its dataset is unknown, so columns stay unresolved) */
    assert_int_equal(s1->nrequirements, 1);
    assert_null(s1->requirements[0].check.dataset);
    assert_int_equal(s1->requirements[0].check.count.at.index, -1);
    sa_spec_free(s1);
    sa_spec_free(s2);
    sa_diags_free(d1);
    sa_diags_free(d2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_days_parse_and_format),
        cmocka_unit_test(test_role_match_limits),
        cmocka_unit_test(test_enum_names),
        cmocka_unit_test(test_limits_default),
        cmocka_unit_test(test_every_kind_model),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_chi_number_column),
        cmocka_unit_test(test_bundled_examples_clean),
        cmocka_unit_test(test_county_priorities),
        cmocka_unit_test(test_invalid_fixtures),
        cmocka_unit_test(test_unknown_key_suggests),
        cmocka_unit_test(test_assess_key),
        cmocka_unit_test(test_in_force_key),
        cmocka_unit_test(test_attestation_keys),
        cmocka_unit_test(test_rule_positions),
        cmocka_unit_test(test_header_rules),
        cmocka_unit_test(test_all_problems_reported),
        cmocka_unit_test(test_regex_offset_in_quoted_pattern),
        cmocka_unit_test(test_warnings),
        cmocka_unit_test(test_unreadable_and_not_yaml),
        cmocka_unit_test(test_alias_bomb_rejected_fast),
        cmocka_unit_test(test_merge_key_bomb_bounded),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_large_spec_stays_linear),
        cmocka_unit_test(test_tree_positions),
        cmocka_unit_test(test_reader_error_positions),
        cmocka_unit_test(test_escaped_nul),
        cmocka_unit_test(test_lint_twice_no_leak_of_state),
        cmocka_unit_test(test_baseline_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
