/* aggregate.h — the figures documents state, computed exactly as domain.md "Exact rules" says.
 *
 * Input: a dataset's records, the taxonomy, scoring weights and dates. Output: plain numbers
 * and sorted tables, which summary.json, the notices and the XLSX lists all print from, so that
 * every document states the same figures.
 */
#ifndef RISKDOC_AGGREGATE_H
#define RISKDOC_AGGREGATE_H

#include <glib.h>
#include "record.h"
#include "ingest.h"
#include "profile.h"

typedef struct rd_counts {
  int total;
  int level[RD_LEVEL_COUNT];           /* rows per level */
  int resolved_level[RD_LEVEL_COUNT];  /* resolved rows per level */
  int resolved, open, overdue;
} rd_counts;

typedef struct rd_community_stat {
  const char *name;
  rd_counts c;
  int score;
  int rank;          /* competition rank, 1 = highest score */
  int risk_class;    /* 1, 2, 3 = 一类, 二类, 三类 */
  int prev_rank;     /* 0 when the community was not in the previous period */
} rd_community_stat;

typedef struct rd_unit_stat {
  const char *name;
  int lead, support, open, overdue;
  rd_counts c;       /* the unit's rows (lead + support) by level, for its 化解率 */
} rd_unit_stat;

typedef struct rd_period {
  rd_day start, end;   /* inclusive; 0/0 when the job has no period */
  rd_day report_date;
} rd_period;

typedef struct rd_aggregate {
  rd_period period;
  rd_counts totals;
  int new_in_period;        /* found within the period */
  int resolved_in_period;   /* resolved and closed within the period */
  int n_categories;
  rd_counts *by_category;   /* taxonomy order, every category (zeros included) */
  GArray *units;            /* rd_unit_stat, open desc, then rows desc, then name */
  GArray *communities;      /* rd_community_stat, rank asc, then name (Unicode order) */
  gboolean has_previous;
  rd_counts previous_totals;
} rd_aggregate;

rd_aggregate *rd_aggregate_compute(const rd_dataset *ds, int n_categories,
                                   const rd_scoring *scoring, const rd_period *period);
/* Fills prev_rank of each community and previous_totals from the previous period's figures. */
void rd_aggregate_set_previous(rd_aggregate *current, const rd_aggregate *previous);
void rd_aggregate_free(rd_aggregate *agg);

/* resolved / total as 0..1, or a negative number when total is 0 (no rate). */
double rd_rate(int resolved, int total);
/* Rate of 中 and 低 together. */
double rd_counts_rate_medium_low(const rd_counts *c);

/* The period of a month "YYYY-MM": first and last day; FALSE when the text is not a month. */
gboolean rd_period_parse_month(const char *text, rd_period *period);

#endif
