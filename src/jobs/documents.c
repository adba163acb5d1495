/* documents.c — choosing rows, wording and file names for a job's documents. */
#include <string.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include "documents.h"
#include "letterhead.h"
#include "template/mustache.h"
#include "typeset/typeset.h"
#include "docx/docx.h"
#include "xlsx/xlsx_list.h"

JsonNode *rd_job_facts(const rd_job *job)
{
  JsonBuilder *b = json_builder_new();
  char date[32];
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "office");
  json_builder_add_string_value(b, job->profile->office_name);
  json_builder_set_member_name(b, "office_short");
  json_builder_add_string_value(b, job->profile->office_short);
  if (job->period.start) {
    int y, m, d;
    rd_day_to_ymd(job->period.start, &y, &m, &d);
    char *period = g_strdup_printf("%d年%d月", y, m);
    json_builder_set_member_name(b, "period_cn");
    json_builder_add_string_value(b, period);
    g_free(period);
  }
  if (job->opt.event) {
    json_builder_set_member_name(b, "event");
    json_builder_add_string_value(b, job->opt.event);
  }
  json_builder_set_member_name(b, "report_date_cn");
  json_builder_add_string_value(b, rd_day_format_cn(job->period.report_date, date));
  json_builder_end_object(b);
  JsonNode *facts = json_builder_get_root(b);
  g_object_unref(b);
  return facts;
}

char *rd_job_wording(const rd_job *job, const char *key, GError **error)
{
  char *path = g_build_filename(job->datadir, "templates", "documents.ini", NULL);
  GKeyFile *kf = g_key_file_new();
  char *text = NULL, *result = NULL;
  if (g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, error))
    text = g_key_file_get_string(kf, job->name, key, error);
  if (text) {
    JsonNode *facts = rd_job_facts(job);
    char *name = g_strdup_printf("%s [%s] %s", path, job->name, key);
    rd_mustache_options opts = { .name = name, .no_escape = TRUE };
    result = rd_mustache_render(text, facts, &opts, error);
    g_free(name);
    json_node_unref(facts);
  }
  if (!result && error && *error)
    g_prefix_error(error, "%s: ", path);
  g_free(text);
  g_key_file_free(kf);
  g_free(path);
  return result;
}

GPtrArray *rd_job_rows(const rd_job *job, gboolean open_only)
{
  GPtrArray *rows = g_ptr_array_new();
  for (guint i = 0; i < job->data->records->len; i++) {
    rd_record *r = g_ptr_array_index(job->data->records, i);
    if (!open_only || !rd_record_is_resolved(r))
      g_ptr_array_add(rows, r);
  }
  return rows;
}

GPtrArray *rd_job_units(const rd_record *r)
{
  GPtrArray *units = g_ptr_array_new();
  if (r->lead_unit)
    g_ptr_array_add(units, (gpointer)r->lead_unit);
  for (int i = 0; i < r->n_support_units; i++) {
    const char *u = r->support_units[i];
    if (!g_ptr_array_find_with_equal_func(units, u, g_str_equal, NULL))
      g_ptr_array_add(units, (gpointer)u);
  }
  return units;
}

char *rd_job_units_joined(const rd_record *r)
{
  GPtrArray *units = rd_job_units(r);
  g_ptr_array_add(units, NULL);
  char *joined = g_strjoinv("、", (char **)units->pdata);
  g_ptr_array_free(units, TRUE);
  return joined;
}

/* The file named in an error as the output folder will hold it (rd_output_name_in_error). */
static void name_output_in_error(const rd_job *job, GError *error, const char *temp,
                                 const char *relative_path)
{
  char *shown = g_build_filename(job->final_dir ? job->final_dir : job->out_dir, relative_path,
                                 NULL);
  rd_output_name_in_error(error, temp, shown);
  g_free(shown);
}

