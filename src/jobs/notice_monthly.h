/* notice_monthly.h — the monthly appraisal bulletin (月度考评通报) as a PDF.
 *
 * C builds a "view" of the figures, every number already formatted the Chinese official way
 * (counts as Arabic numerals, rates 93.5%, dates 2024年5月20日, 环比 增加3条/减少2条/持平);
 * templates/monthly/notice.mustache holds every word of the document. */
#ifndef RISKDOC_NOTICE_MONTHLY_H
#define RISKDOC_NOTICE_MONTHLY_H

#include "job.h"

struct rd_typesetter;

/* The view the notice template renders over (new reference). */
JsonNode *rd_monthly_notice_view(const rd_job *job);

/* Renders the notice template over the view, typesets it and records it in the job's outputs
 * as kinds notice-pdf, notice-docx, notice-source (file name: templates/documents.ini [monthly] notice_file). */
gboolean rd_monthly_write_notice(rd_job *job, struct rd_typesetter *ts, GError **error);

#endif
