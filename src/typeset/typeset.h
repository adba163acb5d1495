/* typeset.h — the GB/T 9704 typesetting engine: a document model, its plain-text format
 * (docs/typeset.md) and a PDF renderer measured against the numbers of docs/gbt9704.md.
 *
 * Typical use (one typesetter per thread; documents are independent values):
 *
 *   rd_typesetter *ts = rd_typesetter_new(datadir, fonts_dir, &error);
 *   rd_document *doc = rd_document_parse(text, -1, "notice.txt", &error);
 *   rd_document_set_field(doc, "发文字号", number, &error);   // optional
 *   rd_typesetter_render_pdf(ts, doc, "notice.pdf", &pages, &error);
 *   rd_document_free(doc);
 *   rd_typesetter_free(ts);
 *
 * Thread safety: a typesetter owns its fontconfig configuration, font map and Pango context;
 * different typesetters may be used concurrently from different threads; one typesetter must
 * not be used by two threads at once. Documents are read-only while rendering.
 */
#ifndef RISKDOC_TYPESET_H
#define RISKDOC_TYPESET_H

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RD_TYPESET_ERROR (rd_typeset_error_quark())
GQuark rd_typeset_error_quark(void);
typedef enum {
  RD_TYPESET_ERROR_PARSE,   /* the document text is malformed: message is NAME:LINE:COLUMN: … */
  RD_TYPESET_ERROR_FONT,    /* no font at all for a role */
  RD_TYPESET_ERROR_IO,      /* writing the PDF or reading the seal failed */
  RD_TYPESET_ERROR_LAYOUT   /* the document cannot be laid out (e.g. a table row taller than a page) */
} rd_typeset_error;

/* ---- The document model ---------------------------------------------------------------- */

typedef struct rd_document rd_document;

/* Parses the plain-text document format. length may be -1 (NUL-terminated). name is used in
 * error messages ("name:line:column: message"). Returns NULL and sets error on failure. */
rd_document *rd_document_parse(const char *text, gssize length, const char *name, GError **error);

/* Sets a front-matter field by its key in the format ("标题", "成文日期", …) as if written in
 * the document; returns FALSE (and sets error) for an unknown key or a bad value. */
gboolean rd_document_set_field(rd_document *doc, const char *key, const char *value, GError **error);

/* A front-matter field as the document holds it now, by the keys rd_document_set_field takes
 * for 发文机关标志 (the first), 发文字号, 主送, 署名, 成文日期 (as 2024年5月20日), 印章,
 * 印发机关, 抄送, 作者, 双面印刷 and 版头 (是/否); NULL when unset (or another key). Owned by
 * the document. */
const char *rd_document_get_field(const rd_document *doc, const char *key);

/* The year of 成文日期; 0 when the document has none. */
int rd_document_year(const rd_document *doc);

/* The document's title as one line (for file names and metadata); owned by the document. */
const char *rd_document_title(const rd_document *doc);

void rd_document_free(rd_document *doc);

/* Escapes arbitrary data text so that it can be inserted anywhere in a document line (body
 * text, a table cell, a front-matter value) and comes out printed as is: \ | # @ - { } get a
 * backslash, line breaks and tabs become spaces, other control characters are dropped.
 * This is the Mustache escaper of the data jobs. Returns a new string. */
char *rd_document_escape_text(const char *text);

/* Like rd_document_escape_text, and marks the text as a name that a line break must not cut
 * (a community or unit name in a title): returns "{escaped}". */
char *rd_document_escape_name(const char *text);

/* ---- The typesetter -------------------------------------------------------------------- */

typedef struct rd_typesetter rd_typesetter;

/* The font roles of the standard. */
typedef enum {
  RD_ROLE_XIAOBIAOSONG,  /* 小标宋: 标题, 发文机关标志 */
  RD_ROLE_FANGSONG,      /* 仿宋: 正文 */
  RD_ROLE_HEITI,         /* 黑体: level-1 headings, 附件N, 密级 */
  RD_ROLE_KAITI,         /* 楷体: level-2 headings, 签发人 names */
  RD_ROLE_SONGTI,        /* 宋体: page numbers */
  RD_ROLE_LATIN,         /* Latin letters and digits inside Chinese text */
  RD_ROLE_COUNT
} rd_font_role;

