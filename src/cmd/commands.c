/* The command table, in the order `headroom help` lists them. */
#include "cmd/cmds.h"

/* clang-format off: one command per line keeps additions easy to merge */
// clang-format off
const struct command *const commands[] = {
    &cmd_doctor,
    &cmd_status,
    &cmd_fit,
    &cmd_config,
    &cmd_budget,
    &cmd_reclaim,
    &cmd_watch,
    &cmd_run,
    &cmd_windows,
    &cmd_disk,
    &cmd_top,
    &cmd_audio,
    &cmd_explain,
    &cmd_report,
    &cmd_snapshot,
    &cmd_help,
};
// clang-format on
const size_t ncommands = sizeof(commands) / sizeof(commands[0]);
