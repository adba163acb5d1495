/* ingest.c — community CSV exports -> normalised records and rejects (see ingest.h).
 *
 * The file is read whole, its encoding decided (UTF-8, UTF-8 with BOM, else GB18030), then fed
 * to libcsv one physical line at a time so that every row knows the line it starts on, as an
 * editor shows it. Rows before the header (the merged title), blank rows and the 填报人 footer
 * are skipped; every other row is counted and becomes a record or a reject.
 *
 * Two steps per file, so that files can be parsed on several threads: parse_file turns one
 * file into a file_result (records built in a thread's own store, rejects and problems as
 * items in file order) knowing nothing of other files; merge_result then, in the order the
 * files were named, checks each 编号 against every earlier file (a repeat turns the row into a
 * reject) and appends everything to the dataset. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <csv.h>
#include "ingest.h"

G_DEFINE_QUARK(rd-ingest-error-quark, rd_ingest_error)

/* A cell longer than this is not a ledger entry but a broken export (a lost closing quote
 * that swallowed the rest of the file, a pasted document): the row is rejected. */
#define RD_MAX_CELL_BYTES 65536
/* How much of an over-long cell is kept in the rejects file. */
#define RD_REJECT_CELL_KEEP 200
/* Records, their strings and support-unit vectors are carved from blocks that never move:
 * the first this small (a single small file, the fuzzer), doubling up to the largest. */
#define RD_ARENA_FIRST (64u << 10)
#define RD_ARENA_MAX (32u << 20)
#define RD_HUGE_PAGE (2u << 20)
/* Parsed files waiting to be merged, at most: bounds memory when merging falls behind. */
#define RD_FILES_AHEAD 4

/* Where an 编号 first appeared, and its key (community + U+001F + 编号, as the texts
 * compare). The texts are the record's own or copies in the dataset's strings. */
typedef struct {
  const char *source;
  const char *community;
  const char *id;
  int line;
  guint hash;
} id_origin;

/* Owner of what records point to: strings, records, support-unit vectors, carved one after
 * the other from large blocks. One per dataset, and one per reader thread (its blocks are
 * handed to the dataset when the threads are done). */
typedef struct rd_ingest_store {
  GPtrArray *blocks;        /* g_free'd */
  char *next;               /* free space in the current block */
  gsize left;
  gsize block_size;         /* of the last block: blocks double up to RD_ARENA_MAX */
  GHashTable *interned;     /* texts kept once (units, names, levels…): text -> itself */
  GHashTable *vectors;      /* support-unit vectors handed out, to share equal ones */
  /* the dataset's store only: open-addressing table of 编号 seen, index + 1 into
   * ds->id_origins (0 = free); much smaller than a GHashTable of key strings */
  guint32 *id_slots;
  gsize id_mask;            /* slots - 1, a power of two minus one */
} store;

/* Vectors of units interned in one store: equal texts are equal pointers. */
static guint vector_hash(gconstpointer key)
{
  guint64 h = 0;
  for (const char *const *v = key; *v; v++)
    h = (h ^ (guintptr)*v) * G_GUINT64_CONSTANT(0x9E3779B97F4A7C15);   /* Fibonacci mixing */
  return (guint)(h >> 32);
}

static gboolean vector_equal(gconstpointer a, gconstpointer b)
{
  const char *const *x = a, *const *y = b;
  for (; *x && *x == *y; x++, y++)
    ;
  return *x == *y;
}

static store *store_new(GPtrArray *blocks)
{
  store *st = g_new0(store, 1);
  st->blocks = blocks;
  st->interned = g_hash_table_new(g_str_hash, g_str_equal);
  st->vectors = g_hash_table_new(vector_hash, vector_equal);
  return st;
}

static void store_free(store *st)
{
  g_hash_table_destroy(st->interned);
  g_hash_table_destroy(st->vectors);
  g_free(st->id_slots);
  g_free(st);
}

/* A new block. Large ones are aligned to, and asked to be backed by, 2 MiB pages: on this
 * kind of virtual machine a page fault per 4 KiB of kept records cost a sixth of the reading
 * time (what the dataset keeps is about the size of the input). */
