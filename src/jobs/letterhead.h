/* letterhead.h — what the office profile puts into a document: the 版头, 署名 and 版记 fields
 * a document (a template's output, or a file given to `typeset`) leaves out. The typesetter
 * knows documents only; joining them to the office's facts is the jobs' business. */
#ifndef RISKDOC_LETTERHEAD_H
#define RISKDOC_LETTERHEAD_H

#include "profile.h"
#include "typeset/typeset.h"

/* Fills from the office profile: 发文机关标志 (issuer_mark), 发文字号 (rd_profile_doc_number
 * with the 成文日期's year and next_number), 主送 (main_recipients), 署名 (signature), 印章
 * (seal_image), 印发机关 (printer), 抄送 (cc_recipients), the double-sided switch and the PDF
 * author. Fields the document sets always win; a plain document (版头: 否) gets the author
 * only. profile may be NULL (nothing is filled). */
void rd_document_apply_profile(rd_document *doc, const rd_profile *profile);

#endif
