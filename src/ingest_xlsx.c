/* ingest_xlsx.c — .xlsx workbooks: the zip's parts (libzip) streamed through libxml2's
 * xmlTextReader, one row at a time into the row stage. Memory: the shared-string table, the
 * styles' date flags and one row; a sheet of 100,000 rows is never held whole.
 *
 * Parts read: _rels/.rels -> the workbook (sheets, their names, hidden or not, the 1904 date
 * system) -> its relationships -> sharedStrings, styles (which cell formats show dates) and
 * the sheets. Cells: shared and inline strings, numbers (dates when their format is one),
 * booleans, formula results as cached; a formula without a cached result rejects its row. */
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlreader.h>
#include <zip.h>
#include "ingest_internal.h"

/* A part that inflates past either limit is refused as a zip bomb. The ratio applies only
 * above a floor: small parts of repetitive XML compress very well and are harmless. */
#define RD_XLSX_MAX_PART (G_GUINT64_CONSTANT(1) << 30)   /* 1 GiB */
#define RD_XLSX_MAX_RATIO 200
#define RD_XLSX_RATIO_FLOOR (G_GUINT64_CONSTANT(16) << 20)
/* Excel's own grid: a reference beyond it is damage, not data. */
#define RD_XLSX_MAX_ROWS 1048576
#define RD_XLSX_MAX_COLUMNS 16384

#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_REL_STRICT "http://purl.oclc.org/ooxml/officeDocument/relationships"

typedef struct {
  zip_t *zip;
  rd_file_result *res;
  char *workbook_dir;       /* "xl/" */
  gboolean date1904;
  rd_sheet_info *sheets;
  char **sheet_parts;       /* zip entry of each sheet */
  guint n_sheets;
  GStringChunk *strings;    /* the shared strings' texts */
  GPtrArray *sst;           /* index -> text */
  GArray *xf_date;          /* gboolean per cell format (cellXfs) */
} xlsx;

/* ---- one part through xmlTextReader ---- */

typedef struct {
  zip_file_t *file;
  const char *entry;
  guint64 read, limit;
  gboolean bomb, damaged;
  char *error;              /* libxml2's first complaint */
  int error_line;
} part;

static int part_read(void *context, char *buffer, int length)
{
  part *p = context;
  zip_int64_t n = zip_fread(p->file, buffer, (zip_uint64_t)length);
  if (n < 0) {
    p->damaged = TRUE;
    return -1;
  }
  p->read += (guint64)n;
  if (p->read > p->limit) {
    p->bomb = TRUE;
    return -1;
  }
  return (int)n;
}

static int part_close(void *context)
{
  (void)context;
  return 0;
}

static void part_error(void *context, xmlErrorPtr error)
{
  part *p = context;
  if (p->error || !error)
    return;
  p->error = g_strchomp(g_strdup(error->message ? error->message : "?"));
  p->error_line = error->line;
}

static char *size_text(guint64 bytes)
{
  return g_format_size_full(bytes, G_FORMAT_SIZE_IEC_UNITS);
}

