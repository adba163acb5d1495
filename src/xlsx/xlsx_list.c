/* xlsx_list.c — the 责任清单 workbook: its list sheets (责任清单, 超期清单, one per unit), the
 * shared formats, print setup and document properties. The 汇总 sheet is in xlsx_summary.c.
 *
 * Every sheet is written strictly top to bottom, so that the same code works in libxlsxwriter's
 * constant-memory mode (used above RD_XLSX_CONSTANT_MEMORY_ROWS rows), where a row is flushed
 * to disk as soon as the next one starts.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "xlsx_internal.h"
#include "xlsx_layout.h"

#define RD_XLSX_ERROR (g_quark_from_static_string("rd-xlsx-error"))

/* ---- columns ---- */

typedef enum {
  COL_SEQ, COL_ROLE, COL_CATEGORY, COL_TITLE, COL_DETAIL, COL_LEVEL, COL_LEADER, COL_LEAD_UNIT,
  COL_SUPPORT_UNITS, COL_PERSON, COL_MEASURES, COL_DEADLINE, COL_STATUS, COL_NOTE,
  COL_DAYS_OVERDUE, COL_COMMUNITY, COL_ID
} col_id;

typedef struct column_spec {
  const char *header;
  int min_width, max_width;   /* half-width characters of the cell font (a Chinese one: 2) */
  gboolean centre;
  gboolean wraps;             /* long text: may be narrowed to fit the paper, rows grow */
} column_spec;

/* Widths: narrow columns fit their content; long texts wrap within max_width. Headers wrap
 * onto two lines, so no column is wider than its content for the header's sake. Dates cannot
 * wrap: 2024年12月31日 is 14 characters, 17 with the wider digits of a fallback font. */
static const column_spec columns[] = {
  [COL_SEQ] = { "序号", 5, 7, TRUE, FALSE },
  [COL_ROLE] = { "本单位职责", 6, 6, TRUE, FALSE },
  [COL_CATEGORY] = { "风险类别", 8, 12, TRUE, TRUE },
  [COL_TITLE] = { "风险隐患", 10, 20, FALSE, TRUE },
  [COL_DETAIL] = { "具体情况", 16, 32, FALSE, TRUE },
  [COL_LEVEL] = { "风险等级", 4, 4, TRUE, FALSE },
  [COL_LEADER] = { "责任领导", 8, 12, TRUE, TRUE },
  [COL_LEAD_UNIT] = { "牵头单位", 8, 12, TRUE, TRUE },
  [COL_SUPPORT_UNITS] = { "配合单位", 8, 16, FALSE, TRUE },
  [COL_PERSON] = { "责任人", 6, 8, TRUE, TRUE },
  [COL_MEASURES] = { "化解措施", 12, 30, FALSE, TRUE },
  [COL_DEADLINE] = { "完成时限", 17, 17, TRUE, FALSE },
  [COL_STATUS] = { "化解状态", 9, 9, TRUE, FALSE },
  [COL_NOTE] = { "备注", 8, 16, FALSE, TRUE },
  [COL_DAYS_OVERDUE] = { "超期天数", 5, 5, TRUE, FALSE },
  [COL_COMMUNITY] = { "社区", 8, 14, TRUE, TRUE },
  [COL_ID] = { "编号", 8, 14, TRUE, TRUE },
};

/* docs/rules.md "Documents": the list's columns. The first `n_print` are what a meeting reads and
 * what A4 prints (序号 … 化解状态); 化解措施, 备注, 社区 and 编号 follow, in the sheet for the
 * clerk (a unit cannot find a risk, nor a clerk the ledger row, without 社区 and 编号) and
 * printed on A3. Unit sheets add whether the unit leads or supports; the overdue sheet adds
 * the days overdue. */
static const col_id list_columns[] = {
  COL_SEQ, COL_CATEGORY, COL_TITLE, COL_DETAIL, COL_LEVEL, COL_LEADER, COL_LEAD_UNIT,
  COL_SUPPORT_UNITS, COL_PERSON, COL_DEADLINE, COL_STATUS,
  COL_MEASURES, COL_NOTE, COL_COMMUNITY, COL_ID
};
static const col_id unit_columns[] = {
  COL_SEQ, COL_ROLE, COL_CATEGORY, COL_TITLE, COL_DETAIL, COL_LEVEL, COL_LEADER, COL_LEAD_UNIT,
  COL_SUPPORT_UNITS, COL_PERSON, COL_DEADLINE, COL_STATUS,
  COL_MEASURES, COL_NOTE, COL_COMMUNITY, COL_ID
};
static const col_id overdue_columns[] = {
  COL_SEQ, COL_CATEGORY, COL_TITLE, COL_DETAIL, COL_LEVEL, COL_LEADER, COL_LEAD_UNIT,
  COL_SUPPORT_UNITS, COL_PERSON, COL_DEADLINE, COL_STATUS, COL_DAYS_OVERDUE,
  COL_MEASURES, COL_NOTE, COL_COMMUNITY, COL_ID
};
#define N_TRAILING 4    /* 化解措施, 备注, 社区, 编号: outside the A4 print area */

