/* document.c — the document model and its plain-text format (docs/typeset.md).
 *
 * A document is an optional front matter between two `---` lines (`key: value`, the 版头,
 * 署名 and 版记 fields), then the body: one line per paragraph, `#`…`####` headings numbered
 * automatically, `|` table rows, `- ` list items, `@` directives (`@附件 标题`, `@分页`,
 * `@表格 标题`, `@图表 标题`, `@居中 文字`) and `%` comments. A backslash makes the next
 * character literal; `{…}` marks a name that a line break must not cut. */
#include <string.h>
#include <stdlib.h>
#include "internal.h"
#include "text.h"

#define NOBREAK_OPEN "\xEE\x80\x80"    /* U+E000 */
#define NOBREAK_CLOSE "\xEE\x80\x81"   /* U+E001 */

static void block_free(gpointer data)
{
  rd_block *b = data;
  g_free(b->number);
  g_free(b->text);
  g_free(b->caption);
  g_free(b->widths);
  g_free(b->continued);
  if (b->rows)
    g_ptr_array_free(b->rows, TRUE);
  if (b->row_lines)
    g_array_free(b->row_lines, TRUE);
  if (b->row_levels)
    g_array_free(b->row_levels, TRUE);
  g_free(b);
}

static void attachment_free(gpointer data)
{
  rd_attachment *a = data;
  g_free(a->title);
  g_ptr_array_free(a->blocks, TRUE);
  g_free(a);
}

static rd_document *document_new(const char *name)
{
  rd_document *d = g_new0(rd_document, 1);
  d->name = g_strdup(name ? name : "<document>");
  d->issuers = g_ptr_array_new_with_free_func(g_free);
  d->title_lines = g_ptr_array_new_with_free_func(g_free);
  d->body = g_ptr_array_new_with_free_func(block_free);
  d->attachments = g_ptr_array_new_with_free_func(attachment_free);
  d->attach_list = TRUE;
  d->double_sided = -1;
  d->field_lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify)g_array_unref);
  return d;
}

void rd_document_free(rd_document *d)
{
  if (!d)
    return;
  g_free(d->name);
  g_free(d->copy_number);
  g_free(d->secret);
  g_free(d->urgency);
  g_ptr_array_free(d->issuers, TRUE);
  g_free(d->mark_suffix);
  g_free(d->doc_number);
  g_free(d->signers);
  g_ptr_array_free(d->title_lines, TRUE);
  g_free(d->title_flat);
  g_free(d->main_recipients);
  g_ptr_array_free(d->body, TRUE);
  g_free(d->signature);
  g_free(d->date);
  g_free(d->seal);
  g_free(d->note);
  g_ptr_array_free(d->attachments, TRUE);
  g_free(d->cc);
  g_free(d->printer);
  g_free(d->print_date);
  g_free(d->author);
  g_free(d->subject);
  g_free(d->keywords);
  g_free(d->basedir);
  g_free(d->folio);
  g_hash_table_destroy(d->field_lines);
  g_free(d);
}

const char *rd_document_title(const rd_document *doc)
{
  return doc->title_flat ? doc->title_flat : "";
}

/* ---- text entering the model -------------------------------------------------------------- */

/* A new string without the invisible controls. Every text the model keeps is filtered:
 * here (front-matter keys, directive names, rd_document_set_field, the profile's fields) or
 * in unescape() (every value and body text the parser reads). */
static char *model_text(const char *text)
{
  GString *s = g_string_sized_new(text ? strlen(text) : 0);
  if (text)
    rd_text_append_visible(s, text, strlen(text));
  return g_string_free(s, FALSE);
}

/* ---- escaping ---------------------------------------------------------------------------- */

char *rd_document_escape_text(const char *text)
{
  GString *s = g_string_new(NULL);
  for (const char *p = text ? text : ""; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char_validated(p, -1);
    if (c == (gunichar)-1 || c == (gunichar)-2)
      break;   /* invalid UTF-8: stop rather than emit garbage */
    if (c == '\n' || c == '\r' || c == '\t') {
      g_string_append_c(s, ' ');
      continue;
    }
    if (c < 0x20 || c == 0x7f || (c >= 0xE000 && c <= 0xE001))
      continue;
    if (strchr("\\|#@-{}%", (int)c) && c < 0x80)
      g_string_append_c(s, '\\');
    g_string_append_unichar(s, c);
  }
  return g_string_free(s, FALSE);
}

char *rd_document_escape_name(const char *text)
{
  char *e = rd_document_escape_text(text);
  char *out = g_strdup_printf("{%s}", e);
  g_free(e);
  return out;
}

/* ---- parsing helpers ---------------------------------------------------------------------- */

