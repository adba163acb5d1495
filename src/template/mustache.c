/* mustache.c — Mustache parsing (text -> node tree) and rendering (tree + JsonNode -> text).
 *
 * The parser makes one pass over the template with an explicit stack of open sections, so
 * a hostile template cannot exhaust the C stack while parsing; rendering recurses, and is
 * bounded by RD_MUSTACHE_MAX_NESTING levels of sections plus partials.
 */
#include "template/mustache.h"

#include <math.h>
#include <string.h>

G_DEFINE_QUARK(rd-mustache-error-quark, rd_mustache_error)

#define DEFAULT_NAME "template"

typedef enum {
  NODE_TEXT,      /* literal text */
  NODE_VAR,       /* {{x}}: escaped interpolation */
  NODE_RAW,       /* {{{x}}} or {{&x}}: unescaped interpolation */
  NODE_SECTION,   /* {{#x}}...{{/x}} */
  NODE_INVERTED,  /* {{^x}}...{{/x}} */
  NODE_PARTIAL    /* {{>x}} */
} node_kind;

typedef struct node {
  node_kind kind;
  char *text;          /* TEXT: the literal text; others: the tag's name as written */
  gsize len;           /* TEXT: length of text */
  char **path;         /* names: the name split at '.'; NULL for the implicit iterator "." */
  char *indent;        /* PARTIAL: leading whitespace of a standalone tag; NULL when inline */
  GPtrArray *children; /* SECTION, INVERTED: the body */
  gsize offset;        /* byte offset of the tag in the template, for error positions */
} node;

struct rd_mustache_template {
  char *name;
  char *src;           /* kept to turn node offsets into line:column in render errors */
  GPtrArray *root;
  /* Partials parsed so far (name -> rd_mustache_template*, NULL value = not found), valid
   * for the callback and user pointer below. Created on first use. */
  GHashTable *partials;
  rd_mustache_partial_fn partial_fn;
  void *partial_user;
};

/* ---------------------------------------------------------------- nodes and positions */

static void node_free(gpointer p)
{
  node *n = p;
  if (!n)
    return;
  g_free(n->text);
  g_strfreev(n->path);
  g_free(n->indent);
  if (n->children)
    g_ptr_array_unref(n->children);
  g_free(n);
}

static GPtrArray *node_list_new(void)
{
  return g_ptr_array_new_with_free_func(node_free);
}

/* 1-based line and column (in UTF-8 characters) of byte offset `offset` in src. Counting
 * bytes that are not UTF-8 continuation bytes keeps this safe on invalid UTF-8. */
static void position_of(const char *src, gsize offset, int *line, int *col)
{
  int l = 1, c = 1;
  for (gsize i = 0; i < offset && src[i]; i++) {
    unsigned char b = (unsigned char)src[i];
    if (b == '\n') {
      l++;
      c = 1;
    } else if ((b & 0xC0) != 0x80) {
      c++;
    }
  }
  *line = l;
  *col = c;
}

static void G_GNUC_PRINTF(6, 7)
set_error_at(GError **error, int code, const char *name, const char *src, gsize offset,
             const char *fmt, ...)
{
  int line, col;
  position_of(src, offset, &line, &col);
  va_list ap;
  va_start(ap, fmt);
  char *what = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_set_error(error, RD_MUSTACHE_ERROR, code, "%s:%d:%d: %s", name, line, col, what);
  g_free(what);
}

/* ---------------------------------------------------------------- parser */

typedef struct {
  const char *src;
  const char *end;
  const char *name;
  GError **error;
} parser;

static gboolean is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static gboolean has_space(const char *s, const char *e)
{
  for (; s < e; s++)
    if (is_space(*s))
      return TRUE;
  return FALSE;
}

static void add_text(GPtrArray *list, const char *s, gsize len)
{
  if (len == 0)
    return;
  node *n = g_new0(node, 1);
  n->kind = NODE_TEXT;
  n->text = g_strndup(s, len);
  n->len = len;
  g_ptr_array_add(list, n);
}

/* Checks a name used by a variable or section tag and splits it into its dotted parts.
 * Returns FALSE with the error set when the name is empty or malformed. */
