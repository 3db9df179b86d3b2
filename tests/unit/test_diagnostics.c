/* test_diagnostics.c — diagnostics rendered as text, JSON, SARIF 2.1.0 and JUnit.
 * JSON and SARIF are parsed back with a small strict JSON parser below; JUnit
 * with libxml2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "core/buf.h"
#include "core/diag.h"
#include "report/report.h"

/* ---- a strict, minimal JSON parser (RFC 8259 subset: enough to check structure) ---- */

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jkind;

typedef struct jval {
    jkind kind;
    bool b;
    double num;
    char *str;
    struct jval **items; /* array items, or object values */
    char **keys;         /* object keys, in document order */
    size_t n;
} jval;

typedef struct {
    const char *p;
    bool ok;
} jparser;

static void jfree(jval *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++) {
        jfree(v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
    free(v);
}

static void jws(jparser *j)
{
    while (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t')
        j->p++;
}

static jval *jparse_value(jparser *j);

static char *jparse_string(jparser *j)
{
    if (*j->p != '"') {
        j->ok = false;
        return NULL;
    }
    j->p++;
    sa_buf b = SA_BUF_INIT;
    while (*j->p && *j->p != '"') {
        unsigned char c = (unsigned char)*j->p;
        if (c < 0x20) {
            j->ok = false; /* raw control characters are not allowed */
            break;
        }
        if (c == '\\') {
            j->p++;
            char e = *j->p;
            if (e == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (!isxdigit((unsigned char)j->p[i]))
                        j->ok = false;
                sa_buf_putc(&b, '?');
                j->p += 4;
            } else if (strchr("\"\\/bfnrt", e) && e) {
                sa_buf_putc(&b, e == 'n' ? '\n' : e == 't' ? '\t' : e);
            } else {
                j->ok = false;
                break;
            }
            j->p++;
            continue;
        }
        sa_buf_putc(&b, (char)c);
        j->p++;
    }
    if (*j->p != '"')
        j->ok = false;
    else
        j->p++;
    sa_buf_cstr(&b);
    return sa_buf_detach(&b);
}

static void jpush(jval *v, jval *item, char *key)
{
    v->items = realloc(v->items, (v->n + 1) * sizeof *v->items);
    if (v->kind == J_OBJ) {
        v->keys = realloc(v->keys, (v->n + 1) * sizeof *v->keys);
        v->keys[v->n] = key;
    }
    v->items[v->n++] = item;
}

static jval *jparse_value(jparser *j)
{
    jws(j);
    jval *v = calloc(1, sizeof *v);
    if (*j->p == '{') {
        v->kind = J_OBJ;
        j->p++;
        jws(j);
        if (*j->p == '}') {
            j->p++;
            return v;
        }
        while (j->ok) {
            jws(j);
            char *key = jparse_string(j);
            jws(j);
            if (*j->p != ':')
                j->ok = false;
            j->p++;
            jpush(v, jparse_value(j), key);
            jws(j);
            if (*j->p == ',') {
                j->p++;
                continue;
            }
            if (*j->p == '}') {
                j->p++;
                break;
            }
            j->ok = false;
        }
    } else if (*j->p == '[') {
        v->kind = J_ARR;
        j->p++;
        jws(j);
        if (*j->p == ']') {
            j->p++;
            return v;
        }
        while (j->ok) {
            jpush(v, jparse_value(j), NULL);
            jws(j);
            if (*j->p == ',') {
                j->p++;
                continue;
            }
            if (*j->p == ']') {
                j->p++;
                break;
            }
            j->ok = false;
        }
    } else if (*j->p == '"') {
        v->kind = J_STR;
        v->str = jparse_string(j);
    } else if (strncmp(j->p, "true", 4) == 0 || strncmp(j->p, "false", 5) == 0) {
        v->kind = J_BOOL;
        v->b = *j->p == 't';
        j->p += v->b ? 4 : 5;
    } else if (strncmp(j->p, "null", 4) == 0) {
        v->kind = J_NULL;
        j->p += 4;
    } else if (*j->p == '-' || isdigit((unsigned char)*j->p)) {
        char *end;
        v->kind = J_NUM;
        v->num = strtod(j->p, &end);
        j->p = end;
    } else {
        j->ok = false;
    }
    return v;
}

static jval *jparse(const char *text)
{
    jparser j = {text, true};
    jval *v = jparse_value(&j);
    jws(&j);
    if (!j.ok || *j.p) {
        fprintf(stderr, "invalid JSON near: %.60s\n", j.p);
        jfree(v);
        return NULL;
    }
    return v;
}

static const jval *jget(const jval *obj, const char *key)
{
    if (!obj || obj->kind != J_OBJ)
        return NULL;
    for (size_t i = 0; i < obj->n; i++)
        if (strcmp(obj->keys[i], key) == 0)
            return obj->items[i];
    return NULL;
}

static const char *jstr(const jval *obj, const char *key)
{
    const jval *v = jget(obj, key);
    return v && v->kind == J_STR ? v->str : NULL;
}

/* ---- fixtures ---------------------------------------------------------------------- */

static const char *const files3[] = {"specs/a.yaml", "specs/b c.yaml", "specs/clean.yaml"};

static sa_diags *sample(void)
{
    sa_diags *d = sa_diags_new();
    sa_diags_error(d, "E-SPEC-UNKNOWN-KEY", (sa_pos){"specs/a.yaml", 12, 7},
                   "unknown key 'titel'; did you mean 'title'?");
    sa_diags_warning(d, "W-SPEC-NO-REQUIREMENTS", (sa_pos){"specs/a.yaml", 30, 1}, "no requirements");
    sa_diags_error(d, "E-SPEC-REGEX", (sa_pos){"specs/b c.yaml", 3, 20},
                   "bad <pattern> & \"quotes\"\nnext line \x01 ctrl");
    sa_diags_error(d, "E-SPEC-UNKNOWN-KEY", (sa_pos){"specs/b c.yaml", 4, 3}, "unknown key 'x'");
    sa_diags_sort(d);
    return d;
}

static char *render(const sa_diags *d, sa_format f, const char *const *files, size_t n)
{
    sa_buf out = SA_BUF_INIT;
    sa_report_options opts = {false, false};
    assert_int_equal(sa_diags_render(d, f, "specaudit lint", files, n, &opts, &out), 0);
    sa_buf_cstr(&out);
    return sa_buf_detach(&out);
}

/* ---- text ------------------------------------------------------------------------- */

static void test_text(void **state)
{
    (void)state;
    sa_diags *d = sample();
    char *t = render(d, SA_FORMAT_TEXT, files3, 3);
    const char *want_first = "specs/a.yaml:12:7: error[E-SPEC-UNKNOWN-KEY]: unknown key 'titel'; did you mean "
                             "'title'?\nspecs/a.yaml:30:1: warning[W-SPEC-NO-REQUIREMENTS]: no requirements\n"
                             "specs/b c.yaml:3:20: error[E-SPEC-REGEX]: ";
    assert_memory_equal(t, want_first, strlen(want_first));
    const char *last = strrchr(t, '\n');
    assert_non_null(last);
    assert_int_equal(last[1], '\0');
    const char *summary = t + strlen(t) - 1;
    while (summary > t && summary[-1] != '\n')
        summary--;
    assert_string_equal(summary, "3 errors, 1 warning in 3 files\n");
    free(t);
    sa_diags_free(d);

    /* clean run: only the summary, singular file */
    d = sa_diags_new();
    t = render(d, SA_FORMAT_TEXT, files3, 1);
    assert_string_equal(t, "0 errors, 0 warnings in 1 file\n");
    free(t);

    /* colour marks the severity; a capped list says how many are not shown */
    sa_diags_set_max_per_code(d, 1);
    sa_diags_error(d, "E-X", (sa_pos){"f", 1, 1}, "one");
    sa_diags_error(d, "E-X", (sa_pos){"f", 2, 1}, "two");
    sa_buf out = SA_BUF_INIT;
    sa_report_options color = {true, false};
    assert_int_equal(sa_diags_render(d, SA_FORMAT_TEXT, "specaudit lint", files3, 1, &color, &out), 0);
    assert_non_null(strstr(sa_buf_cstr(&out), "\033[1;31merror[E-X]:"));
    assert_non_null(strstr(sa_buf_cstr(&out), "2 errors, 0 warnings in 1 file (1 not shown)\n"));
    sa_buf_free(&out);
    /* formats that do not apply to diagnostics */
    assert_int_equal(sa_diags_render(d, SA_FORMAT_HTML, "x", files3, 1, NULL, &out), -1);
    sa_buf_free(&out);
    sa_diags_free(d);
}

/* ---- json ------------------------------------------------------------------------- */

static void test_json(void **state)
{
    (void)state;
    sa_diags *d = sample();
    char *t = render(d, SA_FORMAT_JSON, files3, 3);
    jval *root = jparse(t);
    assert_non_null(root);
    /* stable key order */
    const char *order[] = {"format_version", "tool", "version", "files", "summary", "diagnostics"};
    assert_int_equal(root->n, 6);
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(root->keys[i], order[i]);
    assert_string_equal(jstr(root, "tool"), "specaudit lint");
    assert_int_equal(jget(root, "files")->n, 3);
    const jval *sum = jget(root, "summary");
    assert_true(jget(sum, "errors")->num == 3);
    assert_true(jget(sum, "warnings")->num == 1);
    assert_true(jget(sum, "files")->num == 3);
    const jval *diags = jget(root, "diagnostics");
    assert_int_equal(diags->kind, J_ARR);
    assert_int_equal(diags->n, 4);
    const char *dkeys[] = {"file", "line", "column", "severity", "code", "message"};
    for (size_t i = 0; i < diags->n; i++) {
        assert_int_equal(diags->items[i]->n, 6);
        for (size_t k = 0; k < 6; k++)
            assert_string_equal(diags->items[i]->keys[k], dkeys[k]);
    }
    const jval *re = diags->items[2];
    assert_string_equal(jstr(re, "file"), "specs/b c.yaml");
    assert_true(jget(re, "line")->num == 3 && jget(re, "column")->num == 20);
    assert_string_equal(jstr(re, "code"), "E-SPEC-REGEX");
    assert_string_equal(jstr(re, "severity"), "error");
    assert_non_null(strstr(jstr(re, "message"), "\"quotes\"\nnext line"));
    jfree(root);
    free(t);
    sa_diags_free(d);

    /* a diagnostic without a file or position */
    d = sa_diags_new();
    sa_diags_error(d, "E-IO-WRITE", (sa_pos){NULL, 0, 0}, "disk full");
    t = render(d, SA_FORMAT_JSON, NULL, 0);
    root = jparse(t);
    assert_non_null(root);
    const jval *g = jget(root, "diagnostics")->items[0];
    assert_int_equal(jget(g, "file")->kind, J_NULL);
    assert_int_equal(jget(g, "line")->kind, J_NULL);
    jfree(root);
    free(t);
    sa_diags_free(d);
}

/* ---- sarif ------------------------------------------------------------------------ */

static void check_sarif(const char *text, const sa_diags *d, size_t nfiles)
{
    jval *root = jparse(text);
    assert_non_null(root);
    assert_string_equal(jstr(root, "version"), "2.1.0");
    assert_non_null(strstr(jstr(root, "$schema"), "sarif-2.1.0"));
    const jval *runs = jget(root, "runs");
    assert_non_null(runs);
    assert_int_equal(runs->kind, J_ARR);
    assert_int_equal(runs->n, 1);
    const jval *run = runs->items[0];
    const jval *driver = jget(jget(run, "tool"), "driver");
    assert_non_null(driver);
    assert_string_equal(jstr(driver, "name"), "specaudit");
    assert_non_null(jstr(driver, "version"));
    const jval *rules = jget(driver, "rules");
    assert_non_null(rules);
    assert_int_equal(rules->kind, J_ARR);
    /* every code used is a rule, once */
    assert_int_equal(rules->n, sa_diags_code_count(d));
    for (size_t i = 0; i < rules->n; i++) {
        const char *id = jstr(rules->items[i], "id");
        assert_non_null(id);
        assert_non_null(jstr(jget(rules->items[i], "shortDescription"), "text"));
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(id, jstr(rules->items[j], "id"));
        bool used = false;
        for (size_t k = 0; k < sa_diags_count(d); k++)
            used |= strcmp(sa_diags_at(d, k)->code, id) == 0;
        assert_true(used);
    }
    const jval *artifacts = jget(run, "artifacts");
    assert_int_equal(artifacts->n, nfiles);
    const jval *results = jget(run, "results");
    assert_non_null(results);
    assert_int_equal(results->n, sa_diags_count(d));
    for (size_t i = 0; i < results->n; i++) {
        const jval *r = results->items[i];
        const char *rule = jstr(r, "ruleId");
        assert_non_null(rule);
        const jval *idx = jget(r, "ruleIndex");
        assert_non_null(idx);
        assert_string_equal(jstr(rules->items[(size_t)idx->num], "id"), rule);
        const char *level = jstr(r, "level");
        assert_true(strcmp(level, "error") == 0 || strcmp(level, "warning") == 0 || strcmp(level, "note") == 0);
        assert_non_null(jstr(jget(r, "message"), "text"));
        const jval *locs = jget(r, "locations");
        assert_non_null(locs);
        const jval *phys = jget(locs->items[0], "physicalLocation");
        const char *uri = jstr(jget(phys, "artifactLocation"), "uri");
        assert_non_null(uri);
        assert_null(strchr(uri, ' ')); /* a URI reference: spaces encoded */
        const jval *region = jget(phys, "region");
        assert_true(jget(region, "startLine")->num >= 1);
        assert_true(jget(region, "startColumn")->num >= 1);
    }
    jfree(root);
}

static void test_sarif(void **state)
{
    (void)state;
    sa_diags *d = sample();
    char *t = render(d, SA_FORMAT_SARIF, files3, 3);
    check_sarif(t, d, 3);
    assert_non_null(strstr(t, "\"uri\": \"specs/b%20c.yaml\""));
    assert_non_null(strstr(t, "\"startLine\": 3, \"startColumn\": 20"));
    free(t);
    sa_diags_free(d);
    /* a clean run is valid SARIF too, with empty rules and results */
    d = sa_diags_new();
    t = render(d, SA_FORMAT_SARIF, files3, 1);
    check_sarif(t, d, 1);
    free(t);
    sa_diags_free(d);
}

/* ---- junit ------------------------------------------------------------------------ */

static xmlNode *child(xmlNode *n, const char *name, int index)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0 && index-- == 0)
            return c;
    return NULL;
}

