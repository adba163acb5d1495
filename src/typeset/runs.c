/* runs.c — glyph runs kept without their paragraphs (internal.h, rd_runs).
 *
 * A kept run is one record in a byte array: its analysis (the font referenced), where it
 * starts, its glyphs and log clusters, then its text; played back, each becomes a
 * PangoGlyphItem equal to the one rd_para_line_runs gave, so that what draws it draws the
 * same thing. About 30 bytes a glyph, against 300 KB a page for the shaped paragraphs of
 * the 通报's tables. */
#include <string.h>
#include "internal.h"

/* Sealed runs live in shared blocks, so that a long document's thousands of them take
 * their bytes and no more: kept one malloc each (and grown by doubling) they left the heap
 * twice their size (measured). A block goes when its last runs are freed. */
#define BLOCK_BYTES (1u << 20)

struct rd_runs_block {
  gint refs;
  gsize used, size;
  guint8 data[];
};

struct rd_runs {
  GByteArray *building;     /* until sealed */
  rd_runs_block *block;     /* sealed: where the bytes are (a reference) */
  const guint8 *data;
  gsize len;
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
  rd_runs *r = g_new0(rd_runs, 1);
  r->building = g_byte_array_new();
  return r;
}

void rd_runs_block_unref(rd_runs_block *b)
{
  if (b && g_atomic_int_dec_and_test(&b->refs))
    g_free(b);
}

void rd_runs_seal(rd_runs *r, rd_runs_block **current)
{
  gsize len = r->building->len;
  rd_runs_block *b = *current;
  if (!b || b->size - b->used < len) {
    rd_runs_block_unref(b);
    gsize size = MAX(BLOCK_BYTES, len);
    b = *current = g_malloc(sizeof(rd_runs_block) + size);
    b->refs = 1;   /* current's */
    b->used = 0;
    b->size = size;
  }
  memcpy(b->data + b->used, r->building->data, len);
  r->data = b->data + b->used;
  r->len = len;
  b->used += len;
  g_atomic_int_inc(&b->refs);
  r->block = b;
  g_byte_array_free(r->building, TRUE);
  r->building = NULL;
}

void rd_runs_add(const char *text, PangoGlyphItem *run, double x, double baseline, void *runs)
{
  GByteArray *b = ((rd_runs *)runs)->building;
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
  const guint8 *data = r->building ? r->building->data : r->data;
  gsize len = r->building ? r->building->len : r->len;
  for (gsize at = 0; at < len;) {
    const run_head *h = (const run_head *)(const void *)(data + at);
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

gsize rd_runs_size(const rd_runs *r)
{
  return r->building ? r->building->len : r->len;
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
  if (r->building)
    g_byte_array_free(r->building, TRUE);
  rd_runs_block_unref(r->block);
  g_free(r);
}
