/* Unit tests of the reader (rd_ingest_buffer) and of the aggregates on small hand-made input. */
#include <stdio.h>
#include <string.h>
#include "aggregate.h"
#include "ingest.h"
#include "ingest_internal.h"
#include "rejects.h"

typedef struct {
  rd_columns *columns;
  rd_taxonomy *taxonomy;
  rd_valuemap *levels, *statuses;
  rd_ingest_config cfg;
  rd_dataset *ds;
} fixture;

static void fixture_setup(fixture *f, gconstpointer data)
{
  (void)data;
  const char *dir = g_getenv("RISKDOC_SOURCE_DIR");
  GError *error = NULL;
  f->columns = rd_columns_load(dir ? dir : RISKDOC_DATADIR, &error);
  g_assert_no_error(error);
  f->taxonomy = rd_taxonomy_load(dir ? dir : RISKDOC_DATADIR, "seven-classes", &error);
  g_assert_no_error(error);
  f->levels = rd_valuemap_default_levels();
  f->statuses = rd_valuemap_default_statuses();
  f->cfg = (rd_ingest_config){ f->columns, f->taxonomy, f->levels, f->statuses, NULL };
  f->ds = rd_dataset_new();
}

static void fixture_teardown(fixture *f, gconstpointer data)
{
  (void)data;
  rd_dataset_free(f->ds);
  rd_columns_free(f->columns);
  rd_taxonomy_free(f->taxonomy);
  rd_valuemap_free(f->levels);
  rd_valuemap_free(f->statuses);
}

static gboolean ingest(fixture *f, const char *name, const char *text, gssize length)
{
  GError *error = NULL;
  gboolean ok = rd_ingest_buffer(f->ds, &f->cfg, name, text,
                                 length < 0 ? strlen(text) : (gsize)length, &error);
  g_clear_error(&error);
  GError *balance = NULL;
  g_assert_true(rd_dataset_check_balance(f->ds, &balance));
  return ok;
}

static const rd_record *record(fixture *f, guint i)
{
  g_assert_cmpuint(i, <, f->ds->records->len);
  return g_ptr_array_index(f->ds->records, i);
}

static const rd_reject *reject(fixture *f, guint i)
{
  g_assert_cmpuint(i, <, f->ds->rejects->len);
  return g_ptr_array_index(f->ds->rejects, i);
}

#define HEADER "编号,社区,风险类别,风险隐患,具体情况,风险等级,责任单位,配合单位,排查日期,完成时限,化解状态,销号日期,备注\n"

static void test_basic_and_units(fixture *f, gconstpointer data)
{
  (void)data;
  g_assert_true(ingest(f, "a.csv",
    HEADER
    "1,华信路社区,政治安全风险,邪教人员滋扰,情况,红色,综治中心、派出所,司法所；派出所,2024-05-02,2024-05-10,未化解,,=1+1\n"
    "2,华信路社区,社会矛盾,欠薪,,中,劳动保障中心,,2024/5/3,,已销号,2024.5.20,\n", -1));
  g_assert_cmpint(f->ds->read, ==, 2);
  g_assert_cmpint(f->ds->used, ==, 2);
  const rd_record *r = record(f, 0);
  g_assert_cmpint(r->line, ==, 2);
  g_assert_cmpstr(r->community, ==, "华信路社区");
  g_assert_cmpint(r->category, ==, 0);
  g_assert_cmpint(r->level, ==, RD_LEVEL_HIGH);
  g_assert_cmpstr(r->level_text, ==, "红色");
  g_assert_cmpstr(r->lead_unit, ==, "综治中心");
  g_assert_cmpint(r->n_support_units, ==, 2);
  g_assert_cmpstr(r->support_units[0], ==, "派出所");
  g_assert_cmpstr(r->support_units[1], ==, "司法所");
  g_assert_null(r->support_units[2]);
  g_assert_cmpstr(r->note, ==, "=1+1");
  g_assert_cmpuint(r->deadline, ==, rd_day_from_ymd(2024, 5, 10));
  r = record(f, 1);
  g_assert_cmpint(r->status, ==, RD_STATUS_CLOSED);
  g_assert_true(rd_record_is_resolved(r));
  g_assert_cmpuint(r->closed, ==, rd_day_from_ymd(2024, 5, 20));
  g_assert_cmpstr(g_array_index(f->ds->inputs, rd_input, 0).encoding, ==, "UTF-8");
}

