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

typedef struct sa_exclusion {
    const char *requirement;
    const char *reason;
    sa_pos pos;
} sa_exclusion;

typedef struct sa_variation {
    const char *requirement;
    const char *target_text;
    sa_target target;
    const char *reason;
    sa_pos pos;
} sa_variation;

typedef struct sa_waiver {
    const char *requirement;
    sa_date from;  /* SA_DATE_NONE: from the start of the term */
    sa_date until; /* inclusive: the waiver stops applying after this date */
    const char *approved_by;
    const char *reason;
    sa_pos pos;
} sa_waiver;

typedef struct sa_agreement {
    sa_arena *arena;
    const char *path;
    const char *id;
    const char *version;
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
    const char *signed_by;
    sa_date signed_on; /* SA_DATE_NONE when unsigned */
    sa_pos pos;
    sa_pos spec_pos;
    sa_pos provider_pos;
    sa_pos term_pos;
} sa_agreement;

/**
 * Loads and schema-validates an agreement. `schema_path` is the XSD (NULL:
 * the installed one, or the source tree's when running uninstalled).
 * Returns NULL when the file is unreadable, not well-formed, or hostile
 * (DOCTYPE/entities); otherwise an agreement, with any schema errors in diags.
 */
sa_agreement *sa_agreement_load(const char *path, const char *schema_path, sa_diags *diags);
sa_agreement *sa_agreement_load_buffer(const char *name, const char *data, size_t len,
                                       const char *schema_path, sa_diags *diags);
/** NULL is a no-op. */
void sa_agreement_free(sa_agreement *agreement);

/** True when the document's root element is an agreement (for lint's file sniffing). */
bool sa_agreement_sniff(const char *data, size_t len);

/**
 * Cross-checks agreements against the specifications given: the referenced
 * spec id and version exist; excluded/varied/waived requirements exist in it;
 * varied targets fit the requirement's kind; the term overlaps the spec
 * period; no two agreements for one provider overlap in time; codes are
 * ODS-shaped; waivers past their date are warned (relative to `today`,
 * SA_DATE_NONE = the spec period end). Returns the number of errors added.
 */
size_t sa_agreement_bind(sa_agreement *const *agreements, size_t nagreements,
                         sa_spec *const *specs, size_t nspecs, sa_date today, sa_diags *diags);

/* ---- the plan --------------------------------------------------------------- */

typedef struct sa_effective_req {
    const sa_requirement *req;
    bool excluded;
    const char *exclusion_reason;
    sa_target target; /* effective target */
    const char *target_text;
    bool varied;
    const char *original_target_text;
    const char *variation_reason;
    const sa_waiver *waiver; /* NULL when none */
} sa_effective_req;

typedef struct sa_provider_plan {
    const char *code;
    const char *name;
    const char *kind;
    const sa_agreement *agreement; /* NULL when assessed against the spec as written */
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
 * consecutive terms are merged in term order). Without agreements the plan
 * starts empty and providers are added with sa_plan_add_provider() as the
 * returns reveal them, each assessed against the spec as written.
 */
sa_plan *sa_plan_build(const sa_spec *spec, sa_agreement *const *agreements, size_t nagreements,
                       sa_diags *diags);
void sa_plan_free(sa_plan *plan);
bool sa_plan_from_agreements(const sa_plan *plan);
size_t sa_plan_provider_count(const sa_plan *plan);
const sa_provider_plan *sa_plan_provider_at(const sa_plan *plan, size_t i);
const sa_provider_plan *sa_plan_find_provider(const sa_plan *plan, const char *code);
/** Adds a provider assessed against the spec as written (no-op when present). Returns it. */
const sa_provider_plan *sa_plan_add_provider(sa_plan *plan, const char *code, const char *name);
/** True when the waiver of `er` covers the period [from, to]. */
bool sa_effective_req_waived(const sa_effective_req *er, sa_date from, sa_date to);

#endif