/* Opens entry for streaming; NULL (res failed, unless the part is optional and absent). */
static xmlTextReaderPtr part_open(xlsx *x, part *p, const char *entry, const char *sheet,
                                  gboolean optional)
{
  memset(p, 0, sizeof *p);
  p->entry = entry;
  zip_int64_t index = zip_name_locate(x->zip, entry, ZIP_FL_NOCASE);
  zip_stat_t st;
  if (index < 0 || zip_stat_index(x->zip, (zip_uint64_t)index, 0, &st) != 0) {
    if (!optional)
      rd_file_result_fail(x->res, RD_INGEST_ERROR_FORMAT, sheet, 0, 0,
                          "工作簿不完整：缺少“%s”，文件可能已损坏，请重新导出", entry);
    return NULL;
  }
  guint64 size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
  guint64 packed = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
  p->limit = RD_XLSX_MAX_PART;
  if (packed * RD_XLSX_MAX_RATIO > RD_XLSX_RATIO_FLOOR)
    p->limit = MIN(p->limit, packed * RD_XLSX_MAX_RATIO);
  else
    p->limit = MIN(p->limit, RD_XLSX_RATIO_FLOOR);
  if (size > p->limit) {
    char *s = size_text(size), *c = size_text(packed);
    rd_file_result_fail(x->res, RD_INGEST_ERROR_FORMAT, sheet, 0, 0,
                        "“%s”解压后有 %s（压缩后 %s），超出上限：疑似压缩炸弹，拒绝读取", entry, s, c);
    g_free(s);
    g_free(c);
    return NULL;
  }
  p->file = zip_fopen_index(x->zip, (zip_uint64_t)index, 0);
  if (!p->file) {
    zip_error_t *e = zip_get_error(x->zip);
    if (zip_error_code_zip(e) == ZIP_ER_NOPASSWD || zip_error_code_zip(e) == ZIP_ER_WRONGPASSWD ||
        zip_error_code_zip(e) == ZIP_ER_ENCRNOTSUPP)
      rd_file_result_fail(x->res, RD_INGEST_ERROR_FORMAT, sheet, 0, 0,
                          "工作簿已加密，无法读取：请在 Excel 或 WPS 中取消密码后另存");
    else
      rd_file_result_fail(x->res, RD_INGEST_ERROR_FORMAT, sheet, 0, 0,
                          "无法解压“%s”：%s；文件可能已损坏，请重新导出", entry, zip_error_strerror(e));
    return NULL;
  }
  xmlTextReaderPtr reader = xmlReaderForIO(part_read, part_close, p, entry, NULL, XML_PARSE_NONET);
  if (!reader) {
    zip_fclose(p->file);
    rd_file_result_fail(x->res, RD_INGEST_ERROR_FORMAT, sheet, 0, 0, "无法读取“%s”", entry);
    return NULL;
  }
  xmlTextReaderSetStructuredErrorHandler(reader, part_error, p);
  return reader;
}

/* Closes the part; FALSE (res failed) when reading it went wrong (status < 0). */
static gboolean part_close_check(xlsx *x, part *p, xmlTextReaderPtr reader, int status,
                                 const char *sheet)
{
  xmlFreeTextReader(reader);
  zip_fclose(p->file);
  gboolean ok = status >= 0;
  if (p->bomb) {
    char *limit = size_text(p->limit);
    rd_file_result_fail(x->res, RD_INGEST_ERROR_FORMAT, sheet, 0, 0,
                        "“%s”解压后超过 %s：疑似压缩炸弹，拒绝读取", p->entry, limit);
    g_free(limit);
  } else if (p->damaged) {
    rd_file_result_fail(x->res, RD_INGEST_ERROR_FORMAT, sheet, 0, 0,
                        "“%s”的压缩数据已损坏，无法解压：请重新导出", p->entry);
  } else if (!ok) {
    rd_file_result_fail(x->res, RD_INGEST_ERROR_FORMAT, sheet, 0, 0,
                        "“%s”不是有效的 XML（第%d行：%s）：文件可能已损坏，请重新导出", p->entry,
                        p->error_line, p->error ? p->error : "读取失败");
  }
  g_free(p->error);
  return ok && !p->bomb && !p->damaged;
}

/* The reader's next node; -1 on error, 0 at the end. A document type declaration is refused:
 * no Office part has one, and refusing it keeps entity tricks out. */
static int next_node(xmlTextReaderPtr reader)
{
  int status = xmlTextReaderRead(reader);
  if (status == 1 && xmlTextReaderNodeType(reader) == XML_READER_TYPE_DOCUMENT_TYPE)
    return -1;
  return status;
}

static gboolean is_element(xmlTextReaderPtr reader, const char *local)
{
  return xmlTextReaderNodeType(reader) == XML_READER_TYPE_ELEMENT &&
         strcmp((const char *)xmlTextReaderConstLocalName(reader), local) == 0;
}

