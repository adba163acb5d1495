/* ingest_csv.c — text ledgers: the encoding decided per file, then fed to libcsv one
 * physical line at a time so that every row knows the line it starts on, as an editor shows
 * it (lines end with LF or CRLF, or with a lone CR in files that use only that). */
#include <string.h>
#include <csv.h>
#include "ingest_internal.h"

/* The place of byte offset in data as messages give it: the physical line, and the CSV column
 * (1 = column A) of the cell holding that byte. Quotes are followed as libcsv does (a quote
 * at the start of a cell opens it; inside, "" is a quote). */
static void text_place(const char *data, gsize offset, int *line, int *column)
{
  int l = 1, c = 1;
  gboolean quoted = FALSE, cell_start = TRUE;
  for (gsize i = 0; i < offset; i++) {
    char ch = data[i];
    gboolean line_end = ch == '\n' || (ch == '\r' && (i + 1 >= offset || data[i + 1] != '\n'));
    if (line_end)
      l++;
    if (ch == '"' && (quoted || cell_start)) {
      quoted = !quoted;
      cell_start = FALSE;
    } else if (!quoted && ch == ',') {
      c++;
      cell_start = TRUE;
    } else if (!quoted && (ch == '\n' || ch == '\r')) {
      c = 1;
      cell_start = TRUE;
    } else if (ch != ' ' && ch != '\t') {
      cell_start = FALSE;
    }
  }
  *line = l;
  *column = c;
}

/* TRUE when data is UTF-8 without NUL bytes: exactly what g_utf8_validate_len accepts
 * (shortest forms, no surrogates, nothing above U+10FFFF), but runs of ASCII go eight bytes
 * at a time. test_ingest_parallel checks it against GLib's. */
static gboolean utf8_valid(const char *data, gsize length)
{
  const guchar *p = (const guchar *)data, *end = p + length;
  while (p < end) {
    while (end - p >= 8) {
      guint64 w;
      memcpy(&w, p, sizeof w);
      if (w & 0x8080808080808080ULL)
        break;
      if ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL)
        return FALSE;   /* a NUL byte */
      p += 8;
    }
    if (p >= end)
      break;
    guchar c = *p;
    if (c < 0x80) {
      if (!c)
        return FALSE;
      p++;
    } else if (c < 0xC2) {
      return FALSE;   /* continuation byte or overlong 2-byte form */
    } else if (c < 0xE0) {
      if (end - p < 2 || (p[1] & 0xC0) != 0x80)
        return FALSE;
      p += 2;
    } else if (c < 0xF0) {
      if (end - p < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
          (c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F))
        return FALSE;   /* truncated, overlong, or a surrogate */
      p += 3;
    } else {
      if (c > 0xF4 || end - p < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
          (p[3] & 0xC0) != 0x80 || (c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F))
        return FALSE;
      p += 4;
    }
  }
  return TRUE;
}

/* Scans data as UTF-8, treating NUL as valid. Returns the number of invalid spots and the
 * offset of the first; counts multi-byte (3/4-byte) sequences, the mark of Chinese UTF-8.
 * exact_counts FALSE: may stop early, once too few bytes are left for the file to count as
 * damaged UTF-8 (multibyte >= 8 * invalid) — then it is GBK, and the counts do not matter. */
static gsize scan_utf8(const char *data, gsize length, gboolean exact_counts,
                       gsize *first_invalid, gsize *multibyte)
{
  gsize invalid = 0;
  const char *p = data, *end = data + length;
  *multibyte = 0;
  *first_invalid = length;
  while (p < end) {
    unsigned char c = (unsigned char)*p;
    if (c < 0x80) {
      p++;
      continue;
    }
    const char *stop;
    gsize n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if ((gsize)(end - p) >= n && g_utf8_validate(p, (gssize)n, &stop)) {
      if (n >= 3)
        (*multibyte)++;
      p += n;
      continue;
    }
    if (!invalid)
      *first_invalid = (gsize)(p - data);
    invalid++;
    p++;
    /* every multi-byte sequence still to come takes at least three bytes */
    if (!exact_counts && *multibyte + (gsize)(end - p) / 3 < 8 * invalid)
      break;
  }
  return invalid;
}

