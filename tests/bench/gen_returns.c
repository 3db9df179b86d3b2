/*
 * gen_returns.c — writes realistic activity returns for every dataset of a
 * specification, deterministically from a seed.
 *
 *   gen_returns SPEC OUTDIR [--seed N] [--scenario compliant|gaps|mixed]
 *               [--per-month N | --rows N] [--dataset NAME]...
 *
 * The generator reads the specification: column names and types give each
 * cell a plausible value (valid 999-range NHS numbers, the spec's provider
 * codes, job titles matching its roles, dates inside its period), and the
 * requirements give each dataset its shape:
 *   - coverage  -> a rota: shifts covering each required window every day;
 *   - mdt       -> one meeting per provider per week with core and expected roles;
 *   - declared_level -> two declarations per provider;
 *   - anything else -> events, `--per-month` per provider per month, with the
 *     weekend activity (daily_activity), counts (count), proportions and
 *     response times the checks read steered towards or away from the target.
 * Expressions (`where`, `meets`, `exclude`) are evaluated with the real
 * expression engine on candidate rows, so the steering works for any spec.
 *
 * Scenarios: `compliant` meets every target; `gaps` misses them; `mixed`
 * (default) is compliant except in the 3rd, 7th and 11th month of the period
 * (rota gaps, non-quorate MDTs, late contacts, few sessions), and its last
 * provider declares a level below the one required, sends no returns in the
 * 6th month and misses the whole-period counts.
 *
 * Output: OUTDIR/<dataset>.csv, one file per dataset with every provider.
 * Every file validates clean with `specaudit validate`.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "core/calendar.h"
#include "core/datetime.h"
#include "core/diag.h"
#include "expr/expr.h"
#include "returns/returns.h"
#include "spec/spec.h"

#define MAX_COLS 64
#define MAX_PREDS 32
#define CELL 128
#define TRIES 64

typedef enum scenario { SC_MIXED = 0, SC_COMPLIANT, SC_GAPS } scenario;

typedef struct gen {
    const sa_spec *spec;
    uint64_t rng;
    scenario sc;
    const char **providers;
    size_t nproviders;
    int months;            /* months in the period */
    sa_date month_start[64];
    double per_month;      /* event rows per provider per month */
    FILE *out;
    uint64_t seq;          /* row sequence within the file (ids) */
    uint64_t nhs_seq;
    struct row *rows; /* two scratch rows: candidate and best */
} gen;

/* ---- randomness -------------------------------------------------------------- */