static gboolean is_end(xmlTextReaderPtr reader, const char *local)
{
  int type = xmlTextReaderNodeType(reader);
  return (type == XML_READER_TYPE_END_ELEMENT ||
          (type == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement(reader))) &&
         strcmp((const char *)xmlTextReaderConstLocalName(reader), local) == 0;
}

static gboolean is_text(xmlTextReaderPtr reader)
{
  int type = xmlTextReaderNodeType(reader);
  return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
         type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || type == XML_READER_TYPE_WHITESPACE;
}

/* An attribute's value (g_free), NULL when absent. */
static char *attribute(xmlTextReaderPtr reader, const char *name)
{
  xmlChar *value = xmlTextReaderGetAttribute(reader, (const xmlChar *)name);
  char *copy = value ? g_strdup((const char *)value) : NULL;
  xmlFree(value);
  return copy;
}

static char *relationship_id(xmlTextReaderPtr reader)
{
  const char *spaces[] = { NS_REL, NS_REL_STRICT };
  for (guint i = 0; i < G_N_ELEMENTS(spaces); i++) {
    xmlChar *value = xmlTextReaderGetAttributeNs(reader, (const xmlChar *)"id",
                                                 (const xmlChar *)spaces[i]);
    if (value) {
      char *copy = g_strdup((const char *)value);
      xmlFree(value);
      return copy;
    }
  }
  return attribute(reader, "r:id");
}

/* ---- relationships ---- */

typedef struct {
  char *id, *type, *target;   /* target as a zip entry */
} relationship;

static void relationship_clear(gpointer data)
{
  relationship *r = data;
  g_free(r->id);
  g_free(r->type);
  g_free(r->target);
}

/* target relative to dir ("xl/"), or from the root when it starts with '/'. */
static char *resolve(const char *dir, const char *target)
{
  if (target[0] == '/')
    return g_strdup(target + 1);
  GString *path = g_string_new(dir);
  const char *t = target;
  while (g_str_has_prefix(t, "../")) {
    t += 3;
    /* drop the last folder of path */
    if (path->len && path->str[path->len - 1] == '/')
      g_string_truncate(path, path->len - 1);
    char *slash = strrchr(path->str, '/');
    g_string_truncate(path, slash ? (gsize)(slash - path->str) + 1 : 0);
  }
  g_string_append(path, t);
  return g_string_free(path, FALSE);
}

/* Reads a .rels part; NULL when it is absent (and optional) or bad (res failed). */
static GArray *read_rels(xlsx *x, const char *entry, const char *dir, gboolean optional)
{
  part p;
  xmlTextReaderPtr reader = part_open(x, &p, entry, NULL, optional);
  if (!reader)
    return NULL;
  GArray *rels = g_array_new(FALSE, TRUE, sizeof(relationship));
  g_array_set_clear_func(rels, relationship_clear);
  int status;
  while ((status = next_node(reader)) == 1) {
    if (!is_element(reader, "Relationship"))
      continue;
    char *target = attribute(reader, "Target");
    char *mode = attribute(reader, "TargetMode");
    if (target && !(mode && strcmp(mode, "External") == 0)) {
      relationship r = { attribute(reader, "Id"), attribute(reader, "Type"), resolve(dir, target) };
      if (!r.id)
        r.id = g_strdup("");
      if (!r.type)
        r.type = g_strdup("");
      g_array_append_val(rels, r);
    }
    g_free(target);
    g_free(mode);
  }
  if (!part_close_check(x, &p, reader, status, NULL)) {
    g_array_free(rels, TRUE);
    return NULL;
  }
  return rels;
}

static const relationship *rel_by_type(GArray *rels, const char *suffix)
{
  for (guint i = 0; rels && i < rels->len; i++) {
    const relationship *r = &g_array_index(rels, relationship, i);
    if (g_str_has_suffix(r->type, suffix))
      return r;
  }
  return NULL;
}

static const relationship *rel_by_id(GArray *rels, const char *id)
{
  for (guint i = 0; rels && id && i < rels->len; i++) {
    const relationship *r = &g_array_index(rels, relationship, i);
    if (strcmp(r->id, id) == 0)
      return r;
  }
  return NULL;
}

