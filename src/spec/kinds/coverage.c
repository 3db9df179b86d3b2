/* coverage.c — the spec half of `coverage`: rota intervals [from, to) must
 * cover every required weekly window (24/7 advice lines, 7-day face-to-face
 * assessment), optionally counting only some roles. */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "spec/kinds/kind_load.h"

static const char *const keys[] = {"kind", "dataset", "from", "to", "window", "windows", "role", "roles", "where", "per",
                                   "assess", "target", NULL};

static void init(sa_check *ck)
{
    ck->coverage.from.index = ck->coverage.to.index = ck->coverage.role.index = -1;
}

static bool load_window(sa_ld *l, sa_yn *w, sa_window *out)
{
    static const char *const window_keys[] = {"days", "hours", "bank_holidays", NULL};
    if (!sa_ld_expect_map(l, w, "a window {days, hours, bank_holidays}"))
        return false;
    sa_ld_keys(l, w, window_keys, "a window");
    out->pos = w->pos;
    out->days = SA_DAYS_ALL;
    out->start_minute = 0;
    out->end_minute = 1440;
    out->bank_holidays = sa_ld_bool(l, w, "bank_holidays", true);
    bool ok = true;
    sa_yn *days = sa_ld_value(w, "days");
    if (days && !sa_ld_days(l, days, &out->days))
        ok = false;
    sa_yn *hours = sa_ld_value(w, "hours");
    if (!hours) {
        sa_ld_missing(l, w, "hours", "the hours of required cover, e.g. \"09:00-17:00\" or \"00:00-24:00\"");
        return false;
    }
    if (hours->kind != SA_YNODE_SCALAR) {
        sa_ld_error(l, "E-SPEC-WINDOW", hours->pos, "'hours' expects \"HH:MM-HH:MM\", found %s", sa_ld_found(l, hours));
        return false;
    }
    /* "HH:MM-HH:MM", spaces allowed around the dash */
    const char *t = hours->text;
    size_t len_a = strspn(t, "0123456789:");
    if (!sa_time_parse_hhmm(t, len_a, &out->start_minute) || out->start_minute >= 1440) {
        sa_ld_error(l, "E-SPEC-WINDOW", hours->text_pos,
            "invalid window start in \"%s\": expected a time HH:MM from 00:00 to 23:59", t);
        return false;
    }
    size_t i = len_a + strspn(t + len_a, " ");
    if (t[i] != '-') {
        sa_ld_error(l, "E-SPEC-WINDOW", sa_ld_offset_pos(l, hours, i),
            "expected '-' and an end time after the start in \"%s\" (e.g. \"09:00-17:00\")", t);
        return false;
    }
    i++;
    i += strspn(t + i, " ");
    size_t len_b = strlen(t + i);
    if (!sa_time_parse_hhmm(t + i, len_b, &out->end_minute)) {
        sa_ld_error(l, "E-SPEC-WINDOW", sa_ld_offset_pos(l, hours, i),
            "invalid window end in \"%s\": expected a time HH:MM from 00:00 to 24:00", t);
        return false;
    }
    if (out->end_minute == 0)
        out->end_minute = 1440; /* "22:00-00:00" ends at midnight */
    if (out->end_minute == out->start_minute) {
        sa_ld_error(l, "E-SPEC-WINDOW", hours->text_pos,
            "window \"%s\" is empty; expected an end after the start (use \"00:00-24:00\" for the whole day)", t);
        return false;
    }
    return ok;
}

static void load_windows(sa_ld *l, sa_check *ck, sa_yn *map)
{
    sa_yn *one = sa_ld_value(map, "window");
    sa_yn *many = sa_ld_value(map, "windows");
    if (one && many) {
        sa_ld_error(l, "E-SPEC-CONFLICT", sa_ld_key(map, "windows")->text_pos,
            "give either 'window' or 'windows', not both");
        return;
    }
    if (!one && !many) {
        sa_ld_missing(l, map, "window", "the weekly window of required cover, e.g. {days: mon-sun, hours: \"09:00-17:00\"}");
        return;
    }
    if (one) {
        ck->coverage.windows = sa_arena_calloc(sa_ld_arena(l), 1, sizeof *ck->coverage.windows);
        if (load_window(l, one, &ck->coverage.windows[0]))
            ck->coverage.nwindows = 1;
        return;
    }
    if (many->kind != SA_YNODE_SEQ || many->nitems == 0) {
        sa_ld_error(l, "E-SPEC-TYPE", many->pos, "'windows' expects a non-empty list of {days, hours}, found %s",
            many->kind == SA_YNODE_SEQ ? "an empty list" : sa_ld_found(l, many));
        return;
    }
    ck->coverage.windows = sa_arena_calloc(sa_ld_arena(l), many->nitems, sizeof *ck->coverage.windows);
    for (size_t i = 0; i < many->nitems; i++)
        if (load_window(l, many->items[i], &ck->coverage.windows[ck->coverage.nwindows]))
            ck->coverage.nwindows++;
}

