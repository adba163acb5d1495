/* page.c — pages, items and the page builder (see layout.h).
 *
 * The builder follows TeX's: items accumulate on the current page; when one does not fit,
 * the page is broken at the latest break point before it whose penalty is finite (a keep is
 * an infinite penalty), which leaves the least empty space at the foot that the keeps allow.
 * When every break point of the page is forbidden (a keep longer than a page), the page is
 * broken just before the item that does not fit. */
#include <math.h>
#include <stdarg.h>
#include "layout.h"

int rd_cell_at(double y)
{
  return (int)ceil(y / RD_LINE_PITCH - 1e-6);
}

double rd_baseline_in_cell(int cell, double size)
{
  return (cell + 0.5) * RD_LINE_PITCH + RD_BASELINE_BELOW_CENTRE(size);
}

/* ---- items ---- */

rd_item *rd_item_new(double h, gboolean grid)
{
  rd_item *it = g_new0(rd_item, 1);
  it->ops = g_array_new(FALSE, TRUE, sizeof(rd_op));
  it->paras = g_ptr_array_new_with_free_func((GDestroyNotify)rd_para_free);
  it->h = h;
  it->grid = grid;
  return it;
}

void rd_item_free(rd_item *it)
{
  if (!it)
    return;
  g_array_free(it->ops, TRUE);
  g_ptr_array_free(it->paras, TRUE);
  g_free(it);
}

static rd_op *append_op(GArray *ops, rd_op_kind kind)
{
  rd_op o = { 0 };
  o.kind = kind;
  o.sx = 1;
  g_array_append_val(ops, o);
  return &g_array_index(ops, rd_op, ops->len - 1);
}

rd_op *rd_item_op(rd_item *it, rd_op_kind kind)
{
  return append_op(it->ops, kind);
}

void rd_item_text(rd_item *it, rd_para *p, const rd_line *line, double x, double baseline)
{
  rd_op *o = rd_item_op(it, OP_TEXT);
  o->para = p;
  o->line = *line;
  o->x = x;
  o->y = baseline;
  g_ptr_array_add(it->paras, rd_para_ref(p));
}

void rd_item_hrule(rd_item *it, double x, double y, double len, double thick)
{
  rd_op *o = rd_item_op(it, OP_HRULE);
  o->x = x;
  o->y = y;
  o->len = len;
  o->thick = thick;
}

void rd_item_vrule(rd_item *it, double x, double y, double len, double thick)
{
  rd_op *o = rd_item_op(it, OP_VRULE);
  o->x = x;
  o->y = y;
  o->len = len;
  o->thick = thick;
}

/* A copy of a table header (or a continued group heading) for the top of a new page
 * (sharing its text); no page breaks after it. */
static rd_item *item_clone(const rd_item *src)
{
  rd_item *it = rd_item_new(src->h, src->grid);
  it->repeat = TRUE;
  it->penalty = RD_PENALTY_INF;
  g_array_append_vals(it->ops, src->ops->data, src->ops->len);
  for (guint i = 0; i < src->paras->len; i++)
    g_ptr_array_add(it->paras, rd_para_ref(g_ptr_array_index(src->paras, i)));
  return it;
}

/* ---- pages ---- */

void rd_page_empty(rd_page *pg)
{
  if (pg->ops)
    g_array_free(pg->ops, TRUE);
  pg->ops = NULL;
  if (pg->paras)
    g_ptr_array_free(pg->paras, TRUE);
  pg->paras = NULL;
  if (pg->runs)
    g_ptr_array_free(pg->runs, TRUE);
  pg->runs = NULL;
}

static void page_free(gpointer data)
{
  rd_page_empty(data);
  g_free(data);
}

GPtrArray *rd_pages_new(void)
{
  return g_ptr_array_new_with_free_func(page_free);
}

/* Draws (when drawing) and empties pages [flushed, upto); a counting pass may keep them. */
void rd_flush_pages(lay *L, guint upto)
{
  for (; L->flushed < upto; L->flushed++) {
    rd_page *pg = g_ptr_array_index(L->pages, L->flushed);
    if (L->cr) {
      rd_draw_page(L, pg, (int)L->flushed);
      if (L->ts->progress)
        L->ts->progress((int)L->flushed + 1, L->ts->progress_user);
    } else if (L->subsets && rd_note_page(L, pg, (int)L->flushed))
      continue;   /* kept: drawn after the counting pass */
    rd_page_empty(pg);
  }
}

