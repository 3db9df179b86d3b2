/*
 * report_cases.h — hand-built result sets for the renderer tests. Each case is
 * a realistic outcome of `specaudit check`, written out value by value so the
 * renderers are tested without the engine. Included by test_report*.c only.
 */
#ifndef SA_TEST_REPORT_CASES_H
#define SA_TEST_REPORT_CASES_H

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/datetime.h"
#include "core/result.h"
#include "core/target.h"
#include "spec/kind.h"

static sa_date rc_date(int y, int m, int d)
{
    sa_date out = SA_DATE_NONE;
    if (!sa_date_from_ymd(y, m, d, &out))
        abort();
    return out;
}

static sa_datetime rc_dt(int y, int m, int d, int hh, int mm)
{
    return sa_datetime_make(rc_date(y, m, d), hh * 3600 + mm * 60);
}

static const char *rc_str(sa_result_set *rs, const char *s)
{
    return sa_arena_strdup(rs->arena, s);
}

static sa_target rc_target(const char *text)
{
    sa_target t;
    size_t off = 0;
    const char *expected = NULL;
    memset(&t, 0, sizeof t);
    if (!sa_target_parse(text, &t, &off, &expected))
        abort();
    return t;
}

static sa_result_set *rc_set(const char *id, const char *title, const char *commissioner,
                             const char *code)
{
    sa_result_set *rs = sa_result_set_new();
    rs->tool_version = "0.1.0";
    rs->spec_id = rc_str(rs, id);
    rs->spec_version = "2007.1";
    rs->spec_title = rc_str(rs, title);
    rs->spec_path = sa_arena_printf(rs->arena, "specs/%s.yaml", id);
    rs->commissioner_name = commissioner ? rc_str(rs, commissioner) : NULL;
    rs->commissioner_code = code ? rc_str(rs, code) : NULL;
    rs->period_from = rc_date(2007, 4, 1);
    rs->period_to = rc_date(2008, 3, 31);
    return rs;
}

static void rc_inputs(sa_result_set *rs, size_t n, const char *const *paths,
                      const char *const *datasets, const uint64_t *rows, const uint64_t *bad)
{
    rs->inputs = sa_arena_calloc(rs->arena, n, sizeof *rs->inputs);
    rs->ninputs = n;
    for (size_t i = 0; i < n; i++) {
        rs->inputs[i].path = rc_str(rs, paths[i]);
        rs->inputs[i].dataset = rc_str(rs, datasets[i]);
        rs->inputs[i].rows = rows[i];
        rs->inputs[i].bad_rows = bad[i];
    }
}

static sa_result *rc_add(sa_result_set *rs, const char *req, const char *title,
                         sa_req_severity sev, const char *kind, const char *code,
                         const char *name, sa_verdict v)
{
    sa_result *r = sa_result_set_add(rs);
    r->requirement_id = rc_str(rs, req);
    r->title = rc_str(rs, title);
    r->severity = sev;
    r->scope = code ? SA_SCOPE_PROVIDER : SA_SCOPE_SYSTEM;
    r->check_kind = rc_str(rs, kind);
    sa_check_kind k; /* the engine takes the label from the kind's descriptor */
    r->counts_label = kind && sa_check_kind_parse(kind, &k) ? sa_check_def_of(k)->counts_label : NULL;
    r->provider_code = code ? rc_str(rs, code) : NULL;
    r->provider_name = name ? rc_str(rs, name) : NULL;
    r->verdict = v;
    return r;
}

static void rc_target_set(sa_result_set *rs, sa_result *r, const char *text)
{
    r->target = rc_target(text);
    r->target_text = rc_str(rs, text);
}

static void rc_measure(sa_result *r, double v, const char *unit, int64_t num, int64_t den)
{
    r->has_measured = true;
    r->measured = v;
    r->measured_unit = unit;
    r->numerator = num;
    r->denominator = den;
}