static char *arena_block(gsize size)
{
  void *block = NULL;
#ifdef MADV_HUGEPAGE
  if (size >= RD_HUGE_PAGE && posix_memalign(&block, RD_HUGE_PAGE, size) == 0)
    madvise(block, size, MADV_HUGEPAGE);   /* only a hint: failure changes nothing */
  else
    block = NULL;
#endif
  return block ? block : g_malloc(size);
}

static gpointer store_alloc(store *st, gsize size, gsize align)
{
  gsize pad = (align - ((guintptr)st->next & (align - 1))) & (align - 1);
  if (!st->next || pad + size > st->left) {
    st->block_size = st->block_size ? MIN(st->block_size * 2, RD_ARENA_MAX) : RD_ARENA_FIRST;
    gsize n = MAX(st->block_size, size);
    st->next = arena_block(n);
    g_ptr_array_add(st->blocks, st->next);
    st->left = n;
    pad = 0;
  }
  char *p = st->next + pad;
  st->next = p + size;
  st->left -= pad + size;
  return p;
}

static rd_record *store_record(store *st)
{
  return store_alloc(st, sizeof(rd_record), G_ALIGNOF(rd_record));
}

/* Room for a NULL-terminated pointer vector of a record. */
static const char **store_pointers(store *st, gsize n)
{
  return store_alloc(st, n * sizeof(char *), G_ALIGNOF(char *));
}

static const char *store_copy(store *st, const char *text)
{
  gsize n = strlen(text) + 1;
  char *copy = store_alloc(st, n, 1);
  memcpy(copy, text, n);
  return copy;
}

/* text kept once per store. */
static const char *store_intern(store *st, const char *text)
{
  if (!*text)
    return "";
  const char *kept = g_hash_table_lookup(st->interned, text);
  if (!kept) {
    kept = store_copy(st, text);
    g_hash_table_add(st->interned, (gpointer)kept);
  }
  return kept;
}

/* What one file gave, in file order, before 编号 are checked against other files. */
typedef enum { ITEM_PROBLEM, ITEM_RECORD, ITEM_REJECT } item_kind;

typedef struct {
  item_kind kind;
  char severity;            /* ITEM_PROBLEM */
  gboolean with_problem;    /* ITEM_REJECT: also list it for `check` */
  int line, column;         /* reject: row start and the column the reason is about */
  char *message;            /* ITEM_PROBLEM: message; ITEM_REJECT: reason ("" when only a
                             * repeated 编号 may still make it one); owned */
  rd_record *record;        /* ITEM_RECORD */
  guint n_cells;            /* rows: cells back to back in file_result.cells */
  gsize cells_at;
  gsize id_at;              /* rows: the 编号 in cells, G_MAXSIZE when not checked */
  int id_column;
  const char *community;    /* rows with an 编号: its community (store string) */
  guint id_hash;            /* key_hash of community and 编号, computed on the reader thread */
} item;

static guint key_hash(const char *community, const char *id);

typedef struct {
  gboolean decoded;         /* FALSE: file unusable (error, error_line, error_column) */
  gboolean io_error;        /* could not even be read: error->message is the whole problem */
  GError *error;
  int error_line, error_column;
  const char *encoding;
  char **headers;           /* the file's header cells, NULL when no header */
  GArray *items;            /* item */
  GString *cells;           /* rows' cells, each NUL-terminated */
} file_result;

static void item_clear(gpointer data)
{
  g_free(((item *)data)->message);
}

static file_result *file_result_new(void)
{
  file_result *res = g_new0(file_result, 1);
  res->items = g_array_new(FALSE, TRUE, sizeof(item));
  g_array_set_clear_func(res->items, item_clear);
  res->cells = g_string_new(NULL);
  return res;
}

static void file_result_free(file_result *res)
{
  if (!res)
    return;
  g_clear_error(&res->error);
  g_strfreev(res->headers);
  g_array_free(res->items, TRUE);
  g_string_free(res->cells, TRUE);
  g_free(res);
}

