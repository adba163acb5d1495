/* Unit tests of the typesetting engine: the plain-text format's errors (with line and
 * column), the escaper round trip, the profile fill-in, fonts per role, the line breaker's
 * rules on the grid, and concurrent rendering with one typesetter per thread. */
#include <string.h>
#include <glib/gstdio.h>
#include "typeset/typeset.h"
#include "typeset/internal.h"
#include "typeset/layout.h"
#include "jobs/letterhead.h"

static void expect_error(const char *text, const char *where)
{
  GError *error = NULL;
  rd_document *doc = rd_document_parse(text, -1, "doc.txt", &error);
  g_assert_null(doc);
  g_assert_nonnull(error);
  if (!g_str_has_prefix(error->message, where))
    g_error("expected an error at %s, got: %s", where, error->message);
  g_error_free(error);
}

/* An office profile with every field the documents take from it. */
static rd_profile sample_profile(void)
{
  rd_profile pr = { 0 };
  pr.issuer_mark = "全福街道办事处文件";
  pr.signature = "全福街道办事处";
  pr.doc_number_prefix = "全办发";
  pr.doc_number_next = 7;
  pr.main_recipients = "各社区";
  pr.printer = "党政办";
  pr.cc_recipients = "区委政法委";
  pr.office_name = "全福街道办事处";
  pr.double_sided = FALSE;
  return pr;
}

static void test_parse_errors(void)
{
  expect_error("---\n标题: x\n", "doc.txt:1:1:");                   /* front matter not closed */
  expect_error("---\n标题 x\n---\n", "doc.txt:2:1:");                /* no colon */
  expect_error("---\n未知: x\n---\n", "doc.txt:2:1:");               /* unknown field */
  expect_error("---\n成文日期: 2024-13-01\n---\n", "doc.txt:2:7:");  /* bad date, at the value */
  expect_error("正文\n@未知 x\n", "doc.txt:2:1:");
  expect_error("正文{未闭合\n", "doc.txt:1:3:");
  expect_error("正文}\n", "doc.txt:1:3:");
  expect_error("##### 五级\n", "doc.txt:1:1:");
  expect_error("| a | b |\n| 1 | 2 | 3 |\n", "doc.txt:2:1:");
  expect_error("@图表 图\n| 类别 | 高 |\n| 甲 |\n", "doc.txt:3:1:");   /* a chart row spans nothing */
  expect_error("行尾反斜杠\\\n", "doc.txt:1:6:");
  expect_error("\xff\xfe\n", "doc.txt:1:1:");
  expect_error("---\n页码: 第页\n---\n", "doc.txt:2:5:");            /* a pattern without N */
  expect_error("---\n版面: 斜向\n---\n", "doc.txt:2:5:");
  expect_error("---\n版头: 也许\n---\n", "doc.txt:2:5:");
  expect_error("@表格 列宽=1:x 表\n| a | b |\n", "doc.txt:1:5:");
  expect_error("@表格 列宽=1:2\n| a | b | c |\n", "doc.txt:2:1:");  /* widths ≠ columns */
  expect_error("正文\n@签字栏\n", "doc.txt:2:");
}

