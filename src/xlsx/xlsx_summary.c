/* xlsx_summary.c — the 汇总 sheet: the figures of summary.json as tables, and two native charts.
 *
 * Every count comes from the request's rd_aggregate, the same structure summary.json is written
 * from, so the workbook and summary.json cannot disagree. Tables are written top to bottom
 * (constant-memory mode); the charts read their data from the tables' cells.
 */
#include "xlsx_internal.h"
#include "xlsx_layout.h"

#define SUMMARY_COLS 12          /* the widest table: the community ranking */
#define NAME_MIN_WIDTH 14
#define NAME_MAX_WIDTH 30
#define FIGURE_WIDTH 10

typedef struct summary {
  rd_xlsx_writer *w;
  lxw_worksheet *ws;
  const char *sheet;
  lxw_row_t row;               /* next row to write */
} summary;

static void header_row(summary *s, const char *const *headers, int n)
{
  worksheet_set_row(s->ws, s->row, RD_XLSX_HEADER_HEIGHT, NULL);
  for (int c = 0; c < n; c++)
    rd_xlsx_put_text(s->w, s->ws, s->row, (lxw_col_t)c, headers[c], s->w->header);
  s->row++;
}

static void section_row(summary *s, const char *text)
{
  s->row++;  /* a blank row before each section */
  worksheet_set_row(s->ws, s->row, RD_XLSX_GROUP_HEIGHT, NULL);
  rd_xlsx_put_merged(s->w, s->ws, s->row++, SUMMARY_COLS - 1, text, s->w->section);
}

static void counts_cells(summary *s, lxw_col_t col, const rd_counts *c, lxw_format *f)
{
  const int values[] = { c->total, c->level[RD_LEVEL_HIGH], c->level[RD_LEVEL_MEDIUM],
                         c->level[RD_LEVEL_LOW], c->resolved, c->open, c->overdue };
  for (guint i = 0; i < G_N_ELEMENTS(values); i++)
    rd_xlsx_put_number(s->w, s->ws, s->row, col + (lxw_col_t)i, values[i], f);
}

/* 一、by category × level; returns the first data row (the chart reads it). */
static lxw_row_t category_table(summary *s, lxw_row_t *header)
{
  static const char *const headers[] = { "风险类别", "排查总数", "高", "中", "低",
                                          "已化解", "未化解", "超期" };
  const rd_list_request *req = s->w->req;
  section_row(s, "一、风险类别及等级统计");
  *header = s->row;
  header_row(s, headers, G_N_ELEMENTS(headers));
  lxw_row_t first = s->row;
  for (int i = 0; i < req->agg->n_categories && i < req->taxonomy->n_categories; i++) {
    const rd_category *cat = &req->taxonomy->categories[i];
    rd_xlsx_put_text(s->w, s->ws, s->row, 0, cat->display ? cat->display : cat->name,
                     s->w->centre);
    counts_cells(s, 1, &req->agg->by_category[i], s->w->number);
    s->row++;
  }
  rd_xlsx_put_text(s->w, s->ws, s->row, 0, "合计", s->w->total_label);
  counts_cells(s, 1, &req->agg->totals, s->w->total_number);
  s->row++;
  return first;
}

/* 二、by unit × status. Resolved = the unit's rows (lead + support) that are not open. */
static lxw_row_t unit_table(summary *s)
{
  static const char *const headers[] = { "责任单位", "牵头", "配合", "未化解", "超期", "已化解" };
  const GArray *units = s->w->req->agg->units;
  section_row(s, "二、责任单位化解情况");
  header_row(s, headers, G_N_ELEMENTS(headers));
  lxw_row_t first = s->row;
  for (guint i = 0; units && i < units->len; i++) {
    const rd_unit_stat *u = &g_array_index(units, rd_unit_stat, i);
    const int values[] = { u->lead, u->support, u->open, u->overdue,
                           u->lead + u->support - u->open };
    rd_xlsx_put_text(s->w, s->ws, s->row, 0, u->name, s->w->centre);
    for (guint c = 0; c < G_N_ELEMENTS(values); c++)
      rd_xlsx_put_number(s->w, s->ws, s->row, (lxw_col_t)(c + 1), values[c], s->w->number);
    s->row++;
  }
  return first;
}

