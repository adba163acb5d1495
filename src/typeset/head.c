/* head.c — the 版头 (份号, 密级, 紧急程度, 发文机关标志, 发文字号 and 签发人, red rule), 标题,
 * 主送, the closing (附件说明, 署名, 成文日期, seal, 附注) and the 版记.
 *
 * The 版头 is placed directly on page 1 at the standard's fixed positions; 标题, 主送 and
 * the closing are lines for the page builder; the 版记 is placed on the last page once the
 * builder has committed everything before it. */
#include <string.h>
#include "layout.h"

/* ---- 版头 ---- */

/* Spreads a single line to exactly width (names of joint issuers); returns the added gap. */
static double spread_line(rd_para *p, rd_line *ln, double width)
{
  int n = ln->c1 - ln->c0;
  if (n > 1 && width > ln->width) {
    double each = (width - ln->width) / (n - 1);
    for (int i = ln->c0; i < ln->c1 - 1; i++)
      p->cl[i].adv += each;
    ln->width = width;
    return each;
  }
  return 0;
}

static void red_text(lay *L, rd_para *p, const rd_line *ln, double x, double base, double sx)
{
  rd_page_text(L, p, ln, x, base);
  rd_op *o = &g_array_index(L->cur->ops, rd_op, L->cur->ops->len - 1);
  o->sx = sx;
  o->r = RD_RED_R;
  o->g = RD_RED_G;
  o->b = RD_RED_B;
}

/* The 发文机关标志. Joint issuers: the names stacked and justified to one width, the suffix
 * (文件) to their right, vertically centred, at least 1 字 (and more than the widest letter
 * gap of a spread name) away, so that it never reads as part of a name. */
static void place_mark(lay *L)
{
  const rd_document *d = L->doc;
  int n = (int)d->issuers->len;
  gboolean joint = n > 1;
  const char *suffix = d->mark_suffix ? d->mark_suffix : "";
  double size = RD_MARK_SIZE;
  rd_para **names = g_new0(rd_para *, n);
  rd_line *lines = g_new0(rd_line, n);
  rd_para *suf = NULL;
  double namew, sufw, gap, total;
  for (;;) {
    namew = 0;
    for (int i = 0; i < n; i++) {
      char *t = joint ? g_strdup(g_ptr_array_index(d->issuers, i))
                      : g_strconcat(g_ptr_array_index(d->issuers, i), suffix, NULL);
      names[i] = rd_shape(L, t, RD_ROLE_XIAOBIAOSONG, size, 0,
                          rd_model_field_line(d, "发文机关标志", (guint)i));
      lines[i] = (rd_line){ 0, names[i]->ncl, 0 };
      lines[i].width = rd_para_set_natural(names[i], 0, names[i]->ncl);
      namew = MAX(namew, lines[i].width);
      g_free(t);
    }
    gap = 0;
    for (int i = 0; joint && i < n; i++)
      gap = MAX(gap, spread_line(names[i], &lines[i], namew));
    sufw = 0;
    if (joint && *suffix) {
      suf = rd_shape(L, suffix, RD_ROLE_XIAOBIAOSONG, size, 0, rd_model_field_line(d, "标志后缀", 0));
      gap = size + gap;
      sufw = rd_para_set_natural(suf, 0, suf->ncl) + gap;
    }
    total = namew + sufw;
    if (total * RD_MARK_MIN_SCALE <= RD_BANXIN_W + RD_EPS || size < 12)
      break;
    /* too long even condensed: a smaller size */
    for (int i = 0; i < n; i++)
      rd_para_free(names[i]);
    rd_para_free(suf);
    suf = NULL;
    size *= 0.9;
  }
  double sx = total > RD_BANXIN_W ? RD_BANXIN_W / total : 1.0;
  double lh = size * 1.2;
  double block_h = n * lh - (lh - size);
  double x0 = (RD_BANXIN_W - total * sx) / 2;
  for (int i = 0; i < n; i++) {
    double x = joint ? x0 : (RD_BANXIN_W - lines[i].width * sx) / 2;
    red_text(L, names[i], &lines[i], x, RD_MARK_TOP + i * lh + RD_EM_ASCENT * size, sx);
    rd_para_free(names[i]);
  }
  if (suf) {
    rd_line ln = { 0, suf->ncl, 0 };
    ln.width = rd_para_set_natural(suf, 0, suf->ncl);
    double base = RD_MARK_TOP + (block_h - size) / 2 + RD_EM_ASCENT * size;
    red_text(L, suf, &ln, x0 + (namew + gap) * sx, base, sx);
    rd_para_free(suf);
  }
  g_free(names);
  g_free(lines);
  L->y = RD_MARK_TOP + block_h;
}