/* Monthly periods from April 2007: `num[i]/den[i]` each; den 0 = not assessable. */
static void rc_months(sa_result_set *rs, sa_result *r, size_t n, const int64_t *num,
                      const int64_t *den, int64_t min_den)
{
    r->periods = sa_arena_calloc(rs->arena, n, sizeof *r->periods);
    r->nperiods = n;
    sa_date start = rc_date(2007, 4, 1);
    for (size_t i = 0; i < n; i++) {
        sa_period_result *p = &r->periods[i];
        p->from = sa_date_add_months(start, (int)i);
        p->to = sa_date_add_months(start, (int)i + 1) - 1;
        p->numerator = num[i];
        p->denominator = den[i];
        if (den[i] < min_den) {
            p->verdict = SA_VERDICT_NOT_ASSESSABLE;
            p->has_measured = den[i] > 0;
            p->measured = den[i] ? 100.0 * (double)num[i] / (double)den[i] : 0;
            p->note = sa_arena_printf(rs->arena, "denominator %lld below the minimum of %lld",
                                      (long long)den[i], (long long)min_den);
            continue;
        }
        p->has_measured = true;
        p->measured = 100.0 * (double)num[i] / (double)den[i];
        p->verdict = sa_target_holds(&r->target, p->measured) ? SA_VERDICT_MET : SA_VERDICT_NOT_MET;
    }
}

static void rc_example(sa_result_set *rs, sa_result *r, size_t cap, const char *file,
                       uint64_t row, const char *msg)
{
    if (!r->examples)
        r->examples = sa_arena_calloc(rs->arena, cap, sizeof *r->examples);
    r->examples[r->nexamples].file = rc_str(rs, file);
    r->examples[r->nexamples].row = row;
    r->examples[r->nexamples].message = rc_str(rs, msg);
    r->nexamples++;
}

static void rc_gap(sa_result_set *rs, sa_result *r, size_t cap, sa_datetime start,
                   sa_datetime end, int64_t minutes)
{
    if (!r->gaps)
        r->gaps = sa_arena_calloc(rs->arena, cap, sizeof *r->gaps);
    r->gaps[r->ngaps].start = start;
    r->gaps[r->ngaps].end = end;
    r->gaps[r->ngaps].minutes = minutes;
    r->ngaps++;
}

static void rc_metric(sa_result_set *rs, sa_result *r, size_t cap, const char *name,
                      const char *label, double value, const char *unit)
{
    if (!r->metrics)
        r->metrics = sa_arena_calloc(rs->arena, cap, sizeof *r->metrics);
    r->metrics[r->nmetrics] = (sa_metric){rc_str(rs, name), rc_str(rs, label), value, unit};
    r->nmetrics++;
}

/* A coverage day series over the whole year from 1 April 2007: every day
 * requires 24 hours (the clock-change days 23 and 25), covered but for the
 * `n` uncovered stretches given as (day offset, seconds). */
static void rc_days(sa_result_set *rs, sa_result *r, const int *day, const int32_t *uncovered, size_t n)
{
    r->days_from = rc_date(2007, 4, 1);
    r->ndays = (size_t)(rc_date(2008, 3, 31) - r->days_from) + 1;
    r->days = sa_arena_calloc(rs->arena, r->ndays, sizeof *r->days);
    for (size_t i = 0; i < r->ndays; i++) {
        sa_date d = r->days_from + (sa_date)i;
        int32_t req = 86400;
        if (d == rc_date(2007, 10, 28))
            req += 3600;
        if (d == rc_date(2008, 3, 30))
            req -= 3600;
        r->days[i].required = req;
        r->days[i].covered = req;
    }
    for (size_t k = 0; k < n; k++)
        r->days[day[k]].covered -= uncovered[k];
}

/* A share's day series: this provider's rota covers the first half of every
 * day; the gap total agrees with the series. */
