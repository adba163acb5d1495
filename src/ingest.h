/* ingest.h — reads community ledgers (CSV exports, .xlsx and .xls workbooks) into a dataset
 * of normalised records and rejects.
 *
 * Promise: every data row of every file read ends up either in `records` or in `rejects`
 * with a reason a clerk understands (rows read = used + rejected, per file and in total;
 * rd_dataset_check_balance() verifies it). Title rows, blank rows and 填报人/负责人 footer rows
 * are not data and are not counted. The format is decided by content (zip: xlsx, OLE: xls,
 * else text); text encodings: UTF-8 (with or without BOM) and GB18030/GBK, decided per file.
 * Every place is a file and line/column, or for a workbook its sheet and cell. Knows nothing
 * of documents, fonts or the XLSX lists riskdoc writes.
 */
#ifndef RISKDOC_INGEST_H
#define RISKDOC_INGEST_H

#include <glib.h>
#include "record.h"
#include "columns.h"
#include "taxonomy.h"
#include "normalise.h"

#define RD_INGEST_ERROR (rd_ingest_error_quark())
GQuark rd_ingest_error_quark(void);
typedef enum {
  RD_INGEST_ERROR_IO,        /* cannot open or read */
  RD_INGEST_ERROR_ENCODING,  /* neither UTF-8 nor GB18030 */
  RD_INGEST_ERROR_EMPTY,     /* no header row at all */
  RD_INGEST_ERROR_HEADER,    /* a required column is missing */
  RD_INGEST_ERROR_FORMAT,    /* a workbook that cannot be read (damaged, encrypted, HTML…) */
} rd_ingest_error;

typedef struct rd_ingest_config {
  const rd_columns *columns;
  const rd_taxonomy *taxonomy;
  const rd_valuemap *levels;
  const rd_valuemap *statuses;
  const char *sheet;         /* --sheet: the worksheet to read in workbooks, NULL = the first
                              * visible one whose header matches */
} rd_ingest_config;

/* Per input file, for summary.json inputs[]. */
typedef struct rd_input {
  char *path;
  const char *encoding;  /* "UTF-8", "UTF-8-BOM" or "GB18030"; a workbook's text encoding */
  const char *format;    /* "csv", "xlsx" or "xls" */
  char *sheet;           /* the worksheet read, NULL for CSV */
  int read, used, rejected;
} rd_input;

/* A row that was not used. cells are the row's cells as read (after decoding), headers[i]
 * names cells[i] (the file's own header text; a name repeated in one file numbered, 备注(2)). */
typedef struct rd_reject {
  const char *source;
  const char *sheet;     /* worksheet for workbooks, NULL for CSV */
  int line;              /* physical line of the row's start; a workbook's row number */
  int column;            /* 1-based column the reason is about, 0 when the whole row */
  char *reason;          /* Chinese, e.g. 风险类别“外星入侵”不在分类表中 */
  char **headers;        /* NULL-terminated, owned */
  char **cells;          /* NULL-terminated, owned */
} rd_reject;

/* Something to tell the user, in the order found. severity: 'E' error (file unusable),
 * 'R' row rejected, 'W' warning (e.g. header-only file). */
typedef struct rd_problem {
  const char *source;
  const char *sheet;     /* worksheet for workbooks, NULL for CSV and whole files */
  int line, column;      /* 0 when not applicable */
  char severity;
  char *message;
} rd_problem;

typedef struct rd_dataset {
  GStringChunk *strings;   /* for strings added to records later (e.g. masked texts); the
                            * ones read are kept in unit_vectors' blocks */
  GPtrArray *records;      /* rd_record*, in input order */
  GArray *inputs;          /* rd_input */
  GPtrArray *rejects;      /* rd_reject* */
  GPtrArray *problems;     /* rd_problem* */
  GPtrArray *unit_vectors; /* blocks holding the records, their strings and support_units */
  int read, used, rejected;
  int file_errors;         /* files that could not be read at all */
  struct rd_ingest_store *store; /* ingest_store.c's allocator behind unit_vectors */
  struct rd_ingest_ids *ids;     /* 编号 seen so far, where first (ingest.c) */
} rd_dataset;

rd_dataset *rd_dataset_new(void);
void rd_dataset_free(rd_dataset *ds);

/* Reads one file. Returns FALSE (error set, a problem recorded) when the file as a whole is
 * unusable; its rows are then rejected when they can be told apart (missing column), or the
 * file is counted in file_errors (encoding, I/O, empty). */
gboolean rd_ingest_file(rd_dataset *ds, const rd_ingest_config *cfg, const char *path,
                        GError **error);

/* The same over a buffer already in memory (name stands for the path in messages); the
 * fuzzer and unit tests use it. */
gboolean rd_ingest_buffer(rd_dataset *ds, const rd_ingest_config *cfg, const char *name,
                          const char *data, gsize length, GError **error);

/* Expands INPUT arguments: files as given, directories to their *.csv, *.xlsx and *.xls files
 * in sorted order.
 * Returns a NULL-terminated vector (g_strfreev) or NULL with error. */
char **rd_expand_inputs(const char *const *args, GError **error);

/* Reads every file of paths; stops at nothing, records problems. progress may be NULL; it is
 * called after each file with (done, total). Returns FALSE when any file was unusable.
 * Files are parsed on up to rd_ingest_threads() threads and merged in the order of paths, so
 * the dataset (records, rejects, problems and their order) is the same as read one by one. */
gboolean rd_ingest_paths(rd_dataset *ds, const rd_ingest_config *cfg, char **paths,
                         void (*progress)(int done, int total, void *user), void *user);

/* Threads rd_ingest_paths uses: RISKDOC_INGEST_THREADS when set (1 = no threads), else the
 * number of processors, at most 8. */
int rd_ingest_threads(void);

/* Where a problem is, as the user finds it: "FILE:LINE:COLUMN" for text files,
 * "FILE:SHEET!D12" for a cell of a workbook ("SHEET!12:12" a whole row, "SHEET" the sheet).
 * g_free the result. */
char *rd_problem_location(const rd_problem *p);

/* A cell's name as a spreadsheet shows it: row 12, column 4 -> "D12". g_free it. */
char *rd_cell_name(int row, int column);

/* Verifies rows read = used + rejected per file and overall; FALSE (and a message) if not. */
gboolean rd_dataset_check_balance(const rd_dataset *ds, GError **error);

#endif
