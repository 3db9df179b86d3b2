/*
 * spec.h — the service specification model and its YAML loader.
 *
 * A specification says what a commissioner requires (requirements, each with
 * a typed check), which returns providers send (datasets with typed columns),
 * how free-text job titles map to canonical roles, and the calendar used for
 * working-day arithmetic. The format is documented in specs/README.md.
 *
 * Ownership: sa_spec_load() returns a spec that owns an arena; every string,
 * array and compiled pattern/expression reachable from it is freed by
 * sa_spec_free(). Values are plain structs: callers read fields directly and
 * never modify them.
 *
 * Loading never stops at the first problem: every problem is appended to the
 * caller's diagnostics list (codes E-SPEC-* / W-SPEC-*), and a spec is
 * returned whenever the file was readable YAML, so lint can report all
 * problems. Callers that need a usable spec check sa_diags_has_errors().
 */
#ifndef SA_SPEC_H
#define SA_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/calendar.h"
#include "core/datetime.h"
#include "core/diag.h"
#include "core/result.h"
#include "core/schema.h"
#include "core/target.h"

struct sa_expr;

/* ---- datasets (typed CSV returns) ---------------------------------------- */

/** "string", "int", ... ; parse returns false for unknown names. */
const char *sa_col_type_name(sa_col_type t);
bool sa_col_type_parse(const char *name, sa_col_type *out);
/** True for the types whose values identify a patient (NHS and CHI numbers):
 *  their columns are identifiers unless the specification says otherwise. */
bool sa_col_type_identifies_patient(sa_col_type t);

/* ---- roles ---------------------------------------------------------------- */

typedef struct sa_role {
    const char *name;    /* canonical role, e.g. palliative_consultant */
    const char *pattern; /* PCRE2 pattern matched against free-text job titles */
    void *pattern_code;  /* compiled pcre2_code_8 *, owned by the spec */
    sa_pos pos;
} sa_role;

/* ---- requirements and their checks ---------------------------------------- */

/* The kinds are listed once, in spec/kinds/kinds.def. */
typedef enum sa_check_kind {
#define SA_KIND(ID, name, ...) SA_CHECK_##ID,
#include "spec/kinds/kinds.def"
#undef SA_KIND
    SA_CHECK_KIND_COUNT
} sa_check_kind;
const char *sa_check_kind_name(sa_check_kind k);
bool sa_check_kind_parse(const char *name, sa_check_kind *out);

typedef enum sa_per {
    SA_PER_PERIOD = 0, /* the whole assessment period as one */
    SA_PER_WEEK,
    SA_PER_FORTNIGHT,
    SA_PER_MONTH,
    SA_PER_QUARTER,
    SA_PER_YEAR,
} sa_per;
const char *sa_per_name(sa_per p);
bool sa_per_parse(const char *name, sa_per *out);

/* How a check's periods combine into its verdict. */
typedef enum sa_assess {
    SA_ASSESS_EVERY_PERIOD = 0, /* every assessed period must meet the target (partially met otherwise) */
    SA_ASSESS_OVERALL,          /* the measure pooled over the assessed range decides; periods are the trend */
} sa_assess;
/** "every_period", "overall". */
const char *sa_assess_name(sa_assess a);

/* A reference to a dataset column, resolved at load time. */
typedef struct sa_colref {
    const char *name; /* NULL when not given */
    int index;        /* column index in the check's dataset, -1 when unresolved */
    sa_pos pos;
} sa_colref;

/* What `mean` and `median` average: a numeric or duration `column`, or the
 * time from `from` to `to` (whole days between dates, seconds between
 * datetimes); `at` places a row in a period (default: `from`). */
typedef struct sa_stat_value {
    sa_colref column;
    sa_colref from;
    sa_colref to;
    sa_colref at;
} sa_stat_value;