/* ---- workbook, shared strings, styles ---- */

typedef struct {
  char *name, *rid;
  gboolean hidden;
} sheet_entry;

static gboolean read_workbook(xlsx *x, const char *entry, GArray *entries)
{
  part p;
  xmlTextReaderPtr reader = part_open(x, &p, entry, NULL, FALSE);
  if (!reader)
    return FALSE;
  int status;
  while ((status = next_node(reader)) == 1) {
    if (is_element(reader, "workbookPr")) {
      char *v = attribute(reader, "date1904");
      x->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
      g_free(v);
    } else if (is_element(reader, "sheet")) {
      char *state = attribute(reader, "state");
      sheet_entry e = { attribute(reader, "name"), relationship_id(reader),
                        state && (strcmp(state, "hidden") == 0 || strcmp(state, "veryHidden") == 0) };
      g_free(state);
      if (!e.name)
        e.name = g_strdup_printf("Sheet%u", entries->len + 1);
      g_array_append_val(entries, e);
    }
  }
  return part_close_check(x, &p, reader, status, NULL);
}

static gboolean read_shared_strings(xlsx *x, const char *entry)
{
  part p;
  xmlTextReaderPtr reader = part_open(x, &p, entry, NULL, TRUE);
  if (!reader)
    return x->res->error == NULL;   /* absent: a workbook without strings */
  GString *text = g_string_new(NULL);
  gboolean in_t = FALSE;
  int in_phonetic = 0;
  int status;
  while ((status = next_node(reader)) == 1) {
    if (is_element(reader, "si")) {
      g_string_truncate(text, 0);
      if (xmlTextReaderIsEmptyElement(reader))
        g_ptr_array_add(x->sst, (gpointer)"");
      continue;
    }
    if (is_end(reader, "si")) {
      g_ptr_array_add(x->sst, g_string_chunk_insert_len(x->strings, text->str, (gssize)text->len));
    } else if (is_element(reader, "rPh") && !xmlTextReaderIsEmptyElement(reader)) {
      in_phonetic++;   /* the reading of Japanese kanji: not the cell's text */
    } else if (xmlTextReaderNodeType(reader) == XML_READER_TYPE_END_ELEMENT &&
               strcmp((const char *)xmlTextReaderConstLocalName(reader), "rPh") == 0) {
      in_phonetic--;
    } else if (is_element(reader, "t")) {
      in_t = !xmlTextReaderIsEmptyElement(reader);
    } else if (is_end(reader, "t")) {
      in_t = FALSE;
    } else if (in_t && !in_phonetic && is_text(reader)) {
      g_string_append(text, (const char *)xmlTextReaderConstValue(reader));
    }
  }
  g_string_free(text, TRUE);
  return part_close_check(x, &p, reader, status, NULL);
}

static gboolean read_styles(xlsx *x, const char *entry)
{
  part p;
  xmlTextReaderPtr reader = part_open(x, &p, entry, NULL, TRUE);
  if (!reader)
    return x->res->error == NULL;
  GHashTable *codes = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
  gboolean in_cell_xfs = FALSE;
  int status;
  while ((status = next_node(reader)) == 1) {
    if (is_element(reader, "numFmt")) {
      char *id = attribute(reader, "numFmtId"), *code = attribute(reader, "formatCode");
      if (id && code)
        g_hash_table_insert(codes, GINT_TO_POINTER(atoi(id)), g_steal_pointer(&code));
      g_free(id);
      g_free(code);
    } else if (is_element(reader, "cellXfs")) {
      in_cell_xfs = !xmlTextReaderIsEmptyElement(reader);
    } else if (is_end(reader, "cellXfs")) {
      in_cell_xfs = FALSE;
    } else if (in_cell_xfs && is_element(reader, "xf")) {
      char *id = attribute(reader, "numFmtId");
      int n = id ? atoi(id) : 0;
      gboolean date = rd_number_format_is_date(n, g_hash_table_lookup(codes, GINT_TO_POINTER(n)));
      g_array_append_val(x->xf_date, date);
      g_free(id);
    }
  }
  g_hash_table_destroy(codes);
  return part_close_check(x, &p, reader, status, NULL);
}

