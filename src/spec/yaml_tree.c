/* yaml_tree.c — YAML node tree with positions, built from libyaml events. */
#include "spec/yaml_tree.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "core/strmap.h"
#include "core/alloc.h"

/* A growable list of node pointers / pairs kept on the heap while a
 * collection is open, then copied into the arena when it closes. */
typedef struct open_coll {
    sa_ynode *node;
    const char *anchor; /* arena copy, or NULL */
    void *items;        /* sa_ynode ** (seq) or sa_ynode ** alternating key/value (map) */
    size_t n, cap;
} open_coll;

typedef struct builder {
    const char *file;
    const char *src;
    size_t src_len;
    size_t *line_starts; /* byte offset of each line's start */
    size_t nlines;
    size_t bom; /* bytes of a leading BOM libyaml skipped */
    /* the last mark converted, so marks along one long line convert in linear time */
    size_t last_line, last_column, last_offset;
    sa_arena *arena;
    sa_diags *diags;
    sa_strmap *anchors;
    open_coll *stack;
    size_t depth, cap;
    size_t expansions;
    const sa_ytree_limits *limits;
    sa_ynode *root;
    bool failed;
    bool has_nul; /* a scalar held a NUL: reported, and the tree is not returned */
} builder;

static size_t sat_add(size_t a, size_t b)
{
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

static void index_lines(builder *b)
{
    size_t cap = 64;
    b->line_starts = sa_xmalloc(cap * sizeof *b->line_starts);
    b->bom = (b->src_len >= 3 && memcmp(b->src, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
    b->nlines = 0;
    b->line_starts[b->nlines++] = b->bom;
    for (size_t i = b->bom; i < b->src_len; i++) {
        /* libyaml counts CR LF as one break, a lone CR as a break too. */
        bool brk = b->src[i] == '\n' || (b->src[i] == '\r' && (i + 1 >= b->src_len || b->src[i + 1] != '\n'));
        if (!brk)
            continue;
        if (b->nlines == cap) {
            cap *= 2;
            size_t *p = sa_xrealloc(b->line_starts, cap * sizeof *p);
            b->line_starts = p;
        }
        b->line_starts[b->nlines++] = i + 1;
    }
}

/* Byte offset of a libyaml mark (line, column counted in characters). */
static size_t mark_offset(builder *b, const yaml_mark_t *m)
{
    if (m->line >= b->nlines)
        return b->src_len;
    size_t i = b->line_starts[m->line];
    size_t chars = 0;
    if (m->line == b->last_line && m->column >= b->last_column) {
        i = b->last_offset;
        chars = b->last_column;
    }
    while (i < b->src_len && chars < m->column) {
        i++;
        while (i < b->src_len && ((unsigned char)b->src[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    b->last_line = m->line;
    b->last_column = m->column;
    b->last_offset = i;
    return i;
}

static sa_pos mark_pos(const builder *b, const yaml_mark_t *m)
{
    sa_pos p = {b->file, (uint32_t)m->line + 1, (uint32_t)m->column + 1};
    return p;
}

/* Position of a byte offset in the source (libyaml's reader errors give only
 * the offset): the line by binary search over the line starts, the column in
 * characters as libyaml counts them. The bytes before a reader error are
 * valid UTF-8, so counting lead bytes counts characters. */
static sa_pos offset_pos(const builder *b, size_t offset)
{
    size_t lo = 0, hi = b->nlines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (b->line_starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    uint32_t col = 1;
    for (size_t i = b->line_starts[lo]; i < offset && i < b->src_len; i++)
        col += ((unsigned char)b->src[i] & 0xC0) != 0x80;
    return (sa_pos){b->file, (uint32_t)lo + 1, col};
}

static void fail(builder *b, const char *code, sa_pos pos, const char *fmt, const char *arg)
{
    if (b->failed)
        return;
    b->failed = true;
    sa_diags_error(b->diags, code, pos, fmt, arg);
}

static sa_ynode *new_node(builder *b, sa_ykind kind, const yaml_mark_t *start)
{
    sa_ynode *n = sa_arena_alloc(b->arena, sizeof *n);
    n->kind = kind;
    n->pos = mark_pos(b, start);
    n->text_pos = n->pos;
    n->src_index = mark_offset(b, start);
    n->weight = 1;
    return n;
}

static void push_item(open_coll *c, sa_ynode *item)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 8;
        void *p = sa_xrealloc(c->items, c->cap * sizeof(sa_ynode *));
        c->items = p;
    }
    ((sa_ynode **)c->items)[c->n++] = item;
}

static void register_anchor(builder *b, const yaml_char_t *anchor, sa_ynode *n)
{
    if (!anchor)
        return;
    const char *a = (const char *)anchor;
    sa_strmap_put(b->anchors, a, strlen(a), (uintptr_t)n);
}

/* Attaches a finished node to its parent (or makes it the root). */
static void attach(builder *b, sa_ynode *n)
{
    if (b->depth == 0) {
        if (!b->root)
            b->root = n;
        return;
    }
    open_coll *parent = &b->stack[b->depth - 1];
    push_item(parent, n);
    parent->node->weight = sat_add(parent->node->weight, n->weight);
}

static bool is_null_plain(const char *s, size_t len)
{
    return len == 0 || (len == 1 && s[0] == '~') ||
           (len == 4 && (memcmp(s, "null", 4) == 0 || memcmp(s, "Null", 4) == 0 || memcmp(s, "NULL", 4) == 0));
}

/* First content character of a block scalar: the first non-blank line after
 * the indicator line, past its indentation. */
static void block_text_pos(builder *b, sa_ynode *n)
{
    size_t i = n->src_index;
    uint32_t line = n->pos.line;
    while (i < b->src_len && b->src[i] != '\n')
        i++;
    for (;;) {
        if (i >= b->src_len)
            return;
        i++; /* past the newline */
        line++;
        size_t j = i;
        uint32_t col = 1;
        while (j < b->src_len && b->src[j] == ' ')
            j++, col++;
        if (j < b->src_len && b->src[j] != '\n' && b->src[j] != '\r') {
            n->text_pos.line = line;
            n->text_pos.col = col;
            n->src_index = j;
            return;
        }
        i = j;
        while (i < b->src_len && b->src[i] != '\n')
            i++;
    }
}

/* Where a scalar about to be attached stands, for messages: "the value of
 * 'key'", "an item of 'key'" or "a key under 'key'", naming the last key of
 * the innermost mapping waiting for a value. */
static const char *scalar_place(builder *b)
{
    const open_coll *top = b->depth ? &b->stack[b->depth - 1] : NULL;
    bool is_key = top && top->node->kind == SA_YNODE_MAP && top->n % 2 == 0;
    bool is_item = top && top->node->kind == SA_YNODE_SEQ;
    const sa_ynode *k = NULL;
    for (size_t d = b->depth; d-- > 0 && !k;) {
        const open_coll *c = &b->stack[d];
        if (c->node->kind == SA_YNODE_MAP && c->n % 2 == 1)
            k = ((sa_ynode *const *)c->items)[c->n - 1];
    }
    if (!k)
        return is_key ? "a top-level key" : is_item ? "an item of the top-level list" : "the document";
    const char *name = k->kind == SA_YNODE_SCALAR ? k->text : "?";
    return sa_arena_printf(b->arena, is_key ? "a key under '%s'" : is_item ? "an item of '%s'" : "the value of '%s'",
                           name);
}

/* A NUL in a value (an escape \0, \x00, \u0000 or \U00000000 in a
 * double-quoted scalar; the reader refuses a raw one) would cut every C string
 * made of it short: `id: "mini\0../../etc"` would load as "mini". Reported
 * at the escape; the tree is then not returned. */
static void check_nul(builder *b, const sa_ynode *n)
{
    const char *nul = memchr(n->text, '\0', n->len);
    if (!nul)
        return;
    b->has_nul = true;
    sa_pos pos = sa_ytree_offset_pos(n, b->src, b->src_len, (size_t)(nul - n->text));
    sa_diags_error(b->diags, "E-SPEC-NUL", pos,
                   "%s holds a NUL character (written \\0, \\x00 or \\u0000), which would cut it short; "
                   "expected text without NUL",
                   scalar_place(b));
}

static void on_scalar(builder *b, const yaml_event_t *ev)
{
    sa_ynode *n = new_node(b, SA_YNODE_SCALAR, &ev->start_mark);
    n->len = ev->data.scalar.length;
    n->text = sa_arena_strndup(b->arena, (const char *)ev->data.scalar.value, n->len);
    switch (ev->data.scalar.style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: n->style = SA_YSTYLE_SINGLE; break;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: n->style = SA_YSTYLE_DOUBLE; break;
    case YAML_LITERAL_SCALAR_STYLE: n->style = SA_YSTYLE_LITERAL; break;
    case YAML_FOLDED_SCALAR_STYLE: n->style = SA_YSTYLE_FOLDED; break;
    default: n->style = SA_YSTYLE_PLAIN; break;
    }
    if (n->style == SA_YSTYLE_SINGLE || n->style == SA_YSTYLE_DOUBLE) {
        n->text_pos.col++;
        n->src_index++;
    } else if (n->style == SA_YSTYLE_LITERAL || n->style == SA_YSTYLE_FOLDED) {
        block_text_pos(b, n);
    }
    n->is_null = n->style == SA_YSTYLE_PLAIN && !ev->data.scalar.tag && is_null_plain(n->text, n->len);
    check_nul(b, n);
    register_anchor(b, ev->data.scalar.anchor, n);
    attach(b, n);
}

static void on_alias(builder *b, const yaml_event_t *ev)
{
    const char *a = (const char *)ev->data.alias.anchor;
    uintptr_t v = 0;
    if (!sa_strmap_get(b->anchors, a, strlen(a), &v) || !v) {
        fail(b, "E-SPEC-YAML", mark_pos(b, &ev->start_mark),
             "alias *%s names no anchor defined before it (expected &name earlier in the file)", a);
        return;
    }
    sa_ynode *target = (sa_ynode *)v;
    b->expansions = sat_add(b->expansions, target->weight);
    if (b->expansions > b->limits->max_alias_expansions) {
        sa_pos pos = mark_pos(b, &ev->start_mark);
        if (!b->failed) {
            b->failed = true;
            sa_diags_error(b->diags, "E-SPEC-ALIAS-LIMIT", pos,
                           "aliases expand to more than %zu nodes (alias *%s); expected at most %zu "
                           "(is this an alias bomb?)",
                           b->limits->max_alias_expansions, a, b->limits->max_alias_expansions);
        }
        return;
    }
    attach(b, target);
}

static void open_collection(builder *b, const yaml_event_t *ev, sa_ykind kind)
{
    if (b->depth >= b->limits->max_depth) {
        char lim[32];
        snprintf(lim, sizeof lim, "%zu", b->limits->max_depth);
        fail(b, "E-SPEC-TOO-DEEP", mark_pos(b, &ev->start_mark),
             "mappings and lists nest deeper than %s levels; expected a shallower document", lim);
        return;
    }
    if (b->depth == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 16;
        open_coll *p = sa_xrealloc(b->stack, b->cap * sizeof *p);
        b->stack = p;
    }
    open_coll *c = &b->stack[b->depth++];
    memset(c, 0, sizeof *c);
    c->node = new_node(b, kind, &ev->start_mark);
    const yaml_char_t *anchor =
        kind == SA_YNODE_MAP ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
    c->anchor = anchor ? sa_arena_strdup(b->arena, (const char *)anchor) : NULL;
}

static bool map_has_key(sa_ypair *pairs, size_t n, const sa_ynode *key)
{
    if (key->kind != SA_YNODE_SCALAR)
        return false;
    for (size_t i = 0; i < n; i++)
        if (pairs[i].key->kind == SA_YNODE_SCALAR && pairs[i].key->len == key->len &&
            memcmp(pairs[i].key->text, key->text, key->len) == 0)
            return true;
    return false;
}

static bool is_merge_key(const sa_ynode *k)
{
    return k->kind == SA_YNODE_SCALAR && k->style == SA_YSTYLE_PLAIN && k->len == 2 &&
           memcmp(k->text, "<<", 2) == 0;
}

/* Builds the final pair array of a mapping, applying `<<` merge keys:
 * explicit keys win, then merged mappings in order. */
static void close_map(builder *b, open_coll *c)
{
    sa_ynode **kv = c->items;
    size_t npairs = c->n / 2;
    size_t merged = 0;
    for (size_t i = 0; i < npairs; i++) {
        if (!is_merge_key(kv[2 * i]))
            continue;
        sa_ynode *v = kv[2 * i + 1];
        if (v->kind == SA_YNODE_MAP)
            merged += v->npairs;
        else if (v->kind == SA_YNODE_SEQ)
            for (size_t j = 0; j < v->nitems; j++)
                merged += v->items[j]->kind == SA_YNODE_MAP ? v->items[j]->npairs : 0;
    }
    sa_ypair *pairs = sa_arena_calloc(b->arena, npairs + merged + 1, sizeof *pairs);
    size_t n = 0;
    for (size_t i = 0; i < npairs; i++) {
        if (is_merge_key(kv[2 * i]))
            continue;
        pairs[n].key = kv[2 * i];
        pairs[n].value = kv[2 * i + 1];
        n++;
    }
    for (size_t i = 0; i < npairs; i++) {
        if (!is_merge_key(kv[2 * i]))
            continue;
        sa_ynode *v = kv[2 * i + 1];
        sa_ynode *single[1] = {v};
        sa_ynode **srcs = single;
        size_t nsrc = 1;
        if (v->kind == SA_YNODE_SEQ) {
            srcs = v->items;
            nsrc = v->nitems;
        }
        for (size_t s = 0; s < nsrc; s++) {
            if (srcs[s]->kind != SA_YNODE_MAP) {
                fail(b, "E-SPEC-TYPE", srcs[s]->pos,
                     "a << merge key expects a mapping or a list of mappings, found %s",
                     sa_ynode_describe(srcs[s]));
                continue;
            }
            for (size_t j = 0; j < srcs[s]->npairs; j++) {
                if (map_has_key(pairs, n, srcs[s]->pairs[j].key))
                    continue;
                pairs[n++] = srcs[s]->pairs[j];
            }
            b->expansions = sat_add(b->expansions, srcs[s]->npairs);
        }
    }
    if (b->expansions > b->limits->max_alias_expansions && !b->failed) {
        b->failed = true;
        sa_diags_error(b->diags, "E-SPEC-ALIAS-LIMIT", c->node->pos,
                       "merge keys and aliases expand to more than %zu nodes; expected at most %zu",
                       b->limits->max_alias_expansions, b->limits->max_alias_expansions);
    }
    c->node->pairs = pairs;
    c->node->npairs = n;
}

static void close_collection(builder *b)
{
    open_coll *c = &b->stack[--b->depth];
    sa_ynode *n = c->node;
    if (n->kind == SA_YNODE_MAP) {
        close_map(b, c);
    } else {
        n->items = sa_arena_calloc(b->arena, c->n + 1, sizeof *n->items);
        if (c->n)
            memcpy(n->items, c->items, c->n * sizeof *n->items);
        n->nitems = c->n;
    }
    free(c->items);
    if (c->anchor)
        sa_strmap_put(b->anchors, c->anchor, strlen(c->anchor), (uintptr_t)n);
    attach(b, n);
}

static const char *yaml_problem_text(const yaml_parser_t *p)
{
    return p->problem ? p->problem : "malformed YAML";
}

/* A reader error (bytes that are not UTF-8, a control character): libyaml
 * gives the byte offset and the offending byte or character, not a mark. */
static void report_reader_error(builder *b, const yaml_parser_t *p)
{
    sa_pos pos = offset_pos(b, p->problem_offset);
    char found[40] = "";
    if (p->problem_value >= 0 && p->problem && strstr(p->problem, "octet"))
        snprintf(found, sizeof found, " (found byte 0x%02X)", (unsigned)p->problem_value);
    else if (p->problem_value >= 0)
        snprintf(found, sizeof found, " (found U+%04X)", (unsigned)p->problem_value);
    sa_diags_error(b->diags, "E-SPEC-YAML", pos, "%s%s; expected UTF-8 text without control characters",
                   yaml_problem_text(p), found);
}

/* A scanner or parser error, at libyaml's problem mark, with a hint for the
 * two mistakes people make most: tabs, and an unquoted `>= 90%`. */
static void report_syntax_error(builder *b, const yaml_parser_t *p)
{
    sa_pos pos = mark_pos(b, &p->problem_mark);
    size_t at = mark_offset(b, &p->problem_mark);
    const char *hint = at < b->src_len && b->src[at] == '\t' ? "; YAML does not allow tabs here: indent with spaces" : "";
    if (!p->context) {
        sa_diags_error(b->diags, "E-SPEC-YAML", pos, "%s%s", yaml_problem_text(p), hint);
        return;
    }
    /* `target: >= 90%`: an unquoted '>' or '<' starts a YAML block scalar or is
     * reserved; point at it and say to quote the comparison. */
    size_t c = mark_offset(b, &p->context_mark);
    const char *d = b->src;
    if (c + 1 < b->src_len && (d[c] == '>' || d[c] == '|') && (d[c + 1] == '=' || d[c + 1] == ' ')) {
        hint = "; a value starting with '>' or '|' begins a YAML block scalar: quote comparisons, "
               "e.g. target: \">= 90%\"";
        pos = mark_pos(b, &p->context_mark);
    }
    sa_diags_error(b->diags, "E-SPEC-YAML", pos, "%s (%s that starts at line %zu)%s", yaml_problem_text(p),
                   p->context, p->context_mark.line + 1, hint);
}

/* libyaml reads UTF-16 after a byte order mark, but the format is UTF-8 and
 * every position here is computed over UTF-8 bytes. */
static bool refuse_utf16(builder *b)
{
    if (b->src_len < 2 || !((b->src[0] == '\xFF' && b->src[1] == '\xFE') || (b->src[0] == '\xFE' && b->src[1] == '\xFF')))
        return false;
    fail(b, "E-SPEC-YAML", (sa_pos){b->file, 1, 1},
         "the file starts with a UTF-16 byte order mark; expected %s", "UTF-8 text (convert it, e.g. with iconv)");
    return true;
}

static void on_event(builder *b, const yaml_event_t *ev, int *documents)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++*documents > 1)
            fail(b, "E-SPEC-YAML", mark_pos(b, &ev->start_mark),
                 "a second YAML document starts here; expected %s", "one document per specification file");
        break;
    case YAML_SCALAR_EVENT: on_scalar(b, ev); break;
    case YAML_ALIAS_EVENT: on_alias(b, ev); break;
    case YAML_SEQUENCE_START_EVENT: open_collection(b, ev, SA_YNODE_SEQ); break;
    case YAML_MAPPING_START_EVENT: open_collection(b, ev, SA_YNODE_MAP); break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: close_collection(b); break;
    default: break;
    }
}

/* Feeds libyaml's events to the builder until the stream ends or it fails. */
static void build(builder *b)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        sa_oom(); /* libyaml fails here only to allocate */
    yaml_parser_set_input_string(&parser, (const unsigned char *)b->src, b->src_len);
    int documents = 0;
    while (!b->failed) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            if (parser.error == YAML_READER_ERROR)
                report_reader_error(b, &parser);
            else
                report_syntax_error(b, &parser);
            b->failed = true;
            break;
        }
        bool end = ev.type == YAML_STREAM_END_EVENT;
        on_event(b, &ev, &documents);
        yaml_event_delete(&ev);
        if (end)
            break;
    }
    yaml_parser_delete(&parser);
}

