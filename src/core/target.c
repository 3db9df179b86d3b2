/* target.c — comparison targets such as ">= 90%". */
#include "core/target.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/datetime.h"

const char *sa_cmp_symbol(sa_cmp op)
{
    switch (op) {
    case SA_CMP_GE: return ">=";
    case SA_CMP_GT: return ">";
    case SA_CMP_LE: return "<=";
    case SA_CMP_LT: return "<";
    default: return "==";
    }
}

bool sa_target_parse(const char *text, sa_target *out, size_t *error_offset, const char **expected)
{
    size_t dummy_off;
    const char *dummy_exp;
    if (!error_offset)
        error_offset = &dummy_off;
    if (!expected)
        expected = &dummy_exp;
    memset(out, 0, sizeof *out);
    const char *p = text;
    while (*p == ' ')
        p++;
    sa_cmp op = SA_CMP_GE;
    if (p[0] == '>' && p[1] == '=') op = SA_CMP_GE, p += 2;
    else if (p[0] == '<' && p[1] == '=') op = SA_CMP_LE, p += 2;
    else if (p[0] == '=' && p[1] == '=') op = SA_CMP_EQ, p += 2;
    else if (p[0] == '>') op = SA_CMP_GT, p += 1;
    else if (p[0] == '<') op = SA_CMP_LT, p += 1;
    else if (p[0] == '=') op = SA_CMP_EQ, p += 1;
    bool had_op = p != text && (p[-1] == '=' || p[-1] == '>' || p[-1] == '<');
    while (*p == ' ')
        p++;
    const char *num = p;
    if (!((*p >= '0' && *p <= '9') || *p == '.')) {
        *error_offset = (size_t)(p - text);
        *expected = had_op ? "a number, percentage or duration after the comparison"
                           : "a comparison such as \">= 90%\", \"<= 4h\" or \"> 0\"";
        return false;
    }
    /* A duration ("4h", "1h30m") is digits followed by a unit letter. */
    const char *q = p;
    while ((*q >= '0' && *q <= '9'))
        q++;
    if (*q && strchr("smhdwSMHDW", *q) && q != p) {
        const char *end = q;
        while (*end && *end != ' ')
            end++;
        int64_t secs;
        if (!sa_duration_parse(p, (size_t)(end - p), &secs)) {
            *error_offset = (size_t)(p - text);
            *expected = "a duration such as 4h, 30m or 2d";
            return false;
        }
        p = end;
        out->value = (double)secs;
        out->unit = SA_UNIT_SECONDS;
    } else {
        /* Plain decimals only: strtod would also take hex, exponents, inf and nan. */
        size_t digits = strspn(num, "0123456789.");
        char *endp;
        double v = strtod(num, &endp);
        if (endp == num || endp != num + digits || !isfinite(v)) {
            *error_offset = (size_t)(num - text);
            *expected = "a number";
            return false;
        }
        p = endp;
        while (*p == ' ')
            p++;
        if (*p == '%') {
            p++;
            out->unit = SA_UNIT_PERCENT;
            if (v > 100.0) {
                *error_offset = (size_t)(num - text);
                *expected = "a percentage between 0% and 100%";
                return false;
            }
        } else if (!had_op) {
            *error_offset = (size_t)(num - text);
            *expected = "a comparison such as \">= 90%\" (a bare number needs an operator)";
            return false;
        }
        out->value = v;
    }
    while (*p == ' ')
        p++;
    if (*p) {
        *error_offset = (size_t)(p - text);
        *expected = "the end of the target";
        return false;
    }
    out->set = true;
    out->op = op;
    return true;
}

void sa_target_format(const sa_target *t, char out[48])
{
    if (!t->set) {
        snprintf(out, 48, "(none)");
        return;
    }
    if (t->unit == SA_UNIT_SECONDS) {
        char d[32];
        sa_duration_format((int64_t)t->value, d);
        snprintf(out, 48, "%s %s", sa_cmp_symbol(t->op), d);
    } else {
        snprintf(out, 48, "%s %.10g%s", sa_cmp_symbol(t->op), t->value,
                 t->unit == SA_UNIT_PERCENT ? "%" : "");
    }
}

bool sa_target_holds(const sa_target *t, double v)
{
    /* Tolerance so 90.0% computed as 0.9*100 is not read as 89.999999. */
    const double eps = 1e-9 * (fabs(t->value) + 1.0);
    switch (t->op) {
    case SA_CMP_GE: return v >= t->value - eps;
    case SA_CMP_GT: return v > t->value + eps;
    case SA_CMP_LE: return v <= t->value + eps;
    case SA_CMP_LT: return v < t->value - eps;
    default: return fabs(v - t->value) <= eps;
    }
}

int sa_target_settles(const sa_target *t, double lo, double hi)
{
    assert(lo <= hi);
    bool at_lo = sa_target_holds(t, lo), at_hi = sa_target_holds(t, hi);
    if (t->op == SA_CMP_EQ) /* holds at one point: settled only by an exact figure */
        return at_lo && at_hi ? 1 : (t->value < lo || t->value > hi) && !at_lo && !at_hi ? 0 : -1;
    /* The other comparisons are thresholds: monotone over the interval. */
    return at_lo == at_hi ? at_lo : -1;
}

int sa_target_compare(const sa_target *a, const sa_target *b, bool *comparable)
{
    *comparable = false;
    if (!a->set || !b->set || a->unit != b->unit)
        return 0;
    bool a_low = a->op == SA_CMP_GE || a->op == SA_CMP_GT;
    bool b_low = b->op == SA_CMP_GE || b->op == SA_CMP_GT;
    bool a_high = a->op == SA_CMP_LE || a->op == SA_CMP_LT;
    bool b_high = b->op == SA_CMP_LE || b->op == SA_CMP_LT;
    if (a_low && b_low) {
        *comparable = true;
        if (b->value != a->value)
            return b->value > a->value ? 1 : -1;
        /* same bound: > is stricter than >= */
        return (b->op == SA_CMP_GT) - (a->op == SA_CMP_GT);
    }
    if (a_high && b_high) {
        *comparable = true;
        if (b->value != a->value)
            return b->value < a->value ? 1 : -1;
        return (b->op == SA_CMP_LT) - (a->op == SA_CMP_LT);
    }
    if (a->op == SA_CMP_EQ && b->op == SA_CMP_EQ && a->value == b->value) {
        *comparable = true;
        return 0;
    }
    return 0;
}