static gboolean parse_name(parser *ps, const char *tag, const char *s, const char *e,
                           node *n)
{
  if (s == e) {
    set_error_at(ps->error, RD_MUSTACHE_ERROR_BAD_NAME, ps->name, ps->src,
                 (gsize)(tag - ps->src), "empty tag name");
    return FALSE;
  }
  if (has_space(s, e)) {
    set_error_at(ps->error, RD_MUSTACHE_ERROR_BAD_NAME, ps->name, ps->src,
                 (gsize)(tag - ps->src), "tag name \"%.*s\" contains whitespace",
                 (int)(e - s), s);
    return FALSE;
  }
  n->text = g_strndup(s, (gsize)(e - s));
  if (strcmp(n->text, ".") == 0)
    return TRUE; /* implicit iterator: path stays NULL */
  n->path = g_strsplit(n->text, ".", -1);
  for (int i = 0; n->path[i]; i++) {
    if (n->path[i][0] == '\0') {
      set_error_at(ps->error, RD_MUSTACHE_ERROR_BAD_NAME, ps->name, ps->src,
                   (gsize)(tag - ps->src), "tag name \"%s\" has an empty dotted part",
                   n->text);
      return FALSE;
    }
  }
  return TRUE;
}

/* Finds the end of a tag whose content starts at p. For {{{x}}} and {{=a b=}} the content
 * must end with the sigil's partner ('}' or '=') right before the closing delimiter.
 * Returns the end of the content (NULL if the tag is unclosed) and sets *tag_end. */
static const char *find_close(parser *ps, const char *p, char partner, const char *close,
                              gsize close_len, const char **tag_end)
{
  const char *from = p;
  for (;;) {
    const char *hit = memmem(from, (gsize)(ps->end - from), close, close_len);
    if (!hit)
      return NULL;
    if (!partner) {
      *tag_end = hit + close_len;
      return hit;
    }
    if (hit > p && hit[-1] == partner) {
      *tag_end = hit + close_len;
      return hit - 1;
    }
    from = hit + 1;
  }
}

/* A standalone tag is alone on its line apart from spaces and tabs; the whole line then
 * disappears from the output. Returns TRUE and the line's bounds if so. */
static gboolean standalone_line(parser *ps, const char *tag, const char *tag_end,
                                const char **line_start, const char **line_next)
{
  const char *ls = tag;
  while (ls > ps->src && (ls[-1] == ' ' || ls[-1] == '\t'))
    ls--;
  if (ls != ps->src && ls[-1] != '\n')
    return FALSE;
  const char *re = tag_end;
  while (re < ps->end && (*re == ' ' || *re == '\t'))
    re++;
  if (re < ps->end && *re == '\r' && re + 1 < ps->end && re[1] == '\n')
    re += 2;
  else if (re < ps->end && *re == '\n')
    re++;
  else if (re != ps->end)
    return FALSE;
  *line_start = ls;
  *line_next = re;
  return TRUE;
}

/* {{=<open> <close>=}}: two delimiters separated by whitespace, neither containing '='. */
static gboolean parse_delimiters(parser *ps, const char *tag, const char *s, const char *e,
                                 const char **open, gsize *open_len, const char **close,
                                 gsize *close_len)
{
  const char *q = s;
  while (q < e && !is_space(*q))
    q++;
  const char *first_end = q;
  while (q < e && is_space(*q))
    q++;
  const char *second = q;
  gboolean ok = first_end > s && second < e && !has_space(second, e) &&
                !memchr(s, '=', (gsize)(first_end - s)) && !memchr(second, '=', (gsize)(e - second));
  if (!ok) {
    set_error_at(ps->error, RD_MUSTACHE_ERROR_BAD_DELIMITER, ps->name, ps->src,
                 (gsize)(tag - ps->src),
                 "bad set-delimiter tag \"%.*s\": expected two delimiters without '=' "
                 "separated by whitespace", (int)(e - s), s);
    return FALSE;
  }
  *open = s;
  *open_len = (gsize)(first_end - s);
  *close = second;
  *close_len = (gsize)(e - second);
  return TRUE;
}