/* One line of the 版头 flush left (份号, 密级, 紧急程度). */
static void place_flush_left(lay *L, const char *text, rd_font_role role, const char *field)
{
  rd_para *p = rd_shape(L, text, role, RD_SIZE_3HAO, RD_CHAR_CELL,
                        rd_model_field_line(L->doc, field, 0));
  rd_line ln = { 0, p->ncl, 0 };
  ln.width = rd_para_set_natural(p, 0, p->ncl);
  int c = rd_cell_at(L->y);
  rd_page_text(L, p, &ln, 0, rd_baseline_in_cell(c, RD_SIZE_3HAO));
  L->y = (c + 1) * RD_LINE_PITCH;
  rd_para_free(p);
}

static void page_line(lay *L, rd_para *p, double x, double base)
{
  rd_line ln = { 0, p->ncl, 0 };
  ln.width = rd_para_set_natural(p, 0, p->ncl);
  rd_page_text(L, p, &ln, x, base);
}

/* The names of 签发人 as written, split where the writer separated them (spaces, 、，,). */
static GPtrArray *signer_names(const char *s)
{
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  char **parts = g_regex_split_simple("[\\s\u3000、，,；;]+", s, 0, 0);
  for (int i = 0; parts[i]; i++)
    if (*parts[i])
      g_ptr_array_add(names, g_strdup(parts[i]));
  g_strfreev(parts);
  return names;
}

/* 签发人 (上行文): `签发人：` in 仿宋 and the names in 楷体, two a line separated by 1 字, in the
 * issuers' order; a later line starts under the first name; the block ends 1 字 from the
 * right. Returns the number of lines; base is the first line's baseline. */
static int place_signers(lay *L, double base)
{
  GPtrArray *names = signer_names(L->doc->signers);
  rd_para *label = rd_shape(L, "签发人：", RD_ROLE_FANGSONG, RD_SIZE_3HAO, RD_CHAR_CELL, 0);
  double label_w = rd_para_set_natural(label, 0, label->ncl);
  int nlines = MAX(1, ((int)names->len + 1) / 2);
  rd_para **paras = g_new0(rd_para *, names->len + 1);
  double *x = g_new0(double, names->len + 1);
  double widest = 0, col2 = 0;
  double *w = g_new0(double, names->len + 1);
  for (guint i = 0; i < names->len; i++) {
    paras[i] = rd_shape(L, g_ptr_array_index(names, i), RD_ROLE_KAITI, RD_SIZE_3HAO, RD_CHAR_CELL,
                        rd_model_field_line(L->doc, "签发人", 0));
    w[i] = rd_para_set_natural(paras[i], 0, paras[i]->ncl);
    if (i % 2 == 0)
      col2 = MAX(col2, w[i]);   /* the second name of every line starts at one place */
  }
  for (guint i = 0; i < names->len; i++) {
    x[i] = label_w + (i % 2 ? col2 + RD_CHAR_CELL : 0);
    widest = MAX(widest, x[i] + w[i]);
  }
  double left = RD_BANXIN_W - RD_CHAR_CELL - MAX(widest, label_w);
  page_line(L, label, left, base);
  for (guint i = 0; i < names->len; i++) {
    page_line(L, paras[i], left + x[i], base + (int)(i / 2) * RD_LINE_PITCH);
    rd_para_free(paras[i]);
  }
  rd_para_free(label);
  g_free(paras);
  g_free(x);
  g_free(w);
  g_ptr_array_free(names, TRUE);
  return nlines;
}

