/* notice_event.h — the pre-event responsibility list notice (关于印发《…责任清单》的通知, seed 003)
 * and the per-unit 交办单, as PDFs.
 *
 * C builds a JSON "view" of the open risks (categories in taxonomy order, items numbered
 * continuously, each with its responsible units); templates/event/notice.mustache and
 * templates/event/unit.mustache hold every word of the documents. */
#ifndef RISKDOC_NOTICE_EVENT_H
#define RISKDOC_NOTICE_EVENT_H

#include "job.h"

struct rd_typesetter;

/* The open rows in document order: category (taxonomy order), level (high first), community,
 * source file, line. The array does not own the rows. */
GPtrArray *rd_event_open_rows(const rd_job *job);

/* The view notice.mustache renders over (new reference): the job's facts plus main_recipients,
 * count and categories[] {display, items[] {number, title, detail, units}}. */
JsonNode *rd_event_notice_view(const rd_job *job, const GPtrArray *open_rows);

/* Typesets the notice with ts and records it as notice-pdf / notice-docx / notice-source
 * (file name: templates/documents.ini [event] notice_file). */
gboolean rd_event_write_notice(rd_job *job, struct rd_typesetter *ts, GError **error);

/* One 交办单 per responsible unit with open risks, into [event] unit_dir/<safe unit>.pdf,
 * rendered by job->opt.jobs worker threads (0: one per processor), each with its own
 * typesetter. Outputs are recorded as unit-notice-pdf / -docx / -source sorted by unit
 * name. */
gboolean rd_event_write_unit_notices(rd_job *job, GError **error);

#endif
