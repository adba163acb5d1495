/* ingest_rows.c — the row stage every format shares (see ingest_internal.h): rows before
 * the header (the merged title) are skipped, the first row of two or more filled cells is the
 * header, matched through the alias table; blank rows and the 填报人 footer are not data;
 * every other row is counted and becomes a record or a reject. */
#include <stdlib.h>
#include <string.h>
#include "ingest_internal.h"
#include "text.h"

struct rd_rows {
  rd_store *st;
  rd_file_result *res;
  const rd_ingest_config *cfg;
  const char *file_stem;    /* community when the file has no 社区 column */
  const char *sheet;        /* in res->names, NULL for text */
  int rows_read;
  int row_start;            /* the place of the row being ended */

  /* the row being assembled: cell texts back to back, each NUL-terminated */
  GString *row_text;
  GArray *cell_offsets;     /* gsize offsets into row_text */
  int long_cell;            /* 1-based column of an over-long cell, 0 if none */
  gsize long_cell_bytes;
  int nul_cell;             /* 1-based column of a cell holding a NUL byte, 0 if none */
  int unusable_cell;        /* 1-based column of a cell without a usable value, 0 if none */
  char *unusable_reason;

  /* header */
  gboolean have_header;
  int header_line;
  char **headers;           /* the file's header cells, trimmed; a repeated name numbered */
  int field_column[RD_FIELD_COUNT];   /* 0-based cell index, -1 when absent */
  char *missing_columns;    /* reason every row is rejected with, NULL when complete */
  GString *reasons;         /* the current row's problems, reused from row to row */

  /* caches of normalised low-cardinality values: raw text -> value + 1 (0 = unknown) */
  GHashTable *category_cache, *level_cache, *status_cache;
  /* the last interned text of each field: neighbouring rows often repeat it, and a strcmp
   * is cheaper than the chunk's hash lookup */
  const char *last_interned[RD_FIELD_COUNT];
};

/* ---- problems and rejects ---- */

void rd_rows_note(rd_rows *rd, int line, int column, char severity, char *message)
{
  rd_item it = { .kind = RD_ITEM_PROBLEM, .severity = severity, .sheet = rd->sheet,
                 .line = line, .column = column, .message = message, .id_at = G_MAXSIZE };
  g_array_append_val(rd->res->items, it);
}

static const char *cell(const rd_rows *rd, int index)
{
  if (index < 0 || (guint)index >= rd->cell_offsets->len)
    return "";
  return rd->row_text->str + g_array_index(rd->cell_offsets, gsize, index);
}

/* A row item holding a copy of the row's cells (for the rejects file, should it become a
 * reject); the caller fills in the rest. */
static rd_item *add_row_item(rd_rows *rd, rd_item_kind kind)
{
  rd->rows_read++;
  rd_item it = { .kind = kind, .sheet = rd->sheet, .line = rd->row_start, .id_at = G_MAXSIZE,
                 .n_cells = rd->cell_offsets->len, .cells_at = rd->res->cells->len };
  g_string_append_len(rd->res->cells, rd->row_text->str, (gssize)rd->row_text->len);
  g_array_append_val(rd->res->items, it);
  return &g_array_index(rd->res->items, rd_item, rd->res->items->len - 1);
}

/* Files the row as rejected; reason is taken. with_problem: also list it for `check`. */
static rd_item *reject_row(rd_rows *rd, int column, char *reason, gboolean with_problem)
{
  rd_item *it = add_row_item(rd, RD_ITEM_REJECT);
  it->column = column;
  it->message = reason;
  it->with_problem = with_problem;
  return it;
}

/* ---- row classification ---- */

static int count_non_blank(const rd_rows *rd)
{
  int n = 0;
  for (guint i = 0; i < rd->cell_offsets->len; i++)
    if (*cell(rd, (int)i))   /* cells are trimmed when stored */
      n++;
  return n;
}

/* 填报人：张三 … 负责人：李四 … 填报日期：…: every non-empty cell starts with a footer word and a
 * colon. */
