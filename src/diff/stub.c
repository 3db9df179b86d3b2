/* stub.c — placeholder definitions so the library links; replaced by diff. */
#include "diff/diff.h"

const char *sa_change_class_name(sa_change_class c) { (void)c; return "?"; }
sa_diff *sa_diff_specs(const sa_spec *old_spec, const sa_spec *new_spec) { (void)old_spec; (void)new_spec; return NULL; }
sa_diff *sa_diff_agreements(const sa_agreement *old_agr, const sa_agreement *new_agr) { (void)old_agr; (void)new_agr; return NULL; }
void sa_diff_free(sa_diff *diff) { (void)diff; }
size_t sa_diff_count(const sa_diff *diff) { (void)diff; return 0; }
const sa_change *sa_diff_at(const sa_diff *diff, size_t i) { (void)diff; (void)i; return NULL; }
int sa_diff_render(const sa_diff *diff, const char *old_name, const char *new_name, const char *format, sa_buf *out)
{ (void)diff; (void)old_name; (void)new_name; (void)format; (void)out; return -1; }
