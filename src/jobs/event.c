/* event.c — `riskdoc event`: the responsibility list before a major event (维稳安保责任清单). */
#include "documents.h"
#include "notice_event.h"
#include "typeset/typeset.h"

static const char event_summary[] =
  "重大活动维稳安保责任清单: reads the community ledgers and lists the open risks by category\n"
  "and responsible unit for the notice issued before a major event. Writes 通知.pdf (the\n"
  "notice), 交办单/<unit>.pdf (one per responsible unit, rendered by --jobs threads),\n"
  "责任清单.xlsx, summary.json and rejects.csv into the output folder.";

static const char event_description[] =
  "Example:\n"
  "  riskdoc event --config templates/office.example.ini --event 成都大运会 fixtures/2024-05\n\n"
  "Overdue items are counted against --report-date (default: today).\n\n"
  "Exit status: 0 written; 1 a file could not be read or written; 2 usage or configuration\n"
  "error; 3 --strict and rows were rejected.";

/* The notice and the 交办单; the fonts the notice was drawn with go into summary.json (*fonts,
 * new reference). */
static gboolean write_pdfs(rd_job *job, JsonNode **fonts, GError **error)
{
  rd_typesetter *ts = rd_typesetter_new(job->datadir, job->opt.fonts, error);
  if (!ts)
    return FALSE;
  gboolean ok = rd_event_write_notice(job, ts, error) && rd_event_write_unit_notices(job, error);
  if (ok) {
    const char *missing = rd_typesetter_missing_chars(ts);
    if (*missing)
      g_printerr("riskdoc %s: no font has these characters: %s\n", job->name, missing);
    *fonts = rd_typesetter_fonts_json(ts);
  }
  rd_typesetter_free(ts);
  return ok;
}

/* The documents of this job, then rejects.csv and summary.json. */
/* The list of open rows, the notice and the 交办单; the fonts used go into summary.json. */
static gboolean write_documents(rd_job *job, JsonObject *extra, GError **error)
{
  JsonNode *fonts = NULL;
  GPtrArray *rows = rd_job_rows(job, TRUE);
  gboolean ok = rd_job_write_list(job, rows, error) && write_pdfs(job, &fonts, error);
  g_ptr_array_free(rows, TRUE);
  if (fonts)
    json_object_set_member(extra, "fonts", fonts);
  return ok;
}

int rd_cmd_event(int argc, char **argv)
{
  return rd_job_run("event", RD_JOB_WANTS_EVENT | RD_JOB_WANTS_DOCUMENTS, event_summary,
                    event_description, write_documents, argc, argv);
}
