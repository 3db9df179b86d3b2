/*
 * diag_codes.h — the registry of diagnostic codes: for each code its
 * severity, a title, a description and optional help, from the one list in
 * diag_codes.def. Renderers describe a code with it (SARIF rules); the
 * documentation's code tables are generated from it.
 *
 * Call sites keep writing codes as string literals (sa_diags_error(d,
 * "E-SPEC-TYPE", ...)); a test checks that each one is registered here.
 */
#ifndef SA_DIAG_CODES_H
#define SA_DIAG_CODES_H

#include <stddef.h>

#include "core/diag.h"

typedef struct sa_diag_info {
    const char *code;
    sa_severity severity;
    const char *title;       /* a few words */
    const char *description; /* when it is reported: one or two sentences */
    const char *help;        /* what to do about it; NULL when the description says it all */
} sa_diag_info;

/** The entry of `code`, or NULL when the code is not registered. */
const sa_diag_info *sa_diag_info_find(const char *code);
/** Number of registered codes; entries in the list's order. */
size_t sa_diag_info_count(void);
const sa_diag_info *sa_diag_info_at(size_t i);

#endif
