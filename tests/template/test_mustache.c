/* test_mustache.c — the engine's own behaviour beyond the spec suite: escaping options,
 * value formatting, error positions, limits, partial loading. The malformed-input loop over
 * the spec's templates is test_mustache_malformed.c. */
#include "template/mustache.h"

#include <glib/gstdio.h>
#include <string.h>

static JsonNode *json(const char *text)
{
  GError *error = NULL;
  JsonNode *n = json_from_string(text, &error);
  g_assert_no_error(error);
  return n;
}

/* Renders with opts and returns the output; the render must succeed. */
static char *render_ok(const char *tpl, const char *data, const rd_mustache_options *opts)
{
  JsonNode *d = data ? json(data) : NULL;
  GError *error = NULL;
  char *out = rd_mustache_render(tpl, d, opts, &error);
  g_assert_no_error(error);
  g_assert_nonnull(out);
  if (d)
    json_node_unref(d);
  return out;
}

static void assert_render(const char *tpl, const char *data, const rd_mustache_options *opts,
                          const char *expected)
{
  char *out = render_ok(tpl, data, opts);
  g_assert_cmpstr(out, ==, expected);
  g_free(out);
}

/* Renders and expects failure with `code` and a message starting with `prefix`. */
static void assert_error(const char *tpl, const char *data, const rd_mustache_options *opts,
                         int code, const char *prefix)
{
  JsonNode *d = data ? json(data) : NULL;
  GError *error = NULL;
  char *out = rd_mustache_render(tpl, d, opts, &error);
  g_assert_null(out);
  g_assert_error(error, RD_MUSTACHE_ERROR, code);
  if (!g_str_has_prefix(error->message, prefix))
    g_test_message("message: %s\nexpected prefix: %s", error->message, prefix);
  g_assert_true(g_str_has_prefix(error->message, prefix));
  g_error_free(error);
  if (d)
    json_node_unref(d);
}

/* ---------------------------------------------------------------- escaping */

/* A plain-text escaper of the kind the jobs use: brackets mark the escaped span and the
 * user pointer counts the calls, so the test sees the options reach the escaper. */
static char *bracket_escape(const char *text, void *user)
{
  (*(int *)user)++;
  return g_strdup_printf("[%s]", text);
}

static void test_custom_escape(void)
{
  int calls = 0;
  rd_mustache_options o = { .escape = bracket_escape, .escape_user = &calls };
  assert_render("{{a}} {{{a}}} {{&a}} {{n}}", "{\"a\":\"<x&y>\",\"n\":3}", &o,
                "[<x&y>] <x&y> <x&y> [3]");
  g_assert_cmpint(calls, ==, 2);
  /* Misses and nulls print nothing and never reach the escaper. */
  assert_render("({{missing}}{{z}})", "{\"z\":null}", &o, "()");
  g_assert_cmpint(calls, ==, 2);
}

static void test_no_escape(void)
{
  rd_mustache_options o = { .no_escape = TRUE };
  assert_render("{{a}}|{{{a}}}", "{\"a\":\"& \\\" < >\"}", &o, "& \" < >|& \" < >");
  /* Default: HTML escaping of exactly & " < > (the spec's set). */
  assert_render("{{a}}", "{\"a\":\"& \\\" < > '\"}", NULL, "&amp; &quot; &lt; &gt; '");
  char *e = rd_mustache_escape_html("a&b", NULL);
  g_assert_cmpstr(e, ==, "a&amp;b");
  g_free(e);
}

/* ---------------------------------------------------------------- values */

static void test_numbers(void)
{
  assert_render("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}}",
                "{\"a\":1.210,\"b\":2.0,\"c\":-0.0,\"d\":-17,\"e\":0.1,\"f\":1e20,"
                "\"g\":9007199254740993}",
                NULL, "1.21 2 0 -17 0.1 1e+20 9007199254740993");
  /* Built in C rather than parsed: 0.1 + 0.2 needs all 17 digits to read back. */
  JsonNode *n = json_node_new(JSON_NODE_VALUE);
  json_node_set_double(n, 0.1 + 0.2);
  char *out = rd_mustache_render("{{.}}", n, NULL, NULL);
  g_assert_cmpstr(out, ==, "0.30000000000000004");
  g_free(out);
  json_node_unref(n);
}

