/* model.c — names of the specification model's enums, lookups, role matching. */
#include <string.h>

#include "core/regex.h"
#include "spec/spec.h"

static const char *const col_type_names[] = {
    [SA_COL_STRING] = "string",         [SA_COL_INT] = "int",          [SA_COL_DECIMAL] = "decimal",
    [SA_COL_BOOL] = "bool",             [SA_COL_ENUM] = "enum",        [SA_COL_DATE] = "date",
    [SA_COL_DATETIME] = "datetime",     [SA_COL_DURATION] = "duration", [SA_COL_NHS_NUMBER] = "nhs_number",
    [SA_COL_ODS_CODE] = "ods_code",     [SA_COL_CHI_NUMBER] = "chi_number",
};
#define NCOL_TYPES (sizeof col_type_names / sizeof col_type_names[0])

const char *sa_col_type_name(sa_col_type t)
{
    return (size_t)t < NCOL_TYPES ? col_type_names[t] : "?";
}

bool sa_col_type_parse(const char *name, sa_col_type *out)
{
    for (size_t i = 0; i < NCOL_TYPES; i++)
        if (strcmp(name, col_type_names[i]) == 0) {
            *out = (sa_col_type)i;
            return true;
        }
    return false;
}

bool sa_col_type_identifies_patient(sa_col_type t)
{
    return t == SA_COL_NHS_NUMBER || t == SA_COL_CHI_NUMBER;
}

static const char *const per_names[] = {
    [SA_PER_PERIOD] = "period", [SA_PER_WEEK] = "week",       [SA_PER_FORTNIGHT] = "fortnight",
    [SA_PER_MONTH] = "month",   [SA_PER_QUARTER] = "quarter", [SA_PER_YEAR] = "year",
};
#define NPER (sizeof per_names / sizeof per_names[0])

const char *sa_per_name(sa_per p)
{
    return (size_t)p < NPER ? per_names[p] : "?";
}

bool sa_per_parse(const char *name, sa_per *out)
{
    for (size_t i = 0; i < NPER; i++)
        if (strcmp(name, per_names[i]) == 0) {
            *out = (sa_per)i;
            return true;
        }
    return false;
}

const char *sa_assess_name(sa_assess a)
{
    return a == SA_ASSESS_OVERALL ? "overall" : "every_period";
}

static const char *const day_names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

static int day_index(const char *s, size_t len)
{
    if (len != 3)
        return -1;
    for (int i = 0; i < 7; i++)
        if (strncmp(s, day_names[i], 3) == 0)
            return i;
    return -1;
}

bool sa_days_parse(const char *text, uint8_t *mask)
{
    uint8_t m = 0;
    const char *p = text;
    if (!text)
        return false;
    for (;;) {
        while (*p == ' ')
            p++;
        const char *a = p;
        while (*p >= 'a' && *p <= 'z')
            p++;
        int from = day_index(a, (size_t)(p - a));
        if (from < 0)
            return false;
        int to = from;
        while (*p == ' ')
            p++;
        if (*p == '-') {
            p++;
            while (*p == ' ')
                p++;
            const char *c = p;
            while (*p >= 'a' && *p <= 'z')
                p++;
            to = day_index(c, (size_t)(p - c));
            if (to < 0)
                return false;
            while (*p == ' ')
                p++;
        }
        /* A range may wrap over the weekend: "sat-mon". */
        for (int d = from;; d = (d + 1) % 7) {
            m |= (uint8_t)(1u << d);
            if (d == to)
                break;
        }
        if (*p == '\0')
            break;
        if (*p != ',')
            return false;
        p++;
    }
    *mask = m;
    return true;
}

void sa_days_format(uint8_t mask, char out[32])
{
    size_t n = 0;
    out[0] = '\0';
    mask &= SA_DAYS_ALL;
    if (mask == SA_DAYS_ALL) {
        strcpy(out, "mon-sun");
        return;
    }
    int d = 0;
    while (d < 7) {
        if (!(mask & (1u << d))) {
            d++;
            continue;
        }
        int e = d;
        while (e + 1 < 7 && (mask & (1u << (e + 1))))
            e++;
        if (n)
            out[n++] = ',';
        memcpy(out + n, day_names[d], 3);
        n += 3;
        if (e > d) {
            out[n++] = e == d + 1 ? ',' : '-';
            memcpy(out + n, day_names[e], 3);
            n += 3;
        }
        d = e + 1;
    }
    out[n] = '\0';
}

const sa_dataset *sa_spec_find_dataset(const sa_spec *spec, const char *name)
{
    if (!spec || !name)
        return NULL;
    for (size_t i = 0; i < spec->ndatasets; i++)
        if (spec->datasets[i].name && strcmp(spec->datasets[i].name, name) == 0)
            return &spec->datasets[i];
    return NULL;
}

const sa_requirement *sa_spec_find_requirement(const sa_spec *spec, const char *id)
{
    if (!spec || !id)
        return NULL;
    for (size_t i = 0; i < spec->nrequirements; i++)
        if (spec->requirements[i].id && strcmp(spec->requirements[i].id, id) == 0)
            return &spec->requirements[i];
    return NULL;
}

const sa_role *sa_spec_find_role(const sa_spec *spec, const char *name)
{
    if (!spec || !name)
        return NULL;
    for (size_t i = 0; i < spec->nroles; i++)
        if (strcmp(spec->roles[i].name, name) == 0)
            return &spec->roles[i];
    return NULL;
}

int sa_dataset_find_column(const sa_dataset *ds, const char *name)
{
    if (!ds || !name)
        return -1;
    for (size_t i = 0; i < ds->ncolumns; i++)
        if (strcmp(ds->columns[i].name, name) == 0)
            return (int)i;
    return -1;
}

int sa_spec_match_role(const sa_spec *spec, const char *title, size_t len, void *match_data)
{
    if (!spec || !title || len > SA_ROLE_TITLE_MAX)
        return -1;
    for (size_t i = 0; i < spec->nroles; i++) {
        if (!spec->roles[i].pattern_code)
            continue;
        sa_regex_rc rc = sa_regex_match(spec->roles[i].pattern_code, title, len, 0, match_data);
        /* Roles are tried in order: one undecided hides whether a later one is the first match. */
        if (rc != SA_REGEX_NOMATCH)
            return rc == SA_REGEX_MATCH ? (int)i : SA_ROLE_UNDECIDED;
    }
    return -1;
}
