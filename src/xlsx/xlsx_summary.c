/* xlsx_summary.c — the summary sheets: the figures of summary.json as tables, and two native
 * charts.
 *
 * One table per sheet (汇总 by category, 单位汇总, 社区汇总), each repeating its own header row
 * on every printed page — a sheet has only one set of print titles, so two tables on a sheet
 * would print one of them without column names. The charts have a sheet of their own (统计图),
 * one chart per printed page.
 *
 * Every count comes from the request's rd_aggregate, the same structure summary.json is written
 * from, so the workbook and summary.json cannot disagree. Tables are written top to bottom
 * (constant-memory mode); the charts read their data from the tables' cells.
 */
#include "level_colours.h"
#include "xlsx_internal.h"
#include "xlsx_layout.h"

enum { SHEET_CATEGORY, SHEET_UNIT, SHEET_COMMUNITY, SHEET_CHARTS };

/* templates/xlsx.ini keys: each sheet's name ([sheets]) and what its title adds to the list's
 * title ([titles]). */
static const char *const sheet_keys[RD_XLSX_SUMMARY_SHEETS] = {
  [SHEET_CATEGORY] = "categories", [SHEET_UNIT] = "units", [SHEET_COMMUNITY] = "communities",
  [SHEET_CHARTS] = "charts",
};

static const char *sheet_word(const rd_xlsx_writer *w, const char *group, int which)
{
  char key[32];
  g_snprintf(key, sizeof key, "%s.%s", group, sheet_keys[which]);
  return rd_xlsx_word(w, key);
}

/* Widths in Excel units (8 px): names up to 15 Chinese characters, figures of 4 digits under
 * a header wrapped to two lines (排查/总数), rates 100.0% under 中低风险/化解率 — so that the
 * widest table, 社区汇总, prints at 10 pt or more on A4. */
#define NAME_MIN_WIDTH 12
#define NAME_MAX_WIDTH 28
#define FIGURE_WIDTH 7
#define RATE_WIDTH 10            /* 100.0% under 中低风险 (4 characters of 12 pt bold) */
#define RATE_COLS 3              /* 化解率, 高风险化解率, 中低风险化解率 */

/* Rows of a table sheet: title, subtitle, header, then data. */
#define ROW_TITLE 0
#define ROW_SUBTITLE 1
#define ROW_HEADER 2
#define ROW_FIRST 3

typedef struct summary {
  rd_xlsx_writer *w;
  lxw_worksheet *ws;
  const char *sheet;
  char *title;                 /* the sheet's title, also its page header */
  lxw_row_t row;               /* next row to write */
  int n_cols;                  /* the table's columns */
} summary;

void rd_xlsx_reserve_summary_names(rd_xlsx_writer *w)
{
  for (int i = 0; i < RD_XLSX_SUMMARY_SHEETS; i++)
    w->summary_names[i] = rd_xlsx_sheet_name(w->sheet_names, sheet_word(w, "sheets", i));
}

/* ---- table sheets ---- */

/* Width (Excel units) of the name column: the longest name, in half-width characters. */
static double name_width(const rd_list_request *req)
{
  int width = 0;
  for (int i = 0; i < req->taxonomy->n_categories; i++)
    width = MAX(width, rd_xlsx_display_width(req->taxonomy->categories[i].display));
  for (guint i = 0; req->agg->units && i < req->agg->units->len; i++)
    width = MAX(width, rd_xlsx_display_width(g_array_index(req->agg->units, rd_unit_stat, i).name));
  for (guint i = 0; req->agg->communities && i < req->agg->communities->len; i++)
    width = MAX(width, rd_xlsx_display_width(
                         g_array_index(req->agg->communities, rd_community_stat, i).name));
  double units = rd_xlsx_column_units(width + RD_XLSX_WIDTH_PADDING, RD_XLSX_CELL_SIZE);
  return CLAMP(units, NAME_MIN_WIDTH, NAME_MAX_WIDTH);
}

