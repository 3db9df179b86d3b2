/* load.c — maps the YAML tree onto the specification model and validates it.
 *
 * Every problem is reported (the loader never stops at the first), each with
 * a stable code, the position of the offending node, what was expected and
 * what was found. Validation order follows dependencies: the header and the
 * calendar, then roles, then datasets, then requirements (which refer to all
 * of them).
 */
#include <float.h>
#include <errno.h>
#include <ctype.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fileio.h"
#include "core/strmap.h"
#include "core/suggest.h"
#include "expr/expr.h"
#include "spec/kind.h"
#include "spec/kinds/kind_load.h"
#include "spec/spec.h"
#include "spec/yaml_tree.h"

#define SA_SPEC_FORMAT_VERSION 1

struct sa_ld {
    sa_strmap *ids;       /* requirement id -> line of its first use */
    sa_strmap *datasets;  /* dataset name -> index + 1 */
    sa_strmap *roles;     /* role name -> index + 1 */
    sa_strmap **columns;  /* per dataset: column name -> index + 1 (lookups stay linear on huge specs) */
    sa_arena *arena;
    sa_diags *diags;
    const char *file;
    const char *src;
    size_t src_len;
    sa_spec *spec;
};
typedef sa_ld ld;

typedef sa_yn yn;

/* ---- small helpers ------------------------------------------------------------- */

static void err(ld *l, const char *code, sa_pos pos, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void err(ld *l, const char *code, sa_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sa_diags_vadd(l->diags, SA_SEV_ERROR, code, pos, fmt, ap);
    va_end(ap);
}

static void warn(ld *l, const char *code, sa_pos pos, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void warn(ld *l, const char *code, sa_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sa_diags_vadd(l->diags, SA_SEV_WARNING, code, pos, fmt, ap);
    va_end(ap);
}

/* What a node is, for "found ..." in messages: a quoted excerpt for scalars. */
static const char *found(ld *l, yn *n)
{
    if (!n)
        return "nothing";
    if (n->kind != SA_YNODE_SCALAR || n->is_null)
        return sa_ynode_describe(n);
    /* One line, at most 40 characters: messages stay one gcc-style line. */
    sa_buf b = SA_BUF_INIT;
    sa_buf_putc(&b, '"');
    size_t chars = 0;
    for (size_t i = 0; i < n->len; i++) {
        unsigned char c = (unsigned char)n->text[i];
        if ((c & 0xC0) != 0x80 && ++chars > 37 && n->len - i > 3) {
            sa_buf_puts(&b, "...");
            break;
        }
        if (c == '\n')
            sa_buf_puts(&b, "\\n");
        else if (c < 0x20 || c == 0x7f)
            sa_buf_printf(&b, "\\x%02x", c);
        else
            sa_buf_putc(&b, (char)c);
    }
    sa_buf_putc(&b, '"');
    const char *out = sa_arena_strdup(l->arena, sa_buf_cstr(&b));
    sa_buf_free(&b);
    return out;
}

static bool key_is(yn *k, const char *name)
{
    return k->kind == SA_YNODE_SCALAR && strcmp(k->text, name) == 0;
}

static yn *mget(yn *map, const char *key)
{
    if (!map || map->kind != SA_YNODE_MAP)
        return NULL;
    for (size_t i = 0; i < map->npairs; i++)
        if (key_is(map->pairs[i].key, key))
            return map->pairs[i].value;
    return NULL;
}

static yn *mkey(yn *map, const char *key)
{
    if (!map || map->kind != SA_YNODE_MAP)
        return NULL;
    for (size_t i = 0; i < map->npairs; i++)
        if (key_is(map->pairs[i].key, key))
            return map->pairs[i].key;
    return NULL;
}

/* Present and not null. */
static yn *mval(yn *map, const char *key)
{
    yn *v = mget(map, key);
    return v && !(v->kind == SA_YNODE_SCALAR && v->is_null) ? v : NULL;
}

static size_t count_list(const char *const *l)
{
    size_t n = 0;
    while (l[n])
        n++;
    return n;
}

/* Records `key` with `value` (e.g. a line number) in *set, created on first
 * use; returns the value recorded earlier for the same key, or 0. Keeps
 * duplicate detection linear on hostile inputs with long lists. */
static uintptr_t remember(sa_strmap **set, const char *key, uintptr_t value)
{
    if (!*set)
        *set = sa_strmap_new(16);
    uintptr_t *slot = sa_strmap_slot(*set, key, strlen(key));
    uintptr_t before = *slot;
    if (!before)
        *slot = value ? value : 1;
    return before;
}

/* "a, b or c": all of a closed list (the check kinds), the first ten of a longer list the
 * specification defines (roles), so that a message stays a line. */
static const char *join_some(ld *l, const char *const *choices, size_t n, size_t most)
{
    sa_buf b = SA_BUF_INIT;
    size_t shown = n > most ? most - 2 : n;
    for (size_t i = 0; i < shown; i++) {
        if (i)
            sa_buf_puts(&b, i + 1 == n ? " or " : ", ");
        sa_buf_puts(&b, choices[i]);
    }
    if (shown < n)
        sa_buf_printf(&b, " and %zu more", n - shown);
    const char *s = sa_arena_strdup(l->arena, sa_buf_cstr(&b));
    sa_buf_free(&b);
    return s;
}

static const char *join_choices(ld *l, const char *const *choices, size_t n)
{
    return join_some(l, choices, n, 12);
}

static const char *suggestion(ld *l, const char *word, const char *const *choices, size_t n)
{
    const char *c = sa_suggest_closest(word, choices, n);
    return c ? sa_arena_printf(l->arena, "; did you mean '%s'?", c) : "";
}

static bool valid_id(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '.' && *s != '_' && *s != '-')
            return false;
    return true;
}

static bool valid_name(const char *s)
{
    if (!*s || isdigit((unsigned char)*s))
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_')
            return false;
    return true;
}

/* ODS organisation codes: 3 to 9 upper-case letters and digits. */
static bool ods_shaped(const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || n > 9)
        return false;
    for (; *s; s++)
        if (!isupper((unsigned char)*s) && !isdigit((unsigned char)*s))
            return false;
    return true;
}

/*
 * Reports keys that are not allowed (with a did-you-mean), keys that are not
 * scalars, and keys given twice (with `dup_code`). Keys starting with "x-"
 * are extension keys and always allowed. `hint` may add why a key is not
 * allowed here (e.g. it belongs to another check kind).
 */
typedef const char *(*key_hint_fn)(ld *l, const char *key, const void *arg);

/* Returns an array marking the pairs to skip (non-scalar or repeated keys).
 * Large mappings use a hash map so a hostile file with many keys stays linear. */
static const bool *check_keys(ld *l, yn *map, const char *const *allowed, const char *context, const char *dup_code,
                              key_hint_fn hint, const void *hint_arg)
{
    size_t nallowed = allowed ? count_list(allowed) : 0;
    bool *skip = sa_arena_calloc(l->arena, map->npairs + 1, sizeof *skip);
    sa_strmap *seen = map->npairs > 16 ? sa_strmap_new(map->npairs) : NULL;
    for (size_t i = 0; i < map->npairs; i++) {
        yn *k = map->pairs[i].key;
        if (k->kind != SA_YNODE_SCALAR) {
            err(l, "E-SPEC-TYPE", k->pos, "expected a plain key in %s, found %s", context, sa_ynode_describe(k));
            skip[i] = true;
            continue;
        }
        yn *first = NULL;
        if (seen) {
            uintptr_t *slot = sa_strmap_slot(seen, k->text, k->len);
            if (*slot)
                first = (yn *)*slot;
            else
                *slot = (uintptr_t)k;
        } else {
            for (size_t j = 0; j < i && !first; j++) {
                yn *o = map->pairs[j].key;
                if (o->kind == SA_YNODE_SCALAR && o->len == k->len && memcmp(o->text, k->text, k->len) == 0)
                    first = o;
            }
        }
        if (first) {
            err(l, dup_code, k->text_pos, "'%s' is given twice in %s (first at line %u); expected each once", k->text,
                context, first->pos.line);
            skip[i] = true;
            continue;
        }
        if (!allowed || strncmp(k->text, "x-", 2) == 0)
            continue;
        bool ok = false;
        for (size_t j = 0; j < nallowed && !ok; j++)
            ok = strcmp(allowed[j], k->text) == 0;
        if (ok)
            continue;
        skip[i] = true;
        const char *extra = hint ? hint(l, k->text, hint_arg) : NULL;
        if (extra)
            err(l, "E-SPEC-UNKNOWN-KEY", k->text_pos, "unknown key '%s' in %s: %s", k->text, context, extra);
        else
            err(l, "E-SPEC-UNKNOWN-KEY", k->text_pos, "unknown key '%s' in %s; expected one of %s%s", k->text,
                context, join_choices(l, allowed, nallowed), suggestion(l, k->text, allowed, nallowed));
    }
    sa_strmap_free(seen);
    return skip;
}

static bool expect_map(ld *l, yn *n, const char *what)
{
    if (n && n->kind == SA_YNODE_MAP)
        return true;
    if (n)
        err(l, "E-SPEC-TYPE", n->pos, "expected %s (a mapping), found %s", what, found(l, n));
    return false;
}

