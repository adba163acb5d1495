/* subset.c — per-document font subsets (subset.h): HarfBuzz cuts, FreeType loads from memory,
 * cairo draws. */
#include <hb.h>
#include <hb-subset.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <cairo-ft.h>
#include "subset.h"

/* Tables the PDF's font program does not need: shaping is done, vertical metrics unused. */
static const char *const dropped_tables[] = {
  "GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "vhea", "vmtx", "VORG", "DSIG", "kern",
};

/* The size from which a face's subset goes without its CFF hints. Hints steer the
 * rasteriser at a few pixels per em: small type on a screen. Measured on the event job's
 * 交办单: the Noto CJK faces 17 % smaller without them (卫健办.pdf 85.8 -> 71.5 KB), and
 * FreeType loads their glyphs a third faster (cairo loads each glyph at each size). The
 * standard's smallest type is 五号 for very wide tables; a printed notice drawn at 五号 and
 * larger keeps its shape without them, so a face loses its hints only when it is drawn at
 * no smaller size in the document (a 9 pt table or a 字号= below it keeps them). */
#define RD_UNHINTED_FROM RD_SIZE_5HAO

typedef struct face_subset {
  hb_face_t *face;              /* the face the subsetter reads (subset_source; a reference) */
  hb_set_t *glyphs;             /* the ids drawn */
  double smallest;              /* the smallest size (pt) drawn with it */
  hb_map_t *old_to_new;         /* after rd_subsets_make */
  cairo_font_face_t *cairo_face;/* the subset, or NULL: draw with the original */
} face_subset;

struct rd_subsets {
  GHashTable *sources;          /* the typesetter's subset_sources */
  GHashTable *faces;            /* hb_face_t* -> face_subset* */
  GHashTable *fonts;            /* PangoFont* (a reference) -> cairo_scaled_font_t* of its subset */
  GHashTable *noted;            /* PangoFont* (a reference) seen by the counting pass */
  GArray *glyphs;               /* scratch for drawing */
  GArray *clusters;
};

/* One FreeType library for the subset faces of every typesetter. cairo may keep a face past
 * the document (its scaled-font cache) and let it go on any thread, so the library lives as
 * long as the process and faces are made and done under one lock (FreeType's rule for a
 * library shared by threads). */
static FT_Library ft_library;
static GMutex ft_lock;

static gpointer init_library(gpointer unused)
{
  (void)unused;
  return FT_Init_FreeType(&ft_library) == 0 ? GINT_TO_POINTER(1) : GINT_TO_POINTER(2);
}

static gboolean library(void)
{
  static GOnce once = G_ONCE_INIT;
  return g_once(&once, init_library, NULL) == GINT_TO_POINTER(1);
}

typedef struct loaded {
  FT_Face face;
  hb_blob_t *blob;              /* the face's bytes, kept while FreeType reads them */
} loaded;

static void loaded_free(void *data)
{
  loaded *l = data;
  g_mutex_lock(&ft_lock);
  FT_Done_Face(l->face);
  g_mutex_unlock(&ft_lock);
  hb_blob_destroy(l->blob);
  g_free(l);
}

static const cairo_user_data_key_t loaded_key;

/* The tables of a shaped face as the subsetter reads them: all but cmap. Given glyph ids,
 * HarfBuzz 6 reads the whole cmap into a hash map first (to keep each kept glyph's code
 * points): measured 75 % of a plan's instructions for the Noto CJK faces (28,000 mappings),
 * on every document. The PDF needs no cmap: cairo writes ToUnicode from the text clusters
 * it is given and a CID font program of its own, and FreeType loads glyphs by id. */
static hb_blob_t *source_table(hb_face_t *face, hb_tag_t tag, void *shaped)
{
  (void)face;
  return tag == HB_TAG('c', 'm', 'a', 'p') ? hb_blob_get_empty() : hb_face_reference_table(shaped, tag);
}

/* The face to cut instead of shaped, made once per typesetter (the tables it loads and
 * parses are kept with it, for the next document). */
