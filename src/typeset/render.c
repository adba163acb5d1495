/* render.c — page layout of GB/T 9704 and PDF output.
 *
 * Layout happens in "content" coordinates: the 版心 with its origin at its top-left corner
 * (for an attachment set landscape, the rotated 版心, 225 × 156 mm). Text lines sit on a grid
 * of cells one pitch high (gbt9704.h); each line's em box is centred in its cell. Layout
 * produces pages of drawing operations, and a page is drawn (and its operations and shaped
 * text freed) once layout is two pages past it: the page before the current one may still
 * change (the closing takes the last body line along). Memory is thus bounded by the largest
 * block (a table shapes all its cells first), not by the document: a 7,000-page ledger needs
 * no more than a short notice plus its largest table. A 页码 pattern with the page count (M)
 * is laid out twice: once to count the pages, once to draw. */
#include <math.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <fcntl.h>
#include <cairo-pdf.h>
#include "internal.h"
#include "level_colours.h"
#include "output.h"

#define EPS 0.01
#define BASELINE_BELOW_CENTRE(size) ((RD_EM_ASCENT - 0.5) * (size))

typedef enum { OP_TEXT, OP_HRULE, OP_VRULE, OP_IMAGE, OP_BAR } op_kind;

typedef struct op {
  op_kind kind;
  rd_para *para;
  rd_line line;
  double x, y;       /* text: left and baseline; rules: start and centre line; image: top-left */
  double len, thick; /* rules: length and thickness; image: width and height */
  double sx;         /* text: horizontal scale (condensed 发文机关标志) */
  double r, g, b;
  gboolean body;     /* a body text line (may move to the signature's page) */
} op;

typedef struct page {
  GArray *ops;
  gboolean landscape;
  gboolean numbered;
} page;

typedef struct lay {
  rd_typesetter *ts;
  const rd_document *doc;
  GPtrArray *pages;     /* page; the ops of pages before `flushed` are drawn and freed */
  GPtrArray *paras;     /* owned rd_para (NULL once freed) */
  GArray *para_page;    /* for paras[0, tagged): the last page that may draw them */
  guint tagged, freed;  /* paras[0, freed) are freed */
  guint flushed;        /* pages[0, flushed) are drawn */
  cairo_t *cr;          /* where pages are drawn; NULL when only counting pages */
  int count;            /* pages counted by a first pass (for 页码 M), else -1 */
  page *cur;
  double y;             /* next free y in content coordinates */
  double w, h;          /* content size */
  gboolean landscape;
  cairo_surface_t *seal;
  GError **error;
} lay;

static void page_free(gpointer data)
{
  page *p = data;
  if (p->ops)
    g_array_free(p->ops, TRUE);
  g_free(p);
}

static void flush_pages(lay *L, guint upto);

static void new_page(lay *L, gboolean landscape)
{
  page *p = g_new0(page, 1);
  p->ops = g_array_new(FALSE, TRUE, sizeof(op));
  p->landscape = landscape;
  p->numbered = TRUE;
  g_ptr_array_add(L->pages, p);
  L->cur = p;
  L->landscape = landscape;
  L->w = landscape ? RD_BANXIN_H : RD_BANXIN_W;
  L->h = landscape ? RD_BANXIN_W : RD_BANXIN_H;
  L->y = 0;
  /* keep the current page and the one before it open */
  if (L->pages->len > 2)
    flush_pages(L, L->pages->len - 2);
}

/* A block is placed: the text shaped for it is drawn on the current page at the latest. */
static void block_done(lay *L)
{
  int last = (int)L->pages->len - 1;
  for (; L->tagged < L->paras->len; L->tagged++)
    g_array_append_val(L->para_page, last);
}

/* Frees the shaped text of the pages already drawn. Tags only grow, so it is a prefix. The
 * page after a tag must be drawn too: the closing may move a body line onto it. */
static void free_drawn_paras(lay *L)
{
  while (L->freed < L->tagged &&
         g_array_index(L->para_page, int, L->freed) + 1 < (int)L->flushed) {
    rd_para_free(g_ptr_array_index(L->paras, L->freed));
    g_ptr_array_index(L->paras, L->freed) = NULL;
    L->freed++;
  }
}

static rd_para *keep(lay *L, rd_para *p)
{
  g_ptr_array_add(L->paras, p);
  return p;
}

static rd_para *shape(lay *L, const char *text, rd_font_role role, double size, double cell)
{
  return keep(L, rd_para_simple(L->ts, text, role, size, cell));
}

/* Index of the first grid cell at or below y. */
static int cell_at(double y)
{
  return (int)ceil(y / RD_LINE_PITCH - 1e-6);
}

static double baseline_in_cell(int cell, double size)
{
  return (cell + 0.5) * RD_LINE_PITCH + BASELINE_BELOW_CENTRE(size);
}

static op *add_op(lay *L, op_kind kind)
{
  op o = { 0 };
  o.kind = kind;
  o.sx = 1;
  g_array_append_val(L->cur->ops, o);
  return &g_array_index(L->cur->ops, op, L->cur->ops->len - 1);
}

static void add_text(lay *L, rd_para *p, const rd_line *line, double x, double baseline, gboolean body)
{
  op *o = add_op(L, OP_TEXT);
  o->para = p;
  o->line = *line;
  o->x = x;
  o->y = baseline;
  o->body = body;
}

static void add_hrule(lay *L, double x, double y, double len, double thick, gboolean red)
{
  op *o = add_op(L, OP_HRULE);
  o->x = x;
  o->y = y;
  o->len = len;
  o->thick = thick;
  if (red) {
    o->r = RD_RED_R;
    o->g = RD_RED_G;
    o->b = RD_RED_B;
  }
}

static void add_vrule(lay *L, double x, double y, double len, double thick)
{
  op *o = add_op(L, OP_VRULE);
  o->x = x;
  o->y = y;
  o->len = len;
  o->thick = thick;
}

/* Number of free grid cells left on the current page. */
static int cells_left(lay *L)
{
  int total = (int)floor(L->h / RD_LINE_PITCH + 1e-6);
  return total - cell_at(L->y);
}

/* Takes the next grid cell, breaking the page when full; returns its index. */
static int take_cell(lay *L)
{
  if (cells_left(L) < 1)
    new_page(L, L->landscape);
  int c = cell_at(L->y);
  L->y = (c + 1) * RD_LINE_PITCH;
  return c;
}

/* Places lines of p: line 0 at x0, the others at x1; align 0 left, 1 centre, 2 right (within
 * [0, w]). */
static void place_lines(lay *L, rd_para *p, GArray *lines, double x0, double x1, int align,
                        gboolean body)
{
  for (guint i = 0; i < lines->len; i++) {
    rd_line *ln = &g_array_index(lines, rd_line, i);
    int c = take_cell(L);
    double x = i == 0 ? x0 : x1;
    if (align == 1)
      x = (L->w - ln->width) / 2;
    else if (align == 2)
      x = L->w - x - ln->width;
    add_text(L, p, ln, x, baseline_in_cell(c, p->size), body);
  }
}

static void blank_line(lay *L)
{
  if (cells_left(L) >= 1)
    L->y = (cell_at(L->y) + 1) * RD_LINE_PITCH;
}

/* ---- body blocks ---- */

static const rd_font_role heading_role[5] = {
  RD_ROLE_FANGSONG, RD_ROLE_HEITI, RD_ROLE_KAITI, RD_ROLE_FANGSONG, RD_ROLE_FANGSONG
};

