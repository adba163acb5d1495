/* xlsx_internal.h — helpers shared by the files of src/xlsx/ (and their unit tests).
 *
 * Nothing here is part of the public interface (xlsx_list.h). Layout numbers of the workbook
 * live in xlsx_layout.h.
 */
#ifndef RISKDOC_XLSX_INTERNAL_H
#define RISKDOC_XLSX_INTERNAL_H

/* The build keeps this header inside its area (CMakeLists.txt riskdoc_area); white-box unit
 * tests may read it too. */
#if !defined(RISKDOC_INSIDE_XLSX) && !defined(RISKDOC_WHITE_BOX_TEST)
#error "private to src/xlsx/: include xlsx/xlsx_list.h instead"
#endif

#include <glib.h>
#include <xlsxwriter.h>
#include "xlsx_list.h"

/* The summary sheets: 汇总 (by category), 单位汇总, 社区汇总, 统计图. */
#define RD_XLSX_SUMMARY_SHEETS 4

/* One workbook being written: the request, the formats every sheet shares, and the first
 * libxlsxwriter error met (writing goes on to the end of the sheet, then stops). */
typedef struct rd_xlsx_writer {
  const rd_list_request *req;
  lxw_workbook *wb;
  gboolean constant_memory;
  GHashTable *sheet_names;       /* keys of names taken, see rd_xlsx_sheet_name */
  GHashTable *words;             /* templates/xlsx.ini, see rd_xlsx_word */
  char *summary_names[RD_XLSX_SUMMARY_SHEETS];  /* see rd_xlsx_reserve_summary_names */
  const char *cell_font, *title_font;
  lxw_format *title, *subtitle, *header, *group, *text, *centre, *number, *date;
  lxw_format *section, *total_label, *total_number, *rank_change, *risk_class;
  lxw_format *rate;              /* 化解率, 0.0% */
  lxw_format *high, *overdue;    /* conditional formats (high: also 化解率 below target) */
  /* Row heights of the list sheets, kept per record with the column widths they were measured
   * at: a record is listed on ~3.5 sheets, most of which share their widths (xlsx_list.c). */
  GArray *width_sets;            /* distinct widths of the wrapping columns, see row_lines */
  guint16 *lines_set;            /* per record: 1 + index into width_sets; 0: not measured */
  guint8 *lines;                 /* per record: its wrapped lines at that set's widths */
  lxw_error error;
  char *error_where;
} rd_xlsx_writer;

/* The workbook's wording from DATADIR/templates/xlsx.ini, "group.key" → text; NULL with an
 * error naming the file and the missing key. */
GHashTable *rd_xlsx_wording_load(const char *datadir, GError **error);
/* A word by "group.key" (e.g. "sheets.list"); every key was checked at load. */
const char *rd_xlsx_word(const rd_xlsx_writer *w, const char *key);

/* Remembers the first error (with where it happened); returns TRUE when e is no error. */
gboolean rd_xlsx_check(rd_xlsx_writer *w, lxw_error e, const char *where);

/* Cell writers: text always as a string (never a formula), empty text as a bordered blank. */
void rd_xlsx_put_text(rd_xlsx_writer *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                      const char *text, lxw_format *format);
void rd_xlsx_put_number(rd_xlsx_writer *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                        double value, lxw_format *format);
/* A merged one-row range holding text (title, group and section rows). */
void rd_xlsx_put_merged(rd_xlsx_writer *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t last_col,
                        const char *text, lxw_format *format);

/* Print setup every sheet gets: landscape on the profile's paper, margins, fit to one page
 * wide (the caller keeps the printed columns within rd_xlsx_print_budget), centred, print
 * area columns 0..last_col, rows `repeat_first`..`repeat_last` repeated on every page,
 * `title` in the page header, page numbers in the footer. */
void rd_xlsx_print_setup(rd_xlsx_writer *w, lxw_worksheet *ws, lxw_row_t repeat_first,
                         lxw_row_t repeat_last, lxw_col_t last_col, lxw_row_t last_row,
                         const char *title);

/* Pixels (96 dpi) the printed columns may take: the paper's width between the margins,
 * divided by the smallest scale that keeps 11 pt text at RD_XLSX_MIN_PRINTED_SIZE. */
double rd_xlsx_print_budget(const rd_xlsx_writer *w);

/* Pixel width (96 dpi) of a column `width` Excel units wide. */
double rd_xlsx_column_px(double width);

/* Excel width units of a column that holds `chars` half-width characters (a Chinese
 * character counts 2) of `size`-point text on a line. */
double rd_xlsx_column_units(int chars, double size);

/* The summary sheets (xlsx_summary.c): 汇总 by category, 单位汇总, 社区汇总 and 统计图, one
 * table per sheet so that each printed page starts with its table's header. */
void rd_xlsx_write_summary(rd_xlsx_writer *w);
/* Takes the summary sheets' names into w->summary_names before any unit sheet is named. */
void rd_xlsx_reserve_summary_names(rd_xlsx_writer *w);

/* Display width of UTF-8 text in "narrow character" units: East Asian wide and full-width
 * characters count 2, everything else 1; a line break starts a new line and the widest line
 * counts. */
int rd_xlsx_display_width(const char *text);

/* Lines a text needs when `capacity` half-width characters fit on a line: characters fill a
 * line until the next would not fit (a Chinese character never splits), and the text's own
 * line breaks start new lines. */
int rd_xlsx_wrapped_lines(const char *text, int capacity);

/* Chinese numeral for 1..99 (一, 十, 十一, 二十三); buf holds 16 bytes. */
const char *rd_xlsx_cn_numeral(int n, char buf[16]);

/* A valid, unique worksheet name for `name`: characters Excel forbids ([]:*?/\ and control
 * characters) become full-width look-alikes, a leading or trailing apostrophe is dropped, the
 * result is cut to 31 UTF-16 units, and a name already in `used` (compared case-insensitively,
 * as Excel does) gets a visible suffix "(2)", "(3)" … The new name's key is added to `used`
 * (a set created by rd_xlsx_sheet_names_new). Returns a newly allocated string. */
GHashTable *rd_xlsx_sheet_names_new(void);
char *rd_xlsx_sheet_name(GHashTable *used, const char *name);

/* Text safe for a cell: at most 32,767 characters (cut with "…"), control characters other
 * than tab and line break dropped, and "_xHHHH_" sequences protected so that readers do not
 * decode them. Returns text itself when it is already safe, else a string stored in *scratch
 * (freed by the caller with g_free). */
const char *rd_xlsx_cell_text(const char *text, char **scratch);

/* Page header text: "&C" + title with '&' doubled, cut to fit Excel's 255-character limit. */
char *rd_xlsx_page_header(const char *font, const char *title);

/* Excel serial day (1900 system) of an rd_day. */
double rd_xlsx_serial(rd_day day);

#endif
