/* xlsx_util.c — text measuring, sheet names and cell-safe text for the XLSX lists. */
#include <string.h>
#include "xlsx_internal.h"
#include "xlsx_layout.h"

/* Width of one character. Chinese text is by far the common case, so the CJK block
 * (U+3000–U+9FFF, lead bytes E3–E9) is decided from the lead byte alone; everything else
 * non-ASCII asks GLib, counting East Asian "ambiguous" characters (“ ” … —) as wide because
 * Chinese fonts draw them wide. */
G_ALWAYS_INLINE static inline int char_width(const unsigned char *p, int *len)
{
  unsigned char c = p[0];
  if (c < 0x80) {
    *len = 1;
    return 1;
  }
  if (c >= 0xE3 && c <= 0xE9 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
    *len = 3;
    return 2;
  }
  /* Full-width forms U+FF01–U+FF5F (，：（）！？ …): EF BC xx and EF BD 80–9F. */
  if (c == 0xEF && (p[1] == 0xBC || (p[1] == 0xBD && p[2] >= 0x80 && p[2] <= 0x9F)) &&
      (p[2] & 0xC0) == 0x80 && !(p[1] == 0xBC && p[2] == 0x80)) {
    *len = 3;
    return 2;
  }
  const char *next = g_utf8_next_char((const char *)p);
  *len = (int)(next - (const char *)p);
  gunichar u = g_utf8_get_char((const char *)p);
  return g_unichar_iswide_cjk(u) ? 2 : 1;
}

int rd_xlsx_display_width(const char *text)
{
  int widest = 0, line = 0;
  const unsigned char *p = (const unsigned char *)(text ? text : "");
  while (*p) {
    int len;
    if (*p == '\n') {
      widest = MAX(widest, line);
      line = 0;
      p++;
      continue;
    }
    line += char_width(p, &len);
    p += len;
  }
  return MAX(widest, line);
}

/* Punctuation that may not begin a line (Chinese line breaking, as Excel, WPS and LibreOffice
 * apply it): a line break before it takes the character before it along. */
static gboolean no_line_start(gunichar c)
{
  switch (c) {
  case ',': case '.': case ';': case ':': case '!': case '?': case ')': case ']': case '}':
  case '%':
  case 0xFF0C: /* ， */ case 0x3002: /* 。 */ case 0x3001: /* 、 */ case 0xFF1B: /* ； */
  case 0xFF1A: /* ： */ case 0xFF01: /* ！ */ case 0xFF1F: /* ？ */ case 0xFF09: /* ） */
  case 0x300B: /* 》 */ case 0x300D: /* 」 */ case 0x300F: /* 』 */ case 0x201D: /* ” */
  case 0x2019: /* ’ */ case 0x3015: /* 〕 */ case 0x3011: /* 】 */ case 0x2026: /* … */
    return TRUE;
  default:
    return FALSE;
  }
}

int rd_xlsx_wrapped_lines(const char *text, int capacity)
{
  /* Filled character by character: a Chinese character never splits, so a line of odd
   * capacity holds one half-width unit less of Chinese text. */
  int cap = MAX(2, capacity);
  const char *s = text ? text : "";
  /* No character is wider than its bytes: a short text on one line needs no measuring. */
  gsize bytes = strlen(s);
  if (bytes <= (gsize)cap && !memchr(s, '\n', bytes))
    return 1;
  int lines = 1, line = 0, prev = 0;
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    int len;
    if (*p == '\n') {
      lines++;
      line = prev = 0;
      p++;
      continue;
    }
    int cw = char_width(p, &len);
    if (line > 0 && line + cw > cap) {
      lines++;
      /* the character before moves down with a closing mark (unless it alone filled a line) */
      line = no_line_start(g_utf8_get_char((const char *)p)) && prev < line ? prev : 0;
    }
    line += cw;
    prev = cw;
    p += len;
  }
  return lines;
}

double rd_xlsx_column_px(double width)
{
  return width * RD_XLSX_UNIT_PX + RD_XLSX_COLUMN_PAD_PX;
}

