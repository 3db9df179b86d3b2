/* mdt.c — `mdt`: multidisciplinary team meetings, grouped by meeting id, must
 * be held every `every` (week, fortnight, month) and be quorate: every core
 * role present. Roles come from free-text job titles matched with the spec's
 * role patterns; titles no pattern matches are listed. The measure is the
 * share of `every` periods with a quorate meeting, per reporting period. */
#include <stdlib.h>
#include <string.h>

#include "checks/checks_internal.h"
#include "core/strmap.h"
#include "core/alloc.h"

typedef struct meeting {
    const char *key; /* provider \x1f meeting id, owned by the map */
    sa_date date;    /* earliest `on` of its rows; SA_DATE_NONE when none */
    const char *file;
    uint64_t row;    /* first row */
    int64_t attendees;
} meeting;

typedef struct title_count {
    int64_t rows;
    const char *file;
    uint64_t row;
} title_count;

typedef struct mdt_acc {
    sa_date from, to;
    sa_strmap *index; /* key -> meeting index + 1 */
    meeting *m;
    uint64_t *roles;  /* meeting i's spec roles present: words [i * nw, (i + 1) * nw) */
    size_t nw;
    size_t n, cap;
    sa_strmap *titles; /* unmatched title -> title_count index + 1 */
    title_count *t;
    size_t nt, capt;
    int64_t rows_absent;
    int64_t present_unknown;
    int64_t rows_unusable;
} mdt_acc;

static void *mdt_new(const sa_chk_req *cr, sa_date from, sa_date to)
{
    mdt_acc *a = sa_xcalloc(1, sizeof *a);
    a->nw = cr->role_words;
    a->from = from;
    a->to = to;
    a->index = sa_strmap_new(64);
    a->titles = sa_strmap_new(16);
    return a;
}

static void mdt_free(void *acc)
{
    mdt_acc *a = acc;
    if (!a)
        return;
    sa_strmap_free(a->index);
    sa_strmap_free(a->titles);
    free(a->m);
    free(a->roles);
    free(a->t);
    free(a);
}

static bool pos_before(const char *f1, uint64_t r1, const char *f2, uint64_t r2)
{
    if (!f2)
        return true;
    if (!f1)
        return false;
    int c = strcmp(f1, f2);
    return c < 0 || (c == 0 && r1 < r2);
}

static uint64_t *roles_of(const mdt_acc *a, const meeting *m)
{
    return &a->roles[(size_t)(m - a->m) * a->nw];
}

static meeting *get_meeting(mdt_acc *a, const char *key, size_t len)
{
    uintptr_t *slot = sa_strmap_slot(a->index, key, len);
    if (*slot)
        return &a->m[*slot - 1];
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 32;
        a->m = sa_xrealloc(a->m, a->cap * sizeof *a->m);
        a->roles = sa_xrealloc(a->roles, a->cap * a->nw * sizeof *a->roles);
    }
    memset(&a->roles[a->n * a->nw], 0, a->nw * sizeof *a->roles);
    *slot = a->n + 1;
    meeting *m = &a->m[a->n++];
    memset(m, 0, sizeof *m);
    m->key = sa_strmap_intern(a->index, key, len, NULL);
    m->date = SA_DATE_NONE;
    return m;
}

static void note_title(mdt_acc *a, const char *title, size_t len, const char *file, uint64_t row,
                       int64_t rows)
{
    uintptr_t *slot = sa_strmap_slot(a->titles, title, len);
    if (!*slot) {
        if (a->nt == a->capt) {
            a->capt = a->capt ? a->capt * 2 : 16;
            a->t = sa_xrealloc(a->t, a->capt * sizeof *a->t);
        }
        *slot = a->nt + 1;
        memset(&a->t[a->nt], 0, sizeof a->t[a->nt]);
        a->nt++;
    }
    title_count *t = &a->t[*slot - 1];
    t->rows += rows;
    if (pos_before(file, row, t->file, t->row)) {
        t->file = file;
        t->row = row;
    }
}