static gboolean is_footer_cell(const rd_rows *rd, const char *text)
{
  for (char **p = rd->cfg->columns->footer_prefixes; *p; p++) {
    size_t n = strlen(*p);
    if (strncmp(text, *p, n) == 0 && (text[n] == ':' || strncmp(text + n, "：", strlen("：")) == 0))
      return TRUE;
  }
  return FALSE;
}

static gboolean is_footer_row(const rd_rows *rd)
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

/* A header name already used by an earlier column gets a number, 备注 -> 备注(2), so that
 * rejects.csv keeps both columns apart. Returns the new name or NULL when not repeated. */
static char *number_repeated(GHashTable *used, const char *name)
{
  if (!*name || !g_hash_table_contains(used, name))
    return NULL;
  for (int n = 2;; n++) {
    char *numbered = g_strdup_printf("%s(%d)", name, n);
    if (!g_hash_table_contains(used, numbered))
      return numbered;
    g_free(numbered);
  }
}

static void take_header(rd_rows *rd)
{
  const rd_columns *columns = rd->cfg->columns;
  guint n = rd->cell_offsets->len;
  rd->have_header = TRUE;
  rd->header_line = rd->row_start;
  rd->headers = g_new0(char *, n + 1);
  GHashTable *used = g_hash_table_new(g_str_hash, g_str_equal);
  for (int f = 0; f < RD_FIELD_COUNT; f++)
    rd->field_column[f] = -1;
  for (guint i = 0; i < n; i++) {
    const char *name = cell(rd, (int)i);
    char *numbered = number_repeated(used, name);
    rd->headers[i] = numbered ? numbered : g_strdup(name);
    g_hash_table_add(used, rd->headers[i]);
    int f = rd_columns_match(columns, name);
    if (f >= 0 && rd->field_column[f] >= 0) {
      int first = rd->field_column[f];
      char *kept = numbered ? g_strdup_printf("；退回清单中记为“%s”", numbered) : g_strdup("");
      rd_rows_note(rd, rd->row_start, (int)i + 1, 'W',
                   g_strdup_printf("第%u列“%s”与第%d列“%s”是同一字段，只读取第%d列%s", i + 1, name,
                                   first + 1, rd->headers[first], first + 1, kept));
      g_free(kept);
      continue;
    }
    if (numbered)   /* an unknown column named twice: both are kept, say how */
      rd_rows_note(rd, rd->row_start, (int)i + 1, 'W',
                   g_strdup_printf("第%u列的表头“%s”与前面的列重复，退回清单中记为“%s”", i + 1, name,
                                   numbered));
    if (f >= 0)
      rd->field_column[f] = (int)i;
    /* unknown columns are kept for the rejects file only */
  }
  g_hash_table_destroy(used);
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
    rd_rows_note(rd, rd->row_start, 0, 'E',
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
static const char *field_text(rd_rows *rd, rd_field f)
{
  int col = rd->field_column[f];
  if (col < 0 || (guint)col >= rd->cell_offsets->len)
    return "";
  return rd->row_text->str + g_array_index(rd->cell_offsets, gsize, col);
}

static const char *header_of(const rd_rows *rd, rd_field f)
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

static rd_day check_date(rd_rows *rd, row_check *chk, rd_field f)
{
  const char *text = field_text(rd, f);
  if (!*text)
    return 0;
  rd_day day = rd_parse_date(text);
  if (!day)
    row_problem(chk, rd->field_column[f] + 1, "%s“%s”不是有效日期", header_of(rd, f), text);
  return day;
}

static const char *intern(rd_rows *rd, const char *text)
{
  return rd_store_intern(rd->st, text);
}

/* intern, remembering the field's last text: a repeat costs one strcmp. */
static const char *intern_field(rd_rows *rd, rd_field f, const char *text)
{
  const char *last = rd->last_interned[f];
  if (last && strcmp(last, text) == 0)
    return last;
  return rd->last_interned[f] = intern(rd, text);
}

static const char *store_text(rd_rows *rd, const char *text)
{
  return *text ? rd_store_copy(rd->st, text) : "";
}

/* Lead unit and support units: 责任单位 split, its first is the lead; the others and every
 * unit of 配合单位 support it; each unit once. Rows naming the same units share one vector. */
static void fill_units(rd_rows *rd, rd_record *rec, char **lead_cell)
{
  char **support_cell = rd_split_units(field_text(rd, RD_FIELD_SUPPORT_UNITS));
  GPtrArray *support = g_ptr_array_sized_new(8);
  rec->lead_unit = intern_field(rd, RD_FIELD_UNITS, lead_cell[0]);
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
  g_ptr_array_add(support, NULL);
  rec->support_units = rd_store_vector(rd->st, (const char *const *)support->pdata,
                                       (gsize)rec->n_support_units);
  g_ptr_array_free(support, TRUE);
  g_strfreev(support_cell);
}

static const char *community_of_row(rd_rows *rd)
{
  const char *text = field_text(rd, RD_FIELD_COMMUNITY);
  return *text ? text : rd->file_stem;
}

/* The row's 编号 is checked against earlier rows when the files are merged. */
static void note_id(rd_rows *rd, rd_item *it, const char *community)
{
  int col = rd->field_column[RD_FIELD_ID];
  it->id_at = it->cells_at + g_array_index(rd->cell_offsets, gsize, col);
  it->id_column = col + 1;
  it->community = intern_field(rd, RD_FIELD_COMMUNITY, community);
  it->id_hash = rd_key_hash(community, cell(rd, col));
}

static void process_data_row(rd_rows *rd)
{
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
  if (rd->unusable_cell) {
    reject_row(rd, rd->unusable_cell, g_steal_pointer(&rd->unusable_reason), TRUE);
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

  if (chk.reasons->len) {
    rd_item *it = reject_row(rd, chk.first_column, g_strndup(chk.reasons->str, chk.reasons->len), TRUE);
    if (*id)
      note_id(rd, it, community);
    g_strfreev(units);
    return;
  }

  rec.line = rd->row_start;
  rec.id = store_text(rd, id);
  rec.community = intern_field(rd, RD_FIELD_COMMUNITY, community);
  rec.grid = intern_field(rd, RD_FIELD_GRID, field_text(rd, RD_FIELD_GRID));
  rec.category_text = intern_field(rd, RD_FIELD_CATEGORY, category_text);
  rec.subcategory = intern_field(rd, RD_FIELD_SUBCATEGORY, field_text(rd, RD_FIELD_SUBCATEGORY));
  rec.title = store_text(rd, field_text(rd, RD_FIELD_TITLE));
  rec.detail = store_text(rd, field_text(rd, RD_FIELD_DETAIL));
  rec.level = (rd_level)level;
  rec.level_text = intern_field(rd, RD_FIELD_LEVEL, level_text);
  rec.status = (rd_status)status;
  rec.status_text = intern_field(rd, RD_FIELD_STATUS, status_text);
  fill_units(rd, &rec, units);
  g_strfreev(units);
  rec.leader = intern_field(rd, RD_FIELD_LEADER, field_text(rd, RD_FIELD_LEADER));
  rec.person = intern_field(rd, RD_FIELD_PERSON, field_text(rd, RD_FIELD_PERSON));
  rec.measures = store_text(rd, field_text(rd, RD_FIELD_MEASURES));
  rec.people_text = intern_field(rd, RD_FIELD_PEOPLE, field_text(rd, RD_FIELD_PEOPLE));
  char *end = NULL;
  long people = *rec.people_text ? strtol(rec.people_text, &end, 10) : -1;
  rec.people = (end && *end == '\0' && people >= 0 && people <= G_MAXINT) ? (int)people : -1;
  rec.note = store_text(rd, field_text(rd, RD_FIELD_NOTE));

  rd_record *kept = rd_store_record(rd->st);
  *kept = rec;
  rd_item *it = add_row_item(rd, RD_ITEM_RECORD);
  it->record = kept;
  it->message = NULL;
  if (*id)
    note_id(rd, it, community);
}

/* ---- cells and rows from the format readers ---- */

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

static void reset_row(rd_rows *rd)
{
  g_string_truncate(rd->row_text, 0);
  g_array_set_size(rd->cell_offsets, 0);
  rd->long_cell = 0;
  rd->nul_cell = 0;
  rd->unusable_cell = 0;
  g_clear_pointer(&rd->unusable_reason, g_free);
}

void rd_rows_cell(rd_rows *rd, const char *data, size_t length)
{
  gsize offset = rd->row_text->len;
  int column = (int)rd->cell_offsets->len + 1;
  g_array_append_val(rd->cell_offsets, offset);
  if (length > RD_MAX_CELL_BYTES) {
    if (!rd->long_cell) {
      rd->long_cell = column;
      rd->long_cell_bytes = length;
    }
    /* keep a readable head of it, cut on a character boundary */
    const char *cut = g_utf8_find_prev_char(data, data + RD_REJECT_CELL_KEEP + 1);
    length = cut ? (size_t)(cut - data) : 0;
    g_string_append_len(rd->row_text, data, (gssize)length);
    g_string_append(rd->row_text, "…");
  } else if (data) {
    trim_span(&data, &length);
    if (memchr(data, '\0', length)) {
      if (!rd->nul_cell)
        rd->nul_cell = column;
      /* a NUL would end the C string early: show it as U+FFFD in the rejects file */
      for (size_t i = 0; i < length; i++) {
        if (data[i])
          g_string_append_c(rd->row_text, data[i]);
        else
          g_string_append(rd->row_text, "\xEF\xBF\xBD");
      }
    } else {
      rd_text_append_visible(rd->row_text, data, length);   /* text.h: no hidden controls */
    }
  }
  g_string_append_c(rd->row_text, '\0');
}

void rd_rows_cell_unusable(rd_rows *rd, char *reason)
{
  if (rd->unusable_cell) {
    g_free(reason);
    return;
  }
  rd->unusable_cell = (int)rd->cell_offsets->len;
  rd->unusable_reason = reason;
}

void rd_rows_end(rd_rows *rd, int line)
{
  rd->row_start = line;
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

void rd_rows_reject_open(rd_rows *rd, int line, char *reason)
{
  rd->row_start = line;
  reject_row(rd, (int)rd->cell_offsets->len + 1, reason, TRUE);
  reset_row(rd);
}

gboolean rd_rows_have_header(const rd_rows *rd)
{
  return rd->have_header;
}

gboolean rd_rows_header_complete(const rd_rows *rd)
{
  return rd->have_header && !rd->missing_columns;
}

/* ---- life ---- */

static char *file_stem(const char *name)
{
  char *base = g_path_get_basename(name);
  char *dot = strrchr(base, '.');
  if (dot && dot != base)
    *dot = '\0';
  return base;
}

rd_rows *rd_rows_new(rd_store *st, rd_file_result *res, const rd_ingest_config *cfg,
                     const char *name, const char *sheet)
{
  rd_rows *rd = g_new0(rd_rows, 1);
  rd->st = st;
  rd->res = res;
  rd->cfg = cfg;
  rd->sheet = sheet;
  char *stem = file_stem(name);
  rd->file_stem = rd_store_intern(st, stem);
  g_free(stem);
  rd->row_text = g_string_sized_new(1024);
  rd->reasons = g_string_new(NULL);
  rd->cell_offsets = g_array_new(FALSE, FALSE, sizeof(gsize));
  rd->category_cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  rd->level_cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  rd->status_cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  return rd;
}

void rd_rows_free(rd_rows *rd)
{
  if (!rd)
    return;
  g_string_free(rd->row_text, TRUE);
  g_string_free(rd->reasons, TRUE);
  g_array_free(rd->cell_offsets, TRUE);
  g_strfreev(rd->headers);
  g_free(rd->missing_columns);
  g_free(rd->unusable_reason);
  g_hash_table_destroy(rd->category_cache);
  g_hash_table_destroy(rd->level_cache);
  g_hash_table_destroy(rd->status_cache);
  g_free(rd);
}

void rd_rows_finish(rd_rows *rd)
{
  if (!rd->have_header)
    rd_rows_note(rd, 0, 0, 'W', g_strdup("文件为空：没有表头，也没有数据行"));
  else if (rd->rows_read == 0)
    rd_rows_note(rd, rd->header_line, 0, 'W', g_strdup("只有表头，没有数据行"));
  g_strfreev(rd->res->headers);
  rd->res->headers = g_steal_pointer(&rd->headers);
  rd_rows_free(rd);
}
