/* baseline.c — the spec half of baselines, shared by the kinds that take one
 * (sa_check_def.baseline): `baseline: {from, to}`, an earlier range of the same
 * returns, or `baseline: {report: true}`, the figure of an earlier report given
 * with `check --baseline`, and `change`, the change the figure must show against it
 * ("<= -10%"; for a share, percentage points "<= -5pp"). A requirement with a
 * baseline is judged by the change alone: it takes no `target`, and its figure
 * is taken over the whole range (`per: period`). */
#include <math.h>
#include <string.h>

#include "spec/kinds/kind_load.h"

static const char *const range_keys[] = {"from", "to", "report", NULL};

/* A date of the baseline range; false (reported) when absent or invalid. */
static bool range_date(sa_ld *l, sa_yn *map, const char *key, sa_date *out)
{
    sa_yn *v = sa_ld_value(map, key);
    if (!v) {
        sa_ld_missing(l, map, key, key[0] == 'f' ? "the baseline's first day" : "the baseline's last day");
        return false;
    }
    if (v->kind != SA_YNODE_SCALAR || !sa_date_parse_iso(v->text, v->len, out)) {
        sa_ld_error(l, "E-SPEC-DATE", v->text_pos, "expected the baseline's '%s' as a date YYYY-MM-DD, found %s",
                    key, sa_ld_found(l, v));
        return false;
    }
    return true;
}

/* The comparison: "<=", ">=", "<", ">"; 0 bytes when none. */
static size_t parse_op(const char *s, sa_cmp *op)
{
    if (s[0] == '<' || s[0] == '>') {
        bool eq = s[1] == '=';
        *op = s[0] == '<' ? (eq ? SA_CMP_LE : SA_CMP_LT) : (eq ? SA_CMP_GE : SA_CMP_GT);
        return eq ? 2 : 1;
    }
    return 0;
}

/* A signed decimal of at most 9 digits either side of the point; 0 bytes when none. */
static size_t parse_signed(const char *s, double *out)
{
    size_t i = s[0] == '-' || s[0] == '+';
    size_t start = i, digits = 0, frac = 0;
    double v = 0, scale = 1;
    for (; s[i] >= '0' && s[i] <= '9' && digits < 9; i++, digits++)
        v = v * 10 + (s[i] - '0');
    if (s[i] == '.')
        for (i++; s[i] >= '0' && s[i] <= '9' && frac < 9; i++, frac++)
            v += (s[i] - '0') * (scale /= 10);
    if (digits == 0 || (s[i] >= '0' && s[i] <= '9'))
        return 0;
    *out = s[0] == '-' ? -v : v;
    return i > start ? i : 0;
}

/* "<= -10%" or "<= -5pp": the comparison, a signed number and its unit; the
 * offset of the first byte not understood otherwise. */
static bool parse_change(const char *text, sa_baseline *b, size_t *bad)
{
    size_t i = 0, n;
    while (text[i] == ' ')
        i++;
    if (!(n = parse_op(text + i, &b->op)))
        return *bad = i, false;
    for (i += n; text[i] == ' ';)
        i++;
    if (!(n = parse_signed(text + i, &b->change)))
        return *bad = i, false;
    for (i += n; text[i] == ' ';)
        i++;
    b->points = strncmp(text + i, "pp", 2) == 0;
    if (text[i] != '%' && !b->points)
        return *bad = i, false;
    for (i += b->points ? 2 : 1; text[i] == ' ';)
        i++;
    return text[i] ? (*bad = i, false) : true;
}

/* `change`, in the unit the kind compares in. */
static void load_change(sa_ld *l, sa_check *ck, sa_yn *v)
{
    bool share = sa_check_def_of(ck->kind)->baseline == SA_BASELINE_SHARE;
    size_t bad = 0;
    if (v->kind != SA_YNODE_SCALAR || !parse_change(v->text, &ck->baseline, &bad)) {
        sa_ld_error(l, "E-SPEC-BASELINE", v->kind == SA_YNODE_SCALAR ? sa_ld_offset_pos(l, v, bad) : v->pos,
                    "'change' expects a comparison with a signed change such as %s, found %s",
                    share ? "\"<= -5pp\" (percentage points)" : "\"<= -10%\"", sa_ld_found(l, v));
        ck->baseline.set = false;
        return;
    }
    ck->baseline.change_text = v->text;
    ck->baseline.change_pos = v->text_pos;
    if (share != ck->baseline.points) {
        sa_ld_error(l, "E-SPEC-BASELINE", v->text_pos,
                    share ? "a proportion's change is in percentage points (a share of 40%% falling to 36%% "
                            "is -4pp), so expected e.g. \"<= -5pp\", found \"%s\""
                          : "a %s's change is relative, in percent, so expected e.g. \"<= -10%%\", found \"%s\"",
                    share ? v->text : sa_check_def_of(ck->kind)->name, v->text);
        ck->baseline.set = false;
    }
}

