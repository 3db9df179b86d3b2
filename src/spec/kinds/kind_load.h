/*
 * kind_load.h — private to src/spec/: the loader's helpers a kind's `load`
 * uses (spec/load.c defines them). Each reports what it finds wrong with the
 * node's position, what was expected and what was found, and carries on.
 */
#ifndef SA_SPEC_KIND_LOAD_H
#define SA_SPEC_KIND_LOAD_H

#include <stdbool.h>
#include <stdint.h>

#include "spec/kind.h"
#include "spec/spec.h"
#include "spec/yaml_tree.h"

typedef struct sa_ld sa_ld;
typedef const sa_ynode sa_yn;

/* Column types a reference accepts (bit = sa_col_type). */
enum {
    SA_LD_STRINGISH = 1u << SA_COL_STRING | 1u << SA_COL_ENUM,
    SA_LD_DATEISH = 1u << SA_COL_DATE | 1u << SA_COL_DATETIME,
    SA_LD_DATETIME = 1u << SA_COL_DATETIME,
    SA_LD_BOOL = 1u << SA_COL_BOOL,
    SA_LD_INT = 1u << SA_COL_INT,
    SA_LD_NUMERIC = 1u << SA_COL_INT | 1u << SA_COL_DECIMAL,
    SA_LD_DURATION = 1u << SA_COL_DURATION,
    SA_LD_ANY = 0x3ff,
};

sa_spec *sa_ld_spec(sa_ld *l);
sa_arena *sa_ld_arena(sa_ld *l);
void sa_ld_error(sa_ld *l, const char *code, sa_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/** How a node reads in a message: "a mapping", "'abc'" ... */
const char *sa_ld_found(sa_ld *l, sa_yn *n);
/** The value of `key` in a mapping (NULL when absent or null) and its key node. */
sa_yn *sa_ld_value(sa_yn *map, const char *key);
sa_yn *sa_ld_key(sa_yn *map, const char *key);
/** Position of byte `off` of a scalar's text. */
sa_pos sa_ld_offset_pos(sa_ld *l, sa_yn *v, size_t off);
void sa_ld_missing(sa_ld *l, sa_yn *map, const char *key, const char *what);
bool sa_ld_expect_map(sa_ld *l, sa_yn *n, const char *what);
/** Reports keys not in `allowed` (NULL-terminated) and keys given twice. */
void sa_ld_keys(sa_ld *l, sa_yn *map, const char *const *allowed, const char *context);

const char *sa_ld_str(sa_ld *l, sa_yn *map, const char *key, bool required, const char *what);
bool sa_ld_int(sa_ld *l, sa_yn *map, const char *key, bool required, int64_t lo, int64_t hi, int64_t *out,
               const char *what);
bool sa_ld_bool(sa_ld *l, sa_yn *map, const char *key, bool dflt);
/** Index of the value in `choices` (NULL-terminated); -1 absent, -2 invalid (reported). */
int sa_ld_choice(sa_ld *l, sa_yn *map, const char *key, const char *const *choices, const char *what);
/** A list of strings (a scalar is a list of one), with their nodes when `nodes` is non-NULL. */
const char **sa_ld_str_list(sa_ld *l, sa_yn *map, const char *key, size_t *n, sa_yn ***nodes,
                            const char *what);
/** A list of spec roles, each checked against `roles`. */
const char **sa_ld_roles(sa_ld *l, sa_yn *map, const char *key, bool required, size_t *n, const char *what);
/** "mon-fri", "sat,sun" or a list of days into a mask. */
bool sa_ld_days(sa_ld *l, sa_yn *v, uint8_t *mask);
const sa_dataset *sa_ld_dataset(sa_ld *l, const char *name);

/** A column of the check's dataset (or of `ck->dataset` set by the caller), type-checked. */
void sa_ld_colref(sa_ld *l, const sa_check *ck, sa_yn *map, const char *key, bool required, unsigned types,
                  const char *what, sa_colref *out);
/** An expression over the check's dataset, compiled. */
void sa_ld_expr(sa_ld *l, const sa_check *ck, sa_yn *map, const char *key, bool required, const char *what,
                sa_expr_ref *out);
/** `per` (default: the kind's) and `assess` where the kind takes it. */
void sa_ld_per(sa_ld *l, sa_check *ck, sa_yn *map);
/** `target`: required, or the kind's default, checked against the kind's unit. */
void sa_ld_target(sa_ld *l, sa_check *ck, sa_yn *map);

/* ---- baselines (baseline.c) ---------------------------------------------------- */

/** `baseline` and `change` of a kind that takes them (read before `per` and
 *  `target`, which a baseline changes: the whole range, no target). */
void sa_ld_baseline(sa_ld *l, sa_check *ck, sa_yn *map);
/** A baseline must end before the requirement's first assessed day (its
 *  in_force start, else the specification period's). */
void sa_ld_baseline_check_range(sa_ld *l, const sa_requirement *r);

/* ---- measures of a value (sum, mean, median: stat.c) ---------------------------- */

/** The unit of a target compared with `col`'s values: seconds for a duration
 *  column, a number otherwise. */
sa_target_unit sa_ld_column_unit(const sa_check *ck, const sa_colref *col);
/** `column`, or `from` and `to` (then `at` defaults to `from`), and `at`. */
void sa_ld_stat_value(sa_ld *l, sa_check *ck, sa_yn *map, sa_stat_value *v);
/** The unit of a mean's or median's target: seconds for a duration or `from`/`to`. */
sa_target_unit sa_stat_target_unit(const sa_check *ck, const sa_stat_value *v);
const sa_colref *sa_stat_column(const sa_stat_value *v, const char *key);
/** "the median of X" / "the mean time from A to B (in whole days)". */
void sa_stat_describe(const sa_check *ck, const sa_stat_value *v, const char *what, sa_buf *out);
void sa_stat_describe_empty(const sa_stat_value *v, sa_buf *out);
void sa_stat_diff_reads(const sa_check_differ *d, const sa_stat_value *a, const sa_stat_value *b);

#endif
