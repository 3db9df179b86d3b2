/*
 * agreement.h — heads of agreement (XML, specs/schema/agreement.xsd), their
 * binding to specifications, and the plan: the effective requirements per
 * provider that the engine checks.
 *
 * Loading is secure: no network, no DTD loading, no entity expansion; any
 * DOCTYPE is refused (E-AGR-DOCTYPE). Every XSD error is reported as
 * E-AGR-SCHEMA with its line.
 *
 * Ownership: an agreement owns an arena holding all its strings and arrays;
 * sa_agreement_free() releases it. A plan points into the spec and the
 * agreements it was built from, which must outlive it.
 *
 * Positions: every element and attribute keeps its line and column (the
 * column of the first character of the attribute's value), so diagnostics
 * point at the value to fix. Diagnostic codes are E-AGR-* / W-AGR-*; the
 * table is in specs/README.md.
 */
#ifndef SA_AGREEMENT_H
#define SA_AGREEMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/datetime.h"
#include "core/diag.h"
#include "core/target.h"
#include "spec/spec.h"

/* Largest agreement file the path loaders read (bytes); bigger files are refused
 * unread (E-IO-TOO-LARGE). The buffer loaders take what the caller read. */
#define SA_AGREEMENT_MAX_BYTES (4u * 1024u * 1024u)
/* Hostile-input bounds, checked before schema validation (whose cost grows
 * with them): attributes on one element (E-AGR-TOO-MANY-ATTRIBUTES, counted
 * before the XML parser sees the start tag), bytes in one attribute value or
 * text node (E-AGR-VALUE-TOO-LONG), and schema errors listed per agreement
 * (the rest are counted in one last E-AGR-SCHEMA). */
#define SA_AGREEMENT_MAX_ATTRIBUTES 64
#define SA_AGREEMENT_MAX_VALUE_BYTES 65536
#define SA_AGREEMENT_MAX_SCHEMA_ERRORS 100
/* The namespace of format version 1. */
#define SA_AGREEMENT_NS "urn:specaudit:agreement:1"
/* Environment variable naming a directory holding agreement.xsd; it wins over
 * the installed and source-tree schema directories. */
#define SA_AGREEMENT_SCHEMA_ENV "SPECAUDIT_SCHEMA_DIR"

typedef struct sa_exclusion {
    const char *requirement;
    const char *reason;
    sa_pos pos;             /* the <exclude> element */
    sa_pos requirement_pos; /* its requirement="..." value */
} sa_exclusion;

typedef struct sa_variation {
    const char *requirement;
    const char *target_text;
    sa_target target; /* .set is false when target_text does not parse */
    const char *reason;
    sa_pos pos;
    sa_pos requirement_pos;
    sa_pos target_pos;
} sa_variation;

typedef struct sa_waiver {
    const char *requirement;
    sa_date from;  /* SA_DATE_NONE: from the start of the term */
    sa_date until; /* inclusive: the waiver stops applying after this date */
    const char *approved_by;
    const char *reason;
    sa_pos pos;
    sa_pos requirement_pos;
    sa_pos until_pos;
} sa_waiver;

/* One <signed> element: who signed, when, and for which party (NULL when not said). */
typedef struct sa_signature {
    const char *by;
    sa_date on;
    const char *party; /* "commissioner" | "provider" | NULL */
    sa_pos pos;
} sa_signature;