typedef struct parser {
  rd_document *doc;
  const char *name;
  int line;
  GError **error;
  GPtrArray *blocks;      /* where body blocks go (body or current attachment) */
  int counters[4];
  rd_block *table;        /* the table being read */
  char *pending_caption;  /* @表格 / @图表 caption for the next table */
  gboolean pending_chart;
  double pending_size;
  gboolean pending_dense; /* @表格 紧凑 */
  char *pending_continued; /* @表格 续=: the suffix of a continued group heading, or NULL */
  GArray *pending_widths; /* @表格 列宽=: doubles, or NULL */
} parser;

static gboolean fail(parser *ps, int column, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static gboolean fail(parser *ps, int column, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_set_error(ps->error, RD_TYPESET_ERROR, RD_TYPESET_ERROR_PARSE, "%s:%d:%d: %s", ps->name,
              ps->line, column, msg);
  g_free(msg);
  return FALSE;
}

/* Column (1-based, in characters) of p inside line. */
static int column_of(const char *line, const char *p)
{
  return (int)g_utf8_strlen(line, p - line) + 1;
}

/* Resolves backslash escapes and turns unescaped braces into the no-break marks. */
static char *unescape(parser *ps, const char *line, const char *start, const char *end, gboolean *ok)
{
  GString *s = g_string_new(NULL);
  int depth = 0;
  const char *open = NULL;
  *ok = TRUE;
  for (const char *p = start; p < end; p = g_utf8_next_char(p)) {
    if (*p == '\\') {
      if (p + 1 >= end) {
        *ok = fail(ps, column_of(line, p), "a backslash must be followed by the character it escapes");
        break;
      }
      p++;
      if (!rd_is_invisible_control(g_utf8_get_char(p)))
        g_string_append_unichar(s, g_utf8_get_char(p));
      continue;
    }
    if (*p == '{') {
      if (depth++ == 0)
        open = p;
      if (depth == 1)
        g_string_append(s, NOBREAK_OPEN);
      continue;
    }
    if (*p == '}') {
      if (depth == 0) {
        *ok = fail(ps, column_of(line, p), "'}' without '{' (write \\} for a literal brace)");
        break;
      }
      if (--depth == 0)
        g_string_append(s, NOBREAK_CLOSE);
      continue;
    }
    if (!rd_is_invisible_control(g_utf8_get_char(p)))
      g_string_append_unichar(s, g_utf8_get_char(p));
  }
  if (*ok && depth > 0)
    *ok = fail(ps, column_of(line, open), "'{' is not closed on this line (write \\{ for a literal brace)");
  if (!*ok) {
    g_string_free(s, TRUE);
    return NULL;
  }
  return g_string_free(s, FALSE);
}

/* Parses 2024-05-20, 2024/5/20, 2024.5.20 and 2024年5月20日. */
static gboolean parse_date(const char *text, int *y, int *m, int *d)
{
  char *end = NULL;
  const char *p = text;
  while (*p == ' ')
    p++;
  long yy = strtol(p, &end, 10);
  if (end == p || yy < 1900 || yy > 2999)
    return FALSE;
  p = end;
  if (g_str_has_prefix(p, "年"))
    p += strlen("年");
  else if (*p == '-' || *p == '/' || *p == '.')
    p++;
  else
    return FALSE;
  long mm = strtol(p, &end, 10);
  if (end == p || mm < 1 || mm > 12)
    return FALSE;
  p = end;
  if (g_str_has_prefix(p, "月"))
    p += strlen("月");
  else if (*p == '-' || *p == '/' || *p == '.')
    p++;
  else
    return FALSE;
  long dd = strtol(p, &end, 10);
  if (end == p || dd < 1 || !g_date_valid_dmy((GDateDay)dd, (GDateMonth)mm, (GDateYear)yy))
    return FALSE;
  p = end;
  if (g_str_has_prefix(p, "日"))
    p += strlen("日");
  while (*p == ' ')
    p++;
  if (*p)
    return FALSE;
  *y = (int)yy;
  *m = (int)mm;
  *d = (int)dd;
  return TRUE;
}

static gboolean parse_bool(const char *v, gboolean *out)
{
  static const char *yes[] = { "是", "开", "true", "yes", "1", "on", NULL };
  static const char *no[] = { "否", "关", "false", "no", "0", "off", "无", NULL };
  for (int i = 0; yes[i]; i++)
    if (!g_ascii_strcasecmp(v, yes[i])) {
      *out = TRUE;
      return TRUE;
    }
  for (int i = 0; no[i]; i++)
    if (!g_ascii_strcasecmp(v, no[i])) {
      *out = FALSE;
      return TRUE;
    }
  return FALSE;
}

static void set_str(char **field, const char *value)
{
  g_free(*field);
  *field = (value && *value) ? g_strdup(value) : NULL;
}

static void refresh_title(rd_document *d)
{
  g_free(d->title_flat);
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < d->title_lines->len; i++)
    for (const char *p = g_ptr_array_index(d->title_lines, i); *p; p = g_utf8_next_char(p)) {
      gunichar c = g_utf8_get_char(p);
      if (c != 0xE000 && c != 0xE001)
        g_string_append_unichar(s, c);
    }
  d->title_flat = g_string_free(s, FALSE);
}