static char *attr(xmlNode *n, const char *name)
{
    return (char *)xmlGetProp(n, (const xmlChar *)name);
}

static void assert_attr(xmlNode *n, const char *name, const char *want)
{
    char *v = attr(n, name);
    assert_non_null(v);
    assert_string_equal(v, want);
    xmlFree(v);
}

static void test_junit(void **state)
{
    (void)state;
    sa_diags *d = sample();
    char *t = render(d, SA_FORMAT_JUNIT, files3, 3);
    xmlDoc *doc = xmlReadMemory(t, (int)strlen(t), "junit.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
    assert_non_null(doc);
    xmlNode *root = xmlDocGetRootElement(doc);
    assert_string_equal((const char *)root->name, "testsuites");
    assert_attr(root, "tests", "3");
    assert_attr(root, "failures", "2");
    xmlNode *suite = child(root, "testsuite", 0);
    assert_non_null(suite);
    assert_attr(suite, "name", "specaudit lint");
    /* one testcase per input file, in order */
    for (int i = 0; i < 3; i++) {
        xmlNode *tc = child(suite, "testcase", i);
        assert_non_null(tc);
        assert_attr(tc, "name", files3[i]);
    }
    assert_null(child(suite, "testcase", 3));
    xmlNode *a = child(suite, "testcase", 0);
    xmlNode *fa = child(a, "failure", 0);
    assert_non_null(fa);
    assert_attr(fa, "type", "E-SPEC-UNKNOWN-KEY");
    assert_attr(fa, "message", "1 error");
    xmlChar *text = xmlNodeGetContent(fa);
    assert_non_null(strstr((const char *)text, "specs/a.yaml:12:7: error[E-SPEC-UNKNOWN-KEY]"));
    assert_null(strstr((const char *)text, "warning")); /* warnings go to system-out */
    xmlFree(text);
    xmlNode *out = child(a, "system-out", 0);
    assert_non_null(out);
    text = xmlNodeGetContent(out);
    assert_non_null(strstr((const char *)text, "warning[W-SPEC-NO-REQUIREMENTS]"));
    xmlFree(text);
    xmlNode *b = child(suite, "testcase", 1);
    xmlNode *fb = child(b, "failure", 0);
    assert_attr(fb, "message", "2 errors");
    text = xmlNodeGetContent(fb);
    assert_non_null(strstr((const char *)text, "bad <pattern> & \"quotes\""));
    xmlFree(text);
    xmlNode *c = child(suite, "testcase", 2);
    assert_null(c->children); /* clean file: a passing testcase */
    xmlFreeDoc(doc);
    free(t);
    sa_diags_free(d);

    /* diagnostics not tied to an input file get a testcase of their own */
    d = sa_diags_new();
    sa_diags_error(d, "E-IO-WRITE", (sa_pos){NULL, 0, 0}, "cannot write");
    t = render(d, SA_FORMAT_JUNIT, files3, 1);
    doc = xmlReadMemory(t, (int)strlen(t), "junit.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
    assert_non_null(doc);
    root = xmlDocGetRootElement(doc);
    assert_attr(root, "tests", "2");
    assert_attr(root, "failures", "1");
    xmlNode *gen = child(child(root, "testsuite", 0), "testcase", 1);
    assert_non_null(child(gen, "failure", 0));
    xmlFreeDoc(doc);
    free(t);
    sa_diags_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_sarif),
        cmocka_unit_test(test_junit),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
