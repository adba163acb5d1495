/* chart_png.c — a @图表 block drawn as a PNG picture, for renderers that cannot draw (the DOCX
 * writer): the stacked bar chart of chart.c's rd_place_chart, same geometry, colours
 * (level_colours.h) and axis steps, drawn with cairo onto an image surface instead of into
 * the PDF's page operations. */
#include <math.h>
#include <string.h>
#include "internal.h"
#include "level_colours.h"

static void label(rd_typesetter *ts, cairo_t *cr, const char *text, double size, double x,
                  double baseline, int align)
{
  rd_para *p = rd_para_simple(ts, text, RD_ROLE_FANGSONG, size, 0);
  rd_line ln = { 0, p->ncl, 0 };
  ln.width = rd_para_set_natural(p, 0, p->ncl);
  if (align == 1)
    x -= ln.width / 2;
  else if (align == 2)
    x -= ln.width;
  cairo_set_source_rgb(cr, 0, 0, 0);
  rd_para_draw_line(p, &ln, cr, x, baseline);
  rd_para_free(p);
}

static void bar(cairo_t *cr, double x, double y, double w, double h, int series)
{
  guint32 rgb = rd_chart_colour(series);   /* the PDF's and the workbook's colours */
  cairo_set_source_rgb(cr, rd_colour_channel(rgb, 16), rd_colour_channel(rgb, 8),
                       rd_colour_channel(rgb, 0));
  cairo_rectangle(cr, x, y, w, h);
  cairo_fill(cr);
}

static void hrule(cairo_t *cr, double x, double y, double len, double thick)
{
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_rectangle(cr, x, y - thick / 2, len, thick);
  cairo_fill(cr);
}

static cairo_status_t append(void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append(closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *rd_chart_png(rd_typesetter *ts, const rd_block *b, double width, double height,
                     double dpi, GError **error)
{
  GPtrArray *rows = b->rows;
  int nser = (int)g_strv_length(g_ptr_array_index(rows, 0)) - 1;
  int ncat = (int)rows->len - 1;
  double scale = dpi / 72.0;
  cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
                                                     (int)ceil(width * scale), (int)ceil(height * scale));
  cairo_t *cr = cairo_create(surf);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_scale(cr, scale, scale);
  double fs = RD_SIZE_5HAO;
  double legend_h = fs * 2, label_h = fs * 2.2, axis_w = fs * 3;
  double plot_top = legend_h, plot_h = height - legend_h - label_h;
  double plot_x = axis_w, plot_w = width - axis_w;
  double maxv = 0;
  for (int r = 1; r <= ncat; r++) {
    GStrv row = g_ptr_array_index(rows, r);
    double sum = 0;
    for (int s = 0; s < nser; s++)
      sum += MAX(0, g_ascii_strtod(row[s + 1], NULL));
    maxv = MAX(maxv, sum);
  }
  double step = rd_chart_axis_step(maxv);
  double axis_max = MAX(step, ceil(maxv / step) * step);
  for (double v = 0; nser > 0 && v <= axis_max + 0.01; v += step) {
    double y = plot_top + plot_h - v / axis_max * plot_h;
    hrule(cr, plot_x, y, plot_w, v == 0 ? 0.8 : 0.25);
    char buf[32];
    g_snprintf(buf, sizeof buf, "%g", v);
    label(ts, cr, buf, fs, plot_x - fs * 0.4, y + fs * 0.35, 2);
  }
  double slot = ncat > 0 ? plot_w / ncat : 0, bw = slot * 0.6;
  for (int r = 1; r <= ncat; r++) {
    GStrv row = g_ptr_array_index(rows, r);
    double x = plot_x + (r - 1) * slot + (slot - bw) / 2, acc = 0;
    for (int s = 0; s < nser; s++) {
      double v = MAX(0, g_ascii_strtod(row[s + 1], NULL));
      double h = v / axis_max * plot_h;
      if (h > 0)
        bar(cr, x, plot_top + plot_h - (acc + v) / axis_max * plot_h, bw, h, s);
      acc += v;
    }
    label(ts, cr, row[0], fs, x + bw / 2, plot_top + plot_h + fs * 1.3, 1);
  }
  GStrv head = g_ptr_array_index(rows, 0);
  double lx = plot_x;
  for (int s = 0; s < nser; s++) {
    bar(cr, lx, fs * 0.3, fs, fs * 0.8, s);
    label(ts, cr, head[s + 1], fs, lx + fs * 1.3, fs * 1.05, 0);
    lx += fs * 2 + rd_model_text_width(ts, head[s + 1], RD_ROLE_FANGSONG, fs, FALSE);
  }
  cairo_destroy(cr);
  GByteArray *png = g_byte_array_new();
  cairo_status_t st = cairo_surface_write_to_png_stream(surf, append, png);
  cairo_surface_destroy(surf);
  if (st != CAIRO_STATUS_SUCCESS) {
    g_set_error(error, RD_TYPESET_ERROR, RD_TYPESET_ERROR_IO, "chart picture: %s",
                cairo_status_to_string(st));
    g_byte_array_free(png, TRUE);
    return NULL;
  }
  return g_byte_array_free_to_bytes(png);
}
