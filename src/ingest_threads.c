/* ingest_threads.c — many files read on several threads, merged in the order named, so that
 * the dataset is the same as read one by one (see rd_ingest_paths in ingest.h). */
#include "ingest_internal.h"

/* Parsed files waiting to be merged, at most: bounds memory when merging falls behind. */
#define RD_FILES_AHEAD 4


int rd_ingest_threads(void)
{
  const char *env = g_getenv("RISKDOC_INGEST_THREADS");
  if (env && *env) {
    gint64 n = g_ascii_strtoll(env, NULL, 10);
    return (int)CLAMP(n, 1, 64);
  }
  return (int)CLAMP(g_get_num_processors(), 1, 8);
}

/* Files handed out in order to the reader threads; results wait in done[] until merged. */
typedef struct {
  const rd_ingest_config *cfg;
  char **paths;
  guint total;
  GMutex lock;
  GCond changed;
  guint next;               /* next file to parse */
  guint merged;             /* files merged so far */
  rd_file_result **done;       /* [total] */
} shared_work;

typedef struct {
  shared_work *work;
  rd_store *st;             /* this thread's strings and records */
} worker;

static gpointer worker_run(gpointer data)
{
  worker *w = data;
  shared_work *work = w->work;
  for (;;) {
    g_mutex_lock(&work->lock);
    while (work->next < work->total && work->next >= work->merged + RD_FILES_AHEAD)
      g_cond_wait(&work->changed, &work->lock);
    guint i = work->next < work->total ? work->next++ : work->total;
    g_mutex_unlock(&work->lock);
    if (i >= work->total)
      return NULL;
    rd_file_result *res = rd_parse_file(w->st, work->cfg, work->paths[i]);
    g_mutex_lock(&work->lock);
    work->done[i] = res;
    g_cond_broadcast(&work->changed);
    g_mutex_unlock(&work->lock);
  }
}

gboolean rd_ingest_paths(rd_dataset *ds, const rd_ingest_config *cfg, char **paths,
                         void (*progress)(int done, int total, void *user), void *user)
{
  guint total = g_strv_length(paths);
  guint n_threads = MIN((guint)rd_ingest_threads(), total);
  gboolean all_ok = TRUE;
  if (n_threads <= 1) {
    for (guint i = 0; i < total; i++) {
      GError *error = NULL;
      if (!rd_ingest_file(ds, cfg, paths[i], &error)) {
        all_ok = FALSE;
        g_clear_error(&error);
      }
      if (progress)
        progress((int)i + 1, (int)total, user);
    }
    return all_ok;
  }

  shared_work work = { .cfg = cfg, .paths = paths, .total = total };
  g_mutex_init(&work.lock);
  g_cond_init(&work.changed);
  work.done = g_new0(rd_file_result *, total);
  worker *workers = g_new0(worker, n_threads);
  GThread **threads = g_new0(GThread *, n_threads);
  for (guint t = 0; t < n_threads; t++) {
    workers[t].work = &work;
    /* small blocks: a thread's strings are few compared with the dataset's */
    workers[t].st = rd_store_new(g_ptr_array_new_with_free_func(g_free));
    threads[t] = g_thread_new("rd-ingest", worker_run, &workers[t]);
  }
  for (guint i = 0; i < total; i++) {
    g_mutex_lock(&work.lock);
    while (!work.done[i])
      g_cond_wait(&work.changed, &work.lock);
    rd_file_result *res = work.done[i];
    work.done[i] = NULL;
    g_mutex_unlock(&work.lock);
    GError *error = NULL;
    if (!rd_merge_result(ds, res, paths[i], &error)) {
      all_ok = FALSE;
      g_clear_error(&error);
    }
    rd_file_result_free(res);
    g_mutex_lock(&work.lock);
    work.merged = i + 1;
    g_cond_broadcast(&work.changed);
    g_mutex_unlock(&work.lock);
    if (progress)
      progress((int)i + 1, (int)total, user);
  }
  for (guint t = 0; t < n_threads; t++) {
    g_thread_join(threads[t]);
    /* the dataset now owns what this thread's records point to */
    rd_store *st = workers[t].st;
    g_ptr_array_extend_and_steal(ds->unit_vectors, rd_store_blocks(st));
    rd_store_free(st);
  }
  g_free(threads);
  g_free(workers);
  g_free(work.done);
  g_cond_clear(&work.changed);
  g_mutex_clear(&work.lock);
  return all_ok;
}

