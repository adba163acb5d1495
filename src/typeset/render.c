/* render.c — a document's body blocks and attachments over the page builder (layout.h),
 * the whole document's layout, and its PDF output.
 *
 * A document is laid out in reading order: 版头 (head.c), 标题 and 主送, the body blocks
 * (paragraphs and headings here, tables in table.c, charts in chart.c), the closing, the
 * attachments, the 版记. Pages are drawn as the page builder finishes them. A 页码 pattern
 * with the page count (M) is laid out twice: once to count the pages, once to draw. */
#include <math.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <fcntl.h>
#include <cairo-pdf.h>
#include "layout.h"
#include "output.h"
#include "subset.h"

/* ---- body blocks ---- */

static const rd_font_role heading_role[5] = {
  RD_ROLE_FANGSONG, RD_ROLE_HEITI, RD_ROLE_KAITI, RD_ROLE_FANGSONG, RD_ROLE_FANGSONG
};

/* Lines that must follow a heading on its page (keep with next). */
#define HEADING_KEEP_LINES 2

/* The line of lines holding byte offset `at` of p. */
static int line_of(const rd_para *p, GArray *lines, int at)
{
  for (guint i = 0; i < lines->len; i++) {
    const rd_line *ln = &g_array_index(lines, rd_line, i);
    if (ln->c1 > 0 && p->cl[ln->c1 - 1].end >= at)
      return (int)i;
  }
  return (int)lines->len - 1;
}

/* A paragraph or heading: a run-in heading is set in its face up to its first 。. A heading
 * keeps with the next two lines of what follows it (also a run-in heading: the two lines
 * after the one where its heading part ends). A paragraph may break anywhere. */
static void place_paragraph(lay *L, const rd_block *b)
{
  rd_seg segs[2];
  int nseg = 1;
  char *head = NULL;
  const char *rest = NULL;
  gboolean heading = b->kind == RD_BLOCK_HEADING;
  rd_font_role role = heading ? heading_role[CLAMP(b->level, 0, 4)] : RD_ROLE_FANGSONG;
  char *full = g_strconcat(b->number ? b->number : "", b->text ? b->text : "", NULL);
  const char *stop = heading ? strstr(full, "。") : NULL;
  if (stop && stop[strlen("。")]) {
    head = g_strndup(full, stop + strlen("。") - full);
    rest = stop + strlen("。");
    segs[0] = (rd_seg){ head, role, RD_SIZE_3HAO };
    segs[1] = (rd_seg){ rest, RD_ROLE_FANGSONG, RD_SIZE_3HAO };
    nseg = 2;
  } else
    segs[0] = (rd_seg){ full, role, RD_SIZE_3HAO };
  rd_para *p = rd_shape_segs(L, segs, nseg, RD_CHAR_CELL, b->line);
  double indent = 2 * RD_CHAR_CELL;
  double cont = b->kind == RD_BLOCK_LIST_ITEM ? indent : 0;
  GArray *lines = rd_para_break(p, L->w - indent, L->w - cont, TRUE);
  /* the last line that must share the heading's page */
  int keep_to = -1;
  if (heading)
    keep_to = (nseg == 2 ? line_of(p, lines, (int)strlen(head) - 2) : (int)lines->len - 1) +
              HEADING_KEEP_LINES;
  for (guint i = 0; i < lines->len; i++)
    rd_add_line(L, p, &g_array_index(lines, rd_line, i), i == 0 ? indent : cont,
                i > 0 && (int)i <= keep_to ? RD_PENALTY_INF : 0);
  if (keep_to >= (int)lines->len)
    L->keep_next = MAX(L->keep_next, keep_to - (int)lines->len + 1);
  g_array_free(lines, TRUE);
  rd_para_free(p);
  g_free(head);
  g_free(full);
}

void rd_place_caption(lay *L, const char *text, int line)
{
  rd_para *p = rd_shape(L, text, RD_ROLE_HEITI, RD_SIZE_3HAO, RD_CHAR_CELL, line);
  rd_para_mark_words(L->ts, p, FALSE);
  GArray *lines = rd_para_break_balanced(p, L->w);
  rd_add_lines(L, p, lines, 0, 0, 1, TRUE);
  g_array_free(lines, TRUE);
  rd_para_free(p);
}