typedef struct {
  store *st;
  file_result *res;
  const rd_ingest_config *cfg;
  const char *file_stem;    /* community when the file has no 社区 column */
  int rows_read;

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

  /* caches of normalised low-cardinality values: raw text -> value + 1 (0 = unknown) */
  GHashTable *category_cache, *level_cache, *status_cache;
  /* the last interned text of each field: neighbouring rows often repeat it, and a strcmp
   * is cheaper than the chunk's hash lookup */
  const char *last_interned[RD_FIELD_COUNT];
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

/* A problem of this file, in order among its rows; message is taken. */
static void note_problem(reader *rd, int line, int column, char severity, char *message)
{
  item it = { .kind = ITEM_PROBLEM, .severity = severity, .line = line, .column = column,
              .message = message, .id_at = G_MAXSIZE };
  g_array_append_val(rd->res->items, it);
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

/* A row item holding a copy of the row's cells (for the rejects file, should it become a
 * reject); the caller fills in the rest. */
static item *add_row_item(reader *rd, item_kind kind)
{
  rd->rows_read++;
  item it = { .kind = kind, .line = rd->row_start, .id_at = G_MAXSIZE,
              .n_cells = rd->cell_offsets->len, .cells_at = rd->res->cells->len };
  g_string_append_len(rd->res->cells, rd->row_text->str, (gssize)rd->row_text->len);
  g_array_append_val(rd->res->items, it);
  return &g_array_index(rd->res->items, item, rd->res->items->len - 1);
}

/* Files the row as rejected; reason is taken. with_problem: also list it for `check`. */
static item *reject_row(reader *rd, int column, char *reason, gboolean with_problem)
{
  item *it = add_row_item(rd, ITEM_REJECT);
  it->column = column;
  it->message = reason;
  it->with_problem = with_problem;
  return it;
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
      note_problem(rd, rd->row_start, (int)i + 1, 'W',
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
    note_problem(rd, rd->row_start, 0, 'E',
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
  return store_intern(rd->st, text);
}

/* intern, remembering the field's last text: a repeat costs one strcmp. */
static const char *intern_field(reader *rd, rd_field f, const char *text)
{
  const char *last = rd->last_interned[f];
  if (last && strcmp(last, text) == 0)
    return last;
  return rd->last_interned[f] = intern(rd, text);
}

static const char *store_text(reader *rd, const char *text)
{
  return *text ? store_copy(rd->st, text) : "";
}

/* Lead unit and support units: 责任单位 split, its first is the lead; the others and every
 * unit of 配合单位 support it; each unit once. Rows naming the same units share one vector. */
static void fill_units(reader *rd, rd_record *rec, char **lead_cell)
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
  const char **vector = g_hash_table_lookup(rd->st->vectors, support->pdata);
  if (!vector) {
    vector = store_pointers(rd->st, support->len);
    memcpy(vector, support->pdata, support->len * sizeof(char *));
    g_hash_table_add(rd->st->vectors, vector);
  }
  rec->support_units = vector;
  g_ptr_array_free(support, TRUE);
  g_strfreev(support_cell);
}

static const char *community_of_row(reader *rd)
{
  const char *text = field_text(rd, RD_FIELD_COMMUNITY);
  return *text ? text : rd->file_stem;
}

/* The row's 编号 is checked against earlier rows when the files are merged. */
static void note_id(reader *rd, item *it, const char *community)
{
  int col = rd->field_column[RD_FIELD_ID];
  it->id_at = it->cells_at + g_array_index(rd->cell_offsets, gsize, col);
  it->id_column = col + 1;
  it->community = intern_field(rd, RD_FIELD_COMMUNITY, community);
  it->id_hash = key_hash(community, cell(rd, col));
}

static void process_data_row(reader *rd)
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
    item *it = reject_row(rd, chk.first_column, g_strndup(chk.reasons->str, chk.reasons->len), TRUE);
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

  rd_record *kept = store_record(rd->st);
  *kept = rec;
  item *it = add_row_item(rd, ITEM_RECORD);
  it->record = kept;
  it->message = NULL;
  if (*id)
    note_id(rd, it, community);
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

/* TRUE when data is UTF-8 without NUL bytes: exactly what g_utf8_validate_len accepts
 * (shortest forms, no surrogates, nothing above U+10FFFF), but runs of ASCII go eight bytes
 * at a time. test_ingest_parallel checks it against GLib's. */
static gboolean utf8_valid(const char *data, gsize length)
{
  const guchar *p = (const guchar *)data, *end = p + length;
  while (p < end) {
    while (end - p >= 8) {
      guint64 w;
      memcpy(&w, p, sizeof w);
      if (w & 0x8080808080808080ULL)
        break;
      if ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL)
        return FALSE;   /* a NUL byte */
      p += 8;
    }
    if (p >= end)
      break;
    guchar c = *p;
    if (c < 0x80) {
      if (!c)
        return FALSE;
      p++;
    } else if (c < 0xC2) {
      return FALSE;   /* continuation byte or overlong 2-byte form */
    } else if (c < 0xE0) {
      if (end - p < 2 || (p[1] & 0xC0) != 0x80)
        return FALSE;
      p += 2;
    } else if (c < 0xF0) {
      if (end - p < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
          (c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F))
        return FALSE;   /* truncated, overlong, or a surrogate */
      p += 3;
    } else {
      if (c > 0xF4 || end - p < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
          (p[3] & 0xC0) != 0x80 || (c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F))
        return FALSE;
      p += 4;
    }
  }
  return TRUE;
}

/* Scans data as UTF-8, treating NUL as valid. Returns the number of invalid spots and the
 * offset of the first; counts multi-byte (3/4-byte) sequences, the mark of Chinese UTF-8.
 * exact_counts FALSE: may stop early, once too few bytes are left for the file to count as
 * damaged UTF-8 (multibyte >= 8 * invalid) — then it is GBK, and the counts do not matter. */
static gsize scan_utf8(const char *data, gsize length, gboolean exact_counts,
                       gsize *first_invalid, gsize *multibyte)
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
    /* every multi-byte sequence still to come takes at least three bytes */
    if (!exact_counts && *multibyte + (gsize)(end - p) / 3 < 8 * invalid)
      break;
  }
  return invalid;
}

