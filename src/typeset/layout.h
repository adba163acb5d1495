/* layout.h — the page builder and the layout state shared by the files that place a
 * document's parts (render.c: body blocks and the whole document; table.c; chart.c; head.c:
 * 版头, 标题, 主送, closing and 版记) and the PDF backend (pdf.c) that draws finished pages.
 *
 * Layout happens in "content" coordinates: the 版心 with its origin at its top-left corner
 * (for pages turned landscape, the rotated 版心, 225 × 156 mm). The parts of a document are
 * cut into items — a text line, a table row, a chart, a blank line — each a list of drawing
 * operations relative to its own top, with the cost of a page break before it. Items are
 * contributed in reading order to the page builder (page.c), which, like TeX's and SILE's,
 * holds the current page open and, when an item no longer fits, breaks the page at the best
 * allowed break point of it: the latest one whose penalty is not infinite (keeps are
 * infinite penalties). The items after that point move to the next page (a blank line that
 * would start it is dropped; a table's header is repeated before its rows, and a group's
 * heading, continued, before rows that go on with a group) and are placed there anew, under
 * what was repeated, so that the next page's breaks count that room. A page is final
 * once the builder leaves it, and is drawn and freed at once: memory follows one page and the
 * largest table's header, not the document. */
#ifndef RISKDOC_TYPESET_LAYOUT_H
#define RISKDOC_TYPESET_LAYOUT_H

#include "internal.h"

#define RD_EPS 0.01
#define RD_BASELINE_BELOW_CENTRE(size) ((RD_EM_ASCENT - 0.5) * (size))
/* A page break that a keep forbids. */
#define RD_PENALTY_INF 10000

typedef enum { OP_TEXT, OP_HRULE, OP_VRULE, OP_IMAGE, OP_BAR } rd_op_kind;

typedef struct rd_op {
  rd_op_kind kind;
  rd_para *para;     /* text: a reference held by the item or page holding the op */
  rd_line line;
  double x, y;       /* text: left and baseline; rules: start and centre line; image: top-left */
  double len, thick; /* rules: length and thickness; image and bar: width and height */
  double sx;         /* text: horizontal scale (condensed 发文机关标志) */
  double r, g, b;
} rd_op;

typedef struct rd_page {
  GArray *ops;        /* rd_op, in page content coordinates */
  GPtrArray *paras;   /* the references its text ops need */
  GPtrArray *runs;    /* a page a counting pass keeps: rd_runs of each text op, in order,
                         instead of paras (pdf.c) */
  gboolean landscape;
  gboolean numbered;
} rd_page;

/* A piece of vertical material the page builder places whole. */
typedef struct rd_item {
  GArray *ops;           /* rd_op, y relative to the item's top */
  GPtrArray *paras;      /* references to the shaped text its ops draw */
  double h;              /* height */
  gboolean grid;         /* a text line: its top snaps to the next grid cell */
  int penalty;           /* cost of a page break before it: 0, or RD_PENALTY_INF */
  gboolean discard;      /* a blank line: dropped when a page break leaves it on top */
  struct rd_item *head;  /* a table row: the header to repeat above it on a new page */
  struct rd_item *group; /* a table row inside a group (@表格 续=): the group's heading as
                          * continued, to repeat under the header on a new page it starts */
  gboolean close_rule;   /* a slice of a split table row: rule it off when a page ends here */
  gboolean repeat;       /* a repeated table header */
  int line;              /* source line (for messages) */
} rd_item;

typedef struct lay {
  rd_typesetter *ts;
  const rd_document *doc;
  GPtrArray *pages;     /* rd_page; pages before the current one are drawn and emptied */
  guint flushed;        /* pages[0, flushed) are drawn */
  GPtrArray *pending;   /* rd_item on the current page below y, not yet committed */
  double pend_y;        /* bottom of the pending items */
  GPtrArray *heads;     /* rd_item: table headers to repeat, freed with the layout */
  int keep_next;        /* the next so many lines get an infinite penalty (keep with previous) */
  cairo_t *cr;          /* where pages are drawn; NULL when only counting pages */
  struct rd_subsets *subsets; /* the fonts pages are drawn in; a counting pass notes glyphs */
  gboolean keep;        /* a counting pass keeps the pages it noted (pdf.c says how many) */
  gsize kept_bytes;     /* what the kept pages' runs hold */
  rd_runs_block *runs_block; /* where the next page's runs are sealed */
  int count;            /* pages counted by a first pass (for 页码 M), else -1 */
  rd_page *cur;
  double y;             /* committed bottom of the current page */
  double w, h;          /* content size */
  gboolean landscape;
  cairo_surface_t *seal;
  GError **error;       /* set once: the first error of the layout */
  gboolean failed;
  rd_banji_place banji; /* where the 版记 went (rd_banji_place_of) */
} lay;

/* ---- page.c: pages, items and the page builder ---- */

int rd_cell_at(double y);                        /* first grid cell at or below y */
double rd_baseline_in_cell(int cell, double size);

