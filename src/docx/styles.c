/* styles.c — the parts around the body: named styles, the font table, settings, the
 * page-number footers.
 *
 * Every paragraph style is on the document grid of the section (22 lines × 28 characters)
 * unless it is set apart from it (tables, 版记, page numbers, the 发文机关标志), and one line
 * of a style larger than 3号 is exactly one grid line, as in the PDF. */
#include <string.h>
#include "docx_internal.h"

typedef struct style_def {
  const char *id, *name;
  rd_font_role role;
  double size;
  const char *jc;
  double first_line;   /* in characters (grid cells) */
  int outline;         /* heading level 1..4; 0 none */
  gboolean keep_next;
  gboolean exact;      /* each line exactly one grid pitch high */
  gboolean off_grid;
  int lines_after;     /* blank lines after the paragraph */
  gboolean red;
} style_def;

#define STYLE(id_, name_, role_, size_, jc_) .id = id_, .name = name_, .role = role_, .size = size_, .jc = jc_

static const style_def styles[RD_ST_COUNT] = {
  /* not Normal: see write_normal */
  [RD_ST_BODY] = { STYLE("Zhengwen", "正文", RD_ROLE_FANGSONG, RD_SIZE_3HAO, "both"), .first_line = 2 },
  [RD_ST_TITLE] = { STYLE("Biaoti", "标题", RD_ROLE_XIAOBIAOSONG, RD_SIZE_2HAO, "center"),
                    .keep_next = TRUE, .exact = TRUE, .off_grid = TRUE },
  [RD_ST_RECIPIENTS] = { STYLE("Zhusong", "主送", RD_ROLE_FANGSONG, RD_SIZE_3HAO, "both") },
  [RD_ST_H1] = { STYLE("Yijibiaoti", "一级标题", RD_ROLE_HEITI, RD_SIZE_3HAO, "both"),
                 .first_line = 2, .outline = 1, .keep_next = TRUE },
  [RD_ST_H2] = { STYLE("Erjibiaoti", "二级标题", RD_ROLE_KAITI, RD_SIZE_3HAO, "both"),
                 .first_line = 2, .outline = 2, .keep_next = TRUE },
  [RD_ST_H3] = { STYLE("Sanjibiaoti", "三级标题", RD_ROLE_FANGSONG, RD_SIZE_3HAO, "both"),
                 .first_line = 2, .outline = 3, .keep_next = TRUE },
  [RD_ST_H4] = { STYLE("Sijibiaoti", "四级标题", RD_ROLE_FANGSONG, RD_SIZE_3HAO, "both"),
                 .first_line = 2, .outline = 4, .keep_next = TRUE },
  [RD_ST_ATTACH_NOTE] = { STYLE("Fujianshuoming", "附件说明", RD_ROLE_FANGSONG, RD_SIZE_3HAO, "both") },
  [RD_ST_SIGNATURE] = { STYLE("Shuming", "署名", RD_ROLE_FANGSONG, RD_SIZE_3HAO, "right") },
  [RD_ST_DATE] = { STYLE("Chengwenriqi", "成文日期", RD_ROLE_FANGSONG, RD_SIZE_3HAO, "right") },
  [RD_ST_NOTE] = { STYLE("Fuzhu", "附注", RD_ROLE_FANGSONG, RD_SIZE_3HAO, "both"), .first_line = 2 },
  [RD_ST_ATTACH_MARK] = { STYLE("Fujianbiaoshi", "附件标识", RD_ROLE_HEITI, RD_SIZE_3HAO, "left"),
                          .keep_next = TRUE, .lines_after = 1 },
  [RD_ST_ATTACH_TITLE] = { STYLE("Fujianbiaoti", "附件标题", RD_ROLE_XIAOBIAOSONG, RD_SIZE_2HAO, "center"),
                           .keep_next = TRUE, .exact = TRUE, .off_grid = TRUE, .lines_after = 1 },
  [RD_ST_TABLE] = { STYLE("Biaoge", "表格", RD_ROLE_FANGSONG, RD_SIZE_XIAOSI, "center"), .off_grid = TRUE },
  [RD_ST_TABLE_HEAD] = { STYLE("Biaotou", "表头", RD_ROLE_HEITI, RD_SIZE_XIAOSI, "center"), .off_grid = TRUE },
  [RD_ST_CAPTION] = { STYLE("Biaoming", "表题", RD_ROLE_HEITI, RD_SIZE_3HAO, "center"), .keep_next = TRUE },
  [RD_ST_BANJI] = { STYLE("Banji", "版记", RD_ROLE_FANGSONG, RD_SIZE_4HAO, "left"), .off_grid = TRUE },
  [RD_ST_HEAD_LINE] = { STYLE("Bantou", "版头", RD_ROLE_FANGSONG, RD_SIZE_3HAO, "left") },
  [RD_ST_MARK] = { STYLE("Fawenjiguanbiaozhi", "发文机关标志", RD_ROLE_XIAOBIAOSONG, RD_MARK_SIZE, "center"),
                   .off_grid = TRUE, .red = TRUE },
  [RD_ST_NUMBER] = { STYLE("Fawenzihao", "发文字号", RD_ROLE_FANGSONG, RD_SIZE_3HAO, "center"), .off_grid = TRUE },
  [RD_ST_FOLIO] = { STYLE("Yema", "页码", RD_ROLE_SONGTI, RD_SIZE_4HAO, "right"), .off_grid = TRUE },
  [RD_ST_FIGURE] = { STYLE("Tu", "图", RD_ROLE_FANGSONG, RD_SIZE_3HAO, "center"),
                     .keep_next = TRUE, .off_grid = TRUE },
};
#undef STYLE