static void test_values(void)
{
  /* Booleans print, objects and arrays show as JSON so a template mistake is visible. */
  assert_render("{{t}} {{f}} {{o}} {{l}}", "{\"t\":true,\"f\":false,\"o\":{\"k\":1},\"l\":[1,2]}",
                &(rd_mustache_options){ .no_escape = TRUE }, "true false {\"k\":1} [1,2]");
  /* Truthiness: "" is falsey, 0 and "0" are truthy. */
  assert_render("{{#s}}S{{/s}}{{^s}}s{{/s}}{{#z}}Z{{/z}}{{#zs}}Q{{/zs}}",
                "{\"s\":\"\",\"z\":0,\"zs\":\"0\"}", NULL, "sZQ");
  /* UTF-8 passes through untouched. */
  assert_render("{{#社区}}{{名称}}：{{数量}}件\n{{/社区}}",
                "{\"社区\":[{\"名称\":\"全福街道\",\"数量\":12},{\"名称\":\"东城\",\"数量\":3}]}",
                NULL, "全福街道：12件\n东城：3件\n");
  /* No data at all: everything misses. */
  assert_render("[{{a}}{{.}}{{#a}}x{{/a}}{{^a}}y{{/a}}]", NULL, NULL, "[y]");
}

/* Jobs build JsonNode trees by hand; nodes left without their object, array or value must
 * behave as empty, not trip a json-glib critical (fatal under G_DEBUG=fatal-criticals). */
static void test_bare_nodes(void)
{
  JsonObject *o = json_object_new();
  json_object_set_member(o, "a", json_node_new(JSON_NODE_ARRAY));
  json_object_set_member(o, "o", json_node_new(JSON_NODE_OBJECT));
  json_object_set_member(o, "v", json_node_new(JSON_NODE_VALUE));
  JsonNode *root = json_node_new(JSON_NODE_OBJECT);
  json_node_take_object(root, o);
  char *out = rd_mustache_render("[{{#a}}x{{/a}}{{a}}{{#o}}y{{/o}}{{o.b}}{{v}}{{^v}}z{{/v}}]", root,
                                 NULL, NULL);
  g_assert_cmpstr(out, ==, "[z]");
  g_free(out);
  json_node_unref(root);
  JsonNode *bare = json_node_new(JSON_NODE_OBJECT);
  out = rd_mustache_render("[{{a}}{{#.}}q{{/.}}]", bare, NULL, NULL);
  g_assert_cmpstr(out, ==, "[]");
  g_free(out);
  json_node_unref(bare);
}

/* ---------------------------------------------------------------- errors */

static void test_errors(void)
{
  rd_mustache_options o = { .name = "doc.mustache" };
  assert_error("line one\n  {{x", NULL, &o, RD_MUSTACHE_ERROR_UNCLOSED_TAG,
               "doc.mustache:2:3: ");
  assert_error("{{{x}}", NULL, &o, RD_MUSTACHE_ERROR_UNCLOSED_TAG, "doc.mustache:1:1: ");
  assert_error("a\nb {{#sec}}\n{{x}}\n", NULL, &o, RD_MUSTACHE_ERROR_UNCLOSED_SECTION,
               "doc.mustache:2:3: section \"sec\" is never closed");
  assert_error("{{#a}}\n{{#b}}{{/a}}{{/b}}", NULL, &o, RD_MUSTACHE_ERROR_MISMATCHED_CLOSE,
               "doc.mustache:2:7: closing tag \"a\" does not match section \"b\" opened at 2:1");
  assert_error("x{{/a}}", NULL, &o, RD_MUSTACHE_ERROR_MISMATCHED_CLOSE, "doc.mustache:1:2: ");
  assert_error("\n\n {{=<% =}}", NULL, &o, RD_MUSTACHE_ERROR_BAD_DELIMITER,
               "doc.mustache:3:2: ");
  assert_error("{{= a=b c =}}", NULL, &o, RD_MUSTACHE_ERROR_BAD_DELIMITER, "doc.mustache:1:1: ");
  assert_error("{{=a b c=}}", NULL, &o, RD_MUSTACHE_ERROR_BAD_DELIMITER, "doc.mustache:1:1: ");
  assert_error("{{}}", NULL, &o, RD_MUSTACHE_ERROR_BAD_NAME, "doc.mustache:1:1: empty tag name");
  assert_error("ab{{a..b}}", NULL, &o, RD_MUSTACHE_ERROR_BAD_NAME, "doc.mustache:1:3: ");
  assert_error("{{a b}}", NULL, &o, RD_MUSTACHE_ERROR_BAD_NAME, "doc.mustache:1:1: ");
  assert_error("{{>}}", NULL, &o, RD_MUSTACHE_ERROR_BAD_NAME, "doc.mustache:1:1: ");
  /* Columns count characters, not bytes: 风险 is two characters (six bytes). */
  assert_error("第一行\n风险{{#a}}", NULL, &o, RD_MUSTACHE_ERROR_UNCLOSED_SECTION,
               "doc.mustache:2:3: ");
  /* After a delimiter change the old delimiters are plain text, the new ones must close. */
  assert_error("{{=<% %>=}}{{x}}\n<%y", NULL, &o, RD_MUSTACHE_ERROR_UNCLOSED_TAG,
               "doc.mustache:2:1: tag \"<%\" is never closed by \"%>\"");
  /* Without a name the messages say "template". */
  assert_error("{{x", NULL, NULL, RD_MUSTACHE_ERROR_UNCLOSED_TAG, "template:1:1: ");
  /* rd_mustache_compile reports the same way. */
  GError *error = NULL;
  g_assert_null(rd_mustache_compile("{{#a}}", "c", &error));
  g_assert_error(error, RD_MUSTACHE_ERROR, RD_MUSTACHE_ERROR_UNCLOSED_SECTION);
  g_clear_error(&error);
}