/* 版头: 否, 版面, 封面, 页码, 列宽= and @签字栏 as the ledger and the 交办单 use them. */
static void test_plain_landscape_fields(void)
{
  GError *error = NULL;
  rd_document *doc = rd_document_parse("---\n版头: 否\n版面: 横向\n封面: 是\n页码: 第N页 共M页\n---\n"
                                       "@表格 字号=10.5 列宽=1:2.5:6 清单\n| 序号 | 编号 | 内容 |\n| 1 | A | 甲 |\n"
                                       "@签字栏 填报人　审核人  日期\n", -1, "p", &error);
  g_assert_no_error(error);
  g_assert_true(doc->plain && doc->landscape && doc->cover);
  g_assert_cmpstr(doc->folio, ==, "第N页 共M页");
  rd_block *table = g_ptr_array_index(doc->body, 0);
  g_assert_cmpint(table->kind, ==, RD_BLOCK_TABLE);
  g_assert_nonnull(table->widths);
  g_assert_cmpfloat(table->widths[1], ==, 2.5);
  g_assert_cmpfloat(table->font_size, ==, 10.5);
  g_assert_cmpstr(table->caption, ==, "清单");
  rd_block *sign = g_ptr_array_index(doc->body, 1);
  g_assert_cmpint(sign->kind, ==, RD_BLOCK_SIGNLINES);
  GStrv labels = g_ptr_array_index(sign->rows, 0);
  g_assert_cmpuint(g_strv_length(labels), ==, 3);   /* full-width and double spaces separate */
  g_assert_cmpstr(labels[1], ==, "审核人");
  /* a plain document takes nothing from the profile but the PDF's author */
  rd_profile pr = sample_profile();
  rd_document_apply_profile(doc, &pr);
  g_assert_cmpuint(doc->issuers->len, ==, 0);
  g_assert_null(doc->doc_number);
  g_assert_null(doc->main_recipients);
  g_assert_null(doc->signature);
  g_assert_null(doc->printer);
  g_assert_null(doc->cc);
  g_assert_cmpstr(doc->author, ==, "全福街道办事处");
  rd_document_free(doc);
  /* 页码: 无 and 标准 */
  doc = rd_document_parse("---\n页码: 无\n---\n正文\n", -1, "p", &error);
  g_assert_no_error(error);
  g_assert_cmpstr(doc->folio, ==, "");
  rd_document_free(doc);
  doc = rd_document_parse("---\n页码: 标准\n---\n正文\n", -1, "p", &error);
  g_assert_no_error(error);
  g_assert_null(doc->folio);
  rd_document_free(doc);
}

static void test_escape_roundtrip(void)
{
  const char *data = "# 标题 | 单元格 @附件 {名称} \\ 100% -1\n第二行";
  char *e = rd_document_escape_text(data);
  char *line = g_strdup_printf("| %s | b |\n%s\n", e, e);
  GError *error = NULL;
  rd_document *doc = rd_document_parse(line, -1, "esc", &error);
  g_assert_no_error(error);
  g_assert_cmpuint(doc->body->len, ==, 2);
  rd_block *table = g_ptr_array_index(doc->body, 0);
  g_assert_cmpint(table->kind, ==, RD_BLOCK_TABLE);
  GStrv row = g_ptr_array_index(table->rows, 0);
  g_assert_cmpstr(row[0], ==, "# 标题 | 单元格 @附件 {名称} \\ 100% -1 第二行");
  rd_block *para = g_ptr_array_index(doc->body, 1);
  g_assert_cmpint(para->kind, ==, RD_BLOCK_PARAGRAPH);
  g_assert_cmpstr(para->text, ==, "# 标题 | 单元格 @附件 {名称} \\ 100% -1 第二行");
  rd_document_free(doc);
  g_free(line);
  g_free(e);
  char *n = rd_document_escape_name("全福{街道}");
  g_assert_cmpstr(n, ==, "{全福\\{街道\\}}");
  g_free(n);
}

static void test_headings_numbered(void)
{
  GError *error = NULL;
  rd_document *doc = rd_document_parse("# 甲\n## 乙\n## 丙\n### 丁\n# 戊\n## 己\n#### 庚\n", -1, "h", &error);
  g_assert_no_error(error);
  const char *want[] = { "一、", "（一）", "（二）", "1.", "二、", "（一）", "（1）" };
  for (guint i = 0; i < G_N_ELEMENTS(want); i++)
    g_assert_cmpstr(((rd_block *)g_ptr_array_index(doc->body, i))->number, ==, want[i]);
  rd_document_free(doc);
}

/* Records (a row and the spanning lines under it), group headings inside a table and the
 * dense geometry (@表格 紧凑), as the archive ledger writes them. */
