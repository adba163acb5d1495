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
  return rd_job_run("ledger", RD_JOB_WANTS_DOCUMENTS, ledger_summary, ledger_description, NULL,
                    argc, argv);
}
