/* test_agreement.c — heads of agreement: secure loading, schema validation, positions,
 * binding to specifications, and every invalid fixture in tests/fixtures/agreement/invalid
 * (listed with its expected code and line in expected.tsv). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "agreement/agreement.h"
#include "core/buf.h"
#include "core/diag.h"
#include "spec/spec.h"

#define FIXTURES SA_TEST_DATA "/fixtures/agreement"
#define SCHEMA SA_SOURCE_DIR "/specs/schema/agreement.xsd"

static sa_date date(const char *iso)
{
    sa_date d = SA_DATE_NONE;
    assert_true(sa_date_parse_iso(iso, strlen(iso), &d));
    return d;
}

static bool ends_with(const char *s, const char *suffix)
{
    if (!s)
        return false;
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Prints the diagnostics so a failing assertion shows what was reported. */
static void dump(const sa_diags *d)
{
    for (size_t i = 0; i < sa_diags_count(d); i++) {
        sa_buf b = SA_BUF_INIT;
        sa_diag_format_text(sa_diags_at(d, i), &b);
        fprintf(stderr, "  %s\n", sa_buf_cstr(&b));
        sa_buf_free(&b);
    }
}

static const sa_diag *find_code(const sa_diags *d, const char *code)
{
    for (size_t i = 0; i < sa_diags_count(d); i++)
        if (strcmp(sa_diags_at(d, i)->code, code) == 0)
            return sa_diags_at(d, i);
    return NULL;
}

static sa_spec *load_fixture_spec(sa_diags *d)
{
    sa_diags *own = sa_diags_new();
    sa_spec *spec = sa_spec_load(FIXTURES "/spec.yaml", NULL, own);
    if (!spec || sa_diags_has_errors(own))
        dump(own);
    assert_non_null(spec);
    assert_false(sa_diags_has_errors(own));
    sa_diags_free(own);
    (void)d;
    return spec;
}

/* A minimal valid agreement with one line to vary; %s is spliced in after <specification>. */
static char *agreement_text(const char *provider_code, const char *commissioner_code,
                            const char *extra)
{
    sa_buf b = SA_BUF_INIT;
    sa_buf_printf(&b,
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<agreement xmlns=\"urn:specaudit:agreement:1\" id=\"HOA-T-%s\" version=\"1\">\n"
                  "  <commissioner code=\"%s\">Example PCT</commissioner>\n"
                  "  <provider code=\"%s\" kind=\"hospice\">Example Hospice</provider>\n"
                  "  <term from=\"2007-04-01\" to=\"2008-03-31\"/>\n"
                  "  <specification id=\"fixture-spc\" version=\"2007.1\"/>\n"
                  "%s"
                  "  <signed by=\"Director\" on=\"2007-03-20\"/>\n"
                  "</agreement>\n",
                  provider_code, commissioner_code, provider_code, extra ? extra : "");
    return sa_buf_detach(&b);
}

static sa_agreement *load_text(const char *name, const char *text, sa_diags *d)
{
    return sa_agreement_load_buffer(name, text, strlen(text), SCHEMA, d);
}

/* ---- loading -------------------------------------------------------------- */

static void test_valid_fixture_model(void **state)
{
    (void)state;
    sa_diags *d = sa_diags_new();
    sa_agreement *ag = sa_agreement_load(FIXTURES "/valid/hospice.xml", SCHEMA, d);
    if (sa_diags_count(d))
        dump(d);
    assert_non_null(ag);
    assert_int_equal(sa_diags_count(d), 0);
    assert_string_equal(ag->id, "HOA-FIX-8HX01-2007");
    assert_string_equal(ag->version, "1");
    assert_string_equal(ag->title, "Fixture hospice agreement");
    assert_string_equal(ag->commissioner_code, "5XX");
    assert_string_equal(ag->commissioner_name, "Example PCT");
    assert_string_equal(ag->provider_code, "8HX01");
    assert_string_equal(ag->provider_kind, "hospice");
    assert_string_equal(ag->provider_name, "Example Hospice");
    assert_int_equal(ag->term_from, date("2007-04-01"));
    assert_int_equal(ag->term_to, date("2008-03-31"));
    assert_string_equal(ag->spec_id, "fixture-spc");
    assert_string_equal(ag->spec_version, "2007.1");
    assert_int_equal(ag->nexclusions, 1);
    assert_string_equal(ag->exclusions[0].requirement, "KPI-5");
    assert_int_equal(ag->nvariations, 1);
    assert_string_equal(ag->variations[0].target_text, ">= 85%");
    assert_true(ag->variations[0].target.set);
    assert_int_equal(ag->variations[0].target.op, SA_CMP_GE);
    assert_int_equal(ag->variations[0].target.unit, SA_UNIT_PERCENT);
    assert_true(ag->variations[0].target.value == 85.0);
    assert_int_equal(ag->nwaivers, 1);
    assert_int_equal(ag->waivers[0].from, date("2007-04-01"));
    assert_int_equal(ag->waivers[0].until, date("2008-03-31"));
    assert_string_equal(ag->waivers[0].approved_by, "Director of Commissioning");
    assert_int_equal(ag->reporting_every, SA_PER_MONTH);
    assert_int_equal(ag->reporting_due_days, 15);
    /* The agreement is signed when the last party signs. */
    assert_int_equal(ag->nsignatures, 2);
    assert_string_equal(ag->signed_by, "Chief Executive");
    assert_int_equal(ag->signed_on, date("2007-03-22"));
    assert_string_equal(ag->signatures[0].party, "commissioner");
    /* Positions point at attribute values: line 5 is
     * `  <provider code="8HX01" ...`, whose value starts at column 19. */
    assert_int_equal(ag->provider_pos.line, 5);
    assert_int_equal(ag->provider_pos.col, 19);
    assert_int_equal(ag->spec_pos.line, 7);
    assert_int_equal(ag->spec_pos.col, 22);
    assert_int_equal(ag->variations[0].target_pos.line, 9);
    assert_int_equal(ag->variations[0].target_pos.col, 37);
    assert_true(ends_with(ag->path, "valid/hospice.xml"));
    sa_agreement_free(ag);
    sa_diags_free(d);
}

