/* job.c — the steps every subcommand shares (see job.h). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include "datadir.h"
#include "job.h"
#include "pii.h"
#include "rejects.h"

/* How many problems a document job prints before pointing at rejects.csv. */
#define RD_PROBLEMS_SHOWN 20

static void add_entries(GOptionContext *ctx, rd_job_options *o, int flags)
{
  const GOptionEntry common[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &o->config,
      N_("Office profile (INI), e.g. templates/office.example.ini"), "FILE" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &o->out,
      N_("Output folder (default out/<job>-<period or date>)"), "DIR" },
    { "report-date", 0, 0, G_OPTION_ARG_STRING, &o->report_date,
      N_("Date overdue items are counted against (default: last day of the period, else today;\n"
         "                               ledger: the latest date in the rows)"),
      "YYYY-MM-DD" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet, N_("Print only errors"), NULL },
    { "sheet", 0, 0, G_OPTION_ARG_STRING, &o->sheet,
      N_("Worksheet to read in .xlsx/.xls inputs (default: the first visible one with the "
         "ledger's\n                               header)"), "NAME" },
    { "mask-pii", 0, 0, G_OPTION_ARG_NONE, &o->mask_pii,
      N_("Mask ID-card, mobile and landline numbers and personal names in every output"), NULL },
    G_OPTION_ENTRY_NULL
  };
  const GOptionEntry period[] = {
    { "period", 'p', 0, G_OPTION_ARG_STRING, &o->period, N_("The month reported on"), "YYYY-MM" },
    { "previous", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->previous,
      N_("Last month's ledgers (file or folder; repeatable), for 环比 and rank changes"), "PATH" },
    G_OPTION_ENTRY_NULL
  };
  const GOptionEntry optional_period[] = {
    { "period", 'p', 0, G_OPTION_ARG_STRING, &o->period,
      N_("The month the ledgers cover (default: the months of their 排查日期)"), "YYYY-MM" },
    G_OPTION_ENTRY_NULL
  };
  const GOptionEntry event[] = {
    { "event", 'e', 0, G_OPTION_ARG_STRING, &o->event, N_("Name of the major event, e.g. 成都大运会"),
      "NAME" },
    G_OPTION_ENTRY_NULL
  };
  const GOptionEntry documents[] = {
    { "strict", 0, 0, G_OPTION_ARG_NONE, &o->strict,
      N_("Write nothing if any row is rejected (exit status 3)"), NULL },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &o->jobs,
      N_("Documents rendered in parallel (default: cores)"), "N" },
    { "fonts", 0, 0, G_OPTION_ARG_FILENAME, &o->fonts,
      N_("Extra folder of licensed fonts (besides the project's fonts/)"), "DIR" },
    { "formats", 0, 0, G_OPTION_ARG_STRING, &o->formats,
      N_("Formats of the notices: pdf, docx (editable, same layout) or both (default: pdf,docx)"),
      "pdf,docx" },
    { "allow-empty", 0, 0, G_OPTION_ARG_NONE, &o->allow_empty,
      N_("Issue the documents even when the inputs hold no ledger row"), NULL },
    G_OPTION_ENTRY_NULL
  };
  const GOptionEntry doc_number[] = {
    { "doc-number", 'n', 0, G_OPTION_ARG_STRING, &o->doc_number,
      N_("The 发文字号 assigned to this document, e.g. 济历城全办发〔2024〕19号"), "TEXT" },
    { "number", 0, 0, G_OPTION_ARG_INT, &o->number,
      N_("The number alone: the profile's prefix and the 成文日期's year are added"), "N" },
    G_OPTION_ENTRY_NULL
  };
  g_option_context_add_main_entries(ctx, common, NULL);
  if (flags & RD_JOB_WANTS_PERIOD)
    g_option_context_add_main_entries(ctx, period, NULL);
  else if (flags & RD_JOB_OPTIONAL_PERIOD)
    g_option_context_add_main_entries(ctx, optional_period, NULL);
  if (flags & RD_JOB_WANTS_EVENT)
    g_option_context_add_main_entries(ctx, event, NULL);
  if (flags & RD_JOB_WANTS_DOC_NUMBER)
    g_option_context_add_main_entries(ctx, doc_number, NULL);
  if (flags & RD_JOB_WANTS_DOCUMENTS)
    g_option_context_add_main_entries(ctx, documents, NULL);
}

