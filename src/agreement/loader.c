/*
 * loader.c — reading a heads of agreement: secure XML parsing, validation
 * against specs/schema/agreement.xsd, the model, and the rules that need
 * nothing but the agreement itself (term order, waiver windows, duplicates).
 *
 * Why the parser is set up the way it is: an agreement arrives from another
 * organisation, so the file is untrusted. A document type declaration is the
 * only way into XML's dangerous corners (external entities that read files
 * or fetch URLs, parameter entities, entity expansion bombs), and a valid
 * agreement never needs one, so any DOCTYPE is refused the moment the parser
 * meets it, before its internal subset is read. Entities are never
 * substituted, the network is off, and nothing reports through libxml2's
 * process-wide error handlers: each parse and each validation has its own
 * structured handler that turns errors into diagnostics.
 */
#include <assert.h>
#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "agreement/agreement.h"
#include "agreement/agreement_private.h"
#include "core/config.h"
#include "core/fileio.h"
#include "core/alloc.h"

#define SCHEMA_FILE_NAME "agreement.xsd"
#define SCHEMA_MAX_BYTES (1u * 1024u * 1024u)

struct sa_agreement_schema {
    xmlSchemaPtr schema;
    xmlDocPtr doc; /* the XSD document, kept while the schema refers to it */
};

/* ---- small helpers -------------------------------------------------------- */

bool sa_agr_ranges_overlap(sa_date a_from, sa_date a_to, sa_date b_from, sa_date b_to)
{
    if (a_to != SA_DATE_NONE && b_from != SA_DATE_NONE && a_to < b_from)
        return false;
    if (b_to != SA_DATE_NONE && a_from != SA_DATE_NONE && b_to < a_from)
        return false;
    return true;
}

static const char *fmt_date(sa_date d, char out[11])
{
    if (d == SA_DATE_NONE) {
        snprintf(out, 11, "(none)");
        return out;
    }
    sa_date_format(d, out);
    return out;
}

/* ---- where the schema lives ----------------------------------------------- */

bool sa_agreement_schema_find(char *out, size_t cap)
{
    if (!out || cap == 0)
        return false;
    const char *env = getenv(SA_AGREEMENT_SCHEMA_ENV);
    if (env && *env) {
        /* An explicit choice is never silently replaced by another schema. */
        snprintf(out, cap, "%s/%s", env, SCHEMA_FILE_NAME);
        return access(out, R_OK) == 0;
    }
    const char *dirs[] = {SA_SCHEMA_INSTALL_DIR, SA_SOURCE_SCHEMA_DIR};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        snprintf(out, cap, "%s/%s", dirs[i], SCHEMA_FILE_NAME);
        if (access(out, R_OK) == 0)
            return true;
    }
    return false;
}

typedef struct load_ctx load_ctx;
static xmlDocPtr parse_secure(load_ctx *lc, const char *data, size_t len);
static load_ctx *new_schema_ctx(sa_diags *diags, const char *path);
static void free_schema_ctx(load_ctx *lc);

typedef struct schema_parse_state {
    sa_diags *diags;
    const char *path;
    bool reported;
} schema_parse_state;

static void trim_message(char *msg)
{
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' ' || msg[n - 1] == '\r'))
        msg[--n] = '\0';
}

static void on_schema_parse_error(void *ctx, xmlErrorPtr err)
{
    schema_parse_state *st = ctx;
    if (!err || err->level == XML_ERR_WARNING)
        return;
    char msg[512];
    snprintf(msg, sizeof msg, "%s", err->message ? err->message : "unknown error");
    trim_message(msg);
    sa_pos pos = {st->path, err->line > 0 ? (uint32_t)err->line : 0, 0};
    sa_diags_error(st->diags, "E-AGR-NO-SCHEMA", pos, "the agreement schema is not usable: %s", msg);
    st->reported = true;
}

sa_agreement_schema *sa_agreement_schema_load(const char *schema_path, sa_diags *diags)
{
    char found[4096];
    if (!schema_path) {
        if (!sa_agreement_schema_find(found, sizeof found)) {
            const char *env = getenv(SA_AGREEMENT_SCHEMA_ENV);
            if (env && *env)
                sa_diags_error(diags, "E-AGR-NO-SCHEMA", (sa_pos){0},
                               "cannot read the agreement schema %s named by %s; expected "
                               "that directory to hold %s",
                               found, SA_AGREEMENT_SCHEMA_ENV, SCHEMA_FILE_NAME);
            else
                sa_diags_error(diags, "E-AGR-NO-SCHEMA", (sa_pos){0},
                               "cannot find the agreement schema %s in %s or %s; set %s to "
                               "the directory holding it",
                               SCHEMA_FILE_NAME, SA_SCHEMA_INSTALL_DIR, SA_SOURCE_SCHEMA_DIR,
                               SA_AGREEMENT_SCHEMA_ENV);
            return NULL;
        }
        schema_path = found;
    }
    char *data = NULL;
    size_t len = 0;
    sa_diags *io = sa_diags_new();
    if (sa_file_read_all(schema_path, SCHEMA_MAX_BYTES, &data, &len, io) != 0) {
        const sa_diag *why = sa_diags_count(io) ? sa_diags_at(io, 0) : NULL;
        sa_diags_error(diags, "E-AGR-NO-SCHEMA", (sa_pos){schema_path, 0, 0},
                       "cannot read the agreement schema: %s",
                       why ? why->message : "unreadable");
        sa_diags_free(io);
        return NULL;
    }
    sa_diags_free(io);

    /* The XSD is read with the same locked-down parser as agreements, so
     * even a tampered schema file cannot pull in entities or DTDs. */
    load_ctx *lc = new_schema_ctx(diags, schema_path);
    xmlDocPtr doc = parse_secure(lc, data, len);
    free_schema_ctx(lc);
    free(data);
    if (!doc)
        return NULL;
    xmlSchemaParserCtxtPtr pctxt = xmlSchemaNewDocParserCtxt(doc);
    if (!pctxt) {
        xmlFreeDoc(doc);
        sa_diags_error(diags, "E-AGR-NO-SCHEMA", (sa_pos){schema_path, 0, 0},
                       "cannot set up the schema parser");
        return NULL;
    }
    schema_parse_state st = {diags, schema_path, false};
    xmlSchemaSetParserStructuredErrors(pctxt, on_schema_parse_error, &st);
    xmlSchemaPtr schema = xmlSchemaParse(pctxt);
    xmlSchemaFreeParserCtxt(pctxt);
    if (!schema) {
        xmlFreeDoc(doc);
        if (!st.reported)
            sa_diags_error(diags, "E-AGR-NO-SCHEMA", (sa_pos){schema_path, 0, 0},
                           "the agreement schema is not a usable XML schema");
        return NULL;
    }
    sa_agreement_schema *s = sa_xcalloc(1, sizeof *s);
    s->schema = schema;
    s->doc = doc;
    return s;
}

