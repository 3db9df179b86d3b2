/*
 * yaml_tree.h — private to spec/: a small YAML node tree built from libyaml
 * events, keeping the position of every node.
 *
 * Anchors and aliases are resolved by sharing: an alias points at the node
 * its anchor names (no copy), and the total number of nodes the aliases
 * stand for is bounded, so an alias bomb is an error rather than an
 * out-of-memory. `<<` merge keys (YAML 1.1) are applied to mappings.
 *
 * Ownership: every node lives in the arena given to sa_ytree_parse().
 */
#ifndef SA_SPEC_YAML_TREE_H
#define SA_SPEC_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/diag.h"

typedef enum sa_ykind {
    SA_YNODE_SCALAR = 0,
    SA_YNODE_MAP,
    SA_YNODE_SEQ,
} sa_ykind;

typedef enum sa_ystyle {
    SA_YSTYLE_PLAIN = 0,
    SA_YSTYLE_SINGLE,
    SA_YSTYLE_DOUBLE,
    SA_YSTYLE_LITERAL,
    SA_YSTYLE_FOLDED,
} sa_ystyle;

typedef struct sa_ynode sa_ynode;

typedef struct sa_ypair {
    sa_ynode *key;
    sa_ynode *value;
} sa_ypair;

struct sa_ynode {
    sa_ykind kind;
    sa_pos pos;       /* start of the node (the opening quote of a quoted scalar) */
    sa_pos text_pos;  /* scalars: position of the first character of the value text */
    size_t src_index; /* byte offset of text_pos in the source */
    /* scalar */
    const char *text; /* NUL-terminated */
    size_t len;
    sa_ystyle style;
    bool is_null; /* plain ~, null or empty */
    /* map */
    sa_ypair *pairs;
    size_t npairs;
    /* seq */
    sa_ynode **items;
    size_t nitems;
    /* nodes this node stands for (itself and everything below, aliases counted) */
    size_t weight;
};

typedef struct sa_ytree_limits {
    size_t max_depth;
    size_t max_alias_expansions;
} sa_ytree_limits;

/**
 * Parses one YAML document. Returns the root node, or NULL after adding
 * E-SPEC-YAML, E-SPEC-ALIAS-LIMIT or E-SPEC-TOO-DEEP to `diags`. An empty
 * document yields a null scalar. `file` must outlive the tree.
 */
sa_ynode *sa_ytree_parse(const char *file, const char *data, size_t len, const sa_ytree_limits *limits,
                         sa_arena *arena, sa_diags *diags);

/** Maps a byte offset inside a scalar's value to its position in the source
 *  (quotes, escapes and line folding accounted for as far as is practical). */
sa_pos sa_ytree_offset_pos(const sa_ynode *scalar, const char *src, size_t src_len, size_t offset);

/** Short description of a node's type for messages: "a mapping", "a list", "a string", "null". */
const char *sa_ynode_describe(const sa_ynode *n);

#endif