static uint64_t rnd(gen *g)
{
    /* splitmix64: tiny, fast, and identical on every platform */
    uint64_t z = (g->rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double unif(gen *g)
{
    return (double)(rnd(g) >> 11) / 9007199254740992.0;
}

static int irand(gen *g, int lo, int hi) /* inclusive */
{
    if (hi <= lo)
        return lo;
    return lo + (int)(rnd(g) % (uint64_t)(hi - lo + 1));
}

static bool chance(gen *g, double p)
{
    return unif(g) < p;
}

/* ---- period helpers -------------------------------------------------------- */

static int month_index(const gen *g, sa_date d)
{
    for (int m = g->months - 1; m >= 0; m--)
        if (d >= g->month_start[m])
            return m;
    return 0;
}

static sa_date month_end(const gen *g, int m)
{
    sa_date e = m + 1 < g->months ? g->month_start[m + 1] - 1 : g->spec->period_to;
    return e > g->spec->period_to ? g->spec->period_to : e;
}

static bool bad_month(const gen *g, int m)
{
    if (g->sc == SC_COMPLIANT)
        return false;
    if (g->sc == SC_GAPS)
        return true;
    return m % 4 == 2;
}

static bool weak_provider(const gen *g, size_t p)
{
    if (g->sc == SC_COMPLIANT)
        return false;
    if (g->sc == SC_GAPS)
        return true;
    return g->nproviders > 1 && p == g->nproviders - 1;
}

/* First day of the period unit containing d (per: week/fortnight/month/quarter/year/period). */
static sa_date unit_start(const gen *g, sa_per per, sa_date d)
{
    switch (per) {
    case SA_PER_WEEK: return sa_date_week_start(d);
    case SA_PER_FORTNIGHT: {
        sa_date w0 = sa_date_week_start(g->spec->period_from);
        return w0 + ((d - w0) / 14) * 14;
    }
    case SA_PER_MONTH: return sa_date_month_start(d);
    case SA_PER_QUARTER: return sa_date_quarter_start(d);
    case SA_PER_YEAR:
    case SA_PER_PERIOD: return g->spec->period_from;
    }
    return d;
}

/* ---- text of cells ---------------------------------------------------------- */

static void put_cell(FILE *out, const char *s)
{
    if (strpbrk(s, ",\"\r\n")) {
        fputc('"', out);
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                fputc('"', out);
            fputc(*p, out);
        }
        fputc('"', out);
    } else {
        fputs(s, out);
    }
}

static bool uk_format(const sa_column *c)
{
    return c->format && strncmp(c->format, "dd/mm/yyyy", 10) == 0;
}

static void fmt_date(const sa_column *c, sa_date d, char *out)
{
    int y, m, dd;
    sa_date_to_ymd(d, &y, &m, &dd);
    if (uk_format(c))
        snprintf(out, CELL, "%02d/%02d/%04d", dd, m, y);
    else
        snprintf(out, CELL, "%04d-%02d-%02d", y, m, dd);
}

static void fmt_datetime(const sa_column *c, sa_datetime t, char *out)
{
    int y, m, dd;
    sa_date_to_ymd(sa_datetime_date(t), &y, &m, &dd);
    int s = sa_datetime_seconds_of_day(t);
    if (uk_format(c))
        snprintf(out, CELL, "%02d/%02d/%04d %02d:%02d", dd, m, y, s / 3600, s / 60 % 60);
    else
        snprintf(out, CELL, "%04d-%02d-%02dT%02d:%02d", y, m, dd, s / 3600, s / 60 % 60);
}

/* A CHI number: a date of birth from 1920 to 1999 (day 1 to 28, so every month has it), two
 * serial digits, a sex digit and the modulus-11 check digit. */
static void chi_number(gen *g, char *out)
{
    for (;;) {
        char d[11];
        snprintf(d, sizeof d, "%02d%02d%02d%03d", irand(g, 1, 28), irand(g, 1, 12), irand(g, 20, 99),
                 irand(g, 0, 999));
        int sum = 0;
        for (int i = 0; i < 9; i++)
            sum += (d[i] - '0') * (10 - i);
        int check = 11 - sum % 11;
        if (check == 11)
            check = 0;
        if (check == 10)
            continue;
        d[9] = (char)('0' + check);
        d[10] = '\0';
        memcpy(out, d, 11);
        return;
    }
}

static void nhs_number(gen *g, char *out)
{
    for (;;) {
        uint64_t n = (g->nhs_seq++ * 7919 + 13) % 1000000;
        char d[11];
        snprintf(d, sizeof d, "999%06llu", (unsigned long long)n);
        int sum = 0;
        for (int i = 0; i < 9; i++)
            sum += (d[i] - '0') * (10 - i);
        int check = 11 - sum % 11;
        if (check == 11)
            check = 0;
        if (check == 10)
            continue;
        d[9] = (char)('0' + check);
        d[10] = '\0';
        memcpy(out, d, 11);
        return;
    }
}

/* A realistic job title for a canonical role, checked against the spec's pattern. */
static const char *role_title(const gen *g, const char *role)
{
    static const struct {
        const char *role;
        const char *title;
    } titles[] = {
        {"palliative_consultant", "Consultant in Palliative Medicine"},
        {"specialty_doctor", "Specialty Doctor"},
        {"cns", "Clinical Nurse Specialist"},
        {"social_worker", "Social Worker"},
        {"occupational_therapist", "Occupational Therapist"},
        {"physiotherapist", "Physiotherapist"},
        {"chaplain", "Chaplain"},
        {"psychologist", "Clinical Psychologist"},
    };
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
        if (strcmp(titles[i].role, role) == 0) {
            int r = sa_spec_match_role(g->spec, titles[i].title, strlen(titles[i].title), NULL);
            if (r >= 0 && strcmp(g->spec->roles[r].name, role) == 0)
                return titles[i].title;
        }
    }
    return role;
}

static const char *any_title(gen *g)
{
    static const char *titles[] = {"Clinical Nurse Specialist", "Consultant in Palliative Medicine",
                                   "Specialty Doctor", "Staff Nurse", "Clinical Nurse Specialist"};
    return titles[irand(g, 0, 4)];
}

/* ---- predicates the generator steers ----------------------------------------- */

typedef enum pred_kind { PRED_WHERE, PRED_MEETS, PRED_EXCLUDE, PRED_RESPONSE } pred_kind;

typedef struct pred {
    pred_kind kind;
    const sa_check *check;
    sa_expr *expr; /* where/meets/exclude */
    int gate;      /* index of the where predicate that gates this one, -1 */
    double p_good, p_bad;
} pred;

typedef struct dataset_plan {
    const sa_dataset *ds;
    int anchor;     /* column placing a row in time */
    pred preds[MAX_PREDS];
    size_t npreds;
    const sa_check *daily; /* daily_activity check */
    const sa_check *counts[8];
    int count_pred[8]; /* index of the count's where predicate, -1 */
    int max_score;
    size_t ncounts_with_where;
    size_t ncounts;
} dataset_plan;

static double good_share(const sa_target *t)
{
    (void)t;
    return 0.995;
}

static double bad_share(const sa_target *t)
{
    if (t->set && t->unit == SA_UNIT_PERCENT && (t->op == SA_CMP_GE || t->op == SA_CMP_GT))
        return fmax(0.05, t->value / 100.0 - 0.3);
    return 0.5;
}

static void add_pred(dataset_plan *pl, pred_kind kind, const sa_check *c, sa_expr *e, int gate,
                     double pg, double pb)
{
    if (pl->npreds == MAX_PREDS)
        return;
    pl->preds[pl->npreds++] = (pred){kind, c, e, gate, pg, pb};
}

