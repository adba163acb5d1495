/* shape.c — shaping over Pango and the own line breaker on the character grid.
 *
 * Pango/HarfBuzz itemise, pick fallback fonts and shape each paragraph once. The breaker then
 * works on clusters: full-width characters take one grid cell (156 mm / 28), Latin text its own
 * width. Rules: no line starts with a closing mark or ends with an opening one; when a
 * closing mark would start a line, punctuation in the line is squeezed (half a cell each) to
 * pull it up before a character is pushed down; breaks are allowed next to quotes between
 * Chinese characters (unlike Pango's UAX#14 rule LB19); lines are justified flush. */
#include <string.h>
#include <uchar.h>
#include <pango/pangofc-font.h>
#include <unicode/utext.h>
#include "internal.h"

#define EPS 0.01
/* Justified lines track at most this much per gap (in 字): a Latin token pushed down whole
 * that would leave more is cut at a character instead, and a line that is mostly one token
 * is tracked inside it too. */
#define MAX_TRACKING 0.1
#define NOBREAK_OPEN 0xE000u   /* the parser turns an unescaped '{' into this mark */
#define NOBREAK_CLOSE 0xE001u  /* and '}' into this one */

/* UTF-32 literals, so that classifying a character compares integers (this runs for every
 * character shaped) instead of searching UTF-8 text. */
static const char32_t closing_marks[] = U"，。、；：？！）》」』”’…〕】〉．｝%";
static const char32_t opening_marks[] = U"（《「『“‘〔【〈｛";
static const char32_t squeeze_right[] = U"，。、；：？！）》」』”’〕】〉";
static const char32_t squeeze_left[] = U"（《「『“‘〔【〈";

static gboolean in_set(const char32_t *set, gunichar c)
{
  for (; *set; set++)
    if (*set == c)
      return TRUE;
  return FALSE;
}

static gboolean is_latin(gunichar c)
{
  return (c > 0x20 && c < 0x7f) || (c >= 0xC0 && c <= 0x24F) || (c >= 0x370 && c <= 0x3FF);
}

static rd_char_class classify(gunichar c)
{
  if (c == ' ' || c == '\t')
    return RD_CLS_SPACE;
  if (c == 0x2026 || c == 0x2014 || c == 0x2015)
    return RD_CLS_NOSEP;
  if (in_set(closing_marks, c) && c != '%')
    return RD_CLS_CLOSE;
  if (in_set(opening_marks, c))
    return RD_CLS_OPEN;
  if (is_latin(c))
    return RD_CLS_LATIN;
  return RD_CLS_IDEO;
}

/* Chinese text for the purpose of removing stray spaces: anything wide. */
static gboolean is_cjk(gunichar c)
{
  return c >= 0x2E80 && !(c >= 0xE000 && c <= 0xF8FF) && c != 0xFEFF;
}

char *rd_text_clean(const char *text, GArray *nobreak)
{
  GString *out = g_string_sized_new(strlen(text) + 8);
  int open_at = -1;
  int converted_parens = 0;
  const char *p = text;
  gunichar prev = 0;   /* last character written */
  while (*p) {
    gunichar c = g_utf8_get_char(p);
    const char *next = g_utf8_next_char(p);
    if (c == NOBREAK_OPEN) {
      open_at = (int)out->len;
      p = next;
      continue;
    }
    if (c == NOBREAK_CLOSE) {
      if (open_at >= 0 && nobreak) {
        int range[2] = { open_at, (int)out->len };
        g_array_append_vals(nobreak, range, 2);
      }
      open_at = -1;
      p = next;
      continue;
    }
    if (c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0) {
      /* Keep one ASCII space only between two Latin characters. */
      const char *q = next;
      while (*q == ' ' || *q == '\t' || g_utf8_get_char(q) == 0x3000 || g_utf8_get_char(q) == 0xA0)
        q = g_utf8_next_char(q);
      gunichar after = *q ? g_utf8_get_char(q) : 0;
      if (prev && after && is_latin(prev) && is_latin(after) && c != 0x3000)
        g_string_append_c(out, ' ');
      p = q;
      continue;
    }
    if (c < 0x20 || c == 0x7f) {
      p = next;
      continue;
    }
    /* ASCII punctuation typed inside Chinese text becomes full-width. */
    gunichar after = *next ? g_utf8_get_char(next) : 0;
    gboolean cjk_before = prev && is_cjk(prev);
    if (cjk_before && (c == ',' || c == ':' || c == ';' || c == '!' || c == '?')) {
      static const gunichar map[][2] = { { ',', 0xFF0C }, { ':', 0xFF1A }, { ';', 0xFF1B },
                                         { '!', 0xFF01 }, { '?', 0xFF1F } };
      for (size_t i = 0; i < G_N_ELEMENTS(map); i++)
        if (map[i][0] == c)
          c = map[i][1];
    } else if (c == '(' && (cjk_before || (after && is_cjk(after)))) {
      c = 0xFF08;
      converted_parens++;
    } else if (c == ')' && (converted_parens > 0 || cjk_before)) {
      c = 0xFF09;
      if (converted_parens > 0)
        converted_parens--;
    }
    g_string_append_unichar(out, c);
    prev = c;
    p = next;
  }
  return g_string_free(out, FALSE);
}

