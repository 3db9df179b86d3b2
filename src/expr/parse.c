/*
 * parse.c — lexer and recursive-descent parser for rule expressions.
 *
 * Precedence, loosest first: or; and; not; comparison (== != < <= > >=,
 * [not] in, ~, !~, is [not] empty — these do not chain); primary (literal,
 * column, function call, parenthesised expression). The first syntax error
 * stops the parse: later errors would only echo it.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/datetime.h"
#include "expr/expr_internal.h"

typedef enum tok_kind {
    TK_EOF = 0,
    TK_IDENT,
    TK_QIDENT, /* `quoted column name` */
    TK_STRING,
    TK_INT,
    TK_DECIMAL,
    TK_PERCENT,
    TK_DURATION,
    TK_DATE,
    TK_DATETIME,
    TK_TRUE,
    TK_FALSE,
    TK_AND,
    TK_OR,
    TK_NOT,
    TK_IN,
    TK_IS,
    TK_EMPTY,
    TK_EQ,
    TK_NE,
    TK_LT,
    TK_LE,
    TK_GT,
    TK_GE,
    TK_MATCH,
    TK_NMATCH,
    TK_LPAREN,
    TK_RPAREN,
    TK_LBRACKET,
    TK_RBRACKET,
    TK_COMMA,
    TK_MINUS,
    TK_ERROR,
} tok_kind;

typedef struct token {
    tok_kind kind;
    size_t off;
    size_t len;
    sa_value val;    /* literals */
    double percent;  /* TK_PERCENT: the number written before % */
    const char *str; /* TK_STRING / TK_QIDENT: decoded text (arena) */
    size_t str_len;
    size_t str_off; /* offset of the first content byte */
} token;

typedef struct parser {
    expr_ctx *c;
    size_t at; /* lexer position */
    token tok; /* current token */
    int depth;
    bool failed;
} parser;

