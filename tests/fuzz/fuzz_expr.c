/*
 * fuzz_expr.c — libFuzzer target for the rule expression language: parse and
 * type-check (sa_expr_compile) against a hand-built dataset, then evaluate
 * on a few rows (empty cells, typical values, extreme values), describe and
 * format the result.
 *
 * Properties checked besides memory safety: evaluation returns one of the
 * three truth values; sa_expr_columns reports only columns of the schema;
 * the canonical form printed by sa_expr_format compiles again and prints
 * the same canonical form (so `specaudit explain` shows parseable text).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/calendar.h"
#include "core/datetime.h"
#include "core/diag.h"
#include "core/value.h"
#include "expr/expr.h"
#include "expr/expr_internal.h" /* SA_EXPR_MAX_LENGTH */
#include "spec/spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *urgency_values[] = {"urgent", "routine"};
static sa_column columns[] = {
    {.name = "referral_id", .type = SA_COL_STRING},
    {.name = "provider", .type = SA_COL_ODS_CODE},
    {.name = "nhs_number", .type = SA_COL_NHS_NUMBER, .identifier = true},
    {.name = "received_at", .type = SA_COL_DATETIME},
    {.name = "first_contact_at", .type = SA_COL_DATETIME},
    {.name = "urgency", .type = SA_COL_ENUM, .values = urgency_values, .nvalues = 2},
    {.name = "age", .type = SA_COL_INT},
    {.name = "score", .type = SA_COL_DECIMAL},
    {.name = "consent", .type = SA_COL_BOOL},
    {.name = "held_on", .type = SA_COL_DATE},
    {.name = "wait", .type = SA_COL_DURATION},
    {.name = "exclusion_reason", .type = SA_COL_STRING},
};
#define NCOLUMNS (sizeof columns / sizeof columns[0])
static const sa_dataset dataset = {.name = "referrals", .columns = columns, .ncolumns = NCOLUMNS,
                                   .provider_column = 1};
static const sa_date extra_holidays[] = {13874 /* 2007-12-27 */};
static const sa_calendar calendar = {.region = SA_REGION_ENGLAND_WALES,
                                     .extra_holidays = extra_holidays,
                                     .nextra_holidays = 1};

static sa_value str(const char *s, int32_t enum_index)
{
    sa_value v = {.kind = SA_VAL_STRING, .enum_index = enum_index};
    v.as.str.ptr = s;
    v.as.str.len = (uint32_t)strlen(s);
    return v;
}

static sa_value num_i(int64_t i)
{
    sa_value v = {.kind = SA_VAL_INT, .enum_index = -1};
    v.as.i = i;
    return v;
}

static sa_value num_d(double d)
{
    sa_value v = {.kind = SA_VAL_DECIMAL, .enum_index = -1};
    v.as.d = d;
    return v;
}

static sa_value boolean(bool b)
{
    sa_value v = {.kind = SA_VAL_BOOL, .enum_index = -1};
    v.as.b = b;
    return v;
}

static sa_value date(sa_date d)
{
    sa_value v = {.kind = SA_VAL_DATE, .enum_index = -1};
    v.as.date = d;
    return v;
}

static sa_value datetime(sa_datetime dt)
{
    sa_value v = {.kind = SA_VAL_DATETIME, .enum_index = -1};
    v.as.dt = dt;
    return v;
}

static sa_value duration(int64_t s)
{
    sa_value v = {.kind = SA_VAL_DURATION, .enum_index = -1};
    v.as.seconds = s;
    return v;
}

#define NROWS 4
static sa_value rows[NROWS][NCOLUMNS];

