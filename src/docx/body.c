/* body.c — word/document.xml from the document model, and the package around it.
 *
 * The body follows the PDF's order: 版头, 标题, 主送, body blocks, 附件说明 / 署名 / 成文日期 /
 * 附注, the attachments each on a new page, the 版记. Vertical positions that the standard
 * fixes (the 发文机关标志 35 mm below the 版心 top, the red rule 4 mm below the 发文字号, the
 * 标题 two lines below the rule) come from gbt9704.h through the same arithmetic as the PDF;
 * everything after the 版头 sits on the document grid, so an inserted paragraph moves the
 * lines after it by whole grid lines, as in the PDF. */
#include <string.h>
#include "docx_internal.h"

/* Writer and Word set a line's text at the foot of a line taller than the font: its em box
 * bottom is the font's descent less the em box's (0.12 em below the baseline) above the
 * line's foot; the free CJK faces' descent is 0.286 em (Noto CJK, as tests/typeset/measure.py
 * reads them). */
#define TEXT_FOOT_TO_EM_BOTTOM (0.286 - (1 - RD_EM_ASCENT))

/* How Writer and Word set a line of exactly h points: the text's em box (RD_EM_ASCENT above
 * the baseline) is centred in the line, as the PDF centres it in its grid cell. */
#define BASELINE_IN_LINE(h, size) ((h) / 2 + (RD_EM_ASCENT - 0.5) * (size))

/* The chart picture's resolution: print quality for its 5号 labels. */
#define CHART_DPI 300

typedef struct dx {
  rd_xml x;
  rd_typesetter *ts;
  const rd_document *doc;
  gboolean page_break;     /* the next paragraph starts a new page */
  gboolean landscape;      /* the orientation of the current section */
  gboolean later_section;  /* the current section is not the first */
  const char *start;       /* how the current section starts (w:type): NULL a new page */
  rd_banji_place banji;    /* where the PDF puts the 版记 */
  GPtrArray *media;        /* chart pictures (GBytes of PNG), word/media/chartN.png */
  GError *failure;         /* the first thing that could not be made (a chart, the 版记's place) */
  GHashTable *cell_widths; /* "size text" -> natural width (gdouble *), table_cell's */
} dx;

static double text_width(dx *d)
{
  return d->landscape ? RD_BANXIN_H : RD_BANXIN_W;
}

/* ---- paragraphs and runs ---- */

/* Opens a paragraph of style s and its properties; the caller may add properties, then calls
 * p_text to close them. */
static void p_open_keep(dx *d, rd_docx_style s, gboolean no_keep)
{
  rd_xml_open(&d->x, "w:p");
  rd_xml_open(&d->x, "w:pPr");
  rd_xml_val(&d->x, "w:pStyle", rd_docx_style_id(s));
  if (no_keep)
    rd_xml_val(&d->x, "w:keepNext", "0");   /* a run-in heading carries its text along */
  if (d->page_break)
    rd_xml_empty(&d->x, "w:pageBreakBefore", NULL);
  d->page_break = FALSE;
}

static void p_open(dx *d, rd_docx_style s)
{
  p_open_keep(d, s, FALSE);
}

static void p_text(dx *d)
{
  rd_xml_close(&d->x);   /* w:pPr */
}

static void p_close(dx *d)
{
  rd_xml_close(&d->x);   /* w:p */
}

static void ind(dx *d, double left, double right, double first)
{
  rd_xml_open(&d->x, "w:ind");
  rd_xml_attr_int(&d->x, "w:left", RD_TW(left));
  rd_xml_attr_int(&d->x, "w:right", RD_TW(right));
  rd_xml_attr_int(&d->x, "w:firstLineChars", 0);
  if (first >= 0)
    rd_xml_attr_int(&d->x, "w:firstLine", RD_TW(first));
  else
    rd_xml_attr_int(&d->x, "w:hanging", RD_TW(-first));
  rd_xml_close(&d->x);
}

static void spacing(dx *d, double before, double after, double exact_line)
{
  rd_xml_open(&d->x, "w:spacing");
  rd_xml_attr_int(&d->x, "w:before", RD_TW(before));
  rd_xml_attr_int(&d->x, "w:after", RD_TW(after));
  if (exact_line > 0) {
    rd_xml_attr_int(&d->x, "w:line", RD_TW(exact_line));
    rd_xml_attr(&d->x, "w:lineRule", "exact");
  }
  rd_xml_close(&d->x);
}

typedef struct run_style {
  int role;          /* a font role other than the style's, or -1 */
  double size;       /* 0: the style's */
  int scale;         /* horizontal scale in percent (condensed 发文机关标志), 0: none */
} run_style;

static const run_style PLAIN = { -1, 0, 0 };

/* A run of text as the PDF prints it (no-break marks removed, spaces cleaned). */
static void run(dx *d, const char *text, run_style rs)
{
  char *printed = rd_model_printed_text(text);
  if (!*printed) {
    g_free(printed);
    return;
  }
  rd_xml_open(&d->x, "w:r");
  if (rs.role >= 0 || rs.size > 0 || rs.scale > 0) {
    rd_xml_open(&d->x, "w:rPr");
    if (rs.role >= 0)
      rd_docx_fonts(&d->x, d->ts, (rd_font_role)rs.role);
    if (rs.scale > 0)
      rd_xml_val_int(&d->x, "w:w", rs.scale);
    if (rs.size > 0) {
      rd_xml_val_int(&d->x, "w:sz", RD_HALFPT(rs.size));
      rd_xml_val_int(&d->x, "w:szCs", RD_HALFPT(rs.size));
    }
    rd_xml_close(&d->x);
  }
  rd_xml_open(&d->x, "w:t");
  xmlTextWriterWriteAttribute(d->x.w, BAD_CAST "xml:space", BAD_CAST "preserve");
  rd_xml_text(&d->x, printed);
  rd_xml_close(&d->x);
  rd_xml_close(&d->x);
  g_free(printed);
}

static void tab_run(dx *d)
{
  rd_xml_open(&d->x, "w:r");
  rd_xml_empty(&d->x, "w:tab", NULL);
  rd_xml_close(&d->x);
}

/* A paragraph of one run in style s. */
static void simple(dx *d, rd_docx_style s, const char *text)
{
  p_open(d, s);
  p_text(d);
  run(d, text, PLAIN);
  p_close(d);
}