/* Rows of the list sheets: title, column header, then data. */
#define ROW_TITLE 0
#define ROW_HEADER 1
#define ROW_FIRST_DATA 2

/* libxlsxwriter takes a non-const list; it only reads it. */
static char *status_values[] = { "未化解", "化解中", "已化解", "已销号", NULL };

/* One list sheet to write. */
typedef struct list_sheet {
  const char *name;
  const char *title;
  const col_id *cols;
  int n_cols;
  int n_print;            /* the first n_print columns print (all of them on A3) */
  const GArray *rows;     /* guint indices into req->records, in category order */
  const char *unit;       /* unit sheets: the unit whose role COL_ROLE shows */
} list_sheet;

/* ---- shared helpers ---- */

gboolean rd_xlsx_check(rd_xlsx_writer *w, lxw_error e, const char *where)
{
  if (e == LXW_NO_ERROR)
    return TRUE;
  if (w->error == LXW_NO_ERROR) {
    w->error = e;
    w->error_where = g_strdup(where);
  }
  return FALSE;
}

void rd_xlsx_put_text(rd_xlsx_writer *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                      const char *text, lxw_format *format)
{
  char *scratch;
  const char *safe = rd_xlsx_cell_text(text, &scratch);
  /* worksheet_write_string stores the text as a string cell whatever it starts with (= + - @
   * included): data never becomes a formula. */
  lxw_error e = *safe ? worksheet_write_string(ws, row, col, safe, format)
                      : worksheet_write_blank(ws, row, col, format);
  g_free(scratch);
  rd_xlsx_check(w, e, "写入单元格");
}

void rd_xlsx_put_number(rd_xlsx_writer *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                        double value, lxw_format *format)
{
  rd_xlsx_check(w, worksheet_write_number(ws, row, col, value, format), "写入数字");
}

void rd_xlsx_put_merged(rd_xlsx_writer *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t last_col,
                        const char *text, lxw_format *format)
{
  char *scratch;
  const char *safe = rd_xlsx_cell_text(text, &scratch);
  if (last_col == 0)
    rd_xlsx_put_text(w, ws, row, 0, safe, format);
  else
    rd_xlsx_check(w, worksheet_merge_range(ws, row, 0, row, last_col, safe, format), "合并单元格");
  g_free(scratch);
}

double rd_xlsx_print_budget(const rd_xlsx_writer *w)
{
  double paper = w->req->profile->xlsx_paper == RD_PAPER_A3 ? RD_XLSX_A3_LANDSCAPE_WIDTH
                                                            : RD_XLSX_A4_LANDSCAPE_WIDTH;
  double printable = (paper - RD_XLSX_MARGIN_LEFT - RD_XLSX_MARGIN_RIGHT) * 96.0;
  return printable * RD_XLSX_CELL_SIZE / RD_XLSX_MIN_PRINTED_SIZE;
}

void rd_xlsx_print_setup(rd_xlsx_writer *w, lxw_worksheet *ws, lxw_row_t repeat_first,
                         lxw_row_t repeat_last, lxw_col_t last_col, lxw_row_t last_row,
                         const char *title)
{
  worksheet_set_landscape(ws);
  worksheet_set_paper(ws, w->req->profile->xlsx_paper == RD_PAPER_A3 ? RD_XLSX_PAPER_A3
                                                                     : RD_XLSX_PAPER_A4);
  worksheet_set_margins(ws, RD_XLSX_MARGIN_LEFT, RD_XLSX_MARGIN_RIGHT, RD_XLSX_MARGIN_TOP,
                        RD_XLSX_MARGIN_BOTTOM);
  /* One page wide, as many pages tall as needed: the printed columns are kept within
   * rd_xlsx_print_budget, so fitting never shrinks the body below the legible size. */
  worksheet_fit_to_pages(ws, 1, 0);
  worksheet_center_horizontally(ws);
  rd_xlsx_check(w, worksheet_print_area(ws, 0, 0, last_row, last_col), "设置打印区域");
  rd_xlsx_check(w, worksheet_repeat_rows(ws, repeat_first, repeat_last), "设置打印标题行");
  char *header = rd_xlsx_page_header(w->title_font, title);
  rd_xlsx_check(w, worksheet_set_header(ws, header), "设置页眉");
  g_free(header);
  rd_xlsx_check(w, worksheet_set_footer(ws, RD_XLSX_FOOTER), "设置页脚");
}

/* ---- formats ---- */

/* The default font (see RD_XLSX_DEFAULT_FONT: it sets the unit of column widths).
 * libxlsxwriter 1.1.4 has no call for it; its default is the workbook's first format, whose
 * font is written when the workbook is closed. The theme's font scheme would override the
 * name, so it is cleared. */