const char *rd_docx_style_id(rd_docx_style s)
{
  return styles[s].id;
}

const char *rd_docx_font(rd_typesetter *ts, rd_font_role role)
{
  return rd_typesetter_fonts(ts)[role].wanted;
}

void rd_docx_fonts(rd_xml *x, rd_typesetter *ts, rd_font_role role)
{
  const char *latin = rd_docx_font(ts, RD_ROLE_LATIN);
  rd_xml_empty(x, "w:rFonts", "w:ascii", latin, "w:hAnsi", latin, "w:cs", latin,
               "w:eastAsia", rd_docx_font(ts, role), NULL);
}

static void red(rd_xml *x)
{
  char hex[8];
  g_snprintf(hex, sizeof hex, "%02X%02X%02X", (int)lround(RD_RED_R * 255),
             (int)lround(RD_RED_G * 255), (int)lround(RD_RED_B * 255));
  rd_xml_val(x, "w:color", hex);
}

/* The default paragraph style: Writer sizes the grid's character cell from the style named
 * Normal (its 3号), so every named style is based on it; the paragraphs name theirs. */
static void write_normal(rd_xml *x, rd_typesetter *ts)
{
  rd_xml_open(x, "w:style");
  rd_xml_attr(x, "w:type", "paragraph");
  rd_xml_attr(x, "w:default", "1");
  rd_xml_attr(x, "w:styleId", "Normal");
  rd_xml_val(x, "w:name", "Normal");
  rd_xml_open(x, "w:pPr");
  rd_xml_val(x, "w:widowControl", "0");
  /* as the PDF: no punctuation hung outside the 版心, no extra space around Latin text */
  rd_xml_val(x, "w:overflowPunct", "0");
  rd_xml_val(x, "w:autoSpaceDE", "0");
  rd_xml_val(x, "w:autoSpaceDN", "0");
  rd_xml_val(x, "w:jc", "both");
  rd_xml_close(x);
  rd_xml_open(x, "w:rPr");
  rd_docx_fonts(x, ts, RD_ROLE_FANGSONG);
  rd_xml_val_int(x, "w:sz", RD_HALFPT(RD_SIZE_3HAO));
  rd_xml_val_int(x, "w:szCs", RD_HALFPT(RD_SIZE_3HAO));
  rd_xml_close(x);
  rd_xml_close(x);
}

static void write_style(rd_xml *x, rd_typesetter *ts, const style_def *s, gboolean is_body)
{
  rd_xml_open(x, "w:style");
  rd_xml_attr(x, "w:type", "paragraph");
  rd_xml_attr(x, "w:styleId", s->id);
  rd_xml_val(x, "w:name", s->name);
  rd_xml_val(x, "w:basedOn", is_body ? "Normal" : styles[RD_ST_BODY].id);
  rd_xml_val(x, "w:next", styles[RD_ST_BODY].id);
  rd_xml_empty(x, "w:qFormat", NULL);
  rd_xml_open(x, "w:pPr");
  if (s->keep_next)
    rd_xml_empty(x, "w:keepNext", NULL);
  rd_xml_val(x, "w:widowControl", "0");   /* the PDF fills every line of the grid */
  if (s->off_grid)
    rd_xml_val(x, "w:snapToGrid", "0");
  rd_xml_open(x, "w:spacing");
  rd_xml_attr_int(x, "w:before", 0);
  rd_xml_attr_int(x, "w:after", s->lines_after * RD_TW(RD_LINE_PITCH));
  if (s->exact) {
    rd_xml_attr_int(x, "w:line", RD_TW(RD_LINE_PITCH));
    rd_xml_attr(x, "w:lineRule", "exact");
  } else {
    rd_xml_attr_int(x, "w:line", 240);   /* single: one grid line */
    rd_xml_attr(x, "w:lineRule", "auto");
  }
  rd_xml_close(x);
  rd_xml_open(x, "w:ind");
  rd_xml_attr_int(x, "w:firstLineChars", lround(s->first_line * 100));
  rd_xml_attr_int(x, "w:firstLine", RD_TW(s->first_line * RD_CHAR_CELL));
  rd_xml_close(x);
  rd_xml_val(x, "w:jc", s->jc);
  if (s->outline)
    rd_xml_val_int(x, "w:outlineLvl", s->outline - 1);
  rd_xml_close(x);
  rd_xml_open(x, "w:rPr");
  rd_docx_fonts(x, ts, s->role);
  if (s->red)
    red(x);
  rd_xml_val_int(x, "w:sz", RD_HALFPT(s->size));
  rd_xml_val_int(x, "w:szCs", RD_HALFPT(s->size));
  rd_xml_close(x);
  rd_xml_close(x);
}

