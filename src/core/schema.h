/*
 * schema.h — a dataset's schema: the typed columns of one kind of return.
 *
 * The specification declares datasets (spec/), expressions resolve column
 * names and types against them (expr/) and returns are decoded by them
 * (returns/), so the type lives below all three. Loading and naming the
 * column types is the specification's (spec.h: sa_col_type_name/parse).
 */
#ifndef SA_SCHEMA_H
#define SA_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"

typedef enum sa_col_type {
    SA_COL_STRING = 0,
    SA_COL_INT,
    SA_COL_DECIMAL,
    SA_COL_BOOL,
    SA_COL_ENUM,
    SA_COL_DATE,
    SA_COL_DATETIME,
    SA_COL_DURATION,
    SA_COL_NHS_NUMBER,
    SA_COL_ODS_CODE,
    SA_COL_CHI_NUMBER, /* Scotland's Community Health Index number */
} sa_col_type;

typedef struct sa_column {
    const char *name;
    sa_col_type type;
    const char *description;
    bool required;   /* a cell may not be empty */
    bool unique;     /* no two rows of one file share a value */
    bool identifier; /* patient-identifying: masked in every output unless asked */
    const char *pattern;   /* string: PCRE2 pattern the whole cell must match, or NULL */
    void *pattern_code;    /* compiled pcre2_code_8 *, owned by the spec */
    sa_pos pattern_pos;
    int64_t max_length;    /* string: max characters (UTF-8 code points); 0 = none */
    const char **values;   /* enum: allowed values, case-sensitive */
    size_t nvalues;
    const char *format;    /* date/datetime: "iso" (default), "dd/mm/yyyy", "dd/mm/yyyy HH:MM" ... */
    bool has_min, has_max; /* int/decimal bounds */
    double min, max;
    const char *true_values;  /* bool: reserved; accepted spellings are documented */
    sa_pos pos;
} sa_column;

typedef struct sa_dataset {
    const char *name;
    const char *title;
    sa_column *columns;
    size_t ncolumns;
    const char **key; /* column names that identify a row (documentation; uniqueness via `unique`) */
    size_t nkey;
    const char **files; /* glob patterns matching file names of this dataset's returns */
    size_t nfiles;
    int provider_column; /* index of the column holding the provider's ODS code, -1 if none */
    sa_pos pos;
} sa_dataset;

#endif