void sa_agreement_schema_free(sa_agreement_schema *schema)
{
    if (!schema)
        return;
    xmlSchemaFree(schema->schema);
    xmlFreeDoc(schema->doc);
    free(schema);
}

/* ---- raw positions -------------------------------------------------------- */

/*
 * libxml2 (2.9) keeps a line per element but no column, and no position for
 * attributes. A short lexical pass over the input, which the parser has
 * already found well-formed and free of any DOCTYPE, recovers the position
 * of every start tag and of every attribute value; start tags are matched
 * to tree elements in document order. If the pass and the tree disagree
 * (an encoding the pass cannot read), positions fall back to libxml2's line.
 */
typedef struct raw_attr {
    const char *name;
    size_t name_len;
    uint32_t line, col;
} raw_attr;

typedef struct raw_elem {
    const char *name; /* qualified name as written */
    size_t name_len;
    uint32_t line, col;
    size_t first_attr, nattrs;
} raw_elem;

typedef struct raw_index {
    raw_elem *elems;
    size_t nelems, cap_elems;
    raw_attr *attrs;
    size_t nattrs, cap_attrs;
    bool ok;
    const raw_attr *too_many; /* the first attribute past SA_AGREEMENT_MAX_ATTRIBUTES on its element */
} raw_index;

static void *grow(void *p, size_t *cap, size_t elem)
{
    size_t ncap = *cap ? *cap * 2 : 32;
    void *q = sa_xrealloc(p, ncap * elem);
    *cap = ncap;
    return q;
}

typedef struct lexer {
    const char *s;
    size_t len, i;
    uint32_t line, col;
} lexer;

static void lx_adv(lexer *lx)
{
    unsigned char b = (unsigned char)lx->s[lx->i++];
    if (b == '\n') {
        lx->line++;
        lx->col = 1;
    } else if ((b & 0xC0) != 0x80) {
        lx->col++;
    }
}

static bool lx_starts(const lexer *lx, const char *lit)
{
    size_t n = strlen(lit);
    return lx->len - lx->i >= n && memcmp(lx->s + lx->i, lit, n) == 0;
}

/* Advances past the next occurrence of `lit`; false at end of input. */
static bool lx_skip_past(lexer *lx, const char *lit)
{
    while (lx->i < lx->len) {
        if (lx_starts(lx, lit)) {
            for (size_t k = strlen(lit); k > 0; k--)
                lx_adv(lx);
            return true;
        }
        lx_adv(lx);
    }
    return false;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void raw_scan(raw_index *ix, const char *s, size_t len)
{
    lexer lx = {s, len, 0, 1, 1};
    ix->ok = true;
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        lx.i = 3;
    while (lx.i < lx.len) {
        if (s[lx.i] != '<') {
            lx_adv(&lx);
            continue;
        }
        if (lx_starts(&lx, "<!--")) {
            if (!lx_skip_past(&lx, "-->"))
                break;
        } else if (lx_starts(&lx, "<![CDATA[")) {
            if (!lx_skip_past(&lx, "]]>"))
                break;
        } else if (lx_starts(&lx, "<?")) {
            if (!lx_skip_past(&lx, "?>"))
                break;
        } else if (lx_starts(&lx, "<!")) {
            ix->ok = false; /* a DOCTYPE: refused before we get here */
            return;
        } else if (lx_starts(&lx, "</")) {
            if (!lx_skip_past(&lx, ">"))
                break;
        } else {
            if (ix->nelems == ix->cap_elems)
                ix->elems = grow(ix->elems, &ix->cap_elems, sizeof *ix->elems);
            raw_elem *e = &ix->elems[ix->nelems++];
            e->line = lx.line;
            e->col = lx.col;
            e->first_attr = ix->nattrs;
            e->nattrs = 0;
            lx_adv(&lx);
            e->name = s + lx.i;
            while (lx.i < lx.len && !is_space(s[lx.i]) && s[lx.i] != '/' && s[lx.i] != '>')
                lx_adv(&lx);
            e->name_len = (size_t)(s + lx.i - e->name);
            for (;;) {
                while (lx.i < lx.len && is_space(s[lx.i]))
                    lx_adv(&lx);
                if (lx.i >= lx.len) {
                    ix->ok = false;
                    return;
                }
                if (s[lx.i] == '>') {
                    lx_adv(&lx);
                    break;
                }
                if (s[lx.i] == '/') {
                    lx_adv(&lx);
                    continue;
                }
                const char *an = s + lx.i;
                while (lx.i < lx.len && !is_space(s[lx.i]) && s[lx.i] != '=')
                    lx_adv(&lx);
                size_t an_len = (size_t)(s + lx.i - an);
                while (lx.i < lx.len && is_space(s[lx.i]))
                    lx_adv(&lx);
                if (lx.i >= lx.len || s[lx.i] != '=') {
                    ix->ok = false;
                    return;
                }
                lx_adv(&lx);
                while (lx.i < lx.len && is_space(s[lx.i]))
                    lx_adv(&lx);
                if (lx.i >= lx.len || (s[lx.i] != '"' && s[lx.i] != '\'')) {
                    ix->ok = false;
                    return;
                }
                char q = s[lx.i];
                lx_adv(&lx);
                if (ix->nattrs == ix->cap_attrs)
                    ix->attrs = grow(ix->attrs, &ix->cap_attrs, sizeof *ix->attrs);
                raw_attr *a = &ix->attrs[ix->nattrs++];
                a->name = an;
                a->name_len = an_len;
                a->line = lx.line;
                a->col = lx.col;
                /* libxml2 compares each attribute with all before it: stop long before that matters. */
                if (++e->nattrs > SA_AGREEMENT_MAX_ATTRIBUTES) {
                    ix->too_many = a;
                    ix->ok = false;
                    return;
                }
                while (lx.i < lx.len && s[lx.i] != q)
                    lx_adv(&lx);
                if (lx.i >= lx.len) {
                    ix->ok = false;
                    return;
                }
                lx_adv(&lx);
            }
        }
    }
}

static void raw_free(raw_index *ix)
{
    free(ix->elems);
    free(ix->attrs);
}

/* Numbers the tree's elements in document order through node->_private. */
static void number_elements(xmlNodePtr n, raw_index *ix, size_t *next)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        size_t idx = (*next)++;
        if (ix->ok && idx < ix->nelems) {
            const raw_elem *e = &ix->elems[idx];
            /* The written name is prefix:local or local. */
            const char *local = (const char *)n->name;
            size_t ll = strlen(local);
            bool match = e->name_len >= ll && memcmp(e->name + e->name_len - ll, local, ll) == 0 &&
                         (e->name_len == ll || e->name[e->name_len - ll - 1] == ':');
            if (!match)
                ix->ok = false;
        } else {
            ix->ok = false;
        }
        n->_private = (void *)(uintptr_t)(idx + 1);
        number_elements(n->children, ix, next);
    }
}

