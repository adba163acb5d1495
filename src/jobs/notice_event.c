/* notice_event.c — the event notice (seed 003) and the per-unit 交办单. */
#include <string.h>
#include "notice_event.h"
#include "documents.h"
#include "typeset/typeset.h"

#define UNIT_NAME_MAX_BYTES 150   /* leaves room for "_NN.pdf" within common 255-byte limits */

/* ---- Rows and their order ------------------------------------------------------------ */

static int compare_rows(gconstpointer a, gconstpointer b)
{
  const rd_record *x = *(const rd_record *const *)a, *y = *(const rd_record *const *)b;
  int c;
  if (x->category != y->category)
    return x->category < y->category ? -1 : 1;
  if (x->level != y->level)
    return x->level < y->level ? -1 : 1;   /* RD_LEVEL_HIGH is 0: highest first */
  if ((c = strcmp(x->community, y->community)) != 0)
    return c;
  if ((c = strcmp(x->source, y->source)) != 0)
    return c;
  return (x->line > y->line) - (x->line < y->line);
}

GPtrArray *rd_event_open_rows(const rd_job *job)
{
  GPtrArray *rows = rd_job_rows(job, TRUE);
  g_ptr_array_sort(rows, compare_rows);
  return rows;
}

/* The job's facts (office, event, report_date_cn, …) plus the profile's 主送, as an object. */
static JsonObject *facts_object(const rd_job *job, JsonNode **root)
{
  *root = rd_job_facts(job);
  JsonObject *o = json_node_get_object(*root);
  json_object_set_string_member(o, "main_recipients",
                                job->profile->main_recipients ? job->profile->main_recipients : "");
  return o;
}

/* ---- The notice ------------------------------------------------------------------------ */

JsonNode *rd_event_notice_view(const rd_job *job, const GPtrArray *rows)
{
  JsonNode *root;
  JsonObject *view = facts_object(job, &root);
  JsonArray *categories = json_array_new();
  JsonArray *items = NULL;
  int current = -1;
  for (guint i = 0; i < rows->len; i++) {
    const rd_record *r = g_ptr_array_index(rows, i);
    if (r->category != current) {
      current = r->category;
      JsonObject *cat = json_object_new();
      json_object_set_string_member(cat, "display", job->taxonomy->categories[current].display);
      items = json_array_new();
      json_object_set_array_member(cat, "items", items);
      json_array_add_object_element(categories, cat);
    }
    JsonObject *item = json_object_new();
    char *units = rd_job_units_joined(r);
    json_object_set_int_member(item, "number", (gint64)i + 1);
    json_object_set_string_member(item, "title", r->title);
    json_object_set_string_member(item, "detail", r->detail);
    json_object_set_boolean_member(item, "has_detail", r->detail && *r->detail);
    json_object_set_string_member(item, "units", units);
    json_object_set_string_member(item, "level", rd_level_name(r->level));
    json_object_set_string_member(item, "community", r->community);
    json_array_add_object_element(items, item);
    g_free(units);
  }
  json_object_set_int_member(view, "count", rows->len);
  json_object_set_array_member(view, "categories", categories);
  return root;
}

gboolean rd_event_write_notice(rd_job *job, rd_typesetter *ts, GError **error)
{
  GPtrArray *rows = rd_event_open_rows(job);
  JsonNode *view = rd_event_notice_view(job, rows);
  char *text = rd_job_render_template(job, "notice", view, error);
  char *file = text ? rd_job_wording(job, "notice_file", error) : NULL;
  char *safe = file ? rd_safe_filename(file, 200) : NULL;
  gboolean ok = safe && rd_job_typeset(job, ts, text, "templates/event/notice.mustache",
                                       "notice", safe, TRUE, error);
  g_free(safe);
  g_free(file);
  g_free(text);
  json_node_unref(view);
  g_ptr_array_free(rows, TRUE);
  return ok;
}

/* ---- 交办单 ----------------------------------------------------------------------------- */

typedef struct unit_task {
  char *unit;
  GPtrArray *rows;       /* this unit's open rows, in notice order (not owned) */
  GArray *numbers;       /* int: each row's number in the notice */
  char *relative_path;   /* unit_dir/<safe>.pdf */
  JsonNode *view;        /* built in the main thread: workers only read it */
  int pages;
  gboolean ok;
  GError *error;
} unit_task;

typedef struct unit_pool {
  rd_job *job;
  GAsyncQueue *typesetters;  /* idle typesetters; a worker takes one, returns it when done */
  GMutex lock;               /* fontconfig set-up and the progress line */
  int done, total;
} unit_pool;

