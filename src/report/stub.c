/* stub.c — placeholder definitions so the library links; replaced by the renderers. */
#include "report/report.h"

bool sa_format_parse(const char *name, sa_format *out) { (void)name; (void)out; return false; }
const char *sa_format_name(sa_format f) { (void)f; return "?"; }
int sa_report_render(const sa_result_set *rs, sa_format format, const sa_report_options *opts, sa_buf *out)
{ (void)rs; (void)format; (void)opts; (void)out; return -1; }
int sa_report_write(const sa_result_set *rs, sa_format format, const sa_report_options *opts, const char *path, sa_diags *diags)
{ (void)rs; (void)format; (void)opts; (void)path; (void)diags; return -1; }
