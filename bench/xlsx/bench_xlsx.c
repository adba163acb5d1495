/* bench_xlsx.c — time and peak memory of the 责任清单 writer against libxlsxwriter writing the
 * same cells raw (same sheets, same rows, same strings and numbers; no formats, no row
 * heights, no measuring, no validation or conditional formats, no 汇总).
 *
 *   bench_xlsx --rows N --mode ours|raw --out FILE.xlsx
 *
 * Rows are synthetic (tests/xlsx/gen_rows.c) and ingested before the clock starts. Prints one
 * JSON line: seconds of the write, peak RSS during the write (VmHWM after resetting it with
 * /proc/self/clear_refs), RSS before the write (the records themselves), rows written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <xlsxwriter.h>
#include "aggregate.h"
#include "columns.h"
#include "ingest.h"
#include "profile.h"
#include "taxonomy.h"
#include "xlsx/xlsx_list.h"
#include "gen_rows.h"

static long status_kb(const char *key)
{
  char *text = NULL;
  long kb = -1;
  if (g_file_get_contents("/proc/self/status", &text, NULL, NULL)) {
    const char *p = strstr(text, key);
    if (p)
      kb = strtol(p + strlen(key) + 1, NULL, 10);
  }
  g_free(text);
  return kb;
}

static double cpu_seconds(void)
{
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
         ru.ru_stime.tv_usec / 1e6;
}

static void reset_peak(void)
{
  FILE *f = fopen("/proc/self/clear_refs", "w");
  if (f) {
    fputs("5", f);
    fclose(f);
  }
}

/* The cells of one list sheet, raw, in the writer's column order (xlsx_list.c): title,
 * header, a group row per category, data rows; the unit sheets add 本单位职责, the overdue
 * sheet 超期天数. Empty texts are skipped (the writer writes them as formatted blanks). */
static guint raw_sheet(lxw_workbook *wb, const char *name, const rd_taxonomy *tx,
                       const GPtrArray *records, const GArray *rows, const char *unit,
                       gboolean late, rd_day report)
{
  lxw_worksheet *ws = workbook_add_worksheet(wb, name);
  lxw_row_t row = 0;
  double epoch = rd_day_from_ymd(1899, 12, 30);
  worksheet_write_string(ws, row++, 0, "title", NULL);
  for (int c = 0; c < 15 + (unit != NULL) + late; c++)
    worksheet_write_string(ws, row, (lxw_col_t)c, "序号", NULL);
  row++;
  GString *buf = g_string_new(NULL);
  int last_category = -1;
  for (guint i = 0; i < rows->len; i++) {
    const rd_record *r = records->pdata[g_array_index(rows, guint, i)];
    if (r->category != last_category) {
      worksheet_write_string(ws, row++, 0, tx->categories[r->category].display, NULL);
      last_category = r->category;
    }
    lxw_col_t c = 0;
    const char *text[16];
    int n = 0;
    worksheet_write_number(ws, row, c++, i + 1, NULL);
    if (unit)
      worksheet_write_string(ws, row, c++, strcmp(unit, r->lead_unit) ? "配合" : "牵头", NULL);
    g_string_truncate(buf, 0);
    for (int u = 0; u < r->n_support_units; u++)
      g_string_append_printf(buf, "%s%s", u ? "、" : "", r->support_units[u]);
    text[n++] = tx->categories[r->category].display;
    text[n++] = r->title;
    text[n++] = r->detail;
    text[n++] = rd_level_name(r->level);
    text[n++] = r->leader;
    text[n++] = r->lead_unit;
    text[n++] = buf->str;
    text[n++] = r->person;
    for (int t = 0; t < n; t++, c++)
      if (*text[t])
        worksheet_write_string(ws, row, c, text[t], NULL);
    if (r->deadline)
      worksheet_write_number(ws, row, c, r->deadline - epoch, NULL);
    c++;
    worksheet_write_string(ws, row, c++, rd_status_name(r->status), NULL);
    if (late) {
      if (r->deadline && r->deadline < report)
        worksheet_write_number(ws, row, c, report - r->deadline, NULL);
      c++;
    }
    n = 0;
    text[n++] = r->measures;
    text[n++] = r->note;
    text[n++] = r->community;
    text[n++] = r->id;
    for (int t = 0; t < n; t++, c++)
      if (*text[t])
        worksheet_write_string(ws, row, c, text[t], NULL);
    row++;
  }
  g_string_free(buf, TRUE);
  return row;
}

