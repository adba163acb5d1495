/* taxonomy.c — loads templates/taxonomy/<id>.ini and matches category texts. */
#include <string.h>
#include "taxonomy.h"
#include "normalise.h"

/* Folds a category text for matching: rd_fold, then drop a trailing 风险隐患 or 风险. */
static char *category_key(const char *text)
{
  char *key = rd_fold(text);
  static const char *const suffixes[] = { "风险隐患", "风险" };
  for (size_t i = 0; i < G_N_ELEMENTS(suffixes); i++) {
    size_t n = strlen(key), k = strlen(suffixes[i]);
    if (n > k && strcmp(key + n - k, suffixes[i]) == 0) {
      key[n - k] = '\0';
      break;
    }
  }
  return key;
}

static void add_lookup(rd_taxonomy *tx, const char *text, int index)
{
  char *key = category_key(text);
  if (*key)
    g_hash_table_replace(tx->lookup, key, GINT_TO_POINTER(index + 1));
  else
    g_free(key);
}

static char *taxonomy_path(const char *datadir, const char *id)
{
  if (strchr(id, '/'))
    return g_strdup(id);
  char *file = g_strconcat(id, ".ini", NULL);
  char *path = g_build_filename(datadir, "templates", "taxonomy", file, NULL);
  g_free(file);
  return path;
}

rd_taxonomy *rd_taxonomy_load(const char *datadir, const char *id, GError **error)
{
  char *path = taxonomy_path(datadir, id);
  GKeyFile *kf = g_key_file_new();
  GError *local = NULL;
  if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &local)) {
    g_set_error(error, local->domain, local->code, "分类表 %s 无法读取：%s", path, local->message);
    g_error_free(local);
    g_key_file_free(kf);
    g_free(path);
    return NULL;
  }
  rd_taxonomy *tx = g_new0(rd_taxonomy, 1);
  char *stem = g_path_get_basename(id);
  char *dot = strrchr(stem, '.');
  if (dot)
    *dot = '\0';
  tx->id = stem;
  tx->title = g_key_file_get_string(kf, "taxonomy", "title", NULL);
  if (!tx->title)
    tx->title = g_strdup(tx->id);
  tx->lookup = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

  gsize n_groups = 0;
  char **groups = g_key_file_get_groups(kf, &n_groups);
  tx->categories = g_new0(rd_category, n_groups);
  for (gsize g = 0; g < n_groups; g++) {
    if (strcmp(groups[g], "taxonomy") == 0)
      continue;
    int index = tx->n_categories++;
    rd_category *cat = &tx->categories[index];
    cat->name = g_strdup(groups[g]);
    cat->display = g_key_file_get_string(kf, groups[g], "display", NULL);
    if (!cat->display)
      cat->display = g_strdup(cat->name);
    cat->dimensions = g_key_file_get_string_list(kf, groups[g], "dimensions", NULL, NULL);
    if (!cat->dimensions)
      cat->dimensions = g_new0(char *, 1);
    add_lookup(tx, cat->name, index);
    add_lookup(tx, cat->display, index);
    char **synonyms = g_key_file_get_string_list(kf, groups[g], "synonyms", NULL, NULL);
    for (char **s = synonyms; s && *s; s++)
      add_lookup(tx, *s, index);
    g_strfreev(synonyms);
  }
  g_strfreev(groups);
  g_key_file_free(kf);
  if (tx->n_categories == 0) {
    g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
                "分类表 %s 没有任何风险类别", path);
    rd_taxonomy_free(tx);
    tx = NULL;
  }
  g_free(path);
  return tx;
}

void rd_taxonomy_free(rd_taxonomy *tx)
{
  if (!tx)
    return;
  for (int i = 0; i < tx->n_categories; i++) {
    g_free(tx->categories[i].name);
    g_free(tx->categories[i].display);
    g_strfreev(tx->categories[i].dimensions);
  }
  g_free(tx->categories);
  if (tx->lookup)
    g_hash_table_destroy(tx->lookup);
  g_free(tx->id);
  g_free(tx->title);
  g_free(tx);
}

int rd_taxonomy_match(const rd_taxonomy *tx, const char *text)
{
  char *key = category_key(text);
  gpointer hit = g_hash_table_lookup(tx->lookup, key);
  g_free(key);
  return hit ? GPOINTER_TO_INT(hit) - 1 : -1;
}

char *rd_taxonomy_names_joined(const rd_taxonomy *tx, const char *separator)
{
  GString *out = g_string_new(NULL);
  for (int i = 0; i < tx->n_categories; i++) {
    if (i)
      g_string_append(out, separator);
    g_string_append(out, tx->categories[i].name);
  }
  return g_string_free(out, FALSE);
}
