/*
 * fuzz_spec.c — libFuzzer target for the specification loader and its
 * semantic validation (sa_spec_load_buffer).
 *
 * The input is copied into a buffer of exactly its size, without a NUL, so
 * that AddressSanitizer catches any read past the length the loader was
 * given. Every diagnostic is formatted, and the loaded model is walked, so
 * that dangling or uninitialised strings in either are touched.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/diag.h"
#include "spec/kind.h"
#include "spec/spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Limits small enough that the alias and depth guards are reached quickly. */
static void pick_limits(const uint8_t *data, size_t size, sa_spec_limits *limits)
{
    sa_spec_limits_default(limits);
    if (size > 0 && (data[size - 1] & 0x80) != 0) {
        limits->max_depth = 8;
        limits->max_alias_expansions = 64;
        limits->max_bytes = 4096;
    }
}

static size_t touch(const char *s)
{
    return s ? strlen(s) : 0;
}

static size_t walk(const sa_spec *spec)
{
    size_t n = touch(spec->id) + touch(spec->version) + touch(spec->title);
    for (size_t i = 0; i < spec->ndatasets; i++) {
        const sa_dataset *ds = &spec->datasets[i];
        n += touch(ds->name);
        for (size_t c = 0; c < ds->ncolumns; c++) {
            n += touch(ds->columns[c].name) + touch(ds->columns[c].pattern);
            for (size_t v = 0; v < ds->columns[c].nvalues; v++)
                n += touch(ds->columns[c].values[v]);
            if (ds->columns[c].name && sa_dataset_find_column(ds, ds->columns[c].name) < 0)
                abort(); /* a declared column must be found by its own name */
        }
        if (ds->provider_column >= (int)ds->ncolumns)
            abort();
    }
    for (size_t i = 0; i < spec->nrequirements; i++) {
        const sa_requirement *r = &spec->requirements[i];
        n += touch(r->id) + touch(r->title) + touch(r->check.dataset_name);
        const sa_expr_ref *meets = sa_check_expr(&r->check, "meets");
        n += touch(r->check.where.text) + touch(meets ? meets->text : NULL);
        const sa_dataset *ds = r->check.dataset;
        const sa_check_def *def = sa_check_def_of(r->check.kind);
        for (size_t k = 0; def->keys[k]; k++) {
            const sa_colref *ref = sa_check_column(&r->check, def->keys[k]);
            /* submission reads several datasets: its `submitted` column is
             * looked up in each by name, so its index names no single one */
            if (!ref || ref->index < 0 || !def->reads_dataset)
                continue;
            /* a resolved column index must lie inside the check's dataset */
            if (!ds || (size_t)ref->index >= ds->ncolumns)
                abort();
        }
    }
    for (size_t i = 0; i < spec->nroles; i++) {
        n += touch(spec->roles[i].name);
        (void)sa_spec_match_role(spec, "Consultant in Palliative Medicine", 33, NULL);
    }
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    if (size)
        memcpy(copy, data, size);
    sa_spec_limits limits;
    pick_limits(data, size, &limits);
    sa_diags *diags = sa_diags_new();
    sa_spec *spec = sa_spec_load_buffer("fuzz.yaml", copy, size, &limits, diags);
    volatile size_t sink = 0;
    if (spec)
        sink += walk(spec);
    sa_buf b = SA_BUF_INIT;
    for (size_t i = 0; i < sa_diags_count(diags); i++) {
        sa_buf_clear(&b);
        sa_diag_format_text(sa_diags_at(diags, i), &b);
        sink += strlen(sa_buf_cstr(&b));
    }
    (void)sink;
    sa_buf_free(&b);
    sa_spec_free(spec);
    sa_diags_free(diags);
    free(copy);
    return 0;
}
