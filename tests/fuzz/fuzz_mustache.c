/* libFuzzer target over the Mustache engine (src/template): any bytes as a template, rendered
 * over data holding what hostile ledgers hold (U+202E, zero-width characters, 200-character
 * names, nesting), with a partial that includes the template itself (recursion), must give
 * output or an RD_MUSTACHE_ERROR naming the template, line and column — never a crash, a leak
 * or unbounded output. The output, escaped as the jobs escape values, then goes through the
 * document parser, as a job's template output does. Seeds: tests/fuzz/corpus-mustache/. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "template/mustache.h"
#include "typeset/typeset.h"

#define FUZZ_MAX_INPUT 8192
#define FUZZ_MAX_OUTPUT (1u << 20)

static JsonNode *data;

static const char data_json[] =
  "{\"office\": \"全福街道办事处\", \"office_short\": \"全福\u202e街道\","
  " \"event\": \"成都大运会\u200b\u2067\", \"period_cn\": \"2024年5月\", \"n\": 0, \"x\": 1.5,"
  " \"t\": true, \"f\": false, \"null\": null, \"empty\": \"\", \"list\": [],"
  " \"braces\": \"{{a}} | # @ - \\\\ {x}\","
  " \"items\": [{\"number\": 1, \"community\": \"甲\u202e社区\", \"title\": \"欠薪纠纷\","
  "   \"lead\": true, \"units\": [\"综治中心\", \"派出所\"], \"items\": [{\"title\": \"嵌套\"}]},"
  "  {\"number\": 2, \"community\": \"乙社区\", \"title\": \"\u202a\u202b\u202c\u202d\", \"lead\": false}],"
  " \"a\": {\"b\": {\"c\": {\"d\": \"深\"}}}}";

static char *self_partial(const char *name, void *user)
{
  /* every partial is the template itself: recursion must stop at the depth limit */
  return strcmp(name, "missing") ? g_strdup(user) : NULL;
}

static char *escape_for_document(const char *text, void *user)
{
  (void)user;
  return rd_document_escape_text(text);
}

static void init_once(void)
{
  if (data)
    return;
  GError *error = NULL;
  data = json_from_string(data_json, &error);
  if (!data) {
    fprintf(stderr, "fuzz_mustache: %s\n", error->message);
    abort();
  }
}

static void check_error(GError *error)
{
  if (!error || error->domain != RD_MUSTACHE_ERROR || !strstr(error->message, "fuzz.mustache:"))
    abort();   /* every failure is a Mustache error naming the template */
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
  init_once();
  if (size > FUZZ_MAX_INPUT)
    return 0;
  char *text = g_strndup((const char *)bytes, size);
  GError *error = NULL;

  /* the one-shot path, HTML escaping, partials missing */
  char *html = rd_mustache_render(text, data, &(rd_mustache_options){ .name = "fuzz.mustache",
                                                                      .max_output = FUZZ_MAX_OUTPUT },
                                  &error);
  if (!html) {
    check_error(error);
    g_clear_error(&error);
  }
  g_free(html);

  /* compiled once, rendered twice (the partial cache), as the jobs do */
  rd_mustache_template *tpl = rd_mustache_compile(text, "fuzz.mustache", &error);
  if (!tpl) {
    check_error(error);
    g_error_free(error);
    g_free(text);
    return 0;
  }
  rd_mustache_options opts = {
    .partial = self_partial, .partial_user = text, .escape = escape_for_document,
    .missing_partial_is_error = TRUE, .max_output = FUZZ_MAX_OUTPUT,
  };
  for (int round = 0; round < 2; round++) {
    char *out = rd_mustache_template_render(tpl, data, &opts, &error);
    if (!out) {
      if (!error || error->domain != RD_MUSTACHE_ERROR)
        abort();
      g_clear_error(&error);
      continue;
    }
    rd_document *doc = rd_document_parse(out, -1, "fuzz.txt", &error);
    if (!doc && !error)
      abort();
    g_clear_error(&error);
    rd_document_free(doc);
    g_free(out);
  }
  rd_mustache_template_free(tpl);
  g_free(text);
  return 0;
}
