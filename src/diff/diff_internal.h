/*
 * diff_internal.h — the diff object and the helpers shared by the files of
 * src/diff/ (classification of specifications and agreements, rendering).
 * Private to the folder.
 */
#ifndef SA_DIFF_INTERNAL_H
#define SA_DIFF_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "diff/diff.h"

struct sa_diff {
    sa_arena *arena;       /* every string of every change, and the copied positions' files */
    sa_change *changes;    /* malloc'd, grows */
    size_t nchanges;
    size_t cap;
    const char *kind;      /* "specification" or "agreement" */
    const char *old_id;    /* NULL when the old side is absent (file added) */
    const char *old_version;
    const char *new_id;    /* NULL when the new side is absent (file removed) */
    const char *new_version;
};

sa_diff *sa_diff_create(const char *kind);

/** Appends a change; `subject` and the formatted `what` are copied into the arena. */
void sa_diff_add(sa_diff *d, sa_change_class cls, const char *subject, sa_pos old_pos,
                  sa_pos new_pos, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/** NULL-safe string equality. */
bool sa_diff_str_eq(const char *a, const char *b);

/** Text shown for an absent string. */
const char *sa_diff_or_none(const char *s);

/**
 * Pairs items of two ordered lists and yields them in review order: the new
 * list's order, with each removed item placed just after the item that
 * preceded it in the old list. old_match[i] is the new index matched with
 * old item i (or -1), new_match[j] the old index of new item j (or -1).
 * Fills `order` with (old, new) index pairs, -1 for an absent side; returns
 * the number of pairs (nold + nnew - matched). `order` must hold nold + nnew.
 */
typedef struct sa_diff_pair {
    long old_index;
    long new_index;
} sa_diff_pair;
size_t sa_diff_merge_order(const long *old_match, size_t nold, const long *new_match, size_t nnew,
                            sa_diff_pair *order);

/** Matches two name lists by equal names (first unmatched occurrence). Arrays from malloc;
 *  the caller frees both. */
void sa_diff_match_names(const char *const *old_names, size_t nold, const char *const *new_names,
                          size_t nnew, long **old_match, long **new_match);

/** Pairs two name lists in merged order (sa_diff_match_names then
 *  sa_diff_merge_order). Returns the pairs (malloc'd; the caller frees) and
 *  their count in *npairs. */
sa_diff_pair *sa_diff_pair_names(const char *const *old_names, size_t nold,
                                 const char *const *new_names, size_t nnew, size_t *npairs);

/** Compares two "how often" values: > 0 when `b` is more frequent (stricter) than `a`. */
int sa_diff_per_strictness(sa_per a, sa_per b);

/** Formats a date as YYYY-MM-DD, or "(none)" for SA_DATE_NONE, into out[16]. */
void sa_diff_format_date(sa_date date, char out[16]);

/** Adds the "version not bumped" warning at the head of the list when the
 *  diff holds changes and both versions are the same string. */
void sa_diff_version_check(sa_diff *d, const char *old_version, const char *new_version,
                           sa_pos old_pos, sa_pos new_pos);

/** Classifies a target edit with sa_target_compare(); nothing when equal. */
void sa_diff_target_change(sa_diff *d, const char *subject, const char *field, const sa_target *a,
                           const sa_target *b, sa_pos op, sa_pos np);

#endif