gboolean rd_job_write_list(rd_job *job, const GPtrArray *rows, GError **error)
{
  char *title = rd_job_wording(job, "list_title", error);
  char *file = title ? rd_job_wording(job, "list_file", error) : NULL;
  char *safe = file ? rd_safe_filename(file, 200) : NULL;
  char *final = safe ? g_build_filename(job->out_dir, safe, NULL) : NULL;
  char *temp = final ? rd_output_temp_path(final, error) : NULL;
  gboolean ok = FALSE;
  if (temp) {
    rd_list_request request = {
      .path = temp,
      .title = title,
      .records = rows,
      .agg = job->agg,
      .taxonomy = job->taxonomy,
      .profile = job->profile,
      .report_date = job->period.report_date,
      .datadir = job->datadir,
    };
    ok = rd_xlsx_write_list(&request, error) && rd_output_commit(temp, final, error) &&
         rd_outputs_add(job->outputs, job->out_dir, "list-xlsx", safe, 0, error);
    if (!ok) {
      rd_output_abandon(temp);
      name_output_in_error(job, error ? *error : NULL, temp, safe);
    }
  }
  g_free(temp);
  g_free(final);
  g_free(safe);
  g_free(file);
  g_free(title);
  return ok;
}

/* Where a document that cannot be typeset is kept: beside the output folder (the failed
 * run's own folder is removed, and the previous run stays as it was), so that the line
 * numbers of the message can be looked up. */
static char *failed_document_path(const rd_job *job, const char *document_name)
{
  const char *folder = job->final_dir ? job->final_dir : job->out_dir;
  char *flat = rd_safe_filename(document_name, 200);   /* 交办单/x.txt -> 交办单_x.txt */
  char *path = g_strconcat(folder, "-", flat, NULL);
  g_free(flat);
  return path;
}

/* Keeps the text that failed; the message says where it is. */
static void keep_failed_document(const rd_job *job, const char *document_text,
                                 const char *document_name, const char *template_name,
                                 GError **error)
{
  char *path = failed_document_path(job, document_name);
  GError *ignored = NULL;
  if (error && *error && rd_output_write(path, document_text, strlen(document_text), &ignored))
    g_prefix_error(error, "%s 生成的排版文本已保存为 %s：", template_name, path);
  g_clear_error(&ignored);
  g_free(path);
}

/* A document typeset now makes the text an earlier run kept of it stale: it goes, so that
 * what lies beside the folder is only what still fails. */
static void forget_failed_document(const rd_job *job, const char *document_name)
{
  char *path = failed_document_path(job, document_name);
  if (g_unlink(path) != 0 && errno != ENOENT)
    g_printerr(_("riskdoc: could not remove the stale %s: %s\n"), path, g_strerror(errno));
  g_free(path);
}

/* "通报.pdf" -> "通报" + ext. */
static char *sibling(const char *relative_pdf, const char *ext)
{
  gsize n = strlen(relative_pdf);
  gsize stem = g_str_has_suffix(relative_pdf, ".pdf") ? n - 4 : n;
  return g_strdup_printf("%.*s%s", (int)stem, relative_pdf, ext);
}

/* Writes bytes to out_dir/relative through the output policy (temporary file, rename). */
static gboolean write_output(const rd_job *job, const char *relative, const void *data, gsize len,
                             GError **error)
{
  char *path = g_build_filename(job->out_dir, relative, NULL);
  gboolean ok = rd_output_write(path, data, len, error);
  if (!ok)
    name_output_in_error(job, error ? *error : NULL, path, relative);   /* not the staging name */
  g_free(path);
  return ok;
}

static gboolean write_pdf(const rd_job *job, rd_typesetter *ts, const rd_document *doc,
                          const char *relative, int *pages, GError **error)
{
  char *final = g_build_filename(job->out_dir, relative, NULL);
  char *temp = rd_output_temp_path(final, error);
  gboolean ok = temp && rd_typesetter_render_pdf(ts, doc, temp, pages, error) &&
                rd_output_commit(temp, final, error);
  if (!ok && temp) {
    rd_output_abandon(temp);
    name_output_in_error(job, error ? *error : NULL, temp, relative);
  }
  g_free(temp);
  g_free(final);
  return ok;
}

/* Writes the DOCX bytes (taking them); FALSE when there are none (error set). */
static gboolean write_docx_bytes(const rd_job *job, GBytes *bytes, const char *relative,
                                 GError **error)
{
  if (!bytes)
    return FALSE;
  gsize len = 0;
  const void *data = g_bytes_get_data(bytes, &len);
  gboolean ok = write_output(job, relative, data, len, error);
  g_bytes_unref(bytes);
  return ok;
}

