/*
 * test_suggest.c — the one "did you mean" policy: distance, threshold,
 * preference, the same answer from YAML and XML, and the index's cost.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreement/agreement.h"
#include "core/buf.h"
#include "core/diag.h"
#include "core/fileio.h"
#include "core/suggest.h"
#include "spec/spec.h"

#define AGR_FIXTURES SA_TEST_DATA "/fixtures/agreement"
#define SCHEMA SA_SOURCE_DIR "/specs/schema/agreement.xsd"

static size_t dist(const char *a, const char *b, size_t cap)
{
    return sa_suggest_distance(a, strlen(a), b, strlen(b), cap);
}

static void test_distance(void **state)
{
    (void)state;
    assert_int_equal(dist("kitten", "sitting", 5), 3);
    assert_int_equal(dist("title", "titel", 5), 2);
    assert_int_equal(dist("KPI-2", "kpi-2", 5), 0); /* case is ignored */
    assert_int_equal(dist("", "abc", 5), 3);
    assert_int_equal(dist("abc", "", 5), 3);
    /* past the cap the answer is cap + 1, however far */
    assert_int_equal(dist("kitten", "sitting", 2), 3);
    assert_int_equal(dist("abcdef", "uvwxyz", 1), 2);
    assert_int_equal(dist("a", "abcdefgh", 3), 4);
    /* the banded computation agrees with the full one near the band's edge */
    assert_int_equal(dist("abcdefgh", "xabcdefg", 2), 2);
    assert_int_equal(dist("abcdefgh", "bcdefghx", 2), 2);
    assert_int_equal(dist("abcdefgh", "xxabcdef", 4), 4);
    char longer[SA_SUGGEST_MAX_LEN + 2];
    memset(longer, 'a', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    assert_int_equal(dist(longer, longer, 3), 4); /* overlong: never matched */
}

static void test_threshold(void **state)
{
    (void)state;
    /* one edit per three characters, rounded, at least one */
    assert_int_equal(sa_suggest_threshold(0), 0);
    assert_int_equal(sa_suggest_threshold(1), 1);
    assert_int_equal(sa_suggest_threshold(4), 1);
    assert_int_equal(sa_suggest_threshold(5), 2);
    assert_int_equal(sa_suggest_threshold(7), 2);
    assert_int_equal(sa_suggest_threshold(8), 3);
    assert_int_equal(sa_suggest_threshold(16), 5);
}

static void test_closest_prefers_nearest_then_prefix_then_order(void **state)
{
    (void)state;
    const char *names[] = {"title", NULL, "scope", "check", "tittle"};
    assert_string_equal(sa_suggest_closest("titel", names, 5), "title");
    assert_string_equal(sa_suggest_closest("scpoe", names, 5), "scope");
    assert_null(sa_suggest_closest("zzzzz", names, 5));
    assert_null(sa_suggest_closest("", names, 5));
    assert_null(sa_suggest_closest("titel", names, 0));
    /* "workdays_between": 4 edits from working_days_between, within 16 / 3 */
    const char *fns[] = {"days_between", "working_days_between", "hours_between"};
    assert_string_equal(sa_suggest_closest("workdays_between", fns, 3), "working_days_between");
    /* equal distance: the longer shared prefix wins, then the earlier */
    const char *tie[] = {"xbcd", "abcx", "abxd"};
    assert_string_equal(sa_suggest_closest("abcd", tie, 3), "abcx");
    const char *tie2[] = {"abcx", "abcy"};
    assert_string_equal(sa_suggest_closest("abcd", tie2, 2), "abcx");
}

/* The index answers exactly as the scan does, on words near and far. */
static void test_index_agrees_with_scan(void **state)
{
    (void)state;
    const char *cands[] = {"referrals", "admissions", "advice_rota", NULL, "declarations",
                           "SPC-1",     "SPC-4",      "KPI-2",       "ab", "referral_id",
                           "urgency",   "received_at"};
    size_t n = sizeof cands / sizeof cands[0];
    const char *words[] = {"referals", "admisions", "SCP-4", "KPI2", "kpi-3", "a", "b", "abc",
                           "zzzzzzzz", "urgncy",    "recieved_at", "declaration", "refferal_id",
                           "advise_rota", ""};
    sa_suggest *s = sa_suggest_new(cands, n);
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        const char *want = sa_suggest_closest(words[i], cands, n);
        const char *got = sa_suggest_find(s, words[i]);
        if (want != got)
            fail_msg("%s: scan says %s, index says %s", words[i], want ? want : "(none)",
                     got ? got : "(none)");
    }
    assert_string_equal(sa_suggest_find(s, "SCP-4"), "SPC-4");
    sa_suggest_free(s);
}

/* Many unknown ids against a large specification: each query weighs only
 * the candidates it could plausibly mean, not the whole list. */
