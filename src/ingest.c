/* ingest.c — community CSV exports -> normalised records and rejects (see ingest.h).
 *
 * The file is read whole, its encoding decided (UTF-8, UTF-8 with BOM, else GB18030), then fed
 * to libcsv one physical line at a time so that every row knows the line it starts on, as an
 * editor shows it. Rows before the header (the merged title), blank rows and the 填报人 footer
 * are skipped; every other row is counted and becomes a record or a reject. */
#include <stdlib.h>
#include <string.h>
#include <csv.h>
#include "ingest.h"

G_DEFINE_QUARK(rd-ingest-error-quark, rd_ingest_error)

/* A cell longer than this is not a ledger entry but a broken export (a lost closing quote
 * that swallowed the rest of the file, a pasted document): the row is rejected. */
#define RD_MAX_CELL_BYTES 65536
/* How much of an over-long cell is kept in the rejects file. */
#define RD_REJECT_CELL_KEEP 200

/* Where a row repeating an 编号 first appeared. */
typedef struct {
  const char *source;
  int line;
} id_origin;

typedef struct {
  rd_dataset *ds;
  const rd_ingest_config *cfg;
  const char *source;       /* interned path */
  guint input_index;
  const char *file_stem;    /* community when the file has no 社区 column */

  /* line tracking */
  int line;                 /* physical line being fed */
  int row_start;
  gboolean row_open;
  gboolean row_ended;       /* the row callback fired during the current line */

  /* the row being assembled: cell texts back to back, each NUL-terminated */
  GString *row_text;
  GArray *cell_offsets;     /* gsize offsets into row_text */
  int long_cell;            /* 1-based column of an over-long cell, 0 if none */
  gsize long_cell_bytes;
  int nul_cell;             /* 1-based column of a cell holding a NUL byte, 0 if none */

  /* header */
  gboolean have_header;
  int header_line;
  char **headers;           /* the file's header cells, trimmed */
  int field_column[RD_FIELD_COUNT];   /* 0-based cell index, -1 when absent */
  char *missing_columns;    /* reason every row is rejected with, NULL when complete */
  GString *reasons;         /* the current row's problems, reused from row to row */
  GString *scratch;         /* the duplicate key being looked up */

  /* caches of normalised low-cardinality values: raw text -> value + 1 (0 = unknown) */
  GHashTable *category_cache, *level_cache, *status_cache;
} reader;

/* ---- problems and rejects ---- */

static void add_problem(rd_dataset *ds, const char *source, int line, int column, char severity,
                        char *message /* taken */)
{
  rd_problem *p = g_new0(rd_problem, 1);
  p->source = source;
  p->line = line;
  p->column = column;
  p->severity = severity;
  p->message = message;
  g_ptr_array_add(ds->problems, p);
}

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

static const char *cell(const reader *rd, int index)
{
  if (index < 0 || (guint)index >= rd->cell_offsets->len)
    return "";
  return rd->row_text->str + g_array_index(rd->cell_offsets, gsize, index);
}

static char **copy_row_cells(const reader *rd)
{
  char **cells = g_new0(char *, rd->cell_offsets->len + 1);
  for (guint i = 0; i < rd->cell_offsets->len; i++)
    cells[i] = g_strdup(cell(rd, (int)i));
  return cells;
}

static rd_input *current_input(reader *rd)
{
  return &g_array_index(rd->ds->inputs, rd_input, rd->input_index);
}

/* Files the row as rejected; reason is taken. with_problem: also list it for `check`. */
static void reject_row(reader *rd, int column, char *reason, gboolean with_problem)
{
  rd_reject *r = g_new0(rd_reject, 1);
  r->source = rd->source;
  r->line = rd->row_start;
  r->column = column;
  r->reason = reason;
  r->headers = rd->headers ? g_strdupv(rd->headers) : g_new0(char *, 1);
  r->cells = copy_row_cells(rd);
  g_ptr_array_add(rd->ds->rejects, r);
  if (with_problem)
    add_problem(rd->ds, rd->source, rd->row_start, column, 'R', g_strdup(reason));
  rd->ds->rejected++;
  current_input(rd)->rejected++;
}

/* ---- row classification ---- */

static int count_non_blank(const reader *rd)
{
  int n = 0;
  for (guint i = 0; i < rd->cell_offsets->len; i++)
    if (*cell(rd, (int)i))   /* cells are trimmed when stored */
      n++;
  return n;
}

/* 填报人：张三 … 负责人：李四 … 填报日期：…: every non-empty cell starts with a footer word and a
 * colon. */