static void test_positions_multiline_and_utf8(void **state)
{
    (void)state;
    const char *text =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<!-- a comment with <angle> brackets -->\n"
        "<agreement xmlns=\"urn:specaudit:agreement:1\" id=\"HOA-ML\" version=\"1\">\n"
        "  <description><![CDATA[Agreed <after> consultation]]></description>\n"
        "  <commissioner code=\"5XX\">Comité PCT</commissioner>\n"
        "  <provider code=\"8HX01\" kind=\"hospice\">Hospice  of\n    St Example</provider>\n"
        "  <term from=\"2007-04-01\" to=\"2008-03-31\"/>\n"
        "  <specification id=\"fixture-spc\" version=\"2007.1\"/>\n"
        "  <vary\n"
        "     requirement=\"KPI-2\"\n"
        "     target=\"&gt;= 85%\" reason=\"Trajectory — year one\"/>\n"
        "  <signed by=\"Director\" on=\"2007-03-20\"/>\n"
        "</agreement>\n";
    sa_diags *d = sa_diags_new();
    sa_agreement *ag = load_text("ml.xml", text, d);
    if (sa_diags_count(d))
        dump(d);
    assert_non_null(ag);
    assert_false(sa_diags_has_errors(d));
    assert_string_equal(ag->description, "Agreed <after> consultation");
    assert_string_equal(ag->commissioner_name, "Comité PCT");
    /* Names written over lines read as one line. */
    assert_string_equal(ag->provider_name, "Hospice of St Example");
    assert_int_equal(ag->variations[0].pos.line, 10);
    assert_int_equal(ag->variations[0].pos.col, 3);
    assert_int_equal(ag->variations[0].requirement_pos.line, 11);
    assert_int_equal(ag->variations[0].requirement_pos.col, 19);
    assert_int_equal(ag->variations[0].target_pos.line, 12);
    assert_int_equal(ag->variations[0].target_pos.col, 14);
    sa_agreement_free(ag);

    /* Columns count characters, not bytes: the value after "é" is one column nearer. */
    const char *utf8 = "<?xml version=\"1.0\"?>\n"
                       "<agreement xmlns=\"urn:specaudit:agreement:1\" id=\"HOA-U\" version=\"1\">\n"
                       "  <commissioner code=\"5XX\">Example PCT</commissioner>\n"
                       "  <provider code=\"8HX01\" kind=\"hospice\">Example Hospice</provider>\n"
                       "  <term from=\"2007-04-01\" to=\"2008-03-31\"/>\n"
                       "  <specification id=\"fixture-spc\" version=\"2007.1\"/>\n"
                       "  <exclude reason=\"é\" requirement=\"\"/>\n"
                       "</agreement>\n";
    ag = load_text("utf8.xml", utf8, d);
    assert_non_null(ag);
    const sa_diag *schema = find_code(d, "E-AGR-SCHEMA");
    assert_non_null(schema);
    assert_int_equal(schema->pos.line, 7);
    /* `  <exclude reason="é" requirement="` : the value starts at column 36. */
    assert_int_equal(ag->exclusions[0].requirement_pos.col, 36);
    sa_agreement_free(ag);
    sa_diags_free(d);
}