static void set_default_font(lxw_workbook *wb)
{
  lxw_format *normal = STAILQ_FIRST(wb->formats);
  format_set_font_name(normal, RD_XLSX_DEFAULT_FONT);
  format_set_font_scheme(normal, "");
}

static lxw_format *font_format(rd_xlsx_writer *w, const char *font)
{
  lxw_format *f = workbook_add_format(w->wb);
  format_set_font_name(f, font);
  return f;
}

static lxw_format *cell_format(rd_xlsx_writer *w, gboolean centre)
{
  lxw_format *f = font_format(w, w->cell_font);
  format_set_font_size(f, RD_XLSX_CELL_SIZE);
  format_set_border(f, LXW_BORDER_THIN);
  format_set_text_wrap(f);
  format_set_align(f, centre ? LXW_ALIGN_CENTER : LXW_ALIGN_LEFT);
  format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
  return f;
}

static void make_formats(rd_xlsx_writer *w)
{
  w->title = font_format(w, w->title_font);
  format_set_font_size(w->title, RD_XLSX_TITLE_SIZE);
  format_set_align(w->title, LXW_ALIGN_CENTER);
  format_set_align(w->title, LXW_ALIGN_VERTICAL_CENTER);
  format_set_text_wrap(w->title);

  w->subtitle = font_format(w, w->cell_font);
  format_set_font_size(w->subtitle, RD_XLSX_CELL_SIZE);
  format_set_align(w->subtitle, LXW_ALIGN_RIGHT);
  format_set_text_wrap(w->subtitle);
  format_set_align(w->subtitle, LXW_ALIGN_VERTICAL_CENTER);

  w->header = cell_format(w, TRUE);
  format_set_bold(w->header);
  format_set_font_size(w->header, RD_XLSX_HEADER_SIZE);
  format_set_bg_color(w->header, RD_XLSX_HEADER_FILL);

  w->group = cell_format(w, FALSE);
  format_set_bold(w->group);
  format_set_bg_color(w->group, RD_XLSX_GROUP_FILL);

  w->section = font_format(w, w->cell_font);
  format_set_font_size(w->section, RD_XLSX_HEADER_SIZE);
  format_set_bold(w->section);
  format_set_align(w->section, LXW_ALIGN_VERTICAL_CENTER);

  w->text = cell_format(w, FALSE);
  w->centre = cell_format(w, TRUE);
  w->number = cell_format(w, TRUE);
  format_set_num_format(w->number, "0");
  w->date = cell_format(w, TRUE);
  format_set_num_format(w->date, "yyyy\"年\"m\"月\"d\"日\"");

  w->total_label = cell_format(w, TRUE);
  format_set_bold(w->total_label);
  w->total_number = cell_format(w, TRUE);
  format_set_bold(w->total_number);
  format_set_num_format(w->total_number, "0");

  /* rank_change = this rank − last rank: positive = fell in the risk ranking (better). */
  w->rank_change = cell_format(w, TRUE);
  format_set_num_format(w->rank_change, "\"↓\"0;\"↑\"0;\"—\"");
  /* class 1/2/3 stays a number (filterable, comparable), shown as 一类/二类/三类. */
  w->risk_class = cell_format(w, TRUE);
  format_set_num_format(w->risk_class, "[=1]\"一类\";[=2]\"二类\";\"三类\"");
  /* docs/rules.md: 化解率 to one decimal (93.5%) */
  w->rate = cell_format(w, TRUE);
  format_set_num_format(w->rate, "0.0%");

  w->high = workbook_add_format(w->wb);
  format_set_bg_color(w->high, RD_XLSX_HIGH_FILL);
  format_set_font_color(w->high, RD_XLSX_HIGH_FONT);
  w->overdue = workbook_add_format(w->wb);
  format_set_bg_color(w->overdue, RD_XLSX_OVERDUE_FILL);
}

/* ---- cell contents ---- */

static const char *category_display(const rd_list_request *req, const rd_record *r)
{
  const rd_category *c = &req->taxonomy->categories[r->category];
  return c->display && *c->display ? c->display : c->name;
}

/* Text of a text column for record r; support units are joined into buf. */
static const char *cell_text(const list_sheet *sheet, const rd_list_request *req, col_id id,
                             const rd_record *r, GString *buf)
{
  switch (id) {
  case COL_ROLE: return g_strcmp0(r->lead_unit, sheet->unit) == 0 ? "牵头" : "配合";
  case COL_CATEGORY: return category_display(req, r);
  case COL_TITLE: return r->title;
  case COL_DETAIL: return r->detail;
  case COL_LEVEL: return rd_level_name(r->level);
  case COL_LEADER: return r->leader;
  case COL_LEAD_UNIT: return r->lead_unit;
  case COL_SUPPORT_UNITS:
    g_string_truncate(buf, 0);
    for (int i = 0; i < r->n_support_units; i++) {
      if (i)
        g_string_append(buf, "、");
      g_string_append(buf, r->support_units[i]);
    }
    return buf->str;
  case COL_PERSON: return r->person;
  case COL_MEASURES: return r->measures;
  case COL_STATUS: return rd_status_name(r->status);
  case COL_NOTE: return r->note;
  case COL_COMMUNITY: return r->community;
  case COL_ID: return r->id;
  default: return NULL;  /* a number or date column */
  }
}

