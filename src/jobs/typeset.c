/* typeset.c — `riskdoc typeset [--config FILE] [--fonts DIR] -o OUT.pdf DOCUMENT.txt`
 * and `riskdoc typeset [--jobs N] -o DIR DOCUMENT.txt…`: renders plain-text documents
 * (docs/typeset.md) to GB/T 9704 PDFs, many in one process on --jobs threads (one typesetter
 * each), so that a folder of notices pays the start-up (fonts, fontconfig) once per thread,
 * not once per document. One document whose OUT ends in .docx is written as an editable DOCX
 * of the same layout. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include "commands.h"
#include "datadir.h"
#include "letterhead.h"
#include "output.h"
#include "docx/docx.h"

static void usage(FILE *to)
{
  fputs(_(
    "Usage: riskdoc typeset [--config FILE] [--fonts DIR] [-o OUT.pdf|OUT.docx] [--quiet] DOCUMENT.txt\n"
    "       riskdoc typeset [--config FILE] [--fonts DIR] [--jobs N] -o DIR DOCUMENT.txt...\n\n"
    "Renders a document written in the plain-text format of docs/typeset.md to a PDF laid out\n"
    "per GB/T 9704-2012, or, when OUT ends in .docx, to an editable DOCX in the same layout\n"
    "(named styles, the document grid, page-number footers). The office profile (--config, else\n"
    "~/.config/riskdoc/office.ini) fills the fields the document leaves out (发文机关标志,\n"
    "发文字号, 主送, 署名, 印章, 抄送, 印发机关). Licensed fonts dropped into fonts/ or --fonts DIR\n"
    "win over the free ones; the fonts used are reported on stderr.\n\n"
    "Several documents (or -o naming a folder) are written into the folder as NAME.pdf, on\n"
    "--jobs threads (default: one per processor), with a progress bar on a terminal; every\n"
    "document is attempted, and the exit status is that of the first one that failed.\n\n"
    "Example:\n"
    "  riskdoc typeset -o notice.pdf templates/examples/001-issued-notice.txt\n"
    "  riskdoc typeset -o out/ notices/*.txt\n"), to);
}

/* One document, and its outcome as the worker that took it fills it in. */
typedef struct task {
  const char *input, *out;
  int status;             /* RD_EXIT_OK, or the exit status its failure calls for */
  char *message;          /* the failure, or the characters no font has */
  int pages;
} task;

/* What the workers share: the profile is read-only; tasks are taken one at a time. */
typedef struct batch {
  const rd_profile *profile;
  const char *datadir;
  const char *fonts;
  task *tasks;
  int n;
  gint next;              /* the next task to take (atomic) */
  GMutex lock;            /* the fields below */
  int done, pages;
  gboolean bar;           /* draw a progress bar on stderr */
  char *report;           /* the first typesetter's font report */
} batch;

/* The PDF through the output policy: a temporary file the engine writes, then renamed. */
static gboolean write_pdf(rd_typesetter *ts, const rd_document *doc, const char *path, int *pages,
                          GError **error)
{
  char *temp = rd_output_temp_path(path, error);
  gboolean written = temp && rd_typesetter_render_pdf(ts, doc, temp, pages, error) &&
                     rd_output_commit(temp, path, error);
  if (!written && temp) {
    rd_output_abandon(temp);
    rd_output_name_in_error(error ? *error : NULL, temp, path);
  }
  g_free(temp);
  return written;
}

/* The DOCX renderer gives bytes; the output policy writes them. */
static gboolean write_docx(rd_typesetter *ts, const rd_document *doc, const char *path,
                           GError **error)
{
  GBytes *bytes = rd_docx_render(ts, doc, error);
  if (!bytes)
    return FALSE;
  gsize len = 0;
  const void *data = g_bytes_get_data(bytes, &len);
  gboolean ok = rd_output_write(path, data, len, error);
  g_bytes_unref(bytes);
  return ok;
}

static gboolean is_docx(const char *path)
{
  return g_str_has_suffix(path, ".docx") || g_str_has_suffix(path, ".DOCX");
}

/* Renders t->input to t->out (a temporary name, committed when complete), making the
 * worker's typesetter when it has none (after parsing: a malformed document costs no fonts). */
