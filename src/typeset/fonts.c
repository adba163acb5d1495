/* fonts.c — the typesetter: a private fontconfig configuration and the font of each role.
 *
 * Each role has a preference list: licensed names first, then the best free Debian fonts.
 * The project's fonts/ folder and --fonts DIR are added to a private configuration so that
 * dropped-in licensed fonts win. A bold is asked for only when the family has a real bold face
 * (fontconfig would otherwise synthesise one and cairo would embed a renamed font). */
#include <string.h>
#include <stdint.h>
#ifdef __GLIBC__
#include <malloc.h>
#include <sys/mman.h>
#endif
#include <pango/pangofc-fontmap.h>
#include <pango/pangofc-font.h>
#include "internal.h"

G_DEFINE_QUARK(rd-typeset-error-quark, rd_typeset_error)

typedef struct role_prefs {
  const char *role;
  gboolean want_bold;         /* the free stand-in needs its bold face (Noto for 小标宋) */
  const char *licensed[8];
  const char *free_[6];
  const char *fallback;       /* appended to the Pango family list for rare characters */
} role_prefs;

static const role_prefs prefs[RD_ROLE_COUNT] = {
  [RD_ROLE_XIAOBIAOSONG] = { "小标宋", TRUE,
    { "方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "FZXiaoBiaoSong-B05", NULL },
    { "Noto Serif CJK SC", NULL }, "Noto Serif CJK SC,Noto Sans CJK SC" },
  [RD_ROLE_FANGSONG] = { "仿宋", FALSE,
    { "仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", NULL },
    { "Noto Serif CJK SC", NULL }, "Noto Serif CJK SC,Noto Sans CJK SC" },
  [RD_ROLE_HEITI] = { "黑体", FALSE,
    { "黑体", "SimHei", "方正黑体_GBK", "FZHei-B01S", NULL },
    { "Noto Sans CJK SC", NULL }, "Noto Sans CJK SC,Noto Serif CJK SC" },
  [RD_ROLE_KAITI] = { "楷体", FALSE,
    { "楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", NULL },
    { "AR PL KaitiM GB", "AR PL UKai CN", "LXGW WenKai", "Noto Serif CJK SC", NULL },
    "AR PL UKai CN,LXGW WenKai,Noto Serif CJK SC" },
  [RD_ROLE_SONGTI] = { "宋体", FALSE,
    { "宋体", "SimSun", "方正书宋_GBK", NULL },
    { "Noto Serif CJK SC", "AR PL SungtiL GB", NULL }, "Noto Serif CJK SC" },
  [RD_ROLE_LATIN] = { "西文", FALSE,
    { "Times New Roman", NULL },
    { "TeX Gyre Termes", "Liberation Serif", "Noto Serif CJK SC", "DejaVu Serif", NULL },
    "Noto Serif CJK SC,DejaVu Serif" },
};

/* Finds the face of family closest to the wanted weight; fills rf. */
static gboolean find_face(FcConfig *cfg, const char *family, gboolean want_bold, rd_role_font *rf)
{
  FcPattern *pat = FcPatternCreate();
  FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
  FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, FC_STYLE, FC_WEIGHT, FC_FILE, FC_SLANT, NULL);
  FcFontSet *fs = FcFontList(cfg, pat, os);
  FcObjectSetDestroy(os);
  FcPatternDestroy(pat);
  if (!fs)
    return FALSE;
  int best = -1, best_score = G_MAXINT, best_weight = 0;
  int target = want_bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR;
  for (int i = 0; i < fs->nfont; i++) {
    int weight = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN;
    FcPatternGetInteger(fs->fonts[i], FC_WEIGHT, 0, &weight);
    FcPatternGetInteger(fs->fonts[i], FC_SLANT, 0, &slant);
    if (slant != FC_SLANT_ROMAN)
      continue;
    int score = ABS(weight - target);
    if (score < best_score) {
      best_score = score;
      best = i;
      best_weight = weight;
    }
  }
  gboolean found = best >= 0;
  if (found) {
    FcChar8 *style = NULL, *file = NULL;
    FcPatternGetString(fs->fonts[best], FC_STYLE, 0, &style);
    FcPatternGetString(fs->fonts[best], FC_FILE, 0, &file);
    rf->family = g_strdup(family);
    rf->style = g_strdup(style ? (const char *)style : "Regular");
    rf->file = g_strdup(file ? (const char *)file : "");
    /* Bold only when the face found really is bold: never a synthetic one. */
    rf->bold = want_bold && best_weight >= FC_WEIGHT_DEMIBOLD;
  }
  FcFontSetDestroy(fs);
  return found;
}