GBytes *rd_docx_styles_part(rd_typesetter *ts)
{
  rd_xml x;
  rd_xml_begin(&x);
  rd_xml_open(&x, "w:styles");
  rd_xml_attr(&x, "xmlns:w", RD_W_NS);
  rd_xml_open(&x, "w:docDefaults");
  rd_xml_open(&x, "w:rPrDefault");
  rd_xml_open(&x, "w:rPr");
  rd_docx_fonts(&x, ts, RD_ROLE_FANGSONG);
  /* 28 characters of 3号 in the 156 mm of the 版心: each one condensed to the grid's cell,
   * rounded down to whole twips so that the 28th always fits */
  rd_xml_val_int(&x, "w:spacing", (long)floor((RD_CHAR_CELL - RD_SIZE_3HAO) * 20));
  rd_xml_val(&x, "w:kern", "0");
  rd_xml_val_int(&x, "w:sz", RD_HALFPT(RD_SIZE_3HAO));
  rd_xml_val_int(&x, "w:szCs", RD_HALFPT(RD_SIZE_3HAO));
  rd_xml_empty(&x, "w:lang", "w:val", "en-US", "w:eastAsia", "zh-CN", "w:bidi", "ar-SA", NULL);
  rd_xml_close(&x);
  rd_xml_close(&x);
  rd_xml_open(&x, "w:pPrDefault");
  rd_xml_open(&x, "w:pPr");
  rd_xml_val(&x, "w:overflowPunct", "0");   /* no punctuation hung outside the 版心 */
  rd_xml_close(&x);
  rd_xml_close(&x);
  rd_xml_close(&x);
  write_normal(&x, ts);
  for (int s = 0; s < RD_ST_COUNT; s++)
    write_style(&x, ts, &styles[s], s == RD_ST_BODY);
  /* tables: no borders of their own, cells padded as in the PDF */
  rd_xml_open(&x, "w:style");
  rd_xml_attr(&x, "w:type", "table");
  rd_xml_attr(&x, "w:default", "1");
  rd_xml_attr(&x, "w:styleId", "Putongbiaoge");
  rd_xml_val(&x, "w:name", "Normal Table");
  rd_xml_open(&x, "w:tblPr");
  rd_xml_empty(&x, "w:tblInd", "w:w", "0", "w:type", "dxa", NULL);
  rd_xml_close(&x);
  rd_xml_close(&x);
  rd_xml_close(&x);
  return rd_xml_end(&x);
}

GBytes *rd_docx_font_table_part(rd_typesetter *ts)
{
  const rd_font_choice *fonts = rd_typesetter_fonts(ts);
  rd_xml x;
  rd_xml_begin(&x);
  rd_xml_open(&x, "w:fonts");
  rd_xml_attr(&x, "xmlns:w", RD_W_NS);
  for (int r = 0; r < RD_ROLE_COUNT; r++) {
    gboolean seen = FALSE;   /* one entry per name: 仿宋 and 宋体 may share a stand-in */
    for (int q = 0; q < r; q++)
      seen |= !strcmp(fonts[q].wanted, fonts[r].wanted);
    if (seen)
      continue;
    rd_xml_open(&x, "w:font");
    rd_xml_attr(&x, "w:name", fonts[r].wanted);
    /* the free face riskdoc drew with, for an editor that lacks the office's font */
    if (fonts[r].substitute)
      rd_xml_val(&x, "w:altName", fonts[r].family);
    rd_xml_val(&x, "w:charset", r == RD_ROLE_LATIN ? "00" : "86");   /* 86: GB2312 */
    rd_xml_val(&x, "w:family", r == RD_ROLE_HEITI ? "modern" : "roman");
    rd_xml_val(&x, "w:pitch", "variable");
    rd_xml_close(&x);
  }
  rd_xml_close(&x);
  return rd_xml_end(&x);
}