static GPtrArray *parse(const char *src, const char *name, GError **error)
{
  parser ps = { src, src + strlen(src), name, error };
  GPtrArray *root = node_list_new();
  GPtrArray *open_sections = g_ptr_array_new(); /* node*, innermost last; owned by the tree */
  const char *open = "{{", *close = "}}";
  gsize open_len = 2, close_len = 2;
  const char *pos = src, *text_start = src;
  gboolean ok = TRUE;

  while (ok) {
    GPtrArray *list = open_sections->len
                        ? ((node *)open_sections->pdata[open_sections->len - 1])->children
                        : root;
    const char *tag = memmem(pos, (gsize)(ps.end - pos), open, open_len);
    if (!tag) {
      add_text(list, text_start, (gsize)(ps.end - text_start));
      break;
    }
    const char *p = tag + open_len;
    while (p < ps.end && is_space(*p))
      p++;
    char sigil = (p < ps.end && *p && strchr("!#^/>={&", *p)) ? *p : 0;
    if (sigil)
      p++;
    const char *tag_end = NULL;
    char partner = sigil == '{' ? '}' : sigil == '=' ? '=' : 0;
    const char *ce = find_close(&ps, p, partner, close, close_len, &tag_end);
    if (!ce) {
      set_error_at(error, RD_MUSTACHE_ERROR_UNCLOSED_TAG, name, src, (gsize)(tag - src),
                   "tag \"%.*s\" is never closed by \"%.*s\"", (int)open_len, open,
                   (int)close_len, close);
      ok = FALSE;
      break;
    }
    const char *cs = p;
    while (cs < ce && is_space(*cs))
      cs++;
    while (ce > cs && is_space(ce[-1]))
      ce--;

    /* Standalone lines vanish; everything else keeps its surrounding text. */
    const char *text_end = tag, *next = tag_end, *ls = NULL, *le = NULL;
    gboolean standalone = sigil && strchr("!#^/>=", sigil) &&
                          standalone_line(&ps, tag, tag_end, &ls, &le);
    if (standalone) {
      text_end = ls;
      next = le;
    }
    add_text(list, text_start, (gsize)(text_end - text_start));
    text_start = pos = next;

    node *n = NULL;
    switch (sigil) {
    case '!':
      break;
    case '=':
      ok = parse_delimiters(&ps, tag, cs, ce, &open, &open_len, &close, &close_len);
      break;
    case '#':
    case '^':
      if (open_sections->len >= RD_MUSTACHE_MAX_NESTING) {
        set_error_at(error, RD_MUSTACHE_ERROR_TOO_DEEP, name, src, (gsize)(tag - src),
                     "sections nested deeper than %d levels", RD_MUSTACHE_MAX_NESTING);
        ok = FALSE;
        break;
      }
      n = g_new0(node, 1);
      n->kind = sigil == '#' ? NODE_SECTION : NODE_INVERTED;
      n->offset = (gsize)(tag - src);
      n->children = node_list_new();
      g_ptr_array_add(list, n);
      if (!parse_name(&ps, tag, cs, ce, n))
        ok = FALSE;
      else
        g_ptr_array_add(open_sections, n);
      break;
    case '/': {
      if (open_sections->len == 0) {
        set_error_at(error, RD_MUSTACHE_ERROR_MISMATCHED_CLOSE, name, src, (gsize)(tag - src),
                     "closing tag \"%.*s\" without an open section", (int)(ce - cs), cs);
        ok = FALSE;
        break;
      }
      node *top = open_sections->pdata[open_sections->len - 1];
      if ((gsize)(ce - cs) != strlen(top->text) || memcmp(cs, top->text, (gsize)(ce - cs)) != 0) {
        int l, c;
        position_of(src, top->offset, &l, &c);
        set_error_at(error, RD_MUSTACHE_ERROR_MISMATCHED_CLOSE, name, src, (gsize)(tag - src),
                     "closing tag \"%.*s\" does not match section \"%s\" opened at %d:%d",
                     (int)(ce - cs), cs, top->text, l, c);
        ok = FALSE;
        break;
      }
      g_ptr_array_set_size(open_sections, open_sections->len - 1);
      break;
    }
    case '>':
      if (cs == ce || has_space(cs, ce)) {
        set_error_at(error, RD_MUSTACHE_ERROR_BAD_NAME, name, src, (gsize)(tag - src),
                     "bad partial name \"%.*s\"", (int)(ce - cs), cs);
        ok = FALSE;
        break;
      }
      n = g_new0(node, 1);
      n->kind = NODE_PARTIAL;
      n->offset = (gsize)(tag - src);
      n->text = g_strndup(cs, (gsize)(ce - cs));
      if (standalone)
        n->indent = g_strndup(ls, (gsize)(tag - ls));
      g_ptr_array_add(list, n);
      break;
    default: /* '{', '&' or a plain variable */
      n = g_new0(node, 1);
      n->kind = sigil ? NODE_RAW : NODE_VAR;
      n->offset = (gsize)(tag - src);
      g_ptr_array_add(list, n);
      ok = parse_name(&ps, tag, cs, ce, n);
      break;
    }
  }

  if (ok && open_sections->len) {
    node *top = open_sections->pdata[open_sections->len - 1];
    set_error_at(error, RD_MUSTACHE_ERROR_UNCLOSED_SECTION, name, src, top->offset,
                 "section \"%s\" is never closed", top->text);
    ok = FALSE;
  }
  g_ptr_array_unref(open_sections);
  if (!ok) {
    g_ptr_array_unref(root);
    return NULL;
  }
  return root;
}