static void unit_task_free(gpointer data)
{
  unit_task *t = data;
  g_free(t->unit);
  g_ptr_array_free(t->rows, TRUE);
  g_array_free(t->numbers, TRUE);
  g_free(t->relative_path);
  if (t->view)
    json_node_unref(t->view);
  g_clear_error(&t->error);
  g_free(t);
}

/* Units with open risks -> their tasks, sorted by unit name. */
static GPtrArray *collect_units(const GPtrArray *rows)
{
  GHashTable *by_unit = g_hash_table_new(g_str_hash, g_str_equal);
  GPtrArray *tasks = g_ptr_array_new_with_free_func(unit_task_free);
  for (guint i = 0; i < rows->len; i++) {
    const rd_record *r = g_ptr_array_index(rows, i);
    int number = (int)i + 1;
    for (int k = -1; k < r->n_support_units; k++) {
      const char *u = k < 0 ? r->lead_unit : r->support_units[k];
      unit_task *t = g_hash_table_lookup(by_unit, u);
      if (!t) {
        t = g_new0(unit_task, 1);
        t->unit = g_strdup(u);
        t->rows = g_ptr_array_new();
        t->numbers = g_array_new(FALSE, FALSE, sizeof(int));
        g_hash_table_insert(by_unit, t->unit, t);
        g_ptr_array_add(tasks, t);
      }
      if (t->numbers->len && g_array_index(t->numbers, int, t->numbers->len - 1) == number)
        continue;   /* named twice in one row: listed once, as its first role */
      g_ptr_array_add(t->rows, (gpointer)r);
      g_array_append_val(t->numbers, number);
    }
  }
  g_hash_table_unref(by_unit);
  return tasks;
}

static int compare_tasks(gconstpointer a, gconstpointer b)
{
  const unit_task *x = *(const unit_task *const *)a, *y = *(const unit_task *const *)b;
  return strcmp(x->unit, y->unit);
}

/* File names: made safe, then made unique (case-insensitively, for case-folding file
 * systems) with a visible _2, _3 … in the fixed (sorted) order. */
static void assign_paths(GPtrArray *tasks, const char *unit_dir)
{
  GHashTable *used = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < tasks->len; i++) {
    unit_task *t = g_ptr_array_index(tasks, i);
    char *base = rd_safe_filename(t->unit, UNIT_NAME_MAX_BYTES);
    char *name = g_strdup(base);
    for (int n = 2;; n++) {
      char *key = g_utf8_casefold(name, -1);
      if (!g_hash_table_contains(used, key)) {
        g_hash_table_add(used, key);
        break;
      }
      g_free(key);
      g_free(name);
      name = g_strdup_printf("%s_%d", base, n);
    }
    char *file = g_strconcat(name, ".pdf", NULL);
    t->relative_path = g_build_filename(unit_dir, file, NULL);
    g_free(file);
    g_free(name);
    g_free(base);
  }
  g_hash_table_unref(used);
}

static JsonNode *unit_view(const rd_job *job, const unit_task *t)
{
  JsonNode *root;
  JsonObject *view = facts_object(job, &root);
  JsonArray *items = json_array_new();
  int leads = 0;
  for (guint i = 0; i < t->rows->len; i++) {
    const rd_record *r = g_ptr_array_index(t->rows, i);
    gboolean lead = !strcmp(r->lead_unit, t->unit);
    char date[32];
    char *units = rd_job_units_joined(r);
    JsonObject *item = json_object_new();
    json_object_set_int_member(item, "index", (gint64)i + 1);
    json_object_set_int_member(item, "number", g_array_index(t->numbers, int, i));
    json_object_set_string_member(item, "category", job->taxonomy->categories[r->category].display);
    json_object_set_string_member(item, "community", r->community);
    json_object_set_string_member(item, "title", r->title);
    json_object_set_string_member(item, "detail", r->detail);
    json_object_set_string_member(item, "level", rd_level_name(r->level));
    json_object_set_boolean_member(item, "lead", lead);
    json_object_set_string_member(item, "units", units);
    json_object_set_boolean_member(item, "has_deadline", r->deadline != 0);
    json_object_set_string_member(item, "deadline_cn", rd_day_format_cn(r->deadline, date));
    json_object_set_boolean_member(item, "overdue",
                                   rd_record_is_overdue(r, job->period.report_date));
    json_array_add_object_element(items, item);
    leads += lead;
    g_free(units);
  }
  json_object_set_string_member(view, "unit", t->unit);
  json_object_set_int_member(view, "count", t->rows->len);
  json_object_set_int_member(view, "lead_count", leads);
  json_object_set_int_member(view, "support_count", (gint64)t->rows->len - leads);
  json_object_set_array_member(view, "items", items);
  return root;
}

