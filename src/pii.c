/* pii.c — masking ID-card numbers, phone numbers and names (see pii.h for the rules). */
#include <string.h>
#include "pii.h"

/* ---- numbers ------------------------------------------------------------------------------ */

/* Pieces of the patterns: a digit (ASCII or full-width), an ID's last character (digit or X),
 * and an optional separator inside a number written in groups (space, ideographic or
 * no-break space, hyphen, full-width hyphen, dashes). */
#define DIG "[0-9\\x{FF10}-\\x{FF19}]"
#define IDX "[0-9Xx\\x{FF10}-\\x{FF19}\\x{FF38}\\x{FF58}]"
#define ZERO "[0\\x{FF10}]"
#define SEP "[ \\x{A0}\\x{3000}\\-\\x{FF0D}\\x{2010}-\\x{2014}]?"

/* Each pattern marks the digits to mask as the named group "n"; keep_head/keep_tail: how many
 * digits of that group stay readable. Applied in this order, each to the previous result:
 * IDs first, so that a mobile-like run inside an ID is never masked on its own. */
typedef struct number_rule {
  const char *pattern;
  int keep_head, keep_tail;
} number_rule;

static const number_rule number_rules[] = {
  /* 18-character ID: 6-8-4 or 6-4-4-4 */
  { "(?<!" DIG ")(?<n>" DIG "{6}" SEP "(?:" DIG "{8}|" DIG "{4}" SEP DIG "{4})" SEP DIG "{3}" IDX
    ")(?!" IDX ")", 6, 4 },
  /* 15-digit ID (before 1999): 6-6-3 */
  { "(?<!" DIG ")(?<n>[1-9\\x{FF11}-\\x{FF19}]" DIG "{5}" SEP DIG "{6}" SEP DIG "{3})(?!" IDX ")",
    6, 4 },
  /* mobile, 3-4-4, after an optional country code */
  { "(?<!" DIG ")(?:(?:[+\\x{FF0B}]|00)?[8\\x{FF18}][6\\x{FF16}]" SEP
    "|[(\\x{FF08}][+\\x{FF0B}]?[8\\x{FF18}][6\\x{FF16}][)\\x{FF09}]" SEP ")?"
    "(?<n>[1\\x{FF11}][3-9\\x{FF13}-\\x{FF19}]" DIG SEP DIG "{4}" SEP DIG "{4})(?!" DIG ")", 3, 4 },
  /* landline: area code 0xx or 0xxx (bracketed or not), then 7 or 8 digits */
  { "(?<!" DIG ")(?:[(\\x{FF08}]" ZERO DIG "{2,3}[)\\x{FF09}]|" ZERO DIG "{2,3})" SEP
    "(?<n>" DIG "{3,4}" SEP DIG "{4})(?!" DIG ")", 0, 4 },
};

static GRegex *number_regex[G_N_ELEMENTS(number_rules)];

static void compile_patterns(void)
{
  static gsize once = 0;
  if (g_once_init_enter(&once)) {
    for (gsize i = 0; i < G_N_ELEMENTS(number_rules); i++) {
      GError *error = NULL;
      number_regex[i] = g_regex_new(number_rules[i].pattern, G_REGEX_OPTIMIZE, 0, &error);
      if (!number_regex[i])
        g_error("pii.c: pattern %" G_GSIZE_FORMAT ": %s", i, error->message);  /* a bug */
    }
    g_once_init_leave(&once, 1);
  }
}

static gboolean is_number_char(gunichar c)
{
  return g_ascii_isdigit(c) || (c >= 0xFF10 && c <= 0xFF19) || c == 'X' || c == 'x' ||
         c == 0xFF38 || c == 0xFF58;
}

/* Copies the match, its group "n" with all but the first keep_head and last keep_tail digits
 * turned into '*' (separators and what precedes the group, e.g. +86, stay as written). */
static gboolean mask_match(const GMatchInfo *info, GString *out, gpointer user)
{
  const number_rule *rule = user;
  const char *text = g_match_info_get_string(info);
  int start, end, n0, n1;
  g_match_info_fetch_pos(info, 0, &start, &end);
  g_match_info_fetch_named_pos(info, "n", &n0, &n1);
  g_string_append_len(out, text + start, n0 - start);
  int digits = 0;
  for (const char *p = text + n0; p < text + n1; p = g_utf8_next_char(p))
    digits += is_number_char(g_utf8_get_char(p));
  int index = 0;
  for (const char *p = text + n0; p < text + n1; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (!is_number_char(c)) {
      g_string_append_len(out, p, g_utf8_next_char(p) - p);
      continue;
    }
    if (index < rule->keep_head || index >= digits - rule->keep_tail)
      g_string_append_len(out, p, g_utf8_next_char(p) - p);
    else
      g_string_append_c(out, '*');
    index++;
  }
  g_string_append_len(out, text + n1, end - n1);
  return FALSE;
}

