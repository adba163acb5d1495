/* runs.c — glyph runs kept without their paragraphs (internal.h, rd_runs).
 *
 * A kept run is one record in a byte array: its analysis (the font referenced), where it
 * starts, its glyphs and log clusters, then its text; played back, each becomes a
 * PangoGlyphItem equal to the one rd_para_line_runs gave, so that what draws it draws the
 * same thing. About 30 bytes a glyph, against 300 KB a page for the shaped paragraphs of
 * the 通报's tables. */
#include <string.h>
#include "internal.h"

struct rd_runs {
  GByteArray *bytes;
};

typedef struct run_head {
  PangoAnalysis analysis;   /* font: a reference; no extra attributes (drawing reads none) */
  double x, baseline;
  int num_glyphs;
  int length;               /* bytes of text */
} run_head;

#define ALIGN8(n) (((n) + 7u) & ~(gsize)7u)

static gsize record_size(int num_glyphs, int length)
{
  return ALIGN8(sizeof(run_head) + (gsize)num_glyphs * (sizeof(PangoGlyphInfo) + sizeof(gint)) +
                (gsize)length + 1);
}

rd_runs *rd_runs_new(void)
{
  rd_runs *r = g_new(rd_runs, 1);
  r->bytes = g_byte_array_new();
  return r;
}

void rd_runs_add(const char *text, PangoGlyphItem *run, double x, double baseline, void *runs)
{
  GByteArray *b = ((rd_runs *)runs)->bytes;
  const PangoGlyphString *gs = run->glyphs;
  run_head h = { run->item->analysis, x, baseline, gs->num_glyphs, run->item->length };
  h.analysis.extra_attrs = NULL;
  if (h.analysis.font)
    g_object_ref(h.analysis.font);
  guint at = b->len;
  g_byte_array_set_size(b, at + (guint)record_size(h.num_glyphs, h.length));
  guint8 *p = b->data + at;
  memcpy(p, &h, sizeof h);
  p += sizeof h;
  memcpy(p, gs->glyphs, sizeof(PangoGlyphInfo) * (size_t)h.num_glyphs);
  p += sizeof(PangoGlyphInfo) * (size_t)h.num_glyphs;
  memcpy(p, gs->log_clusters, sizeof(gint) * (size_t)h.num_glyphs);   /* relative to the item */
  p += sizeof(gint) * (size_t)h.num_glyphs;
  memcpy(p, text + run->item->offset, (size_t)h.length);
  p[h.length] = '\0';
}

/* Calls fn(record, user) with each record's head. */
static void each(const rd_runs *r, void (*fn)(const run_head *, void *), void *user)
{
  for (gsize at = 0; at < r->bytes->len;) {
    const run_head *h = (const run_head *)(const void *)(r->bytes->data + at);
    fn(h, user);
    at += record_size(h->num_glyphs, h->length);
  }
}

typedef struct play_ctx {
  rd_run_fn fn;
  void *user;
} play_ctx;

static void play_one(const run_head *h, void *data)
{
  play_ctx *c = data;
  const guint8 *p = (const guint8 *)(h + 1);
  PangoGlyphString gs = { 0 };
  gs.num_glyphs = h->num_glyphs;
  gs.glyphs = (PangoGlyphInfo *)(void *)p;
  p += sizeof(PangoGlyphInfo) * (size_t)h->num_glyphs;
  gs.log_clusters = (gint *)(void *)p;
  p += sizeof(gint) * (size_t)h->num_glyphs;
  const char *text = (const char *)p;
  PangoItem *item = pango_item_new();   /* Pango's own, as its functions may read past the public part */
  item->offset = 0;
  item->length = h->length;
  item->num_chars = (int)g_utf8_strlen(text, h->length);
  item->analysis = h->analysis;
  PangoGlyphItem gi = { item, &gs, 0, 0, 0 };
  c->fn(text, &gi, h->x, h->baseline, c->user);
  item->analysis.font = NULL;   /* the record's reference */
  pango_item_free(item);
}

void rd_runs_play(const rd_runs *r, rd_run_fn fn, void *user)
{
  play_ctx c = { fn, user };
  each(r, play_one, &c);
}

void rd_runs_trim(rd_runs *r)
{
  gsize len = 0;
  guint8 *data = g_byte_array_steal(r->bytes, &len);
  g_byte_array_unref(r->bytes);
  r->bytes = g_byte_array_new_take(g_realloc(data, len), len);
}

gsize rd_runs_size(const rd_runs *r)
{
  return r->bytes->len;
}

static void unref_font(const run_head *h, void *unused)
{
  (void)unused;
  if (h->analysis.font)
    g_object_unref(h->analysis.font);
}

void rd_runs_free(rd_runs *r)
{
  if (!r)
    return;
  each(r, unref_font, NULL);
  g_byte_array_free(r->bytes, TRUE);
  g_free(r);
}