static void plan_dataset(gen *g, const sa_dataset *ds, dataset_plan *pl)
{
    memset(pl, 0, sizeof *pl);
    pl->ds = ds;
    pl->anchor = -1;
    for (size_t r = 0; r < g->spec->nrequirements; r++) {
        const sa_check *c = &g->spec->requirements[r].check;
        if (c->dataset != ds)
            continue;
        int where = -1;
        if (c->kind == SA_CHECK_PROPORTION || c->kind == SA_CHECK_RESPONSE_TIME) {
            if (c->where.compiled) {
                where = (int)pl->npreds;
                add_pred(pl, PRED_WHERE, c, c->where.compiled, -1, 0.7, 0.7);
            }
        }
        if (c->where.compiled && (c->kind == SA_CHECK_COVERAGE || c->kind == SA_CHECK_MDT ||
                                  c->kind == SA_CHECK_DAILY_ACTIVITY || c->kind == SA_CHECK_DECLARED_LEVEL))
            add_pred(pl, PRED_WHERE, c, c->where.compiled, -1, 1.0, 1.0); /* every row should count */
        switch (c->kind) {
        case SA_CHECK_PROPORTION:
            if (c->proportion.meets.compiled)
                add_pred(pl, PRED_MEETS, c, c->proportion.meets.compiled, where, good_share(&c->target),
                         bad_share(&c->target));
            if (c->proportion.exclude.compiled)
                add_pred(pl, PRED_EXCLUDE, c, c->proportion.exclude.compiled, where, 0.03, 0.03);
            if (pl->anchor < 0 && c->proportion.at.index >= 0)
                pl->anchor = c->proportion.at.index;
            break;
        case SA_CHECK_RESPONSE_TIME:
            add_pred(pl, PRED_RESPONSE, c, NULL, where, good_share(&c->target), bad_share(&c->target));
            if (pl->anchor < 0 && c->response_time.from.index >= 0)
                pl->anchor = c->response_time.from.index;
            break;
        case SA_CHECK_DAILY_ACTIVITY:
            pl->daily = c;
            if (c->daily_activity.at.index >= 0)
                pl->anchor = c->daily_activity.at.index;
            break;
        case SA_CHECK_COUNT:
            if (pl->ncounts < 8)
                pl->counts[pl->ncounts++] = c;
            if (pl->anchor < 0 && c->count.at.index >= 0)
                pl->anchor = c->count.at.index;
            break;
        default:
            break;
        }
    }
    if (pl->anchor < 0) {
        for (size_t i = 0; i < ds->ncolumns && pl->anchor < 0; i++)
            if ((ds->columns[i].type == SA_COL_DATETIME || ds->columns[i].type == SA_COL_DATE) &&
                ds->columns[i].required)
                pl->anchor = (int)i;
    }
}

/* ---- one row ------------------------------------------------------------------ */

struct row {
    char text[MAX_COLS][CELL];
    sa_value values[MAX_COLS];
};
typedef struct row row;

static const char *reason_text(gen *g)
{
    static const char *reasons[] = {"Patient asked to defer contact", "Patient admitted to hospital",
                                    "Died before contact", "Declined specialist input"};
    return reasons[irand(g, 0, 3)];
}

static bool name_has(const sa_column *c, const char *part)
{
    return strstr(c->name, part) != NULL;
}