GArray *rd_spans_for_text(const char *text, int start, int end, rd_font_role role, double size)
{
  GArray *spans = g_array_new(FALSE, FALSE, sizeof(rd_span));
  const char *p = text + start;
  while (p < text + end) {
    gunichar c = g_utf8_get_char(p);
    gboolean latin = is_latin(c) || (c == ' ');
    rd_font_role r = latin ? RD_ROLE_LATIN : role;
    int at = (int)(p - text);
    rd_span *last = spans->len ? &g_array_index(spans, rd_span, spans->len - 1) : NULL;
    if (last && last->role == r && last->end == at)
      last->end = at + (int)(g_utf8_next_char(p) - p);
    else {
      rd_span s = { at, at + (int)(g_utf8_next_char(p) - p), r, size };
      g_array_append_val(spans, s);
    }
    p = g_utf8_next_char(p);
  }
  return spans;
}

/* Remembers the face serving each role and the characters no font has. */
static void record_item(rd_typesetter *ts, rd_para *p, PangoItem *item,
                        PangoGlyphString *gs, rd_font_role role)
{
  PangoFont *font = item->analysis.font;
  if (font) {
    guint seen = GPOINTER_TO_UINT(g_hash_table_lookup(ts->used, font));
    if (!(seen & (1u << role))) {
      g_hash_table_insert(ts->used, font, GUINT_TO_POINTER(seen | (1u << role)));
      if (PANGO_IS_FC_FONT(font)) {
        FcPattern *pat = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
        FcChar8 *fam = NULL, *style = NULL, *file = NULL;
        FcPatternGetString(pat, FC_FAMILY, 0, &fam);
        FcPatternGetString(pat, FC_STYLE, 0, &style);
        FcPatternGetString(pat, FC_FILE, 0, &file);
        char *key = g_strdup_printf("%s\t%s\t%s\t%s", ts->roles[role].choice.role,
                                    fam ? (char *)fam : "", style ? (char *)style : "",
                                    file ? (char *)file : "");
        if (!g_hash_table_contains(ts->used_faces, key)) {
          g_hash_table_add(ts->used_faces, key);
          g_ptr_array_add(ts->used_list, key);
        } else
          g_free(key);
      }
    }
  }
  for (int i = 0; i < gs->num_glyphs; i++) {
    PangoGlyph g = gs->glyphs[i].glyph;
    if (!(g & PANGO_GLYPH_UNKNOWN_FLAG))
      continue;
    gunichar c = g_utf8_get_char(p->text + item->offset + gs->log_clusters[i]);
    if (g_unichar_isspace(c) || c < 0x20 || (c >= 0x200B && c <= 0x200D))
      continue;
    if (!p->missing)
      p->missing = c;
    if (!g_hash_table_contains(ts->missing, GUINT_TO_POINTER(c))) {
      g_hash_table_add(ts->missing, GUINT_TO_POINTER(c));
      g_string_append_unichar(ts->missing_str, c);
    }
  }
}

/* Letters and digits of a word or number: Latin ones, and the full-width forms that pasted
 * text brings (０５３１-****３３３３ is one telephone number, not characters to break
 * between). */
static gboolean word_char(const rd_para *p, const rd_cluster *c)
{
  if (c->cls == RD_CLS_LATIN)
    return TRUE;
  gunichar ch = g_utf8_get_char(p->text + c->start);
  return (ch >= 0xFF10 && ch <= 0xFF19) || (ch >= 0xFF21 && ch <= 0xFF3A) ||
         (ch >= 0xFF41 && ch <= 0xFF5A);
}

