/* ledger.c — `riskdoc ledger`: the merged ledger for the archive (台账归档). */
#include "job.h"

static const char ledger_summary[] =
  "台账归档: reads the community ledgers and prepares the merged ledger for printing and\n"
  "archiving. Writes summary.json and rejects.csv into the output folder.";

static const char ledger_description[] =
  "Example:\n"
  "  riskdoc ledger --config templates/office.example.ini fixtures/2024-05\n\n"
  "Exit status: 0 written; 1 a file could not be read or written; 2 usage or configuration\n"
  "error; 3 --strict and rows were rejected.";

int rd_cmd_ledger(int argc, char **argv)
{
  rd_job job;
  gboolean done;
  int flags = RD_JOB_WANTS_DOCUMENTS;
  int status = rd_job_parse(&job, "ledger", flags, ledger_summary, ledger_description, argc, argv,
                            &done);
  if (status == RD_EXIT_OK && !done)
    status = rd_job_load(&job, flags);
  if (status == RD_EXIT_OK && !done)
    status = rd_job_read(&job, FALSE);
  if (status == RD_EXIT_OK && !done)
    status = rd_job_prepare_output(&job) ? rd_job_finish(&job, NULL) : RD_EXIT_FAILURE;
  rd_job_clear(&job);
  return status;
}