/* A long document's DOCX is made on a thread of its own, with a typesetter of its own,
 * while its PDF is drawn: the two read the document only. Measured on the 通报 of 100,000
 * rows (6.5 MB of text): the PDF 12.5 s, then the DOCX 10 s on the same thread. A short
 * one is made after the PDF (a second typesetter costs more than it saves; the event job
 * already draws its 交办单 on several threads). */
#define RD_DOCX_BESIDE_BYTES (256 * 1024)

typedef struct docx_beside {
  const rd_job *job;
  const rd_document *doc;
  rd_banji_slot *banji;   /* the PDF's layout tells the DOCX where its 版记 went */
  GBytes *bytes;
  GError *error;
} docx_beside;

static gpointer make_docx(gpointer data)
{
  docx_beside *w = data;
  rd_typesetter *ts = rd_typesetter_new(w->job->datadir, w->job->opt.fonts, &w->error);
  if (ts) {
    rd_typesetter_set_banji_slot(ts, w->banji);
    w->bytes = rd_docx_render(ts, w->doc, &w->error);
  }
  rd_typesetter_free(ts);
  return NULL;
}

/* The job's 发文字号 (given on the command line, else the profile's for this job), then the
 * rest of the profile's fields. A plain document (版头: 否) has no 发文字号. Returns the
 * number the document carries, NULL for none. */
static char *fill_document(const rd_job *job, rd_document *doc)
{
  if (!g_strcmp0(rd_document_get_field(doc, "版头"), "是")) {
    char *number = rd_job_doc_number(job, rd_document_year(doc));
    gboolean given = job->opt.doc_number || job->opt.number;   /* the command line wins */
    if (number && (given || !rd_document_get_field(doc, "发文字号")))
      rd_document_set_field(doc, "发文字号", number, NULL);
    g_free(number);
  }
  rd_document_apply_profile(doc, job->profile);
  const char *used = rd_document_get_field(doc, "发文字号");
  return used ? g_strdup(used) : NULL;
}

/* rd_job_render_document, also returning the 发文字号 the document was issued with in
 * *doc_number (NULL for none) when doc_number is not NULL. */
static gboolean render_document(const rd_job *job, rd_typesetter *ts, const char *document_text,
                                const char *template_name, const char *relative_pdf,
                                gboolean editable, int *pages, char **doc_number, GError **error)
{
  /* the source first: an edit is re-typeset from it; messages count lines in it */
  char *source = sibling(relative_pdf, ".txt");
  gboolean ok = write_output(job, source, document_text, strlen(document_text), error);
  rd_document *doc = ok ? rd_document_parse(document_text, -1, source, error) : NULL;
  ok = doc != NULL;
  if (doc) {
    char *number = fill_document(job, doc);
    if (doc_number)
      *doc_number = g_steal_pointer(&number);
    g_free(number);
    gboolean want_pdf = job->opt.want_pdf || !editable;   /* an archive is always printed */
    gboolean want_docx = editable && job->opt.want_docx;
    /* The DOCX places its 版记 where the PDF's layout did, without a layout of its own. */
    docx_beside w = { job, doc, rd_banji_slot_new(), NULL, NULL };
    rd_typesetter_set_banji_slot(ts, w.banji);
    GThread *beside = want_pdf && want_docx && strlen(document_text) >= RD_DOCX_BESIDE_BYTES
                        ? g_thread_new("docx", make_docx, &w) : NULL;
    if (want_pdf)
      ok = write_pdf(job, ts, doc, relative_pdf, pages, error);
    rd_banji_slot_close(w.banji);   /* whatever the PDF published, nothing more comes */
    if (beside)
      g_thread_join(beside);
    if (ok && want_docx) {
      char *docx = sibling(relative_pdf, ".docx");
      if (!beside)
        w.bytes = rd_docx_render(ts, doc, error);
      else if (w.error)
        g_propagate_error(error, g_steal_pointer(&w.error));
      ok = write_docx_bytes(job, g_steal_pointer(&w.bytes), docx, error);
      g_free(docx);
    }
    rd_typesetter_set_banji_slot(ts, NULL);
    rd_banji_slot_free(w.banji);
    if (w.bytes)
      g_bytes_unref(w.bytes);
    g_clear_error(&w.error);
    rd_document_free(doc);
  }
  /* the failed run's folder goes: the text is kept beside it */
  if (!ok && error && *error && (*error)->domain == RD_TYPESET_ERROR &&
      ((*error)->code == RD_TYPESET_ERROR_PARSE || (*error)->code == RD_TYPESET_ERROR_LAYOUT))
    keep_failed_document(job, document_text, source, template_name, error);
  else if (ok)
    forget_failed_document(job, source);
  g_free(source);
  return ok;
}

