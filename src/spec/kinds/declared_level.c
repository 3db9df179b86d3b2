/* declared_level.c — the spec half of `declared_level`: a provider declares
 * the level of a service it offers (e.g. bereavement support levels 1-3 of
 * NICE 2004), which must be at least `at_least`. */
#include <string.h>

#include "spec/kinds/kind_load.h"

static const char *const keys[] = {"kind", "dataset", "field", "at", "at_least", "model", "where", "per", NULL};

static void init(sa_check *ck)
{
    ck->declared_level.field.index = ck->declared_level.at.index = -1;
}

static void load(sa_ld *l, sa_check *ck, sa_yn *map)
{
    sa_declared_level_config *c = &ck->declared_level;
    sa_ld_colref(l, ck, map, "field", true, SA_LD_INT, "the declared level", &c->field);
    sa_ld_colref(l, ck, map, "at", false, SA_LD_DATEISH, "the date of each declaration", &c->at);
    sa_ld_int(l, map, "at_least", true, 0, 100, &c->at_least, "the lowest acceptable level");
    c->model = sa_ld_str(l, map, "model", true,
                         "which levels model the numbers refer to, e.g. nice-2004-bereavement or "
                         "nice-2004-psychological");
    sa_ld_per(l, ck, map);
}

/* The level is the target: at least `at_least`. */
static bool implied_target(const sa_check *ck, sa_target *out)
{
    out->set = true;
    out->op = SA_CMP_GE;
    out->value = (double)ck->declared_level.at_least;
    out->unit = SA_UNIT_NUMBER;
    return true;
}

static const sa_colref *column(const sa_check *ck, const char *key)
{
    if (strcmp(key, "field") == 0)
        return &ck->declared_level.field;
    return strcmp(key, "at") == 0 ? &ck->declared_level.at : NULL;
}

static void describe(const sa_spec *spec, const sa_check *ck, sa_buf *out)
{
    (void)spec;
    const sa_declared_level_config *c = &ck->declared_level;
    sa_describe_field(out, "Kind", "declared level: %s, dated by %s, must be at least %lld",
                      sa_describe_column(&c->field), sa_describe_column(&c->at), (long long)c->at_least);
    if (c->model)
        sa_describe_field(out, "Level model", "%s", c->model);
}

static void diff(const sa_check_differ *d, const sa_check *a, const sa_check *b)
{
    const sa_declared_level_config *ca = &a->declared_level, *cb = &b->declared_level;
    if (ca->at_least != cb->at_least)
        d->note(d, ca->at_least < cb->at_least ? SA_EDIT_TIGHTENED : SA_EDIT_LOOSENED, a->pos, b->pos,
                "declared level at least %lld -> %lld", (long long)ca->at_least, (long long)cb->at_least);
    bool same_model = ca->model && cb->model ? strcmp(ca->model, cb->model) == 0 : ca->model == cb->model;
    if (!same_model)
        d->note(d, SA_EDIT_CHANGED, a->pos, b->pos, "level model %s -> %s", ca->model ? ca->model : "(none)",
                cb->model ? cb->model : "(none)");
}

static void diff_reads(const sa_check_differ *d, const sa_check *a, const sa_check *b)
{
    d->column(d, "at", &a->declared_level.at, &b->declared_level.at);
    d->column(d, "field", &a->declared_level.field, &b->declared_level.field);
}

const sa_check_def sa_check_def_declared_level = {
    .name = "declared_level",
    .keys = keys,
    .reads_dataset = true,
    .per = SA_PER_PERIOD,
    .system_scope = "system: the providers together (the union of their evidence) are assessed; the system's "
                    "level is the highest any provider declares",
    .init = init,
    .load = load,
    .implied_target = implied_target,
    .column = column,
    .describe = describe,
    .diff = diff,
    .diff_reads = diff_reads,
};
