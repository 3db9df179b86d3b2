/* proportion.c — the spec half of `proportion`: the share of counted rows
 * (`where`, less those `exclude` takes out) that `meets` a condition, per
 * period, against a percentage target (most KPIs of a contract). */
#include <stdio.h>
#include <string.h>

#include "expr/expr.h"
#include "spec/kinds/kind_load.h"

static const char *const keys[] = {"kind", "dataset", "at", "where", "meets", "exclude", "exclusion_reason", "link", "target",
                                   "per", "assess", "min_denominator", NULL};

static void init(sa_check *ck)
{
    ck->proportion.at.index = ck->proportion.exclusion_reason.index = -1;
}

static void load(sa_ld *l, sa_check *ck, sa_yn *map)
{
    sa_proportion_config *p = &ck->proportion;
    sa_ld_colref(l, ck, map, "at", true, SA_LD_DATEISH, "the date placing each row in a period", &p->at);
    sa_ld_expr(l, ck, map, "meets", true, "the condition a row must meet", &p->meets);
    sa_ld_expr(l, ck, map, "exclude", false, "rows removed from the denominator", &p->exclude);
    sa_ld_colref(l, ck, map, "exclusion_reason", false, SA_LD_STRINGISH, "the documented reason for an exclusion",
                 &p->exclusion_reason);
    sa_ld_per(l, ck, map);
    sa_ld_target(l, ck, map);
    sa_ld_int(l, map, "min_denominator", false, 1, INT32_MAX, &ck->min_denominator,
              "the fewest rows for a period to be assessable");
}

static const sa_expr_ref *expr(const sa_check *ck, const char *key)
{
    if (strcmp(key, "meets") == 0)
        return &ck->proportion.meets;
    return strcmp(key, "exclude") == 0 ? &ck->proportion.exclude : NULL;
}

static const sa_colref *column(const sa_check *ck, const char *key)
{
    if (strcmp(key, "at") == 0)
        return &ck->proportion.at;
    return strcmp(key, "exclusion_reason") == 0 ? &ck->proportion.exclusion_reason : NULL;
}

static void release(sa_check *ck)
{
    sa_expr_free(ck->proportion.meets.compiled);
    sa_expr_free(ck->proportion.exclude.compiled);
    ck->proportion.meets.compiled = ck->proportion.exclude.compiled = NULL;
}

static void describe(const sa_spec *spec, const sa_check *ck, sa_buf *out)
{
    (void)spec;
    sa_describe_field(out, "Kind", "proportion: the share of counted rows that meet the condition");
    sa_describe_field(out, "Dated by", "%s", sa_describe_column(&ck->proportion.at));
}

static bool same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* "referrals on nhs_number = patient_nhs", or "none". */
static const char *link_words(const sa_link *k, char *out, size_t size)
{
    if (!k->dataset_name)
        return "none";
    snprintf(out, size, "%s on %s = %s", k->dataset_name, k->on.name ? k->on.name : "?",
             k->linked_on.name ? k->linked_on.name : "?");
    return out;
}

static void diff_reads(const sa_check_differ *d, const sa_check *a, const sa_check *b)
{
    const sa_link *la = &a->link, *lb = &b->link;
    if (!same_text(la->dataset_name, lb->dataset_name) || !same_text(la->on.name, lb->on.name) ||
        !same_text(la->linked_on.name, lb->linked_on.name)) {
        char wa[160], wb[160];
        d->note(d, SA_EDIT_CHANGED, la->dataset_name ? la->pos : a->pos, lb->dataset_name ? lb->pos : b->pos,
                "link %s -> %s", link_words(la, wa, sizeof wa), link_words(lb, wb, sizeof wb));
    }
    d->condition(d, "meets", &a->proportion.meets, &b->proportion.meets);
    d->condition(d, "exclude", &a->proportion.exclude, &b->proportion.exclude);
    d->column(d, "at", &a->proportion.at, &b->proportion.at);
    d->column(d, "exclusion_reason", &a->proportion.exclusion_reason, &b->proportion.exclusion_reason);
}

const sa_check_def sa_check_def_proportion = {
    .name = "proportion",
    .keys = keys,
    .reads_dataset = true,
    .per = SA_PER_MONTH,
    .default_target = ">= 100%",
    .target_required = true,
    .target_what = "the share that must meet the check, e.g. \">= 90%\"",
    .share_of = "rows",
    .varies_target = true,
    .target_per_period = true,
    .counts_label = "Cases meeting the standard",
    .baseline = SA_BASELINE_SHARE,
    .init = init,
    .load = load,
    .expr = expr,
    .column = column,
    .release = release,
    .describe = describe,
    .diff_reads = diff_reads,
};