/* A paragraph or heading: a run-in heading is set in its face up to its first 。. */
static void place_paragraph(lay *L, const rd_block *b)
{
  rd_seg segs[2];
  int nseg = 1;
  char *head = NULL;
  const char *rest = NULL;
  rd_font_role role = b->kind == RD_BLOCK_HEADING ? heading_role[CLAMP(b->level, 0, 4)]
                                                  : RD_ROLE_FANGSONG;
  char *full = g_strconcat(b->number ? b->number : "", b->text ? b->text : "", NULL);
  const char *stop = role != RD_ROLE_FANGSONG ? strstr(full, "。") : NULL;
  if (stop && stop[strlen("。")]) {
    head = g_strndup(full, stop + strlen("。") - full);
    rest = stop + strlen("。");
    segs[0] = (rd_seg){ head, role, RD_SIZE_3HAO };
    segs[1] = (rd_seg){ rest, RD_ROLE_FANGSONG, RD_SIZE_3HAO };
    nseg = 2;
  } else
    segs[0] = (rd_seg){ full, role, RD_SIZE_3HAO };
  rd_para *p = keep(L, rd_para_shape(L->ts, segs, nseg, RD_CHAR_CELL));
  double indent = 2 * RD_CHAR_CELL;
  double cont = b->kind == RD_BLOCK_LIST_ITEM ? indent : 0;
  GArray *lines = rd_para_break(p, L->w - indent, L->w - cont, TRUE);
  /* keep a heading with the line after it */
  if (b->kind == RD_BLOCK_HEADING && !stop && cells_left(L) < (int)lines->len + 1 &&
      cells_left(L) < (int)(L->h / RD_LINE_PITCH))
    new_page(L, L->landscape);
  place_lines(L, p, lines, indent, cont, 0, TRUE);
  g_array_free(lines, TRUE);
  g_free(head);
  g_free(full);
}

/* A caption (黑体 3号, centred) that never stays alone at a page foot: when the caption and
 * the first `following` points of what it labels do not fit, both go to the next page. */
static void place_caption(lay *L, const char *text, double following)
{
  rd_para *p = shape(L, text, RD_ROLE_HEITI, RD_SIZE_3HAO, RD_CHAR_CELL);
  GArray *lines = rd_para_break_balanced(p, L->w);
  double bottom = (cell_at(L->y) + (int)lines->len) * RD_LINE_PITCH + following;
  if (L->y > EPS && bottom > L->h + EPS)
    new_page(L, L->landscape);
  place_lines(L, p, lines, 0, 0, 1, FALSE);
  g_array_free(lines, TRUE);
}

static void place_centered(lay *L, const char *text, rd_font_role role, double size)
{
  rd_para *p = shape(L, text, role, size, size == RD_SIZE_3HAO ? RD_CHAR_CELL : 0);
  GArray *lines = rd_para_break_balanced(p, L->w);
  place_lines(L, p, lines, 0, 0, 1, FALSE);
  g_array_free(lines, TRUE);
}

/* ---- tables ---- */

typedef struct tcell {
  rd_para *p;
  GArray *lines;
} tcell;

/* The narrowest a cell can be: its longest unbreakable run (a Latin word, a {name}), and,
 * unless only that is asked for (hard), three characters, since one-character-wide columns
 * read badly. */
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

/* Draws a table row: each cell's lines centred vertically in row_h (header centred, a
 * one-line cell centred horizontally too). */
static void place_table_row(lay *L, tcell *cells, int ncols, const double *colw, double size,
                            double row_h, gboolean header)
{
  double pitch = size * 1.45;
  double x = 0;
  double top = L->y;
  add_hrule(L, 0, top, L->w, 0.6, FALSE);
  for (int c = 0; c < ncols; c++) {
    tcell *tc = &cells[c];
    int n = (int)tc->lines->len;
    double block = n * pitch;
    double y0 = top + (row_h - block) / 2;
    for (int i = 0; i < n; i++) {
      rd_line *ln = &g_array_index(tc->lines, rd_line, i);
      double pad = size * 0.35;
      double lx = x + pad;
      if (header || n == 1)
        lx = x + (colw[c] - ln->width) / 2;
      double base = y0 + (i + 0.5) * pitch + BASELINE_BELOW_CENTRE(size);
      add_text(L, tc->p, ln, lx, base, FALSE);
    }
    add_vrule(L, x, top, row_h, 0.6);
    x += colw[c];
  }
  add_vrule(L, L->w, top, row_h, 0.6);
  L->y = top + row_h;
  add_hrule(L, 0, L->y, L->w, 0.6, FALSE);
}

/* Draws lines [first, first + count) of every cell of a row too tall for a page, from the
 * top: the part of the row that fits on this page. */
static void place_table_row_part(lay *L, tcell *cells, int ncols, const double *colw,
                                 double size, int first, int count)
{
  double pitch = size * 1.45;
  double x = 0;
  double top = L->y;
  double row_h = count * pitch + size * 0.6;
  add_hrule(L, 0, top, L->w, 0.6, FALSE);
  for (int c = 0; c < ncols; c++) {
    tcell *tc = &cells[c];
    for (int i = first; i < first + count && i < (int)tc->lines->len; i++) {
      rd_line *ln = &g_array_index(tc->lines, rd_line, i);
      double base = top + size * 0.3 + (i - first + 0.5) * pitch + BASELINE_BELOW_CENTRE(size);
      add_text(L, tc->p, ln, x + size * 0.35, base, FALSE);
    }
    add_vrule(L, x, top, row_h, 0.6);
    x += colw[c];
  }
  add_vrule(L, L->w, top, row_h, 0.6);
  L->y = top + row_h;
  add_hrule(L, 0, L->y, L->w, 0.6, FALSE);
}

/* A row taller than a page less the header is split line by line over pages, the header
 * repeated on each; returns after its last line. */
static void place_split_row(lay *L, tcell *cells, tcell *header, int ncols, const double *colw,
                            double size, double header_h)
{
  double pitch = size * 1.45;
  int total = 0;
  for (int c = 0; c < ncols; c++)
    total = MAX(total, (int)cells[c].lines->len);
  for (int done = 0; done < total;) {
    int fit = (int)floor((L->h - L->y - size * 0.6 + EPS) / pitch);
    if (fit < RD_TABLE_MIN_SPLIT_LINES) {
      new_page(L, L->landscape);
      place_table_row(L, header, ncols, colw, size, header_h, TRUE);   /* header repeated */
      continue;
    }
    int n = MIN(fit, total - done);
    place_table_row_part(L, cells, ncols, colw, size, done, n);
    done += n;
  }
}

/* Column widths in the proportions the document gives (列宽=), so that tables of one
 * document line up; a column narrower than its longest unbreakable word is widened at the
 * expense of the others. FALSE when even the minimum widths do not fit. */
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
  /* widen the narrow ones; take the width from the others in proportion to their slack */
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

/* Shapes and breaks one table row at the final column widths; *height is the row's height.
 * kept: the text belongs to the layout (freed once drawn), else to the caller. */
static tcell *shape_row(lay *L, GStrv row, int ncols, gboolean header, double size,
                        const double *colw, gboolean kept, double *height)
{
  tcell *cells = g_new0(tcell, ncols);
  rd_font_role role = header ? RD_ROLE_HEITI : RD_ROLE_FANGSONG;
  int maxl = 1;
  for (int c = 0; c < ncols; c++) {
    cells[c].p = kept ? shape(L, row[c], role, size, 0) : rd_para_simple(L->ts, row[c], role, size, 0);
    cells[c].lines = rd_para_break(cells[c].p, colw[c] - 0.7 * size, colw[c] - 0.7 * size, FALSE);
    maxl = MAX(maxl, (int)cells[c].lines->len);
  }
  *height = maxl * size * 1.45 + size * 0.6;
  return cells;
}

static void free_row(tcell *cells, int ncols)
{
  for (int c = 0; c < ncols; c++)
    g_array_free(cells[c].lines, TRUE);
  g_free(cells);
}

/* Column widths at size: natural, minimum and unbreakable minimum of every column, each
 * cell shaped and let go at once, so that a table of 100,000 rows is never held shaped. */
