/* libFuzzer target over the office profile reader (src/profile.c): any bytes as a --config
 * file must give a profile or an error naming the file — never a crash or a leak. A profile
 * read is then used as the jobs use it: its level and status forms are looked up, its fields
 * fill a document (rd_document_apply_profile) and its short name goes into a title that is
 * shaped and broken into lines. Seeds: tests/fuzz/corpus-profile/ (the example profile,
 * U+202E and 200-character names, bad numbers, unknown values). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "profile.h"
#include "typeset/typeset.h"
#include "typeset/internal.h"
#include "fuzz_typesetter.h"
#include "jobs/letterhead.h"

#define FUZZ_MAX_INPUT 8192

static void use_profile(const rd_profile *p)
{
  static const char *const written[] = { "高", "红色", "较大风险", "已销号", "化解中", "", "?" };
  for (gsize i = 0; i < G_N_ELEMENTS(written); i++) {
    (void)rd_valuemap_lookup(p->levels, written[i]);
    (void)rd_valuemap_lookup(p->statuses, written[i]);
  }
  GError *error = NULL;
  rd_document *doc = rd_document_parse("---\n成文日期: 2024-05-20\n---\n正文。\n", -1, "doc.txt", &error);
  if (!doc)
    abort();
  rd_document_apply_profile(doc, p);
  rd_document_free(doc);
  char *title = g_strdup_printf("关于%s2024年5月社会稳定风险隐患排查化解工作情况的通报",
                                p->office_short);
  rd_para *para = rd_para_simple(ts, title, RD_ROLE_XIAOBIAOSONG, RD_SIZE_2HAO, RD_CHAR_CELL);
  GArray *lines = rd_para_break_balanced(para, RD_BANXIN_W);
  guint last = lines->len ? g_array_index(lines, rd_line, lines->len - 1).c1 : 0;
  for (int i = (int)last; i < para->ncl; i++)
    if (para->cl[i].cls != RD_CLS_SPACE)
      abort();   /* every character of the title is on a line */
  g_array_free(lines, TRUE);
  rd_para_free(para);
  g_free(title);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  init_once_for("fuzz_profile");
  if (size > FUZZ_MAX_INPUT)
    return 0;
  GError *error = NULL;
  rd_profile *p = rd_profile_load_data((const char *)data, size, "fuzz.ini", &error);
  if (!p) {
    if (!error || !strstr(error->message, "fuzz.ini"))
      abort();   /* the message names the file */
    g_error_free(error);
    return 0;
  }
  use_profile(p);
  rd_profile_free(p);
  return 0;
}
