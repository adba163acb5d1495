/* notice_monthly.c — the view of the monthly bulletin's figures, and its PDF.
 *
 * Every number the notice states comes from job->agg (the same figures summary.json prints),
 * formatted here once; every word comes from templates/monthly/. */
#include <math.h>
#include <string.h>
#include "documents.h"
#include "notice_monthly.h"
#include "summary.h"
#include "typeset/typeset.h"

/* A community that moved this many places or more in the ranking is named (seed 000). */
#define RD_MONTHLY_BIG_MOVE 10

static const char *const class_names[] = { "", "一类", "二类", "三类" };

/* ---- formatting the Chinese official way ---- */

static void add_string(JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name(b, name);
  json_builder_add_string_value(b, value ? value : "");
}

static void add_int(JsonBuilder *b, const char *name, int value)
{
  char buf[16];
  g_snprintf(buf, sizeof buf, "%d", value);
  add_string(b, name, buf);
}

static void add_bool(JsonBuilder *b, const char *name, gboolean value)
{
  json_builder_set_member_name(b, name);
  json_builder_add_boolean_value(b, value);
}

/* A rate 0..1 as "93.5%"; empty when there is no rate (nothing to resolve: domain.md says the
 * rate is empty, never 0.0% or nan). Templates test has_<name> before stating a rate in a
 * sentence. The decimal point is always '.', whatever the locale. */
static void format_rate(double rate, char buf[G_ASCII_DTOSTR_BUF_SIZE])
{
  if (!(rate >= 0)) {
    buf[0] = '\0';
    return;
  }
  g_ascii_formatd(buf, G_ASCII_DTOSTR_BUF_SIZE - 1, "%.1f", rate * 100.0);
  g_strlcat(buf, "%", G_ASCII_DTOSTR_BUF_SIZE);
}

static void add_rate(JsonBuilder *b, const char *name, double rate)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  format_rate(rate, buf);
  add_string(b, name, buf);
  char *has = g_strconcat("has_", name, NULL);
  add_bool(b, has, rate >= 0);
  g_free(has);
}

static void add_date(JsonBuilder *b, const char *name, rd_day day)
{
  char buf[32];
  add_string(b, name, day ? rd_day_format_cn(day, buf) : "");
}

/* 环比: 增加3条 / 减少2条 / 持平. */
static char *format_change(int now, int before)
{
  if (now > before)
    return g_strdup_printf("增加%d条", now - before);
  if (now < before)
    return g_strdup_printf("减少%d条", before - now);
  return g_strdup("持平");
}

/* 排名变化 as the XLSX lists print it: ↑3 (rose in the risk ranking), ↓12, —, 新增. */
static char *format_rank_change(const rd_aggregate *agg, const rd_community_stat *c)
{
  if (!agg->has_previous)
    return g_strdup("");
  if (c->prev_rank <= 0)
    return g_strdup("新增");
  int change = c->rank - c->prev_rank;
  if (change > 0)
    return g_strdup_printf("↓%d", change);
  if (change < 0)
    return g_strdup_printf("↑%d", -change);
  return g_strdup("—");
}

/* ---- the view ---- */

/* The members of rd_counts every table and sentence states: summary.json's counts under the
 * same names, then what the sentences need besides. */
static void add_counts(JsonBuilder *b, const rd_counts *c)
{
  rd_summary_add_counts(b, c);
  add_bool(b, "has_rows", c->total > 0);
  add_bool(b, "has_overdue", c->overdue > 0);
  add_int(b, "resolved_high", c->resolved_level[RD_LEVEL_HIGH]);
  add_int(b, "resolved_medium_low",
          c->resolved_level[RD_LEVEL_MEDIUM] + c->resolved_level[RD_LEVEL_LOW]);
  add_int(b, "medium_low", c->level[RD_LEVEL_MEDIUM] + c->level[RD_LEVEL_LOW]);
  add_rate(b, "rate", rd_rate(c->resolved, c->total));
  add_rate(b, "rate_high", rd_rate(c->resolved_level[RD_LEVEL_HIGH], c->level[RD_LEVEL_HIGH]));
  add_rate(b, "rate_medium_low", rd_counts_rate_medium_low(c));
}

/* Whether a rate meets its target; no rate (nothing of that level) meets it. */
static gboolean meets(double rate, double target)
{
  return rate < 0 || rate + 1e-9 >= target;
}

/* Used rows whose 排查日期 is later than the report date. */
static int count_found_after(const rd_dataset *ds, rd_day report)
{
  int n = 0;
  for (guint i = 0; ds && i < ds->records->len; i++) {
    const rd_record *r = g_ptr_array_index(ds->records, i);
    if (r->found > report)
      n++;
  }
  return n;
}