static void subtitle_row(summary *s, gboolean with_targets)
{
  const rd_list_request *req = s->w->req;
  const rd_aggregate *agg = req->agg;
  char start[32], end[32], report[32];
  GString *text = g_string_new(NULL);
  if (agg->period.start && agg->period.end)
    g_string_append_printf(text, "统计期间：%s至%s　", rd_day_format_cn(agg->period.start, start),
                           rd_day_format_cn(agg->period.end, end));
  g_string_append_printf(text, "统计截至：%s", rd_day_format_cn(req->report_date, report));
  if (with_targets)  /* on a line of its own: the tables with rates are narrow */
    g_string_append_printf(text, "\n化解率目标：高风险%g%%，中低风险%g%%（低于目标标红）",
                           req->profile->target_high * 100, req->profile->target_medium_low * 100);
  worksheet_set_row(s->ws, ROW_SUBTITLE, (with_targets ? 2 : 1) * RD_XLSX_GROUP_HEIGHT, NULL);
  rd_xlsx_put_merged(s->w, s->ws, ROW_SUBTITLE, (lxw_col_t)(s->n_cols - 1), text->str,
                     s->w->subtitle);
  g_string_free(text, TRUE);
}

/* A table sheet up to its header row, its rate columns (if any) from rate_col on; FALSE
 * (error recorded) when the sheet cannot be added. Widths first: constant-memory mode writes
 * them with the first row. */
static gboolean open_table(summary *s, rd_xlsx_writer *w, int which, const char *const *headers,
                           int n, int rate_col)
{
  s->w = w;
  s->sheet = w->summary_names[which];
  s->n_cols = n;
  s->ws = workbook_add_worksheet(w->wb, s->sheet);
  if (!s->ws) {
    rd_xlsx_check(w, LXW_ERROR_SHEETNAME_ALREADY_USED, s->sheet);
    return FALSE;
  }
  s->title = g_strdup_printf("%s（%s）", w->req->title, sheet_word(w, "titles", which));
  /* column ranges must not overlap: a viewer takes the first width it reads */
  int figures_end = rate_col > 0 ? rate_col - 1 : n - 1;
  double names = name_width(w->req);
  worksheet_set_column(s->ws, 0, 0, names, NULL);
  worksheet_set_column(s->ws, 1, (lxw_col_t)figures_end, FIGURE_WIDTH, NULL);
  if (rate_col > 0)
    worksheet_set_column(s->ws, (lxw_col_t)rate_col, (lxw_col_t)(rate_col + RATE_COLS - 1),
                         RATE_WIDTH, NULL);
  /* a narrow table wraps the title: as many lines as it takes */
  double px = rd_xlsx_column_px(names) + figures_end * rd_xlsx_column_px(FIGURE_WIDTH) +
              (rate_col > 0 ? RATE_COLS * rd_xlsx_column_px(RATE_WIDTH) : 0);
  int capacity = (int)((px - 2 * RD_XLSX_CELL_INSET_PX) /
                       (RD_XLSX_TITLE_SIZE * RD_XLSX_PX_PER_PT / 2));
  int lines = rd_xlsx_wrapped_lines(s->title, capacity);
  worksheet_set_row(s->ws, ROW_TITLE, MAX(RD_XLSX_TITLE_HEIGHT, lines * RD_XLSX_TITLE_LINE), NULL);
  rd_xlsx_put_merged(w, s->ws, ROW_TITLE, (lxw_col_t)(n - 1), s->title, w->title);
  subtitle_row(s, rate_col > 0);
  worksheet_set_row(s->ws, ROW_HEADER, RD_XLSX_HEADER_HEIGHT, NULL);
  for (int c = 0; c < n; c++)
    rd_xlsx_put_text(w, s->ws, ROW_HEADER, (lxw_col_t)c, headers[c], w->header);
  s->row = ROW_FIRST;
  return TRUE;
}

/* Frozen header, print setup with the header as print titles. */
static void close_table(summary *s)
{
  worksheet_freeze_panes(s->ws, ROW_FIRST, 1);
  rd_xlsx_print_setup(s->w, s->ws, ROW_HEADER, ROW_HEADER, (lxw_col_t)(s->n_cols - 1),
                      s->row > ROW_FIRST ? s->row - 1 : ROW_HEADER, s->title);
  g_free(s->title);
}

static void counts_cells(summary *s, lxw_col_t col, const rd_counts *c, lxw_format *f)
{
  const int values[] = { c->total, c->level[RD_LEVEL_HIGH], c->level[RD_LEVEL_MEDIUM],
                         c->level[RD_LEVEL_LOW], c->resolved, c->open, c->overdue };
  for (guint i = 0; i < G_N_ELEMENTS(values); i++)
    rd_xlsx_put_number(s->w, s->ws, s->row, col + (lxw_col_t)i, values[i], f);
}

