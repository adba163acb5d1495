/* ingest.c — community ledgers -> normalised records and rejects (see ingest.h).
 *
 * Two steps per file, so that files can be parsed on several threads (ingest_threads.c):
 * rd_parse_file turns one file into an rd_file_result (records built in a thread's own store,
 * rejects and problems as items in file order) knowing nothing of other files; the format is
 * decided by the file's first bytes and its reader feeds the shared row stage
 * (ingest_rows.c). rd_merge_result then, in the order the files were named, checks each 编号
 * against every earlier file (a repeat turns the row into a reject) and appends everything to
 * the dataset. */
#include <string.h>
#include <libxml/parser.h>
#include "ingest_internal.h"

G_DEFINE_QUARK(rd-ingest-error-quark, rd_ingest_error)

/* ---- file results ---- */

static void item_clear(gpointer data)
{
  g_free(((rd_item *)data)->message);
}

rd_file_result *rd_file_result_new(void)
{
  rd_file_result *res = g_new0(rd_file_result, 1);
  res->items = g_array_new(FALSE, TRUE, sizeof(rd_item));
  g_array_set_clear_func(res->items, item_clear);
  res->cells = g_string_new(NULL);
  res->names = g_string_chunk_new(256);
  res->format = "csv";
  return res;
}

void rd_file_result_free(rd_file_result *res)
{
  if (!res)
    return;
  g_clear_error(&res->error);
  g_strfreev(res->headers);
  g_array_free(res->items, TRUE);
  g_string_free(res->cells, TRUE);
  g_string_chunk_free(res->names);
  g_free(res);
}

void rd_file_result_fail(rd_file_result *res, int code, const char *sheet, int line, int column,
                         const char *format, ...)
{
  va_list args;
  va_start(args, format);
  char *message = g_strdup_vprintf(format, args);
  va_end(args);
  g_clear_error(&res->error);
  g_set_error_literal(&res->error, RD_INGEST_ERROR, code, message);
  g_free(message);
  res->decoded = FALSE;
  res->error_sheet = sheet ? rd_file_result_name(res, sheet) : NULL;
  res->error_line = line;
  res->error_column = column;
}

void rd_file_result_note(rd_file_result *res, const char *sheet, int line, int column,
                         char severity, char *message)
{
  rd_item it = { .kind = RD_ITEM_PROBLEM, .severity = severity,
                 .sheet = sheet ? rd_file_result_name(res, sheet) : NULL, .line = line,
                 .column = column, .message = message, .id_at = G_MAXSIZE };
  g_array_append_val(res->items, it);
}

const char *rd_file_result_name(rd_file_result *res, const char *sheet)
{
  return g_string_chunk_insert_const(res->names, sheet);
}

/* ---- places ---- */

char *rd_cell_name(int row, int column)
{
  char letters[8];
  int n = 0;
  for (int c = column; c > 0 && n < (int)sizeof letters; c = (c - 1) / 26)
    letters[n++] = (char)('A' + (c - 1) % 26);
  GString *s = g_string_sized_new(12);
  while (n > 0)
    g_string_append_c(s, letters[--n]);
  g_string_append_printf(s, "%d", row);
  return g_string_free(s, FALSE);
}

char *rd_problem_location(const rd_problem *p)
{
  if (!p->sheet)
    return g_strdup_printf("%s:%d:%d", p->source, p->line, p->column);
  if (p->line <= 0)
    return g_strdup_printf("%s:%s", p->source, p->sheet);
  if (p->column <= 0)   /* a whole row, as Excel names one */
    return g_strdup_printf("%s:%s!%d:%d", p->source, p->sheet, p->line, p->line);
  char *cell = rd_cell_name(p->line, p->column);
  char *where = g_strdup_printf("%s:%s!%s", p->source, p->sheet, cell);
  g_free(cell);
  return where;
}

/* ---- one file: the format by its first bytes ---- */

static gboolean starts_with_tag(const char *data, gsize length, const char *tag)
{
  gsize n = strlen(tag);
  return length >= n && g_ascii_strncasecmp(data, tag, n) == 0;
}

/* A web page or an Excel 2003 XML file saved under a spreadsheet's name: platforms do this
 * with their "Excel" exports. Neither is a ledger this program reads; say what it is. */