struct load_ctx {
    sa_diags *diags;
    const char *xml_code; /* code for a document that is not well-formed */
    const char *data;     /* the input being parsed */
    size_t len;
    const char *file; /* arena copy */
    sa_arena *arena;
    raw_index raw;
    bool doctype;
    size_t xml_errors;
    size_t schema_errors;
    size_t schema_errors_unlisted; /* past SA_AGREEMENT_MAX_SCHEMA_ERRORS */
    const char *stray_code; /* code for errors libxml2 raises outside a context */
    char last_stray[256];
};

static load_ctx *new_schema_ctx(sa_diags *diags, const char *path)
{
    load_ctx *lc = sa_xcalloc(1, sizeof *lc);
    lc->diags = diags;
    lc->file = path;
    lc->xml_code = "E-AGR-NO-SCHEMA";
    return lc;
}

static void free_schema_ctx(load_ctx *lc)
{
    free(lc);
}

static const raw_elem *raw_of(const load_ctx *lc, const xmlNode *n)
{
    uintptr_t idx = n ? (uintptr_t)n->_private : 0;
    if (!lc->raw.ok || idx == 0 || idx > lc->raw.nelems)
        return NULL;
    return &lc->raw.elems[idx - 1];
}

static sa_pos elem_pos(const load_ctx *lc, const xmlNode *n)
{
    const raw_elem *e = raw_of(lc, n);
    if (e)
        return (sa_pos){lc->file, e->line, e->col};
    long line = n ? xmlGetLineNo(n) : 0;
    return (sa_pos){lc->file, line > 0 ? (uint32_t)line : 0, 0};
}

static sa_pos attr_pos(const load_ctx *lc, const xmlNode *n, const char *attr)
{
    const raw_elem *e = raw_of(lc, n);
    if (e) {
        size_t al = strlen(attr);
        for (size_t k = 0; k < e->nattrs; k++) {
            const raw_attr *a = &lc->raw.attrs[e->first_attr + k];
            if (a->name_len == al && memcmp(a->name, attr, al) == 0)
                return (sa_pos){lc->file, a->line, a->col};
        }
    }
    return elem_pos(lc, n);
}

/* ---- parsing -------------------------------------------------------------- */

static load_ctx *ctx_of(void *user)
{
    xmlParserCtxtPtr ctxt = user;
    return ctxt ? ctxt->_private : NULL;
}

static void on_parse_error(void *user, xmlErrorPtr err)
{
    load_ctx *lc = ctx_of(user);
    if (!lc || !err || lc->doctype)
        return; /* after a refused DOCTYPE, the rest is noise */
    char msg[512];
    snprintf(msg, sizeof msg, "%s", err->message ? err->message : "unknown error");
    trim_message(msg);
    sa_pos pos = {lc->file, err->line > 0 ? (uint32_t)err->line : 0,
                  err->int2 > 0 ? (uint32_t)err->int2 : 0};
    if (err->level == XML_ERR_WARNING) {
        sa_diags_warning(lc->diags, "W-AGR-XML", pos, "%s", msg);
        return;
    }
    lc->xml_errors++;
    sa_diags_error(lc->diags, lc->xml_code, pos, "not well-formed XML: %s", msg);
}

/* Where "<!DOCTYPE" starts: the parser reports the line where the declaration's
 * header ends, which for a header written over lines is not where it begins.
 * Leaves *pos alone when the prolog cannot be read byte-wise (UTF-16). */
static void doctype_position(const load_ctx *lc, sa_pos *pos)
{
    if (!lc->data)
        return;
    lexer lx = {lc->data, lc->len, 0, 1, 1};
    if (lx.len >= 3 && memcmp(lx.s, "\xEF\xBB\xBF", 3) == 0)
        lx.i = 3;
    for (;;) {
        while (lx.i < lx.len && is_space(lx.s[lx.i]))
            lx_adv(&lx);
        if (lx_starts(&lx, "<!DOCTYPE")) {
            pos->line = lx.line;
            pos->col = lx.col;
            return;
        }
        if (lx_starts(&lx, "<?")) {
            if (!lx_skip_past(&lx, "?>"))
                return;
        } else if (lx_starts(&lx, "<!--")) {
            if (!lx_skip_past(&lx, "-->"))
                return;
        } else {
            return;
        }
    }
}

/* Called when the parser has read "<!DOCTYPE name ...", before any internal
 * subset: refusing here means no entity is ever declared or loaded. */
static void on_doctype(void *user, const xmlChar *name, const xmlChar *external_id,
                       const xmlChar *system_id)
{
    xmlParserCtxtPtr ctxt = user;
    load_ctx *lc = ctx_of(user);
    if (!lc)
        return;
    if (!lc->doctype) {
        lc->doctype = true;
        sa_pos pos = {lc->file, ctxt->input ? (uint32_t)ctxt->input->line : 0, 0};
        doctype_position(lc, &pos);
        const char *what = system_id || external_id ? " with an external DTD" : "";
        sa_diags_error(lc->diags, "E-AGR-DOCTYPE", pos,
                       "a document type declaration (<!DOCTYPE %.40s ...>%s) is not allowed in an "
                       "agreement: it can declare entities that read files, reach the network or "
                       "expand without limit; remove it (agreements are checked against the "
                       "shipped XSD, not a DTD)",
                       name ? (const char *)name : "", what);
    }
    xmlStopParser(ctxt);
}