gboolean rd_job_render_document(const rd_job *job, rd_typesetter *ts, const char *document_text,
                                const char *template_name, const char *relative_pdf,
                                gboolean editable, int *pages, GError **error)
{
  return render_document(job, ts, document_text, template_name, relative_pdf, editable, pages,
                         NULL, error);
}

gboolean rd_job_record_document(rd_job *job, const char *kind, const char *relative_pdf,
                                gboolean editable, int pages, GError **error)
{
  char *source = sibling(relative_pdf, ".txt");
  char *docx = sibling(relative_pdf, ".docx");
  char *pdf_kind = g_strconcat(kind, "-pdf", NULL);
  char *docx_kind = g_strconcat(kind, "-docx", NULL);
  char *source_kind = g_strconcat(kind, "-source", NULL);
  gboolean ok = (!(job->opt.want_pdf || !editable) ||
                 rd_outputs_add(job->outputs, job->out_dir, pdf_kind, relative_pdf, pages, error)) &&
                (!editable || !job->opt.want_docx ||
                 rd_outputs_add(job->outputs, job->out_dir, docx_kind, docx, 0, error)) &&
                rd_outputs_add(job->outputs, job->out_dir, source_kind, source, 0, error);
  g_free(source_kind);
  g_free(docx_kind);
  g_free(pdf_kind);
  g_free(docx);
  g_free(source);
  return ok;
}

gboolean rd_job_typeset(rd_job *job, rd_typesetter *ts, const char *document_text,
                        const char *name, const char *kind, const char *relative_path,
                        gboolean editable, GError **error)
{
  int pages = 0;
  char *number = NULL;
  gboolean ok = render_document(job, ts, document_text, name, relative_path, editable, &pages,
                                &number, error) &&
                rd_job_record_document(job, kind, relative_path, editable, pages, error);
  if (number) {
    g_free(job->doc_number);
    job->doc_number = number;
  }
  return ok;
}

/* The typeset format's escaper, for {{values}} in document templates. */
static char *escape_for_document(const char *text, void *user)
{
  (void)user;
  return rd_document_escape_text(text);
}

char *rd_job_render_template(const rd_job *job, const char *template_name, JsonNode *data,
                             GError **error)
{
  char *dir = g_build_filename(job->datadir, "templates", job->name, NULL);
  char *file = g_strconcat(template_name, ".mustache", NULL);
  char *path = g_build_filename(dir, file, NULL);
  char *text = NULL, *result = NULL;
  if (g_file_get_contents(path, &text, NULL, error)) {
    rd_mustache_options opts = {
      .name = path,
      .partial = rd_mustache_partial_from_dir,
      .partial_user = dir,
      .escape = escape_for_document,
      .missing_partial_is_error = TRUE,
    };
    result = rd_mustache_render(text, data, &opts, error);
  }
  g_free(text);
  g_free(path);
  g_free(file);
  g_free(dir);
  return result;
}

gboolean rd_job_draw(rd_job *job, rd_job_draw_fn draw, JsonObject *extra, GError **error)
{
  rd_typeset_tune_allocator();   /* before the first typesetter: see typeset.h */
  rd_typesetter *ts = rd_typesetter_new(job->datadir, job->opt.fonts, error);
  if (!ts)
    return FALSE;
  gboolean ok = draw(job, ts, error);
  if (ok && !job->opt.quiet) {
    /* once per run, as `typeset` does: which font served which role, which stand in */
    char *report = rd_typesetter_font_report(ts);
    g_printerr("%s\n%s", _("fonts:"), report);
    g_free(report);
  }
  if (ok) {
    const char *missing = rd_typesetter_missing_chars(ts);
    if (*missing)
      g_printerr(_("riskdoc %s: no font has these characters: %s\n"), job->name, missing);
    json_object_set_member(extra, "fonts", rd_typesetter_fonts_json(ts));
  }
  rd_typesetter_free(ts);
  return ok;
}
