/* table.c — tables: column widths and type size, and rows as items for the page builder.
 *
 * A record — a row and the spanning lines under it (rd_table_row_spans: one cell set across
 * the width, a ledger's 具体情况 under its short fields) — is one item, so the page builder
 * never parts them; a record taller than a page less the header is cut into one item per
 * line, at least RD_TABLE_MIN_SPLIT_LINES a part. Each carries the header (with its own
 * spanning lines) to repeat above it on a new page. Keeps, counted in records: the caption
 * and header stay with the first RD_TABLE_KEEP_ROWS, a continued part holds at least
 * RD_TABLE_KEEP_ROWS, and a 合计 row stays with the one before it. With @表格 续=, the rows
 * of a group also carry the group's heading with that wording after it, which a page they
 * start repeats under the header (page.c), so the page has that much less room. Rows are shaped one
 * record at a time as they are contributed and freed with their page, so a table of 100,000
 * rows is never held shaped; only the header is, to be repeated, and up to
 * SHAPED_CELLS_KEPT distinct cells, which the rows that repeat them share. Each distinct cell
 * is measured once (measure_cell). Spanning lines take no part in the column widths. */
#include <string.h>
#include "layout.h"

/* The table's geometry in points at its type size (rd_table_geometry_of). */
typedef struct tgeo {
  double size, pad, pitch, row_pad;
} tgeo;

static tgeo geometry(const rd_block *b, double size)
{
  rd_table_geometry g = rd_table_geometry_of(b);
  return (tgeo){ size, g.pad * size, g.pitch * size, g.row_pad * size };
}

/* The rows of a record: row r and the spanning lines under it (a group heading is a record
 * of its own); returns the row after it. Record 0 is the header with its spanning lines. */
static guint record_end(const rd_block *b, guint r)
{
  for (r++; r < b->rows->len && rd_table_row_spans(b, r) && !rd_table_row_heading(b, r); r++)
    ;
  return r;
}

/* The face of row r, measured and drawn alike (word marks are per cluster of that face):
 * the header's 黑体 (also its spanning lines), a group heading's as the body's headings of
 * its level (黑体, 楷体, 仿宋), else 仿宋. */
static rd_font_role row_role(const rd_block *b, guint r)
{
  int level = rd_table_row_heading(b, r);
  if (r < record_end(b, 0) || level == 1)
    return RD_ROLE_HEITI;
  return level == 2 ? RD_ROLE_KAITI : RD_ROLE_FANGSONG;
}

typedef struct tcell {
  rd_para *p;
  GArray *lines;
} tcell;

/* A band of a record: a row's cells at the column widths, or a spanning line's one cell at
 * the whole width. */
typedef struct band {
  tcell *cells;
  int ncells;
  const double *colw;
  int lines;
  gboolean spans;   /* a spanning line: read as text, from the left */
} band;

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
static void model_add(width_model *m, int k, int c, GArray *units);
static GArray *cell_units(const rd_para *p);

/* What measuring learns of a cell's text in a face, at the size measured: tables repeat
 * their cells (levels, statuses, units, dates), so each distinct one is shaped once. */
typedef struct cell_key {
  const char *text;   /* the table's own cell, alive while it is measured */
  rd_font_role role;
} cell_key;

typedef struct cell_measure {
  cell_key key;
  double nat, min, hard;   /* natural, minimum and unbreakable widths, without the pads */
  GArray *units;           /* cell_units, copied for each sampled row */
  guint8 *bits;            /* rd_para_word_bits (NULL: none), copied for each cell */
  gsize nbits;             /* its bytes */
} cell_measure;

static guint cell_key_hash(gconstpointer k)
{
  const cell_key *a = k;
  return g_str_hash(a->text) * 31u + (guint)a->role;
}

static gboolean cell_key_equal(gconstpointer x, gconstpointer y)
{
  const cell_key *a = x, *b = y;
  return a->role == b->role && strcmp(a->text, b->text) == 0;
}

static void cell_measure_free(gpointer v)
{
  cell_measure *cm = v;
  g_array_free(cm->units, TRUE);
  g_free(cm->bits);
  g_free(cm);
}

static GHashTable *cell_measures_new(void)
{
  return g_hash_table_new_full(cell_key_hash, cell_key_equal, NULL, cell_measure_free);
}

