/* xlsx_layout.h — the layout numbers of the 责任清单 workbook, in one place.
 *
 * Units: column widths in Excel character units (the width of '0'; a Chinese character needs
 * about 2), heights in points, margins in inches (Excel's unit for page margins).
 */
#ifndef RISKDOC_XLSX_LAYOUT_H
#define RISKDOC_XLSX_LAYOUT_H

/* Above this many listed rows the workbook is written in constant-memory mode. */
#define RD_XLSX_CONSTANT_MEMORY_ROWS 50000

/* Fonts: sizes in points (the names come from the office profile). */
#define RD_XLSX_TITLE_SIZE 18.0
#define RD_XLSX_HEADER_SIZE 12.0
#define RD_XLSX_CELL_SIZE 11.0
#define RD_XLSX_PAGE_HEADER_SIZE 10

/* Row heights. A wrapped cell line of 11 pt text needs about 15 pt. */
#define RD_XLSX_TITLE_HEIGHT 36.0
#define RD_XLSX_HEADER_HEIGHT 30.0
#define RD_XLSX_GROUP_HEIGHT 22.0
#define RD_XLSX_LINE_HEIGHT 15.0
#define RD_XLSX_ROW_PADDING 4.0
#define RD_XLSX_MAX_LINES 27        /* 409 pt is Excel's largest row height */

/* Column widths: content width + padding, clamped per column between its min and max. */
#define RD_XLSX_WIDTH_PADDING 2

/* A4 landscape margins (inches): 2 cm left/right, 2.5 cm top/bottom, 1.2 cm header/footer. */
#define RD_XLSX_PAPER_A4 9
#define RD_XLSX_MARGIN_LEFT 0.79
#define RD_XLSX_MARGIN_RIGHT 0.79
#define RD_XLSX_MARGIN_TOP 0.98
#define RD_XLSX_MARGIN_BOTTOM 0.98

/* Page footer, in Excel's header/footer codes. */
#define RD_XLSX_FOOTER "&C第 &P 页 共 &N 页"

/* Colours of the conditional formats and the group rows. */
#define RD_XLSX_HIGH_FILL 0xFFC7CE
#define RD_XLSX_HIGH_FONT 0x9C0006
#define RD_XLSX_OVERDUE_FILL 0xFFEB9C
#define RD_XLSX_GROUP_FILL 0xDDEBF7
#define RD_XLSX_HEADER_FILL 0xD9D9D9

/* Charts on the 汇总 sheet: size in pixels; the unit chart shows this many units. */
#define RD_XLSX_CHART_WIDTH 720
#define RD_XLSX_CHART_HEIGHT 360
#define RD_XLSX_CHART_TOP_UNITS 10
#define RD_XLSX_CHART_ROWS 20       /* rows a chart covers at the default row height */

#endif