static void place_centered(lay *L, const char *text, rd_font_role role, double size, int line)
{
  rd_para *p = rd_shape(L, text, role, size, size == RD_SIZE_3HAO ? RD_CHAR_CELL : 0, line);
  rd_para_mark_words(L->ts, p, FALSE);
  GArray *lines = rd_para_break_balanced(p, L->w);
  rd_add_lines(L, p, lines, 0, 0, 1, TRUE);
  g_array_free(lines, TRUE);
  rd_para_free(p);
}

/* @签字栏: one line of labels (填报人 审核人 日期), each followed by a rule to sign on,
 * sharing the width evenly, a blank line above; kept with what it signs. */
static void place_signlines(lay *L, const rd_block *b)
{
  GStrv labels = g_ptr_array_index(b->rows, 0);
  int n = (int)g_strv_length(labels);
  rd_add_blank(L, RD_PENALTY_INF);
  rd_item *it = rd_item_new(RD_LINE_PITCH, TRUE);
  it->penalty = RD_PENALTY_INF;
  double base = 0.5 * RD_LINE_PITCH + RD_BASELINE_BELOW_CENTRE(RD_SIZE_3HAO);
  double slot = L->w / n;
  for (int i = 0; i < n; i++) {
    char *text = g_strconcat(labels[i], "：", NULL);
    rd_para *p = rd_shape(L, text, RD_ROLE_FANGSONG, RD_SIZE_3HAO, RD_CHAR_CELL, b->line);
    g_free(text);
    rd_line ln = { 0, p->ncl, 0 };
    ln.width = rd_para_set_natural(p, 0, p->ncl);
    double x = i * slot;
    rd_item_text(it, p, &ln, x, base);
    double rule_len = slot - ln.width - RD_CHAR_CELL;   /* 1 字 before the next label */
    if (rule_len > RD_CHAR_CELL)
      rd_item_hrule(it, x + ln.width, base + RD_SIGN_RULE_DROP, rule_len, RD_SIGN_RULE_WIDTH);
    rd_para_free(p);
  }
  rd_contribute(L, it);
}

static void place_blocks(lay *L, GPtrArray *blocks)
{
  for (guint i = 0; i < blocks->len && !L->failed; i++) {
    const rd_block *b = g_ptr_array_index(blocks, i);
    switch (b->kind) {
    case RD_BLOCK_PARAGRAPH:
    case RD_BLOCK_HEADING:
    case RD_BLOCK_LIST_ITEM:
      place_paragraph(L, b);
      break;
    case RD_BLOCK_CENTER:
      place_centered(L, b->text, RD_ROLE_HEITI, RD_SIZE_3HAO, b->line);
      L->keep_next = MAX(L->keep_next, HEADING_KEEP_LINES);
      break;
    case RD_BLOCK_PAGEBREAK:
      rd_new_page(L, L->landscape);
      break;
    case RD_BLOCK_TABLE:
      if (b->caption)
        rd_place_caption(L, b->caption, b->line);
      rd_place_table(L, b);
      break;
    case RD_BLOCK_CHART:
      rd_place_chart(L, b);
      break;
    case RD_BLOCK_SIGNLINES:
      place_signlines(L, b);
      break;
    }
  }
}

/* ---- 附件 ---- */

static gboolean has_issued(const rd_document *d)
{
  return rd_numbered_attachments(d) < (int)d->attachments->len;
}

/* A line of its own flush left (附件N). */
static void place_label_line(lay *L, const char *text, rd_font_role role, int line)
{
  rd_para *p = rd_shape(L, text, role, RD_SIZE_3HAO, RD_CHAR_CELL, line);
  rd_line ln = { 0, p->ncl, 0 };
  ln.width = rd_para_set_natural(p, 0, p->ncl);
  rd_add_line(L, p, &ln, 0, 0);
  rd_para_free(p);
}