/* Whether text holds a digit at all (most fields do not: skip the patterns). */
static gboolean has_digit(const char *text)
{
  for (const char *p = text; *p; p++)
    if (g_ascii_isdigit(*p) || ((guchar)p[0] == 0xEF && (guchar)p[1] == 0xBC &&
                                (guchar)p[2] >= 0x90 && (guchar)p[2] <= 0x99))
      return TRUE;
  return FALSE;
}

char *rd_mask_numbers(const char *text)
{
  if (!has_digit(text))
    return g_strdup(text);
  compile_patterns();
  char *done = g_strdup(text);
  for (gsize i = 0; i < G_N_ELEMENTS(number_rules); i++) {
    char *next = g_regex_replace_eval(number_regex[i], done, -1, 0, 0, mask_match,
                                      (gpointer)&number_rules[i], NULL);
    if (next) {
      g_free(done);
      done = next;
    }
  }
  return done;
}

/* ---- names -------------------------------------------------------------------------------- */

/* Two-character surnames common enough to keep whole (欧阳娜娜 -> 欧阳**). */
static const char *const compound_surnames[] = {
  "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
  "令狐", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "百里",
};

static void append_masked_name(GString *out, const char *name, gsize length)
{
  glong chars = g_utf8_strlen(name, (gssize)length);
  if (chars <= 0)
    return;
  glong keep = 1;
  for (gsize i = 0; i < G_N_ELEMENTS(compound_surnames); i++)
    if (length > strlen(compound_surnames[i]) &&
        strncmp(name, compound_surnames[i], strlen(compound_surnames[i])) == 0)
      keep = 2;
  if (chars <= keep)   /* a lone surname: still hide that it is one */
    keep = chars - 1;
  const char *cut = g_utf8_offset_to_pointer(name, keep);
  g_string_append_len(out, name, cut - name);
  for (glong i = keep; i < chars; i++)
    g_string_append_c(out, '*');
}

static gboolean is_name_separator(gunichar c)
{
  return c == 0 || c == 0x3001 /* 、 */ || c == 0xFF0C /* ， */ || c == ',' || c == ';' ||
         c == 0xFF1B /* ； */ || c == ' ' || c == 0x3000 || c == '/' || c == 0xFF0F;
}

char *rd_mask_names(const char *text)
{
  GString *out = g_string_new(NULL);
  const char *start = text;
  for (const char *p = text;; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (!is_name_separator(c))
      continue;
    append_masked_name(out, start, (gsize)(p - start));
    if (c == 0)
      break;
    g_string_append_unichar(out, c);
    start = g_utf8_next_char(p);
  }
  return g_string_free(out, FALSE);
}

/* Longest name kept, in characters (阿卜杜热合曼·买买提 is 10). */
#define NAME_MAX_CHARS 10

struct rd_name_set {
  GHashTable *names;    /* name -> its masked form (both owned) */
  GHashTable *first;    /* the first characters of the names: most text is skipped by them */
  int max_chars;
};

rd_name_set *rd_name_set_new(void)
{
  rd_name_set *set = g_new0(rd_name_set, 1);
  set->names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  set->first = g_hash_table_new(g_direct_hash, g_direct_equal);
  return set;
}

void rd_name_set_free(rd_name_set *set)
{
  if (!set)
    return;
  g_hash_table_destroy(set->names);
  g_hash_table_destroy(set->first);
  g_free(set);
}

static gboolean is_han(gunichar c)
{
  return g_unichar_get_script(c) == G_UNICODE_SCRIPT_HAN;
}

static gboolean is_name_dot(gunichar c)
{
  return c == 0x00B7 || c == 0x2022 || c == 0x30FB || c == 0xFF0E || c == 0x2027;
}

/* Endings of units and posts written where a person is expected (综治中心, 社区书记, 网格员,
 * 楼长, 民警): these are not names and must not be masked all over the documents. */