static gboolean is_footer_cell(const reader *rd, const char *text)
{
  for (char **p = rd->cfg->columns->footer_prefixes; *p; p++) {
    size_t n = strlen(*p);
    if (strncmp(text, *p, n) == 0 && (text[n] == ':' || strncmp(text + n, "：", strlen("：")) == 0))
      return TRUE;
  }
  return FALSE;
}

static gboolean is_footer_row(const reader *rd)
{
  gboolean seen = FALSE;
  for (guint i = 0; i < rd->cell_offsets->len; i++) {
    const char *text = cell(rd, (int)i);   /* trimmed when stored */
    if (!*text)
      continue;
    if (!is_footer_cell(rd, text))
      return FALSE;   /* a data row fails on its first filled cell */
    seen = TRUE;
  }
  return seen;
}

/* ---- header ---- */

static char *describe_field(const rd_columns *columns, rd_field f)
{
  GString *s = g_string_new(NULL);
  g_string_append_printf(s, "“%s”", columns->canonical[f]);
  if (columns->aliases[f][0]) {
    char *aliases = g_strjoinv("、", columns->aliases[f]);
    g_string_append_printf(s, "（或：%s）", aliases);
    g_free(aliases);
  }
  return g_string_free(s, FALSE);
}

static void take_header(reader *rd)
{
  const rd_columns *columns = rd->cfg->columns;
  guint n = rd->cell_offsets->len;
  rd->have_header = TRUE;
  rd->header_line = rd->row_start;
  rd->headers = g_new0(char *, n + 1);
  for (int f = 0; f < RD_FIELD_COUNT; f++)
    rd->field_column[f] = -1;
  for (guint i = 0; i < n; i++) {
    rd->headers[i] = g_strdup(cell(rd, (int)i));
    int f = rd_columns_match(columns, rd->headers[i]);
    if (f < 0)
      continue;   /* unknown columns are kept for the rejects file only */
    if (rd->field_column[f] >= 0) {
      add_problem(rd->ds, rd->source, rd->row_start, (int)i + 1, 'W',
                  g_strdup_printf("第%u列“%s”与第%d列“%s”是同一字段，只读取第%d列", i + 1,
                                  rd->headers[i], rd->field_column[f] + 1,
                                  rd->headers[rd->field_column[f]], rd->field_column[f] + 1));
      continue;
    }
    rd->field_column[f] = (int)i;
  }
  GString *missing = g_string_new(NULL);
  for (int f = 0; f < RD_FIELD_COUNT; f++) {
    if (!columns->required[f] || rd->field_column[f] >= 0)
      continue;
    char *what = describe_field(columns, (rd_field)f);
    g_string_append_printf(missing, "%s%s", missing->len ? "、" : "", what);
    g_free(what);
  }
  if (missing->len) {
    rd->missing_columns = g_strdup_printf("缺少必填列%s", missing->str);
    add_problem(rd->ds, rd->source, rd->row_start, 0, 'E',
                g_strdup_printf("表头（第%d行）%s；本文件的数据行全部列入退回清单",
                                rd->row_start, rd->missing_columns));
  }
  g_string_free(missing, TRUE);
}

/* ---- data rows ---- */

typedef struct {
  GString *reasons;
  int first_column;
} row_check;

static void row_problem(row_check *chk, int column, const char *format, ...) G_GNUC_PRINTF(3, 4);
static void row_problem(row_check *chk, int column, const char *format, ...)
{
  va_list args;
  va_start(args, format);
  if (chk->reasons->len)
    g_string_append(chk->reasons, "；");
  g_string_append_vprintf(chk->reasons, format, args);
  va_end(args);
  if (!chk->first_column)
    chk->first_column = column;
}

/* The trimmed text of a field in the current row ("" when the column is absent). The
 * returned string lives in row_text. */
static const char *field_text(reader *rd, rd_field f)
{
  int col = rd->field_column[f];
  if (col < 0 || (guint)col >= rd->cell_offsets->len)
    return "";
  return rd->row_text->str + g_array_index(rd->cell_offsets, gsize, col);
}

static const char *header_of(const reader *rd, rd_field f)
{
  return rd->headers[rd->field_column[f]];
}

/* Looks raw up through a cache in front of an expensive matcher; returns the value or -1. */
static int cached_lookup(GHashTable *cache, const char *raw, int (*match)(const void *, const char *),
                         const void *matcher)
{
  gpointer hit;
  if (g_hash_table_lookup_extended(cache, raw, NULL, &hit))
    return GPOINTER_TO_INT(hit) - 1;
  int value = match(matcher, raw);
  g_hash_table_insert(cache, g_strdup(raw), GINT_TO_POINTER(value + 1));
  return value;
}

