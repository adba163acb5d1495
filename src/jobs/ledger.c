/* ledger.c — `riskdoc ledger`: the merged ledger printed for the archive (台账归档).
 *
 * C groups the used rows by community (in order of first appearance, i.e. the sorted input
 * files), then by category (taxonomy order), numbers them continuously, and hands that view
 * to templates/ledger/ledger.mustache, which holds every word and column of the document.
 * Nothing in the view depends on the clock, so the same inputs give the same bytes. */
#include <glib/gi18n.h>
#include <string.h>
#include "documents.h"
#include "typeset/typeset.h"

static const char *const ledger_summary = N_(
  "台账归档: merges the community ledgers into one archive PDF: a cover (office, period,\n"
  "row counts, date range), then every used row as landscape table pages grouped by\n"
  "community and category, numbered 第N页 共M页, closed by 填报人/审核人/日期 lines.\n"
  "Writes 台账.pdf, summary.json (with each output's SHA-256) and rejects.csv into the\n"
  "output folder. The same inputs and profile give the same bytes.");

static const char *const ledger_description = N_(
  "Example:\n"
  "  riskdoc ledger --config templates/office.example.ini fixtures/2024-05\n\n"
  "Without --period the cover states the months of the rows' 排查日期; without\n"
  "--report-date the report date is the latest date in the rows (never today), and the\n"
  "default output folder is out/ledger-<that date>.\n\n"
  "Exit status: 0 written; 1 a file could not be read or written; 2 usage or configuration\n"
  "error; 3 --strict and rows were rejected.");

/* ---- Rows in ledger order -------------------------------------------------------------- */

typedef struct community_rows {
  const char *name;
  GPtrArray *rows;   /* rd_record*, not owned */
} community_rows;

static int compare_in_community(gconstpointer a, gconstpointer b)
{
  const rd_record *x = *(const rd_record *const *)a, *y = *(const rd_record *const *)b;
  int c;
  if (x->category != y->category)
    return x->category < y->category ? -1 : 1;
  if ((c = strcmp(x->source, y->source)) != 0)
    return c;
  return (x->line > y->line) - (x->line < y->line);
}

static void community_rows_free(gpointer data)
{
  community_rows *c = data;
  g_ptr_array_free(c->rows, TRUE);
  g_free(c);
}

/* The used rows by community (first appearance), each sorted by category, then file, line. */
static GPtrArray *rows_by_community(const rd_job *job)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func(community_rows_free);
  GHashTable *index = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < job->data->records->len; i++) {
    rd_record *r = g_ptr_array_index(job->data->records, i);
    community_rows *c = g_hash_table_lookup(index, r->community);
    if (!c) {
      c = g_new0(community_rows, 1);
      c->name = r->community;
      c->rows = g_ptr_array_new();
      g_ptr_array_add(groups, c);
      g_hash_table_insert(index, (gpointer)r->community, c);
    }
    g_ptr_array_add(c->rows, r);
  }
  g_hash_table_destroy(index);
  for (guint i = 0; i < groups->len; i++)
    g_ptr_array_sort(((community_rows *)g_ptr_array_index(groups, i))->rows, compare_in_community);
  return groups;
}

/* ---- The view ------------------------------------------------------------------------- */

static void set_day(JsonObject *o, const char *member, rd_day day)
{
  char iso[11];
  json_object_set_string_member(o, member, rd_day_format_iso(day, iso));
}

/* unit_list[] {name, first}: the units one by one, so that the template can keep each
 * name whole ({…}) where a line breaks. */
static JsonArray *unit_list_view(const rd_record *r)
{
  GPtrArray *units = rd_job_units(r);
  JsonArray *list = json_array_new();
  for (guint i = 0; i < units->len; i++) {
    JsonObject *u = json_object_new();
    json_object_set_string_member(u, "name", g_ptr_array_index(units, i));
    json_object_set_boolean_member(u, "first", i == 0);
    json_array_add_object_element(list, u);
  }
  g_ptr_array_free(units, TRUE);
  return list;
}

