/* event.c — `riskdoc event`: the responsibility list before a major event (维稳安保责任清单). */
#include "job.h"

static const char event_summary[] =
  "重大活动维稳安保责任清单: reads the community ledgers and lists the open risks by category\n"
  "and responsible unit for the notice issued before a major event. Writes summary.json and\n"
  "rejects.csv into the output folder.";

static const char event_description[] =
  "Example:\n"
  "  riskdoc event --config templates/office.example.ini --event 成都大运会 fixtures/2024-05\n\n"
  "Overdue items are counted against --report-date (default: today).\n\n"
  "Exit status: 0 written; 1 a file could not be read or written; 2 usage or configuration\n"
  "error; 3 --strict and rows were rejected.";

int rd_cmd_event(int argc, char **argv)
{
  rd_job job;
  gboolean done;
  int flags = RD_JOB_WANTS_EVENT | RD_JOB_WANTS_DOCUMENTS;
  int status = rd_job_parse(&job, "event", flags, event_summary, event_description, argc, argv,
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