typedef struct sa_agreement {
    sa_arena *arena;
    const char *path;
    const char *id;
    const char *version;
    const char *title;       /* optional <title>, NULL when absent */
    const char *description; /* optional <description>, NULL when absent */
    const char *commissioner_code;
    const char *commissioner_name;
    const char *provider_code;
    const char *provider_name;
    const char *provider_kind; /* hospice | acute_trust | community_trust | charity | other */
    sa_date term_from;
    sa_date term_to; /* inclusive */
    const char *spec_id;
    const char *spec_version;
    sa_exclusion *exclusions;
    size_t nexclusions;
    sa_variation *variations;
    size_t nvariations;
    sa_waiver *waivers;
    size_t nwaivers;
    sa_per reporting_every;
    int reporting_due_days; /* -1 when not stated */
    const char *signed_by; /* the signatory of the latest signature; NULL when unsigned */
    sa_date signed_on;     /* the latest signature's date; SA_DATE_NONE when unsigned */
    sa_signature *signatures; /* every <signed>, in document order */
    size_t nsignatures;
    sa_pos pos;
    sa_pos spec_pos;          /* <specification>: its id="..." value */
    sa_pos spec_version_pos;  /* its version="..." value */
    sa_pos provider_pos;      /* <provider>: its code="..." value */
    sa_pos commissioner_pos;  /* <commissioner>: its code="..." value */
    sa_pos term_pos;          /* <term>: its from="..." value */
    sa_pos term_to_pos;       /* its to="..." value */
    sa_pos reporting_pos;     /* <reporting>, line 0 when absent */
} sa_agreement;

/**
 * Loads and schema-validates an agreement. `schema_path` is the XSD (NULL:
 * $SPECAUDIT_SCHEMA_DIR/agreement.xsd when that variable is set, else the
 * installed one, else the source tree's when running uninstalled).
 * Returns NULL when the file is unreadable, larger than
 * SA_AGREEMENT_MAX_BYTES, not well-formed, hostile (any DOCTYPE, hence any
 * entity declaration: E-AGR-DOCTYPE) or not an agreement of this format
 * (E-AGR-ROOT, E-AGR-NAMESPACE); otherwise an agreement, with any schema
 * errors (E-AGR-SCHEMA) and file-local rule violations in diags. The
 * parser never opens the network or any file other than the input and the
 * schema. The schema is parsed once per call; to load many agreements,
 * parse it once with sa_agreement_schema_load().
 */
sa_agreement *sa_agreement_load(const char *path, const char *schema_path, sa_diags *diags);
/** Same, from memory (need not be NUL-terminated, at most INT_MAX bytes); `name`
 *  is used in diagnostics. */
sa_agreement *sa_agreement_load_buffer(const char *name, const char *data, size_t len,
                                       const char *schema_path, sa_diags *diags);

/* A parsed agreement schema, held by the caller to validate many agreements.
 * Read-only once loaded: one schema may serve several threads. */
typedef struct sa_agreement_schema sa_agreement_schema;

/**
 * Finds the schema file to use when none is named: $SPECAUDIT_SCHEMA_DIR,
 * then the install directory, then the source tree, each + "/agreement.xsd".
 * Writes the chosen path into `out` (a buffer of `cap` bytes) and returns
 * true when a readable file was found; otherwise returns false with `out`
 * holding the last candidate tried.
 */
bool sa_agreement_schema_find(char *out, size_t cap);
/** Parses the XSD at `schema_path` (NULL: as sa_agreement_schema_find()).
 *  Returns NULL with E-AGR-NO-SCHEMA when it cannot be read or parsed. */
sa_agreement_schema *sa_agreement_schema_load(const char *schema_path, sa_diags *diags);
/** NULL is a no-op. */
void sa_agreement_schema_free(sa_agreement_schema *schema);
/** As sa_agreement_load_buffer(), validating against an already parsed schema
 *  (NULL: no schema validation, reported as E-AGR-NO-SCHEMA). */
sa_agreement *sa_agreement_load_buffer_with(const char *name, const char *data, size_t len,
                                            const sa_agreement_schema *schema, sa_diags *diags);
/** NULL is a no-op. */
void sa_agreement_free(sa_agreement *agreement);

/** True when the document's root element is an agreement (for lint's file
 *  sniffing). A lexical look at the prolog only: never parses a DTD. */
bool sa_agreement_sniff(const char *data, size_t len);