static hb_face_t *subset_source(GHashTable *sources, hb_face_t *shaped)
{
  hb_face_t *source = g_hash_table_lookup(sources, shaped);
  if (!source) {
    source = hb_face_create_for_tables(source_table, hb_face_reference(shaped),
                                       (hb_destroy_func_t)hb_face_destroy);
    g_hash_table_insert(sources, shaped, source);   /* shaped lives as long as source */
  }
  return source;
}

static face_subset *face_of(rd_subsets *s, PangoFont *font)
{
  hb_font_t *hb = pango_font_get_hb_font(font);
  hb_face_t *face = hb ? hb_font_get_face(hb) : NULL;
  if (!face)
    return NULL;
  face_subset *fs = g_hash_table_lookup(s->faces, face);
  if (!fs) {
    fs = g_new0(face_subset, 1);
    fs->face = hb_face_reference(subset_source(s->sources, face));
    fs->glyphs = hb_set_create();
    fs->smallest = G_MAXDOUBLE;
    g_hash_table_insert(s->faces, face, fs);
  }
  return fs;
}

static void face_subset_free(face_subset *fs)
{
  if (fs->cairo_face)
    cairo_font_face_destroy(fs->cairo_face);
  hb_map_destroy(fs->old_to_new);
  hb_set_destroy(fs->glyphs);
  hb_face_destroy(fs->face);
  g_free(fs);
}

rd_subsets *rd_subsets_new(rd_typesetter *ts)
{
  rd_subsets *s = g_new0(rd_subsets, 1);
  s->sources = ts->subset_sources;
  s->faces = g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify)face_subset_free);
  s->fonts = g_hash_table_new_full(NULL, NULL, g_object_unref,
                                   (GDestroyNotify)cairo_scaled_font_destroy);
  s->noted = g_hash_table_new_full(NULL, NULL, g_object_unref, NULL);
  s->glyphs = g_array_new(FALSE, FALSE, sizeof(cairo_glyph_t));
  s->clusters = g_array_new(FALSE, FALSE, sizeof(cairo_text_cluster_t));
  return s;
}

void rd_subsets_free(rd_subsets *s)
{
  if (!s)
    return;
  g_hash_table_destroy(s->fonts);
  g_hash_table_destroy(s->noted);
  g_hash_table_destroy(s->faces);
  g_array_free(s->glyphs, TRUE);
  g_array_free(s->clusters, TRUE);
  g_free(s);
}

/* A glyph a run draws (Pango's empty glyphs draw nothing; unknown ones are hex boxes). */
static gboolean drawn(PangoGlyph g)
{
  return g != PANGO_GLYPH_EMPTY && !(g & PANGO_GLYPH_UNKNOWN_FLAG);
}

static void note_run(const char *text, PangoGlyphItem *run, double x, double baseline, void *user)
{
  (void)text, (void)x, (void)baseline;
  rd_subsets *s = user;
  PangoFont *font = run->item->analysis.font;
  face_subset *fs = face_of(s, font);
  if (!fs)
    return;
  if (!g_hash_table_contains(s->noted, font)) {   /* each font (face and size) once */
    g_hash_table_add(s->noted, g_object_ref(font));
    PangoFontDescription *desc = pango_font_describe_with_absolute_size(font);
    double size = (double)pango_font_description_get_size(desc) / PANGO_SCALE;   /* 72 dpi: pt */
    pango_font_description_free(desc);
    fs->smallest = MIN(fs->smallest, size);
  }
  for (int i = 0; i < run->glyphs->num_glyphs; i++)
    if (drawn(run->glyphs->glyphs[i].glyph))
      hb_set_add(fs->glyphs, run->glyphs->glyphs[i].glyph);
}

void rd_subsets_note_line(rd_subsets *s, rd_para *p, const rd_line *line)
{
  rd_para_line_runs(p, line, 0, 0, note_run, s);
}

void rd_subsets_note_runs(rd_subsets *s, const rd_runs *runs)
{
  rd_runs_play(runs, note_run, s);
}