static guint write_raw(const char *path, const rd_taxonomy *tx, const GPtrArray *records,
                       rd_day report)
{
  lxw_workbook_options opt = { .constant_memory = records->len > 50000, .tmpdir = "." };
  lxw_workbook *wb = workbook_new_opt(path, &opt);
  /* Same row order as the writer: category order, input order within. */
  GArray *sorted = g_array_new(FALSE, FALSE, sizeof(guint));
  for (int c = 0; c < tx->n_categories; c++)
    for (guint i = 0; i < records->len; i++)
      if (((const rd_record *)records->pdata[i])->category == c)
        g_array_append_val(sorted, i);
  guint written = raw_sheet(wb, "list", tx, records, sorted, NULL, FALSE, report);
  GArray *late = g_array_new(FALSE, FALSE, sizeof(guint));
  GHashTable *units = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify)g_array_unref);
  GPtrArray *order = g_ptr_array_new();
  for (guint i = 0; i < sorted->len; i++) {
    guint k = g_array_index(sorted, guint, i);
    const rd_record *r = records->pdata[k];
    if (rd_record_is_overdue(r, report))
      g_array_append_val(late, k);
    for (int u = -1; u < r->n_support_units; u++) {
      const char *unit = u < 0 ? r->lead_unit : r->support_units[u];
      if (!*unit || (u >= 0 && strcmp(unit, r->lead_unit) == 0))
        continue;  /* as the writer: a unit leading a row does not also support it */
      GArray *rows = g_hash_table_lookup(units, unit);
      if (!rows) {
        rows = g_array_new(FALSE, FALSE, sizeof(guint));
        g_hash_table_insert(units, (gpointer)unit, rows);
        g_ptr_array_add(order, (gpointer)unit);
      }
      if (rows->len == 0 || g_array_index(rows, guint, rows->len - 1) != k)
        g_array_append_val(rows, k);
    }
  }
  if (late->len)
    written += raw_sheet(wb, "late", tx, records, late, NULL, TRUE, report);
  for (guint i = 0; i < order->len; i++) {
    char name[16];
    g_snprintf(name, sizeof name, "u%u", i);
    written += raw_sheet(wb, name, tx, records, g_hash_table_lookup(units, order->pdata[i]),
                         order->pdata[i], FALSE, report);
  }
  workbook_close(wb);
  g_ptr_array_free(order, TRUE);
  g_hash_table_destroy(units);
  g_array_free(late, TRUE);
  g_array_free(sorted, TRUE);
  return written;
}

int main(int argc, char **argv)
{
  int rows = 100000;
  const char *mode = "ours", *out = "bench.xlsx";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--rows"))
      rows = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--mode"))
      mode = argv[i + 1];
    else if (!strcmp(argv[i], "--out"))
      out = argv[i + 1];
  }
  GError *error = NULL;
  const char *datadir = RISKDOC_DATADIR;
  char *config = g_build_filename(datadir, "templates", "office.example.ini", NULL);
  rd_profile *profile = rd_profile_load(config, &error);
  rd_columns *columns = profile ? rd_columns_load(datadir, &error) : NULL;
  rd_taxonomy *tx = columns ? rd_taxonomy_load(datadir, profile->taxonomy, &error) : NULL;
  if (!tx) {
    fprintf(stderr, "bench_xlsx: %s\n", error->message);
    return 1;
  }
  rd_ingest_config cfg = { columns, tx, profile->levels, profile->statuses, NULL };
  rd_dataset *ds = rd_dataset_new();
  GString *csv = rd_test_gen_csv((guint)rows, 15, FALSE, 20240531);
  rd_ingest_buffer(ds, &cfg, "bench.csv", csv->str, csv->len, NULL);
  g_string_free(csv, TRUE);
  rd_period period;
  rd_period_parse_month("2024-05", &period);
  rd_aggregate *agg = rd_aggregate_compute(ds, tx->n_categories, &profile->scoring, &period);

  long rss_before = status_kb("VmRSS:");
  reset_peak();
  gint64 t0 = g_get_monotonic_time();
  double cpu0 = cpu_seconds();
  guint written = 0;
  gboolean ok = TRUE;
  if (!strcmp(mode, "raw")) {
    written = write_raw(out, tx, ds->records, period.report_date);
  } else {
    rd_list_request req = { out, "bench", ds->records, agg, tx, profile, period.report_date,
                            datadir };
    ok = rd_xlsx_write_list(&req, &error);
  }
  double seconds = (double)(g_get_monotonic_time() - t0) / 1e6;
  double cpu = cpu_seconds() - cpu0;
  long peak = status_kb("VmHWM:");
  if (!ok) {
    fprintf(stderr, "bench_xlsx: %s\n", error->message);
    return 1;
  }
  printf("{\"mode\": \"%s\", \"rows\": %d, \"sheet_rows\": %u, \"seconds\": %.3f, "
         "\"cpu_seconds\": %.3f, \"rss_before_mb\": %.1f, \"peak_rss_mb\": %.1f}\n",
         mode, rows, written, seconds, cpu, rss_before / 1024.0, peak / 1024.0);
  rd_aggregate_free(agg);
  rd_dataset_free(ds);
  rd_taxonomy_free(tx);
  rd_columns_free(columns);
  rd_profile_free(profile);
  g_free(config);
  return 0;
}