/* Fills one cell with a plausible value of its column; `anchor` places the row in time. */
static void gen_cell(gen *g, const sa_dataset *ds, size_t i, bool is_anchor, sa_datetime anchor,
                     const char *provider, char *out)
{
    const sa_column *c = &ds->columns[i];
    out[0] = '\0';
    if ((int)i == ds->provider_column) {
        snprintf(out, CELL, "%s", provider);
        return;
    }
    bool optional_empty = !c->required && !is_anchor && chance(g, 0.06);
    switch (c->type) {
    case SA_COL_NHS_NUMBER:
        if (!c->required && chance(g, 0.03))
            return;
        nhs_number(g, out);
        return;
    case SA_COL_ODS_CODE:
        snprintf(out, CELL, "%s", provider);
        return;
    case SA_COL_CHI_NUMBER:
        if (!c->required && chance(g, 0.03))
            return;
        chi_number(g, out);
        return;
    case SA_COL_STRING:
        if (c->unique) {
            char prefix[4] = {0};
            for (int k = 0; k < 3 && ds->name[k]; k++)
                prefix[k] = (char)(ds->name[k] >= 'a' && ds->name[k] <= 'z' ? ds->name[k] - 32 : ds->name[k]);
            snprintf(out, CELL, "%s-%07llu", prefix, (unsigned long long)g->seq);
        } else if (name_has(c, "reason")) {
            if (chance(g, 0.07))
                snprintf(out, CELL, "%s", reason_text(g));
        } else if (name_has(c, "role")) {
            snprintf(out, CELL, "%s", any_title(g));
        } else if (optional_empty) {
            return;
        } else if (name_has(c, "topic")) {
            static const char *topics[] = {"Syringe drivers", "Advance care planning",
                                           "Breathlessness", "Last days of life", "Pain in dementia"};
            snprintf(out, CELL, "%s", topics[irand(g, 0, 4)]);
        } else if (name_has(c, "unit")) {
            snprintf(out, CELL, "In-patient unit");
        } else {
            snprintf(out, CELL, "%s %d", c->name, irand(g, 1, 99));
        }
        break;
    case SA_COL_ENUM:
        if (optional_empty || c->nvalues == 0)
            return;
        snprintf(out, CELL, "%s", c->values[irand(g, 0, (int)c->nvalues - 1)]);
        return;
    case SA_COL_INT: {
        if (optional_empty)
            return;
        int lo = c->has_min ? (int)c->min : 0;
        int hi = c->has_max ? (int)c->max : lo + 30;
        if (name_has(c, "attendees"))
            lo = lo < 4 ? 4 : lo;
        if (name_has(c, "admissions"))
            hi = lo + 2 < hi ? lo + 2 : hi;
        snprintf(out, CELL, "%d", irand(g, lo, hi));
        return;
    }
    case SA_COL_DECIMAL:
        if (!optional_empty)
            snprintf(out, CELL, "%d.%d", irand(g, 0, 99), irand(g, 0, 9));
        return;
    case SA_COL_BOOL:
        if (!optional_empty)
            snprintf(out, CELL, "%s", chance(g, 0.8) ? "yes" : "no");
        return;
    case SA_COL_DATE:
        if (is_anchor)
            fmt_date(c, sa_datetime_date(anchor), out);
        else if (!optional_empty)
            fmt_date(c, sa_datetime_date(anchor) - irand(g, 0, 120), out);
        return;
    case SA_COL_DATETIME:
        if (is_anchor) {
            fmt_datetime(c, anchor, out);
        } else if (!optional_empty) {
            /* a later event (contact, answer, care in place): 2 minutes to 8 days, log-uniform */
            double minutes = exp(log(2.0) + unif(g) * (log(8 * 1440.0) - log(2.0)));
            fmt_datetime(c, anchor + (sa_datetime)minutes * 60, out);
        }
        return;
    case SA_COL_DURATION:
        if (!optional_empty)
            snprintf(out, CELL, "%dm", irand(g, 5, 120));
        return;
    }
    if (c->max_length > 0 && (int64_t)strlen(out) > c->max_length)
        out[c->max_length] = '\0';
}

static void decode_row(const sa_dataset *ds, row *r)
{
    for (size_t i = 0; i < ds->ncolumns; i++) {
        const char *exp;
        if (!sa_value_decode(&ds->columns[i], r->text[i], strlen(r->text[i]), &r->values[i], &exp)) {
            fprintf(stderr, "gen_returns: generated an invalid %s.%s: \"%s\" (%s)\n", ds->name,
                    ds->columns[i].name, r->text[i], exp);
            exit(3);
        }
    }
}

static bool response_within(const gen *g, const sa_check *c, const row *r)
{
    if (c->response_time.from.index < 0 || c->response_time.to.index < 0)
        return false;
    const sa_value *a = &r->values[c->response_time.from.index], *b = &r->values[c->response_time.to.index];
    if (a->kind != SA_VAL_DATETIME || b->kind != SA_VAL_DATETIME)
        return false;
    if (c->response_time.limit_working_days >= 0)
        return sa_calendar_working_days_between(&g->spec->calendar, a->as.dt, b->as.dt) <= c->response_time.limit_working_days;
    return sa_london_to_utc(b->as.dt) - sa_london_to_utc(a->as.dt) <= c->response_time.limit_seconds &&
           b->as.dt >= a->as.dt;
}

/* How many predicates a candidate row satisfies against the wanted outcomes. */
static int score_row(const gen *g, const dataset_plan *pl, const row *r, const bool *want)
{
    int score = 0;
    bool outcome[MAX_PREDS];
    for (size_t i = 0; i < pl->npreds; i++) {
        const pred *p = &pl->preds[i];
        bool o;
        if (p->kind == PRED_RESPONSE)
            o = response_within(g, p->check, r);
        else
            o = sa_expr_eval_bool(p->expr, r->values) == SA_TRI_TRUE;
        outcome[i] = o;
        /* a row's own outcome (meets, exclusion, response) outweighs which rows a where selects */
        int weight = p->kind == PRED_WHERE ? 1 : 3;
        if (p->gate >= 0 && !outcome[p->gate])
            score += weight; /* rows the where leaves out do not care */
        else
            score += (o == want[i]) * weight;
    }
    return score;
}

typedef struct fixed {
    int col;
    const char *text;
} fixed;

