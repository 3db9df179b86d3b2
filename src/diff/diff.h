/*
 * diff.h — what a specification (or agreement) edit changes, classified for
 * reviewers: requirements added/removed/renamed, targets tightened or
 * loosened, windows widened or narrowed, severity raised or lowered,
 * datasets/columns added or removed, version not bumped.
 *
 * Ownership: a diff owns its change list; sa_diff_free() releases it. It
 * keeps no pointers into the specs compared.
 */
#ifndef SA_DIFF_H
#define SA_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "agreement/agreement.h"
#include "core/buf.h"
#include "core/diag.h"
#include "spec/spec.h"

typedef enum sa_change_class {
    SA_CHANGE_TIGHTENED = 0, /* providers must do more */
    SA_CHANGE_LOOSENED,      /* providers may do less */
    SA_CHANGE_ADDED,
    SA_CHANGE_REMOVED,
    SA_CHANGE_CHANGED,       /* neither tighter nor looser (renamed, reworded, moved) */
    SA_CHANGE_WARNING,       /* e.g. content changed but version not bumped */
} sa_change_class;
const char *sa_change_class_name(sa_change_class c);

typedef struct sa_change {
    sa_change_class cls;
    const char *subject; /* "requirement KPI-2", "dataset referrals column urgency" */
    const char *what;    /* "target >= 85% -> >= 90%" */
    sa_pos old_pos;
    sa_pos new_pos;
} sa_change;

typedef struct sa_diff sa_diff;

/**
 * Classifies what changed from `old_spec` to `new_spec`. Either may be NULL
 * (a file added or removed: everything in the other is added or removed).
 * Never NULL. Changes come in review order: the header, expected providers,
 * roles, datasets (with their columns), then requirements in the new spec's
 * order (a removed one just after its old predecessor), each requirement's
 * changes in a fixed field order. A "version not bumped" warning comes first.
 */
sa_diff *sa_diff_specs(const sa_spec *old_spec, const sa_spec *new_spec);
/** Same for heads of agreement: header, term, exclusions, variations, waivers,
 *  reporting duty, signature. Either side may be NULL. Never NULL. */
sa_diff *sa_diff_agreements(const sa_agreement *old_agr, const sa_agreement *new_agr);
/** NULL is a no-op. */
void sa_diff_free(sa_diff *diff);
size_t sa_diff_count(const sa_diff *diff);
const sa_change *sa_diff_at(const sa_diff *diff, size_t i);

/** Renders as text, json or md (Markdown for pull-request comments).
 *  Returns 0, or -1 for an unknown format (nothing appended). */
int sa_diff_render(const sa_diff *diff, const char *old_name, const char *new_name,
                   const char *format, sa_buf *out);

/** "tightened", "loosened", ... ; false for an unknown name. */
bool sa_change_class_parse(const char *name, sa_change_class *out);
/** Number of changes of one class. */
size_t sa_diff_count_class(const sa_diff *diff, sa_change_class cls);
/** "specification" or "agreement". */
const char *sa_diff_kind(const sa_diff *diff);
/** Id and version of each side (NULL for a side that is absent: a file added or removed). */
void sa_diff_identity(const sa_diff *diff, const char **old_id, const char **old_version,
                      const char **new_id, const char **new_version);

/**
 * Renders several diffs (one per file pair, as `diff --git` compares them)
 * as one document: text, json ({"diffs": [...], "summary": {...}}) or md (one
 * table per file). sa_diff_render() is this with n = 1. Returns 0, or -1 for
 * an unknown format.
 */
int sa_diff_render_many(const sa_diff *const *diffs, const char *const *old_names,
                        const char *const *new_names, size_t n, const char *format, sa_buf *out);

#endif
