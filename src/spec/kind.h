/*
 * kind.h — what the specification knows about a check kind, one descriptor
 * per kind (the spec half: src/spec/kinds/<kind>.c), reached by kind through
 * sa_check_def_of(). The checks half (src/checks/<kind>.c, sa_chk_kind in
 * checks/checks_internal.h) prepares, accumulates and finishes; the stages
 * above the spec (checks, diff, agreement, cli) ask this descriptor instead
 * of switching on the kind.
 *
 * Adding a kind:
 *  1. one line (with its configuration members) in spec/kinds/kinds.def;
 *  2. src/spec/kinds/<name>.c defining `const sa_check_def sa_check_def_<name>`:
 *     its keys (in the order "expected one of" lists them), defaults, `init`
 *     (column references unresolved, defaults of its configuration), `load`
 *     (reads its keys in order, calling sa_ld_per and sa_ld_target where the
 *     kind takes `per` and `target`), `describe`, `diff` and `diff_reads`;
 *  3. src/checks/<name>.c defining `const sa_chk_kind sa_chk_kind_<name>`
 *     (checks/checks_internal.h says how).
 * Nothing else names a kind.
 */
#ifndef SA_SPEC_KIND_H
#define SA_SPEC_KIND_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "spec/spec.h"

struct sa_ld;
struct sa_ynode;

/* ---- diff rules --------------------------------------------------------------- */

/* How an edit moves a requirement (the diff stage maps it onto its classes). */
typedef enum sa_edit {
    SA_EDIT_CHANGED = 0, /* neither stricter nor looser, or not decidable */
    SA_EDIT_TIGHTENED,
    SA_EDIT_LOOSENED,
} sa_edit;

/* What a kind's diff rules report to: the diff stage fills it for one
 * requirement. Each call adds a change when the two sides differ. */