static void place_attachments(lay *L)
{
  const rd_document *d = L->doc;
  int number = 0, numbered = rd_numbered_attachments(d);
  for (guint i = 0; i < d->attachments->len && !L->failed; i++) {
    rd_attachment *a = g_ptr_array_index(d->attachments, i);
    rd_new_page(L, a->landscape);
    char label[32];
    if (!a->issued) {
      number++;
      if (numbered > 1)
        g_snprintf(label, sizeof label, "附件%d", number);
      else
        g_snprintf(label, sizeof label, "附件");
      place_label_line(L, label, RD_ROLE_HEITI, a->line);   /* line 1 */
      rd_add_blank(L, RD_PENALTY_INF);                      /* line 2 */
    }
    if (a->title && *a->title) {
      rd_para *p = rd_shape(L, a->title, RD_ROLE_XIAOBIAOSONG, RD_SIZE_2HAO, 0, a->line);
      rd_para_mark_words(L->ts, p, FALSE);
  GArray *lines = rd_para_break_balanced(p, L->w);      /* line 3 */
      L->keep_next = 0;
      rd_add_lines(L, p, lines, 0, 0, 1, TRUE);
      g_array_free(lines, TRUE);
      rd_para_free(p);
      rd_add_blank(L, RD_PENALTY_INF);
      L->keep_next = HEADING_KEEP_LINES;
    }
    place_blocks(L, a->blocks);
    /* the 附件说明 of a 印发 notice closes the issued document */
    if (a->issued && (i + 1 == d->attachments->len ||
                      !((rd_attachment *)g_ptr_array_index(d->attachments, i + 1))->issued))
      rd_place_closing(L, TRUE, FALSE);
  }
}

/* ---- drawing ---- */

/* The page number as the document asks: the standard's "— N —", or its 页码 pattern with N
 * the page and M the page count. */
static char *folio_text(const rd_document *d, int number, int count)
{
  if (!d->folio)
    return g_strdup_printf("\xE2\x80\x94\xE2\x80\x82%d\xE2\x80\x82\xE2\x80\x94", number);
  GString *s = g_string_new(NULL);
  for (const char *p = d->folio; *p; p++) {
    if (*p == 'N')
      g_string_append_printf(s, "%d", number);
    else if (*p == 'M')
      g_string_append_printf(s, "%d", count);
    else if (*p == ' ')
      g_string_append(s, "\xE2\x80\x82");   /* an en space: the cleaner drops ASCII ones */
    else
      g_string_append_c(s, *p);
  }
  return g_string_free(s, FALSE);
}

static rd_para *folio_para(rd_typesetter *ts, const rd_document *d, int number, int count,
                           rd_line *ln)
{
  char *text = folio_text(d, number, count);
  rd_para *p = rd_para_simple(ts, text, RD_ROLE_SONGTI, RD_SIZE_4HAO, 0);
  g_free(text);
  *ln = (rd_line){ 0, p->ncl, 0 };
  ln->width = rd_para_set_natural(p, 0, p->ncl);
  return p;
}

/* Page numbers sit where portrait pages have them, also on pages turned landscape (the
 * standard's rule for tables): 7 mm below the 版心, odd pages right, even pages left, 1 字 in.
 * Without cr, notes its glyphs: a counting pass does not know the count yet and notes the
 * number's digits only (render_to notes the count's). */
static void draw_page_number(lay *L, cairo_t *cr, int number, int count)
{
  rd_line ln;
  rd_para *p = folio_para(L->ts, L->doc, number, cr || count >= 0 ? count : number, &ln);
  double base = RD_TIANTOU + RD_BANXIN_H + RD_FOLIO_DROP + RD_BASELINE_BELOW_CENTRE(RD_SIZE_4HAO);
  double x = number % 2 ? RD_DINGKOU + RD_BANXIN_W - RD_SIZE_4HAO - ln.width
                        : RD_DINGKOU + RD_SIZE_4HAO;
  if (cr) {
    cairo_set_source_rgb(cr, 0, 0, 0);
    rd_subsets_draw_line(L->subsets, cr, p, &ln, x, base);
  } else
    rd_subsets_note_line(L->subsets, p, &ln);
  rd_para_free(p);
}

