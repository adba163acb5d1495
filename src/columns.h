/* columns.h — the header alias table: which CSV header names mean which canonical field.
 *
 * Loaded from templates/columns.ini (users extend it there). Header cells are folded with
 * rd_fold() before matching, so stray spaces and full-width brackets do not matter.
 */
#ifndef RISKDOC_COLUMNS_H
#define RISKDOC_COLUMNS_H

#include <glib.h>

typedef enum {
  RD_FIELD_ID, RD_FIELD_COMMUNITY, RD_FIELD_GRID, RD_FIELD_CATEGORY, RD_FIELD_SUBCATEGORY,
  RD_FIELD_TITLE, RD_FIELD_DETAIL, RD_FIELD_LEVEL, RD_FIELD_UNITS, RD_FIELD_SUPPORT_UNITS,
  RD_FIELD_LEADER, RD_FIELD_PERSON, RD_FIELD_MEASURES, RD_FIELD_PEOPLE, RD_FIELD_FOUND,
  RD_FIELD_DEADLINE, RD_FIELD_STATUS, RD_FIELD_CLOSED, RD_FIELD_NOTE,
  RD_FIELD_COUNT
} rd_field;

typedef struct rd_columns {
  char *canonical[RD_FIELD_COUNT];   /* 编号, 社区, … as documents print them */
  gboolean required[RD_FIELD_COUNT];
  char **aliases[RD_FIELD_COUNT];    /* NULL-terminated, as written in the file */
  GHashTable *lookup;                /* folded alias -> GINT_TO_POINTER(field + 1) */
  char **footer_prefixes;            /* 填报人, 负责人, 填报日期, …: rows of these are footers */
} rd_columns;

rd_columns *rd_columns_load(const char *datadir, GError **error);
void rd_columns_free(rd_columns *columns);

/* The field a header cell names, or -1. */
int rd_columns_match(const rd_columns *columns, const char *header);

/* The key used in columns.ini for a field (id, community, …). */
const char *rd_field_key(rd_field field);

#endif