void rd_place_head(lay *L)
{
  const rd_document *d = L->doc;
  if (d->copy_number)
    place_flush_left(L, d->copy_number, RD_ROLE_FANGSONG, "份号");
  if (d->secret)
    place_flush_left(L, d->secret, RD_ROLE_HEITI, "密级");
  if (d->urgency)
    place_flush_left(L, d->urgency, RD_ROLE_HEITI, "紧急程度");
  gboolean has_mark = d->issuers->len > 0;
  if (has_mark)
    place_mark(L);
  if (d->doc_number) {
    /* two blank lines below the mark, then its own line */
    double top = has_mark ? L->y + RD_MARK_BLANK_LINES * RD_LINE_PITCH : rd_cell_at(L->y) * RD_LINE_PITCH;
    double base = top + RD_LINE_PITCH / 2 + RD_BASELINE_BELOW_CENTRE(RD_SIZE_3HAO);
    rd_para *num = rd_shape(L, d->doc_number, RD_ROLE_FANGSONG, RD_SIZE_3HAO, RD_CHAR_CELL,
                            rd_model_field_line(d, "发文字号", 0));
    rd_line ln = { 0, num->ncl, 0 };
    ln.width = rd_para_set_natural(num, 0, num->ncl);
    if (d->signers) {
      /* 上行文: 发文字号 1 字 from the left on the last line of names */
      int lines = place_signers(L, base);
      top += (lines - 1) * RD_LINE_PITCH;
      base += (lines - 1) * RD_LINE_PITCH;
      rd_page_text(L, num, &ln, RD_CHAR_CELL, base);
    } else
      rd_page_text(L, num, &ln, (RD_BANXIN_W - ln.width) / 2, base);
    rd_para_free(num);
    double em_bottom = top + RD_LINE_PITCH / 2 + RD_SIZE_3HAO / 2;
    double rule = em_bottom + RD_SEPARATOR_GAP;
    rd_op *o = rd_page_op(L, OP_HRULE);
    *o = (rd_op){ .kind = OP_HRULE, .y = rule, .len = RD_BANXIN_W, .thick = RD_SEPARATOR_WIDTH,
                  .sx = 1, .r = RD_RED_R, .g = RD_RED_G, .b = RD_RED_B };
    L->y = rule + RD_SEPARATOR_WIDTH / 2;
  } else if (has_mark) {
    double rule = L->y + RD_SEPARATOR_GAP;
    rd_op *o = rd_page_op(L, OP_HRULE);
    *o = (rd_op){ .kind = OP_HRULE, .y = rule, .len = RD_BANXIN_W, .thick = RD_SEPARATOR_WIDTH,
                  .sx = 1, .r = RD_RED_R, .g = RD_RED_G, .b = RD_RED_B };
    L->y = rule;
  }
  if (has_mark || d->doc_number) {
    /* two blank lines below the rule: the title takes the first cell after them */
    L->y += RD_TITLE_BLANK_LINES * RD_LINE_PITCH - 0.25 * RD_LINE_PITCH;
  } else if (L->y > 0)
    L->y = (rd_cell_at(L->y) + 1) * RD_LINE_PITCH;   /* a blank line */
  L->pend_y = L->y;
}

/* ---- 标题, 主送 ---- */

static void title_lines(lay *L, const char *text, int line)
{
  rd_para *p = rd_shape(L, text, RD_ROLE_XIAOBIAOSONG, RD_SIZE_2HAO, 0, line);
  rd_para_mark_words(L->ts, p, FALSE);
  GArray *lines = rd_para_break_balanced(p, L->w);
  rd_add_lines(L, p, lines, 0, 0, 1, TRUE);
  g_array_free(lines, TRUE);
  rd_para_free(p);
}

void rd_place_title(lay *L)
{
  const rd_document *d = L->doc;
  for (guint i = 0; i < d->title_lines->len; i++)
    title_lines(L, g_ptr_array_index(d->title_lines, i), rd_model_field_line(d, "标题", i));
  if (d->title_lines->len)
    rd_add_blank(L, 0);
}