/* --formats: a comma-separated list of pdf and docx; without it, both. */
static gboolean parse_formats(rd_job_options *o)
{
  if (!o->formats) {
    o->want_pdf = o->want_docx = TRUE;
    return TRUE;
  }
  char **names = g_strsplit(o->formats, ",", -1);
  gboolean ok = names[0] != NULL;
  for (int i = 0; ok && names[i]; i++) {
    char *n = g_strstrip(names[i]);
    if (!g_ascii_strcasecmp(n, "pdf"))
      o->want_pdf = TRUE;
    else if (!g_ascii_strcasecmp(n, "docx"))
      o->want_docx = TRUE;
    else
      ok = FALSE;
  }
  g_strfreev(names);
  return ok;
}

int rd_job_parse(rd_job *job, const char *name, int flags, const char *summary,
                 const char *description, int argc, char **argv, gboolean *done)
{
  memset(job, 0, sizeof *job);
  job->name = name;
  *done = FALSE;
  char *parameter =
    g_strdup_printf("INPUT... — %s", _("ledger files (.csv, .xlsx, .xls), or folders of them"));
  GOptionContext *ctx = g_option_context_new(parameter);
  g_free(parameter);
  g_option_context_set_translation_domain(ctx, GETTEXT_PACKAGE);
  g_option_context_set_summary(ctx, summary);
  g_option_context_set_description(ctx, description);
  add_entries(ctx, &job->opt, flags);
  GOptionEntry rest[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &job->opt.inputs, NULL, NULL },
    G_OPTION_ENTRY_NULL
  };
  g_option_context_add_main_entries(ctx, rest, NULL);
  char *prgname = g_strdup_printf("riskdoc %s", name);
  g_set_prgname(prgname);
  g_free(prgname);

  /* --help prints and exits inside GLib; catch it ourselves so that memory is freed and the
   * exit status is 0. */
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      char *help = g_option_context_get_help(ctx, TRUE, NULL);
      fputs(help, stdout);
      g_free(help);
      g_option_context_free(ctx);
      *done = TRUE;
      return RD_EXIT_OK;
    }
  }
  GError *error = NULL;
  gboolean ok = g_option_context_parse(ctx, &argc, &argv, &error);
  g_option_context_free(ctx);
  if (!ok) {
    g_printerr(_("riskdoc %s: %s\nTry 'riskdoc %s --help'.\n"), name, error->message, name);
    g_error_free(error);
    return RD_EXIT_USAGE;
  }
  if (!job->opt.inputs || !job->opt.inputs[0]) {
    g_printerr(_("riskdoc %s: no INPUT given (ledger files or folders)\nTry 'riskdoc %s --help'.\n"),
               name, name);
    return RD_EXIT_USAGE;
  }
  if (!job->opt.config)
    job->opt.config = rd_user_profile_path();
  if (!(flags & RD_JOB_CONFIG_OPTIONAL) && !job->opt.config) {
    g_printerr(_("riskdoc %s: --config FILE is required (e.g. templates/office.example.ini), or a "
                 "profile in ~/.config/riskdoc/office.ini\n"), name);
    return RD_EXIT_USAGE;
  }
  if ((flags & RD_JOB_WANTS_PERIOD) && !job->opt.period) {
    g_printerr(_("riskdoc %s: --period YYYY-MM is required (e.g. --period 2024-05)\n"), name);
    return RD_EXIT_USAGE;
  }
  if ((flags & RD_JOB_WANTS_EVENT) && (!job->opt.event || !*job->opt.event)) {
    g_printerr(_("riskdoc %s: --event NAME is required (e.g. --event 成都大运会)\n"), name);
    return RD_EXIT_USAGE;
  }
  if (job->opt.doc_number && job->opt.number) {
    g_printerr(_("riskdoc %s: give --doc-number or --number, not both\n"), name);
    return RD_EXIT_USAGE;
  }
  if (job->opt.number < 0 || (job->opt.doc_number && !*g_strstrip(job->opt.doc_number))) {
    g_printerr(_("riskdoc %s: --number must be a positive number and --doc-number not empty\n"),
               name);
    return RD_EXIT_USAGE;
  }
  if (job->opt.jobs < 0 || job->opt.jobs > 256) {
    g_printerr(_("riskdoc %s: --jobs must be between 1 and 256\n"), name);
    return RD_EXIT_USAGE;
  }
  if (!parse_formats(&job->opt)) {
    g_printerr(_("riskdoc %s: --formats takes pdf, docx or pdf,docx ('%s')\n"), name,
               job->opt.formats);
    return RD_EXIT_USAGE;
  }
  job->progress = !job->opt.quiet && isatty(STDERR_FILENO);
  return RD_EXIT_OK;
}

