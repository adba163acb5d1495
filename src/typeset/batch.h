/* batch.h — a page's drawing handed to cairo in as few operations as draw the same.
 *
 * cairo 1.16's PDF surface records a page and, at cairo_show_page, replays the recording
 * into an analysis surface that unions the bounding box of every operation into the
 * page's supported region (cairo-analysis-surface.c, _add_operation), a pixman region
 * whose union costs grow with the rectangles it already holds: the more operations on a
 * page, the dearer each one. A page drew one operation per glyph run (each line, each
 * change of font) and one fill per table rule, hundreds on a page of a table. Measured on
 * the 2,888-page 通报 of 100,000 rows: cairo_show_page 42 % of the typeset's time,
 * pixman_region32_union alone 18 %.
 *
 * So consecutive glyph runs in one scaled font and colour go to cairo as one
 * cairo_show_text_glyphs: the glyphs are placed absolutely, so one call spans lines, and the
 * text clusters go along, so ToUnicode and extraction stay as they were. Nothing is
 * reordered: anything else (another font, a rule, a colour change, an image, a change of the
 * transformation, the page's end) draws what is pending first (rd_batch_flush). cairo's PDF
 * operators already joined consecutive glyph operations into one text object, so the PDF
 * keeps its bytes (the 通报 of 100,000 rows: cmp-identical) and the typeset takes 1.0 s
 * less CPU (9.96-10.12 -> 8.88-9.10 s, alternating runs).
 *
 * Rules are not gathered: cairo 1.16 writes a fill of one rectangle as "x y w h re f" but
 * a path of several as m/l/l/l/h, twice the bytes; one fill for each row's rules saved
 * 0.3 s more and made that PDF 12.5 MB instead of 7.7. */
#ifndef RISKDOC_TYPESET_BATCH_H
#define RISKDOC_TYPESET_BATCH_H

#include <glib.h>
#include <cairo.h>

typedef struct rd_batch {
  cairo_t *cr;
  cairo_scaled_font_t *font;    /* of the pending glyphs (a reference), NULL: none pending */
  GString *text;                /* their text, */
  GArray *glyphs;               /* cairo_glyph_t, */
  GArray *clusters;             /* cairo_text_cluster_t */
  gboolean coloured;            /* the colour below is the source set */
  double r, g, b;
} rd_batch;

/* A batch drawing into cr; rd_batch_end draws what is pending and frees it. */
void rd_batch_begin(rd_batch *b, cairo_t *cr);
void rd_batch_end(rd_batch *b);
/* Draws what is pending: before anything that has to come after it, and is not drawn
 * through the batch (an image, a path of one's own). */
void rd_batch_flush(rd_batch *b);
/* cairo_save and cairo_restore, what is pending drawn first (it is placed in the
 * transformation it came in). After a restore the source is set again when next asked. */
void rd_batch_save(rd_batch *b);
void rd_batch_restore(rd_batch *b);
/* Sets the colour of what comes next (drawing what is pending in another colour first). */
void rd_batch_colour(rd_batch *b, double r, double g, double bl);
/* Glyphs in font with their text and clusters, as cairo_show_text_glyphs takes them. */
void rd_batch_glyphs(rd_batch *b, cairo_scaled_font_t *font, const char *text, int length,
                     const cairo_glyph_t *glyphs, int num_glyphs,
                     const cairo_text_cluster_t *clusters, int num_clusters);
/* A filled rectangle, drawn at once (after what is pending). */
void rd_batch_rectangle(rd_batch *b, double x, double y, double w, double h);

#endif
