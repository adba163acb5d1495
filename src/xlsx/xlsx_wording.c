/* xlsx_wording.c — the workbook's wording, from templates/xlsx.ini. */
#include <string.h>
#include "xlsx_internal.h"

/* Every key the workbook uses: all must be there, so that a lookup cannot fail later. */
static const char *const keys[] = {
  "sheets.list", "sheets.categories", "sheets.units", "sheets.communities", "sheets.charts",
  "sheets.overdue", "titles.categories", "titles.units", "titles.communities", "titles.charts",
  "titles.overdue", "charts.categories", "charts.units", "charts.units_series",
};

GHashTable *rd_xlsx_wording_load(const char *datadir, GError **error)
{
  char *path = g_build_filename(datadir ? datadir : RISKDOC_DATADIR, "templates", "xlsx.ini",
                                NULL);
  GKeyFile *kf = g_key_file_new();
  GHashTable *words = NULL;
  GError *local = NULL;
  if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &local)) {
    g_set_error(error, local->domain, local->code, "无法读取 %s：%s", path, local->message);
    g_error_free(local);
  } else {
    words = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
    for (guint i = 0; i < G_N_ELEMENTS(keys) && words; i++) {
      const char *dot = strchr(keys[i], '.');
      char *group = g_strndup(keys[i], (gsize)(dot - keys[i]));
      char *value = g_key_file_get_string(kf, group, dot + 1, NULL);
      if (value)
        g_strstrip(value);
      if (!value || !*value) {
        g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                    "%s：[%s] 缺少 %s（责任清单的用语）", path, group, dot + 1);
        g_free(value);
        g_clear_pointer(&words, g_hash_table_destroy);
      } else {
        g_hash_table_insert(words, (gpointer)keys[i], value);
      }
      g_free(group);
    }
  }
  g_key_file_free(kf);
  g_free(path);
  return words;
}

const char *rd_xlsx_word(const rd_xlsx_writer *w, const char *key)
{
  const char *word = g_hash_table_lookup(w->words, key);
  g_assert(word);  /* every key is checked at load; an unknown one is a programming error */
  return word;
}
