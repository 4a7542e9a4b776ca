/* The command table, in the order `headroom help` lists them. */
#include "cmd/cmds.h"

const struct command *const commands[] = {
    &cmd_status,
    &cmd_snapshot,
    &cmd_config,
    &cmd_budget,
    &cmd_help,
};
const size_t ncommands = sizeof(commands) / sizeof(commands[0]);