static rd_day today(void)
{
  GDateTime *now = g_date_time_new_now_local();
  rd_day day = rd_day_from_ymd(g_date_time_get_year(now), g_date_time_get_month(now),
                               g_date_time_get_day_of_month(now));
  g_date_time_unref(now);
  return day;
}

/* The month before "YYYY-MM", as "YYYY-MM". */
static char *month_before(const rd_period *period)
{
  int y, m, d;
  rd_day_to_ymd(period->start - 1, &y, &m, &d);
  return g_strdup_printf("%04d-%02d", y, m);
}

static void set_out_dir(rd_job *job);

int rd_job_load(rd_job *job, int flags)
{
  GError *error = NULL;
  if (!(job->datadir = rd_datadir(&error))) {
    g_printerr("riskdoc %s: %s\n", job->name, error->message);
    g_error_free(error);
    return RD_EXIT_FAILURE;
  }
  job->profile = rd_profile_load(job->opt.config, &error);
  if (job->profile)
    job->columns = rd_columns_load(job->datadir, &error);
  if (job->columns)
    job->taxonomy = rd_taxonomy_load(job->datadir, job->profile->taxonomy, &error);
  if (!job->taxonomy) {
    g_printerr("riskdoc %s: %s\n", job->name, error->message);
    g_error_free(error);
    return RD_EXIT_USAGE;
  }
  if (job->opt.number) {
    char *probe = rd_profile_doc_number(job->profile, job->name, 1, job->opt.number);
    g_free(probe);
    if (!probe) {
      g_printerr(_("riskdoc %s: --number needs the 发文字号 prefix of %s ([numbering] prefix or "
                   "%s_prefix); or give the whole number with --doc-number\n"), job->name,
                 job->opt.config ? job->opt.config : _("the profile"), job->name);
      return RD_EXIT_USAGE;
    }
  }
  job->ingest.columns = job->columns;
  job->ingest.taxonomy = job->taxonomy;
  job->ingest.levels = job->profile->levels;
  job->ingest.statuses = job->profile->statuses;
  job->ingest.sheet = job->opt.sheet;

  if ((flags & RD_JOB_WANTS_PERIOD) || job->opt.period) {
    if (!rd_period_parse_month(job->opt.period, &job->period)) {
      g_printerr(_("riskdoc %s: --period '%s' is not a month like 2024-05\n"), job->name,
                 job->opt.period);
      return RD_EXIT_USAGE;
    }
    job->period_label = g_strdup(job->opt.period);
    if (job->opt.previous)
      job->previous_label = month_before(&job->period);
  } else if (!(flags & RD_JOB_DATE_FROM_DATA)) {
    job->period.report_date = today();
  }
  if (job->opt.report_date) {
    job->period.report_date = rd_day_parse_iso(job->opt.report_date);
    if (!job->period.report_date) {
      g_printerr(_("riskdoc %s: --report-date '%s' is not a date like 2024-05-31\n"), job->name,
                 job->opt.report_date);
      return RD_EXIT_USAGE;
    }
  }
  if (job->period.report_date)
    set_out_dir(job);
  job->outputs = rd_outputs_new();
  return RD_EXIT_OK;
}

/* --out, else out/<job>-<period or report date>. */
static void set_out_dir(rd_job *job)
{
  char date[11];
  const char *stamp = job->period_label ? job->period_label
                                        : rd_day_format_iso(job->period.report_date, date);
  job->out_dir = job->opt.out ? g_strdup(job->opt.out)
                              : g_strdup_printf("out/%s-%s", job->name, stamp);
}

/* The latest 排查 or 销号 date of the rows; 0 when there are none. */
static rd_day latest_day(const rd_dataset *ds)
{
  rd_day latest = 0;
  for (guint i = 0; i < ds->records->len; i++) {
    const rd_record *r = g_ptr_array_index(ds->records, i);
    latest = MAX(latest, MAX(r->found, r->closed));
  }
  return latest;
}