double rd_xlsx_column_units(int chars, double size)
{
  double px = chars * size * RD_XLSX_PX_PER_PT / 2 + 2 * RD_XLSX_CELL_INSET_PX;
  return MAX(1.0, (px - RD_XLSX_COLUMN_PAD_PX) / RD_XLSX_UNIT_PX);
}

const char *rd_xlsx_cn_numeral(int n, char buf[16])
{
  static const char *const digit[] = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
  if (n < 1 || n > 99) {
    g_snprintf(buf, 16, "%d", n);
    return buf;
  }
  int tens = n / 10, ones = n % 10;
  g_snprintf(buf, 16, "%s%s%s", tens > 1 ? digit[tens] : "", tens > 0 ? "十" : "",
             ones > 0 ? digit[ones] : "");
  return buf;
}

/* ---- sheet names ---- */

/* Excel limits a sheet name to 31 UTF-16 code units. */
#define SHEET_NAME_MAX_UNITS 31

GHashTable *rd_xlsx_sheet_names_new(void)
{
  GHashTable *used = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  /* Excel reserves "History" for its change tracking. */
  g_hash_table_add(used, g_utf8_casefold("History", -1));
  return used;
}

static char *name_key(const char *name)
{
  char *nfc = g_utf8_normalize(name, -1, G_NORMALIZE_NFC);
  char *key = g_utf8_casefold(nfc ? nfc : name, -1);
  g_free(nfc);
  return key;
}

/* The forbidden characters' visible stand-ins, so that "A/B" stays recognisable as "A／B". */
static gunichar sheet_char(gunichar c)
{
  switch (c) {
  case '[': return 0xFF3B;  /* ［ */
  case ']': return 0xFF3D;  /* ］ */
  case ':': return 0xFF1A;  /* ： */
  case '*': return 0xFF0A;  /* ＊ */
  case '?': return 0xFF1F;  /* ？ */
  case '/': return 0xFF0F;  /* ／ */
  case '\\': return 0xFF3C; /* ＼ */
  default: return c;
  }
}

/* Cuts s (valid UTF-8) to at most max_units UTF-16 units, then drops trailing apostrophes
 * and spaces the cut may have exposed. */
static void cut_units(GString *s, int max_units)
{
  int units = 0;
  const char *p = s->str;
  while (*p) {
    int u = g_utf8_get_char(p) > 0xFFFF ? 2 : 1;
    if (units + u > max_units)
      break;
    units += u;
    p = g_utf8_next_char(p);
  }
  g_string_truncate(s, (gsize)(p - s->str));
  while (s->len && (s->str[s->len - 1] == '\'' || s->str[s->len - 1] == ' '))
    g_string_truncate(s, s->len - 1);
}

char *rd_xlsx_sheet_name(GHashTable *used, const char *name)
{
  GString *base = g_string_new(NULL);
  const char *text = name ? name : "";
  if (!g_utf8_validate(text, -1, NULL))
    text = "";
  for (const char *p = text; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (g_unichar_iscntrl(c) || c == 0xFEFF)
      continue;
    g_string_append_unichar(base, sheet_char(c));
  }
  /* No leading or trailing apostrophe, no surrounding spaces. */
  gsize start = 0;
  while (start < base->len && (base->str[start] == '\'' || g_ascii_isspace(base->str[start])))
    start++;
  g_string_erase(base, 0, (gssize)start);
  cut_units(base, SHEET_NAME_MAX_UNITS);
  if (base->len == 0)
    g_string_assign(base, "未命名单位");

  char *key = name_key(base->str);
  if (!g_hash_table_contains(used, key)) {
    g_hash_table_add(used, key);
    return g_string_free(base, FALSE);
  }
  g_free(key);
  /* Collision: a visible counter, the base cut so that name and counter fit. */
  for (int n = 2;; n++) {
    char suffix[16];
    g_snprintf(suffix, sizeof suffix, "(%d)", n);
    GString *candidate = g_string_new(base->str);
    cut_units(candidate, SHEET_NAME_MAX_UNITS - (int)strlen(suffix));
    g_string_append(candidate, suffix);
    key = name_key(candidate->str);
    if (!g_hash_table_contains(used, key)) {
      g_hash_table_add(used, key);
      g_string_free(base, TRUE);
      return g_string_free(candidate, FALSE);
    }
    g_free(key);
    g_string_free(candidate, TRUE);
  }
}