/* A paragraph that only carries what must sit between two others (a section's properties,
 * a page break before a table): as thin as Writer and Word allow, off the grid, so that it
 * never pushes a line onto another page. */
static void p_thin(dx *d)
{
  p_open(d, RD_ST_BODY);
  rd_xml_val(&d->x, "w:snapToGrid", "0");
  spacing(d, 0, 0, 0.1);
  rd_xml_open(&d->x, "w:rPr");
  rd_xml_val_int(&d->x, "w:sz", 2);
  rd_xml_close(&d->x);
}

/* ---- sections ---- */

static void sect_props(dx *d, gboolean landscape)
{
  const rd_document *doc = d->doc;
  rd_xml *x = &d->x;
  rd_xml_open(x, "w:sectPr");
  if (!doc->folio || *doc->folio) {
    rd_xml_empty(x, "w:footerReference", "w:type", "default", "r:id", "rIdFooterOdd", NULL);
    rd_xml_empty(x, "w:footerReference", "w:type", "even", "r:id", "rIdFooterEven", NULL);
  }
  if (d->start)
    rd_xml_val(x, "w:type", d->start);
  rd_xml_open(x, "w:pgSz");
  rd_xml_attr_int(x, "w:w", RD_TW(landscape ? RD_PAPER_H : RD_PAPER_W));
  rd_xml_attr_int(x, "w:h", RD_TW(landscape ? RD_PAPER_W : RD_PAPER_H));
  if (landscape)
    rd_xml_attr(x, "w:orient", "landscape");
  rd_xml_close(x);
  /* portrait: 天头 37 mm, 订口 28 mm; turned landscape, the 版心 turns with the page: the
   * 订口 side on top, the page foot on the left */
  double top = RD_TIANTOU, left = RD_DINGKOU;
  double bottom = RD_PAPER_H - RD_TIANTOU - RD_BANXIN_H, right = RD_PAPER_W - RD_DINGKOU - RD_BANXIN_W;
  if (landscape) {
    double t = top, l = left, b = bottom, r = right;
    top = l;
    right = t;
    bottom = r;
    left = b;
  }
  rd_xml_open(x, "w:pgMar");
  rd_xml_attr_int(x, "w:top", RD_TW(top));
  rd_xml_attr_int(x, "w:right", RD_TW(right));
  rd_xml_attr_int(x, "w:bottom", RD_TW(bottom));
  rd_xml_attr_int(x, "w:left", RD_TW(left));
  rd_xml_attr_int(x, "w:header", RD_TW(RD_MM(15.0)));
  /* the page number's em box centred RD_FOLIO_DROP below the 版心: the footer's line
   * (4号, off the grid) ends its descent below the em box's bottom */
  rd_xml_attr_int(x, "w:footer", RD_TW(bottom - RD_FOLIO_DROP - RD_SIZE_4HAO / 2 -
                                        TEXT_FOOT_TO_EM_BOTTOM * RD_SIZE_4HAO));
  rd_xml_attr_int(x, "w:gutter", 0);
  rd_xml_close(x);
  if (doc->cover && !d->later_section) {
    rd_xml_open(x, "w:pgNumType");
    rd_xml_attr_int(x, "w:start", 0);   /* the cover is not counted */
    rd_xml_close(x);
  }
  rd_xml_empty(x, "w:cols", "w:space", "425", NULL);
  if (doc->cover && !d->later_section)
    rd_xml_empty(x, "w:titlePg", NULL);   /* and has no page number */
  /* The grid: 22 lines in the 版心 (the pitch rounded down to whole twips, so that the 22nd
   * line still fits), w:type="lines". The 28 characters of a line come from the 3号 text's
   * character spacing of -0.25 pt (styles.c: 28 x 15.75 pt fit in 156 mm), not from a
   * character grid, because Writer cannot set 28 characters of 3号 on one. Measured with
   * LibreOffice 7.4.7 on templates/examples/001: w:type="linesAndChars" with w:charSpace="-842"
   * (cells of 156 mm / 28 = 15.79 pt: 16 pt, the size of the docDefaults and of Normal, less
   * 842/4096 pt) gives 14 characters a line, with or without the -0.25 pt: Writer rounds a
   * character's advance, taken from the glyph before any character spacing, up to whole
   * cells, and a 16 pt glyph takes two 15.79 pt cells; w:charSpace="-400" gives 13; 0 or more
   * (cells of 16 pt or wider) 27, the most that fit. Only glyphs condensed below the cell
   * (w:w="98" on every run) give 28 there, and then Writer rounds every indent up to whole
   * cells too (the 2 字 first-line indent became 3 字): distorted glyphs and moved indents in
   * every editor, to suit one, so the line grid and the spacing are kept. */
  rd_xml_open(x, "w:docGrid");
  rd_xml_attr(x, "w:type", "lines");
  rd_xml_attr_int(x, "w:linePitch", (long)floor(RD_LINE_PITCH * 20));
  rd_xml_close(x);   /* w:docGrid */
  rd_xml_close(x);   /* w:sectPr */
}

/* Ends the current section on a thin paragraph; the next one, turned as asked, starts a new
 * page (start NULL) or the next even page (start "evenPage"). */
static void section_break(dx *d, gboolean landscape, const char *start)
{
  p_thin(d);
  sect_props(d, d->landscape);
  p_text(d);
  p_close(d);
  d->landscape = landscape;
  d->start = start;
  d->later_section = TRUE;
  d->page_break = FALSE;
}

/* ---- 版头 ---- */

