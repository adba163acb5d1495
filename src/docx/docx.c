/* docx.c — the parts of the package and their relationships (Open Packaging Conventions),
 * in one fixed order. */
#include <string.h>
#include "docx_internal.h"

#define CT_NS "http://schemas.openxmlformats.org/package/2006/content-types"
#define REL_NS "http://schemas.openxmlformats.org/package/2006/relationships"
#define OFFICE_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define WML_CT "application/vnd.openxmlformats-officedocument.wordprocessingml."

static void override(rd_xml *x, const char *part, const char *type)
{
  rd_xml_empty(x, "Override", "PartName", part, "ContentType", type, NULL);
}

static GBytes *content_types(void)
{
  rd_xml x;
  rd_xml_begin(&x);
  rd_xml_open(&x, "Types");
  rd_xml_attr(&x, "xmlns", CT_NS);
  rd_xml_empty(&x, "Default", "Extension", "rels",
               "ContentType", "application/vnd.openxmlformats-package.relationships+xml", NULL);
  rd_xml_empty(&x, "Default", "Extension", "xml", "ContentType", "application/xml", NULL);
  rd_xml_empty(&x, "Default", "Extension", "png", "ContentType", "image/png", NULL);
  override(&x, "/word/document.xml", WML_CT "document.main+xml");
  override(&x, "/word/styles.xml", WML_CT "styles+xml");
  override(&x, "/word/settings.xml", WML_CT "settings+xml");
  override(&x, "/word/fontTable.xml", WML_CT "fontTable+xml");
  override(&x, "/word/footer1.xml", WML_CT "footer+xml");
  override(&x, "/word/footer2.xml", WML_CT "footer+xml");
  override(&x, "/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml");
  override(&x, "/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml");
  rd_xml_close(&x);
  return rd_xml_end(&x);
}

static void rel(rd_xml *x, const char *id, const char *type, const char *target)
{
  rd_xml_empty(x, "Relationship", "Id", id, "Type", type, "Target", target, NULL);
}

static GBytes *package_rels(void)
{
  rd_xml x;
  rd_xml_begin(&x);
  rd_xml_open(&x, "Relationships");
  rd_xml_attr(&x, "xmlns", REL_NS);
  rel(&x, "rId1", OFFICE_REL "officeDocument", "word/document.xml");
  rel(&x, "rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
      "docProps/core.xml");
  rel(&x, "rId3", OFFICE_REL "extended-properties", "docProps/app.xml");
  rd_xml_close(&x);
  return rd_xml_end(&x);
}

static GBytes *document_rels(guint n_media)
{
  rd_xml x;
  rd_xml_begin(&x);
  rd_xml_open(&x, "Relationships");
  rd_xml_attr(&x, "xmlns", REL_NS);
  rel(&x, "rIdStyles", OFFICE_REL "styles", "styles.xml");
  rel(&x, "rIdSettings", OFFICE_REL "settings", "settings.xml");
  rel(&x, "rIdFonts", OFFICE_REL "fontTable", "fontTable.xml");
  rel(&x, "rIdFooterOdd", OFFICE_REL "footer", "footer1.xml");
  rel(&x, "rIdFooterEven", OFFICE_REL "footer", "footer2.xml");
  for (guint i = 0; i < n_media; i++) {
    char id[32], target[48];
    g_snprintf(id, sizeof id, "rIdChart%u", i + 1);
    g_snprintf(target, sizeof target, "media/chart%u.png", i + 1);
    rel(&x, id, OFFICE_REL "image", target);
  }
  rd_xml_close(&x);
  return rd_xml_end(&x);
}

static void element_text(rd_xml *x, const char *name, const char *text)
{
  if (!text)
    return;
  rd_xml_open(x, name);
  rd_xml_text(x, text);
  rd_xml_close(x);
}