static void typeset_one(batch *b, rd_typesetter **ts, task *t)
{
  GError *error = NULL;
  char *text = NULL;
  gsize len = 0;
  rd_document *doc = NULL;
  if (!g_file_get_contents(t->input, &text, &len, &error) ||
      !(doc = rd_document_parse(text, (gssize)len, t->input, &error))) {
    t->status = RD_EXIT_USAGE;   /* a parse error names the place itself */
    t->message = g_error_matches(error, RD_TYPESET_ERROR, RD_TYPESET_ERROR_PARSE)
                   ? g_strdup(error->message)
                   : g_strdup_printf("riskdoc typeset: %s", error->message);
    g_clear_error(&error);
    g_free(text);
    return;
  }
  rd_document_apply_profile(doc, b->profile);
  if (!*ts)
    *ts = rd_typesetter_new(b->datadir, b->fonts, &error);
  gboolean written = *ts && (is_docx(t->out) ? write_docx(*ts, doc, t->out, &error)
                                              : write_pdf(*ts, doc, t->out, &t->pages, &error));
  const char *missing = *ts ? rd_typesetter_missing_chars(*ts) : "";
  if (!written) {
    t->status = RD_EXIT_FAILURE;
    t->message = g_strdup_printf("riskdoc typeset: %s", error->message);
    g_clear_error(&error);
  } else if (*missing)
    t->message = g_strdup_printf(_("riskdoc typeset: no font has these characters: %s"), missing);
  if (*missing) {   /* the typesetter's list of them would carry over to the next document */
    rd_typesetter_free(*ts);
    *ts = NULL;
  }
  rd_document_free(doc);
  g_free(text);
}

static void draw_bar(const batch *b)
{
  enum { WIDTH = 30 };
  int filled = b->done * WIDTH / b->n;
  fputc('\r', stderr);   /* not inside the translated text */
  fprintf(stderr, _("[%.*s%*s] %d/%d documents, %d pages"), filled,
          "##############################", WIDTH - filled, "", b->done, b->n, b->pages);
  if (b->done == b->n)
    fputc('\n', stderr);
  fflush(stderr);
}

/* A worker: one typesetter, the next task until there is none. */
static gpointer worker(gpointer data)
{
  batch *b = data;
  rd_typesetter *ts = NULL;
  int i;
  while ((i = g_atomic_int_add(&b->next, 1)) < b->n) {
    task *t = &b->tasks[i];
    typeset_one(b, &ts, t);
    g_mutex_lock(&b->lock);
    b->done++;
    b->pages += t->pages;
    if (ts && !b->report)
      b->report = rd_typesetter_font_report(ts);
    if (b->bar)
      draw_bar(b);
    g_mutex_unlock(&b->lock);
  }
  rd_typesetter_free(ts);
  return NULL;
}

/* NAME.pdf in dir for each input (NAME its file name without .txt); NULL after a message
 * when two inputs would write the same file. */
static task *plan_tasks(char **inputs, int n, const char *dir, char ***outs)
{
  task *tasks = g_new0(task, n);
  GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  *outs = g_new0(char *, n + 1);
  for (int i = 0; i < n; i++) {
    char *base = g_path_get_basename(inputs[i]);
    if (g_str_has_suffix(base, ".txt"))
      base[strlen(base) - 4] = '\0';
    char *name = g_strconcat(base, ".pdf", NULL);
    (*outs)[i] = g_build_filename(dir, name, NULL);
    g_free(base);
    tasks[i].input = inputs[i];
    tasks[i].out = (*outs)[i];
    const char *other = g_hash_table_lookup(seen, name);
    if (other) {
      fprintf(stderr, _("riskdoc typeset: '%s' and '%s' would both be written to %s\n"), other,
              inputs[i], (*outs)[i]);
      g_free(name);
      g_hash_table_destroy(seen);
      g_free(tasks);
      return NULL;
    }
    g_hash_table_insert(seen, name, inputs[i]);
  }
  g_hash_table_destroy(seen);
  return tasks;
}

