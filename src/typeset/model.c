/* model.c — what a renderer other than the PDF engine needs from the engine's shaping: the
 * text as printed and a table's column widths, so that the DOCX writer (src/docx/) prints
 * the same characters and sizes the same columns as the PDF.
 *
 * The column widths follow render.c's place_table exactly (same measures, same order of
 * sizes); render.c keeps its own static copy until issue 11's split lets it call this one. */
#include <string.h>
#include "internal.h"

#define EPS 0.01

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

/* The narrowest a cell can be: its longest unbreakable run, and unless only that is asked
 * for (hard), three characters. */
static double min_cell_width(rd_para *p, double size, gboolean hard)
{
  double best = 0, run = 0, total = 0;
  for (int i = 0; i < p->ncl; i++) {
    if (i > 0 && p->cl[i].cls != RD_CLS_CLOSE && p->cl[i - 1].cls != RD_CLS_OPEN &&
        !p->cl[i].nobreak)
      run = 0;
    run += p->cl[i].natural;
    total += p->cl[i].natural;
    best = MAX(best, run);
  }
  return hard ? best : MAX(best, MIN(total, 3 * size));
}

/* 列宽= proportions, a column narrower than its longest unbreakable word widened at the
 * expense of the others; FALSE when even the minimum widths do not fit. */
static gboolean given_widths(const double *rel, const double *minw, int ncols, double width,
                             double *colw)
{
  double sum = 0, smin = 0;
  for (int c = 0; c < ncols; c++) {
    sum += rel[c];
    smin += minw[c];
  }
  if (smin > width + EPS)
    return FALSE;
  for (int c = 0; c < ncols; c++)
    colw[c] = rel[c] * width / sum;
  for (int pass = 0; pass < ncols; pass++) {
    double deficit = 0, slack = 0;
    for (int c = 0; c < ncols; c++) {
      if (colw[c] < minw[c])
        deficit += minw[c] - colw[c];
      else
        slack += colw[c] - minw[c];
    }
    if (deficit <= EPS || slack <= EPS)
      break;
    double take = MIN(1.0, deficit / slack);
    for (int c = 0; c < ncols; c++)
      colw[c] = colw[c] < minw[c] ? minw[c] : colw[c] - (colw[c] - minw[c]) * take;
  }
  return TRUE;
}

static void measure_columns(rd_typesetter *ts, GPtrArray *rows, int ncols, double size,
                            double *minw, double *natw, double *hardw)
{
  double pad = size * 0.35;
  memset(minw, 0, sizeof(double) * ncols);
  memset(natw, 0, sizeof(double) * ncols);
  memset(hardw, 0, sizeof(double) * ncols);
  for (guint r = 0; r < rows->len; r++) {
    GStrv row = g_ptr_array_index(rows, r);
    for (int c = 0; c < ncols; c++) {
      rd_para *p = rd_para_simple(ts, row[c], r == 0 ? RD_ROLE_HEITI : RD_ROLE_FANGSONG, size, 0);
      double nat = 0;
      for (int i = 0; i < p->ncl; i++)
        nat += p->cl[i].natural;
      minw[c] = MAX(minw[c], min_cell_width(p, size, FALSE) + 2 * pad);
      double hard = r == 0 ? MIN(nat, 2 * size) : min_cell_width(p, size, TRUE);
      hardw[c] = MAX(hardw[c], hard + 2 * pad);
      natw[c] = MAX(natw[c], nat + 2 * pad);
      rd_para_free(p);
    }
  }
}

double rd_table_columns(rd_typesetter *ts, const rd_block *b, double width, double *colw)
{
  static const double sizes[] = { RD_SIZE_3HAO, RD_SIZE_4HAO, RD_SIZE_XIAOSI, RD_SIZE_5HAO, 9.0 };
  int ncols = (int)g_strv_length(g_ptr_array_index(b->rows, 0));
  double size = b->font_size;
  double *minw = g_new0(double, ncols), *natw = g_new0(double, ncols);
  double *hardw = g_new0(double, ncols);
  for (guint si = 0; si < G_N_ELEMENTS(sizes); si++) {
    if (b->font_size <= 0)
      size = sizes[si];
    measure_columns(ts, b->rows, ncols, size, minw, natw, hardw);
    double smin = 0;
    for (int c = 0; c < ncols; c++)
      smin += minw[c];
    if (smin <= width + EPS || b->font_size > 0 || si + 1 == G_N_ELEMENTS(sizes))
      break;
  }
  double smin = 0, snat = 0;
  for (int c = 0; c < ncols; c++) {
    smin += minw[c];
    snat += natw[c];
  }
  if (!(b->widths && given_widths(b->widths, hardw, ncols, width, colw)))
    for (int c = 0; c < ncols; c++) {
      if (snat <= width)
        colw[c] = natw[c] * width / snat;
      else if (smin <= width)
        colw[c] = minw[c] + (natw[c] - minw[c]) * (width - smin) / (snat - smin);
      else
        colw[c] = minw[c] * width / smin;
    }
  g_free(minw);
  g_free(natw);
  g_free(hardw);
  return size;
}