static void add_totals(JsonBuilder *b, const rd_job *job)
{
  const rd_aggregate *agg = job->agg;
  const rd_profile *pr = job->profile;
  json_builder_set_member_name(b, "totals");
  json_builder_begin_object(b);
  add_counts(b, &agg->totals);
  add_int(b, "new_in_period", agg->new_in_period);
  add_bool(b, "has_new_in_period", agg->new_in_period > 0);
  add_int(b, "resolved_in_period", agg->resolved_in_period);
  add_bool(b, "has_resolved_in_period", agg->resolved_in_period > 0);
  /* Rows found after the report date are still counted "as of" it (domain.md counts every used
   * row); the notice says so, since it usually means the wrong --period was given. */
  int late = count_found_after(job->data, job->period.report_date);
  add_int(b, "found_after_report", late);
  add_bool(b, "has_found_after_report", late > 0);
  add_bool(b, "high_meets_target",
           meets(rd_rate(agg->totals.resolved_level[RD_LEVEL_HIGH],
                         agg->totals.level[RD_LEVEL_HIGH]), pr->target_high));
  add_bool(b, "medium_low_meets_target",
           meets(rd_counts_rate_medium_low(&agg->totals), pr->target_medium_low));
  json_builder_end_object(b);

  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  json_builder_set_member_name(b, "targets");
  json_builder_begin_object(b);
  g_ascii_formatd(buf, sizeof buf - 1, "%.0f", pr->target_high * 100.0);
  g_strlcat(buf, "%", sizeof buf);
  add_string(b, "high", buf);
  g_ascii_formatd(buf, sizeof buf - 1, "%.0f", pr->target_medium_low * 100.0);
  g_strlcat(buf, "%", sizeof buf);
  add_string(b, "medium_low", buf);
  json_builder_end_object(b);
}

/* 环比 against --previous; absent (has_previous false) without it. */
static void add_previous(JsonBuilder *b, const rd_job *job)
{
  const rd_aggregate *agg = job->agg;
  add_bool(b, "has_previous", agg->has_previous);
  if (!agg->has_previous)
    return;
  const rd_counts *now = &agg->totals, *before = &agg->previous_totals;
  json_builder_set_member_name(b, "previous");
  json_builder_begin_object(b);
  rd_period prev;
  if (job->previous_label && rd_period_parse_month(job->previous_label, &prev)) {
    int y, m, d;
    rd_day_to_ymd(prev.start, &y, &m, &d);
    char *label = g_strdup_printf("%d年%d月", y, m);
    add_string(b, "period_cn", label);
    g_free(label);
  } else
    add_string(b, "period_cn", "上月");
  add_counts(b, before);
  struct { const char *name; int now, before; } changes[] = {
    { "total_change", now->total, before->total },
    { "high_change", now->level[RD_LEVEL_HIGH], before->level[RD_LEVEL_HIGH] },
    { "medium_change", now->level[RD_LEVEL_MEDIUM], before->level[RD_LEVEL_MEDIUM] },
    { "low_change", now->level[RD_LEVEL_LOW], before->level[RD_LEVEL_LOW] },
    { "resolved_change", now->resolved, before->resolved },
    { "open_change", now->open, before->open },
    { "overdue_change", now->overdue, before->overdue },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(changes); i++) {
    char *text = format_change(changes[i].now, changes[i].before);
    add_string(b, changes[i].name, text);
    g_free(text);
  }
  json_builder_end_object(b);
}

