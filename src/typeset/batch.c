/* batch.c — a page's drawing in fewer cairo operations (batch.h says why). */
#include "batch.h"

void rd_batch_begin(rd_batch *b, cairo_t *cr)
{
  *b = (rd_batch){ .cr = cr };
  b->text = g_string_new(NULL);
  b->glyphs = g_array_new(FALSE, FALSE, sizeof(cairo_glyph_t));
  b->clusters = g_array_new(FALSE, FALSE, sizeof(cairo_text_cluster_t));
}

void rd_batch_end(rd_batch *b)
{
  rd_batch_flush(b);
  g_string_free(b->text, TRUE);
  g_array_free(b->glyphs, TRUE);
  g_array_free(b->clusters, TRUE);
}

void rd_batch_flush(rd_batch *b)
{
  if (!b->font)
    return;
  cairo_set_scaled_font(b->cr, b->font);
  cairo_show_text_glyphs(b->cr, b->text->str, (int)b->text->len,
                         (const cairo_glyph_t *)(void *)b->glyphs->data, (int)b->glyphs->len,
                         (const cairo_text_cluster_t *)(void *)b->clusters->data,
                         (int)b->clusters->len, 0);
  cairo_scaled_font_destroy(b->font);
  b->font = NULL;
  g_string_truncate(b->text, 0);
  g_array_set_size(b->glyphs, 0);
  g_array_set_size(b->clusters, 0);
}

void rd_batch_save(rd_batch *b)
{
  rd_batch_flush(b);
  cairo_save(b->cr);
}

void rd_batch_restore(rd_batch *b)
{
  rd_batch_flush(b);
  cairo_restore(b->cr);
  b->coloured = FALSE;   /* the source is the one saved, whichever that was */
}

void rd_batch_colour(rd_batch *b, double r, double g, double bl)
{
  if (b->coloured && b->r == r && b->g == g && b->b == bl)
    return;
  rd_batch_flush(b);
  cairo_set_source_rgb(b->cr, r, g, bl);
  b->coloured = TRUE;
  b->r = r, b->g = g, b->b = bl;
}

void rd_batch_glyphs(rd_batch *b, cairo_scaled_font_t *font, const char *text, int length,
                     const cairo_glyph_t *glyphs, int num_glyphs,
                     const cairo_text_cluster_t *clusters, int num_clusters)
{
  if (b->font != font) {
    rd_batch_flush(b);
    b->font = cairo_scaled_font_reference(font);
  }
  g_string_append_len(b->text, text, length);
  g_array_append_vals(b->glyphs, glyphs, (guint)num_glyphs);
  g_array_append_vals(b->clusters, clusters, (guint)num_clusters);
}

void rd_batch_rectangle(rd_batch *b, double x, double y, double w, double h)
{
  rd_batch_flush(b);
  cairo_rectangle(b->cr, x, y, w, h);
  cairo_fill(b->cr);
}