/* The measure of text in role at size: from measured, or shaped, marked and let go now. */
static const cell_measure *measure_cell(lay *L, GHashTable *measured, const char *text,
                                        rd_font_role role, double size)
{
  cell_key key = { text, role };
  cell_measure *cm = g_hash_table_lookup(measured, &key);
  if (cm)
    return cm;
  rd_para *p = rd_para_simple(L->ts, text, role, size, 0);
  rd_para_mark_words(L->ts, p, TRUE);
  cm = g_new0(cell_measure, 1);
  cm->key = key;
  for (int i = 0; i < p->ncl; i++)
    cm->nat += p->cl[i].natural;
  cm->min = min_cell_width(p, size, FALSE);
  cm->hard = min_cell_width(p, size, TRUE);
  cm->units = cell_units(p);
  cm->bits = rd_para_word_bits(p);
  cm->nbits = cm->bits ? (gsize)(p->ncl + 7) / 8 : 0;
  rd_para_free(p);
  g_hash_table_insert(measured, &cm->key, cm);
  return cm;
}

static guint8 *copy_bits(const cell_measure *cm)
{
  return cm->bits ? g_memdup2(cm->bits, cm->nbits) : NULL;
}

/* Column widths at size: natural, minimum and unbreakable minimum of every column, each
 * distinct cell shaped once and let go at once, so that a table of 100,000 rows is never
 * held shaped; the cells of the rows m samples are kept as their unbreakable pieces for
 * optimise_widths. */
