/* Unit tests of the normalisers: folding, dates, levels, statuses, units, categories, aliases. */
#include <string.h>
#include <glib/gstdio.h>
#include "columns.h"
#include "normalise.h"
#include "profile.h"
#include "taxonomy.h"

static char *datadir(void)
{
  const char *dir = g_getenv("RISKDOC_SOURCE_DIR");
  return g_strdup(dir ? dir : RISKDOC_DATADIR);
}

static void assert_date(const char *text, int y, int m, int d)
{
  rd_day day = rd_parse_date(text);
  if (y == 0) {
    if (day != 0) {
      char iso[11];
      g_error("“%s” should not parse, got %s", text, rd_day_format_iso(day, iso));
    }
    return;
  }
  char got[11], want[11];
  rd_day_format_iso(day, got);
  rd_day_format_iso(rd_day_from_ymd(y, m, d), want);
  if (strcmp(got, want) != 0)
    g_error("“%s”: expected %s, got “%s”", text, want, got);
}

static void test_dates(void)
{
  assert_date("2024-05-20", 2024, 5, 20);
  assert_date("2024/5/20", 2024, 5, 20);
  assert_date("2024.5.20", 2024, 5, 20);
  assert_date("2024年5月20日", 2024, 5, 20);
  assert_date("2024年05月20日", 2024, 5, 20);
  assert_date("２０２４年５月２０日", 2024, 5, 20);
  assert_date("20240520", 2024, 5, 20);
  assert_date("2024-05-20 14:30:00", 2024, 5, 20);
  assert_date("2024-05-20T14:30", 2024, 5, 20);
  assert_date("2024/5/20 9:05", 2024, 5, 20);
  assert_date(" 2024-05-20　", 2024, 5, 20);
  assert_date("45432", 2024, 5, 20);
  assert_date("45432.75", 2024, 5, 20);
  assert_date("2024-02-29", 2024, 2, 29);
  /* not dates */
  assert_date("", 0, 0, 0);
  assert_date("2024-13-45", 0, 0, 0);
  assert_date("2024/2/30", 0, 0, 0);
  assert_date("2023-02-29", 0, 0, 0);
  assert_date("2023.11.31", 0, 0, 0);
  assert_date("2024-05/20", 0, 0, 0);
  assert_date("2024", 0, 0, 0);
  assert_date("202405", 0, 0, 0);
  assert_date("2024-05-20 25:00", 0, 0, 0);
  assert_date("2024-05-20abc", 0, 0, 0);
  assert_date("五月二十日", 0, 0, 0);
  assert_date("-45432", 0, 0, 0);
  assert_date("00060", 0, 0, 0);
}

static void test_excel_serials(void)
{
  /* 1900 system: serial 1 = 1900-01-01, 59 = 1900-02-28, 60 is Excel's phantom 29 February,
   * 61 = 1900-03-01. Only five-digit serials are taken as dates. */
  assert_date("10000", 1927, 5, 18);
  assert_date("36526", 2000, 1, 1);
  assert_date("45292", 2024, 1, 1);
  assert_date("99999", 2173, 10, 13);
}

static void test_fold_and_trim(void)
{
  char *f = rd_fold(" 村（社区）\t");
  g_assert_cmpstr(f, ==, "村(社区)");
  g_free(f);
  f = rd_fold("ＡＢ１２　风险");
  g_assert_cmpstr(f, ==, "AB12风险");
  g_free(f);
  char buf[64] = "\xE3\x80\x80 编号 \t\xC2\xA0";
  g_assert_cmpstr(rd_trim(buf), ==, "编号");
  g_assert_true(rd_is_blank(" \t\xE3\x80\x80"));
  g_assert_false(rd_is_blank(" x "));
}