/* Display width of a cell, numbers and dates included. */
static int cell_width(const list_sheet *sheet, const rd_list_request *req, col_id id,
                      const rd_record *r, guint seq, GString *buf)
{
  switch (id) {
  case COL_SEQ: {
    char digits[16];
    return g_snprintf(digits, sizeof digits, "%u", seq);
  }
  case COL_DEADLINE: return r->deadline ? 15 : 0;   /* 2024年12月31日 */
  case COL_DAYS_OVERDUE: return 5;
  default: return rd_xlsx_display_width(cell_text(sheet, req, id, r, buf));
  }
}

/* ---- one list sheet ---- */

static void measure_columns(const list_sheet *sheet, const rd_list_request *req, int *width)
{
  GString *buf = g_string_new(NULL);
  for (int c = 0; c < sheet->n_cols; c++) {
    const column_spec *spec = &columns[sheet->cols[c]];
    width[c] = spec->min_width;
  }
  for (guint i = 0; i < sheet->rows->len; i++) {
    const rd_record *r = req->records->pdata[g_array_index(sheet->rows, guint, i)];
    for (int c = 0; c < sheet->n_cols; c++) {
      const column_spec *spec = &columns[sheet->cols[c]];
      if (width[c] >= spec->max_width)
        continue;
      int cw = cell_width(sheet, req, sheet->cols[c], r, i + 1, buf) + RD_XLSX_WIDTH_PADDING;
      width[c] = MIN(spec->max_width, MAX(width[c], cw));
    }
  }
  g_string_free(buf, TRUE);
}

/* Columns that print: the meeting's on A4, every column on A3. */
static int printed_columns(const rd_xlsx_writer *w, const list_sheet *sheet)
{
  return w->req->profile->xlsx_paper == RD_PAPER_A3 ? sheet->n_cols : sheet->n_print;
}

/* Narrows the long-text columns, one character at a time and always the one closest to its
 * maximum (so that all give up the same share), until the printed columns fit the print
 * budget: the page then prints the body at the legible size or larger, and the rows grow
 * instead (their heights follow the narrowed widths). */
static void fit_to_paper(const rd_xlsx_writer *w, const list_sheet *sheet, int *width)
{
  int n = printed_columns(w, sheet);
  double budget = rd_xlsx_print_budget(w), total = 0;
  double half_em = RD_XLSX_CELL_SIZE * RD_XLSX_PX_PER_PT / 2;
  for (int c = 0; c < n; c++)
    total += rd_xlsx_column_px(rd_xlsx_column_units(width[c], RD_XLSX_CELL_SIZE));
  while (total > budget) {
    int widest = -1;
    for (int c = 0; c < n; c++) {
      const column_spec *spec = &columns[sheet->cols[c]];
      if (spec->wraps && width[c] > spec->min_width &&
          (widest < 0 || width[c] * columns[sheet->cols[widest]].max_width >
                           width[widest] * spec->max_width))
        widest = c;
    }
    if (widest < 0)
      break;  /* every column at its minimum: the fit scales a little more */
    width[widest]--;
    total -= half_em;
  }
}

static void write_header(rd_xlsx_writer *w, lxw_worksheet *ws, const list_sheet *sheet)
{
  /* The title centres over the printed columns, so that it sits in the middle of the page. */
  worksheet_set_row(ws, ROW_TITLE, RD_XLSX_TITLE_HEIGHT, NULL);
  rd_xlsx_put_merged(w, ws, ROW_TITLE, (lxw_col_t)(printed_columns(w, sheet) - 1), sheet->title,
                     w->title);
  worksheet_set_row(ws, ROW_HEADER, RD_XLSX_HEADER_HEIGHT, NULL);
  for (int c = 0; c < sheet->n_cols; c++)
    rd_xlsx_put_text(w, ws, ROW_HEADER, (lxw_col_t)c, columns[sheet->cols[c]].header, w->header);
}

/* Columns whose content is short and fixed (numbers, dates, 高/中/低, statuses, 牵头/配合):
 * they never need more than one line, so row heights do not measure them. */
static gboolean fixed_column(col_id id)
{
  return id == COL_SEQ || id == COL_ROLE || id == COL_LEVEL || id == COL_DEADLINE ||
         id == COL_STATUS || id == COL_DAYS_OVERDUE;
}

#define MAX_COLS 16
#define N_COL_IDS (COL_ID + 1)

/* The widths of a sheet's wrapping columns, by column id (0: not on the sheet, or fixed), as
 * an index into w->width_sets, plus one; 0 when there are too many sets to keep. */
