/*
 * suggest.c — nearest-name suggestions; the policy is stated in suggest.h.
 */
#include "core/suggest.h"

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

static inline unsigned char fold(char c)
{
    return (unsigned char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
}

size_t sa_suggest_threshold(size_t len)
{
    if (len == 0)
        return 0;
    size_t t = (len + 1) / 3;
    return t ? t : 1;
}

size_t sa_suggest_distance(const char *a, size_t alen, const char *b, size_t blen, size_t cap)
{
    size_t far = cap + 1;
    if (alen > SA_SUGGEST_MAX_LEN || blen > SA_SUGGEST_MAX_LEN || (alen > blen ? alen - blen : blen - alen) > cap)
        return far;
    /* Two rows of the Levenshtein table, each computed only within `cap` of
     * the diagonal: a cell farther out needs more than cap edits, so it
     * holds `far`, and once a whole row exceeds cap so must the result. */
    size_t prev[SA_SUGGEST_MAX_LEN + 1], cur[SA_SUGGEST_MAX_LEN + 1];
    for (size_t j = 0; j <= blen; j++)
        prev[j] = j < far ? j : far;
    for (size_t i = 1; i <= alen; i++) {
        size_t lo = i > cap ? i - cap : 1;
        size_t hi = i + cap < blen ? i + cap : blen;
        cur[lo - 1] = lo == 1 && i < far ? i : far;
        size_t row_min = cur[lo - 1];
        for (size_t j = lo; j <= hi; j++) {
            size_t v = prev[j - 1] + (fold(a[i - 1]) != fold(b[j - 1]));
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            cur[j] = v < far ? v : far;
            if (cur[j] < row_min)
                row_min = cur[j];
        }
        if (hi < blen)
            cur[hi + 1] = far;
        if (row_min > cap)
            return far;
        memcpy(prev, cur, (blen + 1) * sizeof prev[0]);
    }
    return prev[blen];
}

/* ---- preference among candidates -------------------------------------------- */

typedef struct {
    const char *word;
    size_t len;
    size_t cap; /* the threshold, lowered to the best distance found so far */
    size_t best;  /* index of the preferred candidate, or SIZE_MAX */
    size_t best_d;
    size_t best_prefix;
} pick;

static size_t common_prefix(const char *a, const char *b)
{
    size_t i = 0;
    while (a[i] && fold(a[i]) == fold(b[i]))
        i++;
    return i;
}

static pick pick_start(const char *word)
{
    size_t len = word ? strlen(word) : 0;
    pick p = {word, len, sa_suggest_threshold(len), SIZE_MAX, 0, 0};
    if (len > SA_SUGGEST_MAX_LEN)
        p.len = 0, p.cap = 0; /* no suggestion for an overlong word */
    return p;
}

/* Weighs candidate number i; returns whether a distance was computed. */
static bool pick_consider(pick *p, size_t i, const char *cand, size_t clen)
{
    if (!p->len || (p->len > clen ? p->len - clen : clen - p->len) > p->cap)
        return false;
    size_t d = sa_suggest_distance(p->word, p->len, cand, clen, p->cap);
    if (d > p->cap)
        return true;
    size_t prefix = common_prefix(p->word, cand);
    if (p->best == SIZE_MAX || d < p->best_d || (d == p->best_d && prefix > p->best_prefix) ||
        (d == p->best_d && prefix == p->best_prefix && i < p->best)) {
        p->best = i;
        p->best_d = d;
        p->best_prefix = prefix;
        p->cap = d; /* a farther candidate can no longer win */
    }
    return true;
}

const char *sa_suggest_closest(const char *word, const char *const *candidates, size_t n)
{
    pick p = pick_start(word);
    for (size_t i = 0; i < n; i++)
        if (candidates[i])
            pick_consider(&p, i, candidates[i], strlen(candidates[i]));
    return p.best == SIZE_MAX ? NULL : candidates[p.best];
}

/* ---- the index ----------------------------------------------------------------- */

typedef struct {
    uint64_t hash; /* of a candidate, or of it less one character */
    size_t cand;
} key;

struct sa_suggest {
    const char **cand;
    size_t *len;      /* SIZE_MAX: not indexed (NULL or overlong) */
    uint64_t *chars;  /* set of characters, for a cheap lower bound */
    size_t *by_len;   /* candidate numbers ordered by length */
    size_t start[SA_SUGGEST_MAX_LEN + 2]; /* by_len[start[l]..start[l+1]) have length l */
    key *keys;
    size_t nkeys;
    uint32_t *seen; /* == epoch: already weighed in this query */
    uint32_t epoch;
    size_t n, work;
};

/* FNV-1a of the case-folded string without its character at `skip`. */
static uint64_t hash_without(const char *s, size_t len, size_t skip)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < len; i++) {
        if (i == skip)
            continue;
        h ^= fold(s[i]);
        h *= 0x100000001b3u;
    }
    return h;
}

static uint64_t char_set(const char *s, size_t len)
{
    uint64_t set = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = fold(s[i]);
        unsigned bit = c >= 'a' && c <= 'z'   ? (unsigned)(c - 'a')
                       : c >= '0' && c <= '9' ? 26u + (unsigned)(c - '0')
                                              : 36u + c % 28u;
        set |= UINT64_C(1) << bit;
    }
    return set;
}

