/* options.c — what every command's options share: the --max-* options that
 * raise (or lower) the input limits, option errors, counts and report formats. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/alloc.h"

/* Later stages walk specification trees recursively: nesting stays far from
 * anything that could exhaust the stack, whatever the user asks for. */
#define YAML_NEST_CEILING 1000

#define F(member) offsetof(sa_app_limits, member)
#define NO_FIELD SIZE_MAX
static const struct limit_option {
    const char *name; /* without the leading "--" */
    size_t field[2];  /* offsets in sa_app_limits of the size_t it sets (NO_FIELD: none) */
    unsigned group;
    bool bytes; /* accepts K, M and G suffixes */
    uint64_t max;
    const char *help;
} options[] = {
    {"max-input-bytes", {F(spec.max_bytes), F(agreement_max_bytes)}, SA_CLI_LIMITS_SPEC, true, (uint64_t)INT32_MAX,
     "largest specification or agreement read (default 16M for a\n"
     "specification, 4M for an agreement; given, one limit for both)"},
    {"max-depth", {F(spec.max_depth), NO_FIELD}, SA_CLI_LIMITS_SPEC, false, YAML_NEST_CEILING,
     "deepest nesting in a specification (default 64, at most 1000)"},
    {"max-alias-expansions", {F(spec.max_alias_expansions), NO_FIELD}, SA_CLI_LIMITS_SPEC, false, UINT32_MAX,
     "nodes YAML aliases may expand to (default 10000)"},
    {"max-field-bytes", {F(csv.max_field_bytes), NO_FIELD}, SA_CLI_LIMITS_CSV, true, (uint64_t)1 << 30,
     "longest field in a return (default 1M, at most 1G)"},
    {"max-columns", {F(csv.max_columns), NO_FIELD}, SA_CLI_LIMITS_CSV, false, 1u << 20,
     "most columns in a return (default 4096, at most 1048576)"},
    {"max-providers", {F(max_providers), NO_FIELD}, SA_CLI_LIMITS_CHECK, false, 1u << 20,
     "most providers assessed in one run (default 1000)"},
    {"max-periods", {F(max_periods), NO_FIELD}, SA_CLI_LIMITS_CHECK, false, 1u << 28,
     "most period results in one run: each requirement's periods for\n"
     "each provider and the system (default 1000000)"},
    {"max-linked-keys", {F(max_linked_keys), NO_FIELD}, SA_CLI_LIMITS_CHECK, false, 1u << 26,
     "most distinct keys a requirement's link summarises (default\n"
     "1000000, at most 67108864)"},
};
#define NOPTIONS (sizeof options / sizeof options[0])

void sa_cli_limits_help(FILE *out, unsigned groups, int width)
{
    for (size_t i = 0; i < NOPTIONS; i++) {
        if (!(options[i].group & groups))
            continue;
        char opt[64];
        snprintf(opt, sizeof opt, "--%s %s", options[i].name, options[i].bytes ? "SIZE" : "N");
        /* An option wider than the column gets its text on the next line. */
        if ((int)strlen(opt) >= width - 1)
            fprintf(out, "  %s\n%*s", opt, width + 2, "");
        else
            fprintf(out, "  %-*s", width, opt);
        for (const char *p = options[i].help; *p; p++) {
            fputc(*p, out);
            if (*p == '\n')
                fprintf(out, "%*s", width + 2, "");
        }
        fputc('\n', out);
    }
    fputs("  (SIZE: bytes, or a number followed by K, M or G)\n", out);
}

/* A positive whole number, with a K, M or G (binary) suffix when `bytes`. */
static bool parse_amount(const char *s, bool bytes, uint64_t max, uint64_t *out)
{
    if (*s < '0' || *s > '9')
        return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0)
        return false;
    unsigned shift = 0;
    if (bytes && *end && !end[1]) {
        switch (*end) {
        case 'K': case 'k': shift = 10; break;
        case 'M': case 'm': shift = 20; break;
        case 'G': case 'g': shift = 30; break;
        default: return false;
        }
        end++;
    }
    if (*end != '\0' || v == 0 || v > (max >> shift))
        return false;
    *out = (uint64_t)v << shift;
    return true;
}

/* Limit options come back from getopt_long as LIMIT_CODE + their index. */
#define LIMIT_CODE 0x1000

struct option *sa_cli_longopts(const struct option *own, unsigned groups)
{
    size_t n = 0;
    while (own[n].name)
        n++;
    struct option *all = sa_xcalloc(n + NOPTIONS + 1, sizeof *all);
    memcpy(all, own, n * sizeof *all);
    for (size_t k = 0; k < NOPTIONS; k++)
        if (options[k].group & groups)
            all[n++] = (struct option){options[k].name, required_argument, NULL, LIMIT_CODE + (int)k};
    return all;
}

int sa_cli_limit_option(const char *cmd, int c, const char *arg, sa_app_limits *limits)
{
    if (c < LIMIT_CODE || c >= LIMIT_CODE + (int)NOPTIONS)
        return 0;
    const struct limit_option *o = &options[c - LIMIT_CODE];
    uint64_t x;
    if (!parse_amount(arg, o->bytes, o->max, &x)) {
        sa_cli_usage_error(cmd, "--%s expects a whole number from 1 to %llu%s, found '%s'", o->name,
                           (unsigned long long)o->max, o->bytes ? " (K, M or G may follow)" : "", arg);
        return -1;
    }
    for (size_t f = 0; f < 2 && o->field[f] != NO_FIELD; f++)
        *(size_t *)((char *)limits + o->field[f]) = (size_t)x;
    return 1;
}

int sa_cli_bad_option(const char *cmd, int c, char **argv)
{
    const char *arg = argv[optind - 1];
    if (c == ':')
        return sa_cli_usage_error(cmd, "option %s needs a value", arg);
    /* A short option inside a cluster ("-qx") is named alone. */
    if (optopt && !(arg[0] == '-' && arg[1] == optopt && arg[2] == '\0'))
        return sa_cli_usage_error(cmd, "unknown option '-%c'", optopt);
    return sa_cli_usage_error(cmd, "unknown option '%s'", arg);
}

bool sa_cli_parse_count(const char *s, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || errno != 0 || v < min || v > max)
        return false;
    *out = v;
    return true;
}

bool sa_cli_format_parse(const char *cmd, const char *value, unsigned allowed, sa_format *out)
{
    if (sa_format_parse(value, out) && (allowed & SA_FMT(*out)))
        return true;
    char list[128];
    sa_app_format_list(allowed, list, sizeof list);
    sa_cli_usage_error(cmd, "--format expects %s, found '%s'", list, value);
    return false;
}