typedef struct rd_font_choice {
  const char *role;       /* "小标宋", "仿宋", … */
  const char *wanted;     /* the first (licensed) name of the role's preference list */
  const char *family;     /* the family that serves the role */
  const char *style;      /* its style ("Bold", "Regular") */
  const char *file;       /* its font file */
  gboolean substitute;    /* TRUE when family is not one of the licensed names */
} rd_font_choice;

/* Once per process, before the first typesetter, in programs that render PDFs: makes glibc
 * keep big blocks on the heap and back 64 MB of it with huge pages, because cairo copies each
 * CJK font's whole CFF table (15-25 MB) twice when embedding it, and faulting fresh 4 KB
 * pages for those copies was 60 % of a cold start (0.46 s -> 0.19 s for 8 pages). Process-
 * wide (freed heap memory up to 128 MB is kept), so the program calls it, not the library;
 * a no-op under AddressSanitizer and outside glibc. */
void rd_typeset_tune_allocator(void);

/* Loads the fonts: a private fontconfig configuration (the system's fonts plus
 * datadir/fonts and extra_fonts_dir, either may be NULL or missing) so that licensed fonts
 * dropped into those folders win. Fails only when a role has no font at all. */
rd_typesetter *rd_typesetter_new(const char *datadir, const char *extra_fonts_dir, GError **error);

/* The font serving each role (RD_ROLE_COUNT entries, owned by the typesetter). */
const rd_font_choice *rd_typesetter_fonts(rd_typesetter *ts);

/* A human-readable report, one line per role, saying which substitution was made. */
char *rd_typesetter_font_report(rd_typesetter *ts);

/* Every font face actually drawn with since the typesetter was made (fallbacks included), as
 * a JSON array of {"role", "family", "style", "file"} for summary.json. New reference. */
JsonNode *rd_typesetter_fonts_json(rd_typesetter *ts);

/* The characters no font could draw in everything rendered so far (UTF-8, each character
 * once, in order of first appearance; empty string when none). Owned by the typesetter. */
const char *rd_typesetter_missing_chars(rd_typesetter *ts);

/* Progress of long documents: fn(pages drawn so far, user) after each page of every
 * document rendered with ts (from the rendering thread). fn NULL turns it off. */
typedef void (*rd_typeset_progress_fn)(int pages_drawn, void *user);
void rd_typesetter_set_progress(rd_typesetter *ts, rd_typeset_progress_fn fn, void *user);

/* Lays out and writes the document as PDF to exactly pdf_path (created 0600, or truncated),
 * every write checked: a temporary name and renaming are the caller's policy (output.h).
 * pages_out (may be NULL) receives the page count. The same document and fonts give the same
 * bytes: the PDF's dates are taken from the document's 成文日期, never the clock. */
gboolean rd_typesetter_render_pdf(rd_typesetter *ts, const rd_document *doc, const char *pdf_path,
                                  int *pages_out, GError **error);

/* Where a PDF's layout put the 版记, handed to the DOCX of the same document so that the DOCX
 * (which places its 版记 where the PDF does) need not lay the document out again, on the
 * same typesetter or on another thread's. A typesetter given a slot publishes into it when
 * it lays out a PDF, and reads from it when it makes a DOCX of the same document, waiting
 * until the place is published or the slot is closed (then it lays the document out itself).
 * Whoever renders the PDF closes the slot when that is done, whether or not it succeeded. */
typedef struct rd_banji_slot rd_banji_slot;
rd_banji_slot *rd_banji_slot_new(void);
void rd_banji_slot_close(rd_banji_slot *slot);
void rd_banji_slot_free(rd_banji_slot *slot);
/* slot NULL: none (the DOCX lays the document out to find its 版记). */
void rd_typesetter_set_banji_slot(rd_typesetter *ts, rd_banji_slot *slot);

void rd_typesetter_free(rd_typesetter *ts);

G_END_DECLS

#endif
