/* chart.c — the stacked bar chart (@图表): one item of 12 grid lines (or the page), kept
 * with its caption; axis steps of 1, 2 or 5 × 10ⁿ. */
#include <math.h>
#include "layout.h"
#include "level_colours.h"

static void add_bar(rd_item *it, double x, double y, double w, double h, int series)
{
  rd_op *o = rd_item_op(it, OP_BAR);
  o->x = x;
  o->y = y;
  o->len = w;
  o->thick = h;
  guint32 rgb = rd_chart_colour(series);   /* the colours the workbook's charts use too */
  o->r = rd_colour_channel(rgb, 16);
  o->g = rd_colour_channel(rgb, 8);
  o->b = rd_colour_channel(rgb, 0);
}

static void place_label(lay *L, rd_item *it, const char *text, double size, double x,
                        double baseline, int align, int line)
{
  rd_para *p = rd_shape(L, text, RD_ROLE_FANGSONG, size, 0, line);
  rd_line ln = { 0, p->ncl, 0 };
  ln.width = rd_para_set_natural(p, 0, p->ncl);
  if (align == 1)
    x -= ln.width / 2;
  else if (align == 2)
    x -= ln.width;
  rd_item_text(it, p, &ln, x, baseline);
  rd_para_free(p);
}

double rd_chart_axis_step(double maxv)
{
  static const double mantissa[] = { 1, 2, 5 };
  for (double decade = 1; decade < 1e12; decade *= 10)
    for (guint i = 0; i < G_N_ELEMENTS(mantissa); i++)
      if (maxv / (mantissa[i] * decade) <= 5)
        return mantissa[i] * decade;
  return 1e12;
}

void rd_place_chart(lay *L, const rd_block *b)
{
  GPtrArray *rows = b->rows;
  int nser = (int)g_strv_length(g_ptr_array_index(rows, 0)) - 1;
  int ncat = (int)rows->len - 1;
  int cells = MIN(12, (int)(L->h / RD_LINE_PITCH));
  if (b->caption)
    rd_place_caption(L, b->caption, b->line);
  if (nser < 1 || ncat < 1)
    return;
  const double top = 0;
  double height = cells * RD_LINE_PITCH;
  rd_item *it = rd_item_new(height, TRUE);
  it->penalty = b->caption ? RD_PENALTY_INF : 0;   /* a chart stays with its caption */
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
  double step = rd_chart_axis_step(maxv);
  double axis_max = MAX(step, ceil(maxv / step) * step);
  for (double v = 0; v <= axis_max + RD_EPS; v += step) {
    double y = plot_top + plot_h - v / axis_max * plot_h;
    rd_item_hrule(it, plot_x, y, plot_w, v == 0 ? 0.8 : 0.25);
    char buf[32];
    g_snprintf(buf, sizeof buf, "%g", v);
    place_label(L, it, buf, fs, plot_x - fs * 0.4, y + fs * 0.35, 2, b->line);
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
        add_bar(it, x, y1, bw, hh, s);
      acc += v;
    }
    place_label(L, it, row[0], fs, x + bw / 2, plot_top + plot_h + fs * 1.3, 1, b->line);
  }
  GStrv head = g_ptr_array_index(rows, 0);
  double lx = plot_x;
  for (int s = 0; s < nser; s++) {
    add_bar(it, lx, top + fs * 0.3, fs, fs * 0.8, s);
    rd_para *p = rd_shape(L, head[s + 1], RD_ROLE_FANGSONG, fs, 0, b->line);
    rd_line ln = { 0, p->ncl, 0 };
    ln.width = rd_para_set_natural(p, 0, p->ncl);
    rd_item_text(it, p, &ln, lx + fs * 1.3, top + fs * 1.05);
    rd_para_free(p);
    lx += fs * 2 + ln.width;
  }
  rd_contribute(L, it);
}