static void test_title_footer_blank_crlf(fixture *f, gconstpointer data)
{
  (void)data;
  g_assert_true(ingest(f, "dir/东泉社区.csv",
    "\xEF\xBB\xBF东泉社区风险隐患台账（2024年5月）,,,,,,\r\n"
    " 登记卡编号 ,风险类型,风险名称,预警级别,责任部门,发现日期,化解情况\r\n"
    "D1,治安隐患,\"群租房\r\n消防隐患\",黄,派出所,45432,稳控中\r\n"
    ",,,,,,\r\n"
    "\r\n"
    "D2,网络安全,舆情,\"蓝\",网信办,20240520,已化解\r\n"
    "填报人：张三,,,负责人：李四,,填报日期：2024年5月31日,\r\n", -1));
  g_assert_cmpint(f->ds->read, ==, 2);
  g_assert_cmpint(f->ds->used, ==, 2);
  g_assert_cmpstr(g_array_index(f->ds->inputs, rd_input, 0).encoding, ==, "UTF-8-BOM");
  const rd_record *r = record(f, 0);
  g_assert_cmpint(r->line, ==, 3);
  g_assert_cmpstr(r->title, ==, "群租房\r\n消防隐患");
  g_assert_cmpstr(r->community, ==, "东泉社区");   /* from the file name */
  g_assert_cmpint(r->status, ==, RD_STATUS_IN_PROGRESS);
  g_assert_cmpuint(r->found, ==, rd_day_from_ymd(2024, 5, 20));
  g_assert_cmpint(record(f, 1)->line, ==, 7);   /* the quoted newline counts as a line */
}

static void test_gb18030(fixture *f, gconstpointer data)
{
  (void)data;
  const char *utf8 = HEADER "G1,邢村社区,重点人员,吸毒人员,,一级,综治中心,,2024年5月1日,,未化解,,\r\n";
  gsize n = 0;
  char *gbk = g_convert(utf8, -1, "GB18030", "UTF-8", NULL, &n, NULL);
  g_assert_nonnull(gbk);
  g_assert_true(ingest(f, "g.csv", gbk, (gssize)n));
  g_assert_cmpstr(g_array_index(f->ds->inputs, rd_input, 0).encoding, ==, "GB18030");
  g_assert_cmpstr(record(f, 0)->community, ==, "邢村社区");
  g_assert_cmpint(record(f, 0)->category, ==, 2);
  /* cut inside the last two-byte character: a truncated file, named with its offset */
  gsize cut = n - 3;
  while (cut > 0 && (guchar)gbk[cut - 1] < 0x80)
    cut--;
  GError *error = NULL;
  rd_dataset *ds2 = rd_dataset_new();
  g_assert_false(rd_ingest_buffer(ds2, &f->cfg, "t.csv", gbk, cut - 1, &error));
  g_assert_nonnull(strstr(error->message, "t.csv:2:"));
  g_assert_nonnull(strstr(error->message, "截断"));
  g_assert_cmpint(ds2->file_errors, ==, 1);
  g_clear_error(&error);
  rd_dataset_free(ds2);
  g_free(gbk);
}

static void test_damaged_utf8(fixture *f, gconstpointer data)
{
  (void)data;
  GString *text = g_string_new(HEADER);
  for (int i = 0; i < 10; i++)
    g_string_append_printf(text, "%d,华信路社区,政治安全,风险隐患名称,,高,综治中心,,2024-05-01,,未化解,,\n", i);
  g_string_append(text, "99,华信路社区,政治\xFF安全,x,,高,综治中心,,2024-05-01,,未化解,,\n");
  GError *error = NULL;
  g_assert_false(rd_ingest_buffer(f->ds, &f->cfg, "u.csv", text->str, text->len, &error));
  g_assert_nonnull(strstr(error->message, "u.csv:12:"));
  g_assert_nonnull(strstr(error->message, "UTF-8"));
  g_clear_error(&error);
  g_string_free(text, TRUE);
}