/* 化解率 overall, of 高, of 中 and 低 together (domain.md): a blank cell when there is no row
 * to resolve. */

static void rate_cells(summary *s, lxw_col_t col, const rd_counts *c)
{
  const double rates[RATE_COLS] = {
    rd_rate(c->resolved, c->total),
    rd_rate(c->resolved_level[RD_LEVEL_HIGH], c->level[RD_LEVEL_HIGH]),
    rd_counts_rate_medium_low(c),
  };
  for (int i = 0; i < RATE_COLS; i++) {
    if (rates[i] < 0)
      rd_xlsx_put_text(s->w, s->ws, s->row, col + (lxw_col_t)i, "", s->w->rate);
    else
      rd_xlsx_put_number(s->w, s->ws, s->row, col + (lxw_col_t)i, rates[i], s->w->rate);
  }
}

/* The level rates below the profile's targets, marked red (re-evaluated when someone edits a
 * rate). A blank rate (nothing to resolve) is not below target. */
static void mark_below_target(summary *s, lxw_col_t col)
{
  if (s->row <= ROW_FIRST)
    return;
  const double targets[] = { s->w->req->profile->target_high,
                             s->w->req->profile->target_medium_low };
  for (int i = 0; i < 2; i++) {
    lxw_col_t c = col + 1 + (lxw_col_t)i;
    char name[8], formula[128];
    lxw_col_to_name(name, c, FALSE);
    g_snprintf(formula, sizeof formula, "=AND(ISNUMBER(%s%u),%s%u<%.15g)", name, ROW_FIRST + 1,
               name, ROW_FIRST + 1, targets[i]);
    lxw_conditional_format below = { 0 };
    below.type = LXW_CONDITIONAL_TYPE_FORMULA;
    below.value_string = formula;
    below.format = s->w->high;
    rd_xlsx_check(s->w, worksheet_conditional_format_range(s->ws, ROW_FIRST, c, s->row - 1, c,
                                                           &below), "设置条件格式");
  }
}

/* 汇总: by category × level, in taxonomy order, then 合计. */
static void category_sheet(rd_xlsx_writer *w)
{
  static const char *const headers[] = { "风险类别", "排查\n总数", "高", "中", "低",
                                          "已化解", "未化解", "超期" };
  const rd_list_request *req = w->req;
  summary s;
  if (!open_table(&s, w, SHEET_CATEGORY, headers, G_N_ELEMENTS(headers), 0))
    return;
  for (int i = 0; i < req->agg->n_categories && i < req->taxonomy->n_categories; i++) {
    const rd_category *cat = &req->taxonomy->categories[i];
    rd_xlsx_put_text(w, s.ws, s.row, 0, cat->display ? cat->display : cat->name, w->centre);
    counts_cells(&s, 1, &req->agg->by_category[i], w->number);
    s.row++;
  }
  rd_xlsx_put_text(w, s.ws, s.row, 0, "合计", w->total_label);
  counts_cells(&s, 1, &req->agg->totals, w->total_number);
  s.row++;
  close_table(&s);
}

/* 单位汇总: by unit × status. Resolved = the unit's rows (lead + support) that are not open. */
static void unit_sheet(rd_xlsx_writer *w)
{
  static const char *const headers[] = { "责任单位", "牵头", "配合", "未化解", "超期", "已化解",
                                          "化解率", "高风险\n化解率", "中低风险\n化解率" };
  const GArray *units = w->req->agg->units;
  summary s;
  if (!open_table(&s, w, SHEET_UNIT, headers, G_N_ELEMENTS(headers), 6))
    return;
  for (guint i = 0; units && i < units->len; i++) {
    const rd_unit_stat *u = &g_array_index(units, rd_unit_stat, i);
    const int values[] = { u->lead, u->support, u->open, u->overdue,
                           u->lead + u->support - u->open };
    rd_xlsx_put_text(w, s.ws, s.row, 0, u->name, w->centre);
    for (guint c = 0; c < G_N_ELEMENTS(values); c++)
      rd_xlsx_put_number(w, s.ws, s.row, (lxw_col_t)(c + 1), values[c], w->number);
    rate_cells(&s, 6, &u->c);
    s.row++;
  }
  mark_below_target(&s, 6);
  close_table(&s);
}