/* 页码: 标准 (— N —), 无, or a pattern in which N is the page number and M the page count. */
static gboolean set_folio(rd_document *d, const char *value, const char **why)
{
  g_free(d->folio);
  d->folio = NULL;
  if (!*value || !strcmp(value, "标准"))
    return TRUE;
  if (!strcmp(value, "无") || !strcmp(value, "否")) {
    d->folio = g_strdup("");
    return TRUE;
  }
  if (!strchr(value, 'N')) {
    *why = "页码 must be 标准, 无, or a pattern with N for the page number (e.g. 第N页 共M页)";
    return FALSE;
  }
  d->folio = g_strdup(value);
  return TRUE;
}

/* Sets one field from already-unescaped text. Returns FALSE with a message in *why. */
static gboolean set_field(rd_document *d, const char *key, const char *value, const char **why)
{
  gboolean b;
  *why = NULL;
  if (!strcmp(key, "份号"))
    set_str(&d->copy_number, value);
  else if (!strcmp(key, "密级") || !strcmp(key, "密级和保密期限"))
    set_str(&d->secret, value);
  else if (!strcmp(key, "紧急程度"))
    set_str(&d->urgency, value);
  else if (!strcmp(key, "发文机关标志") || !strcmp(key, "发文机关")) {
    if (*value)
      g_ptr_array_add(d->issuers, g_strdup(value));
  } else if (!strcmp(key, "标志后缀"))
    set_str(&d->mark_suffix, value);
  else if (!strcmp(key, "发文字号"))
    set_str(&d->doc_number, value);
  else if (!strcmp(key, "签发人"))
    set_str(&d->signers, value);
  else if (!strcmp(key, "标题")) {
    if (*value)
      g_ptr_array_add(d->title_lines, g_strdup(value));
    refresh_title(d);
  } else if (!strcmp(key, "主送") || !strcmp(key, "主送机关"))
    set_str(&d->main_recipients, value);
  else if (!strcmp(key, "署名") || !strcmp(key, "发文机关署名"))
    set_str(&d->signature, value);
  else if (!strcmp(key, "成文日期")) {
    if (!parse_date(value, &d->year, &d->month, &d->day)) {
      *why = "成文日期 must be a date like 2024年5月20日 or 2024-05-20";
      return FALSE;
    }
    g_free(d->date);
    d->date = g_strdup_printf("%d年%d月%d日", d->year, d->month, d->day);
  } else if (!strcmp(key, "印章"))
    set_str(&d->seal, value);
  else if (!strcmp(key, "附注"))
    set_str(&d->note, value);
  else if (!strcmp(key, "附件说明")) {
    if (!parse_bool(value, &b)) {
      *why = "附件说明 must be 是 or 否";
      return FALSE;
    }
    d->attach_list = b;
  } else if (!strcmp(key, "抄送") || !strcmp(key, "抄送机关"))
    set_str(&d->cc, value);
  else if (!strcmp(key, "印发机关"))
    set_str(&d->printer, value);
  else if (!strcmp(key, "印发日期")) {
    int y, m, dd;
    if (!parse_date(value, &y, &m, &dd)) {
      *why = "印发日期 must be a date like 2024年5月20日 or 2024-05-20";
      return FALSE;
    }
    g_free(d->print_date);
    d->print_date = g_strdup_printf("%d年%d月%d日", y, m, dd);
  } else if (!strcmp(key, "双面印刷")) {
    if (!parse_bool(value, &b)) {
      *why = "双面印刷 must be 是 or 否";
      return FALSE;
    }
    d->double_sided = b;
  } else if (!strcmp(key, "作者"))
    set_str(&d->author, value);
  else if (!strcmp(key, "主题"))
    set_str(&d->subject, value);
  else if (!strcmp(key, "关键词"))
    set_str(&d->keywords, value);
  else if (!strcmp(key, "版头")) {
    if (!parse_bool(value, &b)) {
      *why = "版头 must be 是 (filled from the office profile) or 否 (none)";
      return FALSE;
    }
    d->plain = !b;
  } else if (!strcmp(key, "版面")) {
    if (strcmp(value, "横向") && strcmp(value, "纵向")) {
      *why = "版面 must be 纵向 or 横向";
      return FALSE;
    }
    d->landscape = !strcmp(value, "横向");
  } else if (!strcmp(key, "封面")) {
    if (!parse_bool(value, &b)) {
      *why = "封面 must be 是 or 否";
      return FALSE;
    }
    d->cover = b;
  } else if (!strcmp(key, "页码"))
    return set_folio(d, value, why);
  else {
    *why = "unknown field (see docs/typeset.md for the list)";
    return FALSE;
  }
  return TRUE;
}