static guint16 width_set_of(rd_xlsx_writer *w, const list_sheet *sheet, const int *width)
{
  int set[N_COL_IDS] = { 0 };
  for (int c = 0; c < sheet->n_cols; c++)
    if (!fixed_column(sheet->cols[c]))
      set[sheet->cols[c]] = width[c];
  if (!w->width_sets)
    w->width_sets = g_array_new(FALSE, FALSE, sizeof set);
  for (guint i = 0; i < w->width_sets->len; i++)
    if (memcmp(&g_array_index(w->width_sets, int, i * N_COL_IDS), set, sizeof set) == 0)
      return (guint16)(i + 1);
  if (w->width_sets->len >= G_MAXUINT16)
    return 0;
  g_array_append_val(w->width_sets, set);
  return (guint16)w->width_sets->len;
}

/* Wrapped lines of record k's tallest cell at the sheet's widths (text[]: its cells),
 * measured once per record and set of widths. */
static int row_lines(rd_xlsx_writer *w, const list_sheet *sheet, guint16 widths, guint k,
                     const char *const *text, const int *width)
{
  if (widths && w->lines_set[k] == widths)
    return w->lines[k];
  int lines = 1;
  for (int c = 0; c < sheet->n_cols; c++)
    if (text[c] && !fixed_column(sheet->cols[c]))
      lines = MAX(lines, rd_xlsx_wrapped_lines(text[c], width[c]));
  lines = MIN(lines, RD_XLSX_MAX_LINES);
  w->lines_set[k] = widths;
  w->lines[k] = (guint8)lines;
  return lines;
}

/* Writes one data row, record k; errors go to w. */
static void write_record(rd_xlsx_writer *w, lxw_worksheet *ws, const list_sheet *sheet,
                         lxw_row_t row, guint seq, guint k, guint16 widths, const int *width,
                         GString *buf)
{
  const rd_list_request *req = w->req;
  const rd_record *r = req->records->pdata[k];
  const char *text[MAX_COLS];
  for (int c = 0; c < sheet->n_cols; c++)
    text[c] = cell_text(sheet, req, sheet->cols[c], r, buf);  /* buf: the one joined cell */
  /* Row height from the wrapped lines of the tallest cell, so that print and screen show the
   * whole text without the viewer having to auto-fit (WPS does not). */
  int lines = row_lines(w, sheet, widths, k, text, width);
  worksheet_set_row(ws, row, lines * RD_XLSX_LINE_HEIGHT + RD_XLSX_ROW_PADDING, NULL);

  for (int c = 0; c < sheet->n_cols; c++) {
    col_id id = sheet->cols[c];
    lxw_col_t col = (lxw_col_t)c;
    switch (id) {
    case COL_SEQ:
      rd_xlsx_put_number(w, ws, row, col, seq, w->number);
      break;
    case COL_DEADLINE:
      if (r->deadline)
        rd_xlsx_put_number(w, ws, row, col, rd_xlsx_serial(r->deadline), w->date);
      else
        rd_xlsx_put_text(w, ws, row, col, "", w->date);
      break;
    case COL_DAYS_OVERDUE:
      if (r->deadline && r->deadline < req->report_date)
        rd_xlsx_put_number(w, ws, row, col, (double)(req->report_date - r->deadline), w->number);
      else
        rd_xlsx_put_text(w, ws, row, col, "", w->number);
      break;
    default:
      rd_xlsx_put_text(w, ws, row, col, text[c], columns[id].centre ? w->centre : w->text);
    }
  }
}

/* Index of a column in the sheet, or -1. */
static int column_index(const list_sheet *sheet, col_id id)
{
  for (int c = 0; c < sheet->n_cols; c++)
    if (sheet->cols[c] == id)
      return c;
  return -1;
}

static void col_name(int col, char buf[8])
{
  lxw_col_to_name(buf, (lxw_col_t)col, FALSE);
}

/* Autofilter, frozen header, 化解状态 drop-down, and the conditional formats marking 高 and
 * overdue rows (overdue re-evaluated by the viewer when someone changes 化解状态). */