/* GB18030 through a table of its two-byte characters, each converted once by the same iconv
 * converter g_convert uses (it is stateless, so a character converts alone as in a text):
 * several times faster than iconv over the file. */
typedef struct {
  guint8 length;            /* 0: not a two-byte character here */
  char utf8[7];
} gb_char;

#define GB_LEADS 126        /* 0x81..0xFE */
#define GB_TRAILS 192       /* 0x40..0xFF, some unused */

static gpointer gb_table_build(gpointer unused)
{
  (void)unused;
  GIConv cd = g_iconv_open("UTF-8", "GB18030");
  if (cd == (GIConv)-1)
    return NULL;
  gb_char *table = g_new0(gb_char, GB_LEADS * GB_TRAILS);
  for (int lead = 0x81; lead <= 0xFE; lead++)
    for (int trail = 0x40; trail <= 0xFE; trail++) {
      if (trail == 0x7F)
        continue;
      char in[2] = { (char)lead, (char)trail }, out[8];
      gchar *ip = in, *op = out;
      gsize in_left = sizeof in, out_left = sizeof out;
      gb_char *c = &table[(lead - 0x81) * GB_TRAILS + (trail - 0x40)];
      if (g_iconv(cd, &ip, &in_left, &op, &out_left) != (gsize)-1 && in_left == 0 &&
          op - out <= (gssize)sizeof c->utf8) {
        c->length = (guint8)(op - out);
        memcpy(c->utf8, out, c->length);
      }
      g_iconv(cd, NULL, NULL, NULL, NULL);
    }
  g_iconv_close(cd);
  return table;   /* kept for the life of the process */
}

/* data as UTF-8 (NUL-terminated, *out_length bytes) when it holds only ASCII and two-byte
 * characters; NULL otherwise (four-byte characters, anything invalid): then g_convert decides,
 * and reports errors, as before. */