/* Generates one row: the best of several candidates for the wanted outcomes, then writes it. */
static void emit_row(gen *g, const dataset_plan *pl, const char *provider, sa_datetime anchor,
                     const bool *want, const fixed *fix, size_t nfix)
{
    const sa_dataset *ds = pl->ds;
    row *cand = &g->rows[0], *best = &g->rows[1];
    int best_score = -1;
    int tries = pl->npreds ? TRIES : 1;
    for (int t = 0; t < tries; t++) {
        for (size_t i = 0; i < ds->ncolumns; i++)
            gen_cell(g, ds, i, (int)i == pl->anchor, anchor, provider, cand->text[i]);
        for (size_t f = 0; f < nfix; f++)
            snprintf(cand->text[fix[f].col], CELL, "%s", fix[f].text);
        decode_row(ds, cand);
        int s = score_row(g, pl, cand, want);
        if (s > best_score) {
            best_score = s;
            memcpy(best->text, cand->text, sizeof best->text);
        }
        if (s == pl->max_score)
            break;
    }
    for (size_t i = 0; i < ds->ncolumns; i++) {
        if (i)
            fputc(',', g->out);
        put_cell(g->out, best->text[i]);
    }
    fputc('\n', g->out);
    g->seq++;
}

static void want_outcomes(gen *g, const dataset_plan *pl, bool bad, int force_where, bool *want)
{
    for (size_t i = 0; i < pl->npreds; i++) {
        const pred *p = &pl->preds[i];
        want[i] = chance(g, bad ? p->p_bad : p->p_good);
        if (p->kind == PRED_WHERE && force_where >= 0)
            want[i] = force_where != 0;
    }
}

/* A wall-clock time in the working day, weighted to office hours. */
static sa_datetime event_time(gen *g, sa_date d)
{
    int minute = chance(g, 0.8) ? irand(g, 8 * 60, 18 * 60) : irand(g, 0, 1439);
    return sa_datetime_make(d, minute * 60);
}

/* ---- dataset shapes -------------------------------------------------------------- */

static void finish_plan(dataset_plan *pl)
{
    pl->max_score = 0;
    for (size_t i = 0; i < pl->npreds; i++)
        pl->max_score += pl->preds[i].kind == PRED_WHERE ? 1 : 3;
}

static void header(gen *g, const sa_dataset *ds)
{
    for (size_t i = 0; i < ds->ncolumns; i++) {
        if (i)
            fputc(',', g->out);
        put_cell(g->out, ds->columns[i].name);
    }
    fputc('\n', g->out);
}

static int col_named(const sa_dataset *ds, const char *name)
{
    return sa_dataset_find_column(ds, name);
}

/* Rota: shifts covering every window of every coverage check, each day. */
static void gen_rota(gen *g, const dataset_plan *pl)
{
    const sa_dataset *ds = pl->ds;
    const sa_check *checks[8];
    size_t nchecks = 0;
    bool system_only = true;
    for (size_t r = 0; r < g->spec->nrequirements && nchecks < 8; r++) {
        const sa_requirement *q = &g->spec->requirements[r];
        if (q->check.kind == SA_CHECK_COVERAGE && q->check.dataset == ds) {
            checks[nchecks++] = &q->check;
            if (q->scope != SA_SCOPE_SYSTEM)
                system_only = false;
        }
    }
    int from_col = checks[0]->coverage.from.index, to_col = checks[0]->coverage.to.index;
    int role_col = checks[0]->coverage.role.index >= 0 ? checks[0]->coverage.role.index : col_named(ds, "staff_role");
    bool want[MAX_PREDS];
    for (sa_date d = g->spec->period_from; d <= g->spec->period_to; d++) {
        int m = month_index(g, d);
        int y, mo, day;
        sa_date_to_ymd(d, &y, &mo, &day);
        bool gap_day = bad_month(g, m) && (day == 10 || day == 11 || day == 20);
        for (size_t p = 0; p < g->nproviders; p++) {
            if (system_only && p != (size_t)((d - g->spec->period_from) / 7) % g->nproviders)
                continue;
            for (size_t k = 0; k < nchecks; k++) {
                const sa_check *c = checks[k];
                const char *title = c->coverage.nroles ? role_title(g, c->coverage.roles[0]) : any_title(g);
                for (size_t w = 0; w < c->coverage.nwindows; w++) {
                    const sa_window *win = &c->coverage.windows[w];
                    if (!(win->days & (1u << sa_date_weekday(d))))
                        continue;
                    int start = win->start_minute, end = win->end_minute;
                    if (end <= start)
                        end += 1440;
                    /* whole days in two 12-hour shifts; other windows with 30 minutes either side */
                    int shifts[2][2];
                    int nshifts = 0;
                    if (start == 0 && end >= 1440) {
                        shifts[0][0] = 0;
                        shifts[0][1] = 720;
                        shifts[1][0] = 720;
                        shifts[1][1] = 1440;
                        nshifts = 2;
                    } else {
                        shifts[0][0] = start >= 30 ? start - 30 : 0;
                        shifts[0][1] = end + 30;
                        nshifts = 1;
                    }
                    for (int s = 0; s < nshifts; s++) {
                        if (gap_day && s == 0)
                            continue; /* nobody on the rota: a gap */
                        char from_text[CELL], to_text[CELL];
                        fmt_datetime(&ds->columns[from_col], sa_datetime_make(d, shifts[s][0] * 60), from_text);
                        fmt_datetime(&ds->columns[to_col], sa_datetime_make(d, 0) + (sa_datetime)shifts[s][1] * 60,
                                     to_text);
                        fixed fix[3] = {{from_col, from_text}, {to_col, to_text}, {role_col, title}};
                        want_outcomes(g, pl, false, 1, want);
                        emit_row(g, pl, g->providers[p], sa_datetime_make(d, shifts[s][0] * 60), want, fix,
                                 role_col >= 0 ? 3 : 2);
                    }
                }
            }
        }
    }
}