/* Never resolve an external entity or DTD, whatever asks for it. */
static xmlParserInputPtr refuse_entity(void *user, const xmlChar *public_id,
                                       const xmlChar *system_id)
{
    (void)user;
    (void)public_id;
    (void)system_id;
    return NULL;
}

/*
 * A few libxml2 errors (encoding conversion, I/O) are raised without a parser
 * context and would go to the thread's default handler, which prints to
 * stderr. For the length of one parse or validation, the thread's handlers
 * are pointed at this load and then put back exactly as they were, so
 * nothing is printed and nothing outlasts the call (libxml2 keeps these
 * handlers per thread, so concurrent loads on other threads are unaffected).
 */
typedef struct handler_guard {
    xmlGenericErrorFunc generic;
    void *generic_ctx;
    xmlStructuredErrorFunc structured;
    void *structured_ctx;
} handler_guard;

static void XMLCDECL ignore_generic(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void on_stray_error(void *user, xmlErrorPtr err)
{
    load_ctx *lc = user;
    if (!lc || !err || lc->doctype || err->level == XML_ERR_WARNING)
        return;
    char msg[256];
    snprintf(msg, sizeof msg, "%s", err->message ? err->message : "unknown error");
    trim_message(msg);
    /* libxml2 raises the same conversion error once per buffer refill */
    if (strcmp(msg, lc->last_stray) == 0)
        return;
    snprintf(lc->last_stray, sizeof lc->last_stray, "%s", msg);
    if (strcmp(lc->stray_code, "E-AGR-XML") == 0)
        lc->xml_errors++;
    sa_diags_error(lc->diags, lc->stray_code, (sa_pos){lc->file, err->line > 0 ? (uint32_t)err->line : 0, 0},
                   "%s%s", strcmp(lc->stray_code, "E-AGR-XML") == 0 ? "not well-formed XML: " : "", msg);
}

static void guard_enter(handler_guard *g, load_ctx *lc, const char *code)
{
    g->generic = xmlGenericError;
    g->generic_ctx = xmlGenericErrorContext;
    g->structured = xmlStructuredError;
    g->structured_ctx = xmlStructuredErrorContext;
    lc->stray_code = code;
    lc->last_stray[0] = '\0';
    xmlSetGenericErrorFunc(NULL, ignore_generic);
    xmlSetStructuredErrorFunc(lc, on_stray_error);
}

static void guard_leave(const handler_guard *g)
{
    xmlSetGenericErrorFunc(g->generic_ctx, g->generic);
    xmlSetStructuredErrorFunc(g->structured_ctx, g->structured);
}

static xmlDocPtr parse_secure(load_ctx *lc, const char *data, size_t len)
{
    xmlInitParser();
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        sa_diags_error(lc->diags, "E-AGR-XML", (sa_pos){lc->file, 0, 0},
                       "cannot set up the XML parser");
        return NULL;
    }
    ctxt->_private = lc;
    lc->data = data;
    lc->len = len;
    ctxt->sax->serror = on_parse_error;
    ctxt->sax->internalSubset = on_doctype;
    ctxt->sax->externalSubset = NULL;
    ctxt->sax->resolveEntity = refuse_entity;
    /* NONET: no network; no NOENT: entities are never substituted; no
     * DTDLOAD/DTDATTR/DTDVALID: no DTD is ever read. NOERROR/NOWARNING
     * silence the default (stderr) channels; our structured handler remains. */
    int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    handler_guard guard;
    guard_enter(&guard, lc, lc->xml_code);
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, lc->file, NULL, options);
    guard_leave(&guard);
    bool well_formed = ctxt->wellFormed != 0;
    xmlFreeParserCtxt(ctxt);
    if (lc->doctype || !well_formed || !doc) {
        if (!lc->doctype && lc->xml_errors == 0)
            sa_diags_error(lc->diags, lc->xml_code, (sa_pos){lc->file, 0, 0},
                           "not well-formed XML");
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

/* ---- schema validation ---------------------------------------------------- */

typedef struct validate_state {
    load_ctx *lc;
} validate_state;

/* Removes every "{urn:specaudit:agreement:1}" from libxml2's messages. */
static void strip_namespace(char *msg)
{
    const char *needle = "{" SA_AGREEMENT_NS "}";
    size_t nl = strlen(needle);
    char *p;
    while ((p = strstr(msg, needle)) != NULL)
        memmove(p, p + nl, strlen(p + nl) + 1);
}

/* Adds a plain-words hint to the schema's own terms where they are cryptic. */
static const char *schema_hint(const char *msg)
{
    if (strstr(msg, "[\\s\\S]*\\S[\\s\\S]*"))
        return " (expected some text, not blank)";
    if (strstr(msg, "'isoDate'"))
        return " (expected a date written YYYY-MM-DD)";
    if (strstr(msg, "[A-Za-z0-9._\\-]+"))
        return " (expected letters, digits, '.', '_' or '-')";
    return "";
}

/* The attribute named in "Element 'x', attribute 'y': ...", if any. */
static bool message_attribute(const char *msg, char *out, size_t cap)
{
    const char *p = strstr(msg, "attribute '");
    if (!p)
        return false;
    p += strlen("attribute '");
    const char *q = strchr(p, '\'');
    if (!q || (size_t)(q - p) >= cap)
        return false;
    memcpy(out, p, (size_t)(q - p));
    out[q - p] = '\0';
    return true;
}

static void on_validity_error(void *user, xmlErrorPtr err)
{
    validate_state *vs = user;
    load_ctx *lc = vs->lc;
    if (!err)
        return;
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", err->message ? err->message : "schema validity error");
    trim_message(msg);
    strip_namespace(msg);
    sa_pos pos = {lc->file, err->line > 0 ? (uint32_t)err->line : 0, 0};
    xmlNodePtr node = err->node;
    char attr[64];
    if (node && node->type == XML_ATTRIBUTE_NODE && node->parent)
        pos = attr_pos(lc, node->parent, (const char *)node->name);
    else if (node && node->type == XML_ELEMENT_NODE)
        pos = message_attribute(msg, attr, sizeof attr) ? attr_pos(lc, node, attr)
                                                        : elem_pos(lc, node);
    if (err->level == XML_ERR_WARNING) {
        sa_diags_warning(lc->diags, "W-AGR-SCHEMA", pos, "%s%s", msg, schema_hint(msg));
        return;
    }
    if (++lc->schema_errors > SA_AGREEMENT_MAX_SCHEMA_ERRORS) {
        lc->schema_errors_unlisted++;
        return;
    }
    sa_diags_error(lc->diags, "E-AGR-SCHEMA", pos, "%s%s", msg, schema_hint(msg));
}

static void validate(load_ctx *lc, xmlDocPtr doc, const sa_agreement_schema *schema)
{
    xmlSchemaValidCtxtPtr v = xmlSchemaNewValidCtxt(schema->schema);
    if (!v) {
        sa_diags_error(lc->diags, "E-AGR-NO-SCHEMA", (sa_pos){lc->file, 0, 0},
                       "cannot set up schema validation");
        return;
    }
    validate_state vs = {lc};
    xmlSchemaSetValidStructuredErrors(v, on_validity_error, &vs);
    handler_guard guard;
    guard_enter(&guard, lc, "E-AGR-SCHEMA");
    int rc = xmlSchemaValidateDoc(v, doc);
    guard_leave(&guard);
    xmlSchemaFreeValidCtxt(v);
    if (rc != 0 && lc->schema_errors == 0)
        sa_diags_error(lc->diags, "E-AGR-SCHEMA", (sa_pos){lc->file, 0, 0},
                       "the agreement does not match the schema");
    if (lc->schema_errors_unlisted)
        sa_diags_error(lc->diags, "E-AGR-SCHEMA", (sa_pos){lc->file, 0, 0},
                       "%zu more schema errors not listed (the first %d are)", lc->schema_errors_unlisted,
                       SA_AGREEMENT_MAX_SCHEMA_ERRORS);
}

/* ---- the model ------------------------------------------------------------ */

static bool is_ns(const xmlNode *n)
{
    return n->ns && n->ns->href && strcmp((const char *)n->ns->href, SA_AGREEMENT_NS) == 0;
}

static bool named(const xmlNode *n, const char *local)
{
    return n->type == XML_ELEMENT_NODE && is_ns(n) && strcmp((const char *)n->name, local) == 0;
}

/* Copies with leading/trailing white space removed; `collapse` also turns
 * inner runs of white space into one space (names written over lines). */
static char *dup_trimmed(sa_arena *a, const char *s, bool collapse)
{
    if (!s)
        return NULL;
    while (is_space(*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && is_space(s[n - 1]))
        n--;
    char *out = sa_arena_strndup(a, s, n);
    if (collapse) {
        char *w = out;
        bool sp = false;
        for (const char *r = out; *r; r++) {
            if (is_space(*r)) {
                sp = true;
                continue;
            }
            if (sp && w != out)
                *w++ = ' ';
            sp = false;
            *w++ = *r;
        }
        *w = '\0';
    }
    return out;
}

static const char *get_attr(load_ctx *lc, const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *out = dup_trimmed(lc->arena, (const char *)v, false);
    xmlFree(v);
    return out;
}

static const char *get_text(load_ctx *lc, const xmlNode *n, bool collapse)
{
    xmlChar *v = xmlNodeGetContent(n);
    if (!v)
        return NULL;
    char *out = dup_trimmed(lc->arena, (const char *)v, collapse);
    xmlFree(v);
    return out;
}

static sa_date get_date(load_ctx *lc, const xmlNode *n, const char *name)
{
    const char *v = get_attr(lc, n, name);
    sa_date d;
    if (v && sa_date_parse_iso(v, strlen(v), &d))
        return d;
    return SA_DATE_NONE; /* missing or malformed: the schema has said so */
}

/* The elements of each repeated kind, counted and allocated before they are read. */
typedef struct {
    size_t nex, nvar, nwai, nsig;
} list_sizes;

static list_sizes extract_lists(load_ctx *lc, xmlNodePtr root, sa_agreement *ag)
{
    size_t nex = 0, nvar = 0, nwai = 0, nsig = 0;
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (named(c, "exclude"))
            nex++;
        else if (named(c, "vary"))
            nvar++;
        else if (named(c, "waive"))
            nwai++;
        else if (named(c, "signed"))
            nsig++;
    }
    ag->exclusions = nex ? sa_arena_calloc(lc->arena, nex, sizeof *ag->exclusions) : NULL;
    ag->variations = nvar ? sa_arena_calloc(lc->arena, nvar, sizeof *ag->variations) : NULL;
    ag->waivers = nwai ? sa_arena_calloc(lc->arena, nwai, sizeof *ag->waivers) : NULL;
    ag->signatures = nsig ? sa_arena_calloc(lc->arena, nsig, sizeof *ag->signatures) : NULL;
    return (list_sizes){nex, nvar, nwai, nsig};
}

static void extract_exclude(load_ctx *lc, xmlNodePtr c, sa_exclusion *e)
{
    e->requirement = get_attr(lc, c, "requirement");
    e->reason = get_attr(lc, c, "reason");
    e->pos = elem_pos(lc, c);
    e->requirement_pos = attr_pos(lc, c, "requirement");
}

static void extract_vary(load_ctx *lc, xmlNodePtr c, sa_variation *v)
{
    v->requirement = get_attr(lc, c, "requirement");
    v->target_text = get_attr(lc, c, "target");
    v->reason = get_attr(lc, c, "reason");
    v->pos = elem_pos(lc, c);
    v->requirement_pos = attr_pos(lc, c, "requirement");
    v->target_pos = attr_pos(lc, c, "target");
}

static void extract_waive(load_ctx *lc, xmlNodePtr c, sa_waiver *w)
{
    w->requirement = get_attr(lc, c, "requirement");
    w->from = get_date(lc, c, "from");
    w->until = get_date(lc, c, "until");
    w->approved_by = get_attr(lc, c, "approved-by");
    w->reason = get_attr(lc, c, "reason");
    w->pos = elem_pos(lc, c);
    w->requirement_pos = attr_pos(lc, c, "requirement");
    w->until_pos = attr_pos(lc, c, "until");
}

static void extract_reporting(load_ctx *lc, xmlNodePtr c, sa_agreement *ag)
{
    ag->reporting_pos = elem_pos(lc, c);
    const char *every = get_attr(lc, c, "every");
    const char *due = get_attr(lc, c, "due-days");
    sa_per per;
    if (every && sa_per_parse(every, &per) && per != SA_PER_PERIOD)
        ag->reporting_every = per;
    if (due) {
        char *end;
        long v = strtol(due, &end, 10);
        if (end != due && *end == '\0' && v >= 0 && v <= 366)
            ag->reporting_due_days = (int)v;
    }
}

static void extract_signed(load_ctx *lc, xmlNodePtr c, sa_agreement *ag, sa_signature *s)
{
    s->by = get_attr(lc, c, "by");
    s->on = get_date(lc, c, "on");
    s->party = get_attr(lc, c, "for");
    s->pos = elem_pos(lc, c);
    /* The agreement is signed when its last signature is given. */
    if (s->on != SA_DATE_NONE && (ag->signed_on == SA_DATE_NONE || s->on >= ag->signed_on)) {
        ag->signed_on = s->on;
        ag->signed_by = s->by;
    }
}

static void extract(load_ctx *lc, xmlNodePtr root, sa_agreement *ag)
{
    ag->pos = elem_pos(lc, root);
    ag->id = get_attr(lc, root, "id");
    ag->version = get_attr(lc, root, "version");
    ag->term_from = ag->term_to = SA_DATE_NONE;
    ag->signed_on = SA_DATE_NONE;
    ag->reporting_due_days = -1;
    ag->reporting_every = SA_PER_MONTH;
    list_sizes n = extract_lists(lc, root, ag);
    (void)n; /* read by the asserts only */

    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || !is_ns(c))
            continue;
        if (named(c, "title")) {
            ag->title = get_text(lc, c, true);
        } else if (named(c, "description")) {
            ag->description = get_text(lc, c, true);
        } else if (named(c, "commissioner")) {
            ag->commissioner_code = get_attr(lc, c, "code");
            ag->commissioner_name = get_text(lc, c, true);
            ag->commissioner_pos = attr_pos(lc, c, "code");
        } else if (named(c, "provider")) {
            ag->provider_code = get_attr(lc, c, "code");
            ag->provider_kind = get_attr(lc, c, "kind");
            ag->provider_name = get_text(lc, c, true);
            ag->provider_pos = attr_pos(lc, c, "code");
        } else if (named(c, "term")) {
            ag->term_from = get_date(lc, c, "from");
            ag->term_to = get_date(lc, c, "to");
            ag->term_pos = attr_pos(lc, c, "from");
            ag->term_to_pos = attr_pos(lc, c, "to");
        } else if (named(c, "specification")) {
            ag->spec_id = get_attr(lc, c, "id");
            ag->spec_version = get_attr(lc, c, "version");
            ag->spec_pos = attr_pos(lc, c, "id");
            ag->spec_version_pos = attr_pos(lc, c, "version");
        } else if (named(c, "exclude")) {
            assert(ag->nexclusions < n.nex);
            extract_exclude(lc, c, &ag->exclusions[ag->nexclusions++]);
        } else if (named(c, "vary")) {
            assert(ag->nvariations < n.nvar);
            extract_vary(lc, c, &ag->variations[ag->nvariations++]);
        } else if (named(c, "waive")) {
            assert(ag->nwaivers < n.nwai);
            extract_waive(lc, c, &ag->waivers[ag->nwaivers++]);
        } else if (named(c, "reporting")) {
            extract_reporting(lc, c, ag);
        } else if (named(c, "signed")) {
            assert(ag->nsignatures < n.nsig);
            extract_signed(lc, c, ag, &ag->signatures[ag->nsignatures++]);
        }
    }
}