static void missing(ld *l, yn *map, const char *key, const char *what)
{
    yn *k = mkey(map, key);
    if (k) /* given, but with no value */
        err(l, "E-SPEC-MISSING-KEY", k->text_pos, "'%s' has no value; expected %s", key, what);
    else
        err(l, "E-SPEC-MISSING-KEY", map->pos, "missing required key '%s' (%s)", key, what);
}

/* A string value; NULL when absent or null, or (with an error) when not a scalar. */
static const char *get_str(ld *l, yn *map, const char *key, bool required, const char *what)
{
    yn *v = mval(map, key);
    if (!v) {
        if (required)
            missing(l, map, key, what);
        return NULL;
    }
    if (v->kind != SA_YNODE_SCALAR) {
        err(l, "E-SPEC-TYPE", v->pos, "'%s' expects %s (a string), found %s", key, what, found(l, v));
        return NULL;
    }
    if (required && v->len == 0) {
        err(l, "E-SPEC-TYPE", v->text_pos, "'%s' expects %s, found an empty string", key, what);
        return NULL;
    }
    return v->text;
}

static bool parse_int(const char *s, int64_t *out)
{
    char *end;
    if (!*s || isspace((unsigned char)*s))
        return false;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*end || errno == ERANGE) /* out of range: refuse rather than clamp */
        return false;
    *out = v;
    return true;
}

/* Integer value: false when absent or invalid (invalid is reported). */
static bool get_int(ld *l, yn *map, const char *key, bool required, int64_t lo, int64_t hi, int64_t *out,
                    const char *what)
{
    yn *v = mval(map, key);
    if (!v) {
        if (required)
            missing(l, map, key, what);
        return false;
    }
    int64_t x;
    if (v->kind != SA_YNODE_SCALAR || !parse_int(v->text, &x)) {
        err(l, "E-SPEC-TYPE", v->text_pos, "'%s' expects %s (a whole number), found %s", key, what, found(l, v));
        return false;
    }
    if (x < lo || x > hi) {
        err(l, "E-SPEC-RANGE", v->text_pos, "'%s' expects %s between %lld and %lld, found %lld", key, what,
            (long long)lo, (long long)hi, (long long)x);
        return false;
    }
    *out = x;
    return true;
}

static bool get_number(ld *l, yn *map, const char *key, double *out, const char *what)
{
    yn *v = mval(map, key);
    if (!v)
        return false;
    char *end = NULL;
    double x = 0;
    /* Plain decimals only: strtod would also take hex, exponents, inf and nan
     * (a nan bound would switch the range check off). */
    if (v->kind == SA_YNODE_SCALAR && v->len) {
        const char *t = v->text + (v->text[0] == '-' || v->text[0] == '+');
        x = strtod(v->text, &end);
        if (t[0] == '\0' || strspn(t, "0123456789.") != strlen(t) || !(x >= -DBL_MAX && x <= DBL_MAX))
            end = NULL;
    }
    if (!end || *end) {
        err(l, "E-SPEC-TYPE", v->text_pos, "'%s' expects %s (a number), found %s", key, what, found(l, v));
        return false;
    }
    *out = x;
    return true;
}

static bool get_bool(ld *l, yn *map, const char *key, bool dflt)
{
    yn *v = mval(map, key);
    if (!v)
        return dflt;
    if (v->kind == SA_YNODE_SCALAR) {
        if (strcmp(v->text, "true") == 0 || strcmp(v->text, "True") == 0 || strcmp(v->text, "TRUE") == 0)
            return true;
        if (strcmp(v->text, "false") == 0 || strcmp(v->text, "False") == 0 || strcmp(v->text, "FALSE") == 0)
            return false;
    }
    err(l, "E-SPEC-TYPE", v->text_pos, "'%s' expects true or false, found %s", key, found(l, v));
    return dflt;
}

static bool get_date(ld *l, yn *v, const char *what, sa_date *out)
{
    if (v->kind != SA_YNODE_SCALAR || !sa_date_parse_iso(v->text, v->len, out)) {
        err(l, "E-SPEC-DATE", v->text_pos, "expected %s as a date YYYY-MM-DD, found %s", what, found(l, v));
        return false;
    }
    return true;
}

/* A list of strings; a single scalar is accepted as a list of one. Returns
 * the nodes too (for positions) when `nodes` is non-NULL. */
static const char **get_str_list(ld *l, yn *map, const char *key, size_t *n, yn ***nodes, const char *what)
{
    *n = 0;
    if (nodes)
        *nodes = NULL;
    yn *v = mval(map, key);
    if (!v)
        return NULL;
    yn *const *items = (yn *const *)&v;
    size_t count = 1;
    if (v->kind == SA_YNODE_SEQ) {
        items = (yn *const *)v->items;
        count = v->nitems;
    } else if (v->kind != SA_YNODE_SCALAR) {
        err(l, "E-SPEC-TYPE", v->pos, "'%s' expects %s (a list of strings), found %s", key, what, found(l, v));
        return NULL;
    }
    const char **out = sa_arena_calloc(l->arena, count + 1, sizeof *out);
    yn **outn = sa_arena_calloc(l->arena, count + 1, sizeof *outn);
    size_t k = 0;
    for (size_t i = 0; i < count; i++) {
        if (items[i]->kind != SA_YNODE_SCALAR || items[i]->is_null) {
            err(l, "E-SPEC-TYPE", items[i]->pos, "'%s' expects %s (a list of strings), found %s in the list", key,
                what, found(l, items[i]));
            continue;
        }
        outn[k] = (sa_ynode *)items[i];
        out[k++] = items[i]->text;
    }
    *n = k;
    if (nodes)
        *nodes = outn;
    return out;
}

/* One value out of a fixed set; reports with a did-you-mean. Returns the index or -1. */
static int get_choice(ld *l, yn *map, const char *key, const char *const *choices, const char *what)
{
    yn *v = mval(map, key);
    if (!v)
        return -1;
    size_t n = count_list(choices);
    if (v->kind == SA_YNODE_SCALAR)
        for (size_t i = 0; i < n; i++)
            if (strcmp(v->text, choices[i]) == 0)
                return (int)i;
    err(l, "E-SPEC-BAD-VALUE", v->text_pos, "'%s' expects %s: one of %s; found %s%s", key, what,
        join_choices(l, choices, n), found(l, v),
        v->kind == SA_YNODE_SCALAR ? suggestion(l, v->text, choices, n) : "");
    return -2;
}

/* Compiles a PCRE2 pattern written in a scalar, pointing errors at the
 * offending character inside the pattern. */
static void *compile_pattern(ld *l, yn *v, uint32_t options, const char *what)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)v->text, v->len, PCRE2_UTF | options, &code, &off, NULL);
    if (re)
        return re;
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(code, msg, sizeof msg);
    sa_pos p = sa_ytree_offset_pos(v, l->src, l->src_len, off);
    err(l, "E-SPEC-REGEX", p, "%s is not a valid PCRE2 regular expression: %s (at offset %zu of '%s')", what,
        (const char *)msg, (size_t)off, v->text);
    return NULL;
}

/* ---- indexed lookups ----------------------------------------------------------------- */

static uintptr_t index_get(const sa_strmap *m, const char *key)
{
    uintptr_t v = 0;
    if (m && key)
        sa_strmap_get(m, key, strlen(key), &v);
    return v;
}

static const sa_dataset *find_dataset(ld *l, const char *name)
{
    uintptr_t v = index_get(l->datasets, name);
    return v ? &l->spec->datasets[v - 1] : NULL;
}

static int find_column(ld *l, const sa_dataset *ds, const char *name)
{
    size_t d = (size_t)(ds - l->spec->datasets);
    uintptr_t v = l->columns ? index_get(l->columns[d], name) : 0;
    return v ? (int)v - 1 : -1;
}

static bool has_role(ld *l, const char *name)
{
    return index_get(l->roles, name) != 0;
}

/* ---- the helpers a kind's loader uses (spec/kinds/kind_load.h) ------------------ */

sa_spec *sa_ld_spec(ld *l) { return l->spec; }
sa_arena *sa_ld_arena(ld *l) { return l->arena; }
const char *sa_ld_found(ld *l, yn *n) { return found(l, n); }
yn *sa_ld_value(yn *map, const char *key) { return mval(map, key); }
yn *sa_ld_key(yn *map, const char *key) { return mkey(map, key); }
void sa_ld_missing(ld *l, yn *map, const char *key, const char *what) { missing(l, map, key, what); }
bool sa_ld_expect_map(ld *l, yn *n, const char *what) { return expect_map(l, n, what); }
bool sa_ld_bool(ld *l, yn *map, const char *key, bool dflt) { return get_bool(l, map, key, dflt); }
const sa_dataset *sa_ld_dataset(ld *l, const char *name) { return find_dataset(l, name); }

void sa_ld_error(ld *l, const char *code, sa_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sa_diags_vadd(l->diags, SA_SEV_ERROR, code, pos, fmt, ap);
    va_end(ap);
}

sa_pos sa_ld_offset_pos(ld *l, yn *v, size_t off)
{
    return sa_ytree_offset_pos(v, l->src, l->src_len, off);
}

void sa_ld_keys(ld *l, yn *map, const char *const *allowed, const char *context)
{
    check_keys(l, map, allowed, context, "E-SPEC-DUPLICATE-KEY", NULL, NULL);
}

