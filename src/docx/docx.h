/* docx.h — the document model (typeset/model.h) as an editable Word/WPS document (DOCX) in
 * the GB/T 9704 layout of the PDF: A4 with the standard's margins, a document grid of 22 lines
 * of 28 characters, odd/even page-number footers, the red 版头, headings numbered as text,
 * tables with repeated headers, 附件 on new pages (横向 ones in landscape sections) and the
 * 版记 at the foot of the last page. Every paragraph carries a named style (标题, 主送, 正文,
 * 一级标题 … 版记), so that a clerk fixes a paragraph by applying a style. Fonts are named as
 * offices have them (仿宋_GB2312, 方正小标宋简体, …) with the free face the typesetter chose as
 * the alternative name.
 *
 * The package is deterministic: fixed part order and timestamps (from 成文日期), so the same
 * document and fonts give the same bytes. The seal is not placed: a DOCX is the draft to
 * edit before it is signed. */
#ifndef RISKDOC_DOCX_H
#define RISKDOC_DOCX_H

#include <glib.h>
#include "typeset/typeset.h"

G_BEGIN_DECLS

/* The DOCX of doc as bytes, or NULL with error (RD_TYPESET_ERROR). ts gives the fonts' names
 * and measures the tables' columns and the chart exactly as the PDF does. */
GBytes *rd_docx_render(rd_typesetter *ts, const rd_document *doc, GError **error);

G_END_DECLS

#endif
