/* Unit tests of --mask-pii's maskers. */
#include "pii.h"

static void check(char *(*mask)(const char *), const char *in, const char *want)
{
  char *got = mask(in);
  if (g_strcmp0(got, want) != 0)
    g_error("mask(%s): expected %s, got %s", in, want, got);
  g_free(got);
}

static void test_numbers(void)
{
  check(rd_mask_numbers, "身份证370102198001011234，电话13912345678。",
        "身份证370102********1234，电话139****5678。");
  check(rd_mask_numbers, "37010219800101123X", "370102********123X");
  check(rd_mask_numbers, "编号20240520123456789012", "编号20240520123456789012");   /* too long: not an ID */
  check(rd_mask_numbers, "座机0531-88888888，人数12", "座机0531-88888888，人数12");
  check(rd_mask_numbers, "", "");
}

static void test_names(void)
{
  check(rd_mask_names, "张三", "张*");
  check(rd_mask_names, "欧阳娜娜", "欧阳**");
  check(rd_mask_names, "李四、王小五", "李*、王**");
  check(rd_mask_names, "赵", "*");
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/pii/numbers", test_numbers);
  g_test_add_func("/pii/names", test_names);
  return g_test_run();
}
