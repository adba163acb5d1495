/* model.h — the document model as renderers read it: what rd_document_parse makes from the
 * plain-text format (docs/typeset.md) and rd_document_apply_profile completes. Both renderers
 * (the PDF engine of src/typeset/ and the DOCX writer of src/docx/) read this one model and
 * never change it; only document.c builds it.
 *
 * Text fields hold the text as written, escapes resolved, with a {name} kept as the no-break
 * marks U+E000 … U+E001 (rd_model_printed_text gives the text as printed). */
#ifndef RISKDOC_TYPESET_MODEL_H
#define RISKDOC_TYPESET_MODEL_H

#include <glib.h>
#include "typeset/typeset.h"

G_BEGIN_DECLS

typedef enum {
  RD_BLOCK_PARAGRAPH,
  RD_BLOCK_HEADING,
  RD_BLOCK_LIST_ITEM,
  RD_BLOCK_TABLE,
  RD_BLOCK_CHART,
  RD_BLOCK_PAGEBREAK,
  RD_BLOCK_CENTER,    /* a centred line (table captions and the like) */
  RD_BLOCK_SIGNLINES  /* @签字栏: labels, each followed by a line to sign on */
} rd_block_kind;

typedef struct rd_block {
  rd_block_kind kind;
  int level;          /* heading level 1..4 */
  char *number;       /* heading number ("一、") or NULL */
  char *text;         /* paragraph / heading text, escapes resolved, braces kept as marks */
  int line;           /* source line, for messages */
  GPtrArray *rows;    /* table and chart: rows of GStrv cells; row 0 is the header;
                       * 签字栏: one row of labels. A table row of one cell under a header
                       * of several is a spanning line (rd_table_row_spans) */
  GArray *row_lines;  /* table and chart: the source line of each row (int), or NULL */
  GArray *row_levels; /* table: per row (int), the level of a group heading (a spanning line
                       * written `| # 文字 |`, its text numbered), else 0; NULL when none */
  double *widths;     /* table: relative column widths (列宽=), one per column, or NULL */
  char *caption;      /* chart title */
  double font_size;   /* table: 0 = automatic */
  gboolean dense;     /* table: @表格 紧凑 — the dense cell geometry (archive ledgers) */
  char *continued;    /* table: @表格 续=文字 — a page that continues a group starts, under
                       * the repeated header, with the group's heading and this text after
                       * it (the PDF; "" the heading alone); NULL: no heading repeated */
} rd_block;

typedef struct rd_attachment {
  char *title;
  gboolean landscape;
  gboolean issued;    /* @印发件: the document a 印发 notice issues: no 附件 label, no number */
  GPtrArray *blocks;  /* rd_block */
  int line;
} rd_attachment;

struct rd_document {
  char *name;
  gsize text_bytes;       /* the length of the text parsed (pdf.c: what keeping its pages costs) */
  char *copy_number;      /* 份号 */
  char *secret;           /* 密级和保密期限 */
  char *urgency;          /* 紧急程度 */
  GPtrArray *issuers;     /* 发文机关标志: one name, or several for joint issuers */
  char *mark_suffix;      /* 标志后缀 (文件) shown to the right of joint names */
  char *doc_number;       /* 发文字号 */
  char *signers;          /* 签发人 (上行文) */
  GPtrArray *title_lines; /* 标题: one entry (broken automatically) or given lines */
  char *title_flat;       /* for metadata */
  char *main_recipients;  /* 主送机关 */
  GPtrArray *body;        /* rd_block */
  char *signature;        /* 署名 */
  char *date;             /* 成文日期 as printed (2024年5月20日) */
  int year, month, day;
  char *seal;             /* seal image path */
  char *note;             /* 附注 (without brackets) */
  gboolean attach_list;   /* print 附件说明 (default TRUE) */
  GPtrArray *attachments; /* rd_attachment */
  char *cc;               /* 抄送 */
  char *printer;          /* 印发机关 */
  char *print_date;       /* 印发日期 as printed */
  int double_sided;       /* -1 unset, 0, 1 */
  char *author;           /* metadata author, defaults to the issuer */
  char *subject, *keywords;
  char *basedir;          /* folder of the document file, for a relative seal path */
  gboolean plain;         /* 版头: 否 — the profile fills nothing (交办单, 台账) */
  gboolean landscape;     /* 版面: 横向 — every page turned landscape */
  gboolean cover;         /* 封面: 是 — page 1 is a cover: no page number, not counted */
  char *folio;            /* 页码: a pattern with N (page) and M (pages); NULL the
                           * standard — N —; "" none */
  GHashTable *field_lines; /* front-matter field (its name in docs/typeset.md, aliases
                            * resolved) -> GArray of the document lines that set it: one
                            * per issuer / 标题 line for those repeated fields, else the
                            * last; fields the profile filled have none */
};