static void rc_days_half(sa_result_set *rs, sa_result *r)
{
    rc_days(rs, r, NULL, NULL, 0);
    int64_t uncovered = 0;
    for (size_t i = 0; i < r->ndays; i++) {
        r->days[i].covered = r->days[i].required / 2;
        uncovered += r->days[i].required - r->days[i].covered;
    }
    r->gaps_total = r->ndays;
    r->gap_minutes_total = (uncovered + 30) / 60;
}

static void rc_agreement(sa_result_set *rs, const char *id, const char *path, const char *code, const char *name)
{
    sa_agreement_ref ref = {id, "2", path, "4f0c1a6e6c9a3b8e1f2d3c4b5a69788776655443322110ffeeddccbbaa998877", code, name};
    sa_result_set_add_agreement(rs, &ref);
}

/* 1. County SPC, every requirement met by both providers. */
static sa_result_set *case_all_met(void)
{
    sa_result_set *rs = rc_set("county-spc", "Specialist palliative care: commissioning priorities 2007/08",
                               "Example County PCT", "5XX");
    static const char *const paths[] = {"specs/county-spc/returns/advice_rota.csv",
                                        "specs/county-spc/returns/referrals.csv"};
    static const char *const ds[] = {"advice_rota", "referrals"};
    static const uint64_t rows[] = {1460, 412}, bad[] = {0, 0};
    rc_inputs(rs, 2, paths, ds, rows, bad);
    rs->spec_sha256 = "9e5b0c7f1a2d3e4f5061728394a5b6c7d8e9f00112233445566778899aabbccd";
    rs->inputs[0].sha256 = "0d1c2b3a495867768594a3b2c1d0e0f1f2e3d4c5b6a79887766554433221100f";
    rs->inputs[1].sha256 = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
    rs->today = rc_date(2008, 4, 20);

    sa_result *r = rc_add(rs, "SPC-4", "24-hour, 7-day specialist telephone advice",
                          SA_SEVERITY_CRITICAL, "coverage", NULL, NULL, SA_VERDICT_MET);
    r->description = "Specialist palliative care advice for any professional, every hour of every day.";
    r->guidance = "NICE CSG4 recommendation 9";
    rc_days(rs, r, NULL, NULL, 0);
    rc_target_set(rs, r, ">= 100%");
    rc_measure(r, 100.0, "%", 525600, 525600);
    r->summary = "100% of required minutes covered (525600/525600 min), no gaps";

    static const int64_t num1[] = {30, 28, 33}, den1[] = {31, 30, 34};
    static const int64_t num2[] = {18, 20, 19}, den2[] = {19, 21, 20};
    r = rc_add(rs, "KPI-2", "Urgent referrals contacted within 1 working day", SA_SEVERITY_MAJOR,
               "proportion", "8HX01", "St Example's Hospice", SA_VERDICT_MET);
    rc_target_set(rs, r, ">= 90%");
    rc_measure(r, 100.0 * 91 / 95, "%", 91, 95);
    r->guidance = "NICE QS13 statement 4";
    r->summary = "95.79% of urgent referrals (91/95) vs target >= 90%";
    rc_months(rs, r, 3, num1, den1, 5);
    r = rc_add(rs, "KPI-2", "Urgent referrals contacted within 1 working day", SA_SEVERITY_MAJOR,
               "proportion", "RXA", "Example Acute NHS Trust", SA_VERDICT_MET);
    rc_target_set(rs, r, ">= 90%");
    rc_measure(r, 100.0 * 57 / 60, "%", 57, 60);
    r->summary = "95% of urgent referrals (57/60) vs target >= 90%";
    rc_months(rs, r, 3, num2, den2, 5);
    sa_result_set_tally(rs);
    return rs;
}

/* 2. Consortium: rota gaps at the clock change, a partially met KPI, an
 *    MDT short of quorum, slow home support and a late return. */
