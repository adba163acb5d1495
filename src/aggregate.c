/* aggregate.c — the figures of domain.md "Exact rules" (see aggregate.h). */
#include <stdio.h>
#include <string.h>
#include "aggregate.h"

double rd_rate(int resolved, int total)
{
  return total > 0 ? (double)resolved / (double)total : -1.0;
}

double rd_counts_rate_medium_low(const rd_counts *c)
{
  return rd_rate(c->resolved_level[RD_LEVEL_MEDIUM] + c->resolved_level[RD_LEVEL_LOW],
                 c->level[RD_LEVEL_MEDIUM] + c->level[RD_LEVEL_LOW]);
}

gboolean rd_period_parse_month(const char *text, rd_period *period)
{
  int year, month;
  char tail;
  if (!text || strlen(text) != 7 || sscanf(text, "%4d-%2d%c", &year, &month, &tail) != 2)
    return FALSE;
  rd_day start = rd_day_from_ymd(year, month, 1);
  if (!start)
    return FALSE;
  period->start = start;
  period->end = start + g_date_get_days_in_month((GDateMonth)month, (GDateYear)year) - 1;
  period->report_date = period->end;
  return TRUE;
}

static void count_record(rd_counts *c, const rd_record *r, gboolean overdue)
{
  c->total++;
  c->level[r->level]++;
  if (rd_record_is_resolved(r)) {
    c->resolved++;
    c->resolved_level[r->level]++;
  } else {
    c->open++;
  }
  if (overdue)
    c->overdue++;
}

static gboolean in_period(rd_day day, const rd_period *period)
{
  return day != 0 && period->start != 0 && day >= period->start && day <= period->end;
}

/* Index of name in a stats array, adding a zeroed entry when new. */
static guint stat_index(GHashTable *index, GArray *stats, const char *name, gsize element_size)
{
  gpointer hit = g_hash_table_lookup(index, name);
  if (hit)
    return GPOINTER_TO_UINT(hit) - 1;
  g_array_set_size(stats, stats->len + 1);
  /* every stat struct starts with its name */
  *(const char **)(void *)(stats->data + (stats->len - 1) * element_size) = name;
  g_hash_table_insert(index, (gpointer)name, GUINT_TO_POINTER(stats->len));
  return stats->len - 1;
}

static void count_unit(rd_unit_stat *u, gboolean lead, const rd_record *r, gboolean overdue)
{
  if (lead)
    u->lead++;
  else
    u->support++;
  if (!rd_record_is_resolved(r))
    u->open++;
  if (overdue)
    u->overdue++;
  count_record(&u->c, r, overdue);
}

static int community_score(const rd_counts *c, const rd_scoring *s)
{
  int score = c->overdue * s->overdue_weight;
  for (int l = 0; l < RD_LEVEL_COUNT; l++)
    score += (c->level[l] - c->resolved_level[l]) * s->weight[l];
  return score;
}

static gint compare_communities(gconstpointer a, gconstpointer b)
{
  const rd_community_stat *x = a, *y = b;
  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return strcmp(x->name, y->name);
}

static gint compare_units(gconstpointer a, gconstpointer b)
{
  const rd_unit_stat *x = a, *y = b;
  if (x->open != y->open)
    return x->open > y->open ? -1 : 1;
  int rows_x = x->lead + x->support, rows_y = y->lead + y->support;
  if (rows_x != rows_y)
    return rows_x > rows_y ? -1 : 1;
  return strcmp(x->name, y->name);
}

/* Competition ranking (1, 2, 2, 4) over the sorted array, and classes by thirds:
 * t = ⌈n/3⌉; 一类 rank ≤ t, 二类 rank ≤ 2t, else 三类. */
static void rank_communities(GArray *communities)
{
  guint n = communities->len;
  int third = (int)((n + 2) / 3);
  for (guint i = 0; i < n; i++) {
    rd_community_stat *c = &g_array_index(communities, rd_community_stat, i);
    const rd_community_stat *before = i ? &g_array_index(communities, rd_community_stat, i - 1) : NULL;
    c->rank = (before && before->score == c->score) ? before->rank : (int)i + 1;
    c->risk_class = c->rank <= third ? 1 : c->rank <= 2 * third ? 2 : 3;
  }
}

rd_aggregate *rd_aggregate_compute(const rd_dataset *ds, int n_categories,
                                   const rd_scoring *scoring, const rd_period *period)
{
  rd_aggregate *agg = g_new0(rd_aggregate, 1);
  agg->period = *period;
  agg->n_categories = n_categories;
  agg->by_category = g_new0(rd_counts, n_categories);
  agg->units = g_array_new(FALSE, TRUE, sizeof(rd_unit_stat));
  agg->communities = g_array_new(FALSE, TRUE, sizeof(rd_community_stat));
  GHashTable *unit_index = g_hash_table_new(g_str_hash, g_str_equal);
  GHashTable *community_index = g_hash_table_new(g_str_hash, g_str_equal);

  for (guint i = 0; i < ds->records->len; i++) {
    const rd_record *r = g_ptr_array_index(ds->records, i);
    gboolean overdue = rd_record_is_overdue(r, period->report_date);
    count_record(&agg->totals, r, overdue);
    if (r->category >= 0 && r->category < n_categories)
      count_record(&agg->by_category[r->category], r, overdue);
    guint c = stat_index(community_index, agg->communities, r->community, sizeof(rd_community_stat));
    count_record(&g_array_index(agg->communities, rd_community_stat, c).c, r, overdue);
    guint u = stat_index(unit_index, agg->units, r->lead_unit, sizeof(rd_unit_stat));
    count_unit(&g_array_index(agg->units, rd_unit_stat, u), TRUE, r, overdue);
    for (int s = 0; s < r->n_support_units; s++) {
      u = stat_index(unit_index, agg->units, r->support_units[s], sizeof(rd_unit_stat));
      count_unit(&g_array_index(agg->units, rd_unit_stat, u), FALSE, r, overdue);
    }
    if (in_period(r->found, period))
      agg->new_in_period++;
    if (rd_record_is_resolved(r) && in_period(r->closed, period))
      agg->resolved_in_period++;
  }
  for (guint i = 0; i < agg->communities->len; i++) {
    rd_community_stat *c = &g_array_index(agg->communities, rd_community_stat, i);
    c->score = community_score(&c->c, scoring);
  }
  g_array_sort(agg->communities, compare_communities);
  rank_communities(agg->communities);
  g_array_sort(agg->units, compare_units);
  g_hash_table_destroy(unit_index);
  g_hash_table_destroy(community_index);
  return agg;
}

void rd_aggregate_set_previous(rd_aggregate *current, const rd_aggregate *previous)
{
  GHashTable *ranks = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < previous->communities->len; i++) {
    const rd_community_stat *p = &g_array_index(previous->communities, rd_community_stat, i);
    g_hash_table_insert(ranks, (gpointer)p->name, GINT_TO_POINTER(p->rank));
  }
  for (guint i = 0; i < current->communities->len; i++) {
    rd_community_stat *c = &g_array_index(current->communities, rd_community_stat, i);
    c->prev_rank = GPOINTER_TO_INT(g_hash_table_lookup(ranks, c->name));
  }
  g_hash_table_destroy(ranks);
  current->has_previous = TRUE;
  current->previous_totals = previous->totals;
}

void rd_aggregate_free(rd_aggregate *agg)
{
  if (!agg)
    return;
  g_free(agg->by_category);
  g_array_free(agg->units, TRUE);
  g_array_free(agg->communities, TRUE);
  g_free(agg);
}