/* A Latin token long enough to spread a line when pushed down whole: a URL, an e-mail
 * address, a file name or formula of many characters. */
#define LONG_TOKEN_CHARS 16
static const char token_breaks[] = "/.?&=_-";

static gboolean long_token(const char *s, int len, int nchars)
{
  return nchars >= LONG_TOKEN_CHARS || g_strstr_len(s, len, "://") || memchr(s, '@', len) ||
         g_strstr_len(s, len, "www.");
}

/* Allows breaks after / . ? & = _ - inside long tokens (no hyphen is added). */
static void mark_token_breaks(rd_para *p)
{
  for (int i = 0; i < p->ncl;) {
    if (p->cl[i].cls != RD_CLS_LATIN) {
      i++;
      continue;
    }
    int j = i + 1;
    while (j < p->ncl && p->cl[j].in_token)
      j++;
    const char *s = p->text + p->cl[i].start;
    int len = p->cl[j - 1].end - p->cl[i].start;
    if (long_token(s, len, j - i))
      for (int k = i + 1; k < j; k++) {
        char a = p->text[p->cl[k - 1].start], b = p->text[p->cl[k].start];
        if (strchr(token_breaks, a) && !strchr(token_breaks, b))
          p->cl[k].nobreak = FALSE;
      }
    i = j;
  }
}

static void build_clusters(rd_para *p, const rd_span *spans, int nspans, double cell,
                           const GArray *nobreak)
{
  int cap = p->len + 1;
  p->cl = g_new0(rd_cluster, cap);
  p->ncl = 0;
  int span = 0;
  for (guint it = 0; it < p->items->len; it++) {
    PangoGlyphItem *gi = g_ptr_array_index(p->items, it);
    PangoGlyphString *gs = gi->glyphs;
    PangoItem *item = gi->item;
    while (span + 1 < nspans && spans[span].end <= item->offset)
      span++;
    double size = spans[span].size;
    int g = 0;
    while (g < gs->num_glyphs) {
      int start = gs->log_clusters[g];
      int g1 = g + 1;
      double w = gs->glyphs[g].geometry.width;
      while (g1 < gs->num_glyphs && gs->log_clusters[g1] == start) {
        w += gs->glyphs[g1].geometry.width;
        g1++;
      }
      int end = g1 < gs->num_glyphs ? gs->log_clusters[g1] : item->length;
      rd_cluster *c = &p->cl[p->ncl++];
      c->start = item->offset + start;
      c->end = item->offset + end;
      c->item = (int)it;
      c->glyph0 = g;
      c->glyph1 = g1;
      w /= PANGO_SCALE;
      gunichar ch = g_utf8_get_char(p->text + c->start);
      c->cls = classify(ch);
      long nchars = g_utf8_strlen(p->text + c->start, c->end - c->start);
      c->natural = w;
      gboolean wide = c->cls == RD_CLS_IDEO || c->cls == RD_CLS_OPEN || c->cls == RD_CLS_CLOSE ||
                      c->cls == RD_CLS_NOSEP;
      if (wide && cell > 0 && w >= 0.7 * size * nchars) {
        double cw = cell * size / RD_SIZE_3HAO * nchars;
        c->shift = (cw - w) / 2;
        c->natural = cw;
      }
      if (wide && w >= 0.7 * size) {
        if (in_set(squeeze_right, ch))
          c->squeeze = c->natural / 2;
        else if (in_set(squeeze_left, ch)) {
          c->squeeze = c->natural / 2;
          c->squeeze_left = TRUE;
        }
      }
      g = g1;
    }
  }
  /* No break inside a Latin word (but after / . ? & = _ - of a URL or long token), inside
   * …… / ——, or inside a {name}. */
  for (int i = 1; i < p->ncl; i++) {
    rd_cluster *a = &p->cl[i - 1], *b = &p->cl[i];
    if (word_char(p, a) && word_char(p, b)) {
      b->nobreak = TRUE;
      b->in_token = TRUE;
    }
    if (a->cls == RD_CLS_NOSEP && b->cls == RD_CLS_NOSEP &&
        g_utf8_get_char(p->text + a->start) == g_utf8_get_char(p->text + b->start))
      b->nobreak = TRUE;
  }
  mark_token_breaks(p);
  if (nobreak)
    for (guint r = 0; r + 1 < nobreak->len; r += 2) {
      int s = g_array_index(nobreak, int, r), e = g_array_index(nobreak, int, r + 1);
      for (int i = 0; i < p->ncl; i++)
        if (p->cl[i].start > s && p->cl[i].start < e) {
          p->cl[i].nobreak = TRUE;
          p->cl[i].in_token = FALSE;   /* a name is never cut, not even as a last resort */
        }
    }
}

