/* table.c — tables: column widths and type size, and rows as items for the page builder.
 *
 * Every row is one item (a row taller than a page less the header is cut into one item per
 * line, at least RD_TABLE_MIN_SPLIT_LINES a part); each carries the header to repeat above it
 * on a new page. Keeps: the caption and header stay with the first RD_TABLE_KEEP_ROWS rows, a
 * continued part holds at least RD_TABLE_KEEP_ROWS rows, and a 合计 row stays with the row
 * before it. Rows are shaped one at a time as they are contributed and freed with their page,
 * so a table of 100,000 rows is never held shaped; only the header is, to be repeated. */
#include <string.h>
#include "layout.h"

#define PAD(size) (RD_TABLE_PAD * (size))
#define PITCH(size) (RD_TABLE_LINE_PITCH * (size))
#define ROW_PAD(size) (RD_TABLE_ROW_PAD * (size))

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
  if (smin > width + RD_EPS)
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
    if (deficit <= RD_EPS || slack <= RD_EPS)
      break;
    double take = MIN(1.0, deficit / slack);
    for (int c = 0; c < ncols; c++)
      colw[c] = colw[c] < minw[c] ? minw[c] : colw[c] - (colw[c] - minw[c]) * take;
  }
  return TRUE;
}

typedef struct width_model width_model;
static void model_add(width_model *m, int k, int c, const rd_para *p);

/* Column widths at size: natural, minimum and unbreakable minimum of every column, each
 * cell shaped and let go at once, so that a table of 100,000 rows is never held shaped; the
 * cells of the rows m samples are kept as their unbreakable pieces for optimise_widths. */
static void measure_columns(lay *L, GPtrArray *rows, int ncols, double size, double *minw,
                            double *natw, double *hardw, width_model *m, guint8 **words)
{
  memset(minw, 0, sizeof(double) * ncols);
  memset(natw, 0, sizeof(double) * ncols);
  memset(hardw, 0, sizeof(double) * ncols);
  for (guint r = 0; r < rows->len; r++) {
    GStrv row = g_ptr_array_index(rows, r);
    for (int c = 0; c < ncols; c++) {
      rd_para *p = rd_para_simple(L->ts, row[c], r == 0 ? RD_ROLE_HEITI : RD_ROLE_FANGSONG, size, 0);
      rd_para_mark_words(L->ts, p, TRUE);
      double nat = 0;
      for (int i = 0; i < p->ncl; i++)
        nat += p->cl[i].natural;
      minw[c] = MAX(minw[c], min_cell_width(p, size, FALSE) + 2 * PAD(size));
      /* a column is never narrower than its widest word (风险/类别, 东风街道), nor its
       * header than two characters (序号, 等级: ICU counts them as two words) */
      double hard = min_cell_width(p, size, TRUE);
      if (r == 0)
        hard = MAX(hard, MIN(nat, 2 * size));
      hardw[c] = MAX(hardw[c], hard + 2 * PAD(size));
      natw[c] = MAX(natw[c], nat + 2 * PAD(size));
      model_add(m, (int)r, c, p);
      g_free(words[r * ncols + c]);
      words[r * ncols + c] = rd_para_word_bits(p);
      rd_para_free(p);
    }
  }
}

/* ---- automatic column widths ----
 * Each column starts at its widest word; the rest of the width goes, a little at a time, to
 * the column where it saves the most table height (the lines of the rows, each as tall as
 * its tallest cell; see model_cost), measured on up to WIDTH_SAMPLE_ROWS rows; what saves nothing more is
 * shared by content. Cells are counted as the greedy breaker fills them, word by word. */

#define WIDTH_SAMPLE_ROWS 1000
static const double width_steps[] = { 0.5, 1, 2, 4, 8 };   /* in characters of the size */