/* ---- rules that need only this agreement ---------------------------------- */

static bool same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static void check_variations(sa_agreement *ag, sa_diags *d)
{
    for (size_t i = 0; i < ag->nvariations; i++) {
        sa_variation *v = &ag->variations[i];
        if (!v->target_text)
            continue;
        size_t off = 0;
        const char *expected = NULL;
        if (!sa_target_parse(v->target_text, &v->target, &off, &expected)) {
            sa_pos p = v->target_pos;
            if (p.col)
                p.col += (uint32_t)off;
            sa_diags_error(d, "E-AGR-BAD-TARGET", p,
                           "variation of %s: cannot read target \"%s\": expected %s",
                           v->requirement ? v->requirement : "?", v->target_text,
                           expected ? expected : "a target such as \">= 85%\"");
            memset(&v->target, 0, sizeof v->target);
        }
        for (size_t j = 0; j < i; j++) {
            if (same(ag->variations[j].requirement, v->requirement)) {
                sa_diags_error(d, "E-AGR-DUPLICATE", v->requirement_pos,
                               "%s is already varied at line %u; expected one variation per "
                               "requirement",
                               v->requirement, (unsigned)ag->variations[j].pos.line);
                break;
            }
        }
        for (size_t j = 0; j < ag->nexclusions; j++) {
            if (same(ag->exclusions[j].requirement, v->requirement)) {
                sa_diags_error(d, "E-AGR-CONFLICT", v->requirement_pos,
                               "%s is both excluded (line %u) and varied; an excluded "
                               "requirement has no target to vary",
                               v->requirement, (unsigned)ag->exclusions[j].pos.line);
                break;
            }
        }
    }
}