static void test_rejects_and_reasons(fixture *f, gconstpointer data)
{
  (void)data;
  g_assert_true(ingest(f, "r.csv",
    HEADER
    "1,甲社区,外星入侵,x,,高,综治中心,,2024-05-01,,未化解,,\n"
    "2,甲社区,政治安全,x,,特高,综治中心,,2024-05-01,,未化解,,\n"
    "3,甲社区,政治安全,x,,高,综治中心,,2024-05-01,,进行中,,\n"
    "4,甲社区,政治安全,x,,高,综治中心,,2024-13-45,,未化解,,\n"
    "5,甲社区,政治安全,,,高,综治中心,,2024-05-01,,未化解,,\n"
    "6,甲社区,政治安全,x,,高,综治中心,,2024-05-01,,未化解,,\n"
    "6,甲社区,政治安全,y,,高,综治中心,,2024-05-01,,未化解,,\n"
    "6,乙社区,政治安全,z,,高,综治中心,,2024-05-01,,未化解,,\n"
    "7,乙社区,政治安全,z,,高,、 ；,,2024-05-01,,未化解,,\n", -1));
  g_assert_cmpint(f->ds->read, ==, 9);
  g_assert_cmpint(f->ds->used, ==, 2);   /* 6 of 甲 and 6 of 乙 */
  g_assert_cmpint(f->ds->rejected, ==, 7);
  g_assert_cmpstr(reject(f, 6)->reason, ==, "责任单位“、 ；”中没有单位名称");
  g_assert_nonnull(strstr(reject(f, 0)->reason, "风险类别“外星入侵”不在分类表中"));
  g_assert_cmpint(reject(f, 0)->column, ==, 3);
  g_assert_nonnull(strstr(reject(f, 1)->reason, "风险等级“特高”"));
  g_assert_cmpint(reject(f, 1)->column, ==, 6);
  g_assert_nonnull(strstr(reject(f, 2)->reason, "化解状态“进行中”"));
  g_assert_nonnull(strstr(reject(f, 3)->reason, "排查日期“2024-13-45”不是有效日期"));
  g_assert_nonnull(strstr(reject(f, 4)->reason, "必填项“风险隐患”为空"));
  g_assert_cmpint(reject(f, 4)->column, ==, 4);
  g_assert_cmpstr(reject(f, 5)->reason, ==, "编号“6”重复：与第7行相同");
  g_assert_cmpint(reject(f, 5)->line, ==, 8);

  GString *csv = rd_rejects_to_csv(f->ds);
  g_assert_true(g_str_has_prefix(csv->str, "\xEF\xBB\xBF编号,社区,"));
  g_assert_nonnull(strstr(csv->str, ",来源文件,行号,原因\r\n"));
  g_assert_nonnull(strstr(csv->str, ",r.csv,8,"));
  g_string_free(csv, TRUE);
}

static void test_missing_column(fixture *f, gconstpointer data)
{
  (void)data;
  g_assert_true(ingest(f, "m.csv",
    "编号,社区,风险类别,风险隐患,责任单位,排查日期,化解状态\n"
    "1,甲社区,政治安全,x,综治中心,2024-05-01,未化解\n"
    "2,甲社区,政治安全,y,综治中心,2024-05-01,未化解\n", -1));
  g_assert_cmpint(f->ds->read, ==, 2);
  g_assert_cmpint(f->ds->rejected, ==, 2);
  g_assert_nonnull(strstr(reject(f, 0)->reason, "缺少必填列“风险等级”（或：预警级别、预警等级）"));
  /* one problem for the file, not one per row */
  guint errors = 0;
  for (guint i = 0; i < f->ds->problems->len; i++)
    errors += ((rd_problem *)g_ptr_array_index(f->ds->problems, i))->severity == 'E';
  g_assert_cmpuint(errors, ==, 1);
}

static void test_hostile_cells(fixture *f, gconstpointer data)
{
  (void)data;
  GString *text = g_string_new(HEADER);
  g_string_append(text, "1,甲社区,政治安全,x,");
  for (int i = 0; i < 100000; i++)
    g_string_append(text, "长");
  g_string_append(text, ",高,综治中心,,2024-05-01,,未化解,,\n");
  g_string_append(text, "2,甲社区,政治安全,x,a");
  g_string_append_c(text, '\0');
  g_string_append(text, "b,高,综治中心,,2024-05-01,,未化解,,\n");
  g_string_append(text, "3,甲社区,政治安全,x,ok,高,综治中心,,2024-05-01,,未化解,,\n");
  g_string_append(text, "4,甲社区,政治安全,\"never closed,高\n5,甲社区\n");
  g_assert_true(ingest(f, "h.csv", text->str, (gssize)text->len));
  g_assert_cmpint(f->ds->read, ==, 4);
  g_assert_cmpint(f->ds->used, ==, 1);
  g_assert_nonnull(strstr(reject(f, 0)->reason, "第5列内容过长"));
  g_assert_nonnull(strstr(reject(f, 1)->reason, "空字符"));
  if (!strstr(reject(f, 2)->reason, "引号未闭合：从第5行开始"))
    { fprintf(stderr, "reason: %s (line %d)\n", reject(f, 2)->reason, reject(f, 2)->line); g_assert_not_reached(); }
  g_assert_cmpint(reject(f, 2)->line, ==, 5);
  g_string_free(text, TRUE);
}