/* MDT: a weekly meeting per provider; in bad months the consultant is absent. */
static void gen_mdt(gen *g, const dataset_plan *pl, const sa_check *c)
{
    const sa_dataset *ds = pl->ds;
    int meeting = c->mdt.meeting.index, on = c->mdt.on.index, role = c->mdt.role.index, present = c->mdt.present.index;
    int step = c->mdt.every == SA_PER_FORTNIGHT ? 14 : 7;
    bool want[MAX_PREDS];
    for (size_t p = 0; p < g->nproviders; p++) {
        sa_date first = sa_date_week_start(g->spec->period_from) + 1; /* Tuesdays */
        if (first < g->spec->period_from)
            first += 7;
        for (sa_date d = first; d <= g->spec->period_to; d += step) {
            bool bad = bad_month(g, month_index(g, d));
            char id[CELL], date[CELL];
            int y, mo, dd;
            sa_date_to_ymd(d, &y, &mo, &dd);
            snprintf(id, CELL, "MDT-%s-%04d%02d%02d", g->providers[p], y, mo, dd);
            fmt_date(&ds->columns[on], d, date);
            const char *roles[16];
            size_t nroles = 0;
            for (size_t k = 0; k < c->mdt.ncore && nroles < 16; k++)
                roles[nroles++] = c->mdt.core[k];
            for (size_t k = 0; k < c->mdt.nexpected && nroles < 16; k++)
                if (chance(g, 0.6))
                    roles[nroles++] = c->mdt.expected[k];
            for (size_t k = 0; k < nroles; k++) {
                bool absent = bad && k == 0;
                if (absent && present < 0)
                    continue;
                fixed fix[4] = {{meeting, id}, {on, date}, {role, role_title(g, roles[k])},
                                {present, absent ? "no" : "yes"}};
                want_outcomes(g, pl, false, 1, want);
                emit_row(g, pl, g->providers[p], sa_datetime_make(d, 13 * 3600), want, fix, present >= 0 ? 4 : 3);
            }
        }
    }
}

/* Declarations: at the start of the period and half way; the weak provider declares too low a level. */
static void gen_declarations(gen *g, const dataset_plan *pl)
{
    const sa_dataset *ds = pl->ds;
    bool want[MAX_PREDS];
    for (size_t p = 0; p < g->nproviders; p++) {
        sa_date dates[2] = {g->spec->period_from + 14, g->spec->period_from + 196};
        for (int k = 0; k < 2; k++) {
            if (dates[k] > g->spec->period_to)
                continue;
            fixed fix[8];
            char texts[8][CELL];
            size_t nfix = 0;
            for (size_t r = 0; r < g->spec->nrequirements && nfix < 8; r++) {
                const sa_check *c = &g->spec->requirements[r].check;
                if (c->kind != SA_CHECK_DECLARED_LEVEL || c->dataset != ds || c->declared_level.field.index < 0)
                    continue;
                int64_t level = c->declared_level.at_least - (weak_provider(g, p) ? 1 : 0);
                snprintf(texts[nfix], CELL, "%lld", (long long)level);
                fix[nfix] = (fixed){c->declared_level.field.index, texts[nfix]};
                nfix++;
            }
            want_outcomes(g, pl, false, 1, want);
            emit_row(g, pl, g->providers[p], sa_datetime_make(dates[k], 10 * 3600), want, fix, nfix);
        }
    }
}

/* Rows a count check wants in one provider-month (spread evenly over the check's period unit). */
static int count_rows(const gen *g, const sa_check *c, const sa_requirement *req, size_t p, int m)
{
    double t = c->target.set ? c->target.value : 1;
    bool le = c->target.set && (c->target.op == SA_CMP_LE || c->target.op == SA_CMP_LT);
    /* Is this unit bad? Any bad month inside it, or the weak provider for whole-period counts. */
    sa_date u0 = unit_start(g, c->per, g->month_start[m]);
    bool bad = false;
    int months_in_unit = 0, index_in_unit = 0;
    for (int k = 0; k < g->months; k++) {
        if (unit_start(g, c->per, g->month_start[k]) != u0)
            continue;
        if (k == m)
            index_in_unit = months_in_unit;
        months_in_unit++;
        bad = bad || bad_month(g, k);
    }
    if (c->per == SA_PER_PERIOD || c->per == SA_PER_YEAR)
        bad = weak_provider(g, p);
    double want = bad != le ? floor(t * 0.5) : ceil(t * 1.25) + (c->target.op == SA_CMP_GT ? 1 : 0);
    if (req->scope == SA_SCOPE_SYSTEM)
        want = ceil(want / (double)g->nproviders);
    int total = (int)want;
    int share = total / months_in_unit + (index_in_unit < total % months_in_unit ? 1 : 0);
    return share;
}