static void show_progress(int done, int total, void *user)
{
  (void)user;
  g_printerr("\r");   /* over the previous count */
  g_printerr(_("Reading ledgers: %d/%d files…"), done, total);
  if (done == total)
    g_printerr("\n");
}

static void print_problem(FILE *to, const rd_problem *p)
{
  const char *prefix = p->severity == 'E' ? "错误：" : p->severity == 'W' ? "警告：" : "";
  char *where = rd_problem_location(p);
  fprintf(to, "%s: %s%s\n", where, prefix, p->message);
  g_free(where);
}

/* Prints problems: all of them for `check` (stdout), else errors and warnings and the first
 * rejected rows (stderr). */
static void report_problems(const rd_job *job, const rd_dataset *ds, gboolean every)
{
  int shown_rejects = 0, hidden = 0;
  for (guint i = 0; i < ds->problems->len; i++) {
    const rd_problem *p = g_ptr_array_index(ds->problems, i);
    if (every) {
      print_problem(stdout, p);
    } else if (p->severity != 'R' || shown_rejects++ < RD_PROBLEMS_SHOWN) {
      if (!job->opt.quiet || p->severity == 'E')
        print_problem(stderr, p);
    } else {
      hidden++;
    }
  }
  if (hidden && !job->opt.quiet)
    g_printerr("……另有 %d 行被退回，原因见 %s/rejects.csv\n", hidden, job->out_dir);
}

/* Reads paths into a new dataset. Returns NULL (after printing) when a file is unusable.
 * report: print every problem (not for last month's ledgers, whose problems were reported
 * when that month was issued: for those only errors, such as an unusable file, are shown). */
static rd_dataset *read_inputs(rd_job *job, char **args, gboolean report,
                               gboolean print_every_problem, int *status)
{
  GError *error = NULL;
  char **paths = rd_expand_inputs((const char *const *)args, &error);
  if (!paths) {
    g_printerr("riskdoc %s: %s\n", job->name, error->message);
    g_error_free(error);
    *status = RD_EXIT_USAGE;
    return NULL;
  }
  rd_dataset *ds = rd_dataset_new();
  gboolean ok = rd_ingest_paths(ds, &job->ingest, paths, job->progress ? show_progress : NULL, job);
  g_strfreev(paths);
  if (report && !job->period.report_date) {
    /* RD_JOB_DATE_FROM_DATA: as of the last entry (today only when there is none) */
    job->period.report_date = latest_day(ds);
    if (!job->period.report_date)
      job->period.report_date = today();
    set_out_dir(job);
  }
  if (report)
    report_problems(job, ds, print_every_problem);
  else
    for (guint i = 0; i < ds->problems->len; i++) {
      const rd_problem *p = g_ptr_array_index(ds->problems, i);
      if (p->severity == 'E')
        print_problem(stderr, p);
    }
  if (ok && !rd_dataset_check_balance(ds, &error)) {
    g_printerr("riskdoc %s: %s\n", job->name, error->message);
    g_error_free(error);
    ok = FALSE;
  }
  if (!ok) {
    g_printerr("riskdoc %s: %d 个文件无法读取，未生成任何文件（修正后重新运行）\n", job->name,
               ds->file_errors);
    rd_dataset_free(ds);
    *status = RD_EXIT_FAILURE;
    return NULL;
  }
  *status = RD_EXIT_OK;
  return ds;
}

static gint compare_paths(gconstpointer a, gconstpointer b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names, for the message of a run that found no ledger row, each file the inputs gave: read
 * (and how many rows) or, in a folder, left unread (not a ledger format). */
static void report_what_was_found(const rd_job *job)
{
  GHashTable *read = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < job->data->inputs->len; i++)
    g_hash_table_add(read, g_array_index(job->data->inputs, rd_input, i).path);
  g_printerr("riskdoc %s: 输入中没有任何台账行，未生成任何文件。找到的是：\n", job->name);
  int listed = 0;
  for (char **arg = job->opt.inputs; *arg; arg++) {
    GDir *dir = g_file_test(*arg, G_FILE_TEST_IS_DIR) ? g_dir_open(*arg, 0, NULL) : NULL;
    if (!dir) {
      g_printerr("  %s（已读取，没有数据行）\n", *arg);
      listed++;
      continue;
    }
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    for (const char *name; (name = g_dir_read_name(dir));)
      g_ptr_array_add(names, g_build_filename(*arg, name, NULL));
    g_dir_close(dir);
    g_ptr_array_sort(names, compare_paths);
    if (names->len == 0)
      g_printerr("  %s/（空目录）\n", *arg);
    for (guint i = 0; i < names->len; i++, listed++)
      g_printerr("  %s（%s）\n", (char *)names->pdata[i],
                 g_hash_table_contains(read, names->pdata[i]) ? "已读取，没有数据行"
                                                              : "未读取：不是台账文件");
    g_ptr_array_unref(names);
  }
  g_printerr("确需发出零报告时，加 --allow-empty 重新运行\n");
  g_hash_table_destroy(read);
}