static void finish_list_sheet(rd_xlsx_writer *w, lxw_worksheet *ws, const list_sheet *sheet,
                              lxw_row_t last_row)
{
  lxw_col_t last_col = (lxw_col_t)(sheet->n_cols - 1);
  worksheet_freeze_panes(ws, ROW_FIRST_DATA, 0);
  rd_xlsx_check(w, worksheet_autofilter(ws, ROW_HEADER, 0, last_row, last_col), "设置筛选");
  /* The page header names the sheet's own list (a unit sheet: its unit). */
  rd_xlsx_print_setup(w, ws, ROW_HEADER, ROW_HEADER,
                      (lxw_col_t)(printed_columns(w, sheet) - 1), last_row, sheet->title);
  if (last_row < ROW_FIRST_DATA)
    return;  /* no data rows */

  int status = column_index(sheet, COL_STATUS);
  int level = column_index(sheet, COL_LEVEL);
  int deadline = column_index(sheet, COL_DEADLINE);

  lxw_data_validation dv = { 0 };
  dv.validate = LXW_VALIDATION_TYPE_LIST;
  dv.value_list = status_values;
  dv.input_title = (char *)"化解状态";
  dv.input_message = (char *)"请从列表中选择";
  rd_xlsx_check(w, worksheet_data_validation_range(ws, ROW_FIRST_DATA, (lxw_col_t)status, last_row,
                                                   (lxw_col_t)status, &dv), "设置数据验证");

  lxw_conditional_format high = { 0 };
  high.type = LXW_CONDITIONAL_TYPE_CELL;
  high.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
  high.value_string = "\"高\"";
  high.format = w->high;
  rd_xlsx_check(w, worksheet_conditional_format_range(ws, ROW_FIRST_DATA, (lxw_col_t)level,
                                                      last_row, (lxw_col_t)level, &high),
                "设置条件格式");

  /* Overdue: a date before the report date and not resolved. The report date is a constant
   * (not TODAY()) so the sheet says what the report says. */
  char dcol[8], scol[8], formula[256];
  col_name(deadline, dcol);
  col_name(status, scol);
  g_snprintf(formula, sizeof formula,
             "=AND(ISNUMBER($%s%u),$%s%u<%.0f,$%s%u<>\"已化解\",$%s%u<>\"已销号\")", dcol,
             ROW_FIRST_DATA + 1, dcol, ROW_FIRST_DATA + 1, rd_xlsx_serial(w->req->report_date),
             scol, ROW_FIRST_DATA + 1, scol, ROW_FIRST_DATA + 1);
  lxw_conditional_format overdue = { 0 };
  overdue.type = LXW_CONDITIONAL_TYPE_FORMULA;
  overdue.value_string = formula;
  overdue.format = w->overdue;
  rd_xlsx_check(w, worksheet_conditional_format_range(ws, ROW_FIRST_DATA, 0, last_row, last_col,
                                                      &overdue), "设置条件格式");
}

static void write_list_sheet(rd_xlsx_writer *w, const list_sheet *sheet)
{
  g_assert(sheet->n_cols <= MAX_COLS);
  const rd_list_request *req = w->req;
  lxw_worksheet *ws = workbook_add_worksheet(w->wb, sheet->name);
  if (!ws) {
    rd_xlsx_check(w, LXW_ERROR_SHEETNAME_ALREADY_USED, sheet->name);
    return;
  }
  int *width = g_new(int, sheet->n_cols);
  measure_columns(sheet, req, width);
  fit_to_paper(w, sheet, width);
  for (int c = 0; c < sheet->n_cols; c++)
    worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
                         rd_xlsx_column_units(width[c], RD_XLSX_CELL_SIZE), NULL);
  guint16 widths = width_set_of(w, sheet, width);

  write_header(w, ws, sheet);
  GString *buf = g_string_new(NULL);
  lxw_row_t row = ROW_FIRST_DATA;
  guint seq = 0, i = 0;
  int group = 0;
  while (i < sheet->rows->len && w->error == LXW_NO_ERROR) {
    /* A group: the run of rows of one category (rows come sorted by category). */
    int category = ((const rd_record *)req->records->pdata[g_array_index(sheet->rows, guint, i)])
                     ->category;
    guint end = i;
    while (end < sheet->rows->len &&
           ((const rd_record *)req->records->pdata[g_array_index(sheet->rows, guint, end)])
               ->category == category)
      end++;
    char numeral[16];
    char *label = g_strdup_printf("（%s）%s（%u项）", rd_xlsx_cn_numeral(++group, numeral),
                                  req->taxonomy->categories[category].display
                                    ? req->taxonomy->categories[category].display
                                    : req->taxonomy->categories[category].name,
                                  end - i);
    /* Merged over the printed columns, the band continuing in the others. */
    int printed = printed_columns(w, sheet);
    worksheet_set_row(ws, row, RD_XLSX_GROUP_HEIGHT, NULL);
    rd_xlsx_put_merged(w, ws, row, (lxw_col_t)(printed - 1), label, w->group);
    for (int c = printed; c < sheet->n_cols; c++)
      rd_xlsx_put_text(w, ws, row, (lxw_col_t)c, "", w->group);
    row++;
    g_free(label);
    for (; i < end; i++)
      write_record(w, ws, sheet, row++, ++seq, g_array_index(sheet->rows, guint, i), widths,
                   width, buf);
  }
  g_string_free(buf, TRUE);
  g_free(width);
  finish_list_sheet(w, ws, sheet, row - 1);
}

/* ---- which rows go where ---- */

/* Record indices sorted by category (taxonomy order), input order within a category:
 * a stable counting sort. */
