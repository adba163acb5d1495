/* Placeholder until the typesetting engine lands (issue 3). */
#include <stdio.h>
#include "commands.h"

int rd_cmd_typeset(int argc, char **argv)
{
  (void)argc; (void)argv;
  fprintf(stderr, "riskdoc typeset: not available yet\n");
  return RD_EXIT_FAILURE;
}