/* ---------------------------------------------------------------- templates */

rd_mustache_template *rd_mustache_compile(const char *template_text, const char *name,
                                          GError **error)
{
  g_return_val_if_fail(template_text != NULL, NULL);
  if (!name)
    name = DEFAULT_NAME;
  GPtrArray *root = parse(template_text, name, error);
  if (!root)
    return NULL;
  rd_mustache_template *tpl = g_new0(rd_mustache_template, 1);
  tpl->name = g_strdup(name);
  tpl->src = g_strdup(template_text);
  tpl->root = root;
  return tpl;
}

void rd_mustache_template_free(rd_mustache_template *tpl)
{
  if (!tpl)
    return;
  g_free(tpl->name);
  g_free(tpl->src);
  g_ptr_array_unref(tpl->root);
  if (tpl->partials)
    g_hash_table_unref(tpl->partials);
  g_free(tpl);
}

static void template_free_cb(gpointer p)
{
  rd_mustache_template_free(p);
}

/* ---------------------------------------------------------------- values */

char *rd_mustache_escape_html(const char *text, void *user)
{
  (void)user;
  GString *s = g_string_sized_new(strlen(text) + 16);
  for (const char *p = text; *p; p++) {
    switch (*p) {
    case '&': g_string_append(s, "&amp;"); break;
    case '"': g_string_append(s, "&quot;"); break;
    case '<': g_string_append(s, "&lt;"); break;
    case '>': g_string_append(s, "&gt;"); break;
    default: g_string_append_c(s, *p); break;
    }
  }
  return g_string_free(s, FALSE);
}

/* The shortest decimal text that reads back as d; integral values without a decimal point. */
static char *format_double(double d)
{
  if (isnan(d))
    return g_strdup("NaN");
  if (isinf(d))
    return g_strdup(d > 0 ? "Infinity" : "-Infinity");
  if (d == floor(d) && fabs(d) < 1e15)
    return g_strdup_printf("%.0f", d == 0 ? 0.0 : d); /* 0.0 also turns -0 into "0" */
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  for (int prec = 1; prec <= 17; prec++) {
    char fmt[8];
    g_snprintf(fmt, sizeof fmt, "%%.%dg", prec);
    g_ascii_formatd(buf, sizeof buf, fmt, d);
    if (g_ascii_strtod(buf, NULL) == d)
      break;
  }
  return g_strdup(buf);
}

/* Text of an interpolated value (g_malloc'd), or NULL for null and misses. */
static char *value_text(JsonNode *v)
{
  if (!v)
    return NULL;
  switch (json_node_get_node_type(v)) {
  case JSON_NODE_NULL:
    return NULL;
  case JSON_NODE_OBJECT:
    return json_node_get_object(v) ? json_to_string(v, FALSE) : NULL;
  case JSON_NODE_ARRAY:
    return json_node_get_array(v) ? json_to_string(v, FALSE) : NULL;
  case JSON_NODE_VALUE:
    break;
  }
  GType t = json_node_get_value_type(v);
  if (t == G_TYPE_STRING)
    return g_strdup(json_node_get_string(v));
  if (t == G_TYPE_INT64)
    return g_strdup_printf("%" G_GINT64_FORMAT, json_node_get_int(v));
  if (t == G_TYPE_DOUBLE)
    return format_double(json_node_get_double(v));
  if (t == G_TYPE_BOOLEAN)
    return g_strdup(json_node_get_boolean(v) ? "true" : "false");
  return NULL; /* json-glib stores only the four types above */
}

