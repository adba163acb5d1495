/* normalise.h — the value normalisers: text folding, dates, levels, statuses, units.
 *
 * Pure functions over UTF-8 strings, shared by ingest and tested one by one. None of them knows
 * about files or CSV.
 */
#ifndef RISKDOC_NORMALISE_H
#define RISKDOC_NORMALISE_H

#include <glib.h>
#include "record.h"

/* Folds text for matching: NFKC (full-width Latin/digits/brackets to half-width), then removes
 * every white space (ASCII, tab, U+3000, NBSP). Returns a new string. */
char *rd_fold(const char *text);

/* Trims ASCII white space, tabs, U+3000 and NBSP at both ends, in place; returns text. */
char *rd_trim(char *text);

/* Byte length of the white space at p (ASCII blanks, U+3000, NBSP, a stray BOM), or 0. */
size_t rd_space_length(const char *p);

/* True when text is empty after trimming. */
gboolean rd_is_blank(const char *text);

/* Parses every date style of docs/rules.md: 2024-05-20, 2024/5/20, 2024.5.20, 2024年5月20日,
 * 20240520, any of these followed by a time part, and Excel 1900-system serials (45432).
 * Returns 0 when the text is not a valid date. */
rd_day rd_parse_date(const char *text);

/* A mapping of written values onto a small enum (levels, statuses), built from the office
 * profile. Keys are folded; a trailing 色 or 风险 is ignored for levels (see the profile). */
typedef struct rd_valuemap rd_valuemap;
rd_valuemap *rd_valuemap_new(gboolean strip_level_suffixes);
void rd_valuemap_add(rd_valuemap *map, const char *text, int value);
/* The value for text, or -1 when unknown. */
int rd_valuemap_lookup(const rd_valuemap *map, const char *text);
/* "高、中、低、红、…" listing what is accepted, for messages; caller frees. */
char *rd_valuemap_accepted(const rd_valuemap *map);
void rd_valuemap_free(rd_valuemap *map);

/* Default mappings of docs/rules.md (used when the profile does not override them). */
rd_valuemap *rd_valuemap_default_levels(void);
rd_valuemap *rd_valuemap_default_statuses(void);

/* Splits a units cell on 、，,；;/ (and full-width ／), trims each part, drops empty parts and
 * duplicates, keeps the order. Returns a NULL-terminated vector (g_strfreev). */
char **rd_split_units(const char *text);

#endif