static void check_exclusions(const sa_agreement *ag, sa_diags *d)
{
    for (size_t i = 0; i < ag->nexclusions; i++) {
        const sa_exclusion *e = &ag->exclusions[i];
        for (size_t j = 0; j < i; j++) {
            if (same(ag->exclusions[j].requirement, e->requirement)) {
                sa_diags_error(d, "E-AGR-DUPLICATE", e->requirement_pos,
                               "%s is already excluded at line %u; expected one exclusion per "
                               "requirement",
                               e->requirement, (unsigned)ag->exclusions[j].pos.line);
                break;
            }
        }
    }
}

static void check_waivers(const sa_agreement *ag, sa_diags *d)
{
    char f[11], t[11];
    for (size_t i = 0; i < ag->nwaivers; i++) {
        const sa_waiver *w = &ag->waivers[i];
        if (w->from != SA_DATE_NONE && w->until != SA_DATE_NONE && w->from > w->until) {
            sa_diags_error(d, "E-AGR-WAIVER-ORDER", w->until_pos,
                           "waiver of %s ends (%s) before it starts (%s); expected until >= from",
                           w->requirement ? w->requirement : "?", fmt_date(w->until, t),
                           fmt_date(w->from, f));
            continue;
        }
        if (ag->term_from != SA_DATE_NONE && ag->term_to != SA_DATE_NONE &&
            ag->term_from <= ag->term_to && w->until != SA_DATE_NONE &&
            !sa_agr_ranges_overlap(w->from, w->until, ag->term_from, ag->term_to)) {
            char tf[11], tt[11];
            sa_diags_error(d, "E-AGR-WAIVER-OUTSIDE", w->pos.line ? w->until_pos : w->pos,
                           "waiver of %s (%s to %s) lies wholly outside the term %s to %s; "
                           "expected a waiver window within the term",
                           w->requirement ? w->requirement : "?",
                           w->from == SA_DATE_NONE ? "start of term" : fmt_date(w->from, f),
                           fmt_date(w->until, t), fmt_date(ag->term_from, tf),
                           fmt_date(ag->term_to, tt));
        }
        for (size_t j = 0; j < ag->nexclusions; j++) {
            if (same(ag->exclusions[j].requirement, w->requirement)) {
                sa_diags_error(d, "E-AGR-CONFLICT", w->requirement_pos,
                               "%s is both excluded (line %u) and waived; an excluded "
                               "requirement is not assessed, so there is nothing to waive",
                               w->requirement, (unsigned)ag->exclusions[j].pos.line);
                break;
            }
        }
        for (size_t j = 0; j < i; j++) {
            const sa_waiver *o = &ag->waivers[j];
            if (same(o->requirement, w->requirement) &&
                sa_agr_ranges_overlap(o->from, o->until, w->from, w->until)) {
                sa_diags_error(d, "E-AGR-DUPLICATE", w->requirement_pos,
                               "waiver of %s overlaps the waiver at line %u; expected "
                               "consecutive waivers with separate windows",
                               w->requirement, (unsigned)o->pos.line);
                break;
            }
        }
    }
}