static void test_table_records(void)
{
  GError *error = NULL;
  rd_document *doc = rd_document_parse("# 前\n@表格 字号=10.5 紧凑 续=（接上页） 标题\n| 序号 | 编号 | 状态 |\n| 说明 |\n"
                                       "| # 甲社区（2条） |\n| 1 | A | 未 |\n| 具体情况：甲 |\n"
                                       "| 2 | B | 已 |\n| \\# 不是标题 |\n| ## 乙 |\n| 3 | C | 未 |\n"
                                       "@表格\n| x | y |\n| 1 | 2 |\n", -1, "t", &error);
  g_assert_no_error(error);
  rd_block *t = g_ptr_array_index(doc->body, 1);
  g_assert_cmpint(t->kind, ==, RD_BLOCK_TABLE);
  g_assert_true(t->dense);
  /* 续= gives the continued group heading's wording, up to the next space; the caption follows */
  g_assert_cmpstr(t->continued, ==, "（接上页）");
  g_assert_cmpstr(t->caption, ==, "标题");
  g_assert_cmpuint(t->rows->len, ==, 9);
  gboolean spans[] = { FALSE, TRUE, TRUE, FALSE, TRUE, FALSE, TRUE, TRUE, FALSE };
  int levels[] = { 0, 0, 1, 0, 0, 0, 0, 2, 0 };
  for (guint r = 0; r < G_N_ELEMENTS(spans); r++) {
    g_assert_cmpint(rd_table_row_spans(t, r), ==, spans[r]);
    g_assert_cmpint(rd_table_row_heading(t, r), ==, levels[r]);
  }
  /* numbered with the document's headings; an escaped mark is text */
  g_assert_cmpstr(((GStrv)g_ptr_array_index(t->rows, 2))[0], ==, "二、甲社区（2条）");
  g_assert_cmpstr(((GStrv)g_ptr_array_index(t->rows, 6))[0], ==, "# 不是标题");
  g_assert_cmpstr(((GStrv)g_ptr_array_index(t->rows, 7))[0], ==, "（一）乙");
  rd_table_geometry g = rd_table_geometry_of(t);
  g_assert_cmpfloat(g.pitch, ==, RD_TABLE_DENSE_LINE_PITCH);
  rd_block *plain = g_ptr_array_index(doc->body, 2);
  g_assert_false(plain->dense);   /* 紧凑 is the one table's */
  g_assert_null(plain->continued);  /* and so is 续= */
  g_assert_cmpfloat(rd_table_geometry_of(plain).pitch, ==, RD_TABLE_LINE_PITCH);
  rd_document_free(doc);
}

/* The line of each front-matter field, for the messages that name it. */
static void test_field_lines(void)
{
  GError *error = NULL;
  rd_document *doc = rd_document_parse("% 注\n---\n发文机关: 甲\n标题: 第一行\n发文机关标志: 乙\n"
                                       "签发人: 张三 李四\n标题: 第二行\n签发人: 王五\n---\n正文\n",
                                       -1, "f", &error);
  g_assert_no_error(error);
  g_assert_cmpint(rd_model_field_line(doc, "发文机关标志", 0), ==, 3);
  g_assert_cmpint(rd_model_field_line(doc, "发文机关", 1), ==, 5);   /* an alias */
  g_assert_cmpint(rd_model_field_line(doc, "标题", 1), ==, 7);
  g_assert_cmpint(rd_model_field_line(doc, "签发人", 0), ==, 8);     /* the last one wins */
  g_assert_cmpint(rd_model_field_line(doc, "署名", 0), ==, 0);
  g_assert_true(rd_document_set_field(doc, "签发人", "赵六", &error));
  g_assert_cmpint(rd_model_field_line(doc, "签发人", 0), ==, 0);     /* the program's value */
  rd_document_free(doc);
}

static void test_profile_fills(void)
{
  rd_profile pr = sample_profile();
  GError *error = NULL;
  rd_document *doc = rd_document_parse("---\n成文日期: 2024年5月20日\n署名: 文中署名\n---\n正文。\n", -1, "p", &error);
  g_assert_no_error(error);
  rd_document_apply_profile(doc, &pr);
  g_assert_cmpstr(doc->doc_number, ==, "全办发〔2024〕7号");
  g_assert_cmpstr(doc->signature, ==, "文中署名");   /* the document wins */
  g_assert_cmpstr(g_ptr_array_index(doc->issuers, 0), ==, "全福街道办事处文件");
  g_assert_cmpint(doc->double_sided, ==, 0);
  rd_document_free(doc);
}

static rd_typesetter *typesetter(void)
{
  GError *error = NULL;
  rd_typesetter *ts = rd_typesetter_new(RISKDOC_DATADIR, NULL, &error);
  g_assert_no_error(error);
  return ts;
}

