/* limits.c — the --max-* options that raise (or lower) the input limits. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreement/agreement.h"
#include "checks/checks.h"
#include "cli/cli.h"
#include "core/fileio.h"

/* Later stages walk specification trees recursively: nesting stays far from
 * anything that could exhaust the stack, whatever the user asks for. */
#define YAML_NEST_CEILING 1000

void sa_cli_limits_default(sa_cli_limits *limits)
{
    sa_spec_limits_default(&limits->spec);
    sa_csv_limits_default(&limits->csv);
    limits->agreement_max_bytes = SA_AGREEMENT_MAX_BYTES;
    limits->max_providers = SA_CHECK_MAX_PROVIDERS;
    limits->max_periods = SA_CHECK_MAX_PERIODS;
}

typedef enum limit_id {
    LIM_INPUT, LIM_DEPTH, LIM_ALIAS, LIM_FIELD, LIM_COLUMNS, LIM_PROVIDERS, LIM_PERIODS
} limit_id;

static const struct limit_option {
    const char *name;
    limit_id id;
    unsigned group;
    bool bytes; /* accepts K, M and G suffixes */
    uint64_t max;
    const char *help;
} options[] = {
    {"--max-input-bytes", LIM_INPUT, SA_CLI_LIMITS_SPEC, true, (uint64_t)INT32_MAX,
     "largest specification or agreement read (default 16M for a\n"
     "specification, 4M for an agreement; given, one limit for both)"},
    {"--max-depth", LIM_DEPTH, SA_CLI_LIMITS_SPEC, false, YAML_NEST_CEILING,
     "deepest nesting in a specification (default 64, at most 1000)"},
    {"--max-alias-expansions", LIM_ALIAS, SA_CLI_LIMITS_SPEC, false, UINT32_MAX,
     "nodes YAML aliases may expand to (default 10000)"},
    {"--max-field-bytes", LIM_FIELD, SA_CLI_LIMITS_CSV, true, (uint64_t)1 << 30,
     "longest field in a return (default 1M, at most 1G)"},
    {"--max-columns", LIM_COLUMNS, SA_CLI_LIMITS_CSV, false, 1u << 20,
     "most columns in a return (default 4096, at most 1048576)"},
    {"--max-providers", LIM_PROVIDERS, SA_CLI_LIMITS_CHECK, false, 1u << 20,
     "most providers assessed in one run (default 1000)"},
    {"--max-periods", LIM_PERIODS, SA_CLI_LIMITS_CHECK, false, 1u << 28,
     "most period results in one run: each requirement's periods for\n"
     "each provider and the system (default 1000000)"},
};
#define NOPTIONS (sizeof options / sizeof options[0])

void sa_cli_limits_help(FILE *out, unsigned groups, int width)
{
    for (size_t i = 0; i < NOPTIONS; i++) {
        if (!(options[i].group & groups))
            continue;
        char opt[64];
        snprintf(opt, sizeof opt, "%s %s", options[i].name, options[i].bytes ? "SIZE" : "N");
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

int sa_cli_limits_option(const char *cmd, unsigned groups, int argc, char **argv, int *i,
                         sa_cli_limits *limits)
{
    const char *a = argv[*i];
    for (size_t k = 0; k < NOPTIONS; k++) {
        const struct limit_option *o = &options[k];
        size_t n = strlen(o->name);
        if (!(o->group & groups) || strncmp(a, o->name, n) != 0 || (a[n] != '\0' && a[n] != '='))
            continue;
        const char *v = a[n] == '=' ? a + n + 1 : (*i + 1 < argc ? argv[++*i] : NULL);
        uint64_t x;
        if (!v) {
            sa_cli_usage_error(cmd, "option %s needs a value", o->name);
            return -1;
        }
        if (!parse_amount(v, o->bytes, o->max, &x)) {
            sa_cli_usage_error(cmd, "%s expects a whole number from 1 to %llu%s, found '%s'", o->name,
                               (unsigned long long)o->max, o->bytes ? " (K, M or G may follow)" : "", v);
            return -1;
        }
        switch (o->id) {
        case LIM_INPUT:
            limits->spec.max_bytes = (size_t)x;
            limits->agreement_max_bytes = (size_t)x;
            break;
        case LIM_DEPTH:
            limits->spec.max_depth = (size_t)x;
            break;
        case LIM_ALIAS:
            limits->spec.max_alias_expansions = (size_t)x;
            break;
        case LIM_FIELD:
            limits->csv.max_field_bytes = (size_t)x;
            break;
        case LIM_COLUMNS:
            limits->csv.max_columns = (size_t)x;
            break;
        case LIM_PROVIDERS:
            limits->max_providers = (size_t)x;
            break;
        case LIM_PERIODS:
            limits->max_periods = (size_t)x;
            break;
        }
        return 1;
    }
    return 0;
}

sa_agreement *sa_cli_load_agreement(const char *path, const sa_agreement_schema *schema,
                                    const sa_cli_limits *limits, sa_diags *diags)
{
    char *data = NULL;
    size_t len = 0;
    if (sa_file_read_all(path, limits->agreement_max_bytes, &data, &len, diags) != 0)
        return NULL;
    sa_agreement *ag = sa_agreement_load_buffer_with(path, data, len, schema, diags);
    free(data);
    return ag;
}
