/* chart.c — the stacked bar chart (@图表): its geometry (rd_chart_paint, shared with the
 * DOCX picture of chart_png.c), and its PDF drawing: one item of 12 grid lines (or the page),
 * kept with its caption; axis steps of 1, 2 or 5 × 10ⁿ. */
#include <math.h>
#include "layout.h"
#include "level_colours.h"

/* The value-axis step: 1, 2 or 5 times a power of ten, so that at most five steps reach maxv
 * and every tick is a round number (1 2 5 10 20 50 …). */
static double axis_step(double maxv)
{
  static const double mantissa[] = { 1, 2, 5 };
  for (double decade = 1; decade < 1e12; decade *= 10)
    for (guint i = 0; i < G_N_ELEMENTS(mantissa); i++)
      if (maxv / (mantissa[i] * decade) <= 5)
        return mantissa[i] * decade;
  return 1e12;
}

static double cell_value(GStrv row, int series)
{
  return MAX(0, g_ascii_strtod(row[series + 1], NULL));
}

/* A label: align 0 starts at x, 1 centres on it, 2 ends at it. Returns its width. */
static double label(const rd_chart_painter *p, const char *text, double size, double x,
                    double baseline, int align)
{
  rd_para *para = p->shape(p->ctx, text, size);
  rd_line ln = { 0, para->ncl, 0 };
  ln.width = rd_para_set_natural(para, 0, para->ncl);
  if (align == 1)
    x -= ln.width / 2;
  else if (align == 2)
    x -= ln.width;
  p->text(p->ctx, para, &ln, x, baseline);
  rd_para_free(para);
  return ln.width;
}

void rd_chart_paint(const rd_block *b, double width, double height, const rd_chart_painter *p)
{
  GPtrArray *rows = b->rows;
  int nser = (int)g_strv_length(g_ptr_array_index(rows, 0)) - 1;
  int ncat = (int)rows->len - 1;
  if (nser < 1 || ncat < 1)
    return;
  double fs = RD_SIZE_5HAO;
  double legend_h = fs * 2, label_h = fs * 2.2, axis_w = fs * 3;
  double plot_top = legend_h, plot_h = height - legend_h - label_h;
  double plot_x = axis_w, plot_w = width - axis_w;
  double maxv = 0;
  for (int r = 1; r <= ncat; r++) {
    double sum = 0;
    for (int s = 0; s < nser; s++)
      sum += cell_value(g_ptr_array_index(rows, r), s);
    maxv = MAX(maxv, sum);
  }
  /* a round axis maximum */
  double step = axis_step(maxv);
  double axis_max = MAX(step, ceil(maxv / step) * step);
  for (double v = 0; v <= axis_max + RD_EPS; v += step) {
    double y = plot_top + plot_h - v / axis_max * plot_h;
    p->rule(p->ctx, plot_x, y, plot_w, v == 0 ? 0.8 : 0.25);
    char buf[32];
    g_snprintf(buf, sizeof buf, "%g", v);
    label(p, buf, fs, plot_x - fs * 0.4, y + fs * 0.35, 2);
  }
  double slot = plot_w / ncat, bw = slot * 0.6;
  for (int r = 1; r <= ncat; r++) {
    GStrv row = g_ptr_array_index(rows, r);
    double x = plot_x + (r - 1) * slot + (slot - bw) / 2, acc = 0;
    for (int s = 0; s < nser; s++) {
      double v = cell_value(row, s), h = v / axis_max * plot_h;
      if (h > 0)
        p->bar(p->ctx, x, plot_top + plot_h - (acc + v) / axis_max * plot_h, bw, h, s);
      acc += v;
    }
    label(p, row[0], fs, x + bw / 2, plot_top + plot_h + fs * 1.3, 1);
  }
  GStrv head = g_ptr_array_index(rows, 0);
  double lx = plot_x;
  for (int s = 0; s < nser; s++) {
    p->bar(p->ctx, lx, fs * 0.3, fs, fs * 0.8, s);
    lx += fs * 2 + label(p, head[s + 1], fs, lx + fs * 1.3, fs * 1.05, 0);
  }
}

/* ---- the PDF drawing: page-item operations ---- */

typedef struct item_painter {
  lay *L;
  rd_item *it;
  int line;          /* the block's source line, for a character no font has */
} item_painter;

static void item_bar(void *ctx, double x, double y, double w, double h, int series)
{
  rd_op *o = rd_item_op(((item_painter *)ctx)->it, OP_BAR);
  o->x = x;
  o->y = y;
  o->len = w;
  o->thick = h;
  guint32 rgb = rd_chart_colour(series);   /* the colours the workbook's charts use too */
  o->r = rd_colour_channel(rgb, 16);
  o->g = rd_colour_channel(rgb, 8);
  o->b = rd_colour_channel(rgb, 0);
}

static void item_rule(void *ctx, double x, double y, double len, double thick)
{
  rd_item_hrule(((item_painter *)ctx)->it, x, y, len, thick);
}

static rd_para *item_shape(void *ctx, const char *text, double size)
{
  item_painter *ip = ctx;
  return rd_shape(ip->L, text, RD_ROLE_FANGSONG, size, 0, ip->line);
}

static void item_text(void *ctx, rd_para *p, const rd_line *ln, double x, double baseline)
{
  rd_item_text(((item_painter *)ctx)->it, p, ln, x, baseline);
}

void rd_place_chart(lay *L, const rd_block *b)
{
  GPtrArray *rows = b->rows;
  int nser = (int)g_strv_length(g_ptr_array_index(rows, 0)) - 1;
  int ncat = (int)rows->len - 1;
  int cells = MIN(RD_CHART_LINES, (int)(L->h / RD_LINE_PITCH));
  if (b->caption)
    rd_place_caption(L, b->caption, b->line);
  if (nser < 1 || ncat < 1)
    return;
  double height = cells * RD_LINE_PITCH;
  rd_item *it = rd_item_new(height, TRUE);
  it->penalty = b->caption ? RD_PENALTY_INF : 0;   /* a chart stays with its caption */
  item_painter ip = { L, it, b->line };
  rd_chart_painter painter = { item_bar, item_rule, item_shape, item_text, &ip };
  rd_chart_paint(b, L->w, height, &painter);
  rd_contribute(L, it);
}
