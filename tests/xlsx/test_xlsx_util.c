/* test_xlsx_util.c — the XLSX helpers: display width, wrapping, numerals, sheet names, cell
 * text, page header. */
#include <string.h>
#include <glib/gstdio.h>
#include "xlsx/xlsx_internal.h"

static void test_width(void)
{
  g_assert_cmpint(rd_xlsx_display_width(""), ==, 0);
  g_assert_cmpint(rd_xlsx_display_width("abc"), ==, 3);
  g_assert_cmpint(rd_xlsx_display_width("综治中心"), ==, 8);
  g_assert_cmpint(rd_xlsx_display_width("（一）A"), ==, 7);      /* full-width brackets */
  g_assert_cmpint(rd_xlsx_display_width("“说法”"), ==, 8);       /* ambiguous: wide in CJK */
  g_assert_cmpint(rd_xlsx_display_width("ab\n综治中心\nx"), ==, 8); /* the widest line */
  g_assert_cmpint(rd_xlsx_wrapped_lines("", 10), ==, 1);
  g_assert_cmpint(rd_xlsx_wrapped_lines("综治中心", 8), ==, 1);
  g_assert_cmpint(rd_xlsx_wrapped_lines("综治中心综治中心", 10), ==, 2);
  g_assert_cmpint(rd_xlsx_wrapped_lines("a\nb\nc", 10), ==, 3);
  /* a capacity of 9 holds 4 Chinese characters, not 4.5: 9 characters need 3 lines */
  g_assert_cmpint(rd_xlsx_wrapped_lines("综治中心综治中心综", 9), ==, 3);
  g_assert_cmpint(rd_xlsx_wrapped_lines("ab综", 3), ==, 2);
  /* a closing mark never begins a line: 四 moves down with 。, and 七 to a third line */
  g_assert_cmpint(rd_xlsx_wrapped_lines("一二三四五六七", 8), ==, 2);
  g_assert_cmpint(rd_xlsx_wrapped_lines("一二三四。五六七", 8), ==, 3);
  g_assert_cmpint(rd_xlsx_wrapped_lines("一二三四。", 8), ==, 2);
  /* Short texts skip the measuring, but not their newlines; ASCII closing marks count too. */
  g_assert_cmpint(rd_xlsx_wrapped_lines("abcd", 4), ==, 1);
  g_assert_cmpint(rd_xlsx_wrapped_lines("ab\n", 4), ==, 2);
  g_assert_cmpint(rd_xlsx_wrapped_lines("abcd,", 4), ==, 2);
  g_assert_cmpint(rd_xlsx_wrapped_lines("一二三四】", 8), ==, 2);
  /* 14 Chinese characters of 11 pt: 28 × 7.33 px + 6 px inset = 211.33 px = 25.79 units of 8 px
   * (less the 5 px Excel adds) */
  g_assert_cmpfloat_with_epsilon(rd_xlsx_column_units(28, 11), 25.79, 0.01);
  g_assert_cmpfloat_with_epsilon(rd_xlsx_column_px(rd_xlsx_column_units(28, 11)), 211.33, 0.01);
}

static void test_numerals(void)
{
  char buf[16];
  g_assert_cmpstr(rd_xlsx_cn_numeral(1, buf), ==, "一");
  g_assert_cmpstr(rd_xlsx_cn_numeral(10, buf), ==, "十");
  g_assert_cmpstr(rd_xlsx_cn_numeral(11, buf), ==, "十一");
  g_assert_cmpstr(rd_xlsx_cn_numeral(20, buf), ==, "二十");
  g_assert_cmpstr(rd_xlsx_cn_numeral(24, buf), ==, "二十四");
  g_assert_cmpstr(rd_xlsx_cn_numeral(100, buf), ==, "100");
}

static glong utf16_units(const char *s)
{
  glong n = 0;
  gunichar2 *u = g_utf8_to_utf16(s, -1, NULL, &n, NULL);
  g_free(u);
  return n;
}

