/* profile.c — loads the office profile (a GLib key file, see templates/office.example.ini). */
#include <string.h>
#include "profile.h"
#include "record.h"

static char *get_string(GKeyFile *kf, const char *group, const char *key, const char *fallback)
{
  char *value = kf ? g_key_file_get_string(kf, group, key, NULL) : NULL;
  if (value) {
    g_strstrip(value);
    return value;
  }
  return g_strdup(fallback);
}

/* An integer key; absent -> fallback; present but not a number -> error naming the key. */
static gboolean get_int(GKeyFile *kf, const char *path, const char *group, const char *key,
                        int fallback, int *out, GError **error)
{
  *out = fallback;
  if (!kf || !g_key_file_has_key(kf, group, key, NULL))
    return TRUE;
  GError *local = NULL;
  int value = g_key_file_get_integer(kf, group, key, &local);
  if (local) {
    g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                "%s: [%s] %s 应为整数：%s", path, group, key, local->message);
    g_error_free(local);
    return FALSE;
  }
  *out = value;
  return TRUE;
}

static gboolean get_rate(GKeyFile *kf, const char *path, const char *group, const char *key,
                         double fallback, double *out, GError **error)
{
  *out = fallback;
  if (!kf || !g_key_file_has_key(kf, group, key, NULL))
    return TRUE;
  GError *local = NULL;
  double value = g_key_file_get_double(kf, group, key, &local);
  if (local || value < 0 || value > 1) {
    g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                "%s: [%s] %s 应为 0 到 1 之间的小数（例如 0.9 表示 90%%）", path, group, key);
    g_clear_error(&local);
    return FALSE;
  }
  *out = value;
  return TRUE;
}

/* [xlsx] paper: A4 (default) or A3, case-insensitive; anything else is an error naming the
 * key, not a silent A4. */
static gboolean get_paper(GKeyFile *kf, const char *path, rd_paper *out, GError **error)
{
  static const char *const names[] = { [RD_PAPER_A4] = "A4", [RD_PAPER_A3] = "A3" };
  *out = RD_PAPER_A4;
  char *value = get_string(kf, "xlsx", "paper", "A4");
  gboolean ok = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS(names) && !ok; i++)
    if (g_ascii_strcasecmp(value, names[i]) == 0) {
      *out = (rd_paper)i;
      ok = TRUE;
    }
  if (!ok)
    g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                "%s: [xlsx] paper 应为 A4 或 A3（现为“%s”）", path, value);
  g_free(value);
  return ok;
}

/* A [levels] or [statuses] group: each key is a canonical value, its value the written forms.
 * Absent group -> the defaults of domain.md. */
static rd_valuemap *load_valuemap(GKeyFile *kf, const char *path, const char *group,
                                  const char *const *canonical, int n_canonical,
                                  gboolean strip_suffixes, GError **error)
{
  if (!kf || !g_key_file_has_group(kf, group))
    return strip_suffixes ? rd_valuemap_default_levels() : rd_valuemap_default_statuses();
  rd_valuemap *map = rd_valuemap_new(strip_suffixes);
  char **keys = g_key_file_get_keys(kf, group, NULL, NULL);
  for (char **k = keys; k && *k; k++) {
    int value = -1;
    for (int i = 0; i < n_canonical; i++)
      if (strcmp(*k, canonical[i]) == 0)
        value = i;
    if (value < 0) {
      char *allowed = g_strjoinv("、", (char **)canonical);
      g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                  "%s: [%s] 中的“%s”不是可用的值（可用：%s）", path, group, *k, allowed);
      g_free(allowed);
      g_strfreev(keys);
      rd_valuemap_free(map);
      return NULL;
    }
    rd_valuemap_add(map, *k, value);
    char **forms = g_key_file_get_string_list(kf, group, *k, NULL, NULL);
    for (char **f = forms; f && *f; f++)
      rd_valuemap_add(map, *f, value);
    g_strfreev(forms);
  }
  g_strfreev(keys);
  return map;
}

static rd_profile *profile_from_keyfile(GKeyFile *kf, const char *path, GError **error);

/* Reads path (or data, when not NULL) into a key file; NULL with a message naming path. */
static GKeyFile *read_keyfile(const char *path, const char *data, gsize length, GError **error)
{
  GKeyFile *kf = g_key_file_new();
  GError *local = NULL;
  gboolean ok = data ? g_key_file_load_from_data(kf, data, length, G_KEY_FILE_KEEP_COMMENTS, &local)
                     : g_key_file_load_from_file(kf, path, G_KEY_FILE_KEEP_COMMENTS, &local);
  if (!ok) {
    g_set_error(error, local->domain, local->code, "单位配置 %s 无法读取：%s", path,
                local->message);
    g_error_free(local);
    g_key_file_free(kf);
    return NULL;
  }
  return kf;
}

