/* The command table, in the order `headroom help` lists them. */
#include "cmd/cmds.h"

const struct command *const commands[] = {
    &cmd_doctor, &cmd_status, &cmd_top, &cmd_snapshot, &cmd_help,
};
const size_t ncommands = sizeof(commands) / sizeof(commands[0]);