static const char *markup_kind(const char *data, gsize length)
{
  if (length >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
    data += 3;
    length -= 3;
  }
  while (length && g_ascii_isspace(*data)) {
    data++;
    length--;
  }
  if (starts_with_tag(data, length, "<!doctype html") || starts_with_tag(data, length, "<html") ||
      starts_with_tag(data, length, "<table") || starts_with_tag(data, length, "<meta"))
    return "网页（HTML）";
  if (starts_with_tag(data, length, "<?xml")) {
    gsize head = MIN(length, 4096);
    if (g_strstr_len(data, (gssize)head, "urn:schemas-microsoft-com:office:spreadsheet"))
      return "Excel 2003 XML 表格";
    return "XML";
  }
  return NULL;
}

#define RD_ZIP_MAGIC "PK\x03\x04"
#define RD_OLE_MAGIC "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"

static gboolean has_magic(const char *data, gsize length, const char *magic, gsize n)
{
  return length >= n && memcmp(data, magic, n) == 0;
}

/* Web platforms often save CSV text as "导出.xls": read as what it is, and say so. */
static gboolean has_workbook_extension(const char *name)
{
  const char *dot = strrchr(name, '.');
  return dot && (!g_ascii_strcasecmp(dot, ".xlsx") || !g_ascii_strcasecmp(dot, ".xls"));
}

/* A warning about the whole file, before the problems of its rows. */
static void note_first(rd_file_result *res, char *message)
{
  rd_item it = { .kind = RD_ITEM_PROBLEM, .severity = 'W', .message = message, .id_at = G_MAXSIZE };
  g_array_prepend_val(res->items, it);
}

rd_file_result *rd_parse_buffer(rd_store *st, const rd_ingest_config *cfg, const char *name,
                                const char *data, gsize length)
{
  rd_file_result *res = rd_file_result_new();
  const char *markup;
  if (has_magic(data, length, RD_ZIP_MAGIC, 4)) {
    rd_read_xlsx(st, res, cfg, name, data, length);
  } else if (has_magic(data, length, RD_OLE_MAGIC, 8)) {
    rd_read_xls(st, res, cfg, name, NULL, data, length);
  } else if ((markup = markup_kind(data, length))) {
    res->format = "csv";
    rd_file_result_fail(res, RD_INGEST_ERROR_FORMAT, NULL, 1, 1,
                        "这是%s文件，不是 CSV 或 Excel 工作簿：请在 Excel 或 WPS 中打开，"
                        "另存为“Excel 工作簿（*.xlsx）”或“CSV UTF-8”后再读取", markup);
  } else {
    rd_read_csv(st, res, cfg, name, data, length);
    if (res->decoded && has_workbook_extension(name))
      note_first(res, g_strdup_printf("扩展名是“%s”，内容却是 CSV 文本：已按 CSV 读取",
                                      strrchr(name, '.')));
  }
  return res;
}

rd_file_result *rd_parse_file(rd_store *st, const rd_ingest_config *cfg, const char *path)
{
  GError *local = NULL;
  GMappedFile *map = g_mapped_file_new(path, FALSE, &local);
  if (!map) {
    rd_file_result *res = rd_file_result_new();
    res->io_error = TRUE;
    g_set_error(&res->error, RD_INGEST_ERROR, RD_INGEST_ERROR_IO, "%s: 无法读取：%s", path,
                local->message);
    g_error_free(local);
    return res;
  }
  /* an empty file maps to NULL contents */
  const char *data = g_mapped_file_get_contents(map);
  gsize length = g_mapped_file_get_length(map);
  rd_file_result *res;
  if (data && has_magic(data, length, RD_OLE_MAGIC, 8)) {
    res = rd_file_result_new();
    rd_read_xls(st, res, cfg, path, path, data, length);
  } else {
    res = rd_parse_buffer(st, cfg, path, data ? data : "", length);
  }
  g_mapped_file_unref(map);
  return res;
}

/* ---- 编号 seen in any earlier row of any file ---- */

/* Where an 编号 first appeared, and its key (community + U+001F + 编号, as the texts
 * compare). The texts are the record's own or copies in the dataset's strings. */
typedef struct {
  const char *source;
  const char *sheet;
  const char *community;
  const char *id;
  int line;
  guint hash;
} id_origin;

/* Open-addressing table of 编号 seen: index + 1 into origins (0 = free); much smaller than a
 * GHashTable of key strings. */
struct rd_ingest_ids {
  GArray *origins;          /* id_origin */
  guint32 *slots;
  gsize mask;               /* slots - 1, a power of two minus one */
};