static int match_category(const void *tx, const char *text)
{
  return rd_taxonomy_match(tx, text);
}

static int match_value(const void *map, const char *text)
{
  return rd_valuemap_lookup(map, text);
}

static rd_day check_date(reader *rd, row_check *chk, rd_field f)
{
  const char *text = field_text(rd, f);
  if (!*text)
    return 0;
  rd_day day = rd_parse_date(text);
  if (!day)
    row_problem(chk, rd->field_column[f] + 1, "%s“%s”不是有效日期", header_of(rd, f), text);
  return day;
}

static const char *intern(reader *rd, const char *text)
{
  return g_string_chunk_insert_const(rd->ds->strings, text);
}

static const char *store(reader *rd, const char *text)
{
  return *text ? g_string_chunk_insert(rd->ds->strings, text) : "";
}

/* NULL-terminated pointer vectors for records, carved from blocks that never move. */
#define RD_POINTER_BLOCK 65536
static const char **pointer_arena_alloc(rd_dataset *ds, gsize n)
{
  if (ds->pointer_block_used + n > RD_POINTER_BLOCK || ds->unit_vectors->len == 0) {
    g_ptr_array_add(ds->unit_vectors, g_new(const char *, MAX(n, RD_POINTER_BLOCK)));
    ds->pointer_block_used = 0;
  }
  const char **block = g_ptr_array_index(ds->unit_vectors, ds->unit_vectors->len - 1);
  const char **vector = block + ds->pointer_block_used;
  ds->pointer_block_used += n;
  return vector;
}

/* Lead unit and support units: 责任单位 split, its first is the lead; the others and every
 * unit of 配合单位 support it; each unit once. */
static void fill_units(reader *rd, rd_record *rec, char **lead_cell)
{
  char **support_cell = rd_split_units(field_text(rd, RD_FIELD_SUPPORT_UNITS));
  GPtrArray *support = g_ptr_array_new();
  rec->lead_unit = intern(rd, lead_cell[0]);
  for (int pass = 0; pass < 2; pass++) {
    char **units = pass == 0 ? lead_cell + 1 : support_cell;
    for (; *units; units++) {
      const char *u = intern(rd, *units);
      gboolean seen = u == rec->lead_unit;
      for (guint i = 0; i < support->len && !seen; i++)
        seen = g_ptr_array_index(support, i) == u;
      if (!seen)
        g_ptr_array_add(support, (gpointer)u);
    }
  }
  rec->n_support_units = (int)support->len;
  const char **vector = pointer_arena_alloc(rd->ds, support->len + 1);
  if (support->len)
    memcpy(vector, support->pdata, support->len * sizeof(char *));
  vector[support->len] = NULL;
  rec->support_units = vector;
  g_ptr_array_free(support, TRUE);
  g_strfreev(support_cell);
}

static const char *community_of_row(reader *rd)
{
  const char *text = field_text(rd, RD_FIELD_COMMUNITY);
  return *text ? text : rd->file_stem;
}

/* 编号 already used in this community? Returns the reason text, or NULL (and remembers it). */
static char *check_duplicate(reader *rd, const char *community, const char *id)
{
  GString *key = rd->scratch;
  g_string_assign(key, community);
  g_string_append_c(key, '\x1f');
  g_string_append(key, id);
  gpointer hit = g_hash_table_lookup(rd->ds->seen_ids, key->str);
  if (hit) {
    const id_origin *first = &g_array_index(rd->ds->id_origins, id_origin, GPOINTER_TO_UINT(hit) - 1);
    if (first->source == rd->source)
      return g_strdup_printf("编号“%s”重复：与第%d行相同", id, first->line);
    return g_strdup_printf("编号“%s”重复：与 %s 第%d行相同", id, first->source, first->line);
  }
  id_origin origin = { rd->source, rd->row_start };
  g_array_append_val(rd->ds->id_origins, origin);
  g_hash_table_insert(rd->ds->seen_ids, g_string_chunk_insert_len(rd->ds->strings, key->str, (gssize)key->len),
                      GUINT_TO_POINTER(rd->ds->id_origins->len));
  return NULL;
}