/* The subset of fs's face as bytes, filling the old -> new id map; NULL when HarfBuzz
 * cannot cut this face. */
static hb_blob_t *cut(face_subset *fs)
{
  hb_subset_input_t *in = hb_subset_input_create_or_fail();
  if (!in)
    return NULL;
  hb_set_add(fs->glyphs, 0);   /* .notdef stays glyph 0, as fonts require */
  hb_set_union(hb_subset_input_glyph_set(in), fs->glyphs);
  hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
  for (size_t i = 0; i < G_N_ELEMENTS(dropped_tables); i++)
    hb_set_add(drop, hb_tag_from_string(dropped_tables[i], -1));
  /* Desubroutinized, measured smaller after cairo's own subset and compression: the 24-page
   * example notice's Noto Serif CJK Regular (934 glyphs) 231 KB against 255 KB with its used
   * subroutines; the 交办单 卫健办.pdf 85.8 KB against 95.3 KB (71.5 against 80.6 without
   * hints). Hints as RD_UNHINTED_FROM says. */
  unsigned flags = HB_SUBSET_FLAGS_DESUBROUTINIZE;
  if (fs->smallest >= RD_UNHINTED_FROM)
    flags |= HB_SUBSET_FLAGS_NO_HINTING;
  hb_subset_input_set_flags(in, flags);
  hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(fs->face, in);
  hb_subset_input_destroy(in);
  if (!plan)
    return NULL;
  hb_blob_t *blob = NULL;
  hb_face_t *sub = hb_subset_plan_execute_or_fail(plan);
  if (sub) {
    blob = hb_face_reference_blob(sub);
    fs->old_to_new = hb_map_copy(hb_subset_plan_old_to_new_glyph_mapping(plan));
    hb_face_destroy(sub);
  }
  hb_subset_plan_destroy(plan);
  if (blob && hb_blob_get_length(blob) == 0) {
    hb_blob_destroy(blob);
    blob = NULL;
  }
  return blob;
}

/* The cairo face of the subset bytes (taking blob), or NULL. */
static cairo_font_face_t *load(hb_blob_t *blob)
{
  unsigned len = 0;
  const char *data = hb_blob_get_data(blob, &len);
  FT_Face face = NULL;
  g_mutex_lock(&ft_lock);
  FT_Error err = FT_New_Memory_Face(ft_library, (const FT_Byte *)data, (FT_Long)len, 0, &face);
  g_mutex_unlock(&ft_lock);
  if (err) {
    hb_blob_destroy(blob);
    return NULL;
  }
  loaded *l = g_new(loaded, 1);
  l->face = face;
  l->blob = blob;
  cairo_font_face_t *cf = cairo_ft_font_face_create_for_ft_face(face, 0);
  if (cairo_font_face_status(cf) != CAIRO_STATUS_SUCCESS ||
      cairo_font_face_set_user_data(cf, &loaded_key, l, loaded_free) != CAIRO_STATUS_SUCCESS) {
    cairo_font_face_destroy(cf);
    loaded_free(l);
    return NULL;
  }
  return cf;
}

void rd_subsets_make(rd_subsets *s)
{
  if (!library())
    return;
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init(&it, s->faces);
  while (g_hash_table_iter_next(&it, &key, &value)) {
    face_subset *fs = value;
    hb_blob_t *blob = cut(fs);
    if (blob)
      fs->cairo_face = load(blob);
  }
}