/* ---- cell text ---- */

/* Excel's cell limit is 32,767 characters (UTF-16 units). */
#define CELL_MAX_UNITS 32767

static gboolean is_escape_sequence(const char *p)
{
  /* "_xHHHH_" is how OOXML spells a character; a literal one would be decoded by readers. */
  if (p[0] != '_' || p[1] != 'x')
    return FALSE;
  for (int i = 2; i < 6; i++)
    if (!g_ascii_isxdigit(p[i]))
      return FALSE;
  return p[6] == '_';
}

/* Bytes the fast path must stop at: control characters other than tab and newline, DEL, and
 * '_' (which may begin an "_xHHHH_" sequence). */
static const guint8 stops_scan[256] = {
  [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1, [0x07] = 1,
  [0x08] = 1, [0x0B] = 1, [0x0C] = 1, [0x0D] = 1, [0x0E] = 1, [0x0F] = 1, [0x10] = 1,
  [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
  [0x18] = 1, [0x19] = 1, [0x1A] = 1, [0x1B] = 1, [0x1C] = 1, [0x1D] = 1, [0x1E] = 1,
  [0x1F] = 1, [0x7F] = 1, ['_'] = 1,
};

const char *rd_xlsx_cell_text(const char *text, char **scratch)
{
  *scratch = NULL;
  if (!text)
    return "";
  /* Fast path: one scan deciding whether anything needs fixing. A UTF-8 text has no more
   * UTF-16 units than bytes, so the length check needs counting only for very long texts. */
  const unsigned char *p = (const unsigned char *)text;
  gboolean fix = FALSE;
  for (; *p; p++)
    if (G_UNLIKELY(stops_scan[*p]) && (*p != '_' || is_escape_sequence((const char *)p))) {
      fix = TRUE;
      break;
    }
  gsize units = 0;
  if (!fix && (gsize)(p - (const unsigned char *)text) > CELL_MAX_UNITS)
    for (const unsigned char *q = (const unsigned char *)text; *q; q++)
      if ((*q & 0xC0) != 0x80)
        units += *q >= 0xF0 ? 2 : 1;
  if (!fix && units <= CELL_MAX_UNITS)
    return text;

  GString *out = g_string_sized_new(MIN(strlen(text), (gsize)CELL_MAX_UNITS * 3) + 8);
  units = 0;
  for (const char *p = text; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    gsize u = c > 0xFFFF ? 2 : 1;
    if (units + u > CELL_MAX_UNITS - 1) {
      g_string_append(out, "…");
      break;
    }
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
      continue;
    if (c == '_' && is_escape_sequence(p)) {
      g_string_append(out, "_x005F_");  /* the escaped underscore */
      units += 7;
      continue;
    }
    g_string_append_unichar(out, c);
    units += u;
  }
  *scratch = g_string_free(out, FALSE);
  return *scratch;
}

char *rd_xlsx_page_header(const char *font, const char *title)
{
  /* libxlsxwriter refuses headers of 255 characters or more. */
  const glong limit = 250;
  GString *s = g_string_new(NULL);
  g_string_append(s, "&C&\"");
  for (const char *f = font ? font : ""; *f; f++)
    if (*f != '"' && *f != ',' && *f != '&')
      g_string_append_c(s, *f);
  g_string_append_printf(s, ",Regular\"&%d ", RD_XLSX_PAGE_HEADER_SIZE); /* the space ends the size code */
  glong used = g_utf8_strlen(s->str, -1);
  for (const char *p = title ? title : ""; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (g_unichar_iscntrl(c))
      continue;
    glong need = c == '&' ? 2 : 1;
    if (used + need > limit)
      break;
    if (c == '&')
      g_string_append_c(s, '&');
    g_string_append_unichar(s, c);
    used += need;
  }
  return g_string_free(s, FALSE);
}

double rd_xlsx_serial(rd_day day)
{
  return (double)day - (double)rd_day_from_ymd(1899, 12, 30);
}
