/* record.h — one normalised ledger row, the unit everything after ingest works on.
 *
 * Ingest turns each CSV data row into an rd_record (or a reject, see ingest.h). Later stages
 * (aggregate, documents, XLSX) read records and never see CSV, encodings or header aliases.
 * All strings are UTF-8 and owned by the dataset (see rd_dataset in ingest.h): never free them one by one.
 */
#ifndef RISKDOC_RECORD_H
#define RISKDOC_RECORD_H

#include <glib.h>

typedef enum { RD_LEVEL_HIGH = 0, RD_LEVEL_MEDIUM = 1, RD_LEVEL_LOW = 2, RD_LEVEL_COUNT = 3 } rd_level;

/* 化解状态. Resolved = RESOLVED or CLOSED (已化解 / 已销号). */
typedef enum {
  RD_STATUS_OPEN = 0,        /* 未化解 */
  RD_STATUS_IN_PROGRESS = 1, /* 化解中 / 稳控中 */
  RD_STATUS_RESOLVED = 2,    /* 已化解 */
  RD_STATUS_CLOSED = 3,      /* 已销号 */
  RD_STATUS_COUNT = 4
} rd_status;

/* A calendar day as a GDate Julian day number (1 = 0001-01-01); 0 means "no date". */
typedef guint32 rd_day;

typedef struct rd_record {
  /* Pointers first, then the 4-byte fields: no padding holes (a million records are kept). */
  const char *source;   /* input file path as the user named it */
  const char *id;          /* 编号 */
  const char *community;   /* 社区: the column, or the file name without extension */
  const char *grid;        /* 网格, "" when absent */
  const char *category_text;   /* as written in the ledger, for display */
  const char *subcategory;     /* 风险子类 */
  const char *title;       /* 风险隐患 */
  const char *detail;      /* 具体情况 */
  const char *level_text;  /* as written (e.g. 橙色) */
  const char *lead_unit;   /* first unit of 责任单位 */
  const char **support_units; /* NULL-terminated: other 责任单位 units, then 配合单位 units;
                               * rows naming the same units may share one vector */
  const char *leader;      /* 责任领导 */
  const char *person;      /* 责任人 */
  const char *measures;    /* 化解措施 */
  const char *people_text;
  const char *status_text; /* as written */
  const char *note;        /* 备注 */
  int line;             /* physical line (1-based) where the row starts in that file */
  int category;            /* index into the taxonomy (its document order) */
  rd_level level;
  int n_support_units;
  int people;              /* 涉及人数, -1 when empty */
  rd_day found;            /* 排查日期 (required) */
  rd_day deadline;         /* 完成时限, 0 when empty */
  rd_day closed;           /* 销号日期, 0 when empty */
  rd_status status;
} rd_record;

static inline gboolean rd_record_is_resolved(const rd_record *r)
{
  return r->status == RD_STATUS_RESOLVED || r->status == RD_STATUS_CLOSED;
}

/* Overdue: open and its deadline is before the report date. */
static inline gboolean rd_record_is_overdue(const rd_record *r, rd_day report_date)
{
  return !rd_record_is_resolved(r) && r->deadline != 0 && r->deadline < report_date;
}

const char *rd_level_name(rd_level level);   /* 高 / 中 / 低 */
const char *rd_status_name(rd_status status); /* 未化解 / 化解中 / 已化解 / 已销号 */

/* Day helpers. rd_day_from_ymd returns 0 for an invalid date. */
rd_day rd_day_from_ymd(int year, int month, int day);
void rd_day_to_ymd(rd_day day, int *year, int *month, int *mday);
/* "2024-05-20"; buf must hold 11 bytes. Returns buf ("" for day 0). */
char *rd_day_format_iso(rd_day day, char buf[11]);
/* "2024年5月20日" (GB/T 9704 成文日期 style); buf must hold 32 bytes. */
char *rd_day_format_cn(rd_day day, char buf[32]);
/* Parse "YYYY-MM-DD" strictly (command-line dates). Returns 0 when invalid. */
rd_day rd_day_parse_iso(const char *text);

#endif
