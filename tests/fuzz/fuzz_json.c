/*
 * fuzz_json.c — libFuzzer target for the JSON reader (core/json_read.h), the
 * parser of `check --baseline`'s earlier report, and for reading a parsed
 * tree as one (every lookup the report loader makes).
 *
 * Properties checked besides memory safety: a failed parse reports exactly
 * one E-IO-JSON with a line and column inside the input; a successful one
 * gives a tree whose strings are NUL-terminated UTF-8 without NUL and whose
 * nesting stays within SA_JSON_MAX_DEPTH.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/json_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_tree(const sa_json *v, int depth)
{
    if (depth > SA_JSON_MAX_DEPTH + 1)
        abort();
    if (v->type == SA_JSON_STRING && (!v->str || strlen(v->str) > SA_JSON_MAX_STRING))
        abort();
    for (size_t i = 0; i < v->n; i++) {
        if (v->type == SA_JSON_OBJECT && !v->keys[i])
            abort();
        check_tree(v->items[i], depth + 1);
    }
    /* what the report loader reads */
    (void)sa_json_get_str(sa_json_get(v, "specification"), "id");
    (void)sa_json_get(sa_json_get(v, "measured"), "value");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size ? size : 1); /* exactly the input, no NUL after it */
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    sa_arena *arena = sa_arena_new();
    sa_diags *d = sa_diags_new();
    sa_json *v = sa_json_parse("in.json", copy, size, arena, d);
    if (!v) {
        if (sa_diags_count(d) != 1)
            abort();
        const sa_diag *g = sa_diags_at(d, 0);
        if (strcmp(g->code, "E-IO-JSON") != 0 || g->pos.line < 1 || g->pos.col < 1 || g->pos.line > size + 1)
            abort();
    } else {
        if (sa_diags_count(d) != 0)
            abort();
        check_tree(v, 0);
    }
    sa_diags_free(d);
    sa_arena_free(arena);
    free(copy);
    return 0;
}
