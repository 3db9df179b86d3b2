/* stat.c — what `mean` and `median` share in the spec: the value they
 * measure (a numeric or duration column, or the time between two date or
 * datetime columns), its target unit and its explanation. */
#include <string.h>

#include "spec/kinds/kind_load.h"

sa_target_unit sa_ld_column_unit(const sa_check *ck, const sa_colref *col)
{
    if (ck->dataset && col->index >= 0 && (size_t)col->index < ck->dataset->ncolumns &&
        ck->dataset->columns[col->index].type == SA_COL_DURATION)
        return SA_UNIT_SECONDS;
    return SA_UNIT_NUMBER;
}

void sa_ld_stat_value(sa_ld *l, sa_check *ck, sa_yn *map, sa_stat_value *v)
{
    bool pair = sa_ld_value(map, "from") || sa_ld_value(map, "to");
    if (pair && sa_ld_value(map, "column"))
        sa_ld_error(l, "E-SPEC-CONFLICT", sa_ld_key(map, "column")->pos,
                    "'column' and 'from'/'to' both given; expected one value: a column, or the time from one "
                    "date to another");
    if (!pair) {
        sa_ld_colref(l, ck, map, "column", true, SA_LD_NUMERIC | SA_LD_DURATION, "the values measured",
                     &v->column);
    } else {
        sa_ld_colref(l, ck, map, "from", true, SA_LD_DATEISH, "when the time measured starts", &v->from);
        sa_ld_colref(l, ck, map, "to", true, SA_LD_DATEISH, "when the time measured ends", &v->to);
    }
    sa_ld_colref(l, ck, map, "at", !pair, SA_LD_DATEISH, "the date placing each row in a period", &v->at);
    if (pair && !v->at.name)
        v->at = v->from; /* by default a row belongs to the period its time started in */
    sa_ld_per(l, ck, map);
    sa_ld_target(l, ck, map);
    sa_ld_int(l, map, "min_denominator", false, 1, INT32_MAX, &ck->min_denominator,
              "the fewest rows for a period to be assessable");
}

sa_target_unit sa_stat_target_unit(const sa_check *ck, const sa_stat_value *v)
{
    return v->from.name ? SA_UNIT_SECONDS : sa_ld_column_unit(ck, &v->column);
}

const sa_colref *sa_stat_column(const sa_stat_value *v, const char *key)
{
    if (strcmp(key, "column") == 0)
        return &v->column;
    if (strcmp(key, "from") == 0)
        return &v->from;
    if (strcmp(key, "to") == 0)
        return &v->to;
    return strcmp(key, "at") == 0 ? &v->at : NULL;
}

/* Whether the time from `from` to `to` is counted in whole days (two date columns). */
static bool in_days(const sa_check *ck, const sa_stat_value *v)
{
    const sa_dataset *ds = ck->dataset;
    if (!ds || v->from.index < 0 || v->to.index < 0)
        return false;
    return ds->columns[v->from.index].type == SA_COL_DATE && ds->columns[v->to.index].type == SA_COL_DATE;
}

void sa_stat_describe(const sa_check *ck, const sa_stat_value *v, const char *what, sa_buf *out)
{
    if (v->from.name)
        sa_describe_field(out, "Kind", "%s: the %s time from %s to %s, in %s", what, what,
                          sa_describe_column(&v->from), sa_describe_column(&v->to),
                          in_days(ck, v) ? "whole days (two dates)" : "elapsed time (clock changes counted)");
    else
        sa_describe_field(out, "Kind", "%s: the %s of %s over the rows dated by %s", what, what,
                          sa_describe_column(&v->column), sa_describe_column(&v->at));
    if (v->from.name)
        sa_describe_field(out, "Period", "a row belongs to the period of %s", sa_describe_column(&v->at));
    sa_describe_field(out, "No rows", "a period with no rows (or fewer than min_denominator) is not assessable");
}

void sa_stat_describe_empty(const sa_stat_value *v, sa_buf *out)
{
    if (v->from.name)
        sa_buf_printf(out,
                      "  A row with no %s, or with %s before %s, is left out of the figure and reported\n"
                      "  separately as unknown.\n",
                      sa_describe_column(&v->to), sa_describe_column(&v->to), sa_describe_column(&v->from));
    else
        sa_buf_printf(out,
                      "  A row with no %s, or a negative one, is left out of the figure and reported\n"
                      "  separately as unknown.\n",
                      sa_describe_column(&v->column));
}

void sa_stat_diff_reads(const sa_check_differ *d, const sa_stat_value *a, const sa_stat_value *b)
{
    d->column(d, "column", &a->column, &b->column);
    d->column(d, "from", &a->from, &b->from);
    d->column(d, "to", &a->to, &b->to);
    d->column(d, "at", &a->at, &b->at);
}
