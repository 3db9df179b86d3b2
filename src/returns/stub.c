/* stub.c — placeholder definitions so the library links; replaced by the returns reader. */
#include "returns/returns.h"

void sa_csv_limits_default(sa_csv_limits *limits) { (void)limits; }
sa_csv *sa_csv_open(const char *path, const sa_csv_limits *limits, sa_diags *diags) { (void)path; (void)limits; (void)diags; return NULL; }
sa_csv *sa_csv_open_buffer(const char *name, const char *data, size_t len, const sa_csv_limits *limits, sa_diags *diags)
{ (void)name; (void)data; (void)len; (void)limits; (void)diags; return NULL; }
int sa_csv_next(sa_csv *csv, const sa_csv_field **fields, size_t *nfields) { (void)csv; (void)fields; (void)nfields; return -1; }
uint64_t sa_csv_record(const sa_csv *csv) { (void)csv; return 0; }
uint64_t sa_csv_line(const sa_csv *csv) { (void)csv; return 0; }
uint64_t sa_csv_bytes_read(const sa_csv *csv) { (void)csv; return 0; }
const char *sa_csv_name(const sa_csv *csv) { (void)csv; return ""; }
void sa_csv_close(sa_csv *csv) { (void)csv; }
sa_return_file *sa_returns_resolve(const sa_spec *spec, char *const *args, size_t nargs, size_t *nfiles, sa_diags *diags)
{ (void)spec; (void)args; (void)nargs; (void)diags; *nfiles = 0; return NULL; }
void sa_scan_options_default(sa_scan_options *opts) { (void)opts; }
int sa_returns_scan(const sa_return_file *file, const sa_scan_options *opts, sa_row_fn fn, void *ctx, sa_scan_stats *stats, sa_diags *diags)
{ (void)file; (void)opts; (void)fn; (void)ctx; (void)stats; (void)diags; return -1; }
bool sa_value_decode(const sa_column *column, const char *cell, size_t len, sa_value *out, const char **expected)
{ (void)column; (void)cell; (void)len; (void)out; (void)expected; return false; }
bool sa_nhs_number_valid(const char *s, size_t len) { (void)s; (void)len; return false; }
bool sa_ods_code_valid(const char *s, size_t len) { (void)s; (void)len; return false; }
void sa_mask_identifier(const char *s, size_t len, char *out, size_t out_size) { (void)s; (void)len; if (out_size) out[0] = '\0'; }