/* GB18030 through a table of its two-byte characters, each converted once by the same iconv
 * converter g_convert uses (it is stateless, so a character converts alone as in a text):
 * several times faster than iconv over the file. */
typedef struct {
  guint8 length;            /* 0: not a two-byte character here */
  char utf8[7];
} gb_char;

#define GB_LEADS 126        /* 0x81..0xFE */
#define GB_TRAILS 192       /* 0x40..0xFF, some unused */

static gpointer gb_table_build(gpointer unused)
{
  (void)unused;
  GIConv cd = g_iconv_open("UTF-8", "GB18030");
  if (cd == (GIConv)-1)
    return NULL;
  gb_char *table = g_new0(gb_char, GB_LEADS * GB_TRAILS);
  for (int lead = 0x81; lead <= 0xFE; lead++)
    for (int trail = 0x40; trail <= 0xFE; trail++) {
      if (trail == 0x7F)
        continue;
      char in[2] = { (char)lead, (char)trail }, out[8];
      gchar *ip = in, *op = out;
      gsize in_left = sizeof in, out_left = sizeof out;
      gb_char *c = &table[(lead - 0x81) * GB_TRAILS + (trail - 0x40)];
      if (g_iconv(cd, &ip, &in_left, &op, &out_left) != (gsize)-1 && in_left == 0 &&
          op - out <= (gssize)sizeof c->utf8) {
        c->length = (guint8)(op - out);
        memcpy(c->utf8, out, c->length);
      }
      g_iconv(cd, NULL, NULL, NULL, NULL);
    }
  g_iconv_close(cd);
  return table;   /* kept for the life of the process */
}

/* data as UTF-8 (NUL-terminated, *out_length bytes) when it holds only ASCII and two-byte
 * characters; NULL otherwise (four-byte characters, anything invalid): then g_convert decides,
 * and reports errors, as before. */
static char *gb18030_two_byte(const char *data, gsize length, gsize *out_length)
{
  static GOnce once = G_ONCE_INIT;
  const gb_char *table = g_once(&once, gb_table_build, NULL);
  if (!table)
    return NULL;
  /* a two-byte character becomes at most 4 bytes (table entries are checked at 7) */
  char *out = g_malloc(length * 4 + 8), *o = out;
  const guchar *p = (const guchar *)data, *end = p + length;
  while (p < end) {
    if (*p < 0x80) {
      *o++ = (char)*p++;
      continue;
    }
    if (end - p < 2 || *p < 0x81 || *p > 0xFE || p[1] < 0x40 || p[1] > 0xFE) {
      g_free(out);
      return NULL;
    }
    const gb_char *c = &table[(p[0] - 0x81) * GB_TRAILS + (p[1] - 0x40)];
    if (!c->length) {
      g_free(out);
      return NULL;
    }
    memcpy(o, c->utf8, sizeof c->utf8);
    o += c->length;
    p += 2;
  }
  *o = '\0';
  *out_length = (gsize)(o - out);
  return out;
}

/* A file that is a quarter or more NUL bytes is no text at all (a file of zeros left by a
 * failed copy, UTF-16 without its BOM): an encoding error, not an empty ledger. A NUL here
 * and there is kept and rejects its row. */
static gboolean mostly_nul(const char *data, gsize length, int *err_line, int *err_column,
                           GError **error)
{
  gsize nul = 0;
  const char *first = memchr(data, '\0', length);
  if (!first)
    return FALSE;
  for (const char *p = first; p < data + length; p++)
    nul += *p == '\0';
  if (nul * 4 < length)
    return FALSE;
  text_place(data, (gsize)(first - data), err_line, err_column);
  g_set_error(error, RD_INGEST_ERROR, RD_INGEST_ERROR_ENCODING,
              nul == length ? "文件内容全是空字符（NUL，共 %" G_GSIZE_FORMAT " 字节），不是台账：文件可能已损坏或未下载完整，请重新导出"
                            : "文件中有 %" G_GSIZE_FORMAT " 个空字符（NUL），不是 UTF-8 或 GB18030 文本（可能是没有 BOM 的 UTF-16）：请在 Excel 中另存为“CSV UTF-8”",
              nul);
  return TRUE;
}

