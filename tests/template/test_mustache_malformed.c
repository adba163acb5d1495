/* test_mustache_malformed.c — a malformed-input loop: every truncation and random mutations
 * of the Mustache spec's templates must give output or an error, never a crash (run it under
 * the ASan/UBSan tree too). The templates are the spec cases, kept outside the repository:
 * when they are absent the test exits 77, which ctest reports as skipped. */
#include "template/mustache.h"

#include <string.h>
#include "spec_dir.h"

typedef struct {
  JsonObject *partials;
  gsize cut; /* partials are truncated to this many bytes too */
} fuzz_partials;

static char *fuzz_partial(const char *name, void *user)
{
  fuzz_partials *f = user;
  if (!f->partials || !json_object_has_member(f->partials, name))
    return NULL;
  const char *text = json_object_get_string_member(f->partials, name);
  return g_strndup(text, MIN(strlen(text), f->cut));
}

/* Either output or an error, exactly one of them. */
static void render_any(const char *tpl, JsonNode *data, rd_mustache_options *o)
{
  GError *error = NULL;
  char *out = rd_mustache_render(tpl, data, o, &error);
  g_assert_true((out == NULL) != (error == NULL));
  if (error)
    g_assert_true(error->domain == RD_MUSTACHE_ERROR);
  g_free(out);
  g_clear_error(&error);
}

static const char *const fragments[] = { "{{", "}}", "{{{", "}}}", "{{#a}}", "{{/a}}", "{{^",
                                         "{{>", "{{=", "=}}", "{{!", "\n", "\r\n", "  ", ".",
                                         "{{.}}", "{{=| |=}}", "|", "\xe9\x99", "\xff" };

static void test_malformed(gconstpointer spec_dir)
{
  const char *dir = spec_dir;
  const char *files[] = { "comments", "delimiters", "interpolation", "inverted", "partials",
                          "sections" };
  GRand *rand = g_rand_new_with_seed(9704);
  int templates = 0, renders = 0;
  for (gsize fi = 0; fi < G_N_ELEMENTS(files); fi++) {
    char *name = g_strconcat(files[fi], ".json", NULL);
    char *path = g_build_filename(dir, name, NULL);
    JsonParser *parser = json_parser_new();
    if (!json_parser_load_from_file(parser, path, NULL)) {
      g_object_unref(parser);
      g_free(path);
      g_free(name);
      continue;
    }
    JsonArray *tests = json_object_get_array_member(
      json_node_get_object(json_parser_get_root(parser)), "tests");
    for (guint i = 0; i < json_array_get_length(tests); i++) {
      JsonObject *c = json_array_get_object_element(tests, i);
      const char *tpl = json_object_get_string_member(c, "template");
      JsonNode *data = json_object_get_member(c, "data");
      fuzz_partials fp = { json_object_has_member(c, "partials")
                             ? json_object_get_object_member(c, "partials") : NULL, 0 };
      rd_mustache_options o = { .partial = fuzz_partial, .partial_user = &fp };
      gsize len = strlen(tpl);
      templates++;
      /* Every truncation, with partials truncated alike. */
      for (gsize cut = 0; cut <= len; cut++) {
        char *t = g_strndup(tpl, cut);
        fp.cut = cut;
        render_any(t, data, &o);
        g_free(t);
        renders++;
      }
      /* Random splices of tag fragments and byte flips. */
      fp.cut = G_MAXSIZE;
      for (int k = 0; k < 40; k++) {
        GString *s = g_string_new(tpl);
        for (int m = g_rand_int_range(rand, 1, 4); m > 0; m--) {
          gsize at = (gsize)g_rand_int_range(rand, 0, (gint32)s->len + 1);
          if (g_rand_boolean(rand)) {
            g_string_insert(s, (gssize)at,
                            fragments[g_rand_int_range(rand, 0, G_N_ELEMENTS(fragments))]);
          } else if (at < s->len) {
            s->str[at] = (char)g_rand_int_range(rand, 1, 256);
          }
        }
        render_any(s->str, data, &o);
        g_string_free(s, TRUE);
        renders++;
      }
    }
    g_object_unref(parser);
    g_free(path);
    g_free(name);
  }
  g_rand_free(rand);
  g_test_message("%d templates, %d renders", templates, renders);
  g_assert_cmpint(templates, >=, 136); /* the loop must really have had input */
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  char *dir = rd_test_mustache_spec_dir();
  if (!dir)
    return RD_TEST_SKIPPED;
  g_test_add_data_func("/mustache/malformed", dir, test_malformed);
  int rc = g_test_run();
  g_free(dir);
  return rc;
}