static void process_data_row(reader *rd)
{
  rd->ds->read++;
  current_input(rd)->read++;

  if (rd->missing_columns) {
    reject_row(rd, 0, g_strdup(rd->missing_columns), FALSE);
    return;
  }
  if (rd->nul_cell) {
    reject_row(rd, rd->nul_cell,
               g_strdup_printf("第%d列含有空字符（NUL），文件可能已损坏，请重新导出", rd->nul_cell),
               TRUE);
    return;
  }
  if (rd->long_cell) {
    reject_row(rd, rd->long_cell,
               g_strdup_printf("第%d列内容过长（%" G_GSIZE_FORMAT "字节，上限%d字节），可能是引号未闭合",
                               rd->long_cell, rd->long_cell_bytes, RD_MAX_CELL_BYTES),
               TRUE);
    return;
  }

  const rd_columns *columns = rd->cfg->columns;
  g_string_truncate(rd->reasons, 0);
  row_check chk = { rd->reasons, 0 };
  for (int f = 0; f < RD_FIELD_COUNT; f++)
    if (columns->required[f] && !*field_text(rd, (rd_field)f))
      row_problem(&chk, rd->field_column[f] + 1, "必填项“%s”为空", header_of(rd, (rd_field)f));

  rd_record rec = { 0 };
  const char *category_text = field_text(rd, RD_FIELD_CATEGORY);
  const char *level_text = field_text(rd, RD_FIELD_LEVEL);
  const char *status_text = field_text(rd, RD_FIELD_STATUS);
  rec.category = -1;
  if (*category_text) {
    rec.category = cached_lookup(rd->category_cache, category_text, match_category, rd->cfg->taxonomy);
    if (rec.category < 0) {
      char *names = rd_taxonomy_names_joined(rd->cfg->taxonomy, "、");
      row_problem(&chk, rd->field_column[RD_FIELD_CATEGORY] + 1,
                  "风险类别“%s”不在分类表中（可用：%s）", category_text, names);
      g_free(names);
    }
  }
  int level = -1, status = -1;
  if (*level_text) {
    level = cached_lookup(rd->level_cache, level_text, match_value, rd->cfg->levels);
    if (level < 0) {
      char *accepted = rd_valuemap_accepted(rd->cfg->levels);
      row_problem(&chk, rd->field_column[RD_FIELD_LEVEL] + 1,
                  "风险等级“%s”无法识别（可用：%s）", level_text, accepted);
      g_free(accepted);
    }
  }
  if (*status_text) {
    status = cached_lookup(rd->status_cache, status_text, match_value, rd->cfg->statuses);
    if (status < 0) {
      char *accepted = rd_valuemap_accepted(rd->cfg->statuses);
      row_problem(&chk, rd->field_column[RD_FIELD_STATUS] + 1,
                  "化解状态“%s”无法识别（可用：%s）", status_text, accepted);
      g_free(accepted);
    }
  }
  const char *units_text = field_text(rd, RD_FIELD_UNITS);
  char **units = rd_split_units(units_text);
  if (*units_text && !units[0])
    row_problem(&chk, rd->field_column[RD_FIELD_UNITS] + 1, "%s“%s”中没有单位名称",
                header_of(rd, RD_FIELD_UNITS), units_text);
  rec.found = check_date(rd, &chk, RD_FIELD_FOUND);
  rec.deadline = check_date(rd, &chk, RD_FIELD_DEADLINE);
  rec.closed = check_date(rd, &chk, RD_FIELD_CLOSED);

  const char *community = community_of_row(rd);
  const char *id = field_text(rd, RD_FIELD_ID);
  if (*id) {
    char *duplicate = check_duplicate(rd, community, id);
    if (duplicate) {
      row_problem(&chk, rd->field_column[RD_FIELD_ID] + 1, "%s", duplicate);
      g_free(duplicate);
    }
  }

  if (chk.reasons->len) {
    reject_row(rd, chk.first_column, g_strndup(chk.reasons->str, chk.reasons->len), TRUE);
    g_strfreev(units);
    return;
  }

  rec.source = rd->source;
  rec.line = rd->row_start;
  rec.id = store(rd, id);
  rec.community = intern(rd, community);
  rec.grid = intern(rd, field_text(rd, RD_FIELD_GRID));
  rec.category_text = intern(rd, category_text);
  rec.subcategory = intern(rd, field_text(rd, RD_FIELD_SUBCATEGORY));
  rec.title = store(rd, field_text(rd, RD_FIELD_TITLE));
  rec.detail = store(rd, field_text(rd, RD_FIELD_DETAIL));
  rec.level = (rd_level)level;
  rec.level_text = intern(rd, level_text);
  rec.status = (rd_status)status;
  rec.status_text = intern(rd, status_text);
  fill_units(rd, &rec, units);
  g_strfreev(units);
  rec.leader = intern(rd, field_text(rd, RD_FIELD_LEADER));
  rec.person = intern(rd, field_text(rd, RD_FIELD_PERSON));
  rec.measures = store(rd, field_text(rd, RD_FIELD_MEASURES));
  rec.people_text = intern(rd, field_text(rd, RD_FIELD_PEOPLE));
  char *end = NULL;
  long people = *rec.people_text ? strtol(rec.people_text, &end, 10) : -1;
  rec.people = (end && *end == '\0' && people >= 0 && people <= G_MAXINT) ? (int)people : -1;
  rec.note = store(rd, field_text(rd, RD_FIELD_NOTE));

  rd_record *copy = g_slice_dup(rd_record, &rec);
  g_ptr_array_add(rd->ds->records, copy);
  rd->ds->used++;
  current_input(rd)->used++;
}