const char *sa_ld_str(ld *l, yn *map, const char *key, bool required, const char *what)
{
    return get_str(l, map, key, required, what);
}

bool sa_ld_int(ld *l, yn *map, const char *key, bool required, int64_t lo, int64_t hi, int64_t *out,
               const char *what)
{
    return get_int(l, map, key, required, lo, hi, out, what);
}

int sa_ld_choice(ld *l, yn *map, const char *key, const char *const *choices, const char *what)
{
    return get_choice(l, map, key, choices, what);
}

const char **sa_ld_str_list(ld *l, yn *map, const char *key, size_t *n, yn ***nodes, const char *what)
{
    return get_str_list(l, map, key, n, nodes, what);
}

/* ---- header, calendar, providers ------------------------------------------------ */

static const char *const top_keys[] = {"specaudit", "id",        "version", "title",     "description",
                                       "commissioner", "period", "calendar", "reporting", "providers",
                                       "roles",     "datasets",  "requirements", NULL};

static const char *const per_choices[] = {"period", "week", "fortnight", "month", "quarter", "year", NULL};
static const char *const every_choices[] = {"week", "fortnight", "month", "quarter", "year", NULL};
static const sa_per every_values[] = {SA_PER_WEEK, SA_PER_FORTNIGHT, SA_PER_MONTH, SA_PER_QUARTER, SA_PER_YEAR};
static const char *const region_choices[] = {"england-and-wales", "scotland", "northern-ireland", NULL};
static const char *const provider_kinds[] = {"hospice", "acute_trust", "community_trust", "charity", "other", NULL};

static void load_header(ld *l, yn *root)
{
    sa_spec *s = l->spec;
    yn *ver = mval(root, "specaudit");
    if (!ver) {
        missing(l, root, "specaudit", "the format version, 1");
    } else {
        int64_t v;
        if (ver->kind != SA_YNODE_SCALAR || !parse_int(ver->text, &v)) {
            err(l, "E-SPEC-VERSION", ver->text_pos, "expected the format version 1, found %s", found(l, ver));
        } else if (v != SA_SPEC_FORMAT_VERSION) {
            err(l, "E-SPEC-VERSION", ver->text_pos,
                "unsupported format version %lld; this specaudit reads 'specaudit: %d'", (long long)v,
                SA_SPEC_FORMAT_VERSION);
        } else {
            s->format_version = (int)v;
        }
    }
    s->id = get_str(l, root, "id", true, "the specification id");
    if (s->id && !valid_id(s->id)) {
        err(l, "E-SPEC-BAD-ID", mval(root, "id")->text_pos,
            "expected an id of letters, digits, '.', '_' or '-', found \"%s\"", s->id);
    }
    s->version = get_str(l, root, "version", true, "the specification's version, e.g. \"2007.1\"");
    s->title = get_str(l, root, "title", true, "the specification's title");
    s->description = get_str(l, root, "description", false, "a description");

    yn *comm = mval(root, "commissioner");
    if (comm && expect_map(l, comm, "the commissioner {name, code}")) {
        static const char *const keys[] = {"name", "code", NULL};
        check_keys(l, comm, keys, "commissioner", "E-SPEC-DUPLICATE-KEY", NULL, NULL);
        s->commissioner_name = get_str(l, comm, "name", true, "the commissioner's name");
        s->commissioner_code = get_str(l, comm, "code", false, "the commissioner's ODS code");
        if (s->commissioner_code && !ods_shaped(s->commissioner_code))
            err(l, "E-SPEC-ODS-CODE", mval(comm, "code")->text_pos,
                "expected an ODS organisation code (3 to 9 upper-case letters and digits, e.g. 5QT or QNQ), "
                "found \"%s\"",
                s->commissioner_code);
    }

    s->period_from = SA_DATE_NONE;
    s->period_to = SA_DATE_NONE;
    yn *period = mval(root, "period");
    if (!period) {
        missing(l, root, "period", "the period the specification covers, {from: YYYY-MM-DD, to: YYYY-MM-DD}");
    } else if (expect_map(l, period, "the period {from, to}")) {
        static const char *const keys[] = {"from", "to", NULL};
        check_keys(l, period, keys, "period", "E-SPEC-DUPLICATE-KEY", NULL, NULL);
        yn *from = mval(period, "from");
        yn *to = mval(period, "to");
        if (!from)
            missing(l, period, "from", "the first day of the period, YYYY-MM-DD");
        else if (!get_date(l, from, "the first day of the period", &s->period_from))
            s->period_from = SA_DATE_NONE;
        if (!to)
            missing(l, period, "to", "the last day of the period (inclusive), YYYY-MM-DD");
        else if (!get_date(l, to, "the last day of the period", &s->period_to))
            s->period_to = SA_DATE_NONE;
        if (s->period_from != SA_DATE_NONE && s->period_to != SA_DATE_NONE && s->period_to < s->period_from) {
            err(l, "E-SPEC-PERIOD", to->text_pos,
                "the period ends (%s) before it starts (%s); expected 'to' on or after 'from'", to->text,
                from->text);
        }
    }
}

static int cmp_date(const void *a, const void *b)
{
    sa_date x = *(const sa_date *)a, y = *(const sa_date *)b;
    return (x > y) - (x < y);
}

static void load_calendar(ld *l, yn *root)
{
    sa_spec *s = l->spec;
    s->calendar.region = SA_REGION_ENGLAND_WALES;
    yn *cal = mval(root, "calendar");
    if (!cal || !expect_map(l, cal, "the calendar {region, extra_holidays}"))
        return;
    static const char *const keys[] = {"region", "extra_holidays", NULL};
    check_keys(l, cal, keys, "calendar", "E-SPEC-DUPLICATE-KEY", NULL, NULL);
    int r = get_choice(l, cal, "region", region_choices, "the bank-holiday region");
    if (r >= 0)
        sa_region_parse(region_choices[r], &s->calendar.region);
    size_t n;
    yn **nodes;
    get_str_list(l, cal, "extra_holidays", &n, &nodes, "closure days, YYYY-MM-DD");
    if (!n)
        return;
    sa_date *days = sa_arena_calloc(l->arena, n, sizeof *days);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        sa_date d;
        if (!get_date(l, nodes[i], "an extra holiday", &d))
            continue;
        if ((s->period_from != SA_DATE_NONE && d < s->period_from) ||
            (s->period_to != SA_DATE_NONE && d > s->period_to)) {
            char a[11], b[11];
            sa_date_format(s->period_from, a);
            sa_date_format(s->period_to, b);
            err(l, "E-SPEC-DATE-OUTSIDE-PERIOD", nodes[i]->text_pos,
                "extra holiday %s is outside the specification period; expected a date from %s to %s",
                nodes[i]->text, a, b);
            continue;
        }
        days[k++] = d;
    }
    qsort(days, k, sizeof *days, cmp_date);
    s->calendar.extra_holidays = days;
    s->calendar.nextra_holidays = k;
}

static void load_reporting(ld *l, yn *root)
{
    sa_spec *s = l->spec;
    s->reporting_due_days = 15;
    s->reporting_every = SA_PER_MONTH;
    yn *rep = mval(root, "reporting");
    if (!rep || !expect_map(l, rep, "the reporting duty {every, due_days}"))
        return;
    static const char *const keys[] = {"every", "due_days", NULL};
    check_keys(l, rep, keys, "reporting", "E-SPEC-DUPLICATE-KEY", NULL, NULL);
    int e = get_choice(l, rep, "every", every_choices, "how often returns are due");
    if (e >= 0)
        s->reporting_every = every_values[e];
    int64_t due;
    if (get_int(l, rep, "due_days", false, 0, 366, &due, "days after the period end"))
        s->reporting_due_days = (int)due;
}

static void load_providers(ld *l, yn *root)
{
    sa_spec *s = l->spec;
    yn *list = mval(root, "providers");
    if (!list)
        return;
    if (list->kind != SA_YNODE_SEQ) {
        err(l, "E-SPEC-TYPE", list->pos, "'providers' expects a list of {code, name, kind}, found %s",
            found(l, list));
        return;
    }
    s->providers = sa_arena_calloc(l->arena, list->nitems + 1, sizeof *s->providers);
    sa_strmap *codes = NULL;
    static const char *const keys[] = {"code", "name", "kind", NULL};
    for (size_t i = 0; i < list->nitems; i++) {
        yn *p = list->items[i];
        if (!expect_map(l, p, "a provider {code, name, kind}"))
            continue;
        check_keys(l, p, keys, "a provider", "E-SPEC-DUPLICATE-KEY", NULL, NULL);
        sa_provider_decl *d = &s->providers[s->nproviders];
        d->pos = p->pos;
        d->code = get_str(l, p, "code", true, "the provider's ODS code");
        d->name = get_str(l, p, "name", true, "the provider's name");
        int k = get_choice(l, p, "kind", provider_kinds, "the kind of provider");
        d->kind = k >= 0 ? provider_kinds[k] : "other";
        if (!d->code)
            continue;
        yn *cv = mval(p, "code");
        if (!ods_shaped(d->code)) {
            err(l, "E-SPEC-ODS-CODE", cv->text_pos,
                "expected an ODS organisation code (3 to 9 upper-case letters and digits: 8HX01 for a hospice, "
                "RXX for a trust), found \"%s\"",
                d->code);
            continue;
        }
        uintptr_t first = remember(&codes, d->code, d->pos.line);
        bool dup = first != 0;
        if (dup)
            err(l, "E-SPEC-DUPLICATE-ID", cv->text_pos,
                "provider %s is listed twice (first at line %u); expected each provider once", d->code,
                (unsigned)first);
        if (!dup)
            s->nproviders++;
    }
    sa_strmap_free(codes);
}