static void test_levels(void)
{
  rd_valuemap *levels = rd_valuemap_default_levels();
  static const struct { const char *text; int level; } cases[] = {
    { "高", RD_LEVEL_HIGH }, { "红", RD_LEVEL_HIGH }, { "红色", RD_LEVEL_HIGH },
    { "橙色", RD_LEVEL_HIGH }, { "重大", RD_LEVEL_HIGH }, { "一级", RD_LEVEL_HIGH },
    { "高风险", RD_LEVEL_HIGH }, { " 高 ", RD_LEVEL_HIGH },
    { "中", RD_LEVEL_MEDIUM }, { "黄色", RD_LEVEL_MEDIUM }, { "较大", RD_LEVEL_MEDIUM },
    { "二级", RD_LEVEL_MEDIUM },
    { "低", RD_LEVEL_LOW }, { "蓝", RD_LEVEL_LOW }, { "绿色", RD_LEVEL_LOW },
    { "一般", RD_LEVEL_LOW }, { "三级", RD_LEVEL_LOW }, { "低风险", RD_LEVEL_LOW },
    { "特高", -1 }, { "", -1 }, { "色", -1 }, { "紫色", -1 },
  };
  for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
    if (rd_valuemap_lookup(levels, cases[i].text) != cases[i].level)
      g_error("level “%s”: expected %d, got %d", cases[i].text, cases[i].level,
              rd_valuemap_lookup(levels, cases[i].text));
  char *accepted = rd_valuemap_accepted(levels);
  g_assert_nonnull(strstr(accepted, "高、红、橙"));
  g_free(accepted);
  rd_valuemap_free(levels);
}

static void test_statuses(void)
{
  rd_valuemap *statuses = rd_valuemap_default_statuses();
  g_assert_cmpint(rd_valuemap_lookup(statuses, "未化解"), ==, RD_STATUS_OPEN);
  g_assert_cmpint(rd_valuemap_lookup(statuses, "稳控中"), ==, RD_STATUS_IN_PROGRESS);
  g_assert_cmpint(rd_valuemap_lookup(statuses, "化解中"), ==, RD_STATUS_IN_PROGRESS);
  g_assert_cmpint(rd_valuemap_lookup(statuses, "已化解"), ==, RD_STATUS_RESOLVED);
  g_assert_cmpint(rd_valuemap_lookup(statuses, "已销号"), ==, RD_STATUS_CLOSED);
  /* no suffix stripping for statuses */
  g_assert_cmpint(rd_valuemap_lookup(statuses, "已化解风险"), ==, -1);
  g_assert_cmpint(rd_valuemap_lookup(statuses, "进行中"), ==, -1);
  rd_valuemap_free(statuses);
}