static GArray *rows_by_category(const rd_list_request *req)
{
  int n_cat = req->taxonomy->n_categories;
  guint n = req->records->len;
  guint *start = g_new0(guint, (gsize)n_cat + 1);
  for (guint i = 0; i < n; i++)
    start[((const rd_record *)req->records->pdata[i])->category + 1]++;
  for (int c = 0; c < n_cat; c++)
    start[c + 1] += start[c];
  GArray *rows = g_array_sized_new(FALSE, FALSE, sizeof(guint), n);
  g_array_set_size(rows, n);
  for (guint i = 0; i < n; i++)
    g_array_index(rows, guint, start[((const rd_record *)req->records->pdata[i])->category]++) = i;
  g_free(start);
  return rows;
}

static GArray *overdue_rows(const rd_list_request *req, const GArray *sorted)
{
  GArray *rows = g_array_new(FALSE, FALSE, sizeof(guint));
  for (guint i = 0; i < sorted->len; i++) {
    guint k = g_array_index(sorted, guint, i);
    if (rd_record_is_overdue(req->records->pdata[k], req->report_date))
      g_array_append_val(rows, k);
  }
  return rows;
}

/* Per unit, the rows it leads or supports, in category order. names lists the units in sheet
 * order: the aggregate's order (most open first), then any unit it does not know. */
static GHashTable *rows_by_unit(const rd_list_request *req, const GArray *sorted,
                                GPtrArray *names)
{
  GHashTable *units = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify)g_array_unref);
  GPtrArray *seen = g_ptr_array_new();
  for (guint i = 0; i < sorted->len; i++) {
    guint k = g_array_index(sorted, guint, i);
    const rd_record *r = req->records->pdata[k];
    for (int u = -1; u < r->n_support_units; u++) {
      const char *unit = u < 0 ? r->lead_unit : r->support_units[u];
      if (!unit || !*unit || (u >= 0 && g_strcmp0(unit, r->lead_unit) == 0))
        continue;
      GArray *rows = g_hash_table_lookup(units, unit);
      if (!rows) {
        rows = g_array_new(FALSE, FALSE, sizeof(guint));
        g_hash_table_insert(units, (gpointer)unit, rows);
        g_ptr_array_add(seen, (gpointer)unit);
      }
      /* A unit counts once per row (docs/rules.md), even if a cell names it twice. */
      if (rows->len == 0 || g_array_index(rows, guint, rows->len - 1) != k)
        g_array_append_val(rows, k);
    }
  }
  GHashTable *placed = g_hash_table_new(g_str_hash, g_str_equal);
  if (req->agg && req->agg->units)
    for (guint i = 0; i < req->agg->units->len; i++) {
      const char *name = g_array_index(req->agg->units, rd_unit_stat, i).name;
      if (g_hash_table_contains(units, name) && g_hash_table_add(placed, (gpointer)name))
        g_ptr_array_add(names, (gpointer)name);
    }
  for (guint i = 0; i < seen->len; i++)
    if (g_hash_table_add(placed, seen->pdata[i]))
      g_ptr_array_add(names, seen->pdata[i]);
  g_hash_table_destroy(placed);
  g_ptr_array_free(seen, TRUE);
  return units;
}

/* ---- the workbook ---- */

static gboolean validate_request(const rd_list_request *req, GError **error)
{
  if (!req || !req->path || !req->title || !req->records || !req->agg || !req->taxonomy ||
      !req->profile) {
    g_set_error(error, RD_XLSX_ERROR, 1, "责任清单：调用参数不完整");
    return FALSE;
  }
  for (guint i = 0; i < req->records->len; i++) {
    const rd_record *r = req->records->pdata[i];
    if (r->category < 0 || r->category >= req->taxonomy->n_categories) {
      g_set_error(error, RD_XLSX_ERROR, 1, "责任清单：%s 第 %d 行的风险类别不在分类表中",
                  r->source ? r->source : "?", r->line);
      return FALSE;
    }
  }
  return TRUE;
}

/* created = the report date at 00:00 UTC, so the same input gives the same bytes. */
static time_t report_time(rd_day day)
{
  if (!day)
    return 1;  /* 0 would mean "now" to libxlsxwriter */
  return (time_t)((gint64)day - (gint64)rd_day_from_ymd(1970, 1, 1)) * 86400;
}

static void set_properties(rd_xlsx_writer *w)
{
  const rd_profile *p = w->req->profile;
  const char *office = p->office_name && *p->office_name ? p->office_name : "";
  lxw_doc_properties props = { 0 };
  props.title = (char *)w->req->title;
  props.subject = "风险隐患及责任清单";
  props.author = (char *)office;
  props.company = (char *)office;
  props.category = "责任清单";
  props.created = report_time(w->req->report_date);
  rd_xlsx_check(w, workbook_set_properties(w->wb, &props), "设置文档属性");
}

static char *suffixed_title(const char *title, const char *suffix)
{
  return g_strdup_printf("%s（%s）", title, suffix);
}