/* A fresh page; the pages before it are final and drawn at once. */
static void open_page(lay *L, gboolean landscape)
{
  rd_page *p = g_new0(rd_page, 1);
  p->ops = g_array_new(FALSE, TRUE, sizeof(rd_op));
  p->paras = g_ptr_array_new_with_free_func((GDestroyNotify)rd_para_free);
  p->landscape = landscape;
  p->numbered = TRUE;
  g_ptr_array_add(L->pages, p);
  L->cur = p;
  L->landscape = landscape;
  L->w = landscape ? RD_BANXIN_H : RD_BANXIN_W;
  L->h = landscape ? RD_BANXIN_W : RD_BANXIN_H;
  L->y = L->pend_y = 0;
  rd_flush_pages(L, L->pages->len - 1);
}

rd_op *rd_page_op(lay *L, rd_op_kind kind)
{
  return append_op(L->cur->ops, kind);
}

void rd_page_hold(lay *L, rd_para *p)
{
  g_ptr_array_add(L->cur->paras, rd_para_ref(p));
}

void rd_page_text(lay *L, rd_para *p, const rd_line *line, double x, double baseline)
{
  rd_op *o = rd_page_op(L, OP_TEXT);
  o->para = p;
  o->line = *line;
  o->x = x;
  o->y = baseline;
  rd_page_hold(L, p);
}

/* ---- the builder ---- */

static double item_top(const rd_item *it, double y)
{
  return it->grid ? rd_cell_at(y) * RD_LINE_PITCH : y;
}

/* Copies an item onto the current page at top (the caller frees it). */
static void commit(lay *L, rd_item *it, double top)
{
  for (guint k = 0; k < it->ops->len; k++) {
    rd_op o = g_array_index(it->ops, rd_op, k);
    o.y += top;
    g_array_append_val(L->cur->ops, o);
  }
  for (guint k = 0; k < it->paras->len; k++)
    g_ptr_array_add(L->cur->paras, rd_para_ref(g_ptr_array_index(it->paras, k)));
  L->y = top + it->h;
}

/* Commits pending[0, n): their tops are recomputed from the page's y. */
static void commit_pending(lay *L, guint n)
{
  for (guint i = 0; i < n; i++) {
    rd_item *it = g_ptr_array_index(L->pending, i);
    commit(L, it, item_top(it, L->y));
  }
  g_ptr_array_remove_range(L->pending, 0, n);   /* frees them */
  L->pend_y = L->y;
}

static gboolean fits(lay *L, const rd_item *it)
{
  return item_top(it, L->pend_y) + it->h <= L->h + RD_EPS;
}

/* The break point on the current page: pending[j] starts the next page (j == len: the item
 * that did not fit does). The latest finite penalty wins; never an empty page. */
static guint choose_break(lay *L, const rd_item *next)
{
  guint n = L->pending->len;
  for (guint j = n; j >= 1; j--) {
    const rd_item *it = j == n ? next : g_ptr_array_index(L->pending, j);
    if (it->penalty < RD_PENALTY_INF)
      return j;
  }
  return n;   /* every break forbidden: the keep is longer than a page */
}

static void add_pending(lay *L, rd_item *it)
{
  L->pend_y = item_top(it, L->pend_y) + it->h;
  g_ptr_array_add(L->pending, it);
}

/* What a new page repeats above first, its first item: a table's header and, when first
 * goes on with a group, the group's heading continued. They are pending items like any
 * other, so the items that follow fit (or break) in the room they leave. */
static void repeat_heads(lay *L, const rd_item *first)
{
  if (first->head)
    add_pending(L, item_clone(first->head));
  if (first->group)
    add_pending(L, item_clone(first->group));
}

/* Nothing on the page yet but what a new page repeats: an item goes here whatever its
 * height (a page cannot hold less). */
static gboolean only_repeats(lay *L)
{
  if (L->cur->ops->len)
    return FALSE;
  for (guint i = 0; i < L->pending->len; i++)
    if (!((rd_item *)g_ptr_array_index(L->pending, i))->repeat)
      return FALSE;
  return TRUE;
}