/* ---- libcsv callbacks ---- */

/* Length of the white space (as rd_trim sees it) that ends at end, or 0. */
static size_t space_before(const char *start, const char *end)
{
  if (end - start >= 1 && strchr(" \t\r\n\v\f", end[-1]) && end[-1])
    return 1;
  if (end - start >= 2 && (guchar)end[-2] == 0xC2 && (guchar)end[-1] == 0xA0)
    return 2;
  if (end - start >= 3 && (((guchar)end[-3] == 0xE3 && (guchar)end[-2] == 0x80 &&
                            (guchar)end[-1] == 0x80) ||
                           ((guchar)end[-3] == 0xEF && (guchar)end[-2] == 0xBB &&
                            (guchar)end[-1] == 0xBF)))
    return 3;
  return 0;
}

/* Narrows [*data, *data + *length) to its content without surrounding white space: cells
 * are trimmed once here, so every later look at a field is free. */
static void trim_span(const char **data, size_t *length)
{
  const char *start = *data, *end = start + *length;
  size_t n;
  while (start < end && (n = rd_space_length(start)) > 0 && (size_t)(end - start) >= n)
    start += n;
  while (end > start && (n = space_before(start, end)) > 0)
    end -= n;
  *data = start;
  *length = (size_t)(end - start);
}

static void reset_row(reader *rd)
{
  g_string_truncate(rd->row_text, 0);
  g_array_set_size(rd->cell_offsets, 0);
  rd->long_cell = 0;
  rd->nul_cell = 0;
}

static void on_field(void *data, size_t length, void *user)
{
  reader *rd = user;
  gsize offset = rd->row_text->len;
  int column = (int)rd->cell_offsets->len + 1;
  g_array_append_val(rd->cell_offsets, offset);
  if (length > RD_MAX_CELL_BYTES) {
    if (!rd->long_cell) {
      rd->long_cell = column;
      rd->long_cell_bytes = length;
    }
    /* keep a readable head of it, cut on a character boundary */
    const char *cut = g_utf8_find_prev_char(data, (const char *)data + RD_REJECT_CELL_KEEP + 1);
    length = cut ? (size_t)(cut - (const char *)data) : 0;
    g_string_append_len(rd->row_text, data, (gssize)length);
    g_string_append(rd->row_text, "…");
  } else if (data) {
    trim_span((const char **)&data, &length);
    if (memchr(data, '\0', length)) {
      if (!rd->nul_cell)
        rd->nul_cell = column;
      /* a NUL would end the C string early: show it as U+FFFD in the rejects file */
      for (size_t i = 0; i < length; i++) {
        char c = ((const char *)data)[i];
        if (c)
          g_string_append_c(rd->row_text, c);
        else
          g_string_append(rd->row_text, "\xEF\xBF\xBD");
      }
    } else {
      g_string_append_len(rd->row_text, data, (gssize)length);
    }
  }
  g_string_append_c(rd->row_text, '\0');
}

static void on_row(int terminator, void *user)
{
  reader *rd = user;
  (void)terminator;
  rd->row_ended = TRUE;
  int filled = count_non_blank(rd);
  if (filled == 0) {
    reset_row(rd);   /* a blank row (",,,,") is not data */
    return;
  }
  if (!rd->have_header) {
    if (filled >= 2)
      take_header(rd);
    /* else: the merged title row above the header */
  } else if (is_footer_row(rd)) {
    /* 填报人 / 负责人 / 填报日期: not data */
  } else {
    process_data_row(rd);
  }
  reset_row(rd);
}

/* ---- encoding ---- */

