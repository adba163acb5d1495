/* documents.h — the documents a job writes, from the job's data and templates/documents.ini.
 * Renderers (xlsx, typeset) receive records and aggregates; this layer picks the rows, the
 * wording and the file names, and writes each output atomically. */
#ifndef RISKDOC_DOCUMENTS_H
#define RISKDOC_DOCUMENTS_H

#include "job.h"

/* The job's facts as a JSON object for templates: office, office_short, period_cn, event,
 * report_date_cn. */
JsonNode *rd_job_facts(const rd_job *job);

/* templates/documents.ini [job] key, rendered over the job's facts. NULL with error. */
char *rd_job_wording(const rd_job *job, const char *key, GError **error);

/* The rows to list: every used row, or only the open ones. The array does not own them. */
GPtrArray *rd_job_rows(const rd_job *job, gboolean open_only);

/* Writes the XLSX responsibility list of rows and records it as list-xlsx. */
gboolean rd_job_write_list(rd_job *job, const GPtrArray *rows, GError **error);

#endif
