/* libFuzzer target over the document parser and a full layout: any bytes as a document must
 * give pages or a clear error naming the document, line and column — never a crash, a Pango
 * assertion, a leak or a hang. The layout draws onto a recording surface: the same placement
 * and drawing as a PDF, without embedding 20 MB CJK fonts per input (2 s each under ASan),
 * which the job tests cover. The same bytes, made valid UTF-8, also go straight to the
 * shaper and both line breakers (past the model's filter, as text that reaches the layout)
 * and are drawn into a recording surface. Seeds: tests/fuzz/corpus-typeset/ (U+202E in every
 * field, a 201-character 标题, right-to-left scripts, the format's edge cases). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "typeset/typeset.h"
#include "typeset/internal.h"
#include "fuzz_typesetter.h"
#include "jobs/letterhead.h"

/* Longer inputs only make slower runs, not new paths. */
#define FUZZ_MAX_INPUT 4096

/* Every cluster is on a line, in order; only spaces may fall between or after lines. */
static void check_lines(const rd_para *p, const GArray *lines)
{
  int at = 0;
  for (guint l = 0; l <= lines->len; l++) {
    int c0 = l < lines->len ? g_array_index(lines, rd_line, l).c0 : p->ncl;
    if (c0 < at)
      abort();
    for (int i = at; i < c0; i++)
      if (p->cl[i].cls != RD_CLS_SPACE)
        abort();
    if (l < lines->len) {
      at = g_array_index(lines, rd_line, l).c1;
      if (at < c0 || at > p->ncl)
        abort();
    }
  }
}

/* Shaping, breaking and drawing any text: clusters must cover the text in logical order. */
static void fuzz_layout(const char *text)
{
  rd_para *p = rd_para_simple(ts, text, RD_ROLE_FANGSONG, RD_SIZE_3HAO, RD_CHAR_CELL);
  int at = 0;
  for (int i = 0; i < p->ncl; i++) {
    if (p->cl[i].start != at || p->cl[i].end <= p->cl[i].start)
      abort();
    at = p->cl[i].end;
  }
  if (p->ncl > 0 && at != p->len)
    abort();
  cairo_surface_t *surf = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create(surf);
  GArray *lines = rd_para_break(p, RD_BANXIN_W / 3, RD_BANXIN_W / 3, TRUE);
  check_lines(p, lines);
  for (guint l = 0; l < lines->len; l++)
    rd_para_draw_line(p, &g_array_index(lines, rd_line, l), cr, 0, 20.0 * (l + 1));
  g_array_free(lines, TRUE);
  rd_para_free(p);
  /* the title breaker searches every way of breaking: titles (here up to ~200 characters,
   * the 201) rather than whole inputs, or the runs would be ten times slower */
  const char *cut = text;
  while (*cut && cut - text < 600)
    cut = g_utf8_next_char(cut);
  char *head = g_strndup(text, cut - text);
  p = rd_para_simple(ts, head, RD_ROLE_XIAOBIAOSONG, RD_SIZE_2HAO, RD_CHAR_CELL);
  GArray *title = rd_para_break_balanced(p, RD_BANXIN_W);
  check_lines(p, title);
  for (guint l = 0; l < title->len; l++)
    rd_para_draw_line(p, &g_array_index(title, rd_line, l), cr, 0, 30.0 * (l + 1));
  g_array_free(title, TRUE);
  rd_para_free(p);
  g_free(head);
  cairo_destroy(cr);
  cairo_surface_destroy(surf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  init_once_for("fuzz_typeset");
  if (size > FUZZ_MAX_INPUT)
    return 0;
  char *text = g_utf8_make_valid((const char *)data, (gssize)size);
  fuzz_layout(text);
  g_free(text);

  GError *error = NULL;
  rd_document *doc = rd_document_parse((const char *)data, (gssize)size, "fuzz.txt", &error);
  if (!doc) {
    if (!error || !g_str_has_prefix(error->message, "fuzz.txt:"))
      abort();   /* a parse error names the document, line and column */
    g_error_free(error);
    return 0;
  }
  rd_profile profile = { 0 };
  profile.issuer_mark = "全福街道办事处文件";
  profile.signature = "全福街道办事处";
  profile.doc_number_prefix = "全办发";
  profile.doc_number_next = 7;
  profile.main_recipients = "各社区";
  profile.printer = "党政办";
  profile.office_name = "全福街道办事处";
  rd_document_apply_profile(doc, &profile);
  g_clear_pointer(&doc->seal, g_free);   /* 印章: /dev/stdin would block; PNGs are not fuzzed */
  cairo_surface_t *surf = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create(surf);
  int pages = rd_layout_draw(ts, doc, cr, &error);
  if (pages < 0 ? !error : pages < 1)
    abort();   /* a failure always says why; a document has a page */
  g_clear_error(&error);
  cairo_destroy(cr);
  cairo_surface_destroy(surf);
  rd_document_free(doc);
  return 0;
}
