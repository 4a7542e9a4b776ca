/* What `headroom windows`'s two files share: windows.c (status, the
 * dispatch) and windows-script.c (the tuning script and its undo). */
#ifndef HEADROOM_CMD_WINDOWS_H
#define HEADROOM_CMD_WINDOWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "win/host.h"

/* the options, as the command table parsed them */
struct windows_args {
    struct opt_list apply;
    bool recommended, dry_run;
    const char *output, *undo;
};
extern struct windows_args win_args;

/* An untrusted string (host data) made safe to print. */
const char *win_san(const char *s, char *buf, size_t n);
/* Loads the host data; on failure reports it and returns the exit status. */
int win_load_host(struct ctx *ctx, struct win_host *h);
/* rows of each table in windows status */
#define WIN_TOP_ROWS 8
/* windows status: GPU memory by process and the page file (windows-gpu.c) */
void win_print_gpu_pagefile(FILE *f, const struct win_host *h);
/* windows status: the microphone consent (windows-consent.c) */
void win_print_consent(FILE *f, const struct win_host *h);
struct json;
struct win_item;
/* One catalogue item and what this host's data says of it, as JSON. */
void win_item_json(struct json *j, const struct win_item *it, const struct win_host *h);
/* windows script */
int windows_run_script(struct ctx *ctx, int argc, char **argv);

#endif
