/* stub.c — placeholder definitions so the library links; replaced by the specification loader. */
#include "spec/spec.h"

void sa_spec_limits_default(sa_spec_limits *limits) { (void)limits; }
sa_spec *sa_spec_load(const char *path, const sa_spec_limits *limits, sa_diags *diags)
{ (void)path; (void)limits; (void)diags; return NULL; }
sa_spec *sa_spec_load_buffer(const char *name, const char *data, size_t len, const sa_spec_limits *limits, sa_diags *diags)
{ (void)name; (void)data; (void)len; (void)limits; (void)diags; return NULL; }
void sa_spec_free(sa_spec *spec) { (void)spec; }
const sa_dataset *sa_spec_find_dataset(const sa_spec *spec, const char *name) { (void)spec; (void)name; return NULL; }
const sa_requirement *sa_spec_find_requirement(const sa_spec *spec, const char *id) { (void)spec; (void)id; return NULL; }
const sa_role *sa_spec_find_role(const sa_spec *spec, const char *name) { (void)spec; (void)name; return NULL; }
int sa_dataset_find_column(const sa_dataset *ds, const char *name) { (void)ds; (void)name; return -1; }
int sa_spec_match_role(const sa_spec *spec, const char *title, size_t len, void *match_data)
{ (void)spec; (void)title; (void)len; (void)match_data; return -1; }
const char *sa_col_type_name(sa_col_type t) { (void)t; return "string"; }
bool sa_col_type_parse(const char *name, sa_col_type *out) { (void)name; (void)out; return false; }
const char *sa_check_kind_name(sa_check_kind k) { (void)k; return "?"; }
bool sa_check_kind_parse(const char *name, sa_check_kind *out) { (void)name; (void)out; return false; }
const char *sa_per_name(sa_per p) { (void)p; return "?"; }
bool sa_per_parse(const char *name, sa_per *out) { (void)name; (void)out; return false; }
bool sa_days_parse(const char *text, uint8_t *mask) { (void)text; (void)mask; return false; }
void sa_days_format(uint8_t mask, char out[32]) { (void)mask; out[0] = '\0'; }