/* 三、the community ranking, as the notice's 附件1 lists it. */
static void community_table(summary *s)
{
  static const char *const headers[] = { "社区", "排查总数", "高", "中", "低", "已化解",
                                          "未化解", "超期", "风险分值", "排名", "风险等级",
                                          "排名变化" };
  const rd_aggregate *agg = s->w->req->agg;
  section_row(s, "三、社区风险等级评定");
  header_row(s, headers, G_N_ELEMENTS(headers));
  for (guint i = 0; agg->communities && i < agg->communities->len; i++) {
    const rd_community_stat *c = &g_array_index(agg->communities, rd_community_stat, i);
    rd_xlsx_put_text(s->w, s->ws, s->row, 0, c->name, s->w->centre);
    counts_cells(s, 1, &c->c, s->w->number);
    rd_xlsx_put_number(s->w, s->ws, s->row, 8, c->score, s->w->number);
    rd_xlsx_put_number(s->w, s->ws, s->row, 9, c->rank, s->w->number);
    rd_xlsx_put_number(s->w, s->ws, s->row, 10, c->risk_class, s->w->risk_class);
    if (agg->has_previous && c->prev_rank > 0)
      rd_xlsx_put_number(s->w, s->ws, s->row, 11, c->rank - c->prev_rank, s->w->rank_change);
    else
      rd_xlsx_put_text(s->w, s->ws, s->row, 11, agg->has_previous ? "新增" : "", s->w->centre);
    s->row++;
  }
}

static void chart_fonts(summary *s, lxw_chart *chart, const char *title)
{
  lxw_chart_font title_font = { 0 };
  title_font.name = (char *)s->w->cell_font;
  title_font.size = RD_XLSX_HEADER_SIZE;
  title_font.bold = LXW_TRUE;
  lxw_chart_font font = { 0 };
  font.name = (char *)s->w->cell_font;
  font.size = 10;
  chart_title_set_name(chart, title);
  chart_title_set_name_font(chart, &title_font);
  chart_axis_set_num_font(chart->x_axis, &font);
  chart_axis_set_num_font(chart->y_axis, &font);
  chart_legend_set_font(chart, &font);
  /* Horizontal bars list categories bottom-up; reverse so they read in table order. */
  chart_axis_set_reverse(chart->x_axis);
}

static void insert_chart(summary *s, lxw_chart *chart, lxw_row_t row)
{
  lxw_chart_options opt = { 0 };
  opt.x_scale = (double)RD_XLSX_CHART_WIDTH / 480.0;   /* libxlsxwriter's default 480×288 */
  opt.y_scale = (double)RD_XLSX_CHART_HEIGHT / 288.0;
  rd_xlsx_check(s->w, worksheet_insert_chart_opt(s->ws, row, 0, chart, &opt), "插入图表");
}

/* Bar chart by category, stacked by level (高/中/低 columns of table 一). */
static void category_chart(summary *s, lxw_row_t header, lxw_row_t first, lxw_row_t at)
{
  int n = s->w->req->agg->n_categories;
  if (n == 0)
    return;
  lxw_chart *chart = workbook_add_chart(s->w->wb, LXW_CHART_BAR_STACKED);
  for (lxw_col_t col = 2; col <= 4; col++) {
    lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
    chart_series_set_categories(series, s->sheet, first, 0, first + (lxw_row_t)n - 1, 0);
    chart_series_set_values(series, s->sheet, first, col, first + (lxw_row_t)n - 1, col);
    chart_series_set_name_range(series, s->sheet, header, col);
  }
  chart_fonts(s, chart, "各类别风险隐患（按等级）");
  insert_chart(s, chart, at);
}

