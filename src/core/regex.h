/*
 * regex.h — the one policy for running a PCRE2 pattern over untrusted text:
 * job titles against role patterns, cells against column patterns and the
 * expression `~` operator. A pattern written in a specification may
 * backtrack exponentially on a crafted subject; every match runs under the
 * same step, depth and heap limits, and a match that reaches them is
 * undecided (a data-quality error where it is used), never a stall.
 */
#ifndef SA_REGEX_H
#define SA_REGEX_H

#include <stddef.h>
#include <stdint.h>

/* Backtracking steps one match may take (PCRE2 match limit, honoured by JIT
 * code too), nested backtracking depth and the KiB of backtracking memory
 * the interpreter may use. A well-behaved pattern over a cell needs a few
 * hundred steps; 100 000 take about a millisecond. */
#define SA_REGEX_MATCH_LIMIT 100000
#define SA_REGEX_DEPTH_LIMIT 10000
#define SA_REGEX_HEAP_LIMIT_KIB 4096

/* Job titles longer than this (bytes) are matched against no role: a title
 * is a few words, and a 100 KB one is an attack on the role patterns. */
#define SA_ROLE_TITLE_MAX 256

typedef enum sa_regex_rc {
    SA_REGEX_NOMATCH = 0,
    SA_REGEX_MATCH = 1,
    SA_REGEX_UNDECIDED = -1, /* a limit was reached, or the subject is not valid UTF-8 */
} sa_regex_rc;

/** Matches compiled `code` (pcre2_code_8 *) against s[0..len) with pcre2
 *  `options`, under the limits above. `match_data` (pcre2_match_data_8 *) may
 *  be NULL: one is then made for the call. Thread-safe. */
sa_regex_rc sa_regex_match(const void *code, const char *s, size_t len, uint32_t options,
                           void *match_data);

#endif
