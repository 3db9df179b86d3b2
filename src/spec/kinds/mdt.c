/* mdt.c — the spec half of `mdt`: multidisciplinary team meetings, each
 * quorate when every core role attends, at least once every week, fortnight
 * or month. */
#include <string.h>

#include "spec/kinds/kind_load.h"

static const char *const keys[] = {"kind", "dataset", "meeting", "on", "role", "present", "every", "core", "expected",
                                   "where", "per", "assess", "target", NULL};
static const char *const every_choices[] = {"week", "fortnight", "month", NULL};

static void init(sa_check *ck)
{
    sa_mdt_config *m = &ck->mdt;
    m->meeting.index = m->on.index = m->role.index = m->present.index = -1;
    m->every = SA_PER_WEEK;
}

static void load_roles(sa_ld *l, sa_check *ck, sa_yn *map)
{
    sa_mdt_config *m = &ck->mdt;
    sa_yn *core = sa_ld_value(map, "core");
    m->core_pos = core ? core->pos : map->pos;
    m->core = sa_ld_roles(l, map, "core", true, &m->ncore, "the roles that must attend for a quorate meeting");
    m->expected = sa_ld_roles(l, map, "expected", false, &m->nexpected, "roles expected to attend");
    for (size_t i = 0; i < m->nexpected; i++)
        for (size_t j = 0; j < m->ncore; j++)
            if (strcmp(m->expected[i], m->core[j]) == 0)
                sa_ld_error(l, "E-SPEC-CONFLICT", sa_ld_value(map, "expected")->pos,
                            "role '%s' is both core and expected; expected each role in one list", m->expected[i]);
}

static void load(sa_ld *l, sa_check *ck, sa_yn *map)
{
    sa_mdt_config *m = &ck->mdt;
    sa_ld_colref(l, ck, map, "meeting", true, SA_LD_ANY, "the meeting identifier", &m->meeting);
    sa_ld_colref(l, ck, map, "on", true, SA_LD_DATEISH, "the meeting date", &m->on);
    sa_ld_colref(l, ck, map, "role", true, SA_LD_STRINGISH, "the attendee's job title or role", &m->role);
    sa_ld_colref(l, ck, map, "present", false, SA_LD_BOOL, "whether the attendee was present", &m->present);
    int e = sa_ld_choice(l, map, "every", every_choices, "how often a quorate meeting is required");
    if (e >= 0)
        sa_per_parse(every_choices[e], &m->every);
    load_roles(l, ck, map);
    sa_ld_per(l, ck, map);
    sa_ld_target(l, ck, map);
}

static void uses(const sa_check *ck, sa_check_uses *u)
{
    u->roles[0] = ck->mdt.core;
    u->nroles[0] = ck->mdt.ncore;
    u->roles[1] = ck->mdt.expected;
    u->nroles[1] = ck->mdt.nexpected;
}

static const sa_colref *column(const sa_check *ck, const char *key)
{
    if (strcmp(key, "meeting") == 0)
        return &ck->mdt.meeting;
    if (strcmp(key, "on") == 0)
        return &ck->mdt.on;
    if (strcmp(key, "role") == 0)
        return &ck->mdt.role;
    return strcmp(key, "present") == 0 ? &ck->mdt.present : NULL;
}

static void describe(const sa_spec *spec, const sa_check *ck, sa_buf *out)
{
    (void)spec;
    const sa_mdt_config *m = &ck->mdt;
    sa_describe_field(out, "Kind", "MDT: meetings (%s, held on %s) with attendees by role (%s)",
                      sa_describe_column(&m->meeting), sa_describe_column(&m->on), sa_describe_column(&m->role));
    sa_describe_field(out, "Cadence", "a quorate meeting %s", sa_describe_per(m->every));
    if (m->ncore) {
        sa_buf_printf(out, "  %-15s", "Core roles");
        sa_describe_list(out, m->core, m->ncore, "and");
        sa_buf_puts(out, " must all attend\n");
    }
    if (m->nexpected) {
        sa_buf_printf(out, "  %-15s", "Expected roles");
        sa_describe_list(out, m->expected, m->nexpected, "and");
        sa_buf_puts(out, " (reported when absent)\n");
    }
    if (m->present.name)
        sa_describe_field(out, "Presence", "an attendee counts when %s is yes", m->present.name);
}

static bool listed(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] && s && strcmp(list[i], s) == 0)
            return true;
    return false;
}

/* Each role in `b` and not in `a`: `added`; each in `a` and not in `b`: `removed`. */
static void roles_change(const sa_check_differ *d, const char *what, const char *const *a, size_t na,
                         const char *const *b, size_t nb, sa_edit added, sa_edit removed, const char *note,
                         sa_pos op, sa_pos np)
{
    for (size_t i = 0; i < nb; i++)
        if (!listed(a, na, b[i]))
            d->note(d, added, op, np, "MDT %s role %s added%s", what, b[i] ? b[i] : "(none)", note);
    for (size_t i = 0; i < na; i++)
        if (!listed(b, nb, a[i]))
            d->note(d, removed, op, np, "MDT %s role %s removed", what, a[i] ? a[i] : "(none)");
}

static void diff(const sa_check_differ *d, const sa_check *a, const sa_check *b)
{
    const sa_mdt_config *ma = &a->mdt, *mb = &b->mdt;
    /* Each core role added must attend too (tighter), each removed need not. */
    roles_change(d, "core", ma->core, ma->ncore, mb->core, mb->ncore, SA_EDIT_TIGHTENED, SA_EDIT_LOOSENED, "",
                 ma->core_pos, mb->core_pos);
    roles_change(d, "expected", ma->expected, ma->nexpected, mb->expected, mb->nexpected, SA_EDIT_CHANGED,
                 SA_EDIT_CHANGED, " (reported when absent, not required)", a->pos, b->pos);
    d->every(d, "meetings every", ma->every, mb->every, a->pos, b->pos);
}

static void diff_reads(const sa_check_differ *d, const sa_check *a, const sa_check *b)
{
    d->column(d, "role", &a->mdt.role, &b->mdt.role);
    d->column(d, "meeting", &a->mdt.meeting, &b->mdt.meeting);
    d->column(d, "on", &a->mdt.on, &b->mdt.on);
    d->column(d, "present", &a->mdt.present, &b->mdt.present);
}

const sa_check_def sa_check_def_mdt = {
    .name = "mdt",
    .keys = keys,
    .reads_dataset = true,
    .per = SA_PER_PERIOD,
    .default_target = ">= 100%",
    .share_of = "periods",
    .varies_target = true,
    .target_per_period = true,
    .counts_label = "Periods with a quorate meeting",
    .init = init,
    .load = load,
    .uses = uses,
    .column = column,
    .describe = describe,
    .diff = diff,
    .diff_reads = diff_reads,
};
