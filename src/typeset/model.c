/* model.c — what a renderer other than the PDF engine needs from the engine's shaping: the
 * text as printed and a table's column widths, so that the DOCX writer (src/docx/) prints
 * the same characters and sizes the same columns as the PDF.
 *
 * The column widths are table.c's own (rd_table_columns). */
#include "internal.h"

char *rd_model_printed_text(const char *text)
{
  return rd_text_clean(text ? text : "", NULL);
}

double rd_model_text_width(rd_typesetter *ts, const char *text, rd_font_role role, double size,
                           gboolean on_grid)
{
  rd_para *p = rd_para_simple(ts, text ? text : "", role, size, on_grid ? RD_CHAR_CELL : 0);
  double w = rd_para_set_natural(p, 0, p->ncl);
  rd_para_free(p);
  return w;
}

gboolean rd_table_row_spans(const rd_block *b, guint r)
{
  return r > 0 && r < b->rows->len && g_strv_length(g_ptr_array_index(b->rows, 0)) > 1 &&
         g_strv_length(g_ptr_array_index(b->rows, r)) == 1;
}

rd_table_geometry rd_table_geometry_of(const rd_block *b)
{
  if (b->dense)
    return (rd_table_geometry){ RD_TABLE_DENSE_PAD, RD_TABLE_DENSE_LINE_PITCH, RD_TABLE_DENSE_ROW_PAD };
  return (rd_table_geometry){ RD_TABLE_PAD, RD_TABLE_LINE_PITCH, RD_TABLE_ROW_PAD };
}

int rd_table_row_heading(const rd_block *b, guint r)
{
  return b->row_levels && r < b->row_levels->len ? g_array_index(b->row_levels, int, r) : 0;
}
