/* gen_rows.c — see gen_rows.h. */
#include "gen_rows.h"

static const char *const categories[] = { "政治安全", "涉众利益", "重点人员", "社会矛盾",
                                          "治安隐患", "网络安全", "恶性案件" };
static const char *const titles[] = {
  "邪教人员滋扰风险", "问题楼盘延期交房风险", "信访重点人员进京上访风险", "工程欠薪讨薪风险",
  "出租屋治安隐患", "网络舆情炒作风险", "个人极端案事件风险", "=1+1", "+86 138 0000 0000",
  "-已约谈", "@SUM(A1:A9)" };
static const char *const sentences[] = {
  "辖区内有群众反映该问题已持续较长时间，当事人情绪较为激动。",
  "网格员多次上门走访，当事人表示对处理结果不满意。",
  "涉及居民约三十户，部分居民在业主群内发表过激言论。",
  "社区已会同派出所、司法所开展联合调解，双方未达成一致意见。",
  "当事人近期多次到街道反映诉求，扬言要到区里、市里上访。",
  "该项目施工方拖欠农民工工资，工人多次到项目部讨要。",
  "出租屋内居住人员流动性大，登记信息不全，存在治安隐患。",
};
static const char *const units[] = { "综治中心", "派出所", "司法所", "应急管理办", "信访办",
                                     "社会事务办", "城市管理办", "市场监管所", "退役军人服务站",
                                     "宣传文化中心", "卫健办", "住建办", "劳动保障中心", "网信办",
                                     "消防救援站" };
/* Units split on 、，,；;/ so those cannot be in a name; everything else Excel minds is here. */
static const char *const hostile_units[] = {
  "综治中心[一]:*?\\测试",
  "全福街道办事处党政综合办公室暨平安建设工作领导小组办公室社会治安综合治理中心甲",
  "全福街道办事处党政综合办公室暨平安建设工作领导小组办公室社会治安综合治理中心乙",
  "History",
  "汇总",
  "责任清单",
  "'引号单位'",
  "Abc Unit",
  "ABC unit",
  "=HYPERLINK(\"http://x\")",
};
static const char *const levels[] = { "高", "中", "低", "红色", "黄色", "蓝色" };
static const char *const statuses[] = { "未化解", "化解中", "稳控中", "已化解", "已销号" };
static const char *const notes[] = { "", "", "", "=cmd|' /C calc'!A0", "-已约谈，情绪稳定", "@备注",
                                     "+1" };

static guint32 next(guint32 *state)
{
  *state = *state * 1664525u + 1013904223u;
  return *state >> 8;
}

#define PICK(array, state) (array[next(state) % G_N_ELEMENTS(array)])

static void csv_cell(GString *out, const char *text, gboolean last)
{
  g_string_append_c(out, '"');
  for (const char *p = text; *p; p++) {
    if (*p == '"')
      g_string_append_c(out, '"');
    g_string_append_c(out, *p);
  }
  g_string_append(out, last ? "\"\n" : "\",");
}

GString *rd_test_gen_csv(guint rows, guint communities, gboolean hostile, guint32 seed)
{
  guint32 st = seed ? seed : 1;
  GString *out = g_string_sized_new((gsize)rows * 400 + 256);
  g_string_append(out, "编号,社区,网格,风险类别,风险子类,风险隐患,具体情况,风险等级,责任单位,"
                       "配合单位,责任领导,责任人,化解措施,涉及人数,排查日期,完成时限,化解状态,"
                       "销号日期,备注\n");
  GString *cell = g_string_new(NULL);
  for (guint i = 0; i < rows; i++) {
    char id[32], community[32], grid[16], date[16], deadline[16], people[8];
    g_snprintf(id, sizeof id, "G%07u", i + 1);
    g_snprintf(community, sizeof community, "第%u社区", i % MAX(communities, 1) + 1);
    g_snprintf(grid, sizeof grid, "第%u网格", next(&st) % 9 + 1);
    csv_cell(out, id, FALSE);
    csv_cell(out, community, FALSE);
    csv_cell(out, grid, FALSE);
    csv_cell(out, PICK(categories, &st), FALSE);
    csv_cell(out, "", FALSE);
    csv_cell(out, PICK(titles, &st), FALSE);
    g_string_truncate(cell, 0);
    for (guint s = 0, n = next(&st) % 4 + 1; s < n; s++)
      g_string_append(cell, PICK(sentences, &st));
    csv_cell(out, cell->str, FALSE);
    csv_cell(out, PICK(levels, &st), FALSE);
    g_string_truncate(cell, 0);
    guint n_units = next(&st) % 3 + 1;
    for (guint u = 0; u < n_units; u++) {
      if (u)
        g_string_append(cell, "、");
      g_string_append(cell, hostile ? PICK(hostile_units, &st) : PICK(units, &st));
    }
    csv_cell(out, cell->str, FALSE);
    csv_cell(out, next(&st) % 3 == 0 ? (hostile ? PICK(hostile_units, &st) : PICK(units, &st)) : "",
             FALSE);
    csv_cell(out, "张红梅（武装部长）", FALSE);
    csv_cell(out, "王建国", FALSE);
    csv_cell(out, "落实“一人一档”，每日见面；网格员每周走访，建立工作台账", FALSE);
    g_snprintf(people, sizeof people, "%u", next(&st) % 200);
    csv_cell(out, people, FALSE);
    guint found_day = next(&st) % 28 + 1, found_month = next(&st) % 5 + 1;
    g_snprintf(date, sizeof date, "2024-%02u-%02u", found_month, found_day);
    g_snprintf(deadline, sizeof deadline, "2024-%02u-%02u", found_month + 1 + next(&st) % 2,
               found_day);
    csv_cell(out, date, FALSE);
    csv_cell(out, next(&st) % 5 == 0 ? "" : deadline, FALSE);
    const char *status = PICK(statuses, &st);
    csv_cell(out, status, FALSE);
    gboolean resolved = g_str_has_prefix(status, "已");
    csv_cell(out, resolved ? deadline : "", FALSE);
    csv_cell(out, PICK(notes, &st), TRUE);
  }
  g_string_free(cell, TRUE);
  return out;
}