static void mdt_row(void *acc, const sa_chk_req *cr, sa_chk_local *loc, const sa_row *row)
{
    mdt_acc *a = acc;
    const sa_check *ck = cr->check;
    if (sa_chk_where(loc, row) != SA_TRI_TRUE)
        return;
    const sa_value *idv = sa_chk_cell(row, ck->mdt.meeting.index);
    if (!idv || idv->kind == SA_VAL_EMPTY) {
        a->rows_unusable++;
        return;
    }
    char idbuf[64];
    const char *id = idbuf;
    size_t idlen;
    if (idv->kind == SA_VAL_STRING) {
        id = idv->as.str.ptr;
        idlen = idv->as.str.len;
    } else if (idv->kind == SA_VAL_INT) {
        idlen = (size_t)snprintf(idbuf, sizeof idbuf, "%lld", (long long)idv->as.i);
    } else {
        a->rows_unusable++;
        return;
    }
    sa_date d = SA_DATE_NONE;
    bool dated = sa_chk_value_date(sa_chk_cell(row, ck->mdt.on.index), &d);
    if (dated && (d < a->from || d > a->to))
        return;
    /* Meetings of different providers never merge, even in the system-wide union. */
    char keybuf[256];
    const char *prov = row->provider ? row->provider : "";
    size_t plen = strlen(prov);
    if (plen + 1 + idlen > sizeof keybuf)
        idlen = sizeof keybuf - plen - 1;
    memcpy(keybuf, prov, plen);
    keybuf[plen] = '\x1f';
    memcpy(keybuf + plen + 1, id, idlen);
    meeting *m = get_meeting(a, keybuf, plen + 1 + idlen);
    if (dated && (m->date == SA_DATE_NONE || d < m->date))
        m->date = d;
    if (pos_before(row->file->path, row->record, m->file, m->row)) {
        m->file = row->file->path;
        m->row = row->record;
    }
    if (ck->mdt.present.name && ck->mdt.present.index >= 0) {
        const sa_value *pv = sa_chk_cell(row, ck->mdt.present.index);
        if (!pv || pv->kind != SA_VAL_BOOL) {
            a->present_unknown++;
            return;
        }
        if (!pv->as.b) {
            a->rows_absent++;
            return;
        }
    }
    m->attendees++;
    const sa_value *tv = sa_chk_cell(row, ck->mdt.role.index);
    if (!tv || tv->kind != SA_VAL_STRING || tv->as.str.len == 0)
        return;
    int ri = sa_chk_match_role(loc, cr, row, tv);
    if (ri >= 0)
        sa_chk_role_add(roles_of(a, m), ri);
    else if (ri != SA_ROLE_UNDECIDED)
        note_title(a, tv->as.str.ptr, tv->as.str.len, row->file->path, row->record, 1);
}

static void mdt_merge(void *dst, const void *src, const sa_chk_req *cr)
{
    (void)cr;
    mdt_acc *d = dst;
    const mdt_acc *s = src;
    for (size_t i = 0; i < s->n; i++) {
        const meeting *sm = &s->m[i];
        meeting *dm = get_meeting(d, sm->key, strlen(sm->key));
        if (sm->date != SA_DATE_NONE && (dm->date == SA_DATE_NONE || sm->date < dm->date))
            dm->date = sm->date;
        uint64_t *dr = roles_of(d, dm);
        const uint64_t *sr = roles_of(s, sm);
        for (size_t w = 0; w < d->nw; w++)
            dr[w] |= sr[w];
        dm->attendees += sm->attendees;
        if (pos_before(sm->file, sm->row, dm->file, dm->row)) {
            dm->file = sm->file;
            dm->row = sm->row;
        }
    }
    size_t iter = 0;
    const char *key;
    size_t len;
    uintptr_t v;
    while (sa_strmap_next(s->titles, &iter, &key, &len, &v)) {
        const title_count *t = &s->t[v - 1];
        note_title(d, key, len, t->file, t->row, t->rows);
    }
    d->rows_absent += s->rows_absent;
    d->present_unknown += s->present_unknown;
    d->rows_unusable += s->rows_unusable;
}

