/* Any character in, no crash out (issue 9 item 4), at the level of the engine:
 * - the document model drops zero-width and bidirectional controls wherever text enters it
 *   (parser, rd_document_set_field, the office profile), and the document still renders;
 * - text that reaches the layout anyway (right-to-left scripts, overrides, isolates) is shaped
 *   into clusters in logical order that cover every byte, and draws without a Pango assertion;
 * - a title of hundreds or thousands of characters breaks into as many lines as it needs. */
#include <string.h>
#include <glib/gstdio.h>
#include "typeset/typeset.h"
#include "typeset/internal.h"

#define RLO "\xE2\x80\xAE"    /* U+202E RIGHT-TO-LEFT OVERRIDE */
#define ZWSP "\xE2\x80\x8B"   /* U+200B */
#define RLI "\xE2\x81\xA7"    /* U+2067 */
#define PDI "\xE2\x81\xA9"    /* U+2069 */
#define BOM "\xEF\xBB\xBF"

static rd_typesetter *typesetter(void)
{
  GError *error = NULL;
  rd_typesetter *ts = rd_typesetter_new(RISKDOC_DATADIR, NULL, &error);
  g_assert_no_error(error);
  return ts;
}

static gboolean has_invisible_control(const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if ((c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
        (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF)
      return TRUE;
  }
  return FALSE;
}

static void assert_clean_blocks(GPtrArray *blocks)
{
  for (guint i = 0; i < blocks->len; i++) {
    const rd_block *b = g_ptr_array_index(blocks, i);
    if (b->text)
      g_assert_false(has_invisible_control(b->text));
    if (b->caption)
      g_assert_false(has_invisible_control(b->caption));
    for (guint r = 0; b->rows && r < b->rows->len; r++)
      for (char **cell = g_ptr_array_index(b->rows, r); *cell; cell++)
        g_assert_false(has_invisible_control(*cell));
  }
}

static int render(rd_typesetter *ts, const rd_document *doc)
{
  char *dir = g_dir_make_tmp("rd-hostile-XXXXXX", NULL);
  char *path = g_build_filename(dir, "doc.pdf", NULL);
  GError *error = NULL;
  int pages = 0;
  gboolean ok = rd_typesetter_render_pdf(ts, doc, path, &pages, &error);
  g_assert_no_error(error);
  g_assert_true(ok);
  g_remove(path);
  g_rmdir(dir);
  g_free(path);
  g_free(dir);
  return pages;
}

static void test_model_drops_controls(void)
{
  const char *text =
    "---\n"
    "标题: 关于综治" RLO "中心" ZWSP "工作的通知\n"
    "成文日期: 2024-05-20\n"
    "抄送: 区委" RLI "政法委" PDI "\n"
    "印发" ZWSP "机关: 党政办\n"
    "---\n"
    "# 一级" RLO "标题\n"
    "正文" BOM "里有" RLO "反向" ZWSP "字符，转义的\\" RLO "也一样。\n"
    "@表" ZWSP "格 表" RLO "名\n"
    "| 社区 | 责任单位 |\n"
    "| 甲" RLO "社区 | 综治" RLO "中心 |\n";
  GError *error = NULL;
  rd_document *doc = rd_document_parse(text, -1, "hostile.txt", &error);
  g_assert_no_error(error);
  g_assert_cmpstr(rd_document_title(doc), ==, "关于综治中心工作的通知");
  g_assert_false(has_invisible_control(doc->cc));
  g_assert_cmpstr(doc->printer, ==, "党政办");   /* the key's ZWSP is dropped too */
  assert_clean_blocks(doc->body);
  g_assert_true(rd_document_set_field(doc, "主送", "各" RLO "社区", &error));
  g_assert_cmpstr(doc->main_recipients, ==, "各社区");
  rd_profile pr = { 0 };
  pr.issuer_mark = "全福" RLO "街道办事处文件";
  pr.signature = "全福" ZWSP "街道办事处";
  pr.doc_number_prefix = "全" RLO "办发";
  pr.doc_number_next = 7;
  pr.printer = "党政" RLO "办";
  pr.office_name = "全福" RLO "街道办事处";
  rd_document_apply_profile(doc, &pr);
  g_assert_cmpstr(g_ptr_array_index(doc->issuers, 0), ==, "全福街道办事处文件");
  g_assert_cmpstr(doc->signature, ==, "全福街道办事处");
  g_assert_cmpstr(doc->doc_number, ==, "全办发〔2024〕7号");
  g_assert_cmpstr(doc->printer, ==, "党政办");
  rd_typesetter *ts = typesetter();
  g_assert_cmpint(render(ts, doc), >=, 1);
  rd_typesetter_free(ts);
  rd_document_free(doc);
}

/* Clusters in logical order, each at least one byte, together every byte of the text. */
static void assert_clusters_cover(const rd_para *p)
{
  int at = 0;
  for (int i = 0; i < p->ncl; i++) {
    g_assert_cmpint(p->cl[i].start, ==, at);
    g_assert_cmpint(p->cl[i].end, >, p->cl[i].start);
    at = p->cl[i].end;
  }
  g_assert_cmpint(at, ==, p->len);
}

static void test_layout_takes_any_text(void)
{
  static const char *const texts[] = {
    "综治" RLO "中心的" RLO "反向文字",
    "阿拉伯文 العربية 与希伯来文 עברית 混排",
    "隔离" RLI "ערבית" PDI "之后",
    "组合字符 e\xCC\x81\xCC\x81 与 emoji \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9 以及 \xEF\xBF\xBD",
  };
  rd_typesetter *ts = typesetter();
  cairo_surface_t *surf = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create(surf);
  for (gsize t = 0; t < G_N_ELEMENTS(texts); t++) {
    /* straight to the layout, past the model's filter */
    rd_para *p = rd_para_simple(ts, texts[t], RD_ROLE_FANGSONG, RD_SIZE_3HAO, RD_CHAR_CELL);
    assert_clusters_cover(p);
    GArray *lines = rd_para_break(p, RD_BANXIN_W / 4, RD_BANXIN_W / 4, TRUE);
    g_assert_cmpuint(lines->len, >=, 1);
    for (guint l = 0; l < lines->len; l++)
      rd_para_draw_line(p, &g_array_index(lines, rd_line, l), cr, 0, 20.0 * (l + 1));
    g_array_free(lines, TRUE);
    rd_para_free(p);
  }
  g_assert_cmpint(cairo_status(cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy(cr);
  cairo_surface_destroy(surf);
  rd_typesetter_free(ts);
}

static void check_title(rd_typesetter *ts, int chars, guint min_lines)
{
  GString *s = g_string_new("关于");
  for (int i = 2; i < chars; i++)
    g_string_append(s, i % 7 ? "题" : "的");
  rd_para *p = rd_para_simple(ts, s->str, RD_ROLE_XIAOBIAOSONG, RD_SIZE_2HAO, RD_CHAR_CELL);
  GArray *lines = rd_para_break_balanced(p, RD_BANXIN_W);
  g_assert_cmpuint(lines->len, >=, min_lines);
  int at = 0;
  for (guint l = 0; l < lines->len; l++) {
    const rd_line *line = &g_array_index(lines, rd_line, l);
    g_assert_cmpint(line->c0, ==, at);
    g_assert_cmpfloat(line->width, <=, RD_BANXIN_W + 0.1);
    at = line->c1;
  }
  g_assert_cmpint(at, ==, p->ncl);
  g_array_free(lines, TRUE);
  rd_para_free(p);
  g_string_free(s, TRUE);
}

static void test_long_titles(void)
{
  rd_typesetter *ts = typesetter();
  check_title(ts, 201, 9);     /* overflowed int ends[8] */
  check_title(ts, 300, 14);     /* still balanced: at most a page of lines */
  check_title(ts, 100000, 4000); /* broken greedily: the search would want gigabytes */
  GString *doc_text = g_string_new("---\n标题: ");
  for (int i = 0; i < 201; i++)
    g_string_append(doc_text, "标");
  g_string_append(doc_text, "\n成文日期: 2024-05-20\n---\n正文。\n");
  GError *error = NULL;
  rd_document *doc = rd_document_parse(doc_text->str, -1, "long.txt", &error);
  g_assert_no_error(error);
  g_assert_cmpint(render(ts, doc), >=, 1);
  rd_document_free(doc);
  g_string_free(doc_text, TRUE);
  rd_typesetter_free(ts);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/hostile/model-drops-controls", test_model_drops_controls);
  g_test_add_func("/hostile/layout-takes-any-text", test_layout_takes_any_text);
  g_test_add_func("/hostile/long-titles", test_long_titles);
  return g_test_run();
}