/* An expression as written, with its compiled form (NULL when absent or invalid). */
typedef struct sa_expr_ref {
    const char *text; /* NULL when not given */
    sa_pos pos;       /* position of the first character of the expression text */
    struct sa_expr *compiled;
} sa_expr_ref;

/* `link:` — the rows of another dataset that share a row's key, for the
 * linked_* functions of its expressions (proportion). Rows link within one
 * provider; an empty key cell links to nothing. */
typedef struct sa_link {
    const char *dataset_name;  /* NULL when the check has no link */
    sa_pos pos;                /* the `link` value */
    sa_pos dataset_pos;
    const struct sa_dataset *dataset; /* resolved; NULL when unknown */
    sa_colref on;              /* the key column in the check's dataset */
    sa_colref linked_on;       /* the key column in the linked dataset (index in that dataset) */
} sa_link;

#define SA_DAY_MON 0x01
#define SA_DAY_TUE 0x02
#define SA_DAY_WED 0x04
#define SA_DAY_THU 0x08
#define SA_DAY_FRI 0x10
#define SA_DAY_SAT 0x20
#define SA_DAY_SUN 0x40
#define SA_DAYS_ALL 0x7f
/** Parses "mon-sun", "mon-fri", "sat,sun", "mon-fri,sun" into a day mask (bit 0 = Monday). */
bool sa_days_parse(const char *text, uint8_t *mask);
/** Writes the shortest form ("mon-sun", "mon-fri", "sat,sun") into a 32-byte buffer. */
void sa_days_format(uint8_t mask, char out[32]);

/* A weekly window of required cover: on `days`, from start to end (wall clock). */
typedef struct sa_window {
    uint8_t days;               /* SA_DAY_* mask */
    int start_minute;           /* 0..1439 */
    int end_minute;             /* 1..1440; end <= start means the window runs past midnight */
    bool bank_holidays;         /* also required on bank holidays (default true) */
    sa_pos pos;
} sa_window;

/* Each kind's own configuration: sa_<name>_config, members from kinds.def. */
#define SA_KIND(ID, name, ...) typedef struct sa_##name##_config { __VA_ARGS__ } sa_##name##_config;
#include "spec/kinds/kinds.def"
#undef SA_KIND

/* A check: what every kind shares, then the configuration of its kind
 * (check->coverage, check->proportion ...; only the member of `kind` is set). */
/* `baseline` and `change` (count, sum, mean, median, proportion): the figure
 * over the whole assessed range against the same figure over an earlier range
 * of the same returns, or in an earlier report of the same specification. The change is relative, in percent, or for a share in
 * percentage points. */
typedef struct sa_baseline {
    bool set;
    bool report;      /* `{report: true}`: the figure of an earlier report (check --baseline) */
    sa_date from, to; /* else the range, inclusive; ends before the requirement is first assessed */
    sa_pos pos;
    sa_cmp op;        /* the change's comparison: "<= -10%" */
    double change;    /* percent, or percentage points when `points` */
    bool points;
    const char *change_text;
    sa_pos change_pos;
} sa_baseline;

typedef struct sa_check {
    sa_check_kind kind;
    sa_pos pos;

    /* Every kind except submission reads one dataset. */
    const char *dataset_name;
    sa_pos dataset_pos;
    const sa_dataset *dataset; /* resolved; NULL when unknown */

    sa_expr_ref where; /* which rows count (all kinds that read rows; optional) */
    sa_link link;      /* rows of another dataset with the same key (kinds with a `link` key) */
    sa_per per;        /* reporting period for the verdict (default: month for proportion-like kinds) */
    sa_target target;  /* the requirement's target (meaning depends on kind) */
    const char *target_text;
    sa_pos target_pos;
    int64_t min_denominator; /* fewer rows than this in a period: not_assessable (default 1) */
    sa_assess assess;        /* how periods combine (default every_period) */
    sa_baseline baseline;    /* kinds taking a baseline (sa_check_def.baseline); else unset */

    union {
#define SA_KIND(ID, name, ...) sa_##name##_config name;
#include "spec/kinds/kinds.def"
#undef SA_KIND
    };
} sa_check;

