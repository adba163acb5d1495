/* pdf.c — the PDF backend: draws each finished page of the layout (page numbers too) in the
 * document's font subsets (subset.h) into cairo's PDF, which pdf_pack.c writes to the file
 * it is given. A counting pass comes first (render_to says what it gives). */
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <fcntl.h>
#include <cairo-pdf.h>
#include "layout.h"
#include "subset.h"

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
 * Without batch, notes its glyphs: a counting pass does not know the count yet and notes the
 * number's digits only (render_to notes the count's). */
static void draw_page_number(lay *L, rd_batch *batch, int number, int count)
{
  rd_line ln;
  rd_para *p = folio_para(L->ts, L->doc, number, batch || count >= 0 ? count : number, &ln);
  double base = RD_TIANTOU + RD_BANXIN_H + RD_FOLIO_DROP + RD_BASELINE_BELOW_CENTRE(RD_SIZE_4HAO);
  double x = number % 2 ? RD_DINGKOU + RD_BANXIN_W - RD_SIZE_4HAO - ln.width
                        : RD_DINGKOU + RD_SIZE_4HAO;
  if (batch) {
    rd_batch_colour(batch, 0, 0, 0);
    rd_subsets_draw_line(L->subsets, batch, p, &ln, x, base);
  } else
    rd_subsets_note_line(L->subsets, p, &ln);
  rd_para_free(p);
}

/* Where a text op's runs start: a condensed line is drawn at the origin of its own scale. */
static double text_x(const rd_op *o)
{
  return o->sx != 1.0 ? 0 : o->x;
}

static double text_y(const rd_op *o)
{
  return o->sx != 1.0 ? 0 : o->y;
}

/* Draws o through the page's batch; a text op from runs when its page was kept by a
 * counting pass (o->para is gone). */
static void draw_op(lay *L, rd_batch *batch, const rd_op *o, const rd_runs *runs)
{
  cairo_t *cr = batch->cr;
  rd_batch_colour(batch, o->r, o->g, o->b);
  switch (o->kind) {
  case OP_TEXT:
    if (o->sx != 1.0) {
      rd_batch_save(batch);
      cairo_translate(cr, o->x, o->y);
      cairo_scale(cr, o->sx, 1.0);
    }
    if (runs)
      rd_subsets_draw_runs(L->subsets, batch, runs);
    else
      rd_subsets_draw_line(L->subsets, batch, o->para, &o->line, text_x(o), text_y(o));
    if (o->sx != 1.0)
      rd_batch_restore(batch);
    break;
  case OP_HRULE:
    rd_batch_rectangle(batch, o->x, o->y - o->thick / 2, o->len, o->thick);
    break;
  case OP_VRULE:
    rd_batch_rectangle(batch, o->x - o->thick / 2, o->y, o->thick, o->len);
    break;
  case OP_BAR:
    rd_batch_rectangle(batch, o->x, o->y, o->len, o->thick);
    break;
  case OP_IMAGE:
    if (L->seal) {
      double iw = cairo_image_surface_get_width(L->seal);
      double ih = cairo_image_surface_get_height(L->seal);
      rd_batch_save(batch);   /* multiplied onto what is drawn before it */
      cairo_translate(cr, o->x, o->y);
      cairo_scale(cr, o->len / iw, o->thick / ih);
      cairo_set_source_surface(cr, L->seal, 0, 0);
      cairo_set_operator(cr, CAIRO_OPERATOR_MULTIPLY);
      cairo_paint(cr);
      rd_batch_restore(batch);
    }
    break;
  }
}

static void iso_date(const rd_document *d, char *buf, size_t n)
{
  g_snprintf(buf, n, "%04d-%02d-%02dT09:00:00+08:00", d->year, d->month, d->day);
}