static void measure_columns(lay *L, GPtrArray *rows, int ncols, double size, double *minw,
                            double *natw, double *hardw)
{
  double pad = size * 0.35;
  memset(minw, 0, sizeof(double) * ncols);
  memset(natw, 0, sizeof(double) * ncols);
  memset(hardw, 0, sizeof(double) * ncols);
  for (guint r = 0; r < rows->len; r++) {
    GStrv row = g_ptr_array_index(rows, r);
    for (int c = 0; c < ncols; c++) {
      rd_para *p = rd_para_simple(L->ts, row[c], r == 0 ? RD_ROLE_HEITI : RD_ROLE_FANGSONG, size, 0);
      double nat = 0;
      for (int i = 0; i < p->ncl; i++)
        nat += p->cl[i].natural;
      minw[c] = MAX(minw[c], min_cell_width(p, size, FALSE) + 2 * pad);
      /* headings break into lines of two characters at least (化解/状态), not one */
      double hard = r == 0 ? MIN(nat, 2 * size) : min_cell_width(p, size, TRUE);
      hardw[c] = MAX(hardw[c], hard + 2 * pad);
      natw[c] = MAX(natw[c], nat + 2 * pad);
      rd_para_free(p);
    }
  }
}

/* The font size (the largest of the standard's sizes at which the columns fit, unless the
 * document gives one) and the column widths. */
static double table_columns(lay *L, const rd_block *b, int ncols, double *colw)
{
  static const double sizes[] = { RD_SIZE_3HAO, RD_SIZE_4HAO, RD_SIZE_XIAOSI, RD_SIZE_5HAO, 9.0 };
  double size = b->font_size;
  double *minw = g_new0(double, ncols), *natw = g_new0(double, ncols);
  double *hardw = g_new0(double, ncols);   /* for 列宽=: only what cannot break */
  for (guint si = 0; si < G_N_ELEMENTS(sizes); si++) {
    if (b->font_size <= 0)
      size = sizes[si];
    measure_columns(L, b->rows, ncols, size, minw, natw, hardw);
    double smin = 0;
    for (int c = 0; c < ncols; c++)
      smin += minw[c];
    if (smin <= L->w + EPS || b->font_size > 0 || si + 1 == G_N_ELEMENTS(sizes))
      break;
  }
  double smin = 0, snat = 0;
  for (int c = 0; c < ncols; c++) {
    smin += minw[c];
    snat += natw[c];
  }
  if (!(b->widths && given_widths(b->widths, hardw, ncols, L->w, colw)))
    for (int c = 0; c < ncols; c++) {
      if (snat <= L->w)
        colw[c] = natw[c] * L->w / snat;   /* widen proportionally to fill the 版心 */
      else if (smin <= L->w)
        colw[c] = minw[c] + (natw[c] - minw[c]) * (L->w - smin) / (snat - smin);
      else
        colw[c] = minw[c] * L->w / smin;
    }
  g_free(minw);
  g_free(natw);
  g_free(hardw);
  return size;
}

/* A table: rows are shaped one at a time as they are placed and freed once drawn; only the
 * header stays shaped, to be repeated on every page. */
static gboolean place_table(lay *L, const rd_block *b)
{
  GPtrArray *rows = b->rows;
  int ncols = (int)g_strv_length(g_ptr_array_index(rows, 0));
  int nrows = (int)rows->len;
  double *colw = g_new0(double, ncols);
  double size = table_columns(L, b, ncols, colw);
  double head_h, row_h = 0;
  tcell *head = shape_row(L, g_ptr_array_index(rows, 0), ncols, TRUE, size, colw, FALSE, &head_h);
  tcell *row = nrows > 1 ? shape_row(L, g_ptr_array_index(rows, 1), ncols, FALSE, size, colw,
                                     TRUE, &row_h) : NULL;
  /* what must fit below the header to start a row: all of it, or the first lines of a row
   * that will be split because it is taller than a page */
  double split_start = RD_TABLE_MIN_SPLIT_LINES * size * 1.45 + size * 0.6;
#define ROW_START(rh) ((rh) + head_h > L->h ? split_start : (rh))
  gboolean ok = TRUE;
  if (head_h + split_start > L->h) {
    g_set_error(L->error, RD_TYPESET_ERROR, RD_TYPESET_ERROR_LAYOUT,
                "%s:%d: the table's header is taller than a page", L->doc->name, b->line);
    ok = FALSE;
  }
  double first = row ? ROW_START(row_h) : 0;
  if (ok && b->caption)
    place_caption(L, b->caption, head_h + first);
  /* header with at least one row, or a new page */
  if (ok && L->y + head_h + first > L->h + EPS)
    new_page(L, L->landscape);
  if (ok)
    place_table_row(L, head, ncols, colw, size, head_h, TRUE);
  for (int r = 1; ok && r < nrows; r++) {
    if (r > 1)
      row = shape_row(L, g_ptr_array_index(rows, r), ncols, FALSE, size, colw, TRUE, &row_h);
    if (L->y + ROW_START(row_h) > L->h + EPS) {
      new_page(L, L->landscape);
      place_table_row(L, head, ncols, colw, size, head_h, TRUE);   /* header repeated */
    }
    if (row_h + head_h > L->h)
      place_split_row(L, row, head, ncols, colw, size, head_h);
    else
      place_table_row(L, row, ncols, colw, size, row_h, FALSE);
    free_row(row, ncols);
    row = NULL;
    block_done(L);   /* this row's text is freed once its page is drawn */
  }
#undef ROW_START
  if (row)
    free_row(row, ncols);
  /* the header's text belongs to the layout from here: freed after the table's last page */
  for (int c = 0; c < ncols; c++)
    keep(L, head[c].p);
  free_row(head, ncols);
  g_free(colw);
  return ok;
}

/* ---- stacked bar chart ---- */

static void add_bar(lay *L, double x, double y, double w, double h, int series)
{
  op *o = add_op(L, OP_BAR);
  o->x = x;
  o->y = y;
  o->len = w;
  o->thick = h;
  guint32 rgb = rd_chart_colour(series);   /* the colours the workbook's charts use too */
  o->r = rd_colour_channel(rgb, 16);
  o->g = rd_colour_channel(rgb, 8);
  o->b = rd_colour_channel(rgb, 0);
}

static void place_label(lay *L, const char *text, double size, double x, double baseline, int align)
{
  rd_para *p = shape(L, text, RD_ROLE_FANGSONG, size, 0);
  rd_line ln = { 0, p->ncl, 0 };
  ln.width = rd_para_set_natural(p, 0, p->ncl);
  if (align == 1)
    x -= ln.width / 2;
  else if (align == 2)
    x -= ln.width;
  add_text(L, p, &ln, x, baseline, FALSE);
}

/* The axis step: 1, 2 or 5 times a power of ten, so that at most five steps reach maxv and
 * every tick is a round number (1 2 5 10 20 50 …). */
static double nice_step(double maxv)
{
  static const double mantissa[] = { 1, 2, 5 };
  for (double decade = 1; decade < 1e12; decade *= 10)
    for (guint i = 0; i < G_N_ELEMENTS(mantissa); i++)
      if (maxv / (mantissa[i] * decade) <= 5)
        return mantissa[i] * decade;
  return 1e12;
}

