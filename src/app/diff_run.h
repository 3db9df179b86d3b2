/* diff_run.h — the diff pipeline's parts: documents read on each side, the
 * comparisons made, and the --git walk over what changed since a revision. */
#ifndef SA_APP_DIFF_RUN_H
#define SA_APP_DIFF_RUN_H

#include "app/app_internal.h"
#include "core/alloc.h"
#include "diff/diff.h"

typedef enum doc_kind { DOC_UNKNOWN, DOC_SPEC, DOC_AGREEMENT } doc_kind;

/* One side of a comparison: a specification or an agreement, or neither. */
typedef struct side {
    sa_spec *spec;
    sa_agreement *agreement;
} side;

/* The comparisons of a run, each with the names of its two sides. */
typedef struct diff_list {
    const sa_app_limits *limits; /* for every document read */
    FILE *err;                   /* where problems are printed */
    sa_diff **diffs;
    char **old_names;
    char **new_names;
    size_t n, cap;
} diff_list;

/* The report file, when it already exists: it must not be one of the inputs. */
typedef struct output_guard {
    const char *path;
    FILE *err;
    bool exists;
    dev_t dev;
    ino_t ino;
} output_guard;

static inline char *dup_or_null(const char *s)
{
    return s ? sa_xstrdup(s) : NULL;
}

/** What a file is, by its content (an agreement's root, a top-level `specaudit:`) or else its name. */
doc_kind sa_app_doc_kind(const char *path, const char *data, size_t len);
/** True when `data` is a specification or an agreement by its content. */
bool sa_app_is_document(const char *data, size_t len);
/** Loads one document from memory. Returns false when it could not be read at all. */
bool sa_app_side_load(side *s, doc_kind kind, const char *name, const char *data, size_t len,
                      const sa_app_limits *limits, sa_diags *diags);
void sa_app_side_free(side *s);
/** Compares two documents held in memory (either may be absent); 0 or SA_EXIT_USAGE. */
int sa_app_diff_compare(diff_list *l, doc_kind kind, const char *old_name, const char *old_data, size_t old_len,
                        const char *new_name, const char *new_data, size_t new_len);
/** Reads a file within the document limits; 0, or -1 after printing why not. */
int sa_app_diff_read(const diff_list *l, const char *path, char **data, size_t *len);
/** True (with a message) when `input` is the report file. */
bool sa_app_output_is_input(const output_guard *g, const char *input);
/** Compares every specification and agreement changed since `rev` (only `files`, when given). */
int sa_app_diff_git(diff_list *l, const char *rev, char *const *files, size_t nfiles, const output_guard *guard);

#endif