static void draw_op(lay *L, cairo_t *cr, const rd_op *o)
{
  cairo_set_source_rgb(cr, o->r, o->g, o->b);
  switch (o->kind) {
  case OP_TEXT:
    if (o->sx != 1.0) {
      cairo_save(cr);
      cairo_translate(cr, o->x, o->y);
      cairo_scale(cr, o->sx, 1.0);
      rd_subsets_draw_line(L->subsets, cr, o->para, &o->line, 0, 0);
      cairo_restore(cr);
    } else
      rd_subsets_draw_line(L->subsets, cr, o->para, &o->line, o->x, o->y);
    break;
  case OP_HRULE:
    cairo_rectangle(cr, o->x, o->y - o->thick / 2, o->len, o->thick);
    cairo_fill(cr);
    break;
  case OP_VRULE:
    cairo_rectangle(cr, o->x - o->thick / 2, o->y, o->thick, o->len);
    cairo_fill(cr);
    break;
  case OP_BAR:
    cairo_rectangle(cr, o->x, o->y, o->len, o->thick);
    cairo_fill(cr);
    break;
  case OP_IMAGE:
    if (L->seal) {
      double iw = cairo_image_surface_get_width(L->seal);
      double ih = cairo_image_surface_get_height(L->seal);
      cairo_save(cr);
      cairo_translate(cr, o->x, o->y);
      cairo_scale(cr, o->len / iw, o->thick / ih);
      cairo_set_source_surface(cr, L->seal, 0, 0);
      cairo_set_operator(cr, CAIRO_OPERATOR_MULTIPLY);
      cairo_paint(cr);
      cairo_restore(cr);
    }
    break;
  }
}

static void iso_date(const rd_document *d, char *buf, size_t n)
{
  g_snprintf(buf, n, "%04d-%02d-%02dT09:00:00+08:00", d->year, d->month, d->day);
}

/* Where cairo's PDF bytes go: every write checked, the first error's errno kept for the
 * message (cairo itself only says "error while writing to output stream"). */
typedef struct pdf_sink {
  int fd;
  int error;   /* errno of the first failed write, 0 while all went well */
} pdf_sink;

static cairo_status_t pdf_sink_write(void *closure, const unsigned char *data, unsigned int length)
{
  pdf_sink *sink = closure;
  if (sink->error)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!rd_write_all(sink->fd, data, length)) {
    sink->error = errno;
    return CAIRO_STATUS_WRITE_ERROR;
  }
  return CAIRO_STATUS_SUCCESS;
}

/* The PDF surface with the document's metadata; dates from 成文日期, never the clock. */
static cairo_surface_t *open_pdf(const rd_document *d, pdf_sink *sink, const char *path,
                                 GError **error)
{
  cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(pdf_sink_write, sink, RD_PAPER_W,
                                                              RD_PAPER_H);
  if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
    g_set_error(error, RD_TYPESET_ERROR, RD_TYPESET_ERROR_IO, "%s: %s", path,
                cairo_status_to_string(cairo_surface_status(surf)));
    cairo_surface_destroy(surf);
    return NULL;
  }
  cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, rd_document_title(d));
  const char *author = d->author ? d->author : d->signature ? d->signature
                     : d->issuers->len ? g_ptr_array_index(d->issuers, 0) : NULL;
  if (author)
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_AUTHOR, author);
  const char *subject = d->subject ? d->subject : d->doc_number;
  if (subject)
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_SUBJECT, subject);
  if (d->keywords)
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_KEYWORDS, d->keywords);
  cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "riskdoc typeset (GB/T 9704-2012)");
  char date[64];
  if (d->year > 0)
    iso_date(d, date, sizeof date);
  else
    g_strlcpy(date, "2000-01-01T00:00:00+08:00", sizeof date);   /* never the clock */
  cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE, date);
  return surf;
}

void rd_draw_page(lay *L, const rd_page *pg, int index)
{
  const rd_document *d = L->doc;
  cairo_t *cr = L->cr;
  cairo_save(cr);
  if (pg->landscape) {
    /* the table head on the left: binding side of odd pages, outer side of even ones */
    cairo_translate(cr, RD_DINGKOU, RD_TIANTOU + RD_BANXIN_H);
    cairo_rotate(cr, -G_PI / 2);
  } else
    cairo_translate(cr, RD_DINGKOU, RD_TIANTOU);
  for (guint k = 0; k < pg->ops->len; k++)
    draw_op(L, cr, &g_array_index(pg->ops, rd_op, k));
  cairo_restore(cr);
  /* a cover is neither numbered nor counted */
  int first_counted = d->cover ? 1 : 0;
  if (pg->numbered && (!d->folio || *d->folio) && index >= first_counted)
    draw_page_number(L, cr, index + 1 - first_counted, L->count - first_counted);
  cairo_show_page(cr);
}