/* Bar chart of the units with most open risks (table 二 is sorted by open, descending). */
static void unit_chart(summary *s, lxw_row_t first, lxw_row_t at)
{
  const GArray *units = s->w->req->agg->units;
  guint n = units ? MIN(units->len, RD_XLSX_CHART_TOP_UNITS) : 0;
  if (n == 0)
    return;
  lxw_chart *chart = workbook_add_chart(s->w->wb, LXW_CHART_BAR);
  lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
  chart_series_set_categories(series, s->sheet, first, 0, first + n - 1, 0);
  chart_series_set_values(series, s->sheet, first, 3, first + n - 1, 3);
  chart_series_set_name(series, "未化解");
  chart_fonts(s, chart, "未化解风险隐患最多的责任单位");
  chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
  insert_chart(s, chart, at);
}

static int name_width(const rd_list_request *req)
{
  int width = NAME_MIN_WIDTH;
  for (int i = 0; i < req->taxonomy->n_categories; i++)
    width = MAX(width, rd_xlsx_display_width(req->taxonomy->categories[i].display));
  for (guint i = 0; req->agg->units && i < req->agg->units->len; i++)
    width = MAX(width, rd_xlsx_display_width(g_array_index(req->agg->units, rd_unit_stat, i).name));
  for (guint i = 0; req->agg->communities && i < req->agg->communities->len; i++)
    width = MAX(width, rd_xlsx_display_width(
                         g_array_index(req->agg->communities, rd_community_stat, i).name));
  return MIN(NAME_MAX_WIDTH, width + RD_XLSX_WIDTH_PADDING);
}

static void subtitle_row(summary *s)
{
  const rd_aggregate *agg = s->w->req->agg;
  char start[32], end[32], report[32];
  GString *text = g_string_new(NULL);
  if (agg->period.start && agg->period.end)
    g_string_append_printf(text, "统计期间：%s至%s　", rd_day_format_cn(agg->period.start, start),
                           rd_day_format_cn(agg->period.end, end));
  g_string_append_printf(text, "统计截至：%s", rd_day_format_cn(s->w->req->report_date, report));
  rd_xlsx_put_merged(s->w, s->ws, s->row++, SUMMARY_COLS - 1, text->str, s->w->subtitle);
  g_string_free(text, TRUE);
}

void rd_xlsx_write_summary(rd_xlsx_writer *w, const char *sheet_name)
{
  lxw_worksheet *ws = workbook_add_worksheet(w->wb, sheet_name);
  if (!ws) {
    rd_xlsx_check(w, LXW_ERROR_SHEETNAME_ALREADY_USED, sheet_name);
    return;
  }
  summary s = { w, ws, sheet_name, 0 };
  worksheet_set_column(ws, 0, 0, name_width(w->req), NULL);
  worksheet_set_column(ws, 1, SUMMARY_COLS - 1, FIGURE_WIDTH, NULL);

  worksheet_set_row(ws, s.row, RD_XLSX_TITLE_HEIGHT, NULL);
  char *title = g_strdup_printf("%s（汇总）", w->req->title);
  rd_xlsx_put_merged(w, ws, s.row++, SUMMARY_COLS - 1, title, w->title);
  g_free(title);
  subtitle_row(&s);

  lxw_row_t category_header;
  lxw_row_t category_first = category_table(&s, &category_header);
  lxw_row_t unit_first = unit_table(&s);
  community_table(&s);
  section_row(&s, "四、统计图");

  /* Charts on their own printed page, one above the other. */
  lxw_row_t breaks[] = { s.row - 1, 0 };
  rd_xlsx_check(w, worksheet_set_h_pagebreaks(ws, breaks), "设置分页");
  category_chart(&s, category_header, category_first, s.row);
  unit_chart(&s, unit_first, s.row + RD_XLSX_CHART_ROWS);
  rd_xlsx_print_setup(w, ws, 0, 0);
}