/* Width of the 发文机关标志's longest line at size, and its horizontal scale. */
static double mark_size(dx *d, int *scale)
{
  const rd_document *doc = d->doc;
  int n = (int)doc->issuers->len;
  gboolean joint = n > 1;
  const char *suffix = doc->mark_suffix ? doc->mark_suffix : "";
  double size = RD_MARK_SIZE, total;
  for (;;) {
    double namew = 0, sufw = 0;
    for (int i = 0; i < n; i++) {
      char *t = joint ? g_strdup(g_ptr_array_index(doc->issuers, i))
                      : g_strconcat(g_ptr_array_index(doc->issuers, i), suffix, NULL);
      namew = MAX(namew, rd_model_text_width(d->ts, t, RD_ROLE_XIAOBIAOSONG, size, FALSE));
      g_free(t);
    }
    if (joint && *suffix)
      sufw = rd_model_text_width(d->ts, suffix, RD_ROLE_XIAOBIAOSONG, size, FALSE) + size * 0.5;
    total = namew + sufw;
    if (total * RD_MARK_MIN_SCALE <= RD_BANXIN_W || size < 12)
      break;
    size *= 0.9;
  }
  /* a percent less than the exact fit: an editor's rounding must not wrap the last character */
  *scale = total > RD_BANXIN_W ? (int)floor(RD_BANXIN_W / total * 100) - 1 : 0;
  return size;
}

/* The 发文机关标志 lines: the first one's em top RD_MARK_TOP below the 版心 top (head_h is
 * what the lines above it take). Returns the bottom of the mark's em boxes; *flow receives
 * the bottom of its last (exact) line, where the next paragraph starts. */
static double place_mark(dx *d, double head_h, double *flow)
{
  const rd_document *doc = d->doc;
  int scale = 0;
  double size = mark_size(d, &scale);
  int n = (int)doc->issuers->len;
  gboolean joint = n > 1;
  const char *suffix = doc->mark_suffix ? doc->mark_suffix : "";
  double lh = size * 1.2;
  double em_top_in_line = BASELINE_IN_LINE(lh, size) - RD_EM_ASCENT * size;
  for (int i = 0; i < n; i++) {
    p_open(d, RD_ST_MARK);
    spacing(d, i == 0 ? RD_MARK_TOP - head_h - em_top_in_line : 0, 0, lh);
    ind(d, 0, 0, 0);
    if (joint)
      rd_xml_val(&d->x, "w:jc", "distribute");   /* joint names spread to one width */
    rd_xml_open(&d->x, "w:rPr");
    rd_xml_val_int(&d->x, "w:sz", RD_HALFPT(size));
    rd_xml_close(&d->x);
    p_text(d);
    char *t = joint ? g_strdup(g_ptr_array_index(doc->issuers, i))
                    : g_strconcat(g_ptr_array_index(doc->issuers, i), suffix, NULL);
    run(d, t, (run_style){ -1, size, scale });
    g_free(t);
    if (joint && i == n - 1 && *suffix)
      run(d, suffix, (run_style){ -1, size, scale });
    p_close(d);
  }
  double block_h = n * lh - (lh - size);
  *flow = RD_MARK_TOP - em_top_in_line + n * lh;
  return RD_MARK_TOP + block_h;
}

static void border(dx *d, const char *side, double width_pt, double space_pt, gboolean is_red)
{
  rd_xml_open(&d->x, side);
  rd_xml_attr(&d->x, "w:val", "single");
  rd_xml_attr_int(&d->x, "w:sz", RD_EIGHTHS(width_pt));
  rd_xml_attr_int(&d->x, "w:space", lround(space_pt));
  if (is_red) {
    char hex[8];
    g_snprintf(hex, sizeof hex, "%02X%02X%02X", (int)lround(RD_RED_R * 255),
               (int)lround(RD_RED_G * 255), (int)lround(RD_RED_B * 255));
    rd_xml_attr(&d->x, "w:color", hex);
  } else
    rd_xml_attr(&d->x, "w:color", "000000");
  rd_xml_close(&d->x);
}

/* The 发文字号 (and 签发人) on its line two lines below the mark (y: the mark's bottom), the
 * red rule 4 mm below it as the paragraph's bottom border, so that it moves with the
 * 发文字号 and never with the text after it, and the space down to the 标题's grid line. */
static void place_number(dx *d, double y, double flow, gboolean has_mark)
{
  const rd_document *doc = d->doc;
  gboolean number = doc->doc_number != NULL;
  double top = !number ? y : has_mark ? y + RD_MARK_BLANK_LINES * RD_LINE_PITCH
                                      : ceil(y / RD_LINE_PITCH - 1e-6) * RD_LINE_PITCH;
  double line_h = number ? RD_LINE_PITCH : 0.1;
  double rule = number ? top + RD_LINE_PITCH / 2 + RD_SIZE_3HAO / 2 + RD_SEPARATOR_GAP
                       : y + RD_SEPARATOR_GAP;
  /* the 标题 takes the first grid line two lines below the rule, as in the PDF */
  double below = rule + (number ? RD_SEPARATOR_WIDTH / 2 : 0) +
                 RD_TITLE_BLANK_LINES * RD_LINE_PITCH - 0.25 * RD_LINE_PITCH;
  double title_top = ceil(below / RD_LINE_PITCH - 1e-6) * RD_LINE_PITCH;
  /* the 发文字号 sits at the foot of its exact line (the font's spare height above it), the
   * PDF centres it in its grid line: the line starts that much higher, so that the text is
   * where the PDF prints it; the rule, 4 mm below the text, is the line's bottom border */
  double raise = number ? line_h / 2 - RD_SIZE_3HAO / 2 - TEXT_FOOT_TO_EM_BOTTOM * RD_SIZE_3HAO : 0;
  double line_top = top - raise, line_bottom = line_top + line_h;
  double gap = MAX(0, lround(rule - RD_SEPARATOR_WIDTH / 2 - line_bottom));
  double after = title_top - (line_bottom + gap + RD_SEPARATOR_WIDTH);
  p_open(d, RD_ST_NUMBER);
  rd_xml_open(&d->x, "w:pBdr");
  border(d, "w:bottom", RD_SEPARATOR_WIDTH, gap, TRUE);
  rd_xml_close(&d->x);
  if (doc->signers) {
    rd_xml_open(&d->x, "w:tabs");
    rd_xml_open(&d->x, "w:tab");
    rd_xml_attr(&d->x, "w:val", "right");
    rd_xml_attr_int(&d->x, "w:pos", RD_TW(RD_BANXIN_W - 2 * RD_CHAR_CELL));
    rd_xml_close(&d->x);
    rd_xml_close(&d->x);
  }
  spacing(d, MAX(0, line_top - flow), MAX(0, after), line_h);
  if (doc->signers) {
    /* 上行文: 发文字号 1 字 from the left, 签发人 1 字 from the right */
    ind(d, RD_CHAR_CELL, RD_CHAR_CELL, 0);
    rd_xml_val(&d->x, "w:jc", "left");
  } else
    ind(d, 0, 0, 0);
  p_text(d);
  if (number)
    run(d, doc->doc_number, PLAIN);
  if (number && doc->signers) {
    tab_run(d);
    run(d, "签发人：", PLAIN);
    run(d, doc->signers, (run_style){ RD_ROLE_KAITI, 0, 0 });
  }
  p_close(d);
}