static char *gb18030_two_byte(const char *data, gsize length, gsize *out_length)
{
  static GOnce once = G_ONCE_INIT;
  const gb_char *table = g_once(&once, gb_table_build, NULL);
  if (!table)
    return NULL;
  /* a two-byte character becomes at most 4 bytes (table entries are checked at 7) */
  char *out = g_malloc(length * 4 + 8), *o = out;
  const guchar *p = (const guchar *)data, *end = p + length;
  while (p < end) {
    if (*p < 0x80) {
      *o++ = (char)*p++;
      continue;
    }
    if (end - p < 2 || *p < 0x81 || *p > 0xFE || p[1] < 0x40 || p[1] > 0xFE) {
      g_free(out);
      return NULL;
    }
    const gb_char *c = &table[(p[0] - 0x81) * GB_TRAILS + (p[1] - 0x40)];
    if (!c->length) {
      g_free(out);
      return NULL;
    }
    memcpy(o, c->utf8, sizeof c->utf8);
    o += c->length;
    p += 2;
  }
  *o = '\0';
  *out_length = (gsize)(o - out);
  return out;
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
  /* utf8_valid is the fast path; like g_utf8_validate_len it refuses NUL bytes, which the
   * slow scan allows (they are reported per cell later) */
  if (!utf8_valid(body, body_length))
    invalid = scan_utf8(body, body_length, bom, &first_invalid, &multibyte);
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
  char *utf8 = gb18030_two_byte(data, length, &bytes_written);
  if (utf8) {
    *encoding = "GB18030";
    *owned = utf8;
    *text = utf8;
    *text_length = bytes_written;
    return TRUE;
  }
  utf8 = g_convert(data, (gssize)length, "UTF-8", "GB18030", &bytes_read, &bytes_written,
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

static void reader_init(reader *rd, store *st, file_result *res, const rd_ingest_config *cfg,
                        const char *name)
{
  memset(rd, 0, sizeof *rd);
  rd->st = st;
  rd->res = res;
  rd->cfg = cfg;
  char *stem = file_stem(name);
  rd->file_stem = store_intern(st, stem);
  g_free(stem);
  rd->row_text = g_string_sized_new(1024);
  rd->reasons = g_string_new(NULL);
  rd->cell_offsets = g_array_new(FALSE, FALSE, sizeof(gsize));
  rd->category_cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  rd->level_cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  rd->status_cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

static void reader_clear(reader *rd)
{
  g_string_free(rd->row_text, TRUE);
  g_string_free(rd->reasons, TRUE);
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

/* Feeds text to libcsv line by line. */
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
      note_problem(rd, start, 0, 'E',
                   g_strdup_printf("引号未闭合：从第%d行开始直到文件末尾都在一个带引号的单元格内，找不到表头", start));
    } else {
      reject_row(rd, (int)rd->cell_offsets->len + 1,
                 g_strdup_printf("引号未闭合：从第%d行开始的单元格直到文件末尾（第%d行）都没有结束引号，"
                                 "其后各行无法分开读取", start, rd->line), TRUE);
    }
  }
  csv_free(&parser);
}

/* Step one: one file's bytes -> a file_result; strings and records go into st. Touches no
 * dataset, so files can be parsed side by side. */
static file_result *parse_buffer(store *st, const rd_ingest_config *cfg, const char *name,
                                 const char *data, gsize length)
{
  file_result *res = file_result_new();
  const char *text = NULL;
  gsize text_length = 0;
  char *owned = NULL;
  if (!decode(data, length, &res->encoding, &text, &text_length, &owned, &res->error_line,
              &res->error_column, &res->error))
    return res;
  res->decoded = TRUE;
  reader rd;
  reader_init(&rd, st, res, cfg, name);
  parse_lines(&rd, text, text_length);
  if (!rd.have_header) {
    note_problem(&rd, 0, 0, 'W', g_strdup("文件为空：没有表头，也没有数据行"));
  } else if (rd.rows_read == 0) {
    note_problem(&rd, rd.header_line, 0, 'W', g_strdup("只有表头，没有数据行"));
  }
  res->headers = rd.headers;
  rd.headers = NULL;
  reader_clear(&rd);
  g_free(owned);
  return res;
}

static file_result *parse_file(store *st, const rd_ingest_config *cfg, const char *path)
{
  GError *local = NULL;
  GMappedFile *map = g_mapped_file_new(path, FALSE, &local);
  if (!map) {
    file_result *res = file_result_new();
    res->io_error = TRUE;
    g_set_error(&res->error, RD_INGEST_ERROR, RD_INGEST_ERROR_IO, "%s: 无法读取：%s", path,
                local->message);
    g_error_free(local);
    return res;
  }
  /* an empty file maps to NULL contents */
  const char *data = g_mapped_file_get_contents(map);
  gsize length = g_mapped_file_get_length(map);
  file_result *res = parse_buffer(st, cfg, path, data ? data : "", length);
  g_mapped_file_unref(map);
  return res;
}

/* The key of an 编号 is community + U+001F + 编号 compared as one text; these walk it in its
 * two parts without building it. */
static guint key_hash(const char *community, const char *id)
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

static void id_table_grow(rd_dataset *ds)
{
  store *st = ds->store;
  gsize size = st->id_slots ? (st->id_mask + 1) * 2 : 1024;
  guint32 *slots = g_new0(guint32, size);
  for (guint i = 0; i < ds->id_origins->len; i++) {
    gsize at = g_array_index(ds->id_origins, id_origin, i).hash & (size - 1);
    while (slots[at])
      at = (at + 1) & (size - 1);
    slots[at] = i + 1;
  }
  g_free(st->id_slots);
  st->id_slots = slots;
  st->id_mask = size - 1;
}

/* 编号 already used in this community (in any earlier row of any file)? Returns the reason
 * text, or NULL (and remembers where it was first seen). stored_id: id as kept by the row's
 * record, NULL when the row is rejected (a copy is kept then). */
static char *check_duplicate(rd_dataset *ds, const char *source, int line,
                             const char *community, const char *id, guint hash,
                             const char *stored_id)
{
  store *st = ds->store;
  if (!st->id_slots || (ds->id_origins->len + 1) * 2 > st->id_mask + 1)
    id_table_grow(ds);
  gsize at = hash & st->id_mask;
  for (; st->id_slots[at]; at = (at + 1) & st->id_mask) {
    const id_origin *first = &g_array_index(ds->id_origins, id_origin, st->id_slots[at] - 1);
    if (first->hash != hash || !keys_equal(first->community, first->id, community, id))
      continue;
    if (first->source == source)
      return g_strdup_printf("编号“%s”重复：与第%d行相同", id, first->line);
    return g_strdup_printf("编号“%s”重复：与 %s 第%d行相同", id, first->source, first->line);
  }
  id_origin origin = { source, community, stored_id ? stored_id : g_string_chunk_insert(ds->strings, id),
                       line, hash };
  g_array_append_val(ds->id_origins, origin);
  st->id_slots[at] = ds->id_origins->len;
  return NULL;
}

static char **cells_of(const file_result *res, const item *it)
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

/* Step two, in the order the files were named: the file's rows and problems join the dataset.
 * Returns FALSE (error set) when the file was unusable. */
static gboolean merge_result(rd_dataset *ds, file_result *res, const char *name, GError **error)
{
  const char *source = g_string_chunk_insert_const(ds->strings, name);
  if (res->io_error) {
    ds->file_errors++;
    add_problem(ds, source, 0, 0, 'E', g_strdup(res->error->message));
    g_propagate_error(error, g_steal_pointer(&res->error));
    return FALSE;
  }
  if (!res->decoded) {
    ds->file_errors++;
    add_problem(ds, source, res->error_line, res->error_column, 'E', g_strdup(res->error->message));
    g_set_error(error, res->error->domain, res->error->code, "%s:%d:%d: %s", name,
                res->error_line, res->error_column, res->error->message);
    return FALSE;
  }
  rd_input input = { g_strdup(name), res->encoding, 0, 0, 0 };
  g_array_append_val(ds->inputs, input);
  rd_input *in = &g_array_index(ds->inputs, rd_input, ds->inputs->len - 1);
  for (guint i = 0; i < res->items->len; i++) {
    item *it = &g_array_index(res->items, item, i);
    if (it->kind == ITEM_PROBLEM) {
      add_problem(ds, source, it->line, it->column, it->severity, g_steal_pointer(&it->message));
      continue;
    }
    ds->read++;
    in->read++;
    char *duplicate = it->id_at == G_MAXSIZE ? NULL
      : check_duplicate(ds, source, it->line, it->community, res->cells->str + it->id_at,
                        it->id_hash, it->kind == ITEM_RECORD ? it->record->id : NULL);
    if (it->kind == ITEM_RECORD && !duplicate) {
      it->record->source = source;
      g_ptr_array_add(ds->records, it->record);
      ds->used++;
      in->used++;
      continue;
    }
    rd_reject *r = g_new0(rd_reject, 1);
    r->source = source;
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
      add_problem(ds, source, r->line, r->column, 'R', g_strdup(r->reason));
    ds->rejected++;
    in->rejected++;
  }
  return TRUE;
}

gboolean rd_ingest_buffer(rd_dataset *ds, const rd_ingest_config *cfg, const char *name,
                          const char *data, gsize length, GError **error)
{
  file_result *res = parse_buffer(ds->store, cfg, name, data, length);
  gboolean ok = merge_result(ds, res, name, error);
  file_result_free(res);
  return ok;
}

gboolean rd_ingest_file(rd_dataset *ds, const rd_ingest_config *cfg, const char *path,
                        GError **error)
{
  file_result *res = parse_file(ds->store, cfg, path);
  gboolean ok = merge_result(ds, res, path, error);
  file_result_free(res);
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

/* ---- reading many files on several threads ---- */

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
  file_result **done;       /* [total] */
} shared_work;

typedef struct {
  shared_work *work;
  store *st;                /* this thread's strings and records */
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
    file_result *res = parse_file(w->st, work->cfg, work->paths[i]);
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
  work.done = g_new0(file_result *, total);
  worker *workers = g_new0(worker, n_threads);
  GThread **threads = g_new0(GThread *, n_threads);
  for (guint t = 0; t < n_threads; t++) {
    workers[t].work = &work;
    /* small blocks: a thread's strings are few compared with the dataset's */
    workers[t].st = store_new(g_ptr_array_new_with_free_func(g_free));
    threads[t] = g_thread_new("rd-ingest", worker_run, &workers[t]);
  }
  for (guint i = 0; i < total; i++) {
    g_mutex_lock(&work.lock);
    while (!work.done[i])
      g_cond_wait(&work.changed, &work.lock);
    file_result *res = work.done[i];
    work.done[i] = NULL;
    g_mutex_unlock(&work.lock);
    GError *error = NULL;
    if (!merge_result(ds, res, paths[i], &error)) {
      all_ok = FALSE;
      g_clear_error(&error);
    }
    file_result_free(res);
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
    store *st = workers[t].st;
    g_ptr_array_extend_and_steal(ds->unit_vectors, st->blocks);
    store_free(st);
  }
  g_free(threads);
  g_free(workers);
  g_free(work.done);
  g_cond_clear(&work.changed);
  g_mutex_clear(&work.lock);
  return all_ok;
}

/* ---- dataset ---- */

static void input_clear(gpointer data)
{
  g_free(((rd_input *)data)->path);
}

rd_dataset *rd_dataset_new(void)
{
  rd_dataset *ds = g_new0(rd_dataset, 1);
  ds->strings = g_string_chunk_new(1 << 16);
  ds->records = g_ptr_array_new();   /* records live in unit_vectors' blocks */
  ds->inputs = g_array_new(FALSE, TRUE, sizeof(rd_input));
  g_array_set_clear_func(ds->inputs, input_clear);
  ds->rejects = g_ptr_array_new_with_free_func(reject_free);
  ds->problems = g_ptr_array_new_with_free_func(problem_free);
  ds->seen_ids = g_hash_table_new(g_str_hash, g_str_equal);   /* unused: see store.id_slots */
  ds->id_origins = g_array_new(FALSE, FALSE, sizeof(id_origin));
  ds->unit_vectors = g_ptr_array_new_with_free_func(g_free);
  ds->store = store_new(ds->unit_vectors);
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
  store_free(ds->store);
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
