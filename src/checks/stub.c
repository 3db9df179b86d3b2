/* stub.c — placeholder definitions so the library links; replaced by the engine. */
#include "checks/checks.h"

void sa_check_options_default(sa_check_options *opts) { (void)opts; }
sa_result_set *sa_check_run(const sa_spec *spec, sa_plan *plan, const sa_return_file *files, size_t nfiles, const sa_check_options *opts, sa_diags *diags)
{ (void)spec; (void)plan; (void)files; (void)nfiles; (void)opts; (void)diags; return NULL; }