static void place_head(dx *d)
{
  const rd_document *doc = d->doc;
  double y = 0;
  const char *lines[3] = { doc->copy_number, doc->secret, doc->urgency };
  for (int i = 0; i < 3; i++)
    if (lines[i]) {
      p_open(d, RD_ST_HEAD_LINE);
      p_text(d);
      run(d, lines[i], (run_style){ i ? RD_ROLE_HEITI : -1, 0, 0 });
      p_close(d);
      y += RD_LINE_PITCH;
    }
  gboolean has_mark = doc->issuers->len > 0;
  double flow = y;
  if (has_mark)
    y = place_mark(d, y, &flow);
  if (has_mark || doc->doc_number)
    place_number(d, y, flow, has_mark);
}

/* ---- 标题, 主送 ---- */

static void place_title(dx *d)
{
  const rd_document *doc = d->doc;
  for (guint i = 0; i < doc->title_lines->len; i++) {
    p_open(d, RD_ST_TITLE);
    if (i + 1 == doc->title_lines->len)
      spacing(d, 0, RD_LINE_PITCH, RD_LINE_PITCH);   /* a blank line below the title */
    else
      spacing(d, 0, 0, RD_LINE_PITCH);
    p_text(d);
    run(d, g_ptr_array_index(doc->title_lines, i), PLAIN);
    p_close(d);
  }
}

static void place_recipients(dx *d)
{
  const char *r = d->doc->main_recipients;
  if (!r)
    return;
  char *text = g_str_has_suffix(r, "：") || g_str_has_suffix(r, ":") ? g_strdup(r)
                                                                     : g_strconcat(r, "：", NULL);
  simple(d, RD_ST_RECIPIENTS, text);
  g_free(text);
}

/* ---- body blocks ---- */

static void place_paragraph(dx *d, const rd_block *b)
{
  static const rd_docx_style heading[5] = { RD_ST_BODY, RD_ST_H1, RD_ST_H2, RD_ST_H3, RD_ST_H4 };
  static const rd_font_role role[5] = {
    RD_ROLE_FANGSONG, RD_ROLE_HEITI, RD_ROLE_KAITI, RD_ROLE_FANGSONG, RD_ROLE_FANGSONG
  };
  int level = b->kind == RD_BLOCK_HEADING ? CLAMP(b->level, 0, 4) : 0;
  char *full = g_strconcat(b->number ? b->number : "", b->text ? b->text : "", NULL);
  /* a run-in heading: its face up to the first 。, the rest 正文 */
  const char *stop = role[level] != RD_ROLE_FANGSONG ? strstr(full, "。") : NULL;
  gboolean run_in = stop && stop[strlen("。")];
  p_open_keep(d, heading[level], run_in);
  if (b->kind == RD_BLOCK_LIST_ITEM)
    ind(d, 2 * RD_CHAR_CELL, 0, 0);
  p_text(d);
  if (run_in) {
    char *head = g_strndup(full, stop + strlen("。") - full);
    run(d, head, PLAIN);
    run(d, stop + strlen("。"), (run_style){ RD_ROLE_FANGSONG, 0, 0 });
    g_free(head);
  } else
    run(d, full, PLAIN);
  p_close(d);
  g_free(full);
}

/* A page break before a table: the table cannot carry it, a thin paragraph does. */
static void break_before_table(dx *d)
{
  if (!d->page_break)
    return;
  p_thin(d);
  p_text(d);
  p_close(d);
}

static void table_borders(dx *d, double thick)
{
  static const char *sides[] = { "w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV" };
  rd_xml_open(&d->x, "w:tblBorders");
  for (guint i = 0; i < G_N_ELEMENTS(sides); i++)
    border(d, sides[i], thick, 0, FALSE);
  rd_xml_close(&d->x);
}

/* A width element (w:tcW, w:tblW, a cell margin) of points, in twentieths of a point. */
static void twips_width(rd_xml *x, const char *name, double points)
{
  rd_xml_open(x, name);
  rd_xml_attr_int(x, "w:w", RD_TW(points));
  rd_xml_attr(x, "w:type", "dxa");
  rd_xml_close(x);
}

/* The natural width of a body cell's text (仿宋) at size, as the PDF measures it. A long table
 * repeats its cells' words (社区, 类别, 等级, dates) row after row, and shaping each again
 * was most of the DOCX's time: a width is measured once per document. */
static double cell_natural_width(dx *d, const char *text, double size)
{
  char *key = g_strdup_printf("%.17g %s", size, text ? text : "");
  gdouble *known = g_hash_table_lookup(d->cell_widths, key);
  if (known) {
    g_free(key);
    return *known;
  }
  gdouble *w = g_new(gdouble, 1);
  *w = rd_model_text_width(d->ts, text, RD_ROLE_FANGSONG, size, FALSE);
  g_hash_table_insert(d->cell_widths, key, w);
  return *w;
}

/* One cell of a table row, w wide (a spanning line: across span columns); level: a group
 * heading's (its face as the body's headings: 黑体, 楷体, 仿宋, from the left). */