/* The document line (1-based) that set front-matter field key (发文机关标志, 标题: the
 * index-th of them), or 0 when the document did not write it (the profile filled it, or it
 * is not set): messages about the field name that line. */
int rd_model_field_line(const rd_document *doc, const char *key, guint index);

/* A text field as the PDF prints it (rd_text_clean): the no-break marks removed, stray ASCII
 * spaces next to Chinese text dropped, ASCII punctuation inside Chinese text made full-width.
 * A new string ("" for NULL). */
char *rd_model_printed_text(const char *text);

/* The width (points) of text set in role at size as the PDF sets it; on_grid: full-width
 * characters take the grid's cell (正文 at 3号), else their natural width. */
double rd_model_text_width(rd_typesetter *ts, const char *text, rd_font_role role, double size,
                           gboolean on_grid);

/* Row r of a table block is a spanning line: one cell under a header of several, set across
 * the whole width as part of the row above it (a record's long text under its short fields;
 * right under the header, part of the header). A record is never split over pages unless it
 * is taller than a page. */
gboolean rd_table_row_spans(const rd_block *b, guint r);

/* Row r of a table block is a group heading: a spanning line of its own (not part of the
 * record above) set like a heading of the returned level (1..4; 0: not one), numbered with
 * the document's headings, kept with the two records after it; the records of a group keep
 * the table's keeps (its last two stay together). */
int rd_table_row_heading(const rd_block *b, guint r);

/* A table's cell geometry in em of its type size, as both renderers set it
 * (RD_TABLE_* or, for a dense table, RD_TABLE_DENSE_* of gbt9704.h): text inset left and
 * right, line pitch, space above the first and below the last line of a row. */
typedef struct rd_table_geometry {
  double pad, pitch, row_pad;
} rd_table_geometry;
rd_table_geometry rd_table_geometry_of(const rd_block *b);

/* Column widths of a table block as the PDF lays it out in a text block width points wide:
 * fills colw (one per column, summing to width) and returns the font size chosen (the
 * largest of the standard's sizes at which the columns fit, unless the table gives one). */
double rd_table_columns(rd_typesetter *ts, const rd_block *b, double width, double *colw);

/* A chart block (RD_BLOCK_CHART) drawn as a PNG of width × height points at dpi, as the PDF
 * draws it; NULL with error. The PDF gives a chart min(12, lines of the page) grid lines. */
#define RD_CHART_LINES 12
GBytes *rd_chart_png(rd_typesetter *ts, const rd_block *b, double width, double height,
                     double dpi, GError **error);

/* How the PDF of doc, laid out without a seal (as the DOCX sets the 署名), places its 版记. */
typedef struct rd_banji_place {
  int breaks;   /* new pages before it: 0 on the last page of the text, 1 on a new page
                 * (double-sided: the back of an odd last page; single-sided: no room left),
                 * 2 after a blank page (double-sided, no room on an even last page) */
  int lines;    /* the grid lines it takes: the 抄送's lines and the 印发 line (0: no 版记) */
} rd_banji_place;
/* FALSE with error when the document cannot be laid out. */
gboolean rd_banji_place_of(rd_typesetter *ts, const rd_document *doc, rd_banji_place *place,
                           GError **error);
/* As rd_banji_place_of, taking the place from the typesetter's slot (rd_typesetter_set_banji_slot)
 * when the PDF of this document published it there. */
gboolean rd_banji_place_known(rd_typesetter *ts, const rd_document *doc, rd_banji_place *place,
                              GError **error);

G_END_DECLS

#endif