static void line_and_column(const char *data, gsize offset, int *line, int *column)
{
  int l = 1;
  gsize line_start = 0;
  for (gsize i = 0; i < offset; i++)
    if (data[i] == '\n') {
      l++;
      line_start = i + 1;
    }
  *line = l;
  *column = (int)(offset - line_start) + 1;
}

/* Scans data as UTF-8, treating NUL as valid. Returns the number of invalid spots and the
 * offset of the first; counts multi-byte (3/4-byte) sequences, the mark of Chinese UTF-8. */
static gsize scan_utf8(const char *data, gsize length, gsize *first_invalid, gsize *multibyte)
{
  gsize invalid = 0;
  const char *p = data, *end = data + length;
  *multibyte = 0;
  *first_invalid = length;
  while (p < end) {
    unsigned char c = (unsigned char)*p;
    if (c < 0x80) {
      p++;
      continue;
    }
    const char *stop;
    gsize n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if ((gsize)(end - p) >= n && g_utf8_validate(p, (gssize)n, &stop)) {
      if (n >= 3)
        (*multibyte)++;
      p += n;
      continue;
    }
    if (!invalid)
      *first_invalid = (gsize)(p - data);
    invalid++;
    p++;
  }
  return invalid;
}

/* Decides the encoding; on success *text is UTF-8 (maybe pointing into data, maybe a new
 * buffer in *owned) without a BOM. */
static gboolean decode(const char *data, gsize length, const char **encoding, const char **text,
                       gsize *text_length, char **owned, int *err_line, int *err_column,
                       GError **error)
{
  *owned = NULL;
  *err_line = 1;
  *err_column = 1;
  if (length >= 2 && (((guchar)data[0] == 0xFF && (guchar)data[1] == 0xFE) ||
                      ((guchar)data[0] == 0xFE && (guchar)data[1] == 0xFF))) {
    g_set_error(error, RD_INGEST_ERROR, RD_INGEST_ERROR_ENCODING,
                "文件是 UTF-16 编码，请在 Excel 中另存为“CSV UTF-8”或“CSV（逗号分隔）”");
    return FALSE;
  }
  if (length >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) {
    g_set_error(error, RD_INGEST_ERROR, RD_INGEST_ERROR_ENCODING,
                "这是 Excel 工作簿（xlsx），不是 CSV：请在 Excel 中另存为 CSV");
    return FALSE;
  }
  gboolean bom = length >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0;
  const char *body = bom ? data + 3 : data;
  gsize body_length = bom ? length - 3 : length;
  gsize first_invalid, multibyte, invalid = 0;
  /* g_utf8_validate_len is the fast path; it refuses NUL bytes, which the slow scan allows
   * (they are reported per cell later) */
  if (!g_utf8_validate_len(body, body_length, NULL))
    invalid = scan_utf8(body, body_length, &first_invalid, &multibyte);
  if (invalid == 0) {
    *encoding = bom ? "UTF-8-BOM" : "UTF-8";
    *text = body;
    *text_length = body_length;
    return TRUE;
  }
  /* A BOM, or plenty of good Chinese UTF-8 around a few bad bytes, means a damaged UTF-8
   * file, not a GBK one: GBK text fails UTF-8 at nearly every Chinese character. */
  if (bom || multibyte >= 8 * invalid) {
    gsize offset = first_invalid + (bom ? 3 : 0);
    line_and_column(data, offset, err_line, err_column);
    g_set_error(error, RD_INGEST_ERROR, RD_INGEST_ERROR_ENCODING,
                "UTF-8 编码错误（字节偏移 %" G_GSIZE_FORMAT "，共 %" G_GSIZE_FORMAT
                " 处）：文件可能已损坏或混合了两种编码，请重新导出", offset, invalid);
    return FALSE;
  }
  gsize bytes_read = 0, bytes_written = 0;
  GError *conv_error = NULL;
  char *utf8 = g_convert(data, (gssize)length, "UTF-8", "GB18030", &bytes_read, &bytes_written,
                         &conv_error);
  if (utf8 && bytes_read < length) {
    /* g_convert stops quietly before a character cut off at the end of the input */
    g_clear_pointer(&utf8, g_free);
    g_set_error_literal(&conv_error, G_CONVERT_ERROR, G_CONVERT_ERROR_PARTIAL_INPUT, "");
  }
  if (!utf8) {
    line_and_column(data, bytes_read, err_line, err_column);
    g_set_error(error, RD_INGEST_ERROR, RD_INGEST_ERROR_ENCODING,
                "既不是 UTF-8 也不是 GB18030/GBK 编码（字节偏移 %" G_GSIZE_FORMAT "%s）", bytes_read,
                conv_error && conv_error->code == G_CONVERT_ERROR_PARTIAL_INPUT
                  ? "，文件末尾的字符不完整，可能被截断" : "");
    g_clear_error(&conv_error);
    return FALSE;
  }
  *encoding = "GB18030";
  *owned = utf8;
  *text = utf8;
  *text_length = bytes_written;
  return TRUE;
}