typedef struct sa_check_differ {
    void *ctx;
    const char *subject;
    void (*note)(const struct sa_check_differ *d, sa_edit e, sa_pos old_pos, sa_pos new_pos,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
    void (*column)(const struct sa_check_differ *d, const char *field, const sa_colref *a,
                   const sa_colref *b);
    void (*condition)(const struct sa_check_differ *d, const char *field, const sa_expr_ref *a,
                      const sa_expr_ref *b);
    /* A list where each entry added tightens (or loosens when `added_loosens`); an
     * empty list means "all". */
    void (*names)(const struct sa_check_differ *d, const char *field, const char *const *a, size_t na,
                  const char *const *b, size_t nb, bool added_loosens, sa_pos old_pos, sa_pos new_pos);
    void (*every)(const struct sa_check_differ *d, const char *field, sa_per a, sa_per b,
                  sa_pos old_pos, sa_pos new_pos);
    void (*due_days)(const struct sa_check_differ *d, int a, int b, const char *unset,
                     sa_pos old_pos, sa_pos new_pos);
} sa_check_differ;

/* ---- the descriptor ------------------------------------------------------------ */

/* The spec roles and datasets a check names (unused ones are warned about). */
typedef struct sa_check_uses {
    const char *const *roles[2];
    size_t nroles[2];
    const char *const *datasets; /* besides `dataset` */
    size_t ndatasets;
    bool every_dataset;
} sa_check_uses;

/* How a kind's figure compares with a baseline (`baseline` and `change`). */
typedef enum sa_baseline_use {
    SA_BASELINE_NONE = 0, /* the kind takes no baseline */
    SA_BASELINE_TOTAL,    /* a total (count, sum): compared per day, in percent */
    SA_BASELINE_LEVEL,    /* a level (mean, median): compared as it is, in percent */
    SA_BASELINE_SHARE,    /* a share (proportion): compared in percentage points */
} sa_baseline_use;

typedef struct sa_check_def {
    const char *name;
    const char *const *keys;     /* every key the check takes, "kind" first */
    bool reads_dataset;          /* `dataset` and `where` (all but submission) */
    sa_per per;                  /* `per` when not given */
    /* The target when none is given: applied at load unless `target_required`,
     * else by the engine when the written one is unusable. NULL: the kind takes
     * no target (implied_target says what it is judged against). */
    const char *default_target;
    bool target_required;
    const char *target_what;     /* the missing target: "the share that must meet the check, ..." */
    const char *share_of;        /* a percent target is a share of "rows" or "periods" */
    bool varies_target;          /* an agreement may vary the target */
    bool target_per_period;      /* explain says the target holds each period */
    const char *counts_label;    /* reports: what the numerator counts ("Minutes covered") */
    const char *system_scope;    /* explain's `scope: system` line, NULL for the usual one */
    sa_baseline_use baseline;    /* takes `baseline` and `change`, and how it compares */

    /** Unresolved column references and the configuration's defaults. */
    void (*init)(sa_check *ck);
    /** Reads the kind's keys of `map` (the common ones are read already). */
    void (*load)(struct sa_ld *l, sa_check *ck, const struct sa_ynode *map);
    /** The unit the target is written in when it depends on the check (a
     *  duration for a duration column, a number otherwise); NULL = default_target's. */
    sa_target_unit (*target_unit)(const sa_check *ck);
    /** The target without one written (declared_level: its `at_least`); NULL = default_target. */
    bool (*implied_target)(const sa_check *ck, sa_target *out);
    /** The kind's expression `key` ("meets", "exclude") or column reference
     *  `key` ("at", "exclusion_reason"), NULL when it has none; may be NULL. */
    const sa_expr_ref *(*expr)(const sa_check *ck, const char *key);
    const sa_colref *(*column)(const sa_check *ck, const char *key);
    /** Frees what the configuration compiled (expressions); may be NULL. */
    void (*release)(sa_check *ck);
    void (*uses)(const sa_check *ck, sa_check_uses *u);
    /** explain's "Kind" lines (and whatever the kind adds after them). */
    void (*describe)(const sa_spec *spec, const sa_check *ck, sa_buf *out);
    /** explain's "Empty cells" lines of the kind's own columns; may be NULL. */
    void (*describe_empty)(const sa_check *ck, sa_buf *out);
    /** Diff rules for two checks of this kind: what the check demands, then what it reads. */
    void (*diff)(const sa_check_differ *d, const sa_check *a, const sa_check *b);
    void (*diff_reads)(const sa_check_differ *d, const sa_check *a, const sa_check *b);
} sa_check_def;

/** The descriptor of a kind; NULL for a value out of range. */
const sa_check_def *sa_check_def_of(sa_check_kind k);
/** Whether the kind takes `key`. */
bool sa_check_def_takes(const sa_check_def *def, const char *key);
/** The target a check is judged against when it has none of its own. */
sa_target sa_check_default_target(const sa_check *ck);
/** The kind's expression or column reference `key` (see sa_check_def), or NULL. */
const sa_expr_ref *sa_check_expr(const sa_check *ck, const char *key);
const sa_colref *sa_check_column(const sa_check *ck, const char *key);
/** Frees the check's compiled expressions. */
void sa_check_release(sa_check *ck);
void sa_check_uses_of(const sa_check *ck, sa_check_uses *u);

/* ---- explanation in plain English (describe.c) ------------------------------------ */

/** The "What is checked" section of `specaudit explain`. */
void sa_check_describe(const sa_spec *spec, const sa_check *ck, sa_buf *out);
/** A requirement in plain English (`specaudit explain`): its title, specification,
 *  severity, scope, guidance and description, then its check. */
void sa_requirement_describe(const sa_spec *spec, const sa_requirement *req, sa_buf *out);
/** A check's `link:` in words (nothing when it has none): what was joined, on which key.
 *  Every report appends it to the requirement's description. */
void sa_link_describe(const sa_check *ck, sa_buf *out);
/** One "  Label          value" line; the value stays on one line. */
void sa_describe_field(sa_buf *out, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/** explain's "Baseline", "Change" and "Verdict" lines of a check with a baseline. */
void sa_baseline_describe(const sa_check *ck, sa_buf *out);
/** "each month", "over the whole period". */
const char *sa_describe_per(sa_per p);
/** A column's name, or "(not given)". */
const char *sa_describe_column(const sa_colref *c);
/** "a, b and c" (`conjunction` "and" or "or"). */
void sa_describe_list(sa_buf *out, const char *const *items, size_t n, const char *conjunction);
/** "4 hours", "1 day", "1 hour 30 minutes". */
void sa_describe_duration(int64_t seconds, char *out, size_t size);

#endif