static void load(sa_ld *l, sa_check *ck, sa_yn *map)
{
    sa_coverage_config *c = &ck->coverage;
    sa_ld_colref(l, ck, map, "from", true, SA_LD_DATETIME, "when a rota shift starts", &c->from);
    sa_ld_colref(l, ck, map, "to", true, SA_LD_DATETIME, "when a rota shift ends", &c->to);
    load_windows(l, ck, map);
    sa_ld_colref(l, ck, map, "role", false, SA_LD_STRINGISH, "the job title of the person on duty", &c->role);
    if (sa_ld_value(map, "roles")) {
        c->roles = sa_ld_roles(l, map, "roles", true, &c->nroles, "the roles that count as cover");
        if (!c->role.name)
            sa_ld_missing(l, map, "role", "the column holding job titles, needed to filter by 'roles'");
    }
    sa_ld_per(l, ck, map);
    sa_ld_target(l, ck, map);
}

static void uses(const sa_check *ck, sa_check_uses *u)
{
    u->roles[0] = ck->coverage.roles;
    u->nroles[0] = ck->coverage.nroles;
}

static const sa_colref *column(const sa_check *ck, const char *key)
{
    if (strcmp(key, "from") == 0)
        return &ck->coverage.from;
    if (strcmp(key, "to") == 0)
        return &ck->coverage.to;
    return strcmp(key, "role") == 0 ? &ck->coverage.role : NULL;
}

static void describe(const sa_spec *spec, const sa_check *ck, sa_buf *out)
{
    (void)spec;
    const sa_coverage_config *c = &ck->coverage;
    char buf[32];
    sa_describe_field(out, "Kind", "coverage: rota intervals [%s, %s) must cover every required window",
                      sa_describe_column(&c->from), sa_describe_column(&c->to));
    for (size_t i = 0; i < c->nwindows; i++) {
        const sa_window *w = &c->windows[i];
        sa_days_format(w->days, buf);
        sa_buf_printf(out, "  %-15s%s %02d:%02d-%02d:%02d%s\n", i ? "" : "Windows", buf, w->start_minute / 60,
                      w->start_minute % 60, w->end_minute / 60, w->end_minute % 60,
                      w->bank_holidays ? ", bank holidays included" : ", not on bank holidays");
    }
    if (c->role.name) {
        sa_buf_printf(out, "  %-15sonly rows whose %s matches ", "Roles", c->role.name);
        if (c->nroles)
            sa_describe_list(out, c->roles, c->nroles, "or");
        else
            sa_buf_puts(out, "any role");
        sa_buf_putc(out, '\n');
    }
}

/* ---- diff: required minutes of a week compared ---------------------------------- */

/*
 * A week of required minutes: 7 ordinary days and 7 bank-holiday days (a
 * bank holiday keeps its weekday). A window past midnight spills into the
 * next day of the same kind.
 */
#define WEEK_ROWS 14
#define DAY_MINUTES 1440

typedef struct week_map {
    uint8_t minute[WEEK_ROWS][DAY_MINUTES];
} week_map;

static void mark(week_map *m, int row, int from, int to)
{
    if (from < 0)
        from = 0;
    if (to > DAY_MINUTES)
        to = DAY_MINUTES;
    for (int i = from; i < to; i++)
        m->minute[row][i] = 1;
}

static void week_map_fill(week_map *m, const sa_window *w, size_t n)
{
    memset(m, 0, sizeof *m);
    for (size_t k = 0; k < n; k++) {
        for (int day = 0; day < 7; day++) {
            if (!(w[k].days & (1u << day)))
                continue;
            for (int holiday = 0; holiday <= (w[k].bank_holidays ? 1 : 0); holiday++) {
                int row = day + 7 * holiday;
                int next = (day + 1) % 7 + 7 * holiday;
                if (w[k].end_minute > w[k].start_minute) {
                    mark(m, row, w[k].start_minute, w[k].end_minute);
                } else {
                    mark(m, row, w[k].start_minute, DAY_MINUTES);
                    mark(m, next, 0, w[k].end_minute);
                }
            }
        }
    }
}

