/* table.c — the spec halves of the check kinds, indexed by kind (kinds.def). */
#include <string.h>

#include "expr/expr.h"
#include "spec/kind.h"

#define SA_KIND(ID, name, ...) extern const sa_check_def sa_check_def_##name;
#include "spec/kinds/kinds.def"
#undef SA_KIND

static const sa_check_def *const defs[SA_CHECK_KIND_COUNT] = {
#define SA_KIND(ID, name, ...) [SA_CHECK_##ID] = &sa_check_def_##name,
#include "spec/kinds/kinds.def"
#undef SA_KIND
};

const sa_check_def *sa_check_def_of(sa_check_kind k)
{
    return (size_t)k < SA_CHECK_KIND_COUNT ? defs[k] : NULL;
}

const char *sa_check_kind_name(sa_check_kind k)
{
    return (size_t)k < SA_CHECK_KIND_COUNT ? defs[k]->name : "?";
}

bool sa_check_kind_parse(const char *name, sa_check_kind *out)
{
    for (size_t i = 0; i < SA_CHECK_KIND_COUNT; i++)
        if (strcmp(name, defs[i]->name) == 0) {
            *out = (sa_check_kind)i;
            return true;
        }
    return false;
}

bool sa_check_def_takes(const sa_check_def *def, const char *key)
{
    for (size_t i = 0; def->keys[i]; i++)
        if (strcmp(def->keys[i], key) == 0)
            return true;
    return false;
}

sa_target sa_check_default_target(const sa_check *ck)
{
    const sa_check_def *def = sa_check_def_of(ck->kind);
    sa_target t = {0};
    if (def->implied_target)
        def->implied_target(ck, &t);
    else if (def->default_target)
        sa_target_parse(def->default_target, &t, NULL, NULL);
    return t;
}

const sa_expr_ref *sa_check_expr(const sa_check *ck, const char *key)
{
    const sa_check_def *def = sa_check_def_of(ck->kind);
    return def && def->expr ? def->expr(ck, key) : NULL;
}

const sa_colref *sa_check_column(const sa_check *ck, const char *key)
{
    const sa_check_def *def = sa_check_def_of(ck->kind);
    return def && def->column ? def->column(ck, key) : NULL;
}

void sa_check_release(sa_check *ck)
{
    sa_expr_free(ck->where.compiled);
    ck->where.compiled = NULL;
    const sa_check_def *def = sa_check_def_of(ck->kind);
    if (def && def->release)
        def->release(ck);
}

void sa_check_uses_of(const sa_check *ck, sa_check_uses *u)
{
    memset(u, 0, sizeof *u);
    const sa_check_def *def = sa_check_def_of(ck->kind);
    if (def && def->uses)
        def->uses(ck, u);
}
