/* fuzz_typesetter.h — the typesetter the layout fuzz targets share: the project's fonts and
 * templates, loaded once per process (libFuzzer calls the target millions of times). who
 * names the target in the message when it cannot be made. */
#ifndef RISKDOC_FUZZ_TYPESETTER_H
#define RISKDOC_FUZZ_TYPESETTER_H

#include <stdio.h>
#include <stdlib.h>
#include "typeset/typeset.h"

static rd_typesetter *ts;

static void init_once_for(const char *who)
{
  if (ts)
    return;
  const char *dir = getenv("RISKDOC_SOURCE_DIR");
  GError *error = NULL;
  ts = rd_typesetter_new(dir ? dir : RISKDOC_DATADIR, NULL, &error);
  if (!ts) {
    fprintf(stderr, "%s: %s\n", who, error->message);
    abort();
  }
}

#endif