static int cmp_meeting(const void *x, const void *y)
{
    const meeting *a = *(const meeting *const *)x, *b = *(const meeting *const *)y;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    return strcmp(a->key, b->key);
}

typedef struct title_ref {
    const char *title;
    const title_count *t;
} title_ref;

static int cmp_title(const void *x, const void *y)
{
    return strcmp(((const title_ref *)x)->title, ((const title_ref *)y)->title);
}

typedef struct ex_list {
    sa_example *v;
    size_t n, max;
    uint64_t total;
} ex_list;

static void ex_push(ex_list *l, sa_arena *arena, const char *file, uint64_t row, const char *msg)
{
    l->total++;
    if (l->n >= l->max)
        return;
    sa_example *e = &l->v[l->n++];
    e->file = file ? sa_arena_strdup(arena, file) : NULL;
    e->row = row;
    e->message = sa_arena_strdup(arena, msg);
}

/* Whether a meeting's roles include every role of `need`. */
static bool has_all(const mdt_acc *a, const meeting *m, const uint64_t *need)
{
    const uint64_t *have = roles_of(a, m);
    for (size_t w = 0; w < a->nw; w++)
        if ((have[w] & need[w]) != need[w])
            return false;
    return true;
}

/* Lists the roles of `need` the meeting lacks. */
static void append_missing(sa_buf *b, const mdt_acc *a, const meeting *m, const uint64_t *need,
                           const sa_spec *spec)
{
    const uint64_t *have = roles_of(a, m);
    bool first = true;
    for (size_t i = 0; i < spec->nroles; i++) {
        if (!sa_chk_role_in(need, (int)i) || sa_chk_role_in(have, (int)i))
            continue;
        sa_buf_printf(b, "%s%s", first ? "" : ", ", spec->roles[i].name);
        first = false;
    }
}

static const char *meeting_id(const meeting *m)
{
    const char *sep = strchr(m->key, '\x1f');
    return sep ? sep + 1 : m->key;
}

/* What finishing one result works on: the dated meetings in order, the
 * counts per result period and over the range, and the examples. */
typedef struct mdt_fin {
    const mdt_acc *a;
    const sa_chk_req *cr;
    sa_chk_final *fin;
    const meeting **ms; /* dated meetings by date */
    size_t nm;
    int64_t undated, quorate_meetings, missing_expected;
    size_t n;           /* result periods */
    int64_t *num, *den; /* quorate and counted `every` periods per result period */
    int64_t counted, quorate;
    ex_list ex;
    sa_buf msg;
} mdt_fin;

/* Orders the dated meetings and counts quorate ones and those missing an expected role. */
static void collect_meetings(mdt_fin *f)
{
    const mdt_acc *a = f->a;
    f->ms = sa_xcalloc(a->n ? a->n : 1, sizeof *f->ms);
    for (size_t i = 0; i < a->n; i++) {
        if (a->m[i].date == SA_DATE_NONE) {
            f->undated++;
            continue;
        }
        f->ms[f->nm++] = &a->m[i];
        if (has_all(a, &a->m[i], f->cr->core_roles))
            f->quorate_meetings++;
        if (!has_all(a, &a->m[i], f->cr->expected_roles))
            f->missing_expected++;
    }
    qsort(f->ms, f->nm, sizeof *f->ms, cmp_meeting);
}

/* Lists why an `every` period [from, to] holding meetings ms[first..last) is not quorate. */
static void explain_not_quorate(mdt_fin *f, sa_date from, sa_date to, size_t first, size_t last)
{
    if (f->ex.n >= f->ex.max) {
        /* Count what would be listed without formatting it. */
        f->ex.total += last > first ? (uint64_t)(last - first) : 1;
        return;
    }
    if (last == first) {
        char fd[11], td[11];
        sa_date_format(from, fd);
        sa_date_format(to, td);
        sa_buf_clear(&f->msg);
        sa_buf_printf(&f->msg, "%s to %s: no meeting held", fd, td);
        ex_push(&f->ex, f->fin->arena, NULL, 0, sa_buf_cstr(&f->msg));
        return;
    }
    for (size_t j = first; j < last; j++) {
        const meeting *m = f->ms[j];
        char d[11];
        sa_date_format(m->date, d);
        sa_buf_clear(&f->msg);
        sa_buf_printf(&f->msg, "meeting %s on %s is not quorate: missing ", meeting_id(m), d);
        append_missing(&f->msg, f->a, m, f->cr->core_roles, f->cr->spec);
        if (!has_all(f->a, m, f->cr->expected_roles)) {
            sa_buf_puts(&f->msg, "; expected but absent: ");
            append_missing(&f->msg, f->a, m, f->cr->expected_roles, f->cr->spec);
        }
        ex_push(&f->ex, f->fin->arena, m->file, m->row, sa_buf_cstr(&f->msg));
    }
}