/* Quotes and dashes next to Latin text are itemised as Latin and shaped narrow; in a Chinese
 * role with no Latin letters in the item they must take their full-width Chinese forms. */
static void force_han(const char *text, PangoItem *item, const rd_span *spans, int nspans)
{
  for (int s = 0; s < nspans; s++)
    if (spans[s].start <= item->offset && item->offset < spans[s].end && spans[s].role == RD_ROLE_LATIN)
      return;
  for (const char *q = text + item->offset; q < text + item->offset + item->length; q = g_utf8_next_char(q))
    if (is_latin(g_utf8_get_char(q)))
      return;
  item->analysis.script = PANGO_SCRIPT_HAN;
  item->analysis.language = pango_language_from_string("zh-cn");
}

rd_para *rd_para_shape(rd_typesetter *ts, const rd_seg *segs, int nsegs, double cell)
{
  rd_para *p = g_new0(rd_para, 1);
  p->refs = 1;
  GArray *nobreak = g_array_new(FALSE, FALSE, sizeof(int));
  GArray *own = g_array_new(FALSE, FALSE, sizeof(rd_span));
  GString *all = g_string_new(NULL);
  for (int s = 0; s < nsegs; s++) {
    GArray *nb = g_array_new(FALSE, FALSE, sizeof(int));
    char *clean = rd_text_clean(segs[s].text ? segs[s].text : "", nb);
    int base = (int)all->len;
    for (guint i = 0; i < nb->len; i++) {
      int v = g_array_index(nb, int, i) + base;
      g_array_append_val(nobreak, v);
    }
    g_string_append(all, clean);
    /* Latin letters and digits of body text are set in their own face. */
    if (segs[s].role == RD_ROLE_FANGSONG) {
      GArray *sub = rd_spans_for_text(all->str, base, (int)all->len, segs[s].role, segs[s].size);
      g_array_append_vals(own, sub->data, sub->len);
      g_array_free(sub, TRUE);
    } else if (all->len > (gsize)base) {
      rd_span sp = { base, (int)all->len, segs[s].role, segs[s].size };
      g_array_append_val(own, sp);
    }
    g_array_free(nb, TRUE);
    g_free(clean);
  }
  p->len = (int)all->len;
  p->text = g_string_free(all, FALSE);
  p->items = g_ptr_array_new();
  const rd_span *spans = (const rd_span *)own->data;
  int nspans = (int)own->len;
  p->size = nsegs ? segs[0].size : RD_SIZE_3HAO;
  if (p->len == 0 || nspans == 0) {
    p->cl = g_new0(rd_cluster, 1);
    g_array_free(own, TRUE);
    g_array_free(nobreak, TRUE);
    return p;
  }

  PangoAttrList *attrs = pango_attr_list_new();
  for (int s = 0; s < nspans; s++) {
    PangoFontDescription *d = pango_font_description_copy_static(ts->roles[spans[s].role].desc);
    pango_font_description_set_absolute_size(d, spans[s].size * PANGO_SCALE);
    PangoAttribute *a = pango_attr_font_desc_new(d);
    a->start_index = (guint)spans[s].start;
    a->end_index = (guint)spans[s].end;
    pango_attr_list_insert(attrs, a);
    pango_font_description_free(d);
  }
  GList *items = pango_itemize(ts->ctx, p->text, 0, p->len, attrs, NULL);
  int span = 0;
  for (GList *l = items; l; l = l->next) {
    PangoItem *item = l->data;
    PangoGlyphString *gs = pango_glyph_string_new();
    force_han(p->text, item, spans, nspans);
    /* The grid is set left to right only. A right-to-left run (an Arabic word, or a stray
     * U+202E override that got this far) would come back from HarfBuzz in visual order,
     * log_clusters falling, while the clusters and rd_para_draw_line walk glyphs in logical
     * order: that mismatch is what made Pango assert. Shaped LTR, the run stays in logical
     * order and every cluster keeps its bytes. */
    item->analysis.level = 0;
    pango_shape_with_flags(p->text + item->offset, item->length, p->text, p->len,
                           &item->analysis, gs, PANGO_SHAPE_NONE);
    while (span + 1 < nspans && spans[span].end <= item->offset)
      span++;
    record_item(ts, p, item, gs, spans[span].role);
    PangoGlyphItem *gi = g_slice_new0(PangoGlyphItem);
    gi->item = item;
    gi->glyphs = gs;
    g_ptr_array_add(p->items, gi);
  }
  g_list_free(items);
  pango_attr_list_unref(attrs);
  build_clusters(p, spans, nspans, cell, nobreak);
  g_array_free(own, TRUE);
  g_array_free(nobreak, TRUE);
  return p;
}