/* ---- the reader ---- */

static char *file_stem(const char *name)
{
  char *base = g_path_get_basename(name);
  char *dot = strrchr(base, '.');
  if (dot && dot != base)
    *dot = '\0';
  return base;
}

static void reader_init(reader *rd, rd_dataset *ds, const rd_ingest_config *cfg, const char *name,
                        const char *encoding)
{
  memset(rd, 0, sizeof *rd);
  rd->ds = ds;
  rd->cfg = cfg;
  rd->source = g_string_chunk_insert_const(ds->strings, name);
  char *stem = file_stem(name);
  rd->file_stem = g_string_chunk_insert_const(ds->strings, stem);
  g_free(stem);
  rd_input input = { g_strdup(name), encoding, 0, 0, 0 };
  g_array_append_val(ds->inputs, input);
  rd->input_index = ds->inputs->len - 1;
  rd->row_text = g_string_sized_new(1024);
  rd->reasons = g_string_new(NULL);
  rd->scratch = g_string_new(NULL);
  rd->cell_offsets = g_array_new(FALSE, FALSE, sizeof(gsize));
  rd->category_cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  rd->level_cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  rd->status_cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

static void reader_clear(reader *rd)
{
  g_string_free(rd->row_text, TRUE);
  g_string_free(rd->reasons, TRUE);
  g_string_free(rd->scratch, TRUE);
  g_array_free(rd->cell_offsets, TRUE);
  g_strfreev(rd->headers);
  g_free(rd->missing_columns);
  g_hash_table_destroy(rd->category_cache);
  g_hash_table_destroy(rd->level_cache);
  g_hash_table_destroy(rd->status_cache);
}

static gboolean is_blank_line(const char *p, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (p[i] != '\r' && p[i] != '\n')
      return FALSE;
  return TRUE;
}

/* Feeds text to libcsv line by line. Returns FALSE when libcsv itself failed (memory). */
static void parse_lines(reader *rd, const char *text, gsize length)
{
  struct csv_parser parser;
  csv_init(&parser, CSV_APPEND_NULL);
  const char *p = text, *end = text + length;
  rd->line = 0;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *stop = nl ? nl + 1 : end;
    rd->line++;
    if (!rd->row_open)
      rd->row_start = rd->line;
    rd->row_ended = FALSE;
    size_t n = (size_t)(stop - p);
    if (csv_parse(&parser, p, n, on_field, on_row, rd) != n)
      break;   /* only on out-of-memory: libcsv reports CSV_ENOMEM */
    if (rd->row_ended)
      rd->row_open = FALSE;
    else if (!is_blank_line(p, n))
      rd->row_open = TRUE;
    p = stop;
  }
  /* Lenient while parsing (stray quotes inside unquoted cells are common in exports), strict
   * at the end: libcsv reports a quoted cell still open at the end of the file only when
   * CSV_STRICT is set together with CSV_STRICT_FINI. */
  csv_set_opts(&parser, CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI);
  if (csv_fini(&parser, on_field, on_row, rd) != 0 && rd->row_open) {
    /* A quoted field never closed: it swallowed everything to the end of the file. */
    int start = rd->row_start;
    if (!rd->have_header) {
      add_problem(rd->ds, rd->source, start, 0, 'E',
                  g_strdup_printf("引号未闭合：从第%d行开始直到文件末尾都在一个带引号的单元格内，找不到表头", start));
    } else {
      rd->ds->read++;
      current_input(rd)->read++;
      reject_row(rd, (int)rd->cell_offsets->len + 1,
                 g_strdup_printf("引号未闭合：从第%d行开始的单元格直到文件末尾（第%d行）都没有结束引号，"
                                 "其后各行无法分开读取", start, rd->line), TRUE);
    }
  }
  csv_free(&parser);
}