/* Decides the encoding; on success *text is UTF-8 (maybe pointing into data, maybe a new
 * buffer in *owned) without a BOM. */
static gboolean decode(const char *data, gsize length, const char **encoding, const char **text,
                       gsize *text_length, char **owned, int *err_line, int *err_column,
                       GError **error)
{
  *owned = NULL;
  *err_line = 1;
  *err_column = 1;
  if (length >= 2 && (((guchar)data[0] == 0xFF && (guchar)data[1] == 0xFE) ||
                      ((guchar)data[0] == 0xFE && (guchar)data[1] == 0xFF))) {
    g_set_error(error, RD_INGEST_ERROR, RD_INGEST_ERROR_ENCODING,
                "文件是 UTF-16 编码，请在 Excel 中另存为“CSV UTF-8”或“CSV（逗号分隔）”");
    return FALSE;
  }
  gboolean bom = length >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0;
  const char *body = bom ? data + 3 : data;
  gsize body_length = bom ? length - 3 : length;
  gsize first_invalid, multibyte, invalid = 0;
  /* utf8_valid is the fast path; like g_utf8_validate_len it refuses NUL bytes, which the
   * slow scan allows (they are reported per cell later) */
  if (!utf8_valid(body, body_length)) {
    if (mostly_nul(data, length, err_line, err_column, error))
      return FALSE;
    invalid = scan_utf8(body, body_length, bom, &first_invalid, &multibyte);
  }
  if (invalid == 0) {
    *encoding = bom ? "UTF-8-BOM" : "UTF-8";
    *text = body;
    *text_length = body_length;
    return TRUE;
  }
  /* A BOM, or plenty of good Chinese UTF-8 around a few bad bytes, means a damaged UTF-8
   * file, not a GBK one: GBK text fails UTF-8 at nearly every Chinese character. */
  if (bom || multibyte >= 8 * invalid) {
    gsize offset = first_invalid + (bom ? 3 : 0);
    text_place(data, offset, err_line, err_column);
    g_set_error(error, RD_INGEST_ERROR, RD_INGEST_ERROR_ENCODING,
                "UTF-8 编码错误（字节偏移 %" G_GSIZE_FORMAT "，共 %" G_GSIZE_FORMAT
                " 处）：文件可能已损坏或混合了两种编码，请重新导出", offset, invalid);
    return FALSE;
  }
  gsize bytes_read = 0, bytes_written = 0;
  GError *conv_error = NULL;
  char *utf8 = gb18030_two_byte(data, length, &bytes_written);
  if (utf8) {
    *encoding = "GB18030";
    *owned = utf8;
    *text = utf8;
    *text_length = bytes_written;
    return TRUE;
  }
  utf8 = g_convert(data, (gssize)length, "UTF-8", "GB18030", &bytes_read, &bytes_written,
                   &conv_error);
  if (utf8 && bytes_read < length) {
    /* g_convert stops quietly before a character cut off at the end of the input */
    g_clear_pointer(&utf8, g_free);
    g_set_error_literal(&conv_error, G_CONVERT_ERROR, G_CONVERT_ERROR_PARTIAL_INPUT, "");
  }
  if (!utf8) {
    text_place(data, bytes_read, err_line, err_column);
    g_set_error(error, RD_INGEST_ERROR, RD_INGEST_ERROR_ENCODING,
                "既不是 UTF-8 也不是 GB18030/GBK 编码（字节偏移 %" G_GSIZE_FORMAT "%s）", bytes_read,
                conv_error && conv_error->code == G_CONVERT_ERROR_PARTIAL_INPUT
                  ? "，文件末尾的字符不完整，可能被截断" : "");
    g_clear_error(&conv_error);
    return FALSE;
  }
  *encoding = "GB18030";
  *owned = utf8;
  *text = utf8;
  *text_length = bytes_written;
  return TRUE;
}

typedef struct {
  rd_rows *rows;
  int line;                 /* physical line being fed */
  int row_start;
  gboolean row_open;
  gboolean row_ended;       /* the row callback fired during the current line */
} csv_reader;