/* A field's name as docs/typeset.md lists it (密级和保密期限 is 密级, and so on). */
static const char *field_name(const char *key)
{
  static const char *aliases[][2] = {
    { "密级和保密期限", "密级" }, { "发文机关", "发文机关标志" }, { "主送机关", "主送" },
    { "发文机关署名", "署名" },   { "抄送机关", "抄送" },
  };
  for (guint i = 0; i < G_N_ELEMENTS(aliases); i++)
    if (!strcmp(key, aliases[i][0]))
      return aliases[i][1];
  return key;
}

/* Notes that line set field key to value: repeated fields (one issuer, one title line each)
 * add a line when they add a value, the others keep the last. */
static void note_field_line(rd_document *d, const char *key, const char *value, int line)
{
  const char *name = field_name(key);
  gboolean repeated = !strcmp(name, "发文机关标志") || !strcmp(name, "标题");
  GArray *lines = g_hash_table_lookup(d->field_lines, name);
  if (!lines) {
    lines = g_array_new(FALSE, FALSE, sizeof(int));
    g_hash_table_insert(d->field_lines, g_strdup(name), lines);
  }
  if (!repeated)
    g_array_set_size(lines, 0);
  if (!repeated || *value)
    g_array_append_val(lines, line);
}

int rd_model_field_line(const rd_document *doc, const char *key, guint index)
{
  GArray *lines = g_hash_table_lookup(doc->field_lines, field_name(key));
  return lines && index < lines->len ? g_array_index(lines, int, index) : 0;
}

gboolean rd_document_set_field(rd_document *doc, const char *key, const char *value, GError **error)
{
  const char *why = NULL;
  char *text = model_text(value);
  gboolean ok = set_field(doc, key, text, &why);
  if (ok)
    note_field_line(doc, key, text, 0);   /* set by the program: no document line */
  g_free(text);
  if (!ok)
    g_set_error(error, RD_TYPESET_ERROR, RD_TYPESET_ERROR_PARSE, "%s: %s: %s", doc->name, key, why);
  return ok;
}

/* ---- body ------------------------------------------------------------------------------- */

static const char *cn_numeral(int n, char *buf)
{
  static const char *digits[] = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
  buf[0] = 0;
  if (n >= 100 || n <= 0) {
    g_snprintf(buf, 32, "%d", n);
    return buf;
  }
  if (n >= 20)
    strcat(buf, digits[n / 10]);
  if (n >= 10)
    strcat(buf, "十");
  if (n % 10 || n < 10)
    strcat(buf, digits[n % 10]);
  return buf;
}

static char *heading_number(int level, int n)
{
  char buf[32];
  switch (level) {
  case 1: return g_strdup_printf("%s、", cn_numeral(n, buf));
  case 2: return g_strdup_printf("（%s）", cn_numeral(n, buf));
  case 3: return g_strdup_printf("%d.", n);
  default: return g_strdup_printf("（%d）", n);
  }
}

/* A line already numbered by its writer (一、 （一） 1. （1）) is a heading of that level. */
static int literal_heading_level(const char *text)
{
  const char *p = text;
  static const char *cn = "一二三四五六七八九十";
  gboolean paren = FALSE;
  if (g_str_has_prefix(p, "（") || *p == '(') {
    paren = TRUE;
    p += (*p == '(') ? 1 : strlen("（");
  }
  const char *q = p;
  gboolean chinese = FALSE, digit = FALSE;
  while (*q) {
    gunichar c = g_utf8_get_char(q);
    char buf[8];
    buf[g_unichar_to_utf8(c, buf)] = 0;
    if (c < 0x80 && g_ascii_isdigit((int)c))
      digit = TRUE;
    else if (c >= 0x80 && strstr(cn, buf))
      chinese = TRUE;
    else
      break;
    q = g_utf8_next_char(q);
  }
  if ((!chinese && !digit) || (chinese && digit) || q - p > 9)
    return 0;
  if (paren)
    return (g_str_has_prefix(q, "）") || *q == ')') ? (chinese ? 2 : 4) : 0;
  if (chinese && g_str_has_prefix(q, "、"))
    return 1;
  if (digit && (*q == '.' || g_str_has_prefix(q, "．")) && q[1] != 0 && !g_ascii_isdigit(q[1]))
    return 3;
  return 0;
}