static void test_index_scale(void **state)
{
    (void)state;
    enum { NCAND = 20000, NWORDS = 40000 };
    char (*cand)[16] = malloc(NCAND * sizeof *cand);
    const char **ptrs = malloc(NCAND * sizeof *ptrs);
    assert_non_null(cand);
    assert_non_null(ptrs);
    for (size_t i = 0; i < NCAND; i++) {
        snprintf(cand[i], sizeof cand[i], "REQ-%05zu", i);
        ptrs[i] = cand[i];
    }
    sa_suggest *s = sa_suggest_new(ptrs, NCAND);
    size_t found = 0, far = 0;
    for (size_t i = 0; i < NWORDS; i++) {
        char word[32];
        /* three in four are one edit from an id (a digit out of range, a dropped
         * dash, a lower-case prefix); one in four resembles nothing */
        switch (i % 4) {
        case 0: snprintf(word, sizeof word, "REQ-%05zu", 20000 + i); break;
        case 1: snprintf(word, sizeof word, "REQ%05zu", i % NCAND); break;
        case 2: snprintf(word, sizeof word, "req-%05zux", i % NCAND); break;
        default: snprintf(word, sizeof word, "provider-%zu-unknown", i); break;
        }
        const char *got = sa_suggest_find(s, word);
        if (got)
            found++;
        else
            far++;
    }
    assert_int_equal(found, NWORDS / 4 * 3);
    assert_int_equal(far, NWORDS / 4);
    /* a scan would compute NWORDS * NCAND = 8e8 distances */
    size_t work = sa_suggest_work(s);
    printf("distances computed: %zu for %d words against %d ids\n", work, NWORDS, NCAND);
    assert_true(work < (size_t)NWORDS * 64);
    sa_suggest_free(s);
    free(ptrs);
    free(cand);
}

static const sa_diag *find_code(const sa_diags *d, const char *code)
{
    for (size_t i = 0; i < sa_diags_count(d); i++)
        if (strcmp(sa_diags_at(d, i)->code, code) == 0)
            return sa_diags_at(d, i);
    return NULL;
}

static char *replace_all(const char *text, const char *from, const char *to)
{
    sa_buf b = SA_BUF_INIT;
    for (const char *p = text, *hit; *p; p = hit + strlen(from)) {
        hit = strstr(p, from);
        if (!hit) {
            sa_buf_puts(&b, p);
            break;
        }
        sa_buf_append(&b, p, (size_t)(hit - p));
        sa_buf_puts(&b, to);
    }
    char *out = strdup(sa_buf_cstr(&b));
    sa_buf_free(&b);
    return out;
}

/* "SCP-4" for "SPC-4" (two edits in five characters) gets the same
 * suggestion where a specification names a dataset and where an agreement
 * names a requirement. */
static void test_same_typo_same_suggestion_yaml_and_xml(void **state)
{
    (void)state;
    char *spec_text = NULL;
    size_t spec_len = 0;
    sa_diags *d = sa_diags_new();
    assert_int_equal(sa_file_read_all(AGR_FIXTURES "/spec.yaml", 1u << 20, &spec_text, &spec_len, d), 0);

    /* YAML: the dataset advice_rota renamed SPC-4, and its check misspelling it */
    char *renamed = replace_all(spec_text, "advice_rota:", "SPC-4:");
    char *yaml = replace_all(renamed, "dataset: advice_rota", "dataset: SCP-4");
    sa_spec *bad = sa_spec_load_buffer("t.yaml", yaml, strlen(yaml), NULL, d);
    const sa_diag *y = NULL;
    for (size_t i = 0; i < sa_diags_count(d) && !y; i++)
        if (strstr(sa_diags_at(d, i)->message, "SCP-4"))
            y = sa_diags_at(d, i);
    assert_non_null(y);
    assert_non_null(strstr(y->message, "did you mean 'SPC-4'?"));
    sa_spec_free(bad);
    sa_diags_free(d);

    /* XML: an agreement excluding requirement SCP-4 of the original specification */
    d = sa_diags_new();
    sa_spec *spec = sa_spec_load_buffer("spec.yaml", spec_text, spec_len, NULL, d);
    assert_non_null(spec);
    const char *xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<agreement xmlns=\"urn:specaudit:agreement:1\" id=\"HOA-T\" version=\"1\">\n"
        "  <commissioner code=\"5XX\">Example PCT</commissioner>\n"
        "  <provider code=\"8HX01\" kind=\"hospice\">Example Hospice</provider>\n"
        "  <term from=\"2007-04-01\" to=\"2008-03-31\"/>\n"
        "  <specification id=\"fixture-spc\" version=\"2007.1\"/>\n"
        "  <exclude requirement=\"SCP-4\" reason=\"r\"/>\n"
        "  <signed by=\"Director\" on=\"2007-03-20\"/>\n"
        "</agreement>\n";
    sa_agreement *ag = sa_agreement_load_buffer("x.xml", xml, strlen(xml), SCHEMA, d);
    assert_non_null(ag);
    sa_agreement_bind(&ag, 1, &spec, 1, SA_DATE_NONE, d);
    const sa_diag *x = find_code(d, "E-AGR-UNKNOWN-REQUIREMENT");
    assert_non_null(x);
    assert_non_null(strstr(x->message, "did you mean SPC-4?"));
    sa_agreement_free(ag);
    sa_spec_free(spec);
    sa_diags_free(d);
    free(yaml);
    free(renamed);
    free(spec_text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_distance),
        cmocka_unit_test(test_threshold),
        cmocka_unit_test(test_closest_prefers_nearest_then_prefix_then_order),
        cmocka_unit_test(test_index_agrees_with_scan),
        cmocka_unit_test(test_index_scale),
        cmocka_unit_test(test_same_typo_same_suggestion_yaml_and_xml),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
