/* xlsx_driver.c — writes a 责任清单 workbook through rd_xlsx_write_list, for the Python tests
 * (which then open it with openpyxl and LibreOffice) and by hand.
 *
 *   xlsx_driver --out FILE.xlsx [--summary FILE.json] [--rows N [--hostile]] [--open-only]
 *               [--title T] [--report-date YYYY-MM-DD] [CSV...]
 *
 * Rows come from the CSV files given, or (--rows) from the synthetic generator. summary.json
 * is written from the same aggregate as the workbook, as the jobs do.
 */
#include <stdio.h>
#include <stdlib.h>
#include "aggregate.h"
#include "columns.h"
#include "ingest.h"
#include "profile.h"
#include "summary.h"
#include "taxonomy.h"
#include "xlsx/xlsx_list.h"
#include "gen_rows.h"

static char *out, *summary_path, *title, *report_date;
static int rows = -1;
static gboolean hostile, open_only;

static GOptionEntry entries[] = {
  { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, "workbook to write", "FILE" },
  { "summary", 0, 0, G_OPTION_ARG_FILENAME, &summary_path, "summary.json to write", "FILE" },
  { "rows", 0, 0, G_OPTION_ARG_INT, &rows, "synthetic rows", "N" },
  { "hostile", 0, 0, G_OPTION_ARG_NONE, &hostile, "hostile unit names", NULL },
  { "open-only", 0, 0, G_OPTION_ARG_NONE, &open_only, "list only open rows (event)", NULL },
  { "title", 0, 0, G_OPTION_ARG_STRING, &title, "title", "T" },
  { "report-date", 0, 0, G_OPTION_ARG_STRING, &report_date, "report date", "D" },
  { NULL, 0, 0, 0, NULL, NULL, NULL },
};

static int fail(const char *what, GError *error)
{
  fprintf(stderr, "xlsx_driver: %s: %s\n", what, error ? error->message : "failed");
  g_clear_error(&error);
  return 1;
}

int main(int argc, char **argv)
{
  GError *error = NULL;
  GOptionContext *ctx = g_option_context_new("[CSV...]");
  g_option_context_add_main_entries(ctx, entries, NULL);
  if (!g_option_context_parse(ctx, &argc, &argv, &error) || !out)
    return fail("usage", error);
  g_option_context_free(ctx);

  const char *datadir = g_getenv("RISKDOC_SOURCE_DIR") ? g_getenv("RISKDOC_SOURCE_DIR")
                                                         : RISKDOC_DATADIR;
  char *config = g_build_filename(datadir, "templates", "office.example.ini", NULL);
  rd_profile *profile = rd_profile_load(config, &error);
  g_free(config);
  if (!profile)
    return fail("profile", error);
  rd_columns *columns = rd_columns_load(datadir, &error);
  if (!columns)
    return fail("columns", error);
  rd_taxonomy *tx = rd_taxonomy_load(datadir, profile->taxonomy, &error);
  if (!tx)
    return fail("taxonomy", error);
  rd_ingest_config cfg = { columns, tx, profile->levels, profile->statuses, NULL };

  rd_dataset *ds = rd_dataset_new();
  if (rows >= 0) {
    GString *csv = rd_test_gen_csv((guint)rows, 15, hostile, 20240531);
    if (!rd_ingest_buffer(ds, &cfg, "synthetic.csv", csv->str, csv->len, &error))
      return fail("ingest", error);
    g_string_free(csv, TRUE);
  }
  for (int i = 1; i < argc; i++)
    if (!rd_ingest_file(ds, &cfg, argv[i], &error))
      return fail(argv[i], error);

  rd_period period;
  rd_period_parse_month("2024-05", &period);
  period.report_date = rd_day_parse_iso(report_date ? report_date : "2024-05-31");
  rd_aggregate *agg = rd_aggregate_compute(ds, tx->n_categories, &profile->scoring, &period);

  GPtrArray *listed = g_ptr_array_new();
  for (guint i = 0; i < ds->records->len; i++)
    if (!open_only || !rd_record_is_resolved(ds->records->pdata[i]))
      g_ptr_array_add(listed, ds->records->pdata[i]);

  char *default_title = g_strdup_printf("%s2024年5月风险隐患及责任清单", profile->office_short);
  rd_list_request req = { out, title ? title : default_title, listed, agg, tx, profile,
                          period.report_date, datadir };
  int status = 0;
  GTimer *timer = g_timer_new();
  if (!rd_xlsx_write_list(&req, &error))
    status = fail("write", error);
  if (g_getenv("XLSX_DRIVER_TIMING"))
    fprintf(stderr, "write: %u rows in %.3f s\n", listed->len, g_timer_elapsed(timer, NULL));
  g_timer_destroy(timer);

  if (status == 0 && summary_path) {
    rd_summary s = { .job = "monthly", .period = "2024-05", .report_date = period.report_date,
                     .data = ds, .agg = agg, .taxonomy = tx };
    char *json = rd_summary_to_json(&s);
    if (!g_file_set_contents(summary_path, json, -1, &error))
      status = fail(summary_path, error);
    g_free(json);
  }
  g_free(default_title);
  g_ptr_array_free(listed, TRUE);
  rd_aggregate_free(agg);
  rd_dataset_free(ds);
  rd_taxonomy_free(tx);
  rd_columns_free(columns);
  rd_profile_free(profile);
  g_free(out);
  g_free(summary_path);
  g_free(title);
  g_free(report_date);
  return status;
}