rd_para *rd_para_ref(rd_para *p)
{
  p->refs++;
  return p;
}

void rd_para_free(rd_para *p)
{
  if (!p || --p->refs > 0)
    return;
  for (guint i = 0; i < p->items->len; i++)
    pango_glyph_item_free(g_ptr_array_index(p->items, i));
  g_ptr_array_free(p->items, TRUE);
  g_free(p->cl);
  g_free(p->text);
  g_free(p);
}

void rd_para_mark_words(rd_typesetter *ts, rd_para *p, gboolean hard)
{
  int pairs = 0;
  for (int i = 1; i < p->ncl && !pairs; i++)
    pairs += p->cl[i].cls == RD_CLS_IDEO && p->cl[i - 1].cls == RD_CLS_IDEO;
  if (!pairs)
    return;   /* numbers, dates, Latin: nothing for the dictionary to do */
  UErrorCode st = U_ZERO_ERROR;
  if (!ts->words)
    ts->words = ubrk_open(UBRK_WORD, "zh", NULL, 0, &st);
  if (U_FAILURE(st) || !ts->words || p->ncl < 2)
    return;   /* no ICU data: cells break on characters as before */
  UText *ut = utext_openUTF8(NULL, p->text, p->len, &st);
  ubrk_setUText(ts->words, ut, &st);
  if (U_SUCCESS(st)) {
    /* UTF-8 UText indexes are byte offsets: walk the clusters and boundaries together */
    int b = ubrk_first(ts->words);
    for (int i = 1; i < p->ncl; i++) {
      while (b != UBRK_DONE && b < p->cl[i].start)
        b = ubrk_next(ts->words);
      rd_cluster *c = &p->cl[i];
      if (b != c->start && c->cls == RD_CLS_IDEO && p->cl[i - 1].cls == RD_CLS_IDEO) {
        c->in_word = TRUE;
        if (hard) {
          c->nobreak = TRUE;
          c->in_token = TRUE;
        }
      }
    }
  }
  ubrk_setText(ts->words, NULL, 0, &st);   /* forget the text before it is freed */
  utext_close(ut);
}

guint8 *rd_para_word_bits(const rd_para *p)
{
  guint8 *bits = NULL;
  for (int i = 0; i < p->ncl; i++)
    if (p->cl[i].in_word) {
      if (!bits)
        bits = g_new0(guint8, (p->ncl + 7) / 8);
      bits[i / 8] |= (guint8)(1u << (i % 8));
    }
  return bits;
}

void rd_para_set_word_bits(rd_para *p, const guint8 *bits)
{
  for (int i = 0; bits && i < p->ncl; i++)
    if (bits[i / 8] & (1u << (i % 8))) {
      p->cl[i].in_word = TRUE;
      p->cl[i].nobreak = TRUE;
      p->cl[i].in_token = TRUE;
    }
}

static gboolean can_break_before(const rd_para *p, int k)
{
  if (k <= 0 || k >= p->ncl)
    return TRUE;
  const rd_cluster *a = &p->cl[k - 1], *b = &p->cl[k];
  if (b->nobreak || b->cls == RD_CLS_CLOSE || a->cls == RD_CLS_OPEN)
    return FALSE;
  if (b->cls == RD_CLS_NOSEP && g_utf8_get_char(p->text + b->start) == 0x2026)
    return FALSE;   /* …… never starts a line */
  if (b->cls == RD_CLS_SPACE)
    return FALSE;   /* break after the space instead */
  return TRUE;
}

