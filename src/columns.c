/* columns.c — loads the header alias table of templates/columns.ini. */
#include <string.h>
#include "columns.h"
#include "normalise.h"

static const char *const field_keys[RD_FIELD_COUNT] = {
  "id", "community", "grid", "category", "subcategory", "title", "detail", "level", "units",
  "support_units", "leader", "person", "measures", "people", "found", "deadline", "status",
  "closed", "note",
};

const char *rd_field_key(rd_field field)
{
  return field < RD_FIELD_COUNT ? field_keys[field] : "";
}

static void add_alias(rd_columns *columns, const char *name, rd_field field)
{
  char *key = rd_fold(name);
  if (*key)
    g_hash_table_replace(columns->lookup, key, GINT_TO_POINTER(field + 1));
  else
    g_free(key);
}

rd_columns *rd_columns_load(const char *datadir, GError **error)
{
  char *path = g_build_filename(datadir, "templates", "columns.ini", NULL);
  GKeyFile *kf = g_key_file_new();
  GError *local = NULL;
  rd_columns *columns = NULL;
  if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &local)) {
    g_set_error(error, local->domain, local->code, "表头别名表 %s 无法读取：%s", path,
                local->message);
    g_error_free(local);
    goto out;
  }
  columns = g_new0(rd_columns, 1);
  columns->lookup = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (int f = 0; f < RD_FIELD_COUNT; f++) {
    columns->canonical[f] = g_key_file_get_string(kf, field_keys[f], "canonical", NULL);
    if (!columns->canonical[f]) {
      g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                  "%s: [%s] 缺少 canonical=（该字段的标准表头）", path, field_keys[f]);
      rd_columns_free(columns);
      columns = NULL;
      goto out;
    }
    columns->required[f] = g_key_file_get_boolean(kf, field_keys[f], "required", NULL);
    columns->aliases[f] = g_key_file_get_string_list(kf, field_keys[f], "aliases", NULL, NULL);
    if (!columns->aliases[f])
      columns->aliases[f] = g_new0(char *, 1);
    add_alias(columns, columns->canonical[f], (rd_field)f);
    for (char **a = columns->aliases[f]; *a; a++)
      add_alias(columns, *a, (rd_field)f);
  }
  columns->footer_prefixes = g_key_file_get_string_list(kf, "footer", "prefixes", NULL, NULL);
  if (!columns->footer_prefixes)
    columns->footer_prefixes = g_new0(char *, 1);
out:
  g_key_file_free(kf);
  g_free(path);
  return columns;
}

void rd_columns_free(rd_columns *columns)
{
  if (!columns)
    return;
  for (int f = 0; f < RD_FIELD_COUNT; f++) {
    g_free(columns->canonical[f]);
    g_strfreev(columns->aliases[f]);
  }
  g_strfreev(columns->footer_prefixes);
  if (columns->lookup)
    g_hash_table_destroy(columns->lookup);
  g_free(columns);
}

int rd_columns_match(const rd_columns *columns, const char *header)
{
  char *key = rd_fold(header);
  gpointer hit = g_hash_table_lookup(columns->lookup, key);
  g_free(key);
  return hit ? GPOINTER_TO_INT(hit) - 1 : -1;
}
