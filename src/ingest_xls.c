/* ingest_xls.c — Excel 97–2003 workbooks (.xls, BIFF8) through libfreexl: its strings come
 * as UTF-8, dates (by their cell format) as "YYYY-MM-DD" texts, numbers as numbers.
 * libfreexl reads files only, so a workbook given as a buffer goes through a temp file.
 * It does not tell hidden sheets apart: they are read like the others. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <freexl.h>
#include <glib/gstdio.h>
#include "ingest_internal.h"

/* An encrypted .xlsx is an OLE file too, holding the zip as this stream (its name as the
 * directory stores it, UTF-16LE). */
static const char encrypted_package[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";

typedef struct {
  const void *handle;
  gboolean date1904;
} xls;

static const char *freexl_problem(int code)
{
  switch (code) {
  case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
    return "这是 Office 97–2003 格式的文件，但其中没有 Excel 工作簿（可能是 Word 文档或其他文件）";
  case FREEXL_INSUFFICIENT_MEMORY:
    return "内存不足";
  case FREEXL_INVALID_CHARACTER:
  case FREEXL_UNSUPPORTED_CHARSET:
    return "工作簿的文字编码无法识别";
  default:
    return "xls 文件已损坏或不是 Excel 97–2003 工作簿";
  }
}

/* The text of a cell; NULL when it is empty. g_free it. */
static char *cell_text(const xls *x, unsigned int row, unsigned short column)
{
  FreeXL_CellValue value;
  if (freexl_get_cell_value(x->handle, row, column, &value) != FREEXL_OK)
    return NULL;
  switch (value.type) {
  case FREEXL_CELL_INT:
    return g_strdup_printf("%d", value.value.int_value);
  case FREEXL_CELL_DOUBLE:
    return rd_number_text(value.value.double_value, FALSE, x->date1904);
  case FREEXL_CELL_DATETIME:
    /* a date with a time of midnight is a date, as the .xlsx reader gives it */
    if (value.value.text_value && g_str_has_suffix(value.value.text_value, " 00:00:00"))
      return g_strndup(value.value.text_value, 10);
    return g_strdup(value.value.text_value ? value.value.text_value : "");
  case FREEXL_CELL_TEXT:
  case FREEXL_CELL_SST_TEXT:
  case FREEXL_CELL_DATE:
  case FREEXL_CELL_TIME:
    return g_strdup(value.value.text_value ? value.value.text_value : "");
  default:
    return NULL;
  }
}

static gboolean read_sheet(rd_rows *rows, guint sheet, gboolean probe, void *user)
{
  xls *x = user;
  unsigned int n_rows = 0;
  unsigned short n_columns = 0;
  if (freexl_select_active_worksheet(x->handle, (unsigned short)sheet) != FREEXL_OK ||
      freexl_worksheet_dimensions(x->handle, &n_rows, &n_columns) != FREEXL_OK)
    return TRUE;   /* nothing to read: an empty sheet */
  for (unsigned int r = 0; r < n_rows; r++) {
    for (unsigned short c = 0; c < n_columns; c++) {
      char *text = cell_text(x, r, c);
      rd_rows_cell(rows, text ? text : "", text ? strlen(text) : 0);
      g_free(text);
    }
    rd_rows_end(rows, (int)r + 1);
    if (probe && rd_rows_have_header(rows) && !rd_rows_header_complete(rows))
      break;
  }
  return TRUE;
}

static void read_path(rd_store *st, rd_file_result *res, const rd_ingest_config *cfg,
                      const char *name, const char *path)
{
  xls x = { 0 };
  int status = freexl_open(path, &x.handle);
  unsigned int info = 0;
  if (status == FREEXL_OK && freexl_get_info(x.handle, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK &&
      info == FREEXL_BIFF_OBFUSCATED) {
    rd_file_result_fail(res, RD_INGEST_ERROR_FORMAT, NULL, 0, 0,
                        "工作簿设置了密码（已加密），无法读取：请在 Excel 或 WPS 中取消密码后另存");
  } else if (status == FREEXL_OK &&
             (freexl_get_info(x.handle, FREEXL_BIFF_VERSION, &info) != FREEXL_OK ||
              info != FREEXL_BIFF_VER_8)) {
    rd_file_result_fail(res, RD_INGEST_ERROR_FORMAT, NULL, 0, 0,
                        "这是 Excel 5.0/95 或更早格式的工作簿（BIFF%u），只能读取 Excel 97–2003（BIFF8）"
                        "或更新的格式：请另存为“Excel 工作簿（*.xlsx）”", info);
  } else if (status != FREEXL_OK) {
    rd_file_result_fail(res, RD_INGEST_ERROR_FORMAT, NULL, 0, 0, "%s（libfreexl 错误 %d）：请重新导出",
                        freexl_problem(status), status);
  } else {
    if (freexl_get_info(x.handle, FREEXL_BIFF_DATEMODE, &info) == FREEXL_OK)
      x.date1904 = info == FREEXL_BIFF_DATEMODE_1904;
    unsigned int n = 0;
    freexl_get_info(x.handle, FREEXL_BIFF_SHEET_COUNT, &n);
    rd_sheet_info *sheets = g_new0(rd_sheet_info, n + 1);
    for (unsigned int i = 0; i < n; i++) {
      const char *sheet_name = NULL;
      if (freexl_get_worksheet_name(x.handle, (unsigned short)i, &sheet_name) != FREEXL_OK ||
          !sheet_name)
        sheets[i].name = g_strdup_printf("Sheet%u", i + 1);
      else
        sheets[i].name = g_strdup(sheet_name);
    }
    rd_read_sheets(st, res, cfg, name, sheets, n, read_sheet, &x);
    for (unsigned int i = 0; i < n; i++)
      g_free(sheets[i].name);
    g_free(sheets);
  }
  freexl_close(x.handle);   /* even after a failed open, as libfreexl asks */
}

void rd_read_xls(rd_store *st, rd_file_result *res, const rd_ingest_config *cfg,
                 const char *name, const char *path, const char *data, gsize length)
{
  res->format = "xls";
  res->encoding = "UTF-16LE";   /* BIFF8 strings */
  if (memmem(data, length, encrypted_package, sizeof encrypted_package - 1)) {
    rd_file_result_fail(res, RD_INGEST_ERROR_FORMAT, NULL, 0, 0,
                        "工作簿设置了打开密码（已加密），无法读取：请在 Excel 或 WPS 中取消密码后另存");
    return;
  }
  if (path) {
    read_path(st, res, cfg, name, path);
    return;
  }
  GError *error = NULL;
  char *temp = NULL;
  int fd = g_file_open_tmp("riskdoc-XXXXXX.xls", &temp, &error);
  gboolean written = fd >= 0 && write(fd, data, length) == (gssize)length;
  if (fd >= 0)
    written = close(fd) == 0 && written;
  if (written)
    read_path(st, res, cfg, name, temp);
  else
    rd_file_result_fail(res, RD_INGEST_ERROR_IO, NULL, 0, 0, "无法写临时文件来读取 xls：%s",
                        error ? error->message : g_strerror(errno));
  if (temp) {
    g_unlink(temp);
    g_free(temp);
  }
  g_clear_error(&error);
}
