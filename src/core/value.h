/*
 * value.h — a typed cell value as decoded from a return and as computed by
 * expressions. Plain value type; strings point into memory owned by whoever
 * produced the value (the CSV reader's row buffer: valid until the next row).
 */
#ifndef SA_VALUE_H
#define SA_VALUE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/datetime.h"

typedef enum sa_value_kind {
    SA_VAL_EMPTY = 0, /* empty cell, or a cell that failed to decode: "unknown" */
    SA_VAL_STRING,    /* string, enum, nhs_number (10 digits, no spaces), ods_code (upper case) */
    SA_VAL_INT,
    SA_VAL_DECIMAL,
    SA_VAL_BOOL,
    SA_VAL_DATE,
    SA_VAL_DATETIME,
    SA_VAL_DURATION,
} sa_value_kind;

typedef struct sa_value {
    sa_value_kind kind;
    int32_t enum_index; /* for enum columns: index into the column's values; else -1 */
    union {
        struct {
            const char *ptr;
            uint32_t len;
        } str;
        int64_t i;
        double d;
        bool b;
        sa_date date;
        sa_datetime dt;
        int64_t seconds; /* duration */
    } as;
} sa_value;

static inline bool sa_value_is_empty(const sa_value *v)
{
    return v->kind == SA_VAL_EMPTY;
}

#endif
