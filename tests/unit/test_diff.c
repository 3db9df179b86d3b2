/*
 * test_diff.c — classification of specification and agreement edits, and
 * the three renderers. Specs and agreements are built as C values here so
 * each case changes exactly one thing; tests/e2e/diff.sh runs the same kind
 * of cases from YAML pairs through the CLI.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "diff/diff.h"
#include "spec/kind.h"

/* ---- building specs ------------------------------------------------------------ */

static const char **strs(sa_arena *a, size_t n, ...)
{
    const char **v = sa_arena_calloc(a, n ? n : 1, sizeof *v);
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        v[i] = va_arg(ap, const char *);
    va_end(ap);
    return v;
}

static sa_target target(const char *text)
{
    sa_target t;
    assert_true(sa_target_parse(text, &t, NULL, NULL));
    return t;
}

static sa_pos at_line(const char *file, uint32_t line)
{
    return (sa_pos){file, line, 3};
}

static void init_check(sa_check *c, sa_check_kind kind, const char *file, uint32_t line)
{
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->pos = at_line(file, line);
    c->target_pos = at_line(file, line + 1);
    c->dataset_name = "referrals";
    c->per = SA_PER_MONTH;
    c->min_denominator = 1;
    sa_check_def_of(kind)->init(c);
}

/*
 * A small specification: one dataset and one requirement of each kind.
 * `file` names the document in positions (so old and new positions differ).
 */
static sa_spec *make_spec(const char *file)
{
    sa_arena *a = sa_arena_new();
    sa_spec *s = sa_arena_alloc(a, sizeof *s);
    s->arena = a;
    s->path = file;
    s->format_version = 1;
    s->id = "test-spc";
    s->version = "2007.1";
    s->title = "Test specification";
    s->commissioner_name = "Example PCT";
    s->commissioner_code = "5XX";
    assert_true(sa_date_from_ymd(2007, 4, 1, &s->period_from));
    assert_true(sa_date_from_ymd(2008, 3, 31, &s->period_to));
    s->reporting_due_days = 15;
    s->reporting_every = SA_PER_MONTH;
    s->pos = at_line(file, 1);

    s->nroles = 2;
    s->roles = sa_arena_calloc(a, 3, sizeof *s->roles);
    s->roles[0] = (sa_role){.name = "palliative_consultant", .pattern = "(?i)consultant.*palliat", .pos = at_line(file, 10)};
    s->roles[1] = (sa_role){.name = "cns", .pattern = "(?i)nurse specialist", .pos = at_line(file, 11)};

    s->ndatasets = 1;
    s->datasets = sa_arena_calloc(a, 2, sizeof *s->datasets);
    sa_dataset *ds = &s->datasets[0];
    ds->name = "referrals";
    ds->pos = at_line(file, 20);
    ds->provider_column = 0;
    ds->ncolumns = 4;
    ds->columns = sa_arena_calloc(a, 6, sizeof *ds->columns);
    ds->columns[0] = (sa_column){.name = "provider", .type = SA_COL_ODS_CODE, .required = true,
                                 .pos = at_line(file, 22)};
    ds->columns[1] = (sa_column){.name = "referral_id", .type = SA_COL_STRING, .required = true,
                                 .unique = true, .pos = at_line(file, 23)};
    ds->columns[2] = (sa_column){.name = "urgency", .type = SA_COL_ENUM,
                                 .values = strs(a, 2, "urgent", "routine"), .nvalues = 2,
                                 .pos = at_line(file, 24)};
    ds->columns[3] = (sa_column){.name = "received_at", .type = SA_COL_DATETIME, .required = true,
                                 .pos = at_line(file, 25)};

    s->nrequirements = 7;
    s->requirements = sa_arena_calloc(a, 10, sizeof *s->requirements);
    sa_requirement *r = s->requirements;

    r[0].id = "KPI-1";
    r[0].title = "Urgent referrals contacted within 1 working day";
    r[0].severity = SA_SEVERITY_MAJOR;
    r[0].pos = at_line(file, 40);
    init_check(&r[0].check, SA_CHECK_PROPORTION, file, 42);
    r[0].check.target = target(">= 85%");
    r[0].check.where.text = "urgency == \"urgent\"";
    r[0].check.proportion.meets.text = "working_days_between(received_at, first_contact_at) <= 1";
    r[0].check.min_denominator = 5;

    r[1].id = "COV-1";
    r[1].title = "Specialist assessment 7 days a week";
    r[1].severity = SA_SEVERITY_MAJOR;
    r[1].pos = at_line(file, 50);
    init_check(&r[1].check, SA_CHECK_COVERAGE, file, 52);
    r[1].check.target = target(">= 100%");
    r[1].check.coverage.nwindows = 1;
    r[1].check.coverage.windows = sa_arena_calloc(a, 3, sizeof(sa_window));
    r[1].check.coverage.windows[0] = (sa_window){.days = SA_DAYS_ALL, .start_minute = 9 * 60, .end_minute = 17 * 60, .bank_holidays = true, .pos = at_line(file, 55)};

    r[2].id = "MDT-1";
    r[2].title = "Weekly MDT with core membership";
    r[2].severity = SA_SEVERITY_MAJOR;
    r[2].pos = at_line(file, 60);
    init_check(&r[2].check, SA_CHECK_MDT, file, 62);
    r[2].check.target = target(">= 90%");
    r[2].check.mdt.every = SA_PER_WEEK;
    r[2].check.mdt.core = strs(a, 2, "palliative_consultant", "cns");
    r[2].check.mdt.ncore = 2;

    r[3].id = "RT-1";
    r[3].title = "Intensive home support within 4 hours";
    r[3].severity = SA_SEVERITY_MINOR;
    r[3].pos = at_line(file, 70);
    init_check(&r[3].check, SA_CHECK_RESPONSE_TIME, file, 72);
    r[3].check.target = target(">= 90%");
    r[3].check.response_time.limit_seconds = 4 * 3600;

    r[4].id = "DL-1";
    r[4].title = "Level 3 bereavement support";
    r[4].severity = SA_SEVERITY_MAJOR;
    r[4].pos = at_line(file, 80);
    init_check(&r[4].check, SA_CHECK_DECLARED_LEVEL, file, 82);
    r[4].check.declared_level.at_least = 3;
    r[4].check.declared_level.model = "nice-2004-bereavement";

    r[5].id = "SUB-1";
    r[5].title = "Monthly returns within 15 days";
    r[5].severity = SA_SEVERITY_MINOR;
    r[5].pos = at_line(file, 90);
    init_check(&r[5].check, SA_CHECK_SUBMISSION, file, 92);
    r[5].check.dataset_name = NULL;
    r[5].check.submission.every = SA_PER_MONTH;
    r[5].check.submission.due_days = 15;

    r[6].id = "DA-1";
    r[6].title = "In-patient admissions 7 days a week";
    r[6].severity = SA_SEVERITY_CRITICAL;
    r[6].pos = at_line(file, 100);
    init_check(&r[6].check, SA_CHECK_DAILY_ACTIVITY, file, 102);
    r[6].check.target = target(">= 90%");
    r[6].check.daily_activity.days = SA_DAYS_ALL;
    return s;
}

