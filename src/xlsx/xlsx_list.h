/* xlsx_list.h — the XLSX responsibility list (责任清单) workbook.
 *
 * Knows records, aggregates, the taxonomy and the profile; knows nothing of CSV. Writes with
 * libxlsxwriter to the path given (the caller handles temporary names and renaming).
 */
#ifndef RISKDOC_XLSX_LIST_H
#define RISKDOC_XLSX_LIST_H

#include <glib.h>
#include "aggregate.h"
#include "profile.h"
#include "record.h"
#include "taxonomy.h"

typedef struct rd_list_request {
  const char *path;             /* where to write the .xlsx */
  const char *title;            /* e.g. 全福街道2024年5月风险隐患及责任清单 */
  const GPtrArray *records;     /* rd_record*, the rows to list (monthly: all, event: open) */
  const rd_aggregate *agg;      /* figures of the 汇总 sheet (same as summary.json) */
  const rd_taxonomy *taxonomy;
  const rd_profile *profile;    /* office name, fonts */
  rd_day report_date;           /* overdue = open and deadline < report_date; document date */
  const char *datadir;          /* holds templates/xlsx.ini (the wording); NULL: the build's */
} rd_list_request;

gboolean rd_xlsx_write_list(const rd_list_request *request, GError **error);

#endif