/* Title, author, subject and keywords as the PDF's metadata; dates from 成文日期. */
static GBytes *core_props(const rd_document *doc, const char *iso)
{
  rd_xml x;
  rd_xml_begin(&x);
  rd_xml_open(&x, "cp:coreProperties");
  rd_xml_attr(&x, "xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
  rd_xml_attr(&x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
  rd_xml_attr(&x, "xmlns:dcterms", "http://purl.org/dc/terms/");
  rd_xml_attr(&x, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
  element_text(&x, "dc:title", rd_document_title(doc));
  element_text(&x, "dc:subject", doc->subject ? doc->subject : doc->doc_number);
  const char *author = doc->author ? doc->author : doc->signature ? doc->signature
                     : doc->issuers->len ? g_ptr_array_index(doc->issuers, 0) : NULL;
  element_text(&x, "dc:creator", author);
  element_text(&x, "cp:keywords", doc->keywords);
  rd_xml_open(&x, "dcterms:created");
  rd_xml_attr(&x, "xsi:type", "dcterms:W3CDTF");
  rd_xml_text(&x, iso);
  rd_xml_close(&x);
  rd_xml_open(&x, "dcterms:modified");
  rd_xml_attr(&x, "xsi:type", "dcterms:W3CDTF");
  rd_xml_text(&x, iso);
  rd_xml_close(&x);
  rd_xml_close(&x);
  return rd_xml_end(&x);
}

static GBytes *app_props(void)
{
  rd_xml x;
  rd_xml_begin(&x);
  rd_xml_open(&x, "Properties");
  rd_xml_attr(&x, "xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties");
  element_text(&x, "Application", "riskdoc typeset, GB/T 9704-2012");   /* as the PDF's Creator */
  rd_xml_close(&x);
  return rd_xml_end(&x);
}

/* libxml2 sets itself up once per process, before any thread writes (xmlInitParser is not
 * reentrant); the 交办单 are written from worker threads. */
static gpointer init_libxml(gpointer unused)
{
  (void)unused;
  xmlInitParser();
  return NULL;
}

GBytes *rd_docx_render(rd_typesetter *ts, const rd_document *doc, GError **error)
{
  static GOnce once = G_ONCE_INIT;
  g_once(&once, init_libxml, NULL);
  GPtrArray *media = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
  GBytes *document = rd_docx_document_part(ts, doc, media, error);
  if (!document) {
    g_ptr_array_free(media, TRUE);
    return NULL;
  }
  /* the document's own date, never the clock: 09:00 of its 成文日期. A zip entry keeps a
   * local wall-clock time, which libzip takes from localtime(): the instant is taken in the
   * local zone so that every zone writes the same 09:00. */
  int y = doc->year > 0 ? doc->year : 2000, m = doc->year > 0 ? doc->month : 1;
  int day = doc->year > 0 ? doc->day : 1;
  GDateTime *local = g_date_time_new_local(y, m, day, 9, 0, 0);
  char *iso = g_strdup_printf("%04d-%02d-%02dT01:00:00Z", y, m, day);   /* 09:00 Beijing */
  time_t t = (time_t)g_date_time_to_unix(local);
  g_date_time_unref(local);
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  GArray *parts = g_array_new(FALSE, FALSE, sizeof(rd_docx_part));
#define PART(n, bytes) do { rd_docx_part p_ = { (n), (bytes) }; g_array_append_val(parts, p_); } while (0)
  PART("[Content_Types].xml", content_types());
  PART("_rels/.rels", package_rels());
  PART("docProps/core.xml", core_props(doc, iso));
  PART("docProps/app.xml", app_props());
  PART("word/document.xml", document);
  PART("word/_rels/document.xml.rels", document_rels(media->len));
  PART("word/styles.xml", rd_docx_styles_part(ts));
  PART("word/settings.xml", rd_docx_settings_part());
  PART("word/fontTable.xml", rd_docx_font_table_part(ts));
  PART("word/footer1.xml", rd_docx_footer_part(ts, doc, TRUE));
  PART("word/footer2.xml", rd_docx_footer_part(ts, doc, FALSE));
  for (guint i = 0; i < media->len; i++) {
    char *name = g_strdup_printf("word/media/chart%u.png", i + 1);
    g_ptr_array_add(names, name);
    PART(name, g_bytes_ref(g_ptr_array_index(media, i)));
  }
#undef PART
  GBytes *out = rd_docx_package((rd_docx_part *)parts->data, (int)parts->len, t, error);
  for (guint i = 0; i < parts->len; i++)
    g_bytes_unref(g_array_index(parts, rd_docx_part, i).data);
  g_array_free(parts, TRUE);
  g_ptr_array_free(names, TRUE);
  g_ptr_array_free(media, TRUE);
  g_free(iso);
  return out;
}