guint rd_key_hash(const char *community, const char *id)
{
  guint h = 5381;
  for (const char *p = community; *p; p++)
    h = h * 33 + (guchar)*p;
  h = h * 33 + 0x1f;
  for (const char *p = id; *p; p++)
    h = h * 33 + (guchar)*p;
  return h;
}

static gboolean keys_equal(const char *c1, const char *i1, const char *c2, const char *i2)
{
  if (strcmp(c1, c2) == 0)
    return strcmp(i1, i2) == 0;
  /* different communities can still make the same key when a text holds U+001F */
  const char *a[3] = { c1, "\x1f", i1 }, *b[3] = { c2, "\x1f", i2 };
  int sa = 0, sb = 0;
  const char *p = a[0], *q = b[0];
  for (;;) {
    while (!*p && sa < 2)
      p = a[++sa];
    while (!*q && sb < 2)
      q = b[++sb];
    if (!*p || !*q)
      return !*p && !*q;
    if (*p++ != *q++)
      return FALSE;
  }
}

static void id_table_grow(struct rd_ingest_ids *ids)
{
  gsize size = ids->slots ? (ids->mask + 1) * 2 : 1024;
  guint32 *slots = g_new0(guint32, size);
  for (guint i = 0; i < ids->origins->len; i++) {
    gsize at = g_array_index(ids->origins, id_origin, i).hash & (size - 1);
    while (slots[at])
      at = (at + 1) & (size - 1);
    slots[at] = i + 1;
  }
  g_free(ids->slots);
  ids->slots = slots;
  ids->mask = size - 1;
}

/* 编号 already used in this community (in any earlier row of any file)? Returns the reason
 * text, or NULL (and remembers where it was first seen). stored_id: id as kept by the row's
 * record, NULL when the row is rejected (a copy is kept then). */
static char *check_duplicate(rd_dataset *ds, const char *source, const char *sheet, int line,
                             const char *community, const char *id, guint hash,
                             const char *stored_id)
{
  struct rd_ingest_ids *ids = ds->ids;
  if (!ids->slots || (ids->origins->len + 1) * 2 > ids->mask + 1)
    id_table_grow(ids);
  gsize at = hash & ids->mask;
  for (; ids->slots[at]; at = (at + 1) & ids->mask) {
    const id_origin *first = &g_array_index(ids->origins, id_origin, ids->slots[at] - 1);
    if (first->hash != hash || !keys_equal(first->community, first->id, community, id))
      continue;
    if (first->source == source)
      return g_strdup_printf("编号“%s”重复：与第%d行相同", id, first->line);
    if (first->sheet)
      return g_strdup_printf("编号“%s”重复：与 %s 工作表“%s”第%d行相同", id, first->source,
                             first->sheet, first->line);
    return g_strdup_printf("编号“%s”重复：与 %s 第%d行相同", id, first->source, first->line);
  }
  id_origin origin = { source, sheet, community,
                       stored_id ? stored_id : g_string_chunk_insert(ds->strings, id), line, hash };
  g_array_append_val(ids->origins, origin);
  ids->slots[at] = ids->origins->len;
  return NULL;
}

/* ---- merge: a file's rows and problems join the dataset ---- */

static void add_problem(rd_dataset *ds, const char *source, const char *sheet, int line,
                        int column, char severity, char *message /* taken */)
{
  rd_problem *p = g_new0(rd_problem, 1);
  p->source = source;
  p->sheet = sheet;
  p->line = line;
  p->column = column;
  p->severity = severity;
  p->message = message;
  g_ptr_array_add(ds->problems, p);
}

static char **cells_of(const rd_file_result *res, const rd_item *it)
{
  char **cells = g_new(char *, it->n_cells + 1);
  const char *p = res->cells->str + it->cells_at;
  for (guint i = 0; i < it->n_cells; i++) {
    size_t n = strlen(p);
    cells[i] = g_strndup(p, n);
    p += n + 1;
  }
  cells[it->n_cells] = NULL;
  return cells;
}

static const char *kept_name(rd_dataset *ds, const char *name)
{
  return name ? g_string_chunk_insert_const(ds->strings, name) : NULL;
}

/* A file that could not be used: counted, its problem recorded, error set. */
static gboolean merge_failure(rd_dataset *ds, rd_file_result *res, const char *source,
                              GError **error)
{
  ds->file_errors++;
  if (res->io_error) {
    add_problem(ds, source, NULL, 0, 0, 'E', g_strdup(res->error->message));
    g_propagate_error(error, g_steal_pointer(&res->error));
    return FALSE;
  }
  rd_problem where = { .source = source, .sheet = kept_name(ds, res->error_sheet),
                       .line = res->error_line, .column = res->error_column };
  add_problem(ds, source, where.sheet, where.line, where.column, 'E',
              g_strdup(res->error->message));
  char *location = rd_problem_location(&where);
  g_set_error(error, res->error->domain, res->error->code, "%s: %s", location,
              res->error->message);
  g_free(location);
  return FALSE;
}

