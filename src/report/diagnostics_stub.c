/* diagnostics_stub.c — placeholder so the library links; replaced by the diagnostics renderers. */
#include "report/report.h"

int sa_diags_render(const sa_diags *diags, sa_format format, const char *tool, const char *const *files, size_t nfiles, const sa_report_options *opts, sa_buf *out)
{ (void)diags; (void)format; (void)tool; (void)files; (void)nfiles; (void)opts; (void)out; return -1; }