static void test_empty_and_header_only(fixture *f, gconstpointer data)
{
  (void)data;
  g_assert_true(ingest(f, "empty.csv", "", 0));
  g_assert_true(ingest(f, "blank.csv", "\r\n\r\n,,,\r\n", -1));
  g_assert_true(ingest(f, "header.csv", HEADER, -1));
  g_assert_cmpint(f->ds->read, ==, 0);
  g_assert_cmpuint(f->ds->problems->len, ==, 3);
  rd_problem *p = g_ptr_array_index(f->ds->problems, 2);
  g_assert_cmpint(p->severity, ==, 'W');
  g_assert_nonnull(strstr(p->message, "只有表头"));
}

static void test_aggregate_ranks(fixture *f, gconstpointer data)
{
  (void)data;
  /* scores: 甲 = 5+5 (two open 高) = 10; 乙 = 5 + overdue 2 = 7; 丙 = 7 (高 open, overdue);
   * 丁 = 3; 戊 = 0 (resolved). Ranks 1, 2, 2, 4, 5; n = 5, t = 2: classes 1, 1, 1, 2, 3. */
  g_assert_true(ingest(f, "agg.csv",
    HEADER
    "1,甲,政治安全,x,,高,A、B,B,2024-05-01,,未化解,,\n"
    "2,甲,政治安全,x,,高,A,C,2024-05-01,,化解中,,\n"
    "3,乙,社会矛盾,x,,高,B,,2024-05-01,2024-05-30,未化解,,\n"
    "4,丙,社会矛盾,x,,高,C,A,2024-04-01,2024-05-01,未化解,,\n"
    "5,丁,网络安全,x,,中,A,,2024-04-01,,未化解,,\n"
    "6,戊,网络安全,x,,低,B,,2024-04-01,2024-05-01,已化解,2024-05-10,\n", -1));
  rd_period period;
  g_assert_true(rd_period_parse_month("2024-05", &period));
  g_assert_cmpuint(period.report_date, ==, rd_day_from_ymd(2024, 5, 31));
  rd_scoring scoring = { { 5, 3, 1 }, 2 };
  rd_aggregate *agg = rd_aggregate_compute(f->ds, f->taxonomy->n_categories, &scoring, &period);
  g_assert_cmpint(agg->totals.total, ==, 6);
  g_assert_cmpint(agg->totals.open, ==, 5);
  g_assert_cmpint(agg->totals.overdue, ==, 2);
  g_assert_cmpint(agg->new_in_period, ==, 3);
  g_assert_cmpint(agg->resolved_in_period, ==, 1);
  g_assert_cmpint(agg->by_category[0].total, ==, 2);
  g_assert_cmpint(agg->by_category[5].level[RD_LEVEL_LOW], ==, 1);
  static const struct { const char *name; int score, rank, cls; } want[] = {
    { "甲", 10, 1, 1 }, { "丙", 7, 2, 1 }, { "乙", 7, 2, 1 }, { "丁", 3, 4, 2 }, { "戊", 0, 5, 3 },
  };
  g_assert_cmpuint(agg->communities->len, ==, 5);
  for (guint i = 0; i < 5; i++) {
    const rd_community_stat *c = &g_array_index(agg->communities, rd_community_stat, i);
    g_assert_cmpstr(c->name, ==, want[i].name);
    g_assert_cmpint(c->score, ==, want[i].score);
    g_assert_cmpint(c->rank, ==, want[i].rank);
    g_assert_cmpint(c->risk_class, ==, want[i].cls);
  }
  /* A: lead 1,2,5 and support in 4 -> lead 3, support 1, open 4, overdue 1 (row 4).
   * B: row 1 (support once, although named twice), lead 3 and 6 -> lead 2, support 1. */
  const rd_unit_stat *a = &g_array_index(agg->units, rd_unit_stat, 0);
  g_assert_cmpstr(a->name, ==, "A");
  g_assert_cmpint(a->lead, ==, 3);
  g_assert_cmpint(a->support, ==, 1);
  g_assert_cmpint(a->open, ==, 4);
  g_assert_cmpint(a->overdue, ==, 1);
  const rd_unit_stat *b = &g_array_index(agg->units, rd_unit_stat, 1);
  g_assert_cmpstr(b->name, ==, "B");
  g_assert_cmpint(b->lead, ==, 2);
  g_assert_cmpint(b->support, ==, 1);
  g_assert_cmpint(b->open, ==, 2);
  rd_aggregate_free(agg);
}