static void table_cell(dx *d, const rd_block *b, const char *text, double w, int span,
                       double size, gboolean head, int level, gboolean keep_next)
{
  static const int heading_role[5] = { -1, RD_ROLE_HEITI, RD_ROLE_KAITI, RD_ROLE_FANGSONG,
                                       RD_ROLE_FANGSONG };
  rd_xml *x = &d->x;
  rd_table_geometry g = rd_table_geometry_of(b);
  rd_xml_open(x, "w:tc");
  rd_xml_open(x, "w:tcPr");
  twips_width(x, "w:tcW", w);
  if (span > 1)
    rd_xml_val_int(x, "w:gridSpan", span);
  rd_xml_val(x, "w:vAlign", "center");
  rd_xml_close(x);
  p_open(d, head ? RD_ST_TABLE_HEAD : RD_ST_TABLE);
  if (keep_next)
    rd_xml_empty(x, "w:keepNext", NULL);   /* the record's spanning line comes along */
  /* the PDF's row: its line pitch, its space above and below */
  spacing(d, size * g.row_pad, size * g.row_pad, size * g.pitch);
  if (!head && span > 1)
    rd_xml_val(x, "w:jc", "left");   /* a spanning line reads as text, from the left */
  else if (head && level)
    rd_xml_val(x, "w:jc", "left");
  else if (!head && cell_natural_width(d, text, size) > w - 2 * g.pad * size)
    rd_xml_val(x, "w:jc", "both");
  rd_xml_open(x, "w:rPr");
  rd_xml_val_int(x, "w:sz", RD_HALFPT(size));
  rd_xml_close(x);
  p_text(d);
  run(d, text, (run_style){ level ? heading_role[CLAMP(level, 1, 4)] : -1, size, 0 });
  p_close(d);
  rd_xml_close(x);   /* w:tc */
}

/* A table: columns as wide as in the PDF, the header row (with its spanning lines) repeated
 * on every page, rows that never split and a record's spanning lines kept with its row; a
 * one-line cell centred, a longer one justified, as the PDF sets them. */
static void place_table(dx *d, const rd_block *b)
{
  int ncols = (int)g_strv_length(g_ptr_array_index(b->rows, 0));
  double width = text_width(d);
  double *colw = g_new0(double, ncols);
  double size = rd_table_columns(d->ts, b, width, colw);
  rd_table_geometry g = rd_table_geometry_of(b);
  if (b->caption) {
    p_open(d, RD_ST_CAPTION);
    p_text(d);
    run(d, b->caption, PLAIN);
    p_close(d);
  } else
    break_before_table(d);
  rd_xml *x = &d->x;
  rd_xml_open(x, "w:tbl");
  rd_xml_open(x, "w:tblPr");
  twips_width(x, "w:tblW", width);
  rd_xml_val(x, "w:jc", "center");
  table_borders(d, 0.5);
  rd_xml_empty(x, "w:tblLayout", "w:type", "fixed", NULL);
  rd_xml_open(x, "w:tblCellMar");
  twips_width(x, "w:left", size * g.pad);
  twips_width(x, "w:right", size * g.pad);
  rd_xml_close(x);
  rd_xml_close(x);
  rd_xml_open(x, "w:tblGrid");
  for (int c = 0; c < ncols; c++) {
    rd_xml_open(x, "w:gridCol");
    rd_xml_attr_int(x, "w:w", RD_TW(colw[c]));
    rd_xml_close(x);
  }
  rd_xml_close(x);
  gboolean in_head = TRUE;   /* the header and the spanning lines right under it */
  for (guint r = 0; r < b->rows->len; r++) {
    GStrv row = g_ptr_array_index(b->rows, r);
    gboolean spans = rd_table_row_spans(b, r);
    int level = rd_table_row_heading(b, r);
    in_head = in_head && (r == 0 || (spans && !level));
    /* a record's spanning lines come along with its row; a group heading with its first
     * record (Word keeps a row with the next when its paragraphs keep with the next) */
    gboolean keep = level || (r + 1 < b->rows->len && rd_table_row_spans(b, r + 1) &&
                              !rd_table_row_heading(b, r + 1));
    rd_xml_open(x, "w:tr");
    rd_xml_open(x, "w:trPr");
    rd_xml_empty(x, "w:cantSplit", NULL);
    if (in_head)
      rd_xml_empty(x, "w:tblHeader", NULL);
    rd_xml_close(x);
    if (spans)
      table_cell(d, b, row[0], width, ncols, size, in_head || level, level, keep);
    else
      for (int c = 0; c < ncols; c++)
        table_cell(d, b, row[c], colw[c], 1, size, in_head, 0, keep);
    rd_xml_close(x);   /* w:tr */
  }
  rd_xml_close(x);   /* w:tbl */
  g_free(colw);
}

static void place_signlines(dx *d, const rd_block *b)
{
  GStrv labels = g_ptr_array_index(b->rows, 0);
  int n = (int)g_strv_length(labels);
  double slot = text_width(d) / n;
  p_open(d, RD_ST_BODY);
  rd_xml_open(&d->x, "w:tabs");
  for (int i = 1; i <= n; i++) {
    rd_xml_open(&d->x, "w:tab");
    rd_xml_attr(&d->x, "w:val", "left");
    rd_xml_attr_int(&d->x, "w:pos", RD_TW(i * slot - (i < n ? 0 : RD_CHAR_CELL)));
    rd_xml_close(&d->x);
  }
  rd_xml_close(&d->x);
  spacing(d, RD_LINE_PITCH, 0, 0);   /* a blank line above */
  ind(d, 0, 0, 0);
  p_text(d);
  for (int i = 0; i < n; i++) {
    char *t = g_strconcat(labels[i], "：", NULL);
    run(d, t, PLAIN);
    g_free(t);
    rd_xml_open(&d->x, "w:r");   /* the line to sign on: an underlined tab */
    rd_xml_open(&d->x, "w:rPr");
    rd_xml_val(&d->x, "w:u", "single");
    rd_xml_close(&d->x);
    rd_xml_empty(&d->x, "w:tab", NULL);
    rd_xml_close(&d->x);
  }
  p_close(d);
}

static void place_chart(dx *d, const rd_block *b);

static void place_blocks(dx *d, GPtrArray *blocks)
{
  for (guint i = 0; i < blocks->len; i++) {
    const rd_block *b = g_ptr_array_index(blocks, i);
    switch (b->kind) {
    case RD_BLOCK_PARAGRAPH:
    case RD_BLOCK_HEADING:
    case RD_BLOCK_LIST_ITEM:
      place_paragraph(d, b);
      break;
    case RD_BLOCK_CENTER:
      simple(d, RD_ST_CAPTION, b->text);
      break;
    case RD_BLOCK_PAGEBREAK:
      d->page_break = TRUE;
      break;
    case RD_BLOCK_TABLE:
      place_table(d, b);
      break;
    case RD_BLOCK_CHART:
      place_chart(d, b);
      break;
    case RD_BLOCK_SIGNLINES:
      place_signlines(d, b);
      break;
    }
  }
}