/* Render + typeset one 交办单 (a worker thread): touches only the task and its typesetter;
 * the output is recorded later in the main thread. */
static gboolean render_unit(const rd_job *job, rd_typesetter *ts, unit_task *t)
{
  char *text = rd_job_render_template(job, "unit", t->view, &t->error);
  gboolean ok = text && rd_job_render_document(job, ts, text, "templates/event/unit.mustache",
                                               t->relative_path, TRUE, &t->pages, &t->error);
  g_free(text);
  return ok;
}

static void unit_worker(gpointer data, gpointer user)
{
  unit_task *t = data;
  unit_pool *pool = user;
  rd_typesetter *ts = g_async_queue_try_pop(pool->typesetters);
  if (!ts) {
    /* at most one typesetter per worker thread: the pool never runs more tasks at once */
    g_mutex_lock(&pool->lock);
    ts = rd_typesetter_new(pool->job->datadir, pool->job->opt.fonts, &t->error);
    g_mutex_unlock(&pool->lock);
  }
  if (ts) {
    t->ok = render_unit(pool->job, ts, t);
    g_async_queue_push(pool->typesetters, ts);
  }
  g_mutex_lock(&pool->lock);
  pool->done++;
  if (pool->job->progress)
    g_printerr("\r交办单 %d/%d%s", pool->done, pool->total, pool->done == pool->total ? "\n" : "");
  g_mutex_unlock(&pool->lock);
}

/* Runs the tasks on n_threads workers; returns when all are done. */
static gboolean run_pool(rd_job *job, GPtrArray *tasks, int n_threads, GError **error)
{
  unit_pool pool = { .job = job, .typesetters = g_async_queue_new(), .total = (int)tasks->len };
  g_mutex_init(&pool.lock);
  GThreadPool *threads = g_thread_pool_new(unit_worker, &pool, n_threads, TRUE, error);
  gboolean ok = threads != NULL;
  for (guint i = 0; ok && i < tasks->len; i++)
    ok = g_thread_pool_push(threads, g_ptr_array_index(tasks, i), error);
  if (threads)
    g_thread_pool_free(threads, FALSE, TRUE);   /* waits for every queued task */
  rd_typesetter *ts;
  while ((ts = g_async_queue_try_pop(pool.typesetters)))
    rd_typesetter_free(ts);
  g_async_queue_unref(pool.typesetters);
  g_mutex_clear(&pool.lock);
  return ok;
}

gboolean rd_event_write_unit_notices(rd_job *job, GError **error)
{
  char *unit_dir_name = rd_job_wording(job, "unit_dir", error);
  if (!unit_dir_name)
    return FALSE;
  char *unit_dir = rd_safe_filename(unit_dir_name, 200);
  char *unit_dir_path = g_build_filename(job->out_dir, unit_dir, NULL);
  GPtrArray *rows = rd_event_open_rows(job);
  GPtrArray *tasks = collect_units(rows);
  g_ptr_array_sort(tasks, compare_tasks);
  assign_paths(tasks, unit_dir);
  gboolean ok = tasks->len == 0 || rd_output_mkdir(unit_dir_path, error);
  if (ok && tasks->len) {
    for (guint i = 0; i < tasks->len; i++) {
      unit_task *t = g_ptr_array_index(tasks, i);
      t->view = unit_view(job, t);
    }
    int n_threads = job->opt.jobs > 0 ? job->opt.jobs : (int)g_get_num_processors();
    n_threads = MAX(1, MIN(n_threads, (int)tasks->len));
    ok = run_pool(job, tasks, n_threads, error);
  }
  /* record in the fixed (sorted) order so summary.json does not depend on scheduling */
  for (guint i = 0; ok && i < tasks->len; i++) {
    unit_task *t = g_ptr_array_index(tasks, i);
    if (!t->ok && !t->error) {
      g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "交办单 %s: not written", t->unit);
      ok = FALSE;
    } else if (!t->ok) {
      g_propagate_prefixed_error(error, t->error, "交办单 %s: ", t->unit);
      t->error = NULL;
      ok = FALSE;
    } else {
      ok = rd_job_record_document(job, "unit-notice", t->relative_path, TRUE, t->pages, error);
    }
  }
  g_ptr_array_free(tasks, TRUE);
  g_ptr_array_free(rows, TRUE);
  g_free(unit_dir_path);
  g_free(unit_dir);
  g_free(unit_dir_name);
  return ok;
}
