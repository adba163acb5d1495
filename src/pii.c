/* pii.c — masking ID-card numbers, phone numbers and names (see pii.h). */
#include <string.h>
#include "pii.h"
#include "normalise.h"

/* 18-character resident ID (17 digits + digit or X), and mainland mobile numbers, not
 * inside a longer run of digits. */
static GRegex *id_regex, *phone_regex;

static void compile_patterns(void)
{
  static gsize once = 0;
  if (g_once_init_enter(&once)) {
    id_regex = g_regex_new("(?<![0-9])([0-9]{6})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9Xx])",
                           G_REGEX_OPTIMIZE, 0, NULL);
    phone_regex = g_regex_new("(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])",
                              G_REGEX_OPTIMIZE, 0, NULL);
    g_once_init_leave(&once, 1);
  }
}

char *rd_mask_numbers(const char *text)
{
  compile_patterns();
  char *step = g_regex_replace(id_regex, text, -1, 0, "\\1********\\2", 0, NULL);
  char *done = g_regex_replace(phone_regex, step ? step : text, -1, 0, "\\1****\\2", 0, NULL);
  g_free(step);
  return done ? done : g_strdup(text);
}

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

char *rd_mask_names(const char *text)
{
  GString *out = g_string_new(NULL);
  const char *start = text;
  for (const char *p = text;; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    gboolean separator = c == 0 || c == 0x3001 /* 、 */ || c == 0xFF0C /* ， */ || c == ',' ||
                         c == ';' || c == 0xFF1B || c == ' ' || c == '/';
    if (!separator)
      continue;
    append_masked_name(out, start, (gsize)(p - start));
    if (c == 0)
      break;
    g_string_append_unichar(out, c);
    start = g_utf8_next_char(p);
  }
  return g_string_free(out, FALSE);
}

static void mask_field(rd_dataset *ds, const char **field, char *(*mask)(const char *))
{
  if (!*field || !**field)
    return;
  char *masked = mask(*field);
  if (strcmp(masked, *field) != 0)
    *field = g_string_chunk_insert(ds->strings, masked);
  g_free(masked);
}

void rd_dataset_mask_pii(rd_dataset *ds)
{
  for (guint i = 0; i < ds->records->len; i++) {
    rd_record *r = g_ptr_array_index(ds->records, i);
    const char **texts[] = { &r->id, &r->title, &r->detail, &r->measures, &r->note, &r->grid,
                             &r->subcategory };
    for (gsize t = 0; t < G_N_ELEMENTS(texts); t++)
      mask_field(ds, texts[t], rd_mask_numbers);
    mask_field(ds, &r->person, rd_mask_names);
    mask_field(ds, &r->leader, rd_mask_names);
    mask_field(ds, &r->person, rd_mask_numbers);
    mask_field(ds, &r->leader, rd_mask_numbers);
  }
  for (guint i = 0; i < ds->rejects->len; i++) {
    rd_reject *rej = g_ptr_array_index(ds->rejects, i);
    for (char **cell = rej->cells; *cell; cell++) {
      char *masked = rd_mask_numbers(*cell);
      g_free(*cell);
      *cell = masked;
    }
    char *reason = rd_mask_numbers(rej->reason);
    g_free(rej->reason);
    rej->reason = reason;
  }
}