/* ---- roles ------------------------------------------------------------------------ */

static void load_roles(ld *l, yn *root)
{
    sa_spec *s = l->spec;
    yn *roles = mval(root, "roles");
    if (!roles || !expect_map(l, roles, "roles: canonical role names mapped to PCRE2 patterns"))
        return;
    const bool *skip = check_keys(l, roles, NULL, "roles", "E-SPEC-DUPLICATE-ROLE", NULL, NULL);
    s->roles = sa_arena_calloc(l->arena, roles->npairs + 1, sizeof *s->roles);
    for (size_t i = 0; i < roles->npairs; i++) {
        yn *k = roles->pairs[i].key;
        yn *v = roles->pairs[i].value;
        if (skip[i])
            continue; /* reported by check_keys */
        if (!valid_name(k->text)) {
            err(l, "E-SPEC-BAD-ID", k->text_pos,
                "expected a role name of letters, digits and '_' (e.g. palliative_consultant), found \"%s\"",
                k->text);
            continue;
        }
        if (v->kind == SA_YNODE_MAP) {
            static const char *const keys[] = {"pattern", "description", NULL};
            check_keys(l, v, keys, "a role", "E-SPEC-DUPLICATE-KEY", NULL, NULL);
            yn *pv = mval(v, "pattern");
            if (!pv) {
                missing(l, v, "pattern", "the PCRE2 pattern matching this role's job titles");
                continue;
            }
            v = pv;
        }
        if (v->kind != SA_YNODE_SCALAR || v->is_null || v->len == 0) {
            err(l, "E-SPEC-TYPE", v->pos,
                "role '%s' expects a PCRE2 pattern matching job titles (e.g. '(?i)consultant.*palliat'), found %s",
                k->text, found(l, v));
            continue;
        }
        sa_role *r = &s->roles[s->nroles];
        r->name = k->text;
        r->pattern = v->text;
        r->pos = k->pos;
        r->pattern_code = compile_pattern(l, v, 0, sa_arena_printf(l->arena, "the pattern of role '%s'", k->text));
        s->nroles++;
        sa_strmap_put(l->roles, r->name, strlen(r->name), s->nroles);
    }
}

/* ---- datasets ---------------------------------------------------------------------- */

static const char *const column_keys[] = {"type",   "description", "required", "unique", "identifier",
                                          "pattern", "max_length",  "values",   "format", "min",
                                          "max",    NULL};
static const char *const col_type_choices[] = {"string", "int",      "decimal",  "bool",       "enum",
                                               "date",   "datetime", "duration", "nhs_number", "ods_code",
                                               "chi_number", NULL};
static const char *const date_formats[] = {"iso", "dd/mm/yyyy", NULL};
static const char *const datetime_formats[] = {"iso", "dd/mm/yyyy HH:MM", "dd/mm/yyyy HH:MM:SS", NULL};

static void not_applicable(ld *l, yn *col, const char *key, const char *applies_to, sa_col_type t)
{
    yn *k = mkey(col, key);
    err(l, "E-SPEC-NOT-APPLICABLE", k->text_pos, "'%s' applies to %s columns only; this column is of type %s",
        key, applies_to, sa_col_type_name(t));
}

/* A string column's `pattern` and `max_length`. */
static void load_column_text(ld *l, sa_column *c, yn *k, yn *v)
{
    yn *pat = mval(v, "pattern");
    if (pat) {
        if (c->type != SA_COL_STRING) {
            not_applicable(l, v, "pattern", "string", c->type);
        } else if (pat->kind != SA_YNODE_SCALAR) {
            err(l, "E-SPEC-TYPE", pat->pos, "'pattern' expects a PCRE2 pattern, found %s", found(l, pat));
        } else {
            c->pattern = pat->text;
            c->pattern_pos = pat->text_pos;
            /* The whole cell must match: anchored at both ends. */
            c->pattern_code = compile_pattern(l, pat, PCRE2_ANCHORED | PCRE2_ENDANCHORED,
                                              sa_arena_printf(l->arena, "the pattern of column '%s'", k->text));
        }
    }
    if (mval(v, "max_length")) {
        if (c->type != SA_COL_STRING)
            not_applicable(l, v, "max_length", "string", c->type);
        else
            get_int(l, v, "max_length", false, 1, INT32_MAX, &c->max_length, "the longest value in characters");
    }
}

/* An enum column's `values`: a non-empty list, each value once. */
static void load_column_values(ld *l, sa_column *c, yn *k, yn *v)
{
    yn *vals = mget(v, "values");
    if (c->type == SA_COL_ENUM && !vals) {
        missing(l, v, "values", "the list of allowed values of an enum column");
    } else if (vals && c->type != SA_COL_ENUM) {
        not_applicable(l, v, "values", "enum", c->type);
    } else if (vals) {
        if (vals->kind != SA_YNODE_SEQ || vals->nitems == 0) {
            err(l, "E-SPEC-ENUM-VALUES", vals->pos, "'values' expects a non-empty list of allowed values, found %s",
                vals->kind == SA_YNODE_SEQ ? "an empty list" : found(l, vals));
        } else {
            c->values = sa_arena_calloc(l->arena, vals->nitems + 1, sizeof *c->values);
            sa_strmap *seen = NULL;
            for (size_t i = 0; i < vals->nitems; i++) {
                yn *it = vals->items[i];
                if (it->kind != SA_YNODE_SCALAR || it->is_null || it->len == 0) {
                    err(l, "E-SPEC-ENUM-VALUES", it->pos, "expected an allowed value (a non-empty string), found %s",
                        found(l, it));
                    continue;
                }
                if (remember(&seen, it->text, 1)) {
                    err(l, "E-SPEC-ENUM-VALUES", it->text_pos,
                        "value \"%s\" is listed twice in column '%s'; expected each value once", it->text, k->text);
                    continue;
                }
                c->values[c->nvalues++] = it->text;
            }
            sa_strmap_free(seen);
        }
    }
}

/* A date or datetime column's `format`, and a number column's `min` and `max`. */
static void load_column_form(ld *l, sa_column *c, yn *k, yn *v)
{
    yn *fmt = mval(v, "format");
    if (fmt) {
        const char *const *choices = c->type == SA_COL_DATE       ? date_formats
                                     : c->type == SA_COL_DATETIME ? datetime_formats
                                                                  : NULL;
        if (!choices) {
            not_applicable(l, v, "format", "date and datetime", c->type);
        } else {
            int f = get_choice(l, v, "format", choices,
                               sa_arena_printf(l->arena, "the written form of a %s", sa_col_type_name(c->type)));
            if (f >= 0)
                c->format = choices[f];
        }
    }
    bool numeric = c->type == SA_COL_INT || c->type == SA_COL_DECIMAL;
    if (mval(v, "min")) {
        if (!numeric)
            not_applicable(l, v, "min", "int and decimal", c->type);
        else
            c->has_min = get_number(l, v, "min", &c->min, "the smallest allowed value");
    }
    if (mval(v, "max")) {
        if (!numeric)
            not_applicable(l, v, "max", "int and decimal", c->type);
        else
            c->has_max = get_number(l, v, "max", &c->max, "the largest allowed value");
    }
    if (c->has_min && c->has_max && c->min > c->max)
        err(l, "E-SPEC-RANGE", mval(v, "max")->text_pos, "column '%s': max %g is below min %g; expected min <= max",
            k->text, c->max, c->min);
}

static void load_column(ld *l, sa_column *c, yn *k, yn *v)
{
    c->name = k->text;
    c->pos = k->pos;
    yn *type_node;
    if (v->kind == SA_YNODE_SCALAR && !v->is_null) {
        type_node = v; /* shorthand: `note: string` */
    } else {
        if (!expect_map(l, v, sa_arena_printf(l->arena, "column '%s' {type, ...}", k->text)))
            return;
        check_keys(l, v, column_keys, sa_arena_printf(l->arena, "column '%s'", k->text), "E-SPEC-DUPLICATE-KEY",
                   NULL, NULL);
        type_node = mval(v, "type");
        if (!type_node) {
            missing(l, v, "type", "the column type: string, int, decimal, bool, enum, date, datetime, duration, "
                                  "nhs_number, ods_code or chi_number");
            return;
        }
    }
    if (type_node->kind != SA_YNODE_SCALAR || !sa_col_type_parse(type_node->text, &c->type)) {
        err(l, "E-SPEC-COLUMN-TYPE", type_node->text_pos, "column '%s': unknown type %s; expected one of %s%s",
            k->text, found(l, type_node), join_choices(l, col_type_choices, count_list(col_type_choices)),
            type_node->kind == SA_YNODE_SCALAR
                ? suggestion(l, type_node->text, col_type_choices, count_list(col_type_choices))
                : "");
        c->type = SA_COL_STRING;
        return;
    }
    c->identifier = sa_col_type_identifies_patient(c->type); /* NHS and CHI numbers, unless stated */
    if (v->kind != SA_YNODE_MAP)
        return;
    c->description = get_str(l, v, "description", false, "a description");
    c->required = get_bool(l, v, "required", false);
    c->unique = get_bool(l, v, "unique", false);
    c->identifier = get_bool(l, v, "identifier", sa_col_type_identifies_patient(c->type));

    load_column_text(l, c, k, v);
    load_column_values(l, c, k, v);
    load_column_form(l, c, k, v);
}

