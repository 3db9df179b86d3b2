/*
 * activity.c — a provider's activity against the indicative plan of its
 * agreement (<activity>): the rows a count requirement counted over the range
 * assessed, against the planned volume pro rata over the same range.
 *
 * The plan is agreed per period (650 a year); the range assessed is the
 * provider's term clipped to the assessment period, which may cut plan
 * periods short. Each plan period contributes planned x (days of it inside
 * the range / days of the whole period), so a half-year term is planned at
 * half a year's activity. Rows are compared in total, not period by period:
 * an indicative plan is managed on the year's activity, not each month's.
 */
#include <math.h>

#include "checks/checks_internal.h"

/* The volume planned over [from, to] (inclusive), pro rata by days. */
static double planned_over(const sa_activity_plan *plan, sa_date from, sa_date to, sa_date anchor)
{
    sa_period_grid g;
    sa_period_grid_build_anchored(&g, plan->per, from, to, anchor);
    double planned = 0;
    for (size_t i = 0; i < g.n; i++) {
        sa_date start = sa_period_grid_full_start(&g, i);
        double whole = (double)(sa_period_grid_full_end(&g, i) - start + 1);
        planned += plan->planned * (double)(g.to[i] - g.from[i] + 1) / whole;
    }
    sa_period_grid_free(&g);
    return planned;
}

/* A volume as people write it: whole numbers without decimals, else one. */
static void put_volume(sa_buf *b, double v)
{
    if (v == floor(v) && fabs(v) < 1e15)
        sa_buf_printf(b, "%.0f", v);
    else
        sa_buf_printf(b, "%.1f", v);
}

static void activity_text(sa_activity *a, sa_arena *arena)
{
    sa_buf b = SA_BUF_INIT;
    put_volume(&b, a->planned_per);
    sa_buf_printf(&b, " a %s, tolerance %g%%; planned ", a->per, a->tolerance);
    put_volume(&b, a->planned);
    sa_buf_puts(&b, " over the period assessed");
    if (!a->assessed) {
        sa_buf_puts(&b, "; no rows received, so the activity is not compared with the plan");
    } else {
        sa_buf_printf(&b, ", actual %lld, variance %+.1f%%: %s", (long long)a->actual, a->variance,
                      a->within ? "within tolerance" : "outside tolerance");
    }
    a->text = sa_arena_strdup(arena, sa_buf_cstr(&b));
    sa_buf_free(&b);
}

void sa_chk_activity(sa_chk_final *fin, const sa_activity_plan *plan, bool has_rows)
{
    sa_activity *a = &fin->r->activity;
    a->set = true;
    a->planned_per = plan->planned;
    a->per = sa_per_name(plan->per);
    a->tolerance = plan->tolerance;
    a->planned = fin->from <= fin->to ? planned_over(plan, fin->from, fin->to, fin->cr->spec->period_from) : 0;
    a->assessed = has_rows && a->planned > 0;
    if (a->assessed) {
        a->actual = fin->r->numerator;
        double diff = (double)a->actual - a->planned;
        a->variance = diff / a->planned * 100.0;
        /* Compared without dividing, so a variance of exactly the tolerance is within it. */
        a->within = fabs(diff) * 100.0 <= a->tolerance * a->planned * (1 + 1e-12);
    }
    activity_text(a, fin->arena);
}
