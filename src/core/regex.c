/* regex.c — PCRE2 matching under the limits of regex.h. */
#include "core/regex.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/alloc.h"

static pcre2_match_context *limits_context;
static pthread_once_t limits_once = PTHREAD_ONCE_INIT;

/* One context for the process: pcre2_match only reads it, so threads share it. */
static void make_context(void)
{
    limits_context = pcre2_match_context_create(NULL);
    if (!limits_context)
        sa_oom();
    pcre2_set_match_limit(limits_context, SA_REGEX_MATCH_LIMIT);
    pcre2_set_depth_limit(limits_context, SA_REGEX_DEPTH_LIMIT);
    pcre2_set_heap_limit(limits_context, SA_REGEX_HEAP_LIMIT_KIB);
}

sa_regex_rc sa_regex_match(const void *code, const char *s, size_t len, uint32_t options,
                           void *match_data)
{
    pthread_once(&limits_once, make_context);
    pcre2_match_data *md = match_data;
    pcre2_match_data *own = NULL;
    if (!md) {
        own = pcre2_match_data_create_from_pattern(code, NULL);
        if (!own)
            return SA_REGEX_UNDECIDED;
        md = own;
    }
    int rc = pcre2_match(code, (PCRE2_SPTR)s, len, 0, options, md, limits_context);
    pcre2_match_data_free(own);
    if (rc >= 0)
        return SA_REGEX_MATCH;
    return rc == PCRE2_ERROR_NOMATCH ? SA_REGEX_NOMATCH : SA_REGEX_UNDECIDED;
}