static void measure_columns(lay *L, const rd_block *b, int ncols, double size, double *minw,
                            double *natw, double *hardw, width_model *m, guint8 **words)
{
  GPtrArray *rows = b->rows;
  tgeo g = geometry(b, size);
  memset(minw, 0, sizeof(double) * ncols);
  memset(natw, 0, sizeof(double) * ncols);
  memset(hardw, 0, sizeof(double) * ncols);
  GHashTable *measured = cell_measures_new();
  for (guint r = 0; r < rows->len; r++) {
    GStrv row = g_ptr_array_index(rows, r);
    rd_font_role role = row_role(b, r);
    if (rd_table_row_spans(b, r)) {
      /* across the whole width: only its words, for the breaker */
      if (words) {
        g_free(words[r * ncols]);
        words[r * ncols] = copy_bits(measure_cell(L, measured, row[0], role, size));
      }
      continue;
    }
    for (int c = 0; c < ncols; c++) {
      const cell_measure *cm = measure_cell(L, measured, row[c], role, size);
      minw[c] = MAX(minw[c], cm->min + 2 * g.pad);
      /* a column is never narrower than its widest word (风险/类别, 东风街道), nor its
       * header than two characters (序号, 等级: ICU counts them as two words) */
      double hard = cm->hard;
      if (r == 0)
        hard = MAX(hard, MIN(cm->nat, 2 * size));
      hardw[c] = MAX(hardw[c], hard + 2 * g.pad);
      natw[c] = MAX(natw[c], cm->nat + 2 * g.pad);
      model_add(m, (int)r, c, cm->units);
      if (words) {
        g_free(words[r * ncols + c]);
        words[r * ncols + c] = copy_bits(cm);
      }
    }
  }
  g_hash_table_destroy(measured);
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
  if (!u)
    return 0;   /* a spanning line: no cell of the column */
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

/* Row r's cell c, when r is sampled: its own copy of the units measured. */
static void model_add(width_model *m, int r, int c, GArray *units)
{
  if (r % m->every)
    return;
  GArray **slot = &m->units[(r / m->every) * m->ncols + c];
  if (*slot)
    g_array_free(*slot, TRUE);   /* measured again at a smaller size */
  *slot = g_array_copy(units);
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

static void optimise_widths(lay *L, int ncols, const tgeo *g, const double *hardw,
                            const double *natw, width_model *mm, double *colw)
{
  double size = g->size;
  width_model m = *mm;
  double left = L->w;
  for (int c = 0; c < ncols; c++) {
    colw[c] = hardw[c];
    left -= colw[c];
    for (int k = 0; k < m.nrows; k++)
      m.lines[k * ncols + c] = cell_lines(m.units[k * ncols + c], colw[c] - 2 * g->pad);
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
          alt[k] = cell_lines(m.units[k * ncols + c], colw[c] + add - 2 * g->pad);
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
    measure_columns(L, b, ncols, size, minw, natw, hardw, &m, words);
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
  else if (shard <= L->w) {
    tgeo g = geometry(b, size);
    optimise_widths(L, ncols, &g, hardw, natw, &m, colw);
  }
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
  return table_columns(&L, b, ncols, colw, NULL);   /* no breaking: no word marks to keep */
}

/* The cells a table has shaped and broken, for the rows that repeat them at the same width
 * (levels, statuses, units, dates): a paragraph broken once at a width is the same for every
 * cell of that text and width, so the cells share it (rd_para_ref) with their own lines. At
 * most SHAPED_CELLS_KEPT are held, then let go all at once, so that a table of 100,000
 * distinct rows is never held shaped. */
#define SHAPED_CELLS_KEPT 4096

typedef struct shaped_key {
  const char *text;   /* the table's own cell, alive while the table is placed */
  rd_font_role role;
  double inner;       /* the width broken at */
} shaped_key;

typedef struct shaped_cell {
  shaped_key key;
  rd_para *p;
  GArray *lines;
} shaped_cell;

static guint shaped_key_hash(gconstpointer k)
{
  const shaped_key *a = k;
  gint64 w = (gint64)(a->inner * 1024);
  return (g_str_hash(a->text) * 31u + (guint)a->role) * 31u + (guint)(w ^ (w >> 32));
}

static gboolean shaped_key_equal(gconstpointer x, gconstpointer y)
{
  const shaped_key *a = x, *b = y;
  return a->role == b->role && a->inner == b->inner && strcmp(a->text, b->text) == 0;
}

static void shaped_cell_free(gpointer v)
{
  shaped_cell *sc = v;
  rd_para_free(sc->p);
  g_array_free(sc->lines, TRUE);
  g_free(sc);
}

static GHashTable *shaped_cells_new(void)
{
  return g_hash_table_new_full(shaped_key_hash, shaped_key_equal, NULL, shaped_cell_free);
}

/* Cell tc of text at inner width: shared from shaped when the table has broken it so, else
 * shaped and broken with its word marks (bits), and kept in shaped (unless NULL). */
static void shape_cell(lay *L, GHashTable *shaped, const char *text, rd_font_role role,
                       const tgeo *g, int line, const guint8 *bits, double inner, tcell *tc)
{
  shaped_key key = { text, role, inner };
  shaped_cell *sc = shaped ? g_hash_table_lookup(shaped, &key) : NULL;
  if (sc) {
    tc->p = rd_para_ref(sc->p);
    tc->lines = g_array_copy(sc->lines);
    return;
  }
  tc->p = rd_shape(L, text, role, g->size, 0, line);
  rd_para_set_word_bits(tc->p, bits);
  tc->lines = rd_para_break(tc->p, inner, inner, FALSE);
  if (!shaped)
    return;
  if (g_hash_table_size(shaped) >= SHAPED_CELLS_KEPT)
    g_hash_table_remove_all(shaped);
  sc = g_new(shaped_cell, 1);
  sc->key = key;
  sc->p = rd_para_ref(tc->p);
  sc->lines = g_array_copy(tc->lines);
  g_hash_table_insert(shaped, &sc->key, sc);
}

/* Shapes and breaks one band at its widths with the word marks measured (words: one per
 * cell), sharing what shaped holds (may be NULL); sets its line count. */
static void shape_band(lay *L, GHashTable *shaped, GStrv row, rd_font_role role,
                       const tgeo *g, int line, guint8 **words, band *bd)
{
  bd->lines = 1;
  for (int c = 0; c < bd->ncells; c++) {
    tcell *tc = &bd->cells[c];
    shape_cell(L, shaped, row[c], role, g, line, words[c], bd->colw[c] - 2 * g->pad, tc);
    bd->lines = MAX(bd->lines, (int)tc->lines->len);
  }
}

static void free_band(band *bd)
{
  for (int c = 0; c < bd->ncells; c++) {
    g_array_free(bd->cells[c].lines, TRUE);
    rd_para_free(bd->cells[c].p);
  }
}

/* Band k of nb: the row's space above the first band and below the last; between the
 * bands of a record only a rule (the pitch's own leading keeps the text off it). */
static double band_pad_top(const tgeo *g, int k)
{
  return k == 0 ? g->row_pad : 0;
}

static double band_pad_bottom(const tgeo *g, int k, int nb)
{
  return k == nb - 1 ? g->row_pad : 0;
}

static double band_height(const band *bd, const tgeo *g, int k, int nb)
{
  return bd->lines * g->pitch + band_pad_top(g, k) + band_pad_bottom(g, k, nb);
}

/* The rules of a band or part of one, y0 to y1 in the item: the top (when top), the columns,
 * and the bottom (when bottom). */
static void band_rules(rd_item *it, double w, const band *bd, double y0, double y1,
                       gboolean top, gboolean bottom)
{
  if (top)
    rd_item_hrule(it, 0, y0, w, RD_TABLE_RULE);
  double x = 0;
  for (int c = 0; c < bd->ncells; c++) {
    rd_item_vrule(it, x, y0, y1 - y0, RD_TABLE_RULE);
    x += bd->colw[c];
  }
  rd_item_vrule(it, w, y0, y1 - y0, RD_TABLE_RULE);
  if (bottom)
    rd_item_hrule(it, 0, y1, w, RD_TABLE_RULE);
}

/* A whole record, its bands one under the other: each cell's lines centred vertically in
 * its band; a header cell, and a one-line cell of a row, centred horizontally too (a
 * spanning line of data, and a group heading, read as text, from the left). */
static rd_item *record_item(lay *L, const band *bands, int nb, const tgeo *g, gboolean header)
{
  double h = 0;
  for (int k = 0; k < nb; k++)
    h += band_height(&bands[k], g, k, nb);
  rd_item *it = rd_item_new(h, FALSE);
  double y = 0;
  for (int k = 0; k < nb; k++) {
    const band *bd = &bands[k];
    double bh = band_height(bd, g, k, nb), x = 0;
    double top = band_pad_top(g, k), inner = bh - top - band_pad_bottom(g, k, nb);
    for (int c = 0; c < bd->ncells; c++) {
      const tcell *tc = &bd->cells[c];
      int n = (int)tc->lines->len;
      double y0 = y + top + (inner - n * g->pitch) / 2;
      for (int i = 0; i < n; i++) {
        rd_line *ln = &g_array_index(tc->lines, rd_line, i);
        gboolean centre = header || (n == 1 && !bd->spans);
        double lx = centre ? x + (bd->colw[c] - ln->width) / 2 : x + g->pad;
        double base = y0 + (i + 0.5) * g->pitch + RD_BASELINE_BELOW_CENTRE(g->size);
        rd_item_text(it, tc->p, ln, lx, base);
      }
      x += bd->colw[c];
    }
    band_rules(it, L->w, bd, y, y + bh, TRUE, k == nb - 1);
    y += bh;
  }
  return it;
}

/* Line i of band bd of a record too tall for a page, as an item of its own; g_line and total
 * count the record's lines over all its bands: the page builder may break between lines, at
 * least RD_TABLE_MIN_SPLIT_LINES a part. */
static rd_item *record_slice(lay *L, const band *bd, const tgeo *g, int i, int k, int nb,
                             int g_line, int total)
{
  gboolean first = i == 0, last = i == bd->lines - 1, last_band = k == nb - 1;
  double top = first ? band_pad_top(g, k) : 0;
  rd_item *it = rd_item_new(g->pitch + top + (last ? band_pad_bottom(g, k, nb) : 0), FALSE);
  double x = 0;
  for (int c = 0; c < bd->ncells; c++) {
    if (i < (int)bd->cells[c].lines->len) {
      rd_line *ln = &g_array_index(bd->cells[c].lines, rd_line, i);
      double base = top + 0.5 * g->pitch + RD_BASELINE_BELOW_CENTRE(g->size);
      rd_item_text(it, bd->cells[c].p, ln, x + g->pad, base);
    }
    x += bd->colw[c];
  }
  band_rules(it, L->w, bd, 0, it->h, first, last && last_band);
  it->close_rule = !(last && last_band);
  if (g_line > 0 && (g_line < RD_TABLE_MIN_SPLIT_LINES || g_line > total - RD_TABLE_MIN_SPLIT_LINES))
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


/* A record's bands for rows [r, end), shaped: the first at the column widths, the spanning
 * lines at the whole width (full). */
static int shape_record(lay *L, GHashTable *shaped, const rd_block *b, guint r, guint end,
                        int ncols, const tgeo *g, const double *colw, const double *full, guint8 **words,
                        tcell *cells, band *bands)
{
  int nb = 0;
  tcell *next = cells;
  for (guint k = r; k < end && !L->failed; k++, nb++) {
    gboolean spans = rd_table_row_spans(b, k);
    rd_font_role role = row_role(b, k);
    bands[nb] = (band){ next, spans ? 1 : ncols, spans ? full : colw, 0, spans };
    shape_band(L, shaped, g_ptr_array_index(b->rows, k), role, g, row_line(b, (int)k),
               words + (size_t)k * ncols, &bands[nb]);
    next += bands[nb].ncells;
  }
  return nb;
}

static void free_record(band *bands, int nb)
{
  for (int k = 0; k < nb; k++)
    free_band(&bands[k]);
}

/* Contributes a record: whole, or line by line when it is taller than a page under the
 * repeated header (and its group's continued heading, group, when it has one). */
static void contribute_record(lay *L, const band *bands, int nb, const tgeo *g, int penalty,
                              rd_item *repeat, rd_item *group)
{
  double full = 0;
  int total = 0;
  for (int k = 0; k < nb; k++) {
    full += band_height(&bands[k], g, k, nb);
    total += bands[k].lines;
  }
  if (full + repeat->h + (group ? group->h : 0) <= L->h) {
    rd_item *it = record_item(L, bands, nb, g, FALSE);
    it->penalty = penalty;
    it->head = repeat;
    it->group = group;
    rd_contribute(L, it);
    return;
  }
  int gl = 0;
  for (int k = 0; k < nb; k++)
    for (int i = 0; i < bands[k].lines; i++, gl++) {
      rd_item *it = record_slice(L, &bands[k], g, i, k, nb, gl, total);
      if (gl == 0)
        it->penalty = penalty;
      it->head = repeat;
      it->group = group;
      rd_contribute(L, it);
    }
}

/* The group heading of row r as a page that goes on with its group repeats it: its text and
 * the table's 续= wording after it (the template's, e.g. （续）), set like the heading. An
 * item the page builder clones; NULL when the layout failed. */
static rd_item *continued_heading(lay *L, const rd_block *b, guint r, const tgeo *g,
                                  const double *full)
{
  GStrv row = g_ptr_array_index(b->rows, r);
  char *cells[2] = { g_strconcat(row[0], b->continued, NULL), NULL };
  rd_font_role role = row_role(b, r);
  /* its own word marks: the heading's end where the wording starts */
  rd_para *p = rd_para_simple(L->ts, cells[0], role, g->size, 0);
  rd_para_mark_words(L->ts, p, TRUE);
  guint8 *bits = rd_para_word_bits(p);
  rd_para_free(p);
  tcell cell = { 0 };
  band bd = { &cell, 1, full, 0, TRUE };
  shape_band(L, NULL, cells, role, g, b->line, &bits, &bd);
  rd_item *it = L->failed ? NULL : record_item(L, &bd, 1, g, FALSE);
  free_band(&bd);
  g_free(bits);
  g_free(cells[0]);
  return it;
}

/* Lets the continued headings of groups go that no item on the builder's page points at any
 * more (those of earlier groups, once their last rows are on a finished page), but keep. */
static void release_groups(lay *L, GPtrArray *groups, const rd_item *keep)
{
  for (guint i = groups->len; i-- > 0;) {
    rd_item *gr = g_ptr_array_index(groups, i);
    gboolean used = gr == keep;
    for (guint k = 0; k < L->pending->len && !used; k++)
      used = ((rd_item *)g_ptr_array_index(L->pending, k))->group == gr;
    if (!used) {
      g_ptr_array_remove_index(groups, i);
      rd_item_free(gr);
    }
  }
}

/* The cost of a page break before each record of rows [first, len) (rd_table_row_heading
 * starts a group): a group's first RD_TABLE_KEEP_ROWS records stay with its heading (or the
 * table's header) and its last RD_TABLE_KEEP_ROWS stay together, a 合计 row stays with the
 * one before it; a page may break before a group heading (the header repeats above it),
 * but not between the header and a heading that opens the table. One value per record, in
 * order. */
static GArray *record_penalties(const rd_block *b, guint first)
{
  GArray *pen = g_array_new(FALSE, FALSE, sizeof(int));
  guint r = first;
  while (r < b->rows->len) {
    /* one group: an optional heading, then its data records */
    if (rd_table_row_heading(b, r)) {
      int p = r == first ? RD_PENALTY_INF : 0;
      g_array_append_val(pen, p);
      r = record_end(b, r);
    }
    int m = 0;
    for (guint q = r; q < b->rows->len && !rd_table_row_heading(b, q); q = record_end(b, q))
      m++;
    for (int i = 1; i <= m; i++, r = record_end(b, r)) {
      int p = i <= RD_TABLE_KEEP_ROWS || i > m - RD_TABLE_KEEP_ROWS + 1 ||
              is_total_row(g_ptr_array_index(b->rows, r)) ? RD_PENALTY_INF : 0;
      g_array_append_val(pen, p);
    }
  }
  return pen;
}

/* Contributes the records of a table, from row first, under its header (repeated on every
 * new page). */
static void place_rows(lay *L, GHashTable *shaped, const rd_block *b, guint first, int ncols,
                       const tgeo *g, const double *colw, const double *full, guint8 **words,
                       rd_item *repeat, tcell *cells, band *bands)
{
  GArray *pen = record_penalties(b, first);
  GPtrArray *groups = g_ptr_array_new();   /* continued headings rows may still point at */
  rd_item *group = NULL;                   /* the current group's */
  guint k = 0;
  for (guint r = first; r < b->rows->len && !L->failed; r = record_end(b, r), k++) {
    gboolean heading = rd_table_row_heading(b, r) != 0;
    int nb = shape_record(L, shaped, b, r, record_end(b, r), ncols, g, colw, full, words, cells,
                          bands);
    if (!L->failed)
      contribute_record(L, bands, nb, g, g_array_index(pen, int, k), repeat,
                        heading ? NULL : group);
    free_record(bands, nb);
    if (heading && b->continued && !L->failed) {
      /* the rows after it go on with this group */
      if ((group = continued_heading(L, b, r, g, full)))
        g_ptr_array_add(groups, group);
    }
    release_groups(L, groups, group);
  }
  /* rows of this table still on the builder's page point at these: freed with the layout */
  for (guint i = 0; i < groups->len; i++)
    g_ptr_array_add(L->heads, g_ptr_array_index(groups, i));
  g_ptr_array_free(groups, TRUE);
  g_array_free(pen, TRUE);
}

/* The longest record of a table, in rows (a row and its spanning lines). */
static guint longest_record(const rd_block *b)
{
  guint most = 1;
  for (guint r = 0; r < b->rows->len;) {
    guint end = record_end(b, r);
    most = MAX(most, end - r);
    r = end;
  }
  return most;
}

void rd_place_table(lay *L, const rd_block *b)
{
  GPtrArray *rows = b->rows;
  int ncols = (int)g_strv_length(g_ptr_array_index(rows, 0));
  double *colw = g_new0(double, ncols);
  double full = L->w;
  size_t ncells = (size_t)rows->len * ncols;
  guint8 **words = g_new0(guint8 *, ncells);
  double size = table_columns(L, b, ncols, colw, words);
  tgeo g = geometry(b, size);
  guint most = longest_record(b);
  band *bands = g_new0(band, most);
  tcell *cells = g_new0(tcell, ncols + most);
  guint first = record_end(b, 0);   /* the header and its spanning lines */
  GHashTable *shaped = shaped_cells_new();
  int hb = shape_record(L, shaped, b, 0, first, ncols, &g, colw, &full, words, cells, bands);
  rd_item *head = L->failed ? NULL : record_item(L, bands, hb, &g, TRUE);
  free_record(bands, hb);
  double split_start = RD_TABLE_MIN_SPLIT_LINES * g.pitch + 2 * g.row_pad;
  if (head && head->h + split_start > L->h) {
    rd_layout_fail(L, RD_TYPESET_ERROR_LAYOUT, "%s:%d: the table's header is taller than a page",
                   L->doc->name, b->line);
    rd_item_free(head);
  } else if (head) {
    /* the header placed first; a copy of it to repeat, sharing its text */
    rd_item *repeat = rd_item_new(head->h, FALSE);
    g_array_append_vals(repeat->ops, head->ops->data, head->ops->len);
    for (guint k = 0; k < head->paras->len; k++)
      g_ptr_array_add(repeat->paras, rd_para_ref(g_ptr_array_index(head->paras, k)));
    head->penalty = b->caption ? RD_PENALTY_INF : 0;
    rd_contribute(L, head);
    place_rows(L, shaped, b, first, ncols, &g, colw, &full, words, repeat, cells, bands);
    g_ptr_array_add(L->heads, repeat);   /* rows still on the builder's page point at it */
  }
  g_hash_table_destroy(shaped);
  for (size_t i = 0; i < ncells; i++)
    g_free(words[i]);
  g_free(words);
  g_free(bands);
  g_free(cells);
  g_free(colw);
}