gboolean rd_merge_result(rd_dataset *ds, rd_file_result *res, const char *name, GError **error)
{
  const char *source = g_string_chunk_insert_const(ds->strings, name);
  if (res->io_error || !res->decoded)
    return merge_failure(ds, res, source, error);
  rd_input input = { g_strdup(name), res->encoding, res->format, g_strdup(res->sheet), 0, 0, 0 };
  g_array_append_val(ds->inputs, input);
  rd_input *in = &g_array_index(ds->inputs, rd_input, ds->inputs->len - 1);
  for (guint i = 0; i < res->items->len; i++) {
    rd_item *it = &g_array_index(res->items, rd_item, i);
    const char *sheet = kept_name(ds, it->sheet);
    if (it->kind == RD_ITEM_PROBLEM) {
      add_problem(ds, source, sheet, it->line, it->column, it->severity,
                  g_steal_pointer(&it->message));
      continue;
    }
    ds->read++;
    in->read++;
    char *duplicate = it->id_at == G_MAXSIZE ? NULL
      : check_duplicate(ds, source, sheet, it->line, it->community, res->cells->str + it->id_at,
                        it->id_hash, it->kind == RD_ITEM_RECORD ? it->record->id : NULL);
    if (it->kind == RD_ITEM_RECORD && !duplicate) {
      it->record->source = source;
      g_ptr_array_add(ds->records, it->record);
      ds->used++;
      in->used++;
      continue;
    }
    rd_reject *r = g_new0(rd_reject, 1);
    r->source = source;
    r->sheet = sheet;
    r->line = it->line;
    r->column = it->column;
    r->reason = g_steal_pointer(&it->message);
    if (duplicate) {
      /* the repeat is the row's last problem, as if found with the others */
      if (r->reason && *r->reason) {
        char *joined = g_strconcat(r->reason, "；", duplicate, NULL);
        g_free(r->reason);
        r->reason = joined;
        g_free(duplicate);
      } else {
        g_free(r->reason);
        r->reason = duplicate;
        r->column = it->id_column;
      }
      it->with_problem = TRUE;
    }
    r->headers = res->headers ? g_strdupv(res->headers) : g_new0(char *, 1);
    r->cells = cells_of(res, it);
    g_ptr_array_add(ds->rejects, r);
    if (it->with_problem)
      add_problem(ds, source, sheet, r->line, r->column, 'R', g_strdup(r->reason));
    ds->rejected++;
    in->rejected++;
  }
  return TRUE;
}

gboolean rd_ingest_buffer(rd_dataset *ds, const rd_ingest_config *cfg, const char *name,
                          const char *data, gsize length, GError **error)
{
  rd_file_result *res = rd_parse_buffer(ds->store, cfg, name, data, length);
  gboolean ok = rd_merge_result(ds, res, name, error);
  rd_file_result_free(res);
  return ok;
}

gboolean rd_ingest_file(rd_dataset *ds, const rd_ingest_config *cfg, const char *path,
                        GError **error)
{
  rd_file_result *res = rd_parse_file(ds->store, cfg, path);
  gboolean ok = rd_merge_result(ds, res, path, error);
  rd_file_result_free(res);
  return ok;
}

/* ---- inputs ---- */