static gboolean looks_like_unit(const char *name)
{
  static const char *const endings[] = {
    "中心", "社区", "书记", "主任", "干部", "专干", "部门", "单位", "公司", "街道", "小区", "网格",
    "办", "委", "局", "所", "站", "队", "科", "室", "组", "村", "院", "会", "处", "员", "长", "警",
  };
  for (gsize i = 0; i < G_N_ELEMENTS(endings); i++)
    if (g_str_has_suffix(name, endings[i]))
      return TRUE;
  return FALSE;
}

/* Adds the leading run of name characters of one part of a field (张三（书记） gives 张三). */
static void add_name(rd_name_set *set, const char *part, gsize length)
{
  const char *p = part, *end = part + length;
  int chars = 0, han = 0;
  gboolean dot = FALSE;
  while (p < end) {
    gunichar c = g_utf8_get_char(p);
    if (is_han(c))
      han++;
    else if (is_name_dot(c) && han > 0)
      dot = TRUE;
    else
      break;
    chars++;
    p = g_utf8_next_char(p);
  }
  if (han < 2 || chars > (dot ? NAME_MAX_CHARS : 4))
    return;
  char *name = g_strndup(part, p - part);
  if (looks_like_unit(name) || g_hash_table_contains(set->names, name)) {
    g_free(name);
    return;
  }
  GString *masked = g_string_new(NULL);
  append_masked_name(masked, name, strlen(name));
  g_hash_table_insert(set->names, name, g_string_free(masked, FALSE));
  g_hash_table_add(set->first, GUINT_TO_POINTER(g_utf8_get_char(name)));
  set->max_chars = MAX(set->max_chars, chars);
}

/* A two-character name padded to the width of three (张  三) is one name, not two surnames. */
static void add_spaced_name(rd_name_set *set, const char *field)
{
  GString *joined = g_string_new(NULL);
  for (const char *p = field; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (c != ' ' && c != 0x3000)
      g_string_append_unichar(joined, c);
  }
  if (joined->len < strlen(field) && g_utf8_strlen(joined->str, -1) == 2)
    add_name(set, joined->str, joined->len);
  g_string_free(joined, TRUE);
}

void rd_name_set_add_field(rd_name_set *set, const char *field)
{
  add_spaced_name(set, field);
  const char *start = field;
  for (const char *p = field;; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (!is_name_separator(c))
      continue;
    add_name(set, start, (gsize)(p - start));
    if (c == 0)
      break;
    start = g_utf8_next_char(p);
  }
}

char *rd_name_set_mask(const rd_name_set *set, const char *text)
{
  if (set->max_chars == 0)
    return g_strdup(text);
  GString *out = g_string_sized_new(strlen(text));
  const char *p = text;
  while (*p) {
    const char *next = g_utf8_next_char(p);
    if (!g_hash_table_contains(set->first, GUINT_TO_POINTER(g_utf8_get_char(p)))) {
      g_string_append_len(out, p, next - p);
      p = next;
      continue;
    }
    /* the longest name starting here, if any; ends[k - 1]: end of the k-character candidate */
    const char *ends[NAME_MAX_CHARS];
    int n = 0;
    for (const char *q = p; n < set->max_chars && *q; n++) {
      q = g_utf8_next_char(q);
      ends[n] = q;
    }
    const char *masked = NULL;
    int length = 0;
    char key[4 * NAME_MAX_CHARS + 1];
    for (int k = n; k >= 2 && !masked; k--) {
      length = (int)(ends[k - 1] - p);
      memcpy(key, p, (size_t)length);
      key[length] = 0;
      masked = g_hash_table_lookup(set->names, key);
    }
    if (masked) {
      g_string_append(out, masked);
      p += length;
    } else {
      g_string_append_len(out, p, next - p);
      p = next;
    }
  }
  return g_string_free(out, FALSE);
}

/* ---- the dataset -------------------------------------------------------------------------- */

typedef struct masker {
  rd_dataset *ds;
  rd_name_set *names;
  GHashTable *done;     /* original text -> masked text in ds->strings, for repeated values */
} masker;

/* Numbers and names masked in text; names_field: a 责任人 / 责任领导 field, every part of it
 * masked as a name. Returns a new string. */
static char *mask_text(const masker *m, const char *text, gboolean names_field)
{
  char *numbers = rd_mask_numbers(text);
  char *named = names_field ? rd_mask_names(numbers) : rd_name_set_mask(m->names, numbers);
  g_free(numbers);
  return named;
}