/* `{report: true}`: the earlier report's figure, no range of its own. */
static bool load_report(sa_ld *l, sa_yn *b, sa_baseline *bl)
{
    sa_yn *v = sa_ld_value(b, "report");
    if (v->kind != SA_YNODE_SCALAR || strcmp(v->text, "true") != 0) {
        sa_ld_error(l, "E-SPEC-BASELINE", v->kind == SA_YNODE_SCALAR ? v->text_pos : v->pos,
                    "'report' expects true (the figure of the report given with --baseline), found %s",
                    sa_ld_found(l, v));
        return false;
    }
    if (sa_ld_value(b, "from") || sa_ld_value(b, "to")) {
        sa_ld_error(l, "E-SPEC-CONFLICT", sa_ld_key(b, "report")->pos,
                    "give either 'report: true' or the range 'from' and 'to', not both");
        return false;
    }
    bl->report = true;
    return true;
}

void sa_ld_baseline(sa_ld *l, sa_check *ck, sa_yn *map)
{
    sa_yn *b = sa_ld_value(map, "baseline"), *c = sa_ld_value(map, "change");
    if (!b && c) {
        sa_ld_error(l, "E-SPEC-BASELINE", sa_ld_key(map, "change")->pos,
                    "'change' is measured against a baseline; expected 'baseline: {from, to}' beside it");
        return;
    }
    if (!b || !sa_ld_expect_map(l, b, "the baseline range {from, to}"))
        return;
    sa_ld_keys(l, b, range_keys, "baseline");
    sa_baseline *bl = &ck->baseline;
    bl->pos = b->pos;
    bool ok;
    if (sa_ld_value(b, "report")) {
        ok = load_report(l, b, bl);
    } else {
        bool from = range_date(l, b, "from", &bl->from); /* both read, so both are reported */
        ok = range_date(l, b, "to", &bl->to) && from;
    }
    if (ok && !bl->report && bl->to < bl->from) {
        sa_ld_error(l, "E-SPEC-BASELINE", sa_ld_value(b, "to")->text_pos,
                    "the baseline ends before it starts; expected 'to' on or after %s",
                    sa_ld_value(b, "from")->text);
        ok = false;
    }
    bl->set = ok;
    if (!c)
        sa_ld_missing(l, map, "change", "the change against the baseline, e.g. \"<= -10%\"");
    else if (ok)
        load_change(l, ck, c);
    if (ok && sa_ld_value(map, "target"))
        sa_ld_error(l, "E-SPEC-CONFLICT", sa_ld_key(map, "target")->pos,
                    "give either 'target' or 'baseline' with 'change', not both: a requirement with a baseline "
                    "is judged by its change");
}

void sa_ld_baseline_check_range(sa_ld *l, const sa_requirement *r)
{
    const sa_baseline *bl = &r->check.baseline;
    const sa_spec *s = sa_ld_spec(l);
    sa_date first = r->in_force_from != SA_DATE_NONE ? r->in_force_from : s->period_from;
    if (!bl->set || bl->report || first == SA_DATE_NONE || bl->to < first)
        return;
    char d[11];
    sa_date_format(first, d);
    sa_ld_error(l, "E-SPEC-BASELINE", bl->pos,
                "the baseline overlaps the days %s is assessed on (from %s); expected a baseline that ends "
                "before %s (an earlier year, or a requirement in force from after its baseline)",
                r->id ? r->id : "the requirement", d, d);
}

void sa_baseline_describe(const sa_check *ck, sa_buf *out)
{
    const sa_baseline *bl = &ck->baseline;
    if (!bl->set)
        return;
    char a[11], b[11];
    sa_date_format(bl->from, a);
    sa_date_format(bl->to, b);
    sa_baseline_use use = sa_check_def_of(ck->kind)->baseline;
    if (bl->report)
        sa_describe_field(out, "Baseline", "the requirement's figure for the same provider (or system-wide) in "
                                           "the earlier report given with --baseline");
    else
        sa_describe_field(out, "Baseline", "rows of the same returns dated %s to %s", a, b);
    sa_describe_field(out, "Change", "%s: %s", bl->change_text,
                      use == SA_BASELINE_SHARE ? "the share over the whole period minus the baseline's, in "
                                                 "percentage points"
                      : use == SA_BASELINE_TOTAL ? "the total over the whole period against the "
                                                   "baseline's (per day unless both span as many whole "
                                                   "months), in percent"
                                                 : "the figure over the whole period against the baseline's, "
                                                   "in percent");
    sa_describe_field(out, "Verdict", "met when the change meets %s; not assessable, never met, when the baseline "
                                      "or the period has no row dated in it or too few to measure%s",
                      bl->change_text, use == SA_BASELINE_SHARE ? "" : ", or the baseline figure is 0");
}