static void test_profile_maps(void)
{
  char *dir = datadir();
  char *path = g_build_filename(dir, "templates", "office.example.ini", NULL);
  GError *error = NULL;
  rd_profile *p = rd_profile_load(path, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(p->office_name, ==, "济南市历城区人民政府全福街道办事处");
  g_assert_cmpstr(p->doc_number_prefix, ==, "济历城全办发");
  g_assert_cmpint(rd_valuemap_lookup(p->statuses, "已办结"), ==, RD_STATUS_RESOLVED);
  g_assert_cmpint(rd_valuemap_lookup(p->levels, "橙色风险"), ==, RD_LEVEL_HIGH);
  g_assert_cmpint(p->scoring.weight[RD_LEVEL_HIGH], ==, 5);
  g_assert_cmpint(p->scoring.overdue_weight, ==, 2);
  g_assert_true(p->double_sided);
  rd_profile_free(p);

  /* a bad value names the file and key */
  char *bad = g_build_filename(g_get_tmp_dir(), "riskdoc-bad-profile.ini", NULL);
  g_file_set_contents(bad, "[scoring]\nhigh=lots\n", -1, NULL);
  p = rd_profile_load(bad, &error);
  g_assert_null(p);
  g_assert_nonnull(strstr(error->message, "high"));
  g_assert_nonnull(strstr(error->message, bad));
  g_clear_error(&error);
  g_file_set_contents(bad, "[levels]\n特高=特高\n", -1, NULL);
  p = rd_profile_load(bad, &error);
  g_assert_null(p);
  g_assert_nonnull(strstr(error->message, "特高"));
  g_clear_error(&error);
  g_unlink(bad);
  g_free(bad);
  g_free(path);
  g_free(dir);
}

static void assert_units(const char *text, const char *const *want)
{
  char **got = rd_split_units(text);
  char *joined = g_strjoinv("|", got);
  char *expected = g_strjoinv("|", (char **)want);
  if (strcmp(joined, expected) != 0)
    g_error("units of “%s”: expected %s, got %s", text, expected, joined);
  g_free(joined);
  g_free(expected);
  g_strfreev(got);
}

static void test_units(void)
{
  assert_units("综治中心、赤城派出所", (const char *const[]){ "综治中心", "赤城派出所", NULL });
  assert_units("综治中心，派出所,司法所；应急办;信访办/城管", (const char *const[]){
    "综治中心", "派出所", "司法所", "应急办", "信访办", "城管", NULL });
  assert_units(" 综治中心 、、综治中心／派出所 ", (const char *const[]){ "综治中心", "派出所", NULL });
  assert_units("", (const char *const[]){ NULL });
}

static void test_categories(void)
{
  char *dir = datadir();
  GError *error = NULL;
  rd_taxonomy *tx = rd_taxonomy_load(dir, "seven-classes", &error);
  g_assert_no_error(error);
  g_assert_cmpint(tx->n_categories, ==, 7);
  g_assert_cmpstr(tx->categories[0].name, ==, "政治安全");
  g_assert_cmpstr(tx->categories[6].name, ==, "恶性案件");
  g_assert_cmpint(rd_taxonomy_match(tx, "政治安全"), ==, 0);
  g_assert_cmpint(rd_taxonomy_match(tx, "政治安全风险"), ==, 0);
  g_assert_cmpint(rd_taxonomy_match(tx, " 社会矛盾风险隐患　"), ==, 3);
  g_assert_cmpint(rd_taxonomy_match(tx, "矛盾纠纷"), ==, 3);
  g_assert_cmpint(rd_taxonomy_match(tx, "外星入侵"), ==, -1);
  g_assert_cmpint(rd_taxonomy_match(tx, "风险"), ==, -1);
  rd_taxonomy_free(tx);

  tx = rd_taxonomy_load(dir, "eight-domains", &error);
  g_assert_no_error(error);
  g_assert_cmpint(tx->n_categories, ==, 8);
  int dimensions = 0;
  for (int i = 0; i < tx->n_categories; i++)
    dimensions += (int)g_strv_length(tx->categories[i].dimensions);
  g_assert_cmpint(dimensions, ==, 24);
  rd_taxonomy_free(tx);

  tx = rd_taxonomy_load(dir, "event-four", &error);
  g_assert_no_error(error);
  g_assert_cmpint(tx->n_categories, ==, 4);
  g_assert_cmpint(rd_taxonomy_match(tx, "信访上行风险"), ==, 2);
  rd_taxonomy_free(tx);

  tx = rd_taxonomy_load(dir, "five-risks", &error);
  g_assert_no_error(error);
  g_assert_cmpint(tx->n_categories, ==, 5);
  rd_taxonomy_free(tx);

  g_assert_null(rd_taxonomy_load(dir, "no-such-taxonomy", &error));
  g_assert_nonnull(strstr(error->message, "no-such-taxonomy"));
  g_clear_error(&error);
  g_free(dir);
}

static void test_header_aliases(void)
{
  char *dir = datadir();
  GError *error = NULL;
  rd_columns *c = rd_columns_load(dir, &error);
  g_assert_no_error(error);
  g_assert_cmpint(rd_columns_match(c, "编号"), ==, RD_FIELD_ID);
  g_assert_cmpint(rd_columns_match(c, " 登记卡编号\t"), ==, RD_FIELD_ID);
  g_assert_cmpint(rd_columns_match(c, "村(社区)"), ==, RD_FIELD_COMMUNITY);
  g_assert_cmpint(rd_columns_match(c, "村（社区）"), ==, RD_FIELD_COMMUNITY);
  g_assert_cmpint(rd_columns_match(c, "预警 级别"), ==, RD_FIELD_LEVEL);
  g_assert_cmpint(rd_columns_match(c, "稳控责任单位"), ==, RD_FIELD_UNITS);
  g_assert_cmpint(rd_columns_match(c, "协办单位"), ==, RD_FIELD_SUPPORT_UNITS);
  g_assert_cmpint(rd_columns_match(c, "建卡时间"), ==, RD_FIELD_FOUND);
  g_assert_cmpint(rd_columns_match(c, "销号情况"), ==, RD_FIELD_STATUS);
  g_assert_cmpint(rd_columns_match(c, "办结日期"), ==, RD_FIELD_CLOSED);
  g_assert_cmpint(rd_columns_match(c, "身高"), ==, -1);
  g_assert_true(c->required[RD_FIELD_LEVEL]);
  g_assert_false(c->required[RD_FIELD_NOTE]);
  rd_columns_free(c);
  g_free(dir);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/normalise/dates", test_dates);
  g_test_add_func("/normalise/excel-serials", test_excel_serials);
  g_test_add_func("/normalise/fold-trim", test_fold_and_trim);
  g_test_add_func("/normalise/levels", test_levels);
  g_test_add_func("/normalise/statuses", test_statuses);
  g_test_add_func("/normalise/profile-maps", test_profile_maps);
  g_test_add_func("/normalise/units", test_units);
  g_test_add_func("/normalise/categories", test_categories);
  g_test_add_func("/normalise/header-aliases", test_header_aliases);
  return g_test_run();
}
