/* subset.h — each face a document draws, embedded at the size of what it draws.
 *
 * cairo 1.16 embeds a CFF font with its whole subroutine pool: the Noto CJK faces came out at
 * 500+ KB each for a few hundred glyphs, and compressing those megabytes was most of a
 * render's time. So the PDF backend draws with faces cut down beforehand: a counting pass
 * notes the glyphs each face draws (rd_subsets_note_line), rd_subsets_make cuts each face
 * to them with HarfBuzz's subsetter (no layout tables; glyph ids renumbered, 0 .. n-1 in the
 * order of the old ids), and the drawing pass shows the same runs with the renumbered ids
 * in the subset face (rd_subsets_draw_line), with their text clusters, so that ToUnicode
 * maps every glyph back to its characters. cairo still subsets the subset and names it
 * (ABCDEF+NotoSerifCJKsc-Regular); the same glyphs give the same bytes.
 *
 * A run whose face could not be cut, or holding a glyph the counting pass did not note, is
 * drawn with the original face: the PDF is right either way, only larger (the size test of
 * tests/typeset says when that happens). */
#ifndef RISKDOC_TYPESET_SUBSET_H
#define RISKDOC_TYPESET_SUBSET_H

#include "internal.h"
#include "batch.h"

typedef struct rd_subsets rd_subsets;

/* The subsets of one document typeset by ts. */
rd_subsets *rd_subsets_new(rd_typesetter *ts);
/* Notes the glyphs of a line to be drawn (before rd_subsets_make). */
void rd_subsets_note_line(rd_subsets *s, rd_para *p, const rd_line *line);
/* Cuts every face noted to its glyphs. */
void rd_subsets_make(rd_subsets *s);
/* Draws the line at x, baseline with the batch's colour, in the subset faces (s NULL: in
 * the whole faces, as a drawing on another surface than a PDF wants), through the batch:
 * its glyphs may be drawn only with the batch's next flush. */
void rd_subsets_draw_line(rd_subsets *s, rd_batch *batch, rd_para *p, const rd_line *line,
                          double x, double baseline);
/* The same for runs kept by a counting pass (rd_runs). */
void rd_subsets_note_runs(rd_subsets *s, const rd_runs *runs);
void rd_subsets_draw_runs(rd_subsets *s, rd_batch *batch, const rd_runs *runs);
/* Frees what the document's subsets hold; cairo keeps the faces its fonts still use until it
 * lets them go. */
void rd_subsets_free(rd_subsets *s);

#endif