void rd_place_recipients(lay *L)
{
  const char *r = L->doc->main_recipients;
  if (!r)
    return;
  char *text = g_str_has_suffix(r, "：") || g_str_has_suffix(r, ":") ? g_strdup(r)
                                                                     : g_strconcat(r, "：", NULL);
  rd_para *p = rd_shape(L, text, RD_ROLE_FANGSONG, RD_SIZE_3HAO, RD_CHAR_CELL,
                        rd_model_field_line(L->doc, "主送", 0));
  GArray *lines = rd_para_break(p, L->w, L->w, TRUE);
  rd_add_lines(L, p, lines, 0, 0, 0, FALSE);
  g_array_free(lines, TRUE);
  rd_para_free(p);
  g_free(text);
}

/* ---- 附件说明, 署名, 成文日期, 附注 ---- */

int rd_numbered_attachments(const rd_document *d)
{
  int n = 0;
  for (guint i = 0; i < d->attachments->len; i++)
    n += !((rd_attachment *)g_ptr_array_index(d->attachments, i))->issued;
  return n;
}

/* 附件：1.名称 …, a wrapped name aligned with the first character of the name. */
static void place_attachment_note(lay *L)
{
  const rd_document *d = L->doc;
  gboolean several = rd_numbered_attachments(d) > 1;
  int number = 0;
  rd_para *label = rd_shape(L, "附件：", RD_ROLE_FANGSONG, RD_SIZE_3HAO, RD_CHAR_CELL, 0);
  rd_line label_ln = { 0, label->ncl, 0 };
  label_ln.width = rd_para_set_natural(label, 0, label->ncl);
  double base = 0.5 * RD_LINE_PITCH + RD_BASELINE_BELOW_CENTRE(RD_SIZE_3HAO);
  rd_add_blank(L, 0);
  for (guint i = 0; i < d->attachments->len; i++) {
    rd_attachment *a = g_ptr_array_index(d->attachments, i);
    if (a->issued)
      continue;
    number++;
    rd_para *num = NULL;
    rd_line num_ln = { 0 };
    if (several) {
      char buf[16];
      g_snprintf(buf, sizeof buf, "%d.", number);
      num = rd_shape(L, buf, RD_ROLE_FANGSONG, RD_SIZE_3HAO, RD_CHAR_CELL, a->line);
      num_ln = (rd_line){ 0, num->ncl, rd_para_set_natural(num, 0, num->ncl) };
    }
    rd_para *name = rd_shape(L, a->title ? a->title : "", RD_ROLE_FANGSONG, RD_SIZE_3HAO,
                             RD_CHAR_CELL, a->line);
    double x = 2 * RD_CHAR_CELL + label_ln.width + num_ln.width;
    GArray *lines = rd_para_break(name, L->w - x, L->w - x, TRUE);
    for (guint k = 0; k < lines->len; k++) {
      rd_item *it = rd_item_new(RD_LINE_PITCH, TRUE);
      rd_item_text(it, name, &g_array_index(lines, rd_line, k), x, base);
      if (k == 0 && number == 1)
        rd_item_text(it, label, &label_ln, 2 * RD_CHAR_CELL, base);
      if (k == 0 && num)
        rd_item_text(it, num, &num_ln, x - num_ln.width, base);
      it->penalty = RD_PENALTY_INF;
      rd_contribute(L, it);
    }
    g_array_free(lines, TRUE);
    rd_para_free(name);
    rd_para_free(num);
  }
  rd_para_free(label);
}

/* Where 署名 and 成文日期 start (clause 7.3.5). With a seal the date ends 4 字 from the
 * right and the 署名 is centred over it. Without (7.3.5.2) the 署名 ends 2 字 from the right
 * and the date is centred under it; only a date longer than the 署名 ends 2 字 from the
 * right itself, with the 署名 centred over it. */
static void signature_x(double w, double sw, double dw, gboolean seal, double *sx, double *dx)
{
  if (seal) {
    *dx = w - 4 * RD_CHAR_CELL - dw;
    *sx = *dx + (dw - sw) / 2;
  } else if (dw > sw + RD_EPS) {
    *dx = w - 2 * RD_CHAR_CELL - dw;
    *sx = *dx + (dw - sw) / 2;
  } else {
    *sx = w - 2 * RD_CHAR_CELL - sw;
    *dx = *sx + (sw - dw) / 2;
  }
}