static gboolean truthy(JsonNode *v)
{
  if (!v)
    return FALSE;
  switch (json_node_get_node_type(v)) {
  case JSON_NODE_NULL:
    return FALSE;
  case JSON_NODE_ARRAY:
    return json_node_get_array(v) && json_array_get_length(json_node_get_array(v)) > 0;
  case JSON_NODE_OBJECT:
    return json_node_get_object(v) != NULL;
  case JSON_NODE_VALUE:
    break;
  }
  GType t = json_node_get_value_type(v);
  if (t == G_TYPE_BOOLEAN)
    return json_node_get_boolean(v);
  if (t == G_TYPE_STRING) {
    const char *s = json_node_get_string(v);
    return s && *s;
  }
  return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE; /* numbers, even 0; not an unset value */
}

/* ---------------------------------------------------------------- renderer */

typedef struct {
  GString *out;
  const rd_mustache_options *opts;
  rd_mustache_template *cache_owner; /* the template being rendered: holds the partial cache */
  GPtrArray *stack;                  /* context stack of JsonNode*, innermost last */
  const char *indent;                /* indentation of the standalone partial being rendered */
  gboolean at_line_start;            /* the next output starts a line of the current partial */
  int partial_depth;
  int nesting;                       /* sections + partials currently open */
  gsize max_output;
  GError **error;
} render_ctx;

static gboolean render_list(render_ctx *ctx, rd_mustache_template *tpl, GPtrArray *list);

/* Member `name` of v when v is an object that has it, else NULL. Tolerates object nodes
 * built without an object attached. */
static JsonNode *member(JsonNode *v, const char *name)
{
  JsonObject *o = JSON_NODE_HOLDS_OBJECT(v) ? json_node_get_object(v) : NULL;
  return o && json_object_has_member(o, name) ? json_object_get_member(o, name) : NULL;
}

static JsonNode *lookup(render_ctx *ctx, char **path)
{
  if (ctx->stack->len == 0)
    return NULL;
  if (!path)
    return ctx->stack->pdata[ctx->stack->len - 1];
  JsonNode *v = NULL;
  /* The first part is searched up the context stack; the rest only inside what it found,
   * so a broken chain is a miss even if an outer context has the full path. */
  for (guint i = ctx->stack->len; !v && i-- > 0;)
    v = member(ctx->stack->pdata[i], path[0]);
  for (int k = 1; v && path[k]; k++)
    v = member(v, path[k]);
  return v;
}

static gboolean emit(render_ctx *ctx, const char *s, gsize len)
{
  if (ctx->out->len + len > ctx->max_output) {
    g_set_error(ctx->error, RD_MUSTACHE_ERROR, RD_MUSTACHE_ERROR_OUTPUT_LIMIT,
                "%s: output larger than %" G_GSIZE_FORMAT " bytes",
                ctx->cache_owner->name, ctx->max_output);
    return FALSE;
  }
  g_string_append_len(ctx->out, s, (gssize)len);
  return TRUE;
}

static gboolean emit_pending_indent(render_ctx *ctx)
{
  gboolean ok = TRUE;
  if (ctx->at_line_start && *ctx->indent)
    ok = emit(ctx, ctx->indent, strlen(ctx->indent));
  ctx->at_line_start = FALSE;
  return ok;
}

/* Template text: each of its lines gets the current partial indentation. */
static gboolean emit_text(render_ctx *ctx, const char *p, gsize len)
{
  const char *end = p + len;
  while (p < end) {
    if (!emit_pending_indent(ctx))
      return FALSE;
    const char *nl = memchr(p, '\n', (gsize)(end - p));
    const char *stop = nl ? nl + 1 : end;
    if (!emit(ctx, p, (gsize)(stop - p)))
      return FALSE;
    ctx->at_line_start = nl != NULL;
    p = stop;
  }
  return TRUE;
}