double rd_para_set_natural(rd_para *p, int c0, int c1)
{
  double w = 0;
  for (int i = c0; i < c1; i++) {
    p->cl[i].adv = p->cl[i].natural;
    p->cl[i].xoff = p->cl[i].shift;
    w += p->cl[i].adv;
  }
  return w;
}

/* Removes `need` points from the squeezable marks of [c0, c1), from the end backwards. */
static void apply_squeeze(rd_para *p, int c0, int c1, double need)
{
  for (int i = c1 - 1; i >= c0 && need > EPS; i--) {
    rd_cluster *c = &p->cl[i];
    if (c->squeeze <= 0)
      continue;
    double take = MIN(c->squeeze, need);
    c->adv -= take;
    if (c->squeeze_left)
      c->xoff -= take;
    need -= take;
  }
}

static int justify_gaps(const rd_para *p, int c0, int c1)
{
  int gaps = 0;
  for (int i = c0; i + 1 < c1; i++)
    gaps += !p->cl[i + 1].in_token;
  return gaps;
}

/* Spreads slack over the gaps of the line between Chinese characters and words, not inside
 * a Latin token unless the line holds too few other gaps to take it. */
static void justify(rd_para *p, int c0, int c1, double slack)
{
  int gaps = justify_gaps(p, c0, c1);
  double size = p->size > 0 ? p->size : RD_SIZE_3HAO;
  gboolean all = gaps == 0 || slack / gaps > MAX_TRACKING * size;
  if (all)
    gaps = c1 - c0 - 1;   /* a line that is mostly one token: track it all, evenly */
  if (gaps <= 0)
    return;
  double each = slack / gaps;
  for (int i = c0; i + 1 < c1; i++)
    if (all || !p->cl[i + 1].in_token)
      p->cl[i].adv += each;
}

static int trim_trailing_spaces(rd_para *p, int c0, int c1)
{
  while (c1 > c0 && p->cl[c1 - 1].cls == RD_CLS_SPACE) {
    p->cl[c1 - 1].adv = 0;
    c1--;
  }
  return c1;
}

/* The break for a line [pos, end) that the greedy fill pushed back from k: when the line
 * would be justified looser than MAX_TRACKING per gap because a Latin token went down
 * whole, the token is cut at the last character that fits (no hyphen). */
static int token_fallback(rd_para *p, int pos, int end, int k, double avail)
{
  int c1 = end;
  while (c1 > pos && p->cl[c1 - 1].cls == RD_CLS_SPACE)
    c1--;
  double w = 0;
  for (int i = pos; i < c1; i++)
    w += p->cl[i].natural;
  int gaps = justify_gaps(p, pos, c1);
  double size = p->size > 0 ? p->size : RD_SIZE_3HAO;
  if (gaps > 0 && (avail - w) / gaps <= MAX_TRACKING * size + EPS)
    return end;
  for (int b = k; b > end; b--)
    if (p->cl[b].in_token && p->cl[b].nobreak)
      return b;
  return end;
}