static void test_schema_errors_each_reported(void **state)
{
    (void)state;
    const char *text = "<?xml version=\"1.0\"?>\n"
                       "<agreement xmlns=\"urn:specaudit:agreement:1\" id=\"HOA-S\" version=\"1\">\n"
                       "  <commissioner code=\"5XX\">Example PCT</commissioner>\n"
                       "  <provider code=\"8HX01\" kind=\"hospice\">Example Hospice</provider>\n"
                       "  <term from=\"2007-04-01\" to=\"2008-3-31\"/>\n"
                       "  <specification id=\"fixture-spc\" version=\"2007.1\"/>\n"
                       "  <reporting every=\"daily\" due-days=\"15\"/>\n"
                       "  <signed on=\"2007-03-20\"/>\n"
                       "</agreement>\n";
    sa_diags *d = sa_diags_new();
    sa_agreement *ag = load_text("s.xml", text, d);
    /* Schema errors do not stop loading: lint shows every problem at once. */
    assert_non_null(ag);
    assert_int_equal(sa_diags_total_code(d, "E-AGR-SCHEMA"), 3);
    uint32_t lines[3] = {0, 0, 0};
    size_t k = 0;
    for (size_t i = 0; i < sa_diags_count(d) && k < 3; i++)
        if (strcmp(sa_diags_at(d, i)->code, "E-AGR-SCHEMA") == 0)
            lines[k++] = sa_diags_at(d, i)->pos.line;
    assert_int_equal(lines[0], 5);
    assert_int_equal(lines[1], 7);
    assert_int_equal(lines[2], 8);
    /* The namespace is stripped from messages and the date hint added. */
    const sa_diag *first = find_code(d, "E-AGR-SCHEMA");
    assert_null(strstr(first->message, "urn:specaudit"));
    assert_non_null(strstr(first->message, "YYYY-MM-DD"));
    assert_int_equal(ag->term_to, SA_DATE_NONE);
    sa_agreement_free(ag);
    sa_diags_free(d);
}