/* The unbreakable pieces of a cell (words, with the marks they carry), as widths. */
static GArray *cell_units(const rd_para *p)
{
  GArray *u = g_array_new(FALSE, FALSE, sizeof(float));
  float run = 0;
  for (int i = 0; i < p->ncl; i++) {
    if (i > 0 && p->cl[i].cls != RD_CLS_CLOSE && p->cl[i - 1].cls != RD_CLS_OPEN &&
        !p->cl[i].nobreak) {
      g_array_append_val(u, run);
      run = 0;
    }
    run += (float)p->cl[i].natural;
  }
  if (run > 0)
    g_array_append_val(u, run);
  return u;
}

/* Lines the greedy breaker makes of a cell's units at inner width w (a unit wider than the
 * line is cut). */
static int cell_lines(const GArray *u, double w)
{
  int n = 1;
  double cur = 0;
  for (guint i = 0; i < u->len; i++) {
    double x = g_array_index(u, float, i);
    if (cur > 0 && cur + x > w + RD_EPS) {
      n++;
      cur = 0;
    }
    while (x > w + RD_EPS) {
      n++;
      x -= w;
    }
    cur += x;
  }
  return n;
}

struct width_model {
  int nrows, ncols, every;   /* rows r with r % every == 0 are sampled */
  GArray **units;            /* nrows * ncols */
  int *lines;                /* nrows * ncols at the current widths */
};

static void model_init(width_model *m, int nrows, int ncols)
{
  m->ncols = ncols;
  m->every = MAX(1, nrows / WIDTH_SAMPLE_ROWS);
  m->nrows = (nrows + m->every - 1) / m->every;
  m->units = g_new0(GArray *, (size_t)m->nrows * ncols);
  m->lines = g_new0(int, (size_t)m->nrows * ncols);
}

static void model_clear(width_model *m)
{
  for (int i = 0; i < m->nrows * m->ncols; i++)
    if (m->units[i])
      g_array_free(m->units[i], TRUE);
  g_free(m->units);
  g_free(m->lines);
}

static void model_add(width_model *m, int r, int c, const rd_para *p)
{
  if (r % m->every)
    return;
  GArray **slot = &m->units[(r / m->every) * m->ncols + c];
  if (*slot)
    g_array_free(*slot, TRUE);   /* measured again at a smaller size */
  *slot = cell_units(p);
}

/* The cost of the widths: the table's height in lines, and, a tenth as much, the lines of
 * all cells (so that widening one of two columns a row is as tall as counts, and the greedy
 * search does not stop on a plateau). alt: the lines of column col at a trial width. */
static long model_cost(const width_model *m, int col, const int *alt)
{
  long total = 0;
  for (int r = 0; r < m->nrows; r++) {
    int h = 1, sum = 0;
    for (int c = 0; c < m->ncols; c++) {
      int l = c == col ? alt[r] : m->lines[r * m->ncols + c];
      h = MAX(h, l);
      sum += l;
    }
    total += 10 * h + sum;
  }
  return total;
}