int rd_cmd_typeset(int argc, char **argv)
{
  const char *config = NULL, *fonts = NULL, *out = NULL;
  gboolean quiet = FALSE;
  int jobs = 0;
  GPtrArray *inputs = g_ptr_array_new();
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    char *end = NULL;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(stdout);
      g_ptr_array_free(inputs, TRUE);
      return RD_EXIT_OK;
    } else if ((!strcmp(a, "--config") || !strcmp(a, "-c") || !strcmp(a, "--fonts") ||
                !strcmp(a, "-o") || !strcmp(a, "--out")) && i + 1 < argc) {
      /* the short forms the other commands have (-c, -o, -j, -q) mean the same here */
      const char **slot = !strcmp(a, "--config") || !strcmp(a, "-c") ? &config
                        : !strcmp(a, "--fonts") ? &fonts : &out;
      *slot = argv[++i];
    } else if ((!strcmp(a, "--jobs") || !strcmp(a, "-j")) && i + 1 < argc &&
               (jobs = (int)strtol(argv[i + 1], &end, 10)) > 0 && !*end && jobs <= 256) {
      i++;
    } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q"))
      quiet = TRUE;
    else if (a[0] == '-' && a[1]) {
      fprintf(stderr, _("riskdoc typeset: unknown or incomplete option '%s'\n"), a);
      usage(stderr);
      g_ptr_array_free(inputs, TRUE);
      return RD_EXIT_USAGE;
    } else
      g_ptr_array_add(inputs, (char *)a);
  }
  int n = (int)inputs->len;
  /* one document to a file, as always; several (or -o a folder) into a folder */
  gboolean into_dir = n > 1 || (out && (g_file_test(out, G_FILE_TEST_IS_DIR) ||
                                        g_str_has_suffix(out, "/")));
  if (n == 0 || (n > 1 && (!out || g_str_has_suffix(out, ".pdf")))) {
    if (n > 1)
      fprintf(stderr, _("riskdoc typeset: several documents need -o DIR\n"));
    usage(stderr);
    g_ptr_array_free(inputs, TRUE);
    return RD_EXIT_USAGE;
  }
  int status = RD_EXIT_OK;
  GError *error = NULL;
  rd_profile *profile = NULL;
  char *own = NULL;   /* the user's profile path, when --config is not given */
  char *datadir = NULL;
  char **outs = NULL;
  task *tasks = NULL;
  batch b = { 0 };
  if (!config)
    config = own = rd_user_profile_path();   /* as the data jobs do */
  if (config && !(profile = rd_profile_load(config, &error))) {
    fprintf(stderr, "riskdoc typeset: %s\n", error->message);
    status = RD_EXIT_USAGE;
    goto done;
  }
  if (!(datadir = rd_datadir(&error))) {
    fprintf(stderr, "riskdoc typeset: %s\n", error->message);
    status = RD_EXIT_FAILURE;
    goto done;
  }
  if (into_dir) {
    if (!(tasks = plan_tasks((char **)inputs->pdata, n, out, &outs))) {
      status = RD_EXIT_USAGE;
      goto done;
    }
    if (g_mkdir_with_parents(out, 0700) != 0) {   /* owner-only, as the jobs' folders */
      fprintf(stderr, "riskdoc typeset: 无法创建 %s：%s\n", out, g_strerror(errno));
      status = RD_EXIT_FAILURE;
      goto done;
    }
  } else {
    tasks = g_new0(task, 1);
    outs = g_new0(char *, 2);
    const char *in = g_ptr_array_index(inputs, 0);
    char *base = g_str_has_suffix(in, ".txt") ? g_strndup(in, strlen(in) - 4) : g_strdup(in);
    outs[0] = out ? g_strdup(out) : g_strconcat(base, ".pdf", NULL);
    g_free(base);
    tasks[0] = (task){ .input = in, .out = outs[0] };
  }
  rd_typeset_tune_allocator();
  b.profile = profile;
  b.datadir = datadir;
  b.fonts = fonts;
  b.tasks = tasks;
  b.n = n;
  b.bar = into_dir && !quiet && isatty(STDERR_FILENO);
  g_mutex_init(&b.lock);
  int threads = MIN(jobs > 0 ? jobs : (int)g_get_num_processors(), n);
  GThread **pool = g_new(GThread *, threads);
  for (int i = 1; i < threads; i++)
    pool[i] = g_thread_new("typeset", worker, &b);
  worker(&b);   /* the main thread is worker 0 */
  for (int i = 1; i < threads; i++)
    g_thread_join(pool[i]);
  g_free(pool);
  g_mutex_clear(&b.lock);
  if (!quiet && b.report)
    fprintf(stderr, "%s\n%s", _("fonts:"), b.report);
  int written = 0;
  for (int i = 0; i < n; i++) {   /* in the order given, whichever thread was first */
    const task *t = &tasks[i];
    if (t->status == RD_EXIT_OK && !quiet && !into_dir && is_docx(t->out))
      fprintf(stderr, _("%s: written\n"), t->out);
    else if (t->status == RD_EXIT_OK && !quiet && !into_dir)
      fprintf(stderr, ngettext("%s: %d page\n", "%s: %d pages\n", (unsigned long)t->pages), t->out,
              t->pages);
    if (t->message)
      fprintf(stderr, "%s\n", t->message);
    written += t->status == RD_EXIT_OK;
    if (status == RD_EXIT_OK)
      status = t->status;
  }
  if (into_dir && !quiet)
    fprintf(stderr, _("%s: %d of %d documents written, %d pages\n"), out, written, n, b.pages);
done:
  g_clear_error(&error);
  if (tasks)
    for (int i = 0; i < n; i++)
      g_free(tasks[i].message);
  g_free(tasks);
  g_strfreev(outs);
  g_free(b.report);
  g_free(datadir);
  g_free(own);
  if (profile)
    rd_profile_free(profile);
  g_ptr_array_free(inputs, TRUE);
  return status;
}