static void load_dataset(ld *l, sa_dataset *ds, yn *k, yn *v)
{
    static const char *const keys[] = {"title", "description", "files", "provider", "key", "columns", NULL};
    ds->name = k->text;
    ds->pos = k->pos;
    ds->provider_column = -1;
    if (!valid_name(k->text))
        err(l, "E-SPEC-BAD-ID", k->text_pos,
            "expected a dataset name of letters, digits and '_' (e.g. referrals), found \"%s\"", k->text);
    if (!expect_map(l, v, sa_arena_printf(l->arena, "dataset '%s' {columns, ...}", k->text)))
        return;
    const char *ctx = sa_arena_printf(l->arena, "dataset '%s'", k->text);
    check_keys(l, v, keys, ctx, "E-SPEC-DUPLICATE-KEY", NULL, NULL);
    ds->title = get_str(l, v, "title", false, "the dataset's title");
    ds->files = get_str_list(l, v, "files", &ds->nfiles, NULL, "file-name globs such as \"referrals*.csv\"");

    yn *cols = mval(v, "columns");
    if (!cols) {
        missing(l, v, "columns", "the dataset's columns, each {type, ...}");
    } else if (expect_map(l, cols, "columns: column names mapped to {type, ...}")) {
        const bool *skip = check_keys(l, cols, NULL, sa_arena_printf(l->arena, "the columns of dataset '%s'", k->text),
                                      "E-SPEC-DUPLICATE-COLUMN", NULL, NULL);
        ds->columns = sa_arena_calloc(l->arena, cols->npairs + 1, sizeof *ds->columns);
        sa_strmap *colmap = sa_strmap_new(cols->npairs);
        l->columns[ds - l->spec->datasets] = colmap;
        for (size_t i = 0; i < cols->npairs; i++) {
            yn *ck = cols->pairs[i].key;
            if (skip[i])
                continue;
            if (!*ck->text) {
                err(l, "E-SPEC-BAD-ID", ck->pos, "expected a column name, found an empty key");
                continue;
            }
            load_column(l, &ds->columns[ds->ncolumns++], ck, cols->pairs[i].value);
            sa_strmap_put(colmap, ck->text, ck->len, ds->ncolumns);
        }
        if (cols->npairs == 0)
            err(l, "E-SPEC-MISSING-KEY", cols->pos, "dataset '%s' has no columns; expected at least one", k->text);
    }

    yn **knodes;
    ds->key = get_str_list(l, v, "key", &ds->nkey, &knodes, "the columns that identify a row");
    for (size_t i = 0; i < ds->nkey; i++)
        if (find_column(l, ds, ds->key[i]) < 0)
            err(l, "E-SPEC-UNKNOWN-COLUMN", knodes[i]->text_pos, "key column '%s' is not a column of dataset '%s'",
                ds->key[i], k->text);

    yn *prov = mval(v, "provider");
    if (prov) {
        if (prov->kind != SA_YNODE_SCALAR) {
            err(l, "E-SPEC-TYPE", prov->pos, "'provider' expects the name of the column holding the provider's ODS "
                                             "code, found %s",
                found(l, prov));
        } else {
            ds->provider_column = find_column(l, ds, prov->text);
            if (ds->provider_column < 0)
                err(l, "E-SPEC-UNKNOWN-COLUMN", prov->text_pos,
                    "provider column '%s' is not a column of dataset '%s'", prov->text, k->text);
        }
    } else {
        ds->provider_column = find_column(l, ds, "provider");
    }
    if (ds->provider_column >= 0) {
        sa_col_type t = ds->columns[ds->provider_column].type;
        if (t != SA_COL_ODS_CODE && t != SA_COL_STRING && t != SA_COL_ENUM)
            err(l, "E-SPEC-COLUMN-UNSUITABLE", prov ? prov->text_pos : ds->columns[ds->provider_column].pos,
                "the provider column '%s' must hold ODS codes (type ods_code), but it is of type %s",
                ds->columns[ds->provider_column].name, sa_col_type_name(t));
    }
}

static void load_datasets(ld *l, yn *root)
{
    sa_spec *s = l->spec;
    yn *sets = mval(root, "datasets");
    if (!sets) {
        missing(l, root, "datasets", "the returns this specification expects, each with typed columns");
        return;
    }
    if (!expect_map(l, sets, "datasets: dataset names mapped to {columns, ...}"))
        return;
    const bool *skip = check_keys(l, sets, NULL, "datasets", "E-SPEC-DUPLICATE-DATASET", NULL, NULL);
    s->datasets = sa_arena_calloc(l->arena, sets->npairs + 1, sizeof *s->datasets);
    l->columns = sa_arena_calloc(l->arena, sets->npairs + 1, sizeof *l->columns);
    for (size_t i = 0; i < sets->npairs; i++) {
        yn *k = sets->pairs[i].key;
        if (skip[i])
            continue;
        sa_dataset *ds = &s->datasets[s->ndatasets++];
        sa_strmap_put(l->datasets, k->text, k->len, s->ndatasets);
        load_dataset(l, ds, k, sets->pairs[i].value);
    }
}

/* ---- checks ------------------------------------------------------------------------ */

static const char *check_key_hint(ld *l, const char *key, const void *arg)
{
    const sa_check_def *mine = arg;
    for (size_t k = 0; k < SA_CHECK_KIND_COUNT; k++) {
        const sa_check_def *other = sa_check_def_of((sa_check_kind)k);
        if (other == mine || !sa_check_def_takes(other, key))
            continue;
        size_t n = count_list(mine->keys);
        return sa_arena_printf(l->arena, "it applies to %s checks, not %s; expected one of %s%s", other->name,
                               mine->name, join_choices(l, mine->keys, n), suggestion(l, key, mine->keys, n));
    }
    return NULL;
}

static const char *types_text(unsigned mask)
{
    switch (mask) {
    case SA_LD_STRINGISH: return "string or enum";
    case SA_LD_DATEISH: return "date or datetime";
    case SA_LD_DATETIME: return "datetime";
    case SA_LD_BOOL: return "bool";
    case SA_LD_INT: return "int";
    default: return "any";
    }
}

/* Resolves a column reference in the check's dataset and checks its type. */
void sa_ld_colref(ld *l, const sa_check *ck, yn *map, const char *key, bool required, unsigned types,
                  const char *what, sa_colref *out)
{
    out->index = -1;
    yn *v = mval(map, key);
    if (!v) {
        if (required)
            missing(l, map, key, what);
        return;
    }
    if (v->kind != SA_YNODE_SCALAR) {
        err(l, "E-SPEC-TYPE", v->pos, "'%s' expects a column name (%s), found %s", key, what, found(l, v));
        return;
    }
    out->name = v->text;
    out->pos = v->text_pos;
    if (!ck->dataset)
        return;
    out->index = find_column(l, ck->dataset, v->text);
    if (out->index < 0) {
        const char **names = sa_arena_calloc(l->arena, ck->dataset->ncolumns + 1, sizeof *names);
        for (size_t i = 0; i < ck->dataset->ncolumns; i++)
            names[i] = ck->dataset->columns[i].name;
        err(l, "E-SPEC-UNKNOWN-COLUMN", v->text_pos, "'%s' names column '%s', which dataset '%s' does not have%s",
            key, v->text, ck->dataset->name, suggestion(l, v->text, names, ck->dataset->ncolumns));
        return;
    }
    sa_col_type t = ck->dataset->columns[out->index].type;
    if (!(types & (1u << t))) {
        err(l, "E-SPEC-COLUMN-UNSUITABLE", v->text_pos, "'%s' (%s) needs a %s column, but '%s' is of type %s", key,
            what, types_text(types), v->text, sa_col_type_name(t));
        out->index = -1;
    }
}

void sa_ld_expr(ld *l, const sa_check *ck, yn *map, const char *key, bool required, const char *what,
                sa_expr_ref *out)
{
    yn *v = mval(map, key);
    if (!v) {
        if (required)
            missing(l, map, key, what);
        return;
    }
    if (v->kind != SA_YNODE_SCALAR || v->len == 0) {
        err(l, "E-SPEC-TYPE", v->pos, "'%s' expects an expression (%s), found %s", key, what, found(l, v));
        return;
    }
    out->text = v->text;
    out->pos = v->text_pos;
    /* A link naming an unknown dataset is reported already: its expressions are not compiled. */
    if (ck->dataset && (!ck->link.dataset_name || ck->link.dataset))
        out->compiled = sa_expr_compile_linked(v->text, v->text_pos, ck->dataset, ck->link.dataset,
                                               &l->spec->calendar, l->diags);
}

/* The unit a check's target is written in: the kind's answer, or its default's. */
static sa_target_unit target_unit(const sa_check_def *def, const sa_check *ck)
{
    if (def->target_unit)
        return def->target_unit(ck);
    sa_target t = {0};
    if (def->default_target)
        sa_target_parse(def->default_target, &t, NULL, NULL);
    return t.unit;
}