static void optimise_widths(lay *L, int ncols, double size, const double *hardw,
                            const double *natw, width_model *mm, double *colw)
{
  width_model m = *mm;
  double left = L->w;
  for (int c = 0; c < ncols; c++) {
    colw[c] = hardw[c];
    left -= colw[c];
    for (int k = 0; k < m.nrows; k++)
      m.lines[k * ncols + c] = cell_lines(m.units[k * ncols + c], colw[c] - 2 * PAD(size));
  }
  int *alt = g_new(int, m.nrows), *best_alt = g_new(int, m.nrows);
  long cost = model_cost(&m, -1, NULL);
  while (left > RD_EPS) {
    double best_ratio = 0, best_add = 0;
    int best_col = -1;
    for (int c = 0; c < ncols; c++)
      for (guint s = 0; s < G_N_ELEMENTS(width_steps); s++) {
        double add = MIN(width_steps[s] * size, left);
        if (colw[c] >= natw[c] - RD_EPS)
          break;   /* every cell of it on one line already */
        for (int k = 0; k < m.nrows; k++)
          alt[k] = cell_lines(m.units[k * ncols + c], colw[c] + add - 2 * PAD(size));
        double ratio = (double)(cost - model_cost(&m, c, alt)) / add;
        if (ratio > best_ratio + 1e-9) {
          best_ratio = ratio;
          best_add = add;
          best_col = c;
          memcpy(best_alt, alt, sizeof(int) * m.nrows);
        }
      }
    if (best_col < 0)
      break;
    colw[best_col] += best_add;
    left -= best_add;
    for (int k = 0; k < m.nrows; k++)
      m.lines[k * ncols + best_col] = best_alt[k];
    cost = model_cost(&m, -1, NULL);
  }
  /* what saves no line is shared by content, as far as each column's natural width */
  double want = 0;
  for (int c = 0; c < ncols; c++)
    want += MAX(0, natw[c] - colw[c]);
  for (int c = 0; c < ncols && left > RD_EPS; c++)
    if (want > RD_EPS)
      colw[c] += MAX(0, natw[c] - colw[c]) * MIN(1.0, left / want);
  double sum = 0;
  for (int c = 0; c < ncols; c++)
    sum += colw[c];
  for (int c = 0; c < ncols; c++)
    colw[c] *= L->w / sum;   /* fill the 版心 exactly */
  g_free(alt);
  g_free(best_alt);
}

/* The font size (the largest of the standard's sizes at which the columns fit, unless the
 * document gives one) and the column widths. */
static double table_columns(lay *L, const rd_block *b, int ncols, double *colw, guint8 **words)
{
  static const double sizes[] = { RD_SIZE_3HAO, RD_SIZE_4HAO, RD_SIZE_XIAOSI, RD_SIZE_5HAO, 9.0 };
  double size = b->font_size;
  double *minw = g_new0(double, ncols), *natw = g_new0(double, ncols);
  double *hardw = g_new0(double, ncols);   /* the widest word of each column */
  width_model m;
  model_init(&m, (int)b->rows->len, ncols);
  for (guint si = 0; si < G_N_ELEMENTS(sizes); si++) {
    if (b->font_size <= 0)
      size = sizes[si];
    measure_columns(L, b->rows, ncols, size, minw, natw, hardw, &m, words);
    double smin = 0;
    for (int c = 0; c < ncols; c++)
      smin += minw[c];
    if (smin <= L->w + RD_EPS || b->font_size > 0 || si + 1 == G_N_ELEMENTS(sizes))
      break;
  }
  double shard = 0, snat = 0;
  for (int c = 0; c < ncols; c++) {
    shard += hardw[c];
    snat += natw[c];
  }
  if (b->widths && given_widths(b->widths, hardw, ncols, L->w, colw))
    ;
  else if (snat <= L->w)
    for (int c = 0; c < ncols; c++)
      colw[c] = natw[c] * L->w / snat;   /* widen proportionally to fill the 版心 */
  else if (shard <= L->w)
    optimise_widths(L, ncols, size, hardw, natw, &m, colw);
  else
    for (int c = 0; c < ncols; c++)
      colw[c] = hardw[c] * L->w / shard;   /* even the words do not fit: cut them evenly */
  model_clear(&m);
  g_free(minw);
  g_free(natw);
  g_free(hardw);
  return size;
}

double rd_table_columns(rd_typesetter *ts, const rd_block *b, double width, double *colw)
{
  lay L = { 0 };   /* only what measuring needs: the typesetter and the width */
  L.ts = ts;
  L.w = width;
  int ncols = (int)g_strv_length(g_ptr_array_index(b->rows, 0));
  size_t ncells = (size_t)b->rows->len * ncols;
  guint8 **words = g_new0(guint8 *, ncells);
  double size = table_columns(&L, b, ncols, colw, words);
  for (size_t i = 0; i < ncells; i++)
    g_free(words[i]);
  g_free(words);
  return size;
}

/* Shapes and breaks one table row at the final column widths with the word marks measured
 * (words: one per cell); returns its line count. */
