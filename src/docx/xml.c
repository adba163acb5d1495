/* xml.c — writing the XML parts with libxml2's xmlTextWriter (escaping and well-formedness
 * are the library's), and the few shapes WordprocessingML properties take. */
#include <stdarg.h>
#include "docx_internal.h"

void rd_xml_begin(rd_xml *x)
{
  x->buf = xmlBufferCreate();
  /* grown by doubling, not to the exact size at every 4 KB the writer flushes: on the DOCX's
   * own thread (beside the PDF) each move of a part of tens of MB left its old place unusable
   * in that thread's 64 MB heaps, and the 100k 通报 grew to 4-5 GB of RSS for 0.6 GB used */
  xmlBufferSetAllocationScheme(x->buf, XML_BUFFER_ALLOC_DOUBLEIT);
  x->w = xmlNewTextWriterMemory(x->buf, 0);
  xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", "yes");
}

GBytes *rd_xml_end(rd_xml *x)
{
  xmlTextWriterEndDocument(x->w);
  xmlFreeTextWriter(x->w);   /* flushes into buf */
  GBytes *b = g_bytes_new(xmlBufferContent(x->buf), (gsize)xmlBufferLength(x->buf));
  xmlBufferFree(x->buf);
  x->w = NULL;
  x->buf = NULL;
  return b;
}

void rd_xml_open(rd_xml *x, const char *name)
{
  xmlTextWriterStartElement(x->w, BAD_CAST name);
}

void rd_xml_close(rd_xml *x)
{
  xmlTextWriterEndElement(x->w);
}

void rd_xml_attr(rd_xml *x, const char *name, const char *value)
{
  xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value);
}

void rd_xml_attr_int(rd_xml *x, const char *name, long value)
{
  xmlTextWriterWriteFormatAttribute(x->w, BAD_CAST name, "%ld", value);
}

void rd_xml_empty(rd_xml *x, const char *name, ...)
{
  va_list ap;
  va_start(ap, name);
  rd_xml_open(x, name);
  const char *attr;
  while ((attr = va_arg(ap, const char *)))
    rd_xml_attr(x, attr, va_arg(ap, const char *));
  va_end(ap);
  rd_xml_close(x);
}

void rd_xml_val(rd_xml *x, const char *name, const char *value)
{
  rd_xml_empty(x, name, "w:val", value, NULL);
}

void rd_xml_val_int(rd_xml *x, const char *name, long value)
{
  rd_xml_open(x, name);
  rd_xml_attr_int(x, "w:val", value);
  rd_xml_close(x);
}

void rd_xml_text(rd_xml *x, const char *text)
{
  xmlTextWriterWriteString(x->w, BAD_CAST text);
}
