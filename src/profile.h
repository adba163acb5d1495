/* profile.h — the office profile (--config): the issuing office's fixed facts and settings.
 *
 * A GLib key file; templates/office.example.ini documents every key. Missing optional keys get
 * the defaults of domain.md. Strings are UTF-8 and owned by the profile.
 */
#ifndef RISKDOC_PROFILE_H
#define RISKDOC_PROFILE_H

#include <glib.h>
#include "normalise.h"

typedef struct rd_scoring {
  int weight[3];        /* open 高 / 中 / 低 */
  int overdue_weight;   /* per overdue item */
} rd_scoring;

/* Paper of the printed XLSX lists ([xlsx] paper). */
typedef enum { RD_PAPER_A4, RD_PAPER_A3 } rd_paper;

typedef struct rd_profile {
  char *path;
  /* [office] */
  char *office_name;        /* 发文机关全称 */
  char *office_short;       /* short name, used in titles (全福街道) */
  char *issuer_mark;        /* 发文机关标志, e.g. …办事处文件 */
  char *signature;          /* 署名 */
  char *seal_image;         /* optional PNG, absolute or relative to the profile; NULL when none */
  char *printer;            /* 印发机关 */
  /* [numbering] 发文字号 = prefix〔year〕number号 */
  char *doc_number_prefix;
  int doc_number_next;
  /* [recipients] */
  char *main_recipients;    /* 主送机关 */
  char *cc_recipients;      /* 抄送机关, NULL when none */
  /* [data] */
  char *taxonomy;           /* preset id, see taxonomy.h */
  rd_valuemap *levels;
  rd_valuemap *statuses;
  rd_scoring scoring;
  double target_high;       /* 化解率 target for 高, 0..1 */
  double target_medium_low; /* for 中 and 低 together */
  /* [print] */
  gboolean double_sided;    /* 版记 on an even page */
  /* [xlsx] */
  char *xlsx_cell_font;
  char *xlsx_title_font;
  rd_paper xlsx_paper;      /* A4: the meeting columns print; A3: every column prints */
  GKeyFile *keyfile;        /* the whole file, for sections other modules read */
} rd_profile;

/* Loads a profile. path may be NULL: then every default applies and the office fields are
 * empty strings. Errors name the file and the key. */
rd_profile *rd_profile_load(const char *path, GError **error);

/* The same from a profile's text in memory; name stands for its path in messages and is
 * the folder a relative seal_image is resolved against. The fuzzer and tests use it. */
rd_profile *rd_profile_load_data(const char *data, gsize length, const char *name, GError **error);
void rd_profile_free(rd_profile *profile);

#endif