static rd_block *add_block(parser *ps, rd_block_kind kind, char *text)
{
  rd_block *b = g_new0(rd_block, 1);
  b->kind = kind;
  b->text = text;
  b->line = ps->line;
  g_ptr_array_add(ps->blocks, b);
  return b;
}

/* The number of the next heading of level (1..4): 一、 （一） 1. （1）, counted in the
 * document or attachment, lower levels starting again. */
static char *next_heading_number(parser *ps, int level)
{
  ps->counters[level - 1]++;
  for (int l = level; l < 4; l++)
    ps->counters[l] = 0;
  return heading_number(level, ps->counters[level - 1]);
}

/* The heading level of a table cell written `# 文字` … `#### 文字` (unescaped marks), else 0. */
static int cell_heading_level(const char *raw)
{
  int level = (int)strspn(raw, "#");
  return level >= 1 && level <= 4 && raw[level] == ' ' ? level : 0;
}

/* A spanning line that is a group heading (`| # 文字 |`): numbered like a heading of its
 * level, the marks replaced by the number. */
static void group_heading_row(parser *ps, GPtrArray *cells, int level)
{
  char *text = g_ptr_array_index(cells, 0);
  char *number = next_heading_number(ps, level);
  char *numbered = g_strconcat(number, g_strchug(text + level), NULL);
  g_free(number);
  g_free(text);
  g_ptr_array_index(cells, 0) = numbered;
  rd_block *t = ps->table;
  if (!t->row_levels) {
    t->row_levels = g_array_new(FALSE, TRUE, sizeof(int));
    g_array_set_size(t->row_levels, t->rows->len);
  }
  g_array_append_val(t->row_levels, level);
}

static gboolean end_table(parser *ps)
{
  ps->table = NULL;
  return TRUE;
}

static gboolean table_row(parser *ps, const char *line)
{
  /* split on unescaped | */
  GPtrArray *cells = g_ptr_array_new_with_free_func(g_free);
  const char *p = line + 1;
  const char *cell = p;
  gboolean ok = TRUE;
  gboolean separator = TRUE;
  int level = 0;   /* the first cell written `# 文字`: a group heading if it spans */
  for (; *p; p++) {
    if (*p == '\\' && p[1]) {
      p++;
      continue;
    }
    if (*p == '|') {
      char *raw = g_strndup(cell, p - cell);
      char *t = g_strstrip(raw);
      if (strspn(t, "-: ") != strlen(t) || !*t)
        separator = FALSE;
      if (cells->len == 0)
        level = cell_heading_level(t);
      char *u = unescape(ps, line, cell, p, &ok);
      g_free(raw);
      if (!ok)
        break;
      g_ptr_array_add(cells, g_strdup(g_strstrip(u)));
      g_free(u);
      cell = p + 1;
    }
  }
  if (ok && cell < p) {
    /* text after the last bar: a missing closing bar */
    char *rest = g_strdup(cell);
    if (*g_strstrip(rest)) {
      g_free(rest);
      g_ptr_array_free(cells, TRUE);
      return fail(ps, column_of(line, cell), "a table row must end with '|'");
    }
    g_free(rest);
  }
  if (!ok) {
    g_ptr_array_free(cells, TRUE);
    return FALSE;
  }
  if (cells->len == 0) {
    g_ptr_array_free(cells, TRUE);
    return fail(ps, 1, "a table row needs at least one cell: | a | b |");
  }
  if (separator && ps->table) {
    g_ptr_array_free(cells, TRUE);
    return TRUE;   /* |---|---| under the header */
  }
  if (!ps->table) {
    ps->table = add_block(ps, ps->pending_chart ? RD_BLOCK_CHART : RD_BLOCK_TABLE, NULL);
    ps->table->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
    ps->table->row_lines = g_array_new(FALSE, FALSE, sizeof(int));
    level = 0;   /* the header row */
    ps->table->caption = ps->pending_caption;
    ps->table->font_size = ps->pending_size;
    ps->table->dense = ps->pending_dense;
    ps->table->continued = ps->pending_continued;
    ps->pending_continued = NULL;
    ps->pending_caption = NULL;
    ps->pending_chart = FALSE;
    ps->pending_size = 0;
    ps->pending_dense = FALSE;
    if (ps->pending_widths) {
      guint n = ps->pending_widths->len;
      ps->table->widths = (double *)g_array_free(ps->pending_widths, FALSE);
      ps->pending_widths = NULL;
      if (n != cells->len) {
        guint got = cells->len;
        g_ptr_array_free(cells, TRUE);
        return fail(ps, 1, "列宽= gives %u widths, the header row has %u cells", n, got);
      }
    }
  } else {
    GStrv header = g_ptr_array_index(ps->table->rows, 0);
    guint n = g_strv_length(header);
    /* one cell under a header of several: a spanning line of the record above */
    gboolean spans = cells->len == 1 && n > 1 && ps->table->kind == RD_BLOCK_TABLE;
    if (cells->len != n && !spans) {
      guint got = cells->len;
      g_ptr_array_free(cells, TRUE);
      return fail(ps, 1, "this table row has %u cells, the header row has %u", got, n);
    }
    if (spans && level)
      group_heading_row(ps, cells, level);
    else
      level = 0;
  }
  if (!level && ps->table->row_levels)
    g_array_append_val(ps->table->row_levels, level);
  g_ptr_array_add(cells, NULL);
  g_ptr_array_add(ps->table->rows, g_ptr_array_free(cells, FALSE));
  g_array_append_val(ps->table->row_lines, ps->line);
  return TRUE;
}

