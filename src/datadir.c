/* datadir.c — finding the data folder at run time (see datadir.h). */
#include <glib/gi18n.h>
#include "datadir.h"

/* A folder is the data folder when it holds the wording every job reads. */
static gboolean is_datadir(const char *dir)
{
  char *probe = g_build_filename(dir, "templates", "documents.ini", NULL);
  gboolean ok = g_file_test(probe, G_FILE_TEST_IS_REGULAR);
  g_free(probe);
  return ok;
}

/* The folder holding the running executable; NULL when /proc is not mounted. */
static char *exe_dir(void)
{
  char *exe = g_file_read_link("/proc/self/exe", NULL);
  char *dir = exe ? g_path_get_dirname(exe) : NULL;
  g_free(exe);
  return dir;
}

/* bindir/../share/riskdoc, as the install rules lay it out (RISKDOC_BIN_TO_DATA, a path
 * relative to the executable's folder set by CMake). */
static char *installed_datadir(const char *bindir)
{
  char *share = g_build_filename(bindir, RISKDOC_BIN_TO_DATA, NULL);
  char *canonical = g_canonicalize_filename(share, NULL);
  g_free(share);
  if (is_datadir(canonical))
    return canonical;
  g_free(canonical);
  return NULL;
}

/* The source tree named by the build tree's marker, beside the executable or (for programs
 * built into a subfolder of the build tree, such as tests/) one folder up. */
static char *build_tree_datadir(const char *bindir)
{
  const char *places[] = { ".", "..", NULL };
  for (int i = 0; places[i]; i++) {
    char *marker = g_build_filename(bindir, places[i], RD_BUILD_TREE_MARKER, NULL);
    char *text = NULL;
    gboolean read = g_file_get_contents(marker, &text, NULL, NULL);
    g_free(marker);
    if (read) {
      g_strstrip(text);
      if (is_datadir(text))
        return text;
    }
    g_free(text);
  }
  return NULL;
}

char *rd_datadir(GError **error)
{
  const char *env = g_getenv("RISKDOC_DATADIR");
  if (env && *env)
    return g_strdup(env);
  char *bindir = exe_dir();
  char *dir = bindir ? installed_datadir(bindir) : NULL;
  if (!dir && bindir)
    dir = build_tree_datadir(bindir);
  g_free(bindir);
  if (!dir)
    g_set_error_literal(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                        _("cannot find the data folder (templates/): there is no "
                          "../share/riskdoc beside the program; reinstall it, or set "
                          "RISKDOC_DATADIR"));
  return dir;
}

char *rd_localedir(void)
{
  char *bindir = exe_dir();
  if (!bindir)
    return NULL;
  char *marker = g_build_filename(bindir, RD_BUILD_TREE_MARKER, NULL);
  gboolean build_tree = g_file_test(marker, G_FILE_TEST_IS_REGULAR);
  char *dir = build_tree ? g_build_filename(bindir, "locale", NULL)
                         : g_build_filename(bindir, RISKDOC_BIN_TO_LOCALE, NULL);
  g_free(marker);
  g_free(bindir);
  return dir;
}

char *rd_user_config_path(const char *name)
{
  return g_build_filename(g_get_user_config_dir(), "riskdoc", name, NULL);
}

char *rd_user_profile_path(void)
{
  char *path = rd_user_config_path("office.ini");
  if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
    return path;
  g_free(path);
  return NULL;
}