/* A target written in the wrong unit or out of range; false (reported) when so. */
static bool target_fits(ld *l, const sa_check *ck, yn *v)
{
    const sa_check_def *def = sa_check_def_of(ck->kind);
    sa_target_unit want = target_unit(def, ck);
    if (def->target_unit && ck->target.unit != want) {
        err(l, "E-SPEC-TARGET", v->text_pos, "a %s check of this column compares %s, so expected %s, found \"%s\"",
            def->name, want == SA_UNIT_SECONDS ? "a time" : "a number",
            want == SA_UNIT_SECONDS ? "a duration such as \"<= 14d\" or \">= 200h\"" : "a number such as \">= 120\"",
            v->text);
        return false;
    }
    if (want == SA_UNIT_PERCENT && ck->target.unit != SA_UNIT_PERCENT) {
        err(l, "E-SPEC-TARGET", v->text_pos,
            "a %s check's target is a share of %s, so expected a percentage such as \">= 90%%\", found \"%s\"",
            def->name, def->share_of, v->text);
        return false;
    }
    if (want == SA_UNIT_NUMBER && ck->target.unit != SA_UNIT_NUMBER) {
        err(l, "E-SPEC-TARGET", v->text_pos,
            "a %s check's target is a number of rows, so expected a comparison such as \">= 4\", found \"%s\"",
            def->name, v->text);
        return false;
    }
    if (ck->target.unit == SA_UNIT_PERCENT && (ck->target.value < 0 || ck->target.value > 100)) {
        err(l, "E-SPEC-TARGET", v->text_pos, "target \"%s\" is outside 0%%..100%%; expected a percentage in range",
            v->text);
        return false;
    }
    return true;
}

void sa_ld_target(ld *l, sa_check *ck, yn *map)
{
    const sa_check_def *def = sa_check_def_of(ck->kind);
    yn *v = mval(map, "target");
    if (mval(map, "baseline"))
        return; /* judged by its change (sa_ld_baseline reports a target beside it) */
    if (!v) {
        if (def->target_required) {
            missing(l, map, "target", def->target_what);
        } else if (def->default_target) {
            sa_target_parse(def->default_target, &ck->target, NULL, NULL);
            ck->target_text = def->default_target;
            ck->target_pos = map->pos;
        }
        return;
    }
    if (v->kind != SA_YNODE_SCALAR) {
        err(l, "E-SPEC-TARGET", v->pos, "'target' expects a comparison such as \">= 90%%\", found %s", found(l, v));
        return;
    }
    size_t off;
    const char *expected;
    if (!sa_target_parse(v->text, &ck->target, &off, &expected)) {
        err(l, "E-SPEC-TARGET", sa_ytree_offset_pos(v, l->src, l->src_len, off),
            "invalid target \"%s\": expected %s", v->text, expected);
        memset(&ck->target, 0, sizeof ck->target);
        return;
    }
    if (!target_fits(l, ck, v)) {
        memset(&ck->target, 0, sizeof ck->target);
        return;
    }
    ck->target_text = v->text;
    ck->target_pos = v->text_pos;
    const sa_target *t = &ck->target;
    bool always = t->unit == SA_UNIT_PERCENT && ((t->op == SA_CMP_GE && t->value <= 0) ||
                                                 (t->op == SA_CMP_LE && t->value >= 100));
    if (always || (t->unit == SA_UNIT_NUMBER && t->op == SA_CMP_GE && t->value <= 0))
        warn(l, "W-SPEC-TARGET-ALWAYS-MET", v->text_pos,
             "target \"%s\" is met whatever the evidence; expected a target that can fail", v->text);
}

static const char *const assess_choices[] = {"every_period", "overall", NULL};

/* `per`, and `assess` where the kind takes it (check_keys reports it elsewhere). */
void sa_ld_per(ld *l, sa_check *ck, yn *map)
{
    const sa_check_def *def = sa_check_def_of(ck->kind);
    ck->per = def->per;
    int p = get_choice(l, map, "per", per_choices, "the reporting period of the verdict");
    if (p >= 0)
        ck->per = (sa_per)p;
    if (mval(map, "baseline")) {
        /* The change compares one figure over the whole range with the baseline's. */
        if (p > 0)
            err(l, "E-SPEC-BASELINE", mval(map, "per")->text_pos,
                "a requirement with a baseline compares the whole period with the baseline; expected "
                "'per: period' or no 'per', found '%s'", per_choices[p]);
        ck->per = SA_PER_PERIOD;
    }
    if (!sa_check_def_takes(def, "assess"))
        return;
    int a = get_choice(l, map, "assess", assess_choices, "how the periods combine into the verdict");
    ck->assess = a == 1 ? SA_ASSESS_OVERALL : SA_ASSESS_EVERY_PERIOD;
}

bool sa_ld_days(ld *l, yn *v, uint8_t *mask)
{
    const char *text = v->text;
    if (v->kind == SA_YNODE_SEQ) {
        sa_buf b = SA_BUF_INIT;
        for (size_t i = 0; i < v->nitems; i++) {
            if (v->items[i]->kind != SA_YNODE_SCALAR) {
                sa_buf_free(&b);
                err(l, "E-SPEC-DAYS", v->items[i]->pos, "expected a day such as mon or sat, found %s",
                    found(l, v->items[i]));
                return false;
            }
            if (i)
                sa_buf_putc(&b, ',');
            sa_buf_puts(&b, v->items[i]->text);
        }
        text = sa_arena_strdup(l->arena, sa_buf_cstr(&b));
        sa_buf_free(&b);
    } else if (v->kind != SA_YNODE_SCALAR) {
        err(l, "E-SPEC-DAYS", v->pos, "expected days such as mon-sun, mon-fri or sat,sun, found %s", found(l, v));
        return false;
    }
    if (!sa_days_parse(text, mask) || !*mask) {
        err(l, "E-SPEC-DAYS", v->kind == SA_YNODE_SEQ ? v->pos : v->text_pos,
            "expected days such as mon-sun, mon-fri or sat,sun (three-letter lower-case names, ranges with '-', "
            "lists with ','), found %s",
            found(l, v));
        return false;
    }
    return true;
}

const char **sa_ld_roles(ld *l, yn *map, const char *key, bool required, size_t *n, const char *what)
{
    yn **nodes;
    const char **names = get_str_list(l, map, key, n, &nodes, what);
    if (!mval(map, key) && required)
        missing(l, map, key, what);
    else if (mval(map, key) && *n == 0 && required)
        err(l, "E-SPEC-TYPE", mval(map, key)->pos, "'%s' expects %s, found an empty list", key, what);
    const sa_spec *s = l->spec;
    const char **role_names = sa_arena_calloc(l->arena, s->nroles + 1, sizeof *role_names);
    for (size_t i = 0; i < s->nroles; i++)
        role_names[i] = s->roles[i].name;
    sa_strmap *seen = NULL;
    for (size_t i = 0; i < *n; i++) {
        if (!has_role(l, names[i])) {
            if (s->nroles)
                err(l, "E-SPEC-UNKNOWN-ROLE", nodes[i]->text_pos, "role '%s' is not defined under 'roles'; expected one of %s%s",
                    names[i], join_choices(l, role_names, s->nroles), suggestion(l, names[i], role_names, s->nroles));
            else
                err(l, "E-SPEC-UNKNOWN-ROLE", nodes[i]->text_pos,
                    "role '%s' is not defined: the specification has no 'roles' section", names[i]);
        }
        if (remember(&seen, names[i], 1))
            err(l, "E-SPEC-DUPLICATE-ID", nodes[i]->text_pos, "role '%s' is listed twice in '%s'", names[i], key);
    }
    sa_strmap_free(seen);
    return names;
}

/* One end of a link's key: the column `name` of `ds` (E-SPEC-LINK when it has none). */
static void link_column(ld *l, const sa_dataset *ds, yn *node, sa_colref *out)
{
    out->name = node->text;
    out->pos = node->text_pos;
    out->index = find_column(l, ds, node->text);
    if (out->index < 0) {
        const char **names = sa_arena_calloc(l->arena, ds->ncolumns + 1, sizeof *names);
        for (size_t i = 0; i < ds->ncolumns; i++)
            names[i] = ds->columns[i].name;
        err(l, "E-SPEC-LINK", node->text_pos, "the link's key column '%s' is not a column of dataset '%s'%s",
            node->text, ds->name, suggestion(l, node->text, names, ds->ncolumns));
    }
}

/* `on: key` (the same name in both datasets) or `on: {key: linked_key}`. */
static void load_link_on(ld *l, sa_check *ck, yn *on)
{
    sa_link *k = &ck->link;
    yn *mine = on, *theirs = on;
    if (on->kind == SA_YNODE_MAP && on->npairs == 1 && on->pairs[0].value->kind == SA_YNODE_SCALAR) {
        mine = on->pairs[0].key;
        theirs = on->pairs[0].value;
    } else if (on->kind != SA_YNODE_SCALAR || on->is_null) {
        err(l, "E-SPEC-LINK", on->pos,
            "'on' expects one key column: a name both datasets have, or {column: linked_column}, found %s",
            found(l, on));
        return;
    }
    if (ck->dataset)
        link_column(l, ck->dataset, mine, &k->on);
    if (k->dataset)
        link_column(l, k->dataset, theirs, &k->linked_on);
    if (k->on.index < 0 || k->linked_on.index < 0)
        return;
    sa_col_type a = ck->dataset->columns[k->on.index].type, b = k->dataset->columns[k->linked_on.index].type;
    if (a != b)
        err(l, "E-SPEC-LINK", theirs->text_pos,
            "the link's key columns differ in type: '%s' is %s in dataset '%s' but '%s' is %s in dataset '%s'",
            k->on.name, sa_col_type_name(a), ck->dataset->name, k->linked_on.name, sa_col_type_name(b),
            k->dataset->name);
}