static void clear_widths(parser *ps)
{
  if (ps->pending_widths)
    g_array_free(ps->pending_widths, TRUE);
  ps->pending_widths = NULL;
}

/* Forgets the options of an @表格 that no table followed (or that a new @表格 replaces). */
static void clear_table_options(parser *ps)
{
  ps->pending_size = 0;
  ps->pending_dense = FALSE;
  g_free(ps->pending_continued);
  ps->pending_continued = NULL;
  clear_widths(ps);
}

/* Reads "1:4:2.5" into pending_widths; returns the end of what was read, NULL when malformed. */
static char *parse_widths(parser *ps, char *p)
{
  clear_widths(ps);
  ps->pending_widths = g_array_new(FALSE, FALSE, sizeof(double));
  for (;;) {
    char *end = NULL;
    double w = g_ascii_strtod(p, &end);
    if (end == p || !(w > 0) || w > 1000) {
      clear_widths(ps);
      return NULL;
    }
    g_array_append_val(ps->pending_widths, w);
    p = end;
    if (*p != ':')
      return p;
    p++;
  }
}

static gboolean directive(parser *ps, const char *line)
{
  const char *p = line + 1;
  const char *sp = p;
  while (*sp && *sp != ' ' && !g_str_has_prefix(sp, "\xE3\x80\x80"))
    sp = g_utf8_next_char(sp);
  char *raw_word = g_strndup(p, sp - p);
  char *word = model_text(raw_word);   /* @附\u200b件 is still @附件 */
  g_free(raw_word);
  while (*sp == ' ' || g_str_has_prefix(sp, "\xE3\x80\x80"))
    sp += (*sp == ' ') ? 1 : 3;
  gboolean ok = TRUE;
  char *arg = unescape(ps, line, sp, sp + strlen(sp), &ok);
  if (!ok) {
    g_free(word);
    return FALSE;
  }
  if (!strcmp(word, "附件") || !strcmp(word, "印发件")) {
    rd_attachment *a = g_new0(rd_attachment, 1);
    a->issued = !strcmp(word, "印发件");
    if (g_str_has_prefix(arg, "横向")) {
      a->landscape = TRUE;
      char *rest = g_strdup(g_strchug(arg + strlen("横向")));
      g_free(arg);
      arg = rest;
    }
    a->title = arg;
    arg = NULL;
    a->blocks = g_ptr_array_new_with_free_func(block_free);
    a->line = ps->line;
    g_ptr_array_add(ps->doc->attachments, a);
    ps->blocks = a->blocks;
    memset(ps->counters, 0, sizeof ps->counters);
  } else if (!strcmp(word, "分页"))
    add_block(ps, RD_BLOCK_PAGEBREAK, NULL);
  else if (!strcmp(word, "居中"))
    add_block(ps, RD_BLOCK_CENTER, g_strdup(arg));
  else if (!strcmp(word, "签字栏")) {
    char **wide = g_strsplit(arg, "\xE3\x80\x80", -1);   /* full-width spaces separate too */
    char *spaced = g_strjoinv(" ", wide);
    char **labels = g_strsplit(spaced, " ", -1);
    g_strfreev(wide);
    g_free(spaced);
    GPtrArray *row = g_ptr_array_new_with_free_func(g_free);
    for (int i = 0; labels[i]; i++)
      if (*labels[i])
        g_ptr_array_add(row, g_strdup(labels[i]));
    g_strfreev(labels);
    if (row->len == 0 || row->len > 6) {
      g_ptr_array_free(row, TRUE);
      g_free(word);
      g_free(arg);
      return fail(ps, column_of(line, sp), "@签字栏 takes one to six labels (e.g. 填报人 审核人 日期)");
    }
    g_ptr_array_add(row, NULL);
    rd_block *b = add_block(ps, RD_BLOCK_SIGNLINES, NULL);
    b->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
    g_ptr_array_add(b->rows, g_ptr_array_free(row, FALSE));
  }
  else if (!strcmp(word, "表格") || !strcmp(word, "图表")) {
    g_free(ps->pending_caption);
    ps->pending_caption = NULL;
    clear_table_options(ps);
    /* optional 字号=N, 列宽=a:b:…, 紧凑 and 续=文字 first */
    char *a = arg;
    for (;;) {
      char *end = NULL;
      if (g_str_has_prefix(a, "字号=")) {
        ps->pending_size = g_ascii_strtod(a + strlen("字号="), &end);
        if (end == a + strlen("字号=") || ps->pending_size < 6 || ps->pending_size > 22) {
          g_free(word);
          g_free(arg);
          return fail(ps, column_of(line, sp), "字号= takes a size in points between 6 and 22");
        }
      } else if (g_str_has_prefix(a, "列宽=")) {
        if (!(end = parse_widths(ps, a + strlen("列宽=")))) {
          g_free(word);
          g_free(arg);
          return fail(ps, column_of(line, sp),
                      "列宽= takes relative column widths separated by ':' (e.g. 列宽=1:4:2)");
        }
      } else if (g_str_has_prefix(a, "紧凑") && (!a[strlen("紧凑")] || a[strlen("紧凑")] == ' ')) {
        ps->pending_dense = TRUE;
        end = a + strlen("紧凑");
      } else if (g_str_has_prefix(a, "续=")) {
        /* the wording up to the next space: the template's, not ours */
        const char *v = a + strlen("续=");
        end = (char *)v + strcspn(v, " ");
        g_free(ps->pending_continued);
        ps->pending_continued = g_strndup(v, end - v);
      } else
        break;
      a = g_strchug(end);
    }
    ps->pending_caption = *a ? g_strdup(a) : NULL;
    ps->pending_chart = !strcmp(word, "图表");
  } else {
    ok = fail(ps, 1, "unknown directive '@%s' (known: @附件 @印发件 @分页 @表格 @图表 @居中 @签字栏)", word);
  }
  g_free(word);
  g_free(arg);
  return ok;
}

