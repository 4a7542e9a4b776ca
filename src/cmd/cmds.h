/* Every subcommand's table entry; defined in src/cmd/<name>.c and listed in
 * src/cmd/commands.c. */
#ifndef HEADROOM_CMDS_H
#define HEADROOM_CMDS_H

#include "cli.h"

extern const struct command cmd_doctor;
extern const struct command cmd_help;
extern const struct command cmd_status;
extern const struct command cmd_report;
extern const struct command cmd_snapshot;
extern const struct command cmd_top;
extern const struct command cmd_windows;
extern const struct command cmd_reclaim;
extern const struct command cmd_watch;
extern const struct command cmd_run;
extern const struct command cmd_fit;
extern const struct command cmd_config;
extern const struct command cmd_budget;
extern const struct command cmd_explain;
extern const struct command cmd_audio;
extern const struct command cmd_disk;

/* Set by headroom-watch (src/main-watch.c): `watch` is already running in
 * its own small program and must not look for it again. */
extern bool watch_in_helper;

#endif
