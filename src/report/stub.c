/* stub.c — formats not yet rendered produce an empty report. */
#include "report/render.h"

void sa_report_render_text(const sa_result_set *rs, const sa_report_options *opts, sa_buf *out) { (void)rs; (void)opts; (void)out; }
void sa_report_render_junit(const sa_result_set *rs, sa_buf *out) { (void)rs; (void)out; }
void sa_report_render_html(const sa_result_set *rs, sa_buf *out) { (void)rs; (void)out; }
void sa_report_render_csv(const sa_result_set *rs, sa_buf *out) { (void)rs; (void)out; }
void sa_report_render_md(const sa_result_set *rs, sa_buf *out) { (void)rs; (void)out; }
void sa_report_render_sarif(const sa_result_set *rs, sa_buf *out) { (void)rs; (void)out; }