/**
 * Cross-checks agreements against the specifications given: the referenced
 * spec id and version exist; excluded/varied/waived requirements exist in it;
 * varied targets fit the requirement's kind (unit and direction); the term
 * overlaps the spec period; no two agreements for one provider and spec
 * overlap in time; agreement ids are unique; codes are ODS-shaped; waivers
 * past their date are warned (relative to `today`, SA_DATE_NONE = the spec
 * period end). Rules that need only one agreement (term order, waiver
 * windows, duplicates, conflicts) were checked when it was loaded. NULL
 * entries are skipped. Returns the number of errors added.
 */
size_t sa_agreement_bind(sa_agreement *const *agreements, size_t nagreements,
                         sa_spec *const *specs, size_t nspecs, sa_date today, sa_diags *diags);

/* ---- the plan --------------------------------------------------------------- */

/* A waiver's window as the plan applies it (inclusive dates). */
typedef struct sa_waiver_window {
    const sa_waiver *waiver;
    sa_date from;
    sa_date until;
} sa_waiver_window;

typedef struct sa_effective_req {
    const sa_requirement *req;
    bool excluded;
    const char *exclusion_reason;
    sa_target target; /* effective target */
    const char *target_text;
    bool varied;
    const char *original_target_text;
    const char *variation_reason;
    const sa_waiver *waiver; /* the first waiver in date order; NULL when none */
    /* Every waiver of this requirement for this provider, in date order, with
     * its window resolved: `from` defaults to the start of the agreement's term
     * and both ends are clipped to that term (inclusive dates). */
    const sa_waiver_window *waivers;
    size_t nwaivers;
} sa_effective_req;


typedef struct sa_provider_plan {
    const char *code;
    const char *name;
    const char *kind;
    const sa_agreement *agreement; /* the latest by term; NULL when assessed against the spec as written */
    const sa_agreement *const *agreements; /* all agreements merged for this provider, in term order */
    size_t nagreements;
    sa_date from; /* the term clipped to the spec period */
    sa_date to;
    sa_effective_req *reqs; /* one per spec requirement, in spec order */
    size_t nreqs;
    sa_per reporting_every;
    int reporting_due_days;
} sa_provider_plan;

typedef struct sa_plan sa_plan;

/**
 * Builds the plan for `spec`. With agreements, providers come from the
 * agreements whose spec id matches (several agreements for one provider with
 * consecutive terms are merged in term order: the exclusions and variations
 * of the latest agreement apply, waivers of every one apply in their own
 * windows; W-AGR-TERMS-DIFFER says when earlier terms differed). Without
 * matching agreements the plan starts with the providers the spec declares
 * (possibly none), and more are added with sa_plan_add_provider() as the
 * returns reveal them, each assessed against the spec as written. Providers
 * are kept sorted by code. Returns NULL only when `spec` is NULL.
 */
sa_plan *sa_plan_build(const sa_spec *spec, sa_agreement *const *agreements, size_t nagreements,
                       sa_diags *diags);
void sa_plan_free(sa_plan *plan);
bool sa_plan_from_agreements(const sa_plan *plan);
size_t sa_plan_provider_count(const sa_plan *plan);
const sa_provider_plan *sa_plan_provider_at(const sa_plan *plan, size_t i);
const sa_provider_plan *sa_plan_find_provider(const sa_plan *plan, const char *code);
/** Adds a provider assessed against the spec as written (no-op when present;
 *  `name` may be NULL: the spec's declared name is used). Returns it; the
 *  pointer stays valid until sa_plan_free(). Strings are copied. */
const sa_provider_plan *sa_plan_add_provider(sa_plan *plan, const char *code, const char *name);
/** True when one waiver window of `er` covers the whole period [from, to]
 *  (inclusive). A period reaching past a waiver's `until` is not waived. */
bool sa_effective_req_waived(const sa_effective_req *er, sa_date from, sa_date to);

#endif