/* What the workbook readers make of numbers, formats and places (ingest_sheets.c, ingest.c). */
static void test_sheet_values(void)
{
  const struct { double value; gboolean date, y1904; const char *want; } numbers[] = {
    { 45432, TRUE, FALSE, "2024-05-20" },   /* README's example serial */
    { 45432.75, TRUE, FALSE, "2024-05-20" },/* a time of day does not move the day */
    { 43970, TRUE, TRUE, "2024-05-20" },    /* the same day in the 1904 system */
    { 1, TRUE, FALSE, "1900-01-01" },
    { 59, TRUE, FALSE, "1900-02-28" },
    { 61, TRUE, FALSE, "1900-03-01" },      /* after Lotus's 29 February 1900 */
    { 45432, FALSE, FALSE, "45432" },
    { 12.5, FALSE, FALSE, "12.5" },
    { 0.1, FALSE, FALSE, "0.1" },
    { -3, FALSE, FALSE, "-3" },
    { 1e20, FALSE, FALSE, "1e+20" },
  };
  for (guint i = 0; i < G_N_ELEMENTS(numbers); i++) {
    char *text = rd_number_text(numbers[i].value, numbers[i].date, numbers[i].y1904);
    g_assert_cmpstr(text, ==, numbers[i].want);
    g_free(text);
  }
  g_assert_true(rd_number_format_is_date(14, NULL));
  g_assert_true(rd_number_format_is_date(57, NULL));   /* a CJK built-in */
  g_assert_false(rd_number_format_is_date(2, NULL));
  g_assert_true(rd_number_format_is_date(176, "yyyy\"年\"m\"月\"d\"日\""));
  g_assert_true(rd_number_format_is_date(177, "[$-804]yyyy/m/d;@"));
  g_assert_false(rd_number_format_is_date(178, "0.00E+00"));
  g_assert_false(rd_number_format_is_date(179, "[Red]0.00;\"days\" 0"));
  g_assert_false(rd_number_format_is_date(180, "General"));
  g_assert_false(rd_number_format_is_date(181, "0\\d"));
  const struct { int row, column; const char *want; } cells[] = {
    { 12, 4, "D12" }, { 1, 26, "Z1" }, { 3, 27, "AA3" }, { 1048576, 16384, "XFD1048576" },
  };
  for (guint i = 0; i < G_N_ELEMENTS(cells); i++) {
    char *name = rd_cell_name(cells[i].row, cells[i].column);
    g_assert_cmpstr(name, ==, cells[i].want);
    g_free(name);
  }
  rd_problem p = { .source = "a.xlsx", .sheet = "台账", .line = 12, .column = 4 };
  char *where = rd_problem_location(&p);
  g_assert_cmpstr(where, ==, "a.xlsx:台账!D12");
  g_free(where);
  p.column = 0;
  where = rd_problem_location(&p);
  g_assert_cmpstr(where, ==, "a.xlsx:台账!12:12");
  g_free(where);
  p.sheet = NULL;
  where = rd_problem_location(&p);
  g_assert_cmpstr(where, ==, "a.xlsx:12:0");
  g_free(where);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD("/ingest/basic-units", test_basic_and_units);
  ADD("/ingest/title-footer-blank-crlf", test_title_footer_blank_crlf);
  ADD("/ingest/gb18030", test_gb18030);
  ADD("/ingest/damaged-utf8", test_damaged_utf8);
  ADD("/ingest/rejects-reasons", test_rejects_and_reasons);
  ADD("/ingest/missing-column", test_missing_column);
  ADD("/ingest/hostile-cells", test_hostile_cells);
  ADD("/ingest/empty-header-only", test_empty_and_header_only);
  ADD("/aggregate/ranks-units", test_aggregate_ranks);
  g_test_add_func("/ingest/sheet-values", test_sheet_values);
  return g_test_run();
}