GArray *rd_para_break(rd_para *p, double first_width, double width, gboolean justify_lines)
{
  GArray *lines = g_array_new(FALSE, FALSE, sizeof(rd_line));
  int pos = 0;
  gboolean first = TRUE;
  while (pos < p->ncl) {
    while (pos < p->ncl && p->cl[pos].cls == RD_CLS_SPACE) {
      p->cl[pos].adv = 0;
      p->cl[pos].xoff = 0;
      pos++;
    }
    if (pos >= p->ncl)
      break;
    double avail = first ? first_width : width;
    first = FALSE;
    double sum = 0;
    int k = pos;
    while (k < p->ncl && sum + p->cl[k].natural <= avail + EPS)
      sum += p->cl[k++].natural;
    if (k == pos)
      sum += p->cl[k++].natural;   /* one cluster wider than the line: it goes alone */
    rd_line line = { pos, k, 0 };
    if (k >= p->ncl) {
      line.c1 = trim_trailing_spaces(p, pos, p->ncl);
      line.width = rd_para_set_natural(p, pos, line.c1);
      g_array_append_val(lines, line);
      break;
    }
    int end = -1;
    double need = 0;
    if (p->cl[k].cls == RD_CLS_SPACE || can_break_before(p, k))
      end = k;
    else {
      /* Pull the marks that may not start a line up by squeezing punctuation. */
      int j = k;
      double extra = 0;
      while (j < p->ncl && !can_break_before(p, j) && p->cl[j].cls != RD_CLS_SPACE &&
             j - k < 3)
        extra += p->cl[j++].natural;
      if (j >= p->ncl || can_break_before(p, j) || p->cl[j].cls == RD_CLS_SPACE) {
        double squeezable = 0;
        for (int i = pos; i < j; i++)
          squeezable += p->cl[i].squeeze;
        need = sum + extra - avail;
        if (squeezable + EPS >= need)
          end = j;
      }
    }
    if (end < 0) {
      need = 0;
      for (int b = k - 1; b > pos; b--)
        if (can_break_before(p, b)) {
          end = b;
          break;
        }
      if (end < 0)
        end = k;   /* nothing allowed: break anyway rather than overflow */
    }
    if (justify_lines && need <= EPS)
      end = token_fallback(p, pos, end, k, avail);
    int c1 = trim_trailing_spaces(p, pos, end);
    double w = rd_para_set_natural(p, pos, c1);
    if (need > EPS) {
      apply_squeeze(p, pos, c1, need);
      w -= need;
    }
    if (justify_lines && avail - w > EPS) {
      justify(p, pos, c1, avail - w);
      w = avail;
    }
    line.c0 = pos;
    line.c1 = c1;
    line.width = w;
    g_array_append_val(lines, line);
    pos = end;
  }
  return lines;
}

/* Penalty of a break before cluster k in a title: 0 between words, more inside them. */
static double title_penalty(const rd_para *p, int k)
{
  if (!can_break_before(p, k))
    return -1;
  const char *at = p->text + p->cl[k].start;
  gunichar before = g_utf8_get_char(p->text + p->cl[k - 1].start);
  gunichar after = g_utf8_get_char(at);
  if (p->cl[k].in_word)
    return 80;   /* inside a word */
  if (g_str_has_prefix(at, "关于") || g_str_has_prefix(at, "的") || after == 0x300A /* 《 */ ||
      before == 0x300B /* 》 */ || before == 0x3001 || before == 0xFF0C || after == 0x201C ||
      before == 0x201D || g_str_has_prefix(at, "和") || g_str_has_prefix(at, "及"))
    return 0;
  /* inside 《…》 or “…”: count unbalanced opening marks before k */
  int depth = 0;
  for (int i = 0; i < k; i++) {
    gunichar c = g_utf8_get_char(p->text + p->cl[i].start);
    if (c == 0x300A || c == 0x201C)
      depth++;
    else if ((c == 0x300B || c == 0x201D) && depth > 0)
      depth--;
  }
  return depth > 0 ? 60 : 25;
}

GArray *rd_para_break_balanced(rd_para *p, double width)
{
  int m = p->ncl;
  double *pre = g_new0(double, m + 1);
  for (int i = 0; i < m; i++)
    pre[i + 1] = pre[i] + p->cl[i].natural;
  double total = pre[m];
  double unit = p->size > 0 ? p->size : RD_SIZE_2HAO;
  int nmin = (int)(total / (width + EPS)) + 1;
  if (nmin > RD_LINES_PER_PAGE) {
    /* a title longer than a page is not worth balancing, and the search's tables grow with
     * lines x characters (a 100,000-character --event would want gigabytes): break greedily */
    g_free(pre);
    return rd_para_break(p, width, width, FALSE);
  }
  GArray *lines = g_array_new(FALSE, FALSE, sizeof(rd_line));
  double *pen = g_new(double, m + 1);
  for (int k = 0; k <= m; k++)
    pen[k] = (k == 0 || k == m) ? 0 : title_penalty(p, k);
  for (int n = nmin; n <= nmin + 3 && n <= m && lines->len == 0; n++) {
    double target = total / n;
    /* cost[l][k]: best cost of l lines covering [0, k) */
    double *cost = g_new(double, (size_t)(n + 1) * (m + 1));
    int *from = g_new(int, (size_t)(n + 1) * (m + 1));
    for (int i = 0; i < (n + 1) * (m + 1); i++)
      cost[i] = G_MAXDOUBLE;
    cost[0] = 0;
    for (int l = 1; l <= n; l++)
      for (int k = 1; k <= m; k++) {
        if (pen[k] < 0 || (l == n) != (k == m))
          continue;
        /* only starts j within one line's width of k (pre rises): linear in the title's
         * length, not quadratic, so a title of thousands of characters still breaks fast */
        int j0 = k;
        while (j0 > 0 && pre[k] - pre[j0 - 1] <= width + EPS)
          j0--;
        for (int j = j0; j < k; j++) {
          double prev = cost[(l - 1) * (m + 1) + j];
          if (prev == G_MAXDOUBLE)
            continue;
          double dev = (pre[k] - pre[j] - target) / unit;
          double c = prev + pen[k] + dev * dev * 4;
          if (c < cost[l * (m + 1) + k]) {
            cost[l * (m + 1) + k] = c;
            from[l * (m + 1) + k] = j;
          }
        }
      }
    if (cost[n * (m + 1) + m] < G_MAXDOUBLE) {
      /* as many lines as the title needs: a long 标题 or event name takes ten or more */
      GArray *ends = g_array_sized_new(FALSE, FALSE, sizeof(int), (guint)n);
      g_array_set_size(ends, (guint)n);
      int k = m;
      for (int l = n; l >= 1; l--) {
        g_array_index(ends, int, l - 1) = k;
        k = from[l * (m + 1) + k];
      }
      int start = 0;
      for (int l = 0; l < n; l++) {
        rd_line line = { start, g_array_index(ends, int, l), 0 };
        line.width = rd_para_set_natural(p, start, line.c1);
        g_array_append_val(lines, line);
        start = line.c1;
      }
      g_array_free(ends, TRUE);
    }
    g_free(cost);
    g_free(from);
  }
  g_free(pen);
  g_free(pre);
  if (lines->len == 0) {
    g_array_free(lines, TRUE);
    return rd_para_break(p, width, width, FALSE);
  }
  return lines;
}