static void free_spec(sa_spec *s)
{
    if (s)
        sa_arena_free(s->arena);
}

static sa_requirement *req(sa_spec *s, const char *id)
{
    for (size_t i = 0; i < s->nrequirements; i++)
        if (strcmp(s->requirements[i].id, id) == 0)
            return &s->requirements[i];
    fail_msg("no requirement %s", id);
    return NULL;
}

/* ---- expectations ----------------------------------------------------------------- */

typedef struct expected {
    sa_change_class cls;
    const char *subject;
    const char *what_contains; /* NULL: not checked */
} expected;

static void dump(const sa_diff *d)
{
    for (size_t i = 0; i < sa_diff_count(d); i++) {
        const sa_change *c = sa_diff_at(d, i);
        print_message("  [%zu] %s | %s | %s\n", i, sa_change_class_name(c->cls), c->subject, c->what);
    }
}

/* Asserts the diff holds exactly these changes, in this order. */
static void expect_changes(const sa_diff *d, const expected *exp, size_t n)
{
    if (sa_diff_count(d) != n)
        dump(d);
    assert_int_equal(sa_diff_count(d), n);
    for (size_t i = 0; i < n; i++) {
        const sa_change *c = sa_diff_at(d, i);
        if (c->cls != exp[i].cls || strcmp(c->subject, exp[i].subject) != 0 ||
            (exp[i].what_contains && !strstr(c->what, exp[i].what_contains)))
            dump(d);
        assert_string_equal(sa_change_class_name(c->cls), sa_change_class_name(exp[i].cls));
        assert_string_equal(c->subject, exp[i].subject);
        if (exp[i].what_contains)
            assert_non_null(strstr(c->what, exp[i].what_contains));
    }
}

#define EXPECT(d, ...)                                                                  \
    do {                                                                                \
        const expected exp_[] = {__VA_ARGS__};                                          \
        expect_changes((d), exp_, sizeof exp_ / sizeof exp_[0]);                        \
    } while (0)

/* Most cases bump the version so the "not bumped" warning stays out of the way. */
static sa_spec *bumped(void)
{
    sa_spec *s = make_spec("new.yaml");
    s->version = "2007.2";
    return s;
}

#define VERSION_CHANGE {SA_CHANGE_CHANGED, "specification", "version 2007.1 -> 2007.2"}

/* ---- specification cases ------------------------------------------------------------ */

static void test_identical_specs_have_no_changes(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = make_spec("new.yaml");
    sa_diff *d = sa_diff_specs(a, b);
    assert_int_equal(sa_diff_count(d), 0);
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_target_raised_is_tightened(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    req(b, "KPI-1")->check.target = target(">= 90%");
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_TIGHTENED, "requirement KPI-1", "target >= 85% -> >= 90%"});
    /* the change points at the target in both files */
    const sa_change *c = sa_diff_at(d, 1);
    assert_string_equal(c->old_pos.file, "old.yaml");
    assert_int_equal(c->old_pos.line, 43);
    assert_string_equal(c->new_pos.file, "new.yaml");
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_target_lowered_is_loosened(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    req(b, "KPI-1")->check.target = target(">= 80%");
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_LOOSENED, "requirement KPI-1", "target >= 85% -> >= 80%"});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_duration_target_shorter_is_tightened(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    req(a, "RT-1")->check.target = target("<= 4h");
    req(b, "RT-1")->check.target = target("<= 2h");
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_TIGHTENED, "requirement RT-1", "<= 4h -> <= 2h"});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static sa_baseline baseline(int from_year, sa_cmp op, double change, const char *text)
{
    sa_baseline b = {.set = true, .op = op, .change = change, .change_text = text};
    sa_date_from_ymd(from_year, 4, 1, &b.from);
    sa_date_from_ymd(from_year + 1, 3, 31, &b.to);
    return b;
}

