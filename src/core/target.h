/*
 * target.h — a target is a comparison against a number: ">= 90%", "<= 4h",
 * "> 0", "== 100%". Used by specifications, agreements (local variations),
 * the engine and diff. Plain value type.
 */
#ifndef SA_TARGET_H
#define SA_TARGET_H

#include <stdbool.h>
#include <stddef.h>

typedef enum sa_cmp {
    SA_CMP_GE = 0,
    SA_CMP_GT,
    SA_CMP_LE,
    SA_CMP_LT,
    SA_CMP_EQ,
} sa_cmp;

typedef enum sa_target_unit {
    SA_UNIT_NUMBER = 0, /* a plain count or value */
    SA_UNIT_PERCENT,    /* value is a percentage 0..100 ("90%") */
    SA_UNIT_SECONDS,    /* value is a duration in seconds ("4h") */
} sa_target_unit;

typedef struct sa_target {
    bool set;
    sa_cmp op;
    double value;
    sa_target_unit unit;
} sa_target;

/**
 * Parses ">= 90%", ">=90 %", "> 0", "<= 4h", "== 100%", "90%" (means >= 90%).
 * Returns false with *error_offset at the first byte that could not be read
 * and *expected describing what was expected there.
 */
bool sa_target_parse(const char *text, sa_target *out, size_t *error_offset, const char **expected);
/** Writes the canonical form (">= 90%", "<= 4h") into a 48-byte buffer. */
void sa_target_format(const sa_target *t, char out[48]);
/** True when `measured` (same unit as the target) satisfies it. */
bool sa_target_holds(const sa_target *t, double measured);
/**
 * Whether the target holds for every value of [lo, hi] (1), for none (0), or for some
 * and not others (-1): an estimate known only to lie within [lo, hi] settles a target
 * only when the answer is the same across the whole interval.
 */
int sa_target_settles(const sa_target *t, double lo, double hi);
/**
 * Compares strictness of two targets with the same direction and unit:
 * > 0 when `b` is stricter than `a` (tightened), < 0 when looser, 0 when the
 * same. Returns 0 and sets *comparable = false when they cannot be compared.
 */
int sa_target_compare(const sa_target *a, const sa_target *b, bool *comparable);
const char *sa_cmp_symbol(sa_cmp op);

#endif
