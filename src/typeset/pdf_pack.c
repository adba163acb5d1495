/* pdf_pack.c — cairo's PDF, as the file riskdoc writes: the same objects, rewritten by qpdf
 * with the dictionaries in compressed object streams (PDF 1.5).
 *
 * Why: cairo 1.16 writes every dictionary in clear, among them each CID font's /W array of
 * one width per glyph (1.6 KB for the 283 glyphs of a four-page 交办单) and one page object
 * per page. In object streams they compress with the rest: the largest four-page 交办单
 * goes from 80,314 to 74,190 bytes (-7.6 %), the 2,888-page 通报 of 100,000 rows from
 * 7.73 to 6.31 MB (-18 %) for 0.25 s. The streams (pages, fonts, images) are copied as cairo
 * compressed them (decode level none); the /ID is a hash of the content, so the file stays
 * byte-reproducible. */
#include <errno.h>
#include <qpdf/qpdf-c.h>
#include "layout.h"
#include "output.h"

/* qpdf's text for the error it holds (the API returns it per qpdf_data, not per call). */
static void set_qpdf_error(qpdf_data q, const char *path, GError **error)
{
  const char *why = qpdf_has_error(q) ? qpdf_get_error_full_text(q, qpdf_get_error(q))
                                      : "qpdf";
  g_set_error(error, RD_TYPESET_ERROR, RD_TYPESET_ERROR_IO, "无法写入 %s：%s", path, why);
}

gboolean rd_pdf_pack_write(const guint8 *pdf, gsize len, int fd, const char *path,
                           GError **error)
{
  qpdf_data q = qpdf_init();
  qpdf_silence_errors(q);              /* errors come back through error, not stderr */
  qpdf_set_suppress_warnings(q, QPDF_TRUE);
  gboolean ok = FALSE;
  if (qpdf_read_memory(q, path, (const char *)pdf, (unsigned long long)len, NULL) & QPDF_ERRORS)
    set_qpdf_error(q, path, error);
  else if (qpdf_init_write_memory(q) & QPDF_ERRORS)
    set_qpdf_error(q, path, error);
  else {
    qpdf_set_object_stream_mode(q, qpdf_o_generate);
    qpdf_set_decode_level(q, qpdf_dl_none);
    qpdf_set_deterministic_ID(q, QPDF_TRUE);
    if (qpdf_write(q) & QPDF_ERRORS)
      set_qpdf_error(q, path, error);
    else if (!rd_write_all(fd, qpdf_get_buffer(q), qpdf_get_buffer_length(q)))
      g_set_error(error, RD_TYPESET_ERROR, RD_TYPESET_ERROR_IO, "无法写入 %s：%s", path,
                  g_strerror(errno));
    else
      ok = TRUE;
  }
  qpdf_cleanup(&q);
  return ok;
}
