/* diag_codes.c — the registry of diagnostic codes, expanded from diag_codes.def. */
#include "core/diag_codes.h"

#include <string.h>

static const sa_diag_info registry[] = {
#define SA_DIAG(code, severity, title, description, help) {code, severity, title, description, help},
#include "core/diag_codes.def"
#undef SA_DIAG
};
#define REGISTRY_COUNT (sizeof registry / sizeof registry[0])

/* About 120 codes, looked up once per distinct code of a report: a linear
 * scan costs less than keeping a sorted copy in step with the list. */
const sa_diag_info *sa_diag_info_find(const char *code)
{
    if (!code)
        return NULL;
    for (size_t i = 0; i < REGISTRY_COUNT; i++)
        if (strcmp(registry[i].code, code) == 0)
            return &registry[i];
    return NULL;
}

size_t sa_diag_info_count(void)
{
    return REGISTRY_COUNT;
}

const sa_diag_info *sa_diag_info_at(size_t i)
{
    return i < REGISTRY_COUNT ? &registry[i] : NULL;
}
