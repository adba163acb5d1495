/* render.c — a document's body blocks and attachments over the page builder (layout.h),
 * and the whole document's layout.
 *
 * A document is laid out in reading order: 版头 (head.c), 标题 and 主送, the body blocks
 * (paragraphs and headings here, tables in table.c, charts in chart.c), the closing, the
 * attachments, the 版记. Pages are drawn (pdf.c) as the page builder finishes them. */
#include <string.h>
#include "layout.h"

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

/* The 页码 pattern is drawn with each page (pdf.c): a character of it that no font has
 * fails the layout here, naming its line, before any page is drawn. */
static void check_folio(lay *L)
{
  const char *folio = L->doc->folio;
  if (folio && *folio)
    rd_para_free(rd_shape(L, folio, RD_ROLE_SONGTI, RD_SIZE_4HAO, 0,
                          rd_model_field_line(L->doc, "页码", 0)));
}

int rd_lay_out(rd_typesetter *ts, const rd_document *doc, cairo_surface_t *seal, cairo_t *cr,
               struct rd_subsets *subsets, int count, GPtrArray **kept, rd_banji_place *banji,
               GError **error)
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
  check_folio(&L);
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
  if (banji)
    *banji = L.banji;
  rd_layout_end(&L);
  return pages;
}

gboolean rd_banji_place_of(rd_typesetter *ts, const rd_document *doc, rd_banji_place *place,
                           GError **error)
{
  /* a counting pass: no drawing, no font subsets */
  return rd_lay_out(ts, doc, NULL, NULL, NULL, -1, NULL, place, error) >= 0;
}

/* ---- the 版记's place, from the PDF to the DOCX ---- */

struct rd_banji_slot {
  GMutex lock;
  GCond changed;
  gboolean closed;              /* published, or nothing will be */
  const rd_document *doc;       /* the document published for (NULL: none) */
  rd_banji_place place;
};

rd_banji_slot *rd_banji_slot_new(void)
{
  rd_banji_slot *slot = g_new0(rd_banji_slot, 1);
  g_mutex_init(&slot->lock);
  g_cond_init(&slot->changed);
  return slot;
}

static void slot_finish(rd_banji_slot *slot, const rd_document *doc, const rd_banji_place *place)
{
  g_mutex_lock(&slot->lock);
  if (!slot->closed) {
    slot->doc = doc;
    if (place)
      slot->place = *place;
    slot->closed = TRUE;
    g_cond_broadcast(&slot->changed);
  }
  g_mutex_unlock(&slot->lock);
}

void rd_banji_slot_close(rd_banji_slot *slot)
{
  slot_finish(slot, NULL, NULL);
}

void rd_banji_slot_free(rd_banji_slot *slot)
{
  if (!slot)
    return;
  g_mutex_clear(&slot->lock);
  g_cond_clear(&slot->changed);
  g_free(slot);
}

void rd_typesetter_set_banji_slot(rd_typesetter *ts, rd_banji_slot *slot)
{
  ts->banji_slot = slot;
}

void rd_banji_publish(rd_typesetter *ts, const rd_document *doc, const rd_banji_place *place)
{
  if (ts->banji_slot)
    slot_finish(ts->banji_slot, doc, place);
}

gboolean rd_banji_place_known(rd_typesetter *ts, const rd_document *doc, rd_banji_place *place,
                              GError **error)
{
  rd_banji_slot *slot = ts->banji_slot;
  if (slot) {
    g_mutex_lock(&slot->lock);
    while (!slot->closed)
      g_cond_wait(&slot->changed, &slot->lock);
    gboolean known = slot->doc == doc;
    if (known)
      *place = slot->place;
    g_mutex_unlock(&slot->lock);
    if (known)
      return TRUE;
  }
  return rd_banji_place_of(ts, doc, place, error);
}
