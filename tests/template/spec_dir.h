/* spec_dir.h — where the template tests find the Mustache specification cases: the official
 * conformance suite is kept outside this repository ($RISKDOC_SOURCE_DIR/../shared/
 * conformance/mustache, present where the project is developed). A test that needs it and
 * does not find it says why and exits RD_TEST_SKIPPED, which tests/template.cmake declares
 * as ctest's SKIP_RETURN_CODE. */
#ifndef RISKDOC_TEST_SPEC_DIR_H
#define RISKDOC_TEST_SPEC_DIR_H

#include <glib.h>

#define RD_TEST_SKIPPED 77

/* The folder of the spec's *.json files, or NULL after printing why the test is skipped. */
static inline char *rd_test_mustache_spec_dir(void)
{
  const char *source = g_getenv("RISKDOC_SOURCE_DIR");
  char *dir = g_build_filename(source ? source : ".", "..", "shared", "conformance", "mustache",
                               NULL);
  if (g_file_test(dir, G_FILE_TEST_IS_DIR))
    return dir;
  g_print("SKIP: the Mustache spec cases are not here (%s): they are kept outside the "
          "repository\n", dir);
  g_free(dir);
  return NULL;
}

#endif