static sa_result_set *case_mixed_gaps(void)
{
    sa_result_set *rs = rc_set("consortium-consultants",
                               "Consortium palliative medicine consultants", "Example ICB", "QXX");
    static const char *const paths[] = {"returns/advice_rota.csv", "returns/mdt_attendance.csv",
                                        "returns/referrals.csv"};
    static const char *const ds[] = {"advice_rota", "mdt_attendance", "referrals"};
    static const uint64_t rows[] = {730, 96, 208}, bad[] = {0, 2, 1};
    rc_inputs(rs, 3, paths, ds, rows, bad);
    rs->data_errors = 3;
    rs->data_warnings = 1;

    sa_result *r = rc_add(rs, "CON-1", "24/7 consultant advice line for generalists",
                          SA_SEVERITY_CRITICAL, "coverage", "8HX02", "Example Hospice IPU",
                          SA_VERDICT_NOT_MET);
    rc_target_set(rs, r, ">= 100%");
    rc_measure(r, 99.5, "%", 522972, 525600);
    r->summary = "99.5% of required minutes covered; 3 gaps totalling 43h 48m";
    rc_gap(rs, r, 3, rc_dt(2007, 10, 28, 0, 0), rc_dt(2007, 10, 28, 18, 0), 1140);
    rc_gap(rs, r, 3, rc_dt(2007, 12, 25, 8, 0), rc_dt(2007, 12, 26, 8, 0), 1440);
    rc_gap(rs, r, 3, rc_dt(2008, 3, 30, 1, 0), rc_dt(2008, 3, 30, 1, 48), 48);
    r->gaps_total = 3;
    r->gap_minutes_total = 2628;
    rc_metric(rs, r, 1, "days_with_gaps", "Days with a gap", 4, "days");
    /* 28 Oct (day 210): 19 real hours; 25 and 26 Dec (days 268, 269): 16 h and 8 h; 30 Mar (day 364): 48 min. */
    static const int gap_days[] = {210, 268, 269, 364};
    static const int32_t gap_secs[] = {68400, 57600, 28800, 2880};
    rc_days(rs, r, gap_days, gap_secs, 4);

    static const int64_t num[] = {19, 15, 20, 12}, den[] = {20, 19, 21, 16};
    /* A system-wide requirement: the union of the rotas is judged, and comes
     * first; each provider's row after it is only its share. */
    r = rc_add(rs, "CON-2", "24/7 advice across the consortium", SA_SEVERITY_CRITICAL, "coverage", NULL, NULL,
               SA_VERDICT_MET);
    rc_target_set(rs, r, ">= 100%");
    rc_measure(r, 100, "%", 525600, 525600);
    r->summary = "100% of required minutes covered by the providers together";
    rc_days(rs, r, NULL, NULL, 0);
    r = rc_add(rs, "CON-2", "24/7 advice across the consortium", SA_SEVERITY_CRITICAL, "coverage", "8HX02",
               "Example Hospice IPU", SA_VERDICT_NOT_MET);
    r->scope = SA_SCOPE_SYSTEM;
    r->share_counted = true;
    rc_target_set(rs, r, ">= 100%");
    rc_measure(r, 50, "%", 262800, 525600);
    r->summary = "Share of the system-wide verdict: 50% of required minutes covered by this provider's rota.";
    rc_days_half(rs, r);
    r = rc_add(rs, "CON-2", "24/7 advice across the consortium", SA_SEVERITY_CRITICAL, "coverage", "RXA",
               "Example Acute NHS Trust", SA_VERDICT_NOT_MET);
    r->scope = SA_SCOPE_SYSTEM;
    r->share_counted = true;
    rc_target_set(rs, r, ">= 100%");
    rc_measure(r, 50, "%", 262800, 525600);
    r->summary = "Share of the system-wide verdict: 50% of required minutes covered by this provider's rota.";
    rc_days_half(rs, r);

    r = rc_add(rs, "CON-3", "Urgent referrals seen within 2 working days", SA_SEVERITY_MAJOR,
               "proportion", "8HX02", "Example Hospice IPU", SA_VERDICT_PARTIALLY_MET);
    rc_target_set(rs, r, ">= 90%");
    rc_measure(r, 100.0 * 66 / 76, "%", 66, 76);
    r->unknown = 2;
    r->summary = "2 of 4 months met; 86.84% overall (66/76) vs target >= 90%";
    rc_months(rs, r, 4, num, den, 5);
    rc_example(rs, r, 2, "returns/referrals.csv", 41, "referral R-0040: first contact after 3 working days");
    rc_example(rs, r, 2, "returns/referrals.csv", 77, "referral R-0076: first contact after 4 working days");
    r->examples_total = 10;

    r = rc_add(rs, "CON-5", "Weekly MDT with consultant, CNS and social worker",
               SA_SEVERITY_MAJOR, "mdt", "RXA", "Example Acute NHS Trust", SA_VERDICT_NOT_MET);
    rc_target_set(rs, r, ">= 90%");
    rc_measure(r, 75, "%", 39, 52);
    r->summary = "39 of 52 weeks (75%) with a quorate MDT vs target >= 90%";
    rc_example(rs, r, 3, "returns/mdt_attendance.csv", 12, "meeting M-2007-19 on 2007-05-10: no social worker");
    rc_example(rs, r, 3, "returns/mdt_attendance.csv", 30, "weeks 2007-08-06 and 2007-08-13: no meeting held");
    rc_example(rs, r, 3, "returns/mdt_attendance.csv", 55, "unmatched job title 'Locum SpR'");
    r->examples_total = 13;
    rc_metric(rs, r, 2, "quorate_weeks", "Weeks with a quorate MDT", 39, "weeks");
    rc_metric(rs, r, 2, "weeks_without_meeting", "Weeks with no meeting", 4, "weeks");

    r = rc_add(rs, "CON-6", "Intensive home support in place within 4 hours", SA_SEVERITY_MINOR,
               "response_time", "RXA", "Example Acute NHS Trust", SA_VERDICT_MET);
    rc_target_set(rs, r, ">= 80%");
    rc_measure(r, 85.714286, "%", 24, 28);
    r->summary = "85.71% of cases (24/28) within 4h vs target >= 80%";
    rc_metric(rs, r, 2, "median_seconds", "Median time to support", 9000, "seconds");
    rc_metric(rs, r, 2, "p90_seconds", "90th percentile", 17100, "seconds");

    r = rc_add(rs, "RET-1", "Monthly returns within 15 days of month end", SA_SEVERITY_MINOR,
               "submission", "RXA", "Example Acute NHS Trust", SA_VERDICT_NOT_MET);
    rc_target_set(rs, r, ">= 100%");
    rc_measure(r, 91.666667, "%", 11, 12);
    r->summary = "11 of 12 returns on time; referrals for 2007-11 received 2007-12-21 (6 days late)";
    rc_example(rs, r, 1, "returns/referrals.csv", 0, "referrals 2007-11: due 2007-12-15, received 2007-12-21");
    r->examples_total = 1;
    sa_result_set_tally(rs);
    return rs;
}

