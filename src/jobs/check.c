/* check.c — `riskdoc check`: validate ledgers, print every problem, write the rejects file. */
#include "job.h"

static const char check_summary[] =
  "Reads community ledgers exactly as the document jobs do and reports every problem as\n"
  "FILE:LINE:COLUMN: message (LINE = the line an editor shows, COLUMN = the CSV column,\n"
  "1 = A in Excel), or FILE:SHEET!CELL: message in .xlsx/.xls workbooks. Writes rejects.csv\n"
  "(the rows that would not be used, with reasons) and summary.json into the output folder.\n"
  "Writes no documents.";

static const char check_description[] =
  "Example:\n"
  "  riskdoc check --config templates/office.example.ini fixtures/2024-05\n\n"
  "Without --config the default level/status mappings and the seven-class taxonomy apply.\n\n"
  "Exit status: 0 every row is usable; 3 some rows were rejected (see rejects.csv);\n"
  "1 a file could not be read at all (encoding, I/O); 2 usage or configuration error.";

int rd_cmd_check(int argc, char **argv)
{
  return rd_job_run("check", RD_JOB_CONFIG_OPTIONAL | RD_JOB_PRINT_EVERY_PROBLEM | RD_JOB_REJECTS_FAIL,
                    check_summary, check_description, NULL, argc, argv);
}
