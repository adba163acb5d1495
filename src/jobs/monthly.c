/* monthly.c — `riskdoc monthly`: the monthly appraisal bulletin (月度考评通报). */
#include <glib/gi18n.h>
#include "documents.h"
#include "notice_monthly.h"
#include "typeset/typeset.h"

static const char *const monthly_summary = N_(
  "月度考评通报: reads the month's community ledgers, counts them by category, level, unit and\n"
  "community exactly as the office's rules say, ranks the communities, and writes the\n"
  "bulletin's figures (summary.json) and the rows it could not use (rejects.csv) into the\n"
  "output folder.");

static const char *const monthly_description = N_(
  "Example (the bundled fixtures):\n"
  "  riskdoc monthly --config templates/office.example.ini --period 2024-05 \\\n"
  "      --previous fixtures/2024-04 fixtures/2024-05 -o out/monthly-2024-05\n\n"
  "Overdue items are counted against the last day of --period unless --report-date is given.\n"
  "--previous gives last month's ledgers: rank changes (排名变化) and 环比 come from them.\n\n"
  "Exit status: 0 written (rejected rows are reported, see rejects.csv); 1 a file could not\n"
  "be read or written; 2 usage or configuration error; 3 --strict and rows were rejected.");

/* The list, written on a thread of its own while the bulletin is typeset: on 100,000 rows
 * they took 46 % and 50 % of the run one after the other. The two share only read-only data
 * (rows, aggregates, profile, tables); the list records its output in an array of its own,
 * put first into the job's when both are done (the order summary.json always had). */
typedef struct list_work {
  rd_job job;            /* the job's fields, with outputs of its own */
  GPtrArray *rows;
  gboolean ok;
  GError *error;
} list_work;

static gpointer write_list(gpointer data)
{
  list_work *w = data;
  w->ok = rd_job_write_list(&w->job, w->rows, &w->error);
  return NULL;
}

static gboolean write_documents(rd_job *job, JsonObject *extra, GError **error)
{
  list_work w = { *job, rd_job_rows(job, FALSE), FALSE, NULL };
  w.job.outputs = rd_outputs_new();
  GThread *list = g_thread_new("xlsx-list", write_list, &w);
  gboolean drawn = rd_job_draw(job, rd_monthly_write_notice, extra, error);
  g_thread_join(list);
  g_array_prepend_vals(job->outputs, w.job.outputs->data, w.job.outputs->len);
  g_array_set_clear_func(w.job.outputs, NULL);   /* moved, not copied */
  g_array_free(w.job.outputs, TRUE);
  g_ptr_array_free(w.rows, TRUE);
  if (!w.ok) {   /* the list's failure first, as when it was written first */
    g_clear_error(error);
    g_propagate_error(error, w.error);
  }
  return w.ok && drawn;
}

int rd_cmd_monthly(int argc, char **argv)
{
  int flags = RD_JOB_WANTS_PERIOD | RD_JOB_WANTS_DOCUMENTS | RD_JOB_WANTS_DOC_NUMBER;
  return rd_job_run("monthly", flags, monthly_summary, monthly_description, write_documents, argc, argv);
}