/* An interpolated value: indented where it starts a line, but its own newlines are not. */
static gboolean emit_value(render_ctx *ctx, const node *n, JsonNode *v)
{
  if (!emit_pending_indent(ctx))
    return FALSE;
  char *text = value_text(v);
  if (!text)
    return TRUE;
  if (n->kind == NODE_VAR && !ctx->opts->no_escape) {
    char *esc = ctx->opts->escape ? ctx->opts->escape(text, ctx->opts->escape_user)
                                  : rd_mustache_escape_html(text, NULL);
    g_free(text);
    text = esc;
  }
  gboolean ok = !text || emit(ctx, text, strlen(text));
  g_free(text);
  return ok;
}

static gboolean enter(render_ctx *ctx, rd_mustache_template *tpl, const node *n)
{
  if (ctx->nesting >= RD_MUSTACHE_MAX_NESTING) {
    set_error_at(ctx->error, RD_MUSTACHE_ERROR_TOO_DEEP, tpl->name, tpl->src, n->offset,
                 "sections and partials nested deeper than %d levels",
                 RD_MUSTACHE_MAX_NESTING);
    return FALSE;
  }
  ctx->nesting++;
  return TRUE;
}

static gboolean render_section(render_ctx *ctx, rd_mustache_template *tpl, const node *n)
{
  JsonNode *v = lookup(ctx, n->path);
  if (n->kind == NODE_INVERTED) {
    if (truthy(v))
      return TRUE;
    if (!enter(ctx, tpl, n))
      return FALSE;
    gboolean ok = render_list(ctx, tpl, n->children);
    ctx->nesting--;
    return ok;
  }
  if (!truthy(v))
    return TRUE;
  if (!enter(ctx, tpl, n))
    return FALSE;
  gboolean ok = TRUE;
  if (JSON_NODE_HOLDS_ARRAY(v)) {
    JsonArray *a = json_node_get_array(v);
    guint len = json_array_get_length(a);
    for (guint i = 0; ok && i < len; i++) {
      g_ptr_array_add(ctx->stack, json_array_get_element(a, i));
      ok = render_list(ctx, tpl, n->children);
      g_ptr_array_set_size(ctx->stack, ctx->stack->len - 1);
    }
  } else {
    g_ptr_array_add(ctx->stack, v);
    ok = render_list(ctx, tpl, n->children);
    g_ptr_array_set_size(ctx->stack, ctx->stack->len - 1);
  }
  ctx->nesting--;
  return ok;
}

/* Finds (and caches) the parsed partial `name`. *out is NULL when the callback has none.
 * Returns FALSE only on a syntax error in the partial. */
static gboolean get_partial(render_ctx *ctx, const char *name, rd_mustache_template **out)
{
  rd_mustache_template *owner = ctx->cache_owner;
  gpointer found;
  if (!owner->partials)
    owner->partials = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, template_free_cb);
  if (g_hash_table_lookup_extended(owner->partials, name, NULL, &found)) {
    *out = found;
    return TRUE;
  }
  char *text = ctx->opts->partial ? ctx->opts->partial(name, ctx->opts->partial_user) : NULL;
  rd_mustache_template *p = NULL;
  if (text) {
    p = rd_mustache_compile(text, name, ctx->error);
    g_free(text);
    if (!p)
      return FALSE;
  }
  g_hash_table_insert(owner->partials, g_strdup(name), p);
  *out = p;
  return TRUE;
}