static void write_workbook(rd_xlsx_writer *w)
{
  const rd_list_request *req = w->req;
  GArray *sorted = rows_by_category(req);
  GArray *late = overdue_rows(req, sorted);

  /* The workbook's own sheets take their names first; a unit of the same name gets "(2)". */
  char *list_name = rd_xlsx_sheet_name(w->sheet_names, rd_xlsx_word(w, "sheets.list"));
  rd_xlsx_reserve_summary_names(w);
  char *late_name = rd_xlsx_sheet_name(w->sheet_names, rd_xlsx_word(w, "sheets.overdue"));

  list_sheet list = { list_name, req->title, list_columns, G_N_ELEMENTS(list_columns),
                      G_N_ELEMENTS(list_columns) - N_TRAILING, sorted, NULL };
  write_list_sheet(w, &list);
  if (w->error == LXW_NO_ERROR)
    rd_xlsx_write_summary(w);
  if (w->error == LXW_NO_ERROR && late->len > 0) {
    char *title = suffixed_title(req->title, rd_xlsx_word(w, "titles.overdue"));
    list_sheet sheet = { late_name, title, overdue_columns, G_N_ELEMENTS(overdue_columns),
                         G_N_ELEMENTS(overdue_columns) - N_TRAILING, late, NULL };
    write_list_sheet(w, &sheet);
    g_free(title);
  }

  GPtrArray *names = g_ptr_array_new();
  GHashTable *units = rows_by_unit(req, sorted, names);
  for (guint i = 0; i < names->len && w->error == LXW_NO_ERROR; i++) {
    const char *unit = names->pdata[i];
    char *name = rd_xlsx_sheet_name(w->sheet_names, unit);
    char *title = suffixed_title(req->title, unit);
    list_sheet sheet = { name, title, unit_columns, G_N_ELEMENTS(unit_columns),
                         G_N_ELEMENTS(unit_columns) - N_TRAILING, g_hash_table_lookup(units, unit),
                         unit };
    write_list_sheet(w, &sheet);
    g_free(title);
    g_free(name);
  }
  g_hash_table_destroy(units);
  g_ptr_array_free(names, TRUE);
  g_free(list_name);
  g_free(late_name);
  g_array_free(late, TRUE);
  g_array_free(sorted, TRUE);
}

gboolean rd_xlsx_write_list(const rd_list_request *req, GError **error)
{
  if (!validate_request(req, error))
    return FALSE;
  rd_xlsx_writer w = { 0 };
  w.req = req;
  w.words = rd_xlsx_wording_load(req->datadir, error);
  if (!w.words)
    return FALSE;
  w.cell_font = req->profile->xlsx_cell_font && *req->profile->xlsx_cell_font
                  ? req->profile->xlsx_cell_font : "仿宋_GB2312";
  w.title_font = req->profile->xlsx_title_font && *req->profile->xlsx_title_font
                   ? req->profile->xlsx_title_font : "方正小标宋简体";
  w.constant_memory = req->records->len > RD_XLSX_CONSTANT_MEMORY_ROWS;

  /* Temporary files next to the output: the output folder is private (0700), and /tmp may
   * be a RAM disk. */
  char *tmpdir = g_path_get_dirname(req->path);
  lxw_workbook_options options = { 0 };
  options.constant_memory = w.constant_memory;
  options.tmpdir = tmpdir;
  w.wb = workbook_new_opt(req->path, &options);
  if (!w.wb) {
    g_set_error(error, RD_XLSX_ERROR, 1, "无法创建 %s", req->path);
    g_hash_table_destroy(w.words);
    g_free(tmpdir);
    return FALSE;
  }
  w.sheet_names = rd_xlsx_sheet_names_new();
  w.lines_set = g_new0(guint16, req->records->len);
  w.lines = g_new(guint8, req->records->len);
  set_default_font(w.wb);
  make_formats(&w);
  set_properties(&w);
  write_workbook(&w);

  errno = 0;
  lxw_error closed = workbook_close(w.wb);  /* also frees the workbook */
  int os_error = errno;   /* libxlsxwriter's zip writer fails on fwrite/fclose: keep why */
  rd_xlsx_check(&w, closed, "保存文件");
  gboolean ok = w.error == LXW_NO_ERROR;
  if (!ok) {
    g_set_error(error, RD_XLSX_ERROR, 1, "无法写入 %s：%s（%s：%s）", req->path,
                os_error ? g_strerror(os_error) : "写入失败", w.error_where ? w.error_where : "",
                lxw_strerror(w.error));
    if (unlink(req->path) != 0 && errno != ENOENT)
      g_warning("cannot remove %s: %s", req->path, g_strerror(errno));
  }
  g_free(w.error_where);
  for (guint i = 0; i < G_N_ELEMENTS(w.summary_names); i++)
    g_free(w.summary_names[i]);
  g_hash_table_destroy(w.sheet_names);
  g_hash_table_destroy(w.words);
  if (w.width_sets)
    g_array_free(w.width_sets, TRUE);
  g_free(w.lines_set);
  g_free(w.lines);
  g_free(tmpdir);
  return ok;
}
