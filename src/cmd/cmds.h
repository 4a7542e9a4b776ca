/* Every subcommand's table entry; defined in src/cmd/<name>.c and listed in
 * src/cmd/commands.c. */
#ifndef HEADROOM_CMDS_H
#define HEADROOM_CMDS_H

#include "cli.h"

extern const struct command cmd_help;
extern const struct command cmd_status;
extern const struct command cmd_snapshot;
extern const struct command cmd_config;
extern const struct command cmd_budget;

#endif