static void place_chart(lay *L, const rd_block *b)
{
  GPtrArray *rows = b->rows;
  int nser = (int)g_strv_length(g_ptr_array_index(rows, 0)) - 1;
  int ncat = (int)rows->len - 1;
  int cells = MIN(12, (int)(L->h / RD_LINE_PITCH));
  if (b->caption)
    place_caption(L, b->caption, nser < 1 || ncat < 1 ? 0 : cells * RD_LINE_PITCH);
  if (nser < 1 || ncat < 1)
    return;
  if (cells_left(L) < cells)
    new_page(L, L->landscape);
  double top = cell_at(L->y) * RD_LINE_PITCH;
  double height = cells * RD_LINE_PITCH;
  double fs = RD_SIZE_5HAO;
  double legend_h = fs * 2;
  double label_h = fs * 2.2;
  double axis_w = fs * 3;
  double plot_top = top + legend_h, plot_h = height - legend_h - label_h;
  double plot_x = axis_w, plot_w = L->w - axis_w;
  double maxv = 0;
  for (int r = 1; r <= ncat; r++) {
    GStrv row = g_ptr_array_index(rows, r);
    double sum = 0;
    for (int s = 0; s < nser; s++)
      sum += MAX(0, g_ascii_strtod(row[s + 1], NULL));
    maxv = MAX(maxv, sum);
  }
  /* a round axis maximum */
  double step = nice_step(maxv);
  double axis_max = MAX(step, ceil(maxv / step) * step);
  for (double v = 0; v <= axis_max + EPS; v += step) {
    double y = plot_top + plot_h - v / axis_max * plot_h;
    add_hrule(L, plot_x, y, plot_w, v == 0 ? 0.8 : 0.25, FALSE);
    char buf[32];
    g_snprintf(buf, sizeof buf, "%g", v);
    place_label(L, buf, fs, plot_x - fs * 0.4, y + fs * 0.35, 2);
  }
  double slot = plot_w / ncat;
  double bw = slot * 0.6;
  for (int r = 1; r <= ncat; r++) {
    GStrv row = g_ptr_array_index(rows, r);
    double x = plot_x + (r - 1) * slot + (slot - bw) / 2;
    double acc = 0;
    for (int s = 0; s < nser; s++) {
      double v = MAX(0, g_ascii_strtod(row[s + 1], NULL));
      double y1 = plot_top + plot_h - (acc + v) / axis_max * plot_h;
      double hh = v / axis_max * plot_h;
      if (hh > 0)
        add_bar(L, x, y1, bw, hh, s);
      acc += v;
    }
    place_label(L, row[0], fs, x + bw / 2, plot_top + plot_h + fs * 1.3, 1);
  }
  GStrv head = g_ptr_array_index(rows, 0);
  double lx = plot_x;
  for (int s = 0; s < nser; s++) {
    add_bar(L, lx, top + fs * 0.3, fs, fs * 0.8, s);
    rd_para *p = shape(L, head[s + 1], RD_ROLE_FANGSONG, fs, 0);
    rd_line ln = { 0, p->ncl, 0 };
    ln.width = rd_para_set_natural(p, 0, p->ncl);
    add_text(L, p, &ln, lx + fs * 1.3, top + fs * 1.05, FALSE);
    lx += fs * 2 + ln.width;
  }
  L->y = top + height;
}

/* @签字栏: one line of labels (填报人 审核人 日期), each followed by a rule to sign on,
 * sharing the width evenly, a blank line above; never alone at the top of a page when the
 * page before has room. */
static void place_signlines(lay *L, const rd_block *b)
{
  GStrv labels = g_ptr_array_index(b->rows, 0);
  int n = (int)g_strv_length(labels);
  if (cells_left(L) < 2)
    new_page(L, L->landscape);
  else
    blank_line(L);
  int c = take_cell(L);
  double base = baseline_in_cell(c, RD_SIZE_3HAO);
  double slot = L->w / n;
  for (int i = 0; i < n; i++) {
    char *text = g_strconcat(labels[i], "：", NULL);
    rd_para *p = shape(L, text, RD_ROLE_FANGSONG, RD_SIZE_3HAO, RD_CHAR_CELL);
    g_free(text);
    rd_line ln = { 0, p->ncl, 0 };
    ln.width = rd_para_set_natural(p, 0, p->ncl);
    double x = i * slot;
    add_text(L, p, &ln, x, base, FALSE);
    double rule_x = x + ln.width;
    double rule_len = slot - ln.width - RD_CHAR_CELL;   /* 1 字 before the next label */
    if (rule_len > RD_CHAR_CELL)
      add_hrule(L, rule_x, base + RD_SIGN_RULE_DROP, rule_len, RD_SIGN_RULE_WIDTH, FALSE);
  }
}

static gboolean place_blocks(lay *L, GPtrArray *blocks)
{
  for (guint i = 0; i < blocks->len; i++) {
    const rd_block *b = g_ptr_array_index(blocks, i);
    switch (b->kind) {
    case RD_BLOCK_PARAGRAPH:
    case RD_BLOCK_HEADING:
    case RD_BLOCK_LIST_ITEM:
      place_paragraph(L, b);
      break;
    case RD_BLOCK_CENTER:
      place_centered(L, b->text, RD_ROLE_HEITI, RD_SIZE_3HAO);
      break;
    case RD_BLOCK_PAGEBREAK:
      new_page(L, L->landscape);
      break;
    case RD_BLOCK_TABLE:
      if (!place_table(L, b))
        return FALSE;
      break;
    case RD_BLOCK_CHART:
      place_chart(L, b);
      break;
    case RD_BLOCK_SIGNLINES:
      place_signlines(L, b);
      break;
    }
    block_done(L);
  }
  return TRUE;
}

/* ---- 版头 ---- */

/* Spreads a single line to exactly width (names of joint issuers). */
static void spread_line(rd_para *p, rd_line *ln, double width)
{
  int n = ln->c1 - ln->c0;
  if (n > 1 && width > ln->width) {
    double each = (width - ln->width) / (n - 1);
    for (int i = ln->c0; i < ln->c1 - 1; i++)
      p->cl[i].adv += each;
    ln->width = width;
  }
}

static void place_mark(lay *L)
{
  const rd_document *d = L->doc;
  int n = (int)d->issuers->len;
  gboolean joint = n > 1;
  const char *suffix = d->mark_suffix ? d->mark_suffix : "";
  double size = RD_MARK_SIZE;
  rd_para **names = g_new0(rd_para *, n);
  rd_para *suf = NULL;
  double namew = 0, sufw = 0, total;
  for (;;) {
    namew = 0;
    for (int i = 0; i < n; i++) {
      char *t = joint ? g_strdup(g_ptr_array_index(d->issuers, i))
                      : g_strconcat(g_ptr_array_index(d->issuers, i), suffix, NULL);
      names[i] = rd_para_simple(L->ts, t, RD_ROLE_XIAOBIAOSONG, size, 0);
      namew = MAX(namew, rd_para_set_natural(names[i], 0, names[i]->ncl));
      g_free(t);
    }
    if (joint && *suffix) {
      suf = rd_para_simple(L->ts, suffix, RD_ROLE_XIAOBIAOSONG, size, 0);
      sufw = rd_para_set_natural(suf, 0, suf->ncl) + size * 0.5;
    }
    total = namew + sufw;
    if (total * RD_MARK_MIN_SCALE <= RD_BANXIN_W + EPS || size < 12)
      break;
    /* too long even condensed: a smaller size */
    for (int i = 0; i < n; i++)
      rd_para_free(names[i]);
    if (suf)
      rd_para_free(suf);
    suf = NULL;
    size *= 0.9;
  }
  double sx = total > RD_BANXIN_W ? RD_BANXIN_W / total : 1.0;
  double lh = size * 1.2;
  double block_h = n * lh - (lh - size);
  double x0 = (RD_BANXIN_W - total * sx) / 2;
  for (int i = 0; i < n; i++) {
    keep(L, names[i]);
    rd_line ln = { 0, names[i]->ncl, 0 };
    ln.width = rd_para_set_natural(names[i], 0, names[i]->ncl);
    double x = x0;
    if (joint)
      spread_line(names[i], &ln, namew);
    else
      x = (RD_BANXIN_W - ln.width * sx) / 2;
    add_text(L, names[i], &ln, x, RD_MARK_TOP + i * lh + RD_EM_ASCENT * size, FALSE);
    op *o = &g_array_index(L->cur->ops, op, L->cur->ops->len - 1);
    o->sx = sx;
    o->r = RD_RED_R;
    o->g = RD_RED_G;
    o->b = RD_RED_B;
  }
  if (suf) {
    keep(L, suf);
    rd_line ln = { 0, suf->ncl, 0 };
    ln.width = rd_para_set_natural(suf, 0, suf->ncl);
    double base = RD_MARK_TOP + (block_h - size) / 2 + RD_EM_ASCENT * size;
    add_text(L, suf, &ln, x0 + (namew + size * 0.5) * sx, base, FALSE);
    op *o = &g_array_index(L->cur->ops, op, L->cur->ops->len - 1);
    o->sx = sx;
    o->r = RD_RED_R;
    o->g = RD_RED_G;
    o->b = RD_RED_B;
  }
  g_free(names);
  L->y = RD_MARK_TOP + block_h;
}

