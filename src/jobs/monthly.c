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

/* The list of every row and the bulletin. */
static gboolean write_documents(rd_job *job, JsonObject *extra, GError **error)
{
  GPtrArray *rows = rd_job_rows(job, FALSE);
  gboolean ok = rd_job_write_list(job, rows, error) &&
                rd_job_draw(job, rd_monthly_write_notice, extra, error);
  g_ptr_array_free(rows, TRUE);
  return ok;
}

int rd_cmd_monthly(int argc, char **argv)
{
  int flags = RD_JOB_WANTS_PERIOD | RD_JOB_WANTS_DOCUMENTS | RD_JOB_WANTS_DOC_NUMBER;
  return rd_job_run("monthly", flags, monthly_summary, monthly_description, write_documents, argc, argv);
}
