/* stub.c — placeholder definitions so the library links; replaced by the expression engine. */
#include "expr/expr.h"

sa_expr *sa_expr_compile(const char *text, sa_pos pos, const struct sa_dataset *schema,
                         const sa_calendar *calendar, sa_diags *diags)
{ (void)text; (void)pos; (void)schema; (void)calendar; (void)diags; return NULL; }
void sa_expr_free(sa_expr *e) { (void)e; }
sa_tri sa_expr_eval_bool(sa_expr *e, const sa_value *row) { (void)e; (void)row; return SA_TRI_UNKNOWN; }
void sa_expr_describe(const sa_expr *e, sa_buf *out) { (void)e; (void)out; }
void sa_expr_format(const sa_expr *e, sa_buf *out) { (void)e; (void)out; }
size_t sa_expr_columns(const sa_expr *e, int *columns, size_t max) { (void)e; (void)columns; (void)max; return 0; }