static void format_windows(sa_buf *b, const sa_window *w, size_t n)
{
    if (n == 0) {
        sa_buf_puts(b, "(none)");
        return;
    }
    for (size_t k = 0; k < n; k++) {
        char days[32];
        sa_days_format(w[k].days, days);
        if (k)
            sa_buf_puts(b, ", ");
        sa_buf_printf(b, "%s %02d:%02d-%02d:%02d", days, w[k].start_minute / 60,
                      w[k].start_minute % 60, w[k].end_minute / 60, w[k].end_minute % 60);
        if (!w[k].bank_holidays)
            sa_buf_puts(b, " (not on bank holidays)");
    }
}

static void windows_change(const sa_check_differ *d, const sa_check *a, const sa_check *b)
{
    week_map *ma = sa_xcalloc(1, sizeof *ma);
    week_map *mb = sa_xcalloc(1, sizeof *mb);
    week_map_fill(ma, a->coverage.windows, a->coverage.nwindows);
    week_map_fill(mb, b->coverage.windows, b->coverage.nwindows);
    long only_a = 0, only_b = 0;
    for (int r = 0; r < WEEK_ROWS; r++)
        for (int i = 0; i < DAY_MINUTES; i++) {
            only_a += ma->minute[r][i] && !mb->minute[r][i];
            only_b += mb->minute[r][i] && !ma->minute[r][i];
        }
    free(ma);
    free(mb);
    sa_buf ta = SA_BUF_INIT, tb = SA_BUF_INIT;
    format_windows(&ta, a->coverage.windows, a->coverage.nwindows);
    format_windows(&tb, b->coverage.windows, b->coverage.nwindows);
    sa_pos op = a->coverage.nwindows ? a->coverage.windows[0].pos : a->pos;
    sa_pos np = b->coverage.nwindows ? b->coverage.windows[0].pos : b->pos;
    if (only_a == 0 && only_b == 0) {
        /* same required minutes, written differently */
        if (strcmp(sa_buf_cstr(&ta), sa_buf_cstr(&tb)) != 0)
            d->note(d, SA_EDIT_CHANGED, op, np, "window %s -> %s (same hours required)",
                        sa_buf_cstr(&ta), sa_buf_cstr(&tb));
    } else if (only_a == 0) {
        d->note(d, SA_EDIT_TIGHTENED, op, np, "window widened: %s -> %s",
                    sa_buf_cstr(&ta), sa_buf_cstr(&tb));
    } else if (only_b == 0) {
        d->note(d, SA_EDIT_LOOSENED, op, np, "window narrowed: %s -> %s",
                    sa_buf_cstr(&ta), sa_buf_cstr(&tb));
    } else {
        d->note(d, SA_EDIT_CHANGED, op, np,
                    "window moved: %s -> %s (some hours added, some dropped)", sa_buf_cstr(&ta),
                    sa_buf_cstr(&tb));
    }
    sa_buf_free(&ta);
    sa_buf_free(&tb);
}

static void diff(const sa_check_differ *d, const sa_check *a, const sa_check *b)
{
    windows_change(d, a, b);
    /* Rows counted: more roles accepted is looser. */
    d->names(d, "counted roles", a->coverage.roles, a->coverage.nroles, b->coverage.roles, b->coverage.nroles,
             true, a->pos, b->pos);
}

static void diff_reads(const sa_check_differ *d, const sa_check *a, const sa_check *b)
{
    d->column(d, "from", &a->coverage.from, &b->coverage.from);
    d->column(d, "to", &a->coverage.to, &b->coverage.to);
    d->column(d, "role", &a->coverage.role, &b->coverage.role);
}

const sa_check_def sa_check_def_coverage = {
    .name = "coverage",
    .keys = keys,
    .reads_dataset = true,
    .per = SA_PER_MONTH,
    .default_target = ">= 100%",
    .share_of = "periods",
    .varies_target = true,
    .target_per_period = true,
    .counts_label = "Minutes covered",
    .init = init,
    .load = load,
    .uses = uses,
    .column = column,
    .describe = describe,
    .diff = diff,
    .diff_reads = diff_reads,
};
