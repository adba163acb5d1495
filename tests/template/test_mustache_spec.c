/* test_mustache_spec.c — runs the official Mustache spec suite against src/template/.
 *
 * Every case of every *.json file in $RISKDOC_SOURCE_DIR/../shared/conformance/mustache
 * becomes a g_test sub-test /mustache/spec/<file>/<case name>; its output must equal
 * `expected` byte for byte. /mustache/spec/count fails when fewer than 136 cases were found,
 * so a moved or emptied suite cannot pass silently; when the suite is absent (a clone of this
 * repository alone) the test exits 77 and ctest reports it as skipped. Each case is also
 * rendered a second time through one compiled template (partials cached), which must give the
 * same bytes.
 */
#include "template/mustache.h"

#include <string.h>
#include "spec_dir.h"

#define SPEC_CASES_EXPECTED 136

typedef struct {
  char *file;      /* e.g. "sections" */
  JsonNode *test;  /* the case object: name, template, data, partials?, expected */
} spec_case;

static int n_cases;

static JsonObject *case_object(const spec_case *c)
{
  return json_node_get_object(c->test);
}

/* Partial callback over the case's "partials" object. */
static char *spec_partial(const char *name, void *user)
{
  JsonObject *partials = user;
  if (!partials || !json_object_has_member(partials, name))
    return NULL;
  return g_strdup(json_object_get_string_member(partials, name));
}

static void run_case(gconstpointer data)
{
  const spec_case *c = data;
  JsonObject *o = case_object(c);
  const char *tpl = json_object_get_string_member(o, "template");
  const char *expected = json_object_get_string_member(o, "expected");
  JsonNode *d = json_object_get_member(o, "data");
  JsonObject *partials = json_object_has_member(o, "partials")
                           ? json_object_get_object_member(o, "partials")
                           : NULL;
  rd_mustache_options opts = { .name = json_object_get_string_member(o, "name"),
                               .partial = spec_partial,
                               .partial_user = partials };
  GError *error = NULL;
  char *out = rd_mustache_render(tpl, d, &opts, &error);
  g_assert_no_error(error);
  g_assert_nonnull(out);
  if (strcmp(out, expected) != 0)
    g_test_message("%s/%s\ntemplate: %s\nexpected: %s\ngot:      %s", c->file,
                   opts.name, tpl, expected, out);
  g_assert_cmpstr(out, ==, expected);
  g_free(out);

  /* Compiled once, rendered twice: the second render uses the cached partials. */
  rd_mustache_template *compiled = rd_mustache_compile(tpl, opts.name, &error);
  g_assert_no_error(error);
  for (int i = 0; i < 2; i++) {
    out = rd_mustache_template_render(compiled, d, &opts, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(out, ==, expected);
    g_free(out);
  }
  rd_mustache_template_free(compiled);
}

static void check_count(void)
{
  if (n_cases < SPEC_CASES_EXPECTED)
    g_test_message("found %d spec cases, expected at least %d", n_cases, SPEC_CASES_EXPECTED);
  g_assert_cmpint(n_cases, >=, SPEC_CASES_EXPECTED);
}

static void free_case(gpointer p)
{
  spec_case *c = p;
  g_free(c->file);
  json_node_unref(c->test);
  g_free(c);
}

/* Registers one sub-test per case of one spec file. Unreadable files register nothing, which
 * the count test then reports. */
static void load_file(const char *dir, const char *file, GPtrArray *cases)
{
  char *path = g_build_filename(dir, file, NULL);
  JsonParser *parser = json_parser_new();
  GError *error = NULL;
  if (!json_parser_load_from_file(parser, path, &error)) {
    g_printerr("cannot read %s: %s\n", path, error->message);
    g_clear_error(&error);
    goto out;
  }
  JsonNode *root = json_parser_get_root(parser);
  if (!JSON_NODE_HOLDS_OBJECT(root) ||
      !json_object_has_member(json_node_get_object(root), "tests"))
    goto out;
  JsonArray *tests = json_object_get_array_member(json_node_get_object(root), "tests");
  char *stem = g_strndup(file, strlen(file) - strlen(".json"));
  for (guint i = 0; tests && i < json_array_get_length(tests); i++) {
    spec_case *c = g_new0(spec_case, 1);
    c->file = g_strdup(stem);
    c->test = json_node_ref(json_array_get_element(tests, i));
    g_ptr_array_add(cases, c);
    char *test_path = g_strdup_printf("/mustache/spec/%s/%s", stem,
                                      json_object_get_string_member(case_object(c), "name"));
    g_test_add_data_func(test_path, c, run_case);
    g_free(test_path);
    n_cases++;
  }
  g_free(stem);
out:
  g_object_unref(parser);
  g_free(path);
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  char *dir = rd_test_mustache_spec_dir();
  if (!dir)
    return RD_TEST_SKIPPED;
  GPtrArray *cases = g_ptr_array_new_with_free_func(free_case);
  GDir *d = g_dir_open(dir, 0, NULL);
  if (d) {
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *f;
    while ((f = g_dir_read_name(d)))
      if (g_str_has_suffix(f, ".json"))
        g_ptr_array_add(names, g_strdup(f));
    g_dir_close(d);
    g_ptr_array_sort(names, compare_names);
    for (guint i = 0; i < names->len; i++)
      load_file(dir, names->pdata[i], cases);
    g_ptr_array_unref(names);
  }
  g_test_add_func("/mustache/spec/count", check_count);
  int rc = g_test_run();
  g_ptr_array_unref(cases);
  g_free(dir);
  return rc;
}
