/* output.h — the one write policy of riskdoc, and the list of outputs summary.json reports.
 *
 * Files.  Every output is written to a temporary name in its own folder (created 0600 with
 * O_EXCL, so an existing file or symlink is never written through), checked to the end by
 * the writer, fsynced, renamed into place, and the folder fsynced. A failure leaves nothing
 * under the final name.
 *
 * Run folders.  A job's folder holds exactly one complete run: rd_run_dir_open takes a lock
 * beside the folder (a second concurrent run fails at once), removes what killed runs left,
 * and makes a fresh staging folder next to it; the job writes every output there; and
 * rd_run_dir_commit puts the staging folder in place in one step (renameat2 RENAME_EXCHANGE)
 * and removes the previous run. An existing folder is replaced only when it is empty or holds
 * a previous run (its summary.json and the files it lists, nothing else); its mode and group
 * are kept. A folder riskdoc creates is 0700, its files 0600. SIGINT, SIGTERM and SIGHUP
 * remove the staging folder and temporary files before the process dies.
 */
#ifndef RISKDOC_OUTPUT_H
#define RISKDOC_OUTPUT_H

#include <glib.h>

#define RD_OUTPUT_ERROR (rd_output_error_quark())
GQuark rd_output_error_quark(void);
typedef enum {
  RD_OUTPUT_ERROR_WRITE,    /* an OS error while writing (message names the file and errno) */
  RD_OUTPUT_ERROR_REFUSED,  /* the output folder holds files riskdoc did not write */
  RD_OUTPUT_ERROR_BUSY      /* another run holds the output folder */
} rd_output_error;

typedef struct rd_output {
  char *kind;     /* notice-pdf/-docx/-source, list-xlsx, unit-notice-pdf/-docx/-source,
                   * ledger-pdf/-source, rejects-csv */
  char *path;     /* relative to the output folder */
  int pages;      /* 0 when not paged */
  char *sha256;   /* hex */
} rd_output;

/* Once, at the start of main, before any thread exists: blocks SIGINT/SIGTERM/SIGHUP in every
 * thread and starts the thread that cleans up and then dies of the signal. */
void rd_output_install_signal_cleanup(void);

/* ---- single files ---------------------------------------------------------------------- */

/* Writes data to path (temporary file, checked writes, fsync, rename, folder fsync). */
gboolean rd_output_write(const char *path, const void *data, gsize length, GError **error);

/* For renderers that write a file themselves: a fresh, empty temporary file next to
 * final_path (0600). The renderer writes it completely and reports its own errors; then
 * rd_output_commit fsyncs and renames it into place, or rd_output_abandon removes it.
 * Until either, the file is removed if the process is interrupted, and it stays locked
 * (flock), so that one left by a kill -9 is told apart and removed (once an hour old) by the
 * next riskdoc that writes in the same folder. */
char *rd_output_temp_path(const char *final_path, GError **error);
gboolean rd_output_commit(const char *temp_path, const char *final_path, GError **error);
void rd_output_abandon(const char *temp_path);
/* A renderer names the temporary file it was given; the clerk knows the file by the name it
 * was to have: error's message (if any) with temp_path replaced by shown. */
void rd_output_name_in_error(GError *error, const char *temp_path, const char *shown);

/* Writes all of data to fd, retrying short writes and EINTR; FALSE with errno set. */
gboolean rd_write_all(int fd, const void *data, gsize length);

/* Creates a folder inside a run's staging folder (0700; fails if it exists). */
gboolean rd_output_mkdir(const char *path, GError **error);

/* ---- run folders ----------------------------------------------------------------------- */

typedef struct rd_run_dir rd_run_dir;

/* Locks final_dir's name, checks that it may be replaced, and creates the staging folder.
 * NULL with error: RD_OUTPUT_ERROR_BUSY, _REFUSED or _WRITE. */
rd_run_dir *rd_run_dir_open(const char *final_dir, GError **error);

/* Where the run's outputs are written until commit. */
const char *rd_run_dir_staging(const rd_run_dir *run);

/* Puts the staging folder in place of final_dir and removes the previous run. */
gboolean rd_run_dir_commit(rd_run_dir *run, GError **error);

/* Removes the staging folder unless committed, and releases the lock. NULL is ignored. */
void rd_run_dir_free(rd_run_dir *run);

/* ---- checksums, names, the outputs list ------------------------------------------------- */

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