static void test_fonts(void)
{
  rd_typesetter *ts = typesetter();
  const rd_font_choice *f = rd_typesetter_fonts(ts);
  for (int r = 0; r < RD_ROLE_COUNT; r++) {
    g_assert_nonnull(f[r].family);
    g_assert_true(g_file_test(f[r].file, G_FILE_TEST_EXISTS));
  }
  /* never a synthetic bold: the 小标宋 stand-in is a real Bold face or a Regular one */
  if (f[RD_ROLE_XIAOBIAOSONG].substitute)
    g_assert_true(strstr(f[RD_ROLE_XIAOBIAOSONG].file, "Bold") != NULL);
  char *report = rd_typesetter_font_report(ts);
  g_assert_nonnull(strstr(report, "仿宋"));
  g_free(report);
  rd_typesetter_free(ts);
}

static void test_breaker(void)
{
  rd_typesetter *ts = typesetter();
  /* 28 cells, then 。: the mark is pulled up by squeezing the commas, not pushed down */
  GString *s = g_string_new(NULL);
  for (int i = 0; i < 13; i++)
    g_string_append(s, "甲，");
  g_string_append(s, "甲乙。下一行");
  rd_para *p = rd_para_simple(ts, s->str, RD_ROLE_FANGSONG, RD_SIZE_3HAO, RD_CHAR_CELL);
  GArray *lines = rd_para_break(p, RD_BANXIN_W, RD_BANXIN_W, TRUE);
  g_assert_cmpuint(lines->len, ==, 2);
  rd_line *l0 = &g_array_index(lines, rd_line, 0);
  g_assert_cmpint(l0->c1, ==, 29);
  g_assert_cmpfloat_with_epsilon(l0->width, RD_BANXIN_W, 0.02);
  /* without marks to squeeze, the character before is pushed down */
  g_string_assign(s, "");
  for (int i = 0; i < 28; i++)
    g_string_append(s, "国");
  g_string_append(s, "。下一行");
  rd_para *q = rd_para_simple(ts, s->str, RD_ROLE_FANGSONG, RD_SIZE_3HAO, RD_CHAR_CELL);
  GArray *ql = rd_para_break(q, RD_BANXIN_W, RD_BANXIN_W, TRUE);
  g_assert_cmpint(g_array_index(ql, rd_line, 0).c1, ==, 27);
  g_assert_cmpfloat_with_epsilon(g_array_index(ql, rd_line, 0).width, RD_BANXIN_W, 0.02);
  g_array_free(ql, TRUE);
  rd_para_free(q);
  g_array_free(lines, TRUE);
  rd_para_free(p);
  /* a URL at a line end breaks after / . ? & = _ -, never inside a word, and the line
   * before it tracks less than 0.1 字 a gap */
  g_string_assign(s, "");
  for (int i = 0; i < 22; i++)
    g_string_append(s, "国");
  g_string_append(s, "https://www.example.gov.cn/fxyh/notice?id=2024，下一行");
  rd_para *u = rd_para_simple(ts, s->str, RD_ROLE_FANGSONG, RD_SIZE_3HAO, RD_CHAR_CELL);
  GArray *ul = rd_para_break(u, RD_BANXIN_W, RD_BANXIN_W, TRUE);
  g_assert_cmpuint(ul->len, ==, 2);
  rd_line *u0 = &g_array_index(ul, rd_line, 0);
  g_assert_true(strchr("/.?&=_-", u->text[u->cl[u0->c1 - 1].start]) != NULL);
  for (int i = u0->c0; i + 1 < u0->c1; i++)
    g_assert_cmpfloat(u->cl[i].adv - u->cl[i].natural, <=, 0.1 * RD_SIZE_3HAO + 0.01);
  g_array_free(ul, TRUE);
  rd_para_free(u);
  /* stray ASCII spaces in Chinese text go; spaces between Latin words stay */
  char *c = rd_text_clean("中 文 text  here 中文, 句(括号)", NULL);
  g_assert_cmpstr(c, ==, "中文text here中文，句（括号）");
  g_free(c);
  g_string_free(s, TRUE);
  rd_typesetter_free(ts);
}

