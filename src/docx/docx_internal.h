/* docx_internal.h — shared between the files of src/docx/ only. */
#ifndef RISKDOC_DOCX_INTERNAL_H
#define RISKDOC_DOCX_INTERNAL_H

#include <math.h>
#include <libxml/xmlwriter.h>
#include "docx/docx.h"
#include "typeset/model.h"
#include "typeset/gbt9704.h"

/* WordprocessingML lengths: twentieths of a point (twips), half-points (font sizes),
 * eighths of a point (borders); EMU for drawings. */
#define RD_TW(pt) ((long)lround((pt) * 20.0))
#define RD_HALFPT(pt) ((long)lround((pt) * 2.0))
#define RD_EIGHTHS(pt) ((long)lround((pt) * 8.0))
#define RD_EMU(pt) ((long)lround((pt) * 12700.0))

#define RD_W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define RD_R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/* ---- XML parts (xml.c) ---- */

/* A part being written: an xmlTextWriter into a memory buffer. */
typedef struct rd_xml {
  xmlBufferPtr buf;
  xmlTextWriterPtr w;
} rd_xml;

/* Starts a part with the XML declaration. */
void rd_xml_begin(rd_xml *x);
/* Ends the part; returns its bytes and frees the writer. */
GBytes *rd_xml_end(rd_xml *x);

void rd_xml_open(rd_xml *x, const char *name);
void rd_xml_close(rd_xml *x);
void rd_xml_attr(rd_xml *x, const char *name, const char *value);
void rd_xml_attr_int(rd_xml *x, const char *name, long value);
/* An empty element with attributes given as name, value pairs ending with NULL. */
void rd_xml_empty(rd_xml *x, const char *name, ...) G_GNUC_NULL_TERMINATED;
/* An element holding only a w:val (the commonest shape of WordprocessingML properties). */
void rd_xml_val(rd_xml *x, const char *name, const char *value);
void rd_xml_val_int(rd_xml *x, const char *name, long value);
void rd_xml_text(rd_xml *x, const char *text);

/* ---- the package (package.c) ---- */

typedef struct rd_docx_part {
  const char *name;    /* "word/document.xml" */
  GBytes *data;
} rd_docx_part;

/* A zip of the parts in the order given, each stamped with the time t (seconds since the
 * epoch) and stored deflated, so that the same parts give the same bytes. */
GBytes *rd_docx_package(const rd_docx_part *parts, int nparts, time_t t, GError **error);

/* ---- styles, fonts, settings, footers (styles.c) ---- */

/* The paragraph styles: every paragraph of the body names one. */
typedef enum {
  RD_ST_BODY,        /* 正文 */
  RD_ST_TITLE,       /* 标题 */
  RD_ST_RECIPIENTS,  /* 主送 */
  RD_ST_H1, RD_ST_H2, RD_ST_H3, RD_ST_H4,   /* 一级标题 … 四级标题 */
  RD_ST_ATTACH_NOTE, /* 附件说明 */
  RD_ST_SIGNATURE,   /* 署名 */
  RD_ST_DATE,        /* 成文日期 */
  RD_ST_NOTE,        /* 附注 */
  RD_ST_ATTACH_MARK, /* 附件标识 */
  RD_ST_ATTACH_TITLE,/* 附件标题 */
  RD_ST_TABLE,       /* 表格 */
  RD_ST_TABLE_HEAD,  /* 表头 */
  RD_ST_CAPTION,     /* 表题: table and chart captions, centred lines */
  RD_ST_BANJI,       /* 版记 */
  RD_ST_HEAD_LINE,   /* 版头: 份号, 密级, 紧急程度 */
  RD_ST_MARK,        /* 发文机关标志 */
  RD_ST_NUMBER,      /* 发文字号 */
  RD_ST_FOLIO,       /* 页码 */
  RD_ST_FIGURE,      /* 图: the paragraph holding the chart picture */
  RD_ST_COUNT
} rd_docx_style;

const char *rd_docx_style_id(rd_docx_style s);

/* The office name of a role's font (the name the run and the styles use). */
const char *rd_docx_font(rd_typesetter *ts, rd_font_role role);

/* Writes w:rFonts for role: the office name for East Asian text, the Latin role's for the rest. */
void rd_docx_fonts(rd_xml *x, rd_typesetter *ts, rd_font_role role);

GBytes *rd_docx_styles_part(rd_typesetter *ts);
GBytes *rd_docx_font_table_part(rd_typesetter *ts);
GBytes *rd_docx_settings_part(void);
/* The page-number footer: odd pages flush right 1 字 in, even pages flush left 1 字 in. */
GBytes *rd_docx_footer_part(rd_typesetter *ts, const rd_document *doc, gboolean odd);

/* ---- the body (body.c) ---- */

/* word/document.xml; the chart pictures it refers to (rIdChartN) are appended to media
 * (GBytes of PNG, word/media/chartN.png). NULL with error. */
GBytes *rd_docx_document_part(rd_typesetter *ts, const rd_document *doc, GPtrArray *media,
                              GError **error);

#endif