void rd_para_line_runs(rd_para *p, const rd_line *line, double x, double baseline,
                       rd_run_fn fn, void *user)
{
  int i = line->c0;
  while (i < line->c1) {
    int item = p->cl[i].item;
    int j = i;
    while (j < line->c1 && p->cl[j].item == item)
      j++;
    PangoGlyphItem *src = g_ptr_array_index(p->items, item);
    int g0 = p->cl[i].glyph0, g1 = p->cl[j - 1].glyph1;
    int b0 = p->cl[i].start, b1 = p->cl[j - 1].end;
    PangoGlyphString *gs = pango_glyph_string_new();
    pango_glyph_string_set_size(gs, g1 - g0);
    memcpy(gs->glyphs, src->glyphs->glyphs + g0, sizeof(PangoGlyphInfo) * (size_t)(g1 - g0));
    for (int g = g0; g < g1; g++)
      gs->log_clusters[g - g0] = src->glyphs->log_clusters[g] - (b0 - src->item->offset);
    double w = 0;
    for (int c = i; c < j; c++) {
      const rd_cluster *cl = &p->cl[c];
      int first = cl->glyph0 - g0;
      int others = 0;
      for (int g = cl->glyph0 + 1; g < cl->glyph1; g++)
        others += src->glyphs->glyphs[g].geometry.width;
      gs->glyphs[first].geometry.width = (int)(cl->adv * PANGO_SCALE + 0.5) - others;
      gs->glyphs[first].geometry.x_offset += (int)(cl->xoff * PANGO_SCALE);
      w += cl->adv;
    }
    PangoItem *it = pango_item_copy(src->item);
    it->offset = b0;
    it->length = b1 - b0;
    it->num_chars = (int)g_utf8_strlen(p->text + b0, b1 - b0);
    PangoGlyphItem gi = { it, gs, 0, 0, 0 };
    fn(p->text, &gi, x, baseline, user);
    pango_item_free(it);
    pango_glyph_string_free(gs);
    x += w;
    i = j;
  }
}

static void show_run(const char *text, PangoGlyphItem *run, double x, double baseline, void *cr)
{
  cairo_move_to(cr, x, baseline);
  pango_cairo_show_glyph_item(cr, text, run);
}

void rd_para_draw_line(rd_para *p, const rd_line *line, cairo_t *cr, double x, double baseline)
{
  rd_para_line_runs(p, line, x, baseline, show_run, cr);
}

rd_para *rd_para_simple(rd_typesetter *ts, const char *text, rd_font_role role, double size,
                        double cell)
{
  rd_seg seg = { text, role, size };
  return rd_para_shape(ts, &seg, 1, cell);
}