/* ---- 附件说明, 署名, 成文日期, 附注 ---- */

static int numbered_attachments(const rd_document *doc)
{
  int n = 0;
  for (guint i = 0; i < doc->attachments->len; i++)
    n += !((rd_attachment *)g_ptr_array_index(doc->attachments, i))->issued;
  return n;
}

/* 附件说明: a blank line, then "附件：" 2 字 in, each name's lines under its first character. */
static void place_attach_note(dx *d)
{
  const rd_document *doc = d->doc;
  gboolean several = numbered_attachments(doc) > 1;
  double label_w = rd_model_text_width(d->ts, "附件：", RD_ROLE_FANGSONG, RD_SIZE_3HAO, TRUE);
  int number = 0;
  for (guint i = 0; i < doc->attachments->len; i++) {
    rd_attachment *a = g_ptr_array_index(doc->attachments, i);
    if (a->issued)
      continue;
    char num[16] = "";
    if (several)
      g_snprintf(num, sizeof num, "%d.", ++number);
    double num_w = rd_model_text_width(d->ts, num, RD_ROLE_FANGSONG, RD_SIZE_3HAO, TRUE);
    double name_x = 2 * RD_CHAR_CELL + label_w + num_w;
    p_open(d, RD_ST_ATTACH_NOTE);
    if (number <= 1)
      spacing(d, RD_LINE_PITCH, 0, 0);
    ind(d, name_x, 0, number <= 1 ? -(label_w + num_w) : -num_w);
    p_text(d);
    if (number <= 1)
      run(d, "附件：", PLAIN);
    run(d, num, PLAIN);
    run(d, a->title ? a->title : "", PLAIN);
    p_close(d);
  }
}

/* 署名 and 成文日期 as the PDF places them without a seal (7.3.5.2): 署名 2 字 from the right,
 * the date starting 2 字 further right, or, when longer, ending 2 字 from the right and
 * pushing the 署名 left. */
static void place_signature(dx *d)
{
  const rd_document *doc = d->doc;
  double w = text_width(d), cell = RD_CHAR_CELL;
  double sw = doc->signature ? rd_model_text_width(d->ts, doc->signature, RD_ROLE_FANGSONG,
                                                   RD_SIZE_3HAO, TRUE) : 0;
  double dw = doc->date ? rd_model_text_width(d->ts, doc->date, RD_ROLE_FANGSONG, RD_SIZE_3HAO,
                                              TRUE) : 0;
  double sx = w - 2 * cell - sw, dx_ = sx + 2 * cell;
  if (dx_ + dw > w - 2 * cell + 0.01) {
    dx_ = w - 2 * cell - dw;
    sx = dx_ - 2 * cell;
  }
  if (!doc->signature)
    dx_ = w - 2 * cell - dw;
  gboolean first = TRUE;
  if (doc->signature) {
    p_open(d, RD_ST_SIGNATURE);
    spacing(d, RD_LINE_PITCH, 0, 0);   /* a blank line above */
    ind(d, 0, MAX(0, w - sx - sw), 0);
    p_text(d);
    run(d, doc->signature, PLAIN);
    p_close(d);
    first = FALSE;
  }
  if (doc->date) {
    p_open(d, RD_ST_DATE);
    if (first)
      spacing(d, RD_LINE_PITCH, 0, 0);
    ind(d, 0, MAX(0, w - dx_ - dw), 0);
    p_text(d);
    run(d, doc->date, PLAIN);
    p_close(d);
  }
}

static void place_closing(dx *d, gboolean attach_note, gboolean signature)
{
  const rd_document *doc = d->doc;
  if (attach_note && doc->attach_list && numbered_attachments(doc) > 0)
    place_attach_note(d);
  if (signature && (doc->signature || doc->date))
    place_signature(d);
  if (signature && doc->note) {
    char *t = g_strdup_printf("（%s）", doc->note);
    simple(d, RD_ST_NOTE, t);
    g_free(t);
  }
}

/* ---- 附件 ---- */

static void place_attachments(dx *d)
{
  const rd_document *doc = d->doc;
  int number = 0, numbered = numbered_attachments(doc);
  for (guint i = 0; i < doc->attachments->len; i++) {
    rd_attachment *a = g_ptr_array_index(doc->attachments, i);
    gboolean landscape = a->landscape || doc->landscape;
    if (landscape != d->landscape)
      section_break(d, landscape, NULL);
    else
      d->page_break = TRUE;
    if (!a->issued) {
      char label[32];
      number++;
      if (numbered > 1)
        g_snprintf(label, sizeof label, "附件%d", number);
      else
        g_snprintf(label, sizeof label, "附件");
      simple(d, RD_ST_ATTACH_MARK, label);   /* line 1, a blank line 2 */
    }
    if (a->title && *a->title) {
      if (a->issued) {
        p_open(d, RD_ST_TITLE);
        spacing(d, 0, RD_LINE_PITCH, RD_LINE_PITCH);
        p_text(d);
        run(d, a->title, PLAIN);
        p_close(d);
      } else
        simple(d, RD_ST_ATTACH_TITLE, a->title);   /* line 3, a blank line 4 */
    }
    place_blocks(d, a->blocks);
    if (a->issued && (i + 1 == doc->attachments->len ||
                      !((rd_attachment *)g_ptr_array_index(doc->attachments, i + 1))->issued))
      place_closing(d, TRUE, FALSE);
  }
}

/* ---- 版记 ---- */

static void banji_cell(dx *d, double width, gboolean last_row)
{
  rd_xml *x = &d->x;
  rd_xml_open(x, "w:tc");
  rd_xml_open(x, "w:tcPr");
  twips_width(x, "w:tcW", width);
  if (!last_row) {
    rd_xml_open(x, "w:tcBorders");
    border(d, "w:bottom", RD_BANJI_THIN, 0, FALSE);
    rd_xml_close(x);
  }
  rd_xml_val(x, "w:vAlign", "center");
  rd_xml_close(x);
}

