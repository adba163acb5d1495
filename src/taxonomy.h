/* taxonomy.h — an office's risk categories (风险类别), in document order, with synonyms.
 *
 * Loaded from templates/taxonomy/<name>.ini (see the files there for the format). Documents list
 * categories in the taxonomy's order; ingest maps a ledger's category text onto an index here.
 */
#ifndef RISKDOC_TAXONOMY_H
#define RISKDOC_TAXONOMY_H

#include <glib.h>

typedef struct rd_category {
  char *name;          /* canonical, e.g. 政治安全 */
  char *display;       /* as documents print it, e.g. 政治安全风险 */
  char **dimensions;   /* NULL-terminated 风险维度 (eight-domains), may be empty */
} rd_category;

typedef struct rd_taxonomy {
  char *id;            /* file stem, e.g. seven-classes */
  char *title;         /* human name of the preset */
  rd_category *categories;
  int n_categories;
  GHashTable *lookup;  /* folded name or synonym -> GINT_TO_POINTER(index + 1) */
} rd_taxonomy;

/* Loads templates/taxonomy/<id>.ini below datadir, or a path when id contains '/'. */
rd_taxonomy *rd_taxonomy_load(const char *datadir, const char *id, GError **error);
void rd_taxonomy_free(rd_taxonomy *tx);

/* Index of the category a ledger's text names, or -1. Matching trims spaces, folds full-width
 * Latin and digits to half-width and ignores a trailing 风险隐患 or 风险 (docs/rules.md). */
int rd_taxonomy_match(const rd_taxonomy *tx, const char *text);

/* "政治安全、涉众利益、…" for messages; caller frees. */
char *rd_taxonomy_names_joined(const rd_taxonomy *tx, const char *separator);

#endif
