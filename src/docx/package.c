/* package.c — the zip package of a DOCX, built in memory with libzip. Word and WPS read the
 * parts in any order; a fixed order and one timestamp for every entry make the bytes depend
 * on the parts only. */
#include "docx_internal.h"
#include <zip.h>

static gboolean zip_failed(zip_error_t *ze, const char *what, GError **error)
{
  g_set_error(error, RD_TYPESET_ERROR, RD_TYPESET_ERROR_IO, "DOCX package: %s: %s", what,
              zip_error_strerror(ze));
  return FALSE;
}

/* Adds the parts to the open archive. */
static gboolean add_parts(zip_t *za, const rd_docx_part *parts, int nparts, time_t t,
                          GError **error)
{
  for (int i = 0; i < nparts; i++) {
    gsize len = 0;
    const void *data = g_bytes_get_data(parts[i].data, &len);
    zip_source_t *src = zip_source_buffer(za, data, len, 0);   /* the parts outlive the archive */
    zip_int64_t idx = src ? zip_file_add(za, parts[i].name, src, ZIP_FL_ENC_UTF_8) : -1;
    if (idx < 0) {
      if (src)
        zip_source_free(src);
      return zip_failed(zip_get_error(za), parts[i].name, error);
    }
    if (zip_file_set_mtime(za, (zip_uint64_t)idx, t, 0) < 0 ||
        zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 9) < 0)
      return zip_failed(zip_get_error(za), parts[i].name, error);
  }
  return TRUE;
}

/* Reads the whole of a (closed, kept) source. */
static GBytes *source_bytes(zip_source_t *src, GError **error)
{
  zip_stat_t st;
  if (zip_source_open(src) < 0) {
    zip_failed(zip_source_error(src), "reading back", error);
    return NULL;
  }
  zip_stat_init(&st);
  GByteArray *out = g_byte_array_new();
  char chunk[65536];
  zip_int64_t n;
  while ((n = zip_source_read(src, chunk, sizeof chunk)) > 0)
    g_byte_array_append(out, (const guint8 *)chunk, (guint)n);
  gboolean ok = n == 0;
  if (!ok)
    zip_failed(zip_source_error(src), "reading back", error);
  zip_source_close(src);
  if (!ok) {
    g_byte_array_free(out, TRUE);
    return NULL;
  }
  return g_byte_array_free_to_bytes(out);
}

GBytes *rd_docx_package(const rd_docx_part *parts, int nparts, time_t t, GError **error)
{
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
  zip_t *za = mem ? zip_open_from_source(mem, ZIP_TRUNCATE, &ze) : NULL;
  GBytes *result = NULL;
  if (!za) {
    zip_failed(&ze, "creating", error);
    if (mem)
      zip_source_free(mem);
    zip_error_fini(&ze);
    return NULL;
  }
  zip_source_keep(mem);   /* the archive's bytes are read back after zip_close */
  gboolean ok = add_parts(za, parts, nparts, t, error);
  if (ok && zip_close(za) < 0)
    ok = zip_failed(zip_get_error(za), "writing", error);
  if (!ok)
    zip_discard(za);
  else
    result = source_bytes(mem, error);
  zip_source_free(mem);
  zip_error_fini(&ze);
  return result;
}
