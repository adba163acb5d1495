/* event.c — `riskdoc event`: the responsibility list before a major event (维稳安保责任清单). */
#include "documents.h"

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

/* The documents of this job, then rejects.csv and summary.json. */
static int write_documents(rd_job *job)
{
  GError *error = NULL;
  GPtrArray *rows = rd_job_rows(job, TRUE);
  gboolean ok = rd_job_write_list(job, rows, &error);
  g_ptr_array_free(rows, TRUE);
  if (!ok) {
    g_printerr("riskdoc %s: %s\n", job->name, error->message);
    g_error_free(error);
    return RD_EXIT_FAILURE;
  }
  return rd_job_finish(job, NULL);
}

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
    status = rd_job_prepare_output(&job) ? write_documents(&job) : RD_EXIT_FAILURE;
  rd_job_clear(&job);
  return status;
}