/* An empty document: a null scalar at 1:1. */
static sa_ynode *null_root(const char *file, sa_arena *arena)
{
    sa_ynode *root = sa_arena_alloc(arena, sizeof *root);
    root->kind = SA_YNODE_SCALAR;
    root->pos = (sa_pos){file, 1, 1};
    root->text_pos = root->pos;
    root->text = "";
    root->is_null = true;
    root->weight = 1;
    return root;
}

sa_ynode *sa_ytree_parse(const char *file, const char *data, size_t len, const sa_ytree_limits *limits,
                         sa_arena *arena, sa_diags *diags)
{
    builder b;
    memset(&b, 0, sizeof b);
    b.file = file;
    b.src = data;
    b.src_len = len;
    b.arena = arena;
    b.diags = diags;
    b.limits = limits;
    b.anchors = sa_strmap_new(16);
    index_lines(&b);
    if (!refuse_utf16(&b))
        build(&b);
    while (b.depth > 0)
        free(b.stack[--b.depth].items);
    free(b.stack);
    free(b.line_starts);
    sa_strmap_free(b.anchors);
    if (b.failed || b.has_nul)
        return NULL;
    return b.root ? b.root : null_root(file, arena);
}

static size_t utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* A double-quoted escape at `e` (the backslash, with at least one byte after
 * it): its length in the source, and the bytes it stands for in the value
 * (\x, \u and \U give a code point, stored as UTF-8; \N and \_ two bytes,
 * \L and \P three). */
