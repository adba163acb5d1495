/* rejects.h — the rejects file: every row not used, with its reason (interface.md).
 * UTF-8 with BOM so that Excel opens it right; the original columns as read (the union of
 * all files' headers, in order of first appearance), then 来源文件, 行号, 原因; when a row
 * came from a workbook, 工作表 and 单元格 (the cell the reason is about) after 来源文件. */
#ifndef RISKDOC_REJECTS_H
#define RISKDOC_REJECTS_H

#include <glib.h>
#include "ingest.h"

/* The file's bytes (to write with rd_output_write). */
GString *rd_rejects_to_csv(const rd_dataset *ds);

/* Appends one CSV field, quoted when needed; a cell that Excel would take for a formula
 * (= + - @ at the start) is prefixed with ' so that it stays text. */
void rd_csv_append_field(GString *out, const char *text, gboolean first);

#endif
