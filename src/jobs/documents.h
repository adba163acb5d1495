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
/* The same units one by one (the array does not own the names; caller frees it). */
GPtrArray *rd_job_units(const rd_record *r);

/* Writes the XLSX responsibility list of rows and records it as list-xlsx. */
gboolean rd_job_write_list(rd_job *job, const GPtrArray *rows, GError **error);

/* Writes one document from its text in the typeset plain-text format (docs/typeset.md),
 * beside each other in out_dir: relative_pdf's stem + ".txt" (the source, always, so that an
 * edit can be re-typeset with `riskdoc typeset`), relative_pdf when --formats has pdf (or the
 * document is not editable), and
 * stem + ".docx" when it has docx and the document is editable (notices; the ledger is an
 * archive, printed only). Fills what the document leaves out from the office profile. Every
 * file goes through the output policy (output.h). Touches only files: safe from worker
 * threads, one typesetter per thread. When the text cannot be typeset, the message (lines
 * counted in the .txt) names the .txt and template_name, the template it came from. */
struct rd_typesetter;
gboolean rd_job_render_document(const rd_job *job, struct rd_typesetter *ts,
                                const char *document_text, const char *template_name,
                                const char *relative_pdf, gboolean editable, int *pages,
                                GError **error);

/* Records what rd_job_render_document wrote in summary.json outputs (main thread only):
 * kind-pdf with its page count, kind-docx, kind-source (kind: notice, unit-notice, ledger). */
gboolean rd_job_record_document(rd_job *job, const char *kind, const char *relative_pdf,
                                gboolean editable, int pages, GError **error);

/* rd_job_render_document, then rd_job_record_document. */
gboolean rd_job_typeset(rd_job *job, struct rd_typesetter *ts, const char *document_text,
                        const char *name, const char *kind, const char *relative_path,
                        gboolean editable, GError **error);

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