/* 社区汇总: the community ranking, as the notice's 附件1 lists it, and its 化解率. */
static void community_sheet(rd_xlsx_writer *w)
{
  /* the widest table: long headers broken where a reader would, so that the figures'
   * columns stay narrow enough for A4 */
  static const char *const headers[] = { "社区", "排查\n总数", "高", "中", "低", "已化解",
                                          "未化解", "超期", "风险\n分值", "排名", "风险\n等级",
                                          "排名\n变化", "化解率", "高风险\n化解率",
                                          "中低风险\n化解率" };
  const rd_aggregate *agg = w->req->agg;
  summary s;
  if (!open_table(&s, w, SHEET_COMMUNITY, headers, G_N_ELEMENTS(headers), 12))
    return;
  for (guint i = 0; agg->communities && i < agg->communities->len; i++) {
    const rd_community_stat *c = &g_array_index(agg->communities, rd_community_stat, i);
    rd_xlsx_put_text(w, s.ws, s.row, 0, c->name, w->centre);
    counts_cells(&s, 1, &c->c, w->number);
    rd_xlsx_put_number(w, s.ws, s.row, 8, c->score, w->number);
    rd_xlsx_put_number(w, s.ws, s.row, 9, c->rank, w->number);
    rd_xlsx_put_number(w, s.ws, s.row, 10, c->risk_class, w->risk_class);
    if (agg->has_previous && c->prev_rank > 0)
      rd_xlsx_put_number(w, s.ws, s.row, 11, c->rank - c->prev_rank, w->rank_change);
    else
      rd_xlsx_put_text(w, s.ws, s.row, 11, agg->has_previous ? "新增" : "", w->centre);
    rate_cells(&s, 12, &c->c);
    s.row++;
  }
  mark_below_target(&s, 12);
  close_table(&s);
}

/* ---- charts ---- */

/* Horizontal bars that read like the notice's chart in Excel, WPS and LibreOffice: the
 * category axis reversed so that the first category (taxonomy order, or the unit with most
 * open risks) is at the top, and the value axis crossing it at its maximum — the bottom — so
 * that bars grow rightwards from the axis and the values read along the bottom. */
static void style_chart(rd_xlsx_writer *w, lxw_chart *chart, const char *title)
{
  lxw_chart_font title_font = { 0 };
  title_font.name = (char *)w->cell_font;
  title_font.size = RD_XLSX_HEADER_SIZE + 2;
  title_font.bold = LXW_TRUE;
  lxw_chart_font font = { 0 };
  font.name = (char *)w->cell_font;
  font.size = RD_XLSX_CHART_FONT_SIZE;
  chart_title_set_name(chart, title);
  chart_title_set_name_font(chart, &title_font);
  chart_axis_set_num_font(chart->x_axis, &font);
  chart_axis_set_num_font(chart->y_axis, &font);
  chart_legend_set_font(chart, &font);
  chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
  /* libxlsxwriter's bar chart: x_axis is the (horizontal) value axis, y_axis the categories */
  chart_axis_set_reverse(chart->y_axis);
  chart_axis_set_crossing_max(chart->y_axis);
  chart_axis_set_min(chart->x_axis, 0);
}

static void series_style(lxw_chart_series *series, guint32 rgb, lxw_chart_font *label_font)
{
  lxw_chart_fill fill = { 0 };
  fill.color = rgb;
  chart_series_set_fill(series, &fill);
  lxw_chart_line line = { 0 };
  line.none = LXW_TRUE;
  chart_series_set_line(series, &line);
  /* values on the bars; a zero (no bar) shows nothing */
  chart_series_set_labels(series);
  chart_series_set_labels_num_format(series, "0;;;");
  chart_series_set_labels_font(series, label_font);
}

static void insert_chart(rd_xlsx_writer *w, lxw_worksheet *ws, lxw_chart *chart, lxw_row_t row)
{
  lxw_chart_options opt = { 0 };
  opt.x_scale = (double)RD_XLSX_CHART_WIDTH / 480.0;   /* libxlsxwriter's default 480×288 */
  opt.y_scale = (double)RD_XLSX_CHART_HEIGHT / 288.0;
  rd_xlsx_check(w, worksheet_insert_chart_opt(ws, row, 0, chart, &opt), "插入图表");
}