static gboolean body_line(parser *ps, const char *line)
{
  const char *p = line;
  /* leading white space (ASCII or full-width) is the writer's indent: ours replaces it */
  while (*p == ' ' || *p == '\t' || g_str_has_prefix(p, "\xE3\x80\x80"))
    p += (*p == ' ' || *p == '\t') ? 1 : 3;
  if (*p == '|')
    return table_row(ps, p);
  end_table(ps);
  if (*p == '@')
    return directive(ps, p);
  if (ps->pending_caption || ps->pending_chart) {
    if (ps->pending_chart)
      return fail(ps, 1, "@图表 must be followed by its data rows (| 类别 | 系列1 | … |)");
    /* a caption without rows: print it as a centred line */
    add_block(ps, RD_BLOCK_CENTER, ps->pending_caption);
    ps->pending_caption = NULL;
    clear_table_options(ps);
  }
  gboolean ok = TRUE;
  if (*p == '#') {
    int level = 0;
    while (p[level] == '#')
      level++;
    if (level > 4)
      return fail(ps, 1, "headings have four levels (# to ####)");
    if (p[level] != ' ')
      return fail(ps, level + 1, "a space must follow the heading mark");
    char *text = unescape(ps, line, p + level + 1, p + strlen(p), &ok);
    if (!ok)
      return FALSE;
    rd_block *b = add_block(ps, RD_BLOCK_HEADING, text);
    b->level = level;
    b->number = next_heading_number(ps, level);
    return TRUE;
  }
  if (p[0] == '-' && p[1] == ' ') {
    char *text = unescape(ps, line, p + 2, p + strlen(p), &ok);
    if (!ok)
      return FALSE;
    add_block(ps, RD_BLOCK_LIST_ITEM, text);
    return TRUE;
  }
  char *text = unescape(ps, line, p, p + strlen(p), &ok);
  if (!ok)
    return FALSE;
  int level = (*p == '\\') ? 0 : literal_heading_level(text);
  rd_block *b = add_block(ps, level ? RD_BLOCK_HEADING : RD_BLOCK_PARAGRAPH, text);
  b->level = level;
  return TRUE;
}

static gboolean front_matter_line(parser *ps, const char *line)
{
  const char *colon = NULL;
  for (const char *p = line; *p; p = g_utf8_next_char(p))
    if (*p == ':' || g_str_has_prefix(p, "：")) {
      colon = p;
      break;
    }
  if (!colon)
    return fail(ps, 1, "expected 'field: value' in the front matter");
  char *raw_key = g_strndup(line, colon - line);
  char *key = g_strstrip(model_text(raw_key));   /* 标\u200b题 is still 标题 */
  g_free(raw_key);
  const char *v = colon + (*colon == ':' ? 1 : strlen("："));
  while (*v == ' ' || *v == '\t')
    v++;
  gboolean ok = TRUE;
  char *value = unescape(ps, line, v, v + strlen(v), &ok);
  if (ok) {
    g_strstrip(value);
    const char *why = NULL;
    if (!set_field(ps->doc, key, value, &why))
      ok = fail(ps, !strcmp(why, "unknown field (see docs/typeset.md for the list)") ? 1
                    : column_of(line, v), "%s: %s", key, why);
    else
      note_field_line(ps->doc, key, value, ps->line);
  }
  g_free(key);
  g_free(value);
  return ok;
}