static void test_baseline_change_and_range(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    req(a, "KPI-1")->check.baseline = baseline(2005, SA_CMP_LE, -10, "<= -10%");
    req(b, "KPI-1")->check.baseline = baseline(2006, SA_CMP_LE, -15, "<= -15%");
    req(a, "RT-1")->check.baseline = baseline(2005, SA_CMP_GE, 10, ">= 10%");
    req(b, "RT-1")->check.baseline = baseline(2005, SA_CMP_GE, 5, ">= 5%");
    req(b, "DA-1")->check.baseline = baseline(2005, SA_CMP_LE, -5, "<= -5%");
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE,
           {SA_CHANGE_CHANGED, "requirement KPI-1", "baseline 2005-04-01..2006-03-31 -> 2006-04-01..2007-03-31"},
           {SA_CHANGE_TIGHTENED, "requirement KPI-1", "change <= -10% -> <= -15%"},
           {SA_CHANGE_LOOSENED, "requirement RT-1", "change >= 10% -> >= 5%"},
           {SA_CHANGE_CHANGED, "requirement DA-1", "baseline added: 2005-04-01..2006-03-31, change <= -5%"});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_target_direction_change_is_changed(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    req(b, "KPI-1")->check.target = target("<= 10%");
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_CHANGED, "requirement KPI-1", ">= 85% -> <= 10%"});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_same_target_written_differently_is_no_change(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = make_spec("new.yaml");
    req(b, "KPI-1")->check.target = target("85%"); /* means >= 85% */
    req(b, "KPI-1")->check.target_text = "85%";
    sa_diff *d = sa_diff_specs(a, b);
    assert_int_equal(sa_diff_count(d), 0);
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_window_widened_is_tightened(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    req(b, "COV-1")->check.coverage.windows[0].start_minute = 8 * 60;
    req(b, "COV-1")->check.coverage.windows[0].end_minute = 20 * 60;
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_TIGHTENED, "requirement COV-1", "09:00-17:00 -> "});
    assert_non_null(strstr(sa_diff_at(d, 1)->what, "08:00-20:00"));
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_window_fewer_days_is_loosened(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    req(b, "COV-1")->check.coverage.windows[0].days = SA_DAYS_ALL & ~(SA_DAY_SAT | SA_DAY_SUN);
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_LOOSENED, "requirement COV-1", "window narrowed"});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_window_moved_is_changed(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    req(b, "COV-1")->check.coverage.windows[0].start_minute = 10 * 60;
    req(b, "COV-1")->check.coverage.windows[0].end_minute = 18 * 60;
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_CHANGED, "requirement COV-1", "window moved"});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_window_without_bank_holidays_is_loosened(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    req(b, "COV-1")->check.coverage.windows[0].bank_holidays = false;
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_LOOSENED, "requirement COV-1", "not on bank holidays"});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_overnight_window_shortened_is_loosened(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    sa_window *wa = &req(a, "COV-1")->check.coverage.windows[0];
    sa_window *wb = &req(b, "COV-1")->check.coverage.windows[0];
    wa->start_minute = 20 * 60; /* 20:00 to 08:00 next morning */
    wa->end_minute = 8 * 60;
    wb->start_minute = 22 * 60;
    wb->end_minute = 6 * 60;
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_LOOSENED, "requirement COV-1", "20:00-08:00"});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_two_windows_replacing_one_24h_window(void **state)
{
    (void)state;
    /* 00:00-24:00 written as two windows requires the same minutes */
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    sa_window *wa = &req(a, "COV-1")->check.coverage.windows[0];
    wa->start_minute = 0;
    wa->end_minute = 1440;
    sa_check *cb = &req(b, "COV-1")->check;
    cb->coverage.nwindows = 2;
    cb->coverage.windows[0] = (sa_window){.days = SA_DAYS_ALL, .start_minute = 0, .end_minute = 12 * 60, .bank_holidays = true, .pos = at_line("new.yaml", 55)};
    cb->coverage.windows[1] = (sa_window){.days = SA_DAYS_ALL, .start_minute = 12 * 60, .end_minute = 1440, .bank_holidays = true, .pos = at_line("new.yaml", 56)};
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_CHANGED, "requirement COV-1", "same hours required"});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_severity_raised_and_lowered(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    req(b, "KPI-1")->severity = SA_SEVERITY_CRITICAL;
    req(b, "DA-1")->severity = SA_SEVERITY_MINOR;
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_TIGHTENED, "requirement KPI-1", "(raised)"},
           {SA_CHANGE_LOOSENED, "requirement DA-1", "(lowered)"});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_scope_to_system_is_loosened(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    req(b, "COV-1")->scope = SA_SCOPE_SYSTEM;
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_LOOSENED, "requirement COV-1", "scope provider -> system"});
    sa_diff_free(d);
    /* and back */
    d = sa_diff_specs(b, a);
    EXPECT(d, {SA_CHANGE_CHANGED, "specification", "version 2007.2 -> 2007.1"},
           {SA_CHANGE_TIGHTENED, "requirement COV-1", "scope system -> provider"});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_in_force_moved(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    sa_date apr, oct;
    assert_true(sa_date_from_ymd(2007, 4, 1, &apr));
    assert_true(sa_date_from_ymd(2007, 10, 1, &oct));
    for (size_t i = 0; i < a->nrequirements; i++) {
        a->requirements[i].in_force_from = a->requirements[i].in_force_until = SA_DATE_NONE;
        b->requirements[i].in_force_from = b->requirements[i].in_force_until = SA_DATE_NONE;
    }
    req(b, "KPI-1")->in_force_from = oct; /* starts later: fewer days assessed */
    req(b, "DA-1")->in_force_until = oct; /* ends earlier */
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE,
           {SA_CHANGE_LOOSENED, "requirement KPI-1", "in force from the period's start -> 2007-10-01 (starts later)"},
           {SA_CHANGE_LOOSENED, "requirement DA-1", "in force until the period's end -> 2007-10-01 (ends earlier)"});
    sa_diff_free(d);
    req(a, "KPI-1")->in_force_from = oct;
    req(b, "KPI-1")->in_force_from = apr; /* starts earlier */
    req(b, "DA-1")->in_force_until = SA_DATE_NONE;
    d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_TIGHTENED, "requirement KPI-1", "in force from 2007-10-01 -> 2007-04-01 (starts earlier)"});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_requirement_added_and_removed_in_review_order(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    /* remove MDT-1 (3rd), and add NEW-1 at the end */
    memmove(&b->requirements[2], &b->requirements[3], 4 * sizeof *b->requirements);
    b->nrequirements = 7;
    sa_requirement *n = &b->requirements[6];
    memset(n, 0, sizeof *n);
    n->id = "NEW-1";
    n->title = "Education sessions to the agreed plan";
    n->pos = at_line("new.yaml", 120);
    init_check(&n->check, SA_CHECK_COUNT, "new.yaml", 122);
    n->check.target = target(">= 4");
    sa_diff *d = sa_diff_specs(a, b);
    /* the removed requirement shows where it was: after COV-1, its old predecessor */
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_REMOVED, "requirement MDT-1", "Weekly MDT"},
           {SA_CHANGE_ADDED, "requirement NEW-1", "target >= 4"});
    assert_null(sa_diff_at(d, 1)->new_pos.file);
    assert_int_equal(sa_diff_at(d, 1)->old_pos.line, 60);
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_requirement_renamed_keeps_id(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    req(b, "DL-1")->title = "Level 3 bereavement services (NICE 2004)";
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_CHANGED, "requirement DL-1", "renamed: \"Level 3 bereavement support\""});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_requirement_renumbered_keeps_title(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    req(b, "DL-1")->id = "BER-1";
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_CHANGED, "requirement BER-1", "renumbered: DL-1 -> BER-1"});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_check_kind_change_reports_only_the_kind(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    sa_check *c = &req(b, "KPI-1")->check;
    c->kind = SA_CHECK_COUNT;
    c->target = target(">= 10");
    c->min_denominator = 1;
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_CHANGED, "requirement KPI-1", "(target >= 85% -> >= 10)"});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_min_denominator_and_per(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    req(b, "KPI-1")->check.min_denominator = 10;
    req(b, "KPI-1")->check.per = SA_PER_QUARTER;
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_CHANGED, "requirement KPI-1", "assessed per"},
           {SA_CHANGE_LOOSENED, "requirement KPI-1", "minimum denominator 5 -> 10"});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_assess_changed(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    req(b, "KPI-1")->check.assess = SA_ASSESS_OVERALL;
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_CHANGED, "requirement KPI-1", "assess every_period -> overall"});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_mdt_every_and_core_roles(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    sa_check *c = &req(b, "MDT-1")->check;
    c->mdt.every = SA_PER_FORTNIGHT;
    c->mdt.core = strs(b->arena, 2, "palliative_consultant", "social_worker");
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_TIGHTENED, "requirement MDT-1", "core role social_worker added"},
           {SA_CHANGE_LOOSENED, "requirement MDT-1", "core role cns removed"},
           {SA_CHANGE_LOOSENED, "requirement MDT-1", "(less often)"});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_declared_level_lowered(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    req(b, "DL-1")->check.declared_level.at_least = 2;
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_LOOSENED, "requirement DL-1", "at least 3 -> 2"});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_response_limits(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    req(b, "RT-1")->check.response_time.limit_seconds = 2 * 3600;
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_TIGHTENED, "requirement RT-1", "response limit 4h -> 2h"});
    sa_diff_free(d);

    /* working days: more is looser; working days against hours do not compare */
    req(a, "RT-1")->check.response_time.limit_working_days = 1;
    req(b, "RT-1")->check.response_time.limit_working_days = 2;
    d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_LOOSENED, "requirement RT-1", "1 working day -> 2 working days"});
    sa_diff_free(d);
    req(b, "RT-1")->check.response_time.limit_working_days = -1;
    d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_CHANGED, "requirement RT-1", "do not compare"});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_expressions_compared_as_text(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    req(b, "KPI-1")->check.where.text = "urgency in [\"urgent\", \"same_day\"]";
    req(b, "KPI-1")->check.proportion.exclude.text = "exclusion_reason is not empty";
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE,
           {SA_CHANGE_CHANGED, "requirement KPI-1",
            "where: urgency == \"urgent\" -> urgency in [\"urgent\", \"same_day\"]"},
           {SA_CHANGE_CHANGED, "requirement KPI-1", "exclude added: exclusion_reason is not empty"});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_submission_duty(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    sa_check *c = &req(b, "SUB-1")->check;
    c->submission.due_days = 10;
    c->submission.datasets = strs(b->arena, 1, "referrals"); /* from every dataset to one */
    c->submission.ndatasets = 1;
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_LOOSENED, "requirement SUB-1", "expected returns (all) -> referrals"},
           {SA_CHANGE_TIGHTENED, "requirement SUB-1", "due days 15 -> 10"});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_daily_activity_days(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    req(a, "DA-1")->check.daily_activity.days = SA_DAYS_ALL & ~(SA_DAY_SAT | SA_DAY_SUN);
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE, {SA_CHANGE_TIGHTENED, "requirement DA-1", NULL});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_columns_added_removed_and_changed(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    sa_dataset *ds = &b->datasets[0];
    /* drop received_at, add channel; urgency accepts a new value and becomes required */
    ds->columns[3] = (sa_column){.name = "channel", .type = SA_COL_ENUM,
                                 .values = strs(b->arena, 2, "single_point", "direct"), .nvalues = 2,
                                 .pos = at_line("new.yaml", 26)};
    ds->columns[2].values = strs(b->arena, 3, "urgent", "routine", "same_day");
    ds->columns[2].nvalues = 3;
    ds->columns[2].required = true;
    ds->columns[1].type = SA_COL_INT;
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE,
           {SA_CHANGE_CHANGED, "dataset referrals column referral_id", "type string -> int"},
           {SA_CHANGE_TIGHTENED, "dataset referrals column urgency", "now required"},
           {SA_CHANGE_LOOSENED, "dataset referrals column urgency", "values urgent, routine -> urgent, routine, same_day"},
           {SA_CHANGE_REMOVED, "dataset referrals column received_at", "column removed"},
           {SA_CHANGE_WARNING, "dataset referrals column received_at", "W-RET-UNKNOWN-COLUMN"},
           {SA_CHANGE_ADDED, "dataset referrals column channel", "optional"});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_dataset_added_and_removed(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    b->datasets[0].name = "contacts";
    for (size_t i = 0; i < b->nrequirements; i++)
        if (b->requirements[i].check.dataset_name)
            b->requirements[i].check.dataset_name = "contacts";
    sa_diff *d = sa_diff_specs(a, b);
    size_t removed = sa_diff_count_class(d, SA_CHANGE_REMOVED);
    size_t added = sa_diff_count_class(d, SA_CHANGE_ADDED);
    assert_int_equal(removed, 1);
    assert_int_equal(added, 1);
    /* every requirement that read the dataset now reads another one */
    assert_int_equal(sa_diff_count_class(d, SA_CHANGE_CHANGED), 1 + 6);
    assert_string_equal(sa_diff_at(d, 1)->subject, "dataset referrals");
    assert_string_equal(sa_change_class_name(sa_diff_at(d, 1)->cls), "removed");
    assert_string_equal(sa_diff_at(d, 2)->subject, "dataset contacts");
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_version_not_bumped_is_a_warning_first(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = make_spec("new.yaml");
    req(b, "KPI-1")->check.target = target(">= 90%");
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, {SA_CHANGE_WARNING, "version", "still \"2007.1\""},
           {SA_CHANGE_TIGHTENED, "requirement KPI-1", NULL});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_header_changes(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    assert_true(sa_date_from_ymd(2008, 4, 1, &b->period_from));
    assert_true(sa_date_from_ymd(2009, 3, 31, &b->period_to));
    b->reporting_due_days = 20;
    b->roles[1].pattern = "(?i)(clinical nurse specialist|CNS)";
    b->nroles = 3;
    b->roles[2] = (sa_role){.name = "social_worker", .pattern = "(?i)social worker", .pos = at_line("new.yaml", 12)};
    sa_diff *d = sa_diff_specs(a, b);
    EXPECT(d, VERSION_CHANGE,
           {SA_CHANGE_CHANGED, "specification", "period 2007-04-01..2008-03-31 -> 2008-04-01..2009-03-31"},
           {SA_CHANGE_LOOSENED, "reporting", "due days 15 -> 20"},
           {SA_CHANGE_CHANGED, "role cns", "job-title pattern"},
           {SA_CHANGE_ADDED, "role social_worker", NULL});
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_spec_added_or_removed_as_a_whole(void **state)
{
    (void)state;
    sa_spec *b = make_spec("new.yaml");
    sa_diff *d = sa_diff_specs(NULL, b);
    /* the spec, 2 roles, 1 dataset, 7 requirements */
    assert_int_equal(sa_diff_count(d), 1 + 2 + 1 + 7);
    assert_int_equal(sa_diff_count_class(d, SA_CHANGE_ADDED), sa_diff_count(d));
    sa_diff_free(d);
    d = sa_diff_specs(b, NULL);
    assert_int_equal(sa_diff_count_class(d, SA_CHANGE_REMOVED), sa_diff_count(d));
    /* no pointers into the spec: the diff outlives it */
    free_spec(b);
    assert_string_equal(sa_diff_at(d, 0)->old_pos.file, "new.yaml");
    sa_diff_free(d);
}

/* ---- agreements ------------------------------------------------------------------------- */

static sa_agreement *make_agreement(const char *file)
{
    sa_arena *a = sa_arena_new();
    sa_agreement *g = sa_arena_alloc(a, sizeof *g);
    g->arena = a;
    g->path = file;
    g->id = "HOA-8HX01-2007";
    g->version = "1";
    g->provider_code = "8HX01";
    g->provider_name = "Example Hospice";
    g->commissioner_code = "5XX";
    g->spec_id = "test-spc";
    g->spec_version = "2007.1";
    assert_true(sa_date_from_ymd(2007, 4, 1, &g->term_from));
    assert_true(sa_date_from_ymd(2008, 3, 31, &g->term_to));
    g->reporting_every = SA_PER_MONTH;
    g->reporting_due_days = 15;
    g->signed_on = SA_DATE_NONE;
    g->pos = at_line(file, 2);
    g->nexclusions = 1;
    g->exclusions = sa_arena_calloc(a, 3, sizeof *g->exclusions);
    g->exclusions[0] = (sa_exclusion){.requirement = "DA-1", .reason = "No acute beds", .pos = at_line(file, 8)};
    g->nvariations = 1;
    g->variations = sa_arena_calloc(a, 3, sizeof *g->variations);
    g->variations[0] = (sa_variation){.requirement = "KPI-1", .target_text = ">= 80%", .target = target(">= 80%"),
                                      .reason = "Year-one trajectory", .pos = at_line(file, 9)};
    g->nwaivers = 1;
    g->waivers = sa_arena_calloc(a, 3, sizeof *g->waivers);
    g->waivers[0] = (sa_waiver){.requirement = "MDT-1", .from = SA_DATE_NONE,
                                .approved_by = "Director of Commissioning",
                                .reason = "Second consultant being recruited", .pos = at_line(file, 10)};
    assert_true(sa_date_from_ymd(2007, 9, 30, &g->waivers[0].until));
    return g;
}

static void free_agreement(sa_agreement *g)
{
    sa_arena_free(g->arena);
}

static void test_agreement_exclusions_and_waivers(void **state)
{
    (void)state;
    sa_agreement *a = make_agreement("old.xml"), *b = make_agreement("new.xml");
    b->version = "2";
    /* exclusion of DA-1 dropped, COV-1 excluded; waiver extended; variation tightened */
    b->exclusions[0] = (sa_exclusion){.requirement = "COV-1", .reason = "No community team", .pos = at_line("new.xml", 8)};
    assert_true(sa_date_from_ymd(2007, 12, 31, &b->waivers[0].until));
    b->variations[0].target = target(">= 85%");
    b->reporting_due_days = 10;
    sa_diff *d = sa_diff_agreements(a, b);
    EXPECT(d, {SA_CHANGE_CHANGED, "agreement", "version 1 -> 2"},
           {SA_CHANGE_TIGHTENED, "requirement DA-1", "exclusion removed"},
           {SA_CHANGE_LOOSENED, "requirement COV-1", "excluded for this provider (No community team)"},
           {SA_CHANGE_TIGHTENED, "requirement KPI-1", "varied target >= 80% -> >= 85%"},
           {SA_CHANGE_LOOSENED, "requirement MDT-1", "waiver extended: until 2007-09-30 -> until 2007-12-31"},
           {SA_CHANGE_TIGHTENED, "reporting", "due days 15 -> 10"});
    sa_diff_free(d);
    free_agreement(a);
    free_agreement(b);
}

static void test_agreement_activity_plans(void **state)
{
    (void)state;
    sa_agreement *a = make_agreement("old.xml"), *b = make_agreement("new.xml");
    b->version = "2";
    a->activities = sa_arena_calloc(a->arena, 2, sizeof *a->activities);
    a->nactivities = 2;
    a->activities[0] = (sa_activity_plan){.requirement = "IPU-1", .planned = 650, .per = SA_PER_YEAR, .tolerance = 10,
                                          .pos = at_line("old.xml", 11)};
    a->activities[1] = (sa_activity_plan){.requirement = "EDU-1", .planned = 6, .per = SA_PER_QUARTER,
                                          .tolerance = 0, .pos = at_line("old.xml", 12)};
    b->activities = sa_arena_calloc(b->arena, 2, sizeof *b->activities);
    b->nactivities = 2;
    b->activities[0] = (sa_activity_plan){.requirement = "IPU-1", .planned = 700, .per = SA_PER_YEAR, .tolerance = 7.5,
                                          .pos = at_line("new.xml", 11)};
    b->activities[1] = (sa_activity_plan){.requirement = "DAY-1", .planned = 40, .per = SA_PER_MONTH,
                                          .tolerance = 20, .pos = at_line("new.xml", 12)};
    sa_diff *d = sa_diff_agreements(a, b);
    EXPECT(d, {SA_CHANGE_CHANGED, "agreement", "version 1 -> 2"},
           {SA_CHANGE_CHANGED, "requirement IPU-1",
            "activity plan 650 a year, tolerance 10% -> 700 a year, tolerance 7.5%"},
           {SA_CHANGE_CHANGED, "requirement EDU-1", "activity plan removed (was 6 a quarter, tolerance 0%)"},
           {SA_CHANGE_CHANGED, "requirement DAY-1", "activity plan added: 40 a month, tolerance 20%"});
    sa_diff_free(d);
    free_agreement(a);
    free_agreement(b);
}

static void test_agreement_waiver_added_removed_and_not_bumped(void **state)
{
    (void)state;
    sa_agreement *a = make_agreement("old.xml"), *b = make_agreement("new.xml");
    b->waivers[0].requirement = "RT-1";
    assert_true(sa_date_from_ymd(2007, 6, 30, &b->term_to));
    sa_diff *d = sa_diff_agreements(a, b);
    EXPECT(d, {SA_CHANGE_WARNING, "version", "still \"1\""},
           {SA_CHANGE_CHANGED, "term", "2007-04-01..2008-03-31 -> 2007-04-01..2007-06-30"},
           {SA_CHANGE_TIGHTENED, "requirement MDT-1", "waiver removed"},
           {SA_CHANGE_LOOSENED, "requirement RT-1", "waiver added until 2007-09-30"});
    sa_diff_free(d);
    free_agreement(a);
    free_agreement(b);
}

/* A change of the reporting duty points at the <reporting> element, in
 * each file; without one, at the agreement. */
static void test_agreement_reporting_points_at_its_line(void **state)
{
    (void)state;
    sa_agreement *a = make_agreement("old.xml"), *b = make_agreement("new.xml");
    b->version = "2";
    a->reporting_pos = at_line("old.xml", 12);
    b->reporting_pos = at_line("new.xml", 14);
    b->reporting_due_days = 10;
    b->reporting_every = SA_PER_QUARTER;
    sa_diff *d = sa_diff_agreements(a, b);
    size_t seen = 0;
    for (size_t i = 0; i < sa_diff_count(d); i++) {
        const sa_change *c = sa_diff_at(d, i);
        if (strcmp(c->subject, "reporting") != 0)
            continue;
        seen++;
        assert_int_equal(c->old_pos.line, 12);
        assert_int_equal(c->new_pos.line, 14);
        assert_string_equal(c->new_pos.file, "new.xml");
    }
    assert_int_equal(seen, 2);
    sa_diff_free(d);
    b->reporting_pos = (sa_pos){0};
    d = sa_diff_agreements(a, b);
    for (size_t i = 0; i < sa_diff_count(d); i++)
        if (strcmp(sa_diff_at(d, i)->subject, "reporting") == 0)
            assert_int_equal(sa_diff_at(d, i)->new_pos.line, b->pos.line);
    sa_diff_free(d);
    free_agreement(a);
    free_agreement(b);
}

/* ---- rendering ------------------------------------------------------------------------------ */

static void test_render_text_json_md(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = bumped();
    req(b, "KPI-1")->check.target = target(">= 90%");
    req(b, "KPI-1")->title = "Urgent | same-day <referrals>";
    sa_diff *d = sa_diff_specs(a, b);

    sa_buf out = SA_BUF_INIT;
    assert_int_equal(sa_diff_render(d, "old.yaml", "new.yaml", "text", &out), 0);
    const char *t = sa_buf_cstr(&out);
    assert_non_null(strstr(t, "new.yaml:43:3: tightened: requirement KPI-1: target >= 85% -> >= 90%\n"));
    assert_non_null(strstr(t, "3 changes: 1 tightened, 2 changed"));

    sa_buf_clear(&out);
    assert_int_equal(sa_diff_render(d, "old.yaml", "new.yaml", "json", &out), 0);
    const char *j = sa_buf_cstr(&out);
    assert_non_null(strstr(j, "\"class\": \"tightened\", \"subject\": \"requirement KPI-1\""));
    assert_non_null(strstr(j, "\"new_pos\": {\"file\": \"new.yaml\", \"line\": 43, \"col\": 3}"));
    assert_non_null(strstr(j, "\"summary\": {\"total\": 3, \"tightened\": 1, \"loosened\": 0"));

    sa_buf_clear(&out);
    assert_int_equal(sa_diff_render(d, "old.yaml", "new.yaml", "md", &out), 0);
    const char *m = sa_buf_cstr(&out);
    assert_non_null(strstr(m, "| change | subject | what | line |\n|---|---|---|---|\n"));
    assert_non_null(strstr(m, "| tightened | requirement KPI-1 | target &gt;= 85% -&gt; &gt;= 90% | 43 |"));
    /* a pipe or angle bracket in a title cannot break the table or inject HTML */
    assert_non_null(strstr(m, "Urgent \\| same-day &lt;referrals&gt;"));
    assert_null(strstr(m, "<referrals>"));

    sa_buf_clear(&out);
    assert_int_equal(sa_diff_render(d, "old.yaml", "new.yaml", "xml", &out), -1);
    assert_int_equal(out.len, 0);
    sa_buf_free(&out);
    sa_diff_free(d);
    free_spec(a);
    free_spec(b);
}

static void test_render_many_and_empty(void **state)
{
    (void)state;
    sa_spec *a = make_spec("old.yaml"), *b = make_spec("new.yaml");
    sa_diff *same = sa_diff_specs(a, b);
    sa_diff *added = sa_diff_specs(NULL, b);
    const sa_diff *diffs[2] = {same, added};
    const char *olds[2] = {"HEAD:a.yaml", NULL};
    const char *news[2] = {"a.yaml", "b.yaml"};
    sa_buf out = SA_BUF_INIT;
    assert_int_equal(sa_diff_render_many(diffs, olds, news, 2, "json", &out), 0);
    const char *j = sa_buf_cstr(&out);
    assert_non_null(strstr(j, "\"old\": {\"file\": null, \"id\": null, \"version\": null}"));
    assert_non_null(strstr(j, "\"changes\": [],"));
    sa_buf_clear(&out);
    assert_int_equal(sa_diff_render_many(diffs, olds, news, 2, "text", &out), 0);
    assert_non_null(strstr(sa_buf_cstr(&out), "no changes\n"));
    assert_non_null(strstr(sa_buf_cstr(&out), "2 files: 11 changes: 11 added\n"));
    sa_buf_clear(&out);
    assert_int_equal(sa_diff_render_many(NULL, NULL, NULL, 0, "md", &out), 0);
    assert_non_null(strstr(sa_buf_cstr(&out), "No specification or agreement changed."));
    sa_buf_free(&out);
    sa_diff_free(same);
    sa_diff_free(added);
    free_spec(a);
    free_spec(b);
}

static void test_markdown_stays_within_a_comment(void **state)
{
    (void)state;
    sa_spec *b = make_spec("new.yaml");
    enum { MANY = 3000 };
    sa_requirement *reqs = sa_arena_calloc(b->arena, MANY, sizeof *reqs);
    for (size_t i = 0; i < MANY; i++) {
        reqs[i] = b->requirements[0];
        reqs[i].id = sa_arena_printf(b->arena, "KPI-%zu", i);
        reqs[i].title = sa_arena_printf(b->arena, "%zu: a long title so the table grows quickly, "
                                                  "as a whole new specification would", i);
    }
    b->requirements = reqs;
    b->nrequirements = MANY;
    sa_diff *d = sa_diff_specs(NULL, b);
    size_t total = sa_diff_count(d);
    assert_true(total > MANY);
    sa_buf out = SA_BUF_INIT;
    assert_int_equal(sa_diff_render(d, NULL, "new.yaml", "md", &out), 0);
    assert_true(out.len < 65536);
    size_t rows = 0;
    for (const char *p = sa_buf_cstr(&out); (p = strstr(p, "\n| added | ")) != NULL; p++)
        rows++;
    assert_true(rows > 100);
    char note[96];
    snprintf(note, sizeof note, "%zu more changes not shown", total - rows);
    assert_non_null(strstr(sa_buf_cstr(&out), note));
    sa_buf_free(&out);
    sa_diff_free(d);
    free_spec(b);
}

static void test_change_class_names_round_trip(void **state)
{
    (void)state;
    for (int c = SA_CHANGE_TIGHTENED; c <= SA_CHANGE_WARNING; c++) {
        sa_change_class back;
        assert_true(sa_change_class_parse(sa_change_class_name((sa_change_class)c), &back));
        assert_int_equal(back, c);
    }
    sa_change_class x;
    assert_false(sa_change_class_parse("stricter", &x));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identical_specs_have_no_changes),
        cmocka_unit_test(test_target_raised_is_tightened),
        cmocka_unit_test(test_target_lowered_is_loosened),
        cmocka_unit_test(test_duration_target_shorter_is_tightened),
        cmocka_unit_test(test_target_direction_change_is_changed),
        cmocka_unit_test(test_baseline_change_and_range),
        cmocka_unit_test(test_same_target_written_differently_is_no_change),
        cmocka_unit_test(test_window_widened_is_tightened),
        cmocka_unit_test(test_window_fewer_days_is_loosened),
        cmocka_unit_test(test_window_moved_is_changed),
        cmocka_unit_test(test_window_without_bank_holidays_is_loosened),
        cmocka_unit_test(test_overnight_window_shortened_is_loosened),
        cmocka_unit_test(test_two_windows_replacing_one_24h_window),
        cmocka_unit_test(test_severity_raised_and_lowered),
        cmocka_unit_test(test_scope_to_system_is_loosened),
        cmocka_unit_test(test_in_force_moved),
        cmocka_unit_test(test_requirement_added_and_removed_in_review_order),
        cmocka_unit_test(test_requirement_renamed_keeps_id),
        cmocka_unit_test(test_requirement_renumbered_keeps_title),
        cmocka_unit_test(test_check_kind_change_reports_only_the_kind),
        cmocka_unit_test(test_min_denominator_and_per),
        cmocka_unit_test(test_assess_changed),
        cmocka_unit_test(test_mdt_every_and_core_roles),
        cmocka_unit_test(test_declared_level_lowered),
        cmocka_unit_test(test_response_limits),
        cmocka_unit_test(test_expressions_compared_as_text),
        cmocka_unit_test(test_submission_duty),
        cmocka_unit_test(test_daily_activity_days),
        cmocka_unit_test(test_columns_added_removed_and_changed),
        cmocka_unit_test(test_dataset_added_and_removed),
        cmocka_unit_test(test_version_not_bumped_is_a_warning_first),
        cmocka_unit_test(test_header_changes),
        cmocka_unit_test(test_spec_added_or_removed_as_a_whole),
        cmocka_unit_test(test_agreement_exclusions_and_waivers),
        cmocka_unit_test(test_agreement_activity_plans),
        cmocka_unit_test(test_agreement_waiver_added_removed_and_not_bumped),
        cmocka_unit_test(test_agreement_reporting_points_at_its_line),
        cmocka_unit_test(test_render_text_json_md),
        cmocka_unit_test(test_render_many_and_empty),
        cmocka_unit_test(test_markdown_stays_within_a_comment),
        cmocka_unit_test(test_change_class_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