/* One line of the 版头 flush left (份号, 密级, 紧急程度). */
static void place_flush_left(lay *L, const char *text, rd_font_role role)
{
  rd_para *p = shape(L, text, role, RD_SIZE_3HAO, RD_CHAR_CELL);
  rd_line ln = { 0, p->ncl, 0 };
  ln.width = rd_para_set_natural(p, 0, p->ncl);
  int c = take_cell(L);
  add_text(L, p, &ln, 0, baseline_in_cell(c, RD_SIZE_3HAO), FALSE);
}

static void place_head(lay *L)
{
  const rd_document *d = L->doc;
  if (d->copy_number)
    place_flush_left(L, d->copy_number, RD_ROLE_FANGSONG);
  if (d->secret)
    place_flush_left(L, d->secret, RD_ROLE_HEITI);
  if (d->urgency)
    place_flush_left(L, d->urgency, RD_ROLE_HEITI);
  gboolean has_mark = d->issuers->len > 0;
  if (has_mark)
    place_mark(L);
  if (d->doc_number) {
    /* two blank lines below the mark, then its own line */
    double top = has_mark ? L->y + RD_MARK_BLANK_LINES * RD_LINE_PITCH : cell_at(L->y) * RD_LINE_PITCH;
    double base = top + RD_LINE_PITCH / 2 + BASELINE_BELOW_CENTRE(RD_SIZE_3HAO);
    rd_para *num = shape(L, d->doc_number, RD_ROLE_FANGSONG, RD_SIZE_3HAO, RD_CHAR_CELL);
    rd_line ln = { 0, num->ncl, 0 };
    ln.width = rd_para_set_natural(num, 0, num->ncl);
    if (d->signers) {
      /* 上行文: 发文字号 1 字 from the left, 签发人 1 字 from the right */
      add_text(L, num, &ln, RD_CHAR_CELL, base, FALSE);
      char *label = g_strdup("签发人：");
      rd_seg segs[2] = { { label, RD_ROLE_FANGSONG, RD_SIZE_3HAO },
                         { d->signers, RD_ROLE_KAITI, RD_SIZE_3HAO } };
      rd_para *s = keep(L, rd_para_shape(L->ts, segs, 2, RD_CHAR_CELL));
      rd_line sl = { 0, s->ncl, 0 };
      sl.width = rd_para_set_natural(s, 0, s->ncl);
      add_text(L, s, &sl, RD_BANXIN_W - RD_CHAR_CELL - sl.width, base, FALSE);
      g_free(label);
    } else
      add_text(L, num, &ln, (RD_BANXIN_W - ln.width) / 2, base, FALSE);
    double em_bottom = top + RD_LINE_PITCH / 2 + RD_SIZE_3HAO / 2;
    double rule = em_bottom + RD_SEPARATOR_GAP;
    add_hrule(L, 0, rule, RD_BANXIN_W, RD_SEPARATOR_WIDTH, TRUE);
    L->y = rule + RD_SEPARATOR_WIDTH / 2;
  } else if (has_mark) {
    double rule = L->y + RD_SEPARATOR_GAP;
    add_hrule(L, 0, rule, RD_BANXIN_W, RD_SEPARATOR_WIDTH, TRUE);
    L->y = rule;
  }
  if (has_mark || d->doc_number) {
    /* two blank lines below the rule: the title takes the first cell after them */
    L->y += RD_TITLE_BLANK_LINES * RD_LINE_PITCH - 0.25 * RD_LINE_PITCH;
  } else if (L->y > 0)
    blank_line(L);
}

/* ---- title, 主送 ---- */

static void place_title(lay *L)
{
  const rd_document *d = L->doc;
  if (d->title_lines->len == 0)
    return;
  if (d->title_lines->len == 1) {
    rd_para *p = shape(L, g_ptr_array_index(d->title_lines, 0), RD_ROLE_XIAOBIAOSONG, RD_SIZE_2HAO, 0);
    GArray *lines = rd_para_break_balanced(p, L->w);
    place_lines(L, p, lines, 0, 0, 1, FALSE);
    g_array_free(lines, TRUE);
  } else
    for (guint i = 0; i < d->title_lines->len; i++) {
      rd_para *p = shape(L, g_ptr_array_index(d->title_lines, i), RD_ROLE_XIAOBIAOSONG, RD_SIZE_2HAO, 0);
      GArray *lines = rd_para_break_balanced(p, L->w);
      place_lines(L, p, lines, 0, 0, 1, FALSE);
      g_array_free(lines, TRUE);
    }
  blank_line(L);
}

static void place_recipients(lay *L)
{
  const char *r = L->doc->main_recipients;
  if (!r)
    return;
  char *text = g_str_has_suffix(r, "：") || g_str_has_suffix(r, ":") ? g_strdup(r)
                                                                     : g_strconcat(r, "：", NULL);
  rd_para *p = shape(L, text, RD_ROLE_FANGSONG, RD_SIZE_3HAO, RD_CHAR_CELL);
  GArray *lines = rd_para_break(p, L->w, L->w, TRUE);
  place_lines(L, p, lines, 0, 0, 0, FALSE);
  g_array_free(lines, TRUE);
  g_free(text);
}

/* ---- 附件说明, 署名, 成文日期, 附注 ---- */

/* Lines needed by the closing block, and whether it fits the current page. */
typedef struct closing {
  GPtrArray *labels;   /* rd_para for "附件：" and numbers */
  int cells;
} closing;

static int numbered_attachments(const rd_document *d)
{
  int n = 0;
  for (guint i = 0; i < d->attachments->len; i++)
    n += !((rd_attachment *)g_ptr_array_index(d->attachments, i))->issued;
  return n;
}

static gboolean has_issued(const rd_document *d)
{
  return numbered_attachments(d) < (int)d->attachments->len;
}

static int attachment_note_lines(lay *L, GPtrArray *names, GPtrArray *numbers, rd_para **label,
                                 double *name_x, GPtrArray *breaks)
{
  const rd_document *d = L->doc;
  int total = 0;
  gboolean several = numbered_attachments(d) > 1;
  int number = 0;
  *label = shape(L, "附件：", RD_ROLE_FANGSONG, RD_SIZE_3HAO, RD_CHAR_CELL);
  double label_w = rd_para_set_natural(*label, 0, (*label)->ncl);
  for (guint i = 0; i < d->attachments->len; i++) {
    rd_attachment *a = g_ptr_array_index(d->attachments, i);
    if (a->issued)
      continue;
    number++;
    rd_para *num = NULL;
    double numw = 0;
    if (several) {
      char buf[16];
      g_snprintf(buf, sizeof buf, "%d.", number);
      num = shape(L, buf, RD_ROLE_FANGSONG, RD_SIZE_3HAO, RD_CHAR_CELL);
      numw = rd_para_set_natural(num, 0, num->ncl);
    }
    rd_para *name = shape(L, a->title ? a->title : "", RD_ROLE_FANGSONG, RD_SIZE_3HAO, RD_CHAR_CELL);
    double x = 2 * RD_CHAR_CELL + label_w + numw;
    GArray *lines = rd_para_break(name, L->w - x, L->w - x, TRUE);
    g_ptr_array_add(numbers, num);
    g_ptr_array_add(names, name);
    g_ptr_array_add(breaks, lines);
    name_x[names->len - 1] = x;
    total += (int)lines->len;
  }
  return total;
}