typedef struct job {
  const char *text;
  char *path;
  int pages;
  gboolean ok;
} job;

static gpointer render_thread(gpointer data)
{
  job *j = data;
  rd_typesetter *ts = rd_typesetter_new(RISKDOC_DATADIR, NULL, NULL);
  rd_document *doc = rd_document_parse(j->text, -1, "t", NULL);
  j->ok = ts && doc && rd_typesetter_render_pdf(ts, doc, j->path, &j->pages, NULL) &&
          *rd_typesetter_missing_chars(ts) == 0;
  rd_document_free(doc);
  rd_typesetter_free(ts);
  return NULL;
}

static void test_threads(void)
{
  char *dir = g_dir_make_tmp("typeset-XXXXXX", NULL);
  GString *text = g_string_new("---\n标题: 关于{全福街道}交办风险隐患的通知\n主送: 综治中心\n成文日期: 2024-05-20\n"
                               "署名: 全福街道办事处\n印发机关: 党政办\n---\n");
  for (int i = 0; i < 40; i++)
    g_string_append(text, "请于五个工作日内完成核查，逐条落实化解措施，并将结果报送街道综治中心。\n");
  job jobs[4];
  GThread *threads[4];
  for (int i = 0; i < 4; i++) {
    jobs[i] = (job){ text->str, g_strdup_printf("%s/%d.pdf", dir, i), 0, FALSE };
    threads[i] = g_thread_new("render", render_thread, &jobs[i]);
  }
  char *first = NULL;
  gsize first_len = 0;
  for (int i = 0; i < 4; i++) {
    g_thread_join(threads[i]);
    g_assert_true(jobs[i].ok);
    g_assert_cmpint(jobs[i].pages, ==, 4);   /* 3 pages of text, 版记 on the even page 4 */
    char *bytes;
    gsize len;
    g_assert_true(g_file_get_contents(jobs[i].path, &bytes, &len, NULL));
    if (!first) {
      first = bytes;
      first_len = len;
    } else {
      g_assert_true(len == first_len && memcmp(bytes, first, len) == 0);
      g_free(bytes);
    }
    g_unlink(jobs[i].path);
    g_free(jobs[i].path);
  }
  g_free(first);
  g_rmdir(dir);
  g_free(dir);
  g_string_free(text, TRUE);
}

/* A counting pass keeps its pages as glyph runs and draws them afterwards; past its budget
 * it lets them go, or keeps none when the text promises more, and lays the document out
 * again to draw. All give the same bytes. */
static void test_kept_pages(void)
{
  char *dir = g_dir_make_tmp("typeset-XXXXXX", NULL);
  GString *text = g_string_new("---\n标题: 关于{全福街道}交办风险隐患的通知\n主送: 综治中心\n"
                               "成文日期: 2024-05-20\n页码: 第N页 共M页\n---\n");
  for (int i = 0; i < 30; i++)
    g_string_append_printf(text, "第%d条：请于五个工作日内完成核查，逐条落实化解措施（Grid-%d）。\n", i, i);
  g_string_append(text, "@表格 字号=12 交办清单\n| 序号 | 单位 | 事项 |\n");
  for (int i = 0; i < 120; i++)
    g_string_append_printf(text, "| %d | A综B治C中D心 | 核X查Y第%d项Z隐W患 |\n", i + 1, i);
  rd_typesetter *ts = rd_typesetter_new(RISKDOC_DATADIR, NULL, NULL);
  rd_document *doc = rd_document_parse(text->str, -1, "t", NULL);
  g_assert_nonnull(ts);
  g_assert_nonnull(doc);
  char *bytes[3];
  gsize len[3];
  int pages[3];
  /* the budget; none (keeps nothing); what its text promises (18 bytes of runs a byte of
   * text, pdf.c), less than the short cells of its table take: lets go on the way */
  gsize budgets[3] = { rd_keep_bytes(), 1, doc->text_bytes * 18 };
  for (int i = 0; i < 3; i++) {
    ts->keep_bytes = budgets[i];
    char *path = g_strdup_printf("%s/%d.pdf", dir, i);
    g_assert_true(rd_typesetter_render_pdf(ts, doc, path, &pages[i], NULL));
    g_assert_true(g_file_get_contents(path, &bytes[i], &len[i], NULL));
    g_unlink(path);
    g_free(path);
  }
  g_assert_cmpint(pages[0], >, 3);
  for (int i = 1; i < 3; i++) {
    g_assert_cmpint(pages[0], ==, pages[i]);
    g_assert_true(len[0] == len[i] && memcmp(bytes[0], bytes[i], len[0]) == 0);
    g_free(bytes[i]);
  }
  g_free(bytes[0]);
  rd_document_free(doc);
  rd_typesetter_free(ts);
  g_rmdir(dir);
  g_free(dir);
  g_string_free(text, TRUE);
}