/* 3. Preferences pilot: a waived, an excluded and a varied requirement. */
static sa_result_set *case_waived_excluded(void)
{
    sa_result_set *rs = rc_set("preferences-pilot", "End-of-life preferences pilot",
                               "Example PCT", "5XY");
    static const char *const paths[] = {"specs/preferences-pilot/returns/deaths.csv"};
    static const char *const ds[] = {"deaths"};
    static const uint64_t rows[] = {143}, bad[] = {0};
    rc_inputs(rs, 1, paths, ds, rows, bad);
    rc_agreement(rs, "HOA-8HX03-2007", "specs/preferences-pilot/8HX03-example-hospice.xml", "8HX03", "Example Hospice");

    sa_result *r = rc_add(rs, "PPD-1", "Preferred place of death recorded", SA_SEVERITY_MAJOR,
                          "proportion", "8HX03", "Example Hospice", SA_VERDICT_MET);
    rc_target_set(rs, r, ">= 70%");
    r->original_target = ">= 80%";
    r->variation_reason = "Year-one trajectory agreed at the March contract review";
    rc_measure(r, 74.125874, "%", 106, 143);
    r->excluded_rows = 6;
    r->summary = "74.13% of deaths (106/143) with a recorded preference vs varied target >= 70%";

    r = rc_add(rs, "PPD-2", "Preferred place of death achieved", SA_SEVERITY_MINOR,
               "proportion", "8HX03", "Example Hospice", SA_VERDICT_WAIVED);
    rc_target_set(rs, r, ">= 60%");
    rc_measure(r, 52.830189, "%", 56, 106);
    r->summary = "52.83% of recorded preferences achieved (56/106) vs target >= 60%";
    r->reason = "Community bed closures during the pilot; recovery plan in place";
    r->waiver_approved_by = "Director of Commissioning";
    r->waiver_until = rc_date(2008, 3, 31);

    r = rc_add(rs, "PPD-3", "Bereavement support at level 3", SA_SEVERITY_MINOR,
               "declared_level", "8HX03", "Example Hospice", SA_VERDICT_EXCLUDED);
    rc_target_set(rs, r, ">= 3");
    r->reason = "Bereavement service commissioned separately from the county service";

    /* A waiver that ended before the year: it changed nothing, and says so. */
    r = rc_add(rs, "PPD-4", "Preferences shared with out-of-hours services", SA_SEVERITY_MINOR, "proportion",
               "8HX03", "Example Hospice", SA_VERDICT_NOT_MET);
    rc_target_set(rs, r, ">= 75%");
    rc_measure(r, 61.538462, "%", 64, 104);
    r->summary = "61.54% of recorded preferences shared (64/104) vs target >= 75%";
    r->waiver_note = "waiver expired 2007-03-31, not applied";
    sa_result_set_tally(rs);
    return rs;
}