/* A text as a clause of a longer line: without the full stop or comma it ends with, so that
 * the template's ；between the parts is not preceded by another mark (…路面塌陷。；措施). */
static void set_clause(JsonObject *o, const char *member, const char *text)
{
  static const char *const ends[] = { "。", "．", "；", "，", ".", ";", ",", " " };
  gsize len = strlen(text ? text : "");
  for (gboolean cut = TRUE; cut;) {
    cut = FALSE;
    for (guint i = 0; i < G_N_ELEMENTS(ends) && !cut; i++) {
      gsize n = strlen(ends[i]);
      if (len >= n && memcmp(text + len - n, ends[i], n) == 0) {
        len -= n;
        cut = TRUE;
      }
    }
  }
  char *clause = g_strndup(text ? text : "", len);
  json_object_set_string_member(o, member, clause);
  g_free(clause);
}

static JsonObject *row_view(const rd_job *job, const rd_record *r, int seq)
{
  JsonObject *o = json_object_new();
  char *units = rd_job_units_joined(r);
  json_object_set_int_member(o, "seq", seq);
  json_object_set_string_member(o, "id", r->id);
  json_object_set_string_member(o, "grid", r->grid);
  json_object_set_string_member(o, "category", job->taxonomy->categories[r->category].display);
  json_object_set_string_member(o, "subcategory", r->subcategory);
  json_object_set_string_member(o, "title", r->title);
  json_object_set_string_member(o, "detail", r->detail);
  json_object_set_string_member(o, "level", rd_level_name(r->level));
  json_object_set_string_member(o, "status", rd_status_name(r->status));
  json_object_set_string_member(o, "units", units);
  json_object_set_array_member(o, "unit_list", unit_list_view(r));
  json_object_set_string_member(o, "leader", r->leader);
  json_object_set_string_member(o, "person", r->person);
  json_object_set_string_member(o, "measures", r->measures);
  json_object_set_string_member(o, "note", r->note);
  set_clause(o, "detail_clause", r->detail);
  set_clause(o, "measures_clause", r->measures);
  set_clause(o, "note_clause", r->note);
  set_day(o, "found", r->found);
  set_day(o, "deadline", r->deadline);
  set_day(o, "closed", r->closed);
  g_free(units);
  return o;
}

/* communities[] {name, count, first, rows[], categories[] {category, count, rows[]}}: the
 * community's rows in category order, also split by category (the template chooses); seq
 * runs on across the whole ledger. */
static JsonArray *communities_view(const rd_job *job, GPtrArray *groups)
{
  JsonArray *communities = json_array_new();
  int seq = 0;
  for (guint g = 0; g < groups->len; g++) {
    community_rows *c = g_ptr_array_index(groups, g);
    JsonObject *co = json_object_new();
    JsonArray *categories = json_array_new();
    JsonObject *cat = NULL;
    JsonArray *rows = NULL, *all = json_array_new();
    int current = -1;
    for (guint i = 0; i < c->rows->len; i++) {
      const rd_record *r = g_ptr_array_index(c->rows, i);
      if (r->category != current) {
        current = r->category;
        cat = json_object_new();
        rows = json_array_new();
        json_object_set_string_member(cat, "category", job->taxonomy->categories[current].display);
        json_object_set_array_member(cat, "rows", rows);
        json_array_add_object_element(categories, cat);
      }
      JsonObject *row = row_view(job, r, ++seq);
      json_array_add_object_element(all, json_object_ref(row));
      json_array_add_object_element(rows, row);
      json_object_set_int_member(cat, "count", json_array_get_length(rows));
    }
    json_object_set_string_member(co, "name", c->name);
    json_object_set_int_member(co, "count", c->rows->len);
    json_object_set_boolean_member(co, "first", g == 0);
    json_object_set_array_member(co, "categories", categories);
    json_object_set_array_member(co, "rows", all);
    json_array_add_object_element(communities, co);
  }
  return communities;
}

static char *month_cn(rd_day day)
{
  int y, m, d;
  rd_day_to_ymd(day, &y, &m, &d);
  return g_strdup_printf("%d年%d月", y, m);
}

