/* output.h — writing output files safely, and the list of outputs summary.json reports.
 *
 * Every output is written to a temporary name in its folder, created owner-only (0600), and
 * renamed into place only when complete, so a failure never leaves a half-written file.
 * Output folders are created 0700: ledgers name people.
 */
#ifndef RISKDOC_OUTPUT_H
#define RISKDOC_OUTPUT_H

#include <glib.h>

typedef struct rd_output {
  char *kind;     /* notice-pdf/-docx/-source, list-xlsx, unit-notice-pdf/-docx/-source,
                   * ledger-pdf/-source, rejects-csv */
  char *path;     /* relative to the output folder */
  int pages;      /* 0 when not paged */
  char *sha256;   /* hex */
} rd_output;

/* Creates dir (and parents) and makes dir itself 0700. */
gboolean rd_output_dir_prepare(const char *dir, GError **error);

/* Writes data to path atomically (temporary file, 0600, rename). */
gboolean rd_output_write(const char *path, const void *data, gsize length, GError **error);

/* For renderers that write a file themselves: a fresh temporary path next to final_path
 * (created 0600, empty); then rd_output_commit renames it into place, or rd_output_abandon
 * removes it. */
char *rd_output_temp_path(const char *final_path, GError **error);
gboolean rd_output_commit(const char *temp_path, const char *final_path, GError **error);
void rd_output_abandon(const char *temp_path);

/* SHA-256 of a file as lowercase hex, or NULL with error. */
char *rd_file_sha256(const char *path, GError **error);

/* A file name made from data (a unit or community name): no path separators, no control
 * characters, no leading dots, at most max_bytes bytes (cut on a character boundary); an
 * empty result becomes "_". */
char *rd_safe_filename(const char *name, gsize max_bytes);

/* Appends an output entry, computing its sha256 from dir/relative_path. */
gboolean rd_outputs_add(GArray *outputs, const char *dir, const char *kind,
                        const char *relative_path, int pages, GError **error);
GArray *rd_outputs_new(void);

#endif
