/* summary.h — summary.json, the contract of docs/summary-json.md ("riskdoc.summary/1").
 *
 * Keys as the contract lists them; extensions (new keys only, never changed ones):
 *   "event"            the event name (event job)
 *   "period_flow"      {"new": found in the period, "resolved": resolved and closed in it}
 *   "previous"         {"period": "2024-04", "totals": {...}} when --previous was given
 *   "extra"            any further object a job adds (fonts used, …)
 */
#ifndef RISKDOC_SUMMARY_H
#define RISKDOC_SUMMARY_H

#include <glib.h>
#include <json-glib/json-glib.h>
#include "aggregate.h"
#include "ingest.h"
#include "taxonomy.h"

/* Adds the members of c every table of summary.json shares, inside an open object: total,
 * high, medium, low, resolved, open, overdue. Documents' views use the same names. */
void rd_summary_add_counts(JsonBuilder *b, const rd_counts *c);

typedef struct rd_summary {
  const char *job;             /* monthly, event, ledger, check */
  const char *period;          /* "2024-05", NULL for none */
  const char *previous_period; /* NULL when no previous period */
  const char *event;           /* NULL unless the event job */
  const char *doc_number;      /* the 发文字号 the notice was issued with, NULL for none */
  rd_day report_date;
  const rd_dataset *data;
  const rd_aggregate *agg;     /* may be NULL (check) */
  const rd_taxonomy *taxonomy;
  const GArray *outputs;       /* rd_output */
  JsonNode *extra;             /* optional object, added as "extra" */
} rd_summary;

/* Pretty-printed UTF-8 JSON; caller frees. */
char *rd_summary_to_json(const rd_summary *summary);

#endif