void rd_contribute(lay *L, rd_item *it)
{
  if (L->keep_next > 0) {
    it->penalty = RD_PENALTY_INF;   /* kept with what precedes it */
    if (!it->discard)
      L->keep_next--;
  }
  GPtrArray *queue = g_ptr_array_new();
  g_ptr_array_add(queue, it);
  while (queue->len) {
    rd_item *x = g_ptr_array_steal_index(queue, 0);
    if (fits(L, x) || only_repeats(L)) {
      add_pending(L, x);
      continue;
    }
    if (L->pending->len == 0) {
      /* only committed material (the 版头) on the page: the item starts the next one */
      open_page(L, L->landscape);
      repeat_heads(L, x);
      g_ptr_array_insert(queue, 0, x);
      continue;
    }
    guint j = choose_break(L, x);
    gboolean close = j > 0 && ((rd_item *)g_ptr_array_index(L->pending, j - 1))->close_rule;
    commit_pending(L, j);
    if (close) {
      rd_op *o = rd_page_op(L, OP_HRULE);   /* the split row's part ends here */
      o->y = L->y;
      o->len = L->w;
      o->thick = RD_TABLE_RULE;
    }
    /* the rest moves on to a new page, with the item that did not fit */
    GPtrArray *rest = g_ptr_array_new();
    while (L->pending->len)
      g_ptr_array_add(rest, g_ptr_array_steal_index(L->pending, 0));
    g_ptr_array_add(rest, x);
    open_page(L, L->landscape);
    while (rest->len && ((rd_item *)g_ptr_array_index(rest, 0))->discard)
      rd_item_free(g_ptr_array_steal_index(rest, 0));
    if (rest->len)
      repeat_heads(L, g_ptr_array_index(rest, 0));
    for (guint i = rest->len; i > 0; i--)
      g_ptr_array_insert(queue, 0, g_ptr_array_index(rest, i - 1));
    g_ptr_array_free(rest, TRUE);
  }
  g_ptr_array_free(queue, TRUE);
}

void rd_flush_pending(lay *L)
{
  commit_pending(L, L->pending->len);
}

void rd_new_page(lay *L, gboolean landscape)
{
  rd_flush_pending(L);
  L->keep_next = 0;
  open_page(L, landscape);
}

void rd_open_first_page(lay *L, gboolean landscape)
{
  L->pending = g_ptr_array_new_with_free_func((GDestroyNotify)rd_item_free);
  L->heads = g_ptr_array_new_with_free_func((GDestroyNotify)rd_item_free);
  open_page(L, landscape);
}

void rd_layout_end(lay *L)
{
  if (L->pending)
    g_ptr_array_free(L->pending, TRUE);
  if (L->heads)
    g_ptr_array_free(L->heads, TRUE);
  g_ptr_array_free(L->pages, TRUE);
  rd_runs_block_unref(L->runs_block);   /* the kept pages' runs hold their own references */
}

/* ---- lines ---- */

void rd_add_line(lay *L, rd_para *p, const rd_line *ln, double x, int penalty)
{
  rd_item *it = rd_item_new(RD_LINE_PITCH, TRUE);
  rd_item_text(it, p, ln, x, 0.5 * RD_LINE_PITCH + RD_BASELINE_BELOW_CENTRE(p->size));
  it->penalty = penalty;
  rd_contribute(L, it);
}

void rd_add_lines(lay *L, rd_para *p, GArray *lines, double x0, double x1, int align,
                  gboolean keep)
{
  for (guint i = 0; i < lines->len; i++) {
    rd_line *ln = &g_array_index(lines, rd_line, i);
    double x = i == 0 ? x0 : x1;
    if (align == 1)
      x = (L->w - ln->width) / 2;
    else if (align == 2)
      x = L->w - x - ln->width;
    rd_add_line(L, p, ln, x, keep && i > 0 ? RD_PENALTY_INF : 0);
  }
}

void rd_add_blank(lay *L, int penalty)
{
  rd_item *it = rd_item_new(RD_LINE_PITCH, TRUE);
  it->discard = TRUE;
  it->penalty = penalty;
  rd_contribute(L, it);
}

/* ---- errors and shaping ---- */

void rd_layout_fail(lay *L, int code, const char *fmt, ...)
{
  if (L->failed)
    return;
  L->failed = TRUE;
  va_list ap;
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_set_error_literal(L->error, RD_TYPESET_ERROR, code, msg);
  g_free(msg);
}

static rd_para *checked(lay *L, rd_para *p, int line)
{
  if (p->missing && !L->failed) {
    char buf[8];
    buf[g_unichar_to_utf8(p->missing, buf)] = 0;
    if (line > 0)
      rd_layout_fail(L, RD_TYPESET_ERROR_FONT, "%s:%d: 字符“%s”（U+%04X）没有任何字体可以显示",
                     L->doc->name, line, buf, p->missing);
    else
      rd_layout_fail(L, RD_TYPESET_ERROR_FONT, "%s: 字符“%s”（U+%04X）没有任何字体可以显示",
                     L->doc->name, buf, p->missing);
  }
  return p;
}

rd_para *rd_shape(lay *L, const char *text, rd_font_role role, double size, double cell, int line)
{
  return checked(L, rd_para_simple(L->ts, text, role, size, cell), line);
}

rd_para *rd_shape_segs(lay *L, const rd_seg *segs, int nsegs, double cell, int line)
{
  return checked(L, rd_para_shape(L->ts, segs, nsegs, cell), line);
}
