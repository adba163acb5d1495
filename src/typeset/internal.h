/* internal.h — shared between the files of src/typeset/ only. */
#ifndef RISKDOC_TYPESET_INTERNAL_H
#define RISKDOC_TYPESET_INTERNAL_H

/* The build keeps this header inside its area (CMakeLists.txt riskdoc_area); white-box unit
 * tests may read it too. */
#if !defined(RISKDOC_INSIDE_TYPESET) && !defined(RISKDOC_WHITE_BOX_TEST)
#error "private to src/typeset/: include typeset/typeset.h instead"
#endif

#include <pango/pangocairo.h>
#include <fontconfig/fontconfig.h>
#include <unicode/ubrk.h>
#include "typeset/typeset.h"
#include "typeset/gbt9704.h"
#include "typeset/model.h"

/* ---- fonts ---- */

typedef struct rd_role_font {
  rd_font_choice choice;
  char *family, *style, *file;
  gboolean bold;                  /* ask Pango for bold (only when the family has a real one) */
  PangoFontDescription *desc;     /* family list with fallbacks; size set by the user */
} rd_role_font;

struct rd_typesetter {
  FcConfig *config;
  PangoFontMap *fontmap;
  PangoContext *ctx;
  PangoLanguage *lang;
  rd_role_font roles[RD_ROLE_COUNT];
  GHashTable *missing;     /* gunichar -> 1 */
  GString *missing_str;
  GHashTable *used;        /* PangoFont* -> GINT role+1 (weak: keys owned by the font map) */
  GHashTable *used_faces;  /* "role\tfamily\tstyle\tfile" -> 1, in order via used_list */
  GPtrArray *used_list;
  char *datadir;
  UBreakIterator *words;   /* ICU word boundaries (dictionary-based for Chinese), made on first use */
  GHashTable *subset_sources; /* hb_face_t* shaped with -> the face the subsetter reads (subset.c) */
  gsize keep_bytes;        /* what a counting pass may keep of its pages (pdf.c: RD_KEEP_BYTES) */
  rd_typeset_progress_fn progress;   /* called after each page drawn, or NULL */
  void *progress_user;
  struct rd_banji_slot *banji_slot;   /* see rd_typesetter_set_banji_slot */
};

/* What a counting pass keeps of its pages at most: a new typesetter's keep_bytes (pdf.c). */
gsize rd_keep_bytes(void);

/* ---- shaping and line breaking (shape.c) ---- */

/* A run of one font role and size inside a paragraph. */
typedef struct rd_span {
  int start, end;      /* byte range in the text */
  rd_font_role role;
  double size;
} rd_span;

typedef enum {
  RD_CLS_IDEO,    /* ideographs, kana, other full-width letters: one grid cell */
  RD_CLS_OPEN,    /* opening marks: no line ends with one */
  RD_CLS_CLOSE,   /* closing marks: no line starts with one */
  RD_CLS_NOSEP,   /* …… and ——: drawn as pairs, never separated */
  RD_CLS_LATIN,   /* Latin letters, digits, ASCII punctuation: own width, words unbroken */
  RD_CLS_SPACE    /* a space between Latin words */
} rd_char_class;

typedef struct rd_cluster {
  int start, end;        /* bytes */
  int item;              /* index into glyph items */
  int glyph0, glyph1;    /* glyph range in that item */
  double natural;        /* natural width (pt) on the grid */
  double shift;          /* x offset to centre a full-width glyph in its cell */
  double squeeze;        /* removable width (pt) */
  gboolean squeeze_left; /* the removable half is on the left (opening marks) */
  guint8 cls;
  gboolean nobreak;      /* no break before this cluster (inside a {name} or a Latin word) */
  gboolean in_token;     /* inside a Latin word or token: a break here only as a last resort */
  gboolean in_word;      /* inside a Chinese word (rd_para_mark_words) */
  /* set by the breaker for the line holding the cluster */
  double adv;            /* final advance */
  double xoff;           /* final x offset of the first glyph */
} rd_cluster;

typedef struct rd_para {
  char *text;            /* the text as drawn (marks removed) */
  int len;
  GPtrArray *items;      /* PangoGlyphItem */
  rd_cluster *cl;
  int ncl;
  double size;           /* the main size (for vertical placement) */
  gunichar missing;      /* the first character no font has, or 0 */
  int refs;              /* references (rd_para_ref / rd_para_free) */
} rd_para;

typedef struct rd_line {
  int c0, c1;            /* cluster range */
  double width;          /* drawn width */
} rd_line;

/* A piece of paragraph text in one role and size (a run-in heading is two segments). */
typedef struct rd_seg {
  const char *text;
  rd_font_role role;
  double size;
} rd_seg;

/* Cleans (rd_text_clean) and shapes the segments as one paragraph. cell is the grid cell of
 * full-width characters at 3号 (scaled for other sizes; 0 = their natural width). Records the
 * characters no font has and the faces used into ts. */
rd_para *rd_para_shape(rd_typesetter *ts, const rd_seg *segs, int nsegs, double cell);
rd_para *rd_para_simple(rd_typesetter *ts, const char *text, rd_font_role role, double size,
                        double cell);
/* Paragraphs are shared by the lines drawn from them: rd_para_free drops a reference and
 * frees the paragraph with the last one. */