/* Bars by category, stacked by level (高/中/低 columns of 汇总), in the levels' colours. */
static void category_chart(rd_xlsx_writer *w, lxw_worksheet *ws, lxw_row_t at)
{
  int n = w->req->agg->n_categories;
  if (n == 0)
    return;
  const char *data = w->summary_names[SHEET_CATEGORY];
  lxw_chart *chart = workbook_add_chart(w->wb, LXW_CHART_BAR_STACKED);
  lxw_chart_font label_font = { 0 };
  label_font.name = (char *)w->cell_font;
  label_font.size = RD_XLSX_CHART_FONT_SIZE;
  label_font.color = LXW_COLOR_WHITE;
  for (int level = 0; level < RD_LEVEL_COUNT; level++) {
    lxw_col_t col = (lxw_col_t)(2 + level);
    lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(series, data, ROW_FIRST, 0, ROW_FIRST + (lxw_row_t)n - 1, 0);
    chart_series_set_values(series, data, ROW_FIRST, col, ROW_FIRST + (lxw_row_t)n - 1, col);
    chart_series_set_name_range(series, data, ROW_HEADER, col);
    series_style(series, rd_level_colour((rd_level)level), &label_font);
  }
  chart_set_series_gap(chart, 60);
  style_chart(w, chart, rd_xlsx_word(w, "charts.categories"));
  insert_chart(w, ws, chart, at);
}

/* Bars of the units with most open risks (单位汇总 is sorted by open, descending). */
static void unit_chart(rd_xlsx_writer *w, lxw_worksheet *ws, lxw_row_t at)
{
  const GArray *units = w->req->agg->units;
  guint n = units ? MIN(units->len, RD_XLSX_CHART_TOP_UNITS) : 0;
  if (n == 0)
    return;
  const char *data = w->summary_names[SHEET_UNIT];
  lxw_chart *chart = workbook_add_chart(w->wb, LXW_CHART_BAR);
  lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
  chart_series_set_categories(series, data, ROW_FIRST, 0, ROW_FIRST + n - 1, 0);
  chart_series_set_values(series, data, ROW_FIRST, 3, ROW_FIRST + n - 1, 3);
  chart_series_set_name(series, rd_xlsx_word(w, "charts.units_series"));
  lxw_chart_font label_font = { 0 };
  label_font.name = (char *)w->cell_font;
  label_font.size = RD_XLSX_CHART_FONT_SIZE;
  /* not a level: the first colour after the levels' */
  series_style(series, rd_chart_colour(RD_LEVEL_COUNT + 2), &label_font);
  chart_series_set_labels_position(series, LXW_CHART_LABEL_POSITION_OUTSIDE_END);
  chart_set_series_gap(chart, 60);
  style_chart(w, chart, rd_xlsx_word(w, "charts.units"));
  chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
  insert_chart(w, ws, chart, at);
}

/* 统计图: a title row (repeated), then each chart on its own printed page. */
static void chart_sheet(rd_xlsx_writer *w)
{
  const char *name = w->summary_names[SHEET_CHARTS];
  lxw_worksheet *ws = workbook_add_worksheet(w->wb, name);
  if (!ws) {
    rd_xlsx_check(w, LXW_ERROR_SHEETNAME_ALREADY_USED, name);
    return;
  }
  /* the columns the charts cover at the default width (64 px) */
  lxw_col_t last_col = (lxw_col_t)(RD_XLSX_CHART_WIDTH / 64);
  char *title = g_strdup_printf("%s（%s）", w->req->title, sheet_word(w, "titles", SHEET_CHARTS));
  worksheet_set_row(ws, 0, RD_XLSX_TITLE_HEIGHT, NULL);
  rd_xlsx_put_merged(w, ws, 0, last_col, title, w->title);
  lxw_row_t second = 1 + RD_XLSX_CHART_ROWS;
  category_chart(w, ws, 1);
  unit_chart(w, ws, second);
  lxw_row_t breaks[] = { second, 0 };
  rd_xlsx_check(w, worksheet_set_h_pagebreaks(ws, breaks), "设置分页");
  rd_xlsx_print_setup(w, ws, 0, 0, last_col, second + RD_XLSX_CHART_ROWS, title);
  g_free(title);
}

void rd_xlsx_write_summary(rd_xlsx_writer *w)
{
  category_sheet(w);
  if (w->error == LXW_NO_ERROR)
    unit_sheet(w);
  if (w->error == LXW_NO_ERROR)
    community_sheet(w);
  if (w->error == LXW_NO_ERROR)
    chart_sheet(w);
}
