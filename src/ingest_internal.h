/* ingest_internal.h — how the reader's parts fit together; nothing outside src/ingest*.c
 * includes it.
 *
 *   format readers   ingest_csv.c, ingest_xlsx.c, ingest_xls.c: bytes -> rows of cells, each
 *                    row with its place (line or sheet row), each cell in column order
 *   row stage        ingest_rows.c: the same rules for every format (title, header and
 *                    aliases, footer, normalisers, rejects); rows become items of a file_result
 *   store            ingest_store.c: the blocks records and their strings live in
 *   merge            ingest.c: in the order files were named, 编号 checked across files and
 *                    items appended to the dataset
 *   threads          ingest_threads.c: files parsed side by side, merged in order
 */
#ifndef RISKDOC_INGEST_INTERNAL_H
#define RISKDOC_INGEST_INTERNAL_H

#include <glib.h>
#include "ingest.h"

/* A cell longer than this is not a ledger entry but a broken export (a lost closing quote
 * that swallowed the rest of the file, a pasted document): the row is rejected. */
#define RD_MAX_CELL_BYTES 65536
/* How much of an over-long cell is kept in the rejects file. */
#define RD_REJECT_CELL_KEEP 200

/* ---- store (ingest_store.c) ---- */

/* Owner of what records point to: strings, records, support-unit vectors, carved one after
 * the other from large blocks that never move. One per dataset, and one per reader thread. */
typedef struct rd_ingest_store rd_store;

rd_store *rd_store_new(GPtrArray *blocks /* where blocks go, g_free'd by its owner */);
void rd_store_free(rd_store *st);   /* not the blocks */
GPtrArray *rd_store_blocks(rd_store *st);
rd_record *rd_store_record(rd_store *st);
const char *rd_store_copy(rd_store *st, const char *text);
const char *rd_store_intern(rd_store *st, const char *text);   /* kept once per store */
/* A NULL-terminated vector of interned units, shared with any equal one handed out before;
 * units has n entries and a NULL after them. */
const char **rd_store_vector(rd_store *st, const char *const *units, gsize n);

/* ---- what one file gave (ingest.c) ---- */

typedef enum { RD_ITEM_PROBLEM, RD_ITEM_RECORD, RD_ITEM_REJECT } rd_item_kind;

typedef struct {
  rd_item_kind kind;
  char severity;            /* problems */
  gboolean with_problem;    /* rejects: also list it for `check` */
  const char *sheet;        /* a workbook's sheet (in file_result.names), NULL for text */
  int line, column;         /* row start and the column the reason is about */
  char *message;            /* problem: message; reject: reason ("" when only a repeated 编号
                             * may still make it one); owned */
  rd_record *record;        /* records */
  guint n_cells;            /* rows: cells back to back in file_result.cells */
  gsize cells_at;
  gsize id_at;              /* rows: the 编号 in cells, G_MAXSIZE when not checked */
  int id_column;
  const char *community;    /* rows with an 编号: its community (store string) */
  guint id_hash;            /* rd_key_hash of community and 编号, on the reader thread */
} rd_item;

/* In file order, before 编号 are checked against other files. Touches no dataset. */
typedef struct {
  gboolean decoded;         /* FALSE: file unusable (error and its place) */
  gboolean io_error;        /* could not even be read: error->message is the whole problem */
  GError *error;
  const char *error_sheet;
  int error_line, error_column;
  const char *encoding;
  const char *format;       /* "csv", "xlsx", "xls" */
  const char *sheet;        /* the sheet read (in names), NULL for text */
  char **headers;           /* the file's header cells, NULL when no header */
  GArray *items;            /* rd_item */
  GString *cells;           /* rows' cells, each NUL-terminated */
  GStringChunk *names;      /* sheet names the items point to */
} rd_file_result;

rd_file_result *rd_file_result_new(void);
void rd_file_result_free(rd_file_result *res);
/* The file is unusable: records the error (Chinese) and its place. */
void rd_file_result_fail(rd_file_result *res, int code, const char *sheet, int line, int column,
                         const char *format, ...) G_GNUC_PRINTF(6, 7);
