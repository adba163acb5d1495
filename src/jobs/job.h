/* job.h — what every subcommand shares: options, loading the profile and tables, reading the
 * inputs, reporting problems, and writing rejects.csv and summary.json.
 *
 * A job runs: rd_job_parse -> rd_job_load -> rd_job_read -> (its documents) -> rd_job_finish.
 * Each step prints its own clear message and returns an exit status (commands.h) other than
 * RD_EXIT_OK when the job must stop.
 */
#ifndef RISKDOC_JOB_H
#define RISKDOC_JOB_H

#include <glib.h>
#include "aggregate.h"
#include "columns.h"
#include "commands.h"
#include "ingest.h"
#include "output.h"
#include "profile.h"
#include "summary.h"
#include "taxonomy.h"

typedef struct rd_job_options {
  char *config;
  char *period;          /* YYYY-MM (monthly) */
  char **previous;       /* --previous PATH, repeatable */
  char *out;
  char *report_date;
  char *event;           /* event name (event) */
  char *fonts;
  char *formats;         /* --formats pdf,docx */
  gboolean want_pdf, want_docx;   /* parsed from formats (default both) */
  char *sheet;           /* --sheet NAME: the worksheet of workbook inputs */
  gboolean strict, mask_pii, quiet;
  int jobs;
  char **inputs;         /* remaining arguments */
} rd_job_options;

typedef struct rd_job {
  const char *name;      /* monthly, event, ledger, check */
  rd_job_options opt;
  char *datadir;
  rd_profile *profile;
  rd_columns *columns;
  rd_taxonomy *taxonomy;
  rd_ingest_config ingest;
  rd_period period;      /* start/end 0 when the job has no period */
  char *period_label;    /* "2024-05", or NULL */
  char *previous_label;
  rd_dataset *data;
  rd_dataset *previous_data;
  rd_aggregate *agg;
  rd_aggregate *previous_agg;
  char *out_dir;         /* where outputs are written: the run's staging folder once
                          * rd_job_prepare_output has run, the final folder before */
  char *final_dir;       /* the output folder as the user sees it (messages) */
  rd_run_dir *run_dir;   /* the lock and staging folder of this run (output.h) */
  GArray *outputs;       /* rd_output */
  gboolean progress;     /* stderr is a terminal and not --quiet */
} rd_job;

/* What a subcommand accepts beyond the common options. */
typedef enum {
  RD_JOB_WANTS_PERIOD = 1 << 0,    /* --period, --previous */
  RD_JOB_WANTS_EVENT = 1 << 1,     /* --event */
  RD_JOB_WANTS_DOCUMENTS = 1 << 2, /* --strict, --jobs, --fonts */
  RD_JOB_CONFIG_OPTIONAL = 1 << 3,
  RD_JOB_PRINT_EVERY_PROBLEM = 1 << 4, /* check: every problem on stdout */
  RD_JOB_REJECTS_FAIL = 1 << 5,        /* check: exit 3 when rows were rejected */
  RD_JOB_OPTIONAL_PERIOD = 1 << 6,     /* --period accepted, not required (no --previous) */
  RD_JOB_DATE_FROM_DATA = 1 << 7,      /* without --report-date or --period, the report date
                                        * is the latest date in the rows, not today, so that
                                        * the same inputs give the same outputs (ledger) */
} rd_job_flags;

/* Writes a job's documents into job->out_dir; may add members (e.g. "fonts") to extra,
 * which summary.json carries as "extra". */
typedef gboolean (*rd_job_documents_fn)(rd_job *job, JsonObject *extra, GError **error);

/* The whole life of a subcommand: parse, load, read, prepare the output folder, documents
 * (may be NULL), rejects.csv and summary.json, clean up. Returns the exit status. */
int rd_job_run(const char *name, int flags, const char *summary, const char *description,
               rd_job_documents_fn documents, int argc, char **argv);

/* Parses argv (argv[0] = the subcommand). summary/description go into --help. Returns
 * RD_EXIT_OK to go on; otherwise the status to exit with (--help exits 0 through *done). */
int rd_job_parse(rd_job *job, const char *name, int flags, const char *summary,
                 const char *description, int argc, char **argv, gboolean *done);

/* Loads profile, alias table and taxonomy; sets period and report date. */
int rd_job_load(rd_job *job, int flags);

/* Reads the inputs (and --previous), prints problems, computes the aggregates. */
int rd_job_read(rd_job *job, gboolean print_every_problem);

/* Locks the output folder and opens the run's staging folder (output.h): job->out_dir then
 * names the staging folder. Returns RD_EXIT_OK, or the exit status after printing why. */
int rd_job_prepare_output(rd_job *job);

/* Writes rejects.csv and summary.json (with extra, may be NULL), puts the run in place of
 * the output folder and prints the closing line. */
int rd_job_finish(rd_job *job, JsonNode *extra);

void rd_job_clear(rd_job *job);

/* The program's data folder (templates/, fonts/): $RISKDOC_DATADIR, else the built-in one. */
char *rd_datadir(void);

#endif
