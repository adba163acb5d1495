/* Unit tests of --mask-pii's maskers (src/pii.c): every written form of ID-card, mobile and
 * landline numbers, names in their fields and in free text, and what must stay as it is. */
#include "pii.h"

static void check(char *(*mask)(const char *), const char *in, const char *want)
{
  char *got = mask(in);
  if (g_strcmp0(got, want) != 0)
    g_error("mask(%s): expected %s, got %s", in, want, got);
  g_free(got);
}

static void test_ids(void)
{
  check(rd_mask_numbers, "身份证370102198001011234，电话13912345678。",
        "身份证370102********1234，电话139****5678。");
  check(rd_mask_numbers, "37010219800101123X", "370102********123X");
  check(rd_mask_numbers, "37010219800101123x", "370102********123x");
  check(rd_mask_numbers, "370102 19800101 1234", "370102 ******** 1234");
  check(rd_mask_numbers, "370102-19800101-123X", "370102-********-123X");
  check(rd_mask_numbers, "370102 1980 0101 1234", "370102 **** **** 1234");
  check(rd_mask_numbers, "３７０１０２１９８００１０１１２３Ｘ", "３７０１０２********１２３Ｘ");
  check(rd_mask_numbers, "老证370102800101123号", "老证370102*****1123号");        /* 15 digits */
  check(rd_mask_numbers, "370102 800101 123", "370102 *****1 123");
  /* not IDs: too long, a date, a record number */
  check(rd_mask_numbers, "编号20240520123456789012", "编号20240520123456789012");
  check(rd_mask_numbers, "人数12，2024-05-02至2024-06-30", "人数12，2024-05-02至2024-06-30");
  check(rd_mask_numbers, "HXL-2024-0002", "HXL-2024-0002");
  check(rd_mask_numbers, "", "");
}

static void test_mobiles(void)
{
  check(rd_mask_numbers, "13912345678", "139****5678");
  check(rd_mask_numbers, "手机139-1234-5678", "手机139-****-5678");
  check(rd_mask_numbers, "139 1234 5678", "139 **** 5678");
  check(rd_mask_numbers, "+8613912345678", "+86139****5678");
  check(rd_mask_numbers, "+86 139 1234 5678", "+86 139 **** 5678");
  check(rd_mask_numbers, "8613912345678", "86139****5678");
  check(rd_mask_numbers, "86-13912345678", "86-139****5678");
  check(rd_mask_numbers, "(+86)13912345678", "(+86)139****5678");
  check(rd_mask_numbers, "电话１３９１２３４５６７８", "电话１３９****５６７８");
  check(rd_mask_numbers, "12345678901", "12345678901");   /* 12x is no mobile prefix */
}

static void test_landlines(void)
{
  check(rd_mask_numbers, "座机0531-88888888，人数12", "座机0531-****8888，人数12");
  check(rd_mask_numbers, "010-62345678", "010-****5678");
  check(rd_mask_numbers, "(0531)88888888", "(0531)****8888");
  check(rd_mask_numbers, "（0531）8888 8888", "（0531）**** 8888");
  check(rd_mask_numbers, "0531-8888888转123", "0531-***8888转123");
  check(rd_mask_numbers, "０５３１-８８８８８８８８", "０５３１-****８８８８");
}

static void test_names(void)
{
  check(rd_mask_names, "张三", "张*");
  check(rd_mask_names, "欧阳娜娜", "欧阳**");
  check(rd_mask_names, "李四、王小五", "李*、王**");
  check(rd_mask_names, "赵", "*");
}

static void test_names_in_text(void)
{
  rd_name_set *set = rd_name_set_new();
  rd_name_set_add_field(set, "张建国、欧阳娜娜");
  rd_name_set_add_field(set, "阿卜杜·艾尼");
  rd_name_set_add_field(set, "王五（社区书记）");   /* the name before the bracket */
  rd_name_set_add_field(set, "综治中心");            /* a unit, not a name */
  rd_name_set_add_field(set, "网格员、楼长、民警");  /* posts, not names */
  rd_name_set_add_field(set, "刘\u3000\u3000备");          /* padded to three characters */
  rd_name_set_add_field(set, "赵");                  /* one character: masked in its field only */
  char *got = rd_name_set_mask(set, "张建国与欧阳娜娜、阿卜杜·艾尼、王五到综治中心，赵家庄网格员刘备");
  g_assert_cmpstr(got, ==, "张**与欧阳**、阿*****、王*到综治中心，赵家庄网格员刘*");
  g_free(got);
  rd_name_set_free(set);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/pii/ids", test_ids);
  g_test_add_func("/pii/mobiles", test_mobiles);
  g_test_add_func("/pii/landlines", test_landlines);
  g_test_add_func("/pii/names", test_names);
  g_test_add_func("/pii/names-in-text", test_names_in_text);
  return g_test_run();
}