static int shape_row(lay *L, GStrv row, int ncols, gboolean header, double size,
                     const double *colw, int line, guint8 **words, tcell *cells)
{
  rd_font_role role = header ? RD_ROLE_HEITI : RD_ROLE_FANGSONG;
  int maxl = 1;
  for (int c = 0; c < ncols; c++) {
    cells[c].p = rd_shape(L, row[c], role, size, 0, line);
    rd_para_set_word_bits(cells[c].p, words[c]);
    double inner = colw[c] - 2 * PAD(size);
    cells[c].lines = rd_para_break(cells[c].p, inner, inner, FALSE);
    maxl = MAX(maxl, (int)cells[c].lines->len);
  }
  return maxl;
}

static void free_row(tcell *cells, int ncols)
{
  for (int c = 0; c < ncols; c++) {
    g_array_free(cells[c].lines, TRUE);
    rd_para_free(cells[c].p);
  }
}

/* The rules of a row or part of a row: the top (when top), the columns, and the bottom
 * (when bottom). */
static void row_rules(rd_item *it, double w, int ncols, const double *colw, gboolean top,
                      gboolean bottom)
{
  if (top)
    rd_item_hrule(it, 0, 0, w, RD_TABLE_RULE);
  double x = 0;
  for (int c = 0; c < ncols; c++) {
    rd_item_vrule(it, x, 0, it->h, RD_TABLE_RULE);
    x += colw[c];
  }
  rd_item_vrule(it, w, 0, it->h, RD_TABLE_RULE);
  if (bottom)
    rd_item_hrule(it, 0, it->h, w, RD_TABLE_RULE);
}

/* A whole row: each cell's lines centred vertically (header centred, a one-line cell centred
 * horizontally too). */
static rd_item *row_item(lay *L, tcell *cells, int ncols, const double *colw, double size,
                         int nlines, gboolean header)
{
  rd_item *it = rd_item_new(nlines * PITCH(size) + 2 * ROW_PAD(size), FALSE);
  double x = 0;
  for (int c = 0; c < ncols; c++) {
    tcell *tc = &cells[c];
    int n = (int)tc->lines->len;
    double y0 = (it->h - n * PITCH(size)) / 2;
    for (int i = 0; i < n; i++) {
      rd_line *ln = &g_array_index(tc->lines, rd_line, i);
      double lx = header || n == 1 ? x + (colw[c] - ln->width) / 2 : x + PAD(size);
      double base = y0 + (i + 0.5) * PITCH(size) + RD_BASELINE_BELOW_CENTRE(size);
      rd_item_text(it, tc->p, ln, lx, base);
    }
    x += colw[c];
  }
  row_rules(it, L->w, ncols, colw, TRUE, TRUE);
  return it;
}

/* Line i of a row too tall for a page, as an item of its own: the page builder may break
 * between lines, at least RD_TABLE_MIN_SPLIT_LINES a part. */
static rd_item *row_slice(lay *L, tcell *cells, int ncols, const double *colw, double size,
                          int i, int nlines)
{
  gboolean first = i == 0, last = i == nlines - 1;
  double top = first ? ROW_PAD(size) : 0;
  rd_item *it = rd_item_new(PITCH(size) + top + (last ? ROW_PAD(size) : 0), FALSE);
  double x = 0;
  for (int c = 0; c < ncols; c++) {
    if (i < (int)cells[c].lines->len) {
      rd_line *ln = &g_array_index(cells[c].lines, rd_line, i);
      double base = top + 0.5 * PITCH(size) + RD_BASELINE_BELOW_CENTRE(size);
      rd_item_text(it, cells[c].p, ln, x + PAD(size), base);
    }
    x += colw[c];
  }
  row_rules(it, L->w, ncols, colw, first, last);
  it->close_rule = !last;
  if (i > 0 && (i < RD_TABLE_MIN_SPLIT_LINES || i > nlines - RD_TABLE_MIN_SPLIT_LINES))
    it->penalty = RD_PENALTY_INF;
  return it;
}