rd_para *rd_para_ref(rd_para *p);
void rd_para_free(rd_para *p);

/* Breaks p into lines: the first line is first_width wide, the others width wide. When
 * justify is TRUE, every line but the last is spread flush to both edges. Returns an array of
 * rd_line. */
GArray *rd_para_break(rd_para *p, double first_width, double width, gboolean justify);

/* Marks the inside of every Chinese word (ICU's dictionary word boundaries) for titles and
 * table cells, where readers see words as units (东风街道, 风险等级); body text keeps
 * breaking on the grid. hard: no break there unless a word is wider than the line (cells);
 * else only a cost for the title breaker. */
void rd_para_mark_words(rd_typesetter *ts, rd_para *p, gboolean hard);
/* The hard word marks of p as a bit per cluster (NULL when none), and the same marks set
 * again on the same text shaped again: tables measure every cell before drawing it, and the
 * dictionary is the costly part. */
guint8 *rd_para_word_bits(const rd_para *p);
void rd_para_set_word_bits(rd_para *p, const guint8 *bits);

/* Natural width of clusters [c0, c1) (sets adv/xoff for a single unjustified line). */
double rd_para_set_natural(rd_para *p, int c0, int c1);

/* The line's clusters as runs of one font each, with their final advances: fn(text, run,
 * x, baseline, user) for each run from left to right, x where the run starts. The run is
 * temporary (valid during the call); its glyphs are the shaped font's ids, its log clusters
 * index text. The PDF backend draws them (subset.c), a counting pass notes their glyphs. */
typedef void (*rd_run_fn)(const char *text, PangoGlyphItem *run, double x, double baseline,
                          void *user);
void rd_para_line_runs(rd_para *p, const rd_line *line, double x, double baseline,
                       rd_run_fn fn, void *user);
/* Runs as rd_para_line_runs gives them, kept without their paragraph (runs.c): a counting
 * pass keeps its pages' text this way for drawing afterwards (pdf.c). rd_runs_add is the
 * rd_run_fn that keeps a run (user: the rd_runs); rd_runs_play gives them to fn again,
 * equal, in the order kept. */
typedef struct rd_runs rd_runs;
rd_runs *rd_runs_new(void);
void rd_runs_add(const char *text, PangoGlyphItem *run, double x, double baseline, void *runs);
void rd_runs_play(const rd_runs *r, rd_run_fn fn, void *user);
/* Moves the runs kept so far into *current, a block shared by the runs sealed after each
 * other (a new one when it is full; the caller unrefs the last); no run is added after. */
typedef struct rd_runs_block rd_runs_block;
void rd_runs_seal(rd_runs *r, rd_runs_block **current);
void rd_runs_block_unref(rd_runs_block *b);
gsize rd_runs_size(const rd_runs *r);   /* bytes held */
void rd_runs_free(rd_runs *r);

/* Draws the line's runs with the current source at x, baseline in the whole faces (Pango's
 * own drawing; the PDF backend draws in the document's subsets instead). */
void rd_para_draw_line(rd_para *p, const rd_line *line, cairo_t *cr, double x, double baseline);

/* Title breaking: breaks into balanced lines no wider than width, preferring breaks between
 * words (those of rd_para_mark_words, and before 关于 / 的 / 《, after 》) and never inside a
 * {name}. */
GArray *rd_para_break_balanced(rd_para *p, double width);

/* Resolves the format's marks in text: "{...}" no-break spans (braces removed, recorded in
 * nobreak as byte ranges of the result), removes stray ASCII spaces next to Chinese text. */
char *rd_text_clean(const char *text, GArray *nobreak_ranges);

/* Splits text into spans: Latin letters/digits get RD_ROLE_LATIN, the rest role. */
GArray *rd_spans_for_text(const char *text, int start, int end, rd_font_role role, double size);

/* ---- rendering (pdf.c, over the page builder of layout.h) ---- */
gboolean rd_layout_and_render(rd_typesetter *ts, const rd_document *doc, const char *pdf_path,
                              int *pages_out, GError **error);

/* The whole layout drawn onto cr, any cairo context (the fuzzer's recording surface: a full
 * layout without the cost of embedding fonts in a PDF). Returns the page count, or -1 with
 * error set. */
int rd_layout_draw(rd_typesetter *ts, const rd_document *doc, cairo_t *cr, GError **error);

/* ---- the stacked bar chart (chart.c), for both of its drawings ---- */

/* What the chart's geometry draws with: the PDF's page items (chart.c) or a cairo picture
 * for the DOCX (chart_png.c). Coordinates are points from the chart's top left. */
typedef struct rd_chart_painter {
  void (*bar)(void *ctx, double x, double y, double w, double h, int series);
  void (*rule)(void *ctx, double x, double y, double len, double thick);
  /* text shaped in 仿宋 at size, and a shaped line drawn with its left end at x */
  rd_para *(*shape)(void *ctx, const char *text, double size);
  void (*text)(void *ctx, rd_para *p, const rd_line *ln, double x, double baseline);
  void *ctx;
} rd_chart_painter;

/* Draws a chart block's axis, bars, category labels and legend in width × height points:
 * the one geometry both drawings share. Nothing is drawn without a series and a category. */
void rd_chart_paint(const rd_block *b, double width, double height, const rd_chart_painter *p);

#endif