/* ---- a sheet ---- */

/* "D12" -> column 4, row 12; FALSE when it is no cell reference. Either may be absent. */
static gboolean parse_ref(const char *ref, int *column, int *row)
{
  const char *p = ref;
  int c = 0, r = 0;
  for (; g_ascii_isalpha(*p); p++) {
    c = c * 26 + (g_ascii_toupper(*p) - 'A' + 1);
    if (c > RD_XLSX_MAX_COLUMNS)
      return FALSE;
  }
  for (; g_ascii_isdigit(*p); p++) {
    r = r * 10 + (*p - '0');
    if (r > RD_XLSX_MAX_ROWS)
      return FALSE;
  }
  if (*p)
    return FALSE;
  *column = c;
  *row = r;
  return TRUE;
}

/* What a sheet reader keeps of the cell being read. */
typedef struct {
  int column;
  char type[12];            /* t attribute, "" = number */
  int style;
  gboolean has_value, has_formula, in_value, in_inline, in_t;
  int in_phonetic;
  GString *value;           /* <v> text */
  GString *text;            /* inline string */
} cell_state;

/* The cell's text into rows; a formula without a cached result makes it unusable. */
static void emit_cell(xlsx *x, rd_rows *rows, cell_state *c, int row)
{
  const char *type = c->type[0] ? c->type : "n";
  if (strcmp(type, "inlineStr") == 0) {
    rd_rows_cell(rows, c->text->str, c->text->len);
    return;
  }
  /* a formula's number result is never empty: <v/> there (openpyxl writes it) is none */
  if (!c->has_value || (c->has_formula && !c->value->len && strcmp(type, "n") == 0)) {
    rd_rows_cell(rows, "", 0);
    if (c->has_formula) {
      char *name = rd_cell_name(row, c->column);
      rd_rows_cell_unusable(rows, g_strdup_printf("单元格%s是公式，但文件中没有它的计算结果"
                                                  "（请在 Excel 或 WPS 中打开、保存后再导出）", name));
      g_free(name);
    }
    return;
  }
  const char *v = c->value->str;
  if (strcmp(type, "s") == 0) {
    char *end;
    guint64 index = g_ascii_strtoull(v, &end, 10);
    if (end == v || *end || index >= x->sst->len) {
      rd_rows_cell(rows, "", 0);
      char *name = rd_cell_name(row, c->column);
      rd_rows_cell_unusable(rows, g_strdup_printf("单元格%s引用了不存在的共享字符串（%s），文件可能已损坏",
                                                  name, v));
      g_free(name);
      return;
    }
    const char *s = g_ptr_array_index(x->sst, index);
    rd_rows_cell(rows, s, strlen(s));
  } else if (strcmp(type, "b") == 0) {
    const char *b = strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
    rd_rows_cell(rows, b, strlen(b));
  } else if (strcmp(type, "n") == 0) {
    char *end;
    double number = g_ascii_strtod(v, &end);
    if (end == v || *end) {   /* not a number after all: keep what is written */
      rd_rows_cell(rows, v, c->value->len);
      return;
    }
    gboolean date = c->style >= 0 && (guint)c->style < x->xf_date->len &&
                    g_array_index(x->xf_date, gboolean, c->style);
    char *text = rd_number_text(number, date, x->date1904);
    rd_rows_cell(rows, text, strlen(text));
    g_free(text);
  } else {
    /* str (a formula's text), e (#N/A…), d (ISO date and time: the date is enough) */
    gsize n = c->value->len;
    if (strcmp(type, "d") == 0 && n > 10 && v[10] == 'T')
      n = 10;
    rd_rows_cell(rows, v, n);
  }
}