static void test_sheet_names(void)
{
  GHashTable *used = rd_xlsx_sheet_names_new();
  const char *cases[][2] = {
    { "汇总", "汇总" },
    { "汇总", "汇总(2)" },
    { "a[b]c:d*e?f/g\\h", "a［b］c：d＊e？f／g＼h" },
    { "'quoted'", "quoted" },
    { "History", "History(2)" },
    { "ABC", "ABC" },
    { "abc", "abc(2)" },
    { "", "未命名单位" },
    { "tab\there", "tabhere" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    char *name = rd_xlsx_sheet_name(used, cases[i][0]);
    g_assert_cmpstr(name, ==, cases[i][1]);
    g_free(name);
  }
  /* 40 characters: cut to 31; a second name equal in its first 31 gets a visible counter
   * within the 31 limit; a third gets (3). */
  const char *long_a = "全福街道办事处党政综合办公室暨平安建设工作领导小组办公室社会治安综合治理中心甲";
  const char *long_b = "全福街道办事处党政综合办公室暨平安建设工作领导小组办公室社会治安综合治理中心乙";
  char *a = rd_xlsx_sheet_name(used, long_a);
  char *b = rd_xlsx_sheet_name(used, long_b);
  char *c = rd_xlsx_sheet_name(used, long_b);
  g_assert_cmpint(utf16_units(a), ==, 31);
  g_assert_cmpint(utf16_units(b), ==, 31);
  g_assert_true(g_str_has_suffix(b, "(2)"));
  g_assert_true(g_str_has_suffix(c, "(3)"));
  g_assert_true(g_str_has_prefix(long_a, a));
  /* Characters outside the BMP count two units. */
  char *emoji = rd_xlsx_sheet_name(used, "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀");
  g_assert_cmpint(utf16_units(emoji), <=, 31);
  g_free(a);
  g_free(b);
  g_free(c);
  g_free(emoji);
  g_hash_table_destroy(used);
}

static void test_cell_text(void)
{
  char *scratch;
  const char *plain = "=1+1";
  g_assert_true(rd_xlsx_cell_text(plain, &scratch) == plain);  /* no copy when safe */
  const char *underscore = "a_b_x12_";  /* '_' not starting _xHHHH_ needs no copy */
  g_assert_true(rd_xlsx_cell_text(underscore, &scratch) == underscore);
  g_assert_null(scratch);
  g_assert_cmpstr(rd_xlsx_cell_text("a\x01" "b\tc\nd", &scratch), ==, "ab\tc\nd");
  g_free(scratch);
  g_assert_cmpstr(rd_xlsx_cell_text("_x0041_", &scratch), ==, "_x005F_x0041_");
  g_free(scratch);
  GString *big = g_string_new(NULL);
  for (int i = 0; i < 40000; i++)
    g_string_append(big, "字");
  const char *cut = rd_xlsx_cell_text(big->str, &scratch);
  g_assert_cmpint(g_utf8_strlen(cut, -1), ==, 32767);
  g_assert_true(g_str_has_suffix(cut, "…"));
  g_free(scratch);
  g_string_free(big, TRUE);
}

static void test_page_header(void)
{
  char *h = rd_xlsx_page_header("方正小标宋简体", "A&B");
  g_assert_cmpstr(h, ==, "&C&\"方正小标宋简体,Regular\"&12 A&&B");
  g_free(h);
  GString *longt = g_string_new(NULL);
  for (int i = 0; i < 300; i++)
    g_string_append(longt, "长");
  h = rd_xlsx_page_header("F", longt->str);
  g_assert_cmpint(g_utf8_strlen(h, -1), <=, 250);
  g_free(h);
  g_string_free(longt, TRUE);
}

static void test_serial(void)
{
  g_assert_cmpfloat(rd_xlsx_serial(rd_day_from_ymd(2024, 5, 20)), ==, 45432.0);
}

/* templates/xlsx.ini: the shipped file has every key; one missing key is an error naming the
 * file, the group and the key, not a blank sheet name. */
static void test_wording(void)
{
  GError *error = NULL;
  GHashTable *words = rd_xlsx_wording_load(RISKDOC_DATADIR, &error);
  g_assert_no_error(error);
  rd_xlsx_writer w = { .words = words };
  g_assert_cmpstr(rd_xlsx_word(&w, "sheets.list"), ==, "责任清单");
  g_assert_cmpstr(rd_xlsx_word(&w, "charts.units_series"), ==, "未化解");
  g_hash_table_destroy(words);

  char *dir = g_dir_make_tmp("riskdoc-wording-XXXXXX", &error);
  g_assert_no_error(error);
  char *templates = g_build_filename(dir, "templates", NULL);
  char *ini = g_build_filename(templates, "xlsx.ini", NULL);
  g_assert_cmpint(g_mkdir(templates, 0700), ==, 0);
  char *shipped = g_build_filename(RISKDOC_DATADIR, "templates", "xlsx.ini", NULL);
  char *text = NULL;
  g_assert_true(g_file_get_contents(shipped, &text, NULL, NULL));
  char *cut = strstr(text, "units_series=");
  g_assert_nonnull(cut);
  *cut = '\0';
  g_assert_true(g_file_set_contents(ini, text, -1, NULL));
  g_assert_null(rd_xlsx_wording_load(dir, &error));
  g_assert_nonnull(error);
  g_assert_nonnull(strstr(error->message, "xlsx.ini"));
  g_assert_nonnull(strstr(error->message, "[charts] 缺少 units_series"));
  g_clear_error(&error);
  g_remove(ini);
  g_assert_null(rd_xlsx_wording_load(dir, &error));   /* no file at all */
  g_assert_nonnull(error);
  g_clear_error(&error);
  g_rmdir(templates);
  g_rmdir(dir);
  g_free(text);
  g_free(shipped);
  g_free(ini);
  g_free(templates);
  g_free(dir);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/xlsx/width", test_width);
  g_test_add_func("/xlsx/numerals", test_numerals);
  g_test_add_func("/xlsx/sheet-names", test_sheet_names);
  g_test_add_func("/xlsx/cell-text", test_cell_text);
  g_test_add_func("/xlsx/page-header", test_page_header);
  g_test_add_func("/xlsx/serial", test_serial);
  g_test_add_func("/xlsx/wording", test_wording);
  return g_test_run();
}