/* ---------------------------------------------------------------- partials */

typedef struct {
  const char *names[8];
  const char *texts[8];
  int calls;
} partial_table;

static char *table_partial(const char *name, void *user)
{
  partial_table *t = user;
  t->calls++;
  for (int i = 0; i < 8 && t->names[i]; i++)
    if (strcmp(t->names[i], name) == 0)
      return g_strdup(t->texts[i]);
  return NULL;
}

static void test_partial_errors(void)
{
  partial_table t = { .names = { "self", "bad", "deep" },
                      .texts = { "x{{>self}}", "ok\n{{#open}}", "{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{>deep}}"
                                                       "{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}" } };
  rd_mustache_options o = { .name = "main", .partial = table_partial, .partial_user = &t };
  /* Endless recursion stops at the depth limit, reported where the last partial was used. */
  assert_error("{{>self}}", NULL, &o, RD_MUSTACHE_ERROR_PARTIAL_DEPTH, "self:1:2: partial \"self\"");
  JsonNode *d = json("{}");
  GError *error = NULL;
  char *out = rd_mustache_render("{{>self}}", d, &o, &error);
  g_assert_null(out);
  g_assert_nonnull(strstr(error->message, "64"));
  g_clear_error(&error);
  json_node_unref(d);
  /* A syntax error inside a partial names both the include site and the partial. */
  assert_error("a\n {{>bad}}", NULL, &o, RD_MUSTACHE_ERROR_UNCLOSED_SECTION,
               "main:2:2: in partial \"bad\": bad:2:1: section \"open\" is never closed");
  /* Sections inside recursive partials hit the overall nesting bound before the C stack. */
  assert_error("{{>deep}}", "{\"a\":true}", &o, RD_MUSTACHE_ERROR_TOO_DEEP, "deep:1:");
  /* Missing partials: nothing by default, an error when asked. */
  assert_render("[{{>nope}}]", NULL, &o, "[]");
  o.missing_partial_is_error = TRUE;
  assert_error("\n[{{>nope}}]", NULL, &o, RD_MUSTACHE_ERROR_MISSING_PARTIAL,
               "main:2:2: partial \"nope\" not found");
}

static void test_partial_indentation(void)
{
  partial_table t = { .names = { "outer", "inner", "inline" },
                      .texts = { "o1\n  {{>inner}}\no2 {{>inline}}\n", "i1\ni2\n", "x\ny" } };
  rd_mustache_options o = { .partial = table_partial, .partial_user = &t };
  /* Standalone partials nest their indentation; interpolated newlines are not indented; an
   * inline partial inside an indented one keeps the enclosing indentation. */
  assert_render("  {{>outer}}\n{{v}}", "{\"v\":\"a\\nb\"}", &o,
                "  o1\n    i1\n    i2\n  o2 x\n  y\na\nb");
}

