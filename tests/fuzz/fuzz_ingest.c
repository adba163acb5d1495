/* libFuzzer target over the file reader and the normalisers: any bytes as a ledger file must
 * give records, rejects or a clear error — never a crash, a leak, or rows read ≠ used +
 * rejected. Built with clang when RISKDOC_FUZZ is on; tests/fuzz.cmake runs it for a fixed
 * time from the seed corpus in tests/fuzz/corpus/. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aggregate.h"
#include "ingest.h"
#include "rejects.h"
#include "fuzz_config.h"


static void fuzz_normalisers(const uint8_t *data, size_t size)
{
  char *text = g_utf8_make_valid((const char *)data, (gssize)MIN(size, 256));
  g_free(rd_fold(text));
  (void)rd_parse_date(text);
  g_strfreev(rd_split_units(text));
  (void)rd_valuemap_lookup(config.levels, text);
  (void)rd_taxonomy_match(config.taxonomy, text);
  g_free(rd_trim(g_strdup(text)));
  g_free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  init_once_for("fuzz_ingest");
  fuzz_normalisers(data, size);

  rd_dataset *ds = rd_dataset_new();
  GError *error = NULL;
  if (!rd_ingest_buffer(ds, &config, "fuzz.csv", (const char *)data, size, &error)) {
    if (!error || !strstr(error->message, "fuzz.csv:"))
      abort();   /* a file-level error must name the file, line and column */
    g_clear_error(&error);
  }
  if (!rd_dataset_check_balance(ds, &error))
    abort();
  GString *csv = rd_rejects_to_csv(ds);
  g_string_free(csv, TRUE);
  rd_period period;
  rd_period_parse_month("2024-05", &period);
  rd_scoring scoring = { { 5, 3, 1 }, 2 };
  rd_aggregate *agg = rd_aggregate_compute(ds, config.taxonomy->n_categories, &scoring, &period);
  if (agg->totals.total != ds->used)
    abort();
  rd_aggregate_free(agg);
  rd_dataset_free(ds);
  return 0;
}