static size_t escape_steps(const char *e, size_t avail, size_t *src_step)
{
    size_t digits = e[1] == 'x' ? 2 : e[1] == 'u' ? 4 : e[1] == 'U' ? 8 : 0;
    *src_step = 2 + digits;
    if (!digits)
        return e[1] == 'N' || e[1] == '_' ? 2 : e[1] == 'L' || e[1] == 'P' ? 3 : 1;
    unsigned long cp = 0;
    for (size_t k = 2; k < 2 + digits && k < avail; k++) {
        char h = e[k];
        cp = cp * 16 + (unsigned long)(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
    }
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

sa_pos sa_ytree_offset_pos(const sa_ynode *n, const char *src, size_t src_len, size_t offset)
{
    sa_pos pos = n->text_pos;
    size_t i = n->src_index;
    size_t d = 0;
    uint32_t indent = n->text_pos.col > 0 ? n->text_pos.col - 1 : 0;
    if (n->style == SA_YSTYLE_LITERAL || n->style == SA_YSTYLE_FOLDED) {
        /* text_pos is the first content character: leading blank lines come before it */
        size_t lead = 0;
        while (lead < n->len && n->text[lead] == '\n')
            lead++;
        if (offset < lead)
            return pos;
        offset -= lead;
    }
    while (d < offset && i < src_len) {
        unsigned char c = (unsigned char)src[i];
        if (c == '\n' || c == '\r') {
            i += (c == '\r' && i + 1 < src_len && src[i + 1] == '\n') ? 2 : 1;
            pos.line++;
            pos.col = 1;
            /* Skip indentation; block scalars keep text beyond their indent. */
            uint32_t skipped = 0;
            while (i < src_len && src[i] == ' ' &&
                   (n->style == SA_YSTYLE_PLAIN || n->style == SA_YSTYLE_SINGLE ||
                    n->style == SA_YSTYLE_DOUBLE || skipped < indent))
                i++, skipped++, pos.col++;
            d++;
            continue;
        }
        size_t src_step = utf8_len(c);
        size_t out_step = src_step;
        if (n->style == SA_YSTYLE_SINGLE && c == '\'' && i + 1 < src_len && src[i + 1] == '\'') {
            src_step = 2;
            out_step = 1;
        } else if (n->style == SA_YSTYLE_DOUBLE && c == '\\' && i + 1 < src_len) {
            out_step = escape_steps(src + i, src_len - i, &src_step);
        }
        for (size_t k = 0; k < src_step && i < src_len; k++, i++)
            if (((unsigned char)src[i] & 0xC0) != 0x80)
                pos.col++;
        d += out_step;
    }
    return pos;
}

const char *sa_ynode_describe(const sa_ynode *n)
{
    if (!n)
        return "nothing";
    switch (n->kind) {
    case SA_YNODE_MAP: return "a mapping";
    case SA_YNODE_SEQ: return "a list";
    default: return n->is_null ? "null" : "a scalar";
    }
}
