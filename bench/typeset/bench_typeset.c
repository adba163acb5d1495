/* bench-typeset: 50 ten-page documents rendered in one process, on 1 and 2 threads (one
 * typesetter per thread). Prints pages/s; the cold single document is timed by
 * bench/typeset/cold.py through the riskdoc binary.
 *
 * `bench_typeset --cold DOC.txt OUT.pdf` instead renders one document in this fresh process
 * and prints how long each step took (where a cold start spends its time). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <glib.h>
#include "typeset/typeset.h"

#define DOCS 50

static char *ten_pages(void)
{
  GString *s = g_string_new("---\n发文机关标志: 全福街道办事处文件\n发文字号: 全办发〔2024〕1号\n"
                            "标题: 关于社会稳定风险隐患排查整治情况的通报\n主送: 各社区\n"
                            "署名: 全福街道办事处\n成文日期: 2024-05-20\n印发机关: 党政办\n---\n");
  for (int i = 0; i < 68; i++)
    g_string_append(s, "坚持以人民为中心的发展思想，聚焦重点领域、重点行业、重点群体，深入开展社会稳定风险隐患"
                       "大排查大整治，逐条落实化解措施，确保“事要解决”。\n");
  return g_string_free(s, FALSE);
}

typedef struct work { const char *text; const char *dir; int from, to, pages; } work;

static gpointer run(gpointer data)
{
  work *w = data;
  rd_typeset_tune_allocator();
  rd_typesetter *ts = rd_typesetter_new(RISKDOC_DATADIR, NULL, NULL);
  rd_document *doc = rd_document_parse(w->text, -1, "bench", NULL);
  for (int i = w->from; i < w->to; i++) {
    char *path = g_strdup_printf("%s/%d.pdf", w->dir, i);
    int pages = 0;
    if (rd_typesetter_render_pdf(ts, doc, path, &pages, NULL))
      w->pages += pages;
    g_free(path);
  }
  rd_document_free(doc);
  rd_typesetter_free(ts);
  return NULL;
}

/* Wall and CPU milliseconds since the previous call (the machine is shared: CPU is steadier). */
typedef struct stopwatch { gint64 wall; double cpu; } stopwatch;

static double cpu_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static char *lap(stopwatch *w)
{
  gint64 wall = g_get_monotonic_time();
  double cpu = cpu_ms();
  char *s = g_strdup_printf("%.1f ms (%.1f CPU)", (wall - w->wall) / 1e3, cpu - w->cpu);
  w->wall = wall;
  w->cpu = cpu;
  return s;
}

static int cold(const char *input, const char *out)
{
  GError *error = NULL;
  char *text = NULL;
  stopwatch t = { g_get_monotonic_time(), cpu_ms() };
  if (!g_file_get_contents(input, &text, NULL, &error)) {
    fprintf(stderr, "%s\n", error->message);
    g_error_free(error);
    return 1;
  }
  rd_typeset_tune_allocator();
  rd_typesetter *ts = rd_typesetter_new(RISKDOC_DATADIR, NULL, &error);
  char *t_new = lap(&t);
  rd_document *doc = ts ? rd_document_parse(text, -1, input, &error) : NULL;
  char *t_parse = lap(&t);
  int pages = 0;
  gboolean ok = doc && rd_typesetter_render_pdf(ts, doc, out, &pages, &error);
  char *t_render = lap(&t);
  rd_document_free(doc);
  rd_typesetter_free(ts);
  char *t_free = lap(&t);
  g_free(text);
  if (ok)
    printf("cold %s (%d pages): typesetter_new %s, parse %s, render_pdf %s, free %s\n", input,
           pages, t_new, t_parse, t_render, t_free);
  else
    fprintf(stderr, "%s\n", error ? error->message : "failed");
  g_clear_error(&error);
  g_free(t_new);
  g_free(t_parse);
  g_free(t_render);
  g_free(t_free);
  return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
  if (argc == 4 && !strcmp(argv[1], "--cold"))
    return cold(argv[2], argv[3]);
  char *text = ten_pages();
  char *dir = g_dir_make_tmp("bench-typeset-XXXXXX", NULL);
  for (int threads = 1; threads <= 2; threads++) {
    work w[2];
    GThread *t[2];
    gint64 t0 = g_get_monotonic_time();
    for (int k = 0; k < threads; k++) {
      w[k] = (work){ text, dir, k * DOCS / threads, (k + 1) * DOCS / threads, 0 };
      t[k] = g_thread_new("bench", run, &w[k]);
    }
    int pages = 0;
    for (int k = 0; k < threads; k++) {
      g_thread_join(t[k]);
      pages += w[k].pages;
    }
    double s = (g_get_monotonic_time() - t0) / 1e6;
    printf("%d documents, %d pages, %d thread%s: %.2f s, %.0f pages/s\n", DOCS, pages, threads,
           threads > 1 ? "s" : "", s, pages / s);
  }
  char *cmd = g_strdup_printf("rm -rf '%s'", dir);
  if (system(cmd) != 0)
    fprintf(stderr, "could not remove %s\n", dir);
  g_free(cmd);
  g_free(dir);
  g_free(text);
  return 0;
}
