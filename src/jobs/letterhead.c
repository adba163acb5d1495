/* letterhead.c — the office profile's fields in a document (see letterhead.h). */
#include "letterhead.h"

/* Sets key to value unless the document has it or value is empty. The values come from a
 * profile that has been loaded, so a field the typesetter rejects is a bug: it is logged. */
static void fill(rd_document *doc, const char *key, const char *value)
{
  if (!value || !*value || rd_document_get_field(doc, key))
    return;
  GError *error = NULL;
  if (!rd_document_set_field(doc, key, value, &error)) {
    g_warning("profile field %s: %s", key, error->message);
    g_error_free(error);
  }
}

void rd_document_apply_profile(rd_document *doc, const rd_profile *pr)
{
  if (!pr)
    return;
  if (!g_strcmp0(rd_document_get_field(doc, "版头"), "否")) {
    /* a plain document (交办单, 台账) prints only what it writes itself */
    fill(doc, "作者", pr->office_name);
    return;
  }
  fill(doc, "发文机关标志", pr->issuer_mark);
  char *number = rd_profile_doc_number(pr, NULL, rd_document_year(doc), 0);
  fill(doc, "发文字号", number);
  g_free(number);
  fill(doc, "主送", pr->main_recipients);
  fill(doc, "署名", pr->signature);
  if (pr->seal_image && *pr->seal_image) {
    if (g_path_is_absolute(pr->seal_image) || !pr->path) {
      fill(doc, "印章", pr->seal_image);
    } else {
      char *dir = g_path_get_dirname(pr->path);
      char *seal = g_build_filename(dir, pr->seal_image, NULL);
      fill(doc, "印章", seal);
      g_free(seal);
      g_free(dir);
    }
  }
  fill(doc, "印发机关", pr->printer);
  fill(doc, "抄送", pr->cc_recipients);
  fill(doc, "双面印刷", pr->double_sided ? "是" : "否");
  fill(doc, "作者", pr->office_name);
}
