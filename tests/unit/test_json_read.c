/* test_json_read.c — the bounded JSON reader: values, escapes, and every
 * malformed or out-of-bounds input refused at its position. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/json_read.h"

/* Parses `text`; on failure expects E-IO-JSON at line:col with `words` in its message. */
static sa_json *parse(sa_arena *a, const char *text, size_t len, unsigned line, unsigned col, const char *words)
{
    sa_diags *d = sa_diags_new();
    sa_json *v = sa_json_parse("in.json", text, len, a, d);
    if (words) {
        assert_null(v);
        assert_int_equal(sa_diags_count(d), 1);
        const sa_diag *g = sa_diags_at(d, 0);
        if (g->pos.line != line || g->pos.col != col || !strstr(g->message, words))
            print_message("%u:%u %s\n", g->pos.line, g->pos.col, g->message);
        assert_string_equal(g->code, "E-IO-JSON");
        assert_int_equal(g->pos.line, line);
        assert_int_equal(g->pos.col, col);
        assert_non_null(strstr(g->message, words));
    } else {
        assert_non_null(v);
        assert_int_equal(sa_diags_count(d), 0);
    }
    sa_diags_free(d);
    return v;
}
#define OK(a, text) parse((a), (text), strlen(text), 0, 0, NULL)
#define BAD(a, text, line, col, words) parse((a), (text), strlen(text), (line), (col), (words))

static void test_values(void **state)
{
    (void)state;
    sa_arena *a = sa_arena_new();
    const sa_json *v = OK(a, "\xEF\xBB\xBF {\"n\": -12.5e1, \"s\": \"a\\u00e9\\ud83d\\ude00\\n\", \"t\": true,\n"
                             " \"z\": null, \"l\": [0, [], {}], \"n\": 1}\n");
    assert_int_equal(v->type, SA_JSON_OBJECT);
    assert_int_equal(v->n, 6);
    assert_true(sa_json_get(v, "n")->num == -125.0); /* the first of a repeated key */
    assert_string_equal(sa_json_get_str(v, "s"), "a\xC3\xA9\xF0\x9F\x98\x80\n");
    assert_true(sa_json_get(v, "t")->b);
    assert_int_equal(sa_json_get(v, "z")->type, SA_JSON_NULL);
    const sa_json *l = sa_json_get(v, "l");
    assert_int_equal(l->n, 3);
    assert_int_equal(l->items[1]->type, SA_JSON_ARRAY);
    assert_int_equal(l->items[2]->type, SA_JSON_OBJECT);
    assert_int_equal(l->line, 2);
    assert_int_equal(l->col, 18);
    assert_null(sa_json_get(v, "missing"));
    assert_null(sa_json_get_str(v, "t"));
    sa_arena_free(a);
}

static void test_malformed(void **state)
{
    (void)state;
    sa_arena *a = sa_arena_new();
    BAD(a, "", 1, 1, "a JSON value");
    BAD(a, "{\"a\": [1, 2,, 3]}", 1, 13, "found ','");
    BAD(a, "[1, 2,]", 1, 7, "a JSON value");
    BAD(a, "{\"a\" 1}", 1, 6, "':'");
    BAD(a, "{a: 1}", 1, 2, "in double quotes");
    BAD(a, "[1]\n x", 2, 2, "the end of the file");
    BAD(a, "[01]", 1, 3, "',' or ']'");
    BAD(a, "[1.]", 1, 4, "a digit after '.'");
    BAD(a, "[1e]", 1, 4, "exponent");
    BAD(a, "[NaN]", 1, 2, "a JSON value");
    BAD(a, "[1e999]", 1, 2, "range of a double");
    BAD(a, "[tru]", 1, 2, "a JSON value");
    BAD(a, "\"abc", 1, 1, "closed");
    BAD(a, "\"a\tb\"", 1, 3, "control characters");
    BAD(a, "\"\\x\"", 1, 3, "an escape");
    BAD(a, "\"\\u12g4\"", 1, 4, "four hex digits");
    BAD(a, "\"\\u0000\"", 1, 2, "other than \\u0000");
    BAD(a, "\"\\ude00\"", 1, 2, "high surrogate");
    BAD(a, "\"\\ud83d x\"", 1, 8, "low surrogate");
    BAD(a, "\"\xC0\xAF\"", 1, 2, "UTF-8");
    BAD(a, "\"\xED\xA0\x80\"", 1, 2, "UTF-8");
    BAD(a, "\"\xF5\x80\x80\x80\"", 1, 2, "UTF-8");
    BAD(a, "\"\xE2\x82\"", 1, 2, "UTF-8");
    sa_arena_free(a);
    a = sa_arena_new();
    char nul[] = "[1, \0]";
    parse(a, nul, sizeof nul - 1, 1, 5, "a JSON value");
    sa_arena_free(a);
}

/* Nesting, strings and numbers past their bounds are refused, not followed. */
static void test_bounds(void **state)
{
    (void)state;
    sa_arena *a = sa_arena_new();
    char deep[200];
    memset(deep, '[', 65);
    memset(deep + 65, ']', 65);
    deep[130] = '\0';
    OK(a, deep);
    memset(deep, '[', 66);
    memset(deep + 66, ']', 66);
    deep[132] = '\0';
    BAD(a, deep, 1, 66, "nesting at most 64 deep");
    size_t n = SA_JSON_MAX_STRING + 3;
    char *big = malloc(n + 1);
    big[0] = '"';
    memset(big + 1, 'x', n - 2);
    big[n - 1] = '"';
    big[n] = '\0';
    BAD(a, big, 1, 1, "at most 65536 bytes");
    big[n - 2] = '"';
    big[n - 1] = '\0';
    OK(a, big);
    free(big);
    char num[80];
    memset(num, '1', 65);
    num[65] = '\0';
    BAD(a, num, 1, 1, "at most 64 characters");
    num[64] = '\0';
    OK(a, num);
    sa_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