typedef struct sa_requirement {
    const char *id;
    const char *title;       /* the `priority` / title as written */
    const char *description;
    const char *guidance;    /* source reference, e.g. "NICE QS13 statement 4" */
    sa_req_severity severity;
    sa_scope scope;
    /* `in_force: {from, until}`: the days within the specification period the
     * requirement applies on (inclusive); SA_DATE_NONE = from the period's
     * start / to its end. Outside them it is never met and never failed. */
    sa_date in_force_from;
    sa_date in_force_until;
    sa_pos in_force_pos;
    sa_check check;
    sa_pos pos;
    sa_pos id_pos;
} sa_requirement;

typedef struct sa_provider_decl {
    const char *code;
    const char *name;
    const char *kind; /* hospice | acute_trust | community_trust | charity | other */
    sa_pos pos;
} sa_provider_decl;

typedef struct sa_spec {
    sa_arena *arena;
    const char *path;
    int format_version; /* `specaudit: 1` */
    const char *id;
    const char *version;
    const char *title;
    const char *description;
    const char *commissioner_name;
    const char *commissioner_code;
    sa_date period_from;
    sa_date period_to; /* inclusive */
    sa_calendar calendar;
    int reporting_due_days;     /* default reporting duty: days after period end (15) */
    sa_per reporting_every;

    sa_role *roles;
    size_t nroles;
    sa_dataset *datasets;
    size_t ndatasets;
    sa_requirement *requirements;
    size_t nrequirements;
    sa_provider_decl *providers; /* optional list of providers the spec expects */
    size_t nproviders;
    sa_pos pos;
} sa_spec;

typedef struct sa_spec_limits {
    size_t max_bytes;            /* largest spec file read (default 16 MiB) */
    size_t max_depth;            /* deepest nesting of mappings/sequences (default 64) */
    size_t max_alias_expansions; /* total nodes produced by alias expansion (default 10 000) */
} sa_spec_limits;

/** Fills the documented defaults. */
void sa_spec_limits_default(sa_spec_limits *limits);

/**
 * Loads and validates a specification file. `limits` may be NULL (defaults).
 * Returns NULL only when the file is unreadable or not YAML at all (then a
 * diagnostic says why); otherwise a spec, possibly with errors in `diags`.
 */
sa_spec *sa_spec_load(const char *path, const sa_spec_limits *limits, sa_diags *diags);
/** Same, from memory; `name` is used in diagnostics. */
sa_spec *sa_spec_load_buffer(const char *name, const char *data, size_t len,
                             const sa_spec_limits *limits, sa_diags *diags);
/** NULL is a no-op. */
void sa_spec_free(sa_spec *spec);

const sa_dataset *sa_spec_find_dataset(const sa_spec *spec, const char *name);
const sa_requirement *sa_spec_find_requirement(const sa_spec *spec, const char *id);
const sa_role *sa_spec_find_role(const sa_spec *spec, const char *name);
/** Column index by name, or -1. */
int sa_dataset_find_column(const sa_dataset *ds, const char *name);

/** sa_spec_match_role: a role pattern reached the match limits of core/regex.h. */
#define SA_ROLE_UNDECIDED (-2)

/**
 * Matches a free-text job title against the spec's role patterns. Returns the
 * index of the first role whose pattern matches, -1 when none does or the
 * title is longer than SA_ROLE_TITLE_MAX (core/regex.h), or SA_ROLE_UNDECIDED
 * when a pattern tried before any match reached the match limits. Thread-safe
 * (uses a caller-provided pcre2 match data when `match_data` is non-NULL,
 * else allocates one per call).
 */
int sa_spec_match_role(const sa_spec *spec, const char *title, size_t len, void *match_data);

#endif
