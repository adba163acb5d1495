/* chart_png.c — a @图表 block drawn as a PNG picture, for renderers that cannot draw (the DOCX
 * writer): chart.c's geometry (rd_chart_paint) with the same colours (level_colours.h), drawn
 * with cairo onto an image surface instead of into the PDF's page operations. */
#include <math.h>
#include <string.h>
#include "internal.h"
#include "level_colours.h"

typedef struct cairo_painter {
  rd_typesetter *ts;
  cairo_t *cr;
} cairo_painter;

static rd_para *picture_shape(void *ctx, const char *text, double size)
{
  return rd_para_simple(((cairo_painter *)ctx)->ts, text, RD_ROLE_FANGSONG, size, 0);
}

static void picture_text(void *ctx, rd_para *p, const rd_line *ln, double x, double baseline)
{
  cairo_t *cr = ((cairo_painter *)ctx)->cr;
  cairo_set_source_rgb(cr, 0, 0, 0);
  rd_para_draw_line(p, ln, cr, x, baseline);
}

static void picture_bar(void *ctx, double x, double y, double w, double h, int series)
{
  cairo_t *cr = ((cairo_painter *)ctx)->cr;
  guint32 rgb = rd_chart_colour(series);   /* the PDF's and the workbook's colours */
  cairo_set_source_rgb(cr, rd_colour_channel(rgb, 16), rd_colour_channel(rgb, 8),
                       rd_colour_channel(rgb, 0));
  cairo_rectangle(cr, x, y, w, h);
  cairo_fill(cr);
}

static void picture_rule(void *ctx, double x, double y, double len, double thick)
{
  cairo_t *cr = ((cairo_painter *)ctx)->cr;
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
  double scale = dpi / 72.0;
  cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
                                                     (int)ceil(width * scale), (int)ceil(height * scale));
  cairo_t *cr = cairo_create(surf);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_scale(cr, scale, scale);
  cairo_painter cp = { ts, cr };
  rd_chart_painter painter = { picture_bar, picture_rule, picture_shape, picture_text, &cp };
  rd_chart_paint(b, width, height, &painter);
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