static bool is_ident_start(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static bool is_ident_char(char ch)
{
    return is_ident_start(ch) || (ch >= '0' && ch <= '9');
}

static bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static void syntax_error(parser *p, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void syntax_error(parser *p, size_t off, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = true;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    expr_error(p->c, off, "E-EXPR-SYNTAX", "%s", msg);
}

/* Describes the current token for "found ..." in messages. */
static const char *tok_text(const parser *p, const token *t, char *buf, size_t size)
{
    if (t->kind == TK_EOF)
        return "the end of the expression";
    size_t n = t->len < 40 ? t->len : 40;
    snprintf(buf, size, "'%.*s'%s", (int)n, p->c->text + t->off, t->len > 40 ? "..." : "");
    return buf;
}

static const struct {
    const char *word;
    tok_kind kind;
} keywords[] = {
    {"and", TK_AND}, {"or", TK_OR},       {"not", TK_NOT},   {"in", TK_IN},
    {"is", TK_IS},   {"empty", TK_EMPTY}, {"true", TK_TRUE}, {"false", TK_FALSE},
};

/* Reads a quoted run ('..' "..", or `..` for column names); a doubled quote
 * stands for the quote itself. No backslash escapes: regexes stay readable. */
static bool lex_quoted(parser *p, token *t, char quote)
{
    const char *s = p->c->text;
    size_t len = p->c->len;
    size_t i = p->at + 1;
    sa_buf b = SA_BUF_INIT;
    for (;;) {
        if (i >= len) {
            sa_buf_free(&b);
            syntax_error(p, p->at, "unterminated %s: expected a closing %c",
                         quote == '`' ? "quoted column name" : "string", quote);
            return false;
        }
        if (s[i] == quote) {
            if (i + 1 < len && s[i + 1] == quote) {
                sa_buf_putc(&b, quote);
                i += 2;
                continue;
            }
            break;
        }
        sa_buf_putc(&b, s[i]);
        i++;
    }
    t->str_off = p->at + 1;
    t->str_len = b.len;
    t->str = sa_arena_strndup(p->c->e->arena, b.data ? b.data : "", b.len);
    sa_buf_free(&b);
    t->len = i + 1 - p->at;
    return true;
}

/* Numbers, percentages, durations, dates and datetimes all start with a digit. */
static bool lex_number(parser *p, token *t)
{
    const char *s = p->c->text;
    size_t len = p->c->len;
    size_t start = p->at;
    size_t i = start;
    while (i < len && is_digit(s[i]))
        i++;
    /* Date or datetime: YYYY-MM-DD[THH:MM[:SS]] */
    if (i - start == 4 && i < len && s[i] == '-') {
        size_t end = i;
        while (end < len && (is_digit(s[end]) || s[end] == '-' || s[end] == ':' || s[end] == 'T'))
            end++;
        t->len = end - start;
        if (t->len > 10) {
            if (!sa_datetime_parse_iso(s + start, t->len, &t->val.as.dt) || s[start + 10] != 'T') {
                syntax_error(p, start, "'%.*s' is not a valid datetime: expected YYYY-MM-DDTHH:MM",
                             (int)(t->len < 40 ? t->len : 40), s + start);
                return false;
            }
            t->kind = TK_DATETIME;
            t->val.kind = SA_VAL_DATETIME;
        } else {
            if (!sa_date_parse_iso(s + start, t->len, &t->val.as.date)) {
                syntax_error(p, start, "'%.*s' is not a valid date: expected YYYY-MM-DD",
                             (int)t->len, s + start);
                return false;
            }
            t->kind = TK_DATE;
            t->val.kind = SA_VAL_DATE;
        }
        t->val.enum_index = -1;
        return true;
    }
    bool decimal = false;
    if (i + 1 < len && s[i] == '.' && is_digit(s[i + 1])) {
        decimal = true;
        i++;
        while (i < len && is_digit(s[i]))
            i++;
    }
    if (i - start - (decimal ? 1 : 0) > 18) {
        syntax_error(p, start, "number '%.*s' is too long: at most 18 digits",
                     (int)(i - start < 40 ? i - start : 40), s + start);
        return false;
    }
    char num[32];
    memcpy(num, s + start, i - start);
    num[i - start] = '\0';
    t->val.enum_index = -1;
    if (i < len && s[i] == '%') {
        t->kind = TK_PERCENT;
        t->percent = strtod(num, NULL);
        t->val.kind = SA_VAL_DECIMAL;
        t->val.as.d = t->percent / 100.0;
        i++;
    } else if (i < len && is_ident_start(s[i])) {
        /* A duration: digits and unit letters, e.g. 30m, 4h, 2d, 1w, 1h30m. */
        size_t end = i;
        while (end < len && is_ident_char(s[end]))
            end++;
        int64_t seconds;
        if (decimal || !sa_duration_parse(s + start, end - start, &seconds)) {
            syntax_error(
                p, start,
                "'%.*s' is not a valid duration: expected whole numbers with units s, m, h, d or w "
                "(e.g. 30m, 4h, 1h30m, 2d)",
                (int)(end - start < 40 ? end - start : 40), s + start);
            return false;
        }
        t->kind = TK_DURATION;
        t->val.kind = SA_VAL_DURATION;
        t->val.as.seconds = seconds;
        i = end;
    } else if (decimal) {
        t->kind = TK_DECIMAL;
        t->val.kind = SA_VAL_DECIMAL;
        t->val.as.d = strtod(num, NULL);
    } else {
        t->kind = TK_INT;
        t->val.kind = SA_VAL_INT;
        t->val.as.i = strtoll(num, NULL, 10);
    }
    if (i < len && (is_ident_char(s[i]) || s[i] == '.')) {
        syntax_error(p, i, "unexpected '%c' after the number '%.*s'", s[i], (int)(i - start),
                     s + start);
        return false;
    }
    t->len = i - start;
    return true;
}

static void lex_word(parser *p, token *t)
{
    const char *s = p->c->text;
    size_t end = p->at;
    while (end < p->c->len && is_ident_char(s[end]))
        end++;
    t->kind = TK_IDENT;
    t->len = end - p->at;
    for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++)
        if (strlen(keywords[k].word) == t->len && memcmp(keywords[k].word, s + p->at, t->len) == 0)
            t->kind = keywords[k].kind;
    if (t->kind == TK_TRUE || t->kind == TK_FALSE) {
        t->val.kind = SA_VAL_BOOL;
        t->val.enum_index = -1;
        t->val.as.b = t->kind == TK_TRUE;
    }
}

/* A quoted string ('...' or "...") or a quoted column name (`...`). */
static bool lex_quoted_token(parser *p, token *t, char quote)
{
    if (!lex_quoted(p, t, quote))
        return false;
    t->kind = quote == '`' ? TK_QIDENT : TK_STRING;
    if (t->kind == TK_STRING) {
        t->val.kind = SA_VAL_STRING;
        t->val.enum_index = -1;
        t->val.as.str.ptr = t->str;
        t->val.as.str.len = (uint32_t)t->str_len;
    }
    return true;
}

/* Operators spelt as in other languages get an error naming this one's spelling. */
static bool lex_misspelt_operator(parser *p, char ch, char nx)
{
    if (ch == '=' && nx != '=')
        syntax_error(p, p->at, "found '=': expected '==' to compare");
    else if (ch == '!' && nx != '=' && nx != '~')
        syntax_error(p, p->at, "found '!': expected '!=', '!~' or the word not");
    else if (ch == '<' && nx == '>')
        syntax_error(p, p->at, "found '<>': expected '!=' for not equal");
    else if (ch == '&' || ch == '|')
        syntax_error(p, p->at, "found '%c': expected the word %s", ch, ch == '&' ? "and" : "or");
    else
        return false;
    return true;
}

static bool lex_operator(parser *p, token *t, char ch, char nx)
{
    if (lex_misspelt_operator(p, ch, nx))
        return false;
    bool two = nx == '=' || (ch == '!' && nx == '~');
    switch (ch) {
    case '=': t->kind = TK_EQ; break;
    case '!': t->kind = nx == '=' ? TK_NE : TK_NMATCH; break;
    case '<': t->kind = nx == '=' ? TK_LE : TK_LT; break;
    case '>': t->kind = nx == '=' ? TK_GE : TK_GT; break;
    case '~': t->kind = TK_MATCH; two = false; break;
    case '(': t->kind = TK_LPAREN; two = false; break;
    case ')': t->kind = TK_RPAREN; two = false; break;
    case '[': t->kind = TK_LBRACKET; two = false; break;
    case ']': t->kind = TK_RBRACKET; two = false; break;
    case ',': t->kind = TK_COMMA; two = false; break;
    case '-': t->kind = TK_MINUS; two = false; break;
    default:
        if ((unsigned char)ch < 0x20 || (unsigned char)ch >= 0x7f)
            syntax_error(p, p->at, "unexpected character (byte 0x%02x)", (unsigned char)ch);
        else
            syntax_error(p, p->at, "unexpected character '%c'", ch);
        return false;
    }
    t->len = two ? 2 : 1;
    return true;
}

static void next(parser *p)
{
    const char *s = p->c->text;
    size_t len = p->c->len;
    while (p->at < len &&
           (s[p->at] == ' ' || s[p->at] == '\t' || s[p->at] == '\n' || s[p->at] == '\r'))
        p->at++;
    token *t = &p->tok;
    memset(t, 0, sizeof *t);
    t->off = p->at;
    t->len = 1;
    if (p->failed) {
        t->kind = TK_ERROR;
        return;
    }
    if (p->at >= len) {
        t->kind = TK_EOF;
        t->len = 0;
        return;
    }
    char ch = s[p->at];
    char nx = p->at + 1 < len ? s[p->at + 1] : '\0';
    bool ok = true;
    if (is_ident_start(ch))
        lex_word(p, t);
    else if (is_digit(ch))
        ok = lex_number(p, t);
    else if (ch == '\'' || ch == '"' || ch == '`')
        ok = lex_quoted_token(p, t, ch);
    else
        ok = lex_operator(p, t, ch, nx);
    if (!ok) {
        t->kind = TK_ERROR;
        return;
    }
    assert(t->len > 0 && t->off + t->len <= len); /* every token consumes input */
    p->at = t->off + t->len;
}

static expr_node *new_node(parser *p, expr_node_kind kind, size_t off, size_t end)
{
    expr_node *n = sa_arena_alloc(p->c->e->arena, sizeof *n);
    n->kind = kind;
    n->off = (uint32_t)off;
    n->start = (uint32_t)off;
    n->len = (uint32_t)(end > off ? end - off : 0);
    n->column = -1;
    n->link_term = -1;
    n->lit.enum_index = -1;
    return n;
}

/* End offset of the last consumed token. */
static size_t prev_end(const parser *p)
{
    size_t end = p->tok.off;
    const char *s = p->c->text;
    while (end > 0 &&
           (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\n' || s[end - 1] == '\r'))
        end--;
    return end;
}

static bool expect(parser *p, tok_kind kind, const char *what)
{
    if (p->tok.kind == kind) {
        next(p);
        return true;
    }
    char buf[64];
    syntax_error(p, p->tok.off, "expected %s, found %s", what,
                 tok_text(p, &p->tok, buf, sizeof buf));
    return false;
}

static bool enter(parser *p)
{
    if (++p->depth > SA_EXPR_MAX_DEPTH) {
        syntax_error(p, p->tok.off, "expression nested deeper than %d levels", SA_EXPR_MAX_DEPTH);
        return false;
    }
    return true;
}

static expr_node *parse_or(parser *p);

static bool is_literal_token(tok_kind k)
{
    return k == TK_STRING || k == TK_INT || k == TK_DECIMAL || k == TK_PERCENT ||
           k == TK_DURATION || k == TK_DATE || k == TK_DATETIME || k == TK_TRUE || k == TK_FALSE;
}

/* A literal, with an optional leading minus on numbers and durations. */
static expr_node *parse_literal(parser *p)
{
    size_t off = p->tok.off;
    bool minus = false;
    if (p->tok.kind == TK_MINUS) {
        minus = true;
        next(p);
        tok_kind k = p->tok.kind;
        if (k != TK_INT && k != TK_DECIMAL && k != TK_PERCENT && k != TK_DURATION) {
            char buf[64];
            syntax_error(p, p->tok.off, "expected a number after '-', found %s",
                         tok_text(p, &p->tok, buf, sizeof buf));
            return NULL;
        }
    }
    if (!is_literal_token(p->tok.kind)) {
        char buf[64];
        syntax_error(p, p->tok.off,
                     "expected a value (string, number, date, duration, true or false), found %s",
                     tok_text(p, &p->tok, buf, sizeof buf));
        return NULL;
    }
    expr_node *n = new_node(p, EN_LITERAL, off, p->tok.off + p->tok.len);
    n->lit = p->tok.val;
    if (p->tok.kind == TK_PERCENT) {
        n->lit_form = EL_PERCENT;
        n->percent = p->tok.percent;
    }
    if (p->tok.kind == TK_STRING) {
        n->str_off = (uint32_t)p->tok.str_off;
        n->quote = p->c->text[p->tok.off];
    }
    if (minus) {
        switch (n->lit.kind) {
        case SA_VAL_INT:
            n->lit.as.i = -n->lit.as.i;
            break;
        case SA_VAL_DECIMAL:
            n->lit.as.d = -n->lit.as.d;
            break;
        case SA_VAL_DURATION:
            n->lit.as.seconds = -n->lit.as.seconds;
            break;
        default:
            break;
        }
        n->percent = -n->percent;
    }
    next(p);
    return n;
}

static expr_node *parse_primary(parser *p)
{
    token t = p->tok;
    if (t.kind == TK_LPAREN) {
        if (!enter(p))
            return NULL;
        next(p);
        expr_node *inner = parse_or(p);
        if (!inner || !expect(p, TK_RPAREN, "')'"))
            return NULL;
        p->depth--;
        inner->start = (uint32_t)t.off;
        return inner;
    }
    if (t.kind == TK_IDENT || t.kind == TK_QIDENT) {
        next(p);
        const char *name = t.kind == TK_QIDENT
                               ? t.str
                               : sa_arena_strndup(p->c->e->arena, p->c->text + t.off, t.len);
        if (t.kind == TK_IDENT && p->tok.kind == TK_LPAREN) {
            if (!enter(p))
                return NULL;
            next(p);
            expr_node *call = new_node(p, EN_CALL, t.off, t.off + t.len);
            call->name = name;
            expr_node *args[8];
            size_t nargs = 0;
            if (p->tok.kind != TK_RPAREN) {
                for (;;) {
                    expr_node *arg = parse_or(p);
                    if (!arg)
                        return NULL;
                    if (nargs == sizeof args / sizeof args[0]) {
                        syntax_error(p, arg->off, "too many arguments: functions take at most %zu",
                                     sizeof args / sizeof args[0]);
                        return NULL;
                    }
                    args[nargs++] = arg;
                    if (p->tok.kind != TK_COMMA)
                        break;
                    next(p);
                }
            }
            if (!expect(p, TK_RPAREN, "',' or ')' in the argument list"))
                return NULL;
            p->depth--;
            call->nargs = nargs;
            call->args = sa_arena_calloc(p->c->e->arena, nargs ? nargs : 1, sizeof *call->args);
            memcpy(call->args, args, nargs * sizeof *args);
            call->len = (uint32_t)(prev_end(p) - t.off);
            return call;
        }
        expr_node *col = new_node(p, EN_COLUMN, t.off, t.off + t.len);
        col->name = name;
        return col;
    }
    if (is_literal_token(t.kind) || t.kind == TK_MINUS)
        return parse_literal(p);
    if (t.kind == TK_ERROR)
        return NULL;
    char buf[64];
    syntax_error(p, t.off, "expected a column, value, function call or '(', found %s",
                 tok_text(p, &t, buf, sizeof buf));
    return NULL;
}

static bool cmp_token(tok_kind k, expr_cmp *op)
{
    switch (k) {
    case TK_EQ:
        *op = EC_EQ;
        return true;
    case TK_NE:
        *op = EC_NE;
        return true;
    case TK_LT:
        *op = EC_LT;
        return true;
    case TK_LE:
        *op = EC_LE;
        return true;
    case TK_GT:
        *op = EC_GT;
        return true;
    case TK_GE:
        *op = EC_GE;
        return true;
    default:
        return false;
    }
}

static bool is_predicate_token(tok_kind k)
{
    expr_cmp op;
    return cmp_token(k, &op) || k == TK_IN || k == TK_MATCH || k == TK_NMATCH || k == TK_IS;
}

static expr_node *parse_list(parser *p, expr_node *n)
{
    if (!expect(p, TK_LBRACKET, "'[' to start the list after in"))
        return NULL;
    expr_node *items[256];
    size_t count = 0;
    for (;;) {
        if (p->tok.kind == TK_RBRACKET && count == 0) {
            syntax_error(p, p->tok.off, "empty list: expected at least one value between [ and ]");
            return NULL;
        }
        expr_node *item = parse_literal(p);
        if (!item)
            return NULL;
        if (count == sizeof items / sizeof items[0]) {
            syntax_error(p, item->off, "list too long: at most %zu values",
                         sizeof items / sizeof items[0]);
            return NULL;
        }
        items[count++] = item;
        if (p->tok.kind != TK_COMMA)
            break;
        next(p);
    }
    if (!expect(p, TK_RBRACKET, "',' or ']' in the list"))
        return NULL;
    n->items = sa_arena_calloc(p->c->e->arena, count, sizeof *n->items);
    memcpy(n->items, items, count * sizeof *items);
    n->nitems = count;
    return n;
}

static expr_node *parse_predicate(parser *p)
{
    expr_node *left = parse_primary(p);
    if (!left)
        return NULL;
    token t = p->tok;
    expr_cmp op;
    expr_node *n = NULL;
    if (cmp_token(t.kind, &op)) {
        next(p);
        expr_node *right = parse_primary(p);
        if (!right)
            return NULL;
        n = new_node(p, EN_CMP, left->off, right->off + right->len);
        n->op = op;
        n->left = left;
        n->right = right;
        n->off = (uint32_t)t.off; /* errors about the comparison point at the operator */
        n->len = (uint32_t)t.len;
    } else if (t.kind == TK_IN || (t.kind == TK_NOT && p->at < p->c->len)) {
        if (t.kind == TK_NOT) {
            /* `x not in [...]`; any other `not` here is a syntax error below. */
            size_t save_at = p->at;
            token save = p->tok;
            next(p);
            if (p->tok.kind != TK_IN) {
                p->at = save_at;
                p->tok = save;
                return left;
            }
        }
        n = new_node(p, EN_IN, t.off, t.off + t.len);
        n->negated = t.kind == TK_NOT;
        n->left = left;
        next(p);
        if (!parse_list(p, n))
            return NULL;
    } else if (t.kind == TK_MATCH || t.kind == TK_NMATCH) {
        next(p);
        if (p->tok.kind != TK_STRING) {
            char buf[64];
            syntax_error(p, p->tok.off, "expected a quoted regular expression after '%s', found %s",
                         t.kind == TK_MATCH ? "~" : "!~", tok_text(p, &p->tok, buf, sizeof buf));
            return NULL;
        }
        n = new_node(p, EN_MATCH, t.off, t.off + t.len);
        n->negated = t.kind == TK_NMATCH;
        n->left = left;
        n->right = parse_literal(p);
        if (!n->right)
            return NULL;
    } else if (t.kind == TK_IS) {
        next(p);
        n = new_node(p, EN_IS_EMPTY, t.off, t.off + t.len);
        if (p->tok.kind == TK_NOT) {
            n->negated = true;
            next(p);
        }
        if (p->tok.kind != TK_EMPTY) {
            char buf[64];
            syntax_error(p, p->tok.off, "expected 'empty' after '%s', found %s",
                         n->negated ? "is not" : "is", tok_text(p, &p->tok, buf, sizeof buf));
            return NULL;
        }
        n->left = left;
        n->len = (uint32_t)(p->tok.off + p->tok.len - t.off);
        next(p);
    } else {
        return left;
    }
    n->start = left->start;
    if (is_predicate_token(p->tok.kind)) {
        syntax_error(p, p->tok.off,
                     "comparisons do not chain: join them with and/or, e.g. a < b and b < c");
        return NULL;
    }
    return n;
}

static expr_node *parse_not(parser *p)
{
    if (p->tok.kind == TK_NOT) {
        size_t off = p->tok.off;
        if (!enter(p))
            return NULL;
        next(p);
        expr_node *operand = parse_not(p);
        if (!operand)
            return NULL;
        p->depth--;
        expr_node *n = new_node(p, EN_NOT, off, off + 3);
        n->left = operand;
        return n;
    }
    return parse_predicate(p);
}

static expr_node *parse_and(parser *p)
{
    expr_node *left = parse_not(p);
    while (left && p->tok.kind == TK_AND) {
        size_t off = p->tok.off;
        next(p);
        expr_node *right = parse_not(p);
        if (!right)
            return NULL;
        expr_node *n = new_node(p, EN_AND, off, off + 3);
        n->start = left->start;
        n->left = left;
        n->right = right;
        left = n;
    }
    return left;
}

static expr_node *parse_or(parser *p)
{
    expr_node *left = parse_and(p);
    while (left && p->tok.kind == TK_OR) {
        size_t off = p->tok.off;
        next(p);
        expr_node *right = parse_and(p);
        if (!right)
            return NULL;
        expr_node *n = new_node(p, EN_OR, off, off + 2);
        n->start = left->start;
        n->left = left;
        n->right = right;
        left = n;
    }
    return left;
}

expr_node *expr_parse(expr_ctx *c)
{
    parser p = {.c = c};
    if (c->len > SA_EXPR_MAX_LENGTH) {
        syntax_error(&p, SA_EXPR_MAX_LENGTH, "expression longer than %d bytes", SA_EXPR_MAX_LENGTH);
        return NULL;
    }
    if (memchr(c->text, '\0', c->len)) {
        syntax_error(&p, (size_t)((const char *)memchr(c->text, '\0', c->len) - c->text),
                     "unexpected NUL byte in the expression");
        return NULL;
    }
    next(&p);
    if (p.tok.kind == TK_EOF) {
        syntax_error(&p, 0, "empty expression: expected a condition such as urgency == 'urgent'");
        return NULL;
    }
    expr_node *root = parse_or(&p);
    if (root && p.tok.kind != TK_EOF && !p.failed) {
        char buf[64];
        const char *hint = "";
        if (p.tok.kind == TK_IDENT || is_literal_token(p.tok.kind) || p.tok.kind == TK_LPAREN)
            hint = " (missing and/or?)";
        syntax_error(&p, p.tok.off, "expected and, or or the end of the expression, found %s%s",
                     tok_text(&p, &p.tok, buf, sizeof buf), hint);
    }
    if (p.failed)
        return NULL;
    return root;
}