GBytes *rd_docx_settings_part(void)
{
  rd_xml x;
  rd_xml_begin(&x);
  rd_xml_open(&x, "w:settings");
  rd_xml_attr(&x, "xmlns:w", RD_W_NS);
  rd_xml_val_int(&x, "w:defaultTabStop", RD_TW(RD_CHAR_CELL * 2));
  rd_xml_empty(&x, "w:evenAndOddHeaders", NULL);   /* page numbers right on odd, left on even */
  rd_xml_val(&x, "w:characterSpacingControl", "doNotCompress");   /* keep the grid's cells */
  rd_xml_open(&x, "w:compat");
  rd_xml_empty(&x, "w:compatSetting", "w:name", "compatibilityMode",
               "w:uri", "http://schemas.microsoft.com/office/word", "w:val", "15", NULL);
  rd_xml_close(&x);
  rd_xml_empty(&x, "w:themeFontLang", "w:val", "en-US", "w:eastAsia", "zh-CN", NULL);
  rd_xml_close(&x);
  return rd_xml_end(&x);
}

/* A run of text in the footer's style. */
static void folio_run(rd_xml *x, const char *text)
{
  rd_xml_open(x, "w:r");
  rd_xml_open(x, "w:t");
  xmlTextWriterWriteAttribute(x->w, BAD_CAST "xml:space", BAD_CAST "preserve");
  rd_xml_text(x, text);
  rd_xml_close(x);
  rd_xml_close(x);
}

/* A field (PAGE, NUMPAGES) with a placeholder result that the editor replaces. */
static void folio_field(rd_xml *x, const char *instr)
{
  rd_xml_open(x, "w:r");
  rd_xml_empty(x, "w:fldChar", "w:fldCharType", "begin", NULL);
  rd_xml_close(x);
  rd_xml_open(x, "w:r");
  rd_xml_open(x, "w:instrText");
  xmlTextWriterWriteAttribute(x->w, BAD_CAST "xml:space", BAD_CAST "preserve");
  rd_xml_text(x, instr);
  rd_xml_close(x);
  rd_xml_close(x);
  rd_xml_open(x, "w:r");
  rd_xml_empty(x, "w:fldChar", "w:fldCharType", "separate", NULL);
  rd_xml_close(x);
  folio_run(x, "1");
  rd_xml_open(x, "w:r");
  rd_xml_empty(x, "w:fldChar", "w:fldCharType", "end", NULL);
  rd_xml_close(x);
}

GBytes *rd_docx_footer_part(rd_typesetter *ts, const rd_document *doc, gboolean odd)
{
  (void)ts;
  rd_xml x;
  rd_xml_begin(&x);
  rd_xml_open(&x, "w:ftr");
  rd_xml_attr(&x, "xmlns:w", RD_W_NS);
  rd_xml_open(&x, "w:p");
  rd_xml_open(&x, "w:pPr");
  rd_xml_val(&x, "w:pStyle", styles[RD_ST_FOLIO].id);
  rd_xml_open(&x, "w:ind");
  /* 1 字 (of 4号) in from the outer edge */
  rd_xml_attr_int(&x, odd ? "w:right" : "w:left", RD_TW(RD_SIZE_4HAO));
  rd_xml_attr_int(&x, "w:firstLine", 0);
  rd_xml_close(&x);
  rd_xml_val(&x, "w:jc", odd ? "right" : "left");
  rd_xml_close(&x);
  if (!doc->folio) {
    folio_run(&x, "\xE2\x80\x94\xE2\x80\x82");   /* — and an en space, as the PDF prints */
    folio_field(&x, " PAGE ");
    folio_run(&x, "\xE2\x80\x82\xE2\x80\x94");
  } else {
    /* the document's 页码 pattern: N the page, M the page count */
    GString *lit = g_string_new(NULL);
    for (const char *p = doc->folio; *p; p++) {
      if (*p == ' ')
        g_string_append(lit, "\xE2\x80\x82");   /* an en space, as the PDF prints */
      else if (*p != 'N' && *p != 'M')
        g_string_append_c(lit, *p);
      if (*p != 'N' && *p != 'M')
        continue;
      if (lit->len)
        folio_run(&x, lit->str);
      g_string_truncate(lit, 0);
      folio_field(&x, *p == 'N' ? " PAGE " : " NUMPAGES ");
    }
    if (lit->len)
      folio_run(&x, lit->str);
    g_string_free(lit, TRUE);
  }
  rd_xml_close(&x);
  rd_xml_close(&x);
  return rd_xml_end(&x);
}
