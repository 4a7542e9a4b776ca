/* Shared by the commands that change the live machine (reclaim, watch, run):
 * they refuse to act on a snapshot, and say "sudo" when not root. */
#ifndef HEADROOM_ACT_H
#define HEADROOM_ACT_H

#include <stdbool.h>

#include "cli.h"

/* 0 when the command may act; otherwise prints one line and returns the exit
 * status: EXIT_USAGE under --root (a snapshot cannot be changed; --dry-run
 * may read it), EXIT_SYSTEM when not root. `needs` names what root is needed
 * for ("writing /proc/sys/vm/drop_caches"). */
int act_check(const struct ctx *ctx, bool dry_run, const char *needs, const char *sudo_args);

#endif
