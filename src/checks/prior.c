/*
 * prior.c — an earlier JSON report of the same specification, given with
 * `check --baseline FILE`, as the baselines of requirements written
 * `baseline: {report: true}`: each verdict row's measured figure, found by
 * requirement id and provider code (none for a system-wide row).
 *
 * The file is untrusted (it may come from anyone): it is read within a size
 * bound by the bounded JSON reader (core/json_read.h), and everything taken
 * from it is checked for its type; a report of another specification or
 * version is refused, as its figures would measure something else.
 */
#include <stdlib.h>
#include <string.h>

#include "checks/checks_internal.h"
#include "core/alloc.h"
#include "core/fileio.h"
#include "core/json_read.h"
#include "core/strmap.h"

#define PRIOR_STR_(x) #x
#define PRIOR_STR(x) PRIOR_STR_(x)

#define PRIOR_MAX_BYTES ((size_t)256 << 20) /* a report of a million rows is ~200 MB */

struct sa_prior_report {
    sa_arena *arena;
    const char *path;
    sa_date from, to;  /* the range the earlier report assessed */
    sa_strmap *rows;   /* "requirement\x1fprovider" -> index + 1 into row */
    sa_prior_row *row;
    size_t n;
};

static void refuse(sa_diags *diags, const char *path, const sa_json *at, const char *fmt, const char *a,
                   const char *b)
{
    sa_diags_error(diags, "E-CHECK-BASELINE-REPORT", (sa_pos){path, at ? at->line : 0, at ? at->col : 0}, fmt, a,
                   b);
}

/* The report's specification is the one checked: same id and version. */
static bool same_spec(const sa_json *root, const sa_spec *spec, const char *path, sa_diags *diags)
{
    const sa_json *s = sa_json_get(root, "specification");
    const char *tool = sa_json_get_str(sa_json_get(root, "tool"), "name");
    const sa_json *results = sa_json_get(root, "results");
    if (!tool || strcmp(tool, "specaudit") != 0 || !s || !results || results->type != SA_JSON_ARRAY) {
        refuse(diags, path, root, "expected a specaudit JSON report (--format json)%s%s", "", "");
        return false;
    }
    const sa_json *fv = sa_json_get(root, "format_version");
    if (!fv || fv->type != SA_JSON_NUMBER || fv->num < SA_RESULT_FORMAT_OLDEST || fv->num > SA_RESULT_FORMAT_VERSION ||
        fv->num != (double)(int)fv->num) {
        refuse(diags, path, fv ? fv : root, "expected a JSON report of format_version %s to %s",
               PRIOR_STR(SA_RESULT_FORMAT_OLDEST), PRIOR_STR(SA_RESULT_FORMAT_VERSION));
        return false;
    }
    const char *id = sa_json_get_str(s, "id"), *version = sa_json_get_str(s, "version");
    if (!id || strcmp(id, spec->id ? spec->id : "") != 0) {
        refuse(diags, path, id ? sa_json_get(s, "id") : s, "expected a report of specification '%s', found one of '%s'",
               spec->id ? spec->id : "",
               id ? id : "(none)");
        return false;
    }
    if (!version || strcmp(version, spec->version ? spec->version : "") != 0) {
        refuse(diags, path, version ? sa_json_get(s, "version") : s,
               "expected a report of version '%s' of the specification, found version '%s'",
               spec->version ? spec->version : "", version ? version : "(none)");
        return false;
    }
    return true;
}

static bool json_date(const sa_json *obj, const char *key, sa_date *out)
{
    const char *t = sa_json_get_str(obj, key);
    return t && sa_date_parse_iso(t, strlen(t), out);
}

static size_t key_of(char *buf, size_t size, const char *req, const char *provider)
{
    int n = snprintf(buf, size, "%s\x1f%s", req, provider ? provider : "");
    return n < 0 || (size_t)n >= size ? 0 : (size_t)n;
}

/* One verdict row (shares have none) with its figure, or nothing. */
static void take_row(sa_prior_report *p, const sa_json *r)
{
    const char *req = sa_json_get_str(r, "requirement_id");
    const sa_json *verdict = sa_json_get(r, "verdict");
    if (!req || !verdict || verdict->type != SA_JSON_STRING)
        return;
    const char *provider = sa_json_get_str(sa_json_get(r, "provider"), "code");
    const sa_json *m = sa_json_get(r, "measured"), *v = sa_json_get(m, "value");
    char key[512];
    size_t len = key_of(key, sizeof key, req, provider);
    if (!len)
        return;
    uintptr_t *slot = sa_strmap_slot(p->rows, key, len);
    if (*slot)
        return; /* the first row of a requirement and provider counts */
    sa_prior_row *row = &p->row[p->n];
    row->has = v && v->type == SA_JSON_NUMBER;
    row->value = row->has ? v->num : 0;
    row->unit = sa_json_get_str(m, "unit");
    *slot = ++p->n;
}

sa_prior_report *sa_prior_report_load(const char *path, const sa_spec *spec, sa_diags *diags)
{
    char *data = NULL;
    size_t len = 0;
    if (sa_file_read_all(path, PRIOR_MAX_BYTES, &data, &len, diags) != 0)
        return NULL;
    sa_prior_report *p = sa_xcalloc(1, sizeof *p);
    p->arena = sa_arena_new();
    p->path = sa_arena_strdup(p->arena, path);
    const sa_json *root = sa_json_parse(p->path, data, len, p->arena, diags);
    free(data);
    if (!root || !same_spec(root, spec, p->path, diags)) {
        sa_prior_report_free(p);
        return NULL;
    }
    const sa_json *period = sa_json_get(root, "period");
    if (!json_date(period, "from", &p->from) || !json_date(period, "to", &p->to) || p->to < p->from) {
        refuse(diags, p->path, period ? period : root, "expected the report's assessed period {from, to}%s%s", "", "");
        sa_prior_report_free(p);
        return NULL;
    }
    const sa_json *results = sa_json_get(root, "results");
    p->rows = sa_strmap_new(results->n);
    p->row = sa_arena_calloc(p->arena, results->n + 1, sizeof *p->row);
    for (size_t i = 0; i < results->n; i++)
        take_row(p, results->items[i]);
    return p;
}

void sa_prior_report_free(sa_prior_report *p)
{
    if (!p)
        return;
    sa_strmap_free(p->rows);
    sa_arena_free(p->arena);
    free(p);
}

const sa_prior_row *sa_prior_report_find(const sa_prior_report *p, const char *requirement, const char *provider)
{
    char key[512];
    size_t len = key_of(key, sizeof key, requirement, provider);
    uintptr_t v;
    if (!p || !len || !sa_strmap_get(p->rows, key, len, &v))
        return NULL;
    return &p->row[v - 1];
}

void sa_prior_report_range(const sa_prior_report *p, sa_date *from, sa_date *to)
{
    *from = p->from;
    *to = p->to;
}

const char *sa_prior_report_path(const sa_prior_report *p)
{
    return p->path;
}