static void build_rows(void)
{
    /* row 0: every cell empty (zero-initialised) */
    for (size_t c = 0; c < NCOLUMNS; c++)
        rows[0][c].enum_index = -1;
    /* row 1: a typical urgent referral, Friday to Monday */
    sa_date fri;
    sa_date_from_ymd(2007, 6, 1, &fri);
    sa_value r1[NCOLUMNS] = {str("R0001", -1), str("8HX01", -1), str("9990000018", -1),
                             datetime(sa_datetime_make(fri, 16 * 3600)),
                             datetime(sa_datetime_make(fri + 3, 9 * 3600 + 30 * 60)),
                             str("urgent", 0), num_i(67), num_d(3.5), boolean(true), date(fri),
                             duration(4 * 3600), str("", -1)};
    memcpy(rows[1], r1, sizeof r1);
    /* row 2: extreme values a return can hold (years 0001 and 9999) */
    sa_value r2[NCOLUMNS] = {str("\xc3\xa9\"'\\", -1), str("RXX", -1), str("0000000000", -1),
                             datetime(sa_datetime_make(-719162, 0)),
                             datetime(sa_datetime_make(2932896, 86400)), str("routine", 1),
                             num_i(INT64_MIN), num_d(-1e308), boolean(false), date(-719162),
                             duration(INT64_C(999999999999)), str("patient declined", -1)};
    memcpy(rows[2], r2, sizeof r2);
    /* row 3: the other extreme, with a few empty cells mixed in */
    sa_value r3[NCOLUMNS] = {str("", -1), str("Q99", -1), {.kind = SA_VAL_EMPTY, .enum_index = -1},
                             datetime(0), {.kind = SA_VAL_EMPTY, .enum_index = -1},
                             str("urgent", 0), num_i(INT64_MAX), num_d(1e-308), boolean(true),
                             date(2932896 /* 9999-12-31 */), duration(-INT64_C(999999999999)),
                             {.kind = SA_VAL_EMPTY, .enum_index = -1}};
    memcpy(rows[3], r3, sizeof r3);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool ready;
    if (!ready) {
        build_rows();
        ready = true;
    }
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    sa_pos pos = {.file = "fuzz.yaml", .line = 3, .col = 12};
    sa_diags *diags = sa_diags_new();
    sa_expr *e = sa_expr_compile(text, pos, &dataset, &calendar, diags);
    if (e) {
        for (size_t r = 0; r < NROWS; r++) {
            sa_tri t = sa_expr_eval_bool(e, rows[r]);
            if (t != SA_TRI_FALSE && t != SA_TRI_TRUE && t != SA_TRI_UNKNOWN)
                abort();
        }
        int cols[64];
        size_t n = sa_expr_columns(e, cols, 64);
        for (size_t i = 0; i < n && i < 64; i++)
            if (cols[i] < 0 || (size_t)cols[i] >= NCOLUMNS)
                abort();
        sa_buf described = SA_BUF_INIT, formatted = SA_BUF_INIT, again = SA_BUF_INIT;
        sa_expr_describe(e, &described);
        sa_expr_format(e, &formatted);
        sa_diags *d2 = sa_diags_new();
        sa_expr *e2 = sa_expr_compile(sa_buf_cstr(&formatted), pos, &dataset, &calendar, d2);
        /* The canonical form must compile, unless spacing made it longer than the
         * length limit, which applies to the text as written. */
        if (!e2 && formatted.len <= SA_EXPR_MAX_LENGTH)
            abort();
        if (e2) {
            sa_expr_format(e2, &again);
            if (strcmp(sa_buf_cstr(&formatted), sa_buf_cstr(&again)) != 0)
                abort(); /* and be a fixed point */
        }
        sa_expr_free(e2);
        sa_diags_free(d2);
        sa_buf_free(&described);
        sa_buf_free(&formatted);
        sa_buf_free(&again);
        sa_expr_free(e);
    }
    sa_buf b = SA_BUF_INIT;
    for (size_t i = 0; i < sa_diags_count(diags); i++) {
        sa_buf_clear(&b);
        sa_diag_format_text(sa_diags_at(diags, i), &b);
    }
    sa_buf_free(&b);
    sa_diags_free(diags);
    free(text);
    return 0;
}