static void cell_reset(cell_state *c)
{
  c->type[0] = '\0';
  c->style = -1;
  c->has_value = c->has_formula = c->in_value = c->in_inline = c->in_t = FALSE;
  c->in_phonetic = 0;
  g_string_truncate(c->value, 0);
  g_string_truncate(c->text, 0);
}

typedef struct {
  xlsx *x;
  rd_rows *rows;
  cell_state cell;
  int row;                  /* current row number */
  int next_column;          /* 1-based column the next cell would be */
  gboolean in_row, in_cell;
} sheet_reader;

/* A <c>: its place, type and style, read in one walk over its attributes (no copies: this
 * runs for every cell). */
static gboolean start_cell(sheet_reader *s, xmlTextReaderPtr reader, const char *sheet)
{
  cell_state *c = &s->cell;
  cell_reset(c);
  int column = s->next_column, row = s->row;
  const char *bad_ref = NULL;
  for (int more = xmlTextReaderMoveToFirstAttribute(reader); more == 1 && !bad_ref;
       more = xmlTextReaderMoveToNextAttribute(reader)) {
    const char *name = (const char *)xmlTextReaderConstLocalName(reader);
    const char *value = (const char *)xmlTextReaderConstValue(reader);
    if (!name || !value)
      continue;
    if (strcmp(name, "r") == 0 && (!parse_ref(value, &column, &row) || !column))
      bad_ref = value;
    else if (strcmp(name, "t") == 0)
      g_strlcpy(c->type, value, sizeof c->type);
    else if (strcmp(name, "s") == 0)
      c->style = atoi(value);
  }
  if (bad_ref) {
    rd_file_result_fail(s->x->res, RD_INGEST_ERROR_FORMAT, sheet, s->row, 0,
                        "单元格引用“%s”无效（超出 Excel 的 %d 行 × %d 列）：文件可能已损坏", bad_ref,
                        RD_XLSX_MAX_ROWS, RD_XLSX_MAX_COLUMNS);
    xmlTextReaderMoveToElement(reader);
    return FALSE;
  }
  xmlTextReaderMoveToElement(reader);   /* back on <c>, so that IsEmptyElement answers for it */
  c->column = MAX(column, s->next_column);   /* out of order: after what came before */
  if (c->column > RD_XLSX_MAX_COLUMNS) {
    rd_file_result_fail(s->x->res, RD_INGEST_ERROR_FORMAT, sheet, s->row, 0,
                        "第%d行的单元格超过 %d 列：文件可能已损坏", s->row, RD_XLSX_MAX_COLUMNS);
    return FALSE;
  }
  s->in_cell = TRUE;
  return TRUE;
}

static gboolean sheet_element(sheet_reader *s, xmlTextReaderPtr reader, const char *local,
                              const char *sheet)
{
  cell_state *c = &s->cell;
  if (strcmp(local, "row") == 0) {
    char *r = attribute(reader, "r");
    int column = 0, number = s->row + 1;
    if (r && (!parse_ref(r, &column, &number) || column || !number)) {
      rd_file_result_fail(s->x->res, RD_INGEST_ERROR_FORMAT, sheet, 0, 0,
                          "行号“%s”无效（应为 1 到 %d）：文件可能已损坏", r, RD_XLSX_MAX_ROWS);
      g_free(r);
      return FALSE;
    }
    g_free(r);
    s->row = number;
    s->next_column = 1;
    s->in_row = TRUE;
  } else if (s->in_row && strcmp(local, "c") == 0) {
    if (!start_cell(s, reader, sheet))
      return FALSE;
  } else if (s->in_cell && strcmp(local, "v") == 0) {
    c->has_value = TRUE;
    c->in_value = !xmlTextReaderIsEmptyElement(reader);
  } else if (s->in_cell && strcmp(local, "f") == 0) {
    c->has_formula = TRUE;
  } else if (s->in_cell && strcmp(local, "is") == 0) {
    c->in_inline = TRUE;
  } else if (c->in_inline && strcmp(local, "rPh") == 0 && !xmlTextReaderIsEmptyElement(reader)) {
    c->in_phonetic++;
  } else if (c->in_inline && strcmp(local, "t") == 0) {
    c->in_t = !xmlTextReaderIsEmptyElement(reader);
  }
  return TRUE;
}