/* Walks the `every` periods of the range: each is counted in the result
 * period holding its start, quorate when one of its meetings had every core role. */
static void score_every_periods(mdt_fin *f, sa_per every)
{
    const sa_result *r = f->fin->r;
    sa_period_grid sub;
    sa_period_grid_build_anchored(&sub, every, f->fin->from, f->fin->to, f->cr->spec->period_from);
    size_t mi = 0, k = 0;
    for (size_t s = 0; s < sub.n; s++) {
        size_t first = mi;
        while (mi < f->nm && f->ms[mi]->date <= sub.to[s])
            mi++;
        bool held = mi > first, quorate = false;
        for (size_t j = first; j < mi; j++)
            quorate = quorate || has_all(f->a, f->ms[j], f->cr->core_roles);
        /* A period cut short by the assessment range counts only when a meeting fell in it. */
        if ((sa_period_grid_partial(&sub, s) && !held) || f->n == 0)
            continue;
        while (k + 1 < f->n && sub.from[s] > r->periods[k].to)
            k++;
        f->den[k]++;
        f->counted++;
        if (quorate) {
            f->num[k]++;
            f->quorate++;
        } else {
            explain_not_quorate(f, sub.from[s], sub.to[s], first, mi);
        }
    }
    sa_period_grid_free(&sub);
}

/* Each result period: the share of its `every` periods with a quorate meeting. */
static void fill_periods(mdt_fin *f)
{
    for (size_t i = 0; i < f->n; i++) {
        sa_period_result *p = &f->fin->r->periods[i];
        p->numerator = f->num[i];
        p->denominator = f->den[i];
        if (f->den[i] == 0) {
            p->verdict = SA_VERDICT_NOT_ASSESSABLE;
            p->note = "no meeting period to assess";
            continue;
        }
        p->has_measured = true;
        p->measured = sa_chk_pct(f->num[i], f->den[i]);
        p->verdict = sa_target_holds(&f->fin->target, p->measured) ? SA_VERDICT_MET : SA_VERDICT_NOT_MET;
    }
}

/* Job titles that matched no role, alphabetically, after the meeting examples.
 * Returns how many there were. */
static size_t list_unmatched_titles(mdt_fin *f)
{
    const mdt_acc *a = f->a;
    title_ref *tr = sa_xcalloc(a->nt ? a->nt : 1, sizeof *tr);
    size_t iter = 0, ntr = 0, len;
    const char *key;
    uintptr_t v;
    while (sa_strmap_next(a->titles, &iter, &key, &len, &v))
        tr[ntr++] = (title_ref){key, &a->t[v - 1]};
    qsort(tr, ntr, sizeof *tr, cmp_title);
    for (size_t i = 0; i < ntr; i++) {
        if (f->ex.n >= f->ex.max) {
            f->ex.total++;
            continue;
        }
        sa_buf_clear(&f->msg);
        sa_buf_printf(&f->msg, "job title \"%s\" matches no role (%lld row%s)", tr[i].title,
                      (long long)tr[i].t->rows, tr[i].t->rows == 1 ? "" : "s");
        ex_push(&f->ex, f->fin->arena, tr[i].t->file, tr[i].t->row, sa_buf_cstr(&f->msg));
    }
    free(tr);
    return ntr;
}

