/* output.c — atomic, owner-only output files; checksums; safe file names. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "output.h"

gboolean rd_output_dir_prepare(const char *dir, GError **error)
{
  if (g_mkdir_with_parents(dir, 0700) != 0 || g_chmod(dir, 0700) != 0) {
    int saved = errno;
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved), "无法创建输出目录 %s：%s", dir,
                g_strerror(saved));
    return FALSE;
  }
  return TRUE;
}

char *rd_output_temp_path(const char *final_path, GError **error)
{
  char *dir = g_path_get_dirname(final_path);
  char *template = g_build_filename(dir, ".riskdoc-XXXXXX.tmp", NULL);
  g_free(dir);
  int fd = g_mkstemp_full(template, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) {
    int saved = errno;
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved), "无法创建临时文件 %s：%s",
                template, g_strerror(saved));
    g_free(template);
    return NULL;
  }
  close(fd);
  return template;
}

gboolean rd_output_commit(const char *temp_path, const char *final_path, GError **error)
{
  if (g_chmod(temp_path, 0600) != 0 || g_rename(temp_path, final_path) != 0) {
    int saved = errno;
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved), "无法写入 %s：%s", final_path,
                g_strerror(saved));
    g_unlink(temp_path);
    return FALSE;
  }
  return TRUE;
}

void rd_output_abandon(const char *temp_path)
{
  if (temp_path)
    g_unlink(temp_path);
}

gboolean rd_output_write(const char *path, const void *data, gsize length, GError **error)
{
  char *temp = rd_output_temp_path(path, error);
  if (!temp)
    return FALSE;
  int fd = g_open(temp, O_WRONLY | O_TRUNC | O_CLOEXEC, 0600);
  gboolean ok = fd >= 0;
  const char *p = data;
  while (ok && length > 0) {
    ssize_t n = write(fd, p, length);
    if (n < 0 && errno == EINTR)
      continue;
    ok = n > 0;
    if (ok) {
      p += n;
      length -= (gsize)n;
    }
  }
  int saved = errno;
  if (fd >= 0 && close(fd) != 0 && ok) {
    ok = FALSE;
    saved = errno;
  }
  if (!ok) {
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved), "无法写入 %s：%s", path,
                g_strerror(saved));
    rd_output_abandon(temp);
    g_free(temp);
    return FALSE;
  }
  ok = rd_output_commit(temp, path, error);
  g_free(temp);
  return ok;
}

char *rd_file_sha256(const char *path, GError **error)
{
  GMappedFile *map = g_mapped_file_new(path, FALSE, error);
  if (!map)
    return NULL;
  char *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
                                          (const guchar *)g_mapped_file_get_contents(map),
                                          g_mapped_file_get_length(map));
  g_mapped_file_unref(map);
  return hex;
}

char *rd_safe_filename(const char *name, gsize max_bytes)
{
  GString *out = g_string_new(NULL);
  char *valid = g_utf8_make_valid(name, -1);
  for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' ||
        c == '>' || c == '|' || g_unichar_iscntrl(c))
      c = '_';
    if (out->len == 0 && (c == '.' || g_unichar_isspace(c)))
      continue;   /* no hidden files, no "..", no leading blanks */
    char buf[8];
    int n = g_unichar_to_utf8(c, buf);
    if (out->len + (gsize)n > max_bytes)
      break;
    g_string_append_len(out, buf, n);
  }
  g_free(valid);
  while (out->len && (out->str[out->len - 1] == ' ' || out->str[out->len - 1] == '.'))
    g_string_truncate(out, out->len - 1);   /* Windows drops trailing dots and blanks */
  if (out->len == 0)
    g_string_assign(out, "_");
  return g_string_free(out, FALSE);
}

static void output_clear(gpointer data)
{
  rd_output *o = data;
  g_free(o->kind);
  g_free(o->path);
  g_free(o->sha256);
}

GArray *rd_outputs_new(void)
{
  GArray *outputs = g_array_new(FALSE, TRUE, sizeof(rd_output));
  g_array_set_clear_func(outputs, output_clear);
  return outputs;
}

gboolean rd_outputs_add(GArray *outputs, const char *dir, const char *kind,
                        const char *relative_path, int pages, GError **error)
{
  char *full = g_build_filename(dir, relative_path, NULL);
  char *sha = rd_file_sha256(full, error);
  g_free(full);
  if (!sha)
    return FALSE;
  rd_output o = { g_strdup(kind), g_strdup(relative_path), pages, sha };
  g_array_append_val(outputs, o);
  return TRUE;
}
