/* libFuzzer target over the .xlsx reader: zip and XML from the fuzzer must give records,
 * rejects or a clear error naming the file — never a crash, a leak, or rows read ≠ used +
 * rejected. An input starting with "PK" is taken as the whole .xlsx; any other is split at
 * NUL bytes into the parts of a workbook (sheet, shared strings, styles, workbook), zipped
 * here, so that the fuzzer works on the XML rather than on deflate. Built with clang when
 * RISKDOC_FUZZ is on; tests/fuzz.cmake runs it for a fixed time from tests/fuzz/corpus_xlsx/. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include "ingest.h"
#include "rejects.h"
#include "fuzz_config.h"


static const char workbook[] =
  "<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
  "<sheets><sheet name=\"台账\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels[] =
  "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
  "<Relationship Id=\"rId2\" Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
  "<Relationship Id=\"rId3\" Type=\"x/styles\" Target=\"styles.xml\"/></Relationships>";

/* The parts zipped (stored, not deflated) into a new buffer; NULL if libzip fails. */
static GBytes *zip_parts(const uint8_t *data, size_t size)
{
  const char *names[] = { "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml",
                          "xl/workbook.xml" };
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t *out = zip_source_buffer_create(NULL, 0, 0, &error);
  zip_source_keep(out);
  zip_t *z = zip_open_from_source(out, ZIP_TRUNCATE, &error);
  zip_error_fini(&error);
  if (!z) {
    zip_source_free(out);
    zip_source_free(out);
    return NULL;
  }
  const uint8_t *p = data, *end = data + size;
  gboolean have_workbook = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS(names) && p <= end; i++) {
    const uint8_t *nul = memchr(p, 0, (size_t)(end - p));
    const uint8_t *stop = nul ? nul : end;
    zip_source_t *part = zip_source_buffer(z, p, (zip_uint64_t)(stop - p), 0);
    zip_int64_t index = part ? zip_file_add(z, names[i], part, ZIP_FL_OVERWRITE) : -1;
    if (index < 0)
      zip_source_free(part);
    else
      zip_set_file_compression(z, (zip_uint64_t)index, ZIP_CM_STORE, 0);
    have_workbook |= i == 3;
    p = stop + 1;
    if (!nul)
      break;
  }
  if (!have_workbook)
    zip_file_add(z, names[3], zip_source_buffer(z, workbook, strlen(workbook), 0), 0);
  zip_file_add(z, "xl/_rels/workbook.xml.rels", zip_source_buffer(z, rels, strlen(rels), 0), 0);
  if (zip_close(z) != 0) {
    zip_discard(z);
    zip_source_free(out);
    return NULL;
  }
  zip_stat_t st;
  GBytes *bytes = NULL;
  if (zip_source_stat(out, &st) == 0 && zip_source_open(out) == 0) {
    char *buffer = g_malloc(st.size + 1);
    zip_int64_t n = zip_source_read(out, buffer, st.size);
    zip_source_close(out);
    if (n >= 0)
      bytes = g_bytes_new_take(buffer, (gsize)n);
    else
      g_free(buffer);
  }
  zip_source_free(out);
  return bytes;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  init_once_for("fuzz_xlsx");
  GBytes *bytes = size >= 2 && data[0] == 'P' && data[1] == 'K' ? g_bytes_new(data, size)
                                                               : zip_parts(data, size);
  if (!bytes)
    return 0;
  gsize length;
  const char *book = g_bytes_get_data(bytes, &length);
  rd_dataset *ds = rd_dataset_new();
  GError *error = NULL;
  if (!rd_ingest_buffer(ds, &config, "fuzz.xlsx", book, length, &error)) {
    if (!error || !strstr(error->message, "fuzz.xlsx:"))
      abort();   /* a file-level error must name the file */
    g_clear_error(&error);
  }
  if (!rd_dataset_check_balance(ds, &error))
    abort();
  g_string_free(rd_rejects_to_csv(ds), TRUE);
  for (guint i = 0; i < ds->problems->len; i++)
    g_free(rd_problem_location(g_ptr_array_index(ds->problems, i)));
  rd_dataset_free(ds);
  g_bytes_unref(bytes);
  return 0;
}