/* The 附件说明 and, when signature is TRUE, 署名, 成文日期, seal and 附注. */
static void place_closing(lay *L, gboolean attach_note, gboolean signature)
{
  const rd_document *d = L->doc;
  gboolean note = attach_note && d->attach_list && numbered_attachments(d) > 0;
  GPtrArray *names = g_ptr_array_new(), *numbers = g_ptr_array_new();
  GPtrArray *breaks = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
  double *name_x = g_new0(double, d->attachments->len + 1);
  rd_para *label = NULL;
  int note_lines = note ? attachment_note_lines(L, names, numbers, &label, name_x, breaks) : 0;
  gboolean seal = signature && L->seal != NULL && d->signature && d->date;
  int sig_cells = signature ? (d->signature ? 1 : 0) + (d->date ? 1 : 0) : 0;
  int need = (note ? 1 + note_lines : 0) + (sig_cells ? (seal ? 3 : 1) + sig_cells : 0) +
             (signature && d->note ? 1 : 0);
  if (need > 0 && cells_left(L) < need) {
    /* never alone on a page: take the last body line along */
    page *old = L->cur;
    int last = -1;
    for (int i = (int)old->ops->len - 1; i >= 0; i--)
      if (g_array_index(old->ops, op, i).kind == OP_TEXT && g_array_index(old->ops, op, i).body) {
        last = i;
        break;
      }
    new_page(L, L->doc->landscape);
    if (last >= 0 && last == (int)old->ops->len - 1 && need < RD_LINES_PER_PAGE) {
      op moved = g_array_index(old->ops, op, last);
      g_array_remove_index(old->ops, last);
      int c = take_cell(L);
      moved.y = baseline_in_cell(c, moved.para->size);
      g_array_append_val(L->cur->ops, moved);
    }
  }
  if (note) {
    blank_line(L);
    for (guint i = 0; i < names->len; i++) {
      GArray *lines = g_ptr_array_index(breaks, i);
      rd_para *name = g_ptr_array_index(names, i);
      rd_para *num = g_ptr_array_index(numbers, i);
      int first_cell = cell_at(L->y);
      place_lines(L, name, lines, name_x[i], name_x[i], 0, FALSE);
      double base = baseline_in_cell(first_cell, RD_SIZE_3HAO);
      if (i == 0) {
        rd_line ln = { 0, label->ncl, 0 };
        ln.width = rd_para_set_natural(label, 0, label->ncl);
        add_text(L, label, &ln, 2 * RD_CHAR_CELL, base, FALSE);
      }
      if (num) {
        rd_line ln = { 0, num->ncl, 0 };
        ln.width = rd_para_set_natural(num, 0, num->ncl);
        add_text(L, num, &ln, name_x[i] - ln.width, base, FALSE);
      }
    }
  }
  if (sig_cells) {
    rd_para *sig = d->signature ? shape(L, d->signature, RD_ROLE_FANGSONG, RD_SIZE_3HAO, RD_CHAR_CELL) : NULL;
    rd_para *date = d->date ? shape(L, d->date, RD_ROLE_FANGSONG, RD_SIZE_3HAO, RD_CHAR_CELL) : NULL;
    double sw = sig ? rd_para_set_natural(sig, 0, sig->ncl) : 0;
    double dw = date ? rd_para_set_natural(date, 0, date->ncl) : 0;
    double sx, dx;
    if (seal) {
      /* 成文日期 4 字 from the right, 署名 centred over it, the seal over both */
      dx = L->w - 4 * RD_CHAR_CELL - dw;
      sx = dx + dw / 2 - sw / 2;
    } else {
      /* 7.3.5.2: 署名 2 字 from the right; the date starts 2 字 further right, or, when longer,
       * ends 2 字 from the right and pushes the 署名 left */
      sx = L->w - 2 * RD_CHAR_CELL - sw;
      dx = sx + 2 * RD_CHAR_CELL;
      if (dx + dw > L->w - 2 * RD_CHAR_CELL + EPS) {
        dx = L->w - 2 * RD_CHAR_CELL - dw;
        sx = dx - 2 * RD_CHAR_CELL;
      }
      if (!sig)
        dx = L->w - 2 * RD_CHAR_CELL - dw;
    }
    double text_bottom = cell_at(L->y) * RD_LINE_PITCH;
    blank_line(L);
    if (seal) {
      blank_line(L);
      blank_line(L);
    }
    int sig_cell = -1;
    if (sig) {
      rd_line ln = { 0, sig->ncl, sw };
      sig_cell = take_cell(L);
      add_text(L, sig, &ln, sx, baseline_in_cell(sig_cell, RD_SIZE_3HAO), FALSE);
    }
    if (date) {
      rd_line ln = { 0, date->ncl, dw };
      int c = take_cell(L);
      if (sig_cell < 0)
        sig_cell = c - 1;
      add_text(L, date, &ln, dx, baseline_in_cell(c, RD_SIZE_3HAO), FALSE);
    }
    if (seal) {
      /* the texts sit a little below the seal's centre; its top within a line of the text */
      double cy = (sig_cell + 1) * RD_LINE_PITCH - 0.3 * RD_LINE_PITCH;
      double top = MAX(cy - RD_SEAL_DIAMETER / 2, text_bottom - 0.2 * RD_LINE_PITCH);
      op *o = add_op(L, OP_IMAGE);
      o->x = dx + dw / 2 - RD_SEAL_DIAMETER / 2;
      o->y = top;
      o->len = RD_SEAL_DIAMETER;
      o->thick = RD_SEAL_DIAMETER;
    }
  }
  if (signature && d->note) {
    char *t = g_strdup_printf("（%s）", d->note);
    rd_para *p = shape(L, t, RD_ROLE_FANGSONG, RD_SIZE_3HAO, RD_CHAR_CELL);
    GArray *lines = rd_para_break(p, L->w - 2 * RD_CHAR_CELL, L->w, TRUE);
    place_lines(L, p, lines, 2 * RD_CHAR_CELL, 0, 0, FALSE);
    g_array_free(lines, TRUE);
    g_free(t);
  }
  g_ptr_array_free(names, TRUE);
  g_ptr_array_free(numbers, TRUE);
  g_ptr_array_free(breaks, TRUE);
  g_free(name_x);
}

/* ---- 附件 ---- */

static void place_title_lines(lay *L, const char *title)
{
  rd_para *p = shape(L, title, RD_ROLE_XIAOBIAOSONG, RD_SIZE_2HAO, 0);
  GArray *lines = rd_para_break_balanced(p, L->w);
  place_lines(L, p, lines, 0, 0, 1, FALSE);
  g_array_free(lines, TRUE);
}

static gboolean place_attachments(lay *L)
{
  const rd_document *d = L->doc;
  int number = 0, numbered = numbered_attachments(d);
  for (guint i = 0; i < d->attachments->len; i++) {
    rd_attachment *a = g_ptr_array_index(d->attachments, i);
    new_page(L, a->landscape);
    char label[32];
    if (!a->issued) {
      number++;
      if (numbered > 1)
        g_snprintf(label, sizeof label, "附件%d", number);
      else
        g_snprintf(label, sizeof label, "附件");
      place_flush_left(L, label, RD_ROLE_HEITI);          /* line 1 */
      blank_line(L);                                      /* line 2 */
    }
    if (a->title && *a->title) {
      if (a->issued)
        place_title_lines(L, a->title);                   /* the issued document's own title */
      else
        place_centered(L, a->title, RD_ROLE_XIAOBIAOSONG, RD_SIZE_2HAO);   /* line 3 */
      blank_line(L);
    }
    if (!place_blocks(L, a->blocks))
      return FALSE;
    /* the 附件说明 of a 印发 notice closes the issued document */
    if (a->issued && (i + 1 == d->attachments->len ||
                      !((rd_attachment *)g_ptr_array_index(d->attachments, i + 1))->issued))
      place_closing(L, TRUE, FALSE);
  }
  return TRUE;
}

/* ---- 版记 ---- */

