/* normalise.c — text folding, dates, value maps and unit splitting (see normalise.h). */
#include <stdlib.h>
#include <string.h>
#include "normalise.h"

/* White space as ledgers write it: ASCII blanks, U+3000 IDEOGRAPHIC SPACE, U+00A0 NBSP,
 * U+FEFF (a stray BOM inside a cell). Returns the byte length of the space at p, or 0. */
size_t rd_space_length(const char *p)
{
  unsigned char c = (unsigned char)p[0];
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f')
    return 1;
  if (c == 0xC2 && (unsigned char)p[1] == 0xA0)
    return 2;
  if (c == 0xE3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x80)
    return 3;
  if (c == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
    return 3;
  return 0;
}

char *rd_trim(char *text)
{
  char *start = text;
  size_t n;
  while (*start && (n = rd_space_length(start)) > 0)
    start += n;
  char *end = start, *last_content_end = start;
  while (*end) {
    n = rd_space_length(end);
    if (n > 0) {
      end += n;
    } else {
      end = g_utf8_next_char(end);
      last_content_end = end;
    }
  }
  size_t len = (size_t)(last_content_end - start);
  if (start != text)
    memmove(text, start, len);
  text[len] = '\0';
  return text;
}

gboolean rd_is_blank(const char *text)
{
  size_t n;
  while (*text && (n = rd_space_length(text)) > 0)
    text += n;
  return *text == '\0';
}

/* Full-width forms (U+FF01..U+FF5E) and U+3000 are what NFKC changes in ledgers; plain
 * Chinese text passes through NFKC unchanged, so skip the (slow) normaliser when neither
 * occurs. */
static gboolean needs_nfkc(const char *text)
{
  for (const unsigned char *p = (const unsigned char *)text; *p; p++)
    if (*p == 0xEF && (p[1] == 0xBC || p[1] == 0xBD))
      return TRUE;
  return FALSE;
}

char *rd_fold(const char *text)
{
  char *normal = needs_nfkc(text) ? g_utf8_normalize(text, -1, G_NORMALIZE_NFKC) : NULL;
  if (!normal)
    normal = g_strdup(text);
  char *out = normal;
  for (const char *p = normal; *p;) {
    size_t n = rd_space_length(p);
    if (n > 0) {
      p += n;
      continue;
    }
    *out++ = *p++;
  }
  *out = '\0';
  return normal;
}

/* ---- dates ---- */

/* Reads 1..max_digits ASCII digits at *p into *value; advances *p. */
static gboolean read_number(const char **p, int max_digits, int *value)
{
  int n = 0, v = 0;
  while (g_ascii_isdigit(**p) && n < max_digits) {
    v = v * 10 + (**p - '0');
    (*p)++;
    n++;
  }
  *value = v;
  return n > 0 && !g_ascii_isdigit(**p);
}

static gboolean skip_literal(const char **p, const char *literal)
{
  size_t n = strlen(literal);
  if (strncmp(*p, literal, n) != 0)
    return FALSE;
  *p += n;
  return TRUE;
}

/* The time part that may follow a date: " 14:30", " 14:30:00", "T14:30:00", " 0:00". */
static gboolean is_time_part(const char *p)
{
  if (*p == 'T' || *p == ' ')
    p++;
  while (*p == ' ')
    p++;
  int h, m;
  if (!read_number(&p, 2, &h) || *p != ':')
    return FALSE;
  p++;
  if (!read_number(&p, 2, &m))
    return FALSE;
  if (*p == ':') {
    int s;
    p++;
    if (!read_number(&p, 2, &s))
      return FALSE;
    if (*p == '.')
      for (p++; g_ascii_isdigit(*p); p++)
        ;
  }
  return *p == '\0' && h < 24 && m < 60;
}

/* Excel 1900 date system: serial 1 = 1900-01-01, and Excel counts a 29 February 1900 that
 * never was (serial 60), so later serials are days since 1899-12-30. */
static rd_day from_excel_serial(long serial)
{
  /* computed per call, not cached in statics: files are read on several threads */
  if (serial < 1 || serial == 60 || serial > 2958465)
    return 0;
  rd_day epoch_1899_12_30 = rd_day_from_ymd(1899, 12, 30);
  rd_day epoch_1899_12_31 = epoch_1899_12_30 + 1;
  return (rd_day)(serial < 60 ? epoch_1899_12_31 + serial : epoch_1899_12_30 + serial);
}

static rd_day parse_all_digits(const char *p)
{
  size_t n = 0;
  while (g_ascii_isdigit(p[n]))
    n++;
  const char *rest = p + n;
  if (n == 8 && (*rest == '\0' || is_time_part(rest))) {
    int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
    int m = (p[4] - '0') * 10 + (p[5] - '0');
    int d = (p[6] - '0') * 10 + (p[7] - '0');
    return rd_day_from_ymd(y, m, d);
  }
  /* Excel serial, possibly with a fraction of a day (45432.5 = noon). Only five digits
   * (1927..2173): a bare 2024 or 202405 is a typing slip, not a date. */
  if (n == 5) {
    if (*rest == '.') {
      rest++;
      while (g_ascii_isdigit(*rest))
        rest++;
    }
    if (*rest == '\0')
      return from_excel_serial(strtol(p, NULL, 10));
  }
  return 0;
}

static rd_day parse_separated(const char *p)
{
  int y, m, d;
  if (!read_number(&p, 4, &y) || y < 1000)
    return 0;
  if (skip_literal(&p, "年")) {
    if (!read_number(&p, 2, &m) || !skip_literal(&p, "月") || !read_number(&p, 2, &d))
      return 0;
    if (!skip_literal(&p, "日"))
      skip_literal(&p, "号");
  } else {
    char sep = *p;
    if (sep != '-' && sep != '/' && sep != '.')
      return 0;
    p++;
    if (!read_number(&p, 2, &m) || *p != sep)
      return 0;
    p++;
    if (!read_number(&p, 2, &d))
      return 0;
  }
  if (*p != '\0' && !is_time_part(p))
    return 0;
  return rd_day_from_ymd(y, m, d);
}

rd_day rd_parse_date(const char *text)
{
  if (!text || strlen(text) >= 64)
    return 0;
  char *folded = needs_nfkc(text) ? g_utf8_normalize(text, -1, G_NORMALIZE_NFKC) : NULL;
  char buf[64];
  /* NFKC may lengthen the text (U+FC9F becomes three letters): cut, it would end inside a
   * character and rd_trim would step past the end */
  gsize length = g_strlcpy(buf, folded ? folded : text, sizeof buf);
  g_free(folded);
  if (length >= sizeof buf)
    return 0;
  rd_trim(buf);
  if (buf[0] == '\0' || !g_ascii_isdigit(buf[0]))
    return 0;
  size_t digits = strspn(buf, "0123456789");
  if (buf[digits] == '\0' || buf[digits] == '.' || buf[digits] == ' ' || buf[digits] == 'T') {
    rd_day day = parse_all_digits(buf);
    if (day || digits != 4)
      return day;
  }
  return parse_separated(buf);
}

/* ---- value maps ---- */

struct rd_valuemap {
  GHashTable *values;      /* folded text -> GINT_TO_POINTER(value + 1) */
  GPtrArray *accepted;     /* texts as added, for messages */
  gboolean strip_level_suffixes;
};

rd_valuemap *rd_valuemap_new(gboolean strip_level_suffixes)
{
  rd_valuemap *map = g_new0(rd_valuemap, 1);
  map->values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  map->accepted = g_ptr_array_new_with_free_func(g_free);
  map->strip_level_suffixes = strip_level_suffixes;
  return map;
}

void rd_valuemap_free(rd_valuemap *map)
{
  if (!map)
    return;
  g_hash_table_destroy(map->values);
  g_ptr_array_free(map->accepted, TRUE);
  g_free(map);
}

void rd_valuemap_add(rd_valuemap *map, const char *text, int value)
{
  char *key = rd_fold(text);
  if (*key == '\0') {
    g_free(key);
    return;
  }
  if (!g_hash_table_contains(map->values, key))
    g_ptr_array_add(map->accepted, g_strdup(key));
  g_hash_table_replace(map->values, key, GINT_TO_POINTER(value + 1));
}

static gboolean strip_suffix(char *text, const char *suffix)
{
  size_t n = strlen(text), k = strlen(suffix);
  if (n > k && strcmp(text + n - k, suffix) == 0) {
    text[n - k] = '\0';
    return TRUE;
  }
  return FALSE;
}

int rd_valuemap_lookup(const rd_valuemap *map, const char *text)
{
  char *key = rd_fold(text);
  gpointer hit = g_hash_table_lookup(map->values, key);
  if (!hit && map->strip_level_suffixes) {
    /* 红色 = 红, 高风险 = 高, 橙色风险 = 橙 */
    gboolean stripped = strip_suffix(key, "风险");
    stripped = strip_suffix(key, "色") || stripped;
    if (stripped)
      hit = g_hash_table_lookup(map->values, key);
  }
  g_free(key);
  return hit ? GPOINTER_TO_INT(hit) - 1 : -1;
}

char *rd_valuemap_accepted(const rd_valuemap *map)
{
  GString *out = g_string_new(NULL);
  for (guint i = 0; i < map->accepted->len; i++) {
    if (i)
      g_string_append(out, "、");
    g_string_append(out, g_ptr_array_index(map->accepted, i));
  }
  return g_string_free(out, FALSE);
}

rd_valuemap *rd_valuemap_default_levels(void)
{
  static const struct { const char *text; rd_level level; } defaults[] = {
    { "高", RD_LEVEL_HIGH }, { "红", RD_LEVEL_HIGH }, { "橙", RD_LEVEL_HIGH },
    { "重大", RD_LEVEL_HIGH }, { "一级", RD_LEVEL_HIGH },
    { "中", RD_LEVEL_MEDIUM }, { "黄", RD_LEVEL_MEDIUM }, { "较大", RD_LEVEL_MEDIUM },
    { "二级", RD_LEVEL_MEDIUM },
    { "低", RD_LEVEL_LOW }, { "蓝", RD_LEVEL_LOW }, { "绿", RD_LEVEL_LOW },
    { "一般", RD_LEVEL_LOW }, { "三级", RD_LEVEL_LOW },
  };
  rd_valuemap *map = rd_valuemap_new(TRUE);
  for (size_t i = 0; i < G_N_ELEMENTS(defaults); i++)
    rd_valuemap_add(map, defaults[i].text, defaults[i].level);
  return map;
}

rd_valuemap *rd_valuemap_default_statuses(void)
{
  static const struct { const char *text; rd_status status; } defaults[] = {
    { "未化解", RD_STATUS_OPEN },
    { "化解中", RD_STATUS_IN_PROGRESS }, { "稳控中", RD_STATUS_IN_PROGRESS },
    { "已化解", RD_STATUS_RESOLVED },
    { "已销号", RD_STATUS_CLOSED }, { "销号", RD_STATUS_CLOSED },
  };
  rd_valuemap *map = rd_valuemap_new(FALSE);
  for (size_t i = 0; i < G_N_ELEMENTS(defaults); i++)
    rd_valuemap_add(map, defaults[i].text, defaults[i].status);
  return map;
}

/* ---- units ---- */

/* Byte length of a unit separator at p (、，,；;/／), or 0. */
static size_t unit_separator_length(const char *p)
{
  static const char *const wide[] = { "、", "，", "；", "／" };
  if (*p == ',' || *p == ';' || *p == '/')
    return 1;
  if ((guchar)*p != 0xE3 && (guchar)*p != 0xEF)
    return 0;   /* the lead byte of none of them: most characters stop here */
  for (size_t i = 0; i < G_N_ELEMENTS(wide); i++)
    if (strncmp(p, wide[i], strlen(wide[i])) == 0)
      return strlen(wide[i]);
  return 0;
}

static void add_unit(GPtrArray *units, const char *start, size_t length)
{
  char *unit = rd_trim(g_strndup(start, length));
  for (guint i = 0; i < units->len && *unit; i++)
    if (strcmp(g_ptr_array_index(units, i), unit) == 0)
      unit[0] = '\0';
  if (*unit)
    g_ptr_array_add(units, unit);
  else
    g_free(unit);
}

char **rd_split_units(const char *text)
{
  GPtrArray *units = g_ptr_array_new();
  const char *start = text, *p = text;
  while (*p) {
    size_t n = unit_separator_length(p);
    if (n > 0) {
      add_unit(units, start, (size_t)(p - start));
      p += n;
      start = p;
    } else {
      p = g_utf8_next_char(p);
    }
  }
  add_unit(units, start, (size_t)(p - start));
  g_ptr_array_add(units, NULL);
  return (char **)g_ptr_array_free(units, FALSE);
}
