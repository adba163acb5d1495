/* fuzz_config.h — the reader configuration the ingest fuzz targets share: the project's
 * column aliases and the seven-class taxonomy, loaded once, with the default level and status
 * maps. who names the target in the message when the tables cannot be loaded. */
#ifndef RISKDOC_FUZZ_CONFIG_H
#define RISKDOC_FUZZ_CONFIG_H

#include <stdio.h>
#include <stdlib.h>
#include "ingest.h"

static rd_ingest_config config;

static void init_once_for(const char *who)
{
  if (config.columns)
    return;
  const char *dir = getenv("RISKDOC_SOURCE_DIR");
  if (!dir)
    dir = RISKDOC_DATADIR;
  GError *error = NULL;
  config.columns = rd_columns_load(dir, &error);
  config.taxonomy = rd_taxonomy_load(dir, "seven-classes", &error);
  if (!config.columns || !config.taxonomy) {
    fprintf(stderr, "%s: %s\n", who, error ? error->message : "cannot load tables");
    abort();
  }
  config.levels = rd_valuemap_default_levels();
  config.statuses = rd_valuemap_default_statuses();
}

#endif