int rd_job_read(rd_job *job, int flags)
{
  int status;
  job->data = read_inputs(job, job->opt.inputs, TRUE, (flags & RD_JOB_PRINT_EVERY_PROBLEM) != 0,
                          &status);
  if (!job->data)
    return status;
  if ((flags & RD_JOB_WANTS_DOCUMENTS) && job->data->read == 0 && !job->opt.allow_empty) {
    /* a 通报 of zero risks from a folder of the wrong files would look like good news */
    report_what_was_found(job);
    return RD_EXIT_FAILURE;
  }
  if (job->opt.previous) {
    /* last month's ledgers only feed 环比 and rank changes */
    job->previous_data = read_inputs(job, job->opt.previous, FALSE, FALSE, &status);
    if (!job->previous_data)
      return status;
  }
  if (job->opt.mask_pii)
    rd_dataset_mask_pii(job->data, job->columns);
  if (job->opt.strict && job->data->rejected > 0) {
    g_printerr("riskdoc %s: --strict：有 %d 行被退回，未生成任何文件\n", job->name,
               job->data->rejected);
    return RD_EXIT_REJECTED;
  }
  job->agg = rd_aggregate_compute(job->data, job->taxonomy->n_categories, &job->profile->scoring,
                                  &job->period);
  if (job->previous_data) {
    rd_period previous;
    rd_period_parse_month(job->previous_label, &previous);
    job->previous_agg = rd_aggregate_compute(job->previous_data, job->taxonomy->n_categories,
                                             &job->profile->scoring, &previous);
    rd_aggregate_set_previous(job->agg, job->previous_agg);
  }
  return RD_EXIT_OK;
}

int rd_job_prepare_output(rd_job *job)
{
  GError *error = NULL;
  job->run_dir = rd_run_dir_open(job->out_dir, &error);
  if (!job->run_dir) {
    g_printerr("riskdoc %s: %s\n", job->name, error->message);
    /* a folder of the user's own files is a usage error: the command must name another */
    int status = g_error_matches(error, RD_OUTPUT_ERROR, RD_OUTPUT_ERROR_REFUSED)
                   ? RD_EXIT_USAGE : RD_EXIT_FAILURE;
    g_error_free(error);
    return status;
  }
  job->final_dir = job->out_dir;
  job->out_dir = g_strdup(rd_run_dir_staging(job->run_dir));
  return RD_EXIT_OK;
}

static gboolean write_rejects(rd_job *job, GError **error)
{
  GString *csv = rd_rejects_to_csv(job->data);
  char *path = g_build_filename(job->out_dir, "rejects.csv", NULL);
  gboolean ok = rd_output_write(path, csv->str, csv->len, error) &&
                rd_outputs_add(job->outputs, job->out_dir, "rejects-csv", "rejects.csv", 0, error);
  g_free(path);
  g_string_free(csv, TRUE);
  return ok;
}

static gboolean write_summary(rd_job *job, JsonNode *extra, GError **error)
{
  rd_summary s = {
    .job = job->name,
    .period = job->period_label,
    .previous_period = job->previous_label,
    .event = job->opt.event,
    .doc_number = job->doc_number,
    .report_date = job->period.report_date,
    .data = job->data,
    .agg = job->agg,
    .taxonomy = job->taxonomy,
    .outputs = job->outputs,
    .extra = extra,
  };
  char *json = rd_summary_to_json(&s);
  char *path = g_build_filename(job->out_dir, "summary.json", NULL);
  gboolean ok = rd_output_write(path, json, strlen(json), error);
  g_free(path);
  g_free(json);
  return ok;
}