/* 署名 and 成文日期 (and the seal over both) as one item: a blank line (three with a seal)
 * above them. */
static void place_signature(lay *L, gboolean seal)
{
  const rd_document *d = L->doc;
  rd_para *sig = d->signature ? rd_shape(L, d->signature, RD_ROLE_FANGSONG, RD_SIZE_3HAO, RD_CHAR_CELL,
                                         rd_model_field_line(d, "署名", 0)) : NULL;
  rd_para *date = d->date ? rd_shape(L, d->date, RD_ROLE_FANGSONG, RD_SIZE_3HAO, RD_CHAR_CELL,
                                     rd_model_field_line(d, "成文日期", 0)) : NULL;
  double sw = sig ? rd_para_set_natural(sig, 0, sig->ncl) : 0;
  double dw = date ? rd_para_set_natural(date, 0, date->ncl) : 0;
  double sx, dx;
  signature_x(L->w, sig ? sw : 0, dw, seal, &sx, &dx);
  int blanks = seal ? 3 : 1;
  rd_item *it = rd_item_new((blanks + (sig ? 1 : 0) + (date ? 1 : 0)) * RD_LINE_PITCH, TRUE);
  it->penalty = RD_PENALTY_INF;
  int cell = blanks;
  int sig_cell = cell - 1;
  if (sig) {
    rd_line ln = { 0, sig->ncl, sw };
    sig_cell = cell;
    rd_item_text(it, sig, &ln, sx, rd_baseline_in_cell(cell++, RD_SIZE_3HAO));
  }
  if (date) {
    rd_line ln = { 0, date->ncl, dw };
    rd_item_text(it, date, &ln, dx, rd_baseline_in_cell(cell, RD_SIZE_3HAO));
  }
  if (seal) {
    /* the texts sit a little below the seal's centre; its top within a line of the text */
    double cy = (sig_cell + 1) * RD_LINE_PITCH - 0.3 * RD_LINE_PITCH;
    rd_op *o = rd_item_op(it, OP_IMAGE);
    o->x = dx + dw / 2 - RD_SEAL_DIAMETER / 2;
    o->y = MAX(cy - RD_SEAL_DIAMETER / 2, -0.2 * RD_LINE_PITCH);
    o->len = RD_SEAL_DIAMETER;
    o->thick = RD_SEAL_DIAMETER;
  }
  rd_para_free(sig);
  rd_para_free(date);
  rd_contribute(L, it);
}

void rd_place_closing(lay *L, gboolean attach_note, gboolean signature)
{
  const rd_document *d = L->doc;
  gboolean note = attach_note && d->attach_list && rd_numbered_attachments(d) > 0;
  gboolean sig = signature && (d->signature || d->date);
  /* never alone on a page: every break inside the closing and before it is forbidden, so
   * that the line before it comes along */
  L->keep_next = G_MAXINT / 2;
  if (note)
    place_attachment_note(L);
  if (sig)
    place_signature(L, L->seal != NULL && d->signature && d->date);
  if (signature && d->note) {
    char *t = g_strdup_printf("（%s）", d->note);
    rd_para *p = rd_shape(L, t, RD_ROLE_FANGSONG, RD_SIZE_3HAO, RD_CHAR_CELL,
                          rd_model_field_line(d, "附注", 0));
    GArray *lines = rd_para_break(p, L->w - 2 * RD_CHAR_CELL, L->w, TRUE);
    rd_add_lines(L, p, lines, 2 * RD_CHAR_CELL, 0, 0, TRUE);
    g_array_free(lines, TRUE);
    rd_para_free(p);
    g_free(t);
  }
  L->keep_next = 0;
}

/* ---- 版记 ---- */

