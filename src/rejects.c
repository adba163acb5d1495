/* rejects.c — writes rejects.csv (see rejects.h). */
#include <string.h>
#include "rejects.h"

static gboolean looks_like_formula(const char *text)
{
  if (!strchr("=+-@", text[0]) || text[0] == '\0')
    return FALSE;
  /* a plain negative or signed number is data, not a formula */
  char *end = NULL;
  g_ascii_strtod(text, &end);
  return !(end && *end == '\0' && end != text);
}

void rd_csv_append_field(GString *out, const char *text, gboolean first)
{
  if (!first)
    g_string_append_c(out, ',');
  gboolean formula = looks_like_formula(text);
  gboolean quote = formula || strpbrk(text, ",\"\r\n") != NULL || text[0] == ' ' ||
                   (text[0] && text[strlen(text) - 1] == ' ');
  if (!quote) {
    g_string_append(out, text);
    return;
  }
  g_string_append_c(out, '"');
  if (formula)
    g_string_append_c(out, '\'');
  for (const char *p = text; *p; p++) {
    if (*p == '"')
      g_string_append_c(out, '"');
    g_string_append_c(out, *p);
  }
  g_string_append_c(out, '"');
}

/* The name a reject's column goes under: its header, or （第N列） when it has none. */
static char *column_name(const rd_reject *r, guint i)
{
  if (i < g_strv_length(r->headers) && *r->headers[i])
    return g_strdup(r->headers[i]);
  return g_strdup_printf("（第%u列）", i + 1);
}

GString *rd_rejects_to_csv(const rd_dataset *ds)
{
  GPtrArray *columns = g_ptr_array_new_with_free_func(g_free);
  GHashTable *index = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint k = 0; k < ds->rejects->len; k++) {
    const rd_reject *r = g_ptr_array_index(ds->rejects, k);
    guint n = MAX(g_strv_length(r->headers), g_strv_length(r->cells));
    for (guint i = 0; i < n; i++) {
      char *name = column_name(r, i);
      if (g_hash_table_contains(index, name)) {
        g_free(name);
        continue;
      }
      g_ptr_array_add(columns, name);
      g_hash_table_insert(index, name, GUINT_TO_POINTER(columns->len));
    }
  }

  /* 工作表 and 单元格 only when a row came from a workbook: CSV-only runs keep the file
   * interface.md describes */
  gboolean sheets = FALSE;
  for (guint k = 0; k < ds->rejects->len && !sheets; k++)
    sheets = ((const rd_reject *)g_ptr_array_index(ds->rejects, k))->sheet != NULL;

  GString *out = g_string_new("\xEF\xBB\xBF");
  for (guint c = 0; c < columns->len; c++)
    rd_csv_append_field(out, g_ptr_array_index(columns, c), c == 0);
  rd_csv_append_field(out, "来源文件", columns->len == 0);
  if (sheets) {
    rd_csv_append_field(out, "工作表", FALSE);
    rd_csv_append_field(out, "单元格", FALSE);
  }
  rd_csv_append_field(out, "行号", FALSE);
  rd_csv_append_field(out, "原因", FALSE);
  g_string_append(out, "\r\n");

  const char **row = g_new0(const char *, columns->len + 1);
  for (guint k = 0; k < ds->rejects->len; k++) {
    const rd_reject *r = g_ptr_array_index(ds->rejects, k);
    for (guint c = 0; c < columns->len; c++)
      row[c] = "";
    guint n = g_strv_length(r->cells);
    for (guint i = 0; i < n; i++) {
      char *name = column_name(r, i);
      guint c = GPOINTER_TO_UINT(g_hash_table_lookup(index, name)) - 1;
      if (!*row[c])   /* ingest numbers a repeated header (备注(2)); this is a last guard */
        row[c] = r->cells[i];
      g_free(name);
    }
    for (guint c = 0; c < columns->len; c++)
      rd_csv_append_field(out, row[c], c == 0);
    char line[16];
    g_snprintf(line, sizeof line, "%d", r->line);
    rd_csv_append_field(out, r->source, columns->len == 0);
    if (sheets) {
      char *cell = r->sheet && r->column > 0 ? rd_cell_name(r->line, r->column) : NULL;
      rd_csv_append_field(out, r->sheet ? r->sheet : "", FALSE);
      rd_csv_append_field(out, cell ? cell : "", FALSE);
      g_free(cell);
    }
    rd_csv_append_field(out, line, FALSE);
    rd_csv_append_field(out, r->reason, FALSE);
    g_string_append(out, "\r\n");
  }
  g_free(row);
  g_hash_table_destroy(index);
  g_ptr_array_free(columns, TRUE);
  return out;
}
