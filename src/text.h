/* text.h — the one rule for characters that print nothing and only steer layout.
 *
 * Zero-width spaces and joiners (U+200B–U+200F), the bidirectional embeddings, overrides,
 * isolates and marks (U+202A–U+202E, U+2066–U+2069, U+061C) and a byte-order mark inside
 * text (U+FEFF) can only hide, reorder or spoof what is printed (a U+202E turns 综治中心
 * around, and makes 甲<U+202E>社区 a second community that prints as 甲社区). riskdoc drops them
 * wherever text enters: ledger cells as they are read, the document model, file names.
 */
#ifndef RISKDOC_TEXT_H
#define RISKDOC_TEXT_H

#include <glib.h>

/* TRUE for the characters above. */
gboolean rd_is_invisible_control(gunichar c);

/* Appends the UTF-8 text [data, data + length) to out without those characters (bytes that
 * are not UTF-8 are copied as they are). */
void rd_text_append_visible(GString *out, const char *data, gsize length);

#endif
