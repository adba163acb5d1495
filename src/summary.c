/* summary.c — builds summary.json with json-glib (see summary.h). */
#include "summary.h"
#include "output.h"

static void add_int(JsonBuilder *b, const char *key, gint64 value)
{
  json_builder_set_member_name(b, key);
  json_builder_add_int_value(b, value);
}

static void add_string(JsonBuilder *b, const char *key, const char *value)
{
  json_builder_set_member_name(b, key);
  if (value)
    json_builder_add_string_value(b, value);
  else
    json_builder_add_null_value(b);
}

static void add_rate(JsonBuilder *b, const char *key, double rate)
{
  json_builder_set_member_name(b, key);
  if (rate < 0)
    json_builder_add_null_value(b);
  else
    json_builder_add_double_value(b, rate);
}

void rd_summary_add_counts(JsonBuilder *b, const rd_counts *c)
{
  add_int(b, "total", c->total);
  add_int(b, "high", c->level[RD_LEVEL_HIGH]);
  add_int(b, "medium", c->level[RD_LEVEL_MEDIUM]);
  add_int(b, "low", c->level[RD_LEVEL_LOW]);
  add_int(b, "resolved", c->resolved);
  add_int(b, "open", c->open);
  add_int(b, "overdue", c->overdue);
}

static void add_totals(JsonBuilder *b, const char *key, const rd_counts *c)
{
  json_builder_set_member_name(b, key);
  json_builder_begin_object(b);
  rd_summary_add_counts(b, c);
  json_builder_set_member_name(b, "resolution_rate");
  json_builder_begin_object(b);
  add_rate(b, "high", rd_rate(c->resolved_level[RD_LEVEL_HIGH], c->level[RD_LEVEL_HIGH]));
  add_rate(b, "medium_low", rd_counts_rate_medium_low(c));
  add_rate(b, "all", rd_rate(c->resolved, c->total));
  json_builder_end_object(b);
  json_builder_end_object(b);
}

static void add_inputs(JsonBuilder *b, const rd_dataset *ds)
{
  json_builder_set_member_name(b, "inputs");
  json_builder_begin_array(b);
  for (guint i = 0; i < ds->inputs->len; i++) {
    const rd_input *in = &g_array_index(ds->inputs, rd_input, i);
    json_builder_begin_object(b);
    add_string(b, "path", in->path);
    add_string(b, "encoding", in->encoding);
    if (in->sheet) {   /* workbooks: which format, and the sheet read */
      add_string(b, "format", in->format);
      add_string(b, "sheet", in->sheet);
    }
    add_int(b, "read", in->read);
    add_int(b, "used", in->used);
    add_int(b, "rejected", in->rejected);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  json_builder_set_member_name(b, "rows");
  json_builder_begin_object(b);
  add_int(b, "read", ds->read);
  add_int(b, "used", ds->used);
  add_int(b, "rejected", ds->rejected);
  json_builder_end_object(b);
}

static void add_tables(JsonBuilder *b, const rd_aggregate *agg, const rd_taxonomy *tx,
                       gboolean with_previous)
{
  json_builder_set_member_name(b, "by_category");
  json_builder_begin_array(b);
  for (int i = 0; i < agg->n_categories; i++) {
    json_builder_begin_object(b);
    add_string(b, "category", tx->categories[i].name);
    rd_summary_add_counts(b, &agg->by_category[i]);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);

  json_builder_set_member_name(b, "by_unit");
  json_builder_begin_array(b);
  for (guint i = 0; i < agg->units->len; i++) {
    const rd_unit_stat *u = &g_array_index(agg->units, rd_unit_stat, i);
    json_builder_begin_object(b);
    add_string(b, "unit", u->name);
    add_int(b, "lead", u->lead);
    add_int(b, "support", u->support);
    add_int(b, "open", u->open);
    add_int(b, "overdue", u->overdue);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);

  json_builder_set_member_name(b, "by_community");
  json_builder_begin_array(b);
  for (guint i = 0; i < agg->communities->len; i++) {
    const rd_community_stat *c = &g_array_index(agg->communities, rd_community_stat, i);
    json_builder_begin_object(b);
    add_string(b, "community", c->name);
    rd_summary_add_counts(b, &c->c);
    add_int(b, "score", c->score);
    add_int(b, "rank", c->rank);
    add_int(b, "class", c->risk_class);
    json_builder_set_member_name(b, "rank_change");
    if (with_previous && c->prev_rank > 0)
      json_builder_add_int_value(b, c->rank - c->prev_rank);
    else
      json_builder_add_null_value(b);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
}

static void add_outputs(JsonBuilder *b, const GArray *outputs)
{
  json_builder_set_member_name(b, "outputs");
  json_builder_begin_array(b);
  for (guint i = 0; outputs && i < outputs->len; i++) {
    const rd_output *o = &g_array_index(outputs, rd_output, i);
    json_builder_begin_object(b);
    add_string(b, "kind", o->kind);
    add_string(b, "path", o->path);
    add_int(b, "pages", o->pages);
    add_string(b, "sha256", o->sha256);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
}

char *rd_summary_to_json(const rd_summary *s)
{
  char date[11];
  JsonBuilder *b = json_builder_new();
  json_builder_begin_object(b);
  add_string(b, "schema", "riskdoc.summary/1");
  add_string(b, "job", s->job);
  add_string(b, "period", s->period);
  add_string(b, "report_date", rd_day_format_iso(s->report_date, date));
  if (s->event)
    add_string(b, "event", s->event);
  add_inputs(b, s->data);
  if (s->agg) {
    add_totals(b, "totals", &s->agg->totals);
    add_tables(b, s->agg, s->taxonomy, s->agg->has_previous);
    json_builder_set_member_name(b, "period_flow");
    json_builder_begin_object(b);
    add_int(b, "new", s->agg->new_in_period);
    add_int(b, "resolved", s->agg->resolved_in_period);
    json_builder_end_object(b);
    if (s->agg->has_previous) {
      json_builder_set_member_name(b, "previous");
      json_builder_begin_object(b);
      add_string(b, "period", s->previous_period);
      add_totals(b, "totals", &s->agg->previous_totals);
      json_builder_end_object(b);
    }
  }
  add_outputs(b, s->outputs);
  if (s->extra) {
    json_builder_set_member_name(b, "extra");
    json_builder_add_value(b, json_node_copy(s->extra));
  }
  json_builder_end_object(b);

  JsonGenerator *gen = json_generator_new();
  JsonNode *root = json_builder_get_root(b);
  json_generator_set_root(gen, root);
  json_generator_set_pretty(gen, TRUE);
  json_generator_set_indent(gen, 2);
  char *text = json_generator_to_data(gen, NULL);
  json_node_unref(root);
  g_object_unref(gen);
  g_object_unref(b);
  return text;
}