/* Streams sheet i into rows (see rd_sheet_reader). */
static gboolean read_sheet(rd_rows *rows, guint i, gboolean probe, void *user)
{
  xlsx *x = user;
  const char *sheet = x->sheets[i].name;
  part p;
  xmlTextReaderPtr reader = part_open(x, &p, x->sheet_parts[i], sheet, FALSE);
  if (!reader)
    return FALSE;
  sheet_reader s = { .x = x, .rows = rows };
  s.cell.value = g_string_new(NULL);
  s.cell.text = g_string_new(NULL);
  s.cell.style = -1;
  gboolean ok = TRUE;
  int status = 0;
  while (ok && (status = next_node(reader)) == 1) {
    cell_state *c = &s.cell;
    /* each node's type and name looked at once: this loop is most of a workbook's time */
    int type = xmlTextReaderNodeType(reader);
    if (type != XML_READER_TYPE_ELEMENT && type != XML_READER_TYPE_END_ELEMENT) {
      if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
          type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || type == XML_READER_TYPE_WHITESPACE) {
        if (c->in_value)
          g_string_append(c->value, (const char *)xmlTextReaderConstValue(reader));
        else if (c->in_t && !c->in_phonetic)
          g_string_append(c->text, (const char *)xmlTextReaderConstValue(reader));
      }
      continue;
    }
    const char *local = (const char *)xmlTextReaderConstLocalName(reader);
    if (type == XML_READER_TYPE_ELEMENT) {
      ok = sheet_element(&s, reader, local, sheet);
      if (!ok)
        break;
      if (!xmlTextReaderIsEmptyElement(reader))
        continue;
    }
    /* ends, and elements that end at once (<c r="A1"/>, <row r="3"/>) */
    if (strcmp(local, "v") == 0) {
      c->in_value = FALSE;
    } else if (strcmp(local, "t") == 0) {
      c->in_t = FALSE;
    } else if (strcmp(local, "rPh") == 0) {
      if (type == XML_READER_TYPE_END_ELEMENT)
        c->in_phonetic = MAX(c->in_phonetic - 1, 0);
    } else if (strcmp(local, "is") == 0) {
      c->in_inline = FALSE;
    } else if (s.in_cell && strcmp(local, "c") == 0) {
      for (; s.next_column < c->column; s.next_column++)
        rd_rows_cell(rows, "", 0);   /* the empty cells Excel does not write */
      emit_cell(x, rows, c, s.row);
      s.next_column = c->column + 1;
      s.in_cell = FALSE;
    } else if (s.in_row && strcmp(local, "row") == 0) {
      rd_rows_end(rows, s.row);
      s.in_row = FALSE;
      if (probe && rd_rows_have_header(rows) && !rd_rows_header_complete(rows))
        break;   /* not the ledger's sheet: no need to read on */
    }
  }
  if (ok && status == 1)
    status = 0;   /* stopped early on purpose */
  g_string_free(s.cell.value, TRUE);
  g_string_free(s.cell.text, TRUE);
  if (!ok) {
    xmlFreeTextReader(reader);
    zip_fclose(p.file);
    g_free(p.error);
    return FALSE;
  }
  return part_close_check(x, &p, reader, status, sheet);
}

/* ---- the workbook ---- */

static void sheet_entry_clear(gpointer data)
{
  sheet_entry *e = data;
  g_free(e->name);
  g_free(e->rid);
}

