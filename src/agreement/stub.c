/* stub.c — placeholder definitions so the library links; replaced by the agreement loader. */
#include "agreement/agreement.h"

sa_agreement *sa_agreement_load(const char *path, const char *schema_path, sa_diags *diags)
{ (void)path; (void)schema_path; (void)diags; return NULL; }
sa_agreement *sa_agreement_load_buffer(const char *name, const char *data, size_t len, const char *schema_path, sa_diags *diags)
{ (void)name; (void)data; (void)len; (void)schema_path; (void)diags; return NULL; }
void sa_agreement_free(sa_agreement *agreement) { (void)agreement; }
bool sa_agreement_sniff(const char *data, size_t len) { (void)data; (void)len; return false; }
size_t sa_agreement_bind(sa_agreement *const *agreements, size_t nagreements, sa_spec *const *specs, size_t nspecs, sa_date today, sa_diags *diags)
{ (void)agreements; (void)nagreements; (void)specs; (void)nspecs; (void)today; (void)diags; return 0; }
sa_plan *sa_plan_build(const sa_spec *spec, sa_agreement *const *agreements, size_t nagreements, sa_diags *diags)
{ (void)spec; (void)agreements; (void)nagreements; (void)diags; return NULL; }
void sa_plan_free(sa_plan *plan) { (void)plan; }
bool sa_plan_from_agreements(const sa_plan *plan) { (void)plan; return false; }
size_t sa_plan_provider_count(const sa_plan *plan) { (void)plan; return 0; }
const sa_provider_plan *sa_plan_provider_at(const sa_plan *plan, size_t i) { (void)plan; (void)i; return NULL; }
const sa_provider_plan *sa_plan_find_provider(const sa_plan *plan, const char *code) { (void)plan; (void)code; return NULL; }
const sa_provider_plan *sa_plan_add_provider(sa_plan *plan, const char *code, const char *name) { (void)plan; (void)code; (void)name; return NULL; }
bool sa_effective_req_waived(const sa_effective_req *er, sa_date from, sa_date to) { (void)er; (void)from; (void)to; return false; }