static const sa_requirement *req_of(const gen *g, const sa_check *c)
{
    for (size_t r = 0; r < g->spec->nrequirements; r++)
        if (&g->spec->requirements[r].check == c)
            return &g->spec->requirements[r];
    return NULL;
}

/* Events: rows spread over each month, steered by the checks that read them. */
static void gen_events(gen *g, const dataset_plan *pl)
{
    bool want[MAX_PREDS];
    for (size_t p = 0; p < g->nproviders; p++) {
        for (int m = 0; m < g->months; m++) {
            if (g->sc == SC_MIXED && weak_provider(g, p) && m == 5)
                continue; /* a month with no return from this provider */
            bool bad = bad_month(g, m);
            sa_date d0 = g->month_start[m], d1 = month_end(g, m);
            int days = (int)(d1 - d0) + 1;
            /* base rows, unless a count without `where` decides the number of rows */
            double per_month = pl->npreds == pl->ncounts_with_where && pl->ncounts ? g->per_month / 4 : g->per_month;
            int base = (int)(per_month + unif(g));
            for (size_t k = 0; k < pl->ncounts; k++)
                if (!pl->counts[k]->where.compiled)
                    base = 0;
            int extra = 0;
            for (size_t k = 0; k < pl->ncounts; k++)
                extra += count_rows(g, pl->counts[k], req_of(g, pl->counts[k]), p, m);
            int n = base + extra;
            for (int i = 0; i < n; i++) {
                sa_date d = d0 + irand(g, 0, days - 1);
                if (pl->daily && bad) {
                    /* no activity on the required days in a bad month */
                    for (int attempts = 0; attempts < 50 && ((pl->daily->daily_activity.days >> sa_date_weekday(d)) & 1); attempts++)
                        d = d0 + irand(g, 0, days - 1);
                    if ((pl->daily->daily_activity.days >> sa_date_weekday(d)) & 1)
                        continue;
                }
                want_outcomes(g, pl, bad, -1, want);
                /* count rows: consecutive blocks satisfy each count's `where`; the base rows none */
                int block = 0;
                for (size_t k = 0; k < pl->ncounts; k++) {
                    int rows_k = count_rows(g, pl->counts[k], req_of(g, pl->counts[k]), p, m);
                    if (pl->count_pred[k] >= 0)
                        want[pl->count_pred[k]] = i >= block && i < block + rows_k;
                    block += rows_k;
                }
                emit_row(g, pl, g->providers[p], event_time(g, d), want, NULL, 0);
            }
            if (pl->daily && !bad) {
                /* make sure every required day of every week in the month has an admission */
                for (sa_date d = d0; d <= d1; d++) {
                    if (!((pl->daily->daily_activity.days >> sa_date_weekday(d)) & 1))
                        continue;
                    want_outcomes(g, pl, false, -1, want);
                    emit_row(g, pl, g->providers[p], event_time(g, d), want, NULL, 0);
                }
            }
        }
    }
}

/* Count checks with a `where`: rows are steered to satisfy it through an extra predicate. */
static void add_count_preds(dataset_plan *pl)
{
    for (size_t k = 0; k < pl->ncounts; k++) {
        pl->count_pred[k] = -1;
        if (pl->counts[k]->where.compiled && pl->npreds < MAX_PREDS) {
            pl->count_pred[k] = (int)pl->npreds;
            pl->ncounts_with_where++;
            add_pred(pl, PRED_WHERE, pl->counts[k], pl->counts[k]->where.compiled, -1, 1.0, 1.0);
        }
    }
}

