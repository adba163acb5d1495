/* event.c — `riskdoc event`: the responsibility list before a major event (维稳安保责任清单). */
#include <glib/gi18n.h>
#include "documents.h"
#include "notice_event.h"
#include "typeset/typeset.h"

static const char *const event_summary = N_(
  "重大活动维稳安保责任清单: reads the community ledgers and lists the open risks by category\n"
  "and responsible unit for the notice issued before a major event. Writes 通知.pdf (the\n"
  "notice), 交办单/<unit>.pdf (one per responsible unit, rendered by --jobs threads),\n"
  "责任清单.xlsx, summary.json and rejects.csv into the output folder.");

static const char *const event_description = N_(
  "Example:\n"
  "  riskdoc event --config templates/office.example.ini --event 成都大运会 fixtures/2024-05\n\n"
  "Overdue items are counted against --report-date (default: today).\n\n"
  "Exit status: 0 written; 1 a file could not be read or written; 2 usage or configuration\n"
  "error; 3 --strict and rows were rejected.");

/* The notice, then the 交办单 (which make their own typesetters, one per worker). */
static gboolean draw_pdfs(rd_job *job, rd_typesetter *ts, GError **error)
{
  return rd_event_write_notice(job, ts, error) && rd_event_write_unit_notices(job, error);
}

/* The list of open rows, the notice and the 交办单. */
static gboolean write_documents(rd_job *job, JsonObject *extra, GError **error)
{
  GPtrArray *rows = rd_job_rows(job, TRUE);
  gboolean ok = rd_job_write_list(job, rows, error) && rd_job_draw(job, draw_pdfs, extra, error);
  g_ptr_array_free(rows, TRUE);
  return ok;
}

int rd_cmd_event(int argc, char **argv)
{
  int flags = RD_JOB_WANTS_EVENT | RD_JOB_WANTS_DOCUMENTS | RD_JOB_WANTS_DOC_NUMBER;
  return rd_job_run("event", flags, event_summary, event_description, write_documents, argc, argv);
}