rd_document *rd_document_parse(const char *text, gssize length, const char *name, GError **error)
{
  if (length < 0)
    length = (gssize)strlen(text);
  const char *bad = NULL;
  if (!g_utf8_validate(text, length, &bad)) {
    int line = 1;
    for (const char *p = text; p < bad; p++)
      line += *p == '\n';
    g_set_error(error, RD_TYPESET_ERROR, RD_TYPESET_ERROR_PARSE, "%s:%d:1: not valid UTF-8",
                name ? name : "<document>", line);
    return NULL;
  }
  rd_document *doc = document_new(name);
  doc->text_bytes = (gsize)length;
  parser ps = { .doc = doc, .name = doc->name, .error = error, .blocks = doc->body };
  char *copy = g_strndup(text, length);
  char *start = copy;
  if (g_str_has_prefix(start, "\xEF\xBB\xBF"))
    start += 3;
  char **lines = g_strsplit(start, "\n", -1);
  gboolean ok = TRUE;
  int i = 0;
  for (int k = 0; lines[k]; k++) {
    char *l = lines[k];
    size_t n = strlen(l);
    if (n && l[n - 1] == '\r')
      l[n - 1] = 0;
  }
  /* blank lines and % comments may come before the front matter */
  while (lines[i] && (lines[i][strspn(lines[i], " \t")] == 0 || lines[i][0] == '%'))
    i++;
  if (lines[i] && !strcmp(g_strchomp(lines[i]), "---")) {
    int open_line = i + 1;
    i++;
    for (; lines[i]; i++) {
      ps.line = i + 1;
      char *l = lines[i];
      if (!strcmp(g_strchomp(l), "---"))
        break;
      if (!*g_strchug(l) || *l == '%')
        continue;
      if (!(ok = front_matter_line(&ps, l)))
        break;
    }
    if (ok && !lines[i]) {
      ps.line = open_line;
      ok = fail(&ps, 1, "the front matter opened here is not closed by a line '---'");
    }
    if (lines[i])
      i++;
  }
  for (; ok && lines[i]; i++) {
    ps.line = i + 1;
    char *l = lines[i];
    const char *t = l + strspn(l, " \t");
    if (!*t) {
      end_table(&ps);
      continue;
    }
    if (*t == '%')
      continue;
    ok = body_line(&ps, l);
  }
  if (ok && ps.pending_chart) {
    ok = fail(&ps, 1, "@图表 must be followed by its data rows");
  }
  if (ok && ps.pending_caption) {
    add_block(&ps, RD_BLOCK_CENTER, ps.pending_caption);
    ps.pending_caption = NULL;
  }
  g_free(ps.pending_caption);
  clear_table_options(&ps);
  g_strfreev(lines);
  g_free(copy);
  if (!ok) {
    rd_document_free(doc);
    return NULL;
  }
  if (name && strcmp(name, "-")) {
    char *dir = g_path_get_dirname(name);
    doc->basedir = dir;
  }
  return doc;
}

/* ---- reading fields back ------------------------------------------------------------------ */

const char *rd_document_get_field(const rd_document *d, const char *key)
{
  if (!strcmp(key, "发文机关标志") || !strcmp(key, "发文机关"))
    return d->issuers->len ? g_ptr_array_index(d->issuers, 0) : NULL;
  if (!strcmp(key, "发文字号"))
    return d->doc_number;
  if (!strcmp(key, "主送") || !strcmp(key, "主送机关"))
    return d->main_recipients;
  if (!strcmp(key, "署名") || !strcmp(key, "发文机关署名"))
    return d->signature;
  if (!strcmp(key, "成文日期"))
    return d->date;
  if (!strcmp(key, "印章"))
    return d->seal;
  if (!strcmp(key, "印发机关"))
    return d->printer;
  if (!strcmp(key, "抄送") || !strcmp(key, "抄送机关"))
    return d->cc;
  if (!strcmp(key, "作者"))
    return d->author;
  if (!strcmp(key, "双面印刷"))
    return d->double_sided < 0 ? NULL : d->double_sided ? "是" : "否";
  if (!strcmp(key, "版头"))
    return d->plain ? "否" : "是";
  return NULL;
}

int rd_document_year(const rd_document *d)
{
  return d->year;
}