static void test_compiled_cache(void)
{
  partial_table t1 = { .names = { "p" }, .texts = { "one {{x}}" } };
  partial_table t2 = { .names = { "p" }, .texts = { "two {{x}}" } };
  GError *error = NULL;
  rd_mustache_template *tpl = rd_mustache_compile("<{{>p}}>", "c", &error);
  g_assert_no_error(error);
  JsonNode *d = json("{\"x\":\"&\"}");
  rd_mustache_options o = { .partial = table_partial, .partial_user = &t1 };
  for (int i = 0; i < 3; i++) {
    char *out = rd_mustache_template_render(tpl, d, &o, &error);
    g_assert_no_error(error);
    g_assert_cmpstr(out, ==, "<one &amp;>");
    g_free(out);
  }
  g_assert_cmpint(t1.calls, ==, 1); /* parsed once, then cached */
  o.partial_user = &t2;             /* another source: the cache must not answer */
  char *out = rd_mustache_template_render(tpl, d, &o, &error);
  g_assert_cmpstr(out, ==, "<two &amp;>");
  g_free(out);
  /* Without options: HTML escaping and no partials. */
  out = rd_mustache_template_render(tpl, d, NULL, &error);
  g_assert_cmpstr(out, ==, "<>");
  g_free(out);
  json_node_unref(d);
  rd_mustache_template_free(tpl);
  rd_mustache_template_free(NULL);
}

static void test_partial_from_dir(void)
{
  GError *error = NULL;
  char *dir = g_dir_make_tmp("rd-mustache-XXXXXX", &error);
  g_assert_no_error(error);
  char *head = g_build_filename(dir, "head.mustache", NULL);
  char *secret = g_build_filename(dir, ".secret.mustache", NULL);
  g_assert_true(g_file_set_contents(head, "标题：{{title}}\n", -1, NULL));
  g_assert_true(g_file_set_contents(secret, "no", -1, NULL));
  rd_mustache_options o = { .partial = rd_mustache_partial_from_dir, .partial_user = dir,
                            .missing_partial_is_error = TRUE };
  assert_render("{{>head}}正文", "{\"title\":\"通知\"}", &o, "标题：通知\n正文");
  /* Names that could leave the directory, or reach hidden files, are refused. */
  g_assert_null(rd_mustache_partial_from_dir(".secret", dir));
  g_assert_null(rd_mustache_partial_from_dir("../head", dir));
  g_assert_null(rd_mustache_partial_from_dir("a\\b", dir));
  g_assert_null(rd_mustache_partial_from_dir("", dir));
  g_assert_null(rd_mustache_partial_from_dir("missing", dir));
  g_assert_null(rd_mustache_partial_from_dir("head", NULL));
  assert_error("{{>missing}}", NULL, &o, RD_MUSTACHE_ERROR_MISSING_PARTIAL, "template:1:1: ");
  g_unlink(head);
  g_unlink(secret);
  g_rmdir(dir);
  g_free(head);
  g_free(secret);
  g_free(dir);
}

static void test_limits(void)
{
  /* Nested sections beyond the bound are refused at parse time. */
  GString *deep = g_string_new(NULL);
  for (int i = 0; i < RD_MUSTACHE_MAX_NESTING + 1; i++)
    g_string_append(deep, "{{#a}}");
  assert_error(deep->str, NULL, NULL, RD_MUSTACHE_ERROR_TOO_DEEP, "template:1:");
  g_string_free(deep, TRUE);
  /* Output beyond max_output is an error, not an unbounded allocation. */
  GString *list = g_string_new("{\"l\":[0");
  for (int i = 1; i < 1000; i++)
    g_string_append(list, ",0");
  g_string_append(list, "]}");
  rd_mustache_options o = { .name = "big", .max_output = 4096 };
  assert_error("{{#l}}xxxxxxxx{{/l}}", list->str, &o, RD_MUSTACHE_ERROR_OUTPUT_LIMIT,
               "big: output larger than 4096 bytes");
  o.max_output = 8000; /* exactly enough */
  char *out = render_ok("{{#l}}xxxxxxxx{{/l}}", list->str, &o);
  g_assert_cmpuint(strlen(out), ==, 8000);
  g_free(out);
  g_string_free(list, TRUE);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/mustache/escape/custom", test_custom_escape);
  g_test_add_func("/mustache/escape/none", test_no_escape);
  g_test_add_func("/mustache/values/numbers", test_numbers);
  g_test_add_func("/mustache/values/misc", test_values);
  g_test_add_func("/mustache/values/bare-nodes", test_bare_nodes);
  g_test_add_func("/mustache/errors/positions", test_errors);
  g_test_add_func("/mustache/partials/errors", test_partial_errors);
  g_test_add_func("/mustache/partials/indentation", test_partial_indentation);
  g_test_add_func("/mustache/partials/compiled-cache", test_compiled_cache);
  g_test_add_func("/mustache/partials/from-dir", test_partial_from_dir);
  g_test_add_func("/mustache/limits", test_limits);
  return g_test_run();
}
