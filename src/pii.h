/* pii.h — masking personal data (--mask-pii), the one place that decides what is masked.
 *
 * Rules (domain.md "Sensitive data", README "Masking"):
 * - ID-card numbers, 18 characters (17 digits + digit or X) or the old 15 digits, also written
 *   in groups (6-8-4 or 6-4-4-4, 6-6-3) with spaces or hyphens: first 6 and last 4 kept;
 * - mobile numbers (11 digits from 13x to 19x), also as 3-4-4 groups with spaces or hyphens,
 *   after +86 / 86 / (+86) / 0086: the middle 4 hidden;
 * - landlines 区号-号码 (0 + 2 or 3 digits, then 7 or 8 digits; the area code in brackets or
 *   followed by a space, a hyphen or nothing): all but the last 4 digits of the number hidden;
 *   full-width digits (１３９…) count as digits everywhere;
 * - personal names: the 责任人 and 责任领导 fields become 姓 + * (欧阳娜娜 -> 欧阳**), and each
 *   name found there (in any row, used or rejected) is masked the same way wherever it
 *   appears in any text of the dataset (具体情况, 备注, unit and community names, rejects).
 * Masking happens once, on the records and rejects, before anything is aggregated or written,
 * so every output (documents, file names, rejects.csv, summary.json) is masked alike. */
#ifndef RISKDOC_PII_H
#define RISKDOC_PII_H

#include <glib.h>
#include "columns.h"
#include "ingest.h"

/* Masks every ID-card, mobile and landline number inside free text; returns a new string. */
char *rd_mask_numbers(const char *text);

/* A 责任人 / 责任领导 field: 张三 -> 张*, 欧阳娜娜 -> 欧阳**; several names separated by
 * 、，,;/ or spaces are masked one by one. Returns a new string. */
char *rd_mask_names(const char *text);

/* The names found in 责任人 / 责任领导 fields, to be masked wherever they appear. */
typedef struct rd_name_set rd_name_set;
rd_name_set *rd_name_set_new(void);
void rd_name_set_free(rd_name_set *set);
/* Adds the names of one 责任人 / 责任领导 field: each part of 2 to 4 Chinese characters (up to
 * 10 with a middle dot, 阿卜杜·艾尼) that does not look like a unit (…中心, …社区, …办). */
void rd_name_set_add_field(rd_name_set *set, const char *field);
/* Masks every name of the set inside text, longest first; returns a new string. */
char *rd_name_set_mask(const rd_name_set *set, const char *text);

/* Masks the dataset in place: numbers and names in every text of every record and reject
 * (cells, headers and reasons). columns tells which reject cells are 责任人 / 责任领导. */
void rd_dataset_mask_pii(rd_dataset *ds, const rd_columns *columns);

#endif