static gint compare_strings(gconstpointer a, gconstpointer b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* *.csv, *.xlsx, *.xls — not the ~$name.xlsx lock files Excel and WPS leave beside an open
 * workbook. */
static gboolean is_ledger_name(const char *name)
{
  if (g_str_has_prefix(name, "~$"))
    return FALSE;
  const char *dot = strrchr(name, '.');
  return dot && dot != name &&
         (!g_ascii_strcasecmp(dot, ".csv") || !g_ascii_strcasecmp(dot, ".xlsx") ||
          !g_ascii_strcasecmp(dot, ".xls"));
}

char **rd_expand_inputs(const char *const *args, GError **error)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
  for (const char *const *a = args; a && *a; a++) {
    if (!g_file_test(*a, G_FILE_TEST_IS_DIR)) {
      if (!g_file_test(*a, G_FILE_TEST_EXISTS)) {
        g_set_error(error, RD_INGEST_ERROR, RD_INGEST_ERROR_IO, "%s: 文件不存在", *a);
        g_ptr_array_free(paths, TRUE);
        return NULL;
      }
      g_ptr_array_add(paths, g_strdup(*a));
      continue;
    }
    GDir *dir = g_dir_open(*a, 0, error);
    if (!dir) {
      g_ptr_array_free(paths, TRUE);
      return NULL;
    }
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while ((name = g_dir_read_name(dir)))
      if (is_ledger_name(name))
        g_ptr_array_add(names, g_strdup(name));
    g_dir_close(dir);
    g_ptr_array_sort(names, compare_strings);
    for (guint i = 0; i < names->len; i++)
      g_ptr_array_add(paths, g_build_filename(*a, g_ptr_array_index(names, i), NULL));
    if (names->len == 0)
      g_printerr("riskdoc: %s: 目录中没有 .csv、.xlsx 或 .xls 文件\n", *a);
    g_ptr_array_free(names, TRUE);
  }
  g_ptr_array_add(paths, NULL);
  return (char **)g_ptr_array_free(paths, FALSE);
}

/* ---- dataset ---- */

static void reject_free(gpointer data)
{
  rd_reject *r = data;
  g_free(r->reason);
  g_strfreev(r->headers);
  g_strfreev(r->cells);
  g_free(r);
}

static void problem_free(gpointer data)
{
  rd_problem *p = data;
  g_free(p->message);
  g_free(p);
}

static void input_clear(gpointer data)
{
  rd_input *in = data;
  g_free(in->path);
  g_free(in->sheet);
}

rd_dataset *rd_dataset_new(void)
{
  /* libxml2 sets itself up once, before any reader thread uses it */
  xmlInitParser();
  rd_dataset *ds = g_new0(rd_dataset, 1);
  ds->strings = g_string_chunk_new(1 << 16);
  ds->records = g_ptr_array_new();   /* records live in unit_vectors' blocks */
  ds->inputs = g_array_new(FALSE, TRUE, sizeof(rd_input));
  g_array_set_clear_func(ds->inputs, input_clear);
  ds->rejects = g_ptr_array_new_with_free_func(reject_free);
  ds->problems = g_ptr_array_new_with_free_func(problem_free);
  ds->unit_vectors = g_ptr_array_new_with_free_func(g_free);
  ds->store = rd_store_new(ds->unit_vectors);
  ds->ids = g_new0(struct rd_ingest_ids, 1);
  ds->ids->origins = g_array_new(FALSE, FALSE, sizeof(id_origin));
  return ds;
}

void rd_dataset_free(rd_dataset *ds)
{
  if (!ds)
    return;
  g_ptr_array_free(ds->records, TRUE);
  g_array_free(ds->inputs, TRUE);
  g_ptr_array_free(ds->rejects, TRUE);
  g_ptr_array_free(ds->problems, TRUE);
  g_array_free(ds->ids->origins, TRUE);
  g_free(ds->ids->slots);
  g_free(ds->ids);
  g_ptr_array_free(ds->unit_vectors, TRUE);
  g_string_chunk_free(ds->strings);
  rd_store_free(ds->store);
  g_free(ds);
}

gboolean rd_dataset_check_balance(const rd_dataset *ds, GError **error)
{
  int read = 0, used = 0, rejected = 0;
  for (guint i = 0; i < ds->inputs->len; i++) {
    const rd_input *in = &g_array_index(ds->inputs, rd_input, i);
    if (in->read != in->used + in->rejected) {
      g_set_error(error, RD_INGEST_ERROR, RD_INGEST_ERROR_IO,
                  "内部错误：%s 读取%d行，但使用%d行、退回%d行，对不上", in->path, in->read,
                  in->used, in->rejected);
      return FALSE;
    }
    read += in->read;
    used += in->used;
    rejected += in->rejected;
  }
  if (read != ds->read || used != ds->used || rejected != ds->rejected ||
      ds->read != ds->used + ds->rejected || (guint)ds->used != ds->records->len ||
      (guint)ds->rejected != ds->rejects->len) {
    g_set_error(error, RD_INGEST_ERROR, RD_INGEST_ERROR_IO,
                "内部错误：共读取%d行，但使用%d行、退回%d行（记录%u条、退回清单%u条），对不上",
                ds->read, ds->used, ds->rejected, ds->records->len, ds->rejects->len);
    return FALSE;
  }
  return TRUE;
}