/* The 版记: a floating table whose foot is the foot of the 版心 (w:vertAnchor="margin"
 * w:tblpYSpec="bottom") on the page of the paragraph after it, so that it stays there when
 * the text above is edited; one grid line a row (a longer 抄送 grows it upwards), 0.35 mm
 * rules above and below, 0.25 mm between 抄送 and 印发.
 *
 * Its left edge is given from the page edge (w:horzAnchor="page", w:tblpX the 订口), not as
 * the margin: Writer (7.4, writerfilter's SectionPropertyMap::FloatingTableConversion) keeps
 * a table that is not at least 4.69 mm narrower than the text area in the text flow, where
 * it follows the last line, unless it is placed from the page edge and narrower than the page
 * less its smaller margin. Word and WPS place it the same either way. */
static void place_banji(dx *d)
{
  const rd_document *doc = d->doc;
  if (!doc->cc && !doc->printer)
    return;
  /* Double-sided, the 版记 is on an even page: the PDF puts it on the back of an odd last
   * page, or after a blank page when an even last page has no room for it. Where the PDF
   * starts a new page for it, the DOCX starts a section on the next even page (w:type=
   * "evenPage"), which finds that page in any editor whichever page its text ends on
   * (LibreOffice, squeezing no punctuation, ends the monthly 通报 a page later than riskdoc).
   * Writer 7.4 gives that section a page style of its own whose footer it sets up otherwise,
   * so that its 版心 ends 4.8 mm lower: there the table, alone on its page, is placed from
   * the page top, its rows as many grid lines as the PDF's. (The blank page Word or Writer
   * inserts keeps no page number; the 版记's page keeps its own, which GB/T 9704 7.5.1 drops
   * after a blank page: the DOCX cannot know whether the editor inserts one.) A section's
   * first paragraph is a thin one: Writer loses a break carried by the table's first
   * paragraph when it turns the table into a frame. */
  gboolean even = doc->double_sided != 0 && d->banji.breaks > 0;
  if (d->landscape || even) {
    section_break(d, FALSE, even ? "evenPage" : NULL);   /* the 版记 is on a portrait page */
    p_thin(d);
    p_text(d);
    p_close(d);
  }
  int cc_lines = d->banji.lines - 1;
  rd_xml *x = &d->x;
  const double ch = RD_SIZE_4HAO;   /* 1 字 of 4号 */
  rd_xml_open(x, "w:tbl");
  rd_xml_open(x, "w:tblPr");
  rd_xml_val(x, "w:tblStyle", "Putongbiaoge");
  rd_xml_open(x, "w:tblpPr");
  rd_xml_attr(x, "w:leftFromText", "0");
  rd_xml_attr(x, "w:rightFromText", "0");
  rd_xml_attr(x, "w:topFromText", "0");
  rd_xml_attr(x, "w:bottomFromText", "0");
  rd_xml_attr(x, "w:vertAnchor", "margin");
  rd_xml_attr(x, "w:horzAnchor", "page");
  rd_xml_attr_int(x, "w:tblpX", RD_TW(RD_DINGKOU));
  if (even)
    rd_xml_attr_int(x, "w:tblpY", RD_TW(RD_BANXIN_H - d->banji.lines * RD_LINE_PITCH));
  else
    rd_xml_attr(x, "w:tblpYSpec", "bottom");
  rd_xml_close(x);
  twips_width(x, "w:tblW", RD_BANXIN_W);
  rd_xml_open(x, "w:tblBorders");
  border(d, "w:top", RD_BANJI_THICK, 0, FALSE);
  border(d, "w:bottom", RD_BANJI_THICK, 0, FALSE);
  rd_xml_close(x);
  rd_xml_empty(x, "w:tblLayout", "w:type", "fixed", NULL);
  rd_xml_open(x, "w:tblCellMar");
  rd_xml_empty(x, "w:left", "w:w", "0", "w:type", "dxa", NULL);
  rd_xml_empty(x, "w:right", "w:w", "0", "w:type", "dxa", NULL);
  rd_xml_close(x);
  rd_xml_close(x);
  rd_xml_open(x, "w:tblGrid");
  rd_xml_open(x, "w:gridCol");
  rd_xml_attr_int(x, "w:w", RD_TW(RD_BANXIN_W));
  rd_xml_close(x);
  rd_xml_close(x);
  for (int r = doc->cc ? 0 : 1; r < 2; r++) {
    rd_xml_open(x, "w:tr");
    rd_xml_open(x, "w:trPr");
    rd_xml_empty(x, "w:cantSplit", NULL);
    rd_xml_open(x, "w:trHeight");
    /* at least the lines the PDF gives the row: placed from the top, the table then ends on
     * the 版心 bottom; an edit that adds a line to the 抄送 makes the row grow */
    rd_xml_attr_int(x, "w:val", RD_TW(MAX(1, r == 0 ? cc_lines : 1) * RD_LINE_PITCH));
    rd_xml_attr(x, "w:hRule", "atLeast");
    rd_xml_close(x);
    rd_xml_close(x);
    banji_cell(d, RD_BANXIN_W, r == 1);
    p_open(d, RD_ST_BANJI);
    /* each line one grid line, as in the PDF, less the thick rule that Writer adds to the
     * row's height: a row of one line is the row's least height, one grid line */
    spacing(d, 0, 0, RD_LINE_PITCH - RD_BANJI_THICK);
    if (r == 0) {
      double label_w = rd_model_text_width(d->ts, "抄送：", RD_ROLE_FANGSONG, RD_SIZE_4HAO, FALSE);
      ind(d, ch + label_w, ch, -label_w);   /* continuation lines under the first name */
      p_text(d);
      char *t = g_str_has_suffix(doc->cc, "。") ? g_strdup(doc->cc) : g_strconcat(doc->cc, "。", NULL);
      run(d, "抄送：", PLAIN);
      run(d, t, PLAIN);
      g_free(t);
    } else {
      rd_xml_open(x, "w:tabs");
      rd_xml_open(x, "w:tab");
      rd_xml_attr(x, "w:val", "right");
      rd_xml_attr_int(x, "w:pos", RD_TW(RD_BANXIN_W - 2 * ch));
      rd_xml_close(x);
      rd_xml_close(x);
      ind(d, ch, ch, 0);
      p_text(d);
      if (doc->printer)
        run(d, doc->printer, PLAIN);
      const char *date = doc->print_date ? doc->print_date : doc->date;
      if (date) {
        char *t = g_strconcat(date, "印发", NULL);
        tab_run(d);
        run(d, t, PLAIN);
        g_free(t);
      }
    }
    p_close(d);
    rd_xml_close(x);   /* w:tc */
    rd_xml_close(x);   /* w:tr */
  }
  rd_xml_close(x);   /* w:tbl */
}