static void test_hostile_inputs_refused(void **state)
{
    (void)state;
    /* An entity bomb whose expansion would be 10^9 "lol"s: refused at the
     * DOCTYPE, so it costs nothing. */
    sa_buf b = SA_BUF_INIT;
    sa_buf_puts(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE agreement [\n <!ENTITY a0 \"lol\">\n");
    for (int i = 1; i <= 9; i++) {
        sa_buf_printf(&b, " <!ENTITY a%d \"", i);
        for (int k = 0; k < 10; k++)
            sa_buf_printf(&b, "&a%d;", i - 1);
        sa_buf_puts(&b, "\">\n");
    }
    sa_buf_puts(&b, "]>\n<agreement xmlns=\"urn:specaudit:agreement:1\" id=\"X\" version=\"1\">"
                    "&a9;</agreement>\n");
    sa_diags *d = sa_diags_new();
    clock_t t0 = clock();
    sa_agreement *ag = load_text("bomb.xml", sa_buf_cstr(&b), d);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_null(ag);
    assert_true(secs < 2.0);
    assert_int_equal(sa_diags_total(d, SA_SEV_ERROR), 1);
    const sa_diag *e = find_code(d, "E-AGR-DOCTYPE");
    assert_non_null(e);
    assert_int_equal(e->pos.line, 2);
    sa_buf_free(&b);
    sa_diags_free(d);

    /* A DOCTYPE written over lines is reported where it starts. */
    d = sa_diags_new();
    ag = load_text("ml.xml",
                   "<?xml version=\"1.0\"?>\n<!-- external -->\n  <!DOCTYPE agreement\n"
                   "  SYSTEM \"http://127.0.0.1:9/agreement.dtd\">\n"
                   "<agreement xmlns=\"urn:specaudit:agreement:1\" id=\"X\" version=\"1\"/>\n",
                   d);
    assert_null(ag);
    e = find_code(d, "E-AGR-DOCTYPE");
    assert_non_null(e);
    assert_int_equal(e->pos.line, 3);
    assert_int_equal(e->pos.col, 3);
    assert_non_null(strstr(e->message, "external DTD"));
    sa_diags_free(d);

    /* Entity references without a DOCTYPE are undefined: never looked up. */
    d = sa_diags_new();
    ag = load_text("e.xml",
                   "<agreement xmlns=\"urn:specaudit:agreement:1\" id=\"X\" version=\"1\">"
                   "&ext;</agreement>",
                   d);
    assert_null(ag);
    assert_non_null(find_code(d, "E-AGR-XML"));
    sa_diags_free(d);

    /* Bytes that are not in the declared encoding: reported as diagnostics
     * (libxml2 raises these outside the parser's context). */
    d = sa_diags_new();
    static const char bad_sjis[] = "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n"
                                   "<agreement>\x82\xff\x00\x91</agreement>\n";
    ag = sa_agreement_load_buffer("sjis.xml", bad_sjis, sizeof bad_sjis - 1, SCHEMA, d);
    assert_null(ag);
    bool conversion = false;
    for (size_t i = 0; i < sa_diags_count(d); i++)
        conversion = conversion || strstr(sa_diags_at(d, i)->message, "conversion failed") != NULL;
    assert_true(conversion);
    assert_int_equal(sa_diags_total(d, SA_SEV_ERROR), sa_diags_total_code(d, "E-AGR-XML"));
    sa_diags_free(d);

    /* Too large: the path loader refuses the file unread. */
    {
        char big_path[] = "/tmp/test_agreement_big_XXXXXX";
        int fd = mkstemp(big_path);
        assert_true(fd >= 0);
        assert_int_equal(ftruncate(fd, (off_t)SA_AGREEMENT_MAX_BYTES + 1), 0);
        close(fd);
        d = sa_diags_new();
        ag = sa_agreement_load(big_path, SCHEMA, d);
        assert_null(ag);
        assert_non_null(find_code(d, "E-IO-TOO-LARGE"));
        assert_int_equal(sa_diags_count(d), 1);
        unlink(big_path);
        sa_diags_free(d);
    }

    /* An empty file is not an agreement. */
    d = sa_diags_new();
    ag = sa_agreement_load_buffer("empty.xml", "", 0, SCHEMA, d);
    assert_null(ag);
    assert_non_null(find_code(d, "E-AGR-XML"));
    sa_diags_free(d);
}

static void test_utf16_agreement(void **state)
{
    (void)state;
    /* UTF-16 (with a byte order mark) is valid XML: it loads, with line
     * positions from the parser (the column is then unknown). */
    char *text = agreement_text("8HX01", "5XX", NULL);
    char *decl = strstr(text, "UTF-8");
    assert_non_null(decl);
    memcpy(decl, "UTF16", 5); /* same length; the parser reads UTF16 as UTF-16 */
    size_t n = strlen(text);
    unsigned char *wide = malloc(2 * n + 2);
    assert_non_null(wide);
    wide[0] = 0xFF;
    wide[1] = 0xFE;
    for (size_t i = 0; i < n; i++) {
        wide[2 + 2 * i] = (unsigned char)text[i];
        wide[3 + 2 * i] = 0;
    }
    sa_diags *d = sa_diags_new();
    sa_agreement *ag = sa_agreement_load_buffer("w.xml", (const char *)wide, 2 * n + 2, SCHEMA, d);
    if (sa_diags_count(d))
        dump(d);
    assert_non_null(ag);
    assert_int_equal(sa_diags_count(d), 0);
    assert_string_equal(ag->provider_code, "8HX01");
    assert_int_equal(ag->provider_pos.line, 4);
    sa_agreement_free(ag);
    sa_diags_free(d);
    free(wide);
    free(text);
}

static void test_sniff(void **state)
{
    (void)state;
    const char *yes[] = {
        "<agreement xmlns=\"urn:specaudit:agreement:1\"/>",
        "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c -->\n<agreement>",
        "<?xml version=\"1.0\"?><a:agreement xmlns:a=\"urn:specaudit:agreement:1\">",
        /* A hostile agreement is still routed to the loader, which refuses it. */
        "<?xml version=\"1.0\"?><!DOCTYPE agreement [<!ENTITY x \"]>\">]><agreement>",
    };
    const char *no[] = {
        "specaudit: 1\nid: x\n",
        "<?xml version=\"1.0\"?><contract/>",
        "<agreements/>",
        "",
        "<?xml version=\"1.0\"?>",
    };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        assert_true(sa_agreement_sniff(yes[i], strlen(yes[i])));
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        assert_false(sa_agreement_sniff(no[i], strlen(no[i])));
    assert_false(sa_agreement_sniff(NULL, 0));
}

static void test_schema_location(void **state)
{
    (void)state;
    char path[4096];
    const char *old = getenv(SA_AGREEMENT_SCHEMA_ENV);
    char *saved = old ? strdup(old) : NULL;

    /* The variable names a directory, and wins over every other place. */
    setenv(SA_AGREEMENT_SCHEMA_ENV, SA_SOURCE_DIR "/specs/schema", 1);
    assert_true(sa_agreement_schema_find(path, sizeof path));
    assert_string_equal(path, SA_SOURCE_DIR "/specs/schema/agreement.xsd");

    setenv(SA_AGREEMENT_SCHEMA_ENV, SA_SOURCE_DIR "/no-such-dir", 1);
    assert_false(sa_agreement_schema_find(path, sizeof path));
    sa_diags *d = sa_diags_new();
    char *text = agreement_text("8HX01", "5XX", NULL);
    sa_agreement *ag = sa_agreement_load_buffer("x.xml", text, strlen(text), NULL, d);
    assert_null(ag);
    const sa_diag *e = find_code(d, "E-AGR-NO-SCHEMA");
    assert_non_null(e);
    assert_non_null(strstr(e->message, SA_AGREEMENT_SCHEMA_ENV));
    sa_diags_free(d);

    if (saved) {
        setenv(SA_AGREEMENT_SCHEMA_ENV, saved, 1);
        free(saved);
    } else {
        unsetenv(SA_AGREEMENT_SCHEMA_ENV);
    }

    /* A schema parsed once serves many agreements. */
    d = sa_diags_new();
    sa_agreement_schema *schema = sa_agreement_schema_load(SCHEMA, d);
    assert_non_null(schema);
    for (int i = 0; i < 3; i++) {
        sa_agreement *a = sa_agreement_load_buffer_with("x.xml", text, strlen(text), schema, d);
        assert_non_null(a);
        sa_agreement_free(a);
    }
    assert_int_equal(sa_diags_count(d), 0);
    sa_agreement_schema_free(schema);

    /* A file that is not a schema is reported, not crashed on. */
    assert_null(sa_agreement_schema_load(FIXTURES "/spec.yaml", d));
    assert_non_null(find_code(d, "E-AGR-NO-SCHEMA"));
    sa_diags_free(d);
    free(text);
}

/* Several threads load agreements with one shared schema; each load keeps
 * its errors in its own list. */
typedef struct thread_job {
    const sa_agreement_schema *schema;
    const char *good;
    const char *hostile;
    int loaded;
    int refused;
    int wrong;
} thread_job;

static void *load_many(void *arg)
{
    thread_job *job = arg;
    for (int i = 0; i < 25; i++) {
        sa_diags *d = sa_diags_new();
        sa_agreement *a = sa_agreement_load_buffer_with("g.xml", job->good, strlen(job->good),
                                                        job->schema, d);
        if (a && sa_diags_count(d) == 0)
            job->loaded++;
        else
            job->wrong++;
        sa_agreement_free(a);
        sa_diags_free(d);
        d = sa_diags_new();
        a = sa_agreement_load_buffer_with("h.xml", job->hostile, strlen(job->hostile), job->schema,
                                          d);
        if (!a && sa_diags_count(d) == 1 && strcmp(sa_diags_at(d, 0)->code, "E-AGR-DOCTYPE") == 0)
            job->refused++;
        else
            job->wrong++;
        sa_agreement_free(a);
        sa_diags_free(d);
    }
    return NULL;
}

static void test_threads_share_a_schema(void **state)
{
    (void)state;
    sa_diags *d = sa_diags_new();
    sa_agreement_schema *schema = sa_agreement_schema_load(SCHEMA, d);
    assert_non_null(schema);
    char *good = agreement_text("8HX01", "5XX", NULL);
    const char *hostile = "<?xml version=\"1.0\"?>\n<!DOCTYPE agreement [<!ENTITY x \"y\">]>\n"
                          "<agreement xmlns=\"urn:specaudit:agreement:1\">&x;</agreement>\n";
    thread_job jobs[4];
    pthread_t threads[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (thread_job){schema, good, hostile, 0, 0, 0};
        assert_int_equal(pthread_create(&threads[i], NULL, load_many, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
        assert_int_equal(jobs[i].loaded, 25);
        assert_int_equal(jobs[i].refused, 25);
        assert_int_equal(jobs[i].wrong, 0);
    }
    sa_agreement_schema_free(schema);
    free(good);
    sa_diags_free(d);
}

/* ---- the invalid fixtures ------------------------------------------------- */

static void check_fixture(const char *file, const char *code, unsigned line, const char *companion)
{
    char path[1024], comp[1024];
    snprintf(path, sizeof path, FIXTURES "/invalid/%s", file);
    sa_diags *d = sa_diags_new();
    sa_spec *spec = load_fixture_spec(d);
    sa_agreement *ags[2] = {NULL, NULL};
    size_t n = 0;
    if (strcmp(companion, "-") != 0) {
        snprintf(comp, sizeof comp, FIXTURES "/invalid/%s", companion);
        ags[n] = sa_agreement_load(comp, SCHEMA, d);
        assert_non_null(ags[n]);
        n++;
    }
    sa_agreement *ag = sa_agreement_load(path, SCHEMA, d);
    if (ag)
        ags[n++] = ag;
    sa_agreement_bind(ags, n, &spec, 1, SA_DATE_NONE, d);

    bool found = false;
    bool other_error = false;
    for (size_t i = 0; i < sa_diags_count(d); i++) {
        const sa_diag *g = sa_diags_at(d, i);
        bool here = ends_with(g->pos.file, file);
        if (strcmp(g->code, code) == 0 && here && g->pos.line == line)
            found = true;
        /* Each fixture breaks exactly one rule. */
        if (g->severity == SA_SEV_ERROR && strcmp(g->code, code) != 0)
            other_error = true;
    }
    if (!found || other_error) {
        fprintf(stderr, "fixture %s: expected %s at line %u; got:\n", file, code, line);
        dump(d);
    }
    assert_true(found);
    assert_false(other_error);
    if (code[0] == 'W')
        assert_false(sa_diags_has_errors(d));
    /* Hostile and malformed documents yield no agreement at all. */
    if (strcmp(code, "E-AGR-DOCTYPE") == 0 || strcmp(code, "E-AGR-XML") == 0 ||
        strcmp(code, "E-AGR-ROOT") == 0 || strcmp(code, "E-AGR-NAMESPACE") == 0)
        assert_null(ag);
    for (size_t i = 0; i < n; i++)
        sa_agreement_free(ags[i]);
    sa_spec_free(spec);
    sa_diags_free(d);
}

static void test_invalid_fixtures(void **state)
{
    (void)state;
    FILE *f = fopen(FIXTURES "/invalid/expected.tsv", "r");
    assert_non_null(f);
    char line[512];
    size_t cases = 0;
    size_t distinct = 0;
    char seen[64][40];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char file[128], code[40], companion[128];
        unsigned ln;
        assert_int_equal(sscanf(line, "%127s %39s %u %127s", file, code, &ln, companion), 4);
        check_fixture(file, code, ln, companion);
        cases++;
        bool known = false;
        for (size_t i = 0; i < distinct; i++)
            known = known || strcmp(seen[i], code) == 0;
        if (!known && distinct < 64)
            snprintf(seen[distinct++], sizeof seen[0], "%s", code);
    }
    fclose(f);
    assert_true(cases >= 15);
    assert_true(distinct >= 15);
}

/* ---- binding -------------------------------------------------------------- */

/* <activity>: read with its positions, bound to a count, applied by the plan. */
static void test_activity_plan(void **state)
{
    (void)state;
    sa_diags *d = sa_diags_new();
    sa_spec *spec = load_fixture_spec(d);
    char *text = agreement_text("8HX01", "5XX",
                                "  <activity requirement=\"KPI-5\" planned=\"48.5\" per=\"quarter\" tolerance=\"7.5%\"/>\n");
    sa_agreement *ag = load_text("a.xml", text, d);
    assert_non_null(ag);
    if (sa_diags_count(d))
        dump(d);
    assert_int_equal(sa_diags_count(d), 0);
    assert_int_equal(ag->nactivities, 1);
    assert_string_equal(ag->activities[0].requirement, "KPI-5");
    assert_true(ag->activities[0].planned == 48.5);
    assert_int_equal(ag->activities[0].per, SA_PER_QUARTER);
    assert_true(ag->activities[0].tolerance == 7.5);
    assert_int_equal(ag->activities[0].pos.line, 7);
    assert_int_equal(sa_agreement_bind(&ag, 1, &spec, 1, SA_DATE_NONE, d), 0);
    sa_plan *plan = sa_plan_build(spec, &ag, 1, d);
    const sa_provider_plan *pp = sa_plan_find_provider(plan, "8HX01");
    assert_non_null(pp);
    for (size_t i = 0; i < pp->nreqs; i++) {
        bool planned = strcmp(pp->reqs[i].req->id, "KPI-5") == 0;
        assert_true(planned ? pp->reqs[i].activity == &ag->activities[0] : pp->reqs[i].activity == NULL);
    }
    sa_plan_free(plan);
    sa_agreement_free(ag);
    free(text);
    /* A plan for a share (KPI-2 is a proportion) cannot be compared. */
    text = agreement_text("8HX01", "5XX",
                          "  <activity requirement=\"KPI-2\" planned=\"10\" per=\"year\" tolerance=\"10%\"/>\n");
    ag = load_text("b.xml", text, d);
    assert_non_null(ag);
    assert_int_equal(sa_agreement_bind(&ag, 1, &spec, 1, SA_DATE_NONE, d), 1);
    assert_non_null(find_code(d, "E-AGR-BAD-ACTIVITY"));
    sa_agreement_free(ag);
    free(text);
    sa_spec_free(spec);
    sa_diags_free(d);
}

static void test_bind_valid_is_clean(void **state)
{
    (void)state;
    sa_diags *d = sa_diags_new();
    sa_spec *spec = load_fixture_spec(d);
    sa_agreement *ag = sa_agreement_load(FIXTURES "/valid/hospice.xml", SCHEMA, d);
    assert_non_null(ag);
    assert_int_equal(sa_agreement_bind(&ag, 1, &spec, 1, SA_DATE_NONE, d), 0);
    if (sa_diags_count(d))
        dump(d);
    assert_int_equal(sa_diags_count(d), 0);
    sa_agreement_free(ag);
    sa_spec_free(spec);
    sa_diags_free(d);
}

static void test_bind_counts_errors_and_suggests(void **state)
{
    (void)state;
    sa_diags *d = sa_diags_new();
    sa_spec *spec = load_fixture_spec(d);
    char *text = agreement_text("8HX01", "5XX",
                                "  <exclude requirement=\"kpi-2\" reason=\"r\"/>\n"
                                "  <waive requirement=\"RET-9\" until=\"2008-03-31\" "
                                "approved-by=\"Director\" reason=\"r\"/>\n");
    sa_agreement *ag = load_text("x.xml", text, d);
    assert_non_null(ag);
    assert_int_equal(sa_agreement_bind(&ag, 1, &spec, 1, SA_DATE_NONE, d), 2);
    const sa_diag *e = find_code(d, "E-AGR-UNKNOWN-REQUIREMENT");
    assert_non_null(e);
    assert_int_equal(e->pos.line, 7);
    assert_non_null(strstr(e->message, "did you mean KPI-2?"));
    assert_int_equal(sa_diags_total_code(d, "E-AGR-UNKNOWN-REQUIREMENT"), 2);

    /* Without the specification at hand, the agreement cannot be bound. */
    sa_diags *d2 = sa_diags_new();
    assert_int_equal(sa_agreement_bind(&ag, 1, NULL, 0, SA_DATE_NONE, d2), 1);
    assert_non_null(find_code(d2, "E-AGR-UNKNOWN-SPEC"));
    sa_diags_free(d2);
    sa_agreement_free(ag);
    free(text);
    sa_spec_free(spec);
    sa_diags_free(d);
}

static void test_bind_waiver_expiry_against_today(void **state)
{
    (void)state;
    sa_diags *d = sa_diags_new();
    sa_spec *spec = load_fixture_spec(d);
    char *text = agreement_text("8HX01", "5XX",
                                "  <waive requirement=\"SPC-1\" until=\"2007-09-30\" "
                                "approved-by=\"Director\" reason=\"Second consultant being "
                                "recruited\"/>\n");
    sa_agreement *ag = load_text("w.xml", text, d);
    assert_non_null(ag);
    /* Still current on 2007-09-30 ... */
    assert_int_equal(sa_agreement_bind(&ag, 1, &spec, 1, date("2007-09-30"), d), 0);
    assert_null(find_code(d, "W-AGR-WAIVER-EXPIRED"));
    /* ... expired the day after; a warning, not an error. */
    assert_int_equal(sa_agreement_bind(&ag, 1, &spec, 1, date("2007-10-01"), d), 0);
    const sa_diag *w = find_code(d, "W-AGR-WAIVER-EXPIRED");
    assert_non_null(w);
    assert_int_equal(w->severity, SA_SEV_WARNING);
    assert_int_equal(w->pos.line, 7);
    assert_non_null(strstr(w->message, "2007-09-30"));
    /* With no date given, the end of the specification period is the reference. */
    sa_diags *d2 = sa_diags_new();
    sa_agreement_bind(&ag, 1, &spec, 1, SA_DATE_NONE, d2);
    assert_non_null(find_code(d2, "W-AGR-WAIVER-EXPIRED"));
    sa_diags_free(d2);
    sa_agreement_free(ag);
    free(text);
    sa_spec_free(spec);
    sa_diags_free(d);
}

static void bind_codes(const sa_spec *spec, const char *provider, const char *commissioner,
                       const char *expect_code, sa_severity sev)
{
    sa_diags *d = sa_diags_new();
    char *text = agreement_text(provider, commissioner, NULL);
    sa_agreement *ag = load_text("c.xml", text, d);
    assert_non_null(ag);
    sa_spec *s = (sa_spec *)spec;
    sa_agreement_bind(&ag, 1, &s, 1, SA_DATE_NONE, d);
    bool found = false;
    for (size_t i = 0; i < sa_diags_count(d); i++) {
        const sa_diag *g = sa_diags_at(d, i);
        if (g->severity == SA_SEV_ERROR && (!expect_code || strcmp(g->code, expect_code) != 0)) {
            fprintf(stderr, "codes %s/%s:\n", provider, commissioner);
            dump(d);
            fail();
        }
        if (expect_code && strcmp(g->code, expect_code) == 0 && g->severity == sev)
            found = true;
    }
    if (expect_code && !found) {
        fprintf(stderr, "codes %s/%s: expected %s\n", provider, commissioner, expect_code);
        dump(d);
    }
    assert_true(!expect_code || found);
    sa_agreement_free(ag);
    free(text);
    sa_diags_free(d);
}

static void test_bind_ods_codes(void **state)
{
    (void)state;
    sa_diags *d = sa_diags_new();
    sa_spec *spec = load_fixture_spec(d);
    /* Hospice codes: non-NHS 8xxxx, a trust site, the newer ANANA format. */
    bind_codes(spec, "8HX01", "5XX", NULL, SA_SEV_ERROR);
    bind_codes(spec, "RXA01", "QNQ", NULL, SA_SEV_ERROR);
    bind_codes(spec, "F5H1R", "00L", NULL, SA_SEV_ERROR);
    bind_codes(spec, "8HX01", "D4U1Y", NULL, SA_SEV_ERROR);
    bind_codes(spec, "8HX01", "7A1", NULL, SA_SEV_ERROR);
    /* Wrong shapes. */
    bind_codes(spec, "8hx01", "5XX", "E-AGR-BAD-CODE", SA_SEV_ERROR);
    bind_codes(spec, "8HX1", "5XX", "E-AGR-BAD-CODE", SA_SEV_ERROR);
    bind_codes(spec, "8HX-01", "5XX", "E-AGR-BAD-CODE", SA_SEV_ERROR);
    bind_codes(spec, "8HX01", "5xx", "E-AGR-BAD-CODE", SA_SEV_ERROR);
    bind_codes(spec, "8HX01", "RXA", "E-AGR-BAD-CODE", SA_SEV_ERROR);
    bind_codes(spec, "8HX01", "ABCDE", "E-AGR-BAD-CODE", SA_SEV_ERROR);
    /* A well-formed code of the wrong family for the kind is only a warning. */
    bind_codes(spec, "QNQ", "5XX", "W-AGR-CODE-KIND", SA_SEV_WARNING);
    sa_spec_free(spec);
    sa_diags_free(d);
}

static void test_bind_scottish_codes(void **state)
{
    (void)state;
    sa_diags *d = sa_diags_new();
    sa_spec *spec = load_fixture_spec(d);
    /* Commissioners: an NHS board (NHS Highland) and an integration authority (Highland HSCP). */
    bind_codes(spec, "8HX01", "S08000022", NULL, SA_SEV_ERROR);
    bind_codes(spec, "8HX01", "S37000016", NULL, SA_SEV_ERROR);
    /* Providers: an NHS board, a hospital and a hospice location (Raigmore, Highland Hospice). */
    bind_codes(spec, "S08000022", "S37000016", NULL, SA_SEV_ERROR);
    bind_codes(spec, "H202H", "S08000022", NULL, SA_SEV_ERROR);
    bind_codes(spec, "H220V", "S08000022", NULL, SA_SEV_ERROR);
    /* Wrong shapes: another prefix, a digit short, letters among the digits, lower case. */
    bind_codes(spec, "8HX01", "S12000017", "E-AGR-BAD-CODE", SA_SEV_ERROR); /* a council area */
    bind_codes(spec, "8HX01", "S0800002", "E-AGR-BAD-CODE", SA_SEV_ERROR);
    bind_codes(spec, "8HX01", "S08O00022", "E-AGR-BAD-CODE", SA_SEV_ERROR);
    bind_codes(spec, "8HX01", "s08000022", "E-AGR-BAD-CODE", SA_SEV_ERROR);
    bind_codes(spec, "S37000016", "S08000022", "E-AGR-BAD-CODE", SA_SEV_ERROR); /* commissions, not provides */
    bind_codes(spec, "S08000O22", "S08000022", "E-AGR-BAD-CODE", SA_SEV_ERROR);
    sa_spec_free(spec);
    sa_diags_free(d);
}

static void test_bind_overlap_needs_same_provider_and_spec(void **state)
{
    (void)state;
    sa_diags *d = sa_diags_new();
    sa_spec *spec = load_fixture_spec(d);
    char *a = agreement_text("8HX01", "5XX", NULL);
    char *b = agreement_text("RXA", "5XX", NULL);
    sa_agreement *ags[2] = {load_text("a.xml", a, d), load_text("b.xml", b, d)};
    assert_non_null(ags[0]);
    assert_non_null(ags[1]);
    /* Same term, different providers: fine. */
    assert_int_equal(sa_agreement_bind(ags, 2, &spec, 1, SA_DATE_NONE, d), 0);
    assert_null(find_code(d, "E-AGR-OVERLAP"));
    sa_agreement_free(ags[1]);
    /* Same provider and term twice: the second overlaps the first. */
    ags[1] = load_text("a2.xml", a, d);
    assert_non_null(ags[1]);
    assert_true(sa_agreement_bind(ags, 2, &spec, 1, SA_DATE_NONE, d) >= 1);
    const sa_diag *o = find_code(d, "E-AGR-OVERLAP");
    assert_non_null(o);
    assert_string_equal(o->pos.file, "a2.xml");
    assert_int_equal(o->pos.line, 5);
    assert_non_null(strstr(o->message, "a.xml:5"));
    sa_agreement_free(ags[0]);
    sa_agreement_free(ags[1]);
    free(a);
    free(b);
    sa_spec_free(spec);
    sa_diags_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_fixture_model),
        cmocka_unit_test(test_positions_multiline_and_utf8),
        cmocka_unit_test(test_schema_errors_each_reported),
        cmocka_unit_test(test_hostile_inputs_refused),
        cmocka_unit_test(test_utf16_agreement),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_schema_location),
        cmocka_unit_test(test_threads_share_a_schema),
        cmocka_unit_test(test_invalid_fixtures),
        cmocka_unit_test(test_activity_plan),
        cmocka_unit_test(test_bind_valid_is_clean),
        cmocka_unit_test(test_bind_counts_errors_and_suggests),
        cmocka_unit_test(test_bind_waiver_expiry_against_today),
        cmocka_unit_test(test_bind_ods_codes),
        cmocka_unit_test(test_bind_scottish_codes),
        cmocka_unit_test(test_bind_overlap_needs_same_provider_and_spec),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