/* The subset font drawing font's runs at its size, or NULL. */
static cairo_scaled_font_t *subset_font(rd_subsets *s, PangoFont *font, face_subset **fs_out)
{
  face_subset *fs = s ? face_of(s, font) : NULL;
  *fs_out = fs;
  if (!fs || !fs->cairo_face)
    return NULL;
  cairo_scaled_font_t *sf = g_hash_table_lookup(s->fonts, font);
  if (!sf) {
    cairo_scaled_font_t *orig = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
    if (!orig)
      return NULL;
    cairo_matrix_t m, ctm;
    cairo_scaled_font_get_font_matrix(orig, &m);
    cairo_scaled_font_get_ctm(orig, &ctm);
    cairo_font_options_t *o = cairo_font_options_create();
    cairo_scaled_font_get_font_options(orig, o);
    sf = cairo_scaled_font_create(fs->cairo_face, &m, &ctm, o);
    cairo_font_options_destroy(o);
    g_hash_table_insert(s->fonts, g_object_ref(font), sf);
  }
  return cairo_scaled_font_status(sf) == CAIRO_STATUS_SUCCESS ? sf : NULL;
}

typedef struct draw_ctx {
  rd_subsets *s;
  rd_batch *batch;
} draw_ctx;

/* The run's glyphs and clusters in the subset's ids, as Pango's cairo renderer would lay
 * them out (empty glyphs left out, x from the advances); FALSE when a glyph is not in the
 * subset. */
static gboolean subset_glyphs(rd_subsets *s, face_subset *fs, const char *text, PangoGlyphItem *run,
                              double x, double baseline)
{
  g_array_set_size(s->glyphs, 0);
  g_array_set_size(s->clusters, 0);
  const PangoGlyphString *gs = run->glyphs;
  int pos = 0;
  for (int i = 0; i < gs->num_glyphs; i++) {
    const PangoGlyphInfo *gi = &gs->glyphs[i];
    if (gi->glyph != PANGO_GLYPH_EMPTY) {
      if (gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG)
        return FALSE;
      hb_codepoint_t id = hb_map_get(fs->old_to_new, gi->glyph);
      if (id == HB_MAP_VALUE_INVALID)
        return FALSE;
      cairo_glyph_t g = { id, x + (double)(pos + gi->geometry.x_offset) / PANGO_SCALE,
                          baseline + (double)gi->geometry.y_offset / PANGO_SCALE };
      g_array_append_val(s->glyphs, g);
    }
    pos += gi->geometry.width;
  }
  PangoGlyphItemIter iter;
  if (pango_glyph_item_iter_init_start(&iter, run, text)) {
    do {
      cairo_text_cluster_t c = { iter.end_index - iter.start_index, 0 };
      for (int i = iter.start_glyph; i < iter.end_glyph; i++)
        c.num_glyphs += gs->glyphs[i].glyph != PANGO_GLYPH_EMPTY;
      g_array_append_val(s->clusters, c);
    } while (pango_glyph_item_iter_next_cluster(&iter));
  }
  return TRUE;
}

static void draw_run(const char *text, PangoGlyphItem *run, double x, double baseline, void *user)
{
  draw_ctx *d = user;
  face_subset *fs = NULL;
  cairo_scaled_font_t *sf = subset_font(d->s, run->item->analysis.font, &fs);
  gboolean rtl = run->item->analysis.level & 1;   /* never in this format; Pango's way then */
  if (!sf || rtl || !subset_glyphs(d->s, fs, text, run, x, baseline)) {
    cairo_t *cr = d->batch->cr;
    rd_batch_flush(d->batch);   /* drawn in its place, after what came before */
    cairo_move_to(cr, x, baseline);
    pango_cairo_show_glyph_item(cr, text, run);
    return;
  }
  GArray *g = d->s->glyphs, *c = d->s->clusters;
  rd_batch_glyphs(d->batch, sf, text + run->item->offset, run->item->length,
                  (const cairo_glyph_t *)(void *)g->data, (int)g->len,
                  (const cairo_text_cluster_t *)(void *)c->data, (int)c->len);
}

void rd_subsets_draw_line(rd_subsets *s, rd_batch *batch, rd_para *p, const rd_line *line,
                          double x, double baseline)
{
  draw_ctx d = { s, batch };
  rd_para_line_runs(p, line, x, baseline, draw_run, &d);
}

void rd_subsets_draw_runs(rd_subsets *s, rd_batch *batch, const rd_runs *runs)
{
  draw_ctx d = { s, batch };
  rd_runs_play(runs, draw_run, &d);
}