/* A counting pass keeps the pages of a document up to this many for drawing afterwards
 * (one layout instead of two); beyond it, the pages it kept are let go and the document is
 * laid out again to draw, so that memory stays that of a page for the long ledgers. Kept
 * pages hold their shaped text: measured 300 KB a page of the 通报's small-type tables. */
#define RD_KEEP_PAGES 64

static void forget_page(rd_page *pg)
{
  if (pg->ops)
    g_array_free(pg->ops, TRUE);
  pg->ops = NULL;
  if (pg->paras)
    g_ptr_array_free(pg->paras, TRUE);
  pg->paras = NULL;
}

/* What rd_draw_page would draw, for the fonts: notes the glyphs of its text. */
gboolean rd_note_page(lay *L, const rd_page *pg, int index)
{
  const rd_document *d = L->doc;
  for (guint k = 0; k < pg->ops->len; k++) {
    const rd_op *o = &g_array_index(pg->ops, rd_op, k);
    if (o->kind == OP_TEXT)
      rd_subsets_note_line(L->subsets, o->para, &o->line);
  }
  int first_counted = d->cover ? 1 : 0;
  if (pg->numbered && (!d->folio || *d->folio) && index >= first_counted)
    draw_page_number(L, NULL, index + 1 - first_counted, L->count - first_counted);
  if (L->keep && index >= RD_KEEP_PAGES) {
    L->keep = FALSE;
    for (int i = 0; i < index; i++)
      forget_page(g_ptr_array_index(L->pages, i));
  }
  return L->keep;
}

static gboolean load_seal(const rd_document *d, cairo_surface_t **seal, GError **error)
{
  if (!d->seal)
    return TRUE;
  char *path = g_path_is_absolute(d->seal) || !d->basedir ? g_strdup(d->seal)
                                                           : g_build_filename(d->basedir, d->seal, NULL);
  cairo_surface_t *s = cairo_image_surface_create_from_png(path);
  if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
    g_set_error(error, RD_TYPESET_ERROR, RD_TYPESET_ERROR_IO, "%s: seal image %s: %s", d->name,
                path, cairo_status_to_string(cairo_surface_status(s)));
    cairo_surface_destroy(s);
    g_free(path);
    return FALSE;
  }
  g_free(path);
  *seal = s;
  return TRUE;
}

/* One layout of the whole document, drawing into cr in subsets' faces (cr NULL: counting the
 * pages and noting their glyphs into subsets; when kept is not NULL, it receives the pages
 * when there are at most RD_KEEP_PAGES of them). Returns the page count, or -1 with error
 * set. */
static int lay_out(rd_typesetter *ts, const rd_document *doc, cairo_surface_t *seal, cairo_t *cr,
                   rd_subsets *subsets, int count, GPtrArray **kept, GError **error)
{
  lay L = { 0 };
  L.subsets = subsets;
  L.keep = kept != NULL;
  L.ts = ts;
  L.doc = doc;
  L.error = error;
  L.seal = seal;
  L.cr = cr;
  L.count = count;
  L.pages = rd_pages_new();
  rd_open_first_page(&L, doc->landscape);
  rd_place_head(&L);
  rd_place_title(&L);
  rd_place_recipients(&L);
  place_blocks(&L, doc->body);
  if (!L.failed) {
    if (L.landscape && !doc->landscape)
      rd_new_page(&L, FALSE);   /* the closing of a portrait document is portrait */
    rd_place_closing(&L, !has_issued(doc), TRUE);
    place_attachments(&L);
  }
  if (!L.failed) {
    rd_place_banji(&L);
    rd_flush_pending(&L);
    rd_flush_pages(&L, L.pages->len);
  }
  int pages = L.failed ? -1 : (int)L.pages->len;
  if (pages >= 0 && L.keep) {
    *kept = L.pages;
    L.pages = rd_pages_new();
  }
  rd_layout_end(&L);
  return pages;
}