static void local_rules(load_ctx *lc, sa_agreement *ag)
{
    sa_diags *d = lc->diags;
    char f[11], t[11];
    if (ag->term_from != SA_DATE_NONE && ag->term_to != SA_DATE_NONE && ag->term_from > ag->term_to)
        sa_diags_error(d, "E-AGR-TERM-ORDER", ag->term_to_pos,
                       "the term ends (%s) before it starts (%s); expected to >= from",
                       fmt_date(ag->term_to, t), fmt_date(ag->term_from, f));
    check_variations(ag, d);
    check_exclusions(ag, d);
    check_waivers(ag, d);
    if (ag->nsignatures == 0)
        sa_diags_warning(d, "W-AGR-UNSIGNED", ag->pos,
                         "agreement %s has no <signed> element; it reads as a draft",
                         ag->id ? ag->id : "?");
}

/* ---- entry points --------------------------------------------------------- */

/* UTF-16 text narrowed to one byte per code unit (ASCII as itself, anything
 * else 'x'): enough for raw_scan to count a start tag's attributes. */
static char *narrow_utf16(const unsigned char *u, size_t len, bool big_endian, size_t *out_len)
{
    size_t n = len / 2;
    char *t = sa_xmalloc(n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        unsigned hi = u[2 * i + !big_endian], lo = u[2 * i + big_endian];
        t[i] = hi == 0 && lo < 0x80 ? (char)lo : 'x';
    }
    *out_len = n;
    return t;
}

/* Counts each start tag's attributes before the XML parser sees them
 * (E-AGR-TOO-MANY-ATTRIBUTES); the raw index it leaves gives positions. */
static bool prescan(load_ctx *lc, const char *data, size_t len)
{
    xmlCharEncoding enc = xmlDetectCharEncoding((const unsigned char *)data, len < 4 ? (int)len : 4);
    if (enc == XML_CHAR_ENCODING_UTF16LE || enc == XML_CHAR_ENCODING_UTF16BE) {
        size_t n;
        char *t = narrow_utf16((const unsigned char *)data, len, enc == XML_CHAR_ENCODING_UTF16BE, &n);
        raw_index ix = {0};
        raw_scan(&ix, t, n);
        bool too_many = ix.too_many != NULL;
        raw_free(&ix);
        free(t);
        if (too_many) {
            sa_diags_error(lc->diags, "E-AGR-TOO-MANY-ATTRIBUTES", (sa_pos){lc->file, 0, 0},
                           "an element has more than %d attributes", SA_AGREEMENT_MAX_ATTRIBUTES);
            return false;
        }
    } else if (enc != XML_CHAR_ENCODING_NONE && enc != XML_CHAR_ENCODING_UTF8) {
        sa_diags_error(lc->diags, "E-AGR-XML", (sa_pos){lc->file, 1, 1},
                       "the agreement's encoding is neither UTF-8 nor UTF-16");
        return false;
    }
    raw_scan(&lc->raw, data, len);
    const raw_attr *a = lc->raw.too_many;
    if (!a)
        return true;
    sa_diags_error(lc->diags, "E-AGR-TOO-MANY-ATTRIBUTES", (sa_pos){lc->file, a->line, a->col},
                   "attribute '%.*s' is one too many: an element has at most %d attributes",
                   (int)(a->name_len > 64 ? 64 : a->name_len), a->name, SA_AGREEMENT_MAX_ATTRIBUTES);
    return false;
}

static bool value_fits(load_ctx *lc, const xmlChar *v, sa_pos pos, const char *what)
{
    size_t n = v ? strlen((const char *)v) : 0;
    if (n <= SA_AGREEMENT_MAX_VALUE_BYTES)
        return true;
    sa_diags_error(lc->diags, "E-AGR-VALUE-TOO-LONG", pos, "%s is %zu bytes; expected at most %d", what, n,
                   SA_AGREEMENT_MAX_VALUE_BYTES);
    return false;
}

/* Attribute values and text within SA_AGREEMENT_MAX_VALUE_BYTES (schema
 * validation of a long value costs memory many times its size); reports the
 * first that is not. */
static bool values_fit(load_ctx *lc, xmlNodePtr n)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (!value_fits(lc, n->content, elem_pos(lc, n->parent), "the text of an element"))
                return false;
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        for (xmlAttrPtr a = n->properties; a; a = a->next)
            if (a->children && !value_fits(lc, a->children->content, attr_pos(lc, n, (const char *)a->name),
                                           "an attribute value"))
                return false;
        if (!values_fit(lc, n->children))
            return false;
    }
    return true;
}