static gboolean resolve_role(rd_typesetter *ts, int role, GError **error)
{
  const role_prefs *p = &prefs[role];
  rd_role_font *rf = &ts->roles[role];
  gboolean licensed = TRUE;
  gboolean found = FALSE;
  for (int i = 0; !found && p->licensed[i]; i++)
    found = find_face(ts->config, p->licensed[i], FALSE, rf);
  if (!found) {
    licensed = FALSE;
    for (int i = 0; !found && p->free_[i]; i++)
      found = find_face(ts->config, p->free_[i], p->want_bold, rf);
  }
  if (!found) {
    g_set_error(error, RD_TYPESET_ERROR, RD_TYPESET_ERROR_FONT,
                "no font for %s: install fonts-noto-cjk or put %s into fonts/", p->role,
                p->licensed[0]);
    return FALSE;
  }
  rf->choice.role = p->role;
  rf->choice.wanted = p->licensed[0];
  rf->choice.family = rf->family;
  rf->choice.style = rf->style;
  rf->choice.file = rf->file;
  rf->choice.substitute = !licensed;
  char *families = g_strdup_printf("%s,%s", rf->family, p->fallback);
  rf->desc = pango_font_description_new();
  pango_font_description_set_family(rf->desc, families);
  pango_font_description_set_weight(rf->desc, rf->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style(rf->desc, PANGO_STYLE_NORMAL);
  g_free(families);
  return TRUE;
}

#if defined(__SANITIZE_ADDRESS__)
#define RD_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RD_ASAN 1
#endif
#endif

/* Measured on a cold `riskdoc typeset` (perf, and a shim timing FT_Load_Sfnt_Table): about
 * 60 % of the run was page faults while cairo copied whole CFF tables (Noto Serif CJK Bold
 * 24.4 MB, Regular 23.4 MB, Sans 15.5 MB) into malloc'd buffers: once per face when the face
 * is first drawn (_cairo_cff_scaled_font_is_cid_cff) and again when the PDF subsets it. glibc
 * served each copy from a fresh mmap (or freshly grown heap), faulted it in 4 KB pages and
 * gave it back. So, once per process: big blocks come from the heap and stay there when freed
 * (the later copies reuse pages already faulted in), and the heap room they will use is
 * marked for transparent huge pages (a 24 MB copy then takes 12 faults instead of 6000).
 * Only the allocator's strategy changes; what is allocated and drawn is the same. */
#define RD_BIG_BLOCK_HEAP (64u << 20)   /* room for the largest table plus what drifts around it */
#define RD_HUGE_PAGE (2u << 20)

static gpointer tune_allocator_once(gpointer unused)
{
  (void)unused;
#if defined(__GLIBC__) && !defined(RD_ASAN)
  mallopt(M_MMAP_THRESHOLD, RD_BIG_BLOCK_HEAP);
  mallopt(M_TRIM_THRESHOLD, 2 * RD_BIG_BLOCK_HEAP);
  char *room = malloc(RD_BIG_BLOCK_HEAP - RD_HUGE_PAGE);
  if (room) {
    uintptr_t from = ((uintptr_t)room + RD_HUGE_PAGE - 1) & ~(uintptr_t)(RD_HUGE_PAGE - 1);
    uintptr_t to = ((uintptr_t)room + RD_BIG_BLOCK_HEAP - RD_HUGE_PAGE) & ~(uintptr_t)(RD_HUGE_PAGE - 1);
    if (to > from)
      madvise((void *)from, to - from, MADV_HUGEPAGE); /* advice only: failure costs speed */
    free(room);
  }
#endif
  return NULL;
}

static void add_font_dir(FcConfig *cfg, const char *dir)
{
  if (dir && g_file_test(dir, G_FILE_TEST_IS_DIR))
    FcConfigAppFontAddDir(cfg, (const FcChar8 *)dir);
}

void rd_typeset_tune_allocator(void)
{
  static GOnce tuned = G_ONCE_INIT;
  g_once(&tuned, tune_allocator_once, NULL);
}

rd_typesetter *rd_typesetter_new(const char *datadir, const char *extra_fonts_dir, GError **error)
{
  rd_typesetter *ts = g_new0(rd_typesetter, 1);
  ts->datadir = g_strdup(datadir ? datadir : ".");
  /* The font map first: Pango 1.50 then loads fontconfig's default configuration on a thread
   * of its own ("[pango] FcInit"), and pango_fc_font_map_set_config waits for it. Loading the
   * private configuration meanwhile overlaps the two loads (measured: 6 ms each) instead of
   * doing them one after the other. */
  ts->fontmap = pango_cairo_font_map_new();
  ts->config = FcInitLoadConfigAndFonts();
  if (!ts->config) {
    g_set_error(error, RD_TYPESET_ERROR, RD_TYPESET_ERROR_FONT, "fontconfig failed to load");
    rd_typesetter_free(ts);
    return NULL;
  }
  char *project_fonts = g_build_filename(ts->datadir, "fonts", NULL);
  add_font_dir(ts->config, project_fonts);
  g_free(project_fonts);
  add_font_dir(ts->config, extra_fonts_dir);
  /* a user's own licensed fonts, for every run without copying them into each --fonts */
  char *user_fonts = g_build_filename(g_get_user_config_dir(), "riskdoc", "fonts", NULL);
  add_font_dir(ts->config, user_fonts);
  g_free(user_fonts);

  pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(ts->fontmap), ts->config);
  ts->ctx = pango_font_map_create_context(ts->fontmap);
  /* Measured: 96 dpi by default, and rounding makes 15.79 pt cells 16 pt. */
  pango_cairo_context_set_resolution(ts->ctx, 72.0);
  pango_context_set_round_glyph_positions(ts->ctx, FALSE);
  ts->lang = pango_language_from_string("zh-cn");
  pango_context_set_language(ts->ctx, ts->lang);
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options(ts->ctx, fo);
  cairo_font_options_destroy(fo);

  ts->missing = g_hash_table_new(NULL, NULL);
  ts->missing_str = g_string_new(NULL);
  ts->used = g_hash_table_new(NULL, NULL);
  ts->used_faces = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  ts->used_list = g_ptr_array_new();
  ts->subset_sources = g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify)hb_face_destroy);
  ts->keep_bytes = rd_keep_bytes();
  for (int r = 0; r < RD_ROLE_COUNT; r++)
    if (!resolve_role(ts, r, error)) {
      rd_typesetter_free(ts);
      return NULL;
    }
  return ts;
}

