/* mustache.h — the project's Mustache engine (spec v1.x core: no lambdas, no inheritance).
 *
 * Templates are text; data is a json-glib JsonNode tree. Supported: comments, set delimiters,
 * escaped {{x}} and unescaped {{{x}}} / {{&x}} interpolation, dotted names, the implicit
 * iterator {{.}}, context-stack lookup, sections, inverted sections, partials (with the spec's
 * standalone indentation) and the spec's standalone-line whitespace rules.
 *
 * Choices the spec leaves to the implementation:
 *   - Falsey values: missing, null, false, empty list and the empty string "". Numbers
 *     (including 0), non-empty strings and every object are truthy.
 *   - Numbers print the shortest way that reads back the same: 85 -> "85", 1.210 -> "1.21",
 *     2.0 -> "2". Booleans print "true" / "false", null and misses print nothing, objects and
 *     arrays print as compact JSON (so a template bug is visible rather than silent).
 *   - A standalone partial is indented by its line's leading whitespace (as the spec says);
 *     a partial used inside an indented partial inherits that indentation.
 *   - A partial the callback cannot find renders as "" (the spec's rule) unless
 *     rd_mustache_options.missing_partial_is_error is set.
 *
 * Errors (bad syntax, missing partial in strict mode, partials nested deeper than
 * RD_MUSTACHE_MAX_PARTIAL_DEPTH, sections nested deeper than RD_MUSTACHE_MAX_NESTING, output
 * beyond the size limit) come back as GError in RD_MUSTACHE_ERROR, with a message of the form
 * "<template name>:<line>:<column>: <what>" (line and column are 1-based, the column counts
 * UTF-8 characters). No input crashes the engine.
 *
 * Typical use by a job (plain-text output, partials from templates/):
 *
 *   rd_mustache_options o = { .partial = rd_mustache_partial_from_dir,
 *                             .partial_user = (void *)templates_dir,
 *                             .escape = my_text_escape, .missing_partial_is_error = TRUE };
 *   rd_mustache_template *t = rd_mustache_compile(text, "notice.mustache", &error);
 *   char *out = t ? rd_mustache_template_render(t, data, &o, &error) : NULL;
 *   ...
 *   g_free(out);
 *   rd_mustache_template_free(t);
 */
#ifndef RISKDOC_TEMPLATE_MUSTACHE_H
#define RISKDOC_TEMPLATE_MUSTACHE_H

#include <glib.h>
#include <json-glib/json-glib.h>

#define RD_MUSTACHE_MAX_PARTIAL_DEPTH 64
#define RD_MUSTACHE_MAX_NESTING 256
#define RD_MUSTACHE_DEFAULT_MAX_OUTPUT ((gsize)256 * 1024 * 1024)

#define RD_MUSTACHE_ERROR (rd_mustache_error_quark())
GQuark rd_mustache_error_quark(void);

typedef enum {
  RD_MUSTACHE_ERROR_UNCLOSED_TAG,      /* "{{" without its closing delimiter */
  RD_MUSTACHE_ERROR_UNCLOSED_SECTION,  /* {{#a}} or {{^a}} without {{/a}} */
  RD_MUSTACHE_ERROR_MISMATCHED_CLOSE,  /* {{/b}} closing {{#a}}, or closing nothing */
  RD_MUSTACHE_ERROR_BAD_DELIMITER,     /* {{=...=}} not two delimiters without '=' / spaces */
  RD_MUSTACHE_ERROR_BAD_NAME,          /* empty tag, whitespace in a name, "a..b" */
  RD_MUSTACHE_ERROR_TOO_DEEP,          /* sections nested beyond RD_MUSTACHE_MAX_NESTING */
  RD_MUSTACHE_ERROR_PARTIAL_DEPTH,     /* partials nested beyond RD_MUSTACHE_MAX_PARTIAL_DEPTH */
  RD_MUSTACHE_ERROR_MISSING_PARTIAL,   /* only with missing_partial_is_error */
  RD_MUSTACHE_ERROR_OUTPUT_LIMIT       /* output larger than max_output */
} rd_mustache_error;

/* Returns the partial's template text (g_malloc'd, the engine frees it) or NULL if none. */
typedef char *(*rd_mustache_partial_fn)(const char *name, void *user);
/* Returns the escaped form of text (g_malloc'd, the engine frees it). */
typedef char *(*rd_mustache_escape_fn)(const char *text, void *user);

typedef struct {
  const char *name;               /* template name for error messages; NULL -> "template" */
  rd_mustache_partial_fn partial; /* NULL: every partial is missing */
  void *partial_user;
  rd_mustache_escape_fn escape;   /* NULL: HTML escaping (& " < >) */
  void *escape_user;
  gboolean no_escape;             /* TRUE: {{x}} prints like {{{x}}} */
  gboolean missing_partial_is_error;
  gsize max_output;               /* 0: RD_MUSTACHE_DEFAULT_MAX_OUTPUT bytes */
} rd_mustache_options;

/* One-shot: parse and render. opts may be NULL (HTML escaping, no partials).
 * Returns the g_malloc'd output, or NULL with *error set. */
char *rd_mustache_render(const char *template_text, JsonNode *data,
                         const rd_mustache_options *opts, GError **error);

/* A parsed template, for rendering many times. It caches the partials it has parsed, keyed
 * by name; the cache is dropped whenever a render passes a different partial callback or
 * user pointer. Not safe to render the same object from two threads at once. */
typedef struct rd_mustache_template rd_mustache_template;

/* name is used in error messages (NULL -> "template"). Returns NULL with *error set on a
 * syntax error. */
rd_mustache_template *rd_mustache_compile(const char *template_text, const char *name,
                                          GError **error);
/* opts->name is ignored (the compiled name is used). */
char *rd_mustache_template_render(rd_mustache_template *tpl, JsonNode *data,
                                  const rd_mustache_options *opts, GError **error);
void rd_mustache_template_free(rd_mustache_template *tpl);

/* The default escaper: & " < > become &amp; &quot; &lt; &gt;. user is unused. */
char *rd_mustache_escape_html(const char *text, void *user);

/* A partial callback reading "<dir>/<name>.mustache", where user is the directory
 * (const char *). Names containing '/' or '\\' or starting with '.' are refused (NULL), so a
 * template cannot read files outside dir; unreadable or missing files give NULL too. */
char *rd_mustache_partial_from_dir(const char *name, void *user);

#endif