int rd_job_finish(rd_job *job, JsonNode *extra)
{
  GError *error = NULL;
  if (!write_rejects(job, &error) || !write_summary(job, extra, &error) ||
      !rd_run_dir_commit(job->run_dir, &error)) {
    g_printerr("riskdoc %s: %s\n", job->name, error->message);
    g_printerr("riskdoc %s: 未完成，输出目录 %s 保持原样\n", job->name, job->final_dir);
    g_error_free(error);
    return RD_EXIT_FAILURE;
  }
  if (!job->opt.quiet) {
    g_printerr("读取 %d 行：使用 %d 行，退回 %d 行%s。输出目录：%s\n", job->data->read,
               job->data->used, job->data->rejected,
               job->data->rejected ? "（原因见 rejects.csv）" : "", job->final_dir);
    for (guint i = 0; i < job->outputs->len; i++) {
      const rd_output *o = &g_array_index(job->outputs, rd_output, i);
      g_printerr("  %s/%s\n", job->final_dir, o->path);
    }
    g_printerr("  %s/summary.json\n", job->final_dir);
  }
  return RD_EXIT_OK;
}

char *rd_job_doc_number(const rd_job *job, int year)
{
  if (job->opt.doc_number)
    return g_strdup(job->opt.doc_number);
  return rd_profile_doc_number(job->profile, job->name, year, job->opt.number);
}

void rd_job_clear(rd_job *job)
{
  g_free(job->opt.config);
  g_free(job->opt.period);
  g_strfreev(job->opt.previous);
  g_free(job->opt.out);
  g_free(job->opt.report_date);
  g_free(job->opt.event);
  g_free(job->opt.fonts);
  g_free(job->opt.doc_number);
  g_free(job->doc_number);
  g_free(job->opt.formats);
  g_free(job->opt.sheet);
  g_strfreev(job->opt.inputs);
  g_free(job->datadir);
  rd_profile_free(job->profile);
  rd_columns_free(job->columns);
  rd_taxonomy_free(job->taxonomy);
  g_free(job->period_label);
  g_free(job->previous_label);
  rd_aggregate_free(job->agg);
  rd_aggregate_free(job->previous_agg);
  rd_dataset_free(job->data);
  rd_dataset_free(job->previous_data);
  g_free(job->out_dir);
  g_free(job->final_dir);
  rd_run_dir_free(job->run_dir);   /* an uncommitted run leaves nothing behind */
  if (job->outputs)
    g_array_free(job->outputs, TRUE);
}

static int write_documents(rd_job *job, rd_job_documents_fn documents)
{
  GError *error = NULL;
  JsonObject *extra = json_object_new();
  int status = RD_EXIT_OK;
  if (documents && !documents(job, extra, &error)) {
    g_printerr("riskdoc %s: %s\n", job->name, error ? error->message : "failed");
    g_printerr("riskdoc %s: 未完成，输出目录 %s 保持原样\n", job->name, job->final_dir);
    g_clear_error(&error);
    status = RD_EXIT_FAILURE;
  }
  if (status == RD_EXIT_OK) {
    JsonNode *node = NULL;
    if (json_object_get_size(extra) > 0)
      node = json_node_init_object(json_node_alloc(), extra);
    status = rd_job_finish(job, node);
    if (node)
      json_node_unref(node);
  }
  json_object_unref(extra);
  return status;
}

int rd_job_run(const char *name, int flags, const char *summary, const char *description,
               rd_job_documents_fn documents, int argc, char **argv)
{
  rd_job job;
  gboolean done = FALSE;
  int status = rd_job_parse(&job, name, flags, summary, description, argc, argv, &done);
  if (status == RD_EXIT_OK && !done)
    status = rd_job_load(&job, flags);
  if (status == RD_EXIT_OK && !done)
    status = rd_job_read(&job, flags);
  if (status == RD_EXIT_OK && !done)
    status = rd_job_prepare_output(&job);
  if (status == RD_EXIT_OK && !done)
    status = write_documents(&job, documents);
  if (status == RD_EXIT_OK && !done && (flags & RD_JOB_REJECTS_FAIL) && job.data->rejected > 0)
    status = RD_EXIT_REJECTED;
  rd_job_clear(&job);
  return status;
}
