/* response_time.c — the spec half of `response_time`: the share of cases
 * whose clock, from `from` to `to`, stops within a limit (4 hours, 1 working
 * day), against a percentage target. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/kinds/kind_load.h"

static const char *const keys[] = {"kind", "dataset", "from", "to", "at", "limit", "where", "target", "per",
                                   "assess", "min_denominator", NULL};

static void init(sa_check *ck)
{
    sa_response_time_config *c = &ck->response_time;
    c->from.index = c->to.index = c->at.index = -1;
    c->limit_working_days = -1;
}

static void load_limit(sa_ld *l, sa_check *ck, sa_yn *map)
{
    sa_yn *v = sa_ld_value(map, "limit");
    if (!v) {
        sa_ld_missing(l, map, "limit", "the time allowed, e.g. \"4h\", \"1 working day\" or \"2 working days\"");
        return;
    }
    ck->response_time.limit_pos = v->text_pos;
    if (v->kind == SA_YNODE_SCALAR) {
        const char *t = v->text;
        char *end;
        long n = strtol(t, &end, 10);
        if (end != t && n >= 0 && n <= 365 &&
            (strcmp(end, " working day") == 0 || strcmp(end, " working days") == 0)) {
            ck->response_time.limit_working_days = (int)n;
            ck->response_time.limit_seconds = 0;
            return;
        }
        int64_t secs;
        if (sa_duration_parse(t, v->len, &secs) && secs > 0) {
            ck->response_time.limit_seconds = secs;
            ck->response_time.limit_working_days = -1;
            return;
        }
    }
    sa_ld_error(l, "E-SPEC-LIMIT", v->text_pos,
        "expected a time limit such as \"4h\", \"30m\", \"2d\" or \"1 working day\", found %s", sa_ld_found(l, v));
}

static void load(sa_ld *l, sa_check *ck, sa_yn *map)
{
    sa_response_time_config *c = &ck->response_time;
    sa_ld_colref(l, ck, map, "from", true, SA_LD_DATEISH, "when the clock starts", &c->from);
    sa_ld_colref(l, ck, map, "to", true, SA_LD_DATEISH, "when the clock stops", &c->to);
    sa_ld_colref(l, ck, map, "at", false, SA_LD_DATEISH, "the date placing each row in a period", &c->at);
    if (!c->at.name)
        c->at = c->from; /* by default a row belongs to the period its clock started in */
    load_limit(l, ck, map);
    sa_ld_per(l, ck, map);
    sa_ld_target(l, ck, map);
    sa_ld_int(l, map, "min_denominator", false, 1, INT32_MAX, &ck->min_denominator,
              "the fewest rows for a period to be assessable");
}

static const sa_colref *column(const sa_check *ck, const char *key)
{
    if (strcmp(key, "from") == 0)
        return &ck->response_time.from;
    if (strcmp(key, "to") == 0)
        return &ck->response_time.to;
    return strcmp(key, "at") == 0 ? &ck->response_time.at : NULL;
}

static void describe(const sa_spec *spec, const sa_check *ck, sa_buf *out)
{
    const sa_response_time_config *c = &ck->response_time;
    char limit[32];
    if (c->limit_working_days >= 0)
        snprintf(limit, sizeof limit, "%d working day%s", c->limit_working_days,
                 c->limit_working_days == 1 ? "" : "s");
    else
        sa_describe_duration(c->limit_seconds, limit, sizeof limit);
    sa_describe_field(out, "Kind", "response time: from %s to %s within %s", sa_describe_column(&c->from),
                      sa_describe_column(&c->to), limit);
    if (c->limit_working_days >= 0)
        sa_describe_field(out, "Working days", "Monday to Friday, not counting %s bank holidays%s",
                          sa_region_name(spec->calendar.region),
                          spec->calendar.nextra_holidays ? " or the extra days" : "");
    else
        sa_describe_field(out, "Elapsed time", "measured on real instants (clock changes counted)");
}

static void describe_empty(const sa_check *ck, sa_buf *out)
{
    sa_buf_printf(out,
                  "  A counted row with no %s (or one before %s) is not met, and is reported\n"
                  "  separately as unknown.\n",
                  sa_describe_column(&ck->response_time.to), sa_describe_column(&ck->response_time.from));
}

static void format_limit(const sa_response_time_config *c, char out[48])
{
    if (c->limit_working_days >= 0) {
        snprintf(out, 48, "%d working day%s", c->limit_working_days, c->limit_working_days == 1 ? "" : "s");
    } else {
        char dur[32];
        sa_duration_format(c->limit_seconds, dur);
        snprintf(out, 48, "%s", dur);
    }
}

static void diff(const sa_check_differ *d, const sa_check *a, const sa_check *b)
{
    const sa_response_time_config *ca = &a->response_time, *cb = &b->response_time;
    bool a_wd = ca->limit_working_days >= 0, b_wd = cb->limit_working_days >= 0;
    if (a_wd == b_wd && (a_wd ? ca->limit_working_days == cb->limit_working_days
                              : ca->limit_seconds == cb->limit_seconds))
        return;
    char la[48], lb[48];
    format_limit(ca, la);
    format_limit(cb, lb);
    if (a_wd != b_wd) {
        d->note(d, SA_EDIT_CHANGED, ca->limit_pos, cb->limit_pos,
                "response limit %s -> %s (working days and hours do not compare)", la, lb);
        return;
    }
    bool shorter = a_wd ? cb->limit_working_days < ca->limit_working_days : cb->limit_seconds < ca->limit_seconds;
    d->note(d, shorter ? SA_EDIT_TIGHTENED : SA_EDIT_LOOSENED, ca->limit_pos, cb->limit_pos,
            "response limit %s -> %s", la, lb);
}

static void diff_reads(const sa_check_differ *d, const sa_check *a, const sa_check *b)
{
    d->column(d, "from", &a->response_time.from, &b->response_time.from);
    d->column(d, "to", &a->response_time.to, &b->response_time.to);
    d->column(d, "at", &a->response_time.at, &b->response_time.at);
}

const sa_check_def sa_check_def_response_time = {
    .name = "response_time",
    .keys = keys,
    .reads_dataset = true,
    .per = SA_PER_MONTH,
    .default_target = ">= 100%",
    .target_required = true,
    .target_what = "the share that must meet the check, e.g. \">= 90%\"",
    .share_of = "periods",
    .varies_target = true,
    .target_per_period = true,
    .counts_label = "Cases within the limit",
    .init = init,
    .load = load,
    .column = column,
    .describe = describe,
    .describe_empty = describe_empty,
    .diff = diff,
    .diff_reads = diff_reads,
};
