/*
 * bench_expr.c — evaluation cost of rule expressions, in ns per row.
 *
 *   bench_expr [ROWS]      (default 10 000 000)
 *
 * Rows are drawn from a pool of 4096 pre-decoded rows (as the CSV reader
 * hands them over, one at a time), with about 5% empty cells, spread over
 * 2007-2009 so working-day arithmetic crosses years and bank holidays.
 * Prints one line per expression: the first is the 5-clause reference
 * expression (target < 100 ns/row on one core), the second a 5-clause
 * expression where no clause short-circuits. Times are CPU time of this
 * thread, so a busy machine inflates them less than wall-clock time would.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/datetime.h"
#include "expr/expr.h"
#include "spec/spec.h"

enum { C_URGENCY, C_CHANNEL, C_RECEIVED, C_CONTACT, C_AGE, C_NOTE, C_OUTCOME, C_NCOLS };

#define POOL 4096

static const char *urgency_values[] = {"urgent", "routine"};
static const char *channel_values[] = {"single_point", "direct", "gp"};
static const char *outcome_values[] = {"accepted", "declined", "signposted"};
static const char *notes[] = {"Seen by CNS at home", "Telephone advice only", "declined visit", "",
                              "Admitted to hospice IPU"};

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

static sa_value str_value(const char *s, int32_t enum_index)
{
    sa_value v = {.kind = SA_VAL_STRING, .enum_index = enum_index};
    v.as.str.ptr = s;
    v.as.str.len = (uint32_t)strlen(s);
    return v;
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: robust on a busy machine */
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    long long rows = argc > 1 ? atoll(argv[1]) : 10000000LL;
    if (rows <= 0) {
        fprintf(stderr, "usage: bench_expr [ROWS]\n");
        return 2;
    }
    sa_column cols[C_NCOLS] = {
        [C_URGENCY] = {.name = "urgency",
                       .type = SA_COL_ENUM,
                       .values = urgency_values,
                       .nvalues = 2},
        [C_CHANNEL] = {.name = "channel",
                       .type = SA_COL_ENUM,
                       .values = channel_values,
                       .nvalues = 3},
        [C_RECEIVED] = {.name = "received_at", .type = SA_COL_DATETIME},
        [C_CONTACT] = {.name = "first_contact_at", .type = SA_COL_DATETIME},
        [C_AGE] = {.name = "age", .type = SA_COL_INT},
        [C_NOTE] = {.name = "note", .type = SA_COL_STRING},
        [C_OUTCOME] = {.name = "outcome",
                       .type = SA_COL_ENUM,
                       .values = outcome_values,
                       .nvalues = 3},
    };
    sa_dataset ds = {
        .name = "referrals", .columns = cols, .ncolumns = C_NCOLS, .provider_column = -1};
    sa_calendar cal = {SA_REGION_ENGLAND_WALES, NULL, 0};

    static sa_value pool[POOL][C_NCOLS];
    sa_date start;
    sa_date_from_ymd(2007, 4, 1, &start);
    for (int i = 0; i < POOL; i++) {
        sa_value *r = pool[i];
        int u = (int)rnd(2), c = (int)rnd(3), o = (int)rnd(3);
        r[C_URGENCY] = str_value(urgency_values[u], u);
        r[C_CHANNEL] = str_value(channel_values[c], c);
        r[C_OUTCOME] = str_value(outcome_values[o], o);
        sa_datetime rec = sa_datetime_make(start + (sa_date)rnd(1000), (int)rnd(86400));
        r[C_RECEIVED] = (sa_value){.kind = SA_VAL_DATETIME, .enum_index = -1, .as.dt = rec};
        r[C_CONTACT] =
            (sa_value){.kind = SA_VAL_DATETIME, .enum_index = -1, .as.dt = rec + rnd(5 * 86400)};
        r[C_AGE] = (sa_value){.kind = SA_VAL_INT, .enum_index = -1, .as.i = 18 + rnd(85)};
        r[C_NOTE] = str_value(notes[rnd(5)], -1);
        for (int k = 0; k < C_NCOLS; k++)
            if (rnd(100) < 5)
                r[k] = (sa_value){.kind = SA_VAL_EMPTY, .enum_index = -1};
    }

    static const char *const exprs[] = {
        /* the reference: 5 clauses of the kinds KPIs use */
        "urgency == 'urgent' and channel in ['single_point', 'gp'] and age >= 18 and "
        "working_days_between(received_at, first_contact_at) <= 1 and outcome != 'declined'",
        /* worst case: no clause short-circuits, every one is evaluated on (almost) every row */
        "age >= 0 and working_days_between(received_at, first_contact_at) >= 0 and "
        "hours_between(received_at, first_contact_at) >= 0 and note is not empty and "
        "outcome in ['accepted', 'declined', 'signposted']",
        "urgency == 'urgent' and channel in ['single_point', 'gp'] and age >= 18 and "
        "hours_between(received_at, first_contact_at) <= 24 and first_contact_at is not empty",
        "urgency == 'urgent' and channel in ['single_point', 'gp'] and age >= 18 and "
        "weekday(received_at) in ['sat', 'sun'] and note ~ '(?i)\\bcns\\b'",
        "working_days_between(received_at, first_contact_at) <= 1",
        "note ~ '(?i)declined'",
    };
    int status = 0;
    for (size_t k = 0; k < sizeof exprs / sizeof exprs[0]; k++) {
        sa_diags *d = sa_diags_new();
        sa_expr *e = sa_expr_compile(exprs[k], (sa_pos){"bench", 1, 1}, &ds, &cal, d);
        if (!e) {
            fprintf(stderr, "bench_expr: expression %zu did not compile: %s\n", k,
                    sa_diags_count(d) ? sa_diags_at(d, 0)->message : "?");
            sa_diags_free(d);
            status = 1;
            continue;
        }
        uint64_t counts[3] = {0, 0, 0};
        double t0 = now_ns();
        for (long long i = 0; i < rows; i++)
            counts[sa_expr_eval_bool(e, pool[i & (POOL - 1)])]++;
        double ns = (now_ns() - t0) / (double)rows;
        printf("%7.1f ns/row  (%lld rows; true %llu, false %llu, unknown %llu)  %s\n", ns, rows,
               (unsigned long long)counts[SA_TRI_TRUE], (unsigned long long)counts[SA_TRI_FALSE],
               (unsigned long long)counts[SA_TRI_UNKNOWN], exprs[k]);
        sa_expr_free(e);
        sa_diags_free(d);
    }
    return status;
}
