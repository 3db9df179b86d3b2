/* test_checks_helpers.h — fixtures shared by the check-kind unit tests: a
 * spec loaded from YAML text, one requirement prepared as the engine does,
 * hand-built rows fed straight to a kind's accumulator, and finishing into a
 * result. */
#ifndef TEST_CHECKS_HELPERS_H
#define TEST_CHECKS_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/checks.h"
#include "checks/checks_internal.h"
#include "core/buf.h"
#include "core/datetime.h"
#include "spec/kind.h"
#include "spec/spec.h"

typedef struct kfix {
    sa_spec *spec;
    sa_arena *arena;
    sa_chk_req cr;
    sa_chk_local loc;
    sa_return_file file;
    sa_result_set *rs;
    sa_buf measure;
    sa_chk_final fin; /* the last kfix_finish's, as the engine would see it */
} kfix;

static inline sa_spec *load_spec_text(const char *yaml)
{
    sa_diags *d = sa_diags_new();
    sa_spec *s = sa_spec_load_buffer("t.yaml", yaml, strlen(yaml), NULL, d);
    if (sa_diags_has_errors(d)) {
        sa_buf b = SA_BUF_INIT;
        for (size_t i = 0; i < sa_diags_count(d); i++) {
            sa_diag_format_text(sa_diags_at(d, i), &b);
            sa_buf_putc(&b, '\n');
        }
        fprintf(stderr, "%s", sa_buf_cstr(&b));
        sa_buf_free(&b);
    }
    assert_false(sa_diags_has_errors(d));
    assert_non_null(s);
    sa_diags_free(d);
    return s;
}

static inline sa_date D(const char *iso)
{
    sa_date d;
    assert_true(sa_date_parse_iso(iso, strlen(iso), &d));
    return d;
}

static inline sa_datetime DT(const char *iso)
{
    sa_datetime t;
    assert_true(sa_datetime_parse_iso(iso, strlen(iso), &t));
    return t;
}

/* Prepares requirement `req` of the YAML spec over the spec period. */
static inline void kfix_init(kfix *f, const char *yaml, size_t req, size_t max_examples)
{
    memset(f, 0, sizeof *f);
    f->spec = load_spec_text(yaml);
    f->arena = sa_arena_new();
    sa_check_options o;
    sa_check_options_default(&o);
    o.max_examples = max_examples;
    sa_chk_req_prepare(&f->cr, f->spec, req, f->spec->period_from, f->spec->period_to, &o, f->arena);
    assert_null(f->cr.error);
    sa_chk_local_init(&f->loc, &f->cr);
    assert_false(f->loc.broken);
    f->file.path = "return.csv";
    f->file.dataset = f->cr.check->dataset ? f->cr.check->dataset : &f->spec->datasets[0];
    f->rs = sa_result_set_new();
    sa_buf_init(&f->measure);
}

static inline void kfix_free(kfix *f)
{
    sa_chk_local_free(&f->loc);
    sa_chk_baseline_release(&f->cr); /* the grid, and the baseline's when there is one */
    sa_result_set_free(f->rs);
    sa_arena_free(f->arena);
    sa_spec_free(f->spec);
    sa_buf_free(&f->measure);
}

static inline void *kfix_acc(kfix *f)
{
    return f->cr.kind->acc_new(&f->cr, f->cr.from, f->cr.to);
}

static inline sa_value v_empty(void)
{
    sa_value v;
    memset(&v, 0, sizeof v);
    v.enum_index = -1;
    return v;
}
static inline sa_value v_str(const char *s)
{
    sa_value v = v_empty();
    v.kind = SA_VAL_STRING;
    v.as.str.ptr = s;
    v.as.str.len = (uint32_t)strlen(s);
    return v;
}
static inline sa_value v_dt(const char *iso)
{
    sa_value v = v_empty();
    v.kind = SA_VAL_DATETIME;
    v.as.dt = DT(iso);
    return v;
}
static inline sa_value v_date(const char *iso)
{
    sa_value v = v_empty();
    v.kind = SA_VAL_DATE;
    v.as.date = D(iso);
    return v;
}
static inline sa_value v_int(int64_t i)
{
    sa_value v = v_empty();
    v.kind = SA_VAL_INT;
    v.as.i = i;
    return v;
}
static inline sa_value v_bool(bool b)
{
    sa_value v = v_empty();
    v.kind = SA_VAL_BOOL;
    v.as.b = b;
    return v;
}
/* An enum cell: the value and its index among the column's values. */
static inline sa_value v_enum(const char *s, int index)
{
    sa_value v = v_str(s);
    v.enum_index = index;
    return v;
}

/* Feeds one row (values in the dataset's column order). */
static inline void kfix_row(kfix *f, void *acc, uint64_t record, const char *provider, const sa_value *values,
                            size_t n)
{
    sa_row row;
    memset(&row, 0, sizeof row);
    row.file = &f->file;
    row.record = record;
    row.values = values;
    row.nvalues = n;
    row.valid = true;
    row.provider = provider;
    f->cr.kind->acc_row(acc, &f->cr, &f->loc, &row);
}

/* Finishes an accumulator over [from, to] against the check's target. */
static inline sa_result *kfix_finish(kfix *f, void *acc, sa_date from, sa_date to)
{
    sa_result *r = sa_result_set_add(f->rs);
    sa_target t = f->cr.check->target;
    if (!t.set)
        t = sa_check_default_target(f->cr.check);
    assert_true(t.set);
    r->target = t;
    r->target_text = ">= target";
    sa_buf_clear(&f->measure);
    sa_chk_final fin = {.cr = &f->cr, .pp = NULL, .from = from, .to = to, .target = t, .arena = f->rs->arena,
                        .r = r, .measure = &f->measure};
    f->cr.kind->acc_finish(acc, &fin);
    f->fin = fin;
    return r;
}

static inline const sa_metric *find_metric(const sa_result *r, const char *name)
{
    for (size_t i = 0; i < r->nmetrics; i++)
        if (strcmp(r->metrics[i].name, name) == 0)
            return &r->metrics[i];
    return NULL;
}

#define SPEC_HEAD(from, to)                                                                                  \
    "specaudit: 1\nid: unit\nversion: \"1\"\ntitle: Unit\nperiod: {from: " from ", to: " to "}\n"

#endif
