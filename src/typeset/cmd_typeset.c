/* cmd_typeset.c — `riskdoc typeset [--config FILE] [--fonts DIR] -o OUT.pdf DOCUMENT.txt`:
 * renders one plain-text document (docs/typeset.md) to a GB/T 9704 PDF. */
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "output.h"
#include "typeset.h"

static void usage(FILE *to)
{
  fprintf(to,
    "Usage: riskdoc typeset [--config FILE] [--fonts DIR] [-o OUT.pdf] [--quiet] DOCUMENT.txt\n\n"
    "Renders a document written in the plain-text format of docs/typeset.md to a PDF laid out\n"
    "per GB/T 9704-2012. The office profile (--config) fills the fields the document leaves\n"
    "out (发文机关标志, 发文字号, 主送, 署名, 印章, 抄送, 印发机关). Licensed fonts dropped into\n"
    "fonts/ or --fonts DIR win over the free ones; the fonts used are reported on stderr.\n\n"
    "Example:\n"
    "  riskdoc typeset -o notice.pdf templates/examples/001-issued-notice.txt\n");
}

int rd_cmd_typeset(int argc, char **argv)
{
  const char *config = NULL, *fonts = NULL, *out = NULL, *input = NULL;
  gboolean quiet = FALSE;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(stdout);
      return RD_EXIT_OK;
    } else if ((!strcmp(a, "--config") || !strcmp(a, "--fonts") || !strcmp(a, "-o") ||
                !strcmp(a, "--out")) && i + 1 < argc) {
      const char **slot = !strcmp(a, "--config") ? &config : !strcmp(a, "--fonts") ? &fonts : &out;
      *slot = argv[++i];
    } else if (!strcmp(a, "--quiet"))
      quiet = TRUE;
    else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "riskdoc typeset: unknown or incomplete option '%s'\n", a);
      usage(stderr);
      return RD_EXIT_USAGE;
    } else if (!input)
      input = a;
    else {
      fprintf(stderr, "riskdoc typeset: one document at a time ('%s')\n", a);
      return RD_EXIT_USAGE;
    }
  }
  if (!input) {
    usage(stderr);
    return RD_EXIT_USAGE;
  }
  char *out_owned = NULL;
  if (!out) {
    char *base = g_str_has_suffix(input, ".txt") ? g_strndup(input, strlen(input) - 4) : g_strdup(input);
    out_owned = g_strconcat(base, ".pdf", NULL);
    g_free(base);
    out = out_owned;
  }
  int status = RD_EXIT_OK;
  GError *error = NULL;
  char *text = NULL;
  gsize len = 0;
  rd_profile *profile = NULL;
  rd_document *doc = NULL;
  rd_typesetter *ts = NULL;
  if (config && !(profile = rd_profile_load(config, &error))) {
    fprintf(stderr, "riskdoc typeset: %s\n", error->message);
    status = RD_EXIT_USAGE;
    goto done;
  }
  if (!g_file_get_contents(input, &text, &len, &error)) {
    fprintf(stderr, "riskdoc typeset: %s\n", error->message);
    status = RD_EXIT_USAGE;
    goto done;
  }
  if (!(doc = rd_document_parse(text, (gssize)len, input, &error))) {
    fprintf(stderr, "%s\n", error->message);
    status = RD_EXIT_USAGE;
    goto done;
  }
  rd_document_apply_profile(doc, profile);
  rd_typeset_tune_allocator();
  if (!(ts = rd_typesetter_new(RISKDOC_DATADIR, fonts, &error))) {
    fprintf(stderr, "riskdoc typeset: %s\n", error->message);
    status = RD_EXIT_FAILURE;
    goto done;
  }
  int pages = 0;
  char *temp = rd_output_temp_path(out, &error);
  gboolean written = temp && rd_typesetter_render_pdf(ts, doc, temp, &pages, &error) &&
                     rd_output_commit(temp, out, &error);
  if (!written && temp)
    rd_output_abandon(temp);
  g_free(temp);
  if (!written) {
    fprintf(stderr, "riskdoc typeset: %s\n", error->message);
    status = RD_EXIT_FAILURE;
    goto done;
  }
  if (!quiet) {
    char *report = rd_typesetter_font_report(ts);
    fprintf(stderr, "fonts:\n%s", report);
    g_free(report);
    fprintf(stderr, "%s: %d page%s\n", out, pages, pages == 1 ? "" : "s");
  }
  const char *missing = rd_typesetter_missing_chars(ts);
  if (*missing)
    fprintf(stderr, "riskdoc typeset: no font has these characters: %s\n", missing);
done:
  g_clear_error(&error);
  rd_typesetter_free(ts);
  rd_document_free(doc);
  if (profile)
    rd_profile_free(profile);
  g_free(text);
  g_free(out_owned);
  return status;
}