static int key_cmp(const void *a, const void *b)
{
    const key *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return x->cand < y->cand ? -1 : x->cand > y->cand;
}

static void index_keys(sa_suggest *s)
{
    size_t total = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->len[i] != SIZE_MAX)
            total += s->len[i] + 1;
    s->keys = sa_xreallocarray(NULL, total ? total : 1, sizeof *s->keys);
    for (size_t i = 0; i < s->n; i++) {
        if (s->len[i] == SIZE_MAX)
            continue;
        s->keys[s->nkeys++] = (key){hash_without(s->cand[i], s->len[i], SIZE_MAX), i};
        for (size_t k = 0; k < s->len[i]; k++)
            s->keys[s->nkeys++] = (key){hash_without(s->cand[i], s->len[i], k), i};
    }
    assert(s->nkeys == total);
    qsort(s->keys, s->nkeys, sizeof *s->keys, key_cmp);
}

static void index_lengths(sa_suggest *s)
{
    size_t count[SA_SUGGEST_MAX_LEN + 2] = {0};
    for (size_t i = 0; i < s->n; i++)
        if (s->len[i] != SIZE_MAX)
            count[s->len[i] + 1]++;
    for (size_t l = 1; l <= SA_SUGGEST_MAX_LEN + 1; l++)
        count[l] += count[l - 1];
    memcpy(s->start, count, sizeof count);
    for (size_t i = 0; i < s->n; i++)
        if (s->len[i] != SIZE_MAX)
            s->by_len[count[s->len[i]]++] = i;
}

sa_suggest *sa_suggest_new(const char *const *candidates, size_t n)
{
    sa_suggest *s = sa_xcalloc(1, sizeof *s);
    s->n = n;
    s->cand = sa_xreallocarray(NULL, n ? n : 1, sizeof *s->cand);
    s->len = sa_xreallocarray(NULL, n ? n : 1, sizeof *s->len);
    s->chars = sa_xreallocarray(NULL, n ? n : 1, sizeof *s->chars);
    s->by_len = sa_xreallocarray(NULL, n ? n : 1, sizeof *s->by_len);
    s->seen = sa_xcalloc(n ? n : 1, sizeof *s->seen);
    for (size_t i = 0; i < n; i++) {
        s->cand[i] = candidates[i];
        size_t len = candidates[i] ? strlen(candidates[i]) : SIZE_MAX;
        s->len[i] = len <= SA_SUGGEST_MAX_LEN ? len : SIZE_MAX;
        s->chars[i] = s->len[i] != SIZE_MAX ? char_set(candidates[i], len) : 0;
    }
    index_lengths(s);
    index_keys(s);
    return s;
}

static void weigh(sa_suggest *s, pick *p, size_t i)
{
    if (s->seen[i] == s->epoch)
        return;
    s->seen[i] = s->epoch;
    if (pick_consider(p, i, s->cand[i], s->len[i]))
        s->work++;
}

/* Every candidate within one edit of the word shares a key with it: the
 * same string, or one of them less a character (insertion or deletion),
 * or both less the character at the same place (substitution). */
static void find_near(sa_suggest *s, pick *p)
{
    for (size_t k = 0; k <= p->len; k++) {
        uint64_t h = hash_without(p->word, p->len, k == p->len ? SIZE_MAX : k);
        size_t lo = 0, hi = s->nkeys;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (s->keys[mid].hash < h)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (; lo < s->nkeys && s->keys[lo].hash == h; lo++)
            weigh(s, p, s->keys[lo].cand);
    }
}

static size_t popcount64(uint64_t x)
{
    size_t n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

/* The candidates of a plausible length; a character of one string absent
 * from the other costs at least one edit, so the set difference bounds the
 * distance from below without computing it. */
static void find_far(sa_suggest *s, pick *p)
{
    uint64_t mine = char_set(p->word, p->len);
    size_t from = p->len > p->cap ? p->len - p->cap : 0;
    size_t to = p->len + p->cap < SA_SUGGEST_MAX_LEN ? p->len + p->cap : SA_SUGGEST_MAX_LEN;
    for (size_t l = from; l <= to; l++) {
        for (size_t b = s->start[l]; b < s->start[l + 1]; b++) {
            size_t i = s->by_len[b];
            if (popcount64(mine & ~s->chars[i]) > p->cap || popcount64(s->chars[i] & ~mine) > p->cap)
                continue;
            weigh(s, p, i);
        }
    }
}

const char *sa_suggest_find(sa_suggest *s, const char *word)
{
    pick p = pick_start(word);
    if (!p.len)
        return NULL;
    if (++s->epoch == 0) {
        memset(s->seen, 0, (s->n ? s->n : 1) * sizeof *s->seen);
        s->epoch = 1;
    }
    find_near(s, &p);
    if (p.best == SIZE_MAX || p.best_d > 1)
        find_far(s, &p);
    return p.best == SIZE_MAX ? NULL : s->cand[p.best];
}

size_t sa_suggest_work(const sa_suggest *s)
{
    return s->work;
}

void sa_suggest_free(sa_suggest *s)
{
    if (!s)
        return;
    free(s->cand);
    free(s->len);
    free(s->chars);
    free(s->by_len);
    free(s->keys);
    free(s->seen);
    free(s);
}
