/*
 * test_report.c — every report format on hand-built result sets, compared
 * with golden files under tests/golden/report/.
 *
 * Regenerate the golden files after an intended output change with
 *   SA_UPDATE_GOLDEN=1 ctest --test-dir <build> -R report
 * and review the diff before committing it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "core/diag.h"
#include "core/fileio.h"
#include "report/report.h"
#include "report_cases.h"

typedef struct golden_format {
    sa_format format;
    bool color;
    bool verbose;
    const char *ext;
} golden_format;

static const golden_format golden_formats[] = {
    {SA_FORMAT_TEXT, false, false, "txt"},
    {SA_FORMAT_TEXT, true, true, "verbose-color.txt"},
    {SA_FORMAT_JSON, false, false, "json"},
    {SA_FORMAT_JUNIT, false, false, "junit.xml"},
    {SA_FORMAT_HTML, false, false, "html"},
    {SA_FORMAT_CSV, false, false, "csv"},
    {SA_FORMAT_MD, false, false, "md"},
    {SA_FORMAT_SARIF, false, false, "sarif"},
};
#define NFORMATS (sizeof golden_formats / sizeof golden_formats[0])

static char *render(const sa_result_set *rs, sa_format f, bool color, bool verbose, size_t *len)
{
    sa_report_options opts = {color, verbose};
    sa_buf b = SA_BUF_INIT;
    assert_int_equal(sa_report_render(rs, f, &opts, &b), 0);
    *len = b.len;
    return sa_buf_detach(&b);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    sa_buf b = SA_BUF_INIT;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sa_buf_append(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return sa_buf_detach(&b);
}

/* Reports the first differing line so a failure is readable in ctest output. */
static void report_first_difference(const char *path, const char *want, const char *got)
{
    size_t line = 1;
    const char *w = want, *g = got;
    while (*w && *g && *w == *g) {
        if (*w == '\n')
            line++;
        w++;
        g++;
    }
    const char *wl = w, *gl = g;
    while (wl > want && wl[-1] != '\n')
        wl--;
    while (gl > got && gl[-1] != '\n')
        gl--;
    fprintf(stderr, "%s: differs at line %zu\n  golden: %.*s\n  actual: %.*s\n", path, line,
            (int)strcspn(wl, "\n"), wl, (int)strcspn(gl, "\n"), gl);
}

static void test_golden(void **state)
{
    (void)state;
    bool update = getenv("SA_UPDATE_GOLDEN") && *getenv("SA_UPDATE_GOLDEN") == '1';
    int failures = 0;
    for (size_t c = 0; c < RC_NCASES; c++) {
        sa_result_set *rs = rc_cases[c].build();
        for (size_t f = 0; f < NFORMATS; f++) {
            const golden_format *gf = &golden_formats[f];
            size_t len = 0;
            char *got = render(rs, gf->format, gf->color, gf->verbose, &len);
            char path[512];
            snprintf(path, sizeof path, "%s/golden/report/%s.%s", SA_TEST_DATA, rc_cases[c].name,
                     gf->ext);
            if (update) {
                sa_diags *d = sa_diags_new();
                assert_int_equal(sa_write_file_atomic(path, got, len, d), 0);
                sa_diags_free(d);
            } else {
                size_t wlen = 0;
                char *want = slurp(path, &wlen);
                if (!want) {
                    fprintf(stderr, "%s: missing golden file (run with SA_UPDATE_GOLDEN=1)\n", path);
                    failures++;
                } else if (wlen != len || memcmp(want, got, len) != 0) {
                    report_first_difference(path, want, got);
                    failures++;
                }
                free(want);
            }
            /* Deterministic: rendering twice gives the same bytes. */
            size_t len2 = 0;
            char *again = render(rs, gf->format, gf->color, gf->verbose, &len2);
            assert_int_equal(len, len2);
            assert_memory_equal(got, again, len);
            free(again);
            free(got);
        }
        sa_result_set_free(rs);
    }
    assert_int_equal(failures, 0);
}

