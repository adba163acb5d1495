/* text.c — dropping the invisible layout controls (text.h). */
#include <string.h>
#include "text.h"

gboolean rd_is_invisible_control(gunichar c)
{
  return (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0x061C || c == 0xFEFF;
}

/* Every such character is encoded with one of these lead bytes: text without them (most
 * cells) is copied in one piece. */
static gboolean may_hold_control(const char *data, gsize length)
{
  for (gsize i = 0; i < length; i++) {
    guchar b = (guchar)data[i];
    if (b == 0xE2 || b == 0xD8 || b == 0xEF)
      return TRUE;
  }
  return FALSE;
}

void rd_text_append_visible(GString *out, const char *data, gsize length)
{
  if (!may_hold_control(data, length)) {
    g_string_append_len(out, data, (gssize)length);
    return;
  }
  const char *end = data + length;
  for (const char *p = data; p < end;) {
    gunichar c = g_utf8_get_char_validated(p, end - p);
    if (c == (gunichar)-1 || c == (gunichar)-2) {
      g_string_append_c(out, *p++);   /* not UTF-8: not ours to judge, kept as it is */
      continue;
    }
    const char *next = g_utf8_next_char(p);
    if (!rd_is_invisible_control(c))
      g_string_append_len(out, p, next - p);
    p = next;
  }
}
