/* The invisible-controls rule (text.h) and the file names made from data (output.h). */
#include <string.h>
#include <glib.h>
#include "output.h"
#include "text.h"

static char *visible(const char *in)
{
  GString *s = g_string_new(NULL);
  rd_text_append_visible(s, in, strlen(in));
  return g_string_free(s, FALSE);
}

static void test_controls_dropped(void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "甲\u202e社区", "甲社区" },
    { "\u200b综治\u200d中心\ufeff", "综治中心" },
    { "\u2067乙社区\u2069", "乙社区" },
    { "a\u061cb\u200fc\u202ad", "abcd" },
    { "“引号”—破折号…", "“引号”—破折号…" },     /* E2-led punctuation stays */
    { "\xff\xfe坏", "\xff\xfe坏" },               /* not UTF-8: kept as it is */
    { "", "" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    char *got = visible(cases[i].in);
    g_assert_cmpstr(got, ==, cases[i].out);
    g_free(got);
  }
}

static void test_safe_filename(void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "综治\u202e中心", "综治中心" },     /* shown reversed otherwise: a spoofed name */
    { "\u2060市场\u00ad监管所", "市场监管所" },   /* other format characters too */
    { "../../x", "_.._x" },
    { "a/b", "a_b" },
    { "  .隐藏", "隐藏" },
    { "尾点. ", "尾点" },
    { "", "_" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    char *got = rd_safe_filename(cases[i].in, 200);
    g_assert_cmpstr(got, ==, cases[i].out);
    g_free(got);
  }
  char *cut = rd_safe_filename("综治中心综治中心", 10);   /* cut on a character boundary */
  g_assert_cmpstr(cut, ==, "综治中");
  g_free(cut);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/text/controls-dropped", test_controls_dropped);
  g_test_add_func("/text/safe-filename", test_safe_filename);
  return g_test_run();
}
