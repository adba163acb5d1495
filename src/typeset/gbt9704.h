/* gbt9704.h — every layout number of GB/T 9704-2012 used by the engine, in one place, named
 * after the standard's terms (see docs/gbt9704.md). All lengths are PDF points
 * (1 pt = 1/72 in); RD_MM converts millimetres. */
#ifndef RISKDOC_GBT9704_H
#define RISKDOC_GBT9704_H

#define RD_MM(mm) ((mm) * 72.0 / 25.4)

/* Paper: A4 portrait. */
#define RD_PAPER_W RD_MM(210.0)
#define RD_PAPER_H RD_MM(297.0)
/* 天头 (paper top to 版心 top) and 订口 (paper left to 版心 left). */
#define RD_TIANTOU RD_MM(37.0)
#define RD_DINGKOU RD_MM(28.0)
/* 版心 (text block). */
#define RD_BANXIN_W RD_MM(156.0)
#define RD_BANXIN_H RD_MM(225.0)
/* Grid: 22 lines of 28 characters fill the 版心 exactly. Each line owns a cell of one pitch;
 * a line's em box is centred vertically in its cell, so cell 1 starts on the 版心 top and
 * cell 22 ends on the 版心 bottom. */
#define RD_LINES_PER_PAGE 22
#define RD_CHARS_PER_LINE 28
#define RD_LINE_PITCH (RD_BANXIN_H / RD_LINES_PER_PAGE)   /* 28.99 pt */
#define RD_CHAR_CELL (RD_BANXIN_W / RD_CHARS_PER_LINE)    /* 15.79 pt */

/* Font sizes (字号). */
#define RD_SIZE_2HAO 22.0   /* 标题 */
#define RD_SIZE_3HAO 16.0   /* 正文 and most elements */
#define RD_SIZE_4HAO 14.0   /* 版记, page numbers */
#define RD_SIZE_XIAOSI 12.0 /* wide tables */
#define RD_SIZE_5HAO 10.5   /* very wide tables, chart labels */

/* Ideographic em box of CJK fonts: the top is 0.88 em above the baseline. Vertical positions
 * of the standard ("top edge", "line") are taken on this box. */
#define RD_EM_ASCENT 0.88

/* 版头 */
#define RD_MARK_TOP RD_MM(35.0)         /* 发文机关标志 top edge below the 版心 top */
#define RD_MARK_SIZE 36.0               /* nominal size of the 发文机关标志 (小初) */
#define RD_MARK_MIN_SCALE 0.55          /* narrowest horizontal condensing before shrinking */
#define RD_MARK_BLANK_LINES 2           /* blank lines between 标志 and 发文字号 */
#define RD_SEPARATOR_GAP RD_MM(4.0)     /* red rule below the 发文字号 */
#define RD_SEPARATOR_WIDTH 1.0          /* red rule thickness, pt (not fixed by the standard) */
#define RD_TITLE_BLANK_LINES 2          /* blank lines between the red rule and the 标题 */

/* 版记 rules */
#define RD_BANJI_THICK RD_MM(0.35)
#define RD_BANJI_THIN RD_MM(0.25)

/* Page number: the dashes 7 mm below the 版心 bottom (em-box centre), 1 字 in. */
#define RD_FOLIO_DROP RD_MM(7.0)

/* Tables (not in the standard; one place so that measuring and drawing agree). Lengths in
 * em of the table's type size unless said otherwise. */
#define RD_TABLE_PAD 0.35           /* cell text inset left and right */
#define RD_TABLE_LINE_PITCH 1.45    /* line pitch inside a cell */
#define RD_TABLE_ROW_PAD 0.3        /* above the first and below the last line of a row */
#define RD_TABLE_RULE 0.6           /* cell rules, pt */
/* A dense table (@表格 紧凑: the archive ledger, read at a desk, not at arm's length): text
 * at a fixed line pitch of 1.15 em as offices set their printed 台账 (五号 at 固定值 12 磅),
 * a narrower inset and a hair of space above and below a row; between the row and the
 * spanning lines of one record only a rule (the pitch's own leading keeps text off it). */
#define RD_TABLE_DENSE_PAD 0.2
#define RD_TABLE_DENSE_LINE_PITCH 1.15
#define RD_TABLE_DENSE_ROW_PAD 0.05
/* A table row taller than a page is split over pages, at least this many lines a part. */
#define RD_TABLE_MIN_SPLIT_LINES 2
/* Rows kept together at a table's start (with its caption and header) and at its end (a
 * continued part, and the 合计 row with the row before it). */
#define RD_TABLE_KEEP_ROWS 2

/* @签字栏: the line to sign on, just under the labels' baseline (not in the standard). */
#define RD_SIGN_RULE_DROP 3.0
#define RD_SIGN_RULE_WIDTH 0.6

/* Seal: the usual 4.2 cm round seal. */
#define RD_SEAL_DIAMETER RD_MM(42.0)

/* Red of the 版头 (发文机关标志 and separator). */
#define RD_RED_R 0.90
#define RD_RED_G 0.0
#define RD_RED_B 0.07

#endif