/* Where cairo's PDF bytes go: memory, since the file written is their rewrite (pdf_pack.c). */
static cairo_status_t pdf_buffer_write(void *closure, const unsigned char *data,
                                       unsigned int length)
{
  g_byte_array_append(closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The PDF surface with the document's metadata; dates from 成文日期, never the clock. */
static cairo_surface_t *open_pdf(const rd_document *d, GByteArray *pdf, const char *path,
                                 GError **error)
{
  cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(pdf_buffer_write, pdf, RD_PAPER_W,
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
  /* No parentheses: cairo 1.16 writes a string holding ( ) or \\ as UTF-16 hex, four times
   * the bytes (101 bytes more in every PDF). */
  cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "riskdoc typeset, GB/T 9704-2012");
  char date[64];
  if (d->year > 0)
    iso_date(d, date, sizeof date);
  else
    g_strlcpy(date, "2000-01-01T00:00:00+08:00", sizeof date);   /* never the clock */
  cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE, date);
  return surf;
}

/* The page's paper, white, painted first on a PDF page: invisible (white on white paper;
 * the seal, multiplied, multiplies white), but what makes cairo 1.16's show_page cheap. Its
 * analysis surface unions the bounding box of every operation into the page's supported
 * region (cairo-analysis-surface.c, _add_operation), a pixman region of all the boxes so far
 * (every cell's text and every rule of a table page: hundreds), each union as dear as the
 * boxes it holds; a first box the size of the page leaves the region one rectangle that
 * contains every later box, which pixman unions at once. Measured on the 2,888-page 通报
 * of 100,000 rows: typeset 8.85-9.33 -> 7.32-7.66 s CPU, 12 bytes a page (7,732,365 ->
 * 7,768,188 bytes). Other surfaces (rd_layout_draw) keep their own background. */
static void paint_paper(cairo_t *cr)
{
  if (cairo_surface_get_type(cairo_get_target(cr)) != CAIRO_SURFACE_TYPE_PDF)
    return;
  cairo_save(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_restore(cr);
}

void rd_draw_page(lay *L, const rd_page *pg, int index)
{
  const rd_document *d = L->doc;
  cairo_t *cr = L->cr;
  rd_batch batch;   /* fewer operations for cairo_show_page's analysis (batch.h) */
  paint_paper(cr);
  rd_batch_begin(&batch, cr);
  rd_batch_save(&batch);
  if (pg->landscape) {
    /* the table head on the left: binding side of odd pages, outer side of even ones */
    cairo_translate(cr, RD_DINGKOU, RD_TIANTOU + RD_BANXIN_H);
    cairo_rotate(cr, -G_PI / 2);
  } else
    cairo_translate(cr, RD_DINGKOU, RD_TIANTOU);
  guint text = 0;
  for (guint k = 0; k < pg->ops->len; k++) {
    const rd_op *o = &g_array_index(pg->ops, rd_op, k);
    draw_op(L, &batch, o, pg->runs && o->kind == OP_TEXT ? g_ptr_array_index(pg->runs, text++) : NULL);
  }
  rd_batch_restore(&batch);
  /* a cover is neither numbered nor counted */
  int first_counted = d->cover ? 1 : 0;
  if (pg->numbered && (!d->folio || *d->folio) && index >= first_counted)
    draw_page_number(L, &batch, index + 1 - first_counted, L->count - first_counted);
  rd_batch_end(&batch);
  cairo_show_page(cr);
}

/* A counting pass keeps the pages it lays out for drawing afterwards (one layout instead of
 * two), their text as glyph runs (rd_runs, about 30 bytes a glyph) instead of the shaped
 * paragraphs (300 KB a page of the 通报's small-type tables), up to this many bytes of runs,
 * so that memory stays bounded. A document whose text promises more (RD_RUNS_PER_TEXT_BYTE)
 * is not kept at all, and one that outgrows it lets its pages go: either is laid out again
 * to draw, page by page. Measured: the 2,888-page 通报 of 100,000 rows (6.5 MB of text)
 * keeps 117 MB of runs, and its PDF took 12.5 s instead of 20.6-22.5 (the second layout
 * 5.7 s, and drawing from fresh paragraphs); the bench's ledger of 20,000 rows (2,238 pages,
 * some 9 MB of text) would keep more than the budget, so it is laid out twice, in 247 MiB. */
#define RD_KEEP_BYTES (128u << 20)
#define RD_RUNS_PER_TEXT_BYTE 18   /* measured on that 通报: 117 MB of runs for 6.5 MB of text */

gsize rd_keep_bytes(void)
{
  return RD_KEEP_BYTES;
}

/* Keeps the runs of the page's text ops and lets its paragraphs go; notes their glyphs. */
static void keep_runs(lay *L, rd_page *pg)
{
  pg->runs = g_ptr_array_new_with_free_func((GDestroyNotify)rd_runs_free);
  for (guint k = 0; k < pg->ops->len; k++) {
    rd_op *o = &g_array_index(pg->ops, rd_op, k);
    if (o->kind != OP_TEXT)
      continue;
    rd_runs *r = rd_runs_new();
    rd_para_line_runs(o->para, &o->line, text_x(o), text_y(o), rd_runs_add, r);
    rd_runs_seal(r, &L->runs_block);
    rd_subsets_note_runs(L->subsets, r);
    L->kept_bytes += rd_runs_size(r);
    g_ptr_array_add(pg->runs, r);
    o->para = NULL;   /* the page's reference goes below */
  }
  g_ptr_array_free(pg->paras, TRUE);
  pg->paras = NULL;
}

/* What rd_draw_page would draw, for the fonts: notes the glyphs of its text. */
gboolean rd_note_page(lay *L, rd_page *pg, int index)
{
  const rd_document *d = L->doc;
  if (L->keep)
    keep_runs(L, pg);
  else
    for (guint k = 0; k < pg->ops->len; k++) {
      const rd_op *o = &g_array_index(pg->ops, rd_op, k);
      if (o->kind == OP_TEXT)
        rd_subsets_note_line(L->subsets, o->para, &o->line);
    }
  int first_counted = d->cover ? 1 : 0;
  if (pg->numbered && (!d->folio || *d->folio) && index >= first_counted)
    draw_page_number(L, NULL, index + 1 - first_counted, L->count - first_counted);
  if (L->keep && L->kept_bytes > L->ts->keep_bytes) {
    L->keep = FALSE;
    for (int i = 0; i < index; i++)   /* and this one when flushed */
      rd_page_empty(g_ptr_array_index(L->pages, i));
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

/* Draws the pages a counting pass kept, freeing each once drawn. */
static void draw_kept(rd_typesetter *ts, const rd_document *doc, cairo_surface_t *seal,
                      cairo_t *cr, rd_subsets *subsets, GPtrArray *kept)
{
  lay L = { .ts = ts, .doc = doc, .seal = seal, .cr = cr, .subsets = subsets,
            .count = (int)kept->len };
  for (guint i = 0; i < kept->len; i++) {
    rd_page *pg = g_ptr_array_index(kept, i);
    rd_draw_page(&L, pg, (int)i);
    rd_page_empty(pg);
    if (ts->progress)
      ts->progress((int)i + 1, ts->progress_user);
  }
}

/* A counting pass first: the page count (for a 页码 pattern that states it) and the glyphs
 * each face draws, for the subsets. Then the pages are drawn into pdf (cairo's bytes, held
 * for pdf_pack.c: 1.1 to 1.2 times the file): those the counting pass kept, or, for a long
 * document, a second layout's, page by page as they are final (the layout's memory stays
 * that of a page, not of the 7,000-page ledgers). */
static int render_to(rd_typesetter *ts, const rd_document *doc, cairo_surface_t *seal,
                     GByteArray *pdf, const char *path, GError **error)
{
  rd_subsets *subsets = rd_subsets_new(ts);
  GPtrArray *kept = NULL;
  gboolean keep = doc->text_bytes <= ts->keep_bytes / RD_RUNS_PER_TEXT_BYTE;
  rd_banji_place banji;
  int count = rd_lay_out(ts, doc, seal, NULL, subsets, -1, keep ? &kept : NULL, &banji, error);
  int pages = -1;
  if (count >= 0 && !seal)
    rd_banji_publish(ts, doc, &banji);   /* the DOCX's 版记 goes where this one does */
  if (count >= 0) {
    if (doc->folio && strchr(doc->folio, 'M')) {
      rd_line ln;   /* the count's digits, which the counting pass did not know */
      rd_para *p = folio_para(ts, doc, count, count, &ln);
      rd_subsets_note_line(subsets, p, &ln);
      rd_para_free(p);
    }
    rd_subsets_make(subsets);
    cairo_surface_t *surf = open_pdf(doc, pdf, path, error);
    if (surf) {
      cairo_t *cr = cairo_create(surf);
      if (kept) {
        draw_kept(ts, doc, seal, cr, subsets, kept);
        pages = count;
      } else
        pages = rd_lay_out(ts, doc, seal, cr, subsets, count, NULL, NULL, error);
      cairo_destroy(cr);
      cairo_surface_finish(surf);   /* writes the fonts and the trailer: most of the bytes */
      cairo_status_t st = cairo_surface_status(surf);
      cairo_surface_destroy(surf);
      if (pages >= 0 && st != CAIRO_STATUS_SUCCESS) {
        g_set_error(error, RD_TYPESET_ERROR, RD_TYPESET_ERROR_IO, "无法写入 %s：%s", path,
                    cairo_status_to_string(st));
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
  /* opened first, so that an unwritable place fails before the layout's seconds */
  int fd = open(pdf_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int pages = -1;
  if (fd < 0) {
    g_set_error(error, RD_TYPESET_ERROR, RD_TYPESET_ERROR_IO, "无法写入 %s：%s", pdf_path,
                g_strerror(errno));
  } else {
    GByteArray *pdf = g_byte_array_new();
    pages = render_to(ts, doc, seal, pdf, pdf_path, error);
    if (pages >= 0 && !rd_pdf_pack_write(pdf->data, pdf->len, fd, pdf_path, error))
      pages = -1;
    g_byte_array_free(pdf, TRUE);
    if (close(fd) != 0 && pages >= 0) {
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

int rd_layout_draw(rd_typesetter *ts, const rd_document *doc, cairo_t *cr, GError **error)
{
  cairo_surface_t *seal = NULL;
  if (!load_seal(doc, &seal, error))
    return -1;
  /* a 页码 pattern stating the page count (M) needs a counting pass first, as render_to */
  int count = -1, pages = -1;
  gboolean counted = doc->folio && strchr(doc->folio, 'M');
  if (!counted || (count = rd_lay_out(ts, doc, seal, NULL, NULL, -1, NULL, NULL, error)) >= 0)
    pages = rd_lay_out(ts, doc, seal, cr, NULL, count, NULL, NULL, error);   /* the whole faces */
  if (seal)
    cairo_surface_destroy(seal);
  return pages;
}