/* Draws the pages a counting pass kept, freeing each once drawn. */
static void draw_kept(rd_typesetter *ts, const rd_document *doc, cairo_surface_t *seal,
                      cairo_t *cr, rd_subsets *subsets, GPtrArray *kept)
{
  lay L = { .ts = ts, .doc = doc, .seal = seal, .cr = cr, .subsets = subsets,
            .count = (int)kept->len };
  for (guint i = 0; i < kept->len; i++) {
    rd_page *pg = g_ptr_array_index(kept, i);
    rd_draw_page(&L, pg, (int)i);
    forget_page(pg);
    if (ts->progress)
      ts->progress((int)i + 1, ts->progress_user);
  }
}

/* A counting pass first: the page count (for a 页码 pattern that states it) and the glyphs
 * each face draws, for the subsets. Then the pages are drawn into path: those the counting
 * pass kept, or, for a long document, a second layout's, page by page as they are final
 * (memory stays that of a page, not of the 7,000-page ledgers). */
static int render_to(rd_typesetter *ts, const rd_document *doc, cairo_surface_t *seal,
                     pdf_sink *sink, const char *path, GError **error)
{
  rd_subsets *subsets = rd_subsets_new();
  GPtrArray *kept = NULL;
  int count = lay_out(ts, doc, seal, NULL, subsets, -1, &kept, error);
  int pages = -1;
  if (count >= 0) {
    if (doc->folio && strchr(doc->folio, 'M')) {
      rd_line ln;   /* the count's digits, which the counting pass did not know */
      rd_para *p = folio_para(ts, doc, count, count, &ln);
      rd_subsets_note_line(subsets, p, &ln);
      rd_para_free(p);
    }
    rd_subsets_make(subsets);
    cairo_surface_t *surf = open_pdf(doc, sink, path, error);
    if (surf) {
      cairo_t *cr = cairo_create(surf);
      if (kept) {
        draw_kept(ts, doc, seal, cr, subsets, kept);
        pages = count;
      } else
        pages = lay_out(ts, doc, seal, cr, subsets, count, NULL, error);
      cairo_destroy(cr);
      cairo_surface_finish(surf);   /* writes the fonts and the trailer: most of the bytes */
      cairo_status_t st = cairo_surface_status(surf);
      cairo_surface_destroy(surf);
      if (pages >= 0 && (st != CAIRO_STATUS_SUCCESS || sink->error)) {
        g_set_error(error, RD_TYPESET_ERROR, RD_TYPESET_ERROR_IO, "无法写入 %s：%s", path,
                    sink->error ? g_strerror(sink->error) : cairo_status_to_string(st));
        pages = -1;
      }
      g_assert(pages < 0 || pages == count);   /* the same layout both times */
    }
  }
  if (kept)
    g_ptr_array_free(kept, TRUE);
  rd_subsets_free(subsets);
  return pages;
}

/* Writes exactly pdf_path (created 0600 or truncated): where it goes, and whether it is
 * renamed into place afterwards, is the caller's output policy (src/output.h). */
gboolean rd_layout_and_render(rd_typesetter *ts, const rd_document *doc, const char *pdf_path,
                              int *pages_out, GError **error)
{
  cairo_surface_t *seal = NULL;
  if (!load_seal(doc, &seal, error))
    return FALSE;
  pdf_sink sink = { open(pdf_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600), 0 };
  int pages = -1;
  if (sink.fd < 0) {
    g_set_error(error, RD_TYPESET_ERROR, RD_TYPESET_ERROR_IO, "无法写入 %s：%s", pdf_path,
                g_strerror(errno));
  } else {
    pages = render_to(ts, doc, seal, &sink, pdf_path, error);
    if (close(sink.fd) != 0 && pages >= 0) {
      g_set_error(error, RD_TYPESET_ERROR, RD_TYPESET_ERROR_IO, "无法写入 %s：%s", pdf_path,
                  g_strerror(errno));
      pages = -1;
    }
  }
  if (seal)
    cairo_surface_destroy(seal);
  if (pages >= 0 && pages_out)
    *pages_out = pages;
  return pages >= 0;
}

void rd_typesetter_set_progress(rd_typesetter *ts, rd_typeset_progress_fn fn, void *user)
{
  ts->progress = fn;
  ts->progress_user = user;
}

gboolean rd_typesetter_render_pdf(rd_typesetter *ts, const rd_document *doc, const char *pdf_path,
                                  int *pages_out, GError **error)
{
  return rd_layout_and_render(ts, doc, pdf_path, pages_out, error);
}
