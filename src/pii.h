/* pii.h — masking personal data (--mask-pii), as docs/rules.md "Sensitive data" says: ID-card
 * numbers keep their first 6 and last 4 characters, mobile numbers lose their middle 4,
 * personal names keep the surname (姓 + *). Masking happens once, on the records and rejects,
 * before any document is made, so every output is masked alike. */
#ifndef RISKDOC_PII_H
#define RISKDOC_PII_H

#include <glib.h>
#include "ingest.h"

/* Masks every ID-card and mobile number inside free text; returns a new string. */
char *rd_mask_numbers(const char *text);

/* 张三 -> 张*, 欧阳娜娜 -> 欧阳**; several names separated by 、，, are masked one by one. */
char *rd_mask_names(const char *text);

/* Masks the dataset in place: numbers in every text field and reject cell, names in 责任人 and
 * 责任领导. */
void rd_dataset_mask_pii(rd_dataset *ds);

#endif