void rd_place_banji(lay *L)
{
  const rd_document *d = L->doc;
  if (!d->cc && !d->printer)
    return;
  rd_flush_pending(L);
  const double ch = RD_SIZE_4HAO;   /* 1 字 of 4号 */
  rd_para *cc = NULL, *label = NULL;
  GArray *cc_lines = NULL;
  double label_w = 0;
  if (d->cc) {
    label = rd_shape(L, "抄送：", RD_ROLE_FANGSONG, RD_SIZE_4HAO, 0, 0);
    label_w = rd_para_set_natural(label, 0, label->ncl);
    char *t = g_str_has_suffix(d->cc, "。") ? g_strdup(d->cc) : g_strconcat(d->cc, "。", NULL);
    cc = rd_shape(L, t, RD_ROLE_FANGSONG, RD_SIZE_4HAO, 0, rd_model_field_line(d, "抄送", 0));
    g_free(t);
    double w = RD_BANXIN_W - 2 * ch - label_w;
    cc_lines = rd_para_break(cc, w, w, TRUE);
  }
  int cells = 1 + (cc_lines ? (int)cc_lines->len : 0);
  gboolean double_sided = d->double_sided != 0;
  int total = RD_LINES_PER_PAGE;
  int npages = (int)L->pages->len;
  gboolean fits = !L->cur->landscape && rd_cell_at(L->y) <= total - cells;
  gboolean even = npages % 2 == 0;
  if (double_sided) {
    if (!even) {
      rd_new_page(L, FALSE);                 /* the back of the last odd page */
      L->banji.breaks = 1;
    } else if (!fits) {
      rd_new_page(L, FALSE);                 /* blank */
      L->cur->numbered = FALSE;
      rd_new_page(L, FALSE);
      L->cur->numbered = FALSE;
      L->banji.breaks = 2;
    }
  } else if (!fits) {
    rd_new_page(L, FALSE);
    L->banji.breaks = 1;
  }
  int first = total - cells;
  L->banji.lines = cells;
  rd_op *o = rd_page_op(L, OP_HRULE);
  *o = (rd_op){ .kind = OP_HRULE, .y = first * RD_LINE_PITCH, .len = RD_BANXIN_W, .thick = RD_BANJI_THICK, .sx = 1 };
  if (cc_lines) {
    for (guint i = 0; i < cc_lines->len; i++) {
      rd_line *ln = &g_array_index(cc_lines, rd_line, i);
      double base = rd_baseline_in_cell(first + (int)i, RD_SIZE_4HAO);
      if (i == 0) {
        rd_line ll = { 0, label->ncl, label_w };
        rd_page_text(L, label, &ll, ch, base);
      }
      rd_page_text(L, cc, ln, ch + label_w, base);
    }
    o = rd_page_op(L, OP_HRULE);
    *o = (rd_op){ .kind = OP_HRULE, .y = (total - 1) * RD_LINE_PITCH, .len = RD_BANXIN_W, .thick = RD_BANJI_THIN, .sx = 1 };
    g_array_free(cc_lines, TRUE);
  }
  rd_para_free(cc);
  rd_para_free(label);
  double base = rd_baseline_in_cell(total - 1, RD_SIZE_4HAO);
  if (d->printer) {
    rd_para *p = rd_shape(L, d->printer, RD_ROLE_FANGSONG, RD_SIZE_4HAO, 0,
                          rd_model_field_line(d, "印发机关", 0));
    page_line(L, p, ch, base);
    rd_para_free(p);
  }
  const char *date = d->print_date ? d->print_date : d->date;
  if (date) {
    char *t = g_strconcat(date, "印发", NULL);
    rd_para *p = rd_shape(L, t, RD_ROLE_FANGSONG, RD_SIZE_4HAO, 0,
                          rd_model_field_line(d, d->print_date ? "印发日期" : "成文日期", 0));
    rd_line ln = { 0, p->ncl, 0 };
    ln.width = rd_para_set_natural(p, 0, p->ncl);
    rd_page_text(L, p, &ln, RD_BANXIN_W - ch - ln.width, base);
    rd_para_free(p);
    g_free(t);
  }
  o = rd_page_op(L, OP_HRULE);
  *o = (rd_op){ .kind = OP_HRULE, .y = RD_BANXIN_H, .len = RD_BANXIN_W, .thick = RD_BANJI_THICK, .sx = 1 };
  L->y = L->pend_y = RD_BANXIN_H;
}