static int write_dataset(gen *g, const sa_dataset *ds, const char *dir)
{
    if (ds->ncolumns > MAX_COLS) {
        fprintf(stderr, "gen_returns: dataset %s has more than %d columns\n", ds->name, MAX_COLS);
        return -1;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.csv", dir, ds->name);
    g->out = strcmp(dir, "-") == 0 ? stdout : fopen(path, "w");
    if (!g->out) {
        fprintf(stderr, "gen_returns: %s: %s\n", path, strerror(errno));
        return -1;
    }
    static char iobuf[1 << 20];
    setvbuf(g->out, iobuf, _IOFBF, sizeof iobuf);
    g->seq = 1;
    dataset_plan pl;
    plan_dataset(g, ds, &pl);
    finish_plan(&pl);
    header(g, ds);
    const sa_check *shape = NULL;
    for (size_t r = 0; r < g->spec->nrequirements && !shape; r++) {
        const sa_check *c = &g->spec->requirements[r].check;
        if (c->dataset == ds &&
            (c->kind == SA_CHECK_COVERAGE || c->kind == SA_CHECK_MDT || c->kind == SA_CHECK_DECLARED_LEVEL))
            shape = c;
    }
    if (shape && shape->kind == SA_CHECK_COVERAGE && shape->coverage.from.index >= 0 && shape->coverage.to.index >= 0)
        gen_rota(g, &pl);
    else if (shape && shape->kind == SA_CHECK_MDT && shape->mdt.meeting.index >= 0 && shape->mdt.on.index >= 0 &&
             shape->mdt.role.index >= 0)
        gen_mdt(g, &pl, shape);
    else if (shape && shape->kind == SA_CHECK_DECLARED_LEVEL)
        gen_declarations(g, &pl);
    else {
        add_count_preds(&pl);
        finish_plan(&pl);
        gen_events(g, &pl);
    }
    if (g->out != stdout) {
        if (fclose(g->out) != 0) {
            fprintf(stderr, "gen_returns: %s: %s\n", path, strerror(errno));
            return -1;
        }
    } else {
        fflush(stdout);
    }
    return 0;
}

static void usage(FILE *out)
{
    fputs("usage: gen_returns SPEC OUTDIR [--seed N] [--scenario compliant|gaps|mixed]\n"
          "                  [--per-month N | --rows N] [--dataset NAME]...\n"
          "Writes OUTDIR/<dataset>.csv for each dataset of SPEC (OUTDIR '-' writes one dataset to stdout).\n"
          "--per-month: event rows per provider per month (default 12); --rows: total event rows per file.\n",
          out);
}

int main(int argc, char **argv)
{
    const char *spec_path = NULL, *dir = NULL;
    const char *only[32];
    size_t nonly = 0;
    gen g;
    memset(&g, 0, sizeof g);
    g.rng = 20070401;
    g.rows = calloc(2, sizeof *g.rows);
    g.per_month = 12;
    double rows_total = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--seed") == 0 && v) {
            g.rng = strtoull(v, NULL, 10);
            i++;
        } else if (strcmp(a, "--scenario") == 0 && v) {
            if (strcmp(v, "compliant") == 0)
                g.sc = SC_COMPLIANT;
            else if (strcmp(v, "gaps") == 0)
                g.sc = SC_GAPS;
            else if (strcmp(v, "mixed") == 0)
                g.sc = SC_MIXED;
            else {
                usage(stderr);
                return 2;
            }
            i++;
        } else if (strcmp(a, "--per-month") == 0 && v) {
            g.per_month = atof(v);
            i++;
        } else if (strcmp(a, "--rows") == 0 && v) {
            rows_total = atof(v);
            i++;
        } else if (strcmp(a, "--dataset") == 0 && v && nonly < 32) {
            only[nonly++] = v;
            i++;
        } else if (a[0] == '-' && a[1] != '\0') {
            usage(stderr);
            return 2;
        } else if (!spec_path) {
            spec_path = a;
        } else if (!dir) {
            dir = a;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (!spec_path || !dir) {
        usage(stderr);
        return 2;
    }
    sa_diags *d = sa_diags_new();
    sa_spec *spec = sa_spec_load(spec_path, NULL, d);
    if (!spec || sa_diags_has_errors(d)) {
        fprintf(stderr, "gen_returns: %s is not a usable specification\n", spec_path);
        return 2;
    }
    g.spec = spec;
    static const char *fallback[] = {"8HX01"};
    if (spec->nproviders) {
        g.providers = calloc(spec->nproviders, sizeof *g.providers);
        for (size_t i = 0; i < spec->nproviders; i++)
            g.providers[i] = spec->providers[i].code;
        g.nproviders = spec->nproviders;
    } else {
        g.providers = fallback;
        g.nproviders = 1;
    }
    for (sa_date m = sa_date_month_start(spec->period_from); m <= spec->period_to && g.months < 64;
         m = sa_date_add_months(m, 1))
        g.month_start[g.months++] = m < spec->period_from ? spec->period_from : m;
    if (rows_total > 0)
        g.per_month = rows_total / (double)(g.nproviders * (size_t)g.months);
    if (strcmp(dir, "-") != 0) {
        /* mkdir -p */
        char tmp[4096];
        snprintf(tmp, sizeof tmp, "%s", dir);
        for (char *q = tmp + 1; *q; q++) {
            if (*q == '/') {
                *q = '\0';
                mkdir(tmp, 0777);
                *q = '/';
            }
        }
        mkdir(tmp, 0777);
    }
    int rc = 0;
    for (size_t i = 0; i < spec->ndatasets; i++) {
        const sa_dataset *ds = &spec->datasets[i];
        bool wanted = nonly == 0;
        for (size_t k = 0; k < nonly; k++)
            wanted = wanted || strcmp(only[k], ds->name) == 0;
        if (!wanted)
            continue;
        /* each dataset draws from its own stream, so adding one does not change the others */
        uint64_t saved = g.rng;
        g.rng ^= sa_hash_bytes(ds->name, strlen(ds->name));
        if (write_dataset(&g, ds, dir) != 0)
            rc = 1;
        g.rng = saved;
    }
    if (g.providers != fallback)
        free(g.providers);
    free(g.rows);
    sa_spec_free(spec);
    sa_diags_free(d);
    return rc;
}