/* Starts a page by force (@分页, an attachment, the 版记): pending items are committed first. */
void rd_new_page(lay *L, gboolean landscape);
/* The layout's first page (sets up the builder); rd_layout_end frees what is left. */
void rd_open_first_page(lay *L, gboolean landscape);
void rd_layout_end(lay *L);
GPtrArray *rd_pages_new(void);
/* Lets a page's contents go (drawn, or forgotten by a counting pass); the page stays. */
void rd_page_empty(rd_page *pg);
/* Draws (when drawing) and empties pages [flushed, upto). */
void rd_flush_pages(lay *L, guint upto);
/* Commits every pending item (breaking pages as needed); the current page's y is then final. */
void rd_flush_pending(lay *L);
/* Operations placed directly on the current page (版头, 版记), in page coordinates. */
rd_op *rd_page_op(lay *L, rd_op_kind kind);
void rd_page_text(lay *L, rd_para *p, const rd_line *line, double x, double baseline);
void rd_page_hold(lay *L, rd_para *p);           /* takes a reference for the page */

rd_item *rd_item_new(double h, gboolean grid);
void rd_item_free(rd_item *it);
rd_op *rd_item_op(rd_item *it, rd_op_kind kind);
void rd_item_text(rd_item *it, rd_para *p, const rd_line *line, double x, double baseline);
void rd_item_hrule(rd_item *it, double x, double y, double len, double thick);
void rd_item_vrule(rd_item *it, double x, double y, double len, double thick);
/* Hands the item to the page builder (which owns it from then on). */
void rd_contribute(lay *L, rd_item *it);

/* One grid line of p (a line of the break), at x, with the penalty before it. (Every item
 * contributed while L->keep_next counts down gets an infinite one.) */
void rd_add_line(lay *L, rd_para *p, const rd_line *ln, double x, int penalty);
/* Lines of p: line 0 at x0, the others at x1; align 0 left, 1 centre, 2 right (within
 * [0, w]). keep: no page break between them. */
void rd_add_lines(lay *L, rd_para *p, GArray *lines, double x0, double x1, int align,
                  gboolean keep);
/* A blank grid line, dropped at the top of a page; penalty before it as given. */
void rd_add_blank(lay *L, int penalty);
/* Records the first error of the layout (a printf message naming the document line). */
void rd_layout_fail(lay *L, int code, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
/* Shapes text for the layout; a character no font has fails the layout, naming line. */
rd_para *rd_shape(lay *L, const char *text, rd_font_role role, double size, double cell, int line);
rd_para *rd_shape_segs(lay *L, const rd_seg *segs, int nsegs, double cell, int line);

/* ---- table.c, chart.c ---- */
void rd_place_table(lay *L, const rd_block *b);
void rd_place_chart(lay *L, const rd_block *b);
/* A caption (黑体 3号, centred), its lines kept together; what it labels keeps with it. */
void rd_place_caption(lay *L, const char *text, int line);

/* ---- head.c ---- */
void rd_place_head(lay *L);
void rd_place_title(lay *L);
void rd_place_recipients(lay *L);
/* The 附件说明 and, when signature is TRUE, 署名, 成文日期, seal and 附注; kept together
 * and with the last line before them. */
void rd_place_closing(lay *L, gboolean attach_note, gboolean signature);
void rd_place_banji(lay *L);
int rd_numbered_attachments(const rd_document *d);

/* ---- render.c: the whole layout, drawing into cr in subsets' faces (subsets NULL: the
 * whole faces), or with cr NULL counting the pages and noting their glyphs into subsets;
 * when kept is not NULL, it receives the pages, their text as runs, unless those outgrow
 * RD_KEEP_BYTES (pdf.c). count is the page count of a first pass (for 页码 M) or -1; banji
 * (may be NULL) receives where the 版记 went. Returns the page count, or -1 with error set. ---- */
int rd_lay_out(rd_typesetter *ts, const rd_document *doc, cairo_surface_t *seal, cairo_t *cr,
               struct rd_subsets *subsets, int count, GPtrArray **kept, rd_banji_place *banji,
               GError **error);

/* Gives place, where doc's layout without a seal put the 版记, to the typesetter's slot. */
void rd_banji_publish(rd_typesetter *ts, const rd_document *doc, const rd_banji_place *place);

/* ---- pdf.c: drawing finished pages ---- */
void rd_draw_page(lay *L, const rd_page *pg, int index);
/* A counting pass: notes the glyphs rd_draw_page will draw (subset.h). Returns TRUE when
 * the page is kept as it is, to be drawn after the pass (L->keep). */
gboolean rd_note_page(lay *L, rd_page *pg, int index);

/* ---- pdf_pack.c: the file as written ---- */
/* Writes cairo's finished PDF (pdf, len bytes) to fd, rewritten with its objects in
 * compressed object streams; path names the file in the error. FALSE with error set when
 * the rewrite or a write failed (fd's file is then incomplete: the caller's policy drops it). */
gboolean rd_pdf_pack_write(const guint8 *pdf, gsize len, int fd, const char *path,
                           GError **error);

#endif