rd_profile *rd_profile_load(const char *path, GError **error)
{
  GKeyFile *kf = NULL;
  if (path && !(kf = read_keyfile(path, NULL, 0, error)))
    return NULL;
  return profile_from_keyfile(kf, path, error);
}

rd_profile *rd_profile_load_data(const char *data, gsize length, const char *name, GError **error)
{
  GKeyFile *kf = read_keyfile(name, data, length, error);
  return kf ? profile_from_keyfile(kf, name, error) : NULL;
}

/* Takes kf (may be NULL: every default). */
static rd_profile *profile_from_keyfile(GKeyFile *kf, const char *path, GError **error)
{
  const char *where = path ? path : "(默认配置)";
  rd_profile *p = g_new0(rd_profile, 1);
  p->path = g_strdup(path);
  p->keyfile = kf;
  p->office_name = get_string(kf, "office", "name", "");
  p->office_short = get_string(kf, "office", "short_name", p->office_name);
  p->issuer_mark = get_string(kf, "office", "issuer_mark", p->office_name);
  p->signature = get_string(kf, "office", "signature", p->office_name);
  p->printer = get_string(kf, "office", "printer", p->office_name);
  char *seal = get_string(kf, "office", "seal_image", "");
  if (*seal && path && !g_path_is_absolute(seal)) {
    char *dir = g_path_get_dirname(path);
    p->seal_image = g_build_filename(dir, seal, NULL);
    g_free(dir);
    g_free(seal);
  } else if (*seal) {
    p->seal_image = seal;
  } else {
    g_free(seal);
  }
  p->doc_number_prefix = get_string(kf, "numbering", "prefix", "");
  p->main_recipients = get_string(kf, "recipients", "main", "");
  p->cc_recipients = get_string(kf, "recipients", "cc", "");
  if (!*p->cc_recipients)
    g_clear_pointer(&p->cc_recipients, g_free);
  p->taxonomy = get_string(kf, "data", "taxonomy", "seven-classes");
  p->xlsx_cell_font = get_string(kf, "xlsx", "cell_font", "仿宋_GB2312");
  p->xlsx_title_font = get_string(kf, "xlsx", "title_font", "方正小标宋简体");
  p->double_sided = !kf || !g_key_file_has_key(kf, "print", "double_sided", NULL) ||
                    g_key_file_get_boolean(kf, "print", "double_sided", NULL);

  static const char *const level_names[] = { "高", "中", "低", NULL };
  static const char *const status_names[] = { "未化解", "化解中", "已化解", "已销号", NULL };
  gboolean ok =
    get_int(kf, where, "numbering", "next_number", 1, &p->doc_number_next, error) &&
    get_int(kf, where, "scoring", "high", 5, &p->scoring.weight[RD_LEVEL_HIGH], error) &&
    get_int(kf, where, "scoring", "medium", 3, &p->scoring.weight[RD_LEVEL_MEDIUM], error) &&
    get_int(kf, where, "scoring", "low", 1, &p->scoring.weight[RD_LEVEL_LOW], error) &&
    get_int(kf, where, "scoring", "overdue", 2, &p->scoring.overdue_weight, error) &&
    get_rate(kf, where, "targets", "high", 1.0, &p->target_high, error) &&
    get_rate(kf, where, "targets", "medium_low", 0.9, &p->target_medium_low, error) &&
    get_paper(kf, where, &p->xlsx_paper, error) &&
    (p->levels = load_valuemap(kf, where, "levels", level_names, 3, TRUE, error)) != NULL &&
    (p->statuses = load_valuemap(kf, where, "statuses", status_names, 4, FALSE, error)) != NULL;
  if (!ok) {
    rd_profile_free(p);
    return NULL;
  }
  return p;
}

void rd_profile_free(rd_profile *p)
{
  if (!p)
    return;
  g_free(p->path);
  g_free(p->office_name);
  g_free(p->office_short);
  g_free(p->issuer_mark);
  g_free(p->signature);
  g_free(p->seal_image);
  g_free(p->printer);
  g_free(p->doc_number_prefix);
  g_free(p->main_recipients);
  g_free(p->cc_recipients);
  g_free(p->taxonomy);
  g_free(p->xlsx_cell_font);
  g_free(p->xlsx_title_font);
  rd_valuemap_free(p->levels);
  rd_valuemap_free(p->statuses);
  if (p->keyfile)
    g_key_file_free(p->keyfile);
  g_free(p);
}
