/* attestation.c — the spec half of `attestation`: a narrative duty (review,
 * evaluate, agree a plan, a baseline review) that someone — the commissioner
 * or each provider — attests as done by a date, in a declarations return. */
#include <string.h>

#include "spec/kinds/kind_load.h"

static const char *const keys[] = {"kind",      "dataset",  "responsible", "evidence", "due",
                                   "requirement", "attested", "reference",   "where",    NULL};
static const char *const responsible_choices[] = {"provider", "commissioner", NULL};

static void init(sa_check *ck)
{
    sa_attestation_config *c = &ck->attestation;
    c->due = SA_DATE_NONE;
    c->requirement.index = c->attested.index = c->reference.index = -1;
}

/* `due`: a date within the specification period. */
static void load_due(sa_ld *l, sa_attestation_config *c, sa_yn *map)
{
    const char *text = sa_ld_str(l, map, "due", true, "the day the duty is due, YYYY-MM-DD");
    sa_yn *v = sa_ld_value(map, "due");
    if (!text || !v)
        return;
    c->due_pos = v->text_pos;
    sa_date d;
    if (!sa_date_parse_iso(text, strlen(text), &d)) {
        sa_ld_error(l, "E-SPEC-DATE", v->text_pos, "expected the due date as YYYY-MM-DD, found \"%s\"", text);
        return;
    }
    const sa_spec *s = sa_ld_spec(l);
    if ((s->period_from != SA_DATE_NONE && d < s->period_from) || (s->period_to != SA_DATE_NONE && d > s->period_to)) {
        char a[11], b[11];
        sa_date_format(s->period_from, a);
        sa_date_format(s->period_to, b);
        sa_ld_error(l, "E-SPEC-DATE-OUTSIDE-PERIOD", v->text_pos,
                    "due date %s is outside the specification period; expected a date from %s to %s", text, a, b);
        return;
    }
    c->due = d;
}

static void load(sa_ld *l, sa_check *ck, sa_yn *map)
{
    sa_attestation_config *c = &ck->attestation;
    int who = sa_ld_choice(l, map, "responsible", responsible_choices, "who attests: provider or commissioner");
    c->commissioner = who == 1;
    if (who == -1)
        sa_ld_missing(l, map, "responsible", "who attests the duty: provider or commissioner");
    if (c->commissioner && !sa_ld_spec(l)->commissioner_code)
        sa_ld_error(l, "E-SPEC-MISSING-KEY", sa_ld_key(map, "responsible")->text_pos,
                    "a commissioner's attestation needs the commissioner's code (commissioner: {code}) "
                    "to find its rows");
    c->evidence = sa_ld_str(l, map, "evidence", true, "what the attestation must show, in words");
    load_due(l, c, map);
    sa_ld_colref(l, ck, map, "requirement", true, SA_LD_STRINGISH, "the column naming the requirement attested",
                 &c->requirement);
    sa_ld_colref(l, ck, map, "attested", true, SA_LD_DATEISH, "the date attested", &c->attested);
    sa_ld_colref(l, ck, map, "reference", false, SA_LD_STRINGISH, "the evidence's reference", &c->reference);
}

static const sa_colref *column(const sa_check *ck, const char *key)
{
    const sa_attestation_config *c = &ck->attestation;
    if (strcmp(key, "requirement") == 0)
        return &c->requirement;
    if (strcmp(key, "attested") == 0)
        return &c->attested;
    return strcmp(key, "reference") == 0 ? &c->reference : NULL;
}

static void describe(const sa_spec *spec, const sa_check *ck, sa_buf *out)
{
    const sa_attestation_config *c = &ck->attestation;
    char due[24] = "(not given)";
    if (c->due != SA_DATE_NONE)
        sa_date_format_long(c->due, due);
    sa_describe_field(out, "Kind", "attestation: a row of the declarations return naming the requirement in %s, "
                      "dated by %s, on or before %s", sa_describe_column(&c->requirement),
                      sa_describe_column(&c->attested), due);
    if (c->commissioner)
        sa_describe_field(out, "Responsible", "the commissioner (%s): one row, the commissioner's; providers have "
                          "no duty", spec->commissioner_code ? spec->commissioner_code : "no code");
    else
        sa_describe_field(out, "Responsible", "each provider");
    if (c->evidence)
        sa_describe_field(out, "Evidence", "%s", c->evidence);
    sa_describe_field(out, "Verdict", "met when attested by the due date; not met when the due date has passed "
                      "(--today, else the end of the range assessed) without an attestation, or attested late; "
                      "not_in_force (not yet due) before it");
}

static void diff(const sa_check_differ *d, const sa_check *a, const sa_check *b)
{
    const sa_attestation_config *ca = &a->attestation, *cb = &b->attestation;
    if (ca->due != cb->due) {
        char x[11] = "(none)", y[11] = "(none)";
        if (ca->due != SA_DATE_NONE)
            sa_date_format(ca->due, x);
        if (cb->due != SA_DATE_NONE)
            sa_date_format(cb->due, y);
        d->note(d, cb->due > ca->due ? SA_EDIT_LOOSENED : SA_EDIT_TIGHTENED, ca->due_pos, cb->due_pos,
                "due %s -> %s (%s)", x, y, cb->due > ca->due ? "later" : "earlier");
    }
    if (ca->commissioner != cb->commissioner)
        d->note(d, SA_EDIT_CHANGED, a->pos, b->pos, "responsible %s -> %s",
                ca->commissioner ? "commissioner" : "provider", cb->commissioner ? "commissioner" : "provider");
    bool same = ca->evidence && cb->evidence ? strcmp(ca->evidence, cb->evidence) == 0 : ca->evidence == cb->evidence;
    if (!same)
        d->note(d, SA_EDIT_CHANGED, a->pos, b->pos, "evidence required changed");
}

static void diff_reads(const sa_check_differ *d, const sa_check *a, const sa_check *b)
{
    d->column(d, "requirement", &a->attestation.requirement, &b->attestation.requirement);
    d->column(d, "attested", &a->attestation.attested, &b->attestation.attested);
    d->column(d, "reference", &a->attestation.reference, &b->attestation.reference);
}

const sa_check_def sa_check_def_attestation = {
    .name = "attestation",
    .keys = keys,
    .reads_dataset = true,
    .per = SA_PER_PERIOD,
    .counts_label = "Attested",
    .init = init,
    .load = load,
    .column = column,
    .describe = describe,
    .diff = diff,
    .diff_reads = diff_reads,
};