static gboolean render_partial(render_ctx *ctx, rd_mustache_template *tpl, const node *n)
{
  if (ctx->partial_depth >= RD_MUSTACHE_MAX_PARTIAL_DEPTH) {
    set_error_at(ctx->error, RD_MUSTACHE_ERROR_PARTIAL_DEPTH, tpl->name, tpl->src, n->offset,
                 "partial \"%s\" nested deeper than %d partials (endless recursion?)",
                 n->text, RD_MUSTACHE_MAX_PARTIAL_DEPTH);
    return FALSE;
  }
  rd_mustache_template *p = NULL;
  if (!get_partial(ctx, n->text, &p)) {
    int line, col;
    position_of(tpl->src, n->offset, &line, &col);
    g_prefix_error(ctx->error, "%s:%d:%d: in partial \"%s\": ", tpl->name, line, col, n->text);
    return FALSE;
  }
  if (!p) {
    if (!ctx->opts->missing_partial_is_error)
      return TRUE; /* the spec: a missing partial renders as nothing */
    set_error_at(ctx->error, RD_MUSTACHE_ERROR_MISSING_PARTIAL, tpl->name, tpl->src, n->offset,
                 "partial \"%s\" not found", n->text);
    return FALSE;
  }
  if (!enter(ctx, tpl, n))
    return FALSE;
  const char *saved_indent = ctx->indent;
  char *indent = NULL;
  if (n->indent) {
    indent = g_strconcat(saved_indent, n->indent, NULL);
    ctx->indent = indent;
    ctx->at_line_start = TRUE;
  }
  ctx->partial_depth++;
  gboolean ok = render_list(ctx, p, p->root);
  ctx->partial_depth--;
  ctx->indent = saved_indent;
  g_free(indent);
  ctx->nesting--;
  return ok;
}

static gboolean render_list(render_ctx *ctx, rd_mustache_template *tpl, GPtrArray *list)
{
  for (guint i = 0; i < list->len; i++) {
    const node *n = list->pdata[i];
    gboolean ok = TRUE;
    switch (n->kind) {
    case NODE_TEXT:
      ok = emit_text(ctx, n->text, n->len);
      break;
    case NODE_VAR:
    case NODE_RAW:
      ok = emit_value(ctx, n, lookup(ctx, n->path));
      break;
    case NODE_SECTION:
    case NODE_INVERTED:
      ok = render_section(ctx, tpl, n);
      break;
    case NODE_PARTIAL:
      ok = render_partial(ctx, tpl, n);
      break;
    }
    if (!ok)
      return FALSE;
  }
  return TRUE;
}

char *rd_mustache_template_render(rd_mustache_template *tpl, JsonNode *data,
                                  const rd_mustache_options *opts, GError **error)
{
  g_return_val_if_fail(tpl != NULL, NULL);
  static const rd_mustache_options defaults = { 0 };
  if (!opts)
    opts = &defaults;
  if (tpl->partials &&
      (tpl->partial_fn != opts->partial || tpl->partial_user != opts->partial_user))
    g_hash_table_remove_all(tpl->partials);
  tpl->partial_fn = opts->partial;
  tpl->partial_user = opts->partial_user;

  render_ctx ctx = {
    .out = g_string_sized_new(strlen(tpl->src) + 64),
    .opts = opts,
    .cache_owner = tpl,
    .stack = g_ptr_array_new(),
    .indent = "",
    .at_line_start = TRUE,
    .max_output = opts->max_output ? opts->max_output : RD_MUSTACHE_DEFAULT_MAX_OUTPUT,
    .error = error,
  };
  if (data)
    g_ptr_array_add(ctx.stack, data);
  gboolean ok = render_list(&ctx, tpl, tpl->root);
  g_ptr_array_unref(ctx.stack);
  if (!ok) {
    g_string_free(ctx.out, TRUE);
    return NULL;
  }
  return g_string_free(ctx.out, FALSE);
}

char *rd_mustache_render(const char *template_text, JsonNode *data,
                         const rd_mustache_options *opts, GError **error)
{
  g_return_val_if_fail(template_text != NULL, NULL);
  rd_mustache_template *tpl = rd_mustache_compile(template_text, opts ? opts->name : NULL,
                                                  error);
  if (!tpl)
    return NULL;
  char *out = rd_mustache_template_render(tpl, data, opts, error);
  rd_mustache_template_free(tpl);
  return out;
}

/* ---------------------------------------------------------------- partials from files */

char *rd_mustache_partial_from_dir(const char *name, void *user)
{
  const char *dir = user;
  if (!dir || !name || !*name || name[0] == '.' || strchr(name, '/') || strchr(name, '\\'))
    return NULL;
  char *file = g_strconcat(name, ".mustache", NULL);
  char *path = g_build_filename(dir, file, NULL);
  char *text = NULL;
  if (!g_file_get_contents(path, &text, NULL, NULL))
    text = NULL;
  g_free(file);
  g_free(path);
  return text;
}