/* 二、分类情况 and the chart of 附件1: every category in taxonomy order. */
static void add_categories(JsonBuilder *b, const rd_job *job)
{
  json_builder_set_member_name(b, "categories");
  json_builder_begin_array(b);
  for (int i = 0; i < job->agg->n_categories && i < job->taxonomy->n_categories; i++) {
    const rd_category *cat = &job->taxonomy->categories[i];
    json_builder_begin_object(b);
    add_int(b, "index", i + 1);
    add_string(b, "name", cat->name);
    add_string(b, "display", cat->display ? cat->display : cat->name);
    add_counts(b, &job->agg->by_category[i]);
    add_bool(b, "empty", job->agg->by_category[i].total == 0);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
}

/* Names joined with 、 for a sentence. */
static void add_names(JsonBuilder *b, const char *name, GPtrArray *names)
{
  g_ptr_array_add(names, NULL);
  char *joined = g_strjoinv("、", (char **)names->pdata);
  g_ptr_array_set_size(names, names->len - 1);
  add_string(b, name, joined);
  g_free(joined);
  char *count = g_strconcat(name, "_count", NULL);
  add_int(b, count, (int)names->len);
  g_free(count);
  char *has = g_strconcat("has_", name, NULL);
  add_bool(b, has, names->len > 0);
  g_free(has);
}

/* 附件1 rows, 三、 classes and movers, 四、 communities below the targets. */
static void add_communities(JsonBuilder *b, const rd_job *job)
{
  const rd_aggregate *agg = job->agg;
  const rd_profile *pr = job->profile;
  GArray *cs = agg->communities;
  guint n = cs ? cs->len : 0;
  add_int(b, "community_count", (int)n);
  add_bool(b, "has_communities", n > 0);

  json_builder_set_member_name(b, "communities");
  json_builder_begin_array(b);
  for (guint i = 0; i < n; i++) {
    const rd_community_stat *c = &g_array_index(cs, rd_community_stat, i);
    json_builder_begin_object(b);
    add_int(b, "index", (int)i + 1);
    add_string(b, "name", c->name);
    add_counts(b, &c->c);
    add_int(b, "score", c->score);
    add_int(b, "rank", c->rank);
    add_string(b, "class_cn", class_names[CLAMP(c->risk_class, 0, 3)]);
    char *change = format_rank_change(agg, c);
    add_string(b, "rank_change", change);
    g_free(change);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);

  json_builder_set_member_name(b, "classes");
  json_builder_begin_array(b);
  for (int k = 1; k <= 3; k++) {
    GPtrArray *names = g_ptr_array_new();
    for (guint i = 0; i < n; i++) {
      const rd_community_stat *c = &g_array_index(cs, rd_community_stat, i);
      if (c->risk_class == k)
        g_ptr_array_add(names, (char *)c->name);
    }
    json_builder_begin_object(b);
    add_string(b, "class_cn", class_names[k]);
    add_names(b, "members", names);
    json_builder_end_object(b);
    g_ptr_array_free(names, TRUE);
  }
  json_builder_end_array(b);

  /* rank_change = rank − previous rank: negative rose in the risk ranking, positive fell */
  GPtrArray *rose = g_ptr_array_new(), *fell = g_ptr_array_new();
  json_builder_set_member_name(b, "movers");
  json_builder_begin_array(b);
  for (guint i = 0; agg->has_previous && i < n; i++) {
    const rd_community_stat *c = &g_array_index(cs, rd_community_stat, i);
    if (c->prev_rank <= 0 || abs(c->rank - c->prev_rank) < RD_MONTHLY_BIG_MOVE)
      continue;
    int change = c->rank - c->prev_rank;
    g_ptr_array_add(change < 0 ? rose : fell, (char *)c->name);
    json_builder_begin_object(b);
    add_string(b, "sep", rose->len + fell->len > 1 ? "、" : "");
    add_string(b, "name", c->name);
    add_bool(b, "rose", change < 0);
    add_int(b, "places", abs(change));
    add_int(b, "rank", c->rank);
    add_int(b, "prev_rank", c->prev_rank);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  add_bool(b, "has_movers", rose->len + fell->len > 0);
  add_int(b, "big_move", RD_MONTHLY_BIG_MOVE);
  g_ptr_array_free(rose, TRUE);
  g_ptr_array_free(fell, TRUE);

  /* communities with overdue items, in ranking order, for 四、存在的问题 */
  json_builder_set_member_name(b, "overdue_communities");
  json_builder_begin_array(b);
  int listed = 0;
  for (guint i = 0; i < n; i++) {
    const rd_community_stat *c = &g_array_index(cs, rd_community_stat, i);
    if (c->c.overdue == 0)
      continue;
    json_builder_begin_object(b);
    add_string(b, "sep", listed++ ? "、" : "");
    add_string(b, "name", c->name);
    add_int(b, "overdue", c->c.overdue);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);

  GPtrArray *below_high = g_ptr_array_new(), *below_ml = g_ptr_array_new();
  for (guint i = 0; i < n; i++) {
    const rd_community_stat *c = &g_array_index(cs, rd_community_stat, i);
    double high = rd_rate(c->c.resolved_level[RD_LEVEL_HIGH], c->c.level[RD_LEVEL_HIGH]);
    if (!meets(high, pr->target_high))
      g_ptr_array_add(below_high, (char *)c->name);
    if (!meets(rd_counts_rate_medium_low(&c->c), pr->target_medium_low))
      g_ptr_array_add(below_ml, (char *)c->name);
  }
  add_names(b, "below_high", below_high);
  add_names(b, "below_medium_low", below_ml);
  add_bool(b, "has_below", below_high->len + below_ml->len > 0);
  g_ptr_array_free(below_high, TRUE);
  g_ptr_array_free(below_ml, TRUE);
}

/* Overdue rows: longest overdue first, then community, then the ledger's order. */
static gint compare_overdue(gconstpointer a, gconstpointer b)
{
  const rd_record *x = *(const rd_record *const *)a, *y = *(const rd_record *const *)b;
  if (x->deadline != y->deadline)
    return x->deadline < y->deadline ? -1 : 1;
  int c = g_strcmp0(x->community, y->community);
  if (c)
    return c;
  c = g_strcmp0(x->source, y->source);
  return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* 附件2 超期未化解风险隐患清单. */
static void add_overdue(JsonBuilder *b, const rd_job *job)
{
  rd_day report = job->period.report_date;
  GPtrArray *rows = g_ptr_array_new();
  for (guint i = 0; i < job->data->records->len; i++) {
    rd_record *r = g_ptr_array_index(job->data->records, i);
    if (rd_record_is_overdue(r, report))
      g_ptr_array_add(rows, r);
  }
  g_ptr_array_sort(rows, compare_overdue);
  json_builder_set_member_name(b, "overdue_items");
  json_builder_begin_array(b);
  for (guint i = 0; i < rows->len; i++) {
    const rd_record *r = g_ptr_array_index(rows, i);
    json_builder_begin_object(b);
    add_int(b, "index", (int)i + 1);
    add_string(b, "id", r->id);
    add_string(b, "community", r->community);
    add_string(b, "category", r->category >= 0 && r->category < job->taxonomy->n_categories
                                ? job->taxonomy->categories[r->category].name
                                : r->category_text);
    add_string(b, "title", r->title);
    add_string(b, "level", rd_level_name(r->level));
    add_string(b, "status", rd_status_name(r->status));
    add_string(b, "lead_unit", r->lead_unit);
    add_string(b, "person", r->person);
    add_date(b, "deadline_cn", r->deadline);
    add_int(b, "days_overdue", (int)(report - r->deadline));
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  add_bool(b, "has_overdue_items", rows->len > 0);
  g_ptr_array_free(rows, TRUE);
}

/* The facts (office, period_cn, report_date_cn, …) plus the figures. */
JsonNode *rd_monthly_notice_view(const rd_job *job)
{
  JsonNode *facts = rd_job_facts(job);
  JsonObject *fo = json_node_get_object(facts);
  JsonBuilder *b = json_builder_new();
  json_builder_begin_object(b);
  GList *members = json_object_get_members(fo);
  for (GList *l = members; l; l = l->next) {
    json_builder_set_member_name(b, l->data);
    json_builder_add_value(b, json_object_dup_member(fo, l->data));
  }
  g_list_free(members);
  json_node_unref(facts);

  char iso[11];
  add_string(b, "report_date", rd_day_format_iso(job->period.report_date, iso));
  add_date(b, "period_start_cn", job->period.start);
  add_date(b, "period_end_cn", job->period.end);
  add_string(b, "taxonomy_title", job->taxonomy->title);
  add_int(b, "category_count", job->taxonomy->n_categories);
  json_builder_set_member_name(b, "scoring");
  json_builder_begin_object(b);
  add_int(b, "high", job->profile->scoring.weight[RD_LEVEL_HIGH]);
  add_int(b, "medium", job->profile->scoring.weight[RD_LEVEL_MEDIUM]);
  add_int(b, "low", job->profile->scoring.weight[RD_LEVEL_LOW]);
  add_int(b, "overdue", job->profile->scoring.overdue_weight);
  json_builder_end_object(b);
  add_totals(b, job);
  add_previous(b, job);
  add_categories(b, job);
  add_communities(b, job);
  add_overdue(b, job);
  json_builder_end_object(b);
  JsonNode *view = json_builder_get_root(b);
  g_object_unref(b);
  return view;
}

gboolean rd_monthly_write_notice(rd_job *job, rd_typesetter *ts, GError **error)
{
  char *file = rd_job_wording(job, "notice_file", error);
  char *safe = file ? rd_safe_filename(file, 200) : NULL;
  JsonNode *view = safe ? rd_monthly_notice_view(job) : NULL;
  char *text = view ? rd_job_render_template(job, "notice", view, error) : NULL;
  gboolean ok = text && rd_job_typeset(job, ts, text, "templates/monthly/notice.mustache",
                                       "notice", safe, TRUE, error);
  g_free(text);
  if (view)
    json_node_unref(view);
  g_free(safe);
  g_free(file);
  return ok;
}
