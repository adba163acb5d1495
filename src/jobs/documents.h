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

/* A row's 责任单位 as printed: "lead、support1、support2" (a unit named twice is listed
 * once). Caller frees. */
char *rd_job_units_joined(const rd_record *r);

/* Writes the XLSX responsibility list of rows and records it as list-xlsx. */
gboolean rd_job_write_list(rd_job *job, const GPtrArray *rows, GError **error);

/* Renders a document written in the typeset plain-text format (docs/typeset.md) to
 * out_dir/relative_path (written under a temporary name, renamed when complete) and fills
 * what the document leaves out from the office profile. Touches only files: safe from
 * worker threads, one typesetter per thread. When the text cannot be typeset, it is kept as
 * out_dir/relative_path.txt and the message (lines counted in that file) says so and names
 * template_name, the template it came from. */
struct rd_typesetter;
gboolean rd_job_render_pdf(const rd_job *job, struct rd_typesetter *ts, const char *document_text,
                           const char *template_name, const char *relative_path, int *pages,
                           GError **error);

/* rd_job_render_pdf, then records the PDF in summary.json outputs as kind with its page
 * count (main thread only). */
gboolean rd_job_typeset(rd_job *job, struct rd_typesetter *ts, const char *document_text,
                        const char *name, const char *kind, const char *relative_path,
                        GError **error);

/* Creates a typesetter (fonts/ and --fonts), runs draw with it, prints the font report (which
 * font serves each role; unless --quiet), warns about characters no font has, and records the
 * fonts used as extra["fonts"] for summary.json. */
typedef gboolean (*rd_job_draw_fn)(rd_job *job, struct rd_typesetter *ts, GError **error);
gboolean rd_job_draw(rd_job *job, rd_job_draw_fn draw, JsonObject *extra, GError **error);

/* Renders templates/<job>/<template>.mustache over data (escaping values for the typeset
 * format); partials come from the same folder. Caller frees. */
char *rd_job_render_template(const rd_job *job, const char *template_name, JsonNode *data,
                             GError **error);

#endif