sa_agreement *sa_agreement_load_buffer_with(const char *name, const char *data, size_t len,
                                            const sa_agreement_schema *schema, sa_diags *diags)
{
    if (!name)
        name = "<agreement>";
    sa_arena *arena = sa_arena_new();
    load_ctx lc = {0};
    lc.diags = diags;
    lc.xml_code = "E-AGR-XML";
    lc.arena = arena;
    lc.file = sa_arena_strdup(arena, name);
    /* The caller chose the size limit when it read the file; libxml2 takes an int length. */
    if (!data) {
        sa_diags_error(diags, "E-AGR-XML", (sa_pos){lc.file, 0, 0}, "no agreement text was given");
        sa_arena_free(arena);
        return NULL;
    }
    if (len > INT_MAX) {
        sa_diags_error(diags, "E-IO-TOO-LARGE", (sa_pos){lc.file, 0, 0},
                       "the agreement is %zu bytes; expected at most %d", len, INT_MAX);
        sa_arena_free(arena);
        return NULL;
    }
    xmlDocPtr doc = prescan(&lc, data, len) ? parse_secure(&lc, data, len) : NULL;
    if (!doc) {
        raw_free(&lc.raw);
        sa_arena_free(arena);
        return NULL;
    }
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root || strcmp((const char *)root->name, "agreement") != 0) {
        sa_diags_error(diags, "E-AGR-ROOT", root ? (sa_pos){lc.file, (uint32_t)xmlGetLineNo(root), 0}
                                                  : (sa_pos){lc.file, 0, 0},
                       "expected the root element <agreement xmlns=\"%s\">, found <%s>",
                       SA_AGREEMENT_NS, root ? (const char *)root->name : "");
        raw_free(&lc.raw);
        xmlFreeDoc(doc);
        sa_arena_free(arena);
        return NULL;
    }
    if (!is_ns(root)) {
        const char *ns = root->ns && root->ns->href ? (const char *)root->ns->href : NULL;
        if (ns)
            sa_diags_error(diags, "E-AGR-NAMESPACE", (sa_pos){lc.file, (uint32_t)xmlGetLineNo(root), 0},
                           "the agreement's namespace is \"%s\"; this version of specaudit reads "
                           "format 1, namespace \"%s\"",
                           ns, SA_AGREEMENT_NS);
        else
            sa_diags_error(diags, "E-AGR-NAMESPACE", (sa_pos){lc.file, (uint32_t)xmlGetLineNo(root), 0},
                           "<agreement> has no namespace; expected xmlns=\"%s\"", SA_AGREEMENT_NS);
        raw_free(&lc.raw);
        xmlFreeDoc(doc);
        sa_arena_free(arena);
        return NULL;
    }

    size_t next = 0;
    number_elements(root, &lc.raw, &next);
    if (next != lc.raw.nelems)
        lc.raw.ok = false;
    if (!values_fit(&lc, root)) {
        raw_free(&lc.raw);
        xmlFreeDoc(doc);
        sa_arena_free(arena);
        return NULL;
    }

    if (schema)
        validate(&lc, doc, schema);
    else
        sa_diags_error(diags, "E-AGR-NO-SCHEMA", (sa_pos){lc.file, 0, 0},
                       "agreement not validated: no schema available");

    sa_agreement *ag = sa_arena_alloc(arena, sizeof *ag);
    ag->arena = arena;
    ag->path = lc.file;
    extract(&lc, root, ag);
    local_rules(&lc, ag);

    raw_free(&lc.raw);
    xmlFreeDoc(doc);
    return ag;
}

sa_agreement *sa_agreement_load_buffer(const char *name, const char *data, size_t len,
                                       const char *schema_path, sa_diags *diags)
{
    sa_agreement_schema *schema = sa_agreement_schema_load(schema_path, diags);
    if (!schema)
        return NULL;
    sa_agreement *ag = sa_agreement_load_buffer_with(name, data, len, schema, diags);
    sa_agreement_schema_free(schema);
    return ag;
}

sa_agreement *sa_agreement_load(const char *path, const char *schema_path, sa_diags *diags)
{
    char *data = NULL;
    size_t len = 0;
    if (sa_file_read_all(path, SA_AGREEMENT_MAX_BYTES, &data, &len, diags) != 0)
        return NULL;
    sa_agreement *ag = sa_agreement_load_buffer(path, data, len, schema_path, diags);
    free(data);
    return ag;
}

void sa_agreement_free(sa_agreement *agreement)
{
    if (!agreement)
        return;
    sa_arena_free(agreement->arena);
}

/* ---- sniffing ------------------------------------------------------------- */

bool sa_agreement_sniff(const char *data, size_t len)
{
    if (!data)
        return false;
    lexer lx = {data, len, 0, 1, 1};
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        lx.i = 3;
    for (;;) {
        while (lx.i < len && is_space(data[lx.i]))
            lx.i++;
        if (lx.i >= len || data[lx.i] != '<')
            return false;
        if (lx_starts(&lx, "<?")) {
            if (!lx_skip_past(&lx, "?>"))
                return false;
        } else if (lx_starts(&lx, "<!--")) {
            if (!lx_skip_past(&lx, "-->"))
                return false;
        } else if (lx_starts(&lx, "<!")) {
            /* A DOCTYPE: skip it (brackets and quotes aware) so a hostile
             * agreement still reaches the loader, which refuses it. */
            int depth = 0;
            char quote = 0;
            lx.i += 2;
            while (lx.i < len) {
                char c = data[lx.i++];
                if (quote) {
                    if (c == quote)
                        quote = 0;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '[') {
                    depth++;
                } else if (c == ']') {
                    depth--;
                } else if (c == '>' && depth <= 0) {
                    break;
                }
            }
        } else {
            size_t s = lx.i + 1;
            size_t e = s;
            while (e < len && !is_space(data[e]) && data[e] != '>' && data[e] != '/')
                e++;
            const char *name = data + s;
            size_t nl = e - s;
            const char *colon = memchr(name, ':', nl);
            if (colon) {
                nl -= (size_t)(colon + 1 - name);
                name = colon + 1;
            }
            return nl == 9 && memcmp(name, "agreement", 9) == 0;
        }
    }
}
