/* commands.h — the subcommands of riskdoc. Each takes the arguments after its name
 * (argv[0] is the subcommand) and returns the process exit status (src/jobs/, one file each):
 * 0 documents written, 1 other failure, 2 usage or configuration error, 3 --strict and rows
 * were rejected. */
#ifndef RISKDOC_COMMANDS_H
#define RISKDOC_COMMANDS_H

enum { RD_EXIT_OK = 0, RD_EXIT_FAILURE = 1, RD_EXIT_USAGE = 2, RD_EXIT_REJECTED = 3 };

int rd_cmd_check(int argc, char **argv);
int rd_cmd_monthly(int argc, char **argv);
int rd_cmd_event(int argc, char **argv);
int rd_cmd_ledger(int argc, char **argv);
int rd_cmd_typeset(int argc, char **argv);

#endif