/* The pooled share, its measurement phrase and the kind's metrics. */
static void summarise(mdt_fin *f, sa_per every, size_t unmatched)
{
    sa_chk_final *fin = f->fin;
    sa_result *r = fin->r;
    r->numerator = f->quorate;
    r->denominator = f->counted;
    r->unknown = f->undated + f->a->present_unknown;
    r->measured_unit = "%";
    const char *plural = sa_per_plural(every);
    if (f->counted > 0) {
        r->has_measured = true;
        r->measured = sa_chk_pct(f->quorate, f->counted);
        sa_buf_printf(fin->measure, "%.1f%% of %s with a quorate meeting (%lld/%lld)", r->measured, plural,
                      (long long)f->quorate, (long long)f->counted);
    } else {
        sa_buf_printf(fin->measure, "no %s to assess", plural);
    }
    sa_chk_metric(fin, "meetings", "Meetings held", (double)f->nm, "count");
    sa_chk_metric(fin, "quorate_meetings", "Meetings with every core role present",
                  (double)f->quorate_meetings, "count");
    sa_chk_metric(fin, "quorate_periods", "Periods with a quorate meeting", (double)f->quorate, "count");
    sa_chk_metric(fin, "meetings_missing_expected", "Meetings missing an expected role",
                  (double)f->missing_expected, "count");
    sa_chk_metric(fin, "unmatched_titles", "Job titles matching no role", (double)unmatched, "count");
    if (f->undated)
        sa_chk_metric(fin, "undated_meetings", "Meetings without a date", (double)f->undated, "count");
    if (f->a->rows_absent)
        sa_chk_metric(fin, "rows_absent", "Attendance rows marked not present", (double)f->a->rows_absent,
                      "count");
}

static void mdt_finish(void *acc, sa_chk_final *fin)
{
    const sa_check *ck = fin->cr->check;
    sa_per every = ck->mdt.every != SA_PER_PERIOD ? ck->mdt.every : SA_PER_WEEK;
    mdt_fin f = {.a = acc, .cr = fin->cr, .fin = fin, .msg = SA_BUF_INIT};
    f.n = sa_chk_periods_for(fin, &fin->cr->grid, NULL);
    f.num = sa_xcalloc(f.n ? f.n : 1, sizeof *f.num);
    f.den = sa_xcalloc(f.n ? f.n : 1, sizeof *f.den);
    f.ex.max = fin->cr->max_examples;
    f.ex.v = f.ex.max ? sa_arena_calloc(fin->arena, f.ex.max, sizeof *f.ex.v) : NULL;
    collect_meetings(&f);
    score_every_periods(&f, every);
    fill_periods(&f);
    size_t unmatched = list_unmatched_titles(&f);
    fin->r->examples = f.ex.v;
    fin->r->nexamples = f.ex.n;
    fin->r->examples_total = f.ex.total;
    summarise(&f, every, unmatched);
    sa_buf_free(&f.msg);
    free(f.ms);
    free(f.num);
    free(f.den);
}

static const char *mdt_prepare(sa_chk_req *cr, sa_arena *arena)
{
    const sa_mdt_config *m = &cr->check->mdt;
    cr->role_column = m->role.name;
    cr->core_roles = sa_arena_calloc(arena, cr->role_words, sizeof *cr->core_roles);
    cr->expected_roles = sa_arena_calloc(arena, cr->role_words, sizeof *cr->expected_roles);
    if (!sa_chk_column_ok(&m->meeting))
        return "meeting";
    if (!sa_chk_column_ok(&m->on))
        return "on";
    if (!sa_chk_column_ok(&m->role))
        return "role";
    if (sa_chk_role_set(cr, m->core, m->ncore, cr->core_roles, arena) &&
        sa_chk_role_set(cr, m->expected, m->nexpected, cr->expected_roles, arena) && m->ncore == 0)
        cr->error = "an mdt check needs at least one core role";
    return NULL;
}

const sa_chk_kind sa_chk_kind_mdt = {
    .name = "mdt",
    .prepare = mdt_prepare,
    .acc_new = mdt_new,
    .acc_row = mdt_row,
    .acc_merge = mdt_merge,
    .acc_finish = mdt_finish,
    .acc_free = mdt_free,
};