static void test_format_names(void **state)
{
    (void)state;
    static const char *const names[] = {"text", "json", "junit", "html", "csv", "md", "sarif"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        sa_format f;
        assert_true(sa_format_parse(names[i], &f));
        assert_string_equal(sa_format_name(f), names[i]);
    }
    sa_format f = SA_FORMAT_TEXT;
    assert_true(sa_format_parse("markdown", &f));
    assert_int_equal(f, SA_FORMAT_MD);
    assert_false(sa_format_parse("pdf", &f));
    assert_false(sa_format_parse("", &f));
    assert_false(sa_format_parse(NULL, &f));
    assert_string_equal(sa_format_name((sa_format)99), "?");
}

static bool contains(const char *hay, const char *needle)
{
    return strstr(hay, needle) != NULL;
}

/* Provider-supplied text never reaches any format unescaped. */
static void test_hostile_text_escaped(void **state)
{
    (void)state;
    sa_result_set *rs = case_hostile();
    size_t len;
    char *html = render(rs, SA_FORMAT_HTML, false, false, &len);
    assert_false(contains(html, "<script"));
    assert_false(contains(html, "<img"));
    assert_false(contains(html, "<a href=\"javascript"));
    assert_false(contains(html, "<b>bold"));
    assert_false(contains(html, "</td></tr><tr><td>injected"));
    assert_true(contains(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Hospice"));
    assert_false(contains(html, "\xe2\x80\xae"));
    free(html);

    char *csv = render(rs, SA_FORMAT_CSV, false, false, &len);
    assert_true(contains(csv, "\"'=1+1\""));
    assert_true(contains(csv, "\"'+SUM(A1:A9)\n@cmd -2\""));
    assert_true(contains(csv, "\"'-100% \"\"quoted\"\" summary\""));
    assert_false(contains(csv, ",=1+1"));
    free(csv);

    /* Spreadsheets: one UTF-8 byte order mark first, so Excel decodes an
     * accented name ("É" is C3 89) as written; the cells after it are as
     * neutralised as without it. */
    rs->results[0].provider_name = "=Hospice de l'\xc3\x89v\xc3\xaaque";
    csv = render(rs, SA_FORMAT_CSV, false, false, &len);
    assert_true(len > 3 && memcmp(csv, "\xef\xbb\xbf" "specification,", 17) == 0);
    assert_false(contains(csv + 3, "\xef\xbb\xbf"));
    assert_true(contains(csv, ",\"'=Hospice de l'\xc3\x89v\xc3\xaaque\","));
    assert_false(contains(csv, ",=Hospice"));
    free(csv);

    char *text = render(rs, SA_FORMAT_TEXT, false, true, &len);
    assert_false(contains(text, "\x1b"));
    assert_false(contains(text, "\xe2\x80\xae"));
    assert_false(contains(text, "\xc2\x9b"));
    assert_false(contains(text, "Line one\nline two"));
    free(text);

    char *md = render(rs, SA_FORMAT_MD, false, true, &len);
    assert_false(contains(md, "<script"));
    assert_false(contains(md, "Title with | pipe"));
    assert_false(contains(md, "\xe2\x80\xae"));
    free(md);

    char *junit = render(rs, SA_FORMAT_JUNIT, false, false, &len);
    assert_false(contains(junit, "<script"));
    assert_false(contains(junit, "<b>NICE"));
    free(junit);

    /* The description, guidance, waiver note and agreement are provider text too. */
    html = render(rs, SA_FORMAT_HTML, false, false, &len);
    assert_false(contains(html, "<script>alert('d')"));
    assert_false(contains(html, "<b>NICE"));
    assert_false(contains(html, "<i>2007"));
    assert_false(contains(html, "<img src=x>"));
    assert_false(contains(html, "<b>HOA"));
    free(html);
    md = render(rs, SA_FORMAT_MD, false, true, &len);
    assert_false(contains(md, "| col |"));
    assert_false(contains(md, "<b>HOA"));
    free(md);
    csv = render(rs, SA_FORMAT_CSV, false, false, &len);
    assert_false(contains(csv, ",=HYPERLINK"));
    free(csv);
    text = render(rs, SA_FORMAT_TEXT, false, true, &len);
    assert_false(contains(text, "\xe2\x80\xae"));
    assert_false(contains(text, "*em*\nnext line"));
    free(text);
    sa_result_set_free(rs);
}

static double xpath_number(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    assert_non_null(ctx);
    xmlXPathObjectPtr obj = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
    assert_non_null(obj);
    double v = xmlXPathCastToNumber(obj);
    xmlXPathFreeObject(obj);
    xmlXPathFreeContext(ctx);
    return v;
}

static xmlDocPtr parse_xml(const char *data, size_t len)
{
    xmlDocPtr doc = xmlReadMemory(data, (int)len, "report.xml", "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR);
    assert_non_null(doc);
    return doc;
}

/* The JUnit report is well-formed XML whose structure matches the results. */
static void test_junit_parses(void **state)
{
    (void)state;
    for (size_t c = 0; c < RC_NCASES; c++) {
        sa_result_set *rs = rc_cases[c].build();
        size_t len;
        char *xml = render(rs, SA_FORMAT_JUNIT, false, false, &len);
        xmlDocPtr doc = parse_xml(xml, len);
        /* One testcase per verdict: a provider's share of a system-wide
         * requirement is no verdict, no testcase and no count. */
        assert_int_equal((int)xpath_number(doc, "count(/testsuites/testsuite/testcase)"),
                         (int)rs->summary.verdicts);
        assert_int_equal((int)xpath_number(doc, "sum(/testsuites/testsuite/@tests)"), (int)rs->summary.verdicts);
        assert_int_equal((int)xpath_number(doc, "number(/testsuites/@tests)"), (int)rs->summary.verdicts);
        /* A failure is what counts against compliance (core's rule). */
        int failures = 0, errors = 0, shares = 0;
        for (size_t i = 0; i < rs->nresults; i++) {
            const sa_result *r = &rs->results[i];
            if (sa_result_is_failure(r) && r->verdict != SA_VERDICT_ERROR)
                failures++;
            if (sa_result_is_failure(r) && r->verdict == SA_VERDICT_ERROR)
                errors++;
            if (r->scope == SA_SCOPE_SYSTEM && r->provider_code)
                shares++;
        }
        assert_true(c != 1 || shares == 2);
        assert_int_equal(shares, (int)rs->summary.shares);
        /* Every suite carries the overall status and the headline. */
        assert_int_equal((int)xpath_number(doc, "count(//testsuite[not(properties/property[@name='headline'])])"), 0);
        assert_int_equal((int)xpath_number(doc, "count(//testcase/failure)"), failures);
        assert_int_equal((int)xpath_number(doc, "number(/testsuites/@failures)"), failures);
        assert_int_equal((int)xpath_number(doc, "count(//testcase/error)"), errors);
        int skipped = 0;
        for (size_t i = 0; i < rs->nresults; i++) {
            const sa_result *r = &rs->results[i];
            bool share = r->scope == SA_SCOPE_SYSTEM && r->provider_code;
            if (!share && (r->verdict == SA_VERDICT_NOT_ASSESSABLE || r->verdict == SA_VERDICT_EXCLUDED ||
                           r->verdict == SA_VERDICT_WAIVED))
                skipped++;
        }
        assert_int_equal((int)xpath_number(doc, "count(//testcase/skipped)"), skipped);
        assert_int_equal((int)xpath_number(doc, "sum(/testsuites/testsuite/@skipped)"), skipped);
        xmlFreeDoc(doc);
        free(xml);
        sa_result_set_free(rs);
    }
    /* One testsuite per provider plus one for the system-wide rows. */
    sa_result_set *rs = case_not_assessable();
    size_t len;
    char *xml = render(rs, SA_FORMAT_JUNIT, false, false, &len);
    xmlDocPtr doc = parse_xml(xml, len);
    assert_int_equal((int)xpath_number(doc, "count(/testsuites/testsuite)"), 3);
    assert_int_equal((int)xpath_number(doc, "count(/testsuites/testsuite[@name='System-wide']/testcase/error)"), 1);
    xmlFreeDoc(doc);
    free(xml);
    sa_result_set_free(rs);
}

/* The SARIF log lists every requirement as a rule, and one result per
 * requirement x provider that is not met. */
static void test_sarif_rules(void **state)
{
    (void)state;
    sa_result_set *rs = case_mixed_gaps();
    size_t len;
    char *s = render(rs, SA_FORMAT_SARIF, false, false, &len);
    assert_true(contains(s, "\"version\": \"2.1.0\""));
    static const char *const ids[] = {"CON-1", "CON-2", "CON-3", "CON-5", "CON-6", "RET-1"};
    for (size_t i = 0; i < 6; i++) {
        char needle[64];
        snprintf(needle, sizeof needle, "\"id\": \"%s\"", ids[i]);
        assert_true(contains(s, needle));
    }
    size_t results = 0;
    for (const char *p = s; (p = strstr(p, "\"ruleId\"")) != NULL; p++)
        results++;
    /* CON-6 and the system-wide CON-2 are met: every other verdict is
     * reported; the two provider shares of CON-2 are no verdicts, no results. */
    assert_int_equal(results, 4);
    assert_false(contains(s, "\"kind\": \"informational\""));
    /* The run says its status, and the specification is an artifact with its checksum. */
    assert_true(contains(s, "\"status\": \"not_compliant\""));
    assert_true(contains(s, "\"artifacts\": [\n        {\"location\": {\"uri\": \"specs/consortium-consultants.yaml\", "
                            "\"uriBaseId\": \"%SRCROOT%\"}"));
    /* Without a known position a result points at the spec file's first line
     * (SARIF wants a region; code scanning annotates a line) ... */
    assert_true(contains(s, "\"index\": 0}, \"region\": {\"startLine\": 1, \"startColumn\": 1}}"));
    /* ... each provider's result fingerprinted apart ... */
    assert_true(contains(s, "\"partialFingerprints\": {\"requirementProvider/v1\": \"consortium-consultants/CON-1/8HX02\"}"));
    assert_true(contains(s, "\"partialFingerprints\": {\"requirementProvider/v1\": \"consortium-consultants/CON-5/RXA\"}"));
    free(s);
    /* ... with one, at the requirement's line and column, for annotations. */
    for (size_t i = 0; i < rs->nresults; i++) {
        rs->results[i].requirement_line = (uint32_t)(40 + i);
        rs->results[i].requirement_col = 5;
    }
    s = render(rs, SA_FORMAT_SARIF, false, false, &len);
    assert_true(contains(s, "\"index\": 0}, \"region\": {\"startLine\": 40, \"startColumn\": 5}}"));
    free(s);
    sa_result_set_free(rs);
}

static void test_json_numbers_and_nulls(void **state)
{
    (void)state;
    sa_result_set *rs = case_waived_excluded();
    size_t len;
    char *j = render(rs, SA_FORMAT_JSON, false, false, &len);
    assert_true(contains(j, "\"format_version\": 3"));
    assert_true(contains(j, "\"value\": 74.125874"));
    assert_true(contains(j, "\"original_target\": \">= 80%\""));
    assert_true(contains(j, "\"until\": \"2008-03-31\""));
    assert_true(contains(j, "\"waived\": 1"));
    assert_true(contains(j, "\"measured\": null"));
    /* A waiver that changed nothing is no waiver, only a note saying so. */
    assert_true(contains(j, "\"waiver\": null,\n      \"waiver_note\": \"waiver expired 2007-03-31, not applied\""));
    assert_true(contains(j, "\"status\": \"not_compliant\""));
    free(j);
    sa_result_set_free(rs);

    sa_result_set *empty = sa_result_set_new();
    j = render(empty, SA_FORMAT_JSON, false, false, &len);
    assert_true(contains(j, "\"results\": []"));
    assert_true(contains(j, "\"from\": null"));
    free(j);
    sa_result_set_free(empty);
}

/* Every format copes with an empty set and with results whose optional
 * strings are all absent (NULL), and still produces well-formed output. */
static void test_sparse_results(void **state)
{
    (void)state;
    sa_result_set *empty = sa_result_set_new();
    sa_result_set *sparse = sa_result_set_new();
    sa_result *r = sa_result_set_add(sparse);
    r->verdict = SA_VERDICT_NOT_MET;
    r->has_measured = true;
    r->measured = INFINITY; /* not finite: printed as null / n/a */
    r = sa_result_set_add(sparse);
    r->verdict = SA_VERDICT_ERROR;
    r->provider_code = "RXX";
    sa_result_set_tally(sparse);
    sa_result_set *sets[] = {empty, sparse};
    for (size_t i = 0; i < 2; i++) {
        for (size_t f = 0; f < NFORMATS; f++) {
            size_t len;
            char *out = render(sets[i], golden_formats[f].format, false, true, &len);
            assert_true(len > 0);
            assert_int_equal(strlen(out), len);
            if (golden_formats[f].format == SA_FORMAT_JUNIT) {
                xmlDocPtr doc = parse_xml(out, len);
                xmlFreeDoc(doc);
            }
            if (golden_formats[f].format == SA_FORMAT_JSON && i == 1)
                assert_true(contains(out, "\"value\": null"));
            free(out);
        }
    }
    sa_result_set_free(empty);
    sa_result_set_free(sparse);
}

/* Colour only when asked. */
static void test_text_color(void **state)
{
    (void)state;
    sa_result_set *rs = case_mixed_gaps();
    size_t len;
    char *plain = render(rs, SA_FORMAT_TEXT, false, false, &len);
    assert_false(contains(plain, "\x1b["));
    char *colored = render(rs, SA_FORMAT_TEXT, true, false, &len);
    assert_true(contains(colored, "\x1b["));
    char *verbose = render(rs, SA_FORMAT_TEXT, false, true, &len);
    assert_true(strlen(verbose) > strlen(plain));
    /* Verbose shows every example; the summary does not. */
    assert_true(contains(verbose, "unmatched job title"));
    free(plain);
    free(colored);
    free(verbose);
    sa_result_set_free(rs);
}

/* A large result set still gives a Markdown summary that fits a pull-request
 * comment (GitHub: 65 536 characters), saying that evidence was left out. */
static void test_md_fits_comment(void **state)
{
    (void)state;
    sa_result_set *rs = rc_set("big", "Many providers", "Example ICB", "QXX");
    for (int p = 0; p < 100; p++) {
        char code[16];
        snprintf(code, sizeof code, "8H%03d", p);
        sa_result *r = rc_add(rs, "BIG-1", "Urgent referrals contacted within 1 working day",
                              SA_SEVERITY_MAJOR, "proportion", code, "A hospice with a long name", SA_VERDICT_NOT_MET);
        rc_target_set(rs, r, ">= 90%");
        rc_measure(r, 50, "%", 10, 20);
        r->summary = "50% of urgent referrals (10/20) vs target >= 90%";
        for (int e = 0; e < 20; e++)
            rc_example(rs, r, 20, "returns/referrals.csv", (uint64_t)(e + 2),
                       "referral contacted after 3 working days, well past the agreed limit");
        r->examples_total = 20;
    }
    sa_result_set_tally(rs);
    size_t len;
    char *md = render(rs, SA_FORMAT_MD, false, false, &len);
    assert_true(len < 65536);
    assert_true(contains(md, "left out to fit a comment"));
    assert_true(contains(md, "</details>"));
    free(md);
    sa_result_set_free(rs);
}

static bool leftover_temporaries(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | grep -q '^\\.'", dir);
    return system(cmd) == 0;
}

/* A failed write leaves neither a partial file nor a temporary behind, and
 * an existing report is not replaced by a truncated one. */
static void test_atomic_write(void **state)
{
    (void)state;
    sa_result_set *rs = case_mixed_gaps();
    sa_diags *d = sa_diags_new();

    char dir[] = "/tmp/sa-report-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[600];
    snprintf(path, sizeof path, "%s/missing/report.html", dir);
    assert_int_equal(sa_report_write(rs, SA_FORMAT_HTML, NULL, path, d), -1);
    assert_true(sa_diags_total_code(d, "E-IO-WRITE") >= 1);
    struct stat st;
    assert_int_not_equal(stat(path, &st), 0);

    /* /dev/full accepts the open and fails the write. */
    if (access("/dev/full", W_OK) == 0) {
        uint64_t before = sa_diags_total_code(d, "E-IO-WRITE");
        assert_int_equal(sa_report_write(rs, SA_FORMAT_JSON, NULL, "/dev/full", d), -1);
        assert_true(sa_diags_total_code(d, "E-IO-WRITE") > before);
    }

    /* A device is written in place, never replaced by a regular file. */
    assert_int_equal(sa_report_write(rs, SA_FORMAT_CSV, NULL, "/dev/null", d), 0);
    assert_int_equal(stat("/dev/null", &st), 0);
    assert_true(S_ISCHR(st.st_mode));

    /* A file-size limit makes the write fail part-way through. */
    snprintf(path, sizeof path, "%s/report.json", dir);
    assert_int_equal(sa_write_file_atomic(path, "old report\n", 11, d), 0);
    struct rlimit old;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = {512, old.rlim_max};
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    int rc = sa_report_write(rs, SA_FORMAT_HTML, NULL, path, d);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, prev);
    assert_int_equal(rc, -1);
    size_t len = 0;
    char *kept = slurp(path, &len);
    assert_non_null(kept);
    assert_string_equal(kept, "old report\n");
    free(kept);
    assert_false(leftover_temporaries(dir));

    /* And a successful write replaces it whole. */
    assert_int_equal(sa_report_write(rs, SA_FORMAT_JSON, NULL, path, d), 0);
    kept = slurp(path, &len);
    sa_buf want = SA_BUF_INIT;
    sa_report_render(rs, SA_FORMAT_JSON, NULL, &want);
    assert_int_equal(len, want.len);
    assert_memory_equal(kept, want.data, len);
    sa_buf_free(&want);
    free(kept);
    assert_false(leftover_temporaries(dir));
    unlink(path);
    rmdir(dir);

    sa_diags_free(d);
    sa_result_set_free(rs);
}

/* A result row with only what the summary reads. */
static sa_result *summary_row(sa_result_set *rs, const char *req, sa_req_severity sev, const char *code,
                              sa_scope scope, sa_verdict v)
{
    sa_result *r = sa_result_set_add(rs);
    r->requirement_id = req;
    r->severity = sev;
    r->provider_code = code;
    r->scope = scope;
    r->verdict = v;
    return r;
}

/* The one summary every format prints: shares in no count, requirements
 * counted once per severity, the status following --fail-on, the roll-out
 * option changing only whether the run passes. */
static void test_summary_status(void **state)
{
    (void)state;
    sa_result_set *rs = sa_result_set_new();
    sa_result_set_tally(rs);
    assert_int_equal(rs->summary.status, SA_STATUS_NOT_DEMONSTRATED);
    assert_string_equal(rs->summary.headline, "Compliance not demonstrated: no requirement was assessed.");
    assert_false(rs->summary.passes);

    /* A critical requirement met by one provider and without evidence for another; a
     * system-wide major requirement met, with two shares that alone fall short; a
     * minor requirement not met. */
    summary_row(rs, "C-1", SA_SEVERITY_CRITICAL, "A", SA_SCOPE_PROVIDER, SA_VERDICT_MET);
    summary_row(rs, "C-1", SA_SEVERITY_CRITICAL, "B", SA_SCOPE_PROVIDER, SA_VERDICT_NOT_ASSESSABLE);
    summary_row(rs, "M-1", SA_SEVERITY_MAJOR, NULL, SA_SCOPE_SYSTEM, SA_VERDICT_MET);
    summary_row(rs, "M-1", SA_SEVERITY_MAJOR, "A", SA_SCOPE_SYSTEM, SA_VERDICT_NOT_MET);
    summary_row(rs, "M-1", SA_SEVERITY_MAJOR, "B", SA_SCOPE_SYSTEM, SA_VERDICT_NOT_MET);
    summary_row(rs, "N-1", SA_SEVERITY_MINOR, "A", SA_SCOPE_PROVIDER, SA_VERDICT_NOT_MET);
    summary_row(rs, "N-1", SA_SEVERITY_MINOR, "B", SA_SCOPE_PROVIDER, SA_VERDICT_PARTIALLY_MET);
    sa_result_set_tally(rs);
    const sa_summary *s = &rs->summary;
    assert_int_equal(s->results, 7);
    assert_int_equal(s->verdicts, 5);
    assert_int_equal(s->shares, 2);
    assert_int_equal(s->verdict_counts[SA_VERDICT_NOT_MET], 1); /* the shares are not in it */
    assert_int_equal(s->failures, 2);
    assert_int_equal(s->by_severity[SA_SEVERITY_CRITICAL].requirements, 1);
    assert_int_equal(s->by_severity[SA_SEVERITY_CRITICAL].not_demonstrated, 1);
    assert_int_equal(s->by_severity[SA_SEVERITY_MAJOR].falling_short, 0);
    assert_int_equal(s->by_severity[SA_SEVERITY_MINOR].requirements, 1);
    assert_int_equal(s->by_severity[SA_SEVERITY_MINOR].falling_short, 1);
    assert_int_equal(s->status, SA_STATUS_NOT_COMPLIANT);
    assert_string_equal(s->headline, "Not compliant: 2 of 5 verdicts fall short of the specification, and 1 more "
                                     "has no usable evidence.");

    /* --fail-on major: the minor shortfalls no longer decide; the missing evidence does. */
    rs->fail_on = SA_SEVERITY_MAJOR;
    sa_result_set_tally(rs);
    assert_int_equal(rs->summary.status, SA_STATUS_NOT_DEMONSTRATED);
    assert_string_equal(rs->summary.headline,
                        "Compliance not demonstrated: 1 of 3 verdicts on critical and major requirements has no "
                        "usable evidence; none of the others falls short; 2 verdicts below that severity also fall "
                        "short.");
    assert_false(rs->summary.passes);
    const char *words = rs->summary.headline;
    rs->accept_not_assessable = true;
    sa_result_set_tally(rs);
    assert_true(rs->summary.passes);
    assert_string_equal(rs->summary.headline, words);

    /* With the evidence there, compliant at that severity. */
    rs->results[1].verdict = SA_VERDICT_WAIVED;
    rs->accept_not_assessable = false;
    sa_result_set_tally(rs);
    assert_int_equal(rs->summary.status, SA_STATUS_COMPLIANT);
    assert_true(rs->summary.passes);
    sa_result_set_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_names),
        cmocka_unit_test(test_summary_status),
        cmocka_unit_test(test_golden),
        cmocka_unit_test(test_hostile_text_escaped),
        cmocka_unit_test(test_junit_parses),
        cmocka_unit_test(test_sarif_rules),
        cmocka_unit_test(test_json_numbers_and_nulls),
        cmocka_unit_test(test_sparse_results),
        cmocka_unit_test(test_text_color),
        cmocka_unit_test(test_md_fits_comment),
        cmocka_unit_test(test_atomic_write),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