/* 4. Alliance: no returns from one provider, too few cases, no declaration,
 *    and a check that could not run. */
static sa_result_set *case_not_assessable(void)
{
    sa_result_set *rs = rc_set("alliance-system", "ICS end-of-life care alliance", "Example ICB", "QXX");
    static const char *const paths[] = {"returns/referrals_rxa.csv"};
    static const char *const ds[] = {"referrals"};
    static const uint64_t rows[] = {3}, bad[] = {0};
    rc_inputs(rs, 1, paths, ds, rows, bad);

    static const int64_t num[] = {2, 1}, den[] = {3, 1};
    sa_result *r = rc_add(rs, "ALL-2", "Urgent referrals contacted within 1 working day",
                          SA_SEVERITY_MAJOR, "proportion", "8HX04", "Example Hospice North",
                          SA_VERDICT_NOT_ASSESSABLE);
    rc_target_set(rs, r, ">= 90%");
    r->reason = "no return received from this provider";
    r->summary = "no evidence: no referrals return from 8HX04";
    r = rc_add(rs, "ALL-2", "Urgent referrals contacted within 1 working day", SA_SEVERITY_MAJOR,
               "proportion", "RXA", "Example Acute NHS Trust", SA_VERDICT_NOT_ASSESSABLE);
    rc_target_set(rs, r, ">= 90%");
    rc_measure(r, 75, "%", 3, 4);
    r->reason = "every month below the minimum denominator of 5";
    r->summary = "75% (3/4) but too few urgent referrals to judge";
    rc_months(rs, r, 2, num, den, 5);
    r = rc_add(rs, "ALL-4", "Level 3 bereavement support", SA_SEVERITY_MINOR, "declared_level",
               "RXA", "Example Acute NHS Trust", SA_VERDICT_NOT_ASSESSABLE);
    rc_target_set(rs, r, ">= 3");
    r->reason = "no service declaration for the period";
    r = rc_add(rs, "ALL-7", "24/7 advice across the system", SA_SEVERITY_CRITICAL, "coverage",
               NULL, NULL, SA_VERDICT_ERROR);
    rc_target_set(rs, r, ">= 100%");
    r->reason = "dataset advice_rota has no return: the rota cannot be assessed";
    sa_result_set_tally(rs);
    return rs;
}