static void on_field(void *data, size_t length, void *user)
{
  csv_reader *rd = user;
  rd_rows_cell(rd->rows, data, length);
}

static void on_row(int terminator, void *user)
{
  csv_reader *rd = user;
  (void)terminator;
  rd->row_ended = TRUE;
  rd_rows_end(rd->rows, rd->row_start);
}

static gboolean is_blank_line(const char *p, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (p[i] != '\r' && p[i] != '\n')
      return FALSE;
  return TRUE;
}

/* The character that ends lines: LF (also for CRLF), or CR when the first line ends with a
 * lone CR (old Mac exports), so that line numbers still count. */
static char line_end_of(const char *text, gsize length)
{
  const char *cr = memchr(text, '\r', length);
  if (!cr || memchr(text, '\n', (size_t)(cr - text)))
    return '\n';
  return cr + 1 < text + length && cr[1] == '\n' ? '\n' : '\r';
}

/* Feeds text to libcsv line by line. FALSE when libcsv gave up (out of memory). */
static gboolean parse_lines(csv_reader *rd, const char *text, gsize length, int *stopped_at)
{
  struct csv_parser parser;
  csv_init(&parser, CSV_APPEND_NULL);
  const char *p = text, *end = text + length;
  char eol = line_end_of(text, length);
  rd->line = 0;
  while (p < end) {
    const char *nl = memchr(p, eol, (size_t)(end - p));
    const char *stop = nl ? nl + 1 : end;
    rd->line++;
    if (!rd->row_open)
      rd->row_start = rd->line;
    rd->row_ended = FALSE;
    size_t n = (size_t)(stop - p);
    if (csv_parse(&parser, p, n, on_field, on_row, rd) != n) {
      *stopped_at = rd->line;   /* only on out-of-memory: libcsv reports CSV_ENOMEM */
      csv_free(&parser);
      return FALSE;
    }
    if (rd->row_ended)
      rd->row_open = FALSE;
    else if (!is_blank_line(p, n))
      rd->row_open = TRUE;
    p = stop;
  }
  /* Lenient while parsing (stray quotes inside unquoted cells are common in exports), strict
   * at the end: libcsv reports a quoted cell still open at the end of the file only when
   * CSV_STRICT is set together with CSV_STRICT_FINI. */
  csv_set_opts(&parser, CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI);
  if (csv_fini(&parser, on_field, on_row, rd) != 0 && rd->row_open) {
    /* A quoted field never closed: it swallowed everything to the end of the file. */
    int start = rd->row_start;
    if (!rd_rows_have_header(rd->rows)) {
      rd_rows_note(rd->rows, start, 0, 'E',
                   g_strdup_printf("引号未闭合：从第%d行开始直到文件末尾都在一个带引号的单元格内，找不到表头", start));
    } else {
      rd_rows_reject_open(rd->rows, start,
                          g_strdup_printf("引号未闭合：从第%d行开始的单元格直到文件末尾（第%d行）都没有结束引号，"
                                          "其后各行无法分开读取", start, rd->line));
    }
  }
  csv_free(&parser);
  return TRUE;
}

void rd_read_csv(rd_store *st, rd_file_result *res, const rd_ingest_config *cfg,
                 const char *name, const char *data, gsize length)
{
  const char *text = NULL;
  gsize text_length = 0;
  char *owned = NULL;
  res->format = "csv";
  if (!decode(data, length, &res->encoding, &text, &text_length, &owned, &res->error_line,
              &res->error_column, &res->error))
    return;
  res->decoded = TRUE;
  csv_reader rd = { .rows = rd_rows_new(st, res, cfg, name, NULL) };
  int stopped_at = 0;
  if (parse_lines(&rd, text, text_length, &stopped_at)) {
    rd_rows_finish(rd.rows);
  } else {
    rd_rows_free(rd.rows);
    rd_file_result_fail(res, RD_INGEST_ERROR_IO, NULL, stopped_at, 0,
                        "读到第%d行时 CSV 解析器内存不足，文件没有读完", stopped_at);
  }
  g_free(owned);
}