static gboolean same_place(rd_banji_place a, rd_banji_place b)
{
  return a.breaks == b.breaks && a.lines == b.lines;
}

/* The DOCX takes its 版记's place from the PDF's layout through a slot (documents.c) instead of
 * laying the document out again: what the slot holds is used for its document only, a PDF
 * render fills it, and a slot closed empty never blocks (the DOCX then lays out itself). */
static void test_banji_slot(void)
{
  char *text = NULL;
  g_assert_true(g_file_get_contents(RISKDOC_DATADIR "/templates/examples/001-issued-notice.txt",
                                    &text, NULL, NULL));
  rd_document *doc = rd_document_parse(text, -1, "001", NULL);
  rd_document *other = rd_document_parse(text, -1, "001", NULL);
  g_assert_nonnull(doc);
  g_assert_nonnull(other);
  rd_typesetter *ts = typesetter();
  rd_banji_place own, got, fake = { 7, 9 };
  g_assert_true(rd_banji_place_of(ts, doc, &own, NULL));
  g_assert_cmpint(own.lines, >, 0);

  rd_banji_slot *slot = rd_banji_slot_new();
  rd_typesetter_set_banji_slot(ts, slot);
  rd_banji_publish(ts, doc, &fake);
  g_assert_true(rd_banji_place_known(ts, doc, &got, NULL) && same_place(got, fake));
  g_assert_true(rd_banji_place_known(ts, other, &got, NULL) && same_place(got, own));
  rd_banji_slot_free(slot);

  slot = rd_banji_slot_new();   /* closed empty: laid out, not waited for */
  rd_typesetter_set_banji_slot(ts, slot);
  rd_banji_slot_close(slot);
  g_assert_true(rd_banji_place_known(ts, doc, &got, NULL) && same_place(got, own));
  rd_banji_slot_free(slot);

  slot = rd_banji_slot_new();   /* the PDF publishes first; later news is ignored */
  rd_typesetter_set_banji_slot(ts, slot);
  char *dir = g_dir_make_tmp("typeset-XXXXXX", NULL);
  char *path = g_build_filename(dir, "001.pdf", NULL);
  g_assert_true(rd_typesetter_render_pdf(ts, doc, path, NULL, NULL));
  rd_banji_publish(ts, doc, &fake);
  g_assert_true(rd_banji_place_known(ts, doc, &got, NULL) && same_place(got, own));
  rd_typesetter_set_banji_slot(ts, NULL);
  rd_banji_slot_free(slot);
  g_unlink(path);
  g_rmdir(dir);
  g_free(path);
  g_free(dir);
  rd_typesetter_free(ts);
  rd_document_free(other);
  rd_document_free(doc);
  g_free(text);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/typeset/parse-errors", test_parse_errors);
  g_test_add_func("/typeset/escape-roundtrip", test_escape_roundtrip);
  g_test_add_func("/typeset/headings-numbered", test_headings_numbered);
  g_test_add_func("/typeset/profile-fills", test_profile_fills);
  g_test_add_func("/typeset/table-records", test_table_records);
  g_test_add_func("/typeset/field-lines", test_field_lines);
  g_test_add_func("/typeset/plain-landscape-fields", test_plain_landscape_fields);
  g_test_add_func("/typeset/fonts", test_fonts);
  g_test_add_func("/typeset/breaker", test_breaker);
  g_test_add_func("/typeset/threads", test_threads);
  g_test_add_func("/typeset/kept-pages", test_kept_pages);
  g_test_add_func("/typeset/banji-slot", test_banji_slot);
  return g_test_run();
}