static void place_banji(lay *L)
{
  const rd_document *d = L->doc;
  if (!d->cc && !d->printer)
    return;
  const double ch = RD_SIZE_4HAO;   /* 1 字 of 4号 */
  rd_para *cc = NULL;
  GArray *cc_lines = NULL;
  double label_w = 0;
  rd_para *label = NULL;
  if (d->cc) {
    label = shape(L, "抄送：", RD_ROLE_FANGSONG, RD_SIZE_4HAO, 0);
    label_w = rd_para_set_natural(label, 0, label->ncl);
    char *t = g_str_has_suffix(d->cc, "。") ? g_strdup(d->cc) : g_strconcat(d->cc, "。", NULL);
    cc = shape(L, t, RD_ROLE_FANGSONG, RD_SIZE_4HAO, 0);
    g_free(t);
    double w = RD_BANXIN_W - 2 * ch - label_w;
    cc_lines = rd_para_break(cc, w, w, TRUE);
  }
  int cells = 1 + (cc_lines ? (int)cc_lines->len : 0);
  gboolean double_sided = d->double_sided != 0;
  int total = RD_LINES_PER_PAGE;
  int npages = (int)L->pages->len;
  gboolean fits = !L->cur->landscape && cell_at(L->y) <= total - cells;
  gboolean even = npages % 2 == 0;
  if (double_sided) {
    if (!even) {
      new_page(L, FALSE);                 /* the back of the last odd page */
    } else if (!fits) {
      new_page(L, FALSE);                 /* blank */
      L->cur->numbered = FALSE;
      new_page(L, FALSE);
      L->cur->numbered = FALSE;
    }
  } else if (!fits)
    new_page(L, FALSE);
  int first = total - cells;
  add_hrule(L, 0, first * RD_LINE_PITCH, RD_BANXIN_W, RD_BANJI_THICK, FALSE);
  if (cc_lines) {
    for (guint i = 0; i < cc_lines->len; i++) {
      rd_line *ln = &g_array_index(cc_lines, rd_line, i);
      double base = baseline_in_cell(first + (int)i, RD_SIZE_4HAO);
      if (i == 0) {
        rd_line ll = { 0, label->ncl, label_w };
        add_text(L, label, &ll, ch, base, FALSE);
      }
      add_text(L, cc, ln, ch + label_w, base, FALSE);
    }
    add_hrule(L, 0, (total - 1) * RD_LINE_PITCH, RD_BANXIN_W, RD_BANJI_THIN, FALSE);
    g_array_free(cc_lines, TRUE);
  }
  double base = baseline_in_cell(total - 1, RD_SIZE_4HAO);
  if (d->printer) {
    rd_para *p = shape(L, d->printer, RD_ROLE_FANGSONG, RD_SIZE_4HAO, 0);
    rd_line ln = { 0, p->ncl, 0 };
    ln.width = rd_para_set_natural(p, 0, p->ncl);
    add_text(L, p, &ln, ch, base, FALSE);
  }
  const char *date = d->print_date ? d->print_date : d->date;
  if (date) {
    char *t = g_strconcat(date, "印发", NULL);
    rd_para *p = shape(L, t, RD_ROLE_FANGSONG, RD_SIZE_4HAO, 0);
    rd_line ln = { 0, p->ncl, 0 };
    ln.width = rd_para_set_natural(p, 0, p->ncl);
    add_text(L, p, &ln, RD_BANXIN_W - ch - ln.width, base, FALSE);
    g_free(t);
  }
  add_hrule(L, 0, RD_BANXIN_H, RD_BANXIN_W, RD_BANJI_THICK, FALSE);
  L->y = RD_BANXIN_H;
}

/* ---- drawing ---- */

/* The page number as the document asks: the standard's "— N —", or its 页码 pattern with N
 * the page and M the page count. */
static char *folio_text(const rd_document *d, int number, int count)
{
  if (!d->folio)
    return g_strdup_printf("\xE2\x80\x94\xE2\x80\x82%d\xE2\x80\x82\xE2\x80\x94", number);
  GString *s = g_string_new(NULL);
  for (const char *p = d->folio; *p; p++) {
    if (*p == 'N')
      g_string_append_printf(s, "%d", number);
    else if (*p == 'M')
      g_string_append_printf(s, "%d", count);
    else if (*p == ' ')
      g_string_append(s, "\xE2\x80\x82");   /* an en space: the cleaner drops ASCII ones */
    else
      g_string_append_c(s, *p);
  }
  return g_string_free(s, FALSE);
}

/* Page numbers sit where portrait pages have them, also on pages turned landscape (the
 * standard's rule for tables): 7 mm below the 版心, odd pages right, even pages left, 1 字 in. */
static void draw_page_number(lay *L, cairo_t *cr, int number, int count)
{
  char *text = folio_text(L->doc, number, count);
  rd_para *p = shape(L, text, RD_ROLE_SONGTI, RD_SIZE_4HAO, 0);
  g_free(text);
  rd_line ln = { 0, p->ncl, 0 };
  ln.width = rd_para_set_natural(p, 0, p->ncl);
  double base = RD_TIANTOU + RD_BANXIN_H + RD_FOLIO_DROP + BASELINE_BELOW_CENTRE(RD_SIZE_4HAO);
  double x = number % 2 ? RD_DINGKOU + RD_BANXIN_W - RD_SIZE_4HAO - ln.width
                        : RD_DINGKOU + RD_SIZE_4HAO;
  cairo_set_source_rgb(cr, 0, 0, 0);
  rd_para_draw_line(p, &ln, cr, x, base);
}

static void draw_op(lay *L, cairo_t *cr, const op *o)
{
  cairo_set_source_rgb(cr, o->r, o->g, o->b);
  switch (o->kind) {
  case OP_TEXT:
    if (o->sx != 1.0) {
      cairo_save(cr);
      cairo_translate(cr, o->x, o->y);
      cairo_scale(cr, o->sx, 1.0);
      rd_para_draw_line(o->para, &o->line, cr, 0, 0);
      cairo_restore(cr);
    } else
      rd_para_draw_line(o->para, &o->line, cr, o->x, o->y);
    break;
  case OP_HRULE:
    cairo_rectangle(cr, o->x, o->y - o->thick / 2, o->len, o->thick);
    cairo_fill(cr);
    break;
  case OP_VRULE:
    cairo_rectangle(cr, o->x - o->thick / 2, o->y, o->thick, o->len);
    cairo_fill(cr);
    break;
  case OP_BAR:
    cairo_rectangle(cr, o->x, o->y, o->len, o->thick);
    cairo_fill(cr);
    break;
  case OP_IMAGE:
    if (L->seal) {
      double iw = cairo_image_surface_get_width(L->seal);
      double ih = cairo_image_surface_get_height(L->seal);
      cairo_save(cr);
      cairo_translate(cr, o->x, o->y);
      cairo_scale(cr, o->len / iw, o->thick / ih);
      cairo_set_source_surface(cr, L->seal, 0, 0);
      cairo_set_operator(cr, CAIRO_OPERATOR_MULTIPLY);
      cairo_paint(cr);
      cairo_restore(cr);
    }
    break;
  }
}

static void iso_date(const rd_document *d, char *buf, size_t n)
{
  g_snprintf(buf, n, "%04d-%02d-%02dT09:00:00+08:00", d->year, d->month, d->day);
}

/* Where cairo's PDF bytes go: every write checked, the first error's errno kept for the
 * message (cairo itself only says "error while writing to output stream"). */
typedef struct pdf_sink {
  int fd;
  int error;   /* errno of the first failed write, 0 while all went well */
} pdf_sink;

static cairo_status_t pdf_sink_write(void *closure, const unsigned char *data, unsigned int length)
{
  pdf_sink *sink = closure;
  if (sink->error)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!rd_write_all(sink->fd, data, length)) {
    sink->error = errno;
    return CAIRO_STATUS_WRITE_ERROR;
  }
  return CAIRO_STATUS_SUCCESS;
}

/* The PDF surface with the document's metadata; dates from 成文日期, never the clock. */
static cairo_surface_t *open_pdf(const rd_document *d, pdf_sink *sink, const char *path,
                                 GError **error)
{
  cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(pdf_sink_write, sink, RD_PAPER_W,
                                                              RD_PAPER_H);
  if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
    g_set_error(error, RD_TYPESET_ERROR, RD_TYPESET_ERROR_IO, "%s: %s", path,
                cairo_status_to_string(cairo_surface_status(surf)));
    cairo_surface_destroy(surf);
    return NULL;
  }
  cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, rd_document_title(d));
  const char *author = d->author ? d->author : d->signature ? d->signature
                     : d->issuers->len ? g_ptr_array_index(d->issuers, 0) : NULL;
  if (author)
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_AUTHOR, author);
  const char *subject = d->subject ? d->subject : d->doc_number;
  if (subject)
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_SUBJECT, subject);
  if (d->keywords)
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_KEYWORDS, d->keywords);
  cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "riskdoc typeset (GB/T 9704-2012)");
  char date[64];
  if (d->year > 0)
    iso_date(d, date, sizeof date);
  else
    g_strlcpy(date, "2000-01-01T00:00:00+08:00", sizeof date);   /* never the clock */
  cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE, date);
  return surf;
}