/* A problem of the file (not of a row), in order; message is taken. */
void rd_file_result_note(rd_file_result *res, const char *sheet, int line, int column,
                         char severity, char *message);
/* A sheet name kept as long as the result. */
const char *rd_file_result_name(rd_file_result *res, const char *sheet);

/* The key of an 编号 (community + U+001F + 编号) hashed without building it. */
guint rd_key_hash(const char *community, const char *id);

/* ---- the row stage (ingest_rows.c) ---- */

/* A format reader hands each row over cell by cell (empty cells included, in column order),
 * then ends it with the row's place. */
typedef struct rd_rows rd_rows;

rd_rows *rd_rows_new(rd_store *st, rd_file_result *res, const rd_ingest_config *cfg,
                     const char *name, const char *sheet);
void rd_rows_cell(rd_rows *rows, const char *data, size_t length);
/* The cell just added holds no usable value (e.g. a formula without its result): a data row
 * holding it is rejected with reason (taken), unless an earlier cell already was. */
void rd_rows_cell_unusable(rd_rows *rows, char *reason);
void rd_rows_end(rd_rows *rows, int line);
/* The cells added since the last row end never made a row (a quote never closed). */
void rd_rows_reject_open(rd_rows *rows, int line, char *reason);
void rd_rows_note(rd_rows *rows, int line, int column, char severity, char *message);
gboolean rd_rows_have_header(const rd_rows *rows);
/* A header was found and no required column is missing from it. */
gboolean rd_rows_header_complete(const rd_rows *rows);
/* The end of the rows: notes an empty or header-only input, hands the header to the result
 * and frees rows. */
void rd_rows_finish(rd_rows *rows);
/* Frees rows without finishing (the caller takes back what it added to the result). */
void rd_rows_free(rd_rows *rows);

/* ---- format readers ---- */

/* Each reads one file into res (setting decoded, encoding, format) or fails it. */
void rd_read_csv(rd_store *st, rd_file_result *res, const rd_ingest_config *cfg,
                 const char *name, const char *data, gsize length);
void rd_read_xlsx(rd_store *st, rd_file_result *res, const rd_ingest_config *cfg,
                  const char *name, const char *data, gsize length);
/* path: the file when it is one (libfreexl reads files only), else NULL and data is used. */
void rd_read_xls(rd_store *st, rd_file_result *res, const rd_ingest_config *cfg,
                 const char *name, const char *path, const char *data, gsize length);

/* What the readers of workbooks share (ingest_sheets.c). */
typedef struct {
  char *name;
  gboolean hidden;
} rd_sheet_info;

/* The text of a number cell: a date ("2024-05-20") when its format is one (date1904: the
 * workbook counts from 1904), else the shortest form that reads back the same. g_free it. */
char *rd_number_text(double value, gboolean is_date, gboolean date1904);
/* Whether an Excel number format (built-in id, or its code when custom) shows a date. */
gboolean rd_number_format_is_date(int id, const char *code);

/* Reading a workbook's sheets with the row stage: the chosen one (--sheet), or the first
 * visible one whose header matches. read_sheet(rows, i, user) streams sheet i into rows, and
 * stops early (returning TRUE) when probe and rd_rows_have_header becomes TRUE with
 * rd_rows_header_complete FALSE; it returns FALSE after failing res. */
typedef gboolean (*rd_sheet_reader)(rd_rows *rows, guint sheet, gboolean probe, void *user);
void rd_read_sheets(rd_store *st, rd_file_result *res, const rd_ingest_config *cfg,
                    const char *name, const rd_sheet_info *sheets, guint n_sheets,
                    rd_sheet_reader read_sheet, void *user);

/* ---- one file ---- */

rd_file_result *rd_parse_buffer(rd_store *st, const rd_ingest_config *cfg, const char *name,
                                const char *data, gsize length);
rd_file_result *rd_parse_file(rd_store *st, const rd_ingest_config *cfg, const char *path);
gboolean rd_merge_result(rd_dataset *ds, rd_file_result *res, const char *name, GError **error);

#endif