/* 5. Hostile provider-supplied text: markup, quotes, formulas, newlines,
 *    terminal escapes and Markdown table breakers. */
static sa_result_set *case_hostile(void)
{
    sa_result_set *rs = rc_set("hostile", "Spec <b>bold</b> & \"quoted\"", "=HYPERLINK(\"http://x\")",
                               "5X<");
    static const char *const paths[] = {"returns/<img src=x onerror=alert(1)>.csv"};
    static const char *const ds[] = {"referrals"};
    static const uint64_t rows[] = {10}, bad[] = {1};
    rc_inputs(rs, 1, paths, ds, rows, bad);
    rc_agreement(rs, "<b>HOA</b>\u202e", "agreements/<img src=x>.xml", "8HX99", "<script>alert('x')</script> Hospice");

    sa_result *r = rc_add(rs, "H-1", "Title with | pipe and *stars* and `ticks`", SA_SEVERITY_MAJOR,
                          "proportion", "8HX99", "<script>alert('x')</script> Hospice",
                          SA_VERDICT_NOT_MET);
    rc_target_set(rs, r, ">= 90%");
    rc_measure(r, 50, "%", 5, 10);
    r->summary = "50% (5/10) </td></tr><tr><td>injected";
    r->description = "<script>alert('d')</script> | col | *em*\nnext line";
    r->guidance = "=HYPERLINK(\"http://x\") & <b>NICE</b>";
    r->waiver_note = "waiver expired <i>2007-03-31</i>, not applied";
    rc_example(rs, r, 2, "returns/<img src=x onerror=alert(1)>.csv", 3,
               "note \"=cmd|' /C calc'!A0\" in row\nsecond line");
    rc_example(rs, r, 2, "returns/x.csv", 4, "\x1b[31mred\x1b[0m terminal escape \xe2\x80\xae" "evil\xc2\x9b");
    r->examples_total = 2;
    r = rc_add(rs, "H-1", "Title with | pipe and *stars* and `ticks`", SA_SEVERITY_MAJOR,
               "proportion", "=1+1", "+SUM(A1:A9)\n@cmd -2", SA_VERDICT_MET);
    rc_target_set(rs, r, ">= 90%");
    rc_measure(r, 100, "%", 4, 4);
    r->summary = "-100% \"quoted\" summary";
    r = rc_add(rs, "H-2", "Line one\nline two", SA_SEVERITY_MINOR, "count", "8HX99",
               "<script>alert('x')</script> Hospice", SA_VERDICT_WAIVED);
    rc_target_set(rs, r, ">= 4");
    rc_measure(r, 2, "sessions", 2, 0);
    r->reason = "<a href=\"javascript:alert(1)\">click</a>";
    r->waiver_approved_by = "O'Brien & \"Partners\"";
    r->waiver_until = rc_date(2008, 1, 31);
    sa_result_set_tally(rs);
    return rs;
}

typedef struct rc_case {
    const char *name;
    sa_result_set *(*build)(void);
} rc_case;

static const rc_case rc_cases[] = {
    {"all_met", case_all_met},
    {"mixed_gaps", case_mixed_gaps},
    {"waived_excluded", case_waived_excluded},
    {"not_assessable", case_not_assessable},
    {"hostile", case_hostile},
};
#define RC_NCASES (sizeof rc_cases / sizeof rc_cases[0])

#endif