static int row_line(const rd_block *b, int r)
{
  return b->row_lines && r < (int)b->row_lines->len ? g_array_index(b->row_lines, int, r) : b->line;
}

static gboolean is_total_row(GStrv row)
{
  for (int c = 0; row[c]; c++) {
    const char *s = row[c];
    while (*s == ' ')
      s++;
    if (g_str_has_prefix(s, "合计") || g_str_has_prefix(s, "总计"))
      return TRUE;
  }
  return FALSE;
}

/* Contributes the data rows of a table under its header (repeated on every new page). */
static void place_rows(lay *L, const rd_block *b, int ncols, double size, const double *colw,
                       guint8 **words, rd_item *repeat, tcell *cells)
{
  int n = (int)b->rows->len - 1;   /* data rows */
  for (int r = 1; r <= n && !L->failed; r++) {
    GStrv row = g_ptr_array_index(b->rows, r);
    int nl = shape_row(L, row, ncols, FALSE, size, colw, row_line(b, r), words + (size_t)r * ncols,
                       cells);
    /* a break before row r leaves r - 1 rows above it and n - r + 1 below */
    int penalty = r <= RD_TABLE_KEEP_ROWS || r > n - RD_TABLE_KEEP_ROWS + 1 || is_total_row(row)
                  ? RD_PENALTY_INF : 0;
    double full = nl * PITCH(size) + 2 * ROW_PAD(size);
    if (full + repeat->h > L->h)
      for (int i = 0; i < nl; i++) {
        rd_item *it = row_slice(L, cells, ncols, colw, size, i, nl);
        if (i == 0)
          it->penalty = penalty;
        it->head = repeat;
        rd_contribute(L, it);
      }
    else {
      rd_item *it = row_item(L, cells, ncols, colw, size, nl, FALSE);
      it->penalty = penalty;
      it->head = repeat;
      rd_contribute(L, it);
    }
    free_row(cells, ncols);
  }
}

void rd_place_table(lay *L, const rd_block *b)
{
  GPtrArray *rows = b->rows;
  int ncols = (int)g_strv_length(g_ptr_array_index(rows, 0));
  double *colw = g_new0(double, ncols);
  size_t ncells = (size_t)rows->len * ncols;
  guint8 **words = g_new0(guint8 *, ncells);
  double size = table_columns(L, b, ncols, colw, words);
  tcell *cells = g_new0(tcell, ncols);
  int hl = shape_row(L, g_ptr_array_index(rows, 0), ncols, TRUE, size, colw, row_line(b, 0),
                     words, cells);
  rd_item *head = row_item(L, cells, ncols, colw, size, hl, TRUE);
  free_row(cells, ncols);
  double split_start = RD_TABLE_MIN_SPLIT_LINES * PITCH(size) + 2 * ROW_PAD(size);
  if (head->h + split_start > L->h) {
    rd_layout_fail(L, RD_TYPESET_ERROR_LAYOUT, "%s:%d: the table's header is taller than a page",
                   L->doc->name, b->line);
    rd_item_free(head);
  } else {
    /* the header placed first; a copy of it to repeat, sharing its text */
    rd_item *repeat = rd_item_new(head->h, FALSE);
    g_array_append_vals(repeat->ops, head->ops->data, head->ops->len);
    for (guint k = 0; k < head->paras->len; k++)
      g_ptr_array_add(repeat->paras, rd_para_ref(g_ptr_array_index(head->paras, k)));
    head->penalty = b->caption ? RD_PENALTY_INF : 0;
    rd_contribute(L, head);
    place_rows(L, b, ncols, size, colw, words, repeat, cells);
    g_ptr_array_add(L->heads, repeat);   /* rows still on the builder's page point at it */
  }
  for (size_t i = 0; i < ncells; i++)
    g_free(words[i]);
  g_free(words);
  g_free(cells);
  g_free(colw);
}
