/* xlsx_layout.h — the layout numbers of the 责任清单 workbook, in one place.
 *
 * Units: column widths in Excel character units (the width of '0'; a Chinese character needs
 * about 2), heights in points, margins in inches (Excel's unit for page margins).
 */
#ifndef RISKDOC_XLSX_LAYOUT_H
#define RISKDOC_XLSX_LAYOUT_H

/* Above this many listed rows the workbook is written in constant-memory mode. */
#define RD_XLSX_CONSTANT_MEMORY_ROWS 50000

/* Fonts: sizes in points (the names come from the office profile). Page header and footer
 * are scaled with the sheet, so they start at 12 pt to stay legible. */
#define RD_XLSX_TITLE_SIZE 18.0
#define RD_XLSX_HEADER_SIZE 12.0
#define RD_XLSX_CELL_SIZE 11.0
#define RD_XLSX_PAGE_HEADER_SIZE 12

/* Printed legibility: the print columns are narrowed until fitting them to the paper's width
 * scales the body text to no less than this: 10 pt, with a margin for LibreOffice, which fits
 * a few per cent smaller than this arithmetic (measured: 0.96 of it). */
#define RD_XLSX_MIN_PRINTED_SIZE 10.8

/* Column geometry. The workbook's default font is Arial 11: its widest digit, 8 px at 96 dpi,
 * is the unit of every column width, and Arial has a metric twin (Liberation Sans) wherever
 * LibreOffice runs, so the widths below are the same in Excel, WPS and LibreOffice
 * (libxlsxwriter's Calibri is replaced on Linux by fonts with 30 % wider digits, which
 * shrinks every fitted page by as much). A width of w units is w × 8 + 5 px; a cell keeps
 * about 3 px free on each side; a half-width character is half an em of the cell font. */
#define RD_XLSX_DEFAULT_FONT "Arial"
#define RD_XLSX_UNIT_PX 8.0
#define RD_XLSX_COLUMN_PAD_PX 5.0
#define RD_XLSX_CELL_INSET_PX 3.0
#define RD_XLSX_PX_PER_PT (96.0 / 72.0)

/* Row heights. A wrapped line of 11 pt text needs 15 pt (LibreOffice with the free Noto CJK
 * fallback: 14.4 pt, measured; Excel with 仿宋_GB2312: 14.25 pt). Headers hold two lines of
 * 12 pt. */
#define RD_XLSX_TITLE_HEIGHT 36.0
#define RD_XLSX_TITLE_LINE 27.0     /* a wrapped line of the 18 pt title */
#define RD_XLSX_HEADER_HEIGHT 40.0
#define RD_XLSX_GROUP_HEIGHT 22.0
#define RD_XLSX_LINE_HEIGHT 15.0
#define RD_XLSX_ROW_PADDING 4.0
#define RD_XLSX_MAX_LINES 27        /* 409 pt is Excel's largest row height */

/* List columns: content width + padding in half-width characters, clamped per column
 * between its min and max. */
#define RD_XLSX_WIDTH_PADDING 2

/* Paper (Excel's paper codes) and its landscape width in inches; margins in inches: 1.5 cm
 * left/right, 2.5 cm top/bottom. */
#define RD_XLSX_PAPER_A4 9
#define RD_XLSX_PAPER_A3 8
#define RD_XLSX_A4_LANDSCAPE_WIDTH 11.69
#define RD_XLSX_A3_LANDSCAPE_WIDTH 16.54
#define RD_XLSX_MARGIN_LEFT 0.59
#define RD_XLSX_MARGIN_RIGHT 0.59
#define RD_XLSX_MARGIN_TOP 0.98
#define RD_XLSX_MARGIN_BOTTOM 0.98

/* Page footer, in Excel's header/footer codes. */
#define RD_XLSX_FOOTER "&C&12第 &P 页 共 &N 页"

/* Colours of the conditional formats (HIGH: 高 and a 化解率 below target) and the group rows. */
#define RD_XLSX_HIGH_FILL 0xFFC7CE
#define RD_XLSX_HIGH_FONT 0x9C0006
#define RD_XLSX_OVERDUE_FILL 0xFFEB9C
#define RD_XLSX_GROUP_FILL 0xDDEBF7
#define RD_XLSX_HEADER_FILL 0xD9D9D9

/* Charts (统计图 sheet): size in pixels, each on its own printed page; the unit chart shows
 * this many units. */
#define RD_XLSX_CHART_WIDTH 900
#define RD_XLSX_CHART_HEIGHT 520
#define RD_XLSX_CHART_TOP_UNITS 10
#define RD_XLSX_CHART_ROWS 27       /* rows a chart covers at the default row height (20 px) */
#define RD_XLSX_CHART_FONT_SIZE 11.0

#endif
