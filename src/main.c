/* riskdoc — turns community risk-hazard ledgers into GB/T 9704 notices and XLSX lists.
 * This file only dispatches to the subcommands (commands.h). */
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>
#include "commands.h"
#include "output.h"

static const struct {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} subcommands[] = {
  { "monthly", rd_cmd_monthly, "月度考评通报: the monthly appraisal bulletin, list and figures" },
  { "event",   rd_cmd_event,   "重大活动责任清单: the pre-event responsibility list and 交办单" },
  { "ledger",  rd_cmd_ledger,  "台账归档: the merged ledger as printable landscape pages" },
  { "check",   rd_cmd_check,   "validate ledgers only: every problem as FILE:LINE:COLUMN" },
  { "typeset", rd_cmd_typeset, "render one plain-text document to a GB/T 9704 PDF" },
};

static void print_usage(FILE *to)
{
  fprintf(to,
    "Usage: riskdoc COMMAND [OPTIONS] INPUT...\n\n"
    "Turns community risk-hazard ledgers (社区风险隐患台账, CSV) into GB/T 9704 notices (PDF)\n"
    "and responsibility lists (XLSX).\n\nCommands:\n");
  for (size_t i = 0; i < G_N_ELEMENTS(subcommands); i++)
    fprintf(to, "  %-8s %s\n", subcommands[i].name, subcommands[i].summary);
  fprintf(to,
    "\nRun 'riskdoc COMMAND --help' for a command's options and an example, e.g.\n"
    "  riskdoc monthly --config templates/office.example.ini --period 2024-05 \\\n"
    "      --previous fixtures/2024-04 fixtures/2024-05\n\n"
    "Exit status: 0 documents written (rejected rows are reported), 1 failure,\n"
    "2 usage or configuration error, 3 --strict and rows were rejected.\n");
}

int main(int argc, char **argv)
{
  /* The user's character set and message language only: numbers, dates and sort order stay
   * the C locale's, so that no locale changes a byte of the outputs (a German LC_NUMERIC
   * made libxlsxwriter write width="6,71"). */
  setlocale(LC_CTYPE, "");
  setlocale(LC_MESSAGES, "");
  rd_output_install_signal_cleanup();
  if (argc < 2) {
    print_usage(stderr);
    return RD_EXIT_USAGE;
  }
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
    print_usage(stdout);
    return RD_EXIT_OK;
  }
  if (!strcmp(argv[1], "--version")) {
    printf("riskdoc %s\n", RISKDOC_VERSION);
    return RD_EXIT_OK;
  }
  for (size_t i = 0; i < G_N_ELEMENTS(subcommands); i++)
    if (!strcmp(argv[1], subcommands[i].name))
      return subcommands[i].run(argc - 1, argv + 1);
  fprintf(stderr, "riskdoc: unknown command '%s'\n\n", argv[1]);
  print_usage(stderr);
  return RD_EXIT_USAGE;
}