/* The cover's facts: period covered, date range and counts. */
static void cover_view(const rd_job *job, JsonObject *view, int n_communities)
{
  const rd_dataset *ds = job->data;
  rd_day first = 0, last = 0;
  int resolved = 0, level[RD_LEVEL_COUNT] = { 0 };
  for (guint i = 0; i < ds->records->len; i++) {
    const rd_record *r = g_ptr_array_index(ds->records, i);
    first = first && first < r->found ? first : r->found;
    last = MAX(last, r->found);
    resolved += rd_record_is_resolved(r);
    level[r->level]++;
  }
  char date[32];
  json_object_set_boolean_member(view, "has_rows", ds->used > 0);
  json_object_set_string_member(view, "first_date_cn", rd_day_format_cn(first, date));
  json_object_set_string_member(view, "last_date_cn", rd_day_format_cn(last, date));
  char *period;
  if (job->period.start)
    period = month_cn(job->period.start);
  else if (!first)
    period = g_strdup("");
  else {
    char *a = month_cn(first), *b = month_cn(last);
    period = strcmp(a, b) ? g_strdup_printf("%s至%s", a, b) : g_strdup(a);
    g_free(a);
    g_free(b);
  }
  json_object_set_string_member(view, "period_covered", period);
  g_free(period);
  json_object_set_int_member(view, "files", ds->inputs->len);
  json_object_set_int_member(view, "communities_count", n_communities);
  json_object_set_int_member(view, "read", ds->read);
  json_object_set_int_member(view, "used", ds->used);
  json_object_set_int_member(view, "rejected", ds->rejected);
  json_object_set_int_member(view, "resolved", resolved);
  json_object_set_int_member(view, "open", ds->used - resolved);
  json_object_set_int_member(view, "high", level[RD_LEVEL_HIGH]);
  json_object_set_int_member(view, "medium", level[RD_LEVEL_MEDIUM]);
  json_object_set_int_member(view, "low", level[RD_LEVEL_LOW]);
}

/* ---- The document ----------------------------------------------------------------------- */

/* A long ledger takes a while: say how far it is, every 50 pages, on a terminal. */
static void show_pages(int pages, void *user)
{
  (void)user;
  if (pages % 50 == 0) {
    g_printerr("\r");
    g_printerr(_("Typesetting the ledger: %d pages done…"), pages);
  }
}

static gboolean draw_ledger(rd_job *job, rd_typesetter *ts, GError **error)
{
  if (job->progress)
    rd_typesetter_set_progress(ts, show_pages, NULL);
  GPtrArray *groups = rows_by_community(job);
  JsonNode *root = rd_job_facts(job);
  JsonObject *view = json_node_get_object(root);
  cover_view(job, view, (int)groups->len);
  json_object_set_array_member(view, "communities", communities_view(job, groups));
  char *text = rd_job_render_template(job, "ledger", root, error);
  char *file = text ? rd_job_wording(job, "ledger_file", error) : NULL;
  char *safe = file ? rd_safe_filename(file, 200) : NULL;
  gboolean ok = safe && rd_job_typeset(job, ts, text, "templates/ledger/ledger.mustache",
                                       "ledger", safe, FALSE, error);
  if (job->progress)
    g_printerr("\r\033[K");   /* clear the progress line */
  rd_typesetter_set_progress(ts, NULL, NULL);
  g_free(safe);
  g_free(file);
  g_free(text);
  json_node_unref(root);
  g_ptr_array_free(groups, TRUE);
  return ok;
}

static gboolean write_documents(rd_job *job, JsonObject *extra, GError **error)
{
  return rd_job_draw(job, draw_ledger, extra, error);
}

int rd_cmd_ledger(int argc, char **argv)
{
  return rd_job_run("ledger", RD_JOB_WANTS_DOCUMENTS | RD_JOB_OPTIONAL_PERIOD |
                    RD_JOB_DATE_FROM_DATA, ledger_summary, ledger_description,
                    write_documents, argc, argv);
}