/* ---- the chart ---- */

/* The chart: its caption, then the picture the PDF draws (rd_chart_png), as wide as the text
 * and as many grid lines high, inline in a paragraph of its own. */
static void place_chart(dx *d, const rd_block *b)
{
  int nser = (int)g_strv_length(g_ptr_array_index(b->rows, 0)) - 1;
  int ncat = (int)b->rows->len - 1;
  if (b->caption)
    simple(d, RD_ST_CAPTION, b->caption);
  if (nser < 1 || ncat < 1 || d->failure)
    return;
  double w = text_width(d);
  double page_h = d->landscape ? RD_BANXIN_W : RD_BANXIN_H;
  double h = MIN(RD_CHART_LINES, floor(page_h / RD_LINE_PITCH)) * RD_LINE_PITCH;
  GBytes *png = rd_chart_png(d->ts, b, w, h, CHART_DPI, &d->failure);
  if (!png)
    return;
  g_ptr_array_add(d->media, png);
  guint n = d->media->len;
  char id[32], name[32];
  g_snprintf(id, sizeof id, "rIdChart%u", n);
  g_snprintf(name, sizeof name, "chart%u.png", n);
  rd_xml *x = &d->x;
  p_open(d, RD_ST_FIGURE);
  ind(d, 0, 0, 0);
  p_text(d);
  rd_xml_open(x, "w:r");
  rd_xml_open(x, "w:drawing");
  rd_xml_open(x, "wp:inline");
  rd_xml_open(x, "wp:extent");
  rd_xml_attr_int(x, "cx", RD_EMU(w));
  rd_xml_attr_int(x, "cy", RD_EMU(h));
  rd_xml_close(x);
  rd_xml_open(x, "wp:docPr");
  rd_xml_attr_int(x, "id", (long)n);
  rd_xml_attr(x, "name", name);
  rd_xml_attr(x, "descr", b->caption ? b->caption : name);
  rd_xml_close(x);
  rd_xml_open(x, "a:graphic");
  rd_xml_open(x, "a:graphicData");
  rd_xml_attr(x, "uri", "http://schemas.openxmlformats.org/drawingml/2006/picture");
  rd_xml_open(x, "pic:pic");
  rd_xml_open(x, "pic:nvPicPr");
  rd_xml_open(x, "pic:cNvPr");
  rd_xml_attr_int(x, "id", (long)n);
  rd_xml_attr(x, "name", name);
  rd_xml_close(x);
  rd_xml_empty(x, "pic:cNvPicPr", NULL);
  rd_xml_close(x);
  rd_xml_open(x, "pic:blipFill");
  rd_xml_empty(x, "a:blip", "r:embed", id, NULL);
  rd_xml_open(x, "a:stretch");
  rd_xml_empty(x, "a:fillRect", NULL);
  rd_xml_close(x);
  rd_xml_close(x);
  rd_xml_open(x, "pic:spPr");
  rd_xml_open(x, "a:xfrm");
  rd_xml_empty(x, "a:off", "x", "0", "y", "0", NULL);
  rd_xml_open(x, "a:ext");
  rd_xml_attr_int(x, "cx", RD_EMU(w));
  rd_xml_attr_int(x, "cy", RD_EMU(h));
  rd_xml_close(x);
  rd_xml_close(x);
  rd_xml_open(x, "a:prstGeom");
  rd_xml_attr(x, "prst", "rect");
  rd_xml_empty(x, "a:avLst", NULL);
  rd_xml_close(x);
  rd_xml_close(x);   /* pic:spPr */
  rd_xml_close(x);   /* pic:pic */
  rd_xml_close(x);   /* a:graphicData */
  rd_xml_close(x);   /* a:graphic */
  rd_xml_close(x);   /* wp:inline */
  rd_xml_close(x);   /* w:drawing */
  rd_xml_close(x);   /* w:r */
  p_close(d);
}

/* ---- the document part ---- */

static GBytes *document_part(dx *d, GError **error)
{
  rd_xml *x = &d->x;
  rd_xml_begin(x);
  rd_xml_open(x, "w:document");
  rd_xml_attr(x, "xmlns:w", RD_W_NS);
  rd_xml_attr(x, "xmlns:r", RD_R_NS);
  rd_xml_attr(x, "xmlns:wp", "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing");
  rd_xml_attr(x, "xmlns:a", "http://schemas.openxmlformats.org/drawingml/2006/main");
  rd_xml_attr(x, "xmlns:pic", "http://schemas.openxmlformats.org/drawingml/2006/picture");
  rd_xml_open(x, "w:body");
  d->landscape = d->doc->landscape;
  place_head(d);
  place_title(d);
  place_recipients(d);
  place_blocks(d, d->doc->body);
  if (d->landscape && !d->doc->landscape)
    section_break(d, FALSE, NULL);
  gboolean issued = numbered_attachments(d->doc) < (int)d->doc->attachments->len;
  place_closing(d, !issued, TRUE);
  place_attachments(d);
  /* Asked only now: the PDF drawn beside this DOCX publishes it when its layout is done. */
  if ((d->doc->cc || d->doc->printer) && d->doc->double_sided != 0 && !d->failure)
    rd_banji_place_known(d->ts, d->doc, &d->banji, &d->failure);
  place_banji(d);
  p_thin(d);   /* a document ends with a paragraph (after the 版记's table) */
  p_text(d);
  p_close(d);
  sect_props(d, d->landscape);
  rd_xml_close(x);
  rd_xml_close(x);
  GBytes *part = rd_xml_end(x);
  if (d->failure) {
    g_propagate_error(error, d->failure);
    g_bytes_unref(part);
    return NULL;
  }
  return part;
}

GBytes *rd_docx_document_part(rd_typesetter *ts, const rd_document *doc, GPtrArray *media,
                              GError **error)
{
  dx d = { .ts = ts, .doc = doc, .media = media };
  d.cell_widths = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  GBytes *part = document_part(&d, error);
  g_hash_table_destroy(d.cell_widths);
  return part;
}