static void draw_page(lay *L, const page *pg, int index)
{
  const rd_document *d = L->doc;
  cairo_t *cr = L->cr;
  cairo_save(cr);
  if (pg->landscape) {
    /* the table head on the left: binding side of odd pages, outer side of even ones */
    cairo_translate(cr, RD_DINGKOU, RD_TIANTOU + RD_BANXIN_H);
    cairo_rotate(cr, -G_PI / 2);
  } else
    cairo_translate(cr, RD_DINGKOU, RD_TIANTOU);
  for (guint k = 0; k < pg->ops->len; k++)
    draw_op(L, cr, &g_array_index(pg->ops, op, k));
  cairo_restore(cr);
  /* a cover is neither numbered nor counted */
  int first_counted = d->cover ? 1 : 0;
  if (pg->numbered && (!d->folio || *d->folio) && index >= first_counted)
    draw_page_number(L, cr, index + 1 - first_counted, L->count - first_counted);
  cairo_show_page(cr);
}

/* Draws (when drawing) and frees pages [flushed, upto). */
static void flush_pages(lay *L, guint upto)
{
  for (; L->flushed < upto; L->flushed++) {
    page *pg = g_ptr_array_index(L->pages, L->flushed);
    if (L->cr) {
      draw_page(L, pg, (int)L->flushed);
      if (L->ts->progress)
        L->ts->progress((int)L->flushed + 1, L->ts->progress_user);
    }
    g_array_free(pg->ops, TRUE);
    pg->ops = NULL;
  }
  free_drawn_paras(L);
}

static gboolean load_seal(const rd_document *d, cairo_surface_t **seal, GError **error)
{
  if (!d->seal)
    return TRUE;
  char *path = g_path_is_absolute(d->seal) || !d->basedir ? g_strdup(d->seal)
                                                           : g_build_filename(d->basedir, d->seal, NULL);
  cairo_surface_t *s = cairo_image_surface_create_from_png(path);
  if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
    g_set_error(error, RD_TYPESET_ERROR, RD_TYPESET_ERROR_IO, "%s: seal image %s: %s", d->name,
                path, cairo_status_to_string(cairo_surface_status(s)));
    cairo_surface_destroy(s);
    g_free(path);
    return FALSE;
  }
  g_free(path);
  *seal = s;
  return TRUE;
}

/* One layout of the whole document, drawing into cr (NULL: counting only). Returns the
 * page count, or -1 with L->error set. */
static int lay_out(rd_typesetter *ts, const rd_document *doc, cairo_surface_t *seal, cairo_t *cr,
                   int count, GError **error)
{
  lay L = { 0 };
  L.ts = ts;
  L.doc = doc;
  L.error = error;
  L.seal = seal;
  L.cr = cr;
  L.count = count;
  L.pages = g_ptr_array_new_with_free_func(page_free);
  L.paras = g_ptr_array_new_with_free_func((GDestroyNotify)rd_para_free);
  L.para_page = g_array_new(FALSE, FALSE, sizeof(int));
  new_page(&L, doc->landscape);
  place_head(&L);
  place_title(&L);
  place_recipients(&L);
  block_done(&L);
  gboolean ok = place_blocks(&L, doc->body);
  if (ok) {
    if (L.landscape && !doc->landscape)
      new_page(&L, FALSE);   /* the closing of a portrait document is portrait */
    place_closing(&L, !has_issued(doc), TRUE);
    block_done(&L);
    ok = place_attachments(&L);
  }
  if (ok) {
    place_banji(&L);
    block_done(&L);
    flush_pages(&L, L.pages->len);
  }
  int pages = ok ? (int)L.pages->len : -1;
  g_ptr_array_free(L.pages, TRUE);
  g_ptr_array_free(L.paras, TRUE);
  g_array_free(L.para_page, TRUE);
  return pages;
}

/* Lays out and draws into sink: first counts the pages when the 页码 pattern states them. */
static int render_to(rd_typesetter *ts, const rd_document *doc, cairo_surface_t *seal,
                     pdf_sink *sink, const char *path, GError **error)
{
  int count = -1;
  if (doc->folio && strchr(doc->folio, 'M') && (count = lay_out(ts, doc, seal, NULL, -1, error)) < 0)
    return -1;
  cairo_surface_t *surf = open_pdf(doc, sink, path, error);
  if (!surf)
    return -1;
  cairo_t *cr = cairo_create(surf);
  int pages = lay_out(ts, doc, seal, cr, count, error);
  cairo_destroy(cr);
  cairo_surface_finish(surf);   /* writes the fonts and the trailer: most of the bytes */
  cairo_status_t st = cairo_surface_status(surf);
  cairo_surface_destroy(surf);
  if (pages >= 0 && (st != CAIRO_STATUS_SUCCESS || sink->error)) {
    g_set_error(error, RD_TYPESET_ERROR, RD_TYPESET_ERROR_IO, "无法写入 %s：%s", path,
                sink->error ? g_strerror(sink->error) : cairo_status_to_string(st));
    return -1;
  }
  g_assert(pages < 0 || count < 0 || pages == count);   /* the same layout both times */
  return pages;
}

/* Writes exactly pdf_path (created 0600 or truncated): where it goes, and whether it is
 * renamed into place afterwards, is the caller's output policy (src/output.h). */
gboolean rd_layout_and_render(rd_typesetter *ts, const rd_document *doc, const char *pdf_path,
                              int *pages_out, GError **error)
{
  cairo_surface_t *seal = NULL;
  if (!load_seal(doc, &seal, error))
    return FALSE;
  pdf_sink sink = { open(pdf_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600), 0 };
  int pages = -1;
  if (sink.fd < 0) {
    g_set_error(error, RD_TYPESET_ERROR, RD_TYPESET_ERROR_IO, "无法写入 %s：%s", pdf_path,
                g_strerror(errno));
  } else {
    pages = render_to(ts, doc, seal, &sink, pdf_path, error);
    if (close(sink.fd) != 0 && pages >= 0) {
      g_set_error(error, RD_TYPESET_ERROR, RD_TYPESET_ERROR_IO, "无法写入 %s：%s", pdf_path,
                  g_strerror(errno));
      pages = -1;
    }
  }
  if (seal)
    cairo_surface_destroy(seal);
  if (pages >= 0 && pages_out)
    *pages_out = pages;
  return pages >= 0;
}

void rd_typesetter_set_progress(rd_typesetter *ts, rd_typeset_progress_fn fn, void *user)
{
  ts->progress = fn;
  ts->progress_user = user;
}

gboolean rd_typesetter_render_pdf(rd_typesetter *ts, const rd_document *doc, const char *pdf_path,
                                  int *pages_out, GError **error)
{
  return rd_layout_and_render(ts, doc, pdf_path, pages_out, error);
}

int rd_layout_draw(rd_typesetter *ts, const rd_document *doc, cairo_t *cr, GError **error)
{
  cairo_surface_t *seal = NULL;
  if (!load_seal(doc, &seal, error))
    return -1;
  /* a 页码 pattern stating the page count (M) needs a counting pass first, as render_to */
  int count = -1, pages = -1;
  gboolean counted = doc->folio && strchr(doc->folio, 'M');
  if (!counted || (count = lay_out(ts, doc, seal, NULL, -1, error)) >= 0)
    pages = lay_out(ts, doc, seal, cr, count, error);
  if (seal)
    cairo_surface_destroy(seal);
  return pages;
}