gboolean rd_ingest_buffer(rd_dataset *ds, const rd_ingest_config *cfg, const char *name,
                          const char *data, gsize length, GError **error)
{
  const char *encoding = NULL, *text = NULL;
  gsize text_length = 0;
  char *owned = NULL;
  int line = 0, column = 0;
  GError *local = NULL;
  if (!decode(data, length, &encoding, &text, &text_length, &owned, &line, &column, &local)) {
    ds->file_errors++;
    add_problem(ds, g_string_chunk_insert_const(ds->strings, name), line, column, 'E',
                g_strdup(local->message));
    g_set_error(error, local->domain, local->code, "%s:%d:%d: %s", name, line, column,
                local->message);
    g_error_free(local);
    return FALSE;
  }
  reader rd;
  reader_init(&rd, ds, cfg, name, encoding);
  parse_lines(&rd, text, text_length);
  if (!rd.have_header) {
    add_problem(ds, rd.source, 0, 0, 'W', g_strdup("文件为空：没有表头，也没有数据行"));
  } else if (current_input(&rd)->read == 0) {
    add_problem(ds, rd.source, rd.header_line, 0, 'W', g_strdup("只有表头，没有数据行"));
  }
  reader_clear(&rd);
  g_free(owned);
  return TRUE;
}

gboolean rd_ingest_file(rd_dataset *ds, const rd_ingest_config *cfg, const char *path,
                        GError **error)
{
  GError *local = NULL;
  GMappedFile *map = g_mapped_file_new(path, FALSE, &local);
  if (!map) {
    g_set_error(error, RD_INGEST_ERROR, RD_INGEST_ERROR_IO, "%s: 无法读取：%s", path, local->message);
    g_error_free(local);
    ds->file_errors++;
    add_problem(ds, g_string_chunk_insert_const(ds->strings, path), 0, 0, 'E',
                g_strdup((*error)->message));
    return FALSE;
  }
  /* an empty file maps to NULL contents */
  const char *data = g_mapped_file_get_contents(map);
  gsize length = g_mapped_file_get_length(map);
  gboolean ok = rd_ingest_buffer(ds, cfg, path, data ? data : "", length, error);
  g_mapped_file_unref(map);
  return ok;
}

/* ---- inputs ---- */

static gint compare_strings(gconstpointer a, gconstpointer b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static gboolean has_csv_extension(const char *name)
{
  size_t n = strlen(name);
  return n > 4 && g_ascii_strcasecmp(name + n - 4, ".csv") == 0;
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
      if (has_csv_extension(name))
        g_ptr_array_add(names, g_strdup(name));
    g_dir_close(dir);
    g_ptr_array_sort(names, compare_strings);
    for (guint i = 0; i < names->len; i++)
      g_ptr_array_add(paths, g_build_filename(*a, g_ptr_array_index(names, i), NULL));
    if (names->len == 0)
      g_printerr("riskdoc: %s: 目录中没有 .csv 文件\n", *a);
    g_ptr_array_free(names, TRUE);
  }
  g_ptr_array_add(paths, NULL);
  return (char **)g_ptr_array_free(paths, FALSE);
}

gboolean rd_ingest_paths(rd_dataset *ds, const rd_ingest_config *cfg, char **paths,
                         void (*progress)(int done, int total, void *user), void *user)
{
  int total = (int)g_strv_length(paths), done = 0;
  gboolean all_ok = TRUE;
  for (char **p = paths; *p; p++) {
    GError *error = NULL;
    if (!rd_ingest_file(ds, cfg, *p, &error)) {
      all_ok = FALSE;
      g_clear_error(&error);
    }
    if (progress)
      progress(++done, total, user);
  }
  return all_ok;
}

/* ---- dataset ---- */

static void record_free(gpointer data)
{
  g_slice_free(rd_record, data);
}

static void input_clear(gpointer data)
{
  g_free(((rd_input *)data)->path);
}

rd_dataset *rd_dataset_new(void)
{
  rd_dataset *ds = g_new0(rd_dataset, 1);
  ds->strings = g_string_chunk_new(1 << 20);
  ds->records = g_ptr_array_new_with_free_func(record_free);
  ds->inputs = g_array_new(FALSE, TRUE, sizeof(rd_input));
  g_array_set_clear_func(ds->inputs, input_clear);
  ds->rejects = g_ptr_array_new_with_free_func(reject_free);
  ds->problems = g_ptr_array_new_with_free_func(problem_free);
  ds->seen_ids = g_hash_table_new(g_str_hash, g_str_equal);   /* keys live in strings */
  ds->id_origins = g_array_new(FALSE, FALSE, sizeof(id_origin));
  ds->unit_vectors = g_ptr_array_new_with_free_func(g_free);
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
  g_hash_table_destroy(ds->seen_ids);
  g_array_free(ds->id_origins, TRUE);
  g_ptr_array_free(ds->unit_vectors, TRUE);
  g_string_chunk_free(ds->strings);
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
