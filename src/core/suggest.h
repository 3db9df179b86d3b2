/*
 * suggest.h — "did you mean": the one policy for suggesting the name a
 * misspelt word probably meant, used by specifications, expressions and
 * agreements alike, so a typo gets the same suggestion in YAML and in XML.
 *
 * The policy. Distance is Levenshtein (insert, delete or substitute one
 * character), ignoring ASCII case. A candidate is suggested when its
 * distance to the word is at most sa_suggest_threshold(word length): one
 * edit per three characters, rounded, and at least one ("titel" -> "title"
 * is two edits in five characters; "workdays_between" -> "working_days_between"
 * four in sixteen). Of the candidates within the threshold the nearest wins;
 * a tie goes to the one sharing the longer prefix with the word, then to the
 * earlier in the list. Words and candidates longer than SA_SUGGEST_MAX_LEN
 * are never matched.
 *
 * The cost. sa_suggest_closest scans a short list once. For many words
 * against one long list (unknown requirement ids against a large
 * specification), sa_suggest_new indexes the list once: every candidate
 * and each of its one-character deletions is hashed, so the candidates
 * within one edit of a word are found by lookups, not by a scan; only when
 * none is that near does a query scan, and then only candidates whose length
 * is within the threshold and whose character set could be, each with a
 * distance computation that stops as soon as the threshold is passed.
 */
#ifndef SA_SUGGEST_H
#define SA_SUGGEST_H

#include <stddef.h>

#define SA_SUGGEST_MAX_LEN 64

/** The largest distance at which a word of `len` characters gets a suggestion. */
size_t sa_suggest_threshold(size_t len);

/** Case-insensitive Levenshtein distance between a[0..alen) and b[0..blen),
 *  or cap + 1 when it exceeds cap (the computation stops there). */
size_t sa_suggest_distance(const char *a, size_t alen, const char *b, size_t blen, size_t cap);

/** The candidate `word` probably meant, or NULL; NULL candidates are skipped. */
const char *sa_suggest_closest(const char *word, const char *const *candidates, size_t n);

/** An index over a candidate list for many queries. The strings are not
 *  copied: they must outlive the index. */
typedef struct sa_suggest sa_suggest;

sa_suggest *sa_suggest_new(const char *const *candidates, size_t n);
/** As sa_suggest_closest(word, candidates, n), in the same order of preference. */
const char *sa_suggest_find(sa_suggest *s, const char *word);
/** Distance computations done so far by this index (for tests of its cost). */
size_t sa_suggest_work(const sa_suggest *s);
void sa_suggest_free(sa_suggest *s);

#endif