/* Replaces *field by its masked text (kept in the dataset's strings); repeated values (units,
 * communities, names) are masked once. */
static void mask_field(masker *m, const char **field, gboolean names_field)
{
  if (!*field || !**field)
    return;
  const char *cached = names_field ? NULL : g_hash_table_lookup(m->done, *field);
  if (cached) {
    *field = cached;
    return;
  }
  char *masked = mask_text(m, *field, names_field);
  const char *kept = strcmp(masked, *field) ? g_string_chunk_insert_const(m->ds->strings, masked)
                                            : *field;
  if (!names_field)
    g_hash_table_insert(m->done, (gpointer)*field, (gpointer)kept);
  *field = kept;
  g_free(masked);
}

static void mask_owned(const masker *m, char **text, gboolean names_field)
{
  char *masked = mask_text(m, *text, names_field);
  g_free(*text);
  *text = masked;
}

/* Support-unit vectors are shared by the rows naming the same units: each is masked once
 * into a new vector owned by the dataset (old -> new in vectors). */
static void mask_units(masker *m, rd_record *r, GHashTable *vectors)
{
  if (r->n_support_units == 0)
    return;
  const char **masked = g_hash_table_lookup(vectors, r->support_units);
  if (!masked) {
    masked = g_new0(const char *, r->n_support_units + 1);
    for (int i = 0; i < r->n_support_units; i++) {
      masked[i] = r->support_units[i];
      mask_field(m, &masked[i], FALSE);
    }
    g_ptr_array_add(m->ds->unit_vectors, masked);   /* freed with the dataset */
    g_hash_table_insert(vectors, r->support_units, masked);
  }
  r->support_units = masked;
}

static gboolean is_names_column(const rd_columns *columns, const char *header)
{
  int field = header ? rd_columns_match(columns, header) : -1;
  return field == RD_FIELD_PERSON || field == RD_FIELD_LEADER;
}

/* Every name of the 责任人 / 责任领导 fields of used and rejected rows. */
static rd_name_set *collect_names(const rd_dataset *ds, const rd_columns *columns)
{
  rd_name_set *names = rd_name_set_new();
  for (guint i = 0; i < ds->records->len; i++) {
    const rd_record *r = g_ptr_array_index(ds->records, i);
    if (r->person)
      rd_name_set_add_field(names, r->person);
    if (r->leader)
      rd_name_set_add_field(names, r->leader);
  }
  for (guint i = 0; i < ds->rejects->len; i++) {
    const rd_reject *rej = g_ptr_array_index(ds->rejects, i);
    for (guint c = 0; rej->headers && rej->headers[c] && rej->cells[c]; c++)
      if (is_names_column(columns, rej->headers[c]))
        rd_name_set_add_field(names, rej->cells[c]);
  }
  return names;
}

void rd_dataset_mask_pii(rd_dataset *ds, const rd_columns *columns)
{
  masker m = { ds, collect_names(ds, columns), g_hash_table_new(g_str_hash, g_str_equal) };
  GHashTable *vectors = g_hash_table_new(g_direct_hash, g_direct_equal);
  for (guint i = 0; i < ds->records->len; i++) {
    rd_record *r = g_ptr_array_index(ds->records, i);
    const char **texts[] = { &r->id, &r->community, &r->grid, &r->category_text, &r->subcategory,
                             &r->title, &r->detail, &r->level_text, &r->lead_unit, &r->measures,
                             &r->people_text, &r->status_text, &r->note };
    for (gsize t = 0; t < G_N_ELEMENTS(texts); t++)
      mask_field(&m, texts[t], FALSE);
    mask_units(&m, r, vectors);
    mask_field(&m, &r->person, TRUE);
    mask_field(&m, &r->leader, TRUE);
  }
  for (guint i = 0; i < ds->rejects->len; i++) {
    rd_reject *rej = g_ptr_array_index(ds->rejects, i);
    guint headers = rej->headers ? g_strv_length(rej->headers) : 0;
    for (guint c = 0; rej->cells[c]; c++)
      mask_owned(&m, &rej->cells[c], c < headers && is_names_column(columns, rej->headers[c]));
    for (guint c = 0; c < headers; c++)
      mask_owned(&m, &rej->headers[c], FALSE);
    mask_owned(&m, &rej->reason, FALSE);
  }
  g_hash_table_destroy(vectors);
  g_hash_table_destroy(m.done);
  rd_name_set_free(m.names);
}