const rd_font_choice *rd_typesetter_fonts(rd_typesetter *ts)
{
  static __thread rd_font_choice out[RD_ROLE_COUNT];
  for (int r = 0; r < RD_ROLE_COUNT; r++)
    out[r] = ts->roles[r].choice;
  return out;
}

char *rd_typesetter_font_report(rd_typesetter *ts)
{
  GString *s = g_string_new(NULL);
  for (int r = 0; r < RD_ROLE_COUNT; r++) {
    const rd_font_choice *c = &ts->roles[r].choice;
    if (c->substitute)
      g_string_append_printf(s, "%s: %s %s (substitute for %s; put it into fonts/) %s\n", c->role,
                             c->family, c->style, c->wanted, c->file);
    else
      g_string_append_printf(s, "%s: %s %s %s\n", c->role, c->family, c->style, c->file);
  }
  return g_string_free(s, FALSE);
}

JsonNode *rd_typesetter_fonts_json(rd_typesetter *ts)
{
  JsonArray *arr = json_array_new();
  for (guint i = 0; i < ts->used_list->len; i++) {
    char **f = g_strsplit(g_ptr_array_index(ts->used_list, i), "\t", 4);
    JsonObject *o = json_object_new();
    json_object_set_string_member(o, "role", f[0]);
    json_object_set_string_member(o, "family", f[1] ? f[1] : "");
    json_object_set_string_member(o, "style", f[1] && f[2] ? f[2] : "");
    json_object_set_string_member(o, "file", f[1] && f[2] && f[3] ? f[3] : "");
    json_array_add_object_element(arr, o);
    g_strfreev(f);
  }
  JsonNode *node = json_node_new(JSON_NODE_ARRAY);
  json_node_take_array(node, arr);
  return node;
}

const char *rd_typesetter_missing_chars(rd_typesetter *ts)
{
  return ts->missing_str->str;
}

void rd_typesetter_free(rd_typesetter *ts)
{
  if (!ts)
    return;
  for (int r = 0; r < RD_ROLE_COUNT; r++) {
    g_free(ts->roles[r].family);
    g_free(ts->roles[r].style);
    g_free(ts->roles[r].file);
    if (ts->roles[r].desc)
      pango_font_description_free(ts->roles[r].desc);
  }
  if (ts->ctx)
    g_object_unref(ts->ctx);
  if (ts->fontmap)
    g_object_unref(ts->fontmap);
  if (ts->config)
    FcConfigDestroy(ts->config);
  if (ts->missing)
    g_hash_table_destroy(ts->missing);
  if (ts->missing_str)
    g_string_free(ts->missing_str, TRUE);
  if (ts->used)
    g_hash_table_destroy(ts->used);
  if (ts->used_list)
    g_ptr_array_free(ts->used_list, TRUE);
  if (ts->words)
    ubrk_close(ts->words);
  if (ts->used_faces)
    g_hash_table_destroy(ts->used_faces);
  if (ts->subset_sources)
    g_hash_table_destroy(ts->subset_sources);
  g_free(ts->datadir);
  g_free(ts);
}