/* `link: {dataset, on}`: the rows of another dataset sharing a row's key. */
static void load_link(ld *l, sa_check *ck, yn *map)
{
    yn *v = mval(map, "link");
    sa_link *k = &ck->link;
    k->on.index = k->linked_on.index = -1;
    if (!v)
        return;
    k->pos = v->pos;
    if (!expect_map(l, v, "'link' (dataset, on)"))
        return;
    static const char *const keys[] = {"dataset", "on", NULL};
    check_keys(l, v, keys, "link", "E-SPEC-DUPLICATE-KEY", NULL, NULL);
    yn *dv = mval(v, "dataset"), *on = mval(v, "on");
    if (!dv || dv->kind != SA_YNODE_SCALAR || !on) {
        err(l, "E-SPEC-LINK", v->pos, "'link' expects 'dataset' (a dataset name) and 'on' (its key column)");
        return;
    }
    k->dataset_name = dv->text;
    k->dataset_pos = dv->text_pos;
    k->dataset = find_dataset(l, dv->text);
    if (!k->dataset) {
        const char **names = sa_arena_calloc(l->arena, l->spec->ndatasets + 1, sizeof *names);
        for (size_t i = 0; i < l->spec->ndatasets; i++)
            names[i] = l->spec->datasets[i].name;
        err(l, "E-SPEC-LINK", dv->text_pos, "the link names dataset '%s', which is not defined under 'datasets'%s",
            dv->text, suggestion(l, dv->text, names, l->spec->ndatasets));
    }
    load_link_on(l, ck, on);
}

static bool def_takes(const sa_check_def *def, const char *key)
{
    for (size_t i = 0; def->keys[i]; i++)
        if (strcmp(def->keys[i], key) == 0)
            return true;
    return false;
}

/* `dataset` and `where`, for the kinds that read one dataset. */
static void load_dataset_ref(ld *l, sa_check *ck, yn *map)
{
    sa_spec *s = l->spec;
    yn *dv = mval(map, "dataset");
    if (!dv) {
        missing(l, map, "dataset", "the dataset whose rows this check reads");
    } else if (dv->kind != SA_YNODE_SCALAR) {
        err(l, "E-SPEC-TYPE", dv->pos, "'dataset' expects a dataset name, found %s", found(l, dv));
    } else {
        ck->dataset_name = dv->text;
        ck->dataset_pos = dv->text_pos;
        ck->dataset = find_dataset(l, dv->text);
        if (!ck->dataset) {
            const char **names = sa_arena_calloc(l->arena, s->ndatasets + 1, sizeof *names);
            for (size_t i = 0; i < s->ndatasets; i++)
                names[i] = s->datasets[i].name;
            err(l, "E-SPEC-UNKNOWN-DATASET", dv->text_pos, "dataset '%s' is not defined under 'datasets'%s%s",
                dv->text, s->ndatasets ? "; expected one of " : "",
                s->ndatasets ? sa_arena_printf(l->arena, "%s%s", join_choices(l, names, s->ndatasets),
                                               suggestion(l, dv->text, names, s->ndatasets))
                             : "");
        }
    }
    /* The link first: `where` may ask about linked rows too. */
    if (def_takes(sa_check_def_of(ck->kind), "link"))
        load_link(l, ck, map);
    sa_ld_expr(l, ck, map, "where", false, "which rows count", &ck->where);
}

/* `kind`: false (reported) when absent or unknown. */
static bool load_kind(ld *l, sa_check *ck, yn *map)
{
    yn *kind = mval(map, "kind");
    const char *names[SA_CHECK_KIND_COUNT + 1] = {NULL};
    for (size_t k = 0; k < SA_CHECK_KIND_COUNT; k++)
        names[k] = sa_check_def_of((sa_check_kind)k)->name;
    if (!kind) {
        missing(l, map, "kind",
                sa_arena_printf(l->arena, "the check kind: %s", join_some(l, names, SA_CHECK_KIND_COUNT, SIZE_MAX)));
        return false;
    }
    if (kind->kind != SA_YNODE_SCALAR || !sa_check_kind_parse(kind->text, &ck->kind)) {
        err(l, "E-SPEC-UNKNOWN-KIND", kind->text_pos, "unknown check kind %s; expected one of %s%s", found(l, kind),
            join_some(l, names, SA_CHECK_KIND_COUNT, SIZE_MAX),
            kind->kind == SA_YNODE_SCALAR ? suggestion(l, kind->text, names, SA_CHECK_KIND_COUNT) : "");
        return false;
    }
    return true;
}

/* The keys a check takes: its kind's, and `baseline` and `change` where the kind takes a baseline. */
static const char *const *keys_of(ld *l, const sa_check_def *def)
{
    if (!def->baseline)
        return def->keys;
    size_t n = count_list(def->keys);
    const char **keys = sa_arena_calloc(l->arena, n + 3, sizeof *keys);
    memcpy(keys, def->keys, n * sizeof *keys);
    keys[n] = "baseline";
    keys[n + 1] = "change";
    return keys;
}

static bool load_check(ld *l, sa_requirement *req, yn *map)
{
    sa_check *ck = &req->check;
    ck->pos = map->pos;
    ck->min_denominator = 1;
    if (!load_kind(l, ck, map))
        return false;
    const sa_check_def *def = sa_check_def_of(ck->kind);
    def->init(ck);
    check_keys(l, map, keys_of(l, def), sa_arena_printf(l->arena, "the %s check", def->name), "E-SPEC-DUPLICATE-KEY",
               check_key_hint, def);
    if (def->reads_dataset)
        load_dataset_ref(l, ck, map);
    if (def->baseline)
        sa_ld_baseline(l, ck, map);
    def->load(l, ck, map);
    return true;
}

/* ---- requirements ------------------------------------------------------------------- */

static const char *const req_keys[] = {"id",       "title", "priority", "description", "guidance",
                                       "severity", "scope", "in_force", "check",    NULL};
static const char *const severity_choices[] = {"critical", "major", "minor", NULL};
static const char *const scope_choices[] = {"provider", "system", NULL};

/* One end of `in_force`: a date within the specification period. */
static sa_date in_force_date(ld *l, yn *map, const char *key, const char *what)
{
    yn *v = mval(map, key);
    sa_date d;
    if (!v || !get_date(l, v, what, &d))
        return SA_DATE_NONE;
    const sa_spec *s = l->spec;
    if ((s->period_from != SA_DATE_NONE && d < s->period_from) ||
        (s->period_to != SA_DATE_NONE && d > s->period_to)) {
        char a[11], b[11];
        sa_date_format(s->period_from, a);
        sa_date_format(s->period_to, b);
        err(l, "E-SPEC-DATE-OUTSIDE-PERIOD", v->text_pos,
            "in_force %s %s is outside the specification period; expected a date from %s to %s", key, v->text, a, b);
        return SA_DATE_NONE;
    }
    return d;
}

/* `in_force: {from, until}`: when, within the period, the requirement applies. */
static void load_in_force(ld *l, sa_requirement *r, yn *m)
{
    r->in_force_from = r->in_force_until = SA_DATE_NONE;
    yn *v = mval(m, "in_force");
    if (!v || !expect_map(l, v, "when the requirement is in force, {from: YYYY-MM-DD, until: YYYY-MM-DD}"))
        return;
    r->in_force_pos = v->pos;
    static const char *const keys[] = {"from", "until", NULL};
    check_keys(l, v, keys, "in_force", "E-SPEC-DUPLICATE-KEY", NULL, NULL);
    if (!mval(v, "from") && !mval(v, "until"))
        missing(l, v, "from", "the first day the requirement applies, YYYY-MM-DD (or 'until', the last)");
    r->in_force_from = in_force_date(l, v, "from", "the first day the requirement applies");
    r->in_force_until = in_force_date(l, v, "until", "the last day the requirement applies");
    if (r->in_force_from != SA_DATE_NONE && r->in_force_until != SA_DATE_NONE &&
        r->in_force_until < r->in_force_from) {
        err(l, "E-SPEC-IN-FORCE", mval(v, "until")->text_pos,
            "the requirement stops being in force (%s) before it starts (%s); expected 'until' on or after 'from'",
            mval(v, "until")->text, mval(v, "from")->text);
        r->in_force_until = SA_DATE_NONE;
    }
}

