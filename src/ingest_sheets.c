/* ingest_sheets.c — what the .xlsx and .xls readers share: which sheet is the ledger, and the
 * text a number cell stands for (see ingest_internal.h). */
#include <math.h>
#include <string.h>
#include "ingest_internal.h"

/* ---- numbers and dates ---- */

gboolean rd_number_format_is_date(int id, const char *code)
{
  /* built-in formats: 14–22 in every locale, 27–36 and 50–58 the CJK date forms
   * (yyyy"年"m"月"d"日" and kin), 45–47 times */
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
      (id >= 50 && id <= 58))
    return TRUE;
  if (!code)
    return FALSE;
  /* a custom code shows a date when it has y, m, d, h or s outside quoted text, escapes
   * and [colour]/[$-804] brackets; only its first section (positive numbers) counts */
  for (const char *p = code; *p && *p != ';'; p++) {
    switch (*p) {
    case '"':
      p = strchr(p + 1, '"');
      if (!p)
        return FALSE;
      break;
    case '\\':
    case '_':
    case '*':
      if (!*++p)
        return FALSE;
      break;
    case '[':
      p = strchr(p + 1, ']');
      if (!p)
        return FALSE;
      break;
    default:
      if (strchr("yYmMdDhHsS", *p) && !g_str_has_prefix(p, "General"))
        return TRUE;
    }
  }
  return FALSE;
}

char *rd_number_text(double value, gboolean is_date, gboolean date1904)
{
  if (is_date && isfinite(value) && value >= 1 && value < 2958466) {
    /* serial 1 = 1900-01-01 in the 1900 system, which counts the 29 February 1900 Lotus
     * had; the 1904 system counts from 1904-01-01 = 0 */
    GDate date;
    g_date_clear(&date, 1);
    long days = (long)floor(value);
    if (date1904) {
      g_date_set_dmy(&date, 1, G_DATE_JANUARY, 1904);
      g_date_add_days(&date, (guint)days);
    } else {
      g_date_set_dmy(&date, 31, G_DATE_DECEMBER, 1899);
      g_date_add_days(&date, (guint)(days >= 60 ? days - 1 : days));
    }
    return g_strdup_printf("%04d-%02d-%02d", g_date_get_year(&date), g_date_get_month(&date),
                           g_date_get_day(&date));
  }
  if (isfinite(value) && value == floor(value) && fabs(value) < 1e15)
    return g_strdup_printf("%.0f", value);
  /* the shortest of 15 or 17 digits that reads back as the same number: 0.1 stays 0.1 */
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd(buf, sizeof buf, "%.15g", value);
  if (g_ascii_strtod(buf, NULL) != value)
    g_ascii_formatd(buf, sizeof buf, "%.17g", value);
  return g_strdup(buf);
}

/* ---- which sheet ---- */

static char *sheet_names(const rd_sheet_info *sheets, guint n)
{
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < n; i++)
    g_string_append_printf(s, "%s“%s”%s", i ? "、" : "", sheets[i].name,
                           sheets[i].hidden ? "（隐藏）" : "");
  return g_string_free(s, FALSE);
}

/* Reads sheet i whole into a new row stage; FALSE when the reader failed res. */
static gboolean read_whole(rd_store *st, rd_file_result *res, const rd_ingest_config *cfg,
                           const char *name, const rd_sheet_info *sheet, guint i,
                           rd_sheet_reader read_sheet, void *user)
{
  res->sheet = rd_file_result_name(res, sheet->name);
  rd_rows *rows = rd_rows_new(st, res, cfg, name, res->sheet);
  if (!read_sheet(rows, i, FALSE, user)) {
    rd_rows_free(rows);
    return FALSE;
  }
  rd_rows_finish(rows);
  return TRUE;
}

/* Streams sheet i until its header shows; TRUE (and the rows kept going to the end) when the
 * header has every required column, else what it added to res is taken back. */
static gboolean try_sheet(rd_store *st, rd_file_result *res, const rd_ingest_config *cfg,
                          const char *name, const rd_sheet_info *sheet, guint i,
                          rd_sheet_reader read_sheet, void *user, gboolean *failed)
{
  guint items = res->items->len;
  gsize cells = res->cells->len;
  const char *kept = rd_file_result_name(res, sheet->name);
  rd_rows *rows = rd_rows_new(st, res, cfg, name, kept);
  if (!read_sheet(rows, i, TRUE, user)) {
    rd_rows_free(rows);
    *failed = TRUE;
    return FALSE;
  }
  if (!rd_rows_header_complete(rows)) {
    rd_rows_free(rows);
    g_array_remove_range(res->items, items, res->items->len - items);
    g_string_truncate(res->cells, cells);
    return FALSE;
  }
  res->sheet = kept;
  rd_rows_finish(rows);
  return TRUE;
}

void rd_read_sheets(rd_store *st, rd_file_result *res, const rd_ingest_config *cfg,
                    const char *name, const rd_sheet_info *sheets, guint n_sheets,
                    rd_sheet_reader read_sheet, void *user)
{
  res->decoded = TRUE;
  if (cfg->sheet) {
    for (guint i = 0; i < n_sheets; i++)
      if (strcmp(sheets[i].name, cfg->sheet) == 0) {
        read_whole(st, res, cfg, name, &sheets[i], i, read_sheet, user);
        return;
      }
    char *names = sheet_names(sheets, n_sheets);
    rd_file_result_fail(res, RD_INGEST_ERROR_FORMAT, NULL, 0, 0,
                        "没有名为“%s”的工作表（--sheet）；本工作簿的工作表：%s", cfg->sheet,
                        n_sheets ? names : "无");
    g_free(names);
    return;
  }
  int chosen = -1, first_visible = -1;
  for (guint i = 0; i < n_sheets && chosen < 0; i++) {
    if (sheets[i].hidden)
      continue;
    if (first_visible < 0)
      first_visible = (int)i;
    gboolean failed = FALSE;
    if (try_sheet(st, res, cfg, name, &sheets[i], i, read_sheet, user, &failed))
      chosen = (int)i;
    else if (failed)
      return;
  }
  if (first_visible < 0) {
    rd_file_result_fail(res, RD_INGEST_ERROR_EMPTY, NULL, 0, 0,
                        n_sheets ? "工作簿的工作表都是隐藏的，没有可读取的台账（可用 --sheet 指定）"
                                 : "工作簿中没有工作表");
    return;
  }
  if (chosen < 0) {
    /* no sheet has the ledger's header: read the first as a CSV would be, so its rows are
     * rejected with the missing columns named */
    chosen = first_visible;
    if (!read_whole(st, res, cfg, name, &sheets[chosen], (guint)chosen, read_sheet, user))
      return;
  }
  for (guint i = 0; i < n_sheets; i++) {
    if ((int)i == chosen)
      continue;
    rd_file_result_note(res, sheets[i].name, 0, 0, 'W',
                        g_strdup_printf(sheets[i].hidden ? "已忽略隐藏工作表“%s”" : "已忽略工作表“%s”",
                                        sheets[i].name));
  }
}