/* Finds the workbook and its sheets; FALSE when res failed. */
static gboolean open_workbook(xlsx *x)
{
  GArray *root = read_rels(x, "_rels/.rels", "", TRUE);
  if (!root && x->res->error)
    return FALSE;
  const relationship *office = rel_by_type(root, "/officeDocument");
  char *workbook = g_strdup(office ? office->target : "xl/workbook.xml");
  if (root)
    g_array_free(root, TRUE);
  if (zip_name_locate(x->zip, workbook, ZIP_FL_NOCASE) < 0) {
    rd_file_result_fail(x->res, RD_INGEST_ERROR_FORMAT, NULL, 0, 0,
                        "这是 zip 压缩包，但不是 Excel 工作簿（没有 %s）：可能是 docx、ods 或其他文件，"
                        "请另存为“Excel 工作簿（*.xlsx）”或 CSV", workbook);
    g_free(workbook);
    return FALSE;
  }
  char *slash = strrchr(workbook, '/');
  x->workbook_dir = slash ? g_strndup(workbook, (gsize)(slash - workbook) + 1) : g_strdup("");
  char *base = g_path_get_basename(workbook);
  char *rels_entry = g_strdup_printf("%s_rels/%s.rels", x->workbook_dir, base);
  g_free(base);
  GArray *rels = read_rels(x, rels_entry, x->workbook_dir, TRUE);
  g_free(rels_entry);
  GArray *entries = g_array_new(FALSE, TRUE, sizeof(sheet_entry));
  g_array_set_clear_func(entries, sheet_entry_clear);
  gboolean ok = !x->res->error && read_workbook(x, workbook, entries);
  g_free(workbook);
  if (ok) {
    const relationship *strings = rel_by_type(rels, "/sharedStrings");
    const relationship *styles = rel_by_type(rels, "/styles");
    ok = read_shared_strings(x, strings ? strings->target : "xl/sharedStrings.xml") &&
         read_styles(x, styles ? styles->target : "xl/styles.xml");
  }
  if (ok) {
    x->n_sheets = entries->len;
    x->sheets = g_new0(rd_sheet_info, entries->len + 1);
    x->sheet_parts = g_new0(char *, entries->len + 1);
    for (guint i = 0; i < entries->len; i++) {
      sheet_entry *e = &g_array_index(entries, sheet_entry, i);
      const relationship *r = rel_by_id(rels, e->rid);
      x->sheets[i].name = g_steal_pointer(&e->name);
      x->sheets[i].hidden = e->hidden;
      x->sheet_parts[i] = r ? g_strdup(r->target)
                            : g_strdup_printf("%sworksheets/sheet%u.xml", x->workbook_dir, i + 1);
    }
  }
  g_array_free(entries, TRUE);
  if (rels)
    g_array_free(rels, TRUE);
  return ok;
}

void rd_read_xlsx(rd_store *st, rd_file_result *res, const rd_ingest_config *cfg,
                  const char *name, const char *data, gsize length)
{
  res->format = "xlsx";
  res->encoding = "UTF-8";   /* Office Open XML parts */
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t *source = zip_source_buffer_create(data, length, 0, &error);
  zip_t *zip = source ? zip_open_from_source(source, ZIP_RDONLY, &error) : NULL;
  if (!zip) {
    rd_file_result_fail(res, RD_INGEST_ERROR_FORMAT, NULL, 0, 0,
                        "xlsx 文件已损坏，无法打开（%s）：可能下载不完整，请重新导出",
                        zip_error_strerror(&error));
    zip_error_fini(&error);
    if (source)
      zip_source_free(source);
    return;
  }
  zip_error_fini(&error);
  xlsx x = { .zip = zip, .res = res };
  x.strings = g_string_chunk_new(1 << 16);
  x.sst = g_ptr_array_new();
  x.xf_date = g_array_new(FALSE, FALSE, sizeof(gboolean));
  if (open_workbook(&x))
    rd_read_sheets(st, res, cfg, name, x.sheets, x.n_sheets, read_sheet, &x);
  for (guint i = 0; i < x.n_sheets; i++)
    g_free(x.sheets[i].name);
  g_free(x.sheets);
  g_strfreev(x.sheet_parts);
  g_free(x.workbook_dir);
  g_string_chunk_free(x.strings);
  g_ptr_array_free(x.sst, TRUE);
  g_array_free(x.xf_date, TRUE);
  zip_discard(zip);   /* read only: nothing to write back */
}
