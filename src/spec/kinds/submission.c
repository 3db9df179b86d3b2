/* submission.c — the spec half of `submission`: the reporting duty, a return
 * of each expected dataset from each provider each period, due some days
 * after the period ends. It reads no one dataset: every return is evidence. */
#include <string.h>

#include "spec/kinds/kind_load.h"

static const char *const keys[] = {"kind", "datasets", "every", "due_days", "submitted", "target", NULL};
static const char *const every_choices[] = {"week", "fortnight", "month", "quarter", "year", NULL};

static void init(sa_check *ck)
{
    ck->submission.due_days = -1;
    ck->submission.submitted.index = -1;
}

/* The column must exist, as a date, in every dataset the duty covers. */
static void load_submitted(sa_ld *l, sa_check *ck, sa_yn *map)
{
    const sa_spec *s = sa_ld_spec(l);
    sa_submission_config *c = &ck->submission;
    size_t n = c->ndatasets ? c->ndatasets : s->ndatasets;
    for (size_t i = 0; i < n; i++) {
        sa_check tmp;
        memset(&tmp, 0, sizeof tmp);
        tmp.dataset = c->ndatasets ? sa_ld_dataset(l, c->datasets[i]) : &s->datasets[i];
        if (!tmp.dataset)
            continue;
        sa_ld_colref(l, &tmp, map, "submitted", false, SA_LD_DATEISH, "the date the return was submitted",
                     &c->submitted);
    }
    /* A check's column indexes refer to its `dataset`; a submission duty
     * has none, so the column is resolved by name in each dataset. */
    c->submitted.index = -1;
}

static void load(sa_ld *l, sa_check *ck, sa_yn *map)
{
    sa_submission_config *c = &ck->submission;
    c->every = sa_ld_spec(l)->reporting_every;
    int e = sa_ld_choice(l, map, "every", every_choices, "how often returns are due");
    if (e >= 0)
        sa_per_parse(every_choices[e], &c->every);
    ck->per = c->every;
    int64_t due;
    if (sa_ld_int(l, map, "due_days", false, 0, 366, &due, "days after the period end"))
        c->due_days = (int)due;
    sa_yn **nodes;
    c->datasets = sa_ld_str_list(l, map, "datasets", &c->ndatasets, &nodes, "the datasets each provider must send");
    for (size_t i = 0; i < c->ndatasets; i++)
        if (!sa_ld_dataset(l, c->datasets[i]))
            sa_ld_error(l, "E-SPEC-UNKNOWN-DATASET", nodes[i]->text_pos, "dataset '%s' is not defined under 'datasets'",
                        c->datasets[i]);
    if (sa_ld_value(map, "submitted"))
        load_submitted(l, ck, map);
    sa_ld_target(l, ck, map);
}

static void uses(const sa_check *ck, sa_check_uses *u)
{
    u->datasets = ck->submission.datasets;
    u->ndatasets = ck->submission.ndatasets;
    u->every_dataset = ck->submission.ndatasets == 0;
}

static const sa_colref *column(const sa_check *ck, const char *key)
{
    return strcmp(key, "submitted") == 0 ? &ck->submission.submitted : NULL;
}

static void describe(const sa_spec *spec, const sa_check *ck, sa_buf *out)
{
    (void)spec;
    const sa_submission_config *c = &ck->submission;
    sa_buf_printf(out, "  %-15s", "Kind");
    sa_buf_puts(out, "submission: a return of ");
    if (c->ndatasets)
        sa_describe_list(out, c->datasets, c->ndatasets, "and");
    else
        sa_buf_puts(out, "every dataset");
    sa_buf_printf(out, " from each provider %s", sa_describe_per(c->every));
    if (c->due_days >= 0)
        sa_buf_printf(out, ", due %d days after the period ends", c->due_days);
    else
        sa_buf_puts(out, ", due when the agreement says");
    sa_buf_putc(out, '\n');
    if (c->submitted.name)
        sa_describe_field(out, "Submitted on", "the date in column %s", c->submitted.name);
    sa_describe_field(out, "Received", "as the submissions manifest (--submissions) records, else when rows are dated "
                                       "in the period; a return whose submission date is not known is never on time");
}

static void diff(const sa_check_differ *d, const sa_check *a, const sa_check *b)
{
    const sa_submission_config *ca = &a->submission, *cb = &b->submission;
    d->every(d, "returns every", ca->every, cb->every, a->pos, b->pos);
    /* Returns expected: more datasets is tighter. */
    d->names(d, "expected returns", ca->datasets, ca->ndatasets, cb->datasets, cb->ndatasets, false, a->pos, b->pos);
    d->due_days(d, ca->due_days, cb->due_days, "(from the agreement)", a->pos, b->pos);
}

static void diff_reads(const sa_check_differ *d, const sa_check *a, const sa_check *b)
{
    d->column(d, "submitted", &a->submission.submitted, &b->submission.submitted);
}

const sa_check_def sa_check_def_submission = {
    .name = "submission",
    .keys = keys,
    .per = SA_PER_MONTH,
    .default_target = ">= 100%",
    .share_of = "periods",
    .counts_label = "Returns on time",
    .init = init,
    .load = load,
    .uses = uses,
    .column = column,
    .describe = describe,
    .diff = diff,
    .diff_reads = diff_reads,
};