static void load_requirements(ld *l, yn *root)
{
    sa_spec *s = l->spec;
    yn *list = mval(root, "requirements");
    if (!list) {
        missing(l, root, "requirements", "the list of requirements, each {id, title, check}");
        return;
    }
    if (list->kind != SA_YNODE_SEQ) {
        err(l, "E-SPEC-TYPE", list->pos, "'requirements' expects a list of {id, title, check}, found %s",
            found(l, list));
        return;
    }
    if (list->nitems == 0)
        warn(l, "W-SPEC-NO-REQUIREMENTS", list->pos, "the specification has no requirements; nothing will be checked");
    s->requirements = sa_arena_calloc(l->arena, list->nitems + 1, sizeof *s->requirements);
    for (size_t i = 0; i < list->nitems; i++) {
        yn *m = list->items[i];
        if (!expect_map(l, m, "a requirement {id, title, check}"))
            continue;
        sa_requirement *r = &s->requirements[s->nrequirements];
        r->pos = m->pos;
        check_keys(l, m, req_keys, "a requirement", "E-SPEC-DUPLICATE-KEY", NULL, NULL);
        r->id = get_str(l, m, "id", true, "the requirement's id, e.g. KPI-2");
        yn *idv = mval(m, "id");
        r->id_pos = idv ? idv->text_pos : m->pos;
        bool keep = true;
        if (r->id && !valid_id(r->id)) {
            err(l, "E-SPEC-BAD-ID", r->id_pos, "expected a requirement id of letters, digits, '.', '_' or '-', found \"%s\"",
                r->id);
            keep = false;
        }
        if (r->id && keep) {
            uintptr_t *slot = sa_strmap_slot(l->ids, r->id, strlen(r->id));
            if (*slot) {
                err(l, "E-SPEC-DUPLICATE-ID", r->id_pos,
                    "requirement id '%s' is already used at line %u; expected unique ids", r->id, (unsigned)*slot);
                keep = false;
            } else {
                *slot = r->id_pos.line;
            }
        }
        if (mval(m, "title") && mval(m, "priority"))
            err(l, "E-SPEC-CONFLICT", mkey(m, "priority")->text_pos,
                "give either 'title' or its alias 'priority', not both");
        r->title = get_str(l, m, "title", false, "what the requirement asks");
        if (!r->title)
            r->title = get_str(l, m, "priority", false, "what the requirement asks");
        if (!r->title && !mval(m, "title") && !mval(m, "priority"))
            missing(l, m, "title", "what the requirement asks, e.g. \"Urgent referrals contacted within 1 working day\"");
        r->description = get_str(l, m, "description", false, "a description");
        r->guidance = get_str(l, m, "guidance", false, "the guidance it comes from, e.g. NICE QS13 statement 4");
        r->severity = SA_SEVERITY_MAJOR;
        int sv = get_choice(l, m, "severity", severity_choices, "how serious a shortfall is");
        if (sv >= 0)
            sa_req_severity_parse(severity_choices[sv], &r->severity);
        r->scope = SA_SCOPE_PROVIDER;
        int sc = get_choice(l, m, "scope", scope_choices, "who is assessed");
        if (sc == 1)
            r->scope = SA_SCOPE_SYSTEM;
        load_in_force(l, r, m);
        yn *check = mval(m, "check");
        bool check_ok = false;
        if (!check)
            missing(l, m, "check", "how the requirement is checked: {kind, dataset, ...}");
        else if (expect_map(l, check, "the check {kind, dataset, ...}"))
            check_ok = load_check(l, r, check);
        if (check_ok)
            sa_ld_baseline_check_range(l, r);
        /* A requirement that cannot be identified or has no known check kind
         * is reported but not kept in the model. */
        if (r->id && keep && check_ok) {
            s->nrequirements++;
        } else {
            sa_check_release(&r->check);
            memset(r, 0, sizeof *r);
        }
    }
}

/* ---- cross-checks ------------------------------------------------------------------------ */

/* Datasets no requirement reads and roles no check names are usually
 * leftovers or typos: warn, since returns sent for them are never assessed. */
static void warn_unused(ld *l)
{
    sa_spec *s = l->spec;
    bool every_dataset = false;
    bool *ds_used = sa_arena_calloc(l->arena, s->ndatasets + 1, sizeof *ds_used);
    bool *role_used = sa_arena_calloc(l->arena, s->nroles + 1, sizeof *role_used);
    for (size_t r = 0; r < s->nrequirements; r++) {
        const sa_check *ck = &s->requirements[r].check;
        if (ck->dataset)
            ds_used[ck->dataset - s->datasets] = true;
        if (ck->link.dataset_name && ck->link.dataset)
            ds_used[ck->link.dataset - s->datasets] = true;
        sa_check_uses u;
        sa_check_uses_of(ck, &u);
        every_dataset = every_dataset || u.every_dataset;
        for (size_t i = 0; i < u.ndatasets; i++) {
            uintptr_t v = index_get(l->datasets, u.datasets[i]);
            if (v)
                ds_used[v - 1] = true;
        }
        for (int k = 0; k < 2; k++)
            for (size_t i = 0; i < u.nroles[k]; i++) {
                uintptr_t v = index_get(l->roles, u.roles[k][i]);
                if (v)
                    role_used[v - 1] = true;
            }
    }
    for (size_t i = 0; i < s->ndatasets && !every_dataset; i++)
        if (!ds_used[i])
            warn(l, "W-SPEC-UNUSED-DATASET", s->datasets[i].pos,
                 "dataset '%s' is not read by any requirement; its returns would never be assessed",
                 s->datasets[i].name);
    for (size_t i = 0; i < s->nroles; i++)
        if (!role_used[i])
            warn(l, "W-SPEC-UNUSED-ROLE", s->roles[i].pos,
                 "role '%s' is not named by any coverage 'roles' or mdt 'core'/'expected' list", s->roles[i].name);
}

/* ---- entry points -------------------------------------------------------------------- */

static void free_index(ld *l)
{
    sa_strmap_free(l->ids);
    sa_strmap_free(l->datasets);
    sa_strmap_free(l->roles);
    for (size_t i = 0; l->columns && i < l->spec->ndatasets; i++)
        sa_strmap_free(l->columns[i]);
}

void sa_spec_limits_default(sa_spec_limits *limits)
{
    limits->max_bytes = 16u << 20;
    limits->max_depth = 64;
    limits->max_alias_expansions = 10000;
}

static void free_compiled(sa_spec *s)
{
    for (size_t i = 0; i < s->nroles; i++)
        pcre2_code_free(s->roles[i].pattern_code);
    for (size_t d = 0; d < s->ndatasets; d++)
        for (size_t c = 0; c < s->datasets[d].ncolumns; c++)
            pcre2_code_free(s->datasets[d].columns[c].pattern_code);
    for (size_t r = 0; r < s->nrequirements; r++) {
        sa_check_release(&s->requirements[r].check);
    }
}

void sa_spec_free(sa_spec *spec)
{
    if (!spec)
        return;
    free_compiled(spec);
    sa_arena_free(spec->arena);
}

sa_spec *sa_spec_load_buffer(const char *name, const char *data, size_t len, const sa_spec_limits *limits,
                             sa_diags *diags)
{
    sa_spec_limits dflt;
    if (!limits) {
        sa_spec_limits_default(&dflt);
        limits = &dflt;
    }
    sa_arena *arena = sa_arena_new();
    sa_spec *s = sa_arena_alloc(arena, sizeof *s);
    s->arena = arena;
    s->path = sa_arena_strdup(arena, name ? name : "<spec>");
    s->pos = (sa_pos){s->path, 1, 1};
    s->period_from = s->period_to = SA_DATE_NONE;
    s->reporting_due_days = 15;
    s->reporting_every = SA_PER_MONTH;
    if (limits->max_bytes && len > limits->max_bytes) {
        sa_diags_error(diags, "E-IO-TOO-LARGE", (sa_pos){s->path, 0, 0},
                       "the specification is %zu bytes; expected at most %zu", len, limits->max_bytes);
        sa_arena_free(arena);
        return NULL;
    }
    sa_ytree_limits yl = {limits->max_depth ? limits->max_depth : 64,
                          limits->max_alias_expansions};
    sa_ynode *root = sa_ytree_parse(s->path, data, len, &yl, arena, diags);
    if (!root) {
        sa_arena_free(arena);
        return NULL;
    }
    uint64_t errors_before = sa_diags_total(diags, SA_SEV_ERROR);
    ld l = {sa_strmap_new(64), sa_strmap_new(16), sa_strmap_new(16), NULL, arena, diags, s->path, data, len, s};
    if (root->kind != SA_YNODE_MAP) {
        err(&l, "E-SPEC-TYPE", root->pos,
            "expected a specification (a mapping with specaudit, id, version, title, period, datasets and "
            "requirements), found %s",
            found(&l, root));
        free_index(&l);
        return s;
    }
    check_keys(&l, root, top_keys, "the specification", "E-SPEC-DUPLICATE-KEY", NULL, NULL);
    load_header(&l, root);
    load_calendar(&l, root);
    load_reporting(&l, root);
    load_providers(&l, root);
    load_roles(&l, root);
    load_datasets(&l, root);
    load_requirements(&l, root);
    /* only worth saying about a specification that is otherwise sound */
    if (sa_diags_total(diags, SA_SEV_ERROR) == errors_before)
        warn_unused(&l);
    free_index(&l);
    return s;
}

sa_spec *sa_spec_load(const char *path, const sa_spec_limits *limits, sa_diags *diags)
{
    sa_spec_limits dflt;
    if (!limits) {
        sa_spec_limits_default(&dflt);
        limits = &dflt;
    }
    char *data;
    size_t len;
    if (sa_file_read_all(path, limits->max_bytes, &data, &len, diags) != 0)
        return NULL;
    sa_spec *s = sa_spec_load_buffer(path, data, len, limits, diags);
    free(data);
    return s;
}
